//! The Module Federation 2 runtime's semver dialect
//! (`@module-federation/runtime-core` `utils/semver`, a fork of
//! vite-plugin-federation's), plus the runtime's `versionLt` from `utils/share`.
//!
//! Ported regex for regex. The quirks that matter, all reproduced:
//! - `String.prototype.replace` with a non-global regex rewrites only the first
//!   match (so `> 1.2.3 < 1.2.5` keeps the space after `<`);
//! - prereleases are never excluded: `1.5.0-alpha` satisfies `^1.2.3`;
//! - identifiers compare with `Number(x) || x`, so `"0"` stays a string and a
//!   numeric identifier compares "less" than an alphanumeric one both ways;
//! - versions must be full `x.y.z` (partial versions satisfy nothing);
//! - `versionLt(a, b)` is really `a <= b`, with numeric partials padded to x.y.z.

use crate::js::{self, JS_SPACE_CLASS, NumOrStr};
use regex::{Captures, Regex};
use std::sync::OnceLock;

struct Patterns {
    hyphen_range: Regex,
    comparator_trim: Regex,
    tilde_trim: Regex,
    caret_trim: Regex,
    star: Regex,
    caret: Regex,
    tilde: Regex,
    x_range: Regex,
    comparator: Regex,
    gte0: Regex,
    spaces: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let build_identifier = "[0-9A-Za-z-]+";
        let build = format!(r"(?:\+({build_identifier}(?:\.{build_identifier})*))");
        let numeric_identifier = r"0|[1-9]\d*";
        let numeric_identifier_loose = "[0-9]+";
        let non_numeric_identifier = r"\d*[a-zA-Z-][a-zA-Z0-9-]*";
        let pre_release_identifier_loose = format!("(?:{numeric_identifier_loose}|{non_numeric_identifier})");
        let pre_release_loose =
            format!(r"(?:-?({pre_release_identifier_loose}(?:\.{pre_release_identifier_loose})*))");
        let pre_release_identifier = format!("(?:{numeric_identifier}|{non_numeric_identifier})");
        let pre_release = format!(r"(?:-({pre_release_identifier}(?:\.{pre_release_identifier})*))");
        let x_range_identifier = format!(r"{numeric_identifier}|x|X|\*");
        let x_range_plain = format!(
            r"[v=\s]*({x_range_identifier})(?:\.({x_range_identifier})(?:\.({x_range_identifier})(?:{pre_release})?{build}?)?)?"
        );
        let hyphen_range = format!(r"^\s*({x_range_plain})\s+-\s+({x_range_plain})\s*$");
        let main_version_loose =
            format!(r"({numeric_identifier_loose})\.({numeric_identifier_loose})\.({numeric_identifier_loose})");
        let loose_plain = format!(r"[v=\s]*{main_version_loose}{pre_release_loose}?{build}?");
        let gtlt = "((?:<|>)?=?)";
        let comparator_trim = format!(r"(\s*){gtlt}\s*({loose_plain}|{x_range_plain})");
        let lone_tilde = "(?:~>?)";
        let tilde_trim = format!(r"(\s*){lone_tilde}\s+");
        let lone_caret = r"(?:\^)";
        let caret_trim = format!(r"(\s*){lone_caret}\s+");
        let star = r"(<|>)?=?\s*\*";
        let caret = format!("^{lone_caret}{x_range_plain}$");
        let main_version = format!(r"({numeric_identifier})\.({numeric_identifier})\.({numeric_identifier})");
        let full_plain = format!("v?{main_version}{pre_release}?{build}?");
        let tilde = format!("^{lone_tilde}{x_range_plain}$");
        let x_range = format!(r"^{gtlt}\s*{x_range_plain}$");
        let comparator = format!(r"^{gtlt}\s*({full_plain})$|^$");
        let gte0 = r"^\s*>=\s*0.0.0\s*$";
        let js = |p: &str| {
            let p = p
                .replace(r"\s", JS_SPACE_CLASS)
                .replace(r"\d", "[0-9]")
                .replace("0.0.0", r"0[^\n\r\x{2028}\x{2029}]0[^\n\r\x{2028}\x{2029}]0");
            Regex::new(&p).expect("valid regex")
        };
        Patterns {
            hyphen_range: js(&hyphen_range),
            comparator_trim: js(&comparator_trim),
            tilde_trim: js(&tilde_trim),
            caret_trim: js(&caret_trim),
            star: js(star),
            caret: js(&caret),
            tilde: js(&tilde),
            x_range: js(&x_range),
            comparator: js(&comparator),
            gte0: js(gte0),
            spaces: js(r"\s+"),
        }
    })
}

/// `str.replace(re, fn)` for a non-global regex: only the first match.
fn replace_first(s: &str, re: &Regex, f: impl FnOnce(&Captures) -> String) -> String {
    match re.captures(s) {
        Some(c) => {
            let m = c.get(0).expect("group 0");
            format!("{}{}{}", &s[..m.start()], f(&c), &s[m.end()..])
        }
        None => s.to_string(),
    }
}

fn group<'a>(c: &'a Captures, i: usize) -> Option<&'a str> {
    c.get(i).map(|m| m.as_str())
}

fn g<'a>(c: &'a Captures, i: usize) -> &'a str {
    group(c, i).unwrap_or("")
}

fn is_x(v: Option<&str>) -> bool {
    match v {
        None => true,
        Some(v) => v.is_empty() || v.to_lowercase() == "x" || v == "*",
    }
}

/// `` `${Number(x) + 1}` ``
fn plus_one(x: &str) -> String {
    js::number_to_string(js::to_number(x) + 1.0)
}

/// `str.split(/\s+/)`
fn split_ws(s: &str) -> Vec<&str> {
    patterns().spaces.split(s).collect()
}

fn parse_hyphen(range: &str) -> String {
    replace_first(range, &patterns().hyphen_range, |c| {
        let from_major = group(c, 2);
        let from_minor = group(c, 3);
        let from_patch = group(c, 4);
        let to_major = group(c, 8);
        let to_minor = group(c, 9);
        let to_patch = group(c, 10);
        let to_pre = group(c, 11);
        let from = if is_x(from_major) {
            String::new()
        } else if is_x(from_minor) {
            format!(">={}.0.0", g(c, 2))
        } else if is_x(from_patch) {
            format!(">={}.{}.0", g(c, 2), g(c, 3))
        } else {
            format!(">={}", g(c, 1))
        };
        let to = if is_x(to_major) {
            String::new()
        } else if is_x(to_minor) {
            format!("<{}.0.0-0", plus_one(g(c, 8)))
        } else if is_x(to_patch) {
            format!("<{}.{}.0-0", g(c, 8), plus_one(g(c, 9)))
        } else if to_pre.is_some_and(|p| !p.is_empty()) {
            format!("<={}.{}.{}-{}", g(c, 8), g(c, 9), g(c, 10), g(c, 11))
        } else {
            format!("<={}", g(c, 7))
        };
        js::trim(&format!("{from} {to}")).to_string()
    })
}

fn parse_comparator_trim(range: &str) -> String {
    replace_first(range, &patterns().comparator_trim, |c| format!("{}{}{}", g(c, 1), g(c, 2), g(c, 3)))
}

fn parse_tilde_trim(range: &str) -> String {
    replace_first(range, &patterns().tilde_trim, |c| format!("{}~", g(c, 1)))
}

fn parse_caret_trim(range: &str) -> String {
    replace_first(range, &patterns().caret_trim, |c| format!("{}^", g(c, 1)))
}

fn parse_carets(range: &str) -> String {
    split_ws(js::trim(range))
        .into_iter()
        .map(|rv| {
            replace_first(rv, &patterns().caret, |c| {
                let (major, minor, patch) = (g(c, 1), g(c, 2), g(c, 3));
                let pre = group(c, 4).filter(|p| !p.is_empty());
                if is_x(group(c, 1)) {
                    String::new()
                } else if is_x(group(c, 2)) {
                    format!(">={major}.0.0 <{}.0.0-0", plus_one(major))
                } else if is_x(group(c, 3)) {
                    if major == "0" {
                        format!(">={major}.{minor}.0 <{major}.{}.0-0", plus_one(minor))
                    } else {
                        format!(">={major}.{minor}.0 <{}.0.0-0", plus_one(major))
                    }
                } else if let Some(pre) = pre {
                    if major == "0" {
                        if minor == "0" {
                            format!(">={major}.{minor}.{patch}-{pre} <{major}.{minor}.{}-0", plus_one(patch))
                        } else {
                            format!(">={major}.{minor}.{patch}-{pre} <{major}.{}.0-0", plus_one(minor))
                        }
                    } else {
                        format!(">={major}.{minor}.{patch}-{pre} <{}.0.0-0", plus_one(major))
                    }
                } else if major == "0" {
                    if minor == "0" {
                        format!(">={major}.{minor}.{patch} <{major}.{minor}.{}-0", plus_one(patch))
                    } else {
                        format!(">={major}.{minor}.{patch} <{major}.{}.0-0", plus_one(minor))
                    }
                } else {
                    format!(">={major}.{minor}.{patch} <{}.0.0-0", plus_one(major))
                }
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_tildes(range: &str) -> String {
    split_ws(js::trim(range))
        .into_iter()
        .map(|rv| {
            replace_first(rv, &patterns().tilde, |c| {
                let (major, minor, patch) = (g(c, 1), g(c, 2), g(c, 3));
                let pre = group(c, 4).filter(|p| !p.is_empty());
                if is_x(group(c, 1)) {
                    String::new()
                } else if is_x(group(c, 2)) {
                    format!(">={major}.0.0 <{}.0.0-0", plus_one(major))
                } else if is_x(group(c, 3)) {
                    format!(">={major}.{minor}.0 <{major}.{}.0-0", plus_one(minor))
                } else if let Some(pre) = pre {
                    format!(">={major}.{minor}.{patch}-{pre} <{major}.{}.0-0", plus_one(minor))
                } else {
                    format!(">={major}.{minor}.{patch} <{major}.{}.0-0", plus_one(minor))
                }
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_x_ranges(range: &str) -> String {
    split_ws(range)
        .into_iter()
        .map(|rv| {
            replace_first(js::trim(rv), &patterns().x_range, |c| {
                let mut gtlt = g(c, 1).to_string();
                let mut major = g(c, 2).to_string();
                let mut minor = g(c, 3).to_string();
                let is_x_major = is_x(group(c, 2));
                let is_x_minor = is_x_major || is_x(group(c, 3));
                let is_x_patch = is_x_minor || is_x(group(c, 4));
                if gtlt == "=" && is_x_patch {
                    gtlt = String::new();
                }
                let mut pre = "";
                if is_x_major {
                    if gtlt == ">" || gtlt == "<" { "<0.0.0-0".into() } else { "*".into() }
                } else if !gtlt.is_empty() && is_x_patch {
                    if is_x_minor {
                        minor = "0".into();
                    }
                    let patch = "0";
                    if gtlt == ">" {
                        gtlt = ">=".into();
                        if is_x_minor {
                            major = plus_one(&major);
                            minor = "0".into();
                        } else {
                            minor = plus_one(&minor);
                        }
                    } else if gtlt == "<=" {
                        gtlt = "<".into();
                        if is_x_minor {
                            major = plus_one(&major);
                        } else {
                            minor = plus_one(&minor);
                        }
                    }
                    if gtlt == "<" {
                        pre = "-0";
                    }
                    format!("{gtlt}{major}.{minor}.{patch}{pre}")
                } else if is_x_minor {
                    format!(">={major}.0.0{pre} <{}.0.0-0", plus_one(&major))
                } else if is_x_patch {
                    format!(">={major}.{minor}.0{pre} <{major}.{}.0-0", plus_one(&minor))
                } else {
                    c[0].to_string()
                }
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_star(range: &str) -> String {
    replace_first(js::trim(range), &patterns().star, |_| String::new())
}

fn parse_gte0(comparator: &str) -> String {
    replace_first(js::trim(comparator), &patterns().gte0, |_| String::new())
}

fn parse_comparator_string(range: &str) -> String {
    parse_star(&parse_x_ranges(&parse_tildes(&parse_carets(range))))
}

fn parse_range(range: &str) -> String {
    let r = parse_caret_trim(&parse_tilde_trim(&parse_comparator_trim(&parse_hyphen(js::trim(range)))));
    split_ws(&r).join(" ")
}

struct Atom {
    operator: Option<String>,
    version: String,
    major: String,
    minor: String,
    patch: String,
    pre_release: Option<Vec<String>>,
}

fn extract(s: &str) -> Option<Atom> {
    let c = patterns().comparator.captures(s)?;
    let major = g(&c, 3).to_string();
    let minor = g(&c, 4).to_string();
    let patch = g(&c, 5).to_string();
    let pre = group(&c, 6);
    let mut version = format!("{major}.{minor}.{patch}");
    if let Some(p) = pre.filter(|p| !p.is_empty()) {
        version.push('-');
        version.push_str(p);
    }
    Some(Atom {
        operator: group(&c, 1).map(str::to_string),
        version,
        major,
        minor,
        patch,
        pre_release: pre.map(|p| p.split('.').map(str::to_string).collect()),
    })
}

/// `Number(x) || x`
fn atom_value(x: &str) -> NumOrStr {
    let n = js::to_number(x);
    if n != 0.0 && !n.is_nan() { NumOrStr::Num(n) } else { NumOrStr::Str(x.to_string()) }
}

fn compare_atom(range: &str, version: &str) -> i32 {
    let r = atom_value(range);
    let v = atom_value(version);
    if r.gt(&v) {
        1
    } else if r.strict_eq(&v) {
        0
    } else {
        -1
    }
}

fn compare_pre_release(range: &Atom, version: &Atom) -> i32 {
    match (&range.pre_release, &version.pre_release) {
        (None, Some(_)) => 1,
        (Some(_), None) => -1,
        (None, None) => 0,
        (Some(r), Some(v)) => {
            for i in 0..=r.len() {
                let re = r.get(i);
                let ve = v.get(i);
                if re == ve {
                    continue;
                }
                let Some(re) = re.filter(|s| !s.is_empty()) else {
                    return 1;
                };
                let Some(ve) = ve.filter(|s| !s.is_empty()) else {
                    return -1;
                };
                return compare_atom(re, ve);
            }
            0
        }
    }
}

fn compare_version(range: &Atom, version: &Atom) -> i32 {
    for (r, v) in [(&range.major, &version.major), (&range.minor, &version.minor), (&range.patch, &version.patch)] {
        let c = compare_atom(r, v);
        if c != 0 {
            return c;
        }
    }
    compare_pre_release(range, version)
}

fn compare(range: &Atom, version: &Atom) -> bool {
    let eq = range.version == version.version;
    match range.operator.as_deref() {
        Some("") | Some("=") => eq,
        Some(">") => compare_version(range, version) < 0,
        Some(">=") => eq || compare_version(range, version) < 0,
        Some("<") => compare_version(range, version) > 0,
        Some("<=") => eq || compare_version(range, version) > 0,
        None => true,
        Some(_) => false,
    }
}

/// `satisfy(version, range)` of `@module-federation/runtime-core`.
pub fn satisfy(version: &str, range: &str) -> bool {
    if version.is_empty() {
        return false;
    }
    let Some(version_atom) = extract(version) else {
        return false;
    };
    for or_range in range.split("||") {
        let trimmed = js::trim(or_range);
        if trimmed.is_empty() || trimmed == "*" || trimmed == "x" {
            return true;
        }
        let parsed = parse_range(trimmed);
        if js::trim(&parsed).is_empty() {
            return true;
        }
        let comparator_string = parsed.split(' ').map(parse_comparator_string).collect::<Vec<_>>().join(" ");
        if js::trim(&comparator_string).is_empty() {
            return true;
        }
        let comparators: Vec<String> =
            split_ws(&comparator_string).into_iter().map(parse_gte0).filter(|c| !c.is_empty()).collect();
        if comparators.is_empty() {
            continue;
        }
        let all = comparators.iter().all(|c| match extract(c) {
            Some(atom) => compare(&atom, &version_atom),
            None => false,
        });
        if all {
            return true;
        }
    }
    false
}

/// `versionLt(a, b)` of `runtime-core/src/utils/share.ts`: in truth `a <= b`.
pub fn version_lt(a: &str, b: &str) -> bool {
    fn pad(v: &str) -> String {
        if js::to_number(v).is_nan() {
            return v.to_string();
        }
        let parts = v.split('.').count();
        let mut out = v.to_string();
        for _ in parts..3 {
            out.push_str(".0");
        }
        out
    }
    satisfy(&pad(a), &format!("<={}", pad(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prereleases_are_not_excluded() {
        assert!(satisfy("18.3.0-canary.1", "^18.0.0 || ^19.0.0"));
        assert!(!satisfy("19.0.0-rc.1", "^18 || ^19"));
        assert!(satisfy("19.0.0-rc.1", ">=18"));
        assert!(satisfy("1.2.3-beta", "^1.2.3-beta.1"));
        assert!(satisfy("1.5.0-alpha", "^1.2.3"));
        assert!(satisfy("19.0.0-rc-123", "*"));
    }

    #[test]
    fn odd_versions() {
        assert!(!satisfy("1.2", "*"));
        assert!(satisfy("v1.2.3", "^1.0.0"));
        assert!(!satisfy("01.2.3", "*"));
        assert!(satisfy("=1.2.3", "1.2.3"));
        assert!(!satisfy("0", "*"));
        assert!(satisfy("1.2.5", "~> 1.2"));
    }

    #[test]
    fn ranges() {
        assert!(satisfy("18.2.0", "^18.0.0"));
        assert!(!satisfy("17.0.2", "^18.0.0"));
        assert!(satisfy("2.3.4", "1.2.3 - 2.3.4"));
        assert!(!satisfy("2.3.5", "1.2.3 - 2.3.4"));
        assert!(satisfy("0.2.9", "^0.2.3"));
        assert!(!satisfy("0.3.0", "^0.2.3"));
    }

    #[test]
    fn version_lt_is_less_or_equal() {
        assert!(version_lt("1.0.0", "1.0.0"));
        assert!(version_lt("1", "1.5"));
        assert!(version_lt("1.0.0+b2", "1.0.0+b1"));
        assert!(!version_lt("1.0.0-1", "1.0.0-alpha"));
        assert!(!version_lt("2.0.0", "1.0.0"));
    }
}
