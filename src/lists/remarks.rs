//! The remarks field of OFAC's legacy files, which carries most of what a record says beyond its
//! name: `DOB 04 Apr 1990; POB Moscow, Russia; nationality Russia; Gender Male; Passport
//! 123456 (Russia); a.k.a. 'SASHA'; Linked To: ...`. Parsed into the entity's fields; the
//! statements not understood stay in `remarks`.

use super::{Alias, AliasKind, Entity, Identifier};
use std::sync::OnceLock;

/// Labels of identifying numbers as OFAC writes them, before the number. Matched longest first,
/// so that "Passport" does not take "Passport Booklet".
const ID_LABELS: &[&str] = &[
    "Passport",
    "Diplomatic Passport",
    "Stateless Person Passport",
    "British National Overseas Passport",
    "Passport Booklet:",
    "Passport Booklet",
    "National ID No.",
    "National Foreign ID Number",
    "Tax ID No.",
    "Registration Number",
    "Registration ID",
    "Business Registration Number",
    "Business Registration Document #",
    "Public Registration Number",
    "MSB Registration Number",
    "Military Registration Number",
    "Registration Certificate Number (Dubai)",
    "Company Number",
    "UK Company Number",
    "Business Number",
    "Enterprise Number",
    "Branch Unit Number",
    "Commercial Registry Number",
    "Chamber of Commerce Number",
    "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.",
    "Central Registration System Number",
    "Economic Register Number (CBLS)",
    "Government Gazette Number",
    "Certificate of Incorporation Number",
    "Registered Charity No.",
    "Legal Entity Number",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "Organization Code",
    "Russian State Individual Business Registration Number Pattern (OGRNIP)",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "C.R. No.",
    "Romanian C.R.",
    "Trade License No.",
    "Tourism License No.",
    "License",
    "Permit Number",
    "SRE Permit No.",
    "Afghan Money Service Provider License Number",
    "Pilot License Number",
    "Driver's License No.",
    "Cedula No.",
    "C.U.R.P.",
    "C.U.R.P. #",
    "C.U.I.P.",
    "R.F.C.",
    "R.F.C. #",
    "RFC",
    "NIT #",
    "RUC #",
    "RIF #",
    "RTN",
    "C.U.I.",
    "C.U.I.T.",
    "C.I.F.",
    "C.I.N.",
    "N.I.E.",
    "N.I.F.",
    "D.N.I.",
    "I.F.E.",
    "Credencial electoral",
    "Electoral Registry No.",
    "Cartilla de Servicio Militar Nacional",
    "Identification Number",
    "Turkish Identification Number",
    "UAE Identification",
    "Numero de Identidad",
    "Numero Unico de Identificacao Tributaria (NUIT)",
    "Paraguayan tax identification number",
    "Romanian Tax Registration",
    "Romanian Permanent Resident CAN",
    "CNP (Personal Numerical Code)",
    "Fiscal Code",
    "Personal ID Card",
    "Moroccan Personal ID No.",
    "Kenyan ID No.",
    "Tazkira National ID Card",
    "Citizen's Card Number",
    "Refugee ID Card",
    "Stateless Person ID Card",
    "Residency Number",
    "Birth Certificate Number",
    "Travel Document Number",
    "Seafarer's Identification Document",
    "Immigration No.",
    "VisaNumberID",
    "File Number",
    "LE Number",
    "SSN",
    "US FEIN",
    "V.A.T. Number",
    "SWIFT/BIC",
    "BIK (RU)",
    "MMSI",
    "Vessel Registration Identification",
    "Aircraft Tail Number",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Other Vessel Call Sign",
    "D-U-N-S Number",
    "Italian Fiscal Code",
];

/// The labels that start with the byte `first`, longest first (bucketed because every remark
/// statement is tried against them).
fn labels_starting_with(first: u8) -> &'static [&'static str] {
    static BUCKETS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let buckets = BUCKETS.get_or_init(|| {
        let mut b = vec![Vec::new(); 256];
        for l in ID_LABELS {
            b[usize::from(l.as_bytes()[0])].push(*l);
        }
        for v in &mut b {
            v.sort_by_key(|l: &&str| std::cmp::Reverse(l.len()));
        }
        b
    });
    &buckets[usize::from(first)]
}

/// Parses `text` into `e`. `cut` says OFAC truncated the field (it is at the length limit with
/// no spill-over row): the last statement is then incomplete and is kept as text, unparsed.
pub(crate) fn apply(e: &mut Entity, text: &str, cut: bool) {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text);
    let statements = split(text);
    let last = statements.len().saturating_sub(1);
    for (i, s) in statements.into_iter().enumerate() {
        if (cut && i == last) || !take(e, s) {
            let r = e.remarks.get_or_insert_with(String::new);
            if !r.is_empty() {
                r.push_str("; ");
            }
            r.push_str(s);
        }
    }
}

/// Splits on "; " outside parentheses and quotes.
fn split(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            b';' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                out.push(text[start..i].trim());
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push(text[start.min(text.len())..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// Takes one statement into `e`; false when it is not one vetter parses.
fn take(e: &mut Entity, s: &str) -> bool {
    let s = s.strip_prefix("alt. ").unwrap_or(s);
    let after = |p: &str| s.strip_prefix(p).map(str::trim).filter(|v| !v.is_empty());
    if let Some(v) = after("DOB ") {
        e.birth_dates.push(v.to_string());
    } else if let Some(v) = after("POB ") {
        e.birth_places.push(v.to_string());
    } else if let Some(v) = after("nationality ").or_else(|| after("citizen ")) {
        push_unique(&mut e.nationalities, v);
    } else if let Some(v) = after("Gender ") {
        e.gender = Some(v.to_string());
    } else if let Some((kind, v)) = ["a.k.a. ", "f.k.a. ", "n.k.a. "]
        .iter()
        .find_map(|p| after(p).map(|v| (p, v)))
    {
        let Some(name) = quoted_name(v) else {
            return false;
        };
        // In the legacy files OFAC moves its weak a.k.a.s out of alt.csv into the remarks.
        e.aliases.push(Alias {
            name: name.to_string(),
            kind: AliasKind::parse(kind).unwrap_or(AliasKind::Aka),
            weak: true,
        });
    } else if let Some(id) = identifier(s) {
        e.identifiers.push(id);
    } else {
        return false;
    }
    true
}

/// `'NAME'` → `NAME`. Quotes inside the name (`'ABU 'UMAR'`) are kept.
fn quoted_name(v: &str) -> Option<&str> {
    let inner = v.strip_prefix('\'')?.strip_suffix('\'')?.trim();
    (!inner.is_empty()).then_some(inner)
}

/// `Passport 123456 (Russia) issued 01 Jan 2010` → kind, number, country. Issue and expiry
/// dates are not kept: they do not help to tell a name apart.
fn identifier(s: &str) -> Option<Identifier> {
    if let Some(rest) = s.strip_prefix("Digital Currency Address - ") {
        let (coin, addr) = rest.split_once(' ')?;
        return Some(Identifier {
            kind: format!("Digital Currency Address - {coin}"),
            value: addr.trim().to_string(),
            country: None,
        });
    }
    let label = labels_starting_with(*s.as_bytes().first()?)
        .iter()
        .find(|l| s.len() > l.len() && s.starts_with(**l) && s.as_bytes()[l.len()] == b' ')?;
    let mut rest = s[label.len()..].trim();
    for marker in [" issued ", " expires "] {
        if let Some(i) = rest.find(marker) {
            rest = rest[..i].trim_end();
        }
    }
    let (value, country) = match rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) {
        Some((v, c)) => (v.trim(), Some(c.trim().to_string())),
        None => (rest, None),
    };
    if !value.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Identifier {
        kind: label.trim_end_matches(':').to_string(),
        value: value.to_string(),
        country,
    })
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::EntityKind;

    fn parse(text: &str, cut: bool) -> Entity {
        let mut e = Entity::new("ofac:1", "ofac-sdn", EntityKind::Person, "X");
        apply(&mut e, text, cut);
        e
    }

    #[test]
    fn person_facts() {
        let e = parse(
            "DOB 04 Apr 1990; alt. DOB 1991; POB Moscow, Russia; nationality Russia; \
             citizen Russia; Gender Male; Passport 72 9279533 (Russia) issued 27 Aug 2014 \
             expires 27 Aug 2024; Tax ID No. 7702070139 (Russia); a.k.a. 'SASHA'; \
             f.k.a. 'ABU 'UMAR'; Linked To: ACME.",
            false,
        );
        assert_eq!(e.birth_dates, ["04 Apr 1990", "1991"]);
        assert_eq!(e.birth_places, ["Moscow, Russia"]);
        assert_eq!(e.nationalities, ["Russia"]);
        assert_eq!(e.gender.as_deref(), Some("Male"));
        assert_eq!(e.identifiers[0].kind, "Passport");
        assert_eq!(e.identifiers[0].value, "72 9279533");
        assert_eq!(e.identifiers[0].country.as_deref(), Some("Russia"));
        assert_eq!(e.identifiers[1].kind, "Tax ID No.");
        assert_eq!(e.aliases.len(), 2);
        assert!(e.aliases.iter().all(|a| a.weak));
        assert_eq!(e.aliases[1].name, "ABU 'UMAR");
        assert_eq!(e.aliases[1].kind, AliasKind::Fka);
        assert_eq!(e.remarks.as_deref(), Some("Linked To: ACME"));
    }

    #[test]
    fn labels_and_parentheses() {
        let e = parse(
            "Registration Number 14(RV. NO: 103100149) (Somalia); Vessel Registration \
             Identification IMO 9256860; Digital Currency Address - XBT bc1qxyz; \
             License requirement pending",
            false,
        );
        assert_eq!(e.identifiers.len(), 3);
        assert_eq!(e.identifiers[1].value, "IMO 9256860");
        assert_eq!(e.identifiers[2].kind, "Digital Currency Address - XBT");
        assert_eq!(e.remarks.as_deref(), Some("License requirement pending"));
    }

    #[test]
    fn truncated_last_statement_kept_as_text() {
        let e = parse("a.k.a. 'ONE'; a.k.a. 'TW", true);
        assert_eq!(e.aliases.len(), 1);
        assert_eq!(e.remarks.as_deref(), Some("a.k.a. 'TW"));
    }
}
