//! Paste from Word or a web page: when the clipboard holds HTML, the edit page sends it here
//! (with the token, through the same guard as every editing request) and inserts the
//! Markdown it gets back; on any refusal it pastes the clipboard's plain text instead, so a
//! paste is never lost (docs/editing.md, "Pasting from Word or a web page").
//!
//! The HTML goes through the site's allow-list and is converted by
//! [`crate::html::pasted_markdown`]; the result is read back by
//! [`crate::markdown::made_safe`], so it holds no raw HTML, image or link the site would not
//! make; and it is tidied here (spaces at line ends, runs of empty lines).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::{Editor, answer, blocking, read_json, within_limit};
use crate::html::{MAX_PASTE_DEPTH, PasteRefused};

/// The most HTML one paste may hold: far more than pages of a Word document (whose
/// clipboard HTML is some ten times its text), far less than what takes long to convert.
pub const MAX_PASTE: usize = 1024 * 1024;
/// Pastes converted in any minute.
pub const MAX_PASTES: usize = 60;

/// What the edit page sends: the clipboard's `text/html`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Paste {
    html: String,
}

pub(super) async fn api_paste(State(editor): State<Arc<Editor>>, body: Body) -> Response {
    let paste: Paste = match read_json(body).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if paste.html.len() > MAX_PASTE {
        return answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({ "error": too_large_words() }),
        );
    }
    if !within_limit(&editor.pastes, MAX_PASTES) {
        return answer(
            StatusCode::TOO_MANY_REQUESTS,
            json!({ "error": format!("more than {MAX_PASTES} pastes in a minute") }),
        );
    }
    blocking(move || match to_markdown(&paste.html) {
        Ok(markdown) => answer(StatusCode::OK, json!({ "markdown": markdown })),
        Err(Refused::TooLarge) => answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({ "error": too_large_words() }),
        ),
        Err(Refused::TooDeep) => answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "error": format!(
                "what you pasted is nested more than {MAX_PASTE_DEPTH} levels deep, more than any page may be",
            ) }),
        ),
    })
    .await
}

fn too_large_words() -> String {
    format!(
        "what you pasted is larger than {} MB as formatted text: copy and paste a smaller part at a time",
        MAX_PASTE / (1024 * 1024)
    )
}

/// Why a paste is not converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Larger than [`MAX_PASTE`] as HTML, or twice that as Markdown.
    TooLarge,
    /// Nested more than [`MAX_PASTE_DEPTH`] deep.
    TooDeep,
}

/// Pasted `html` as the Markdown the edit page inserts.
pub fn to_markdown(html: &str) -> Result<String, Refused> {
    if html.len() > MAX_PASTE {
        return Err(Refused::TooLarge);
    }
    let markdown = crate::html::pasted_markdown(html).map_err(|e| match e {
        PasteRefused::TooDeep => Refused::TooDeep,
    })?;
    // Tidied first: a line end trimmed can make a construct (`#` and a no-break space is
    // text; `#` alone, a heading).
    let markdown = crate::markdown::made_safe(&tidy(&markdown));
    if markdown.len() > 2 * MAX_PASTE {
        return Err(Refused::TooLarge);
    }
    Ok(markdown)
}

/// No spaces at the ends of lines, no line break (`\`) that ends a paragraph or stands
/// alone (a `<br>` between blocks, or at the end of a paragraph, would show as a
/// backslash), no more than one empty line in a row, none at the start or end. Code blocks
/// keep their backslashes.
fn tidy(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.lines().map(str::trim_end).collect();
    let mut out = String::with_capacity(markdown.len());
    let mut empty = 0;
    let mut fence: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        let mut line = *line;
        let marker = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|f| marker.starts_with(f));
        match (fence, marker) {
            (None, Some(f)) => fence = Some(f),
            (Some(open), Some(f)) if open == f => fence = None,
            (None, None) => {
                let next_empty = lines.get(i + 1).is_none_or(|l| l.is_empty());
                let backslashes = line.len() - line.trim_end_matches('\\').len();
                if next_empty && backslashes % 2 == 1 {
                    line = line[..line.len() - 1].trim_end();
                }
            }
            _ => {}
        }
        if line.is_empty() {
            empty += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if empty > 0 { "\n\n" } else { "\n" });
        }
        empty = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const WORD: &str = include_str!("../../../tests/fixtures/paste/word.html");

    #[test]
    fn empty_lines_and_line_ends_are_tidied() {
        assert_eq!(tidy("\n\n# A  \n\n\n\nB\nC \n\n"), "# A\n\nB\nC");
        assert_eq!(
            tidy("A\\\nB\\\n\n\\\n\nC:\\\\\n\n```\nx \\\n\n```\nD\\"),
            "A\\\nB\n\nC:\\\\\n\n```\nx \\\n\n```\nD"
        );
    }

    #[test]
    fn a_word_document_keeps_its_headings_lists_bold_italics_and_links() {
        assert_eq!(
            to_markdown(WORD).unwrap(),
            "## Planning your first research project\n\n\
             Many clinicians start with a **short internship** before applying for a *fellowship*. \
             The [NIHR website](https://www.nihr.ac.uk/) lists the current schemes.\n\n\
             ### Steps to take\n\n\
             1. Talk to your line manager\n   1. Agree **protected time**\n2. Find a mentor\n\n\
             - Keep a record of your training\n- Ask about “protected time” early"
        );
    }

    #[test]
    fn a_google_docs_clipboard_keeps_its_heading_emphasis_list_and_link() {
        let span = |weight: u16, style: &str, text: &str| {
            format!(
                "<span style=\"font-size:11pt;font-family:Arial,sans-serif;color:#000000;\
                 background-color:transparent;font-weight:{weight};font-style:{style};\
                 font-variant:normal;text-decoration:none;vertical-align:baseline;\
                 white-space:pre;white-space:pre-wrap;\">{text}</span>"
            )
        };
        let html = format!(
            "<meta charset=\"utf-8\"><b style=\"font-weight:normal;\" \
             id=\"docs-internal-guid-5d0d5c2e-7fff-1b7e-3b1b\"><h1 dir=\"ltr\" \
             style=\"line-height:1.38;margin-top:20pt;margin-bottom:6pt;\">{}</h1>\
             <p dir=\"ltr\" style=\"line-height:1.38;margin-top:0pt;margin-bottom:0pt;\">{}{}{}</p>\
             <ul style=\"margin-top:0;margin-bottom:0;padding-inline-start:48px;\">\
             <li dir=\"ltr\" style=\"list-style-type:disc;font-size:11pt;\" aria-level=\"1\">\
             <p dir=\"ltr\" style=\"line-height:1.38;\" role=\"presentation\">{}</p></li></ul><br />\
             <p dir=\"ltr\"><a href=\"https://www.nihr.ac.uk/\" style=\"text-decoration:none;\">{}</a></p>\
             </b><br class=\"Apple-interchange-newline\">",
            span(400, "normal", "Funding"),
            span(400, "normal", "Plain "),
            span(700, "normal", "bold"),
            span(400, "italic", " italic"),
            span(400, "normal", "An item"),
            span(400, "normal", "NIHR"),
        );
        assert_eq!(
            to_markdown(&html).unwrap(),
            "## Funding\n\nPlain **bold** *italic*\n\n- An item\n\n[NIHR](https://www.nihr.ac.uk/)"
        );
    }

    #[test]
    fn text_that_meets_to_make_a_tag_stays_text() {
        let md = to_markdown(
            "<p>a&lt;<span>script&gt;</span>alert(1)&lt;/<i></i>script&gt; \
             !<a href=\"https://x.example/i.png\">i</a> \
             &lt;<span>javascript:alert(1)&gt;</span></p>",
        )
        .unwrap();
        assert_eq!(
            md,
            "a\\<script>alert(1)\\</script> \\![i](https://x.example/i.png) \\<javascript:alert(1)>"
        );
        assert_eq!(rendered_tags(&md), ["p", "a", "/a", "/p"]);
    }

    #[test]
    fn pastes_past_the_bounds_are_refused() {
        assert_eq!(
            to_markdown(&"x".repeat(MAX_PASTE + 1)),
            Err(Refused::TooLarge)
        );
        let deep = format!("{}x", "<blockquote>".repeat(10_000));
        assert_eq!(to_markdown(&deep), Err(Refused::TooDeep));
        let wide = "<p>a</p>".repeat(MAX_PASTE / 8);
        assert!(to_markdown(&wide).is_ok());
        let attributes = format!("<p {}>x</p>", "a=1 ".repeat(MAX_PASTE / 4 - 4));
        assert_eq!(to_markdown(&attributes), Ok("x".to_string()));
    }

    /// The tags of `markdown` rendered with no allow-list at all.
    fn rendered_tags(markdown: &str) -> Vec<String> {
        crate::html::tags(&crate::markdown::made_safe_rendered_raw(markdown))
            .into_iter()
            .map(|t| format!("{}{}", if t.end { "/" } else { "" }, t.name))
            .collect()
    }

    /// Pieces of HTML, hostile and ordinary, to paste in any order.
    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "<h1>",
            "</h1>",
            "<h3>",
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<i>",
            "<em>",
            "<strong>",
            "<ul>",
            "<ol start=3>",
            "<li>",
            "</li>",
            "</ul>",
            "<br>",
            "<table><tr><td>",
            "<a href=\"https://x.example/a\">",
            "<a href=\"javascript:alert(1)\">",
            "<a href=\"data:text/html,x\">",
            "<a href=\"#top\">",
            "</a>",
            "<img src=x onerror=alert(1)>",
            "<script>alert(1)</script>",
            "<style>p{}</style>",
            "<!-- c -->",
            "<![if !x]>",
            "<span style='mso-list:Ignore'>",
            "<p style='mso-list:l0 level2 lfo1'>",
            "</span>",
            "<span style=\"font-weight:700\">",
            "<o:p>",
            "&lt;",
            "&gt;",
            "script",
            "div",
            "!",
            "[",
            "]",
            "(",
            ")",
            "javascript:",
            "https://x.example",
            "*",
            "_",
            "`",
            "#",
            "1.",
            "- ",
            "\n",
            " ",
            "&nbsp;",
            "<pre>",
            "<code>",
            "<blockquote>",
            "\\",
            "<",
            ">",
            "&",
            "{",
            "}",
            "|",
            "word",
            "“quoted”",
            "<svg onload=alert(1)>",
            "<iframe src=x>",
            "<?php x ?>",
            "<![CDATA[x]]>",
            "<math>",
            "<noscript>",
            "<template>",
            "<div style='mso-element:comment'>",
            "<span class=MsoCommentReference>",
            "<del cite=x>",
            "</del>",
            "<hr class=msocomoff>",
            "</div>",
        ])
        .prop_map(str::to_string)
    }

    /// The tags the site's Markdown makes of pasted text.
    const MARKDOWN_TAGS: &[&str] = &[
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "br",
        "code",
        "pre",
        "blockquote",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn any_paste_makes_markdown_with_no_raw_html_image_or_foreign_link(
            pieces in prop::collection::vec(piece(), 0..60)
        ) {
            let html = pieces.concat();
            let md = to_markdown(&html).unwrap();
            prop_assert_eq!(crate::markdown::made_safe(&md), md.clone(), "made safe twice");
            let rendered = crate::markdown::made_safe_rendered_raw(&md);
            for tag in crate::html::tags(&rendered) {
                prop_assert!(
                    MARKDOWN_TAGS.contains(&tag.name.as_str()),
                    "<{}> in {:?} from {:?}", tag.name, md, html
                );
                for (name, value) in &tag.attributes {
                    let ok = match (tag.name.as_str(), name.as_str()) {
                        ("a", "href") => value.starts_with("https://x.example"),
                        ("a", "title") | ("ol", "start") | ("code", "class") => true,
                        ("th" | "td", "style") => value.starts_with("text-align"),
                        _ => false,
                    };
                    prop_assert!(ok, "{}=\"{}\" on <{}> in {:?} from {:?}", name, value, tag.name, md, html);
                }
            }
        }
    }
}
