//! Signing: Ed25519 keys, RFC 8785 canonical JSON, and the DSSE pre-authentication encoding that
//! waivers and attestations sign.

pub mod dsse;
pub mod jcs;
pub mod keys;
