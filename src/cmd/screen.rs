//! `vetter screen`.

use super::common::{leave_to_exit, ScreenArgs};
use clap::ValueEnum;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use vetter::batch::{self, Columns, Summary};
use vetter::input::{self, CsvInput, Delimiter, Encoding, InputOptions};
use vetter::report::{self, AtomicFile, HitWriter, LineFormat, Progress, ReportSink};
use vetter::store::VersionInfo;
use vetter::{Error, Lists, Screener};

/// Output formats of `vetter screen`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// CSV with a header line.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `vetter screen`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The vendor CSV file; standard input when absent or `-`.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    /// The column holding the names: header name or 1-based position (detected when absent).
    #[arg(long, value_name = "COL")]
    name_column: Option<String>,
    /// A column copied to the output as `input_id` (default: the row number).
    #[arg(long, value_name = "COL")]
    id_column: Option<String>,
    /// More input columns copied to the output, after the standard ones.
    #[arg(long, value_name = "COL,...", value_delimiter = ',')]
    keep: Vec<String>,
    /// Write the hits here (via a temporary file renamed when complete) instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,
    /// In CSV output, do not prefix cells starting with = + - @ tab or CR with '.
    #[arg(long)]
    no_formula_guard: bool,
    #[command(flatten)]
    screen: ScreenArgs,
    /// Threads for loading and screening (default: all cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Input encoding: utf-8, utf-16le, utf-16be, windows-1251 (detected when absent).
    #[arg(long)]
    encoding: Option<Encoding>,
    /// Field delimiter: ',', ';', '|', 'tab' or 'none' (detected when absent).
    #[arg(long)]
    delimiter: Option<Delimiter>,
    /// Write every row that could not be screened to this CSV file (row, line, reason).
    #[arg(long, value_name = "PATH")]
    errors: Option<PathBuf>,
    /// No progress line and no summary on standard error.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `vetter screen`. Exit status: 0 every row screened and no hit, 1 every row screened
/// and at least one hit, 3 some rows not screened (fatal errors are 2, from `main`).
pub fn run(args: Args) -> vetter::Result<ExitCode> {
    let start = Instant::now();
    // An interrupted run must not leave a partial output file behind.
    ctrlc::set_handler(|| {
        if report::remove_pending_files() > 0 {
            eprintln!("\nvetter: interrupted; no output file written");
        } else {
            eprintln!("\nvetter: interrupted");
        }
        std::process::exit(130);
    })
    .map_err(|e| Error::Invalid(format!("cannot handle interrupts: {e}")))?;

    let mut input = CsvInput::open(
        args.input.as_deref(),
        InputOptions {
            encoding: args.encoding,
            delimiter: args.delimiter,
        },
    )?;
    let columns = columns(&args, &input)?;
    let kept: Vec<String> = columns
        .keep
        .iter()
        .map(|&i| input.headers()[i].clone())
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, usize::from))
        .build()
        .map_err(|e| Error::Invalid(format!("cannot start threads: {e}")))?;
    // Loading runs on the same threads as screening: `--threads` bounds the whole run.
    let (lists, screener, installed) = pool.install(|| args.screen.load())?;
    let screening_start = Instant::now();
    let progress = if args.quiet {
        None
    } else {
        Progress::on_terminal()
    };
    let errors = args.errors.as_deref().map(AtomicFile::create).transpose()?;
    let errors = errors.map(BufWriter::new);
    let format = match args.format {
        Format::Csv => LineFormat::Csv,
        Format::Jsonl => LineFormat::Jsonl,
    };
    let guard = !args.no_formula_guard;
    let run = Run {
        input: &mut input,
        screener: &screener,
        columns: &columns,
        args: &args,
        pool: &pool,
    };
    let summary = match &args.output {
        Some(path) => {
            let out = BufWriter::new(AtomicFile::create(path)?);
            let hits = HitWriter::new(out, format, &kept, guard).map_err(|e| Error::io(path, e))?;
            let sink = ReportSink::new(hits, errors, progress).map_err(|e| Error::io(path, e))?;
            let (summary, out, errors) = run.go(sink)?;
            commit(errors, args.errors.as_ref())?;
            out.into_inner()
                .map_err(|e| Error::io(path, e.into_error()))?
                .commit()?;
            summary
        }
        None => {
            // Not locked: the output is written from one of the pool's threads.
            let out = BufWriter::with_capacity(1 << 16, io::stdout());
            let hits =
                HitWriter::new(out, format, &kept, guard).map_err(|e| Error::io("<stdout>", e))?;
            let sink =
                ReportSink::new(hits, errors, progress).map_err(|e| Error::io("<stdout>", e))?;
            let (summary, mut out, errors) = run.go(sink)?;
            out.flush().map_err(|e| Error::io("<stdout>", e))?;
            commit(errors, args.errors.as_ref())?;
            summary
        }
    };
    let timing = report::Timing {
        total: start.elapsed(),
        screening: screening_start.elapsed(),
    };
    print_summary(&args, &summary, &lists, installed.as_ref(), timing)?;
    leave_to_exit((lists, screener));
    Ok(ExitCode::from(if summary.not_screened > 0 {
        3
    } else if summary.rows_with_hits > 0 {
        1
    } else {
        0
    }))
}

/// What one screening run needs, apart from where it writes.
struct Run<'a> {
    input: &'a mut CsvInput,
    screener: &'a Screener,
    columns: &'a Columns,
    args: &'a Args,
    pool: &'a rayon::ThreadPool,
}

impl Run<'_> {
    fn go<W: Write + Send>(
        self,
        mut sink: ReportSink<W, BufWriter<AtomicFile>>,
    ) -> vetter::Result<(Summary, W, Option<BufWriter<AtomicFile>>)> {
        let summary = batch::screen_rows(
            self.input,
            self.screener,
            self.columns,
            &self.args.screen.options(),
            self.pool,
            &mut sink,
        )?;
        let (out, errors) = sink
            .finish()
            .map_err(|e| Error::io(output_name(self.args), e))?;
        Ok((summary, out, errors))
    }
}

fn output_name(args: &Args) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdout>"))
}

fn commit(errors: Option<BufWriter<AtomicFile>>, path: Option<&PathBuf>) -> vetter::Result<()> {
    if let (Some(w), Some(path)) = (errors, path) {
        w.into_inner()
            .map_err(|e| Error::io(path, e.into_error()))?
            .commit()?;
    }
    Ok(())
}

/// Resolves `--name-column`, `--id-column` and `--keep` against the header.
fn columns(args: &Args, input: &CsvInput) -> vetter::Result<Columns> {
    let headers = input.headers();
    let bad = |m: String| Error::parse(input.source(), Some(1), None, m);
    let name = match &args.name_column {
        Some(c) => input::find_column(headers, c),
        None => input::detect_name_column(headers),
    }
    .map_err(bad)?;
    let id = args
        .id_column
        .as_deref()
        .map(|c| input::find_column(headers, c))
        .transpose()
        .map_err(bad)?;
    let keep = args
        .keep
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| input::find_column(headers, c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    Ok(Columns { name, id, keep })
}

fn print_summary(
    args: &Args,
    summary: &Summary,
    lists: &Lists,
    installed: Option<&VersionInfo>,
    timing: report::Timing,
) -> vetter::Result<()> {
    let stderr = io::stderr();
    let mut w = stderr.lock();
    let r = if args.quiet {
        if summary.not_screened > 0 {
            writeln!(
                w,
                "vetter: {} row(s) not screened{}",
                summary.not_screened,
                args.errors.as_ref().map_or(
                    " (run without --quiet, or with --errors FILE, to see them)".to_string(),
                    |p| { format!(", listed in {}", p.display()) }
                )
            )
        } else {
            Ok(())
        }
    } else {
        report::write_summary(&mut w, summary, lists, timing, args.errors.as_deref()).and_then(
            |_| match installed {
                Some(v) => writeln!(w, "  {}", v.describe()),
                None => Ok(()),
            },
        )
    };
    r.map_err(|e| Error::io("<stderr>", e))
}
