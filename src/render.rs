//! Rendering: Markdown bodies to HTML, then whole pages through the theme's Tera templates.
//! Tera stays inside this module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{GlossaryTerm, Page, PageKind, ResourceGroup, Site};
use crate::diagnostics::{Diagnostic, display_path};
use crate::links::{self, Target, relative, root_prefix};
use crate::markdown::{self, RenderOptions, Rendered, ResolvedHref};
use crate::memo::{self, Memo};

pub const THEMES_DIR: &str = "themes";

/// A loaded theme: its templates and the folder of static files.
pub struct Theme {
    tera: tera::Tera,
    pub static_dir: PathBuf,
    templates_shown: String,
    /// A hash of every template's name and text.
    fingerprint: u64,
}

/// Loads every template of the configured theme, reporting every broken one.
pub fn load_theme(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let theme_dir = root.join(THEMES_DIR).join(&config.theme);
    let templates_dir = theme_dir.join("templates");
    let templates_shown = display_path(root, &templates_dir);
    if !templates_dir.is_dir() {
        let available: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .collect()
            })
            .unwrap_or_default();
        return Err(vec![
            Diagnostic::error(
                crate::config::FILE_NAME,
                format!(
                    "theme `{}` not found (looked for {templates_shown}/)",
                    config.theme
                ),
            )
            .hint(format!(
                "set `theme:` to one of the folders in themes/: {}",
                if available.is_empty() {
                    "none found".to_string()
                } else {
                    available.join(", ")
                }
            )),
        ]);
    }
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(&templates_dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = display_path(&templates_dir, entry.path());
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => sources.push((name, text)),
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    format!("{templates_shown}/{name}"),
                    format!("cannot read template: {e}"),
                )]);
            }
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        return Err(vec![template_error(&e, &templates_shown, &sources, None)]);
    }
    Ok(Theme {
        tera,
        static_dir: theme_dir.join("static"),
        templates_shown,
        fingerprint: memo::key(&sources),
    })
}

fn template_error(
    e: &tera::Error,
    templates_shown: &str,
    sources: &[(String, String)],
    page: Option<&Page>,
) -> Diagnostic {
    let while_rendering = page
        .map(|p| format!(" (while rendering {})", p.shown))
        .unwrap_or_default();
    let hint =
        "fix the template at this line; the values templates can use are listed in docs/theming.md";
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let file = format!("{templates_shown}/{}", r.filename());
            let span = r.span();
            let mut d = Diagnostic::error(file, format!("{}{while_rendering}", r.message()))
                .at_column(span.start_line, span.start_col + 1)
                .hint(hint);
            if let Some((_, text)) = sources.iter().find(|(n, _)| n == r.filename()) {
                d = d.with_source(text);
            }
            d
        }
        _ => Diagnostic::error(templates_shown, format!("{e}{while_rendering}")).hint(hint),
    }
}

/// Markdown bodies of every page, rendered for the page's own location (in page order).
/// A body is remembered in `memo` under everything it depends on: its own Markdown and
/// place, the glossary, and where every link could lead (pages, drafts, files).
pub fn render_bodies(site: &Site, memo: &Memo<Rendered>) -> Vec<Rendered> {
    let abbreviations = abbreviation_map(&site.glossary);
    let link_targets = memo::key(&(
        site.pages
            .iter()
            .map(|p| (&p.source, &p.output_path))
            .collect::<Vec<_>>(),
        &site.drafts,
        site.statics.iter().map(|s| &s.path).collect::<Vec<_>>(),
        &abbreviations,
    ));
    site.pages
        .par_iter()
        .map(|page| {
            let key = memo::key(&(
                link_targets,
                &page.source,
                &page.output_path,
                &page.body,
                page.kind.as_str(),
                page.front.notes_space,
            ));
            memo.get_or(key, || {
                render_body(site, page, page.output_dir(), &abbreviations, 0, "")
            })
        })
        .collect()
}

pub fn abbreviation_map(glossary: &[GlossaryTerm]) -> BTreeMap<String, String> {
    glossary
        .iter()
        .map(|t| (t.term.clone(), t.expansion.clone()))
        .collect()
}

/// The checklist id of a page: its file name without number prefix, as a slug.
pub fn checklist_id(page: &Page) -> String {
    let dir = page.output_dir().trim_end_matches('/');
    dir.rsplit('/').next().unwrap_or(dir).to_string()
}

fn render_body(
    site: &Site,
    page: &Page,
    at_dir: &str,
    abbreviations: &BTreeMap<String, String>,
    heading_shift: u8,
    id_prefix: &str,
) -> Rendered {
    let resolve = |dest: &str| -> ResolvedHref {
        let target = links::resolve(site, page, dest);
        ResolvedHref {
            external: matches!(target, Target::External) && !dest.starts_with("mailto:"),
            href: links::href(site, at_dir, &target, dest),
        }
    };
    let prefix = if page.kind == PageKind::Checklist {
        checklist_id(page)
    } else {
        String::new()
    };
    markdown::render(
        &page.body,
        &RenderOptions {
            resolve: &resolve,
            abbreviations,
            checkbox_prefix: &prefix,
            notes_space: page.front.notes_space,
            heading_shift,
            id_prefix,
        },
    )
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct OrganisationView<'a> {
    name: &'a str,
    logo: Option<String>,
    contact: Option<String>,
    contact_label: Option<String>,
}

/// What every page's rendering shares, worked out once per build.
struct Shared<'m> {
    /// Hash of the glossary and resources (the same in every page's context).
    data_key: u64,
    /// Pages rendered by earlier builds.
    memo: &'m Memo<String>,
}

/// Everything a template sees (documented in docs/theming.md).
#[derive(Serialize)]
struct PageContext<'a> {
    site: SiteView<'a>,
    root: String,
    assets: String,
    canonical: Option<String>,
    generator: &'static str,
    page: PageView<'a>,
    glossary: &'a [GlossaryTerm],
    resources: &'a [ResourceGroup],
    case_studies: Vec<CaseStudyView<'a>>,
    guide: Vec<GuideSectionView>,
    search_az: Vec<AzLetter>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    organisation: OrganisationView<'a>,
    nav: Vec<NavItem>,
    search_url: String,
    print_url: Option<String>,
    glossary_url: Option<String>,
    accessibility_url: Option<String>,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Child<'a> {
    title: &'a str,
    url: String,
    summary: Option<&'a str>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    kind: &'static str,
    url: String,
    content: &'a str,
    toc: Vec<TocEntry<'a>>,
    breadcrumbs: Vec<Link>,
    prev: Option<Link>,
    next: Option<Link>,
    reviewed: Option<String>,
    next_review: Option<String>,
    children: Vec<Child<'a>>,
    person: Option<&'a str>,
    role: Option<&'a str>,
    organisation: Option<&'a str>,
    profession: Option<&'a str>,
    career_stage: Option<&'a str>,
    quote: Option<&'a str>,
    print_fields: Vec<&'a str>,
    notes_space: bool,
    checklist_id: String,
    item_count: usize,
    download_url: Option<String>,
}

#[derive(Serialize)]
struct GuideSectionView {
    title: String,
    url: String,
    anchor: String,
    content: String,
    toc: Vec<Link>,
}

#[derive(Serialize)]
struct CaseStudyView<'a> {
    title: &'a str,
    url: String,
    person: Option<&'a str>,
    role: Option<&'a str>,
    organisation: Option<&'a str>,
    career_stage: Option<&'a str>,
    quote: Option<&'a str>,
    summary: Option<&'a str>,
}

#[derive(Serialize, Clone)]
pub struct AzEntry {
    pub label: String,
    /// Root-relative address of the target (`guide/introduction/index.html#x`).
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct AzLetter {
    pub letter: String,
    pub entries: Vec<AzEntry>,
}

/// What every page's context shares, computed once per build.
pub struct Extras {
    /// The no-JavaScript A–Z of topics, root-relative.
    pub search_az: Vec<AzLetter>,
}

/// The plain-text download of a checklist page.
pub fn checklist_download_name(page: &Page) -> String {
    format!("{}.txt", checklist_id(page))
}

pub fn human_date(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

pub fn next_review(d: jiff::civil::Date, months: u32) -> Option<jiff::civil::Date> {
    d.checked_add(jiff::Span::new().months(i64::from(months)))
        .ok()
}

/// Renders every page through its template. Returns (output path, HTML) in page order.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    bodies: &[Rendered],
    extras: &Extras,
    memo: &Memo<String>,
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let shared = Shared {
        data_key: memo::key_serialized(&(&site.glossary, &site.resources)),
        memo,
    };
    let results: Vec<Result<(String, String), Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| render_page(site, theme, bodies, extras, &shared, i, page))
        .collect();
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => {
                if !problems.contains(&d) {
                    problems.push(d)
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(problems)
    }
}

fn render_page(
    site: &Site,
    theme: &Theme,
    bodies: &[Rendered],
    extras: &Extras,
    shared: &Shared,
    index: usize,
    page: &Page,
) -> Result<(String, String), Diagnostic> {
    let template = format!("{}.html", page.template());
    if !theme.tera.contains_template(&template) {
        return Err(Diagnostic::error(
            &page.shown,
            format!("template `{template}` does not exist in {}", theme.templates_shown),
        )
        .at(2)
        .hint("set `template:` to the name of a file in the theme's templates folder (without .html), or remove it"));
    }
    // The 404 page is served at any depth, so its links must not depend on its location.
    let base = site.config.base_url();
    let (root, dir) = if page.output_path == "404.html" {
        (base.clone().unwrap_or_default(), String::new())
    } else {
        (
            root_prefix(page.output_dir()),
            page.output_dir().to_string(),
        )
    };
    let url_to = |output: &str| format!("{root}{}", relative("", output));
    let link_to = |p: &Page| Link {
        title: p.front.title.clone(),
        url: if root.starts_with("http") {
            url_to(&p.output_path)
        } else {
            relative(&dir, &p.output_path)
        },
    };
    let body = &bodies[index];

    let nav = site
        .config
        .navigation
        .iter()
        .filter_map(|source| site.page(source))
        .map(|p| {
            let folder = p.output_dir();
            let short = p.front.nav_title.as_ref().unwrap_or(&p.front.title);
            let current = page.output_path == p.output_path
                || (!folder.is_empty() && page.output_path.starts_with(folder));
            NavItem {
                current,
                title: short.clone(),
                url: link_to(p).url,
            }
        })
        .collect();
    let search_page = site.pages.iter().find(|p| p.template() == "search");
    let print_page = site.pages.iter().find(|p| p.template() == "print");
    let org = &site.config.organisation;
    let site_view = SiteView {
        title: &site.config.title,
        description: site.config.description.as_deref(),
        language: &site.config.language,
        organisation: OrganisationView {
            name: &org.name,
            logo: org.logo.as_ref().map(|l| format!("{root}{l}")),
            contact: org.contact.as_ref().map(|c| {
                if c.contains('@') && !c.contains(':') {
                    format!("mailto:{c}")
                } else {
                    c.clone()
                }
            }),
            contact_label: org.contact_label.clone().or_else(|| {
                org.contact
                    .as_ref()
                    .map(|_| format!("Contact {}", org.name))
            }),
        },
        nav,
        search_url: search_page.map_or_else(|| url_to("index.html"), |p| link_to(p).url),
        print_url: print_page.map(|p| link_to(p).url),
        glossary_url: site
            .pages
            .iter()
            .find(|p| p.template() == "glossary")
            .map(|p| link_to(p).url),
        accessibility_url: site
            .pages
            .iter()
            .find(|p| {
                p.source
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
                    == "accessibility.md"
            })
            .map(|p| link_to(p).url),
    };

    let breadcrumbs = breadcrumbs(site, page)
        .into_iter()
        .map(|p| Link {
            title: p
                .front
                .nav_title
                .clone()
                .unwrap_or_else(|| p.front.title.clone()),
            url: link_to(p).url,
        })
        .collect();
    let (prev, next) = match site.guide.iter().position(|&g| g == index) {
        Some(pos) => (
            pos.checked_sub(1)
                .map(|p| link_to(&site.pages[site.guide[p]])),
            site.guide.get(pos + 1).map(|&n| link_to(&site.pages[n])),
        ),
        None => (None, None),
    };
    let children = if page.is_index {
        site.pages
            .iter()
            .filter(|p| !p.is_index && p.source_dir() == page.source_dir())
            .map(|p| Child {
                title: &p.front.title,
                url: link_to(p).url,
                summary: p.front.summary.as_deref(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let f = &page.front;
    let is_checklist = page.kind == PageKind::Checklist;
    let view = PageView {
        title: &f.title,
        summary: f.summary.as_deref(),
        kind: page.kind.as_str(),
        url: link_to(page).url,
        content: &body.html,
        toc: page
            .outline
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| TocEntry {
                id: &h.id,
                title: &h.text,
            })
            .collect(),
        breadcrumbs,
        prev,
        next,
        reviewed: f.reviewed.map(human_date),
        next_review: f
            .reviewed
            .and_then(|d| next_review(d, site.config.review.months))
            .map(human_date),
        children,
        person: f.person.as_deref(),
        role: f.role.as_deref(),
        organisation: f.organisation.as_deref(),
        profession: f.profession.as_deref(),
        career_stage: f.career_stage.as_deref(),
        quote: f.quote.as_deref(),
        print_fields: f
            .print_fields
            .as_ref()
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_else(|| vec!["Name", "Role", "Date"]),
        notes_space: f.notes_space,
        checklist_id: checklist_id(page),
        item_count: body.checklist.len(),
        download_url: (is_checklist && !body.checklist.is_empty())
            .then(|| checklist_download_name(page)),
    };
    let case_studies: Vec<CaseStudyView> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::CaseStudy)
        .map(|p| CaseStudyView {
            title: &p.front.title,
            url: link_to(p).url,
            person: p.front.person.as_deref(),
            role: p.front.role.as_deref(),
            organisation: p.front.organisation.as_deref(),
            career_stage: p.front.career_stage.as_deref(),
            quote: p.front.quote.as_deref(),
            summary: p.front.summary.as_deref(),
        })
        .collect();
    let guide: Vec<GuideSectionView> = if page.template() == "print" {
        print_sections(site, &dir)
    } else {
        Vec::new()
    };
    // Only the search page shows the A–Z; building it for every page would make each page
    // cost as much as the whole site's headings.
    let az: Vec<AzLetter> = if page.template() != "search" {
        Vec::new()
    } else {
        extras
            .search_az
            .iter()
            .map(|l| AzLetter {
                letter: l.letter.clone(),
                entries: l
                    .entries
                    .iter()
                    .map(|e| AzEntry {
                        label: e.label.clone(),
                        url: relative(&dir, &e.url),
                    })
                    .collect(),
            })
            .collect()
    };
    let mut context = PageContext {
        site: site_view,
        assets: format!("{root}assets/"),
        root,
        canonical: base.as_ref().map(|b| format!("{b}{}", page.pretty_url())),
        generator: "careerguide",
        page: PageView {
            content: "",
            ..view
        },
        glossary: &[],
        resources: &[],
        case_studies,
        guide,
        search_az: az,
    };
    // The same template and theme with the same context give the same page: a page whose
    // context did not change since the last build is not rendered again. The largest parts
    // (the page's HTML; the glossary and resources, the same on every page) are hashed
    // directly, outside the JSON form of the rest.
    let key = memo::key(&(
        theme.fingerprint,
        &template,
        shared.data_key,
        &body.html,
        memo::key_serialized(&context),
    ));
    if let Some(html) = shared.memo.get(key) {
        return Ok((page.output_path.clone(), html));
    }
    context.page.content = &body.html;
    context.glossary = &site.glossary;
    context.resources = &site.resources;
    let html = tera::Context::from_serialize(&context)
        .and_then(|ctx| theme.tera.render(&template, &ctx))
        .map_err(|e| {
            let sources = theme_sources(&site.root, &theme.templates_shown);
            template_error(&e, &theme.templates_shown, &sources, Some(page))
        })?;
    shared.memo.put(key, html.clone());
    Ok((page.output_path.clone(), html))
}

fn theme_sources(root: &Path, templates_shown: &str) -> Vec<(String, String)> {
    let dir = root.join(templates_shown);
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((display_path(&dir, e.path()), text))
        })
        .collect()
}

/// Home, then each enclosing folder's `_index.md` (not the page itself).
fn breadcrumbs<'s>(site: &'s Site, page: &Page) -> Vec<&'s Page> {
    if page.kind == PageKind::Home {
        return Vec::new();
    }
    let mut crumbs: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Home)
        .collect();
    let dir = page.source_dir();
    let mut prefix = String::new();
    for part in dir.split('/').filter(|s| !s.is_empty()) {
        prefix.push_str(part);
        prefix.push('/');
        let index_source = format!("{prefix}_index.md");
        if let Some(p) = site
            .page(&index_source)
            .or_else(|| site.page(&format!("{prefix}index.md")))
            && p.source != page.source
        {
            crumbs.push(p);
        }
    }
    crumbs
}

/// The guide sections rendered for the whole-guide print page at `dir`.
fn print_sections(site: &Site, dir: &str) -> Vec<GuideSectionView> {
    let abbreviations = abbreviation_map(&site.glossary);
    site.guide
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            let anchor = checklist_id(page);
            let prefix = format!("{anchor}--");
            let body = render_body(site, page, dir, &abbreviations, 1, &prefix);
            GuideSectionView {
                title: page.front.title.clone(),
                url: relative(dir, &page.output_path),
                toc: page
                    .outline
                    .headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .map(|h| Link {
                        title: h.text.clone(),
                        url: format!("#{prefix}{}", h.id),
                    })
                    .collect(),
                anchor,
                content: body.html,
            }
        })
        .collect()
}
