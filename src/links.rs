//! Links between pages: resolving what an editor wrote (`../guide/02-why.md#x`) to a target,
//! turning targets into relative addresses, and checking links and anchors.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, nearest};

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    External,
    Page {
        index: usize,
        fragment: Option<String>,
    },
    SamePage {
        fragment: String,
    },
    Static {
        path: String,
    },
    Broken {
        message: String,
        hint: String,
    },
}

/// Relative address from a page in folder `from_dir` (e.g. `guide/introduction/`) to an
/// output file `to` (e.g. `guide/why/index.html`): `../why/index.html`.
pub fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let to_dirs = &to_parts[..to_parts.len() - 1];
    let common = from.iter().zip(to_dirs).take_while(|(a, b)| a == b).count();
    "../".repeat(from.len() - common) + &to_parts[common..].join("/")
}

/// The relative prefix from a page folder to the site root: `../../` or empty.
pub fn root_prefix(from_dir: &str) -> String {
    "../".repeat(from_dir.split('/').filter(|s| !s.is_empty()).count())
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// `guide/` + `../checklists/a.md` → `checklists/a.md`; `None` if it climbs out of content/.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Resolves a link destination written in `from`.
pub fn resolve(site: &Site, from: &Page, dest: &str) -> Target {
    crate::counters::link_resolved();
    let dest = dest.trim();
    if dest.is_empty() {
        return Target::Broken {
            message: "this link has no destination".into(),
            hint: "write the address or the page's file path in the brackets: [text](../guide/01-introduction.md)".into(),
        };
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Target::External;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Target::SamePage {
            fragment: fragment.unwrap_or_default(),
        };
    }
    if path.starts_with('/') {
        return Target::Broken {
            message: format!(
                "`{dest}` starts with `/`, which breaks when the site is hosted in a subfolder or opened from disk"
            ),
            hint:
                "link to the page's file relative to this one, e.g. `../guide/01-introduction.md`"
                    .into(),
        };
    }
    let Some(joined) = join(from.source_dir(), path) else {
        return Target::Broken {
            message: format!("`{dest}` points outside the content folder"),
            hint: "link to a file inside content/, relative to this page".into(),
        };
    };
    if let Some(&index) = site.by_source.get(&joined) {
        return Target::Page { index, fragment };
    }
    if site.hidden.contains(&joined) {
        return Target::Broken {
            message: format!("`{dest}` links to a page hidden by `hide:` in config.yaml"),
            hint: format!("remove the link, or take {joined} out of `hide` in config.yaml"),
        };
    }
    if site.drafts.contains(&joined) {
        return Target::Broken {
            message: format!("`{dest}` links to a draft page, which is not published"),
            hint: format!("publish {joined} (remove `draft: true`) or remove the link"),
        };
    }
    if site.statics.iter().any(|s| s.path == joined) {
        return Target::Static { path: joined };
    }
    // An address written as the published URL (`../guide/introduction/`) also works.
    let as_output = if joined.is_empty() || joined.ends_with('/') {
        format!("{joined}index.html")
    } else if joined.ends_with(".html") {
        joined.clone()
    } else {
        format!("{joined}/index.html")
    };
    if let Some(index) = site.pages.iter().position(|p| p.output_path == as_output) {
        return Target::Page { index, fragment };
    }
    let file_name = joined.rsplit('/').next().unwrap_or(&joined);
    let suggestion = nearest(
        file_name,
        site.pages
            .iter()
            .map(|p| p.source.rsplit('/').next().unwrap_or(&p.source)),
    )
    .and_then(|name| site.pages.iter().find(|p| p.source.ends_with(name)))
    .map(|p| crate::links::relative(from.source_dir(), &p.source));
    Target::Broken {
        message: format!("`{dest}` does not lead to any page or file (looked for content/{joined})"),
        hint: match suggestion {
            Some(s) => format!("did you mean `{s}`? Links use the file's path relative to this page"),
            None => "links use the file's path relative to this page, e.g. `../guide/01-introduction.md#getting-started`".into(),
        },
    }
}

/// The `href` to write for `dest` on a page whose output folder is `from_dir`.
pub fn href(site: &Site, from_dir: &str, target: &Target, dest: &str) -> String {
    match target {
        Target::Page { index, fragment } => {
            let mut h = relative(from_dir, &site.pages[*index].output_path);
            if let Some(f) = fragment {
                h.push('#');
                h.push_str(f);
            }
            h
        }
        Target::Static { path } => relative(from_dir, path),
        Target::SamePage { fragment } => format!("#{fragment}"),
        Target::External | Target::Broken { .. } => dest.to_string(),
    }
}

/// Every `id="…"` in a rendered page.
pub fn ids_in(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (i, _) in html.match_indices(" id=\"") {
        let rest = &html[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
        }
    }
    ids
}

/// Checks every link in every page against the rendered site: pages, files and anchors.
/// Links in the career pathway's Markdown fields are checked as links of the page that
/// shows them, and reported at their line in `content/pathway.yaml`.
pub fn check(site: &Site, ids: &[Arc<BTreeSet<String>>]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (pi, page) in site.pages.iter().enumerate() {
        for link in &page.outline.links {
            if let Some(d) = link_problem(site, ids, pi, &link.dest) {
                problems.push(d.at(link.line).with_source_body(page));
            }
        }
    }
    let pathway_page = site.pages.iter().position(|p| p.template() == "pathway");
    if let Some(pi) = pathway_page {
        let pathway = &site.pathway;
        for (markdown, line) in pathway.markdown_fields() {
            for link in crate::markdown::outline(markdown, line).links {
                if let Some(mut d) = link_problem(site, ids, pi, &link.dest) {
                    d.file = pathway.shown.clone();
                    problems.push(d.at(line).with_source(&pathway.text));
                }
            }
        }
    }
    problems
}

/// What is wrong with a link written on page `pi`, if anything (located by the caller).
fn link_problem(
    site: &Site,
    ids: &[Arc<BTreeSet<String>>],
    pi: usize,
    dest: &str,
) -> Option<Diagnostic> {
    let ids = |page: usize| ids.get(page).map(|set| &**set);
    let page = &site.pages[pi];
    match resolve(site, page, dest) {
        Target::Broken { message, hint } => {
            Some(Diagnostic::error(&page.shown, message).hint(hint))
        }
        Target::Page {
            index,
            fragment: Some(f),
        } if !f.is_empty() && !ids(index).is_some_and(|set| set.contains(&f)) => {
            let target = &site.pages[index];
            Some(anchor_problem(dest, &f, target, ids(index)))
        }
        Target::SamePage { fragment }
            if !fragment.is_empty() && !ids(pi).is_some_and(|set| set.contains(&fragment)) =>
        {
            Some(anchor_problem(dest, &fragment, page, ids(pi)))
        }
        _ => None,
    }
}

fn anchor_problem(
    dest: &str,
    fragment: &str,
    target: &Page,
    ids: Option<&BTreeSet<String>>,
) -> Diagnostic {
    let headings: Vec<&str> = target
        .outline
        .headings
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    let suggestion = similar_anchor(fragment, ids.into_iter().flatten().map(|s| s.as_str()));
    let hint = match suggestion {
        Some(s) => format!(
            "did you mean `#{s}`? Headings on that page: {}",
            headings.join(", ")
        ),
        None if headings.is_empty() => {
            "that page has no headings to link to; remove the `#…` part".into()
        }
        None => format!("headings on that page: {}", headings.join(", ")),
    };
    Diagnostic::error(
        "",
        format!(
            "`{dest}`: {} has no heading or anchor `#{fragment}`",
            target.shown
        ),
    )
    .hint(hint)
}

/// The anchor the editor probably meant: a near spelling, or one sharing a word
/// (`#mentors` → `#find-a-mentor`).
fn similar_anchor<'a>(
    fragment: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some(id) = nearest(fragment, ids.clone()) {
        return Some(id);
    }
    let shares_word = |id: &str| {
        fragment.split('-').any(|f| {
            id.split('-').any(|w| {
                let common = f.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
                common >= 5 || (common >= 4 && common == f.len().min(w.len()))
            })
        })
    };
    ids.into_iter().find(|id| shares_word(id))
}

trait WithBody {
    fn with_source_body(self, page: &Page) -> Self;
}

impl WithBody for Diagnostic {
    /// Sets the file to the page and shows the offending line from its body.
    fn with_source_body(mut self, page: &Page) -> Self {
        self.file = page.shown.clone();
        if let Some(line) = self.line {
            self.source_line = page
                .body
                .lines()
                .nth(line.saturating_sub(page.body_line))
                .map(str::to_string);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_addresses_between_folders() {
        assert_eq!(
            relative("guide/introduction/", "guide/why/index.html"),
            "../why/index.html"
        );
        assert_eq!(relative("", "guide/index.html"), "guide/index.html");
        assert_eq!(
            relative("guide/introduction/", "index.html"),
            "../../index.html"
        );
        assert_eq!(relative("guide/", "guide/index.html"), "index.html");
        assert_eq!(relative("a/b/", "a/img/x.png"), "../img/x.png");
        assert_eq!(root_prefix("guide/introduction/"), "../../");
        assert_eq!(root_prefix(""), "");
    }

    #[test]
    fn joins_and_schemes() {
        assert_eq!(
            join("guide/", "../checklists/a.md").as_deref(),
            Some("checklists/a.md")
        );
        assert_eq!(join("", "../x.md"), None);
        assert!(has_scheme("https://nihr.ac.uk"));
        assert!(has_scheme("mailto:x@y"));
        assert!(!has_scheme("../a.md"));
        assert!(!has_scheme("a/b:c.md"));
    }

    #[test]
    fn anchor_suggestions_catch_typos_and_shared_words() {
        let ids = ["find-a-mentor", "backfill", "getting-started"];
        assert_eq!(
            similar_anchor("backfil", ids.iter().copied()),
            Some("backfill")
        );
        assert_eq!(
            similar_anchor("mentors", ids.iter().copied()),
            Some("find-a-mentor")
        );
        assert_eq!(similar_anchor("funding", ids.iter().copied()), None);
    }

    #[test]
    fn ids_are_read_from_html() {
        let ids = ids_in("<h2 id=\"a\">A</h2><p id=\"b-2\">x</p>");
        assert!(ids.contains("a") && ids.contains("b-2"));
    }
}
