//! `vetter lists update`: fetch the official list files, prove they are whole by loading them,
//! refuse a suspicious shrink, and install them as a new version of the data directory.
//!
//! Nothing is installed unless every file arrived completely and the whole set loaded without
//! error; until then the files sit in a temporary folder that a failure removes (and that the
//! next update removes if the process was killed), and the version in force stays in force.

mod fetch;

pub use crate::store::{Installed, ListCount, Store, VersionInfo};
pub use fetch::{proxy_for, Fetched, HttpOptions, Progress};

use crate::error::{Error, Result};
use crate::lists::Lists;
use crate::store::{self, DateSource, FileRecord};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// Environment variable overriding [`OFAC_BASE_URL`].
pub const OFAC_URL_ENV: &str = "VETTER_OFAC_URL";
/// Environment variable overriding [`CSL_URL`].
pub const CSL_URL_ENV: &str = "VETTER_CSL_URL";

/// OFAC's Sanctions List Service, which publishes the legacy CSV files under this folder.
pub const OFAC_BASE_URL: &str =
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/";

/// The US Consolidated Screening List as one CSV file, published by the International Trade
/// Administration.
pub const CSL_URL: &str =
    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv";

/// The OFAC files fetched, as the Sanctions List Service names them: the SDN list (primary
/// records, addresses, aliases, remarks overflow) and the consolidated non-SDN list (same four).
pub const OFAC_FILES: [&str; 8] = [
    "SDN.CSV",
    "ADD.CSV",
    "ALT.CSV",
    "SDN_COMMENTS.CSV",
    "CONS_PRIM.CSV",
    "CONS_ADD.CSV",
    "CONS_ALT.CSV",
    "CONS_COMMENTS.CSV",
];

/// The default allowed drop in entities per list, as a fraction (10%).
pub const DEFAULT_MAX_DROP: f64 = 0.10;
/// How many versions are kept by default.
pub const DEFAULT_KEEP: usize = 10;

/// One file to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// The name it is stored under (lower case, as OFAC's legacy downloads named them).
    pub name: String,
    /// Where it is fetched from.
    pub url: String,
}

/// The files of a full update: the eight OFAC files under `ofac_base` and the CSL at `csl_url`.
pub fn remotes(ofac_base: &str, csl_url: &str) -> Vec<Remote> {
    let base = ofac_base.trim_end_matches('/');
    let mut v: Vec<Remote> = OFAC_FILES
        .iter()
        .map(|f| Remote {
            name: f.to_ascii_lowercase(),
            url: format!("{base}/{f}"),
        })
        .collect();
    let csl_name = csl_url
        .rsplit('/')
        .next()
        .map(|n| n.split(['?', '#']).next().unwrap_or(n))
        .filter(|n| !n.is_empty() && !OFAC_FILES.iter().any(|f| f.eq_ignore_ascii_case(n)))
        .unwrap_or("consolidated.csv");
    v.push(Remote {
        name: csl_name.to_string(),
        url: csl_url.to_string(),
    });
    v
}

/// Where an update takes its files from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Download these files.
    Download(Vec<Remote>),
    /// Install the `*.csv` files already in this folder (and its subfolders), for air-gapped
    /// sites.
    Directory(PathBuf),
}

/// How to update.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// Where the files come from.
    pub origin: Origin,
    /// Network behaviour.
    pub http: HttpOptions,
    /// Largest accepted drop in any list's entity count against the installed version, as a
    /// fraction (0.10 = 10%).
    pub max_drop: f64,
    /// Install even when a list shrank by more than `max_drop`.
    pub force: bool,
    /// Versions to keep (at least 1: the one in force).
    pub keep: usize,
}

/// What an update did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The version in force now.
    pub version: VersionInfo,
    /// The version that was in force before, when there was one and it changed.
    pub previous: Option<VersionInfo>,
    /// True when the files were identical to the version in force, so nothing new was installed.
    pub unchanged: bool,
    /// Old versions deleted to keep the configured number.
    pub pruned: Vec<String>,
    /// Temporary folders of interrupted updates that were removed.
    pub cleaned: Vec<PathBuf>,
    /// Things the user should know (a damaged version in force that this update replaced).
    pub notes: Vec<String>,
}

/// The version in force in data directory `dir`, or `None` when nothing has been installed
/// there. `check`, `screen` and `job` load `lists_dir` and quote the version in their summary.
pub fn installed(dir: &Path) -> Result<Option<Installed>> {
    Store::new(dir).current()
}

/// The lists used when none are named: those shipped in the binary, plus the version in force
/// in data directory `dir` (default: [`store::resolve_dir`]) when `lists update` has installed
/// one, with that version's record so that the caller can name it in its summary. A version that
/// is recorded but fails to load is an error, never a silent fall-back to the shipped lists.
pub fn default_lists(dir: Option<&Path>) -> Result<(Lists, Option<VersionInfo>)> {
    let shipped = Lists::shipped()?;
    let dir = match store::resolve_dir(dir) {
        Ok(d) => d,
        // No data directory can be named, so nothing can have been installed in one.
        Err(_) => return Ok((shipped, None)),
    };
    match installed(&dir)? {
        Some(inst) => {
            let lists = Lists::load(std::slice::from_ref(&inst.lists_dir))?;
            Ok((shipped.merge(lists), Some(inst.info)))
        }
        None => Ok((shipped, None)),
    }
}

/// Every installed version of `dir`, oldest first, with the id of the one in force.
pub fn versions(dir: &Path) -> Result<(Vec<VersionInfo>, Option<String>)> {
    let store = Store::new(dir);
    let versions = store
        .version_ids()?
        .iter()
        .map(|id| store.info(id))
        .collect::<Result<Vec<_>>>()?;
    Ok((versions, store.current_id()?))
}

/// Loads the lists of installed version `id`.
pub fn load_version(store: &Store, id: &str) -> Result<Lists> {
    let installed = store.installed(id)?;
    Lists::load(&[installed.lists_dir])
}

/// Runs an update into `store`: fetch (or copy), load, guard, install, prune.
pub fn update(
    store: &Store,
    opts: &UpdateOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    if !(0.0..=1.0).contains(&opts.max_drop) {
        return Err(Error::Invalid(format!(
            "--max-drop {} is not a fraction between 0 and 1 (0.10 means 10%)",
            opts.max_drop
        )));
    }
    if opts.keep == 0 {
        return Err(Error::Invalid(
            "--keep 0 would delete the version in force; keep at least 1".into(),
        ));
    }
    let _lock = store.lock()?;
    let cleaned = store.clean_leftovers()?;
    let staging = store.stage()?;
    let files = match &opts.origin {
        Origin::Download(remotes) => download_all(remotes, staging.lists_dir(), opts, progress)?,
        Origin::Directory(dir) => copy_all(dir, staging.lists_dir(), progress)?,
    };
    let lists =
        Lists::load(&[staging.lists_dir().to_path_buf()]).map_err(|e| with_origin(e, &files))?;
    let counts: Vec<ListCount> = lists
        .lists
        .iter()
        .map(|l| ListCount {
            key: l.key.clone(),
            name: l.name.clone(),
            entities: l.entities.len(),
            skipped: l.skipped.len(),
        })
        .collect();
    if counts.iter().all(|c| c.entities == 0) {
        return Err(Error::Invalid(
            "the update holds no entities; nothing was installed".into(),
        ));
    }
    let digest = store::digest(&files);
    let mut notes = Vec::new();
    // A damaged pointer or version must not block the update that repairs it; the drop guard
    // then compares with the newest version that can still be read.
    let current = store.current().unwrap_or_else(|e| {
        notes.push(format!(
            "the version in force could not be read ({e}); this update replaces it"
        ));
        None
    });
    if let Some(cur) = &current {
        if cur.info.digest == digest {
            return Ok(Report {
                version: cur.info.clone(),
                previous: None,
                unchanged: true,
                pruned: Vec::new(),
                cleaned,
                notes,
            });
        }
    }
    let reference = match &current {
        Some(cur) => Some(cur.info.clone()),
        None => store
            .version_ids()?
            .iter()
            .rev()
            .find_map(|id| store.info(id).ok()),
    };
    if let (Some(old), false) = (&reference, opts.force) {
        check_drop(old, &counts, opts.max_drop)?;
    }
    let info = VersionInfo {
        id: staging.id.clone(),
        installed_at: staging.installed_at.clone(),
        digest,
        files,
        lists: counts,
    };
    let installed = store.commit(staging, &info)?;
    let pruned = store.prune(opts.keep)?;
    Ok(Report {
        version: installed.info,
        previous: current.map(|c| c.info),
        unchanged: false,
        pruned,
        cleaned,
        notes,
    })
}

/// Adds to a loader's complaint about a staged file where that file came from, since its
/// path is a temporary one.
fn with_origin(e: Error, files: &[FileRecord]) -> Error {
    match e {
        Error::Parse {
            path,
            line,
            field,
            message,
        } => {
            let origin = files
                .iter()
                .find(|f| path.file_name().and_then(|n| n.to_str()) == Some(f.name.as_str()));
            let message = match origin {
                Some(f) => format!("{message} (fetched from {})", f.url),
                None => message,
            };
            Error::Parse {
                path,
                line,
                field,
                message,
            }
        }
        other => other,
    }
}

/// Refuses `new` counts when a list of `old` lost more than `max_drop` of its entities (or
/// vanished): the usual sign of a truncated or wrong file that still parses.
pub fn check_drop(old: &VersionInfo, new: &[ListCount], max_drop: f64) -> Result<()> {
    let mut problems = Vec::new();
    for o in &old.lists {
        let n = new
            .iter()
            .find(|n| n.key == o.key)
            .map_or(0, |n| n.entities);
        if o.entities == 0 || n >= o.entities {
            continue;
        }
        let drop = (o.entities - n) as f64 / o.entities as f64;
        if drop > max_drop {
            problems.push(format!(
                "{} has {} entities against {} in version {} (down {:.1}%)",
                o.key,
                n,
                o.entities,
                old.id,
                drop * 100.0
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "update refused, nothing installed: {}; more than the {:.1}% allowed by --max-drop. \
         A file may be truncated or wrong; if the lists really shrank, run again with --force",
        problems.join("; "),
        max_drop * 100.0
    )))
}

/// Downloads every remote into `dest`; the first failure stops the update.
fn download_all(
    remotes: &[Remote],
    dest: &Path,
    opts: &UpdateOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<FileRecord>> {
    if remotes.is_empty() {
        return Err(Error::Invalid("no files to download".into()));
    }
    let mut records = Vec::with_capacity(remotes.len());
    for r in remotes {
        if records.iter().any(|f: &FileRecord| f.name == r.name) {
            return Err(Error::Invalid(format!(
                "two downloads would both be stored as {}",
                r.name
            )));
        }
        let f = fetch::fetch(&r.url, &r.name, &dest.join(&r.name), &opts.http, progress)?;
        records.push(FileRecord {
            name: r.name.clone(),
            url: r.url.clone(),
            sha256: f.sha256,
            bytes: f.bytes,
            fetched_at: store::rfc3339(OffsetDateTime::now_utc()),
            published_from: f
                .last_modified
                .as_ref()
                .map(|_| DateSource::HttpLastModified),
            published: f.last_modified,
        });
    }
    Ok(records)
}

/// Copies every `*.csv` file under `src` (subfolders included, hidden entries skipped) into
/// `dest`.
fn copy_all(
    src: &Path,
    dest: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<FileRecord>> {
    let mut paths = Vec::new();
    collect_files(src, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Invalid(format!(
            "{}: no list files (*.csv) found to install",
            src.display()
        )));
    }
    let mut records: Vec<FileRecord> = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::Invalid(format!("{}: file name is not UTF-8", path.display())))?
            .to_string();
        if let Some(other) = records.iter().find(|r| r.name == name) {
            return Err(Error::Invalid(format!(
                "{} and {} have the same name; a version holds the files side by side, so keep \
                 only one",
                other.url,
                path.display()
            )));
        }
        let abs = fs::canonicalize(&path).map_err(|e| Error::io(&path, e))?;
        let url = format!("file://{}", abs.display());
        let meta = fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        progress(Progress::Start {
            name: &name,
            url: &url,
            total: Some(meta.len()),
        });
        let (sha256, bytes) = copy_hashed(&path, &dest.join(&name))?;
        progress(Progress::Done { name: &name, bytes });
        records.push(FileRecord {
            name,
            url,
            sha256,
            bytes,
            fetched_at: store::rfc3339(OffsetDateTime::now_utc()),
            published: meta
                .modified()
                .ok()
                .map(|t| store::rfc3339(OffsetDateTime::from(t))),
            published_from: meta.modified().ok().map(|_| DateSource::FileModified),
        });
    }
    Ok(records)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Follows symbolic links, so a folder of links to the real files works.
        let meta = fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            collect_files(&path, out)?;
        } else if meta.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Copies `src` to `dest`, returning the hex sha256 and size of what was written.
fn copy_hashed(src: &Path, dest: &Path) -> Result<(String, u64)> {
    let mut input = fs::File::open(src).map_err(|e| Error::io(src, e))?;
    let mut output = fs::File::create(dest).map_err(|e| Error::io(dest, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = input.read(&mut buf).map_err(|e| Error::io(src, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        std::io::Write::write_all(&mut output, &buf[..n]).map_err(|e| Error::io(dest, e))?;
        total += n as u64;
    }
    Ok((store::hex(&hasher.finalize()), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(counts: &[(&str, usize)]) -> VersionInfo {
        VersionInfo {
            id: "20250101T000000.000Z".into(),
            installed_at: String::new(),
            digest: String::new(),
            files: Vec::new(),
            lists: counts.iter().map(|&(k, n)| count(k, n)).collect(),
        }
    }

    fn count(key: &str, entities: usize) -> ListCount {
        ListCount {
            key: key.into(),
            name: key.into(),
            entities,
            skipped: 0,
        }
    }

    #[test]
    fn drop_guard_is_per_list() {
        let old = version(&[("ofac-sdn", 1000), ("csl", 100)]);
        // Total barely moves, but one list halved.
        let err = check_drop(&old, &[count("ofac-sdn", 1100), count("csl", 50)], 0.10)
            .unwrap_err()
            .to_string();
        assert!(err.contains("csl has 50 entities against 100"), "{err}");
        assert!(!err.contains("ofac-sdn has"), "{err}");
        assert!(check_drop(&old, &[count("ofac-sdn", 900), count("csl", 95)], 0.10).is_ok());
        // A list that vanished counts as a full drop.
        assert!(check_drop(&old, &[count("ofac-sdn", 1000)], 0.10).is_err());
    }

    #[test]
    fn default_remotes_use_official_names() {
        let r = remotes(OFAC_BASE_URL, CSL_URL);
        assert_eq!(r.len(), 9);
        assert_eq!(r[0].name, "sdn.csv");
        assert_eq!(
            r[0].url,
            "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV"
        );
        assert_eq!(r[8].name, "consolidated.csv");
        assert_eq!(r[8].url, CSL_URL);
        let m = remotes("http://127.0.0.1:1/m", "http://127.0.0.1:1/c/x.csv?k=1");
        assert_eq!(m[3].url, "http://127.0.0.1:1/m/SDN_COMMENTS.CSV");
        assert_eq!(m[8].name, "x.csv");
    }
}
