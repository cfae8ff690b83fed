//! The social kit's own CPU cost, without the load, the pages or the disk: loads a
//! site once, then composes and schedules every post and writes the social folder
//! into nothing, several times, and prints the fastest and median of each step.
//!
//!   cargo bench --bench social_kit -- SITE [RUNS]
//!
//! Run it with `RAYON_NUM_THREADS=1` to read single-core CPU time.

use carepress::dates::parse_day;
use carepress::output::NullSink;
use carepress::plan::PlanOptions;
use carepress::render::{self, Selection};
use std::path::PathBuf;
use std::time::Instant;

// The same allocator as the `carepress` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench social_kit -- SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7);
    let site = match carepress::Site::load(&root, None) {
        Ok(Ok(site)) => site,
        Ok(Err(problems)) => {
            eprintln!(
                "{} cannot be loaded: {} problems",
                root.display(),
                problems.len()
            );
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let Ok(today) = parse_day("2026-11-28") else {
        unreachable!("a valid date")
    };
    let opts = PlanOptions {
        drafts: false,
        future: false,
        today,
    };
    let plan = carepress::plan_site(
        &site.inputs(),
        &site.items,
        &site.failed,
        &site.ledger,
        &opts,
    );
    let (mut compose, mut write) = (Vec::new(), Vec::new());
    let mut count = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let (posts, _) = carepress::social::kit::posts(&site.inputs(), &plan);
        compose.push(started.elapsed().as_secs_f64());
        let started = Instant::now();
        let written = render::render_selected(
            &site.inputs(),
            &plan,
            &Selection::Social(&posts),
            render::Sinks {
                site: &NullSink,
                kit: &NullSink,
            },
        );
        write.push(started.elapsed().as_secs_f64());
        count = posts.len();
        if let Err(problems) = written {
            eprintln!(
                "the social folder failed to render: {} problems",
                problems.len()
            );
            std::process::exit(1);
        }
    }
    let report = |what: &str, times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        println!(
            "{what}: fastest {:.3} s, median {:.3} s",
            times[0],
            times[times.len() / 2]
        );
    };
    println!("{count} posts, {runs} runs");
    report("compose and schedule", &mut compose);
    report("social folder (into nothing)", &mut write);
}
