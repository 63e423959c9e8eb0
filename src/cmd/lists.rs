//! `vetter lists`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use vetter::diff::Row;
use vetter::lists::ListSummary;
use vetter::store::{self, Store};
use vetter::update::{self, Origin, Progress, UpdateOptions};
use vetter::Lists;

/// Subcommands of `vetter lists`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Show what each list holds: files and their sha256, entities by kind and source, names,
    /// aliases, newest listing date and skipped rows; then the versions `lists update` installed.
    Show(ShowArgs),
    /// Download the current official lists, check them and install them as a new version.
    Update(UpdateArgs),
    /// Entities added, removed and changed between two installed versions.
    Diff(DiffArgs),
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
    /// A list file or a folder of list files (repeatable). Without it, the lists `check` and
    /// `screen` use by default: the shipped ones and the installed version in force.
    #[arg(long = "list", value_name = "PATH")]
    pub lists: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Data directory whose installed versions are listed [default: $VETTER_DATA_DIR, else the
    /// platform's user data directory].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Arguments of `vetter lists update`.
#[derive(clap::Args)]
pub struct UpdateArgs {
    /// Data directory [default: $VETTER_DATA_DIR, else the platform's user data directory].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Folder the eight OFAC legacy CSV files are fetched from (SDN.CSV, ADD.CSV, ...).
    #[arg(long, value_name = "BASE", env = update::OFAC_URL_ENV, default_value = update::OFAC_BASE_URL)]
    ofac_url: String,
    /// Address of the Consolidated Screening List CSV.
    #[arg(long, value_name = "URL", env = update::CSL_URL_ENV, default_value = update::CSL_URL)]
    csl_url: String,
    /// Install the list files already in this folder instead of downloading.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// Install even if a list lost more entities than --max-drop allows.
    #[arg(long)]
    force: bool,
    /// Largest accepted drop in any list's entity count, as a fraction of the installed count.
    #[arg(long, value_name = "FRACTION", default_value_t = update::DEFAULT_MAX_DROP)]
    max_drop: f64,
    /// Number of versions to keep.
    #[arg(long, value_name = "N", default_value_t = update::DEFAULT_KEEP)]
    keep: usize,
    /// Seconds to wait for a connection, or for more data from a server that went silent.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    timeout: f64,
    /// Retries per file after a network failure, with a pause that doubles each time.
    #[arg(long, value_name = "N", default_value_t = 3)]
    retries: u32,
}

/// Output format of `vetter lists diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    /// Aligned columns for reading.
    Table,
    /// CSV with a header row, for a spreadsheet or a re-screening job.
    Csv,
}

/// Arguments of `vetter lists diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The older version's id [default: the version installed before NEW].
    old: Option<String>,
    /// The newer version's id [default: the version in force].
    new: Option<String>,
    /// Data directory [default: $VETTER_DATA_DIR, else the platform's user data directory].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: DiffFormat,
}

/// Runs `vetter lists`.
pub fn run(c: Command) -> vetter::Result<ExitCode> {
    match c {
        Command::Show(args) => show(args),
        Command::Update(a) => run_update(a),
        Command::Diff(a) => run_diff(a),
    }
}

fn show(args: ShowArgs) -> vetter::Result<ExitCode> {
    let lists = if args.lists.is_empty() {
        update::default_lists(args.dir.as_deref())?.0
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
            print_versions(&store::resolve_dir(args.dir.as_deref())?)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the versions `lists update` installed in `dir`, newest first, marking the one in force.
fn print_versions(dir: &std::path::Path) -> vetter::Result<()> {
    let (versions, current) = update::versions(dir)?;
    if versions.is_empty() {
        println!(
            "installed versions: none in {} (`vetter lists update` installs the official lists)",
            dir.display()
        );
        return Ok(());
    }
    println!("installed versions in {} (* = in force)", dir.display());
    for v in versions.iter().rev() {
        let mark = if current.as_deref() == Some(v.id.as_str()) {
            '*'
        } else {
            ' '
        };
        let counts: Vec<String> = v
            .lists
            .iter()
            .map(|l| format!("{} {}", l.key, l.entities))
            .collect();
        println!(
            "{mark} {}  installed {}  published {}  sha256 {}",
            v.id,
            v.installed_at,
            v.published().unwrap_or("unknown"),
            v.digest
        );
        println!("    {}", counts.join(", "));
    }
    Ok(())
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

fn run_update(a: UpdateArgs) -> vetter::Result<ExitCode> {
    if !(a.timeout.is_finite() && a.timeout > 0.0) {
        return Err(vetter::Error::Invalid(format!(
            "--timeout {} must be a positive number of seconds",
            a.timeout
        )));
    }
    let store = Store::new(store::resolve_dir(a.dir.as_deref())?);
    let origin = match a.from {
        Some(dir) => Origin::Directory(dir),
        None => Origin::Download(update::remotes(&a.ofac_url, &a.csl_url)),
    };
    let opts = UpdateOptions {
        origin,
        http: update::HttpOptions {
            timeout: Duration::from_secs_f64(a.timeout),
            attempts: a.retries.saturating_add(1),
            ..Default::default()
        },
        max_drop: a.max_drop,
        force: a.force,
        keep: a.keep,
    };
    let mut bar = Bar::new(std::io::stderr().is_terminal());
    let result = update::update(&store, &opts, &mut |p| bar.show(p));
    bar.finish();
    let report = result.map_err(|e| {
        vetter::Error::Invalid(format!(
            "{e}\nvetter: the lists in force were not changed ({})",
            store.dir().display()
        ))
    })?;
    for n in &report.notes {
        eprintln!("vetter: warning: {n}");
    }
    let mut out = std::io::stdout().lock();
    let w = |e| vetter::Error::io("<stdout>", e);
    for p in &report.cleaned {
        writeln!(out, "removed {} left by an interrupted update", p.display()).map_err(w)?;
    }
    let v = &report.version;
    if report.unchanged {
        writeln!(
            out,
            "lists unchanged: version {} (installed {}, sha256 {}) is already in force",
            v.id, v.installed_at, v.digest
        )
        .map_err(w)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "installed version {} in {} (sha256 {})",
        v.id,
        store.dir().display(),
        v.digest
    )
    .map_err(w)?;
    for l in &v.lists {
        let before = report
            .previous
            .as_ref()
            .and_then(|p| p.lists.iter().find(|o| o.key == l.key))
            .map(|o| format!(" (was {})", o.entities))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<12} {:>7} entities{}  {}{}",
            l.key,
            l.entities,
            before,
            l.name,
            if l.skipped > 0 {
                format!("  [{} rows skipped]", l.skipped)
            } else {
                String::new()
            }
        )
        .map_err(w)?;
    }
    for f in &v.files {
        writeln!(
            out,
            "  {:<20} {:>10} bytes  sha256 {}  published {}  from {}",
            f.name,
            f.bytes,
            f.sha256,
            match (&f.published, f.published_from) {
                (Some(d), Some(src)) => format!("{d} ({})", src.as_str()),
                (Some(d), None) => d.clone(),
                (None, _) => "unknown".into(),
            },
            f.url
        )
        .map_err(w)?;
    }
    if let Some(p) = &report.previous {
        writeln!(
            out,
            "previous version {} kept; `vetter lists diff` shows what changed",
            p.id
        )
        .map_err(w)?;
    }
    for id in &report.pruned {
        writeln!(out, "removed old version {id}").map_err(w)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_diff(a: DiffArgs) -> vetter::Result<ExitCode> {
    let store = Store::new(store::resolve_dir(a.dir.as_deref())?);
    let new = match a.new {
        Some(id) => id,
        None => store.current_id()?.ok_or_else(|| {
            vetter::Error::Invalid(format!(
                "no lists installed in {}: run `vetter lists update` first",
                store.dir().display()
            ))
        })?,
    };
    let old = match a.old {
        Some(id) => id,
        None => store.previous_id(&new)?.ok_or_else(|| {
            vetter::Error::Invalid(format!(
                "version {new} is the oldest installed: nothing to compare it with"
            ))
        })?,
    };
    let old_lists = update::load_version(&store, &old)?;
    let new_lists = update::load_version(&store, &new)?;
    let d = vetter::diff::diff(&old_lists, &new_lists);
    let rows = d.rows();
    let mut out = std::io::stdout().lock();
    match a.format {
        DiffFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(["change", "list", "id", "name", "field", "before", "after"])
                .and_then(|_| {
                    rows.iter().try_for_each(|r| {
                        w.write_record([
                            r.change, &r.list, &r.id, &r.name, &r.field, &r.before, &r.after,
                        ])
                    })
                })
                .and_then(|_| w.flush().map_err(csv::Error::from))
                .map_err(|e| vetter::Error::Invalid(format!("<stdout>: {e}")))?;
        }
        DiffFormat::Table => {
            print_diff_table(&mut out, &rows).map_err(|e| vetter::Error::io("<stdout>", e))?;
            writeln!(
                out,
                "{} added, {} removed, {} changed between {old} and {new}",
                d.added.len(),
                d.removed.len(),
                d.changed.len()
            )
            .map_err(|e| vetter::Error::io("<stdout>", e))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints `rows` as aligned columns (the last column unpadded).
fn print_diff_table(out: &mut impl Write, rows: &[Row]) -> std::io::Result<()> {
    let header = ["CHANGE", "LIST", "ID", "NAME", "FIELD", "BEFORE", "AFTER"];
    let cells: Vec<[&str; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.change, &r.list, &r.id, &r.name, &r.field, &r.before, &r.after,
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for c in &cells {
        for (w, s) in widths.iter_mut().zip(c) {
            *w = (*w).max(s.chars().count());
        }
    }
    for line in std::iter::once(&header).chain(&cells) {
        let mut text = String::new();
        for (i, s) in line.iter().enumerate() {
            if i + 1 < line.len() {
                text.push_str(&format!("{s:<w$}  ", w = widths[i]));
            } else {
                text.push_str(s);
            }
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

/// Download progress on standard error: a one-line bar redrawn in place on a terminal; retries
/// are reported everywhere, because a log should show them.
struct Bar {
    tty: bool,
    drawn: bool,
    // The last percentage drawn (MiB when the size is unknown), to redraw only on change.
    last_pct: Option<u64>,
}

impl Bar {
    fn new(tty: bool) -> Bar {
        Bar {
            tty,
            drawn: false,
            last_pct: None,
        }
    }

    fn show(&mut self, p: Progress) {
        let mut err = std::io::stderr().lock();
        match p {
            Progress::Retry {
                name,
                attempt,
                error,
                delay,
            } => {
                self.clear(&mut err);
                let _ = writeln!(
                    err,
                    "vetter: warning: {name}: attempt {attempt} failed ({error}); retrying in {:.1}s",
                    delay.as_secs_f64()
                );
            }
            Progress::Start { name, total, .. } if self.tty => {
                self.last_pct = None;
                self.draw(&mut err, name, 0, total);
            }
            Progress::Bytes { name, done, total } if self.tty => {
                self.draw(&mut err, name, done, total);
            }
            Progress::Done { name, bytes } if self.tty => {
                self.last_pct = None;
                self.draw(&mut err, name, bytes, Some(bytes));
                let _ = writeln!(err);
                self.drawn = false;
            }
            _ => {}
        }
    }

    fn draw(&mut self, err: &mut impl Write, name: &str, done: u64, total: Option<u64>) {
        const WIDTH: u64 = 30;
        let mb = |b: u64| b as f64 / 1_048_576.0;
        let line = match total.filter(|&t| t > 0) {
            Some(t) => {
                let pct = (done.min(t) * 100) / t;
                if self.last_pct == Some(pct) {
                    return;
                }
                self.last_pct = Some(pct);
                let fill = (pct * WIDTH / 100) as usize;
                format!(
                    "{name:<20} [{}{}] {pct:>3}%  {:.1}/{:.1} MB",
                    "#".repeat(fill),
                    " ".repeat(WIDTH as usize - fill),
                    mb(done),
                    mb(t)
                )
            }
            None => {
                // Redrawn once per MiB when the size is unknown.
                let mib = done >> 20;
                if self.last_pct == Some(mib) {
                    return;
                }
                self.last_pct = Some(mib);
                format!("{name:<20} {:.1} MB", mb(done))
            }
        };
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
        self.drawn = true;
    }

    fn clear(&mut self, err: &mut impl Write) {
        if self.drawn {
            let _ = write!(err, "\r\x1b[K");
            self.drawn = false;
        }
    }

    fn finish(&mut self) {
        self.clear(&mut std::io::stderr().lock());
    }
}
