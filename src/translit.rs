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
/// sch, shch, chtch → sh; ou → u; w → v), дж in every scheme (dzh, dsch, dj) → i like j, kh → h,
/// ph → f, c before a back vowel or consonant → k, ts/tz → c, q → k, a glide (j, y) before e
/// dropped, other j and y → i, then ks after a vowel → x, a final ii → i, and Russian adjectival endings cut to
/// -sk. Doubled letters are kept, and so is an i that is written as one (Gennadievich is one
/// letter from Gennadyevich): a typo next to a letter that a rule merges or drops would count
/// twice.
pub fn skeleton(word: &str) -> String {
    let b = word.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 2);
    let mut i = 0;
    let at = |i: usize, s: &[u8]| b.len() >= i + s.len() && &b[i..i + s.len()] == s;
    while i < b.len() {
        let c = b[i];
        // Most letters start no rewrite of several letters: spare them the look-aheads.
        if !matches!(c, b'c' | b'd' | b'k' | b'o' | b'p' | b's' | b't') {
            push_letter(b, i, &mut out);
            i += 1;
            continue;
        }
        // Longest rewrites first.
        if at(i, b"schtsch") {
            out.extend_from_slice(b"sh");
            i += 7;
        } else if at(i, b"shtch") || at(i, b"shch") {
            out.extend_from_slice(b"sh");
            i += if at(i, b"shtch") { 5 } else { 4 };
        } else if at(i, b"chtch") {
            // French щ (Obchtchestvo): its ch is the French ш, not the English ч.
            out.extend_from_slice(b"sh");
            i += 5;
        } else if at(i, b"dzh") || at(i, b"dsch") || at(i, b"dj") {
            // дж (BGN dzh, German dsch, French dj) is the English j (Dzhokhar / Jokhar),
            // which meets the other j's below.
            out.push(b'i');
            i += if at(i, b"dsch") {
                4
            } else if b[i + 1] == b'z' {
                3
            } else {
                2
            };
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
            push_letter(b, i, &mut out);
            i += 1;
        }
    }
    merge_ks(&mut out);
    collapse_glides(&mut out);
    cut_adjective_ending(&mut out);
    // Every byte pushed above is ASCII.
    String::from_utf8(out).expect("skeleton is ASCII")
}

/// The skeleton of letter `i` of `b` read alone (see [`skeleton`]).
fn push_letter(b: &[u8], i: usize, out: &mut Vec<u8>) {
    let c = b[i];
    match c {
        b'x' => out.push(b'x'),
        b'w' => out.push(b'v'),
        b'q' => out.push(b'k'),
        // A glide written before e is dropped: Yefremov / Efremov, Gennad'yevich /
        // Gennadevich, Alekseyeva / Alekseeva, Jurjewitsch / Iurevich. Only a written
        // glide: an i that is a vowel stays, so that a typo next to it stays one edit
        // (Mobile / Mobie).
        b'j' | b'y' if b.get(i + 1) == Some(&b'e') => {}
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
}

/// One letter for x and ks after a vowel (Alexander / Aleksandr), so that the scientific x for
/// х (Mixail) is one letter off the h of other schemes, not two. Elsewhere ks stays, so that a
/// typo next to it stays one edit (Kashin / Ksahin).
fn merge_ks(s: &mut Vec<u8>) {
    // In place: the word is rewritten from the left, never longer than it was.
    let (mut r, mut w) = (0, 0);
    while r < s.len() {
        let after_vowel = w > 0 && matches!(s[w - 1], b'a' | b'e' | b'i' | b'o' | b'u');
        if after_vowel && s[r] == b'k' && s.get(r + 1) == Some(&b's') {
            s[w] = b'x';
            r += 2;
        } else {
            s[w] = s[r];
            r += 1;
        }
        w += 1;
    }
    s.truncate(w);
}

/// The final i-glide that romanisations write or omit (Dmitriy / Dmitrii / Dmitri): ii → i at
/// the end of the word. Elsewhere ii stays: Arabic names have it between vowels (Majid → maiid).
fn collapse_glides(s: &mut Vec<u8>) {
    if s.ends_with(b"ii") {
        s.pop();
    }
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
        same("gennadyevich", "gennadevich");
        same("kaspersky", "kasperskogo");
        same("kaspersky", "kasperskiy");
        same("obshchestvo", "obchtchestvo");
        same("dzhokhar", "jokhar");
        same("aleksandr", "alexandr");
        same("robotics", "robotiks");
    }

    #[test]
    fn written_vowels_are_one_edit_from_glides() {
        for (a, b) in [("yuryevich", "yurievich"), ("gennadyevich", "gennadievich")] {
            let (a, b) = (skeleton(a), skeleton(b));
            assert_eq!(
                crate::score::osa_within(a.as_bytes(), b.as_bytes(), 1),
                Some(1)
            );
        }
    }

    #[test]
    fn typos_stay_one_edit() {
        for (a, b) in [
            ("mobile", "mobie"),
            ("crimean", "crieman"),
            ("science", "scinece"),
            ("kashin", "ksahin"),
        ] {
            let (a, b) = (skeleton(a), skeleton(b));
            assert_eq!(
                crate::score::osa_within(a.as_bytes(), b.as_bytes(), 1),
                Some(1)
            );
        }
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
