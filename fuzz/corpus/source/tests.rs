//! Declared `#[cfg(test)] mod tests;` in lib.rs: test-only, out of scope.
use std::fs;

#[test]
fn reads_a_fixture() {
    let _ = fs::read("fixture.bin"); //~ ok ambient
}

pub fn helper_for_tests() {
    let _ = std::env::var("TEST_DIR"); //~ ok ambient
}
