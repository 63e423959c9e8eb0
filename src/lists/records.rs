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

/// Iterates over the records of a whole file's text. Blank lines between records are skipped.
pub(crate) struct Records<'a> {
    path: &'a str,
    text: &'a str,
    pos: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// Records of `text`, which was read from `path` (named in errors).
    pub fn new(path: &'a str, text: &'a str) -> Records<'a> {
        Records {
            path,
            text,
            pos: 0,
            line: 1,
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

    fn read_record(&mut self) -> Result<Record<'a>> {
        let text = self.text;
        let bytes = text.as_bytes();
        let start_line = self.line;
        let mut fields = Vec::new();
        loop {
            let field_no = fields.len() + 1;
            if bytes.get(self.pos) == Some(&b'"') {
                // Quoted field: runs to the next quote not doubled.
                self.pos += 1;
                let begin = self.pos;
                let mut owned: Option<String> = None;
                let mut seg = begin;
                loop {
                    match bytes.get(self.pos) {
                        None => {
                            return Err(Error::parse(
                                self.path,
                                Some(start_line),
                                Some(&format!("#{field_no}")),
                                "quoted field is never closed: the file ends inside it \
                                 (truncated download?); fetch the file again",
                            ))
                        }
                        Some(b'"') if bytes.get(self.pos + 1) == Some(&b'"') => {
                            let s = owned.get_or_insert_with(String::new);
                            s.push_str(&text[seg..=self.pos]);
                            self.pos += 2;
                            seg = self.pos;
                        }
                        Some(b'"') => break,
                        Some(b'\n') => {
                            self.line += 1;
                            self.pos += 1;
                        }
                        Some(_) => self.pos += 1,
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
        Ok(Record {
            line: start_line,
            fields,
        })
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.skip_blank_lines() {
            return None;
        }
        let r = self.read_record();
        if r.is_err() {
            // Stop after the first error: the position inside a broken record is meaningless.
            self.pos = self.text.len();
        }
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<(u64, Vec<String>)>> {
        Records::new("t.csv", text)
            .map(|r| r.map(|r| (r.line, r.fields.iter().map(|f| f.to_string()).collect())))
            .collect()
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

    #[test]
    fn text_after_closing_quote_is_an_error() {
        assert!(all("1,\"a\"b\n").is_err());
    }
}
