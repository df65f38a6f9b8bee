//! Overrides that know what they replaced. `careerguide override content/guide/05-x.md`
//! copies a bundled file into the local layer and remembers the bundled version it came
//! from; after an upgrade, [`check`] warns for every override whose bundled original has
//! changed since, with the change as a diff, until `careerguide override --accept` records
//! the new version.
//!
//! Two things are kept in the local layer, beside its `content/` and `themes/` (commit
//! both with it):
//! - `overrides.yaml`, the record: each overridden file and the SHA-256 of the bundled
//!   version it was made from (line endings counted as `\n`, so a checkout that turns them
//!   into `\r\n` changes nothing);
//! - `originals/`, a copy of each of those bundled versions, for the diff.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::config::{self, Config};
use crate::content::CONTENT_DIR;
use crate::content::data::{GLOSSARY_FILE, RESOURCES_FILE};
use crate::diagnostics::{Diagnostic, nearest};
use crate::layers::THEMES_DIR;
use crate::project_files;
use crate::yaml;

/// The record, in the local layer's folder.
pub const RECORD_FILE: &str = "overrides.yaml";
/// Copies of the bundled versions overridden, in the local layer's folder.
pub const ORIGINALS_DIR: &str = "originals";

/// Files larger than this are compared by hash only, never diffed.
const MAX_DIFF_BYTES: usize = 2 * 1024 * 1024;
/// Diff lines shown in one warning; the rest are counted.
const MAX_DIFF_LINES: usize = 300;
/// How long a diff may take before a coarser one is shown.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordFile {
    #[serde(default)]
    overrides: Vec<Entry>,
}

/// One overridden file.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The bundled file, relative to the project folder: `content/guide/05-x.md`.
    pub file: String,
    /// SHA-256 (hex) of the bundled version the override was made from.
    pub sha256: String,
}

/// The record as read, with the line each entry starts on.
struct Record {
    entries: Vec<(Entry, Option<usize>)>,
    shown: String,
    /// The record's text as read (empty when there was none).
    text: String,
}

/// What `override` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// The bundled file, as given and normalised: `content/guide/05-x.md`.
    pub bundled: String,
    /// The trust's copy, relative to the project folder: `local/content/guide/05-x.md`.
    pub local: String,
    /// The record file written.
    pub record: String,
    /// For `--accept`: false when the record already named this version.
    pub changed: bool,
}

/// Copies the bundled file `path` into the local layer and records its version. Never
/// overwrites a file of the layer.
pub fn create(root: &Path, path: &str) -> Result<Done, Diagnostic> {
    let (config, local_dir) = layer(root)?;
    let bundled = bundled_path(root, &config, path)?;
    let local_file = local_dir.join(&bundled);
    let local_shown = shown(root, &local_file);
    let mut record = read_record(root, &local_dir)?;
    // Anything there, a link included, is the layer's: never replaced, never written through.
    if std::fs::symlink_metadata(&local_file).is_ok() {
        let hint = if record.entries.iter().any(|(e, _)| e.file == bundled) {
            format!(
                "it is yours to edit. After an upgrade changes {bundled}, `careerguide check` shows the change; carry it into your copy, then run `careerguide override --accept {bundled}`"
            )
        } else {
            format!(
                "careerguide cannot tell which bundled version it was made from. Compare it with {bundled}, carry over what you want, then run `careerguide override --accept {bundled}` to record the bundled version as it is now"
            )
        };
        return Err(Diagnostic::error(
            &local_shown,
            format!("{local_shown} already exists, so {bundled} is already overridden; it was left untouched"),
        )
        .hint(hint));
    }
    let bytes = read_bundled(root, &bundled)?;
    let mut file = project_files::create_new(root, &local_file)?.ok_or_else(|| {
        Diagnostic::error(
            &local_shown,
            format!("{local_shown} already exists, so it was left untouched"),
        )
    })?;
    file.write_all(&bytes).map_err(|e| {
        Diagnostic::error(&local_shown, format!("cannot write the file: {e}")).hint(
            "check the disk has space, delete the partly written file, and run the command again",
        )
    })?;
    remember(root, &local_dir, &mut record, &bundled, &bytes)?;
    Ok(Done {
        bundled,
        local: local_shown,
        record: record.shown,
        changed: true,
    })
}

/// Records the bundled version of `path` as it is now, for an override whose copy in the
/// local layer already carries what the editor wants of it.
pub fn accept(root: &Path, path: &str) -> Result<Done, Diagnostic> {
    let (config, local_dir) = layer(root)?;
    let bundled = bundled_path(root, &config, path)?;
    let local_file = local_dir.join(&bundled);
    let local_shown = shown(root, &local_file);
    if std::fs::symlink_metadata(&local_file).is_ok() {
        // A link or a special file is refused here, naming it.
        project_files::check_file(root, &local_file, kind_of(&bundled))?;
    } else {
        return Err(Diagnostic::error(
            &local_shown,
            format!("{bundled} is not overridden: {local_shown} does not exist"),
        )
        .hint(format!(
            "to start overriding it, run `careerguide override {bundled}`"
        )));
    }
    let bytes = read_bundled(root, &bundled)?;
    let mut record = read_record(root, &local_dir)?;
    let hash = sha256(&bytes);
    let unchanged = record
        .entries
        .iter()
        .any(|(e, _)| e.file == bundled && e.sha256 == hash);
    if !unchanged {
        remember(root, &local_dir, &mut record, &bundled, &bytes)?;
    }
    Ok(Done {
        bundled,
        local: local_shown,
        record: record.shown,
        changed: !unchanged,
    })
}

/// Every override whose bundled original changed since it was recorded (warnings, with the
/// change as a diff), and every problem with the record (a record that cannot be read is
/// an error). Nothing without a local layer or a record.
pub fn check(root: &Path, config: &Config) -> Vec<Diagnostic> {
    let Some(local_dir) = config.local_dir(root) else {
        return Vec::new();
    };
    let record = match read_record(root, &local_dir) {
        Ok(r) => r,
        Err(d) => return vec![d],
    };
    let record_text = record.text.clone();
    let mut problems = Vec::new();
    for (entry, line) in &record.entries {
        let at = |d: Diagnostic| match line {
            Some(l) => d.at(*l).with_source(&record_text),
            None => d,
        };
        let local_file = local_dir.join(&entry.file);
        let local_shown = shown(root, &local_file);
        let kind = kind_of(&entry.file);
        if std::fs::symlink_metadata(&local_file).is_ok()
            && project_files::check_file(root, &local_file, kind).is_err()
        {
            // A link, a special file or a file too large: the walk of the layer (or the
            // theme's loader) reports it, once; nothing of it is read or shown here.
            continue;
        }
        if !project_files::is_file(root, &local_file) {
            problems.push(at(Diagnostic::warning(
                &record.shown,
                format!("records an override of {}, but {local_shown} does not exist", entry.file),
            )
            .hint(format!(
                "if you no longer override it, delete this entry (and {}); to override it again, delete the entry and run `careerguide override {}`",
                shown(root, &local_dir.join(ORIGINALS_DIR).join(&entry.file)),
                entry.file
            ))));
            continue;
        }
        let bundled = match project_files::read_bytes_if_present(
            root,
            &root.join(&entry.file),
            kind,
        ) {
            Ok(Some(b)) => b,
            Ok(None) => {
                problems.push(Diagnostic::warning(
                    &local_shown,
                    format!(
                        "the bundled file this overrides, {}, is not in this release",
                        entry.file
                    ),
                )
                .hint(format!(
                    "your file is now an addition, not a replacement: see CHANGELOG.md for where the bundled text went, then delete its entry from {}",
                    record.shown
                )));
                continue;
            }
            Err(d) => {
                problems.push(d.as_warning());
                continue;
            }
        };
        if sha256(&bundled) == entry.sha256 {
            continue;
        }
        let original_file = local_dir.join(ORIGINALS_DIR).join(&entry.file);
        let original = project_files::read_bytes(root, &original_file, kind)
            .ok()
            .filter(|o| sha256(o) == entry.sha256);
        let detail = match &original {
            Some(old) => diff(
                old,
                &bundled,
                &format!("{} (the version you overrode)", shown(root, &original_file)),
                &format!("{} (this release)", entry.file),
            ),
            None => format!(
                "(the copy of the version you overrode, {}, is missing or was edited, so here is your file against this release instead)\n{}",
                shown(root, &original_file),
                diff(
                    &project_files::read_bytes(root, &local_file, kind).unwrap_or_default(),
                    &bundled,
                    &format!("{local_shown} (yours)"),
                    &format!("{} (this release)", entry.file),
                )
            ),
        };
        problems.push(
            Diagnostic::warning(
                &local_shown,
                format!(
                    "the bundled original of this override, {}, has changed since you overrode it",
                    entry.file
                ),
            )
            .detail(detail)
            .hint(format!(
                "carry the changes you want into {local_shown}, then run `careerguide override --accept {}`",
                entry.file
            )),
        );
    }
    problems
}

/// SHA-256 (hex) of a file's bytes, with `\r\n` counted as `\n`.
pub fn sha256(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    let mut rest = bytes;
    while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
        hasher.update(&rest[..i]);
        rest = &rest[i + 1..];
    }
    hasher.update(rest);
    hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// A unified diff from `old` to `new`, bounded in time and length.
fn diff(old: &[u8], new: &[u8], old_name: &str, new_name: &str) -> String {
    if old.len() > MAX_DIFF_BYTES || new.len() > MAX_DIFF_BYTES {
        return "(too large to show as a diff: compare the two files in an editor)".to_string();
    }
    let (Ok(old), Ok(new)) = (std::str::from_utf8(old), std::str::from_utf8(new)) else {
        return "(not a text file, so no diff is shown: compare the two files)".to_string();
    };
    let diff = similar::TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_DIFF_LINES {
        return text;
    }
    let mut shown = lines[..MAX_DIFF_LINES].join("\n");
    let _ = write!(
        shown,
        "\n… and {} more lines: compare the two files in an editor",
        lines.len() - MAX_DIFF_LINES
    );
    shown
}

/// The configuration and the local layer's folder, or why `override` cannot work.
fn layer(root: &Path) -> Result<(Config, PathBuf), Diagnostic> {
    let config = Config::load(root).map_err(|mut problems| problems.remove(0))?;
    let Some(local_dir) = config.local_dir(root) else {
        return Err(Diagnostic::error(
            config::FILE_NAME,
            "there is no local layer to copy the file into",
        )
        .hint("add `local: local` to config.yaml and create the folder local/ beside content/; your own files go there, and upgrades never touch them"));
    };
    Ok((config, local_dir))
}

/// The bundled file `arg` names, as a clean path relative to the project folder
/// (`content/…` or `themes/<theme>/…`), or why it cannot be overridden.
fn bundled_path(root: &Path, config: &Config, arg: &str) -> Result<String, Diagnostic> {
    let local = config
        .local
        .as_deref()
        .unwrap_or_default()
        .trim()
        .trim_end_matches('/');
    let mut text = arg.trim().replace('\\', "/");
    if let Ok(absolute_root) = std::fs::canonicalize(root)
        && Path::new(&text).is_absolute()
        && let Ok(rest) = Path::new(&text).strip_prefix(&absolute_root)
    {
        text = rest.to_string_lossy().replace('\\', "/");
    }
    let refuse = |message: String| {
        Diagnostic::error(arg.trim(), message).hint(
            "name a file of the bundled guide or theme, relative to the project folder, e.g. `content/guide/05-for-managers.md` or `themes/default/templates/base.html`",
        )
    };
    let path = Path::new(&text);
    if text.is_empty() || path.is_absolute() {
        return Err(refuse(format!("`{arg}` is not a path inside the project")));
    }
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(refuse(format!(
            "`{arg}` uses `..` or a drive: only files inside content/ and themes/ can be overridden"
        )));
    }
    let mut parts: Vec<&str> = text
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    // Someone naming their own copy means the file it overrides.
    let local_parts: Vec<&str> = local.split('/').filter(|p| !p.is_empty()).collect();
    if !local_parts.is_empty() && parts.starts_with(&local_parts) {
        parts.drain(..local_parts.len());
    }
    let clean = parts.join("/");
    match parts.as_slice() {
        [CONTENT_DIR, data] if *data == GLOSSARY_FILE || *data == RESOURCES_FILE => {
            return Err(Diagnostic::error(
                &clean,
                format!("{clean} is merged with the local layer's, not replaced"),
            )
            .hint(format!(
                "write only your own or changed entries in {local}/{clean}: an entry with the same term (glossary) or name (resources) replaces the bundled one (see docs/upgrading.md)"
            )));
        }
        [CONTENT_DIR, _, ..] | [THEMES_DIR, _, _, ..] => {}
        _ => {
            return Err(refuse(format!(
                "`{arg}` is not inside content/ or themes/<theme>/: only the bundled guide and theme can be overridden"
            )));
        }
    }
    let file = root.join(&clean);
    let found = std::fs::symlink_metadata(&file);
    if found.as_ref().is_ok_and(|m| m.is_dir()) {
        return Err(refuse(format!("{clean} is a folder: name one file in it")));
    }
    if found.is_ok() {
        // A link (here or on the way) or a special file is refused, naming it.
        project_files::check_file(root, &file, kind_of(&clean))?;
    } else {
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let siblings: Vec<String> = std::fs::read_dir(&folder)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let name = parts.last().copied().unwrap_or_default();
        let hint = match nearest(name, siblings.iter().map(String::as_str)) {
            Some(n) => format!(
                "did you mean `{}`?",
                parts[..parts.len() - 1]
                    .iter()
                    .chain([&n])
                    .copied()
                    .collect::<Vec<_>>()
                    .join("/")
            ),
            None => "name a file that exists in the bundled content/ or themes/ (check the spelling and the number prefix)".to_string(),
        };
        return Err(
            Diagnostic::error(&clean, format!("there is no bundled file {clean}")).hint(hint),
        );
    }
    Ok(clean)
}

fn read_bundled(root: &Path, bundled: &str) -> Result<Vec<u8>, Diagnostic> {
    project_files::read_bytes(root, &root.join(bundled), kind_of(bundled))
}

/// The size bound of a file that can be overridden: pages and templates, data, or a file
/// copied as it is.
fn kind_of(file: &str) -> project_files::Kind {
    if file.ends_with(".md") || file.contains("/templates/") {
        project_files::Kind::Page
    } else if file.ends_with(".yaml") || file.ends_with(".yml") {
        project_files::Kind::Data
    } else {
        project_files::Kind::Static
    }
}

/// The record in `local_dir`; an empty one if there is none yet.
fn read_record(root: &Path, local_dir: &Path) -> Result<Record, Diagnostic> {
    let path = local_dir.join(RECORD_FILE);
    let shown = shown(root, &path);
    let text = match project_files::read_text_if_present(root, &path, project_files::Kind::Data) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return Ok(Record {
                entries: Vec::new(),
                shown,
                text: String::new(),
            });
        }
        Err(d) => return Err(d),
    };
    let file: RecordFile = yaml::parse(&text, &shown, 1, &text).map_err(|d| {
        let hint = d.hint.clone().unwrap_or_default();
        d.hint(format!(
            "{hint}. This file is written by `careerguide override`: restore it from your version control if you can"
        ))
    })?;
    let mut entries = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // Entries appear in order: each on the first `file:` line naming it after the previous
    // one (one pass over the lines, however long the record).
    let mut lines = text.lines().enumerate();
    for entry in file.overrides {
        let line = lines
            .by_ref()
            .find(|(_, l)| l.contains("file:") && l.contains(entry.file.trim()))
            .map(|(i, _)| i + 1);
        let bad = |message: String, hint: &str| {
            let d = Diagnostic::error(&shown, message).hint(hint);
            match line {
                Some(l) => d.at(l).with_source(&text),
                None => d,
            }
        };
        let clean = entry.file.trim();
        let inside = !clean.is_empty()
            && Path::new(clean)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            && (clean.starts_with(&format!("{CONTENT_DIR}/"))
                || clean.starts_with(&format!("{THEMES_DIR}/")));
        if !inside {
            return Err(bad(
                format!(
                    "`{}` is not a file of the bundled content/ or themes/",
                    entry.file
                ),
                "each entry's `file` is a path like content/guide/05-x.md: restore this file from your version control, or delete the entry and run `careerguide override` again",
            ));
        }
        if entry.sha256.len() != 64 || !entry.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            // Point at the entry's `sha256:` line rather than its `file:` line.
            let sha_line = line.and_then(|l| {
                text.lines()
                    .enumerate()
                    .skip(l - 1)
                    .find(|(_, t)| t.contains("sha256:"))
                    .map(|(i, _)| i + 1)
            });
            let d = Diagnostic::error(
                &shown,
                format!("the `sha256` of {} is not a SHA-256 hash", entry.file),
            )
            .hint(format!("restore this file from your version control, or delete the entry and run `careerguide override --accept {clean}` to record the bundled version as it is now"));
            return Err(match sha_line {
                Some(l) => d.at(l).with_source(&text),
                None => d,
            });
        }
        if !seen.insert(clean.to_string()) {
            return Err(bad(
                format!("{clean} is listed twice"),
                "delete one of the two entries",
            ));
        }
        entries.push((
            Entry {
                file: clean.to_string(),
                sha256: entry.sha256.to_ascii_lowercase(),
            },
            line,
        ));
    }
    Ok(Record {
        entries,
        shown,
        text,
    })
}

/// Records `bytes` as the bundled version of `bundled`: a copy in `originals/` and its hash
/// in the record, each written whole or not at all.
fn remember(
    root: &Path,
    local_dir: &Path,
    record: &mut Record,
    bundled: &str,
    bytes: &[u8],
) -> Result<(), Diagnostic> {
    let original = local_dir.join(ORIGINALS_DIR).join(bundled);
    write_whole(root, &original, bytes)?;
    let hash = sha256(bytes);
    let line = record
        .entries
        .iter()
        .find(|(e, _)| e.file == bundled)
        .and_then(|(_, line)| *line);
    match record.entries.iter_mut().find(|(e, _)| e.file == bundled) {
        Some((e, _)) => e.sha256 = hash.clone(),
        None => record.entries.push((
            Entry {
                file: bundled.to_string(),
                sha256: hash.clone(),
            },
            None,
        )),
    }
    let wanted: Vec<Entry> = record.entries.iter().map(|(e, _)| e.clone()).collect();
    // Edited in place, so the trust's own comments stay where they wrote them; written
    // afresh (keeping their comment lines) only when the file is laid out unlike ours.
    let text = edited_in_place(&record.text, line, bundled, &hash)
        .filter(|t| entries_of(t).is_some_and(|found| same_entries(&found, &wanted)))
        .unwrap_or_else(|| written_afresh(&record.text, &mut record.entries));
    write_whole(root, &local_dir.join(RECORD_FILE), text.as_bytes())
}

const RECORD_HEADER: &str = "# The bundled files this local layer overrides, and the SHA-256 of the bundled version\n\
     # each was copied from. Written by `careerguide override`; commit it with the layer.\n\
     # After an upgrade, `careerguide check` shows what changed in each; once your copy has\n\
     # what you want of it, `careerguide override --accept FILE` records the new version.\n\
     # Your own comments (lines starting with #) are kept: careerguide edits this file in place.\n";

/// `text` with `bundled`'s hash set to `hash`: on its `sha256:` line (the first after the
/// entry's `file:` line, `line`), or as a new entry at the end. None if the file is not
/// laid out as a block list under `overrides:`.
fn edited_in_place(text: &str, line: Option<usize>, bundled: &str, hash: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let top = lines.iter().position(|l| {
        l.trim_end()
            .strip_prefix("overrides:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
    })?;
    let mut out = String::with_capacity(text.len() + 120);
    match line {
        Some(at) => {
            let sha = (at.checked_sub(1)?..lines.len()).find(|&i| lines[i].contains("sha256:"))?;
            for (i, l) in lines.iter().enumerate() {
                if i != sha {
                    out.push_str(l);
                    continue;
                }
                let key = l.find("sha256:")? + "sha256:".len();
                let rest = &l[key..];
                let start = key + (rest.len() - rest.trim_start().len());
                let end = start
                    + l[start..]
                        .find(|c: char| c.is_whitespace() || c == '#')
                        .unwrap_or(l.len() - start);
                out.push_str(&l[..start]);
                out.push_str(hash);
                out.push_str(&l[end..]);
            }
        }
        None => {
            // The indentation of the entries already there, so the new one lines up.
            let indent = lines[top + 1..]
                .iter()
                .find(|l| l.trim_start().starts_with("- "))
                .map_or("  ".to_string(), |l| {
                    l[..l.len() - l.trim_start().len()].to_string()
                });
            out.push_str(text);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            let _ = write!(
                out,
                "{indent}- file: {}\n{indent}  sha256: {hash}\n",
                yaml_string(bundled)
            );
        }
    }
    Some(out)
}

/// The record written whole, entries sorted, with the comment lines of `old` that are not
/// ours kept under the header.
fn written_afresh(old: &str, entries: &mut [(Entry, Option<usize>)]) -> String {
    entries.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    let mut text = String::from(RECORD_HEADER);
    for l in old.lines().filter(|l| l.trim_start().starts_with('#')) {
        if !RECORD_HEADER.lines().any(|h| h == l.trim_end()) {
            text.push_str(l.trim_end());
            text.push('\n');
        }
    }
    text.push_str("overrides:\n");
    for (e, _) in entries.iter() {
        let _ = write!(
            text,
            "  - file: {}\n    sha256: {}\n",
            yaml_string(&e.file),
            e.sha256
        );
    }
    text
}

/// The entries a record's text holds, if it reads as one.
fn entries_of(text: &str) -> Option<Vec<Entry>> {
    yaml::parse::<RecordFile>(text, RECORD_FILE, 1, text)
        .ok()
        .map(|r| r.overrides)
}

fn same_entries(found: &[Entry], wanted: &[Entry]) -> bool {
    let norm = |v: &[Entry]| {
        let mut v: Vec<(String, String)> = v
            .iter()
            .map(|e| (e.file.trim().to_string(), e.sha256.to_ascii_lowercase()))
            .collect();
        v.sort();
        v
    };
    norm(found) == norm(wanted)
}

/// A path as a YAML scalar: plain when that reads back the same, else double-quoted.
fn yaml_string(s: &str) -> String {
    let plain =
        s.chars().all(|c| c.is_alphanumeric() || "/._-".contains(c)) && !s.starts_with(['-', '.']);
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// Writes `bytes` to `path`, whole or not at all, under the file rule.
fn write_whole(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    project_files::write_whole(root, path, bytes)
}

fn shown(root: &Path, path: &Path) -> String {
    crate::diagnostics::display_path(root, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_ignore_windows_line_endings() {
        assert_eq!(sha256(b"a\r\nb\r\n"), sha256(b"a\nb\n"));
        assert_ne!(sha256(b"a\nb\n"), sha256(b"a\nc\n"));
        assert_eq!(
            sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn the_record_keeps_a_trusts_comments_when_a_hash_changes_or_an_entry_is_added() {
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        let text = format!(
            "# Ours.\n# Reviewed by the R&D office, March 2026.\noverrides:\n  # The intro keeps our welcome.\n  - file: content/guide/01-x.md\n    sha256: {a}   # accepted after review\n"
        );
        let accepted = edited_in_place(&text, Some(5), "content/guide/01-x.md", &b).unwrap();
        assert_eq!(accepted, text.replace(&a, &b), "{accepted}");
        let added = edited_in_place(&text, None, "content/about.md", &b).unwrap();
        assert!(added.starts_with(&text), "{added}");
        let found = entries_of(&added).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].file, "content/about.md");
        assert_eq!(found[1].sha256, b);
        // A list written at the key's own indentation gets its new entry lined up.
        let flush = format!("overrides:\n- file: content/a.md\n  sha256: {a}\n");
        let added = edited_in_place(&flush, None, "content/b.md", &b).unwrap();
        assert_eq!(entries_of(&added).unwrap().len(), 2, "{added}");
        // A flow list is written afresh, its comment lines kept.
        let mut entries = vec![(
            Entry {
                file: "content/a.md".into(),
                sha256: a.clone(),
            },
            None,
        )];
        assert!(edited_in_place("# note\noverrides: []\n", None, "content/a.md", &a).is_none());
        let fresh = written_afresh("# note\noverrides: []\n", &mut entries);
        assert!(fresh.contains("# note\n"), "{fresh}");
        assert_eq!(entries_of(&fresh).unwrap().len(), 1);
    }

    #[test]
    fn diff_is_unified_with_both_names_and_bounded() {
        let text = diff(b"one\ntwo\n", b"one\n2\n", "old.md", "new.md");
        assert!(text.contains("--- old.md"), "{text}");
        assert!(text.contains("+++ new.md"), "{text}");
        assert!(text.contains("-two") && text.contains("+2"), "{text}");
        let old: String = (0..2000).map(|i| format!("line {i}\n")).collect();
        let long = diff(old.as_bytes(), b"", "a", "b");
        assert!(long.lines().count() <= MAX_DIFF_LINES + 1);
        assert!(long.contains("more lines"), "{long}");
        assert!(diff(&[0xff, 0xfe], b"x", "a", "b").contains("not a text file"));
    }
}
