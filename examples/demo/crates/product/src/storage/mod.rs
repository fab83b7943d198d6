//! Storage: frankensqlite is the substrate; the legacy store still uses rusqlite (waived).
pub fn open() -> frankensqlite::Connection {
    frankensqlite::Connection::open_in_memory()
}

pub fn open_legacy() -> db::Connection {
    db::Connection::open_in_memory()
}
