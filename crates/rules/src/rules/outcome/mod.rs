//! Share-scope outcome: what the runtime will do, from the planner's replays
//! of every load order that matters.

pub mod duplicate_instance;
pub mod load_order_dependent;
pub mod missing_async_boundary;
pub mod no_satisfying_version;
pub mod singleton_version_error;
pub mod singleton_version_unsatisfied;

use crate::{Context, Group};
use fedscope_scope::LoadOutcome;
use std::collections::BTreeMap;

/// Load steps of a group's replays that match `pred`, per (consumer, key):
/// the first matching step and the load orders (as `a → b`) it happens in.
pub(crate) fn steps_where<'g>(
    group: &'g Group,
    pred: impl Fn(&LoadOutcome) -> bool,
) -> BTreeMap<(String, String), (&'g LoadOutcome, Vec<String>)> {
    let mut out: BTreeMap<(String, String), (&LoadOutcome, Vec<String>)> = BTreeMap::new();
    for run in &group.plan.runs {
        for s in &run.outcome.steps {
            if pred(s) {
                let e = out.entry((s.container.clone(), s.shared.clone())).or_insert((s, Vec::new()));
                let order = run.order.join(" → ");
                if !e.1.contains(&order) {
                    e.1.push(order);
                }
            }
        }
    }
    out
}

/// "in every load order" / "when the remotes load in the order a → b (and N more)".
pub(crate) fn when(group: &Group, orders: &[String]) -> String {
    let total = group.plan.runs.len();
    if orders.len() >= total || total <= 1 {
        return String::new();
    }
    let more = if orders.len() > 1 {
        format!(" (and {} more of {total} orders)", orders.len() - 1)
    } else {
        format!(" (1 of {total} orders)")
    };
    format!(" when the remotes load in the order {}{more}", orders[0])
}

/// The app index of a scenario container id.
pub(crate) fn app_of(cx: &Context, group: &Group, container: &str) -> Option<usize> {
    let name = container.split('#').next().unwrap_or(container);
    group.apps.iter().copied().find(|&i| cx.app(i).name == name)
}
