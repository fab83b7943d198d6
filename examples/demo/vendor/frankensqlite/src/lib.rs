//! Stand-in for the real crate: just enough API for the demo to compile.
pub struct Connection;

impl Connection {
    pub fn open_in_memory() -> Self {
        Connection
    }
}
