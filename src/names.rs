//! The structure of a name: its words with their phonetic skeletons, legal forms set aside,
//! stop words dropped, initials, patronymics and gendered surname forms recognised.

use crate::normalize::{self, Script};
use crate::translit::skeleton;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// A legal form recognised in a name, by family: forms of one family mean the same thing
/// across languages (ООО = LLC = GmbH = SARL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalForm {
    /// The family's label, as shown in explanations ("LLC", "JSC", ...).
    pub family: &'static str,
}

/// Legal forms by family, written as they appear once romanised (any scheme: matched by
/// skeleton). Sources: the company law terms of each country, as commonly abbreviated.
const LEGAL_FORMS: &[(&str, &[&str])] = &[
    (
        "LLC",
        &[
            "ooo",
            "llc",
            "l l c",
            "limited liability company",
            "limited liability co",
            "obshchestvo s ogranichennoy otvetstvennostyu",
            "tov",
            "tovarystvo z obmezhenoyu vidpovidalnistyu",
            "gmbh",
            "sarl",
            "s a r l",
            "srl",
            "s r l",
            "sp z o o",
            "sp zoo",
            "kft",
            "doo",
            "d o o",
            "eood",
            "ood",
            "sro",
            "s r o",
            "bv",
            "b v",
            "sdn bhd",
            "bhd",
            "sdn",
            "youxian gongsi",
            "you xian gong si",
            "youxian zeren gongsi",
            "ltda",
            "s de rl",
            "s de rl de cv",
            "s de r l de c v",
            "srl de cv",
            "s r l de c v",
            "s de r l",
            "spr de rl",
            "s p r de r l",
            "s p r de r l de c v",
            "llp",
            "lp",
            "fze",
            "fzco",
            "fz llc",
            "fzc",
            "pty",
            "pty ltd",
            "pvt",
            "pvt ltd",
            "private limited",
            "pte",
            "pte ltd",
            "tnhh",
            "cong ty tnhh",
            "ug",
            "yugen kaisha",
        ],
    ),
    (
        "JSC",
        &[
            "ao",
            "zao",
            "oao",
            "pao",
            "nao",
            "jsc",
            "cjsc",
            "ojsc",
            "pjsc",
            "jsco",
            "joint stock company",
            "joint-stock company",
            "closed joint stock company",
            "open joint stock company",
            "public joint stock company",
            "aktsionernoe obshchestvo",
            "zakrytoe aktsionernoe obshchestvo",
            "otkrytoe aktsionernoe obshchestvo",
            "publichnoe aktsionernoe obshchestvo",
            "nepublichnoe aktsionernoe obshchestvo",
            "at",
            "pat",
            "prat",
            "ag",
            "sa",
            "s a",
            "spa",
            "s p a",
            "nv",
            "n v",
            "ab",
            "as",
            "a s",
            "asa",
            "oy",
            "oyj",
            "aktiengesellschaft",
            "sociedad anonima",
            "societe anonyme",
            "societa per azioni",
            "sae",
            "saog",
            "saoc",
            "bsc",
            "psc",
            "qsc",
            "pjsc",
            "kk",
            "kabushiki kaisha",
            "gufen youxian gongsi",
            "gufen gongsi",
            "sac",
            "saa",
            "sab de cv",
            "sa de cv",
            "s a de c v",
            "sapi de cv",
            "tbk",
            "as",
            "ltd sti",
            "sti",
            "pt",
        ],
    ),
    (
        "Ltd",
        &[
            "ltd",
            "limited",
            "co ltd",
            "company limited",
            "plc",
            "public limited company",
        ],
    ),
    (
        "Inc",
        &[
            "inc",
            "incorporated",
            "corp",
            "corporation",
            "co",
            "company",
            "cie",
            "et cie",
            "cia",
        ],
    ),
    (
        "KG",
        &[
            "kg",
            "ohg",
            "gbr",
            "kgaa",
            "gmbh co kg",
            "sas",
            "sca",
            "snc",
            "scs",
            "sl",
            "s l",
        ],
    ),
    (
        "state enterprise",
        &[
            "fgup",
            "gup",
            "mup",
            "fgbu",
            "fgu",
            "fku",
            "fkp",
            "gosudarstvennoe unitarnoe predpriyatie",
            "federalnoe gosudarstvennoe unitarnoe predpriyatie",
            "dp",
            "kp",
            "ue",
            "rup",
        ],
    ),
    (
        SOLE_TRADER,
        &[
            "ip",
            "individualnyy predprinimatel",
            "chp",
            "fop",
            "spd",
            "e k",
            "eingetragener kaufmann",
        ],
    ),
    (
        "non-profit",
        &["ano", "nko", "fond", "gbou", "e v", "eingetragener verein"],
    ),
];

/// The family of forms that make a person a business (ИП, ФОП): the party is the person.
pub const SOLE_TRADER: &str = "sole trader";

/// Words that carry no identity ("of", "the", "and"), dropped from every name.
const STOP_WORDS: &[&str] = &[
    "of", "the", "and", "for", "an", "de", "del", "della", "di", "da", "do", "dos", "das", "la",
    "le", "les", "des", "du", "et", "und", "im", "in", "on", "po", "na", "pod", "der", "die",
];

/// Words that describe what an organisation does or is rather than which one it is. A match on
/// these alone never makes a hit; list frequency lowers their weight further.
const GENERIC_WORDS: &[&str] = &[
    "group",
    "holding",
    "holdings",
    "trading",
    "trade",
    "bank",
    "corp",
    "company",
    "international",
    "industries",
    "industrial",
    "industry",
    "services",
    "service",
    "enterprise",
    "enterprises",
    "global",
    "general",
    "limited",
    "partners",
    "partnership",
    "investment",
    "investments",
    "capital",
    "finance",
    "financial",
    "management",
    "import",
    "export",
    "logistics",
    "shipping",
    "technology",
    "technologies",
    "tech",
    "systems",
    "solutions",
    "consulting",
    "engineering",
    "construction",
    "development",
    "energy",
    "oil",
    "gas",
    "petroleum",
    "resources",
    "mining",
    "metals",
    "chemical",
    "chemicals",
    "pharmaceutical",
    "electronics",
    "electronic",
    "trust",
    "fund",
    "foundation",
    "association",
    "society",
    "institute",
    "center",
    "centre",
    "research",
    "production",
    "products",
    "manufacturing",
    "factory",
    "plant",
    "works",
    "bureau",
    "design",
    "office",
    "agency",
    "ministry",
    "department",
    "office",
    "national",
    "state",
    "federal",
    "united",
    "union",
    "alliance",
    "world",
    "worldwide",
    "marine",
    "maritime",
    "air",
    "airlines",
    "aviation",
    "transport",
    "commercial",
    "commerce",
    "co",
    "inc",
    "ltd",
    "llc",
    "sa",
    "gmbh",
    "establishment",
    "organization",
    "organisation",
    "zavod",
    "kompaniya",
    "gruppa",
    "obyedinenie",
    "obedinenie",
    "nauchno",
    "proizvodstvennoe",
    "predpriyatie",
    "kontsern",
    "concern",
    "firm",
    "branch",
    "representative",
    "store",
    "shop",
    "market",
    "house",
    "studio",
    "media",
    "network",
    "networks",
    "software",
    "lab",
    "labs",
    "laboratory",
    "medical",
    "health",
    "food",
    "foods",
    "supply",
    "supplies",
    "equipment",
    "machinery",
    "auto",
    "motors",
    "new",
    "first",
    "east",
    "west",
    "north",
    "south",
    "middle",
    "asia",
    "europe",
    "euro",
    "america",
    "american",
    "china",
    "chinese",
    "russian",
    "russia",
    "iran",
    "iranian",
    "korea",
    "korean",
    "hong",
    "kong",
    "dubai",
    "emirates",
    "uae",
    "sh",
    "sdn",
];

/// Tokens are compared on their skeletons, so the dictionaries are too.
struct Dictionaries {
    legal: Vec<(Vec<String>, LegalForm)>,
    /// Forms spelled in single letters ("S.A.", "A.S.") follow the name; in front they would
    /// eat a person's initials ("A. S. Bespalov").
    spelled: Vec<bool>,
    /// Positions in `legal` of the phrases whose first word begins with each byte.
    by_first: Vec<Vec<u16>>,
    /// The same for the phrases' last word.
    by_last: Vec<Vec<u16>>,
    stop: FxHashSet<String>,
    generic: FxHashSet<String>,
}

fn dictionaries() -> &'static Dictionaries {
    static D: OnceLock<Dictionaries> = OnceLock::new();
    D.get_or_init(|| {
        let mut legal: Vec<(Vec<String>, LegalForm)> = Vec::new();
        for (family, forms) in LEGAL_FORMS {
            for f in *forms {
                let words: Vec<String> = normalize::words(f).into_iter().map(|w| w.text).collect();
                legal.push((
                    words.iter().map(|w| skeleton(w)).collect(),
                    LegalForm { family },
                ));
                // Short forms are also written letter by letter: "S.A. de C.V.", "O.O.O.".
                // Two-letter forms are listed spelled out where they are (S.A., A.S.): spelled
                // automatically they would eat people's initials ("A. G." is not AG).
                if words.iter().any(|w| (3..=4).contains(&w.len())) {
                    let spelled: Vec<String> = words
                        .iter()
                        .flat_map(|w| {
                            if (3..=4).contains(&w.len()) {
                                w.chars().map(|c| skeleton(&c.to_string())).collect()
                            } else {
                                vec![skeleton(w)]
                            }
                        })
                        .collect();
                    legal.push((spelled, LegalForm { family }));
                }
            }
        }
        // Longest phrases first, so "joint stock company" wins over "company".
        legal.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        legal.dedup_by(|a, b| a.0 == b.0);
        let set = |words: &[&str]| words.iter().map(|w| skeleton(w)).collect();
        let spelled = legal
            .iter()
            .map(|(p, _)| p.iter().all(|w| w.len() == 1))
            .collect();
        let mut by_first = vec![Vec::new(); 256];
        let mut by_last = vec![Vec::new(); 256];
        for (i, (p, _)) in legal.iter().enumerate() {
            let first = |w: Option<&String>| w.and_then(|w| w.as_bytes().first()).copied();
            if let Some(b) = first(p.first()) {
                by_first[usize::from(b)].push(i as u16);
            }
            if let Some(b) = first(p.last()) {
                by_last[usize::from(b)].push(i as u16);
            }
        }
        Dictionaries {
            legal,
            spelled,
            by_first,
            by_last,
            stop: set(STOP_WORDS),
            generic: set(GENERIC_WORDS),
        }
    })
}

/// Grammatical gender of a Slavic surname form, where its ending shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// -ov, -ev, -in, -sky.
    Male,
    /// -ova, -eva, -ina, -skaya.
    Female,
}

/// One word of a parsed name.
#[derive(Debug, Clone)]
pub struct Token {
    /// Romanised lower-case text.
    pub text: String,
    /// Phonetic skeleton of `text`.
    pub skel: String,
    /// Script it was written in.
    pub script: Script,
    /// A single letter: may stand for any word starting so.
    pub initial: bool,
    /// Looks like a Russian patronymic (-ovich, -evna, ...) in a patronymic position.
    pub patronymic: bool,
    /// Gender of a Slavic surname form, from its ending.
    pub gender: Option<Gender>,
    /// A generic organisation word ("group", "trading").
    pub generic: bool,
    /// The word is (part of) a legal form of this family, kept in a person's parse.
    pub form: Option<&'static str>,
    /// The word comes before the comma of "SURNAME, Given": a surname, which a match cannot
    /// leave out cheaply.
    pub surname: bool,
    /// Weight in [0.2, 1]: rarer words in the lists weigh more (set by the index).
    pub weight: f32,
    /// The word (its skeleton) is a word of some list name (set by the index).
    pub listed: bool,
    /// Letters present in `skel`, one bit each, for a quick lower bound on edit distance.
    pub letters: u64,
    /// A hash of `skel`, so that most unequal words are told apart without comparing them.
    pub skel_hash: u64,
}

/// A parsed name.
#[derive(Debug, Clone)]
pub struct Name {
    /// The words that identify the party, in order.
    pub tokens: Vec<Token>,
    /// Legal forms found at the start or end (and set aside).
    pub legal_forms: Vec<LegalForm>,
    /// Skeleton of all words written together, for names split or joined differently.
    pub joined: String,
    /// The name had a comma after its first word(s): "SURNAME, Given Patronymic".
    pub comma: bool,
}

/// A bit per letter and digit present in `s`.
pub fn letter_mask(s: &str) -> u64 {
    s.bytes().fold(0u64, |m, b| {
        m | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << (26 + b - b'0'),
            _ => 1 << 63,
        }
    })
}

fn gender_of(text: &str) -> Option<Gender> {
    const FEMALE: [&str; 8] = ["ova", "eva", "yova", "ina", "aya", "aia", "aja", "ska"];
    const MALE: [&str; 8] = ["ov", "ev", "in", "sky", "skiy", "skii", "skij", "ski"];
    if text.len() < 5 {
        return None;
    }
    if FEMALE.iter().any(|e| text.ends_with(e)) {
        Some(Gender::Female)
    } else if MALE.iter().any(|e| text.ends_with(e)) {
        Some(Gender::Male)
    } else {
        None
    }
}

fn looks_patronymic(skel: &str) -> bool {
    skel.len() > 5
        && (skel.ends_with("vich")
            || skel.ends_with("vna")
            || skel.ends_with("ichna")
            || skel.ends_with("ogli")
            || skel.ends_with("oglu")
            || skel.ends_with("kizi"))
}

/// Most words kept of a name: real names have far fewer, and the cap bounds the cost of
/// comparing a pathological input.
pub const MAX_WORDS: usize = 32;

/// Parses a name (its first [`MAX_WORDS`] identifying words).
pub fn parse(raw: &str) -> Name {
    Words::of(raw).name(true, false)
}

/// Parses a person's name: words that look like legal forms are kept as words, marked with
/// their form ("Moussa Bah Ag" is a man, not a company).
pub fn parse_person(raw: &str) -> Name {
    Words::of(raw).name(false, false)
}

/// Parses a name both ways from one reading of it: as an organisation's (legal forms set
/// aside), and, where it has legal forms, as a person's (see [`parse_person`]).
pub fn parse_both(raw: &str) -> (Name, Option<Name>) {
    let mut w = Words::of(raw);
    let person = (!w.legal_forms.is_empty()).then(|| w.name(false, true));
    (w.name(true, false), person)
}

/// A name's words with their skeletons and where its legal forms are: what both readings of
/// it share.
struct Words {
    words: Vec<normalize::Word>,
    skels: Vec<String>,
    /// The words from `start` to `end` are the name proper; the others are legal forms.
    start: usize,
    end: usize,
    legal_forms: Vec<LegalForm>,
    /// How many words come before a comma, if there is one.
    before_comma: Option<usize>,
}

impl Words {
    fn of(raw: &str) -> Words {
        let comma = raw.find(',');
        let (words, before) = normalize::words_split(raw, comma.unwrap_or(raw.len()));
        let before_comma = comma.map(|_| before);
        let skels: Vec<String> = words.iter().map(|w| skeleton(&w.text)).collect();
        let (start, end, legal_forms) = strip_legal_forms(&skels, dictionaries());
        Words {
            words,
            skels,
            start,
            end,
            legal_forms,
            before_comma,
        }
    }

    /// The parsed name, with legal forms set aside (`strip`) or kept as words; the words are
    /// moved into it unless they are to be `kept` for another reading.
    fn name(&mut self, strip: bool, keep: bool) -> Name {
        let d = dictionaries();
        let (start, end) = (self.start, self.end);
        let (from, to) = if strip {
            (start, end)
        } else {
            (0, self.words.len())
        };
        let mut tokens = Vec::with_capacity(to - from);
        for i in from..to {
            let (w, skel) = (&mut self.words[i], &mut self.skels[i]);
            if d.stop.contains(skel.as_str()) && end - start > 1 {
                continue;
            }
            let form = if i < start {
                self.legal_forms.first().map(|f| f.family)
            } else if i >= end {
                self.legal_forms.last().map(|f| f.family)
            } else {
                None
            };
            tokens.push(Token {
                form,
                surname: self.before_comma.is_some_and(|b| i < b),
                initial: w.initial,
                patronymic: false,
                gender: gender_of(&w.text),
                generic: d.generic.contains(skel.as_str()),
                weight: 1.0,
                listed: false,
                letters: letter_mask(skel),
                skel_hash: skel.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                }),
                script: w.script,
                text: if keep {
                    w.text.clone()
                } else {
                    std::mem::take(&mut w.text)
                },
                skel: if keep {
                    skel.clone()
                } else {
                    std::mem::take(skel)
                },
            });
        }
        tokens.truncate(MAX_WORDS);
        let comma = self.before_comma.is_some();
        mark_patronymic(&mut tokens, comma);
        let mut letters = String::with_capacity(tokens.iter().map(|t| t.text.len()).sum());
        for t in &tokens {
            letters.push_str(&t.text);
        }
        let joined = skeleton(&letters);
        Name {
            tokens,
            legal_forms: self.legal_forms.clone(),
            joined,
            comma,
        }
    }
}

/// A patronymic follows the given name: never the first word, and only in names of three words
/// or more ("Roman Abramovich" is given name and surname). In "SURNAME, Given Patronymic" it is
/// the last; in "Given Patronymic Surname" the middle one, since surnames end in -vich too.
fn mark_patronymic(tokens: &mut [Token], surname_first: bool) {
    let n = tokens.len();
    if n < 3 {
        return;
    }
    let mut found = (1..n).filter(|&i| looks_patronymic(&tokens[i].skel));
    let pick = if surname_first {
        found.next_back()
    } else {
        found.next()
    };
    if let Some(i) = pick {
        tokens[i].patronymic = true;
        tokens[i].gender = None;
    }
}

/// Whether `words` spell the legal-form `phrase`. The long words of Russian forms
/// (obshchestvo, aktsionernoe, otvetstvennostyu) are written many ways (Obschtschestwo,
/// Akzionernoje): words of eight letters or more may be two edits apart, of six or seven one.
fn same_form(words: &[String], phrase: &[String]) -> bool {
    words.iter().zip(phrase).all(|(w, p)| {
        // Spellings differ inside the word; the first letter settles most comparisons cheaply.
        w == p
            || w.as_bytes().first() == p.as_bytes().first()
                && match p.len() {
                    0..=5 => false,
                    6..=7 => crate::score::osa_within(w.as_bytes(), p.as_bytes(), 1).is_some(),
                    _ => crate::score::osa_within(w.as_bytes(), p.as_bytes(), 2).is_some(),
                }
    })
}

/// Sets aside legal forms at the start and end of the name, as long as a word is left.
fn strip_legal_forms(skels: &[String], d: &Dictionaries) -> (usize, usize, Vec<LegalForm>) {
    let (mut start, mut end) = (0, skels.len());
    let mut found = Vec::new();
    let first_byte = |s: &String| s.as_bytes().first().map_or(0, |&b| usize::from(b));
    'outer: while end > start {
        // Only phrases whose words begin like the name's first or last word can match (see
        // `same_form`); they are tried in the dictionary's order, longest first.
        let (mut a, mut b) = (
            d.by_first[first_byte(&skels[start])].iter().peekable(),
            d.by_last[first_byte(&skels[end - 1])].iter().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&&x), Some(&&y)) if x == y => {
                    a.next();
                    b.next()
                }
                (Some(&&x), Some(&&y)) => {
                    if x < y {
                        a.next()
                    } else {
                        b.next()
                    }
                }
                (Some(_), None) => a.next(),
                (None, _) => b.next(),
            };
            let Some(&p) = next else { break 'outer };
            let (phrase, form) = &d.legal[p as usize];
            let k = phrase.len();
            if end - start <= k {
                continue;
            }
            if !d.spelled[p as usize] && same_form(&skels[start..start + k], phrase) {
                start += k;
                found.push(*form);
                continue 'outer;
            }
            if same_form(&skels[end - k..end], phrase) {
                end -= k;
                found.push(*form);
                continue 'outer;
            }
        }
    }
    (start, end, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: &Name) -> Vec<&str> {
        n.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn legal_forms_set_aside() {
        let n = parse("Kaspersky Lab JSC");
        assert_eq!(texts(&n), ["kaspersky", "lab"]);
        assert_eq!(n.legal_forms[0].family, "JSC");
        let n = parse("АО Лаборатория Касперского");
        assert_eq!(texts(&n), ["laboratoriya", "kasperskogo"]);
        let n = parse("Obshchestvo s Ogranichennoi Otvetstvennostiu Romashka");
        assert_eq!(texts(&n), ["romashka"]);
        assert_eq!(n.legal_forms[0].family, "LLC");
        let n = parse("Akzionernoje Obschtschestwo Optron");
        assert_eq!(texts(&n), ["optron"]);
        let n = parse("Joint Stock Company Kaspersky Lab");
        assert_eq!(texts(&n), ["kaspersky", "lab"]);
        let n = parse("A K DIFUSION S.A. DE C.V.");
        assert_eq!(texts(&n), ["a", "k", "difusion"]);
        assert_eq!(texts(&parse("Romashka O.O.O.")), ["romashka"]);
        assert_eq!(texts(&parse("A. S. Bespalov")), ["a", "s", "bespalov"]);
        assert_eq!(texts(&parse("Maya S. de R.L. de C.V.")), ["maya"]);
        assert_eq!(texts(&parse("Alpen Bau e.K.")), ["alpen", "bau"]);
    }

    #[test]
    fn a_lone_legal_form_is_kept() {
        assert_eq!(texts(&parse("LLC")), ["llc"]);
    }

    #[test]
    fn patronymic_and_gender() {
        let n = parse("TIKHONOV, Andrei Gennadyevich");
        assert!(n.tokens[2].patronymic);
        assert_eq!(n.tokens[0].gender, Some(Gender::Male));
        let n = parse("Roman Abramovich");
        assert!(!n.tokens[1].patronymic);
        let n = parse("Anna Vladimirovna Kulashova");
        assert!(n.tokens[1].patronymic);
        assert_eq!(n.tokens[2].gender, Some(Gender::Female));
    }

    #[test]
    fn initials() {
        let n = parse("A. G. Tikhonov");
        assert!(n.tokens[0].initial && n.tokens[1].initial && !n.tokens[2].initial);
    }
}
