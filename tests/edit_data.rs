//! `careerguide serve --edit`: the glossary and resources forms, over plain HTTP. A new entry
//! goes at the end of its list with the file's comments and order kept; a changed entry has
//! only its changed lines replaced; the build's own checks refuse a bad value at its field;
//! the same guard (token, Origin), the conflict when the file changed, the version kept (and
//! restored by the name listed), and the local layer's copy for a project that has one.

mod editing;

use editing::{Response, Server, host_of, raw_request_with_body};

const GLOSSARY: &str = "# Abbreviations used in the guide.\nterms:\n  - term: RDS   # kept as written\n    expansion: Research Design Service\n\n# The end of the list.\n";
const RESOURCES: &str = "# Resources.\ngroups:\n  - title: Funding\n    items:\n      - name: NIHR\n        description: The research arm of the NHS.\n        url: https://www.nihr.ac.uk/\n  - title: Training\n    items:\n      - name: Courses\n        description: Local courses.\n";

fn server(local: bool) -> Server {
    Server::start_with("serve-site", &["--edit"], |root| {
        std::fs::write(root.join("content/glossary.yaml"), GLOSSARY).unwrap();
        std::fs::write(root.join("content/resources.yaml"), RESOURCES).unwrap();
        if local {
            let config = root.join("config.yaml");
            let text = std::fs::read_to_string(&config).unwrap();
            std::fs::write(&config, format!("{text}local: local\n")).unwrap();
            std::fs::create_dir_all(root.join("local/content")).unwrap();
        }
    })
}

fn request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\nHost: {}",
        body.len(),
        host_of(&server.url)
    );
    for (n, v) in headers {
        head.push_str(&format!("\r\n{n}: {v}"));
    }
    raw_request_with_body(&server.url, &head, body.as_bytes())
}

fn token(server: &Server) -> String {
    server.edit_token.clone().expect("an editing token")
}

fn json(r: &Response) -> serde_json::Value {
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.text()))
}

fn opened(server: &Server, which: &str) -> serde_json::Value {
    let t = token(server);
    let r = request(
        server,
        "GET",
        &format!("/__careerguide/edit/api/data?file={which}"),
        &[("X-Careerguide-Token", &t)],
        "",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    json(&r)
}

fn save(server: &Server, body: &serde_json::Value) -> Response {
    let t = token(server);
    request(
        server,
        "POST",
        "/__careerguide/edit/api/data/save",
        &[
            ("X-Careerguide-Token", &t),
            ("Content-Type", "application/json"),
            ("Origin", &format!("http://{}", host_of(&server.url))),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        &body.to_string(),
    )
}

fn read(server: &Server, rel: &str) -> String {
    std::fs::read_to_string(server.path(rel)).unwrap_or_default()
}

#[test]
fn a_new_term_is_added_at_the_end_with_the_files_comments_kept() {
    let server = server(false);
    let form = opened(&server, "glossary");
    assert_eq!(form["file"], "content/glossary.yaml");
    let keys: Vec<&str> = form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["term", "expansion", "description", "note", "added"]);
    assert_eq!(form["entries"][0]["key"], "RDS");
    let hostile = "Say \"yes\": it's #1 — !!str &a *b\nsecond line ✓";
    let r = save(
        &server,
        &serde_json::json!({
            "file": "glossary",
            "fields": { "term": "R&D", "expansion": "research and development", "description": hostile },
            "version": form["version"],
        }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let text = read(&server, "content/glossary.yaml");
    assert!(
        text.starts_with("# Abbreviations used in the guide.\nterms:\n  - term: RDS   # kept as written\n    expansion: Research Design Service\n  - term: R&D\n    expansion: research and development\n    description: "),
        "{text}"
    );
    assert!(text.ends_with("\n\n# The end of the list.\n"), "{text}");
    let again = opened(&server, "glossary");
    let added = again["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "R&D")
        .expect("the new term is listed");
    assert_eq!(added["values"]["description"], hostile);
    // The version it replaced is kept, as a page's is.
    assert_eq!(again["history"].as_array().unwrap().len(), 1);
    let kept = std::fs::read_dir(server.path("edit-history/content/glossary.yaml"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(std::fs::read_to_string(kept).unwrap(), GLOSSARY);
}

#[test]
fn the_builds_checks_refuse_a_bad_value_at_its_field_and_nothing_is_written() {
    let server = server(false);
    let form = opened(&server, "glossary");
    for (fields, field, says) in [
        (
            serde_json::json!({ "term": "RDS", "expansion": "again" }),
            "term",
            "`RDS` is defined twice",
        ),
        (
            serde_json::json!({ "term": "ABC" }),
            "expansion",
            "`expansion`",
        ),
    ] {
        let r = save(
            &server,
            &serde_json::json!({ "file": "glossary", "fields": fields, "version": form["version"] }),
        );
        assert_eq!(r.status, 422, "{}", r.text());
        let answer = json(&r);
        assert_eq!(answer["problems"][0]["field"], field, "{answer}");
        assert!(
            answer["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains(says),
            "{answer}"
        );
    }
    let resources = opened(&server, "resources");
    let r = save(
        &server,
        &serde_json::json!({ "file": "resources", "group": "Funding", "fields": { "name": "X", "description": "d", "url": "www.nihr.ac.uk" }, "version": resources["version"] }),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let answer = json(&r);
    assert_eq!(answer["problems"][0]["field"], "url", "{answer}");
    assert!(
        answer["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a full web address")
    );
    // A key the model does not have cannot be made.
    let r = save(
        &server,
        &serde_json::json!({ "file": "glossary", "fields": { "term": "A", "expansion": "B", "script": "x" }, "version": form["version"] }),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    let r = save(
        &server,
        &serde_json::json!({ "file": "../config.yaml", "fields": {}, "version": form["version"] }),
    );
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(read(&server, "content/glossary.yaml"), GLOSSARY);
    assert_eq!(read(&server, "content/resources.yaml"), RESOURCES);
    assert!(!server.path("edit-history").exists());
}

#[test]
fn a_resource_is_added_to_its_group_and_a_changed_one_keeps_the_rest() {
    let server = server(false);
    let form = opened(&server, "resources");
    assert_eq!(form["groups"][1]["title"], "Training");
    let r = save(
        &server,
        &serde_json::json!({ "file": "resources", "group": "Funding", "fields": { "name": "Trust fund", "description": "Our own: ask R&D." }, "version": form["version"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let version = json(&r)["version"].clone();
    let r = save(
        &server,
        &serde_json::json!({ "file": "resources", "group": "Funding", "entry": "NIHR", "fields": { "name": "NIHR", "description": "The research arm of the NHS.", "url": "https://www.nihr.ac.uk/", "note": "Renamed in 2022." }, "version": version }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        read(&server, "content/resources.yaml"),
        RESOURCES.replace(
            "        url: https://www.nihr.ac.uk/\n",
            "        url: https://www.nihr.ac.uk/\n        note: Renamed in 2022.\n      - name: Trust fund\n        description: \"Our own: ask R&D.\"\n"
        )
    );
}

#[test]
fn a_file_changed_since_the_form_opened_is_not_written_over() {
    let server = server(false);
    let form = opened(&server, "glossary");
    std::fs::write(
        server.path("content/glossary.yaml"),
        format!("{GLOSSARY}# changed elsewhere\n"),
    )
    .unwrap();
    let body = serde_json::json!({ "file": "glossary", "fields": { "term": "A", "expansion": "B" }, "version": form["version"] });
    let r = save(&server, &body);
    assert_eq!(r.status, 409, "{}", r.text());
    let answer = json(&r);
    assert_eq!(answer["conflict"], true);
    assert!(read(&server, "content/glossary.yaml").ends_with("# changed elsewhere\n"));
    let mut again = body.clone();
    again["version"] = answer["version"].clone();
    assert_eq!(save(&server, &again).status, 200);
    let text = read(&server, "content/glossary.yaml");
    assert!(
        text.contains("  - term: A\n") && text.ends_with("# changed elsewhere\n"),
        "{text}"
    );
}

#[test]
fn the_forms_need_the_token_and_the_previews_own_origin() {
    let server = server(false);
    let t = token(&server);
    let body =
        serde_json::json!({ "file": "glossary", "fields": { "term": "A", "expansion": "B" } })
            .to_string();
    for headers in [
        vec![("Content-Type", "application/json")],
        vec![
            ("X-Careerguide-Token", "0123456789abcdef0123456789abcdef"),
            ("Content-Type", "application/json"),
        ],
        vec![
            ("X-Careerguide-Token", t.as_str()),
            ("Content-Type", "application/json"),
            ("Origin", "https://evil.example"),
        ],
        vec![
            ("X-Careerguide-Token", t.as_str()),
            ("Content-Type", "application/json"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    ] {
        let r = request(
            &server,
            "POST",
            "/__careerguide/edit/api/data/save",
            &headers,
            &body,
        );
        assert_eq!(r.status, 403, "{headers:?}: {}", r.text());
    }
    let r = request(
        &server,
        "GET",
        "/__careerguide/edit/api/data?file=glossary",
        &[],
        "",
    );
    assert_eq!(r.status, 403);
    assert_eq!(read(&server, "content/glossary.yaml"), GLOSSARY);
    // The form page itself is a frame with no data in it, under the edit pages' policy.
    let page = request(
        &server,
        "GET",
        "/__careerguide/edit/data?file=resources",
        &[],
        "",
    );
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
}

#[test]
fn with_a_local_layer_entries_go_to_its_copy_and_the_bundled_file_is_untouched() {
    let server = server(true);
    let form = opened(&server, "glossary");
    assert_eq!(form["file"], "local/content/glossary.yaml");
    assert_eq!(form["local"], true);
    // A new term starts the layer's file.
    let r = save(
        &server,
        &serde_json::json!({ "file": "glossary", "fields": { "term": "R&D", "expansion": "research and development" }, "version": form["version"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let version = json(&r)["version"].clone();
    // Adding a term the guide has would silently replace it: refused at the field.
    let r = save(
        &server,
        &serde_json::json!({ "file": "glossary", "fields": { "term": "RDS", "expansion": "x" }, "version": version }),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(json(&r)["problems"][0]["field"], "term");
    // Changing the guide's term writes a copy that replaces it.
    let r = save(
        &server,
        &serde_json::json!({ "file": "glossary", "entry": "RDS", "fields": { "term": "RDS", "expansion": "Research Support Service" }, "version": version }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        read(&server, "local/content/glossary.yaml"),
        "# This site's own glossary terms, merged with the guide's (content/glossary.yaml): a term written\n# here replaces the guide's entry with the same term; any other is added.\n# An upgrade never changes this file. See docs/editing.md.\nterms:\n  - term: R&D\n    expansion: research and development\n  - term: RDS\n    expansion: Research Support Service\n"
    );
    assert_eq!(read(&server, "content/glossary.yaml"), GLOSSARY);
    let merged = opened(&server, "glossary");
    let rds = merged["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "RDS")
        .unwrap()
        .clone();
    assert_eq!(rds["values"]["expansion"], "Research Support Service");
    assert_eq!(rds["file"], "local/content/glossary.yaml");
    // A resource in a bundled group goes into a group of the same title in the layer.
    let resources = opened(&server, "resources");
    let r = save(
        &server,
        &serde_json::json!({ "file": "resources", "group": "Training", "fields": { "name": "Our courses", "description": "Ask R&D." }, "version": resources["version"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let merged = opened(&server, "resources");
    assert_eq!(merged["groups"][1]["items"][1]["key"], "Our courses");
    assert_eq!(read(&server, "content/resources.yaml"), RESOURCES);
}

/// POST to `api/<what>` with the right token.
fn post(server: &Server, what: &str, body: &serde_json::Value) -> Response {
    let t = token(server);
    request(
        server,
        "POST",
        &format!("/__careerguide/edit/api/{what}"),
        &[
            ("X-Careerguide-Token", &t),
            ("Content-Type", "application/json"),
        ],
        &body.to_string(),
    )
}

#[test]
fn a_preview_of_text_that_does_not_build_offers_the_last_good_page() {
    let server = server(false);
    let t = token(&server);
    let r = request(
        &server,
        "GET",
        "/__careerguide/edit/api/page?id=guide/01-first.md",
        &[("X-Careerguide-Token", &t)],
        "",
    );
    let opened = json(&r);
    let fields: serde_json::Map<String, serde_json::Value> = opened["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["key"].as_str().unwrap().to_string(), f["value"].clone()))
        .collect();
    let good = json(&post(
        &server,
        "preview",
        &serde_json::json!({ "id": "guide/01-first.md", "fields": fields, "body": "Good text.\n\n## Getting started\n" }),
    ));
    assert_eq!(good["stale"], false, "{good}");
    assert!(good["lastGood"].is_null());
    // A dead link stops the build: no preview of this text, but the site's last good page.
    let broken = json(&post(
        &server,
        "preview",
        &serde_json::json!({ "id": "guide/01-first.md", "fields": fields, "body": "Broken [link](../nowhere/).\n\n## Getting started\n" }),
    ));
    assert_eq!(broken["stale"], true, "{broken}");
    assert!(broken["preview"].is_null());
    let last = broken["lastGood"]
        .as_str()
        .unwrap_or_else(|| panic!("{broken}"));
    let shown = editing::get(&server.url, last);
    assert_eq!(shown.status, 200);
    assert!(shown.text().contains("Original text"), "{}", shown.text());
    assert!(
        broken["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["line"].is_u64()),
        "{broken}"
    );
}

#[test]
fn an_earlier_version_of_the_file_is_restored_by_the_name_listed() {
    let server = server(false);
    let form = opened(&server, "glossary");
    let r = save(
        &server,
        &serde_json::json!({ "file": "glossary", "fields": { "term": "A", "expansion": "B" }, "version": form["version"] }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let saved = json(&r);
    let name = saved["history"][0]["name"].as_str().unwrap().to_string();
    assert!(name.ends_with(".yaml"), "{name}");
    let restore = |name: &str, version: &serde_json::Value| {
        post(
            &server,
            "data/restore",
            &serde_json::json!({ "file": "glossary", "name": name, "version": version }),
        )
    };
    assert_eq!(restore("../../config.yaml", &saved["version"]).status, 404);
    assert_eq!(
        restore(&name, &form["version"]).status,
        409,
        "an old version of the file"
    );
    assert_eq!(
        read(&server, "content/glossary.yaml")
            .matches("term: A")
            .count(),
        1
    );
    let r = restore(&name, &saved["version"]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(read(&server, "content/glossary.yaml"), GLOSSARY);
    // The version it replaced (with the term) is kept in its turn.
    assert_eq!(json(&r)["history"].as_array().unwrap().len(), 2);
}
