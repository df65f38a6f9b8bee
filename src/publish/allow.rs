//! The allow-list of file types copied to the site as they are, judged by file name alone
//! (letter case ignored: `LOGO.PHP` is a `.php` file to IIS and Apache alike).

/// Where a file to copy comes from: types differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Under `content/`: images and documents.
    Content,
    /// A theme's `static/` folder: also stylesheets, scripts and fonts.
    Theme,
}

/// Images and documents, published from `content/` and from themes.
pub const CONTENT_TYPES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", // images
    "pdf", "docx", "xlsx", "pptx", "odt", "csv", "txt", // documents
];

/// Published from a theme's `static/` folder as well as [`CONTENT_TYPES`].
pub const THEME_TYPES: &[&str] = &["css", "js", "woff", "woff2", "ttf", "otf"];

/// Extensions some web server runs as a program or obeys as settings. Refused anywhere in a
/// name (`logo.php.png`, `report.asp;.pdf`): Apache with `AddHandler` runs any file with
/// `.php` among its extensions, and old IIS stopped reading a name at `;`.
const SERVER_SIDE: &[&str] = &[
    "php", "php3", "php4", "php5", "php7", "phtml", "phar", "asp", "aspx", "ascx", "ashx", "asmx",
    "asa", "cer", "cshtml", "vbhtml", "axd", "config", "jsp", "jspx", "cgi", "pl", "py", "rb",
    "sh", "shtml", "shtm", "stm", "exe", "dll", "bat", "cmd", "ps1", "vbs", "htaccess", "htpasswd",
];

/// What to do with one file found where static files live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A type on the allow-list: copy it.
    Publish,
    /// Well-known clutter of operating systems and editors: leave it out, say nothing.
    Ignore,
    /// Not published, and the build stops: `why` is the message, `hint` what to do.
    Refuse { why: String, hint: String },
}

/// Decides what happens to the file named `name` (its last path component).
pub fn judge(name: &str, origin: Origin) -> Verdict {
    if is_junk(name) {
        return Verdict::Ignore;
    }
    let lower = name.to_lowercase();
    let allowed = |ext: &str| {
        CONTENT_TYPES.contains(&ext) || (origin == Origin::Theme && THEME_TYPES.contains(&ext))
    };
    let types = || {
        let mut list = CONTENT_TYPES.join(", ");
        if origin == Origin::Theme {
            list.push_str(", ");
            list.push_str(&THEME_TYPES.join(", "));
        }
        list
    };
    // `.htaccess`, `web.config`, `logo.php.png`: any dot-separated part after the first.
    let mut parts = lower.split('.');
    let first = parts.next().unwrap_or_default();
    let inner_server_side = parts
        .map(|part| {
            part.split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or_default()
        })
        .chain(std::iter::once(first).filter(|_| lower.starts_with('.')))
        .find(|part| SERVER_SIDE.contains(part));
    if let Some(ext) = inner_server_side {
        return Verdict::Refuse {
            why: format!(
                "`{name}` is not published: web servers may run `.{ext}` files or obey them as settings"
            ),
            hint: "remove it from this folder: the site publishes no server programs or server settings \
(set the server up as docs/hosting.md describes)"
                .to_string(),
        };
    }
    let Some((_, ext)) = lower
        .rsplit_once('.')
        .filter(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
    else {
        return Verdict::Refuse {
            why: format!("`{name}` is not published: it has no file extension"),
            hint: format!(
                "only these types are published: {}; remove the file, or rename it with the extension of its type",
                types()
            ),
        };
    };
    if allowed(ext) {
        return Verdict::Publish;
    }
    let hint = match ext {
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" => {
            "rename it to end in `.md` (lower case): only `.md` files become pages".to_string()
        }
        "html" | "htm" | "xhtml" => {
            "write the page in Markdown (a `.md` file) instead: every page is built from Markdown, \
so it gets the site's navigation and its security policy"
                .to_string()
        }
        "yaml" | "yml" | "json" | "toml" | "xml" => {
            "remove it: the only data files read are content/glossary.yaml, content/resources.yaml and content/pathway.yaml"
                .to_string()
        }
        "css" | "js" | "mjs" | "woff" | "woff2" | "ttf" | "otf" => {
            "stylesheets, scripts and fonts belong in the theme's static/ folder (docs/theming.md)"
                .to_string()
        }
        "doc" | "xls" | "ppt" | "rtf" => format!(
            "save it in the current format (`.{ext}x`, or `.pdf` for readers without Office) and remove this file"
        ),
        _ => format!(
            "only these types are published: {}; remove the file, or save what readers need as PDF",
            types()
        ),
    };
    Verdict::Refuse {
        why: format!(
            "`{name}` is not published: `.{ext}` files are not on the list of types the site publishes"
        ),
        hint,
    }
}

/// Files that operating systems, editors and office programs leave beside the real ones.
pub fn is_junk(name: &str) -> bool {
    let lower = name.to_lowercase();
    matches!(
        lower.as_str(),
        ".ds_store" | "thumbs.db" | "ehthumbs.db" | "desktop.ini" | ".gitkeep" | ".keep"
            | ".gitignore" | ".gitattributes" | "icon\r"
    ) || lower.starts_with("._") // macOS resource forks on shared drives
        || lower.starts_with("~$") // Office: the lock file of an open document
        || lower.starts_with(".~lock.") // LibreOffice: the same
        || lower.starts_with(".#") // Emacs lock
        || (lower.starts_with('#') && lower.ends_with('#')) // Emacs auto-save
        || lower.ends_with('~') // backups (Emacs, gedit, nano)
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".crdownload", ".part"]
            .iter()
            .any(|s| lower.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(name: &str, origin: Origin) -> (String, String) {
        match judge(name, origin) {
            Verdict::Refuse { why, hint } => (why, hint),
            other => panic!("{name} was not refused: {other:?}"),
        }
    }

    #[test]
    fn images_and_documents_are_published_in_any_letter_case() {
        for name in [
            "logo.png",
            "LOGO.PNG",
            "photo.JpEg",
            "chart.svg",
            "favicon.ico",
            "a.b.c.pdf",
            "plan.docx",
            "data.csv",
            "notes.txt",
            "pic.avif",
            "x.webp",
            "y.gif",
            "slides.pptx",
            "sheet.xlsx",
            "letter.odt",
        ] {
            assert_eq!(judge(name, Origin::Content), Verdict::Publish, "{name}");
        }
    }

    #[test]
    fn stylesheets_scripts_and_fonts_only_from_themes() {
        for name in [
            "site.css",
            "app.js",
            "font.woff2",
            "font.woff",
            "f.ttf",
            "f.otf",
        ] {
            assert_eq!(judge(name, Origin::Theme), Verdict::Publish, "{name}");
            let (_, hint) = refused(name, Origin::Content);
            assert!(hint.contains("theme's static/ folder"), "{name}: {hint}");
        }
    }

    #[test]
    fn server_programs_and_settings_are_refused_however_they_are_spelt() {
        for name in [
            "web.config",
            "WEB.CONFIG",
            "page.aspx",
            "LOGO.PHP",
            "shell.php5",
            ".htaccess",
            ".HTACCESS",
            "setup.exe",
            "run.sh",
            "logo.php.png",
            "report.asp;.pdf",
            "x.Php.jpg",
            ".htpasswd",
            "page.shtml",
        ] {
            for origin in [Origin::Content, Origin::Theme] {
                let (why, hint) = refused(name, origin);
                assert!(why.contains(name), "{why}");
                assert!(why.contains("web servers may run"), "{name}: {why}");
                assert!(hint.contains("remove it"), "{hint}");
            }
        }
    }

    #[test]
    fn other_types_and_names_without_an_extension_are_refused_with_a_fitting_hint() {
        // The mark `build` leaves in its output folder is never copied from content/.
        assert!(
            refused(".careerguide-output", Origin::Content)
                .0
                .contains("no file extension")
        );
        let (why, _) = refused("LICENSE", Origin::Content);
        assert!(why.contains("no file extension"), "{why}");
        assert!(
            refused("trailing.", Origin::Content)
                .0
                .contains("no file extension")
        );
        assert!(refused("page.html", Origin::Content).1.contains("Markdown"));
        assert!(refused("page.HTM", Origin::Theme).1.contains("Markdown"));
        assert!(
            refused("notes.markdown", Origin::Content)
                .1
                .contains("`.md`")
        );
        assert!(
            refused("extra.yaml", Origin::Content)
                .1
                .contains("glossary.yaml")
        );
        assert!(refused("old.doc", Origin::Content).1.contains("`.docx`"));
        let (why, hint) = refused("archive.zip", Origin::Content);
        assert!(why.contains("`.zip`"), "{why}");
        assert!(hint.contains("png, jpg"), "{hint}");
        assert!(
            !hint.contains("woff2"),
            "content hints list content types: {hint}"
        );
        assert!(
            refused("map.json", Origin::Theme)
                .1
                .contains("glossary.yaml")
        );
        // Windows ignores trailing dots and spaces: `x.php.` would run as PHP on IIS.
        assert!(matches!(
            judge("x.php.", Origin::Content),
            Verdict::Refuse { .. }
        ));
        assert!(matches!(
            judge("x.png ", Origin::Content),
            Verdict::Refuse { .. }
        ));
    }

    #[test]
    fn editor_and_system_clutter_is_ignored() {
        for name in [
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            ".intro.md.swp",
            "intro.md~",
            "~$plan.docx",
            ".~lock.plan.odt#",
            "#intro.md#",
            ".#intro.md",
            "._logo.png",
            ".gitkeep",
            "x.tmp",
        ] {
            assert_eq!(judge(name, Origin::Content), Verdict::Ignore, "{name}");
        }
    }
}
