//! The candidate index: proposes, in time independent of the list size, every list name that
//! could score at or above a threshold against a query.
//!
//! Every distinct word skeleton of the lists is a *term*, and so is every name's joined
//! skeleton (its words written together). A query word finds the terms it may match:
//! - within its typo budget, through deletion neighbourhoods: two words within `k` edits
//!   (optimal string alignment) share a string obtained by deleting at most `k` letters from
//!   each, so each term is filed under the hashes of its deletion variants, and the query
//!   looks up its own; the romanised letters of list words are filed the same way, one
//!   deletion deep, for a typo that is one edit there but two in the skeletons;
//! - as an abbreviation either way, through the term's prefixes and the query's prefixes;
//! - as a word that a list initial stands for, and, for a query initial, as the initial of a
//!   list word, through first letters.
//!
//! The query's joined skeleton finds names written together or apart. Terms lead to names
//! through posting lists. Routes to many names ("trading", a common first letter) are skipped
//! when a bound shows that names matching only through them cannot reach the threshold; see
//! [`Index::candidates`].

use crate::names::{Name, Token};
use crate::score::{self, typo_budget, INITIAL_WEIGHT, JOINED_BUDGET, MIN_ABBREVIATION};
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::hash::BuildHasher;
use std::sync::Mutex;

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

/// Base of the polynomial hash: deleting a byte from a polynomial hash is O(1) given the
/// prefix hashes and powers, which keeps deletion neighbourhoods cheap to hash.
const BASE: u64 = 0x0000_0100_0000_01b3;

/// Hashes of every string made by deleting at most `k` (≤ 2) bytes from `s`, in namespace `ns`.
fn deletion_hashes(ns: u64, s: &[u8], k: usize, out: &mut Vec<u64>) {
    // The prefix hashes and powers of most words fit on the stack: allocating them was about
    // 3% of a query's instructions.
    const ON_STACK: usize = 64;
    let n = s.len();
    if n < ON_STACK {
        let (mut pre, mut pow) = ([0u64; ON_STACK], [0u64; ON_STACK]);
        deletion_hashes_with(ns, s, k, &mut pre[..=n], &mut pow[..=n], out);
    } else {
        let (mut pre, mut pow) = (vec![0u64; n + 1], vec![0u64; n + 1]);
        deletion_hashes_with(ns, s, k, &mut pre, &mut pow, out);
    }
}

/// [`deletion_hashes`], with room for `s`'s prefix hashes and powers (`s.len() + 1` each).
fn deletion_hashes_with(
    ns: u64,
    s: &[u8],
    k: usize,
    pre: &mut [u64],
    pow: &mut [u64],
    out: &mut Vec<u64>,
) {
    let n = s.len();
    // One variant with nothing deleted, n with one byte, n(n-1)/2 with two.
    out.reserve(match k {
        0 => 1,
        1 => 1 + n,
        _ => 1 + n + n * n.saturating_sub(1) / 2,
    });
    // pre[i] = hash of s[..i]; pow[i] = BASE^i.
    (pre[0], pow[0]) = (0, 1);
    for (i, &b) in s.iter().enumerate() {
        pre[i + 1] = pre[i].wrapping_mul(BASE).wrapping_add(u64::from(b) + 1);
        pow[i + 1] = pow[i].wrapping_mul(BASE);
    }
    let (pre, pow) = (&*pre, &*pow);
    // Hash of s[a..b].
    let part = |a: usize, b: usize| pre[b].wrapping_sub(pre[a].wrapping_mul(pow[b - a]));
    let finish = |h: u64, len: usize| mix(h ^ ns ^ ((len as u64) << 56));
    out.push(finish(pre[n], n));
    if k >= 1 {
        for i in 0..n {
            let left = pre[i];
            let h1 = left
                .wrapping_mul(pow[n - i - 1])
                .wrapping_add(part(i + 1, n));
            out.push(finish(h1, n - 1));
            if k >= 2 {
                for j in i + 1..n {
                    let h = left
                        .wrapping_mul(pow[j - i - 1])
                        .wrapping_add(part(i + 1, j))
                        .wrapping_mul(pow[n - j - 1])
                        .wrapping_add(part(j + 1, n));
                    out.push(finish(h, n - 2));
                }
            }
        }
    }
}

/// `(hash, position)` for every deletion variant of each `(word, depth)`, each variant once per
/// word (a doubled letter gives the same one twice).
fn deletion_entries<'a, W>(words: W) -> impl ParallelIterator<Item = Entry> + 'a
where
    W: IndexedParallelIterator<Item = (&'a [u8], usize)> + 'a,
{
    words.enumerate().flat_map_iter(|(id, (w, depth))| {
        let mut buf = Vec::new();
        deletion_hashes(NS_DELETION, w, depth, &mut buf);
        buf.sort_unstable();
        buf.dedup();
        buf.into_iter().map(move |h| (h, id as u32))
    })
}

/// The ids that `table` files under a deletion variant of `q` (at most `depth` letters deleted)
/// and that `keep` verifies (hash look-ups may meet strings that are not within reach); only
/// variants that `filter` may hold are looked up, when there is one.
fn deletion_matches(
    table: &Table,
    filter: Option<&Filter>,
    q: &[u8],
    depth: usize,
    hashes: &mut Vec<u64>,
    mut keep: impl FnMut(u32) -> bool,
) -> Vec<u32> {
    hashes.clear();
    deletion_hashes(NS_DELETION, q, depth, hashes);
    let mut found = Vec::new();
    for &h in hashes.iter() {
        if filter.is_none_or(|f| f.may_hold(h)) {
            found.extend(table.get(h).filter(|&id| keep(id)));
        }
    }
    found
}

fn prefix_hash(s: &[u8]) -> u64 {
    let mut out = Vec::with_capacity(1);
    deletion_hashes(NS_PREFIX, s, 0, &mut out);
    out[0]
}

/// A hash table from keys to term ids: `(hash, term)` pairs grouped by the hash's top bits, with
/// a directory on those bits; compact and quick to build.
struct Table {
    /// The hashes filed, so that most look-ups of hashes not filed read no bucket.
    filter: Filter,
    entries: Vec<(u64, u32)>,
    dir: Vec<u32>,
    shift: u32,
}

/// Bits of a hash that [`Table::build`] deals entries out to groups by, and that one radix
/// pass within a group sorts by.
const GROUP_BITS: u32 = 7;
const RADIX_BITS: u32 = 7;

/// One table entry: a hash and the id filed under it.
type Entry = (u64, u32);

impl Table {
    /// The table of `entries`, which hold each `(hash, term)` pair once.
    fn build(entries: impl ParallelIterator<Item = Entry>) -> Table {
        // A look-up scans its bucket, so entries need only be grouped by bucket, keeping their
        // order within one (the same for any number of threads). As they are made, each
        // thread deals its share out to groups by the hash's top bits; each group is then
        // gathered in order and sorted on its own by the next bits (a radix sort, least
        // significant digit first, stable), in parallel, and fills its part of the directory.
        let groups = 1usize << GROUP_BITS;
        let pieces: Vec<Vec<Vec<Entry>>> = entries
            .fold(
                || vec![Vec::new(); groups],
                |mut piece, e| {
                    piece[(e.0 >> (64 - GROUP_BITS)) as usize].push(e);
                    piece
                },
            )
            .collect();
        let sizes: Vec<usize> = (0..groups)
            .map(|g| pieces.iter().map(|p| p[g].len()).sum())
            .collect();
        let n: usize = sizes.iter().sum();
        let bits = (usize::BITS - n.max(1).leading_zeros()).clamp(GROUP_BITS, 30);
        let shift = 64 - bits;
        let (low_bits, per_group) = (bits - GROUP_BITS, 1usize << (bits - GROUP_BITS));
        let mut entries = vec![(0u64, 0u32); n];
        let mut dir = vec![0u32; (1usize << bits) + 1];
        let mut parts = Vec::with_capacity(groups);
        let (mut rest, mut start) = (&mut entries[..], 0);
        for (g, dir_part) in dir[1..].chunks_mut(per_group).enumerate() {
            let (part, r) = std::mem::take(&mut rest).split_at_mut(sizes[g]);
            parts.push((g, part, dir_part, start));
            (rest, start) = (r, start + sizes[g]);
        }
        parts
            .into_par_iter()
            .for_each(|(g, part, dir_part, start)| {
                let mut at = 0;
                for p in &pieces {
                    part[at..at + p[g].len()].copy_from_slice(&p[g]);
                    at += p[g].len();
                }
                let mut scratch = vec![(0u64, 0u32); part.len()];
                let passes = low_bits.div_ceil(RADIX_BITS);
                for k in 0..passes {
                    let (low, width) = (
                        shift + k * RADIX_BITS,
                        (low_bits - k * RADIX_BITS).min(RADIX_BITS),
                    );
                    let key = |e: &Entry| digit(e.0, low, width);
                    if k % 2 == 0 {
                        counting_sort(part, &mut scratch, 1 << width, key);
                    } else {
                        counting_sort(&scratch, part, 1 << width, key);
                    }
                }
                if passes % 2 == 1 {
                    part.copy_from_slice(&scratch);
                }
                let starts = key_starts(part, per_group, |e| digit(e.0, shift, low_bits));
                for (d, s) in dir_part.iter_mut().zip(&starts[1..]) {
                    *d = (start + s) as u32;
                }
            });
        Table {
            filter: Filter::build(entries.iter().map(|e| e.0)),
            entries,
            dir,
            shift,
        }
    }

    fn get(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let b = (h >> self.shift) as usize;
        let (lo, hi) = if self.filter.may_hold(h) {
            (self.dir[b] as usize, self.dir[b + 1] as usize)
        } else {
            (0, 0)
        };
        self.entries[lo..hi]
            .iter()
            .filter(move |e| e.0 == h)
            .map(|e| e.1)
    }
}

/// Where each key's items start in `items` stably sorted by `key` (each below `keys`), and one
/// more at the end: the length.
fn key_starts<T>(items: &[T], keys: usize, key: impl Fn(&T) -> usize) -> Vec<usize> {
    let mut at = vec![0usize; keys + 1];
    for item in items {
        at[key(item) + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    at
}

/// Copies `from` into `to` stably sorted by `key` (each below `keys`: a counting sort), and
/// returns where each key starts (see [`key_starts`]).
fn counting_sort<T: Copy>(
    from: &[T],
    to: &mut [T],
    keys: usize,
    key: impl Fn(&T) -> usize,
) -> Vec<usize> {
    let starts = key_starts(from, keys, &key);
    let mut at = starts.clone();
    for &item in from {
        let k = key(&item);
        to[at[k]] = item;
        at[k] += 1;
    }
    starts
}

/// The `width` bits of hash `h` from bit `low`: one digit of a radix sort.
fn digit(h: u64, low: u32, width: u32) -> usize {
    ((h >> low) & ((1u64 << width) - 1)) as usize
}

/// Lists of names by term, in one array: term `t`'s are `names[at[t]..at[t + 1]]`.
struct Postings {
    at: Vec<u32>,
    names: Vec<u32>,
}

impl Postings {
    /// `(term, name)` pairs grouped by term, in their order within each term.
    fn group(terms: usize, pairs: &[(u32, u32)]) -> Postings {
        let mut sorted = vec![(0u32, 0u32); pairs.len()];
        let at = counting_sort(pairs, &mut sorted, terms, |p| p.0 as usize);
        Postings {
            at: at.into_iter().map(|a| a as u32).collect(),
            names: sorted.into_iter().map(|p| p.1).collect(),
        }
    }

    fn get(&self, term: u32) -> &[u32] {
        let t = term as usize;
        &self.names[self.at[t] as usize..self.at[t + 1] as usize]
    }
}

/// A set of hashes that never answers "not held" for a hash it holds, and answers "held" for a
/// few percent of the others (a Bloom filter, two bits in one 64-bit word per hash): it spares
/// look-ups in a [`Table`] far bigger than the caches, most of which would find nothing.
struct Filter {
    words: Vec<u64>,
    mask: u64,
}

impl Filter {
    /// A filter holding `hashes`, with 8 to 16 bits per hash.
    fn build(hashes: impl ExactSizeIterator<Item = u64>) -> Filter {
        let len = (hashes.len() / 8).max(1).next_power_of_two();
        let mut words = vec![0u64; len];
        let mask = len as u64 - 1;
        for h in hashes {
            words[Filter::word(h, mask)] |= Filter::bits(h);
        }
        Filter { words, mask }
    }

    fn word(h: u64, mask: u64) -> usize {
        ((h >> 32) & mask) as usize
    }

    /// The two bits of `h` in its word: the hashes are mixed, so their low bits are as good
    /// as any.
    fn bits(h: u64) -> u64 {
        1 << (h & 63) | 1 << ((h >> 6) & 63)
    }

    fn may_hold(&self, h: u64) -> bool {
        let bits = Filter::bits(h);
        self.words[Filter::word(h, self.mask)] & bits == bits
    }
}

/// One list name, parsed, with the entity it belongs to.
#[derive(Debug, Clone)]
pub struct IndexedName {
    /// Position of the entity in the screener's entity list.
    pub entity: u32,
    /// 0 for the primary name, `k` for the entity's `k`-th alias (1-based).
    pub alias: u32,
    /// The entity is a person (abbreviations never match people's names).
    pub person: bool,
    /// The entity is an organisation, vessel or aircraft (initials never match their names).
    pub org: bool,
    /// The name is one of OFAC's weak a.k.a.s.
    pub weak: bool,
    /// The parsed name, with word weights set.
    pub name: Name,
}

/// The index over every name of every entity.
pub struct Index {
    /// Routes of the query words seen so far.
    routes: RouteCache,
    names: Vec<IndexedName>,
    /// Each name's word terms, sorted, from its `terms_at`, to check a name against routes
    /// not followed (one flat vector: a name's terms are one memory access away).
    name_terms: Vec<u32>,
    /// What the bounds need to know of each name, by name id.
    facts: Vec<NameFacts>,
    /// Term skeletons, by term id.
    terms: Vec<Box<str>>,
    /// Highest weight of a word with this skeleton (1 for joined names).
    term_weight: Vec<f32>,
    /// Deletions filed for the term: its typo budget, at most 1 for joined names.
    term_depth: Vec<u8>,
    /// The term is a word of some name (not only a name's joined form).
    term_is_word: Vec<bool>,
    /// Names (ids into `names`) containing each term as a word, sorted, by side.
    postings: [Postings; 2],
    /// Names whose words written together make each term, sorted.
    joined_postings: Postings,
    /// The same as `postings`, for names of entities that are not people (abbreviations).
    org_postings: [Postings; 2],
    /// Skeleton → term id, for exact look-ups.
    term_ids: FxHashMap<Box<str>, u32>,
    deletions: Table,
    /// The deletion variants of the names' joined forms, as a filter on `deletions`: a query's
    /// joined form looks up only the variants of its own that a joined form may share.
    joined_variants: Filter,
    /// The romanised letters of the list words that may take a typo, with their term ids: a
    /// typo may be one edit there and two in the skeleton (see score::text_typo).
    texts: Vec<(Box<str>, u32)>,
    /// One-deletion neighbourhoods of `texts`, to ids into it.
    text_deletions: Table,
    prefixes: Table,
    /// Names with a one-letter word, by that letter.
    initials: Vec<Vec<u32>>,
    /// Names of people or of unknown kind with a full word starting with each letter.
    letters: Vec<Vec<u32>>,
    /// How many names contain each word skeleton, for weights.
    df: FxHashMap<Box<str>, u32>,
    n_names: usize,
}

/// Where a query word may find names: one posting list, with the most that a match through
/// it can add to a score (the query word's weight plus the list word's).
#[derive(Debug, Clone, Copy)]
struct Unit {
    potential: f32,
    word: usize,
    route: Route,
    /// How many names of each side the route leads to.
    lens: [u32; 2],
}

/// A route of a query word, as the route cache keeps it.
#[derive(Debug, Clone, Copy)]
struct WordRoute {
    route: Route,
    /// The best similarity of a pair through it.
    sim: f32,
    /// The list word's weight.
    list_weight: f32,
    /// How many names of each side it leads to.
    lens: [u32; 2],
}

/// The routes to follow to one side's names, and what those not followed could add.
struct Plan {
    /// Sorted by word, then route.
    followed: Vec<Unit>,
    /// The routes not followed with their potentials, by word then route.
    skipped: Vec<(Route, f32)>,
    /// By word: where its routes not followed are in `skipped`, and what they need of a name.
    skips: Vec<Skips>,
    /// By query word: the most a route not followed adds (0 when none was skipped).
    skipped_words: Vec<f32>,
    /// The words with a route not followed.
    skipped_mask: u32,
}

/// One query word's routes not followed: `skipped[start..end]` of its [`Plan`], those through
/// terms before `letters`; and the bits of what a name needs for any of them to reach it (its
/// terms, see [`term_bit`]; its initials; first letters of its full words), so that most
/// names are told apart without reading the routes.
#[derive(Debug, Clone, Copy, Default)]
struct Skips {
    start: usize,
    letters: usize,
    end: usize,
    terms: u64,
    initials: u64,
    partners: u64,
}

/// Names are indexed apart by how they are scored: with person rules (people and names of
/// unknown kind) or without (organisations, vessels, aircraft), so that each side's plan
/// bounds its names with its own rules: a further unmatched word costs an organisation's name
/// all its weight.
const PEOPLE: usize = 0;
const ORGS: usize = 1;

/// The side of a name scored under organisation rules (`org`) or not.
fn side_of(org: bool) -> usize {
    if org {
        ORGS
    } else {
        PEOPLE
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Route {
    /// A term within the typo budget: every name containing it.
    Typo(u32),
    /// A term that abbreviates the word or that it abbreviates: names of organisations.
    Abbreviation(u32),
    /// Names with a one-letter word that may be the word's initial.
    Initial(u8),
    /// For an initial: names of people with a word starting with this letter.
    Letter(u8),
}

impl Route {
    /// A pair through the route may count as matching a full word (not an initial standing
    /// for a word); between two full words, when the query word is not an initial.
    fn full(self) -> bool {
        matches!(self, Route::Typo(_) | Route::Abbreviation(_))
    }
}

impl Index {
    /// Indexes `names` (already parsed; their word weights are set here).
    pub fn build(mut names: Vec<IndexedName>) -> Index {
        let mut df: FxHashMap<Box<str>, u32> = FxHashMap::default();
        for n in &names {
            let mut seen: Vec<&str> = n.name.tokens.iter().map(|t| t.skel.as_str()).collect();
            seen.sort_unstable();
            seen.dedup();
            for s in seen {
                // Look up before inserting: most words are already there, and the key allocates.
                match df.get_mut(s) {
                    Some(c) => *c += 1,
                    None => {
                        df.insert(s.into(), 1);
                    }
                }
            }
        }
        let n_names = names.len();
        let weigh = |skel: &str| idf_weight(df.get(skel).copied().unwrap_or(0), n_names);
        names.par_iter_mut().for_each(|n| {
            for t in &mut n.name.tokens {
                t.weight = weigh(&t.skel);
                t.listed = true;
            }
        });
        let mut term_ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut terms: Vec<Box<str>> = Vec::new();
        let mut term_weight: Vec<f32> = Vec::new();
        let mut term_depth: Vec<u8> = Vec::new();
        let mut term_is_word: Vec<bool> = Vec::new();
        // (term, name) pairs, grouped by term once every term is known.
        let mut postings: [Vec<(u32, u32)>; 2] = Default::default();
        let mut org_postings: [Vec<(u32, u32)>; 2] = Default::default();
        let mut joined_postings: Vec<(u32, u32)> = Vec::new();
        // The last name filed under each term, by side, so that a name is filed once.
        let mut last_name: [Vec<u32>; 2] = Default::default();
        // By byte: a direct look-up, for every query initial.
        let mut initials: Vec<Vec<u32>> = vec![Vec::new(); 256];
        let mut letters: Vec<Vec<u32>> = vec![Vec::new(); 256];
        let mut add = |skel: &str, w: f32, depth: usize, word: bool, name: u32, n: &IndexedName| {
            let id = match term_ids.get(skel) {
                Some(&id) => id,
                None => {
                    let id = terms.len() as u32;
                    term_ids.insert(skel.into(), id);
                    terms.push(skel.into());
                    term_weight.push(0.0);
                    term_depth.push(0);
                    term_is_word.push(false);
                    for last in &mut last_name {
                        last.push(u32::MAX);
                    }
                    id
                }
            };
            let (i, side) = (id as usize, side_of(n.org));
            term_depth[i] = term_depth[i].max(depth as u8);
            if !word {
                joined_postings.push((id, name));
            } else if last_name[side][i] != name {
                last_name[side][i] = name;
                term_weight[i] = term_weight[i].max(w);
                term_is_word[i] = true;
                postings[side].push((id, name));
                if !n.person {
                    org_postings[side].push((id, name));
                }
            }
            id
        };
        // Each name's own, so worked out in parallel ahead of the loop below, which is serial.
        let least: Vec<[[f32; LEAST_WORDS]; 2]> = names.par_iter().map(least_costs).collect();
        let mut seen_texts: FxHashSet<&str> = FxHashSet::default();
        let mut texts: Vec<(Box<str>, u32)> = Vec::new();
        let mut name_terms: Vec<u32> = Vec::with_capacity(names.len() * 3);
        let mut facts: Vec<NameFacts> = Vec::with_capacity(names.len());
        for (id, n) in names.iter().enumerate() {
            let id = id as u32;
            let mut terms = Vec::new();
            let (mut name_letters, mut full_letters) = (0u64, 0u64);
            for t in &n.name.tokens {
                // Every word is a term (an initial pairs with a word of its skeleton, "I." with
                // "Ji"); initials and full words of people's names also stand for each other,
                // by first letter (see score::word_sim).
                let depth = typo_budget(t.skel.len());
                let term = add(&t.skel, score::weight(t), depth, true, id, n);
                terms.push(term);
                if !t.initial && typo_budget(t.text.len()) > 0 && seen_texts.insert(&t.text) {
                    texts.push((t.text.as_str().into(), term));
                }
                if n.org {
                    continue;
                }
                let firsts = [t.text.as_bytes().first(), t.skel.as_bytes().first()];
                for c in firsts.into_iter().flatten() {
                    let (bits, map) = if t.initial {
                        (&mut name_letters, &mut initials)
                    } else {
                        (&mut full_letters, &mut letters)
                    };
                    *bits |= initial_bit(*c);
                    let list = &mut map[usize::from(*c)];
                    if list.last() != Some(&id) {
                        list.push(id);
                    }
                }
            }
            terms.sort_unstable();
            terms.dedup();
            facts.push(NameFacts {
                initials: name_letters,
                partners: full_letters,
                least: least[id as usize],
                terms_at: name_terms.len() as u32,
                n_terms: terms.len() as u8,
                terms: terms.iter().fold(0, |m, &t| m | term_bit(t)),
                words: n.name.tokens.len() as u8,
                org: n.org,
                person: n.person,
            });
            name_terms.extend(terms);
            if !n.name.joined.is_empty() {
                let depth = typo_budget(n.name.joined.len()).min(JOINED_BUDGET);
                add(&n.name.joined, 0.0, depth, false, id, n);
            }
        }
        let n_terms = terms.len();
        let group = |pairs: [Vec<(u32, u32)>; 2]| pairs.map(|p| Postings::group(n_terms, &p));
        let ((postings, org_postings), joined_postings) = rayon::join(
            || rayon::join(|| group(postings), || group(org_postings)),
            || Postings::group(n_terms, &joined_postings),
        );
        // The three tables are independent, so they are built side by side (each radix pass
        // of a build runs on one thread).
        let deletions = || {
            Table::build(deletion_entries(
                terms
                    .par_iter()
                    .zip(&term_depth)
                    .map(|(t, &depth)| (t.as_bytes(), usize::from(depth))),
            ))
        };
        let text_deletions = || {
            Table::build(deletion_entries(
                texts.par_iter().map(|(t, _)| (t.as_bytes(), 1)),
            ))
        };
        let prefixes = || {
            Table::build(
                terms
                    .par_iter()
                    .zip(&term_is_word)
                    .enumerate()
                    .filter(|(_, (_, &word))| word)
                    .flat_map_iter(|(id, (t, _))| {
                        let b = t.as_bytes();
                        (MIN_ABBREVIATION..b.len().saturating_sub(1))
                            .map(move |len| (prefix_hash(&b[..len]), id as u32))
                    }),
            )
        };
        // A joined form within JOINED_BUDGET edits of a query's meets it in a variant with at
        // most that many letters deleted from each (a transposition too: "xy" and "yx" both
        // lose the "x"), so those variants of the joined forms are all the filter needs.
        let joined_variants = || {
            let mut variants = Vec::new();
            for id in (0..n_terms).filter(|&id| !joined_postings.get(id as u32).is_empty()) {
                let depth = usize::from(term_depth[id]).min(JOINED_BUDGET);
                deletion_hashes(NS_DELETION, terms[id].as_bytes(), depth, &mut variants);
            }
            Filter::build(variants.into_iter())
        };
        let ((deletions, joined_variants), (text_deletions, prefixes)) = rayon::join(
            || rayon::join(deletions, joined_variants),
            || rayon::join(text_deletions, prefixes),
        );
        Index {
            routes: RouteCache::new(),
            names,
            name_terms,
            facts,
            terms,
            term_weight,
            term_depth,
            term_is_word,
            postings,
            org_postings,
            joined_postings,
            term_ids,
            deletions,
            joined_variants,
            texts,
            text_deletions,
            prefixes,
            initials,
            letters,
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
            let df = self.df.get(t.skel.as_str()).copied().unwrap_or(0);
            t.weight = idf_weight(df, self.n_names);
            t.listed = df > 0;
        }
    }

    /// The routes by which query word `word` may match list names, verified (not just hash
    /// hits), appended to `units`.
    ///
    /// Vendor files repeat words endlessly ("Trading", "GmbH", common surnames), so the index
    /// keeps the routes of the words it has been asked about (they depend on the word alone),
    /// shared by all threads so that each word's are found once.
    fn word_units(&self, word: usize, t: &Token, hashes: &mut Vec<u64>, units: &mut Vec<Unit>) {
        KEY.with(|key| {
            // The key: full word or initial; the romanised word (the skeleton, and so every
            // route, follows from it).
            let key = &mut *key.borrow_mut();
            key.clear();
            key.push(if t.initial { 'i' } else { 'w' });
            key.push_str(&t.text);
            self.routes.with(
                key,
                || self.find_routes(t, hashes),
                |routes| {
                    // The most a pair through a route can add is its best similarity times both
                    // weights.
                    units.extend(routes.iter().map(|r| Unit {
                        potential: r.sim * (score::weight(t) + r.list_weight),
                        word,
                        route: r.route,
                        lens: r.lens,
                    }))
                },
            )
        });
    }

    /// A word's routes, each with its best similarity, the list word's weight and where it
    /// leads.
    fn find_routes(&self, t: &Token, hashes: &mut Vec<u64>) -> Vec<WordRoute> {
        let mut routes = self.find_word_routes(t, hashes);
        // In route order, so that a query's units come by word, then route (see
        // `Index::candidates`).
        routes.sort_unstable_by_key(|r| r.route);
        for r in &mut routes {
            r.lens = [PEOPLE, ORGS].map(|side| self.posting(r.route, side).len() as u32);
        }
        routes
    }

    /// The routes of [`Index::find_routes`], without where they lead.
    fn find_word_routes(&self, t: &Token, hashes: &mut Vec<u64>) -> Vec<WordRoute> {
        let mut units: Vec<WordRoute> = Vec::new();
        let unit = |route: Route, sim: f32, list_weight: f32| WordRoute {
            route,
            sim,
            list_weight,
            lens: [0; 2],
        };
        let firsts = [t.text.as_bytes().first(), t.skel.as_bytes().first()];
        let letters = firsts
            .into_iter()
            .enumerate()
            .filter(|&(k, c)| c.is_some() && !(k == 1 && firsts[0] == c))
            .filter_map(|(_, c)| c.copied());
        if t.initial {
            // The same skeleton (another initial, or "Ji" for "I."), or a word it stands for.
            for id in self.typo_terms(&t.skel, 0, None, hashes) {
                units.push(unit(Route::Typo(id), 1.0, self.term_weight[id as usize]));
            }
            for c in letters {
                if !self.letters[usize::from(c)].is_empty() {
                    units.push(unit(Route::Letter(c), score::INITIAL_SIM, 1.0));
                }
            }
            return units;
        }
        let mut typos: Vec<(u32, f32)> = Vec::new();
        for id in self.typo_terms(&t.skel, typo_budget(t.skel.len()), None, hashes) {
            if !self.term_is_word[id as usize] {
                continue;
            }
            let term = &self.terms[id as usize];
            let sim = if **term == *t.skel {
                1.0
            } else {
                typo_route_sim(t, &t.skel, term)
            };
            typos.push((id, sim));
        }
        for (id, text) in self.text_typo_terms(&t.text, hashes) {
            typos.push((id, typo_route_sim(t, &t.text, text)));
        }
        // A term reached both ways: its best similarity is what a pair through it may reach.
        typos.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        typos.dedup_by_key(|e| e.0);
        for (id, sim) in typos {
            units.push(unit(Route::Typo(id), sim, self.term_weight[id as usize]));
        }
        // Longer list words this one abbreviates, and shorter list words that abbreviate it.
        let q = t.skel.as_bytes();
        if q.len() >= MIN_ABBREVIATION {
            let start = units.len();
            for id in self.prefixes.get(prefix_hash(q)) {
                if score::is_abbreviation(&t.skel, &self.terms[id as usize]) {
                    let w = self.term_weight[id as usize];
                    units.push(unit(Route::Abbreviation(id), score::ABBREVIATION_SIM, w));
                }
            }
            for len in MIN_ABBREVIATION..q.len().saturating_sub(1) {
                if let Some(&id) = self.term_ids.get(&t.skel[..len]) {
                    if self.term_is_word[id as usize] {
                        let w = self.term_weight[id as usize];
                        units.push(unit(Route::Abbreviation(id), score::ABBREVIATION_SIM, w));
                    }
                }
            }
            // The typo routes before them are distinct already.
            units[start..].sort_unstable_by_key(|u| u.route);
            units.dedup_by_key(|u| u.route);
        }
        for c in letters {
            if !self.initials[usize::from(c)].is_empty() {
                units.push(unit(Route::Initial(c), score::INITIAL_SIM, INITIAL_WEIGHT));
            }
        }
        units
    }

    /// The most a query word can add to name `name` through the routes of `plan` it did not
    /// follow, `skips`: the best one whose term, initial or letter the name has; and whether
    /// a route pairing full words could add it.
    fn skipped_potential(&self, name: u32, plan: &Plan, skips: &Skips) -> Option<(f32, bool)> {
        let f = &self.facts[name as usize];
        let by_term = f.terms & skips.terms != 0;
        if !by_term && f.initials & skips.initials == 0 && f.partners & skips.partners == 0 {
            return None;
        }
        let mut best: Option<(f32, bool)> = None;
        let mut take = |p: f32, full: bool| {
            best = Some(best.map_or((p, full), |(b, f)| (b.max(p), f || full)));
        };
        if by_term {
            let routes = &plan.skipped[skips.start..skips.letters];
            let at = f.terms_at as usize;
            for &t in &self.name_terms[at..at + usize::from(f.n_terms)] {
                let mut find = |route: Route| {
                    if let Ok(k) = routes.binary_search_by_key(&route, |e| e.0) {
                        take(routes[k].1, true);
                    }
                };
                find(Route::Typo(t));
                if !f.person {
                    find(Route::Abbreviation(t));
                }
            }
        }
        for &(route, p) in &plan.skipped[skips.letters..skips.end] {
            let hit = match route {
                Route::Initial(c) => f.initials & initial_bit(c) != 0,
                Route::Letter(c) => f.partners & initial_bit(c) != 0,
                Route::Typo(_) | Route::Abbreviation(_) => false,
            };
            if hit {
                take(p, false);
            }
        }
        best
    }

    /// The least the words of name `name` that no query word pairs with cost, when at most
    /// `paired` of its words are paired (each query word pairs with one word at most) and the
    /// query may be wholly matched (`query_all`) or not.
    fn list_cost(&self, name: u32, paired: usize, query_all: bool) -> f32 {
        let f = &self.facts[name as usize];
        // Words past the cheapest few cost something too: leaving them out keeps it a bound.
        match usize::from(f.words).saturating_sub(paired).min(LEAST_WORDS) {
            0 => 0.0,
            j => f.least[usize::from(query_all)][j - 1],
        }
    }

    /// Whether name `name` may score at least `threshold`, when the query words may add at
    /// most `m` and those in `possible` may pair with its words (those in `full` as full
    /// words); the others cost it, and so do its own words left unpaired.
    fn name_may_pass(
        &self,
        name: u32,
        m: f32,
        possible: u32,
        full: u32,
        words: &BoundWords,
        threshold: f64,
    ) -> bool {
        let missed = words.all & !possible;
        // Further names cost little only against a name wholly matched by two full words;
        // the name's, only when the query is wholly matched (form words are not in the
        // organisation reading of the query, so they do not count).
        let all = full.count_ones() >= 2;
        let kind = 2 * usize::from(!self.facts[name as usize].org) + usize::from(all);
        let c: f32 = bits(missed).map(|i| words.costs[i][kind]).sum();
        let query_all = all && missed & !words.forms == 0;
        let c = c + self.list_cost(name, possible.count_ones() as usize, query_all);
        capped(f64::from(m / (m + c)), full & !words.initials != 0) + 1e-6 >= threshold
    }

    /// The names of `side` a route leads to (initials and first letters are indexed for
    /// names scored under person rules only).
    fn posting(&self, route: Route, side: usize) -> &[u32] {
        match route {
            Route::Typo(id) => self.postings[side].get(id),
            Route::Abbreviation(id) => self.org_postings[side].get(id),
            Route::Initial(c) if side == PEOPLE => &self.initials[usize::from(c)],
            Route::Letter(c) if side == PEOPLE => &self.letters[usize::from(c)],
            Route::Initial(_) | Route::Letter(_) => &[],
        }
    }

    /// Terms within `depth` edits of `skel` (and within both words' typo budgets), verified;
    /// with `filter`, only those found through variants it may hold.
    fn typo_terms(
        &self,
        skel: &str,
        depth: usize,
        filter: Option<&Filter>,
        hashes: &mut Vec<u64>,
    ) -> Vec<u32> {
        let q = skel.as_bytes();
        let mut terms = deletion_matches(&self.deletions, filter, q, depth, hashes, |id| {
            let term = self.terms[id as usize].as_bytes();
            let budget = typo_budget(q.len().min(term.len()))
                .min(usize::from(self.term_depth[id as usize]))
                .min(depth);
            score::osa_within(q, term, budget).is_some()
        });
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    /// Terms of the list words whose romanised letters are one edit from `text` (within both
    /// words' typo budgets), verified, with those letters (see score::text_typo).
    fn text_typo_terms(&self, text: &str, hashes: &mut Vec<u64>) -> Vec<(u32, &str)> {
        let q = text.as_bytes();
        if typo_budget(q.len()) == 0 {
            return Vec::new();
        }
        let found = deletion_matches(&self.text_deletions, None, q, 1, hashes, |id| {
            let b = self.texts[id as usize].0.as_bytes();
            typo_budget(q.len().min(b.len())) > 0 && score::osa_within(q, b, 1) == Some(1)
        });
        found
            .into_iter()
            .map(|id| {
                let (list, term) = &self.texts[id as usize];
                (*term, &**list)
            })
            .collect()
    }

    /// Which of `units` (sorted by potential, lightest first) to follow to the names of `side`
    /// (see [`Index::candidates`]): the plan that reads the fewest postings.
    fn plan(&self, units: &[Unit], side: usize, words: &BoundWords, threshold: f64) -> Plan {
        // Routes that lead to no name of the side add nothing to its names, followed or not.
        let mut kept: Vec<(Unit, usize)> = Vec::with_capacity(units.len());
        kept.extend(
            units
                .iter()
                .map(|&u| (u, u.lens[side] as usize))
                .filter(|&(_, len)| len > 0),
        );
        let units = kept;
        let n = words.costs.len();
        // The bound for names reached by no route followed: with s[i] the most word i can add
        // through routes not followed (0 when none was skipped: the word is unmatched and
        // costs, under the side's rules), and bit i of `full` whether one of those pairs full
        // words.
        let rules = if side == PEOPLE { 2 } else { 0 };
        // What the words cost when nothing of theirs is skipped, with the name wholly matched
        // or not; the sums are kept as words are set, so each step costs the same.
        let unset: [f32; 2] = [0, 1].map(|all| words.costs.iter().map(|c| c[rules + all]).sum());
        // One plan with `anchor`'s routes all followed (so that a name missed leaves it
        // unmatched, at a cost): the routes skipped, what each word's could add, and the names
        // read; given up when it reads `limit` names or more.
        let mut skip = vec![false; units.len()];
        let mut s = vec![0f32; n];
        let pass = |anchor: Option<usize>, limit: usize, skip: &mut [bool], s: &mut [f32]| {
            skip.fill(false);
            s.fill(0.0);
            let (mut m, mut c, mut full) = (0f32, unset, 0u32);
            let mut read = 0;
            for (k, &(u, len)) in units.iter().enumerate() {
                if Some(u.word) != anchor {
                    let w = u.word;
                    let p = s[w].max(u.potential).max(f32::MIN_POSITIVE);
                    let m2 = m - s[w] + p;
                    let c2 = if s[w] > 0.0 {
                        c
                    } else {
                        let cost = &words.costs[w];
                        [c[0] - cost[rules], c[1] - cost[rules + 1]]
                    };
                    let full2 = if u.route.full() {
                        full | word_bit(w)
                    } else {
                        full
                    };
                    let c_now = c2[usize::from(full2.count_ones() >= 2)].max(0.0);
                    let bound = capped(f64::from(m2 / (m2 + c_now)), full2 & !words.initials != 0);
                    // A margin for float rounding (of the bound, and of the sums kept as they
                    // change): skipping must never lose a name.
                    if bound + 1e-6 < threshold {
                        skip[k] = true;
                        (s[w], m, c, full) = (p, m2, c2, full2);
                        continue;
                    }
                }
                read += len;
                if read >= limit {
                    return None;
                }
            }
            Some(read)
        };
        // Try each word as the anchor, and keep the plan that reads the fewest postings: the
        // words whose routes read the least first, since a pass stops once it reads more than
        // the best so far. An anchor without routes on this side plans as no anchor does.
        let mut reads = vec![0usize; n];
        for &(u, len) in &units {
            reads[u.word] += len;
        }
        let mut anchors: Vec<usize> = (0..n).filter(|&i| reads[i] > 0).collect();
        anchors.sort_unstable_by_key(|&i| (reads[i], i));
        let mut best = (None, usize::MAX);
        for anchor in anchors.into_iter().map(Some).chain([None]) {
            match pass(anchor, best.1, &mut skip, &mut s) {
                Some(read) if read < best.1 => best = (anchor, read),
                _ => {}
            }
        }
        pass(best.0, usize::MAX, &mut skip, &mut s);
        let mut plan = Plan {
            followed: Vec::with_capacity(units.len()),
            skipped: Vec::new(),
            skips: vec![Skips::default(); n],
            skipped_mask: mask_where(s.iter().map(|&p| p > 0.0)),
            skipped_words: s,
        };
        let mut skipped: Vec<(usize, Route, f32)> = Vec::with_capacity(units.len());
        for (&(u, _), &sk) in units.iter().zip(&skip) {
            if sk {
                let w = &mut plan.skips[u.word];
                match u.route {
                    Route::Typo(t) | Route::Abbreviation(t) => w.terms |= term_bit(t),
                    Route::Initial(c) => w.initials |= initial_bit(c),
                    Route::Letter(c) => w.partners |= initial_bit(c),
                }
                skipped.push((u.word, u.route, u.potential));
            } else {
                plan.followed.push(u);
            }
        }
        plan.followed.sort_unstable_by_key(|u| (u.word, u.route));
        skipped.sort_unstable_by_key(|e| (e.0, e.1));
        plan.skipped = skipped.iter().map(|e| (e.1, e.2)).collect();
        // Routes through terms come first within a word (see Route's order).
        for (word, w) in plan.skips.iter_mut().enumerate() {
            w.start = skipped.partition_point(|e| e.0 < word);
            w.end = skipped.partition_point(|e| e.0 <= word);
            w.letters = w.start + plan.skipped[w.start..w.end].partition_point(|e| e.0.full());
        }
        plan
    }

    /// Every name that could score at least `threshold` against `query`, in name-id order.
    ///
    /// Each query word's routes to names (a term within its typo budget, an abbreviation, an
    /// initial, a first letter) carry a potential: the route's best similarity times the query
    /// word's weight plus the list word's, the most a pair through it can add above and below
    /// the score's line. Routes are skipped from the lightest up as long as a name reached
    /// through none of the followed routes provably scores below the threshold: with `s_i` the
    /// largest skipped potential of word `i`, such a name scores at most
    /// `Σ s_i / (Σ s_i + Σ_{s_i = 0} w_i·f_i)`, because the words with nothing skipped go
    /// unmatched at a cost of at least `f_i` of their weight (see [`crate::score`]), and the
    /// ratio only grows with what is matched; it is capped like the score when no two full
    /// words can pair. Each name reached is then bounded the same way with what is known of
    /// it: which words reached it, which skipped routes lead to it, and what its own words
    /// cost when at most so many of them can be paired.
    ///
    /// `person` is the query read as a person's name (legal-form words kept), where it differs
    /// from `org`, the query read as an organisation's: names are looked up through the words of
    /// both, and form words cost nothing when unmatched, since the other reading drops them.
    pub fn candidates(
        &self,
        org: &Name,
        person: Option<&Name>,
        threshold: f64,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        let query = bound_reading(org, person);
        let query = &*query;
        // Sized for most queries: growing them step by step cost more than the rest of a
        // small query's allocations.
        let mut hashes = Vec::with_capacity(256);
        let mut units = Vec::with_capacity(64);
        for (i, t) in query.tokens.iter().enumerate() {
            self.word_units(i, t, &mut hashes, &mut units);
        }
        let bound_words = BoundWords::new(&query.tokens);
        let units = by_potential(&units);
        let plans = [PEOPLE, ORGS].map(|side| self.plan(&units, side, &bound_words, threshold));
        ACC.with(|acc| {
            let mut acc = acc.borrow_mut();
            acc.start(self.names.len());
            // By word (the plan keeps them so), so that a word reaching a name by several routes
            // counts its best one. The sides' names are apart.
            for (side, plan) in plans.iter().enumerate() {
                for u in &plan.followed {
                    for &name in self.posting(u.route, side) {
                        acc.add(name, u.potential, u.word);
                    }
                }
            }
            // Names written together or apart are found through the joined form, and scored
            // whatever the words say.
            for q in std::iter::once(org).chain(person) {
                if q.joined.len() >= score::MIN_JOINED {
                    let depth = typo_budget(q.joined.len()).min(JOINED_BUDGET);
                    let filter = Some(&self.joined_variants);
                    for term in self.typo_terms(&q.joined, depth, filter, &mut hashes) {
                        for &name in self.joined_postings.get(term) {
                            acc.add(name, f32::INFINITY, 0);
                        }
                    }
                }
            }
            for &name in &acc.touched {
                let (mass, reached) = acc.get(name);
                if !mass.is_finite() {
                    out.push(name);
                    continue;
                }
                let plan = &plans[side_of(self.facts[name as usize].org)];
                // Words that reached the name add what their routes did; the others add what
                // a route not followed could (first the most any could, then what those the
                // name has can), or cost their weight. The name's words that no query word can
                // pair with cost it too.
                let cheap = mass
                    + bits(plan.skipped_mask & !reached)
                        .map(|i| plan.skipped_words[i])
                        .sum::<f32>();
                let possible = reached | plan.skipped_mask;
                if !self.name_may_pass(name, cheap, possible, possible, &bound_words, threshold) {
                    continue;
                }
                let (mut m, mut possible, mut full) = (mass, reached, reached);
                for i in bits(plan.skipped_mask & !reached) {
                    if let Some((p, f)) = self.skipped_potential(name, plan, &plan.skips[i]) {
                        m += p;
                        possible |= word_bit(i);
                        if f {
                            full |= word_bit(i);
                        }
                    }
                }
                if self.name_may_pass(name, m, possible, full, &bound_words, threshold) {
                    out.push(name);
                }
            }
        });
        out.sort_unstable();
    }
}

/// `units` (made by word, then route) sorted by potential, lightest first, then by word and
/// route. Sorted as integers, each unit's potential (in `f32::total_cmp`'s order) above its
/// position: sorting the units themselves by all three cost a twelfth of a query's time.
fn by_potential(units: &[Unit]) -> Vec<Unit> {
    let order = |p: f32| {
        let b = p.to_bits();
        if b >> 31 == 1 {
            !b
        } else {
            b | 1 << 31
        }
    };
    let mut keys: Vec<u64> = units
        .iter()
        .enumerate()
        .map(|(i, u)| u64::from(order(u.potential)) << 32 | i as u64)
        .collect();
    keys.sort_unstable();
    keys.iter().map(|&k| units[k as u32 as usize]).collect()
}

/// The best similarity of query word `t` and a list word one edit or more apart, whose skeleton
/// or letters `list` are within the typo budget of the query word's `query` (its skeleton or
/// its letters): as a word of a longer name, or of a one-word name (see score::lone_word_sim).
fn typo_route_sim(t: &Token, query: &str, list: &str) -> f32 {
    let sim = score::typo_sim(1, query.len().max(list.len()));
    if !t.listed && score::osa_within(query.as_bytes(), list.as_bytes(), 1) == Some(1) {
        sim.max(score::lone_typo_sim(query, list))
    } else {
        sim
    }
}

/// What the bounds (the plan's and each name's) need of the query's words, by position.
struct BoundWords {
    /// What each word costs a name when it certainly pairs with none of its words, under
    /// person rules or not, and with the name wholly matched or not (see score::cost_factor).
    costs: Vec<[f32; 4]>,
    all: u32,
    initials: u32,
    forms: u32,
}

impl BoundWords {
    fn new(tokens: &[Token]) -> BoundWords {
        let mask = |f: fn(&Token) -> bool| mask_where(tokens.iter().map(f));
        BoundWords {
            costs: tokens
                .iter()
                .map(|t| {
                    let c = |person, all| {
                        score::weight(t) * score::cost_factor(t, person, false, all).0
                    };
                    [
                        c(false, false),
                        c(false, true),
                        c(true, false),
                        c(true, true),
                    ]
                })
                .collect(),
            all: mask(|_| true),
            initials: mask(|t| t.initial),
            forms: mask(|t| t.form.is_some()),
        }
    }
}

/// The positions of the bits set in `mask`.
fn bits(mut mask: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let i = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            i
        })
    })
}

/// The bits of the words (by position) for which `flags` is true.
fn mask_where(flags: impl Iterator<Item = bool>) -> u32 {
    flags
        .enumerate()
        .filter(|&(_, f)| f)
        .fold(0, |m, (i, _)| m | word_bit(i))
}

/// A score bound, capped when no two full words may pair (see score::GENERIC_CAP).
fn capped(bound: f64, full_pair: bool) -> f64 {
    if full_pair {
        bound
    } else {
        bound.min(score::GENERIC_CAP)
    }
}

/// What the bounds need to know of a name, kept together so that a name costs one look-up.
#[derive(Debug, Clone, Copy)]
struct NameFacts {
    /// Its initials, one bit per first byte (modulo 64).
    initials: u64,
    /// For a person or a name of unknown kind, the first letters (modulo 64) of its full
    /// words, which a query initial may stand for.
    partners: u64,
    /// The sums of its `j` cheapest words' least costs when unmatched (at `j - 1`, for `j` up
    /// to [`LEAST_WORDS`]), with the query not wholly matched and then wholly matched, to bound
    /// what the words that no query word can pair with cost it. Kept here rather than apart:
    /// each name reached needs them, and one memory access is what a name costs.
    least: [[f32; LEAST_WORDS]; 2],
    /// Where its terms start in `name_terms`, and how many it has.
    terms_at: u32,
    n_terms: u8,
    /// Its terms, one bit per term (hashed to 64), to tell at once that most names have none
    /// of a word's skipped terms.
    terms: u64,
    /// Its word count (at most [`crate::names::MAX_WORDS`]).
    words: u8,
    /// It is an organisation's name (no person rules).
    org: bool,
    /// It is a person's name (no abbreviations).
    person: bool,
}

/// How many of a name's unpaired words its bound counts (see `NameFacts::least`).
const LEAST_WORDS: usize = 3;

/// `NameFacts::least` for `n`.
fn least_costs(n: &IndexedName) -> [[f32; LEAST_WORDS]; 2] {
    let mut least = [[0f32; LEAST_WORDS]; 2];
    for (all, sums) in least.iter_mut().enumerate() {
        let mut costs: Vec<f32> = n
            .name
            .tokens
            .iter()
            .map(|t| score::weight(t) * score::cost_factor(t, !n.org, false, all == 1).0)
            .collect();
        costs.sort_unstable_by(f32::total_cmp);
        let mut sum = 0.0;
        for (j, slot) in sums.iter_mut().enumerate() {
            sum += costs.get(j).copied().unwrap_or(0.0);
            *slot = sum;
        }
    }
    least
}

/// A term's bit in a 64-bit set of terms (a multiplicative hash: the top six bits).
fn term_bit(term: u32) -> u64 {
    1 << (term.wrapping_mul(0x9e37_79b9) >> 26)
}

/// A query word's bit in a name's accumulator (words past the 31st share the last bit).
fn word_bit(word: usize) -> u32 {
    1 << word.min(31)
}

/// The query read for bounds: the person reading where there is one (it has every word), with
/// the words that either reading takes for a patronymic marked so (each reading marks them by
/// position among its own words), since the organisation reading is scored too.
fn bound_reading<'a>(org: &'a Name, person: Option<&'a Name>) -> std::borrow::Cow<'a, Name> {
    let Some(person) = person else {
        return std::borrow::Cow::Borrowed(org);
    };
    let mut p = person.clone();
    let words = p.tokens.iter().filter(|t| t.form.is_none()).count();
    let mut org_words = org.tokens.iter();
    for t in p.tokens.iter_mut().filter(|t| t.form.is_none()) {
        // Where the readings' words do not line up (names cut at MAX_WORDS), any word may be.
        t.patronymic |= words != org.tokens.len() || org_words.next().is_some_and(|o| o.patronymic);
    }
    std::borrow::Cow::Owned(p)
}

fn initial_bit(c: u8) -> u64 {
    1 << (c % 64)
}

/// Per-name accumulators for one query, reused across queries on a thread: generation
/// stamps spare clearing them.
#[derive(Default)]
struct Acc {
    slots: Vec<Slot>,
    generation: u32,
    touched: Vec<u32>,
}

/// One name's accumulator, in one place so that adding to it costs one memory access.
#[derive(Default, Clone, Copy)]
struct Slot {
    stamp: u32,
    /// Bits of the query words that reached the name.
    reached: u32,
    /// What they add: each word's best route.
    mass: f32,
    /// What the word that last reached the name added (words come one after another).
    last: f32,
}

impl Acc {
    fn start(&mut self, names: usize) {
        if self.slots.len() != names || self.generation == u32::MAX {
            self.slots = vec![Slot::default(); names];
            self.generation = 0;
        }
        self.generation += 1;
        self.touched.clear();
    }

    /// Word `word` reaches `name` with `potential`: the name's mass counts each word's best.
    fn add(&mut self, name: u32, potential: f32, word: usize) {
        let s = &mut self.slots[name as usize];
        if s.stamp != self.generation {
            *s = Slot {
                stamp: self.generation,
                ..Slot::default()
            };
            self.touched.push(name);
        }
        let bit = word_bit(word);
        if s.reached & bit == 0 {
            s.reached |= bit;
            s.mass += potential;
            s.last = potential;
        } else if potential > s.last {
            s.mass += potential - s.last;
            s.last = potential;
        }
    }

    fn get(&self, name: u32) -> (f32, u32) {
        let s = &self.slots[name as usize];
        (s.mass, s.reached)
    }
}

/// Most words whose routes the index keeps; a shard that fills is emptied.
const ROUTE_CACHE_WORDS: usize = 1_000_000;

/// Shards of the route cache, each behind its own lock, so that threads seldom wait.
const ROUTE_SHARDS: usize = 64;

/// The routes of the words the index has been asked about, by key (see `Index::word_units`).
struct RouteCache {
    shards: Vec<Shard>,
}

/// One shard, alone on its cache lines so that threads locking neighbouring shards do not
/// slow each other down.
#[repr(align(128))]
struct Shard(Mutex<FxHashMap<Box<str>, Box<[WordRoute]>>>);

impl RouteCache {
    fn new() -> RouteCache {
        RouteCache {
            shards: (0..ROUTE_SHARDS)
                .map(|_| Shard(Mutex::new(FxHashMap::default())))
                .collect(),
        }
    }

    /// Calls `read` on the routes for `key`, found with `find` (outside the lock) the first
    /// time. The routes are read under the lock rather than shared out, which spares two
    /// atomic reference-count updates per word, on counts that threads would pass back and
    /// forth for common words.
    fn with(
        &self,
        key: &str,
        find: impl FnOnce() -> Vec<WordRoute>,
        read: impl FnOnce(&[WordRoute]),
    ) {
        let shard = &self.shards[(FxBuildHasher.hash_one(key) % ROUTE_SHARDS as u64) as usize];
        // A poisoned lock only means another thread panicked while holding it: the map is
        // still whole (inserts are single calls).
        let lock = || shard.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = lock().get(key) {
            return read(r);
        }
        let routes = find().into_boxed_slice();
        let mut map = lock();
        if map.len() >= ROUTE_CACHE_WORDS / ROUTE_SHARDS {
            map.clear();
        }
        read(map.entry(key.into()).or_insert(routes))
    }
}

thread_local! {
    static ACC: std::cell::RefCell<Acc> = std::cell::RefCell::new(Acc::default());
    /// The route cache key being built, kept to spare an allocation per word.
    static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A word's weight from how many of the `n` list names contain it: 1 for words in at most five
/// names, falling with the square of the log-frequency ratio to 0.1 for the most common, so
/// that words as common as "trading" or "international" weigh a third of a rare surname.
fn idf_weight(df: u32, n: usize) -> f32 {
    if df <= 5 || n <= 5 {
        return 1.0;
    }
    let n = n as f32;
    let r = ((n / df as f32).ln() / (n / 5.0).ln()).clamp(0.0, 1.0);
    0.1 + 0.9 * r * r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_neighbourhoods_meet_within_budget() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        deletion_hashes(NS_DELETION, b"gazprom", 1, &mut a);
        deletion_hashes(NS_DELETION, b"gazprmo", 1, &mut b);
        assert!(a.iter().any(|h| b.contains(h)));
        a.clear();
        b.clear();
        deletion_hashes(NS_DELETION, b"kaspersky", 2, &mut a);
        deletion_hashes(NS_DELETION, b"kapserskj", 2, &mut b);
        assert!(a.iter().any(|h| b.contains(h)));
        // Deleting different letters of different strings must not collide.
        a.clear();
        b.clear();
        deletion_hashes(NS_DELETION, b"ab", 1, &mut a);
        deletion_hashes(NS_DELETION, b"cd", 1, &mut b);
        assert!(!a.iter().any(|h| b.contains(h)));
    }

    #[test]
    fn units_sort_by_potential_then_as_made() {
        let unit = |potential: f32, word: usize, term: u32| Unit {
            potential,
            word,
            route: Route::Typo(term),
            lens: [1, 1],
        };
        // Made by word, then route; -0.0 sorts before 0.0, as f32::total_cmp has it.
        let units = [
            unit(0.5, 0, 1),
            unit(0.2, 0, 2),
            unit(0.5, 0, 3),
            unit(0.0, 1, 1),
            unit(1.5, 1, 2),
            unit(0.2, 1, 3),
            unit(-0.0, 2, 4),
        ];
        let mut expected = units.to_vec();
        expected.sort_by(|a, b| {
            a.potential
                .total_cmp(&b.potential)
                .then(a.word.cmp(&b.word))
                .then(a.route.cmp(&b.route))
        });
        let key = |u: &Unit| (u.potential.to_bits(), u.word, u.route);
        let got: Vec<_> = by_potential(&units).iter().map(key).collect();
        assert_eq!(got, expected.iter().map(key).collect::<Vec<_>>());
        assert_eq!(got[0], ((-0.0f32).to_bits(), 2, Route::Typo(4)));
    }

    #[test]
    fn long_strings_hash_as_short_ones_do() {
        // 64 bytes and more are hashed with room on the heap, shorter ones on the stack: the
        // variants of a 65-byte string are the 64- and 63-byte strings themselves.
        let long: Vec<u8> = (0..65u8).map(|i| b'a' + i % 26).collect();
        let mut variants = Vec::new();
        deletion_hashes(NS_DELETION, &long, 2, &mut variants);
        assert_eq!(variants.len(), 1 + 65 + 65 * 64 / 2);
        let mut one = Vec::new();
        for (i, j) in [(3, None), (64, None), (0, Some(1)), (10, Some(60))] {
            let mut s = long.clone();
            if let Some(j) = j {
                s.remove(j);
            }
            s.remove(i);
            one.clear();
            deletion_hashes(NS_DELETION, &s, 0, &mut one);
            assert!(variants.contains(&one[0]), "deleting {i} and {j:?}");
        }
    }

    #[test]
    fn filter_holds_what_it_was_given_and_little_else() {
        let held: Vec<u64> = (0..100_000u64).map(mix).collect();
        let f = Filter::build(held.iter().copied());
        assert!(held.iter().all(|&h| f.may_hold(h)));
        let wrong = (100_000..200_000u64)
            .filter(|&i| f.may_hold(mix(i)))
            .count();
        assert!(
            wrong < 10_000,
            "{wrong} of 100,000 hashes not given are held"
        );
    }

    #[test]
    fn table_finds_every_entry_and_only_its_hash() {
        let entries: Vec<(u64, u32)> = (0..50_000u32)
            .map(|i| (mix(u64::from(i % 40_000)), i))
            .collect();
        let t = Table::build(entries.clone().into_par_iter());
        for &(h, id) in &entries {
            assert!(t.get(h).any(|x| x == id));
            assert!(t.get(h).all(|x| mix(u64::from(x % 40_000)) == h));
        }
        assert_eq!(t.get(mix(40_000)).count(), 0);
        // Ids filed under one hash come in the order given, whatever the threads.
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let t = pool.install(|| Table::build(entries.clone().into_par_iter()));
            let ids: Vec<u32> = t.get(mix(7)).collect();
            assert_eq!(ids, [7, 40_007]);
        }
        let tiny = Table::build(vec![(mix(1), 1), (mix(2), 2)].into_par_iter());
        assert_eq!(tiny.get(mix(2)).collect::<Vec<_>>(), [2]);
        assert_eq!(tiny.get(mix(3)).count(), 0);
    }

    #[test]
    fn weights_fall_with_frequency() {
        assert_eq!(idf_weight(1, 10_000), 1.0);
        assert!(idf_weight(1_000, 10_000) < 0.4);
        assert!(idf_weight(10_000, 10_000) >= 0.1);
    }
}
