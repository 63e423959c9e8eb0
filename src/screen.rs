//! The screening API: a `Screener` built once from loaded lists, asked one name at a time.

use crate::lists::Entity;
use serde::Serialize;
use std::fmt;

/// The default score threshold at or above which a candidate is reported.
pub const DEFAULT_THRESHOLD: f64 = 0.85;

/// Which kinds of entity a query may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    /// Every kind.
    #[default]
    Any,
    /// People only.
    Person,
    /// Organisations (and unknown kinds, which are mostly organisations) only.
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

impl Default for Options {
    fn default() -> Options {
        Options {
            threshold: DEFAULT_THRESHOLD,
            limit: 10,
            kind: KindFilter::Any,
        }
    }
}

/// Why a name matched, in words an analyst can read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation(pub String);

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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

/// Screens names against a fixed set of entities. Build once; share across threads.
pub struct Screener {
    entities: Vec<Entity>,
}

impl Screener {
    /// Builds the screener (and its index) over `entities`.
    pub fn new(entities: Vec<Entity>) -> Screener {
        Screener { entities }
    }

    /// The entities screened against.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The hits for `name`, best first (ties broken by entity id).
    pub fn screen(&self, name: &str, opts: &Options) -> Vec<Hit<'_>> {
        // Interim exhaustive matcher; replaced by the real engine.
        let q = name.to_lowercase();
        let mut hits: Vec<Hit<'_>> = Vec::new();
        for e in &self.entities {
            let mut best: Option<(f64, &str)> = None;
            for (n, _) in e.names() {
                let s = strsim::jaro_winkler(&q, &n.to_lowercase());
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, n));
                }
            }
            if let Some((s, n)) = best {
                if s >= opts.threshold {
                    hits.push(Hit {
                        entity: e,
                        matched_name: n,
                        score: s,
                        explanation: Explanation("interim".into()),
                    });
                }
            }
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.entity.id.cmp(&b.entity.id))
        });
        hits.truncate(opts.limit);
        hits
    }
}
