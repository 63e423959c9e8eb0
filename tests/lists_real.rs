//! Loaders on the real public files in `$VETTER_SHARED_LISTS` (see `tests/common/mod.rs`).
//! Counts are taken from the files independently of the loaders' own parser.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use vetter::lists::{AliasKind, EntityKind, Lists};

/// The shared folder, or `None` (with a note) when the variable is unset.
fn shared() -> Option<PathBuf> {
    let dir = common::shared_lists();
    if dir.is_none() {
        eprintln!("VETTER_SHARED_LISTS is unset: skipping the real-data list tests");
    }
    dir
}

/// Lines of a headerless OFAC file that start a record (none of these files has a line break
/// inside a field).
fn record_lines(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .count()
}

#[test]
fn sdn_set_every_record_and_row_accounted_for() {
    let Some(dir) = shared() else { return };
    let ofac = dir.join("ofac");
    let lists = Lists::load(std::slice::from_ref(&ofac)).unwrap();
    assert_eq!(lists.lists.len(), 1);
    let l = &lists.lists[0];
    assert_eq!(l.key, "ofac-sdn");
    let records = record_lines(&ofac.join("sdn.csv"));
    assert_eq!(records, 14_965, "the shared README's count");
    assert_eq!(l.entities.len(), records);
    let ids: HashSet<&str> = l.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), records, "ids are unique");

    // Every alt.csv row is an alias or a reported skip; the remarks add the weak a.k.a.s.
    let s = l.summary();
    let skipped = |prefix: &str| {
        s.skipped
            .iter()
            .filter(|k| k.reason.starts_with(prefix))
            .count()
    };
    let alt_rows = record_lines(&ofac.join("alt.csv"));
    assert_eq!(s.aliases - s.weak_aliases + skipped("alias row"), alt_rows);
    assert!(s.weak_aliases > 3000, "weak a.k.a.s from the remarks");
    let add_rows = record_lines(&ofac.join("add.csv"));
    let addresses: usize = l.entities.iter().map(|e| e.addresses.len()).sum();
    assert_eq!(addresses + skipped("address row"), add_rows);
    assert_eq!(s.by_kind["person"], 6854);
    assert_eq!(s.by_kind["organization"], 6884);
    assert_eq!(s.by_kind["vessel"], 851);
    assert_eq!(s.by_kind["aircraft"], 376);
}

#[test]
fn sdn_spot_checks() {
    let Some(dir) = shared() else { return };
    let lists = Lists::load(&[dir.join("ofac")]).unwrap();
    let get = |id: &str| lists.entities().find(|e| e.id == id).unwrap();

    let p = get("ofac:35562");
    assert_eq!(p.name, "BICHAYEV, Artyom Aleksandrovich");
    assert_eq!(p.kind, EntityKind::Person);
    assert_eq!(p.birth_dates, ["04 Apr 1990"]);
    assert_eq!(p.nationalities, ["Russia"]);
    assert_eq!(p.gender.as_deref(), Some("Male"));
    assert_eq!(p.programs, ["RUSSIA-EO14024"]);

    let c = get("ofac:37504");
    assert_eq!(c.kind, EntityKind::Organization);
    let ids: Vec<(&str, &str)> = c
        .identifiers
        .iter()
        .map(|i| (i.kind.as_str(), i.value.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("Tax ID No.", "3528112847"),
            ("Registration Number", "1063528067272")
        ]
    );

    let v = get("ofac:4243");
    assert_eq!(v.name, "EBANO");
    assert_eq!(v.kind, EntityKind::Vessel);
    assert!(v.identifiers.iter().any(|i| i.value == "IMO 7406784"));
    let fka: Vec<&str> = v
        .aliases
        .iter()
        .filter(|a| a.kind == AliasKind::Fka)
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(fka, ["ANA I", "SAND SWAN"]);

    let bank = get("ofac:306");
    assert!(bank
        .aliases
        .iter()
        .any(|a| a.name == "BNC" && a.weak && a.kind == AliasKind::Aka));
    assert!(bank
        .aliases
        .iter()
        .any(|a| a.name == "NATIONAL BANK OF CUBA" && !a.weak));
    assert!(bank
        .addresses
        .iter()
        .any(|a| a.country.as_deref() == Some("Japan")));
}

#[test]
fn shared_csl_file_is_truncated_and_refused() {
    let Some(dir) = shared() else { return };
    // The shared consolidated.csv ends inside a quoted field of its last record: fail closed.
    let e = Lists::load(&[dir.join("csl")]).unwrap_err().to_string();
    assert!(
        e.contains("consolidated.csv, line 4232") && e.contains("never closed"),
        "{e}"
    );
}

#[test]
fn csl_entity_list_rows_all_loaded_with_their_source() {
    let Some(dir) = shared() else { return };
    let tmp = common::complete_csl(&dir);
    let lists = Lists::load(&[tmp.path().to_path_buf()]).unwrap();
    let l = &lists.lists[0];
    let s = l.summary();
    let el = "Entity List (EL) - Bureau of Industry and Security";
    assert_eq!(s.by_source[el], 919);
    // The shared README counts 4,227 records including the truncated last one.
    assert_eq!(s.by_source.values().sum::<u64>(), 4226);
    let el_entities: Vec<_> = l.entities.iter().filter(|e| e.source == el).collect();
    assert_eq!(el_entities.len(), 919);
    assert!(el_entities
        .iter()
        .all(|e| e.id.starts_with("csl:") && e.source_url.is_some()));
    assert_eq!(
        s.by_source["Denied Persons List (DPL) - Bureau of Industry and Security"],
        577
    );
    assert_eq!(l.entities.len() + l.merged.len(), 4226);
}

#[test]
fn sdn_and_csl_together_merge_shared_designations() {
    let Some(dir) = shared() else { return };
    let tmp = common::complete_csl(&dir);
    let lists = Lists::load(&[dir.join("ofac"), tmp.path().to_path_buf()]).unwrap();
    let mut seen = HashSet::new();
    for e in lists.entities() {
        assert!(seen.insert(e.id.as_str()), "{} twice", e.id);
    }
    let csl = &lists.lists[1].summary();
    assert_eq!(csl.merged_into["ofac-sdn"], 1660);
    let sdn = &lists.lists[0];
    assert_eq!(sdn.entities.len(), 14_965);
    // A CSL spelling of an SDN name becomes an alias of the OFAC record.
    let e = sdn.entities.iter().find(|e| e.id == "ofac:9659").unwrap();
    assert!(e
        .aliases
        .iter()
        .any(|a| a.name == "Fathi Ahmad Mohammad HAMMAD"));
}
