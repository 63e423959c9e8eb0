//! The data directory where `vetter lists update` installs list versions.
//!
//! ```text
//! DIR/
//!   current                      the id of the version in force (one line)
//!   versions/<id>/version.json   what was installed: URLs, times, sha256 of every file, counts
//!   versions/<id>/lists/         the list files themselves, loadable with `Lists::load`
//!   .tmp-<id>/                   an update in progress (removed by the next update if left over)
//! ```
//!
//! A version folder is complete before it is renamed into `versions/`, and `current` is replaced
//! by renaming a finished temporary file over it, so a reader sees either the old version or the
//! new one, never a mixture.

use crate::error::{Error, Result};
use crate::lock::FileLock;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// The environment variable that names the data directory when `--dir` is not given.
pub const DATA_DIR_ENV: &str = "VETTER_DATA_DIR";

/// Prefix of the temporary folders (and files) an update works in.
const TMP_PREFIX: &str = ".tmp-";
/// The pointer file naming the version in force.
const CURRENT: &str = "current";
/// The metadata file inside each version folder.
const VERSION_JSON: &str = "version.json";
/// The folder, inside each version folder, holding the list files.
const LISTS: &str = "lists";
/// The file locked while an update runs.
const LOCK: &str = "lock";

/// The data directory to use: `explicit` if given, else `$VETTER_DATA_DIR`, else the platform's
/// user data directory (`~/.local/share/vetter` on Linux, `~/Library/Application
/// Support/vetter` on macOS, `%APPDATA%\vetter` on Windows).
pub fn resolve_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("vetter")).ok_or_else(|| {
        Error::Invalid(format!(
            "no user data directory is known on this platform: give --dir DIR or set {DATA_DIR_ENV}"
        ))
    })
}

/// One downloaded (or copied) file of a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// File name inside the version's `lists/` folder.
    pub name: String,
    /// Where it came from (`https://...`, or `file://...` for `--from`).
    pub url: String,
    /// Hex sha256 of the bytes installed.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// When the download finished (RFC 3339, UTC).
    pub fetched_at: String,
    /// The publication date the source gives for the file, RFC 3339 UTC. OFAC's legacy CSV and
    /// the CSL carry no date of their own, so this is the server's HTTP `Last-Modified` header
    /// (or, for `--from`, the file's modification time); `None` when neither is known.
    pub published: Option<String>,
    /// Where `published` comes from.
    pub published_from: Option<DateSource>,
}

/// Where a file's publication date was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// The server's HTTP `Last-Modified` header.
    HttpLastModified,
    /// The modification time of the file installed with `--from` (what `curl -R` or
    /// `wget` set from `Last-Modified`, if the file was downloaded that way).
    FileModified,
}

impl DateSource {
    /// A short label for output.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::HttpLastModified => "HTTP Last-Modified",
            DateSource::FileModified => "file modification time",
        }
    }
}

/// How many entities one list of a version holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCount {
    /// The list's short key (`ofac-sdn`, `ofac-cons`, `csl`, ...).
    pub key: String,
    /// The list's full name.
    pub name: String,
    /// Entities loaded.
    pub entities: usize,
    /// Rows the loader skipped (with reasons, reported when the list is loaded).
    pub skipped: usize,
}

/// Everything recorded about one installed version (`versions/<id>/version.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// The version id: the install time, `YYYYMMDDTHHMMSS.mmmZ`, so that ids sort by age.
    pub id: String,
    /// When it was installed (RFC 3339, UTC).
    pub installed_at: String,
    /// Hex sha256 over the sorted `name sha256` lines of its files: one fingerprint for the whole
    /// version, quoted in screening summaries.
    pub digest: String,
    /// Its files.
    pub files: Vec<FileRecord>,
    /// Entity counts per list.
    pub lists: Vec<ListCount>,
}

impl VersionInfo {
    /// The newest publication date among the files, if any file has one.
    pub fn published(&self) -> Option<&str> {
        self.files
            .iter()
            .filter_map(|f| f.published.as_deref())
            .max()
    }

    /// One line naming this version in a screening summary: id, publication date, install
    /// time and fingerprint, so that a report shows which lists it was screened against.
    pub fn describe(&self) -> String {
        format!(
            "installed lists version {} (published {}, installed {}, sha256 {})",
            self.id,
            self.published().unwrap_or("unknown"),
            self.installed_at,
            self.digest
        )
    }
}

/// The fingerprint of a set of files: sha256 over their sorted `name sha256\n` lines.
pub fn digest(files: &[FileRecord]) -> String {
    let mut lines: Vec<String> = files
        .iter()
        .map(|f| format!("{} {}\n", f.name, f.sha256))
        .collect();
    lines.sort();
    let mut h = Sha256::new();
    for l in &lines {
        h.update(l.as_bytes());
    }
    hex(&h.finalize())
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `t` as RFC 3339 in UTC, to the second.
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A version id for time `t`: `YYYYMMDDTHHMMSS.mmmZ`.
fn version_id(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// The time a version id stands for (the inverse of [`version_id`]).
fn parse_id(id: &str) -> Option<OffsetDateTime> {
    let b = id.as_bytes();
    if b.len() != 20 || b[8] != b'T' || b[15] != b'.' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| id.get(r)?.parse::<u32>().ok();
    let date = time::Date::from_calendar_date(
        num(0..4)? as i32,
        time::Month::try_from(num(4..6)? as u8).ok()?,
        num(6..8)? as u8,
    )
    .ok()?;
    let t = time::Time::from_hms_milli(
        num(9..11)? as u8,
        num(11..13)? as u8,
        num(13..15)? as u8,
        num(16..19)? as u16,
    )
    .ok()?;
    Some(time::PrimitiveDateTime::new(date, t).assume_utc())
}

/// An installed version ready to load.
#[derive(Debug, Clone)]
pub struct Installed {
    /// What was recorded when it was installed.
    pub info: VersionInfo,
    /// The folder of list files, to pass to `Lists::load`.
    pub lists_dir: PathBuf,
}

/// A data directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store at `dir` (nothing is created until something is installed).
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn versions_dir(&self) -> PathBuf {
        self.dir.join("versions")
    }

    /// The folder of version `id`.
    pub fn version_dir(&self, id: &str) -> PathBuf {
        self.versions_dir().join(id)
    }

    /// The id of the version in force, or `None` when nothing has been installed.
    pub fn current_id(&self) -> Result<Option<String>> {
        let path = self.dir.join(CURRENT);
        match fs::read_to_string(&path) {
            Ok(s) => {
                let id = s.trim();
                if id.is_empty() || !valid_id(id) {
                    return Err(Error::parse(
                        &path,
                        Some(1),
                        None,
                        format!("not a version id: {id:?}; run `vetter lists update` to repair"),
                    ));
                }
                Ok(Some(id.to_string()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// The recorded information of version `id`.
    pub fn info(&self, id: &str) -> Result<VersionInfo> {
        if !valid_id(id) {
            return Err(Error::Invalid(format!("not a version id: {id:?}")));
        }
        let path = self.version_dir(id).join(VERSION_JSON);
        let text = fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Invalid(format!(
                    "version {id} is not installed in {} (see `vetter lists show`)",
                    self.dir.display()
                ))
            } else {
                Error::io(&path, e)
            }
        })?;
        serde_json::from_str(&text)
            .map_err(|e| Error::parse(&path, Some(e.line() as u64), None, e.to_string()))
    }

    /// Version `id`, ready to load.
    pub fn installed(&self, id: &str) -> Result<Installed> {
        let info = self.info(id)?;
        let lists_dir = self.version_dir(id).join(LISTS);
        if !lists_dir.is_dir() {
            return Err(Error::Invalid(format!(
                "{} is missing: version {id} is damaged; run `vetter lists update`",
                lists_dir.display()
            )));
        }
        Ok(Installed { info, lists_dir })
    }

    /// The version in force, or `None` when nothing has been installed.
    pub fn current(&self) -> Result<Option<Installed>> {
        match self.current_id()? {
            Some(id) => self.installed(&id).map(Some),
            None => Ok(None),
        }
    }

    /// Ids of every installed version, oldest first.
    pub fn version_ids(&self) -> Result<Vec<String>> {
        let dir = self.versions_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(dir, e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            if let Some(name) = entry.file_name().to_str() {
                if valid_id(name) && entry.path().join(VERSION_JSON).is_file() {
                    ids.push(name.to_string());
                }
            }
        }
        // Ids are fixed-width UTC timestamps, so text order is age order.
        ids.sort();
        Ok(ids)
    }

    /// The version installed just before `id`, if any.
    pub fn previous_id(&self, id: &str) -> Result<Option<String>> {
        Ok(self.version_ids()?.into_iter().rfind(|v| v.as_str() < id))
    }

    /// Takes the update lock of this data directory without waiting: one update at a time, so
    /// that one never removes the temporary folder of another. The operating system releases it
    /// when the process ends, however it ends, so a killed update leaves no stale lock.
    pub fn lock(&self) -> Result<FileLock> {
        fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let path = self.dir.join(LOCK);
        let busy = || {
            format!(
                "another `vetter lists update` is running on {} (lock {} is held); wait for it \
                 to finish",
                self.dir.display(),
                path.display()
            )
        };
        FileLock::acquire(&path, busy)
    }

    /// Removes temporary folders left by interrupted updates; returns what it removed. Call it
    /// only while holding [`Store::lock`].
    pub fn clean_leftovers(&self) -> Result<Vec<PathBuf>> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&self.dir, e)),
        };
        let mut removed = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&self.dir, e))?;
            let is_tmp = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TMP_PREFIX));
            if !is_tmp {
                continue;
            }
            let path = entry.path();
            let ty = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if ty.is_dir() {
                fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            } else {
                fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            }
            removed.push(path);
        }
        removed.sort();
        Ok(removed)
    }

    /// Starts a new version: a fresh id and an empty temporary folder to fill.
    pub fn stage(&self) -> Result<Staging> {
        fs::create_dir_all(self.versions_dir()).map_err(|e| Error::io(self.versions_dir(), e))?;
        let now = OffsetDateTime::now_utc();
        let mut id = version_id(now);
        // Ids must be unique and increasing, so that their order is the install order even for
        // two installs in one millisecond or after the clock was set back.
        if let Some(latest) = self.version_ids()?.pop() {
            if latest >= id {
                let t = parse_id(&latest).ok_or_else(|| {
                    Error::Invalid(format!(
                        "version folder name {latest:?} is not a version id"
                    ))
                })?;
                id = version_id(t + time::Duration::milliseconds(1));
            }
        }
        let tmp = self.dir.join(format!("{TMP_PREFIX}{id}"));
        let lists = tmp.join(LISTS);
        fs::create_dir_all(&lists).map_err(|e| Error::io(&lists, e))?;
        Ok(Staging {
            id,
            installed_at: rfc3339(now),
            tmp,
            lists,
        })
    }

    /// Moves a finished staging folder into `versions/` with its metadata, then makes it the
    /// version in force.
    pub fn commit(&self, staging: Staging, info: &VersionInfo) -> Result<Installed> {
        debug_assert_eq!(staging.id, info.id);
        let json = serde_json::to_string_pretty(info)
            .map_err(|e| Error::Invalid(format!("cannot encode version record: {e}")))?;
        write_synced(&staging.tmp.join(VERSION_JSON), json.as_bytes())?;
        for f in &info.files {
            let path = staging.lists.join(&f.name);
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io(&path, e))?;
        }
        sync_dir(&staging.lists)?;
        sync_dir(&staging.tmp)?;
        let dest = self.version_dir(&staging.id);
        fs::rename(&staging.tmp, &dest).map_err(|e| Error::io(&dest, e))?;
        sync_dir(&self.versions_dir())?;
        self.set_current(&staging.id)?;
        self.installed(&staging.id)
    }

    /// Makes version `id` the one in force: writes the pointer to a temporary file and renames
    /// it over `current`, which the file system does atomically.
    pub fn set_current(&self, id: &str) -> Result<()> {
        self.info(id)?;
        let tmp = self.dir.join(format!("{TMP_PREFIX}{CURRENT}"));
        write_synced(&tmp, format!("{id}\n").as_bytes())?;
        let path = self.dir.join(CURRENT);
        fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        sync_dir(&self.dir)
    }

    /// Deletes the oldest versions so that at most `keep` remain; never the one in force.
    /// Returns the ids deleted.
    pub fn prune(&self, keep: usize) -> Result<Vec<String>> {
        let current = self.current_id()?;
        let ids = self.version_ids()?;
        let excess = ids.len().saturating_sub(keep.max(1));
        let mut removed = Vec::new();
        for id in ids.into_iter().take(excess) {
            if current.as_deref() == Some(id.as_str()) {
                continue;
            }
            let dir = self.version_dir(&id);
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            removed.push(id);
        }
        Ok(removed)
    }
}

/// A version being assembled in a temporary folder. Dropping it without [`Store::commit`]
/// removes the folder; a process killed before that leaves the folder for the next update to
/// remove.
#[derive(Debug)]
pub struct Staging {
    /// The id the version will have.
    pub id: String,
    /// Its install time, RFC 3339.
    pub installed_at: String,
    tmp: PathBuf,
    lists: PathBuf,
}

impl Staging {
    /// The folder to put the list files in.
    pub fn lists_dir(&self) -> &Path {
        &self.lists
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a successful commit the folder has been renamed away and this finds nothing.
        if self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Whether `s` has the shape of a version id (so that a stray name can never be joined into a
/// path that leaves `versions/`).
fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !s.starts_with('.')
}

/// Writes `bytes` to `path` and flushes them to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Flushes a directory's entries to disk, so that a rename survives a power cut.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_reject_paths() {
        let a = version_id(OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap());
        let b = version_id(OffsetDateTime::from_unix_timestamp(1_700_000_001).unwrap());
        assert_eq!(a, "20231114T221320.000Z");
        assert_eq!(parse_id(&a).map(version_id).as_deref(), Some(a.as_str()));
        assert_eq!(parse_id("20231114T221320.000"), None);
        assert!(a < b);
        assert!(valid_id(&a));
        assert!(!valid_id("../etc"));
        assert!(!valid_id(".tmp-x"));
        assert!(!valid_id(""));
    }

    #[test]
    fn ids_keep_increasing_when_the_clock_goes_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let future = "29991231T235959.999Z";
        fs::create_dir_all(store.version_dir(future)).unwrap();
        fs::write(store.version_dir(future).join(VERSION_JSON), "{}").unwrap();
        let s = store.stage().unwrap();
        assert_eq!(s.id, "30000101T000000.000Z");
    }

    #[test]
    fn one_update_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("data"));
        let held = store.lock().unwrap();
        let e = store.lock().unwrap_err().to_string();
        assert!(
            e.contains("another `vetter lists update` is running"),
            "{e}"
        );
        drop(held);
        store.lock().unwrap();
    }

    #[test]
    fn digest_ignores_file_order() {
        let f = |n: &str, s: &str| FileRecord {
            name: n.into(),
            url: String::new(),
            sha256: s.into(),
            bytes: 1,
            fetched_at: String::new(),
            published: None,
            published_from: None,
        };
        let a = digest(&[f("a", "1"), f("b", "2")]);
        assert_eq!(a, digest(&[f("b", "2"), f("a", "1")]));
        assert_ne!(a, digest(&[f("a", "2"), f("b", "1")]));
    }
}
