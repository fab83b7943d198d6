//! One module per subcommand; `run` dispatches and maps errors to exit codes.

pub mod check;
pub mod explain;
pub mod key;
pub mod waiver;

use crate::cli::{Cli, Command, CommonArgs, KeyCommand, WaiverCommand};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::use_color_stderr;

/// Loads the workspace of `--manifest-path` (or the one around the current directory) and its
/// validated policy.
///
/// # Errors
/// No workspace there, one cargo cannot read, or an invalid policy.
pub fn load(common: &CommonArgs) -> Result<pipelines::load::Loaded, AppError> {
    let cargo =
        lints::workspace::CargoOptions { offline: common.offline, locked: common.locked, frozen: common.frozen };
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
        Command::Key(KeyCommand::New(_)) => "key new",
        Command::Waiver(WaiverCommand::New(_)) => "waiver new",
        Command::Waiver(WaiverCommand::Sign(_)) => "waiver sign",
        Command::Waiver(WaiverCommand::List(_)) => "waiver list",
        Command::Waiver(WaiverCommand::Audit(_)) => "waiver audit",
    }
}

/// Runs a parsed command line. Unusable input is reported on stderr and is exit 2.
#[must_use]
#[expect(clippy::print_stderr, reason = "the one place that reports unusable input")]
pub fn run(cli: &Cli) -> Outcome {
    let (common, result): (&CommonArgs, _) = match &cli.command {
        Command::Check(args) => (&args.common, check::run(args)),
        Command::Explain(args) => (&args.common, explain::run(args)),
        Command::Key(KeyCommand::New(args)) => (&args.common, key::new(args)),
        Command::Waiver(WaiverCommand::New(args)) => (&args.common, waiver::new(args)),
        Command::Waiver(WaiverCommand::Sign(args)) => (&args.common, waiver::sign(args)),
        Command::Waiver(WaiverCommand::List(args)) => (&args.common, waiver::list(args, false)),
        Command::Waiver(WaiverCommand::Audit(args)) => (&args.common, waiver::list(args, true)),
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
