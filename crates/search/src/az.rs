//! The A–Z index of topics shown on the search page without JavaScript.

use std::collections::{BTreeMap, BTreeSet};

use crate::text::fold;
use crate::{Abbreviation, AzEntry, DocKind, SearchDoc};

/// Headings, whole-page titles and glossary terms (both the abbreviation and its
/// long form), sorted by letter then label, without duplicates. A label used for
/// two different places gets its page title in brackets so it reads on its own.
pub fn a_to_z(docs: &[SearchDoc], abbreviations: &[Abbreviation]) -> Vec<AzEntry> {
    let mut raw: BTreeSet<(String, String)> = BTreeSet::new(); // (label, url)
    for doc in docs {
        match (&doc.heading, doc.kind) {
            (Some(h), _) if !h.trim().is_empty() => {
                raw.insert((squash(h), doc.url.clone()));
            }
            (_, DocKind::Page | DocKind::CaseStudy | DocKind::PersonQuoted | DocKind::Resource) => {
                raw.insert((squash(&doc.page_title), doc.url.clone()));
            }
            _ => {}
        }
    }
    // Glossary long forms point where their abbreviation's entry points.
    let glossary: BTreeMap<String, String> = docs
        .iter()
        .filter(|d| d.kind == DocKind::Glossary)
        .filter_map(|d| d.heading.as_ref().map(|h| (fold(h.trim()), d.url.clone())))
        .collect();
    for a in abbreviations {
        if let Some(url) = glossary.get(&fold(a.short.trim())) {
            raw.insert((squash(&a.long), url.clone()));
        }
    }

    let mut by_label: BTreeMap<String, usize> = BTreeMap::new();
    for (label, _) in &raw {
        *by_label.entry(fold(label)).or_default() += 1;
    }
    let titles: BTreeMap<&str, &str> = docs
        .iter()
        .map(|d| (d.url.as_str(), d.page_title.as_str()))
        .collect();
    let mut entries: Vec<AzEntry> = raw
        .into_iter()
        .filter_map(|(label, url)| {
            let letter = letter_of(&label)?;
            let label = if by_label.get(&fold(&label)).copied().unwrap_or(0) > 1 {
                match titles.get(url.as_str()) {
                    Some(t) if fold(t) != fold(&label) => format!("{label} ({})", squash(t)),
                    _ => label,
                }
            } else {
                label
            };
            Some(AzEntry { letter, label, url })
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.letter, fold(&a.label), &a.label, &a.url).cmp(&(
            b.letter,
            fold(&b.label),
            &b.label,
            &b.url,
        ))
    });
    entries.dedup();
    entries
}

/// The letter a label is filed under: its first letter, folded and upper-cased;
/// '#' for labels starting with a digit.
fn letter_of(label: &str) -> Option<char> {
    let first = fold(label).chars().find(|c| c.is_alphanumeric())?;
    if first.is_ascii_digit() {
        Some('#')
    } else {
        first.to_uppercase().next()
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, heading: Option<&str>, kind: DocKind) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            page_title: title.into(),
            heading: heading.map(Into::into),
            text: String::new(),
            kind,
        }
    }

    #[test]
    fn headings_titles_and_glossary_terms_are_filed_by_letter() {
        let docs = [
            doc("guide/intro/", "Introduction", None, DocKind::Page),
            doc(
                "guide/intro/#why",
                "Introduction",
                Some("Why research?"),
                DocKind::Section,
            ),
            doc("glossary/#rds", "Glossary", Some("RDS"), DocKind::Glossary),
            doc("guide/x/#e", "X", Some("émigré"), DocKind::Section),
        ];
        let abbr = [Abbreviation {
            short: "RDS".into(),
            long: "Research Design Service".into(),
        }];
        let az = a_to_z(&docs, &abbr);
        let shown: Vec<(char, &str, &str)> = az
            .iter()
            .map(|e| (e.letter, e.label.as_str(), e.url.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ('E', "émigré", "guide/x/#e"),
                ('I', "Introduction", "guide/intro/"),
                ('R', "RDS", "glossary/#rds"),
                ('R', "Research Design Service", "glossary/#rds"),
                ('W', "Why research?", "guide/intro/#why"),
            ]
        );
    }

    #[test]
    fn repeated_headings_name_their_page() {
        let docs = [
            doc(
                "a/#s",
                "For clinicians",
                Some("Getting started"),
                DocKind::Section,
            ),
            doc(
                "b/#s",
                "For managers",
                Some("Getting started"),
                DocKind::Section,
            ),
        ];
        let labels: Vec<String> = a_to_z(&docs, &[]).into_iter().map(|e| e.label).collect();
        assert_eq!(
            labels,
            [
                "Getting started (For clinicians)",
                "Getting started (For managers)"
            ]
        );
    }
}
