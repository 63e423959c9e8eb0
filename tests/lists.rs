//! Loaders on the hand-written fixtures in `fixtures/lists/`: every format and every quirk.

use std::path::PathBuf;
use vetter::lists::{AliasKind, Entity, EntityKind, Lists};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/lists")
        .join(rel)
}

fn load(rels: &[&str]) -> vetter::Result<Lists> {
    let paths: Vec<PathBuf> = rels.iter().map(|r| fixture(r)).collect();
    Lists::load(&paths)
}

fn entity<'a>(lists: &'a Lists, id: &str) -> &'a Entity {
    lists
        .entities()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} not loaded"))
}

fn err(rels: &[&str]) -> String {
    match load(rels) {
        Ok(l) => panic!("{rels:?} loaded {} entities", l.entities().count()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn ofac_sdn_set_with_crlf_null_marker_and_dos_eof() {
    let lists = load(&["ofac"]).unwrap();
    assert_eq!(lists.lists.len(), 1);
    let l = &lists.lists[0];
    assert_eq!(l.key, "ofac-sdn");
    assert_eq!(l.files.len(), 4, "sdn, alt, add and comments files");
    assert_eq!(l.entities.len(), 5);

    let p = entity(&lists, "ofac:100");
    assert_eq!(p.kind, EntityKind::Person);
    assert_eq!(p.name, "PETROV, Ivan Sergeyevich");
    assert_eq!(p.programs, ["RUSSIA-EO14024", "CYBER2"]);
    assert_eq!(p.birth_dates, ["04 Apr 1970", "1971"]);
    assert_eq!(p.birth_places, ["Moscow, Russia"]);
    assert_eq!(p.nationalities, ["Russia"]);
    assert_eq!(p.gender.as_deref(), Some("Male"));
    assert_eq!(p.identifiers[0].kind, "Passport");
    assert_eq!(p.identifiers[0].value, "720000001");
    assert_eq!(p.identifiers[1].kind, "Tax ID No.");
    let names: Vec<(&str, AliasKind, bool)> = p
        .aliases
        .iter()
        .map(|a| (a.name.as_str(), a.kind, a.weak))
        .collect();
    assert_eq!(
        names,
        [
            ("VANYA", AliasKind::Aka, true),
            ("PETROV, Ivan", AliasKind::Aka, false),
            ("PETROFF, Ivan", AliasKind::Fka, false),
        ]
    );
    assert_eq!(p.addresses[0].lines, "Tverskaya 1, Moscow 125009");
    assert_eq!(p.addresses[0].country.as_deref(), Some("Russia"));
    assert_eq!(p.remarks.as_deref(), Some("Linked To: ACME TRADING LLC"));

    let c = entity(&lists, "ofac:200");
    assert_eq!(
        c.kind,
        EntityKind::Organization,
        "-0- type is an organisation"
    );
    assert_eq!(
        c.aliases
            .iter()
            .filter(|a| a.kind == AliasKind::Fka)
            .count(),
        1
    );
    assert_eq!(c.addresses[0].lines, "Moscow");

    let v = entity(&lists, "ofac:300");
    assert_eq!(v.kind, EntityKind::Vessel);
    assert!(v.identifiers.iter().any(|i| i.value == "IMO 9000001"));
    assert!(v.identifiers.iter().any(|i| i.kind == "Call Sign"));
    assert!(v.remarks.as_deref().unwrap().contains("Flag Malta"));

    assert_eq!(entity(&lists, "ofac:400").kind, EntityKind::Aircraft);

    let g = entity(&lists, "ofac:500");
    assert_eq!(g.name, "GLOBAL \"STAR\" GROUP", "doubled quotes unescaped");
    assert_eq!(
        g.remarks.as_deref(),
        Some(
            "Additional Sanctions Information - Subject to Secondary Sanctions; \
             Linked To: PETROV, Ivan Sergeyevich"
        ),
        "sdn_comments.csv continues the remarks"
    );
}

#[test]
fn orphan_and_empty_rows_are_reported_not_dropped() {
    let lists = load(&["ofac"]).unwrap();
    let s = lists.lists[0].summary();
    let reasons: Vec<(&str, usize)> = s
        .skipped_by_reason
        .iter()
        .map(|(r, n)| (r.as_str(), *n))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "address row for an ent_num the primary file does not list",
                1
            ),
            ("address row with every field empty (-0-)", 1),
            ("alias row for an ent_num the primary file does not list", 1),
            (
                "remarks spill-over row for an ent_num the primary file does not list",
                1
            ),
        ]
    );
    let orphan_alias = s
        .skipped
        .iter()
        .find(|k| k.reason.starts_with("alias"))
        .unwrap();
    assert!(orphan_alias.file.ends_with("alt.csv"));
    assert_eq!(orphan_alias.line, 5);
    assert_eq!(orphan_alias.detail, "ent_num 999");
}

#[test]
fn ofac_non_sdn_consolidated_set() {
    let lists = load(&["cons"]).unwrap();
    let l = &lists.lists[0];
    assert_eq!(l.key, "ofac-cons");
    assert_eq!(l.files.len(), 4);
    let bank = entity(&lists, "ofac:1000");
    assert_eq!(bank.aliases[0].name, "SECTORBANK");
    assert_eq!(bank.addresses[0].country.as_deref(), Some("Russia"));
    let p = entity(&lists, "ofac:1001");
    assert_eq!(p.kind, EntityKind::Person);
    assert_eq!(p.nationalities, ["Palestinian"]);
}

#[test]
fn csl_rows_keep_their_source_and_treasury_rows_take_ofac_ids() {
    let lists = load(&["csl/consolidated.csv"]).unwrap();
    let l = &lists.lists[0];
    assert_eq!(l.key, "csl");
    let el = entity(&lists, "csl:abc1");
    assert_eq!(
        el.source,
        "Entity List (EL) - Bureau of Industry and Security"
    );
    assert_eq!(el.kind, EntityKind::Organization, "legal form in the name");
    assert_eq!(el.federal_register.as_deref(), Some("89 FR 10000"));
    assert_eq!(el.listed_on.as_deref(), Some("2024-02-01"));
    assert!(el
        .license_policy
        .as_deref()
        .unwrap()
        .contains("Presumption of denial"));
    assert_eq!(el.addresses[0].country.as_deref(), Some("CN"));
    assert_eq!(el.aliases.len(), 2);
    assert_eq!(entity(&lists, "csl:abc2").kind, EntityKind::Unknown);
    let sdn = entity(&lists, "ofac:100");
    assert_eq!(sdn.kind, EntityKind::Person);
    assert_eq!(sdn.gender.as_deref(), Some("Male"));
    assert_eq!(sdn.identifiers[0].country.as_deref(), Some("RU"));
    assert_eq!(entity(&lists, "ofac:3000").kind, EntityKind::Vessel);

    // One designation on two CSL sub-lists is one entity with both sources.
    let oil = entity(&lists, "ofac:2000");
    assert!(oil.source.contains("(SSI)") && oil.source.contains("(NS-MBS List)"));
    assert_eq!(oil.programs, ["UKRAINE-EO13662", "RUSSIA-EO14024"]);
    // `ids`: numbers are identifiers, issuer names aliases, other facts remarks.
    assert_eq!(oil.identifiers.len(), 1);
    assert_eq!(oil.identifiers[0].value, "7700000003");
    assert!(oil.aliases.iter().any(|a| a.name == "Oil Co PJSC"));
    assert_eq!(
        oil.remarks.as_deref(),
        Some("Target Type Public Company; Listing Date (CMIC) 2021-06-03")
    );
    assert_eq!(l.merged.len(), 1);

    let s = l.summary();
    assert_eq!(s.entities, 6);
    assert_eq!(
        s.by_source["Entity List (EL) - Bureau of Industry and Security"],
        2
    );
    assert_eq!(s.newest_listing.as_deref(), Some("2024-02-01"));
    assert_eq!(s.skipped_by_reason["repeated header line"], 1);
    assert_eq!(s.skipped[0].line, 4);
}

#[test]
fn the_same_designation_from_ofac_files_and_csl_is_one_entity() {
    // Whatever the order, the OFAC file's record is kept and the CSL's names are added.
    for order in [["csl", "ofac"], ["ofac", "csl"]] {
        let lists = load(&order).unwrap();
        let copies: Vec<&Entity> = lists.entities().filter(|e| e.id == "ofac:100").collect();
        assert_eq!(copies.len(), 1, "{order:?}");
        let p = copies[0];
        assert_eq!(p.list, "ofac-sdn");
        assert_eq!(p.name, "PETROV, Ivan Sergeyevich");
        assert!(p.aliases.iter().any(|a| a.name == "PETROV, Ivan S."));
        assert_eq!(
            p.aliases
                .iter()
                .filter(|a| a.name == "PETROV, Ivan")
                .count(),
            1,
            "aliases are united, not repeated"
        );
        assert!(p.birth_dates.contains(&"1970-04-04".to_string()));
        let csl = lists.lists.iter().find(|l| l.key == "csl").unwrap();
        assert_eq!(csl.summary().merged_into["ofac-sdn"], 1);
    }
}

#[test]
fn loading_is_deterministic() {
    let a = serde_json::to_string(&load(&["ofac", "cons", "csl", "native"]).unwrap()).unwrap();
    let b = serde_json::to_string(&load(&["ofac", "cons", "csl", "native"]).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn merge_combines_lists_with_the_same_rule() {
    let shipped = Lists::shipped().unwrap();
    let more = load(&["csl", "ofac"]).unwrap();
    let all = shipped.merge(more);
    let n = all.entities().filter(|e| e.id == "ofac:100").count();
    assert_eq!(n, 1);
    assert_eq!(all.lists.len(), 3);
    let n = all.entities().count();
    assert_eq!(all.into_entities().len(), n);
}

#[test]
fn folder_with_several_lists_side_by_side() {
    let lists = load(&["."]).err().map(|e| e.to_string());
    // fixtures/lists holds the bad files too, so loading all of it must fail, naming one.
    assert!(lists.unwrap().contains("bad"));
    let lists = load(&["ofac", "cons", "csl", "native"]).unwrap();
    let keys: Vec<&str> = lists.lists.iter().map(|l| l.key.as_str()).collect();
    assert_eq!(keys, ["ofac-sdn", "ofac-cons", "csl", "internal"]);
    // The parallel copy keeps the lists' order, entity by entity.
    let ids = |v: Vec<&Entity>| v.into_iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    let copied = lists.to_entities();
    assert_eq!(
        ids(copied.iter().collect()),
        ids(lists.entities().collect())
    );
}

#[test]
fn native_toml_list() {
    let lists = load(&["native/watchlist.toml"]).unwrap();
    let e = entity(&lists, "internal:bad-vendor-1");
    assert_eq!(e.kind, EntityKind::Organization);
    assert_eq!(e.aliases[1].kind, AliasKind::Fka);
    assert_eq!(e.source, "Internal watchlist");
    assert_eq!(
        e.source_url.as_deref(),
        Some("https://intranet.example/watchlist")
    );
    assert_eq!(e.identifiers[0].value, "01234567");
    let p = entity(&lists, "internal:person-1");
    assert_eq!(p.gender.as_deref(), Some("Female"));
}

#[test]
fn shipped_kaspersky_list_has_all_fifteen() {
    let lists = Lists::shipped().unwrap();
    let l = &lists.lists[0];
    assert_eq!(l.key, "kaspersky");
    assert_eq!(l.files[0].path, "<shipped>/kaspersky.toml");
    let orgs = [
        ("kaspersky:ao-kaspersky-lab", "AO Kaspersky Lab"),
        ("kaspersky:ooo-kaspersky-group", "OOO Kaspersky Group"),
        ("kaspersky:kaspersky-labs-limited", "Kaspersky Labs Limited"),
    ];
    for (id, name) in orgs {
        let e = entity(&lists, id);
        assert_eq!(e.kind, EntityKind::Organization);
        assert_eq!(e.name, name);
        assert_eq!(e.federal_register.as_deref(), Some("89 FR 52362"));
        assert_eq!(e.listed_on.as_deref(), Some("2024-06-24"));
        assert!(e.license_policy.is_some() && !e.addresses.is_empty());
    }
    let people = [
        "TIKHONOV, Andrei Gennadyevich",
        "BORSHCHEV, Daniil Sergeyevich",
        "EFREMOV, Andrei Anatolyevich",
        "CHEKUNOV, Igor Gennadyevich",
        "DUKHVALOV, Andrey Petrovich",
        "SUVOROV, Andrei Anatolyevich",
        "ZENKIN, Denis Vladimirovich",
        "ALEKSEEVA, Marina Mikhaylovna",
        "GERBER, Mikhail Yuryevich",
        "IVANOV, Anton Mikhaylovich",
        "ASTRAKHAN, Kirill Aleksandrovich",
        "KULASHOVA, Anna Vladimirovna",
    ];
    for name in people {
        let e = lists
            .entities()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(e.kind, EntityKind::Person, "{name}");
        assert!(e.id.starts_with("kaspersky:"), "{}", e.id);
        assert_eq!(e.programs, ["RUSSIA-EO14024"], "{name}");
        assert_eq!(e.listed_on.as_deref(), Some("2024-06-21"), "{name}");
    }
    assert_eq!(lists.entities().count(), 15);
    assert!(lists.entities().all(|e| e.source_url.is_some()));
}

#[test]
fn missing_file_is_an_error() {
    let e = err(&["ofac/no-such.csv"]);
    assert!(e.contains("no-such.csv"), "{e}");
}

#[test]
fn empty_files_are_errors() {
    for f in [
        "bad/empty.csv",
        "bad/only_eof.csv",
        "bad/csl_header_only.csv",
    ] {
        let e = err(&[f]);
        assert!(
            e.contains(f) && (e.contains("empty") || e.contains("no rows")),
            "{e}"
        );
    }
    let e = err(&["bad/no_entities.toml"]);
    assert!(e.contains("no [[entity]]"), "{e}");
}

#[test]
fn truncated_files_are_errors_naming_the_line() {
    let e = err(&["bad/truncated_quote.csv"]);
    assert!(e.contains("line 2") && e.contains("never closed"), "{e}");
    let e = err(&["bad/truncated_row.csv"]);
    assert!(
        e.contains("line 2") && e.contains("expected 12 fields"),
        "{e}"
    );
}

#[test]
fn unrecognised_file_is_an_error() {
    let e = err(&["bad/unrecognised.csv"]);
    assert!(e.contains("not a list vetter recognises"), "{e}");
}

#[test]
fn invalid_utf8_is_an_error_not_replaced() {
    let e = err(&["bad/latin1.csv"]);
    assert!(e.contains("invalid UTF-8") && e.contains("line 1"), "{e}");
}

#[test]
fn malformed_fields_name_file_line_and_field() {
    let e = err(&["bad/bad_type.csv"]);
    assert!(e.contains("line 1, field SDN_Type"), "{e}");
    let e = err(&["bad/dup_ent.csv"]);
    assert!(e.contains("line 2, field ent_num"), "{e}");
    let e = err(&["bad/csl_missing_column.csv"]);
    assert!(e.contains("field entity_number"), "{e}");
}

#[test]
fn companion_file_without_primary_is_an_error() {
    let e = err(&["bad/alt_only"]);
    assert!(e.contains("without its primary file sdn.csv"), "{e}");
}

#[test]
fn native_format_is_strict() {
    let e = err(&["bad/unknown_key.toml"]);
    assert!(e.contains("line 9") && e.contains("colour"), "{e}");
    let e = err(&["bad/unknown_address_key.toml"]);
    assert!(e.contains("line 9") && e.contains("postcode"), "{e}");
    let e = err(&["bad/bad_kind.toml"]);
    assert!(e.contains("line 7") && e.contains("robot"), "{e}");
    let e = err(&["bad/dup_id.toml"]);
    assert!(
        e.contains("line 11, field id") && e.contains("twice"),
        "{e}"
    );
    let e = err(&["bad/missing_name.toml"]);
    assert!(e.contains("name"), "{e}");
    let e = err(&["bad/reserved_key.toml"]);
    assert!(
        e.contains("line 2, field list.key") && e.contains("reserved"),
        "{e}"
    );
    let e = err(&["bad/bad_date.toml"]);
    assert!(e.contains("line 9, field listed_on"), "{e}");
}

#[test]
fn of_several_lists_that_fail_the_first_given_is_reported() {
    // The lists are parsed side by side; the error must not depend on which finishes first.
    for _ in 0..5 {
        let e = err(&["bad/bad_type.csv", "bad/bad_kind.toml"]);
        assert!(e.contains("SDN_Type"), "{e}");
        let e = err(&["bad/bad_kind.toml", "bad/bad_type.csv"]);
        assert!(e.contains("robot"), "{e}");
    }
}

#[test]
fn companion_rows_fail_in_file_order_and_orphans_never_fail() {
    // The companion files are read alongside the primary file, but what they report must be
    // what reading them one row at a time would: an orphan row is skipped whatever it holds,
    // and of two bad rows the first is the one named.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("ofac/sdn.csv"), dir.path().join("sdn.csv")).unwrap();
    let alt = |rows: &str| {
        std::fs::write(dir.path().join("alt.csv"), rows).unwrap();
        Lists::load(&[dir.path().to_path_buf()])
    };
    let valid = "100,1,\"aka\",\"PETROV, Vanya\",-0- \n";
    let ok = alt(&format!("{valid}999,2,\"xyz\",\"NOBODY\",-0- \n")).unwrap();
    let s = ok.lists[0].summary();
    let orphans: Vec<u64> = s
        .skipped
        .iter()
        .filter(|k| k.file.ends_with("alt.csv"))
        .map(|k| k.line)
        .collect();
    assert_eq!(orphans, [2]);
    let e = alt(&format!(
        "{valid}100,2,\"xyz\",\"PETROV, Vanya\",-0- \n100,3,\"aka\"\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("alt.csv") && e.contains("line 2"), "{e}");
    assert!(e.contains("alt_type"), "{e}");
    let e = alt(&format!("{valid}100,3,\"aka\"\n"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2"), "{e}");
}
