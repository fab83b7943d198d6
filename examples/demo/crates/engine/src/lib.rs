//! The execution engine.
pub fn run(slot: engine_core::Slot) -> u64 {
    slot.0
}
