//! Trusted keys must be usable, and distinct: a key that can never verify is a policy error, not a
//! string of later `bad-signature`s, and one public key under two ids would let one approver count
//! twice (PRODUCT.md §5).

use std::collections::BTreeMap;

use super::model::Policy;
use crate::config::ConfigError;

/// Every problem with the policy's `[[key]]` entries.
pub(super) fn check_keys(policy: &Policy) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    let mut first_with: BTreeMap<[u8; 32], &str> = BTreeMap::new();
    for key in &policy.keys {
        let at = |message: String| ConfigError::at_line(key.origin.file.clone(), key.origin.line, message);
        if ed25519_dalek::VerifyingKey::from_bytes(&key.public).is_err() {
            errors.push(
                at(format!("key `{}`: `public` is 32 bytes but not a valid Ed25519 public key", key.id))
                    .with_help("copy the `public` line printed by `cargo gate key new`"),
            );
        }
        if let Some(first) = first_with.insert(key.public, &key.id) {
            errors.push(
                at(format!("keys `{first}` and `{}` have the same public key", key.id))
                    .with_help("one approver is one key: list each public key once"),
            );
        }
    }
    errors
}
