//! Scoring one parsed name against another, with an explanation.
//!
//! Words are paired up regardless of order, most similar pairs first; each pair has a similarity
//! (exact 1.0, same phonetic skeleton 0.97, initial 0.85, abbreviation 0.8, typos
//! 1 − 0.8·d/length within an edit budget of the skeletons or one edit of the romanised letters,
//! less when both names are one word (by what and where the typo is), other gender form of a
//! surname 0.4). The score is the weighted share of both names that the pairs
//! cover:
//!
//! `score = Σ sim·(w_q + w_l) / (Σ matched (w_q + w_l) + Σ unmatched w·f)`
//!
//! where `w` is a word's weight (rarer words in the lists weigh more) and `f` discounts what is
//! merely missing: 0.25 for a patronymic the other name lacks, 0.4 for a person's other names
//! when the other name is wholly matched, 1 otherwise. Names written together or apart ("Gazprom
//! Neft" / "Gazpromneft") are also compared as one word, if their numbers agree. A match on
//! generic words or initials alone ("Trading", "Bank", a legal form, "S. A.") is capped at 0.5.

use crate::names::{Name, Token, MAX_WORDS, SOLE_TRADER};
use crate::normalize::Script;
use serde::{Serialize, Serializer};
use std::fmt;

/// How two words were found to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The same letters.
    Exact,
    /// The same after romanising another script.
    Transliteration,
    /// A different romanisation of the same name (same phonetic skeleton).
    Spelling,
    /// Within the typo budget: this many edits.
    Typo(u8),
    /// An initial standing for the word.
    Initial,
    /// An abbreviation (a prefix of the word).
    Abbreviation,
    /// The other gender's form of a surname: a different person.
    GenderForm,
    /// The names written together or apart.
    Joined,
}

impl fmt::Display for How {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            How::Exact => f.write_str("exact"),
            How::Transliteration => f.write_str("transliteration"),
            How::Spelling => f.write_str("spelling variant"),
            How::Typo(1) => f.write_str("1 typo"),
            How::Typo(n) => write!(f, "{n} typos"),
            How::Initial => f.write_str("initial"),
            How::Abbreviation => f.write_str("abbreviation"),
            How::GenderForm => f.write_str("other gender form"),
            How::Joined => f.write_str("written together/apart"),
        }
    }
}

/// One matched pair of words.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The query's word (romanised).
    pub query: String,
    /// The list name's word (romanised).
    pub list: String,
    /// How they match.
    pub how: How,
    /// Their similarity in [0, 1].
    pub sim: f32,
}

/// Why a name scored what it did: matched pairs, unmatched words and legal forms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explanation {
    /// Matched words.
    pub pairs: Vec<Pair>,
    /// Query words with no counterpart, with the reason they cost little or much.
    pub query_only: Vec<(String, &'static str)>,
    /// List-name words with no counterpart.
    pub list_only: Vec<(String, &'static str)>,
    /// Legal forms set aside on each side (family labels).
    pub legal_forms: (Vec<&'static str>, Vec<&'static str>),
    /// The score was capped because only generic words matched.
    pub generic_only: bool,
    /// The score was capped because no two full words (other than gender forms) matched:
    /// initials alone do not make a hit.
    pub initials_only: bool,
    /// The matched name is an OFAC weak a.k.a. (scored a tenth less).
    pub weak_alias: bool,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        for p in &self.pairs {
            let sign = if p.how == How::Exact { "=" } else { "~" };
            parts.push(format!("{}{}{} ({})", p.query, sign, p.list, p.how));
        }
        for (w, why) in &self.query_only {
            parts.push(format!("{w} not in list name ({why})"));
        }
        for (w, why) in &self.list_only {
            parts.push(format!("{w} missing ({why})"));
        }
        let (q, l) = &self.legal_forms;
        if !q.is_empty() || !l.is_empty() {
            let show = |v: &Vec<&str>| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join("+")
                }
            };
            parts.push(format!("legal form {} vs {} (ignored)", show(q), show(l)));
        }
        if self.weak_alias {
            parts.push("weak a.k.a. (score x0.9)".into());
        }
        if self.generic_only {
            parts.push("only generic words match (capped)".into());
        }
        if self.initials_only {
            parts.push("only initials match (capped)".into());
        }
        f.write_str(&parts.join("; "))
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What the list entity is, which decides the rules that apply (initials and patronymics for
/// people, abbreviations for organisations, both when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A person.
    Person,
    /// An organisation, vessel or aircraft.
    Organization,
    /// The list does not say.
    Either,
}

impl Mode {
    fn person(self) -> bool {
        self != Mode::Organization
    }
    fn org(self) -> bool {
        self != Mode::Person
    }
}

/// Typos allowed in a word of `len` letters (of its skeleton).
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    }
}

/// Typos allowed between two names compared as one word: few, since long strings meet
/// within two edits too easily ("Bank Melli" / "Basij-e Melli").
pub const JOINED_BUDGET: usize = 1;

/// Similarity of an initial and a word it may stand for.
pub const INITIAL_SIM: f32 = 0.85;
/// Similarity of an abbreviation and the word it cuts.
pub const ABBREVIATION_SIM: f32 = 0.8;

/// Weight of an initial, whatever word it stands for: it tells little.
pub const INITIAL_WEIGHT: f32 = 0.5;
/// Cost factor of a patronymic the other name does not give.
pub const MISSING_PATRONYMIC: f32 = 0.25;
/// Cost factor of a person's further names (middle names) when the other name is wholly
/// matched by at least two words.
pub const MISSING_OTHER_NAME: f32 = 0.4;
/// What a company form on the query costs against a list name of unknown kind without one.
const UNKNOWN_KIND_FORM_FACTOR: f64 = 0.9;

/// Highest score of a match on generic words alone, or on initials alone.
pub const GENERIC_CAP: f64 = 0.5;

/// A candidate pair of words: similarity, contribution (similarity times both weights), the
/// query word's and the list word's positions, and how they match.
type Candidate = (f32, f32, u8, u8, How);

thread_local! {
    /// Scratch space for the candidate word pairs of one comparison.
    static PAIRS: std::cell::RefCell<Vec<Candidate>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one
/// substring) between two byte strings, or `None` if it exceeds `max`.
pub fn osa_within(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a == b {
        return Some(0);
    }
    // Three rows; on the stack for words (the common case), on the heap for long strings.
    const STACK: usize = 48;
    let n = b.len();
    let mut stack = [[0usize; STACK]; 3];
    let mut heap;
    let rows: &mut [[usize; STACK]] = &mut stack;
    let (prev2, prev, cur): (&mut [usize], &mut [usize], &mut [usize]) = if n < STACK {
        let [r0, r1, r2] = rows else { unreachable!() };
        (&mut r0[..=n], &mut r1[..=n], &mut r2[..=n])
    } else {
        heap = vec![0usize; 3 * (n + 1)];
        let (r0, rest) = heap.split_at_mut(n + 1);
        let (r1, r2) = rest.split_at_mut(n + 1);
        (r0, r1, r2)
    };
    let (mut prev2, mut prev, mut cur) = (prev2, prev, cur);
    for (j, v) in prev.iter_mut().enumerate() {
        *v = j;
    }
    // Only cells within `max` of the diagonal can be within `max`: each row is worked out
    // there alone, with the cells just outside it read as over the limit (`big`).
    let big = max.saturating_add(1);
    for i in 1..=a.len() {
        let (lo, hi) = (i.saturating_sub(max).max(1), i.saturating_add(max).min(n));
        cur[0] = i;
        if lo > 1 {
            cur[lo - 1] = big;
        }
        let mut row_min = i;
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < n {
            cur[hi + 1] = big;
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= max).then_some(d)
}

/// Similarity of two words, and how they match; `None` when they do not.
pub fn word_sim(q: &Token, l: &Token, mode: Mode) -> Option<(f32, How)> {
    let same_skel = q.skel_hash == l.skel_hash && q.skel == l.skel;
    if mode.person() {
        if let (Some(gq), Some(gl)) = (q.gender, l.gender) {
            let stem_match = same_skel
                || q.skel.strip_suffix('a') == Some(l.skel.as_str())
                || l.skel.strip_suffix('a') == Some(q.skel.as_str());
            if gq != gl && stem_match {
                return Some((0.4, How::GenderForm));
            }
        }
    }
    if same_skel && q.text == l.text {
        let how = if q.script == Script::Latin {
            How::Exact
        } else {
            How::Transliteration
        };
        return Some((1.0, how));
    }
    if same_skel {
        let how = if q.script == Script::Latin {
            How::Spelling
        } else {
            How::Transliteration
        };
        return Some((0.97, how));
    }
    // Letters of a legal form may be a person's initials too ("PANKOV N.V.", "ZDRILIUK S.A.");
    // initials alone never make a hit (see `score`).
    if mode.person() && (q.initial != l.initial) {
        let (i, w) = if q.initial { (q, l) } else { (l, q) };
        let first = |s: &str| s.chars().next();
        if first(&w.text) == first(&i.text) || first(&w.skel) == first(&i.skel) {
            return Some((INITIAL_SIM, How::Initial));
        }
        return None;
    }
    if q.initial || l.initial {
        return None;
    }
    if mode.org() && (is_abbreviation(&q.skel, &l.skel) || is_abbreviation(&l.skel, &q.skel)) {
        return Some((ABBREVIATION_SIM, How::Abbreviation));
    }
    let budget = word_budget(q.skel.len().min(l.skel.len()), mode);
    if budget > 0 && (q.letters ^ l.letters).count_ones() as usize <= 2 * budget {
        if let Some(d) = osa_within(q.skel.as_bytes(), l.skel.as_bytes(), budget) {
            let longest = q.skel.len().max(l.skel.len());
            return Some((typo_sim(d, longest), How::Typo(d as u8)));
        }
    }
    text_typo(&q.text, &l.text, mode).map(|longest| (typo_sim(1, longest), How::Typo(1)))
}

/// Typos allowed between two words, the shorter of `shortest` letters, under `mode`'s rules.
fn word_budget(shortest: usize, mode: Mode) -> usize {
    // Three-letter words are acronyms in organisation names, where one letter changes the party.
    if shortest <= 3 && !mode.person() {
        0
    } else {
        typo_budget(shortest)
    }
}

/// The skeleton rewrites letters by their neighbours (c before i or a, ts, kh, ks), so a typo
/// next to such letters ("Vcitor", "Logitsics", "Tkcah") may be two edits apart there while one
/// apart in the letters written: romanised words one edit apart (within their budget) are one
/// typo apart too. The longer word's length, when they are.
pub fn text_typo(q: &str, l: &str, mode: Mode) -> Option<usize> {
    if word_budget(q.len().min(l.len()), mode) == 0 {
        return None;
    }
    osa_within(q.as_bytes(), l.as_bytes(), 1)?;
    Some(q.len().max(l.len()))
}

/// Similarity of two words `edits` apart, the longer of `len` letters: each typo costs 0.8 of
/// its share of the word, so one typo weighs more in a short word than in a long one (between
/// one-word names, see [`lone_word_sim`]).
pub fn typo_sim(edits: usize, len: usize) -> f32 {
    1.0 - TYPO_COST * edits as f32 / len as f32
}

/// What a typo costs a word of a longer name, as a share of the word.
const TYPO_COST: f32 = 0.8;

/// What one typo costs a one-word name, as a share of the word, by what and where it is: a
/// typo is all that tells two one-word names apart. Two neighbouring letters swapped are a
/// slip of the fingers that seldom turns one real word into another, and cost least. The first
/// and last letters are seldom mistyped and tell short words apart ("Danesh" / "Ganesh",
/// "Eagles" / "Eagle"): any other typo there costs its full share. Inside, a letter dropped or
/// added costs as a slip; a letter replaced turns one word into another easily ("Linker" /
/// "Linter") and costs what it costs in a longer name.
const LONE_SLIP: f32 = 0.7;
/// See [`LONE_SLIP`].
const LONE_EDGE_TYPO: f32 = 1.0;
/// See [`LONE_SLIP`].
const LONE_REPLACED_LETTER: f32 = TYPO_COST;

/// Similarity of a query's one-word name `a` and a list's `b`, one edit apart (see
/// [`LONE_SLIP`]): the typo costs its share of the list word, since letters the query adds are
/// no evidence for it ("Marga" against "Mara").
pub fn lone_typo_sim(a: &str, b: &str) -> f32 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // One edit between words of one length: a letter replaced, or two swapped.
    let replaced = a.len() == b.len() && a.iter().zip(b).filter(|(x, y)| x != y).count() == 1;
    let swapped = a.len() == b.len() && !replaced;
    let cost = if swapped {
        LONE_SLIP
    } else if a.first() != b.first() || a.last() != b.last() {
        LONE_EDGE_TYPO
    } else if replaced {
        LONE_REPLACED_LETTER
    } else {
        LONE_SLIP
    };
    1.0 - cost / b.len() as f32
}

/// Similarity of the words of two one-word names `edits` apart (see [`score`]): each typo costs
/// its full share of the word, unless the query word is not a word of the lists and is one
/// edit from the list word in its letters or its skeleton (see [`lone_typo_sim`]). A word the
/// lists use is a name in its own right, not a misspelling of its neighbour ("Maya" / "Maria").
pub fn lone_word_sim(q: &Token, l: &Token, edits: u8) -> f32 {
    if !q.listed {
        for (a, b) in [(&q.text, &l.text), (&q.skel, &l.skel)] {
            if osa_within(a.as_bytes(), b.as_bytes(), 1) == Some(1) {
                return lone_typo_sim(a, b);
            }
        }
    }
    1.0 - f32::from(edits) / q.skel.len().max(l.skel.len()) as f32
}

/// Shortest skeleton that may stand as an abbreviation of a longer word.
pub const MIN_ABBREVIATION: usize = 3;

/// Whether `short` abbreviates `long` by cutting it ("lab" for "laboratoriya", "corp" for
/// "corporation"): a prefix of at least three letters, at least two shorter.
pub fn is_abbreviation(short: &str, long: &str) -> bool {
    short.len() >= MIN_ABBREVIATION && long.len() >= short.len() + 2 && long.starts_with(short)
}

/// A word's weight in the score (initials tell little, whatever they stand for).
pub fn weight(t: &Token) -> f32 {
    if t.initial {
        INITIAL_WEIGHT
    } else {
        t.weight
    }
}

/// What an unmatched word costs the score's denominator, as a share of its weight, and why:
/// nothing for a legal form; little for a patronymic the other name does not give (it has no
/// unmatched patronymic: `other_patronymic` false) or, under `person_rules`, for a further name
/// when the other name is wholly matched by at least two full words (`other_all`); all of it
/// otherwise.
pub fn cost_factor(
    t: &Token,
    person_rules: bool,
    other_patronymic: bool,
    other_all: bool,
) -> (f32, &'static str) {
    if t.form.is_some() {
        (0.0, "legal form")
    } else if t.patronymic && !other_patronymic && person_rules {
        (MISSING_PATRONYMIC, "patronymic")
    } else if person_rules && other_all && !t.surname {
        (MISSING_OTHER_NAME, "other name")
    } else if t.generic {
        (1.0, "generic word")
    } else {
        (1.0, "unmatched")
    }
}

/// Scores `query` against a list name `list` of an entity of `mode`; with `explain`, also says
/// why (explaining costs allocations, so batch scoring asks only for the hits it keeps).
pub fn score(query: &Name, list: &Name, mode: Mode, explain: bool) -> (f64, Option<Explanation>) {
    let (qt, lt) = (&query.tokens, &list.tokens);
    if qt.is_empty() || lt.is_empty() {
        return (0.0, None);
    }
    // Candidate pairs, most similar first (the heavier first among equals): greedy assignment
    // is optimal enough for names of a few words, as long as a common word's exact match is not
    // given up for a typo on a rare one ("Mizban K. Hadi": hadi=hadi, k~khadr).
    let mut cands = PAIRS.with(|p| std::mem::take(&mut *p.borrow_mut()));
    cands.clear();
    // One word against one word: a typo is all there is to tell two names apart, so it
    // costs more than in longer names.
    let single = qt.len() == 1 && lt.len() == 1;
    for (i, q) in qt.iter().enumerate() {
        for (j, l) in lt.iter().enumerate() {
            if let Some((mut sim, how)) = word_sim(q, l, mode) {
                if let (true, How::Typo(d)) = (single, how) {
                    sim = lone_word_sim(q, l, d);
                }
                cands.push((sim, sim * (weight(q) + weight(l)), i as u8, j as u8, how));
            }
        }
    }
    cands.sort_unstable_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut q_used = [false; MAX_WORDS];
    let mut l_used = [false; MAX_WORDS];
    let (q_used, l_used) = (&mut q_used[..qt.len()], &mut l_used[..lt.len()]);
    let mut num = 0f32;
    let mut den = 0f32;
    let mut specific = false;
    let mut word_pair = false;
    let mut full_words = 0;
    let mut pairs = Vec::new();
    for &(_, contrib, i, j, how) in &cands {
        let (i, j) = (usize::from(i), usize::from(j));
        if q_used[i] || l_used[j] {
            continue;
        }
        q_used[i] = true;
        l_used[j] = true;
        num += contrib;
        den += weight(&qt[i]) + weight(&lt[j]);
        // Two letters that agree are two initials: they say as little as an initial does.
        let words = !qt[i].initial && !lt[j].initial;
        word_pair |= words;
        if words
            && how != How::Initial
            && how != How::GenderForm
            && !qt[i].generic
            && !lt[j].generic
        {
            specific = true;
        }
        if how != How::Initial {
            full_words += 1;
        }
        if explain {
            let sim = contrib / (weight(&qt[i]) + weight(&lt[j]));
            pairs.push((
                i,
                Pair {
                    query: qt[i].text.clone(),
                    list: lt[j].text.clone(),
                    how,
                    sim,
                },
            ));
        }
    }
    PAIRS.with(|p| *p.borrow_mut() = cands);
    let (q_used, l_used) = (&*q_used, &*l_used);
    let unmatched_patr =
        |toks: &[Token], used: &[bool]| toks.iter().zip(used).any(|(t, &u)| !u && t.patronymic);
    let q_patr = unmatched_patr(qt, q_used);
    let l_patr = unmatched_patr(lt, l_used);
    // A name "wholly matched" by a single word is a bare surname, and initials say little: only
    // two full words matched excuse the other name's further words.
    let matched = full_words;
    let q_all = matched >= 2 && q_used.iter().all(|&u| u);
    let l_all = matched >= 2 && l_used.iter().all(|&u| u);
    let mut unmatched_specific = false;
    let mut cost = |toks: &[Token],
                    used: &[bool],
                    other_patr: bool,
                    other_all: bool,
                    out: &mut Vec<(String, &'static str)>| {
        let mut c = 0f32;
        for (t, &u) in toks.iter().zip(used) {
            if u || t.form.is_some() {
                continue;
            }
            let (f, why) = cost_factor(t, mode.person(), other_patr, other_all);
            if !t.generic {
                unmatched_specific = true;
            }
            c += weight(t) * f;
            if explain {
                out.push((t.text.clone(), why));
            }
        }
        c
    };
    let mut query_only = Vec::new();
    let mut list_only = Vec::new();
    den += cost(qt, q_used, l_patr, l_all, &mut query_only);
    den += cost(lt, l_used, q_patr, q_all, &mut list_only);
    let mut s = if den > 0.0 { f64::from(num / den) } else { 0.0 };
    let generic_only =
        !specific && (unmatched_specific || qt.len().min(lt.len()) < 2 || num == 0.0);
    // Initials alone ("S.A." against "Sergei Arbuzov") are never a match either.
    let initials_only = !word_pair;
    if generic_only || initials_only {
        s = s.min(GENERIC_CAP);
    }
    // A company form on a person, matching no word of the person's name: a company named like
    // a person is not that person (a sole trader's form, ИП, is the person).
    let company_on_person = mode == Mode::Person
        && qt
            .iter()
            .zip(q_used)
            .any(|(t, &u)| !u && t.form.is_some_and(|f| f != SOLE_TRADER));
    if company_on_person {
        s = s.min(GENERIC_CAP);
    }
    // A company form against a list name of unknown kind without one: perhaps the company of
    // that name, perhaps a company named after the person listed; it costs a tenth.
    let kind_factor = if mode == Mode::Either
        && list.legal_forms.is_empty()
        && query.legal_forms.iter().any(|f| f.family != SOLE_TRADER)
    {
        UNKNOWN_KIND_FORM_FACTOR
    } else {
        1.0
    };
    s *= kind_factor;
    let mut best = (s, None);
    if qt.len() != lt.len() && !company_on_person {
        if let Some(j) = joined_sim(query, list).map(|j| j * kind_factor) {
            if j > best.0 {
                best = (j, None);
                if explain {
                    let pair = Pair {
                        query: query
                            .tokens
                            .iter()
                            .map(|t| t.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                        list: list
                            .tokens
                            .iter()
                            .map(|t| t.text.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                        how: How::Joined,
                        sim: j as f32,
                    };
                    return (
                        j,
                        Some(Explanation {
                            pairs: vec![pair],
                            legal_forms: legal(query, list),
                            ..Default::default()
                        }),
                    );
                }
                return best;
            }
        }
    }
    if explain {
        pairs.sort_by_key(|(i, _)| *i);
        best.1 = Some(Explanation {
            pairs: pairs.into_iter().map(|(_, p)| p).collect(),
            query_only,
            list_only,
            legal_forms: legal(query, list),
            generic_only,
            initials_only,
            weak_alias: false,
        });
    }
    best
}

fn legal(query: &Name, list: &Name) -> (Vec<&'static str>, Vec<&'static str>) {
    let f = |n: &Name| n.legal_forms.iter().map(|l| l.family).collect();
    (f(query), f(list))
}

/// Shortest joined form compared: shorter names written together say too little.
pub const MIN_JOINED: usize = 6;

/// Similarity of the two names written as one word, for names split or joined differently.
fn joined_sim(query: &Name, list: &Name) -> Option<f64> {
    let (a, b) = (query.joined.as_bytes(), list.joined.as_bytes());
    // Numbers tell apart what the letters do not (the vessels "Tian Yu 7" and "Tian Yu 8").
    let digits = |s: &[u8]| {
        s.iter()
            .filter(|c| c.is_ascii_digit())
            .copied()
            .collect::<Vec<_>>()
    };
    if a.len().min(b.len()) < MIN_JOINED || digits(a) != digits(b) {
        return None;
    }
    let d = osa_within(a, b, typo_budget(a.len().min(b.len())).min(JOINED_BUDGET))?;
    Some(0.98 * (1.0 - 0.5 * d as f64 / a.len().max(b.len()) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::parse;

    fn s(q: &str, l: &str, mode: Mode) -> f64 {
        score(&parse(q), &parse(l), mode, false).0
    }

    #[test]
    fn person_variants() {
        let l = "TIKHONOV, Andrei Gennadyevich";
        for q in [
            "Андрей Тихонов",
            "Andrey Tikhonov",
            "Andrej Tichonow",
            "A. G. Tikhonov",
            "TIKHONOV, Andrei Gennadyevich",
            "Андрей Геннадьевич Тихонов",
            "ТИХОНОВ Андрей",
        ] {
            assert!(
                s(q, l, Mode::Person) >= 0.85,
                "{q}: {}",
                s(q, l, Mode::Person)
            );
        }
    }

    #[test]
    fn person_non_matches() {
        assert!(s("Sergei Ivanov", "IVANOV, Anton Mikhaylovich", Mode::Person) < 0.85);
        assert!(
            s(
                "Andrei Tikhonova",
                "TIKHONOV, Andrei Gennadyevich",
                Mode::Person
            ) < 0.85
        );
        assert!(
            s(
                "Andrei Petrovich Tikhonov",
                "TIKHONOV, Andrei Gennadyevich",
                Mode::Person
            ) < 0.85
        );
        assert!(s("Tikhonov", "TIKHONOV, Andrei Gennadyevich", Mode::Person) < 0.85);
    }

    #[test]
    fn organisations() {
        for q in [
            "Kaspersky Lab JSC",
            "Joint Stock Company Kaspersky Lab",
            "KASPERSKY LAB, AO",
            "АО Лаборатория Касперского",
        ] {
            assert!(
                s(q, "AO Kaspersky Lab", Mode::Organization) >= 0.85,
                "{q}: {}",
                s(q, "AO Kaspersky Lab", Mode::Organization)
            );
        }
        assert!(s("Gazpromneft", "Gazprom Neft", Mode::Organization) >= 0.85);
        assert!(s("EMMA LLC", "EMMA CORP TRADING", Mode::Organization) < 0.85);
        assert!(s("Corp", "ALPHA CORP", Mode::Organization) < 0.85);
        assert!(s("Alpha Trading LLC", "Beta Trading LLC", Mode::Organization) < 0.85);
        assert!(s("Bank Mellat", "Bank Melli", Mode::Organization) < 0.85);
    }

    #[test]
    fn initials_alone_make_no_hit() {
        let l = "ARBUZOV, Sergey G.";
        // Every word pairs, but only as initials.
        let person = |q: &str| {
            let p = crate::names::parse_person;
            score(&p(q), &p(l), Mode::Person, false).0
        };
        assert!(person("Gazenel S.A.") <= GENERIC_CAP);
        assert!(person("G. S. A.") <= GENERIC_CAP);
        assert!(person("S. G. Arbuzov") >= 0.85);
    }

    #[test]
    fn letters_of_a_legal_form_may_be_initials() {
        let p = crate::names::parse_person;
        let l = p("PANKOV, Nikolay Vasilyevich");
        assert!(score(&p("PANKOV N.V."), &l, Mode::Person, false).0 >= 0.85);
    }

    #[test]
    fn a_typo_next_to_rewritten_letters_is_one_typo() {
        // One edit in the letters written, two in the skeletons (c before i / before t).
        let (q, l) = (parse("Vcitor"), parse("Victor"));
        assert_eq!(
            word_sim(&q.tokens[0], &l.tokens[0], Mode::Person).map(|(_, how)| how),
            Some(How::Typo(1))
        );
        assert!(s("Vcitor Petrov", "Victor Petrov", Mode::Person) >= 0.85);
        assert!(s("Nordic Logitsics", "Nordic Logistics", Mode::Organization) >= 0.85);
        assert!(s("Pavel Tkcah", "TKACH, Pavel", Mode::Person) >= 0.85);
    }

    #[test]
    fn a_typo_in_a_one_word_name_costs_by_what_and_where_it_is() {
        // Letters swapped, dropped or doubled inside a word of five letters or more alert.
        for (q, l) in [
            ("Rosnfet", "Rosneft"),
            ("Slvaa", "Slava"),
            ("Slaa", "Slava"),
            ("Karrst", "Karst"),
            ("Ladoag", "Ladoga"),
        ] {
            assert!(s(q, l, Mode::Organization) >= 0.85, "{q} / {l}");
        }
        // A letter replaced in five letters, a typo at either end, or letters added to a
        // short word do not.
        for (q, l) in [
            ("Slama", "Slava"),
            ("Danesh", "Ganesh"),
            ("Eagle", "Eagles"),
            ("Marga", "Mara"),
        ] {
            assert!(s(q, l, Mode::Organization) < 0.85, "{q} / {l}");
        }
        // Nor does a word of the lists' own: it is a name, not a misspelling.
        let (mut q, l) = (parse("Slaa"), parse("Slava"));
        q.tokens[0].listed = true;
        assert!(score(&q, &l, Mode::Organization, false).0 < 0.85);
    }

    #[test]
    fn short_typos_count() {
        assert!(s("Jon Smith", "John Smith", Mode::Person) >= 0.85);
    }

    proptest::proptest! {
        /// strsim is the oracle for the hand-written distance (which stops early, works out
        /// only the cells near the diagonal and keeps its rows on the stack).
        #[test]
        fn osa_agrees_with_strsim(a in "[a-e]{0,12}", b in "[a-e]{0,12}", max in 0usize..4) {
            let d = strsim::osa_distance(&a, &b);
            let ours = osa_within(a.as_bytes(), b.as_bytes(), max);
            proptest::prop_assert_eq!(ours, (d <= max).then_some(d));
        }

        #[test]
        fn osa_agrees_with_strsim_on_long_strings(a in "[a-c]{40,70}", b in "[a-c]{40,70}") {
            let d = strsim::osa_distance(&a, &b);
            proptest::prop_assert_eq!(osa_within(a.as_bytes(), b.as_bytes(), 100), Some(d));
        }

        /// A few edits apart, on both sides of the 48 bytes kept on the stack.
        #[test]
        fn osa_agrees_with_strsim_near_the_limit(
            a in "[a-d]{1,60}",
            edits in proptest::collection::vec((0usize..64, 0usize..4, "[a-d]"), 0..4),
            max in 0usize..4,
        ) {
            let mut b = a.clone().into_bytes();
            for (at, kind, c) in edits {
                let at = at % (b.len() + 1);
                match kind {
                    0 => b.insert(at, c.as_bytes()[0]),
                    1 if at < b.len() => { b.remove(at); }
                    2 if at < b.len() => b[at] = c.as_bytes()[0],
                    _ if at + 1 < b.len() => b.swap(at, at + 1),
                    _ => {}
                }
            }
            let b = String::from_utf8(b).unwrap();
            let d = strsim::osa_distance(&a, &b);
            let ours = osa_within(a.as_bytes(), b.as_bytes(), max);
            proptest::prop_assert_eq!(ours, (d <= max).then_some(d));
        }
    }

    #[test]
    fn osa_matches_definition() {
        assert_eq!(osa_within(b"gazprom", b"gazprmo", 2), Some(1));
        assert_eq!(osa_within(b"abc", b"xyz", 2), None);
        assert_eq!(osa_within(b"", b"ab", 2), Some(2));
    }
}
