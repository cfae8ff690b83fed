//! Compliance checks as users meet them: the patient-information linter measured on a
//! labelled corpus, the review-reply linter on replies modelled on enforcement cases,
//! and the consent audit on the fixture ledger.

use assert_cmd::Command;
use carepress::lint::phi::{Allowances, PhiKind, PhiScanner};
use carepress::lint::reply::ReplyLinter;
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The example practice's own details (tests/phi/README.md) plus two public hotlines
/// a practice would list in `rules.phi_allow`.
fn lakeside() -> Allowances {
    Allowances {
        numbers: vec!["15550100".into()],
        texts: vec![
            "hello@lakeside.example".into(),
            "lakeside.example".into(),
            "1-800-222-1222".into(),
            "1-800-quit-now".into(),
        ],
        handles: vec!["lakesidemed".into()],
    }
}

/// Precision, recall and the misses of the linter on one labelled corpus.
fn score_phi(file: &Path) -> (f64, f64, Vec<String>) {
    let corpus = std::fs::read_to_string(file).unwrap();
    let scanner = PhiScanner::new();
    let allow = lakeside();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut misses = Vec::new();
    for line in corpus.lines() {
        let (label, text) = line.split_once('\t').expect("LABEL<TAB>TEXT");
        let found = scanner.scan(text, &allow, &[]);
        let expected = (label != "clean").then(|| PhiKind::from_name(label).expect("known label"));
        match (expected, found.is_empty()) {
            (Some(kind), false) => {
                tp += 1;
                if !found.iter().any(|f| f.kind == kind) {
                    misses.push(format!(
                        "kind    {label} found as {:?}: {text}",
                        found[0].kind
                    ));
                }
            }
            (Some(_), true) => {
                fn_ += 1;
                misses.push(format!("missed  {label}: {text}"));
            }
            (None, false) => {
                fp += 1;
                misses.push(format!(
                    "flagged {:?} `{}`: {text}",
                    found[0].kind, found[0].text
                ));
            }
            (None, true) => {}
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    (precision, recall, misses)
}

/// Every corpus in tests/phi/ (see its README for which were written by whom and
/// scored blind before anything was tuned on them). This holds the linter to what
/// it reaches on all of them now; the blind first scores are in the README.
pub fn phi_corpora_precision_and_recall() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("tests/phi"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    let mut failures = Vec::new();
    for f in &files {
        let (precision, recall, misses) = score_phi(f);
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        println!("{name}: precision {precision:.3}, recall {recall:.3}");
        for m in &misses {
            println!("  {m}");
        }
        if precision < 0.95 || recall < 0.95 {
            failures.push(format!(
                "{name}: precision {precision:.3}, recall {recall:.3}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Recall on the unsafe replies and false alarms on the safe ones, with the misses.
fn score_replies(replies: &[(bool, String)]) -> (f64, f64, Vec<String>) {
    let linter = ReplyLinter::new();
    let allow = lakeside();
    let (mut caught, mut unsafe_, mut alarms, mut safe) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for (is_unsafe, reply) in replies {
        let found = linter.lint(reply, Path::new("-"), &allow);
        if *is_unsafe {
            unsafe_ += 1;
            if found.is_empty() {
                misses.push(format!("missed  {reply}"));
            } else {
                caught += 1;
            }
        } else {
            safe += 1;
            if let Some(d) = found.first() {
                alarms += 1;
                misses.push(format!("alarm   [{}: {}] {reply}", d.code, d.message));
            }
        }
    }
    (
        caught as f64 / unsafe_.max(1) as f64,
        alarms as f64 / safe.max(1) as f64,
        misses,
    )
}

/// Every reply corpus in tests/replies/: the first round's files (`safe-*.txt`,
/// `unsafe-*.txt`) and the TSV sets (`LABEL<TAB>TOPIC<TAB>TEXT`), each by a separate
/// writer (the README there says which were scored blind, and how they scored).
pub fn review_replies_are_judged_like_a_compliance_officer() {
    let dir = repo("tests/replies");
    let mut corpora: Vec<(String, Vec<(bool, String)>)> = Vec::new();
    let mut first_round = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(f).unwrap();
        if name.ends_with(".txt") {
            first_round.push((name.starts_with("unsafe"), text.trim().to_string()));
        } else if name.ends_with(".tsv") {
            let replies = text
                .lines()
                .map(|l| {
                    let mut parts = l.splitn(3, '\t');
                    let label = parts.next().unwrap();
                    let reply = parts.nth(1).expect("LABEL<TAB>TOPIC<TAB>TEXT");
                    (label == "unsafe", reply.to_string())
                })
                .collect();
            corpora.push((name, replies));
        }
    }
    corpora.push(("safe-*.txt, unsafe-*.txt".into(), first_round));
    assert!(corpora.len() >= 5);
    let mut failures = Vec::new();
    for (name, replies) in &corpora {
        let (recall, false_alarms, misses) = score_replies(replies);
        println!("{name}: recall {recall:.3}, false alarms {false_alarms:.3}");
        for m in &misses {
            println!("  {m}");
        }
        if recall < 0.95 || false_alarms > 0.05 {
            failures.push(format!(
                "{name}: recall {recall:.3}, false alarms {false_alarms:.3}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

pub fn reply_templates_of_the_example_site_pass() {
    let templates: Vec<_> = std::fs::read_dir(repo("replies"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "README.md")
        .collect();
    assert!(templates.len() >= 6);
    for e in templates {
        Command::cargo_bin("carepress")
            .unwrap()
            .arg("lint-reply")
            .arg(e.path())
            .arg("--root")
            .arg(repo(""))
            .assert()
            .code(0);
    }
}

pub fn lint_reply_reads_stdin_and_names_line_and_column() {
    let out = Command::cargo_bin("carepress")
        .unwrap()
        .args(["lint-reply", "-", "--format", "json"])
        .write_stdin("Thanks!\nWe reviewed your chart.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "reply::confirms_patient");
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 1);
}

pub fn consent_audit_reports_every_state_and_takedowns() {
    let out = Command::cargo_bin("carepress")
        .unwrap()
        .args([
            "consent",
            "audit",
            "--format",
            "json",
            "--today",
            "2026-11-28",
            "--within",
            "30",
            "--root",
        ])
        .arg(repo("tests/fixtures/valid"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let status = |id: &str| {
        report["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("C-100"), "active");
    assert_eq!(status("C-200"), "expiring");
    assert_eq!(status("C-300"), "expired");
    assert_eq!(status("C-400"), "revoked");
    let revoked = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "C-400")
        .unwrap();
    assert_eq!(
        revoked["takedown"][0],
        "https://clinic.test/testimonials/thomas/"
    );
    assert_eq!(
        revoked["used_by"][0]["file"],
        "content/testimonials/thomas.md"
    );
}
