//! Writing the built site safely.
//!
//! A build writes into a staging folder beside the output (`.NAME.building-PID`), flushes
//! it to disk, then exchanges it with the old output in one step, so the output path
//! always holds a complete site, old or new. It only ever replaces a folder careerguide
//! built itself (marked with [`MARK`]), an empty folder or a missing one ([`target`]), and
//! removes what killed builds left beside it ([`swap::clean_litter`]).
//!
//! ```no_run
//! # use careerguide::output::{Policy, Staging};
//! # use std::path::Path;
//! # fn main() -> Result<(), careerguide::output::OutputError> {
//! let policy = Policy::for_project(Path::new("."));
//! let staging = Staging::begin(Path::new("public"), &policy)?; // checks, cleans litter
//! staging.write("index.html", b"<!doctype html>...")?;          // from any thread
//! staging.commit()?;                                            // flush, exchange
//! # Ok(()) }
//! ```
//! Dropping a [`Staging`] without committing removes it and leaves the output untouched.

mod interrupt;
mod swap;
mod target;

pub use interrupt::clean_up_on_signals;

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

pub use target::{Found, MARK, MARK_TEXT, Policy, resolve};

/// One file of the built site.
#[derive(Debug, Clone)]
pub enum OutFile {
    Bytes {
        path: String,
        bytes: Vec<u8>,
    },
    Copy {
        path: String,
        from: PathBuf,
    },
    /// More of a file handed on before as [`OutFile::Bytes`], to be added at its end: a page
    /// that lists the whole site is handed on in parts as it is made (`render::parts`), so it
    /// is never held whole. The parts of one file come in order, from one thread.
    Append {
        path: String,
        bytes: Vec<u8>,
    },
}

impl OutFile {
    pub fn path(&self) -> &str {
        match self {
            OutFile::Bytes { path, .. }
            | OutFile::Copy { path, .. }
            | OutFile::Append { path, .. } => path,
        }
    }

    /// The file's contents (reads copied files from disk; an [`OutFile::Append`] gives only
    /// its part).
    pub fn read(&self) -> io::Result<Vec<u8>> {
        match self {
            OutFile::Bytes { bytes, .. } | OutFile::Append { bytes, .. } => Ok(bytes.clone()),
            OutFile::Copy { from, .. } => crate::project_files::read_copied(from),
        }
    }
}

/// Why the site could not be written. The output is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output path is not a folder careerguide may replace.
    #[error("refusing to write the site to {}{}: {why}", path.display(),
        resolved.as_ref().map(|r| format!(" (which is {})", r.display())).unwrap_or_default())]
    Refused {
        path: PathBuf,
        resolved: Option<PathBuf>,
        why: String,
        hint: String,
    },
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

impl OutputError {
    fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        OutputError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The path the problem is about.
    pub fn path(&self) -> &Path {
        match self {
            OutputError::Refused { path, .. } | OutputError::Io { path, .. } => path,
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            OutputError::Refused { hint, .. } => hint.clone(),
            OutputError::Io { source, .. } => {
                let why = match source.kind() {
                    io::ErrorKind::PermissionDenied => "check you may write to that folder",
                    io::ErrorKind::StorageFull => "free some disk space",
                    io::ErrorKind::CrossesDevices | io::ErrorKind::ResourceBusy => {
                        "the output folder seems to be a mount point: build into a folder \
inside it (e.g. --output /mount/site) and point the web server there"
                    }
                    _ => "check the folder is writable and the disk has space",
                };
                format!("{why}; the previous site was left as it was")
            }
        }
    }

    /// As a problem report, with the path in place of a file.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let message = match self {
            OutputError::Refused { .. } => self.to_string(),
            OutputError::Io { action, source, .. } => {
                format!("could not {action} the site's folder: {source}")
            }
        };
        Diagnostic::error(self.path().display().to_string(), message).hint(self.hint())
    }
}

/// A site being written beside its output, put in place by [`Staging::commit`].
/// `write` and `copy` take `&self`: call them from as many threads as you like.
#[derive(Debug)]
pub struct Staging {
    target: target::Target,
    policy: Policy,
    dir: PathBuf,
    _lock: Option<File>,
    /// Litter from killed builds removed by [`Staging::begin`].
    cleaned: Vec<PathBuf>,
    /// Folders [`Staging::begin`] made to hold the output, deepest first.
    created: Vec<PathBuf>,
    done: bool,
}

impl Staging {
    /// Checks `output` may be replaced under `policy` (nothing is touched if not), removes
    /// folders killed builds left beside it, and starts a staging folder holding the mark.
    pub fn begin(output: &Path, policy: &Policy) -> Result<Staging, OutputError> {
        let target = target::judge(output, policy)?;
        // Folders made for the output's parent are removed again if the build fails.
        let created = target
            .parent
            .ancestors()
            .take_while(|a| fs::symlink_metadata(a).is_err())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(&target.parent)
            .map_err(|e| OutputError::io("create", &target.parent, e))?;
        let cleaned = swap::clean_litter(&target.parent, &target.name);
        let dir = target
            .parent
            .join(swap::staging_name(&target.name, std::process::id()));
        if fs::symlink_metadata(&dir).is_ok() {
            // Left by an ended process that had our id (ids are reused), unless a build
            // with the same id in another container sharing this disk is writing it now.
            if !swap::unlocked(&dir) {
                return Err(OutputError::Refused {
                    path: target.shown.clone(),
                    resolved: None,
                    why: format!(
                        "another build is writing beside it right now, in {}",
                        dir.display()
                    ),
                    hint: "run one build at a time into this folder".into(),
                });
            }
            fs::remove_dir_all(&dir).map_err(|e| OutputError::io("remove", &dir, e))?;
        }
        {
            // Registered as it is made, so a signal from now on removes it.
            let mut unfinished = interrupt::lock();
            fs::create_dir(&dir).map_err(|e| OutputError::io("create", &dir, e))?;
            *unfinished = Some(dir.clone());
        }
        let staging = Staging {
            _lock: swap::lock(&dir),
            policy: policy.clone(),
            target,
            dir,
            cleaned,
            created,
            done: false,
        };
        staging.put(MARK, MARK_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Where the site will be, symlinks resolved.
    pub fn output(&self) -> &Path {
        &self.target.path
    }

    /// What the output path held before this build.
    pub fn found(&self) -> Found {
        self.target.found
    }

    /// Folders left by killed builds that [`Staging::begin`] removed.
    pub fn cleaned(&self) -> &[PathBuf] {
        &self.cleaned
    }

    /// Writes one file of the site (`path` relative, with `/`); it is on disk by `commit`.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.check_path(path)?;
        self.put(path, bytes)
    }

    /// Copies `from` into the site at `path`; it is on disk by `commit`.
    pub fn copy(&self, path: &str, from: &Path) -> Result<(), OutputError> {
        self.check_path(path)?;
        let mut source = crate::project_files::open_copied(from)
            .map_err(|e| OutputError::io("read", from, e))?;
        let (mut file, shown) = self.create(path)?;
        io::copy(&mut source, &mut file)
            .and_then(|_| swap::sync_file(&file))
            .map_err(|e| OutputError::io("write", &shown, e))
    }

    /// Writes one [`OutFile`].
    pub fn write_file(&self, file: &OutFile) -> Result<(), OutputError> {
        match file {
            OutFile::Bytes { path, bytes } => self.write(path, bytes),
            OutFile::Copy { path, from } => self.copy(path, from),
            OutFile::Append { path, bytes } => self.append(path, bytes),
        }
    }

    /// Adds `bytes` at the end of a file already written with [`Staging::write`].
    pub fn append(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.check_path(path)?;
        interrupt::wait_if_stopping();
        let shown = self.target.shown.join(path);
        File::options()
            .append(true)
            .open(self.dir.join(path))
            .and_then(|mut file| file.write_all(bytes).and_then(|()| swap::sync_file(&file)))
            .map_err(|e| OutputError::io("write", &shown, e))
    }

    /// Flushes the site to disk and puts it in place of the old output in one step; the
    /// old site is then removed. Returns where the site now is.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        if !self.still_replaceable() {
            return Err(OutputError::Refused {
                path: self.target.shown.clone(),
                resolved: None,
                why: "it was replaced or created by something else during the build".into(),
                hint: "build again once nothing else is writing to it".into(),
            });
        }
        swap::sync_site(&self.dir).map_err(|e| OutputError::io("write", &self.dir, e))?;
        let old = self
            .target
            .parent
            .join(swap::old_name(&self.target.name, std::process::id()));
        // A signal waits for the swap: the output then holds a complete site, old or new.
        let mut unfinished = interrupt::lock();
        let swapped = swap::swap(&self.target.parent, &self.dir, &self.target.path, &old)
            .map_err(|e| OutputError::io("replace", &self.target.shown, e))?;
        self.done = true;
        *unfinished = None;
        drop(unfinished);
        // The old site: at the staging path after an exchange, or moved aside.
        let old = match swapped {
            swap::Swapped::Moved => None,
            swap::Swapped::Exchanged => Some(self.dir.clone()),
            swap::Swapped::MovedAside(at) => Some(at),
        };
        if let Some(old) = old {
            // Failing here leaves litter that the next build removes; the site is in place.
            let _ = fs::remove_dir_all(old);
        }
        Ok(self.target.path.clone())
    }

    /// Whether the output path still holds what `begin` judged, or another site
    /// careerguide built (a build that finished meanwhile): not a folder someone put there.
    fn still_replaceable(&self) -> bool {
        if self.target.unchanged() {
            return true;
        }
        let policy = self.policy.clone().adopting(false);
        matches!(target::judge(&self.target.shown, &policy),
            Ok(now) if now.path == self.target.path
                && matches!(now.found, Found::Absent | Found::Empty | Found::Marked))
    }

    fn check_path(&self, path: &str) -> Result<(), OutputError> {
        let relative = Path::new(path);
        let plain = !path.is_empty()
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            && !path.contains('\\');
        if !plain || path == MARK {
            return Err(OutputError::Refused {
                path: self.target.shown.join(path),
                resolved: None,
                why: "the build asked to write a file outside the site's folder".into(),
                hint: "this is a bug in careerguide: please report it".into(),
            });
        }
        Ok(())
    }

    /// A new file at `path` in the staging folder (never an existing one: two files of the
    /// site at one path is a bug to report, not to paper over).
    fn create(&self, path: &str) -> Result<(File, PathBuf), OutputError> {
        interrupt::wait_if_stopping();
        let full = self.dir.join(path);
        let shown = self.target.shown.join(path);
        if let Some(folder) = full.parent() {
            fs::create_dir_all(folder).map_err(|e| OutputError::io("write", &shown, e))?;
        }
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&full)
            .map_err(|e| OutputError::io("write", &shown, e))?;
        Ok((file, shown))
    }

    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let (mut file, shown) = self.create(path)?;
        file.write_all(bytes)
            .and_then(|()| swap::sync_file(&file))
            .map_err(|e| OutputError::io("write", &shown, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            // Held while removing, so a signal meanwhile finds nothing left to do.
            let mut unfinished = interrupt::lock();
            let _ = fs::remove_dir_all(&self.dir);
            if unfinished.as_ref() == Some(&self.dir) {
                *unfinished = None;
            }
            drop(unfinished);
            // Only while empty: never anything someone put there meanwhile.
            for folder in &self.created {
                if fs::remove_dir(folder).is_err() {
                    break;
                }
            }
        }
    }
}

/// Writes `files` (in parallel) and puts them in place of `output` under `policy`.
pub fn write_site(
    files: &[OutFile],
    output: &Path,
    policy: &Policy,
) -> Result<PathBuf, OutputError> {
    let staging = Staging::begin(output, policy)?;
    files.par_iter().try_for_each(|f| staging.write_file(f))?;
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutFile {
        OutFile::Bytes {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_its_own_output_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let policy = Policy::for_project(dir.path());
        let out = dir.path().join("public");
        write_site(&[page("stale.html", "old")], &out, &policy).unwrap();
        assert_eq!(fs::read_to_string(out.join(MARK)).unwrap(), MARK_TEXT);
        write_site(&[page("a/index.html", "new")], &out, &policy).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        assert_eq!(entries(dir.path()), ["public"]);
        assert_eq!(entries(&out), [MARK, "a"]);
    }

    #[test]
    fn a_dropped_build_removes_its_staging_and_leaves_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let policy = Policy::for_project(dir.path());
        let out = dir.path().join("public");
        write_site(&[page("index.html", "old")], &out, &policy).unwrap();
        let staging = Staging::begin(&out, &policy).unwrap();
        staging.write("index.html", b"half").unwrap();
        assert_eq!(entries(dir.path()).len(), 2);
        drop(staging);
        assert_eq!(entries(dir.path()), ["public"]);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }

    #[test]
    fn paths_outside_the_site_and_duplicates_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let staging =
            Staging::begin(&dir.path().join("public"), &Policy::for_project(dir.path())).unwrap();
        for bad in [
            "",
            "../x",
            "/etc/passwd",
            "a/../../x",
            "./a",
            "a\\..\\x",
            MARK,
        ] {
            assert!(staging.write(bad, b"x").is_err(), "{bad:?} was written");
        }
        staging.write("a.html", b"1").unwrap();
        assert!(
            staging.write("a.html", b"2").is_err(),
            "overwrote a file of the site"
        );
    }

    #[test]
    fn a_folder_swapped_in_during_the_build_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let policy = Policy::for_project(dir.path());
        let out = dir.path().join("public");
        let staging = Staging::begin(&out, &policy).unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("precious.docx"), "mine").unwrap();
        let refused = staging.commit().unwrap_err().to_string();
        assert!(refused.contains("during the build"), "{refused}");
        assert_eq!(
            fs::read_to_string(out.join("precious.docx")).unwrap(),
            "mine"
        );
        assert_eq!(entries(dir.path()), ["public"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_staging_folder_with_our_id_is_reused_only_if_nobody_is_writing_it() {
        let dir = tempfile::tempdir().unwrap();
        let policy = Policy::for_project(dir.path());
        let out = dir.path().join("public");
        let ours = dir.path().join(swap::staging_name(
            out.file_name().unwrap(),
            std::process::id(),
        ));
        fs::create_dir(&ours).unwrap();
        fs::write(
            ours.join("half.html"),
            "left by an ended process with our id",
        )
        .unwrap();
        drop(Staging::begin(&out, &policy).unwrap());
        // Now a build elsewhere (same id, another container) holds it.
        fs::create_dir(&ours).unwrap();
        fs::write(ours.join("busy.html"), "being written").unwrap();
        let held = swap::lock(&ours).unwrap();
        let refused = Staging::begin(&out, &policy).unwrap_err().to_string();
        assert!(refused.contains("another build is writing"), "{refused}");
        assert!(ours.join("busy.html").exists());
        drop(held);
    }

    #[test]
    fn a_site_another_build_finished_meanwhile_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let policy = Policy::for_project(dir.path());
        let out = dir.path().join("public");
        write_site(&[page("index.html", "first")], &out, &policy).unwrap();
        let slow = Staging::begin(&out, &policy).unwrap();
        slow.write("index.html", b"slow").unwrap();
        // What another build's exchange does (a second build here would share our id).
        let fast = dir.path().join("fast");
        fs::create_dir(&fast).unwrap();
        fs::write(fast.join(MARK), MARK_TEXT).unwrap();
        fs::rename(&out, dir.path().join("gone")).unwrap();
        fs::rename(&fast, &out).unwrap();
        fs::remove_dir_all(dir.path().join("gone")).unwrap();
        slow.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "slow");
        assert_eq!(entries(dir.path()), ["public"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_keeps_its_link_and_the_folder_it_points_to_gets_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        let webroot = dir.path().join("www/site");
        fs::create_dir_all(&project).unwrap();
        fs::create_dir_all(&webroot).unwrap();
        std::os::unix::fs::symlink(&webroot, project.join("public")).unwrap();
        let policy = Policy::for_project(&project);
        let link = project.join("public");
        write_site(&[page("index.html", "one")], &link, &policy).unwrap();
        write_site(&[page("index.html", "two")], &link, &policy).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(webroot.join("index.html")).unwrap(),
            "two"
        );
        assert_eq!(entries(&dir.path().join("www")), ["site"]);
    }
}
