//! The build, start to finish, in memory: config → content → render (pages and search
//! index side by side) → checks → files. Writing them is `output`'s job, so `check` and
//! `serve` reuse this unchanged.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, PageKind, Site};
use crate::diagnostics::{self, Diagnostic};
use crate::lint::PageLint;
use crate::markdown::Rendered;
use crate::memo::{Memo, Texts};
use crate::output::OutFile;
use crate::render::{self, Extras, Renderer};
use crate::search::AzLetter;
use crate::{links, lint, publish, search};

/// What the pipeline remembers between builds (`serve`); a one-off build uses
/// [`Memory::off`], which remembers nothing and hashes nothing.
#[derive(Default)]
pub struct Memory {
    /// Pages' texts, kept only when the files are watched ([`Memory::watched`]).
    pub texts: Texts,
    /// Pages parsed from their files (front matter, outline).
    pub sources: Memo<Result<content::Page, Diagnostic>>,
    /// Rendered Markdown bodies.
    pub bodies: Memo<Rendered>,
    /// Pages rendered through their templates, with their ids (or the template problem
    /// found).
    pub html: Memo<Result<render::RenderedPage, Diagnostic>>,
    /// Where each page's links lead.
    pub links: Memo<Arc<Vec<links::Target>>>,
    /// Each page's editorial checks.
    pub lints: Memo<Arc<PageLint>>,
    /// The A–Z of topics on the search page.
    pub a_to_z: Memo<Vec<AzLetter>>,
}

impl Memory {
    /// A memory that keeps nothing, for builds that run once.
    pub fn off() -> Self {
        Memory {
            texts: Texts::off(),
            sources: Memo::off(),
            bodies: Memo::off(),
            html: Memo::off(),
            links: Memo::off(),
            lints: Memo::off(),
            a_to_z: Memo::off(),
        }
    }

    /// A memory that also keeps pages' texts between builds, for a caller that watches the
    /// files: it must report every file that changes with [`Memory::changed`] before the
    /// next build (`serve`).
    pub fn watched() -> Self {
        Memory {
            texts: Texts::watched(),
            ..Memory::default()
        }
    }

    /// Tells the memory that these files changed (see [`Memory::watched`]).
    pub fn changed<'p>(&self, paths: impl IntoIterator<Item = &'p Path>) {
        self.texts.changed(paths);
    }

    /// Forgets whatever the build that just ended did not use.
    pub fn end_build(&self) {
        self.sources.end_build();
        self.bodies.end_build();
        self.html.end_build();
        self.links.end_build();
        self.lints.end_build();
        self.a_to_z.end_build();
    }
}

/// Where `build_into` hands each finished file, as soon as it is ready (from several
/// threads at once). An error stops the build.
pub type Sink<'s> = &'s (dyn Fn(OutFile) -> Result<(), Diagnostic> + Sync);

/// Settings from the command line that override config.yaml.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub base_url: Option<String>,
    /// Where `serve` shows the site (`http://127.0.0.1:8000/`): the 404 page, served at any
    /// depth, starts its links there. Unlike `base_url` it publishes nothing (no sitemap,
    /// robots.txt or canonical links) and so changes no check: the preview reports exactly
    /// the problems `check` and `build` report.
    pub preview_url: Option<String>,
    /// `Some(false)` turns HTML minification off.
    pub minify: Option<bool>,
    /// Today's date, for review-date checks (defaults to the system date).
    pub today: Option<jiff::civil::Date>,
    /// Leave the search index out of [`Built::files`] and hand it back as
    /// [`Built::search_index`], to be built after the pages are showing (`serve`).
    pub defer_search_index: bool,
    /// The preview (`serve`): settings a published site must have are warnings here, not
    /// errors, although the preview sets a base URL of its own.
    pub preview: bool,
}

/// A successful build: every output file, plus problems that did not stop it.
#[derive(Debug)]
pub struct Built {
    /// Every output file, sorted by path (empty from [`build_into`], which hands them on).
    pub files: Vec<OutFile>,
    /// Editorial problems (all as warnings: `check` reports them with their own severity).
    pub lints: Vec<Diagnostic>,
    /// Theme scripts or stylesheets that could not be minified and were shipped as they are.
    pub asset_warnings: Vec<Diagnostic>,
    /// Overrides in the local layer whose bundled original changed since (see `overrides`).
    pub upgrade_warnings: Vec<Diagnostic>,
    pub page_count: usize,
    /// The search index, when [`Options::defer_search_index`] asked for it to be built later.
    pub search_index: Option<search::IndexJob>,
}

impl Built {
    pub fn warnings(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.lints
            .iter()
            .cloned()
            .map(Diagnostic::as_warning)
            .chain(self.asset_warnings.iter().cloned())
            .chain(self.upgrade_warnings.iter().cloned())
    }
}

/// Runs the whole build without touching the disk. Errors: every problem found, sorted.
pub fn build(root: &Path, options: &Options) -> Result<Built, Vec<Diagnostic>> {
    collecting(|sink| finish(run(root, options, &Memory::off(), sink)))
}

/// The whole build, handing each file to `sink` as soon as it is made instead of keeping
/// the site in memory (`careerguide build` writes them as they come). Pages may have been
/// handed on before a later problem stops the build: the sink must be able to discard them.
pub fn build_into(root: &Path, options: &Options, sink: Sink) -> Result<Built, Vec<Diagnostic>> {
    finish(run(root, options, &Memory::off(), sink))
}

/// [`build`], reusing what `memory` kept from earlier builds of the same project and
/// keeping what this one made (`serve` rebuilds this way after every save).
pub fn build_remembering(
    root: &Path,
    options: &Options,
    memory: &Memory,
) -> Result<Built, Vec<Diagnostic>> {
    let result = collecting(|sink| finish(run(root, options, memory, sink)));
    memory.end_build();
    result
}

/// Runs `build` with a sink that keeps every file, and returns them in [`Built::files`].
fn collecting(
    build: impl FnOnce(Sink) -> Result<Built, Vec<Diagnostic>>,
) -> Result<Built, Vec<Diagnostic>> {
    // The files, and where each is among them (to add the parts of a page handed on in parts).
    let files = std::sync::Mutex::new((Vec::new(), std::collections::HashMap::new()));
    let keep = |f: OutFile| {
        let mut guard = files.lock().unwrap_or_else(|p| p.into_inner());
        let (files, at) = &mut *guard;
        match f {
            OutFile::Append { path, bytes } => match at.get(&path).map(|&i| &mut files[i]) {
                Some(OutFile::Bytes { bytes: whole, .. }) => whole.extend_from_slice(&bytes),
                _ => {
                    return Err(Diagnostic::error(
                        path,
                        "a part of this page was handed on before its start",
                    )
                    .hint("this is a bug in careerguide: please report it"));
                }
            },
            f => {
                at.insert(f.path().to_string(), files.len());
                files.push(f);
            }
        }
        Ok(())
    };
    let mut built = build(&keep)?;
    built.files = files.into_inner().unwrap_or_else(|p| p.into_inner()).0;
    built.files.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(built)
}

fn finish(result: Result<Built, Failed>) -> Result<Built, Vec<Diagnostic>> {
    result.map_err(|failed| {
        let mut problems = failed.errors;
        diagnostics::sort(&mut problems);
        problems
    })
}

/// Everything `careerguide check` reports, sorted: the errors that stop a build and the
/// editorial problems (with their own severity), together even when links are broken.
pub fn check(root: &Path, options: &Options) -> Vec<Diagnostic> {
    // Nothing in the search index can be wrong on its own: skip building it.
    let options = Options {
        defer_search_index: true,
        ..options.clone()
    };
    let mut problems = match run(root, &options, &Memory::off(), &|_| Ok(())) {
        Ok(built) => built
            .lints
            .into_iter()
            .chain(built.asset_warnings)
            .chain(built.upgrade_warnings)
            .collect::<Vec<_>>(),
        Err(failed) => failed.errors.into_iter().chain(failed.lints).collect(),
    };
    diagnostics::sort(&mut problems);
    problems
}

/// A build that stopped: why, and the editorial problems found before it stopped.
struct Failed {
    errors: Vec<Diagnostic>,
    lints: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for Failed {
    fn from(errors: Vec<Diagnostic>) -> Self {
        Failed {
            errors,
            lints: Vec::new(),
        }
    }
}

/// Prints how long each stage took when `CAREERGUIDE_TIMINGS` is set (for profiling).
struct Stopwatch(Option<std::time::Instant>);

impl Stopwatch {
    fn new() -> Self {
        Self(std::env::var_os("CAREERGUIDE_TIMINGS").map(|_| std::time::Instant::now()))
    }
    fn lap(&mut self, stage: &str) {
        if let Some(start) = self.0 {
            eprintln!("  {stage}: {} ms", start.elapsed().as_millis());
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// config.yaml with the command line's settings ([`Options`]) applied: the one place a build,
/// `check` and `check --external` read it, so they always see the same settings.
pub fn load_config(root: &Path, options: &Options) -> Result<Config, Vec<Diagnostic>> {
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.base_url = Some(url.clone());
    }
    config.preview_url.clone_from(&options.preview_url);
    if let Some(minify) = options.minify {
        config.minify = minify;
    }
    Ok(config)
}

/// Pages with more Markdown than this are built after the others, one at a time (see `run`).
pub const LARGE_PAGE_BYTES: usize = 1 << 20;

/// Up to this much Markdown in the whole site, pages over [`LARGE_PAGE_BYTES`] are built
/// beside the others from the start; past it, after them (see `run`). At 32 MiB the other
/// pages' bodies take under about 150 MB, so one long page's working memory fits beside them.
pub const LARGE_PAGES_BESIDE_BYTES: usize = 32 << 20;

fn run(root: &Path, options: &Options, memory: &Memory, sink: Sink) -> Result<Built, Failed> {
    let mut clock = Stopwatch::new();
    let config = load_config(root, options)?;
    // Content, theme and override-record problems are independent: report all at once.
    let (record_errors, upgrade_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        crate::overrides::check(root, &config)
            .into_iter()
            .partition(Diagnostic::is_error);
    let theme = render::load_theme(root, &config);
    clock.lap("load: config and theme");
    let site = content::load_remembering(root, config, &memory.sources, &memory.texts);
    let (site, theme) = match (site, theme) {
        (Ok(site), Ok(theme)) if record_errors.is_empty() => (site, theme),
        (site, theme) => {
            let mut problems = site.err().unwrap_or_default();
            problems.extend(theme.err().unwrap_or_default());
            problems.extend(record_errors);
            return Err(Failed {
                errors: problems,
                lints: upgrade_warnings,
            });
        }
    };
    clock.lap("load: content");
    // A published accessibility statement must give readers a contact route.
    let mut config_warnings = Vec::new();
    let has_statement = site
        .pages
        .iter()
        .any(|p| p.front.template.as_deref() == Some("accessibility"));
    match has_statement
        .then(|| site.config.contact_route_problem(!options.preview))
        .flatten()
    {
        Some(d) if d.is_error() => {
            return Err(Failed {
                errors: vec![d],
                lints: upgrade_warnings,
            });
        }
        Some(d) => config_warnings.push(d),
        None => {}
    }
    let (theme_files, skipped_theme_files) = theme_static_files(root, &theme.static_dirs)?;
    let brand_files = brand_files(root, &site.config)?;
    let mut bodies = render::render_bodies(&site, &memory.bodies);
    clock.lap("markdown");
    // Every path is known now: refuse collisions before anything is rendered or handed on.
    let planned = planned_files(&site, &bodies, &theme_files, &brand_files);
    let clashes = publish::collisions(&planned);
    if !clashes.is_empty() {
        return Err(clashes.into());
    }
    let dead_template_links = template_links_leading_nowhere(&theme, &planned);
    drop(planned);
    let search = search::prepare(&site, &mut bodies, &memory.a_to_z);
    clock.lap("search documents and A–Z");
    // From here on, the bodies' HTML goes to the page pass one page at a time (each is
    // dropped once its page is written), and their text is in the search documents: keeping
    // either for the whole build held every page's body twice over.
    let page_bodies: Vec<String> = bodies
        .iter_mut()
        .map(|b| std::mem::take(&mut b.html))
        .collect();
    // The whole guide on one print page, unless that would be too long to print.
    let guide_bytes: usize = site.guide.iter().map(|&i| page_bodies[i].len()).sum();
    let print_fits = site
        .pages
        .iter()
        .find(|p| p.template() == "print")
        .map(|p| render::print_fits(guide_bytes, &p.shown));
    let extras = Extras {
        search_az: search.az,
        print_whole: !matches!(print_fits, Some(Err(_))),
    };
    let minify = site.config.minify;
    let renderer = Renderer::new(&site, &theme, &bodies, &extras, &memory.html);
    // Each page is rendered, its ids noted (for the anchor checks, which need every page),
    // minified and handed on at once, side by side: no page's HTML outlives its own step.
    // A page that lists the whole site is handed on in parts as they are made (`Parts`).
    let finish = |html: String| -> Vec<u8> {
        if minify {
            crate::minify::html(&html)
        } else {
            html.into_bytes()
        }
    };
    let one_page =
        |(i, body): (usize, String)| -> (usize, Result<Arc<BTreeSet<String>>, Diagnostic>) {
            let _large =
                (site.pages[i].body.len() > LARGE_PAGE_BYTES).then(crate::counters::large_page);
            let page = || {
                let render::RenderedPage { html, ids } = renderer.render(i, body)?;
                let path = &site.pages[i].output_path;
                crate::counters::page_written();
                if let Some(parts) = renderer.parts(i) {
                    let mut first = true;
                    let mut emit = |bytes: Vec<u8>| {
                        let path = path.clone();
                        sink(if std::mem::take(&mut first) {
                            OutFile::Bytes { path, bytes }
                        } else {
                            OutFile::Append { path, bytes }
                        })
                    };
                    let more = parts.write(html, &finish, &mut emit)?;
                    return Ok(if more.is_empty() {
                        ids
                    } else {
                        Arc::new(ids.iter().cloned().chain(more).collect())
                    });
                }
                let html_len = html.len();
                let bytes = finish(html);
                crate::counters::held(html_len + bytes.len());
                sink(OutFile::Bytes {
                    path: path.clone(),
                    bytes,
                })?;
                Ok(ids)
            };
            (i, page())
        };
    let page_pass = || -> Result<Vec<Arc<BTreeSet<String>>>, Vec<Diagnostic>> {
        // The pages that list the whole site (the A–Z of topics, the print page's guide)
        // are many times larger than the rest (and minifying one briefly takes several times
        // its size): they come last, when the other pages' bodies are gone.
        let (whole_site, rest): (Vec<_>, Vec<_>) =
            page_bodies.into_iter().enumerate().partition(|(i, _)| {
                let template = site.pages[*i].template();
                template == "print" || template == render::A_TO_Z
            });
        // A very large page takes about 22 times its Markdown while it is built (its HTML,
        // the page around it, minify-html's tree): those are built one at a time. On a
        // small site they go beside the other pages from the start (there is room, and one
        // core would otherwise wait for them at the end); on a large one they come after
        // the rest, when the other pages' bodies are gone, beside the pages that list the site.
        let (large, rest): (Vec<_>, Vec<_>) = rest
            .into_iter()
            .partition(|(i, _)| site.pages[*i].body.len() > LARGE_PAGE_BYTES);
        let ordinary = || rest.into_par_iter().map(one_page).collect::<Vec<_>>();
        let long = || large.into_iter().map(one_page).collect::<Vec<_>>();
        let listing = || whole_site.into_par_iter().map(one_page).collect::<Vec<_>>();
        let site_markdown: usize = site.pages.iter().map(|p| p.body.len()).sum();
        let (mut results, large, whole_site) = if site_markdown <= LARGE_PAGES_BESIDE_BYTES {
            let (results, large) = rayon::join(ordinary, long);
            (results, large, listing())
        } else {
            let results = ordinary();
            let (large, whole_site) = rayon::join(long, listing);
            (results, large, whole_site)
        };
        results.extend(large);
        results.extend(whole_site);
        results.sort_unstable_by_key(|(i, _)| *i);
        let results = results.into_iter().map(|(_, r)| r);
        let mut ids = Vec::with_capacity(site.pages.len());
        let mut problems: Vec<Diagnostic> = Vec::new();
        for r in results {
            match r {
                Ok(set) => ids.push(set),
                Err(d) if !problems.contains(&d) => problems.push(d),
                Err(_) => {}
            }
        }
        if problems.is_empty() {
            Ok(ids)
        } else {
            Err(problems)
        }
    };
    // CAREERGUIDE_BENCH_NO_SEARCH_INDEX: leave the index out, for the like-for-like row of
    // the benchmark against Hugo (examples/vs_hugo.rs), which builds none.
    let skip_index = options.defer_search_index
        || std::env::var_os("CAREERGUIDE_BENCH_NO_SEARCH_INDEX").is_some();
    // The index and the pages need nothing from each other: build them side by side.
    // The index's files are handed on as they are made (a large site's index is tens of MB).
    let (ids, index_written, deferred_index) = if skip_index {
        (page_pass(), Ok(()), Some(search.index))
    } else {
        let (ids, written) = rayon::join(page_pass, || search.index.write(sink));
        (ids, written, None)
    };
    let ids = ids?;
    clock.lap("pages (templates, minifying, handing on) and search index");

    let (broken, link_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        links::check(&site, &ids, &memory.links)
            .into_iter()
            .partition(Diagnostic::is_error);
    let today = options
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let mut lints = lint::lint(&site, today, &memory.lints);
    lints.extend(site.config.warnings());
    lints.extend(config_warnings);
    lints.extend(link_warnings);
    lints.extend(print_fits.and_then(Result::err));
    lints.extend(site.skipped.iter().cloned());
    clock.lap("checks");
    // A template's dead link shows in every page made with it: reported once, after the
    // links written in Markdown (an editor's to fix, found in the same pages).
    if !broken.is_empty() || !dead_template_links.is_empty() {
        return Err(Failed {
            errors: broken.into_iter().chain(dead_template_links).collect(),
            lints: lints.into_iter().chain(upgrade_warnings).collect(),
        });
    }

    let page_count = site.pages.len();
    let (assets, mut asset_warnings) = theme_assets(root, theme_files, minify);
    asset_warnings.extend(skipped_theme_files);
    index_written.map_err(|d| Failed::from(vec![d]))?;
    let search_index = deferred_index.filter(|_| options.defer_search_index);
    hand_on(sink, checklist_downloads(&site, &bodies))?;
    hand_on(
        sink,
        site.statics.iter().map(|s| OutFile::Copy {
            path: s.path.clone(),
            from: s.from.clone(),
        }),
    )?;
    hand_on(sink, assets)?;
    hand_on(
        sink,
        brand_files
            .into_iter()
            .map(|(path, from)| OutFile::Copy { path, from })
            .chain([OutFile::Bytes {
                path: crate::brand::STYLESHEET.into(),
                bytes: site.config.brand.stylesheet().into_bytes(),
            }]),
    )?;
    write_discovery_files(&site, sink)?;
    clock.lap("files");
    Ok(Built {
        files: Vec::new(),
        lints,
        asset_warnings,
        upgrade_warnings,
        page_count,
        search_index,
    })
}

/// A link a template writes to a page or file the site does not have (`{{ root }}reserch-office/`
/// published a dead link on every page made with the template): an error naming the
/// template and its line, once per link.
fn template_links_leading_nowhere(
    theme: &render::Theme,
    planned: &[publish::Planned],
) -> Vec<Diagnostic> {
    let paths: std::collections::HashSet<&str> = planned.iter().map(|p| p.path.as_str()).collect();
    // Made after the pages, and so not planned: the search index and the discovery files.
    let exists = |path: &str| {
        paths.contains(path)
            || (path.starts_with("search/") && path.ends_with(".js"))
            || matches!(path, "robots.txt" | "sitemap.xml")
    };
    let mut seen = std::collections::HashSet::new();
    theme
        .fixed_links()
        .into_iter()
        .filter(|link| {
            let path = link.path.as_str();
            let found = if path.is_empty() || path.ends_with('/') {
                exists(&format!("{path}index.html"))
            } else {
                exists(path) || exists(&format!("{path}/index.html"))
            };
            !found && seen.insert((link.shown.clone(), link.line, link.path.clone()))
        })
        .map(|link| {
            Diagnostic::error(
                &link.shown,
                format!(
                    "this template links to `{}`, which is not a page or file of the site",
                    link.path
                ),
            )
            .at(link.line)
            .with_source(&link.source)
            .hint("link to a page by its address on the site after `{{ root }}`, e.g. `{{ root }}guide/` (a page's address is its file's path under content/ without the number and `.md`: content/guide/01-introduction.md is guide/introduction/); for a file of the theme's static/ folder, `{{ assets }}` and its path there; or create the page")
        })
        .collect()
}

/// Hands `files` on side by side (writing them is mostly waiting for the disk).
fn hand_on(sink: Sink, files: impl IntoIterator<Item = OutFile>) -> Result<(), Failed> {
    let files: Vec<OutFile> = files.into_iter().collect();
    files
        .into_par_iter()
        .try_for_each(sink)
        .map_err(|d| Failed::from(vec![d]))
}

/// Files keyed by a path: (output path, source file).
type Keyed = Vec<(String, PathBuf)>;

/// The theme's `static/` files to publish, as (output path under `assets/`, source):
/// `static_dirs` in lookup order (a file in the local layer's copy replaces the theme's file
/// at the same path). Types off the allow-list and unsafe SVG files are errors (`publish`).
fn theme_static_files(
    root: &Path,
    static_dirs: &[PathBuf],
) -> Result<(Keyed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut per_dir: Vec<Vec<(String, PathBuf)>> = Vec::new();
    for static_dir in static_dirs.iter().rev() {
        let mut files = Vec::new();
        // A missing static/ folder is fine: a theme may have no files of its own. Links
        // and special files are left out, with a warning naming them.
        let walked = crate::project_files::walk(root, static_dir);
        warnings.extend(
            walked
                .refused
                .into_iter()
                .map(|(_, d)| crate::project_files::skipped(d)),
        );
        for path in walked.files {
            match publish::check_static(root, &path, publish::Origin::Theme) {
                Ok(true) => files.push((
                    format!("assets/{}", diagnostics::display_path(static_dir, &path)),
                    path,
                )),
                Ok(false) => {}
                Err(refused) => problems.extend(refused),
            }
        }
        per_dir.push(files);
    }
    if problems.is_empty() {
        Ok((crate::layers::merge(per_dir), warnings))
    } else {
        Err(problems)
    }
}

/// The logo and favicon named in config.yaml's `brand:` block, as (output path, file),
/// checked like the theme's static files (an SVG that could run code is refused).
fn brand_files(root: &Path, config: &Config) -> Result<Vec<(String, PathBuf)>, Vec<Diagnostic>> {
    let files = config.brand.published_files(root);
    let mut problems = Vec::new();
    for (_, from) in &files {
        if let Err(refused) = publish::check_static(root, from, publish::Origin::Theme) {
            problems.extend(refused);
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Every file the build will write, with what it is made from (for [`publish::collisions`]).
/// The search index's files all live under `search/` and end in `.js`, which neither
/// `content/` (no scripts allowed) nor the theme (under `assets/`) can reach.
fn planned_files(
    site: &Site,
    bodies: &[crate::markdown::Rendered],
    theme_files: &[(String, PathBuf)],
    brand_files: &[(String, PathBuf)],
) -> Vec<publish::Planned> {
    let made = |path: String, from: String| publish::Planned {
        path,
        from,
        copied: false,
    };
    let mut planned: Vec<publish::Planned> = Vec::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        planned.push(made(
            page.output_path.clone(),
            format!("the page built from {}", page.shown),
        ));
        if page.kind == PageKind::Checklist && !body.checklist.is_empty() {
            planned.push(made(
                format!(
                    "{}{}",
                    page.output_dir(),
                    render::checklist_download_name(page)
                ),
                format!("the checklist download of {}", page.shown),
            ));
        }
    }
    planned.extend(site.statics.iter().map(|s| publish::Planned {
        path: s.path.clone(),
        from: diagnostics::display_path(&site.root, &s.from),
        copied: true,
    }));
    planned.push(made(
        crate::brand::STYLESHEET.into(),
        "the brand colours' stylesheet, which the build makes from config.yaml".into(),
    ));
    planned.extend(
        theme_files
            .iter()
            .chain(brand_files)
            .map(|(path, from)| publish::Planned {
                path: path.clone(),
                from: diagnostics::display_path(&site.root, from),
                copied: true,
            }),
    );
    if site.config.base_url().is_some() {
        for name in ["robots.txt", "sitemap.xml"] {
            planned.push(made(
                name.into(),
                format!("{name}, which the build makes from base_url"),
            ));
        }
    }
    planned.push(made(
        careerguide_search::MANIFEST.into(),
        "the search index".into(),
    ));
    planned
}

/// The theme's static files (from [`theme_static_files`]). With `minify`, scripts and
/// stylesheets are minified (in parallel); a file that cannot be parsed is shipped as it is,
/// with a warning.
fn theme_assets(
    root: &Path,
    sources: Vec<(String, PathBuf)>,
    minify: bool,
) -> (Vec<OutFile>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    if !minify {
        let files = sources
            .into_iter()
            .map(|(path, from)| OutFile::Copy { path, from })
            .collect();
        return (files, Vec::new());
    }
    let (files, warnings): (Vec<OutFile>, Vec<Option<Diagnostic>>) = sources
        .into_par_iter()
        .map(|(path, from)| {
            let shown = diagnostics::display_path(root, &from);
            if !crate::minify::is_minifiable(&shown) {
                return (OutFile::Copy { path, from }, None);
            }
            match crate::project_files::read_copied(&from) {
                Ok(source) => {
                    let (bytes, warning) = crate::minify::theme_file(&shown, source);
                    (OutFile::Bytes { path, bytes }, warning)
                }
                // Copying will report it, as it does without minify.
                Err(_) => (OutFile::Copy { path, from }, None),
            }
        })
        .unzip();
    (files, warnings.into_iter().flatten().collect())
}

/// Each checklist as plain text, for pasting into a personal development plan.
fn checklist_downloads(site: &Site, bodies: &[crate::markdown::Rendered]) -> Vec<OutFile> {
    site.pages
        .iter()
        .zip(bodies)
        .filter(|(p, b)| p.kind == PageKind::Checklist && !b.checklist.is_empty())
        .map(|(page, body)| {
            let mut text = format!(
                "{}\n{}\n",
                page.front.title,
                "=".repeat(page.front.title.chars().count())
            );
            if let Some(summary) = &page.front.summary {
                text.push_str(&format!("\n{summary}\n"));
            }
            let mut group: Option<&str> = None;
            for item in &body.checklist {
                if item.group.as_deref() != group {
                    group = item.group.as_deref();
                    if let Some(g) = group {
                        text.push_str(&format!("\n{g}\n{}\n", "-".repeat(g.chars().count())));
                    }
                }
                text.push_str(&format!("- [ ] {}\n", item.text));
            }
            if let Some(base) = site.config.base_url() {
                text.push_str(&format!("\nFrom {base}{}\n", page.pretty_url()));
            }
            OutFile::Bytes {
                path: format!(
                    "{}{}",
                    page.output_dir(),
                    render::checklist_download_name(page)
                ),
                bytes: text.into_bytes(),
            }
        })
        .collect()
}

/// robots.txt and sitemap.xml, which need absolute addresses: only when base_url is set.
/// The sitemap lists every page, so it is handed on in parts as it is written, never whole.
fn write_discovery_files(site: &Site, sink: Sink) -> Result<(), Failed> {
    let Some(base) = site.config.base_url() else {
        return Ok(());
    };
    let failed = |d: Diagnostic| Failed::from(vec![d]);
    sink(OutFile::Bytes {
        path: "robots.txt".into(),
        bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n").into_bytes(),
    })
    .map_err(failed)?;
    const PIECE: usize = 64 * 1024;
    let mut piece = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut first = true;
    let mut hand_on = |piece: String| {
        let (path, bytes) = ("sitemap.xml".to_string(), piece.into_bytes());
        sink(if std::mem::take(&mut first) {
            OutFile::Bytes { path, bytes }
        } else {
            OutFile::Append { path, bytes }
        })
        .map_err(failed)
    };
    for page in site.pages.iter().filter(|p| p.output_path != "404.html") {
        piece.push_str(&format!(
            "  <url><loc>{}</loc>{}</url>\n",
            crate::html::escape_html(&format!("{base}{}", page.pretty_url())),
            page.front
                .reviewed
                .map(|d| format!("<lastmod>{d}</lastmod>"))
                .unwrap_or_default()
        ));
        if piece.len() >= PIECE {
            hand_on(std::mem::take(&mut piece))?;
        }
    }
    piece.push_str("</urlset>\n");
    hand_on(piece)
}
