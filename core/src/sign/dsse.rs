//! DSSE (Dead Simple Signing Envelope): the pre-authentication encoding that waivers and
//! attestations sign, and the envelope that carries a signed in-toto Statement (PRODUCT.md §8).

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::keys::{keyid, sign_b64, verify_b64, SignatureProblem};

/// `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII decimal.
#[must_use]
pub fn pae(payload_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// One signature of an envelope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeSignature {
    /// The securesystemslib key id of the signing key.
    pub keyid: String,
    /// Standard padded base64 of the ed25519 signature over the PAE.
    pub sig: String,
}

/// A DSSE envelope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Standard padded base64 of the exact payload bytes that were signed.
    pub payload: String,
    /// The payload's media type.
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// The signatures.
    pub signatures: Vec<EnvelopeSignature>,
}

/// Why an envelope does not verify.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeProblem {
    /// The payload is not standard padded base64.
    #[error("the payload is not standard base64")]
    PayloadNotBase64,
    /// No signature carries the key's id.
    #[error("no signature by key {0}")]
    NoSignatureByKey(String),
    /// The key's signature does not verify.
    #[error("the signature by key {keyid} does not verify: {problem}")]
    BadSignature {
        /// The key id.
        keyid: String,
        /// Why.
        problem: SignatureProblem,
    },
}

impl Envelope {
    /// Signs `payload` (exactly these bytes; never re-serialized) with `key`.
    #[must_use]
    pub fn sign(payload_type: &str, payload: &[u8], key: &SigningKey) -> Self {
        let sig = sign_b64(key, &pae(payload_type, payload));
        Self {
            payload: BASE64.encode(payload),
            payload_type: payload_type.to_owned(),
            signatures: vec![EnvelopeSignature { keyid: keyid(&key.verifying_key()), sig }],
        }
    }

    /// The payload bytes.
    ///
    /// # Errors
    /// The payload is not standard padded base64.
    pub fn payload_bytes(&self) -> Result<Vec<u8>, EnvelopeProblem> {
        BASE64.decode(&self.payload).map_err(|_| EnvelopeProblem::PayloadNotBase64)
    }

    /// Verifies the signature whose `keyid` is `key`'s; returns the payload it covers.
    ///
    /// # Errors
    /// No signature by that key, or one that does not verify.
    pub fn verify(&self, key: &VerifyingKey) -> Result<Vec<u8>, EnvelopeProblem> {
        let payload = self.payload_bytes()?;
        let id = keyid(key);
        let signature = self
            .signatures
            .iter()
            .find(|s| s.keyid == id)
            .ok_or_else(|| EnvelopeProblem::NoSignatureByKey(id.clone()))?;
        verify_b64(key.as_bytes(), &pae(&self.payload_type, &payload), &signature.sig)
            .map_err(|problem| EnvelopeProblem::BadSignature { keyid: id, problem })?;
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_dsse_spec_example() {
        // From the DSSE protocol document.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
    }

    #[test]
    fn envelopes_verify_with_their_key_only_and_bind_every_payload_byte() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let other = SigningKey::from_bytes(&[4; 32]);
        let envelope = Envelope::sign("application/vnd.in-toto+json", b"{\"a\":1}", &key);
        assert_eq!(envelope.verify(&key.verifying_key()).unwrap(), b"{\"a\":1}");
        assert!(matches!(envelope.verify(&other.verifying_key()), Err(EnvelopeProblem::NoSignatureByKey(_))));
        let mut flipped = envelope.clone();
        flipped.payload = BASE64.encode(b"{\"a\":2}");
        assert!(matches!(flipped.verify(&key.verifying_key()), Err(EnvelopeProblem::BadSignature { .. })));
        let json = serde_json::to_string(&envelope).unwrap();
        assert!(json.starts_with("{\"payload\":"), "{json}");
        assert_eq!(serde_json::from_str::<Envelope>(&json).unwrap(), envelope);
    }
}
