//! Invalid profiles are refused with the file and line of each problem.

use gate_core::config::ConfigError;
use gate_core::text::SourceFile;

use super::load::{find_profile, load_profiles, parse_profile};
use super::model::{Classification, Status};

const HEAD: &str = "id = \"p\"\nversion = \"1\"\nsuite = \"s\"\n";

fn errors(text: &str) -> Vec<ConfigError> {
    match parse_profile(SourceFile::new("profiles/p.toml", text), String::new()) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(errors) => errors,
    }
}

fn one(text: &str) -> (usize, String) {
    let errors = errors(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.file, "profiles/p.toml");
    (e.position.map_or(0, |p| p.line), e.message.clone())
}

#[test]
fn a_valid_profile_reads_with_defaults() {
    let text = format!(
        "{HEAD}[[gate]]\nid = \"g\"\ncases = [\"a.*\"]\n\n[[case]]\nid = \"a.x\"\nstatus = \"optional\"\nrequires = [\"c\"]\nlayer = \"L2\"\n"
    );
    let profile = parse_profile(SourceFile::new("profiles/p.toml", text), "d".into()).unwrap();
    assert_eq!((profile.id.as_str(), profile.suite.as_str()), ("p", "s"));
    assert!(profile.gates[0].required, "a gate is required unless it says otherwise");
    assert_eq!(profile.gates[0].cases, ["a.x"]);
    assert_eq!(profile.cases[0].status, Status::Optional);
    assert_eq!(profile.cases[0].default_classification(), Classification::Binding);
}

#[test]
fn an_unknown_status_is_located() {
    let text = format!("{HEAD}[[gate]]\nid = \"g\"\ncases = [\"*\"]\n[[case]]\nid = \"a\"\nstatus = \"mandatroy\"\n");
    let (line, message) = one(&text);
    assert_eq!((line, message.as_str()), (9, "unknown status `mandatroy`"));
    assert_eq!(errors(&text)[0].help.as_deref(), Some("did you mean `mandatory`?"));
}

#[test]
fn a_gate_glob_matching_no_case_is_located() {
    let text = format!(
        "{HEAD}[[gate]]\nid = \"g\"\ncases = [\"a*\", \"contract.*\"]\n[[case]]\nid = \"a\"\nstatus = \"mandatory\"\n"
    );
    assert_eq!(one(&text), (6, "gate glob `contract.*` matches no case".to_owned()));
}

#[test]
fn a_duplicate_case_id_is_located() {
    let case = "[[case]]\nid = \"a\"\nstatus = \"mandatory\"\n";
    let text = format!("{HEAD}[[gate]]\nid = \"g\"\ncases = [\"*\"]\n{case}{case}");
    assert_eq!(one(&text), (11, "duplicate case id `a` (first at line 7)".to_owned()));
}

#[test]
fn a_case_in_no_gate_is_located() {
    let text = format!(
        "{HEAD}[[gate]]\nid = \"g\"\ncases = [\"a\"]\n[[case]]\nid = \"a\"\nstatus = \"mandatory\"\n[[case]]\nid = \"b\"\nstatus = \"mandatory\"\n"
    );
    assert_eq!(one(&text), (11, "case `b` is in no gate".to_owned()));
}

#[test]
fn a_missing_suite_is_located() {
    let text = "id = \"p\"\nversion = \"1\"\n[[gate]]\nid = \"g\"\ncases = [\"*\"]\n[[case]]\nid = \"a\"\nstatus = \"mandatory\"\n";
    let (line, message) = one(text);
    assert_eq!(line, 1);
    assert!(message.contains("missing `suite`"), "{message}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = "version = \"1\"\nsuite = \"s\"\ncolour = 1\n[[gate]]\nid = \"g\"\ncases = [\"x\"]\n[[case]]\nid = \"a\"\nstatus = \"often\"\nclassification = \"bytes\"\n";
    let messages: Vec<String> = errors(text).into_iter().map(|e| e.message).collect();
    assert!(messages.iter().any(|m| m.contains("missing `id`")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("unknown key `colour`")), "{messages:?}");
    assert!(messages.iter().any(|m| m == "unknown status `often`"), "{messages:?}");
    assert!(messages.iter().any(|m| m == "unknown classification `bytes`"), "{messages:?}");
}

#[test]
fn profiles_load_from_the_directory_and_are_found_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let root = camino::Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
    std::fs::create_dir_all(root.join("profiles")).unwrap();
    let body = "[[gate]]\nid = \"g\"\ncases = [\"*\"]\n[[case]]\nid = \"a\"\nstatus = \"mandatory\"\n";
    std::fs::write(root.join("profiles/one.toml"), format!("{HEAD}{body}")).unwrap();
    std::fs::write(root.join("profiles/notes.md"), "not a profile").unwrap();
    let profiles = load_profiles(&root, "profiles".into()).unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].sha256.len(), 64);
    assert!(find_profile(&profiles, "p", "profiles".into()).is_ok());
    let err = find_profile(&profiles, "q", "profiles".into()).unwrap_err().to_string();
    assert_eq!(err, "no profile `q` in profiles/ (did you mean `p`?)");
    std::fs::write(root.join("profiles/two.toml"), format!("{HEAD}{body}")).unwrap();
    let err = load_profiles(&root, "profiles".into()).unwrap_err().to_string();
    assert_eq!(err, "profiles/two.toml: duplicate profile id `p` (also in profiles/one.toml)");
}

#[test]
fn profile_and_result_parsers_survive_every_prefix_and_byte_mutation() {
    let profile = format!(
        "# p\n{HEAD}title = \"t\"\n[[gate]]\nid = \"g\"\nrequired = false\ncases = [\"a.*\"]\n[[case]]\nid = \"a.x\"\nstatus = \"optional\"\nlayer = \"L2\"\nrequires = [\"c\"]\nclassification = \"binding\"\n"
    );
    let junit = "<?xml version=\"1.0\"?>\n<testsuites><testsuite name=\"s\"><testcase name=\"a.x\" classname=\"b\"><properties><property name=\"case_id\" value=\"a.x\"/></properties><failure message=\"m\">x</failure></testcase><testcase name=\"y\"><skipped/></testcase></testsuite></testsuites>\n";
    let libtest = "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 2 }\n{ \"type\": \"test\", \"event\": \"started\", \"name\": \"a.x\" }\n{ \"type\": \"test\", \"name\": \"a.x\", \"event\": \"failed\", \"stdout\": \"boom\" }\n";
    let report = "{\"suite\": \"s\", \"implementation\": \"i\", \"results\": [{\"case\": \"a.x\", \"outcome\": \"error\", \"classification\": \"binding\", \"evidence\": [\"e.log\"]}]}";
    let mut refused = 0;
    for end in (0..profile.len()).filter(|i| profile.is_char_boundary(*i)) {
        refused +=
            usize::from(parse_profile(SourceFile::new("profiles/p.toml", &profile[..end]), String::new()).is_err());
    }
    assert!(refused > 100, "{refused}");
    for text in [junit, libtest, report] {
        for end in 0..=text.len() {
            let _ = super::results::parse_result_bytes("r".into(), text.as_bytes()[..end].to_vec());
        }
        for (i, byte) in
            [b'<', b'>', b'"', b'{', b'}', b'&', b'\n', 0xff, b'!'].into_iter().cycle().take(text.len()).enumerate()
        {
            let mut mutated = text.as_bytes().to_vec();
            mutated[i] = byte;
            let _ = super::results::parse_result_bytes("r".into(), mutated);
        }
    }
}
