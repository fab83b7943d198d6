//! `attestation` evidence: a DSSE envelope (or JSON lines of them, as `release` writes
//! `.intoto.jsonl`; a Sigstore bundle's `dsseEnvelope` too) in which every envelope carries a
//! signature over `PAE(payloadType, payload)` that verifies with an acceptable policy key: the
//! claim's `key`, else any unexpired release-signer or evidence-recorder key.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use camino::Utf8Path;
use gate_core::policy::{Policy, Role};
use gate_core::sign::dsse::pae;
use gate_core::sign::keys::verify_b64;
use gate_core::time::Instant;
use serde_json::Value;

/// Judges the attestation in `bytes`.
pub(super) fn judge(
    path: &Utf8Path,
    bytes: &[u8],
    policy: &Policy,
    key: Option<&str>,
    now: Instant,
) -> Result<String, String> {
    let keys = acceptable_keys(policy, key, now)?;
    let envelopes = envelopes(path, bytes)?;
    let mut signers: Vec<&str> = Vec::new();
    for (i, envelope) in envelopes.iter().enumerate() {
        let at = if envelopes.len() > 1 { format!("envelope {} of `{path}`", i + 1) } else { format!("`{path}`") };
        let (payload_type, payload, sigs) =
            fields(envelope).map_err(|e| format!("{at} is not a DSSE envelope: {e}"))?;
        if payload.is_empty() {
            return Err(format!("{at} has an empty payload: it proves nothing"));
        }
        let message = pae(payload_type, &payload);
        let signer = keys.iter().find(|(_, public)| sigs.iter().any(|sig| verify_b64(public, &message, sig).is_ok()));
        match signer {
            Some((id, _)) => signers.push(id),
            None => {
                let ids: Vec<&str> = keys.iter().map(|(id, _)| *id).collect();
                return Err(format!("no signature in {at} verifies with the policy keys {}", ids.join(", ")));
            }
        }
    }
    signers.sort_unstable();
    signers.dedup();
    let count = envelopes.len();
    let what = if count == 1 { "1 envelope".to_owned() } else { format!("{count} envelopes") };
    Ok(format!("{what} in `{path}` signed by {}", signers.join(", ")))
}

fn acceptable_keys<'p>(
    policy: &'p Policy,
    key: Option<&str>,
    now: Instant,
) -> Result<Vec<(&'p str, [u8; 32])>, String> {
    let today = now.date();
    let mut lapsed = Vec::new();
    let mut keys = Vec::new();
    for k in &policy.keys {
        let eligible = match key {
            Some(id) => k.id == id,
            None => k.roles.iter().any(|r| matches!(r, Role::ReleaseSigner | Role::EvidenceRecorder)),
        };
        if !eligible {
            continue;
        }
        match k.expires {
            Some(expires) if expires < today => lapsed.push(format!("`{}` expired on {expires}", k.id)),
            _ => keys.push((k.id.as_str(), k.public)),
        }
    }
    if keys.is_empty() {
        let why = if lapsed.is_empty() {
            "the policy has no release-signer or evidence-recorder key to verify it with".to_owned()
        } else {
            format!("no usable policy key: {}", lapsed.join(", "))
        };
        return Err(why);
    }
    Ok(keys)
}

/// The envelopes in the file: one JSON document, or one per non-empty line.
fn envelopes(path: &Utf8Path, bytes: &[u8]) -> Result<Vec<Value>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("`{path}` is not UTF-8 JSON"))?;
    if text.trim().is_empty() {
        return Err(format!("`{path}` is empty: it proves nothing"));
    }
    let docs: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(doc) => vec![doc],
        Err(whole) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, line)| {
                serde_json::from_str(line).map_err(|_| format!("`{path}` is not JSON: {whole} (line {})", i + 1))
            })
            .collect::<Result<_, _>>()?,
    };
    Ok(docs.into_iter().map(|d| d.get("dsseEnvelope").cloned().unwrap_or(d)).collect())
}

/// `payloadType`, the decoded payload and the signatures' `sig` values.
fn fields(envelope: &Value) -> Result<(&str, Vec<u8>, Vec<&str>), String> {
    let payload_type = envelope.get("payloadType").and_then(Value::as_str).ok_or("no string `payloadType`")?;
    let payload = envelope.get("payload").and_then(Value::as_str).ok_or("no string `payload`")?;
    let payload = BASE64.decode(payload).map_err(|_| "`payload` is not standard base64")?;
    let sigs: Vec<&str> = envelope
        .get("signatures")
        .and_then(Value::as_array)
        .ok_or("no `signatures` array")?
        .iter()
        .filter_map(|s| s.get("sig").and_then(Value::as_str))
        .collect();
    if sigs.is_empty() {
        return Err("it has no signature".to_owned());
    }
    Ok((payload_type, payload, sigs))
}
