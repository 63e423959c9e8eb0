//! What `vetter lists show` reports about a loaded list, computed here so that the command only
//! prints it.

use super::{ListFile, LoadedList, Skipped};
use serde::Serialize;
use std::collections::BTreeMap;

/// The figures of one loaded list.
#[derive(Debug, Clone, Serialize)]
pub struct ListSummary {
    /// Short key.
    pub key: String,
    /// Full name.
    pub name: String,
    /// Files with their sha256.
    pub files: Vec<ListFile>,
    /// Entities held by this list after merging.
    pub entities: usize,
    /// Entities by kind (`person`, `organization`, ...).
    pub by_kind: BTreeMap<String, usize>,
    /// Primary rows read from each source list (the CSL's sub-lists).
    pub by_source: BTreeMap<String, u64>,
    /// Primary names (one per entity).
    pub names: usize,
    /// Aliases.
    pub aliases: usize,
    /// Of the aliases, OFAC's weak a.k.a.s.
    pub weak_aliases: usize,
    /// The newest listing date given (ISO), if the list gives dates.
    pub newest_listing: Option<String>,
    /// Records merged into an entity of the same designation, by the list that holds it.
    pub merged_into: BTreeMap<String, usize>,
    /// Rows skipped, counted by reason.
    pub skipped_by_reason: BTreeMap<String, usize>,
    /// Every skipped row.
    pub skipped: Vec<Skipped>,
}

impl ListSummary {
    /// The summary of `list`.
    pub fn of(list: &LoadedList) -> ListSummary {
        let mut by_kind = BTreeMap::new();
        let (mut aliases, mut weak) = (0, 0);
        let mut newest: Option<&str> = None;
        for e in &list.entities {
            *by_kind.entry(e.kind.as_str().to_string()).or_default() += 1;
            aliases += e.aliases.len();
            weak += e.aliases.iter().filter(|a| a.weak).count();
            if let Some(d) = e.listed_on.as_deref() {
                // ISO dates compare as text.
                newest = Some(newest.map_or(d, |n| n.max(d)));
            }
        }
        let mut merged_into = BTreeMap::new();
        for m in &list.merged {
            *merged_into.entry(m.into.clone()).or_default() += 1;
        }
        let mut skipped_by_reason = BTreeMap::new();
        for s in &list.skipped {
            *skipped_by_reason.entry(s.reason.clone()).or_default() += 1;
        }
        ListSummary {
            key: list.key.clone(),
            name: list.name.clone(),
            files: list.files.clone(),
            entities: list.entities.len(),
            by_kind,
            by_source: list.rows_by_source.clone(),
            names: list.entities.len(),
            aliases,
            weak_aliases: weak,
            newest_listing: newest.map(str::to_string),
            merged_into,
            skipped_by_reason,
            skipped: list.skipped.clone(),
        }
    }
}
