//! `vetter check`.

use super::common::{leave_to_exit, ScreenArgs};
use clap::ValueEnum;
use rayon::prelude::*;
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;
use vetter::report::{self, HitRow, HitWriter, LineFormat};
use vetter::Error;

/// Output formats of `vetter check`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A table for people, 100 columns wide.
    Table,
    /// A JSON array: per name, its hits with the full entity.
    Json,
    /// CSV, in the columns of `vetter screen`.
    Csv,
}

/// Arguments of `vetter check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Names to look up; when none are given, one per line is read from standard input.
    #[arg(value_name = "NAME")]
    names: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// In CSV output, do not prefix cells starting with = + - @ tab or CR with '.
    #[arg(long)]
    no_formula_guard: bool,
    #[command(flatten)]
    screen: ScreenArgs,
}

/// Runs `vetter check`: exit status 0 when no name has a hit, 1 when one has.
pub fn run(args: Args) -> vetter::Result<ExitCode> {
    let mut names = if args.names.is_empty() {
        read_names()?
    } else {
        args.names.clone()
    };
    names.retain(|n| !n.trim().is_empty());
    if names.is_empty() {
        return Err(Error::Invalid(
            "no name to check: give names as arguments or one per line on standard input".into(),
        ));
    }
    for (i, n) in names.iter().enumerate() {
        vetter::input::check_name(n, vetter::input::Encoding::Utf8)
            .map_err(|p| Error::Invalid(format!("name {}: {p}", i + 1)))?;
    }
    let (lists, screener, installed) = args.screen.load()?;
    if let Some(v) = &installed {
        // Standard output carries the results; the lists used go beside them.
        eprintln!(
            "vetter: screened against the shipped lists and {}",
            v.describe()
        );
    }
    let opts = args.screen.options();
    let results: Vec<(String, Vec<vetter::Hit<'_>>)> = names
        .par_iter()
        .map(|n| (n.clone(), screener.screen(n.trim(), &opts)))
        .collect();
    let out = io::stdout();
    let mut w = BufWriter::new(out.lock());
    let werr = |e| Error::io("<stdout>", e);
    match args.format {
        Format::Table => {
            for (i, (name, hits)) in results.iter().enumerate() {
                if i > 0 {
                    writeln!(w).map_err(werr)?;
                }
                report::write_check_table(&mut w, name, hits).map_err(werr)?;
            }
        }
        Format::Json => report::write_check_json(&mut w, &results).map_err(werr)?,
        Format::Csv => {
            let mut hw = HitWriter::new(&mut w, LineFormat::Csv, &[], !args.no_formula_guard)
                .map_err(werr)?;
            for (i, (name, hits)) in results.iter().enumerate() {
                let n = (i + 1) as u64;
                let id = n.to_string();
                for h in hits {
                    hw.write(&HitRow {
                        row: n,
                        input_id: &id,
                        input_name: name,
                        hit: h,
                        kept: &[],
                    })
                    .map_err(werr)?;
                }
            }
            hw.finish().map_err(werr)?;
        }
    }
    w.flush().map_err(werr)?;
    let any_hit = results.iter().any(|(_, h)| !h.is_empty());
    drop(results);
    leave_to_exit((lists, screener));
    Ok(ExitCode::from(u8::from(any_hit)))
}

/// Names from standard input, one per line; blank lines are skipped.
fn read_names() -> vetter::Result<Vec<String>> {
    let mut names = Vec::new();
    for line in io::stdin().lock().lines() {
        let line = line.map_err(|e| Error::io("<stdin>", e))?;
        if !line.trim().is_empty() {
            names.push(line);
        }
    }
    Ok(names)
}
