//! botocore's endpoint URL check at client creation (`EndpointCreator.create_endpoint`:
//! `is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url)`, else
//! `ValueError("Invalid endpoint: ...")`), with the host taken the way Python's
//! `urllib.parse.urlsplit(url).hostname` takes it. The scheme is not checked there: a
//! non-http(s) scheme passes client creation and is refused later by the endpoint ruleset.

use std::net::Ipv6Addr;

/// `urlsplit(url).hostname` (`None` when absent or empty). `Err` where `urlsplit` itself raises
/// `ValueError` (unbalanced or invalid brackets).
fn urlsplit_hostname(url: &str) -> Result<Option<String>, ()> {
    // WHATWG C0 control-or-space is stripped from the front.
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let mut rest = url;
    if let Some(i) = url.find(':') {
        let scheme = &url[..i];
        if i > 0
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            rest = &url[i + 1..];
        }
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Ok(None);
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let netloc = &after[..end];
    let has_open = netloc.contains('[');
    let has_close = netloc.contains(']');
    if has_open != has_close {
        return Err(());
    }
    let hostinfo = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    if hostinfo.contains('[') {
        // Python 3.11.4+ `_check_bracketed_host` on the bracketed part of the whole netloc.
        let whole = netloc
            .split_once('[')
            .map(|(_, b)| b.split_once(']').map_or(b, |(h, _)| h))
            .unwrap_or("");
        if !bracketed_host_ok(whole) {
            return Err(());
        }
    }
    let (hostname, _) = crate::url::hostinfo(netloc);
    if hostname.is_empty() {
        return Ok(None);
    }
    let (name, zone) = match hostname.split_once('%') {
        Some((n, z)) => (n, Some(z)),
        None => (hostname, None),
    };
    let mut out = name.to_lowercase();
    if let Some(z) = zone {
        out.push('%');
        out.push_str(z);
    }
    Ok(Some(out))
}

fn bracketed_host_ok(host: &str) -> bool {
    if let Some(future) = host.strip_prefix('v') {
        // IPvFuture: v<hex>+.<anything>+
        let Some((hex, tail)) = future.split_once('.') else {
            return false;
        };
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) && !tail.is_empty();
    }
    // `ipaddress.ip_address(host)` must be an IPv6 address (a scope id is allowed).
    let (addr, scope) = match host.split_once('%') {
        Some((a, s)) => (a, Some(s)),
        None => (host, None),
    };
    if let Some(s) = scope {
        if s.is_empty() || s.contains('%') {
            return false;
        }
    }
    addr.parse::<Ipv6Addr>().is_ok()
}

const UNSAFE_URL_CHARS: [char; 3] = ['\t', '\r', '\n'];

fn is_valid_endpoint_url(url: &str, hostname: Option<&str>) -> bool {
    if url.contains(UNSAFE_URL_CHARS) {
        return false;
    }
    let Some(hostname) = hostname else {
        return false;
    };
    if hostname.chars().count() > 255 {
        return false;
    }
    let hostname = hostname.strip_suffix('.').unwrap_or(hostname);
    hostname.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

fn is_valid_ipv6_endpoint_url(url: &str, hostname: Option<&str>) -> bool {
    if url.contains(UNSAFE_URL_CHARS) {
        return false;
    }
    // `'[%s]' % hostname` must match IPV6_ADDRZ_RE: an RFC 3986 IPv6 address, optionally
    // followed by a zone (`%25` or `%`, then unreserved characters or %-escapes).
    let Some(hostname) = hostname else {
        return false;
    };
    let (addr, zone) = match hostname.split_once('%') {
        Some((a, z)) => (a, Some(z)),
        None => (hostname, None),
    };
    if addr.parse::<Ipv6Addr>().is_err() {
        return false;
    }
    match zone {
        None => true,
        Some(z) => {
            let z = z.strip_prefix("25").filter(|r| !r.is_empty()).unwrap_or(z);
            zone_ok(z)
        }
    }
}

fn zone_ok(z: &str) -> bool {
    if z.is_empty() {
        return false;
    }
    let b = z.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'!' | b'-' | b'~') {
            i += 1;
        } else if c == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

/// Whether botocore's client creation accepts `url` as an endpoint.
pub fn is_valid_uri(url: &str) -> bool {
    let Ok(hostname) = urlsplit_hostname(url) else {
        return false;
    };
    is_valid_endpoint_url(url, hostname.as_deref())
        || is_valid_ipv6_endpoint_url(url, hostname.as_deref())
}

#[cfg(test)]
mod tests {
    use super::is_valid_uri;

    #[test]
    fn accepts_like_botocore() {
        for ok in [
            "http://localhost:9000",
            "https://s3.amazonaws.com",
            "https://s3.amazonaws.com./",
            "ftp://host",
            "//host",
            " http://host",
            "http://user:pw@host:1/path?q#f",
            "http://[::1]:9000",
            "http://[fe80::1%25eth0]/",
            "HTTP://HOST",
            "http://127.0.0.1:9000",
        ] {
            assert!(is_valid_uri(ok), "{ok}");
        }
        for bad in [
            "localhost:9000",
            "http://",
            "http://-bad.com",
            "http://a..b",
            "http://ho st",
            "http://host\n",
            "http://[::1",
            "http://[nothex]",
            "https://s3..amazonaws.com",
            "",
            "http://under_score.com",
        ] {
            assert!(!is_valid_uri(bad), "{bad}");
        }
    }
}
