//! Names brought in by `use`: renames, groups with `self`, globs, blocks, nested modules,
//! `extern crate … as …`, `self::` and `super::`.
use std::fs::*;
use std::net as n;
use std::{net::{self, TcpStream}, process::Command as Cmd};

extern crate std as s;

pub fn through_imports() {
    let _ = n::UdpSocket::bind("0.0.0.0:0"); //~ ambient/net
    let _ = net::TcpListener::bind("0.0.0.0:0"); //~ ambient/net
    let _ = TcpStream::connect("x"); //~ ambient/net
    let _ = Cmd::new("ls").status(); //~ ambient/process
    let _ = read_to_string("x"); //~ ambient/fs
    let _ = s::env::var("X"); //~ ambient/env
    let _ = self::n::TcpStream::connect("x"); //~ ambient/net
}

pub fn block_scoped_use() {
    use std::time::SystemTime;
    let _ = SystemTime::now(); //~ ambient/time
}

mod nested {
    use std::process::Command;

    pub fn inner() {
        let _ = Command::new("x").spawn(); //~ ambient/process
        let _ = super::n::TcpStream::connect("x"); //~ ambient/net
    }

    mod deeper {
        pub fn no_imports_here() {
            // `Cmd` is imported by the file's root module, which this module does not see.
            let _ = Cmd::new("x"); //~ ok ambient
        }
    }
}
