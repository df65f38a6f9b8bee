//! Writing the built site: into a temporary folder beside the output, then swapped into place,
//! so a failed or interrupted build never leaves a half-written site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One file of the built site.
#[derive(Debug, Clone)]
pub enum OutFile {
    Bytes { path: String, bytes: Vec<u8> },
    Copy { path: String, from: PathBuf },
}

impl OutFile {
    pub fn path(&self) -> &str {
        match self {
            OutFile::Bytes { path, .. } | OutFile::Copy { path, .. } => path,
        }
    }

    /// The file's contents (reads copied files from disk).
    pub fn read(&self) -> io::Result<Vec<u8>> {
        match self {
            OutFile::Bytes { bytes, .. } => Ok(bytes.clone()),
            OutFile::Copy { from, .. } => fs::read(from),
        }
    }
}

/// Writes `files` to `output`, replacing what was there only once everything is written.
pub fn write_site(files: &[OutFile], output: &Path) -> io::Result<()> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".to_string());
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = write_all(files, &staging).and_then(|()| swap(&staging, output, &parent, &name));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(files: &[OutFile], dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for f in files {
        let target = dir.join(f.path());
        if let Some(p) = target.parent() {
            fs::create_dir_all(p)?;
        }
        match f {
            OutFile::Bytes { bytes, .. } => fs::write(&target, bytes)?,
            OutFile::Copy { from, .. } => {
                fs::copy(from, &target)?;
            }
        }
    }
    Ok(())
}

fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if output.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = fs::remove_dir_all(&old);
        fs::rename(output, &old)?;
        if let Err(e) = fs::rename(staging, output) {
            let _ = fs::rename(&old, output);
            return Err(e);
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    } else {
        fs::rename(staging, output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_old_output_and_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("stale.html"), "old").unwrap();
        let files = vec![OutFile::Bytes {
            path: "a/index.html".into(),
            bytes: b"new".to_vec(),
        }];
        write_site(&files, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
