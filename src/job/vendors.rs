//! The vendor master as the job sees it: (id, name) per row, every row accounted for as either a
//! vendor to screen or a row that could not be screened, with why.

use crate::{Error, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::PathBuf;

/// One vendor row.
#[derive(Debug, Clone)]
pub struct VendorRow {
    /// The vendor's id, unique across the input files.
    pub id: String,
    /// The vendor's name as written.
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

/// Reads the vendor files, taking the id and name from the columns with these headers. A file
/// that cannot be read, or lacks a column, is an error; a row without an id or name, or with an
/// id already seen, is a [`RowError`].
pub fn read_vendors(paths: &[PathBuf], id_column: &str, name_column: &str) -> Result<VendorInput> {
    let mut input = VendorInput::default();
    // Where each id was first seen, to name it when a duplicate turns up.
    let mut first_seen: HashMap<String, (usize, u64)> = HashMap::new();
    for (file_no, path) in paths.iter().enumerate() {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let sha256 = hex(&Sha256::digest(&bytes));
        let text = decode(&bytes);
        let shown = path.display().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| Error::parse(path, Some(1), None, e.to_string()))?
            .clone();
        let column = |want: &str| -> Result<usize> {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(want))
                .ok_or_else(|| {
                    Error::parse(
                        path,
                        Some(1),
                        Some(want),
                        format!(
                            "no column {want:?} in the header ({}); set id_column / name_column",
                            headers.iter().collect::<Vec<_>>().join(", ")
                        ),
                    )
                })
        };
        let (id_col, name_col) = (column(id_column)?, column(name_column)?);
        let mut rows = 0;
        for rec in reader.records() {
            rows += 1;
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    input.errors.push(RowError {
                        file: shown.clone(),
                        line: e.position().map_or(0, |p| p.line()),
                        problem: e.to_string(),
                    });
                    continue;
                }
            };
            let line = rec.position().map_or(0, |p| p.line());
            let field = |i: usize| rec.get(i).unwrap_or("").trim();
            let (id, name) = (field(id_col), field(name_col));
            let problem = if id.is_empty() {
                Some(format!("the {id_column:?} field is empty"))
            } else if name.is_empty() {
                Some(format!("the {name_column:?} field is empty"))
            } else if let Some(&(f, l)) = first_seen.get(id) {
                Some(format!(
                    "vendor id {id:?} was already used in {}, line {l}",
                    paths[f].display()
                ))
            } else {
                None
            };
            match problem {
                Some(problem) => input.errors.push(RowError {
                    file: shown.clone(),
                    line,
                    problem,
                }),
                None => {
                    first_seen.insert(id.to_string(), (file_no, line));
                    input.vendors.push(VendorRow {
                        id: id.to_string(),
                        name: name.to_string(),
                    });
                }
            }
        }
        input.files.push(InputFile {
            path: shown,
            sha256,
            rows,
        });
    }
    Ok(input)
}

// Vendor masters come out of ERP exports as UTF-8 (with or without BOM) or as Windows-1252.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0,
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
