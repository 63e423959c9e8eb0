//! What the benchmarks share: the real public lists, the allocator, thread pools.
#![allow(dead_code)]

use std::path::PathBuf;

// The benchmarks measure what the binary does, with its allocator (see src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `$VETTER_SHARED_LISTS`, or `../shared/lists` beside the checkout.
pub fn shared() -> PathBuf {
    std::env::var_os("VETTER_SHARED_LISTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/lists"))
}

/// The paths of the full real lists (the OFAC SDN set and the CSL), and the temporary folder
/// that holds the CSL copy: the shared export ends inside its last record, which the loader
/// rightly refuses, so the benchmarks load a copy cut after the last complete record.
pub fn real_list_paths() -> (Vec<PathBuf>, tempfile::TempDir) {
    let dir = shared();
    let csl = std::fs::read(dir.join("csl/consolidated.csv"))
        .unwrap_or_else(|e| panic!("{}: {e}; set VETTER_SHARED_LISTS", dir.display()));
    let end = csl
        .iter()
        .rposition(|&b| b == b'\n')
        .expect("a CSL with lines");
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join("consolidated.csv"), &csl[..=end]).expect("write CSL copy");
    (vec![dir.join("ofac"), tmp.path().to_path_buf()], tmp)
}

/// A pool of `threads` threads, for measuring with a given thread count.
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}
