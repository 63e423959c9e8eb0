//! End-to-end benchmark of batch screening: a generated vendor file is parsed, screened and
//! written as CSV, with 1 and 2 threads. It screens against (and plants names from) the lists in
//! `VETTER_BENCH_LISTS` (paths separated like `PATH`), else the shipped lists:
//!
//! `VETTER_BENCH_LISTS=../shared/lists/ofac:/tmp/csl-complete/consolidated.csv cargo bench --bench screen`

mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use vetter::batch::{screen_rows, Columns};
use vetter::input::{CsvInput, InputOptions};
use vetter::report::{HitWriter, LineFormat, ReportSink};
use vetter::synth;
use vetter::{Lists, Options, Screener};

const ROWS: usize = 20_000;

fn lists() -> Lists {
    match std::env::var_os("VETTER_BENCH_LISTS") {
        Some(paths) => {
            let paths: Vec<PathBuf> = std::env::split_paths(&paths).collect();
            Lists::load(&paths).expect("loading VETTER_BENCH_LISTS")
        }
        None => Lists::shipped().expect("loading the shipped lists"),
    }
}

fn bench(c: &mut Criterion) {
    let lists = lists();
    let names = synth::list_names(&lists);
    let screener = Screener::new(lists.entities().cloned().collect());
    let mut file = Vec::new();
    let spec = synth::Spec {
        rows: ROWS,
        ..Default::default()
    };
    synth::write_vendors(&mut file, &spec, &names).expect("generating");
    let kept = vec!["country".to_string()];
    let mut g = c.benchmark_group("screen");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.sample_size(10);
    for threads in [1, 2] {
        let pool = common::pool(threads);
        g.bench_function(format!("{ROWS}_rows_{threads}_threads"), |b| {
            b.iter(|| {
                let mut input = CsvInput::from_reader(
                    Path::new("bench.csv"),
                    Box::new(Cursor::new(file.clone())),
                    None,
                    InputOptions::default(),
                )
                .expect("reading");
                let hits =
                    HitWriter::new(std::io::sink(), LineFormat::Csv, &kept, true).expect("writer");
                let mut sink = ReportSink::<_, std::io::Sink>::new(hits, None, None).expect("sink");
                let columns = Columns {
                    name: 1,
                    id: Some(0),
                    keep: vec![2],
                };
                screen_rows(
                    &mut input,
                    &screener,
                    &columns,
                    &Options::default(),
                    &pool,
                    &mut sink,
                )
                .expect("screening")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
