//! The browser client must analyse and rank exactly like the Rust crate. This writes
//! the bundled site's index, runs `js_parity.mjs` under node with the same queries,
//! stems and tokens, and compares. Skipped (with a message) when node is missing.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

use careerguide_search::text::{self, STOP_WORDS};
use careerguide_search::{BuildOptions, SearchIndex, search};
use serde_json::json;
use support::content;

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every word of the bundled content plus words that exercise each stemmer rule.
fn words_to_stem(docs: &[careerguide_search::SearchDoc]) -> BTreeSet<String> {
    let mut words: BTreeSet<String> = docs
        .iter()
        .flat_map(|d| {
            [
                d.page_title.as_str(),
                d.heading.as_deref().unwrap_or(""),
                d.text.as_str(),
            ]
        })
        .flat_map(|t| {
            text::word_spans(t)
                .into_iter()
                .map(move |(s, e)| text::fold(&t[s..e]))
        })
        .collect();
    for w in [
        "caresses",
        "ponies",
        "ties",
        "cats",
        "gas",
        "gaps",
        "kiwis",
        "agreed",
        "feed",
        "hoping",
        "hopping",
        "filing",
        "luxuriated",
        "conflated",
        "troubled",
        "sized",
        "fizzed",
        "failing",
        "happy",
        "cry",
        "by",
        "say",
        "relational",
        "conditional",
        "valenci",
        "hesitanci",
        "digitizer",
        "conformabli",
        "radicalli",
        "differentli",
        "vileli",
        "analogousli",
        "vietnamization",
        "predication",
        "operator",
        "feudalism",
        "decisiveness",
        "hopefulness",
        "callousness",
        "formaliti",
        "sensitiviti",
        "sensibiliti",
        "triplicate",
        "formative",
        "formalize",
        "electriciti",
        "electrical",
        "hopeful",
        "goodness",
        "revival",
        "allowance",
        "inference",
        "airliner",
        "gyroscopic",
        "adjustable",
        "defensible",
        "irritant",
        "replacement",
        "adjustment",
        "dependent",
        "adoption",
        "homologou",
        "communism",
        "activate",
        "angulariti",
        "effective",
        "bowdlerize",
        "probate",
        "rate",
        "cease",
        "controll",
        "roll",
        "generate",
        "generously",
        "communities",
        "arsenal",
        "skis",
        "skies",
        "dying",
        "lying",
        "tying",
        "idly",
        "gently",
        "ugly",
        "early",
        "only",
        "singly",
        "sky",
        "news",
        "howe",
        "atlas",
        "cosmos",
        "bias",
        "andes",
        "inning",
        "outing",
        "canning",
        "herring",
        "earring",
        "proceed",
        "exceed",
        "succeed",
        "youth",
        "boyish",
        "sayings",
        "yesterday",
        "eyes",
        "toying",
        "geology",
        "biology",
        "apology",
        "hesitantly",
        "logically",
        "fully",
        "needlessly",
        "meeting",
        "exceedingly",
        "bled",
        "sing",
        "ring",
        "speed",
        "stated",
        "abated",
        "agree",
        "agreements",
        "enquiring",
        "overlying",
        "crying",
        "spying",
        "mres",
        "phd",
        "nhs",
        "cpd",
        "a",
        "is",
        "an",
        "ox",
        "aye",
        "ayy",
        "yy",
        "qiyy",
        "backfilled",
        "back-filled",
        "upskill",
        "organisation",
        "universities",
    ] {
        words.insert(w.to_owned());
    }
    words
}

#[test]
fn browser_client_ranks_like_rust() {
    if !node_available() {
        eprintln!("node not found: skipping the browser-client parity check");
        return;
    }
    let root = content::repo_root();
    let (docs, abbreviations) = content::bundled(&root);
    let index = SearchIndex::build(&docs, &abbreviations, BuildOptions::default());
    let files = index.files();
    assert_eq!(files.len(), 1, "the bundled site should fit in one file");

    let dir =
        std::env::temp_dir().join(format!("careerguide-search-parity-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("search")).expect("temp dir");
    for f in &files {
        std::fs::write(dir.join(&f.path), &f.contents).expect("write index file");
    }

    let questions =
        std::fs::read_to_string(root.join("tests/search_questions.yaml")).expect("questions");
    let mut queries: Vec<String> = questions
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- q: ").map(str::to_owned))
        .collect();
    // Typing: every prefix of a few questions, as a reader types them.
    for q in [
        "how do I get my post backfilled?",
        "research design service",
        "mentorng",
        "what is an MRes?",
    ] {
        let chars: Vec<char> = q.chars().collect();
        queries.extend((1..=chars.len()).map(|n| chars[..n].iter().collect::<String>()));
    }
    queries.extend(
        [
            "RDS",
            "rds research",
            "ICA",
            "TCC",
            "CAHPR",
            "café",
            "R&D",
            "50%",
            "backfil",
            "bakcfill",
            "skills",
        ]
        .map(String::from),
    );
    let cases_queries: Vec<_> = queries
        .iter()
        .map(|q| {
            let hits = search(&index, q, 10);
            json!({
                "query": q,
                "urls": hits.iter().map(|h| h.url.clone()).collect::<Vec<_>>(),
                "scores": hits.iter().map(|h| h.score).collect::<Vec<_>>(),
            })
        })
        .collect();
    let stems: Vec<(String, String)> = words_to_stem(&docs)
        .into_iter()
        .map(|w| {
            let s = text::stem(&w);
            (w, s)
        })
        .collect();
    let token_texts = [
        "How do I get my post backfilled?",
        "Master’s of Research (MRes) — e.g. R&D’s “clinical-academic” roles",
        "Café naïve ÉCOLE 50% 2014/15",
        "don't won’t it's managers' staff’s",
    ];
    let tokens: Vec<(String, String)> = token_texts
        .iter()
        .map(|t| {
            let terms: Vec<String> = text::tokens(t)
                .into_iter()
                .map(|k| format!("{}@{}", k.term, k.pos))
                .collect();
            ((*t).to_owned(), terms.join(" "))
        })
        .collect();
    let cases = json!({ "stems": stems, "stop_words": STOP_WORDS, "tokens": tokens, "queries": cases_queries });
    let cases_path = dir.join("cases.json");
    std::fs::write(&cases_path, cases.to_string()).expect("write cases");

    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js_parity.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(&dir)
        .arg(&cases_path)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "browser client differs from Rust:\n{stdout}\n{stderr}"
    );
    println!("{}", stdout.lines().last().unwrap_or(""));
}
