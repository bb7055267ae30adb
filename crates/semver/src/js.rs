//! The few pieces of JavaScript semantics the runtimes' semver code relies on.
//!
//! Both runtimes compare versions with JavaScript's loose operators, convert
//! strings with `Number()` / unary `+`, and trim with `String.prototype.trim`.
//! Reproducing them exactly is what makes the dialects agree with the real
//! code on odd inputs (`"01"`, `"1e3"`, `"Infinity"`, `"0x1"`).

use std::cmp::Ordering;

/// `true` for the characters JavaScript's `\s` and `trim()` treat as white space
/// (WhiteSpace and LineTerminator of ECMA-262).
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{A}' | '\u{B}' | '\u{C}' | '\u{D}' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
    )
}

/// The character class of JavaScript's `\s`, for use inside `regex` patterns.
pub const JS_SPACE_CLASS: &str =
    r"[\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]";

/// `String.prototype.trim`.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_js_space)
}

/// `Number(s)` for a string (ECMA-262 StringToNumber).
pub fn to_number(s: &str) -> f64 {
    let t = trim(s);
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)] {
        if let Some(digits) = t.strip_prefix(prefix) {
            return radix_to_number(digits, radix);
        }
    }
    let (sign, body) = match t.as_bytes()[0] {
        b'+' => (1.0, &t[1..]),
        b'-' => (-1.0, &t[1..]),
        _ => (1.0, t),
    };
    if body == "Infinity" {
        return sign * f64::INFINITY;
    }
    if !is_decimal_literal(body) {
        return f64::NAN;
    }
    match body.parse::<f64>() {
        Ok(v) => sign * v,
        Err(_) => f64::NAN,
    }
}

fn radix_to_number(digits: &str, radix: u32) -> f64 {
    if digits.is_empty() {
        return f64::NAN;
    }
    let mut value = 0f64;
    let mut exact: Option<u128> = Some(0);
    for c in digits.chars() {
        let Some(d) = c.to_digit(radix) else {
            return f64::NAN;
        };
        exact = exact.and_then(|v| v.checked_mul(radix as u128)).and_then(|v| v.checked_add(d as u128));
        value = value * radix as f64 + d as f64;
    }
    match exact {
        Some(v) => v as f64,
        None => value,
    }
}

/// StrUnsignedDecimalLiteral: `digits [. digits?] [exp]` or `. digits [exp]`.
fn is_decimal_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// `Number.prototype.toString()` (radix 10), as `String(n)` and template literals print it.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sign = if n < 0.0 { "-" } else { "" };
    // Rust's `{:e}` prints the shortest round-tripping digits, as ECMA-262 requires.
    let sci = format!("{:e}", n.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i64;
    let e: i64 = exp.parse().unwrap_or(0);
    let n_exp = e + 1; // position of the decimal point relative to the digits
    let body = if k <= n_exp && n_exp <= 21 {
        format!("{digits}{}", "0".repeat((n_exp - k) as usize))
    } else if 0 < n_exp && n_exp <= 21 {
        format!("{}.{}", &digits[..n_exp as usize], &digits[n_exp as usize..])
    } else if -6 < n_exp && n_exp <= 0 {
        format!("0.{}{digits}", "0".repeat((-n_exp) as usize))
    } else {
        let exp_sign = if n_exp > 0 { "+" } else { "-" };
        let exp_abs = (n_exp - 1).abs();
        if k == 1 {
            format!("{digits}e{exp_sign}{exp_abs}")
        } else {
            format!("{}.{}e{exp_sign}{exp_abs}", &digits[..1], &digits[1..])
        }
    };
    format!("{sign}{body}")
}

/// Compares two strings by UTF-16 code units, as JavaScript's `<` does.
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A JavaScript primitive that is either a number or a string.
#[derive(Clone, Debug, PartialEq)]
pub enum NumOrStr {
    Num(f64),
    Str(String),
}

impl NumOrStr {
    fn as_number(&self) -> f64 {
        match self {
            NumOrStr::Num(n) => *n,
            NumOrStr::Str(s) => to_number(s),
        }
    }

    /// JavaScript `a < b` (IsLessThan with LeftFirst).
    pub fn lt(&self, other: &NumOrStr) -> bool {
        match (self, other) {
            (NumOrStr::Str(a), NumOrStr::Str(b)) => cmp_utf16(a, b) == Ordering::Less,
            _ => self.as_number() < other.as_number(),
        }
    }

    /// JavaScript `a > b`.
    pub fn gt(&self, other: &NumOrStr) -> bool {
        other.lt(self)
    }

    /// JavaScript `a == b` for primitives.
    pub fn loose_eq(&self, other: &NumOrStr) -> bool {
        match (self, other) {
            (NumOrStr::Str(a), NumOrStr::Str(b)) => a == b,
            _ => self.as_number() == other.as_number(),
        }
    }

    /// JavaScript `a === b`.
    pub fn strict_eq(&self, other: &NumOrStr) -> bool {
        match (self, other) {
            (NumOrStr::Str(a), NumOrStr::Str(b)) => a == b,
            (NumOrStr::Num(a), NumOrStr::Num(b)) => a == b,
            _ => false,
        }
    }

    /// `String(x)`.
    pub fn to_js_string(&self) -> String {
        match self {
            NumOrStr::Num(n) => number_to_string(*n),
            NumOrStr::Str(s) => s.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_to_number_follows_ecma262() {
        assert_eq!(to_number(""), 0.0);
        assert_eq!(to_number("  "), 0.0);
        assert_eq!(to_number("01"), 1.0);
        assert_eq!(to_number("1e3"), 1000.0);
        assert_eq!(to_number("0x10"), 16.0);
        assert_eq!(to_number("0b11"), 3.0);
        assert_eq!(to_number("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(to_number(".5"), 0.5);
        assert_eq!(to_number("5."), 5.0);
        assert!(to_number("-0x1").is_nan());
        assert!(to_number("1.2.3").is_nan());
        assert!(to_number("inf").is_nan());
        assert!(to_number("e5").is_nan());
        assert!(to_number("1_000").is_nan());
    }

    #[test]
    fn number_to_string_matches_v8() {
        assert_eq!(number_to_string(1.0), "1");
        assert_eq!(number_to_string(-0.0), "0");
        assert_eq!(number_to_string(1e21), "1e+21");
        assert_eq!(number_to_string(123456789012345680000.0), "123456789012345680000");
        assert_eq!(number_to_string(0.5), "0.5");
        assert_eq!(number_to_string(1.5e-7), "1.5e-7");
        assert_eq!(number_to_string(0.000001), "0.000001");
        assert_eq!(number_to_string(2.5e30), "2.5e+30");
    }

    #[test]
    fn loose_comparisons() {
        let n = |x: f64| NumOrStr::Num(x);
        let s = |x: &str| NumOrStr::Str(x.into());
        assert!(s("10").lt(&s("9")));
        assert!(n(9.0).lt(&s("10")));
        assert!(!n(5.0).lt(&s("alpha")) && !s("alpha").lt(&n(5.0)));
        assert!(n(1.0).loose_eq(&s("01")));
        assert!(!n(1.0).strict_eq(&s("1")));
    }
}
