//! `cargo gate`: parse arguments, run the command, return its exit code. Nothing else.

mod cli;
mod commands;
mod error;
mod exit;
mod memo;
mod output;
mod render;

use std::process::ExitCode;

/// Parsing thousands of files allocates millions of small nodes on every core; glibc's malloc
/// spends a tenth of the time on that, mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::parse(std::env::args_os().collect()) {
        Ok(cli) => commands::run(&cli).into(),
        Err(e) => {
            let _ = e.print();
            // clap: 0 for --help/--version, 2 for a usage error (our "unusable input").
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(exit::UNUSABLE))
        }
    }
}
