//! Front matter: the YAML block between `---` lines at the top of a page.

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// Every key a page may set. Only `title` is required.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default, alias = "weight")]
    pub order: Option<i64>,
    #[serde(default)]
    pub reviewed: Option<jiff::civil::Date>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub template: Option<String>,
    /// Shorter title for the navigation menu and breadcrumbs.
    #[serde(default)]
    pub nav_title: Option<String>,
    // Case studies.
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub profession: Option<String>,
    #[serde(default)]
    pub career_stage: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
    /// A person the guide quotes: the page holds the guide's quotation, checked against
    /// the guide's text (not an interview), and the role the guide gave them.
    #[serde(default)]
    pub quoted_in_guide: bool,
    // Checklists.
    #[serde(default)]
    pub print_fields: Option<Vec<String>>,
    #[serde(default)]
    pub notes_space: bool,
}

/// A page split into its front matter and Markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// File line of the first body line (1-based).
    pub body_line: usize,
}

/// Splits `text` at its front matter fences.
pub fn split<'a>(text: &'a str, file: &str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::error(file, "this page has no front matter")
            .at(1)
            .with_source(text)
            .hint("start the file with three lines: `---`, `title: Your page title`, `---`")
    };
    let first_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_end].trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                body: &text[offset + l.len()..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(file, "the front matter is never closed")
        .at(1)
        .with_source(text)
        .hint("add a line with just `---` after the last front-matter key, before the page text"))
}

/// Reads front matter from a whole page.
pub fn parse<'a>(text: &'a str, file: &str) -> Result<(FrontMatter, Split<'a>), Diagnostic> {
    let split = split(text, file)?;
    let front: FrontMatter = yaml::parse(split.yaml, file, 2, text)?;
    if front.title.trim().is_empty() {
        return Err(Diagnostic::error(file, "`title` is empty")
            .at(2)
            .with_source(text)
            .hint("every page needs a title, e.g. `title: Getting started`"));
    }
    if let Some(c) = front
        .title
        .chars()
        .find(|c| crate::config::is_direction_control(*c))
    {
        let line = split
            .yaml
            .lines()
            .position(|l| l.trim_start().starts_with("title:"))
            .map_or(2, |i| i + 2);
        return Err(Diagnostic::error(
            file,
            format!(
                "`title` holds an invisible direction control (U+{:04X}), which reverses the text around it in browser tabs, menus and search results",
                c as u32
            ),
        )
        .at(line)
        .with_source(text)
        .hint("type the title again by hand (such characters come with text pasted from elsewhere)"));
    }
    Ok((front, split))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_only_page_parses() {
        let (f, s) = parse("---\ntitle: Hello\n---\nBody\n", "a.md").unwrap();
        assert_eq!(f.title, "Hello");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn weight_is_an_alias_for_order_and_dates_parse() {
        let (f, _) = parse(
            "---\ntitle: A\nweight: 3\nreviewed: 2026-11-25\n---\n",
            "a.md",
        )
        .unwrap();
        assert_eq!(f.order, Some(3));
        assert_eq!(f.reviewed.unwrap().to_string(), "2026-11-25");
    }

    #[test]
    fn errors_use_file_lines() {
        let e = parse("---\ntitle: A\nreviewed: 2026-13-45\n---\n", "a.md").unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
        let e = parse("---\ntitle: A\ndraftt: true\n---\n", "a.md").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.hint.unwrap().contains("`draft`"));
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        assert!(
            parse("# Hello\n", "a.md")
                .unwrap_err()
                .message
                .contains("no front matter")
        );
        assert!(
            parse("---\ntitle: A\n", "a.md")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }
}
