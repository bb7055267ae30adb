//! webpack 5's semver dialect (`lib/sharing/semver.js`; `lib/util/semver.js` up to 5.111).
//!
//! A port, statement by statement, of `parseVersion`, `versionLt`, `parseRange`,
//! `rangeToString` and `satisfy`. Ranges are parsed at build time and emitted
//! into the bundle with `stringifyHoley`, so the range the runtime checks is the
//! build-time array after a JSON round trip: [`Range::to_runtime`] gives it.
//!
//! Release lines differ only in `parseRange`: 5.112 stopped `^0` / `^0.0` / `~`
//! from fixing more components than the partial wrote (5.111 and earlier match
//! only the bare version `"0"` for `^0`).

use crate::js::{self, JS_SPACE_CLASS, NumOrStr};
use regex::Regex;
use std::fmt;
use std::sync::OnceLock;

/// The webpack release line whose semver applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Line {
    /// 5.92 and earlier (back to 5.92.0, where `~1` was fixed).
    V5_92,
    /// 5.93 to 5.111: old `^0` / `^0.0` behaviour.
    V5_111,
    /// 5.112 and later.
    V5_112,
}

/// A JavaScript value as it appears inside webpack's version and range arrays.
#[derive(Clone, Debug, PartialEq)]
pub enum JsVal {
    Num(f64),
    Str(String),
    /// `undefined`, or a hole in a sparse array (webpack never tells them apart
    /// except at index 0 of a range, where a hole marks a compound range).
    Undef,
    /// `null`: what a non-finite number becomes after `stringifyHoley`.
    Null,
    Arr(Vec<JsVal>),
}

impl JsVal {
    /// First character of `typeof`: `n`, `s`, `u` or `o`.
    fn type_char(&self) -> char {
        match self {
            JsVal::Num(_) => 'n',
            JsVal::Str(_) => 's',
            JsVal::Undef => 'u',
            JsVal::Null | JsVal::Arr(_) => 'o',
        }
    }

    fn prim(&self) -> Option<NumOrStr> {
        match self {
            JsVal::Num(n) => Some(NumOrStr::Num(*n)),
            JsVal::Str(s) => Some(NumOrStr::Str(s.clone())),
            _ => None,
        }
    }

    /// `String(x)` for the values webpack concatenates.
    fn to_js_string(&self) -> String {
        match self {
            JsVal::Num(n) => js::number_to_string(*n),
            JsVal::Str(s) => s.clone(),
            JsVal::Undef => "undefined".into(),
            JsVal::Null => "null".into(),
            JsVal::Arr(items) => items
                .iter()
                .map(|v| match v {
                    JsVal::Undef | JsVal::Null => String::new(),
                    other => other.to_js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// JavaScript `x == n` for a number `n`.
    fn loose_eq_num(&self, n: f64) -> bool {
        match self {
            JsVal::Num(v) => *v == n,
            JsVal::Str(s) => js::to_number(s) == n,
            JsVal::Arr(_) => js::to_number(&self.to_js_string()) == n,
            JsVal::Undef | JsVal::Null => false,
        }
    }
}

/// A JavaScript exception thrown by webpack's code for this input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsError(pub String);

impl fmt::Display for JsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsError {}

fn null_index_error() -> JsError {
    JsError("TypeError: Cannot read properties of null (reading '1')".into())
}

/// A JS `.` (any character but a line terminator).
const JS_DOT: &str = r"[^\n\r\x{2028}\x{2029}]";

fn version_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"^([^-+]+)?(?:-([^+]+))?(?:\+({JS_DOT}+))?$")).expect("valid regex"))
}

fn split_convert_version(s: &str) -> Vec<JsVal> {
    s.split('.')
        .map(|item| {
            let n = js::to_number(item);
            if n.is_nan() { JsVal::Str(item.to_string()) } else { JsVal::Num(n) }
        })
        .collect()
}

/// `parseVersion`: `"1.2.3-beta.42+55"` → `[1, 2, 3, <hole>, "beta", 42, [], 55]`.
pub fn parse_version(s: &str) -> Result<Vec<JsVal>, JsError> {
    let caps = version_regex().captures(s).ok_or_else(null_index_error)?;
    let mut ver = match caps.get(1) {
        Some(m) if !m.as_str().is_empty() => split_convert_version(m.as_str()),
        _ => Vec::new(),
    };
    if let Some(m) = caps.get(2).filter(|m| !m.as_str().is_empty()) {
        ver.push(JsVal::Undef);
        ver.extend(split_convert_version(m.as_str()));
    }
    if let Some(m) = caps.get(3).filter(|m| !m.as_str().is_empty()) {
        ver.push(JsVal::Arr(Vec::new()));
        ver.extend(split_convert_version(m.as_str()));
    }
    Ok(ver)
}

/// `versionLt(a, b)`: true iff `a < b` in webpack's ordering.
pub fn version_lt(a: &str, b: &str) -> Result<bool, JsError> {
    let a = parse_version(a)?;
    let b = parse_version(b)?;
    let mut i = 0;
    loop {
        if i >= a.len() {
            return Ok(i < b.len() && b[i].type_char() != 'u');
        }
        let a_type = a[i].type_char();
        if i >= b.len() {
            return Ok(a_type == 'u');
        }
        let b_type = b[i].type_char();
        if a_type == b_type {
            if a_type != 'o' && a_type != 'u' {
                let (av, bv) = (a[i].prim(), b[i].prim());
                if let (Some(av), Some(bv)) = (av, bv)
                    && !av.loose_eq(&bv)
                {
                    return Ok(av.lt(&bv));
                }
            }
            i += 1;
        } else {
            if a_type == 'o' && b_type == 'n' {
                return Ok(true);
            }
            return Ok(b_type == 's' || a_type == 'u');
        }
    }
}

/// A parsed range: webpack's array encoding, kept literally.
#[derive(Clone, Debug, PartialEq)]
pub struct Range(pub Vec<JsVal>);

fn split_convert_range(s: &str) -> Vec<JsVal> {
    s.split('.')
        .map(|item| {
            let n = js::to_number(item);
            if item != "NaN" && js::number_to_string(n) == item { JsVal::Num(n) } else { JsVal::Str(item.to_string()) }
        })
        .collect()
}

fn parse_partial(s: &str) -> Result<Vec<JsVal>, JsError> {
    let caps = version_regex().captures(s).ok_or_else(null_index_error)?;
    let mut ver = vec![JsVal::Num(0.0)];
    if let Some(m) = caps.get(1).filter(|m| !m.as_str().is_empty()) {
        ver.extend(split_convert_range(m.as_str()));
    }
    if let Some(m) = caps.get(2).filter(|m| !m.as_str().is_empty()) {
        ver.push(JsVal::Undef);
        ver.extend(split_convert_range(m.as_str()));
    }
    // remove trailing any matchers
    while let Some(last) = ver.last() {
        let any = match last {
            JsVal::Undef => true,
            JsVal::Str(s) => s == "*" || s == "x" || s == "X",
            _ => false,
        };
        if !any {
            break;
        }
        ver.pop();
    }
    Ok(ver)
}

fn to_fixed(range: &[JsVal]) -> Vec<JsVal> {
    let fix = match range.len() {
        1 => return vec![JsVal::Num(0.0)],
        2 => 1.0,
        3 => 2.0,
        n => n as f64,
    };
    let mut out = vec![JsVal::Num(fix)];
    out.extend_from_slice(&range[1..]);
    out
}

fn negate(range: &[JsVal]) -> Vec<JsVal> {
    let first = match &range[0] {
        JsVal::Num(n) => *n,
        _ => f64::NAN,
    };
    let mut out = vec![JsVal::Num(-first - 1.0)];
    out.extend_from_slice(&range[1..]);
    out
}

fn with_fix(fix: f64, rest: &[JsVal]) -> Vec<JsVal> {
    let mut out = vec![JsVal::Num(fix)];
    out.extend_from_slice(rest);
    out
}

fn is_num(v: Option<&JsVal>, n: f64) -> bool {
    matches!(v, Some(JsVal::Num(x)) if *x == n)
}

fn parse_simple(s: &str, line: Line) -> Result<Vec<JsVal>, JsError> {
    const STARTS: [&str; 9] = ["^", "~", "<=", "<", ">=", ">", "=", "v", "!"];
    let start = STARTS.iter().find(|p| s.starts_with(**p)).copied().unwrap_or("");
    let rem = parse_partial(if start.is_empty() { js::trim(s) } else { js::trim(&s[start.len()..]) })?;
    let len = rem.len();
    Ok(match start {
        "^" => match line {
            Line::V5_112 => {
                if len > 2 && is_num(rem.get(1), 0.0) {
                    if len > 3 && is_num(rem.get(2), 0.0) { with_fix(3.0, &rem[1..]) } else { with_fix(2.0, &rem[1..]) }
                } else {
                    with_fix((len as f64 - 1.0).min(1.0), &rem[1..])
                }
            }
            Line::V5_92 | Line::V5_111 => {
                if len > 1 && is_num(rem.get(1), 0.0) {
                    if len > 2 && is_num(rem.get(2), 0.0) { with_fix(3.0, &rem[1..]) } else { with_fix(2.0, &rem[1..]) }
                } else {
                    with_fix(1.0, &rem[1..])
                }
            }
        },
        "~" => match line {
            Line::V5_112 => with_fix((len as f64 - 1.0).min(2.0), &rem[1..]),
            Line::V5_92 | Line::V5_111 => {
                if len == 2 && is_num(rem.first(), 0.0) {
                    with_fix(1.0, &rem[1..])
                } else {
                    with_fix(2.0, &rem[1..])
                }
            }
        },
        ">=" => rem,
        "=" | "v" | "" => to_fixed(&rem),
        "<" => negate(&rem),
        ">" => vec![JsVal::Undef, JsVal::Arr(to_fixed(&rem)), JsVal::Num(0.0), JsVal::Arr(rem), JsVal::Num(2.0)],
        "<=" => vec![JsVal::Undef, JsVal::Arr(to_fixed(&rem)), JsVal::Arr(negate(&rem)), JsVal::Num(1.0)],
        "!" => vec![JsVal::Undef, JsVal::Arr(to_fixed(&rem)), JsVal::Num(0.0)],
        _ => unreachable!("start is one of STARTS or empty"),
    })
}

/// `0 in range`: a simple range has its fix count at index 0, a compound one a hole.
fn is_simple(range: &[JsVal]) -> bool {
    !matches!(range.first(), None | Some(JsVal::Undef))
}

fn combine(items: Vec<Vec<JsVal>>, op: f64) -> Vec<JsVal> {
    let n = items.len();
    if n == 1 {
        return items.into_iter().next().unwrap_or_default();
    }
    let mut out = vec![JsVal::Undef];
    for item in items.into_iter().rev() {
        if is_simple(&item) {
            out.push(JsVal::Arr(item));
        } else {
            out.extend(item.into_iter().skip(1));
        }
    }
    out.extend(std::iter::repeat_n(JsVal::Num(op), n - 1));
    out
}

fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\s", JS_SPACE_CLASS)).expect("valid regex")
}

fn parse_range_part(s: &str, line: Line) -> Result<Vec<JsVal>, JsError> {
    static HYPHEN: OnceLock<Regex> = OnceLock::new();
    static WORD_SPACE: OnceLock<Regex> = OnceLock::new();
    let hyphen = HYPHEN.get_or_init(|| re(r"\s+-\s+"));
    let items: Vec<&str> = hyphen.split(s).collect();
    if items.len() == 1 {
        let s = js::trim(s);
        let word_space = WORD_SPACE.get_or_init(|| re(r"[-0-9A-Za-z]\s+"));
        let mut simples = Vec::new();
        let mut start = 0;
        for m in word_space.find_iter(s) {
            // the matched character is one byte (ASCII), so +1 is its end
            let end = m.start() + 1;
            simples.push(parse_simple(js::trim(&s[start..end]), line)?);
            start = end;
        }
        simples.push(parse_simple(js::trim(&s[start..]), line)?);
        return Ok(combine(simples, 2.0));
    }
    let a = parse_partial(items[0])?;
    let b = parse_partial(items[1])?;
    Ok(vec![
        JsVal::Undef,
        JsVal::Arr(to_fixed(&b)),
        JsVal::Arr(negate(&b)),
        JsVal::Num(1.0),
        JsVal::Arr(a),
        JsVal::Num(2.0),
    ])
}

/// `parseRange` of the given release line (build time).
pub fn parse_range(s: &str, line: Line) -> Result<Range, JsError> {
    static OR: OnceLock<Regex> = OnceLock::new();
    let or = OR.get_or_init(|| re(r"\s*\|\|\s*"));
    let items = or.split(s).map(|part| parse_range_part(part, line)).collect::<Result<Vec<_>, _>>()?;
    Ok(Range(combine(items, 1.0)))
}

fn runtime_val(v: &JsVal) -> JsVal {
    match v {
        JsVal::Num(n) if !n.is_finite() => JsVal::Null,
        JsVal::Arr(items) => JsVal::Arr(items.iter().map(runtime_val).collect()),
        other => other.clone(),
    }
}

fn stringify_val(v: &JsVal) -> String {
    match v {
        JsVal::Undef => String::new(),
        JsVal::Null => "null".into(),
        JsVal::Num(n) if !n.is_finite() => "null".into(),
        JsVal::Num(n) => js::number_to_string(*n),
        JsVal::Str(s) => json_string(s),
        JsVal::Arr(items) => format!("[{}]", items.iter().map(stringify_val).collect::<Vec<_>>().join(",")),
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Range {
    /// The range as the runtime sees it: emitted by `stringifyHoley` and read
    /// back as a JavaScript array literal (non-finite numbers become `null`).
    pub fn to_runtime(&self) -> Range {
        Range(self.0.iter().map(runtime_val).collect())
    }

    /// `stringifyHoley(range)`: the code webpack emits into the bundle.
    pub fn stringify_holey(&self) -> String {
        stringify_val(&JsVal::Arr(self.0.clone()))
    }

    /// `rangeToString(range)`: how webpack prints a range in its messages.
    pub fn to_js_string(&self) -> Result<String, JsError> {
        range_to_string(&self.0)
    }

    /// `satisfy(range, version)`.
    pub fn satisfy(&self, version: &str) -> Result<bool, JsError> {
        satisfy(&self.0, version)
    }
}

fn strip_outer_parens(s: String) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(&format!(r"^\(({JS_DOT}+)\)$")).expect("valid regex"));
    match re.captures(&s) {
        Some(c) => c[1].to_string(),
        None => s,
    }
}

fn pop_err() -> JsError {
    JsError("TypeError: Cannot read properties of undefined (reading 'replace')".into())
}

fn range_to_string(range: &[JsVal]) -> Result<String, JsError> {
    if range.len() == 1 {
        return Ok("*".into());
    }
    if let Some(JsVal::Num(fix)) = range.first()
        && fix + 0.5 != 0.0
    {
        let fix = *fix;
        let mut s = String::from(if fix == 0.0 {
            ">="
        } else if fix == -1.0 {
            "<"
        } else if fix == 1.0 {
            "^"
        } else if fix == 2.0 {
            "~"
        } else if fix > 0.0 {
            "="
        } else {
            "!="
        });
        let mut need_dot = 1;
        for item in &range[1..] {
            need_dot -= 1;
            if item.type_char() == 'u' {
                s.push('-');
            } else {
                if need_dot > 0 {
                    s.push('.');
                }
                need_dot = 2;
                s.push_str(&item.to_js_string());
            }
        }
        return Ok(s);
    }
    let mut stack: Vec<String> = Vec::new();
    for item in &range[1..] {
        let pushed = match item {
            JsVal::Num(n) if *n == 0.0 => format!("not({})", strip_outer_parens(stack.pop().ok_or_else(pop_err)?)),
            JsVal::Num(n) if *n == 1.0 => {
                let a = strip_outer_parens(stack.pop().ok_or_else(pop_err)?);
                let b = strip_outer_parens(stack.pop().ok_or_else(pop_err)?);
                format!("({a} || {b})")
            }
            JsVal::Num(n) if *n == 2.0 => {
                let a = stack.pop().unwrap_or_else(|| "undefined".into());
                let b = stack.pop().unwrap_or_else(|| "undefined".into());
                format!("{a} {b}")
            }
            JsVal::Arr(sub) => range_to_string(sub)?,
            other => {
                return Err(JsError(format!("TypeError: unexpected range item {}", other.to_js_string())));
            }
        };
        stack.push(pushed);
    }
    Ok(strip_outer_parens(stack.pop().ok_or_else(pop_err)?))
}

#[derive(Clone, Copy)]
enum Stack {
    Bool(bool),
    Int(i32),
    Undef,
}

impl Stack {
    fn to_i32(self) -> i32 {
        match self {
            Stack::Bool(b) => b as i32,
            Stack::Int(i) => i,
            Stack::Undef => 0,
        }
    }
    fn truthy(self) -> bool {
        match self {
            Stack::Bool(b) => b,
            Stack::Int(i) => i != 0,
            Stack::Undef => false,
        }
    }
}

fn satisfy(range: &[JsVal], version: &str) -> Result<bool, JsError> {
    if is_simple(range) {
        let version = parse_version(version)?;
        let mut fix = match &range[0] {
            JsVal::Num(n) => *n,
            _ => f64::NAN,
        };
        let negated = fix < 0.0;
        if negated {
            fix = -fix - 1.0;
        }
        let mut i: usize = 0;
        let mut j: isize = 1;
        let mut is_equal = true;
        loop {
            let range_type = if (j as usize) < range.len() { range[j as usize].type_char() } else { '\0' };
            let version_value = version.get(i);
            let version_type = version_value.map(JsVal::type_char);
            if i >= version.len() || version_type == Some('o') {
                if !is_equal {
                    return Ok(true);
                }
                if range_type == 'u' {
                    return Ok(j as f64 > fix && !negated);
                }
                return Ok((range_type == '\0') != negated);
            }
            let version_value = &version[i];
            let version_type = version_value.type_char();
            if version_type == 'u' {
                if !is_equal || range_type != 'u' {
                    return Ok(false);
                }
            } else if is_equal {
                if range_type == version_type {
                    let rv = range[j as usize].prim();
                    let vv = version_value.prim();
                    if let (Some(rv), Some(vv)) = (rv, vv) {
                        if j as f64 <= fix {
                            if !vv.loose_eq(&rv) {
                                return Ok(false);
                            }
                        } else {
                            if if negated { vv.gt(&rv) } else { vv.lt(&rv) } {
                                return Ok(false);
                            }
                            if !vv.loose_eq(&rv) {
                                is_equal = false;
                            }
                        }
                    }
                } else if range_type != 's' && range_type != 'n' {
                    if negated || j as f64 <= fix {
                        return Ok(false);
                    }
                    is_equal = false;
                    j -= 1;
                } else if j as f64 <= fix || ((version_type < range_type) != negated) {
                    return Ok(false);
                } else {
                    is_equal = false;
                }
            } else if range_type != 's' && range_type != 'n' {
                is_equal = false;
                j -= 1;
            }
            i += 1;
            j += 1;
        }
    }
    let mut stack: Vec<Stack> = Vec::new();
    let pop = |stack: &mut Vec<Stack>| stack.pop().unwrap_or(Stack::Undef);
    for item in &range[1..] {
        let v = if item.loose_eq_num(1.0) {
            let a = pop(&mut stack).to_i32();
            let b = pop(&mut stack).to_i32();
            Stack::Int(a | b)
        } else if item.loose_eq_num(2.0) {
            let a = pop(&mut stack).to_i32();
            let b = pop(&mut stack).to_i32();
            Stack::Int(a & b)
        } else if truthy_item(item) {
            match item {
                JsVal::Arr(sub) => Stack::Bool(satisfy(sub, version)?),
                other => {
                    return Err(JsError(format!("TypeError: unexpected range item {}", other.to_js_string())));
                }
            }
        } else {
            Stack::Bool(!pop(&mut stack).truthy())
        };
        stack.push(v);
    }
    Ok(pop(&mut stack).truthy())
}

fn truthy_item(v: &JsVal) -> bool {
    match v {
        JsVal::Num(n) => *n != 0.0 && !n.is_nan(),
        JsVal::Str(s) => !s.is_empty(),
        JsVal::Undef | JsVal::Null => false,
        JsVal::Arr(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rts(r: &str) -> String {
        parse_range(r, Line::V5_112).unwrap().to_runtime().to_js_string().unwrap()
    }
    fn sat(r: &str, v: &str) -> bool {
        parse_range(r, Line::V5_112).unwrap().to_runtime().satisfy(v).unwrap()
    }

    #[test]
    fn range_to_string_matches_research_examples() {
        assert_eq!(rts("1.x"), "^1");
        assert_eq!(rts("1"), "^1");
        assert_eq!(rts("1.2.3"), "=1.2.3");
        assert_eq!(rts("^0.2.3"), "~0.2.3");
        assert_eq!(rts("^0.0.3"), "=0.0.3");
        assert_eq!(rts(">1.2.3"), ">=1.2.3 not(=1.2.3)");
        assert_eq!(rts("<=1.2.3"), "<1.2.3 || =1.2.3");
        assert_eq!(rts("1.2.3 - 2.3.4"), ">=1.2.3 (<2.3.4 || =2.3.4)");
        assert_eq!(rts("*"), "*");
        assert_eq!(rts(""), "*");
        assert_eq!(rts("^18.0.0"), "^18.0.0");
        assert_eq!(rts("4.4.7"), "=4.4.7");
    }

    #[test]
    fn satisfy_matches_research_examples() {
        assert!(sat("^18.0.0", "18.2.0"));
        assert!(!sat("^17.0.0", "18.2.0"));
        assert!(!sat("*", "1.2.4-beta.1"));
        assert!(sat("^1.2.3-beta.1", "1.2.3-beta.2"));
        assert!(!sat("^1.2.3-beta.1", "1.2.4-alpha"));
        assert!(sat("1", "1.2"));
        assert!(sat("^1.2.3-beta.1", "01.2.3"));
        assert!(!sat("^1.0.0", "v1.2.3"));
        assert!(sat("!1.2.3", "1.2.4"));
        assert!(!sat("!1.2.3", "1.2.3"));
        assert!(!sat("~> 1.2", "1.2.5"));
        assert!(sat("^0", "0.5.0"));
    }

    #[test]
    fn caret_zero_differs_by_line() {
        let old = parse_range("^0", Line::V5_111).unwrap().to_runtime();
        assert!(!old.satisfy("0.5.0").unwrap());
        assert!(old.satisfy("0").unwrap());
        assert_eq!(parse_range("^0.0", Line::V5_111).unwrap().to_runtime().to_js_string().unwrap(), "=0.0");
    }

    #[test]
    fn version_order() {
        assert!(version_lt("1.0.0", "1.0.0+b1").unwrap());
        assert!(version_lt("1.0.0+b1", "1.0.0+b2").unwrap());
        assert!(version_lt("1.0.0", "latest").unwrap());
        assert!(version_lt("1.5", "1.10").unwrap());
        assert!(version_lt("0", "1.0.0").unwrap());
        assert!(version_lt("1.0.0-rc.1", "1.0.0").unwrap());
        assert!(version_lt("1.2.3-", "1").is_err());
    }

    #[test]
    fn infinity_becomes_null_at_runtime() {
        let r = parse_range("Infinity", Line::V5_112).unwrap();
        assert_eq!(r.stringify_holey(), "[1,null]");
        assert_eq!(r.to_runtime().to_js_string().unwrap(), "^null");
    }
}
