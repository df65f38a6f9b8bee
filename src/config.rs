//! `config.yaml`: site settings, read once and validated.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::yaml;

pub const FILE_NAME: &str = "config.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub base_url: Option<String>,
    pub organisation: Organisation,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub navigation: Vec<String>,
    #[serde(default)]
    pub review: Review,
    #[serde(default = "default_true")]
    pub minify: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub contact_label: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(default = "default_review_months")]
    pub months: u32,
}

impl Default for Review {
    fn default() -> Self {
        Self {
            months: default_review_months(),
        }
    }
}

fn default_language() -> String {
    "en-GB".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_review_months() -> u32 {
    12
}
fn default_true() -> bool {
    true
}

impl Config {
    /// Reads and checks `config.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![
                Diagnostic::error(FILE_NAME, format!("cannot read {FILE_NAME}: {e}")).hint(
                    "run careerguide from the project folder (the one holding config.yaml), or pass --root DIR",
                ),
            ]
        })?;
        let config: Config = yaml::parse(&text, FILE_NAME, 1, &text).map_err(|d| vec![d])?;
        config.validate(&text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map(|i| i + 1)
        };
        let located = |d: Diagnostic, key: &str| match line_of(key) {
            Some(l) => d.at(l).with_source(text),
            None => d,
        };
        if self.title.trim().is_empty() {
            problems.push(located(
                Diagnostic::error(FILE_NAME, "`title` is empty")
                    .hint("give the site a title, e.g. `title: Building a research career`"),
                "title",
            ));
        }
        if let Some(url) = &self.base_url
            && !url.is_empty()
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            problems.push(located(
                Diagnostic::error(FILE_NAME, format!("`base_url` is not a web address: {url}"))
                    .hint("write the full address the site is published at, e.g. `https://intranet.example.nhs.uk/research-career/`, or remove the line"),
                "base_url",
            ));
        }
        if self.review.months == 0 {
            problems.push(located(
                Diagnostic::error(FILE_NAME, "`review.months` must be at least 1").hint(
                    "set how many months may pass between content reviews, e.g. `months: 12`",
                ),
                "months",
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The base URL with exactly one trailing slash, if set.
    pub fn base_url(&self) -> Option<String> {
        self.base_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(|u| format!("{}/", u.trim().trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join(FILE_NAME), text).unwrap();
    }

    #[test]
    fn minimal_config_loads_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "title: T\norganisation:\n  name: Org\n");
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.language, "en-GB");
        assert_eq!(c.theme, "default");
        assert_eq!(c.review.months, 12);
    }

    #[test]
    fn unknown_nested_key_suggests_nearest() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "title: T\norganisation:\n  name: Org\n  contcat: x\n",
        );
        let errs = Config::load(dir.path()).unwrap_err();
        assert_eq!(errs[0].line, Some(4));
        assert!(errs[0].hint.as_deref().unwrap().contains("`contact`"));
    }

    #[test]
    fn bad_base_url_is_located() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "title: T\nbase_url: intranet\norganisation:\n  name: O\n",
        );
        let errs = Config::load(dir.path()).unwrap_err();
        assert_eq!(errs[0].line, Some(2));
    }
}
