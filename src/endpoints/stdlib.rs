//! The ruleset standard library, mirroring botocore's `RuleSetStandardLibrary`
//! (`botocore/endpoint_provider.py`) function by function, edge cases included.

use std::sync::OnceLock;

use super::data::{is_py_digit, CLIENT_PARTITIONS, J, PARTITIONS};
use super::pyregex::PyRegex;
use super::pyurl;
use super::value::{Str, V};
use std::rc::Rc;

/// A failure botocore reports by raising: `EndpointResolutionError` or a plain Python exception
/// (whose message is kept).
pub type LibResult = Result<V, String>;

pub fn is_set(v: &V) -> V {
    V::Bool(!v.is_none())
}

pub fn not(v: &V) -> V {
    V::Bool(!v.truthy())
}

/// `getAttr(value, path)`: `a.b`, `a[0]`; an indexed part ends the walk.
pub fn get_attr(value: &V, path: &V) -> LibResult {
    let V::Str(path) = path else {
        return Err(format!(
            "'{}' object has no attribute 'split'",
            path.py_type_name()
        ));
    };
    let mut cur = value.clone();
    for part in path.split('.') {
        if let Some((name, index)) = get_attr_index(part) {
            if !name.is_empty() {
                cur = match &cur {
                    V::Map(_) => cur.map_get(name).cloned().unwrap_or(V::None),
                    other => {
                        return Err(format!(
                            "'{}' object has no attribute 'get'",
                            other.py_type_name()
                        ))
                    }
                };
            }
            let item = match &cur {
                V::None => return Ok(V::None),
                V::List(items, _) => items.get(index).cloned(),
                V::Str(s) => s.chars().nth(index).map(|c| V::string(c.to_string())),
                other => {
                    return Err(format!(
                        "object of type '{}' has no len()",
                        other.py_type_name()
                    ))
                }
            };
            return Ok(item.unwrap_or(V::None));
        }
        cur = match &cur {
            V::Map(_) => match cur.map_get(part) {
                Some(v) => v.clone(),
                None => return Err(crate::pycompat::repr_str(part)),
            },
            other => {
                return Err(format!(
                    "'{}' object is not subscriptable",
                    other.py_type_name()
                ))
            }
        };
    }
    Ok(cur)
}

/// `GET_ATTR_RE.search(part)`: the first `(\w*)\[(\d+)\]` in `part`.
fn get_attr_index(part: &str) -> Option<(&str, usize)> {
    let bytes = part.as_bytes();
    for (open, _) in part.match_indices('[') {
        let digits = part[open + 1..]
            .chars()
            .take_while(|c| is_py_digit(*c))
            .collect::<String>();
        if digits.is_empty() || bytes.get(open + 1 + digits.len()) != Some(&b']') {
            continue;
        }
        // Python int() reads any Unicode decimal digits.
        let index: usize = digits
            .chars()
            .map(|c| super::data::py_digit_value(c).unwrap_or(0))
            .try_fold(0usize, |acc, d| {
                acc.checked_mul(10)?.checked_add(d as usize)
            })
            .unwrap_or(usize::MAX);
        let name_start = part[..open]
            .char_indices()
            .rev()
            .take_while(|(_, c)| super::data::is_py_word(*c))
            .last()
            .map_or(open, |(i, _)| i);
        return Some((&part[name_start..open], index));
    }
    None
}

pub fn string_equals(a: &V, b: &V) -> LibResult {
    match (a, b) {
        (V::Str(x), V::Str(y)) => Ok(V::Bool(x == y)),
        _ => Err(format!(
            "Both values must be strings, not {} and {}.",
            a.py_type(),
            b.py_type()
        )),
    }
}

pub fn boolean_equals(a: &V, b: &V) -> LibResult {
    match (a, b) {
        (V::Bool(x), V::Bool(y)) => Ok(V::Bool(x == y)),
        _ => Err(format!(
            "Both arguments must be bools, not {} and {}.",
            a.py_type(),
            b.py_type()
        )),
    }
}

pub fn substring(value: &V, start: &V, stop: &V, reverse: &V) -> LibResult {
    let V::Str(s) = value else {
        return Err(format!("Input must be a string, not {}.", value.py_type()));
    };
    let (V::Int(start), V::Int(stop)) = (start, stop) else {
        return Err("substring indices must be integers".into());
    };
    let (start, stop) = (*start, *stop);
    let len = s.chars().count() as i64;
    if start >= stop || len < stop || !s.is_ascii() {
        return Ok(V::None);
    }
    // ASCII from here on: byte offsets are character offsets. Python slices clamp negatives.
    let clamp = |i: i64| -> usize {
        let i = if i < 0 { (len + i).max(0) } else { i.min(len) };
        i as usize
    };
    let (a, b) = if *reverse == V::Bool(true) {
        (clamp(len - stop), clamp(len - start))
    } else {
        (clamp(start), clamp(stop))
    };
    Ok(V::string(if a < b { &s[a..b] } else { "" }))
}

pub fn uri_encode(v: &V) -> V {
    match v {
        V::None => V::None,
        other => V::string(crate::pycompat::quote(&other.py_str())),
    }
}

pub fn parse_url(v: &V) -> LibResult {
    let url = match v {
        V::None => return Ok(V::None),
        V::Str(s) => s,
        other => {
            return Err(format!(
                "Cannot mix str and non-str arguments ({})",
                other.py_type_name()
            ))
        }
    };
    let parsed = pyurl::urlparse(url)?;
    if !pyurl::port_is_valid(&parsed.netloc) {
        return Ok(V::None);
    }
    if !(parsed.scheme == "https" || parsed.scheme == "http") || !parsed.query.is_empty() {
        return Ok(V::None);
    }
    let mut normalized =
        crate::pycompat::quote_keep_slash(&pyurl::normalize_url_path(&parsed.path));
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let is_ip = pyurl::is_ip_endpoint_url(url, &parsed)?;
    Ok(V::Map(Rc::new([
        (Str::Static("scheme"), V::string(parsed.scheme)),
        (Str::Static("authority"), V::string(parsed.netloc)),
        (Str::Static("path"), V::string(parsed.path)),
        (Str::Static("normalizedPath"), V::string(normalized)),
        (Str::Static("isIp"), V::Bool(is_ip)),
    ])))
}

/// `VALID_HOST_LABEL_RE = ^(?!-)[a-zA-Z\d-]{1,63}(?<!-)$` (`$` also before a final newline).
fn host_label_re(s: &str) -> bool {
    let s = s.strip_suffix('\n').unwrap_or(s);
    let n = s.chars().count();
    (1..=63).contains(&n)
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || is_py_digit(c))
}

pub fn is_valid_host_label(value: &V, allow_subdomains: &V) -> LibResult {
    let s = match value {
        V::None => return Ok(V::Bool(false)),
        V::Str(s) => s,
        other => {
            return Err(format!(
                "'{}' object has no attribute 'count'",
                other.py_type_name()
            ))
        }
    };
    Ok(V::Bool(host_label(s, allow_subdomains)))
}

fn host_label(s: &str, allow_subdomains: &V) -> bool {
    match allow_subdomains {
        V::Bool(false) if s.contains('.') => false,
        V::Bool(true) => s.split('.').all(|label| host_label(label, &V::Bool(false))),
        _ => host_label_re(s),
    }
}

pub fn is_virtual_hostable_s3_bucket(value: &V, allow_subdomains: &V) -> LibResult {
    let s = match value {
        V::None => return Ok(V::Bool(false)),
        V::Str(s) => s,
        other => {
            return Err(format!(
                "object of type '{}' has no len()",
                other.py_type_name()
            ))
        }
    };
    if s.chars().count() < 3 || s.to_lowercase() != **s || pyurl::ipv4_re_match(s) {
        return Ok(V::Bool(false));
    }
    Ok(V::Bool(host_label(s, allow_subdomains)))
}

fn compiled(table: &'static J, key: &str) -> Vec<Option<PyRegex>> {
    table
        .as_arr()
        .iter()
        .map(|p| p.get(key).and_then(J::as_str).and_then(PyRegex::new))
        .collect()
}

fn ruleset_partition_regexes() -> &'static [Option<PyRegex>] {
    static CELL: OnceLock<Vec<Option<PyRegex>>> = OnceLock::new();
    CELL.get_or_init(|| {
        compiled(
            PARTITIONS.get("partitions").expect("partitions"),
            "regionRegex",
        )
    })
}

fn client_partition_regexes() -> &'static [Option<PyRegex>] {
    static CELL: OnceLock<Vec<Option<PyRegex>>> = OnceLock::new();
    CELL.get_or_init(|| compiled(&CLIENT_PARTITIONS, "regionRegex"))
}

fn contains_str(list: Option<&J>, s: &str) -> bool {
    match list {
        Some(J::Arr(items)) => items.iter().any(|i| i.as_str() == Some(s)),
        Some(J::Obj(members)) => members.iter().any(|(k, _)| *k == s),
        _ => false,
    }
}

/// The partitions.json entry `aws.partition(region)` picks.
pub fn ruleset_partition(region: Option<&str>) -> &'static J {
    let partitions = PARTITIONS.get("partitions").expect("partitions").as_arr();
    if let Some(region) = region {
        let regexes = ruleset_partition_regexes();
        for (p, re) in partitions.iter().zip(regexes) {
            if contains_str(p.get("regions"), region)
                || re.as_ref().is_some_and(|re| re.is_match(region))
            {
                return p;
            }
        }
    }
    &partitions[0]
}

pub fn aws_partition(v: &V) -> LibResult {
    let region = match v {
        V::None => None,
        V::Str(s) => Some(&**s),
        other => {
            return Err(format!(
                "expected string or bytes-like object, got '{}'",
                other.py_type_name()
            ))
        }
    };
    let p = ruleset_partition(region);
    let mut out: Vec<(Str, V)> = p
        .get("outputs")
        .map(|o| o.as_obj())
        .unwrap_or(&[])
        .iter()
        .map(|(k, v)| (Str::Static(k), V::from_j(v)))
        .collect();
    let id = V::Str(Str::Static(p.get("id").and_then(J::as_str).unwrap_or("")));
    match out.iter_mut().find(|(k, _)| &**k == "name") {
        Some(slot) => slot.1 = id,
        None => out.push((Str::Static("name"), id)),
    }
    Ok(V::Map(out.into()))
}

pub fn aws_parse_arn(v: &V) -> LibResult {
    let s = match v {
        V::None => return Ok(V::None),
        V::Str(s) => s,
        other => {
            return Err(format!(
                "'{}' object has no attribute 'startswith'",
                other.py_type_name()
            ))
        }
    };
    if !s.starts_with("arn:") {
        return Ok(V::None);
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if parts.len() < 6 {
        return Ok(V::None);
    }
    let (partition, service, region, account, resource) =
        (parts[1], parts[2], parts[3], parts[4], parts[5]);
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Ok(V::None);
    }
    let resource_id = resource
        .replace(':', "/")
        .split('/')
        .map(V::string)
        .collect();
    Ok(V::Map(Rc::new([
        (Str::Static("partition"), V::string(partition)),
        (Str::Static("service"), V::string(service)),
        (Str::Static("region"), V::string(region)),
        (Str::Static("accountId"), V::string(account)),
        (Str::Static("resourceId"), V::List(resource_id, false)),
    ])))
}

/// `client.meta.partition` for an S3 client created with `region` (botocore's
/// `ClientEndpointBridge.resolve` over `endpoints.json`: `fips-`/`-fips` pseudo regions are
/// normalised and turn FIPS on; the first partition whose S3 endpoints, region list or region
/// regex match wins, skipping `aws-iso`/`aws-iso-b` for dual-stack; else `aws`). `Err` is the
/// `EndpointVariantError` message boto3 raises at client creation when the partition defines no
/// endpoint variant for the requested FIPS / dual-stack combination.
pub fn client_partition(
    region: Option<&str>,
    use_dualstack: bool,
    use_fips: bool,
) -> Result<&'static str, String> {
    let mut use_fips = use_fips;
    let normalized;
    let region = match region {
        Some(r) => {
            normalized = r.replace("fips-", "").replace("-fips", "");
            if normalized != r {
                use_fips = true;
            }
            Some(normalized.as_str())
        }
        // construct_endpoint: S3 with dual-stack and no region uses us-east-1.
        None if use_dualstack => Some("us-east-1"),
        None => None,
    };
    let wanted = match (use_dualstack, use_fips) {
        (true, true) => Some("dualstack,fips"),
        (true, false) => Some("dualstack"),
        (false, true) => Some("fips"),
        (false, false) => None,
    };
    let partitions = CLIENT_PARTITIONS.as_arr();
    let regexes = client_partition_regexes();
    let check = |p: &'static J, endpoint_name: &str| -> Result<&'static str, String> {
        let name = p.get("partition").and_then(J::as_str).unwrap_or("aws");
        if let Some(tags) = wanted {
            let endpoint = p.get("s3Endpoints").and_then(|e| e.get(endpoint_name));
            let found = [
                endpoint,
                p.get("s3DefaultVariants"),
                p.get("defaultVariants"),
            ]
            .into_iter()
            .any(|list| contains_str(list, tags));
            if !found {
                let listed: Vec<String> = tags.split(',').map(|t| format!("'{t}'")).collect();
                return Err(format!(
                    "Unable to construct a modeled endpoint with the following variant(s) [{}]: ",
                    listed.join(", ")
                ));
            }
        }
        Ok(name)
    };
    for (p, re) in partitions.iter().zip(regexes) {
        let name = p.get("partition").and_then(J::as_str).unwrap_or("");
        if use_dualstack && (name == "aws-iso" || name == "aws-iso-b") {
            continue;
        }
        let endpoint_name = match region {
            Some(r) => r,
            None => match p.get("s3PartitionEndpoint").and_then(J::as_str) {
                Some(e) => e,
                // botocore raises NoRegionError here; the first partition (aws) has one.
                None => continue,
            },
        };
        let endpoints = p.get("s3Endpoints");
        if region.is_none()
            || contains_str(endpoints, endpoint_name)
            || contains_str(p.get("regions"), endpoint_name)
            || re.as_ref().is_some_and(|re| re.is_match(endpoint_name))
        {
            return check(p, endpoint_name);
        }
    }
    // No partition matched: botocore forces the `aws` partition.
    let aws = partitions
        .iter()
        .find(|p| p.get("partition").and_then(J::as_str) == Some("aws"))
        .expect("aws partition");
    check(aws, region.unwrap_or("aws-global"))
}
