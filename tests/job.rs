//! The nightly job through its library API: state across runs, decisions, re-opening, imports,
//! the lock and the workbook.

use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};
use vetter::job::{
    decide, import_decisions, run_with_lists, AlertStatus, Config, Date, Decision, DecisionKind,
    RunEnv, RunSummary, Settings, StateDb, Timestamp,
};
use vetter::lists::{Alias, AliasKind};
use vetter::Lists;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/job")
        .join(name)
}

/// A job in a temporary folder, with its own copy of a vendor fixture that tests may edit.
struct Job {
    dir: tempfile::TempDir,
    config: Config,
}

impl Job {
    fn new(vendors: &str) -> Job {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("vendors.csv");
        std::fs::copy(fixture(vendors), &copy).unwrap();
        let config = Settings {
            vendors: Some(vec![copy]),
            state: Some(dir.path().join("state.db")),
            output_dir: Some(dir.path().join("out")),
            ..Settings::default()
        }
        .resolve()
        .unwrap();
        Job { dir, config }
    }

    fn vendors_path(&self) -> &Path {
        &self.config.vendors[0]
    }

    fn run(&self, lists: &Lists, now: Timestamp) -> RunSummary {
        let env = RunEnv { now, fault: None };
        run_with_lists(&self.config, &env, lists.clone()).unwrap()
    }

    fn db(&self) -> StateDb {
        StateDb::open(&self.config.state).unwrap()
    }

    fn decide(
        &self,
        vendor: &str,
        entity: &str,
        kind: DecisionKind,
        until: Option<&str>,
        now: Timestamp,
    ) {
        let d = Decision {
            vendor_id: vendor.into(),
            entity_id: entity.into(),
            kind,
            by: "A. Analyst".into(),
            reason: "different company, different country".into(),
            until: until.map(|u| Date::parse(u).unwrap()),
        };
        decide(&mut self.db(), &d, now).unwrap();
    }

    fn status(&self, vendor: &str, entity: &str) -> AlertStatus {
        self.db().alert(vendor, entity).unwrap().unwrap().status
    }
}

/// The fixture watchlist (three designations), loaded as any list file is.
fn base() -> Lists {
    Lists::load(&[fixture("list.toml")]).unwrap()
}

/// The watchlist after a new designation (Northwind Shipping).
fn with_addition() -> Lists {
    Lists::load(&[fixture("list-added.toml")]).unwrap()
}

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

#[test]
fn a_second_run_reports_nothing_new() {
    let job = Job::new("vendors.csv");
    let l = base();
    let first = job.run(&l, t("2026-03-02T02:00:00Z"));
    assert_eq!(first.exit_code, 1);
    assert_eq!((first.new, first.reopened, first.open), (2, 0, 2));
    assert_eq!(first.mode, "full");
    assert_eq!(first.screened, 6);
    assert_eq!(job.status("V001", "jobtest:1001"), AlertStatus::New);

    let second = job.run(&l, t("2026-03-03T02:00:00Z"));
    assert_eq!(second.exit_code, 0, "{second:?}");
    assert_eq!((second.new, second.reopened, second.open), (0, 0, 2));
    assert_eq!(second.mode, "incremental");
    assert_eq!((second.screened, second.unchanged), (0, 6));
    assert_eq!(job.status("V001", "jobtest:1001"), AlertStatus::Open);
    let alert = job.db().alert("V003", "jobtest:2002").unwrap().unwrap();
    assert_eq!(alert.first_seen, "2026-03-02T02:00:00Z");
    assert_eq!(alert.last_seen, "2026-03-03T02:00:00Z");

    let runs = job.db().runs().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].status, "new-alerts");
    assert_eq!(runs[1].status, "ok");
    assert_eq!(runs[1].exit_code, Some(0));
    assert!(runs[1].inputs.as_deref().unwrap().contains("sha256"));
}

#[test]
fn a_new_designation_raises_a_new_alert_and_rescreens_everyone() {
    let job = Job::new("vendors.csv");
    job.run(&base(), t("2026-03-02T02:00:00Z"));
    let second = job.run(&with_addition(), t("2026-03-03T02:00:00Z"));
    assert_eq!(second.mode, "full");
    assert_eq!(second.screened, 6);
    assert_eq!((second.new, second.open), (1, 3));
    assert_eq!(second.exit_code, 1);
    let alert = job.db().alert("V004", "jobtest:4004").unwrap().unwrap();
    assert_eq!(alert.status, AlertStatus::New);
    assert_eq!(alert.programs, "IRAN");
}

#[test]
fn a_clearance_silences_an_alert_until_it_expires() {
    let job = Job::new("vendors.csv");
    let l = base();
    job.run(&l, t("2026-03-02T02:00:00Z"));
    job.decide(
        "V001",
        "jobtest:1001",
        DecisionKind::Clear,
        Some("2026-03-31"),
        t("2026-03-02T09:00:00Z"),
    );

    let during = job.run(&l, t("2026-03-31T02:00:00Z"));
    assert_eq!(
        (during.new, during.reopened, during.open, during.cleared),
        (0, 0, 1, 1)
    );
    assert_eq!(during.exit_code, 0);

    let after = job.run(&l, t("2026-04-01T02:00:00Z"));
    assert_eq!((after.new, after.reopened), (0, 1));
    assert_eq!(after.exit_code, 1);
    let alert = job.db().alert("V001", "jobtest:1001").unwrap().unwrap();
    assert_eq!(alert.status, AlertStatus::New);
    assert!(
        alert
            .reopened_because
            .as_deref()
            .unwrap()
            .contains("clearance expired on 2026-03-31"),
        "{alert:?}"
    );
    // The audit trail holds the clearance and the re-opening.
    let trail: Vec<String> = job
        .db()
        .decisions()
        .unwrap()
        .into_iter()
        .map(|d| d.decision)
        .collect();
    assert_eq!(trail, ["clear", "reopen"]);
}

#[test]
fn a_cleared_vendor_that_is_renamed_comes_back_with_the_reason() {
    let job = Job::new("vendors.csv");
    let l = base();
    job.run(&l, t("2026-03-02T02:00:00Z"));
    job.decide(
        "V001",
        "jobtest:1001",
        DecisionKind::Clear,
        None,
        t("2026-03-02T09:00:00Z"),
    );
    let quiet = job.run(&l, t("2026-03-03T02:00:00Z"));
    assert_eq!((quiet.reopened, quiet.exit_code), (0, 0));

    let text = std::fs::read_to_string(job.vendors_path()).unwrap();
    std::fs::write(
        job.vendors_path(),
        text.replace("V001,Acme Trading LLC", "V001,ACME TRADING L.L.C."),
    )
    .unwrap();
    let renamed = job.run(&l, t("2026-03-04T02:00:00Z"));
    assert_eq!(renamed.mode, "incremental");
    assert_eq!(renamed.screened, 1, "only the renamed vendor is screened");
    assert_eq!(
        (renamed.new, renamed.reopened, renamed.exit_code),
        (0, 1, 1)
    );
    let alert = job.db().alert("V001", "jobtest:1001").unwrap().unwrap();
    assert_eq!(alert.status, AlertStatus::New);
    assert_eq!(alert.vendor_name, "ACME TRADING L.L.C.");
    let why = alert.reopened_because.unwrap();
    assert!(
        why.contains("vendor renamed from \"Acme Trading LLC\""),
        "{why}"
    );
}

#[test]
fn a_change_to_the_entity_programs_reopens_a_clearance() {
    let job = Job::new("vendors.csv");
    job.run(&base(), t("2026-03-02T02:00:00Z"));
    job.decide(
        "V003",
        "jobtest:2002",
        DecisionKind::Clear,
        None,
        t("2026-03-02T09:00:00Z"),
    );
    let mut changed = base();
    changed.lists[0].entities[1]
        .programs
        .push("BELARUS-EO14038".into());
    let run = job.run(&changed, t("2026-03-03T02:00:00Z"));
    assert_eq!((run.reopened, run.exit_code), (1, 1));
    let why = job
        .db()
        .alert("V003", "jobtest:2002")
        .unwrap()
        .unwrap()
        .reopened_because
        .unwrap();
    assert_eq!(why, "list entity's programs changed");

    // A new alias is a change of names.
    job.decide(
        "V003",
        "jobtest:2002",
        DecisionKind::Clear,
        None,
        t("2026-03-03T09:00:00Z"),
    );
    changed.lists[0].entities[1].aliases.push(Alias {
        name: "VHI".into(),
        kind: AliasKind::Aka,
        weak: false,
    });
    job.run(&changed, t("2026-03-04T02:00:00Z"));
    let why = job
        .db()
        .alert("V003", "jobtest:2002")
        .unwrap()
        .unwrap()
        .reopened_because
        .unwrap();
    assert_eq!(why, "list entity's names changed");
}

#[test]
fn confirmed_and_escalated_alerts_stay_in_view() {
    let job = Job::new("vendors.csv");
    let l = base();
    job.run(&l, t("2026-03-02T02:00:00Z"));
    job.decide(
        "V001",
        "jobtest:1001",
        DecisionKind::Confirm,
        None,
        t("2026-03-02T09:00:00Z"),
    );
    job.decide(
        "V003",
        "jobtest:2002",
        DecisionKind::Escalate,
        None,
        t("2026-03-02T09:00:00Z"),
    );
    let run = job.run(&l, t("2026-03-03T02:00:00Z"));
    assert_eq!(
        (run.open, run.confirmed, run.escalated, run.exit_code),
        (0, 1, 1, 0)
    );
    let open = read_sheet(&run.outputs[0], "Open alerts");
    assert_eq!(open.len(), 3, "header and two alerts: {open:?}");
    assert_eq!(cell(&open, 1, "Status"), "confirmed");
    assert_eq!(cell(&open, 2, "Status"), "escalated");
}

#[test]
fn a_decision_with_a_past_date_or_no_reason_is_refused() {
    let job = Job::new("vendors.csv");
    job.run(&base(), t("2026-03-02T02:00:00Z"));
    let mut d = Decision {
        vendor_id: "V001".into(),
        entity_id: "jobtest:1001".into(),
        kind: DecisionKind::Clear,
        by: "A. Analyst".into(),
        reason: " ".into(),
        until: None,
    };
    let now = t("2026-03-02T09:00:00Z");
    let e = decide(&mut job.db(), &d, now).unwrap_err().to_string();
    assert!(e.contains("reason is missing"), "{e}");
    d.reason = "not them".into();
    d.until = Some(Date::parse("2026-03-01").unwrap());
    let e = decide(&mut job.db(), &d, now).unwrap_err().to_string();
    assert!(e.contains("in the past"), "{e}");
    d.until = None;
    d.entity_id = "jobtest:9999".into();
    let e = decide(&mut job.db(), &d, now).unwrap_err().to_string();
    assert!(e.contains("no alert"), "{e}");
    assert_eq!(job.status("V001", "jobtest:1001"), AlertStatus::New);
}

#[test]
fn rows_that_cannot_be_screened_make_the_run_incomplete() {
    let job = Job::new("vendors-bad-rows.csv");
    let run = job.run(&base(), t("2026-03-02T02:00:00Z"));
    assert_eq!(run.exit_code, 3);
    assert_eq!(run.status, "incomplete");
    assert_eq!((run.rows_read, run.screened, run.rows_failed), (5, 2, 3));
    let sheet = read_sheet(&run.outputs[0], "Rows not screened");
    assert_eq!(sheet.len(), 4);
    assert_eq!(cell(&sheet, 1, "Line"), "3");
    assert!(cell(&sheet, 1, "Problem").contains("vendor id (id) is empty"));
    assert!(cell(&sheet, 3, "Problem").contains("already used"));
    // An incomplete run does not let the next one skip anyone.
    let next = job.run(&base(), t("2026-03-03T02:00:00Z"));
    assert_eq!(next.mode, "full");
}

#[test]
fn a_vendor_that_leaves_the_master_takes_its_alerts_with_it() {
    let job = Job::new("vendors.csv");
    let l = base();
    job.run(&l, t("2026-03-02T02:00:00Z"));
    let text = std::fs::read_to_string(job.vendors_path()).unwrap();
    std::fs::write(
        job.vendors_path(),
        text.replace("V003,Volga Heavy Industries,RU\n", ""),
    )
    .unwrap();
    let run = job.run(&l, t("2026-03-03T02:00:00Z"));
    assert_eq!((run.vendors_removed, run.open, run.exit_code), (1, 1, 0));
    assert!(
        !job.db()
            .alert("V003", "jobtest:2002")
            .unwrap()
            .unwrap()
            .active
    );
}

#[test]
fn a_second_run_is_refused_while_the_lock_is_held() {
    let job = Job::new("vendors.csv");
    let _held = vetter::job::lock::RunLock::acquire(&job.config.lock_path()).unwrap();
    let env = RunEnv {
        now: t("2026-03-02T02:00:00Z"),
        fault: None,
    };
    let e = run_with_lists(&job.config, &env, base())
        .unwrap_err()
        .to_string();
    assert!(e.contains("another vetter job is running"), "{e}");
    assert!(
        !job.config.state.exists(),
        "a refused run must not touch the state"
    );
}

#[test]
fn an_empty_list_is_an_error_not_a_clean_run() {
    let job = Job::new("vendors.csv");
    let env = RunEnv {
        now: t("2026-03-02T02:00:00Z"),
        fault: None,
    };
    let e = run_with_lists(&job.config, &env, Lists::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no entities"), "{e}");
    let runs = job.db().runs().unwrap();
    assert_eq!(runs[0].status, "failed");
    assert!(runs[0].message.as_deref().unwrap().contains("no entities"));
}

#[test]
fn an_empty_vendor_master_is_an_error_not_a_mass_removal() {
    let job = Job::new("vendors.csv");
    job.run(&base(), t("2026-03-02T02:00:00Z"));
    std::fs::write(job.vendors_path(), "id,name,country\n").unwrap();
    let env = RunEnv {
        now: t("2026-03-03T02:00:00Z"),
        fault: None,
    };
    let e = run_with_lists(&job.config, &env, base())
        .unwrap_err()
        .to_string();
    assert!(e.contains("hold no rows"), "{e}");
    assert!(
        job.db()
            .alert("V001", "jobtest:1001")
            .unwrap()
            .unwrap()
            .active
    );
}

// ---- the workbook and imports ----

fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

fn cell<'a>(sheet: &'a [Vec<String>], row: usize, header: &str) -> &'a str {
    let col = sheet[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header}"));
    sheet[row].get(col).map_or("", String::as_str)
}

#[test]
fn the_workbook_reads_back_with_every_sheet_and_cell() {
    let job = Job::new("vendors.csv");
    let run = job.run(&base(), t("2026-03-02T02:00:00Z"));
    let xlsx = &run.outputs[0];
    assert_eq!(xlsx.file_name().unwrap(), "run-000001.xlsx");
    let wb = open_workbook_auto(xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "New alerts",
            "Open alerts",
            "Decisions",
            "Rows not screened"
        ]
    );

    let summary = read_sheet(xlsx, "Summary");
    let value = |item: &str| {
        summary
            .iter()
            .find(|r| r[0] == item)
            .unwrap_or_else(|| panic!("no {item}"))[1]
            .clone()
    };
    assert_eq!(value("Run time (UTC)"), "2026-03-02T02:00:00Z");
    assert_eq!(value("New alerts"), "2");
    assert_eq!(value("Vendor rows read"), "6");
    assert!(value("Vendor file").contains("sha256"));
    assert!(value("List").starts_with("jobtest (Job test list): 3 entities"));

    let new = read_sheet(xlsx, "New alerts");
    assert_eq!(new.len(), 3);
    assert_eq!(
        new[0][..3],
        [
            "Vendor ID".to_string(),
            "Vendor name".into(),
            "Entity ID".into()
        ]
    );
    assert_eq!(cell(&new, 1, "Vendor ID"), "V001");
    assert_eq!(cell(&new, 1, "Vendor name"), "Acme Trading LLC");
    assert_eq!(cell(&new, 1, "Entity ID"), "jobtest:1001");
    assert_eq!(cell(&new, 1, "Listed name"), "ACME TRADING LLC");
    assert_eq!(cell(&new, 1, "Programs"), "SDGT");
    assert!(cell(&new, 1, "Score").parse::<f64>().unwrap() >= 0.85);
    for col in ["Decision", "Decided by", "Reason", "Clear until"] {
        assert_eq!(
            cell(&new, 1, col),
            "",
            "{col} is for the reviewer to fill in"
        );
    }
    assert_eq!(cell(&new, 2, "Vendor ID"), "V003");

    // The CSV files carry the same tables.
    let csv_path = xlsx.with_file_name("run-000001-new-alerts.csv");
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let ids: Vec<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
    assert_eq!(ids, ["V001", "V003"]);
    assert!(xlsx.with_file_name("run-000001-open-alerts.csv").is_file());
    assert!(xlsx.with_file_name("run-000001-decisions.csv").is_file());
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(xlsx.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// Writes a returned "New alerts" sheet: the job's header and rows with decision cells set.
fn returned_workbook(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("New alerts").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn fill(sheet: &[Vec<String>], row: usize, values: [&str; 4]) -> Vec<String> {
    let mut out = sheet[row].clone();
    out.resize(sheet[0].len(), String::new());
    for (h, v) in ["Decision", "Decided by", "Reason", "Clear until"]
        .iter()
        .zip(values)
    {
        let col = sheet[0].iter().position(|x| x == h).unwrap();
        out[col] = v.to_string();
    }
    out
}

#[test]
fn an_import_with_one_bad_row_is_refused_whole() {
    let job = Job::new("vendors.csv");
    let run = job.run(&base(), t("2026-03-02T02:00:00Z"));
    let sheet = read_sheet(&run.outputs[0], "New alerts");
    let now = t("2026-03-02T10:00:00Z");
    let returned = job.dir.path().join("returned.xlsx");
    let mut unknown = fill(&sheet, 2, ["clear", "B. Reviewer", "not them", ""]);
    unknown[0] = "V999".into();
    returned_workbook(
        &returned,
        &sheet[0],
        &[
            fill(
                &sheet,
                1,
                ["clear", "B. Reviewer", "other company", "2026-12-31"],
            ),
            fill(&sheet, 2, ["maybe", "B. Reviewer", "unsure", ""]),
            unknown,
            fill(&sheet, 1, ["confirm", "", "same address", ""]),
            fill(
                &sheet,
                2,
                ["clear", "B. Reviewer", "not them", "31/12/2026"],
            ),
        ],
    );
    let e = import_decisions(&mut job.db(), &returned, now)
        .unwrap_err()
        .to_string();
    assert!(e.contains("import refused"), "{e}");
    assert!(e.contains("row 3: decision \"maybe\""), "{e}");
    assert!(e.contains("row 4: no alert for vendor \"V999\""), "{e}");
    assert!(e.contains("row 5: a second decision"), "{e}");
    assert!(e.contains("\"decided by\") is missing"), "{e}");
    assert!(e.contains("row 6: a second decision"), "{e}");
    assert!(
        e.contains("clear until: \"31/12/2026\" is not a date"),
        "{e}"
    );
    assert!(!e.contains("row 2"), "{e}");
    // Nothing was applied, not even the good row.
    assert_eq!(job.status("V001", "jobtest:1001"), AlertStatus::New);
    assert!(job.db().decisions().unwrap().is_empty());

    // Corrected, it goes in whole.
    returned_workbook(
        &returned,
        &sheet[0],
        &[
            fill(
                &sheet,
                1,
                ["clear", "B. Reviewer", "other company", "2026-12-31"],
            ),
            fill(&sheet, 2, ["Escalate", "B. Reviewer", "needs legal", ""]),
        ],
    );
    let report = import_decisions(&mut job.db(), &returned, now).unwrap();
    assert_eq!((report.applied, report.undecided), (2, 0));
    let a = job.db().alert("V001", "jobtest:1001").unwrap().unwrap();
    assert_eq!(a.status, AlertStatus::Cleared);
    assert_eq!(a.clear_until.as_deref(), Some("2026-12-31"));
    assert_eq!(a.decided_by.as_deref(), Some("B. Reviewer"));
    assert_eq!(job.status("V003", "jobtest:2002"), AlertStatus::Escalated);

    // The next run's workbook shows the audit trail.
    let next = job.run(&base(), t("2026-03-03T02:00:00Z"));
    let trail = read_sheet(&next.outputs[0], "Decisions");
    assert_eq!(trail.len(), 3);
    assert_eq!(cell(&trail, 1, "Decision"), "clear");
    assert!(cell(&trail, 1, "Source").starts_with("import "));
}

#[test]
fn the_new_alerts_csv_can_be_returned_with_decisions() {
    let job = Job::new("vendors.csv");
    let run = job.run(&base(), t("2026-03-02T02:00:00Z"));
    let csv_in = run.outputs[0].with_file_name("run-000001-new-alerts.csv");
    let mut r = csv::Reader::from_path(&csv_in).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    rows[0][col("Decision")] = "false positive".into();
    rows[0][col("Decided by")] = "C. Clerk".into();
    rows[0][col("Reason")] = "registered in Delaware, not the listed party".into();
    // Row 2 left undecided: skipped, still open. Saved back the way a spreadsheet in a European
    // locale saves CSV: semicolons.
    let returned = job.dir.path().join("returned.csv");
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&returned)
        .unwrap();
    w.write_record(&header).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    let report = import_decisions(&mut job.db(), &returned, t("2026-03-02T10:00:00Z")).unwrap();
    assert_eq!((report.applied, report.undecided), (1, 1));
    assert_eq!(job.status("V001", "jobtest:1001"), AlertStatus::Cleared);
    assert_eq!(job.status("V003", "jobtest:2002"), AlertStatus::New);
}

// ---- `lists update` before the run ----

fn updating_job(from: &Path, on_failure: &str) -> Job {
    let mut job = Job::new("vendors.csv");
    let toml = format!(
        "update = true\nupdate_from = {from:?}\non_update_failure = {on_failure:?}\nlists_dir = {:?}\n",
        job.dir.path().join("data")
    );
    let file = job.dir.path().join("job.toml");
    std::fs::write(&file, toml).unwrap();
    job.config = Settings::from_file(&file)
        .unwrap()
        .overridden_by(job_settings(&job))
        .resolve()
        .unwrap();
    job
}

#[test]
fn a_failed_update_stops_the_run_or_is_reported_as_configured() {
    let empty = tempfile::tempdir().unwrap();
    let env = RunEnv {
        now: t("2026-03-02T02:00:00Z"),
        fault: None,
    };

    let job = updating_job(empty.path(), "stop");
    let e = vetter::job::run(&job.config, &env).unwrap_err().to_string();
    assert!(e.contains("lists update failed, so the run stopped"), "{e}");
    assert_eq!(job.db().runs().unwrap()[0].status, "failed");

    let job = updating_job(empty.path(), "continue");
    let s = vetter::job::run(&job.config, &env).unwrap();
    let note = s.lists_update.clone().unwrap();
    assert!(
        note.starts_with("FAILED, screened with the lists already installed"),
        "{note}"
    );
    assert!(
        s.lists.iter().any(|l| l.key == "kaspersky"),
        "the shipped lists still screened"
    );
    let summary = read_sheet(&s.outputs[0], "Summary");
    assert!(summary
        .iter()
        .any(|r| r[0] == "Lists update" && r[1].starts_with("FAILED")));

    // Naming list files and asking for an update is a contradiction, refused up front.
    let e = Settings {
        update: Some(true),
        lists: Some(vec![fixture("list.toml")]),
        ..job_settings(&job)
    }
    .resolve()
    .unwrap_err()
    .to_string();
    assert!(e.contains("use one or the other"), "{e}");
}

fn job_settings(job: &Job) -> Settings {
    Settings {
        vendors: Some(job.config.vendors.clone()),
        state: Some(job.config.state.clone()),
        output_dir: Some(job.config.output_dir.clone()),
        ..Settings::default()
    }
}

#[path = "common/mod.rs"]
mod common;

#[test]
fn an_update_installs_the_lists_the_run_then_screens() {
    let Some(shared) = common::shared_lists() else {
        eprintln!("VETTER_SHARED_LISTS not set: skipping the update-before-run test on real lists");
        return;
    };
    // The OFAC files only: the update installs whatever complete set it is given.
    let job = updating_job(&shared.join("ofac"), "stop");
    let env = RunEnv {
        now: t("2026-03-02T02:00:00Z"),
        fault: None,
    };
    let first = vetter::job::run(&job.config, &env).unwrap();
    assert!(
        first
            .lists_update
            .as_deref()
            .unwrap()
            .starts_with("installed"),
        "{first:?}"
    );
    assert!(first.lists_version.is_some());
    assert!(
        first.lists.iter().any(|l| l.key == "ofac-sdn"),
        "{:?}",
        first.lists
    );
    let second = vetter::job::run(&job.config, &env).unwrap();
    assert!(second
        .lists_update
        .as_deref()
        .unwrap()
        .starts_with("no change"));
    assert_eq!(second.mode, "incremental");
}
