//! vetter's own list format: TOML, so that people can write and review their own watchlists
//! (and the shipped `lists/`) by hand. The schema is documented in `docs/loaders.md`; it is
//! read strictly: unknown keys, missing required keys, unknown kinds, repeated ids and
//! malformed dates are errors with the line they are on.

use super::{Address, Alias, AliasKind, Entity, EntityKind, Identifier, Input, LoadedList};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    list: Header,
    #[serde(default)]
    entity: Vec<Record>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    key: Spanned<String>,
    name: String,
    /// For the file's readers only; accepted so that lists can describe themselves.
    #[serde(default, rename = "description")]
    _description: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: Spanned<String>,
    kind: EntityKind,
    name: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    aliases: Vec<AliasRecord>,
    #[serde(default)]
    programs: Vec<String>,
    #[serde(default)]
    addresses: Vec<Address>,
    #[serde(default)]
    birth_dates: Vec<String>,
    #[serde(default)]
    birth_places: Vec<String>,
    #[serde(default)]
    nationalities: Vec<String>,
    #[serde(default)]
    gender: Option<Spanned<String>>,
    #[serde(default)]
    identifiers: Vec<Identifier>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    remarks: Option<String>,
    #[serde(default)]
    listed_on: Option<Spanned<String>>,
    #[serde(default)]
    federal_register: Option<String>,
    #[serde(default)]
    license_policy: Option<String>,
    #[serde(default)]
    source_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasRecord {
    name: String,
    #[serde(default = "aka")]
    kind: AliasKind,
    #[serde(default)]
    weak: bool,
}

fn aka() -> AliasKind {
    AliasKind::Aka
}

/// List keys a native file may not take.
const RESERVED_KEYS: [&str; 4] = [
    "ofac",
    super::ofac::SDN_KEY,
    super::ofac::CONS_KEY,
    super::csl::KEY,
];

/// Loads one native list file.
pub(crate) fn load(input: &Input) -> Result<LoadedList> {
    let path = &input.path;
    let text = input.text();
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() as u64 + 1;
    let err = |offset: usize, field: &str, msg: String| {
        Error::parse(path, Some(line_of(offset)), Some(field), msg)
    };
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start));
        Error::parse(path, line, None, e.message().trim().to_string())
    })?;

    let key = file.list.key.get_ref().clone();
    if !is_slug(&key) {
        return Err(err(
            file.list.key.span().start,
            "list.key",
            format!("{key:?} must be lower-case letters, digits and '-'"),
        ));
    }
    // These keys name the official lists: ids made from them would pose as OFAC or CSL records.
    if RESERVED_KEYS.contains(&key.as_str()) {
        return Err(err(
            file.list.key.span().start,
            "list.key",
            format!("{key:?} is reserved for the official lists; choose another key"),
        ));
    }
    if file.entity.is_empty() {
        return Err(Error::parse(
            path,
            None,
            Some("entity"),
            "the list has no [[entity]] records",
        ));
    }
    let mut seen = HashSet::new();
    let mut entities = Vec::with_capacity(file.entity.len());
    for r in file.entity {
        let id = r.id.get_ref();
        let at = r.id.span().start;
        if !is_slug(id) {
            return Err(err(
                at,
                "id",
                format!("{id:?} must be lower-case letters, digits and '-'"),
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(err(at, "id", format!("id {id:?} is used twice")));
        }
        if r.name.trim().is_empty() {
            return Err(err(at, "name", "the entity's name is empty".into()));
        }
        let mut e = Entity::new(format!("{key}:{id}"), key.as_str(), r.kind, r.name.trim());
        e.source = r.source.unwrap_or_else(|| file.list.name.clone());
        for a in r.aliases {
            if a.name.trim().is_empty() {
                return Err(err(at, "aliases", "an alias name is empty".into()));
            }
            e.aliases.push(Alias {
                name: a.name.trim().to_string(),
                kind: a.kind,
                weak: a.weak,
            });
        }
        e.programs = r.programs;
        e.addresses = r.addresses;
        e.birth_dates = r.birth_dates;
        e.birth_places = r.birth_places;
        e.nationalities = r.nationalities;
        if let Some(g) = r.gender {
            e.gender = Some(match g.get_ref().to_ascii_lowercase().as_str() {
                "male" => "Male".to_string(),
                "female" => "Female".to_string(),
                other => {
                    return Err(err(
                        g.span().start,
                        "gender",
                        format!("expected \"Male\" or \"Female\", found {other:?}"),
                    ))
                }
            });
        }
        e.identifiers = r.identifiers;
        e.title = r.title;
        e.remarks = r.remarks;
        if let Some(d) = r.listed_on {
            if !is_iso_date(d.get_ref()) {
                return Err(err(
                    d.span().start,
                    "listed_on",
                    format!("expected a date YYYY-MM-DD, found {:?}", d.get_ref()),
                ));
            }
            e.listed_on = Some(d.into_inner());
        }
        e.federal_register = r.federal_register;
        e.license_policy = r.license_policy;
        e.source_url = r.source_url.or_else(|| file.list.source_url.clone());
        entities.push(e);
    }
    let mut rows_by_source = BTreeMap::new();
    for e in &entities {
        *rows_by_source.entry(e.source.clone()).or_default() += 1;
    }
    Ok(LoadedList {
        key,
        name: file.list.name,
        files: vec![input.file.clone()],
        entities,
        skipped: Vec::new(),
        merged: Vec::new(),
        rows_by_source,
    })
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}
