//! Python's `urllib.parse.urlparse` (3.11) and the pieces of botocore built on it that the
//! ruleset's `parseURL` needs: `hostname`, `port`, `is_valid_ipv4_endpoint_url`,
//! `is_valid_ipv6_endpoint_url`, and `normalize_url_path`.

use super::data::is_nfkc_netloc_special;
use crate::url::hostinfo;

/// `urlparse(url)` fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl {
    pub scheme: String,
    pub netloc: String,
    pub path: String,
    pub query: String,
}

const SCHEME_CHARS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";
const USES_PARAMS: &[&str] = &[
    "", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu",
    "sip", "sips", "mms", "sftp", "tel",
];

/// `urllib.parse.urlparse(url)`; `Err` carries the `ValueError` message Python raises.
pub fn urlparse(url: &str) -> Result<ParsedUrl, String> {
    // urlsplit: lstrip C0 controls and space, then drop tab / CR / LF anywhere.
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let mut scheme = String::new();
    let mut rest: &str = &url;
    if let Some(i) = url.find(':') {
        let first = url.chars().next().unwrap_or(' ');
        if i > 0
            && first.is_ascii_alphabetic()
            && url[..i].chars().all(|c| SCHEME_CHARS.contains(c))
        {
            scheme = url[..i].to_ascii_lowercase();
            rest = &url[i + 1..];
        }
    }
    let mut netloc = "";
    if let Some(after) = rest.strip_prefix("//") {
        let delim = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = &after[..delim];
        rest = &after[delim..];
        let open = netloc.contains('[');
        let close = netloc.contains(']');
        if open != close {
            return Err("Invalid IPv6 URL".into());
        }
        if open && close {
            let bracketed = netloc.split_once('[').map_or("", |(_, b)| b);
            let host = bracketed.split_once(']').map_or(bracketed, |(h, _)| h);
            check_bracketed_host(host)?;
        }
    }
    let mut query = "";
    if let Some((before, _fragment)) = rest.split_once('#') {
        rest = before;
    }
    if let Some((before, q)) = rest.split_once('?') {
        rest = before;
        query = q;
    }
    check_netloc(netloc)?;
    let mut path = rest;
    if USES_PARAMS.contains(&scheme.as_str()) && path.contains(';') {
        path = split_params(path);
    }
    Ok(ParsedUrl {
        scheme,
        netloc: netloc.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
    })
}

fn split_params(url: &str) -> &str {
    let i = match url.rfind('/') {
        Some(slash) => match url[slash..].find(';') {
            Some(j) => slash + j,
            None => return url,
        },
        None => url.find(';').unwrap_or(url.len()),
    };
    &url[..i]
}

fn check_netloc(netloc: &str) -> Result<(), String> {
    if netloc.is_ascii() {
        return Ok(());
    }
    if netloc
        .chars()
        .filter(|c| !matches!(c, '@' | ':' | '#' | '?'))
        .any(is_nfkc_netloc_special)
    {
        return Err(format!(
            "netloc '{netloc}' contains invalid characters under NFKC normalization"
        ));
    }
    Ok(())
}

/// `urllib.parse._check_bracketed_host`.
fn check_bracketed_host(host: &str) -> Result<(), String> {
    if let Some(rest) = host.strip_prefix('v') {
        // \Av[a-fA-F0-9]+\..+\Z
        let hex_len = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        let ok = hex_len > 0
            && rest[hex_len..].starts_with('.')
            && !rest[hex_len + 1..].is_empty()
            && !rest[hex_len + 1..].contains('\n');
        return if ok {
            Ok(())
        } else {
            Err("IPvFuture address is invalid".into())
        };
    }
    if py_ipv4_address(host) || py_ipv6_address(host) {
        Ok(())
    } else {
        Err(format!(
            "{} does not appear to be an IPv4 or IPv6 address",
            crate::pycompat::repr_str(host)
        ))
    }
}

/// `ipaddress.IPv4Address(s)` accepts `s`.
fn py_ipv4_address(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && !(p.len() > 1 && p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// `ipaddress.IPv6Address(s)` accepts `s` (with an optional `%scope`).
fn py_ipv6_address(s: &str) -> bool {
    let (addr, scope) = match s.split_once('%') {
        Some((a, scope)) => (a, Some(scope)),
        None => (s, None),
    };
    if let Some(scope) = scope {
        if scope.is_empty() || scope.contains('%') {
            return false;
        }
    }
    // Python checks the embedded IPv4 part with its own rules (no leading zeros); std does the same.
    addr.is_ascii() && addr.parse::<std::net::Ipv6Addr>().is_ok()
}

/// `SplitResult.hostname`: `None` when empty; lowercased up to a `%` zone.
pub fn hostname(netloc: &str) -> Option<String> {
    let (host, _) = hostinfo(netloc);
    if host.is_empty() {
        return None;
    }
    Some(match host.split_once('%') {
        Some((h, zone)) => format!("{}%{}", h.to_lowercase(), zone),
        None => host.to_lowercase(),
    })
}

/// `SplitResult.port` raises `ValueError`: a port that is not ASCII digits or is out of range.
pub fn port_is_valid(netloc: &str) -> bool {
    match hostinfo(netloc).1 {
        None => true,
        Some(p) => {
            p.bytes().all(|b| b.is_ascii_digit())
                && p.trim_start_matches('0').len() <= 5
                && p.parse::<u32>().is_ok_and(|n| n <= 65535)
        }
    }
}

/// botocore's `IPV4_RE`: `^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$` (`$` also before a final newline).
pub fn ipv4_re_match(s: &str) -> bool {
    let s = s.strip_suffix('\n').unwrap_or(s);
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_h16(p: &str) -> bool {
    (1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Units (16-bit groups) of a `::`-free run of `h16 (":" h16)* [ls32]`, `None` if malformed.
fn ipv6_units(run: &str, allow_ipv4_tail: bool) -> Option<usize> {
    if run.is_empty() {
        return Some(0);
    }
    let pieces: Vec<&str> = run.split(':').collect();
    let mut units = 0;
    for (i, p) in pieces.iter().enumerate() {
        if i + 1 == pieces.len() && allow_ipv4_tail && p.contains('.') {
            if !ipv4_re_match(p) || p.ends_with('\n') {
                return None;
            }
            units += 2;
        } else if is_h16(p) {
            units += 1;
        } else {
            return None;
        }
    }
    Some(units)
}

/// botocore's `IPV6_ADDRZ_RE` applied to `[host]` (the RFC 3986 IPv6address grammar with an
/// optional `%25`/`%` zone id of unreserved characters or `%hh`).
fn ipv6_addrz_match(host: &str) -> bool {
    let (addr, zone) = match host.find('%') {
        Some(i) => (&host[..i], Some(&host[i..])),
        None => (host, None),
    };
    let addr_ok = match addr.find("::") {
        Some(i) => {
            let head = &addr[..i];
            let tail = &addr[i + 2..];
            if tail.contains("::") {
                false
            } else {
                match (ipv6_units(head, false), ipv6_units(tail, true)) {
                    (Some(h), Some(t)) => h + t <= 7,
                    _ => false,
                }
            }
        }
        None => ipv6_units(addr, true) == Some(8),
    };
    if !addr_ok {
        return false;
    }
    match zone {
        None => true,
        Some(z) => zone_body_ok(&z[1..]) || (z.starts_with("%25") && zone_body_ok(&z[3..])),
    }
}

fn zone_body_ok(body: &str) -> bool {
    const UNRESERVED: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._!-~";
    if body.is_empty() {
        return false;
    }
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
                i += 3;
                continue;
            }
            return false;
        }
        if b[i].is_ascii() && UNRESERVED.as_bytes().contains(&b[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// `is_valid_ipv4_endpoint_url(url) or is_valid_ipv6_endpoint_url(url)`; `Err` is the
/// `TypeError` botocore raises when the URL has no hostname.
pub fn is_ip_endpoint_url(url: &str, parsed: &ParsedUrl) -> Result<bool, String> {
    let Some(host) = hostname(&parsed.netloc) else {
        return Err("expected string or bytes-like object, got 'NoneType'".into());
    };
    if ipv4_re_match(&host) {
        return Ok(true);
    }
    if url.contains(['\t', '\r', '\n']) {
        return Ok(false);
    }
    Ok(ipv6_addrz_match(&host))
}

/// botocore's `normalize_url_path` (`remove_dot_segments`, also collapsing `//`).
pub fn normalize_url_path(path: &str) -> String {
    if path.is_empty() {
        return "/".into();
    }
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        if !seg.is_empty() && seg != "." {
            if seg == ".." {
                out.pop();
            } else {
                out.push(seg);
            }
        }
    }
    let first = if path.starts_with('/') { "/" } else { "" };
    let last = if path.ends_with('/') && !out.is_empty() {
        "/"
    } else {
        ""
    };
    format!("{first}{}{last}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlparse_basics() {
        let p = urlparse("HTTPS://Host.Example:8443/a/b;p?q=1#f").unwrap();
        assert_eq!(p.scheme, "https");
        assert_eq!(p.netloc, "Host.Example:8443");
        assert_eq!(p.path, "/a/b");
        assert_eq!(p.query, "q=1");
        assert_eq!(hostname(&p.netloc).as_deref(), Some("host.example"));
        assert!(port_is_valid(&p.netloc));
        assert!(!port_is_valid("h:99999"));
        assert!(!port_is_valid("h:8a"));
        assert!(port_is_valid("h:"));
        assert_eq!(urlparse("http://[::1").unwrap_err(), "Invalid IPv6 URL");
        assert!(urlparse("http://[zz]/").is_err());
        assert!(urlparse("http://a\u{FF0F}b/").is_err());
        assert_eq!(urlparse(" \thttp://a\nb/c").unwrap().netloc, "ab");
    }

    #[test]
    fn ip_detection() {
        for (url, want) in [
            ("http://1.2.3.4:80", Ok(true)),
            ("http://999.2.3.4", Ok(true)),
            ("http://[::1]:80", Ok(true)),
            ("http://[fe80::1%25en0]", Ok(true)),
            ("http://[1:2:3:4:5:6:7:8]", Ok(true)),
            ("http://[fe80::1%a b]", Ok(false)),
            ("http://example.com", Ok(false)),
        ] {
            let p = urlparse(url).unwrap();
            assert_eq!(
                is_ip_endpoint_url(url, &p),
                want.map_err(|e: String| e),
                "{url}"
            );
        }
        assert!(urlparse("http://[1:2:3:4:5:6:7::8]").is_err());
        let p = urlparse("http:///x").unwrap();
        assert!(is_ip_endpoint_url("http:///x", &p).is_err());
    }

    #[test]
    fn paths_and_quote() {
        assert_eq!(normalize_url_path(""), "/");
        assert_eq!(normalize_url_path("/a//b/../c/./"), "/a/c/");
        assert_eq!(normalize_url_path("/.."), "/");
        assert_eq!(crate::pycompat::quote_keep_slash("a b/ü~"), "a%20b/%C3%BC~");
        assert_eq!(crate::pycompat::quote("a/b"), "a%2Fb");
    }
}
