//! `vetter check`.

use std::process::ExitCode;

/// Arguments of `vetter check`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `vetter check`.
pub fn run(_args: Args) -> vetter::Result<ExitCode> {
    Err(vetter::Error::Invalid("vetter check: not built yet".into()))
}
