//! Matching quality: hand-written cases against the shipped list (always run), and recall per
//! class, clean-name alerts and the index's completeness against the real lists (when
//! `VETTER_SHARED_LISTS` is set, as CI does).

mod common;

use vetter::{eval, synth, Lists, Options, Screener, DEFAULT_THRESHOLD};

fn shipped() -> Screener {
    Screener::new(
        Lists::shipped()
            .expect("shipped lists")
            .entities()
            .cloned()
            .collect(),
    )
}

fn rows(path: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).expect("fixture");
    r.records()
        .map(|rec| {
            rec.expect("fixture row")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn hand_written_variants_find_the_shipped_entities() {
    let s = shipped();
    let mut failures = Vec::new();
    for row in rows("fixtures/eval/kaspersky_cases.csv") {
        let hits = s.screen(&row[0], &Options::default());
        if !hits.iter().any(|h| h.entity.id == row[1]) {
            failures.push(format!(
                "{} ({}): {:?}",
                row[0],
                row[2],
                hits.first().map(|h| (&h.entity.id, h.score))
            ));
        }
    }
    assert!(failures.is_empty(), "missed:\n{}", failures.join("\n"));
}

#[test]
fn hand_written_non_matches_stay_below_the_threshold() {
    let s = shipped();
    for row in rows("fixtures/eval/kaspersky_nonmatches.csv") {
        let hits = s.screen(&row[0], &Options::default());
        assert!(
            !hits.iter().any(|h| h.entity.id == row[1]),
            "{} hit {} ({}): {}",
            row[0],
            row[1],
            row[2],
            hits[0].explanation
        );
    }
}

#[test]
fn explanations_say_how_words_matched() {
    let s = shipped();
    let hits = s.screen("Андрей Тихонов", &Options::default());
    let text = hits[0].explanation.to_string();
    assert!(text.contains("transliteration"), "{text}");
    assert!(text.contains("gennadyevich missing (patronymic)"), "{text}");
}

/// Per-class recall floors on the seeded cases (seed 1, 300 per class) against the full real
/// lists, and the clean-name alert ceiling: issue 3's targets (98% on Cyrillic and romanisation,
/// 99% on the other classes, 5 alerts per 1,000).
const FLOORS: &[(synth::Class, f64)] = &[
    (synth::Class::Cyrillic, 0.98),
    (synth::Class::Romanisation, 0.98),
    (synth::Class::Order, 0.99),
    (synth::Class::Initials, 0.99),
    (synth::Class::Punctuation, 0.99),
    (synth::Class::LegalForm, 0.99),
    (synth::Class::Typo, 0.99),
    (synth::Class::Evasion, 0.99),
    (synth::Class::MissingPatronymic, 0.99),
];
const MAX_ALERTS_PER_THOUSAND: f64 = 5.0;

#[test]
fn recall_per_class_and_clean_alerts_on_the_real_lists() {
    let Some(lists) = common::real_lists() else {
        eprintln!("VETTER_SHARED_LISTS unset: skipping the real-list quality test");
        return;
    };
    let entities: Vec<_> = lists.entities().cloned().collect();
    let screener = Screener::new(entities.clone());
    let cases = synth::cases(&entities, 300, 1);
    let mut rng = synth::Rng::new(1);
    let clean = synth::clean_vendor_names(&entities, 2000, &mut rng);
    let report = eval::evaluate(&screener, &cases, &clean, &Options::default());
    eprintln!("{report}");
    for &(class, floor) in FLOORS {
        assert!(
            report.recall_of(class) >= floor,
            "{class}: {:.4} < {floor}",
            report.recall_of(class)
        );
    }
    assert!(
        report.alerts_per_thousand() <= MAX_ALERTS_PER_THOUSAND,
        "{report}"
    );
}

#[test]
fn the_index_loses_nothing_that_exhaustive_scoring_finds() {
    let Some(lists) = common::real_lists() else {
        eprintln!("VETTER_SHARED_LISTS unset: skipping the index completeness test");
        return;
    };
    let entities: Vec<_> = lists.entities().cloned().collect();
    let screener = Screener::new(entities.clone());
    // 5,000+ varied queries: variants of every class, and clean names.
    let mut queries: Vec<String> = synth::cases(&entities, 400, 7)
        .into_iter()
        .map(|c| c.query)
        .collect();
    let mut rng = synth::Rng::new(7);
    while queries.len() < 5_200 {
        queries.push(synth::vendor_name(&mut rng).0);
    }
    assert!(queries.len() >= 5_000);
    // At the default threshold and a lower one, where the index's bounds prune less easily.
    use rayon::prelude::*;
    let lost: Vec<String> = [DEFAULT_THRESHOLD, 0.7]
        .into_iter()
        .flat_map(|threshold| queries.iter().map(move |q| (threshold, q)))
        .collect::<Vec<_>>()
        .par_iter()
        .filter_map(|&(threshold, q)| {
            let opts = Options {
                threshold,
                limit: usize::MAX,
                ..Options::default()
            };
            let fast: Vec<_> = screener
                .screen(q, &opts)
                .into_iter()
                .map(|h| h.entity.id.clone())
                .collect();
            let slow: Vec<_> = screener
                .screen_exhaustive(q, &opts)
                .into_iter()
                .map(|h| h.entity.id.clone())
                .collect();
            (fast != slow)
                .then(|| format!("{q:?} at {threshold}: index {fast:?}, exhaustive {slow:?}"))
        })
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} queries differ:\n{}",
        lost.len(),
        queries.len(),
        lost.join("\n")
    );
}
