//! `vetter lists update` and `vetter lists diff`: downloads from a test server on 127.0.0.1, the
//! checks that keep bad files out, atomic installation, and the diff between versions.

mod common;
mod update_server;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use update_server::{fixture, serve_fixture, Reply, Server, OFAC};
use vetter::store::Store;
use vetter::update::{self, HttpOptions, Origin, Remote, UpdateOptions};

/// Options for a fast update from `server`: short time-out, millisecond back-off.
fn opts(server: &Server) -> UpdateOptions {
    UpdateOptions {
        origin: Origin::Download(update::remotes(
            &server.url("/ofac"),
            &server.url("/csl/consolidated.csv"),
        )),
        http: HttpOptions {
            timeout: Duration::from_secs(5),
            attempts: 2,
            backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        },
        max_drop: update::DEFAULT_MAX_DROP,
        force: false,
        keep: update::DEFAULT_KEEP,
    }
}

fn run(store: &Store, o: &UpdateOptions) -> vetter::Result<update::Report> {
    update::update(store, o, &mut |_| {})
}

fn sha256(path: &Path) -> String {
    format!("{:x}", Sha256::digest(std::fs::read(path).unwrap()))
}

/// Entries of the data directory whose names start with `.tmp-`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(".tmp-")
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Asserts that `store` still has exactly `expected` in force and nothing half-installed.
fn assert_untouched(store: &Store, expected: Option<&str>, versions: usize) {
    assert_eq!(store.current_id().unwrap().as_deref(), expected);
    assert_eq!(store.version_ids().unwrap().len(), versions);
    assert!(
        leftovers(store.dir()).is_empty(),
        "{:?}",
        leftovers(store.dir())
    );
}

fn count(info: &update::VersionInfo, key: &str) -> usize {
    info.lists
        .iter()
        .find(|l| l.key == key)
        .unwrap_or_else(|| panic!("no list {key} in {:?}", info.lists))
        .entities
}

#[test]
fn clean_update_installs_a_recorded_version() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path().join("data"));

    let report = run(&store, &opts(&server)).unwrap();
    assert!(!report.unchanged);
    assert!(report.previous.is_none());
    let v = &report.version;
    assert_eq!(store.current_id().unwrap().as_deref(), Some(v.id.as_str()));
    assert_eq!(v.files.len(), 9);
    for (remote, local) in OFAC {
        let f = v.files.iter().find(|f| f.name == local).unwrap();
        assert_eq!(f.url, server.url(&format!("/ofac/{remote}")));
        assert_eq!(f.sha256, sha256(&fixture("v1").join(local)), "{local}");
        // The only publication date these files have is the server's Last-Modified.
        assert_eq!(f.published.as_deref(), Some("2025-11-21T18:30:00Z"));
        assert_eq!(
            f.published_from,
            Some(vetter::store::DateSource::HttpLastModified)
        );
    }
    assert_eq!(count(v, "ofac-sdn"), 10);
    assert_eq!(count(v, "ofac-cons"), 3);
    assert_eq!(count(v, "csl"), 3);

    // What check and screen use: the version in force, loadable, with its record.
    let inst = update::installed(store.dir()).unwrap().unwrap();
    assert_eq!(inst.info, *v);
    let lists = vetter::Lists::load(std::slice::from_ref(&inst.lists_dir)).unwrap();
    assert_eq!(lists.entities().count(), 16);
    assert!(leftovers(store.dir()).is_empty());

    // The same files again: nothing new is installed.
    let again = run(&store, &opts(&server)).unwrap();
    assert!(again.unchanged);
    assert_eq!(again.version.id, v.id);
    assert_untouched(&store, Some(&v.id), 1);
}

#[test]
fn nothing_installed_on_a_fresh_directory_when_a_file_fails() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    server.set("/ofac/CONS_ALT.CSV", Reply::Status(404));
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let err = run(&store, &opts(&server)).unwrap_err().to_string();
    assert!(err.contains("HTTP 404"), "{err}");
    assert!(err.contains("/ofac/CONS_ALT.CSV"), "{err}");
    // A 404 is not retried: asking again gets the same answer.
    assert_eq!(server.hits("/ofac/CONS_ALT.CSV"), 1);
    assert_untouched(&store, None, 0);
    assert!(update::installed(store.dir()).unwrap().is_none());
}

/// Installs v1, then runs an update in which one file misbehaves; returns the error.
fn failing_update(path: &str, reply: Reply, tune: impl Fn(&mut UpdateOptions)) -> String {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let first = run(&store, &opts(&server)).unwrap().version.id;
    serve_fixture(&server, "v2");
    server.set(path, reply);
    let mut o = opts(&server);
    tune(&mut o);
    let err = run(&store, &o).unwrap_err().to_string();
    assert_untouched(&store, Some(&first), 1);
    // The version in force still loads.
    let inst = update::installed(store.dir()).unwrap().unwrap();
    assert_eq!(count(&inst.info, "ofac-sdn"), 10);
    err
}

#[test]
fn a_404_on_one_file_keeps_the_installed_version() {
    let err = failing_update("/ofac/ALT.CSV", Reply::Status(404), |_| {});
    assert!(err.contains("HTTP 404") && err.contains("ALT.CSV"), "{err}");
}

#[test]
fn a_server_error_is_retried_then_fails() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    server.set("/csl/consolidated.csv", Reply::Status(503));
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let mut o = opts(&server);
    o.http.attempts = 3;
    let err = run(&store, &o).unwrap_err().to_string();
    assert!(
        err.contains("HTTP 503") && err.contains("3 attempts"),
        "{err}"
    );
    assert_eq!(server.hits("/csl/consolidated.csv"), 3);
    assert_untouched(&store, None, 0);
}

#[test]
fn a_body_cut_short_is_refused() {
    let body = std::fs::read(fixture("v2").join("sdn.csv")).unwrap();
    let claimed = body.len();
    let half = body[..claimed / 2].to_vec();
    let err = failing_update(
        "/ofac/SDN.CSV",
        Reply::Short {
            body: half,
            claimed,
        },
        |_| {},
    );
    assert!(err.contains("SDN.CSV"), "{err}");
    assert!(err.contains("2 attempts"), "{err}");
}

#[test]
fn an_html_page_with_status_200_is_refused() {
    let err = failing_update("/csl/consolidated.csv", Reply::Html, |_| {});
    assert!(
        err.contains("web page") && err.contains("text/html"),
        "{err}"
    );
    // Labelled as CSV, it is still recognised by its content.
    let err = failing_update("/ofac/ADD.CSV", Reply::HtmlAsCsv, |_| {});
    assert!(
        err.contains("web page") && err.contains("starts with '<'"),
        "{err}"
    );
}

#[test]
fn a_silent_server_times_out() {
    let hang = Reply::Hang {
        prefix: b"1001,\"NORTH".to_vec(),
        claimed: 5000,
        hold: Duration::from_secs(4),
    };
    let started = Instant::now();
    let err = failing_update("/ofac/SDN_COMMENTS.CSV", hang, |o| {
        o.http.timeout = Duration::from_millis(200);
    });
    assert!(err.contains("SDN_COMMENTS.CSV"), "{err}");
    assert!(err.to_lowercase().contains("timed out"), "{err}");
    // Two attempts of 200 ms each, not the server's 4 s.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// The first `n` records of fixture `v1`'s `sdn.csv`, in OFAC's own layout.
fn first_sdn_records(n: usize) -> Vec<u8> {
    let text = std::fs::read_to_string(fixture("v1").join("sdn.csv")).unwrap();
    let mut out: String = text.split_inclusive("\r\n").take(n).collect();
    out.push('\u{1a}');
    out.into_bytes()
}

#[test]
fn a_shrunken_list_is_refused_unless_forced() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let first = run(&store, &opts(&server)).unwrap().version.id;

    // Three records of ten: a 70% drop, as from a file cut at a line end.
    server.set("/ofac/SDN.CSV", Reply::File(first_sdn_records(3)));
    let err = run(&store, &opts(&server)).unwrap_err().to_string();
    assert!(err.contains("refused"), "{err}");
    assert!(err.contains("ofac-sdn has 3 entities against 10"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_untouched(&store, Some(&first), 1);

    // A larger allowance is not enough either; --force is.
    let mut o = opts(&server);
    o.max_drop = 0.5;
    assert!(run(&store, &o).is_err());
    o.force = true;
    let forced = run(&store, &o).unwrap();
    assert_eq!(count(&forced.version, "ofac-sdn"), 3);
    assert_eq!(forced.previous.unwrap().id, first);
    assert_untouched(&store, Some(&forced.version.id), 2);
}

#[test]
fn two_updates_in_a_row_and_the_diff_between_them() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let v1 = run(&store, &opts(&server)).unwrap().version;
    serve_fixture(&server, "v2");
    let report = run(&store, &opts(&server)).unwrap();
    let v2 = report.version;
    assert!(v1.id < v2.id);
    assert_eq!(report.previous.unwrap().id, v1.id);
    assert_eq!(
        store.previous_id(&v2.id).unwrap().as_deref(),
        Some(v1.id.as_str())
    );
    assert_untouched(&store, Some(&v2.id), 2);

    let old = update::load_version(&store, &v1.id).unwrap();
    let new = update::load_version(&store, &v2.id).unwrap();
    let d = vetter::diff::diff(&old, &new);
    let names = |v: &[&vetter::Entity]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    let mut added = names(&d.added);
    added.sort();
    assert_eq!(
        added,
        [
            "Altai Precision Instruments LLC",
            "CASPIAN BRIDGE LOGISTICS"
        ]
    );
    assert_eq!(names(&d.removed), ["GOLDEN CRESCENT EXCHANGE"]);
    let mut changed: Vec<(String, String, String, String)> = d
        .rows()
        .into_iter()
        .filter(|r| r.change == "changed")
        .map(|r| (r.name, r.field, r.before, r.after))
        .collect();
    changed.sort();
    let row = |n: &str, f: &str, b: &str, a: &str| (n.into(), f.into(), b.into(), a.into());
    assert_eq!(
        changed,
        vec![
            row(
                "ALMAZ-TECH JOINT STOCK COMPANY",
                "name",
                "ALMAZ-TECH JSC",
                "ALMAZ-TECH JOINT STOCK COMPANY"
            ),
            row("BLUE HERON SHIPPING CO", "programs", "", "SDGT"),
            row(
                "KOVALENKO, Dmitri Ivanovich",
                "aliases",
                "",
                "KOVALENKO, Dmitriy"
            ),
        ]
    );
}

#[test]
fn old_versions_are_pruned_but_never_the_current_one() {
    let server = Server::start();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let mut o = opts(&server);
    o.keep = 2;
    // v2 to v1 drops one of four CSL entities.
    o.max_drop = 0.3;
    let mut ids = Vec::new();
    for set in ["v1", "v2", "v1", "v2"] {
        serve_fixture(&server, set);
        ids.push(run(&store, &o).unwrap().version.id);
    }
    assert_eq!(store.version_ids().unwrap(), ids[2..]);
    assert_eq!(
        store.current_id().unwrap().as_deref(),
        Some(ids[3].as_str())
    );
}

#[test]
fn from_dir_installs_local_files() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let mut o = opts(&Server::start());
    o.origin = Origin::Directory(fixture("v1"));
    let v = run(&store, &o).unwrap().version;
    assert_eq!(v.files.len(), 9);
    let sdn = v.files.iter().find(|f| f.name == "sdn.csv").unwrap();
    assert!(
        sdn.url.starts_with("file://") && sdn.url.ends_with("v1/sdn.csv"),
        "{}",
        sdn.url
    );
    assert_eq!(sdn.sha256, sha256(&fixture("v1").join("sdn.csv")));
    assert_eq!(count(&v, "ofac-sdn"), 10);

    // A folder with something that is not a list fails closed.
    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("sdn.csv"), "<html>oops</html>\n").unwrap();
    o.origin = Origin::Directory(bad);
    assert!(run(&store, &o).is_err());
    assert_untouched(&store, Some(&v.id), 1);
}

#[test]
fn a_leftover_temporary_folder_is_removed_by_the_next_update() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let stale = tmp.path().join(".tmp-20250101T000000.000Z");
    std::fs::create_dir_all(stale.join("lists")).unwrap();
    std::fs::write(stale.join("lists/sdn.csv"), "1001,\"HALF").unwrap();
    let report = run(&store, &opts(&server)).unwrap();
    assert_eq!(report.cleaned.as_slice(), std::slice::from_ref(&stale));
    assert!(!stale.exists());
}

#[test]
fn a_damaged_current_pointer_is_an_error_that_the_next_update_repairs() {
    let server = Server::start();
    serve_fixture(&server, "v1");
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let first = run(&store, &opts(&server)).unwrap().version.id;
    std::fs::write(tmp.path().join("current"), "../../etc\n").unwrap();
    // Screening must not fall back to anything: it is an error.
    let err = update::installed(tmp.path()).unwrap_err().to_string();
    assert!(err.contains("not a version id"), "{err}");
    assert!(update::default_lists(Some(tmp.path())).is_err());

    // The drop guard still compares with the newest readable version.
    server.set("/ofac/SDN.CSV", Reply::File(first_sdn_records(3)));
    let err = run(&store, &opts(&server)).unwrap_err().to_string();
    assert!(
        err.contains(&format!("against 10 in version {first}")),
        "{err}"
    );

    serve_fixture(&server, "v2");
    let report = run(&store, &opts(&server)).unwrap();
    assert!(
        report.notes[0].contains("could not be read"),
        "{:?}",
        report.notes
    );
    let inst = update::installed(tmp.path()).unwrap().unwrap();
    assert_eq!(inst.info.id, report.version.id);
}

#[test]
fn update_from_a_server_serving_the_real_lists() {
    let Some(shared) = common::shared_lists() else {
        eprintln!("VETTER_SHARED_LISTS is not set: skipping the update from the real lists");
        return;
    };
    let server = Server::start();
    let remotes = |files: &[&str]| -> Vec<Remote> {
        files
            .iter()
            .map(|f| {
                server.set_file(&format!("/{f}"), &shared.join(f));
                Remote {
                    name: f.rsplit('/').next().unwrap().to_string(),
                    url: server.url(&format!("/{f}")),
                }
            })
            .collect()
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::new(tmp.path());
    let mut o = opts(&server);

    // The shared CSL export ends inside a quoted field, as it was found: a truncated file,
    // which must keep the whole update out.
    let ofac = ["ofac/sdn.csv", "ofac/alt.csv", "ofac/add.csv"];
    let mut all = ofac.to_vec();
    all.push("csl/consolidated.csv");
    o.origin = Origin::Download(remotes(&all));
    let err = run(&store, &o).unwrap_err().to_string();
    assert!(err.contains("consolidated.csv"), "{err}");
    assert!(
        err.contains(&format!(
            "fetched from {}",
            server.url("/csl/consolidated.csv")
        )),
        "{err}"
    );
    assert_untouched(&store, None, 0);

    // The OFAC SDN files alone install.
    o.origin = Origin::Download(remotes(&ofac));
    let v = run(&store, &o).unwrap().version;
    for f in ofac {
        let rec = v.files.iter().find(|r| f.ends_with(&r.name)).unwrap();
        assert_eq!(rec.sha256, sha256(&shared.join(f)), "{f}");
    }
    // shared/README.md: 14,965 SDN entities.
    assert_eq!(count(&v, "ofac-sdn"), 14_965);
    assert_untouched(&store, Some(&v.id), 1);
}
