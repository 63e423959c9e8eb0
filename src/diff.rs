//! What changed between two versions of the lists: entities added, removed, and changed in the
//! fields that decide a screening hit (name, aliases, programmes). The compliance team re-screens
//! vendors against the added and changed entities.

use crate::lists::{Entity, Lists};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A field compared between two versions of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The primary name.
    Name,
    /// The aliases (compared by name, ignoring order).
    Aliases,
    /// The sanctions programmes or list tags (ignoring order).
    Programs,
}

impl Field {
    /// The field's name in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Aliases => "aliases",
            Field::Programs => "programs",
        }
    }
}

/// How one field of one entity changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Which field.
    pub field: Field,
    /// Values no longer there (the old name, for [`Field::Name`]).
    pub removed: Vec<String>,
    /// Values that are new (the new name, for [`Field::Name`]).
    pub added: Vec<String>,
}

/// An entity present in both versions whose name, aliases or programmes differ.
#[derive(Debug, Clone, Serialize)]
pub struct Change<'a> {
    /// The entity as it was.
    pub old: &'a Entity,
    /// The entity as it is.
    pub new: &'a Entity,
    /// What differs, in [`Field`] order.
    pub fields: Vec<FieldChange>,
}

/// The differences between two sets of lists. Entities are matched by list key and id; every
/// vector is sorted by list key, then id, so the output is the same on every run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff<'a> {
    /// Entities only in the new lists.
    pub added: Vec<&'a Entity>,
    /// Entities only in the old lists.
    pub removed: Vec<&'a Entity>,
    /// Entities in both whose name, aliases or programmes changed.
    pub changed: Vec<Change<'a>>,
}

/// One line of a diff report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The list key.
    pub list: String,
    /// The entity id.
    pub id: String,
    /// The entity's name (the new one, for a changed entity).
    pub name: String,
    /// The changed field, empty for added and removed entities.
    pub field: String,
    /// Old values of the field, joined with `; `.
    pub before: String,
    /// New values of the field, joined with `; `.
    pub after: String,
}

/// Compares `old` with `new`.
pub fn diff<'a>(old: &'a Lists, new: &'a Lists) -> Diff<'a> {
    diff_entities(old.entities(), new.entities())
}

/// Compares two sets of entities.
pub fn diff_entities<'a>(
    old: impl IntoIterator<Item = &'a Entity>,
    new: impl IntoIterator<Item = &'a Entity>,
) -> Diff<'a> {
    fn index<'a>(
        entities: impl IntoIterator<Item = &'a Entity>,
    ) -> BTreeMap<(&'a str, &'a str), &'a Entity> {
        entities
            .into_iter()
            .map(|e| ((e.list.as_str(), e.id.as_str()), e))
            .collect()
    }
    let (old_map, new_map) = (index(old), index(new));
    let mut d = Diff::default();
    for (key, &o) in &old_map {
        match new_map.get(key) {
            None => d.removed.push(o),
            Some(&n) => {
                let fields = compare(o, n);
                if !fields.is_empty() {
                    d.changed.push(Change {
                        old: o,
                        new: n,
                        fields,
                    });
                }
            }
        }
    }
    d.added = new_map
        .iter()
        .filter(|(k, _)| !old_map.contains_key(*k))
        .map(|(_, &e)| e)
        .collect();
    d
}

/// The fields of `o` and `n` that differ.
fn compare(o: &Entity, n: &Entity) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if o.name != n.name {
        out.push(FieldChange {
            field: Field::Name,
            removed: vec![o.name.clone()],
            added: vec![n.name.clone()],
        });
    }
    let sets = [
        (
            Field::Aliases,
            o.aliases
                .iter()
                .map(|a| a.name.as_str())
                .collect::<BTreeSet<_>>(),
            n.aliases
                .iter()
                .map(|a| a.name.as_str())
                .collect::<BTreeSet<_>>(),
        ),
        (
            Field::Programs,
            o.programs.iter().map(String::as_str).collect(),
            n.programs.iter().map(String::as_str).collect(),
        ),
    ];
    for (field, before, after) in sets {
        if before != after {
            out.push(FieldChange {
                field,
                removed: before.difference(&after).map(|s| s.to_string()).collect(),
                added: after.difference(&before).map(|s| s.to_string()).collect(),
            });
        }
    }
    out
}

impl Diff<'_> {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// The report as lines: added, then removed, then one line per changed field.
    pub fn rows(&self) -> Vec<Row> {
        let whole = |change: &'static str, e: &Entity| Row {
            change,
            list: e.list.clone(),
            id: e.id.clone(),
            name: e.name.clone(),
            field: String::new(),
            before: String::new(),
            after: String::new(),
        };
        let mut rows: Vec<Row> = self.added.iter().map(|e| whole("added", e)).collect();
        rows.extend(self.removed.iter().map(|e| whole("removed", e)));
        for c in &self.changed {
            for f in &c.fields {
                rows.push(Row {
                    change: "changed",
                    list: c.new.list.clone(),
                    id: c.new.id.clone(),
                    name: c.new.name.clone(),
                    field: f.field.as_str().to_string(),
                    before: f.removed.join("; "),
                    after: f.added.join("; "),
                });
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::{Alias, AliasKind, EntityKind};

    fn ent(id: &str, name: &str, aliases: &[&str], programs: &[&str]) -> Entity {
        let mut e = Entity::new(id, "t", EntityKind::Organization, name);
        e.aliases = aliases
            .iter()
            .map(|a| Alias {
                name: a.to_string(),
                kind: AliasKind::Aka,
                weak: false,
            })
            .collect();
        e.programs = programs.iter().map(|p| p.to_string()).collect();
        e
    }

    #[test]
    fn finds_added_removed_and_changed_fields() {
        let old = [
            ent("t:1", "ALPHA", &["A1"], &["P1"]),
            ent("t:2", "BETA", &[], &["P1"]),
            ent("t:3", "GAMMA", &["G1", "G2"], &["P1", "P2"]),
        ];
        let new = [
            ent("t:4", "DELTA", &[], &["P3"]),
            ent("t:3", "GAMMA LTD", &["G2", "G3"], &["P2", "P1"]),
            ent("t:1", "ALPHA", &["A1"], &["P1"]),
        ];
        let d = diff_entities(&old, &new);
        assert_eq!(d.added.iter().map(|e| &e.id).collect::<Vec<_>>(), ["t:4"]);
        assert_eq!(d.removed.iter().map(|e| &e.id).collect::<Vec<_>>(), ["t:2"]);
        assert_eq!(d.changed.len(), 1);
        let rows = d.rows();
        let changed: Vec<_> = rows
            .iter()
            .filter(|r| r.change == "changed")
            .map(|r| (r.field.as_str(), r.before.as_str(), r.after.as_str()))
            .collect();
        // Programme order alone is no change.
        assert_eq!(
            changed,
            [("name", "GAMMA", "GAMMA LTD"), ("aliases", "G1", "G3")]
        );
        assert!(diff_entities(&old, &old).is_empty());
    }
}
