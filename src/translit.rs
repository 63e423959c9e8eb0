//! Transliteration: Cyrillic and Greek letters to Latin, look-alike letters, and the phonetic
//! skeleton that makes the romanisation schemes of Russian names (BGN/PCGN, ICAO 9303, GOST 7.79,
//! Library of Congress, scientific, German and French conventions) meet.
//!
//! The skeleton is a key, not a spelling: it is only ever compared with other skeletons.

/// Which Cyrillic orthography a word is in. Ukrainian and Belarusian read `г` as `h` and `и` as
/// `y`; the word's own letters (і, ї, є, ґ, ў) tell which applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orthography {
    /// Russian and everything not recognised as another language.
    Russian,
    /// Ukrainian (і ї є ґ).
    Ukrainian,
    /// Belarusian (ў, і without ї/є).
    Belarusian,
}

impl Orthography {
    /// Guesses the orthography of a word from its letters.
    pub fn of_word(word: &str) -> Orthography {
        let mut ukr = false;
        let mut bel = false;
        for c in word.chars().flat_map(char::to_lowercase) {
            match c {
                'ї' | 'є' | 'ґ' => ukr = true,
                'ў' => bel = true,
                'і' if !bel => ukr = true,
                _ => {}
            }
        }
        if bel {
            Orthography::Belarusian
        } else if ukr {
            Orthography::Ukrainian
        } else {
            Orthography::Russian
        }
    }
}

/// Romanises one lower-case Cyrillic letter (BGN/PCGN-like, simplified: the skeleton absorbs the
/// differences between schemes). `None` when `c` is not Cyrillic.
pub fn cyrillic(c: char, orth: Orthography) -> Option<&'static str> {
    let ukr = orth != Orthography::Russian;
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' if ukr => "h",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' if ukr => "y",
        'и' => "i",
        'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ў' => "w",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Serbian and Macedonian.
        'ђ' => "dj",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dz",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' => "dz",
        _ => return None,
    })
}

/// Romanises one lower-case Greek letter (ELOT 743-like). `None` when `c` is not Greek.
pub fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' => "i",
        'θ' => "th",
        'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' | 'ώ' => "o",
        _ => return None,
    })
}

/// The Latin letter a lower-case Cyrillic or Greek letter looks like, used when a word mixes
/// scripts ("Gаzprom" with a Cyrillic а): such a word is an evasion or a typing accident, and
/// what it looks like is what it means.
pub fn homoglyph(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'е' | 'ε' => 'e',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'н' | 'η' => 'h',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'с' => 'c',
        'т' | 'τ' => 't',
        'у' | 'υ' => 'y',
        'х' | 'χ' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ν' => 'v',
        _ => return None,
    })
}

/// Whether `c` is a Cyrillic letter.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// Whether `c` is a Greek letter.
pub fn is_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
}

/// The phonetic skeleton of a lower-case ASCII word: spellings of one Russian (or other) name in
/// different romanisation schemes map to the same skeleton, or to skeletons one edit apart.
///
/// The rules, in order: German and French digraphs to their English equivalents (tsch, tch → ch;
/// sch, shch → sh; ou → u; w → v), kh → h, x → ks, ph → f, c before a back vowel or consonant →
/// k, ts/tz → c, q → k, j and y → i, then vowel clusters that only differ by an i-glide collapse
/// (ie → e; a final ii → i), and Russian adjectival endings are cut to -sk. Doubled letters are
/// kept: a doubled letter is one edit, and collapsing it would make a typo next to it two.
pub fn skeleton(word: &str) -> String {
    let b = word.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 2);
    let mut i = 0;
    let at = |i: usize, s: &[u8]| b.len() >= i + s.len() && &b[i..i + s.len()] == s;
    while i < b.len() {
        let c = b[i];
        // Longest rewrites first.
        if at(i, b"schtsch") {
            out.extend_from_slice(b"sh");
            i += 7;
        } else if at(i, b"shtch") || at(i, b"shch") {
            out.extend_from_slice(b"sh");
            i += if at(i, b"shtch") { 5 } else { 4 };
        } else if at(i, b"tsch") {
            out.extend_from_slice(b"ch");
            i += 4;
        } else if at(i, b"sch") || at(i, b"sz") {
            out.extend_from_slice(b"sh");
            i += if b[i + 1] == b'c' { 3 } else { 2 };
        } else if at(i, b"tch") || at(i, b"cz") {
            out.extend_from_slice(b"ch");
            i += if c == b't' { 3 } else { 2 };
        } else if at(i, b"ch") {
            out.extend_from_slice(b"ch");
            i += 2;
        } else if at(i, b"kh") {
            out.push(b'h');
            i += 2;
        } else if at(i, b"ph") {
            out.push(b'f');
            i += 2;
        } else if at(i, b"ck") {
            out.push(b'k');
            i += 2;
        } else if at(i, b"ts") || at(i, b"tz") {
            out.push(b'c');
            i += 2;
        } else if at(i, b"ou") {
            out.push(b'u');
            i += 2;
        } else {
            match c {
                b'x' => out.extend_from_slice(b"ks"),
                b'w' => out.push(b'v'),
                b'q' => out.push(b'k'),
                b'j' | b'y' => out.push(b'i'),
                b'c' => {
                    // A lone c is a k sound before back vowels and consonants, a ts sound
                    // (Slavic) or s sound (Romance) before front vowels: keep it as c there.
                    let next = b.get(i + 1).copied();
                    if matches!(next, Some(b'e' | b'i' | b'y')) {
                        out.push(b'c')
                    } else {
                        out.push(b'k')
                    }
                }
                _ => out.push(c),
            }
            i += 1;
        }
    }
    collapse_glides(&mut out);
    cut_adjective_ending(&mut out);
    // Every byte pushed above is ASCII.
    String::from_utf8(out).expect("skeleton is ASCII")
}

/// i-glides that romanisations write or omit (Yefremov / Efremov, Dmitriy / Dmitrii / Dmitri,
/// Gennadyevich / Gennadievich / Gennadevich).
fn collapse_glides(s: &mut Vec<u8>) {
    let mut out = Vec::with_capacity(s.len());
    for i in 0..s.len() {
        if s[i] == b'i' {
            // ie → e everywhere; ii → i at the end of the word (-iy, -ij, -ii) or before e.
            // Elsewhere ii stays: Arabic names have it between vowels (Majid → maiid).
            match (s.get(i + 1), s.get(i + 2)) {
                (Some(b'e'), _) | (Some(b'i'), None) | (Some(b'i'), Some(b'e')) => continue,
                _ => {}
            }
        }
        out.push(s[i]);
    }
    *s = out;
}

/// Russian adjectives decline (Касперский, Касперского, Касперская): companies are named in
/// any case, so every -sky/-skogo/-skaya/-skoe form shares the stem's skeleton. Gendered
/// surnames are told apart before the skeleton is taken (see `names`).
fn cut_adjective_ending(s: &mut Vec<u8>) {
    const ENDINGS: [&[u8]; 7] = [
        b"skogo", b"skomu", b"skaia", b"skoe", b"skoi", b"ski", b"ska",
    ];
    for e in ENDINGS {
        if s.len() > e.len() + 2 && s.ends_with(e) {
            s.truncate(s.len() - e.len() + 2);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(skeleton(a), skeleton(b), "{a} vs {b}");
    }

    #[test]
    fn russian_romanisations_meet() {
        same("yuryevich", "yurievich");
        same("yuryevich", "iurevich");
        same("yuryevich", "jurevich");
        same("yuryevich", "jurjewitsch");
        same("alekseeva", "alexeeva");
        same("alekseeva", "alekseyeva");
        same("efremov", "yefremov");
        same("efremov", "jefremow");
        same("borshchev", "borschev");
        same("borshchev", "borshev");
        same("chekunov", "tchekounov");
        same("shchukin", "schtschukin");
        same("vladimir", "wladimir");
        same("dmitriy", "dmitrii");
        same("dmitriy", "dmitry");
        same("dmitriy", "dmitrij");
        same("andrei", "andrey");
        same("andrei", "andrej");
        same("gennadyevich", "gennadievich");
        same("kaspersky", "kasperskogo");
        same("kaspersky", "kasperskiy");
    }

    #[test]
    fn different_names_stay_apart() {
        assert_ne!(skeleton("ivanov"), skeleton("ivanova"));
        assert_ne!(skeleton("petrov"), skeleton("popov"));
        assert_ne!(skeleton("melli"), skeleton("mellat"));
    }

    #[test]
    fn orthography_from_letters() {
        assert_eq!(Orthography::of_word("олександр"), Orthography::Russian);
        assert_eq!(Orthography::of_word("їжак"), Orthography::Ukrainian);
        assert_eq!(Orthography::of_word("мікалай"), Orthography::Ukrainian);
        assert_eq!(Orthography::of_word("ўладзімір"), Orthography::Belarusian);
    }
}
