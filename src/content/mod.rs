//! The site model: pages found under `content/`, their front matter and outlines, in order.

pub mod data;
mod dates;
pub mod frontmatter;
pub mod pathway;

pub use dates::{human_date, next_review};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, display_path};
use crate::layers;
use crate::markdown::{self, Outline, slugify};
use crate::memo::{Memo, Texts};
use crate::project_files;
use crate::publish;
pub use data::{GlossaryTerm, Resource, ResourceGroup};
pub use frontmatter::FrontMatter;
pub use pathway::{Pathway, Stage};

pub use crate::layers::CONTENT_DIR;

/// What sort of page this is; decides the default template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    Home,
    Section,
    Guide,
    CaseStudy,
    Checklist,
    Page,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Guide => "guide",
            PageKind::CaseStudy => "case-study",
            PageKind::Checklist => "checklist",
            PageKind::Page => "page",
        }
    }
}

/// One published page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path under `content/`, forward slashes: `guide/01-introduction.md`.
    pub source: String,
    /// Path as shown to the editor: `content/guide/01-introduction.md`.
    pub shown: String,
    pub front: FrontMatter,
    /// The front matter as written (for locating keys in messages).
    pub front_yaml: String,
    pub body: String,
    /// File line on which `body` starts.
    pub body_line: usize,
    /// Where each line of `body` starts (made once with the page: a message shows the line
    /// it is about, and finding it by counting lines from the top made a page with
    /// thousands of warnings cost the square of its length).
    body_line_starts: Vec<usize>,
    /// Output file relative to the output root: `guide/introduction/index.html`.
    pub output_path: String,
    pub kind: PageKind,
    /// Top-level folder (`guide`), or empty for pages at the root.
    pub folder: String,
    /// True for a folder's `_index.md`.
    pub is_index: bool,
    /// Position among its siblings: `order`, else the file's number prefix.
    pub order: Option<i64>,
    pub outline: Outline,
}

/// A page hashes as everything it is made of, so a step remembered with
/// `Memo::remember(page, …)` is made again whenever anything it could read changes.
/// `front` and `outline` are parsed from `front_yaml` and `body` alone (see `parse_page`),
/// so hashing those covers them; every other field is hashed as it is.
impl std::hash::Hash for Page {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let Page {
            source,
            shown,
            front: _,
            front_yaml,
            body,
            body_line,
            body_line_starts: _,
            output_path,
            kind,
            folder,
            is_index,
            order,
            outline: _,
        } = self;
        (source, shown, front_yaml, body, body_line, output_path).hash(state);
        (kind, folder, is_index, order).hash(state);
    }
}

impl Page {
    /// The text of file line `line` of the page's body (as `body.lines()` gives it), or its
    /// first line for a line above the body; none past its end.
    pub fn body_line_text(&self, line: usize) -> Option<&str> {
        line_at(
            &self.body,
            &self.body_line_starts,
            line.saturating_sub(self.body_line),
        )
    }

    /// The folder the page's own file is written in, e.g. `guide/introduction/`.
    pub fn output_dir(&self) -> &str {
        match self.output_path.rfind('/') {
            Some(i) => &self.output_path[..=i],
            None => "",
        }
    }

    /// Pretty address (for sitemap and canonical links): `guide/introduction/`.
    pub fn pretty_url(&self) -> &str {
        self.output_path
            .strip_suffix("index.html")
            .unwrap_or(&self.output_path)
    }

    pub fn template(&self) -> String {
        crate::counters::template_looked_up();
        if let Some(t) = &self.front.template {
            return t.clone();
        }
        match self.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Guide => "guide",
            PageKind::CaseStudy => "case-study",
            PageKind::Checklist => "checklist",
            PageKind::Page => "page",
        }
        .to_string()
    }

    /// Content folder holding the page's file, e.g. `guide/`.
    pub fn source_dir(&self) -> &str {
        match self.source.rfind('/') {
            Some(i) => &self.source[..=i],
            None => "",
        }
    }
}

/// A file copied as it is (an image, a PDF).
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub from: PathBuf,
    /// Path under `content/` and in the output.
    pub path: String,
}

/// Everything the build knows about the content, immutable once loaded.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Published pages, in reading order: home, then folder by folder, each ordered.
    pub pages: Vec<Page>,
    pub by_source: BTreeMap<String, usize>,
    /// Source paths of draft pages (not published; links to them are errors).
    pub drafts: BTreeSet<String>,
    /// Source paths of pages hidden by `hide:` in config.yaml (not published; links to them
    /// are errors).
    pub hidden: BTreeSet<String>,
    pub statics: Vec<StaticFile>,
    pub glossary: Vec<GlossaryTerm>,
    pub resources: Vec<ResourceGroup>,
    /// The career pathway's stages (`content/pathway.yaml`), empty when there is none.
    pub pathway: Pathway,
    /// Indexes into `pages` of the guide sections, in order.
    pub guide: Vec<usize>,
    /// Links and special files found under content/ and left out (warnings, one each).
    pub skipped: Vec<Diagnostic>,
}

impl Site {
    pub fn page(&self, source: &str) -> Option<&Page> {
        self.by_source.get(source).map(|&i| &self.pages[i])
    }

    /// The page whose output is `output_path`, if any.
    pub fn page_at_output(&self, output_path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.output_path == output_path)
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join(CONTENT_DIR)
    }
}

/// Finds and reads every page and data file. Reports all problems at once.
pub fn load(root: &Path, config: Config) -> Result<Site, Vec<Diagnostic>> {
    load_remembering(root, config, &Memo::off(), &Texts::off())
}

/// [`load`], reusing pages parsed by an earlier load whose files have not changed (and
/// pages' texts kept in `texts`, when it keeps them).
pub fn load_remembering(
    root: &Path,
    config: Config,
    memo: &Memo<Result<Page, Diagnostic>>,
    texts: &Texts,
) -> Result<Site, Vec<Diagnostic>> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(vec![Diagnostic::error(CONTENT_DIR, "there is no content folder").hint(
            "run careerguide from the project folder (the one holding config.yaml and content/), or pass --root DIR",
        )]);
    }
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    let layers = layers::content_layers(root, config.local_dir(root).as_deref());
    let (mut page_layers, mut static_layers) = (Vec::new(), Vec::new());
    for layer in &layers {
        let (pages, statics) = discover(root, &layer.dir, &mut problems, &mut skipped);
        page_layers.push(pages);
        static_layers.push(statics);
    }
    let page_files = layers::merge(page_layers);
    let statics: Vec<StaticFile> = layers::merge(static_layers)
        .into_iter()
        .map(|(path, from)| StaticFile { from, path })
        .collect();

    let parsed: Vec<Result<Page, Diagnostic>> = page_files
        .par_iter()
        .map(|(source, path)| {
            let text = texts.read(path, |path| read_text(root, path))?;
            // The text itself (a memo::Shared), hashed once, when it was read.
            memo.remember(
                (root, path, source, &*text),
                |(root, path, source, text)| parse_page(root, path, source, text),
            )
        })
        .collect();
    let mut pages = Vec::new();
    let mut drafts = BTreeSet::new();
    for result in parsed {
        match result {
            Ok(page) if page.front.draft => {
                drafts.insert(page.source.clone());
            }
            Ok(page) => pages.push(page),
            Err(d) => problems.push(d),
        }
    }

    let glossary = data::load_glossary(root, &layers).unwrap_or_else(|mut e| {
        problems.append(&mut e);
        Vec::new()
    });
    let resources = data::load_resources(root, &layers).unwrap_or_else(|mut e| {
        problems.append(&mut e);
        Vec::new()
    });
    // A layer's pathway.yaml replaces the one below it as a whole (stages are one list).
    let pathway = layers
        .iter()
        .rev()
        .map(|layer| layer.dir.join(pathway::PATHWAY_FILE))
        .find(|path| std::fs::symlink_metadata(path).is_ok())
        .map_or_else(|| Ok(Pathway::default()), |path| pathway::load(root, &path))
        .unwrap_or_else(|mut e| {
            problems.append(&mut e);
            Pathway::default()
        });
    problems.extend(check_career_stages(&pages, &pathway));
    let hidden = hide_pages(&config, &mut pages, &drafts, &mut problems);

    pages.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));

    let mut by_output: BTreeMap<&str, &Page> = BTreeMap::new();
    for p in &pages {
        if let Some(other) = by_output.insert(&p.output_path, p) {
            problems.push(
                Diagnostic::error(
                    &p.shown,
                    format!(
                        "this page and {} would both be published at {}",
                        other.shown,
                        p.pretty_url()
                    ),
                )
                .hint("rename one of the two files: addresses come from file names, without number prefixes"),
            );
        }
    }
    if pages.iter().all(|p| p.kind != PageKind::Home) && problems.is_empty() {
        problems.push(
            Diagnostic::error(format!("{CONTENT_DIR}/index.md"), "there is no home page")
                .hint("create content/index.md with front matter `title: …` and a welcome text"),
        );
    }
    let config_nav_problems = check_navigation(&config, &pages, &drafts, &hidden);
    problems.extend(config_nav_problems);

    if !problems.is_empty() {
        // A linked local `content/` is met by every reader (pages, glossary, resources…):
        // each problem is reported once.
        let mut seen = std::collections::HashSet::new();
        problems.retain(|d| seen.insert(format!("{d:?}")));
        return Err(problems);
    }
    let by_source = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone(), i))
        .collect();
    let guide = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Guide)
        .map(|(i, _)| i)
        .collect();
    Ok(Site {
        root: root.to_path_buf(),
        config,
        pages,
        by_source,
        drafts,
        hidden,
        statics,
        glossary,
        resources,
        pathway,
        guide,
        skipped,
    })
}

/// A case study's `career_stage` must name a stage of the pathway (by any of its names), or
/// be `other`. Without a pathway file any value is accepted.
fn check_career_stages(pages: &[Page], pathway: &Pathway) -> Vec<Diagnostic> {
    if pathway.stages.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for page in pages {
        let Some(value) = &page.front.career_stage else {
            continue;
        };
        if pathway.stage(value).is_some() || value.trim() == pathway::OTHER_STAGE {
            continue;
        }
        // The front matter starts on the file's second line.
        let line = page
            .front_yaml
            .lines()
            .position(|l| l.trim_start().starts_with("career_stage:"))
            .map_or(1, |i| i + 2);
        problems.push(
            Diagnostic::error(
                &page.shown,
                format!("`career_stage: {value}` is not a stage of the career pathway"),
            )
            .at(line)
            .hint(format!(
                "use one of: {} (content/pathway.yaml lists the stages and their other names)",
                pathway.values().join(", ")
            )),
        );
    }
    problems
}

fn sort_key(p: &Page) -> (u8, &str, bool, i64, &str) {
    let depth_rank = if p.kind == PageKind::Home { 0 } else { 1 };
    (
        depth_rank,
        p.folder.as_str(),
        !p.is_index,
        p.order.unwrap_or(i64::MAX),
        p.source.as_str(),
    )
}

fn check_navigation(
    config: &Config,
    pages: &[Page],
    drafts: &BTreeSet<String>,
    hidden: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    config
        .navigation
        .iter()
        .filter(|n| !pages.iter().any(|p| &p.source == *n))
        .map(|n| {
            let known: Vec<&str> = pages.iter().map(|p| p.source.as_str()).collect();
            let hint = if hidden.contains(n) {
                "that page is hidden by `hide:` in config.yaml: take it out of `navigation` or out of `hide`".to_string()
            } else if drafts.contains(n) {
                "that page is a draft: publish it (remove `draft: true`) or take it out of `navigation`".to_string()
            } else {
                match crate::diagnostics::nearest(n, known.iter().copied()) {
                    Some(k) => format!("did you mean `{k}`? Entries are file paths under content/"),
                    None => "entries are file paths under content/, e.g. `guide/_index.md`".to_string(),
                }
            };
            config.locate(Diagnostic::error(crate::config::FILE_NAME, format!("navigation lists `{n}`, which is not a page")), n)
                .hint(hint)
        })
        .collect()
}

/// Files keyed by their path inside a content folder (their `source`).
type Keyed = Vec<(String, PathBuf)>;

/// Walks a content folder, in a stable order, sorting files into pages and static files,
/// each keyed by its `source`. A layer that does not exist (a local layer without
/// `content/`) has no files. Links and special files are left out with a warning naming
/// them (`project_files`), except data files, which their loader reports.
fn discover(
    root: &Path,
    content: &Path,
    problems: &mut Vec<Diagnostic>,
    skipped: &mut Vec<Diagnostic>,
) -> (Keyed, Keyed) {
    let mut pages = Vec::new();
    let mut statics = Vec::new();
    let walked = project_files::walk(root, content);
    for (path, refused) in walked.refused {
        let source = display_path(content, &path);
        if path == content {
            // The whole layer unread is no small omission.
            problems.push(refused);
        } else if !is_data_file(&source) {
            skipped.push(project_files::skipped(refused));
        }
    }
    for path in walked.files {
        let source = display_path(content, &path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if publish::allow::is_junk(&name) {
            continue;
        }
        if name.ends_with(".md") {
            // Notes for editors (README.md, _template.md) and hidden files are not pages.
            let skipped = name == "README.md"
                || name.starts_with('.')
                || (name.starts_with('_') && name != "_index.md");
            if !skipped {
                pages.push((source, path));
            }
        } else if is_data_file(&source) {
            // Data files: read separately.
        } else if let Some(reserved) = source
            .split('/')
            .find(|part| publish::is_windows_reserved(part))
        {
            problems.push(
                Diagnostic::error(
                    display_path(root, &path),
                    format!("`{reserved}` is a name Windows reserves: a Windows or IIS server cannot hold this file"),
                )
                .hint("rename it (for example add a word: `nul-results.txt` → `null-results.txt`)"),
            );
        } else {
            match publish::check_static(root, &path, publish::Origin::Content) {
                Ok(true) => statics.push((source, path)),
                Ok(false) => {}
                Err(refused) => problems.extend(refused),
            }
        }
    }
    (pages, statics)
}

/// A data file, read by its own loader rather than published.
fn is_data_file(source: &str) -> bool {
    source == data::GLOSSARY_FILE
        || source == data::RESOURCES_FILE
        || source == pathway::PATHWAY_FILE
}

/// Takes the pages named by `hide:` in config.yaml out of `pages`, returning their paths.
/// A path that names no page is an error (a typo would otherwise publish the page).
fn hide_pages(
    config: &Config,
    pages: &mut Vec<Page>,
    drafts: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) -> BTreeSet<String> {
    let mut hidden = BTreeSet::new();
    if config.hide.is_empty() {
        return hidden;
    }
    // Read again only to point a message at the entry's line.
    let config_text = Some(config.text()).filter(|t| !t.is_empty());
    for entry in &config.hide {
        let wanted = entry.trim().trim_start_matches("./");
        let wanted = wanted
            .strip_prefix(&format!("{CONTENT_DIR}/"))
            .unwrap_or(wanted);
        if pages.iter().any(|p| p.source == wanted) || drafts.contains(wanted) {
            hidden.insert(wanted.to_string());
            continue;
        }
        let known: Vec<&str> = pages.iter().map(|p| p.source.as_str()).collect();
        let hint = match crate::diagnostics::nearest(wanted, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`? Entries are page files under content/ (or the local layer's content/)"),
            None => "entries are page files under content/, e.g. `guide/05-for-managers.md`; remove the entry if the page has gone".to_string(),
        };
        let mut d = Diagnostic::error(
            crate::config::FILE_NAME,
            format!("`hide` lists `{entry}`, which is not a page"),
        )
        .hint(hint);
        if let Some((line, text)) = config_text.and_then(|t| {
            t.lines()
                .position(|l| l.contains(entry.as_str()))
                .map(|i| (i + 1, t))
        }) {
            d = d.at(line).with_source(text);
        }
        problems.push(d);
    }
    pages.retain(|p| !hidden.contains(&p.source));
    hidden
}

/// `03-why-research` → (`why-research`, Some(3)).
pub fn strip_number(stem: &str) -> (&str, Option<i64>) {
    let digits = stem.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < stem.len() {
        let rest = &stem[digits..];
        if let Some(r) = rest.strip_prefix('-').or_else(|| rest.strip_prefix('_')) {
            return (r, stem[..digits].parse().ok());
        }
    }
    (stem, None)
}

/// A file or folder name as part of an address: composed (NFC) first, so a name typed as
/// `é` and one saved as `e` plus an accent (macOS) give the same address, then slugified.
fn address_part(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    slugify(&name.nfc().collect::<String>())
}

/// Each part of a page's address must have letters or numbers in it, and must not be a
/// name Windows reserves (`con`, `nul`, `com1`…), which a Windows server cannot hold.
fn check_address(
    shown: &str,
    folder_names: &[&str],
    folder_slugs: &[String],
    file: &str,
    stem: &str,
    stem_name: &str,
) -> Result<(), Diagnostic> {
    let is_index = stem == "_index" || stem == "index";
    let mut parts: Vec<(&str, String)> = folder_names
        .iter()
        .copied()
        .zip(folder_slugs.iter().cloned())
        .collect();
    if !is_index && stem_name != "404" {
        parts.push((file, address_part(stem_name)));
    }
    for (name, slug) in parts {
        if slug.is_empty() {
            return Err(Diagnostic::error(
                shown,
                format!("`{name}` gives no address: once its number prefix is taken off, it has no letters or numbers"),
            )
            .hint("rename it with a word or two in letters or numbers, e.g. `05-smiling.md`: the page's address is made from its file and folder names"));
        }
        if publish::is_windows_reserved(&slug) {
            return Err(Diagnostic::error(
                shown,
                format!("`{name}` would be published as `{slug}/`, a name Windows reserves (a Windows or IIS server cannot hold it)"),
            )
            .hint("rename it, e.g. `console.md` or `null-results.md`"));
        }
    }
    Ok(())
}

fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    crate::project_files::read_text(root, path, crate::project_files::Kind::Page)
}

/// A page's path under content/ taken apart: its folders as written and as address parts,
/// its file name, and the file name's stem with and without its leading number.
struct SourceName<'s> {
    folder_names: Vec<&'s str>,
    folders: Vec<String>,
    file: &'s str,
    stem: &'s str,
    stem_name: &'s str,
    number: Option<i64>,
}

impl<'s> SourceName<'s> {
    fn of(source: &'s str) -> Self {
        let mut folder_names: Vec<&str> = source.split('/').collect();
        let file = folder_names.pop().unwrap_or_default();
        let stem = file.strip_suffix(".md").unwrap_or(file);
        let folders = folder_names
            .iter()
            .map(|f| address_part(strip_number(f).0))
            .collect();
        let (stem_name, number) = strip_number(stem);
        SourceName {
            folder_names,
            folders,
            file,
            stem,
            stem_name,
            number,
        }
    }

    fn is_index(&self) -> bool {
        self.stem == "_index" || self.stem == "index"
    }

    /// Where the page is published and what sort of page it is.
    fn address(&self) -> (String, PageKind) {
        let folders = &self.folders;
        let is_index = self.is_index();
        let output_path = if is_index {
            folders.iter().map(|f| format!("{f}/")).collect::<String>() + "index.html"
        } else if folders.is_empty() && self.stem_name == "404" {
            "404.html".to_string()
        } else {
            let slug = address_part(self.stem_name);
            folders.iter().map(|f| format!("{f}/")).collect::<String>() + &slug + "/index.html"
        };
        let kind = if is_index && folders.is_empty() {
            PageKind::Home
        } else if is_index {
            PageKind::Section
        } else {
            match folders.first().map(String::as_str) {
                Some("guide") => PageKind::Guide,
                Some("case-studies") => PageKind::CaseStudy,
                Some("checklists") => PageKind::Checklist,
                _ => PageKind::Page,
            }
        };
        (output_path, kind)
    }
}

/// Where the page with this `source` is published (`guide/introduction/index.html`) and
/// what sort of page it is, from its file's path alone.
pub fn page_address(source: &str) -> (String, PageKind) {
    SourceName::of(source).address()
}

/// One page's file as the layers give it (a local file replacing the bundled one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFile {
    /// Path under `content/`: the page's id in the site's model.
    pub source: String,
    /// The file itself.
    pub path: PathBuf,
    pub origin: layers::Origin,
    /// Where it is published (see [`page_address`]).
    pub output_path: String,
    pub kind: PageKind,
}

/// Every page file of every layer, merged as a build merges them, whether or not the
/// pages parse: `serve --edit` finds a page's file this way even while the site is broken.
pub fn page_files(root: &Path, config: &Config) -> Vec<PageFile> {
    let layers = layers::content_layers(root, config.local_dir(root).as_deref());
    let (mut problems, mut skipped) = (Vec::new(), Vec::new());
    let found: Vec<Vec<(String, (PathBuf, layers::Origin))>> = layers
        .iter()
        .map(|layer| {
            discover(root, &layer.dir, &mut problems, &mut skipped)
                .0
                .into_iter()
                .map(|(source, path)| (source, (path, layer.origin)))
                .collect()
        })
        .collect();
    layers::merge(found)
        .into_iter()
        .map(|(source, (path, origin))| {
            let (output_path, kind) = page_address(&source);
            PageFile {
                source,
                path,
                origin,
                output_path,
                kind,
            }
        })
        .collect()
}

/// A page from its file's text (`source` is its path inside content/).
fn parse_page(root: &Path, path: &Path, source: &str, text: &str) -> Result<Page, Diagnostic> {
    let shown = display_path(root, path);
    let (front, split) = frontmatter::parse(text, &shown)?;
    let (body, body_line) = (split.body.to_string(), split.body_line);
    let front_yaml = split.yaml.to_string();

    let name = SourceName::of(source);
    check_address(
        &shown,
        &name.folder_names,
        &name.folders,
        name.file,
        name.stem,
        name.stem_name,
    )?;
    let (output_path, kind) = name.address();
    let (is_index, number) = (name.is_index(), name.number);
    let folder = name.folders.first().cloned().unwrap_or_default();
    crate::markdown::nesting::check(&body, body_line, &shown, text)?;
    let outline = markdown::outline(&body, body_line);
    Ok(Page {
        source: source.to_string(),
        shown,
        order: front.order.or(number),
        front,
        front_yaml,
        body_line_starts: line_starts(&body),
        body,
        body_line,
        output_path,
        kind,
        folder,
        is_index,
        outline,
    })
}

/// Where each line of `text` starts, as `str::lines` splits it (no line after a final
/// newline).
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    if starts.last() == Some(&text.len()) {
        starts.pop();
    }
    starts
}

/// Line `n` (from 0) of `text`, whose lines start at `starts` ([`line_starts`]).
fn line_at<'t>(text: &'t str, starts: &[usize], n: usize) -> Option<&'t str> {
    let start = *starts.get(n)?;
    let end = starts.get(n + 1).map_or(text.len(), |&next| next);
    let line = &text[start..end];
    Some(match line.strip_suffix('\n') {
        Some(line) => line.strip_suffix('\r').unwrap_or(line),
        None => line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_line_is_the_line_str_lines_gives() {
        for body in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\nc\n",
            "x\n\n",
            "é\nü\r\n",
            "a\r",
            "a\rb\n",
        ] {
            let starts = line_starts(body);
            let page_line = |n: usize| line_at(body, &starts, n);
            let lines: Vec<&str> = body.lines().collect();
            for n in 0..lines.len() + 2 {
                assert_eq!(page_line(n), lines.get(n).copied(), "{body:?} line {n}");
            }
        }
    }

    #[test]
    fn number_prefixes_are_stripped_and_kept_as_order() {
        assert_eq!(strip_number("03-why"), ("why", Some(3)));
        assert_eq!(strip_number("404"), ("404", None));
        assert_eq!(strip_number("2024_plan"), ("plan", Some(2024)));
        assert_eq!(strip_number("plain"), ("plain", None));
    }
}
