//! Earlier versions of pages saved from the browser: each save keeps the version it
//! replaces in `edit-history/<page id>/<milliseconds>.md` in the project folder, which no
//! build reads (a data file's in `edit-history/<its path>/<milliseconds>.yaml`). At most [`MAX_VERSIONS`] versions of a page, and at most
//! [`MAX_BYTES_PER_PAGE`] together, are kept: the oldest go first.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::project_files::{self, Kind};

/// The history folder, in the project folder.
pub const HISTORY_DIR: &str = "edit-history";
/// Versions kept of one page.
pub const MAX_VERSIONS: usize = 20;
/// Bytes kept of one page's versions together.
pub const MAX_BYTES_PER_PAGE: u64 = 32 * 1024 * 1024;

/// One kept version.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Version {
    /// Its file name (`1796512345678.md`): how the editor names it to restore it.
    pub name: String,
    /// When it was replaced, in this computer's time zone.
    pub when: String,
    pub bytes: u64,
}

fn folder(root: &Path, id: &str) -> PathBuf {
    root.join(HISTORY_DIR).join(id)
}

/// The versions' extension and size bound: a data file's (`content/glossary.yaml`) or a
/// page's.
fn kind_of(id: &str) -> (&'static str, Kind) {
    if id.ends_with(".yaml") {
        (".yaml", Kind::Data)
    } else {
        (".md", Kind::Page)
    }
}

/// The kept versions of page `id`, newest first, with their files.
fn listed(root: &Path, id: &str) -> Vec<(u64, PathBuf, u64)> {
    let dir = folder(root, id);
    let mut out: Vec<(u64, PathBuf, u64)> = project_files::walk(root, &dir)
        .files
        .into_iter()
        .filter(|p| p.parent() == Some(dir.as_path()))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?;
            let ms = name.strip_suffix(kind_of(id).0)?;
            if ms.is_empty() || ms.len() > 16 || !ms.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let size = std::fs::symlink_metadata(&p).ok()?.len();
            Some((ms.parse().ok()?, p, size))
        })
        .collect();
    out.sort_by_key(|v| std::cmp::Reverse(v.0));
    out
}

/// The kept versions of page `id`, newest first.
pub fn list(root: &Path, id: &str) -> Vec<Version> {
    listed(root, id)
        .into_iter()
        .map(|(ms, _, bytes)| Version {
            name: format!("{ms}{}", kind_of(id).0),
            when: when(ms),
            bytes,
        })
        .collect()
}

fn when(ms: u64) -> String {
    i64::try_from(ms)
        .ok()
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|| ms.to_string())
}

/// The text of kept version `name` of page `id`, if it is one of those [`list`] names.
pub fn read(root: &Path, id: &str, name: &str) -> Result<Option<String>, Diagnostic> {
    let Some((_, path, _)) = listed(root, id)
        .into_iter()
        .find(|(ms, _, _)| format!("{ms}{}", kind_of(id).0) == name)
    else {
        return Ok(None);
    };
    project_files::read_text(root, &path, kind_of(id).1).map(Some)
}

/// Keeps `previous` (the file as it is now, when there is one) in the history as `id`, then
/// writes `bytes` over `file` atomically: every save and restore of the editor goes this way,
/// so no file is replaced without its earlier version kept.
pub fn keep_then_write(
    root: &Path,
    id: &str,
    previous: Option<&[u8]>,
    file: &Path,
    bytes: &[u8],
) -> Result<(), Diagnostic> {
    if let Some(old) = previous {
        keep(root, id, old)?;
    }
    project_files::write_whole(root, file, bytes)
}

/// Keeps `bytes` (the version a save replaces) as the newest version of page `id`, then
/// forgets the oldest beyond the bounds.
pub fn keep(root: &Path, id: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = folder(root, id);
    let now = jiff::Timestamp::now().as_millisecond().max(0) as u64;
    let newest = listed(root, id).first().map_or(0, |v| v.0);
    // Names only ever grow, even when the clock goes back.
    let mut ms = now.max(newest + 1);
    let file = loop {
        let path = dir.join(format!("{ms}{}", kind_of(id).0));
        match project_files::create_new(root, &path)? {
            Some(file) => break (file, path),
            None => ms += 1,
        }
    };
    let (mut file, path) = file;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        let _ = std::fs::remove_file(&path);
        return Err(Diagnostic::error(
            crate::diagnostics::display_path(root, &path),
            format!("cannot keep the earlier version: {e}"),
        )
        .hint("check the disk has space; nothing was saved"));
    }
    let mut total = 0u64;
    for (i, (_, path, size)) in listed(root, id).into_iter().enumerate() {
        total += size;
        // The newest is always kept, however large.
        if i > 0 && (i >= MAX_VERSIONS || total > MAX_BYTES_PER_PAGE) {
            let _ = std::fs::remove_file(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_kept_newest_first_bounded_and_read_back_by_name_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for i in 0..(MAX_VERSIONS + 3) {
            keep(&root, "guide/01-a.md", format!("v{i}").as_bytes()).unwrap();
        }
        let versions = list(&root, "guide/01-a.md");
        assert_eq!(versions.len(), MAX_VERSIONS);
        let newest = &versions[0].name;
        assert_eq!(
            read(&root, "guide/01-a.md", newest).unwrap().as_deref(),
            Some(format!("v{}", MAX_VERSIONS + 2).as_str())
        );
        for bad in ["../../config.yaml", "x.md", "", "1.md/../1.md"] {
            assert_eq!(read(&root, "guide/01-a.md", bad).unwrap(), None, "{bad}");
        }
        assert!(list(&root, "guide/other.md").is_empty());
    }
}
