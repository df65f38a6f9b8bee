//! SVG images are documents: opened on their own (a reader follows a link to one, or a web
//! server sends it without the site's security policy) they can run scripts and fetch
//! other sites. The build refuses, rather than quietly rewrites, any SVG that could: a
//! script, an event handler (`onload`), embedded HTML (`foreignObject`), or a reference to
//! anything outside the file (`href` not starting with `#`, `url(…)` not starting with `#`,
//! `@import`, an XML stylesheet, entity declarations). The editor is told the line and can
//! export the drawing again as plain SVG. Embedded raster images (`data:image/png`, jpeg,
//! gif, webp) are allowed: they are part of the file and cannot run anything.

/// Larger SVG files are refused unread: a guide's diagrams are far smaller.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Elements in one SVG (bounds memory; a detailed map has tens of thousands).
const MAX_NODES: u32 = 1_000_000;

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// One reason an SVG is refused, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    pub line: usize,
    pub column: usize,
    pub why: String,
}

/// What to tell an editor whose SVG was refused.
pub const HINT: &str = "export the drawing again as plain SVG without scripts, links or embedded web \
content (e.g. Inkscape's \"Optimized SVG\", or SVGO), or save it as PNG";

/// Every reason `text` may not be published (empty when it is safe), at most a few.
pub fn check(text: &str) -> Vec<Unsafe> {
    let mut found = Vec::new();
    if let Some(at) = find_ignore_case(text, "<!ENTITY") {
        let (line, column) = line_column(text, at);
        found.push(Unsafe {
            line,
            column,
            why: "declares XML entities, which can hide content or refer to other files".into(),
        });
        return found;
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = e.pos();
            found.push(Unsafe {
                line: pos.row as usize,
                column: pos.col as usize,
                why: format!("is not a well-formed SVG file ({e})"),
            });
            return found;
        }
    };
    let at = |pos: usize| {
        let p = doc.text_pos_at(pos);
        (p.row as usize, p.col as usize)
    };
    for node in doc.descendants() {
        if found.len() >= 5 {
            break;
        }
        let mut refuse = |pos: usize, why: String| {
            let (line, column) = at(pos);
            found.push(Unsafe { line, column, why });
        };
        if let Some(pi) = node.pi()
            && pi.target.eq_ignore_ascii_case("xml-stylesheet")
        {
            refuse(
                node.range().start,
                "loads a stylesheet from another file (`<?xml-stylesheet`)".into(),
            );
            continue;
        }
        if node.is_text() {
            let in_style = node
                .parent_element()
                .is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("style"));
            if in_style && let Some(why) = css_reference(node.text().unwrap_or_default()) {
                refuse(node.range().start, format!("its stylesheet {why}"));
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let tag = node.tag_name();
        let name = tag.name().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "foreignobject" | "iframe" | "embed" | "object" | "handler" | "listener"
        ) {
            refuse(
                node.range().start,
                format!("contains a `<{}>` element", tag.name()),
            );
            continue;
        }
        if tag.namespace() == Some(XHTML) {
            refuse(
                node.range().start,
                format!("contains web-page (XHTML) content: `<{}>`", tag.name()),
            );
            continue;
        }
        let animates_link = matches!(name.as_str(), "set" | "animate")
            && node.attributes().any(|a| {
                a.name() == "attributeName" && a.value().to_ascii_lowercase().contains("href")
            });
        if animates_link {
            refuse(
                node.range().start,
                format!("changes a link with `<{}>`", tag.name()),
            );
            continue;
        }
        for attr in node.attributes() {
            let attr_name = attr.name().to_ascii_lowercase();
            let value = attr.value();
            let why = if attr_name.starts_with("on") {
                Some(format!(
                    "has an event handler (`{}`), which runs a script",
                    attr.name()
                ))
            } else if matches!(attr_name.as_str(), "href" | "src") && !is_internal(value) {
                Some(format!(
                    "refers to something outside the file (`{}=\"{}\"`)",
                    attr.name(),
                    shorten(value)
                ))
            } else {
                css_reference(value).map(|why| format!("its `{}` attribute {why}", attr.name()))
            };
            if let Some(why) = why {
                refuse(attr.range().start, why);
            }
        }
    }
    found
}

/// `#id` or an embedded raster image.
fn is_internal(href: &str) -> bool {
    let href = href.trim();
    if href.starts_with('#') {
        return true;
    }
    let lower = href.to_ascii_lowercase();
    ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|t| {
        lower.starts_with(&format!("data:image/{t};"))
            || lower.starts_with(&format!("data:image/{t},"))
    })
}

/// Why CSS text refers outside the file, if it does: `@import`, or `url(…)` not to `#id`.
fn css_reference(css: &str) -> Option<String> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("imports another stylesheet (`@import`)".into());
    }
    let mut rest = lower.as_str();
    let mut original = css;
    while let Some(i) = rest.find("url(") {
        let arg = &original[i + 4..];
        let end = arg.find(')').unwrap_or(arg.len());
        let target = arg[..end]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim();
        if !is_internal(target) {
            return Some(format!(
                "refers to something outside the file (`url({})`)",
                shorten(target)
            ));
        }
        rest = &rest[i + 4..];
        original = &original[i + 4..];
    }
    None
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\n";

    fn svg(body: &str) -> String {
        format!("{HEAD}{body}\n</svg>\n")
    }

    fn refused(body: &str) -> Unsafe {
        let found = check(&svg(body));
        assert!(!found.is_empty(), "accepted: {body}");
        found[0].clone()
    }

    #[test]
    fn plain_drawings_pass_with_internal_references_and_embedded_pictures() {
        let ok = svg(concat!(
            "<defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient>",
            "<style>.a { fill: url(#g); } .b { fill: url( '#g' ) }</style></defs>",
            "<title>A diagram</title>",
            "<rect width=\"5\" height=\"5\" fill=\"url(#g)\" style=\"stroke: url('#g')\"/>",
            "<use href=\"#r\"/><use xlink:href=\" #r\"/>",
            "<image href=\"data:image/png;base64,iVBORw0KGgo=\" width=\"1\" height=\"1\"/>",
            "<text>online, only, once</text>"
        ));
        assert_eq!(check(&ok), vec![]);
        // The bundled theme's icon, and the DOCTYPE drawing programs write.
        let doctype = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n{}",
            svg("<circle r=\"1\"/>")
        );
        assert_eq!(check(&doctype), vec![]);
        let inkscape = svg(
            "<sodipodi:namedview xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" id=\"n\"/>",
        );
        assert_eq!(check(&inkscape), vec![]);
    }

    #[test]
    fn scripts_handlers_and_embedded_html_are_refused_at_their_line() {
        let s = refused("<script>alert(1)</script>");
        assert_eq!((s.line, s.column), (2, 1));
        assert!(s.why.contains("`<script>`"), "{}", s.why);
        let s = refused("<rect\n  onload=\"alert(1)\"/>");
        assert_eq!((s.line, s.column), (3, 3));
        assert!(s.why.contains("`onload`"), "{}", s.why);
        assert!(
            refused("<g ONCLICK=\"x()\"/>")
                .why
                .contains("event handler")
        );
        assert!(
            refused("<foreignObject><p>hi</p></foreignObject>")
                .why
                .contains("foreignObject")
        );
        assert!(
            refused("<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">x</h:script>")
                .why
                .contains("script")
        );
        assert!(
            refused("<h:iframe xmlns:h=\"http://www.w3.org/1999/xhtml\"/>")
                .why
                .contains("iframe")
        );
        assert!(
            refused("<h:div xmlns:h=\"http://www.w3.org/1999/xhtml\"/>")
                .why
                .contains("XHTML")
        );
        assert!(
            refused("<a href=\"#x\"><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a>")
                .why
                .contains("changes a link")
        );
    }

    #[test]
    fn references_outside_the_file_are_refused() {
        for (body, expect) in [
            (
                "<a href=\"javascript:alert(1)\"><text>x</text></a>",
                "javascript:alert(1)",
            ),
            (
                "<a xlink:href=\"https://example.org/\"/>",
                "https://example.org/",
            ),
            ("<image href=\"photo.png\"/>", "photo.png"),
            ("<use href=\"other.svg#icon\"/>", "other.svg#icon"),
            (
                "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>",
                "data:image/svg+xml",
            ),
            (
                "<rect fill=\"url(https://tracker.example/x)\"/>",
                "url(https://tracker.example/x)",
            ),
            (
                "<rect style=\"fill: URL('//t.example/a')\"/>",
                "url(//t.example/a)",
            ),
            (
                "<style>@import 'https://x.example/a.css';</style>",
                "@import",
            ),
            (
                "<style><![CDATA[ rect { fill: url(http://x.example/p) } ]]></style>",
                "url(http",
            ),
        ] {
            let s = refused(body);
            assert!(s.why.contains(expect), "{body}: {}", s.why);
        }
        let pi = format!(
            "<?xml-stylesheet href=\"https://x.example/a.css\"?>\n{}",
            svg("")
        );
        assert!(check(&pi)[0].why.contains("xml-stylesheet"));
    }

    #[test]
    fn entities_and_broken_files_are_refused_with_a_location() {
        let bomb =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"aaaa\">\n]>\n<svg>&a;</svg>";
        let s = &check(bomb)[0];
        assert_eq!((s.line, s.column), (3, 1));
        assert!(s.why.contains("entities"), "{}", s.why);
        let broken = &check("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect>\n</svg>")[0];
        assert_eq!(broken.line, 3);
        assert!(
            broken.why.contains("not a well-formed SVG"),
            "{}",
            broken.why
        );
        assert!(!check("").is_empty(), "an empty file is not an image");
    }
}
