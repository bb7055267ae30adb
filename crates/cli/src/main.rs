//! The `fedscope` command line.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anstream::{eprint, eprintln, print, println};
use clap::{Parser, Subcommand, ValueEnum};
use fedscope_report::style::{ERROR, paint};
use fedscope_scope::{Scenario, simulate};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// Tells you, before you ship, which instance of every shared library and piece
/// of shared state each Module Federation app gets at runtime.
#[derive(Parser)]
#[command(name = "fedscope", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Replay a share-scope scenario on the webpack 5 or Module Federation 2
    /// runtime and print who gets which instance (scenario format:
    /// docs/scenario.md). Given a directory, plan the scenarios of every
    /// group of apps in it (every load order that matters) and replay them.
    Simulate(SimulateArgs),
    /// Discover every Module Federation app under DIR and print the graph:
    /// apps, remotes, exposes, shared entries with the bundlers' defaults
    /// resolved, groups, and what could not be determined (format:
    /// docs/graph.md).
    Graph(GraphArgs),
    /// Analyse the workspace under DIR and report what will go wrong at
    /// runtime: the share configuration, the replayed share-scope outcome of
    /// every load order, and the production checklist per app. Exit status: 0
    /// no finding at or above the threshold, 1 findings, 2 bad input.
    Check(CheckArgs),
    /// List the rules.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print a rule's documentation: what it finds, why it breaks at runtime,
    /// examples, the fix.
    Explain {
        /// The rule's name (`fedscope rules` lists them).
        rule: String,
    },
    /// (internal) Rewrite a source file for the --eval-config harness.
    #[command(name = "__transform", hide = true)]
    Transform { file: PathBuf },
}

#[derive(clap::Args)]
struct GraphArgs {
    /// The directory to analyse.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Run each app's config in Node (20 or later; `FEDSCOPE_NODE` names it)
    /// with the federation plugins stubbed, instead of reading it statically.
    /// This executes the workspace's code: file writes, network and child
    /// processes are blocked, and each config has a time limit.
    #[arg(long)]
    eval_config: bool,
    /// Time limit per config for --eval-config, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0, requires = "eval_config")]
    eval_timeout: f64,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The directory to analyse.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The configuration file (default: the nearest fedscope.toml at or above DIR).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The lowest severity that makes the exit status 1 (default: the
    /// configuration's `fail-on`, else warning).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Run each app's config in Node instead of reading it statically (see `fedscope graph --help`).
    #[arg(long)]
    eval_config: bool,
    /// Time limit per config for --eval-config, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0, requires = "eval_config")]
    eval_timeout: f64,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

#[derive(clap::Args)]
struct SimulateArgs {
    /// The scenario JSON file (`-` reads standard input), or a workspace directory.
    scenario: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A table for people.
    Human,
    /// JSON: the outcome of the scenario contract (simulate), the graph
    /// contract (graph).
    Json,
}

/// Exit codes: 0 success, 1 findings (later commands), 2 bad input or internal error.
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate(args) => run_simulate(&args),
        Command::Graph(args) => run_graph(&args),
        Command::Check(args) => run_check(&args),
        Command::Rules { format } => run_rules(format),
        Command::Explain { rule } => run_explain(&rule),
        Command::Transform { file } => run_transform(&file),
    }
}

const FINDINGS: u8 = 1;

fn run_check(args: &CheckArgs) -> ExitCode {
    let config = match &args.config {
        Some(path) => fedscope_rules::config::load(path, &args.dir),
        None => match fedscope_rules::config::find(&args.dir) {
            Some(path) => fedscope_rules::config::load(&path, &args.dir),
            None => Ok(fedscope_rules::Config::default()),
        },
    };
    let config = match config {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let options = match eval_options(args.eval_config, args.eval_timeout) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let graph = match fedscope_workspace::analyze(&args.dir, &options) {
        Ok(g) => g,
        Err(e) => return fail(e),
    };
    report_problems(&graph);
    let plans = fedscope_plan::plan(&graph);
    fedscope_workspace::timings::phase("plan");
    let report = fedscope_rules::check(&graph, &plans, &config);
    fedscope_workspace::timings::phase("rules");
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report.to_json()) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(format!("internal error while writing JSON: {e}")),
        },
        Format::Human => {
            let root = std::fs::canonicalize(&args.dir).unwrap_or_else(|_| args.dir.clone());
            let cache = std::cell::RefCell::new(std::collections::HashMap::<String, Option<Vec<String>>>::new());
            let source = |file: &str, line: u32| -> Option<String> {
                let mut c = cache.borrow_mut();
                let lines = c.entry(file.to_string()).or_insert_with(|| {
                    std::fs::read_to_string(root.join(file)).ok().map(|t| t.lines().map(String::from).collect())
                });
                lines.as_ref()?.get(line.checked_sub(1)? as usize).cloned()
            };
            print!("{}", fedscope_report::check::render(&report, &source));
        }
    }
    let threshold = match args.fail_on {
        Some(FailOn::Error) => fedscope_rules::Severity::Error,
        Some(FailOn::Warning) => fedscope_rules::Severity::Warning,
        Some(FailOn::Info) => fedscope_rules::Severity::Info,
        None => config.fail_threshold(),
    };
    let code = if report.diagnostics.iter().any(|d| d.severity >= threshold) {
        ExitCode::from(FINDINGS)
    } else {
        ExitCode::SUCCESS
    };
    fedscope_workspace::timings::phase("output");
    // the process ends here: freeing every parsed module's facts one by one is wasted time
    std::mem::forget((graph, plans));
    code
}

fn run_rules(format: Format) -> ExitCode {
    let rules = fedscope_rules::rules::RULES;
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({ "name": m.name, "table": m.table.title(), "severity": m.severity.as_str(), "summary": m.summary() })
                })
                .collect();
            match serde_json::to_string_pretty(&list) {
                Ok(s) => println!("{s}"),
                Err(e) => return fail(format!("internal error while writing JSON: {e}")),
            }
        }
        Format::Human => {
            let width = rules.iter().map(|r| r.meta().name.len()).max().unwrap_or(0);
            let mut table = None;
            for r in rules {
                let m = r.meta();
                if table != Some(m.table) {
                    println!("{}", paint(fedscope_report::style::HEADER, m.table.title()));
                    table = Some(m.table);
                }
                println!("  {:width$}  {:7}  {}", m.name, m.severity.as_str(), m.summary());
            }
        }
    }
    ExitCode::SUCCESS
}

fn run_explain(rule: &str) -> ExitCode {
    match fedscope_rules::rules::find(rule) {
        Some(r) => {
            print!("{}", fedscope_rules::docs::render(r.meta()));
            ExitCode::SUCCESS
        }
        None => {
            let names: Vec<&str> = fedscope_rules::rules::RULES.iter().map(|r| r.meta().name).collect();
            let near: Vec<&str> = names.iter().copied().filter(|n| n.contains(rule) || rule.contains(n)).collect();
            let hint = if near.is_empty() {
                String::from(" (`fedscope rules` lists them)")
            } else {
                format!(" (did you mean {}?)", near.join(", "))
            };
            fail(format!("no rule named {rule:?}{hint}"))
        }
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{} {message}", paint(ERROR, "error:"));
    ExitCode::from(BAD_INPUT)
}

/// `fedscope simulate DIR`: the planned scenarios of every group, replayed.
fn run_simulate_dir(args: &SimulateArgs) -> ExitCode {
    let graph = match fedscope_workspace::analyze(&args.scenario, &fedscope_workspace::Options::default()) {
        Ok(g) => g,
        Err(e) => return fail(e),
    };
    report_problems(&graph);
    let plans = fedscope_plan::plan(&graph);
    match args.format {
        Format::Json => {
            let groups: Vec<serde_json::Value> = plans
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "host": graph.apps[p.host].name,
                        "apps": p.apps.iter().map(|&i| graph.apps[i].name.clone()).collect::<Vec<_>>(),
                        "runtime": p.runtime.map(|r| r.as_str()),
                        "notReplayed": p.not_replayed,
                        "leftOut": p.left_out.iter().map(|(app, keys)| serde_json::json!({ "app": app, "keys": keys.iter().map(|(k, why)| serde_json::json!({ "key": k, "why": why })).collect::<Vec<_>>() })).collect::<Vec<_>>(),
                        "runs": p.runs.iter().map(|r| serde_json::json!({ "order": r.order, "scenario": r.scenario.to_json(), "outcome": r.outcome.to_json() })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            match serde_json::to_string_pretty(&serde_json::json!({ "version": 1, "groups": groups })) {
                Ok(s) => println!("{s}"),
                Err(e) => return fail(format!("internal error while writing JSON: {e}")),
            }
        }
        Format::Human => print!("{}", fedscope_report::simulate::render_plans(&graph, &plans)),
    }
    ExitCode::SUCCESS
}

fn run_simulate(args: &SimulateArgs) -> ExitCode {
    if args.scenario.is_dir() {
        return run_simulate_dir(args);
    }
    let label = args.scenario.display().to_string();
    let text = if label == "-" {
        let mut s = String::new();
        match std::io::stdin().read_to_string(&mut s) {
            Ok(_) => s,
            Err(e) => return fail(format!("cannot read standard input: {e}")),
        }
    } else {
        match std::fs::read(&args.scenario) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => return fail(format!("{label}: not UTF-8 text (is it a JSON scenario?)")),
            },
            Err(e) => return fail(format!("{label}: cannot read: {e}")),
        }
    };
    let scenario = match Scenario::from_json(&text) {
        Ok(s) => s,
        Err(e) => return fail(format!("{label}: {e}")),
    };
    let outcome = simulate(&scenario);
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&outcome.to_json()) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(format!("internal error while writing JSON: {e}")),
        },
        Format::Human => print!("{}", fedscope_report::simulate::render(&scenario, &outcome)),
    }
    ExitCode::SUCCESS
}

/// Files that could not be read: warnings on stderr (the report goes on).
fn report_problems(graph: &fedscope_workspace::Graph) {
    for p in &graph.problems {
        let at = match p.line {
            Some(l) => format!("{}:{l}", p.file),
            None => p.file.clone(),
        };
        eprintln!("{} {at}: {}", paint(fedscope_report::style::WARN, "warning:"), p.message);
    }
}

fn run_transform(file: &std::path::Path) -> ExitCode {
    match fedscope_workspace::eval::transform_file(file) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// `--eval-config` progress on a terminal: one line, rewritten.
fn eval_progress(done: usize, total: usize) {
    eprint!("\rfedscope: ran {done} of {total} configs in Node");
    if done == total {
        eprint!("\r\x1b[2K");
    }
}

fn eval_options(eval_config: bool, eval_timeout: f64) -> Result<fedscope_workspace::Options, String> {
    let mut options = fedscope_workspace::Options::default();
    if eval_config {
        if !(eval_timeout.is_finite() && eval_timeout > 0.0) {
            return Err(format!("--eval-timeout must be a positive number of seconds, not {eval_timeout}"));
        }
        let exe = std::env::current_exe().map_err(|e| format!("cannot find the fedscope binary: {e}"))?;
        let timeout = std::time::Duration::from_secs_f64(eval_timeout);
        let mut settings = fedscope_workspace::eval::EvalSettings::detect(exe, timeout)?;
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            settings.progress = Some(eval_progress);
        }
        options.eval = Some(settings);
    }
    Ok(options)
}

fn run_graph(args: &GraphArgs) -> ExitCode {
    let options = match eval_options(args.eval_config, args.eval_timeout) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let graph = match fedscope_workspace::analyze(&args.dir, &options) {
        Ok(g) => g,
        Err(e) => return fail(e),
    };
    report_problems(&graph);
    // `instances`: module-scope state and its copies per group, from the planner's replays
    let plans = fedscope_plan::plan(&graph);
    let instances = fedscope_plan::instances::instances(&graph, &plans);
    let mut json = graph.to_json();
    json["instances"] = serde_json::Value::Array(instances.iter().map(|i| i.to_json(&graph)).collect());
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&json) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(format!("internal error while writing JSON: {e}")),
        },
        Format::Human => print!(
            "{}{}",
            fedscope_report::graph::render(&graph),
            fedscope_report::graph::render_instances(&graph, &instances)
        ),
    }
    fedscope_workspace::timings::phase("output");
    // the process ends here: freeing every parsed module's facts one by one is wasted time
    std::mem::forget((graph, plans));
    ExitCode::SUCCESS
}
