//! The vendor master as the job sees it: (id, name) per row, every row accounted for as either a
//! vendor to screen or a row that could not be screened, with why. Files are read with the
//! shared vendor-file reader ([`crate::input`]), which detects encoding and delimiter.

use crate::input::{check_name, find_column, CsvInput, InputOptions, Record};
use crate::{Error, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// One vendor row.
#[derive(Debug, Clone)]
pub struct VendorRow {
    /// The vendor's id, unique across the input files.
    pub id: String,
    /// The vendor's name as written (trimmed).
    pub name: String,
}

/// A vendor row that could not be screened.
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub problem: String,
}

/// One input file as read.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    /// Path as given.
    pub path: String,
    /// Hex sha256 of its bytes.
    pub sha256: String,
    /// Data rows in it (vendors plus rows that could not be screened).
    pub rows: u64,
}

/// The vendor master.
#[derive(Debug, Clone, Default)]
pub struct VendorInput {
    /// The files read.
    pub files: Vec<InputFile>,
    /// The vendors, in file order.
    pub vendors: Vec<VendorRow>,
    /// The rows that could not be screened.
    pub errors: Vec<RowError>,
}

// Hashes the bytes as the reader consumes them, so the sha256 recorded is of exactly the bytes
// screened, even if the file is replaced while the job runs.
struct Hashing {
    inner: File,
    hasher: Arc<Mutex<Sha256>>,
}

impl Read for Hashing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .update(&buf[..n]);
        Ok(n)
    }
}

/// Reads the vendor files, taking the id and name from the columns given by header name or
/// 1-based position. A file that cannot be read, or lacks a column, is an error; a row that
/// cannot be read, or has no id or name, or an id already seen, is a [`RowError`].
pub fn read_vendors(
    paths: &[PathBuf],
    id_column: &str,
    name_column: &str,
    opts: InputOptions,
) -> Result<VendorInput> {
    let mut input = VendorInput::default();
    // Where each id was first seen, to name it when a duplicate turns up.
    let mut first_seen: HashMap<String, (usize, u64)> = HashMap::new();
    let mut rec = Record::default();
    for (file_no, path) in paths.iter().enumerate() {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().ok().map(|m| m.len());
        let hasher = Arc::new(Mutex::new(Sha256::new()));
        let raw = Hashing {
            inner: file,
            hasher: hasher.clone(),
        };
        let mut csv = CsvInput::from_reader(path, Box::new(raw), size, opts)?;
        let column = |spec: &str| {
            find_column(csv.headers(), spec).map_err(|m| {
                Error::parse(
                    path,
                    Some(1),
                    Some(spec),
                    format!("{m} (set id_column / name_column)"),
                )
            })
        };
        let (id_col, name_col) = (column(id_column)?, column(name_column)?);
        let shown = path.display().to_string();
        let mut rows = 0;
        while csv.read(&mut rec)? {
            rows += 1;
            let id = rec.get(id_col).unwrap_or("").trim();
            let problem = if let Some(p) = &rec.problem {
                Some(p.to_string())
            } else if id.is_empty() {
                Some(format!("the vendor id ({id_column}) is empty"))
            } else if let Some(&(f, l)) = first_seen.get(id) {
                Some(format!(
                    "vendor id {id:?} was already used in {}, line {l}",
                    paths[f].display()
                ))
            } else {
                check_name(rec.get(name_col).unwrap_or(""), csv.encoding())
                    .err()
                    .map(|p| p.to_string())
            };
            match problem {
                Some(problem) => input.errors.push(RowError {
                    file: shown.clone(),
                    line: rec.line,
                    problem,
                }),
                None => {
                    first_seen.insert(id.to_string(), (file_no, rec.line));
                    let name = rec.get(name_col).unwrap_or("").trim();
                    input.vendors.push(VendorRow {
                        id: id.to_string(),
                        name: name.to_string(),
                    });
                }
            }
        }
        // The reader has consumed the whole file, so the hash covers all of it.
        let sha256 = hex(&hasher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .finalize());
        input.files.push(InputFile {
            path: shown,
            sha256,
            rows,
        });
    }
    Ok(input)
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
