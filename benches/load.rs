//! Loading the real OFAC SDN set (sdn.csv, alt.csv, add.csv) plus the Consolidated Screening
//! List, as `vetter` does at start-up, with 1 and 2 threads (the lists are parsed side by side).
//!
//! Reads `$VETTER_SHARED_LISTS` (default `../shared/lists`). The shared CSL export ends inside
//! its last record, which the loader rightly refuses, so the bench loads a copy cut after the
//! last complete record (written to a temporary folder).

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use vetter::Lists;

fn load(c: &mut Criterion) {
    let (paths, _tmp) = common::real_list_paths();

    let lists = Lists::load(&paths).expect("the lists load");
    assert_eq!(lists.lists.len(), 2);

    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    for threads in [1, 2] {
        let pool = common::pool(threads);
        group.bench_function(format!("sdn_trio_plus_csl_{threads}_threads"), |b| {
            b.iter(|| pool.install(|| Lists::load(&paths).expect("the lists load")))
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
