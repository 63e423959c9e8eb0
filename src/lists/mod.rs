//! Sanctions and export-control lists: the data model and the loaders for each published format.

mod model;

pub use model::{Address, Alias, AliasKind, Entity, EntityKind, Identifier};

use serde::Serialize;

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
    /// Why it was skipped.
    pub reason: String,
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
}

/// Every list in use, with designations that appear on several lists merged into one entity.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Lists {
    /// The lists, in load order.
    pub lists: Vec<LoadedList>,
}

impl Lists {
    /// Every entity of every list.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.lists.iter().flat_map(|l| l.entities.iter())
    }
}
