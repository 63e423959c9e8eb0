//! `vetter screen`, run as a binary on the vendor files in `fixtures/vendors/` and on files
//! generated here (encodings, huge cells, binary bytes, large inputs).

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const LIST: &str = "fixtures/cli/watchlist.toml";
const HEADER: &str = "row,input_id,input_name,score,entity_id,list,entity_kind,primary_name,matched_name,programs,explanation";

fn screen() -> Command {
    let mut c = Command::cargo_bin("vetter").unwrap();
    c.args(["screen", "--list", LIST]);
    c
}

fn vendor(name: &str) -> String {
    format!("fixtures/vendors/{name}")
}

/// Runs and returns (exit code, stdout, stderr).
fn run(c: &mut Command) -> (i32, String, String) {
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

/// The (row, input_name, entity_id) of each hit line of CSV output.
fn hits(csv_out: &str) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_reader(csv_out.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[2].to_string(), rec[4].to_string())
        })
        .collect()
}

fn t(row: &str, name: &str, id: &str) -> (String, String, String) {
    (row.into(), name.into(), id.into())
}

#[test]
fn hits_exit_1_with_columns_in_order() {
    let (code, out, err) = run(screen().arg(vendor("basic.csv")).args([
        "--id-column",
        "vendor_id",
        "--keep",
        "country,note",
    ]));
    assert_eq!(code, 1, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next().unwrap(), format!("{HEADER},country,note"));
    // The score and explanation are the engine's; the other cells are fixed.
    let first: Vec<String> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let fixed: Vec<&str> = first
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 10)
        .map(|(_, c)| c.as_str())
        .collect();
    assert_eq!(
        fixed,
        [
            "2",
            "V002",
            "Evil Corp Ltd",
            "testlist:evil-corp",
            "testlist",
            "organization",
            "EVIL CORP LTD",
            "EVIL CORP LTD",
            "SDGT;IRAN",
            "GB",
            "regular supplier"
        ]
    );
    assert_eq!(
        hits(&out),
        [
            t("2", "Evil Corp Ltd", "testlist:evil-corp"),
            t("4", "Ivanov, Ivan Petrovich", "testlist:ivanov-ivan"),
            t("5", "Evil Corp Ltd", "testlist:evil-corp"),
        ]
    );
    // Scores have four decimals.
    let mut r = csv::Reader::from_reader(out.as_bytes());
    for rec in r.records() {
        let s = rec.unwrap()[3].to_string();
        assert!(s.len() == 6 && s.as_bytes()[1] == b'.', "{s}");
    }
    for want in [
        "rows read          5",
        "rows with hits     3 (3 hit lines)",
        "testlist (vetter CLI test list): 4 entities, newest listing 2020-01-02",
        "fixtures/cli/watchlist.toml",
        "sha256",
        "rows/s",
    ] {
        assert!(err.contains(want), "{want} missing from summary:\n{err}");
    }
}

#[test]
fn clean_file_exits_0_with_header_only() {
    let (code, out, _) = run(screen().arg(vendor("clean.csv")));
    assert_eq!(code, 0);
    assert_eq!(out, format!("{HEADER}\n"));
}

#[test]
fn bad_rows_exit_3_and_are_listed() {
    let (code, out, err) = run(screen().arg(vendor("problems.csv")));
    assert_eq!(code, 3, "{err}");
    assert_eq!(hits(&out), [t("5", "Evil Corp Ltd", "testlist:evil-corp")]);
    assert!(err.contains("rows not screened  3"), "{err}");
    assert!(err.contains("row 2 (line 3): unbalanced quote"), "{err}");
    assert!(err.contains("row 4 (line 5): empty name"), "{err}");
    assert!(
        err.contains("row 6 (line 7): row has 2 fields but the header has 3"),
        "{err}"
    );
}

#[test]
fn errors_file_lists_every_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let errors = dir.path().join("errors.csv");
    let (code, _, err) = run(screen()
        .arg(vendor("problems.csv"))
        .arg("--errors")
        .arg(&errors));
    assert_eq!(code, 3);
    assert!(err.contains(&errors.display().to_string()), "{err}");
    let text = std::fs::read_to_string(&errors).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "row,line,reason");
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[2].starts_with("4,5,empty name"), "{text}");
}

#[test]
fn fatal_errors_exit_2_and_leave_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hits.csv");
    // Missing input.
    let (code, _, err) = run(screen()
        .arg("fixtures/vendors/missing.csv")
        .arg("-o")
        .arg(&out));
    assert_eq!(code, 2);
    assert!(err.contains("missing.csv"), "{err}");
    // Name column not found: the headers are listed.
    let (code, _, err) = run(screen()
        .arg(vendor("two_name_columns.csv"))
        .arg("-o")
        .arg(&out));
    assert_eq!(code, 2);
    assert!(
        err.contains("\"supplier\"") && err.contains("--name-column"),
        "{err}"
    );
    // A list that cannot be loaded.
    let bad_list = dir.path().join("bad.toml");
    std::fs::write(&bad_list, "[list]\nkey = \"x\"\n").unwrap();
    let mut c = Command::cargo_bin("vetter").unwrap();
    let (code, _, err) = run(c
        .args(["screen", "--list"])
        .arg(&bad_list)
        .arg(vendor("basic.csv"))
        .arg("-o")
        .arg(&out));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.toml"), "{err}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "bad.toml")
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn name_column_by_position_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hits.csv");
    let (code, stdout, err) = run(screen()
        .arg(vendor("basic.csv"))
        .args(["--name-column", "2", "--quiet", "-o"])
        .arg(&out));
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert_eq!(err, "");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(hits(&text).len(), 3);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn formula_guard_and_its_switch() {
    let (code, out, _) =
        run(screen()
            .arg(vendor("formula.csv"))
            .args(["--id-column", "id", "--keep", "memo"]));
    assert_eq!(code, 1);
    let line = out.lines().nth(1).unwrap();
    assert!(line.starts_with("1,'-17,Evil Corp Ltd,"), "{line}");
    assert!(line.ends_with(",'=1+1"), "{line}");
    let (_, out, _) = run(screen().arg(vendor("formula.csv")).args([
        "--id-column",
        "id",
        "--keep",
        "memo",
        "--no-formula-guard",
    ]));
    let line = out.lines().nth(1).unwrap();
    assert!(line.starts_with("1,-17,Evil Corp Ltd,"), "{line}");
    assert!(line.ends_with(",=1+1"), "{line}");
}

#[test]
fn jsonl_output() {
    let (code, out, _) = run(screen()
        .arg(vendor("basic.csv"))
        .args(["--format", "jsonl", "--keep", "country"]));
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["row"], 2);
    assert_eq!(lines[0]["input_name"], "Evil Corp Ltd");
    assert_eq!(lines[0]["programs"][1], "IRAN");
    assert_eq!(lines[0]["kept"]["country"], "GB");
}

#[test]
fn utf8_bom_and_semicolons() {
    let (code, out, _) = run(screen().arg(vendor("bom.csv")).args(["--keep", "city"]));
    assert_eq!(code, 1);
    assert_eq!(hits(&out), [t("1", "Evil Corp Ltd", "testlist:evil-corp")]);
    assert!(out.lines().nth(1).unwrap().ends_with(",London"));
    let (code, out, err) = run(screen()
        .arg(vendor("semicolon.csv"))
        .args(["--keep", "Betrag"]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(hits(&out), [t("2", "Evil Corp Ltd", "testlist:evil-corp")]);
    assert!(out.lines().nth(1).unwrap().ends_with(",\"99,00\""));
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut b = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        b.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    b
}

const CYRILLIC: &str = "id\tname\r\n1\tООО Ромашка\r\n2\tEvil Corp Ltd\r\n3\tХлебозавод №1\r\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn utf16_and_windows_1251() {
    let dir = tempfile::tempdir().unwrap();
    let (cp1251, _, unmappable) = encoding_rs::WINDOWS_1251.encode(CYRILLIC);
    assert!(!unmappable);
    for (file, bytes) in [
        ("le.csv", utf16(CYRILLIC, false)),
        ("be.csv", utf16(CYRILLIC, true)),
        ("cp1251.csv", cp1251.into_owned()),
    ] {
        let p = write(dir.path(), file, &bytes);
        let (code, out, err) = run(screen().arg(&p));
        assert_eq!(code, 1, "{file}: {err}");
        assert_eq!(
            hits(&out),
            [
                t("1", "ООО Ромашка", "testlist:romashka"),
                t("2", "Evil Corp Ltd", "testlist:evil-corp")
            ],
            "{file}"
        );
    }
}

#[test]
fn huge_cells_are_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = b"id,name\n1,".to_vec();
    text.resize(text.len() + 10 * 1024 * 1024, b'A');
    text.extend_from_slice(b"\n2,");
    text.resize(text.len() + 100 * 1024, b'B');
    text.extend_from_slice(b"\n3,Evil Corp Ltd\n");
    let p = write(dir.path(), "huge.csv", &text);
    let (code, out, err) = run(screen().arg(&p));
    assert_eq!(code, 3, "{err}");
    assert_eq!(hits(&out), [t("3", "Evil Corp Ltd", "testlist:evil-corp")]);
    assert!(
        err.contains("row 1 (line 2): line longer than 1 MiB"),
        "{err}"
    );
    assert!(
        err.contains("row 2 (line 3): name is 102400 bytes, longer than the limit of 64 KiB"),
        "{err}"
    );
}

#[test]
fn nul_byte_row_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "nul.csv",
        b"name,x\nEvil\x00Corp,1\nEvil Corp Ltd,2\n",
    );
    let (code, out, err) = run(screen().arg(&p));
    assert_eq!(code, 3, "{err}");
    assert_eq!(hits(&out), [t("2", "Evil Corp Ltd", "testlist:evil-corp")]);
    assert!(
        err.contains("row 1 (line 2): row contains a NUL byte"),
        "{err}"
    );
}

#[test]
fn reads_stdin() {
    let (code, out, _) = run(screen()
        .arg("-")
        .write_stdin("Payee\nSunrise Bakery\nevil corp ltd\n"));
    assert_eq!(code, 1);
    assert_eq!(hits(&out), [t("2", "evil corp ltd", "testlist:evil-corp")]);
    let (code, out, _) = run(screen().write_stdin("Payee\nSunrise Bakery\n"));
    assert_eq!(code, 0);
    assert_eq!(out, format!("{HEADER}\n"));
}

#[test]
fn one_column_file_keeps_commas_in_names() {
    let (code, out, err) =
        run(screen().write_stdin("Vendor\nEvil Corp, Ltd\nSunrise Bakery, Inc.\n"));
    assert_eq!(code, 1, "{err}");
    assert_eq!(hits(&out), [t("1", "Evil Corp, Ltd", "testlist:evil-corp")]);
}

/// A vendor file of `n` rows mixing list names (in varied spellings) and others.
fn mixed_file(n: usize) -> String {
    let names = [
        "Evil Corp Ltd",
        "EVIL CORPORATION",
        "Evil  Corp  Ltd",
        "Ivanov Ivan Petrovich",
        "Sunrise Bakery",
        "ООО Ромашка",
        "Nordic Timber AB",
        "",
    ];
    let mut s = String::from("id,name,n\n");
    for i in 0..n {
        let name = names[i % names.len()];
        let suffix = if name.is_empty() {
            String::new()
        } else {
            format!(" {}", i % 13)
        };
        s.push_str(&format!("{i},{name}{suffix},{}\n", i % 5));
    }
    s
}

#[test]
fn same_output_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "mixed.csv", mixed_file(20_000).as_bytes());
    let one = screen()
        .arg(&p)
        .args(["--threads", "1", "--keep", "n"])
        .output()
        .unwrap();
    let two = screen()
        .arg(&p)
        .args(["--threads", "2", "--keep", "n"])
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(3));
    assert_eq!(two.status.code(), Some(3));
    assert!(one.stdout.len() > 1000);
    assert!(
        one.stdout == two.stdout,
        "output differs between 1 and 2 threads"
    );
}

/// Interrupting a run (SIGINT as Ctrl-C sends, or SIGTERM) leaves neither the output file nor
/// its temporary file behind.
#[test]
fn interrupted_run_leaves_no_output() {
    use std::io::Write;
    use std::process::Stdio;
    for signal in ["-INT", "-TERM"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("hits.csv");
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vetter"))
            .args(["screen", "--list", LIST, "--quiet", "-o"])
            .arg(&out)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // More than the reader's first look (64 KiB), then keep standard input open: the run
        // waits for more rows with its temporary output file created.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(mixed_file(10_000).as_bytes()).unwrap();
        stdin.flush().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::fs::read_dir(dir.path()).unwrap().count() == 0 {
            assert!(
                Instant::now() < deadline,
                "no temporary output file appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let status = std::process::Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let out_status = child.wait().unwrap();
        drop(stdin);
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(out_status.code(), Some(130), "{signal}: {err}");
        assert!(err.contains("interrupted; no output file written"), "{err}");
        assert!(!out.exists(), "{signal}: output file written");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{signal}: files left: {left:?}");
    }
}

#[test]
fn real_lists_screen_a_vendor_file() {
    let Some(lists) = common::shared_lists() else {
        eprintln!("VETTER_SHARED_LISTS unset: skipping the screen against the real lists");
        return;
    };
    let mut c = Command::cargo_bin("vetter").unwrap();
    let (code, out, err) = run(c
        .args(["screen", "--list"])
        // The shared CSL file is truncated and refused (see tests/lists_real.rs): SDN only.
        .arg(lists.join("ofac"))
        .write_stdin("vendor\nBanco Nacional de Cuba\nSunrise Bakery\n"));
    assert_eq!(code, 1, "{err}");
    assert!(hits(&out).iter().any(|h| h.0 == "1"), "{out}");
    assert!(err.contains("sdn.csv") && err.contains("sha256"), "{err}");
}
