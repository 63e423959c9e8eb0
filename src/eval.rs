//! Measuring match quality: recall per class of variation, and alerts on clean names.

use crate::screen::{Options, Screener};
use crate::synth::{Case, Class};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt;

/// Recall per class and the false-alert rate on clean names.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Per class: (cases, found).
    pub recall: BTreeMap<Class, (usize, usize)>,
    /// Cases whose expected entity was not found: (case, best hit id and score, if any).
    pub misses: Vec<(Case, Option<(String, f64)>)>,
    /// Clean names screened.
    pub clean: usize,
    /// Clean names with at least one hit, with the best hit.
    pub alerts: Vec<(String, String, f64)>,
}

impl Report {
    /// Recall of `class` in [0, 1] (1 when it has no cases).
    pub fn recall_of(&self, class: Class) -> f64 {
        match self.recall.get(&class) {
            Some(&(n, found)) if n > 0 => found as f64 / n as f64,
            _ => 1.0,
        }
    }

    /// Clean names that alerted, per thousand.
    pub fn alerts_per_thousand(&self) -> f64 {
        if self.clean == 0 {
            0.0
        } else {
            1000.0 * self.alerts.len() as f64 / self.clean as f64
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<20} {:>6} {:>6} {:>8}",
            "class", "cases", "found", "recall"
        )?;
        for (class, &(n, found)) in &self.recall {
            writeln!(
                f,
                "{:<20} {:>6} {:>6} {:>7.2}%",
                class.as_str(),
                n,
                found,
                100.0 * self.recall_of(*class)
            )?;
        }
        writeln!(
            f,
            "clean names: {}, alerting: {} ({:.2} per 1,000)",
            self.clean,
            self.alerts.len(),
            self.alerts_per_thousand()
        )
    }
}

/// Screens every case and clean name with `opts` (in parallel; the report is the same whatever
/// the thread count).
pub fn evaluate(screener: &Screener, cases: &[Case], clean: &[String], opts: &Options) -> Report {
    let results: Vec<(bool, Option<(String, f64)>)> = cases
        .par_iter()
        .map(|c| {
            let hits = screener.screen(&c.query, opts);
            let found = hits.iter().any(|h| h.entity.id == c.expected);
            (found, hits.first().map(|h| (h.entity.id.clone(), h.score)))
        })
        .collect();
    let mut report = Report::default();
    for (c, (found, best)) in cases.iter().zip(results) {
        let e = report.recall.entry(c.class).or_insert((0, 0));
        e.0 += 1;
        if found {
            e.1 += 1;
        } else {
            report.misses.push((c.clone(), best));
        }
    }
    report.clean = clean.len();
    report.alerts = clean
        .par_iter()
        .filter_map(|name| {
            let hits = screener.screen(name, opts);
            hits.first()
                .map(|h| (name.clone(), h.entity.id.clone(), h.score))
        })
        .collect();
    report
}
