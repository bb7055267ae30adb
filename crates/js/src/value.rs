//! The values the partial evaluator produces: JavaScript values as far as
//! they can be known statically, each with the place in the source it came
//! from, and `Unknown` (with the reason) for everything else.

use std::path::{Path, PathBuf};

/// A file the evaluator read (an index into [`Files`]).
pub type FileId = u32;

/// A byte range in a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

/// The files an evaluation read, for turning a [`Loc`] into a line.
#[derive(Clone, Debug, Default)]
pub struct Files {
    entries: Vec<(PathBuf, Vec<u32>)>,
}

impl Files {
    pub fn add(&mut self, path: &Path, text: &str) -> FileId {
        if let Some(i) = self.entries.iter().position(|(p, _)| p == path) {
            return i as FileId;
        }
        let mut starts = vec![0u32];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i as u32 + 1));
        self.entries.push((path.to_path_buf(), starts));
        (self.entries.len() - 1) as FileId
    }

    pub fn has(&self, id: FileId) -> bool {
        (id as usize) < self.entries.len()
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.entries[id as usize].0
    }

    /// 1-based line and column of an offset.
    pub fn line_col(&self, loc: Loc) -> (u32, u32) {
        let starts = &self.entries[loc.file as usize].1;
        let line = starts.partition_point(|s| *s <= loc.start).max(1);
        (line as u32, loc.start - starts[line - 1] + 1)
    }

    /// The offset where a 1-based line starts (the last line's start if past the end).
    pub fn line_start(&self, id: FileId, line: u32) -> u32 {
        let starts = &self.entries[id as usize].1;
        starts[(line.max(1) as usize - 1).min(starts.len() - 1)]
    }

    pub fn line(&self, loc: Loc) -> u32 {
        self.line_col(loc).0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub loc: Loc,
    /// Derived from the build mode (`argv.mode`, `process.env.NODE_ENV`,
    /// `isServer`, …): true in a production client build, maybe not in others.
    pub mode_dependent: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Array(Vec<Value>),
    Object(Vec<Entry>),
    /// A function of the evaluated sources (opaque outside the evaluator).
    Function(u32),
    /// Something imported from a package that is not evaluated:
    /// `require('webpack').container.ModuleFederationPlugin`.
    External {
        module: String,
        path: Vec<String>,
    },
    /// `new C(args)` of an external `C`.
    Construct {
        callee: Box<Value>,
        args: Vec<Value>,
    },
    /// `f(args)` of an external `f`.
    Call {
        callee: Box<Value>,
        args: Vec<Value>,
    },
    /// Not knowable statically, and why.
    Unknown(String),
}

/// An object's entries in source order: a spread that could not be expanded
/// stays in place, so a later key is still known and an earlier one is not.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Prop { key: String, key_loc: Loc, value: Value },
    Spread(Value),
}

/// The result of reading a property.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup<'v> {
    Found(&'v Value),
    /// The property is certainly absent (`undefined`).
    Missing,
    /// It may come from a spread or value that is not known.
    Unknown(&'v Value),
}

impl Value {
    pub fn new(kind: Kind, loc: Loc) -> Value {
        Value { kind, loc, mode_dependent: false }
    }

    pub fn unknown(reason: impl Into<String>, loc: Loc) -> Value {
        Value::new(Kind::Unknown(reason.into()), loc)
    }

    pub fn str(s: impl Into<String>, loc: Loc) -> Value {
        Value::new(Kind::Str(s.into()), loc)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown(_))
    }

    /// The reason of an unknown value, or of the first unknown part of it.
    pub fn unknown_reason(&self) -> Option<&str> {
        match &self.kind {
            Kind::Unknown(r) => Some(r),
            _ => None,
        }
    }

    /// `obj[key]`, with unknown spreads taken into account.
    pub fn get(&self, key: &str) -> Lookup<'_> {
        match &self.kind {
            Kind::Object(entries) => {
                for e in entries.iter().rev() {
                    match e {
                        Entry::Prop { key: k, value, .. } if k == key => return Lookup::Found(value),
                        Entry::Spread(v) => return Lookup::Unknown(v),
                        _ => {}
                    }
                }
                Lookup::Missing
            }
            Kind::Array(items) => match key.parse::<usize>() {
                Ok(i) => items.get(i).map_or(Lookup::Missing, Lookup::Found),
                Err(_) => Lookup::Missing,
            },
            Kind::Undefined | Kind::Null | Kind::Bool(_) | Kind::Num(_) | Kind::Str(_) | Kind::Function(_) => {
                Lookup::Missing
            }
            _ => Lookup::Unknown(self),
        }
    }

    /// The known `(key, value)` pairs of an object (later keys override), in
    /// first-appearance order, and whether an unknown spread may add more.
    pub fn props(&self) -> (Vec<(&str, &Value)>, Option<&Value>) {
        let mut out: Vec<(&str, &Value)> = Vec::new();
        let mut unknown = None;
        if let Kind::Object(entries) = &self.kind {
            // each key's slot in `out`, so a config with many keys is read in linear time
            let mut slots: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for e in entries {
                match e {
                    Entry::Prop { key, value, .. } => match slots.get(key.as_str()) {
                        Some(&i) => out[i].1 = value,
                        None => {
                            slots.insert(key, out.len());
                            out.push((key, value));
                        }
                    },
                    Entry::Spread(v) => unknown = Some(v),
                }
            }
        }
        (out, unknown)
    }

    /// The loc of the key `key` (for diagnostics pointing at a field).
    pub fn key_loc(&self, key: &str) -> Option<Loc> {
        if let Kind::Object(entries) = &self.kind {
            for e in entries.iter().rev() {
                if let Entry::Prop { key: k, key_loc, .. } = e
                    && k == key
                {
                    return Some(*key_loc);
                }
            }
        }
        None
    }

    /// JavaScript truthiness, when known.
    pub fn truthy(&self) -> Option<bool> {
        Some(match &self.kind {
            Kind::Undefined | Kind::Null => false,
            Kind::Bool(b) => *b,
            Kind::Num(n) => *n != 0.0 && !n.is_nan(),
            Kind::Str(s) => !s.is_empty(),
            Kind::Array(_) | Kind::Object(_) | Kind::Function(_) => true,
            Kind::External { .. } | Kind::Construct { .. } | Kind::Call { .. } | Kind::Unknown(_) => return None,
        })
    }

    /// `String(v)` for primitives.
    pub fn to_js_string(&self) -> Option<String> {
        Some(match &self.kind {
            Kind::Undefined => "undefined".into(),
            Kind::Null => "null".into(),
            Kind::Bool(b) => b.to_string(),
            Kind::Num(n) => fedscope_semver::js::number_to_string(*n),
            Kind::Str(s) => s.clone(),
            _ => return None,
        })
    }
}
