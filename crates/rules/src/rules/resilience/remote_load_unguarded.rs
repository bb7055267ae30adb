use crate::util::page_files;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_js::facts::ImportKind;
use fedscope_js::jsx::Retry;
use fedscope_workspace::{App, Place, RuntimeKind, Source};
use std::collections::{BTreeMap, BTreeSet};

/// A single-domain retry: every app that builds it (the first first), the remotes, why.
type SingleDomain<'a> = (Vec<&'a fedscope_workspace::App>, BTreeSet<String>, Option<String>);

declare_rule! {
    /// An app whose remote loading has no retry and no `errorLoadRemote` fallback, or whose retry has a single manifest domain.
    ///
    /// ## What it does
    ///
    /// For every app that loads remotes (its code imports a remote's module
    /// or calls `loadRemote`; or, on the Module Federation 2 runtime with the
    /// default `version-first` share strategy, it declares `remotes`, whose
    /// entries the share scope's initialisation fetches), looks for the
    /// first two layers of the remote loading hardening in its runtime
    /// plugins (the modules of `runtimePlugins` in its federation config)
    /// and in its sources (plugins registered with `registerPlugins`,
    /// `init({ plugins })` or `createInstance({ plugins })`):
    ///
    /// - a retry: `RetryPlugin` of `@module-federation/retry-plugin`, or a
    ///   plugin with a `loadEntryError` hook;
    /// - a fallback: a plugin object with an `errorLoadRemote` hook.
    ///
    /// It reports the app when it has neither. When a remote is loaded
    /// through its manifest (`mf-manifest.json`) and every `RetryPlugin` the
    /// app builds retries that manifest on a single domain, it reports the
    /// retry: with the options of retry-plugin 0.19 and later, that is
    /// `manifestDomains` absent, empty, or naming only the remote's own
    /// host (`domains` alone never rotates manifest hosts: the plugin passes
    /// `manifestDomains || domains`, and `[]` is truthy); with the options of
    /// 0.18 and earlier, a `fetch` option without `fallback`, or only a
    /// `script` option. When the installed retry-plugin's version is known,
    /// options of the other generation count as absent (0.19 ignores
    /// `fetch`/`script`; 0.17 reads only them). Options fedscope cannot read
    /// (a variable, a spread) are not judged, nor are apps read from a
    /// built manifest (it does not list the build's runtime plugins) or
    /// whose `runtimePlugins` could not be read.
    ///
    /// ## Why is this bad?
    ///
    /// A remote's manifest and entry come from another deployment over the
    /// network. Without a retry, one dropped request fails the remote for the
    /// whole session; without an `errorLoadRemote` fallback the failure
    /// reaches the code that imported the remote (a rejected `import()`, a
    /// thrown render, or, during the share scope's initialisation, the whole
    /// page). A retry on the same host does not survive that host (a CDN
    /// edge) being down; only a second manifest domain does. An app on
    /// webpack's built-in `ModuleFederationPlugin` has no runtime plugins at
    /// all.
    ///
    /// ## Examples
    ///
    /// ### Invalid
    ///
    /// ```js file=apps/shell/rspack.config.js
    /// const { ModuleFederationPlugin } = require('@module-federation/enhanced/rspack');
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@https://cdn.example.com/cart/mf-manifest.json' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ### Invalid: a retry on a single manifest domain
    ///
    /// ```js file=apps/shell/rspack.config.js
    /// const { ModuleFederationPlugin } = require('@module-federation/enhanced/rspack');
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@https://cdn.example.com/cart/mf-manifest.json' },
    ///     runtimePlugins: ['./src/retry.js'],
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/retry.js
    /// import { RetryPlugin } from '@module-federation/retry-plugin';
    /// export default () => RetryPlugin({ retryTimes: 3, domains: ['https://cdn-b.example.com'] });
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/rspack.config.js
    /// const { ModuleFederationPlugin } = require('@module-federation/enhanced/rspack');
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@https://cdn.example.com/cart/mf-manifest.json' },
    ///     runtimePlugins: ['./src/retry.js', './src/fallback.js'],
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/retry.js
    /// import { RetryPlugin } from '@module-federation/retry-plugin';
    /// export default () =>
    ///   RetryPlugin({ retryTimes: 3, retryDelay: 1000, manifestDomains: ['https://cdn.example.com', 'https://origin.example.com'] });
    /// ```
    ///
    /// ```js file=apps/shell/src/fallback.js
    /// export default () => ({
    ///   name: 'fallback',
    ///   errorLoadRemote({ lifecycle, from }) {
    ///     if (lifecycle !== 'onLoad') return undefined;
    ///     const module = { __esModule: true, default: () => null };
    ///     return from === 'build' ? () => module : module;
    ///   },
    /// });
    /// ```
    ///
    /// ## How to fix
    ///
    /// Add runtime plugins (`runtimePlugins` in the federation config, on
    /// `@module-federation/enhanced`, Rspack, Rsbuild or Modern.js): a
    /// `RetryPlugin({ retryTimes, retryDelay, manifestDomains: [primary,
    /// secondary] })` that can fail over to a second manifest domain, and a
    /// plugin whose `errorLoadRemote` returns a placeholder module at the
    /// `onLoad` lifecycle (a factory for build-time imports, the module for
    /// `loadRemote`). Keep React error boundaries around remotes for what
    /// their code throws once loaded (`remote-without-error-boundary`).
    pub struct RemoteLoadUnguarded { name: "remote-load-unguarded", table: Resilience, severity: Warning }
}

impl_rule!(RemoteLoadUnguarded, check);

/// `host:port` of a URL or a bare domain.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split_once('@').filter(|(u, _)| !u.contains('/')).map_or(rest, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase()
}

/// The installed `@module-federation/retry-plugin` as (major, minor), when the lockfile says.
fn retry_version(app: &App) -> Option<(u64, u64)> {
    let lock = app.lock.as_ref()?;
    let l = lock
        .direct
        .iter()
        .chain(&lock.reached)
        .chain(&lock.federation)
        .find(|l| l.package == "@module-federation/retry-plugin")?;
    let mut parts = l.version.trim_start_matches(|c: char| !c.is_ascii_digit()).split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.split('-').next()?.parse().ok()?))
}

/// Whether a retry can fetch a manifest of `host` from a second domain; if
/// not, why. `version`: the installed retry-plugin, when known.
fn rotates(r: &Retry, host: &str, version: Option<(u64, u64)>) -> Result<(), String> {
    let legacy = || {
        if !r.legacy_fetch {
            Err("its only legacy option is `script`: manifest requests are not retried".to_string())
        } else if r.legacy_fallback {
            Ok(())
        } else {
            Err("its `fetch` option has no `fallback`: the manifest is retried on the same URL".to_string())
        }
    };
    let flat = || {
        match &r.manifest_domains {
        Some(list) if list.iter().map(|d| host_of(d)).any(|h| !h.is_empty() && h != host) => Ok(()),
        Some(list) if !list.is_empty() => Err(format!("`manifestDomains` names only {host}, the manifest's own host")),
        _ if r.domains.as_ref().is_some_and(|d| !d.is_empty()) => Err(
            "it sets `domains` but no `manifestDomains`: the plugin retries manifests with `manifestDomains || domains`, and the default `[]` is truthy, so `domains` never rotates manifest hosts".to_string(),
        ),
        _ => Err("it has no `manifestDomains`: every retry asks the same host".to_string()),
    }
    };
    let flat_options = r.domains.is_some() || r.manifest_domains.is_some();
    let (major, minor) = version.unwrap_or((0, 0));
    match version.map(|v| v >= (0, 19)) {
        Some(true) if r.legacy && !flat_options => {
            Err(format!("retry-plugin {major}.{minor} ignores the legacy `fetch`/`script` options"))
        }
        Some(true) => flat(),
        Some(false) if !r.legacy => Err(format!(
            "retry-plugin {major}.{minor} reads only the legacy `fetch`/`script` options: these are ignored"
        )),
        Some(false) => legacy(),
        None if r.legacy => legacy().or_else(|e| if flat_options { flat() } else { Err(e) }),
        None => flat(),
    }
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    let mut single_domain: BTreeMap<(String, u32, u32), SingleDomain> = BTreeMap::new();
    for i in 0..cx.graph.apps.len() {
        let app = cx.app(i);
        let files: Vec<&str> = page_files(cx, i).into_iter().map(|(f, _)| f).collect();
        let modules: Vec<(&str, &fedscope_js::facts::ModuleFacts)> = files
            .iter()
            .copied()
            .chain(app.sources.runtime_plugins.iter().map(String::as_str))
            .filter_map(|f| app.sources.modules.get(f).map(|m| (f, &**m)))
            .collect();
        // the app loads remotes: its page imports a remote module or calls
        // `loadRemote`, or (MF 2, `version-first`) initialising the share scope
        // fetches every remote's entry
        let imports_remote = app.sources.remote_uses.iter().any(|u| files.contains(&u.place.file.as_str()));
        let loads_at_runtime =
            modules.iter().any(|(_, m)| m.imports.iter().any(|imp| imp.kind == ImportKind::LoadRemote));
        let version_first = app.runtime == RuntimeKind::Mf2
            && !app.remotes.is_empty()
            && app.share_strategy.as_deref().is_none_or(|s| s == "version-first");
        if !imports_remote && !loads_at_runtime && !version_first {
            continue;
        }
        // a built manifest does not say which runtime plugins the build had; a
        // `runtimePlugins` value fedscope could not read may hold them
        if app.source == Source::Manifest || app.unknown.iter().any(|u| u.field == "runtimePlugins") {
            continue;
        }
        // remotes whose loading the app's own code answers for (`promise new Promise(…)`) are not the runtime's
        if !app.remotes.is_empty()
            && app.remotes.iter().all(|r| r.entry.as_deref().is_some_and(|e| e.starts_with("promise ")))
        {
            continue;
        }
        let fallback = modules.iter().any(|(_, m)| m.jsx.hooks.iter().any(|h| h.name == "errorLoadRemote"));
        let entry_retry = modules.iter().any(|(_, m)| m.jsx.hooks.iter().any(|h| h.name == "loadEntryError"));
        let retries: Vec<(&str, &Retry)> =
            modules.iter().flat_map(|(f, m)| m.jsx.retries.iter().map(move |r| (*f, r))).collect();
        let place =
            app.remotes.first().map(|r| r.place.clone()).unwrap_or_else(|| Place { file: app.config.clone(), line: 1 });
        if !fallback && !entry_retry && retries.is_empty() {
            if !seen.insert((place.file.clone(), place.line, app.name.clone())) {
                continue;
            }
            let remotes: Vec<String> = app.remotes.iter().map(|r| r.alias.clone()).collect();
            let help = if app.runtime == RuntimeKind::Webpack {
                "webpack's built-in ModuleFederationPlugin has no runtime plugins: move to @module-federation/enhanced's ModuleFederationPlugin and add `runtimePlugins` with a RetryPlugin (over two manifest domains) and an `errorLoadRemote` fallback"
            } else {
                "add `runtimePlugins`: a RetryPlugin of @module-federation/retry-plugin with `manifestDomains` naming a second domain, and a plugin whose `errorLoadRemote` returns a placeholder module"
            };
            out.push(
                Diagnostic::new(
                    &RemoteLoadUnguarded::META,
                    app,
                    &place,
                    format!(
                        "{} loads {} with no retry and no `errorLoadRemote` fallback: one failed manifest or entry request fails that remote for the session, and the error reaches the code that imported it",
                        app.name,
                        if remotes.is_empty() { "remotes at runtime (`loadRemote`)".to_string() } else { format!("the remote{} {}", if remotes.len() == 1 { "" } else { "s" }, crate::util::and_list(&remotes)) }
                    ),
                )
                .path(vec![app.name.clone(), app.config.clone()])
                .help(help),
            );
            continue;
        }
        // the manifest remotes: each retry must be able to fail over to a second domain
        let manifests: Vec<(&str, String)> = app
            .remotes
            .iter()
            .filter_map(|r| {
                r.entry
                    .as_deref()
                    .filter(|e| e.split(['?', '#']).next().is_some_and(|p| p.ends_with(".json")))
                    .map(|e| (r.alias.as_str(), host_of(e)))
            })
            .filter(|(_, h)| !h.is_empty())
            .collect();
        if manifests.is_empty() || retries.is_empty() || retries.iter().any(|(_, r)| !r.known) {
            continue;
        }
        let version = retry_version(app);
        let mut why = None;
        let mut single: Vec<&str> = Vec::new();
        for (alias, host) in &manifests {
            let verdicts: Vec<Result<(), String>> = retries.iter().map(|(_, r)| rotates(r, host, version)).collect();
            if verdicts.iter().any(Result::is_ok) {
                continue;
            }
            single.push(alias);
            if why.is_none() {
                why = verdicts.into_iter().find_map(Result::err);
            }
        }
        if single.is_empty() {
            continue;
        }
        let (file, r) = retries[0];
        let e = single_domain
            .entry((file.to_string(), r.line, r.column))
            .or_insert_with(|| (Vec::new(), BTreeSet::new(), why));
        if !e.0.iter().any(|a| std::ptr::eq(*a, app)) {
            e.0.push(app);
        }
        e.1.extend(single.into_iter().map(String::from));
    }
    // one finding per RetryPlugin call, with every app that builds it
    for ((file, line, column), (apps, remotes, why)) in single_domain {
        let Some(&app) = apps.first() else { continue };
        let remotes: Vec<String> = remotes.into_iter().collect();
        let mut names: Vec<String> = Vec::new();
        for a in &apps {
            if !names.contains(&a.name) {
                names.push(a.name.clone());
            }
        }
        let mut d = Diagnostic::new(
            &RemoteLoadUnguarded::META,
            app,
            &Place { file: file.clone(), line },
            format!(
                "the RetryPlugin of {} retries the manifest{} of {} on a single domain: when that host is down, every retry fails the same way",
                crate::util::and_list(&names),
                if remotes.len() == 1 { "" } else { "s" },
                crate::util::and_list(&remotes)
            ),
        )
        .column(column)
        .path(vec![app.name.clone(), file.clone()])
        .help("list a second host in `manifestDomains` (retry-plugin 0.19+), or a `fetch.fallback` to another domain (0.18 and earlier)");
        if let Some(w) = why {
            d = d.note(w);
        }
        for a in apps {
            d = d.also_about(a);
        }
        out.push(d);
    }
}
