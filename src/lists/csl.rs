//! The US Consolidated Screening List (`consolidated.csv`, from trade.gov): one CSV with a
//! header, one row per listing, carrying the Entity List, Denied Persons, Unverified, Military
//! End User, SDN, SSI and other lists; multi-valued fields are separated by `; `.

use super::records::{Record, Records};
use super::{
    Address, Alias, AliasKind, Entity, EntityKind, Identifier, Input, LoadedList, Merged, Skipped,
};
use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashMap};

/// Key of the list.
pub(crate) const KEY: &str = "csl";
const NAME: &str = "US Consolidated Screening List (CSL)";

/// Columns every CSL export has; a file without one of them is not read.
const COLUMNS: [&str; 22] = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "license_requirement",
    "license_policy",
    "call_sign",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
];

/// Column positions, in the order of [`COLUMNS`].
struct Columns([usize; COLUMNS.len()]);

impl Columns {
    fn get<'r>(&self, rec: &'r Record, name: &str) -> Option<&'r str> {
        let i = COLUMNS
            .iter()
            .position(|c| *c == name)
            .expect("known column");
        let v = rec.fields[self.0[i]].trim();
        (!v.is_empty()).then_some(v)
    }
}

/// Loads one CSL file.
pub(crate) fn load(input: &Input) -> Result<LoadedList> {
    let path = &input.path;
    let mut records = Records::new(path, input.text());
    let header = records
        .read()?
        .ok_or_else(|| Error::parse(path, None, None, "the file is empty"))?;
    let header_line = header.line;
    let names: Vec<String> = header.fields.iter().map(|f| f.trim().to_string()).collect();
    let mut pos = [0; COLUMNS.len()];
    for (slot, col) in pos.iter_mut().zip(COLUMNS) {
        *slot = names.iter().position(|n| n == col).ok_or_else(|| {
            Error::parse(
                path,
                Some(header_line),
                Some(col),
                "the header lacks this column: not a Consolidated Screening List export",
            )
        })?;
    }
    let cols = Columns(pos);
    let width = names.len();

    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut merged = Vec::new();
    let mut skipped = Vec::new();
    let mut rows_by_source: BTreeMap<String, u64> = BTreeMap::new();
    while let Some(rec) = records.read()? {
        // Concatenated exports repeat the header; it is not a listing.
        if rec
            .fields
            .iter()
            .map(|f| f.trim())
            .eq(names.iter().map(String::as_str))
        {
            skipped.push(Skipped {
                file: path.clone(),
                line: rec.line,
                reason: "repeated header line".into(),
                detail: String::new(),
            });
            continue;
        }
        if rec.fields.len() != width {
            return Err(Error::parse(
                path,
                Some(rec.line),
                None,
                format!(
                    "expected {width} fields as in the header, found {}: the row is malformed \
                     or the file is truncated; fetch it again",
                    rec.fields.len()
                ),
            ));
        }
        let e = entity(path, &cols, rec)?;
        *rows_by_source.entry(e.source.clone()).or_default() += 1;
        // One designation can sit on two CSL sub-lists (SSI and the menu-based list, say).
        match index.get(&e.id) {
            Some(&i) => {
                merged.push(Merged {
                    id: e.id.clone(),
                    into: KEY.to_string(),
                });
                entities[i].absorb(e);
            }
            None => {
                index.insert(e.id.clone(), entities.len());
                entities.push(e);
            }
        }
    }
    if entities.is_empty() {
        return Err(Error::parse(path, None, None, "no rows after the header"));
    }
    Ok(LoadedList {
        key: KEY.to_string(),
        name: NAME.to_string(),
        files: vec![input.file.clone()],
        entities,
        skipped,
        merged,
        rows_by_source,
    })
}

/// Builds the entity of one row.
fn entity(path: &str, cols: &Columns, rec: &Record) -> Result<Entity> {
    let get = |c: &str| cols.get(rec, c);
    let need = |c: &str| {
        get(c).ok_or_else(|| Error::parse(path, Some(rec.line), Some(c), "required value is empty"))
    };
    let source = need("source")?;
    let name = need("name")?;
    // Treasury rows carry OFAC's ent_num: they are the same designations as OFAC's files.
    let id = match get("entity_number") {
        Some(n) if source.contains("Treasury") => {
            if !n.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::parse(
                    path,
                    Some(rec.line),
                    Some("entity_number"),
                    format!("expected OFAC's whole-number ent_num, found {n:?}"),
                ));
            }
            format!("ofac:{n}")
        }
        _ => format!("csl:{}", need("_id")?),
    };
    let kind = match get("type") {
        Some("Individual") => EntityKind::Person,
        Some("Entity") => EntityKind::Organization,
        Some("Vessel") => EntityKind::Vessel,
        Some("Aircraft") => EntityKind::Aircraft,
        // The Military End User list names only companies and institutions.
        None if source.starts_with("Military End User") => EntityKind::Organization,
        None => kind_from_name(name),
        Some(other) => {
            return Err(Error::parse(
                path,
                Some(rec.line),
                Some("type"),
                format!("expected Individual, Entity, Vessel, Aircraft or empty, found {other:?}"),
            ))
        }
    };
    let mut e = Entity::new(id, KEY, kind, name);
    e.source = source.to_string();
    let many = |c: &str| -> Vec<String> {
        get(c)
            .map(|v| {
                v.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    e.aliases = many("alt_names")
        .into_iter()
        .map(|name| Alias {
            name,
            kind: AliasKind::Aka,
            weak: false,
        })
        .collect();
    e.programs = many("programs");
    e.addresses = many("addresses").iter().map(|a| address(a)).collect();
    e.birth_dates = many("dates_of_birth");
    e.birth_places = many("places_of_birth");
    e.nationalities = many("nationalities");
    for c in many("citizenships") {
        if !e.nationalities.contains(&c) {
            e.nationalities.push(c);
        }
    }
    // `ids` mixes numbers with other facts ("Target Type, Private Company", "Listing Date
    // (CMIC), 2021-06-03"): numbers become identifiers, issuer names aliases, the rest remarks.
    let mut facts = Vec::new();
    for item in many("ids") {
        let (kind, rest) = item.split_once(", ").unwrap_or(("ID", item.as_str()));
        let (value, country) = split_country(rest);
        if kind == "Gender" {
            e.gender = Some(rest.to_string());
        } else if kind == "Issuer Name" {
            e.aliases.push(Alias {
                name: rest.to_string(),
                kind: AliasKind::Aka,
                weak: false,
            });
        } else if is_identifier(kind, value) {
            e.identifiers.push(Identifier {
                kind: kind.to_string(),
                value: value.to_string(),
                country,
            });
        } else {
            facts.push(format!("{} {rest}", kind.trim_end_matches([' ', '-', ':'])));
        }
    }
    if let Some(cs) = get("call_sign") {
        e.identifiers.push(Identifier {
            kind: "Call Sign".into(),
            value: cs.to_string(),
            country: None,
        });
    }
    e.title = get("title").map(str::to_string);
    facts.extend(get("remarks").map(str::to_string));
    e.remarks = (!facts.is_empty()).then(|| facts.join("; "));
    e.listed_on = get("start_date").map(str::to_string);
    e.federal_register = get("federal_register_notice").map(str::to_string);
    e.license_policy = match (get("license_requirement"), get("license_policy")) {
        (None, None) => None,
        (req, pol) => Some(format!(
            "License requirement: {}; license review policy: {}",
            req.unwrap_or("not stated"),
            pol.unwrap_or("not stated")
        )),
    };
    e.source_url = get("source_information_url")
        .or_else(|| get("source_list_url"))
        .map(str::to_string);
    Ok(e)
}

/// The CSL leaves `type` empty for the Entity, Denied Persons, Unverified, ISN and DTC lists,
/// which mix people and organisations (and for the Military End User list, which does not). A name carrying a legal form or an
/// organisational word is an organisation; otherwise the kind stays unknown (a person's name
/// cannot be told from a trading name with confidence).
fn kind_from_name(name: &str) -> EntityKind {
    const ORG_WORDS: &[&str] = &[
        "ltd",
        "limited",
        "llc",
        "inc",
        "corp",
        "corporation",
        "company",
        "co",
        "gmbh",
        "ag",
        "sa",
        "s.a",
        "srl",
        "bv",
        "jsc",
        "pjsc",
        "ojsc",
        "cjsc",
        "ooo",
        "zao",
        "oao",
        "ao",
        "plc",
        "group",
        "holding",
        "holdings",
        "institute",
        "university",
        "academy",
        "laboratory",
        "center",
        "centre",
        "factory",
        "plant",
        "bureau",
        "enterprise",
        "enterprises",
        "industries",
        "industry",
        "industrial",
        "technology",
        "technologies",
        "tech",
        "electronics",
        "trading",
        "international",
        "services",
        "systems",
        "engineering",
        "research",
        "ministry",
        "department",
        "agency",
        "bank",
        "association",
        "foundation",
        "airlines",
        "aviation",
        "shipping",
        "logistics",
        "import",
        "export",
        "partnership",
        "pte",
        "fze",
        "fzco",
        "llp",
        "lp",
        "sarl",
        "spa",
        "kft",
        "sp",
        "z.o.o",
        "a.s",
    ];
    let is_org = name
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .any(|w| ORG_WORDS.contains(&w.as_str()));
    if is_org {
        EntityKind::Organization
    } else {
        EntityKind::Unknown
    }
}

/// Whether an `ids` item of the CSL is an identifying number rather than a date, a directive or
/// a description.
fn is_identifier(kind: &str, value: &str) -> bool {
    const NOT_IDS: &[&str] = &[
        "Date",
        "Directive",
        "risk",
        "Type",
        "Sanctions Information",
        "Transactions Prohibited",
        "Website",
        "Email",
        "Phone",
        "Former",
        "Year",
    ];
    value.bytes().any(|b| b.is_ascii_digit()) && !NOT_IDS.iter().any(|w| kind.contains(w))
}

/// `"street, city, CN"` → lines and the two-letter country code the CSL appends.
fn address(a: &str) -> Address {
    let (lines, country) = split_country(a);
    Address {
        lines: lines.to_string(),
        country,
    }
}

/// Splits a trailing `, XX` two-letter country code off `s`.
fn split_country(s: &str) -> (&str, Option<String>) {
    match s.rsplit_once(", ") {
        Some((head, cc)) if cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase()) => {
            (head, Some(cc.to_string()))
        }
        _ if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) => ("", Some(s.into())),
        _ => (s, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        assert_eq!(
            kind_from_name("Bold Bridge International, LLC"),
            EntityKind::Organization
        );
        assert_eq!(kind_from_name("AO Kaspersky Lab"), EntityKind::Organization);
        assert_eq!(kind_from_name("Abdul Satar Ghoura"), EntityKind::Unknown);
    }

    #[test]
    fn country_codes() {
        assert_eq!(
            split_country("1 Main St, Kabul, AF"),
            ("1 Main St, Kabul", Some("AF".into()))
        );
        assert_eq!(
            split_country("Passport, 19820215"),
            ("Passport, 19820215", None)
        );
        assert_eq!(split_country("CN"), ("", Some("CN".into())));
    }
}
