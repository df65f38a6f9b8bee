//! What every page shows of the whole site (navigation, the special pages, section lists,
//! case studies, the guide's reading order), found once per build. Pages are held by index,
//! so each page's context only turns them into addresses relative to itself.

use std::collections::HashMap;

use crate::content::{PageKind, Site};

pub(super) struct SiteViews {
    /// The pages in config.yaml's `navigation`, in its order.
    pub(super) nav: Vec<usize>,
    pub(super) search: Option<usize>,
    /// The A to Z of topics (template `a-to-z`).
    pub(super) a_to_z: Option<usize>,
    pub(super) print: Option<usize>,
    pub(super) glossary: Option<usize>,
    pub(super) accessibility: Option<usize>,
    /// "About this edition" (`content/about.md`).
    pub(super) about: Option<usize>,
    pub(super) case_studies: Vec<usize>,
    /// Home pages (the first crumb of every breadcrumb trail).
    pub(super) homes: Vec<usize>,
    /// The pages (not section indexes) of each source folder, in page order.
    children: HashMap<String, Vec<usize>>,
    /// Each page's place in the guide's reading order.
    guide_position: HashMap<usize, usize>,
}

impl SiteViews {
    pub(super) fn of(site: &Site) -> Self {
        let first = |template: &str| site.pages.iter().position(|p| p.template() == template);
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| !p.is_index) {
            children
                .entry(p.source_dir().to_string())
                .or_default()
                .push(i);
        }
        SiteViews {
            nav: site
                .config
                .navigation
                .iter()
                .filter_map(|source| site.by_source.get(source).copied())
                .collect(),
            search: first("search"),
            a_to_z: first(super::A_TO_Z),
            print: first("print"),
            glossary: first("glossary"),
            accessibility: top_level(site, "accessibility.md"),
            about: top_level(site, "about.md"),
            case_studies: kind(site, PageKind::CaseStudy),
            homes: kind(site, PageKind::Home),
            children,
            guide_position: site
                .guide
                .iter()
                .enumerate()
                .map(|(pos, &i)| (i, pos))
                .collect(),
        }
    }

    /// The pages listed on the index page of `source_dir`.
    pub(super) fn children(&self, source_dir: &str) -> &[usize] {
        self.children.get(source_dir).map_or(&[], Vec::as_slice)
    }

    /// The page's place in the guide's reading order, if it is in the guide.
    pub(super) fn guide_position(&self, index: usize) -> Option<usize> {
        self.guide_position.get(&index).copied()
    }
}

/// A page directly under content/ by its file name, ignoring a number prefix (`02-about.md`).
fn top_level(site: &Site, name: &str) -> Option<usize> {
    site.pages.iter().position(|p| {
        p.source
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
            == name
    })
}

fn kind(site: &Site, kind: PageKind) -> Vec<usize> {
    (0..site.pages.len())
        .filter(|&i| site.pages[i].kind == kind)
        .collect()
}
