//! Auth plugin.
pub fn authenticate(user: &str) -> bool {
    plugin_audit::audit(user) > 0
}
