//! Prints recall per class of variation and alerts per 1,000 clean names, at the default
//! threshold, for lists given as arguments (files or folders; the shipped lists are added):
//!
//! `cargo run --release --example quality -- ../shared/lists/ofac CSL.csv [PER_CLASS] [SEED]`
//!
//! With `SHOW_MISSES` set, also lists the cases missed (with what the expected entity scored,
//! and why) and the clean names that alerted (with why).

use std::path::PathBuf;
use vetter::{eval, synth, Lists, Options, Screener};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let paths: Vec<PathBuf> = args
        .iter()
        .filter(|a| a.parse::<u64>().is_err())
        .map(PathBuf::from)
        .collect();
    let nums: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let per_class = nums.first().copied().unwrap_or(300) as usize;
    let seed = nums.get(1).copied().unwrap_or(1);
    let lists = Lists::load(&paths)?.merge(Lists::shipped()?);
    let entities: Vec<_> = lists.entities().cloned().collect();
    let screener = Screener::new(entities.clone());
    let cases = synth::cases(&entities, per_class, seed);
    let mut rng = synth::Rng::new(seed);
    let clean = synth::clean_vendor_names(&entities, 2000, &mut rng);
    let report = eval::evaluate(&screener, &cases, &clean, &Options::default());
    print!("{report}");
    if std::env::var_os("SHOW_MISSES").is_some() {
        // What the expected entity scored, and why, from scoring every name at any score.
        let everything = Options {
            threshold: 0.0,
            limit: usize::MAX,
            ..Options::default()
        };
        for (c, best) in &report.misses {
            println!(
                "MISS {:<12} {:?} <- {:?} expected {} best {:?}",
                c.class.as_str(),
                c.query,
                c.source,
                c.expected,
                best
            );
            let hits = screener.screen_exhaustive(&c.query, &everything);
            if let Some(h) = hits.iter().find(|h| h.entity.id == c.expected) {
                println!(
                    "     scored {:.3} against {:?}: {}",
                    h.score, h.matched_name, h.explanation
                );
            }
        }
        for (name, id, s) in &report.alerts {
            println!("ALERT {name:?} -> {id} {s:.3}");
            if let Some(h) = screener.screen(name, &Options::default()).first() {
                println!("     {:?}: {}", h.matched_name, h.explanation);
            }
        }
    }
    Ok(())
}
