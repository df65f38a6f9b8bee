//! `config.yaml`: site settings, read once and validated.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::brand::Brand;
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
    /// Who publishes this copy; optional (the bundled guide names no publisher).
    #[serde(default, deserialize_with = "null_is_default")]
    pub organisation: Organisation,
    /// The trust's colours, logo and favicon (checked for contrast and existence).
    #[serde(default, deserialize_with = "null_is_default")]
    pub brand: Brand,
    /// The accessibility statement's contact routes, dates and enforcement body.
    #[serde(default, deserialize_with = "null_is_default")]
    pub accessibility: Accessibility,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub navigation: Vec<String>,
    #[serde(default)]
    pub review: Review,
    #[serde(default = "default_true")]
    pub minify: bool,
    /// Folder of the trust's local layer, relative to the project folder (e.g. `local`):
    /// its `content/` and `themes/` add to and replace the bundled ones. `None`: no layer.
    #[serde(default)]
    pub local: Option<String>,
    /// Pages not to publish, as paths under `content/` (`guide/05-x.md`), bundled or local.
    #[serde(default)]
    pub hide: Vec<String>,
    /// The text of config.yaml, to point later messages (an unknown theme, a navigation
    /// entry that is not a page) at their line.
    #[serde(skip)]
    text: String,
    /// Where `serve` shows the site, if it is previewing: the 404 page's links start there
    /// (`pipeline::Options::preview_url`). Never read from config.yaml.
    #[serde(skip)]
    pub preview_url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(default)]
    pub name: Option<String>,
    /// Moved to `brand.logo` (a file in the project, not an address in the output): kept
    /// only to say so.
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub contact_label: Option<String>,
}

/// What the accessibility statement needs from the organisation that publishes the site
/// (the public sector accessibility regulations): how readers contact it, when it prepared,
/// reviewed and tested the statement, and which body enforces the regulations for it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// An email address for accessibility problems and requests for other formats.
    #[serde(default)]
    pub email: Option<String>,
    /// A telephone number, as readers should dial it.
    #[serde(default)]
    pub phone: Option<String>,
    /// The address of a contact form (http:// or https://).
    #[serde(default)]
    pub contact_url: Option<String>,
    /// When the organisation prepared the statement.
    #[serde(default)]
    pub prepared: Option<jiff::civil::Date>,
    /// When it last reviewed the statement.
    #[serde(default)]
    pub reviewed: Option<jiff::civil::Date>,
    /// When it last tested its copy of the website.
    #[serde(default)]
    pub tested: Option<jiff::civil::Date>,
    /// True for a publisher in Northern Ireland: complaints go to the Equality Commission for
    /// Northern Ireland rather than the Equality Advisory and Support Service.
    #[serde(default)]
    pub northern_ireland: bool,
}

impl Accessibility {
    /// Each value that cannot work as written, with the key (inside `accessibility:`) that
    /// sets it.
    fn problems(&self) -> Vec<(&'static str, Diagnostic)> {
        fn set(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        let mut problems = Vec::new();
        let mut problem = |key: &'static str, message: String, hint: &str| {
            problems.push((key, Diagnostic::error(FILE_NAME, message).hint(hint)));
        };
        if let Some(email) = set(&self.email) {
            let looks_right = email.split('@').count() == 2
                && !email.starts_with('@')
                && !email.ends_with('@')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                && !email.contains(':');
            if !looks_right {
                problem(
                    "email",
                    format!("`accessibility.email` is not an email address: {email:?}"),
                    "write the address alone, e.g. `email: accessibility@example.nhs.uk` (no `mailto:`, no spaces)",
                );
            }
        }
        if let Some(phone) = set(&self.phone) {
            let allowed = |c: char| c.is_ascii_digit() || " +()-".contains(c);
            if !phone.chars().all(allowed) || phone.chars().filter(char::is_ascii_digit).count() < 3
            {
                problem(
                    "phone",
                    format!("`accessibility.phone` is not a telephone number: {phone:?}"),
                    "write the number as readers should dial it, e.g. `phone: \"0113 496 0000\"` (digits, spaces, `+`, `(`, `)` and `-` only)",
                );
            }
        }
        if let Some(url) = set(&self.contact_url)
            && let Err(why) = check_web_address(url)
        {
            problem(
                "contact_url",
                format!("`accessibility.contact_url` is not a web address: {why}"),
                "write the full address of your contact form, e.g. `contact_url: https://www.example.nhs.uk/contact-us/`",
            );
        }
        if let (Some(prepared), Some(reviewed)) = (self.prepared, self.reviewed)
            && reviewed < prepared
        {
            problem(
                "reviewed",
                format!(
                    "`accessibility.reviewed` ({reviewed}) is before `accessibility.prepared` ({prepared})"
                ),
                "a statement is reviewed after it is prepared: check both dates (YYYY-MM-DD)",
            );
        }
        problems
    }
}

/// A web address readers follow: `http(s)` with a host, nothing invisible in it.
fn check_web_address(url: &str) -> Result<(), String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "{url:?} contains a space or an invisible character"
        ));
    }
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!("{url:?} must start with https:// or http://"));
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|_| format!("{url:?} is not a valid web address"))?;
    if uri.authority().is_none_or(|a| a.host().is_empty()) {
        return Err(format!("{url:?} has no host name"));
    }
    Ok(())
}

/// The config keys that give the accessibility statement a contact route, in the order a
/// message names them.
pub const CONTACT_KEYS: [&str; 4] = [
    "accessibility.email",
    "accessibility.phone",
    "accessibility.contact_url",
    "organisation.contact",
];

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

/// Ten years: a longer review period is a typo, and jiff cannot add a span beyond ~20 000
/// years at all (300 000 months panicked).
pub const MAX_REVIEW_MONTHS: u32 = 120;

/// The one check of a site address, for `base_url` in config.yaml and `--base-url` alike:
/// `http(s)` only, a host name, no whitespace or control characters (a newline would inject
/// lines into robots.txt), no credentials, query or fragment. Says why it is refused.
pub fn check_base_url(url: &str) -> Result<(), String> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let what = match c {
            '\n' | '\r' => "a line break".to_string(),
            ' ' => "a space".to_string(),
            '\t' => "a tab".to_string(),
            c => format!("the invisible character U+{:04X}", u32::from(c)),
        };
        return Err(format!("{url:?} contains {what}"));
    }
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!("{url:?} must start with https:// or http://"));
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|_| format!("{url:?} is not a valid web address"))?;
    let Some(authority) = uri.authority().filter(|a| !a.host().is_empty()) else {
        return Err(format!("{url:?} has no host name"));
    };
    if authority.as_str().contains('@') {
        return Err(format!("{url:?} contains a user name or password"));
    }
    if uri.query().is_some() || url.contains('#') {
        return Err(format!(
            "{url:?} has a `?` or `#` part, which a site address cannot have"
        ));
    }
    Ok(())
}

/// [`check_base_url`] as a command-line value parser.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    check_base_url(url).map(|()| url.to_string())
}

/// A single folder name: not empty, no path separators, not `.` or `..`.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
}

/// A block with every line under it still commented out (`brand:` uncommented, its keys
/// not yet) reads as no value: the same as leaving the block out, not a syntax error.
fn null_is_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// The file name at the end of an old `organisation.logo` address, for the hint that moves it.
fn logo_file_name(address: &str) -> &str {
    address
        .rsplit(['/', '\\'])
        .next()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("logo.svg")
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
        if std::fs::symlink_metadata(&path).is_err() {
            return Err(vec![
                Diagnostic::error(FILE_NAME, format!("there is no {FILE_NAME} here")).hint(
                    "run careerguide from the project folder (the one holding config.yaml), or pass --root DIR",
                ),
            ]);
        }
        let text = crate::project_files::read_text(root, &path, crate::project_files::Kind::Config)
            .map_err(|d| vec![d])?;
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Err(vec![
                Diagnostic::error(FILE_NAME, format!("{FILE_NAME} has no settings in it"))
                    .at(1)
                    .hint("it needs at least the site's name, e.g. `title: Building a research career`; every other setting has a default, explained by the comments in the bundled config.yaml"),
            ]);
        }
        let mut config: Config = yaml::parse(&text, FILE_NAME, 1, &text).map_err(|d| vec![d])?;
        config.validate(&text)?;
        config.validate_local(root, &text)?;
        let missing = config.brand.check_files(root, &text);
        if !missing.is_empty() {
            return Err(missing);
        }
        config.text = text;
        Ok(config)
    }

    /// Points `d` at the first line of config.yaml that sets `key` (`theme`) or, for a
    /// list entry, reads `- value`; unchanged if there is none.
    pub fn locate(&self, d: Diagnostic, key_or_entry: &str) -> Diagnostic {
        let found = self.text.lines().position(|l| {
            let l = l.trim();
            l.strip_prefix(key_or_entry)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
                || l.strip_prefix('-')
                    .map(|v| v.trim().trim_matches(['"', '\'']))
                    == Some(key_or_entry)
        });
        match found {
            Some(i) => d.at(i + 1).with_source(&self.text),
            None => d,
        }
    }

    /// The text of config.yaml as read (empty for a configuration not read from a file).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The local layer's folder, if one is configured (checked to exist by [`Config::load`]).
    pub fn local_dir(&self, root: &Path) -> Option<PathBuf> {
        self.local
            .as_deref()
            .map(|l| root.join(l.trim().trim_end_matches('/')))
    }

    /// `local:` must name a folder inside the project that is not one of its own folders.
    fn validate_local(&self, root: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
        let Some(local) = self.local.as_deref() else {
            return Ok(());
        };
        let problem = |message: String, hint: &str| {
            let line = text
                .lines()
                .position(|l| l.starts_with("local:"))
                .map(|i| i + 1);
            let d = Diagnostic::error(FILE_NAME, message).hint(hint);
            vec![match line {
                Some(l) => d.at(l).with_source(text),
                None => d,
            }]
        };
        let trimmed = local.trim().trim_end_matches(['/', '\\']);
        let relative_inside = !trimmed.is_empty()
            && Path::new(trimmed)
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !relative_inside || trimmed.contains('\\') {
            return Err(problem(
                format!(
                    "`local` must be a folder inside the project, written relative to it: `{local}`"
                ),
                "write the folder's name, e.g. `local: local` (no `..`, no leading `/`), or remove the line",
            ));
        }
        let first = trimmed.split('/').next().unwrap_or_default();
        if [
            crate::layers::CONTENT_DIR,
            crate::layers::THEMES_DIR,
            "src",
            "target",
        ]
        .contains(&first)
        {
            return Err(problem(
                format!("`local: {local}` is inside one of the project's own folders"),
                "keep the local layer in its own folder beside content/ and themes/, e.g. `local: local`, so an upgrade can replace content/ and themes/default/ without touching it",
            ));
        }
        let dir = root.join(trimmed);
        if !dir.is_dir() {
            return Err(problem(
                format!("the local layer folder `{trimmed}` does not exist"),
                &format!(
                    "create the folder {trimmed}/ (with content/ and themes/ inside as needed), or remove the `local:` line"
                ),
            ));
        }
        Ok(())
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
        if let Some(control) = self.title.chars().find(|c| is_direction_control(*c)) {
            problems.push(located(
                Diagnostic::error(
                    FILE_NAME,
                    format!(
                        "`title` holds an invisible direction control (U+{:04X}), which reverses the text around it in browser tabs and search results",
                        control as u32
                    ),
                )
                .hint("type the title again by hand (such characters come with text pasted from elsewhere)"),
                "title",
            ));
        }
        if let Err(why) = check_language(&self.language) {
            problems.push(located(
                Diagnostic::error(
                    FILE_NAME,
                    format!("`language` is not a language tag (BCP 47): `{}`: {why}", self.language),
                )
                .hint("write the language the guide is written in as a tag, e.g. `en-GB` (British English), `en`, or `cy` (Welsh); screen readers use it to pronounce the pages"),
                "language",
            ));
        }
        if let Some(url) = &self.base_url
            && !url.is_empty()
            && let Err(why) = check_base_url(url)
        {
            problems.push(located(
                Diagnostic::error(FILE_NAME, format!("`base_url` is not a web address: {why}"))
                    .hint("write the full address the site is published at, e.g. `https://intranet.example.nhs.uk/research-career/`, or remove the line"),
                "base_url",
            ));
        }
        if !(1..=MAX_REVIEW_MONTHS).contains(&self.review.months) {
            problems.push(located(
                Diagnostic::error(
                    FILE_NAME,
                    format!(
                        "`review.months` must be between 1 and {MAX_REVIEW_MONTHS}, not {}",
                        self.review.months
                    ),
                )
                .hint("set how many months may pass between content reviews, e.g. `months: 12`"),
                "months",
            ));
        }
        if !is_folder_name(&self.theme) {
            problems.push(located(
                Diagnostic::error(
                    FILE_NAME,
                    format!(
                        "`theme` must be the name of a folder in themes/, not {:?}",
                        self.theme
                    ),
                )
                .hint("write just the folder's name, e.g. `theme: default` (no `/`, `\\` or `..`)"),
                "theme",
            ));
        }
        if let Some(logo) = &self.organisation.logo {
            problems.push(located(
                Diagnostic::error(
                    FILE_NAME,
                    "`organisation.logo` has moved to `brand.logo`, which takes the logo file's path in the project",
                )
                .hint(format!(
                    "remove this line, copy the logo into your local layer (where upgrades leave it), e.g. local/images/{name}, and write it under `brand:` as `logo: local/images/{name}`",
                    name = logo_file_name(logo)
                )),
                "logo",
            ));
        }
        problems.extend(self.brand.check_colours(text));
        problems.extend(
            self.accessibility
                .problems()
                .into_iter()
                .map(|(key, d)| located(d, key)),
        );
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The publisher's name, if one is set and not blank.
    pub fn publisher(&self) -> Option<&str> {
        self.organisation
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
    }

    /// Warnings about settings that build but need attention (the accessibility
    /// statement's contact route is [`Config::contact_route_problem`], judged by the build).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.brand.warnings(&self.text)
    }

    /// True when readers have a way to contact the publisher from the accessibility
    /// statement: any of [`CONTACT_KEYS`] set and not blank.
    pub fn has_contact_route(&self) -> bool {
        let a = &self.accessibility;
        [
            &a.email,
            &a.phone,
            &a.contact_url,
            &self.organisation.contact,
        ]
        .into_iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
    }

    /// The accessibility statement's missing contact route: an error for a site being
    /// published (`base_url` set, `publishing`), a warning for the preview and for a build
    /// that is not published yet. `None` when there is a route.
    pub fn contact_route_problem(&self, publishing: bool) -> Option<Diagnostic> {
        if self.has_contact_route() {
            return None;
        }
        let hint = "the public sector accessibility regulations require a way for readers to report accessibility problems: set `accessibility.email` (or `accessibility.phone`, `accessibility.contact_url`) in config.yaml, e.g. `email: accessibility@example.nhs.uk` under `accessibility:`";
        let d = if publishing && self.base_url().is_some() {
            Diagnostic::error(
                FILE_NAME,
                "`base_url` is set (the site is being published) but `accessibility.email` is not: the accessibility statement has no contact route for readers",
            )
        } else {
            Diagnostic::warning(
                FILE_NAME,
                "`accessibility.email` is not set: the accessibility statement has no contact route for readers, which a published site must have",
            )
        };
        Some(self.locate(d.hint(hint), "accessibility"))
    }

    /// The base URL with exactly one trailing slash, if set.
    pub fn base_url(&self) -> Option<String> {
        self.base_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(|u| format!("{}/", u.trim().trim_end_matches('/')))
    }
}

/// Whether `language` is a well-formed BCP 47 tag whose parts are in the IANA registry
/// (`en-GB`, `cy`; not `english`, `en_GB` or `xx`).
fn check_language(language: &str) -> Result<(), String> {
    let tag = language_tags::LanguageTag::parse(language.trim()).map_err(|e| e.to_string())?;
    tag.validate().map_err(|e| e.to_string())?;
    if language.trim() != language {
        return Err("it has spaces around it".into());
    }
    Ok(())
}

/// The invisible controls that change the direction of text (U+202A–U+202E, U+2066–U+2069
/// and the marks): in a title they reverse what a browser tab or a search result shows.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) {
        std::fs::write(dir.join(FILE_NAME), text).unwrap();
    }

    #[test]
    fn an_empty_or_comment_only_config_says_what_it_needs() {
        let dir = tempfile::tempdir().unwrap();
        for text in ["", "\n\n", "# only a comment\n  # another\n"] {
            write(dir.path(), text);
            let problems = Config::load(dir.path()).unwrap_err();
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0].message.contains("has no settings"),
                "{:?}",
                problems[0].message
            );
            assert_eq!(problems[0].line, Some(1));
        }
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
    fn organisation_is_optional_and_blank_names_show_no_publisher() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "title: T\n");
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.publisher(), None);
        write(dir.path(), "title: T\norganisation:\n  name: \"  \"\n");
        assert_eq!(Config::load(dir.path()).unwrap().publisher(), None);
        write(
            dir.path(),
            "title: T\norganisation:\n  name: Example NHS Trust\n",
        );
        assert_eq!(
            Config::load(dir.path()).unwrap().publisher(),
            Some("Example NHS Trust")
        );
    }

    #[test]
    fn a_block_uncommented_before_its_keys_is_no_mistake() {
        // config.yaml shows `# brand:` and `  # primary: …`: uncommenting the first line only.
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "title: T\nbrand:\n  # primary: \"#005eb8\"\norganisation:\n  # name: Example NHS Trust\naccessibility:\n  # email: accessibility@example.nhs.uk\n",
        );
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.publisher(), None);
        assert_eq!(
            c.brand.stylesheet(),
            crate::brand::Brand::default().stylesheet()
        );
    }

    #[test]
    fn publishing_without_a_contact_route_is_an_error_and_otherwise_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let load = |text: &str| {
            write(dir.path(), text);
            Config::load(dir.path()).unwrap()
        };
        // Not published yet: a warning naming the key.
        let w = load("title: T\n").contact_route_problem(true).unwrap();
        assert!(!w.is_error());
        assert!(w.message.contains("accessibility.email"), "{w:?}");
        // Published: an error naming the key, pointing at `base_url`'s line when there is
        // no `accessibility:` block; the preview (not publishing) only warns.
        let c = load("title: T\nbase_url: https://x.example/\n");
        let e = c.contact_route_problem(true).unwrap();
        assert!(e.is_error(), "{e:?}");
        assert!(e.message.contains("accessibility.email"), "{e:?}");
        assert!(!c.contact_route_problem(false).unwrap().is_error());
        // Any one route is enough, the older `organisation.contact` included.
        for route in [
            "accessibility:\n  email: a11y@example.nhs.uk\n",
            "accessibility:\n  phone: \"0113 496 0000\"\n",
            "accessibility:\n  contact_url: https://www.example.nhs.uk/contact/?topic=access\n",
            "organisation:\n  contact: rd@example.nhs.uk\n",
        ] {
            let c = load(&format!("title: T\nbase_url: https://x.example/\n{route}"));
            assert!(c.contact_route_problem(true).is_none(), "{route}");
        }
        // A blank value is no route.
        let c = load("title: T\nbase_url: https://x.example/\naccessibility:\n  email: \" \"\n");
        assert!(c.contact_route_problem(true).unwrap().is_error());
    }

    #[test]
    fn accessibility_values_that_cannot_work_are_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        for (block, line, what) in [
            ("  email: mailto:a@b.nhs.uk\n", 3, "not an email address"),
            ("  email: a11y at example\n", 3, "not an email address"),
            ("  phone: call us\n", 3, "not a telephone number"),
            ("  contact_url: www.example.nhs.uk\n", 3, "https://"),
            (
                "  prepared: 2026-12-06\n  reviewed: 2026-01-01\n",
                4,
                "before",
            ),
            ("  emial: a@b.nhs.uk\n", 3, "emial"),
        ] {
            write(dir.path(), &format!("title: T\naccessibility:\n{block}"));
            let errs = Config::load(dir.path()).unwrap_err();
            assert_eq!(errs[0].line, Some(line), "{block}: {errs:?}");
            assert!(errs[0].message.contains(what), "{block}: {errs:?}");
        }
        write(
            dir.path(),
            "title: T\naccessibility:\n  email: a11y@example.nhs.uk\n  phone: +44 (0)113 496-0000\n  prepared: 2026-12-06\n  reviewed: 2026-12-06\n  tested: 2026-12-01\n  northern_ireland: true\n",
        );
        let c = Config::load(dir.path()).unwrap();
        assert!(c.accessibility.northern_ireland);
        assert_eq!(c.accessibility.tested, Some(jiff::civil::date(2026, 12, 1)));
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

    #[test]
    fn base_urls_are_http_with_a_host_and_nothing_that_could_inject() {
        for good in [
            "https://intranet.example.nhs.uk/research/",
            "http://localhost:8000",
            "HTTPS://Example.org",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("javascript:alert(1)//", "https://"),
            ("https://ok.example/\nDisallow: /", "line break"),
            ("https://ok.example/ x", "space"),
            ("https://ok.example/\u{0}", "U+0000"),
            ("ftp://example.org/", "https://"),
            ("intranet", "https://"),
            ("https://", "web address"),
            ("https://user:pw@example.org/", "password"),
            ("https://example.org/?a=1", "`?`"),
            ("https://example.org/#top", "`#`"),
        ] {
            let err = check_base_url(bad).unwrap_err();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
    }

    #[test]
    fn review_months_out_of_range_is_located_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "title: T\norganisation:\n  name: O\nreview:\n  months: 300000\n",
        );
        let errs = Config::load(dir.path()).unwrap_err();
        assert_eq!(errs[0].line, Some(5), "{errs:?}");
        assert!(errs[0].message.contains("between 1 and 120"), "{errs:?}");
    }

    #[test]
    fn theme_is_a_folder_name_not_a_path() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "title: T\norganisation:\n  name: O\ntheme: ../../etc\n",
        );
        let errs = Config::load(dir.path()).unwrap_err();
        assert_eq!(errs[0].line, Some(4), "{errs:?}");
    }
}
