//! `vetter screen`.

use std::process::ExitCode;

/// Arguments of `vetter screen`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `vetter screen`.
pub fn run(_args: Args) -> vetter::Result<ExitCode> {
    Err(vetter::Error::Invalid(
        "vetter screen: not built yet".into(),
    ))
}
