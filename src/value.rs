//! `Params` as the core sees them: a tree of plain values, converted once from Python objects at
//! the binding boundary. Maps keep the caller's insertion order, because botocore serialises
//! query-string members in the order the caller's dict gives them.

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Python `None`.
    Null,
    Bool(bool),
    /// Python `int` (not `bool`) that fits in i64.
    Int(i64),
    Float(f64),
    Str(String),
    /// Python `bytes` / `bytearray`.
    Bytes(Vec<u8>),
    /// Python `datetime.datetime`, field by field as the caller gave it.
    DateTime(DateTimeValue),
    List(Vec<Value>),
    /// Python dict (or any Mapping), in iteration order.
    Map(Vec<(String, Value)>),
}

/// A `datetime.datetime` exactly as Python holds it. `utc_offset_seconds` is `None` for a naive
/// datetime, else `utcoffset().total_seconds()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeValue {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub microsecond: u32,
    pub utc_offset_seconds: Option<i32>,
}

impl Value {
    /// The Python type name, for error messages shaped like botocore's.
    pub fn python_type_name(&self) -> &'static str {
        match self {
            Value::Null => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::DateTime(_) => "datetime.datetime",
            Value::List(_) => "list",
            Value::Map(_) => "dict",
        }
    }
}

/// Ordered `Params`: member name to value, in the caller's order.
pub type Params = Vec<(String, Value)>;

/// The value of the parameter `name`, if given.
pub fn find_param<'a>(params: &'a Params, name: &str) -> Option<&'a Value> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// `Bucket` when it is a string (a wrongly typed one is refused by validation).
pub fn bucket_param(params: &Params) -> Option<&str> {
    match find_param(params, "Bucket") {
        Some(Value::Str(bucket)) => Some(bucket),
        _ => None,
    }
}
