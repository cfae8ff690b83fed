//! The patient-information linter's own speed: scans every Markdown file under a folder
//! (the 1,000- or 10,000-article corpus) several times on one thread and prints the
//! fastest and median run.
//!
//!   cargo bench --bench phi_scan -- CONTENT_DIR [RUNS]

use carepress::lint::phi::{Allowances, PhiScanner};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(dir) = args.next() else {
        eprintln!("usage: cargo bench --bench phi_scan -- CONTENT_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7);
    let texts: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let megabytes = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    let scanner = PhiScanner::new();
    let allow = Allowances::default();
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let started = Instant::now();
        findings = texts
            .iter()
            .map(|t| scanner.scan(t, &allow, &[]).len())
            .sum();
        times.push(started.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} files, {megabytes:.1} MB, {findings} findings: fastest {:.3} s, median {:.3} s ({:.0} MB/s)",
        texts.len(),
        times[0],
        times[times.len() / 2],
        megabytes / times[times.len() / 2]
    );
}
