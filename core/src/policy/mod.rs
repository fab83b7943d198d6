//! The policy: `policies/*.toml` read, validated and merged into one [`Policy`].

mod ambient_defaults;
mod fields;
mod gate_sections;
mod graph_sections;
mod keys;
mod load;
mod model;
mod rule_ids;
mod source_sections;

pub use ambient_defaults::{BUILTIN_CATEGORIES, DEFAULT_PURE};
pub use load::{load_policy, parse_policy_files};
pub use model::*;
pub use rule_ids::{check_rule_id, IdUse, RuleIds, UnknownRuleId};
