//! What the preview says in the terminal: builds, problems and warnings.

use std::collections::BTreeSet;

use super::watch::Change;
use crate::diagnostics::Diagnostic;

/// `content/guide/01-introduction.md`, or `3 files (content/a.md, …)`.
pub fn describe(batch: &BTreeSet<Change>) -> String {
    let names: BTreeSet<std::borrow::Cow<str>> = batch
        .iter()
        .map(|c| crate::diagnostics::terminal_safe(&c.shown))
        .collect();
    match names.len() {
        1 => names.into_iter().next().unwrap_or_default().into_owned(),
        n => {
            let first: Vec<String> = names.into_iter().take(3).map(|n| n.into_owned()).collect();
            format!(
                "{n} files ({}{})",
                first.join(", "),
                if n > 3 { ", …" } else { "" }
            )
        }
    }
}

pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

pub fn warnings_note(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(
            " ({}: run `careerguide check` for details)",
            count(n, "warning")
        )
    }
}

pub fn paint(text: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub fn print_problems(problems: &[Diagnostic], colour: bool) {
    for p in problems {
        eprint!("{}", p.render(colour));
    }
}

/// The line after a good rebuild: what changed, how long it took, what it did to the site.
pub fn rebuilt(
    what: &str,
    pages: Option<usize>,
    ms: u128,
    changed: usize,
    fixed: bool,
    colour: bool,
) -> String {
    let pages = match pages {
        Some(n) => format!("{} in {ms} ms", count(n, "page")),
        None => format!("refreshed in {ms} ms"),
    };
    let effect = match changed {
        0 => "nothing on the site changed".to_string(),
        n => format!("{} on the site updated", count(n, "file")),
    };
    let fixed = if fixed {
        paint("Fixed: ", "1;32", colour)
    } else {
        String::new()
    };
    format!("{fixed}Rebuilt after {what} changed: {pages}; {effect}")
}

/// The line after a failed rebuild.
pub fn failed(what: &str, problems: &[Diagnostic], colour: bool) -> String {
    let first = problems
        .first()
        .map(|p| format!(" (first: {})", p.location()))
        .unwrap_or_default();
    format!(
        "{} after {what} changed: {}{first}. Still serving the last good site; the problem is shown on every page.",
        paint("Build failed", "1;31", colour),
        count(problems.len(), "problem"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_as_sentences() {
        assert_eq!(
            rebuilt("content/a.md", Some(1), 5, 0, false, false),
            "Rebuilt after content/a.md changed: 1 page in 5 ms; nothing on the site changed"
        );
        assert_eq!(
            rebuilt("content/a.css", None, 2, 3, true, false),
            "Fixed: Rebuilt after content/a.css changed: refreshed in 2 ms; 3 files on the site updated"
        );
        let problems = [Diagnostic::error("content/a.md", "bad").at(4)];
        assert!(
            failed("content/a.md", &problems, false).contains("1 problem (first: content/a.md:4)")
        );
        assert_eq!(warnings_note(0), "");
        assert!(warnings_note(2).contains("2 warnings"));
    }
}
