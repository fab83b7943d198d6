//! The validated policy: what every rule reads. Built by [`super::load`] from `policies/*.toml`.

use std::collections::BTreeMap;

use camino::Utf8PathBuf;

use crate::edge::EdgeKinds;
use crate::finding::Level;
use crate::glob::GlobSet;
use crate::time::Date;

/// Where a policy item was written, for messages that point back at it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// Policy file, relative to the workspace root.
    pub file: Utf8PathBuf,
    /// 1-based line.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The whole policy of a workspace, merged from every policy file.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// The files it was read from, in the order read.
    pub files: Vec<Utf8PathBuf>,
    /// SHA-256 (hex) over every policy file's name and text: what caches are keyed by.
    pub digest: String,
    /// `[[layer]]`, lowest first.
    pub layers: Vec<Layer>,
    /// `[layers] dev`: whether dev-dependency edges are checked against layers (default true).
    pub layers_dev: bool,
    /// `[[forbid]]`.
    pub forbids: Vec<Forbid>,
    /// `[[independent]]`.
    pub independents: Vec<Independent>,
    /// `[[protect]]`.
    pub protects: Vec<Protect>,
    /// `[[substrate]]`.
    pub substrates: Vec<Substrate>,
    /// `[cx_first]`.
    pub cx_first: Option<CxFirst>,
    /// `[ambient]`.
    pub ambient: Option<Ambient>,
    /// `[levels]`: rule id or prefix → level.
    pub levels: Vec<LevelSetting>,
    /// `[waivers]`.
    pub waivers: WaiverPolicy,
    /// `[[key]]`.
    pub keys: Vec<TrustedKey>,
    /// `[claims]`.
    pub claims: ClaimsPolicy,
    /// `[release]`.
    pub release: Option<ReleasePolicy>,
}

impl Policy {
    /// Whether the policy defines no rule at all.
    #[must_use]
    pub fn has_no_rules(&self) -> bool {
        self.layers.is_empty()
            && self.forbids.is_empty()
            && self.independents.is_empty()
            && self.protects.is_empty()
            && self.substrates.is_empty()
            && self.cx_first.is_none()
            && self.ambient.is_none()
    }
}

/// One `[[layer]]`.
#[derive(Clone, Debug)]
pub struct Layer {
    /// Layer name.
    pub name: String,
    /// Crate-name globs of its members.
    pub crates: GlobSet,
    /// Where it was defined.
    pub origin: Origin,
}

/// One `[[forbid]]`: edges from `from` to `to` are findings.
#[derive(Clone, Debug)]
pub struct Forbid {
    /// Rule id suffix: the rule is `forbid/<id>`.
    pub id: String,
    /// Crates the edge starts from.
    pub from: GlobSet,
    /// Crates the edge may not reach.
    pub to: GlobSet,
    /// Whether paths through other crates count.
    pub transitive: bool,
    /// Edge kinds checked.
    pub kinds: EdgeKinds,
    /// Why, shown in the finding.
    pub reason: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// One `[[independent]]`: no member of the group depends on another.
#[derive(Clone, Debug)]
pub struct Independent {
    /// Rule id suffix.
    pub id: String,
    /// The group.
    pub crates: GlobSet,
    /// Whether paths through other crates count.
    pub transitive: bool,
    /// Edge kinds checked.
    pub kinds: EdgeKinds,
    /// Why.
    pub reason: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// One `[[protect]]`: only `allow` crates may depend on `crates`.
#[derive(Clone, Debug)]
pub struct Protect {
    /// Rule id suffix.
    pub id: String,
    /// The protected crates.
    pub crates: GlobSet,
    /// Who may depend on them.
    pub allow: GlobSet,
    /// Whether only direct edges are banned (default true).
    pub direct_only: bool,
    /// Edge kinds checked.
    pub kinds: EdgeKinds,
    /// Why.
    pub reason: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// One `[[substrate]]`: the mandated crate for a concern and the alternatives it replaces.
#[derive(Clone, Debug)]
pub struct Substrate {
    /// Rule id suffix.
    pub id: String,
    /// The mandated crate.
    pub required: String,
    /// Banned alternatives (crate-name globs).
    pub alternatives: GlobSet,
    /// Members the rule applies to (`None`: every member).
    pub applies_to: Option<GlobSet>,
    /// Whether alternatives reached through other crates count.
    pub transitive: bool,
    /// Edge kinds checked.
    pub kinds: EdgeKinds,
    /// Why.
    pub reason: Option<String>,
    /// Source modules that must go through the substrate.
    pub paths: GlobSet,
    /// Paths those modules may not reach (resolved like `[ambient]`).
    pub banned: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// Which functions `[cx_first]` selects by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CxSelect {
    /// Public async functions.
    PubAsync,
    /// Every async function.
    Async,
    /// Every public function.
    Pub,
}

/// `[cx_first]`.
#[derive(Clone, Debug)]
pub struct CxFirst {
    /// Accepted context types, as full paths.
    pub context: Vec<String>,
    /// Files in scope (`None`: every source file of every member).
    pub paths: Option<GlobSet>,
    /// Default selection.
    pub select: CxSelect,
    /// Function-name globs selected whatever their visibility.
    pub names: GlobSet,
    /// Attribute that always selects a function.
    pub attribute: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// `[ambient]`.
#[derive(Clone, Debug)]
pub struct Ambient {
    /// Files in scope (`None`: every source file of every member).
    pub paths: Option<GlobSet>,
    /// Files exempt from every category.
    pub allow: GlobSet,
    /// Category → denied paths (built-ins with their defaults or replacements, plus extras).
    pub categories: BTreeMap<String, Vec<String>>,
    /// Paths under a denied entry that carry no authority (`pure`: the defaults or a replacement).
    pub pure: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// One `[levels]` entry.
#[derive(Clone, Debug)]
pub struct LevelSetting {
    /// A rule id, `family/*`, or a family name.
    pub pattern: String,
    /// The level.
    pub level: Level,
}

/// `[waivers]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiverPolicy {
    /// A waiver may not live longer than this many days from `created`.
    pub max_days: u32,
    /// `expiring` warning this many days before `expires`.
    pub warn_days: u32,
    /// Distinct trusted approver keys required.
    pub signatures: u32,
}

impl Default for WaiverPolicy {
    fn default() -> Self {
        Self { max_days: 90, warn_days: 14, signatures: 1 }
    }
}

/// What a key may sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Signs waivers.
    WaiverApprover,
    /// Signs release attestations.
    ReleaseSigner,
    /// Records evidence.
    EvidenceRecorder,
}

impl Role {
    /// Every role, with its name in policy files.
    pub const ALL: [(Role, &'static str); 3] = [
        (Role::WaiverApprover, "waiver-approver"),
        (Role::ReleaseSigner, "release-signer"),
        (Role::EvidenceRecorder, "evidence-recorder"),
    ];

    /// The role's name in policy files.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(r, _)| *r == self).map_or("", |(_, n)| n)
    }
}

/// One `[[key]]`: a trusted ed25519 public key.
#[derive(Clone, Debug)]
pub struct TrustedKey {
    /// Key id, as named in signatures.
    pub id: String,
    /// The 32-byte ed25519 public key.
    pub public: [u8; 32],
    /// What it may sign.
    pub roles: Vec<Role>,
    /// Signatures by the key are rejected after this date.
    pub expires: Option<Date>,
    /// Where it was defined.
    pub origin: Origin,
}

/// `[claims]`.
#[derive(Clone, Debug, Default)]
pub struct ClaimsPolicy {
    /// Markdown files scanned for claim language.
    pub scan: Option<GlobSet>,
    /// Extra claim-language triggers.
    pub lexicon_extra: Vec<String>,
    /// Built-in triggers removed.
    pub lexicon_remove: Vec<String>,
}

/// Which claims a release requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseClaims {
    /// Every registered claim.
    All,
    /// These claim ids.
    Ids(Vec<String>),
}

/// `[release]`.
#[derive(Clone, Debug)]
pub struct ReleasePolicy {
    /// Profiles that must evaluate to `pass`.
    pub profiles: Vec<String>,
    /// Claims that must be backed.
    pub claims: ReleaseClaims,
    /// Key id with role `release-signer`.
    pub key: Option<String>,
}
