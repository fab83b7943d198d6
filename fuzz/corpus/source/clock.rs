//! Allowed by `[ambient] allow`: the one place that reads the clock.
pub fn now_ms() -> std::time::SystemTime {
    std::time::SystemTime::now() //~ ok ambient
}
