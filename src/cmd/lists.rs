//! `vetter lists`.

use std::process::ExitCode;

/// Subcommands of `vetter lists`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Placeholder until built.
    Show,
}

/// Runs `vetter lists`.
pub fn run(_c: Command) -> vetter::Result<ExitCode> {
    Err(vetter::Error::Invalid("vetter lists: not built yet".into()))
}
