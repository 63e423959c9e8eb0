//! Synthetic names for evaluation and benchmarks: spelling variants of list names, by class,
//! made by documented, seeded rules.
//!
//! The rules (each applied to a list name, with a seeded generator, so the same seed and lists
//! give the same cases):
//! - **cyrillic**: the name of a Russian party written in Cyrillic, by inverting the BGN/PCGN
//!   romanisation OFAC uses (`TIKHONOV, Andrei` → `ТИХОНОВ, Андреи`);
//! - **romanisation**: that Cyrillic romanised again by another scheme: ICAO 9303, GOST 7.79
//!   system A / ISO 9, Library of Congress, scientific, German (Duden) or French conventions
//!   (GOST 7.79 system B, with x for х, is left out: vetter reads x as ks, as in Alexander);
//! - **order**: a person's "SURNAME, Given Patronymic" as "Given Patronymic Surname" or
//!   "Surname Given"; an organisation's words rotated;
//! - **initials**: given names and patronymic cut to initials ("A. G. Tikhonov"; one per part
//!   of a hyphenated name, "K.-R." for Kuk-Ryol);
//! - **punctuation**: punctuation dropped or changed, case changed, hyphens split or joined;
//! - **legal_form**: an organisation's legal form replaced by another of its family, moved to
//!   the other end, dropped, or added (the legal form: the form words at either end, and dotted
//!   abbreviations at the end, "S. DE R.L."; never a word in brackets);
//! - **typo**: one letter substituted, dropped, doubled or swapped with its neighbour, inside a
//!   run of at least five letters that is not a legal-form word or a generic English word;
//! - **evasion**: Latin letters replaced by Cyrillic look-alikes, or zero-width characters
//!   inserted;
//! - **missing_patronymic**: a Russian person's patronymic left out.

use crate::lists::{Entity, EntityKind};
use std::fmt;
use std::io::{self, Write};

/// A small, fast, seedable random generator (SplitMix64): no dependency, and a sequence that
/// never changes between versions, so generated files and cases stay reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One element of `items` (non-empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The kind of spelling variation a case tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Written in Cyrillic.
    Cyrillic,
    /// Romanised by another scheme.
    Romanisation,
    /// Words in another order.
    Order,
    /// Given names as initials.
    Initials,
    /// Punctuation and case.
    Punctuation,
    /// Legal form changed.
    LegalForm,
    /// One typo.
    Typo,
    /// Look-alike letters or invisible characters.
    Evasion,
    /// Patronymic left out.
    MissingPatronymic,
}

impl Class {
    /// Every class, in report order.
    pub const ALL: [Class; 9] = [
        Class::Cyrillic,
        Class::Romanisation,
        Class::Order,
        Class::Initials,
        Class::Punctuation,
        Class::LegalForm,
        Class::Typo,
        Class::Evasion,
        Class::MissingPatronymic,
    ];

    /// The class's name in reports and fixtures.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Cyrillic => "cyrillic",
            Class::Romanisation => "romanisation",
            Class::Order => "order",
            Class::Initials => "initials",
            Class::Punctuation => "punctuation",
            Class::LegalForm => "legal_form",
            Class::Typo => "typo",
            Class::Evasion => "evasion",
            Class::MissingPatronymic => "missing_patronymic",
        }
    }

    /// Parses a class name.
    pub fn parse(s: &str) -> Option<Class> {
        Class::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One evaluation case: a query and the entity it must find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The name to screen.
    pub query: String,
    /// The entity id it must find.
    pub expected: String,
    /// The list name it was made from.
    pub source: String,
    /// How it was varied.
    pub class: Class,
}

/// BGN/PCGN digraphs and letters, inverted: Latin (lower case) to Cyrillic, longest first.
const LATIN_TO_CYRILLIC: &[(&str, &str)] = &[
    ("shch", "щ"),
    ("yo", "ё"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "е"),
    ("iy", "ий"),
    ("yy", "ый"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("y", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("x", "кс"),
    ("w", "в"),
    ("h", "х"),
    ("c", "к"),
    ("j", "дж"),
    ("q", "к"),
    ("'", "ь"),
];

/// Writes a BGN/PCGN-romanised word back in Cyrillic, keeping its case pattern.
pub fn to_cyrillic(word: &str) -> String {
    let lower = word.to_lowercase();
    let upper = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let mut out = String::new();
    let mut i = 0;
    let b = lower.as_bytes();
    while i < b.len() {
        let rest = &lower[i..];
        // y between a consonant and the end or another consonant is ы, else й.
        if rest.starts_with('y')
            && i > 0
            && !is_vowel(b[i - 1])
            && !rest[1..].starts_with(|c: char| is_vowel(c as u8))
        {
            out.push('ы');
            i += 1;
            continue;
        }
        if let Some((lat, cyr)) = LATIN_TO_CYRILLIC.iter().find(|(l, _)| rest.starts_with(l)) {
            out.push_str(cyr);
            i += lat.len();
        } else {
            let c = rest.chars().next().expect("non-empty");
            out.push(c);
            i += c.len_utf8();
        }
    }
    if upper {
        out.to_uppercase()
    } else {
        let mut cs = out.chars();
        match cs.next() {
            Some(f) if word.starts_with(char::is_uppercase) => f.to_uppercase().chain(cs).collect(),
            Some(f) => std::iter::once(f).chain(cs).collect(),
            None => out,
        }
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// A romanisation scheme of Russian Cyrillic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// ICAO 9303 (passports since 2013).
    Icao,
    /// GOST 7.79-2000 system B, in ASCII (х → x, ц → cz, щ → shh).
    GostB,
    /// GOST 7.79-2000 system A / ISO 9, with diacritics.
    Iso9,
    /// Library of Congress, without ligature marks.
    LibraryOfCongress,
    /// The scientific transliteration.
    Scientific,
    /// German (Duden) conventions.
    German,
    /// French conventions.
    French,
}

impl Scheme {
    /// Every scheme.
    pub const ALL: [Scheme; 6] = [
        Scheme::Icao,
        Scheme::Iso9,
        Scheme::LibraryOfCongress,
        Scheme::Scientific,
        Scheme::German,
        Scheme::French,
    ];

    fn letter(self, c: char) -> Option<&'static str> {
        use Scheme::*;
        Some(match (self, c) {
            (GostB, 'х') => "x",
            (GostB, 'ц') => "cz",
            (GostB, 'щ') => "shh",
            (GostB, 'й') => "j",
            (GostB, 'ы') => "y'",
            (GostB, 'э') => "e'",
            (GostB, 'ю') => "yu",
            (GostB, 'я') => "ya",
            (GostB, 'ё') => "yo",
            (GostB, 'ъ') => "''",
            (GostB, 'ь') => "'",
            (GostB, 'ж') => "zh",
            (GostB, 'ч') => "ch",
            (GostB, 'ш') => "sh",
            (_, 'а') => "a",
            (_, 'б') => "b",
            (German, 'в') => "w",
            (_, 'в') => "v",
            (_, 'г') => "g",
            (_, 'д') => "d",
            (German, 'е') => "e",
            (_, 'е') => "e",
            (Iso9, 'ё') => "ë",
            (German, 'ё') => "jo",
            (French, 'ё') => "io",
            (_, 'ё') => "e",
            (Icao | LibraryOfCongress, 'ж') => "zh",
            (Iso9 | Scientific, 'ж') => "ž",
            (German, 'ж') => "sch",
            (French, 'ж') => "j",
            (German, 'з') => "s",
            (_, 'з') => "z",
            (_, 'и') => "i",
            (Icao, 'й') => "i",
            (Iso9 | Scientific | German, 'й') => "j",
            (LibraryOfCongress, 'й') => "i",
            (French, 'й') => "ï",
            (_, 'к') => "k",
            (_, 'л') => "l",
            (_, 'м') => "m",
            (_, 'н') => "n",
            (_, 'о') => "o",
            (_, 'п') => "p",
            (_, 'р') => "r",
            (_, 'с') => "s",
            (_, 'т') => "t",
            (French, 'у') => "ou",
            (_, 'у') => "u",
            (_, 'ф') => "f",
            (Icao | LibraryOfCongress | French, 'х') => "kh",
            (Iso9, 'х') => "h",
            (Scientific, 'х') => "x",
            (German, 'х') => "ch",
            (Icao | LibraryOfCongress, 'ц') => "ts",
            (Iso9 | Scientific, 'ц') => "c",
            (German, 'ц') => "z",
            (French, 'ц') => "ts",
            (Icao | LibraryOfCongress, 'ч') => "ch",
            (Iso9 | Scientific, 'ч') => "č",
            (German, 'ч') => "tsch",
            (French, 'ч') => "tch",
            (Icao | LibraryOfCongress, 'ш') => "sh",
            (Iso9 | Scientific, 'ш') => "š",
            (German, 'ш') => "sch",
            (French, 'ш') => "ch",
            (Icao | LibraryOfCongress, 'щ') => "shch",
            (Iso9, 'щ') => "ŝ",
            (Scientific, 'щ') => "šč",
            (German, 'щ') => "schtsch",
            (French, 'щ') => "chtch",
            (Icao, 'ъ') => "ie",
            (Iso9 | Scientific | LibraryOfCongress, 'ъ') => "\"",
            (_, 'ъ') => "",
            (Iso9, 'ы') => "y",
            (_, 'ы') => "y",
            (Iso9 | Scientific | LibraryOfCongress, 'ь') => "'",
            (_, 'ь') => "",
            (Iso9, 'э') => "è",
            (_, 'э') => "e",
            (Icao | LibraryOfCongress, 'ю') => "iu",
            (Iso9, 'ю') => "û",
            (Scientific | German, 'ю') => "ju",
            (French, 'ю') => "iou",
            (Icao | LibraryOfCongress, 'я') => "ia",
            (Iso9, 'я') => "â",
            (Scientific | German, 'я') => "ja",
            (French, 'я') => "ia",
            _ => return None,
        })
    }

    /// Romanises Cyrillic text by this scheme (other characters are kept).
    pub fn romanise(self, text: &str) -> String {
        let mut out = String::new();
        let mut prev_vowel = true;
        for c in text.chars() {
            let lower = c.to_lowercase().next().unwrap_or(c);
            // German and French write е as je/ie after vowels and at the start of words.
            let s = match (self, lower) {
                (Scheme::German, 'е') if prev_vowel => "je",
                (Scheme::German, 'с') if prev_vowel => "s",
                _ => match self.letter(lower) {
                    Some(s) => s,
                    None => {
                        out.push(c);
                        prev_vowel = !c.is_alphabetic();
                        continue;
                    }
                },
            };
            prev_vowel = "аеёиоуыэюя".contains(lower);
            if c.is_uppercase() {
                let mut cs = s.chars();
                if let Some(f) = cs.next() {
                    out.extend(f.to_uppercase());
                    if text
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase)
                    {
                        out.extend(cs.flat_map(char::to_uppercase));
                    } else {
                        out.extend(cs);
                    }
                }
            } else {
                out.push_str(s);
            }
        }
        out
    }
}

/// Legal forms by family, as written in vendor files, for the legal-form class.
const FORMS: &[&[&str]] = &[
    &[
        "LLC",
        "Ltd.",
        "OOO",
        "GmbH",
        "S.R.L.",
        "Sp. z o.o.",
        "L.L.C.",
    ],
    &[
        "JSC",
        "AO",
        "AG",
        "S.A.",
        "Joint Stock Company",
        "PJSC",
        "PLC",
    ],
    &[
        "Inc.",
        "Corp.",
        "Corporation",
        "Co.",
        "Limited",
        "Co., Ltd.",
    ],
];

/// English legal forms of Russian companies, as a Russian vendor file writes them.
const RUSSIAN_FORMS: &[(&str, &str)] = &[
    ("PUBLIC JOINT STOCK COMPANY", "ПАО"),
    ("OPEN JOINT STOCK COMPANY", "ОАО"),
    ("OPEN JOINT-STOCK COMPANY", "ОАО"),
    ("CLOSED JOINT STOCK COMPANY", "ЗАО"),
    ("JOINT STOCK COMPANY", "АО"),
    ("JOINT-STOCK COMPANY", "АО"),
    ("LIMITED LIABILITY COMPANY", "ООО"),
    ("PJSC", "ПАО"),
    ("OJSC", "ОАО"),
    ("CJSC", "ЗАО"),
    ("JSC", "АО"),
    ("LLC", "ООО"),
];

/// English words in list names: a name that still has one once its legal form is put in
/// Russian is a translation, not a romanisation, and a Russian file would translate it back.
const ENGLISH: &[&str] = &[
    "joint",
    "stock",
    "company",
    "public",
    "open",
    "closed",
    "limited",
    "liability",
    "the",
    "of",
    "and",
    "for",
    "plant",
    "research",
    "production",
    "scientific",
    "institute",
    "design",
    "bureau",
    "special",
    "united",
    "aviation",
    "services",
    "service",
    "group",
    "holding",
    "holdings",
    "trading",
    "international",
    "bank",
    "corporation",
    "incorporated",
    "enterprise",
    "center",
    "centre",
    "industrial",
    "industries",
    "technologies",
    "technology",
    "systems",
    "engineering",
    "development",
    "investment",
    "investments",
    "management",
    "construction",
    "shipping",
    "oil",
    "gas",
    "energy",
    "airlines",
    "air",
    "state",
    "federal",
    "national",
    "unit",
    "flight",
    "defense",
    "defence",
    "concern",
    "aerospace",
    "works",
    "factory",
    "metallurgical",
    "motor",
    "marine",
    "import",
    "export",
    "fund",
    "foundation",
    "society",
    "association",
    "trust",
    "capital",
    "partners",
    "global",
    "general",
    "electronics",
    "ship",
    "success",
    "star",
    "power",
    "first",
    "new",
    "real",
    "estate",
    "ltd",
    "inc",
    "corp",
    "co",
    "gmbh",
    "fzc",
    "fze",
    "llp",
    "ltd",
    "firm",
    "st",
    "petersburg",
    "moscow",
    "university",
    "academy",
    "agency",
    "ministry",
    "office",
    "military",
    "security",
    "force",
    "forces",
];

/// A Russian party's name with its legal form in Russian, or `None` if English words remain.
fn russian_form(name: &str) -> Option<String> {
    let mut s = name.to_uppercase();
    for (en, ru) in RUSSIAN_FORMS {
        s = s.replace(en, ru);
    }
    let english = s
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ENGLISH.contains(&w.to_lowercase().as_str()));
    (!english).then_some(s)
}

/// Whether an entity's name is one this generator can vary meaningfully: at least one word of
/// four letters or more, in Latin script.
fn usable(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.chars().count() >= 4)
        && name.is_ascii()
}

/// Whether an entity is a Russian party (its name is a romanisation of Russian): Russian
/// nationality or address, or a Russia programme and a name with Russian endings.
pub fn is_russian(e: &Entity) -> bool {
    let russia = |s: &str| s.to_ascii_lowercase().contains("russia");
    if e.nationalities.iter().any(|n| russia(n))
        || e.addresses
            .iter()
            .any(|a| a.country.as_deref().is_some_and(russia))
    {
        return true;
    }
    const ENDINGS: [&str; 12] = [
        "ov", "ova", "ev", "eva", "in", "ina", "sky", "skiy", "vich", "vna", "enko", "yuk",
    ];
    e.programs.iter().any(|p| p.starts_with("RUSSIA"))
        && words(&e.name).iter().any(|w| {
            let w = w.to_ascii_lowercase();
            ENDINGS.iter().any(|end| w.ends_with(end))
        })
}

fn words(name: &str) -> Vec<&str> {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

fn patronymic_like(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    ["vich", "vna", "ichna"].iter().any(|e| w.ends_with(e))
}

/// A person's "SURNAME, Given Patronymic" split into (surname words, given words).
fn person_parts(name: &str) -> Option<(Vec<&str>, Vec<&str>)> {
    let (sur, given) = name.split_once(',')?;
    let sur = words(sur);
    let given = words(given);
    (!sur.is_empty() && !given.is_empty()).then_some((sur, given))
}

/// One variant of `name` (of entity `e`) in `class`, or `None` where the class does not apply.
pub fn vary(name: &str, e: &Entity, class: Class, rng: &mut Rng) -> Option<String> {
    let person = e.kind == EntityKind::Person;
    match class {
        Class::Cyrillic => {
            if !is_russian(e) {
                return None;
            }
            Some(words_map(&russian_form(name)?, to_cyrillic))
        }
        Class::Romanisation => {
            if !is_russian(e) {
                return None;
            }
            let cyr = words_map(&russian_form(name)?, to_cyrillic);
            let scheme = *rng.pick(&Scheme::ALL);
            Some(scheme.romanise(&cyr))
        }
        Class::Order => {
            if person {
                let (sur, given) = person_parts(name)?;
                // Surname and first given name only where little else is dropped.
                Some(if given.len() > 2 || rng.chance(0.5) {
                    format!("{} {}", given.join(" "), sur.join(" "))
                } else {
                    format!("{} {}", sur.join(" "), given[0])
                })
            } else {
                // The other words rotated, and a legal form written as words moved to the other
                // end (forms written as letters, "S.A.", stay at the end, as they always are).
                let (front, core, back) = split_form(name);
                if core.len() < 2 && front.is_empty() && back.is_empty() {
                    return None;
                }
                let k = if core.len() > 1 {
                    1 + rng.below(core.len() - 1)
                } else {
                    0
                };
                let rotated = core[k..]
                    .iter()
                    .chain(&core[..k])
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                let spelled = back.iter().any(|w| w.contains('.'));
                let parts = if spelled {
                    [front.join(" "), rotated, back.join(" ")]
                } else {
                    [back.join(" "), rotated, front.join(" ")]
                };
                Some(
                    parts
                        .iter()
                        .filter(|p| !p.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            }
        }
        Class::Initials => {
            if !person {
                return None;
            }
            let (sur, given) = person_parts(name)?;
            // The initial of "'Adil" is A.
            // The initial of "'Adil" is A.; a hyphenated name has one per part (J.-P. for
            // Jean-Pierre).
            let initial = |w: &str| {
                w.split('-')
                    .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
                    .map(|c| format!("{c}."))
                    .collect::<Vec<_>>()
                    .join("-")
            };
            let inits: Vec<String> = given.iter().map(|w| initial(w)).collect();
            Some(match rng.below(3) {
                0 => format!("{} {}", inits.join(" "), sur.join(" ")),
                1 if given.len() > 1 => {
                    format!("{} {} {}", given[0], inits[1..].join(" "), sur.join(" "))
                }
                _ => format!("{} {}", sur.join(" "), inits.join("")),
            })
        }
        Class::Punctuation => {
            let mut out: String = match rng.below(3) {
                0 => name
                    .chars()
                    .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                    .collect(),
                1 => name.replace([',', '.'], " ").replace('-', " "),
                _ => name.replace(' ', "-").replace(",-", ", "),
            };
            if rng.chance(0.5) {
                out = out.to_lowercase();
            }
            (out != name).then_some(out)
        }
        Class::LegalForm => {
            if person {
                return None;
            }
            let family = rng.pick(FORMS);
            let form = rng.pick(family);
            // The name without its own form, with another: in front only where such forms go
            // in front (Russian and English abbreviations), else at the end.
            let (_, core, _) = split_form(name);
            if core.is_empty() {
                return None;
            }
            let front_ok = ["LLC", "OOO", "JSC", "AO", "PJSC"].contains(form);
            Some(if front_ok && rng.chance(0.5) {
                format!("{} {}", form, core.join(" "))
            } else {
                format!("{} {}", core.join(" "), form)
            })
        }
        Class::Typo => {
            // A typo in the name itself, inside a run of five letters or more ("HARAMAIN" of
            // "AL-HARAMAIN", never its "AL", nor the dots of "S.A.S."): legal forms and generic
            // English words are left alone.
            let runs: Vec<(usize, usize)> = letter_runs(name)
                .into_iter()
                .filter(|&(a, b)| {
                    let run = name[a..b].to_ascii_lowercase();
                    b - a >= 5
                        && !ENGLISH.contains(&run.as_str())
                        && !FORM_WORDS.contains(&run.as_str())
                })
                .collect();
            if runs.is_empty() {
                return None;
            }
            let (a, b) = *rng.pick(&runs);
            let out = format!("{}{}{}", &name[..a], typo(rng, &name[a..b]), &name[b..]);
            let out = words(&out).join(" ");
            (out != words(name).join(" ")).then_some(out)
        }
        Class::Evasion => {
            if rng.chance(0.5) {
                // Cyrillic look-alikes for a, e, o, p, c.
                let mut changed = false;
                let out: String = name
                    .chars()
                    .map(|c| {
                        let look = match c {
                            'A' => 'А',
                            'E' => 'Е',
                            'O' => 'О',
                            'P' => 'Р',
                            'C' => 'С',
                            'a' => 'а',
                            'e' => 'е',
                            'o' => 'о',
                            'p' => 'р',
                            'c' => 'с',
                            _ => return c,
                        };
                        if !changed || rng.chance(0.3) {
                            changed = true;
                            look
                        } else {
                            c
                        }
                    })
                    .collect();
                changed.then_some(out)
            } else {
                let mut out = String::new();
                for (k, c) in name.chars().enumerate() {
                    out.push(c);
                    if k % 3 == 1 && c.is_alphabetic() {
                        out.push(*rng.pick(&['\u{200B}', '\u{200C}', '\u{00AD}', '\u{2060}']));
                    }
                }
                Some(out)
            }
        }
        Class::MissingPatronymic => {
            if !person || !is_russian(e) {
                return None;
            }
            let (sur, given) = person_parts(name)?;
            if given.len() < 2 || !patronymic_like(given[given.len() - 1]) {
                return None;
            }
            Some(format!(
                "{}, {}",
                sur.join(" "),
                given[..given.len() - 1].join(" ")
            ))
        }
    }
}

/// Words of legal forms as list names write them (English, Russian, Spanish, French, and common
/// abbreviations of other countries), besides the abbreviations of [`FORMS`].
const FORM_WORDS: &[&str] = &[
    "ooo",
    "oao",
    "zao",
    "pao",
    "nao",
    "ojsc",
    "cjsc",
    "ood",
    "eood",
    "doo",
    "sro",
    "tov",
    "fze",
    "fzco",
    "fzc",
    "fz",
    "cc",
    "bv",
    "nv",
    "sarl",
    "sas",
    "srl",
    "spa",
    "kg",
    "kk",
    "pvt",
    "sdn",
    "bhd",
    "lp",
    "cia",
    "joint",
    "stock",
    "company",
    "limited",
    "liability",
    "public",
    "open",
    "closed",
    "de",
    "pte",
    "pty",
    "ltda",
    "llc",
    "llp",
    "sac",
    "obshchestvo",
    "s",
    "ogranichennoi",
    "ogranichennoy",
    "otvetstvennostyu",
    "otvetstvennostiu",
    "ogranichennoj",
    "aktsionernoe",
    "aktsionernoye",
    "publichnoe",
    "publichnoye",
    "zakrytoe",
    "zakrytoye",
    "otkrytoe",
    "otkrytoye",
    "compania",
    "sociedad",
    "anonima",
    "societe",
    "anonyme",
    "compagnie",
];

/// The runs of ASCII letters of `s`, as byte ranges.
fn letter_runs(s: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                runs.push((a, i));
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// Splits an organisation's name into the legal-form words in front, the rest, and the
/// legal-form words at the end.
fn split_form(name: &str) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
    // Abbreviations written with dots (B.V., S.A.S., the "S." of "S. DE R.L.") are forms at the
    // end; in front they are the name ("A.T.E. INTERNATIONAL"). A word in brackets is the name.
    let is_form = |w: &str, end: bool| {
        if w.starts_with('(') || w.ends_with(')') {
            return false;
        }
        if end && w.contains('.') {
            return true;
        }
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        let w = w.replace("joint-stock", "joint");
        FORMS
            .iter()
            .flat_map(|f| f.iter())
            .any(|f| f.trim_matches('.').eq_ignore_ascii_case(&w))
            || FORM_WORDS.contains(&w.as_str())
    };
    let w = words(name);
    let a = w.iter().take_while(|x| is_form(x, false)).count();
    let b = w[a..].iter().rev().take_while(|x| is_form(x, true)).count();
    (
        w[..a].to_vec(),
        w[a..w.len() - b].to_vec(),
        w[w.len() - b..].to_vec(),
    )
}

fn words_map(name: &str, f: fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || c == '\'' {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&f(&word));
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&f(&word));
    }
    out
}

/// Up to `per_class` cases of each class from `entities`, by seeded rules. Entities are drawn
/// at random; each contributes its primary name (persons and organisations only).
pub fn cases(entities: &[Entity], per_class: usize, seed: u64) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let pool: Vec<&Entity> = entities
        .iter()
        .filter(|e| {
            matches!(e.kind, EntityKind::Person | EntityKind::Organization) && usable(&e.name)
        })
        .collect();
    let mut out = Vec::new();
    if pool.is_empty() {
        return out;
    }
    for class in Class::ALL {
        let mut made = 0;
        let mut tries = 0;
        while made < per_class && tries < per_class * 200 {
            tries += 1;
            let e = pool[rng.below(pool.len())];
            if let Some(query) = vary(&e.name, e, class, &mut rng) {
                out.push(Case {
                    query,
                    expected: e.id.clone(),
                    source: e.name.clone(),
                    class,
                });
                made += 1;
            }
        }
    }
    out
}

/// A clean vendor name, as a vendor master holds them: a company or a sole trader in the style
/// of one of several countries (some in Cyrillic), with the country's code.
pub fn vendor_name(rng: &mut Rng) -> (String, &'static str, &'static str) {
    let c = &COUNTRIES[rng.below(COUNTRIES.len())];
    (business_name(rng, c), c.code, *rng.pick(c.cities))
}

/// `n` clean vendor names drawn by [`vendor_name`], leaving out those that *are* a name of one
/// of `entities`: the same words, by phonetic skeleton and in any order, once legal forms and
/// the list name's patronymic are set aside ("Pioneer Inc." and the listed PIONEER, "Dmitry
/// Kuznetsov" and KUZNETSOV, Dmitry Vadimovich). A vendor so named is that party as far as any
/// screening can tell, so an alert on it is right, not false.
pub fn clean_vendor_names(entities: &[Entity], n: usize, rng: &mut Rng) -> Vec<String> {
    let key = |name: &crate::names::Name| {
        let mut k: Vec<&str> = name
            .tokens
            .iter()
            .filter(|t| !t.patronymic)
            .map(|t| t.skel.as_str())
            .collect();
        k.sort_unstable();
        k.join(" ")
    };
    let listed: std::collections::HashSet<String> = entities
        .iter()
        .flat_map(|e| e.names().map(|(name, _)| key(&crate::names::parse(name))))
        .collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let name = vendor_name(rng).0;
        if !listed.contains(&key(&crate::names::parse(&name))) {
            out.push(name);
        }
    }
    out
}

/// The words of one country's business names.
struct Country {
    code: &'static str,
    cities: &'static [&'static str],
    surnames: &'static [&'static str],
    given: &'static [&'static str],
    words: &'static [&'static str],
    trades: &'static [&'static str],
    forms: &'static [&'static str],
    /// Whether the legal form goes before the name (ООО «Вектор»).
    form_first: bool,
}

const COUNTRIES: &[Country] = &[
    Country {
        code: "DE",
        cities: &["Berlin", "Hamburg", "München", "Köln", "Stuttgart"],
        surnames: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Hoffmann",
            "Schulz",
        ],
        given: &["Hans", "Jürgen", "Anna", "Katrin", "Stefan", "Lukas"],
        words: &["Nordstern", "Rheinland", "Alpen", "Hanse", "Elbe"],
        trades: &[
            "Maschinenbau",
            "Logistik",
            "Elektrotechnik",
            "Bau",
            "Handel",
            "Metallbau",
        ],
        forms: &["GmbH", "AG", "KG", "GmbH & Co. KG", "e.K."],
        form_first: false,
    },
    Country {
        code: "FR",
        cities: &["Paris", "Lyon", "Marseille", "Toulouse", "Lille"],
        surnames: &[
            "Dupont", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Garnier", "Rousseau",
        ],
        given: &["Jean", "Marie", "Pierre", "Camille", "Élodie", "François"],
        words: &["Atlantique", "Provence", "Lumière", "Horizon"],
        trades: &[
            "Industries",
            "Transports",
            "Services",
            "Distribution",
            "Boulangerie",
            "Électricité",
        ],
        forms: &["SARL", "SA", "SAS", "EURL"],
        form_first: false,
    },
    Country {
        code: "IT",
        cities: &["Milano", "Roma", "Torino", "Napoli", "Bologna"],
        surnames: &[
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
        ],
        given: &["Giuseppe", "Marco", "Giulia", "Francesca", "Luca"],
        words: &["Adriatica", "Italia", "Mediterranea", "Alpina"],
        trades: &[
            "Costruzioni",
            "Trasporti",
            "Meccanica",
            "Alimentari",
            "Impianti",
        ],
        forms: &["S.p.A.", "S.r.l.", "S.n.c."],
        form_first: false,
    },
    Country {
        code: "ES",
        cities: &["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao"],
        surnames: &[
            "García",
            "Fernández",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
        ],
        given: &["José", "María", "Carmen", "Javier", "Lucía"],
        words: &["Ibérica", "Levante", "Cantábrico", "Sol"],
        trades: &[
            "Construcciones",
            "Distribuciones",
            "Servicios",
            "Transportes",
            "Alimentación",
        ],
        forms: &["S.A.", "S.L.", "S.L.U."],
        form_first: false,
    },
    Country {
        code: "MX",
        cities: &["Ciudad de México", "Monterrey", "Guadalajara", "Puebla"],
        surnames: &["Hernández", "González", "Rodríguez", "Ramírez", "Flores"],
        given: &["Juan", "Guadalupe", "Alejandro", "Sofía"],
        words: &["Azteca", "del Norte", "Pacífico", "Maya"],
        trades: &["Comercializadora", "Constructora", "Transportes", "Aceros"],
        forms: &["S.A. de C.V.", "S. de R.L. de C.V."],
        form_first: false,
    },
    Country {
        code: "GB",
        cities: &["London", "Manchester", "Leeds", "Glasgow", "Bristol"],
        surnames: &[
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Clarke",
        ],
        given: &["James", "Oliver", "Emily", "Charlotte", "George", "Harry"],
        words: &["Albion", "Thames", "Pennine", "Crown", "Summit", "Harbour"],
        trades: &[
            "Logistics",
            "Engineering",
            "Consulting",
            "Supplies",
            "Holdings",
            "Builders",
        ],
        forms: &["Ltd", "Limited", "PLC", "LLP"],
        form_first: false,
    },
    Country {
        code: "US",
        cities: &[
            "New York", "Chicago", "Houston", "Phoenix", "Seattle", "Atlanta",
        ],
        surnames: &[
            "Johnson", "Miller", "Davis", "Anderson", "Thompson", "Moore", "Jackson",
        ],
        given: &[
            "Michael", "Jennifer", "David", "Ashley", "Robert", "Jessica",
        ],
        words: &[
            "Pacific", "Atlantic", "Pioneer", "Liberty", "Eagle", "Frontier", "Global", "Advanced",
        ],
        trades: &[
            "Systems",
            "Solutions",
            "Technologies",
            "Industries",
            "Services",
            "Partners",
            "Manufacturing",
        ],
        forms: &["Inc.", "LLC", "Corp.", "Co.", "L.P."],
        form_first: false,
    },
    Country {
        code: "RU",
        cities: &[
            "Москва",
            "Санкт-Петербург",
            "Новосибирск",
            "Екатеринбург",
            "Казань",
        ],
        surnames: &[
            "Иванов",
            "Смирнов",
            "Кузнецов",
            "Попов",
            "Васильев",
            "Соколов",
            "Морозов",
        ],
        given: &[
            "Александр",
            "Сергей",
            "Елена",
            "Ольга",
            "Дмитрий",
            "Наталья",
        ],
        words: &[
            "Ромашка",
            "Вектор",
            "Гранит",
            "Альфа",
            "Сибирь",
            "Восток",
            "Меридиан",
        ],
        trades: &[
            "Техносервис",
            "Стройинвест",
            "Промсервис",
            "Логистик",
            "Энергомаш",
            "Агро",
        ],
        forms: &["ООО", "АО", "ПАО", "ЗАО", "ИП"],
        form_first: true,
    },
    Country {
        code: "RU",
        cities: &["Moscow", "St. Petersburg", "Kazan", "Samara"],
        surnames: &[
            "Ivanov",
            "Smirnov",
            "Kuznetsov",
            "Popov",
            "Volkov",
            "Sokolov",
        ],
        given: &["Aleksandr", "Sergei", "Elena", "Olga", "Dmitry", "Natalia"],
        words: &["Vektor", "Granit", "Sibir", "Vostok", "Meridian"],
        trades: &[
            "Tekhnoservis",
            "Stroyinvest",
            "Promservis",
            "Energomash",
            "Logistik",
        ],
        forms: &["OOO", "AO", "PAO", "LLC", "JSC"],
        form_first: true,
    },
    Country {
        code: "UA",
        cities: &["Київ", "Харків", "Одеса", "Дніпро", "Львів"],
        surnames: &["Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Мельник"],
        given: &["Олександр", "Іван", "Оксана", "Наталія", "Андрій"],
        words: &["Дніпро", "Карпати", "Поділля", "Слобода"],
        trades: &["Агроінвест", "Будмаш", "Металпром", "Транс"],
        forms: &["ТОВ", "ПП", "ПрАТ", "ФОП"],
        form_first: true,
    },
    Country {
        code: "CN",
        cities: &[
            "Shenzhen",
            "Shanghai",
            "Guangzhou",
            "Ningbo",
            "Hangzhou",
            "Beijing",
        ],
        surnames: &["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao"],
        given: &["Wei", "Fang", "Min", "Jing", "Lei", "Yong"],
        words: &[
            "Huaxin", "Jinlong", "Tianyu", "Hengtong", "Xinhua", "Dongfang", "Zhongke",
        ],
        trades: &[
            "Electronics",
            "Trading",
            "Technology",
            "Industrial",
            "Import and Export",
            "Precision Machinery",
        ],
        forms: &["Co., Ltd.", "Limited", "Group Co., Ltd."],
        form_first: false,
    },
    Country {
        code: "JP",
        cities: &["Tokyo", "Osaka", "Nagoya", "Yokohama"],
        surnames: &["Yamada", "Suzuki", "Tanaka", "Sato", "Watanabe", "Ito"],
        given: &["Hiroshi", "Yuki", "Takeshi", "Akiko", "Kenji"],
        words: &["Nippon", "Fuji", "Sakura", "Asahi"],
        trades: &["Shoji", "Seisakusho", "Kogyo", "Denki", "Trading"],
        forms: &["K.K.", "Co., Ltd.", "Corporation"],
        form_first: false,
    },
    Country {
        code: "TR",
        cities: &["İstanbul", "Ankara", "İzmir", "Bursa"],
        surnames: &[
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın",
        ],
        given: &["Mehmet", "Ayşe", "Mustafa", "Fatma", "Emre"],
        words: &["Anadolu", "Marmara", "Ege", "Boğaziçi"],
        trades: &["İnşaat", "Tekstil", "Gıda", "Lojistik", "Makina"],
        forms: &["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş."],
        form_first: false,
    },
    Country {
        code: "AE",
        cities: &["Dubai", "Abu Dhabi", "Sharjah"],
        surnames: &[
            "Al Noor",
            "Al Fajr",
            "Al Majid",
            "Al Hashimi",
            "Al Mansouri",
        ],
        given: &["Mohammed", "Ahmed", "Fatima", "Omar", "Khalid"],
        words: &["Gulf", "Emirates", "Desert Rose", "Falcon", "Oasis"],
        trades: &[
            "General Trading",
            "Contracting",
            "Shipping",
            "Building Materials",
            "Marine Services",
        ],
        forms: &["LLC", "FZE", "FZCO", "DMCC"],
        form_first: false,
    },
    Country {
        code: "IN",
        cities: &["Mumbai", "Delhi", "Bengaluru", "Chennai", "Pune"],
        surnames: &[
            "Sharma", "Patel", "Reddy", "Gupta", "Agarwal", "Iyer", "Singh",
        ],
        given: &["Rahul", "Priya", "Amit", "Sunita", "Vikram"],
        words: &["Bharat", "Shree", "Ganesh", "Sagar", "Surya"],
        trades: &[
            "Enterprises",
            "Industries",
            "Exports",
            "Textiles",
            "Pharma",
            "Infotech",
        ],
        forms: &["Pvt. Ltd.", "Private Limited", "Ltd.", "LLP"],
        form_first: false,
    },
    Country {
        code: "SE",
        cities: &["Stockholm", "Göteborg", "Malmö", "Uppsala"],
        surnames: &["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson"],
        given: &["Erik", "Lars", "Karin", "Ingrid", "Anders"],
        words: &["Norrland", "Skog", "Fjäll", "Vind"],
        trades: &["Trä", "Bygg", "Data", "Shipping", "Verkstad"],
        forms: &["AB", "HB"],
        form_first: false,
    },
    Country {
        code: "PL",
        cities: &["Warszawa", "Kraków", "Gdańsk", "Wrocław", "Poznań"],
        surnames: &["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński"],
        given: &["Piotr", "Anna", "Krzysztof", "Agnieszka", "Tomasz"],
        words: &["Polonia", "Wisła", "Bałtyk", "Mazowsze"],
        trades: &["Budownictwo", "Transport", "Handel", "Usługi", "Przemysł"],
        forms: &["Sp. z o.o.", "S.A.", "Sp.k."],
        form_first: false,
    },
    Country {
        code: "BR",
        cities: &["São Paulo", "Rio de Janeiro", "Curitiba", "Recife"],
        surnames: &["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa"],
        given: &["João", "Ana", "Carlos", "Juliana", "Paulo"],
        words: &["Brasil", "Amazônia", "Atlântico", "Cruzeiro"],
        trades: &[
            "Comércio",
            "Engenharia",
            "Transportes",
            "Alimentos",
            "Agropecuária",
        ],
        forms: &["Ltda.", "S.A.", "EIRELI", "ME"],
        form_first: false,
    },
];

/// Syllables of invented brand and family names, so that most generated names are distinct, as
/// in a real vendor master file.
const LATIN_SYLLABLES: &[&str] = &[
    "ka", "ro", "ven", "tal", "mi", "sen", "dor", "ber", "lin", "ga", "tro", "nex", "vi", "sol",
    "mar", "den", "qu", "ast", "el", "ori", "pan", "zen", "hol", "ter",
];
const CYRILLIC_SYLLABLES: &[&str] = &[
    "ка", "ро", "вен", "тал", "ми", "сен", "дор", "бер", "лин", "га", "тро", "вит", "со", "мар",
    "ден", "ста", "ель", "ор", "пан", "хол", "тер", "ко",
];

/// An invented word of two to four syllables, capitalised.
fn invented(rng: &mut Rng, cyrillic: bool) -> String {
    let table = if cyrillic {
        CYRILLIC_SYLLABLES
    } else {
        LATIN_SYLLABLES
    };
    let n = 2 + rng.below(3);
    let word: String = (0..n).map(|_| *rng.pick(table)).collect();
    title_case(&word)
}

/// Street-level legal suffixes used to vary planted names.
const SUFFIXES: &[&str] = &["LLC", "Ltd", "JSC", "Inc.", "GmbH", "Co., Ltd.", "LTD."];

/// How a generated file is made.
pub struct Spec {
    /// Data rows.
    pub rows: usize,
    /// Seed of the generator.
    pub seed: u64,
    /// Share of rows that carry a planted list name, in [0, 1].
    pub planted_share: f64,
    /// Share of rows that repeat a recent vendor.
    pub repeat_share: f64,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec {
            rows: 10_000,
            seed: 42,
            planted_share: 0.02,
            repeat_share: 0.2,
        }
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Data rows.
    pub rows: usize,
    /// Rows carrying a planted list name.
    pub planted: usize,
}

/// Writes a vendor CSV (`vendor_id,vendor_name,country,city,amount`) of `spec.rows` rows,
/// planting names from `planted` (list names, primary or alias) in varied spellings.
pub fn write_vendors<W: Write>(w: W, spec: &Spec, planted: &[String]) -> io::Result<Written> {
    let mut w = csv::Writer::from_writer(w);
    let mut rng = Rng::new(spec.seed);
    let mut recent: Vec<(String, &'static str, &'static str)> = Vec::new();
    let mut written = Written::default();
    w.write_record(["vendor_id", "vendor_name", "country", "city", "amount"])?;
    let mut id = String::new();
    let mut amount = String::new();
    for i in 0..spec.rows {
        let (name, country, city) = if !planted.is_empty() && rng.chance(spec.planted_share) {
            written.planted += 1;
            let c = &COUNTRIES[rng.below(COUNTRIES.len())];
            let original = &planted[rng.below(planted.len())];
            (
                plant_spelling(&mut rng, original),
                c.code,
                *rng.pick(c.cities),
            )
        } else if !recent.is_empty() && rng.chance(spec.repeat_share) {
            recent[rng.below(recent.len())].clone()
        } else {
            let v = vendor_name(&mut rng);
            if recent.len() < 5_000 {
                recent.push(v.clone());
            } else {
                let k = rng.below(recent.len());
                recent[k] = v.clone();
            }
            v
        };
        id.clear();
        use std::fmt::Write as _;
        write!(id, "V{:07}", i + 1).expect("String");
        amount.clear();
        write!(amount, "{}.{:02}", rng.below(100_000), rng.below(100)).expect("String");
        w.write_record([id.as_str(), &name, country, city, amount.as_str()])?;
        written.rows += 1;
    }
    w.flush()?;
    Ok(written)
}

/// A business name in the style of country `c`: a company or a sole trader.
fn business_name(rng: &mut Rng, c: &Country) -> String {
    let form = *rng.pick(c.forms);
    let cyrillic = c.surnames[0]
        .chars()
        .any(|ch| ('\u{400}'..='\u{4FF}').contains(&ch));
    // Half the family and brand words are invented, which makes most names distinct.
    let surname = |rng: &mut Rng| {
        if rng.chance(0.5) {
            invented(rng, cyrillic)
        } else {
            rng.pick(c.surnames).to_string()
        }
    };
    let word = |rng: &mut Rng| {
        if rng.chance(0.5) {
            invented(rng, cyrillic)
        } else {
            rng.pick(c.words).to_string()
        }
    };
    let core = match rng.below(6) {
        0 => format!("{} {}", *rng.pick(c.given), surname(rng)),
        1 => format!("{} {}", surname(rng), *rng.pick(c.trades)),
        2 => format!("{} {}", word(rng), *rng.pick(c.trades)),
        3 => format!("{} & {}", surname(rng), surname(rng)),
        4 => format!(
            "{} {} {}",
            word(rng),
            *rng.pick(c.cities),
            *rng.pick(c.trades)
        ),
        _ => word(rng),
    };
    if rng.chance(0.15) {
        // Sole traders often have no legal form at all.
        core
    } else if c.form_first {
        if rng.chance(0.5) {
            format!("{form} «{core}»")
        } else {
            format!("{form} \"{core}\"")
        }
    } else {
        format!("{core} {form}")
    }
}

/// A spelling of a list name as a vendor master file might have it.
fn plant_spelling(rng: &mut Rng, name: &str) -> String {
    let mut s = name.to_string();
    // "LAST, First Middle" as people write it: "First Middle Last".
    if rng.chance(0.5) {
        if let Some((last, first)) = s.split_once(", ") {
            s = format!("{first} {last}");
        }
    }
    match rng.below(4) {
        0 => s = s.to_lowercase(),
        1 => s = title_case(&s),
        2 => s = s.to_uppercase(),
        _ => {}
    }
    if rng.chance(0.3) {
        s.retain(|c| !matches!(c, '.' | ',' | '"' | '\''));
    }
    if rng.chance(0.2) {
        s = format!("{s} {}", *rng.pick(SUFFIXES));
    }
    if rng.chance(0.2) {
        s = typo(rng, &s);
    }
    if rng.chance(0.1) {
        s = s.replace(' ', "  ");
    }
    s
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One typo in `s` (of four letters or more; shorter strings are kept as they are): a letter
/// replaced, dropped, doubled or swapped with its neighbour, never the first or last letter.
fn typo(rng: &mut Rng, s: &str) -> String {
    let mut cs: Vec<char> = s.chars().collect();
    if cs.len() < 4 {
        return s.to_string();
    }
    let i = 1 + rng.below(cs.len() - 2);
    match rng.below(4) {
        0 => cs[i] = (b'a' + rng.below(26) as u8) as char,
        1 => {
            cs.remove(i);
        }
        2 => cs.insert(i, cs[i]),
        _ => cs.swap(i, i + 1),
    }
    cs.into_iter().collect()
}

/// The names to plant: every primary name and alias of the people and organisations of
/// `lists` (vendor files hold no ships or aircraft), in load order.
pub fn list_names(lists: &crate::Lists) -> Vec<String> {
    use crate::EntityKind::{Aircraft, Vessel};
    lists
        .entities()
        .filter(|e| !matches!(e.kind, Vessel | Aircraft))
        .flat_map(|e| e.names().map(|(n, _)| n.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_inverts_bgn() {
        assert_eq!(to_cyrillic("TIKHONOV"), "ТИХОНОВ");
        assert_eq!(to_cyrillic("Andrey"), "Андрей");
        assert_eq!(to_cyrillic("Gennadyevich"), "Геннадевич");
    }

    #[test]
    fn schemes_romanise() {
        assert_eq!(Scheme::German.romanise("Тихонов"), "Tichonow");
        assert_eq!(Scheme::French.romanise("Чекунов"), "Tchekounov");
        assert_eq!(Scheme::Icao.romanise("Юрий"), "Iurii");
        assert_eq!(Scheme::Scientific.romanise("Щукин"), "Ščukin");
    }

    #[test]
    fn rng_is_reproducible() {
        let a: Vec<u64> = (0..3)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..3)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
    }
}
