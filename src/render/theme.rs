//! Loading the theme: every template of the configured theme (the local layer's first),
//! parsed once per build, and template problems reported with their file and line.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, display_path};
use crate::memo::Shared;

pub use crate::layers::THEMES_DIR;

/// A loaded theme: its templates and the folders of static files.
pub struct Theme {
    /// Shared with a render's helper thread (see `watchdog`), which may outlive the build.
    pub(super) tera: std::sync::Arc<tera::Tera>,
    /// The theme's `static/` folders in lookup order (the local layer's first): a file in an
    /// earlier one replaces the file at the same path in a later one.
    pub static_dirs: Vec<PathBuf>,
    /// Every template: its name, the file it was read from (as shown) and its text.
    pub(super) templates: Shared<Vec<TemplateSource>>,
    /// Where templates are looked for, as shown (for "does not exist in …").
    pub(super) templates_shown: String,
}

/// A theme hashes as everything its templates are made from (hashed once per build): the
/// same theme and context give the same page, and the same template problems.
impl std::hash::Hash for Theme {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.templates, &self.templates_shown).hash(state);
    }
}

#[derive(Hash)]
pub(super) struct TemplateSource {
    name: String,
    shown: String,
    text: String,
}

/// A link a template writes to a fixed place of the site: `{{ root }}research-office/` or
/// `{{ assets }}images/logo.png` in an `href`, `src` or `action` of the template's own
/// text (never a page's body, which the pages' link check reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateLink {
    /// The template's file, as shown.
    pub shown: String,
    pub line: usize,
    /// The template's text, for the offending line.
    pub source: String,
    /// The address as written after `{{ root }}` (`assets/` added for `{{ assets }}`),
    /// without its `#anchor` or `?query`: a path from the site's root.
    pub path: String,
}

impl Theme {
    /// Every link to a fixed place of the site written in a template's own text, in
    /// template order. An address built from a variable (`{{ page.next.url }}`) is the
    /// engine's to get right and is not listed.
    pub fn fixed_links(&self) -> Vec<TemplateLink> {
        self.templates
            .iter()
            .flat_map(|t| {
                fixed_links_in(&t.text)
                    .into_iter()
                    .map(|(line, path)| TemplateLink {
                        shown: t.shown.clone(),
                        line,
                        source: t.text.clone(),
                        path,
                    })
            })
            .collect()
    }
}

/// (line, path from the site's root) of every `{{ root }}…` or `{{ assets }}…` address that
/// opens an attribute's value and is written out to its end, in a template's text; Tera
/// and HTML comments are skipped.
fn fixed_links_in(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if let Some(comment) = [("{#", "#}"), ("<!--", "-->")]
            .into_iter()
            .find(|(open, _)| rest.starts_with(open))
        {
            i += rest
                .find(comment.1)
                .map_or(rest.len(), |e| e + comment.1.len());
            continue;
        }
        if rest.starts_with("{{") && i > 0 && matches!(bytes[i - 1], b'"' | b'\'' | b'=') {
            let inner_end = rest.find("}}").unwrap_or(rest.len());
            let variable = rest[2..inner_end].trim_matches(|c: char| c.is_whitespace() || c == '-');
            let prefix = match variable {
                "root" => Some(""),
                "assets" => Some("assets/"),
                _ => None,
            };
            if let (Some(prefix), Some(after)) = (prefix, rest.get(inner_end + 2..)) {
                let end = after
                    .find(|c: char| {
                        matches!(c, '"' | '\'' | '#' | '?' | '{' | '<' | '>' | '`')
                            || c.is_whitespace()
                    })
                    .unwrap_or(after.len());
                // Written out to its end: a quote, an anchor or a query follows, not more
                // template code (`{{ root }}{{ page.url }}`).
                if after[end..].starts_with(['"', '\'', '#', '?']) {
                    let line = text[..i].matches('\n').count() + 1;
                    found.push((line, format!("{prefix}{}", &after[..end])));
                }
            }
            i += inner_end.max(2);
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// Loads every template of the configured theme, reporting every broken one. Templates
/// are looked up in the local layer's copy of the theme first (`<local>/themes/<theme>/`),
/// then in the theme itself: a local template replaces the theme's template of that name.
pub fn load_theme(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let theme_dirs =
        crate::layers::theme_dirs(root, config.local_dir(root).as_deref(), &config.theme);
    let templates_dirs: Vec<PathBuf> = theme_dirs.iter().map(|d| d.join("templates")).collect();
    let templates_shown = templates_dirs
        .iter()
        .map(|d| format!("{}/", display_path(root, d)))
        .collect::<Vec<_>>()
        .join(" or ");
    if !templates_dirs.iter().any(|d| d.is_dir()) {
        let available: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .collect()
            })
            .unwrap_or_default();
        return Err(vec![
            config
                .locate(
                    Diagnostic::error(
                        crate::config::FILE_NAME,
                        format!(
                            "theme `{}` not found (looked for {templates_shown})",
                            config.theme
                        ),
                    ),
                    "theme",
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
    // Each folder's templates, the theme's first: later (local) ones replace earlier ones.
    let mut per_dir = Vec::new();
    for templates_dir in templates_dirs.iter().rev() {
        let mut found = Vec::new();
        // A template that is a link (or a FIFO) is refused: a page is rendered with it, so
        // leaving it out would change the site silently.
        let walked = crate::project_files::walk(root, templates_dir);
        if !walked.refused.is_empty() {
            return Err(walked.refused.into_iter().map(|(_, d)| d).collect());
        }
        for path in walked.files {
            let name = display_path(templates_dir, &path);
            let shown = display_path(root, &path);
            let text =
                crate::project_files::read_text(root, &path, crate::project_files::Kind::Page)
                    .map_err(|d| vec![d])?;
            found.push((name.clone(), TemplateSource { name, shown, text }));
        }
        per_dir.push(found);
    }
    let templates: Vec<TemplateSource> = crate::layers::merge(per_dir)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let mut tera = tera::Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    if let Err(e) =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
    {
        return Err(vec![template_error(&e, &templates_shown, &templates, None)]);
    }
    Ok(Theme {
        tera: std::sync::Arc::new(tera),
        static_dirs: theme_dirs.iter().map(|d| d.join("static")).collect(),
        templates: Shared::new(templates),
        templates_shown,
    })
}

pub(super) fn template_error(
    e: &tera::Error,
    templates_shown: &str,
    templates: &[TemplateSource],
    page_shown: Option<&str>,
) -> Diagnostic {
    let while_rendering = page_shown
        .map(|shown| format!(" (while rendering {shown})"))
        .unwrap_or_default();
    let hint =
        "fix the template at this line; the values templates can use are listed in docs/theming.md";
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let source = templates.iter().find(|t| t.name == r.filename());
            let file = source.map_or_else(|| r.filename().to_string(), |t| t.shown.clone());
            let span = r.span();
            let mut d = Diagnostic::error(file, format!("{}{while_rendering}", r.message()))
                .at_column(span.start_line, span.start_col + 1)
                .hint(hint);
            if let Some(t) = source {
                d = d.with_source(&t.text);
            }
            d
        }
        _ => circular_include(&e.to_string(), templates)
            .or_else(|| circular_extend(&e.to_string(), templates))
            .unwrap_or_else(|| {
                Diagnostic::error(templates_shown, format!("{e}{while_rendering}")).hint(hint)
            }),
    }
}

/// tera reports a circle of `extends` as a bare message
/// (``Circular extend detected for template 'a.html'. Inheritance chain: `["b.html", "a.html"]` ``):
/// point at the `extends` line of that template.
fn circular_extend(message: &str, templates: &[TemplateSource]) -> Option<Diagnostic> {
    let rest = message.strip_prefix("Circular extend detected for template '")?;
    let (name, rest) = rest.split_once('\'')?;
    let chain: Vec<&str> = rest
        .split_once("chain:")?
        .1
        .split('"')
        .skip(1)
        .step_by(2)
        .collect();
    let source = templates.iter().find(|t| t.name == name)?;
    let line = source.text.lines().position(|l| l.contains("extends"))? + 1;
    Some(
        Diagnostic::error(
            &source.shown,
            format!(
                "templates extend each other in a circle: {name} extends {}",
                chain.join(" extends ")
            ),
        )
        .at(line)
        .with_source(&source.text)
        .hint("a template may extend another only if that one does not lead back to it: remove or change one of these `extends`"),
    )
}

/// A render stopped at its budget (see `budget`): named at the template, with the page.
pub(super) fn over_budget(
    theme: &Theme,
    template: &str,
    page_shown: &str,
    breach: super::budget::Breach,
) -> Diagnostic {
    Diagnostic::error(
        template_file(theme, template),
        format!(
            "this template (or one it extends or includes) went on for {} while rendering {page_shown}, and was stopped",
            breach.describe()
        ),
    )
    .hint("look for a loop that never ends or repeats far more than meant (a `for` inside a `for` over a large `range`), or a block or include that repeats the page; the limits are in docs/editing.md, \"Limits you may run into\"")
}

/// A render given up on at its time (see `watchdog`), or not started because too many given
/// up on are still running: named at the template, with the page.
pub(super) fn overrun(
    theme: &Theme,
    template: &str,
    page_shown: &str,
    overrun: super::watchdog::Overrun,
) -> Diagnostic {
    match overrun {
        super::watchdog::Overrun::TimedOut => over_budget(
            theme,
            template,
            page_shown,
            super::budget::Breach::Time(super::budget::max_time()),
        ),
        super::watchdog::Overrun::TooManyAbandoned => Diagnostic::error(
            template_file(theme, template),
            format!(
                "{} renders of templates that went on too long are still running in the background, so {page_shown} was not rendered",
                super::watchdog::abandoned()
            ),
        )
        .hint("fix the template that went on too long (named in the earlier error), then restart `careerguide serve` to stop those renders"),
    }
}

fn template_file(theme: &Theme, template: &str) -> String {
    theme
        .templates
        .iter()
        .find(|t| t.name == template)
        .map_or_else(|| template.to_string(), |t| t.shown.clone())
}

/// What a theme's templates hash as (the same templates, the same key).
pub(super) fn key(theme: &Theme) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    theme.hash(&mut h);
    h.finish()
}

/// Themes (by [`key`]) one of whose templates went on past its time, with the problem: not
/// rendered again until the templates change (each such render leaves a thread behind).
static ENDLESS: std::sync::Mutex<Vec<(u64, Diagnostic)>> = std::sync::Mutex::new(Vec::new());

pub(super) fn endless(key: u64) -> Option<Diagnostic> {
    let endless = ENDLESS.lock().unwrap_or_else(|e| e.into_inner());
    endless
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, d)| d.clone())
}

pub(super) fn remember_endless(key: u64, d: &Diagnostic) {
    let mut endless = ENDLESS.lock().unwrap_or_else(|e| e.into_inner());
    if !endless.iter().any(|(k, _)| *k == key) {
        // A few are enough: each entry is one version of the templates an editor tried.
        if endless.len() >= 16 {
            endless.remove(0);
        }
        endless.push((key, d.clone()));
    }
}

/// tera reports a circular include as a bare message with the chain of names
/// (``Include chain: `["a.html", "b.html", "a.html"]` ``): point at the `include` line of
/// the template that closes the circle.
fn circular_include(message: &str, templates: &[TemplateSource]) -> Option<Diagnostic> {
    let chain = message
        .strip_prefix("Circular include detected")?
        .split_once("Include chain:")?
        .1;
    let names: Vec<&str> = chain.split('"').skip(1).step_by(2).collect();
    let [.., includer, included] = names.as_slice() else {
        return None;
    };
    let source = templates.iter().find(|t| t.name == *includer)?;
    let line = source
        .text
        .lines()
        .position(|l| l.contains("include") && l.contains(included))?
        + 1;
    Some(
        Diagnostic::error(
            &source.shown,
            format!(
                "templates include each other in a circle: {}",
                names.join(" includes ")
            ),
        )
        .at(line)
        .with_source(&source.text)
        .hint(format!(
            "remove this include of {included}, or the one that leads back here"
        )),
    )
}

#[cfg(test)]
mod circle_tests {
    use super::*;

    fn source(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            shown: format!("themes/default/templates/{name}"),
            text: text.into(),
        }
    }

    #[test]
    fn a_circle_of_extends_is_located_at_the_extends_line() {
        // Was reported at themes/default/templates/ with no file or line.
        let templates = vec![
            source("a.html", "{% extends \"b.html\" %}\n"),
            source("b.html", "{% extends \"a.html\" %}\n"),
        ];
        let mut tera = tera::Tera::default();
        let e = tera
            .add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
            .unwrap_err();
        let d = template_error(&e, "themes/default/templates/", &templates, None);
        assert!(d.file.ends_with(".html"), "{d:?} from {e}");
        assert!(d.line.is_some(), "{d:?}");
        assert!(d.message.contains("extend each other in a circle"), "{d:?}");
    }
}

#[cfg(test)]
mod fixed_link_tests {
    use super::fixed_links_in;

    #[test]
    fn links_a_template_writes_out_are_found_with_their_lines() {
        let text = "<a href=\"{{ root }}index.html\">Home</a>\n\
            <a href=\"{{root}}reserch-office/#contact\">R</a> <img src='{{ assets }}images/logo.png' alt=''>\n\
            <a href=\"{{ page.next.url }}\">n</a> <a href=\"{{ root }}{{ x }}\">x</a>\n\
            {# <a href=\"{{ root }}old/\"> #}<!-- <a href=\"{{ root }}older/\"> -->\n\
            <p>{{ root }}not-a-link/</p><form action=\"{{ root }}search/index.html?x\"></form>\n";
        assert_eq!(
            fixed_links_in(text),
            [
                (1, "index.html".to_string()),
                (2, "reserch-office/".to_string()),
                (2, "assets/images/logo.png".to_string()),
                (5, "search/index.html".to_string()),
            ]
        );
    }
}
