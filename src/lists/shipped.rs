//! The lists shipped inside the binary: the project's `lists/` folder, embedded at build time so
//! that vetter works from any directory without a download.

use super::Input;
use crate::error::Result;
use std::borrow::Cow;

/// Each shipped file's name and content. A test checks that this is every file in `lists/`.
pub(crate) const FILES: &[(&str, &[u8])] = &[(
    "kaspersky.toml",
    include_bytes!("../../lists/kaspersky.toml"),
)];

/// The shipped files, named `<shipped>/NAME`.
pub(crate) fn inputs() -> Result<Vec<Input>> {
    FILES
        .iter()
        .map(|(name, bytes)| Input::new(format!("<shipped>/{name}"), Cow::Borrowed(bytes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::FILES;

    #[test]
    fn every_file_in_lists_is_shipped() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/lists");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        on_disk.sort();
        let mut shipped: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        shipped.sort();
        assert_eq!(on_disk, shipped, "lists/ and the embedded files differ");
    }
}
