//! fedscope's share-scope engine: a scenario in, an outcome out, for both
//! Module Federation runtimes (see `../shared/spec/scenario.md`).
//!
//! The engine replays the real runtimes decision for decision: webpack 5's
//! built-in runtime (release lines 5.92, 5.111, 5.112) and the Module
//! Federation 2 runtime (`@module-federation/runtime-core` 2.9 through the
//! bundler path `@module-federation/enhanced` builds take). `oracle/` runs the
//! same scenarios on the real JavaScript runtimes; the differential tests
//! require the two outcomes to agree.

mod common;
pub mod generate;
mod jsmap;
mod mf2;
pub mod outcome;
pub mod scenario;
mod webpack;

pub use outcome::{Instance, LoadOutcome, LoadResult, Outcome, ScopeEntry, disagreements};
pub use scenario::{Container, Mode, RequiredVersion, Runtime, Scenario, ScenarioError, SharedConfig, Step, Strategy};

/// Replays the scenario on its runtime.
pub fn simulate(scenario: &Scenario) -> Outcome {
    match scenario.runtime {
        Runtime::Webpack => webpack::run(scenario),
        Runtime::Mf2 => mf2::run(scenario),
    }
}
