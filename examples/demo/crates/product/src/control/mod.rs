//! The control plane: high-impact operations, written the Cx-first way.
pub mod clock;
pub mod rollout;
