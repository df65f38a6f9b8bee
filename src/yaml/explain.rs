//! What the YAML parser's complaints mean for an editor. Most YAML mistakes an editor makes
//! are a key indented one or two spaces off, which the parser reports far from the key, in
//! its own words ("mapping values are not allowed in this context", "missing field
//! `description`" for a key that is there). This reads the lines around the place the parser
//! stopped and says which key is out of line, where it should start, and why.

/// A located explanation: 1-based line and column in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

/// The shape of one line of YAML that holds a `key:` (perhaps after `- `).
#[derive(Debug, Clone, Copy)]
struct KeyLine<'a> {
    /// 1-based line number.
    number: usize,
    /// Spaces before the first character (the `-` of a list item, or the key).
    indent: usize,
    /// 0-based column where the key starts.
    key_col: usize,
    key: &'a str,
    /// The value after `key:`, trimmed (empty when the value is a block below).
    value: &'a str,
    /// The line starts a list item (`- key: value`).
    dash: bool,
}

/// Lines that hold something (not blank, not a comment), with their number.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let t = l.trim();
        (!t.is_empty() && !t.starts_with('#')).then_some((i + 1, l))
    })
}

fn key_line(number: usize, line: &str) -> Option<KeyLine<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[indent..];
    let mut key_col = indent;
    let dash = rest.starts_with("- ");
    if dash {
        let after = rest[1..].trim_start_matches(' ');
        key_col += rest.len() - after.len();
        rest = after;
    }
    let end = rest.find(':')?;
    let key = &rest[..end];
    let after = &rest[end + 1..];
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && (after.is_empty() || after.starts_with(' '));
    is_key.then(|| KeyLine {
        number,
        indent,
        key_col,
        key,
        value: after.trim(),
        dash,
    })
}

fn key_lines(text: &str) -> Vec<KeyLine<'_>> {
    content_lines(text)
        .filter_map(|(n, l)| key_line(n, l))
        .collect()
}

/// "N spaces" for a column, as an editor counts them.
fn spaces(col: usize) -> String {
    match col {
        0 => "no spaces".to_string(),
        1 => "1 space".to_string(),
        n => format!("{n} spaces"),
    }
}

/// How to move `key` into column `col`, beside `sibling` when there is one.
fn line_up(key: &str, col: usize, sibling: Option<&str>) -> String {
    match sibling {
        Some(s) if s != key => format!(
            "start `{key}:` in the same column as `{s}:` ({} before it), with spaces, not tabs",
            spaces(col)
        ),
        _ if col == 0 => {
            format!("start `{key}:` at the beginning of the line, with no spaces before it")
        }
        _ => format!("start `{key}:` with {} before it", spaces(col)),
    }
}

/// An explanation for the parser's `message` about `text` at `line` and `column` (1-based),
/// if we have a better one.
pub fn explain(text: &str, message: &str, line: usize, column: usize) -> Option<Explained> {
    if is_about_a_date(message) {
        return date(text, line, column);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return Some(missing_field(text, field, line));
    }
    if message.starts_with("mapping values are not allowed") {
        return mapping_values(text, line);
    }
    if message.contains("did not find expected '-' indicator")
        || message.contains("did not find expected key")
    {
        return out_of_line(text, line);
    }
    if message.contains("did not find expected <document start>") {
        return first_key_indented(text);
    }
    None
}

/// jiff's words for a date it cannot read: "failed to parse four digit integer as year".
fn is_about_a_date(message: &str) -> bool {
    [
        " as year",
        " as month",
        " as day",
        "civil date",
        "'year'",
        "'month'",
        "'day'",
    ]
    .iter()
    .any(|w| message.contains(w))
}

/// A date written some other way than year-month-day (`25/11/2026`, `November 2026`), or
/// one that is not in the calendar (`2026-13-45`).
fn date(text: &str, line: usize, column: usize) -> Option<Explained> {
    let raw = text.lines().nth(line.checked_sub(1)?)?;
    let from = raw
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(raw.len(), |(i, _)| i);
    let value = raw[from..]
        .split(" #")
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches(['"', '\''])
        .trim();
    let numbers: Vec<&str> = value
        .split(['/', '.', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let all_digits = numbers.len() == 3
        && numbers
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()));
    let n = |i: usize| numbers.get(i).and_then(|p| p.parse::<i16>().ok());
    let real = |y: Option<i16>, m: Option<i16>, d: Option<i16>| {
        let (y, m, d) = (y?, i8::try_from(m?).ok()?, i8::try_from(d?).ok()?);
        jiff::civil::Date::new(y, m, d).ok()
    };
    let (message, hint) = if all_digits && numbers[0].len() == 4 {
        (
            format!("`{value}` is not a date in the calendar"),
            "dates are written year-month-day with a real month (01 to 12) and day, e.g. `2026-11-25`".to_string(),
        )
    } else if all_digits && numbers[2].len() == 4 {
        // Day first, as dates are written in the UK; month first if that is the only reading.
        let (day, month, year) = (n(0), n(1), n(2));
        let meant = real(year, month, day).or_else(|| real(year, day, month));
        (
            format!(
                "`{value}` is written day/month/year, but careerguide reads dates as year-month-day"
            ),
            match meant {
                Some(d) => format!("write `{d}` (year-month-day, with hyphens)"),
                None => {
                    "dates are written year-month-day, with hyphens, e.g. `2026-11-25`".to_string()
                }
            },
        )
    } else {
        (
            format!("`{value}` is not a date careerguide can read"),
            "dates are written year-month-day, with hyphens, e.g. `2026-11-25`".to_string(),
        )
    };
    Some(Explained {
        line,
        column,
        message,
        hint,
    })
}

/// A required key the parser did not find in the mapping whose last key is at `line`: often
/// it is there, indented differently from its neighbours, so it belongs to something else.
fn missing_field(text: &str, field: &str, line: usize) -> Explained {
    let keys = key_lines(text);
    let at = keys
        .iter()
        .rposition(|k| k.number <= line)
        .unwrap_or_default();
    let Some(reported) = keys.get(at).copied() else {
        return Explained {
            line: 1,
            column: 1,
            message: format!("`{field}` is missing"),
            hint: format!("add a line `{field}: …`: it is required"),
        };
    };
    let col = reported.key_col;
    // The entry the parser was reading: back to its first key (the `- ` line of a list item,
    // or the top of the file), forward to the next entry or the end of the parent.
    let start = if col == 0 {
        0
    } else {
        keys[..=at]
            .iter()
            .rposition(|k| k.key_col < col || (k.dash && k.key_col == col))
            .map_or(0, |i| if keys[i].key_col == col { i } else { i + 1 })
    };
    let first = keys[start];
    let in_list = first.dash && first.key_col == col;
    let end = keys[start + 1..]
        .iter()
        .position(|k| {
            k.key != field
                && ((k.dash && k.key_col <= col) || k.indent + if in_list { 2 } else { 0 } < col)
        })
        .map_or(keys.len(), |i| start + 1 + i);
    let entry = &keys[start..end];
    if let Some(found) = entry.iter().find(|k| k.key == field && k.key_col != col) {
        let more_or_less = if found.key_col > col { "more" } else { "less" };
        return Explained {
            line: found.number,
            column: found.key_col + 1,
            message: format!(
                "`{field}:` is indented {more_or_less} than `{}:`, so YAML does not read it as part of the same entry",
                first.key
            ),
            hint: line_up(field, col, Some(first.key)),
        };
    }
    if col == 0 {
        return Explained {
            line: 1,
            column: 1,
            message: format!("`{field}` is missing"),
            hint: format!(
                "add a line `{field}: …` at the top, with no spaces before it: it is required"
            ),
        };
    }
    Explained {
        line: first.number,
        column: first.key_col + 1,
        message: format!("this entry has no `{field}`"),
        hint: format!(
            "add a line `{field}: …` to it, in the same column as `{}:` ({} before it): it is required",
            first.key,
            spaces(col)
        ),
    }
}

/// The key line at or before `line`, and the key line before that.
fn this_and_previous<'a>(keys: &[KeyLine<'a>], line: usize) -> Option<(KeyLine<'a>, KeyLine<'a>)> {
    let i = keys.iter().rposition(|k| k.number <= line)?;
    let this = keys[i];
    (this.number == line && i > 0).then(|| (this, keys[i - 1]))
}

/// "mapping values are not allowed in this context": a key indented under a key that
/// already has a value (YAML reads it as more of that value), or a value holding `: `.
fn mapping_values(text: &str, line: usize) -> Option<Explained> {
    let keys = key_lines(text);
    if let Some((this, above)) = this_and_previous(&keys, line)
        && !above.value.is_empty()
        && this.key_col > above.key_col
    {
        return Some(Explained {
            line: this.number,
            column: this.key_col + 1,
            message: format!(
                "`{}:` is indented more than `{}:` on the line above, so YAML reads it as more of `{}`'s value",
                this.key, above.key, above.key
            ),
            hint: line_up(this.key, above.key_col, Some(above.key)),
        });
    }
    // The line's own value holds `: `.
    let raw = text.lines().nth(line.checked_sub(1)?)?;
    let this = key_line(line, raw)?;
    this.value.contains(": ").then(|| Explained {
        line,
        column: raw.len() - raw.trim_start().len() + 1,
        message: format!(
            "the value of `{}` contains `: `, which YAML reads as the start of another key",
            this.key
        ),
        hint: format!(
            "put the value in double quotes: `{}: \"{}\"`",
            this.key,
            this.value.replace('"', "\\\"")
        ),
    })
}

/// A key not in line with the keys of the entry above it.
fn out_of_line(text: &str, line: usize) -> Option<Explained> {
    let keys = key_lines(text);
    let (this, above) = this_and_previous(&keys, line)?;
    if this.key_col == above.key_col || this.dash {
        return None;
    }
    let more_or_less = if this.key_col > above.key_col {
        "more"
    } else {
        "less"
    };
    Some(Explained {
        line: this.number,
        column: this.key_col + 1,
        message: format!(
            "`{}:` is indented {more_or_less} than `{}:` on the line above, so YAML cannot tell which entry it belongs to",
            this.key, above.key
        ),
        hint: line_up(this.key, above.key_col, Some(above.key)),
    })
}

/// The file's first key starts with spaces, and a later key does not.
fn first_key_indented(text: &str) -> Option<Explained> {
    let first = content_lines(text)
        .next()
        .and_then(|(n, l)| key_line(n, l))?;
    (first.indent > 0 && !first.dash).then(|| Explained {
        line: first.number,
        column: first.key_col + 1,
        message: format!(
            "`{}:` starts with spaces, but the keys below it do not",
            first.key
        ),
        hint: line_up(first.key, 0, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misindented_key_is_found_in_its_entry() {
        let text = "groups:\n  - title: A\n    items:\n      - name: NIHR\n      description: Funds.\n      - name: B\n        description: x\n";
        let e = explain(text, "missing field `description`", 4, 1).unwrap();
        assert_eq!((e.line, e.column), (5, 7), "{e:?}");
        assert!(
            e.message
                .contains("`description:` is indented less than `name:`"),
            "{e:?}"
        );
        assert!(e.hint.contains("same column as `name:` (8 spaces"), "{e:?}");
        // A key that is really missing: the entry is named.
        let text =
            "groups:\n  - title: A\n    items:\n      - name: NIHR\n        url: https://x.org\n";
        let e = explain(text, "missing field `description`", 5, 1).unwrap();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(e.message.contains("no `description`"), "{e:?}");
        // At the top of a page's front matter.
        let e = explain(
            "summary: B\nreviewed: 2026-01-01\n",
            "missing field `title`",
            2,
            1,
        )
        .unwrap();
        assert_eq!(e.line, 1, "{e:?}");
        let e = explain("summary: B\n  title: A\n", "missing field `title`", 1, 1).unwrap();
        assert_eq!((e.line, e.column), (2, 3), "{e:?}");
        assert!(e.hint.contains("no spaces"), "{e:?}");
    }

    #[test]
    fn dates_are_explained_in_the_way_they_are_written() {
        let year =
            "failed to parse four digit integer as year: invalid digit, expected 0-9 but got /";
        let e = explain("title: A\nreviewed: 25/11/2026\n", year, 2, 11).unwrap();
        assert!(
            e.message.contains("`25/11/2026` is written day/month/year"),
            "{e:?}"
        );
        assert!(e.hint.contains("`2026-11-25`"), "{e:?}");
        let e = explain("reviewed: 11/25/2026 # US\n", year, 1, 11).unwrap();
        assert!(e.hint.contains("`2026-11-25`"), "{e:?}");
        let e = explain("reviewed: \"November 2026\"\n", year, 1, 11).unwrap();
        assert!(e.message.contains("`November 2026` is not a date"), "{e:?}");
        let month = "failed to parse two digit integer as month: parameter 'month' is not in the required range of 1..=12";
        let e = explain("reviewed: 2026-13-45\n", month, 1, 11).unwrap();
        assert!(e.message.contains("not a date in the calendar"), "{e:?}");
    }

    #[test]
    fn indentation_errors_name_the_key_and_its_neighbour() {
        let e = explain(
            "title: A\nsummary: B\n  reviewed: 2026-01-15\n",
            "mapping values are not allowed in this context",
            3,
            1,
        )
        .unwrap();
        assert_eq!(e.line, 3);
        assert!(
            e.message
                .contains("`reviewed:` is indented more than `summary:`"),
            "{e:?}"
        );
        let e = explain(
            "title: Research: a primer\n",
            "mapping values are not allowed in this context",
            1,
            1,
        )
        .unwrap();
        assert!(e.hint.contains("\"Research: a primer\""), "{e:?}");
        let e = explain(
            "terms:\n  - term: RDS\n  description: x\n",
            "while parsing a block collection, did not find expected '-' indicator",
            3,
            1,
        )
        .unwrap();
        assert!(e.message.contains("indented less than `term:`"), "{e:?}");
        assert!(e.hint.contains("4 spaces"), "{e:?}");
        let e = explain(
            " title: A\nsummary: B\n",
            "did not find expected <document start>",
            2,
            1,
        )
        .unwrap();
        assert_eq!(e.line, 1);
    }
}
