//! `vetter job`.

use std::process::ExitCode;

/// Subcommands of `vetter job`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Placeholder until built.
    Show,
}

/// Runs `vetter job`.
pub fn run(_c: Command) -> vetter::Result<ExitCode> {
    Err(vetter::Error::Invalid("vetter job: not built yet".into()))
}
