//! `vetter job` through the binary: exit statuses, the JSON line, a killed run, the lock, and
//! decisions from the command line.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use vetter::job::{AlertStatus, StateDb};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/job")
        .join(name)
}

/// A job folder with a config file naming the fixture vendors and watchlist.
fn job_dir(list: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("vendors.csv"), dir.path().join("vendors.csv")).unwrap();
    std::fs::write(
        dir.path().join("job.toml"),
        format!(
            "vendors = [\"vendors.csv\"]\nlists = [{:?}]\nstate = \"state.db\"\noutput_dir = \"out\"\n",
            fixture(list)
        ),
    )
    .unwrap();
    dir
}

fn vetter(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::cargo_bin("vetter")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = stdout
        .lines()
        .next()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or(serde_json::Value::Null);
    let code = out.status.code().unwrap_or(-1);
    (code, json, String::from_utf8(out.stderr).unwrap())
}

fn run(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args = vec!["job", "run", "--config", "job.toml"];
    args.extend_from_slice(extra);
    vetter(dir, &args)
}

#[test]
fn exit_status_and_json_line_tell_the_scheduler_what_happened() {
    let dir = job_dir("list.toml");
    let (code, json, _) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(json["status"], "new-alerts");
    assert_eq!(json["new"], 2);
    assert_eq!(json["vendor_files"][0]["rows"], 6);
    assert_eq!(
        json["vendor_files"][0]["sha256"].as_str().unwrap().len(),
        64
    );

    let (code, json, _) = run(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["new"], 0);
    assert_eq!(json["open"], 2);

    // A flag overrides the file: a vendor file with bad rows makes the run incomplete.
    let bad = fixture("vendors-bad-rows.csv");
    let (code, json, err) = run(dir.path(), &["--vendors", bad.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(json["rows_failed"], 3);
    assert!(err.contains("3 vendor rows could not be screened"), "{err}");

    let (code, _, err) = run(dir.path(), &["--threshold", "1.5"]);
    assert_eq!(code, 2);
    assert!(err.contains("threshold 1.5"), "{err}");
}

#[test]
fn a_killed_run_leaves_the_state_unchanged_and_the_next_run_says_so() {
    let dir = job_dir("list.toml");
    assert_eq!(run(dir.path(), &[]).0, 1);
    // The lists gain a designation, and the run dies before it commits.
    let added = fixture("list-added.toml");
    let added = added.to_str().unwrap();
    let (code, _, _) = run(dir.path(), &["--list", added, "--abort-before-commit"]);
    assert_ne!(code, 0);
    assert_ne!(code, 1);
    {
        let db = StateDb::open(&dir.path().join("state.db")).unwrap();
        assert!(db.alert("V004", "jobtest:4004").unwrap().is_none());
        // The killed run had turned run 1's new alerts into open ones; that is undone too.
        assert_eq!(
            db.alert("V003", "jobtest:2002").unwrap().unwrap().status,
            AlertStatus::New
        );
        let runs = db.runs().unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].status, "running");
    }
    assert!(!dir.path().join("out/run-000002.xlsx").exists());

    let (code, json, err) = run(dir.path(), &["--list", added]);
    assert_eq!(code, 1);
    assert_eq!(json["unfinished_runs"], serde_json::json!([2]));
    assert_eq!(json["new"], 1);
    assert!(err.contains("run 2 did not finish"), "{err}");
    let out = Command::cargo_bin("vetter")
        .unwrap()
        .current_dir(dir.path())
        .args(["job", "history", "--config", "job.toml"])
        .output()
        .unwrap();
    let history = String::from_utf8(out.stdout).unwrap();
    assert!(history.contains("unfinished"), "{history}");
    assert!(history.contains("did not finish"), "{history}");
}

#[test]
fn a_second_run_is_refused_while_one_holds_the_lock() {
    let dir = job_dir("list.toml");
    let lock = dir.path().join("state.db.lock");
    let _held = vetter::job::lock::RunLock::acquire(&lock).unwrap();
    let (code, json, err) = run(dir.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(json["status"], "failed");
    assert!(err.contains("another vetter job is running"), "{err}");
    // Decisions wait for the run too.
    let (code, _, err) = vetter(
        dir.path(),
        &[
            "job",
            "decide",
            "V001",
            "jobtest:1001",
            "--clear",
            "--by",
            "A",
            "--reason",
            "r",
            "--state",
            "state.db",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("another vetter job is running"), "{err}");
}

#[test]
fn decisions_from_the_command_line_and_a_refused_import() {
    let dir = job_dir("list.toml");
    assert_eq!(run(dir.path(), &[]).0, 1);
    let (code, _, err) = vetter(
        dir.path(),
        &[
            "job",
            "decide",
            "V001",
            "jobtest:1001",
            "--clear",
            "--by",
            "A. Analyst",
            "--reason",
            "other company",
            "--until",
            "2099-12-31",
            "--config",
            "job.toml",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = vetter(
        dir.path(),
        &[
            "job",
            "decide",
            "V001",
            "jobtest:1001",
            "--clear",
            "--confirm",
            "--by",
            "A",
            "--reason",
            "r",
            "--config",
            "job.toml",
        ],
    );
    assert_eq!(code, 2, "one decision at a time: {err}");

    // A returned CSV with one bad row is refused whole.
    let new_csv = dir.path().join("out/run-000001-new-alerts.csv");
    let mut r = csv::Reader::from_path(&new_csv).unwrap();
    let header = r.headers().unwrap().clone();
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let n = header.len();
    rows[0].splice(
        n - 4..,
        ["clear", "B. Reviewer", "not them", ""].map(String::from),
    );
    rows[1].splice(n - 4.., ["clear", "B. Reviewer", "", ""].map(String::from));
    let mut w = csv::Writer::from_path(dir.path().join("returned.csv")).unwrap();
    w.write_record(&header).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    let (code, _, err) = vetter(
        dir.path(),
        &[
            "job",
            "import-decisions",
            "returned.csv",
            "--config",
            "job.toml",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("row 3: the reason is missing"), "{err}");
    let db = StateDb::open(&dir.path().join("state.db")).unwrap();
    assert_eq!(db.decisions().unwrap().len(), 1, "only the decide above");
    assert_eq!(
        db.alert("V003", "jobtest:2002").unwrap().unwrap().status,
        AlertStatus::New
    );
}
