//! package.json files: dependency specifiers, webpack's `requiredVersion`
//! inference (shared by `@module-federation/enhanced`), and the version a
//! package is installed at.

use crate::disk::Disk;
use crate::model::Place;
use fedscope_js::{Kind, Lookup, Value};
use std::path::{Path, PathBuf};

/// The dependency fields, in the order webpack searches them for a required version.
pub const DEP_FIELDS: [&str; 4] = ["optionalDependencies", "dependencies", "peerDependencies", "devDependencies"];

/// A dependency specifier found in a package.json.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub text: String,
    pub place: Place,
}

fn field_str<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    match v.get(key) {
        Lookup::Found(x) => x.as_str(),
        _ => None,
    }
}

pub fn name(pkg: &Value) -> Option<&str> {
    field_str(pkg, "name")
}

pub fn version(pkg: &Value) -> Option<&str> {
    field_str(pkg, "version")
}

/// `pkg[field][dep]`, with its place.
pub fn dep_spec(disk: &Disk, path: &Path, pkg: &Value, field: &str, dep: &str) -> Option<Spec> {
    let Lookup::Found(deps) = pkg.get(field) else { return None };
    let Lookup::Found(v) = deps.get(dep) else { return None };
    Some(Spec {
        text: v.as_str()?.to_string(),
        place: Place { file: disk.rel(path), line: disk.line_of(path, v.loc.start) },
    })
}

/// The names listed in a dependency field.
pub fn dep_names(pkg: &Value, field: &str) -> Vec<String> {
    match pkg.get(field) {
        Lookup::Found(deps) => deps.props().0.into_iter().map(|(k, _)| k.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// The package name a request belongs to (`@scope/pkg/deep` → `@scope/pkg`),
/// as webpack extracts it; `None` for relative and absolute requests.
pub fn package_of_request(request: &str) -> Option<String> {
    if request.starts_with('.') || request.starts_with('/') || request.len() > 1 && request.as_bytes()[1] == b':' {
        return None;
    }
    let mut parts = request.split(['/', '\\']);
    let first = parts.next()?;
    if first.is_empty() {
        return None;
    }
    if first.starts_with('@') {
        let second = parts.next()?;
        Some(format!("{first}/{second}"))
    } else {
        Some(first.to_string())
    }
}

/// webpack's `isRequiredVersion`: `/^(?:[\d^=v<>~]|[*xX]$)/`.
pub fn is_version_like(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_digit() || matches!(c, b'^' | b'=' | b'v' | b'<' | b'>' | b'~') => true,
        Some(b'*' | b'x' | b'X') => b.len() == 1,
        _ => false,
    }
}

/// webpack's `normalizeVersion`: the trimmed specifier when it is
/// version-like, else the version in a git URL's hash (`#semver:^1.2.0`,
/// `#v1.4.0`, read from the lowercased URL as `getGitUrlVersion` does), else
/// the trimmed specifier (not version-like: no range).
pub fn normalize_version(spec: &str) -> String {
    let s = spec.trim();
    if is_version_like(s) {
        return s.to_string();
    }
    match git_url_version(&s.to_lowercase()) {
        Some(v) if is_version_like(&v) => v,
        _ => s.to_string(),
    }
}

fn re_hostname(h: &str) -> bool {
    // `/^(?:[^/.]+(?:\.[^/.]+)+|localhost)$/`, and only the characters a URL
    // host keeps as they are (anything else: not sure, so no version)
    h == "localhost"
        || (h.contains('.')
            && h.split('.').all(|p| !p.is_empty())
            && h.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_')))
}

/// `#(?:semver:)?(.+)` of webpack's `getVersionFromHash`, on `hash` (from its first `#`).
fn version_from_hash(hash: &str) -> Option<String> {
    let h = &hash[hash.find('#')? + 1..];
    let h = h.strip_prefix("semver:").filter(|r| !r.is_empty()).unwrap_or(h);
    (!h.is_empty()).then(|| h.to_string())
}

/// A version webpack's `getGitUrlVersion` (`lib/sharing/utils.js`) reads from
/// a lowercased git URL specifier, for the shapes it is sure of: `github:u/r#x`
/// (and `gitlab:`, `bitbucket:`, `gist:`), `u/r#x`, `git+https://host/u/r.git#x`
/// (`git`, `ssh`, `http(s)`, `git+ssh`, ...), `git@host:u/r.git#x`. `None`
/// when there is none or the shape is not one of these.
pub fn git_url_version(url: &str) -> Option<String> {
    const SHORT: [&str; 4] = ["github:", "gitlab:", "bitbucket:", "gist:"];
    let ws = |s: &str| s.chars().any(char::is_whitespace);
    // github extreme shorthand `/^[^/@:.\s][^/@:\s]*\/[^@:\s]*[^/@:\s]#\S+/`
    let extreme = {
        let (before, after) = url.split_once('#').unwrap_or((url, ""));
        let (user, repo) = before.split_once('/').unwrap_or(("", ""));
        !user.is_empty()
            && !user.starts_with('.')
            && !user.contains(['@', ':'])
            && !repo.is_empty()
            && !repo.contains(['@', ':'])
            && !repo.ends_with('/')
            && !after.is_empty()
            && !ws(before)
            && !ws(after)
    };
    // `/^[^/@#:.]+(?:\.[^/@#:.]+)+/`: a host without protocol, which needs a user
    let no_protocol = {
        let head: String = url.chars().take_while(|c| !matches!(c, '/' | '@' | '#' | ':')).collect();
        head.contains('.') && head.split('.').all(|p| !p.is_empty())
    };
    if extreme || SHORT.iter().any(|p| url.starts_with(p)) {
        let rest = if extreme { url } else { &url[url.find(':')? + 1..] };
        let path = rest.split(['#', '?']).next().unwrap_or("");
        // `RE_GIT_URL_SHORT` needs a first path segment without dots
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        if path.is_empty() || first.is_empty() || first.contains('.') || no_protocol || ws(rest) {
            return None;
        }
        return version_from_hash(url);
    }
    let custom = ["git+ssh://", "git+https://", "git+http://", "ssh://", "https://", "http://", "git://"];
    let full = if custom.iter().any(|p| url.starts_with(p)) {
        url.to_string()
    } else if url.contains("://") || no_protocol {
        return None;
    } else {
        // webpack prefixes `git+ssh://` and turns `host.tld:user/repo` into `host.tld/user/repo`
        let (auth, _) = url.split_once(['/', '#']).unwrap_or((url, ""));
        let (user, hostpath) = auth.rsplit_once('@')?;
        let (host, path) = hostpath.split_once(':')?;
        if user.is_empty() || !re_hostname(host) || path.is_empty() || path.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        format!("git+ssh://{user}@{host}/{}", &url[user.len() + 1 + host.len() + 1..])
    };
    if ws(&full) {
        return None;
    }
    let after_scheme = &full[full.find("://")? + 3..];
    let end = after_scheme.find(['/', '?', '#']).unwrap_or(after_scheme.len());
    let authority = &after_scheme[..end];
    let rest = &after_scheme[end..];
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, ""));
    if !re_hostname(host) {
        return None;
    }
    // webpack's `correctUrl`: `proto://host.tld:user/repo` → `proto://host.tld/user/repo`
    let moved;
    let rest = if port.bytes().all(|c| c.is_ascii_digit()) {
        rest
    } else if port.starts_with(|c: char| c.is_ascii_digit()) || port.contains(':') {
        return None;
    } else {
        moved = format!("/{port}{rest}");
        &moved
    };
    let (path_q, hash) = match rest.find('#') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let pathname = path_q.split('?').next().unwrap_or("");
    if pathname.is_empty() || hash.contains('%') || pathname.contains('%') {
        return None;
    }
    let host = host.strip_prefix("www.").unwrap_or(host);
    // JS `pathname.split("/", 5)`: at most five parts, the rest dropped
    let seg: Vec<&str> = pathname.split('/').take(5).collect();
    let strip_git = |p: &str| p.strip_suffix(".git").unwrap_or(p).to_string();
    let commithash = match host {
        "github.com" => {
            let user = seg.get(1).copied().unwrap_or("");
            let project = strip_git(seg.get(2).copied().unwrap_or(""));
            let kind = seg.get(3).copied().unwrap_or("");
            if !kind.is_empty() && kind != "tree" || user.is_empty() || project.is_empty() {
                return None;
            }
            if kind.is_empty() { hash.to_string() } else { format!("#{}", seg.get(4).copied().unwrap_or("")) }
        }
        "gitlab.com" => {
            let path = &pathname[1..];
            if path.contains("/-/") || path.contains("/archive.tar.gz") {
                return None;
            }
            let (user, project) = path.rsplit_once('/')?;
            if user.is_empty() || strip_git(project).is_empty() {
                return None;
            }
            hash.to_string()
        }
        "bitbucket.org" => {
            let user = seg.get(1).copied().unwrap_or("");
            let project = strip_git(seg.get(2).copied().unwrap_or(""));
            if seg.get(3).is_some_and(|a| a.starts_with("get")) || user.is_empty() || project.is_empty() {
                return None;
            }
            hash.to_string()
        }
        "gist.github.com" => return None,
        _ => hash.to_string(),
    };
    version_from_hash(&commithash)
}

/// Why [`Inferred::Unreadable`] for a package.json that is JSON but not an object.
pub const NOT_AN_OBJECT: &str = "it is not a JSON object";

/// What webpack's requiredVersion inference finds for a shared `package`
/// consumed by a module in `issuer_dir`.
#[derive(Clone, Debug, PartialEq)]
pub enum Inferred {
    Range(String, Place),
    /// The description file found is the package itself (self-reference): no range.
    SelfReference(Place),
    /// A description file lists the package but not with a version-like specifier
    /// (`workspace:`, `catalog:`, `npm:` aliases, a path): no range.
    NotVersionLike(String, Place),
    /// A package.json on the way up cannot be read (or is not an object): webpack's
    /// search stops there with no range (`Unable to read description file`). Its
    /// place and why.
    Unreadable(Place, String),
    /// No package.json up the tree names or lists the package.
    NotFound,
}

/// The first declaration of `package` in a dependency field (webpack's
/// `getDependencyDeclaration`: fields in [`DEP_FIELDS`] order, whatever the value).
fn declaration<'v>(pkg: &'v Value, package: &str) -> Option<&'v Value> {
    DEP_FIELDS.iter().find_map(|field| match pkg.get(field) {
        Lookup::Found(deps @ Value { kind: Kind::Object(_), .. }) => match deps.get(package) {
            Lookup::Found(v) => Some(v),
            _ => None,
        },
        _ => None,
    })
}

/// The specifier `file` declares for `name` in a dependency field (the first, in
/// [`DEP_FIELDS`] order), when the file can be read and declares it.
pub fn declared(disk: &Disk, file: &Path, name: &str) -> Option<String> {
    let pkg = disk.json(file).ok()?;
    declaration(&pkg, name).map(|v| v.as_str().map_or_else(|| json_text(disk, file, v), String::from))
}

/// webpack's `getDescriptionFile` + `getRequiredVersionFromDescriptionFile`
/// (webpack 5.113 `lib/sharing/utils.js`; `@module-federation/enhanced` 2.9
/// `lib/sharing/utils`): walk up from the issuer's directory to the first
/// package.json that is the package or declares it in a dependency field.
///
/// A package.json on the way that cannot be read, is not JSON or is not an
/// object ends the search with no range: webpack's `getDescriptionFile` calls
/// back with the error and `ConsumeSharedPlugin` warns `Unable to read
/// description file` and checks no version. The first declaration ends the
/// search whatever its value; one that is not a string gives no range (webpack
/// 5.113 warns `expected a string`; enhanced 2.9's `normalizeVersion` throws).
pub fn infer_required_version(disk: &Disk, issuer_dir: &Path, package: &str) -> Inferred {
    let mut dir = Some(issuer_dir.to_path_buf());
    while let Some(d) = dir {
        if !disk.inside(&d) {
            break;
        }
        let file = d.join("package.json");
        // webpack's `readJson` goes on only when the file does not exist (ENOENT): a
        // directory, a symlink loop or bad JSON stops the search
        if disk.inside(&file) && file.symlink_metadata().is_ok() {
            let pkg = match disk.json(&file) {
                Ok(pkg) => pkg,
                Err((e, line)) => {
                    return Inferred::Unreadable(Place { file: disk.rel(&file), line: line.unwrap_or(1) }, e);
                }
            };
            if !matches!(pkg.kind, Kind::Object(_)) {
                return Inferred::Unreadable(Place { file: disk.rel(&file), line: 1 }, NOT_AN_OBJECT.into());
            }
            if name(&pkg) == Some(package) {
                return Inferred::SelfReference(Place { file: disk.rel(&file), line: 1 });
            }
            if let Some(v) = declaration(&pkg, package) {
                let place = Place { file: disk.rel(&file), line: disk.line_of(&file, v.loc.start) };
                let Some(text) = v.as_str() else {
                    return Inferred::NotVersionLike(json_text(disk, &file, v), place);
                };
                let r = normalize_version(text);
                return if is_version_like(&r) {
                    Inferred::Range(r, place)
                } else {
                    Inferred::NotVersionLike(text.to_string(), place)
                };
            }
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    Inferred::NotFound
}

/// Rspack's required-version inference (`rspack_plugin_mf`
/// `consume_shared_plugin.rs`, `get_description_file` +
/// `get_required_version_from_description_file`; rspack 1.7, used by its
/// `ModuleFederationPlugin`, `ModuleFederationPluginV1` and so by
/// `@module-federation/enhanced/rspack`, Rsbuild and Modern.js on Rspack).
/// It differs from webpack's: a package.json that cannot be read or parsed, or
/// is not an object, is skipped and the walk goes on; a declaration that is not
/// a string is skipped (the next field, then the next file); and the string
/// found is used **as is**: not trimmed, no git-URL version, so `workspace:*`,
/// `catalog:`, `npm:react@18.3.1` or `latest` become a range the runtime parses
/// and no version satisfies. `NotFound` is emitted as `"*"`.
pub fn infer_required_version_rspack(disk: &Disk, issuer_dir: &Path, package: &str) -> Inferred {
    let mut dir = Some(issuer_dir.to_path_buf());
    while let Some(d) = dir {
        if !disk.inside(&d) {
            break;
        }
        let file = d.join("package.json");
        if disk.is_file(&file)
            && let Ok(pkg) = disk.json(&file)
            && matches!(pkg.kind, Kind::Object(_))
        {
            if name(&pkg) == Some(package) {
                return Inferred::SelfReference(Place { file: disk.rel(&file), line: 1 });
            }
            if let Some(spec) = DEP_FIELDS.iter().find_map(|f| dep_spec(disk, &file, &pkg, f, package)) {
                return Inferred::Range(spec.text, spec.place);
            }
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    Inferred::NotFound
}

/// The JSON text of a value (for messages), shortened.
fn json_text(disk: &Disk, file: &Path, v: &Value) -> String {
    let text = disk.text(file).ok();
    let s = text
        .as_deref()
        .and_then(|t| t.get(v.loc.start as usize..v.loc.end as usize))
        .unwrap_or("a value that is not a string");
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s }
}

/// The installed package's directory, found as Node resolves it from `from_dir`.
pub fn installed_dir(disk: &Disk, from_dir: &Path, package: &str) -> Option<PathBuf> {
    let mut dir = Some(from_dir.to_path_buf());
    while let Some(d) = dir {
        if !disk.inside(&d) {
            return None;
        }
        let candidate = d.join("node_modules").join(package);
        if candidate.join("package.json").is_file() {
            return Some(candidate);
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    None
}

/// The version of `package` installed where `from_dir` would resolve it.
pub fn installed_version(disk: &Disk, from_dir: &Path, package: &str) -> Option<(String, String)> {
    let dir = installed_dir(disk, from_dir, package)?;
    let file = dir.join("package.json");
    let pkg = disk.json(&file).ok()?;
    Some((version(&pkg)?.to_string(), disk.rel(&file)))
}

/// The package.json webpack and Rspack read a provided module's version from:
/// the one nearest to the file the request resolves to
/// (`resourceResolveData.descriptionFileData`), which for a deep import or an
/// `exports` target may be a nested package.json (`preact/hooks/package.json`,
/// a `dist/esm/package.json` with only `"type"`).
#[derive(Clone, Debug, PartialEq)]
pub enum Owner {
    /// That package.json, and its `version` (`None` when it has none or an empty one).
    Found(PathBuf, Option<String>),
    /// Not determined, and why.
    Unknown(String),
}

/// Export conditions never active in a production browser build (the union of
/// the others is taken: the importing code's `import`/`require` decides between them).
const INACTIVE_CONDITIONS: [&str; 9] =
    ["types", "typings", "development", "node", "deno", "bun", "react-native", "react-server", "electron"];

/// Every target `exports` may map `key` (`.` or `./sub`) to, under any active condition.
fn exports_targets(exports: &Value, key: &str) -> Vec<String> {
    fn leaves(v: &Value, out: &mut Vec<String>) {
        match &v.kind {
            Kind::Str(s) => out.push(s.clone()),
            Kind::Array(items) => items.iter().for_each(|i| leaves(i, out)),
            Kind::Object(_) => {
                for (c, x) in v.props().0 {
                    if !INACTIVE_CONDITIONS.contains(&c) {
                        leaves(x, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &exports.kind {
        Kind::Str(_) | Kind::Array(_) if key == "." => leaves(exports, &mut out),
        Kind::Object(_) => {
            let (props, _) = exports.props();
            if !props.iter().any(|(k, _)| k.starts_with('.')) {
                // a conditions object for "."
                if key == "." {
                    leaves(exports, &mut out);
                }
                return out;
            }
            if let Some((_, v)) = props.iter().find(|(k, _)| *k == key) {
                leaves(v, &mut out);
                return out;
            }
            // subpath patterns (`./*`) and folder mappings (`./lib/`): the longest prefix wins
            let best = props
                .iter()
                .filter_map(|(pattern, v)| {
                    if let Some((pre, post)) = pattern.split_once('*') {
                        let rest = key.strip_prefix(pre)?.strip_suffix(post)?;
                        Some((pre.len(), v, Some(rest.to_string()), None))
                    } else if pattern.ends_with('/') {
                        let rest = key.strip_prefix(*pattern)?;
                        Some((pattern.len(), v, None, Some(rest.to_string())))
                    } else {
                        None
                    }
                })
                .max_by_key(|(len, ..)| *len);
            if let Some((_, v, star, folder)) = best {
                let mut raw = Vec::new();
                leaves(v, &mut raw);
                for t in raw {
                    match (&star, &folder) {
                        (Some(rest), _) => out.push(t.replace('*', rest)),
                        (_, Some(rest)) => out.push(format!("{t}{rest}")),
                        _ => out.push(t),
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// The files webpack's main fields (`browser`, `module`, `main`; the first
/// that resolves wins) may point at, else `index.js`, in `dir`.
fn main_targets(pkg: &Value, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for field in ["browser", "module", "main"] {
        match pkg.get(field) {
            Lookup::Found(Value { kind: Kind::Str(m), .. }) if !m.is_empty() => {
                out.push(crate::disk::normalize(&dir.join(m)))
            }
            // `browser: { "./index.js": "./browser.js" }` may replace the main file
            Lookup::Found(v @ Value { kind: Kind::Object(_), .. }) if field == "browser" => {
                for (_, t) in v.props().0 {
                    if let Some(t) = t.as_str() {
                        out.push(crate::disk::normalize(&dir.join(t)));
                    }
                }
            }
            _ => {}
        }
    }
    if out.is_empty() {
        out.push(dir.join("index.js"));
    }
    out
}

/// The files (which need not exist) the subpath `sub` (`""`: the package
/// itself) of the package installed in `dir` may resolve to.
fn subpath_targets(disk: &Disk, dir: &Path, sub: &str) -> Result<Vec<PathBuf>, String> {
    let pj_path = dir.join("package.json");
    let read = |p: &Path| match disk.json(p) {
        Ok(v) if matches!(v.kind, Kind::Object(_)) => Ok(v),
        Ok(_) => Err(format!("{} is not an object", disk.rel(p))),
        Err((e, _)) => Err(format!("{} cannot be read ({e})", disk.rel(p))),
    };
    let pj = read(&pj_path)?;
    match pj.get("exports") {
        Lookup::Missing => {}
        Lookup::Found(Value { kind: Kind::Null | Kind::Undefined, .. }) => {}
        Lookup::Found(exports) => {
            let key = if sub.is_empty() { ".".to_string() } else { format!("./{sub}") };
            let targets = exports_targets(exports, &key);
            if targets.is_empty() {
                return Err(format!("the `exports` of {} maps no file to `{key}`", disk.rel(&pj_path)));
            }
            return Ok(targets.iter().map(|t| crate::disk::normalize(&dir.join(t))).collect());
        }
        Lookup::Unknown(_) => return Err(format!("the `exports` of {} cannot be read", disk.rel(&pj_path))),
    }
    if sub.is_empty() {
        return Ok(main_targets(&pj, dir));
    }
    let base = crate::disk::normalize(&dir.join(sub));
    // a file first (as is, then with an extension), then a directory
    let s = base.to_string_lossy().to_string();
    let file = std::iter::once(base.clone())
        .chain(["js", "mjs", "cjs", "json", "jsx", "ts", "tsx"].iter().map(|e| PathBuf::from(format!("{s}.{e}"))))
        .find(|p| disk.is_file(p));
    if let Some(f) = file {
        return Ok(vec![f]);
    }
    if base.is_dir() {
        let inner = base.join("package.json");
        if inner.symlink_metadata().is_ok() {
            return Ok(main_targets(&*read(&inner)?, &base));
        }
        return Ok(vec![base.join("index.js")]);
    }
    // nothing there (a stub): the package.json above where the file would be
    Ok(vec![base])
}

/// The package.json that owns the file `sub` of the package in `dir`
/// resolves to, with its version (see [`Owner`]). When the candidate files
/// (one per export condition or main field) have different owners, which one
/// webpack uses depends on the importing code, and it is not known.
pub fn owner_of_subpath(disk: &Disk, dir: &Path, sub: &str) -> Owner {
    let dir = crate::disk::normalize(dir);
    let targets = match subpath_targets(disk, &dir, sub) {
        Ok(t) => t,
        Err(why) => return Owner::Unknown(why),
    };
    let mut owners: Vec<PathBuf> = Vec::new();
    for t in targets {
        if !t.starts_with(&dir) {
            return Owner::Unknown(format!("`{}` points outside its package", disk.rel(&t)));
        }
        // from the file's directory (or the target itself, when it is a directory) up to the package
        let mut d = if t.is_dir() { Some(t.clone()) } else { t.parent().map(Path::to_path_buf) };
        while let Some(x) = d {
            let f = x.join("package.json");
            if f.symlink_metadata().is_ok() {
                if !owners.contains(&f) {
                    owners.push(f);
                }
                break;
            }
            if x == dir {
                break;
            }
            d = x.parent().map(Path::to_path_buf);
        }
    }
    match owners.as_slice() {
        [one] => match disk.json(one) {
            Ok(v) if matches!(v.kind, Kind::Object(_)) => match v.get("version") {
                Lookup::Found(x) if x.as_str().is_some() => {
                    Owner::Found(one.clone(), x.as_str().filter(|s| !s.is_empty()).map(String::from))
                }
                Lookup::Missing => Owner::Found(one.clone(), None),
                _ => Owner::Unknown(format!("the `version` of {} is not a string", disk.rel(one))),
            },
            Ok(_) => Owner::Unknown(format!("{} is not an object", disk.rel(one))),
            Err((e, _)) => Owner::Unknown(format!("{} cannot be read ({e})", disk.rel(one))),
        },
        [] => Owner::Unknown(format!("no package.json owns the files of {}", disk.rel(&dir))),
        many => Owner::Unknown(format!(
            "the request resolves to files owned by different package.json files, depending on the export condition or main field the import uses ({})",
            many.iter().map(|p| disk.rel(p)).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The nearest package.json at or above `dir` (inside the analysed directory).
pub fn nearest(disk: &Disk, dir: &Path) -> Option<PathBuf> {
    let mut d = Some(dir.to_path_buf());
    while let Some(x) = d {
        if !disk.inside(&x) {
            return None;
        }
        let f = x.join("package.json");
        // one that cannot be read (a symlink loop) still is the nearest: Node and
        // webpack fail on it rather than skip it
        if f.is_file() || f.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(f);
        }
        d = x.parent().map(Path::to_path_buf);
    }
    None
}

/// The string values of an object field (`scripts`).
pub fn string_map(pkg: &Value, field: &str) -> Vec<(String, String)> {
    match pkg.get(field) {
        Lookup::Found(v) => v
            .props()
            .0
            .into_iter()
            .filter_map(|(k, v)| match &v.kind {
                Kind::Str(s) => Some((k.to_string(), s.clone())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Deep entry points of published packages that are files of the package
/// itself in every release (no package.json of their own between them and
/// the package root): the version the bundler registers for them is the
/// package's own, so a lockfile that resolves the package resolves them too.
/// React 16.14 to 19 ship `jsx-runtime.js`, `client.js` and the rest at the
/// package root.
const FLAT_SUBPATHS: &[(&str, &[&str])] = &[
    ("react", &["jsx-runtime", "jsx-dev-runtime", "compiler-runtime"]),
    (
        "react-dom",
        &[
            "client",
            "server",
            "server.browser",
            "server.node",
            "server.edge",
            "static",
            "static.browser",
            "test-utils",
            "profiling",
        ],
    ),
];

/// Whether `package/sub` is one of [`FLAT_SUBPATHS`].
pub fn flat_subpath(package: &str, sub: &str) -> bool {
    let sub = sub.trim_start_matches('/').trim_end_matches(".js");
    FLAT_SUBPATHS.iter().any(|(p, subs)| *p == package && subs.contains(&sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_of_requests() {
        assert_eq!(package_of_request("@scope/pkg/deep").as_deref(), Some("@scope/pkg"));
        assert_eq!(package_of_request("react-dom/client").as_deref(), Some("react-dom"));
        assert_eq!(package_of_request("./local"), None);
    }

    #[test]
    fn version_like_specifiers() {
        assert!(is_version_like("^18.2.0"));
        assert!(is_version_like("*"));
        assert!(!is_version_like("workspace:*"));
        assert!(!is_version_like("npm:react@^18"));
        assert!(!is_version_like("latest"));
        // webpack: a git URL needs a dotted host (or localhost) for its hash to count
        assert_eq!(normalize_version("git+https://x/y.git#semver:^1.2.0"), "git+https://x/y.git#semver:^1.2.0");
        assert_eq!(normalize_version("git+https://git.example.com/y.git#semver:^1.2.0"), "^1.2.0");
    }

    #[test]
    fn normalize_version_agrees_with_webpack() {
        // webpack 5.113.0 `require("webpack/lib/sharing/utils").normalizeVersion(spec)`
        let table: &[(&str, &str)] = &[
            ("workspace:*", ""),
            ("workspace:^", ""),
            ("workspace:~1.2.0", ""),
            ("catalog:", ""),
            ("catalog:legacy", ""),
            ("npm:react@18.3.1", ""),
            ("npm:@scope/pkg@^1.0.0", ""),
            ("latest", ""),
            ("next", ""),
            ("", ""),
            ("  ^1.2.3  ", "^1.2.3"),
            ("*", "*"),
            ("x", "x"),
            ("xx", ""),
            ("1.x", "1.x"),
            ("file:../ui", ""),
            ("link:../ui", ""),
            ("portal:../ui", ""),
            ("patch:react@npm:18.2.0#./p.patch", ""),
            ("github:acme/lib#semver:^2.1.0", "^2.1.0"),
            ("github:acme/lib#v1.4.0", "v1.4.0"),
            ("github:acme/lib", ""),
            ("github:/acme/lib#v1.0.0", "v1.0.0"),
            ("gitlab:acme/lib#semver:~1.0.0", "~1.0.0"),
            ("bitbucket:acme/lib#v2.0.0", "v2.0.0"),
            ("gist:abc123#v1.0.0", "v1.0.0"),
            ("github:acme.js/lib#v1", "v1"),
            ("acme/lib#semver:^2.1.0", "^2.1.0"),
            ("acme/lib#v1.4.0", "v1.4.0"),
            ("acme/lib#abc1234", "abc1234"),
            ("acme.io/lib#v1.0.0", ""),
            ("acme/lib", ""),
            ("a/b#c#d", "c#d"),
            ("git+https://github.com/acme/lib.git#semver:^2.1.0", "^2.1.0"),
            ("git+https://github.com/acme/lib.git#v1.4.0", "v1.4.0"),
            ("git+https://github.com/acme/lib.git#1.4.0", "1.4.0"),
            ("git+ssh://git@github.com:acme/lib.git#semver:~3.0.0", "~3.0.0"),
            ("git+ssh://git@github.com/acme/lib.git#v3.0.0", "v3.0.0"),
            ("https://example.com/lib.tgz", ""),
            ("git://example.com/lib.git#semver:^1.0.0", "^1.0.0"),
            ("foo#semver:^1.0.0", ""),
            ("git+https://github.com/acme/lib.git#semver:^1.0.0-Beta.1", "^1.0.0-beta.1"),
            ("git+https://github.com/acme/lib.git", ""),
            ("https://github.com/acme/lib/tree/v2.0.0", "v2.0.0"),
            ("https://github.com/acme/lib/tree/v2.0.0/extra", "v2.0.0"),
            ("https://github.com/acme/lib/archive/v2.0.0.tar.gz", ""),
            ("git@github.com:acme/lib.git#v1.2.3", "v1.2.3"),
            ("user@example.com:acme/lib.git#semver:^5", "^5"),
            ("example.com:acme/lib.git#semver:^5", ""),
            ("https://gitlab.com/acme/sub/lib.git#semver:^3.0.0", "^3.0.0"),
            ("https://gitlab.com/acme/lib/-/archive/x#v1", ""),
            ("https://bitbucket.org/acme/lib#v1.1.0", "v1.1.0"),
            ("https://gist.github.com/acme/abc#v1", "v1"),
            ("git+https://www.github.com/acme/lib#v9.9.9", "v9.9.9"),
            ("git+ssh://localhost/repo#semver:^0.1.0", "^0.1.0"),
            ("git+https://host.example.com:8080/acme/lib.git#semver:>=1.0.0 <2.0.0", ">=1.0.0 <2.0.0"),
            ("http://x.y/z#semver:", "semver:"),
            ("https://github.com/acme#v1", ""),
            ("git+file:///tmp/repo#v1.0.0", ""),
            ("file:///tmp/repo#semver:^1.0.0", "^1.0.0"),
            ("ssh://git@bitbucket.org/acme/lib.git#v4.0.0", "v4.0.0"),
            ("GitHub:Acme/Lib#V1.0.0", "v1.0.0"),
            ("git+https://github.com/acme/lib.git#semver:^1.0.0%20", "^1.0.0 "),
            ("  github:acme/lib#semver:^2.0.0  ", "^2.0.0"),
            ("https://registry.npmjs.org/react/-/react-18.3.1.tgz", ""),
            ("git+https://github.com/acme/lib.git#e3a1b2c", "e3a1b2c"),
            ("vitest/x#1", "vitest/x#1"),
        ];
        for (spec, webpack) in table {
            // a range fedscope reports must be webpack's; where fedscope is not
            // sure (not version-like) it lists the field as unknown
            let ours = normalize_version(spec);
            if is_version_like(&ours) {
                assert_eq!(&ours, webpack, "{spec:?}");
            }
        }
        // the shapes fedscope reads must be read
        for spec in
            ["github:acme/lib#semver:^2.1.0", "git+ssh://git@github.com:acme/lib.git#semver:~3.0.0", "acme/lib#v1.4.0"]
        {
            assert!(is_version_like(&normalize_version(spec)), "{spec}");
        }
    }

    #[test]
    fn webpack_and_rspack_inference_on_the_bundler_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pkg-bundler-inference");
        let disk = Disk::new(&root);
        let app = root.join("apps/rs");
        let range = |i: Inferred| match i {
            Inferred::Range(r, _) => Some(r),
            _ => None,
        };
        // webpack 5.113: the first declaration (null) ends the search with no range
        assert!(matches!(infer_required_version(&disk, &app, "react"), Inferred::NotVersionLike(t, _) if t == "null"));
        assert_eq!(range(infer_required_version(&disk, &app, "lodash")).as_deref(), Some("^4.17.21"));
        assert_eq!(range(infer_required_version(&disk, &app, "my-lib")).as_deref(), Some("^2.1.0"));
        assert!(matches!(infer_required_version(&disk, &app, "@acme/ui"), Inferred::NotVersionLike(..)));
        // rspack 1.7: the first string, as is
        assert_eq!(range(infer_required_version_rspack(&disk, &app, "react")).as_deref(), Some("^18.3.0"));
        assert_eq!(range(infer_required_version_rspack(&disk, &app, "lodash")).as_deref(), Some("  ^4.17.21  "));
        assert_eq!(range(infer_required_version_rspack(&disk, &app, "@acme/ui")).as_deref(), Some("workspace:*"));
        assert_eq!(
            range(infer_required_version_rspack(&disk, &app, "my-lib")).as_deref(),
            Some("github:acme/my-lib#semver:^2.1.0")
        );
        assert_eq!(infer_required_version_rspack(&disk, &app, "dayjs"), Inferred::NotFound);
    }

    #[test]
    fn an_unreadable_package_json_ends_webpack_search_but_not_rspack() {
        let root = std::env::temp_dir().join(format!("fedscope-pkg-unreadable-{}", std::process::id()));
        let app = root.join("apps/web");
        std::fs::create_dir_all(&app).unwrap();
        std::fs::write(root.join("package.json"), r#"{"dependencies":{"react":"^18.2.0"}}"#).unwrap();
        std::fs::write(root.join("apps/package.json"), "{ \"name\": \"apps\", }").unwrap();
        std::fs::write(app.join("package.json"), r#"{"name":"web"}"#).unwrap();
        let disk = Disk::new(&root);
        assert!(
            matches!(infer_required_version(&disk, &app, "react"), Inferred::Unreadable(p, _) if p.file == "apps/package.json" && p.line == 1)
        );
        assert!(matches!(infer_required_version_rspack(&disk, &app, "react"), Inferred::Range(r, _) if r == "^18.2.0"));
        std::fs::write(root.join("apps/package.json"), "[]").unwrap();
        let disk = Disk::new(&root);
        assert!(matches!(infer_required_version(&disk, &app, "react"), Inferred::Unreadable(..)));
        std::fs::remove_dir_all(&root).ok();
    }
}
