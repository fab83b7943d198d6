pub mod negative;
pub mod positive;
pub mod traits;
