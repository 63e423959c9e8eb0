//! The candidate index: proposes, in time independent of the list size, every list name that
//! could score at or above a threshold against a query.
//!
//! Every distinct word skeleton of the lists (and every name's joined skeleton) is a *term*.
//! A query word finds the terms it may match:
//! - within its typo budget, through deletion neighbourhoods: two words within `k` edits
//!   (optimal string alignment) share a string obtained by deleting at most `k` letters from
//!   each, so each term is filed under the hashes of its deletion variants, and the query
//!   looks up its own;
//! - as an abbreviation either way, through the term's prefixes and the query's prefixes;
//! - as an initial, through the first letters of list-side initials.
//!
//! Terms lead to names through posting lists. Low-weight query words ("trading", "bank") can
//! be skipped when a bound shows that names matching only through them (and through initials,
//! which are never looked up) cannot reach the threshold; see [`Index::candidates`].

use crate::names::{Name, Token};
use crate::score::{
    self, typo_budget, INITIAL_WEIGHT, MIN_ABBREVIATION, MISSING_OTHER_NAME, MISSING_PATRONYMIC,
};
use std::collections::HashMap;

/// Namespaces of the hashed keys, so a prefix never collides with a deletion variant.
const NS_DELETION: u64 = 0x9e37_79b9_7f4a_7c15;
const NS_PREFIX: u64 = 0xc2b2_ae3d_27d4_eb4f;

fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash of `s` with the bytes at `skip` positions left out.
fn hash_without(ns: u64, s: &[u8], skip: (usize, usize)) -> u64 {
    let mut h = ns ^ 0xcbf2_9ce4_8422_2325;
    for (i, &b) in s.iter().enumerate() {
        if i != skip.0 && i != skip.1 {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(h)
}

/// Hashes of every string made by deleting at most `k` (≤ 2) bytes from `s`.
fn deletion_hashes(s: &[u8], k: usize, out: &mut Vec<u64>) {
    const NONE: usize = usize::MAX;
    out.push(hash_without(NS_DELETION, s, (NONE, NONE)));
    if k >= 1 {
        for i in 0..s.len() {
            out.push(hash_without(NS_DELETION, s, (i, NONE)));
            if k >= 2 {
                for j in i + 1..s.len() {
                    out.push(hash_without(NS_DELETION, s, (i, j)));
                }
            }
        }
    }
}

fn prefix_hash(s: &[u8]) -> u64 {
    hash_without(NS_PREFIX, s, (usize::MAX, usize::MAX))
}

/// A hash table from keys to term ids: sorted `(hash, term)` pairs with a directory on the
/// hash's top bits, compact and quick to build.
struct Table {
    entries: Vec<(u64, u32)>,
    dir: Vec<u32>,
    shift: u32,
}

impl Table {
    fn build(mut entries: Vec<(u64, u32)>) -> Table {
        entries.sort_unstable();
        entries.dedup();
        let bits = (usize::BITS - entries.len().max(1).leading_zeros()).clamp(1, 30);
        let shift = 64 - bits;
        let mut dir = vec![0u32; (1usize << bits) + 1];
        for &(h, _) in &entries {
            dir[(h >> shift) as usize + 1] += 1;
        }
        for i in 1..dir.len() {
            dir[i] += dir[i - 1];
        }
        Table {
            entries,
            dir,
            shift,
        }
    }

    fn get(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let b = (h >> self.shift) as usize;
        let (lo, hi) = (self.dir[b] as usize, self.dir[b + 1] as usize);
        self.entries[lo..hi]
            .iter()
            .filter(move |e| e.0 == h)
            .map(|e| e.1)
    }
}

/// One list name, parsed, with the entity it belongs to.
#[derive(Debug, Clone)]
pub struct IndexedName {
    /// Position of the entity in the screener's entity list.
    pub entity: u32,
    /// 0 for the primary name, `k` for the entity's `k`-th alias (1-based).
    pub alias: u32,
    /// The parsed name, with word weights set.
    pub name: Name,
}

/// The index over every name of every entity.
pub struct Index {
    names: Vec<IndexedName>,
    /// Term skeletons, by term id.
    terms: Vec<Box<str>>,
    /// Highest weight of a word with this skeleton (1 for joined names).
    term_weight: Vec<f32>,
    /// Names (ids into `names`) containing each term, sorted.
    postings: Vec<Vec<u32>>,
    /// Skeleton → term id, for exact look-ups.
    term_ids: HashMap<Box<str>, u32>,
    deletions: Table,
    prefixes: Table,
    /// Names with a one-letter word, by that letter.
    initials: HashMap<u8, Vec<u32>>,
    /// How many names contain each word skeleton, for weights.
    df: HashMap<Box<str>, u32>,
    n_names: usize,
}

/// A query word's matching terms, found before posting lists are read.
struct WordTerms {
    terms: Vec<u32>,
    initial_letters: Vec<u8>,
    max_weight: f32,
}

impl Index {
    /// Indexes `names` (already parsed; their word weights are set here).
    pub fn build(mut names: Vec<IndexedName>) -> Index {
        let mut df: HashMap<Box<str>, u32> = HashMap::new();
        for n in &names {
            let mut seen: Vec<&str> = n.name.tokens.iter().map(|t| t.skel.as_str()).collect();
            seen.sort_unstable();
            seen.dedup();
            for s in seen {
                *df.entry(s.into()).or_insert(0) += 1;
            }
        }
        let n_names = names.len();
        let weigh = |skel: &str| idf_weight(df.get(skel).copied().unwrap_or(0), n_names);
        for n in &mut names {
            for t in &mut n.name.tokens {
                t.weight = weigh(&t.skel);
            }
        }
        let mut term_ids: HashMap<Box<str>, u32> = HashMap::new();
        let mut terms: Vec<Box<str>> = Vec::new();
        let mut term_weight: Vec<f32> = Vec::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        let mut initials: HashMap<u8, Vec<u32>> = HashMap::new();
        let mut add = |skel: &str, w: f32, name: u32| {
            let id = *term_ids.entry(skel.into()).or_insert_with(|| {
                terms.push(skel.into());
                term_weight.push(0.0);
                postings.push(Vec::new());
                (terms.len() - 1) as u32
            });
            let i = id as usize;
            term_weight[i] = term_weight[i].max(w);
            if postings[i].last() != Some(&name) {
                postings[i].push(name);
            }
        };
        for (id, n) in names.iter().enumerate() {
            let id = id as u32;
            for t in &n.name.tokens {
                if t.initial {
                    for c in [t.text.as_bytes().first(), t.skel.as_bytes().first()]
                        .into_iter()
                        .flatten()
                    {
                        let list = initials.entry(*c).or_default();
                        if list.last() != Some(&id) {
                            list.push(id);
                        }
                    }
                } else {
                    add(&t.skel, t.weight, id);
                }
            }
            if n.name.tokens.len() > 1 && !n.name.joined.is_empty() {
                add(&n.name.joined, 1.0, id);
            }
        }
        let mut dels = Vec::new();
        let mut pres = Vec::new();
        let mut buf = Vec::new();
        for (id, t) in terms.iter().enumerate() {
            let b = t.as_bytes();
            buf.clear();
            deletion_hashes(b, typo_budget(b.len()), &mut buf);
            dels.extend(buf.iter().map(|&h| (h, id as u32)));
            for len in MIN_ABBREVIATION..b.len().saturating_sub(1) {
                pres.push((prefix_hash(&b[..len]), id as u32));
            }
        }
        Index {
            names,
            terms,
            term_weight,
            postings,
            term_ids,
            deletions: Table::build(dels),
            prefixes: Table::build(pres),
            initials,
            df,
            n_names,
        }
    }

    /// The indexed names.
    pub fn names(&self) -> &[IndexedName] {
        &self.names
    }

    /// Sets the weights of a query's words from the lists' word frequencies.
    pub fn weigh(&self, name: &mut Name) {
        for t in &mut name.tokens {
            t.weight = idf_weight(
                self.df.get(t.skel.as_str()).copied().unwrap_or(0),
                self.n_names,
            );
        }
    }

    /// The terms a query word may match, verified (not just hash hits).
    fn word_terms(&self, t: &Token, hashes: &mut Vec<u64>) -> WordTerms {
        let mut terms = Vec::new();
        let q = t.skel.as_bytes();
        hashes.clear();
        deletion_hashes(q, typo_budget(q.len()), hashes);
        for &h in hashes.iter() {
            for id in self.deletions.get(h) {
                let term = self.terms[id as usize].as_bytes();
                let budget = typo_budget(q.len().min(term.len()));
                if score::osa_within(q, term, budget).is_some() {
                    terms.push(id);
                }
            }
        }
        // Longer list words this one abbreviates, and shorter list words that abbreviate it.
        if q.len() >= MIN_ABBREVIATION {
            terms.extend(
                self.prefixes
                    .get(prefix_hash(q))
                    .filter(|&id| score::is_abbreviation(&t.skel, &self.terms[id as usize])),
            );
            for len in MIN_ABBREVIATION..q.len().saturating_sub(1) {
                if let Some(&id) = self.term_ids.get(&t.skel[..len]) {
                    terms.push(id);
                }
            }
        }
        terms.sort_unstable();
        terms.dedup();
        let mut max_weight = terms
            .iter()
            .map(|&id| self.term_weight[id as usize])
            .fold(0f32, f32::max);
        let mut initial_letters = Vec::new();
        for c in [t.text.as_bytes().first(), t.skel.as_bytes().first()]
            .into_iter()
            .flatten()
        {
            if self.initials.contains_key(c) && !initial_letters.contains(c) {
                initial_letters.push(*c);
                max_weight = max_weight.max(INITIAL_WEIGHT);
            }
        }
        WordTerms {
            terms,
            initial_letters,
            max_weight,
        }
    }

    /// Every name that could score at least `threshold` against `query`, in name-id order.
    ///
    /// Query words are looked up from the heaviest down. Words are skipped from the light end as
    /// long as `bound` stays below the threshold: for a name reached only through the skipped
    /// words `M` (and initials), the score is at most
    /// `Σ_M (w_q + w_max) / (Σ_M (w_q + w_max) + Σ_others w_q·f_min)`, since each pair adds at
    /// most `w_q + w_l` above and below the line, and the other query words go unmatched at a
    /// cost of at least `f_min` of their weight (see [`crate::score`]).
    pub fn candidates(&self, query: &Name, threshold: f64, out: &mut Vec<u32>) {
        out.clear();
        let mut hashes = Vec::new();
        let mut words: Vec<(usize, WordTerms)> = query
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.initial)
            .map(|(i, t)| (i, self.word_terms(t, &mut hashes)))
            .collect();
        let f_min = |t: &Token| {
            if t.patronymic {
                MISSING_PATRONYMIC
            } else {
                MISSING_OTHER_NAME
            }
        };
        // Initials are never looked up: they always count as possibly matched.
        let mut matched_mass: f32 = query
            .tokens
            .iter()
            .filter(|t| t.initial)
            .map(|t| score::weight(t) + 1.0)
            .sum();
        let mut unmatched_cost: f32 = words
            .iter()
            .map(|(i, _)| query.tokens[*i].weight * f_min(&query.tokens[*i]))
            .sum();
        // Lightest words first: skip them while the bound allows.
        words.sort_by(|a, b| {
            let pa = query.tokens[a.0].weight + a.1.max_weight;
            let pb = query.tokens[b.0].weight + b.1.max_weight;
            pa.total_cmp(&pb).then(a.0.cmp(&b.0))
        });
        let mut first_kept = words.len();
        for (k, (i, wt)) in words.iter().enumerate() {
            let t = &query.tokens[*i];
            let mass = matched_mass + t.weight + wt.max_weight;
            let cost = unmatched_cost - t.weight * f_min(t);
            let bound = f64::from(mass / (mass + cost.max(0.0)));
            // A margin for float rounding: skipping must never lose a name.
            if bound + 1e-6 < threshold {
                matched_mass = mass;
                unmatched_cost = cost;
            } else {
                first_kept = k;
                break;
            }
        }
        for (_, wt) in &words[first_kept..] {
            for &term in &wt.terms {
                out.extend_from_slice(&self.postings[term as usize]);
            }
            for c in &wt.initial_letters {
                out.extend_from_slice(&self.initials[c]);
            }
        }
        // Names written together or apart are found through the joined form.
        if query.tokens.len() > 1 && !query.joined.is_empty() {
            let joined = Token {
                text: String::new(),
                skel: query.joined.clone(),
                script: crate::normalize::Script::Latin,
                initial: false,
                patronymic: false,
                gender: None,
                generic: false,
                weight: 1.0,
                letters: 0,
            };
            for term in self.word_terms(&joined, &mut hashes).terms {
                out.extend_from_slice(&self.postings[term as usize]);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// A word's weight from how many of the `n` list names contain it: 1 for words in at most five
/// names, falling with the logarithm of frequency to 0.2 for the most common.
fn idf_weight(df: u32, n: usize) -> f32 {
    if df <= 5 || n <= 5 {
        return 1.0;
    }
    let n = n as f32;
    let r = (n / df as f32).ln() / (n / 5.0).ln();
    (0.2 + 0.8 * r).clamp(0.2, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_neighbourhoods_meet_within_budget() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        deletion_hashes(b"gazprom", 1, &mut a);
        deletion_hashes(b"gazprmo", 1, &mut b);
        assert!(a.iter().any(|h| b.contains(h)));
        a.clear();
        b.clear();
        deletion_hashes(b"kaspersky", 2, &mut a);
        deletion_hashes(b"kapserskj", 2, &mut b);
        assert!(a.iter().any(|h| b.contains(h)));
    }

    #[test]
    fn weights_fall_with_frequency() {
        assert_eq!(idf_weight(1, 10_000), 1.0);
        assert!(idf_weight(1_000, 10_000) < 0.6);
        assert!(idf_weight(10_000, 10_000) >= 0.2);
    }
}
