//! What may be published: the file types a guide needs (an allow-list), SVG images that
//! cannot run code or fetch anything, and output paths that never collide.
//!
//! A web server decides what to do with a file from its name: IIS runs `web.config` and
//! `.aspx`, Apache runs `.php` (sometimes even `logo.php.png`) and obeys `.htaccess`. So the
//! build copies only types a reader's browser should get, and refuses anything else with
//! its path and what to do; well-known junk (`.DS_Store`, `Thumbs.db`, editor swap files,
//! Office lock files) is left out quietly.

pub mod allow;
pub mod collisions;
pub mod svg;

pub use allow::{Origin, Verdict, judge};
pub use collisions::{Planned, collisions};

use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path};

/// Whether a file or folder name (with or without an extension) is one Windows reserves
/// for devices: `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9` (also `COM¹`…),
/// in any letter case. A Windows server (IIS, a shared drive) cannot hold such a file.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let lower = stem.to_ascii_lowercase();
    match lower.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let (Some(head), Some(tail)) = (lower.get(..3), lower.get(3..)) else {
                return false;
            };
            (head == "com" || head == "lpt")
                && tail.chars().count() == 1
                && tail
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
        }
    }
}

/// Longer lines of a refused SVG are not echoed in the message.
const MAX_SHOWN_LINE: usize = 300;

/// Whether the file at `path` (found under `content/` or a theme's `static/`) is copied to
/// the site: `Ok(true)` to copy, `Ok(false)` for junk left out quietly, or why not.
/// SVG files are read and checked ([`svg::check`]).
pub fn check_static(root: &Path, path: &Path, origin: Origin) -> Result<bool, Vec<Diagnostic>> {
    let shown = display_path(root, path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match judge(&name, origin) {
        Verdict::Ignore => return Ok(false),
        Verdict::Refuse { why, hint } => {
            return Err(vec![Diagnostic::error(shown, why).hint(hint)]);
        }
        Verdict::Publish => {}
    }
    let size = crate::project_files::check_file(root, path, crate::project_files::Kind::Static)
        .map_err(|d| vec![d])?;
    if !name.to_lowercase().ends_with(".svg") {
        return Ok(true);
    }
    if size > svg::MAX_BYTES {
        return Err(vec![
            Diagnostic::error(
                shown,
                format!(
                    "this SVG is {} MB, too large to check (the limit is {} MB)",
                    size / (1024 * 1024),
                    svg::MAX_BYTES / (1024 * 1024)
                ),
            )
            .hint("simplify the drawing, or save it as PNG"),
        ]);
    }
    let bytes = crate::project_files::read_bytes(root, path, crate::project_files::Kind::Static)
        .map_err(|d| vec![d])?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(vec![
            Diagnostic::error(shown, "this SVG is not UTF-8 text").hint(svg::HINT),
        ]);
    };
    let found = svg::check(&text);
    if found.is_empty() {
        return Ok(true);
    }
    Err(found
        .into_iter()
        .map(|u| {
            let d = Diagnostic::error(&shown, format!("this SVG is not published: it {}", u.why))
                .at_column(u.line, u.column)
                .hint(svg::HINT);
            // Drawing programs often write the whole file on one line: show only short ones.
            let short = text
                .lines()
                .nth(u.line.saturating_sub(1))
                .is_some_and(|l| l.len() <= MAX_SHOWN_LINE);
            if short { d.with_source(&text) } else { d }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn windows_reserved_names_in_any_case_with_or_without_extension() {
        for name in [
            "CON", "con", "nul", "Nul.txt", "aux.md", "COM1", "lpt9.pdf", "com¹",
        ] {
            assert!(super::is_windows_reserved(name), "{name}");
        }
        for name in ["console", "null", "com10", "lpt", "é", "", "auxiliary.md"] {
            assert!(!super::is_windows_reserved(name), "{name}");
        }
    }
}
