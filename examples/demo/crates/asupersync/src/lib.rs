//! The runtime: structured concurrency with an explicit capability context.
pub mod cx;
pub use cx::Cx;
