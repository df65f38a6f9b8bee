//! Data files: `content/glossary.yaml` and `content/resources.yaml`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, display_path};
use crate::layers::{self, Layer};
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
    /// A dated editorial note: what changed since the guide was written.
    #[serde(default)]
    pub note: Option<String>,
    /// True for a term the site added: the guide itself does not use the abbreviation.
    #[serde(default)]
    pub added: bool,
    /// Anchor on the glossary page (filled in when loaded).
    #[serde(default, skip_deserializing)]
    pub id: String,
    /// The file the entry is written in, as shown to the editor (bundled or local).
    #[serde(skip)]
    pub file: String,
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
    /// The file the entry is written in, as shown to the editor (bundled or local).
    #[serde(skip)]
    pub file: String,
}

/// The glossary of every layer, merged: a local entry replaces the bundled entry with the
/// same `term` (written exactly the same), any other is added. Terms sorted, ids assigned.
pub fn load_glossary(root: &Path, layers: &[Layer]) -> Result<Vec<GlossaryTerm>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut per_layer = Vec::new();
    for layer in layers {
        let path = layer.dir.join(GLOSSARY_FILE);
        match read_glossary(root, &path) {
            Ok(terms) => per_layer.push(terms.into_iter().map(|t| (t.term.clone(), t)).collect()),
            Err(mut e) => problems.append(&mut e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut terms: Vec<GlossaryTerm> = layers::merge(per_layer)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    terms.sort_by_key(|t| t.term.to_lowercase());
    Ok(terms)
}

/// One glossary file, if present.
fn read_glossary(root: &Path, path: &Path) -> Result<Vec<GlossaryTerm>, Vec<Diagnostic>> {
    let shown = &display_path(root, path);
    let Some(text) = read_optional(root, path)? else {
        return Ok(Vec::new());
    };
    glossary_from_text(&text, shown)
}

/// The terms of one glossary file's `text` (file `shown`), checked as the build checks them.
pub fn glossary_from_text(text: &str, shown: &str) -> Result<Vec<GlossaryTerm>, Vec<Diagnostic>> {
    let file: GlossaryFile = yaml::parse(text, shown, 1, text).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut seen = BTreeMap::new();
    let mut terms = file.terms;
    for (i, t) in terms.iter_mut().enumerate() {
        t.id = slugify(&t.term);
        t.file = shown.to_string();
        if t.term.trim().is_empty() || t.expansion.trim().is_empty() {
            problems.push(
                locate(
                    Diagnostic::error(shown, "a glossary term has an empty `term` or `expansion`"),
                    text,
                    &t.term,
                )
                .hint("give every entry both `term: ABC` and `expansion: What ABC stands for`"),
            );
        }
        if seen.insert(t.term.clone(), i).is_some() {
            problems.push(
                locate(
                    Diagnostic::error(shown, format!("`{}` is defined twice", t.term)),
                    text,
                    &t.term,
                )
                .hint("keep one entry per term and delete the other"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(terms)
}

/// The resources of every layer, merged, in order: a local group with the `title` of a
/// bundled group adds its items to that group (an item with the `name` of one already there
/// replaces it where it stands); a local group with a new title comes after the bundled
/// ones. Ids assigned after merging.
pub fn load_resources(
    root: &Path,
    layers: &[Layer],
) -> Result<Vec<ResourceGroup>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut per_layer = Vec::new();
    for layer in layers {
        let path = layer.dir.join(RESOURCES_FILE);
        match read_resources(root, &path) {
            Ok(groups) => per_layer.push(groups),
            Err(mut e) => problems.append(&mut e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let keyed = per_layer
        .into_iter()
        .map(|groups| groups.into_iter().map(|g| (g.title.clone(), g)).collect())
        .collect::<Vec<Vec<(String, ResourceGroup)>>>();
    // Groups merge by title, and within a group, items by name.
    let mut groups: Vec<ResourceGroup> = Vec::new();
    for layer in keyed {
        for (title, group) in layer {
            match groups.iter_mut().find(|g| g.title == title) {
                Some(existing) => {
                    let items = std::mem::take(&mut existing.items);
                    let keyed_items = |items: Vec<Resource>| {
                        items
                            .into_iter()
                            .map(|r| (r.name.clone(), r))
                            .collect::<Vec<_>>()
                    };
                    existing.items =
                        layers::merge(vec![keyed_items(items), keyed_items(group.items)])
                            .into_iter()
                            .map(|(_, r)| r)
                            .collect();
                    if group.intro.is_some() {
                        existing.intro = group.intro;
                    }
                }
                None => groups.push(group),
            }
        }
    }
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
        }
    }
    Ok(groups)
}

/// One resources file, if present, with its addresses checked.
fn read_resources(root: &Path, path: &Path) -> Result<Vec<ResourceGroup>, Vec<Diagnostic>> {
    let shown = &display_path(root, path);
    let Some(text) = read_optional(root, path)? else {
        return Ok(Vec::new());
    };
    resources_from_text(&text, shown)
}

/// The groups of one resources file's `text` (file `shown`), checked as the build checks
/// them.
pub fn resources_from_text(text: &str, shown: &str) -> Result<Vec<ResourceGroup>, Vec<Diagnostic>> {
    let file: ResourcesFile = yaml::parse(text, shown, 1, text).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut groups = file.groups;
    for g in &mut groups {
        for r in &mut g.items {
            r.file = shown.to_string();
            if let Some(url) = &r.url {
                let ok = url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:");
                if !ok {
                    problems.push(
                        locate(Diagnostic::error(shown, format!("`{}` has a url that is not a full web address: {url}", r.name)), text, url)
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

fn read_optional(root: &Path, path: &Path) -> Result<Option<String>, Vec<Diagnostic>> {
    crate::project_files::read_text_if_present(root, path, crate::project_files::Kind::Data)
        .map_err(|d| vec![d])
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
    use crate::layers::Origin;

    fn layer(dir: &Path, origin: Origin) -> Layer {
        Layer {
            origin,
            dir: dir.to_path_buf(),
        }
    }

    #[test]
    fn glossary_sorted_with_ids_and_duplicates_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let layers = [layer(dir.path(), Origin::Bundled)];
        std::fs::write(
            dir.path().join(GLOSSARY_FILE),
            "terms:\n  - term: RDS\n    expansion: Research Design Service\n  - term: CPD\n    expansion: continuing professional development\n",
        )
        .unwrap();
        let g = load_glossary(dir.path(), &layers).unwrap();
        assert_eq!(g[0].term, "CPD");
        assert_eq!(g[1].id, "rds");
        std::fs::write(
            dir.path().join(GLOSSARY_FILE),
            "terms:\n  - term: RDS\n    expansion: A\n  - term: RDS\n    expansion: B\n",
        )
        .unwrap();
        let e = load_glossary(dir.path(), &layers).unwrap_err();
        assert!(e[0].message.contains("defined twice"));
        assert_eq!(e[0].file, "glossary.yaml");
    }

    #[test]
    fn resource_url_must_be_absolute() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(RESOURCES_FILE),
            "groups:\n  - title: G\n    items:\n      - name: X\n        description: d\n        url: www.example.org\n",
        )
        .unwrap();
        let e = load_resources(dir.path(), &[layer(dir.path(), Origin::Bundled)]).unwrap_err();
        assert_eq!(e[0].line, Some(6));
    }

    #[test]
    fn local_entries_replace_by_term_and_name_and_add_the_rest() {
        let root = tempfile::tempdir().unwrap();
        let (bundled, local) = (
            root.path().join("content"),
            root.path().join("local/content"),
        );
        std::fs::create_dir_all(&bundled).unwrap();
        std::fs::create_dir_all(&local).unwrap();
        std::fs::write(
            bundled.join(GLOSSARY_FILE),
            "terms:\n  - term: RDS\n    expansion: Research Design Service\n  - term: CPD\n    expansion: continuing professional development\n",
        )
        .unwrap();
        std::fs::write(
            local.join(GLOSSARY_FILE),
            "terms:\n  - term: RDS\n    expansion: Research Support Service\n  - term: R&D\n    expansion: research and development\n",
        )
        .unwrap();
        std::fs::write(
            bundled.join(RESOURCES_FILE),
            "groups:\n  - title: Funding\n    items:\n      - name: NIHR\n        description: bundled\n      - name: HEE\n        description: kept\n",
        )
        .unwrap();
        std::fs::write(
            local.join(RESOURCES_FILE),
            "groups:\n  - title: Funding\n    items:\n      - name: NIHR\n        description: ours\n      - name: Trust fund\n        description: added\n  - title: Our R&D office\n    items:\n      - name: Office\n        description: contacts\n",
        )
        .unwrap();
        let layers = [
            layer(&bundled, Origin::Bundled),
            layer(&local, Origin::Local),
        ];
        let g = load_glossary(root.path(), &layers).unwrap();
        let terms: Vec<(&str, &str, &str)> = g
            .iter()
            .map(|t| (t.term.as_str(), t.expansion.as_str(), t.file.as_str()))
            .collect();
        assert_eq!(
            terms,
            [
                (
                    "CPD",
                    "continuing professional development",
                    "content/glossary.yaml"
                ),
                (
                    "R&D",
                    "research and development",
                    "local/content/glossary.yaml"
                ),
                (
                    "RDS",
                    "Research Support Service",
                    "local/content/glossary.yaml"
                ),
            ]
        );
        let r = load_resources(root.path(), &layers).unwrap();
        let shape: Vec<(&str, Vec<(&str, &str)>)> = r
            .iter()
            .map(|g| {
                (
                    g.title.as_str(),
                    g.items
                        .iter()
                        .map(|i| (i.name.as_str(), i.description.as_str()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (
                    "Funding",
                    vec![("NIHR", "ours"), ("HEE", "kept"), ("Trust fund", "added")]
                ),
                ("Our R&D office", vec![("Office", "contacts")]),
            ]
        );
        assert_eq!(r[0].items[0].file, "local/content/resources.yaml");
    }
}
