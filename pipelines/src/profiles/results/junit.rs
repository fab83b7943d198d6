//! JUnit XML results, as `cargo nextest` writes them (the binary id in `classname`, the test path
//! in `name`) and as other writers do (a module in `classname`). The parser, roxmltree, never
//! expands external entities or reads a DTD; a document with a DOCTYPE (and so any entity
//! declaration) is refused outright, as are nesting deeper than [`MAX_DEPTH`] and more than
//! [`MAX_NODES`] nodes. Nested `<testsuite>`s are walked without recursion.

use camino::Utf8Path;
use gate_core::config::ConfigError;
use roxmltree::{Document, Node, ParsingOptions};

use super::{Outcome, RawResult, ResultName};

/// Deepest element nesting accepted (real reports nest four or five levels).
pub const MAX_DEPTH: usize = 256;
/// Most XML nodes accepted (elements, text, comments): bounds memory well under 1 GiB.
pub const MAX_NODES: u32 = 2_000_000;

/// Reads the `<testcase>`s of a JUnit document.
///
/// # Errors
/// Not well-formed XML, a DOCTYPE or entity declaration, too deep or too large, a root that is
/// not `<testsuites>`/`<testsuite>`, or a `<testcase>` with no `name`.
pub fn parse(name: &Utf8Path, text: &str) -> Result<Vec<RawResult>, ConfigError> {
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, options).map_err(|e| xml_error(name, &e))?;
    check_depth(name, &doc)?;
    let root = doc.root_element();
    if !matches!(root.tag_name().name(), "testsuites" | "testsuite") {
        return Err(ConfigError::at_line(
            name,
            line_of(&doc, root),
            format!(
                "not a JUnit report: the root element is `<{}>`, not `<testsuites>` or `<testsuite>`",
                root.tag_name().name()
            ),
        ));
    }
    let mut results = Vec::new();
    let mut lines = LineCounter::new(text);
    for case in root.descendants().filter(|n| n.is_element() && n.tag_name().name() == "testcase") {
        let line = lines.line_at(case.range().start);
        let Some(test_name) = case.attribute("name").filter(|n| !n.trim().is_empty()) else {
            return Err(ConfigError::at_line(name, line, "a `<testcase>` has no `name`"));
        };
        results.push(RawResult {
            name: ResultName::Junit {
                case_id: case_id_property(case),
                classname: case.attribute("classname").unwrap_or_default().to_owned(),
                name: test_name.to_owned(),
            },
            outcome: outcome_of(case),
            classification: None,
            evidence: Vec::new(),
            line: Some(line),
        });
    }
    Ok(results)
}

fn xml_error(name: &Utf8Path, error: &roxmltree::Error) -> ConfigError {
    let line = usize::try_from(error.pos().row).unwrap_or(1);
    match error {
        roxmltree::Error::DtdDetected => ConfigError::at_line(
            name,
            line,
            "XML with a DOCTYPE or entity declaration is refused: result files must not carry a DTD",
        ),
        roxmltree::Error::NodesLimitReached => {
            ConfigError::at_line(name, line, format!("XML with more than {MAX_NODES} nodes is refused"))
        }
        other => ConfigError::at_line(name, line, format!("invalid XML: {other}")),
    }
}

/// Refuses nesting deeper than [`MAX_DEPTH`]. Nodes come in document order, so a node's parent
/// is always seen before it: one pass, no recursion.
fn check_depth(name: &Utf8Path, doc: &Document<'_>) -> Result<(), ConfigError> {
    let mut depths = vec![0usize; doc.descendants().count()];
    for node in doc.descendants() {
        let Some(parent) = node.parent() else {
            continue;
        };
        let depth = depths.get(parent.id().get_usize()).copied().unwrap_or(0) + 1;
        if depth > MAX_DEPTH {
            return Err(ConfigError::at_line(
                name,
                line_of(doc, node),
                format!("XML nested deeper than {MAX_DEPTH} levels is refused"),
            ));
        }
        if let Some(slot) = depths.get_mut(node.id().get_usize()) {
            *slot = depth;
        }
    }
    Ok(())
}

fn line_of(doc: &Document<'_>, node: Node<'_, '_>) -> usize {
    usize::try_from(doc.text_pos_at(node.range().start).row).unwrap_or(1)
}

/// Line numbers of offsets visited in increasing order, in one pass over the text (asking the
/// document for each position would rescan from the start every time).
struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self { text, offset: 0, line: 1 }
    }

    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        self.line += self.text.get(self.offset..offset).map_or(0, |skipped| skipped.matches('\n').count());
        self.offset = offset;
        self.line
    }
}

/// `<properties><property name="case_id" value="…"/></properties>` of a testcase.
fn case_id_property(case: Node<'_, '_>) -> Option<String> {
    case.children()
        .filter(|n| n.has_tag_name("properties"))
        .flat_map(|p| p.children())
        .find(|p| p.has_tag_name("property") && p.attribute("name") == Some("case_id"))
        .and_then(|p| p.attribute("value").or_else(|| p.text()))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// `<failure>` fail, `<error>` error, `<skipped>` skip, else pass; the worst child counts.
/// nextest's `<flakyFailure>`/`<rerunFailure>` record earlier attempts: the final one decides.
fn outcome_of(case: Node<'_, '_>) -> Outcome {
    case.children()
        .filter(Node::is_element)
        .filter_map(|child| match child.tag_name().name() {
            "failure" => Some(Outcome::Fail),
            "error" => Some(Outcome::Error),
            "skipped" => Some(Outcome::Skip),
            _ => None,
        })
        .max()
        .unwrap_or(Outcome::Pass)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<RawResult>, ConfigError> {
        parse(Utf8Path::new("r.xml"), text)
    }

    #[test]
    fn outcomes_names_and_the_case_id_property() {
        let xml = r#"<?xml version="1.0"?>
<testsuites><testsuite name="s">
  <testcase name="a" classname="bin"/>
  <testcase name="b" classname="bin"><failure message="x">boom</failure></testcase>
  <testcase name="c" classname="bin"><error/></testcase>
  <testcase name="d" classname="bin"><skipped/></testcase>
  <testcase name="e" classname="bin"><rerunFailure/></testcase>
  <testcase name="f"><properties><property name="case_id" value="x.f"/></properties></testcase>
  <testsuite name="nested"><testcase name="g" classname="m"><failure/><error/></testcase></testsuite>
</testsuite></testsuites>"#;
        let results = parse_text(xml).unwrap();
        let outcomes: Vec<Outcome> = results.iter().map(|r| r.outcome).collect();
        let (pass, fail, error, skip) = (Outcome::Pass, Outcome::Fail, Outcome::Error, Outcome::Skip);
        assert_eq!(outcomes, [pass, fail, error, skip, pass, pass, error]);
        let ResultName::Junit { case_id, classname, .. } = &results[5].name else { panic!() };
        assert_eq!((case_id.as_deref(), classname.as_str()), (Some("x.f"), ""));
        assert_eq!(results[1].line, Some(4));
    }

    #[test]
    fn a_doctype_or_entity_declaration_is_refused() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY lol \"lol\">]>\n<testsuites>&lol;</testsuites>";
        let err = parse_text(xml).unwrap_err();
        assert!(err.message.contains("DOCTYPE or entity declaration is refused"), "{}", err.message);
        assert_eq!(err.file, "r.xml");
        let external = "<!DOCTYPE t SYSTEM \"file:///etc/passwd\"><testsuites/>";
        assert!(parse_text(external).unwrap_err().message.contains("refused"));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let depth = 10_000;
        let xml = format!("<testsuites>{}{}</testsuites>", "<a>".repeat(depth), "</a>".repeat(depth));
        let err = parse_text(&xml).unwrap_err();
        assert!(err.message.contains("nested deeper than 256 levels"), "{}", err.message);
    }

    #[test]
    fn not_junit_and_bad_xml_are_located() {
        assert!(parse_text("<html/>").unwrap_err().message.contains("root element is `<html>`"));
        let err = parse_text("<testsuites>\n<testcase name=\"a\">\n</testsuites>").unwrap_err();
        assert!(err.message.starts_with("invalid XML"), "{}", err.message);
        assert_eq!(err.position.map(|p| p.line), Some(3));
        let err = parse_text("<testsuite><testcase classname=\"x\"/></testsuite>").unwrap_err();
        assert_eq!(err.message, "a `<testcase>` has no `name`");
    }
}
