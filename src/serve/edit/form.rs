//! The front matter as a form: the fields of the typed model ([`FrontMatter`]) a page of
//! each kind shows, their values as text, and the page's file made again from a filled-in
//! form. Only the model's keys exist here, so a form cannot make an unknown key.
//!
//! A key the editor did not change keeps its lines exactly as written (comments, quoting
//! and order too); a changed key's lines are replaced where they stood; a new key is added
//! after the others; an emptied one is removed.

use std::collections::BTreeMap;

use crate::content::PageKind;
use crate::content::frontmatter::{self, FrontMatter};
use crate::diagnostics::Diagnostic;

/// How a field is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Line,
    /// Several lines (folded into one YAML string).
    Text,
    /// One entry per line (a YAML list).
    List,
    /// A tick box.
    Tick,
}

/// One field of the form: a key of the model.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub input: Input,
}

const fn field(key: &'static str, label: &'static str, help: &'static str, input: Input) -> Field {
    Field {
        key,
        label,
        help,
        input,
    }
}

/// Every key of [`FrontMatter`], in the order a new key is written.
pub const FIELDS: &[Field] = &[
    field(
        "title",
        "Title",
        "Shown at the top of the page, in the browser tab and in search results. Required.",
        Input::Line,
    ),
    field(
        "nav_title",
        "Short title for menus",
        "Optional: a shorter title for the menu and breadcrumbs.",
        Input::Line,
    ),
    field(
        "summary",
        "Summary",
        "One or two sentences, shown under the title and in search results.",
        Input::Text,
    ),
    field(
        "reviewed",
        "Last reviewed",
        "The date the page was last checked, written as year-month-day, e.g. 2026-11-25.",
        Input::Line,
    ),
    field(
        "order",
        "Position",
        "Optional: a whole number placing the page among its neighbours (lower comes first).",
        Input::Line,
    ),
    field(
        "draft",
        "Draft (not published)",
        "A draft is left out of the published site.",
        Input::Tick,
    ),
    field(
        "template",
        "Template",
        "Optional: the theme template this page uses instead of its usual one.",
        Input::Line,
    ),
    field(
        "person",
        "Person",
        "The person the case study is about, as they agreed to be named.",
        Input::Line,
    ),
    field("role", "Role", "Their job title.", Input::Line),
    field(
        "organisation",
        "Organisation",
        "Where they work.",
        Input::Line,
    ),
    field(
        "profession",
        "Profession",
        "For example: Nursing, Physiotherapy.",
        Input::Line,
    ),
    field(
        "career_stage",
        "Career stage",
        "A stage of the career pathway (its id or any of its names), or `other`.",
        Input::Line,
    ),
    field(
        "quote",
        "Quote",
        "A short quotation from the person, shown with the case study.",
        Input::Text,
    ),
    field(
        "quoted_in_guide",
        "Quoted in the guide",
        "Tick when the page holds the guide's own quotation of this person (not an interview).",
        Input::Tick,
    ),
    field(
        "print_fields",
        "Fields to fill in on paper",
        "One per line: the blanks printed at the foot of the checklist.",
        Input::List,
    ),
    field(
        "notes_space",
        "Space for notes when printed",
        "Tick to print ruled space for notes.",
        Input::Tick,
    ),
];

/// The field with this key, if it is one of the model's.
pub fn field_of(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The keys a page of this kind offers (every page: title to template), plus any other
/// key the page already sets.
pub fn fields_for(kind: PageKind, values: &BTreeMap<&'static str, String>) -> Vec<&'static Field> {
    let own: &[&str] = match kind {
        PageKind::CaseStudy => &[
            "person",
            "role",
            "organisation",
            "profession",
            "career_stage",
            "quote",
            "quoted_in_guide",
        ],
        PageKind::Checklist => &["print_fields", "notes_space"],
        _ => &[],
    };
    const COMMON: &[&str] = &[
        "title",
        "nav_title",
        "summary",
        "reviewed",
        "order",
        "draft",
        "template",
    ];
    FIELDS
        .iter()
        .filter(|f| {
            COMMON.contains(&f.key)
                || own.contains(&f.key)
                || values
                    .get(f.key)
                    .is_some_and(|v| !v.is_empty() && v != "false")
        })
        .collect()
}

/// Each key's value as the form shows it (ticks as `true`/`false`, lists one per line).
pub fn values(front: &FrontMatter) -> BTreeMap<&'static str, String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let tick = |b: bool| if b { "true" } else { "false" }.to_string();
    let mut out = BTreeMap::new();
    out.insert("title", front.title.clone());
    out.insert("nav_title", text(&front.nav_title));
    out.insert("summary", text(&front.summary));
    out.insert(
        "reviewed",
        front.reviewed.map(|d| d.to_string()).unwrap_or_default(),
    );
    out.insert(
        "order",
        front.order.map(|o| o.to_string()).unwrap_or_default(),
    );
    out.insert("draft", tick(front.draft));
    out.insert("template", text(&front.template));
    out.insert("person", text(&front.person));
    out.insert("role", text(&front.role));
    out.insert("organisation", text(&front.organisation));
    out.insert("profession", text(&front.profession));
    out.insert("career_stage", text(&front.career_stage));
    out.insert("quote", text(&front.quote));
    out.insert("quoted_in_guide", tick(front.quoted_in_guide));
    out.insert(
        "print_fields",
        front.print_fields.clone().unwrap_or_default().join("\n"),
    );
    out.insert("notes_space", tick(front.notes_space));
    out
}

/// Why a filled-in form cannot be turned into a page.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// A key the model does not have.
    UnknownKey(String),
}

/// The lines of each top-level key of a front matter block: key → (first line, end line),
/// 0-based, end exclusive. `weight` counts as `order` (its alias).
fn spans(yaml: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    let key_of = |l: &str| -> Option<String> {
        let first = l.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let end = l.find(':')?;
        let key = l[..end].trim_end();
        key.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then(|| {
                if key == "weight" {
                    "order".to_string()
                } else {
                    key.to_string()
                }
            })
    };
    let continues = |l: &str| l.starts_with([' ', '\t']) || l.starts_with('-');
    let mut i = 0;
    while i < lines.len() {
        if let Some(key) = key_of(lines[i]) {
            let start = i;
            let mut end = i + 1;
            let mut j = i + 1;
            while j < lines.len() {
                if continues(lines[j]) {
                    end = j + 1;
                } else if !lines[j].trim().is_empty() {
                    break;
                }
                j += 1;
            }
            out.push((key, start, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The front-matter key whose lines hold file line `line` (1-based; the front matter
/// starts on file line 2).
pub fn key_at_line(yaml: &str, line: usize) -> Option<String> {
    let at = line.checked_sub(2)?;
    spans(yaml)
        .into_iter()
        .find(|(_, start, end)| (*start..*end).contains(&at))
        .map(|(k, _, _)| k)
}

/// `text` as a YAML scalar: plain when that reads back as the same string, else quoted
/// (JSON's double-quoted strings are YAML's too).
pub fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().next().is_some_and(|c| c.is_alphabetic())
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | ',' | '.' | '(' | ')' | '-' | '\'' | '’')
        })
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null" | "nan" | "inf"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
    }
}

/// The lines one key is written as, or none when its value is empty (removed).
fn render(field: &Field, value: &str) -> Vec<String> {
    let key = field.key;
    match field.input {
        Input::Tick => {
            if value == "true" {
                vec![format!("{key}: true")]
            } else {
                Vec::new()
            }
        }
        Input::List => {
            let items: Vec<String> = value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("  - {}", yaml_string(l)))
                .collect();
            if items.is_empty() {
                return Vec::new();
            }
            std::iter::once(format!("{key}:")).chain(items).collect()
        }
        Input::Line | Input::Text => {
            let value = if field.input == Input::Line {
                value.trim().to_string()
            } else {
                value.trim().replace("\r\n", "\n")
            };
            if value.is_empty() {
                return Vec::new();
            }
            // Numbers and dates are written as typed, so the build reads (and judges) them
            // as numbers and dates.
            let as_typed = matches!(key, "order" | "reviewed")
                && value
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == '+');
            if as_typed {
                vec![format!("{key}: {value}")]
            } else {
                vec![format!("{key}: {}", yaml_string(&value))]
            }
        }
    }
}

/// The front matter block `yaml` (as written, without its fences) with the form's
/// `changed` values in place of `before`'s. Keys absent from `changed` are left as they are.
pub fn compose(
    yaml: &str,
    before: &BTreeMap<&'static str, String>,
    changed: &BTreeMap<String, String>,
) -> Result<String, Refused> {
    for key in changed.keys() {
        if field_of(key).is_none() {
            return Err(Refused::UnknownKey(key.clone()));
        }
    }
    let mut lines: Vec<Option<Vec<String>>> =
        yaml.lines().map(|l| Some(vec![l.to_string()])).collect();
    let spans = spans(yaml);
    let mut added = Vec::new();
    for field in FIELDS {
        let Some(new) = changed.get(field.key) else {
            continue;
        };
        let old = before.get(field.key).map(String::as_str).unwrap_or("");
        let same = match field.input {
            Input::Line => old.trim() == new.trim(),
            Input::Text => old.trim() == new.trim().replace("\r\n", "\n"),
            Input::List => {
                let norm = |s: &str| -> Vec<String> {
                    s.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect()
                };
                norm(old) == norm(new)
            }
            Input::Tick => old == new,
        };
        if same {
            continue;
        }
        let rendered = render(field, new);
        let mine: Vec<&(String, usize, usize)> =
            spans.iter().filter(|(k, _, _)| k == field.key).collect();
        match mine.first() {
            Some((_, start, end)) => {
                lines[*start] = Some(rendered);
                for slot in &mut lines[start + 1..*end] {
                    *slot = None;
                }
                // A key written twice is an error the build names; the later copies go.
                for (_, s, e) in mine.iter().skip(1) {
                    for slot in &mut lines[*s..*e] {
                        *slot = None;
                    }
                }
            }
            None => added.extend(rendered),
        }
    }
    let mut out = String::new();
    for l in lines.into_iter().flatten().flatten().chain(added) {
        out.push_str(&l);
        out.push('\n');
    }
    Ok(out)
}

/// A whole page file: front matter `yaml` between fences, then `body`, with the line
/// endings `like` uses.
pub fn page_text(yaml: &str, body: &str, like: &str) -> String {
    let body = body.replace("\r\n", "\n");
    let mut text = format!("---\n{yaml}---\n{body}");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if like.contains("\r\n") {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// The front matter's problem, if any, with the form field it belongs to (by its line).
pub fn check(text: &str, shown: &str) -> Result<(), (Option<String>, Diagnostic)> {
    match frontmatter::parse(text, shown) {
        Ok(_) => Ok(()),
        Err(d) => {
            let yaml = frontmatter::split(text, shown)
                .map(|s| s.yaml.to_string())
                .unwrap_or_default();
            let key = d
                .line
                .and_then(|l| key_at_line(&yaml, l))
                .filter(|k| field_of(k).is_some());
            Err((key, d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (FrontMatter, String) {
        let (f, s) = frontmatter::parse(text, "a.md").unwrap();
        (f, s.yaml.to_string())
    }

    fn change(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn unchanged_keys_keep_their_lines_and_comments() {
        let text = "---\n# The page's title\ntitle: 'Hello'   # quoted\nsummary: >\n  Folded\n  text.\norder: 2\n---\nBody\n";
        let (front, yaml) = parsed(text);
        let before = values(&front);
        let out = compose(
            &yaml,
            &before,
            &change(&[
                ("title", "Hello"),
                ("summary", "New: summary #1"),
                ("order", "2"),
            ]),
        )
        .unwrap();
        assert_eq!(
            out,
            "# The page's title\ntitle: 'Hello'   # quoted\nsummary: \"New: summary #1\"\norder: 2\n"
        );
        let again = page_text(&out, "Body\n", text);
        let (f, _) = parsed(&again);
        assert_eq!(f.summary.as_deref(), Some("New: summary #1"));
    }

    #[test]
    fn new_keys_are_added_emptied_ones_removed_and_lists_written_as_lists() {
        let text = "---\ntitle: A\nsummary: Gone soon\ndraft: true\n---\n";
        let (front, yaml) = parsed(text);
        let out = compose(
            &yaml,
            &values(&front),
            &change(&[
                ("summary", ""),
                ("draft", "false"),
                ("reviewed", "2026-11-25"),
                ("print_fields", "Name\n\n  Date: today \n"),
                ("quote", "She said \"yes\".\nThen left."),
            ]),
        )
        .unwrap();
        let (f, _) = parsed(&page_text(&out, "", text));
        assert_eq!(f.summary, None);
        assert!(!f.draft);
        assert_eq!(f.reviewed.unwrap().to_string(), "2026-11-25");
        assert_eq!(
            f.print_fields.unwrap(),
            vec!["Name".to_string(), "Date: today".to_string()]
        );
        assert_eq!(f.quote.unwrap(), "She said \"yes\".\nThen left.");
    }

    #[test]
    fn unknown_keys_cannot_be_made() {
        let (front, yaml) = parsed("---\ntitle: A\n---\n");
        assert_eq!(
            compose(&yaml, &values(&front), &change(&[("script", "x")])),
            Err(Refused::UnknownKey("script".into()))
        );
    }

    #[test]
    fn strange_text_is_quoted_so_it_reads_back_as_typed() {
        for s in [
            "yes",
            "No",
            "null",
            "3",
            "2026-01-01",
            "- a",
            "a: b",
            "a #b",
            "'q'",
            "\"q\"",
            "[x]",
            "{x}",
            "&a",
            "*a",
            "!t",
            "%x",
            "@x",
            "`x`",
            "|",
            ">",
            "a\tb",
            "ünïcode ✓",
            " lead",
            "trail ",
            "\u{202e}x",
        ] {
            let text = format!("---\ntitle: {}\n---\n", yaml_string(s));
            match frontmatter::parse(&text, "a.md") {
                Ok((f, _)) => assert_eq!(f.title, s, "{s:?} → {text}"),
                // Direction controls and blank titles are the build's own refusals.
                Err(d) => assert!(
                    s.trim().is_empty() || s.contains('\u{202e}'),
                    "{s:?}: {d:?}"
                ),
            }
        }
    }

    #[test]
    fn a_bad_value_is_located_at_its_field() {
        let (front, yaml) = parsed("---\ntitle: A\nsummary: S\n---\nBody\n");
        let out = compose(
            &yaml,
            &values(&front),
            &change(&[("reviewed", "2026-13-45")]),
        )
        .unwrap();
        let text = page_text(&out, "Body\n", "");
        let (key, d) = check(&text, "content/a.md").unwrap_err();
        assert_eq!(key.as_deref(), Some("reviewed"), "{d:?}");
        let out = compose(&yaml, &values(&front), &change(&[("order", "two")])).unwrap();
        let (key, _) = check(&page_text(&out, "", ""), "content/a.md").unwrap_err();
        assert_eq!(key.as_deref(), Some("order"));
    }

    #[test]
    fn case_studies_offer_their_own_fields_and_keep_any_key_already_set() {
        let (front, _) = parsed("---\ntitle: A\nnotes_space: true\n---\n");
        let v = values(&front);
        let keys: Vec<&str> = fields_for(PageKind::CaseStudy, &v)
            .iter()
            .map(|f| f.key)
            .collect();
        assert!(keys.contains(&"career_stage") && keys.contains(&"notes_space"));
        assert!(!keys.contains(&"print_fields"));
    }
}
