//! The nightly screening job: screen the whole vendor master, remember what reviewers decided,
//! and report only what is new.
//!
//! - [`config`]: the TOML configuration (every key also a flag).
//! - [`state`]: the SQLite state database (alerts, decisions, vendors, runs).
//! - [`run`]: one run, in one transaction, with the exit status a scheduler reads.
//! - [`decisions`]: `decide` and `import-decisions`.
//! - [`output`]: the workbook and CSV files for the finance team.
//! - [`lock`]: the lock that refuses a second run while one is going.
//! - [`time`]: UTC timestamps and dates ("now" is passed in, so tests can move time).
//! - [`vendors`]: the vendor master as (id, name) rows, read with [`crate::input`].

pub mod config;
pub mod decisions;
pub mod lock;
pub mod output;
pub mod run;
pub mod state;
pub mod time;
pub mod vendors;

pub use config::{Config, Settings};
pub use decisions::{decide, import_decisions, Decision, DecisionKind, ImportReport};
pub use run::{exit, run, run_with_lists, Fault, RunEnv, RunSummary};
pub use state::{Alert, AlertStatus, DecisionRecord, RunRecord, StateDb};
pub use time::{Date, Timestamp};

use crate::Result;
use std::path::Path;

/// Opens the state database at `state` for a decision, holding the run lock so that a decision
/// never lands in the middle of a run.
pub fn open_for_decisions(state: &Path) -> Result<(lock::RunLock, StateDb)> {
    let lock = lock::RunLock::acquire(&config::lock_path_for(state))?;
    if !state.exists() {
        return Err(crate::Error::Invalid(format!(
            "state database {} does not exist; run `vetter job run` first",
            state.display()
        )));
    }
    Ok((lock, StateDb::open(state)?))
}
