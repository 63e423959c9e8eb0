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
