//! The product: a control plane over the runtime, with storage.
pub mod control;
pub mod storage;
