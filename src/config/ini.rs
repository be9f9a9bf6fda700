//! The shared config/credentials file format exactly as botocore reads it: Python's
//! `configparser.RawConfigParser` defaults (`#`/`;` whole-line comments only, `=`/`:`
//! delimiters, lower-cased option names, case-sensitive section names, indented continuation
//! lines, a `[DEFAULT]` section whose options every section inherits, strict duplicates), then
//! botocore's `configloader` (nested `s3 =` blocks, `[profile x]` / `[services x]` sections).

use std::collections::BTreeMap;

use crate::pycompat::{isspace as py_isspace, rstrip as py_rstrip, strip as py_strip};

/// An option value: a plain string, or a nested block (`s3 =\n  key = value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IniValue {
    Str(String),
    Nested(Vec<(String, String)>),
}

impl IniValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            IniValue::Str(s) => Some(s),
            IniValue::Nested(_) => None,
        }
    }

    pub fn nested_get(&self, key: &str) -> Option<&str> {
        match self {
            IniValue::Nested(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            IniValue::Str(_) => None,
        }
    }
}

/// One section: option name (lower-cased) to value, in file order.
pub type Section = Vec<(String, IniValue)>;

pub fn section_get<'a>(section: &'a Section, key: &str) -> Option<&'a IniValue> {
    section.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Update `target` with `other`'s options (Python `dict.update`).
pub fn section_update(target: &mut Section, other: &Section) {
    for (k, v) in other {
        if let Some(slot) = target.iter_mut().find(|(tk, _)| tk == k) {
            slot.1 = v.clone();
        } else {
            target.push((k.clone(), v.clone()));
        }
    }
}

/// `str.splitlines()` separators.
fn py_splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            out.push(&s[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(_, '\n')) = iter.peek() {
                    iter.next();
                    end += 1;
                }
            }
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Why a file could not be parsed (botocore raises `ConfigParseError`): the line number and
/// what is wrong, never the line's text (it may be a secret pasted without its `name =`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl ParseError {
    fn at(line: usize, what: &str) -> ParseError {
        ParseError(format!("line {line}: {what}"))
    }
}

/// An option's value lines joined as configparser joins them, with the file line of each.
#[derive(Debug, Clone, Default)]
struct RawValue {
    text: String,
    lines: Vec<usize>,
}

/// `raw_config_parse(path)`: section name to options, sections in file order, `[DEFAULT]`
/// options merged into every section, nested blocks parsed.
pub fn raw_config_parse(text: &str) -> Result<Vec<(String, Section)>, ParseError> {
    let raw = configparser_read(text)?;
    let mut out = Vec::with_capacity(raw.sections.len());
    for (name, options) in raw.sections {
        let mut merged: Vec<(String, RawValue)> = options;
        for (k, v) in &raw.defaults {
            if !merged.iter().any(|(mk, _)| mk == k) {
                merged.push((k.clone(), v.clone()));
            }
        }
        let mut section = Section::with_capacity(merged.len());
        for (k, v) in merged {
            let value = if v.text.starts_with('\n') {
                IniValue::Nested(parse_nested(&v)?)
            } else {
                IniValue::Str(v.text)
            };
            section.push((k, value));
        }
        out.push((name, section));
    }
    Ok(out)
}

/// botocore `_parse_nested`: `key = value` per non-blank line; keys keep their case.
fn parse_nested(value: &RawValue) -> Result<Vec<(String, String)>, ParseError> {
    let mut parsed: Vec<(String, String)> = Vec::new();
    // `str.splitlines()` of the joined value, a file line at a time to know its number.
    let lines = value.text.split('\n').zip(&value.lines);
    for (line, &lineno) in lines {
        for line in py_splitlines(line) {
            let line = py_strip(line);
            if line.is_empty() {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                return Err(ParseError::at(
                    lineno,
                    "a line of a nested block (such as `s3 =`) has no '='",
                ));
            };
            let k = py_strip(k).to_string();
            let v = py_strip(v).to_string();
            if let Some(slot) = parsed.iter_mut().find(|(pk, _)| *pk == k) {
                slot.1 = v;
            } else {
                parsed.push((k, v));
            }
        }
    }
    Ok(parsed)
}

struct RawIni {
    defaults: Vec<(String, RawValue)>,
    sections: Vec<(String, Vec<(String, RawValue)>)>,
}

/// Option name to its value lines (with their line numbers), before `_join_multiline_values`.
type RawOptions = Vec<(String, Vec<(usize, String)>)>;

/// Port of `RawConfigParser._read` with default settings.
fn configparser_read(text: &str) -> Result<RawIni, ParseError> {
    // Universal newlines, as Python's text-mode file iteration.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut defaults: RawOptions = Vec::new();
    let mut sections: Vec<(String, RawOptions)> = Vec::new();
    // None: no section yet; Some(None): DEFAULT; Some(Some(i)): sections[i].
    let mut cursect: Option<Option<usize>> = None;
    let mut sectname = String::new();
    let mut optname: Option<String> = None;
    let mut indent_level = 0usize;
    let mut added_sections: Vec<String> = Vec::new();
    let mut added_options: Vec<(String, String)> = Vec::new();
    let mut error: Option<ParseError> = None;

    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (idx, line) in lines.iter().enumerate() {
        let lineno = idx + 1;
        let stripped = py_strip(line);
        let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
        let value = if is_comment { "" } else { stripped };
        if value.is_empty() {
            if !is_comment {
                if let (Some(sect), Some(opt)) = (cursect, optname.as_ref()) {
                    if !opt.is_empty() {
                        let options = match sect {
                            None => &mut defaults,
                            Some(i) => &mut sections[i].1,
                        };
                        if let Some(slot) = options.iter_mut().find(|(k, _)| k == opt) {
                            slot.1.push((lineno, String::new()));
                        }
                    }
                }
            }
            continue;
        }
        let cur_indent_level = line.chars().position(|c| !py_isspace(c)).unwrap_or(0);
        let continuation = cursect.is_some()
            && optname.as_ref().is_some_and(|o| !o.is_empty())
            && cur_indent_level > indent_level;
        if continuation {
            let opt = optname.as_ref().expect("checked above");
            let options = match cursect.expect("checked above") {
                None => &mut defaults,
                Some(i) => &mut sections[i].1,
            };
            if let Some(slot) = options.iter_mut().find(|(k, _)| k == opt) {
                slot.1.push((lineno, value.to_string()));
            }
            continue;
        }
        indent_level = cur_indent_level;
        if let Some(header) = match_section_header(value) {
            sectname = header.to_string();
            if let Some(i) = sections.iter().position(|(n, _)| *n == sectname) {
                if added_sections.contains(&sectname) {
                    return Err(ParseError::at(
                        lineno,
                        "a section of this name already appears earlier",
                    ));
                }
                cursect = Some(Some(i));
                added_sections.push(sectname.clone());
            } else if sectname == "DEFAULT" {
                cursect = Some(None);
            } else {
                sections.push((sectname.clone(), Vec::new()));
                cursect = Some(Some(sections.len() - 1));
                added_sections.push(sectname.clone());
            }
            optname = None;
            continue;
        }
        let Some(sect) = cursect else {
            return Err(ParseError::at(
                lineno,
                "text before the first [section] header",
            ));
        };
        match split_option(value) {
            Some((option, optval)) => {
                if option.is_empty() && error.is_none() {
                    error = Some(ParseError::at(
                        lineno,
                        "an option with no name before its '='",
                    ));
                }
                let name = py_rstrip(option).to_lowercase();
                let key = (sectname.clone(), name.clone());
                if added_options.contains(&key) {
                    return Err(ParseError::at(
                        lineno,
                        "an option of this name already appears earlier in the section",
                    ));
                }
                added_options.push(key);
                let options = match sect {
                    None => &mut defaults,
                    Some(i) => &mut sections[i].1,
                };
                let val = vec![(lineno, py_strip(optval).to_string())];
                if let Some(slot) = options.iter_mut().find(|(k, _)| *k == name) {
                    slot.1 = val;
                } else {
                    options.push((name.clone(), val));
                }
                optname = Some(name);
            }
            None => {
                if error.is_none() {
                    error = Some(ParseError::at(
                        lineno,
                        "not a [section] header, a `name = value` option or a comment",
                    ));
                }
            }
        }
    }
    if let Some(e) = error {
        return Err(e);
    }
    let join = |v: Vec<(usize, String)>| {
        let (lines, texts): (Vec<usize>, Vec<String>) = v.into_iter().unzip();
        RawValue {
            text: py_rstrip(&texts.join("\n")).to_string(),
            lines,
        }
    };
    Ok(RawIni {
        defaults: defaults.into_iter().map(|(k, v)| (k, join(v))).collect(),
        sections: sections
            .into_iter()
            .map(|(n, opts)| (n, opts.into_iter().map(|(k, v)| (k, join(v))).collect()))
            .collect(),
    })
}

/// `SECTCRE.match`: `[` at the start, then the longest run up to the last `]` (at least one
/// character between).
fn match_section_header(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('[')?;
    // `.` does not match a newline; `value` is one stripped line so it has none.
    let close = rest.rfind(']')?;
    if close == 0 {
        return None;
    }
    Some(&rest[..close])
}

/// `OPTCRE.match`: option up to the first `=` or `:`, then the rest.
fn split_option(value: &str) -> Option<(&str, &str)> {
    let pos = value.find(['=', ':'])?;
    let option = py_rstrip(&value[..pos]);
    Some((option, &value[pos + 1..]))
}

/// The result of botocore's `build_profile_map` over one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileMap {
    pub profiles: BTreeMap<String, Section>,
    pub services: BTreeMap<String, Section>,
}

/// `load_config`: `[profile x]` and `[default]` to profiles, `[services x]` to services.
pub fn build_profile_map(parsed: Vec<(String, Section)>) -> ProfileMap {
    let mut map = ProfileMap::default();
    for (key, values) in parsed {
        if key.starts_with("profile") {
            if let Some(name) = section_suffix(&key) {
                map.profiles.insert(name, values);
            }
        } else if key.starts_with("sso-session") {
            // Not used here.
        } else if key.starts_with("services") {
            if let Some(name) = section_suffix(&key) {
                map.services.insert(name, values);
            }
        } else if key == "default" {
            map.profiles.insert(key, values);
        }
    }
    map
}

/// botocore `_parse_section`: `shlex.split(key)` must give exactly two words; the second is the
/// name.
fn section_suffix(key: &str) -> Option<String> {
    let parts = shlex_split(key)?;
    if parts.len() == 2 {
        parts.into_iter().nth(1)
    } else {
        None
    }
}

/// POSIX-mode `shlex.split` (no comments); `None` where Python raises `ValueError`.
fn shlex_split(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c == ' ' || c == '\t' || c == '\r' || c == '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                cur.push(chars.next()?);
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        ch => cur.push(ch),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => {
                            let next = chars.next()?;
                            if matches!(next, '\\' | '"') {
                                cur.push(next);
                            } else {
                                cur.push('\\');
                                cur.push(next);
                            }
                        }
                        ch => cur.push(ch),
                    }
                }
            }
            ch => {
                in_word = true;
                cur.push(ch);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<(String, Section)> {
        raw_config_parse(text).expect("parses")
    }

    fn s(v: &str) -> IniValue {
        IniValue::Str(v.into())
    }

    #[test]
    fn comments_case_and_inline_text() {
        let p = parse("# top\n[default]\n; c\nREGION = us-west-2 ; not a comment\nk: v\n");
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].1,
            vec![
                ("region".into(), s("us-west-2 ; not a comment")),
                ("k".into(), s("v"))
            ]
        );
    }

    #[test]
    fn nested_block_and_default_section() {
        let text = "[DEFAULT]\nx = 1\n[default]\ns3 =\n  Addressing_Style = path\n\n  # c\n  \
                    a = b = c\nregion=eu-west-1\n";
        let p = parse(text);
        let sec = &p[0].1;
        assert_eq!(
            section_get(sec, "s3"),
            Some(&IniValue::Nested(vec![
                ("Addressing_Style".into(), "path".into()),
                ("a".into(), "b = c".into())
            ]))
        );
        assert_eq!(section_get(sec, "region"), Some(&s("eu-west-1")));
        assert_eq!(section_get(sec, "x"), Some(&s("1")));
    }

    #[test]
    fn errors() {
        assert!(raw_config_parse("region = x\n").is_err());
        assert!(raw_config_parse("[a]\nb\n").is_err());
        assert!(raw_config_parse("[a]\nb=1\n[a]\n").is_err());
        assert!(raw_config_parse("[a]\nb=1\nB=2\n").is_err());
        assert!(raw_config_parse("[a]\n=1\n").is_err());
        assert!(raw_config_parse("[a]\ns3 =\n  nokey\n").is_err());
        assert!(raw_config_parse("[DEFAULT]\na=1\n[DEFAULT]\nb=2\n").is_ok());
    }

    #[test]
    fn profile_map_names() {
        let p = parse(
            "[default]\na=1\n[profile \"my p\"]\na=2\n[profile]\na=3\n[profilex y]\na=4\n\
             [services s]\ns3 =\n  endpoint_url = http://x\n[other]\na=5\n",
        );
        let m = build_profile_map(p);
        let names: Vec<_> = m.profiles.keys().cloned().collect();
        assert_eq!(names, vec!["default", "my p", "y"]);
        assert!(m.services.contains_key("s"));
    }

    #[test]
    fn shlex() {
        assert_eq!(
            shlex_split("profile 'a b'").unwrap(),
            vec!["profile".to_string(), "a b".to_string()]
        );
        assert!(shlex_split("profile \"a").is_none());
        assert_eq!(shlex_split("a\\ b c").unwrap(), vec!["a b", "c"]);
    }
}
