//! Federation options → remotes, exposes and shared entries as the plugin
//! reads them (before the bundler's defaults), with what is not known.

use crate::disk::Disk;
use crate::extract::place_of_files;
use crate::model::{Expose, Place, Remote, UnknownField};
use crate::pkg::is_version_like;
use fedscope_js::eval::describe_unknown;
use fedscope_js::{Files, Kind, Lookup, Value};
use std::path::Path;

/// A tri-state read of a config field.
#[derive(Clone, Debug, PartialEq)]
pub enum Field<T> {
    Absent,
    Set(T),
    Unknown(String),
}

/// `import` of a shared entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Import {
    /// The share key is the request.
    Key,
    Request(String),
    False,
}

#[derive(Clone, Debug)]
pub struct RawShared {
    pub key: String,
    pub import: Field<Import>,
    pub share_key: Field<String>,
    pub share_scope: Field<Vec<String>>,
    pub required_version: Field<Option<String>>,
    pub strict_version: Field<bool>,
    pub singleton: Field<bool>,
    pub eager: Field<bool>,
    pub version: Field<Option<String>>,
    pub package_name: Field<String>,
    pub place: Place,
    /// `requiredVersion`'s own place.
    pub required_place: Place,
    pub version_place: Place,
    /// Written as a string (`react: '^18'`, `'react'`): `@module-federation/vite`
    /// ignores the string and reads it as `{}`.
    pub from_string: bool,
}

pub struct Reader<'x> {
    pub disk: &'x Disk,
    pub files: &'x Files,
    pub unknown: Vec<UnknownField>,
}

impl Reader<'_> {
    pub fn place(&self, v: &Value) -> Place {
        place_of_files(self.disk, self.files, v.loc)
    }

    pub fn unknown(&mut self, field: &str, v: &Value, why: String) {
        let p = self.place(v);
        self.unknown.push(UnknownField { field: field.to_string(), file: p.file, line: p.line, why });
    }

    /// `obj.key` as a field.
    pub fn get<'v>(&mut self, obj: &'v Value, field: &str, key: &str) -> Field<&'v Value> {
        match obj.get(key) {
            Lookup::Found(v) => match &v.kind {
                Kind::Unknown(why) => {
                    self.unknown(field, v, why.clone());
                    Field::Unknown(why.clone())
                }
                Kind::Undefined => Field::Absent,
                _ => Field::Set(v),
            },
            Lookup::Missing => Field::Absent,
            Lookup::Unknown(u) => {
                let why = format!("`{key}` may be set by {}", describe_unknown(u));
                self.unknown(field, u, why.clone());
                Field::Unknown(why)
            }
        }
    }

    fn string(&mut self, obj: &Value, field: &str, key: &str) -> Field<String> {
        match self.get(obj, field, key) {
            Field::Set(v) => match v.as_str() {
                Some(s) => Field::Set(s.to_string()),
                None => {
                    let why = format!("expected a string, found {}", kind_name(v));
                    self.unknown(field, v, why.clone());
                    Field::Unknown(why)
                }
            },
            Field::Absent => Field::Absent,
            Field::Unknown(w) => Field::Unknown(w),
        }
    }

    fn boolean(&mut self, obj: &Value, field: &str, key: &str) -> Field<bool> {
        match self.get(obj, field, key) {
            Field::Set(v) => match v.truthy() {
                Some(b) => Field::Set(b),
                None => {
                    let why = describe_unknown(v);
                    self.unknown(field, v, why.clone());
                    Field::Unknown(why)
                }
            },
            Field::Absent => Field::Absent,
            Field::Unknown(w) => Field::Unknown(w),
        }
    }
}

fn kind_name(v: &Value) -> String {
    match &v.kind {
        Kind::Str(_) => "a string".into(),
        Kind::Num(_) => "a number".into(),
        Kind::Bool(_) => "a boolean".into(),
        Kind::Array(_) => "an array".into(),
        Kind::Object(_) => "an object".into(),
        Kind::Function(_) => "a function".into(),
        Kind::Null => "null".into(),
        _ => describe_unknown(v),
    }
}

impl Reader<'_> {
    /// The `shared` option, normalised as webpack's SharePlugin (and the MF2
    /// plugins) read it: `['react', { lodash: {...} }]` or `{ react: '^18', lib: {...} }`.
    pub fn shared(&mut self, options: &Value, scope: &Field<Vec<String>>) -> Vec<RawShared> {
        let mut out = Vec::new();
        let shared = match self.get(options, "shared", "shared") {
            Field::Set(v) => v.clone(),
            _ => return out,
        };
        let mut items: Vec<(String, Value, Value)> = Vec::new(); // key, value, key carrier
        match &shared.kind {
            Kind::Array(list) => {
                for item in list {
                    match &item.kind {
                        Kind::Str(s) => items.push((s.clone(), item.clone(), item.clone())),
                        Kind::Object(_) => self.object_items(item, &mut items),
                        Kind::Unknown(why) => self.unknown("shared", item, why.clone()),
                        _ => self.unknown("shared", item, format!("an array item that is {}", kind_name(item))),
                    }
                }
            }
            Kind::Object(_) => self.object_items(&shared, &mut items),
            _ => {
                self.unknown("shared", &shared, format!("expected an object or an array, found {}", kind_name(&shared)))
            }
        }
        for (key, value, carrier) in items {
            let field = format!("shared.{key}");
            let place = self.place(&carrier);
            let mut raw = RawShared {
                key: key.clone(),
                import: Field::Absent,
                share_key: Field::Absent,
                share_scope: scope.clone(),
                required_version: Field::Absent,
                strict_version: Field::Absent,
                singleton: Field::Absent,
                eager: Field::Absent,
                version: Field::Absent,
                package_name: Field::Absent,
                required_place: place.clone(),
                version_place: place.clone(),
                place,
                from_string: matches!(value.kind, Kind::Str(_)),
            };
            match &value.kind {
                // `react: '^18.0.0'` is a requiredVersion; `react: 'react'` or a path is an import
                Kind::Str(s) => {
                    if *s == key || !is_version_like(s) {
                        raw.import = Field::Set(if *s == key { Import::Key } else { Import::Request(s.clone()) });
                    } else {
                        raw.required_version = Field::Set(Some(s.clone()));
                        raw.required_place = self.place(&value);
                    }
                }
                Kind::Object(_) => self.shared_config(&value, &field, &mut raw),
                Kind::Bool(true) => {}
                // not known (or not a config): none of its settings is known
                _ => {
                    let why = match &value.kind {
                        Kind::Unknown(why) => why.clone(),
                        _ => format!("expected a string or an object, found {}", kind_name(&value)),
                    };
                    self.unknown(&field, &value, why.clone());
                    raw.import = Field::Unknown(why.clone());
                    raw.singleton = Field::Unknown(why.clone());
                    raw.required_version = Field::Unknown(why.clone());
                    raw.strict_version = Field::Unknown(why.clone());
                    raw.eager = Field::Unknown(why.clone());
                    raw.version = Field::Unknown(why);
                }
            }
            out.push(raw);
        }
        out
    }

    fn object_items(&mut self, obj: &Value, items: &mut Vec<(String, Value, Value)>) {
        let (props, unknown) = obj.props();
        if let Some(u) = unknown {
            self.unknown("shared", u, format!("entries may come from {}", describe_unknown(u)));
        }
        // the loc of each key's last occurrence (as `Value::key_loc`), in one pass
        let mut key_locs: std::collections::HashMap<&str, fedscope_js::Loc> = std::collections::HashMap::new();
        if let Kind::Object(entries) = &obj.kind {
            for e in entries {
                if let fedscope_js::Entry::Prop { key, key_loc, .. } = e {
                    key_locs.insert(key, *key_loc);
                }
            }
        }
        for (k, v) in props {
            let key_place =
                key_locs.get(k).map(|l| fedscope_js::Value::new(Kind::Undefined, *l)).unwrap_or_else(|| v.clone());
            items.push((k.to_string(), v.clone(), key_place));
        }
    }

    fn shared_config(&mut self, cfg: &Value, field: &str, raw: &mut RawShared) {
        raw.import = match self.get(cfg, &format!("{field}.import"), "import") {
            Field::Set(v) => match &v.kind {
                Kind::Bool(false) => Field::Set(Import::False),
                Kind::Str(s) => Field::Set(Import::Request(s.clone())),
                _ => Field::Unknown(format!("expected false or a request, found {}", kind_name(v))),
            },
            Field::Absent => Field::Absent,
            Field::Unknown(w) => Field::Unknown(w),
        };
        raw.share_key = self.string(cfg, &format!("{field}.shareKey"), "shareKey");
        match self.get(cfg, &format!("{field}.shareScope"), "shareScope") {
            Field::Set(v) => match &v.kind {
                Kind::Str(s) => raw.share_scope = Field::Set(vec![s.clone()]),
                Kind::Array(items) => {
                    let names: Option<Vec<String>> = items.iter().map(|i| i.as_str().map(String::from)).collect();
                    raw.share_scope = match names {
                        Some(n) => Field::Set(n),
                        None => Field::Unknown("a scope list that is not known".into()),
                    }
                }
                _ => raw.share_scope = Field::Unknown(format!("expected a scope name, found {}", kind_name(v))),
            },
            Field::Unknown(w) => raw.share_scope = Field::Unknown(w),
            Field::Absent => {}
        }
        raw.required_version = match self.get(cfg, &format!("{field}.requiredVersion"), "requiredVersion") {
            Field::Set(v) => {
                raw.required_place = self.place(v);
                match &v.kind {
                    Kind::Bool(false) => Field::Set(None),
                    Kind::Str(s) => Field::Set(Some(s.clone())),
                    _ => {
                        let why = format!("expected a range or false, found {}", kind_name(v));
                        self.unknown(&format!("{field}.requiredVersion"), v, why.clone());
                        Field::Unknown(why)
                    }
                }
            }
            Field::Absent => Field::Absent,
            Field::Unknown(w) => Field::Unknown(w),
        };
        raw.strict_version = self.boolean(cfg, &format!("{field}.strictVersion"), "strictVersion");
        raw.singleton = self.boolean(cfg, &format!("{field}.singleton"), "singleton");
        raw.eager = self.boolean(cfg, &format!("{field}.eager"), "eager");
        raw.version = match self.get(cfg, &format!("{field}.version"), "version") {
            Field::Set(v) => {
                raw.version_place = self.place(v);
                match &v.kind {
                    Kind::Str(s) => Field::Set(Some(s.clone())),
                    Kind::Bool(false) => Field::Set(None),
                    _ => Field::Unknown(format!("expected a version, found {}", kind_name(v))),
                }
            }
            Field::Absent => Field::Absent,
            Field::Unknown(w) => Field::Unknown(w),
        };
        raw.package_name = self.string(cfg, &format!("{field}.packageName"), "packageName");
    }

    /// `remotes`: `{ alias: 'name@url' | [..] | { external, name, entry } }`, an
    /// array of names (Nx), or `[name, url]` tuples (Nx).
    pub fn remotes(&mut self, options: &Value) -> Vec<Remote> {
        let mut out = Vec::new();
        let remotes = match self.get(options, "remotes", "remotes") {
            Field::Set(v) => v.clone(),
            _ => return out,
        };
        let push = |me: &mut Self, alias: String, v: &Value, out: &mut Vec<Remote>| {
            let place = me.place(v);
            let field = format!("remotes.{alias}");
            let (name, entry) = match &v.kind {
                Kind::Str(s) => parse_remote_string(s),
                Kind::Array(items) => match items.first().and_then(Value::as_str) {
                    Some(s) => parse_remote_string(s),
                    None => (None, None),
                },
                Kind::Object(_) => {
                    let name = me.string(v, &format!("{field}.name"), "name");
                    let entry = me.string(v, &format!("{field}.entry"), "entry");
                    let external = me.string(v, &format!("{field}.external"), "external");
                    match (name, entry, external) {
                        (n, Field::Set(e), _) => {
                            (if let Field::Set(n) = n { Some(n) } else { Some(alias.clone()) }, Some(e))
                        }
                        (_, _, Field::Set(ext)) => parse_remote_string(&ext),
                        _ => (None, None),
                    }
                }
                Kind::Unknown(why) => {
                    me.unknown(&field, v, why.clone());
                    (None, None)
                }
                _ => (None, None),
            };
            if entry.is_none() && !v.is_unknown() {
                let why = match &v.kind {
                    Kind::Str(s) if s.starts_with("promise ") || s.starts_with("internal ") => {
                        "the remote is loaded by code written as a string (`promise …`), which fedscope does not run"
                            .to_string()
                    }
                    Kind::Str(_) => "a global variable set by a script tag outside the config".to_string(),
                    _ => format!("expected a remote string, found {}", kind_name(v)),
                };
                me.unknown(&format!("{field}.entry"), v, why);
            }
            out.push(Remote { alias, name, entry, place });
        };
        match &remotes.kind {
            Kind::Object(_) => {
                let (props, unknown) = remotes.props();
                if let Some(u) = unknown {
                    self.unknown("remotes", u, format!("entries may come from {}", describe_unknown(u)));
                }
                for (k, v) in props {
                    push(self, k.to_string(), v, &mut out);
                }
            }
            Kind::Array(items) => {
                for item in items {
                    match &item.kind {
                        // Nx: 'shop' or ['cart', 'http://localhost:4201/remoteEntry.js']
                        Kind::Str(s) => out.push(Remote {
                            alias: s.clone(),
                            name: Some(s.clone()),
                            entry: None,
                            place: self.place(item),
                        }),
                        Kind::Array(pair) if pair.len() == 2 => {
                            let alias = pair[0].as_str().unwrap_or("").to_string();
                            let entry = pair[1].as_str().map(String::from);
                            out.push(Remote {
                                alias: alias.clone(),
                                name: Some(alias),
                                entry,
                                place: self.place(item),
                            });
                        }
                        Kind::Object(_) => {
                            let alias = match self.string(item, "remotes[].alias", "alias") {
                                Field::Set(a) => a,
                                _ => match self.string(item, "remotes[].name", "name") {
                                    Field::Set(n) => n,
                                    _ => continue,
                                },
                            };
                            push(self, alias, item, &mut out);
                        }
                        _ => self.unknown("remotes", item, format!("a remote that is {}", kind_name(item))),
                    }
                }
            }
            _ => self.unknown(
                "remotes",
                &remotes,
                format!("expected an object or an array, found {}", kind_name(&remotes)),
            ),
        }
        out
    }

    /// `exposes`: `{ './Button': './src/Button' | { import: './src/Button' } }`.
    pub fn exposes(
        &mut self,
        options: &Value,
        base: &Path,
        resolve: &dyn Fn(&Path, &str) -> Option<String>,
    ) -> Vec<Expose> {
        let mut out = Vec::new();
        let exposes = match self.get(options, "exposes", "exposes") {
            Field::Set(v) => v.clone(),
            _ => return out,
        };
        let (props, unknown) = exposes.props();
        if let Some(u) = unknown {
            self.unknown("exposes", u, format!("entries may come from {}", describe_unknown(u)));
        }
        for (name, v) in props {
            let request = match &v.kind {
                Kind::Str(s) => Some(s.clone()),
                Kind::Array(items) => items.first().and_then(Value::as_str).map(String::from),
                Kind::Object(_) => match v.get("import") {
                    Lookup::Found(i) => match &i.kind {
                        Kind::Str(s) => Some(s.clone()),
                        Kind::Array(items) => items.first().and_then(Value::as_str).map(String::from),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            };
            let place = self.place(v);
            match request {
                Some(r) => {
                    let file = resolve(base, &r);
                    out.push(Expose { name: name.to_string(), file, request: r, place });
                }
                None => {
                    let why = if v.is_unknown() {
                        describe_unknown(v)
                    } else {
                        format!("expected a request, found {}", kind_name(v))
                    };
                    self.unknown(&format!("exposes.{name}"), v, why);
                    out.push(Expose { name: name.to_string(), file: None, request: String::new(), place });
                }
            }
        }
        out
    }
}

/// `name@url` → (name, url); `promise …` and bare globals have no entry.
pub fn parse_remote_string(s: &str) -> (Option<String>, Option<String>) {
    let s = s.trim();
    if s.starts_with("promise ") || s.starts_with("internal ") {
        return (None, None);
    }
    // the name may be scoped (@scope/name@url): split at the '@' before the entry
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'@' && i > 0 {
            let rest = &s[i + 1..];
            if rest.starts_with("http")
                || rest.starts_with("//")
                || rest.starts_with('/')
                || rest.starts_with('.')
                || rest.contains(".js")
                || rest.contains(".json")
                || rest.contains("://")
            {
                return (Some(s[..i].to_string()), Some(rest.to_string()));
            }
        }
    }
    if s.contains("://") || s.ends_with(".js") || s.ends_with(".json") {
        return (None, Some(s.to_string()));
    }
    (Some(s.to_string()), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_strings() {
        assert_eq!(
            parse_remote_string("app2@http://localhost:3002/remoteEntry.js"),
            (Some("app2".into()), Some("http://localhost:3002/remoteEntry.js".into()))
        );
        assert_eq!(
            parse_remote_string("@shop/cart@https://cdn/x/mf-manifest.json"),
            (Some("@shop/cart".into()), Some("https://cdn/x/mf-manifest.json".into()))
        );
        assert_eq!(parse_remote_string("promise new Promise(r => r(window.app))"), (None, None));
        assert_eq!(parse_remote_string("app3"), (Some("app3".into()), None));
    }
}
