//! The edit page's HTML: a frame the script (`edit.js`) fills from the editing endpoints,
//! so nothing an editor wrote is ever put into HTML here (the script sets it as text).
//! The page id, file and address come from the site's model and are escaped all the same.

use crate::html::escape_html;

use super::history::{HISTORY_DIR, MAX_VERSIONS};

fn head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\"><link rel=\"icon\" href=\"data:,\">\
<title>{}</title><link rel=\"stylesheet\" href=\"/__careerguide/edit/edit.css\">\
<script src=\"/__careerguide/edit/edit.js\" defer></script></head>\n",
        escape_html(title)
    )
}

/// The edit page of page `id` (file `file`, previewed at `url`).
pub fn editor(id: &str, file: &str, url: &str) -> String {
    let (id, file, url) = (escape_html(id), escape_html(file), escape_html(url));
    format!(
        "{head}<body>\n<a class=\"skip\" href=\"#body\">Skip to the page text</a>\n\
<header class=\"bar\"><p>careerguide editor</p><p><a href=\"{url}\" id=\"view\">View the page</a> \
<a href=\"/__careerguide/edit/new\">New page</a> \
<a href=\"/__careerguide/edit/data?file=resources\">Resources</a> \
<a href=\"/__careerguide/edit/data?file=glossary\">Glossary terms</a></p></header>\n\
<main id=\"main\" data-id=\"{id}\" data-url=\"{url}\">\n\
<h1 id=\"heading\">Edit <span id=\"page-title\">{file}</span></h1>\n\
<p class=\"where\">File: <code id=\"file\">{file}</code></p>\n\
<noscript><p class=\"alert\">The editor needs JavaScript, which is turned off in this browser. You can still edit {file} in a text editor.</p></noscript>\n\
<div id=\"alert\" class=\"alert\" role=\"alert\" tabindex=\"-1\" hidden></div>\n\
<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n\
<section id=\"override\" class=\"notice\" hidden aria-labelledby=\"override-h\">\
<h2 id=\"override-h\">This page comes with the guide</h2>\
<p id=\"override-text\"></p>\
<p><button type=\"button\" id=\"override-save\">Save my own copy</button></p></section>\n\
<section id=\"conflict\" class=\"notice\" hidden aria-labelledby=\"conflict-h\" tabindex=\"-1\">\
<h2 id=\"conflict-h\">The file changed since you opened it</h2>\
<p>Your text was not saved. Compare the two versions, copy what you need from the file's version into yours, then press <strong>Save mine anyway</strong>; or take the file's version and lose your changes.</p>\
<div class=\"both\"><div class=\"field\"><label for=\"conflict-disk\">The file's version now</label>\
<textarea id=\"conflict-disk\" readonly rows=\"12\"></textarea></div>\
<div class=\"field\"><label for=\"conflict-yours\">Your version</label>\
<textarea id=\"conflict-yours\" readonly rows=\"12\"></textarea></div></div>\
<p class=\"actions\"><button type=\"button\" id=\"conflict-mine\">Save mine anyway</button> \
<button type=\"button\" id=\"conflict-theirs\" class=\"secondary\">Take the file's version</button></p></section>\n\
<form id=\"editor\" novalidate hidden>\n<div class=\"columns\">\n<div class=\"edit-side\">\n\
<p id=\"data-resources\" class=\"help\" hidden>The list on this page is kept in <code>resources.yaml</code>: \
<a href=\"/__careerguide/edit/data?file=resources\">add or change resources</a>.</p>\
<p id=\"data-glossary\" class=\"help\" hidden>The terms on this page are kept in <code>glossary.yaml</code>: \
<a href=\"/__careerguide/edit/data?file=glossary\">add or change glossary terms</a>.</p>\n\
<fieldset id=\"fields\"><legend>About this page</legend><div id=\"field-list\"></div></fieldset>\n\
<div class=\"field\"><label for=\"body\" id=\"body-label\">Page text (Markdown)</label>\
<p class=\"help\" id=\"body-help\">Headings start with ##, lists with - , links are written [words](address). Text pasted from Word or a web page keeps its headings, lists, bold, italics and links. The preview shows the result.</p>\
<textarea id=\"body\" name=\"body\" rows=\"24\" spellcheck=\"true\" aria-describedby=\"body-help\"></textarea></div>\n\
<section aria-labelledby=\"problems-h\"><h2 id=\"problems-h\">Problems on this page</h2>\
<p class=\"help\" id=\"problems-none\">None found: <code>careerguide check</code> finds nothing to put right on this page.</p>\
<ul id=\"problems\" class=\"problems\"></ul><p id=\"others\" class=\"help\" hidden></p></section>\n\
<p class=\"actions\"><button type=\"submit\" id=\"save\">Save</button> \
<button type=\"button\" id=\"save-view\" class=\"secondary\">Save and view the page</button></p>\n\
</div>\n<div class=\"preview-side\"><h2 id=\"preview-h\">Preview</h2>\
<p class=\"help\">Made by the real build as you type. Nothing is saved until you press Save.</p>\
<p id=\"preview-stale\" class=\"stale\" role=\"status\"></p>\
<iframe id=\"preview\" title=\"Preview of this page with your changes\" src=\"about:blank\"></iframe></div>\n\
</div>\n\
<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">Earlier versions</h2>\
<p class=\"help\">Each save keeps the version it replaced in the <code>{HISTORY_DIR}/</code> folder of the project (the latest {MAX_VERSIONS} of each page). Restoring one saves it over the page, and keeps the page as it is now among these.</p>\
<p id=\"history-none\" class=\"help\">None yet.</p><ul id=\"history\" class=\"history\"></ul></section>\n\
</form>\n</main>\n</body></html>\n",
        head = head(&format!("Edit {file} – careerguide")),
    )
}

/// The form that makes a new case study, checklist or page; `sections` are the folders of
/// `content/` a page may go in.
pub fn new_page(sections: &[String]) -> String {
    let options: String = std::iter::once((
        ".".to_string(),
        "The top level (beside the home page)".to_string(),
    ))
    .chain(sections.iter().map(|s| (s.clone(), s.clone())))
    .map(|(value, label)| {
        format!(
            "<option value=\"{}\"{}>{}</option>",
            escape_html(&value),
            if value == "guide" { " selected" } else { "" },
            escape_html(&label)
        )
    })
    .collect();
    format!(
        "{head}<body>\n<a class=\"skip\" href=\"#main\">Skip to the form</a>\n\
<header class=\"bar\"><p>careerguide editor</p><p><a href=\"/\">The guide's home page</a> \
<a href=\"/__careerguide/edit/data?file=resources\">Resources</a> \
<a href=\"/__careerguide/edit/data?file=glossary\">Glossary terms</a></p></header>\n\
<main id=\"main\" data-new=\"1\" tabindex=\"-1\">\n<h1>Make a new page</h1>\n\
<p>The new page starts as a draft made from the guide's template for it: it is not published until you untick \
<strong>Draft</strong> on its edit page (the preview shows it as it will be published).</p>\n\
<noscript><p class=\"alert\">This form needs JavaScript. In a terminal, <code>careerguide new</code> does the same.</p></noscript>\n\
<div id=\"alert\" class=\"alert\" role=\"alert\" tabindex=\"-1\" hidden></div>\n\
<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n\
<form id=\"new-form\" novalidate>\n\
<fieldset><legend>What to make</legend>\
<div class=\"field tick\"><input type=\"radio\" name=\"what\" id=\"what-case-study\" value=\"case-study\" checked><label for=\"what-case-study\">A case study</label></div>\
<div class=\"field tick\"><input type=\"radio\" name=\"what\" id=\"what-checklist\" value=\"checklist\"><label for=\"what-checklist\">A checklist</label></div>\
<div class=\"field tick\"><input type=\"radio\" name=\"what\" id=\"what-page\" value=\"page\"><label for=\"what-page\">A page in a section</label></div>\
</fieldset>\n\
<div class=\"field\"><label for=\"new-name\" id=\"new-name-label\">The person's full name</label>\
<p class=\"help\" id=\"new-name-help\">For a case study, the name the person agreed to be named by; otherwise the page's title.</p>\
<input type=\"text\" id=\"new-name\" name=\"name\" aria-describedby=\"new-name-help\" required></div>\n\
<div class=\"field\" id=\"section-field\" hidden><label for=\"new-section\">Section</label>\
<p class=\"help\" id=\"new-section-help\">The folder of the guide the page goes in.</p>\
<select id=\"new-section\" name=\"section\" aria-describedby=\"new-section-help\">{options}</select></div>\n\
<p class=\"actions\"><button type=\"submit\">Make the page and edit it</button></p>\n\
</form>\n</main>\n</body></html>\n",
        head = head("Make a new page – careerguide"),
    )
}

/// Shown for an address that is not a page made from a Markdown file.
pub fn not_editable() -> String {
    format!(
        "{}<body><main id=\"main\"><h1>This page cannot be edited here</h1>\
<p>Only pages made from a Markdown file under <code>content/</code> can be edited in the browser. \
Go back to the page and use its <strong>Edit this page</strong> link.</p>\
<p><a href=\"/\">Go to the home page</a></p></main></body></html>\n",
        head("Cannot edit this page – careerguide")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_names_are_escaped() {
        let html = new_page(&["guide".into(), "a\"><script>".into()]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("<option value=\"guide\" selected>guide</option>"));
    }

    #[test]
    fn everything_from_the_model_is_escaped() {
        let html = editor("a\"<b>.md", "content/<i>.md", "/x\"y/");
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
        assert!(html.contains("data-id=\"a&quot;&lt;b&gt;.md\""), "{html}");
        assert!(!html.contains("<script>") && !html.contains("style="));
    }
}
