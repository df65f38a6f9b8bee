//! Search benchmark (not a test): index size for the bundled guide and for generated
//! sites of 1 000 and 10 000 pages, the bytes a browser downloads for a first query,
//! and time per keystroke (Rust, and the JavaScript client under node when present).
//!
//! cargo bench -p careerguide-search --bench search [-- [--quick] [--out DIR]]
//! (--quick leaves out the 10 000-page site, which takes minutes on 2 cores)
//!
//! With --out, each site is written to DIR/<name>/ (index files, search.js, a search
//! page and one HTML page per generated page) for benches/search/compare.mjs, which
//! measures the same sites in Chromium side by side with Pagefind.

#[path = "../tests/support/content.rs"]
mod content;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use careerguide_search::{BuildOptions, DocKind, IndexFile, SearchDoc, SearchIndex, search, text};
use flate2::Compression;
use flate2::write::GzEncoder;

const QUERIES: &[&str] = &[
    "how do I get my post backfilled?",
    "what is an MRes?",
    "who is the RDS?",
    "mentoring scheme",
    "fellowship application",
    "research design service",
    "clinical academic career",
    "bakcfill",
];

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map_or(bytes.len(), |v| v.len())
}

/// Small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Words to write with: the guide's own words by frequency, then a long tail of
/// made-up words (names, places, drug and condition names on a real trust site),
/// drawn with a Zipf distribution.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(docs: &[SearchDoc], tail: usize, rng: &mut Rng) -> Self {
        let mut counts: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        for d in docs {
            for (s, e) in text::word_spans(&d.text) {
                *counts.entry(d.text[s..e].to_lowercase()).or_default() += 1;
            }
        }
        let mut words: Vec<(String, usize)> = counts.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut words: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
        const SYLLABLES: &[&str] = &[
            "ka", "lo", "mer", "tin", "sa", "vel", "dor", "ri", "an", "cho", "pa", "neth", "ul",
            "bri", "gan", "ste", "mo", "ra", "lin", "es", "tor", "fi", "ham", "wick", "ley", "ton",
            "ox", "zy", "quen", "dra",
        ];
        for _ in 0..tail {
            let n = 2 + rng.below(3);
            words.push(
                (0..n)
                    .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                    .collect(),
            );
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|r| {
                total += 1.0 / (r as f64).powf(1.05);
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        let i = self
            .cumulative
            .partition_point(|c| *c < x)
            .min(self.words.len() - 1);
        &self.words[i]
    }

    fn phrase(&self, rng: &mut Rng, n: usize, capitalise: bool) -> String {
        let mut s: Vec<String> = (0..n).map(|_| self.word(rng).to_owned()).collect();
        if capitalise && let Some(first) = s.first_mut() {
            let mut c = first.chars();
            *first = c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default();
        }
        s.join(" ")
    }

    fn paragraph(&self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::new();
        let mut left = words;
        while left > 0 {
            let n = (6 + rng.below(14)).min(left);
            left -= n;
            out.push_str(&self.phrase(rng, n, true));
            out.push_str(". ");
        }
        out.trim_end().to_owned()
    }
}

/// A generated site: one whole-page document and 3–7 sections per page.
fn generate(pages: usize, base: &[SearchDoc], seed: u64) -> Vec<SearchDoc> {
    let mut rng = Rng(seed);
    let vocab = Vocabulary::new(base, 20_000, &mut rng);
    let mut docs = Vec::new();
    for p in 0..pages {
        let n = 3 + rng.below(6);
        let title = vocab.phrase(&mut rng, n, true);
        let url = format!("pages/p{p:05}/");
        let n = 40 + rng.below(60);
        let text = vocab.paragraph(&mut rng, n);
        docs.push(SearchDoc {
            url: url.clone(),
            page_title: title.clone(),
            heading: None,
            text,
            kind: DocKind::Page,
        });
        let sections = 3 + rng.below(5);
        for s in 0..sections {
            let n = 2 + rng.below(5);
            let heading = vocab.phrase(&mut rng, n, true);
            let n = 80 + rng.below(220);
            let text = vocab.paragraph(&mut rng, n);
            docs.push(SearchDoc {
                url: format!("{url}#s{s}"),
                page_title: title.clone(),
                heading: Some(heading),
                text,
                kind: DocKind::Section,
            });
        }
    }
    docs
}

struct Sizes {
    files: usize,
    raw: usize,
    gz: usize,
    largest_gz: usize,
}

fn sizes(files: &[IndexFile]) -> Sizes {
    let gzs: Vec<usize> = files
        .iter()
        .map(|f| gzip_len(f.contents.as_bytes()))
        .collect();
    Sizes {
        files: files.len(),
        raw: files.iter().map(|f| f.contents.len()).sum(),
        gz: gzs.iter().sum(),
        largest_gz: gzs.iter().copied().max().unwrap_or(0),
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn p95(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get((v.len() * 95 / 100).min(v.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0)
}

/// Every prefix of every query, as typed.
fn keystrokes() -> Vec<String> {
    QUERIES
        .iter()
        .flat_map(|q| {
            let chars: Vec<char> = q.chars().collect();
            (1..=chars.len()).map(move |n| chars[..n].iter().collect::<String>())
        })
        .collect()
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn write_site(
    dir: &Path,
    docs: &[SearchDoc],
    files: &[IndexFile],
    html_pages: bool,
) -> std::io::Result<()> {
    let root = content::repo_root();
    std::fs::create_dir_all(dir.join("search"))?;
    std::fs::create_dir_all(dir.join("assets/js"))?;
    for f in files {
        std::fs::write(dir.join(&f.path), &f.contents)?;
    }
    std::fs::copy(
        root.join("themes/default/static/js/search.js"),
        dir.join("assets/js/search.js"),
    )?;
    std::fs::write(
        dir.join("search/index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Search</title>\
         <script src=\"../assets/js/search.js\" data-root=\"../\" defer></script></head><body>\
         <form id=\"search-page-form\" role=\"search\"><label for=\"search-page-input\">Search</label>\
         <input type=\"search\" id=\"search-page-input\" name=\"q\"></form>\
         <div id=\"search-results\" data-none=\"No results\" data-one=\"1 result\" \
         data-many=\"{n} results\" data-top=\"Top {n} results\" data-failed=\"Failed\">\
         <p role=\"status\" aria-live=\"polite\"></p><ol></ol></div></body></html>\n",
    )?;
    if html_pages {
        // The same pages as HTML, for Pagefind to index.
        let mut by_page: std::collections::BTreeMap<&str, Vec<&SearchDoc>> =
            std::collections::BTreeMap::new();
        for d in docs {
            by_page
                .entry(d.url.split('#').next().unwrap_or(""))
                .or_default()
                .push(d);
        }
        for (path, parts) in by_page {
            let mut html = String::from(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>",
            );
            html.push_str(&escape(&parts[0].page_title));
            html.push_str("</title></head><body><main><h1>");
            html.push_str(&escape(&parts[0].page_title));
            html.push_str("</h1>");
            for d in parts {
                if let (Some(h), Some((_, anchor))) = (&d.heading, d.url.split_once('#')) {
                    html.push_str(&format!("<h2 id=\"{anchor}\">{}</h2>", escape(h)));
                }
                html.push_str(&format!("<p>{}</p>", escape(&d.text)));
            }
            html.push_str("</main></body></html>\n");
            let p = dir.join(path);
            std::fs::create_dir_all(&p)?;
            std::fs::write(p.join("index.html"), html)?;
        }
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn node_timing(dir: &Path) -> Option<String> {
    let script = content::repo_root().join("benches/search/node-timing.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(dir)
        .args(QUERIES)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out_dir: Option<PathBuf> = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let scratch = out_dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("careerguide-search-bench-{}", std::process::id()))
    });

    let (bundled, abbreviations) = content::bundled(&content::repo_root());
    let search_js = std::fs::read(content::repo_root().join("themes/default/static/js/search.js"))
        .unwrap_or_default();
    println!(
        "search.js: {} raw, {} gzip",
        kb(search_js.len()),
        kb(gzip_len(&search_js))
    );
    let search_js_gz = gzip_len(&search_js);

    let mut sites: Vec<(&str, Vec<SearchDoc>)> = vec![
        ("bundled", bundled.clone()),
        ("gen-1000", generate(1_000, &bundled, 0x5EED_0001)),
    ];
    if !args.iter().any(|a| a == "--quick") {
        sites.push(("gen-10000", generate(10_000, &bundled, 0x5EED_0002)));
    }
    println!();
    println!(
        "| site | docs | terms | build | files | index raw | index gzip | largest file gzip | first query: files | first query: gzip (index + search.js) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut timing_rows = Vec::new();
    for (name, docs) in &sites {
        let abbr = abbreviations.clone();
        let started = Instant::now();
        let index = SearchIndex::build(docs, &abbr, BuildOptions::default());
        let files = index.files();
        let build_ms = started.elapsed().as_secs_f64() * 1000.0;
        let s = sizes(&files);
        let by_path: std::collections::BTreeMap<&str, usize> = files
            .iter()
            .map(|f| (f.path.as_str(), gzip_len(f.contents.as_bytes())))
            .collect();
        let mut per_query: Vec<(usize, usize)> = QUERIES
            .iter()
            .map(|q| {
                let need = index.files_for_query(q, 10);
                (
                    need.len(),
                    need.iter()
                        .map(|p| by_path.get(p.as_str()).copied().unwrap_or(0))
                        .sum::<usize>(),
                )
            })
            .collect();
        per_query.sort_by_key(|x| x.1);
        let (mid_files, mid_bytes) = per_query[per_query.len() / 2];
        let (_, max_bytes) = per_query[per_query.len() - 1];
        println!(
            "| {name} | {} | {} | {build_ms:.0} ms | {} | {} | {} | {} | {mid_files} (median) | {} median, {} max |",
            index.doc_count(),
            index.term_count(),
            s.files,
            kb(s.raw),
            kb(s.gz),
            kb(s.largest_gz),
            kb(mid_bytes + search_js_gz),
            kb(max_bytes + search_js_gz),
        );

        // Time per keystroke, Rust.
        let mut times = Vec::new();
        for q in keystrokes() {
            let t = Instant::now();
            let hits = search(&index, &q, 10);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(hits);
        }
        let dir = scratch.join(name);
        let js = match write_site(&dir, docs, &files, out_dir.is_some() && *name != "bundled") {
            Ok(()) => node_timing(&dir).unwrap_or_else(|| "node not available".into()),
            Err(e) => format!("could not write site: {e}"),
        };
        timing_rows.push(format!(
            "| {name} | {:.3} ms | {:.3} ms | {js} |",
            median(&mut times.clone()),
            p95(&mut times)
        ));
    }
    println!();
    println!(
        "Time per keystroke ({} keystrokes: every prefix of {} queries), results ranked, top 10:",
        keystrokes().len(),
        QUERIES.len()
    );
    println!();
    println!(
        "| site | Rust median | Rust p95 | JS client under node (rank + snippets; excludes loading) |"
    );
    println!("|---|---|---|---|");
    for row in timing_rows {
        println!("{row}");
    }
    if out_dir.is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    } else {
        println!();
        println!("Sites written to {}", scratch.display());
    }
}
