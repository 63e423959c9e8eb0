//! The nightly job at scale: a 1,000,000-vendor master screened once in full (the first night),
//! then again after 1% of the vendors changed name with the lists unchanged (an ordinary night).
//! One timed run each is printed; criterion's repetitions would take too long at this size.
//!
//! Lists: the real OFAC and CSL files when `VETTER_SHARED_LISTS` names their folder, otherwise
//! the lists shipped with vetter. `VETTER_BENCH_VENDORS` changes the master's size.

use std::path::PathBuf;
use std::time::Instant;
use vetter::job::{run_with_lists, RunEnv, Settings, Timestamp};
use vetter::Lists;

const WORDS: &[&str] = &[
    "Nordic",
    "Alpine",
    "Pacific",
    "Atlas",
    "Summit",
    "Harbor",
    "Granite",
    "Cedar",
    "Falcon",
    "Orion",
    "Meridian",
    "Vertex",
    "Beacon",
    "Crescent",
    "Delta",
    "Evergreen",
    "Frontier",
    "Golden",
    "Horizon",
    "Iron",
    "Juniper",
    "Keystone",
    "Liberty",
    "Magnolia",
    "Northstar",
    "Oakridge",
    "Pioneer",
    "Quantum",
    "Redwood",
    "Sterling",
    "Titan",
    "Union",
    "Valley",
    "Westfield",
    "Yellowstone",
    "Zenith",
    "Amber",
    "Bluewater",
    "Copper",
    "Diamond",
];
const TRADES: &[&str] = &[
    "Logistics",
    "Supplies",
    "Engineering",
    "Foods",
    "Textiles",
    "Consulting",
    "Electronics",
    "Printing",
    "Plastics",
    "Metals",
    "Software",
    "Freight",
    "Packaging",
    "Chemicals",
    "Medical",
    "Furniture",
    "Energy",
    "Paper",
    "Tools",
    "Optics",
];
const FORMS: &[&str] = &[
    "Inc", "LLC", "Ltd", "GmbH", "SA", "BV", "Co", "AG", "SRL", "Pty Ltd",
];

// A deterministic generator, so every run of the bench screens the same master.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn vendor_name(rng: &mut Lcg, i: usize) -> String {
    format!(
        "{} {} {} {} {}",
        WORDS[rng.next(WORDS.len())],
        WORDS[rng.next(WORDS.len())],
        TRADES[rng.next(TRADES.len())],
        i % 9973,
        FORMS[rng.next(FORMS.len())]
    )
}

fn write_master(path: &PathBuf, names: &[String]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["id", "name"]).unwrap();
    for (i, n) in names.iter().enumerate() {
        w.write_record([format!("V{i:07}"), n.clone()]).unwrap();
    }
    w.flush().unwrap();
}

fn main() {
    let count: usize = std::env::var("VETTER_BENCH_VENDORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let lists = match std::env::var_os("VETTER_SHARED_LISTS") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            Lists::load(&[dir.join("ofac"), dir.join("csl")]).expect("shared lists")
        }
        None => {
            eprintln!("VETTER_SHARED_LISTS not set: screening against the shipped lists only");
            Lists::shipped().expect("shipped lists")
        }
    };
    let entities = lists.entities().count();
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("vendors.csv");
    let mut rng = Lcg(42);
    let mut names: Vec<String> = (0..count).map(|i| vendor_name(&mut rng, i)).collect();
    // Some vendors carry listed names, so the runs raise and keep real alerts (placed off the
    // renamed 1%, so the nightly run keeps them).
    let step = (count / 200).max(2);
    for (k, e) in lists.entities().take(200).enumerate() {
        names[(k * step + 1) % count] = e.name.clone();
    }
    write_master(&master, &names);
    let config = Settings {
        vendors: Some(vec![master.clone()]),
        state: Some(dir.path().join("state.db")),
        output_dir: Some(dir.path().join("out")),
        ..Settings::default()
    }
    .resolve()
    .unwrap();

    let timed = |label: &str, day: &str| {
        let env = RunEnv {
            now: Timestamp::parse(day).unwrap(),
            fault: None,
        };
        let start = Instant::now();
        let s = run_with_lists(&config, &env, lists.clone()).expect("run");
        let secs = start.elapsed().as_secs_f64();
        println!(
            "job/{label}: {count} vendors, {entities} list entities, {} screened, {} new, {} open: {secs:.2} s ({:.0} vendors/s screened)",
            s.screened,
            s.new,
            s.open,
            s.screened as f64 / secs
        );
        s
    };
    let first = timed("full-rescreen", "2026-03-02T02:00:00Z");
    assert_eq!((first.mode, first.rows_failed), ("full", 0));

    // 1% of the vendors change name.
    for i in (0..count).step_by(100) {
        names[i].push_str(" Holdings");
    }
    write_master(&master, &names);
    let nightly = timed("nightly-1pct-changed", "2026-03-03T02:00:00Z");
    assert_eq!(nightly.mode, "incremental");
    assert_eq!(nightly.screened, count.div_ceil(100));
}
