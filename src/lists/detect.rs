//! Recognising a list file from its content: the name alone is not trusted, because users
//! rename downloads and folders hold several lists side by side.

use super::records::Records;
use crate::error::{Error, Result};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// OFAC legacy primary records (`sdn.csv`, `cons_prim.csv`): 12 positional fields.
    OfacPrimary,
    /// OFAC legacy alias rows (`alt.csv`, `cons_alt.csv`): 5 fields, the third aka/fka/nka.
    OfacAlt,
    /// OFAC legacy address rows (`add.csv`, `cons_add.csv`): 6 fields.
    OfacAdd,
    /// OFAC legacy remarks spill-over (`sdn_comments.csv`, `cons_comments.csv`): 2 fields.
    OfacComments,
    /// The Consolidated Screening List, with its header row.
    Csl,
    /// vetter's own TOML list format.
    Native,
}

impl Format {
    /// A short description for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::OfacPrimary => "OFAC primary records (sdn.csv layout)",
            Format::OfacAlt => "OFAC alias rows (alt.csv layout)",
            Format::OfacAdd => "OFAC address rows (add.csv layout)",
            Format::OfacComments => "OFAC remarks spill-over (sdn_comments.csv layout)",
            Format::Csl => "Consolidated Screening List (consolidated.csv)",
            Format::Native => "vetter TOML list",
        }
    }
}

/// The CSL header's first columns; the full set of required columns is checked by the loader.
const CSL_MARKERS: [&str; 3] = ["_id", "source", "name"];

/// Decides the format of `text` (already decoded) read from `path`.
pub(crate) fn detect(path: &str, text: &str) -> Result<Format> {
    let first_line = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .find(|l| !l.is_empty());
    if matches!(first_line, Some("[list]" | "[[entity]]")) {
        return Ok(Format::Native);
    }
    let mut records = Records::new(path, text);
    let Some(first) = records.read()? else {
        return Err(Error::parse(path, None, None, "the file is empty"));
    };
    let f: Vec<&str> = first.fields.iter().map(|f| f.trim()).collect();
    if CSL_MARKERS.iter().all(|m| f.contains(m)) {
        return Ok(Format::Csl);
    }
    let is_num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !f.is_empty() && is_num(f[0]) {
        match f.len() {
            12 => return Ok(Format::OfacPrimary),
            5 if ["aka", "fka", "nka"].contains(&f[2].to_ascii_lowercase().as_str()) => {
                return Ok(Format::OfacAlt)
            }
            6 if is_num(f[1]) => return Ok(Format::OfacAdd),
            2 => return Ok(Format::OfacComments),
            _ => {}
        }
    }
    Err(Error::parse(
        path,
        Some(first.line),
        None,
        format!(
            "not a list vetter recognises (first record has {} fields): expected an OFAC legacy \
             CSV (sdn.csv, alt.csv, add.csv, sdn_comments.csv or the cons_* set), a Consolidated \
             Screening List CSV with its header, or a vetter TOML list starting with [list] or [[entity]]",
            f.len()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_layout() {
        let d = |t: &str| detect("x", t).unwrap();
        assert_eq!(d("# c\n\n[list]\nkey='a'\n"), Format::Native);
        assert_eq!(d("[[entity]] # first\nid='a'\n"), Format::Native);
        assert_eq!(d("_id,source,entity_number,type,name\n"), Format::Csl);
        assert_eq!(
            d("36,\"A\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"),
            Format::OfacPrimary
        );
        assert_eq!(d("36,12,\"aka\",\"A\",-0- \r\n"), Format::OfacAlt);
        assert_eq!(
            d("36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"),
            Format::OfacAdd
        );
        assert_eq!(d("36,\"more remarks\"\r\n"), Format::OfacComments);
    }

    #[test]
    fn rejects_other_files() {
        let e = detect("x.csv", "name,country\nACME,US\n").unwrap_err();
        assert!(
            e.to_string().contains("not a list vetter recognises"),
            "{e}"
        );
    }
}
