//! Data files: `content/glossary.yaml` and `content/resources.yaml`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::markdown::slugify;
use crate::yaml;

pub const GLOSSARY_FILE: &str = "glossary.yaml";
pub const RESOURCES_FILE: &str = "resources.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    terms: Vec<GlossaryTerm>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    pub term: String,
    pub expansion: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Anchor on the glossary page (filled in when loaded).
    #[serde(default, skip_deserializing)]
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResourcesFile {
    groups: Vec<ResourceGroup>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResourceGroup {
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    pub items: Vec<Resource>,
    #[serde(default, skip_deserializing)]
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub where_to_find: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default, skip_deserializing)]
    pub id: String,
    #[serde(default, skip_deserializing)]
    pub external: bool,
}

/// Reads `content/glossary.yaml` if present; terms sorted, ids assigned.
pub fn load_glossary(content: &Path, shown: &str) -> Result<Vec<GlossaryTerm>, Vec<Diagnostic>> {
    let Some(text) = read_optional(&content.join(GLOSSARY_FILE), shown)? else {
        return Ok(Vec::new());
    };
    let file: GlossaryFile = yaml::parse(&text, shown, 1, &text).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    let mut terms = file.terms;
    for (i, t) in terms.iter_mut().enumerate() {
        t.id = slugify(&t.term);
        if t.term.trim().is_empty() || t.expansion.trim().is_empty() {
            problems.push(
                locate(
                    Diagnostic::error(shown, "a glossary term has an empty `term` or `expansion`"),
                    &text,
                    &t.term,
                )
                .hint("give every entry both `term: ABC` and `expansion: What ABC stands for`"),
            );
        }
        if let Some(first) = seen.insert(t.term.clone(), i) {
            let _ = first;
            problems.push(
                locate(
                    Diagnostic::error(shown, format!("`{}` is defined twice", t.term)),
                    &text,
                    &t.term,
                )
                .hint("keep one entry per term and delete the other"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    terms.sort_by_key(|t| t.term.to_lowercase());
    Ok(terms)
}

/// Reads `content/resources.yaml` if present; ids assigned, order kept.
pub fn load_resources(content: &Path, shown: &str) -> Result<Vec<ResourceGroup>, Vec<Diagnostic>> {
    let Some(text) = read_optional(&content.join(RESOURCES_FILE), shown)? else {
        return Ok(Vec::new());
    };
    let file: ResourcesFile = yaml::parse(&text, shown, 1, &text).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut groups = file.groups;
    let mut ids = BTreeMap::new();
    let mut unique = |base: String| {
        let n = ids.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    };
    for g in &mut groups {
        g.id = unique(slugify(&g.title));
        for r in &mut g.items {
            r.id = unique(slugify(&r.name));
            if let Some(url) = &r.url {
                let ok = url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:");
                if !ok {
                    problems.push(
                        locate(Diagnostic::error(shown, format!("`{}` has a url that is not a full web address: {url}", r.name)), &text, url)
                            .hint("write the whole address, starting with https://, or leave `url` out and say where to find it in `where_to_find`"),
                    );
                }
                r.external = true;
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(groups)
}

fn read_optional(path: &Path, shown: &str) -> Result<Option<String>, Vec<Diagnostic>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(vec![Diagnostic::error(
            shown,
            format!("cannot read the file: {e}"),
        )]),
    }
}

/// Points a diagnostic at the first line containing `needle`.
fn locate(d: Diagnostic, text: &str, needle: &str) -> Diagnostic {
    match text
        .lines()
        .position(|l| !needle.is_empty() && l.contains(needle))
    {
        Some(i) => d.at(i + 1).with_source(text),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_sorted_with_ids_and_duplicates_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(GLOSSARY_FILE),
            "terms:\n  - term: RDS\n    expansion: Research Design Service\n  - term: CPD\n    expansion: continuing professional development\n",
        )
        .unwrap();
        let g = load_glossary(dir.path(), "content/glossary.yaml").unwrap();
        assert_eq!(g[0].term, "CPD");
        assert_eq!(g[1].id, "rds");
        std::fs::write(
            dir.path().join(GLOSSARY_FILE),
            "terms:\n  - term: RDS\n    expansion: A\n  - term: RDS\n    expansion: B\n",
        )
        .unwrap();
        let e = load_glossary(dir.path(), "content/glossary.yaml").unwrap_err();
        assert!(e[0].message.contains("defined twice"));
    }

    #[test]
    fn resource_url_must_be_absolute() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(RESOURCES_FILE),
            "groups:\n  - title: G\n    items:\n      - name: X\n        description: d\n        url: www.example.org\n",
        )
        .unwrap();
        let e = load_resources(dir.path(), "content/resources.yaml").unwrap_err();
        assert_eq!(e[0].line, Some(6));
    }
}
