//! Signing: Ed25519 keys, RFC 8785 canonical JSON, and the DSSE pre-authentication encoding that
//! waivers and attestations sign.

pub mod dsse;
pub mod jcs;
pub mod keys;

/// The key types, so that no other crate needs to depend on ed25519-dalek itself.
pub use ed25519_dalek::{SigningKey, VerifyingKey};
