//! Graph rules: checks on the resolved crate graph (PRODUCT.md §4).

pub(crate) mod forbid;
pub(crate) mod independent;
pub mod layer;
pub(crate) mod partial;
pub(crate) mod protect;
pub(crate) mod substrate;

mod walk;

pub(crate) use walk::{empty_scope, touch, violations};
