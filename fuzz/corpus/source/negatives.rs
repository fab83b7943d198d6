//! Nothing in this file is ambient use.
use std::net::TcpStream;
use std::fs::File;

/// A capability received as a parameter is the pattern the rule wants.
pub fn receives(stream: &TcpStream, file: &mut std::fs::File) { //~ ok ambient
    let _ = stream.peer_addr(); //~ ok ambient
    let _ = file;
}

pub struct Holder {
    pub sock: std::net::TcpStream, //~ ok ambient
}

mod net {
    pub fn connect() {}
}

struct Command;
impl Command {
    fn new() -> Self {
        Command
    }
}

pub fn locals_that_share_a_std_name() {
    net::connect(); //~ ok ambient
    let _ = Command::new(); //~ ok ambient
    super::helper(); //~ ok ambient
}

pub fn strings_and_comments() {
    let _ = "std::net::TcpStream::connect"; //~ ok ambient
    // std::fs::read("x") //~ ok ambient
    /* std::process::exit(1) */ //~ ok ambient
}

pub fn not_denied() {
    let _ = std::time::Duration::from_secs(1); //~ ok ambient
    let _ = std::env::consts::OS; //~ ok ambient
    let _: Option<File> = None; //~ ok ambient
    let _ = std::netx::thing(); //~ ok ambient
}

pub fn generic<T: std::io::Read>(t: T) -> T { //~ ok ambient
    t
}

#[cfg(test)]
mod tests {
    #[test]
    fn uses_the_fs() {
        let _ = std::fs::read("x"); //~ ok ambient
    }
}

#[cfg(all(test, unix))]
fn test_helper() {
    let _ = std::net::TcpStream::connect("x"); //~ ok ambient
}

#[test]
fn a_test() {
    std::process::exit(0); //~ ok ambient
}

pub trait Transport {
    fn send(&self, sock: &TcpStream); //~ ok ambient
}

#[cfg(any(test, test))]
fn only_in_tests() {
    let _ = std::fs::read("x"); //~ ok ambient
}
