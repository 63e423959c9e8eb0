//! The run lock: an advisory lock on a file beside the state database, held for the whole run (and
//! while decisions are written), so that a second scheduler start cannot interleave with the first.
//! The operating system drops the lock when the holding process ends, however it ends, so a killed
//! run never leaves a stale lock behind.

use crate::lock::FileLock;
use crate::Result;
use std::path::Path;

/// A held run lock; released when dropped.
#[derive(Debug)]
pub struct RunLock {
    // Held only for its lock.
    _lock: FileLock,
}

impl RunLock {
    /// Takes the lock at `path` without waiting; fails with a message naming the lock file when
    /// another process holds it.
    pub fn acquire(path: &Path) -> Result<RunLock> {
        let busy = || {
            format!(
                "another vetter job is running on this state database (lock {} is held); \
                 wait for it to finish, or check the scheduler is not starting the job twice",
                path.display()
            )
        };
        FileLock::acquire(path, busy).map(|l| RunLock { _lock: l })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db.lock");
        let first = RunLock::acquire(&path).unwrap();
        let e = RunLock::acquire(&path).unwrap_err().to_string();
        assert!(e.contains("another vetter job is running"), "{e}");
        drop(first);
        RunLock::acquire(&path).unwrap();
    }
}
