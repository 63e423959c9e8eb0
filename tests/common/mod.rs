//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The folder of real public list files named by `VETTER_SHARED_LISTS` (CI sets it to
/// `../shared/lists`). `None` when the variable is unset, so a developer without the files can
/// still run the other tests; a panic when it is set but the folder is missing, so that CI
/// cannot pass by screening against nothing.
pub fn shared_lists() -> Option<PathBuf> {
    let dir = std::env::var_os("VETTER_SHARED_LISTS")?;
    let dir = PathBuf::from(dir);
    for f in [
        "ofac/sdn.csv",
        "ofac/alt.csv",
        "ofac/add.csv",
        "csl/consolidated.csv",
    ] {
        assert!(
            dir.join(f).is_file(),
            "VETTER_SHARED_LISTS={} but {} is missing",
            dir.display(),
            f
        );
    }
    Some(dir)
}

/// A copy of the shared CSL without its last record, which the published file cuts off
/// mid-field (the loader rightly refuses the file as it is).
pub fn complete_csl(dir: &std::path::Path) -> tempfile::TempDir {
    let bytes = std::fs::read(dir.join("csl/consolidated.csv")).expect("read the shared CSL");
    let body = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let end = body
        .iter()
        .rposition(|&b| b == b'\n')
        .expect("the CSL has lines");
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("consolidated.csv"), &bytes[..=end]).expect("write CSL copy");
    tmp
}

/// The full real lists (OFAC SDN set and the CSL without its cut record) plus the shipped
/// lists, or `None` when `VETTER_SHARED_LISTS` is unset.
pub fn real_lists() -> Option<vetter::Lists> {
    let dir = shared_lists()?;
    let csl = complete_csl(&dir);
    let lists = vetter::Lists::load(&[dir.join("ofac"), csl.path().join("consolidated.csv")])
        .expect("the real lists load")
        .merge(vetter::Lists::shipped().expect("the shipped lists load"));
    Some(lists)
}
