//! Discovery and extraction against bare parsing, on the same machine in the
//! same run: `cargo bench -p fedscope-workspace --bench graph`.
//!
//! The workspace is `FEDSCOPE_CORPUS` (for instance a local copy of
//! module-federation-examples), else the repository's `examples/`. The
//! baseline walks the same directory and reads and parses every file the
//! analysis read (oxc for sources, JSON, YAML for pnpm lockfiles, lines for
//! yarn.lock), each once; the ratio says what the analysis costs on top.
//! Nothing is asserted: it is a measurement, not a timed test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<R>(runs: usize, mut f: impl FnMut() -> R) -> (Duration, R) {
    let mut last = f(); // warm-up (file cache)
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = f();
        times.push(t.elapsed());
    }
    (median(times), last)
}

fn walk(dir: &Path) -> usize {
    ignore::WalkBuilder::new(dir).hidden(true).follow_links(false).require_git(false).build().count()
}

/// Reads and parses one file the way the analysis needs it; returns its size.
fn parse(path: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else { return 0 };
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            std::hint::black_box(fedscope_js::json::parse(&text, 0).is_ok());
        }
        Some("yaml" | "yml") => {
            std::hint::black_box(serde_saphyr::from_str::<serde_json::Value>(&text).is_ok());
        }
        _ if name == "yarn.lock" => {
            std::hint::black_box(text.lines().filter(|l| !l.starts_with(' ')).count());
        }
        _ => {
            std::hint::black_box(fedscope_js::parse_only(path, &text));
        }
    }
    text.len()
}

fn main() {
    let dir: PathBuf = std::env::var_os("FEDSCOPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples"));
    let runs: usize = std::env::var("FEDSCOPE_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(7);
    let options = fedscope_workspace::Options::default();
    let (t_analyze, graph) = time(runs, || fedscope_workspace::analyze(&dir, &options).expect("analyze"));
    // (listed in one more run: the list is not part of the analysis timed)
    let listed = fedscope_workspace::Options { files_read: true, ..fedscope_workspace::Options::default() };
    let files = fedscope_workspace::analyze(&dir, &listed).expect("analyze").files_read;
    let (t_walk, entries) = time(runs, || walk(&dir));
    let (t_parse, bytes) = time(runs, || files.iter().map(|f| parse(f)).sum::<usize>());
    let baseline = t_walk + t_parse;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("graph benchmark on {} (median of {runs} runs)", dir.display());
    println!(
        "  workspace: {} apps, {} directory entries walked, {} files read ({:.1} MB)",
        graph.apps.len(),
        entries,
        files.len(),
        bytes as f64 / 1e6
    );
    println!("  fedscope graph (discovery + extraction): {:>9.2} ms", ms(t_analyze));
    println!(
        "  baseline: walk {:.2} ms + read and parse every file it read once {:.2} ms = {:.2} ms",
        ms(t_walk),
        ms(t_parse),
        ms(baseline)
    );
    println!("  ratio analysis / baseline: {:.2}", t_analyze.as_secs_f64() / baseline.as_secs_f64());
}
