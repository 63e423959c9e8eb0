//! One run of the nightly job: screen the vendor master, update the alerts in one transaction,
//! write the workbook and CSV files, and record the run.

use crate::job::config::{Config, OnUpdateFailure};
use crate::job::lock::RunLock;
use crate::job::output::{
    decisions_table, new_alerts_table, open_alerts_table, row_errors_table, summary_table,
    write_csv, write_workbook, Cell,
};
use crate::job::state::{meta_get, meta_set, query_alerts, query_decisions, sql_err, StateDb};
use crate::job::time::{Date, Timestamp};
use crate::job::vendors::{hex, read_vendors, InputFile, VendorInput, VendorRow};
use crate::lists::{Entity, Lists};
use crate::report::AtomicFile;
use crate::store::{self, Store};
use crate::update::{self, Origin, UpdateOptions};
use crate::{Error, KindFilter, Options, Result, Screener};
use rayon::prelude::*;
use rusqlite::{params, Connection};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Exit status of a run, for schedulers.
pub mod exit {
    /// Nothing new to review.
    pub const NOTHING_NEW: u8 = 0;
    /// New or re-opened alerts to review.
    pub const NEW_ALERTS: u8 = 1;
    /// The run failed; the state is as it was before it.
    pub const ERROR: u8 = 2;
    /// Some vendor rows could not be screened (listed in the outputs); the rest were.
    pub const INCOMPLETE: u8 = 3;
}

/// A deliberate failure point, for testing that a killed run leaves the state unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Abort the process after every change of the run is written, before it is committed.
    AbortBeforeCommit,
}

/// What the run takes from its surroundings rather than from the configuration.
#[derive(Debug, Clone)]
pub struct RunEnv {
    /// The time the run takes as "now" (the clock, or a chosen time in tests).
    pub now: Timestamp,
    /// A failure to inject, if any.
    pub fault: Option<Fault>,
}

impl RunEnv {
    /// The system clock, no fault.
    pub fn system() -> RunEnv {
        RunEnv {
            now: Timestamp::now(),
            fault: None,
        }
    }
}

/// One list as used by a run.
#[derive(Debug, Clone, Serialize)]
pub struct ListVersion {
    /// Short key.
    pub key: String,
    /// Full name.
    pub name: String,
    /// Entities loaded from it.
    pub entities: usize,
    /// Rows its loader skipped.
    pub skipped: usize,
    /// Its files with their sha256.
    pub files: Vec<crate::lists::ListFile>,
}

/// What a run did: printed as one JSON line for the scheduler, and shown on the Summary sheet.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// Run number.
    pub run: i64,
    /// When it started.
    pub started_at: String,
    /// `ok`, `new-alerts` or `incomplete`.
    pub status: &'static str,
    /// The exit code (see [`exit`]).
    pub exit_code: u8,
    /// `full` (every vendor screened) or `incremental` (only new and changed vendors).
    pub mode: &'static str,
    /// Why that mode.
    pub mode_reason: &'static str,
    /// Earlier runs that were found not to have finished.
    pub unfinished_runs: Vec<i64>,
    /// Vendor files with their sha256.
    pub vendor_files: Vec<InputFile>,
    /// Lists with their files' sha256.
    pub lists: Vec<ListVersion>,
    /// The installed lists version screened against, when the default lists were used.
    pub lists_version: Option<String>,
    /// What the `lists update` before the run did, when `update = true`.
    pub lists_update: Option<String>,
    /// Vendor rows read.
    pub rows_read: usize,
    /// Vendors screened this run.
    pub screened: usize,
    /// Vendors not screened because neither they nor the lists changed.
    pub unchanged: usize,
    /// Vendor rows that could not be screened.
    pub rows_failed: usize,
    /// Vendors that left the master since the last run.
    pub vendors_removed: usize,
    /// Alerts raised for the first time.
    pub new: usize,
    /// Cleared alerts that came back.
    pub reopened: usize,
    /// Alerts waiting for a decision (including the new ones).
    pub open: usize,
    /// Alerts cleared as false positives, still matching.
    pub cleared: usize,
    /// Alerts confirmed as true matches.
    pub confirmed: usize,
    /// Alerts escalated.
    pub escalated: usize,
    /// The files written.
    pub outputs: Vec<PathBuf>,
}

/// Runs the job: loads the configured lists (the shipped ones when none are configured), screens
/// the vendor master and writes the outputs.
pub fn run(config: &Config, env: &RunEnv) -> Result<RunSummary> {
    execute(config, env, || load_lists(config))
}

// The lists a run screens against, and what to say about where they came from.
struct ListSource {
    lists: Lists,
    version: Option<String>,
    update: Option<String>,
}

// The configured list files; or, when none are configured, the shipped lists plus the installed
// version, refreshed first when `update = true`.
fn load_lists(config: &Config) -> Result<ListSource> {
    if !config.lists.is_empty() {
        return Ok(ListSource {
            lists: Lists::load(&config.lists)?,
            version: None,
            update: None,
        });
    }
    let update = config.update.then(|| refresh_lists(config)).transpose()?;
    let (lists, installed) = update::default_lists(config.lists_dir.as_deref())?;
    Ok(ListSource {
        lists,
        version: installed.map(|v| v.describe()),
        update,
    })
}

// Runs `lists update`; says what it did, or fails the run when it failed and the configuration
// says to stop.
fn refresh_lists(config: &Config) -> Result<String> {
    let store = Store::new(store::resolve_dir(config.lists_dir.as_deref())?);
    let url = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.into());
    let origin = match &config.update_from {
        Some(dir) => Origin::Directory(dir.clone()),
        None => Origin::Download(update::remotes(
            &url(update::OFAC_URL_ENV, update::OFAC_BASE_URL),
            &url(update::CSL_URL_ENV, update::CSL_URL),
        )),
    };
    let opts = UpdateOptions {
        origin,
        http: update::HttpOptions::default(),
        max_drop: update::DEFAULT_MAX_DROP,
        force: false,
        keep: update::DEFAULT_KEEP,
    };
    match update::update(&store, &opts, &mut |_| {}) {
        Ok(r) if r.unchanged => Ok(format!("no change: {}", r.version.describe())),
        Ok(r) => Ok(format!("installed {}", r.version.describe())),
        Err(e) => match config.on_update_failure {
            OnUpdateFailure::Stop => Err(Error::Invalid(format!(
                "lists update failed, so the run stopped (on_update_failure = \"stop\"): {e}"
            ))),
            OnUpdateFailure::Continue => Ok(format!(
                "FAILED, screened with the lists already installed (on_update_failure = \"continue\"): {e}"
            )),
        },
    }
}

/// Runs the job with lists already loaded (tests, benchmarks, callers with their own lists).
pub fn run_with_lists(config: &Config, env: &RunEnv, lists: Lists) -> Result<RunSummary> {
    execute(config, env, move || {
        Ok(ListSource {
            lists,
            version: None,
            update: None,
        })
    })
}

// Takes the lock, records the start, loads the lists and does the run; a failure after the start
// is recorded as a failed run.
fn execute(
    config: &Config,
    env: &RunEnv,
    load_lists: impl FnOnce() -> Result<ListSource>,
) -> Result<RunSummary> {
    if let Some(dir) = config.state.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let _lock = RunLock::acquire(&config.lock_path())?;
    let mut db = StateDb::open(&config.state)?;
    let (run_id, unfinished) = db.begin_run(env.now)?;
    let result = load_lists().and_then(|source| {
        let unfinished = unfinished.iter().map(|r| r.id).collect();
        do_run(config, env, &mut db, run_id, unfinished, &source)
    });
    if let Err(e) = &result {
        // The run's own transaction is rolled back; record why in a separate write.
        db.fail_run(run_id, Timestamp::now().max(env.now), &e.to_string())?;
    }
    result
}

// Fingerprints of an entity's names and programmes: when either changes, a clearance against
// the entity no longer stands.
struct EntityPrint {
    names: String,
    programs: String,
}

fn short_hash(parts: impl IntoIterator<Item = impl AsRef<[u8]>>) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_ref());
        h.update([0u8]);
    }
    hex(&h.finalize()[..16])
}

fn entity_print(e: &Entity) -> EntityPrint {
    let mut aliases: Vec<&str> = e.aliases.iter().map(|a| a.name.as_str()).collect();
    aliases.sort_unstable();
    let mut programs: Vec<&str> = e.programs.iter().map(String::as_str).collect();
    programs.sort_unstable();
    EntityPrint {
        names: short_hash(std::iter::once(e.name.as_str()).chain(aliases)),
        programs: short_hash(programs),
    }
}

// What the alerts depend on besides the vendor's name: every entity's names and programmes, the
// screening settings and the engine's version. When it is unchanged, an unchanged vendor would
// get the same hits, so it need not be screened again.
fn screening_fingerprint(config: &Config, prints: &[(&str, EntityPrint)]) -> String {
    let mut ids: Vec<&(&str, EntityPrint)> = prints.iter().collect();
    ids.sort_unstable_by_key(|(id, _)| *id);
    let settings = format!(
        "vetter {} threshold {} max_hits {}",
        env!("CARGO_PKG_VERSION"),
        config.threshold,
        config.max_hits
    );
    short_hash(
        std::iter::once(settings).chain(
            ids.iter()
                .map(|(id, p)| format!("{id} {} {}", p.names, p.programs)),
        ),
    )
}

// One hit, as stored on an alert.
struct Match<'a> {
    entity: &'a Entity,
    matched_name: String,
    score: f64,
}

fn do_run(
    config: &Config,
    env: &RunEnv,
    db: &mut StateDb,
    run_id: i64,
    unfinished_runs: Vec<i64>,
    source: &ListSource,
) -> Result<RunSummary> {
    let lists = &source.lists;
    let now = env.now;
    let screener = Screener::new(lists.to_entities());
    let entities = screener.entities();
    if entities.is_empty() {
        return Err(Error::Invalid(
            "the lists hold no entities; refusing to screen against nothing (check the list \
             files, or run `vetter lists update`)"
                .into(),
        ));
    }
    let input = read_vendors(
        &config.vendors,
        &config.id_column,
        &config.name_column,
        config.input,
    )?;
    if input.vendors.is_empty() && input.errors.is_empty() {
        // An export that lost its rows would otherwise close every alert as "vendor removed".
        return Err(Error::Invalid(format!(
            "the vendor files ({}) hold no rows; refusing to run on an empty vendor master",
            input
                .files
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let prints: Vec<(&str, EntityPrint)> = entities
        .iter()
        .map(|e| (e.id.as_str(), entity_print(e)))
        .collect();
    let fingerprint = screening_fingerprint(config, &prints);
    let prints: HashMap<&str, EntityPrint> = prints.into_iter().collect();
    let opts = Options {
        threshold: config.threshold,
        limit: config.max_hits,
        kind: KindFilter::Any,
    };

    let (tx, path) = db.write()?;
    let err = sql_err(&path);

    let previous = meta_get(&tx, "screening_fingerprint").map_err(&err)?;
    let (mode, mode_reason) = match previous {
        None => ("full", "first run: every vendor screened"),
        Some(p) if p != fingerprint => (
            "full",
            "lists or screening settings changed since the last complete run: every vendor \
             screened",
        ),
        Some(_) => (
            "incremental",
            "lists unchanged since the last complete run: only new and renamed vendors screened",
        ),
    };
    let full = mode == "full";

    // Alerts raised by the previous run are no longer new.
    tx.execute("UPDATE alerts SET status = 'open' WHERE status = 'new'", [])
        .map_err(&err)?;

    let (changed, gone) = compare_with_state(&tx, &input).map_err(&err)?;
    let to_screen: Vec<&VendorRow> = input
        .vendors
        .iter()
        .zip(&changed)
        .filter(|(_, &changed)| full || changed)
        .map(|(v, _)| v)
        .collect();
    // Screened in parallel; `collect` keeps input order, so the outcome does not depend on the
    // number of threads.
    let results: Vec<Vec<Match<'_>>> = to_screen
        .par_iter()
        .map(|v| {
            screener
                .screen(&v.name, &opts)
                .into_iter()
                .map(|h| Match {
                    entity: h.entity,
                    matched_name: h.matched_name.to_string(),
                    score: h.score,
                })
                .collect()
        })
        .collect();

    let writes = AlertWrites {
        conn: &tx,
        run_id,
        now: now.to_string(),
    };
    let mut alerts = writes.existing().map_err(&err)?;
    let mut new_vendor = tx
        .prepare("INSERT INTO vendors (id, name) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET name = excluded.name")
        .map_err(&err)?;
    for (v, matches) in to_screen.iter().zip(&results) {
        new_vendor.execute([&v.id, &v.name]).map_err(&err)?;
        writes
            .record_matches(v, matches, &prints, &mut alerts)
            .map_err(&err)?;
    }
    drop(new_vendor);

    // Vendors no longer in the master: only when every row was read, since a row that could not
    // be read may be one of them.
    let mut vendors_removed = 0;
    if input.errors.is_empty() {
        for id in &gone {
            tx.execute("DELETE FROM vendors WHERE id = ?1", [id])
                .map_err(&err)?;
            tx.execute("UPDATE alerts SET active = 0 WHERE vendor_id = ?1", [id])
                .map_err(&err)?;
            vendors_removed += 1;
        }
    }
    tx.execute(
        "UPDATE alerts SET last_seen = ?1 WHERE active = 1",
        [now.to_string()],
    )
    .map_err(&err)?;
    writes.reopen_cleared(now.date()).map_err(&err)?;
    // An incomplete run leaves the fingerprint as it was, so the next run screens everything
    // again and the rows that failed here are not skipped as "unchanged".
    if input.errors.is_empty() {
        meta_set(&tx, "screening_fingerprint", &fingerprint).map_err(&err)?;
    }

    let count = |filter: &str| -> Result<usize> {
        tx.query_row(
            &format!("SELECT COUNT(*) FROM alerts WHERE {filter}"),
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n as usize)
        .map_err(&err)
    };
    let new = count("status = 'new' AND reopened_because IS NULL")?;
    let reopened = count("status = 'new' AND reopened_because IS NOT NULL")?;
    let (status, exit_code) = if !input.errors.is_empty() {
        ("incomplete", exit::INCOMPLETE)
    } else if new + reopened > 0 {
        ("new-alerts", exit::NEW_ALERTS)
    } else {
        ("ok", exit::NOTHING_NEW)
    };
    let mut summary = RunSummary {
        run: run_id,
        started_at: now.to_string(),
        status,
        exit_code,
        mode,
        mode_reason,
        unfinished_runs,
        vendor_files: input.files.clone(),
        lists: lists
            .lists
            .iter()
            .map(|l| ListVersion {
                key: l.key.clone(),
                name: l.name.clone(),
                entities: l.entities.len(),
                skipped: l.skipped.len(),
                files: l.files.clone(),
            })
            .collect(),
        lists_version: source.version.clone(),
        lists_update: source.update.clone(),
        rows_read: input.vendors.len() + input.errors.len(),
        screened: to_screen.len(),
        unchanged: input.vendors.len() - to_screen.len(),
        rows_failed: input.errors.len(),
        vendors_removed,
        new,
        reopened,
        open: count("active = 1 AND status IN ('new', 'open')")?,
        cleared: count("active = 1 AND status = 'cleared'")?,
        confirmed: count("active = 1 AND status = 'confirmed'")?,
        escalated: count("active = 1 AND status = 'escalated'")?,
        outputs: Vec::new(),
    };

    tx.execute(
        "UPDATE runs SET finished_at = ?2, status = ?3, exit_code = ?4, mode = ?5, inputs = ?6,
             lists = ?7, vendors_read = ?8, vendors_screened = ?9, rows_failed = ?10,
             new_alerts = ?11, reopened_alerts = ?12, open_alerts = ?13, cleared_alerts = ?14,
             message = ?15
         WHERE id = ?1",
        params![
            run_id,
            Timestamp::now().max(now).to_string(),
            status,
            exit_code,
            mode,
            to_json(&summary.vendor_files),
            to_json(&summary.lists),
            summary.rows_read as i64,
            summary.screened as i64,
            summary.rows_failed as i64,
            summary.new as i64,
            summary.reopened as i64,
            summary.open as i64,
            summary.cleared as i64,
            mode_reason,
        ],
    )
    .map_err(&err)?;

    if env.fault == Some(Fault::AbortBeforeCommit) {
        // Dies as a killed process would: no unwinding, no rollback, the transaction open.
        std::process::abort();
    }

    // Outputs are complete and in place before the state moves on: if writing them fails, the
    // run is rolled back and its alerts are reported again next time rather than lost.
    let files = write_outputs(config, &tx, &summary, &input)
        .map_err(|e| Error::Invalid(format!("writing the outputs failed, run not kept: {e}")))?;
    for file in files {
        summary.outputs.push(file.path().to_path_buf());
        file.commit()?;
    }
    tx.commit().map_err(&err)?;
    Ok(summary)
}

// Run details as stored in the runs table.
fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

// Which input vendors are new or renamed since they were last screened (by input index), and
// which vendors of the state database are no longer in the input: one merge of the input and the
// vendors table, both in id order, rather than a million-entry hash map.
fn compare_with_state(
    conn: &Connection,
    input: &VendorInput,
) -> rusqlite::Result<(Vec<bool>, Vec<String>)> {
    let vendors = &input.vendors;
    let mut changed = vec![true; vendors.len()];
    let mut gone = Vec::new();
    let mut stmt = conn.prepare("SELECT id, name FROM vendors ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut next = input.by_id.iter().peekable();
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str()?;
        // Input vendors before this id are not in the table: new, so left as changed.
        while next.next_if(|&&i| vendors[i].id.as_str() < id).is_some() {}
        match next.next_if(|&&i| vendors[i].id == id) {
            Some(&i) => changed[i] = vendors[i].name != r.get_ref(1)?.as_str()?,
            None => gone.push(id.to_string()),
        }
    }
    Ok((changed, gone))
}

// The alert writes of one run.
struct AlertWrites<'c> {
    conn: &'c Connection,
    run_id: i64,
    now: String,
}

// Existing alerts: every (vendor, entity) key, and the active ones by vendor.
struct Existing {
    keys: HashSet<(String, String)>,
    active: HashMap<String, Vec<String>>,
}

impl AlertWrites<'_> {
    fn existing(&self) -> rusqlite::Result<Existing> {
        let mut stmt = self
            .conn
            .prepare("SELECT vendor_id, entity_id, active FROM alerts")?;
        let mut rows = stmt.query([])?;
        let mut ex = Existing {
            keys: HashSet::new(),
            active: HashMap::new(),
        };
        while let Some(r) = rows.next()? {
            let (v, e, active): (String, String, bool) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if active {
                ex.active.entry(v.clone()).or_default().push(e.clone());
            }
            ex.keys.insert((v, e));
        }
        Ok(ex)
    }

    // Raises or refreshes the vendor's alerts for `matches`, and marks its other active alerts as
    // no longer matching.
    fn record_matches(
        &self,
        v: &VendorRow,
        matches: &[Match<'_>],
        prints: &HashMap<&str, EntityPrint>,
        alerts: &mut Existing,
    ) -> rusqlite::Result<()> {
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO alerts (vendor_id, entity_id, vendor_name, entity_name, matched_name,
                 list, programs, score, first_seen, last_seen, raised_run, status, active,
                 names_hash, programs_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, 'new', 1, ?11, ?12)",
        )?;
        let mut update = self.conn.prepare_cached(
            "UPDATE alerts SET vendor_name = ?3, entity_name = ?4, matched_name = ?5, list = ?6,
                 programs = ?7, score = ?8, last_seen = ?9, active = 1, names_hash = ?11,
                 programs_hash = ?12
             WHERE vendor_id = ?1 AND entity_id = ?2",
        )?;
        for m in matches {
            let e = m.entity;
            let print = &prints[e.id.as_str()];
            let args = params![
                v.id,
                e.id,
                v.name,
                e.name,
                m.matched_name,
                e.list,
                e.programs.join("; "),
                m.score,
                self.now,
                self.run_id,
                print.names,
                print.programs,
            ];
            if alerts.keys.contains(&(v.id.clone(), e.id.clone())) {
                update.execute(args)?;
            } else {
                insert.execute(args)?;
                alerts.keys.insert((v.id.clone(), e.id.clone()));
            }
        }
        if let Some(active) = alerts.active.remove(&v.id) {
            let mut deactivate = self.conn.prepare_cached(
                "UPDATE alerts SET active = 0 WHERE vendor_id = ?1 AND entity_id = ?2",
            )?;
            for entity in active {
                if !matches.iter().any(|m| m.entity.id == entity) {
                    deactivate.execute([&v.id, &entity])?;
                }
            }
        }
        Ok(())
    }

    // Re-opens every cleared alert whose vendor name, entity names or programmes changed since it
    // was cleared, or whose clearance ran out, and records why in the audit trail.
    fn reopen_cleared(&self, today: Date) -> rusqlite::Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT vendor_id, entity_id, vendor_name, cleared_vendor_name, names_hash,
                    cleared_names_hash, programs_hash, cleared_programs_hash, clear_until
             FROM alerts WHERE status = 'cleared' AND active = 1",
        )?;
        let rows: Vec<[Option<String>; 9]> = stmt
            .query_map([], |r| {
                Ok([
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ])
            })?
            .collect::<rusqlite::Result<_>>()?;
        for [vendor, entity, name, cleared_name, names, cleared_names, programs, cleared_programs, until] in
            rows
        {
            let mut why = Vec::new();
            if name != cleared_name {
                why.push(format!(
                    "vendor renamed from {:?} to {:?}",
                    cleared_name.unwrap_or_default(),
                    name.unwrap_or_default()
                ));
            }
            if names != cleared_names {
                why.push("list entity's names changed".to_string());
            }
            if programs != cleared_programs {
                why.push("list entity's programs changed".to_string());
            }
            if let Some(until) = until {
                // A date that no longer parses cannot keep an alert quiet.
                if Date::parse(&until).map_or(true, |u| u < today) {
                    why.push(format!("clearance expired on {until}"));
                }
            }
            if why.is_empty() {
                continue;
            }
            let why = why.join("; ");
            self.conn.execute(
                "UPDATE alerts SET status = 'new', reopened_because = ?3, raised_run = ?4
                 WHERE vendor_id = ?1 AND entity_id = ?2",
                params![vendor, entity, why, self.run_id],
            )?;
            self.conn.execute(
                "INSERT INTO decisions
                     (decided_at, vendor_id, entity_id, decision, decided_by, reason, source)
                 VALUES (?1, ?2, ?3, 'reopen', ?4, ?5, ?4)",
                params![
                    self.now,
                    vendor,
                    entity,
                    format!("vetter run {}", self.run_id),
                    why
                ],
            )?;
        }
        Ok(())
    }
}

fn write_outputs(
    config: &Config,
    conn: &Connection,
    summary: &RunSummary,
    input: &VendorInput,
) -> Result<Vec<AtomicFile>> {
    let dir = &config.output_dir;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let err = sql_err(&config.state);
    let new_alerts =
        query_alerts(conn, "WHERE status = 'new' AND active = 1", &[]).map_err(&err)?;
    let open_alerts = query_alerts(
        conn,
        "WHERE active = 1 AND status IN ('new', 'open', 'escalated', 'confirmed')",
        &[],
    )
    .map_err(&err)?;
    let decisions = query_decisions(conn).map_err(&err)?;
    let errors: Vec<(String, u64, String)> = input
        .errors
        .iter()
        .map(|e| (e.file.clone(), e.line, e.problem.clone()))
        .collect();
    let tables = [
        summary_table(summary_items(summary)),
        new_alerts_table(&new_alerts),
        open_alerts_table(&open_alerts),
        decisions_table(&decisions),
        row_errors_table(&errors),
    ];
    let stem = format!("run-{:06}", summary.run);
    let mut files = vec![write_workbook(&dir.join(format!("{stem}.xlsx")), &tables)?];
    for table in &tables[1..] {
        files.push(write_csv(
            &dir.join(format!("{stem}-{}.csv", table.file)),
            table,
        )?);
    }
    Ok(files)
}

fn summary_items(s: &RunSummary) -> Vec<(String, Cell)> {
    let text = |k: &str, v: String| (k.to_string(), Cell::Text(v));
    let int = |k: &str, v: usize| (k.to_string(), Cell::Int(v as i64));
    let mut items = vec![
        int("Run", s.run as usize),
        text("Run time (UTC)", s.started_at.clone()),
        text("Result", s.status.to_string()),
        int("Exit code", s.exit_code.into()),
        text("Screening", format!("{}: {}", s.mode, s.mode_reason)),
    ];
    if !s.unfinished_runs.is_empty() {
        let ids: Vec<String> = s.unfinished_runs.iter().map(|r| r.to_string()).collect();
        items.push(text(
            "WARNING",
            format!(
                "run(s) {} did not finish; their changes were not kept",
                ids.join(", ")
            ),
        ));
    }
    if let Some(u) = &s.lists_update {
        items.push(text("Lists update", u.clone()));
    }
    if let Some(v) = &s.lists_version {
        items.push(text("Lists version", v.clone()));
    }
    for f in &s.vendor_files {
        items.push(text(
            "Vendor file",
            format!("{} ({} rows, sha256 {})", f.path, f.rows, f.sha256),
        ));
    }
    for l in &s.lists {
        let files: Vec<String> = l
            .files
            .iter()
            .map(|f| format!("{} sha256 {}", f.path, f.sha256))
            .collect();
        items.push(text(
            "List",
            format!(
                "{} ({}): {} entities, {} rows skipped; {}",
                l.key,
                l.name,
                l.entities,
                l.skipped,
                files.join(", ")
            ),
        ));
    }
    items.extend([
        int("Vendor rows read", s.rows_read),
        int("Vendors screened", s.screened),
        int("Vendors unchanged (not screened)", s.unchanged),
        int("Vendor rows not screened (errors)", s.rows_failed),
        int("Vendors removed from master", s.vendors_removed),
        int("New alerts", s.new),
        int("Re-opened alerts", s.reopened),
        int("Open alerts (awaiting decision)", s.open),
        int("Cleared alerts", s.cleared),
        int("Confirmed alerts", s.confirmed),
        int("Escalated alerts", s.escalated),
    ]);
    items
}
