//! One module per subcommand; `run` dispatches and maps errors to exit codes.

pub mod check;
pub mod claims;
pub mod evidence;
pub mod explain;
pub mod graph;
pub mod init;
pub mod key;
pub mod profile;
pub mod release;
pub mod waiver;

use crate::cli::{Cli, Command, CommonArgs, EvidenceCommand, Format, KeyCommand, ProfileCommand, WaiverCommand};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::use_color_stderr;

/// Loads the workspace of `--manifest-path` (or the one around the current directory) and its
/// validated policy.
///
/// # Errors
/// No workspace there, one cargo cannot read, or an invalid policy.
pub fn load(common: &CommonArgs) -> Result<pipelines::load::Loaded, AppError> {
    load_with(common, false)
}

/// [`load`], reading and writing no cache when `no_cache` (`release`, `verify`, `publish`).
///
/// # Errors
/// No workspace there, one cargo cannot read, or an invalid policy.
pub fn load_with(common: &CommonArgs, no_cache: bool) -> Result<pipelines::load::Loaded, AppError> {
    let cargo = lints::workspace::CargoOptions {
        offline: common.offline,
        locked: common.locked,
        frozen: common.frozen,
        no_cache,
    };
    let start = match &common.manifest_path {
        Some(path) => path.clone(),
        None => std::env::current_dir()
            .ok()
            .and_then(|p| camino::Utf8PathBuf::from_path_buf(p).ok())
            .ok_or_else(|| AppError::Usage("the current directory is not a UTF-8 path".to_owned()))?,
    };
    pipelines::load::load(&start, &cargo)
}

/// The day time-dependent rules are judged on: `--now`, else today.
#[must_use]
pub fn today(common: &CommonArgs) -> gate_core::time::Date {
    common.now.unwrap_or_else(gate_core::time::Instant::now).date()
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Check(_) => "check",
        Command::Explain(_) => "explain",
        Command::Init(_) => "init",
        Command::Graph(_) => "graph",
        Command::Key(KeyCommand::New(_)) => "key new",
        Command::Waiver(WaiverCommand::New(_)) => "waiver new",
        Command::Waiver(WaiverCommand::Sign(_)) => "waiver sign",
        Command::Waiver(WaiverCommand::List(_)) => "waiver list",
        Command::Waiver(WaiverCommand::Audit(_)) => "waiver audit",
        Command::Claims(_) => "claims",
        Command::Evidence(EvidenceCommand::Record(_)) => "evidence record",
        Command::Evidence(EvidenceCommand::Verify(_)) => "evidence verify",
        Command::Profile(ProfileCommand::Eval(_)) => "profile eval",
        Command::Profile(ProfileCommand::Plan(_)) => "profile plan",
        Command::Profile(ProfileCommand::Run(_)) => "profile run",
        Command::Release(_) => "release",
        Command::Verify(_) => "verify",
        Command::Publish(_) => "publish",
    }
}

/// Runs a parsed command line. Unusable input is reported on stderr and is exit 2.
#[must_use]
#[expect(clippy::print_stderr, reason = "the one place that reports unusable input")]
pub fn run(cli: &Cli) -> Outcome {
    let (common, result) = match supported_format(cli) {
        Ok(()) => dispatch(cli),
        Err((common, e)) => (common, Err(e)),
    };
    match result {
        Ok(outcome) => outcome,
        Err(e) => {
            eprint!("{}", crate::error::render(&e, use_color_stderr(common)));
            if common.format == crate::cli::Format::Json {
                // CI that parses stdout still gets one document, saying why there is no verdict.
                let _ = crate::output::emit(common, &crate::error::json(&e, command_name(&cli.command)));
            }
            Outcome::Unusable
        }
    }
}

/// Runs the command: its common options, and what it returned.
fn dispatch(cli: &Cli) -> (&CommonArgs, Result<Outcome, AppError>) {
    match &cli.command {
        Command::Check(args) => (&args.common, check::run(args)),
        Command::Explain(args) => (&args.common, explain::run(args)),
        Command::Init(args) => (&args.common, init::run(args)),
        Command::Graph(args) => (&args.common, graph::run(args)),
        Command::Key(KeyCommand::New(args)) => (&args.common, key::new(args)),
        Command::Waiver(WaiverCommand::New(args)) => (&args.common, waiver::new(args)),
        Command::Waiver(WaiverCommand::Sign(args)) => (&args.common, waiver::sign(args)),
        Command::Waiver(WaiverCommand::List(args)) => (&args.common, waiver::list(args, false)),
        Command::Waiver(WaiverCommand::Audit(args)) => (&args.common, waiver::list(args, true)),
        Command::Claims(args) => (&args.common, claims::run(args)),
        Command::Evidence(EvidenceCommand::Record(args)) => (&args.common, evidence::record(args)),
        Command::Evidence(EvidenceCommand::Verify(args)) => (&args.common, evidence::verify(args)),
        Command::Profile(ProfileCommand::Eval(args)) => (&args.common, profile::eval(args)),
        Command::Profile(ProfileCommand::Plan(args)) => (&args.common, profile::plan(args)),
        Command::Profile(ProfileCommand::Run(args)) => (&args.common, profile::run(args)),
        Command::Release(args) => (&args.common, release::release(args)),
        Command::Verify(args) => (&args.common, release::verify(args)),
        Command::Publish(args) => (&args.common, release::publish(args)),
    }
}

/// The formats each command can produce (PRODUCT.md §4: `human` and `json` everywhere).
fn formats(command: &Command) -> &'static [Format] {
    match command {
        Command::Check(_) | Command::Claims(_) => &[Format::Human, Format::Json, Format::Sarif, Format::Github],
        Command::Graph(_) => &[Format::Human, Format::Mermaid, Format::Dot, Format::Json],
        _ => &[Format::Human, Format::Json],
    }
}

/// A format the command cannot produce is refused before it runs (exit 2), never silently
/// replaced with human text.
fn supported_format(cli: &Cli) -> Result<(), (&CommonArgs, AppError)> {
    let common = common(cli);
    let can = formats(&cli.command);
    if can.contains(&common.format) {
        return Ok(());
    }
    let names: Vec<&str> = can.iter().map(|f| f.name()).collect();
    Err((
        common,
        AppError::Usage(format!(
            "`cargo gate {}` cannot produce --format {}: its formats are {}",
            command_name(&cli.command),
            common.format.name(),
            names.join(", ")
        )),
    ))
}

/// The common options of the command line.
fn common(cli: &Cli) -> &CommonArgs {
    match &cli.command {
        Command::Check(a) => &a.common,
        Command::Explain(a) => &a.common,
        Command::Init(a) => &a.common,
        Command::Graph(a) => &a.common,
        Command::Key(KeyCommand::New(a)) => &a.common,
        Command::Waiver(WaiverCommand::New(a)) => &a.common,
        Command::Waiver(WaiverCommand::Sign(a)) => &a.common,
        Command::Waiver(WaiverCommand::List(a) | WaiverCommand::Audit(a)) => &a.common,
        Command::Claims(a) => &a.common,
        Command::Evidence(EvidenceCommand::Record(a)) => &a.common,
        Command::Evidence(EvidenceCommand::Verify(a)) => &a.common,
        Command::Profile(ProfileCommand::Eval(a)) => &a.common,
        Command::Profile(ProfileCommand::Plan(a)) => &a.common,
        Command::Profile(ProfileCommand::Run(a)) => &a.common,
        Command::Release(a) => &a.common,
        Command::Verify(a) => &a.common,
        Command::Publish(a) => &a.common,
    }
}
