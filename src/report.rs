//! Output formats shared by `check`, `screen` and `job`: CSV and JSON Lines (one line per hit),
//! the human-readable table and JSON of `check`, and the end-of-run summary.
//!
//! CSV output is meant to be opened in Excel, which runs a cell starting with `=`, `+`, `-`, `@`,
//! tab or carriage return as a formula. Such cells are prefixed with a single quote `'`
//! ([`formula_guard`]) unless the guard is turned off (`--no-formula-guard`).

use crate::batch::{NotScreened, Sink, Summary};
use crate::input::CsvInput;
use crate::lists::Lists;
use crate::screen::Hit;
use crate::{Error, Result};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tempfile::NamedTempFile;

/// The columns of one output line, in order; kept input columns follow.
pub const COLUMNS: [&str; 11] = [
    "row",
    "input_id",
    "input_name",
    "score",
    "entity_id",
    "list",
    "entity_kind",
    "primary_name",
    "matched_name",
    "programs",
    "explanation",
];

/// Characters that make Excel (and other spreadsheets) read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Neutralises a cell that a spreadsheet would run as a formula, by prefixing `'`.
pub fn formula_guard(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One output line: a hit for one input name.
#[derive(Debug, Clone)]
pub struct HitRow<'a> {
    /// 1-based data row of the input (or position of the name, for `check`).
    pub row: u64,
    /// The input's id column, or the row number.
    pub input_id: &'a str,
    /// The name as read.
    pub input_name: &'a str,
    /// The hit.
    pub hit: &'a Hit<'a>,
    /// Values of the kept input columns, in the order of [`HitWriter::new`]'s `kept` headers.
    pub kept: &'a [&'a str],
}

/// Output format of hit lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineFormat {
    /// Comma-separated values with a header line.
    #[default]
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Writes hit lines as CSV or JSON Lines.
pub struct HitWriter<W: Write> {
    inner: Inner<W>,
    kept: Vec<String>,
    score: String,
}

enum Inner<W: Write> {
    // Boxed: the CSV writer carries its own state and buffer.
    Csv { w: Box<csv::Writer<W>>, guard: bool },
    Jsonl(W),
}

impl<W: Write> HitWriter<W> {
    /// A writer to `w` (buffer it: this writes field by field). For CSV the header line is
    /// written at once; `guard` turns on [`formula_guard`]. `kept` names the kept columns.
    pub fn new(w: W, format: LineFormat, kept: &[String], guard: bool) -> io::Result<HitWriter<W>> {
        let inner = match format {
            LineFormat::Csv => {
                let mut w = csv::WriterBuilder::new().from_writer(w);
                let header = COLUMNS
                    .iter()
                    .copied()
                    .chain(kept.iter().map(String::as_str));
                if guard {
                    w.write_record(header.map(|h| formula_guard(h).into_owned()))?;
                } else {
                    w.write_record(header)?;
                }
                Inner::Csv {
                    w: Box::new(w),
                    guard,
                }
            }
            LineFormat::Jsonl => Inner::Jsonl(w),
        };
        Ok(HitWriter {
            inner,
            kept: kept.to_vec(),
            score: String::new(),
        })
    }

    /// Writes one hit line.
    pub fn write(&mut self, r: &HitRow<'_>) -> io::Result<()> {
        use std::fmt::Write as _;
        match &mut self.inner {
            Inner::Csv { w, guard } => {
                self.score.clear();
                write!(self.score, "{:.4}", r.hit.score).expect("writing to a String");
                let e = r.hit.entity;
                let programs = e.programs.join(";");
                let explanation = r.hit.explanation.to_string();
                let row = r.row.to_string();
                let cells = [
                    row.as_str(),
                    r.input_id,
                    r.input_name,
                    self.score.as_str(),
                    e.id.as_str(),
                    e.list.as_str(),
                    e.kind.as_str(),
                    e.name.as_str(),
                    r.hit.matched_name,
                    programs.as_str(),
                    explanation.as_str(),
                ];
                let all = cells.iter().chain(r.kept.iter());
                if *guard {
                    for c in all {
                        w.write_field(formula_guard(c).as_bytes())?;
                    }
                } else {
                    for c in all {
                        w.write_field(c)?;
                    }
                }
                w.write_record(None::<&[u8]>)?;
            }
            Inner::Jsonl(w) => {
                let line = JsonLine {
                    row: r.row,
                    input_id: r.input_id,
                    input_name: r.input_name,
                    hit: JsonHit::new(r.hit),
                    kept: Kept {
                        names: &self.kept,
                        values: r.kept,
                    },
                };
                serde_json::to_writer(&mut *w, &line)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(self) -> io::Result<W> {
        match self.inner {
            Inner::Csv { w, .. } => w.into_inner().map_err(|e| e.into_error()),
            Inner::Jsonl(mut w) => {
                w.flush()?;
                Ok(w)
            }
        }
    }
}

/// Score rounded to 4 decimals, as in CSV output.
fn round4(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}

/// The fields of a hit shared by every JSON output.
#[derive(Serialize)]
struct JsonHit<'a> {
    score: f64,
    entity_id: &'a str,
    list: &'a str,
    entity_kind: &'a str,
    primary_name: &'a str,
    matched_name: &'a str,
    programs: &'a [String],
    explanation: String,
}

impl<'a> JsonHit<'a> {
    fn new(hit: &'a Hit<'a>) -> JsonHit<'a> {
        JsonHit {
            score: round4(hit.score),
            entity_id: &hit.entity.id,
            list: &hit.entity.list,
            entity_kind: hit.entity.kind.as_str(),
            primary_name: &hit.entity.name,
            matched_name: hit.matched_name,
            programs: &hit.entity.programs,
            explanation: hit.explanation.to_string(),
        }
    }
}

#[derive(Serialize)]
struct JsonLine<'a> {
    row: u64,
    input_id: &'a str,
    input_name: &'a str,
    #[serde(flatten)]
    hit: JsonHit<'a>,
    kept: Kept<'a>,
}

/// Kept columns as a JSON object in input column order.
struct Kept<'a> {
    names: &'a [String],
    values: &'a [&'a str],
}

impl Serialize for Kept<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.names.len()))?;
        for (k, v) in self.names.iter().zip(self.values) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Writes `check`'s results as one JSON array: per query, its hits with the full entity.
pub fn write_check_json<W: Write>(w: &mut W, results: &[(String, Vec<Hit<'_>>)]) -> io::Result<()> {
    #[derive(Serialize)]
    struct Query<'a> {
        query: &'a str,
        hits: Vec<Full<'a>>,
    }
    #[derive(Serialize)]
    struct Full<'a> {
        #[serde(flatten)]
        hit: JsonHit<'a>,
        entity: &'a crate::Entity,
    }
    let out: Vec<Query<'_>> = results
        .iter()
        .map(|(q, hits)| Query {
            query: q,
            hits: hits
                .iter()
                .map(|h| Full {
                    hit: JsonHit::new(h),
                    entity: h.entity,
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *w, &out)?;
    w.write_all(b"\n")
}

/// Width the table is laid out for.
const TABLE_WIDTH: usize = 100;

/// Writes `check`'s human-readable table for one query: a line per hit with score, list, entity
/// id, kind and primary name, then the matched name, programs and explanation indented below.
pub fn write_check_table<W: Write>(w: &mut W, query: &str, hits: &[Hit<'_>]) -> io::Result<()> {
    let n = hits.len();
    writeln!(
        w,
        "{query}: {}",
        match n {
            0 => "no hit".to_string(),
            1 => "1 hit".to_string(),
            n => format!("{n} hits"),
        }
    )?;
    if n == 0 {
        return Ok(());
    }
    let list_w = hits
        .iter()
        .map(|h| h.entity.list.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let id_w = hits
        .iter()
        .map(|h| h.entity.id.chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    let kind_w = 12;
    let head = format!(
        "  {:<6}  {:<list_w$}  {:<id_w$}  {:<kind_w$}  PRIMARY NAME",
        "SCORE", "LIST", "ENTITY ID", "KIND"
    );
    writeln!(w, "{head}")?;
    let name_col = head.chars().count() - "PRIMARY NAME".len();
    let indent = " ".repeat(10);
    for h in hits {
        let e = h.entity;
        let lead = format!(
            "  {:<6.4}  {:<list_w$}  {:<id_w$}  {:<kind_w$}  ",
            h.score,
            e.list,
            e.id,
            e.kind.as_str()
        );
        let name_room = TABLE_WIDTH.saturating_sub(name_col).max(20);
        let name_lines = wrap(&e.name, name_room);
        let pad = " ".repeat(name_col);
        for (i, l) in name_lines.iter().enumerate() {
            writeln!(
                w,
                "{}{l}",
                if i == 0 { lead.as_str() } else { pad.as_str() }
            )?;
        }
        let programs = if e.programs.is_empty() {
            "-".to_string()
        } else {
            e.programs.join("; ")
        };
        for (label, text) in [
            ("matched:", h.matched_name.to_string()),
            ("programs:", programs),
            ("why:", h.explanation.to_string()),
        ] {
            let first = format!("{indent}{label:<10}");
            let room = TABLE_WIDTH - first.chars().count();
            for (i, l) in wrap(&text, room).iter().enumerate() {
                if i == 0 {
                    writeln!(w, "{first}{l}")?;
                } else {
                    writeln!(w, "{indent}{:<10}{l}", "")?;
                }
            }
        }
    }
    Ok(())
}

/// Splits `text` into lines of at most `width` characters, at spaces where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in text.split_whitespace() {
        let mut word: &str = word;
        loop {
            let wl = word.chars().count();
            let sep = usize::from(cur_len > 0);
            if cur_len + sep + wl <= width {
                if sep == 1 {
                    cur.push(' ');
                }
                cur.push_str(word);
                cur_len += sep + wl;
                break;
            }
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
                continue;
            }
            // A word longer than the line is cut.
            let cut = word
                .char_indices()
                .nth(width)
                .map_or(word.len(), |(i, _)| i);
            lines.push(word[..cut].to_string());
            word = &word[cut..];
            if word.is_empty() {
                break;
            }
        }
    }
    if cur_len > 0 || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// How many rows that could not be screened the summary lists (the errors file has them all).
pub const SUMMARY_PROBLEMS_SHOWN: usize = 20;

/// Time spent by a run, for its summary.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// From start to end.
    pub total: Duration,
    /// Of which reading, screening and writing the rows (the rest is loading the lists and
    /// building the index).
    pub screening: Duration,
}

/// Writes the end-of-run summary of `screen`: rows read, screened, with hits, not screened
/// (the first few with line and reason, or the errors file), the lists used with their newest
/// listing date and files' sha256, and elapsed time and rows per second.
pub fn write_summary<W: Write>(
    w: &mut W,
    s: &Summary,
    lists: &Lists,
    timing: Timing,
    errors_file: Option<&std::path::Path>,
) -> io::Result<()> {
    writeln!(w, "vetter screen summary")?;
    writeln!(w, "  rows read          {}", s.rows_read)?;
    writeln!(w, "  rows screened      {}", s.rows_screened)?;
    writeln!(
        w,
        "  rows with hits     {} ({} hit lines)",
        s.rows_with_hits, s.hits
    )?;
    writeln!(w, "  rows not screened  {}", s.not_screened)?;
    if s.not_screened > 0 {
        if let Some(p) = errors_file {
            writeln!(w, "    all listed in {}", p.display())?;
        }
        for p in &s.first_not_screened {
            writeln!(w, "    row {} (line {}): {}", p.row, p.line, p.reason)?;
        }
        let more = s.not_screened - s.first_not_screened.len() as u64;
        if more > 0 {
            writeln!(
                w,
                "    ... and {more} more{}",
                if errors_file.is_some() {
                    ""
                } else {
                    " (pass --errors FILE to list them all)"
                }
            )?;
        }
    }
    if s.blank_lines > 0 {
        writeln!(w, "  blank lines        {} (skipped)", s.blank_lines)?;
    }
    writeln!(
        w,
        "  distinct names     {} (each matched once)",
        s.distinct_names
    )?;
    writeln!(w, "  lists")?;
    for l in &lists.lists {
        let newest = l.summary().newest_listing;
        writeln!(
            w,
            "    {} ({}): {} entities{}",
            l.key,
            l.name,
            l.entities.len(),
            newest.map_or(String::new(), |d| format!(", newest listing {d}"))
        )?;
        for f in &l.files {
            writeln!(w, "      {}  sha256 {}", f.path, f.sha256)?;
        }
    }
    let total = timing.total.as_secs_f64();
    let screening = timing.screening.as_secs_f64();
    let rate = |secs: f64| {
        if secs > 0.0 {
            s.rows_read as f64 / secs
        } else {
            0.0
        }
    };
    writeln!(
        w,
        "  elapsed            {total:.2} s ({:.2} s loading lists and index), {:.0} rows/s end to end, {:.0} rows/s screening",
        total - screening,
        rate(total),
        rate(screening)
    )?;
    Ok(())
}

/// Temporary files of output files not yet complete, removed by [`remove_pending_files`] when
/// the run is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary files of every [`AtomicFile`] not yet committed. Called from the
/// interrupt handler so that an interrupted run leaves no partial output behind; it holds the
/// lock, so a file being renamed into place is either complete or gone.
/// Returns how many there were.
pub fn remove_pending_files() -> usize {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    let n = pending.len();
    for p in pending.drain(..) {
        let _ = std::fs::remove_file(p);
    }
    n
}

/// An output file written under a temporary name in the same directory and renamed to its
/// name only by [`AtomicFile::commit`]. Dropped without a commit (a fatal error), it removes the
/// temporary file, so no partial output is left behind.
pub struct AtomicFile {
    tmp: Option<NamedTempFile>,
    path: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file beside `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let stem = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{stem}."))
            .suffix(".partial")
            .tempfile_in(dir)
            .map_err(|e| Error::io(path, e))?;
        pending.push(tmp.path().to_path_buf());
        Ok(AtomicFile {
            tmp: Some(tmp),
            path: path.to_path_buf(),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file to disk and renames it to its final name.
    pub fn commit(mut self) -> Result<()> {
        let tmp = self.tmp.take().expect("committed once");
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.path, e))?;
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let tmp_path = tmp.path().to_path_buf();
        if !pending.contains(&tmp_path) {
            // Interrupted: the handler removed it and is ending the process.
            return Err(Error::Invalid("interrupted".into()));
        }
        pending.retain(|p| p != &tmp_path);
        tmp.persist(&self.path)
            .map_err(|e| Error::io(&self.path, e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.as_mut().expect("not committed").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.as_mut().expect("not committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
            pending.retain(|p| p != tmp.path());
            // Dropping the temporary file removes it.
        }
    }
}

/// A progress line on standard error, redrawn at most ten times a second; only shown when
/// standard error is a terminal.
pub struct Progress {
    start: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// A progress line, or `None` when standard error is not a terminal.
    pub fn on_terminal() -> Option<Progress> {
        io::stderr().is_terminal().then(|| Progress {
            start: Instant::now(),
            last: None,
        })
    }

    /// Redraws the line: rows so far, share of the input read (when its size is known), rate.
    pub fn update(&mut self, rows: u64, read: u64, total: Option<u64>) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|l| now - l < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        let secs = (now - self.start).as_secs_f64().max(1e-3);
        let share = match total {
            Some(t) if t > 0 => format!(" {:>3}%", (read * 100 / t).min(100)),
            _ => String::new(),
        };
        eprint!(
            "\r\x1b[Kscreening: {rows} rows{share}, {:.0} rows/s",
            rows as f64 / secs
        );
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.last.is_some() {
            eprint!("\r\x1b[K");
        }
    }
}

/// A batch [`Sink`] that writes hit lines to a [`HitWriter`], rows not screened to an optional
/// errors CSV (`row,line,reason`), and progress to a [`Progress`] line.
pub struct ReportSink<W: Write, E: Write> {
    /// The hit lines.
    pub hits: HitWriter<W>,
    /// The errors file.
    pub errors: Option<csv::Writer<E>>,
    /// The progress line.
    pub progress: Option<Progress>,
}

impl<W: Write, E: Write> ReportSink<W, E> {
    /// A sink; when `errors` is given its header line is written at once.
    pub fn new(
        hits: HitWriter<W>,
        errors: Option<E>,
        progress: Option<Progress>,
    ) -> io::Result<ReportSink<W, E>> {
        let errors = match errors {
            Some(e) => {
                let mut w = csv::Writer::from_writer(e);
                w.write_record(["row", "line", "reason"])?;
                Some(w)
            }
            None => None,
        };
        Ok(ReportSink {
            hits,
            errors,
            progress,
        })
    }

    /// Flushes everything and returns the hit and errors writers.
    pub fn finish(mut self) -> io::Result<(W, Option<E>)> {
        if let Some(p) = &mut self.progress {
            p.finish();
        }
        let errors = match self.errors {
            Some(w) => Some(w.into_inner().map_err(|e| e.into_error())?),
            None => None,
        };
        Ok((self.hits.finish()?, errors))
    }
}

impl<W: Write, E: Write> Sink for ReportSink<W, E> {
    fn hit(&mut self, row: &HitRow<'_>) -> Result<()> {
        self.hits.write(row).map_err(|e| Error::io("<output>", e))
    }

    fn not_screened(&mut self, row: &NotScreened) -> Result<()> {
        if let Some(w) = &mut self.errors {
            w.write_record([
                row.row.to_string(),
                row.line.to_string(),
                row.reason.clone(),
            ])
            .map_err(|e| Error::io("<errors file>", e.into()))?;
        }
        Ok(())
    }

    fn progress(&mut self, rows_read: u64, input: &CsvInput) {
        if let Some(p) = &mut self.progress {
            let (read, total) = input.progress();
            p.update(rows_read, read, total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screen::Explanation;
    use crate::{Entity, EntityKind};

    fn entity() -> Entity {
        let mut e = Entity::new("ofac:1", "ofac-sdn", EntityKind::Organization, "=EVIL CORP");
        e.programs = vec!["SDGT".into(), "IRAN".into()];
        e
    }

    fn hit(e: &Entity) -> Hit<'_> {
        Hit {
            entity: e,
            matched_name: "+EVIL",
            score: 0.912_34,
            explanation: Explanation {
                generic_only: true,
                ..Default::default()
            },
        }
    }

    #[test]
    fn guard_prefixes_formula_starts_only() {
        for c in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(formula_guard(c), format!("'{c}"));
        }
        for c in ["Acme", "1-2", " =x", ""] {
            assert_eq!(formula_guard(c), c);
        }
    }

    #[test]
    fn csv_has_columns_in_order_and_guards() {
        let e = entity();
        let h = hit(&e);
        let row = HitRow {
            row: 3,
            input_id: "-7",
            input_name: "Evil Corp",
            hit: &h,
            kept: &["@home"],
        };
        let mut w = HitWriter::new(Vec::new(), LineFormat::Csv, &["country".into()], true).unwrap();
        w.write(&row).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "row,input_id,input_name,score,entity_id,list,entity_kind,primary_name,matched_name,programs,explanation,country\n\
             3,'-7,Evil Corp,0.9123,ofac:1,ofac-sdn,organization,'=EVIL CORP,'+EVIL,SDGT;IRAN,only generic words match (capped),'@home\n"
        );
        let mut w = HitWriter::new(Vec::new(), LineFormat::Csv, &[], false).unwrap();
        w.write(&HitRow { kept: &[], ..row }).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(out.ends_with("3,-7,Evil Corp,0.9123,ofac:1,ofac-sdn,organization,=EVIL CORP,+EVIL,SDGT;IRAN,only generic words match (capped)\n"), "{out}");
    }

    #[test]
    fn jsonl_keeps_order_and_kept_columns() {
        let e = entity();
        let h = hit(&e);
        let row = HitRow {
            row: 1,
            input_id: "A1",
            input_name: "Evil",
            hit: &h,
            kept: &["DE"],
        };
        let mut w =
            HitWriter::new(Vec::new(), LineFormat::Jsonl, &["country".into()], true).unwrap();
        w.write(&row).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            r#"{"row":1,"input_id":"A1","input_name":"Evil","score":0.9123,"entity_id":"ofac:1","list":"ofac-sdn","entity_kind":"organization","primary_name":"=EVIL CORP","matched_name":"+EVIL","programs":["SDGT","IRAN"],"explanation":"only generic words match (capped)","kept":{"country":"DE"}}"#.to_string() + "\n"
        );
    }

    #[test]
    fn table_fits_100_columns() {
        let mut e = entity();
        e.name = "A VERY LONG ORGANISATION NAME ".repeat(6);
        let h = Hit {
            explanation: Explanation {
                query_only: vec![("word".into(), "rare"); 30],
                ..Default::default()
            },
            ..hit(&e)
        };
        let mut out = Vec::new();
        write_check_table(&mut out, "evil", &[h]).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("evil: 1 hit\n"));
        assert!(out.contains("0.9123"));
        assert!(out.contains("SDGT; IRAN"));
        for l in out.lines() {
            assert!(l.chars().count() <= TABLE_WIDTH, "{l:?}");
        }
        let mut out = Vec::new();
        write_check_table(&mut out, "nobody", &[]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "nobody: no hit\n");
    }

    #[test]
    fn atomic_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"a,b\n").unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // Dropped without a commit (a fatal error): nothing is left, the old file is kept.
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"partial").unwrap();
        drop(f);
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn wrap_cuts_long_words() {
        assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
