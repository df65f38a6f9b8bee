//! Loading the theme: every template of the configured theme, parsed once per build, and
//! template problems reported with their file and line.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::Page;
use crate::diagnostics::{Diagnostic, display_path};
use crate::memo;

pub const THEMES_DIR: &str = "themes";

/// A loaded theme: its templates and the folder of static files.
pub struct Theme {
    pub(super) tera: tera::Tera,
    pub static_dir: PathBuf,
    pub(super) templates_shown: String,
    /// A hash of every template's name and text.
    pub(super) fingerprint: u64,
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

pub(super) fn template_error(
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

pub(super) fn theme_sources(root: &Path, templates_shown: &str) -> Vec<(String, String)> {
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
