//! Who may talk to the preview, and under what policy pages are shown.
//!
//! - **Host**: a web page the editor visits could point its own domain at 127.0.0.1 (DNS
//!   rebinding) and read the preview. Its requests carry that domain in `Host`, so only
//!   `localhost`, loopback addresses and the address the preview was bound to are answered.
//! - **Origin**: the preview's own endpoints (`/__careerguide/…`: build status with lines of
//!   the editor's files, the event stream) refuse requests made by other sites' pages.
//! - **Content-Security-Policy**: sent as a header with every page, the one in the page's
//!   `<meta>` tag, or [`DEFAULT_POLICY`] for a theme without one, so a preview never shows
//!   a page under a weaker policy than the published site.

use std::net::IpAddr;

use axum::http::HeaderMap;
use axum::http::uri::Authority;

/// The policy of the default theme, for pages whose theme sets none.
pub const DEFAULT_POLICY: &str =
    "default-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'";

/// Whether a request with this `Host` header may be answered by a preview bound to `bind`.
/// Ports are not compared: only names can be rebound.
pub fn host_allowed(host: Option<&str>, bind: IpAddr) -> bool {
    let Some(host) = host.and_then(|h| h.parse::<Authority>().ok()) else {
        return false;
    };
    let name = host.host().trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" {
        return true;
    }
    let Ok(ip) = name
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    else {
        return false;
    };
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    // An address cannot be rebound; with `--bind 0.0.0.0` every address of this computer
    // is the bound one.
    ip.is_loopback() || ip == bind || bind.is_unspecified()
}

/// Whether a request comes from a page of another site (its `Origin` names another host,
/// or the browser says it is cross-site).
pub fn cross_site(headers: &HeaderMap, bind: IpAddr) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if fetch_site.eq_ignore_ascii_case("cross-site") {
        return true;
    }
    match headers.get("origin").map(|v| v.to_str()) {
        None => false,
        Some(Ok(origin)) => {
            let authority = origin
                .split_once("://")
                .map_or(origin, |(_, rest)| rest)
                .trim_end_matches('/');
            !host_allowed(Some(authority), bind)
        }
        Some(Err(_)) => true,
    }
}

/// The Content-Security-Policy of a page: its `<meta http-equiv>` tag's, else the default.
pub fn page_policy(html: &[u8]) -> String {
    meta_policy(html).unwrap_or_else(|| DEFAULT_POLICY.to_string())
}

/// The `content` of the first `<meta http-equiv="Content-Security-Policy">` in the head,
/// read with the site's HTML tokenizer (as a browser reads the tag: any quoting, any case,
/// character references decoded).
fn meta_policy(html: &[u8]) -> Option<String> {
    let head_end = find_ignore_case(html, b"</head").unwrap_or(html.len().min(64 * 1024));
    let head = String::from_utf8_lossy(&html[..head_end]);
    let meta = crate::html::tags(&head).into_iter().find(|tag| {
        !tag.end
            && tag.name == "meta"
            && tag.attributes.iter().any(|(n, v)| {
                n == "http-equiv" && v.eq_ignore_ascii_case("content-security-policy")
            })
    })?;
    meta.attributes
        .into_iter()
        .find(|(n, _)| n == "content")
        .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty() && !v.contains(|c: char| c.is_control()))
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn loopback_names_and_the_bound_address_are_answered() {
        for host in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "localhost.:1",
            "[::1]:8000",
            "127.0.0.2",
            "[::ffff:127.0.0.1]:80",
        ] {
            assert!(host_allowed(Some(host), LOOPBACK), "{host}");
        }
        for host in [
            "evil.example:8000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.5:8000",
            "",
            "a b",
        ] {
            assert!(!host_allowed(Some(host), LOOPBACK), "{host}");
        }
        assert!(!host_allowed(None, LOOPBACK));
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        assert!(host_allowed(Some("192.168.1.5:8000"), lan));
        assert!(!host_allowed(Some("10.0.0.9:8000"), lan));
        assert!(!host_allowed(Some("intranet.example:8000"), lan));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed(Some("10.0.0.9:8000"), any));
        assert!(!host_allowed(Some("rebound.example:8000"), any));
    }

    #[test]
    fn requests_from_other_sites_are_recognised() {
        let mut h = HeaderMap::new();
        assert!(!cross_site(&h, LOOPBACK), "no Origin: a plain request");
        h.insert("origin", "http://127.0.0.1:8000".parse().unwrap());
        assert!(!cross_site(&h, LOOPBACK));
        h.insert("origin", "https://evil.example".parse().unwrap());
        assert!(cross_site(&h, LOOPBACK));
        h.insert("origin", "null".parse().unwrap());
        assert!(
            cross_site(&h, LOOPBACK),
            "sandboxed frames and files send null"
        );
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(cross_site(&h, LOOPBACK));
        h.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(!cross_site(&h, LOOPBACK));
    }

    #[test]
    fn the_policy_comes_from_the_meta_tag_or_the_default() {
        let page = br#"<!doctype html><html><head><meta charset="utf-8">
<META HTTP-EQUIV="Content-Security-Policy" content="default-src 'self';
  connect-src 'self'"><title>x</title></head><body><meta http-equiv="Content-Security-Policy" content="default-src *"></body>"#;
        assert_eq!(page_policy(page), "default-src 'self'; connect-src 'self'");
        let minified = b"<meta http-equiv=content-security-policy content=\"default-src 'none'\"><title>x</title>";
        assert_eq!(page_policy(minified), "default-src 'none'");
        assert_eq!(
            page_policy(b"<html><head><title>x</title></head><body>"),
            DEFAULT_POLICY
        );
        assert_eq!(
            page_policy(b"<head><meta http-equiv='Content-Security-Policy' content=''></head>"),
            DEFAULT_POLICY
        );
        assert_eq!(page_policy(b""), DEFAULT_POLICY);
        // A tag in a comment is no tag: the looser policy in it is not served.
        let commented = b"<head><!-- <meta http-equiv=\"Content-Security-Policy\" content=\"default-src *\"> --><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head>";
        assert_eq!(page_policy(commented), "default-src 'none'");
    }
}
