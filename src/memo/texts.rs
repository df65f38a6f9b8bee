//! Files' texts kept from one build to the next, for `serve`: a save changes one file, so
//! reading every page's file again (five system calls each) and hashing its text again is
//! wasted on the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Shared;

/// Texts by path. A kept text is used again only while nothing says its file changed:
/// the caller reports every file it is told changed ([`Texts::changed`], `serve`'s
/// watcher), and the file's size, modification and change times and inode must still be
/// what they were when it was read (one `stat`), so a missed event alone cannot make it
/// stale either. A text is [`Shared`]: it is hashed once, not once per build.
///
/// [`Texts::off`] (the default, for builds nobody watches) reads every file every time.
#[derive(Default)]
pub struct Texts {
    kept: Option<Mutex<HashMap<PathBuf, Kept>>>,
    /// A text read in place of its file's (`serve --edit` previews a page before it is
    /// saved): the file's path and the text.
    draft: Option<(PathBuf, Arc<Shared<String>>)>,
}

/// A text and what its file looked like when it was read.
type Kept = (Stamp, Arc<Shared<String>>);

/// What a file's metadata says about its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            changed: (m.ctime(), m.ctime_nsec()),
            #[cfg(unix)]
            inode: (m.dev(), m.ino()),
        })
    }
}

impl Texts {
    /// Keeps nothing: every [`Texts::read`] reads the file.
    pub fn off() -> Self {
        Texts {
            kept: None,
            draft: None,
        }
    }

    /// Keeps nothing, and reads `text` in place of the file at `path` (the preview of a
    /// page being edited, built as the saved site would be).
    pub fn with_draft(path: &Path, text: String) -> Self {
        Texts {
            kept: None,
            draft: Some((path.to_path_buf(), Arc::new(Shared::new(text)))),
        }
    }

    /// Keeps texts between builds. Whoever owns it must call [`Texts::changed`] with every
    /// file that changed before the next build.
    pub fn watched() -> Self {
        Texts {
            kept: Some(Mutex::new(HashMap::new())),
            draft: None,
        }
    }

    /// The text of the file at `path`: the kept one if its file has not changed since,
    /// else `read(path)`'s (kept, when it succeeds).
    pub fn read<E>(
        &self,
        path: &Path,
        read: impl FnOnce(&Path) -> Result<String, E>,
    ) -> Result<Arc<Shared<String>>, E> {
        if let Some((draft, text)) = &self.draft
            && draft == path
        {
            return Ok(Arc::clone(text));
        }
        let Some(kept) = &self.kept else {
            return read(path).map(|text| Arc::new(Shared::new(text)));
        };
        let lock = || kept.lock().unwrap_or_else(|p| p.into_inner());
        // Stamped before reading: a change during the read leaves a stamp that no longer
        // matches, so the file is read again next time.
        let stamp = Stamp::of(path);
        if let Some(stamp) = &stamp
            && let Some((was, text)) = lock().get(path)
            && was == stamp
        {
            return Ok(Arc::clone(text));
        }
        let text = Arc::new(Shared::new(read(path)?));
        match stamp {
            Some(stamp) => lock().insert(path.to_path_buf(), (stamp, Arc::clone(&text))),
            None => lock().remove(path),
        };
        Ok(text)
    }

    /// Forgets the texts of `paths`, which changed (or may have). Every kept file with the
    /// same name is forgotten, so a path spelt another way (through `..` or a link to the
    /// folder) is forgotten too.
    pub fn changed<'p>(&self, paths: impl IntoIterator<Item = &'p Path>) {
        if let Some(kept) = &self.kept {
            let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
            for path in paths {
                kept.retain(|k, _| k.file_name() != path.file_name());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> Result<String, std::io::Error> {
        std::fs::read_to_string(path)
    }

    #[test]
    fn a_kept_text_is_read_again_once_its_file_is_reported_changed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let texts = Texts::watched();
        assert_eq!(**texts.read(&file, read).unwrap(), "one");
        let reads = std::cell::Cell::new(0);
        let counted = |p: &Path| {
            reads.set(reads.get() + 1);
            read(p)
        };
        assert_eq!(**texts.read(&file, counted).unwrap(), "one");
        assert_eq!(reads.get(), 0, "unchanged: kept");
        // Reported changed (spelt another way), though it looks the same: read again. (A
        // save can leave size and times as they were when it lands within one clock tick.)
        texts.changed([dir.path().join("sub/../a.md").as_path()]);
        assert_eq!(**texts.read(&file, counted).unwrap(), "one");
        assert_eq!(reads.get(), 1);
        assert_eq!(**texts.read(&file, counted).unwrap(), "one");
        assert_eq!(reads.get(), 1, "kept again");
    }

    #[test]
    fn a_kept_text_is_read_again_when_its_file_looks_different_even_unreported() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let texts = Texts::watched();
        assert_eq!(**texts.read(&file, read).unwrap(), "one");
        std::fs::write(&file, "three").unwrap();
        assert_eq!(**texts.read(&file, read).unwrap(), "three");
    }

    #[test]
    fn texts_that_are_off_read_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let texts = Texts::off();
        assert_eq!(**texts.read(&file, read).unwrap(), "one");
        std::fs::write(&file, "two").unwrap();
        assert_eq!(**texts.read(&file, read).unwrap(), "two");
    }
}
