//! Selected functions written the Cx-first way, and functions the selection leaves alone.
use asupersync as rt;
use asupersync::Cx;
use asupersync::Cx as Ctx;

pub struct Caps;
pub struct Fleet;

pub async fn imported(cx: &Cx, n: u32) {} //~ ok cx-first
pub async fn full_path(cx: &asupersync::Cx) {} //~ ok cx-first
pub async fn absolute(cx: &::asupersync::Cx) {} //~ ok cx-first
pub async fn second_context_path(cx: &asupersync::cx::Cx) {} //~ ok cx-first
pub async fn renamed(cx: &Ctx) {} //~ ok cx-first
pub async fn through_crate_alias(cx: &rt::Cx) {} //~ ok cx-first
pub async fn mutable(cx: &mut Cx) {} //~ ok cx-first
pub async fn lifetime<'a>(cx: &'a Cx) {} //~ ok cx-first
pub async fn elided_generic(cx: &Cx<'_>) {} //~ ok cx-first
pub async fn with_caps(cx: &Cx<Caps>) {} //~ ok cx-first
pub async fn self_path(cx: &self::Cx) {}
type Context = asupersync::Cx;
pub async fn through_type_alias(cx: &Context) {} //~ ok cx-first //~ ok cx-first

impl Fleet {
    pub async fn method(&self, cx: &Cx, n: u8) {} //~ ok cx-first
    pub async fn publish_now(&mut self, cx: &mut Cx) {} //~ ok cx-first
    pub fn sync_method(&self, n: u8) {} //~ ok cx-first
}

async fn private_async(n: u8) {} //~ ok cx-first
pub fn public_sync(n: u8) {} //~ ok cx-first
fn private_sync(n: u8) {} //~ ok cx-first

#[cfg(test)]
pub async fn test_only(n: u8) {} //~ ok cx-first

#[cfg(test)]
mod tests {
    pub async fn also_test_only(n: u8) {} //~ ok cx-first
}
