//! The engine's innermost types: only the engine itself may use them.
pub struct Slot(pub u64);
