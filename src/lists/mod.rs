//! Sanctions and export-control lists: the data model and the loaders for each published format.
//!
//! [`Lists::load`] takes files or folders, recognises each file by its content
//! (see `detect.rs`), groups the OFAC legacy files into their sets, loads every list, and merges
//! designations that appear on several lists (the OFAC files and the CSL's copy of the SDN) into
//! one entity. [`Lists::shipped`] loads the lists embedded in the binary from `lists/`.

mod csl;
mod detect;
mod model;
mod native;
mod ofac;
mod records;
mod remarks;
mod shipped;
mod summary;

pub use model::{Address, Alias, AliasKind, Entity, EntityKind, Identifier};
pub use summary::ListSummary;

use crate::error::{Error, Result};
use detect::Format;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One file a list was read from.
#[derive(Debug, Clone, Serialize)]
pub struct ListFile {
    /// Path as given (or `<shipped>/NAME` for lists embedded in the binary).
    pub path: String,
    /// Hex sha256 of the raw bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// A row a loader could not use, with where it is and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// Why it was skipped, in words shared by every row skipped for the same reason.
    pub reason: String,
    /// What identifies the row (the ent_num it points to, say).
    pub detail: String,
}

/// A record folded into an entity loaded from another record (the same designation listed
/// twice, in this list or in another).
#[derive(Debug, Clone, Serialize)]
pub struct Merged {
    /// The entity id both records carry.
    pub id: String,
    /// Key of the list that holds the merged entity.
    pub into: String,
}

/// One loaded list: its entities and where they came from.
#[derive(Debug, Clone, Serialize)]
pub struct LoadedList {
    /// Short key (`ofac-sdn`, `ofac-cons`, `csl`, or the native list's own key).
    pub key: String,
    /// Full name.
    pub name: String,
    /// The files it was read from.
    pub files: Vec<ListFile>,
    /// Its entities.
    pub entities: Vec<Entity>,
    /// Rows that were not loaded, with reasons.
    pub skipped: Vec<Skipped>,
    /// Rows whose designation was already loaded and that were merged into that entity.
    pub merged: Vec<Merged>,
    /// Number of primary rows read from each source list (one key except for the CSL, which
    /// carries many lists).
    pub rows_by_source: BTreeMap<String, u64>,
}

impl LoadedList {
    /// The figures `vetter lists show` prints for this list.
    pub fn summary(&self) -> ListSummary {
        ListSummary::of(self)
    }

    /// Whether the list was read from OFAC's own files, whose records are preferred when the
    /// same designation also comes from the CSL.
    fn is_ofac_files(&self) -> bool {
        self.key == ofac::SDN_KEY || self.key == ofac::CONS_KEY
    }
}

/// Every list in use, with designations that appear on several lists merged into one entity.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Lists {
    /// The lists, in load order.
    pub lists: Vec<LoadedList>,
}

/// A list file read into memory and checked to be non-empty UTF-8, not yet recognised.
pub(crate) struct Input {
    /// How the file is named in messages and summaries.
    pub path: String,
    /// Provenance (sha256 of the raw bytes) for summaries.
    pub file: ListFile,
    /// The whole content.
    content: Cow<'static, str>,
    /// The part of `content` that is list text.
    body: std::ops::Range<usize>,
}

impl Input {
    /// Checks `bytes`, read from the file named `path`: UTF-8 only (a leading byte-order mark
    /// and OFAC's trailing DOS end-of-file byte are dropped). Invalid UTF-8 is an error, never
    /// replaced, because a replaced letter in a name can hide a match. An empty file is an
    /// error.
    pub fn new(path: String, bytes: Cow<'static, [u8]>) -> Result<Input> {
        let file = ListFile {
            path: path.clone(),
            sha256: format!("{:x}", Sha256::digest(&bytes)),
            bytes: bytes.len() as u64,
        };
        let invalid = |b: &[u8], e: std::str::Utf8Error| {
            let good = &b[..e.valid_up_to()];
            let line = good.iter().filter(|&&c| c == b'\n').count() as u64 + 1;
            Error::parse(
                &path,
                Some(line),
                None,
                format!(
                    "invalid UTF-8 (byte 0x{:02X} at offset {}): vetter reads lists as UTF-8 only; \
                     if the file is Windows-1252 or Latin-1, convert it first, e.g. \
                     `iconv -f WINDOWS-1252 -t UTF-8`",
                    b[e.valid_up_to()],
                    e.valid_up_to()
                ),
            )
        };
        let content: Cow<'static, str> = match bytes {
            Cow::Borrowed(b) => Cow::Borrowed(std::str::from_utf8(b).map_err(|e| invalid(b, e))?),
            Cow::Owned(v) => {
                Cow::Owned(String::from_utf8(v).map_err(|e| invalid(e.as_bytes(), e.utf8_error()))?)
            }
        };
        let mut body = 0..content.len();
        if content.starts_with('\u{FEFF}') {
            body.start = '\u{FEFF}'.len_utf8();
        }
        while body.end > body.start && content.as_bytes()[body.end - 1] == 0x1A {
            body.end -= 1;
        }
        if content[body.clone()].trim().is_empty() {
            return Err(Error::parse(
                &path,
                None,
                None,
                "the file is empty: a list file must hold at least one record",
            ));
        }
        Ok(Input {
            path,
            file,
            content,
            body,
        })
    }

    /// The list text.
    pub fn text(&self) -> &str {
        &self.content[self.body.clone()]
    }
}

impl Lists {
    /// Loads the lists in `paths`: each a list file or a folder holding list files side by side
    /// (searched recursively for `*.csv` and `*.toml`). Each file is recognised by its content.
    /// Any missing, empty, truncated, malformed or unrecognised file is an error.
    pub fn load(paths: &[PathBuf]) -> Result<Lists> {
        if paths.is_empty() {
            return Err(Error::Invalid("no list files given".into()));
        }
        let mut files = Vec::new();
        for p in paths {
            for file in expand(p)? {
                let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
                files.push((file.display().to_string(), bytes));
            }
        }
        // Fingerprinting and checking the text are each file's own, so they run side by side;
        // the first file that fails, in the order given, is reported.
        let checked: Vec<Result<Input>> = files
            .into_par_iter()
            .map(|(name, bytes)| Input::new(name, Cow::Owned(bytes)))
            .collect();
        Lists::from_inputs(checked.into_iter().collect::<Result<_>>()?)
    }

    /// The lists shipped in the binary (the project's `lists/` folder), named `<shipped>/NAME`.
    pub fn shipped() -> Result<Lists> {
        Lists::from_inputs(shipped::inputs()?)
    }

    /// Recognises, groups and loads `inputs`.
    pub(crate) fn from_inputs(inputs: Vec<Input>) -> Result<Lists> {
        // Loaded lists are kept in the order their first file was given.
        let mut order: Vec<Group> = Vec::new();
        for input in inputs {
            let format = detect::detect(&input.path, input.text())?;
            match format {
                Format::Csl => order.push(Group::Csl(input)),
                Format::Native => order.push(Group::Native(input)),
                _ => {
                    let family = ofac::Family::of_path(&input.path);
                    let same = |g: &Group| matches!(g, Group::Ofac(s) if s.family == family);
                    let i = order.iter().position(same).unwrap_or_else(|| {
                        order.push(Group::Ofac(Box::new(ofac::FileSet::new(family))));
                        order.len() - 1
                    });
                    if let Group::Ofac(set) = &mut order[i] {
                        set.add(format, input)?;
                    }
                }
            }
        }
        // The lists are parsed side by side; merging them, and reporting the first that fails,
        // goes in the order given.
        let loaded: Vec<Result<LoadedList>> = order
            .into_par_iter()
            .map(|g| match g {
                Group::Csl(input) => csl::load(&input),
                Group::Native(input) => native::load(&input),
                Group::Ofac(set) => set.load(),
            })
            .collect();
        let mut lists = Lists::default();
        for list in loaded {
            lists.push(list?);
        }
        Ok(lists)
    }

    /// Every entity of every list.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.lists.iter().flat_map(|l| l.entities.iter())
    }

    /// Every entity of every list, copied (in parallel), for a `Screener` built while the lists
    /// are kept.
    pub fn to_entities(&self) -> Vec<Entity> {
        self.lists
            .par_iter()
            .flat_map(|l| l.entities.par_iter().cloned())
            .collect()
    }

    /// Every entity of every list, moved out (for `Screener::new`, without copying them).
    pub fn into_entities(self) -> Vec<Entity> {
        self.lists.into_iter().flat_map(|l| l.entities).collect()
    }

    /// The lists of `self` followed by those of `other`, with designations present in both
    /// merged into one entity (see [`Lists::push`]).
    pub fn merge(mut self, other: Lists) -> Lists {
        for list in other.lists {
            self.push(list);
        }
        self
    }

    /// Adds `list`. An entity whose id is already loaded is merged with the loaded one: the
    /// record from OFAC's own files is kept (it is the fuller one), otherwise the first loaded;
    /// the other's names, programs and facts are added to it and the merge is recorded in
    /// [`LoadedList::merged`] of the list the dropped record came from.
    pub fn push(&mut self, mut list: LoadedList) {
        // Index the new list (borrowing it, no copies) and look every loaded entity up in it.
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        if !self.lists.is_empty() {
            let index: HashMap<&str, usize> = list
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i))
                .collect();
            for (li, l) in self.lists.iter().enumerate() {
                for (ei, e) in l.entities.iter().enumerate() {
                    if let Some(&ni) = index.get(e.id.as_str()) {
                        pairs.push((li, ei, ni));
                    }
                }
            }
        }
        if pairs.is_empty() {
            self.lists.push(list);
            return;
        }
        // Merges are applied in the new list's order, so that output does not depend on hashing.
        pairs.sort_by_key(|&(_, _, ni)| ni);
        let new_preferred = list.is_ofac_files();
        let mut drop_old: Vec<Vec<bool>> = self
            .lists
            .iter()
            .map(|l| vec![false; l.entities.len()])
            .collect();
        let mut drop_new = vec![false; list.entities.len()];
        for (li, ei, ni) in pairs {
            let old_list = &mut self.lists[li];
            if new_preferred && !old_list.is_ofac_files() {
                drop_old[li][ei] = true;
                old_list.merged.push(Merged {
                    id: old_list.entities[ei].id.clone(),
                    into: list.key.clone(),
                });
                list.entities[ni].absorb(take_entity(&mut old_list.entities[ei]));
            } else {
                drop_new[ni] = true;
                list.merged.push(Merged {
                    id: list.entities[ni].id.clone(),
                    into: old_list.key.clone(),
                });
                old_list.entities[ei].absorb(take_entity(&mut list.entities[ni]));
            }
        }
        for (l, gone) in self.lists.iter_mut().zip(&drop_old) {
            remove_flagged(&mut l.entities, gone);
        }
        remove_flagged(&mut list.entities, &drop_new);
        self.lists.push(list);
    }

    /// The summary of each list, in load order.
    pub fn summaries(&self) -> Vec<ListSummary> {
        self.lists.iter().map(LoadedList::summary).collect()
    }
}

/// Moves an entity out of a slot that is about to be removed (an empty entity allocates nothing).
fn take_entity(slot: &mut Entity) -> Entity {
    std::mem::replace(slot, Entity::new("", "", EntityKind::Unknown, ""))
}

/// Removes the items whose flag is set, keeping order.
fn remove_flagged<T>(items: &mut Vec<T>, flags: &[bool]) {
    let mut flags = flags.iter();
    items.retain(|_| !flags.next().copied().unwrap_or(false));
}

/// A loading unit, in the order given.
enum Group {
    Csl(Input),
    Native(Input),
    /// Boxed: a set holds up to four files.
    Ofac(Box<ofac::FileSet>),
}

/// The list files named by `path`: the file itself, or every `*.csv` and `*.toml` below the
/// folder (hidden entries skipped), sorted so that loading does not depend on directory order.
fn expand(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    walk(path, &mut out)?;
    out.sort();
    if out.is_empty() {
        return Err(Error::parse(
            path,
            None,
            None,
            "the folder holds no list files (*.csv or *.toml)",
        ));
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            walk(&path, out)?;
        } else {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            if ext == "csv" || ext == "toml" {
                out.push(path);
            }
        }
    }
    Ok(())
}
