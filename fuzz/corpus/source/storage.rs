//! Substrate source bans: this module must go through the substrate.
pub fn legacy() {
    let _ = std::fs::read("db.sqlite"); //~ substrate/persistence ambient/fs
    let _ = http::Client { url: "x".into() }; //~ substrate/persistence ambient/net
}
