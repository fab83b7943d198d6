//! The policy: `policies/*.toml` read, validated and merged into one [`Policy`].

mod ambient_defaults;
mod load;
mod model;
mod sections;

pub use ambient_defaults::BUILTIN_CATEGORIES;
pub use load::{load_policy, parse_policy_files, KNOWN_RULE_FAMILIES};
pub use model::*;
