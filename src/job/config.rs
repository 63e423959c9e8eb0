//! The job's configuration: a TOML file whose every key can also be given (or overridden) on the
//! command line. See `docs/job.md` for the documented file.

use crate::input::InputOptions;
use crate::{Error, Result, DEFAULT_THRESHOLD};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// What to do when `update = true` and refreshing the lists fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnUpdateFailure {
    /// Screen with the version already installed, and say so in the summary and workbook.
    Continue,
    /// Stop: the run fails (exit 2) and nothing is screened.
    Stop,
}

impl FromStr for OnUpdateFailure {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<OnUpdateFailure, String> {
        match s {
            "continue" => Ok(OnUpdateFailure::Continue),
            "stop" => Ok(OnUpdateFailure::Stop),
            _ => Err(format!("{s:?}: use \"continue\" or \"stop\"")),
        }
    }
}

/// The job's settings as written in the file or given by flags: every key optional, so that a
/// flag can fill in or override any of them. [`Settings::resolve`] checks and completes them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Vendor master files (CSV), screened together; vendor ids must be unique across them.
    pub vendors: Option<Vec<PathBuf>>,
    /// Column holding the vendor's id: header name or 1-based position.
    pub id_column: Option<String>,
    /// Column holding the vendor's name: header name or 1-based position.
    pub name_column: Option<String>,
    /// Encoding of the vendor files (`utf-8`, `utf-16le`, `utf-16be`, `windows-1251`); detected
    /// when absent.
    pub encoding: Option<String>,
    /// Field delimiter of the vendor files (`,` `;` `|` `tab`); detected when absent.
    pub delimiter: Option<String>,
    /// List files or folders to load; when absent, the lists shipped with vetter plus the
    /// version `vetter lists update` installed.
    pub lists: Option<Vec<PathBuf>>,
    /// Data directory of installed list versions (default: `VETTER_DATA_DIR` or the platform's).
    pub lists_dir: Option<PathBuf>,
    /// Run `vetter lists update` before screening.
    pub update: Option<bool>,
    /// Install the update from the list files in this folder instead of downloading them.
    pub update_from: Option<PathBuf>,
    /// What to do when the update fails.
    pub on_update_failure: Option<OnUpdateFailure>,
    /// Minimum score that raises an alert.
    pub threshold: Option<f64>,
    /// At most this many alerts per vendor.
    pub max_hits: Option<usize>,
    /// The SQLite state database.
    pub state: Option<PathBuf>,
    /// Folder the workbook and CSV files are written to.
    pub output_dir: Option<PathBuf>,
}

impl Settings {
    /// Reads a TOML file. Relative paths in it are taken relative to the file's folder, so that a
    /// scheduler can run the job from anywhere.
    pub fn from_file(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut s: Settings = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start].matches('\n').count() as u64 + 1);
            Error::parse(path, line, None, e.message().to_string())
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let rebase = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        s.vendors.iter_mut().flatten().for_each(rebase);
        s.lists.iter_mut().flatten().for_each(rebase);
        s.state.iter_mut().for_each(rebase);
        s.output_dir.iter_mut().for_each(rebase);
        s.lists_dir.iter_mut().for_each(rebase);
        s.update_from.iter_mut().for_each(rebase);
        Ok(s)
    }

    /// These settings with every key that `over` sets replaced by its value.
    pub fn overridden_by(self, over: Settings) -> Settings {
        Settings {
            vendors: over.vendors.or(self.vendors),
            id_column: over.id_column.or(self.id_column),
            name_column: over.name_column.or(self.name_column),
            encoding: over.encoding.or(self.encoding),
            delimiter: over.delimiter.or(self.delimiter),
            lists: over.lists.or(self.lists),
            lists_dir: over.lists_dir.or(self.lists_dir),
            update: over.update.or(self.update),
            update_from: over.update_from.or(self.update_from),
            on_update_failure: over.on_update_failure.or(self.on_update_failure),
            threshold: over.threshold.or(self.threshold),
            max_hits: over.max_hits.or(self.max_hits),
            state: over.state.or(self.state),
            output_dir: over.output_dir.or(self.output_dir),
        }
    }

    /// Checks the settings and fills in defaults.
    pub fn resolve(self) -> Result<Config> {
        let missing = |key: &str, flag: &str| {
            Error::Invalid(format!(
                "job configuration: `{key}` is not set; set it in the TOML file or pass {flag}"
            ))
        };
        let vendors = self.vendors.unwrap_or_default();
        if vendors.is_empty() {
            return Err(missing("vendors", "--vendors FILE"));
        }
        let threshold = self.threshold.unwrap_or(DEFAULT_THRESHOLD);
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(Error::Invalid(format!(
                "job configuration: threshold {threshold} is outside (0, 1]"
            )));
        }
        let max_hits = self.max_hits.unwrap_or(10);
        if max_hits == 0 {
            return Err(Error::Invalid(
                "job configuration: max_hits must be at least 1".into(),
            ));
        }
        let update = self.update.unwrap_or(false);
        if update && self.lists.is_some() {
            return Err(Error::Invalid(
                "job configuration: `update = true` refreshes the installed lists, but `lists` \
                 names list files, which the update would not change; use one or the other"
                    .into(),
            ));
        }
        let bad = |key: &str, m: String| Error::Invalid(format!("job configuration: {key}: {m}"));
        let input = InputOptions {
            encoding: self
                .encoding
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|m| bad("encoding", m))?,
            delimiter: self
                .delimiter
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|m| bad("delimiter", m))?,
        };
        Ok(Config {
            vendors,
            id_column: self.id_column.unwrap_or_else(|| "id".into()),
            name_column: self.name_column.unwrap_or_else(|| "name".into()),
            input,
            lists: self.lists.unwrap_or_default(),
            lists_dir: self.lists_dir,
            update,
            update_from: self.update_from,
            on_update_failure: self.on_update_failure.unwrap_or(OnUpdateFailure::Stop),
            threshold,
            max_hits,
            state: self.state.ok_or_else(|| missing("state", "--state FILE"))?,
            output_dir: self
                .output_dir
                .ok_or_else(|| missing("output_dir", "--output-dir DIR"))?,
        })
    }
}

/// A checked, complete job configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Vendor master files.
    pub vendors: Vec<PathBuf>,
    /// Header of the vendor id column (default `id`).
    pub id_column: String,
    /// Header of the vendor name column (default `name`).
    pub name_column: String,
    /// Encoding and delimiter of the vendor files (detected when not set).
    pub input: InputOptions,
    /// List files or folders; empty means the shipped lists plus the installed version.
    pub lists: Vec<PathBuf>,
    /// Data directory of installed list versions; `None` for the default.
    pub lists_dir: Option<PathBuf>,
    /// Refresh the installed lists before screening (default false).
    pub update: bool,
    /// Install from this folder instead of downloading.
    pub update_from: Option<PathBuf>,
    /// What to do when the refresh fails (default stop).
    pub on_update_failure: OnUpdateFailure,
    /// Minimum score that raises an alert (default [`DEFAULT_THRESHOLD`]).
    pub threshold: f64,
    /// At most this many alerts per vendor (default 10).
    pub max_hits: usize,
    /// The SQLite state database.
    pub state: PathBuf,
    /// Where outputs are written.
    pub output_dir: PathBuf,
}

impl Config {
    /// The lock file that keeps a second run (or a decision) out while a run is going: the state
    /// database's path with `.lock` appended.
    pub fn lock_path(&self) -> PathBuf {
        lock_path_for(&self.state)
    }
}

/// The lock file guarding the state database at `state`.
pub fn lock_path_for(state: &Path) -> PathBuf {
    let mut p = state.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_paths_are_relative_to_the_file_and_flags_win() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("job.toml");
        std::fs::write(
            &file,
            "vendors = [\"v.csv\"]\nstate = \"state.db\"\noutput_dir = \"out\"\nthreshold = 0.9\n",
        )
        .unwrap();
        let s = Settings::from_file(&file).unwrap();
        let flags = Settings {
            threshold: Some(0.8),
            ..Settings::default()
        };
        let c = s.overridden_by(flags).resolve().unwrap();
        assert_eq!(c.vendors, vec![dir.path().join("v.csv")]);
        assert_eq!(c.state, dir.path().join("state.db"));
        assert_eq!(c.threshold, 0.8);
        assert_eq!(c.id_column, "id");
        assert_eq!(c.lock_path(), dir.path().join("state.db.lock"));
    }

    #[test]
    fn unknown_keys_and_missing_keys_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("job.toml");
        std::fs::write(&file, "vendors = [\"v.csv\"]\nthreshhold = 0.9\n").unwrap();
        let e = Settings::from_file(&file).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("threshhold"), "{e}");
        let e = Settings::default().resolve().unwrap_err().to_string();
        assert!(e.contains("--vendors"), "{e}");
    }
}
