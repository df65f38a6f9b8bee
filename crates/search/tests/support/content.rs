//! A small stand-in for the engine: turns the bundled content into SearchDocs by
//! splitting Markdown at `##`/`###` headings. Used by the question tests and the
//! benchmark until they are switched to the engine's own documents.

use std::fs;
use std::path::{Path, PathBuf};

use careerguide_search::{Abbreviation, DocKind, SearchDoc};
use serde::Deserialize;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(Deserialize)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Deserialize)]
struct Glossary {
    terms: Vec<GlossaryTerm>,
}

#[derive(Deserialize)]
struct GlossaryTerm {
    term: String,
    expansion: String,
    #[serde(default)]
    description: Option<String>,
}

/// A stage of content/pathway.yaml (the fields the engine indexes).
#[derive(Deserialize)]
struct Pathway {
    stages: Vec<PathwayStage>,
}

#[derive(Deserialize)]
struct PathwayStage {
    id: String,
    title: String,
    you_are: String,
    who: String,
    guide_name: String,
    current_name: String,
    #[serde(default)]
    also_known_as: Vec<String>,
    gives: String,
    how_long: String,
    next_step: String,
}

#[derive(Deserialize)]
struct Resources {
    groups: Vec<ResourceGroup>,
}

#[derive(Deserialize)]
struct ResourceGroup {
    items: Vec<ResourceItem>,
}

#[derive(Deserialize)]
struct ResourceItem {
    name: String,
    description: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    where_to_find: Option<String>,
}

/// Documents and abbreviations of the bundled site.
pub fn bundled(root: &Path) -> (Vec<SearchDoc>, Vec<Abbreviation>) {
    let content = root.join("content");
    let mut docs = Vec::new();
    for (dir, section, kind) in [
        ("guide", "guide", DocKind::Page),
        ("case-studies", "case-studies", DocKind::CaseStudy),
        ("checklists", "checklists", DocKind::Checklist),
    ] {
        for path in markdown_files(&content.join(dir)) {
            let slug = slug_of(&path);
            docs.extend(markdown_docs(&path, &format!("{section}/{slug}/"), kind));
        }
    }
    for page in ["career-pathway", "accessibility"] {
        let path = content.join(format!("{page}.md"));
        if path.exists() {
            docs.extend(markdown_docs(&path, &format!("{page}/"), DocKind::Page));
        }
    }
    if let Ok(text) = fs::read_to_string(content.join("pathway.yaml")) {
        let pathway: Pathway = serde_saphyr::from_str(&text).expect("pathway.yaml parses");
        for s in pathway.stages {
            let mut words = vec![
                s.you_are,
                s.who,
                s.guide_name.clone(),
                s.current_name,
                s.gives,
                s.how_long,
                s.next_step,
            ];
            words.extend(s.also_known_as);
            docs.push(SearchDoc {
                url: format!("career-pathway/#{}", s.id),
                page_title: "Clinical academic career pathway".into(),
                heading: Some(format!("{}: {}", s.title, s.guide_name)),
                text: words.join(" "),
                kind: DocKind::Section,
            });
        }
    }
    if let Ok(text) = fs::read_to_string(content.join("resources.yaml")) {
        let resources: Resources = serde_saphyr::from_str(&text).expect("resources.yaml parses");
        for item in resources.groups.iter().flat_map(|g| &g.items) {
            let text = [
                Some(&item.description),
                item.note.as_ref(),
                item.where_to_find.as_ref(),
            ]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
            docs.push(SearchDoc {
                url: format!("resources/#{}", heading_id(&item.name)),
                page_title: "Useful information and resources".into(),
                heading: Some(item.name.clone()),
                text,
                kind: DocKind::Resource,
            });
        }
    }
    let mut abbreviations = Vec::new();
    if let Ok(text) = fs::read_to_string(content.join("glossary.yaml")) {
        let glossary: Glossary = serde_saphyr::from_str(&text).expect("glossary.yaml parses");
        for t in glossary.terms {
            docs.push(SearchDoc {
                url: format!("glossary/#{}", heading_id(&t.term)),
                page_title: "Glossary".into(),
                heading: Some(t.term.clone()),
                text: format!("{}. {}", t.expansion, t.description.unwrap_or_default()),
                kind: DocKind::Glossary,
            });
            abbreviations.push(Abbreviation {
                short: t.term,
                long: t.expansion,
            });
        }
    }
    (docs, abbreviations)
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.ends_with(".md") && !name.starts_with('_') && name != "README.md"
    });
    files.sort();
    files
}

/// "04-so-you-want.md" → "so-you-want".
fn slug_of(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match stem.split_once('-') {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest.to_owned(),
        _ => stem.to_owned(),
    }
}

/// The engine's heading ids: lowercase, letters and digits kept, spaces and
/// hyphens become '-', everything else dropped, repeated '-' collapsed, trimmed.
pub fn heading_id(heading: &str) -> String {
    let mut id = String::new();
    for c in heading.to_lowercase().chars() {
        if c.is_alphanumeric() {
            id.push(c);
        } else if (c == ' ' || c == '-') && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_owned()
}

/// `## Internships {#internship}` → Some("internship").
/// A heading's attribute block, `{#id .class}`, if it ends with one.
fn attributes(heading: &str) -> Option<(usize, &str)> {
    let inner = heading.trim_end().strip_suffix('}')?;
    let open = inner.rfind('{')?;
    Some((open, &inner[open + 1..]))
}

fn explicit_id(heading: &str) -> Option<&str> {
    let (_, attrs) = attributes(heading)?;
    attrs.split_whitespace().find_map(|a| a.strip_prefix('#'))
}

fn strip_id(heading: &str) -> &str {
    match attributes(heading) {
        Some((open, _)) => heading[..open].trim_end(),
        None => heading,
    }
}

fn markdown_docs(path: &Path, url: &str, kind: DocKind) -> Vec<SearchDoc> {
    let source = fs::read_to_string(path).expect("content file reads");
    let (front, body) = split_front_matter(&source);
    let fm: FrontMatter = serde_saphyr::from_str(front).expect("front matter parses");
    let mut docs = Vec::new();
    let mut heading: Option<String> = None;
    let mut text = String::new();
    let flush = |heading: &Option<String>, text: &mut String, docs: &mut Vec<SearchDoc>| {
        let plain = plain_text(text);
        match heading {
            None => {
                let lead = [fm.summary.clone().unwrap_or_default(), plain].join(" ");
                docs.push(SearchDoc {
                    url: url.into(),
                    page_title: fm.title.clone(),
                    heading: None,
                    text: lead,
                    kind,
                });
            }
            Some(h) => docs.push(SearchDoc {
                url: format!(
                    "{url}#{}",
                    explicit_id(h).map_or_else(|| heading_id(strip_id(h)), str::to_owned)
                ),
                page_title: fm.title.clone(),
                heading: Some(strip_id(h).to_owned()),
                text: plain,
                kind: if kind == DocKind::Page {
                    DocKind::Section
                } else {
                    kind
                },
            }),
        }
        text.clear();
    };
    // Editorial notes (`> [!NOTE]` callouts) are the site's words: the engine leaves them
    // out of a section's search text.
    let mut in_note = false;
    for line in body.lines() {
        if line.trim_start().starts_with("> [!") {
            in_note = true;
            continue;
        }
        if in_note {
            if line.trim_start().starts_with('>') {
                continue;
            }
            in_note = false;
        }
        let h = line
            .strip_prefix("### ")
            .or_else(|| line.strip_prefix("## "));
        match h {
            Some(h) => {
                flush(&heading, &mut text, &mut docs);
                heading = Some(h.trim().to_owned());
            }
            None => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    flush(&heading, &mut text, &mut docs);
    docs
}

fn split_front_matter(source: &str) -> (&str, &str) {
    let rest = source.strip_prefix("---\n").unwrap_or(source);
    match rest.split_once("\n---\n") {
        Some((front, body)) => (front, body),
        None => ("", source),
    }
}

/// Markdown to plain text, roughly: link targets, list and quote markers, emphasis
/// and alert markers dropped.
fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines() {
        let line = line.trim_start();
        let line = line.trim_start_matches('>').trim_start();
        let line = line
            .strip_prefix("- [ ] ")
            .or_else(|| line.strip_prefix("- "))
            .or_else(|| line.strip_prefix("* "))
            .unwrap_or(line);
        if line.starts_with("[!") {
            continue;
        }
        out.push_str(&drop_link_targets(line).replace(['*', '_'], ""));
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn drop_link_targets(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        match rest[i..].find(')') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.replace('[', "")
}
