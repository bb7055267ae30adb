//! An ordered map with JavaScript's own-property order: array-index keys
//! (`"0"`, `"1"`, … canonical integers below 2^32 - 1) first in ascending
//! numeric order, then the other keys in insertion order. Both runtimes pick
//! versions with `Object.keys(...).reduce(...)`, so a version `"1"` or `"0"`
//! is visited before `"1.0.0"` whatever the registration order.

use indexmap::IndexMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct JsMap<V> {
    inner: IndexMap<String, V>,
}

/// `Some(n)` when `key` is an array index.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || (key.len() > 1 && key.starts_with('0')) || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<u64>().ok().filter(|n| *n < u32::MAX as u64).map(|n| n as u32)
}

impl<V> JsMap<V> {
    pub fn new() -> Self {
        JsMap { inner: IndexMap::new() }
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.inner.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.inner.get_mut(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.inner.contains_key(key)
    }

    /// `obj[key] = value`: an existing key keeps its place.
    pub fn insert(&mut self, key: String, value: V) {
        self.inner.insert(key, value);
    }

    /// `Object.keys(obj)`.
    pub fn keys(&self) -> Vec<&str> {
        let mut indices: Vec<(u32, &str)> =
            self.inner.keys().filter_map(|k| array_index(k).map(|n| (n, k.as_str()))).collect();
        indices.sort_unstable_by_key(|(n, _)| *n);
        let mut out: Vec<&str> = indices.into_iter().map(|(_, k)| k).collect();
        out.extend(self.inner.keys().filter(|k| array_index(k).is_none()).map(String::as_str));
        out
    }

    /// `Object.entries(obj)`.
    pub fn entries(&self) -> Vec<(&str, &V)> {
        self.keys().into_iter().map(|k| (k, &self.inner[k])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_like_keys_come_first() {
        let mut m = JsMap::new();
        for k in ["18.2.0", "1", "0", "01", "17.0.0", "4294967295", "10"] {
            m.insert(k.to_string(), ());
        }
        assert_eq!(m.keys(), ["0", "1", "10", "18.2.0", "01", "17.0.0", "4294967295"]);
    }
}
