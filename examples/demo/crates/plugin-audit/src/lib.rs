//! Audit plugin.
pub fn audit(event: &str) -> usize {
    event.len()
}
