//! Raw HTML in Markdown through an allow-list (ammonia and html5ever stay inside this
//! module), and a report of what the list removed, so an editor learns why an embed vanished.
//!
//! The rendered body of every page goes through [`clean`]: what a guide uses is kept, scripts,
//! frames, forms, styles, event handlers and `javascript:`/`data:` addresses are removed, and
//! because the HTML is re-serialised through an HTML5 parser an unclosed tag can no longer
//! swallow the rest of the page. [`removals`] reads a stretch of raw HTML as an editor wrote
//! it and lists, with lines, every element, attribute or class [`clean`] will remove: the
//! same tables and the same [`keeps_attribute`] decide both. A page with no raw HTML takes
//! a shortcut with the same result: [`clean_own`] checks the renderer's own HTML against
//! the same tables and writes what [`clean`] would, or declines and [`clean`] runs.
//!
//! Decisions (docs/editing.md, "Raw HTML"):
//! - `id` is kept as written (no prefix): heading anchors and `[x](#id)` links need it, and the
//!   site runs no script that an id could confuse. ammonia drops it by default.
//! - No `rel="noopener noreferrer"` is added to links (ammonia's default): `target` is not
//!   allowed, so no link opens a window that could reach back, and the referrer policy is the
//!   site's own choice.
//! - A theme cannot widen the list. An embed (video, form, map) loads another site's page or
//!   scripts, which the site's Content-Security-Policy and its "no requests to other sites"
//!   rule forbid anyway; link to it instead. Widening the list is a change to this file.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

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
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "noembed", "noframes", "xmp",
    "textarea", "title", "svg", "math", "select", "frameset",
];

/// Attributes any kept element may have.
const GENERIC_ATTRIBUTES: &[&str] = &["id", "class", "title", "role", "tabindex", "lang", "dir"];

/// Attributes of particular elements.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
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

/// Address schemes a link may use; images may only be local or `https`.
const LINK_SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// Classes our renderer writes (the theme styles them).
const RENDERER_CLASSES: &[&str] = &[
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

fn class_allowed(tag: &str, class: &str) -> bool {
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

/// The scheme of an address, as a browser reads it (`JavaScript:`, ` java\tscript:` …),
/// lower-cased; `None` for a relative address.
pub fn scheme(address: &str) -> Option<String> {
    let cleaned: String = address
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Whether `address` is a well-formed absolute URL (`https://www.nihr.ac.uk/`), as browsers
/// and [`clean`] read it.
pub fn is_absolute_url(address: &str) -> bool {
    ammonia::Url::parse(address).is_ok()
}

/// The value an attribute keeps, or `None` when it is removed. Only asked about attributes
/// the tables allow.
fn keeps_attribute<'v>(tag: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
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
            _ => Some(Cow::Borrowed(value)),
        },
        ("img", "src") => match scheme(value) {
            Some(s) if s != "https" => None,
            _ => Some(Cow::Borrowed(value)),
        },
        // A positive tabindex reorders the keyboard route through the page.
        (_, "tabindex") => matches!(value.trim(), "0" | "-1").then_some(Cow::Borrowed(value)),
        ("input", "type") => value
            .trim()
            .eq_ignore_ascii_case("checkbox")
            .then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || attribute.starts_with("aria-")
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attribute))
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.add_tags(TAGS)
        .add_clean_content_tags(DROPPED_WITH_CONTENT)
        .add_generic_attributes(GENERIC_ATTRIBUTES)
        .add_generic_attribute_prefixes(["aria-"])
        .url_schemes(LINK_SCHEMES.iter().copied().collect::<HashSet<_>>())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // An <input> can only be a checkbox (the kind task lists write).
        .set_tag_attribute_value("input", "type", "checkbox")
        .link_rel(None)
        .id_prefix(None)
        .strip_comments(true)
        .attribute_filter(keeps_attribute);
    for (tag, attributes) in TAG_ATTRIBUTES {
        b.add_tag_attributes(*tag, attributes.iter().copied());
    }
    b
});

/// `html` with everything outside the allow-list removed, well-formed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// [`clean`]'s output for HTML that our renderer wrote itself (a page with no raw HTML),
/// made without parsing it into a tree: `None` unless every tag, attribute and address is
/// one [`clean`] keeps as it is, and every element is one whose place the HTML parser
/// would leave alone (properly nested and closed, no block inside a paragraph, no link in
/// a link, nothing out of place in a table, …). Then [`clean`] would only re-serialise it,
/// which this does: the same escaping (`&`, `<`, `>`, no-break spaces; `"` in attributes),
/// `disabled=""` for a bare attribute, no ` /` in void tags. On `None`, use [`clean`];
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
                let void = is_void(name) || matches!(name, "area" | "col" | "wbr");
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
                        && url_kept(attribute, &value)
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
fn fits(name: &str, open: &[&str]) -> bool {
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

/// Whether [`clean`] keeps the address in `href` or `src` (ammonia's own test, before ours;
/// the allow-list has no other attribute that holds an address).
fn url_kept(attribute: &str, value: &str) -> bool {
    if !matches!(attribute, "href" | "src") {
        return true;
    }
    match ammonia::Url::parse(value) {
        Ok(url) => LINK_SCHEMES.contains(&url.scheme()),
        Err(e) => e == ammonia::url::ParseError::RelativeUrlWithoutBase,
    }
}

/// A tag as our renderer and pulldown-cmark write them: lower-case names, attributes in
/// double quotes or bare.
enum OwnTag<'h> {
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
/// escaped as [`clean`]'s serialiser does. `None` for anything else: another character
/// reference, a bare `&`, `<`, a carriage return or a NUL, which the parser would change.
fn unescape_into(out: &mut String, raw: &str, attribute: bool) -> Option<()> {
    if !raw.contains(['&', '<', '\r', '\0']) {
        escape_own(out, raw, attribute);
        return Some(());
    }
    let mut value = String::with_capacity(raw.len());
    unescape_into_raw(&mut value, raw)?;
    escape_own(out, &value, attribute);
    Some(())
}

fn unescape_into_raw(out: &mut String, raw: &str) -> Option<()> {
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

/// Escapes as html5ever's serialiser does: `&`, `<`, `>` and no-break spaces, and `"` in
/// attribute values.
fn escape_own(out: &mut String, text: &str, attribute: bool) {
    // Whole runs of ordinary bytes at a time (this runs over every page's text). Every
    // character escaped is ASCII except the no-break space, 0xC2 0xA0 in UTF-8.
    let bytes = text.as_bytes();
    let mut from = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            0xC2 if bytes.get(at + 1) == Some(&0xA0) => "&nbsp;",
            // The 0xA0 of a no-break space already replaced.
            0xA0 if at > 0 && bytes[at - 1] == 0xC2 => {
                from = at + 1;
                continue;
            }
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(replacement);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

/// Raw HTML of one page, re-serialised stretch by stretch so that its end tags close only
/// elements its own start tags opened: a stray `</div>` or `</blockquote>` cannot close the
/// site's callout, quotation or table wrapper around it. Comments are dropped here.
#[derive(Default)]
pub struct RawHtml {
    open: Vec<String>,
    /// For each of the site's wrappers we are inside: how many raw elements were open when
    /// it opened. Raw end tags inside it close only raw elements opened inside it.
    floors: Vec<usize>,
}

impl RawHtml {
    /// `raw` (an HTML block, or one inline tag), balanced against what came before it.
    pub fn balance(&mut self, raw: &str) -> String {
        let tokenizer = Tokenizer::new(Tokens::default(), TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(raw.into());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        let mut out = String::with_capacity(raw.len());
        for token in tokenizer.sink.tokens.take() {
            match token {
                Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                    let name = tag.name.to_string();
                    out.push('<');
                    out.push_str(&name);
                    for attr in &tag.attrs {
                        out.push(' ');
                        out.push_str(&attr.name.local);
                        out.push_str("=\"");
                        escape_into(&mut out, &attr.value, true);
                        out.push('"');
                    }
                    out.push('>');
                    if !tag.self_closing
                        && !is_void(&name)
                        && !matches!(
                            name.as_str(),
                            "area" | "base" | "col" | "param" | "source" | "track" | "wbr"
                        )
                    {
                        self.open.push(name);
                    }
                }
                Token::TagToken(tag) => {
                    let name = tag.name.to_string();
                    let floor = self
                        .floors
                        .last()
                        .copied()
                        .unwrap_or(0)
                        .min(self.open.len());
                    if let Some(at) = self.open[floor..].iter().rposition(|n| *n == name) {
                        self.open.truncate(floor + at);
                        out.push_str("</");
                        out.push_str(&name);
                        out.push('>');
                    }
                }
                Token::CharacterTokens(text) => escape_into(&mut out, &text, false),
                _ => {}
            }
        }
        out
    }

    /// The site opens a wrapper of its own (a callout, a table, a list item …).
    pub fn enter(&mut self) {
        self.floors.push(self.open.len());
    }

    /// The site is about to close the wrapper it last [`RawHtml::enter`]ed: end tags for the
    /// raw elements opened inside it, innermost first, so an unclosed raw `<div>` cannot
    /// take the wrapper's end tag.
    pub fn leave(&mut self) -> String {
        let depth = self.floors.pop().unwrap_or(0);
        let mut out = String::new();
        while self.open.len() > depth {
            if let Some(name) = self.open.pop() {
                out.push_str("</");
                out.push_str(&name);
                out.push('>');
            }
        }
        out
    }

    /// Whether raw HTML opened an `<a>` that is not closed yet.
    pub fn in_link(&self) -> bool {
        self.open.iter().any(|n| n == "a")
    }
}

fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Collects tokens, switching the tokenizer into raw text where the HTML parser would.
#[derive(Default)]
struct Tokens {
    tokens: RefCell<Vec<Token>>,
}

impl TokenSink for Tokens {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let state = match &token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && !tag.self_closing => {
                raw_text_state(&tag.name)
            }
            _ => TokenSinkResult::Continue,
        };
        self.tokens.borrow_mut().push(token);
        state
    }
}

/// Something [`clean`] removes from raw HTML, on a line of the stretch (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub line: usize,
    pub what: String,
}

/// What [`clean`] will remove from `raw`, a stretch of raw HTML as the editor wrote it.
pub fn removals(raw: &str) -> Vec<Removal> {
    let sink = Inventory::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(raw.into());
    // `feed` stops only for a script the sink asked to run; ours never does.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.take()
}

/// Reads tokens as the HTML parser would (raw-text elements switch the tokenizer's state)
/// and notes what the allow-list removes.
#[derive(Default)]
struct Inventory {
    found: RefCell<Vec<Removal>>,
    /// Inside an element removed with its content: its name and nesting depth.
    dropped: RefCell<Option<(String, usize)>>,
}

impl Inventory {
    fn note(&self, line: u64, what: String) {
        self.found.borrow_mut().push(Removal {
            line: usize::try_from(line).unwrap_or(usize::MAX),
            what,
        });
    }

    fn tag(&self, tag: &Tag, line: u64) -> TokenSinkResult<()> {
        // The tokenizer lower-cases tag and attribute names.
        let name = tag.name.to_string();
        {
            let mut dropped = self.dropped.borrow_mut();
            if let Some((inside, depth)) = dropped.as_mut() {
                if *inside == name {
                    match tag.kind {
                        TagKind::StartTag if !tag.self_closing => *depth += 1,
                        TagKind::EndTag => *depth -= 1,
                        TagKind::StartTag => {}
                    }
                    if *depth == 0 {
                        *dropped = None;
                    }
                }
                return TokenSinkResult::Continue;
            }
        }
        if tag.kind == TagKind::EndTag {
            return TokenSinkResult::Continue;
        }
        if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
            self.note(line, format!("`<{name}>` and everything in it"));
            if !tag.self_closing && !is_void(&name) {
                *self.dropped.borrow_mut() = Some((name.clone(), 1));
            }
            return raw_text_state(&name);
        }
        if !TAGS.contains(&name.as_str()) {
            self.note(line, format!("`<{name}>` (its text is kept)"));
            return raw_text_state(&name);
        }
        for attr in &tag.attrs {
            let attribute = attr.name.local.to_string();
            let value = attr.value.to_string();
            if !attribute_allowed(&name, &attribute) {
                self.note(line, format!("`{attribute}` on `<{name}>`"));
                continue;
            }
            match keeps_attribute(&name, &attribute, &value) {
                None if attribute == "class" => {
                    self.note(line, format!("class `{}` on `<{name}>`", value.trim()))
                }
                None => self.note(
                    line,
                    format!("`{attribute}=\"{}\"` on `<{name}>`", shorten(&value)),
                ),
                Some(kept) if kept != value.as_str() => {
                    let removed: Vec<&str> = value
                        .split_ascii_whitespace()
                        .filter(|c| !class_allowed(&name, c))
                        .collect();
                    self.note(line, format!("class `{}` on `<{name}>`", removed.join(" ")));
                }
                Some(_) => {}
            }
        }
        TokenSinkResult::Continue
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "embed" | "img" | "input" | "br" | "hr" | "meta" | "link"
    )
}

/// The tokenizer state the HTML parser switches to after `<name>`.
fn raw_text_state(name: &str) -> TokenSinkResult<()> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        value.chars().take(MAX).collect::<String>() + "…"
    }
}

impl TokenSink for Inventory {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => self.tag(&tag, line),
            // `<?php … ?>` reaches the parser as a comment: browsers never show it.
            Token::CommentToken(text)
                if text.starts_with('?') && self.dropped.borrow().is_none() =>
            {
                self.note(
                    line,
                    format!(
                        "`<{}>` (a processing instruction, which browsers ignore)",
                        shorten(&text)
                    ),
                );
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(raw: &str) -> Vec<String> {
        removals(raw).into_iter().map(|r| r.what).collect()
    }

    #[test]
    fn guide_html_is_kept_as_written() {
        let html = "<details><summary>More</summary><p>Ask the <abbr title=\"Research Design Service\">RDS</abbr>.</p></details>\
            <figure><img src=\"chart.png\" alt=\"Chart\"><figcaption>Stages</figcaption></figure>\
            <p><a href=\"https://www.nihr.ac.uk/\">NIHR</a> <a href=\"mailto:rd@trust.nhs.uk\">email</a> \
            <a href=\"tel:+441234567890\">phone</a> <kbd>Ctrl</kbd> <mark>new</mark> <del>old</del><ins>new</ins> \
            H<sub>2</sub>O x<sup>2</sup><br></p><div class=\"callout callout-note\"><span class=\"visually-hidden\">x</span></div>\
            <h2 id=\"getting-started\">Start</h2>";
        assert_eq!(clean(html), html);
        assert!(removals(html).is_empty(), "{:?}", removals(html));
    }

    #[test]
    fn hostile_html_is_removed_and_each_removal_reported_with_its_line() {
        let raw = "<script>alert(1)</script>\n<iframe src=\"https://evil.example\"></iframe>\n\
            <style>body{display:none}</style>\n<form action=\"https://evil.example\"><input type=\"text\" name=\"q\"></form>\n\
            <meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n\
            <img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">\n<p onclick=\"alert(1)\">p</p>\n\
            <a href=\"javascript:alert(1)\">j</a> <a href=\" JavaScript:alert(1)\">J</a>\n\
            <img src=\"data:image/png;base64,AAAA\" alt=\"d\"> <a href=\"vbscript:msgbox\">v</a>\n\
            <div class=\"evil callout\" style=\"color:red\">d</div> <a href=\"#\" target=\"_blank\">t</a>\n";
        let cleaned = clean(raw);
        for gone in [
            "<script",
            "alert(1)",
            "<iframe",
            "<style",
            "display:none",
            "<form",
            "<meta",
            "onerror",
            "onclick",
            "javascript",
            "JavaScript",
            "data:",
            "vbscript",
            "evil",
            "style=",
            "target",
            "type=\"text\"",
        ] {
            assert!(!cleaned.contains(gone), "{gone} survived: {cleaned}");
        }
        assert!(
            cleaned.contains("<div class=\"callout\">d</div>"),
            "{cleaned}"
        );
        let found = removals(raw);
        let at = |line: usize| -> Vec<&str> {
            found
                .iter()
                .filter(|r| r.line == line)
                .map(|r| r.what.as_str())
                .collect()
        };
        assert_eq!(at(1), ["`<script>` and everything in it"]);
        assert_eq!(at(2), ["`<iframe>` and everything in it"]);
        assert_eq!(at(3), ["`<style>` and everything in it"]);
        assert_eq!(
            at(4),
            [
                "`<form>` (its text is kept)",
                "`type=\"text\"` on `<input>`"
            ]
        );
        assert_eq!(at(5), ["`<meta>` (its text is kept)"]);
        assert_eq!(at(6), ["`onerror` on `<img>`"]);
        assert_eq!(at(7), ["`onclick` on `<p>`"]);
        assert_eq!(
            at(8),
            [
                "`href=\"javascript:alert(1)\"` on `<a>`",
                "`href=\" JavaScript:alert(1)\"` on `<a>`"
            ]
        );
        assert_eq!(
            at(9),
            [
                "`src=\"data:image/png;base64,AAAA\"` on `<img>`",
                "`href=\"vbscript:msgbox\"` on `<a>`"
            ]
        );
        assert_eq!(
            at(10),
            [
                "class `evil` on `<div>`",
                "`style` on `<div>`",
                "`target` on `<a>`"
            ]
        );
    }

    #[test]
    fn unclosed_tags_are_closed_and_nothing_inside_dropped_content_is_reported_twice() {
        assert_eq!(clean("<div><p>open"), "<div><p>open</p></div>");
        assert_eq!(
            removed("<svg><circle onload=\"x\"/><script>a</script></svg><p>after</p>"),
            ["`<svg>` and everything in it"]
        );
        assert_eq!(clean("<svg><circle/></svg><p>after</p>"), "<p>after</p>");
        // The text after a removed script's end is ordinary text again.
        assert_eq!(
            removed("<script><p onclick=x></script><p onclick=y>"),
            ["`<script>` and everything in it", "`onclick` on `<p>`"]
        );
    }

    #[test]
    fn raw_end_tags_close_only_what_raw_html_opened() {
        let mut raw = RawHtml::default();
        assert_eq!(raw.balance("</div></blockquote>"), "");
        assert_eq!(
            raw.balance("<details open><summary>S</summary>\n"),
            "<details open=\"\"><summary>S</summary>\n"
        );
        assert!(!raw.in_link());
        assert_eq!(
            raw.balance("<a href=\"x?a=1&amp;b=\\&quot;\">"),
            "<a href=\"x?a=1&amp;b=\\&quot;\">"
        );
        assert!(raw.in_link());
        assert_eq!(raw.balance("</a>"), "</a>");
        assert_eq!(
            raw.balance("</details></div><!-- note --><br/>"),
            "</details><br>"
        );
        assert_eq!(
            raw.balance("<script>if (a < b) x()</script>"),
            "<script>if (a &lt; b) x()</script>"
        );
        assert_eq!(raw.balance("<div>"), "<div>");
        raw.enter();
        // Inside a wrapper, a raw end tag closes only what raw HTML opened inside it.
        assert_eq!(raw.balance("<div><b>x</div></div>"), "<div><b>x</div>");
        assert_eq!(raw.balance("<i>y"), "<i>y");
        assert_eq!(raw.leave(), "</i>");
        assert_eq!(raw.balance("</div>"), "</div>");
    }

    #[test]
    fn processing_instructions_and_cdata_are_not_shown_as_markup() {
        assert_eq!(
            removed("<?php echo 1; ?>"),
            ["`<?php echo 1; ?>` (a processing instruction, which browsers ignore)"]
        );
        // Browsers read `<![CDATA[` in HTML as a comment ending at the first `>`.
        assert_eq!(clean("<![CDATA[>&<]]>"), "&amp;&lt;]]&gt;");
    }

    /// `clean_own` gives `clean`'s output where it gives any.
    fn same_as_clean(html: &str) -> Option<String> {
        let fast = clean_own(html);
        if let Some(fast) = &fast {
            assert_eq!(*fast, clean(html), "on {html:?}");
        }
        fast
    }

    #[test]
    fn our_own_html_is_cleaned_without_a_parse_exactly_as_clean_would() {
        for html in [
            "",
            "<p>one <em>inline</em> tag</p>\n",
            "<p><abbr title=\"no\u{a0}break &amp; \u{a0}\">NB</abbr> caf\u{e9}\u{a0}\u{a0}</p>",
            "<p>Tom &amp; Jerry &lt;3 &gt; &quot;quoted&quot; it&#39;s it&#x27;s\u{a0}here</p>\n",
            "<p><a href=\"https://x.example/?a=1&amp;b=&#x27;2&#x27;\" class=\"external\" title=\"A &quot;title&quot; &lt;b&gt; &amp; &#39;more&#39;\">x<span class=\"visually-hidden\"> (external site)</span></a></p>\n",
            "<p><a href=\"../guide/index.html#x\">rel</a> <a href=\"mailto:a@b.example\">m</a> <img src=\"a.png\" alt=\"A &quot;b&quot;\" title=\"t\" loading=\"lazy\"></p>\n<hr />\n<p>a<br />\nb</p>\n",
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table 1\" tabindex=\"0\"><table>\n<thead><tr><th class=\"align-left\">A</th><th>B</th></tr></thead><tbody>\n<tr><td>1</td><td><code>x</code></td></tr>\n</tbody></table>\n</div>\n",
            "<ul>\n<li class=\"task-item\"><input type=\"checkbox\" class=\"task-checkbox\" id=\"l-a\" name=\"l-a\" checked> <label for=\"l-a\">A</label><div class=\"notes-space print-only\" aria-hidden=\"true\"></div></li>\n<li><input type=\"checkbox\" disabled checked aria-label=\"Done\"> b</li>\n</ul>\n<ol start=\"3\">\n<li>c</li>\n</ol>\n",
            "<div class=\"callout callout-note\" role=\"note\" aria-labelledby=\"callout-1\"><p class=\"callout-title\" id=\"callout-1\">Editorial note</p><p>n</p>\n</div>\n<figure class=\"quote\"><blockquote><p>q</p>\n</blockquote><figcaption>Someone</figcaption></figure>\n",
            "<h2 id=\"a-b\">A <abbr title=\"Research Design Service\">RDS</abbr></h2>\n<pre><code class=\"language-rust\">fn x() { a &lt; b &amp;&amp; c &gt; d }\n</code></pre>\n<p>x<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1<span class=\"visually-hidden\"> (footnote)</span></a></sup></p>\n<div class=\"footnote\" id=\"fn-1\"><span class=\"footnote-label\">1.</span><p>f</p>\n</div>\n",
        ] {
            assert!(same_as_clean(html).is_some(), "no shortcut for {html:?}");
        }
    }

    #[test]
    fn anything_clean_would_change_goes_through_clean() {
        for html in [
            // Addresses and classes the allow-list removes.
            "<p><a href=\"javascript:alert(1)\">x</a></p>",
            "<p><a href=\" JavaScript:alert(1)\">x</a></p>",
            "<p><img src=\"http://x.example/a.png\" alt=\"a\"></p>",
            "<p><img src=\"data:image/png;base64,AAAA\" alt=\"a\"></p>",
            "<pre><code class=\"language-\">x</code></pre>",
            "<div class=\"evil\">x</div>",
            "<p onclick=\"x\">x</p>",
            "<div tabindex=\"5\">x</div>",
            "<input type=\"text\">",
            "<input class=\"task-checkbox\">",
            "<p id=\"a\" id=\"b\">x</p>",
            // Tags it removes, and markup the parser would rearrange or drop.
            "<script>alert(1)</script>",
            "<p>a <!-- c --> b</p>",
            "<p><a href=\"#a\">x <a href=\"#b\">y</a></a></p>",
            "<p>a<div>b</div></p>",
            "<h2>a<h3>b</h3></h2>",
            "<table><tr><td>x</td></tr></table>",
            "<table>text<tbody></tbody></table>",
            "<pre>\nx</pre>",
            "<p>unclosed",
            "<p>a</b></p>",
            "<li>x</li>",
            "<div />",
            "<p>a &copy; b</p>",
            "<p>a & b</p>",
            "<p>a\r\nb</p>",
            "<P>x</P>",
            "<p title='x'>x</p>",
            "\u{feff}<p>x</p>",
        ] {
            assert_eq!(same_as_clean(html), None, "{html:?}");
        }
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme(" java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("../a.md"), None);
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("#x:y"), None);
        assert_eq!(
            clean("<a href=\"java&#x09;script:alert(1)\">x</a>"),
            "<a>x</a>"
        );
    }

    #[test]
    fn only_local_and_https_images_and_safe_tabindex() {
        assert_eq!(
            clean(
                "<img src=\"http://x.example/a.png\" alt=\"a\"><img src=\"https://x.example/a.png\" alt=\"b\">"
            ),
            "<img alt=\"a\"><img src=\"https://x.example/a.png\" alt=\"b\">"
        );
        assert_eq!(
            clean("<div tabindex=\"5\">a</div><div tabindex=\"0\">b</div>"),
            "<div>a</div><div tabindex=\"0\">b</div>"
        );
        assert_eq!(
            clean(
                "<pre><code class=\"language-rust\">x</code></pre><code class=\"language-\">y</code>"
            ),
            "<pre><code class=\"language-rust\">x</code></pre><code>y</code>"
        );
    }
}
