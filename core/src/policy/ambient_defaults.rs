//! The built-in ambient-authority categories and their default denied paths (PRODUCT.md §3).

/// Category name → paths denied by default. A list under `[ambient]` replaces a category's
/// defaults; `[ambient.extra]` adds to them or defines a new category.
pub const BUILTIN_CATEGORIES: &[(&str, &[&str])] = &[
    ("net", &["std::net", "tokio::net", "reqwest", "hyper::client", "ureq"]),
    (
        "spawn",
        &[
            "std::thread::spawn",
            "std::thread::Builder",
            "tokio::spawn",
            "tokio::task::spawn",
            "tokio::task::spawn_blocking",
            "async_std::task::spawn",
        ],
    ),
    ("process", &["std::process::Command", "std::process::exit", "tokio::process"]),
    (
        "time",
        &[
            "std::time::SystemTime::now",
            "std::time::Instant::now",
            "chrono::Utc::now",
            "chrono::Local::now",
            "tokio::time::sleep",
        ],
    ),
    ("fs", &["std::fs", "tokio::fs"]),
    (
        "env",
        &[
            "std::env::var",
            "std::env::vars",
            "std::env::var_os",
            "std::env::set_var",
            "std::env::remove_var",
            "std::env::current_dir",
            "std::env::args",
        ],
    ),
    ("entropy", &["rand::thread_rng", "rand::random", "rand::rngs::OsRng", "getrandom::getrandom", "getrandom::fill"]),
];
