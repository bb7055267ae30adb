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
}

#[derive(clap::Args)]
struct GraphArgs {
    /// The directory to analyse.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
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

fn run_graph(args: &GraphArgs) -> ExitCode {
    let graph = match fedscope_workspace::analyze(&args.dir, &fedscope_workspace::Options::default()) {
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
