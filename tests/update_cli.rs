//! `vetter lists update` and `vetter lists diff` as a user runs them: flags, environment
//! variables, exit statuses, messages, and an update killed midway.

mod update_server;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};
use update_server::{fixture, serve_fixture, Reply, Server};
use vetter::store::Store;

/// `vetter` with the test server's addresses in the environment and a clean proxy setting.
fn vetter(server: &Server, data: &Path) -> Command {
    let mut c = Command::cargo_bin("vetter").unwrap();
    c.env("VETTER_DATA_DIR", data)
        .env("VETTER_OFAC_URL", server.url("/ofac"))
        .env("VETTER_CSL_URL", server.url("/csl/consolidated.csv"))
        .env_remove("HTTPS_PROXY")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY");
    c
}

fn leftovers(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".tmp-")
        })
        .count()
}

#[test]
fn update_twice_then_diff_as_table_and_csv() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    vetter(&server, tmp.path())
        .args(["lists", "update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("installed version"))
        .stdout(predicate::str::contains("ofac-sdn"))
        // No terminal, no progress bar.
        .stderr("");
    serve_fixture(&server, "v2");
    vetter(&server, tmp.path())
        .args(["lists", "update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("previous version"));

    vetter(&server, tmp.path())
        .args(["lists", "diff"])
        .assert()
        .success()
        .stdout(predicate::str::contains("CASPIAN BRIDGE LOGISTICS"))
        .stdout(predicate::str::contains(
            "2 added, 1 removed, 3 changed between",
        ));
    let out = vetter(&server, tmp.path())
        .args(["lists", "diff", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("change,list,id,name,field,before,after"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 6, "{text}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("removed,") && r.contains("GOLDEN CRESCENT EXCHANGE")),
        "{text}"
    );
    assert!(
        rows.iter().any(|r| r.starts_with("changed,")
            && r.ends_with(",name,ALMAZ-TECH JSC,ALMAZ-TECH JOINT STOCK COMPANY")),
        "{text}"
    );

    // Explicit ids, in either order, and an unknown one.
    let ids = Store::new(tmp.path()).version_ids().unwrap();
    vetter(&server, tmp.path())
        .args(["lists", "diff", &ids[1], &ids[0]])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 added, 2 removed, 3 changed"));
    vetter(&server, tmp.path())
        .args(["lists", "diff", "20000101T000000.000Z"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not installed"));
}

#[test]
fn a_failed_update_exits_non_zero_with_the_reason() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    server.set("/ofac/CONS_ADD.CSV", Reply::Status(404));
    let tmp = tempfile::tempdir().unwrap();
    // Flags win over the environment.
    Command::cargo_bin("vetter")
        .unwrap()
        .env("VETTER_OFAC_URL", "http://127.0.0.1:9/unused")
        .args(["lists", "update", "--dir"])
        .arg(tmp.path())
        .args(["--ofac-url", &server.url("/ofac")])
        .args(["--csl-url", &server.url("/csl/consolidated.csv")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("CONS_ADD.CSV: HTTP 404"))
        .stderr(predicate::str::contains("lists in force were not changed"));
    assert!(Store::new(tmp.path()).current_id().unwrap().is_none());
    assert_eq!(leftovers(tmp.path()), 0);
}

#[test]
fn from_dir_and_a_refused_shrink_from_the_command_line() {
    let server = Server::start();
    let tmp = tempfile::tempdir().unwrap();
    vetter(&server, tmp.path())
        .args(["lists", "update", "--from"])
        .arg(fixture("v1"))
        .assert()
        .success()
        .stdout(predicate::str::contains("file://"));
    // The same files again change nothing.
    vetter(&server, tmp.path())
        .args(["lists", "update", "--from"])
        .arg(fixture("v1"))
        .assert()
        .success()
        .stdout(predicate::str::contains("lists unchanged"));

    let src = tempfile::tempdir().unwrap();
    let small = src.path();
    for f in ["consolidated.csv", "cons_prim.csv"] {
        std::fs::copy(fixture("v1").join(f), small.join(f)).unwrap();
    }
    // The OFAC SDN list is missing altogether: a 100% drop.
    vetter(&server, tmp.path())
        .args(["lists", "update", "--from"])
        .arg(small)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ofac-sdn has 0 entities against 10",
        ));
    vetter(&server, tmp.path())
        .args(["lists", "update", "--force", "--from"])
        .arg(small)
        .assert()
        .success();
    assert_eq!(Store::new(tmp.path()).version_ids().unwrap().len(), 2);
}

#[test]
fn a_killed_update_leaves_nothing_half_installed() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    vetter(&server, tmp.path())
        .args(["lists", "update"])
        .assert()
        .success();
    let store = Store::new(tmp.path());
    let first = store.current_id().unwrap().unwrap();

    // v2, with one file that starts and then stalls: the process is killed while it waits.
    serve_fixture(&server, "v2");
    server.set(
        "/ofac/CONS_PRIM.CSV",
        Reply::Hang {
            prefix: b"2001,\"EASTERN".to_vec(),
            claimed: 400,
            hold: Duration::from_secs(30),
        },
    );
    let asked_before = server.hits("/ofac/CONS_PRIM.CSV");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vetter"))
        .env("VETTER_DATA_DIR", tmp.path())
        .env("VETTER_OFAC_URL", server.url("/ofac"))
        .env("VETTER_CSL_URL", server.url("/csl/consolidated.csv"))
        .args(["lists", "update"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.hits("/ofac/CONS_PRIM.CSV") == asked_before {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the update never reached CONS_PRIM.CSV"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    // The old version is in force and loads; the partial download sits in a temporary folder.
    assert_eq!(store.current_id().unwrap().as_deref(), Some(first.as_str()));
    assert_eq!(store.version_ids().unwrap(), std::slice::from_ref(&first));
    let inst = vetter::update::installed(tmp.path()).unwrap().unwrap();
    vetter::Lists::load(&[inst.lists_dir]).unwrap();
    assert_eq!(leftovers(tmp.path()), 1);

    // The next update removes it and installs.
    serve_fixture(&server, "v2");
    vetter(&server, tmp.path())
        .args(["lists", "update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("left by an interrupted update"));
    assert_eq!(leftovers(tmp.path()), 0);
    assert_eq!(store.version_ids().unwrap().len(), 2);
}

#[test]
fn check_and_screen_use_the_installed_version_and_name_it() {
    let server = Server::start();
    let tmp = tempfile::tempdir().unwrap();
    // Nothing installed: the shipped lists alone, and no version named.
    vetter(&server, tmp.path())
        .args(["check", "NORTHWIND TRADING LLC"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("installed lists").not());

    vetter(&server, tmp.path())
        .args(["lists", "update", "--from"])
        .arg(fixture("v1"))
        .assert()
        .success();
    let v = vetter::update::installed(tmp.path()).unwrap().unwrap().info;
    let named = format!("installed lists version {} (published", v.id);
    vetter(&server, tmp.path())
        .args(["check", "NORTHWIND TRADING LLC"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("NORTHWIND TRADING LLC"))
        .stderr(predicate::str::contains(named.as_str()))
        .stderr(predicate::str::contains(v.digest.as_str()));

    let vendors = tmp.path().join("vendors.csv");
    std::fs::write(
        &vendors,
        "id,name\n1,Blue Heron Shipping Company\n2,Plain Bakery Ltd\n",
    )
    .unwrap();
    vetter(&server, tmp.path())
        .arg("screen")
        .arg(&vendors)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("BLUE HERON SHIPPING CO"))
        .stderr(predicate::str::contains(named.as_str()));

    // Lists named with --list replace the default selection, installed version included.
    vetter(&server, tmp.path())
        .args(["check", "NORTHWIND TRADING LLC", "--list"])
        .arg(fixture("v1").join("consolidated.csv"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("installed lists").not());
}

#[test]
fn lists_show_includes_the_installed_lists_and_versions() {
    let server = Server::start();
    let tmp = tempfile::tempdir().unwrap();
    vetter(&server, tmp.path())
        .args(["lists", "show"])
        .assert()
        .success()
        .stdout(predicate::str::contains("installed versions: none in"));
    for set in ["v1", "v2"] {
        vetter(&server, tmp.path())
            .args(["lists", "update", "--from"])
            .arg(fixture(set))
            .assert()
            .success();
    }
    let ids = Store::new(tmp.path()).version_ids().unwrap();
    let out = vetter(&server, tmp.path())
        .args(["lists", "show"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // The installed lists are summarised beside the shipped one...
    assert!(text.contains("ofac-sdn  "), "{text}");
    // ...and the versions listed newest first, the one in force marked.
    let newest = text.find(&format!("* {}", ids[1])).expect(&text);
    let older = text.find(&format!("  {}", ids[0])).expect(&text);
    assert!(newest < older, "{text}");
}
