//! Trait methods count; methods of trait impls have the trait's signature: never reported.
use asupersync::Cx;

pub trait Ops {
    async fn migrate(&self, n: u8); //~ cx-first
    async fn checked(&self, cx: &Cx); //~ ok cx-first
    fn sync_not_selected(&self, n: u8); //~ ok cx-first
}

pub struct Node;

impl Ops for Node {
    async fn migrate(&self, n: u8) {} //~ ok cx-first
    async fn checked(&self, cx: &Cx) {} //~ ok cx-first
    fn sync_not_selected(&self, n: u8) {} //~ ok cx-first
}
