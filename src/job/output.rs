//! The finance team's outputs: the alert tables, written as one XLSX workbook and as CSV files.
//! Every file is written under a temporary name first and renamed only once all of them are
//! complete, so a reader never sees half a workbook.

use crate::job::state::{Alert, DecisionRecord};
use crate::report::{formula_guard, AtomicFile};
use crate::{Error, Result};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::io::Write;
use std::path::Path;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A score (written as a number in the workbook, so that it sorts and filters as one).
    Number(f64),
    /// A count or line number.
    Int(i64),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn opt(s: &Option<String>) -> Cell {
        Cell::Text(s.clone().unwrap_or_default())
    }

    /// The cell as text, as the CSV files carry it.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format!("{n:.4}"),
            Cell::Int(n) => n.to_string(),
        }
    }
}

/// A sheet of the workbook and the CSV file with the same content.
#[derive(Debug, Clone)]
pub struct Table {
    /// Sheet name.
    pub sheet: &'static str,
    /// CSV file name suffix (`new-alerts` gives `run-000007-new-alerts.csv`).
    pub file: &'static str,
    /// Column headers.
    pub headers: &'static [&'static str],
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

/// Sheet of new and re-opened alerts, the one handed back with decisions filled in.
pub const NEW_ALERTS_SHEET: &str = "New alerts";

/// Columns of the new-alerts table. The last four are left empty for the reviewer to fill in
/// and are what `import-decisions` reads, with the two id columns.
pub const NEW_ALERT_HEADERS: &[&str] = &[
    "Vendor ID",
    "Vendor name",
    "Entity ID",
    "List",
    "Listed name",
    "Matched name",
    "Programs",
    "Score",
    "First seen",
    "Re-opened because",
    "Previously decided by",
    "Previous reason",
    "Decision",
    "Decided by",
    "Reason",
    "Clear until",
];

/// Index of the first decision column in [`NEW_ALERT_HEADERS`].
const FIRST_DECISION_COLUMN: usize = 12;

const OPEN_ALERT_HEADERS: &[&str] = &[
    "Vendor ID",
    "Vendor name",
    "Entity ID",
    "List",
    "Listed name",
    "Matched name",
    "Programs",
    "Score",
    "Status",
    "First seen",
    "Last seen",
    "Decided by",
    "Decided at",
    "Reason",
    "Clear until",
];

const DECISION_HEADERS: &[&str] = &[
    "Decided at",
    "Vendor ID",
    "Entity ID",
    "Decision",
    "Decided by",
    "Reason",
    "Clear until",
    "Source",
];

const ROW_ERROR_HEADERS: &[&str] = &["File", "Line", "Problem"];

const SUMMARY_HEADERS: &[&str] = &["Item", "Value"];

/// The cells every alert table starts with: who, whom, and how well they matched.
fn alert_cells(a: &Alert) -> Vec<Cell> {
    vec![
        Cell::text(&a.vendor_id),
        Cell::text(&a.vendor_name),
        Cell::text(&a.entity_id),
        Cell::text(&a.list),
        Cell::text(&a.entity_name),
        Cell::text(&a.matched_name),
        Cell::text(&a.programs),
        Cell::Number(a.score),
    ]
}

/// The table of new and re-opened alerts, decision columns empty.
pub fn new_alerts_table(alerts: &[Alert]) -> Table {
    let rows = alerts
        .iter()
        .map(|a| {
            let mut cells = alert_cells(a);
            cells.extend([
                Cell::text(&a.first_seen),
                Cell::opt(&a.reopened_because),
                Cell::opt(&a.decided_by),
                Cell::opt(&a.reason),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
                Cell::text(""),
            ]);
            cells
        })
        .collect();
    Table {
        sheet: NEW_ALERTS_SHEET,
        file: "new-alerts",
        headers: NEW_ALERT_HEADERS,
        rows,
    }
}

/// The table of every alert still in force (not cleared, still matching).
pub fn open_alerts_table(alerts: &[Alert]) -> Table {
    let rows = alerts
        .iter()
        .map(|a| {
            let mut cells = alert_cells(a);
            cells.extend([
                Cell::text(a.status.as_str()),
                Cell::text(&a.first_seen),
                Cell::text(&a.last_seen),
                Cell::opt(&a.decided_by),
                Cell::opt(&a.decided_at),
                Cell::opt(&a.reason),
                Cell::opt(&a.clear_until),
            ]);
            cells
        })
        .collect();
    Table {
        sheet: "Open alerts",
        file: "open-alerts",
        headers: OPEN_ALERT_HEADERS,
        rows,
    }
}

/// The audit trail of decisions.
pub fn decisions_table(decisions: &[DecisionRecord]) -> Table {
    let rows = decisions
        .iter()
        .map(|d| {
            vec![
                Cell::text(&d.decided_at),
                Cell::text(&d.vendor_id),
                Cell::text(&d.entity_id),
                Cell::text(&d.decision),
                Cell::text(&d.decided_by),
                Cell::text(&d.reason),
                Cell::opt(&d.clear_until),
                Cell::text(&d.source),
            ]
        })
        .collect();
    Table {
        sheet: "Decisions",
        file: "decisions",
        headers: DECISION_HEADERS,
        rows,
    }
}

/// The vendor rows that could not be screened: (file, line, problem).
pub fn row_errors_table(errors: &[(String, u64, String)]) -> Table {
    let rows = errors
        .iter()
        .map(|(file, line, problem)| {
            vec![
                Cell::text(file),
                Cell::Int(*line as i64),
                Cell::text(problem),
            ]
        })
        .collect();
    Table {
        sheet: "Rows not screened",
        file: "rows-not-screened",
        headers: ROW_ERROR_HEADERS,
        rows,
    }
}

/// The summary sheet from (item, value) pairs.
pub fn summary_table(items: Vec<(String, Cell)>) -> Table {
    Table {
        sheet: "Summary",
        file: "summary",
        headers: SUMMARY_HEADERS,
        rows: items
            .into_iter()
            .map(|(k, v)| vec![Cell::Text(k), v])
            .collect(),
    }
}

/// Writes `tables` as one workbook at `path`, under a temporary name until committed.
pub fn write_workbook(path: &Path, tables: &[Table]) -> Result<AtomicFile> {
    let xerr = |e: XlsxError| Error::Invalid(format!("{}: {e}", path.display()));
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let score = Format::new().set_num_format("0.0000");
    for table in tables {
        let ws = wb.add_worksheet();
        ws.set_name(table.sheet).map_err(xerr)?;
        let ncols = table.headers.len() as u16;
        for (c, h) in table.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xerr)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) if s.is_empty() => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c as u16, s).map_err(xerr)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number_with_format(r, c as u16, *n, &score)
                            .map_err(xerr)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c as u16, *n as f64).map_err(xerr)?;
                    }
                }
            }
        }
        let last_row = table.rows.len() as u32;
        ws.autofilter(0, 0, last_row, ncols - 1).map_err(xerr)?;
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        for c in 0..table.headers.len() {
            let widest = std::iter::once(table.headers[c].chars().count())
                .chain(table.rows.iter().map(|r| r[c].as_text().chars().count()))
                .max()
                .unwrap_or(8);
            // Wide enough to read, but a long alias list should not push the next column off
            // the screen.
            ws.set_column_width(c as u16, (widest.clamp(8, 60) + 2) as f64)
                .map_err(xerr)?;
        }
        if table.sheet == NEW_ALERTS_SHEET {
            // Decision columns are filled in by hand: offer the decision words, and keep typed
            // dates as text so they come back as written.
            let first = FIRST_DECISION_COLUMN as u16;
            let words = DataValidation::new()
                .allow_list_strings(&["clear", "confirm", "escalate"])
                .map_err(xerr)?;
            ws.add_data_validation(1, first, last_row.max(1) + 1000, first, &words)
                .map_err(xerr)?;
            for c in first..ncols {
                ws.set_column_format(c, &text).map_err(xerr)?;
            }
        }
    }
    let bytes = wb.save_to_buffer().map_err(xerr)?;
    let mut file = AtomicFile::create(path)?;
    file.write_all(&bytes).map_err(|e| Error::io(path, e))?;
    Ok(file)
}

/// Writes `table` as CSV at `path`, under a temporary name until committed. Cells a spreadsheet
/// would run as formulas are guarded: vendor names come from a file anyone may have edited.
pub fn write_csv(path: &Path, table: &Table) -> Result<AtomicFile> {
    let ioerr = |e: csv::Error| Error::Invalid(format!("{}: {e}", path.display()));
    let mut w = csv::Writer::from_writer(AtomicFile::create(path)?);
    w.write_record(table.headers).map_err(ioerr)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| formula_guard(&c.as_text()).into_owned()))
            .map_err(ioerr)?;
    }
    w.into_inner()
        .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}
