//! `vetter lists show` end to end.

use assert_cmd::Command;
use predicates::str::contains;

fn vetter() -> Command {
    Command::cargo_bin("vetter").unwrap()
}

fn fixture(rel: &str) -> String {
    format!("{}/fixtures/lists/{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shows_the_shipped_lists_from_any_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    vetter()
        .current_dir(elsewhere.path())
        .args(["lists", "show"])
        .assert()
        .success()
        .stdout(contains("kaspersky"))
        .stdout(contains("<shipped>/kaspersky.toml"))
        .stdout(contains("entities  15 (organization 3, person 12)"))
        .stdout(contains("newest listing  2024-06-24"));
}

#[test]
fn json_for_machines() {
    let out = vetter()
        .args(["lists", "show", "--format", "json"])
        .args(["--list", &fixture("ofac"), "--list", &fixture("csl")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lists = v.as_array().unwrap();
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[0]["key"], "ofac-sdn");
    assert_eq!(lists[0]["entities"], 5);
    assert_eq!(lists[0]["files"][0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(lists[0]["by_kind"]["person"], 1);
    assert_eq!(lists[1]["key"], "csl");
    assert_eq!(
        lists[1]["by_source"]["Entity List (EL) - Bureau of Industry and Security"],
        2
    );
    assert_eq!(lists[1]["merged_into"]["ofac-sdn"], 1);
    assert_eq!(lists[0]["skipped"].as_array().unwrap().len(), 4);
}

#[test]
fn table_lists_sources_and_skipped_rows() {
    vetter()
        .args([
            "lists",
            "show",
            "--list",
            &fixture("csl"),
            "--list",
            &fixture("ofac"),
        ])
        .assert()
        .success()
        .stdout(contains("rows by source list:"))
        .stdout(contains(
            "alias row for an ent_num the primary file does not list",
        ))
        .stdout(contains(
            "merged    1 records into the same designation in ofac-sdn",
        ));
}

#[test]
fn a_list_that_fails_to_load_is_an_error_with_file_and_line() {
    vetter()
        .args(["lists", "show", "--list", &fixture("bad/truncated_row.csv")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("truncated_row.csv, line 2"))
        .stderr(contains("expected 12 fields"));
    vetter()
        .args(["lists", "show", "--list", &fixture("no-such-folder")])
        .assert()
        .code(2)
        .stderr(contains("no-such-folder"));
}
