//! Paths inside macro invocations, and macros that are ambient themselves.
use tokio::select;

pub async fn in_macros() {
    println!("{}", std::env::var("X").unwrap_or_default()); //~ ambient/output ambient/env
    let _ = format!("{:?}", std::time::Instant::now()); //~ ambient/time
    std::println!("explicit"); //~ ambient/output
    let _ = vec![std::time::SystemTime::now(); 2]; //~ ambient/time
    select! {
        _ = tokio::spawn(async {}) => {} //~ ambient/spawn
    }
    tokio::select! {
        v = async { 1 } => { std::fs::remove_file("x"); } //~ ambient/fs
    }
    assert!(std::env::var_os("X").is_some()); //~ ambient/env
}
