//! Graph rules: checks on the resolved crate graph (PRODUCT.md §4).

pub mod forbid;
pub mod independent;
pub mod layer;
pub mod protect;
pub mod substrate;

mod walk;

pub(crate) use walk::{empty_scope, touch, violations};
