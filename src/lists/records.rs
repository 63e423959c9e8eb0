//! A strict reader for the comma-separated files the lists are published in.
//!
//! Written here rather than taken from the `csv` crate because the loaders must fail on what
//! `csv` accepts quietly: a quoted field still open at the end of the file (a truncated
//! download), and they need the line each record starts on for their messages.

use crate::error::{Error, Result};
use std::borrow::Cow;

/// One record: the line it starts on and its fields, unescaped.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    /// 1-based line the record starts on.
    pub line: u64,
    /// The fields, with quotes removed and `""` turned into `"`.
    pub fields: Vec<Cow<'a, str>>,
}

/// Reads the records of a whole file's text, one at a time into the same buffer (lists have
/// tens of thousands of rows; one allocation per row shows in the load time). Blank lines
/// between records are skipped.
pub(crate) struct Records<'a> {
    path: &'a str,
    text: &'a str,
    pos: usize,
    line: u64,
    record: Record<'a>,
}

impl<'a> Records<'a> {
    /// Records of `text`, which was read from `path` (named in errors).
    pub fn new(path: &'a str, text: &'a str) -> Records<'a> {
        Records {
            path,
            text,
            pos: 0,
            line: 1,
            record: Record {
                line: 0,
                fields: Vec::new(),
            },
        }
    }

    /// Skips line ends; returns false at the end of the text.
    fn skip_blank_lines(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                b'\r' => {
                    self.pos += 1;
                    if bytes.get(self.pos) != Some(&b'\n') {
                        self.line += 1;
                    }
                }
                _ => return true,
            }
        }
        false
    }

    /// Consumes the line end after a record (if any).
    fn end_line(&mut self) {
        let bytes = self.text.as_bytes();
        if bytes.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if bytes.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
        }
        self.line += 1;
    }

    /// The next record, or `None` at the end of the text. After an error there are no more.
    pub fn read(&mut self) -> Result<Option<&Record<'a>>> {
        if !self.skip_blank_lines() {
            return Ok(None);
        }
        match self.read_record() {
            Ok(()) => Ok(Some(&self.record)),
            Err(e) => {
                // The position inside a broken record is meaningless.
                self.pos = self.text.len();
                Err(e)
            }
        }
    }

    fn read_record(&mut self) -> Result<()> {
        let text = self.text;
        let bytes = text.as_bytes();
        let start_line = self.line;
        self.record.line = start_line;
        let fields = &mut self.record.fields;
        fields.clear();
        loop {
            let field_no = fields.len() + 1;
            if bytes.get(self.pos) == Some(&b'"') {
                // Quoted field: runs to the next quote not doubled.
                self.pos += 1;
                let begin = self.pos;
                let mut owned: Option<String> = None;
                let mut seg = begin;
                loop {
                    // Jump to the next quote (memchr inside `find`), counting the lines crossed.
                    let Some(q) = text[self.pos..].find('"').map(|i| self.pos + i) else {
                        return Err(Error::parse(
                            self.path,
                            Some(start_line),
                            Some(&format!("#{field_no}")),
                            "quoted field is never closed: the file ends inside it \
                             (truncated download?); fetch the file again",
                        ));
                    };
                    self.line += bytes[self.pos..q].iter().filter(|&&b| b == b'\n').count() as u64;
                    if bytes.get(q + 1) == Some(&b'"') {
                        let s = owned.get_or_insert_with(String::new);
                        s.push_str(&text[seg..=q]);
                        self.pos = q + 2;
                        seg = self.pos;
                    } else {
                        self.pos = q;
                        break;
                    }
                }
                let value = match owned {
                    Some(mut s) => {
                        s.push_str(&text[seg..self.pos]);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(&text[begin..self.pos]),
                };
                self.pos += 1;
                // OFAC pads some fields; tolerate spaces between the closing quote and the comma.
                while bytes.get(self.pos) == Some(&b' ') {
                    self.pos += 1;
                }
                fields.push(value);
                match bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    None | Some(b'\r') | Some(b'\n') => break,
                    Some(_) => {
                        return Err(Error::parse(
                            self.path,
                            Some(self.line),
                            Some(&format!("#{field_no}")),
                            "text after the closing quote of a quoted field",
                        ))
                    }
                }
            } else {
                let begin = self.pos;
                while let Some(&b) = bytes.get(self.pos) {
                    if b == b',' || b == b'\r' || b == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
                fields.push(Cow::Borrowed(&text[begin..self.pos]));
                match bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    _ => break,
                }
            }
        }
        self.end_line();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<(u64, Vec<String>)>> {
        let mut records = Records::new("t.csv", text);
        let mut out = Vec::new();
        while let Some(r) = records.read()? {
            out.push((r.line, r.fields.iter().map(|f| f.to_string()).collect()));
        }
        Ok(out)
    }

    #[test]
    fn quoted_unquoted_crlf_and_blank_lines() {
        let r = all("1,\"a, b\",-0- \r\n\r\n2,\"say \"\"hi\"\"\",x\n").unwrap();
        assert_eq!(r[0], (1, vec!["1".into(), "a, b".into(), "-0- ".into()]));
        assert_eq!(r[1], (3, vec!["2".into(), "say \"hi\"".into(), "x".into()]));
    }

    #[test]
    fn multi_line_field_counts_lines() {
        let r = all("1,\"a\nb\"\n2,c").unwrap();
        assert_eq!(r[0].1[1], "a\nb");
        assert_eq!(r[1].0, 3);
    }

    #[test]
    fn unterminated_quote_is_an_error_with_line() {
        let e = all("1,a\n2,\"open").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("never closed"), "{e}");
    }

    proptest::proptest! {
        /// Any fields, written the way OFAC and trade.gov quote them, read back unchanged.
        #[test]
        fn quoted_fields_round_trip(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-zA-Z0-9 ,;'\"\n.-]{0,12}", 1..6),
                1..5,
            ),
            crlf in proptest::bool::ANY,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let text: String = rows
                .iter()
                .map(|r| {
                    let fields: Vec<String> =
                        r.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect();
                    fields.join(",") + end
                })
                .collect();
            let got: Vec<Vec<String>> = all(&text).unwrap().into_iter().map(|(_, f)| f).collect();
            proptest::prop_assert_eq!(got, rows);
        }
    }

    #[test]
    fn text_after_closing_quote_is_an_error() {
        assert!(all("1,\"a\"b\n").is_err());
    }
}
