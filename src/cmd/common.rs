//! What `check` and `screen` share: list selection and the screening options.

use clap::ValueEnum;
use std::path::PathBuf;
use vetter::store::VersionInfo;
use vetter::{KindFilter, Lists, Options, Screener, DEFAULT_THRESHOLD};

/// The lists to screen against: those given with `--list` (each a file or a folder), or by
/// default the lists shipped in the binary plus the version `vetter lists update` installed
/// (returned too, so that the summary can name it).
pub fn select_lists(paths: &[PathBuf]) -> vetter::Result<(Lists, Option<VersionInfo>)> {
    if paths.is_empty() {
        vetter::update::default_lists(None)
    } else {
        Ok((Lists::load(paths)?, None))
    }
}

/// Which kinds of entity to match, on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Kind {
    /// People only.
    Person,
    /// Organisations only.
    Organization,
    /// Every kind.
    Any,
}

/// Options of every screening command.
#[derive(clap::Args, Debug)]
pub struct ScreenArgs {
    /// Report candidates scoring at least this (0 to 1).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    pub threshold: f64,
    /// At most this many hits per name.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
    /// Which kinds of entity to match.
    #[arg(long, value_enum, default_value_t = Kind::Any)]
    pub kind: Kind,
    /// A list file or folder to screen against, instead of the shipped and installed lists
    /// (repeatable).
    #[arg(long = "list", value_name = "PATH")]
    pub lists: Vec<PathBuf>,
}

impl ScreenArgs {
    /// The screening options.
    pub fn options(&self) -> Options {
        Options {
            threshold: self.threshold,
            limit: usize::try_from(self.limit).unwrap_or(usize::MAX),
            kind: match self.kind {
                Kind::Person => KindFilter::Person,
                Kind::Organization => KindFilter::Organization,
                Kind::Any => KindFilter::Any,
            },
        }
    }

    /// Loads the selected lists and builds a screener over them; also returns the installed
    /// version in use, if any.
    pub fn load(&self) -> vetter::Result<(Lists, Screener, Option<VersionInfo>)> {
        let (lists, installed) = select_lists(&self.lists)?;
        let screener = Screener::new(lists.to_entities());
        Ok((lists, screener, installed))
    }
}

/// Leaves the lists and the screener to the operating system when the process is about to end:
/// freeing their many small allocations one by one takes tens of milliseconds (about 40 ms for
/// the full lists' index, a tenth of a `check`), which exiting does at once.
pub fn leave_to_exit(loaded: (Lists, Screener)) {
    std::mem::forget(loaded);
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    let t: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&t) {
        Ok(t)
    } else {
        Err(format!("{t} is not between 0 and 1"))
    }
}
