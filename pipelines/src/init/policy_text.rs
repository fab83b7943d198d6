//! The `policies/gate.toml` that `init` writes: the proposed `[[layer]]`s, and every other section
//! of PRODUCT.md §3 commented out with an example, so the file is also the policy's reference.

use std::fmt::Write as _;

use super::layers::ProposedLayer;

/// Every section but the layers, commented out. Uncommented (the `# ` removed from each line that
/// starts a key or a section), each is a valid policy section, once the `[[key]]`'s placeholder
/// public key is replaced with the one `key new` prints.
const OTHER_SECTIONS: &str = r#"
# [layers]
# dev = false                  # dev-dependency edges are checked too unless this is false

# --- forbidden edges (rule `forbid/<id>`) -----------------------------------
# [[forbid]]
# id = "no-c-sqlite"
# from = ["my-app*"]
# to = ["libsqlite3-sys"]
# transitive = true            # default false: direct edges only
# kinds = ["normal", "build"]  # default: all three
# reason = "the app links no C SQLite, not even through another crate"

# --- independent groups (rule `independent/<id>`) ----------------------------
# [[independent]]
# id = "plugins"
# crates = ["my-plugin-*"]

# --- protected crates (rule `protect/<id>`) ---------------------------------
# [[protect]]
# id = "core"
# crates = ["my-core"]
# allow = ["my-engine", "my-engine-*"]

# --- substrate rules (rule `substrate/<id>`) ---------------------------------
# [[substrate]]
# id = "persistence"
# required = "frankensqlite"
# alternatives = ["rusqlite", "sqlx", "libsqlite3-sys", "diesel"]
# reason = "SQLite persistence must use frankensqlite"
# paths = ["crates/my-app/src/storage/**"]   # modules that must go through the substrate…
# banned = ["std::fs", "rusqlite"]           # …and so may not reach these paths

# --- Cx-first signatures (rule `cx-first`) -----------------------------------
# [cx_first]
# context = ["my_runtime::Cx"]
# paths = ["crates/my-app/src/control/**"]
# select = "pub-async"         # "pub-async" | "async" | "pub"
# names = ["publish*", "migrate*"]

# --- ambient authority (rule ids `ambient/<category>`) ------------------------
# [ambient]
# paths = ["crates/my-app/src/control/**"]
# allow = ["crates/my-app/src/control/clock.rs"]
# (categories net, spawn, process, time, fs, env, entropy have defaults: `cargo gate explain ambient`)

# --- levels: "deny" (error) | "warn" | "allow", per rule id or prefix --------------
# [levels]
# "ambient/time" = "warn"
# "waiver/unused" = "deny"

# --- waivers and the keys that sign them --------------------------------------
# [waivers]
# max_days = 90                # a waiver may not live longer than this from `created`
# warn_days = 14               # `expiring` warning this long before `expires`
# signatures = 1               # distinct trusted approvers required
#
# Paste the entry `cargo gate key new --id ID --out DIR` prints:
# [[key]]
# id = "alice-2026"
# public = "ed25519:<base64 of the 32-byte public key>"
# roles = ["waiver-approver", "release-signer"]
# expires = 2027-06-01

# --- claims in the docs (`cargo gate claims`) ----------------------------------
# [claims]
# scan = ["README.md", "docs/**/*.md"]

# --- the release gate (`cargo gate release`) -----------------------------------
# [release]
# profiles = []                # conformance profiles that must pass
# claims = "all"               # "all" | a list of claim ids that must be backed
# key = "alice-2026"           # a [[key]] with the release-signer role
"#;

/// The policy file: a header, the layers, the commented sections.
#[must_use]
pub fn render(layers: &[ProposedLayer]) -> String {
    let mut out = String::from(
        "# The gate's policy (PRODUCT.md §3, docs/policy.md), written by `cargo gate init`.\n\
         # `cargo gate explain <rule>` documents each rule; `cargo gate graph` draws these layers.\n\
         [gate]\n\
         schema = 1\n\n\
         # --- dependency direction (rule `layer`) -------------------------------------\n\
         # Lowest layer first: a crate may depend on crates of its own layer or a lower one, never a\n\
         # higher one. These layers follow today's dependency graph, so the workspace passes them:\n\
         # rename them for what they are (engine, runtime, product…) and merge the ones that belong\n\
         # together.\n",
    );
    for layer in layers {
        let crates: Vec<String> = layer.crates.iter().map(|c| format!("\"{}\"", toml_escape(c))).collect();
        let _ = write!(out, "[[layer]]\nname = \"{}\"\ncrates = [{}]\n", layer.name, crates.join(", "));
    }
    out.push_str(OTHER_SECTIONS);
    out
}

/// A string as the inside of a TOML basic string.
fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use gate_core::policy::parse_policy_files;
    use gate_core::text::SourceFile;

    fn layer(name: &str, crates: &[&str]) -> ProposedLayer {
        ProposedLayer { name: name.into(), crates: crates.iter().map(|c| (*c).to_owned()).collect() }
    }

    #[test]
    fn the_written_policy_is_valid_and_every_example_is_too() {
        let text = render(&[layer("layer-0", &["core"]), layer("layer-1", &["app", "cli"])]);
        let policy =
            parse_policy_files(vec![SourceFile::new("policies/gate.toml", text.clone())], &lints::rules::Registry)
                .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(policy.layers.len(), 2);
        assert!(policy.forbids.is_empty() && policy.cx_first.is_none(), "the examples are commented out");
        // Uncomment every example except the placeholder key: still a valid policy.
        let examples: String = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.starts_with(['[', '"']) || rest.contains(" = ") => rest,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let example = examples.replace(
            "ed25519:<base64 of the 32-byte public key>",
            "ed25519:sOTg6P9ApDG4Iwl/bdgRH4sausF2Uwk267r6t5/+m+w=",
        );
        let policy = parse_policy_files(vec![SourceFile::new("policies/gate.toml", example)], &lints::rules::Registry)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((policy.forbids.len(), policy.substrates.len()), (1, 1));
        assert!(policy.cx_first.is_some() && policy.ambient.is_some() && !policy.levels.is_empty());
        assert!(policy.release.is_some() && policy.keys.len() == 1);
    }
}
