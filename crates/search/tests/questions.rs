//! Readers' questions about the bundled guide (tests/search_questions.yaml): each
//! must bring its expected section into the top three results.

mod support;

use careerguide_search::{BuildOptions, SearchIndex, search};
use serde::Deserialize;
use support::content;

#[derive(Deserialize)]
struct QuestionFile {
    questions: Vec<Question>,
}

#[derive(Deserialize)]
struct Question {
    q: String,
    expect: String,
    #[serde(default)]
    #[allow(dead_code)]
    browser: bool,
}

const TOP: usize = 3;

fn questions() -> Vec<Question> {
    let path = content::repo_root().join("tests/search_questions.yaml");
    let text = std::fs::read_to_string(&path).expect("tests/search_questions.yaml reads");
    let file: QuestionFile =
        serde_saphyr::from_str(&text).expect("tests/search_questions.yaml parses");
    file.questions
}

#[test]
fn there_are_at_least_25_questions() {
    assert!(questions().len() >= 25);
}

#[test]
fn every_question_finds_its_section_in_the_top_three() {
    let (docs, abbreviations) = content::bundled(&content::repo_root());
    assert!(
        docs.len() > 20,
        "bundled content not found ({} docs)",
        docs.len()
    );
    let index = SearchIndex::build(&docs, &abbreviations, BuildOptions::default());
    let known: Vec<&str> = docs.iter().map(|d| d.url.as_str()).collect();
    let mut failures = Vec::new();
    for q in questions() {
        assert!(
            known.iter().any(|u| u.starts_with(&q.expect)),
            "{:?} expects {}, which is not in the content",
            q.q,
            q.expect
        );
        let hits = search(&index, &q.q, 10);
        let rank = hits.iter().position(|h| h.url.starts_with(&q.expect));
        let shown: Vec<String> = hits
            .iter()
            .take(5)
            .map(|h| format!("{} ({:.2})", h.url, h.score))
            .collect();
        println!(
            "{:>4}  {:<60}  {}",
            rank.map_or("-".into(), |r| (r + 1).to_string()),
            q.q,
            shown.join(" | ")
        );
        if rank.is_none_or(|r| r >= TOP) {
            failures.push(format!(
                "{:?}: want {} in top {TOP}, got {:?}",
                q.q, q.expect, shown
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} question(s) missed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
