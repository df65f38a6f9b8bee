//! Readers' questions (tests/search_questions.yaml) against the search index the engine
//! really builds from the bundled content: each expected section must be in the top three.
//! And the browser client as the build ships it still answers like the Rust crate.

mod common;
#[path = "../crates/search/tests/support/parity.rs"]
mod parity;

use careerguide::{config::Config, content, render, search};
use careerguide_search::{BuildOptions, SearchIndex};
use serde::Deserialize;

#[derive(Deserialize)]
struct QuestionFile {
    questions: Vec<Question>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Question {
    q: String,
    expect: String,
    #[serde(default)]
    browser: bool,
}

#[test]
fn every_reader_question_finds_its_section_in_the_engine_index() {
    let root = common::repo();
    let text = std::fs::read_to_string(root.join("tests/search_questions.yaml")).unwrap();
    let questions: QuestionFile = serde_saphyr::from_str(&text).unwrap();
    assert!(questions.questions.len() >= 25);

    let config = Config::load(&root).unwrap();
    let site = content::load(&root, config).unwrap();
    let mut bodies = render::render_bodies(&site, &Default::default());
    let docs = search::documents(&site, &mut bodies);
    let abbreviations = search::abbreviations(&site);
    let index = SearchIndex::build(&docs, &abbreviations, BuildOptions::default());

    let mut failures = Vec::new();
    for q in &questions.questions {
        let hits = careerguide_search::search(&index, &q.q, 3);
        // The engine links to `…/index.html#x` (so results work from disk); questions
        // name the pretty address `…/#x`.
        let found = hits
            .iter()
            .any(|h| h.url.replace("index.html", "").starts_with(&q.expect));
        if !found {
            let got: Vec<&str> = hits.iter().map(|h| h.url.as_str()).collect();
            failures.push(format!(
                "{:?}: expected {} in top 3, got {got:?}",
                q.q, q.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The theme's search client minified as `careerguide build` ships it: a minifier bug that
/// changed a stem, a ranking or a snippet would pass the source's parity test
/// (crates/search/tests/js_parity.rs) and still break search for readers.
#[cfg(feature = "minify")]
#[test]
fn the_minified_browser_client_ranks_like_rust() {
    if !parity::node_or_skip("minified browser-client parity check") {
        return;
    }
    let root = common::repo();
    let file = "themes/default/static/js/search.js";
    let source = std::fs::read(root.join(file)).unwrap();
    let (minified, warning) = careerguide::minify::theme_file(file, source.clone());
    assert!(warning.is_none(), "search.js not minified: {warning:?}");
    assert!(
        minified.len() < source.len(),
        "search.js did not get smaller"
    );
    let out = tempfile::tempdir().unwrap();
    let client = out.path().join("search.js");
    std::fs::write(&client, &minified).unwrap();

    let config = Config::load(&root).unwrap();
    let site = content::load(&root, config).unwrap();
    let mut bodies = render::render_bodies(&site, &Default::default());
    let docs = search::documents(&site, &mut bodies);
    let abbreviations = search::abbreviations(&site);
    match parity::check(&root, &client, &docs, &abbreviations) {
        Ok(summary) => println!("minified {summary}"),
        Err(differences) => panic!("minified browser client differs from Rust:\n{differences}"),
    }
}
