//! Reading vendor files: encoding and delimiter detection, and a CSV record reader that reports
//! bad rows (with their line numbers) instead of failing the file or swallowing the rows after
//! them.
//!
//! Every vendor file goes through [`CsvInput`]. It decodes UTF-8 (with or without byte order
//! mark), UTF-16 LE/BE (with byte order mark) and Windows-1251 to UTF-8 while streaming, sniffs
//! the delimiter (comma, semicolon, tab or pipe) from the first lines, and hands out one
//! [`Record`] at a time. Memory stays bounded whatever the input: a physical line longer than
//! [`MAX_LINE_BYTES`] is skipped as it is read (and its row reported), and a quoted field may
//! span at most [`MAX_CONTINUATION_LINES`] lines before the row is reported as having an
//! unbalanced quote and the lines after it are read again as rows of their own.

use crate::{Error, Result};
use encoding_rs::{Decoder, UTF_16BE, UTF_16LE, WINDOWS_1251};
use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Longest physical line read, in bytes (after decoding to UTF-8). A longer line is skipped
/// without being held in memory and its row is reported as not screened.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Longest name screened, in bytes of UTF-8. No legal name comes near it; a longer cell is
/// junk (a pasted document, a binary blob) and its row is reported as not screened.
pub const MAX_NAME_BYTES: usize = 64 * 1024;

/// Most physical lines one record may span (a quoted field with line breaks, as spreadsheets
/// write multi-line address cells). A quote still open after that many lines is taken to be
/// unbalanced.
pub const MAX_CONTINUATION_LINES: usize = 16;

/// Most fields in one record.
pub const MAX_FIELDS: usize = 4096;

/// How many bytes are looked at to detect the encoding and the delimiter.
const SAMPLE_BYTES: usize = 64 * 1024;

/// How many lines are looked at to detect the delimiter.
const SNIFF_LINES: usize = 20;

/// Text encodings a vendor file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 little-endian.
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1251 (Cyrillic), as older Russian and Ukrainian accounting systems export.
    Windows1251,
}

impl Encoding {
    /// The name used on the command line and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1251 => "windows-1251",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Encoding {
    type Err = String;

    /// Parses `utf-8`, `utf-16le`, `utf-16be`, `windows-1251` (and `utf8`, `cp1251`, ...).
    fn from_str(s: &str) -> std::result::Result<Encoding, String> {
        let k: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match k.as_str() {
            "utf8" => Ok(Encoding::Utf8),
            "utf16le" | "utf16" => Ok(Encoding::Utf16Le),
            "utf16be" => Ok(Encoding::Utf16Be),
            "windows1251" | "cp1251" | "win1251" => Ok(Encoding::Windows1251),
            _ => Err(format!(
                "unknown encoding {s:?}: use utf-8, utf-16le, utf-16be or windows-1251"
            )),
        }
    }
}

/// A field delimiter given on the command line: `,` `;` `|`, `tab` (or `\t`), the words
/// `comma`, `semicolon`, `pipe`, or `none` (one field per line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiter(pub u8);

impl Delimiter {
    /// No delimiter: each line is one field. Detected for files whose header has one column.
    /// (NUL never splits a field: a line holding one is refused before it is parsed.)
    pub const NONE: Delimiter = Delimiter(0);
}

impl FromStr for Delimiter {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Delimiter, String> {
        match s.to_ascii_lowercase().as_str() {
            "," | "comma" => Ok(Delimiter(b',')),
            ";" | "semicolon" => Ok(Delimiter(b';')),
            "\t" | "\\t" | "tab" => Ok(Delimiter(b'\t')),
            "|" | "pipe" => Ok(Delimiter(b'|')),
            "none" => Ok(Delimiter::NONE),
            _ => Err(format!(
                "unknown delimiter {s:?}: use ',', ';', '|', 'tab' or 'none'"
            )),
        }
    }
}

impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("none"),
            b'\t' => f.write_str("tab"),
            b => write!(f, "{}", b as char),
        }
    }
}

/// How to read a vendor file; `None` means detect.
#[derive(Debug, Clone, Copy, Default)]
pub struct InputOptions {
    /// The encoding, or `None` to detect it.
    pub encoding: Option<Encoding>,
    /// The delimiter, or `None` to detect it.
    pub delimiter: Option<Delimiter>,
}

/// Why a row could not be read (or its name could not be screened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// A quoted field is not closed within [`MAX_CONTINUATION_LINES`] lines, or closing it
    /// gives the wrong number of fields.
    UnbalancedQuote,
    /// The physical line is longer than [`MAX_LINE_BYTES`].
    LineTooLong,
    /// The row has a different number of fields from the header.
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// More than [`MAX_FIELDS`] fields.
    TooManyFields,
    /// The row holds a NUL byte: binary data, not text.
    NulByte,
    /// The name cell is empty or blank.
    EmptyName,
    /// The name cell is longer than [`MAX_NAME_BYTES`].
    NameTooLong(usize),
    /// The name holds bytes that are not valid in the file's encoding.
    InvalidEncoding(Encoding),
    /// The name holds ASCII control characters (other than tab): binary junk, not text.
    ControlCharacters,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::UnbalancedQuote => write!(
                f,
                "unbalanced quote: a quoted field is not closed (within {MAX_CONTINUATION_LINES} lines) or closing it gives the wrong number of fields"
            ),
            RowProblem::LineTooLong => write!(
                f,
                "line longer than {} MiB, not read",
                MAX_LINE_BYTES >> 20
            ),
            RowProblem::FieldCount { found, expected } => {
                write!(f, "row has {found} fields but the header has {expected}")
            }
            RowProblem::TooManyFields => write!(f, "row has more than {MAX_FIELDS} fields"),
            RowProblem::NulByte => f.write_str("row contains a NUL byte (binary data?)"),
            RowProblem::EmptyName => f.write_str("empty name"),
            RowProblem::NameTooLong(n) => write!(
                f,
                "name is {n} bytes, longer than the limit of {} KiB",
                MAX_NAME_BYTES >> 10
            ),
            RowProblem::InvalidEncoding(e) => {
                write!(f, "name contains bytes that are not valid {e}")
            }
            RowProblem::ControlCharacters => f.write_str("name contains control characters"),
        }
    }
}

/// Checks a name cell before it is screened, and returns it without surrounding whitespace.
pub fn check_name(name: &str, encoding: Encoding) -> std::result::Result<&str, RowProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(RowProblem::EmptyName);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(RowProblem::NameTooLong(name.len()));
    }
    // Decoders write U+FFFD for bytes they cannot decode; screening the rest would be
    // screening a different name.
    if name.contains('\u{FFFD}') {
        return Err(RowProblem::InvalidEncoding(encoding));
    }
    // Only ASCII controls: the C1 range (U+0080..U+009F) turns up in real names as Windows-1252
    // punctuation decoded as Latin-1 (Xi\u{92}an for Xi'an), even in the published lists, and
    // the matcher reads it as a word break.
    // Byte by byte: in UTF-8 a byte below 0x80 is always an ASCII character of its own.
    if name.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
        return Err(RowProblem::ControlCharacters);
    }
    Ok(name)
}

/// Header names that mark the name column when `--name-column` is not given, compared
/// case-insensitively with spaces and hyphens read as `_`; `X_name` matches too.
pub const NAME_COLUMNS: [&str; 7] = [
    "name",
    "vendor",
    "vendor_name",
    "supplier",
    "counterparty",
    "company",
    "payee",
];

/// Finds a column by header name (case-insensitive) or 1-based position.
pub fn find_column(headers: &[String], spec: &str) -> std::result::Result<usize, String> {
    let spec = spec.trim();
    let by_name: Vec<usize> = (0..headers.len())
        .filter(|&i| headers[i].to_lowercase() == spec.to_lowercase())
        .collect();
    match by_name.as_slice() {
        [i] => return Ok(*i),
        [] => {}
        _ => {
            return Err(format!(
            "column {spec:?} appears {} times in the header; give its position (1-based) instead",
            by_name.len()
        ))
        }
    }
    match spec.parse::<usize>() {
        Ok(n) if (1..=headers.len()).contains(&n) => Ok(n - 1),
        _ => Err(format!(
            "no column {spec:?}; the header has: {}",
            list_headers(headers)
        )),
    }
}

/// Finds the column holding the names, by the header names in [`NAME_COLUMNS`]. Fails, listing
/// the headers, when none or several match.
pub fn detect_name_column(headers: &[String]) -> std::result::Result<usize, String> {
    let matches: Vec<usize> = (0..headers.len())
        .filter(|&i| {
            let h: String = headers[i]
                .to_lowercase()
                .chars()
                .map(|c| if c == ' ' || c == '-' { '_' } else { c })
                .collect();
            NAME_COLUMNS
                .iter()
                .any(|n| h == *n || h.strip_suffix("_name") == Some(n))
        })
        .collect();
    match matches.as_slice() {
        [i] => Ok(*i),
        [] => Err(format!(
            "cannot tell which column holds the names: no header is one of {}; pass --name-column. The header has: {}",
            NAME_COLUMNS.join(", "),
            list_headers(headers)
        )),
        several => Err(format!(
            "cannot tell which column holds the names: several could ({}); pass --name-column. The header has: {}",
            several.iter().map(|&i| headers[i].as_str()).collect::<Vec<_>>().join(", "),
            list_headers(headers)
        )),
    }
}

fn list_headers(headers: &[String]) -> String {
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| format!("{} {h:?}", i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One record: its fields, where it is, and whether it could be read.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// 1-based data row (the header is not counted; blank lines are not rows).
    pub row: u64,
    /// 1-based physical line where the record starts (the header is line 1).
    pub line: u64,
    /// Why the record could not be read; `None` when its fields are good.
    pub problem: Option<RowProblem>,
    text: String,
    ends: Vec<usize>,
}

impl Record {
    /// Number of fields (0 for a record that could not be read).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i` (0-based).
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    fn clear(&mut self) {
        self.problem = None;
        self.text.clear();
        self.ends.clear();
    }
}

/// One physical line, without its terminator.
#[derive(Debug, Default)]
struct Line {
    number: u64,
    bytes: Vec<u8>,
    too_long: bool,
}

/// A streaming CSV reader over one vendor file.
pub struct CsvInput {
    source: PathBuf,
    encoding: Encoding,
    delimiter: Delimiter,
    headers: Vec<String>,
    reader: BufReader<Box<dyn Read + Send>>,
    consumed: Arc<AtomicU64>,
    total_bytes: Option<u64>,
    pending: VecDeque<Line>,
    next_line: u64,
    rows: u64,
    blank_lines: u64,
    fields: Fields,
    held: Vec<Line>,
    spare: Vec<u8>,
    read_error: Option<Error>,
}

impl CsvInput {
    /// Opens `path` (standard input when `None` or `-`) and reads its header.
    pub fn open(path: Option<&Path>, opts: InputOptions) -> Result<CsvInput> {
        match path {
            Some(p) if p != Path::new("-") => {
                let f = File::open(p).map_err(|e| Error::io(p, e))?;
                let total = f.metadata().ok().map(|m| m.len());
                CsvInput::from_reader(p, Box::new(f), total, opts)
            }
            _ => CsvInput::from_reader(Path::new("<stdin>"), Box::new(io::stdin()), None, opts),
        }
    }

    /// Reads a vendor file from `raw` (named `source` in messages; `total_bytes` its size when
    /// known, for progress) and reads its header.
    pub fn from_reader(
        source: &Path,
        raw: Box<dyn Read + Send>,
        total_bytes: Option<u64>,
        opts: InputOptions,
    ) -> Result<CsvInput> {
        let consumed = Arc::new(AtomicU64::new(0));
        let mut raw = Counting {
            inner: raw,
            count: consumed.clone(),
        };
        let mut sample = Vec::with_capacity(SAMPLE_BYTES);
        (&mut raw)
            .take(SAMPLE_BYTES as u64)
            .read_to_end(&mut sample)
            .map_err(|e| Error::io(source, e))?;
        let at_eof = sample.len() < SAMPLE_BYTES;
        if sample.is_empty() {
            return Err(Error::parse(
                source,
                None,
                None,
                "the input is empty: a vendor file needs a header line naming its columns",
            ));
        }
        let (encoding, bom) = match opts.encoding {
            Some(e) => (e, bom_len(&sample, e)),
            None => {
                detect_encoding(&sample, at_eof).map_err(|m| Error::parse(source, None, None, m))?
            }
        };
        let rest = io::Cursor::new(sample).chain(raw);
        let mut rest: Box<dyn Read + Send> = Box::new(rest);
        io::copy(&mut (&mut rest).take(bom as u64), &mut io::sink())
            .map_err(|e| Error::io(source, e))?;
        let decoded: Box<dyn Read + Send> = match encoding {
            // UTF-8 is passed through; bad bytes are caught per record.
            Encoding::Utf8 => rest,
            Encoding::Utf16Le => Box::new(Decoding::new(
                rest,
                UTF_16LE.new_decoder_without_bom_handling(),
            )),
            Encoding::Utf16Be => Box::new(Decoding::new(
                rest,
                UTF_16BE.new_decoder_without_bom_handling(),
            )),
            Encoding::Windows1251 => Box::new(Decoding::new(
                rest,
                WINDOWS_1251.new_decoder_without_bom_handling(),
            )),
        };
        let mut input = CsvInput {
            source: source.to_path_buf(),
            encoding,
            delimiter: Delimiter(b','),
            headers: Vec::new(),
            reader: BufReader::with_capacity(256 * 1024, decoded),
            consumed,
            total_bytes,
            pending: VecDeque::new(),
            next_line: 1,
            rows: 0,
            blank_lines: 0,
            fields: Fields::new(Delimiter(b',')),
            held: Vec::new(),
            spare: Vec::new(),
            read_error: None,
        };
        input.delimiter = match opts.delimiter {
            Some(d) => d,
            None => input.sniff_delimiter()?,
        };
        input.fields = Fields::new(input.delimiter);
        input.read_header()?;
        Ok(input)
    }

    /// The file name used in messages (`<stdin>` for standard input).
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// The encoding in use (given or detected).
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The delimiter in use (given or detected).
    pub fn delimiter(&self) -> Delimiter {
        self.delimiter
    }

    /// The header's column names, trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Raw (undecoded) bytes read so far, and the input's size when known: for progress.
    pub fn progress(&self) -> (u64, Option<u64>) {
        (self.consumed.load(Ordering::Relaxed), self.total_bytes)
    }

    /// Blank lines skipped so far.
    pub fn blank_lines(&self) -> u64 {
        self.blank_lines
    }

    /// Reads the next record into `rec`. Returns `false` at the end of the input. A record that
    /// cannot be read still counts as a row: `rec.problem` says why.
    pub fn read(&mut self, rec: &mut Record) -> Result<bool> {
        loop {
            let Some(first) = self.take_line()? else {
                return Ok(false);
            };
            if first.bytes.is_empty() && !first.too_long {
                self.blank_lines += 1;
                continue;
            }
            self.rows += 1;
            rec.clear();
            rec.row = self.rows;
            rec.line = first.number;
            let parsed = self.parse_record(&first, rec);
            if let Some(e) = self.read_error.take() {
                return Err(e);
            }
            // The line's buffer is reused for the next line.
            self.spare = first.bytes;
            if let Err(p) = parsed {
                rec.problem = Some(p);
                rec.text.clear();
                rec.ends.clear();
            }
            return Ok(true);
        }
    }

    fn read_header(&mut self) -> Result<()> {
        let first = loop {
            match self.take_line()? {
                None => {
                    return Err(Error::parse(
                        &self.source,
                        None,
                        None,
                        "the input has no header line naming its columns",
                    ))
                }
                Some(l) if l.bytes.is_empty() && !l.too_long => continue,
                Some(l) => break l,
            }
        };
        let line = first.number;
        let mut rec = Record::default();
        // The header fixes the field count, so any count is accepted for it.
        self.headers.clear();
        let parsed = self.parse_record(&first, &mut rec);
        if let Some(e) = self.read_error.take() {
            return Err(e);
        }
        parsed.map_err(|p| {
            Error::parse(
                &self.source,
                Some(line),
                None,
                format!("bad header line: {p}"),
            )
        })?;
        self.headers = (0..rec.len())
            .map(|i| rec.get(i).unwrap_or_default().trim().to_string())
            .collect();
        Ok(())
    }

    /// Parses the record starting at `first`, pulling continuation lines while a quoted field
    /// is open. On failure the continuation lines are put back to be read as rows of their own.
    fn parse_record(
        &mut self,
        first: &Line,
        rec: &mut Record,
    ) -> std::result::Result<(), RowProblem> {
        if first.too_long {
            return Err(RowProblem::LineTooLong);
        }
        if memchr::memchr(0, &first.bytes).is_some() {
            return Err(RowProblem::NulByte);
        }
        self.fields.start();
        // Most lines hold no quote: their fields are the pieces between delimiters, found
        // without the byte-at-a-time parser.
        let mut done = if memchr::memchr(b'"', &first.bytes).is_none() {
            self.fields.split_plain(&first.bytes)?;
            true
        } else {
            self.fields.feed(&first.bytes)?
        };
        self.held.clear();
        while !done {
            let next = if self.held.len() < MAX_CONTINUATION_LINES {
                match self.take_line() {
                    Ok(l) => l,
                    Err(e) => {
                        // Reported by the caller: a read error is fatal, not a row problem.
                        self.read_error = Some(e);
                        None
                    }
                }
            } else {
                None
            };
            let Some(next) = next else {
                self.put_back_held();
                return Err(RowProblem::UnbalancedQuote);
            };
            let bad = next.too_long || memchr::memchr(0, &next.bytes).is_some();
            let fed = if bad {
                Err(RowProblem::UnbalancedQuote)
            } else {
                self.fields.feed(&next.bytes)
            };
            self.held.push(next);
            match fed {
                Ok(d) => done = d,
                Err(p) => {
                    self.put_back_held();
                    return Err(p);
                }
            }
        }
        let found = self.fields.ends().len();
        let expected = self.headers.len();
        if !self.held.is_empty() {
            // A record spanning lines is accepted only when it is sound: its quotes close
            // cleanly and it has the header's field count. Otherwise the quote on the first
            // line was unbalanced, and the lines after it are rows of their own.
            let lines = std::iter::once(first.bytes.as_slice())
                .chain(self.held.iter().map(|l| l.bytes.as_slice()));
            if !quotes_close_cleanly(lines, self.delimiter.0)
                || (expected != 0 && found != expected)
            {
                self.put_back_held();
                return Err(RowProblem::UnbalancedQuote);
            }
        } else if expected != 0 && found != expected {
            return Err(RowProblem::FieldCount { found, expected });
        }
        self.held.clear();
        self.fields.copy_to(rec);
        Ok(())
    }

    fn put_back_held(&mut self) {
        for l in self.held.drain(..).rev() {
            self.pending.push_front(l);
        }
    }

    /// The next physical line, from the put-back queue or the reader.
    fn take_line(&mut self) -> std::result::Result<Option<Line>, Error> {
        if let Some(l) = self.pending.pop_front() {
            return Ok(Some(l));
        }
        self.read_line()
    }

    fn read_line(&mut self) -> Result<Option<Line>> {
        let mut bytes = std::mem::take(&mut self.spare);
        bytes.clear();
        let mut line = Line {
            number: self.next_line,
            bytes,
            too_long: false,
        };
        let mut any = false;
        loop {
            let buf = self
                .reader
                .fill_buf()
                .map_err(|e| Error::io(&self.source, e))?;
            if buf.is_empty() {
                break;
            }
            any = true;
            let (take, found) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i, true),
                None => (buf.len(), false),
            };
            if !line.too_long {
                if line.bytes.len() + take > MAX_LINE_BYTES {
                    // Stop keeping it, but keep reading to its end.
                    line.too_long = true;
                    line.bytes = Vec::new();
                } else {
                    line.bytes.extend_from_slice(&buf[..take]);
                }
            }
            self.reader.consume(take + usize::from(found));
            if found {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        if line.bytes.last() == Some(&b'\r') {
            line.bytes.pop();
        }
        self.next_line += 1;
        Ok(Some(line))
    }

    /// Detects the delimiter from the first lines: the candidate that appears most often
    /// outside quotes in the header and as often in the lines after it. Lines looked at are
    /// kept to be read again.
    fn sniff_delimiter(&mut self) -> Result<Delimiter> {
        for _ in 0..SNIFF_LINES {
            match self.read_line()? {
                Some(l) => self.pending.push_back(l),
                None => break,
            }
        }
        let lines: Vec<&[u8]> = self
            .pending
            .iter()
            .filter(|l| !l.bytes.is_empty() && !l.too_long)
            .map(|l| l.bytes.as_slice())
            .collect();
        let Some((header, rest)) = lines.split_first() else {
            return Ok(Delimiter(b','));
        };
        let candidates = [b',', b';', b'\t', b'|'];
        let score = |d: u8| -> (usize, usize) {
            let n = count_outside_quotes(header, d);
            let agree = rest
                .iter()
                .filter(|l| count_outside_quotes(l, d) == n)
                .count();
            (n, agree)
        };
        let scored: Vec<(u8, (usize, usize))> = candidates.iter().map(|&d| (d, score(d))).collect();
        let best = scored
            .iter()
            .filter(|(_, (n, _))| *n > 0)
            .max_by(|a, b| (a.1 .1, a.1 .0).cmp(&(b.1 .1, b.1 .0)));
        let Some(&(d, s)) = best else {
            // The header has one column: a list of names, one per line, where a comma is part
            // of the name ("Acme, Inc."), not a delimiter.
            return Ok(Delimiter::NONE);
        };
        let tied: Vec<String> = scored
            .iter()
            .filter(|(c, t)| *c != d && t.0 > 0 && (t.1, t.0) == (s.1, s.0))
            .map(|(c, _)| Delimiter(*c).to_string())
            .collect();
        if !tied.is_empty() {
            return Err(Error::parse(
                &self.source,
                Some(1),
                None,
                format!(
                    "cannot tell the delimiter: '{}' and {} fit the first lines equally well; pass --delimiter",
                    Delimiter(d),
                    tied.join(", ")
                ),
            ));
        }
        Ok(Delimiter(d))
    }
}

/// The CSV parser and the buffers one record is parsed into.
struct Fields {
    parser: csv_core::Reader,
    delimiter: u8,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    nends: usize,
}

impl Fields {
    fn new(delimiter: Delimiter) -> Fields {
        Fields {
            parser: csv_core::ReaderBuilder::new()
                .delimiter(delimiter.0)
                // Lines are split (and their CR dropped) before parsing.
                .terminator(csv_core::Terminator::Any(b'\n'))
                .build(),
            delimiter: delimiter.0,
            out: Vec::new(),
            out_len: 0,
            ends: vec![0; 64],
            nends: 0,
        }
    }

    fn start(&mut self) {
        self.parser.reset();
        self.out_len = 0;
        self.nends = 0;
    }

    fn ends(&self) -> &[usize] {
        &self.ends[..self.nends]
    }

    /// Feeds one line and its terminator. Returns whether the record ended (it has not when a
    /// quoted field is still open).
    fn feed(&mut self, line: &[u8]) -> std::result::Result<bool, RowProblem> {
        use csv_core::ReadRecordResult as R;
        // The parser never writes more bytes than it reads.
        let need = self.out_len + line.len() + 1;
        if self.out.len() < need {
            self.out.resize(need, 0);
        }
        for mut input in [line, b"\n".as_slice()] {
            // An empty input tells csv_core the data has ended: never pass one.
            while !input.is_empty() {
                let (res, nin, nout, nend) = self.parser.read_record(
                    input,
                    &mut self.out[self.out_len..],
                    &mut self.ends[self.nends..],
                );
                input = &input[nin..];
                self.out_len += nout;
                self.nends += nend;
                match res {
                    R::Record | R::End => return Ok(true),
                    R::InputEmpty => {}
                    R::OutputFull => unreachable!("the output buffer is as long as the input"),
                    R::OutputEndsFull => self.grow_ends()?,
                }
            }
        }
        Ok(false)
    }

    /// Splits one whole record with no quote in it at its delimiters, as [`Fields::feed`] would
    /// (after [`Fields::start`]).
    fn split_plain(&mut self, line: &[u8]) -> std::result::Result<(), RowProblem> {
        let delimiter = self.delimiter;
        self.out.clear();
        self.out.reserve(line.len());
        for field in line.split(|&b| b == delimiter) {
            if self.nends == self.ends.len() {
                self.grow_ends()?;
            }
            self.out.extend_from_slice(field);
            self.ends[self.nends] = self.out.len();
            self.nends += 1;
        }
        self.out_len = self.out.len();
        Ok(())
    }

    /// Makes room for more field ends, up to [`MAX_FIELDS`].
    fn grow_ends(&mut self) -> std::result::Result<(), RowProblem> {
        if self.ends.len() >= MAX_FIELDS {
            return Err(RowProblem::TooManyFields);
        }
        let n = (self.ends.len() * 2).min(MAX_FIELDS + 1);
        self.ends.resize(n, 0);
        Ok(())
    }

    /// Copies the parsed fields into `rec` as text, replacing bytes that are not UTF-8 (only
    /// possible for UTF-8 input: the decoders write valid UTF-8) with U+FFFD.
    fn copy_to(&self, rec: &mut Record) {
        let bytes = &self.out[..self.out_len];
        if let Ok(s) = std::str::from_utf8(bytes) {
            rec.text.push_str(s);
            rec.ends.extend_from_slice(self.ends());
            return;
        }
        let mut start = 0;
        for &end in self.ends() {
            rec.text
                .push_str(&String::from_utf8_lossy(&bytes[start..end]));
            rec.ends.push(rec.text.len());
            start = end;
        }
    }
}

/// Whether every quoted field in `lines` (one record, split at its line breaks) is closed by a
/// quote followed by the delimiter or the end of the record, with `""` for a quote inside.
fn quotes_close_cleanly<'a>(lines: impl Iterator<Item = &'a [u8]>, delimiter: u8) -> bool {
    #[derive(PartialEq)]
    enum S {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut s = S::FieldStart;
    for (i, line) in lines.enumerate() {
        // The line break between two lines is a byte of the record too.
        let brk = if i == 0 { None } else { Some(b'\n') };
        for b in brk.into_iter().chain(line.iter().copied()) {
            s = match (s, b) {
                (S::FieldStart, b'"') => S::Quoted,
                (S::FieldStart | S::Unquoted, b) if b == delimiter => S::FieldStart,
                (S::FieldStart | S::Unquoted, _) => S::Unquoted,
                (S::Quoted, b'"') => S::QuoteInQuoted,
                (S::Quoted, _) => S::Quoted,
                (S::QuoteInQuoted, b'"') => S::Quoted,
                (S::QuoteInQuoted, b) if b == delimiter => S::FieldStart,
                (S::QuoteInQuoted, _) => return false,
            };
        }
    }
    s != S::Quoted
}

/// Occurrences of `d` outside double-quoted fields.
fn count_outside_quotes(line: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Length of the byte order mark of `e` at the start of `sample`, if there is one.
fn bom_len(sample: &[u8], e: Encoding) -> usize {
    let bom: &[u8] = match e {
        Encoding::Utf8 => b"\xEF\xBB\xBF",
        Encoding::Utf16Le => b"\xFF\xFE",
        Encoding::Utf16Be => b"\xFE\xFF",
        Encoding::Windows1251 => b"",
    };
    if sample.starts_with(bom) {
        bom.len()
    } else {
        0
    }
}

/// Detects the encoding of a file from its first bytes; returns it with the length of its byte
/// order mark. Fails, saying what to do, on spreadsheets, binary files and text that is neither
/// UTF-8 nor Cyrillic Windows-1251.
pub fn detect_encoding(
    sample: &[u8],
    at_eof: bool,
) -> std::result::Result<(Encoding, usize), String> {
    if sample.starts_with(b"PK\x03\x04") || sample.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(
            "this is a spreadsheet (xlsx/xls) or an archive, not a CSV file: save it as CSV (UTF-8) first"
                .into(),
        );
    }
    for e in [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be] {
        let n = bom_len(sample, e);
        if n > 0 {
            return Ok((e, n));
        }
    }
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    if nuls * 10 > sample.len() {
        let odd = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let even = nuls - odd;
        // Text in UTF-16 has a NUL beside most of its letters; a few NULs are binary data.
        let utf16 = nuls * 3 >= sample.len();
        let hint = if utf16 && odd > even * 4 {
            "it looks like UTF-16 little-endian without a byte order mark: pass --encoding utf-16le"
        } else if utf16 && even > odd * 4 {
            "it looks like UTF-16 big-endian without a byte order mark: pass --encoding utf-16be"
        } else {
            "it looks like a binary file, not CSV text"
        };
        return Err(format!("cannot read the input as text: {hint}"));
    }
    match std::str::from_utf8(sample) {
        Ok(_) => return Ok((Encoding::Utf8, 0)),
        // A multi-byte character cut by the end of the sample is not an error.
        Err(e) if e.error_len().is_none() && !at_eof => return Ok((Encoding::Utf8, 0)),
        Err(_) => {}
    }
    if looks_like_windows_1251(sample) {
        return Ok((Encoding::Windows1251, 0));
    }
    Err(
        "the input is not UTF-8 and does not look like Cyrillic Windows-1251: \
         pass --encoding, or save the file as CSV (UTF-8)"
            .into(),
    )
}

/// Whether bytes that are not UTF-8 read as Cyrillic words in Windows-1251. In Cyrillic text
/// whole words are made of high bytes; in Latin-1 style text (Müller, Società) single high
/// bytes sit inside ASCII words, which is how the two are told apart.
fn looks_like_windows_1251(sample: &[u8]) -> bool {
    let (text, _, _) = WINDOWS_1251.decode(sample);
    let (mut cyrillic, mut mixed) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_ascii() {
            continue;
        }
        if word.chars().all(|c| ('\u{400}'..='\u{4FF}').contains(&c)) {
            cyrillic += 1;
        } else {
            mixed += 1;
        }
    }
    cyrillic > 0 && mixed * 10 <= cyrillic
}

/// Counts raw bytes read, for progress.
struct Counting {
    inner: Box<dyn Read + Send>,
    count: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Decodes a byte stream to UTF-8 as it is read.
struct Decoding {
    inner: Box<dyn Read + Send>,
    decoder: Decoder,
    raw: Vec<u8>,
    utf8: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl Decoding {
    fn new(inner: Box<dyn Read + Send>, decoder: Decoder) -> Decoding {
        Decoding {
            inner,
            decoder,
            raw: vec![0; 64 * 1024],
            utf8: Vec::new(),
            pos: 0,
            eof: false,
        }
    }
}

impl Read for Decoding {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.utf8.len() {
            if self.eof {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            self.eof = n == 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(n)
                .ok_or_else(|| io::Error::other("decoder buffer overflow"))?;
            self.utf8.resize(room, 0);
            let (_, read, written, _) =
                self.decoder
                    .decode_to_utf8(&self.raw[..n], &mut self.utf8, self.eof);
            debug_assert_eq!(read, n);
            self.utf8.truncate(written);
            self.pos = 0;
        }
        let n = buf.len().min(self.utf8.len() - self.pos);
        buf[..n].copy_from_slice(&self.utf8[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: &[u8], opts: InputOptions) -> Result<CsvInput> {
        CsvInput::from_reader(
            Path::new("t.csv"),
            Box::new(io::Cursor::new(bytes.to_vec())),
            None,
            opts,
        )
    }

    fn rows(input: &mut CsvInput) -> Vec<(u64, u64, std::result::Result<Vec<String>, RowProblem>)> {
        let mut rec = Record::default();
        let mut v = Vec::new();
        while input.read(&mut rec).unwrap() {
            let r = match &rec.problem {
                Some(p) => Err(p.clone()),
                None => Ok((0..rec.len())
                    .map(|i| rec.get(i).unwrap().to_string())
                    .collect()),
            };
            v.push((rec.row, rec.line, r));
        }
        v
    }

    fn ok(fields: &[&str]) -> std::result::Result<Vec<String>, RowProblem> {
        Ok(fields.iter().map(|s| s.to_string()).collect())
    }

    /// A record's field bytes, one after another, and where each field ends.
    type Parsed = (Vec<u8>, Vec<usize>);

    /// What each line parses to as a whole record, with one [`Fields`] used for all of them:
    /// through the plain split when `plain`, else through csv_core. Lines are never empty:
    /// the reader skips blank lines before parsing.
    fn fields_of(lines: &[Vec<u8>], plain: bool) -> Vec<std::result::Result<Parsed, RowProblem>> {
        let mut f = Fields::new(Delimiter(b';'));
        lines
            .iter()
            .map(|line| {
                f.start();
                if plain {
                    f.split_plain(line)?;
                } else {
                    assert!(f.feed(line)?, "a line with no quote is a whole record");
                }
                Ok((f.out[..f.out_len].to_vec(), f.ends().to_vec()))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn plain_split_agrees_with_the_parser(lines in proptest::collection::vec("[a;, \r\tÉж]{1,40}", 1..6)) {
            let lines: Vec<Vec<u8>> = lines.into_iter().map(String::into_bytes).collect();
            proptest::prop_assert_eq!(fields_of(&lines, true), fields_of(&lines, false));
        }
    }

    #[test]
    fn plain_split_keeps_the_field_limit() {
        // n delimiters make n + 1 fields; the short line after checks that buffers are reused.
        let lines: Vec<Vec<u8>> = [MAX_FIELDS - 2, MAX_FIELDS - 1, MAX_FIELDS, 1]
            .iter()
            .map(|&n| vec![b';'; n])
            .collect();
        let plain = fields_of(&lines, true);
        assert_eq!(plain, fields_of(&lines, false));
        assert_eq!(plain[1].as_ref().unwrap().1.len(), MAX_FIELDS);
        assert_eq!(plain[2], Err(RowProblem::TooManyFields));
        assert_eq!(plain[3].as_ref().unwrap().1, [0, 0]);
    }

    #[test]
    fn reads_plain_utf8_with_crlf_and_quotes() {
        let mut i = open(
            b"id,name\r\n1,Acme\r\n2,\"Smith, John\"\r\n\r\n3,\"say \"\"hi\"\"\"\r\n",
            InputOptions::default(),
        )
        .unwrap();
        assert_eq!(i.headers(), ["id", "name"]);
        assert_eq!(i.encoding(), Encoding::Utf8);
        assert_eq!(i.delimiter(), Delimiter(b','));
        let r = rows(&mut i);
        assert_eq!(
            r,
            vec![
                (1, 2, ok(&["1", "Acme"])),
                (2, 3, ok(&["2", "Smith, John"])),
                (3, 5, ok(&["3", "say \"hi\""])),
            ]
        );
        assert_eq!(i.blank_lines(), 1);
    }

    #[test]
    fn strips_utf8_bom_and_detects_semicolon() {
        let mut i = open(
            "\u{FEFF}Name;Country\nСбербанк;RU\n\"A; B\";DE\n".as_bytes(),
            InputOptions::default(),
        )
        .unwrap();
        assert_eq!(i.headers(), ["Name", "Country"]);
        assert_eq!(i.delimiter(), Delimiter(b';'));
        let r = rows(&mut i);
        assert_eq!(r[0].2, ok(&["Сбербанк", "RU"]));
        assert_eq!(r[1].2, ok(&["A; B", "DE"]));
    }

    #[test]
    fn detects_tab_and_pipe() {
        let i = open(b"a\tb\tc\n1\t2\t3\n", InputOptions::default()).unwrap();
        assert_eq!(i.delimiter(), Delimiter(b'\t'));
        let i = open(b"a|b\n1,5|2\n", InputOptions::default()).unwrap();
        assert_eq!(i.delimiter(), Delimiter(b'|'));
    }

    #[test]
    fn one_column_file_keeps_commas_in_names() {
        let mut i = open(
            b"Vendor\nAcme, Inc.\n\"Quoted, Ltd\"\n",
            InputOptions::default(),
        )
        .unwrap();
        assert_eq!(i.delimiter(), Delimiter::NONE);
        let r = rows(&mut i);
        assert_eq!(r[0].2, ok(&["Acme, Inc."]));
        assert_eq!(r[1].2, ok(&["Quoted, Ltd"]));
    }

    #[test]
    fn ambiguous_delimiter_is_an_error() {
        let e = open(b"a,b;c\n1,2;3\n", InputOptions::default())
            .err()
            .unwrap();
        assert!(e.to_string().contains("--delimiter"), "{e}");
        let i = open(
            b"a,b;c\n1,2;3\n",
            InputOptions {
                delimiter: Some(Delimiter(b';')),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(i.headers(), ["a,b", "c"]);
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let text = "name,id\nАндрей Тихонов,7\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        for (bytes, enc) in [(le, Encoding::Utf16Le), (be, Encoding::Utf16Be)] {
            let mut i = open(&bytes, InputOptions::default()).unwrap();
            assert_eq!(i.encoding(), enc);
            assert_eq!(i.headers(), ["name", "id"]);
            assert_eq!(rows(&mut i)[0].2, ok(&["Андрей Тихонов", "7"]));
        }
    }

    #[test]
    fn utf16_without_bom_says_what_to_do() {
        let mut le = Vec::new();
        for u in "name\nAcme\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let e = open(&le, InputOptions::default()).err().unwrap();
        assert!(e.to_string().contains("--encoding utf-16le"), "{e}");
    }

    #[test]
    fn binary_junk_is_not_taken_for_utf16() {
        let e = open(b"\x00\x01\x02binary", InputOptions::default())
            .err()
            .unwrap();
        assert!(e.to_string().contains("binary file"), "{e}");
    }

    #[test]
    fn detects_windows_1251_but_not_latin1() {
        let (bytes, _, _) = WINDOWS_1251.encode("name\nООО Ромашка\nПАО Сбербанк России\n");
        let mut i = open(&bytes, InputOptions::default()).unwrap();
        assert_eq!(i.encoding(), Encoding::Windows1251);
        assert_eq!(rows(&mut i)[1].2, ok(&["ПАО Сбербанк России"]));
        let latin1 = b"name\nM\xfcller GmbH\nSociet\xe0 Srl\n";
        let e = open(latin1, InputOptions::default()).err().unwrap();
        assert!(e.to_string().contains("--encoding"), "{e}");
    }

    #[test]
    fn spreadsheets_and_empty_input_are_fatal() {
        assert!(open(b"PK\x03\x04rest", InputOptions::default())
            .err()
            .unwrap()
            .to_string()
            .contains("save it as CSV"));
        assert!(open(b"", InputOptions::default()).is_err());
        assert!(open(b"\n\n", InputOptions::default()).is_err());
    }

    #[test]
    fn unbalanced_quote_is_reported_and_following_rows_are_read() {
        let mut i = open(
            b"id,name\n1,\"Acme, Inc\n2,Beta\n3,\"Gamma\"\n4,Delta\n",
            InputOptions::default(),
        )
        .unwrap();
        let r = rows(&mut i);
        assert_eq!(
            r,
            vec![
                (1, 2, Err(RowProblem::UnbalancedQuote)),
                (2, 3, ok(&["2", "Beta"])),
                (3, 4, ok(&["3", "Gamma"])),
                (4, 5, ok(&["4", "Delta"])),
            ]
        );
    }

    /// Yields its bytes, then fails.
    struct Failing(io::Cursor<Vec<u8>>);

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(io::Error::other("disk on fire")),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn read_errors_are_fatal_even_inside_a_quoted_field() {
        for text in ["name\nok\n\"open quote\n", "name\nok\n"] {
            let raw = Failing(io::Cursor::new(text.as_bytes().to_vec()));
            // The first look at the input already meets the error.
            assert!(CsvInput::from_reader(
                Path::new("t.csv"),
                Box::new(raw),
                None,
                InputOptions::default()
            )
            .is_err());
        }
        // Past the first look: a reader that fails after more than 64 KiB.
        let mut text = String::from("name\n");
        while text.len() < SAMPLE_BYTES + 10 {
            text.push_str("Acme\n");
        }
        text.push_str("\"open quote\n");
        let raw = Failing(io::Cursor::new(text.into_bytes()));
        let mut i = CsvInput::from_reader(
            Path::new("t.csv"),
            Box::new(raw),
            None,
            InputOptions::default(),
        )
        .unwrap();
        let mut rec = Record::default();
        let e = loop {
            match i.read(&mut rec) {
                Ok(true) => assert!(rec.problem.is_none()),
                Ok(false) => panic!("the read error was lost"),
                Err(e) => break e,
            }
        };
        assert!(e.to_string().contains("disk on fire"), "{e}");
    }

    #[test]
    fn quoted_field_may_span_lines() {
        let mut i = open(
            b"name,address\n\"Acme\",\"1 Main St\nSpringfield\"\nBeta,x\n",
            InputOptions::default(),
        )
        .unwrap();
        let r = rows(&mut i);
        assert_eq!(
            r,
            vec![
                (1, 2, ok(&["Acme", "1 Main St\nSpringfield"])),
                (2, 4, ok(&["Beta", "x"])),
            ]
        );
    }

    #[test]
    fn field_count_nul_and_long_lines_are_row_problems() {
        let mut big = b"name,n\nok,1\nshort\nnul\x00byte,2\n".to_vec();
        big.resize(big.len() + MAX_LINE_BYTES + 10, b'x');
        big.extend_from_slice(b",3\nlast,4\n");
        let mut i = open(&big, InputOptions::default()).unwrap();
        let r = rows(&mut i);
        assert_eq!(r[0].2, ok(&["ok", "1"]));
        assert_eq!(
            r[1].2,
            Err(RowProblem::FieldCount {
                found: 1,
                expected: 2
            })
        );
        assert_eq!(r[2].2, Err(RowProblem::NulByte));
        assert_eq!((r[3].1, r[3].2.clone()), (5, Err(RowProblem::LineTooLong)));
        assert_eq!((r[4].1, r[4].2.clone()), (6, ok(&["last", "4"])));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_the_name_rejected() {
        // Bad bytes in the first 64 KiB make detection fail (tested above); given the encoding,
        // or further into a file, they are caught row by row.
        let opts = InputOptions {
            encoding: Some(Encoding::Utf8),
            ..Default::default()
        };
        let mut i = open(b"name\nAc\xffme\nfine\n", opts).unwrap();
        let mut rec = Record::default();
        assert!(i.read(&mut rec).unwrap());
        assert_eq!(
            check_name(rec.get(0).unwrap(), i.encoding()),
            Err(RowProblem::InvalidEncoding(Encoding::Utf8))
        );
        assert!(i.read(&mut rec).unwrap());
        assert_eq!(check_name(rec.get(0).unwrap(), i.encoding()), Ok("fine"));
    }

    #[test]
    fn check_name_limits() {
        assert_eq!(check_name("  ", Encoding::Utf8), Err(RowProblem::EmptyName));
        assert_eq!(check_name(" Acme ", Encoding::Utf8), Ok("Acme"));
        let long = "a".repeat(MAX_NAME_BYTES + 1);
        assert_eq!(
            check_name(&long, Encoding::Utf8),
            Err(RowProblem::NameTooLong(MAX_NAME_BYTES + 1))
        );
        assert_eq!(
            check_name("a\u{7}b", Encoding::Utf8),
            Err(RowProblem::ControlCharacters)
        );
        assert_eq!(check_name("Xi\u{92}an", Encoding::Utf8), Ok("Xi\u{92}an"));
    }

    #[test]
    fn many_fields_grow_the_field_buffer() {
        let header: Vec<String> = (0..100).map(|i| format!("c{i}")).collect();
        let text = format!("{}\n{}\n", header.join(","), header.join(","));
        let mut i = open(text.as_bytes(), InputOptions::default()).unwrap();
        assert_eq!(i.headers().len(), 100);
        let r = rows(&mut i);
        assert_eq!(r[0].2.as_ref().unwrap().len(), 100);
    }

    #[test]
    fn columns_by_name_position_or_detection() {
        let h: Vec<String> = ["ID", "Vendor Name", "Country"].map(String::from).to_vec();
        assert_eq!(find_column(&h, "country"), Ok(2));
        assert_eq!(find_column(&h, "1"), Ok(0));
        assert!(find_column(&h, "4")
            .unwrap_err()
            .contains("\"Vendor Name\""));
        assert_eq!(detect_name_column(&h), Ok(1));
        let h: Vec<String> = ["supplier", "company_name"].map(String::from).to_vec();
        assert!(detect_name_column(&h).unwrap_err().contains("several"));
        let h: Vec<String> = ["a", "b"].map(String::from).to_vec();
        let e = detect_name_column(&h).unwrap_err();
        assert!(
            e.contains("--name-column") && e.contains("1 \"a\", 2 \"b\""),
            "{e}"
        );
    }

    #[test]
    fn encoding_and_delimiter_parse() {
        assert_eq!("UTF-8".parse::<Encoding>(), Ok(Encoding::Utf8));
        assert_eq!("cp1251".parse::<Encoding>(), Ok(Encoding::Windows1251));
        assert!("latin1".parse::<Encoding>().is_err());
        assert_eq!("tab".parse::<Delimiter>(), Ok(Delimiter(b'\t')));
        assert_eq!(";".parse::<Delimiter>(), Ok(Delimiter(b';')));
        assert!("x".parse::<Delimiter>().is_err());
    }
}
