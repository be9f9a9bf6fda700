//! Values the ruleset interpreter passes around, with the Python semantics botocore gives them
//! (truthiness, `str()`, `type()` names).

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use super::data::J;
use crate::pycompat::repr_str as py_repr_str;

/// A string that is either ruleset data or shared, so copies cost no allocation.
#[derive(Clone)]
pub enum Str {
    Static(&'static str),
    Shared(Rc<str>),
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Str::Static(s) => s,
            Str::Shared(s) => s,
        }
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str::Shared(Rc::from(s))
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str::Shared(Rc::from(s))
    }
}

/// A value in the interpreter. Copies are cheap (strings, lists and maps are shared).
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Str),
    /// `true` for a tuple (a `stringArray` parameter), `false` for a list.
    List(Rc<[V]>, bool),
    Map(Rc<[(Str, V)]>),
}

impl V {
    pub fn from_j(j: &J) -> V {
        match *j {
            J::Null => V::None,
            J::Bool(b) => V::Bool(b),
            J::Int(i) => V::Int(i),
            J::Float(f) => V::Float(f),
            J::Str(s) => V::Str(Str::Static(s)),
            J::Arr(items) => V::List(items.iter().map(V::from_j).collect(), false),
            J::Obj(members) => V::Map(
                members
                    .iter()
                    .map(|(k, v)| (Str::Static(k), V::from_j(v)))
                    .collect(),
            ),
        }
    }

    /// A string value that owns its text.
    pub fn string(s: impl Into<Str>) -> V {
        V::Str(s.into())
    }

    pub fn is_none(&self) -> bool {
        matches!(self, V::None)
    }

    /// Python `bool(value)`.
    pub fn truthy(&self) -> bool {
        match self {
            V::None => false,
            V::Bool(b) => *b,
            V::Int(i) => *i != 0,
            V::Float(f) => *f != 0.0,
            V::Str(s) => !s.is_empty(),
            V::List(items, _) => !items.is_empty(),
            V::Map(members) => !members.is_empty(),
        }
    }

    /// Python `type(value)` as `str()` prints it.
    pub fn py_type(&self) -> &'static str {
        match self {
            V::None => "<class 'NoneType'>",
            V::Bool(_) => "<class 'bool'>",
            V::Int(_) => "<class 'int'>",
            V::Float(_) => "<class 'float'>",
            V::Str(_) => "<class 'str'>",
            V::List(_, true) => "<class 'tuple'>",
            V::List(_, false) => "<class 'list'>",
            V::Map(_) => "<class 'dict'>",
        }
    }

    /// The bare type name, as in Python's `TypeError` messages.
    pub fn py_type_name(&self) -> &'static str {
        match self {
            V::None => "NoneType",
            V::Bool(_) => "bool",
            V::Int(_) => "int",
            V::Float(_) => "float",
            V::Str(_) => "str",
            V::List(_, true) => "tuple",
            V::List(_, false) => "list",
            V::Map(_) => "dict",
        }
    }

    /// Python `str(value)` (what an f-string inserts).
    pub fn py_str(&self) -> String {
        match self {
            V::Str(s) => s.to_string(),
            other => other.py_repr(),
        }
    }

    /// Python `repr(value)`.
    pub fn py_repr(&self) -> String {
        match self {
            V::None => "None".into(),
            V::Bool(true) => "True".into(),
            V::Bool(false) => "False".into(),
            V::Int(i) => i.to_string(),
            V::Float(f) => format!("{f:?}"),
            V::Str(s) => py_repr_str(s),
            V::List(items, is_tuple) => {
                let inner: Vec<String> = items.iter().map(V::py_repr).collect();
                match (is_tuple, items.len()) {
                    (true, 1) => format!("({},)", inner[0]),
                    (true, _) => format!("({})", inner.join(", ")),
                    (false, _) => format!("[{}]", inner.join(", ")),
                }
            }
            V::Map(members) => {
                let inner: Vec<String> = members
                    .iter()
                    .map(|(k, v)| format!("{}: {}", py_repr_str(k), v.py_repr()))
                    .collect();
                format!("{{{}}}", inner.join(", "))
            }
        }
    }

    pub fn map_get(&self, key: &str) -> Option<&V> {
        match self {
            V::Map(members) => members.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}
