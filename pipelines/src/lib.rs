//! The pipelines of cargo-gate: `check` and the waivers today, and the release half as it lands.
//! Each one loads its inputs, evaluates them and returns a typed report; none of them prints.

pub mod check;
pub mod claims;
mod error;
pub mod evidence;
pub mod graph;
pub mod init;
pub mod keys;
pub mod load;
pub mod profiles;
pub mod release;
pub mod waivers;

pub use error::Error;
