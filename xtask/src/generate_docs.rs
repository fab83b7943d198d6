//! A synthetic documentation tree for the `claims` benchmark: a one-package workspace whose
//! README and `docs/` hold a fixed number of sentences — prose, claims tied by reference and
//! verbatim, lists, tables, headings, code blocks and inline code — with the claims registered
//! and their evidence files written (the benchmark records them with `cargo gate evidence
//! record`), so the measured run does the whole job and passes.

use std::fmt::Write as _;
use std::path::Path;

/// What was generated.
pub struct DocsTree {
    /// Sentences written (as the scanner counts them).
    pub sentences: usize,
    /// Markdown files.
    pub files: usize,
    /// Registered claims.
    pub claims: usize,
    /// Evidence files to record: (path, kind).
    pub evidence: Vec<(String, &'static str)>,
}

const CLAIMS: usize = 20;
const PROSE: [&str; 6] = [
    "The gate reads the policy and the workspace before it decides anything.",
    "Each finding names the file, the line and the rule that produced it.",
    "Waivers carry an owner, a rationale and an expiry date, e.g. a quarter from now.",
    "Version 1.2.3 of the format adds two keys; older files keep working.",
    "Run `cargo gate check --format json` to get one document per run.",
    "A layer may depend on its own layer or on a lower one, not the reverse.",
];

/// Writes the tree into `dir` with about `target` sentences.
pub fn docs_tree(dir: &Path, target: usize) -> std::io::Result<DocsTree> {
    for sub in ["src", "policies", "claims", "evidence", "docs"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"claims-bench\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )?;
    std::fs::write(dir.join("src/lib.rs"), "")?;
    std::fs::write(
        dir.join("policies/gate.toml"),
        "[gate]\nschema = 1\n\n[claims]\nscan = [\"README.md\", \"docs/**/*.md\"]\n",
    )?;
    let mut tree = DocsTree { sentences: 0, files: 0, claims: CLAIMS, evidence: Vec::new() };
    for c in 0..CLAIMS {
        let bench = format!("evidence/bench-{c:02}.json");
        std::fs::write(dir.join(&bench), format!("{{\"wall_ms\": {{\"p50\": {}}}}}\n", 10 + c))?;
        std::fs::write(dir.join(format!("evidence/report-{c:02}.txt")), format!("report {c}\n"))?;
        tree.evidence.push((bench.clone(), "benchmark"));
        tree.evidence.push((format!("evidence/report-{c:02}.txt"), "file"));
        std::fs::write(
            dir.join(format!("claims/claim-{c:02}.toml")),
            format!(
                "id = \"claim-{c:02}\"\ntext = \"Module {c} answers in under 50 ms\"\nmax_age_days = 365\n\n\
                 [[evidence]]\nkind = \"benchmark\"\npath = \"{bench}\"\nmetric = \"/wall_ms/p50\"\nmax = 50\n\n\
                 [[evidence]]\nkind = \"file\"\npath = \"evidence/report-{c:02}.txt\"\n"
            ),
        )?;
    }
    let mut page = 0;
    let mut sections = 0;
    let mut text = String::from("# Claims benchmark\n\n");
    tree.sentences += 1;
    while tree.sentences < target {
        section(&mut text, sections, &mut tree.sentences);
        sections += 1;
        if text.len() > 6_000 || tree.sentences >= target {
            let name = if page == 0 { "README.md".to_owned() } else { format!("docs/page-{page:03}.md") };
            std::fs::write(dir.join(name), &text)?;
            tree.files += 1;
            page += 1;
            text = format!("# Page {page}\n\n");
            tree.sentences += 1;
        }
    }
    // The heading of a page that was started but never written does not count.
    tree.sentences -= 1;
    Ok(tree)
}

/// One section: a heading, prose, a backed claim, a list, a table and a code block.
fn section(out: &mut String, index: usize, sentences: &mut usize) {
    let c = index % CLAIMS;
    let _ = writeln!(out, "## Section {index}\n");
    *sentences += 1;
    for i in 0..4 {
        out.push_str(PROSE[(index + i) % PROSE.len()]);
        out.push(' ');
    }
    let _ = writeln!(out, "It is 3x faster than a full build. <!-- claim: claim-{c:02} -->\n");
    *sentences += 5;
    let _ = writeln!(out, "Module {c} answers in under 50 ms.\n");
    *sentences += 1;
    for i in 0..3 {
        let _ = writeln!(out, "- {}", PROSE[(index + i + 2) % PROSE.len()]);
    }
    out.push('\n');
    *sentences += 3;
    out.push_str("| rule | checks |\n|---|---|\n| `layer` | direction of edges |\n\n");
    *sentences += 4;
    out.push_str("```sh\ncargo gate claims   # never flagged: code is not text\n```\n\n");
}
