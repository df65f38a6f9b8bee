//! `content/pathway.yaml`: the stages of the clinical academic career pathway, shown by
//! the pathway template, searched by both their old and new names, and the values a case
//! study's `career_stage` may take.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::markdown::slugify;
use crate::yaml;

pub const PATHWAY_FILE: &str = "pathway.yaml";
/// The `career_stage` of a case study that belongs to no stage.
pub const OTHER_STAGE: &str = "other";
/// More stages than any pathway has; a longer list is a mistake.
const MAX_STAGES: usize = 20;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathwayFile {
    /// When the current scheme names were last checked.
    #[serde(default)]
    checked: Option<jiff::civil::Date>,
    stages: Vec<Stage>,
}

/// One stage. Text fields are plain text; `next_step`, `this_month`, `guide`, `checklist`
/// and `people` are Markdown (links are checked like a page's).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// The stage's anchor on the pathway page and its `career_stage` value.
    pub id: String,
    /// The stage's name on the site, e.g. "Pre-doctoral".
    pub title: String,
    /// How a reader recognises themselves: "I have no research experience yet".
    pub you_are: String,
    /// Who the stage is for.
    pub who: String,
    /// What the guide calls the scheme at this stage.
    pub guide_name: String,
    /// What it is called now (an editorial fact: `checked` says when).
    pub current_name: String,
    /// Other `career_stage` values meaning this stage: today's scheme names and the
    /// guide's older names.
    #[serde(default)]
    pub also_known_as: Vec<String>,
    /// What the stage gives, in the guide's words where it has them.
    pub gives: String,
    /// How long to allow, from the guide.
    pub how_long: String,
    pub next_step: String,
    #[serde(default)]
    pub this_month: Vec<String>,
    #[serde(default)]
    pub guide: Vec<String>,
    #[serde(default)]
    pub checklist: Vec<String>,
    #[serde(default)]
    pub people: Vec<String>,
    /// File line of the stage's `id` (filled in when loaded).
    #[serde(default, skip_deserializing)]
    pub line: usize,
}

/// The loaded pathway: stages in order, and what each `career_stage` value means.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pathway {
    /// When the current scheme names were last checked.
    pub checked: Option<jiff::civil::Date>,
    pub stages: Vec<Stage>,
    /// Lower-cased `career_stage` value → index into `stages`.
    #[serde(skip)]
    names: BTreeMap<String, usize>,
    /// The file as shown in messages, and its text (to locate links).
    #[serde(skip)]
    pub shown: String,
    #[serde(skip)]
    pub text: String,
}

impl Pathway {
    /// The stage a `career_stage` value names (its id, or any of its other names; case
    /// and surrounding spaces ignored). None for `other` and for unknown values.
    pub fn stage(&self, career_stage: &str) -> Option<usize> {
        self.names.get(&career_stage.trim().to_lowercase()).copied()
    }

    /// Every accepted `career_stage` value, for messages.
    pub fn values(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.names.keys().map(String::as_str).collect();
        v.push(OTHER_STAGE);
        v
    }

    /// Every Markdown field of every stage, with the file line it is written on.
    pub fn markdown_fields(&self) -> Vec<(&str, usize)> {
        let mut out = Vec::new();
        for s in &self.stages {
            let fields = std::iter::once(&s.next_step)
                .chain(&s.this_month)
                .chain(&s.guide)
                .chain(&s.checklist)
                .chain(&s.people);
            for f in fields {
                out.push((f.as_str(), line_of(&self.text, f, s.line)));
            }
        }
        out
    }
}

/// Reads the pathway file at `path` (inside `root`) if present.
pub fn load(root: &Path, path: &Path) -> Result<Pathway, Vec<Diagnostic>> {
    let shown = &crate::diagnostics::display_path(root, path);
    let text = match crate::project_files::read_text_if_present(
        root,
        path,
        crate::project_files::Kind::Data,
    ) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(Pathway::default()),
        Err(d) => return Err(vec![d]),
    };
    let file: PathwayFile = yaml::parse(&text, shown, 1, &text).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut stages = file.stages;
    if stages.len() > MAX_STAGES {
        return Err(vec![
            Diagnostic::error(
                shown,
                format!(
                    "{} stages: a pathway has at most {MAX_STAGES}",
                    stages.len()
                ),
            )
            .hint("keep one entry per stage of the career pathway"),
        ]);
    }
    let mut names = BTreeMap::new();
    let mut from = 0;
    for (i, s) in stages.iter_mut().enumerate() {
        s.line = line_of(&text, &format!("id: {}", s.id), from);
        from = s.line;
        let at = |d: Diagnostic| d.at(s.line.max(1)).with_source(&text);
        if s.id.is_empty() || slugify(&s.id) != s.id {
            problems.push(at(Diagnostic::error(
                shown,
                format!("stage id `{}` is not usable as an address", s.id),
            )
            .hint(format!(
                "use lower-case letters, digits and hyphens, e.g. `id: {}`",
                slugify(&s.title)
            ))));
        }
        for field in [&s.title, &s.you_are, &s.who, &s.next_step] {
            if field.trim().is_empty() {
                problems.push(at(Diagnostic::error(
                    shown,
                    format!("stage `{}` has an empty `title`, `you_are`, `who` or `next_step`", s.id),
                )
                .hint("fill in every field of the stage (see docs/editing.md, \"The career pathway\")")));
                break;
            }
        }
        for name in std::iter::once(&s.id).chain(&s.also_known_as) {
            let key = name.trim().to_lowercase();
            if key == OTHER_STAGE {
                problems.push(at(Diagnostic::error(
                    shown,
                    format!(
                        "`{OTHER_STAGE}` cannot name a stage: it means a case study belongs to none"
                    ),
                )
                .hint("remove it from the stage's `id` and `also_known_as`")));
            } else if let Some(first) = names.insert(key.clone(), i)
                && first != i
            {
                problems.push(at(Diagnostic::error(
                    shown,
                    format!("`{key}` names two stages"),
                )
                .hint("each id and also_known_as value may name only one stage")));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Pathway {
        checked: file.checked,
        stages,
        names,
        shown: shown.to_string(),
        text,
    })
}

/// The file line (1-based) of the first line at or after `from` containing `needle`'s
/// first line; `from` itself (or 1) when not found.
fn line_of(text: &str, needle: &str, from: usize) -> usize {
    let first = needle.lines().next().unwrap_or("").trim();
    let first: String = first.chars().take(60).collect();
    if first.is_empty() {
        return from.max(1);
    }
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(first.as_str()))
        .map_or(from.max(1), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, aka: &str) -> String {
        format!(
            "  - id: {id}\n    title: T {id}\n    you_are: Y\n    who: W\n    guide_name: G\n    current_name: C\n    also_known_as: [{aka}]\n    gives: X\n    how_long: H\n    next_step: N\n"
        )
    }

    fn load_text(text: &str) -> Result<Pathway, Vec<Diagnostic>> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PATHWAY_FILE), text).unwrap();
        load(dir.path(), &dir.path().join(PATHWAY_FILE))
    }

    #[test]
    fn stages_are_found_by_id_and_by_old_and_new_names() {
        let p = load_text(&format!(
            "stages:\n{}{}",
            stage("pre-doctoral", "pcaf, masters"),
            stage("doctoral", "dcaf")
        ))
        .unwrap();
        assert_eq!(p.stage("pre-doctoral"), Some(0));
        assert_eq!(p.stage("PCAF"), Some(0));
        assert_eq!(p.stage(" masters "), Some(0));
        assert_eq!(p.stage("dcaf"), Some(1));
        assert_eq!(p.stage("other"), None);
        assert_eq!(p.stage("lectureship"), None);
        assert_eq!(p.stages[1].line, 12);
        assert!(p.values().contains(&"other"));
    }

    #[test]
    fn a_name_for_two_stages_is_located() {
        let e = load_text(&format!("stages:\n{}{}", stage("a", "x"), stage("b", "x"))).unwrap_err();
        assert!(e[0].message.contains("`x` names two stages"), "{:?}", e[0]);
        assert_eq!(e[0].line, Some(12));
    }

    #[test]
    fn bad_ids_and_other_are_refused() {
        let e = load_text(&format!("stages:\n{}", stage("Bad Id", ""))).unwrap_err();
        assert!(
            e[0].message.contains("not usable as an address"),
            "{:?}",
            e[0]
        );
        let e = load_text(&format!("stages:\n{}", stage("a", "other"))).unwrap_err();
        assert!(e[0].message.contains("cannot name a stage"), "{:?}", e[0]);
    }

    #[test]
    fn too_many_stages_are_refused() {
        let many: String = (0..=MAX_STAGES)
            .map(|i| stage(&format!("s{i}"), ""))
            .collect();
        let e = load_text(&format!("stages:\n{many}")).unwrap_err();
        assert!(e[0].message.contains("at most"), "{:?}", e[0]);
    }

    #[test]
    fn a_missing_file_is_an_empty_pathway() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            load(dir.path(), &dir.path().join(PATHWAY_FILE))
                .unwrap()
                .stages
                .is_empty()
        );
    }
}
