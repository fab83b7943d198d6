//! Reading gate TOML files (policies, waivers, claims, profiles) with spans.
//!
//! Every file type is read in two phases: [`TableReader`] walks the `toml_edit` tree and hands out
//! typed values with their byte spans, remembering which keys were asked for; a key nobody asked
//! for is an error with "did you mean". The typed structs are then validated by their owners.
//! Errors are [`ConfigError`]s: file, line, column, message and the source line, never a panic.

mod entry;
mod error;
mod files;
mod reader;

pub use entry::EntryValue;
pub use error::{did_you_mean, ConfigError};
pub use files::{read_source, toml_files_in};
pub use reader::{ConfigDoc, Spanned, TableReader};
