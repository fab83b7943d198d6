//! The Sigstore bundle v0.3 written beside each attestation, so Sigstore tooling can verify the
//! VSA envelope with the release key (PRODUCT.md §8): key hint, no transparency-log entries.

use gate_core::sign::dsse::Envelope;
use serde_json::{json, Value};

/// The bundle media type.
pub const BUNDLE_V03: &str = "application/vnd.dev.sigstore.bundle.v0.3+json";

/// The bundle for `envelope`, signed by the key whose securesystemslib id is `keyid`.
#[must_use]
pub fn bundle(envelope: &Envelope, keyid: &str) -> Value {
    json!({
        "mediaType": BUNDLE_V03,
        "verificationMaterial": {
            "publicKey": {"hint": keyid},
            "tlogEntries": [],
            "timestampVerificationData": {"rfc3161Timestamps": []},
        },
        "dsseEnvelope": envelope,
    })
}
