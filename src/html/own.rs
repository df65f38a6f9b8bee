//! A shortcut for HTML our renderer wrote itself: what [`clean`](super::clean) would give, without a parse.

use std::borrow::Cow;

use super::allow::*;
use super::escape::escape_own;
use super::void::is_void;

/// [`clean`](super::clean)'s output for HTML that our renderer wrote itself (a page with no raw HTML),
/// made without parsing it into a tree: `None` unless every tag, attribute and address is
/// one [`clean`](super::clean) keeps as it is, and every element is one whose place the HTML parser
/// would leave alone (properly nested and closed, no block inside a paragraph, no link in
/// a link, nothing out of place in a table, …). Then [`clean`](super::clean) would only re-serialise it,
/// which this does: the same escaping (`&`, `<`, `>`, no-break spaces; `"` in attributes),
/// `disabled=""` for a bare attribute, no ` /` in void tags. On `None`, use [`clean`](super::clean);
/// `tests` compare the two on every page of the guide and on generated Markdown.
pub fn clean_own(html: &str) -> Option<String> {
    // The parser drops a byte-order mark at the very start.
    if html.starts_with('\u{feff}') {
        return None;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let text_end = rest.find('<').unwrap_or(rest.len());
        let (text, after) = rest.split_at(text_end);
        if !text.is_empty() {
            if open
                .last()
                .is_some_and(|top| matches!(*top, "table" | "thead" | "tbody" | "tr"))
                && !text
                    .bytes()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c'))
            {
                return None;
            }
            unescape_into(&mut out, text, false)?;
        }
        rest = after;
        if rest.is_empty() {
            break;
        }
        let (tag, after) = OwnTag::read(rest)?;
        rest = after;
        match tag {
            OwnTag::End(name) => {
                if open.pop() != Some(name) {
                    return None;
                }
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            OwnTag::Start {
                name,
                attributes,
                self_closing,
            } => {
                let void = is_void(name);
                if (self_closing && !void) || !TAGS.contains(&name) || !fits(name, &open) {
                    return None;
                }
                // The parser drops a newline straight after `<pre>`.
                if name == "pre" && rest.starts_with(['\n', '\r']) {
                    return None;
                }
                out.push('<');
                out.push_str(name);
                let mut seen: Vec<&str> = Vec::new();
                for (attribute, raw) in attributes {
                    let mut value = String::new();
                    unescape_into_raw(&mut value, raw)?;
                    let kept = !seen.contains(&attribute)
                        && attribute_allowed(name, attribute)
                        && (!matches!(attribute, "href" | "src") || url_kept(&value))
                        && matches!(
                            keeps_attribute(name, attribute, &value),
                            Some(Cow::Borrowed(_))
                        )
                        && ((name, attribute) != ("input", "type") || value == "checkbox");
                    if !kept {
                        return None;
                    }
                    seen.push(attribute);
                    out.push(' ');
                    out.push_str(attribute);
                    out.push_str("=\"");
                    escape_own(&mut out, &value, true);
                    out.push('"');
                }
                // clean() gives every <input> type="checkbox".
                if name == "input" && !seen.contains(&"type") {
                    return None;
                }
                out.push('>');
                if !void {
                    open.push(name);
                }
            }
        }
    }
    open.is_empty().then_some(out)
}

/// Whether the HTML parser would put a `<name>` opened inside `open` just there, as a
/// child of the innermost open element, changing nothing else.
pub(super) fn fits(name: &str, open: &[&str]) -> bool {
    let top = open.last().copied().unwrap_or("div");
    let in_table = matches!(top, "table" | "thead" | "tbody" | "tr");
    match name {
        "thead" | "tbody" => return top == "table",
        "tr" => return matches!(top, "thead" | "tbody"),
        "th" | "td" => return top == "tr",
        "li" if !matches!(top, "ul" | "ol") => return false,
        "caption" | "tfoot" | "dd" | "dt" => return false,
        _ if in_table => return false,
        _ => {}
    }
    // A start tag that closes an open paragraph, a heading inside a heading, a link in a link.
    let closes_p = matches!(
        name,
        "blockquote"
            | "details"
            | "div"
            | "dl"
            | "figcaption"
            | "figure"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "li"
            | "ol"
            | "p"
            | "pre"
            | "summary"
            | "table"
            | "ul"
    );
    let heading = |n: &&str| matches!(*n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    !(closes_p && open.contains(&"p")
        || heading(&name) && open.iter().any(heading)
        || name == "a" && open.contains(&"a"))
}

/// A tag as our renderer and pulldown-cmark write them: lower-case names, attributes in
/// double quotes or bare.
pub(super) enum OwnTag<'h> {
    Start {
        name: &'h str,
        attributes: Vec<(&'h str, &'h str)>,
        self_closing: bool,
    },
    End(&'h str),
}

impl<'h> OwnTag<'h> {
    /// The tag at the start of `html` (which starts with `<`) and what follows it.
    fn read(html: &'h str) -> Option<(OwnTag<'h>, &'h str)> {
        let name_of = |s: &'h str| -> Option<(&'h str, &'h str)> {
            let end = s
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
                .unwrap_or(s.len());
            let name = &s[..end];
            name.starts_with(|c: char| c.is_ascii_lowercase())
                .then_some((name, &s[end..]))
        };
        if let Some(after) = html.strip_prefix("</") {
            let (name, after) = name_of(after)?;
            return Some((OwnTag::End(name), after.strip_prefix('>')?));
        }
        let (name, mut rest) = name_of(html.strip_prefix('<')?)?;
        let mut attributes = Vec::new();
        loop {
            let trimmed = rest.trim_start_matches(' ');
            if let Some(after) = trimmed.strip_prefix('>') {
                let tag = OwnTag::Start {
                    name,
                    attributes,
                    self_closing: false,
                };
                return Some((tag, after));
            }
            if let Some(after) = trimmed.strip_prefix("/>") {
                let tag = OwnTag::Start {
                    name,
                    attributes,
                    self_closing: true,
                };
                return Some((tag, after));
            }
            // Attributes are separated by a space.
            if trimmed.len() == rest.len() {
                return None;
            }
            let end = trimmed
                .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
                .unwrap_or(trimmed.len());
            let attribute = &trimmed[..end];
            if attribute.is_empty() {
                return None;
            }
            rest = &trimmed[end..];
            if let Some(quoted) = rest.strip_prefix("=\"") {
                let close = quoted.find('"')?;
                attributes.push((attribute, &quoted[..close]));
                rest = &quoted[close + 1..];
            } else if rest.starts_with([' ', '>', '/']) {
                attributes.push((attribute, ""));
            } else {
                return None;
            }
        }
    }
}

/// Appends `raw` (text or an attribute value as our renderer escapes it) unescaped, then
/// escaped as [`clean`](super::clean)'s serialiser does. `None` for anything else: another character
/// reference, a bare `&`, `<`, a carriage return or a NUL, which the parser would change.
pub(super) fn unescape_into(out: &mut String, raw: &str, attribute: bool) -> Option<()> {
    if !raw.contains(['&', '<', '\r', '\0']) {
        escape_own(out, raw, attribute);
        return Some(());
    }
    let mut value = String::with_capacity(raw.len());
    unescape_into_raw(&mut value, raw)?;
    escape_own(out, &value, attribute);
    Some(())
}

pub(super) fn unescape_into_raw(out: &mut String, raw: &str) -> Option<()> {
    if raw.contains(['<', '\r', '\0']) {
        return None;
    }
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let (decoded, length) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&#x27;", '\''),
        ]
        .into_iter()
        .find(|(entity, _)| after.starts_with(entity))
        .map(|(entity, c)| (c, entity.len()))?;
        out.push(decoded);
        rest = &after[length..];
    }
    out.push_str(rest);
    Some(())
}
