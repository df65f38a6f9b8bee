//! Rendering: Markdown bodies to HTML, then whole pages through the theme's Tera templates.
//! Tera stays inside this module.
//!
//! - [`theme`]: loading the theme's templates;
//! - [`body`]: each page's Markdown, rendered for its place;
//! - `views`: what every page shows of the whole site, found once per build;
//! - `context`: one page's template context, the site-wide views made relative to it.

mod body;
mod context;
mod theme;
mod views;

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::memo::{self, Memo};
use crate::search::AzLetter;

pub use body::{abbreviation_map, checklist_download_name, checklist_id, render_bodies};
pub use theme::{THEMES_DIR, Theme, load_theme};

/// What every page's context shares that is made outside rendering, once per build.
pub struct Extras {
    /// The no-JavaScript A–Z of topics, root-relative.
    pub search_az: Vec<AzLetter>,
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
    /// shares it).
    glossary: tera::Value,
    resources: tera::Value,
    /// Hash of the glossary and resources, for remembering pages (0 when nothing is).
    data_key: u64,
    /// Pages rendered by earlier builds.
    memo: &'a Memo<String>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        bodies: &'a [Rendered],
        extras: &'a Extras,
        memo: &'a Memo<String>,
    ) -> Self {
        Renderer {
            site,
            theme,
            bodies,
            extras,
            views: views::SiteViews::of(site),
            glossary: tera::Value::from_serializable(&site.glossary),
            resources: tera::Value::from_serializable(&site.resources),
            data_key: if memo.is_on() {
                memo::key_serialized(&(&site.glossary, &site.resources))
            } else {
                0
            },
            memo,
        }
    }

    /// Page `index` (of `site.pages`) through its template: its HTML.
    pub fn render(&self, index: usize) -> Result<String, Diagnostic> {
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
        let mut context =
            context::page_context(self.site, &self.views, self.bodies, self.extras, index);
        let html = &self.bodies[index].html;
        // The same template and theme with the same context give the same page: a page whose
        // context did not change since the last build is not rendered again. The largest
        // parts (the page's HTML; the glossary and resources, the same on every page) are
        // hashed directly, outside the JSON form of the rest.
        let key = self.memo.is_on().then(|| {
            memo::key(&(
                self.theme.fingerprint,
                &template,
                self.data_key,
                html,
                memo::key_serialized(&context),
            ))
        });
        if let Some(html) = key.and_then(|k| self.memo.get(k)) {
            return Ok(html);
        }
        context.page.content = html;
        crate::counters::rendered(&(&context, &self.glossary, &self.resources));
        let rendered = tera::Context::from_serialize(&context)
            .and_then(|mut ctx| {
                ctx.insert_value("glossary", self.glossary.clone());
                ctx.insert_value("resources", self.resources.clone());
                self.theme.tera.render(&template, &ctx)
            })
            .map_err(|e| {
                theme::template_error(
                    &e,
                    &self.theme.templates_shown,
                    &self.theme.templates,
                    Some(page),
                )
            })?;
        if let Some(k) = key {
            self.memo.put(k, rendered.clone());
        }
        Ok(rendered)
    }
}
