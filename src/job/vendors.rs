//! The vendor master as the job sees it: (id, name) per row, every row accounted for as either a
//! vendor to screen or a row that could not be screened, with why. Files are read with the
//! shared vendor-file reader ([`crate::input`]), which detects encoding and delimiter.

use crate::input::{check_name, find_column, CsvInput, InputOptions, Record};
use crate::{Error, Result};
use rayon::slice::ParallelSliceMut;
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
    /// Index of its file in the list of vendor files.
    pub file: usize,
    /// 1-based line where the row starts.
    pub line: u64,
}

/// A vendor row that could not be screened.
#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    /// Index of its file in the list of vendor files.
    #[serde(skip)]
    pub file_index: usize,
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
    /// Indexes into `vendors`, in id order (byte order, as SQLite sorts text), so that the
    /// vendors can be compared with the state database in one merge.
    pub by_id: Vec<usize>,
    /// The rows that could not be screened, in file order.
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
            } else {
                check_name(rec.get(name_col).unwrap_or(""), csv.encoding())
                    .err()
                    .map(|p| p.to_string())
            };
            match problem {
                Some(problem) => input.errors.push(RowError {
                    file_index: file_no,
                    file: shown.clone(),
                    line: rec.line,
                    problem,
                }),
                None => {
                    let name = rec.get(name_col).unwrap_or("").trim();
                    input.vendors.push(VendorRow {
                        id: id.to_string(),
                        name: name.to_string(),
                        file: file_no,
                        line: rec.line,
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
    drop_duplicate_ids(&mut input, paths);
    Ok(input)
}

// Sorts the vendors by id and turns every repeat of an id into a row error naming the first
// occurrence, which is kept. Sorting (rather than a hash set) also gives the id order the run
// needs to compare the master with the state database.
fn drop_duplicate_ids(input: &mut VendorInput, paths: &[PathBuf]) {
    let vendors = &input.vendors;
    let mut by_id: Vec<usize> = (0..vendors.len()).collect();
    // Equal ids stay in file order, so the first occurrence is the one kept.
    by_id.par_sort_unstable_by(|&a, &b| vendors[a].id.cmp(&vendors[b].id).then(a.cmp(&b)));
    let mut repeats = vec![false; vendors.len()];
    for pair in by_id.windows(2) {
        let (first, next) = (&vendors[pair[0]], &vendors[pair[1]]);
        if first.id == next.id {
            repeats[pair[1]] = true;
        }
    }
    if !repeats.contains(&true) {
        input.by_id = by_id;
        return;
    }
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (i, v) in vendors.iter().enumerate() {
        if repeats[i] {
            let f = &vendors[first_of[v.id.as_str()]];
            input.errors.push(RowError {
                file_index: v.file,
                file: paths[v.file].display().to_string(),
                line: v.line,
                problem: format!(
                    "vendor id {:?} was already used in {}, line {}",
                    v.id,
                    paths[f.file].display(),
                    f.line
                ),
            });
        } else {
            first_of.entry(v.id.as_str()).or_insert(i);
        }
    }
    input.errors.sort_by_key(|e| (e.file_index, e.line));
    // Renumber: drop the repeats, keeping file order and id order.
    let mut new_index = vec![usize::MAX; vendors.len()];
    let mut kept = 0;
    for (i, r) in repeats.iter().enumerate() {
        if !r {
            new_index[i] = kept;
            kept += 1;
        }
    }
    input.by_id = by_id
        .into_iter()
        .filter(|&i| !repeats[i])
        .map(|i| new_index[i])
        .collect();
    let mut i = 0;
    input.vendors.retain(|_| {
        i += 1;
        !repeats[i - 1]
    });
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
