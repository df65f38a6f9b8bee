//! `careerguide check --external`: links to other websites, checked over the network.
//!
//! Each address is asked for once (HEAD, then GET for servers that refuse HEAD), a few at a
//! time, with a timeout. A page that is gone (404, 410) is an error; anything else that goes
//! wrong (a server refusing robots, a network that blocks a site) is a warning, because the
//! link may well work for a reader. The HTTP client stays inside this file.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::content;
use crate::diagnostics::Diagnostic;
use crate::links::{self, Target};
use crate::pipeline::{self, Options};

/// How long one site may take to answer.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// Sites asked at the same time.
const PARALLEL: usize = 8;

/// Where a link to another website was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: Option<usize>,
}

/// Every `http(s)://` address the content links to, each with the places it is written.
/// Returns nothing if the content does not load (`check` reports why).
pub fn collect(root: &Path, options: &Options) -> BTreeMap<String, Vec<Place>> {
    let mut found: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    let Ok(config) = pipeline::load_config(root, options) else {
        return found;
    };
    let Ok(site) = content::load(root, config) else {
        return found;
    };
    let targets = links::Targets::of(&site);
    for page in &site.pages {
        for link in &page.outline.links {
            let dest = link.dest.trim();
            if is_web_address(dest)
                && links::resolve(&targets, &page.source, dest) == Target::External
            {
                found.entry(dest.to_string()).or_default().push(Place {
                    file: page.shown.clone(),
                    line: Some(link.line),
                });
            }
        }
    }
    // Each resource is located in the file it is written in (bundled or the local layer's).
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for group in &site.resources {
        for item in &group.items {
            if let Some(url) = item
                .url
                .as_deref()
                .map(str::trim)
                .filter(|u| is_web_address(u))
            {
                let text = texts.entry(item.file.clone()).or_insert_with(|| {
                    crate::project_files::read_text(
                        &site.root,
                        &site.root.join(&item.file),
                        crate::project_files::Kind::Data,
                    )
                    .unwrap_or_default()
                });
                let line = text.lines().position(|l| l.contains(url)).map(|i| i + 1);
                found.entry(url.to_string()).or_default().push(Place {
                    file: item.file.clone(),
                    line,
                });
            }
        }
    }
    found
}

fn is_web_address(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// What asking for an address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Fine,
    Status(u16),
    Unreachable(String),
}

/// Turns an answer into problems at every place the address is written.
pub fn diagnose(url: &str, answer: &Answer, places: &[Place]) -> Vec<Diagnostic> {
    let problem = match answer {
        Answer::Fine => return Vec::new(),
        Answer::Status(code @ (404 | 410)) => Diagnostic::error(
            "",
            format!("the link to {url} is broken: the site answers {code} (page not found)"),
        )
        .hint("find the page's new address on that site and update the link, or remove it"),
        Answer::Status(code) => Diagnostic::warning(
            "",
            format!("the link to {url} may be broken: the site answers {code}"),
        )
        .hint("open the address in a browser: some sites refuse link checkers but work for readers"),
        Answer::Unreachable(why) => Diagnostic::warning(
            "",
            format!("could not reach {url}: {why}"),
        )
        .hint("check the address is right; if your network blocks the site, check it from another connection"),
    };
    places
        .iter()
        .map(|place| {
            let mut d = problem.clone();
            d.file = place.file.clone();
            d.line = place.line;
            d
        })
        .collect()
}

/// Checks every link to another website in the project at `root`.
pub fn check_site(root: &Path, options: &Options) -> Vec<Diagnostic> {
    let found = collect(root, options);
    let urls: Vec<&String> = found.keys().collect();
    let answers = ask_all(&urls);
    urls.iter()
        .zip(answers)
        .flat_map(|(url, answer)| diagnose(url, &answer, &found[*url]))
        .collect()
}

fn ask_all(urls: &[&String]) -> Vec<Answer> {
    let mut answers = vec![Answer::Fine; urls.len()];
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let answer = ask(url);
                    if let Ok(mut r) = results.lock() {
                        r.push((i, answer));
                    }
                }
            });
        }
    });
    for (i, answer) in results.into_inner().unwrap_or_default() {
        answers[i] = answer;
    }
    answers
}

#[cfg(feature = "external-links")]
fn ask(url: &str) -> Answer {
    use ureq::tls::{RootCerts, TlsConfig};
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!(
            "careerguide-link-check/",
            env!("CARGO_PKG_VERSION")
        ))
        .tls_config(
            TlsConfig::builder()
                .root_certs(RootCerts::PlatformVerifier)
                .build(),
        )
        .build()
        .into();
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    // Many servers mishandle HEAD: ask again with GET before calling a link broken.
    let answer = match status(agent.head(url).call()) {
        Ok(code) if code < 400 => return Answer::Fine,
        Ok(_) | Err(_) => status(agent.get(url).call()),
    };
    match answer {
        Ok(code) if code < 400 => Answer::Fine,
        Ok(code) => Answer::Status(code),
        Err(why) => Answer::Unreachable(why),
    }
}

#[cfg(not(feature = "external-links"))]
fn ask(_url: &str) -> Answer {
    Answer::Unreachable(
        "this copy of careerguide was built without external link checking (feature `external-links`)"
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gone_pages_are_errors_and_other_failures_warnings() {
        let places = vec![
            Place {
                file: "content/a.md".into(),
                line: Some(4),
            },
            Place {
                file: "content/resources.yaml".into(),
                line: Some(9),
            },
        ];
        let gone = diagnose("https://x.test/old", &Answer::Status(404), &places);
        assert_eq!(gone.len(), 2);
        assert!(gone.iter().all(Diagnostic::is_error));
        assert_eq!(gone[0].location(), "content/a.md:4");
        assert_eq!(gone[1].location(), "content/resources.yaml:9");
        let refused = diagnose("https://x.test/", &Answer::Status(403), &places);
        assert!(refused.iter().all(|d| !d.is_error()));
        assert!(diagnose("https://x.test/", &Answer::Fine, &places).is_empty());
    }

    #[test]
    fn only_web_addresses_are_checked() {
        assert!(is_web_address("https://www.nihr.ac.uk/"));
        assert!(is_web_address("HTTP://example.org"));
        assert!(!is_web_address("mailto:someone@nhs.net"));
        assert!(!is_web_address("../guide/01-introduction.md"));
    }
}
