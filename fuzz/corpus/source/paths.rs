//! Full paths, absolute paths, qualified paths, fn pointers, struct literals, method chains.
pub fn full_paths() {
    let _ = std::net::TcpStream::connect("example.org:80"); //~ ambient/net
    let _ = ::std::env::var("HOME"); //~ ambient/env
    let _ = <std::time::SystemTime>::now(); //~ ambient/time
    let read = std::fs::read; //~ ambient/fs
    let _ = std::process::Command::new("ls").arg("-l").spawn(); //~ ambient/process
    std::process::exit(1); //~ ambient/process
    let _ = std::thread::Builder::new().name("w".into()); //~ ambient/spawn
    std::thread::spawn(|| {}); //~ ambient/spawn
    let _ = std::time::Instant::now(); //~ ambient/time
    let _ = std::env::args(); //~ ambient/env
    std::env::set_var("A", "B"); //~ ambient/env
}

pub async fn crates_io_paths() {
    tokio::spawn(async {}); //~ ambient/spawn
    tokio::task::spawn_blocking(|| {}); //~ ambient/spawn
    let _ = tokio::fs::read("x").await; //~ ambient/fs
    tokio::time::sleep(std::time::Duration::from_secs(1)).await; //~ ambient/time
    let _ = reqwest::get("https://example.org").await; //~ ambient/net
    let _ = rand::random::<u8>(); //~ ambient/entropy
    let _ = chrono::Utc::now(); //~ ambient/time
    getrandom::fill(&mut [0u8; 8]); //~ ambient/entropy
    async_std::task::spawn(async {}); //~ ambient/spawn
}

pub fn struct_literal_and_renamed_dependency() {
    let _ = http::Client { url: String::new() }; //~ ambient/net
}

pub fn std_io() {
    let _ = std::io::stdout(); //~ ambient/output
}

#[cfg(not(test))]
pub fn not_test_is_in_scope() {
    let _ = std::fs::read("x"); //~ ambient/fs
}

#[cfg(any(test, feature = "live"))]
pub fn any_test_or_feature_is_in_scope() {
    let _ = std::env::var("LIVE"); //~ ambient/env
}
