//! Loading the real OFAC SDN set (sdn.csv, alt.csv, add.csv) plus the Consolidated Screening
//! List, as `vetter` does at start-up. The loaders run on one thread.
//!
//! Reads `$VETTER_SHARED_LISTS` (default `../shared/lists`). The shared CSL export ends inside
//! its last record, which the loader rightly refuses, so the bench loads a copy cut after the
//! last complete record (written to a temporary folder).

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use vetter::Lists;

fn shared() -> PathBuf {
    std::env::var_os("VETTER_SHARED_LISTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/lists"))
}

fn load(c: &mut Criterion) {
    let dir = shared();
    let csl = std::fs::read(dir.join("csl/consolidated.csv"))
        .unwrap_or_else(|e| panic!("{}: {e}; set VETTER_SHARED_LISTS", dir.display()));
    let end = csl
        .iter()
        .rposition(|&b| b == b'\n')
        .expect("a CSL with lines");
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join("consolidated.csv"), &csl[..=end]).expect("write CSL copy");
    let paths = vec![dir.join("ofac"), tmp.path().to_path_buf()];

    let lists = Lists::load(&paths).expect("the lists load");
    assert_eq!(lists.lists.len(), 2);

    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("sdn_trio_plus_csl", |b| {
        b.iter(|| Lists::load(&paths).expect("the lists load"))
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
