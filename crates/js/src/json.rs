//! A JSON reader that keeps where every value is, so a diagnostic can point
//! at the line of a package.json dependency. Errors name line and column.
//! Nesting is limited, so a hostile file cannot exhaust the stack.

use crate::value::{Entry, FileId, Kind, Loc, Value};

const MAX_DEPTH: usize = 256;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    /// Byte offset.
    pub at: u32,
}

struct Reader<'t> {
    text: &'t [u8],
    pos: usize,
    file: FileId,
}

/// Parses JSON text (a leading UTF-8 BOM is allowed) into a [`Value`].
pub fn parse(text: &str, file: FileId) -> Result<Value, JsonError> {
    let mut r = Reader { text: text.as_bytes(), pos: 0, file };
    if text.starts_with('\u{feff}') {
        r.pos = 3;
    }
    r.ws();
    let v = r.value(0)?;
    r.ws();
    if r.pos != r.text.len() {
        return Err(r.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

impl Reader<'_> {
    fn err(&self, message: &str) -> JsonError {
        JsonError { message: message.to_string(), at: self.pos as u32 }
    }

    fn loc(&self, start: usize) -> Loc {
        Loc { file: self.file, start: start as u32, end: self.pos as u32 }
    }

    fn ws(&mut self) {
        while self.pos < self.text.len() && matches!(self.text[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.text.get(self.pos) == Some(&b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        let start = self.pos;
        match self.text.get(self.pos) {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => {
                self.pos += 1;
                let mut entries = Vec::new();
                self.ws();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        let key_start = self.pos;
                        if self.text.get(self.pos) != Some(&b'"') {
                            return Err(self.err("expected a string key"));
                        }
                        let key = self.string()?;
                        let key_loc = self.loc(key_start);
                        self.ws();
                        if !self.eat(b':') {
                            return Err(self.err("expected ':'"));
                        }
                        self.ws();
                        let value = self.value(depth + 1)?;
                        entries.push(Entry::Prop { key, key_loc, value });
                        self.ws();
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b'}') {
                            break;
                        }
                        return Err(self.err("expected ',' or '}'"));
                    }
                }
                Ok(Value::new(Kind::Object(entries), self.loc(start)))
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if !self.eat(b']') {
                    loop {
                        self.ws();
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        if self.eat(b',') {
                            continue;
                        }
                        if self.eat(b']') {
                            break;
                        }
                        return Err(self.err("expected ',' or ']'"));
                    }
                }
                Ok(Value::new(Kind::Array(items), self.loc(start)))
            }
            Some(b'"') => {
                let s = self.string()?;
                Ok(Value::new(Kind::Str(s), self.loc(start)))
            }
            Some(b't') if self.text[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Ok(Value::new(Kind::Bool(true), self.loc(start)))
            }
            Some(b'f') if self.text[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Ok(Value::new(Kind::Bool(false), self.loc(start)))
            }
            Some(b'n') if self.text[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Ok(Value::new(Kind::Null, self.loc(start)))
            }
            Some(b'-' | b'0'..=b'9') => {
                while self.pos < self.text.len()
                    && matches!(self.text[self.pos], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.pos += 1;
                }
                let s = std::str::from_utf8(&self.text[start..self.pos]).unwrap_or("");
                match s.parse::<f64>() {
                    Ok(n) => Ok(Value::new(Kind::Num(n), self.loc(start))),
                    Err(_) => Err(JsonError { message: format!("invalid number {s:?}"), at: start as u32 }),
                }
            }
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let Some(&b) = self.text.get(self.pos) else {
                return Err(self.err("unterminated string"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let Some(&e) = self.text.get(self.pos) else {
                        return Err(self.err("unterminated escape"));
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.text.get(self.pos) == Some(&b'\\')
                                && self.text.get(self.pos + 1) == Some(&b'u')
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF))
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                0..=0x1f => return Err(self.err("control character in string")),
                _ => {
                    // copy one UTF-8 character
                    let rest = &self.text[self.pos..];
                    let len = match b {
                        0xC0..=0xDF => 2,
                        0xE0..=0xEF => 3,
                        0xF0..=0xF7 => 4,
                        _ => 1,
                    };
                    let chunk = rest.get(..len).ok_or_else(|| self.err("truncated UTF-8"))?;
                    out.push_str(std::str::from_utf8(chunk).map_err(|_| self.err("invalid UTF-8"))?);
                    self.pos += len;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let s = self.text.get(self.pos..self.pos + 4).ok_or_else(|| self.err("short \\u escape"))?;
        let s = std::str::from_utf8(s).map_err(|_| self.err("invalid \\u escape"))?;
        let n = u32::from_str_radix(s, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.pos += 4;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Lookup;

    #[test]
    fn reads_package_json_with_locations() {
        let text = "{\n  \"name\": \"cart\",\n  \"dependencies\": { \"react\": \"^18.2.0\" }\n}\n";
        let v = parse(text, 0).unwrap();
        let Lookup::Found(deps) = v.get("dependencies") else { panic!() };
        let Lookup::Found(react) = deps.get("react") else { panic!() };
        assert_eq!(react.as_str(), Some("^18.2.0"));
        assert_eq!(&text[react.loc.start as usize..react.loc.end as usize], "\"^18.2.0\"");
    }

    #[test]
    fn errors_name_the_place() {
        assert_eq!(parse("{\"a\": }", 0).unwrap_err().at, 6);
        assert!(parse("[1,", 0).is_err());
        assert!(parse(&"[".repeat(10_000), 0).unwrap_err().message.contains("deeply"));
        assert_eq!(parse("\"\\ud83d\\ude00\"", 0).unwrap().as_str(), Some("😀"));
    }
}
