//! The project's folders and the local layer (a leaf: it uses nothing else of ours, so
//! `config`, `content` and the rest can all import it).
//!
//! The local layer: a trust's own files, kept in a folder of their own (named by `local:` in
//! config.yaml) that mirrors the project's layout, so that an upgrade can replace the
//! bundled `content/` and `themes/<theme>/` wholesale without touching them.
//!
//! One rule everywhere: a file is looked up in the local layer first, then in the bundled
//! folders. A local file at the same path as a bundled one replaces it; any other local
//! file is added. The data files are the exception, merged entry by entry (`content::data`).

use std::path::{Path, PathBuf};

/// The folder of pages and data files, beside `themes/` (and inside the local layer).
pub const CONTENT_DIR: &str = "content";

/// The folder of themes, beside `content/` (and inside the local layer).
pub const THEMES_DIR: &str = "themes";

/// Where a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Shipped with careerguide: replaced by the next release.
    Bundled,
    /// The trust's own layer: never touched by an upgrade.
    Local,
}

/// A folder files are found in, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub origin: Origin,
    pub dir: PathBuf,
}

/// The content folders, bundled first: later layers win.
/// `local` is the local layer's folder, if the project has one (`Config::local_dir`).
pub fn content_layers(root: &Path, local: Option<&Path>) -> Vec<Layer> {
    let mut layers = vec![Layer {
        origin: Origin::Bundled,
        dir: root.join(CONTENT_DIR),
    }];
    if let Some(local) = local {
        layers.push(Layer {
            origin: Origin::Local,
            dir: local.join(CONTENT_DIR),
        });
    }
    layers
}

/// The configured theme's folders, in lookup order: the local layer's first.
pub fn theme_dirs(root: &Path, local: Option<&Path>, theme: &str) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(local) = local {
        dirs.push(local.join(THEMES_DIR).join(theme));
    }
    dirs.push(root.join(THEMES_DIR).join(theme));
    dirs
}

/// Files found in each layer (bundled first), keyed by their path inside the layer, merged
/// into one list: a later layer's file replaces an earlier one's where it stood, others are
/// added at the end. With one layer the list is returned as it is.
pub fn merge<T>(layers: Vec<Vec<(String, T)>>) -> Vec<(String, T)> {
    let mut layers = layers.into_iter();
    let mut merged = layers.next().unwrap_or_default();
    for layer in layers {
        let mut position: std::collections::HashMap<String, usize> = merged
            .iter()
            .enumerate()
            .map(|(i, (key, _))| (key.clone(), i))
            .collect();
        for (key, value) in layer {
            match position.get(&key) {
                Some(&i) => merged[i].1 = value,
                None => {
                    position.insert(key.clone(), merged.len());
                    merged.push((key, value));
                }
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_layers_replace_in_place_and_add_at_the_end() {
        let bundled = vec![("a".to_string(), 1), ("b".to_string(), 2)];
        let local = vec![("c".to_string(), 30), ("a".to_string(), 10)];
        assert_eq!(
            merge(vec![bundled, local]),
            vec![
                ("a".to_string(), 10),
                ("b".to_string(), 2),
                ("c".to_string(), 30)
            ]
        );
    }
}
