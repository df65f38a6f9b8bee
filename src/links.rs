//! Links between pages: resolving what an editor wrote (`../guide/02-why.md#x`) to a target,
//! turning targets into relative addresses, and checking links and anchors.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{CONTENT_DIR, Page, Site};
use crate::diagnostics::{Diagnostic, nearest};
use crate::html::percent_decoded;
use crate::markdown::LinkRef;
use crate::memo::{Memo, Shared};

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
    /// A page hidden by `hide:` in config.yaml (`path` under content/): the link's words are
    /// shown as plain text. A link the trust wrote itself (in the local layer) is an error.
    Hidden {
        path: String,
    },
    Broken {
        message: String,
        hint: String,
    },
}

/// Everything a link can lead to, and nothing more: all that [`resolve`] and [`href`] read
/// of the site. A remembered rendering of a page's Markdown is keyed by it.
#[derive(Debug, Hash)]
pub struct Targets<'s> {
    /// Each published page's source and output paths, in page order.
    pages: Vec<(&'s str, &'s str)>,
    by_source: &'s BTreeMap<String, usize>,
    drafts: &'s BTreeSet<String>,
    hidden: &'s BTreeSet<String>,
    /// Paths of the files copied as they are (looked up once per link: a set, so a site
    /// with many images and many links stays linear).
    statics: BTreeSet<&'s str>,
}

impl<'s> Targets<'s> {
    pub fn of(site: &'s Site) -> Self {
        Targets {
            pages: site
                .pages
                .iter()
                .map(|p| (p.source.as_str(), p.output_path.as_str()))
                .collect(),
            by_source: &site.by_source,
            drafts: &site.drafts,
            hidden: &site.hidden,
            statics: site.statics.iter().map(|s| s.path.as_str()).collect(),
        }
    }
}

/// The content folder holding the file `source`, e.g. `guide/` (see `Page::source_dir`).
fn source_dir(source: &str) -> &str {
    match source.rfind('/') {
        Some(i) => &source[..=i],
        None => "",
    }
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

/// Whether a link leads to another site (and is marked "external site" for readers):
/// `https://`, `http://` or `//` addresses. `mailto:` and `tel:` links do not.
pub fn leaves_site(dest: &str) -> bool {
    matches!(crate::html::scheme(dest).as_deref(), Some("http" | "https"))
        || dest.trim_start().starts_with("//")
}

/// Schemes that run code or carry a whole document in the address: never allowed.
const FORBIDDEN_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// A link to an address the site does not link to: a scheme other than `https:`, `http:`,
/// `mailto:` and `tel:` (`htps://`, `ftp://`, `file:`, `irc://`, `C:\…`), or an address
/// of one of those that is not well formed (`https://`). The sanitiser would publish it as
/// a link with no address, which goes nowhere; it is a mistake to report.
fn scheme_problem(dest: &str) -> Option<Target> {
    let scheme = crate::html::scheme(dest)?;
    if !crate::html::LINK_SCHEMES.contains(&scheme.as_str()) {
        let hint = match scheme.as_str() {
            s if s.len() == 1 => "this looks like a file on your computer: copy it into content/ and link to it relative to this page, e.g. `../files/report.pdf`".to_string(),
            "file" => "a `file:` address is on one computer only: copy the file into content/ and link to it relative to this page, e.g. `../files/report.pdf`".to_string(),
            "ftp" | "ftps" | "sftp" => "browsers no longer open FTP addresses: link to an https:// page that offers the file, or copy it into content/ and link to it".to_string(),
            _ => match nearest(&scheme, crate::html::LINK_SCHEMES.iter().copied()) {
                Some(near) => format!("did you mean `{near}:`? The site links to pages, files, and `https:`, `http:`, `mailto:` and `tel:` addresses"),
                None => "the site links to pages, files, and `https:`, `http:`, `mailto:` and `tel:` addresses: link to a web page about it instead".to_string(),
            },
        };
        return Some(Target::Broken {
            message: format!(
                "`{dest}`: the site does not link to `{scheme}:` addresses (readers would get a link that goes nowhere)"
            ),
            hint,
        });
    }
    // The address as the page writes it, percent-encoded, is what the sanitiser reads.
    let written = crate::markdown::escape_href(dest.trim());
    (!crate::html::link_kept(&written)).then(|| Target::Broken {
        message: format!(
            "`{dest}` is not a whole address (readers would get a link that goes nowhere)"
        ),
        hint: "copy the address from your browser's address bar, e.g. `https://www.nihr.ac.uk/`"
            .into(),
    })
}

/// A problem with a `mailto:` or `tel:` address, if it is not one.
fn contact_problem(dest: &str) -> Option<Target> {
    let (scheme, rest) = dest.split_once(':')?;
    let rest = percent_decoded(rest).unwrap_or_else(|| rest.to_string());
    let rest = rest.split('?').next().unwrap_or_default();
    match scheme.to_ascii_lowercase().as_str() {
        "mailto" => {
            let well_formed = |address: &str| {
                let address = address.trim();
                match address.rsplit_once('@') {
                    Some((local, domain)) => {
                        !local.is_empty()
                            && !address.contains(char::is_whitespace)
                            && domain.contains('.')
                            && !domain.starts_with('.')
                            && !domain.ends_with('.')
                            && !domain.contains("..")
                    }
                    None => false,
                }
            };
            (rest.is_empty() || !rest.split(',').all(well_formed)).then(|| Target::Broken {
                message: format!("`{dest}` is not an email address"),
                hint: "write the whole address: [R&D office](mailto:research@trust.nhs.uk) or <research@trust.nhs.uk>".into(),
            })
        }
        "tel" => {
            let digits = rest.chars().filter(char::is_ascii_digit).count();
            let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
            (digits < 3 || !rest.chars().all(allowed)).then(|| Target::Broken {
                message: format!("`{dest}` is not a telephone number"),
                hint: "write the number with digits, spaces and an optional +: [01234 567890](tel:+441234567890)".into(),
            })
        }
        _ => None,
    }
}

/// Resolves a link destination written in the page whose source is `from` (e.g.
/// `guide/01-introduction.md`).
pub fn resolve(site: &Targets, from: &str, dest: &str) -> Target {
    crate::counters::link_resolved();
    let dest = dest.trim();
    if dest.is_empty() {
        return Target::Broken {
            message: "this link has no destination".into(),
            hint: "write the address or the page's file path in the brackets: [text](../guide/01-introduction.md)".into(),
        };
    }
    if let Some(scheme) = crate::html::scheme(dest)
        && FORBIDDEN_SCHEMES.contains(&scheme.as_str())
    {
        return Target::Broken {
            message: format!(
                "`{scheme}:` addresses are not allowed in links or images: they can run code or hide content in the reader's browser"
            ),
            hint: "link to a page of the site, a file in content/, or an https:// address; put images in content/ and link to the file".into(),
        };
    }
    if let Some(problem) = scheme_problem(dest) {
        return problem;
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return contact_problem(dest).unwrap_or(Target::External);
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decoded(f).unwrap_or_else(|| f.to_string()))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let Some(decoded) = percent_decoded(path) else {
        return Target::Broken {
            message: format!("`{dest}` has a `%` code that is not a character"),
            hint: "write the file name as it is (`my report.pdf`), or encode spaces as `%20`"
                .into(),
        };
    };
    let path = decoded.as_str();
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
    let Some(joined) = join(source_dir(from), path) else {
        return Target::Broken {
            message: format!("`{dest}` points outside the content folder"),
            hint: "link to a file inside content/, relative to this page".into(),
        };
    };
    if let Some(&index) = site.by_source.get(&joined) {
        return Target::Page { index, fragment };
    }
    if site.hidden.contains(&joined) {
        return Target::Hidden { path: joined };
    }
    if site.drafts.contains(&joined) {
        return Target::Broken {
            message: format!("`{dest}` links to a draft page, which is not published"),
            hint: format!("publish {joined} (remove `draft: true`) or remove the link"),
        };
    }
    if site.statics.contains(joined.as_str()) {
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
    if let Some(index) = site.pages.iter().position(|&(_, out)| out == as_output) {
        return Target::Page { index, fragment };
    }
    let file_name = joined.rsplit('/').next().unwrap_or(&joined);
    let suggestion = nearest(
        file_name,
        site.pages
            .iter()
            .map(|&(source, _)| source.rsplit('/').next().unwrap_or(source)),
    )
    .and_then(|name| site.pages.iter().find(|(source, _)| source.ends_with(name)))
    .map(|&(source, _)| crate::links::relative(source_dir(from), source));
    Target::Broken {
        message: format!("`{dest}` does not lead to any page or file (looked for content/{joined})"),
        hint: match suggestion {
            Some(s) => format!("did you mean `{s}`? Links use the file's path relative to this page"),
            None => "links use the file's path relative to this page, e.g. `../guide/01-introduction.md#getting-started`".into(),
        },
    }
}

/// The `href` to write for `dest` on a page whose output folder is `from_dir`.
pub fn href(site: &Targets, from_dir: &str, target: &Target, dest: &str) -> String {
    match target {
        Target::Page { index, fragment } => {
            let mut h = relative(from_dir, site.pages[*index].1);
            if let Some(f) = fragment {
                h.push('#');
                h.push_str(f);
            }
            h
        }
        Target::Static { path } => relative(from_dir, path),
        Target::SamePage { fragment } => format!("#{fragment}"),
        Target::External | Target::Hidden { .. } | Target::Broken { .. } => dest.to_string(),
    }
}

/// Checks every link in every page against the rendered site: pages, files and anchors.
/// Links in the career pathway's Markdown fields are checked as links of the page that
/// shows them, and reported at their line in `content/pathway.yaml`. Where a page's links
/// lead is remembered in `memo` under exactly what resolving them reads: the page's source,
/// its links and every target ([`Targets`]); anchors are checked against `ids` every time.
///
/// Links to a page hidden by `hide:` are shown as plain text. Those written in bundled
/// files (which the trust cannot edit without overriding them) are listed in one warning;
/// one the trust wrote in its local layer is an error, like any link to a page that is not
/// published.
pub fn check(
    site: &Site,
    ids: &[Arc<BTreeSet<String>>],
    memo: &Memo<Arc<Vec<Target>>>,
) -> Vec<Diagnostic> {
    let targets = Shared::new(Targets::of(site));
    let per_page: Vec<(Vec<Diagnostic>, Vec<HiddenLink>)> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(pi, page)| {
            let dests: Vec<&str> = page.outline.links.iter().map(|l| l.dest.as_str()).collect();
            // The shared targets themselves (not what they hold), so they are hashed once.
            let resolved = memo.remember(
                (&targets, page.source.as_str(), dests),
                |(targets, source, dests)| {
                    Arc::new(dests.iter().map(|d| resolve(targets, source, d)).collect())
                },
            );
            let mut problems: Vec<Diagnostic> = page
                .outline
                .html_removals
                .iter()
                .filter(|r| r.external_image)
                .map(|image| {
                    Diagnostic::error(
                        &page.shown,
                        format!(
                            "raw HTML: an image from another site ({}) is not shown: the site's Content-Security-Policy blocks images from other sites, and loading one would tell that site who reads the page",
                            image.what
                        ),
                    )
                    .hint(crate::html::EXTERNAL_IMAGE_HINT)
                    .at(image.line)
                    .with_source_body(page)
                })
                .collect();
            for (removal, dest) in page
                .outline
                .html_removals
                .iter()
                .filter_map(|r| Some((r, r.bad_link.as_deref()?)))
            {
                if let Some(Target::Broken { message, hint }) = scheme_problem(dest) {
                    problems.push(
                        Diagnostic::error(&page.shown, format!("raw HTML link: {message}"))
                            .hint(hint)
                            .at(removal.line)
                            .with_source_body(page),
                    );
                }
            }
            let mut hidden = Vec::new();
            for (link, target) in page.outline.links.iter().zip(resolved.iter()) {
                if let Some(h) = hidden_link(&page.shown, link.line, &link.dest, target) {
                    hidden.push(h);
                } else if let Some(d) = link_problem(site, ids, pi, link, target) {
                    problems.push(d.at(link.line).with_source_body(page));
                }
            }
            (problems, hidden)
        })
        .collect();
    let mut problems = Vec::new();
    let mut hidden = Vec::new();
    for (p, h) in per_page {
        problems.extend(p);
        hidden.extend(h);
    }
    let pathway_page = site.pages.iter().position(|p| p.template() == "pathway");
    if let Some(pi) = pathway_page {
        let pathway = &site.pathway;
        let source = &site.pages[pi].source;
        for (markdown, line) in pathway.markdown_fields() {
            for link in crate::markdown::outline(markdown, line).links {
                let target = resolve(&targets, source, &link.dest);
                if let Some(h) = hidden_link(&pathway.shown, line, &link.dest, &target) {
                    hidden.push(h);
                } else if let Some(mut d) = link_problem(site, ids, pi, &link, &target) {
                    d.file = pathway.shown.clone();
                    problems.push(d.at(line).with_source(&pathway.text));
                }
            }
        }
    }
    let (bundled, local): (Vec<HiddenLink>, Vec<HiddenLink>) =
        hidden.into_iter().partition(|h| h.bundled);
    problems.extend(local.into_iter().map(HiddenLink::error));
    problems.extend(hidden_links_note(site, bundled));
    problems
}

/// A link to a page hidden by `hide:` in config.yaml.
#[derive(Debug)]
struct HiddenLink {
    /// The file it is written in, as shown to the editor.
    file: String,
    line: usize,
    dest: String,
    /// The page it leads to, under content/.
    path: String,
    /// Written in a bundled file (not the trust's local layer).
    bundled: bool,
}

/// The link, if it leads to a hidden page.
fn hidden_link(file: &str, line: usize, dest: &str, target: &Target) -> Option<HiddenLink> {
    let Target::Hidden { path } = target else {
        return None;
    };
    Some(HiddenLink {
        file: file.to_string(),
        line,
        dest: dest.to_string(),
        path: path.clone(),
        bundled: file.starts_with(&format!("{CONTENT_DIR}/")),
    })
}

impl HiddenLink {
    /// A link the trust wrote itself to a page it hid: it would show as plain text, which
    /// the trust can avoid.
    fn error(self) -> Diagnostic {
        Diagnostic::error(
            &self.file,
            format!(
                "`{}` links to a page hidden by `hide:` in config.yaml",
                self.dest
            ),
        )
        .at(self.line)
        .hint(format!(
            "remove the link, or take {} out of `hide` in config.yaml",
            self.path
        ))
    }
}

/// One note for every link in bundled files to a hidden page, pointing at `hide:` in
/// config.yaml: the links are shown as plain text, their words kept. A note, not a
/// warning: it is what the trust asked for, with nothing to fix, so `check --strict` (a
/// CI pipeline) passes with it.
fn hidden_links_note(site: &Site, mut links: Vec<HiddenLink>) -> Option<Diagnostic> {
    if links.is_empty() {
        return None;
    }
    links.sort_by(|a, b| (&a.file, a.line, &a.dest).cmp(&(&b.file, b.line, &b.dest)));
    let pages: BTreeSet<&str> = links.iter().map(|l| l.path.as_str()).collect();
    let pages: Vec<String> = pages.into_iter().map(|p| format!("`{p}`")).collect();
    let count = links.len();
    let detail: Vec<String> = links
        .iter()
        .map(|l| format!("{}:{}  {}", l.file, l.line, l.dest))
        .collect();
    let (one_page, one_link) = (pages.len() == 1, count == 1);
    let note = Diagnostic::note(
        crate::config::FILE_NAME,
        format!(
            "{} {} hidden by `hide:`, so {} in bundled pages {} shown as plain text (the words stay, without the link)",
            pages.join(", "),
            if one_page { "is" } else { "are" },
            match (one_link, one_page) {
                (true, true) => "the link to it".to_string(),
                (true, false) => "the link to one of them".to_string(),
                (false, true) => format!("the {count} links to it"),
                (false, false) => format!("the {count} links to them"),
            },
            if one_link { "is" } else { "are" },
        ),
    )
    .detail(detail.join("\n"))
    .hint("nothing to do if that is what you want. To link elsewhere instead, override the page (`careerguide override content/…`) and change the link in your copy");
    Some(site.config.locate(note, "hide"))
}

/// What is wrong with a link written on page `pi` that leads to `target`, if anything
/// (located by the caller).
fn link_problem(
    site: &Site,
    ids: &[Arc<BTreeSet<String>>],
    pi: usize,
    link: &LinkRef,
    target: &Target,
) -> Option<Diagnostic> {
    let ids = |page: usize| ids.get(page).map(|set| &**set);
    let page = &site.pages[pi];
    let dest = link.dest.as_str();
    match target {
        Target::Broken { message, hint } => {
            Some(Diagnostic::error(&page.shown, message.clone()).hint(hint.clone()))
        }
        // The site's Content-Security-Policy (`img-src 'self' data:`) would show readers a
        // broken image, and loading it would tell the other site who reads the page.
        Target::External if link.is_image => Some(
            Diagnostic::error(
                &page.shown,
                format!(
                    "`{dest}`: images from other sites are not shown (the site's Content-Security-Policy blocks them, and loading one would tell that site who reads the page)"
                ),
            )
            .hint(crate::html::EXTERNAL_IMAGE_HINT),
        ),
        Target::Page {
            index,
            fragment: Some(f),
        } if !f.is_empty() && !ids(*index).is_some_and(|set| set.contains(f)) => {
            let target = &site.pages[*index];
            Some(anchor_problem(dest, f, target, ids(*index)))
        }
        Target::SamePage { fragment }
            if !fragment.is_empty() && !ids(pi).is_some_and(|set| set.contains(fragment)) =>
        {
            Some(anchor_problem(dest, fragment, page, ids(pi)))
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

/// Words too common in headings to say which one was meant.
const LITTLE_WORDS: &[&str] = &[
    "", "a", "an", "and", "at", "be", "for", "how", "in", "is", "it", "of", "on", "or", "the",
    "to", "what", "with", "you", "your",
];

/// The anchor the editor probably meant: a near spelling, or one sharing a word
/// (`#mentors` → `#find-a-mentor`).
fn similar_anchor<'a>(
    fragment: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    // Written as the heading reads (`#Build your CV`), it is the heading's id once slugified.
    let slug = crate::markdown::slugify(fragment);
    if let Some(id) = ids.clone().find(|id| *id == slug) {
        return Some(id);
    }
    if let Some(id) = nearest(fragment, ids.clone()) {
        return Some(id);
    }
    // A word in common: the same word (`#cv` → `#build-your-cv`), or one with the same
    // stem (`#mentors` → `#find-a-mentor`).
    let shares_word = |id: &str| {
        slug.split('-')
            .filter(|f| !LITTLE_WORDS.contains(f))
            .any(|f| {
                id.split('-').any(|w| {
                    let common = f.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
                    f == w || common >= 5 || (common >= 4 && common == f.len().min(w.len()))
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
            self.source_line = page.body_line_text(line).map(str::to_string);
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
        let ids = ["getting-started", "build-your-cv", "applying-for-funding"];
        assert_eq!(
            similar_anchor("cv", ids.iter().copied()),
            Some("build-your-cv")
        );
        assert_eq!(
            similar_anchor("Build your CV!", ids.iter().copied()),
            Some("build-your-cv")
        );
        // Little words like "for" or "your" are no clue.
        assert_eq!(similar_anchor("for-your-team", ids.iter().copied()), None);
    }

    #[test]
    fn contact_links_are_checked_for_shape_and_never_leave_the_site() {
        assert!(contact_problem("mailto:rd@trust.nhs.uk").is_none());
        assert!(contact_problem("mailto:a@b.nhs.uk,c@d.org?subject=Hi%20there").is_none());
        assert!(contact_problem("mailto:rd%40trust.nhs.uk").is_none());
        for bad in [
            "mailto:",
            "mailto:rd",
            "mailto:rd@trust",
            "mailto:r d@trust.nhs.uk",
            "mailto:@x.org",
            "mailto:a@.org",
        ] {
            assert!(contact_problem(bad).is_some(), "{bad}");
        }
        assert!(contact_problem("tel:+44 1234 567890").is_none());
        assert!(contact_problem("tel:(01234)%20567890").is_none());
        assert!(contact_problem("tel:call-me").is_some());
        assert!(contact_problem("https://x.org").is_none());
        assert!(leaves_site("https://www.nihr.ac.uk/"));
        assert!(leaves_site("HTTP://x.org"));
        assert!(leaves_site("//x.org/a"));
        assert!(!leaves_site("tel:+441234567890"));
        assert!(!leaves_site("mailto:rd@trust.nhs.uk"));
        assert!(!leaves_site("../guide/a.md"));
    }
}
