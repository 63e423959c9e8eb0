//! The list data model: what every loader produces and every matcher reads.

use serde::{Deserialize, Serialize};

/// What sort of party a list entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A natural person.
    Person,
    /// A company, agency, group or other organisation.
    Organization,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
    /// The list does not say.
    Unknown,
}

impl EntityKind {
    /// The lower-case word used in output and in the native list format.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Vessel => "vessel",
            EntityKind::Aircraft => "aircraft",
            EntityKind::Unknown => "unknown",
        }
    }

    /// Parses the words lists use for kinds ("individual", "entity", "company", ...).
    pub fn parse(s: &str) -> Option<EntityKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "individual" => Some(EntityKind::Person),
            "organization" | "organisation" | "entity" | "company" => {
                Some(EntityKind::Organization)
            }
            "vessel" | "ship" => Some(EntityKind::Vessel),
            "aircraft" => Some(EntityKind::Aircraft),
            "unknown" | "" => Some(EntityKind::Unknown),
            _ => None,
        }
    }
}

/// How an alias relates to the entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AliasKind {
    /// "also known as".
    Aka,
    /// "formerly known as".
    Fka,
    /// "now known as".
    Nka,
}

impl AliasKind {
    /// The abbreviation as lists print it ("a.k.a." and so on).
    pub fn as_str(self) -> &'static str {
        match self {
            AliasKind::Aka => "a.k.a.",
            AliasKind::Fka => "f.k.a.",
            AliasKind::Nka => "n.k.a.",
        }
    }

    /// Parses "aka", "a.k.a.", "fka", "nka" in any case.
    pub fn parse(s: &str) -> Option<AliasKind> {
        let k: String = s
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        match k.as_str() {
            "aka" => Some(AliasKind::Aka),
            "fka" => Some(AliasKind::Fka),
            "nka" => Some(AliasKind::Nka),
            _ => None,
        }
    }
}

/// Another name under which an entity is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// The name as the list writes it.
    pub name: String,
    /// a.k.a., f.k.a. or n.k.a.
    pub kind: AliasKind,
    /// OFAC's "weak" a.k.a.: a broad or generic name that alone should not drive a hit.
    pub weak: bool,
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street, city and postal code lines joined with ", ".
    pub lines: String,
    /// Country as the list names it.
    pub country: Option<String>,
}

/// An identifying document or number (passport, tax id, registration number, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    /// What the number is ("Passport", "Tax ID No.", "Registration Number", "IMO", ...).
    pub kind: String,
    /// The number itself.
    pub value: String,
    /// Issuing country, where given.
    pub country: Option<String>,
}

/// One listed party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable namespaced id: `ofac:<ent_num>`, `csl:<_id>` or `<list>:<id>`.
    pub id: String,
    /// Short key of the list that carries it (`ofac-sdn`, `csl`, `kaspersky`, ...).
    pub list: String,
    /// The list or sub-list it comes from, in full ("Entity List (EL) - Bureau of Industry and Security").
    pub source: String,
    /// Person, organisation, vessel, aircraft or unknown.
    pub kind: EntityKind,
    /// The primary name as the list writes it.
    pub name: String,
    /// Other names.
    pub aliases: Vec<Alias>,
    /// Sanctions programmes or list tags (`RUSSIA-EO14024`, `SDGT`, ...).
    pub programs: Vec<String>,
    /// Known addresses.
    pub addresses: Vec<Address>,
    /// Dates of birth as the list writes them (`12 Mar 1965`, `1965`, `circa 1960`).
    pub birth_dates: Vec<String>,
    /// Places of birth.
    pub birth_places: Vec<String>,
    /// Nationalities and citizenships.
    pub nationalities: Vec<String>,
    /// `Male`, `Female`, or none.
    pub gender: Option<String>,
    /// Passports, tax and registration numbers and the like.
    pub identifiers: Vec<Identifier>,
    /// Free-text remarks that were not parsed into fields.
    pub remarks: Option<String>,
    /// Title or position, for people.
    pub title: Option<String>,
    /// Date of listing (ISO `YYYY-MM-DD` where known).
    pub listed_on: Option<String>,
    /// Federal Register citation (`89 FR 52342`).
    pub federal_register: Option<String>,
    /// Licence requirement and review policy, for export-control lists.
    pub license_policy: Option<String>,
    /// Where the record can be checked.
    pub source_url: Option<String>,
}

impl Entity {
    /// A new entity with only the required fields set.
    pub fn new(
        id: impl Into<String>,
        list: impl Into<String>,
        kind: EntityKind,
        name: impl Into<String>,
    ) -> Entity {
        let list = list.into();
        Entity {
            id: id.into(),
            source: list.clone(),
            list,
            kind,
            name: name.into(),
            aliases: Vec::new(),
            programs: Vec::new(),
            addresses: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            gender: None,
            identifiers: Vec::new(),
            remarks: None,
            title: None,
            listed_on: None,
            federal_register: None,
            license_policy: None,
            source_url: None,
        }
    }

    /// The primary name followed by every alias, with the alias (or `None` for the primary).
    pub fn names(&self) -> impl Iterator<Item = (&str, Option<&Alias>)> {
        std::iter::once((self.name.as_str(), None))
            .chain(self.aliases.iter().map(|a| (a.name.as_str(), Some(a))))
    }

    /// Folds `other`, a record of the same designation from another row or list, into this
    /// one: its primary name (when different) and aliases become aliases, and lists of facts
    /// are united; fields this record leaves empty are taken from `other`.
    pub fn absorb(&mut self, other: Entity) {
        let has_name = |e: &Entity, n: &str| e.names().any(|(m, _)| m.eq_ignore_ascii_case(n));
        if !has_name(self, &other.name) {
            self.aliases.push(Alias {
                name: other.name,
                kind: AliasKind::Aka,
                weak: false,
            });
        }
        for a in other.aliases {
            if !has_name(self, &a.name) {
                self.aliases.push(a);
            }
        }
        if !self.source.split("; ").any(|s| s == other.source) {
            self.source = format!("{}; {}", self.source, other.source);
        }
        if self.kind == EntityKind::Unknown {
            self.kind = other.kind;
        }
        union(&mut self.programs, other.programs);
        union(&mut self.addresses, other.addresses);
        union(&mut self.birth_dates, other.birth_dates);
        union(&mut self.birth_places, other.birth_places);
        union(&mut self.nationalities, other.nationalities);
        union(&mut self.identifiers, other.identifiers);
        for (mine, theirs) in [
            (&mut self.gender, other.gender),
            (&mut self.remarks, other.remarks),
            (&mut self.title, other.title),
            (&mut self.listed_on, other.listed_on),
            (&mut self.federal_register, other.federal_register),
            (&mut self.license_policy, other.license_policy),
            (&mut self.source_url, other.source_url),
        ] {
            if mine.is_none() {
                *mine = theirs;
            }
        }
    }
}

/// Appends the items of `more` that `items` lacks, keeping order.
fn union<T: PartialEq>(items: &mut Vec<T>, more: Vec<T>) {
    for m in more {
        if !items.contains(&m) {
            items.push(m);
        }
    }
}
