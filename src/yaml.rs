//! The one place YAML is read (serde-saphyr), turning its errors into located diagnostics.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, nearest};

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
        let mut d = Diagnostic::error(file, message.clone());
        if let Some(loc) = e.location() {
            let line = loc.line() as usize + first_line - 1;
            d = d
                .at_column(line, loc.column() as usize)
                .with_source(whole_file);
        }
        d.hint(hint_for(&message))
    })
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
        assert!(d.message.contains("missing field `title`"), "{d:?}");
    }

    #[test]
    fn malformed_yaml_has_a_line() {
        let d = parse::<Front>("title: [unclosed\n", "x.md", 1, "").unwrap_err();
        assert!(d.line.is_some(), "{d:?}");
    }
}
