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

#[test]
fn everything_our_renderer_writes_passes_the_allow_list() {
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
        assert!(removals(html).is_empty(), "{html:?}: {:?}", removals(html));
        let cleaned = clean(html);
        for (token, _) in tokens::tokens(html) {
            if let html5ever::tokenizer::Token::TagToken(tag) = token {
                let name = format!("<{}", tag.name);
                assert!(
                    cleaned.contains(&name),
                    "{name} lost from {html:?}: {cleaned}"
                );
                for attr in &tag.attrs {
                    let kept = format!(" {}=", attr.name.local);
                    assert!(
                        cleaned.contains(&kept),
                        "{kept} lost from {html:?}: {cleaned}"
                    );
                }
            }
        }
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
fn only_the_sites_own_images_and_safe_tabindex() {
    assert_eq!(
        clean(
            "<img src=\"http://x.example/a.png\" alt=\"a\"><img src=\"https://x.example/a.png\" alt=\"b\"><img src=\"//x.example/a.png\" alt=\"c\"><img src=\"../images/chart.png\" alt=\"d\">"
        ),
        "<img alt=\"a\"><img alt=\"b\"><img alt=\"c\"><img src=\"../images/chart.png\" alt=\"d\">"
    );
    let refused: Vec<bool> = removals("<img src=\"https://x.example/a.png\" alt=\"b\">\n<img src=\" //x.example/a.png\" alt=\"c\">\n<img src=\"\\\\x.example\\a.png\" alt=\"c\">\n<img src=\"javascript:x\" alt=\"j\">")
        .iter()
        .map(|r| r.external_image)
        .collect();
    assert_eq!(refused, [true, true, true, false]);
    assert!(!is_external_image("chart.png") && !is_external_image("/a.png"));
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

#[test]
fn processing_instructions_and_cdata_end_where_commonmark_ends_them() {
    let mut raw = RawHtml::default();
    assert_eq!(raw.balance("<?php\n\n  echo '>';\n\n?>\nokay"), "\nokay");
    assert_eq!(raw.balance("a <?php echo '<b>'; ?> b"), "a  b");
    assert_eq!(raw.balance("foo <![CDATA[>&<]]> bar"), "foo  bar");
    assert_eq!(raw.balance("<!-- a\n\nb -->c"), "c");
    assert_eq!(
        removed("<?php echo '>'; ?>"),
        ["`<?php echo '>` (a processing instruction, which browsers ignore)"]
    );
}

#[test]
fn formatting_elements_left_open_are_closed_and_blocks_stay_open() {
    let mut raw = RawHtml::default();
    let mark = raw.mark();
    assert_eq!(
        raw.balance("<div><a href=\"#x\"><b>x"),
        "<div><a href=\"#x\"><b>x"
    );
    assert_eq!(raw.close_formatting(mark), "</b></a>");
    // The <div> around Markdown stays open until its own end tag.
    assert_eq!(raw.balance("</div>"), "</div>");
    // `<a/>` opens a link, as the HTML parser reads it.
    let mark = raw.mark();
    assert_eq!(raw.balance("<a/><b2/>"), "<a><b2>");
    assert_eq!(raw.close_formatting(mark), "</b2></a>");
}

/// Each allowed element with `attribute="value"`, placed where the HTML parser keeps it.
fn probe(tag: &str, attribute: &str, value: &str) -> String {
    let element = if is_void(tag) {
        format!("<{tag} {attribute}=\"{value}\">")
    } else {
        format!("<{tag} {attribute}=\"{value}\">x</{tag}>")
    };
    let context = match tag {
        "td" | "th" => "<table><tbody><tr>{}</tr></tbody></table>",
        "tr" => "<table><tbody>{}</tbody></table>",
        "thead" | "tbody" | "tfoot" | "caption" => "<table>{}</table>",
        "li" => "<ul>{}</ul>",
        "dd" | "dt" => "<dl>{}</dl>",
        "summary" => "<details>{}</details>",
        "figcaption" => "<figure>{}</figure>",
        _ => "<div>{}</div>",
    };
    context.replace("{}", &element)
}

/// The value `attribute` has on the first `<tag>` in `html`, if it has one.
fn attribute_in(html: &str, tag: &str, attribute: &str) -> Option<String> {
    tokens::tokens(html)
        .into_iter()
        .find_map(|(token, _)| match token {
            html5ever::tokenizer::Token::TagToken(t) if &*t.name == tag => t
                .attrs
                .iter()
                .find(|a| &*a.name.local == attribute)
                .map(|a| a.value.to_string()),
            _ => None,
        })
}

#[test]
fn what_clean_keeps_is_exactly_what_the_removal_report_does_not_list() {
    // Every attribute the tables name, ammonia's own defaults (legacy presentation
    // attributes, `cite`, `summary` …) and some that must never pass.
    let attributes = [
        "id",
        "class",
        "title",
        "role",
        "tabindex",
        "lang",
        "dir",
        "aria-label",
        "aria-hidden",
        "href",
        "hreflang",
        "src",
        "alt",
        "width",
        "height",
        "loading",
        "start",
        "reversed",
        "type",
        "value",
        "colspan",
        "rowspan",
        "scope",
        "open",
        "checked",
        "disabled",
        "name",
        "for",
        "datetime",
        "cite",
        "align",
        "char",
        "charoff",
        "span",
        "size",
        "summary",
        "headers",
        "onclick",
        "style",
        "target",
        "rel",
        "srcset",
        "ping",
        "action",
        "formaction",
        "background",
        "bgcolor",
        "border",
        "hidden",
        "contenteditable",
        "accesskey",
        "autofocus",
        "download",
        "usemap",
        "ismap",
        "longdesc",
        "data-x",
        "xlink:href",
        "nowrap",
        "valign",
    ];
    let values = [
        "x",
        "",
        "0",
        "5",
        "checkbox",
        "callout evil",
        "visually-hidden",
        "javascript:alert(1)",
        "https://www.nihr.ac.uk/",
        "http://",
        "htps://x",
        "../a.png",
    ];
    let mut mismatches = Vec::new();
    for tag in TAGS {
        for attribute in attributes {
            for value in values {
                let raw = probe(tag, attribute, value);
                let kept = attribute_in(&clean(&raw), tag, attribute);
                let kept_as_written = kept.as_deref() == Some(value);
                let suffix = format!(" on `<{tag}>`");
                let warned = removals(&raw).iter().any(|r| r.what.ends_with(&suffix));
                if kept_as_written == warned {
                    mismatches.push(format!("{raw}: kept {kept:?}, warned {warned}"));
                }
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches, e.g.\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(20)].join("\n")
    );
    // Elements outside the list: removed and reported, every one.
    for tag in [
        "article", "aside", "center", "font", "u", "var", "samp", "tt", "nav", "header", "footer",
        "ruby", "bdo", "bdi", "map", "area", "col", "colgroup", "data", "acronym", "strike", "wbr",
        "form", "button", "video", "audio", "source", "link", "meta", "base",
    ] {
        let raw = probe(tag, "title", "x");
        let cleaned = clean(&raw);
        assert!(!cleaned.contains(&format!("<{tag}")), "{raw} → {cleaned}");
        let reported = format!("`<{tag}>`");
        assert!(
            removals(&raw).iter().any(|r| r.what.starts_with(&reported)),
            "{raw} not reported"
        );
    }
}

#[test]
fn ammonias_default_attributes_do_not_pass() {
    for (raw, gone) in [
        (
            "<blockquote cite=\"javascript:alert(1)\">q</blockquote>",
            "cite",
        ),
        ("<q cite=\"https://x.example/\">q</q>", "cite"),
        (
            "<table align=\"center\" summary=\"s\"><tbody><tr><td align=\"right\" headers=\"h\">x</td></tr></tbody></table>",
            "align",
        ),
        (
            "<table summary=\"s\"><tbody><tr><td>x</td></tr></tbody></table>",
            "summary",
        ),
        ("<hr size=\"5\" width=\"50%\" align=\"left\">", "size"),
        ("<img src=\"a.png\" alt=\"a\" align=\"left\">", "align"),
        ("<del cite=\"https://x.example/\">x</del>", "cite"),
    ] {
        let cleaned = clean(raw);
        assert!(!cleaned.contains(&format!(" {gone}=")), "{raw} → {cleaned}");
        assert!(
            removals(raw)
                .iter()
                .any(|r| r.what.starts_with(&format!("`{gone}"))),
            "{raw}: {:?}",
            removals(raw)
        );
    }
}
