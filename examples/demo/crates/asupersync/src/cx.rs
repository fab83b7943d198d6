//! `Cx`: the capability context every high-impact operation takes first.

/// What an operation is allowed to do, passed explicitly instead of reached ambiently.
pub struct Cx {
    now_ms: u64,
}

impl Cx {
    /// A context for tests and examples.
    pub fn for_testing(now_ms: u64) -> Self {
        Self { now_ms }
    }

    /// The time, as the capability grants it.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }
}
