//! `serve --edit`: the entries of `glossary.yaml` and `resources.yaml` as forms.
//!
//! The fields are the keys of the typed model the build reads the files with
//! ([`GlossaryTerm`], [`Resource`]), so a form cannot make a key the build would refuse. An
//! entry is named by what names it in the model (a term; a group's title and a resource's
//! name), never by a path.
//!
//! Saving changes the file's text only where the entry is written, found with the YAML
//! parser's own positions ([`crate::yaml::tree`]): a new entry goes at the end of its list
//! (its group, for a resource), in the file's own indentation; a changed entry has only its
//! changed keys' lines replaced. Everything else (comments, order, quoting) stays as it was.
//! Each value is written by the YAML emitter ([`crate::yaml::key_value_line`]), never pasted
//! into YAML as typed. The whole new text is then read as the build reads it: any problem is
//! shown at its field in the build's words and nothing is written; the entry must read back
//! exactly as typed. Then the file is written as pages are: the version it replaces kept in
//! the history folder, atomically, refused if the file changed since the form was opened.
//!
//! With a local layer, entries are written to the layer's copy of the file, which the build
//! merges with the bundled one entry by entry (`content::data`): a changed bundled entry is
//! written there under the same term or name, and replaces it; the bundled file is never
//! written (an upgrade replaces it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::form::Input;
use super::{
    EDIT_POLICY, Editor, HISTORY_DIR, MAX_SAVES, answer, blocking, history, may_save, not_written,
    page_url, read_json, shown, version_of,
};
use crate::config::Config;
use crate::content::data::{
    self, GLOSSARY_FILE, GlossaryTerm, RESOURCES_FILE, Resource, ResourceGroup,
};
use crate::content::{self, CONTENT_DIR};
use crate::diagnostics::Diagnostic;
use crate::html::escape_html;
use crate::layers;
use crate::project_files::{self, Kind};
use crate::serve::http;
use crate::yaml::tree::{self, Node};

/// Which data file a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Glossary,
    Resources,
}

impl Which {
    fn from_name(name: &str) -> Option<Which> {
        match name {
            "glossary" => Some(Which::Glossary),
            "resources" => Some(Which::Resources),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Which::Glossary => "glossary",
            Which::Resources => "resources",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Which::Glossary => GLOSSARY_FILE,
            Which::Resources => RESOURCES_FILE,
        }
    }

    /// The key of an entry that names it.
    fn key(self) -> &'static str {
        match self {
            Which::Glossary => "term",
            Which::Resources => "name",
        }
    }

    fn fields(self) -> &'static [DataField] {
        match self {
            Which::Glossary => GLOSSARY_FIELDS,
            Which::Resources => RESOURCE_FIELDS,
        }
    }
}

/// One field of an entry's form: a key of the model.
#[derive(Debug, Clone, Copy)]
pub struct DataField {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub input: Input,
    /// The model has no default for it.
    pub required: bool,
}

const fn field(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    input: Input,
    required: bool,
) -> DataField {
    DataField {
        key,
        label,
        help,
        input,
        required,
    }
}

/// The keys of [`GlossaryTerm`] an editor writes, in the order they are written.
pub const GLOSSARY_FIELDS: &[DataField] = &[
    field(
        "term",
        "Abbreviation",
        "As it is written in the guide, e.g. RDS. Required.",
        Input::Line,
        true,
    ),
    field(
        "expansion",
        "What it stands for",
        "In full, e.g. Research Design Service. Required.",
        Input::Line,
        true,
    ),
    field(
        "description",
        "Description",
        "Optional: a sentence or two shown on the glossary page.",
        Input::Text,
        false,
    ),
    field(
        "note",
        "Editorial note",
        "Optional: what has changed since the guide was written, with the date you checked it.",
        Input::Text,
        false,
    ),
    field(
        "added",
        "Added by this site (the guide does not use this abbreviation)",
        "Tick for a term the guide itself does not use.",
        Input::Tick,
        false,
    ),
];

/// The keys of [`Resource`] an editor writes, in the order they are written.
pub const RESOURCE_FIELDS: &[DataField] = &[
    field(
        "name",
        "Name",
        "The resource or organisation, as the list shows it. Required.",
        Input::Line,
        true,
    ),
    field(
        "description",
        "Description",
        "One line saying what it is. Required.",
        Input::Text,
        true,
    ),
    field(
        "url",
        "Web address",
        "Optional: the whole address, starting with https://. Only give one you are sure of; otherwise leave it empty and say where to find it below.",
        Input::Line,
        false,
    ),
    field(
        "where_to_find",
        "Where to find it",
        "Optional: how to find it when there is no web address.",
        Input::Text,
        false,
    ),
    field(
        "note",
        "Editorial note",
        "Optional: what has changed since the guide was written, with the date you checked it.",
        Input::Text,
        false,
    ),
];

/// The form's values as they will be written: trimmed, line endings as `\n`, ticks as
/// `true`/`false`. A key the model lacks is refused (its name).
pub fn normalise(
    which: Which,
    fields: &BTreeMap<String, String>,
) -> Result<BTreeMap<&'static str, String>, String> {
    if let Some(unknown) = fields
        .keys()
        .find(|k| !which.fields().iter().any(|f| f.key == k.as_str()))
    {
        return Err(unknown.clone());
    }
    Ok(which
        .fields()
        .iter()
        .map(|f| {
            let raw = fields.get(f.key).map(String::as_str).unwrap_or("");
            let value = match f.input {
                Input::Tick => if raw == "true" { "true" } else { "false" }.to_string(),
                _ => raw.replace("\r\n", "\n").trim().to_string(),
            };
            (f.key, value)
        })
        .collect())
}

/// A glossary term's values as the form shows them.
pub fn term_values(t: &GlossaryTerm) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("term", t.term.clone()),
        ("expansion", t.expansion.clone()),
        ("description", t.description.clone().unwrap_or_default()),
        ("note", t.note.clone().unwrap_or_default()),
        ("added", if t.added { "true" } else { "false" }.to_string()),
    ])
}

/// A resource's values as the form shows them.
pub fn resource_values(r: &Resource) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("name", r.name.clone()),
        ("description", r.description.clone()),
        ("url", r.url.clone().unwrap_or_default()),
        ("where_to_find", r.where_to_find.clone().unwrap_or_default()),
        ("note", r.note.clone().unwrap_or_default()),
    ])
}

/// Which entry a save writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A new entry; for a resource, in the group with this title (made when the file has
    /// none).
    New { group: Option<String> },
    /// The entry with this term (glossary) or this name in the group with this title.
    Existing { group: Option<String>, key: String },
}

/// Why a form cannot be written into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The entry named is not in the file (a message).
    NotFound(String),
    /// The file is written in a way the form does not change (a message for the editor).
    Shape(String),
    /// A value at this field.
    Field(&'static str, String),
}

/// Where the written entry is in the new text: its group (resources) and its place in its
/// list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub group: Option<usize>,
    pub index: usize,
}

/// One change to the text: bytes `start..end` become `with`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.start..e.end, &e.with);
    }
    out
}

/// Byte index where each line starts (1-based line `n` at `starts[n - 1]`).
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The byte index of the end of line `line` (its `\n`, or the end of the text).
fn line_end(text: &str, starts: &[usize], line: usize) -> usize {
    let from = starts
        .get(line.saturating_sub(1))
        .copied()
        .unwrap_or(text.len());
    text[from..].find('\n').map_or(text.len(), |i| from + i)
}

/// The lines a value is written as: `key: value`, or none when empty (left out).
fn entry_lines(
    which: Which,
    values: &BTreeMap<&'static str, String>,
) -> Result<Vec<String>, Refused> {
    let mut lines = Vec::new();
    for f in which.fields() {
        let value = values.get(f.key).map(String::as_str).unwrap_or("");
        if let Some(line) = field_line(f, value)? {
            lines.push(line);
        }
    }
    Ok(lines)
}

fn field_line(f: &DataField, value: &str) -> Result<Option<String>, Refused> {
    match f.input {
        Input::Tick => Ok((value == "true").then(|| format!("{}: true", f.key))),
        _ if value.is_empty() => Ok(None),
        _ => crate::yaml::key_value_line(f.key, value)
            .map(Some)
            .map_err(|e| Refused::Field(f.key, e)),
    }
}

/// Lines of a new item of a block list whose items start at `column`, the dash at
/// `dash`: `first` after the dash, the `rest` below it (relative indentation kept).
fn item_text(dash: usize, column: usize, lines: &[String]) -> String {
    let gap = column.saturating_sub(dash + 1).max(1);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{}-{}{l}", " ".repeat(dash), " ".repeat(gap))
            } else {
                format!("{}{l}", " ".repeat(dash + 1 + gap))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Adds an item (its `lines`) at the end of the list `value` of key `key` (a node of the
/// tree), or makes the list. Returns the edit and the item's index in the list.
fn append_item(
    text: &str,
    starts: &[usize],
    key: &Node,
    value: &Node,
    lines: &[String],
) -> Result<(Edit, usize), Refused> {
    match value {
        Node::Sequence {
            items, block: true, ..
        } if !items.is_empty() => {
            let last = items[items.len() - 1].place();
            let line_start = starts.get(last.line - 1).copied().unwrap_or(0);
            let dash = text[line_start..].chars().take_while(|c| *c == ' ').count();
            let at = line_end(text, starts, last.last_line);
            Ok((
                Edit {
                    start: at,
                    end: at,
                    with: format!("\n{}", item_text(dash, last.column, lines)),
                },
                items.len(),
            ))
        }
        // `terms: []`, or `terms:` with nothing: the list written out in blocks.
        Node::Sequence {
            items,
            block: false,
            place,
        } if items.is_empty() => Ok((
            Edit {
                start: key.place().end,
                end: place.end,
                with: format!(
                    ":\n{}",
                    item_text(key.place().column + 2, key.place().column + 4, lines)
                ),
            },
            0,
        )),
        Node::Scalar(s, _) if s.is_empty() || s == "~" || s == "null" => Ok((
            Edit {
                start: key.place().end,
                end: key.place().end + text[key.place().end..].find(':').map_or(0, |i| i + 1),
                with: format!(
                    ":\n{}",
                    item_text(key.place().column + 2, key.place().column + 4, lines)
                ),
            },
            0,
        )),
        _ => Err(Refused::Shape(format!(
            "its `{}` list is written in a way this form cannot add to (on one line, in [ ] or {{ }}): add the entry in a text editor",
            key.text().unwrap_or_default()
        ))),
    }
}

/// The edits that make mapping `entry` hold `values` (those of `before` left as written).
fn change_entry(
    which: Which,
    text: &str,
    starts: &[usize],
    entry: &Node,
    values: &BTreeMap<&'static str, String>,
) -> Result<Vec<Edit>, Refused> {
    let Node::Mapping {
        entries,
        block: true,
        place,
    } = entry
    else {
        return Err(Refused::Shape(
            "this entry is written on one line, in { }: change it in a text editor".to_string(),
        ));
    };
    let mut edits = Vec::new();
    let mut added = Vec::new();
    for f in which.fields() {
        let new = values.get(f.key).map(String::as_str).unwrap_or("");
        let found = entries
            .iter()
            .enumerate()
            .find(|(_, (k, _))| k.text() == Some(f.key));
        let old = found.and_then(|(_, (_, v))| v.text()).unwrap_or("");
        let same = match f.input {
            Input::Tick => {
                matches!(old, "true" | "True" | "TRUE") == (new == "true")
                    && !(found.is_none() && new == "true")
            }
            _ => {
                found.is_some_and(|(_, (_, v))| v.text() == Some(new))
                    || (found.is_none() && new.is_empty())
            }
        };
        if same {
            continue;
        }
        let line = field_line(f, new)?;
        match (found, line) {
            (Some((_, (k, v))), Some(line)) => {
                let end = line_end(text, starts, v.place().last_line.max(k.place().line));
                edits.push(Edit {
                    start: k.place().start,
                    end,
                    with: line,
                });
            }
            (Some((i, (k, v))), None) => {
                let last = v.place().last_line.max(k.place().line);
                if i == 0 {
                    // The entry's first key: what follows moves up beside the dash.
                    let Some((next, _)) = entries.get(1) else {
                        return Err(Refused::Field(
                            f.key,
                            "an entry cannot be left empty".to_string(),
                        ));
                    };
                    edits.push(Edit {
                        start: k.place().start,
                        end: next.place().start,
                        with: String::new(),
                    });
                } else {
                    let start = starts[k.place().line - 1];
                    let end = (line_end(text, starts, last) + 1).min(text.len());
                    edits.push(Edit {
                        start,
                        end,
                        with: String::new(),
                    });
                }
            }
            (None, Some(line)) => added.push(line),
            (None, None) => {}
        }
    }
    if !added.is_empty() {
        let at = line_end(text, starts, place.last_line);
        let indent = " ".repeat(place.column);
        edits.push(Edit {
            start: at,
            end: at,
            with: added.iter().map(|l| format!("\n{indent}{l}")).collect(),
        });
    }
    Ok(edits)
}

/// The text `text` (a data file as written, perhaps empty) with `values` written as
/// `target`, and where the entry is. The text must already read as the build reads it.
pub fn compose(
    which: Which,
    text: &str,
    target: &Target,
    values: &BTreeMap<&'static str, String>,
) -> Result<(String, Written), Refused> {
    // A file written with Windows line endings keeps them (every value is on one line, so
    // each line break of the new text is the file's own).
    if text.contains("\r\n") {
        let (out, written) = compose(which, &text.replace("\r\n", "\n"), target, values)?;
        return Ok((out.replace('\n', "\r\n"), written));
    }
    let root = tree::tree(text).map_err(|e| Refused::Shape(format!("it cannot be read: {e}")))?;
    let starts = line_starts(text);
    let lines = entry_lines(which, values)?;
    let list_key = match which {
        Which::Glossary => "terms",
        Which::Resources => "groups",
    };
    // A file with nothing in it yet (or only comments): the list is started.
    let Some(root) = root else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(list_key);
        out.push_str(":\n");
        let item = match (which, target) {
            (Which::Resources, Target::New { group: Some(title) }) => group_lines(title, &lines)?,
            (Which::Glossary, Target::New { .. }) => lines,
            _ => return Err(Refused::NotFound("the file has no entries yet".to_string())),
        };
        out.push_str(&item_text(2, 4, &item));
        out.push('\n');
        return Ok((
            out,
            Written {
                group: (which == Which::Resources).then_some(0),
                index: 0,
            },
        ));
    };
    let Some((list_key_node, list)) = root.get(list_key) else {
        return Err(Refused::Shape(format!("it has no `{list_key}:` list")));
    };
    let items: &[Node] = match list {
        Node::Sequence { items, .. } => items,
        _ => &[],
    };
    match (which, target) {
        (Which::Glossary, Target::New { .. }) => {
            let (edit, index) = append_item(text, &starts, list_key_node, list, &lines)?;
            Ok((apply(text, vec![edit]), Written { group: None, index }))
        }
        (Which::Glossary, Target::Existing { key, .. }) => {
            let index = items
                .iter()
                .position(|t| t.get("term").and_then(|(_, v)| v.text()) == Some(key.as_str()))
                .ok_or_else(|| Refused::NotFound(format!("`{key}` is not in this file")))?;
            let edits = change_entry(which, text, &starts, &items[index], values)?;
            Ok((apply(text, edits), Written { group: None, index }))
        }
        (Which::Resources, Target::New { group })
        | (Which::Resources, Target::Existing { group, .. }) => {
            let title = group.as_deref().unwrap_or("");
            if title.trim().is_empty() {
                return Err(Refused::Field(
                    "group",
                    "choose the group the resource goes in".to_string(),
                ));
            }
            let found = items
                .iter()
                .position(|g| g.get("title").and_then(|(_, v)| v.text()) == Some(title));
            match (found, target) {
                (Some(g), Target::New { .. }) => {
                    let Some((items_key, group_items)) = items[g].get("items") else {
                        return Err(Refused::Shape(format!(
                            "the group “{title}” has no `items:` list"
                        )));
                    };
                    let (edit, index) = append_item(text, &starts, items_key, group_items, &lines)?;
                    Ok((
                        apply(text, vec![edit]),
                        Written {
                            group: Some(g),
                            index,
                        },
                    ))
                }
                (None, Target::New { .. }) => {
                    let (edit, index) = append_item(
                        text,
                        &starts,
                        list_key_node,
                        list,
                        &group_lines(title, &lines)?,
                    )?;
                    Ok((
                        apply(text, vec![edit]),
                        Written {
                            group: Some(index),
                            index: 0,
                        },
                    ))
                }
                (Some(g), Target::Existing { key, .. }) => {
                    let group_items: &[Node] = match items[g].get("items") {
                        Some((_, Node::Sequence { items, .. })) => items,
                        _ => &[],
                    };
                    let index = group_items
                        .iter()
                        .position(|r| {
                            r.get("name").and_then(|(_, v)| v.text()) == Some(key.as_str())
                        })
                        .ok_or_else(|| {
                            Refused::NotFound(format!(
                                "“{key}” is not in the group “{title}” of this file"
                            ))
                        })?;
                    let edits = change_entry(which, text, &starts, &group_items[index], values)?;
                    Ok((
                        apply(text, edits),
                        Written {
                            group: Some(g),
                            index,
                        },
                    ))
                }
                (None, Target::Existing { .. }) => Err(Refused::NotFound(format!(
                    "this file has no group “{title}”"
                ))),
            }
        }
    }
}

/// A new group's lines: its title, then its one item.
fn group_lines(title: &str, item: &[String]) -> Result<Vec<String>, Refused> {
    let mut lines = vec![
        crate::yaml::key_value_line("title", title).map_err(|e| Refused::Field("group", e))?,
        "items:".to_string(),
    ];
    let item = item_text(2, 4, item);
    lines.extend(item.lines().map(str::to_string));
    Ok(lines)
}

/// The key of the written entry's lines holding file line `line`, in the new `text`.
fn field_at(which: Which, text: &str, written: Written, line: usize) -> Option<&'static str> {
    let root = tree::tree(text).ok()??;
    let list = match which {
        Which::Glossary => root.get("terms")?.1,
        Which::Resources => {
            let Node::Sequence { items, .. } = root.get("groups")?.1 else {
                return None;
            };
            items.get(written.group?)?.get("items")?.1
        }
    };
    let Node::Sequence { items, .. } = list else {
        return None;
    };
    let Node::Mapping { entries, .. } = items.get(written.index)? else {
        return None;
    };
    entries.iter().find_map(|(k, v)| {
        let (first, last) = (k.place().line, v.place().last_line.max(k.place().line));
        (first..=last)
            .contains(&line)
            .then(|| {
                which
                    .fields()
                    .iter()
                    .find(|f| Some(f.key) == k.text())
                    .map(|f| f.key)
            })
            .flatten()
    })
}

/// The field a problem of the new text belongs to, when it is the written entry's.
pub fn problem_field(
    which: Which,
    text: &str,
    written: Written,
    values: &BTreeMap<&'static str, String>,
    d: &Diagnostic,
) -> Option<&'static str> {
    // "`expansion` is missing", "an empty `term` or `expansion`": the empty field named.
    if let Some(f) = which.fields().iter().find(|f| {
        values.get(f.key).is_some_and(String::is_empty)
            && d.message.contains(&format!("`{}`", f.key))
    }) {
        return Some(f.key);
    }
    if let Some(f) = d.line.and_then(|l| field_at(which, text, written, l)) {
        return Some(f);
    }
    let key = values.get(which.key()).map(String::as_str).unwrap_or("");
    if !key.is_empty() && d.message.contains(&format!("`{key}` is defined twice")) {
        return Some(which.key());
    }
    let url = values.get("url").map(String::as_str).unwrap_or("");
    if which == Which::Resources && !url.is_empty() && d.message.ends_with(url) {
        return Some("url");
    }
    None
}

/// The entry written into the new text, read back as the build reads it.
fn read_back(
    which: Which,
    text: &str,
    shown: &str,
    written: Written,
) -> Result<Option<BTreeMap<&'static str, String>>, Vec<Diagnostic>> {
    Ok(match which {
        Which::Glossary => data::glossary_from_text(text, shown)?
            .get(written.index)
            .map(term_values),
        Which::Resources => {
            let groups: Vec<ResourceGroup> = data::resources_from_text(text, shown)?;
            groups
                .get(written.group.unwrap_or(0))
                .and_then(|g| g.items.get(written.index))
                .map(resource_values)
        }
    })
}

// ---- The editor's endpoints ---------------------------------------------------------------

/// The file entries are written to: the local layer's copy when there is a local layer,
/// else the bundled file.
fn target_file(root: &Path, config: &Config, which: Which) -> PathBuf {
    match config.local_dir(root) {
        Some(local) => local.join(CONTENT_DIR).join(which.file_name()),
        None => root.join(CONTENT_DIR).join(which.file_name()),
    }
}

fn history_id(root: &Path, file: &Path) -> String {
    shown(root, file)
}

#[derive(Deserialize)]
pub struct FileQuery {
    file: String,
}

/// The form page of a data file.
pub async fn data_page(Query(q): Query<FileQuery>) -> Response {
    let (status, html) = match Which::from_name(&q.file) {
        Some(which) => (StatusCode::OK, page(which)),
        None => (StatusCode::NOT_FOUND, super::page::not_editable()),
    };
    let mut r = http::respond(status, "text/html; charset=utf-8", Bytes::from(html), false);
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(EDIT_POLICY),
    );
    r.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// Everything the form page shows: the fields, the entries (merged as the site shows them,
/// each with the file it is written in), the groups, the versions kept.
pub async fn api_data(State(editor): State<Arc<Editor>>, Query(q): Query<FileQuery>) -> Response {
    let Some(which) = Which::from_name(&q.file) else {
        return not_a_data_file();
    };
    let root = editor.root.clone();
    blocking(move || data_json(&root, which)).await
}

fn not_a_data_file() -> Response {
    answer(
        StatusCode::NOT_FOUND,
        json!({ "error": "only the glossary and the resources list have forms" }),
    )
}

fn config_of(root: &Path) -> Result<Config, Response> {
    Config::load(root).map_err(|problems| {
        answer(
            StatusCode::CONFLICT,
            json!({ "error": "config.yaml cannot be read, so nothing can be edited until it is fixed", "problems": problems }),
        )
    })
}

fn data_json(root: &Path, which: Which) -> Response {
    let config = match config_of(root) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let file = target_file(root, &config, which);
    let text = match project_files::read_text_if_present(root, &file, Kind::Data) {
        Ok(t) => t.unwrap_or_default(),
        Err(d) => {
            return answer(
                StatusCode::CONFLICT,
                json!({ "error": d.message, "problems": [d] }),
            );
        }
    };
    let layers = layers::content_layers(root, config.local_dir(root).as_deref());
    let fields: Vec<Value> = which
        .fields()
        .iter()
        .map(|f| {
            json!({
                "key": f.key,
                "label": f.label,
                "help": f.help,
                "input": match f.input { Input::Tick => "tick", Input::Text => "text", _ => "line" },
                "required": f.required,
            })
        })
        .collect();
    let mut out = json!({
        "which": which.name(),
        "file": shown(root, &file),
        "bundled": format!("{CONTENT_DIR}/{}", which.file_name()),
        "local": config.local_dir(root).is_some(),
        "version": version_of(text.as_bytes()),
        "fields": fields,
        "history": history::list(root, &history_id(root, &file)),
        "historyDir": HISTORY_DIR,
        "page": showing_page(root, &config, which),
    });
    let read = match which {
        Which::Glossary => data::load_glossary(root, &layers).map(|terms| {
            json!(terms
                .iter()
                .map(|t| json!({ "key": t.term, "title": format!("{} – {}", t.term, t.expansion), "file": t.file, "values": term_values(t) }))
                .collect::<Vec<_>>())
        }),
        Which::Resources => data::load_resources(root, &layers).map(|groups| {
            json!(groups
                .iter()
                .map(|g| json!({
                    "title": g.title,
                    "items": g.items.iter().map(|r| json!({ "key": r.name, "title": r.name, "file": r.file, "values": resource_values(r) })).collect::<Vec<_>>(),
                }))
                .collect::<Vec<_>>())
        }),
    };
    match read {
        Ok(entries) => {
            out[if which == Which::Glossary {
                "entries"
            } else {
                "groups"
            }] = entries;
            answer(StatusCode::OK, out)
        }
        Err(problems) => answer(
            StatusCode::CONFLICT,
            json!({
                "error": format!("{} cannot be read as it is now, so the form cannot change it: {}. Put it right in a text editor (careerguide check names the line), then reload this page.",
                    problems.first().map(|d| d.file.clone()).unwrap_or_default(),
                    problems.first().map(|d| format!("{}{}", d.location(), format_args!(": {}", d.message))).unwrap_or_default()),
                "problems": problems,
            }),
        ),
    }
}

/// The address of the page that shows the file (`template: glossary` / `resources`).
fn showing_page(root: &Path, config: &Config, which: Which) -> Option<String> {
    content::page_files(root, config).into_iter().find_map(|p| {
        let text = project_files::read_text(root, &p.path, Kind::Page).ok()?;
        let (front, _) = content::frontmatter::parse(&text, "").ok()?;
        (front.template.as_deref() == Some(which.name())).then(|| page_url(&p.output_path))
    })
}

/// What the form sends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSave {
    file: String,
    /// The entry changed, by its term or name; absent for a new one.
    #[serde(default)]
    entry: Option<String>,
    /// A resource's group, by its title.
    #[serde(default)]
    group: Option<String>,
    fields: BTreeMap<String, String>,
    /// The version of the file the form was opened at.
    #[serde(default)]
    version: Option<String>,
}

pub async fn api_data_save(State(editor): State<Arc<Editor>>, body: Body) -> Response {
    let asked: DataSave = match read_json(body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let worker = editor.clone();
    blocking(move || save(&worker, &asked)).await
}

fn problem(d: &Diagnostic, field: Option<&str>) -> Value {
    super::problem_json(d, field)
}

fn save(editor: &Editor, asked: &DataSave) -> Response {
    let root = &editor.root;
    let Some(which) = Which::from_name(&asked.file) else {
        return not_a_data_file();
    };
    let values = match normalise(which, &asked.fields) {
        Ok(v) => v,
        Err(key) => {
            return answer(
                StatusCode::BAD_REQUEST,
                json!({ "error": format!("`{key}` is not a key an entry of {} can have", which.file_name()) }),
            );
        }
    };
    let _writing = editor.writing.lock().unwrap_or_else(|p| p.into_inner());
    let config = match config_of(root) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !may_save(editor) {
        return answer(
            StatusCode::TOO_MANY_REQUESTS,
            json!({ "error": format!("more than {MAX_SAVES} saves in a minute: wait a minute, then save again (your entry is still here)") }),
        );
    }
    let file = target_file(root, &config, which);
    let shown_file = shown(root, &file);
    let on_disk = match project_files::read_bytes_if_present(root, &file, Kind::Data) {
        Ok(b) => b,
        Err(d) => return answer(StatusCode::CONFLICT, json!({ "error": d.message })),
    };
    let disk_text = String::from_utf8_lossy(on_disk.as_deref().unwrap_or_default()).to_string();
    let disk_version = version_of(disk_text.as_bytes());
    if asked.version.as_deref() != Some(disk_version.as_str()) {
        return answer(
            StatusCode::CONFLICT,
            json!({
                "conflict": true,
                "error": format!("{shown_file} was changed by someone or something else since you opened this form, so your entry was not saved. The list below is now as the file is: check your entry is still wanted, then save it again."),
                "version": disk_version,
            }),
        );
    }
    // The file as it is must read as the build reads it: the form changes no broken file.
    let as_read = match which {
        Which::Glossary => data::glossary_from_text(&disk_text, &shown_file).map(|_| ()),
        Which::Resources => data::resources_from_text(&disk_text, &shown_file).map(|_| ()),
    };
    // (A file with nothing in it yet is started by the form.)
    let nothing_yet = matches!(tree::tree(&disk_text), Ok(None));
    if let Err(problems) = as_read.or_else(|e| if nothing_yet { Ok(()) } else { Err(e) }) {
        return answer(
            StatusCode::CONFLICT,
            json!({
                "error": format!("{shown_file} cannot be read as it is now, so the form cannot change it: put it right in a text editor first ({}).", problems.first().map(|d| format!("{}: {}", d.location(), d.message)).unwrap_or_default()),
                "problems": problems.iter().map(|d| problem(d, None)).collect::<Vec<_>>(),
            }),
        );
    }
    let mut target = match &asked.entry {
        Some(key) => Target::Existing {
            group: asked.group.clone(),
            key: key.clone(),
        },
        None => Target::New {
            group: asked.group.clone(),
        },
    };
    let refuse_field = |field: &str, message: String| {
        answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "error": format!("Not saved: {message}"),
                "problems": [{ "severity": "error", "file": shown_file, "message": message, "field": field }],
            }),
        )
    };
    let key_value = values.get(which.key()).cloned().unwrap_or_default();
    // Bundled entries the local layer has no copy of yet.
    let bundled_file = root.join(CONTENT_DIR).join(which.file_name());
    let bundled = if file != bundled_file {
        bundled_entries(root, &bundled_file, which)
    } else {
        Vec::new()
    };
    match &target {
        Target::Existing { group, key } => {
            let in_layer = entry_in_text(which, &disk_text, group.as_deref(), key);
            if !in_layer
                && bundled.iter().any(|(g, k)| {
                    k == key && (which == Which::Glossary || g.as_deref() == group.as_deref())
                })
            {
                // A bundled entry: written to the local layer under the same term or name,
                // which replaces it.
                if key_value != *key {
                    return refuse_field(
                        which.key(),
                        format!(
                            "“{key}” comes with the guide, so your changed copy must keep its {} (it replaces the guide's entry by it). To add a different one, use the form's Add instead",
                            if which == Which::Glossary {
                                "abbreviation"
                            } else {
                                "name"
                            }
                        ),
                    );
                }
                target = Target::New {
                    group: group.clone(),
                };
            }
        }
        Target::New { .. } => {
            // Adding what the site already has would replace it without a word.
            let taken = bundled.iter().find(|(g, k)| {
                *k == key_value
                    && (which == Which::Glossary || g.as_deref() == asked.group.as_deref())
            });
            if taken.is_some() && !key_value.is_empty() {
                return refuse_field(
                    which.key(),
                    format!(
                        "“{key_value}” is already in {}: change that entry (its Edit button in the list) instead of adding another",
                        bundled_file
                            .strip_prefix(root)
                            .map(|p| p.display().to_string())
                            .unwrap_or_default()
                    ),
                );
            }
        }
    }
    // A file the form starts says what it is for (the layer's, how it is merged).
    let start = match (&on_disk, file == bundled_file) {
        (Some(_), _) => disk_text.clone(),
        (None, true) => format!(
            "# {} See docs/editing.md.\n",
            match which {
                Which::Glossary =>
                    "Abbreviations the site expands the first time a page uses them, and lists on the glossary page.",
                Which::Resources => "Resources, in groups, shown on the resources page.",
            }
        ),
        (None, false) => format!(
            "# This site's own {}, merged with the guide's ({CONTENT_DIR}/{}): {}\n# An upgrade never changes this file. See docs/editing.md.\n",
            match which {
                Which::Glossary => "glossary terms",
                Which::Resources => "resources",
            },
            which.file_name(),
            match which {
                Which::Glossary =>
                    "a term written\n# here replaces the guide's entry with the same term; any other is added.",
                Which::Resources =>
                    "a group with the\n# title of one of the guide's adds its items to it (an item with the name of one of the guide's\n# replaces it); any other group comes after the guide's.",
            }
        ),
    };
    let (text, written) = match compose(which, &start, &target, &values) {
        Ok(done) => done,
        Err(Refused::Field(field, message)) => return refuse_field(field, message),
        Err(Refused::NotFound(message)) => {
            return answer(
                StatusCode::NOT_FOUND,
                json!({ "error": format!("Not saved: {message}. Reload this page: the list shows what is in the file now.") }),
            );
        }
        Err(Refused::Shape(message)) => {
            return answer(
                StatusCode::CONFLICT,
                json!({ "error": format!("Not saved: {shown_file} {message}.") }),
            );
        }
    };
    if text.len() as u64 > project_files::DATA_MAX_BYTES {
        return answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({ "error": format!("Not saved: {shown_file} would be larger than a data file may be ({} MB). Shorten the entry, or remove entries no longer needed in a text editor.", project_files::DATA_MAX_BYTES / (1024 * 1024)) }),
        );
    }
    match read_back(which, &text, &shown_file, written) {
        Err(problems) => {
            let located: Vec<Value> = problems
                .iter()
                .map(|d| problem(d, problem_field(which, &text, written, &values, d)))
                .collect();
            return answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({
                    "error": format!("Not saved: {}", problems.first().map(|d| format!("{}{}", d.message, d.hint.as_ref().map(|h| format!(". What to do: {h}")).unwrap_or_default())).unwrap_or_default()),
                    "problems": located,
                }),
            );
        }
        Ok(Some(back)) if back == values => {}
        Ok(_) => {
            return answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({ "error": format!("Not saved: careerguide could not write this entry so that it reads back exactly as you typed it (a bug in careerguide). Add it to {shown_file} in a text editor.") }),
            );
        }
    }
    if let Err(d) = history::keep_then_write(
        root,
        &history_id(root, &file),
        on_disk.as_deref(),
        &file,
        text.as_bytes(),
    ) {
        return not_written(d);
    }
    answer(
        StatusCode::OK,
        json!({
            "saved": true,
            "file": shown_file,
            "entry": key_value,
            "version": version_of(text.as_bytes()),
            "history": history::list(root, &history_id(root, &file)),
        }),
    )
}

/// Whether the entry named `key` (in group `group`, for a resource) is written in `text`.
fn entry_in_text(which: Which, text: &str, group: Option<&str>, key: &str) -> bool {
    match which {
        Which::Glossary => data::glossary_from_text(text, "")
            .is_ok_and(|terms| terms.iter().any(|t| t.term == key)),
        Which::Resources => data::resources_from_text(text, "").is_ok_and(|groups| {
            groups
                .iter()
                .any(|g| Some(g.title.as_str()) == group && g.items.iter().any(|r| r.name == key))
        }),
    }
}

/// The bundled file's entries: (group title, term or name).
fn bundled_entries(root: &Path, file: &Path, which: Which) -> Vec<(Option<String>, String)> {
    let Ok(Some(text)) = project_files::read_text_if_present(root, file, Kind::Data) else {
        return Vec::new();
    };
    match which {
        Which::Glossary => data::glossary_from_text(&text, "")
            .map(|terms| terms.into_iter().map(|t| (None, t.term)).collect())
            .unwrap_or_default(),
        Which::Resources => data::resources_from_text(&text, "")
            .map(|groups| {
                groups
                    .into_iter()
                    .flat_map(|g| {
                        let title = g.title;
                        g.items
                            .into_iter()
                            .map(move |r| (Some(title.clone()), r.name))
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataRestore {
    file: String,
    name: String,
    version: String,
}

/// Puts an earlier version of the file back (keeping the one it replaces), if it reads as
/// the build reads it.
pub async fn api_data_restore(State(editor): State<Arc<Editor>>, body: Body) -> Response {
    let asked: DataRestore = match read_json(body).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let worker = editor.clone();
    blocking(move || restore(&worker, &asked)).await
}

fn restore(editor: &Editor, asked: &DataRestore) -> Response {
    let root = &editor.root;
    let Some(which) = Which::from_name(&asked.file) else {
        return not_a_data_file();
    };
    let _writing = editor.writing.lock().unwrap_or_else(|p| p.into_inner());
    let config = match config_of(root) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !may_save(editor) {
        return answer(
            StatusCode::TOO_MANY_REQUESTS,
            json!({ "error": format!("more than {MAX_SAVES} saves in a minute: wait a minute, then try again") }),
        );
    }
    let file = target_file(root, &config, which);
    let shown_file = shown(root, &file);
    let id = history_id(root, &file);
    let text = match history::read(root, &id, &asked.name) {
        Ok(Some(t)) => t,
        Ok(None) => {
            return answer(
                StatusCode::NOT_FOUND,
                json!({ "error": "there is no such earlier version of this file" }),
            );
        }
        Err(d) => return answer(StatusCode::CONFLICT, json!({ "error": d.message })),
    };
    let on_disk = match project_files::read_bytes_if_present(root, &file, Kind::Data) {
        Ok(b) => b,
        Err(d) => return answer(StatusCode::CONFLICT, json!({ "error": d.message })),
    };
    let disk_version = version_of(on_disk.as_deref().unwrap_or_default());
    if asked.version != disk_version {
        return answer(
            StatusCode::CONFLICT,
            json!({
                "conflict": true,
                "error": format!("{shown_file} was changed by someone or something else since you opened this form, so nothing was restored. The list below is now as the file is: restore again if you still want to."),
                "version": disk_version,
            }),
        );
    }
    if let Err(d) = history::keep_then_write(root, &id, on_disk.as_deref(), &file, text.as_bytes())
    {
        return not_written(d);
    }
    answer(
        StatusCode::OK,
        json!({
            "saved": true,
            "restored": asked.name,
            "file": shown_file,
            "version": version_of(text.as_bytes()),
            "history": history::list(root, &id),
        }),
    )
}

// ---- The form page ------------------------------------------------------------------------

/// The form page of `which`: a frame `data.js` fills from [`api_data`] (it sets everything
/// from the files as text, never as HTML).
pub fn page(which: Which) -> String {
    let (title, add, list, intro) = match which {
        Which::Glossary => (
            "Glossary terms",
            "Add a glossary term",
            "The glossary's terms",
            "Abbreviations the site expands the first time a page uses them, and lists on the glossary page.",
        ),
        Which::Resources => (
            "Resources",
            "Add a resource",
            "The resources list",
            "Organisations, awards and other resources, in groups, shown on the resources page.",
        ),
    };
    let other = match which {
        Which::Glossary => "<a href=\"/__careerguide/edit/data?file=resources\">Resources</a>",
        Which::Resources => "<a href=\"/__careerguide/edit/data?file=glossary\">Glossary terms</a>",
    };
    let group = match which {
        Which::Glossary => String::new(),
        Which::Resources => "<div class=\"field\" id=\"group-field\"><label for=\"d-group\">Group</label>\
<p class=\"help\" id=\"d-group-help\">The heading the resource is listed under.</p>\
<p class=\"field-error\" id=\"d-group-error\" hidden></p>\
<select id=\"d-group\" name=\"group\" aria-describedby=\"d-group-help\"></select></div>\n\
<div class=\"field\" id=\"new-group-field\" hidden><label for=\"d-new-group\">The new group's heading</label>\
<p class=\"help\" id=\"d-new-group-help\">Shown above the resources in it.</p>\
<p class=\"field-error\" id=\"d-new-group-error\" hidden></p>\
<input type=\"text\" id=\"d-new-group\" name=\"new-group\" aria-describedby=\"d-new-group-help\"></div>\n"
            .to_string(),
    };
    format!(
        "{head}<body>\n<a class=\"skip\" href=\"#main\">Skip to the form</a>\n\
<header class=\"bar\"><p>careerguide editor</p><p><a href=\"/\">The guide's home page</a> \
<a href=\"/__careerguide/edit/new\">New page</a> {other}</p></header>\n\
<main id=\"main\" data-which=\"{which}\" tabindex=\"-1\">\n<h1>{title}</h1>\n\
<p>{intro} <span id=\"where\"></span> <a id=\"view\" href=\"/\" hidden>See them on the site</a></p>\n\
<noscript><p class=\"alert\">This form needs JavaScript. You can still edit <code>content/{file}</code> in a text editor.</p></noscript>\n\
<div id=\"alert\" class=\"alert\" role=\"alert\" tabindex=\"-1\" hidden></div>\n\
<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n\
<section id=\"conflict\" class=\"notice\" hidden aria-labelledby=\"conflict-h\" tabindex=\"-1\">\
<h2 id=\"conflict-h\">The file changed since you opened this form</h2>\
<p id=\"conflict-text\"></p>\
<p><button type=\"button\" id=\"conflict-again\">Save my entry into the file as it is now</button></p></section>\n\
<form id=\"data-form\" novalidate hidden>\n<h2 id=\"form-h\" tabindex=\"-1\">{add}</h2>\n\
<p class=\"help\" id=\"form-help\">Nothing is saved until you press the button below. The site is rebuilt with your entry as soon as it is saved.</p>\n\
{group}<div id=\"field-list\"></div>\n\
<p class=\"actions\"><button type=\"submit\" id=\"data-save\">{add}</button> \
<button type=\"button\" id=\"data-cancel\" class=\"secondary\" hidden>Stop changing this entry</button></p>\n\
</form>\n\
<section aria-labelledby=\"list-h\"><h2 id=\"list-h\">{list}</h2>\
<p class=\"help\">Press <strong>Change</strong> beside an entry to change it in the form above.</p>\
<div id=\"entries\"></div></section>\n\
<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">Earlier versions of the file</h2>\
<p class=\"help\">Each save keeps the version it replaced in the <code>{HISTORY_DIR}/</code> folder of the project (the latest {max} of each file). Restoring one saves it over the file, and keeps the file as it is now among these.</p>\
<p id=\"history-none\" class=\"help\">None yet.</p><ul id=\"history\" class=\"history\"></ul></section>\n\
</main>\n</body></html>\n",
        head = head(&format!("{title} – careerguide")),
        which = which.name(),
        file = escape_html(which.file_name()),
        max = history::MAX_VERSIONS,
    )
}

fn head(title: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\"><link rel=\"icon\" href=\"data:,\">\
<title>{}</title><link rel=\"stylesheet\" href=\"/__careerguide/edit/edit.css\">\
<script src=\"/__careerguide/edit/data.js\" defer></script></head>\n",
        escape_html(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(which: Which, pairs: &[(&str, &str)]) -> BTreeMap<&'static str, String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        normalise(which, &map).unwrap()
    }

    const GLOSSARY: &str = "# Abbreviations used in the guide.\n# See docs/editing.md.\nterms:\n  - term: CPD   # keep\n    expansion: continuing professional development\n    description: >-\n      Folded\n      text.\n  # A comment between entries\n  - term: RDS\n    expansion: Research Design Service\n\n# The end.\n";

    #[test]
    fn the_forms_fields_are_the_models_keys() {
        let term = GlossaryTerm {
            term: String::new(),
            expansion: String::new(),
            description: None,
            note: None,
            added: false,
            id: String::new(),
            file: String::new(),
        };
        let keys = |v: Value| -> Vec<String> {
            let mut k: Vec<String> = v
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| !["id", "external"].contains(&k.as_str()))
                .cloned()
                .collect();
            k.sort();
            k
        };
        let mut mine: Vec<String> = GLOSSARY_FIELDS.iter().map(|f| f.key.to_string()).collect();
        mine.sort();
        assert_eq!(keys(serde_json::to_value(&term).unwrap()), mine);
        let resource = Resource {
            name: String::new(),
            description: String::new(),
            url: None,
            where_to_find: None,
            note: None,
            id: String::new(),
            external: false,
            file: String::new(),
        };
        let mut mine: Vec<String> = RESOURCE_FIELDS.iter().map(|f| f.key.to_string()).collect();
        mine.sort();
        assert_eq!(keys(serde_json::to_value(&resource).unwrap()), mine);
        let unknown = BTreeMap::from([("script".to_string(), "x".to_string())]);
        assert_eq!(
            normalise(Which::Glossary, &unknown),
            Err("script".to_string())
        );
    }

    #[test]
    fn a_new_term_goes_at_the_end_of_the_list_and_the_rest_stays_as_written() {
        let v = values(
            Which::Glossary,
            &[("term", "R&D"), ("expansion", "research and development")],
        );
        let (text, written) =
            compose(Which::Glossary, GLOSSARY, &Target::New { group: None }, &v).unwrap();
        assert_eq!(
            written,
            Written {
                group: None,
                index: 2
            }
        );
        assert_eq!(
            text,
            GLOSSARY.replace(
                "    expansion: Research Design Service\n",
                "    expansion: Research Design Service\n  - term: R&D\n    expansion: research and development\n"
            )
        );
        assert_eq!(
            read_back(Which::Glossary, &text, "g", written)
                .unwrap()
                .unwrap(),
            v
        );
    }

    #[test]
    fn hostile_values_read_back_exactly_as_typed_and_comments_stay() {
        let long = "word ".repeat(4000).trim().to_string();
        let hostile = [
            "line one\nline two\n\nafter a blank line",
            "a: b",
            "a #b # c",
            "#start",
            "'single' and \"double\" quotes",
            "!!str tagged",
            "!!binary aGVsbG8=",
            "&anchor value",
            "*alias",
            "<<: *merge",
            "- a list?",
            "[x, y]",
            "{x: y}",
            "yes",
            "No",
            "null",
            "~",
            "3",
            "0x1F",
            "2026-01-01",
            "1e3",
            "%YAML 1.2",
            "---",
            "...",
            "|",
            ">-",
            "@x `y`",
            "tab\there",
            "back\\slash \\n not a newline",
            "ünïcode ✓ 中文 🙂 Ελληνικά",
            "\u{85} next-line \u{2028} separator \u{feff} bom",
            "control \u{7} bell",
            &long,
        ];
        for h in hostile {
            for which in [Which::Glossary, Which::Resources] {
                let (text, target, pairs): (&str, Target, Vec<(&str, &str)>) = match which {
                    Which::Glossary => (
                        GLOSSARY,
                        Target::New { group: None },
                        vec![
                            ("term", "X1"),
                            ("expansion", h),
                            ("description", h),
                            ("note", h),
                        ],
                    ),
                    Which::Resources => (
                        "# Resources\ngroups:\n  - title: Funding # the first group\n    items:\n      - name: NIHR\n        description: d\n  # between groups\n  - title: Other\n    items:\n      - name: A\n        description: b\n",
                        Target::New {
                            group: Some(h.to_string()),
                        },
                        vec![
                            ("name", h),
                            ("description", h),
                            ("where_to_find", h),
                            ("note", h),
                            ("url", "https://example.org/?a=1#x"),
                        ],
                    ),
                };
                let v = values(which, &pairs);
                let (new, written) =
                    compose(which, text, &target, &v).unwrap_or_else(|e| panic!("{h:?}: {e:?}"));
                let back = read_back(which, &new, "f", written)
                    .unwrap_or_else(|e| panic!("{h:?}: {e:?}\n{new}"))
                    .unwrap();
                assert_eq!(back, v, "{h:?}\n{new}");
                assert!(
                    new.starts_with(
                        text.split("\n  - title: Other")
                            .next()
                            .unwrap()
                            .split("  - term: RDS")
                            .next()
                            .unwrap()
                    ),
                    "{new}"
                );
                for comment in text.lines().filter(|l| l.contains('#')) {
                    assert!(new.contains(comment), "{comment:?} lost\n{new}");
                }
            }
            // Changing an entry to the hostile value and back leaves the file as it was.
            let change = values(
                Which::Glossary,
                &[("term", "RDS"), ("expansion", h), ("description", h)],
            );
            let target = Target::Existing {
                group: None,
                key: "RDS".into(),
            };
            let (changed, written) = compose(Which::Glossary, GLOSSARY, &target, &change).unwrap();
            assert_eq!(
                read_back(Which::Glossary, &changed, "g", written)
                    .unwrap()
                    .unwrap(),
                change,
                "{h:?}"
            );
            let undo = values(
                Which::Glossary,
                &[("term", "RDS"), ("expansion", "Research Design Service")],
            );
            let (undone, _) = compose(Which::Glossary, &changed, &target, &undo).unwrap();
            assert_eq!(undone, GLOSSARY, "{h:?}");
        }
    }

    #[test]
    fn windows_line_endings_are_kept() {
        let crlf = GLOSSARY.replace('\n', "\r\n");
        let v = values(
            Which::Glossary,
            &[("term", "A"), ("expansion", "line one\nline two")],
        );
        let (text, written) =
            compose(Which::Glossary, &crlf, &Target::New { group: None }, &v).unwrap();
        assert_eq!(
            text.matches('\n').count(),
            text.matches("\r\n").count(),
            "{text:?}"
        );
        assert_eq!(
            read_back(Which::Glossary, &text, "g", written)
                .unwrap()
                .unwrap(),
            v
        );
    }

    #[test]
    fn a_changed_entry_has_only_its_changed_lines_replaced() {
        let v = values(
            Which::Glossary,
            &[
                ("term", "CPD"),
                ("expansion", "continuing professional development"),
                ("description", "Folded text."),
                ("note", "Checked today."),
                ("added", "true"),
            ],
        );
        let target = Target::Existing {
            group: None,
            key: "CPD".into(),
        };
        let (text, _) = compose(Which::Glossary, GLOSSARY, &target, &v).unwrap();
        assert_eq!(
            text,
            GLOSSARY.replace(
                "      text.\n",
                "      text.\n    note: Checked today.\n    added: true\n"
            )
        );
        // Emptied: the optional key goes, the first key's comment stays.
        let v = values(
            Which::Glossary,
            &[("term", "CPD"), ("expansion", "CPD in full")],
        );
        let (text, _) = compose(Which::Glossary, GLOSSARY, &target, &v).unwrap();
        assert_eq!(
            text,
            GLOSSARY.replace(
                "    expansion: continuing professional development\n    description: >-\n      Folded\n      text.\n",
                "    expansion: CPD in full\n"
            )
        );
    }

    #[test]
    fn a_resource_goes_at_the_end_of_its_group_or_starts_a_new_one() {
        let text = "groups:\n- title: A\n  items:\n  - name: One\n    description: d\n- title: B\n  intro: i\n  items:\n    - name: Two\n      description: d # note\n\n";
        let v = values(
            Which::Resources,
            &[
                ("name", "Three"),
                ("description", "e"),
                ("url", "https://example.org/"),
            ],
        );
        let (new, w) = compose(
            Which::Resources,
            text,
            &Target::New {
                group: Some("A".into()),
            },
            &v,
        )
        .unwrap();
        assert_eq!(
            w,
            Written {
                group: Some(0),
                index: 1
            }
        );
        assert!(new.contains("  - name: One\n    description: d\n  - name: Three\n    description: e\n    url: https://example.org/\n- title: B"), "{new}");
        let (new, w) = compose(
            Which::Resources,
            text,
            &Target::New {
                group: Some("B".into()),
            },
            &v,
        )
        .unwrap();
        assert_eq!(
            w,
            Written {
                group: Some(1),
                index: 1
            }
        );
        assert!(new.ends_with("      description: d # note\n    - name: Three\n      description: e\n      url: https://example.org/\n\n"), "{new}");
        let (new, w) = compose(
            Which::Resources,
            text,
            &Target::New {
                group: Some("Local: ours".into()),
            },
            &v,
        )
        .unwrap();
        assert_eq!(
            w,
            Written {
                group: Some(2),
                index: 0
            }
        );
        assert_eq!(
            read_back(Which::Resources, &new, "r", w).unwrap().unwrap(),
            v,
            "{new}"
        );
        // An empty (or absent) file, and one with only comments.
        for start in ["", "# Our own resources\n"] {
            let (new, w) = compose(
                Which::Resources,
                start,
                &Target::New {
                    group: Some("Ours".into()),
                },
                &v,
            )
            .unwrap();
            assert!(new.starts_with(start));
            assert_eq!(
                read_back(Which::Resources, &new, "r", w).unwrap().unwrap(),
                v,
                "{new}"
            );
        }
    }

    #[test]
    fn problems_are_placed_at_their_field() {
        let check = |which: Which, text: &str, pairs: &[(&str, &str)], field: &str| {
            let v = values(which, pairs);
            let target = Target::New {
                group: Some("Funding".into()),
            };
            let (new, written) = compose(which, text, &target, &v).unwrap();
            let problems = read_back(which, &new, "f.yaml", written).unwrap_err();
            let at: Vec<Option<&str>> = problems
                .iter()
                .map(|d| problem_field(which, &new, written, &v, d))
                .collect();
            assert_eq!(at, vec![Some(field)], "{problems:?}");
        };
        check(
            Which::Glossary,
            GLOSSARY,
            &[("term", "RDS"), ("expansion", "again")],
            "term",
        );
        check(Which::Glossary, GLOSSARY, &[("term", "ABC")], "expansion");
        check(Which::Glossary, GLOSSARY, &[("expansion", "x")], "term");
        let resources = "groups:\n  - title: Funding\n    items:\n      - name: NIHR\n        description: d\n        url: https://www.nihr.ac.uk/\n";
        check(
            Which::Resources,
            resources,
            &[
                ("name", "X"),
                ("description", "d"),
                ("url", "www.nihr.ac.uk"),
            ],
            "url",
        );
        check(Which::Resources, resources, &[("name", "X")], "description");
    }

    #[test]
    fn a_list_in_brackets_is_started_in_blocks_and_one_entry_in_braces_is_refused() {
        let v = values(Which::Glossary, &[("term", "A"), ("expansion", "B")]);
        let (new, w) = compose(
            Which::Glossary,
            "terms: []  # none yet\n",
            &Target::New { group: None },
            &v,
        )
        .unwrap();
        assert_eq!(new, "terms:\n  - term: A\n    expansion: B  # none yet\n");
        assert_eq!(
            read_back(Which::Glossary, &new, "g", w).unwrap().unwrap(),
            v
        );
        let flow = "terms:\n  - {term: A, expansion: B}\n";
        assert!(matches!(
            compose(
                Which::Glossary,
                flow,
                &Target::Existing {
                    group: None,
                    key: "A".into()
                },
                &v
            ),
            Err(Refused::Shape(_))
        ));
    }

    #[test]
    fn the_page_escapes_and_has_no_inline_code() {
        for which in [Which::Glossary, Which::Resources] {
            let html = page(which);
            assert!(
                !html.contains("<script>") && !html.contains("style="),
                "{html}"
            );
            assert!(html.contains("role=\"alert\"") && html.contains("aria-live=\"polite\""));
        }
    }
}
