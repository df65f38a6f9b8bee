//! Feeds the site to the search crate: one document per page, per section (h2/h3), per
//! case study, resource and glossary entry; and the no-JavaScript A–Z of topics.

use careerguide_search::{Abbreviation, DocKind, SearchDoc};

use crate::content::{PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::memo::Memo;
use crate::output::OutFile;

/// One topic of the no-JavaScript A–Z on the search page.
#[derive(serde::Serialize, Clone)]
pub struct AzEntry {
    pub label: String,
    /// Root-relative address of the target (`guide/introduction/index.html#x`).
    pub url: String,
}

/// The topics under one letter of the A–Z.
#[derive(serde::Serialize, Clone)]
pub struct AzLetter {
    pub letter: String,
    pub entries: Vec<AzEntry>,
}

/// What the pages need from search (the A–Z on the search page), and the index itself,
/// still to be built: the index is the costliest part of a build and no page depends on it,
/// so `serve` builds it after the pages are showing (`pipeline::Options::defer_search_index`).
pub struct Prepared {
    pub az: Vec<AzLetter>,
    pub index: IndexJob,
}

/// The search index files, ready to be built from the documents gathered from the site.
#[derive(Debug, Clone)]
pub struct IndexJob {
    docs: Vec<SearchDoc>,
    abbreviations: Vec<Abbreviation>,
}

impl IndexJob {
    /// Builds the files, consuming the documents: each one's text is freed as soon as the
    /// index has read it.
    pub fn files(self) -> Vec<OutFile> {
        careerguide_search::index_files(self.docs, &self.abbreviations, Self::options())
            .into_iter()
            .map(out_file)
            .collect()
    }

    /// Builds the files and hands each to `sink` as soon as it is made, so the index is
    /// never held whole (tens of megabytes on a large site).
    pub fn write(
        self,
        mut sink: impl FnMut(OutFile) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        careerguide_search::write_index(self.docs, &self.abbreviations, Self::options(), |f| {
            sink(out_file(f))
        })
    }

    fn options() -> careerguide_search::BuildOptions {
        // Snippet text is the bulk of the index: 320 characters a section keeps the bundled
        // guide's index under 30 KB gzip (see docs/performance.md).
        careerguide_search::BuildOptions {
            text_chars: 320,
            ..Default::default()
        }
    }
}

fn out_file(f: careerguide_search::IndexFile) -> OutFile {
    OutFile::Bytes {
        path: f.path,
        bytes: f.contents.into_bytes(),
    }
}

/// The search documents of the site, and its A–Z (remembered in `memo` by the headings,
/// titles and addresses it is made from). The bodies' sections move into the documents
/// (they are left empty).
pub fn prepare(site: &Site, bodies: &mut [Rendered], memo: &Memo<Vec<AzLetter>>) -> Prepared {
    let docs = documents(site, bodies);
    let abbreviations = abbreviations(site);
    // The A–Z reads each document's address, title, heading and kind, never its text: it is
    // remembered under exactly those (the documents without their text) and the abbreviations.
    let headings: Vec<SearchDoc> = docs
        .iter()
        .map(|d| SearchDoc {
            url: d.url.clone(),
            page_title: d.page_title.clone(),
            heading: d.heading.clone(),
            text: String::new(),
            kind: d.kind,
        })
        .collect();
    let az = memo.remember((headings, &abbreviations), |(headings, abbreviations)| {
        a_to_z(&headings, abbreviations)
    });
    Prepared {
        az,
        index: IndexJob {
            docs,
            abbreviations,
        },
    }
}

fn a_to_z(docs: &[SearchDoc], abbreviations: &[Abbreviation]) -> Vec<AzLetter> {
    let mut az: Vec<AzLetter> = Vec::new();
    for entry in careerguide_search::a_to_z(docs, abbreviations) {
        let letter = entry.letter.to_string();
        if az.last().is_none_or(|l| l.letter != letter) {
            az.push(AzLetter {
                letter: letter.clone(),
                entries: Vec::new(),
            });
        }
        if let Some(l) = az.last_mut() {
            l.entries.push(AzEntry {
                label: entry.label,
                url: entry.url,
            });
        }
    }
    az
}

pub fn abbreviations(site: &Site) -> Vec<Abbreviation> {
    site.glossary
        .iter()
        .map(|t| Abbreviation {
            short: t.term.clone(),
            long: t.expansion.clone(),
        })
        .collect()
}

/// Search documents for every published page (root-relative URLs ending in `index.html`,
/// so results work from disk too). Each section's text moves into its document (the
/// bodies' sections are left empty): a copy would hold every page's text twice.
pub fn documents(site: &Site, bodies: &mut [Rendered]) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        let sections = std::mem::take(&mut body.sections);
        let template = page.template();
        if page.output_path == "404.html"
            || template == "search"
            || template == "print"
            || template == crate::render::A_TO_Z
        {
            continue;
        }
        let title = page.front.title.clone();
        // The page's own document carries its introduction; each section is a document too.
        let whole_text = sections
            .iter()
            .filter(|s| s.heading.is_none())
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let page_kind = match page.kind {
            // The bundled "case studies" are people the guide quotes: labelled as such, as
            // the section's own pages call them, and unlike a trust's real case studies.
            PageKind::CaseStudy if page.front.quoted_in_guide => DocKind::PersonQuoted,
            PageKind::CaseStudy => DocKind::CaseStudy,
            PageKind::Checklist => DocKind::Checklist,
            _ => DocKind::Page,
        };
        let mut page_text = page.front.summary.clone().unwrap_or_default();
        for extra in [
            &page.front.person,
            &page.front.role,
            &page.front.organisation,
            &page.front.quote,
        ]
        .into_iter()
        .flatten()
        {
            page_text.push(' ');
            page_text.push_str(extra);
        }
        page_text.push(' ');
        page_text.push_str(&whole_text);
        docs.push(SearchDoc {
            url: page.output_path.clone(),
            page_title: title.clone(),
            heading: None,
            text: page_text.trim().to_string(),
            kind: page_kind,
        });
        for section in sections {
            let (Some(id), Some(heading)) = (section.id, section.heading) else {
                continue;
            };
            docs.push(SearchDoc {
                url: format!("{}#{id}", page.output_path),
                page_title: title.clone(),
                heading: Some(heading),
                text: section.text,
                kind: if page.kind == PageKind::Checklist {
                    DocKind::Checklist
                } else {
                    DocKind::Section
                },
            });
        }
        match template.as_str() {
            "glossary" => {
                for t in &site.glossary {
                    docs.push(SearchDoc {
                        url: format!("{}#{}", page.output_path, t.id),
                        page_title: title.clone(),
                        heading: Some(t.term.clone()),
                        text: format!(
                            "{} stands for {}. {} {}",
                            t.term,
                            t.expansion,
                            t.description.as_deref().unwrap_or_default(),
                            t.note.as_deref().unwrap_or_default()
                        )
                        .trim()
                        .to_string(),
                        kind: DocKind::Glossary,
                    });
                }
            }
            "resources" => {
                for g in &site.resources {
                    for r in &g.items {
                        let mut text = r.description.clone();
                        for extra in [&r.where_to_find, &r.note].into_iter().flatten() {
                            text.push(' ');
                            text.push_str(extra);
                        }
                        docs.push(SearchDoc {
                            url: format!("{}#{}", page.output_path, r.id),
                            page_title: title.clone(),
                            heading: Some(r.name.clone()),
                            text,
                            kind: DocKind::Resource,
                        });
                    }
                }
            }
            "pathway" => {
                // Each stage is found by its old and new names as well as its words.
                for st in &site.pathway.stages {
                    let mut text = vec![
                        st.you_are.as_str(),
                        st.who.as_str(),
                        st.guide_name.as_str(),
                        st.current_name.as_str(),
                        st.gives.as_str(),
                        st.how_long.as_str(),
                        st.next_step.as_str(),
                    ];
                    text.extend(st.also_known_as.iter().map(String::as_str));
                    docs.push(SearchDoc {
                        url: format!("{}#{}", page.output_path, st.id),
                        page_title: title.clone(),
                        heading: Some(format!("{}: {}", st.title, st.guide_name)),
                        text: text
                            .iter()
                            .map(|field| crate::markdown::markdown_text(field))
                            .collect::<Vec<_>>()
                            .join(" "),
                        kind: DocKind::Section,
                    });
                }
            }
            _ => {}
        }
    }
    docs
}
