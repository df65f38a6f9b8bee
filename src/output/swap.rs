//! Putting a finished site in place: flushed to disk, then exchanged with the old one in a
//! single step, so the output path always holds a complete site. Also: the folders a
//! killed build left beside the output, recognised by name and removed once their build
//! is gone.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// `.NAME.building-PID`: where build PID writes the site before swapping it in.
pub fn staging_name(name: &OsStr, pid: u32) -> OsString {
    let mut s = OsString::from(".");
    s.push(name);
    s.push(format!(".building-{pid}"));
    s
}

/// `.NAME.old-PID`: where build PID moves the old site where it cannot exchange them.
pub fn old_name(name: &OsStr, pid: u32) -> OsString {
    let mut s = OsString::from(".");
    s.push(name);
    s.push(format!(".old-{pid}"));
    s
}

/// The PID in a name made by [`staging_name`] or [`old_name`] for `name`, if it is one.
fn litter_pid(entry: &OsStr, name: &OsStr) -> Option<u32> {
    let entry = entry.to_str()?;
    let name = name.to_str()?;
    let rest = entry.strip_prefix('.')?.strip_prefix(name)?;
    let pid = rest
        .strip_prefix(".building-")
        .or_else(|| rest.strip_prefix(".old-"))?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || pid.starts_with('0') {
        return None;
    }
    pid.parse().ok()
}

/// Removes the folders that killed builds into `parent/name` left behind: only folders
/// named exactly like ours, only when the build that made them has ended, never our own.
/// Returns what was removed.
pub fn clean_litter(parent: &Path, name: &OsStr) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = litter_pid(&entry.file_name(), name) else {
            continue;
        };
        // A link or file with our name is not ours: leave it.
        if pid == me || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        if process_alive(pid) || !unlocked(&path) {
            continue;
        }
        if fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

/// Whether process `pid` may still be running (then its folders are left alone).
#[cfg(unix)]
pub fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // EPERM means it exists but belongs to someone else: alive.
    rustix::process::test_kill_process(pid) != Err(rustix::io::Errno::SRCH)
}

/// Without a way to ask, every build is assumed to be running: nothing is removed.
#[cfg(not(unix))]
pub fn process_alive(_pid: u32) -> bool {
    true
}

/// Holds a lock on `dir` for as long as the returned file is open (the whole build), so
/// another build can tell the folder is in use even where process ids mislead (another
/// container sharing the disk, a reused id). The kernel drops it when the process dies.
#[cfg(unix)]
pub fn lock(dir: &Path) -> Option<File> {
    let file = File::open(dir).ok()?;
    file.try_lock().ok()?;
    Some(file)
}

#[cfg(not(unix))]
pub fn lock(_dir: &Path) -> Option<File> {
    None
}

/// Whether nobody holds [`lock`] on `dir`.
#[cfg(unix)]
pub fn unlocked(dir: &Path) -> bool {
    match File::open(dir) {
        Ok(file) => file.try_lock().is_ok(),
        Err(_) => false,
    }
}

#[cfg(not(unix))]
pub fn unlocked(_dir: &Path) -> bool {
    true
}

/// Makes a written file durable, where that is done file by file (see [`sync_site`]).
#[cfg(target_os = "linux")]
pub fn sync_file(_file: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(not(target_os = "linux"))]
pub fn sync_file(file: &File) -> io::Result<()> {
    file.sync_all()
}

/// Flushes the whole staged site to disk before it is swapped in. On Linux one `syncfs`
/// of its file system does it (a fsync per file cost +3 s on 1 000 pages, see
/// docs/performance.md); elsewhere the files were flushed as written and the folders are
/// flushed here.
#[cfg(target_os = "linux")]
pub fn sync_site(dir: &Path) -> io::Result<()> {
    rustix::fs::syncfs(File::open(dir)?).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub fn sync_site(dir: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(dir).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            sync_folder(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(unix)]
pub fn sync_folder(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Folders cannot be opened for flushing here; their entries are flushed with the files.
#[cfg(not(unix))]
pub fn sync_folder(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// How the new site went in.
#[derive(Debug, PartialEq, Eq)]
pub enum Swapped {
    /// The output path did not exist: the new site was renamed to it.
    Moved,
    /// One atomic exchange: the old site is now at the staging path.
    Exchanged,
    /// The old site was renamed away to this path, then the new one in (where the system
    /// cannot exchange).
    MovedAside(PathBuf),
}

/// Puts `staging` in place at `target` (both in `parent`). The output path is never
/// missing where the system can exchange two folders (Linux); elsewhere it is missing for
/// the moment between two renames.
pub fn swap(parent: &Path, staging: &Path, target: &Path, old: &Path) -> io::Result<Swapped> {
    let result = if fs::symlink_metadata(target).is_ok() {
        match exchange(staging, target) {
            Err(e) if unsupported(&e) => move_aside(staging, target, old),
            other => other.map(|()| Swapped::Exchanged),
        }
    } else {
        match rename_no_replace(staging, target) {
            Err(e) if unsupported(&e) => fs::rename(staging, target),
            other => other,
        }
        .map(|()| Swapped::Moved)
    }?;
    sync_folder(parent)?;
    Ok(result)
}

fn move_aside(staging: &Path, target: &Path, old: &Path) -> io::Result<Swapped> {
    fs::rename(target, old)?;
    if let Err(e) = fs::rename(staging, target) {
        return match fs::rename(old, target) {
            Ok(()) => Err(e),
            Err(_) => Err(io::Error::new(
                e.kind(),
                format!(
                    "{e}; the previous site could not be put back and is in {}",
                    old.display()
                ),
            )),
        };
    }
    Ok(Swapped::MovedAside(old.to_path_buf()))
}

fn unsupported(e: &io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        matches!(e.raw_os_error(), Some(code) if code == rustix::io::Errno::INVAL.raw_os_error()
            || code == rustix::io::Errno::NOSYS.raw_os_error()
            || code == rustix::io::Errno::OPNOTSUPP.raw_os_error())
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        e.kind() == io::ErrorKind::Unsupported
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rename_no_replace(_from: &Path, _to: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn litter_names_are_recognised_exactly() {
        let public = OsStr::new("public");
        assert_eq!(
            litter_pid(OsStr::new(".public.building-42"), public),
            Some(42)
        );
        assert_eq!(litter_pid(OsStr::new(".public.old-7"), public), Some(7));
        for not_ours in [
            "public",
            ".public",
            ".public.building-",
            ".public.building-42x",
            ".public.building--1",
            ".public.building-042",
            ".public.old-99999999999999999999",
            ".publicx.old-7",
            ".site.old-7",
            "x.public.old-7",
            ".public.building-4 2",
        ] {
            assert_eq!(litter_pid(OsStr::new(not_ours), public), None, "{not_ours}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_folders_of_ended_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        // A finished child process: its id is free (until reused, when it is kept).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let me = std::process::id();
        let parent_pid = std::os::unix::process::parent_id();
        for name in [
            format!(".public.building-{dead}"),
            format!(".public.old-{dead}"),
            format!(".public.building-{me}"),
            format!(".public.building-{parent_pid}"),
            format!(".other.old-{dead}"),
            "public".to_string(),
        ] {
            fs::create_dir_all(p.join(&name).join("guide")).unwrap();
            fs::write(p.join(&name).join("guide/index.html"), "x").unwrap();
        }
        // A file and a link with our names are not ours to remove.
        fs::write(p.join(format!(".public.old-{}", dead + 1)), "a file").unwrap();
        std::os::unix::fs::symlink(p.join("public"), p.join(".public.old-1")).unwrap();

        let removed = clean_litter(p, OsStr::new("public"));
        if process_alive(dead) {
            return; // the id was reused at once: nothing can be asserted about it
        }
        assert_eq!(
            removed,
            vec![
                p.join(format!(".public.building-{dead}")),
                p.join(format!(".public.old-{dead}"))
            ]
        );
        for kept in [
            format!(".public.building-{me}"),
            format!(".public.building-{parent_pid}"),
            format!(".other.old-{dead}"),
            "public".to_string(),
            format!(".public.old-{}", dead + 1),
            ".public.old-1".to_string(),
        ] {
            assert!(
                fs::symlink_metadata(p.join(&kept)).is_ok(),
                "{kept} was removed"
            );
        }
        assert!(p.join("public/guide/index.html").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_locked_folder_is_kept_even_if_its_process_id_looks_free() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let busy = dir.path().join(format!(".public.building-{dead}"));
        fs::create_dir(&busy).unwrap();
        // Another build (in another container, say) is writing it.
        let held = lock(&busy).expect("lock");
        assert!(clean_litter(dir.path(), OsStr::new("public")).is_empty());
        assert!(busy.exists());
        drop(held);
        if !process_alive(dead) {
            // Another test's child, forked before it runs its program, can hold a copy of
            // the lock for a moment: wait for it to let go.
            let mut cleaned = Vec::new();
            for _ in 0..500 {
                cleaned = clean_litter(dir.path(), OsStr::new("public"));
                if !cleaned.is_empty() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            assert_eq!(cleaned, vec![busy]);
        }
    }

    #[test]
    fn swap_exchanges_and_falls_back_to_two_renames() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        let (staging, target, old) = (p.join(".s"), p.join("t"), p.join(".o"));
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("new"), "").unwrap();
        assert_eq!(swap(p, &staging, &target, &old).unwrap(), Swapped::Moved);
        assert!(target.join("new").exists() && !staging.exists());

        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("newer"), "").unwrap();
        let how = swap(p, &staging, &target, &old).unwrap();
        assert!(target.join("newer").exists());
        match &how {
            Swapped::Exchanged => assert!(staging.join("new").exists()),
            Swapped::MovedAside(at) => assert!(at.join("new").exists()),
            Swapped::Moved => panic!("the old site was not kept apart"),
        }
        #[cfg(target_os = "linux")]
        assert_eq!(how, Swapped::Exchanged, "Linux exchanges in one step");

        fs::remove_dir_all(&staging).ok();
        fs::create_dir(&staging).unwrap();
        assert_eq!(
            move_aside(&staging, &target, &old).unwrap(),
            Swapped::MovedAside(old.clone())
        );
        assert!(old.join("newer").exists() && target.exists() && !staging.exists());
    }
}
