//! `vetter job`: the nightly screening job and its decisions.

use clap::{ArgGroup, Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vetter::job::config::OnUpdateFailure;
use vetter::job::{
    self, Config, Date, Decision, DecisionKind, Fault, RunEnv, RunRecord, Settings, Timestamp,
};
use vetter::Error;

/// Subcommands of `vetter job`.
#[derive(Subcommand)]
pub enum Command {
    /// Screen the vendor master, update the alerts and write the workbook. Exit status: 0
    /// nothing new, 1 new or re-opened alerts, 2 error, 3 some vendor rows not screened.
    Run(RunArgs),
    /// Record a decision on one alert.
    Decide(DecideArgs),
    /// Apply the decisions filled in on a returned workbook (XLSX) or new-alerts CSV; every row
    /// is checked and all are applied, or none.
    ImportDecisions(ImportArgs),
    /// Show the recorded runs.
    History(HistoryArgs),
}

/// Arguments of `vetter job run`: a configuration file and/or flags (a flag overrides the file).
#[derive(Args)]
pub struct RunArgs {
    /// The job's TOML configuration file.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Vendor master file (repeatable) [config: vendors].
    #[arg(long = "vendors", value_name = "FILE")]
    vendors: Vec<PathBuf>,
    /// Vendor id column: header name or 1-based position [config: id_column; default id].
    #[arg(long, value_name = "COL")]
    id_column: Option<String>,
    /// Vendor name column: header name or 1-based position [config: name_column; default name].
    #[arg(long, value_name = "COL")]
    name_column: Option<String>,
    /// Vendor file encoding: utf-8, utf-16le, utf-16be, windows-1251 [config: encoding; detected].
    #[arg(long)]
    encoding: Option<String>,
    /// Vendor file delimiter: ',', ';', '|' or 'tab' [config: delimiter; detected].
    #[arg(long)]
    delimiter: Option<String>,
    /// List file or folder (repeatable) [config: lists; default the shipped lists plus the
    /// version `lists update` installed].
    #[arg(long = "list", value_name = "PATH")]
    lists: Vec<PathBuf>,
    /// Data directory of installed list versions [config: lists_dir; default VETTER_DATA_DIR or
    /// the platform's data folder].
    #[arg(long, value_name = "DIR")]
    lists_dir: Option<PathBuf>,
    /// Run `lists update` before screening [config: update = true].
    #[arg(long)]
    update: bool,
    /// With --update: install the list files in this folder instead of downloading them
    /// [config: update_from].
    #[arg(long, value_name = "DIR")]
    update_from: Option<PathBuf>,
    /// With --update: when the update fails, `continue` with the installed lists (and say so) or
    /// `stop` [config: on_update_failure; default stop].
    #[arg(long, value_name = "WHAT")]
    on_update_failure: Option<OnUpdateFailure>,
    /// Minimum score that raises an alert [config: threshold; default 0.85].
    #[arg(long)]
    threshold: Option<f64>,
    /// At most this many alerts per vendor [config: max_hits; default 10].
    #[arg(long)]
    max_hits: Option<usize>,
    /// The SQLite state database [config: state].
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Folder for the workbook and CSV files [config: output_dir].
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Testing only: abort the process before the run's transaction commits, as a kill would.
    #[arg(long, hide = true)]
    abort_before_commit: bool,
}

/// Where the state database is: given directly, or read from the job's configuration file.
#[derive(Args)]
#[command(group(ArgGroup::new("where").required(true).args(["config", "state"])))]
pub struct StateArgs {
    /// The job's TOML configuration file (its `state` key names the database).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The SQLite state database.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
}

impl StateArgs {
    fn path(&self) -> vetter::Result<PathBuf> {
        match (&self.state, &self.config) {
            (Some(s), _) => Ok(s.clone()),
            (None, Some(c)) => Settings::from_file(c)?.state.ok_or_else(|| {
                Error::Invalid(format!("{}: no `state` key; pass --state", c.display()))
            }),
            (None, None) => Err(Error::Invalid("pass --config or --state".into())),
        }
    }
}

/// Arguments of `vetter job decide`.
#[derive(Args)]
#[command(group(ArgGroup::new("decision").required(true).args(["clear", "confirm", "escalate"])))]
pub struct DecideArgs {
    /// The vendor's id.
    vendor_id: String,
    /// The list entity's id (as in the workbook's "Entity ID" column).
    entity_id: String,
    /// A false positive: the vendor is not the listed party.
    #[arg(long)]
    clear: bool,
    /// A true match.
    #[arg(long)]
    confirm: bool,
    /// Hand to someone else to decide.
    #[arg(long)]
    escalate: bool,
    /// Who decides.
    #[arg(long, value_name = "NAME")]
    by: String,
    /// Why.
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// With --clear: the last day the clearance holds (YYYY-MM-DD); the alert returns after it.
    #[arg(long, value_name = "DATE", requires = "clear")]
    until: Option<String>,
    #[command(flatten)]
    state: StateArgs,
}

/// Arguments of `vetter job import-decisions`.
#[derive(Args)]
pub struct ImportArgs {
    /// The returned workbook (.xlsx, sheet "New alerts") or new-alerts CSV.
    file: PathBuf,
    #[command(flatten)]
    state: StateArgs,
}

/// Arguments of `vetter job history`.
#[derive(Args)]
pub struct HistoryArgs {
    /// One JSON object per run instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    state: StateArgs,
}

/// Runs `vetter job`.
pub fn run(c: Command) -> vetter::Result<ExitCode> {
    match c {
        Command::Run(a) => run_job(a),
        Command::Decide(a) => decide(a),
        Command::ImportDecisions(a) => import(a),
        Command::History(a) => history(a),
    }
}

fn config(a: &RunArgs) -> vetter::Result<Config> {
    let file = match &a.config {
        Some(p) => Settings::from_file(p)?,
        None => Settings::default(),
    };
    let flags = Settings {
        vendors: (!a.vendors.is_empty()).then(|| a.vendors.clone()),
        id_column: a.id_column.clone(),
        name_column: a.name_column.clone(),
        encoding: a.encoding.clone(),
        delimiter: a.delimiter.clone(),
        lists: (!a.lists.is_empty()).then(|| a.lists.clone()),
        lists_dir: a.lists_dir.clone(),
        update: a.update.then_some(true),
        update_from: a.update_from.clone(),
        on_update_failure: a.on_update_failure,
        threshold: a.threshold,
        max_hits: a.max_hits,
        state: a.state.clone(),
        output_dir: a.output_dir.clone(),
    };
    file.overridden_by(flags).resolve()
}

fn run_job(a: RunArgs) -> vetter::Result<ExitCode> {
    let env = RunEnv {
        now: Timestamp::now(),
        fault: a.abort_before_commit.then_some(Fault::AbortBeforeCommit),
    };
    let result = config(&a).and_then(|c| job::run(&c, &env));
    match result {
        Ok(summary) => {
            for id in &summary.unfinished_runs {
                eprintln!(
                    "vetter: warning: run {id} did not finish (killed or crashed); the state is \
                     as it was before it, and this run screened in its place"
                );
            }
            if let Some(u) = summary
                .lists_update
                .as_deref()
                .filter(|u| u.starts_with("FAILED"))
            {
                eprintln!("vetter: warning: lists update {u}");
            }
            if summary.rows_failed > 0 {
                eprintln!(
                    "vetter: {} vendor rows could not be screened; see the \"Rows not screened\" \
                     sheet",
                    summary.rows_failed
                );
            }
            println!(
                "{}",
                serde_json::to_string(&summary).map_err(|e| Error::Invalid(e.to_string()))?
            );
            Ok(ExitCode::from(summary.exit_code))
        }
        Err(e) => {
            // The scheduler reads one JSON line whatever happens.
            println!(
                "{}",
                serde_json::json!({
                    "status": "failed",
                    "exit_code": job::exit::ERROR,
                    "error": e.to_string(),
                })
            );
            Err(e)
        }
    }
}

fn decide(a: DecideArgs) -> vetter::Result<ExitCode> {
    let kind = if a.clear {
        DecisionKind::Clear
    } else if a.confirm {
        DecisionKind::Confirm
    } else {
        DecisionKind::Escalate
    };
    let until = a.until.as_deref().map(Date::parse).transpose()?;
    let (_lock, mut db) = job::open_for_decisions(&a.state.path()?)?;
    let d = Decision {
        vendor_id: a.vendor_id,
        entity_id: a.entity_id,
        kind,
        by: a.by,
        reason: a.reason,
        until,
    };
    job::decide(&mut db, &d, Timestamp::now())?;
    let until = d.until.map(|u| format!(" until {u}")).unwrap_or_default();
    eprintln!(
        "vetter: vendor {} / entity {}: {} by {}{until}",
        d.vendor_id,
        d.entity_id,
        d.kind.status(),
        d.by
    );
    Ok(ExitCode::SUCCESS)
}

fn import(a: ImportArgs) -> vetter::Result<ExitCode> {
    let (_lock, mut db) = job::open_for_decisions(&a.state.path()?)?;
    let report = job::import_decisions(&mut db, &a.file, Timestamp::now())?;
    eprintln!(
        "vetter: {}: {} decisions applied, {} rows left undecided",
        a.file.display(),
        report.applied,
        report.undecided
    );
    Ok(ExitCode::SUCCESS)
}

fn history(a: HistoryArgs) -> vetter::Result<ExitCode> {
    let path = a.state.path()?;
    if !Path::new(&path).exists() {
        return Err(Error::Invalid(format!(
            "state database {} does not exist; no run has been recorded",
            path.display()
        )));
    }
    let runs = job::StateDb::open(&path)?.runs()?;
    if a.json {
        for r in &runs {
            println!(
                "{}",
                serde_json::to_string(r).map_err(|e| Error::Invalid(e.to_string()))?
            );
        }
    } else {
        print_history(&runs);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_history(runs: &[RunRecord]) {
    let n = |v: Option<i64>| v.map_or("-".to_string(), |v| v.to_string());
    println!(
        "{:>4}  {:<20}  {:<20}  {:<10}  {:>4}  {:<11}  {:>8}  {:>8}  {:>6}  {:>4}  {:>8}  {:>5}  {:>7}",
        "RUN", "STARTED", "FINISHED", "STATUS", "EXIT", "MODE", "ROWS", "SCREENED", "FAILED",
        "NEW", "REOPENED", "OPEN", "CLEARED"
    );
    for r in runs {
        println!(
            "{:>4}  {:<20}  {:<20}  {:<10}  {:>4}  {:<11}  {:>8}  {:>8}  {:>6}  {:>4}  {:>8}  {:>5}  {:>7}",
            r.id,
            r.started_at,
            r.finished_at.as_deref().unwrap_or("-"),
            r.status,
            n(r.exit_code),
            r.mode.as_deref().unwrap_or("-"),
            n(r.vendors_read),
            n(r.vendors_screened),
            n(r.rows_failed),
            n(r.new_alerts),
            n(r.reopened_alerts),
            n(r.open_alerts),
            n(r.cleared_alerts),
        );
        let files = |json: &Option<String>| -> Vec<(String, String)> {
            let v: serde_json::Value = json
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            let mut out = Vec::new();
            for item in v.as_array().into_iter().flatten() {
                // Vendor files carry path + sha256; lists carry their files.
                let inner = item.get("files").and_then(|f| f.as_array());
                for f in inner.map_or_else(|| vec![item], |a| a.iter().collect()) {
                    out.push((
                        f["path"].as_str().unwrap_or("?").to_string(),
                        f["sha256"].as_str().unwrap_or("?").to_string(),
                    ));
                }
            }
            out
        };
        for (path, sha) in files(&r.inputs) {
            println!("      vendors  {path}  sha256 {sha}");
        }
        for (path, sha) in files(&r.lists) {
            println!("      list     {path}  sha256 {sha}");
        }
        if let Some(m) = &r.message {
            if r.status == "failed" || r.status == "unfinished" {
                println!("      {m}");
            }
        }
    }
}
