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

/// webpack's `normalizeVersion`: trimmed; a git URL's `#semver:` range; else as is.
pub fn normalize_version(spec: &str) -> String {
    let s = spec.trim();
    if is_version_like(s) {
        return s.to_string();
    }
    if let Some(i) = s.find("#semver:") {
        return s[i + "#semver:".len()..].to_string();
    }
    s.to_string()
}

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
    /// No package.json up the tree names or lists the package.
    NotFound,
}

/// webpack's `getDescriptionFile` + `getRequiredVersionFromDescriptionFile`:
/// walk up from the issuer's directory to the first package.json that is the
/// package or lists it in a dependency field.
pub fn infer_required_version(disk: &Disk, issuer_dir: &Path, package: &str) -> Inferred {
    let mut dir = Some(issuer_dir.to_path_buf());
    while let Some(d) = dir {
        if !disk.inside(&d) {
            break;
        }
        let file = d.join("package.json");
        if disk.is_file(&file)
            && let Ok(pkg) = disk.json(&file)
        {
            if name(&pkg) == Some(package) {
                return Inferred::SelfReference(Place { file: disk.rel(&file), line: 1 });
            }
            for field in DEP_FIELDS {
                if let Some(spec) = dep_spec(disk, &file, &pkg, field, package) {
                    let v = normalize_version(&spec.text);
                    return if is_version_like(&v) {
                        Inferred::Range(v, spec.place)
                    } else {
                        Inferred::NotVersionLike(spec.text, spec.place)
                    };
                }
            }
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    Inferred::NotFound
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

/// The nearest package.json at or above `dir` (inside the analysed directory).
pub fn nearest(disk: &Disk, dir: &Path) -> Option<PathBuf> {
    let mut d = Some(dir.to_path_buf());
    while let Some(x) = d {
        if !disk.inside(&x) {
            return None;
        }
        let f = x.join("package.json");
        if f.is_file() {
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
        assert_eq!(normalize_version("git+https://x/y.git#semver:^1.2.0"), "^1.2.0");
    }
}
