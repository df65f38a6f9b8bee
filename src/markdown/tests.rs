use super::text::{collapse_whitespace, words};
use super::*;

fn plain(dest: &str) -> ResolvedHref {
    ResolvedHref {
        href: dest.to_string(),
        external: dest.starts_with("http"),
        linked: true,
    }
}

fn html_of(md: &str) -> Rendered {
    let abbr: BTreeMap<String, String> = [
        ("RDS".to_string(), "Research Design Service".to_string()),
        ("R&D".to_string(), "research and development".to_string()),
    ]
    .into();
    render(
        md,
        &RenderOptions {
            resolve: &plain,
            abbreviations: &abbr,
            checkbox_prefix: "list",
            notes_space: false,
            heading_shift: 0,
            id_prefix: "",
            notes_shown: &BTreeSet::new(),
        },
    )
}

#[test]
fn a_repeated_note_is_shown_once_and_an_earlier_one_not_at_all() {
    let md = "> [!NOTE]\n> HEE is now part of NHS England.\n\nText.\n\n> [!NOTE]\n> HEE is now  part of\n> NHS England.\n\n> [!NOTE]\n> Another note.\n";
    let r = html_of(md);
    assert_eq!(r.html.matches("HEE is now").count(), 1, "{}", r.html);
    assert_eq!(r.html.matches("Another note").count(), 1, "{}", r.html);
    assert_eq!(r.notes.len(), 2);
    let abbr = BTreeMap::new();
    let shown: BTreeSet<String> = [r.notes[0].clone()].into();
    let later = render(
        md,
        &RenderOptions {
            resolve: &plain,
            abbreviations: &abbr,
            checkbox_prefix: "",
            notes_shown: &shown,
            notes_space: false,
            heading_shift: 0,
            id_prefix: "",
        },
    );
    assert!(!later.html.contains("HEE is now"), "{}", later.html);
    assert!(later.html.contains("Another note"), "{}", later.html);
}

#[test]
fn notes_stay_out_of_the_search_text() {
    let r = html_of(
        "## Funding\n\nThe guide's words.\n\n> [!NOTE]\n> The site's words.\n\nMore guide.\n",
    );
    assert_eq!(r.sections[0].text, "The guide’s words. More guide.");
}

#[test]
fn added_heading_is_marked_for_everyone_but_keeps_its_text() {
    let r = html_of("## Doctoral awards {.added}\n\nText.\n");
    assert!(
        r.html.contains("<h2 id=\"doctoral-awards\" class=\"added\">Doctoral awards <span class=\"added-label\">(heading added by this site)</span></h2>"),
        "{}",
        r.html
    );
    assert_eq!(r.sections[0].heading.as_deref(), Some("Doctoral awards"));
    let plain_heading = html_of("## Doctoral awards\n");
    assert!(
        !plain_heading.html.contains("added"),
        "{}",
        plain_heading.html
    );
}

#[test]
fn slugs_drop_punctuation_and_join_words() {
    assert_eq!(
        slugify("Master’s in clinical research:"),
        "masters-in-clinical-research"
    );
    assert_eq!(
        slugify("  Why is research so important? "),
        "why-is-research-so-important"
    );
    assert_eq!(
        slugify("HEE/NIHR Integrated (ICA) Programme"),
        "heenihr-integrated-ica-programme"
    );
}

#[test]
fn headings_get_unique_ids_and_custom_ids_win() {
    let o = outline("## Intro\n\ntext\n\n## Intro\n\n### Other {#mine}\n", 5);
    let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["intro", "intro-2", "mine"]);
    assert_eq!(o.headings[0].line, 5);
    assert_eq!(o.headings[2].line, 11);
    let r = html_of("## Intro\n\n## Intro\n");
    assert!(
        r.html.contains("<h2 id=\"intro-2\">Intro</h2>"),
        "{}",
        r.html
    );
}

#[test]
fn quotation_with_attribution_becomes_figure() {
    let r = html_of("> Research is core.\n>\n> — Jo Cooper, University of Nottingham\n");
    assert!(
        r.html.contains("<figure class=\"quote\"><blockquote>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<figcaption>Jo Cooper, University of Nottingham</figcaption>"),
        "{}",
        r.html
    );
}

#[test]
fn note_callout_is_labelled_editorial_note() {
    let r = html_of("> [!NOTE]\n> HEE is now part of NHS England.\n");
    assert!(
        r.html.contains("class=\"callout callout-note\""),
        "{}",
        r.html
    );
    assert!(r.html.contains(">Editorial note</p>"), "{}", r.html);
}

#[test]
fn first_abbreviation_use_only_is_wrapped() {
    let r = html_of("## The RDS\n\nAsk the RDS. The RDS helps. R&D too.\n");
    assert_eq!(r.html.matches("<abbr").count(), 2, "{}", r.html);
    assert!(
        r.html
            .contains("<abbr title=\"Research Design Service\">RDS</abbr>")
    );
    assert!(
        r.html
            .contains("<abbr title=\"research and development\">R&amp;D</abbr>")
    );
}

#[test]
fn abbreviations_are_found_as_whole_words_only() {
    // Longer or shorter words that start like a term, words glued to it, and a term
    // at the very end of the text after a non-ASCII word.
    let r = html_of("RDSs, RD and xRDS R&Dx are not terms; both RDS, and café R&D");
    assert_eq!(r.html.matches("<abbr").count(), 2, "{}", r.html);
    assert!(
        r.html
            .contains("both <abbr title=\"Research Design Service\">RDS</abbr>,")
    );
    assert!(
        r.html
            .contains("café <abbr title=\"research and development\">R&amp;D</abbr></p>")
    );
}

#[test]
fn words_and_spaces_are_split_as_unicode_says() {
    let text = "R&D, café\u{a0}naïve 2024\u{2003}x—y &";
    let found: Vec<(usize, &str)> = words(text).collect();
    let expected: Vec<(usize, &str)> = text
        .char_indices()
        .fold(
            (Vec::new(), None),
            |(mut out, start): (Vec<(usize, &str)>, Option<usize>), (i, c)| {
                let wordy = c.is_alphanumeric() || c == '&';
                match (wordy, start) {
                    (true, None) => (out, Some(i)),
                    (false, Some(s)) => {
                        out.push((s, &text[s..i]));
                        (out, None)
                    }
                    (_, start) => (out, start),
                }
            },
        )
        .0;
    let mut expected = expected;
    if let Some(last) = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '&')
        .last()
    {
        expected.push((last.0, &text[last.0..]));
    }
    assert_eq!(found, expected);
    assert_eq!(
        collapse_whitespace(" a\u{a0} b\t\n c\u{3000}d  "),
        " a\u{a0} b\t\n c\u{3000}d  "
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
}

#[test]
fn task_items_become_labelled_checkboxes_with_stable_ids() {
    let r = html_of("## Start\n\n- [ ] Find a mentor\n- [x] Talk to your manager\n");
    assert!(
        r.html.contains("<input type=\"checkbox\" class=\"task-checkbox\" id=\"list-find-a-mentor\" name=\"list-find-a-mentor\"> <label for=\"list-find-a-mentor\">Find a mentor</label>"),
        "{}",
        r.html
    );
    assert!(r.html.contains(
        "id=\"list-talk-to-your-manager\" name=\"list-talk-to-your-manager\" checked=\"\">"
    ));
    assert_eq!(r.checklist.len(), 2);
    assert_eq!(r.checklist[0].group.as_deref(), Some("Start"));
    // Editing one item does not change the other's id.
    let edited = html_of("## Start\n\n- [ ] Find a good mentor\n- [x] Talk to your manager\n");
    assert_eq!(edited.checklist[1].id, r.checklist[1].id);
}

#[test]
fn external_links_are_marked_and_tables_wrapped() {
    let r = html_of("[NIHR](https://www.nihr.ac.uk/)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(r.html.contains("<a href=\"https://www.nihr.ac.uk/\" class=\"external\">NIHR<span class=\"visually-hidden\"> (external site)</span></a>"), "{}", r.html);
    assert!(
        r.html.contains("<div class=\"table-wrap\" role=\"region\""),
        "{}",
        r.html
    );
}

#[test]
fn sections_carry_plain_text_under_headings() {
    let r = html_of("Intro text.\n\n## Backfill\n\nFind *cover* early.\n\n### Detail\n\nMore.\n");
    assert_eq!(r.sections.len(), 3);
    assert_eq!(r.sections[1].heading.as_deref(), Some("Backfill"));
    assert_eq!(r.sections[1].id.as_deref(), Some("backfill"));
    assert_eq!(r.sections[1].text, "Find cover early.");
}

#[test]
fn email_autolinks_bare_addresses_and_strikethrough() {
    let r = html_of("Email <rd@trust.nhs.uk> or rd@trust.nhs.uk, see www.nihr.ac.uk. ~~Old~~\n");
    assert!(
        r.html.contains("<a href=\"mailto:rd@trust.nhs.uk\">rd@trust.nhs.uk</a> or <a href=\"mailto:rd@trust.nhs.uk\">rd@trust.nhs.uk</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("see <a href=\"http://www.nihr.ac.uk\" class=\"external\">www.nihr.ac.uk<span class=\"visually-hidden\"> (external site)</span></a>."),
        "{}",
        r.html
    );
    assert!(r.html.contains("<del>Old</del>"), "{}", r.html);
    let o = outline("Line one\n\n<x@y.org> and https://a.example/b.\n", 4);
    let dests: Vec<_> = o.links.iter().map(|l| (l.dest.as_str(), l.line)).collect();
    assert!(dests.contains(&("mailto:x@y.org", 6)), "{dests:?}");
    assert!(dests.contains(&("https://a.example/b", 6)), "{dests:?}");
}

#[test]
fn no_links_or_abbreviations_inside_code_or_links() {
    let r = html_of(
        "```\nwww.nihr.ac.uk RDS\n```\n\n`www.a.org` [RDS www.b.org](x.md) <a href=\"y\">www.c.org</a>\n",
    );
    assert_eq!(r.html.matches("<a ").count(), 2, "{}", r.html);
    assert!(!r.html.contains("<abbr"), "{}", r.html);
}

#[test]
fn hrefs_are_percent_encoded_as_commonmark_says() {
    let r = html_of(
        "[a](<my report.pdf>) [b](my%20report.pdf) <https://example.com/\\[\\> ![c](<a b.png>)\n",
    );
    assert!(r.html.contains("href=\"my%20report.pdf\">a"), "{}", r.html);
    assert!(r.html.contains("href=\"my%20report.pdf\">b"), "{}", r.html);
    assert!(
        r.html.contains("href=\"https://example.com/%5C%5B%5C\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("src=\"a%20b.png\""), "{}", r.html);
}

#[test]
fn table_alignment_is_a_class_not_a_style() {
    let r = html_of("| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n");
    assert!(!r.html.contains("style"), "{}", r.html);
    assert!(
        r.html.contains("<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td></tr>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<th class=\"align-center\">c</th>"),
        "{}",
        r.html
    );
}

#[test]
fn raw_html_is_cleaned_and_removals_located() {
    let md = "Intro\n\n<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n\nText <svg><script>y</script></svg> and <b style=\"c\">b</b>.\n\n<div>unclosed\n";
    let r = html_of(md);
    assert!(
        !r.html.contains("script") && !r.html.contains("onclick"),
        "{}",
        r.html
    );
    assert!(r.html.trim_end().ends_with("</div>"), "{}", r.html);
    let o = outline(md, 10);
    let found: Vec<_> = o
        .html_removals
        .iter()
        .map(|h| (h.line, h.what.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (12, "`onclick` on `<div>`"),
            (13, "`<script>` and everything in it"),
            (16, "`<svg>` and everything in it"),
            (16, "`style` on `<b>`"),
        ]
    );
}

#[test]
fn outline_lists_links_with_lines_and_text() {
    let o = outline(
        "Hello\n\nSee [the guide](../guide/a.md#x) and ![a chart](img.png).\n",
        3,
    );
    assert_eq!(o.links.len(), 2);
    assert_eq!(o.links[0].dest, "../guide/a.md#x");
    assert_eq!(o.links[0].text, "the guide");
    assert_eq!(o.links[0].line, 5);
    assert!(o.links[1].is_image);
}

#[test]
fn table_rows_missing_or_adding_cells_are_found_and_empty_cells_are_not() {
    let md = "Intro.\n\n| Stage | Length | Funder |\n|---|---|---|\n| Internship | Short |\n| Master's || NIHR |\n| Doctoral | | |\n| PhD | 3 years | NIHR | extra |\nPostdoc | 2 years | NIHR | a | b\n| Pipe \\| escaped | `code` | x \\| y |\n";
    let rows = outline(md, 10).uneven_table_rows;
    assert_eq!(
        rows,
        vec![
            UnevenRow {
                line: 14,
                cells: 2,
                columns: 3
            },
            UnevenRow {
                line: 17,
                cells: 4,
                columns: 3
            },
            UnevenRow {
                line: 18,
                cells: 5,
                columns: 3
            },
        ]
    );
}

#[test]
fn cells_of_a_table_in_a_quote_or_a_list_are_counted_as_written() {
    let md = "> | A | B |\n> |---|---|\n> | 1 | 2 | 3 |\n> | 1 | 2 |\n\n- item\n\n  | A | B |\n  |---|---|\n  | 1 | 2 |\n  | 1 | 2 | 3 |\n";
    let rows: Vec<(usize, usize)> = outline(md, 1)
        .uneven_table_rows
        .iter()
        .map(|r| (r.line, r.cells))
        .collect();
    assert_eq!(rows, [(3, 3), (11, 3)]);
}

#[test]
fn a_comment_over_several_lines_is_not_shown() {
    let r = html_of(
        "Intro\n\n<!-- Organisations publishing this site: check and edit\n     it, especially the compliance status. -->\n\nThis statement applies.\n",
    );
    assert_eq!(
        r.html, "<p>Intro</p>\n\n<p>This statement applies.</p>\n",
        "{}",
        r.html
    );
}

/// The examples of GFM's autolink extension, from the spec itself
/// (tests/gfm/autolinks-extension.txt): Markdown and the HTML GFM gives.
fn gfm_autolink_examples() -> Vec<(String, String)> {
    let spec = include_str!("../../tests/gfm/autolinks-extension.txt");
    let fence = "`".repeat(32);
    let mut examples = Vec::new();
    let mut rest = spec;
    while let Some(start) = rest.find(&format!("{fence} example")) {
        let body = &rest[start..];
        let body = &body[body.find('\n').expect("example line") + 1..];
        let end = body.find(&fence).expect("example's end");
        let (md, html) = body[..end].split_once("\n.\n").expect("a `.` line");
        examples.push((format!("{md}\n"), html.trim_end().to_string()));
        rest = &body[end + fence.len()..];
    }
    examples
}

/// What the site gives where GFM gives `html`: `ftp://` addresses stay text (the site
/// does not link to them; see src/markdown/autolinks.rs).
fn as_the_site_links(html: &str) -> String {
    html.replace(
        "<a href=\"ftp://foo.bar.baz\">ftp://foo.bar.baz</a>",
        "ftp://foo.bar.baz",
    )
}

#[test]
fn bare_addresses_are_linked_as_the_gfm_spec_examples_say() {
    let examples = gfm_autolink_examples();
    assert_eq!(examples.len(), 11, "examples 621 to 631");
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    for (md, html) in examples {
        let ours: Vec<String> = md
            .trim_end()
            .split("\n\n")
            .map(|paragraph| {
                let mut p = String::from("<p>");
                for piece in autolinks::bare_links(paragraph) {
                    match piece {
                        autolinks::Piece::Text(t) => p.push_str(&escape(t)),
                        autolinks::Piece::Link { text, href } => p.push_str(&format!(
                            "<a href=\"{}\">{}</a>",
                            escape(&href),
                            escape(text)
                        )),
                    }
                }
                p + "</p>"
            })
            .collect();
        assert_eq!(ours.join("\n"), as_the_site_links(&html), "{md:?}");
    }
}

#[test]
fn bare_addresses_in_pages_link_where_the_gfm_spec_examples_link() {
    for (md, html) in gfm_autolink_examples() {
        let expected = as_the_site_links(&html);
        let rendered = html_of(&md).html;
        assert_eq!(
            rendered.matches("<a ").count(),
            expected.matches("<a ").count(),
            "{md:?} → {rendered}"
        );
        for link in expected.split("<a href=\"").skip(1) {
            let (href, rest) = link.split_once("\">").expect("an href");
            let text = rest.split("</a>").next().unwrap_or_default();
            assert!(
                rendered.contains(&format!("<a href=\"{href}\"")),
                "{md:?}: no {href} in {rendered}"
            );
            assert!(
                rendered.contains(&format!(">{text}")),
                "{md:?}: no {text} in {rendered}"
            );
        }
    }
    // The issue's own cases: the whole address, `+` and all.
    let r = html_of("Write to foo+@bar.example.com or a.b-c_d@a.b today.\n");
    assert!(
        r.html
            .contains("<a href=\"mailto:foo+@bar.example.com\">foo+@bar.example.com</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<a href=\"mailto:a.b-c_d@a.b\">a.b-c_d@a.b</a> today"),
        "{}",
        r.html
    );
    let o = outline("See www.google.com/search?q=commonmark&hl; now\n", 1);
    let dests: Vec<&str> = o.links.iter().map(|l| l.dest.as_str()).collect();
    assert_eq!(dests, ["http://www.google.com/search?q=commonmark"]);
}

#[test]
fn bare_address_scanning_stays_linear_on_hostile_text() {
    // Every `www.` after a `_` could start a link; a domain is read at most 255 characters.
    let text = "_www.a".repeat(50_000);
    let pieces = autolinks::bare_links(&text);
    assert!(pieces.len() <= 2, "{}", pieces.len());
    // Linked, the address would be written `www.nihr.ac.uk%5C`: no host; it stays text.
    assert_eq!(
        autolinks::bare_links("*www.nihr.ac.uk\\"),
        [autolinks::Piece::Text("*www.nihr.ac.uk\\")]
    );
    let text = "a@".repeat(50_000);
    assert!(autolinks::bare_links(&text).len() <= 2);
}

#[test]
fn a_fields_markdown_reads_as_its_words() {
    assert_eq!(
        markdown_text(
            "Apply to the [NIHR](https://www.nihr.ac.uk/) for **funding** and `ICA`.\n\n- one\n- two"
        ),
        "Apply to the NIHR for funding and ICA. one two"
    );
    assert_eq!(markdown_text("5 * 3 &amp; R&D"), "5 * 3 & R&D");
    assert_eq!(markdown_text(""), "");
}
