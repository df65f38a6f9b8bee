//! Which folder a build may replace. Only one careerguide wrote itself (it holds the mark
//! file), an empty one, or one that does not exist yet; never the project, its source
//! folders, anything holding them, the home folder or `/`. Paths are resolved first
//! (`..`, `.`, symlinks), so `content/../content` or a link to the web root are judged by
//! where they really lead.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::OutputError;

/// The file every built site carries, so the next build knows the folder is its own.
/// Web servers publish it like any file, so it says nothing but what it is.
pub const MARK: &str = ".careerguide-output";

/// The mark file's text: no paths, names, dates or versions.
pub const MARK_TEXT: &str = "This folder is a website built by careerguide.\n\
The next `careerguide build` into it replaces everything in it.\n";

/// What a build may replace.
#[derive(Debug, Clone)]
pub struct Policy {
    project: PathBuf,
    protected: Vec<PathBuf>,
    adopt: bool,
}

impl Policy {
    /// The rules for building the project at `root`: its source folders (content/, themes/,
    /// local/, .git/) and config.yaml are never replaced, nor is anything holding them.
    pub fn for_project(root: &Path) -> Self {
        let protected = ["content", "themes", "local", ".git", "config.yaml"]
            .iter()
            .map(|name| root.join(name))
            .collect();
        Self {
            project: root.to_path_buf(),
            protected,
            adopt: false,
        }
    }

    /// Also never replace `path` (e.g. a local layer kept outside the usual folders).
    pub fn protect(mut self, path: impl Into<PathBuf>) -> Self {
        self.protected.push(path.into());
        self
    }

    /// Accept a non-empty folder without the mark, once (`build --adopt-output`): a site
    /// written by a careerguide from before the mark existed.
    pub fn adopting(mut self, adopt: bool) -> Self {
        self.adopt = adopt;
        self
    }
}

/// What the output path holds before the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Absent,
    Empty,
    /// A folder with the mark: a site careerguide built.
    Marked,
    /// A folder without the mark, accepted by `--adopt-output`.
    Adopted,
}

/// The output folder, resolved and judged safe to replace.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as the user gave it, for messages.
    pub shown: PathBuf,
    /// Where it really is: absolute, with `..` and symlinks resolved.
    pub path: PathBuf,
    pub parent: PathBuf,
    pub name: OsString,
    pub found: Found,
    identity: Option<Identity>,
}

impl Target {
    /// Whether the output path still holds what [`judge`] saw, so a folder swapped in by
    /// someone else during the build is not replaced.
    pub fn unchanged(&self) -> bool {
        identity(&self.path) == self.identity
    }
}

/// Resolves `output` and decides whether the build may replace it. Touches nothing.
pub fn judge(output: &Path, policy: &Policy) -> Result<Target, OutputError> {
    let shown = output.to_path_buf();
    let path = resolve(output).map_err(|e| unresolvable(&shown, e))?;
    let refuse = |why: String, hint: &str| OutputError::Refused {
        path: shown.clone(),
        resolved: (path != shown).then(|| path.clone()),
        why,
        hint: hint.to_string(),
    };
    const NEVER: &str = "choose a folder of its own for the site, e.g. `--output public`; \
careerguide only ever replaces a folder it built itself";

    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(refuse("it is the top of the file system".into(), NEVER));
    };
    if let Some(home) = home_folder() {
        if path == home {
            return Err(refuse("it is your home folder".into(), NEVER));
        }
        if home.starts_with(&path) {
            return Err(refuse(
                format!("it holds your home folder {}", home.display()),
                NEVER,
            ));
        }
    }
    let project = resolve(&policy.project).map_err(|e| unresolvable(&policy.project, e))?;
    if path == project {
        return Err(refuse(
            "it is the project folder (the one holding config.yaml, content/ and themes/)".into(),
            NEVER,
        ));
    }
    if project.starts_with(&path) {
        return Err(refuse(
            format!("it holds the project folder {}", project.display()),
            NEVER,
        ));
    }
    for source in &policy.protected {
        let Ok(source_path) = resolve(source) else {
            continue;
        };
        let label = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| source.display().to_string());
        let label = if source_path.is_dir() {
            format!("{label}/")
        } else {
            label
        };
        if path == source_path {
            return Err(refuse(format!("it is the project's {label}"), NEVER));
        }
        if path.starts_with(&source_path) {
            return Err(refuse(format!("it is inside the project's {label}"), NEVER));
        }
        if source_path.starts_with(&path) {
            return Err(refuse(
                format!("it holds the project's {label} ({})", source_path.display()),
                NEVER,
            ));
        }
    }

    let found = match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Found::Absent,
        Err(e) => return Err(OutputError::io("look at", &shown, e)),
        Ok(meta) if !meta.is_dir() => {
            return Err(refuse(
                "it is a file, not a folder".into(),
                "give --output a folder name; careerguide never replaces a file",
            ));
        }
        Ok(_) => {
            let marked = fs::symlink_metadata(path.join(MARK)).is_ok_and(|m| m.is_file());
            let entries = first_entries(&path).map_err(|e| OutputError::io("read", &shown, e))?;
            if marked {
                Found::Marked
            } else if entries.is_empty() {
                Found::Empty
            } else if policy.adopt {
                Found::Adopted
            } else {
                return Err(refuse(
                    format!(
                        "it is a folder careerguide did not build: it is not empty ({}) and has no {MARK} file",
                        entries.join(", ")
                    ),
                    "careerguide only replaces a folder it built itself, an empty folder or a new one: \
choose another --output. If this folder holds only a site built by a careerguide older than \
the mark file, build once with --adopt-output to replace it; later builds recognise it",
                ));
            }
        }
    };
    Ok(Target {
        identity: identity(&path),
        parent: parent.to_path_buf(),
        name: name.to_os_string(),
        shown,
        path,
        found,
    })
}

/// The first few names in `dir` (sorted, "…" when there are more), to show in a refusal.
fn first_entries(dir: &Path) -> io::Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    let mut more = false;
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if names.len() == 3 {
            more = true;
            break;
        }
        names.push(name);
    }
    names.sort();
    if more {
        names.push("…".into());
    }
    Ok(names)
}

fn unresolvable(shown: &Path, e: io::Error) -> OutputError {
    if e.kind() == io::ErrorKind::NotFound {
        // A link whose target is missing: say where it points.
        let mut dangling = PathBuf::new();
        for part in shown.components() {
            dangling.push(part);
            if let Ok(to) = fs::read_link(&dangling)
                && fs::metadata(&dangling).is_err()
            {
                return OutputError::Refused {
                    path: shown.to_path_buf(),
                    resolved: None,
                    why: format!(
                        "{} is a link to {}, which does not exist",
                        dangling.display(),
                        to.display()
                    ),
                    hint: "create the folder the link points to (empty), or remove the link".into(),
                };
            }
        }
    }
    OutputError::io("find", shown, e)
}

/// `path` made absolute with `.`, `..` and symlinks resolved. Unlike
/// [`fs::canonicalize`] it accepts a path whose last parts do not exist yet.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => out.push(part),
            Component::CurDir => {}
            // `out` has no symlinks left in it, so its parent is really `..`.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if fs::symlink_metadata(&out).is_ok() {
                    out = fs::canonicalize(&out)?;
                }
            }
        }
    }
    Ok(out)
}

fn home_folder() -> Option<PathBuf> {
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })?;
    if home.is_empty() {
        return None;
    }
    fs::canonicalize(home).ok()
}

/// Device and inode (on Unix): what makes a folder the same folder.
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    fs::symlink_metadata(path).ok().map(|_| (0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["content/guide", "themes/default"] {
            fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        fs::write(dir.path().join("config.yaml"), "title: x\n").unwrap();
        fs::write(dir.path().join("content/guide/a.md"), "# A\n").unwrap();
        dir
    }

    fn why(output: &Path, policy: &Policy) -> String {
        match judge(output, policy) {
            Err(OutputError::Refused { why, .. }) => why,
            other => panic!("{} was not refused: {other:?}", output.display()),
        }
    }

    #[test]
    fn resolve_follows_dot_dot_and_links_and_keeps_missing_tails() {
        let dir = project();
        let root = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            resolve(&dir.path().join("content/../content/./guide")).unwrap(),
            root.join("content/guide")
        );
        assert_eq!(
            resolve(&dir.path().join("new/deeper/../site")).unwrap(),
            root.join("new/site")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), root.join("link")).unwrap();
            assert_eq!(
                resolve(&dir.path().join("link/new")).unwrap(),
                root.join("content/new")
            );
        }
    }

    #[test]
    fn the_project_its_folders_and_what_holds_them_are_refused_even_when_adopting() {
        let dir = project();
        let root = dir.path();
        let policy = Policy::for_project(root).adopting(true);
        assert!(why(root, &policy).contains("project folder"));
        assert!(why(&root.join("."), &policy).contains("project folder"));
        assert!(why(&root.join("content/.."), &policy).contains("project folder"));
        assert!(why(&root.join("content"), &policy).contains("content/"));
        assert!(why(&root.join("content/../content"), &policy).contains("content/"));
        assert!(why(&root.join("content/new"), &policy).contains("inside the project's content/"));
        assert!(why(&root.join("themes"), &policy).contains("themes/"));
        assert!(why(&root.join("config.yaml"), &policy).contains("config.yaml"));
        assert!(why(root.parent().unwrap(), &policy).contains("holds the project folder"));
        assert!(why(Path::new("/"), &policy).contains("top of the file system"));
        let local = root.join("elsewhere");
        fs::create_dir(&local).unwrap();
        let policy = policy.protect(&local);
        assert!(why(&local, &policy).contains("elsewhere"));
    }

    #[test]
    fn only_marked_empty_or_absent_folders_are_accepted_and_adopting_is_explicit() {
        let dir = project();
        let root = dir.path();
        let policy = Policy::for_project(root);
        let out = root.join("public");
        assert_eq!(judge(&out, &policy).unwrap().found, Found::Absent);
        fs::create_dir(&out).unwrap();
        assert_eq!(judge(&out, &policy).unwrap().found, Found::Empty);
        fs::write(out.join("index.html"), "old site").unwrap();
        let refused = why(&out, &policy);
        assert!(refused.contains("did not build"), "{refused}");
        assert!(refused.contains("index.html"), "{refused}");
        let adopted = judge(&out, &policy.clone().adopting(true)).unwrap();
        assert_eq!(adopted.found, Found::Adopted);
        fs::write(out.join(MARK), MARK_TEXT).unwrap();
        assert_eq!(judge(&out, &policy).unwrap().found, Found::Marked);
        let file = root.join("notes.txt");
        fs::write(&file, "mine").unwrap();
        assert!(why(&file, &policy.adopting(true)).contains("is a file"));
    }

    #[cfg(unix)]
    #[test]
    fn a_mark_that_is_a_link_does_not_count() {
        let dir = project();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(dir.path().join("elsewhere"), MARK_TEXT).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), out.join(MARK)).unwrap();
        assert!(why(&out, &Policy::for_project(dir.path())).contains("did not build"));
    }
}
