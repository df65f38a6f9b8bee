//! `careerguide serve`, as an editor uses it: start it, open a page, save a file, see the
//! page change; break a page, keep seeing the last good site with the problem named; fix it.
//!
//! Every test copies a fixture to a temporary folder, starts the real binary on a free port
//! (`--port 0`, the address read from its output), talks plain HTTP to it, and kills it at
//! the end. Every wait has a timeout.

mod editing;

use std::time::Duration;

use editing::{Server, fixture, get, host_of, raw_get, raw_request};

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn saving_a_page_reloads_it_with_the_new_text() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    let status = events.next_named("status", WAIT);
    assert!(status.contains("\"ok\":true"), "{status}");

    let before = get(&server.url, "/guide/first/");
    assert_eq!(before.status, 200);
    assert!(
        before
            .text()
            .contains("Original text of the first section.")
    );
    assert!(
        before
            .text()
            .contains("<script src=\"/__careerguide/reload.js\" data-build=\"1\" data-page=\"guide/first/index.html\" defer></script></body>"),
        "the reload script is a file, added before </body>: {}",
        before.text()
    );
    assert!(!before.text().contains("<script>"), "no inline script");

    server.edit("content/guide/01-first.md", |t| {
        t.replace("Original text", "Edited text")
    });
    let reload = events.next_named("reload", WAIT);
    assert!(reload.contains("\"guide/first/index.html\""), "{reload}");
    let after = get(&server.url, "/guide/first/");
    assert!(
        after.text().contains("Edited text of the first section."),
        "{}",
        after.text()
    );
    server.wait_for_stderr("Rebuilt after content/guide/01-first.md changed", WAIT);
}

#[test]
fn the_search_index_follows_a_moment_after_the_page() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    let index = get(&server.url, "/search/index.js");
    assert_eq!(index.status, 200, "the first build includes the index");
    assert!(!index.text().contains("quokka"));

    server.edit("content/guide/01-first.md", |t| {
        t.replace("Original text", "Quokka text")
    });
    // The page is shown first; the index it feeds arrives in a reload of its own, which
    // only the search page (the one page that loaded the index) acts on.
    let page = events.next_named("reload", WAIT);
    assert!(page.contains("\"guide/first/index.html\""), "{page}");
    assert!(!page.contains("search/index.js"), "{page}");
    let index_reload = events.next_named("reload", WAIT);
    assert!(
        index_reload.contains("\"search/index.js\""),
        "{index_reload}"
    );
    assert!(
        get(&server.url, "/search/index.js")
            .text()
            .contains("quokka")
    );
    assert!(
        get(&server.url, "/guide/first/")
            .text()
            .contains("Quokka text"),
        "the page is not rolled back by the index"
    );
}

#[test]
fn a_save_that_changes_nothing_sends_no_reload() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    // Same bytes on the site: a comment the HTML does not show.
    server.edit("content/guide/02-second.md", |t| format!("{t}\n"));
    server.wait_for_stderr("nothing on the site changed", WAIT);
    assert_eq!(events.try_next(Duration::from_millis(300)), None);
}

#[test]
fn a_broken_page_keeps_the_last_good_site_and_names_the_file_and_line() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);

    // Line 3 of the file: a misspelt key.
    server.edit("content/guide/01-first.md", |t| {
        t.replace("summary: The first section.", "sumary: The first section.")
    });
    let error = events.next_named("build-error", WAIT);
    assert!(
        error.contains("\"file\":\"content/guide/01-first.md\""),
        "{error}"
    );
    assert!(error.contains("\"line\":3"), "{error}");
    assert!(
        error.contains("summary"),
        "the hint suggests the key: {error}"
    );

    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.text().contains("Original text of the first section."));

    // A page opened now learns about the problem too.
    let status = get(&server.url, "/__careerguide/status");
    assert!(status.text().contains("\"ok\":false"), "{}", status.text());
    assert!(
        status.text().contains("content/guide/01-first.md"),
        "{}",
        status.text()
    );
    let late = server.events();
    let first = late.next_named("status", WAIT);
    assert!(first.contains("\"line\":3"), "{first}");
    server.wait_for_stderr("content/guide/01-first.md:3", WAIT);

    // Fixing it clears the problem.
    server.edit("content/guide/01-first.md", |t| {
        t.replace("sumary: The first section.", "summary: The first section.")
    });
    let recovered = events.next_any(WAIT);
    assert!(
        recovered.0 == "ok" || recovered.0 == "reload",
        "{recovered:?}"
    );
    let status = get(&server.url, "/__careerguide/status");
    assert!(status.text().contains("\"ok\":true"), "{}", status.text());
    server.wait_for_stderr("Fixed: Rebuilt after", WAIT);
}

#[test]
fn a_site_broken_from_the_start_shows_the_problem_and_recovers() {
    let server = Server::start_with("serve-site", &[], |root| {
        let path = root.join("content/guide/02-second.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("title: Second section", "title: [oops")).unwrap();
    });
    let page = get(&server.url, "/guide/second/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("/__careerguide/reload.js"));
    let events = server.events();
    let status = events.next_named("status", WAIT);
    assert!(status.contains("\"ok\":false"), "{status}");
    assert!(status.contains("content/guide/02-second.md"), "{status}");

    server.edit("content/guide/02-second.md", |t| {
        t.replace("title: [oops", "title: Second section")
    });
    let reload = events.next_named("reload", WAIT);
    assert!(reload.contains("guide/second/index.html"), "{reload}");
    assert_eq!(get(&server.url, "/guide/second/").status, 200);
}

#[test]
fn config_changes_rebuild_every_page() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    server.edit("config.yaml", |t| {
        t.replace("title: Serve test site", "title: Renamed site")
    });
    let reload = events.next_named("reload", WAIT);
    for page in [
        "index.html",
        "guide/index.html",
        "guide/first/index.html",
        "guide/second/index.html",
        "404.html",
    ] {
        assert!(reload.contains(&format!("\"{page}\"")), "{page}: {reload}");
    }
    assert!(get(&server.url, "/").text().contains("Renamed site"));
}

#[test]
fn template_and_stylesheet_changes_reload_too() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);

    server.edit("themes/default/templates/base.html", |t| {
        t.replace("<main id=\"main\">", "<main id=\"main\" class=\"edited\">")
    });
    let reload = events.next_named("reload", WAIT);
    assert!(reload.contains("\"guide/first/index.html\""), "{reload}");
    assert!(
        get(&server.url, "/guide/first/")
            .text()
            .contains("class=\"edited\"")
    );

    server.edit("themes/default/static/css/site.css", |t| {
        format!("{t}main {{ color: navy; }}\n")
    });
    let reload = events.next_named("reload", WAIT);
    assert!(
        reload.contains("\"changed\":[\"assets/css/site.css\"]"),
        "only the stylesheet changed: {reload}"
    );
    assert!(
        get(&server.url, "/assets/css/site.css")
            .text()
            .contains("navy")
    );
}

#[test]
fn new_pages_appear_in_the_lists_that_show_them() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    server.write(
        "content/guide/03-third.md",
        "---\ntitle: Third section\n---\n\nNew words.\n",
    );
    let reload = events.next_named("reload", WAIT);
    assert!(reload.contains("\"guide/third/index.html\""), "{reload}");
    assert!(
        reload.contains("\"guide/index.html\""),
        "the guide's contents list it: {reload}"
    );
    assert!(get(&server.url, "/guide/").text().contains("Third section"));
}

#[test]
fn editor_swap_files_do_not_trigger_builds() {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    server.write("content/guide/.01-first.md.swp", "binary junk");
    server.write("content/guide/01-first.md~", "backup");
    assert_eq!(events.try_next(Duration::from_millis(500)), None);
    assert!(!server.stderr().contains("Rebuilt"), "{}", server.stderr());
}

#[test]
fn http_basics_content_types_404_head_redirects_and_no_caching() {
    let server = Server::start("serve-site", &[]);
    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));

    let css = get(&server.url, "/assets/css/site.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let svg = get(&server.url, "/assets/images/dot.svg");
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    let js = get(&server.url, "/__careerguide/reload.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("EventSource"));
    let css = get(&server.url, "/__careerguide/overlay.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));

    let missing = get(&server.url, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("This page is not here."),
        "the site's own 404 page"
    );
    assert!(missing.text().contains("/__careerguide/reload.js"));

    let moved = get(&server.url, "/guide");
    assert_eq!(moved.status, 307);
    assert_eq!(moved.header("location"), Some("/guide/"));

    let head = raw_get(&server.url, "HEAD /guide/first/ HTTP/1.1");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    let length: usize = head.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, page.body.len());

    let post = raw_get(&server.url, "POST /guide/first/ HTTP/1.1");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn traversal_never_reaches_files_outside_the_site() {
    let server = Server::start_with("serve-site", &[], |root| {
        std::fs::write(root.join("secret.txt"), "TOP SECRET").unwrap();
    });
    for path in [
        "/../secret.txt",
        "/../config.yaml",
        "/guide/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/..%2Fconfig.yaml",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/guide\\..\\..\\secret.txt",
        "//etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/content/guide/01-first.md",
        "/config.yaml",
        "/secret.txt",
    ] {
        let r = raw_get(&server.url, &format!("GET {path} HTTP/1.1"));
        assert!(
            [400, 403, 404].contains(&r.status),
            "{path} answered {}",
            r.status
        );
        let body = r.text();
        assert!(!body.contains("TOP SECRET"), "{path} leaked secret.txt");
        assert!(!body.contains("organisation:"), "{path} leaked config.yaml");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
    }
}

#[test]
fn listens_on_loopback_unless_told_otherwise_and_warns_when_not() {
    let server = Server::start("serve-site", &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert!(!server.stderr().contains("WARNING"));

    let open = Server::start("serve-site", &["--bind", "0.0.0.0"]);
    open.wait_for_stderr("WARNING: listening on 0.0.0.0 (not loopback)", WAIT);
}

#[test]
fn polling_mode_sees_saves_too() {
    let server = Server::start("serve-site", &["--poll"]);
    let events = server.events();
    events.next_named("status", WAIT);
    // The poller takes its first look in the background: let it, before saving.
    std::thread::sleep(Duration::from_millis(1200));
    server.edit("content/guide/01-first.md", |t| {
        t.replace("Original text", "Polled text")
    });
    events.next_named("reload", WAIT);
    assert!(
        get(&server.url, "/guide/first/")
            .text()
            .contains("Polled text")
    );
}

#[test]
fn a_save_nested_two_thousand_deep_is_a_build_problem_not_a_crash() {
    // 2 000 nested `>` overflowed the stack and took the whole preview down.
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    server.edit("content/guide/01-first.md", |t| {
        format!("{t}\n{}deep\n", "> ".repeat(2000))
    });
    let error = events.next_named("build-error", WAIT);
    assert!(
        error.contains("nested more than 100 levels deep"),
        "{error}"
    );
    assert!(
        error.contains("\"file\":\"content/guide/01-first.md\""),
        "{error}"
    );
    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200, "the preview is still up");
}

// ---- Hardening: who may ask, what policy pages get, bounded connections, caught panics ----

#[test]
fn requests_addressed_to_other_host_names_are_refused() {
    let server = Server::start("serve-site", &[]);
    let port = host_of(&server.url).rsplit_once(':').unwrap().1.to_string();
    // A page on evil.example whose name now points at 127.0.0.1 (DNS rebinding).
    let rebound = raw_request(
        &server.url,
        &format!("GET /guide/first/ HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close"),
    );
    assert_eq!(rebound.status, 421);
    assert!(
        rebound
            .text()
            .contains("only answers requests addressed to this computer"),
        "{}",
        rebound.text()
    );
    assert!(
        !rebound.text().contains("Original text"),
        "{}",
        rebound.text()
    );
    let status = raw_request(
        &server.url,
        &format!(
            "GET /__careerguide/status HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close"
        ),
    );
    assert_eq!(status.status, 421);
    let no_host = raw_request(&server.url, "GET /guide/first/ HTTP/1.0");
    assert_eq!(no_host.status, 421, "{}", no_host.text());

    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "[::1]".into(),
    ] {
        let r = raw_request(
            &server.url,
            &format!("GET /guide/first/ HTTP/1.1\r\nHost: {host}\r\nConnection: close"),
        );
        assert_eq!(r.status, 200, "{host}");
    }
}

#[test]
fn build_status_and_events_are_not_readable_by_other_sites() {
    let server = Server::start("serve-site", &[]);
    let host = host_of(&server.url);
    for path in ["/__careerguide/status", "/__careerguide/events"] {
        for header in [
            "Origin: https://evil.example",
            "Sec-Fetch-Site: cross-site",
            "Origin: null",
        ] {
            let r = raw_request(
                &server.url,
                &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{header}\r\nConnection: close"),
            );
            assert_eq!(r.status, 403, "{path} with {header}");
            assert!(!r.text().contains("\"build\""), "{}", r.text());
        }
    }
    let own = raw_request(
        &server.url,
        &format!(
            "GET /__careerguide/status HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nSec-Fetch-Site: same-origin\r\nConnection: close"
        ),
    );
    assert_eq!(own.status, 200);
    assert!(own.text().contains("\"build\""), "{}", own.text());
    assert_eq!(own.header("access-control-allow-origin"), None);
    assert_eq!(
        own.header("cross-origin-resource-policy"),
        Some("same-origin")
    );
}

#[test]
fn pages_are_previewed_under_their_themes_policy_sent_as_a_header() {
    let server = Server::start("serve-site", &[]);
    let page = get(&server.url, "/guide/first/");
    // tests/fixtures/test-theme's <meta http-equiv="Content-Security-Policy">.
    assert_eq!(
        page.header("content-security-policy"),
        Some("default-src 'self'; connect-src 'self'")
    );
    let missing = get(&server.url, "/no/such/page/");
    assert_eq!(
        missing.header("content-security-policy"),
        Some("default-src 'self'; connect-src 'self'")
    );

    // A theme without the tag is previewed under the default theme's policy.
    let bare = Server::start_with("serve-site", &[], |root| {
        let base = root.join("themes/default/templates/base.html");
        let text = std::fs::read_to_string(&base).unwrap();
        let without: String = text
            .lines()
            .filter(|l| !l.contains("Content-Security-Policy"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_ne!(text, without);
        std::fs::write(&base, without).unwrap();
    });
    let page = get(&bare.url, "/guide/first/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-security-policy"),
        Some(careerguide::serve::DEFAULT_POLICY)
    );
    let svg = get(&bare.url, "/assets/images/dot.svg");
    assert_eq!(
        svg.header("content-security-policy"),
        Some(careerguide::serve::DEFAULT_POLICY)
    );
}

#[test]
fn hundreds_of_idle_connections_do_not_stop_the_preview() {
    use std::io::Read;
    use std::net::TcpStream;
    let server = Server::start_in_env(
        fixture("serve-site"),
        &[],
        &[(careerguide::serve::MAX_CONNECTIONS_VAR, "16")],
    );
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(host_of(&server.url)).expect("connect"))
        .collect();
    // The preview answers at once, idle connections or not.
    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Original text of the first section."));
    // The oldest idle ones were closed to make room (they read end-of-file).
    let mut first = idle[0].try_clone().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(
        matches!(first.read(&mut buf), Ok(0)),
        "the oldest idle connection is closed (end of file, not a read timeout)"
    );
    // Still answering, and still rebuilding.
    let events = server.events();
    events.next_named("status", WAIT);
    server.edit("content/guide/01-first.md", |t| {
        t.replace("Original text", "Edited text")
    });
    events.next_named("reload", WAIT);
    drop(idle);
}

#[test]
fn a_request_whose_headers_never_finish_is_cut_off() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let server = Server::start_in_env(
        fixture("serve-site"),
        &[],
        &[(careerguide::serve::HEADER_TIMEOUT_VAR, "300")],
    );
    let mut slow = TcpStream::connect(host_of(&server.url)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        slow,
        "GET /guide/first/ HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
        host_of(&server.url)
    )
    .unwrap();
    let mut answer = Vec::new();
    // Closed by the server (with or without a 408), long before the 10 s read timeout.
    let read = slow.read_to_end(&mut answer);
    assert!(
        read.is_ok(),
        "the server never closed the connection: {read:?}"
    );
    assert!(!String::from_utf8_lossy(&answer).contains("Original text"));
    let mut idle = TcpStream::connect(host_of(&server.url)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    assert!(
        idle.read_to_end(&mut Vec::new()).is_ok(),
        "an idle connection is closed too"
    );
    assert_eq!(get(&server.url, "/guide/first/").status, 200);
}

#[test]
fn a_panic_during_a_rebuild_is_shown_as_a_build_problem_and_the_site_stays_up() {
    let server = Server::start_in_env(
        fixture("serve-site"),
        &[],
        &[(careerguide::serve::PANIC_FAILPOINT, "panic-now")],
    );
    let events = server.events();
    events.next_named("status", WAIT);
    server.write("panic-now", "");
    server.edit("content/guide/01-first.md", |t| {
        t.replace("Original text", "Edited text")
    });
    let error = events.next_named("build-error", WAIT);
    assert!(error.contains("stopped unexpectedly"), "{error}");
    assert!(error.contains("the build panics on purpose"), "{error}");
    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(page.text().contains("Original text of the first section."));
    server.wait_for_stderr("Build failed after content/guide/01-first.md changed", WAIT);

    std::fs::remove_file(server.path("panic-now")).unwrap();
    server.edit("content/guide/01-first.md", |t| {
        t.replace("Edited text", "Mended text")
    });
    events.next_named("reload", WAIT);
    assert!(
        get(&server.url, "/guide/first/")
            .text()
            .contains("Mended text")
    );
}

// ---- Upgrades and folders: watches that die with their folder come back ----

/// Waits until `path` on the preview answers with `needle` in its text.
fn wait_for_text(server: &Server, path: &str, needle: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let page = get(&server.url, path);
        if page.status == 200 && page.text().contains(needle) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} never showed {needle:?} (status {}); stderr:\n{}",
            page.status,
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The upgrade step of docs/upgrading.md, with `serve` running: delete `content/` and
/// `themes/default/`, copy the new release's in. The preview lost its watches with the
/// folders: every page said "there is no content folder" until restarted, saves were
/// ignored and new pages answered 404.
fn upgrade_with_serve_running(replaced: &[&str]) {
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    // The new release: the same folders with a corrected page.
    let release = tempfile::tempdir().unwrap();
    for dir in replaced {
        editing::copy_dir(&server.path(dir), &release.path().join(dir));
    }
    let page = release.path().join("content/guide/01-first.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Original text", "Released text")).unwrap();

    for dir in replaced {
        std::fs::remove_dir_all(server.path(dir)).unwrap();
    }
    for dir in replaced {
        editing::copy_dir(&release.path().join(dir), &server.path(dir));
    }
    wait_for_text(
        &server,
        "/guide/first/",
        "Released text of the first section.",
    );
    let status = get(&server.url, "/__careerguide/status");
    assert!(status.text().contains("\"ok\":true"), "{}", status.text());

    // Edits after the upgrade reload the page.
    server.edit("content/guide/01-first.md", |t| {
        t.replace("Released text", "Edited text")
    });
    wait_for_text(
        &server,
        "/guide/first/",
        "Edited text of the first section.",
    );
    // New pages appear.
    server.write(
        "content/guide/03-third.md",
        "---\ntitle: Third section\n---\n\nNew words after the upgrade.\n",
    );
    wait_for_text(&server, "/guide/third/", "New words after the upgrade.");
    wait_for_text(&server, "/guide/", "Third section");
    // The theme is watched again too.
    server.edit("themes/default/templates/base.html", |t| {
        t.replace(
            "<main id=\"main\">",
            "<main id=\"main\" class=\"upgraded\">",
        )
    });
    wait_for_text(&server, "/guide/first/", "class=\"upgraded\"");
}

#[test]
fn the_upgrade_step_with_serve_running_keeps_the_preview_live() {
    upgrade_with_serve_running(&["content", "themes/default"]);
}

#[test]
fn whole_watched_folders_deleted_and_copied_back_are_watched_again() {
    upgrade_with_serve_running(&["content", "themes"]);
}

#[test]
fn a_page_replaced_by_a_folder_of_the_same_name_is_removed() {
    // `rm page.md && mkdir page.md` left the stale page served with status ok.
    let server = Server::start("serve-site", &[]);
    let events = server.events();
    events.next_named("status", WAIT);
    server.write(
        "content/guide/03-third.md",
        "---\ntitle: Third section\n---\n\nSoon a folder.\n",
    );
    wait_for_text(&server, "/guide/third/", "Soon a folder.");
    let page = server.path("content/guide/03-third.md");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir(&page).unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    while get(&server.url, "/guide/third/").status != 404 {
        assert!(
            std::time::Instant::now() < deadline,
            "the removed page is still served; stderr:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!get(&server.url, "/guide/").text().contains("Third section"));
}

#[test]
fn hundreds_of_open_event_streams_do_not_lock_out_page_requests() {
    // 256 open live-reload streams (each one busy with a request, so never closed to make
    // room) locked out every other request. Streams have their own, smaller cap now; the
    // oldest is dropped first.
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    let server = Server::start_in_env(
        fixture("serve-site"),
        &[],
        &[
            (careerguide::serve::MAX_CONNECTIONS_VAR, "16"),
            (careerguide::serve::MAX_EVENT_STREAMS_VAR, "4"),
        ],
    );
    let host = host_of(&server.url);
    let open_stream = || {
        let mut s = TcpStream::connect(&host).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /__careerguide/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(s);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.contains(" 200 "), "{status}");
        reader
    };
    let mut streams: Vec<_> = (0..40).map(|_| open_stream()).collect();
    // A page answers at once, streams or not.
    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Original text of the first section."));
    // The oldest streams were closed to make room (end of file, not a read timeout); the
    // newest is still open and still told about saves.
    let mut rest = Vec::new();
    assert!(
        streams[0].read_to_end(&mut rest).is_ok(),
        "the oldest stream is closed"
    );
    server.edit("content/guide/01-first.md", |t| {
        t.replace("Original text", "Edited text")
    });
    let newest = streams.last_mut().unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    let mut line = String::new();
    while !line.contains("reload") {
        assert!(std::time::Instant::now() < deadline, "no reload event");
        line.clear();
        newest
            .read_line(&mut line)
            .expect("the newest stream is open");
    }
    drop(streams);
}

#[test]
fn the_preview_reports_the_problems_check_reports_warnings_included() {
    // The preview built with its own address as base_url, so an untouched project got
    // "1 warning" (a published site without a contact) that `check` never reported.
    let root = fixture("serve-site");
    let check = std::process::Command::new(editing::bin())
        .args(["check", "--root"])
        .arg(root.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout).to_string()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(said.contains("No problems found"), "{said}");
    let server = Server::start_in(root, &[]);
    server.wait_for_stderr("Built 7 pages", WAIT);
    assert!(!server.stderr().contains("warning"), "{}", server.stderr());
    let status = get(&server.url, "/__careerguide/status").text();
    assert!(status.contains("\"warnings\":[]"), "{status}");
    // Nothing is published from the preview's address (build makes no sitemap without
    // base_url either), but the 404 page's links still start there.
    assert_eq!(get(&server.url, "/sitemap.xml").status, 404);
    let missing = get(&server.url, "/no/such/page/").text();
    assert!(
        missing.contains(&format!("href=\"{}", server.url)),
        "{missing}"
    );

    // A warning `check` reports reaches open pages with the status, file and line.
    let events = server.events();
    events.next_named("status", WAIT);
    server.edit("content/guide/01-first.md", |t| {
        t.replace(
            "summary: The first section.",
            "summary: The first section.\nreviewed: 2020-01-01",
        )
    });
    // The page's bytes do not change: an "ok" carries the warnings to open pages.
    let ok = events.next_named("ok", WAIT);
    assert!(ok.contains("due for review"), "{ok}");
    let status = get(&server.url, "/__careerguide/status").text();
    assert!(status.contains("\"ok\":true"), "{status}");
    assert!(
        status.contains(
            "\"warnings\":[{\"severity\":\"warning\",\"file\":\"content/guide/01-first.md\""
        ),
        "{status}"
    );
    // …and goes when fixed.
    server.edit("content/guide/01-first.md", |t| {
        t.replace("\nreviewed: 2020-01-01", "")
    });
    let ok = events.next_named("ok", WAIT);
    assert!(ok.contains("\"warnings\":[]"), "{ok}");
    assert!(
        get(&server.url, "/__careerguide/status")
            .text()
            .contains("\"warnings\":[]")
    );
}

#[test]
fn a_template_that_never_ends_is_stopped_named_and_the_next_save_recovers() {
    // Loops inside loops in a template grew serve's memory by ~20 MB a second, the status
    // stayed ok, and later saves, the fix included, were ignored.
    let server = Server::start_in_env(
        fixture("serve-site"),
        &[],
        &[(careerguide::render::MAX_PAGE_BYTES_VAR, "1000000")],
    );
    let events = server.events();
    events.next_named("status", WAIT);
    let endless = "{% for a in range(end=100000) %}{% for b in range(end=100000) %}<p>again</p>{% endfor %}{% endfor %}";
    server.edit("themes/default/templates/base.html", |t| {
        t.replace(
            "<main id=\"main\">",
            &format!("<main id=\"main\">{endless}"),
        )
    });
    let error = events.next_named("build-error", WAIT);
    assert!(
        error.contains("went on for more than 1000000 bytes of HTML"),
        "{error}"
    );
    assert!(
        error.contains("\"file\":\"themes/default/templates/"),
        "{error}"
    );
    assert!(error.contains("content/guide/01-first.md"), "{error}");
    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(!page.text().contains("again"));

    server.edit("themes/default/templates/base.html", |t| {
        t.replace(endless, "")
    });
    let recovered = events.next_any(WAIT);
    assert!(
        recovered.0 == "ok" || recovered.0 == "reload",
        "{recovered:?}"
    );
    let status = get(&server.url, "/__careerguide/status");
    assert!(status.text().contains("\"ok\":true"), "{}", status.text());
}

#[test]
fn a_template_loop_that_writes_nothing_is_given_up_on_and_the_next_save_recovers() {
    // Loops that write nothing never reach the bounded writer: the render ran for ever, the
    // rebuild never ended, and later saves, the fix included, were ignored. Now the render
    // is given up on at its time (lowered to 1 second here) and serve goes on.
    let server = Server::start_in_env(
        fixture("serve-site"),
        &[],
        &[(careerguide::render::MAX_PAGE_TIME_VAR, "1")],
    );
    let events = server.events();
    events.next_named("status", WAIT);
    let endless =
        "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% endfor %}{% endfor %}";
    server.edit("themes/default/templates/base.html", |t| {
        t.replace(
            "<main id=\"main\">",
            &format!("<main id=\"main\">{endless}"),
        )
    });
    let error = events.next_named("build-error", WAIT);
    assert!(
        error.contains("went on for longer than 1 second"),
        "{error}"
    );
    assert!(
        error.contains("\"file\":\"themes/default/templates/"),
        "{error}"
    );
    let page = get(&server.url, "/guide/first/");
    assert_eq!(page.status, 200, "the last good site is still served");

    server.edit("themes/default/templates/base.html", |t| {
        t.replace(endless, "<p>fixed now</p>")
    });
    let recovered = events.next_any(WAIT);
    assert!(
        recovered.0 == "ok" || recovered.0 == "reload",
        "{recovered:?}"
    );
    let status = get(&server.url, "/__careerguide/status");
    assert!(status.text().contains("\"ok\":true"), "{}", status.text());
    assert!(
        get(&server.url, "/guide/first/")
            .text()
            .contains("fixed now")
    );
}
