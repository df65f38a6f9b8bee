//! Problems found in a site, reported with file, line and a hint an editor can act on.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::Path;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file the editor can open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the editor knows it, relative to the project folder.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending line of the file, for context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// Longer text shown under the location, line by line (e.g. a diff).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
            detail: None,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    pub fn at(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at_column(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Attaches the text of the offending line, read from `source` (the whole file).
    pub fn with_source(mut self, source: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = source
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.to_string());
        }
        self
    }

    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, as editors and terminals recognise it.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }

    /// Renders the problem for a terminal, with colour when `colour` is set.
    pub fn render(&self, colour: bool) -> String {
        let (label, code) = match self.severity {
            Severity::Error => ("error", "31"),
            Severity::Warning => ("warning", "33"),
        };
        let paint = |s: &str, code: &str| {
            if colour {
                format!("\x1b[1;{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let mut out = format!(
            "{}: {}\n  --> {}\n",
            paint(label, code),
            self.message,
            self.location()
        );
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let _ = writeln!(out, "{line:>5} | {text}");
            if let Some(col) = self.column {
                let pad = " ".repeat(col.saturating_sub(1));
                let _ = writeln!(out, "      | {pad}{}", paint("^", code));
            }
        }
        if let Some(detail) = &self.detail {
            for line in detail.lines() {
                let _ = writeln!(out, "      | {line}");
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {} {hint}", paint("hint:", "36"));
        }
        out
    }
}

/// Sorts problems by file, then line, so a report reads top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
}

/// Whether to colour terminal output: only on a terminal, and never with `NO_COLOR` set.
pub fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// A path shown relative to the project folder, with forward slashes.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// The known name closest to `unknown`, if any is close enough to be a likely typo.
pub fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_a_close_key_and_nothing_for_nonsense() {
        let keys = ["title", "summary", "reviewed", "draft"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("reviewd", keys), Some("reviewed"));
        assert_eq!(nearest("zzzzzzzz", keys), None);
    }

    #[test]
    fn render_shows_location_line_caret_and_hint() {
        let d = Diagnostic::error("content/a.md", "bad thing")
            .at_column(2, 3)
            .hint("fix it")
            .with_source("one\ntwo words\n");
        let text = d.render(false);
        assert!(text.contains("--> content/a.md:2:3"), "{text}");
        assert!(text.contains("    2 | two words"), "{text}");
        assert!(text.contains("      |   ^"), "{text}");
        assert!(text.contains("hint: fix it"), "{text}");
    }
}
