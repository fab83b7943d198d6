//! Running an implementation's adapter (PRODUCT.md §6.1): the command runs with the plan's path
//! as its last argument, in its own process group, with its output captured to log files beside
//! the plan, under a timeout that kills the whole group. Its case-result report is then read and
//! checked against the plan: same suite line and implementation, no case the plan did not select.
//! Every way this can go wrong is an error that names the adapter.

use std::fs::File;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::ConfigError;

use super::plan::Plan;
use super::results::{read_result_file, ResultFile, ResultFormat, ResultName};
use crate::Error;

/// How often a running adapter is polled.
const POLL: Duration = Duration::from_millis(20);
/// How many lines of its stderr an error about the adapter quotes.
const QUOTED_LINES: usize = 10;

/// Runs `command` on the plan at `plan_file` and returns its validated case-result report.
///
/// # Errors
/// The adapter cannot start, exits non-zero, outlives `timeout` (it is killed), or writes no
/// report; the report is malformed, for another suite line or implementation, or has a result
/// for a case the plan did not select.
pub fn run_adapter(plan: &Plan, plan_file: &Utf8Path, command: &str, timeout: Duration) -> Result<ResultFile, Error> {
    if command.trim().is_empty() {
        return Err(Error::Usage("--adapter is empty: give the command that runs the adapter".to_owned()));
    }
    // A report left by an earlier run must never stand for this one.
    match std::fs::remove_file(&plan.report) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::Io(format!("cannot remove the earlier report {}: {e}", plan.report)));
        }
        _ => {}
    }
    let stdout_log = plan.output_dir.join("adapter.stdout.log");
    let stderr_log = plan.output_dir.join("adapter.stderr.log");
    let log = |path: &Utf8Path| File::create(path).map_err(|e| Error::Io(format!("cannot create {path}: {e}")));
    let mut child = shell(command, plan_file)
        .stdin(Stdio::null())
        .stdout(log(&stdout_log)?)
        .stderr(log(&stderr_log)?)
        .spawn()
        .map_err(|e| Error::Io(format!("adapter `{command}` could not start: {e}")))?;
    let status = wait_or_kill(&mut child, timeout).map_err(|e| match e {
        Waited::TimedOut => Error::Io(format!(
            "adapter `{command}` did not finish within {} s and was killed{}",
            timeout.as_secs_f64(),
            quoted_output(&stderr_log)
        )),
        Waited::Failed(e) => Error::Io(format!("adapter `{command}` could not be waited for: {e}")),
    })?;
    if !status.success() {
        return Err(Error::Io(format!("adapter `{command}` failed ({status}){}", quoted_output(&stderr_log))));
    }
    if !plan.report.exists() {
        return Err(Error::Io(format!(
            "adapter `{command}` exited successfully but never wrote its report {}{}",
            plan.report,
            quoted_output(&stderr_log)
        )));
    }
    let report = read_result_file(&plan.report, &plan.report)?;
    check_report(plan, &report, command)?;
    Ok(report)
}

/// Checks a case-result report against the plan it answers.
///
/// # Errors
/// Not a case report, another suite line or implementation, or an unselected case.
pub fn check_report(plan: &Plan, report: &ResultFile, command: &str) -> Result<(), Error> {
    let fail = |message: String| Error::Config(vec![ConfigError::whole_file(&report.name, message)]);
    if report.format != ResultFormat::CaseReport {
        return Err(fail(format!(
            "adapter `{command}` wrote {}, not a case-result report",
            match report.format {
                ResultFormat::Junit => "JUnit XML",
                _ => "libtest JSON",
            }
        )));
    }
    if report.suite.as_deref() != Some(plan.suite.as_str()) {
        let suite = report.suite.as_deref().unwrap_or_default();
        return Err(fail(format!("report for suite line `{suite}`, but the plan is for `{}`: refused", plan.suite)));
    }
    if report.implementation.as_deref() != Some(plan.implementation.as_str()) {
        let implementation = report.implementation.as_deref().unwrap_or_default();
        return Err(fail(format!(
            "report for implementation `{implementation}`, but the plan is for `{}`: refused",
            plan.implementation
        )));
    }
    let mut unselected: Vec<&str> = report
        .results
        .iter()
        .filter_map(|r| match &r.name {
            ResultName::Id(case) if !plan.selects(case) => Some(case.as_str()),
            _ => None,
        })
        .collect();
    unselected.sort_unstable();
    unselected.dedup();
    if !unselected.is_empty() {
        let list: Vec<String> = unselected.iter().map(|c| format!("`{c}`")).collect();
        return Err(fail(format!("the report has results for cases the plan did not select: {}", list.join(", "))));
    }
    Ok(())
}

#[cfg(unix)]
fn shell(command: &str, plan_file: &Utf8Path) -> Command {
    use std::os::unix::process::CommandExt as _;
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(format!("{command} \"$@\"")).arg("cargo-gate-adapter").arg(plan_file);
    // Its own process group, so a timeout kills the adapter and everything it started.
    shell.process_group(0);
    shell
}

#[cfg(not(unix))]
fn shell(command: &str, plan_file: &Utf8Path) -> Command {
    let mut shell = Command::new("cmd");
    shell.arg("/C").arg(format!("{command} \"{plan_file}\""));
    shell
}

enum Waited {
    TimedOut,
    Failed(std::io::Error),
}

fn wait_or_kill(child: &mut Child, timeout: Duration) -> Result<ExitStatus, Waited> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().map_err(Waited::Failed)? {
            return Ok(status);
        }
        if std::time::Instant::now() >= deadline {
            kill_group(child);
            let _ = child.wait();
            return Err(Waited::TimedOut);
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(unix)]
fn kill_group(child: &mut Child) {
    use rustix::process::{kill_process_group, Pid, Signal};
    // The child is not reaped yet, so its id still names its group.
    if kill_process_group(Pid::from_child(child), Signal::KILL).is_err() {
        let _ = child.kill();
    }
}

#[cfg(not(unix))]
fn kill_group(child: &mut Child) {
    let _ = child.kill();
}

/// The last lines of the adapter's stderr, for an error message, and where the rest is. Only
/// the end of the log is read: an adapter may write a lot.
fn quoted_output(stderr_log: &Utf8PathBuf) -> String {
    use std::io::{Read as _, Seek as _, SeekFrom};
    const TAIL_BYTES: u64 = 16 * 1024;
    let mut tail = Vec::new();
    if let Ok(mut file) = File::open(stderr_log) {
        let len = file.metadata().map_or(0, |m| m.len());
        let _ = file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES)));
        let _ = file.take(TAIL_BYTES).read_to_end(&mut tail);
    }
    let text = String::from_utf8_lossy(&tail);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return format!(" (its stderr is empty: {stderr_log})");
    }
    let tail = &lines[lines.len().saturating_sub(QUOTED_LINES)..];
    format!("; the end of its stderr ({stderr_log}):\n  {}", tail.join("\n  "))
}
