//! The preview's HTTP side: the last good build from memory, the dev script and its styles,
//! build status and the Server-Sent Events stream that tells open pages to reload.
//!
//! Nothing here reads the disk: a request can only ever reach a file of the built site, and
//! the path is validated anyway so that `..`, encoded slashes and backslashes are refused.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, StreamExt};
use tokio::sync::broadcast;

use super::edit::{EDIT_PATH, Editor};
use super::guard;
use super::protocol::Message;
use super::state::{Shared, Snapshot};

/// Everything the preview adds lives under this path, which no content file can use.
pub const RESERVED: &str = "/__careerguide/";

const RELOAD_JS: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// Every route of the preview, behind [`check_request`], for a preview bound to `bind`;
/// with `editor`, the editing pages too (`serve --edit`).
pub fn router(shared: Arc<Shared>, bind: IpAddr, editor: Option<Arc<Editor>>) -> Router {
    let site_editor = editor.clone();
    let mut app = Router::new()
        .route(super::listener::EVENTS_PATH, get(events))
        .route("/__careerguide/status", get(status))
        .route("/__careerguide/reload.js", get(reload_js))
        .route("/__careerguide/overlay.css", get(overlay_css))
        .fallback(
            move |State(shared): State<Arc<Shared>>, method: Method, uri: Uri| {
                let editor = site_editor.clone();
                async move { site_file(shared, method, uri, editor.as_deref()).await }
            },
        )
        .with_state(shared);
    if let Some(editor) = editor {
        app = app.merge(super::edit::routes(editor));
    }
    app.layer(middleware::from_fn_with_state(bind, check_request))
}

/// Refuses requests addressed to another host name (DNS rebinding) and other sites' pages
/// asking for the preview's own endpoints; marks every answer as for this site only.
async fn check_request(State(bind): State<IpAddr>, request: Request, next: Next) -> Response {
    let head = request.method() == Method::HEAD;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    if !guard::host_allowed(host, bind) {
        let shown: String = host.unwrap_or("").chars().take(100).collect();
        // The editor's endpoints refuse as they refuse any other stranger.
        let editing = request.uri().path().starts_with(EDIT_PATH);
        let mut r = plain(
            if editing {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::MISDIRECTED_REQUEST
            },
            &format!(
                "This preview only answers requests addressed to this computer (localhost, 127.0.0.1 or [::1]{}); \
this one was addressed to \"{shown}\". Open the address `careerguide serve` printed instead.",
                if bind.is_loopback() {
                    String::new()
                } else {
                    format!(", or {bind}")
                }
            ),
            head,
        );
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    if request.uri().path().starts_with(RESERVED) && guard::cross_site(request.headers(), bind) {
        return plain(
            StatusCode::FORBIDDEN,
            "The preview's build status and events are only for its own pages.",
            head,
        );
    }
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Why a request path was refused (always 400: these never name a file of the site).
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath(pub &'static str);

/// Turns a raw request path (`/guide/introduction/`) into a key of the built site
/// (`guide/introduction/index.html`), refusing anything that could climb out of it.
pub fn site_key(raw_path: &str) -> Result<String, BadPath> {
    let Some(rest) = raw_path.strip_prefix('/') else {
        return Err(BadPath("the path must start with /"));
    };
    if rest.contains('\\') {
        return Err(BadPath("backslashes are not allowed in addresses"));
    }
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(BadPath(
            "encoded slashes, backslashes and NUL are not allowed in addresses",
        ));
    }
    let decoded = crate::html::percent_decoded_strictly(rest).ok_or(BadPath(
        "the address has a `%` without two hex digits after it, or is not UTF-8",
    ))?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if *segment == "." || *segment == ".." {
            return Err(BadPath("`.` and `..` are not allowed in addresses"));
        }
        if segment.is_empty() && i != last {
            return Err(BadPath(
                "empty folder names (`//`) are not allowed in addresses",
            ));
        }
        if segment.contains('\\') || segment.contains('\0') {
            return Err(BadPath("backslashes are not allowed in addresses"));
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Ok(format!("{decoded}index.html"))
    } else {
        Ok(decoded)
    }
}

/// The `Content-Type` for a file of the site, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "vtt" => "text/vtt; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// Adds the dev script and its styles before `</body>` (files, never inline code: pages
/// carry a Content-Security-Policy of `default-src 'self'`).
pub fn inject(html: &[u8], build: u64, page: &str) -> Vec<u8> {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{RESERVED}overlay.css\">\
<script src=\"{RESERVED}reload.js\" data-build=\"{build}\" data-page=\"{}\" defer></script>",
        crate::html::escape_html(page)
    );
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tags.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Adds the "Edit this page" bar (`serve --edit`) at the top of the page, just inside
/// `<body>` (at the foot, the preview's problem and warning panels would cover it), with its
/// script and styles (files: the page's policy allows no inline code).
pub fn edit_link(html: &[u8], page: &str) -> Vec<u8> {
    let page =
        percent_encoding::utf8_percent_encode(page, percent_encoding::NON_ALPHANUMERIC).to_string();
    let tags = format!(
        "<aside class=\"careerguide-edit\" aria-label=\"Editing\">\
<a class=\"careerguide-edit-link\" href=\"{EDIT_PATH}?page={page}\">Edit this page</a></aside>\
<link rel=\"stylesheet\" href=\"{EDIT_PATH}/link.css\"><script src=\"{EDIT_PATH}/link.js\" defer></script>"
    );
    let at = end_of_body_tag(html).unwrap_or(0);
    let mut out = Vec::with_capacity(html.len() + tags.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Just after the `>` of the first `<body …>` tag (a `>` inside a quoted value skipped).
fn end_of_body_tag(html: &[u8]) -> Option<usize> {
    let start = html
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"))?;
    let mut quote = None;
    for (i, &b) in html.iter().enumerate().skip(start + 5) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if haystack.len() < needle.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

pub(super) fn respond(status: StatusCode, content_type: &str, body: Bytes, head: bool) -> Response {
    let length = body.len();
    let mut response = if head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    // Pages get their own (see `html`); an SVG opened on its own gets the default.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(guard::DEFAULT_POLICY),
    );
    dev_headers(headers);
    response
}

/// Nothing in the preview may be cached: the next save must show at once.
fn dev_headers(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

pub(super) fn plain(status: StatusCode, text: &str, head: bool) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        Bytes::from(format!("{text}\n")),
        head,
    )
}

async fn site_file(
    shared: Arc<Shared>,
    method: Method,
    uri: Uri,
    editor: Option<&Editor>,
) -> Response {
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "The preview only answers GET and HEAD requests.",
            false,
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let key = match site_key(uri.path()) {
        Ok(key) => key,
        Err(BadPath(why)) => return plain(StatusCode::BAD_REQUEST, why, head),
    };
    let snapshot = shared.snapshot();
    if !snapshot.has_site {
        return html(
            StatusCode::SERVICE_UNAVAILABLE,
            placeholder_page().as_bytes(),
            &snapshot,
            &key,
            head,
        );
    }
    if let Some(bytes) = snapshot.files.get(&key) {
        let kind = content_type(&key);
        if kind.starts_with("text/html") {
            let mut r = html(StatusCode::OK, bytes, &snapshot, &key, head);
            if let Some(editor) = editor
                && !head
                && editor.page_at(&key, snapshot.build).is_some()
            {
                let with_link = edit_link(&inject(bytes, snapshot.build, &key), &key);
                let length = with_link.len();
                *r.body_mut() = Body::from(with_link);
                r.headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            }
            return r;
        }
        return respond(StatusCode::OK, kind, bytes.clone(), head);
    }
    let as_folder = format!("{key}/index.html");
    if !key.ends_with("index.html") && snapshot.files.contains_key(&as_folder) {
        let location = match uri.query() {
            Some(q) => format!("{}/?{q}", uri.path()),
            None => format!("{}/", uri.path()),
        };
        let mut r = plain(StatusCode::TEMPORARY_REDIRECT, &location, head);
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    match snapshot.files.get("404.html") {
        Some(page) => html(StatusCode::NOT_FOUND, page, &snapshot, "404.html", head),
        None => plain(StatusCode::NOT_FOUND, "Not found", head),
    }
}

/// A page with the dev script added, under its own Content-Security-Policy, as a header too.
fn html(status: StatusCode, bytes: &[u8], snapshot: &Snapshot, page: &str, head: bool) -> Response {
    let mut response = respond(
        status,
        "text/html; charset=utf-8",
        Bytes::from(inject(bytes, snapshot.build, page)),
        head,
    );
    if let Ok(policy) = HeaderValue::from_str(&guard::page_policy(bytes)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Shown when the preview has never built successfully: the overlay explains why.
fn placeholder_page() -> String {
    "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>The site could not be built</title></head>\n<body><main><h1>The site could not be built</h1>\
<p>Fix the problem shown on this page (and in the terminal), then save the file: this page \
updates by itself.</p></main></body></html>\n"
        .to_string()
}

async fn status(State(shared): State<Arc<Shared>>, method: Method) -> Response {
    let body = Message::status(&shared.snapshot()).data;
    respond(
        StatusCode::OK,
        "application/json",
        Bytes::from(body),
        method == Method::HEAD,
    )
}

async fn reload_js(method: Method) -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        Bytes::from_static(RELOAD_JS.as_bytes()),
        method == Method::HEAD,
    )
}

async fn overlay_css(method: Method) -> Response {
    respond(
        StatusCode::OK,
        "text/css; charset=utf-8",
        Bytes::from_static(OVERLAY_CSS.as_bytes()),
        method == Method::HEAD,
    )
}

/// The event stream: first the current status, then every build's outcome.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    // Subscribe before reading the status, so no build can fall between the two.
    let receiver = shared.sender.subscribe();
    let first = Message::status(&shared.snapshot());
    let first = stream::once(async move { Ok::<Event, Infallible>(first.event()) });
    let rest = stream::unfold((receiver, shared), |(mut receiver, shared)| async move {
        match receiver.recv().await {
            Ok(message) => Some((Ok(message.event()), (receiver, shared))),
            // A slow tab missed messages: the current status tells it all it needs.
            Err(broadcast::error::RecvError::Lagged(_)) => {
                let status = Message::status(&shared.snapshot());
                Some((Ok(status.event()), (receiver, shared)))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    let mut response = Sse::new(first.chain(rest))
        .keep_alive(KeepAlive::new())
        .into_response();
    dev_headers(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(s: &str) -> Result<String, BadPath> {
        Ok(s.to_string())
    }

    #[test]
    fn folders_map_to_their_index_page() {
        assert_eq!(site_key("/"), file("index.html"));
        assert_eq!(
            site_key("/guide/introduction/"),
            file("guide/introduction/index.html")
        );
        assert_eq!(
            site_key("/assets/css/site.css"),
            file("assets/css/site.css")
        );
        assert_eq!(
            site_key("/case%20studies/"),
            file("case studies/index.html")
        );
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/guide/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%2Fetc",
            "/..%5cetc",
            "/..\\etc",
            "/guide\\..\\..\\x",
            "//etc/passwd",
            "/./index.html",
            "/a/%00",
            "/%ff",
            "/%zz",
            "relative",
        ] {
            assert!(site_key(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn inject_goes_before_the_last_closing_body_tag() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", 3, "index.html");
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<p>x</p><link rel=\"stylesheet\" href=\"/__careerguide/overlay.css\"><script src=\"/__careerguide/reload.js\" data-build=\"3\" data-page=\"index.html\" defer></script></BODY>"), "{out}");
        let bare = String::from_utf8(inject(b"<p>no body</p>", 1, "a.html")).unwrap();
        assert!(bare.starts_with("<p>no body</p><link"), "{bare}");
    }

    #[test]
    fn the_edit_bar_goes_just_inside_body() {
        let out = edit_link(
            b"<html><head><title>x</title></head><BODY class=\"a>b\"><p>x</p></body>",
            "a/index.html",
        );
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<BODY class=\"a>b\"><aside"), "{out}");
        assert!(
            out.contains("href=\"/__careerguide/edit?page=a%2Findex%2Ehtml\""),
            "{out}"
        );
        let bare = String::from_utf8(edit_link(b"<p>x</p>", "b.html")).unwrap();
        assert!(bare.starts_with("<aside"), "{bare}");
    }

    #[test]
    fn content_types_cover_the_site() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/site.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("search-index.json"), "application/json");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
