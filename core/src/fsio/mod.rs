//! The one way the gate touches files (PRODUCT.md §11): reads that only accept regular files
//! inside the repository, bounded in size and never blocking on a FIFO or device, and writes that
//! are atomic, so nothing the user wrote is lost.

pub mod inputs;
mod read;
mod stamp;
mod write;

pub use read::{
    read_inside, read_regular, read_text_inside, read_unrecorded, repo_root, ReadError, GATE_FILE_LIMIT,
    SOURCE_FILE_LIMIT,
};
pub use stamp::{Stamp, RACY_WINDOW};
pub use write::{write_atomic, write_secret, WriteError};
