//! `careerguide new`: starts a case study, checklist or page from a template, with its front
//! matter filled in and a file name the build turns into the right address.
//!
//! A folder's own `_template.md` is used when it has one (the case-study template ships with
//! the guide); otherwise a short built-in one. Existing files are never overwritten.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::content::{self, CONTENT_DIR};
use crate::diagnostics::{Diagnostic, display_path, nearest};
use crate::markdown::slugify;
use crate::project_files;

pub const CASE_STUDIES: &str = "case-studies";
pub const CHECKLISTS: &str = "checklists";
/// The file in a content folder that new pages there are made from.
pub const TEMPLATE_FILE: &str = "_template.md";

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum New {
    /// A case study named after the person.
    CaseStudy {
        person: String,
    },
    Checklist {
        title: String,
    },
    /// A page in a folder of `content/` (`.` for the top level).
    Page {
        section: String,
        title: String,
    },
}

/// A file `new` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub path: PathBuf,
    /// Relative to the project folder: `content/case-studies/priya-shah.md`.
    pub shown: String,
    /// Where it will be on the site: `case-studies/priya-shah/`.
    pub address: String,
    pub draft: bool,
    /// The `_template.md` it was made from, if any.
    pub template: Option<String>,
}

/// Writes the new file under `root`, dated `today`.
pub fn create(root: &Path, new: &New, today: jiff::civil::Date) -> Result<Created, Diagnostic> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Diagnostic::error(CONTENT_DIR, "there is no content folder").hint(
            "run careerguide from the project folder (the one holding config.yaml and content/), or pass --root DIR",
        ));
    }
    // With a local layer, new files go there: the bundled content/ is replaced on upgrade.
    let config = crate::config::Config::load(root).map_err(|mut problems| problems.remove(0))?;
    let local_content = config.local_dir(root).map(|l| l.join(CONTENT_DIR));
    let target = local_content.clone().unwrap_or_else(|| content.clone());
    let (folder, title, person) = match new {
        New::CaseStudy { person } => (CASE_STUDIES.to_string(), person.trim(), Some(person.trim())),
        New::Checklist { title } => (CHECKLISTS.to_string(), title.trim(), None),
        New::Page { section, title } => (
            section_folder(&content, local_content.as_deref(), section)?,
            title.trim(),
            None,
        ),
    };
    let what = match new {
        New::CaseStudy { .. } => "the person's name",
        _ => "the title",
    };
    if title.is_empty() || title.contains('\n') {
        return Err(Diagnostic::error(CONTENT_DIR, format!("{what} is empty"))
            .hint("put it in quotes: careerguide new case-study \"Priya Shah\""));
    }
    let slug = file_slug(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            CONTENT_DIR,
            format!("{what} \"{title}\" has no letters or numbers to make a file name from"),
        ));
    }
    let in_folder = |base: &Path| {
        if folder.is_empty() {
            base.to_path_buf()
        } else {
            base.join(&folder)
        }
    };
    let dir = in_folder(&target);
    let bundled_dir = in_folder(&content);
    // Never through a link: a linked folder would put the page outside the project, where
    // the build never looks.
    project_files::create_folder(root, &dir)?;

    // Pages of both layers share one set of addresses and one numbering.
    let mut siblings: Vec<(PathBuf, String)> = page_files(&dir)
        .into_iter()
        .map(|name| (dir.join(&name), name))
        .collect();
    if bundled_dir != dir {
        siblings.extend(
            page_files(&bundled_dir)
                .into_iter()
                .map(|name| (bundled_dir.join(&name), name)),
        );
    }
    if let Some((clash, _)) = siblings.iter().find(|(_, name)| address_slug(name) == slug) {
        let existing = display_path(root, clash);
        return Err(Diagnostic::error(
            existing.clone(),
            format!("a page called \"{title}\" would have the same address as {existing}"),
        )
        .hint("open that file to edit it, or choose a different title"));
    }
    let names: Vec<String> = siblings.into_iter().map(|(_, name)| name).collect();
    let file_name = match next_number(&names) {
        Some((n, width)) => format!("{n:0width$}-{slug}.md"),
        None => format!("{slug}.md"),
    };
    let path = dir.join(&file_name);
    let shown = display_path(root, &path);

    // The local layer's template first, then the bundled one.
    let mut found = None;
    for p in [dir.join(TEMPLATE_FILE), bundled_dir.join(TEMPLATE_FILE)] {
        if let Some(t) = project_files::read_text_if_present(root, &p, project_files::Kind::Page)? {
            found = Some((p, Some(t)));
            break;
        }
    }
    let (template_path, template) = found.unwrap_or((dir.join(TEMPLATE_FILE), None));
    let is_case_study = folder == CASE_STUDIES;
    let text = match &template {
        Some(t) => fill_template(t, title, person, is_case_study, today),
        None => builtin(&folder, title, person, today),
    };
    let draft = is_draft(&text);

    let mut file = project_files::create_new(root, &path)?.ok_or_else(|| {
        Diagnostic::error(&shown, "this file already exists, so it was left as it is")
            .hint("open it to edit it, or choose a different name")
    })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::error(&shown, format!("cannot write the file: {e}")))?;

    let mut address: String = folder
        .split('/')
        .filter(|f| !f.is_empty())
        .map(|f| format!("{}/", slugify(content::strip_number(f).0)))
        .collect();
    address.push_str(&slugify(
        content::strip_number(file_name.strip_suffix(".md").unwrap_or(&file_name)).0,
    ));
    address.push('/');
    Ok(Created {
        path,
        shown,
        address,
        draft,
        template: template.map(|_| display_path(root, &template_path)),
    })
}

/// A file name from a title, in plain ASCII where the title allows it: "Siân O'Neill" →
/// `sian-oneill` (addresses with accents are awkward to type and to share).
fn file_slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let folded: String = title
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    slugify(&folded)
}

/// The folder under content/ that `section` names (`guide`, `guide/`, `content/guide`, `.`),
/// in the bundled content or the local layer's.
fn section_folder(
    content: &Path,
    local_content: Option<&Path>,
    section: &str,
) -> Result<String, Diagnostic> {
    let cleaned = section
        .trim()
        .replace('\\', "/")
        .trim_start_matches("./")
        .trim_start_matches(&format!("{CONTENT_DIR}/"))
        .trim_matches('/')
        .to_string();
    if cleaned.is_empty() || cleaned == "." || cleaned == CONTENT_DIR {
        return Ok(String::new());
    }
    if cleaned.split('/').any(|p| p == ".." || p.starts_with('.')) {
        return Err(Diagnostic::error(
            CONTENT_DIR,
            format!("`{section}` is not a folder inside content/"),
        ));
    }
    if content.join(&cleaned).is_dir() || local_content.is_some_and(|l| l.join(&cleaned).is_dir()) {
        return Ok(cleaned);
    }
    let known: Vec<String> = std::fs::read_dir(content)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with('.'))
        .collect();
    let mut sorted = known.clone();
    sorted.sort();
    let hint = match nearest(&cleaned, known.iter().map(String::as_str)) {
        Some(k) => format!(
            "did you mean `{k}`? Sections are folders in content/: {}",
            sorted.join(", ")
        ),
        None => format!(
            "sections are folders in content/: {} (or `.` for the top level). To start a new section, create the folder first",
            sorted.join(", ")
        ),
    };
    Err(Diagnostic::error(
        CONTENT_DIR,
        format!("there is no section `{section}` (looked for content/{cleaned}/)"),
    )
    .hint(hint))
}

/// Published page files in a folder (not `_index.md`, templates or READMEs).
fn page_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_') && n != "README.md")
        .collect();
    names.sort();
    names
}

/// The address part of a file name: `03-why-research.md` → `why-research`.
fn address_slug(file_name: &str) -> String {
    slugify(content::strip_number(file_name.strip_suffix(".md").unwrap_or(file_name)).0)
}

/// In a folder whose pages are numbered (`01-…`, `02-…`), the next number and its width.
fn next_number(siblings: &[String]) -> Option<(u64, usize)> {
    let numbered: Vec<(u64, usize)> = siblings
        .iter()
        .filter_map(|name| {
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            let rest = &name[digits.len()..];
            (!digits.is_empty() && (rest.starts_with('-') || rest.starts_with('_')))
                .then(|| digits.parse().ok().map(|n| (n, digits.len())))
                .flatten()
        })
        .collect();
    let (max, width) = numbered.iter().max()?;
    Some((max + 1, *width))
}

/// A YAML value for a plain string, quoted only when it has to be.
fn yaml_string(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_alphanumeric() || " -'’.,()&/".contains(c))
        && !s.starts_with(['-', '\'', '&', '.', ' '])
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "~"
        )
        && !s.chars().all(|c| c.is_ascii_digit() || c == '.');
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
    }
}

/// Fields of a case study that only the person can tell us: the template's examples are
/// cleared, never published by mistake.
const PERSONAL_FIELDS: &[&str] = &[
    "summary",
    "role",
    "organisation",
    "profession",
    "career_stage",
    "quote",
];

/// Fills a folder's `_template.md`: title (and person) from the command line, today's review
/// date, example values of personal fields cleared, the template's own "copy this file"
/// instructions replaced by a note saying where the file came from.
fn fill_template(
    template: &str,
    title: &str,
    person: Option<&str>,
    is_case_study: bool,
    today: jiff::civil::Date,
) -> String {
    let lines: Vec<&str> = template.lines().collect();
    let Some(close) = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "---")
        .map(|i| i + 1)
        .filter(|_| lines.first().is_some_and(|l| l.trim_end() == "---"))
    else {
        // Not a template with front matter: start from it as it is.
        return template.to_string();
    };
    let old_title = lines[1..close]
        .iter()
        .find_map(|l| l.strip_prefix("title:"))
        .map(|v| v.trim().trim_matches('"').trim_matches('\'').to_string())
        .filter(|v| !v.is_empty());

    // Example values of personal fields also appear in the template's text ("— Firstname
    // Lastname, Clinical Research Nurse"): they become visible placeholders there.
    let examples: Vec<(String, String)> = if is_case_study {
        lines[1..close]
            .iter()
            .filter_map(|l| l.split_once(':'))
            .filter(|(k, v)| PERSONAL_FIELDS.contains(k) && v.trim().len() > 3)
            .map(|(k, v)| (v.trim().to_string(), format!("[{}]", k.replace('_', " "))))
            .collect()
    } else {
        Vec::new()
    };
    let mut out = vec!["---".to_string()];
    let mut front = &lines[1..close];
    // The template's opening comment says how to copy it: that is done now.
    let opening = front.iter().take_while(|l| l.starts_with('#')).count();
    let first_paragraph = front[..opening]
        .iter()
        .take_while(|l| l.trim() != "#")
        .count();
    if front[..first_paragraph]
        .iter()
        .any(|l| l.to_lowercase().contains("template"))
    {
        out.push(format!(
            "# Made with `careerguide new` on {today} from {TEMPLATE_FILE} in this folder."
        ));
        front = &front[first_paragraph..];
    }
    for line in front {
        let key = line
            .split_once(':')
            .map(|(k, _)| k)
            .filter(|k| !k.starts_with([' ', '#', '-']) && !k.contains(' '));
        let filled = match key {
            Some("title") => format!("title: {}", yaml_string(title)),
            Some("person") => format!("person: {}", yaml_string(person.unwrap_or(title))),
            Some("reviewed") => format!("reviewed: {today}"),
            Some(k) if is_case_study && PERSONAL_FIELDS.contains(&k) => format!("{k}:"),
            _ => line.to_string(),
        };
        out.push(filled);
    }
    let mut body = lines[close..].join("\n");
    if let Some(old) = old_title {
        body = body.replace(&old, title);
    }
    for (example, placeholder) in &examples {
        body = body.replace(example, placeholder);
    }
    out.push(body);
    let mut text = out.join("\n");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Sentences the page templates hold for the editor to replace: the built-in templates'
/// (below) and the bundled case-study template's (`content/case-studies/_template.md`).
/// Left in a published page, they are reported (`lint`).
const PLACEHOLDER_SENTENCES: &[&str] = &[
    "Write a short paragraph here.",
    "Write the page here.",
    "Say who this checklist is for and when to use it.",
    "Write each thing to do as one short item.",
    "Put a space between the brackets: it becomes a tick box.",
    "The words the person said, exactly as they approved them.",
];

/// Every placeholder `new` can leave in a page: the template sentences, and the `[role]`,
/// `[organisation]`… that stand for a case study's personal fields in its text.
pub fn placeholders() -> Vec<String> {
    PLACEHOLDER_SENTENCES
        .iter()
        .map(|s| s.to_string())
        .chain(
            PERSONAL_FIELDS
                .iter()
                .map(|k| format!("[{}]", k.replace('_', " "))),
        )
        .collect()
}

/// Used when the folder has no `_template.md`.
fn builtin(folder: &str, title: &str, person: Option<&str>, today: jiff::civil::Date) -> String {
    let title_line = format!("title: {}", yaml_string(title));
    match folder {
        CASE_STUDIES => format!(
            "---\n# Made with `careerguide new` on {today}. Only publish a case study with the person's\n\
# written consent, in words they said or approved. Leave out anything you do not know.\n\
{title_line}\n# One sentence shown in lists and search results.\nsummary:\n\
person: {}\n# Their job title or role, as the person describes it.\nrole:\nreviewed: {today}\n\
# Delete this line when the person has approved the page.\ndraft: true\n---\n\n\
## How they got started\n\nWrite a short paragraph here.\n",
            yaml_string(person.unwrap_or(title))
        ),
        CHECKLISTS => format!(
            "---\n# Made with `careerguide new` on {today}.\n{title_line}\n\
# One sentence shown in lists and search results.\nsummary:\n\
# The date this checklist was last checked.\nreviewed: {today}\n\
# Blanks printed at the top of the printed checklist.\nprint_fields: [Your name, Your manager's name, Date]\n\
# Delete this line when the checklist is ready to publish.\ndraft: true\n---\n\n\
Say who this checklist is for and when to use it.\n\n## First steps\n\n\
- [ ] Write each thing to do as one short item.\n- [ ] Put a space between the brackets: it becomes a tick box.\n"
        ),
        _ => format!(
            "---\n# Made with `careerguide new` on {today}.\n{title_line}\n\
# One sentence shown in lists and search results.\nsummary:\n\
# The date this page was last checked.\nreviewed: {today}\n\
# Delete this line when the page is ready to publish.\ndraft: true\n---\n\n\
Write the page here. The title above is the page's heading: start your own headings at ##.\n\n\
## First section\n\nWrite a short paragraph here.\n"
        ),
    }
}

fn is_draft(text: &str) -> bool {
    let Some(front) = text.strip_prefix("---\n") else {
        return false;
    };
    front
        .lines()
        .take_while(|l| l.trim_end() != "---")
        .any(|l| {
            l.strip_prefix("draft:")
                .is_some_and(|v| matches!(v.trim(), "true" | "yes"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_plain_yaml_unless_they_need_quotes() {
        assert_eq!(yaml_string("Priya Shah"), "Priya Shah");
        assert_eq!(yaml_string("Siân O'Neill"), "Siân O'Neill");
        assert_eq!(yaml_string("Research: a primer"), "\"Research: a primer\"");
        assert_eq!(yaml_string("No"), "\"No\"");
        assert_eq!(yaml_string("2024"), "\"2024\"");
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_slug("Siân O'Neill"), "sian-oneill");
        assert_eq!(
            file_slug("Preparing for your appraisal"),
            "preparing-for-your-appraisal"
        );
    }

    #[test]
    fn numbered_folders_get_the_next_number() {
        let names = vec!["01-introduction.md".to_string(), "07-useful.md".to_string()];
        assert_eq!(next_number(&names), Some((8, 2)));
        assert_eq!(next_number(&["jo-cooper.md".to_string()]), None);
        assert_eq!(address_slug("07-useful.md"), "useful");
    }

    #[test]
    fn template_is_filled_and_personal_examples_cleared() {
        let template = "---\n# Case study template. Copy this file.\n#\n# Consent matters.\n\ntitle: Firstname Lastname\nperson: Firstname Lastname\nrole: Clinical Research Nurse\n  # indented comment\nreviewed: 2020-01-01\ndraft: true\n---\n\n> Quote\n>\n> — Firstname Lastname, Clinical Research Nurse\n";
        let today = jiff::civil::date(2026, 11, 25);
        let out = fill_template(template, "Priya Shah", Some("Priya Shah"), true, today);
        assert!(
            out.starts_with("---\n# Made with `careerguide new` on 2026-11-25"),
            "{out}"
        );
        assert!(!out.contains("Copy this file"), "{out}");
        assert!(out.contains("# Consent matters."), "{out}");
        assert!(
            out.contains("\ntitle: Priya Shah\nperson: Priya Shah\nrole:\n"),
            "{out}"
        );
        assert!(out.contains("reviewed: 2026-11-25"), "{out}");
        assert!(out.contains("— Priya Shah, [role]\n"), "{out}");
        assert!(is_draft(&out));
        let (front, _) = crate::content::frontmatter::parse(&out, "x.md").unwrap();
        assert_eq!(front.person.as_deref(), Some("Priya Shah"));
        assert_eq!(front.role, None);
    }
}
