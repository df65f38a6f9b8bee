//! Markdown bodies, rendered once per page for the page's own place (and for the print page,
//! which carries every guide section).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::context::{GuideSectionView, Link, StageView};
use crate::content::{GlossaryTerm, Page, PageKind, Site};
use crate::links::{self, Target, Targets, relative};
use crate::markdown::{self, RenderOptions, Rendered, ResolvedHref};
use crate::memo::{Memo, Shared};

/// Markdown bodies of every page, rendered for the page's own location (in page order).
/// A body is remembered in `memo` under exactly what its rendering receives: its own
/// Markdown and place ([`BodySource`]), the glossary's abbreviations, and where every link
/// could lead ([`links::Targets`]).
pub fn render_bodies(site: &Site, memo: &Memo<Rendered>) -> Vec<Rendered> {
    // Shared by every page, so hashed once per build (and not at all in a one-off build).
    let abbreviations = Shared::new(abbreviation_map(&site.glossary));
    let targets = Shared::new(Targets::of(site));
    site.pages
        .par_iter()
        .map(|page| {
            // The shared values themselves, not what they hold: so they are hashed once.
            memo.remember(
                (&targets, &abbreviations, BodySource::of(page)),
                |(targets, abbreviations, page)| {
                    render_body(
                        targets,
                        &page,
                        page.output_dir(),
                        abbreviations,
                        0,
                        "",
                        &BTreeSet::new(),
                    )
                },
            )
        })
        .collect()
}

/// What a page's rendered Markdown is made from, of the page itself.
#[derive(Hash)]
struct BodySource<'p> {
    source: &'p str,
    output_path: &'p str,
    body: &'p str,
    kind: PageKind,
    notes_space: bool,
}

impl<'p> BodySource<'p> {
    fn of(page: &'p Page) -> Self {
        BodySource {
            source: &page.source,
            output_path: &page.output_path,
            body: &page.body,
            kind: page.kind,
            notes_space: page.front.notes_space,
        }
    }

    /// The folder the page's own file is written in (see `Page::output_dir`).
    fn output_dir(&self) -> &'p str {
        match self.output_path.rfind('/') {
            Some(i) => &self.output_path[..=i],
            None => "",
        }
    }
}

pub fn abbreviation_map(glossary: &[GlossaryTerm]) -> BTreeMap<String, String> {
    glossary
        .iter()
        .map(|t| (t.term.clone(), t.expansion.clone()))
        .collect()
}

/// The checklist id of a page: its file name without number prefix, as a slug.
pub fn checklist_id(page: &Page) -> String {
    checklist_id_at(page.output_dir())
}

/// The checklist id of the page written in the folder `output_dir`.
fn checklist_id_at(output_dir: &str) -> String {
    let dir = output_dir.trim_end_matches('/');
    dir.rsplit('/').next().unwrap_or(dir).to_string()
}

/// The plain-text download of a checklist page.
pub fn checklist_download_name(page: &Page) -> String {
    format!("{}.txt", checklist_id(page))
}

fn render_body(
    targets: &Targets,
    page: &BodySource,
    at_dir: &str,
    abbreviations: &BTreeMap<String, String>,
    heading_shift: u8,
    id_prefix: &str,
    notes_shown: &BTreeSet<String>,
) -> Rendered {
    let resolve = |dest: &str| -> ResolvedHref {
        let target = links::resolve(targets, page.source, dest);
        ResolvedHref {
            external: matches!(target, Target::External) && links::leaves_site(dest),
            href: links::href(targets, at_dir, &target, dest),
            linked: !matches!(target, Target::Hidden { .. }),
        }
    };
    let prefix = if page.kind == PageKind::Checklist {
        checklist_id_at(page.output_dir())
    } else {
        String::new()
    };
    markdown::render(
        page.body,
        &RenderOptions {
            resolve: &resolve,
            abbreviations,
            checkbox_prefix: &prefix,
            notes_space: page.notes_space,
            heading_shift,
            id_prefix,
            notes_shown,
        },
    )
}

/// The guide sections as the whole-guide print page at `dir` lists them: titles, addresses
/// and contents, and with `whole` each section's text as a placeholder for [`PrintTexts`]
/// to fill as the page is written (`parts`): the guide's whole text is never held at once.
pub(super) fn print_sections(site: &Site, dir: &str, whole: bool) -> Vec<GuideSectionView> {
    site.guide
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let page = &site.pages[i];
            let anchor = checklist_id(page);
            let prefix = format!("{anchor}--");
            GuideSectionView {
                title: page.front.title.clone(),
                url: relative(dir, &page.output_path),
                toc: page
                    .outline
                    .headings
                    .iter()
                    .filter(|h| h.level == 2)
                    .map(|h| Link {
                        title: h.text.clone(),
                        url: format!("#{prefix}{}", h.id),
                    })
                    .collect(),
                anchor,
                content: if whole {
                    super::parts::placeholder(n)
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

/// The guide sections' texts for the whole-guide print page at `dir`, made one at a time
/// in guide order. An editorial note is printed once, at its first mention in the guide,
/// so each section's text depends on the notes of those before it.
pub(super) struct PrintTexts<'s> {
    site: &'s Site,
    dir: String,
    targets: Targets<'s>,
    abbreviations: BTreeMap<String, String>,
    notes_shown: BTreeSet<String>,
    /// The next section in guide order.
    next: usize,
}

impl<'s> PrintTexts<'s> {
    pub(super) fn new(site: &'s Site, dir: &str) -> Self {
        PrintTexts {
            site,
            dir: dir.to_string(),
            targets: Targets::of(site),
            abbreviations: abbreviation_map(&site.glossary),
            notes_shown: BTreeSet::new(),
            next: 0,
        }
    }

    /// Section `n`'s text (None past the guide's end). Asked in order, each costs one
    /// section; asked again or out of order, the notes are worked out again from the start.
    pub(super) fn text(&mut self, n: usize) -> Option<String> {
        if n < self.next {
            self.next = 0;
            self.notes_shown.clear();
        }
        loop {
            let &i = self.site.guide.get(self.next)?;
            let page = &self.site.pages[i];
            let prefix = format!("{}--", checklist_id(page));
            let body = render_body(
                &self.targets,
                &BodySource::of(page),
                &self.dir,
                &self.abbreviations,
                1,
                &prefix,
                &self.notes_shown,
            );
            self.notes_shown.extend(body.notes.iter().cloned());
            self.next += 1;
            if self.next > n {
                return Some(body.html);
            }
        }
    }
}

/// The pathway's stages as the page `page` at `dir` shows them. Markdown fields are
/// rendered as if written in that page (links relative to its source folder).
pub(super) fn pathway_stages<'s>(
    site: &'s Site,
    page: &Page,
    dir: &str,
    url_of: &dyn Fn(usize) -> String,
) -> Vec<StageView<'s>> {
    let abbreviations = BTreeMap::new();
    let no_notes = BTreeSet::new();
    let targets = Targets::of(site);
    let inline = |md: &str| -> String {
        let resolve = |dest: &str| -> ResolvedHref {
            let target = links::resolve(&targets, &page.source, dest);
            ResolvedHref {
                external: matches!(target, Target::External) && !dest.starts_with("mailto:"),
                href: links::href(&targets, dir, &target, dest),
                linked: !matches!(target, Target::Hidden { .. }),
            }
        };
        let html = markdown::render(
            md,
            &RenderOptions {
                resolve: &resolve,
                abbreviations: &abbreviations,
                checkbox_prefix: "",
                notes_space: false,
                heading_shift: 0,
                id_prefix: "",
                notes_shown: &no_notes,
            },
        )
        .html;
        let html = html.trim();
        html.strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap_or(html)
            .to_string()
    };
    let all = |v: &[String]| v.iter().map(|m| inline(m)).collect::<Vec<_>>();
    site.pathway
        .stages
        .iter()
        .enumerate()
        .map(|(n, s)| StageView {
            id: &s.id,
            number: n + 1,
            title: &s.title,
            you_are: &s.you_are,
            who: &s.who,
            guide_name: &s.guide_name,
            current_name: &s.current_name,
            gives: &s.gives,
            how_long: &s.how_long,
            next_step: inline(&s.next_step),
            this_month: all(&s.this_month),
            guide: all(&s.guide),
            checklist: all(&s.checklist),
            people: all(&s.people),
            case_studies: site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.kind == PageKind::CaseStudy)
                .filter(|(_, p)| {
                    p.front
                        .career_stage
                        .as_deref()
                        .and_then(|c| site.pathway.stage(c))
                        == Some(n)
                })
                .map(|(i, p)| Link {
                    title: p.front.title.clone(),
                    url: url_of(i),
                })
                .collect(),
        })
        .collect()
}
