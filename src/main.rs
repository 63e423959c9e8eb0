//! The `vetter` command line: parses arguments, calls the library, prints.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Screen vendor and counterparty names against sanctions and export-control lists.
#[derive(Parser)]
#[command(name = "vetter", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Look up one or more names (arguments, or one per line on standard input).
    Check(cmd::check::Args),
    /// Screen a vendor CSV file, one output line per hit.
    Screen(cmd::screen::Args),
    /// Show, update and compare the lists.
    #[command(subcommand)]
    Lists(cmd::lists::Command),
    /// Nightly screening job with remembered decisions.
    #[command(subcommand)]
    Job(cmd::job::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Screen(args) => cmd::screen::run(args),
        Command::Lists(c) => cmd::lists::run(c),
        Command::Job(c) => cmd::job::run(c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vetter: error: {e}");
            ExitCode::from(2)
        }
    }
}

// Matching allocates many small short-lived strings per name; mimalloc's thread-local free
// lists make that cheaper than glibc's malloc (measured in the README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
