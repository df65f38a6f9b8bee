//! Markdown bodies, rendered once per page for the page's own place (and for the print page,
//! which carries every guide section).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::context::{GuideSectionView, Link};
use crate::content::{GlossaryTerm, Page, PageKind, Site};
use crate::links::{self, Target, relative};
use crate::markdown::{self, RenderOptions, Rendered, ResolvedHref};
use crate::memo::{self, Memo};

/// Markdown bodies of every page, rendered for the page's own location (in page order).
/// A body is remembered in `memo` under everything it depends on: its own Markdown and
/// place, the glossary, and where every link could lead (pages, drafts, files).
pub fn render_bodies(site: &Site, memo: &Memo<Rendered>) -> Vec<Rendered> {
    let abbreviations = abbreviation_map(&site.glossary);
    // Hashing every page's text is wasted when nothing is remembered (a one-off build).
    let link_targets = memo.is_on().then(|| {
        memo::key(&(
            site.pages
                .iter()
                .map(|p| (&p.source, &p.output_path))
                .collect::<Vec<_>>(),
            &site.drafts,
            &site.hidden,
            site.statics.iter().map(|s| &s.path).collect::<Vec<_>>(),
            &abbreviations,
        ))
    });
    site.pages
        .par_iter()
        .map(|page| {
            let make = || render_body(site, page, page.output_dir(), &abbreviations, 0, "");
            let Some(link_targets) = link_targets else {
                return make();
            };
            let key = memo::key(&(
                link_targets,
                &page.source,
                &page.output_path,
                &page.body,
                page.kind.as_str(),
                page.front.notes_space,
            ));
            memo.get_or(key, make)
        })
        .collect()
}

pub fn abbreviation_map(glossary: &[GlossaryTerm]) -> BTreeMap<String, String> {
    glossary
        .iter()
        .map(|t| (t.term.clone(), t.expansion.clone()))
        .collect()
}

/// The checklist id of a page: its file name without number prefix, as a slug.
pub fn checklist_id(page: &Page) -> String {
    let dir = page.output_dir().trim_end_matches('/');
    dir.rsplit('/').next().unwrap_or(dir).to_string()
}

/// The plain-text download of a checklist page.
pub fn checklist_download_name(page: &Page) -> String {
    format!("{}.txt", checklist_id(page))
}

fn render_body(
    site: &Site,
    page: &Page,
    at_dir: &str,
    abbreviations: &BTreeMap<String, String>,
    heading_shift: u8,
    id_prefix: &str,
) -> Rendered {
    let resolve = |dest: &str| -> ResolvedHref {
        let target = links::resolve(site, page, dest);
        ResolvedHref {
            external: matches!(target, Target::External) && !dest.starts_with("mailto:"),
            href: links::href(site, at_dir, &target, dest),
        }
    };
    let prefix = if page.kind == PageKind::Checklist {
        checklist_id(page)
    } else {
        String::new()
    };
    markdown::render(
        &page.body,
        &RenderOptions {
            resolve: &resolve,
            abbreviations,
            checkbox_prefix: &prefix,
            notes_space: page.front.notes_space,
            heading_shift,
            id_prefix,
        },
    )
}

/// The guide sections rendered for the whole-guide print page at `dir`.
pub(super) fn print_sections(site: &Site, dir: &str) -> Vec<GuideSectionView> {
    let abbreviations = abbreviation_map(&site.glossary);
    site.guide
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            let anchor = checklist_id(page);
            let prefix = format!("{anchor}--");
            let body = render_body(site, page, dir, &abbreviations, 1, &prefix);
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
                content: body.html,
            }
        })
        .collect()
}
