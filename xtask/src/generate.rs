//! Synthetic workspaces for the benchmark: layered crates with realistic Rust — module trees
//! (files and directories), a glob prelude, `#[path]` test-support modules, use trees, structs
//! and impls, traits with impls, async functions (some Cx-first, some not), closures, matches,
//! macros, and ambient calls (files, environment, threads, network, processes, clocks) sprinkled
//! as real code has them — so that every rule has work to do, and so does `cargo capsec audit`.

use std::fmt::Write as _;
use std::path::Path;

/// A deterministic pseudo-random sequence (no dependency, same workspace every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What was generated.
pub struct Generated {
    pub files: usize,
    pub lines: usize,
}

fn layer_of(i: usize, n: usize) -> &'static str {
    if i < n / 5 {
        "core"
    } else if i < n * 7 / 10 {
        "svc"
    } else {
        "app"
    }
}

pub fn crate_name(i: usize, n: usize) -> String {
    format!("gen-{}-{i:04}", layer_of(i, n))
}

/// Writes a workspace of `crates` members with about `lines_per_crate` lines each into `dir`.
pub fn workspace(dir: &Path, crates: usize, lines_per_crate: usize) -> std::io::Result<Generated> {
    let mut rng = Lcg(crates as u64 * 7919 + lines_per_crate as u64);
    std::fs::create_dir_all(dir.join("policies"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\", \"runtime/asupersync\"]\n",
    )?;
    std::fs::write(dir.join("policies/gate.toml"), POLICY)?;
    let rt = dir.join("runtime/asupersync/src");
    std::fs::create_dir_all(&rt)?;
    std::fs::write(dir.join("runtime/asupersync/Cargo.toml"), package("asupersync", ""))?;
    std::fs::write(
        rt.join("lib.rs"),
        "pub struct Cx;\nimpl Cx {\n    pub fn now_ms(&self) -> u64 {\n        0\n    }\n}\n",
    )?;
    let mut total = Generated { files: 1, lines: 6 };
    for i in 0..crates {
        let name = crate_name(i, crates);
        let mut deps = String::from("[dependencies]\nasupersync = { path = \"../../runtime/asupersync\" }\n");
        let mut dep_names = Vec::new();
        for _ in 0..rng.below(3) + usize::from(i > 0) as u64 {
            if i == 0 {
                break;
            }
            let j = rng.below(i as u64) as usize;
            let dep = crate_name(j, crates);
            if !dep_names.contains(&dep) {
                let _ = writeln!(deps, "{dep} = {{ path = \"../{dep}\" }}");
                dep_names.push(dep);
            }
        }
        let src = dir.join("crates").join(&name).join("src");
        std::fs::create_dir_all(&src)?;
        std::fs::write(dir.join("crates").join(&name).join("Cargo.toml"), package(&name, &deps))?;
        let files = (lines_per_crate / 250).max(1);
        let (written, lines) = crate_sources(&mut rng, &src, &dep_names, files)?;
        total.files += written;
        total.lines += lines;
    }
    Ok(total)
}

/// One crate's sources, laid out as real crates are: `lib.rs` declaring the modules, a glob
/// prelude every module imports (re-exporting `std::env` and the first module's items), every
/// fourth module a directory (`mod.rs` declaring a `detail.rs` child), and in one crate of four a
/// test-support file reached by `#[path]` under `#[cfg(test)]`. Returns (files, lines) written.
fn crate_sources(rng: &mut Lcg, src: &Path, deps: &[String], modules: usize) -> std::io::Result<(usize, usize)> {
    let mut lib = String::from("//! Generated crate.\npub mod prelude;\n");
    let mut files: Vec<(String, String)> = vec![("prelude.rs".to_owned(), PRELUDE.to_owned())];
    for f in 0..modules {
        let _ = writeln!(lib, "pub mod m{f};");
        if f % 4 == 3 {
            files.push((format!("m{f}/mod.rs"), module(rng, deps, f, 120) + "pub mod detail;\n"));
            files.push((format!("m{f}/detail.rs"), module(rng, deps, f, 130)));
        } else {
            files.push((format!("m{f}.rs"), module(rng, deps, f, 250)));
        }
    }
    if rng.below(4) == 0 {
        lib.push_str("\n#[cfg(test)]\n#[path = \"../testsupport/fixtures.rs\"]\nmod fixtures;\n");
        files.push(("../testsupport/fixtures.rs".to_owned(), TEST_SUPPORT.to_owned()));
    }
    files.push(("lib.rs".to_owned(), lib));
    let mut lines = 0;
    for (name, text) in &files {
        let path = src.join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text)?;
        lines += text.lines().count();
    }
    Ok((files.len(), lines))
}

const PRELUDE: &str = "//! What every module of the crate imports.\npub use std::collections::{BTreeMap, HashMap};\npub use std::sync::{Arc, Mutex};\npub use std::env;\npub use asupersync::Cx;\npub use crate::m0::*;\n";

const TEST_SUPPORT: &str = "//! Test fixtures, compiled only into the crate's tests.\nuse std::io::Write as _;\n\npub fn scratch_file(name: &str, body: &str) -> std::path::PathBuf {\n    let path = std::env::temp_dir().join(name);\n    let mut file = std::fs::File::create(&path).expect(\"create\");\n    file.write_all(body.as_bytes()).expect(\"write\");\n    path\n}\n";

fn package(name: &str, deps: &str) -> String {
    format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n{deps}")
}

const POLICY: &str = r#"[gate]
schema = 1

[[layer]]
name = "core"
crates = ["gen-core-*", "asupersync"]
[[layer]]
name = "svc"
crates = ["gen-svc-*"]
[[layer]]
name = "app"
crates = ["gen-app-*"]

[[forbid]]
id = "core-not-app"
from = ["gen-core-*"]
to = ["gen-app-*"]
transitive = true

[[substrate]]
id = "sqlite"
required = "frankensqlite"
alternatives = ["rusqlite", "sqlx"]
transitive = true

[cx_first]
context = ["asupersync::Cx"]
paths = ["crates/**"]
names = ["publish*", "rollout*"]

[ambient]
paths = ["crates/**"]
"#;

/// One module of about `target` lines.
fn module(rng: &mut Lcg, deps: &[String], index: usize, target: usize) -> String {
    let mut out = String::from("//! Generated module.\nuse crate::prelude::*;\n");
    if let Some(dep) = deps.first() {
        let _ = writeln!(out, "use {}::m0 as upstream;", dep.replace('-', "_"));
    }
    out.push('\n');
    let mut n = 0;
    while out.lines().count() < target {
        n += 1;
        match rng.below(7) {
            0 => struct_with_impl(&mut out, rng, index, n),
            1 => async_api(&mut out, rng, n),
            2 => trait_and_impl(&mut out, n),
            3 => nested_module(&mut out, rng, n),
            4 => matcher(&mut out, n),
            5 if rng.below(15) == 0 => client(&mut out, n),
            _ => helpers(&mut out, rng, n),
        }
    }
    out
}

fn struct_with_impl(out: &mut String, rng: &mut Lcg, index: usize, n: usize) {
    let _ = write!(
        out,
        "#[derive(Debug, Clone, Default)]\npub struct Record{n} {{\n    pub id: u64,\n    pub name: String,\n    pub tags: Vec<String>,\n    pub index: BTreeMap<String, u64>,\n}}\n\n\
impl Record{n} {{\n    pub fn new(id: u64, name: &str) -> Self {{\n        let mut index = BTreeMap::new();\n        index.insert(name.to_owned(), id);\n        Self {{ id, name: name.to_owned(), tags: vec![format!(\"m{index}\")], index }}\n    }}\n\n\
    pub fn score(&self, weights: &HashMap<String, u64>) -> u64 {{\n        self.tags\n            .iter()\n            .filter_map(|t| weights.get(t))\n            .fold(self.id, |acc, w| acc.wrapping_mul(31).wrapping_add(*w))\n    }}\n\n\
    pub fn shared(self) -> Arc<Mutex<Self>> {{\n        Arc::new(Mutex::new(self))\n    }}\n}}\n\n"
    );
    if rng.below(8) == 0 {
        let _ = write!(out, "pub fn load_record{n}(path: &str) -> Option<Record{n}> {{\n    let text = std::fs::read_to_string(path).ok()?;\n    Some(Record{n}::new(text.len() as u64, &text))\n}}\n\n");
    }
}

fn async_api(out: &mut String, rng: &mut Lcg, n: usize) {
    if rng.below(4) == 0 {
        let _ = write!(out, "pub async fn rollout_step{n}(version: u32, dry_run: bool) -> Result<u32, String> {{\n    if dry_run {{\n        return Ok(version);\n    }}\n    Ok(version + 1)\n}}\n\n");
    } else {
        let _ = write!(
            out,
            "pub async fn publish_batch{n}(cx: &Cx, items: &[u64]) -> Result<u64, String> {{\n    let start = cx.now_ms();\n    let mut total = 0u64;\n    for (i, item) in items.iter().enumerate() {{\n        total = total.checked_add(*item).ok_or_else(|| format!(\"overflow at {{i}}\"))?;\n    }}\n    Ok(total + start)\n}}\n\n"
        );
    }
}

fn trait_and_impl(out: &mut String, n: usize) {
    let _ = write!(
        out,
        "pub trait Handler{n} {{\n    fn handle(&self, input: &str) -> usize;\n    fn name(&self) -> &'static str {{\n        \"handler{n}\"\n    }}\n}}\n\n\
pub struct Upper{n};\n\nimpl Handler{n} for Upper{n} {{\n    fn handle(&self, input: &str) -> usize {{\n        input.chars().filter(|c| c.is_uppercase()).count()\n    }}\n}}\n\n"
    );
}

fn nested_module(out: &mut String, rng: &mut Lcg, n: usize) {
    // `env` comes from the glob prelude: the gate must resolve it to `std::env`.
    let ambient = if rng.below(10) == 0 { "        let _ = env::var(\"GEN_DEBUG\");\n" } else { "" };
    let _ = write!(
        out,
        "pub mod inner{n} {{\n    use super::*;\n\n    pub fn summarize(values: &[u64]) -> (u64, u64) {{\n{ambient}        let min = values.iter().copied().min().unwrap_or(0);\n        let max = values.iter().copied().max().unwrap_or(0);\n        (min, max)\n    }}\n\n    pub fn group(records: Vec<(String, u64)>) -> HashMap<String, Vec<u64>> {{\n        let mut map: HashMap<String, Vec<u64>> = HashMap::new();\n        for (k, v) in records {{\n            map.entry(k).or_default().push(v);\n        }}\n        map\n    }}\n}}\n\n"
    );
}

/// A remote client: network, process and clock access, as service code has it.
fn client(out: &mut String, n: usize) {
    let _ = write!(
        out,
        "pub fn fetch_remote{n}(addr: &str) -> std::io::Result<Vec<u8>> {{\n    use std::io::Read as _;\n    let started = std::time::Instant::now();\n    let mut stream = std::net::TcpStream::connect(addr)?;\n    let mut body = Vec::new();\n    stream.read_to_end(&mut body)?;\n    if started.elapsed().as_secs() > 5 {{\n        let _ = std::process::Command::new(\"logger\").arg(\"slow fetch\").status();\n    }}\n    Ok(body)\n}}\n\n"
    );
}

fn matcher(out: &mut String, n: usize) {
    let _ = write!(
        out,
        "#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum State{n} {{\n    Idle,\n    Running(u32),\n    Failed {{ code: i32 }},\n}}\n\n\
pub fn describe{n}(state: State{n}) -> String {{\n    match state {{\n        State{n}::Idle => \"idle\".to_owned(),\n        State{n}::Running(n) if n > 10 => format!(\"busy ({{n}})\"),\n        State{n}::Running(n) => format!(\"running ({{n}})\"),\n        State{n}::Failed {{ code }} => format!(\"failed: {{code}}\"),\n    }}\n}}\n\n"
    );
}

fn helpers(out: &mut String, rng: &mut Lcg, n: usize) {
    let spawn = if rng.below(12) == 0 { "    std::thread::spawn(move || drop(copy));\n" } else { "    drop(copy);\n" };
    let _ = write!(
        out,
        "pub fn checksum{n}(data: &[u8]) -> u32 {{\n    let copy = data.to_vec();\n{spawn}    data.iter().fold(0u32, |acc, b| acc.rotate_left(5) ^ u32::from(*b))\n}}\n\n\
#[cfg(test)]\nmod tests{n} {{\n    #[test]\n    fn checksum_is_stable() {{\n        assert_eq!(super::checksum{n}(b\"\"), 0);\n    }}\n}}\n\n"
    );
}
