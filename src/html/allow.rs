//! The allow-list: elements, attributes, classes and address schemes raw HTML may keep.

use std::borrow::Cow;

use super::scheme::scheme;

/// Elements kept: what guide content uses, and everything our renderer writes.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "ul",
];

/// Elements removed together with everything inside them (the rest are removed but their
/// text is kept): their content is code, styles or another document, not text for readers.
pub(super) const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "noembed", "noframes", "xmp",
    "textarea", "title", "svg", "math", "select", "frameset",
];

/// Attributes any kept element may have.
pub(super) const GENERIC_ATTRIBUTES: &[&str] =
    &["id", "class", "title", "role", "tabindex", "lang", "dir"];

/// Attributes of particular elements.
pub(super) const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height", "loading"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("td", &["colspan", "rowspan"]),
    ("details", &["open"]),
    ("input", &["type", "checked", "disabled", "name"]),
    ("label", &["for"]),
    ("del", &["datetime"]),
    ("ins", &["datetime"]),
    ("time", &["datetime"]),
];

/// Address schemes a link may use. Images may only be the site's own files: the site's
/// Content-Security-Policy (`img-src 'self' data:`) blocks any other, and loading one would
/// tell another site who reads the page.
pub const LINK_SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// Classes our renderer writes (the theme styles them).
pub(super) const RENDERER_CLASSES: &[&str] = &[
    "external",
    "visually-hidden",
    "table-wrap",
    "footnote",
    "footnote-label",
    "footnote-ref",
    "callout",
    "callout-note",
    "callout-tip",
    "callout-important",
    "callout-warning",
    "callout-caution",
    "callout-title",
    "quote",
    "task-item",
    "task-checkbox",
    "notes-space",
    "print-only",
    "align-left",
    "align-center",
    "align-right",
    "added",
    "added-label",
];

/// Classes editors may use in raw HTML: the theme's documented list (docs/theming.md,
/// "Classes for raw HTML"; a test keeps the two the same).
pub const EDITOR_CLASSES: &[&str] = &[
    "visually-hidden",
    "print-only",
    "no-print",
    "callout",
    "callout-title",
];

pub(super) fn class_allowed(tag: &str, class: &str) -> bool {
    RENDERER_CLASSES.contains(&class)
        || EDITOR_CLASSES.contains(&class)
        // Code blocks: ```rust → <code class="language-rust">.
        || (tag == "code"
            && class.strip_prefix("language-").is_some_and(|lang| {
                !lang.is_empty()
                    && lang
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+#._-".contains(c))
            }))
}

/// The value an attribute keeps, or `None` when it is removed. Only asked about attributes
/// the tables allow.
pub(super) fn keeps_attribute<'v>(
    tag: &str,
    attribute: &str,
    value: &'v str,
) -> Option<Cow<'v, str>> {
    match (tag, attribute) {
        (_, "class") => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| class_allowed(tag, c))
                .collect();
            if kept.is_empty() {
                None
            } else if kept.len() == value.split_ascii_whitespace().count() {
                Some(Cow::Borrowed(value))
            } else {
                Some(Cow::Owned(kept.join(" ")))
            }
        }
        ("a", "href") => match scheme(value) {
            Some(s) if !LINK_SCHEMES.contains(&s.as_str()) => None,
            _ => url_kept(value).then_some(Cow::Borrowed(value)),
        },
        ("img", "src") => {
            (!is_external_image(value) && url_kept(value)).then_some(Cow::Borrowed(value))
        }
        // A positive tabindex reorders the keyboard route through the page.
        (_, "tabindex") => matches!(value.trim(), "0" | "-1").then_some(Cow::Borrowed(value)),
        ("input", "type") => value
            .trim()
            .eq_ignore_ascii_case("checkbox")
            .then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// Whether ammonia keeps an address in `href` or `src` (its own test, made before ours): an
/// absolute URL with an allowed scheme, or a relative one. An address that is neither
/// (`https://[x`, `http://`) is removed, and reported.
pub fn url_kept(value: &str) -> bool {
    match ammonia::Url::parse(value) {
        Ok(url) => LINK_SCHEMES.contains(&url.scheme()),
        Err(e) => e == ammonia::url::ParseError::RelativeUrlWithoutBase,
    }
}

/// What to do with an image from another site (`![…](https://…)` or `<img src="https://…">`).
pub const EXTERNAL_IMAGE_HINT: &str = "save the image into content/ (beside this page, or in a folder such as content/images/) and link to the file: ![Chart of the stages](../images/chart.png)";

/// Whether an image address leads outside the site: any scheme (`https:`, `http:`, `data:`
/// …) or a network path (`//host/…`, which browsers also read in `\\host` and `/\host`).
pub fn is_external_image(src: &str) -> bool {
    let src = src.trim_matches(|c: char| c <= ' ');
    scheme(src).is_some()
        || src
            .get(..2)
            .is_some_and(|start| start.chars().all(|c| c == '/' || c == '\\'))
}

pub(super) fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || attribute.starts_with("aria-")
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attribute))
}
