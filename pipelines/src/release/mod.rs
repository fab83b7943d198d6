//! The release half (PRODUCT.md §8): `release` checks, evaluates, compiles and packages, and only
//! when everything holds writes signed in-toto attestations; `verify` checks one as a consumer
//! would; `publish` runs `cargo publish` only for `.crate` files an attestation covers.

mod attest;
mod bundle;
mod bundle_digest;
mod consume;
mod gaps;
mod key;
mod package;
mod profiles_step;
mod run;
mod statement;
mod verify;

pub use attest::{envelopes, write_all, Attestation};
pub use bundle::{bundle, BUNDLE_V03};
pub use bundle_digest::{bundle_digest, BundleDigest};
pub use consume::{publish, trusted_keys, verify, PublishReport, PublishRequest, PublishedCrate, VerifyRequest};
pub use gaps::Gap;
pub use key::{release_key, release_policy, signing_key};
pub use package::{crate_digest, package, publishable, PackageOptions, Packaged};
pub use profiles_step::{evaluate_recorded, ProfileOutcome};
pub use run::{default_out_dir, release, ReleaseOptions, ReleaseReport};
pub use statement::{
    payload, release_gate, vsa, InputFile, Subject, Verification, PAYLOAD_TYPE, RELEASE_GATE_V1, VSA_V1,
};
pub use verify::{verify_text, Check, TrustedKey, VerifyInputs, VerifyReport};
