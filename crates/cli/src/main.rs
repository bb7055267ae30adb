//! The `fedscope` command line.

use anstream::{eprintln, print, println};
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
    /// docs/scenario.md).
    Simulate(SimulateArgs),
    /// Discover every Module Federation app under DIR and print the graph:
    /// apps, remotes, exposes, shared entries with the bundlers' defaults
    /// resolved, groups, and what could not be determined (format:
    /// docs/graph.md).
    Graph(GraphArgs),
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
struct SimulateArgs {
    /// The scenario JSON file (`-` reads standard input).
    scenario: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A table for people.
    Human,
    /// The outcome JSON of the scenario contract.
    Json,
}

/// Exit codes: 0 success, 1 findings (later commands), 2 bad input or internal error.
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate(args) => run_simulate(&args),
        Command::Graph(args) => run_graph(&args),
        Command::Transform { file } => run_transform(&file),
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{} {message}", paint(ERROR, "error:"));
    ExitCode::from(BAD_INPUT)
}

fn run_simulate(args: &SimulateArgs) -> ExitCode {
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

fn run_transform(file: &std::path::Path) -> ExitCode {
    match fedscope_workspace::eval::transform_file(file) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn graph_options(args: &GraphArgs) -> Result<fedscope_workspace::Options, String> {
    let mut options = fedscope_workspace::Options::default();
    if args.eval_config {
        if !(args.eval_timeout.is_finite() && args.eval_timeout > 0.0) {
            return Err(format!("--eval-timeout must be a positive number of seconds, not {}", args.eval_timeout));
        }
        let exe = std::env::current_exe().map_err(|e| format!("cannot find the fedscope binary: {e}"))?;
        let timeout = std::time::Duration::from_secs_f64(args.eval_timeout);
        options.eval = Some(fedscope_workspace::eval::EvalSettings::detect(exe, timeout)?);
    }
    Ok(options)
}

fn run_graph(args: &GraphArgs) -> ExitCode {
    let options = match graph_options(args) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let graph = match fedscope_workspace::analyze(&args.dir, &options) {
        Ok(g) => g,
        Err(e) => return fail(e),
    };
    for p in &graph.problems {
        let at = match p.line {
            Some(l) => format!("{}:{l}", p.file),
            None => p.file.clone(),
        };
        eprintln!("{} {at}: {}", paint(fedscope_report::style::WARN, "warning:"), p.message);
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&graph.to_json()) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(format!("internal error while writing JSON: {e}")),
        },
        Format::Human => print!("{}", fedscope_report::graph::render(&graph)),
    }
    ExitCode::SUCCESS
}
