//! The one place that reads the clock (waived: see `waivers/W-0001.toml`).

use std::time::{Duration, Instant};

/// A point in time after which waiting is pointless.
#[derive(Clone, Copy, Debug)]
pub struct Deadline(Instant);

impl Deadline {
    /// `after` from now.
    #[must_use]
    pub fn after(after: Duration) -> Self {
        Self(Instant::now() + after)
    }

    /// Whether the deadline has passed.
    #[must_use]
    pub fn passed(self) -> bool {
        Instant::now() >= self.0
    }
}
