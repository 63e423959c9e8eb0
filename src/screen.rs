//! The screening API: a `Screener` built once from loaded lists, asked one name at a time.

use crate::index::{Index, IndexedName};
use crate::lists::{Entity, EntityKind};
use crate::names::{self, Name};
pub use crate::score::Explanation;
use crate::score::{self, Mode};
use rayon::prelude::*;
use serde::Serialize;
use std::cell::RefCell;

/// The default score threshold at or above which a candidate is reported.
pub const DEFAULT_THRESHOLD: f64 = 0.85;

/// Which kinds of entity a query may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    /// Every kind.
    #[default]
    Any,
    /// People (and entities of unknown kind, which may be people).
    Person,
    /// Everything but people (organisations, vessels, aircraft, and unknown kinds).
    Organization,
}

/// How a query is screened.
#[derive(Debug, Clone)]
pub struct Options {
    /// Minimum score reported, in [0, 1].
    pub threshold: f64,
    /// At most this many hits per query.
    pub limit: usize,
    /// Which kinds of entity to consider.
    pub kind: KindFilter,
}

impl KindFilter {
    /// Whether an entity of `kind` passes the filter.
    pub fn admits(self, kind: EntityKind) -> bool {
        match self {
            KindFilter::Any => true,
            KindFilter::Person => matches!(kind, EntityKind::Person | EntityKind::Unknown),
            KindFilter::Organization => kind != EntityKind::Person,
        }
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            kind: KindFilter::Any,
        }
    }
}

/// One list entity a query may be.
#[derive(Debug, Clone, Serialize)]
pub struct Hit<'a> {
    /// The entity.
    pub entity: &'a Entity,
    /// The entity's name (primary or alias) that matched best.
    pub matched_name: &'a str,
    /// Score in [0, 1].
    pub score: f64,
    /// Which parts matched which, and how.
    pub explanation: Explanation,
}

/// Screens names against a fixed set of entities. Build once; share across threads (it is
/// `Send + Sync`, and `screen` takes `&self`).
pub struct Screener {
    entities: Vec<Entity>,
    index: Index,
}

thread_local! {
    /// Candidate buffer reused across queries on one thread.
    static CANDIDATES: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

impl Screener {
    /// Builds the screener and its index over `entities` (names are parsed in parallel).
    pub fn new(entities: Vec<Entity>) -> Screener {
        let names: Vec<IndexedName> = entities
            .par_iter()
            .enumerate()
            .flat_map_iter(|(e, entity)| {
                entity
                    .names()
                    .enumerate()
                    .filter_map(move |(k, (name, alias))| {
                        let name = if entity.kind == EntityKind::Person {
                            names::parse_person(name)
                        } else {
                            names::parse(name)
                        };
                        (!name.tokens.is_empty()).then_some(IndexedName {
                            entity: e as u32,
                            alias: k as u32,
                            person: entity.kind == EntityKind::Person,
                            org: mode_of(entity.kind) == Mode::Organization,
                            weak: alias.is_some_and(|a| a.weak),
                            name,
                        })
                    })
            })
            .collect();
        Screener {
            index: Index::build(names),
            entities,
        }
    }

    /// The entities screened against.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The hits for `name`, best first (ties broken by entity id), through the index.
    pub fn screen(&self, name: &str, opts: &Options) -> Vec<Hit<'_>> {
        let query = self.parse_query(name);
        CANDIDATES.with(|buf| {
            let mut buf = buf.borrow_mut();
            self.index
                .candidates(&query.org, query.person.as_ref(), opts.threshold, &mut buf);
            self.rank(&query, buf.iter().copied(), opts)
        })
    }

    /// The hits for `name` from scoring every list name: slow, and the oracle the index is
    /// tested against (it must return the same hits).
    pub fn screen_exhaustive(&self, name: &str, opts: &Options) -> Vec<Hit<'_>> {
        let query = self.parse_query(name);
        self.rank(&query, 0..self.index.names().len() as u32, opts)
    }

    fn parse_query(&self, name: &str) -> Query {
        // People's names are read with words that look like legal forms kept as words.
        let (mut org, mut person) = names::parse_both(name);
        self.index.weigh(&mut org);
        if let Some(p) = &mut person {
            self.index.weigh(p);
        }
        Query { org, person }
    }

    fn rank(
        &self,
        query: &Query,
        candidates: impl Iterator<Item = u32>,
        opts: &Options,
    ) -> Vec<Hit<'_>> {
        // Best name per entity; candidates come in name order, so entities' names are adjacent.
        let mut best: Vec<(f64, u32)> = Vec::new();
        let names = self.index.names();
        for id in candidates {
            let n = &names[id as usize];
            let entity = &self.entities[n.entity as usize];
            if !opts.kind.admits(entity.kind) {
                continue;
            }
            let mode = mode_of(entity.kind);
            let (s, _) = score::score(query.read_as(mode), &n.name, mode, false);
            let s = if n.weak { s * WEAK_ALIAS_FACTOR } else { s };
            if s < opts.threshold {
                continue;
            }
            match best.last_mut() {
                Some(last) if names[last.1 as usize].entity == n.entity => {
                    if s > last.0 {
                        *last = (s, id);
                    }
                }
                _ => best.push((s, id)),
            }
        }
        let mut hits: Vec<Hit<'_>> = best
            .into_iter()
            .map(|(s, id)| {
                let n = &names[id as usize];
                let entity = &self.entities[n.entity as usize];
                let mode = mode_of(entity.kind);
                let (_, explanation) = score::score(query.read_as(mode), &n.name, mode, true);
                let mut explanation = explanation.unwrap_or_default();
                explanation.weak_alias = n.weak;
                let matched_name = match n.alias {
                    0 => entity.name.as_str(),
                    k => entity.aliases[k as usize - 1].name.as_str(),
                };
                Hit {
                    entity,
                    matched_name,
                    score: s,
                    explanation,
                }
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entity.id.cmp(&b.entity.id))
        });
        hits.truncate(opts.limit);
        hits
    }
}

/// A query read two ways: as an organisation (legal forms set aside) and, where it has legal
/// forms, as a person (those words kept).
struct Query {
    org: Name,
    person: Option<Name>,
}

impl Query {
    fn read_as(&self, mode: Mode) -> &Name {
        match (&self.person, mode) {
            (Some(p), Mode::Person) => p,
            _ => &self.org,
        }
    }
}

/// OFAC's weak a.k.a.s are broad names (nicknames, generic names) that OFAC says may produce
/// false hits: a match on one alone counts a tenth less.
const WEAK_ALIAS_FACTOR: f64 = 0.9;

fn mode_of(kind: EntityKind) -> Mode {
    match kind {
        EntityKind::Person => Mode::Person,
        EntityKind::Unknown => Mode::Either,
        _ => Mode::Organization,
    }
}
