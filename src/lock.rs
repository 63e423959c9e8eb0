//! Advisory file locks, for work that must not run twice at once (a list update, a nightly job
//! run). The operating system drops a lock when the holding process ends, however it ends, so a
//! killed process never leaves a stale lock behind.

use crate::{Error, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct FileLock {
    // Held only for its lock: closing the file releases it.
    _file: File,
}

impl FileLock {
    /// Takes the lock at `path` (creating the file) without waiting. When another process holds
    /// it, fails with the message `busy` gives, which should say what holds it and what to do.
    pub fn acquire(path: &Path, busy: impl FnOnce() -> String) -> Result<FileLock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        // Called through the trait: newer toolchains have an inherent `File::try_lock` too, and
        // the crate still supports toolchains without it.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(FileLock { _file: file }),
            Err(fs4::TryLockError::WouldBlock) => Err(Error::Invalid(busy())),
            Err(fs4::TryLockError::Error(e)) => Err(Error::io(path, e)),
        }
    }
}
