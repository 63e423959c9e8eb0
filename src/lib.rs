//! vetter screens vendor and counterparty names against sanctions and export-control lists.
//!
//! Load lists with [`lists`], build a [`Screener`] over their entities once, then ask it about
//! names: it proposes candidates through an index and scores them with a transliteration-aware
//! name matcher.

pub mod batch;
pub mod diff;
pub mod error;
pub mod eval;
pub mod index;
pub mod input;
pub mod job;
pub mod lists;
pub mod lock;
pub mod names;
pub mod normalize;
pub mod report;
pub mod score;
pub mod screen;
pub mod store;
pub mod synth;
pub mod translit;
pub mod update;

pub use error::{Error, Result};
pub use lists::{Entity, EntityKind, Lists};
pub use screen::{Hit, KindFilter, Options, Screener, DEFAULT_THRESHOLD};
