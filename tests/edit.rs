//! `careerguide serve --edit`, over plain HTTP: every refusal (no token, a wrong one, another
//! site's Origin, a foreign Host, `Sec-Fetch-Site: cross-site`, a page not in the site's
//! model, an oversized body, a key the model lacks), saving (atomic, with the replaced version
//! kept), the conflict when the file changed since it was opened, a bad field, restoring,
//! the preview from the real build, the rate limit and the override of a bundled page.

mod editing;

use std::time::Duration;

use editing::{Response, Server, get, host_of, raw_request_with_body};

const WAIT: Duration = Duration::from_secs(30);
const PAGE: &str = "guide/01-first.md";
const PAGE_FILE: &str = "content/guide/01-first.md";

fn edit_server() -> Server {
    Server::start("serve-site", &["--edit"])
}

fn token(server: &Server) -> String {
    server
        .edit_token
        .clone()
        .expect("serve --edit prints an address with #edit=TOKEN")
}

/// A request to the preview at `server`, with `headers` (name, value) added.
fn request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}",
        body.len()
    );
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("\r\nHost: {}", host_of(&server.url)));
    }
    for (n, v) in headers {
        head.push_str(&format!("\r\n{n}: {v}"));
    }
    raw_request_with_body(&server.url, &head, body.as_bytes())
}

fn json(r: &Response) -> serde_json::Value {
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.text()))
}

/// GET `api/page` for `id` with the right token.
fn page(server: &Server, id: &str) -> Response {
    let t = token(server);
    request(
        server,
        "GET",
        &format!("/__careerguide/edit/api/page?id={id}"),
        &[("X-Careerguide-Token", &t)],
        "",
    )
}

/// POST to `api/<what>` with the right token and a JSON body.
fn post(server: &Server, what: &str, body: &serde_json::Value) -> Response {
    let t = token(server);
    request(
        server,
        "POST",
        &format!("/__careerguide/edit/api/{what}"),
        &[
            ("X-Careerguide-Token", &t),
            ("Content-Type", "application/json"),
            ("Origin", &format!("http://{}", host_of(&server.url))),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        &body.to_string(),
    )
}

fn fields(page: &serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    page["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["value"].clone()))
        .collect()
}

#[test]
fn every_editing_request_needs_the_token_and_the_previews_own_origin() {
    let server = edit_server();
    let t = token(&server);
    assert_eq!(t.len(), 32, "{t}");
    let path = format!("/__careerguide/edit/api/page?id={PAGE}");
    let own_host = host_of(&server.url);
    let own_origin = format!("http://{own_host}");

    let ok = request(&server, "GET", &path, &[("X-Careerguide-Token", &t)], "");
    assert_eq!(ok.status, 200, "{}", ok.text());
    let page = json(&ok);
    assert_eq!(page["title"], "First section");
    assert_eq!(page["file"], PAGE_FILE);
    assert!(page["body"].as_str().unwrap().contains("Original text"));

    let cookie = format!("X-Careerguide-Token={t}");
    let refusals: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("no token", vec![]),
        (
            "a wrong token",
            vec![("X-Careerguide-Token", "0123456789abcdef0123456789abcdef")],
        ),
        ("the token in a cookie", vec![("Cookie", &cookie)]),
        (
            "another site's Origin",
            vec![
                ("X-Careerguide-Token", &t),
                ("Origin", "https://evil.example"),
            ],
        ),
        (
            "another port's Origin",
            vec![
                ("X-Careerguide-Token", &t),
                ("Origin", "http://127.0.0.1:1"),
            ],
        ),
        (
            "Sec-Fetch-Site: cross-site",
            vec![
                ("X-Careerguide-Token", &t),
                ("Sec-Fetch-Site", "cross-site"),
            ],
        ),
        (
            "Sec-Fetch-Site: same-site",
            vec![("X-Careerguide-Token", &t), ("Sec-Fetch-Site", "same-site")],
        ),
        (
            "a foreign Host",
            vec![("X-Careerguide-Token", &t), ("Host", "evil.example")],
        ),
    ];
    for (what, headers) in refusals {
        let r = request(&server, "GET", &path, &headers, "");
        assert_eq!(r.status, 403, "{what}: {}", r.text());
        assert!(
            !r.text().contains("Original text"),
            "{what} leaked the page"
        );
    }
    // The same refusals for a save.
    let body =
        serde_json::json!({ "id": PAGE, "body": "x", "version": page["version"] }).to_string();
    for headers in [
        vec![("Content-Type", "application/json")],
        vec![
            ("Content-Type", "application/json"),
            ("X-Careerguide-Token", t.as_str()),
            ("Origin", "https://evil.example"),
        ],
        vec![
            ("Content-Type", "application/json"),
            ("X-Careerguide-Token", t.as_str()),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    ] {
        let r = request(
            &server,
            "POST",
            "/__careerguide/edit/api/save",
            &headers,
            &body,
        );
        assert_eq!(r.status, 403, "{headers:?}: {}", r.text());
    }
    let with_own = request(
        &server,
        "GET",
        &path,
        &[
            ("X-Careerguide-Token", &t),
            ("Origin", &own_origin),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        "",
    );
    assert_eq!(with_own.status, 200);
    let on_disk = std::fs::read_to_string(server.path(PAGE_FILE)).unwrap();
    assert!(on_disk.contains("Original text"), "nothing was written");
}

#[test]
fn pages_are_named_by_their_id_in_the_model_never_by_a_path() {
    let server = edit_server();
    for id in [
        "config.yaml",
        "../config.yaml",
        "content/guide/01-first.md",
        "guide/../guide/01-first.md",
        "guide%2F01-first.md%00",
        "/etc/passwd",
        "guide/nope.md",
        "case-studies/_template.md",
        "",
    ] {
        let r = page(&server, id);
        assert!(
            r.status == 404 || r.status == 400,
            "{id}: {} {}",
            r.status,
            r.text()
        );
        let saved = post(
            &server,
            "save",
            &serde_json::json!({ "id": id, "body": "---\ntitle: X\n---\n", "version": "x" }),
        );
        assert!(
            saved.status == 404,
            "{id}: {} {}",
            saved.status,
            saved.text()
        );
    }
    assert!(!server.path("x").exists());
}

#[test]
fn oversized_bodies_unknown_keys_and_other_content_types_are_refused() {
    let server = edit_server();
    let t = token(&server);
    let head = format!(
        "POST /__careerguide/edit/api/save HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nX-Careerguide-Token: {t}\r\nContent-Type: application/json\r\nContent-Length: {}",
        host_of(&server.url),
        careerguide::serve::MAX_BODY + 1
    );
    let r = raw_request_with_body(&server.url, &head, b"{");
    assert_eq!(r.status, 413, "{}", r.text());

    let r = request(
        &server,
        "POST",
        "/__careerguide/edit/api/save",
        &[("X-Careerguide-Token", &t), ("Content-Type", "text/plain")],
        "{}",
    );
    assert_eq!(r.status, 415, "{}", r.text());

    let version = json(&page(&server, PAGE))["version"].clone();
    let r = post(
        &server,
        "save",
        &serde_json::json!({ "id": PAGE, "fields": { "title": "A", "script": "alert(1)" }, "body": "x", "version": version }),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(json(&r)["error"].as_str().unwrap().contains("`script`"));
    let r = post(
        &server,
        "save",
        &serde_json::json!({ "id": PAGE, "path": "/etc/passwd" }),
    );
    assert_eq!(r.status, 400, "unknown request fields: {}", r.text());
    assert!(
        std::fs::read_to_string(server.path(PAGE_FILE))
            .unwrap()
            .contains("Original text")
    );
}

#[test]
fn a_save_writes_the_page_keeps_the_old_version_and_the_page_reloads() {
    let server = edit_server();
    let events = server.events();
    events.next_named("status", WAIT);
    let before = json(&page(&server, PAGE));
    let original = std::fs::read_to_string(server.path(PAGE_FILE)).unwrap();
    let mut f = fields(&before);
    f.insert("summary".into(), "A summary: with a colon".into());
    let body = before["body"]
        .as_str()
        .unwrap()
        .replace("Original text", "Saved text");
    let r = post(
        &server,
        "save",
        &serde_json::json!({ "id": PAGE, "fields": f, "body": body, "version": before["version"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let saved = json(&r);
    let on_disk = std::fs::read_to_string(server.path(PAGE_FILE)).unwrap();
    assert!(
        on_disk.contains("Saved text of the first section."),
        "{on_disk}"
    );
    assert!(
        on_disk.contains("summary: \"A summary: with a colon\""),
        "{on_disk}"
    );
    assert!(
        on_disk.starts_with("---\ntitle: First section\n"),
        "unchanged keys kept: {on_disk}"
    );
    // The replaced version is kept, and nothing else lies about in content/.
    let history = saved["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{saved}");
    let kept = server
        .path("edit-history/guide/01-first.md")
        .join(history[0]["name"].as_str().unwrap());
    assert_eq!(std::fs::read_to_string(kept).unwrap(), original);
    let litter: Vec<_> = std::fs::read_dir(server.path("content/guide"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("careerguide-tmp"))
        .collect();
    assert!(litter.is_empty(), "{litter:?}");
    // The preview rebuilds and the page shows the saved text.
    let reload = events.next_named("reload", WAIT);
    assert!(reload.contains("guide/first/index.html"), "{reload}");
    assert!(
        get(&server.url, "/guide/first/")
            .text()
            .contains("Saved text of the first section.")
    );
    assert_eq!(json(&page(&server, PAGE))["version"], saved["version"]);
}

#[test]
fn a_file_changed_since_it_was_opened_is_not_overwritten_and_both_versions_are_shown() {
    let server = edit_server();
    let opened = json(&page(&server, PAGE));
    server.edit(PAGE_FILE, |t| {
        t.replace("Some words.", "Words from another editor.")
    });
    let r = post(
        &server,
        "save",
        &serde_json::json!({ "id": PAGE, "fields": fields(&opened), "body": "Mine.\n", "version": opened["version"] }),
    );
    assert_eq!(r.status, 409, "{}", r.text());
    let conflict = json(&r);
    assert_eq!(conflict["conflict"], true);
    assert!(
        conflict["disk"]
            .as_str()
            .unwrap()
            .contains("Words from another editor.")
    );
    assert!(conflict["yours"].as_str().unwrap().contains("Mine."));
    let on_disk = std::fs::read_to_string(server.path(PAGE_FILE)).unwrap();
    assert!(on_disk.contains("Words from another editor.") && !on_disk.contains("Mine."));
    // Saving again, having seen the file's version, is the editor's choice.
    let r = post(
        &server,
        "save",
        &serde_json::json!({ "id": PAGE, "fields": fields(&opened), "body": "Mine.\n", "version": conflict["version"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        std::fs::read_to_string(server.path(PAGE_FILE))
            .unwrap()
            .ends_with("---\nMine.\n")
    );
}

#[test]
fn a_bad_field_is_named_at_the_field_and_nothing_is_saved_then_a_version_is_restored() {
    let server = edit_server();
    let opened = json(&page(&server, PAGE));
    let original = std::fs::read_to_string(server.path(PAGE_FILE)).unwrap();
    let mut f = fields(&opened);
    f.insert("reviewed".into(), "2026-13-45".into());
    let r = post(
        &server,
        "save",
        &serde_json::json!({ "id": PAGE, "fields": f, "body": opened["body"], "version": opened["version"] }),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let problem = &json(&r)["problems"][0];
    assert_eq!(problem["field"], "reviewed", "{problem}");
    assert_eq!(problem["file"], PAGE_FILE);
    assert_eq!(
        std::fs::read_to_string(server.path(PAGE_FILE)).unwrap(),
        original
    );

    // The preview names it at the field too, in the build's words.
    let r = post(
        &server,
        "preview",
        &serde_json::json!({ "id": PAGE, "fields": f, "body": opened["body"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let preview = json(&r);
    let problems = preview["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["field"] == "reviewed"),
        "{preview}"
    );

    // A good save, then the original back from the history.
    let saved = json(&post(
        &server,
        "save",
        &serde_json::json!({ "id": PAGE, "fields": fields(&opened), "body": "Replaced.\n", "version": opened["version"] }),
    ));
    let name = saved["history"][0]["name"].as_str().unwrap().to_string();
    let r = post(
        &server,
        "restore",
        &serde_json::json!({ "id": PAGE, "name": "../../config.yaml", "version": saved["version"] }),
    );
    assert_eq!(r.status, 404, "only a listed version: {}", r.text());
    let r = post(
        &server,
        "restore",
        &serde_json::json!({ "id": PAGE, "name": name, "version": saved["version"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        std::fs::read_to_string(server.path(PAGE_FILE)).unwrap(),
        original
    );
    assert_eq!(
        json(&r)["history"].as_array().unwrap().len(),
        2,
        "the replaced text is kept too"
    );
}

#[test]
fn the_preview_comes_from_the_real_build_and_writes_nothing() {
    let server = edit_server();
    let opened = json(&page(&server, PAGE));
    let r = post(
        &server,
        "preview",
        &serde_json::json!({ "id": PAGE, "fields": fields(&opened), "body": "Previewed <b onclick=\"alert(1)\">bold</b> text.\n\n## Getting started\n" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let preview = json(&r);
    let url = preview["preview"]
        .as_str()
        .unwrap_or_else(|| panic!("a preview address: {preview}"))
        .to_string();
    let shown = get(&server.url, &url);
    assert_eq!(shown.status, 200);
    assert!(shown.text().contains("Previewed"), "{}", shown.text());
    assert!(
        !shown.text().contains("onclick"),
        "the build's sanitiser applies"
    );
    assert!(
        !shown.text().contains("reload.js"),
        "a preview does not reload itself"
    );
    assert!(
        shown
            .header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    // Other files of the site come from the served build.
    let css = get(
        &server.url,
        &url.replace("guide/first/index.html", "assets/css/site.css"),
    );
    assert_eq!(css.status, 200);
    assert_eq!(
        get(
            &server.url,
            "/__careerguide/edit/preview/0000/guide/first/index.html"
        )
        .status,
        404
    );

    // A dead link stops the build: check's problem, located in the page text, and no preview.
    let r = post(
        &server,
        "preview",
        &serde_json::json!({ "id": PAGE, "fields": fields(&opened), "body": "One.\n\n[a link](../nowhere/)\n\n## Getting started\n" }),
    );
    let preview = json(&r);
    let problems = preview["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["line"].as_u64() == Some(7)
            && p["field"].is_null()
            && p["file"] == PAGE_FILE),
        "{preview}"
    );
    assert!(preview["preview"].is_null(), "{preview}");
    assert!(
        std::fs::read_to_string(server.path(PAGE_FILE))
            .unwrap()
            .contains("Original text")
    );
}

#[test]
fn pages_get_an_edit_link_only_under_edit() {
    let server = edit_server();
    let html = get(&server.url, "/guide/first/").text();
    assert!(
        html.contains("<a class=\"careerguide-edit-link\" href=\"/__careerguide/edit?page=guide%2Ffirst%2Findex%2Ehtml\">Edit this page</a>"),
        "{html}"
    );
    let edit = get(
        &server.url,
        "/__careerguide/edit?page=guide%2Ffirst%2Findex.html",
    );
    assert_eq!(edit.status, 200);
    assert!(edit.text().contains("data-id=\"guide/01-first.md\""));
    assert!(
        !edit.text().contains("Original text"),
        "the page's text comes only with the token"
    );
    assert!(
        edit.header("content-security-policy")
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(
        get(&server.url, "/__careerguide/edit?page=search%2Findex.html").status,
        404
    );

    let plain = Server::start("serve-site", &[]);
    assert!(
        !get(&plain.url, "/guide/first/")
            .text()
            .contains("Edit this page")
    );
    assert_eq!(
        get(
            &plain.url,
            "/__careerguide/edit/api/page?id=guide/01-first.md"
        )
        .status,
        404
    );
}

#[test]
fn saves_are_rate_limited() {
    let server = edit_server();
    let mut opened = json(&page(&server, PAGE));
    let f = fields(&opened);
    let mut limited = None;
    for i in 0..=careerguide::serve::MAX_SAVES {
        let r = post(
            &server,
            "save",
            &serde_json::json!({ "id": PAGE, "fields": f, "body": format!("Save {i}.\n"), "version": opened["version"] }),
        );
        if r.status == 429 {
            limited = Some(i);
            assert!(r.header("retry-after").is_some());
            break;
        }
        assert_eq!(r.status, 200, "{}", r.text());
        opened = json(&r);
    }
    assert_eq!(limited, Some(careerguide::serve::MAX_SAVES));
    let kept = std::fs::read_dir(server.path("edit-history/guide/01-first.md"))
        .unwrap()
        .count();
    assert_eq!(
        kept,
        careerguide::serve::MAX_VERSIONS,
        "the history is bounded"
    );
}

#[test]
fn a_bundled_page_is_copied_into_the_local_layer_first() {
    let server = Server::start_with("serve-site", &["--edit"], |root| {
        let config = root.join("config.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}local: local\n")).unwrap();
        std::fs::create_dir_all(root.join("local/content")).unwrap();
    });
    let opened = json(&page(&server, PAGE));
    assert_eq!(opened["localCopy"], "local/content/guide/01-first.md");
    let draft = serde_json::json!({ "id": PAGE, "fields": fields(&opened), "body": "Ours.\n", "version": opened["version"] });
    let r = post(&server, "save", &draft);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(json(&r)["needsOverride"], true);
    let mut with = draft.clone();
    with["override"] = serde_json::json!(true);
    let r = post(&server, "save", &with);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(json(&r)["copied"], "local/content/guide/01-first.md");
    assert!(
        std::fs::read_to_string(server.path("local/content/guide/01-first.md"))
            .unwrap()
            .ends_with("Ours.\n")
    );
    assert!(
        std::fs::read_to_string(server.path(PAGE_FILE))
            .unwrap()
            .contains("Original text"),
        "the bundled file is untouched"
    );
    assert!(
        std::fs::read_to_string(server.path("local/overrides.yaml"))
            .unwrap()
            .contains("content/guide/01-first.md")
    );
    // From now on the page is the layer's.
    let again = json(&page(&server, PAGE));
    assert_eq!(again["file"], "local/content/guide/01-first.md");
    assert!(again["localCopy"].is_null());
}

#[test]
fn edit_refuses_to_listen_beyond_this_computer() {
    let out = std::process::Command::new(editing::bin())
        .args([
            "serve", "--edit", "--bind", "0.0.0.0", "--port", "0", "--root",
        ])
        .arg(editing::fixture_dir("serve-site"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--edit only works on this computer"), "{err}");
}

#[test]
fn a_new_case_study_is_made_from_the_template_as_a_draft_and_opens_in_the_editor() {
    let server = edit_server();
    let r = post(
        &server,
        "new",
        &serde_json::json!({ "what": "case-study", "name": "Priya Shah" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let made = json(&r);
    assert_eq!(made["created"], "content/case-studies/priya-shah.md");
    assert_eq!(made["id"], "case-studies/priya-shah.md");
    let edit = get(&server.url, made["edit"].as_str().unwrap());
    assert_eq!(edit.status, 200, "{}", edit.text());
    assert!(
        edit.text()
            .contains("data-id=\"case-studies/priya-shah.md\"")
    );
    let opened = json(&page(&server, "case-studies/priya-shah.md"));
    let f = fields(&opened);
    assert_eq!(f["draft"], "true");
    assert_eq!(f["person"], "Priya Shah");
    // A draft is previewed as it will be published.
    let r = post(
        &server,
        "preview",
        &serde_json::json!({ "id": "case-studies/priya-shah.md", "fields": f, "body": opened["body"] }),
    );
    let preview = json(&r);
    assert!(
        preview["preview"].is_string() || !preview["problems"].as_array().unwrap().is_empty(),
        "{preview}"
    );
    // The same name again: scaffold's refusal, in its words; nothing is overwritten.
    let again = post(
        &server,
        "new",
        &serde_json::json!({ "what": "case-study", "name": "Priya Shah" }),
    );
    assert_eq!(again.status, 422, "{}", again.text());
    assert!(
        json(&again)["error"]
            .as_str()
            .unwrap()
            .contains("same address"),
        "{}",
        again.text()
    );
    for bad in [
        serde_json::json!({ "what": "script", "name": "x" }),
        serde_json::json!({ "what": "page", "name": "x", "section": "../../etc" }),
        serde_json::json!({ "what": "page", "name": "" }),
    ] {
        let r = post(&server, "new", &bad);
        assert!(
            r.status == 400 || r.status == 422,
            "{bad}: {} {}",
            r.status,
            r.text()
        );
    }
    assert!(!server.path("etc").exists() && !server.path("../etc").join("x.md").exists());
}

/// Pasting from Word: the HTML the clipboard holds comes back as Markdown, through the same
/// guard as every editing request (token, Origin, Host, Sec-Fetch-Site, JSON, size) and a
/// limit of its own; a paste too large or too deep is refused with words the edit page shows.
#[test]
fn pasted_html_becomes_markdown_through_the_editing_guard() {
    let server = edit_server();
    let t = token(&server);
    let word = std::fs::read_to_string(editing::fixture_dir("paste/word.html")).unwrap();
    let paste = serde_json::json!({ "html": word }).to_string();
    let path = "/__careerguide/edit/api/paste";

    let r = post(&server, "paste", &serde_json::json!({ "html": word }));
    assert_eq!(r.status, 200, "{}", r.text());
    let markdown = json(&r)["markdown"].as_str().unwrap().to_string();
    assert!(
        markdown.starts_with("## Planning your first research project\n\n"),
        "{markdown}"
    );
    for kept in [
        "**short internship**",
        "*fellowship*",
        "[NIHR website](https://www.nihr.ac.uk/)",
        "1. Talk to your line manager\n   1. Agree **protected time**\n2. Find a mentor",
        "- Keep a record of your training",
    ] {
        assert!(markdown.contains(kept), "{kept} not in {markdown}");
    }
    for dropped in ["mso", "<", "Calibri", "o:p", "&nbsp;", "file:"] {
        assert!(!markdown.contains(dropped), "{dropped} in {markdown}");
    }

    let json_type = ("Content-Type", "application/json");
    type Refusal<'a> = (&'a str, Vec<(&'a str, &'a str)>, u16);
    let refusals: Vec<Refusal> = vec![
        ("no token", vec![json_type], 403),
        (
            "a wrong token",
            vec![
                json_type,
                ("X-Careerguide-Token", "0123456789abcdef0123456789abcdef"),
            ],
            403,
        ),
        (
            "another site's Origin",
            vec![
                json_type,
                ("X-Careerguide-Token", &t),
                ("Origin", "https://evil.example"),
            ],
            403,
        ),
        (
            "Sec-Fetch-Site: cross-site",
            vec![
                json_type,
                ("X-Careerguide-Token", &t),
                ("Sec-Fetch-Site", "cross-site"),
            ],
            403,
        ),
        (
            "a foreign Host",
            vec![
                json_type,
                ("X-Careerguide-Token", &t),
                ("Host", "evil.example"),
            ],
            403,
        ),
        (
            "a form post (text/plain)",
            vec![("Content-Type", "text/plain"), ("X-Careerguide-Token", &t)],
            415,
        ),
    ];
    for (what, headers, status) in refusals {
        let r = request(&server, "POST", path, &headers, &paste);
        assert_eq!(r.status, status, "{what}: {}", r.text());
        assert!(!r.text().contains("Planning"), "{what} was converted");
    }

    let r = post(
        &server,
        "paste",
        &serde_json::json!({ "html": word, "path": "/etc/passwd" }),
    );
    assert_eq!(r.status, 400, "unknown request fields: {}", r.text());

    let large = "<p>x</p>".repeat(careerguide::serve::MAX_PASTE / 8 + 1);
    let r = post(&server, "paste", &serde_json::json!({ "html": large }));
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(
        json(&r)["error"].as_str().unwrap().contains("1 MB"),
        "{}",
        r.text()
    );

    let deep = format!("{}x", "<div>".repeat(10_000));
    let r = post(&server, "paste", &serde_json::json!({ "html": deep }));
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        json(&r)["error"].as_str().unwrap().contains("nested"),
        "{}",
        r.text()
    );

    // The limit counts the pastes converted or refused for depth (2 so far).
    let mut limited = None;
    for i in 2..=careerguide::serve::MAX_PASTES {
        let r = post(&server, "paste", &serde_json::json!({ "html": "<b>x</b>" }));
        if r.status == 429 {
            limited = Some(i);
            assert!(r.header("retry-after").is_some());
            break;
        }
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(json(&r)["markdown"], "**x**");
    }
    assert_eq!(limited, Some(careerguide::serve::MAX_PASTES));
    assert!(
        std::fs::read_to_string(server.path(PAGE_FILE))
            .unwrap()
            .contains("Original text"),
        "pasting writes nothing"
    );
}
