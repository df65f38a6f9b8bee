//! The one rule for every file careerguide reads or writes in a project: **a regular file
//! inside the project folder, reached without following a symbolic link, and below a size
//! bound for its kind**. Every reader and writer of project files goes through here, so the
//! rule is decided once, where input enters.
//!
//! Why: a link (`content/notes.txt -> ~/secret.txt`, `config.yaml -> /etc/shadow`) would
//! otherwise publish, copy or quote a file from outside the project; a FIFO would hang a
//! read for ever, `/dev/zero` would fill the memory, and a 50 GB sparse file would too.
//!
//! - Each part of the path below the project folder is looked at with `symlink_metadata`
//!   (never following it): a link anywhere below the project folder is refused, and so is
//!   anything that is neither a folder nor a regular file (FIFO, socket, device). The project
//!   folder itself may be reached through links (`/home -> /data/home`).
//! - A file is then opened without following a link (`O_NOFOLLOW`) and without waiting
//!   (`O_NONBLOCK`, so a FIFO swapped in cannot hang the open), checked again on the open
//!   handle (still the same regular file), and read through a bounded reader.
//! - Writes create folders one at a time, refusing a link or a file where a folder should
//!   be, and create files without following a link.
//!
//! A refusal names the path at fault (the link itself, not the file asked for) and never
//! quotes what the link points at. Callers decide its severity: an error where the file
//! would be read, published or written, a warning where a walk skips it ([`walk`]).

use std::fs::{File, Metadata};
use std::io::{self, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};

/// `config.yaml`.
pub const CONFIG_MAX_BYTES: u64 = 1024 * 1024;
/// A data file: `glossary.yaml`, `resources.yaml`, `pathway.yaml`, `overrides.yaml`.
pub const DATA_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// A Markdown page, a theme's template or a page template for `careerguide new`.
pub const PAGE_MAX_BYTES: u64 = 8 * 1024 * 1024;
/// A file copied to the site as it is (image, PDF, CSS, script, font).
pub const STATIC_MAX_BYTES: u64 = 100 * 1024 * 1024;

/// What a file is for; decides its size bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Config,
    Data,
    Page,
    Static,
}

impl Kind {
    /// The largest file of this kind careerguide reads.
    pub const fn max_bytes(self) -> u64 {
        match self {
            Kind::Config => CONFIG_MAX_BYTES,
            Kind::Data => DATA_MAX_BYTES,
            Kind::Page => PAGE_MAX_BYTES,
            Kind::Static => STATIC_MAX_BYTES,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Config => "the settings file",
            Kind::Data => "a data file",
            Kind::Page => "a page or template",
            Kind::Static => "a file copied to the site",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Kind::Config => {
                "config.yaml holds settings only: move long text into pages under content/"
            }
            Kind::Data => {
                "split the entries across the bundled file and the local layer's, or remove entries nobody reads"
            }
            Kind::Page => {
                "split the page into several pages (a section folder with an _index.md), and put large tables or data in a file readers download"
            }
            Kind::Static => {
                "make the file smaller (compress the images, split the PDF), or link to where it is hosted instead of publishing it with the site"
            }
        }
    }
}

/// Why a path breaks the rule.
#[derive(Debug)]
enum Refusal {
    /// `at` (the path itself or a folder on the way) is a symbolic link.
    Link(PathBuf),
    /// `at` is neither a folder nor a regular file.
    Special(PathBuf, &'static str),
    /// A folder stands where a file was asked for.
    Folder(PathBuf),
    /// A file stands where a folder was needed on the way.
    NotAFolder(PathBuf),
    /// The path is not below the project folder at all.
    Outside(PathBuf),
    TooLarge(PathBuf, u64, Kind),
    Io(PathBuf, io::Error),
}

impl Refusal {
    fn not_found(&self) -> bool {
        matches!(self, Refusal::Io(_, e) if e.kind() == io::ErrorKind::NotFound)
    }

    fn into_diagnostic(self, root: &Path) -> Diagnostic {
        let shown = |p: &Path| display_path(root, p);
        match self {
            Refusal::Link(at) => Diagnostic::error(
                shown(&at),
                format!(
                    "{} is a symbolic link: careerguide reads and writes only regular files inside the project, so it was not followed",
                    shown(&at)
                ),
            )
            .hint("replace the link with a copy of what it points to (a real file or folder inside the project), or remove it"),
            Refusal::Special(at, what) => Diagnostic::error(
                shown(&at),
                format!(
                    "{} is {what}, not a regular file: careerguide reads only regular files, so it was not read",
                    shown(&at)
                ),
            )
            .hint("replace it with an ordinary file saved by an editor, or remove it"),
            Refusal::Folder(at) => Diagnostic::error(
                shown(&at),
                format!("{} is a folder, where a file was expected", shown(&at)),
            )
            .hint("name a file, or move the folder out of the way"),
            Refusal::NotAFolder(at) => Diagnostic::error(
                shown(&at),
                format!("{} is a file, where a folder was expected", shown(&at)),
            )
            .hint("rename or move the file: a folder of that name is needed here"),
            Refusal::Outside(at) => Diagnostic::error(
                at.to_string_lossy().to_string(),
                "this path is not inside the project folder",
            )
            .hint("careerguide reads and writes only files inside the project folder"),
            Refusal::TooLarge(at, size, kind) => Diagnostic::error(
                shown(&at),
                format!(
                    "{} is {}, larger than the {} careerguide reads for {} (see docs/editing.md, \"Size limits\")",
                    shown(&at),
                    size_text(size),
                    size_text(kind.max_bytes()),
                    kind.name()
                ),
            )
            .hint(kind.hint()),
            Refusal::Io(at, e) => {
                let hint = match e.kind() {
                    io::ErrorKind::PermissionDenied => {
                        "careerguide is not allowed to read or write this file: check its permissions (or ask whoever manages the folder)"
                    }
                    io::ErrorKind::NotFound => "check that the file exists",
                    _ => "check that the file can be opened, and is a file, not a folder",
                };
                Diagnostic::error(shown(&at), format!("cannot read the file: {e}")).hint(hint)
            }
        }
    }
}

/// `12.3 MB`, `512 bytes`.
fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= 1024 * MB {
        format!("{:.1} GB", bytes as f64 / (1024 * MB) as f64)
    } else if bytes >= MB {
        let mb = bytes as f64 / MB as f64;
        if bytes.is_multiple_of(MB) {
            format!("{} MB", bytes / MB)
        } else {
            format!("{mb:.1} MB")
        }
    } else {
        format!("{bytes} bytes")
    }
}

fn special_name(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "a special file"
}

/// Looks at each part of `path` below `root` without following links: every folder on the
/// way must be a real folder, and the last part's metadata is returned (or NotFound).
fn inspect(root: &Path, path: &Path) -> Result<Metadata, Refusal> {
    let rel = path
        .strip_prefix(root)
        .map_err(|_| Refusal::Outside(path.to_path_buf()))?;
    let mut at = root.to_path_buf();
    let mut last = None;
    let parts: Vec<Component> = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    for (i, part) in parts.iter().enumerate() {
        let Component::Normal(name) = part else {
            return Err(Refusal::Outside(path.to_path_buf()));
        };
        at.push(name);
        let meta = std::fs::symlink_metadata(&at).map_err(|e| Refusal::Io(at.clone(), e))?;
        if meta.file_type().is_symlink() {
            return Err(Refusal::Link(at));
        }
        let is_last = i + 1 == parts.len();
        if !is_last && !meta.is_dir() {
            return Err(if meta.is_file() {
                Refusal::NotAFolder(at)
            } else {
                Refusal::Special(at, special_name(&meta))
            });
        }
        last = Some(meta);
    }
    match last {
        Some(meta) => Ok(meta),
        None => std::fs::metadata(root).map_err(|e| Refusal::Io(root.to_path_buf(), e)),
    }
}

/// `path` as a regular file under the rule, with its size.
fn inspect_file(root: &Path, path: &Path, kind: Kind) -> Result<Metadata, Refusal> {
    let meta = inspect(root, path)?;
    if meta.is_dir() {
        return Err(Refusal::Folder(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(Refusal::Special(path.to_path_buf(), special_name(&meta)));
    }
    if meta.len() > kind.max_bytes() {
        return Err(Refusal::TooLarge(path.to_path_buf(), meta.len(), kind));
    }
    Ok(meta)
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

#[cfg(unix)]
fn is_loop(e: &io::Error) -> bool {
    rustix::io::Errno::from_io_error(e) == Some(rustix::io::Errno::LOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &io::Error) -> bool {
    false
}

/// Opens `path` for reading without following a link at its last part and without
/// blocking on a FIFO.
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    options.open(path)
}

/// Opens the file the rule allows and checks the handle is the file inspected.
fn open_checked(root: &Path, path: &Path, kind: Kind) -> Result<(File, u64), Refusal> {
    let seen = inspect_file(root, path, kind)?;
    let io_err = |e: io::Error| {
        // ELOOP: the last part became a link after it was inspected.
        if is_loop(&e) {
            Refusal::Link(path.to_path_buf())
        } else {
            Refusal::Io(path.to_path_buf(), e)
        }
    };
    let file = open_no_follow(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if !meta.is_file() {
        return Err(Refusal::Special(path.to_path_buf(), special_name(&meta)));
    }
    if !same_file(&seen, &meta) {
        // Swapped between the look and the open: something changed a folder on the way.
        return Err(Refusal::Link(path.to_path_buf()));
    }
    if meta.len() > kind.max_bytes() {
        return Err(Refusal::TooLarge(path.to_path_buf(), meta.len(), kind));
    }
    Ok((file, meta.len()))
}

fn read_checked(root: &Path, path: &Path, kind: Kind) -> Result<Vec<u8>, Refusal> {
    let (file, len) = open_checked(root, path, kind)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // A file that grows while it is read stops at the bound plus one byte.
    file.take(kind.max_bytes() + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::Io(path.to_path_buf(), e))?;
    if bytes.len() as u64 > kind.max_bytes() {
        return Err(Refusal::TooLarge(
            path.to_path_buf(),
            bytes.len() as u64,
            kind,
        ));
    }
    Ok(bytes)
}

/// The bytes of the file at `path` (inside `root`), under the rule.
pub fn read_bytes(root: &Path, path: &Path, kind: Kind) -> Result<Vec<u8>, Diagnostic> {
    read_checked(root, path, kind).map_err(|r| r.into_diagnostic(root))
}

/// Like [`read_bytes`], but `Ok(None)` when nothing is at `path`.
pub fn read_bytes_if_present(
    root: &Path,
    path: &Path,
    kind: Kind,
) -> Result<Option<Vec<u8>>, Diagnostic> {
    match read_checked(root, path, kind) {
        Ok(b) => Ok(Some(b)),
        Err(r) if r.not_found() => Ok(None),
        Err(r) => Err(r.into_diagnostic(root)),
    }
}

/// The text of a file an editor wrote, under the rule. Bytes that are not UTF-8 are
/// reported at their line and column, with how to re-save the file.
pub fn read_text(root: &Path, path: &Path, kind: Kind) -> Result<String, Diagnostic> {
    let bytes = read_bytes(root, path, kind)?;
    text_from(bytes, &display_path(root, path))
}

/// Like [`read_text`], but `Ok(None)` when nothing is at `path`.
pub fn read_text_if_present(
    root: &Path,
    path: &Path,
    kind: Kind,
) -> Result<Option<String>, Diagnostic> {
    match read_bytes_if_present(root, path, kind)? {
        Some(bytes) => text_from(bytes, &display_path(root, path)).map(Some),
        None => Ok(None),
    }
}

fn text_from(bytes: Vec<u8>, shown: &str) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let bad = e.utf8_error().valid_up_to();
        let line = 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
        let line_start = bytes[..bad]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..bad]).chars().count() + 1;
        Diagnostic::error(
            shown,
            "this file is not UTF-8 text (it was probably saved as Windows-1252 or another encoding)",
        )
        .at_column(line, column)
        .with_source(&String::from_utf8_lossy(bytes))
        .hint("save the file as UTF-8 (in Notepad: File > Save as, Encoding: UTF-8), then check the character marked here")
    })
}

/// Checks the file at `path` is one the rule allows (for a file found now and read or
/// copied later), returning its size.
pub fn check_file(root: &Path, path: &Path, kind: Kind) -> Result<u64, Diagnostic> {
    inspect_file(root, path, kind)
        .map(|m| m.len())
        .map_err(|r| r.into_diagnostic(root))
}

/// Whether a regular file is at `path`, reached without a link (a link, a folder or
/// nothing there: false). For "does it exist" questions; reading still goes through
/// [`read_bytes`].
pub fn is_file(root: &Path, path: &Path) -> bool {
    inspect(root, path).is_ok_and(|m| m.is_file())
}

/// Whether a real folder is at `dir`: `Ok(false)` when nothing is there, an error when a
/// link, a file or a special file is, or a link is on the way.
pub fn folder(root: &Path, dir: &Path) -> Result<bool, Diagnostic> {
    match inspect(root, dir) {
        Ok(m) if m.is_dir() => Ok(true),
        Ok(m) if m.is_file() => Err(Refusal::NotAFolder(dir.to_path_buf()).into_diagnostic(root)),
        Ok(m) => Err(Refusal::Special(dir.to_path_buf(), special_name(&m)).into_diagnostic(root)),
        Err(r) if r.not_found() => Ok(false),
        Err(r) => Err(r.into_diagnostic(root)),
    }
}

/// A file of the site copied as it is, which the build found (and [`check_file`] allowed)
/// earlier, opened for copying: its last part is checked again when opened, so a link or
/// FIFO swapped in since is refused, and it is read no further than [`STATIC_MAX_BYTES`].
pub fn open_copied(path: &Path) -> io::Result<io::Take<File>> {
    let refuse = |why: String| io::Error::new(io::ErrorKind::InvalidData, why);
    let file = open_no_follow(path).map_err(|e| {
        if is_loop(&e) {
            refuse("it is now a symbolic link, which careerguide does not follow".into())
        } else {
            e
        }
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refuse(format!("it is now {}", special_name(&meta))));
    }
    if meta.len() > STATIC_MAX_BYTES {
        return Err(refuse(format!(
            "it is now {}, larger than the {} careerguide copies",
            size_text(meta.len()),
            size_text(STATIC_MAX_BYTES)
        )));
    }
    Ok(file.take(STATIC_MAX_BYTES))
}

/// All of a file [`open_copied`] opens.
pub fn read_copied(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_copied(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Creates `dir` and the folders above it (below `root`) one at a time, refusing a link, a
/// file or a special file where a folder should be.
pub fn create_folder(root: &Path, dir: &Path) -> Result<(), Diagnostic> {
    let rel = dir
        .strip_prefix(root)
        .map_err(|_| Refusal::Outside(dir.to_path_buf()).into_diagnostic(root))?;
    let mut at = root.to_path_buf();
    for part in rel.components() {
        let Component::Normal(name) = part else {
            if matches!(part, Component::CurDir) {
                continue;
            }
            return Err(Refusal::Outside(dir.to_path_buf()).into_diagnostic(root));
        };
        at.push(name);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Refusal::Link(at).into_diagnostic(root));
            }
            Ok(m) if m.is_dir() => {}
            Ok(m) if m.is_file() => return Err(Refusal::NotAFolder(at).into_diagnostic(root)),
            Ok(m) => {
                let what = special_name(&m);
                return Err(Refusal::Special(at, what).into_diagnostic(root));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                match std::fs::create_dir(&at) {
                    Ok(()) => {}
                    // Made by someone else meanwhile: looked at again on the next part.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                        if !std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir()) {
                            return Err(Refusal::Link(at).into_diagnostic(root));
                        }
                    }
                    Err(e) => {
                        return Err(Diagnostic::error(
                            display_path(root, &at),
                            format!("cannot create the folder: {e}"),
                        )
                        .hint("check the folder above it is writable"));
                    }
                }
            }
            Err(e) => return Err(Refusal::Io(at, e).into_diagnostic(root)),
        }
    }
    Ok(())
}

/// Creates a new file at `path` (below `root`) and its folders, never following a link and
/// never replacing anything: `Ok(None)` when something is already at `path`.
pub fn create_new(root: &Path, path: &Path) -> Result<Option<File>, Diagnostic> {
    if let Some(parent) = path.parent() {
        create_folder(root, parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    match options.open(path) {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(Diagnostic::error(
            display_path(root, path),
            format!("cannot create the file: {e}"),
        )
        .hint("check the folder is writable and the disk has space")),
    }
}

/// Writes `bytes` to `path` (below `root`) through a temporary file beside it, so a reader
/// sees the old file or the new one, never half of one. What is at `path` must be a regular
/// file (it is replaced, never written through); its folders are made under the rule.
pub fn write_whole(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let shown = display_path(root, path);
    match inspect(root, path) {
        Ok(m) if m.is_file() => {}
        Ok(m) if m.is_dir() => {
            return Err(Refusal::Folder(path.to_path_buf()).into_diagnostic(root));
        }
        Ok(m) => {
            let what = special_name(&m);
            return Err(Refusal::Special(path.to_path_buf(), what).into_diagnostic(root));
        }
        Err(r) if r.not_found() => {}
        Err(r) => return Err(r.into_diagnostic(root)),
    }
    let fail = |e: io::Error| {
        Diagnostic::error(&shown, format!("cannot write the file: {e}"))
            .hint("check the folder is writable and the disk has space, then run the command again")
    };
    let parent = path.parent().unwrap_or(root);
    create_folder(root, parent)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = parent.join(format!(".{name}.careerguide-tmp"));
    // A leftover temporary file (or a link planted there) is removed, not written through.
    let _ = std::fs::remove_file(&temp);
    let mut file = create_new(root, &temp)?.ok_or_else(|| {
        fail(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "a temporary file is in the way",
        ))
    })?;
    if let Err(e) = file.write_all(bytes).and_then(|_| file.sync_all()) {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(e));
    }
    drop(file);
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        fail(e)
    })
}

/// What a walk of a folder found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Regular files, in a stable order (sorted by name, folder by folder).
    pub files: Vec<PathBuf>,
    /// Links and special files met on the way, each refused with its path (as errors: a
    /// caller that skips them turns them into warnings), and folders that could not be read.
    pub refused: Vec<(PathBuf, Diagnostic)>,
}

/// Every regular file under `dir` (below `root`), without following links. Hidden folders
/// (`.git`, `.obsidian`) are not entered. A `dir` that does not exist has no files; a
/// `dir` that is a link is refused whole.
pub fn walk(root: &Path, dir: &Path) -> Walked {
    let mut walked = Walked::default();
    match folder(root, dir) {
        Ok(true) => {}
        Ok(false) => return walked,
        Err(d) => {
            walked.refused.push((dir.to_path_buf(), d));
            return walked;
        }
    }
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.'))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().unwrap_or(dir).to_path_buf();
                let d = Diagnostic::error(display_path(root, &at), format!("cannot read: {e}"));
                walked.refused.push((at, d));
                continue;
            }
        };
        let kind = entry.file_type();
        let path = entry.path();
        if kind.is_dir() {
            continue;
        }
        if kind.is_file() {
            walked.files.push(path.to_path_buf());
            continue;
        }
        let refusal = if kind.is_symlink() {
            Refusal::Link(path.to_path_buf())
        } else {
            let what = entry
                .metadata()
                .map(|m| special_name(&m))
                .unwrap_or("a special file");
            Refusal::Special(path.to_path_buf(), what)
        };
        walked
            .refused
            .push((path.to_path_buf(), refusal.into_diagnostic(root)));
    }
    walked
}

/// A refusal met by a walk that skips it: a warning saying the file is left out.
pub fn skipped(d: Diagnostic) -> Diagnostic {
    let message = d
        .message
        .replace("so it was not followed", "so it is left out")
        .replace("so it was not read", "so it is left out");
    Diagnostic {
        message,
        ..d.as_warning()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn project() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "SECRET LINE\n").unwrap();
        (dir, root, outside)
    }

    #[test]
    fn non_utf8_is_located_and_unreadable_files_are_not_blamed_on_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::create_dir(dir.path().join("x")).unwrap();
        std::fs::write(&file, b"---\ntitle: A\n---\nNa\xefve\n").unwrap();
        let d = read_text(dir.path(), &file, Kind::Page).unwrap_err();
        assert_eq!((d.line, d.column), (Some(4), Some(3)), "{d:?}");
        assert!(d.hint.unwrap().contains("UTF-8"));
        // A folder cannot be read as a file: the hint must not speak of UTF-8.
        let d = read_text(dir.path(), &dir.path().join("x"), Kind::Page).unwrap_err();
        assert!(!d.hint.as_deref().unwrap().contains("UTF-8"), "{d:?}");
    }

    #[test]
    fn a_link_to_a_file_outside_is_refused_naming_the_link_not_its_target() {
        let (_d, root, outside) = project();
        let link = root.join("content/notes.md");
        symlink(outside.join("secret.txt"), &link).unwrap();
        let e = read_text(&root, &link, Kind::Page).unwrap_err();
        assert_eq!(e.file, "content/notes.md");
        assert!(e.message.contains("symbolic link"), "{}", e.message);
        let all = format!("{e:?}");
        assert!(!all.contains("SECRET") && !all.contains("outside"), "{all}");
    }

    #[test]
    fn a_linked_folder_on_the_way_is_refused_for_reading_and_writing() {
        let (_d, root, outside) = project();
        symlink(&outside, root.join("content/guide")).unwrap();
        let e = read_bytes(&root, &root.join("content/guide/secret.txt"), Kind::Page).unwrap_err();
        assert_eq!(e.file, "content/guide");
        let e = create_new(&root, &root.join("content/guide/new.md")).unwrap_err();
        assert_eq!(e.file, "content/guide");
        let e = write_whole(&root, &root.join("content/guide/x/y.md"), b"x").unwrap_err();
        assert_eq!(e.file, "content/guide");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
    }

    #[test]
    fn a_fifo_is_refused_without_hanging() {
        let (_d, root, _) = project();
        let fifo = root.join("config.yaml");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        let e = read_text(&root, &fifo, Kind::Config).unwrap_err();
        assert!(e.message.contains("named pipe"), "{}", e.message);
    }

    #[test]
    fn a_file_over_its_bound_names_its_size_and_the_bound() {
        let (_d, root, _) = project();
        let big = root.join("config.yaml");
        let f = File::create(&big).unwrap();
        f.set_len(CONFIG_MAX_BYTES * 3).unwrap(); // sparse: nothing is written
        let e = read_text(&root, &big, Kind::Config).unwrap_err();
        assert!(e.message.contains("3 MB"), "{}", e.message);
        assert!(e.message.contains("1 MB"), "{}", e.message);
        assert_eq!(
            check_file(&root, &big, Kind::Data).unwrap(),
            CONFIG_MAX_BYTES * 3
        );
    }

    #[test]
    fn a_walk_lists_regular_files_and_refuses_links_and_fifos() {
        let (_d, root, outside) = project();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        symlink(outside.join("secret.txt"), root.join("content/b.txt")).unwrap();
        symlink(&outside, root.join("content/c")).unwrap();
        let w = walk(&root, &root.join("content"));
        assert_eq!(w.files, vec![root.join("content/a.md")]);
        let refused: Vec<&str> = w.refused.iter().map(|(_, d)| d.file.as_str()).collect();
        assert_eq!(refused, ["content/b.txt", "content/c"]);
        symlink(&outside, root.join("linked")).unwrap();
        let w = walk(&root, &root.join("linked"));
        assert!(w.files.is_empty());
        assert_eq!(w.refused.len(), 1);
    }

    #[test]
    fn writes_replace_a_file_whole_and_never_write_through_a_link() {
        let (_d, root, outside) = project();
        let target = root.join("local/overrides.yaml");
        write_whole(&root, &target, b"one").unwrap();
        write_whole(&root, &target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        std::fs::remove_file(&target).unwrap();
        symlink(outside.join("secret.txt"), &target).unwrap();
        assert!(write_whole(&root, &target, b"three").is_err());
        assert_eq!(
            std::fs::read_to_string(outside.join("secret.txt")).unwrap(),
            "SECRET LINE\n"
        );
    }
}
