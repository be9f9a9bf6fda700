//! URLs as botocore handles them between the endpoint ruleset and the signer: `urlsplit` of the
//! endpoint, `_urljoin` of its path with the request's, and the `Host` header
//! (`auth._host_from_url`).

use crate::error::{CoreError, Result};

/// `urllib.parse.urlsplit` for the absolute URLs the ruleset produces.
pub(crate) struct SplitUrl<'a> {
    pub scheme: String,
    pub netloc: &'a str,
    pub path: &'a str,
}

impl<'a> SplitUrl<'a> {
    pub fn parse(url: &'a str) -> Result<SplitUrl<'a>> {
        let bad = || CoreError::InvalidConfig(format!("invalid endpoint URL {url:?}"));
        let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (netloc, path) = rest.split_at(end);
        if path.contains(['?', '#']) {
            return Err(CoreError::InvalidConfig(format!(
                "endpoint URL {url:?} must not have a query or fragment"
            )));
        }
        Ok(SplitUrl {
            scheme: scheme.to_ascii_lowercase(),
            netloc,
            path,
        })
    }
}

/// `SplitResult._hostinfo`: the host and the raw port text of a netloc (`None` when empty),
/// including urllib's reading of a '[' anywhere in the host.
pub(crate) fn hostinfo(netloc: &str) -> (&str, Option<&str>) {
    let hostinfo = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let (hostname, port) = match hostinfo.split_once('[') {
        Some((_, bracketed)) => {
            let (h, after) = bracketed.split_once(']').unwrap_or((bracketed, ""));
            (h, after.split_once(':').map_or("", |(_, p)| p))
        }
        None => hostinfo.split_once(':').unwrap_or((hostinfo, "")),
    };
    (hostname, if port.is_empty() { None } else { Some(port) })
}

/// `auth._host_from_url`: `urlsplit`'s lower-cased `hostname` (bracketed again when it is an
/// IPv6 address), with the port only when it is not the scheme's default.
pub(crate) fn host_header(scheme: &str, netloc: &str) -> Result<String> {
    let (hostname, port) = hostinfo(netloc);
    let hostname = hostname.to_lowercase();
    let unzoned = hostname.split('%').next().unwrap_or("");
    let host = if unzoned.parse::<std::net::Ipv6Addr>().is_ok() {
        format!("[{hostname}]")
    } else {
        hostname
    };
    let port = match port {
        None => None,
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    CoreError::InvalidConfig(format!("invalid port in endpoint {netloc:?}"))
                })?,
        ),
    };
    let default = match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    };
    Ok(match port {
        Some(p) if Some(p) != default => format!("{host}:{p}"),
        _ => host,
    })
}

/// `_urljoin(endpoint, url_path)`'s path (with `url_path`'s literal query), appended, then
/// urlunsplit's '/' between the netloc and a relative path.
pub(crate) fn push_joined_path(url: &mut String, base: &str, url_path: &str) {
    let path_start = url.len();
    if url_path.is_empty() || url_path == "/" {
        url.push_str(if base.is_empty() { "/" } else { base });
    } else {
        push_path_join(url, base, url_path);
    }
    if url.as_bytes().get(path_start) != Some(&b'/') {
        url.insert(path_start, '/');
    }
}

/// `_urljoin`'s join for a path that is neither empty nor "/": one '/' between the two.
fn push_path_join(url: &mut String, base: &str, path: &str) {
    if base.ends_with('/') && path.starts_with('/') {
        url.push_str(&base[..base.len() - 1]);
    } else {
        url.push_str(base);
    }
    url.push_str(path);
}

/// The URL path around the key for any key, as [`push_joined_path`] renders
/// `before{Key+}after` (never empty nor "/", since a key is never empty): the joined prefix
/// and the suffix without its literal query.
pub(crate) fn key_path(base: &str, before: &str, after: &str) -> (String, String) {
    let mut prefix = String::with_capacity(base.len() + before.len() + 1);
    push_path_join(&mut prefix, base, before);
    if !prefix.starts_with('/') {
        prefix.insert(0, '/');
    }
    let suffix = after.split_once('?').map_or(after, |(path, _)| path);
    (prefix, suffix.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_drops_default_ports_and_lowercases() {
        assert_eq!(
            host_header("https", "B.s3.amazonaws.com").unwrap(),
            "b.s3.amazonaws.com"
        );
        assert_eq!(host_header("https", "h:443").unwrap(), "h");
        assert_eq!(host_header("http", "h:443").unwrap(), "h:443");
        assert_eq!(
            host_header("http", "127.0.0.1:8333").unwrap(),
            "127.0.0.1:8333"
        );
        assert_eq!(host_header("http", "[::1]:80").unwrap(), "[::1]");
        assert_eq!(host_header("http", "u:p@h:81").unwrap(), "h:81");
        // urlsplit reads a bracket anywhere in the host (an access point on an IPv6 endpoint).
        assert_eq!(
            host_header("http", "ap-1.[::1]:9000").unwrap(),
            "[::1]:9000"
        );
        assert_eq!(host_header("http", "[V1.x]:9000").unwrap(), "v1.x:9000");
    }

    #[test]
    fn key_path_joins_like_the_full_path() {
        for (base, before, after) in [
            ("", "/", ""),
            ("/", "/", ""),
            ("/bucket", "/", ""),
            ("/base/", "/b/", "?x-id=1"),
            ("", "b/", "/tail"),
        ] {
            let (prefix, suffix) = key_path(base, before, after);
            let mut full = String::new();
            push_joined_path(&mut full, base, &format!("{before}k{after}"));
            let full = full.split_once('?').map_or(full.as_str(), |(p, _)| p);
            assert_eq!(format!("{prefix}k{suffix}"), full, "{base:?} {before:?}");
        }
    }
}
