//! The release half (PRODUCT.md §8): `release` checks, evaluates, compiles and packages, and only
//! when everything holds writes signed in-toto attestations; `verify` checks one as a consumer
//! would; `publish` runs `cargo publish` only for `.crate` files an attestation covers.

mod bundle;
mod bundle_digest;
mod package;
mod statement;
mod verify;

pub use bundle::{bundle, BUNDLE_V03};
pub use bundle_digest::{bundle_digest, BundleDigest};
pub use package::{crate_digest, package, publishable, PackageOptions, Packaged};
pub use statement::{
    payload, release_gate, vsa, InputFile, Subject, Verification, PAYLOAD_TYPE, RELEASE_GATE_V1, VSA_V1,
};
pub use verify::{verify_text, Check, TrustedKey, VerifyInputs, VerifyReport};
