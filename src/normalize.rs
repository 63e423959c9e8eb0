//! Unicode clean-up and tokenisation: from whatever a vendor file holds to lower-case ASCII words.
//!
//! Compatibility forms (full-width, mathematical letters, ligatures) are folded by NFKC;
//! invisible characters are dropped; words that mix Latin with Cyrillic or Greek look-alikes, and
//! lone look-alike letters in Latin names, are read as Latin; words in Cyrillic or Greek are
//! romanised; Latin diacritics are stripped.

use crate::translit::{self, Orthography};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The script a word was written in before romanisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Latin letters and digits only.
    Latin,
    /// Cyrillic, romanised.
    Cyrillic,
    /// Greek, romanised.
    Greek,
    /// Latin mixed with look-alike letters from another script, read as Latin.
    Mixed,
    /// Other scripts, kept as they are.
    Other,
}

/// One word of a name, romanised and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower-case ASCII letters and digits (or the original letters for unromanised scripts).
    pub text: String,
    /// The script it was written in.
    pub script: Script,
    /// A single letter ("A." or "A", "Ю."): an initial.
    pub initial: bool,
}

/// Characters that render as nothing: zero-width spaces and joiners, direction marks, soft
/// hyphens, variation selectors, tags. Evasions hide in them.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Marks that join the parts of one word rather than separate words (O'Brien, Jur'evich).
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02B9}' | '`' | '\u{00B4}'
    )
}

/// Splits `name` into romanised words.
pub fn words(name: &str) -> Vec<Word> {
    words_split(name, name.len()).0
}

/// Splits `name` into romanised words, and says how many come before byte `at`, a character
/// boundary that separates words (a comma), without reading the name twice.
pub fn words_split(name: &str, at: usize) -> (Vec<Word>, usize) {
    let mut out = Vec::with_capacity(8);
    // Each word's letter when it is one letter, for read_lone_lookalikes.
    let mut letters: Vec<Option<char>> = Vec::with_capacity(8);
    split(&name[..at], &mut out, &mut letters);
    let before = out.len();
    split(&name[at..], &mut out, &mut letters);
    read_lone_lookalikes(&mut out, &letters);
    (out, before)
}

/// Appends the romanised words of `text` to `out`, and their letters (see `words_split`).
fn split(text: &str, out: &mut Vec<Word>, letters: &mut Vec<Option<char>>) {
    let mut raw = String::with_capacity(text.len());
    let push = |raw: &mut String, out: &mut Vec<Word>, letters: &mut Vec<Option<char>>| {
        if !raw.is_empty() {
            if let Some(w) = romanise(raw) {
                letters.push(if w.initial { raw.chars().next() } else { None });
                out.push(w);
            }
            raw.clear();
        }
    };
    if text.is_ascii() {
        // Most names: nothing to normalise, byte by byte.
        for c in text.bytes().map(char::from) {
            if is_apostrophe(c) {
                continue;
            }
            if c.is_ascii_alphanumeric() {
                raw.push(c.to_ascii_lowercase());
            } else {
                push(&mut raw, out, letters);
            }
        }
        push(&mut raw, out, letters);
        return;
    }
    let mut chars = text.nfkc();
    let mut pending: Option<char> = chars.next();
    while let Some(c) = pending {
        pending = chars.next();
        if is_invisible(c) || is_apostrophe(c) {
            continue;
        }
        if c.is_alphanumeric() || is_combining_mark(c) {
            for l in c.to_lowercase() {
                raw.push(l);
            }
        } else {
            push(&mut raw, out, letters);
        }
    }
    push(&mut raw, out, letters);
}

/// A one-letter Cyrillic or Greek word in a name written otherwise in Latin is a look-alike,
/// like one inside a mixed word: the С of "S.A. DE С.V.", the Р of "S.Р.R.".
fn read_lone_lookalikes(words: &mut [Word], letters: &[Option<char>]) {
    let foreign = |w: &Word| matches!(w.script, Script::Cyrillic | Script::Greek);
    let latin = words.iter().any(|w| w.script == Script::Latin);
    if !latin || words.iter().any(|w| foreign(w) && !w.initial) {
        return;
    }
    for (w, &letter) in words.iter_mut().zip(letters) {
        if !foreign(w) {
            continue;
        }
        if let Some(l) = letter.and_then(translit::homoglyph) {
            w.text = l.to_string();
            w.script = Script::Mixed;
        }
    }
}

/// Romanises one raw lower-case word; `None` if nothing is left of it.
fn romanise(raw: &str) -> Option<Word> {
    if raw.is_ascii() {
        // Lower-case letters and digits already (see `split`).
        let mut chars = raw.bytes();
        let initial =
            chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.next().is_none();
        return Some(Word {
            text: raw.to_owned(),
            script: Script::Latin,
            initial,
        });
    }
    let (mut latin, mut cyr, mut grk, mut other) = (0usize, 0usize, 0usize, 0usize);
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            latin += 1;
        } else if translit::is_cyrillic(c) {
            cyr += 1;
        } else if translit::is_greek(c) {
            grk += 1;
        } else if c.is_alphabetic() && !is_latin_extended(c) {
            other += 1;
        } else if !is_combining_mark(c) {
            latin += 1;
        }
    }
    let script = if (cyr > 0 || grk > 0) && latin > 0 {
        Script::Mixed
    } else if cyr > 0 {
        Script::Cyrillic
    } else if grk > 0 {
        Script::Greek
    } else if other > 0 {
        Script::Other
    } else {
        Script::Latin
    };
    let orth = Orthography::of_word(raw);
    let mut text = String::with_capacity(raw.len() + 4);
    for c in raw.chars() {
        if script == Script::Mixed {
            if let Some(l) = translit::homoglyph(c) {
                text.push(l);
                continue;
            }
        }
        if let Some(s) = translit::cyrillic(c, orth).or_else(|| translit::greek(c)) {
            text.push_str(s);
        } else if c.is_ascii() {
            text.push(c);
        } else {
            fold_latin(c, &mut text);
        }
    }
    if text.is_empty() {
        return None;
    }
    let mut chars = raw.chars();
    let initial = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
    Some(Word {
        text,
        script,
        initial,
    })
}

/// Latin letters with diacritics and the other letters of Latin alphabets.
fn is_latin_extended(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Writes the ASCII form of a non-ASCII character: diacritics stripped, ß → ss, æ → ae and so
/// on; letters of other scripts are kept as they are so they can still match themselves.
fn fold_latin(c: char, out: &mut String) {
    match c {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' | 'ð' => out.push('d'),
        'þ' => out.push_str("th"),
        'ı' => out.push('i'),
        'ħ' => out.push('h'),
        // Háček letters are sh/ch/zh sounds wherever they are used (Czech, Croatian, Baltic
        // languages, the scientific and ISO 9 romanisations of Cyrillic); â and û are ISO 9's
        // я and ю.
        'č' => out.push_str("ch"),
        'š' => out.push_str("sh"),
        'ž' => out.push_str("zh"),
        'ŝ' => out.push_str("shch"),
        'â' => out.push_str("ya"),
        'û' => out.push_str("yu"),
        _ => {
            let mut any = false;
            for d in std::iter::once(c).nfd() {
                if d.is_ascii() || (!is_combining_mark(d) && !any) {
                    out.push(d);
                    any = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn romanises_cyrillic() {
        assert_eq!(texts("Андрей Тихонов"), ["andrey", "tikhonov"]);
        assert_eq!(texts("ТИХОНОВ Андрей"), ["tikhonov", "andrey"]);
        assert_eq!(words("Андрей")[0].script, Script::Cyrillic);
    }

    #[test]
    fn reads_lookalikes_as_latin() {
        let w = words("G\u{0430}zprom");
        assert_eq!(w[0].text, "gazprom");
        assert_eq!(w[0].script, Script::Mixed);
    }

    #[test]
    fn reads_lone_lookalike_letters_in_latin_names_as_latin() {
        assert_eq!(texts("S.A. DE С.V."), ["s", "a", "de", "c", "v"]);
        assert_eq!(texts("А. Г. Тихонов"), ["a", "g", "tikhonov"]);
    }

    #[test]
    fn drops_invisible_and_apostrophes() {
        assert_eq!(texts("Gaz\u{200B}prom"), ["gazprom"]);
        assert_eq!(texts("Jur'evich O’Brien"), ["jurevich", "obrien"]);
        assert_eq!(texts("Ka\u{00AD}spersky"), ["kaspersky"]);
    }

    #[test]
    fn folds_diacritics_and_compat_forms() {
        assert_eq!(texts("Société Générale"), ["societe", "generale"]);
        assert_eq!(texts("Straße"), ["strasse"]);
        assert_eq!(texts("ＫＡＳＰＥＲＳＫＹ"), ["kaspersky"]);
        assert_eq!(texts("Йошкар-Ола"), ["yoshkar", "ola"]);
    }

    #[test]
    fn marks_initials() {
        let w = words("A. G. Tikhonov");
        assert!(w[0].initial && w[1].initial && !w[2].initial);
        assert!(words("Ю. Иванов")[0].initial);
        let w = words("A.G.Tikhonov");
        assert_eq!(w.len(), 3);
    }

    #[test]
    fn ukrainian_orthography() {
        assert_eq!(texts("Григорій"), ["hryhoriy"]);
    }
}
