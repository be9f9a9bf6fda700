//! The static data `build.rs` generates from `src/generated/*.json` (extracted from botocore by
//! `scripts/generate_endpoints.py`): JSON documents as [`J`] trees, plus Python's `\w` / `\d`
//! code point ranges.

/// A JSON value that lives in the binary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Int(i64),
    /// A non-integer JSON number (none in today's data).
    #[allow(dead_code)]
    Float(f64),
    Str(&'static str),
    Arr(&'static [J]),
    Obj(&'static [(&'static str, J)]),
}

impl J {
    /// Member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&'static J> {
        match self {
            J::Obj(members) => members.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&'static str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_arr(&self) -> &'static [J] {
        match self {
            J::Arr(items) => items,
            _ => &[],
        }
    }

    pub fn as_obj(&self) -> &'static [(&'static str, J)] {
        match self {
            J::Obj(members) => members,
            _ => &[],
        }
    }

    /// Convert to a `serde_json::Value`.
    pub fn to_json(self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(b),
            J::Int(i) => Value::from(i),
            J::Float(f) => Value::from(f),
            J::Str(s) => Value::String(s.to_owned()),
            J::Arr(items) => Value::Array(items.iter().map(|i| i.to_json()).collect()),
            J::Obj(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/endpoint_data.rs"));

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Python `re`'s `\w` for str patterns.
pub fn is_py_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && in_ranges(PY_WORD, c))
}

/// Python `re`'s `\d` for str patterns (Unicode decimal digits).
pub fn is_py_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && in_ranges(PY_DIGIT, c))
}

/// A character whose NFKC form contains one of `/?#@:` (Python's `urllib.parse._checknetloc`).
pub fn is_nfkc_netloc_special(c: char) -> bool {
    !c.is_ascii() && in_ranges(PY_NFKC_NETLOC, c)
}

/// The value of a Python `\d` character (Unicode decimal digits come in runs of ten from zero).
pub fn py_digit_value(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    let cp = c as u32;
    PY_DIGIT
        .iter()
        .find(|&&(lo, hi)| lo <= cp && cp <= hi)
        .map(|&(lo, _)| (cp - lo) % 10)
}
