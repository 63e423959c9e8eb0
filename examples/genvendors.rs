//! Writes a seeded, realistic vendor file for benchmarks and end-to-end timing:
//!
//! ```text
//! cargo run --release --example genvendors -- --rows 1000000 --list ../shared/lists -o vendors.csv
//! ```
//!
//! Names are planted from the lists given with `--list` (default: the shipped lists).

use clap::Parser;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use vetter::synth;

/// Write a generated vendor CSV.
#[derive(Parser)]
struct Args {
    /// Data rows.
    #[arg(long, default_value_t = 1_000_000)]
    rows: usize,
    /// Seed: the same seed and lists give the same file.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Share of rows carrying a list name in a varied spelling.
    #[arg(long, default_value_t = 0.02)]
    planted: f64,
    /// Share of rows repeating a recent vendor.
    #[arg(long, default_value_t = 0.2)]
    repeats: f64,
    /// Lists to plant names from (files or folders; default: the shipped lists).
    #[arg(long = "list")]
    lists: Vec<PathBuf>,
    /// Output file (default: standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let lists = if args.lists.is_empty() {
        vetter::Lists::shipped()?
    } else {
        vetter::Lists::load(&args.lists)?
    };
    let names = synth::list_names(&lists);
    let spec = synth::Spec {
        rows: args.rows,
        seed: args.seed,
        planted_share: args.planted,
        repeat_share: args.repeats,
    };
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::fs::File::create(p)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let written = synth::write_vendors(BufWriter::new(out), &spec, &names)?;
    eprintln!(
        "genvendors: {} rows, {} with planted list names (from {} names), seed {}",
        written.rows,
        written.planted,
        names.len(),
        args.seed
    );
    Ok(())
}
