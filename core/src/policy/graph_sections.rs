//! `[[layer]]`, `[layers]`, `[[forbid]]`, `[[independent]]`, `[[protect]]`, `[[substrate]]`.

use super::fields::{globs, kinds, origin, required_globs, rule_id, rust_paths, section, table, tables};
use super::model::{Forbid, Independent, Layer, Policy, Protect, Substrate};
use crate::config::{ConfigError, TableReader};
use crate::glob::GlobKind;

/// Reads the graph sections of one file into `p`; every error goes to `errors`.
pub(super) fn read(root: &mut TableReader<'_>, p: &mut Policy, errors: &mut Vec<ConfigError>) {
    for mut t in tables(root, "layer", errors) {
        let layer = section(errors, || {
            let name = rule_id(&mut t, "name")?;
            let crates = required_globs(&mut t, "crates", GlobKind::Name)?;
            let layer = Layer { name: name.value, crates, origin: origin(&t) };
            t.finish()?;
            Ok(layer)
        });
        p.layers.extend(layer);
    }
    if let Some(mut t) = table(root, "layers", errors) {
        section(errors, || {
            p.layers_dev = t.bool("dev")?.unwrap_or(true);
            t.finish()
        });
    }
    for t in tables(root, "forbid", errors) {
        p.forbids.extend(section(errors, || read_forbid(t)));
    }
    for t in tables(root, "independent", errors) {
        p.independents.extend(section(errors, || read_independent(t)));
    }
    for t in tables(root, "protect", errors) {
        p.protects.extend(section(errors, || read_protect(t)));
    }
    for mut t in tables(root, "substrate", errors) {
        let substrate = section(errors, || {
            let substrate = read_substrate(&mut t)?;
            t.finish()?;
            Ok(substrate)
        });
        p.substrates.extend(substrate);
    }
}

fn read_forbid(mut t: TableReader<'_>) -> Result<Forbid, ConfigError> {
    let forbid = Forbid {
        id: rule_id(&mut t, "id")?.value,
        from: required_globs(&mut t, "from", GlobKind::Name)?,
        to: required_globs(&mut t, "to", GlobKind::Name)?,
        transitive: t.bool("transitive")?.unwrap_or(false),
        kinds: kinds(&mut t)?,
        reason: t.string("reason")?.map(|s| s.value),
        origin: origin(&t),
    };
    t.finish()?;
    Ok(forbid)
}

fn read_independent(mut t: TableReader<'_>) -> Result<Independent, ConfigError> {
    let independent = Independent {
        id: rule_id(&mut t, "id")?.value,
        crates: required_globs(&mut t, "crates", GlobKind::Name)?,
        transitive: t.bool("transitive")?.unwrap_or(false),
        kinds: kinds(&mut t)?,
        reason: t.string("reason")?.map(|s| s.value),
        origin: origin(&t),
    };
    t.finish()?;
    Ok(independent)
}

fn read_protect(mut t: TableReader<'_>) -> Result<Protect, ConfigError> {
    let protect = Protect {
        id: rule_id(&mut t, "id")?.value,
        crates: required_globs(&mut t, "crates", GlobKind::Name)?,
        allow: globs(&mut t, "allow", GlobKind::Name)?.unwrap_or_default(),
        direct_only: t.bool("direct_only")?.unwrap_or(true),
        kinds: kinds(&mut t)?,
        reason: t.string("reason")?.map(|s| s.value),
        origin: origin(&t),
    };
    t.finish()?;
    Ok(protect)
}

fn read_substrate(t: &mut TableReader<'_>) -> Result<Substrate, ConfigError> {
    let id = rule_id(t, "id")?.value;
    let required = t.required_string("required")?;
    let alternatives = required_globs(t, "alternatives", GlobKind::Name)?;
    if alternatives.matches(&required.value) {
        return Err(
            t.error(required.span, format!("`required` crate `{}` is also listed in `alternatives`", required.value))
        );
    }
    let applies_to = globs(t, "applies_to", GlobKind::Name)?;
    let transitive = t.bool("transitive")?.unwrap_or(false);
    let kinds = kinds(t)?;
    let reason = t.string("reason")?.map(|s| s.value);
    let paths = globs(t, "paths", GlobKind::Path)?.unwrap_or_default();
    let banned = rust_paths(t, "banned")?.unwrap_or_default();
    if paths.is_empty() != banned.is_empty() {
        return Err(t.error(t.span(), "`paths` and `banned` go together: name the modules and what they may not reach"));
    }
    Ok(Substrate {
        id,
        required: required.value,
        alternatives,
        applies_to,
        transitive,
        kinds,
        reason,
        paths,
        banned,
        origin: origin(t),
    })
}
