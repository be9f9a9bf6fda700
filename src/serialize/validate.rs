//! Parameter validation as `botocore.validate.ParamValidator` reports it, with values rendered
//! as Python would in botocore's messages.

use super::*;

pub(super) fn py_datetime(d: &DateTimeValue) -> String {
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        d.year, d.month, d.day, d.hour, d.minute, d.second
    );
    if d.microsecond != 0 {
        s.push_str(&format!(".{:06}", d.microsecond));
    }
    if let Some(off) = d.utc_offset_seconds {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.unsigned_abs();
        s.push_str(&format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60));
        if a % 60 != 0 {
            s.push_str(&format!(":{:02}", a % 60));
        }
    }
    s
}

/// `repr(value)`.
pub(super) fn py_repr(v: &Value) -> String {
    match v {
        Value::Str(s) => repr_str(s),
        Value::Bytes(b) => {
            let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
                b'"'
            } else {
                b'\''
            };
            let mut out = String::from("b");
            out.push(quote as char);
            for &c in b {
                match c {
                    b'\\' => out.push_str("\\\\"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c as char);
                    }
                    b'\n' => out.push_str("\\n"),
                    b'\r' => out.push_str("\\r"),
                    b'\t' => out.push_str("\\t"),
                    0x20..=0x7e => out.push(c as char),
                    _ => out.push_str(&format!("\\x{c:02x}")),
                }
            }
            out.push(quote as char);
            out
        }
        Value::DateTime(d) => format!("datetime({})", py_datetime(d)),
        other => py_str(other),
    }
}

/// `str(value)`.
pub(super) fn py_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => repr_float(*f),
        Value::Str(s) => s.clone(),
        Value::Bytes(_) => py_repr(v),
        Value::DateTime(d) => py_datetime(d),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), py_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

pub(super) fn py_class(v: &Value) -> String {
    format!("<class '{}'>", v.python_type_name())
}

pub(super) struct Errors(Vec<String>);

pub(super) fn valid_types(t: ShapeType) -> &'static str {
    match t {
        ShapeType::String => "<class 'str'>",
        ShapeType::Integer | ShapeType::Long => "<class 'int'>",
        ShapeType::Boolean => "<class 'bool'>",
        ShapeType::Float | ShapeType::Double => {
            "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"
        }
        ShapeType::Timestamp => "<class 'datetime.datetime'>, timestamp-string",
        ShapeType::Blob => "<class 'bytes'>, <class 'bytearray'>, file-like object",
        ShapeType::List => "<class 'list'>, <class 'tuple'>",
        ShapeType::Map | ShapeType::Structure => "<class 'dict'>",
    }
}

pub(super) fn type_ok(v: &Value, t: ShapeType) -> bool {
    match t {
        ShapeType::String => matches!(v, Value::Str(_)),
        ShapeType::Integer | ShapeType::Long => matches!(v, Value::Int(_) | Value::Bool(_)),
        ShapeType::Boolean => matches!(v, Value::Bool(_)),
        ShapeType::Float | ShapeType::Double => {
            matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
        }
        ShapeType::Timestamp => timestamp_epoch(v).is_ok(),
        ShapeType::Blob => matches!(v, Value::Bytes(_) | Value::Str(_)),
        ShapeType::List => matches!(v, Value::List(_)),
        ShapeType::Map | ShapeType::Structure => matches!(v, Value::Map(_)),
    }
}

impl Errors {
    fn invalid_type(&mut self, name: &str, v: &Value, t: ShapeType) {
        self.0.push(format!(
            "Invalid type for parameter {name}, value: {}, type: {}, valid types: {}",
            py_str(v),
            py_class(v),
            valid_types(t)
        ));
    }

    /// `range_check`; `shown` is how botocore prints the value (`False` for a bool).
    fn range(
        &mut self,
        name: &str,
        value: i64,
        shown: &str,
        shape: &Shape,
        host_label: bool,
        length: bool,
    ) {
        let min = match shape.min {
            Some(min) => min,
            None if host_label => 1,
            None => return,
        };
        if value < min {
            self.0.push(if length {
                format!(
                    "Invalid length for parameter {name}, value: {shown}, valid min length: {min}"
                )
            } else {
                format!(
                    "Invalid value for parameter {name}, value: {shown}, valid min value: {min}"
                )
            });
        }
    }

    fn validate(&mut self, v: &Value, shape: &Shape, name: &str, host_label: bool) {
        if !type_ok(v, shape.shape_type) {
            self.invalid_type(name, v, shape.shape_type);
            return;
        }
        match (shape.shape_type, v) {
            (ShapeType::String, Value::Str(s)) => {
                let n = s.chars().count() as i64;
                self.range(name, n, &n.to_string(), shape, host_label, true)
            }
            (ShapeType::Integer | ShapeType::Long, _) => {
                let n = match v {
                    Value::Int(i) => *i,
                    Value::Bool(b) => *b as i64,
                    _ => 0,
                };
                self.range(name, n, &py_str(v), shape, host_label, false)
            }
            (ShapeType::List, Value::List(items)) => {
                let n = items.len() as i64;
                self.range(name, n, &n.to_string(), shape, false, true);
                if let Some(member) = shape.member {
                    for (i, item) in items.iter().enumerate() {
                        self.validate(item, member, &format!("{name}[{i}]"), false);
                    }
                }
            }
            (ShapeType::Map, Value::Map(entries)) => {
                for (k, item) in entries {
                    if let Some(ks) = shape.key {
                        let key = Value::Str(k.clone());
                        self.validate(&key, ks, &format!("{name} (key: {k})"), false);
                    }
                    if let Some(vs) = shape.value {
                        self.validate(item, vs, &format!("{name}.{k}"), false);
                    }
                }
            }
            _ => {}
        }
    }
}

/// botocore's `ParamValidator.validate(params, input_shape)` at the top level.
pub(super) fn validate(op: &Operation, params: &Params) -> Result<()> {
    let mut errors = Errors(Vec::new());
    for required in op.required {
        if get(params, required).is_none() {
            errors.0.push(format!(
                "Missing required parameter in input: \"{required}\""
            ));
        }
    }
    let mut known: Vec<(&Member, &Value)> = Vec::new();
    for (k, v) in params {
        match op.member(k) {
            Some(m) => known.push((m, v)),
            None => {
                let names: Vec<&str> = op.members.iter().map(|m| m.name).collect();
                errors.0.push(format!(
                    "Unknown parameter in input: \"{k}\", must be one of: {}",
                    names.join(", ")
                ));
            }
        }
    }
    for (m, v) in known {
        errors.validate(v, m.shape, m.name, m.host_label);
    }
    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(invalid(errors.0.join("\n")))
    }
}
