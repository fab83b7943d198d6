//! The built-in ambient-authority categories, their default denied paths, and the default pure
//! values beside them (PRODUCT.md §3).
//!
//! Defaults name what carries authority — opening, binding, spawning, reading the clock — not the
//! plain values that live in the same modules (`SocketAddr`, `Ipv4Addr`, `Shutdown`, `Duration`):
//! a team that sees those reported turns the gate off.

/// Category name → paths denied by default. A list under `[ambient]` replaces a category's
/// defaults; `[ambient.extra]` adds to them or defines a new category. An entry matches that path
/// and everything under it.
pub const BUILTIN_CATEGORIES: &[(&str, &[&str])] = &[
    (
        "net",
        &[
            "std::net::TcpStream",
            "std::net::TcpListener",
            "std::net::UdpSocket",
            "std::net::ToSocketAddrs",
            "std::os::unix::net",
            "tokio::net",
            "reqwest",
            "hyper::client",
            "ureq",
            "socket2",
            "mio::net",
        ],
    ),
    (
        "spawn",
        &[
            "std::thread::spawn",
            "std::thread::scope",
            "std::thread::Builder",
            "tokio::spawn",
            "tokio::task::spawn",
            "tokio::task::spawn_blocking",
            "tokio::task::spawn_local",
            "tokio::runtime::Handle::current",
            "tokio::runtime::Runtime::new",
            "tokio::runtime::Builder",
            "async_std::task::spawn",
        ],
    ),
    ("process", &["std::process::Command", "std::process::exit", "std::process::abort", "tokio::process"]),
    (
        "time",
        &[
            "std::time::SystemTime::now",
            "std::time::Instant::now",
            "std::thread::sleep",
            "chrono::Utc::now",
            "chrono::Local::now",
            "chrono::prelude::Utc::now",
            "chrono::prelude::Local::now",
            "tokio::time::sleep",
            "tokio::time::sleep_until",
            "tokio::time::interval",
            "tokio::time::Instant::now",
        ],
    ),
    ("fs", &["std::fs", "tokio::fs"]),
    (
        "env",
        &[
            "std::env::var",
            "std::env::vars",
            "std::env::var_os",
            "std::env::vars_os",
            "std::env::set_var",
            "std::env::remove_var",
            "std::env::current_dir",
            "std::env::set_current_dir",
            "std::env::current_exe",
            "std::env::temp_dir",
            "std::env::home_dir",
            "std::env::args",
            "std::env::args_os",
        ],
    ),
    (
        "entropy",
        &[
            "rand::thread_rng",
            "rand::rng",
            "rand::random",
            "rand::rngs::OsRng",
            "rand::rngs::ThreadRng",
            "getrandom::getrandom",
            "getrandom::fill",
            "uuid::Uuid::new_v4",
            "uuid::Uuid::now_v7",
            "uuid::Uuid::now_v6",
            "uuid::Uuid::now_v1",
        ],
    ),
];

/// Paths under a denied entry that carry no authority (pure values), by default. `[ambient] pure`
/// replaces this list.
pub const DEFAULT_PURE: &[&str] =
    &["std::fs::Permissions", "std::fs::FileTimes", "std::fs::FileType", "std::fs::Metadata"];
