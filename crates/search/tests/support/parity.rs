//! The browser client must analyse and rank exactly like this crate. [`check`] writes an
//! index built from the given documents and the Rust results for the same queries, stems
//! and tokens, then runs `js_parity.mjs` under node over a search client to compare.
//!
//! Shared by `tests/js_parity.rs` (the client's source) and the main crate's
//! `tests/search.rs` (the client as `careerguide build` minifies and ships it: the
//! minifier is in the main crate, which this one cannot depend on).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use careerguide_search::text::{self, STOP_WORDS};
use careerguide_search::{Abbreviation, BuildOptions, SearchDoc, SearchIndex, search};
use serde_json::json;

/// Whether node can run the client. When it cannot: under CI (`CI` set to anything but
/// empty, `0` or `false`) the test fails, because a skipped check must never count as a
/// pass there; elsewhere it says it is skipping `what` and returns false.
pub fn node_or_skip(what: &str) -> bool {
    if node_available() {
        return true;
    }
    let ci = std::env::var("CI")
        .is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"));
    assert!(
        !ci,
        "node not found, and CI is set: the {what} cannot be skipped in CI (install Node 20+)"
    );
    eprintln!("node not found: skipping the {what} (it would fail under CI=true)");
    false
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Every word of the bundled content plus words that exercise each stemmer rule.
fn words_to_stem(docs: &[SearchDoc]) -> BTreeSet<String> {
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

/// Runs `client` (a search.js) under node against this crate over `docs`, from the
/// repository at `repo`. `Ok` holds node's closing "N passed, N failed" line; `Err` all it
/// printed about the differences.
pub fn check(
    repo: &Path,
    client: &Path,
    docs: &[SearchDoc],
    abbreviations: &[Abbreviation],
) -> Result<String, String> {
    check_with(repo, client, docs, abbreviations, BuildOptions::default())
}

/// [`check`] against an index built with `options`: with the default options the bundled
/// site is one file; with small `single_file_bytes` and `chunk_bytes`, term shards and
/// document files, which the client must put back together (each document at its number).
pub fn check_with(
    repo: &Path,
    client: &Path,
    docs: &[SearchDoc],
    abbreviations: &[Abbreviation],
    options: BuildOptions,
) -> Result<String, String> {
    let one_file = options.single_file_bytes == BuildOptions::default().single_file_bytes;
    let index = SearchIndex::build(docs, abbreviations, options);
    let files = index.files();
    if one_file {
        assert_eq!(files.len(), 1, "the bundled site should fit in one file");
    } else {
        let chunks = files
            .iter()
            .filter(|f| f.path.starts_with("search/d-"))
            .count();
        assert!(
            chunks > 4,
            "{chunks} document files: the index should be split"
        );
    }

    // One directory per call: a test binary may check more than one client at once.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "careerguide-search-parity-{}-{call}",
        std::process::id()
    ));
    std::fs::create_dir_all(dir.join("search")).expect("temp dir");
    for f in &files {
        std::fs::write(dir.join(&f.path), &f.contents).expect("write index file");
    }

    let questions =
        std::fs::read_to_string(repo.join("tests/search_questions.yaml")).expect("questions");
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
    let stems: Vec<(String, String)> = words_to_stem(docs)
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

    let script = repo.join("crates/search/tests/js_parity.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(&dir)
        .arg(&cases_path)
        .arg(client)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(stdout.lines().last().unwrap_or("").to_owned())
    } else {
        Err(format!("{stdout}\n{stderr}"))
    }
}
