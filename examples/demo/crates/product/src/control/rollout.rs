//! Rollouts of new configuration to the fleet.
use asupersync::Cx;

/// Cx-first: the capability context comes first.
pub async fn rollout_config(cx: &Cx, version: u32) -> u64 {
    cx.now_ms() + u64::from(version)
}

/// Not Cx-first: a high-impact operation without its context (a `cx-first` finding).
pub async fn publish_release(version: u32) -> u32 {
    version
}

/// Ambient authority: reads the environment and opens a socket (`ambient/env`, `ambient/net`).
pub fn probe_health() -> bool {
    let target = std::env::var("HEALTH_TARGET").unwrap_or_default();
    std::net::TcpStream::connect(target).is_ok()
}
