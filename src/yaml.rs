//! The one place YAML is read (serde-saphyr), turning its errors into located diagnostics.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, nearest};

mod explain;
pub mod tree;

/// Parses `text` as YAML. `file` names it in errors; `first_line` is the file line on which
/// `text` starts (1 for a whole file, 2 for front matter after its opening `---`).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &str,
    first_line: usize,
    whole_file: &str,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let message = plain_message(&e.without_snippet().to_string());
        let mut location = e
            .location()
            .map(|loc| (loc.line() as usize, loc.column() as usize));
        if message.contains("tab") {
            // The parser stops at the end of the value before the tab, often a line early.
            location =
                location.map(|(line, column)| first_tab(text, line).unwrap_or((line, column)));
        }
        let explained =
            location.and_then(|(line, column)| explain::explain(text, &message, line, column));
        let (message, hint) = match explained {
            Some(e) => {
                location = Some((e.line, e.column));
                (e.message, e.hint)
            }
            None => in_editors_words(&message),
        };
        let mut d = Diagnostic::error(file, message);
        if let Some((line, column)) = location {
            d = d
                .at_column(line + first_line - 1, column)
                .with_source(whole_file);
        }
        d.hint(hint)
    })
}

/// `key: value` as one line of YAML, the value written by serde-saphyr's emitter so it
/// reads back as exactly `value` (quoted and escaped as YAML needs: `: `, `#`, quotes, tags,
/// anchors, line breaks, words YAML would read as true or a number). Never folded into a
/// block (`>`/`|`), so the line can be placed at any indentation.
pub fn key_value_line(key: &str, value: &str) -> Result<String, String> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.prefer_block_scalars = false;
    let mut one = std::collections::BTreeMap::new();
    one.insert(key, value);
    let text = serde_saphyr::to_string_with_options(&one, options).map_err(|e| e.to_string())?;
    let line = text.strip_suffix('\n').unwrap_or(&text);
    if line.contains('\n') {
        return Err(format!("the value of `{key}` was not written on one line"));
    }
    Ok(line.to_string())
}

/// The first tab at or after `line` (1-based, in `text`), as (line, column).
fn first_tab(text: &str, line: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(i, l)| l.chars().position(|c| c == '\t').map(|c| (i + 1, c + 1)))
}

/// serde-saphyr speaks Rust ("invalid i64", "set DuplicateKeyPolicy in Options"); an
/// editor needs to know what to write instead.
fn in_editors_words(message: &str) -> (String, String) {
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        return budget_in_editors_words(breach);
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return (
            format!("`{key}` is set twice"),
            "keep one of the two lines: each key may appear once".to_string(),
        );
    }
    if message.contains("found a tab") || message.contains("tabs") {
        return (
            "a tab character here: YAML only accepts spaces".to_string(),
            "replace the tab with spaces (two per level of indentation)".to_string(),
        );
    }
    let kind = message.strip_prefix("invalid ").unwrap_or_default();
    if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize",
    ]
    .contains(&kind)
    {
        return (
            "expected a whole number here".to_string(),
            "write digits only, e.g. `3` (no quotes, decimals or words), and not a huge number"
                .to_string(),
        );
    }
    if ["f32", "f64"].contains(&kind) {
        return (
            "expected a number here".to_string(),
            "write a number, e.g. `2.5`".to_string(),
        );
    }
    if kind == "bool" {
        return (
            "expected true or false here".to_string(),
            "write `true` or `false`".to_string(),
        );
    }
    (message.to_string(), hint_for(message))
}

/// The bounds on one YAML file (serde-saphyr's defaults, documented in docs/editing.md
/// under "Limits"): a file beyond them is refused before it can use up memory or time.
pub fn limits() -> (usize, usize) {
    let budget = serde_saphyr::Budget::default();
    (budget.max_nodes, budget.max_depth)
}

/// A breached budget (`Nodes { nodes: 250001 }`), in words, with the limit and what to do.
fn budget_in_editors_words(breach: &str) -> (String, String) {
    let (nodes, depth) = limits();
    let kind = breach.split([' ', '{']).next().unwrap_or_default();
    let message = match kind {
        "Nodes" => format!(
            "this file holds more than {} YAML values (keys, values, lists and groups together), the most careerguide reads from one file",
            thousands(nodes)
        ),
        "Depth" => format!("this file nests lists or groups more than {depth} levels deep"),
        "Aliases" | "Anchors" | "AliasExpansions" => {
            "this file repeats itself through too many `&anchors` and `*aliases`".to_string()
        }
        _ => "this file is too large or complicated for careerguide to read".to_string(),
    };
    (
        message,
        "the limits protect every build from a runaway file (docs/editing.md, \"Limits\"): check the file was not generated or pasted in twice by mistake, and keep it to what the site needs".to_string(),
    )
}

/// `250000` as `250 000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// serde-saphyr appends "at line N, column M"; we show the location separately.
fn plain_message(message: &str) -> String {
    let trimmed = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    trimmed.trim().to_string()
}

fn hint_for(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = tail
            .split_once("expected one of ")
            .or_else(|| tail.split_once("expected "))
            .map(|(_, list)| {
                list.split(',')
                    .map(|k| k.trim().trim_matches('`'))
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        return match nearest(unknown, expected.iter().copied()) {
            Some(k) => format!(
                "did you mean `{k}`? Valid keys here: {}",
                expected.join(", ")
            ),
            None => format!("remove `{unknown}` or use one of: {}", expected.join(", ")),
        };
    }
    if message.starts_with("missing field `") {
        return "add this key: it is required".to_string();
    }
    "check the YAML syntax at this line: indentation with spaces, `key: value` pairs, and quotes around text containing `: ` or starting with a special character".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        summary: Option<String>,
    }

    #[test]
    fn unknown_key_names_key_line_and_suggestion() {
        let text = "title: A\nsumary: B\n";
        let d = parse::<Front>(text, "content/a.md", 2, &format!("---\n{text}---\n")).unwrap_err();
        assert!(d.message.contains("unknown field `sumary`"), "{d:?}");
        assert_eq!(d.line, Some(3));
        assert!(d.hint.unwrap().contains("did you mean `summary`"));
    }

    #[test]
    fn missing_required_key_is_reported() {
        let d = parse::<Front>("summary: B\n", "x.md", 2, "").unwrap_err();
        assert!(d.message.contains("`title` is missing"), "{d:?}");
        assert_eq!(d.line, Some(2), "the front matter's first line: {d:?}");
    }

    #[test]
    fn library_words_become_editor_words_at_the_right_line() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Numbered {
            title: String,
            order: Option<i64>,
            summary: Option<String>,
        }
        for (yaml, line, says) in [
            ("title: A\norder: abc\n", 3, "expected a whole number"),
            (
                "title: A\norder: 99999999999999999999\n",
                3,
                "expected a whole number",
            ),
            ("title: A\ntitle: B\n", 3, "`title` is set twice"),
            ("title: A\nsummary: x\n\torder: 1\n", 4, "tab"),
        ] {
            let whole = format!("---\n{yaml}---\n");
            let d = parse::<Numbered>(yaml, "a.md", 2, &whole).unwrap_err();
            assert_eq!(d.line, Some(line), "{yaml:?}: {d:?}");
            assert!(d.message.contains(says), "{yaml:?}: {d:?}");
            for library in ["i64", "DuplicateKeyPolicy", "Options"] {
                assert!(!d.message.contains(library), "{d:?}");
            }
        }
    }

    #[test]
    fn a_file_over_the_node_budget_is_explained_with_the_limit() {
        // Was `budget breached: Nodes { nodes: 250001 }`, with a syntax hint.
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Entry {
            term: String,
            definition: String,
        }
        let (nodes, _) = limits();
        let yaml: String = (0..nodes / 4)
            .map(|i| format!("- term: T{i}\n  definition: D\n"))
            .collect();
        let d = parse::<Vec<Entry>>(&yaml, "content/glossary.yaml", 1, "").unwrap_err();
        assert!(d.message.contains("more than 250 000 YAML values"), "{d:?}");
        assert!(!d.message.contains("budget"), "{d:?}");
        let hint = d.hint.unwrap();
        assert!(
            hint.contains("Limits") && !hint.contains("syntax"),
            "{hint}"
        );
        assert_eq!(thousands(1_000_000), "1 000 000");
        assert_eq!(thousands(64), "64");
    }

    #[test]
    fn malformed_yaml_has_a_line() {
        let d = parse::<Front>("title: [unclosed\n", "x.md", 1, "").unwrap_err();
        assert!(d.line.is_some(), "{d:?}");
    }
}
