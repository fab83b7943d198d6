//! Selected functions whose first parameter is not a reference to a context type.
use asupersync::Cx;

pub struct Fleet;
pub struct Other;

pub async fn no_params() {} //~ cx-first
pub async fn number_first(n: u32) {} //~ cx-first
pub async fn by_value(cx: Cx) {} //~ cx-first
pub async fn context_second(n: u32, cx: &Cx) {} //~ cx-first
pub async fn wrong_type(cx: &Other) {} //~ cx-first
pub async fn std_type(cx: &std::sync::Mutex<u8>) {} //~ cx-first
pub async fn boxed(cx: &mut Box<Cx>) {} //~ cx-first
pub async fn double_ref(cx: &&Cx) {} //~ cx-first
pub async fn optional(cx: Option<&Cx>) {} //~ cx-first
pub async fn same_name_other_crate(cx: &fake::Cx) {} //~ cx-first
pub async fn local_path(cx: &crate::positive::Other) {} //~ cx-first
pub async unsafe fn unsafe_async(x: u8) {} //~ cx-first
pub async fn pattern_param((a, b): (u8, u8)) {} //~ cx-first
pub async fn underscore(_: u8) {} //~ cx-first
pub async fn generic<T>(t: T) {} //~ cx-first
pub async fn impl_trait(cx: impl AsRef<Cx>) {} //~ cx-first
pub(crate) async fn crate_visible(n: u8) {} //~ ok cx-first
pub async fn multi_line( //~ cx-first
    n: u8,
    cx: &Cx,
) -> u8 {
    n
}

fn publish_release(version: u32) {} //~ cx-first
fn revoke_key(key: &str) {} //~ cx-first
fn migrate_all() {} //~ cx-first
async fn quarantine_node(id: u64) {} //~ cx-first

#[high_impact]
fn risky(n: u8) {} //~ cx-first
#[ops::high_impact]
fn risky_with_path() {} //~ cx-first

impl Fleet {
    pub async fn rollout_now(&self, version: u32) {} //~ cx-first
    pub async fn drain(self) {} //~ cx-first
}

mod inner {
    pub async fn nested_module(n: u8) {} //~ cx-first
}
