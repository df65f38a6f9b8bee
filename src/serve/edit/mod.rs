//! `careerguide serve --edit`: editing pages in the browser, the first part of `serve` that
//! writes files.
//!
//! Who may write:
//! - a random token made at start and shown in the address the terminal prints (after `#`,
//!   so it never travels in a request line or a `Referer`) must come with every request to
//!   the editing endpoints, in the `X-Careerguide-Token` header (never a cookie, so another
//!   site's page cannot make the browser send it);
//! - requests from another site (`Origin` naming another address, `Sec-Fetch-Site` other
//!   than `same-origin`) and requests addressed to another host name are refused (403);
//! - bodies are bounded ([`MAX_BODY`]) and saves rate-limited ([`MAX_SAVES`] a minute); so
//!   are pastes converted to Markdown ([`MAX_PASTE`], [`MAX_PASTES`]).
//!
//! What may be written: a page is named by its id in the site's model (its path inside
//! `content/`, as [`content::page_files`] lists it), never by a path the server would
//! open; the model maps it to its file, written through `project_files` (regular files
//! inside the project, replaced atomically). A bundled page of a project with a local layer
//! is first copied into the layer (`careerguide override`'s mechanism and record).
//! Entries of `glossary.yaml` and `resources.yaml` are named by their term or name (`data`),
//! and written into the project's file of that fixed name (its local layer's, if it has one).
//!
//! One file per job: `form` (front matter as a form), `history` (earlier versions),
//! `page` (the edit page's HTML), `data` (entries of glossary.yaml and resources.yaml as
//! forms), `paste` (pasted HTML as Markdown).

mod data;
mod form;
mod history;
mod page;
mod paste;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::state::Shared;
use super::{guard, http};
use crate::config::Config;
use crate::content::{self, PageFile};
use crate::diagnostics::Diagnostic;
use crate::layers::Origin;
use crate::pipeline::{self, Memory};
use crate::project_files::{self, Kind, PAGE_MAX_BYTES};

pub use history::{HISTORY_DIR, MAX_VERSIONS};
pub use paste::{MAX_PASTE, MAX_PASTES, to_markdown as pasted_markdown};

/// Where the editor lives.
pub const EDIT_PATH: &str = "/__careerguide/edit";
/// The header that carries the token.
pub const TOKEN_HEADER: &str = "x-careerguide-token";
/// The largest request body accepted: a page at its size bound, escaped as JSON.
pub const MAX_BODY: usize = 2 * PAGE_MAX_BYTES as usize + 64 * 1024;
/// Saves (and restores) accepted in any minute.
pub const MAX_SAVES: usize = 30;
/// Previews kept for the preview frame to load.
const KEPT_PREVIEWS: usize = 6;

const EDIT_JS: &str = include_str!("edit.js");
const EDIT_CSS: &str = include_str!("edit.css");
const LINK_JS: &str = include_str!("link.js");
const DATA_JS: &str = include_str!("data.js");
const LINK_CSS: &str = include_str!("link.css");

/// The editor's state: the token, the limits, the latest previews.
pub struct Editor {
    root: PathBuf,
    token: String,
    preview_url: String,
    shared: Arc<Shared>,
    saves: Mutex<VecDeque<Instant>>,
    pastes: Mutex<VecDeque<Instant>>,
    /// One save at a time, so the check that the file is unchanged holds until it is written.
    writing: Mutex<()>,
    /// One preview build at a time.
    building: tokio::sync::Mutex<()>,
    previews: Mutex<VecDeque<(String, String, Bytes)>>,
    /// The model's pages by output path, for the "Edit this page" link, as of a build.
    pages: Mutex<(u64, Arc<HashMap<String, String>>)>,
}

impl Editor {
    /// An editor for the project at `root` (canonical), previewed at `preview_url`, with a
    /// fresh random token.
    pub fn new(root: &Path, preview_url: &str, shared: Arc<Shared>) -> Result<Editor, String> {
        Ok(Editor {
            root: root.to_path_buf(),
            token: new_token()?,
            preview_url: preview_url.to_string(),
            shared,
            saves: Mutex::new(VecDeque::new()),
            pastes: Mutex::new(VecDeque::new()),
            writing: Mutex::new(()),
            building: tokio::sync::Mutex::new(()),
            previews: Mutex::new(VecDeque::new()),
            pages: Mutex::new((0, Arc::default())),
        })
    }

    /// The address to open: the preview's, carrying the token after `#`.
    pub fn address(&self) -> String {
        format!("{}#edit={}", self.preview_url, self.token)
    }

    /// The page id of the page published at `output` (`guide/first/index.html`), if it is
    /// made from a Markdown file.
    pub fn page_at(&self, output: &str, build: u64) -> Option<String> {
        let mut cached = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if cached.0 != build {
            let map = model(&self.root)
                .map(|(_, pages)| {
                    pages
                        .into_iter()
                        .map(|p| (p.output_path, p.source))
                        .collect()
                })
                .unwrap_or_default();
            *cached = (build, Arc::new(map));
        }
        cached.1.get(output).cloned()
    }
}

/// 128 random bits, as 32 hexadecimal digits.
fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| format!("cannot make a random token for --edit: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether a request to the editing endpoints may be answered: from this preview's own
/// pages (no other site's `Origin`, `Sec-Fetch-Site` `same-origin` or absent), carrying
/// the token. The reason when not.
pub fn edit_allowed(headers: &HeaderMap, token: &str) -> Result<(), &'static str> {
    let text = |name: &str| headers.get(name).map(|v| v.to_str().unwrap_or("\u{0}"));
    if let Some(site) = text("sec-fetch-site")
        && !site.eq_ignore_ascii_case("same-origin")
        && !site.eq_ignore_ascii_case("none")
    {
        return Err("editing requests are only accepted from the preview's own pages");
    }
    if let Some(origin) = text("origin") {
        let host = text("host").unwrap_or_default();
        let own = format!("http://{host}");
        if host.is_empty() || !origin.eq_ignore_ascii_case(&own) {
            return Err("editing requests are only accepted from the preview's own pages");
        }
    }
    let given = text(TOKEN_HEADER).unwrap_or_default().as_bytes();
    let want = token.as_bytes();
    // Compared in full whatever the first difference, so timing tells nothing.
    let differs = given.len() != want.len()
        || given
            .iter()
            .zip(want)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            != 0;
    if differs {
        return Err(
            "this editing request has no valid token: open the address `careerguide serve --edit` printed (it ends with #edit=…)",
        );
    }
    Ok(())
}

/// The editor's routes.
pub fn routes(editor: Arc<Editor>) -> Router {
    let api = Router::new()
        .route("/__careerguide/edit/api/page", get(api_page))
        .route("/__careerguide/edit/api/preview", post(api_preview))
        .route("/__careerguide/edit/api/save", post(api_save))
        .route("/__careerguide/edit/api/restore", post(api_restore))
        .route("/__careerguide/edit/api/new", post(api_new))
        .route("/__careerguide/edit/api/data", get(data::api_data))
        .route(
            "/__careerguide/edit/api/data/save",
            post(data::api_data_save),
        )
        .route(
            "/__careerguide/edit/api/data/restore",
            post(data::api_data_restore),
        )
        .route("/__careerguide/edit/api/paste", post(paste::api_paste))
        .layer(middleware::from_fn_with_state(editor.clone(), api_guard));
    Router::new()
        .route(EDIT_PATH, get(edit_page))
        .route("/__careerguide/edit/new", get(new_page))
        .route("/__careerguide/edit/data", get(data::data_page))
        .route(
            "/__careerguide/edit/data.js",
            get(|| asset("text/javascript; charset=utf-8", DATA_JS)),
        )
        .route(
            "/__careerguide/edit/edit.js",
            get(|| asset("text/javascript; charset=utf-8", EDIT_JS)),
        )
        .route(
            "/__careerguide/edit/edit.css",
            get(|| asset("text/css; charset=utf-8", EDIT_CSS)),
        )
        .route(
            "/__careerguide/edit/link.js",
            get(|| asset("text/javascript; charset=utf-8", LINK_JS)),
        )
        .route(
            "/__careerguide/edit/link.css",
            get(|| asset("text/css; charset=utf-8", LINK_CSS)),
        )
        .route(
            "/__careerguide/edit/preview/{cap}/{*rest}",
            get(preview_file),
        )
        .merge(api)
        .with_state(editor)
}

async fn asset(kind: &'static str, text: &'static str) -> Response {
    http::respond(
        StatusCode::OK,
        kind,
        Bytes::from_static(text.as_bytes()),
        false,
    )
}

async fn api_guard(State(editor): State<Arc<Editor>>, request: Request, next: Next) -> Response {
    if let Err(why) = edit_allowed(request.headers(), &editor.token) {
        return answer(StatusCode::FORBIDDEN, json!({ "error": why }));
    }
    if request.method() == Method::POST {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim()
                    .to_ascii_lowercase()
                    .starts_with("application/json")
            });
        if !json {
            return answer(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                json!({ "error": "editing requests are sent as application/json" }),
            );
        }
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY as u64) {
            return too_large();
        }
    }
    next.run(request).await
}

fn too_large() -> Response {
    answer(
        StatusCode::PAYLOAD_TOO_LARGE,
        json!({ "error": format!(
            "this is larger than a page may be ({} MB): split the page into several pages",
            PAGE_MAX_BYTES / (1024 * 1024)
        ) }),
    )
}

/// A save or restore that could not be written: the file system's message and what to do.
fn not_written(d: Diagnostic) -> Response {
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({ "error": d.message, "hint": d.hint }),
    )
}

/// A JSON answer, never cached.
fn answer(status: StatusCode, body: Value) -> Response {
    let mut r = http::respond(
        status,
        "application/json",
        Bytes::from(body.to_string()),
        false,
    );
    if status == StatusCode::TOO_MANY_REQUESTS {
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    }
    r
}

/// The site's model of pages: config.yaml and every page file of every layer.
fn model(root: &Path) -> Result<(Config, Vec<PageFile>), Vec<Diagnostic>> {
    let config = Config::load(root)?;
    let pages = content::page_files(root, &config);
    Ok((config, pages))
}

/// The page with model id `id`, and the project's settings; an answer when there is none.
#[allow(clippy::result_large_err)]
fn find(root: &Path, id: &str) -> Result<(Config, PageFile), Response> {
    let (config, pages) = model(root).map_err(|problems| {
        answer(
            StatusCode::CONFLICT,
            json!({ "error": "config.yaml cannot be read, so no page can be edited until it is fixed", "problems": problems }),
        )
    })?;
    match pages.into_iter().find(|p| p.source == id) {
        Some(page) => Ok((config, page)),
        None => Err(answer(
            StatusCode::NOT_FOUND,
            json!({ "error": "there is no such page in this site: pages are named by their id, as the edit page gives it" }),
        )),
    }
}

fn version_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn shown(root: &Path, path: &Path) -> String {
    crate::diagnostics::display_path(root, path)
}

/// The preview address of a page published at `output`.
fn page_url(output: &str) -> String {
    format!("/{}", output.strip_suffix("index.html").unwrap_or(output))
}

/// Where a bundled page's copy goes in the local layer, if the project has one.
fn local_copy(root: &Path, config: &Config, page: &PageFile) -> Option<PathBuf> {
    (page.origin == Origin::Bundled)
        .then(|| config.local_dir(root))
        .flatten()
        .map(|l| l.join(content::CONTENT_DIR).join(&page.source))
}

/// The page to edit: by where it is published (the "Edit this page" link), or by its id
/// (a page just made, a draft, which is published nowhere).
#[derive(Deserialize)]
struct EditQuery {
    page: Option<String>,
    id: Option<String>,
}

async fn edit_page(State(editor): State<Arc<Editor>>, Query(query): Query<EditQuery>) -> Response {
    let found = model(&editor.root).ok().and_then(|(_, pages)| {
        pages.into_iter().find(|p| match (&query.page, &query.id) {
            (Some(output), _) => p.output_path == *output,
            (None, Some(id)) => p.source == *id,
            (None, None) => false,
        })
    });
    let (status, html) = match found {
        Some(p) => (
            StatusCode::OK,
            page::editor(
                &p.source,
                &shown(&editor.root, &p.path),
                &page_url(&p.output_path),
            ),
        ),
        None => (StatusCode::NOT_FOUND, page::not_editable()),
    };
    let mut r = http::respond(status, "text/html; charset=utf-8", Bytes::from(html), false);
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(EDIT_POLICY),
    );
    r.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// The page that makes a new case study, checklist or page (`careerguide new`'s templates).
async fn new_page(State(editor): State<Arc<Editor>>) -> Response {
    let sections = model(&editor.root)
        .map(|(_, pages)| {
            let mut s: Vec<String> = pages
                .iter()
                .filter_map(|p| {
                    p.source
                        .split_once('/')
                        .map(|(folder, _)| folder.to_string())
                })
                .filter(|f| f != crate::scaffold::CASE_STUDIES && f != crate::scaffold::CHECKLISTS)
                .collect();
            s.sort();
            s.dedup();
            s
        })
        .unwrap_or_default();
    let mut r = http::respond(
        StatusCode::OK,
        "text/html; charset=utf-8",
        Bytes::from(page::new_page(&sections)),
        false,
    );
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(EDIT_POLICY),
    );
    r
}

/// The edit page's policy: its own files only; the preview frame from this preview.
const EDIT_POLICY: &str = "default-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

#[derive(Deserialize)]
struct IdQuery {
    id: String,
}

async fn api_page(State(editor): State<Arc<Editor>>, Query(q): Query<IdQuery>) -> Response {
    let root = editor.root.clone();
    blocking(move || page_json(&root, &q.id)).await
}

async fn blocking(job: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(job).await.unwrap_or_else(|_| {
        answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "error": "the editor stopped unexpectedly (a bug in careerguide); your text is still in the page: copy it somewhere safe" }),
        )
    })
}

/// Everything the edit page shows of page `id`.
fn page_json(root: &Path, id: &str) -> Response {
    let (config, page) = match find(root, id) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let file = shown(root, &page.path);
    let text = match project_files::read_text(root, &page.path, Kind::Page) {
        Ok(t) => t,
        Err(d) => {
            return answer(
                StatusCode::CONFLICT,
                json!({ "error": format!("{file} cannot be read: {}", d.message), "problems": [d] }),
            );
        }
    };
    let version = version_of(text.as_bytes());
    let mut out = json!({
        "id": page.source,
        "file": file,
        "url": page_url(&page.output_path),
        "kind": page.kind.as_str(),
        "version": version,
        "history": history::list(root, &page.source),
        "historyDir": HISTORY_DIR,
        "localCopy": local_copy(root, &config, &page).map(|p| shown(root, &p)),
    });
    match content::frontmatter::parse(&text, &file) {
        Ok((front, split)) => {
            let values = form::values(&front);
            let fields: Vec<Value> = form::fields_for(page.kind, &values)
                .into_iter()
                .map(|f| {
                    json!({
                        "key": f.key,
                        "label": f.label,
                        "help": f.help,
                        "input": match f.input {
                            form::Input::Line => "line",
                            form::Input::Text => "text",
                            form::Input::List => "list",
                            form::Input::Tick => "tick",
                        },
                        "value": values.get(f.key).cloned().unwrap_or_default(),
                    })
                })
                .collect();
            out["title"] = json!(front.title);
            out["mode"] = json!("form");
            out["fields"] = json!(fields);
            out["body"] = json!(split.body);
            out["bodyLine"] = json!(split.body_line);
        }
        Err(d) => {
            // The front matter cannot be read: the whole file, as text, to put right.
            out["title"] = json!(page.source);
            out["mode"] = json!("text");
            out["fields"] = json!([]);
            out["body"] = json!(text);
            out["bodyLine"] = json!(1);
            out["problems"] = json!([d]);
        }
    }
    answer(StatusCode::OK, out)
}

/// What the edit page sends: the page, its front matter fields (absent when the whole file
/// is edited as text), its body, and the version it was opened at.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Draft {
    id: String,
    #[serde(default)]
    fields: Option<BTreeMap<String, String>>,
    body: String,
    #[serde(default)]
    version: Option<String>,
    /// Copy a bundled page into the local layer first.
    #[serde(default, rename = "override")]
    make_override: bool,
}

async fn read_json<T: serde::de::DeserializeOwned>(body: Body) -> Result<T, Response> {
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| too_large())?;
    serde_json::from_slice(&bytes).map_err(|e| {
        answer(
            StatusCode::BAD_REQUEST,
            json!({ "error": format!("the request could not be read: {e}") }),
        )
    })
}

/// The whole file a draft makes, from the page's text as it is on disk.
#[allow(clippy::result_large_err)]
fn compose(draft: &Draft, on_disk: &str, file: &str) -> Result<String, Response> {
    if draft.body.len() as u64 > PAGE_MAX_BYTES {
        return Err(too_large());
    }
    let Some(fields) = &draft.fields else {
        return Ok(draft.body.replace("\r\n", "\n"));
    };
    // The keys as written on disk are kept where unchanged; front matter that cannot be
    // read there (a file being written by another program) is written afresh from the form.
    let (yaml, before) = match content::frontmatter::parse(on_disk, file) {
        Ok((front, split)) => (split.yaml.to_string(), form::values(&front)),
        Err(_) => (String::new(), BTreeMap::new()),
    };
    let yaml =
        form::compose(&yaml, &before, fields).map_err(|form::Refused::UnknownKey(key)| {
            answer(
                StatusCode::BAD_REQUEST,
                json!({ "error": format!("`{key}` is not a key a page can have") }),
            )
        })?;
    Ok(form::page_text(&yaml, &draft.body, on_disk))
}

/// A problem as the edit page shows it: where (field or body line), what, what to do.
fn problem_json(d: &Diagnostic, field: Option<&str>) -> Value {
    json!({
        "severity": d.severity,
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "hint": d.hint,
        "field": field,
    })
}

/// Problems of `text` (page `file`) and the field each front-matter one belongs to.
fn located(problems: &[Diagnostic], text: &str, file: &str) -> Vec<Value> {
    let yaml = content::frontmatter::split(text, file)
        .map(|s| s.yaml.to_string())
        .unwrap_or_default();
    let body_line = content::frontmatter::split(text, file).map_or(1, |s| s.body_line);
    problems
        .iter()
        .map(|d| {
            let field = d
                .line
                .filter(|l| d.file == file && *l < body_line)
                .and_then(|l| form::key_at_line(&yaml, l))
                .filter(|k| form::field_of(k).is_some());
            problem_json(d, field.as_deref())
        })
        .collect()
}

async fn api_preview(State(editor): State<Arc<Editor>>, body: Body) -> Response {
    let draft: Draft = match read_json(body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    // One preview build at a time: a quick typist's earlier previews wait their turn.
    let _building = editor.building.lock().await;
    let worker = editor.clone();
    blocking(move || preview(&worker, &draft)).await
}

fn preview(editor: &Editor, draft: &Draft) -> Response {
    let root = &editor.root;
    let (_, page) = match find(root, &draft.id) {
        Ok(found) => found,
        Err(r) => return r,
    };
    let file = shown(root, &page.path);
    let on_disk = match project_files::read_text(root, &page.path, Kind::Page) {
        Ok(t) => t,
        Err(d) => return answer(StatusCode::CONFLICT, json!({ "error": d.message })),
    };
    // A draft is previewed as it will look once published (the build leaves drafts out).
    let as_published = draft.fields.as_ref().map(|fields| Draft {
        id: draft.id.clone(),
        fields: Some(
            fields
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if k == "draft" {
                            "false".to_string()
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect(),
        ),
        body: draft.body.clone(),
        version: None,
        make_override: false,
    });
    let text = match compose(as_published.as_ref().unwrap_or(draft), &on_disk, &file) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let body_line = content::frontmatter::split(&text, &file).map_or(1, |s| s.body_line);
    let options = pipeline::Options {
        preview_url: Some(editor.preview_url.clone()),
        minify: Some(false),
        defer_search_index: true,
        preview: true,
        ..pipeline::Options::default()
    };
    let memory = Memory {
        texts: crate::memo::Texts::with_draft(&page.path, text.clone()),
        ..Memory::off()
    };
    let built = super::rebuild::guarded(|| pipeline::build_remembering(root, &options, &memory));
    let (html, problems) = match built {
        Ok(built) => {
            let lints: Vec<Diagnostic> = built.lints.clone();
            let html = built.files.into_iter().find_map(|f| match f {
                crate::output::OutFile::Bytes { path, bytes } if path == page.output_path => {
                    Some(bytes)
                }
                _ => None,
            });
            (html, lints)
        }
        Err(problems) => (None, problems),
    };
    let (mine, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(|d| d.file == file);
    let keep = |html: Bytes| {
        let cap = new_token().unwrap_or_default();
        let url = format!("{EDIT_PATH}/preview/{cap}/{}", page.output_path);
        let mut kept = editor.previews.lock().unwrap_or_else(|p| p.into_inner());
        kept.push_back((cap, page.output_path.clone(), html));
        while kept.len() > KEPT_PREVIEWS {
            kept.pop_front();
        }
        url
    };
    let preview = html.map(|html| keep(Bytes::from(html)));
    // While the text does not build, the preview stays on the last version that did (the
    // edit page keeps its own; this is the served site's, for an edit page that has none
    // yet), as `serve` keeps showing the last good site.
    let last_good = match preview {
        Some(_) => None,
        None => editor
            .shared
            .snapshot()
            .files
            .get(&page.output_path)
            .cloned()
            .map(keep),
    };
    let errors = others.iter().filter(|d| d.is_error()).count();
    answer(
        StatusCode::OK,
        json!({
            "preview": preview,
            "stale": preview.is_none(),
            "lastGood": last_good,
            "bodyLine": body_line,
            "problems": located(&mine, &text, &file),
            "otherErrors": errors,
            "otherProblems": others.iter().filter(|d| d.is_error()).take(5).map(|d| problem_json(d, None)).collect::<Vec<_>>(),
        }),
    )
}

/// A file of a preview: the previewed page itself, or any other file of the site as served.
async fn preview_file(
    State(editor): State<Arc<Editor>>,
    UrlPath((cap, rest)): UrlPath<(String, String)>,
) -> Response {
    let page = {
        let kept = editor.previews.lock().unwrap_or_else(|p| p.into_inner());
        kept.iter()
            .find(|(c, _, _)| *c == cap)
            .map(|(_, page, html)| (page.clone(), html.clone()))
    };
    let Some((page, html)) = page else {
        return http::plain(
            StatusCode::NOT_FOUND,
            "This preview has gone: type in the editor to make a new one.",
            false,
        );
    };
    let key = match http::site_key(&format!("/{rest}")) {
        Ok(k) => k,
        Err(http::BadPath(why)) => return http::plain(StatusCode::BAD_REQUEST, why, false),
    };
    let bytes = if key == page {
        html
    } else {
        match editor.shared.snapshot().files.get(&key) {
            Some(b) => b.clone(),
            None => return http::plain(StatusCode::NOT_FOUND, "Not found", false),
        }
    };
    let kind = http::content_type(&key);
    let mut r = http::respond(StatusCode::OK, kind, bytes.clone(), false);
    if kind.starts_with("text/html")
        && let Ok(policy) = HeaderValue::from_str(&guard::page_policy(&bytes))
    {
        r.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    r
}

/// Whether another save may happen now (at most [`MAX_SAVES`] in a minute).
fn may_save(editor: &Editor) -> bool {
    within_limit(&editor.saves, MAX_SAVES)
}

/// Whether one more request fits in `max` a minute, given the `times` of the latest; if so,
/// it is counted.
fn within_limit(times: &Mutex<VecDeque<Instant>>, max: usize) -> bool {
    let mut times = times.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(60))
    {
        times.pop_front();
    }
    if times.len() >= max {
        return false;
    }
    times.push_back(now);
    true
}

async fn api_save(State(editor): State<Arc<Editor>>, body: Body) -> Response {
    let draft: Draft = match read_json(body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let worker = editor.clone();
    blocking(move || save(&worker, &draft, None)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Restore {
    id: String,
    name: String,
    version: String,
    #[serde(default, rename = "override")]
    make_override: bool,
}

async fn api_restore(State(editor): State<Arc<Editor>>, body: Body) -> Response {
    let restore: Restore = match read_json(body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let worker = editor.clone();
    blocking(move || {
        let text = match history::read(&worker.root, &restore.id, &restore.name) {
            Ok(Some(text)) => text,
            Ok(None) => {
                return answer(
                    StatusCode::NOT_FOUND,
                    json!({ "error": "there is no such earlier version of this page" }),
                );
            }
            Err(d) => return answer(StatusCode::CONFLICT, json!({ "error": d.message })),
        };
        let draft = Draft {
            id: restore.id.clone(),
            fields: None,
            body: text,
            version: Some(restore.version.clone()),
            make_override: restore.make_override,
        };
        save(&worker, &draft, Some(&restore.name))
    })
    .await
}

/// What the new-page form sends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewRequest {
    /// `case-study`, `checklist` or `page`.
    what: String,
    /// The person's name (a case study) or the title.
    name: String,
    /// The folder of `content/` a page goes in (`.` for the top level).
    #[serde(default)]
    section: Option<String>,
}

async fn api_new(State(editor): State<Arc<Editor>>, body: Body) -> Response {
    let asked: NewRequest = match read_json(body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let worker = editor.clone();
    blocking(move || {
        let root = &worker.root;
        let _writing = worker.writing.lock().unwrap_or_else(|p| p.into_inner());
        if !may_save(&worker) {
            return answer(
                StatusCode::TOO_MANY_REQUESTS,
                json!({ "error": format!("more than {MAX_SAVES} saves in a minute: wait a minute, then try again") }),
            );
        }
        let name = asked.name.clone();
        let new = match asked.what.as_str() {
            "case-study" => crate::scaffold::New::CaseStudy { person: name },
            "checklist" => crate::scaffold::New::Checklist { title: name },
            "page" => crate::scaffold::New::Page {
                section: asked.section.clone().unwrap_or_else(|| ".".to_string()),
                title: name,
            },
            _ => {
                return answer(
                    StatusCode::BAD_REQUEST,
                    json!({ "error": "choose a case study, a checklist or a page" }),
                );
            }
        };
        let today = jiff::ZonedDateTime::now().date();
        let created = match crate::scaffold::create(root, &new, today) {
            Ok(c) => c,
            Err(d) => {
                return answer(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!({ "error": format!("{}{}", d.message, d.hint.as_ref().map(|h| format!(". What to do: {h}")).unwrap_or_default()), "problems": [d] }),
                );
            }
        };
        let id = model(root)
            .ok()
            .and_then(|(_, pages)| pages.into_iter().find(|p| p.path == created.path))
            .map(|p| p.source);
        match id {
            Some(id) => answer(
                StatusCode::OK,
                json!({
                    "created": created.shown,
                    "id": id,
                    "edit": format!("{EDIT_PATH}?id={}", percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC)),
                }),
            ),
            None => answer(
                StatusCode::CONFLICT,
                json!({ "error": format!("{} was made, but the site does not list it as a page: open it in a text editor", created.shown) }),
            ),
        }
    })
    .await
}

/// Writes a draft over its page, unless the file changed since the draft's version, or the
/// page is bundled and no copy was asked for, or its front matter would not build.
fn save(editor: &Editor, draft: &Draft, restoring: Option<&str>) -> Response {
    let root = &editor.root;
    let _writing = editor.writing.lock().unwrap_or_else(|p| p.into_inner());
    let (config, page) = match find(root, &draft.id) {
        Ok(found) => found,
        Err(r) => return r,
    };
    if !may_save(editor) {
        return answer(
            StatusCode::TOO_MANY_REQUESTS,
            json!({ "error": format!("more than {MAX_SAVES} saves in a minute: wait a minute, then save again (your text is still here)") }),
        );
    }
    let file = shown(root, &page.path);
    let on_disk = match project_files::read_bytes(root, &page.path, Kind::Page) {
        Ok(b) => b,
        Err(d) => return answer(StatusCode::CONFLICT, json!({ "error": d.message })),
    };
    let disk_text = String::from_utf8_lossy(&on_disk).to_string();
    let text = match compose(draft, &disk_text, &file) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let disk_version = version_of(&on_disk);
    if draft.version.as_deref() != Some(disk_version.as_str()) {
        return answer(
            StatusCode::CONFLICT,
            json!({
                "conflict": true,
                "error": format!("{file} was changed by someone or something else since you opened it, so it was not saved. Both versions are below: copy what you need, then save again."),
                "disk": disk_text,
                "yours": text,
                "version": disk_version,
            }),
        );
    }
    if restoring.is_none()
        && let Err((field, d)) = form::check(&text, &file)
    {
        return answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "error": "the page was not saved: put right the problem shown first",
                "problems": [problem_json(&d, field.as_deref())],
            }),
        );
    }
    let mut target = page.path.clone();
    let mut copied = None;
    if let Some(copy) = local_copy(root, &config, &page) {
        let local = shown(root, &copy);
        if !draft.make_override {
            return answer(
                StatusCode::CONFLICT,
                json!({
                    "needsOverride": true,
                    "localCopy": local,
                    "error": format!("{file} comes with the guide, and an upgrade would replace it. Save your own copy in {local} instead (upgrades keep it, and `careerguide check` tells you when the guide's version changes)."),
                }),
            );
        }
        match crate::overrides::create(root, &format!("{}/{}", content::CONTENT_DIR, page.source)) {
            Ok(_) => {}
            Err(d) => {
                return answer(
                    StatusCode::CONFLICT,
                    json!({ "error": format!("{}{}", d.message, d.hint.map(|h| format!(" ({h})")).unwrap_or_default()) }),
                );
            }
        }
        target = copy;
        copied = Some(local);
    }
    if let Err(d) =
        history::keep_then_write(root, &page.source, Some(&on_disk), &target, text.as_bytes())
    {
        return not_written(d);
    }
    answer(
        StatusCode::OK,
        json!({
            "saved": true,
            "file": shown(root, &target),
            "copied": copied,
            "restored": restoring,
            "version": version_of(text.as_bytes()),
            "history": history::list(root, &page.source),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.insert(
                axum::http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    const T: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn only_the_previews_own_pages_with_the_token_may_edit() {
        let ok = [("host", "127.0.0.1:8000"), (TOKEN_HEADER, T)];
        assert_eq!(edit_allowed(&headers(&ok), T), Ok(()));
        let with = |extra: &[(&str, &str)]| {
            let mut all = ok.to_vec();
            all.extend_from_slice(extra);
            edit_allowed(&headers(&all), T)
        };
        assert_eq!(with(&[("origin", "http://127.0.0.1:8000")]), Ok(()));
        assert_eq!(with(&[("sec-fetch-site", "same-origin")]), Ok(()));
        assert!(
            with(&[("origin", "http://127.0.0.1:9999")]).is_err(),
            "another port is another site"
        );
        assert!(with(&[("origin", "https://evil.example")]).is_err());
        assert!(with(&[("origin", "null")]).is_err());
        assert!(with(&[("sec-fetch-site", "cross-site")]).is_err());
        assert!(with(&[("sec-fetch-site", "same-site")]).is_err());
        assert!(edit_allowed(&headers(&[("host", "127.0.0.1:8000")]), T).is_err());
        assert!(
            edit_allowed(
                &headers(&[
                    ("host", "127.0.0.1:8000"),
                    (TOKEN_HEADER, "0123456789abcdef0123456789abcdeF")
                ]),
                T
            )
            .is_err()
        );
        assert!(edit_allowed(&headers(&[(TOKEN_HEADER, &T[..31])]), T).is_err());
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
