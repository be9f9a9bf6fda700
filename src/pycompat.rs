//! Python's own rules that botocore's output rests on, one copy of each: `urllib.parse.quote`
//! with botocore's safe sets, `unquote` / `unquote_plus`, `str.isspace` and what is built on it
//! (`strip`, `' '.join(s.split())`), `repr(str)` and `repr(float)`.
//!
//! A leaf: it imports nothing from the crate.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// botocore's `percent_encode` (`quote(s, safe='-_.~')`): everything but `A-Za-z0-9-_.~`.
pub const QUERY_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `quote(s, safe='/~')` (greedy labels, `normalize_url_path`) and `SAFE_CHARS + '/'`
/// (CopySource): `/` stays too.
pub const PATH_ENCODE_SET: &AsciiSet = &QUERY_ENCODE_SET.remove(b'/');

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// `percent_encode(s)`.
pub fn quote(s: &str) -> String {
    utf8_percent_encode(s, QUERY_ENCODE_SET).to_string()
}

/// `percent_encode(s, safe='/~')`.
pub fn quote_keep_slash(s: &str) -> String {
    utf8_percent_encode(s, PATH_ENCODE_SET).to_string()
}

/// [`quote`], appended (text that needs no encoding is copied whole).
pub fn push_quoted(out: &mut String, s: &str) {
    if s.bytes().all(is_unreserved) {
        out.push_str(s);
        return;
    }
    for chunk in utf8_percent_encode(s, QUERY_ENCODE_SET) {
        out.push_str(chunk);
    }
}

/// [`quote_keep_slash`], appended.
pub fn push_quoted_keep_slash(out: &mut String, s: &str) {
    if s.bytes().all(|b| is_unreserved(b) || b == b'/') {
        out.push_str(s);
        return;
    }
    for chunk in utf8_percent_encode(s, PATH_ENCODE_SET) {
        out.push_str(chunk);
    }
}

/// `urllib.parse.unquote` (invalid UTF-8 becomes U+FFFD, as `errors='replace'`).
pub fn unquote(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `urllib.parse.unquote_plus`, as `parse_qs` applies it.
pub fn unquote_plus(s: &str) -> String {
    unquote(&s.replace('+', " "))
}

/// `str.isspace()` for one character (also what `str.split()`, `str.strip()` and a str
/// pattern's `\s` use): Unicode whitespace plus the information separators U+001C..U+001F.
pub fn isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `str.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(isspace)
}

/// `str.rstrip()`.
pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches(isspace)
}

/// `' '.join(value.split())`, appended.
pub fn push_split_joined(out: &mut Vec<u8>, value: &str) {
    for (i, word) in value.split(isspace).filter(|s| !s.is_empty()).enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(word.as_bytes());
    }
}

/// `repr(s)` for a str (printable non-ASCII characters are kept, as Python 3 does).
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `float.__repr__`: the shortest digits that round-trip, in fixed notation for decimal
/// exponents -4..16 (with `.0` when integral), else `1.5e+16` / `1e-05`; `nan`, `inf`, `-inf`.
pub fn repr_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    // Rust's `{:e}` gives the shortest digit count that round-trips (`-1.2345e-7`, `1e16`,
    // `0e0`). Among the strings of that length that round-trip, CPython's dtoa takes the one
    // closest to the exact value (ties to even); Rust's pick can differ when two qualify. The
    // exact value correctly rounded to that length (Rust's exact mode, half-even) is the
    // closest string: take it when it round-trips, else the shortest is the only candidate.
    let shortest = format!("{f:e}");
    let mantissa_len = shortest.split_once('e').map_or(0, |(m, _)| m.len());
    let digit_count = shortest[..mantissa_len]
        .bytes()
        .filter(u8::is_ascii_digit)
        .count();
    let rounded = format!("{f:.*e}", digit_count.saturating_sub(1));
    let sci = if rounded.parse::<f64>() == Ok(f) {
        rounded
    } else {
        shortest
    };
    let (mantissa, exponent) = sci.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} exponent is an integer");
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exponent) {
        if exponent >= 0 {
            let int_len = exponent as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n("0", int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n("0", (-exponent - 1) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        let abs = exponent.unsigned_abs();
        if abs < 10 {
            out.push('0');
        }
        out.push_str(itoa::Buffer::new().format(abs));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_botocore_percent_encode() {
        let mut out = String::new();
        push_quoted(&mut out, "a b+c/~é");
        assert_eq!(out, "a%20b%2Bc%2F~%C3%A9");
        assert_eq!(quote("a b/c~d_e.f-g"), "a%20b%2Fc~d_e.f-g");
        assert_eq!(quote_keep_slash("a b/c+é"), "a%20b/c%2B%C3%A9");
        let mut out = String::new();
        push_quoted_keep_slash(&mut out, "a b/c+é");
        assert_eq!(out, "a%20b/c%2B%C3%A9");
    }

    #[test]
    fn unquotes_like_urllib() {
        assert_eq!(unquote("a%20b+c%ZZ"), "a b+c%ZZ");
        assert_eq!(unquote_plus("a%20b+c"), "a b c");
        assert_eq!(unquote("%FF"), "\u{fffd}");
    }

    #[test]
    fn split_join_and_strip_use_python_whitespace() {
        let mut out = Vec::new();
        push_split_joined(&mut out, "  a \t b\u{1f}c  ");
        assert_eq!(out, b"a b c");
        let mut out = Vec::new();
        push_split_joined(&mut out, "");
        assert!(out.is_empty());
        assert_eq!(strip("\u{1c} x \u{a0}"), "x");
        assert_eq!(rstrip(" x \u{2028}"), " x");
    }

    #[test]
    fn repr_str_quotes_like_python() {
        assert_eq!(repr_str("a'b"), "\"a'b\"");
        assert_eq!(repr_str("a'b\""), "'a\\'b\"'");
        assert_eq!(repr_str("\n\u{1}é"), "'\\n\\x01é'");
    }

    #[test]
    fn repr_float_like_python() {
        // Expected values: CPython 3.11 `repr(x)`.
        let cases = [
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1234567890123456.7, "1234567890123456.8"),
            (123456789012345.6, "123456789012345.6"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-1.25e-7, "-1.25e-07"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (123.456, "123.456"),
            (-2.5e100, "-2.5e+100"),
            (1.2345678901234568e17, "1.2345678901234568e+17"),
            // A tie between two shortest candidates: CPython takes the even one.
            (2f64.powi(49) + 0.25, "562949953421312.2"),
            (1e23, "1e+23"),
            // 2**-24: the closest 16-digit string does not round-trip (the gap below a power of
            // two is narrower), so CPython writes the other one.
            (2f64.powi(-24), "5.960464477539063e-08"),
            (f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (f, want) in cases {
            assert_eq!(repr_float(f), want, "{f:?}");
        }
    }
}
