//! Rendering: Markdown bodies to HTML, then whole pages through the theme's Tera templates.
//! Tera stays inside this module.
//!
//! - [`theme`]: loading the theme's templates;
//! - [`body`]: each page's Markdown, rendered for its place;
//! - `views`: what every page shows of the whole site, found once per build;
//! - `context`: one page's template context, the site-wide views made relative to it.

mod body;
mod budget;
mod context;
mod parts;
mod theme;
mod views;
mod watchdog;

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::memo::{Memo, Serialized, Shared};
use crate::search::AzLetter;

pub use body::{abbreviation_map, checklist_download_name, checklist_id, render_bodies};
pub use budget::{MAX_PAGE_BYTES, MAX_PAGE_BYTES_VAR, MAX_PAGE_TIME, MAX_PAGE_TIME_VAR};
pub use parts::Parts;
pub use theme::{THEMES_DIR, TemplateLink, Theme, load_theme};
pub use watchdog::MAX_ABANDONED;

/// The template of the A to Z of topics, the no-JavaScript way into the site that the
/// search page links to: a page of its own, as it lists every heading of the site (on a
/// large site, megabytes) and the search page must stay small to load.
pub const A_TO_Z: &str = "a-to-z";

/// What every page's context shares that is made outside rendering, once per build.
pub struct Extras {
    /// The no-JavaScript A–Z of topics (the [`A_TO_Z`] page's), root-relative.
    pub search_az: Vec<AzLetter>,
    /// Whether the whole guide fits on one print page ([`print_fits`]); if not, the print
    /// page lists the sections' own pages instead.
    pub print_whole: bool,
}

/// The most HTML the whole-guide print page carries: 5 MB, about 800 sections of 900 words
/// (some 2 000 printed pages). A browser asked to print more than that stalls or gives up,
/// and no one prints it; past it, the print page lists each section's own page (each one
/// prints itself) and `check` says so.
pub const PRINT_BOUND: usize = 5 * 1024 * 1024;

/// Whether the guide's sections, `bytes` of HTML together, fit on one print page; if not,
/// the warning `check` and `build` give (on `print_page`, the print page's file).
pub fn print_fits(bytes: usize, print_page: &str) -> Result<(), Diagnostic> {
    if bytes <= PRINT_BOUND {
        return Ok(());
    }
    let mb = |b: usize| format!("{:.1} MB", b as f64 / (1024.0 * 1024.0));
    Err(Diagnostic::warning(
        print_page,
        format!(
            "the whole guide is {} of HTML, more than one print page carries ({}): the print page lists each section's own page to print instead",
            mb(bytes),
            mb(PRINT_BOUND)
        ),
    )
    .hint("readers print the sections they need from their own pages; to print the whole guide in one go, shorten it or move long material out of content/guide/"))
}

/// Renders pages through their templates. Made once per build: everything pages share
/// (navigation, lists, the glossary and resources as template values) is worked out here,
/// so rendering one page costs only that page.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    bodies: &'a [Rendered],
    extras: &'a Extras,
    views: views::SiteViews,
    /// The glossary and resources as template values (the same on every page; cloning one
    /// shares it), hashed once per build when pages are remembered.
    data: Shared<Serialized<(tera::Value, tera::Value)>>,
    /// Pages rendered by earlier builds (and template problems found rendering them).
    memo: &'a Memo<Result<RenderedPage, Diagnostic>>,
}

/// A page through its template.
#[derive(Clone)]
pub struct RenderedPage {
    pub html: String,
    /// Every `id` in it (for the anchor checks).
    pub ids: Arc<BTreeSet<String>>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        bodies: &'a [Rendered],
        extras: &'a Extras,
        memo: &'a Memo<Result<RenderedPage, Diagnostic>>,
    ) -> Self {
        Renderer {
            site,
            theme,
            bodies,
            extras,
            views: views::SiteViews::of(site),
            data: Shared::new(Serialized((
                tera::Value::from_serializable(&site.glossary),
                tera::Value::from_serializable(&site.resources),
            ))),
            memo,
        }
    }

    /// Page `index` (of `site.pages`) through its template, `body` its rendered Markdown
    /// (taken, not borrowed: it is dropped with the page, so the bodies of pages already
    /// written do not stay in memory until every page is done): its HTML and ids.
    pub fn render(&self, index: usize, body: String) -> Result<RenderedPage, Diagnostic> {
        let page = &self.site.pages[index];
        let template = format!("{}.html", page.template());
        if !self.theme.tera.contains_template(&template) {
            // Front matter starts on line 2 of the file.
            let line = page
                .front_yaml
                .lines()
                .position(|l| l.trim_start().starts_with("template:"))
                .map_or(2, |i| i + 2);
            let mut d = Diagnostic::error(
                &page.shown,
                format!(
                    "template `{template}` does not exist in {}",
                    self.theme.templates_shown
                ),
            )
            .at(line);
            d.source_line = page.front_yaml.lines().nth(line - 2).map(str::to_string);
            return Err(d.hint("set `template:` to the name of a file in the theme's templates folder (without .html), or remove it"));
        }
        // A theme one of whose templates already went on past its time is not rendered
        // again until the templates change: each such render leaves a thread behind.
        let theme_key = theme::key(self.theme);
        if let Some(d) = theme::endless(theme_key) {
            return Err(d);
        }
        // Checked here, outside what is remembered, so that a page refused while too many
        // renders were running is rendered again once they have ended.
        if watchdog::abandoned() >= watchdog::MAX_ABANDONED {
            return Err(theme::overrun(
                self.theme,
                &template,
                &page.shown,
                watchdog::Overrun::TooManyAbandoned,
            ));
        }
        let context =
            context::page_context(self.site, &self.views, self.bodies, self.extras, index);
        // The same template and theme with the same context give the same page: a page whose
        // context did not change since the last build is not rendered again. The largest
        // parts (the page's HTML; the glossary and resources, the same on every page; the
        // theme) are hashed directly, beside the serialised rest.
        self.memo.remember(
            (
                self.theme,
                template.as_str(),
                &self.data,
                body.as_str(),
                page.shown.as_str(),
                Serialized(context),
            ),
            |(theme, template, data, html, shown, Serialized(mut context))| {
                context.page.content = html;
                context.page.children_unlinked =
                    context::any_unlinked(html, &context.page.children);
                let Serialized((glossary, resources)) = &**data;
                crate::counters::rendered(&(&context, glossary, resources));
                let ctx = tera::Context::from_serialize(&context).map(|mut ctx| {
                    ctx.insert_value("glossary", glossary.clone());
                    ctx.insert_value("resources", resources.clone());
                    ctx
                });
                drop(context);
                let (rendered, out) = match ctx {
                    Err(e) => (Err(e), budget::Bounded::new()),
                    Ok(ctx) => {
                        // On a helper thread, so that a render that never ends (and never
                        // writes) can be given up on at its time.
                        let tera = std::sync::Arc::clone(&theme.tera);
                        let name = template.to_string();
                        let ran = watchdog::run_within(budget::max_time(), move || {
                            let mut out = budget::Bounded::new();
                            let r = tera.render_to(&name, &ctx, &mut out);
                            (r, out)
                        });
                        match ran {
                            Ok(done) => done,
                            Err(overrun) => {
                                let d = theme::overrun(theme, template, shown, overrun);
                                theme::remember_endless(theme::key(theme), &d);
                                return Err(d);
                            }
                        }
                    }
                };
                if let Some(breach) = out.breach {
                    return Err(theme::over_budget(theme, template, shown, breach));
                }
                rendered
                    .and_then(|()| {
                        String::from_utf8(out.into_inner())
                            .map_err(|e| tera::Error::message(e.to_string()))
                    })
                    .map(|html| RenderedPage {
                        ids: Arc::new(crate::html::ids_in(&html)),
                        html,
                    })
                    .map_err(|e| {
                        theme::template_error(
                            &e,
                            &theme.templates_shown,
                            &theme.templates,
                            Some(shown),
                        )
                    })
            },
        )
    }
}
