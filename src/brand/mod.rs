//! The `brand:` block of config.yaml: a trust's colours, logo and favicon, without editing
//! the theme. Colours are checked against every pair the theme draws them in (WCAG 2.2) and
//! published as CSS custom properties in a generated stylesheet, `assets/css/brand.css` (the
//! pages' Content-Security-Policy forbids inline styles). The logo and favicon are files in
//! the project, normally in the local layer, copied to `assets/brand/`.
//!
//! - [`colour`]: reading colours and the contrast maths;
//! - [`pairs`]: the theme's colour pairs and what each needs.

pub mod colour;
pub mod pairs;

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostics::Diagnostic;
use colour::{Colour, shown_ratio};
use pairs::{Key, PAIRS, Side};

const FILE: &str = crate::config::FILE_NAME;

/// The generated stylesheet, in the output.
pub const STYLESHEET: &str = "assets/css/brand.css";

/// Where the logo and favicon are published, as `<folder><name>.<extension>`.
const PUBLISHED_DIR: &str = "assets/brand/";

/// A logo or favicon larger than this is a mistake (a print-resolution original).
const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

const LOGO_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "gif", "webp", "avif"];
const FAVICON_TYPES: &[&str] = &["svg", "png", "ico"];

/// `brand:` in config.yaml. Every key is optional: the theme's own colours, no logo, and
/// the theme's favicon.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// `Some(None)`: the key is there with no value, which is what `primary: #005eb8`
    /// (a YAML comment) reads as.
    #[serde(default, deserialize_with = "present")]
    primary: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    link: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    header_text: Option<Option<String>>,
    /// The logo file's path from the project folder, e.g. `local/images/logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// The favicon file's path from the project folder, e.g. `local/images/favicon.png`.
    #[serde(default)]
    pub favicon: Option<String>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A logo or a favicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Logo,
    Favicon,
}

impl Image {
    fn key(self) -> &'static str {
        match self {
            Image::Logo => "logo",
            Image::Favicon => "favicon",
        }
    }
    fn types(self) -> &'static [&'static str] {
        match self {
            Image::Logo => LOGO_TYPES,
            Image::Favicon => FAVICON_TYPES,
        }
    }
}

impl Brand {
    fn written(&self, key: Key) -> Option<&Option<String>> {
        match key {
            Key::Primary => self.primary.as_ref(),
            Key::Link => self.link.as_ref(),
            Key::HeaderText => self.header_text.as_ref(),
        }
    }

    /// The colour `key` has on the site: config.yaml's, else the theme's. (A colour that
    /// cannot be read is reported by [`Brand::check`]; here it falls back to the default.)
    pub fn colour(&self, key: Key) -> Colour {
        self.written(key)
            .and_then(|v| v.as_deref())
            .and_then(|v| Colour::parse(v).ok())
            .or_else(|| Colour::parse(key.default_hex()).ok())
            .unwrap_or(Colour { r: 0, g: 0, b: 0 })
    }

    fn path(&self, image: Image) -> Option<&str> {
        match image {
            Image::Logo => self.logo.as_deref(),
            Image::Favicon => self.favicon.as_deref(),
        }
        .map(str::trim)
        .filter(|p| !p.is_empty())
    }

    /// Where `image` is published (`assets/brand/logo.svg`), if config.yaml names one.
    pub fn published_path(&self, image: Image) -> Option<String> {
        let path = self.path(image)?;
        Some(format!(
            "{PUBLISHED_DIR}{}.{}",
            image.key(),
            extension(path).unwrap_or_default()
        ))
    }

    /// The favicon's media type, for `<link rel="icon" type="…">`.
    pub fn favicon_type(&self) -> Option<&'static str> {
        Some(match extension(self.path(Image::Favicon)?)?.as_str() {
            "svg" => "image/svg+xml",
            "png" => "image/png",
            _ => "image/x-icon",
        })
    }

    /// Colours that cannot be read, and every pair of the theme a brand colour puts below
    /// the contrast WCAG 2.2 asks for, each at its line of `text` (config.yaml).
    pub fn check_colours(&self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for key in Key::ALL {
            let example = key.default_hex();
            let name = key.name();
            match self.written(key) {
                Some(None) => problems.push(at_key(
                    Diagnostic::error(FILE, format!("`brand.{name}` has no colour"))
                        .hint(format!(
                            "in YAML a # starts a comment, so put the colour in quotes: `{name}: \"{example}\"` (or remove the line for the theme's colour)"
                        )),
                    text,
                    name,
                )),
                Some(Some(v)) => {
                    if let Err(why) = Colour::parse(v) {
                        problems.push(at_key(
                            Diagnostic::error(FILE, format!("`brand.{name}`: {why}"))
                                .hint(format!(
                                    "write a colour as # and six hexadecimal digits, in quotes: `{name}: \"{example}\"`"
                                )),
                            text,
                            name,
                        ));
                    }
                }
                None => {}
            }
        }
        if !problems.is_empty() {
            return problems;
        }
        for key in Key::ALL {
            if let Some(d) = self.contrast_problem(key, text) {
                problems.push(d);
            }
        }
        problems
    }

    fn side(&self, side: Side) -> (String, Colour) {
        match side {
            Side::Brand(k) => {
                let c = self.colour(k);
                let origin = if matches!(self.written(k), Some(Some(_))) {
                    format!("`brand.{}` {c}", k.name())
                } else {
                    format!("the theme's {} colour {c}", k.name().replace('_', " "))
                };
                (origin, c)
            }
            Side::Fixed(name, hex) => (
                format!("{name} {hex}"),
                Colour::parse(hex).unwrap_or(Colour { r: 0, g: 0, b: 0 }),
            ),
        }
    }

    /// The pairs `key`'s colour (as set in config.yaml) fails, as one problem naming each
    /// pair, its ratio and the nearest shade of `key` that passes them all.
    fn contrast_problem(&self, key: Key, text: &str) -> Option<Diagnostic> {
        let Some(Some(_)) = self.written(key) else {
            return None;
        };
        let involves = |s: Side| matches!(s, Side::Brand(k) if k == key);
        let pairs: Vec<_> = PAIRS
            .iter()
            .filter(|p| involves(p.fore) || involves(p.back))
            .collect();
        let failing: Vec<String> = pairs
            .iter()
            .filter_map(|p| {
                let (fore, f) = self.side(p.fore);
                let (back, b) = self.side(p.back);
                let ratio = f.contrast(b);
                (ratio < p.need.ratio()).then(|| {
                    format!(
                        "{fore} on {back}: {} ({}); WCAG 2.2 needs {}",
                        shown_ratio(ratio),
                        p.what,
                        p.need.what()
                    )
                })
            })
            .collect();
        let first = failing.first()?;
        let mine = self.colour(key);
        // Every pair of this key passes with the shade, the other colours as they are.
        let passes_all = |shade: Colour| {
            pairs.iter().all(|p| {
                let colour_of = |s: Side| {
                    if involves(s) { shade } else { self.side(s).1 }
                };
                colour_of(p.fore).contrast(colour_of(p.back)) >= p.need.ratio()
            })
        };
        let name = key.name();
        let hint = match mine.nearest_shade(passes_all) {
            Some(shade) => format!(
                "the nearest shade of {mine} that passes everywhere the theme uses `brand.{name}` is {shade}: write `{name}: \"{shade}\"`"
            ),
            None => format!(
                "no shade of {mine} passes everywhere the theme uses `brand.{name}`: choose another colour, or change the other brand colours"
            ),
        };
        let mut d = Diagnostic::error(
            FILE,
            format!("`brand.{name}` has too little contrast: {first}"),
        )
        .hint(hint);
        if failing.len() > 1 {
            d = d.detail(format!(
                "it also fails:\n{}",
                failing[1..]
                    .iter()
                    .map(|f| format!("- {f}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
        Some(at_key(d, text, name))
    }

    /// The logo and favicon paths: each inside the project, written relative to it, of a
    /// type browsers show, and naming a file that is there.
    pub fn check_files(&self, root: &Path, text: &str) -> Vec<Diagnostic> {
        [Image::Logo, Image::Favicon]
            .into_iter()
            .filter_map(|image| {
                let path = self.path(image)?;
                let key = image.key();
                let problem = |message: String, hint: String| {
                    Some(at_key(Diagnostic::error(FILE, message).hint(hint), text, key))
                };
                let example = match image {
                    Image::Logo => "local/images/logo.svg",
                    Image::Favicon => "local/images/favicon.png",
                };
                let inside = !path.contains('\\')
                    && Path::new(path)
                        .components()
                        .all(|c| matches!(c, Component::Normal(_)));
                if !inside {
                    return problem(
                        format!("`brand.{key}` must be a file inside the project, written from the project folder: `{path}`"),
                        format!("put the file in your local layer and write its path, e.g. `{key}: {example}` (no `..`, no leading `/`, `/` between folders)"),
                    );
                }
                let types = image.types();
                if !extension(path).is_some_and(|e| types.contains(&e.as_str())) {
                    return problem(
                        format!("`brand.{key}` must be an image a browser shows as a {key}: `{path}`"),
                        format!("use a file ending in .{}", types.join(", .")),
                    );
                }
                let file = root.join(path);
                match std::fs::symlink_metadata(&file) {
                    Ok(m) if m.is_file() && m.len() <= MAX_FILE_BYTES => None,
                    Ok(m) if m.is_file() => problem(
                        format!("`brand.{key}` is {} MB: `{path}`", m.len().div_ceil(1024 * 1024)),
                        format!("the limit is {} MB: save a smaller copy for the web", MAX_FILE_BYTES / (1024 * 1024)),
                    ),
                    Ok(_) => problem(
                        format!("`brand.{key}` is not a plain file: `{path}`"),
                        format!("copy the image itself into the project (not a folder or a link to one elsewhere), e.g. to {example}"),
                    ),
                    Err(_) => problem(
                        format!("`brand.{key}` names no file: there is no `{path}` in the project"),
                        format!("check the spelling, or copy the image there; paths are written from the project folder (the one holding config.yaml), e.g. `{key}: {example}`"),
                    ),
                }
            })
            .collect()
    }

    /// A warning for a logo or favicon kept where an upgrade replaces it.
    pub fn warnings(&self, text: &str) -> Vec<Diagnostic> {
        [Image::Logo, Image::Favicon]
            .into_iter()
            .filter_map(|image| {
                let path = self.path(image)?;
                let first = path.split('/').next().unwrap_or_default();
                let key = image.key();
                [crate::content::CONTENT_DIR, crate::layers::THEMES_DIR]
                    .contains(&first)
                    .then(|| {
                        at_key(
                            Diagnostic::warning(
                                FILE,
                                format!("`brand.{key}` is in {first}/, which the next upgrade replaces: `{path}`"),
                            )
                            .hint(format!(
                                "move the file into your local layer (e.g. local/images/) and change `{key}:` to its new path"
                            )),
                            text,
                            key,
                        )
                    })
            })
            .collect()
    }

    /// The logo and favicon to publish, as (output path, file).
    pub fn published_files(&self, root: &Path) -> Vec<(String, PathBuf)> {
        [Image::Logo, Image::Favicon]
            .into_iter()
            .filter_map(|image| Some((self.published_path(image)?, root.join(self.path(image)?))))
            .collect()
    }

    /// The generated stylesheet: the theme's custom properties, set to the brand colours.
    pub fn stylesheet(&self) -> String {
        let properties: Vec<String> = Key::ALL
            .iter()
            .map(|&k| format!("{}:{}", k.property(), self.colour(k)))
            .collect();
        // No comment in it: every byte counts against the pages' 20 KB stylesheet budget.
        format!(":root{{{}}}\n", properties.join(";"))
    }
}

/// A path's extension, lowercased.
fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Points `d` at `key:` inside the `brand:` block of config.yaml (or at `brand:` itself).
fn at_key(d: Diagnostic, text: &str, key: &str) -> Diagnostic {
    let mut lines = text.lines().enumerate();
    let Some((block, _)) = lines.find(|(_, l)| l.trim_end() == "brand:" || l.starts_with("brand:"))
    else {
        return d;
    };
    let found = text
        .lines()
        .enumerate()
        .skip(block + 1)
        .take_while(|(_, l)| {
            l.is_empty() || l.starts_with([' ', '\t']) || l.trim_start().starts_with('#')
        })
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(block, |(i, _)| i);
    d.at(found + 1).with_source(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(yaml: &str) -> Brand {
        serde_saphyr::from_str(yaml).unwrap()
    }

    #[test]
    fn the_default_theme_passes_every_pair_it_uses() {
        let b = Brand::default();
        for p in PAIRS {
            let (fore, f) = b.side(p.fore);
            let (back, k) = b.side(p.back);
            assert!(
                f.contrast(k) >= p.need.ratio(),
                "{fore} on {back} ({}): {}",
                p.what,
                shown_ratio(f.contrast(k))
            );
        }
    }

    #[test]
    fn site_css_declares_the_same_defaults_as_the_checks() {
        let css = include_str!("../../themes/default/static/css/site.css");
        for key in Key::ALL {
            let declared = format!("{}:{}", key.property(), key.default_hex());
            assert!(css.contains(&declared), "site.css lacks {declared}");
        }
    }

    #[test]
    fn a_pale_link_colour_names_the_key_the_pairs_the_ratio_and_a_shade_that_passes() {
        let text = "title: T\nbrand:\n  primary: \"#005eb8\"\n  link: \"#66a3e0\"\n";
        let b = brand("primary: \"#005eb8\"\nlink: \"#66a3e0\"\n");
        let problems = b.check_colours(text);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        let d = &problems[0];
        assert_eq!(d.line, Some(4));
        assert!(d.message.contains("`brand.link` #66a3e0"), "{}", d.message);
        assert!(
            d.message.contains("page background #f0f4f5"),
            "{}",
            d.message
        );
        assert!(d.message.contains(":1"), "{}", d.message);
        assert!(
            d.detail.as_deref().unwrap().contains("white #ffffff"),
            "{d:?}"
        );
        let hint = d.hint.as_deref().unwrap();
        let shade = hint.split("write `link: \"").nth(1).unwrap();
        let shade = Colour::parse(&shade[..7]).unwrap();
        let fixed = brand(&format!("link: \"{shade}\"\n"));
        assert!(fixed.check_colours(text).is_empty(), "{shade} should pass");
    }

    #[test]
    fn header_text_is_checked_against_the_primary_colour() {
        let b = brand("primary: \"#7fb2e5\"\nheader_text: \"#ffffff\"\n");
        let problems =
            b.check_colours("brand:\n  primary: \"#7fb2e5\"\n  header_text: \"#ffffff\"\n");
        // Both are set, so both are named, each with its own nearest shade.
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems.iter().any(|d| {
            d.message
                .contains("`brand.header_text` #ffffff on `brand.primary` #7fb2e5")
        }));
        assert!(problems.iter().any(|d| d.line == Some(2)));
        assert!(problems.iter().any(|d| d.line == Some(3)));
    }

    #[test]
    fn a_colour_left_unquoted_is_a_comment_and_says_so() {
        let b = brand("primary: #005eb8\n");
        let problems = b.check_colours("brand:\n  primary: #005eb8\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("has no colour"));
        assert!(problems[0].hint.as_deref().unwrap().contains("quotes"));
        assert_eq!(problems[0].line, Some(2));
        let b = brand("link: blue\n");
        let problems = b.check_colours("brand:\n  link: blue\n");
        assert!(problems[0].message.contains("not a colour"), "{problems:?}");
    }

    #[test]
    fn the_stylesheet_sets_every_property_and_defaults_fill_the_gaps() {
        let css = brand("link: \"#A00\"\n").stylesheet();
        assert!(
            css.contains(":root{--cg-primary:#005eb8;--cg-link:#aa0000;--cg-header-text:#ffffff}"),
            "{css}"
        );
    }

    #[test]
    fn logo_and_favicon_must_be_image_files_inside_the_project() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("local/images")).unwrap();
        std::fs::write(dir.path().join("local/images/logo.svg"), "<svg/>").unwrap();
        let ok = brand("logo: local/images/logo.svg\n");
        assert!(ok.check_files(dir.path(), "").is_empty());
        assert_eq!(
            ok.published_path(Image::Logo).as_deref(),
            Some("assets/brand/logo.svg")
        );
        for (yaml, says) in [
            ("logo: local/images/missing.svg\n", "names no file"),
            ("logo: ../logo.svg\n", "inside the project"),
            ("logo: /etc/logo.svg\n", "inside the project"),
            ("logo: local/images/logo.bmp\n", "an image"),
            ("favicon: local/images/logo.gif\n", "an image"),
            ("favicon: local/images\n", "an image"),
        ] {
            let problems = brand(yaml).check_files(dir.path(), &format!("brand:\n  {yaml}"));
            assert_eq!(problems.len(), 1, "{yaml}");
            assert!(
                problems[0].message.contains(says),
                "{yaml}: {:?}",
                problems[0]
            );
            assert_eq!(problems[0].line, Some(2), "{yaml}");
        }
    }

    #[test]
    fn a_logo_an_upgrade_would_replace_is_a_warning() {
        let b = brand("logo: themes/default/static/images/logo.svg\n");
        let w = b.warnings("brand:\n  logo: themes/default/static/images/logo.svg\n");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("upgrade"));
        assert!(brand("logo: local/logo.svg\n").warnings("").is_empty());
    }
}
