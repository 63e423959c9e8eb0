//! OFAC's legacy CSV files: `sdn.csv` with `alt.csv`, `add.csv` and `sdn_comments.csv`, and the
//! non-SDN consolidated set `cons_prim.csv`, `cons_alt.csv`, `cons_add.csv`,
//! `cons_comments.csv` in the same layouts. Headerless and positional, `-0-` for an empty field,
//! CRLF line ends, a DOS end-of-file byte at the end of `sdn.csv`.

use super::detect::Format;
use super::records::{Record, Records};
use super::{remarks, Address, Alias, AliasKind, Entity, EntityKind, Input, LoadedList, Skipped};
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Key of the list loaded from `sdn.csv` and its companions.
pub(crate) const SDN_KEY: &str = "ofac-sdn";
/// Key of the list loaded from the `cons_*` files.
pub(crate) const CONS_KEY: &str = "ofac-cons";

/// OFAC cuts the remarks field of the legacy files at this many characters and puts the rest in
/// the comments (spill-over) file.
const REMARKS_LIMIT: usize = 1000;

/// Which OFAC list a legacy file belongs to. The layouts are identical, so the file name's
/// `cons_` prefix (as OFAC publishes it) tells them apart; anything else is taken as SDN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Sdn,
    Cons,
}

impl Family {
    /// The family of the file at `path`.
    pub fn of_path(path: &str) -> Family {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        if name.to_ascii_lowercase().starts_with("cons_") {
            Family::Cons
        } else {
            Family::Sdn
        }
    }

    fn key(self) -> &'static str {
        match self {
            Family::Sdn => SDN_KEY,
            Family::Cons => CONS_KEY,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Family::Sdn => "OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
            Family::Cons => "OFAC Consolidated Sanctions List (non-SDN lists)",
        }
    }

    /// The source entities carry: for the SDN, the words the CSL uses, so that an SDN entity
    /// merged with the CSL's copy names one source.
    fn source(self) -> &'static str {
        match self {
            Family::Sdn => "Specially Designated Nationals (SDN) - Treasury Department",
            Family::Cons => "OFAC Consolidated Sanctions List (non-SDN lists)",
        }
    }

    fn primary_file(self) -> &'static str {
        match self {
            Family::Sdn => "sdn.csv",
            Family::Cons => "cons_prim.csv",
        }
    }
}

/// The files of one OFAC set, gathered before loading.
pub(crate) struct FileSet {
    /// Which set.
    pub family: Family,
    primary: Option<Input>,
    alt: Option<Input>,
    add: Option<Input>,
    comments: Option<Input>,
}

impl FileSet {
    /// An empty set.
    pub fn new(family: Family) -> FileSet {
        FileSet {
            family,
            primary: None,
            alt: None,
            add: None,
            comments: None,
        }
    }

    /// Adds a file recognised as `format`. Two files of the same layout in one set is an error:
    /// they would describe the same records twice, or two different list dates.
    pub fn add(&mut self, format: Format, input: Input) -> Result<()> {
        let slot = match format {
            Format::OfacPrimary => &mut self.primary,
            Format::OfacAlt => &mut self.alt,
            Format::OfacAdd => &mut self.add,
            Format::OfacComments => &mut self.comments,
            Format::Csl | Format::Native => unreachable!("not an OFAC legacy layout"),
        };
        if let Some(prev) = slot {
            return Err(Error::parse(
                &input.path,
                None,
                None,
                format!(
                    "a second file of {} for {}: {} was already given; give one set of files",
                    format.describe(),
                    self.family.key(),
                    prev.path
                ),
            ));
        }
        *slot = Some(input);
        Ok(())
    }

    /// Loads the set into one list.
    pub fn load(self) -> Result<LoadedList> {
        let family = self.family;
        let Some(primary) = self.primary else {
            let orphan = [&self.alt, &self.add, &self.comments]
                .into_iter()
                .flatten()
                .next()
                .map(|i| i.path.clone())
                .unwrap_or_default();
            return Err(Error::parse(
                orphan,
                None,
                None,
                format!(
                    "an OFAC companion file without its primary file {}: give the whole set \
                     (the folder, or every file)",
                    family.primary_file()
                ),
            ));
        };
        // The companion files are read and checked while the primary file is; each row is
        // tied to its entity afterwards, in file order, so errors and skipped rows come out as
        // they would reading one file after another.
        let (primary_rows, (comments, (alt, add))) = rayon::join(
            || load_primary(family, &primary),
            || {
                rayon::join(
                    || {
                        self.comments
                            .as_ref()
                            .map(|i| companion_rows(i, Format::OfacComments, spill_row))
                    },
                    || {
                        rayon::join(
                            || {
                                self.alt
                                    .as_ref()
                                    .map(|i| companion_rows(i, Format::OfacAlt, alias_row))
                            },
                            || {
                                self.add
                                    .as_ref()
                                    .map(|i| companion_rows(i, Format::OfacAdd, address_row))
                            },
                        )
                    },
                )
            },
        );
        let mut files = vec![primary.file.clone()];
        let mut skipped = Vec::new();
        let (mut entities, mut remark_texts, index) = primary_rows?;

        let mut spilled = vec![false; entities.len()];
        if let (Some(input), Some(rows)) = (&self.comments, comments) {
            files.push(input.file.clone());
            let what = "remarks spill-over row";
            tie(input, rows, what, &index, &mut skipped, |text, _, _, i| {
                // The spill-over continues the cut text exactly, spaces included.
                if let Some(text) = text {
                    remark_texts[i]
                        .get_or_insert(Cow::Borrowed(""))
                        .to_mut()
                        .push_str(&text);
                    spilled[i] = true;
                }
            })?;
        }
        // Each entity's remarks are its own, so they are read side by side.
        entities
            .par_iter_mut()
            .zip(&remark_texts)
            .zip(&spilled)
            .for_each(|((entity, text), &spilled)| {
                if let Some(text) = text {
                    let cut = !spilled && text.chars().count() >= REMARKS_LIMIT;
                    remarks::apply(entity, text, cut);
                }
            });

        if let (Some(input), Some(rows)) = (&self.alt, alt) {
            files.push(input.file.clone());
            tie(
                input,
                rows,
                "alias row",
                &index,
                &mut skipped,
                |alias, _, _, i| {
                    entities[i].aliases.push(alias);
                },
            )?;
        }

        if let (Some(input), Some(rows)) = (&self.add, add) {
            files.push(input.file.clone());
            let mut empty = Vec::new();
            tie(
                input,
                rows,
                "address row",
                &index,
                &mut skipped,
                |address, line, ent, i| match address {
                    Some(a) => entities[i].addresses.push(a),
                    None => empty.push(Skipped {
                        file: input.path.clone(),
                        line,
                        reason: "address row with every field empty (-0-)".into(),
                        detail: format!("ent_num {ent}"),
                    }),
                },
            )?;
            skipped.append(&mut empty);
        }

        let mut rows_by_source = BTreeMap::new();
        rows_by_source.insert(family.source().to_string(), entities.len() as u64);
        Ok(LoadedList {
            key: family.key().to_string(),
            name: family.name().to_string(),
            files,
            entities,
            skipped,
            merged: Vec::new(),
            rows_by_source,
        })
    }
}

/// A remarks spill-over row's text, when it has one.
fn spill_row(_: &str, rec: &Record<'_>) -> Result<Option<String>> {
    Ok(value(&rec.fields[1]).map(|_| rec.fields[1].to_string()))
}

/// An alias row's alias (`path` names the file in errors).
fn alias_row(path: &str, rec: &Record<'_>) -> Result<Alias> {
    let kind = AliasKind::parse(&rec.fields[2]).ok_or_else(|| {
        Error::parse(
            path,
            Some(rec.line),
            Some("alt_type"),
            format!("expected aka, fka or nka, found {:?}", rec.fields[2].trim()),
        )
    })?;
    let name = required(path, rec, 3, "alt_name")?;
    // The legacy files flag no weak a.k.a. here today (they sit in the remarks), but OFAC may
    // note it in the alias remarks.
    let weak = value(&rec.fields[4]).is_some_and(|r| r.to_ascii_lowercase().contains("weak"));
    Ok(Alias {
        name: name.to_string(),
        kind,
        weak,
    })
}

/// An address row's address; none when every field is empty.
fn address_row(_: &str, rec: &Record<'_>) -> Result<Option<Address>> {
    let f = |n: usize| value(&rec.fields[n]);
    let mut lines: Vec<&str> = [f(2), f(3)].into_iter().flatten().collect();
    let remark = f(5).map(|r| format!("({r})"));
    lines.extend(remark.as_deref());
    let country = f(4).map(str::to_string);
    Ok((!lines.is_empty() || country.is_some()).then(|| Address {
        lines: lines.join(", "),
        country,
    }))
}

/// One row of a companion file: its line, the ent_num it points to, and what was made of it.
struct Row<T> {
    line: u64,
    ent: u64,
    made: Result<T>,
}

/// A companion file's rows, as far as they could be read, and the error that stopped them.
struct Rows<T> {
    rows: Vec<Row<T>>,
    stop: Option<Error>,
}

/// Reads a companion file (alias, address or comments rows, in `format`'s layout), each row
/// pointing at an ent_num of the primary file, and makes each row's data with `make` (given the
/// file's name for errors).
fn companion_rows<'a, T>(
    input: &'a Input,
    format: Format,
    make: impl Fn(&str, &Record<'a>) -> Result<T>,
) -> Rows<T> {
    let (width, row_number) = match format {
        Format::OfacAlt => (5, Some("alt_num")),
        Format::OfacAdd => (6, Some("add_num")),
        _ => (2, None),
    };
    let path = &input.path;
    let mut records = Records::new(path, input.text());
    let mut rows = Vec::new();
    let mut read = || -> Result<()> {
        while let Some(rec) = records.read()? {
            check_width(path, rec, width, format)?;
            let ent = ent_num(path, rec, 0, "ent_num")?;
            if let Some(field) = row_number {
                ent_num(path, rec, 1, field)?;
            }
            rows.push(Row {
                line: rec.line,
                ent,
                made: make(path, rec),
            });
        }
        Ok(())
    };
    let stop = read().err();
    Rows { rows, stop }
}

/// Ties each row of a companion file to its entity, in file order: a row for an ent_num the
/// primary file lacks is recorded in `skipped` as a `what`; the others go to `each` with their
/// line, ent_num and the position of their entity. A row's error counts only when its ent_num
/// is listed, as the error that stopped the file does after the rows before it.
fn tie<T>(
    input: &Input,
    rows: Rows<T>,
    what: &str,
    index: &HashMap<u64, usize>,
    skipped: &mut Vec<Skipped>,
    mut each: impl FnMut(T, u64, u64, usize),
) -> Result<()> {
    for row in rows.rows {
        match index.get(&row.ent) {
            Some(&i) => each(row.made?, row.line, row.ent, i),
            None => skipped.push(orphan(input, row.line, what, row.ent)),
        }
    }
    rows.stop.map_or(Ok(()), Err)
}

/// Entities of the primary file, their raw remarks, and the index from ent_num to position.
type Primary<'a> = (Vec<Entity>, Vec<Option<Cow<'a, str>>>, HashMap<u64, usize>);

fn load_primary(family: Family, input: &Input) -> Result<Primary<'_>> {
    let path = &input.path;
    let mut entities = Vec::new();
    let mut remark_texts = Vec::new();
    let mut index = HashMap::new();
    let mut records = Records::new(path, input.text());
    while let Some(rec) = records.read()? {
        check_width(path, rec, 12, Format::OfacPrimary)?;
        let ent = ent_num(path, rec, 0, "ent_num")?;
        let name = required(path, rec, 1, "SDN_Name")?;
        let kind = match value(&rec.fields[2])
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => EntityKind::Organization,
            Some("individual") => EntityKind::Person,
            Some("vessel") => EntityKind::Vessel,
            Some("aircraft") => EntityKind::Aircraft,
            Some(other) => {
                return Err(Error::parse(
                    path,
                    Some(rec.line),
                    Some("SDN_Type"),
                    format!("expected individual, vessel, aircraft or -0-, found {other:?}"),
                ))
            }
        };
        if index.insert(ent, entities.len()).is_some() {
            return Err(Error::parse(
                path,
                Some(rec.line),
                Some("ent_num"),
                format!("ent_num {ent} appears twice"),
            ));
        }
        let mut e = Entity::new(format!("ofac:{ent}"), family.key(), kind, name);
        e.source = family.source().to_string();
        e.source_url = Some(format!(
            "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={ent}"
        ));
        if let Some(p) = value(&rec.fields[3]) {
            // Several programmes are written "SDGT] [IRGC".
            e.programs = p
                .split("] [")
                .map(|s| s.trim_matches(['[', ']', ' ']).to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
        e.title = value(&rec.fields[4]).map(str::to_string);
        if let Some(cs) = value(&rec.fields[5]) {
            e.identifiers.push(super::Identifier {
                kind: "Call Sign".into(),
                value: cs.to_string(),
                country: None,
            });
        }
        // Vessel particulars have no field of their own in the model; keep them readable.
        let vessel: Vec<String> = [
            (6, "Vessel type"),
            (7, "Tonnage"),
            (8, "GRT"),
            (9, "Flag"),
            (10, "Owner"),
        ]
        .iter()
        .filter_map(|&(i, label)| value(&rec.fields[i]).map(|v| format!("{label} {v}")))
        .collect();
        if !vessel.is_empty() {
            e.remarks = Some(vessel.join("; "));
        }
        // Kept untrimmed: a spill-over row may continue it after a space.
        remark_texts.push(value(&rec.fields[11]).map(|_| rec.fields[11].clone()));
        entities.push(e);
    }
    if entities.is_empty() {
        return Err(Error::parse(path, None, None, "no records"));
    }
    Ok((entities, remark_texts, index))
}

/// The field's value, or `None` for OFAC's empty marker `-0-` or a blank field.
fn value(field: &str) -> Option<&str> {
    let v = field.trim();
    if v.is_empty() || v == "-0-" {
        None
    } else {
        Some(v)
    }
}

fn check_width(path: &str, rec: &Record, want: usize, format: Format) -> Result<()> {
    if rec.fields.len() != want {
        return Err(Error::parse(
            path,
            Some(rec.line),
            None,
            format!(
                "expected {want} fields ({}), found {}: the row is malformed or the file is \
                 truncated; fetch it again",
                format.describe(),
                rec.fields.len()
            ),
        ));
    }
    Ok(())
}

fn ent_num(path: &str, rec: &Record, i: usize, field: &str) -> Result<u64> {
    rec.fields[i].trim().parse().map_err(|_| {
        Error::parse(
            path,
            Some(rec.line),
            Some(field),
            format!("expected a whole number, found {:?}", rec.fields[i].trim()),
        )
    })
}

fn required<'r>(path: &str, rec: &'r Record, i: usize, field: &str) -> Result<&'r str> {
    value(&rec.fields[i])
        .ok_or_else(|| Error::parse(path, Some(rec.line), Some(field), "required value is empty"))
}

fn orphan(input: &Input, line: u64, what: &str, ent: u64) -> Skipped {
    Skipped {
        file: input.path.clone(),
        line,
        reason: format!("{what} for an ent_num the primary file does not list"),
        detail: format!("ent_num {ent}"),
    }
}
