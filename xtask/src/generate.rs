//! `cargo xtask gen-workspace DIR [--apps 50] [--files 10000] [--seed N]`: writes a
//! synthetic pnpm monorepo of React Module Federation apps, the workload of
//! `cargo xtask bench-check`.
//!
//! The output is a pure function of the options (its own seeded generator, no
//! clock, no hash order). It holds:
//!
//! - `package.json`, `pnpm-workspace.yaml` and a `pnpm-lock.yaml` (v9) whose
//!   importers match every package.json (the package entries are the reference
//!   shop's: React 19.3.1, Zustand 5.1.0, TanStack Query 5.108.0, Rspack 2.3.3);
//! - `apps/*`: one host per 25 apps (`shell`, `admin`, …), the rest remotes,
//!   each loaded by a host or by an earlier remote (every app is in a group),
//!   by URL `name@http://localhost:PORT/remoteEntry.js`. The config is an
//!   `rspack.config.js` (Rspack's built-in plugin) or a `webpack.config.js`
//!   (webpack's container plugin, object or function export), sharing react,
//!   react-dom, zustand and @tanstack/react-query as singletons with a
//!   `requiredVersion` (from package.json, hard-coded, or built by a helper);
//! - per app an async boundary (`src/index.js` → `import('./bootstrap')`) and a
//!   tree of JS/JSX/TS/TSX modules, 30–200 lines each: pages, feature and shared
//!   components (hooks, `useEffect` listeners with their cleanup), hooks with
//!   TanStack queries, Zustand stores created at module scope, API modules,
//!   utils and types, a module-scope `QueryClient`, remotes behind `React.lazy`
//!   inside an error boundary. Relative imports form a DAG in which every module
//!   is reachable from the entry;
//! - `packages/*`: four workspace packages (`@acme/ui`, `@acme/hooks`,
//!   `@acme/utils`, `@acme/api-client`) that every app imports.
//!
//! `--files` counts every .js/.jsx/.ts/.tsx file written (configs included).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

/// A file in DIR that says the directory was written by this generator (and may be replaced).
pub const MARKER: &str = ".fedscope-generated";

#[derive(Clone, Debug)]
pub struct Options {
    pub apps: usize,
    pub files: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { apps: 50, files: 10_000, seed: 1 }
    }
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub apps: usize,
    pub hosts: usize,
    /// .js/.jsx/.ts/.tsx files.
    pub sources: usize,
    pub files: usize,
    pub bytes: usize,
}

/// Parses `--apps`, `--files`, `--seed` out of `args`; the rest is returned.
pub fn parse_options(args: &[String]) -> Result<(Options, Vec<String>), String> {
    let mut o = Options::default();
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num = |flag: &str| -> Result<u64, String> {
            it.next().and_then(|v| v.parse().ok()).ok_or_else(|| format!("{flag} takes a whole number"))
        };
        match a.as_str() {
            "--apps" => o.apps = num("--apps")? as usize,
            "--files" => o.files = num("--files")? as usize,
            "--seed" => o.seed = num("--seed")?,
            _ => rest.push(a.clone()),
        }
    }
    if o.apps < 2 {
        return Err("--apps must be at least 2 (a host and a remote)".into());
    }
    Ok((o, rest))
}

pub fn main(args: &[String]) -> ExitCode {
    const USAGE: &str = "usage: cargo xtask gen-workspace DIR [--apps 50] [--files 10000] [--seed N]";
    let (o, rest) = match parse_options(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let [dir] = rest.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match write(Path::new(dir), &o) {
        Ok(s) => {
            println!(
                "wrote {dir}: {} apps ({} hosts), {} source files, {} files, {:.1} MB (seed {})",
                s.apps,
                s.hosts,
                s.sources,
                s.files,
                s.bytes as f64 / 1e6,
                o.seed
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Generates the workspace into `dir`, which must be absent, empty, or an
/// earlier output of this generator (then it is replaced).
pub fn write(dir: &Path, o: &Options) -> Result<Summary, String> {
    let files = generate(o);
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?.next().is_none();
        if !empty {
            if !dir.join(MARKER).is_file() {
                return Err(format!(
                    "{} is not empty and was not written by gen-workspace; not touching it",
                    dir.display()
                ));
            }
            std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
    }
    let mut s = summarize(&files);
    s.apps = o.apps;
    s.hosts = hosts_for(o.apps);
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(s)
}

fn summarize(files: &BTreeMap<String, String>) -> Summary {
    Summary {
        sources: files.keys().filter(|p| is_source(p)).count(),
        files: files.len(),
        bytes: files.values().map(String::len).sum(),
        ..Summary::default()
    }
}

pub fn is_source(path: &str) -> bool {
    [".js", ".jsx", ".ts", ".tsx"].iter().any(|e| path.ends_with(e))
}

// ---------------------------------------------------------------------------
// randomness

/// The semver crate's seeded SplitMix64 (stable across platforms, so a seed
/// names the same workspace forever), with what the generator needs on top.
pub struct Rng(fedscope_semver::arbitrary::Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(fedscope_semver::arbitrary::Rng::new(seed))
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.0.below(n) }
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        self.0.pick(xs)
    }

    fn pick_ref<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A line count for a module: 30–200, most around 60–120.
    fn lines(&mut self) -> usize {
        30 + (self.unit().powf(1.5) * 165.0) as usize
    }
}

// ---------------------------------------------------------------------------
// names

const HOSTS: &[&str] = &["shell", "admin", "portal", "backoffice", "studio", "console"];
const REMOTES: &[&str] = &[
    "catalog",
    "cart",
    "checkout",
    "search",
    "account",
    "orders",
    "reviews",
    "recs",
    "wishlist",
    "inventory",
    "pricing",
    "promotions",
    "payments",
    "shipping",
    "returns",
    "support",
    "chat",
    "notifications",
    "profile",
    "settings",
    "billing",
    "invoices",
    "analytics",
    "reports",
    "dashboard",
    "calendar",
    "messages",
    "media",
    "uploads",
    "auth",
    "onboarding",
    "help",
    "blog",
    "cms",
    "marketing",
    "loyalty",
    "giftcards",
    "stores",
    "maps",
    "compare",
    "bundles",
    "subscriptions",
    "partners",
    "vendors",
    "audit",
    "compliance",
    "warehouse",
    "tracking",
    "feedback",
    "experiments",
];
const NOUNS: &[&str] = &[
    "Order",
    "Product",
    "Invoice",
    "Customer",
    "Account",
    "Payment",
    "Shipment",
    "Review",
    "Coupon",
    "Report",
    "Ticket",
    "Message",
    "Profile",
    "Address",
    "Category",
    "Stock",
    "Price",
    "Discount",
    "Wishlist",
    "Alert",
    "Session",
    "Subscription",
    "Plan",
    "Team",
    "Project",
    "Task",
    "Comment",
    "Attachment",
    "Vendor",
    "Warehouse",
    "Refund",
    "Promotion",
    "Campaign",
    "Segment",
    "Metric",
    "Budget",
    "Contract",
    "Delivery",
    "Basket",
    "Receipt",
    "Quote",
    "Lead",
    "Partner",
    "Asset",
    "Schedule",
    "Booking",
    "Release",
    "Region",
];
const COMPONENT_SUFFIXES: &[&str] = &[
    "List",
    "Table",
    "Card",
    "Panel",
    "Form",
    "Summary",
    "Details",
    "Header",
    "Row",
    "Badge",
    "Filter",
    "Toolbar",
    "Dialog",
    "Drawer",
    "Editor",
    "Preview",
    "Picker",
    "Stats",
    "Timeline",
    "Grid",
    "Placeholder",
    "Skeleton",
    "Tabs",
    "Search",
    "Menu",
    "Chart",
    "Overview",
    "Wizard",
    "Settings",
    "Inspector",
];
const HOOK_SUFFIXES: &[&str] = &[
    "Query",
    "Filters",
    "Selection",
    "Pagination",
    "Sort",
    "Search",
    "Summary",
    "Sync",
    "Form",
    "Permissions",
    "Status",
    "Draft",
    "History",
    "Export",
    "Preferences",
];
const UTIL_VERBS: &[&str] = &[
    "format",
    "parse",
    "normalize",
    "compare",
    "group",
    "summarize",
    "validate",
    "serialize",
    "label",
    "score",
    "rank",
    "estimate",
    "describe",
    "merge",
    "diff",
];
const API_VERBS: &[&str] = &[
    "create",
    "update",
    "archive",
    "restore",
    "approve",
    "reject",
    "assign",
    "publish",
    "duplicate",
    "sync",
    "export",
    "lock",
];
const TYPE_SUFFIXES: &[&str] =
    &["Statuses", "Kinds", "Priorities", "Channels", "Levels", "Modes", "Roles", "Sources", "Stages", "Flags"];
const UI: &[&str] = &[
    "Button",
    "Card",
    "Stack",
    "Spinner",
    "Badge",
    "TextField",
    "SelectField",
    "Modal",
    "TabList",
    "DataTable",
    "Tooltip",
    "Avatar",
    "Callout",
    "SidePanel",
    "DropdownMenu",
    "Pagination",
    "Checkbox",
    "Toggle",
    "TextArea",
    "Toast",
    "Divider",
    "Columns",
    "Heading",
    "Caption",
    "LinkButton",
    "Icon",
    "Shimmer",
    "EmptyState",
    "Breadcrumbs",
    "DateField",
    "Popover",
    "ProgressBar",
    "Chip",
    "Accordion",
    "Stepper",
    "RadioGroup",
    "Slider",
    "Tag",
    "Banner",
    "Toolbar",
];
const HOOKS: &[&str] = &[
    "useDebounce",
    "useMediaQuery",
    "useEventListener",
    "useLocalStorage",
    "useOnlineStatus",
    "useInterval",
    "usePrevious",
    "useToggle",
    "useClickOutside",
    "useWindowSize",
    "useDocumentVisibility",
    "useHover",
    "useScrollPosition",
    "useIdle",
    "useClipboard",
    "useTimeout",
    "useKeyPress",
    "useFocusTrap",
    "useThrottle",
    "useMounted",
    "useLatest",
    "useResizeObserver",
    "useIntersection",
    "useStorageSync",
    "usePageTitle",
    "useCountdown",
    "useGeolocation",
    "useFullscreen",
    "useBattery",
    "usePreferredTheme",
    "useReducedMotion",
    "useNetworkSpeed",
    "useBroadcast",
    "useSessionStorage",
    "useFocusWithin",
    "useLongPress",
    "useLockBodyScroll",
    "useUpdateEffect",
    "useRafLoop",
    "useQueue",
];
const UTILS: &[&str] = &[
    "formatCurrency",
    "formatDate",
    "formatNumber",
    "pluralize",
    "truncate",
    "slugify",
    "groupBy",
    "sortBy",
    "uniqueBy",
    "clamp",
    "debounce",
    "throttle",
    "parseQuery",
    "buildQuery",
    "isEmail",
    "isUrl",
    "capitalize",
    "camelCase",
    "chunk",
    "range",
    "sum",
    "average",
    "percent",
    "relativeTime",
    "formatBytes",
    "deepEqual",
    "pick",
    "omit",
    "retryDelay",
    "hashString",
    "escapeHtml",
    "initials",
    "maskCard",
    "toTitleCase",
    "parseNumber",
    "round",
    "zip",
    "flatten",
    "compact",
    "invariant",
];
const API_CLIENT: &[&str] = &[
    "fetchSession",
    "fetchFeatureFlags",
    "fetchCurrentUser",
    "fetchTenants",
    "fetchLocales",
    "fetchAuditLog",
    "fetchNotifications",
    "fetchUploads",
    "fetchWebhooks",
    "fetchApiKeys",
    "fetchQuotas",
    "fetchInvitations",
    "fetchRoles",
    "fetchDomains",
    "fetchIntegrations",
    "fetchTokens",
    "fetchPolicies",
    "fetchExports",
    "fetchImports",
    "fetchBilling",
    "fetchUsage",
    "fetchRegions",
    "fetchCurrencies",
    "fetchTimezones",
    "fetchHealth",
    "fetchVersion",
    "fetchChangelog",
    "fetchSettings",
    "fetchTeams",
    "fetchMembers",
    "fetchSecrets",
    "fetchJobs",
    "fetchQueues",
    "fetchSchedules",
    "fetchReports",
    "fetchMetrics",
    "fetchEvents",
    "fetchSegments",
    "fetchTemplates",
    "fetchLabels",
];

/// Unique names within one app or package.
#[derive(Default)]
struct Names(BTreeSet<String>);

impl Names {
    fn unique(&mut self, base: String) -> String {
        let mut name = base.clone();
        let mut n = 2;
        while !self.0.insert(name.to_lowercase()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

fn screaming(s: &str) -> String {
    kebab(s).replace('-', "_").to_uppercase()
}

fn plural(noun: &str) -> String {
    if let Some(stem) = noun.strip_suffix('y') { format!("{stem}ies") } else { format!("{noun}s") }
}

/// Replaces `@KEY@` by its value, then keeps `⟨…⟩` (TypeScript-only text)
/// when `ts`, else drops it, and a line left empty by that.
fn fill(template: &str, vars: &[(&str, &str)], ts: bool) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("@{k}@"), v);
    }
    ts_only(&s, ts)
}

fn ts_only(s: &str, ts: bool) -> String {
    if !s.contains('⟨') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        let mut kept = String::with_capacity(line.len());
        let mut depth = 0;
        for c in line.chars() {
            match c {
                '⟨' => depth += 1,
                '⟩' => depth -= 1,
                _ if depth == 0 || ts => kept.push(c),
                _ => {}
            }
        }
        if !ts && kept.trim().is_empty() && !line.trim().is_empty() {
            continue;
        }
        if i > 0 && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&kept);
    }
    out
}

/// The import specifier of `to` from the file `from` (both relative to one root).
fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut spec = String::new();
    if common == from_dirs.len() {
        spec.push_str("./");
    } else {
        for _ in common..from_dirs.len() {
            spec.push_str("../");
        }
    }
    spec.push_str(&to_parts[common..].join("/"));
    // extensionless, as most code imports; `.jsx` files sometimes with it
    match spec.rsplit_once('.') {
        Some((stem, "jsx")) if from.len().is_multiple_of(3) => format!("{stem}.jsx"),
        Some((stem, _)) => stem.to_string(),
        None => spec,
    }
}

// ---------------------------------------------------------------------------
// the plan

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Page,
    Feature,
    Component,
    Hook,
    Store,
    Api,
    Util,
    Types,
}

/// Whether a module of kind `a` may import one of kind `b` (the layering of a real app).
fn can_import(a: Kind, b: Kind) -> bool {
    use Kind::*;
    match b {
        Page => false,
        Feature => matches!(a, Page | Feature),
        Component => matches!(a, Page | Feature | Component),
        Hook | Store => matches!(a, Page | Feature | Component | Hook),
        Api => matches!(a, Page | Feature | Hook | Store),
        Util => a != Types,
        Types => true,
    }
}

#[derive(Clone, Debug)]
struct Module {
    /// Relative to the app's or package's root.
    path: String,
    kind: Kind,
    /// The main export.
    symbol: String,
    noun: String,
    ts: bool,
    /// Feature directory, if any.
    feature: Option<usize>,
    /// Modules of the same app or package it imports (indices; always later ones).
    imports: Vec<usize>,
    /// Needs a default export (exposed for `React.lazy`).
    default_export: bool,
    /// Imports of other apps' exposed stores: (request, symbol, local name).
    remote_imports: Vec<(String, String, String)>,
    lines: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// rspack.config.js, `new rspack.container.ModuleFederationPlugin`, `requiredVersion: deps.x`.
    RspackObject,
    /// rspack.config.js, `require('@rspack/core').container`, a helper builds `shared`.
    RspackHelper,
    /// webpack.config.js, `require('webpack').container`, hard-coded ranges.
    WebpackObject,
    /// webpack.config.js, a function of (env, argv), `new webpack.container.ModuleFederationPlugin`.
    WebpackFunction,
}

struct App {
    name: String,
    port: u16,
    host: bool,
    form: Form,
    ts: bool,
    /// Apps it loads (indices).
    remotes: Vec<usize>,
    modules: Vec<Module>,
    /// Exposed: `./Widget`, `./Page`, and maybe `./store` (module indices).
    widget: usize,
    page: usize,
    store: Option<usize>,
    features: Vec<String>,
}

fn hosts_for(apps: usize) -> usize {
    (apps / 25).clamp(1, HOSTS.len())
}

/// The workspace packages, in the order they are planned (`ui` imports `hooks` and `utils`).
const PACKAGES: [&str; 4] = ["ui", "hooks", "utils", "api-client"];
/// The same, sorted as package.json and pnpm-lock.yaml list them.
const PACKAGES_SORTED: [&str; 4] = ["api-client", "hooks", "ui", "utils"];

struct Package {
    name: &'static str,
    modules: Vec<Module>,
}

/// The export names of the workspace packages, for the apps' imports.
struct Libs {
    ui: Vec<String>,
    hooks: Vec<String>,
    utils: Vec<String>,
}

/// Generates every file: relative path → contents.
pub fn generate(o: &Options) -> BTreeMap<String, String> {
    let mut rng = Rng::new(o.seed);
    let per_package = (o.files / 400).clamp(6, 40);
    let packages: Vec<Package> =
        PACKAGES.iter().enumerate().map(|(i, name)| plan_package(name, i, per_package, &mut rng)).collect();
    let libs = Libs {
        ui: packages[0].modules.iter().map(|m| m.symbol.clone()).collect(),
        hooks: packages[1].modules.iter().map(|m| m.symbol.clone()).collect(),
        utils: packages[2].modules.iter().map(|m| m.symbol.clone()).collect(),
    };
    let package_sources: usize = packages.iter().map(|p| p.modules.len() + 1).sum();
    let app_sources = o.files.saturating_sub(package_sources);
    let mut apps = plan_apps(o, app_sources, &mut rng);
    // remote stores consumed statically through the federation namespace
    for i in 0..apps.len() {
        let wanted: Vec<(String, String, String)> = apps[i]
            .remotes
            .iter()
            .filter_map(|&r| {
                let sym = &apps[r].modules[apps[r].store?].symbol;
                let local = format!("use{}{}", pascal(&apps[r].name), &sym[3..]);
                Some((format!("{}/store", apps[r].name), sym.clone(), local))
            })
            .take(2)
            .collect();
        if let Some(h) = apps[i].modules.iter().position(|m| m.kind == Kind::Hook) {
            apps[i].modules[h].remote_imports = wanted;
        }
    }

    let mut out = BTreeMap::new();
    out.insert(MARKER.to_string(), format!("seed {}, {} apps, {} files\n", o.seed, o.apps, o.files));
    root_files(&mut out, &apps);
    for p in &packages {
        package_files(&mut out, p, &libs, &mut rng);
    }
    for a in &apps {
        app_files(&mut out, a, &apps, &libs, &mut rng);
    }
    out
}

fn plan_package(name: &'static str, index: usize, count: usize, rng: &mut Rng) -> Package {
    let (kind, list) = match index {
        0 => (Kind::Component, UI),
        1 => (Kind::Hook, HOOKS),
        2 => (Kind::Util, UTILS),
        _ => (Kind::Api, API_CLIENT),
    };
    let mut names = Names::default();
    let mut modules = Vec::new();
    if kind == Kind::Api {
        names.unique("http".into());
        modules.push(Module {
            path: "src/http.ts".into(),
            kind: Kind::Util,
            symbol: "http".into(),
            noun: "Http".into(),
            ts: true,
            feature: None,
            imports: Vec::new(),
            default_export: false,
            remote_imports: Vec::new(),
            lines: 0,
        });
    }
    while modules.len() < count {
        let base = list[modules.len() % list.len()].to_string();
        let symbol = names.unique(base);
        // distinct per module, so the barrel's `export *` has no clashing names
        let noun = NOUNS[(modules.len() * 7 + index * 11) % NOUNS.len()].to_string();
        let ext = if kind == Kind::Component { "tsx" } else { "ts" };
        modules.push(Module {
            path: format!("src/{symbol}.{ext}"),
            kind,
            symbol,
            noun,
            ts: true,
            feature: None,
            imports: Vec::new(),
            default_export: false,
            remote_imports: Vec::new(),
            lines: rng.lines().min(140),
        });
    }
    // a DAG inside the package
    let n = modules.len();
    for (i, m) in modules.iter_mut().enumerate() {
        if kind == Kind::Api && i > 0 {
            m.imports.push(0);
        }
        let extra = rng.range(0, 2);
        for _ in 0..extra {
            if i + 1 < n {
                let j = rng.range(i + 1, n - 1);
                if !m.imports.contains(&j) {
                    m.imports.push(j);
                }
            }
        }
    }
    Package { name, modules }
}

fn plan_apps(o: &Options, app_sources: usize, rng: &mut Rng) -> Vec<App> {
    let hosts = hosts_for(o.apps);
    let mut apps: Vec<App> = Vec::new();
    let mut taken = Names::default();
    for i in 0..o.apps {
        let base = if let Some(h) = HOSTS.get(i).filter(|_| i < hosts) {
            h.to_string()
        } else {
            let r = i - hosts;
            let b = REMOTES[r % REMOTES.len()];
            if r < REMOTES.len() { b.to_string() } else { format!("{b}{}", r / REMOTES.len() + 1) }
        };
        let name = taken.unique(base);
        let host = i < hosts;
        let form = if host {
            Form::RspackObject
        } else {
            rng.pick(&[
                Form::RspackObject,
                Form::RspackObject,
                Form::RspackHelper,
                Form::WebpackObject,
                Form::WebpackFunction,
            ])
        };
        let ts = host || rng.chance(0.7);
        apps.push(App {
            name,
            port: 3000 + i as u16,
            host,
            form,
            ts,
            remotes: Vec::new(),
            modules: Vec::new(),
            widget: 0,
            page: 0,
            store: None,
            features: Vec::new(),
        });
    }
    // who loads whom: every remote by a host or by an earlier remote, some by two
    for i in hosts..o.apps {
        let parent = if i < hosts + 3 || rng.chance(0.6) { rng.below(hosts) } else { rng.range(hosts, i - 1) };
        apps[parent].remotes.push(i);
        if rng.chance(0.2) {
            let second = rng.below(i);
            if second != parent && !apps[second].remotes.contains(&i) {
                apps[second].remotes.push(i);
            }
        }
    }
    // sources per app: the budget less the fixed files (config, index, bootstrap, App, queryClient, ErrorBoundary, remotes)
    let each = app_sources / o.apps;
    let extra = app_sources % o.apps;
    for (i, app) in apps.iter_mut().enumerate() {
        let fixed = 6 + usize::from(!app.remotes.is_empty());
        let n = (each + usize::from(i < extra)).saturating_sub(fixed).max(12);
        plan_modules(app, n, rng);
    }
    apps
}

/// Lays out an app's modules (sorted by layer) and the imports between them.
fn plan_modules(app: &mut App, n: usize, rng: &mut Rng) {
    use Kind::*;
    let shares: [(Kind, f64); 8] = [
        (Page, 0.05),
        (Feature, 0.35),
        (Component, 0.14),
        (Hook, 0.15),
        (Store, 0.05),
        (Api, 0.08),
        (Util, 0.11),
        (Types, 0.07),
    ];
    let mut counts: Vec<(Kind, usize)> = shares.iter().map(|(k, s)| (*k, ((n as f64 * s) as usize).max(1))).collect();
    let total: usize = counts.iter().map(|c| c.1).sum();
    if total < n {
        counts[1].1 += n - total;
    } else if total > n {
        counts[1].1 = counts[1].1.saturating_sub(total - n).max(1);
    }
    let feature_count = (n / 28).clamp(2, 12);
    let mut names = Names::default();
    for _ in 0..feature_count {
        let f = names.unique(rng.pick(NOUNS).to_string());
        app.features.push(f);
    }
    let mut modules = Vec::new();
    for (kind, count) in counts {
        for _ in 0..count {
            let feature = rng.below(app.features.len());
            let noun = if rng.chance(0.7) {
                app.features[feature].trim_end_matches(char::is_numeric).to_string()
            } else {
                rng.pick(NOUNS).to_string()
            };
            let ts = if app.ts { rng.chance(0.92) } else { rng.chance(0.08) };
            let fdir = format!("src/features/{}", kebab(&app.features[feature]));
            let (symbol, path, in_feature) = match kind {
                Page => {
                    let s = names.unique(format!("{noun}Page"));
                    let p = format!("src/pages/{s}.{}", if ts { "tsx" } else { "jsx" });
                    (s, p, false)
                }
                Feature | Component => {
                    let s = names.unique(format!("{noun}{}", rng.pick(COMPONENT_SUFFIXES)));
                    let ext = if ts { "tsx" } else { "jsx" };
                    if kind == Feature {
                        (s.clone(), format!("{fdir}/components/{s}.{ext}"), true)
                    } else {
                        (s.clone(), format!("src/components/{s}.{ext}"), false)
                    }
                }
                Hook => {
                    let s = names.unique(format!("use{noun}{}", rng.pick(HOOK_SUFFIXES)));
                    let ext = if ts { "ts" } else { "js" };
                    if rng.chance(0.5) {
                        (s.clone(), format!("{fdir}/hooks/{s}.{ext}"), true)
                    } else {
                        (s.clone(), format!("src/hooks/{s}.{ext}"), false)
                    }
                }
                Store => {
                    let s = names.unique(format!("use{noun}Store"));
                    let ext = if ts { "ts" } else { "js" };
                    (s.clone(), format!("{fdir}/store/{}.{ext}", lower_first(&s[3..])), true)
                }
                Api => {
                    let s = names.unique(format!("fetch{}", plural(&noun)));
                    let ext = if ts { "ts" } else { "js" };
                    (s.clone(), format!("{fdir}/api/{s}.{ext}"), true)
                }
                Util => {
                    let s = names.unique(format!("{}{noun}", rng.pick(UTIL_VERBS)));
                    (s.clone(), format!("src/utils/{s}.{}", if ts { "ts" } else { "js" }), false)
                }
                Types => {
                    let s = names.unique(format!("{noun}{}", rng.pick(TYPE_SUFFIXES)));
                    let p = if ts {
                        format!("src/types/{}.ts", lower_first(&s))
                    } else {
                        format!("src/constants/{}.js", lower_first(&s))
                    };
                    (screaming(&s), p, false)
                }
            };
            modules.push(Module {
                path,
                kind,
                symbol,
                noun,
                ts,
                feature: in_feature.then_some(feature),
                imports: Vec::new(),
                default_export: false,
                remote_imports: Vec::new(),
                lines: rng.lines(),
            });
        }
    }
    // every module but the pages (imported by App) gets one importer among the
    // modules before it, preferring its own feature: the DAG is reachable
    let n = modules.len();
    for i in 0..n {
        if modules[i].kind == Page {
            continue;
        }
        let candidates: Vec<usize> = (0..i).filter(|&j| can_import(modules[j].kind, modules[i].kind)).collect();
        let same: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&j| modules[j].feature.is_some() && modules[j].feature == modules[i].feature)
            .collect();
        let pool = if !same.is_empty() && rng.chance(0.7) { &same } else { &candidates };
        let mut parent = rng.pick(pool);
        for _ in 0..4 {
            if modules[parent].imports.len() < 8 {
                break;
            }
            parent = rng.pick(pool);
        }
        modules[parent].imports.push(i);
    }
    // and a few more imports of later modules
    for i in 0..n {
        let want = match modules[i].kind {
            Page => rng.range(2, 4),
            Feature => rng.range(1, 3),
            Component | Hook => rng.range(0, 2),
            Store | Api => rng.range(0, 1),
            Util | Types => usize::from(rng.chance(0.3)),
        };
        for _ in 0..want * 3 {
            if modules[i].imports.len() >= want + 2 || i + 1 >= n {
                break;
            }
            let j = rng.range(i + 1, n - 1);
            if can_import(modules[i].kind, modules[j].kind) && !modules[i].imports.contains(&j) {
                modules[i].imports.push(j);
            }
        }
    }
    for m in &mut modules {
        m.imports.sort_unstable();
    }
    app.widget = modules.iter().position(|m| m.kind == Feature).unwrap_or(0);
    app.page = 0;
    app.store = if !app.host && rng.chance(0.4) { modules.iter().position(|m| m.kind == Store) } else { None };
    modules[app.widget].default_export = true;
    modules[app.page].default_export = true;
    app.modules = modules;
}

// ---------------------------------------------------------------------------
// rendering modules

/// What a module's imports are rendered against.
struct Cx<'a> {
    modules: &'a [Module],
    libs: &'a Libs,
    /// The package being rendered, if any (it imports itself relatively).
    package: Option<&'static str>,
}

/// An import statement collector, rendered in the usual order.
#[derive(Default)]
struct Imports {
    react_default: bool,
    react: BTreeSet<&'static str>,
    query: BTreeSet<&'static str>,
    zustand: bool,
    packages: BTreeMap<String, BTreeSet<String>>,
    remote: Vec<String>,
    relative: Vec<String>,
}

impl Imports {
    /// The import statements and a blank line, or nothing.
    fn block(&self) -> String {
        let r = self.render();
        if r.is_empty() { r } else { r + "\n" }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        if self.react_default || !self.react.is_empty() {
            let named = self.react.iter().copied().collect::<Vec<_>>().join(", ");
            match (self.react_default, named.is_empty()) {
                (true, true) => out.push_str("import React from 'react';\n"),
                (true, false) => out.push_str(&format!("import React, {{ {named} }} from 'react';\n")),
                _ => out.push_str(&format!("import {{ {named} }} from 'react';\n")),
            }
        }
        if !self.query.is_empty() {
            let named = self.query.iter().copied().collect::<Vec<_>>().join(", ");
            out.push_str(&format!("import {{ {named} }} from '@tanstack/react-query';\n"));
        }
        if self.zustand {
            out.push_str("import { create } from 'zustand';\n");
        }
        for (pkg, names) in &self.packages {
            let named = names.iter().cloned().collect::<Vec<_>>().join(", ");
            out.push_str(&format!("import {{ {named} }} from '{pkg}';\n"));
        }
        for l in &self.remote {
            out.push_str(l);
            out.push('\n');
        }
        for l in &self.relative {
            out.push_str(l);
            out.push('\n');
        }
        out
    }
}

fn lib_pick(rng: &mut Rng, list: &[String], n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for _ in 0..n * 2 {
        if out.len() == n {
            break;
        }
        let s = rng.pick_ref(list).clone();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The variables of one module's body, numbered so that padding never clashes.
struct Counter(usize);

impl Counter {
    fn next(&mut self) -> String {
        self.0 += 1;
        self.0.to_string()
    }
}

/// The parts of a module, each ending its line(s); empty parts are left out.
fn assemble(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        s.push_str(p);
        if !p.ends_with('\n') {
            s.push('\n');
        }
    }
    s
}

const LISTENERS: &[&str] = &[
    // resize
    r#"  const [viewportWidth@N@, setViewportWidth@N@] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = () => setViewportWidth@N@(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);"#,
    // Escape closes
    r#"  useEffect(() => {
    const onKeyDown = (event⟨: KeyboardEvent⟩) => {
      if (event.key === 'Escape') {
        setOpen(false);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);"#,
    // visibility
    r#"  const [visible@N@, setVisible@N@] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const onVisibilityChange = () => setVisible@N@(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => document.removeEventListener('visibilitychange', onVisibilityChange);
  }, []);"#,
    // online / offline
    r#"  const [online@N@, setOnline@N@] = useState(() => navigator.onLine);
  useEffect(() => {
    const goOnline = () => setOnline@N@(true);
    const goOffline = () => setOnline@N@(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, []);"#,
    // scroll
    r#"  const [scrolled@N@, setScrolled@N@] = useState(false);
  useEffect(() => {
    const onScroll = () => setScrolled@N@(window.scrollY > 80);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);"#,
    // storage: another tab changed the filter
    r#"  useEffect(() => {
    const onStorage = (event⟨: StorageEvent⟩) => {
      if (event.key === '@KEBAB@:query' && event.newValue !== null) {
        setQuery(event.newValue);
      }
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);"#,
    // postMessage from an embedding page
    r#"  useEffect(() => {
    const onMessage = (event⟨: MessageEvent⟩) => {
      if (event.origin !== window.location.origin || event.data?.type !== '@KEBAB@:select') {
        return;
      }
      setSelected(String(event.data.id));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);"#,
    // a timer
    r#"  const [tick@N@, setTick@N@] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick@N@((value) => value + 1), 30000);
    return () => window.clearInterval(timer);
  }, []);"#,
];

const COMPONENT_BODY_PADS: &[&str] = &[
    r#"  const [draft@N@, setDraft@N@] = useState('');
  const handleDraft@N@Change = useCallback((event⟨: { target: { value: string } }⟩) => {
    setDraft@N@(event.target.value);
  }, []);"#,
    r#"  const sorted@N@ = useMemo(
    () => [...visible].sort((a, b) => a.label.localeCompare(b.label) || b.value - a.value),
    [visible],
  );"#,
    r#"  const total@N@ = useMemo(() => visible.reduce((sum, row) => sum + row.value, 0), [visible]);
  const average@N@ = visible.length > 0 ? Math.round((total@N@ / visible.length) * 10) / 10 : 0;"#,
    r#"  const [page@N@, setPage@N@] = useState(0);
  const pageSize@N@ = compact ? 5 : 20;
  const pageRows@N@ = visible.slice(page@N@ * pageSize@N@, (page@N@ + 1) * pageSize@N@);
  const pageCount@N@ = Math.max(1, Math.ceil(visible.length / pageSize@N@));"#,
    r#"  const handleReset@N@ = useCallback(() => {
    setQuery('');
    setSelected(null);
    setOpen(false);
  }, []);"#,
];

const COMPONENT_JSX_PADS: &[&str] = &[
    r#"      <section className="@KEBAB@__list">
        <h3>@TITLE@</h3>
        <ul>
          {visible.slice(0, @K@).map((row) => (
            <li key={row.id} className={row.id === selected ? 'is-active' : undefined}>
              <span>{row.label}</span>
              <strong>{row.value.toFixed(2)}</strong>
            </li>
          ))}
        </ul>
      </section>"#,
    r#"      {visible.length === 0 ? (
        <p className="@KEBAB@__empty">No @PLURAL@ match “{query}”.</p>
      ) : (
        <p className="@KEBAB@__count">
          {visible.length} of {rows.length} @PLURAL@
        </p>
      )}"#,
    r#"      <form
        className="@KEBAB@__form"
        onSubmit={(event) => {
          event.preventDefault();
          setOpen(false);
        }}
      >
        <label>
          Search @PLURAL@
          <input name="query" value={query} onChange={(event) => setQuery(event.target.value)} />
        </label>
        <button type="submit">Apply</button>
      </form>"#,
    r#"      <table className="@KEBAB@__table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {visible.slice(0, @K@).map((row) => (
            <tr key={row.id}>
              <td>{row.label}</td>
              <td>{row.value}</td>
              <td>
                <button type="button" onClick={() => handleSelect(row.id)}>
                  Open
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>"#,
    r#"      {open && (
        <aside className="@KEBAB@__details" aria-live="polite">
          <h4>{selected ?? 'Nothing selected'}</h4>
          <button type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </aside>
      )}"#,
];

const COMPONENT_TAIL_PADS: &[&str] = &[
    r#"
function @NAME@Item@N@({ row, active, onPick }⟨: { row: Row; active: boolean; onPick: (id: string) => void }⟩) {
  return (
    <div className={active ? 'item item--active' : 'item'}>
      <button type="button" onClick={() => onPick(row.id)}>
        {row.label}
      </button>
      <span className="item__value">{row.value}</span>
    </div>
  );
}"#,
    r#"
function describe@N@(rows⟨: Row[]⟩)⟨: string⟩ {
  if (rows.length === 0) {
    return 'empty';
  }
  const top = rows.reduce((best, row) => (row.value > best.value ? row : best), rows[0]);
  return `${rows.length} rows, top ${top.label} (${top.value})`;
}"#,
    r#"
function @NAME@Placeholder@N@({ label = 'Loading' }⟨: { label?: string }⟩) {
  return (
    <div className="placeholder" role="status">
      <span className="placeholder__spinner" aria-hidden />
      <span>{label}…</span>
    </div>
  );
}"#,
];

fn render_component(cx: &Cx, m: &Module, rng: &mut Rng) -> String {
    let ts = m.ts;
    let name = &m.symbol;
    let kb = kebab(name);
    let title = m.noun.clone();
    let pl = plural(&m.noun).to_lowercase();
    let mut imp = Imports::default();
    imp.react.extend(["useCallback", "useMemo", "useState"]);
    if rng.chance(0.25) {
        imp.react_default = true; // the classic JSX runtime
    }
    let mut body: Vec<String> = Vec::new();
    let mut jsx: Vec<String> = Vec::new();
    let mut n = Counter(0);
    let mut type_names = BTreeSet::new();
    for &t in &m.imports {
        let t = &cx.modules[t];
        let spec = relative(&m.path, &t.path);
        let sym = &t.symbol;
        let v = lower_first(sym.strip_prefix("use").unwrap_or(sym));
        imp.relative.push(format!("import {{ {sym} }} from '{spec}';"));
        match t.kind {
            Kind::Feature | Kind::Component | Kind::Page => {
                jsx.push(format!("      <{sym} id={{id}} compact={{compact}} onSelect={{handleSelect}} />"))
            }
            Kind::Hook => {
                body.push(format!("  const {v}Result = {sym}(id);"));
                jsx.push(format!("      <small className=\"{kb}__status\">{{{v}Result.status}}</small>"));
            }
            Kind::Store => {
                body.push(format!("  const {v}Items = {sym}((state) => state.items);"));
                body.push(format!("  const {v}Select = {sym}((state) => state.select);"));
                jsx.push(format!(
                    "      <button type=\"button\" onClick={{() => {v}Select(selected)}}>\n        {{{v}Items.length}} selected\n      </button>"
                ));
            }
            Kind::Api => {
                imp.query.insert("useQuery");
                body.push(format!(
                    "  const {v}Query = useQuery({{\n    queryKey: ['{}', id],\n    queryFn: () => {sym}(id),\n    staleTime: 60_000,\n  }});",
                    kebab(sym)
                ));
                jsx.push(format!("      {{{v}Query.isPending ? <p className=\"{kb}__loading\">Loading…</p> : null}}"));
            }
            Kind::Util => jsx.push(format!("      <p className=\"{kb}__caption\">{{{sym}(title)}}</p>")),
            Kind::Types => {
                if ts && t.ts && type_names.insert(t.noun.clone()) {
                    imp.relative.push(format!("import type {{ {}Record }} from '{spec}';", t.noun));
                    body.push(format!("  const latest{n}: {}Record | null = null;", t.noun, n = n.next()));
                }
                jsx.push(format!(
                    "      <select value={{query}} onChange={{(event) => setQuery(event.target.value)}}>\n        {{{sym}.map((value) => (\n          <option key={{value}} value={{value}}>\n            {{value}}\n          </option>\n        ))}}\n      </select>"
                ));
            }
        }
    }
    // the workspace packages
    if cx.package != Some("ui") {
        let k = rng.range(1, 3);
        for u in lib_pick(rng, &cx.libs.ui, k) {
            jsx.push(format!("      <{u} title={{title}} compact={{compact}} />"));
            imp.packages.entry("@acme/ui".into()).or_default().insert(u);
        }
    }
    if cx.package != Some("hooks") && rng.chance(0.5) {
        let h = rng.pick_ref(&cx.libs.hooks).clone();
        let v = format!("{}State", lower_first(&h[3..]));
        body.push(format!("  const {v} = {h}(query);"));
        jsx.push(format!("      <small hidden>{{String({v}.status)}}</small>"));
        imp.packages.entry("@acme/hooks".into()).or_default().insert(h);
    }
    if cx.package != Some("utils") && rng.chance(0.6) {
        let u = rng.pick_ref(&cx.libs.utils).clone();
        jsx.push(format!("      <span className=\"{kb}__meta\">{{{u}(rows.length)}}</span>"));
        imp.packages.entry("@acme/utils".into()).or_default().insert(u);
    }
    for (req, sym, local) in &m.remote_imports {
        imp.remote.push(format!("import {{ {sym} as {local} }} from '{req}';"));
        body.push(format!("  const {}Count = {local}((state) => state.items.length);", lower_first(&local[3..])));
    }
    if m.kind == Kind::Page {
        imp.react.insert("useEffect");
        body.push(format!("  useEffect(() => {{\n    document.title = `{title} · ${{title}}`;\n  }}, [title]);"));
    }
    if rng.chance(0.8) {
        imp.react.insert("useEffect");
        let k = n.next();
        body.push(fill(rng.pick(LISTENERS), &[("N", &k), ("KEBAB", &kb)], ts));
    }
    let vars = [("NAME", name.as_str()), ("KEBAB", kb.as_str()), ("TITLE", title.as_str()), ("PLURAL", pl.as_str())];
    let rows = rng.range(8, 40).to_string();
    let head = fill(
        &format!(
            r#"⟨type Row = {{ id: string; label: string; value: number }};⟩
⟨⟩
⟨export interface @NAME@Props {{⟩
⟨  id?: string;⟩
⟨  title?: string;⟩
⟨  compact?: boolean;⟩
⟨  onSelect?: (id: string) => void;⟩
⟨}}⟩
⟨⟩
/** @TITLE@: {pl} of the current workspace, filtered and selectable. */
export function @NAME@({{ id = '@KEBAB@', title = '@TITLE@', compact = false, onSelect }}⟨: @NAME@Props⟩) {{
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState⟨<string | null>⟩(null);
  const [open, setOpen] = useState(false);
  const rows = useMemo(() => buildRows(id, {rows}), [id]);
  const visible = useMemo(
    () => rows.filter((row) => row.label.toLowerCase().includes(query.trim().toLowerCase())),
    [rows, query],
  );
  const handleSelect = useCallback(
    (next⟨: string⟩) => {{
      setSelected(next);
      setOpen(true);
      onSelect?.(next);
    }},
    [onSelect],
  );"#
        ),
        &vars,
        ts,
    );
    let open_jsx = fill(
        r#"
  return (
    <div className={compact ? '@KEBAB@ @KEBAB@--compact' : '@KEBAB@'} data-testid="@KEBAB@">
      <header className="@KEBAB@__header">
        <h2>{title}</h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
          {open ? 'Hide' : 'Show'} details
        </button>
      </header>"#,
        &vars,
        ts,
    );
    let close = fill(
        r#"    </div>
  );
}

function buildRows(seed⟨: string⟩, count⟨: number⟩)⟨: Row[]⟩ {
  return Array.from({ length: count }, (_, index) => ({
    id: `${seed}-${index}`,
    label: `@TITLE@ ${index + 1}`,
    value: (index * 37) % 101,
  }));
}"#,
        &vars,
        ts,
    );
    let mut tail: Vec<String> = Vec::new();
    if m.default_export {
        tail.push(format!("\nexport default {name};"));
    }
    // pad to the module's size
    loop {
        let s =
            assemble(&[&imp.block(), &head, &body.join("\n"), &open_jsx, &jsx.join("\n"), &close, &tail.join("\n")]);
        if s.lines().count() >= m.lines {
            return s;
        }
        let k = n.next();
        let kk = rng.range(3, 12).to_string();
        let pv = [
            ("N", k.as_str()),
            ("NAME", name.as_str()),
            ("KEBAB", kb.as_str()),
            ("TITLE", title.as_str()),
            ("PLURAL", pl.as_str()),
            ("K", kk.as_str()),
        ];
        match rng.below(4) {
            0 => {
                imp.react.insert("useEffect");
                body.push(fill(rng.pick(LISTENERS), &pv, ts));
            }
            1 => body.push(fill(rng.pick(COMPONENT_BODY_PADS), &pv, ts)),
            2 => jsx.push(fill(rng.pick(COMPONENT_JSX_PADS), &pv, ts)),
            _ => {
                let at = tail.len() - usize::from(m.default_export);
                tail.insert(at, fill(rng.pick(COMPONENT_TAIL_PADS), &pv, ts));
            }
        }
        // variables a pad declared are used by the markup, so nothing is dead
        if let Some(last) = body.last()
            && let Some(var) = last
                .trim_start()
                .strip_prefix("const ")
                .map(|r| r.trim_start_matches('[').split([',', ' ', ']']).next().unwrap_or_default().to_string())
            && var.chars().last().is_some_and(|c| c.is_ascii_digit())
            && !jsx.iter().any(|l| l.contains(var.as_str()))
        {
            jsx.push(format!("      <span hidden>{{String({var})}}</span>"));
        }
    }
}

const HOOK_PADS: &[&str] = &[
    r#"  const [history@N@, setHistory@N@] = useState⟨<string[]>⟩([]);
  useEffect(() => {
    setHistory@N@((previous) => [key, ...previous.filter((entry) => entry !== key)].slice(0, 10));
  }, [key]);"#,
    r#"  const [focused@N@, setFocused@N@] = useState(() => document.hasFocus());
  useEffect(() => {
    const onFocus = () => setFocused@N@(true);
    const onBlur = () => setFocused@N@(false);
    window.addEventListener('focus', onFocus);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('blur', onBlur);
    };
  }, []);"#,
    r#"  const [width@N@, setWidth@N@] = useState(() => window.innerWidth);
  useEffect(() => {
    let frame = 0;
    const onResize = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setWidth@N@(window.innerWidth));
    };
    window.addEventListener('resize', onResize);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', onResize);
    };
  }, []);"#,
    r#"  const derived@N@ = useMemo(() => {
    const parts = key.split(/[-_:]/).filter(Boolean);
    return {
      parts,
      depth: parts.length,
      label: parts.map((part) => part[0]?.toUpperCase() + part.slice(1)).join(' '),
    };
  }, [key]);"#,
    r#"  const [stored@N@, setStored@N@] = useState(() => window.localStorage.getItem(`@KEBAB@:${key}`));
  useEffect(() => {
    const onStorage = (event⟨: StorageEvent⟩) => {
      if (event.key === `@KEBAB@:${key}`) {
        setStored@N@(event.newValue);
      }
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [key]);"#,
];

fn render_hook(cx: &Cx, m: &Module, rng: &mut Rng) -> String {
    let ts = m.ts;
    let name = &m.symbol;
    let pascal = name.trim_start_matches("use").to_string();
    let kb = kebab(&pascal);
    let mut imp = Imports::default();
    imp.react.extend(["useEffect", "useMemo", "useState"]);
    let mut body: Vec<String> = Vec::new();
    let mut vars: Vec<String> = vec!["key".into()];
    let mut n = Counter(0);
    for &t in &m.imports {
        let t = &cx.modules[t];
        let spec = relative(&m.path, &t.path);
        let sym = &t.symbol;
        let v = lower_first(sym.strip_prefix("use").unwrap_or(sym));
        imp.relative.push(format!("import {{ {sym} }} from '{spec}';"));
        let var = match t.kind {
            Kind::Hook => {
                body.push(format!("  const {v}Result = {sym}(key);"));
                format!("{v}Result")
            }
            Kind::Store => {
                body.push(format!("  const {v}Items = {sym}((state) => state.items);"));
                format!("{v}Items")
            }
            Kind::Api => {
                imp.query.insert("useQuery");
                body.push(format!(
                    "  const {v}Query = useQuery({{\n    queryKey: ['{}', key],\n    queryFn: () => {sym}(key),\n    enabled: key.length > 0,\n  }});",
                    kebab(sym)
                ));
                format!("{v}Query")
            }
            Kind::Util => {
                body.push(format!("  const {v}Value = useMemo(() => {sym}(key), [key]);"));
                format!("{v}Value")
            }
            _ => {
                body.push(format!("  const {v}Known = {sym}.some((value) => key.includes(value));"));
                format!("{v}Known")
            }
        };
        vars.push(var);
    }
    for (req, sym, local) in &m.remote_imports {
        imp.remote.push(format!("import {{ {sym} as {local} }} from '{req}';"));
        let v = format!("{}Count", lower_first(&local[3..]));
        body.push(format!("  const {v} = {local}((state) => state.items.length);"));
        vars.push(v);
    }
    if cx.package.is_none() && rng.chance(0.4) {
        imp.query.insert("useQueryClient");
        body.push(format!(
            "  const queryClient = useQueryClient();\n  useEffect(() => {{\n    const onFocus = () => queryClient.invalidateQueries({{ queryKey: ['{kb}'] }});\n    window.addEventListener('focus', onFocus);\n    return () => window.removeEventListener('focus', onFocus);\n  }}, [queryClient]);"
        ));
    }
    if cx.package != Some("utils") && rng.chance(0.4) {
        let u = rng.pick_ref(&cx.libs.utils).clone();
        body.push(format!("  const formatted = {u}(key);"));
        vars.push("formatted".into());
        imp.packages.entry("@acme/utils".into()).or_default().insert(u);
    }
    let head = fill(
        r#"⟨export interface @PASCAL@Result {⟩
⟨  status: 'idle' | 'ready' | 'offline';⟩
⟨  data: Record<string, unknown>;⟩
⟨  updatedAt: number;⟩
⟨}⟩
⟨⟩
/**
 * @PASCAL@: state for the @KEBAB@ view, kept in sync with the network and the tab.
 */
export function @NAME@(key⟨: string⟩ = '@KEBAB@')⟨: @PASCAL@Result⟩ {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  const [updatedAt, setUpdatedAt] = useState(() => Date.now());
  useEffect(() => {
    const handleOnline = () => {
      setOnline(true);
      setUpdatedAt(Date.now());
    };
    const handleOffline = () => setOnline(false);
    window.addEventListener('online', handleOnline);
    window.addEventListener('offline', handleOffline);
    return () => {
      window.removeEventListener('online', handleOnline);
      window.removeEventListener('offline', handleOffline);
    };
  }, []);"#,
        &[("NAME", name), ("PASCAL", &pascal), ("KEBAB", &kb)],
        ts,
    );
    loop {
        let data = vars.join(", ");
        let foot = format!(
            "  const data = useMemo(() => ({{ {data} }}), [{data}]);\n  return {{ status: online ? 'ready' : 'offline', data, updatedAt }};\n}}"
        );
        let s = assemble(&[&imp.block(), &head, &body.join("\n"), &foot]);
        if s.lines().count() >= m.lines {
            return s;
        }
        let k = n.next();
        let pad = fill(rng.pick(HOOK_PADS), &[("N", &k), ("KEBAB", &kb)], ts);
        let var = pad
            .trim_start()
            .strip_prefix("const ")
            .map(|r| r.trim_start_matches('[').split([',', ' ', ']']).next().unwrap_or_default().to_string());
        body.push(pad);
        if let Some(v) = var {
            vars.push(v);
        }
    }
}

const STORE_PADS: &[(&str, &str, &str)] = &[
    // (interface member, initial value, action)
    (
        "  filter@N@: string;\n  setFilter@N@: (value: string) => void;",
        "  filter@N@: '',",
        "  setFilter@N@: (value) => set({ filter@N@: value.trim() }),",
    ),
    (
        "  pinned@N@: string[];\n  togglePinned@N@: (id: string) => void;",
        "  pinned@N@: [],",
        "  togglePinned@N@: (id) =>\n    set((state) => ({\n      pinned@N@: state.pinned@N@.includes(id)\n        ? state.pinned@N@.filter((entry) => entry !== id)\n        : [...state.pinned@N@, id],\n    })),",
    ),
    (
        "  page@N@: number;\n  nextPage@N@: () => void;\n  previousPage@N@: () => void;",
        "  page@N@: 0,",
        "  nextPage@N@: () => set((state) => ({ page@N@: state.page@N@ + 1 })),\n  previousPage@N@: () => set((state) => ({ page@N@: Math.max(0, state.page@N@ - 1) })),",
    ),
    (
        "  expanded@N@: Record<string, boolean>;\n  toggleExpanded@N@: (id: string) => void;\n  collapseAll@N@: () => void;",
        "  expanded@N@: {},",
        "  toggleExpanded@N@: (id) =>\n    set((state) => ({ expanded@N@: { ...state.expanded@N@, [id]: !state.expanded@N@[id] } })),\n  collapseAll@N@: () => set({ expanded@N@: {} }),",
    ),
    (
        "  lastError@N@: string | null;\n  fail@N@: (message: string) => void;\n  clearError@N@: () => void;",
        "  lastError@N@: null,",
        "  fail@N@: (message) => {\n    console.warn('[@KEBAB@]', message);\n    set({ lastError@N@: message, status: 'error' });\n  },\n  clearError@N@: () => set({ lastError@N@: null }),",
    ),
];

fn render_store(cx: &Cx, m: &Module, rng: &mut Rng) -> String {
    let ts = m.ts;
    let name = &m.symbol; // useOrderStore
    let pascal = name.trim_start_matches("use").to_string(); // OrderStore
    let state = format!("{}State", pascal.trim_end_matches("Store"));
    let item = format!("{}Item", pascal.trim_end_matches("Store"));
    let kb = kebab(&pascal);
    let mut imp = Imports { zustand: true, ..Imports::default() };
    let mut load: Vec<String> = Vec::new();
    let mut extra_exports: Vec<String> = Vec::new();
    for &t in &m.imports {
        let t = &cx.modules[t];
        let spec = relative(&m.path, &t.path);
        let sym = &t.symbol;
        imp.relative.push(format!("import {{ {sym} }} from '{spec}';"));
        match t.kind {
            Kind::Api => load.push(format!(
                "      const loaded = await {sym}('{kb}');\n      set({{\n        items: loaded.map((entry) => ({{ id: String(entry.id), label: String(entry.name), updatedAt: Date.now() }})),\n      }});"
            )),
            Kind::Util => extra_exports.push(format!(
                "\nexport const select{pascal}Label{} = (state⟨: {state}⟩) => {sym}(state.items.length);",
                extra_exports.len()
            )),
            _ => extra_exports.push(format!(
                "\nexport const is{pascal}Known{} = (value⟨: string⟩) => {sym}.some((entry) => entry === value);",
                extra_exports.len()
            )),
        }
    }
    let mut members: Vec<String> = Vec::new();
    let mut initial: Vec<String> = Vec::new();
    let mut actions: Vec<String> = Vec::new();
    let mut n = Counter(0);
    let vars = [("NAME", name.as_str()), ("STATE", state.as_str()), ("ITEM", item.as_str()), ("KEBAB", kb.as_str())];
    let head = fill(
        r#"⟨export interface @ITEM@ {⟩
⟨  id: string;⟩
⟨  label: string;⟩
⟨  updatedAt: number;⟩
⟨}⟩
⟨⟩
⟨export interface @STATE@ {⟩
⟨  items: @ITEM@[];⟩
⟨  selectedId: string | null;⟩
⟨  status: 'idle' | 'loading' | 'error';⟩"#,
        &vars,
        ts,
    );
    let head2 = fill(
        r#"⟨  select: (id: string | null) => void;⟩
⟨  upsert: (item: @ITEM@) => void;⟩
⟨  remove: (id: string) => void;⟩
⟨  load: () => Promise<void>;⟩
⟨  reset: () => void;⟩
⟨}⟩

// One store per page: created once, at module scope, when this module is first evaluated.
export const @NAME@ = create⟨<@STATE@>()⟩((set, get) => ({
  items: [],
  selectedId: null,
  status: 'idle',"#,
        &vars,
        ts,
    );
    let core_actions = fill(
        r#"  select: (id) => set({ selectedId: id }),
  upsert: (item) =>
    set((state) => ({
      items: state.items.some((existing) => existing.id === item.id)
        ? state.items.map((existing) => (existing.id === item.id ? item : existing))
        : [...state.items, item],
    })),
  remove: (id) =>
    set((state) => ({
      items: state.items.filter((item) => item.id !== id),
      selectedId: state.selectedId === id ? null : state.selectedId,
    })),
  load: async () => {
    if (get().status === 'loading') {
      return;
    }
    set({ status: 'loading' });
    try {
@LOAD@
      set({ status: 'idle' });
    } catch (error) {
      console.error('[@KEBAB@] load failed', error);
      set({ status: 'error' });
    }
  },
  reset: () => set({ items: [], selectedId: null, status: 'idle' }),"#,
        &[
            ("KEBAB", &kb),
            ("LOAD", &if load.is_empty() { "      await Promise.resolve();".to_string() } else { load.join("\n") }),
        ],
        ts,
    );
    let tail = fill(
        r#"}));

export const select@ITEM@Count = (state⟨: @STATE@⟩) => state.items.length;
export const selectSelected@ITEM@ = (state⟨: @STATE@⟩) =>
  state.items.find((item) => item.id === state.selectedId) ?? null;"#,
        &vars,
        ts,
    );
    let subscribe = rng.chance(0.5).then(|| {
        fill(
            r#"
// Persist the selection across reloads.
@NAME@.subscribe((state) => {
  try {
    window.sessionStorage.setItem('@KEBAB@:selected', state.selectedId ?? '');
  } catch {
    // storage may be unavailable (private mode)
  }
});"#,
            &vars,
            ts,
        )
    });
    loop {
        let mem = members.iter().map(|m| format!("⟨{}⟩", m.replace('\n', "⟩\n⟨"))).collect::<Vec<_>>().join("\n");
        let ex = extra_exports.iter().map(|e| ts_only(e, ts)).collect::<Vec<_>>().join("\n");
        let s = assemble(&[
            &imp.block(),
            &head,
            &ts_only(&mem, ts),
            &head2,
            &initial.join("\n"),
            &core_actions,
            &actions.join("\n"),
            &tail,
            &ex,
            subscribe.as_deref().unwrap_or_default(),
        ]);
        if s.lines().count() >= m.lines {
            return s;
        }
        let k = n.next();
        let (mm, ii, aa) = rng.pick(STORE_PADS);
        let pv = [("N", k.as_str()), ("KEBAB", kb.as_str())];
        members.push(fill(mm, &pv, true));
        initial.push(fill(ii, &pv, ts));
        actions.push(fill(aa, &pv, ts));
    }
}

const API_PADS: &[&str] = &[
    r#"
export async function @VERB@@NOUN@(id⟨: string⟩, input⟨: Partial<@NOUN@Dto>⟩ = {})⟨: Promise<@NOUN@Dto>⟩ {
  const response = await http.post(`${BASE}/${encodeURIComponent(id)}/@VERBKEBAB@`, input);
  return to@NOUN@(response);
}"#,
    r#"
export async function @VERB@@NOUN@(ids⟨: string[]⟩)⟨: Promise<number>⟩ {
  if (ids.length === 0) {
    return 0;
  }
  const response = await http.post(`${BASE}/@VERBKEBAB@`, { ids });
  return Number(response?.count ?? ids.length);
}"#,
    r#"
export async function @VERB@@NOUN@(id⟨: string⟩, options⟨: { signal?: AbortSignal }⟩ = {})⟨: Promise<@NOUN@Dto | null>⟩ {
  try {
    const response = await http.get(`${BASE}/${encodeURIComponent(id)}?action=@VERBKEBAB@`, options);
    return response ? to@NOUN@(response) : null;
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') {
      return null;
    }
    throw error;
  }
}"#,
];

fn render_api(cx: &Cx, m: &Module, rng: &mut Rng) -> String {
    let ts = m.ts;
    let name = &m.symbol;
    let noun = m.noun.clone();
    let base = kebab(&plural(&noun));
    let mut imp = Imports::default();
    let mut extra: Vec<String> = Vec::new();
    for &t in &m.imports {
        let t = &cx.modules[t];
        let spec = relative(&m.path, &t.path);
        let sym = &t.symbol;
        imp.relative.push(format!("import {{ {sym} }} from '{spec}';"));
        if t.symbol == "http" {
            continue;
        }
        extra.push(match t.kind {
            Kind::Util => format!("  const label = {sym}(dto.name);\n  void label;"),
            _ => format!("  if (!{sym}.length) {{\n    return dto;\n  }}"),
        });
    }
    if cx.package.is_none() {
        imp.packages.entry("@acme/api-client".into()).or_default().insert("http".into());
    }
    let vars = [("NAME", name.as_str()), ("NOUN", noun.as_str()), ("BASE", base.as_str())];
    let head = fill(
        r#"⟨export interface @NOUN@Dto {⟩
⟨  id: string;⟩
⟨  name: string;⟩
⟨  createdAt: string;⟩
⟨  total: number;⟩
⟨}⟩
⟨⟩
const BASE = '/api/@BASE@';

/** Lists the @BASE@ of an owner, newest first. */
export async function @NAME@(owner⟨: string⟩)⟨: Promise<@NOUN@Dto[]>⟩ {
  const search = new URLSearchParams({ owner, sort: '-createdAt' });
  const response = await http.get(`${BASE}?${search}`);
  const items = Array.isArray(response?.items) ? response.items : [];
  return items.map(to@NOUN@);
}

function to@NOUN@(raw⟨: any⟩)⟨: @NOUN@Dto⟩ {
  const dto = {
    id: String(raw.id),
    name: typeof raw.name === 'string' ? raw.name : '',
    createdAt: raw.created_at ?? new Date(0).toISOString(),
    total: Number(raw.total ?? 0),
  };"#,
        &vars,
        ts,
    );
    let mut pads: Vec<String> = Vec::new();
    let mut used = Names::default();
    loop {
        let s = assemble(&[&imp.block(), &head, &extra.join("\n"), "  return dto;\n}", &pads.join("\n")]);
        if s.lines().count() >= m.lines {
            return s;
        }
        let verb = used.unique(rng.pick(API_VERBS).to_string());
        let pv = [("VERB", verb.as_str()), ("VERBKEBAB", &kebab(&verb)), ("NOUN", noun.as_str())];
        pads.push(fill(rng.pick(API_PADS), &pv, ts));
    }
}

const UTIL_PADS: &[&str] = &[
    r#"
export function sum@NOUN@Values@N@(items⟨: ReadonlyArray<{ value: number; weight?: number }>⟩)⟨: number⟩ {
  let total = 0;
  for (const item of items) {
    if (!Number.isFinite(item.value)) {
      continue;
    }
    total += item.value * (item.weight ?? 1);
  }
  return Math.round(total * 100) / 100;
}"#,
    r#"
export function describe@NOUN@Code@N@(code⟨: string⟩)⟨: string⟩ {
  switch (code) {
    case 'draft':
      return 'Draft';
    case 'pending':
      return 'Waiting for review';
    case 'active':
      return 'Active';
    case 'archived':
      return 'Archived';
    default:
      return code.replace(/[-_]/g, ' ');
  }
}"#,
    r#"
export function bucket@NOUN@Items@N@⟨<T extends { id: string; group?: string }>⟩(items⟨: T[]⟩)⟨: Map<string, T[]>⟩ {
  const groups = new Map⟨<string, T[]>⟩();
  for (const item of items) {
    const key = item.group ?? 'other';
    const bucket = groups.get(key);
    if (bucket) {
      bucket.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}"#,
    r#"
export function order@NOUN@Entries@N@(a⟨: { name: string; updatedAt?: number }⟩, b⟨: { name: string; updatedAt?: number }⟩)⟨: number⟩ {
  const byDate = (b.updatedAt ?? 0) - (a.updatedAt ?? 0);
  if (byDate !== 0) {
    return byDate;
  }
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}"#,
];

fn render_util(cx: &Cx, m: &Module, rng: &mut Rng) -> String {
    let ts = m.ts;
    let mut imp = Imports::default();
    let mut uses: Vec<String> = Vec::new();
    for &t in &m.imports {
        let t = &cx.modules[t];
        let spec = relative(&m.path, &t.path);
        let sym = &t.symbol;
        imp.relative.push(format!("import {{ {sym} }} from '{spec}';"));
        uses.push(match t.kind {
            Kind::Util if t.symbol == "http" => "  void http;".to_string(),
            Kind::Util => format!(
                "  const {}Text = {sym}(text);\n  if ({}Text !== text) {{\n    return {}Text;\n  }}",
                lower_first(sym),
                lower_first(sym),
                lower_first(sym)
            ),
            _ => format!("  if ({sym}.some((entry) => text === entry)) {{\n    return text;\n  }}"),
        });
    }
    let head = fill(
        r#"/**
 * Formats a value of the @KEBAB@ domain for display: empty values become the
 * fallback, numbers are grouped, long text is cut with an ellipsis.
 */
export function @NAME@(value⟨: unknown⟩, options⟨: { fallback?: string; max?: number }⟩ = {})⟨: string⟩ {
  const { fallback = '—', max = 48 } = options;
  if (value === null || value === undefined || value === '') {
    return fallback;
  }
  const text = typeof value === 'number' ? value.toLocaleString('en-US') : String(value).trim();"#,
        &[("NAME", &m.symbol), ("KEBAB", &kebab(&m.noun))],
        ts,
    );
    let mut pads: Vec<String> = Vec::new();
    let mut n = Counter(0);
    loop {
        let s = assemble(&[
            &imp.block(),
            &head,
            &uses.join("\n"),
            "  return text.length > max ? `${text.slice(0, max - 1)}…` : text;\n}",
            &pads.join("\n"),
        ]);
        if s.lines().count() >= m.lines {
            return s;
        }
        let k = n.next();
        pads.push(fill(rng.pick(UTIL_PADS), &[("N", &k), ("NOUN", &m.noun)], ts));
    }
}

fn render_types(cx: &Cx, m: &Module, rng: &mut Rng) -> String {
    let ts = m.ts;
    let noun = &m.noun;
    let mut imp = Imports::default();
    let mut extra: Vec<String> = Vec::new();
    for &t in &m.imports {
        let t = &cx.modules[t];
        let spec = relative(&m.path, &t.path);
        let sym = &t.symbol;
        imp.relative.push(format!("import {{ {sym} }} from '{spec}';"));
        extra.push(format!("export const {}_AND_{sym} = [...{}, ...{sym}];", m.symbol, m.symbol));
    }
    const VALUES: &[&str] =
        &["draft", "pending", "active", "paused", "archived", "deleted", "review", "approved", "rejected", "expired"];
    let k = rng.range(3, 7);
    let values = (0..k).map(|i| format!("'{}'", VALUES[(i + m.lines) % VALUES.len()])).collect::<Vec<_>>().join(", ");
    let head = fill(
        r#"export const @SYM@ = [@VALUES@]⟨ as const⟩;
⟨export type @NOUN@Value = (typeof @SYM@)[number];⟩
⟨⟩
⟨export interface @NOUN@Record {⟩
⟨  id: string;⟩
⟨  kind: @NOUN@Value;⟩
⟨  title: string;⟩
⟨  createdAt: string;⟩
⟨  updatedAt?: string;⟩
⟨  tags: readonly string[];⟩
⟨}⟩
/** @typedef {{ id: string, kind: string, title: string }} @NOUN@Record */

export function is@NOUN@Value(value⟨: unknown⟩)⟨: value is @NOUN@Value⟩ {
  return typeof value === 'string' && (@SYM@⟨ as readonly string[]⟩).includes(value);
}"#,
        &[("SYM", &m.symbol), ("NOUN", noun), ("VALUES", &values)],
        ts,
    );
    let mut pads: Vec<String> = Vec::new();
    let mut n = Counter(0);
    loop {
        let x = if extra.is_empty() { String::new() } else { format!("\n{}", extra.join("\n")) };
        let s = assemble(&[&imp.block(), &head, &x, &pads.join("\n")]);
        if s.lines().count() >= m.lines {
            return s;
        }
        let k = n.next();
        let block = if ts {
            format!(
                "\nexport interface {noun}Page{k} {{\n  items: {noun}Record[];\n  total: number;\n  cursor: string | null;\n  filters: {{\n    kind?: {noun}Value;\n    query?: string;\n    from?: string;\n    to?: string;\n  }};\n}}"
            )
        } else {
            format!(
                "\n/**\n * @typedef {{object}} {noun}Page{k}\n * @property {{{noun}Record[]}} items\n * @property {{number}} total\n * @property {{string | null}} cursor\n */\nexport const {}_PAGE_SIZE_{k} = {};",
                m.symbol,
                10 * (pads.len() + 1)
            )
        };
        pads.push(block);
    }
}

fn render_module(cx: &Cx, m: &Module, rng: &mut Rng) -> String {
    match m.kind {
        Kind::Page | Kind::Feature | Kind::Component => render_component(cx, m, rng),
        Kind::Hook => render_hook(cx, m, rng),
        Kind::Store => render_store(cx, m, rng),
        Kind::Api => render_api(cx, m, rng),
        Kind::Util if m.symbol == "http" => HTTP.to_string(),
        Kind::Util => render_util(cx, m, rng),
        Kind::Types => render_types(cx, m, rng),
    }
}

const HTTP: &str = r#"export class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

async function request(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<any> {
  const response = await fetch(url, {
    method,
    signal: options.signal,
    credentials: 'include',
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new HttpError(response.status, `${method} ${url} failed with ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

export const http = {
  get: (url: string, options?: RequestOptions) => request('GET', url, undefined, options),
  post: (url: string, body?: unknown, options?: RequestOptions) => request('POST', url, body, options),
  put: (url: string, body?: unknown, options?: RequestOptions) => request('PUT', url, body, options),
  delete: (url: string, options?: RequestOptions) => request('DELETE', url, undefined, options),
};
"#;

// ---------------------------------------------------------------------------
// files

const VERSIONS: [(&str, &str, &str); 4] = [
    // (package, installed version, lockfile version of its importer entry)
    ("@tanstack/react-query", "5.108.0", "5.108.0(react@19.3.1)"),
    ("react", "19.3.1", "19.3.1"),
    ("react-dom", "19.3.1", "19.3.1(react@19.3.1)"),
    ("zustand", "5.1.0", "5.1.0(react@19.3.1)"),
];

fn root_files(out: &mut BTreeMap<String, String>, apps: &[App]) {
    out.insert(
        "package.json".into(),
        r#"{
  "name": "acme-platform",
  "private": true,
  "version": "0.0.0",
  "description": "Generated by `cargo xtask gen-workspace`: a Module Federation monorepo for fedscope's benchmarks.",
  "packageManager": "pnpm@10.34.9",
  "scripts": {
    "build": "pnpm -r --filter ./apps/* build",
    "check": "fedscope check ."
  },
  "devDependencies": {
    "@module-federation/runtime-tools": "2.9.3",
    "@rspack/core": "2.3.3",
    "@swc/helpers": "0.5.24"
  }
}
"#
        .into(),
    );
    out.insert("pnpm-workspace.yaml".into(), "packages:\n  - apps/*\n  - packages/*\n".into());
    out.insert(
        "README.md".into(),
        format!(
            "# acme-platform\n\nGenerated by `cargo xtask gen-workspace` (fedscope's benchmark workload): {} apps ({} hosts) and\nfour workspace packages. Regenerate rather than edit.\n",
            apps.len(),
            apps.iter().filter(|a| a.host).count()
        ),
    );
    out.insert("pnpm-lock.yaml".into(), lockfile(apps));
}

fn lockfile(apps: &[App]) -> String {
    let mut s = String::from(
        "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n    devDependencies:\n      '@module-federation/runtime-tools':\n        specifier: 2.9.3\n        version: 2.9.3\n      '@rspack/core':\n        specifier: 2.3.3\n        version: 2.3.3(@module-federation/runtime-tools@2.9.3)(@swc/helpers@0.5.24)\n      '@swc/helpers':\n        specifier: 0.5.24\n        version: 0.5.24\n",
    );
    let mut importers: BTreeMap<String, String> = BTreeMap::new();
    for a in apps {
        let mut e = String::from("    dependencies:\n");
        for p in PACKAGES_SORTED {
            e.push_str(&format!(
                "      '@acme/{p}':\n        specifier: workspace:*\n        version: link:../../packages/{p}\n"
            ));
        }
        for (name, version, locked) in VERSIONS {
            let key = if name.starts_with('@') { format!("'{name}'") } else { name.to_string() };
            e.push_str(&format!(
                "      {key}:\n        specifier: {}\n        version: {locked}\n",
                spec_of(a, version)
            ));
        }
        importers.insert(format!("apps/{}", a.name), e);
    }
    for p in PACKAGES {
        let mut e = String::new();
        let workspace: &[&str] = match p {
            "ui" => &["hooks", "utils"],
            "hooks" => &["utils"],
            _ => &[],
        };
        if !workspace.is_empty() {
            e.push_str("    dependencies:\n");
            for w in workspace {
                e.push_str(&format!(
                    "      '@acme/{w}':\n        specifier: workspace:*\n        version: link:../{w}\n"
                ));
            }
        }
        if matches!(p, "ui" | "hooks") {
            e.push_str("    devDependencies:\n      react:\n        specifier: 19.3.1\n        version: 19.3.1\n");
        }
        importers.insert(format!("packages/{p}"), e);
    }
    for (k, v) in importers {
        if v.is_empty() {
            s.push_str(&format!("\n  {k}: {{}}\n"));
        } else {
            s.push_str(&format!("\n  {k}:\n{v}"));
        }
    }
    s.push_str(LOCK_PACKAGES);
    s
}

/// The specifier an app's package.json writes for a dependency: most a caret range, some exact.
fn spec_of(a: &App, version: &str) -> String {
    if a.port % 7 == 3 { version.to_string() } else { format!("^{version}") }
}

fn package_files(out: &mut BTreeMap<String, String>, p: &Package, libs: &Libs, rng: &mut Rng) {
    let dir = format!("packages/{}", p.name);
    let deps: &[&str] = match p.name {
        "ui" => &["hooks", "utils"],
        "hooks" => &["utils"],
        _ => &[],
    };
    let mut pj = format!(
        "{{\n  \"name\": \"@acme/{}\",\n  \"version\": \"1.{}.0\",\n  \"private\": true,\n  \"type\": \"module\",\n  \"main\": \"./src/index.ts\",\n  \"exports\": {{\n    \".\": \"./src/index.ts\"\n  }}",
        p.name,
        p.modules.len()
    );
    if !deps.is_empty() {
        let d = deps.iter().map(|d| format!("    \"@acme/{d}\": \"workspace:*\"")).collect::<Vec<_>>().join(",\n");
        pj.push_str(&format!(",\n  \"dependencies\": {{\n{d}\n  }}"));
    }
    if matches!(p.name, "ui" | "hooks") {
        pj.push_str(",\n  \"peerDependencies\": {\n    \"react\": \"^19.0.0\"\n  },\n  \"devDependencies\": {\n    \"react\": \"19.3.1\"\n  }");
    }
    pj.push_str("\n}\n");
    out.insert(format!("{dir}/package.json"), pj);
    out.insert(format!("{dir}/tsconfig.json"), TSCONFIG.into());
    let cx = Cx { modules: &p.modules, libs, package: Some(p.name) };
    let mut index = String::from("// The package's public surface.\n");
    for m in &p.modules {
        out.insert(format!("{dir}/{}", m.path), render_module(&cx, m, rng));
        let stem = m.path.trim_start_matches("src/").rsplit_once('.').map(|x| x.0).unwrap_or_default();
        index.push_str(&format!("export * from './{stem}';\n"));
    }
    out.insert(format!("{dir}/src/index.ts"), index);
}

const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "jsx": "react-jsx",
    "strict": true,
    "allowJs": true,
    "noEmit": true,
    "skipLibCheck": true
  },
  "include": ["src"]
}
"#;

fn app_files(out: &mut BTreeMap<String, String>, a: &App, apps: &[App], libs: &Libs, rng: &mut Rng) {
    let dir = format!("apps/{}", a.name);
    let x = if a.ts { "tsx" } else { "jsx" };
    let tool = match a.form {
        Form::RspackObject | Form::RspackHelper => "rspack",
        _ => "webpack",
    };
    // package.json
    let mut deps: Vec<String> = PACKAGES_SORTED.iter().map(|p| format!("    \"@acme/{p}\": \"workspace:*\"")).collect();
    for (name, version, _) in VERSIONS {
        deps.push(format!("    \"{name}\": \"{}\"", spec_of(a, version)));
    }
    let build = if tool == "rspack" { "rspack build" } else { "webpack --mode production" };
    let serve = if tool == "rspack" { "rspack serve" } else { "webpack serve --mode development" };
    out.insert(
        format!("{dir}/package.json"),
        format!(
            "{{\n  \"name\": \"@acme/{}\",\n  \"version\": \"1.{}.0\",\n  \"private\": true,\n  \"scripts\": {{\n    \"build\": \"{build}\",\n    \"start\": \"{serve}\"\n  }},\n  \"dependencies\": {{\n{}\n  }}\n}}\n",
            a.name,
            a.port % 17,
            deps.join(",\n")
        ),
    );
    if a.ts {
        out.insert(format!("{dir}/tsconfig.json"), TSCONFIG.into());
    }
    out.insert(
        format!("{dir}/public/index.html"),
        format!(
            "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    <title>{}</title>\n  </head>\n  <body>\n    <div id=\"root\"></div>\n  </body>\n</html>\n",
            a.name
        ),
    );
    out.insert(format!("{dir}/{tool}.config.js"), config(a, apps));
    // the fixed modules
    out.insert(
        format!("{dir}/src/index.js"),
        "// The async boundary: the share scope is initialised before anything shared is imported.\nimport('./bootstrap');\n".into(),
    );
    out.insert(format!("{dir}/src/bootstrap.{x}"), ts_only(BOOTSTRAP, a.ts));
    out.insert(format!("{dir}/src/queryClient.{}", if a.ts { "ts" } else { "js" }), ts_only(QUERY_CLIENT, a.ts));
    out.insert(format!("{dir}/src/components/ErrorBoundary.{x}"), ts_only(ERROR_BOUNDARY, a.ts));
    if !a.remotes.is_empty() {
        let mut r = String::from(
            "// Every remote module is declared once, at module scope, and rendered inside an ErrorBoundary.\nimport { lazy } from 'react';\n\n",
        );
        for &i in &a.remotes {
            let name = &apps[i].name;
            let pascal = pascal(name);
            r.push_str(&format!("export const {pascal}Widget = lazy(() => import('{name}/Widget'));\n"));
            if a.host {
                r.push_str(&format!("export const {pascal}Page = lazy(() => import('{name}/Page'));\n"));
            }
        }
        out.insert(format!("{dir}/src/remotes.{}", if a.ts { "ts" } else { "js" }), r);
    }
    out.insert(format!("{dir}/src/App.{x}"), app_module(a, apps));
    let cx = Cx { modules: &a.modules, libs, package: None };
    for m in &a.modules {
        out.insert(format!("{dir}/{}", m.path), render_module(&cx, m, rng));
    }
}

fn pascal(name: &str) -> String {
    let mut c = name.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

const BOOTSTRAP: &str = r#"import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import App from './App';
import { queryClient } from './queryClient';

const container = document.getElementById('root');
if (!container) {
  throw new Error('#root is missing from index.html');
}

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
"#;

const QUERY_CLIENT: &str = r#"// The app's QueryClient: one per page load, created at module scope.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60 * 1000,
      gcTime: 5 * 60 * 1000,
      refetchOnWindowFocus: false,
      retry: (failureCount⟨: number⟩, error⟨: unknown⟩) => failureCount < 2 && !(error instanceof TypeError),
    },
    mutations: {
      retry: false,
    },
  },
});
"#;

const ERROR_BOUNDARY: &str = r#"import { Component, Suspense } from 'react';
⟨import type { ErrorInfo, ReactNode } from 'react';⟩

⟨interface Props {⟩
⟨  name: string;⟩
⟨  children?: ReactNode;⟩
⟨}⟩

⟨interface State {⟩
⟨  error: Error | null;⟩
⟨}⟩

/** Catches what a remote throws while it loads or renders, so one remote cannot blank the page. */
export class ErrorBoundary extends Component⟨<Props, State>⟩ {
  state⟨: State⟩ = { error: null };

  static getDerivedStateFromError(error⟨: Error⟩)⟨: State⟩ {
    return { error };
  }

  componentDidCatch(error⟨: Error⟩, info⟨: ErrorInfo⟩) {
    console.error(`[${this.props.name}] failed`, error, info.componentStack);
  }

  render() {
    const { name, children } = this.props;
    if (this.state.error) {
      return (
        <section role="alert" data-testid={`boundary-${name}`}>
          <p>
            {name} is unavailable: {String(this.state.error.message)}
          </p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Retry
          </button>
        </section>
      );
    }
    return <Suspense fallback={<section aria-busy>Loading {name}…</section>}>{children}</Suspense>;
  }
}
"#;

fn app_module(a: &App, apps: &[App]) -> String {
    let pages: Vec<&Module> = a.modules.iter().filter(|m| m.kind == Kind::Page).collect();
    let mut s = String::from(
        "import { useEffect, useState } from 'react';\nimport { ErrorBoundary } from './components/ErrorBoundary';\n",
    );
    let remote_names: Vec<String> = a.remotes.iter().map(|&i| pascal(&apps[i].name)).collect();
    if !remote_names.is_empty() {
        let mut names: Vec<String> = remote_names.iter().map(|n| format!("{n}Widget")).collect();
        if a.host {
            names.extend(remote_names.iter().map(|n| format!("{n}Page")));
        }
        s.push_str(&format!("import {{ {} }} from './remotes';\n", names.join(", ")));
    }
    for p in &pages {
        s.push_str(&format!("import {{ {} }} from '{}';\n", p.symbol, relative("src/App.x", &p.path)));
    }
    s.push_str("\nconst PAGES = {\n");
    for p in &pages {
        s.push_str(&format!("  '{}': {},\n", kebab(p.symbol.trim_end_matches("Page")), p.symbol));
    }
    if a.host {
        for (i, n) in remote_names.iter().enumerate() {
            s.push_str(&format!("  '{}/page': {n}Page,\n", apps[a.remotes[i]].name));
        }
    }
    s.push_str("};\n\n");
    let first = pages.first().map(|p| kebab(p.symbol.trim_end_matches("Page"))).unwrap_or_default();
    s.push_str(&ts_only(
        &format!(
            r#"function currentRoute()⟨: keyof typeof PAGES⟩ {{
  const route = window.location.hash.slice(1);
  return (route in PAGES ? route : '{first}')⟨ as keyof typeof PAGES⟩;
}}

export default function App() {{
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {{
    const onHashChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }}, []);
  const Page = PAGES[route];
  return (
    <div className="app app--{name}">
      <nav className="app__nav">
        {{Object.keys(PAGES).map((key) => (
          <a key={{key}} href={{`#${{key}}`}} aria-current={{key === route ? 'page' : undefined}}>
            {{key}}
          </a>
        ))}}
      </nav>
"#,
            name = a.name
        ),
        a.ts,
    ));
    if !remote_names.is_empty() {
        s.push_str("      <aside className=\"app__remotes\">\n");
        for (i, n) in remote_names.iter().enumerate() {
            s.push_str(&format!(
                "        <ErrorBoundary name=\"{}\">\n          <{n}Widget />\n        </ErrorBoundary>\n",
                apps[a.remotes[i]].name
            ));
        }
        s.push_str("      </aside>\n");
    }
    s.push_str("      <main>\n        <ErrorBoundary name={route}>\n          <Page />\n        </ErrorBoundary>\n      </main>\n    </div>\n  );\n}\n");
    s
}

fn config(a: &App, apps: &[App]) -> String {
    let remotes: Vec<String> = a
        .remotes
        .iter()
        .map(|&i| {
            let r = &apps[i];
            format!("        {}: '{}@http://localhost:{}/remoteEntry.js',", r.name, r.name, r.port)
        })
        .collect();
    let ext_widget = &a.modules[a.widget].path;
    let mut exposes: Vec<String> = Vec::new();
    if !a.host {
        exposes.push(format!("        './Widget': './{ext_widget}',"));
        exposes.push(format!("        './Page': './{}',", a.modules[a.page].path));
        if let Some(s) = a.store {
            exposes.push(format!("        './store': './{}',", a.modules[s].path));
        }
    }
    let block = |name: &str, items: &[String]| -> String {
        if items.is_empty() { String::new() } else { format!("      {name}: {{\n{}\n      }},\n", items.join("\n")) }
    };
    let dep_shared = "      shared: {\n        react: { singleton: true, requiredVersion: deps.react },\n        'react/jsx-runtime': { singleton: true, requiredVersion: deps.react },\n        'react-dom': { singleton: true, requiredVersion: deps['react-dom'] },\n        'react-dom/client': { singleton: true, requiredVersion: deps['react-dom'] },\n        zustand: { singleton: true, requiredVersion: deps.zustand },\n        '@tanstack/react-query': { singleton: true, requiredVersion: deps['@tanstack/react-query'] },\n      },\n";
    let swc = "  module: {\n    rules: [\n      {\n        test: /\\.[jt]sx?$/,\n        exclude: /node_modules/,\n        loader: 'builtin:swc-loader',\n        options: {\n          jsc: {\n            parser: { syntax: 'typescript', tsx: true },\n            transform: { react: { runtime: 'automatic' } },\n          },\n        },\n      },\n    ],\n  },\n";
    let mf = |plugin: &str, shared: &str| -> String {
        format!(
            "    new {plugin}({{\n      name: '{}',\n      filename: 'remoteEntry.js',\n{}{}{shared}    }}),\n",
            a.name,
            block("exposes", &exposes),
            block("remotes", &remotes)
        )
    };
    match a.form {
        Form::RspackObject => format!(
            "// @ts-check\nconst path = require('node:path');\nconst {{ rspack }} = require('@rspack/core');\nconst deps = require('./package.json').dependencies;\n\n/** @type {{import('@rspack/core').Configuration}} */\nmodule.exports = {{\n  mode: 'production',\n  context: __dirname,\n  entry: './src/index.js',\n  output: {{\n    path: path.resolve(__dirname, 'dist'),\n    publicPath: 'http://localhost:{port}/',\n    clean: true,\n  }},\n  resolve: {{ extensions: ['.tsx', '.ts', '.jsx', '.js'] }},\n  devServer: {{ port: {port}, historyApiFallback: true }},\n{swc}  plugins: [\n    new rspack.HtmlRspackPlugin({{ template: './public/index.html' }}),\n{}  ],\n}};\n",
            mf("rspack.container.ModuleFederationPlugin", dep_shared),
            port = a.port
        ),
        Form::RspackHelper => format!(
            "const path = require('node:path');\nconst {{ ModuleFederationPlugin }} = require('@rspack/core').container;\nconst {{ dependencies }} = require('./package.json');\n\n// Every stateful library is a singleton at the version this app declares.\nfunction singletons(names) {{\n  const shared = {{}};\n  names.forEach((name) => {{\n    const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];\n    shared[name] = {{ singleton: true, requiredVersion: dependencies[pkg] }};\n  }});\n  return shared;\n}}\n\nmodule.exports = {{\n  mode: 'production',\n  entry: './src/index.js',\n  output: {{ path: path.resolve(__dirname, 'dist'), publicPath: 'auto', clean: true }},\n  resolve: {{ extensions: ['.tsx', '.ts', '.jsx', '.js'] }},\n  devServer: {{ port: {port} }},\n{swc}  plugins: [\n{}  ],\n}};\n",
            mf(
                "ModuleFederationPlugin",
                "      shared: singletons(['react', 'react/jsx-runtime', 'react-dom', 'react-dom/client', 'zustand', '@tanstack/react-query']),\n",
            ),
            port = a.port
        ),
        Form::WebpackObject => format!(
            "const path = require('path');\nconst {{ ModuleFederationPlugin }} = require('webpack').container;\n\nconst shared = {{\n  react: {{ singleton: true, requiredVersion: '^19.0.0' }},\n  'react/jsx-runtime': {{ singleton: true, requiredVersion: '^19.0.0' }},\n  'react-dom': {{ singleton: true, requiredVersion: '^19.0.0' }},\n  'react-dom/client': {{ singleton: true, requiredVersion: '^19.0.0' }},\n  zustand: {{ singleton: true, requiredVersion: '^5.0.0' }},\n  '@tanstack/react-query': {{ singleton: true, requiredVersion: '^5.100.0' }},\n}};\n\nmodule.exports = {{\n  mode: 'production',\n  entry: './src/index.js',\n  output: {{ path: path.resolve(__dirname, 'dist'), publicPath: 'http://localhost:{port}/' }},\n  resolve: {{ extensions: ['.tsx', '.ts', '.jsx', '.js'] }},\n  module: {{\n    rules: [{{ test: /\\.[jt]sx?$/, exclude: /node_modules/, use: 'babel-loader' }}],\n  }},\n  devServer: {{ port: {port} }},\n  plugins: [\n{}  ],\n}};\n",
            mf("ModuleFederationPlugin", "      shared,\n"),
            port = a.port
        ),
        Form::WebpackFunction => format!(
            "const path = require('path');\nconst webpack = require('webpack');\nconst deps = require('./package.json').dependencies;\n\nmodule.exports = (env = {{}}, argv = {{}}) => ({{\n  mode: argv.mode || 'production',\n  entry: './src/index.js',\n  devtool: argv.mode === 'development' ? 'eval-source-map' : false,\n  output: {{ path: path.resolve(__dirname, 'dist'), publicPath: 'auto' }},\n  resolve: {{ extensions: ['.tsx', '.ts', '.jsx', '.js'] }},\n  module: {{\n    rules: [{{ test: /\\.[jt]sx?$/, exclude: /node_modules/, use: 'babel-loader' }}],\n  }},\n  devServer: {{ port: {port}, hot: !env.production }},\n  plugins: [\n{}  ],\n}});\n",
            mf("webpack.container.ModuleFederationPlugin", dep_shared),
            port = a.port
        ),
    }
}

/// The lockfile's `packages:` and `snapshots:`, as in examples/shop/pnpm-lock.yaml
/// (the same versions, so the same resolutions), less what only the shop uses.
const LOCK_PACKAGES: &str = r#"
packages:

  '@emnapi/core@2.0.0-beta.3':
    resolution: {integrity: sha512-KA+gOBtbifRATmUa/Gpf5C2B2EJ0r4brHUT3XSgACeHREcuiObXH56xd+B3fFsEFbUT04VBEe6MuZiCtMp0tQg==}

  '@emnapi/runtime@2.0.0-beta.3':
    resolution: {integrity: sha512-ayb/PyyLzpwRyFVxeC0uoEHu59QlB1iWGcGsOpXQcaB/Dc+uGfBmNmpCHp3HmTT0t8lSsMmg3j7+tdJW/TlHjQ==}

  '@emnapi/wasi-threads@2.2.0':
    resolution: {integrity: sha512-JP7OYH38Q7+pyTAe14raZHLQIK7BDKbdwji+Xi3pcd/6QkJYQH3SX4wu6EplGrGJWRepoNzedfm0G3B9Z4e9Rw==}

  '@module-federation/error-codes@2.9.3':
    resolution: {integrity: sha512-sXWo6XHOFKC1Dcu9DcSA1okZjtIz2y3uM+NJrAoSpeZ9QSPXielkMWT5PtG7MqGE3OQ+/HDawiLK53IOi3NHcQ==}

  '@module-federation/runtime-core@2.9.3':
    resolution: {integrity: sha512-E6AjfIWFgZOEATxf+GzBIg54Ejp7QFNTxtVzwnnhEEu01dErBo7qLjJvEPXGiN5sJTNf2a4HIW/wZTM23skouQ==}

  '@module-federation/runtime-tools@2.9.3':
    resolution: {integrity: sha512-TGvMRiPAo1h0JCDluSAK90iPbjtGP/+SUDtndseDg6dIXMfcPEKrGJo4HS4waWN+34NDEf5Mn4ixF2F3Jer1pg==}

  '@module-federation/runtime@2.9.3':
    resolution: {integrity: sha512-VCJV1VzKk+jvt+1CcTrslbl3LAKScHFpPxKSviafpMIqeHDWIDEY7ZEbVVJl/GuUjA36R7j0QhOPEjihPcz9/A==}

  '@module-federation/sdk@2.9.3':
    resolution: {integrity: sha512-cT5ko/JDzGrKe8N+MFPgwb07G8fzmpnZbKZjGjXvT9phagQpiOfV6WQZhu1j+HtO152Frv1vjv/1Hhg2wMUL8g==}

  '@module-federation/webpack-bundler-runtime@2.9.3':
    resolution: {integrity: sha512-SdoOmG85OE7zpX3PUrvckR5GuCVT+Mak340getX6D5ALXsCxM2uU7nrYV9BFfjaRq1c4qlcU1cBfP/dHR06J7Q==}

  '@napi-rs/wasm-runtime@1.2.7':
    resolution: {integrity: sha512-zJccwplOAbgfZju95IUHazLnx9RAPtPN2YGJXI6UbrgeaR9QfPjGrQL6ERkSAtnVCA4Q+83ApGyaX5zdpCaKkQ==}
    engines: {node: ^20.19.0 || ^22.13.0 || >=23.5.0}
    peerDependencies:
      '@emnapi/core': ^1.7.1 || 2.0.0-beta.2 || 2.0.0-beta.3
      '@emnapi/runtime': ^1.7.1 || 2.0.0-beta.2 || 2.0.0-beta.3

  '@rspack/binding-darwin-arm64@2.3.3':
    resolution: {integrity: sha512-G9WcBOP/6ZWeqTM/G0/rkJRY4DWmYQvk2untzcpj92uO12tqjZ9BSMgtBFvwElwagfQBkX8PPutkAZgtnlAoWA==}
    cpu: [arm64]
    os: [darwin]

  '@rspack/binding-darwin-x64@2.3.3':
    resolution: {integrity: sha512-6agI5XDoihay+84vzZgIwwpQQ3xBWbe2HTWBRc0n42LzynIj9h7Qv8CJzf1gSDV1Ts0jzDgAJCYUFJ6Ya5F6MA==}
    cpu: [x64]
    os: [darwin]

  '@rspack/binding-linux-arm64-gnu@2.3.3':
    resolution: {integrity: sha512-VdjK1mDq+GBexd041lmWBFmAvcWIZy7kepTJbJgxLeHYYOnI3KmBG15kemhlK0pBySa+bePX7p2w8uYtl1HsCA==}
    cpu: [arm64]
    os: [linux]
    libc: [glibc]

  '@rspack/binding-linux-arm64-musl@2.3.3':
    resolution: {integrity: sha512-xF4Wy4XwGjC3m13tFm1q9p9Qpm31qrk6f5zEMPZC31UVabb+2jrgTI1pfZ8IRuo9x/Qw9s+Zq3hyDbtJvvD8Pg==}
    cpu: [arm64]
    os: [linux]
    libc: [musl]

  '@rspack/binding-linux-ppc64-gnu@2.3.3':
    resolution: {integrity: sha512-jVmn+LpF44D4FdZyT91rlT/tPMdHIfPfQTgVzwPB5nDICp4b57SFjVBApuAPIxnLT1pKLkv/LIcdvGSdAeX12w==}
    cpu: [ppc64]
    os: [linux]
    libc: [glibc]

  '@rspack/binding-linux-riscv64-gnu@2.3.3':
    resolution: {integrity: sha512-JcQJm8M634jkbG6zJ3TfziKYsCINEAh3FwKuxLljvBgGDEupBxPuB0n2bXBIUeI8P9C33B45IYX6BwWYXll/zw==}
    cpu: [riscv64]
    os: [linux]
    libc: [glibc]

  '@rspack/binding-linux-riscv64-musl@2.3.3':
    resolution: {integrity: sha512-YMIOS7rFvCDnpeyxoVEVbM7U/TwcC2VDtN3Oiq9BenRsNTEvk0imINhuVRFanh15+wkiQHk9h0b+pzcggYLAsA==}
    cpu: [riscv64]
    os: [linux]
    libc: [musl]

  '@rspack/binding-linux-s390x-gnu@2.3.3':
    resolution: {integrity: sha512-tHGtIG6GGHsk2KvSleQp/BrVqiGdjDsLJuMKR7hE7W1uJW6WDJ+a+Z23Rk5kHXh5BjeFLjXxcufGuokvmLmTag==}
    cpu: [s390x]
    os: [linux]
    libc: [glibc]

  '@rspack/binding-linux-x64-gnu@2.3.3':
    resolution: {integrity: sha512-spe8SjywfO+dD7Sk+vIpPaOXf56wstrgeuztfJdiI9zTeQmf/lhdaNUUSUAXlGIaLjrN/PhV8i5kbQ7VaAkenw==}
    cpu: [x64]
    os: [linux]
    libc: [glibc]

  '@rspack/binding-linux-x64-musl@2.3.3':
    resolution: {integrity: sha512-4E4OJodrmsS52zkSAWShG/F07etr0OG4oSrIN+/2BBgc0qR2wwu2T+rAs308IL3lbywlS+J+cynrRcsSFMD+Kg==}
    cpu: [x64]
    os: [linux]
    libc: [musl]

  '@rspack/binding-wasm32-wasi@2.3.3':
    resolution: {integrity: sha512-AhlsPjW31TGP8N+J7OmbCPaamARUl+OQNiT3xo0PL5Dz5oMm+bEfYLostpehKyy8MNDrmJcY97M9pDb5MDMA0w==}
    cpu: [wasm32]

  '@rspack/binding-win32-arm64-msvc@2.3.3':
    resolution: {integrity: sha512-Zqbj7GBPtkJ8GlUKAjFgvmOxKkQwjfS3XfjwGBcmoIAUb4IxUsmMqvi+gfKrvI45SjYVFZaJnTpOJw6GL79K+Q==}
    cpu: [arm64]
    os: [win32]

  '@rspack/binding-win32-ia32-msvc@2.3.3':
    resolution: {integrity: sha512-sJJmbrdzH6kI48mCsUu5a2+BzEktLmHrHUmWGkAPAi0zhi4anA7sOdS1+uERbkkd/XAzs0bdn3JXyT2djY+3IA==}
    cpu: [ia32]
    os: [win32]

  '@rspack/binding-win32-x64-msvc@2.3.3':
    resolution: {integrity: sha512-1r3wxV1pBNykqpbEbZWqcrZd13PKLq0e7Ku6qv8IGKKeftuf3RUxTkeM5AzppGMGEIA9sw8mRdN7NvEXxqLLxw==}
    cpu: [x64]
    os: [win32]

  '@rspack/binding@2.3.3':
    resolution: {integrity: sha512-wwF++36a3rqYi0G9zj+rUavn/GIMzbzXehelGS1jkYeKPHyPXrVYwRHqwEKNKMD9z+FdW4YJKQcfFkPlHEiwUg==}

  '@rspack/core@2.3.3':
    resolution: {integrity: sha512-stAYr0SXf+ZFXFsWTv+Ljxoj/nQs2p7gX9V1kBwlO2IXlRAAhabLONYibT3ZeEGybx3kowrs7uJkcOQsuHgghw==}
    engines: {node: ^20.19.0 || >=22.12.0}
    peerDependencies:
      '@module-federation/runtime-tools': ^0.24.1 || ^2.0.0
      '@swc/helpers': ^0.5.23
    peerDependenciesMeta:
      '@module-federation/runtime-tools':
        optional: true
      '@swc/helpers':
        optional: true

  '@swc/helpers@0.5.24':
    resolution: {integrity: sha512-6tcXo4kA8HgGO7AVmawB57RYi/piBPYVHVcO6dXjX+SZw8GoHmi262sp4v2Ha2kNP9Cx84qei27yT+fjS1lxgg==}

  '@tanstack/query-core@5.108.0':
    resolution: {integrity: sha512-X9zJUtEV/0D2q9pmGS/Bza8S4bNovSBhZOtdhtu0fzsHwizC6C+Eh/q5CX3MQBchsRMrirWVQmv7Fp4OStzV9g==}

  '@tanstack/react-query@5.108.0':
    resolution: {integrity: sha512-DpMbB8pVorEZcsHRa0Z13KQGfmndqvJbuLy9h+xfP8XpuEZBOxzq+QfXGonQ0fAgRSWhc+QsfoRETSTWxAEAVw==}
    peerDependencies:
      '@types/react': ^18 || ^19
      react: ^18 || ^19
    peerDependenciesMeta:
      '@types/react':
        optional: true

  '@tybys/wasm-util@0.10.5':
    resolution: {integrity: sha512-dOGOPxlaNV+G046mZzN+9C0dAcQZeSKcXiVaM0TYy/LM4ttTmgSBDxYfovcYI8Em3+eAbiAYpvWLOv8+ZVRJKA==}

  react-dom@19.3.1:
    resolution: {integrity: sha512-Y0bARz53lhEC1NMCASs0/j+faB/zqt3R8hpvg1e8+61ZVJ4UL0UdC4cBbXfZMcIuhrfgeILTLe+ZeBCavQPtKQ==}
    peerDependencies:
      react: ^19.3.1

  react@19.3.1:
    resolution: {integrity: sha512-QNhWdt7nrgVWWQG58QuGsAR3jv3Hbe4mb4vz7w2csnHavciZJgda1CPNaldF6eVxv90ud3jUXpKlHL69gO38yw==}
    engines: {node: '>=0.10.0'}

  scheduler@0.28.0:
    resolution: {integrity: sha512-juorfCmIkIw8tT+p5BXSm6PJjQF/ycEYmKyzURCIt/RaZIhL+PulbQ9Yu2z1HdOJDdqDTlxA1+xKBmHXJsczAw==}

  tslib@2.9.1:
    resolution: {integrity: sha512-a4Ux9VKuIMHsOS7ENbEq6hK2ZGYIT27Rtl0E4eD9KqwxhKiQeMZE/9xb3IdYwWaSOyIBQLExhQgXDTYoiCxnWA==}

  zustand@5.1.0:
    resolution: {integrity: sha512-ciJZlP48M1PTQbVQq81CGVFxHTLpZNrFjKqwjtCU34AWuXTZT/jrF3p9+fI84Cf1eSCMLapxqBy/SNTfwOBuqA==}
    engines: {node: '>=12.20.0'}
    peerDependencies:
      '@types/react': '>=18.0.0'
      immer: '>=9.0.6'
      react: '>=18.0.0'
      use-sync-external-store: '>=1.2.0'
    peerDependenciesMeta:
      '@types/react':
        optional: true
      immer:
        optional: true
      react:
        optional: true
      use-sync-external-store:
        optional: true

snapshots:

  '@emnapi/core@2.0.0-beta.3':
    dependencies:
      '@emnapi/wasi-threads': 2.2.0
      tslib: 2.9.1
    optional: true

  '@emnapi/runtime@2.0.0-beta.3':
    dependencies:
      tslib: 2.9.1
    optional: true

  '@emnapi/wasi-threads@2.2.0':
    dependencies:
      tslib: 2.9.1
    optional: true

  '@module-federation/error-codes@2.9.3': {}

  '@module-federation/runtime-core@2.9.3':
    dependencies:
      '@module-federation/error-codes': 2.9.3
      '@module-federation/sdk': 2.9.3

  '@module-federation/runtime-tools@2.9.3':
    dependencies:
      '@module-federation/runtime': 2.9.3
      '@module-federation/webpack-bundler-runtime': 2.9.3

  '@module-federation/runtime@2.9.3':
    dependencies:
      '@module-federation/error-codes': 2.9.3
      '@module-federation/runtime-core': 2.9.3
      '@module-federation/sdk': 2.9.3

  '@module-federation/sdk@2.9.3': {}

  '@module-federation/webpack-bundler-runtime@2.9.3':
    dependencies:
      '@module-federation/error-codes': 2.9.3
      '@module-federation/runtime': 2.9.3
      '@module-federation/sdk': 2.9.3

  '@napi-rs/wasm-runtime@1.2.7(@emnapi/core@2.0.0-beta.3)(@emnapi/runtime@2.0.0-beta.3)':
    dependencies:
      '@emnapi/core': 2.0.0-beta.3
      '@emnapi/runtime': 2.0.0-beta.3
      '@tybys/wasm-util': 0.10.5
    optional: true

  '@rspack/binding-darwin-arm64@2.3.3':
    optional: true

  '@rspack/binding-darwin-x64@2.3.3':
    optional: true

  '@rspack/binding-linux-arm64-gnu@2.3.3':
    optional: true

  '@rspack/binding-linux-arm64-musl@2.3.3':
    optional: true

  '@rspack/binding-linux-ppc64-gnu@2.3.3':
    optional: true

  '@rspack/binding-linux-riscv64-gnu@2.3.3':
    optional: true

  '@rspack/binding-linux-riscv64-musl@2.3.3':
    optional: true

  '@rspack/binding-linux-s390x-gnu@2.3.3':
    optional: true

  '@rspack/binding-linux-x64-gnu@2.3.3':
    optional: true

  '@rspack/binding-linux-x64-musl@2.3.3':
    optional: true

  '@rspack/binding-wasm32-wasi@2.3.3':
    dependencies:
      '@emnapi/core': 2.0.0-beta.3
      '@emnapi/runtime': 2.0.0-beta.3
      '@napi-rs/wasm-runtime': 1.2.7(@emnapi/core@2.0.0-beta.3)(@emnapi/runtime@2.0.0-beta.3)
    optional: true

  '@rspack/binding-win32-arm64-msvc@2.3.3':
    optional: true

  '@rspack/binding-win32-ia32-msvc@2.3.3':
    optional: true

  '@rspack/binding-win32-x64-msvc@2.3.3':
    optional: true

  '@rspack/binding@2.3.3':
    optionalDependencies:
      '@rspack/binding-darwin-arm64': 2.3.3
      '@rspack/binding-darwin-x64': 2.3.3
      '@rspack/binding-linux-arm64-gnu': 2.3.3
      '@rspack/binding-linux-arm64-musl': 2.3.3
      '@rspack/binding-linux-ppc64-gnu': 2.3.3
      '@rspack/binding-linux-riscv64-gnu': 2.3.3
      '@rspack/binding-linux-riscv64-musl': 2.3.3
      '@rspack/binding-linux-s390x-gnu': 2.3.3
      '@rspack/binding-linux-x64-gnu': 2.3.3
      '@rspack/binding-linux-x64-musl': 2.3.3
      '@rspack/binding-wasm32-wasi': 2.3.3
      '@rspack/binding-win32-arm64-msvc': 2.3.3
      '@rspack/binding-win32-ia32-msvc': 2.3.3
      '@rspack/binding-win32-x64-msvc': 2.3.3

  '@rspack/core@2.3.3(@module-federation/runtime-tools@2.9.3)(@swc/helpers@0.5.24)':
    dependencies:
      '@rspack/binding': 2.3.3
    optionalDependencies:
      '@module-federation/runtime-tools': 2.9.3
      '@swc/helpers': 0.5.24

  '@swc/helpers@0.5.24': {}

  '@tanstack/query-core@5.108.0': {}

  '@tanstack/react-query@5.108.0(react@19.3.1)':
    dependencies:
      '@tanstack/query-core': 5.108.0
      react: 19.3.1

  '@tybys/wasm-util@0.10.5':
    dependencies:
      tslib: 2.9.1
    optional: true

  react-dom@19.3.1(react@19.3.1):
    dependencies:
      react: 19.3.1
      scheduler: 0.28.0

  react@19.3.1: {}

  scheduler@0.28.0: {}

  tslib@2.9.1:
    optional: true

  zustand@5.1.0(react@19.3.1):
    optionalDependencies:
      react: 19.3.1
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Options {
        Options { apps: 6, files: 400, seed: 7 }
    }

    #[test]
    fn deterministic_and_sized() {
        let a = generate(&small());
        let b = generate(&small());
        assert_eq!(a, b);
        let sources = a.keys().filter(|p| is_source(p)).count();
        assert_eq!(sources, 400, "--files counts every JS/TS file");
        assert_ne!(a, generate(&Options { seed: 8, ..small() }));
        for p in ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml", "apps/shell/rspack.config.js"] {
            assert!(a.contains_key(p), "{p}");
        }
        assert_eq!(a.keys().filter(|p| p.starts_with("apps/") && p.ends_with("/package.json")).count(), 6);
    }

    #[test]
    fn every_module_is_imported() {
        let a = generate(&small());
        let text: String = a.values().cloned().collect();
        for (path, _) in a.iter().filter(|(p, _)| p.starts_with("apps/") && is_source(p)) {
            let stem = path.rsplit('/').next().and_then(|f| f.split('.').next()).unwrap_or_default();
            if ["index", "bootstrap", "rspack", "webpack"].contains(&stem) {
                continue;
            }
            assert!(text.contains(&format!("/{stem}'")) || text.contains(&format!("/{stem}.jsx'")), "{path}");
        }
    }

    #[test]
    fn relative_specifiers() {
        assert_eq!(relative("src/pages/A.tsx", "src/components/B.tsx"), "../components/B");
        assert_eq!(relative("src/a/b/C.ts", "src/a/b/D.ts"), "./D");
        assert_eq!(relative("src/App.x", "src/pages/P.tsx"), "./pages/P");
        assert_eq!(relative("src/features/x/components/A.tsx", "src/utils/u.ts"), "../../../utils/u");
    }

    #[test]
    fn ts_only_text() {
        assert_eq!(ts_only("let a⟨: number⟩ = 1;\n⟨type T = 1;⟩\nx", false), "let a = 1;\nx");
        assert_eq!(ts_only("let a⟨: number⟩ = 1;\n⟨type T = 1;⟩\nx", true), "let a: number = 1;\ntype T = 1;\nx");
    }
}
