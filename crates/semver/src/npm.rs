//! npm's semver dialect: node-semver 7.8 (`semver` on npm), as npm, pnpm and
//! yarn read package.json ranges and lockfile versions.
//!
//! A port of the default-options path (not loose, no `includePrerelease`):
//! `new SemVer`, `new Comparator`, `new Range` (with the "safe" regexes and the
//! `trimComparatorWhitespace` scanner of 7.8) and `satisfies`. Invalid input
//! never throws at the top level: it satisfies nothing, as in node-semver.

use crate::js::{self, JS_SPACE_CLASS};
use regex::{Captures, Regex};
use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

const MAX_LENGTH: usize = 256;
const MAX_SAFE_BUILD_LENGTH: usize = MAX_LENGTH - 6;
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

struct Re {
    full: Regex,
    comparator: Regex,
    build: Regex,
    build_global: Regex,
    hyphen_range: Regex,
    tilde_trim: Regex,
    caret_trim: Regex,
    tilde: Regex,
    caret: Regex,
    x_range: Regex,
    star: Regex,
    gte0: Regex,
    spaces: Regex,
}

/// node-semver's `makeSafeRegex`, then JavaScript's `\s` and `\d` spelled out.
fn safe(src: &str) -> Regex {
    let mut v = src.to_string();
    for (token, max) in [(r"\s", 1), (r"\d", MAX_LENGTH), ("[a-zA-Z0-9-]", MAX_SAFE_BUILD_LENGTH)] {
        v = v.replace(&format!("{token}*"), &format!("{token}{{0,{max}}}"));
        v = v.replace(&format!("{token}+"), &format!("{token}{{1,{max}}}"));
    }
    plain(&v)
}

fn plain(src: &str) -> Regex {
    Regex::new(&src.replace(r"\s", JS_SPACE_CLASS).replace(r"\d", "[0-9]")).expect("valid regex")
}

fn re() -> &'static Re {
    static RE: OnceLock<Re> = OnceLock::new();
    RE.get_or_init(|| {
        let ldn = "[a-zA-Z0-9-]";
        let numeric = r"0|[1-9]\d*";
        let numeric_loose = r"\d+";
        let non_numeric = format!(r"\d*[a-zA-Z-]{ldn}*");
        let main_version = format!(r"({numeric})\.({numeric})\.({numeric})");
        let main_version_loose = format!(r"({numeric_loose})\.({numeric_loose})\.({numeric_loose})");
        let pre_id = format!("(?:{non_numeric}|{numeric})");
        let pre_id_loose = format!("(?:{non_numeric}|{numeric_loose})");
        let pre = format!(r"(?:-({pre_id}(?:\.{pre_id})*))");
        let pre_loose = format!(r"(?:-?({pre_id_loose}(?:\.{pre_id_loose})*))");
        let build_id = format!("{ldn}+");
        let build = format!(r"(?:\+({build_id}(?:\.{build_id})*))");
        let full_plain = format!("v?{main_version}{pre}?{build}?");
        let loose_plain = format!(r"[v=\s]*{main_version_loose}{pre_loose}?{build}?");
        let gtlt = "((?:<|>)?=?)";
        let xr_id = format!(r"{numeric}|x|X|\*");
        let x_range_plain = format!(r"[v=\s]*({xr_id})(?:\.({xr_id})(?:\.({xr_id})(?:{pre})?{build}?)?)?");
        let _ = loose_plain;
        Re {
            full: safe(&format!("^{full_plain}$")),
            comparator: safe(&format!(r"^{gtlt}\s*({full_plain})$|^$")),
            build: safe(&build),
            build_global: plain(&build),
            hyphen_range: safe(&format!(r"^\s*({x_range_plain})\s+-\s+({x_range_plain})\s*$")),
            tilde_trim: safe(r"(\s*)(?:~>?)\s+"),
            caret_trim: safe(r"(\s*)(?:\^)\s+"),
            tilde: safe(&format!("^(?:~>?){x_range_plain}$")),
            caret: safe(&format!(r"^(?:\^){x_range_plain}$")),
            x_range: safe(&format!(r"^{gtlt}\s*{x_range_plain}$")),
            star: safe(r"(<|>)?=?\s*\*"),
            gte0: safe(r"^\s*>=\s*0\.0\.0\s*$"),
            spaces: plain(r"\s+"),
        }
    })
}

fn replace_first(s: &str, re: &Regex, f: impl FnOnce(&Captures) -> String) -> String {
    match re.captures(s) {
        Some(c) => {
            let m = c.get(0).expect("group 0");
            format!("{}{}{}", &s[..m.start()], f(&c), &s[m.end()..])
        }
        None => s.to_string(),
    }
}

fn replace_all(s: &str, re: &Regex, f: impl Fn(&Captures) -> String) -> String {
    re.replace_all(s, |c: &Captures| f(c)).into_owned()
}

fn group<'a>(c: &'a Captures, i: usize) -> Option<&'a str> {
    c.get(i).map(|m| m.as_str())
}

fn g<'a>(c: &'a Captures, i: usize) -> &'a str {
    group(c, i).unwrap_or("")
}

fn split_ws(s: &str) -> Vec<&str> {
    re().spaces.split(s).collect()
}

fn is_x(id: Option<&str>) -> bool {
    match id {
        None => true,
        Some(id) => id.is_empty() || id.to_lowercase() == "x" || id == "*",
    }
}

/// `` `${+x + 1}` ``
fn plus_one(x: &str) -> String {
    js::number_to_string(js::to_number(x) + 1.0)
}

/// A prerelease identifier: a number (`/^[0-9]+$/` below 2^53 - 1) or a string.
#[derive(Clone, Debug, PartialEq)]
enum Ident {
    Num(f64),
    Str(String),
}

impl Ident {
    fn text(&self) -> String {
        match self {
            Ident::Num(n) => js::number_to_string(*n),
            Ident::Str(s) => s.clone(),
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// node-semver's `compareIdentifiers`.
fn compare_identifiers(a: &Ident, b: &Ident) -> Ordering {
    if let (Ident::Num(x), Ident::Num(y)) = (a, b) {
        return x.partial_cmp(y).unwrap_or(Ordering::Equal);
    }
    let (at, bt) = (a.text(), b.text());
    let anum = all_digits(&at);
    let bnum = all_digits(&bt);
    let (av, bv) = if anum && bnum {
        (js::NumOrStr::Num(js::to_number(&at)), js::NumOrStr::Num(js::to_number(&bt)))
    } else {
        let v = |i: &Ident| match i {
            Ident::Num(n) => js::NumOrStr::Num(*n),
            Ident::Str(s) => js::NumOrStr::Str(s.clone()),
        };
        (v(a), v(b))
    };
    if av.strict_eq(&bv) {
        Ordering::Equal
    } else if anum && !bnum {
        Ordering::Less
    } else if bnum && !anum {
        Ordering::Greater
    } else if av.lt(&bv) {
        Ordering::Less
    } else {
        Ordering::Greater
    }
}

/// A version as node-semver's `SemVer` holds it.
#[derive(Clone, Debug)]
pub struct Version {
    pub major: f64,
    pub minor: f64,
    pub patch: f64,
    prerelease: Vec<Ident>,
    /// The normalised text (`major.minor.patch[-pre]`), without build metadata.
    pub version: String,
}

/// Why node-semver rejects an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid(pub String);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

impl Version {
    /// `new SemVer(version)`.
    pub fn parse(version: &str) -> Result<Version, Invalid> {
        if version.encode_utf16().count() > MAX_LENGTH {
            return Err(Invalid(format!("version is longer than {MAX_LENGTH} characters")));
        }
        let c = re().full.captures(js::trim(version)).ok_or_else(|| Invalid(format!("Invalid Version: {version}")))?;
        let num = |i: usize, what: &str| -> Result<f64, Invalid> {
            let n = js::to_number(g(&c, i));
            if !(0.0..=MAX_SAFE_INTEGER).contains(&n) {
                return Err(Invalid(format!("Invalid {what} version")));
            }
            Ok(n)
        };
        let major = num(1, "major")?;
        let minor = num(2, "minor")?;
        let patch = num(3, "patch")?;
        let prerelease: Vec<Ident> = match group(&c, 4).filter(|p| !p.is_empty()) {
            None => Vec::new(),
            Some(p) => p
                .split('.')
                .map(|id| {
                    if all_digits(id) {
                        let n = js::to_number(id);
                        if (0.0..MAX_SAFE_INTEGER).contains(&n) {
                            return Ident::Num(n);
                        }
                    }
                    Ident::Str(id.to_string())
                })
                .collect(),
        };
        let mut text =
            format!("{}.{}.{}", js::number_to_string(major), js::number_to_string(minor), js::number_to_string(patch));
        if !prerelease.is_empty() {
            text.push('-');
            text.push_str(&prerelease.iter().map(Ident::text).collect::<Vec<_>>().join("."));
        }
        Ok(Version { major, minor, patch, prerelease, version: text })
    }

    pub fn is_prerelease(&self) -> bool {
        !self.prerelease.is_empty()
    }

    fn compare_main(&self, other: &Version) -> Ordering {
        for (a, b) in [(self.major, other.major), (self.minor, other.minor), (self.patch, other.patch)] {
            if a < b {
                return Ordering::Less;
            }
            if a > b {
                return Ordering::Greater;
            }
        }
        Ordering::Equal
    }

    fn compare_pre(&self, other: &Version) -> Ordering {
        match (self.prerelease.is_empty(), other.prerelease.is_empty()) {
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => return Ordering::Equal,
            _ => {}
        }
        let mut i = 0;
        loop {
            match (self.prerelease.get(i), other.prerelease.get(i)) {
                (None, None) => return Ordering::Equal,
                (Some(_), None) => return Ordering::Greater,
                (None, Some(_)) => return Ordering::Less,
                (Some(a), Some(b)) => {
                    let same = match (a, b) {
                        (Ident::Num(x), Ident::Num(y)) => x == y,
                        (Ident::Str(x), Ident::Str(y)) => x == y,
                        _ => false,
                    };
                    if !same {
                        return compare_identifiers(a, b);
                    }
                }
            }
            i += 1;
        }
    }

    /// `semver.compare(a, b)` (build metadata ignored).
    pub fn compare(&self, other: &Version) -> Ordering {
        if self.version == other.version {
            return Ordering::Equal;
        }
        self.compare_main(other).then_with(|| self.compare_pre(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.version)
    }
}

#[derive(Clone, Debug)]
struct Comparator {
    operator: String,
    /// `None` is node-semver's `ANY`.
    semver: Option<Version>,
    value: String,
}

impl Comparator {
    fn parse(comp: &str) -> Result<Comparator, Invalid> {
        let comp = split_ws(js::trim(comp)).join(" ");
        let c = re().comparator.captures(&comp).ok_or_else(|| Invalid(format!("Invalid comparator: {comp}")))?;
        let mut operator = g(&c, 1).to_string();
        if operator == "=" {
            operator.clear();
        }
        let semver = match group(&c, 2).filter(|s| !s.is_empty()) {
            None => None,
            Some(v) => Some(Version::parse(v)?),
        };
        let value = match &semver {
            None => String::new(),
            Some(v) => format!("{operator}{}", v.version),
        };
        Ok(Comparator { operator, semver, value })
    }

    fn test(&self, version: &Version) -> bool {
        let Some(semver) = &self.semver else {
            return true;
        };
        let ord = version.compare(semver);
        match self.operator.as_str() {
            "" | "=" | "==" => ord == Ordering::Equal,
            ">" => ord == Ordering::Greater,
            ">=" => ord != Ordering::Less,
            "<" => ord == Ordering::Less,
            "<=" => ord != Ordering::Greater,
            _ => false,
        }
    }
}

/// A range as node-semver's `Range` holds it: a union of comparator sets.
#[derive(Clone, Debug)]
pub struct Range {
    set: Vec<Vec<Comparator>>,
}

fn hyphen_replace(c: &Captures) -> String {
    let from = if is_x(group(c, 2)) {
        String::new()
    } else if is_x(group(c, 3)) {
        format!(">={}.0.0", g(c, 2))
    } else if is_x(group(c, 4)) {
        format!(">={}.{}.0", g(c, 2), g(c, 3))
    } else {
        format!(">={}", g(c, 1))
    };
    let to = if is_x(group(c, 8)) {
        String::new()
    } else if is_x(group(c, 9)) {
        format!("<{}.0.0-0", plus_one(g(c, 8)))
    } else if is_x(group(c, 10)) {
        format!("<{}.{}.0-0", g(c, 8), plus_one(g(c, 9)))
    } else if group(c, 11).is_some_and(|p| !p.is_empty()) {
        format!("<={}.{}.{}-{}", g(c, 8), g(c, 9), g(c, 10), g(c, 11))
    } else {
        format!("<={}", g(c, 7))
    };
    js::trim(&format!("{from} {to}")).to_string()
}

fn replace_caret(comp: &str) -> String {
    replace_first(comp, &re().caret, |c| {
        let (m_, m, p) = (g(c, 1), g(c, 2), g(c, 3));
        let pr = group(c, 4).filter(|s| !s.is_empty());
        if is_x(group(c, 1)) {
            String::new()
        } else if is_x(group(c, 2)) {
            format!(">={m_}.0.0 <{}.0.0-0", plus_one(m_))
        } else if is_x(group(c, 3)) {
            if m_ == "0" {
                format!(">={m_}.{m}.0 <{m_}.{}.0-0", plus_one(m))
            } else {
                format!(">={m_}.{m}.0 <{}.0.0-0", plus_one(m_))
            }
        } else if let Some(pr) = pr {
            if m_ == "0" {
                if m == "0" {
                    format!(">={m_}.{m}.{p}-{pr} <{m_}.{m}.{}-0", plus_one(p))
                } else {
                    format!(">={m_}.{m}.{p}-{pr} <{m_}.{}.0-0", plus_one(m))
                }
            } else {
                format!(">={m_}.{m}.{p}-{pr} <{}.0.0-0", plus_one(m_))
            }
        } else if m_ == "0" {
            if m == "0" {
                format!(">={m_}.{m}.{p} <{m_}.{m}.{}-0", plus_one(p))
            } else {
                format!(">={m_}.{m}.{p} <{m_}.{}.0-0", plus_one(m))
            }
        } else {
            format!(">={m_}.{m}.{p} <{}.0.0-0", plus_one(m_))
        }
    })
}

fn replace_tilde(comp: &str) -> String {
    replace_first(comp, &re().tilde, |c| {
        let (m_, m, p) = (g(c, 1), g(c, 2), g(c, 3));
        let pr = group(c, 4).filter(|s| !s.is_empty());
        if is_x(group(c, 1)) {
            String::new()
        } else if is_x(group(c, 2)) {
            format!(">={m_}.0.0 <{}.0.0-0", plus_one(m_))
        } else if is_x(group(c, 3)) {
            format!(">={m_}.{m}.0 <{m_}.{}.0-0", plus_one(m))
        } else if let Some(pr) = pr {
            format!(">={m_}.{m}.{p}-{pr} <{m_}.{}.0-0", plus_one(m))
        } else {
            format!(">={m_}.{m}.{p} <{m_}.{}.0-0", plus_one(m))
        }
    })
}

fn replace_x_range(comp: &str) -> String {
    let comp = js::trim(comp);
    replace_first(comp, &re().x_range, |c| {
        let (maj, min, pat) = (group(c, 2), group(c, 3), group(c, 4));
        let invalid_order =
            (is_x(maj) && !is_x(min)) || (is_x(min) && pat.is_some_and(|p| !p.is_empty()) && !is_x(pat));
        if invalid_order {
            return comp.to_string();
        }
        let xm_major = is_x(maj);
        let xm = xm_major || is_x(min);
        let xp = xm || is_x(pat);
        let mut gtlt = g(c, 1).to_string();
        if gtlt == "=" && xp {
            gtlt.clear();
        }
        let mut pr = "";
        let (mut major, mut minor) = (g(c, 2).to_string(), g(c, 3).to_string());
        if xm_major {
            if gtlt == ">" || gtlt == "<" { "<0.0.0-0".into() } else { "*".into() }
        } else if !gtlt.is_empty() && xp {
            if xm {
                minor = "0".into();
            }
            if gtlt == ">" {
                gtlt = ">=".into();
                if xm {
                    major = plus_one(&major);
                    minor = "0".into();
                } else {
                    minor = plus_one(&minor);
                }
            } else if gtlt == "<=" {
                gtlt = "<".into();
                if xm {
                    major = plus_one(&major);
                } else {
                    minor = plus_one(&minor);
                }
            }
            if gtlt == "<" {
                pr = "-0";
            }
            format!("{gtlt}{major}.{minor}.0{pr}")
        } else if xm {
            format!(">={major}.0.0{pr} <{}.0.0-0", plus_one(&major))
        } else if xp {
            format!(">={major}.{minor}.0{pr} <{major}.{}.0-0", plus_one(&minor))
        } else {
            c[0].to_string()
        }
    })
}

fn parse_comparator(comp: &str) -> String {
    let comp = replace_first(comp, &re().build, |_| String::new());
    let comp = split_ws(js::trim(&comp)).into_iter().map(replace_caret).collect::<Vec<_>>().join(" ");
    let comp = split_ws(js::trim(&comp)).into_iter().map(replace_tilde).collect::<Vec<_>>().join(" ");
    let comp = split_ws(&comp).into_iter().map(replace_x_range).collect::<Vec<_>>().join(" ");
    replace_first(js::trim(&comp), &re().star, |_| String::new())
}

fn parse_range_set(range: &str) -> Result<Vec<Comparator>, Invalid> {
    let range = replace_all(range, &re().build_global, |_| String::new());
    let range = replace_first(&range, &re().hyphen_range, hyphen_replace);
    let range = trim_comparator_whitespace(&range);
    let range = replace_all(&range, &re().tilde_trim, |c| format!("{}~", g(c, 1)));
    let range = replace_all(&range, &re().caret_trim, |c| format!("{}^", g(c, 1)));
    let joined = range.split(' ').map(parse_comparator).collect::<Vec<_>>().join(" ");
    let list: Vec<String> =
        split_ws(&joined).into_iter().map(|c| replace_first(js::trim(c), &re().gte0, |_| String::new())).collect();
    let mut map: Vec<Comparator> = Vec::new();
    for comp in list {
        let comp = Comparator::parse(&comp)?;
        if comp.value == "<0.0.0-0" {
            return Ok(vec![comp]);
        }
        match map.iter_mut().find(|c| c.value == comp.value) {
            Some(existing) => *existing = comp,
            None => map.push(comp),
        }
    }
    if map.len() > 1 && map.iter().any(|c| c.value.is_empty()) {
        map.retain(|c| !c.value.is_empty());
    }
    Ok(map)
}

impl Range {
    /// `new Range(range)`.
    pub fn parse(range: &str) -> Result<Range, Invalid> {
        let raw = re().spaces.replace_all(js::trim(range), " ").into_owned();
        let mut set = Vec::new();
        for part in raw.split("||") {
            let comps = parse_range_set(js::trim(part))?;
            if !comps.is_empty() {
                set.push(comps);
            }
        }
        if set.is_empty() {
            return Err(Invalid(format!("Invalid SemVer Range: {raw}")));
        }
        if set.len() > 1 {
            let first = set[0].clone();
            set.retain(|c| c[0].value != "<0.0.0-0");
            if set.is_empty() {
                set = vec![first];
            } else if set.len() > 1
                && let Some(any) = set.iter().find(|c| c.len() == 1 && c[0].value.is_empty()).cloned()
            {
                set = vec![any];
            }
        }
        Ok(Range { set })
    }

    /// `range.test(version)`.
    pub fn test(&self, version: &Version) -> bool {
        self.set.iter().any(|set| test_set(set, version))
    }
}

fn test_set(set: &[Comparator], version: &Version) -> bool {
    if !set.iter().all(|c| c.test(version)) {
        return false;
    }
    if version.is_prerelease() {
        return set.iter().any(|c| {
            c.semver.as_ref().is_some_and(|allowed| {
                allowed.is_prerelease()
                    && allowed.major == version.major
                    && allowed.minor == version.minor
                    && allowed.patch == version.patch
            })
        });
    }
    true
}

// ---- trimComparatorWhitespace (node-semver 7.8's scanner) -------------------

fn at(s: &[char], i: usize) -> Option<char> {
    s.get(i).copied()
}
fn is_ws(c: Option<char>) -> bool {
    c.is_some_and(|c| c as u32 <= 0xFFFF && js::is_js_space(c))
}
fn is_prefix(c: Option<char>) -> bool {
    c == Some('v') || c == Some('=') || is_ws(c)
}
fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}
fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic())
}
fn is_ident_char(c: Option<char>) -> bool {
    is_digit(c) || is_letter(c) || c == Some('-')
}
fn is_version_start(c: Option<char>) -> bool {
    is_digit(c) || matches!(c, Some('x' | 'X' | '*'))
}

fn digits_end(s: &[char], start: usize, limit: usize) -> usize {
    if !is_digit(at(s, start)) {
        return start;
    }
    let mut end = start + 1;
    while is_digit(at(s, end)) {
        end += 1;
    }
    end.min(start + limit)
}

fn version_number_end(s: &[char], start: usize, loose: bool) -> usize {
    if !loose && at(s, start) == Some('0') {
        return start + 1;
    }
    digits_end(s, start, if loose { MAX_LENGTH } else { MAX_LENGTH + 1 })
}

fn prerelease_ident_end(s: &[char], start: usize, loose: bool) -> usize {
    let d = digits_end(s, start, MAX_LENGTH);
    if is_letter(at(s, d)) || at(s, d) == Some('-') {
        let mut end = d + 1;
        let limit = end + MAX_SAFE_BUILD_LENGTH;
        while end < limit && is_ident_char(at(s, end)) {
            end += 1;
        }
        return end;
    }
    version_number_end(s, start, loose)
}

fn prerelease_end(s: &[char], start: usize, loose: bool) -> usize {
    let hyphen = at(s, start) == Some('-');
    if !loose && !hyphen {
        return start;
    }
    let id_start = start + usize::from(hyphen);
    let mut end = prerelease_ident_end(s, id_start, loose);
    if end == id_start {
        if !loose || !hyphen {
            return start;
        }
        end = prerelease_ident_end(s, start, loose);
    }
    while at(s, end) == Some('.') {
        let next = prerelease_ident_end(s, end + 1, loose);
        if next == end + 1 {
            break;
        }
        end = next;
    }
    end
}

fn build_ident_end(s: &[char], start: usize) -> usize {
    let mut end = start;
    while end - start < MAX_SAFE_BUILD_LENGTH && is_ident_char(at(s, end)) {
        end += 1;
    }
    end
}

fn build_end(s: &[char], start: usize) -> usize {
    if at(s, start) != Some('+') {
        return start;
    }
    let mut end = build_ident_end(s, start + 1);
    if end == start + 1 {
        return start;
    }
    while at(s, end) == Some('.') {
        let next = build_ident_end(s, end + 1);
        if next == end + 1 {
            break;
        }
        end = next;
    }
    end
}

fn loose_full_version_end(s: &[char], start: usize) -> usize {
    let mut end = start;
    for component in 0..3 {
        let next = version_number_end(s, end, true);
        if next == end {
            return start;
        }
        end = next;
        if component < 2 {
            if at(s, end) != Some('.') {
                return start;
            }
            end += 1;
        }
    }
    build_end(s, prerelease_end(s, end, true))
}

fn partial_component_end(s: &[char], start: usize) -> usize {
    if is_digit(at(s, start)) {
        return version_number_end(s, start, false);
    }
    if is_version_start(at(s, start)) { start + 1 } else { start }
}

fn partial_version_end(s: &[char], start: usize) -> usize {
    let mut end = partial_component_end(s, start);
    for _ in 0..2 {
        if at(s, end) != Some('.') {
            return end;
        }
        let next = partial_component_end(s, end + 1);
        if next == end + 1 {
            return end;
        }
        end = next;
    }
    build_end(s, prerelease_end(s, end, false))
}

fn version_end(s: &[char], start: usize) -> usize {
    let full = loose_full_version_end(s, start);
    if full != start { full } else { partial_version_end(s, start) }
}

fn removable_whitespace(s: &[char], match_start: usize) -> Option<usize> {
    let mut p = match_start;
    if is_ws(at(s, p)) {
        p += 1;
    }
    if matches!(at(s, p), Some('<' | '>')) {
        p += 1;
    }
    if at(s, p) == Some('=') {
        p += 1;
    }
    is_ws(at(s, p)).then_some(p)
}

fn trim_comparator_whitespace(range: &str) -> String {
    let s: Vec<char> = range.chars().collect();
    let mut result = String::new();
    let mut copy_from = 0;
    let mut cursor = 0;
    while cursor < s.len() {
        let match_start = cursor;
        if matches!(at(&s, cursor), Some('<' | '>')) {
            cursor += 1;
        } else if !is_prefix(at(&s, cursor)) && !is_version_start(at(&s, cursor)) {
            cursor += 1;
            continue;
        }
        while cursor < s.len() && is_prefix(at(&s, cursor)) {
            cursor += 1;
        }
        if !is_version_start(at(&s, cursor)) {
            continue;
        }
        if let Some(ws) = removable_whitespace(&s, match_start) {
            result.extend(&s[copy_from..ws]);
            copy_from = ws + 1;
        }
        cursor = version_end(&s, cursor);
    }
    result.extend(&s[copy_from.min(s.len())..]);
    result
}

// ---- top-level functions ----------------------------------------------------

/// `semver.satisfies(version, range)` with default options.
pub fn satisfies(version: &str, range: &str) -> bool {
    let Ok(range) = Range::parse(range) else {
        return false;
    };
    if version.is_empty() {
        return false;
    }
    match Version::parse(version) {
        Ok(v) => range.test(&v),
        Err(_) => false,
    }
}

/// `semver.valid(version)`: the normalised version, or `None`.
pub fn valid(version: &str) -> Option<String> {
    Version::parse(version).ok().map(|v| v.version)
}

/// `semver.validRange(range)`: whether npm can parse the range at all.
pub fn valid_range(range: &str) -> bool {
    Range::parse(range).is_ok()
}

/// `semver.maxSatisfying(versions, range)`.
pub fn max_satisfying<'a>(versions: impl IntoIterator<Item = &'a str>, range: &str) -> Option<&'a str> {
    let range = Range::parse(range).ok()?;
    let mut best: Option<(&str, Version)> = None;
    for text in versions {
        let Ok(v) = Version::parse(text) else { continue };
        if range.test(&v) && best.as_ref().is_none_or(|(_, b)| b.compare(&v) == Ordering::Less) {
            best = Some((text, v));
        }
    }
    best.map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        assert!(satisfies("1.9.0", "^1.2.3"));
        assert!(!satisfies("2.0.0", "^1.2.3"));
        assert!(satisfies("3.1.0", ">=1.0.0 <2.0.0 || >=3.0.0"));
        assert!(!satisfies("1.0.0-rc.1", "*"));
        assert!(!satisfies("1.0.0", "latest"));
        assert!(satisfies("3.0.0", ""));
        assert!(satisfies("1.2.5", "~> 1.2"));
        assert!(satisfies("1.2.3", "v1.2.3"));
        assert!(!satisfies("01.2.3", "*"));
        assert!(satisfies("1.2.3-beta.2", "^1.2.3-beta.1"));
        assert!(!satisfies("1.2.4-beta.1", "^1.2.3-beta.1"));
    }

    #[test]
    fn max_satisfying_picks_highest() {
        assert_eq!(max_satisfying(["18.2.0", "18.3.1", "19.0.0"], "^18.0.0"), Some("18.3.1"));
        assert_eq!(max_satisfying(["17.0.0"], "^18.0.0"), None);
    }

    #[test]
    fn trims_comparator_whitespace() {
        assert_eq!(trim_comparator_whitespace("> 1.2.3 < 1.2.5"), ">1.2.3 <1.2.5");
        assert_eq!(trim_comparator_whitespace(">= 1.2"), ">=1.2");
    }
}
