//! Reviewers' decisions on alerts: one at a time (`vetter job decide`) or a whole reviewed sheet
//! at once (`vetter job import-decisions`), which is validated row by row and applied in full or
//! not at all.

use crate::input::{CsvInput, InputOptions, Record};
use crate::job::output::NEW_ALERTS_SHEET;
use crate::job::state::{sql_err, AlertStatus, StateDb};
use crate::job::time::{Date, Timestamp};
use crate::{Error, Result};
use calamine::{open_workbook_auto, Data, Reader};
use rusqlite::{params, Connection};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// What a reviewer decided about an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// A false positive: the vendor is not the listed party.
    Clear,
    /// A true match.
    Confirm,
    /// Needs someone else to decide.
    Escalate,
}

impl DecisionKind {
    /// Reads a decision word: `clear` (or `cleared`, `false positive`), `confirm` (`confirmed`,
    /// `true match`), `escalate` (`escalated`), in any case.
    pub fn parse(word: &str) -> Option<DecisionKind> {
        match word.trim().to_lowercase().as_str() {
            "clear" | "cleared" | "false positive" => Some(DecisionKind::Clear),
            "confirm" | "confirmed" | "true match" => Some(DecisionKind::Confirm),
            "escalate" | "escalated" => Some(DecisionKind::Escalate),
            _ => None,
        }
    }

    /// The word stored in the audit trail.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Clear => "clear",
            DecisionKind::Confirm => "confirm",
            DecisionKind::Escalate => "escalate",
        }
    }

    /// The status an alert takes after this decision.
    pub fn status(self) -> AlertStatus {
        match self {
            DecisionKind::Clear => AlertStatus::Cleared,
            DecisionKind::Confirm => AlertStatus::Confirmed,
            DecisionKind::Escalate => AlertStatus::Escalated,
        }
    }
}

impl fmt::Display for DecisionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One decision on one alert.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The vendor's id.
    pub vendor_id: String,
    /// The list entity's id.
    pub entity_id: String,
    /// What was decided.
    pub kind: DecisionKind,
    /// Who decided.
    pub by: String,
    /// Why.
    pub reason: String,
    /// For a clearance: the last day it holds. The alert comes back the day after.
    pub until: Option<Date>,
}

impl Decision {
    // What is wrong with the decision itself, before looking at the database.
    fn problem(&self, today: Date) -> Option<String> {
        if self.by.trim().is_empty() {
            return Some("who decided (\"decided by\") is missing".into());
        }
        if self.reason.trim().is_empty() {
            return Some("the reason is missing".into());
        }
        match self.until {
            Some(_) if self.kind != DecisionKind::Clear => Some(format!(
                "a \"clear until\" date only applies to a clearance, not to {}",
                self.kind
            )),
            Some(d) if d < today => Some(format!(
                "\"clear until\" {d} is in the past (today is {today})"
            )),
            _ => None,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Decisions applied.
    pub applied: usize,
    /// Rows left without a decision (skipped; they stay open).
    pub undecided: usize,
}

/// Records one decision (from `vetter job decide`).
pub fn decide(db: &mut StateDb, decision: &Decision, now: Timestamp) -> Result<()> {
    if let Some(p) = decision.problem(now.date()) {
        return Err(Error::Invalid(format!("decision refused: {p}")));
    }
    let (tx, path) = db.write()?;
    let err = sql_err(&path);
    if !alert_exists(&tx, &decision.vendor_id, &decision.entity_id).map_err(&err)? {
        return Err(unknown_alert(&decision.vendor_id, &decision.entity_id));
    }
    apply(&tx, decision, now, "decide").map_err(&err)?;
    tx.commit().map_err(&err)?;
    Ok(())
}

fn unknown_alert(vendor: &str, entity: &str) -> Error {
    Error::Invalid(format!(
        "there is no alert for vendor {vendor:?} and list entity {entity:?}; \
         see the workbook's sheets for the alerts there are"
    ))
}

fn alert_exists(conn: &Connection, vendor: &str, entity: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM alerts WHERE vendor_id = ?1 AND entity_id = ?2)",
        [vendor, entity],
        |r| r.get(0),
    )
}

// Sets the alert's decision, remembering what the vendor and entity looked like so a later change
// re-opens a clearance, and appends to the audit trail.
fn apply(conn: &Connection, d: &Decision, now: Timestamp, source: &str) -> rusqlite::Result<()> {
    let until = d.until.map(|u| u.to_string());
    conn.execute(
        "UPDATE alerts SET status = ?3, decided_by = ?4, decided_at = ?5, reason = ?6,
             clear_until = ?7, reopened_because = NULL,
             cleared_vendor_name = vendor_name, cleared_names_hash = names_hash,
             cleared_programs_hash = programs_hash
         WHERE vendor_id = ?1 AND entity_id = ?2",
        params![
            d.vendor_id,
            d.entity_id,
            d.kind.status().as_str(),
            d.by.trim(),
            now.to_string(),
            d.reason.trim(),
            until
        ],
    )?;
    conn.execute(
        "INSERT INTO decisions
             (decided_at, vendor_id, entity_id, decision, decided_by, reason, clear_until, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            now.to_string(),
            d.vendor_id,
            d.entity_id,
            d.kind.as_str(),
            d.by.trim(),
            d.reason.trim(),
            until,
            source
        ],
    )?;
    Ok(())
}

/// The columns an import reads, by header (compared ignoring case, spaces and punctuation).
const IMPORT_COLUMNS: [&str; 6] = [
    "Vendor ID",
    "Entity ID",
    "Decision",
    "Decided by",
    "Reason",
    "Clear until",
];

/// Applies the decisions filled in on a returned new-alerts sheet: the workbook (`.xlsx`, sheet
/// "New alerts") or the new-alerts CSV. Rows with no decision filled in are skipped. Every other
/// row must name a known alert, a decision word, who and why, and a valid date if any; if any row
/// does not, nothing is applied and the error lists every bad row.
pub fn import_decisions(db: &mut StateDb, file: &Path, now: Timestamp) -> Result<ImportReport> {
    let rows = read_rows(file)?;
    let (tx, path) = db.write()?;
    let err = sql_err(&path);
    let today = now.date();
    let mut problems = Vec::new();
    let mut decisions = Vec::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut undecided = 0;
    for row in rows {
        let [vendor_id, entity_id, decision, by, reason, until] = row.values;
        if [&decision, &by, &reason, &until]
            .iter()
            .all(|v| v.is_empty())
        {
            undecided += 1;
            continue;
        }
        // Every problem of the row, so the reviewer fixes it in one go.
        let mut wrong: Vec<String> = Vec::new();
        if vendor_id.is_empty() || entity_id.is_empty() {
            wrong.push("the vendor ID or entity ID is empty".into());
        } else if !alert_exists(&tx, &vendor_id, &entity_id).map_err(&err)? {
            wrong.push(format!(
                "no alert for vendor {vendor_id:?} and entity {entity_id:?}"
            ));
        } else if !seen.insert((vendor_id.clone(), entity_id.clone())) {
            wrong.push(format!(
                "a second decision for vendor {vendor_id:?} and entity {entity_id:?}"
            ));
        }
        let kind = DecisionKind::parse(&decision);
        if kind.is_none() {
            wrong.push(if decision.is_empty() {
                "the decision is empty (write clear, confirm or escalate)".into()
            } else {
                format!("decision {decision:?} is not clear, confirm or escalate")
            });
        }
        let until = if until.is_empty() {
            None
        } else {
            match Date::parse(&until) {
                Ok(d) => Some(d),
                Err(e) => {
                    wrong.push(format!("clear until: {e}"));
                    None
                }
            }
        };
        let d = Decision {
            vendor_id,
            entity_id,
            // Stands in only to check the rest of the row; a row without a valid decision word
            // is already wrong and is never applied.
            kind: kind.unwrap_or(DecisionKind::Clear),
            by,
            reason,
            until,
        };
        wrong.extend(d.problem(today));
        if wrong.is_empty() {
            decisions.push(d);
        } else {
            problems.push(format!("row {}: {}", row.number, wrong.join("; ")));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(format!(
            "{}: import refused, no decision was applied; fix these rows and import again:\n  {}",
            file.display(),
            problems.join("\n  ")
        )));
    }
    let source = format!("import {}", file.display());
    for d in &decisions {
        apply(&tx, d, now, &source).map_err(&err)?;
    }
    tx.commit().map_err(&err)?;
    Ok(ImportReport {
        applied: decisions.len(),
        undecided,
    })
}

struct ImportRow {
    // 1-based row (XLSX) or line (CSV) number, as the reviewer sees it.
    number: u64,
    // The IMPORT_COLUMNS values, trimmed.
    values: [String; 6],
}

fn header_key(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// Positions of the IMPORT_COLUMNS in `headers`.
fn column_positions(file: &Path, headers: &[String]) -> Result<[usize; 6]> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut pos = [0; 6];
    for (i, want) in IMPORT_COLUMNS.iter().enumerate() {
        pos[i] = keys
            .iter()
            .position(|k| *k == header_key(want))
            .ok_or_else(|| {
                Error::parse(
                    file,
                    Some(1),
                    Some(want),
                    format!(
                        "column {want:?} is missing; import the \"{NEW_ALERTS_SHEET}\" sheet (or \
                         new-alerts CSV) that the job wrote, with its header row unchanged"
                    ),
                )
            })?;
    }
    Ok(pos)
}

fn read_rows(file: &Path) -> Result<Vec<ImportRow>> {
    let is_csv = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        read_csv_rows(file)
    } else {
        read_workbook_rows(file)
    }
}

fn read_workbook_rows(file: &Path) -> Result<Vec<ImportRow>> {
    let bad = |m: String| Error::parse(file, None, None, m);
    let mut wb = open_workbook_auto(file).map_err(|e| bad(format!("cannot read workbook: {e}")))?;
    if !wb.sheet_names().iter().any(|s| s == NEW_ALERTS_SHEET) {
        return Err(bad(format!(
            "no sheet named {NEW_ALERTS_SHEET:?} (sheets: {}); import the workbook the job wrote",
            wb.sheet_names().join(", ")
        )));
    }
    let range = wb
        .worksheet_range(NEW_ALERTS_SHEET)
        .map_err(|e| bad(format!("cannot read sheet {NEW_ALERTS_SHEET:?}: {e}")))?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r)) + 1;
    let mut rows = range.rows();
    let headers: Vec<String> = match rows.next() {
        Some(h) => h.iter().map(|c| cell_text(c).unwrap_or_default()).collect(),
        None => return Ok(Vec::new()),
    };
    let pos = column_positions(file, &headers)?;
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let number = first_row + 1 + i as u64;
        let mut values: [String; 6] = Default::default();
        for (v, &p) in values.iter_mut().zip(&pos) {
            let cell = row.get(p).unwrap_or(&Data::Empty);
            *v = cell_text(cell).map_err(|m| {
                Error::parse(
                    file,
                    Some(number),
                    Some(&headers[p]),
                    format!("{m}; import refused, no decision was applied"),
                )
            })?;
        }
        out.push(ImportRow { number, values });
    }
    Ok(out)
}

// A cell's value as the text a reviewer meant; dates typed into a date-formatted cell come back as
// `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> std::result::Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => d.date().to_string(),
            None => return Err(format!("date value {} is out of range", dt.as_f64())),
        },
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds a spreadsheet error ({e})")),
    })
}

// Read with the shared vendor-file reader: a CSV saved back by a spreadsheet may carry a byte
// order mark, be UTF-16, or use `;` as its delimiter (European locales).
fn read_csv_rows(file: &Path) -> Result<Vec<ImportRow>> {
    let mut input = CsvInput::open(Some(file), InputOptions::default())?;
    let headers = input.headers().to_vec();
    let pos = column_positions(file, &headers)?;
    let mut out = Vec::new();
    let mut rec = Record::default();
    while input.read(&mut rec)? {
        if let Some(p) = &rec.problem {
            return Err(Error::parse(
                file,
                Some(rec.line),
                None,
                format!("{p}; import refused, no decision was applied"),
            ));
        }
        let mut values: [String; 6] = Default::default();
        for (v, &p) in values.iter_mut().zip(&pos) {
            *v = unguard(rec.get(p).unwrap_or("").trim()).to_string();
        }
        out.push(ImportRow {
            number: rec.line,
            values,
        });
    }
    Ok(out)
}

// Undoes the CSV formula guard (a leading apostrophe before a formula character).
fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}
