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
    /// Worth knowing, nothing to fix: the result of a setting the trust chose (links to a
    /// page hidden by `hide:` shown as plain text). `check --strict` passes with notes.
    Note,
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
    /// The offending line of the file, for context (cut around the column when shown).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_shown_line"
    )]
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

    pub fn note(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
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

    /// An error made a warning (a note stays a note).
    pub fn as_warning(mut self) -> Self {
        if self.severity == Severity::Error {
            self.severity = Severity::Warning;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// `file:line:col`, as editors and terminals recognise it (control characters in a
    /// file name escaped: [`terminal_safe`]).
    pub fn location(&self) -> String {
        let file = terminal_safe(&self.file);
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.into_owned(),
        }
    }

    /// Renders the problem for a terminal, with colour when `colour` is set. Every part
    /// that comes from a file (message, line, detail, hint) has its control characters
    /// escaped ([`terminal_safe`]): only the colours are ours.
    pub fn render(&self, colour: bool) -> String {
        let (label, code) = match self.severity {
            Severity::Error => ("error", "31"),
            Severity::Warning => ("warning", "33"),
            Severity::Note => ("note", "36"),
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
            terminal_safe(&self.message),
            self.location()
        );
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let (text, caret) = shown_line(text, self.column);
            // The caret counts characters, so an escape (several characters for one) moves
            // it along: count what comes before the column as shown.
            let caret = caret.map(|col| {
                let before: String = text.chars().take(col.saturating_sub(1)).collect();
                terminal_safe(&before).chars().count() + 1
            });
            let text = terminal_safe(&text);
            let _ = writeln!(out, "{line:>5} | {text}");
            if let Some(col) = caret {
                let pad = " ".repeat(col.saturating_sub(1));
                let _ = writeln!(out, "      | {pad}{}", paint("^", code));
            }
        }
        if let Some(detail) = &self.detail {
            for line in detail.lines() {
                let _ = writeln!(out, "      | {}", terminal_safe(line));
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {} {}", paint("hint:", "36"), terminal_safe(hint));
        }
        out
    }
}

/// `text` made safe to print to a terminal: control characters (C0 but tab, DEL, C1: ESC,
/// CR, BEL, backspace…), bidirectional controls (U+202A–U+202E, U+2066–U+2069, marks) and
/// line separators are written as `\u{1b}`-style escapes, so a hostile line in a file can
/// neither erase a message, fake "No problems found", set the window title, add a
/// hyperlink nor reorder what is shown. Text without them is returned as it is.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\t')
            || matches!(
                c,
                '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}'
            )
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    }
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Source lines longer than this many characters are cut around the column: a 200 KB line
/// (a pasted image, minified text) would otherwise fill the terminal and the preview.
pub const SHOWN_LINE_CHARS: usize = 120;

/// `line` as shown under a message: whole if short, otherwise a window of
/// [`SHOWN_LINE_CHARS`] around `column` (or the start) with `…` where it was cut; returns
/// the caret's column in what is shown.
pub fn shown_line(line: &str, column: Option<usize>) -> (String, Option<usize>) {
    let count = line.chars().count();
    if count <= SHOWN_LINE_CHARS {
        return (line.to_string(), column);
    }
    let at = column.unwrap_or(1).saturating_sub(1).min(count);
    let end = (at.saturating_sub(SHOWN_LINE_CHARS / 2) + SHOWN_LINE_CHARS).min(count);
    let start = end.saturating_sub(SHOWN_LINE_CHARS);
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.extend(line.chars().skip(start).take(end - start));
    if end < count {
        text.push('…');
    }
    let caret = column.map(|c| c - start + usize::from(start > 0));
    (text, caret)
}

fn serialize_shown_line<S: serde::Serializer>(
    line: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match line {
        Some(l) => serializer.serialize_some(&shown_line(l, None).0),
        None => serializer.serialize_none(),
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
    fn long_source_lines_are_cut_around_the_column() {
        let line = format!("{}BAD{}", "x".repeat(200_000), "y".repeat(1000));
        let d = Diagnostic::error("content/a.md", "bad thing")
            .at_column(4, 200_001)
            .with_source(&format!("a\nb\nc\n{line}\n"));
        let text = d.render(false);
        assert!(text.len() < 1000, "{} bytes", text.len());
        let shown = text.lines().find(|l| l.starts_with("    4 | ")).unwrap();
        let caret = text.lines().find(|l| l.trim_end().ends_with('^')).unwrap();
        let at = caret.find('^').unwrap();
        let under: String = shown.chars().skip(at).take(3).collect();
        assert_eq!(under, "BAD", "{shown}\n{caret}");
        assert!(shown.contains('…'));
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.len() < 1000, "{} bytes", json.len());
        // Short lines are untouched.
        assert_eq!(shown_line("short", Some(2)), ("short".to_string(), Some(2)));
    }

    #[test]
    fn control_characters_from_files_never_reach_the_terminal() {
        let d = Diagnostic::error("content/a\u{1b}]0;pwned\u{7}.md", "bad \u{1b}[2K thing\r")
            .at_column(1, 10)
            .hint("fix \u{202e}it")
            .detail("line\u{1b}[1A\u{9b}31m")
            .with_source("evil \u{1b}[2Jx\u{7} here\r\n");
        for colour in [false, true] {
            let text = d.render(colour);
            let ours: String = text
                .replace("\x1b[1;31m", "")
                .replace("\x1b[1;36m", "")
                .replace("\x1b[0m", "");
            assert!(
                !ours
                    .chars()
                    .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
                "{text:?}"
            );
            assert!(text.contains("\\u{1b}[2J"), "{text}");
        }
        // The caret still points at the character the column names, after the escapes.
        let text = d.render(false);
        let line = text.lines().find(|l| l.starts_with("    1 |")).unwrap();
        let caret = text
            .lines()
            .find(|l| l.trim_start().starts_with("| ") && l.ends_with('^'))
            .unwrap();
        let at = caret.len() - 1;
        assert_eq!(&line[at..at + 1], "x", "{text}");
        assert_eq!(terminal_safe("plain\ttext é"), "plain\ttext é");
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
