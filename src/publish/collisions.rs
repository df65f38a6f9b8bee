//! No two files of the site may land on one path: a copied `content/index.html` must not
//! silently replace the page built there, and `Logo.PNG` beside `logo.png` is one file to
//! IIS, a Windows share or a Mac, so which one readers get would be chance.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;

/// Paths the preview (`serve`) answers itself; no file of the site may live there.
pub const RESERVED_PREFIX: &str = "__careerguide/";

/// One file the build will write: its path in the output and what it is made from, as
/// an editor would recognise it (`content/images/logo.png`, `the page content/index.md`).
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: String,
    pub from: String,
    /// Copied as it is from a file the editor can rename (reported first).
    pub copied: bool,
}

/// Every collision among `planned`: the same path, a path differing only in letter case,
/// or a file where another needs a folder. Each names both files.
pub fn collisions(planned: &[Planned]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_folded: BTreeMap<String, &Planned> = BTreeMap::new();
    for file in planned {
        if file.path.to_lowercase().starts_with(RESERVED_PREFIX) {
            problems.push(
                Diagnostic::error(
                    &file.from,
                    format!("`{}` is reserved for the preview's own files", file.path),
                )
                .hint("rename the folder `__careerguide`"),
            );
            continue;
        }
        let folded = file.path.to_lowercase();
        if let Some(other) = by_folded.get(folded.as_str()) {
            problems.push(clash(file, other));
        } else {
            by_folded.insert(folded, file);
        }
    }
    // `a.png` as a file and `a.png/b.png` needing it as a folder.
    for file in planned {
        let folded = file.path.to_lowercase();
        let mut end = 0;
        while let Some(i) = folded[end..].find('/') {
            end += i;
            if let Some(other) = by_folded.get(&folded[..end]) {
                let (first, second) = order(file, other);
                problems.push(
                    Diagnostic::error(
                        &first.from,
                        format!(
                            "{} would be published at `{}`, and {} needs a folder of that name (`{}`)",
                            first.from, first.path, second.from, second.path
                        ),
                    )
                    .hint("rename the file or the folder"),
                );
            }
            end += 1;
        }
    }
    problems
}

fn clash(a: &Planned, b: &Planned) -> Diagnostic {
    let (first, second) = order(a, b);
    let (message, hint) = if first.path == second.path {
        (
            format!(
                "{} and {} would both be published at `{}`",
                first.from, second.from, first.path
            ),
            if !second.copied {
                "rename or move the copied file: the site makes that file itself"
            } else {
                "rename or move one of the two files"
            },
        )
    } else {
        (
            format!(
                "{} (`{}`) and {} (`{}`) differ only in letter case: IIS, Windows shares and Macs \
treat them as one file, so readers would get either",
                first.from, first.path, second.from, second.path
            ),
            "rename one of the two, or remove the copy you do not need (and use the same letter case in links)",
        )
    };
    Diagnostic::error(&first.from, message).hint(hint)
}

/// The copied file first (the one an editor can rename), then by source.
fn order<'a>(a: &'a Planned, b: &'a Planned) -> (&'a Planned, &'a Planned) {
    if (!a.copied, &a.from) <= (!b.copied, &b.from) {
        (a, b)
    } else {
        (b, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copied(path: &str, from: &str) -> Planned {
        Planned {
            path: path.into(),
            from: from.into(),
            copied: true,
        }
    }

    fn made(path: &str, from: &str) -> Planned {
        Planned {
            path: path.into(),
            from: from.into(),
            copied: false,
        }
    }

    #[test]
    fn distinct_paths_pass() {
        let planned = [
            made("index.html", "the page content/index.md"),
            copied("images/logo.png", "content/images/logo.png"),
            copied("images/logo.svg", "content/images/logo.svg"),
            made("robots.txt", "robots.txt (from base_url)"),
        ];
        assert!(collisions(&planned).is_empty());
    }

    #[test]
    fn a_copied_file_on_a_generated_one_names_both() {
        let planned = [
            made("robots.txt", "robots.txt (made from base_url)"),
            copied("robots.txt", "content/robots.txt"),
        ];
        let found = collisions(&planned);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, "content/robots.txt");
        assert!(
            found[0].message.contains("robots.txt (made from base_url)"),
            "{}",
            found[0].message
        );
        assert!(found[0].hint.as_deref().unwrap().contains("copied file"));
    }

    #[test]
    fn letter_case_alone_is_a_collision_between_copied_files_too() {
        let planned = [
            copied("images/logo.png", "content/images/logo.png"),
            copied("images/Logo.PNG", "content/images/Logo.PNG"),
        ];
        let found = collisions(&planned);
        assert_eq!(found.len(), 1);
        let m = &found[0].message;
        assert!(
            m.contains("content/images/Logo.PNG") && m.contains("content/images/logo.png"),
            "{m}"
        );
        assert!(m.contains("letter case"), "{m}");
        let pages = [
            made("guide/index.html", "the page content/guide/_index.md"),
            copied("Guide/Index.html", "themes/x/static/Guide/Index.html"),
        ];
        assert_eq!(collisions(&pages).len(), 1);
    }

    #[test]
    fn a_file_where_a_folder_is_needed_and_reserved_paths_are_refused() {
        let planned = [
            copied("images", "content/images"),
            copied("Images/a.png", "content/Images/a.png"),
        ];
        let found = collisions(&planned);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("needs a folder"),
            "{}",
            found[0].message
        );
        let reserved = [copied("__careerguide/a.png", "content/__careerguide/a.png")];
        assert!(collisions(&reserved)[0].message.contains("reserved"));
    }
}
