//! `vetter lists`.

use std::path::PathBuf;
use std::process::ExitCode;
use vetter::lists::ListSummary;
use vetter::Lists;

/// Subcommands of `vetter lists`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Show what each list holds: files and their sha256, entities by kind and source, names,
    /// aliases, newest listing date and skipped rows.
    Show(ShowArgs),
}

/// How `vetter lists show` prints.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Table,
    /// One JSON array of list summaries, for machines.
    Json,
}

/// Arguments of `vetter lists show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// A list file or a folder of list files (repeatable). Without it, the shipped lists.
    #[arg(long = "list", value_name = "PATH")]
    pub lists: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs `vetter lists`.
pub fn run(c: Command) -> vetter::Result<ExitCode> {
    match c {
        Command::Show(args) => show(args),
    }
}

fn show(args: ShowArgs) -> vetter::Result<ExitCode> {
    let lists = if args.lists.is_empty() {
        Lists::shipped()?
    } else {
        Lists::load(&args.lists)?
    };
    let summaries = lists.summaries();
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&summaries)
                .map_err(|e| vetter::Error::Invalid(format!("cannot write JSON: {e}")))?;
            println!("{json}");
        }
        Format::Table => {
            for s in &summaries {
                print_table(s);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(s: &ListSummary) {
    let join = |m: Vec<String>| {
        if m.is_empty() {
            "-".into()
        } else {
            m.join(", ")
        }
    };
    println!("{}  {}", s.key, s.name);
    for f in &s.files {
        println!(
            "  file      {}  sha256 {}  {} bytes",
            f.path, f.sha256, f.bytes
        );
    }
    let kinds = s.by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("  entities  {} ({})", s.entities, join(kinds));
    if s.by_source.len() > 1 {
        println!("  rows by source list:");
        for (src, n) in &s.by_source {
            println!("    {n:>6}  {src}");
        }
    }
    println!(
        "  names     {} primary, {} aliases ({} weak)",
        s.names, s.aliases, s.weak_aliases
    );
    println!(
        "  newest listing  {}",
        s.newest_listing.as_deref().unwrap_or("not given")
    );
    for (into, n) in &s.merged_into {
        println!("  merged    {n} records into the same designation in {into}");
    }
    let skipped: usize = s.skipped_by_reason.values().sum();
    println!("  skipped   {skipped} rows");
    for (reason, n) in &s.skipped_by_reason {
        println!("    {n:>6}  {reason}");
    }
    println!();
}
