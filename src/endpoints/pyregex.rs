//! The small subset of Python `re` syntax the partition `regionRegex` patterns use (`^`, `$`,
//! literals, `\`-escapes, `\w`, `\d`, groups with `|`, `+ * ?`), matched with Python's semantics
//! for `re.match` on str: anchored at the start, Unicode `\w`/`\d`, and `$` matching at the end or
//! before a final `\n`.

use super::data::{is_py_digit, is_py_word};

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Char(char),
    Word,
    Digit,
    Start,
    End,
    Group(Vec<Vec<Item>>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Quant {
    One,
    Opt,
    Star,
    Plus,
}

#[derive(Debug, Clone, PartialEq)]
struct Item {
    atom: Atom,
    quant: Quant,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PyRegex {
    alternatives: Vec<Vec<Item>>,
}

impl PyRegex {
    /// Compile `pattern`; `None` if it uses syntax outside the supported subset.
    pub fn new(pattern: &str) -> Option<PyRegex> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let alternatives = parse_alternatives(&chars, &mut pos, 0)?;
        if pos != chars.len() {
            return None;
        }
        Some(PyRegex { alternatives })
    }

    /// Python `re.match(pattern, text) is not None`.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        match_alts(&self.alternatives, &chars, 0, &|_| true)
    }
}

fn parse_alternatives(chars: &[char], pos: &mut usize, depth: usize) -> Option<Vec<Vec<Item>>> {
    let mut alts = vec![Vec::new()];
    while *pos < chars.len() {
        let c = chars[*pos];
        let atom = match c {
            '|' => {
                *pos += 1;
                alts.push(Vec::new());
                continue;
            }
            ')' => {
                if depth == 0 {
                    return None;
                }
                return Some(alts);
            }
            '(' => {
                *pos += 1;
                if chars.get(*pos) == Some(&'?') {
                    return None;
                }
                let inner = parse_alternatives(chars, pos, depth + 1)?;
                if chars.get(*pos) != Some(&')') {
                    return None;
                }
                Atom::Group(inner)
            }
            '^' => Atom::Start,
            '$' => Atom::End,
            '\\' => {
                *pos += 1;
                match chars.get(*pos)? {
                    'w' => Atom::Word,
                    'd' => Atom::Digit,
                    e if !e.is_ascii_alphanumeric() => Atom::Char(*e),
                    _ => return None,
                }
            }
            '.' | '[' | ']' | '{' | '}' | '+' | '*' | '?' => return None,
            other => Atom::Char(other),
        };
        *pos += 1;
        let quant = match chars.get(*pos) {
            Some('+') => Quant::Plus,
            Some('*') => Quant::Star,
            Some('?') => Quant::Opt,
            _ => Quant::One,
        };
        if quant != Quant::One {
            *pos += 1;
            if matches!(chars.get(*pos), Some('?') | Some('+') | Some('*')) {
                return None;
            }
        }
        alts.last_mut()
            .expect("one alternative")
            .push(Item { atom, quant });
    }
    if depth != 0 {
        return None;
    }
    Some(alts)
}

fn match_alts(alts: &[Vec<Item>], s: &[char], pos: usize, k: &dyn Fn(usize) -> bool) -> bool {
    alts.iter().any(|seq| match_seq(seq, s, pos, k))
}

fn match_seq(items: &[Item], s: &[char], pos: usize, k: &dyn Fn(usize) -> bool) -> bool {
    let Some((first, rest)) = items.split_first() else {
        return k(pos);
    };
    let then = |p: usize| match_seq(rest, s, p, k);
    match first.quant {
        Quant::One => match_atom(&first.atom, s, pos, &then),
        Quant::Opt => match_atom(&first.atom, s, pos, &then) || then(pos),
        Quant::Star | Quant::Plus => {
            match_repeat(&first.atom, s, pos, first.quant == Quant::Plus, &then)
        }
    }
}

/// Greedy repetition with backtracking; an iteration that consumes nothing ends the loop.
fn match_repeat(
    atom: &Atom,
    s: &[char],
    pos: usize,
    need_one: bool,
    k: &dyn Fn(usize) -> bool,
) -> bool {
    if need_one {
        // `x+` is `x x*`.
        return match_atom(atom, s, pos, &|p| match_repeat(atom, s, p, false, k));
    }
    match_atom(atom, s, pos, &|p| {
        p != pos && match_repeat(atom, s, p, false, k)
    }) || k(pos)
}

fn match_atom(atom: &Atom, s: &[char], pos: usize, k: &dyn Fn(usize) -> bool) -> bool {
    match atom {
        Atom::Start => pos == 0 && k(pos),
        Atom::End => (pos == s.len() || (pos + 1 == s.len() && s[pos] == '\n')) && k(pos),
        Atom::Char(c) => s.get(pos) == Some(c) && k(pos + 1),
        Atom::Word => s.get(pos).is_some_and(|&c| is_py_word(c)) && k(pos + 1),
        Atom::Digit => s.get(pos).is_some_and(|&c| is_py_digit(c)) && k(pos + 1),
        Atom::Group(alts) => match_alts(alts, s, pos, k),
    }
}

#[cfg(test)]
mod tests {
    use super::PyRegex;

    #[test]
    fn partition_like_patterns() {
        let aws = PyRegex::new(r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$").unwrap();
        assert!(aws.is_match("us-east-1"));
        assert!(aws.is_match("eu-foo_bar-12"));
        assert!(aws.is_match("us-east-1\n"));
        assert!(!aws.is_match("us-east-1\n\n"));
        assert!(!aws.is_match("us-gov-west-1"));
        assert!(!aws.is_match("xx-east-1"));
        assert!(aws.is_match("us-eäst-١"));
        assert!(!aws.is_match("us-east-1x"));
        assert!(aws.is_match("us-12-34"));
        let eusc = PyRegex::new(r"^eusc\-(de)\-\w+\-\d+$").unwrap();
        assert!(eusc.is_match("eusc-de-east-1"));
        assert!(!eusc.is_match("eusc-fr-east-1"));
        assert!(PyRegex::new("a[b]").is_none());
        assert!(PyRegex::new("(?:a)").is_none());
        assert!(PyRegex::new("a)").is_none());
    }
}
