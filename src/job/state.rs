//! The job's state database (SQLite): vendors as last screened, alerts with their decisions, the
//! audit trail of decisions, and the record of every run.
//!
//! A run writes a `running` row in its own committed write first, then does all its work in one
//! transaction that also marks that row finished. A run that is killed therefore leaves the state
//! as it was, and its `running` row tells the next run that it did not finish.

use crate::job::time::Timestamp;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// The schema version this code reads and writes (SQLite `user_version`).
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE runs (
    id                INTEGER PRIMARY KEY,
    started_at        TEXT NOT NULL,
    finished_at       TEXT,
    status            TEXT NOT NULL,
    exit_code         INTEGER,
    mode              TEXT,
    inputs            TEXT,
    lists             TEXT,
    vendors_read      INTEGER,
    vendors_screened  INTEGER,
    rows_failed       INTEGER,
    new_alerts        INTEGER,
    reopened_alerts   INTEGER,
    open_alerts       INTEGER,
    cleared_alerts    INTEGER,
    message           TEXT
);
CREATE TABLE vendors (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE alerts (
    vendor_id             TEXT NOT NULL,
    entity_id             TEXT NOT NULL,
    vendor_name           TEXT NOT NULL,
    entity_name           TEXT NOT NULL,
    matched_name          TEXT NOT NULL,
    list                  TEXT NOT NULL,
    programs              TEXT NOT NULL,
    score                 REAL NOT NULL,
    first_seen            TEXT NOT NULL,
    last_seen             TEXT NOT NULL,
    raised_run            INTEGER NOT NULL,
    status                TEXT NOT NULL,
    active                INTEGER NOT NULL,
    reopened_because      TEXT,
    names_hash            TEXT NOT NULL,
    programs_hash         TEXT NOT NULL,
    decided_by            TEXT,
    decided_at            TEXT,
    reason                TEXT,
    clear_until           TEXT,
    cleared_vendor_name   TEXT,
    cleared_names_hash    TEXT,
    cleared_programs_hash TEXT,
    PRIMARY KEY (vendor_id, entity_id)
) WITHOUT ROWID;
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    decided_at  TEXT NOT NULL,
    vendor_id   TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    decision    TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    clear_until TEXT,
    source      TEXT NOT NULL
);
";

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertStatus {
    /// Raised (or re-opened) by the latest run that touched it, not yet decided.
    New,
    /// Raised by an earlier run, not yet decided.
    Open,
    /// Decided to be a false positive; not reported again until something changes.
    Cleared,
    /// Decided to be a true match.
    Confirmed,
    /// Handed to someone else to decide.
    Escalated,
}

impl AlertStatus {
    /// The word stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertStatus::New => "new",
            AlertStatus::Open => "open",
            AlertStatus::Cleared => "cleared",
            AlertStatus::Confirmed => "confirmed",
            AlertStatus::Escalated => "escalated",
        }
    }

    fn parse(s: &str) -> Result<AlertStatus> {
        Ok(match s {
            "new" => AlertStatus::New,
            "open" => AlertStatus::Open,
            "cleared" => AlertStatus::Cleared,
            "confirmed" => AlertStatus::Confirmed,
            "escalated" => AlertStatus::Escalated,
            other => {
                return Err(Error::Invalid(format!(
                    "state database holds an unknown alert status {other:?}"
                )))
            }
        })
    }
}

impl fmt::Display for AlertStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One alert: a vendor that matched a list entity.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    /// The vendor's id in the vendor master.
    pub vendor_id: String,
    /// The list entity's id.
    pub entity_id: String,
    /// The vendor's name when last screened.
    pub vendor_name: String,
    /// The entity's primary name.
    pub entity_name: String,
    /// The entity's name (primary or alias) that matched.
    pub matched_name: String,
    /// The list that carries the entity.
    pub list: String,
    /// The entity's programmes, joined with `; `.
    pub programs: String,
    /// Match score in [0, 1].
    pub score: f64,
    /// When the match was first seen.
    pub first_seen: String,
    /// When the match was last seen.
    pub last_seen: String,
    /// The run that last raised (or re-opened) it.
    pub raised_run: i64,
    /// Where it stands.
    pub status: AlertStatus,
    /// Whether the vendor still matches the entity (false once the vendor or entity changed so
    /// that it no longer does, or the vendor left the master).
    pub active: bool,
    /// Why a cleared alert came back, when it did.
    pub reopened_because: Option<String>,
    /// Who made the latest decision.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// Last day a clearance holds (`YYYY-MM-DD`), if it expires.
    pub clear_until: Option<String>,
}

/// One decision in the audit trail (including the job's own re-openings).
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRecord {
    /// When.
    pub decided_at: String,
    /// The vendor.
    pub vendor_id: String,
    /// The list entity.
    pub entity_id: String,
    /// `clear`, `confirm`, `escalate`, or `reopen` for the job's own re-openings.
    pub decision: String,
    /// Who (`vetter run N` for re-openings).
    pub decided_by: String,
    /// Why.
    pub reason: String,
    /// Last day of a clearance, if any.
    pub clear_until: Option<String>,
    /// Where the decision came from (`decide`, `import FILE`, `run N`).
    pub source: String,
}

/// One run as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct RunRecord {
    /// Run number.
    pub id: i64,
    /// When it started.
    pub started_at: String,
    /// When it finished; `None` if it did not.
    pub finished_at: Option<String>,
    /// `running` (still going, or killed), `unfinished` (found killed by a later run), `ok`,
    /// `new-alerts`, `incomplete`, `failed`.
    pub status: String,
    /// The exit code it ended with.
    pub exit_code: Option<i64>,
    /// `full` or `incremental`.
    pub mode: Option<String>,
    /// Input files with sha256 (JSON).
    pub inputs: Option<String>,
    /// List files with sha256 (JSON).
    pub lists: Option<String>,
    /// Vendor rows read.
    pub vendors_read: Option<i64>,
    /// Vendors screened.
    pub vendors_screened: Option<i64>,
    /// Vendor rows that could not be screened.
    pub rows_failed: Option<i64>,
    /// New alerts.
    pub new_alerts: Option<i64>,
    /// Re-opened alerts.
    pub reopened_alerts: Option<i64>,
    /// Open alerts after the run.
    pub open_alerts: Option<i64>,
    /// Cleared alerts after the run.
    pub cleared_alerts: Option<i64>,
    /// Error or remark.
    pub message: Option<String>,
}

/// An open state database.
pub struct StateDb {
    conn: Connection,
    path: PathBuf,
}

pub(crate) fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Invalid(format!("state database {}: {e}", path.display()))
}

impl StateDb {
    /// Opens (creating when absent) the state database at `path`.
    pub fn open(path: &Path) -> Result<StateDb> {
        let err = sql_err(path);
        let conn = Connection::open(path).map_err(&err)?;
        // WAL keeps readers (history, decide) off the writer's back; FULL sync because this is
        // the record of compliance decisions.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(&err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(&err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(&err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(&err)?;
        match version {
            0 => {
                conn.execute_batch(&format!(
                    "BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                ))
                .map_err(&err)?;
            }
            SCHEMA_VERSION => {}
            other => {
                return Err(Error::Invalid(format!(
                    "state database {}: schema version {other} is not one this vetter knows \
                     ({SCHEMA_VERSION}); use the vetter that wrote it",
                    path.display()
                )))
            }
        }
        Ok(StateDb {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        sql_err(&self.path)
    }

    /// Opens a write transaction at once (IMMEDIATE, so a later writer waits rather than
    /// fails midway), with the database's path for error messages.
    pub(crate) fn write(&mut self) -> Result<(rusqlite::Transaction<'_>, std::path::PathBuf)> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_err(&path))?;
        Ok((tx, path))
    }

    /// Records the start of a run in its own committed write, and marks any earlier run still
    /// `running` as `unfinished` (the lock guarantees no other run is going). Returns the new run's
    /// number and the earlier runs that did not finish.
    pub fn begin_run(&mut self, now: Timestamp) -> Result<(i64, Vec<RunRecord>)> {
        let (tx, path) = self.write()?;
        let err = sql_err(&path);
        let unfinished = query_runs(&tx, "WHERE status = 'running'").map_err(&err)?;
        tx.execute(
            "UPDATE runs SET status = 'unfinished',
                 message = 'did not finish (killed or crashed); its changes were not kept'
             WHERE status = 'running'",
            [],
        )
        .map_err(&err)?;
        tx.execute(
            "INSERT INTO runs (started_at, status) VALUES (?1, 'running')",
            [now.to_string()],
        )
        .map_err(&err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(&err)?;
        Ok((id, unfinished))
    }

    /// Records that run `id` failed with `message` (after its transaction was rolled back).
    pub fn fail_run(&mut self, id: i64, now: Timestamp, message: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE runs SET status = 'failed', finished_at = ?2, exit_code = 2, message = ?3
                 WHERE id = ?1",
                params![id, now.to_string(), message],
            )
            .map_err(sql_err(&self.path))?;
        Ok(())
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunRecord>> {
        query_runs(&self.conn, "").map_err(self.err())
    }

    /// One alert.
    pub fn alert(&self, vendor_id: &str, entity_id: &str) -> Result<Option<Alert>> {
        query_alerts(
            &self.conn,
            "WHERE vendor_id = ?1 AND entity_id = ?2",
            &[&vendor_id, &entity_id],
        )
        .map(|mut v| v.pop())
        .map_err(self.err())
    }

    /// Every alert, by vendor then entity.
    pub fn alerts(&self) -> Result<Vec<Alert>> {
        query_alerts(&self.conn, "", &[]).map_err(self.err())
    }

    /// The audit trail, oldest first.
    pub fn decisions(&self) -> Result<Vec<DecisionRecord>> {
        query_decisions(&self.conn).map_err(self.err())
    }
}

const RUN_COLUMNS: &str = "id, started_at, finished_at, status, exit_code, mode, inputs, lists,
    vendors_read, vendors_screened, rows_failed, new_alerts, reopened_alerts, open_alerts,
    cleared_alerts, message";

fn query_runs(conn: &Connection, filter: &str) -> rusqlite::Result<Vec<RunRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {RUN_COLUMNS} FROM runs {filter} ORDER BY id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(RunRecord {
            id: r.get(0)?,
            started_at: r.get(1)?,
            finished_at: r.get(2)?,
            status: r.get(3)?,
            exit_code: r.get(4)?,
            mode: r.get(5)?,
            inputs: r.get(6)?,
            lists: r.get(7)?,
            vendors_read: r.get(8)?,
            vendors_screened: r.get(9)?,
            rows_failed: r.get(10)?,
            new_alerts: r.get(11)?,
            reopened_alerts: r.get(12)?,
            open_alerts: r.get(13)?,
            cleared_alerts: r.get(14)?,
            message: r.get(15)?,
        })
    })?;
    rows.collect()
}

const ALERT_COLUMNS: &str = "vendor_id, entity_id, vendor_name, entity_name, matched_name, list,
    programs, score, first_seen, last_seen, raised_run, status, active, reopened_because,
    decided_by, decided_at, reason, clear_until";

/// Alerts matching `filter` (an SQL `WHERE` clause or empty), by vendor then entity.
pub(crate) fn query_alerts(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Vec<Alert>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ALERT_COLUMNS} FROM alerts {filter} ORDER BY vendor_id, entity_id"
    ))?;
    let rows = stmt.query_map(args, |r| {
        let status: String = r.get(11)?;
        Ok(Alert {
            vendor_id: r.get(0)?,
            entity_id: r.get(1)?,
            vendor_name: r.get(2)?,
            entity_name: r.get(3)?,
            matched_name: r.get(4)?,
            list: r.get(5)?,
            programs: r.get(6)?,
            score: r.get(7)?,
            first_seen: r.get(8)?,
            last_seen: r.get(9)?,
            raised_run: r.get(10)?,
            status: AlertStatus::parse(&status).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    11,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            active: r.get(12)?,
            reopened_because: r.get(13)?,
            decided_by: r.get(14)?,
            decided_at: r.get(15)?,
            reason: r.get(16)?,
            clear_until: r.get(17)?,
        })
    })?;
    rows.collect()
}

/// The audit trail, oldest first.
pub(crate) fn query_decisions(conn: &Connection) -> rusqlite::Result<Vec<DecisionRecord>> {
    let mut stmt = conn.prepare(
        "SELECT decided_at, vendor_id, entity_id, decision, decided_by, reason, clear_until,
                source
         FROM decisions ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(DecisionRecord {
            decided_at: r.get(0)?,
            vendor_id: r.get(1)?,
            entity_id: r.get(2)?,
            decision: r.get(3)?,
            decided_by: r.get(4)?,
            reason: r.get(5)?,
            clear_until: r.get(6)?,
            source: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// A value from the `meta` table.
pub(crate) fn meta_get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

/// Sets a value in the `meta` table.
pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_run_is_reported_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let now = Timestamp::parse("2026-01-05T02:00:00Z").unwrap();
        let mut db = StateDb::open(&path).unwrap();
        let (first, unfinished) = db.begin_run(now).unwrap();
        assert!(unfinished.is_empty());
        drop(db);
        let mut db = StateDb::open(&path).unwrap();
        let (second, unfinished) = db.begin_run(now).unwrap();
        assert_eq!(unfinished.len(), 1);
        assert_eq!(unfinished[0].id, first);
        assert!(second > first);
        let runs = db.runs().unwrap();
        assert_eq!(runs[0].status, "unfinished");
        assert_eq!(runs[1].status, "running");
    }

    #[test]
    fn a_database_from_a_newer_vetter_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        let e = StateDb::open(&path).err().unwrap().to_string();
        assert!(e.contains("schema version 99"), "{e}");
    }
}
