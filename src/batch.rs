//! Batch screening of a vendor file: rows are read in chunks, each chunk's distinct names are
//! screened in parallel (while the chunk before is written out and the chunk after is read), and
//! hits are written in input order, so the output is the same for any number of threads.
//! Memory stays bounded whatever the file size: three chunks of rows (each at most
//! [`CHUNK_ROWS`] rows or [`CHUNK_BYTES`] bytes of cells) and a cache of recent names' results
//! (at most [`CACHE_NAMES`] names or [`CACHE_BYTES`] bytes of names) are held at a time.

use crate::input::{check_name, CsvInput, Record, RowProblem};
use crate::report::HitRow;
use crate::screen::{Hit, Options, Screener};
use crate::Result;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

/// Most rows read before a chunk is screened.
pub const CHUNK_ROWS: usize = 32768;

/// Most rows of the first chunk: it is read before any screening starts, with every thread
/// idle, so it is kept small; the next chunk is read while it is screened.
const FIRST_CHUNK_ROWS: usize = 4096;

/// Most bytes of cells (names, ids, kept columns) held for one chunk.
pub const CHUNK_BYTES: usize = 16 << 20;

/// Most distinct names whose results are remembered across chunks.
pub const CACHE_NAMES: usize = 1_000_000;

/// Most bytes of names whose results are remembered across chunks.
pub const CACHE_BYTES: usize = 64 << 20;

/// How many rows that were not screened a [`Summary`] keeps (all are passed to the sink).
pub const PROBLEMS_KEPT: usize = 20;

/// Which input columns (0-based) are screened and copied.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// The name screened.
    pub name: usize,
    /// The id copied to `input_id`; the row number when `None`.
    pub id: Option<usize>,
    /// More columns copied to the output.
    pub keep: Vec<usize>,
}

/// A row that was not screened, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotScreened {
    /// 1-based data row.
    pub row: u64,
    /// 1-based physical line where the row starts.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// Counts for the end-of-run summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Data rows read, screened or not.
    pub rows_read: u64,
    /// Rows whose name was screened.
    pub rows_screened: u64,
    /// Screened rows with at least one hit.
    pub rows_with_hits: u64,
    /// Hit lines written.
    pub hits: u64,
    /// Rows not screened.
    pub not_screened: u64,
    /// The first [`PROBLEMS_KEPT`] rows not screened.
    pub first_not_screened: Vec<NotScreened>,
    /// Names passed to the matcher (repeats within the cache's reach are matched once).
    pub distinct_names: u64,
    /// Blank lines skipped.
    pub blank_lines: u64,
}

/// Where a batch run's results go.
pub trait Sink {
    /// One hit line, in input order.
    fn hit(&mut self, row: &HitRow<'_>) -> Result<()>;
    /// A row that was not screened, in input order.
    fn not_screened(&mut self, row: &NotScreened) -> Result<()>;
    /// Called after each chunk with the rows read so far.
    fn progress(&mut self, _rows_read: u64, _input: &CsvInput) {}
}

/// Screens every row of `input` on `pool`, sending hits and unscreened rows to `sink` in input
/// order.
///
/// Three chunks are in flight: while one chunk's new names are screened in parallel, one task
/// (on one of the pool's threads, so `--threads 1` uses one) writes out the chunk before it,
/// files its results in the cache, reads the chunk after it and looks that one's names up. Only
/// handing results from one chunk to the next is left between chunks.
pub fn screen_rows(
    input: &mut CsvInput,
    screener: &Screener,
    columns: &Columns,
    opts: &Options,
    pool: &rayon::ThreadPool,
    sink: &mut (dyn Sink + Send),
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut cache = Cache::default();
    let mut rec = Record::default();
    let (mut prev, mut cur, mut next) = (Chunk::default(), Chunk::default(), Chunk::default());
    let mut more = read_chunk(input, &mut cur, &mut rec, columns, FIRST_CHUNK_ROWS)?;
    cur.look_up(&cache, None, &mut summary);
    // Most names have no hit: they share one empty list.
    let no_hits: Hits<'_> = Arc::new(Vec::new());
    loop {
        let (results, read) = pool.install(|| {
            rayon::join(
                || {
                    cur.todo
                        .par_iter()
                        .map(|&k| screener.screen(cur.key(k), opts))
                        .collect::<Vec<_>>()
                },
                || -> Result<bool> {
                    prev.emit(&mut summary, sink)?;
                    sink.progress(summary.rows_read, input);
                    if !more {
                        next.clear(columns);
                        return Ok(false);
                    }
                    // Only chunks still to be read look names up in the cache.
                    cache.file(&prev);
                    let m = read_chunk(input, &mut next, &mut rec, columns, CHUNK_ROWS)?;
                    next.look_up(&cache, Some(&cur), &mut summary);
                    Ok(m)
                },
            )
        });
        more = read?;
        cur.take_results(results, &no_hits);
        next.take_pending(&cur);
        if cur.rows.is_empty() {
            break;
        }
        std::mem::swap(&mut prev, &mut cur);
        std::mem::swap(&mut cur, &mut next);
    }
    summary.blank_lines = input.blank_lines();
    Ok(summary)
}

/// Reads the next chunk of at most `rows` rows into `chunk`. Returns whether the input may hold
/// more.
fn read_chunk(
    input: &mut CsvInput,
    chunk: &mut Chunk,
    rec: &mut Record,
    columns: &Columns,
    rows: usize,
) -> Result<bool> {
    chunk.clear(columns);
    while chunk.rows.len() < rows && chunk.text.len() < CHUNK_BYTES {
        if !input.read(rec)? {
            return Ok(false);
        }
        chunk.push(rec, columns, input.encoding());
    }
    Ok(true)
}

/// A name's hits, shared by the chunks and the cache that hold them.
type Hits<'s> = Arc<Vec<Hit<'s>>>;

/// Screening results of recent names, keyed by the name as screened.
#[derive(Default)]
struct Cache<'s> {
    map: FxHashMap<Box<str>, Hits<'s>>,
    bytes: usize,
}

impl<'s> Cache<'s> {
    /// Files the results of the names `chunk` screened. When they do not fit, the cache is
    /// emptied whole rather than evicting some, which keeps it simple and its content
    /// independent of the thread count.
    fn file(&mut self, chunk: &Chunk<'s>) {
        let bytes: usize = chunk.todo.iter().map(|&k| chunk.keys[k].len()).sum();
        if self.map.len() + chunk.todo.len() > CACHE_NAMES || self.bytes + bytes > CACHE_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += bytes;
        self.map.reserve(chunk.todo.len());
        for &k in &chunk.todo {
            let hits = chunk.hits[k]
                .clone()
                .expect("every screened key has results");
            self.map.insert(chunk.key(k).into(), hits);
        }
    }
}

/// One chunk of rows, with every cell kept in one string to avoid an allocation per row.
#[derive(Default)]
struct Chunk<'s> {
    text: String,
    rows: Vec<ChunkRow>,
    /// Per row with a name: the id (when an id column is given), name and kept cells.
    cells: Vec<Range<usize>>,
    /// Distinct screening keys of the chunk (ranges into `text`) and their index.
    keys: Vec<Range<usize>>,
    key_index: FxHashMap<Box<str>, usize>,
    /// Each key's hits, once known.
    hits: Vec<Option<Hits<'s>>>,
    /// Keys to screen: neither in the cache nor in the chunk before.
    todo: Vec<usize>,
    /// Keys that the chunk before is screening, with their index there.
    pending: Vec<(usize, usize)>,
    /// Whether each screened row's cells start with an id.
    has_id: bool,
    /// Kept cells per screened row.
    n_keep: usize,
}

struct ChunkRow {
    row: u64,
    line: u64,
    state: RowState,
}

enum RowState {
    /// Screened: the first of its cells, and its key.
    Screened {
        cells: usize,
        key: usize,
    },
    NotScreened(RowProblem),
}

impl<'s> Chunk<'s> {
    fn clear(&mut self, columns: &Columns) {
        self.has_id = columns.id.is_some();
        self.n_keep = columns.keep.len();
        self.text.clear();
        self.rows.clear();
        self.cells.clear();
        self.keys.clear();
        self.key_index.clear();
        self.hits.clear();
        self.todo.clear();
        self.pending.clear();
    }

    /// Finds the chunk's names in the cache or in the chunk `before` (being screened), and
    /// lists the others to screen.
    fn look_up(&mut self, cache: &Cache<'s>, before: Option<&Chunk<'s>>, summary: &mut Summary) {
        for k in 0..self.keys.len() {
            let key = &self.text[self.keys[k].clone()];
            let hits = if let Some(h) = cache.map.get(key) {
                Some(Arc::clone(h))
            } else if let Some((b, bk)) =
                before.and_then(|b| b.key_index.get(key).map(|&bk| (b, bk)))
            {
                if b.hits[bk].is_none() {
                    self.pending.push((k, bk));
                }
                b.hits[bk].clone()
            } else {
                self.todo.push(k);
                None
            };
            self.hits.push(hits);
        }
        summary.distinct_names += self.todo.len() as u64;
    }

    /// Takes the results of screening the chunk's `todo` keys, in that order.
    fn take_results(&mut self, results: Vec<Vec<Hit<'s>>>, no_hits: &Hits<'s>) {
        for (&k, hits) in self.todo.iter().zip(results) {
            self.hits[k] = Some(if hits.is_empty() {
                Arc::clone(no_hits)
            } else {
                Arc::new(hits)
            });
        }
    }

    /// Takes the results of the keys that the chunk `before` screened.
    fn take_pending(&mut self, before: &Chunk<'s>) {
        for &(k, bk) in &self.pending {
            self.hits[k] = before.hits[bk].clone();
        }
    }

    fn key(&self, k: usize) -> &str {
        &self.text[self.keys[k].clone()]
    }

    fn push(&mut self, rec: &Record, columns: &Columns, encoding: crate::input::Encoding) {
        let state = match self.cells_of(rec, columns, encoding) {
            Ok(s) => s,
            Err(p) => RowState::NotScreened(p),
        };
        self.rows.push(ChunkRow {
            row: rec.row,
            line: rec.line,
            state,
        });
    }

    fn cells_of(
        &mut self,
        rec: &Record,
        columns: &Columns,
        encoding: crate::input::Encoding,
    ) -> std::result::Result<RowState, RowProblem> {
        if let Some(p) = &rec.problem {
            return Err(p.clone());
        }
        // The reader checks the field count against the header, so every column is there.
        let field = |i: usize| rec.get(i).unwrap_or_default();
        let name = check_name(field(columns.name), encoding)?;
        let first = self.cells.len();
        let add = |text: &mut String, s: &str| {
            let start = text.len();
            text.push_str(s);
            start..text.len()
        };
        if let Some(id) = columns.id {
            let r = add(&mut self.text, field(id));
            self.cells.push(r);
        }
        let name_cell = add(&mut self.text, name);
        self.cells.push(name_cell.clone());
        for &k in &columns.keep {
            let r = add(&mut self.text, field(k));
            self.cells.push(r);
        }
        // The screening key: the name with runs of white space made one space. Names that
        // differ only in spacing are the same name, and are matched once. Most names are
        // spaced that way already and are their own key.
        let start = self.text.len();
        let key_range = if single_spaced(name) {
            name_cell
        } else {
            for (i, w) in name.split_whitespace().enumerate() {
                if i > 0 {
                    self.text.push(' ');
                }
                self.text.push_str(w);
            }
            start..self.text.len()
        };
        let key = match self.key_index.get(&self.text[key_range.clone()]) {
            Some(&k) => {
                self.text.truncate(start);
                k
            }
            None => {
                let k = self.keys.len();
                self.key_index
                    .insert(self.text[key_range.clone()].into(), k);
                self.keys.push(key_range);
                k
            }
        };
        Ok(RowState::Screened { cells: first, key })
    }

    /// Sends the chunk's rows to `sink`, in order.
    fn emit(&self, summary: &mut Summary, sink: &mut (dyn Sink + Send)) -> Result<()> {
        let mut row_id = String::new();
        let mut kept: Vec<&str> = Vec::new();
        for r in &self.rows {
            summary.rows_read += 1;
            let (cells, key) = match &r.state {
                RowState::NotScreened(p) => {
                    let ns = NotScreened {
                        row: r.row,
                        line: r.line,
                        reason: p.to_string(),
                    };
                    summary.not_screened += 1;
                    sink.not_screened(&ns)?;
                    if summary.first_not_screened.len() < PROBLEMS_KEPT {
                        summary.first_not_screened.push(ns);
                    }
                    continue;
                }
                RowState::Screened { cells, key } => (*cells, *key),
            };
            summary.rows_screened += 1;
            let hits = self.hits[key].as_deref().expect("every key is screened");
            if hits.is_empty() {
                continue;
            }
            summary.rows_with_hits += 1;
            let mut c = cells;
            let input_id = if self.has_id {
                c += 1;
                &self.text[self.cells[cells].clone()]
            } else {
                row_id.clear();
                write!(row_id, "{}", r.row).expect("writing to a String");
                row_id.as_str()
            };
            let input_name = &self.text[self.cells[c].clone()];
            c += 1;
            kept.clear();
            kept.extend((c..c + self.n_keep).map(|i| &self.text[self.cells[i].clone()]));
            for h in hits {
                summary.hits += 1;
                sink.hit(&HitRow {
                    row: r.row,
                    input_id,
                    input_name,
                    hit: h,
                    kept: &kept,
                })?;
            }
        }
        Ok(())
    }
}

/// Whether `name` (trimmed) has no white space but single spaces, so that joining its words
/// with one space gives it back. It looks at bytes: a name with a byte that may start another
/// white-space character (an ASCII one, or the lead byte of U+0085, U+00A0, U+1680,
/// U+2000–U+205F or U+3000) is left to the full check.
fn single_spaced(name: &str) -> bool {
    let mut after_space = false;
    for &c in name.as_bytes() {
        let space = c == b' ';
        if (space && after_space) || matches!(c, b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3) {
            return false;
        }
        after_space = space;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::InputOptions;
    use crate::{Entity, EntityKind};
    use std::path::Path;

    #[derive(Default)]
    struct Collect {
        lines: Vec<String>,
        problems: Vec<NotScreened>,
    }

    impl Sink for Collect {
        fn hit(&mut self, r: &HitRow<'_>) -> Result<()> {
            self.lines.push(format!(
                "{}|{}|{}|{}|{}",
                r.row,
                r.input_id,
                r.input_name,
                r.hit.entity.id,
                r.kept.join("+")
            ));
            Ok(())
        }
        fn not_screened(&mut self, r: &NotScreened) -> Result<()> {
            self.problems.push(r.clone());
            Ok(())
        }
    }

    fn screener() -> Screener {
        Screener::new(vec![
            Entity::new("t:1", "test", EntityKind::Organization, "EVIL CORP"),
            Entity::new("t:2", "test", EntityKind::Person, "JOHN BADGUY"),
        ])
    }

    fn run(text: &str, columns: &Columns, threads: usize) -> (Summary, Collect) {
        let mut input = CsvInput::from_reader(
            Path::new("t.csv"),
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            None,
            InputOptions::default(),
        )
        .unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut sink = Collect::default();
        let s = screen_rows(
            &mut input,
            &screener(),
            columns,
            &Options::default(),
            &pool,
            &mut sink,
        )
        .unwrap();
        (s, sink)
    }

    #[test]
    fn hits_in_order_with_ids_kept_columns_and_problems() {
        let text = "id,name,country\nA,Evil Corp,DE\nB,Nice Shop,FR\nC,,IT\nD,John  Badguy,US\nE,evil corp,RU\n";
        let columns = Columns {
            name: 1,
            id: Some(0),
            keep: vec![2],
        };
        let (s, c) = run(text, &columns, 2);
        assert_eq!(
            c.lines,
            [
                "1|A|Evil Corp|t:1|DE",
                "4|D|John  Badguy|t:2|US",
                "5|E|evil corp|t:1|RU"
            ]
        );
        assert_eq!(
            c.problems,
            [NotScreened {
                row: 3,
                line: 4,
                reason: "empty name".into()
            }]
        );
        assert_eq!(
            (
                s.rows_read,
                s.rows_screened,
                s.rows_with_hits,
                s.hits,
                s.not_screened
            ),
            (5, 4, 3, 3, 1)
        );
        assert_eq!(s.first_not_screened.len(), 1);
    }

    #[test]
    fn row_number_is_the_id_without_an_id_column() {
        let (_, c) = run("name\nx\nEvil Corp\n", &Columns::default(), 1);
        assert_eq!(c.lines, ["2|2|Evil Corp|t:1|"]);
    }

    #[test]
    fn repeated_names_are_matched_once_across_chunks() {
        let mut text = String::from("name\n");
        for i in 0..(CHUNK_ROWS * 2 + 10) {
            text.push_str(["Evil  Corp\n", "Evil Corp\n", "Someone Else\n"][i % 3]);
        }
        let (s, c) = run(&text, &Columns::default(), 2);
        assert_eq!(s.distinct_names, 2);
        assert_eq!(s.rows_screened as usize, CHUNK_ROWS * 2 + 10);
        assert_eq!(c.lines.len(), s.hits as usize);
    }

    proptest::proptest! {
        #[test]
        fn single_spaced_names_are_their_own_key(name in "[a É\t\u{85}\u{a0}\u{2003}\u{2019}\u{3000}ж]{0,12}") {
            let name = name.trim();
            let key = name.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert!(!single_spaced(name) || key == name, "{name:?}");
        }
    }

    #[test]
    fn common_names_take_the_short_way() {
        for name in [
            "Élodie Michel SAS",
            "Андрей Тихонов",
            "O'Brien & Sons, Ltd.",
        ] {
            assert!(single_spaced(name), "{name}");
        }
        for name in ["Acme  Ltd", "Acme\tLtd", "Acme\u{a0}Ltd", "Acme\u{2019}s"] {
            assert!(!single_spaced(name), "{name}");
        }
    }

    #[test]
    fn output_is_the_same_for_any_thread_count() {
        let mut text = String::from("name,n\n");
        for i in 0..20_000 {
            let name = [
                "Evil Corp",
                "John Badguy",
                "Jon Badguy",
                "Acme",
                "",
                "Evil Corporation",
            ][i % 6];
            text.push_str(&format!("{name} {},{i}\n", i % 7));
        }
        let columns = Columns {
            name: 0,
            id: None,
            keep: vec![1],
        };
        let (s1, c1) = run(&text, &columns, 1);
        let (s3, c3) = run(&text, &columns, 3);
        assert_eq!(c1.lines, c3.lines);
        assert_eq!(c1.problems, c3.problems);
        assert_eq!(s1.hits, s3.hits);
        assert!(s1.hits > 0);
    }
}
