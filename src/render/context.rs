//! One page's template context: the site-wide views made relative to the page, and the
//! page's own values. Everything a template sees is documented in docs/theming.md.

use serde::Serialize;

use super::body::{checklist_download_name, checklist_id, pathway_stages, print_sections};
use super::views::SiteViews;
use super::{A_TO_Z, Extras};
use crate::content::{Page, PageKind, Site, human_date, next_review};
use crate::links::{relative, root_prefix};
use crate::markdown::Rendered;

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct OrganisationView<'a> {
    /// None: no publisher is named (the bundled guide).
    pub(super) name: Option<&'a str>,
    pub(super) logo: Option<String>,
    pub(super) contact: Option<String>,
    pub(super) contact_label: Option<String>,
}

/// What the accessibility statement shows from `accessibility:` in config.yaml (blank
/// values are left out; dates as pages show them).
#[derive(Serialize)]
pub(super) struct AccessibilityView<'a> {
    pub(super) email: Option<&'a str>,
    pub(super) phone: Option<&'a str>,
    pub(super) contact_url: Option<&'a str>,
    pub(super) prepared: Option<String>,
    pub(super) reviewed: Option<String>,
    pub(super) tested: Option<String>,
    pub(super) northern_ireland: bool,
    /// Readers have a way to contact the publisher (see `Config::has_contact_route`).
    pub(super) contact_route: bool,
}

impl<'a> AccessibilityView<'a> {
    fn of(config: &'a crate::config::Config) -> Self {
        let a = &config.accessibility;
        let set = |v: &'a Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty());
        Self {
            email: set(&a.email),
            phone: set(&a.phone),
            contact_url: set(&a.contact_url),
            prepared: a.prepared.map(human_date),
            reviewed: a.reviewed.map(human_date),
            tested: a.tested.map(human_date),
            northern_ireland: a.northern_ireland,
            contact_route: config.has_contact_route(),
        }
    }
}

/// Everything a template sees (documented in docs/theming.md).
#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    pub(super) site: SiteView<'a>,
    pub(super) root: String,
    pub(super) assets: String,
    pub(super) canonical: Option<String>,
    pub(super) generator: &'static str,
    pub(super) page: PageView<'a>,
    pub(super) case_studies: Vec<CaseStudyView<'a>>,
    pub(super) guide: Vec<GuideSectionView>,
    /// False when the whole guide is too long for one print page (`PRINT_BOUND`): the print
    /// page then lists the sections' own pages, and `guide`'s sections carry no text.
    pub(super) print_whole: bool,
    pub(super) search_az: Vec<AzGroupView>,
    /// The career pathway's stages (only on the pathway page).
    pub(super) pathway: Vec<StageView<'a>>,
    /// When the stages' current names were last checked, e.g. "1 December 2026".
    pub(super) pathway_checked: Option<String>,
}

/// A stage of the career pathway, its Markdown fields rendered to HTML.
#[derive(Serialize)]
pub(super) struct StageView<'a> {
    pub(super) id: &'a str,
    pub(super) number: usize,
    pub(super) title: &'a str,
    pub(super) you_are: &'a str,
    pub(super) who: &'a str,
    pub(super) guide_name: &'a str,
    pub(super) current_name: &'a str,
    pub(super) gives: &'a str,
    pub(super) how_long: &'a str,
    pub(super) next_step: String,
    pub(super) this_month: Vec<String>,
    pub(super) guide: Vec<String>,
    pub(super) checklist: Vec<String>,
    pub(super) people: Vec<String>,
    /// Case studies whose `career_stage` names this stage.
    pub(super) case_studies: Vec<Link>,
}

/// The brand's logo and favicon, as addresses relative to the page.
#[derive(Serialize)]
pub(super) struct BrandView {
    pub(super) logo: Option<String>,
    pub(super) favicon: Option<String>,
    /// The favicon's media type (`image/png`), when `favicon` is set.
    pub(super) favicon_type: Option<&'static str>,
    /// The generated stylesheet of brand colours (always there).
    pub(super) stylesheet: String,
}

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) language: &'a str,
    pub(super) organisation: OrganisationView<'a>,
    pub(super) brand: BrandView,
    pub(super) accessibility: AccessibilityView<'a>,
    pub(super) nav: Vec<NavItem>,
    pub(super) search_url: String,
    /// The A to Z of topics (the page whose template is `a-to-z`), if there is one.
    pub(super) a_to_z_url: Option<String>,
    pub(super) print_url: Option<String>,
    pub(super) glossary_url: Option<String>,
    pub(super) accessibility_url: Option<String>,
    /// The "About this edition" page (`content/about.md`), if there is one.
    pub(super) about_url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct TocEntry<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
}

#[derive(Serialize)]
pub(super) struct Child<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) summary: Option<&'a str>,
}

/// Whether `children` has a page that `html` does not link to (`href="its url"`): the
/// addresses linked are gathered once, so a contents page whose text links to each of
/// thousands of children costs its length plus its children, not their product.
pub(super) fn any_unlinked(html: &str, children: &[Child<'_>]) -> bool {
    if children.is_empty() {
        return false;
    }
    const HREF: &str = "href=\"";
    let linked: std::collections::HashSet<&str> = html
        .match_indices(HREF)
        .filter_map(|(at, _)| {
            let rest = &html[at + HREF.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect();
    children.iter().any(|c| !linked.contains(c.url.as_str()))
}

/// Children written as one part of a contents page (`page.children_list`).
pub(super) const CHILDREN_PER_PART: usize = 64;

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub(super) title: &'a str,
    pub(super) summary: Option<&'a str>,
    pub(super) kind: &'static str,
    pub(super) url: String,
    pub(super) content: &'a str,
    pub(super) toc: Vec<TocEntry<'a>>,
    pub(super) breadcrumbs: Vec<Link>,
    pub(super) prev: Option<Link>,
    pub(super) next: Option<Link>,
    pub(super) reviewed: Option<String>,
    pub(super) next_review: Option<String>,
    pub(super) children: Vec<Child<'a>>,
    /// The children through the theme's `ChildCard` component: placeholders, filled as the
    /// page is written (`parts`), a group of children at a time (a section of 10 000 pages
    /// lists 2.6 MB of cards, never held whole).
    pub(super) children_list: String,
    /// Whether the page's content leaves any child unlinked (set with the content, in
    /// `Renderer::render`): a contents page whose text links to every child needs no list.
    pub(super) children_unlinked: bool,
    pub(super) person: Option<&'a str>,
    pub(super) role: Option<&'a str>,
    pub(super) organisation: Option<&'a str>,
    pub(super) profession: Option<&'a str>,
    pub(super) career_stage: Option<&'a str>,
    /// The pathway's own name for `career_stage` ("Pre-doctoral" for `pcaf`), if it names one.
    pub(super) career_stage_name: Option<&'a str>,
    pub(super) quote: Option<&'a str>,
    pub(super) quoted_in_guide: bool,
    pub(super) print_fields: Vec<&'a str>,
    pub(super) notes_space: bool,
    pub(super) checklist_id: String,
    pub(super) item_count: usize,
    pub(super) download_url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct GuideSectionView {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) anchor: String,
    pub(super) content: String,
    pub(super) toc: Vec<Link>,
}

/// One letter of the A–Z page.
#[derive(Serialize)]
pub(super) struct AzGroupView {
    pub(super) letter: String,
    /// Its entries, each through the theme's `AzEntry` component: a placeholder, filled as
    /// the page is written (`parts`).
    pub(super) list: String,
}

#[derive(Serialize)]
pub(super) struct CaseStudyView<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) person: Option<&'a str>,
    pub(super) role: Option<&'a str>,
    pub(super) organisation: Option<&'a str>,
    pub(super) career_stage: Option<&'a str>,
    pub(super) career_stage_name: Option<&'a str>,
    pub(super) quote: Option<&'a str>,
    pub(super) summary: Option<&'a str>,
    /// A person the guide quotes (bundled), not a case study the publisher added.
    pub(super) quoted_in_guide: bool,
}

/// The pathway's display name for a case study's `career_stage` value (any of a stage's
/// names gives its title; `other` gives "Other").
fn stage_name<'a>(site: &'a Site, value: Option<&str>) -> Option<&'a str> {
    let value = value?;
    if value.trim().eq_ignore_ascii_case("other") {
        return Some("Other");
    }
    site.pathway
        .stage(value)
        .map(|i| site.pathway.stages[i].title.as_str())
}

/// The context of page `index`, with its content left empty (the caller adds it, so the
/// rest can be hashed on its own).
pub(super) fn page_context<'a>(
    site: &'a Site,
    views: &SiteViews,
    bodies: &[Rendered],
    extras: &Extras,
    index: usize,
) -> PageContext<'a> {
    let page = &site.pages[index];
    // The 404 page is served at any depth, so its links must not depend on its location.
    let base = site.config.base_url();
    let (root, dir) = if page.output_path == "404.html" {
        let from = site.config.preview_url.clone().or_else(|| base.clone());
        (from.unwrap_or_default(), String::new())
    } else {
        (
            root_prefix(page.output_dir()),
            page.output_dir().to_string(),
        )
    };
    let absolute = root.starts_with("http");
    let url_to = |output: &str| format!("{root}{}", relative("", output));
    let url_of = |i: usize| {
        let p = &site.pages[i];
        if absolute {
            url_to(&p.output_path)
        } else {
            relative(&dir, &p.output_path)
        }
    };
    let link_to = |i: usize| Link {
        title: site.pages[i].front.title.clone(),
        url: url_of(i),
    };
    let body = &bodies[index];
    let f = &page.front;
    let is_checklist = page.kind == PageKind::Checklist;
    let view = PageView {
        title: &f.title,
        summary: f.summary.as_deref(),
        kind: page.kind.as_str(),
        url: url_of(index),
        content: "",
        toc: page
            .outline
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| TocEntry {
                id: &h.id,
                title: &h.text,
            })
            .collect(),
        breadcrumbs: breadcrumbs(site, views, page)
            .into_iter()
            .map(|i| {
                let p = &site.pages[i];
                Link {
                    title: p
                        .front
                        .nav_title
                        .clone()
                        .unwrap_or_else(|| p.front.title.clone()),
                    url: url_of(i),
                }
            })
            .collect(),
        prev: views
            .guide_position(index)
            .and_then(|pos| pos.checked_sub(1))
            .map(|p| link_to(site.guide[p])),
        next: views
            .guide_position(index)
            .and_then(|pos| site.guide.get(pos + 1))
            .map(|&n| link_to(n)),
        reviewed: f.reviewed.map(human_date),
        next_review: f
            .reviewed
            .and_then(|d| next_review(d, site.config.review.months))
            .map(human_date),
        children: if page.is_index {
            views
                .children(page.source_dir())
                .iter()
                .map(|&i| Child {
                    title: &site.pages[i].front.title,
                    url: url_of(i),
                    summary: site.pages[i].front.summary.as_deref(),
                })
                .collect()
        } else {
            Vec::new()
        },
        children_list: if page.is_index {
            let groups = views
                .children(page.source_dir())
                .len()
                .div_ceil(CHILDREN_PER_PART);
            (0..groups).map(super::parts::placeholder).collect()
        } else {
            String::new()
        },
        children_unlinked: false,
        person: f.person.as_deref(),
        role: f.role.as_deref(),
        organisation: f.organisation.as_deref(),
        profession: f.profession.as_deref(),
        career_stage: f.career_stage.as_deref(),
        career_stage_name: stage_name(site, f.career_stage.as_deref()),
        quote: f.quote.as_deref(),
        quoted_in_guide: f.quoted_in_guide,
        print_fields: f
            .print_fields
            .as_ref()
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_else(|| vec!["Name", "Role", "Date"]),
        notes_space: f.notes_space,
        checklist_id: checklist_id(page),
        item_count: body.checklist.len(),
        download_url: (is_checklist && !body.checklist.is_empty())
            .then(|| checklist_download_name(page)),
    };
    let org = &site.config.organisation;
    let brand = &site.config.brand;
    let logo = brand
        .published_path(crate::brand::Image::Logo)
        .map(|l| url_to(&l));
    let site_view = SiteView {
        title: &site.config.title,
        description: site.config.description.as_deref(),
        language: &site.config.language,
        organisation: OrganisationView {
            name: site.config.publisher(),
            logo: logo.clone(),
            contact: org.contact.as_ref().map(|c| {
                if c.contains('@') && !c.contains(':') {
                    format!("mailto:{c}")
                } else {
                    c.clone()
                }
            }),
            contact_label: org.contact_label.clone().or_else(|| {
                let name = site.config.publisher()?;
                org.contact.as_ref().map(|_| format!("Contact {name}"))
            }),
        },
        brand: BrandView {
            logo,
            favicon: brand
                .published_path(crate::brand::Image::Favicon)
                .map(|f| url_to(&f)),
            favicon_type: brand.favicon_type(),
            stylesheet: url_to(crate::brand::STYLESHEET),
        },
        accessibility: AccessibilityView::of(&site.config),
        nav: views
            .nav
            .iter()
            .map(|&i| {
                let p = &site.pages[i];
                let folder = p.output_dir();
                NavItem {
                    current: page.output_path == p.output_path
                        || (!folder.is_empty() && page.output_path.starts_with(folder)),
                    title: p.front.nav_title.as_ref().unwrap_or(&p.front.title).clone(),
                    url: url_of(i),
                }
            })
            .collect(),
        search_url: views.search.map_or_else(|| url_to("index.html"), url_of),
        a_to_z_url: views.a_to_z.map(url_of),
        print_url: views.print.map(url_of),
        glossary_url: views.glossary.map(url_of),
        accessibility_url: views.accessibility.map(url_of),
        about_url: views.about.map(url_of),
    };
    let case_studies = views
        .case_studies
        .iter()
        .map(|&i| {
            let p = &site.pages[i];
            CaseStudyView {
                title: &p.front.title,
                url: url_of(i),
                person: p.front.person.as_deref(),
                role: p.front.role.as_deref(),
                organisation: p.front.organisation.as_deref(),
                career_stage: p.front.career_stage.as_deref(),
                career_stage_name: stage_name(site, p.front.career_stage.as_deref()),
                quote: p.front.quote.as_deref(),
                summary: p.front.summary.as_deref(),
                quoted_in_guide: p.front.quoted_in_guide,
            }
        })
        .collect();
    let template = page.template();
    let guide = if template == "print" {
        print_sections(site, &dir, extras.print_whole)
    } else {
        Vec::new()
    };
    // Only the A–Z page shows the A–Z; building it for every page would make each page
    // cost as much as the whole site's headings.
    let search_az = if template != A_TO_Z {
        Vec::new()
    } else {
        extras
            .search_az
            .iter()
            .enumerate()
            .map(|(n, l)| AzGroupView {
                letter: l.letter.clone(),
                list: super::parts::placeholder(n),
            })
            .collect()
    };
    let pathway = if template == "pathway" {
        pathway_stages(site, page, &dir, &url_of)
    } else {
        Vec::new()
    };
    PageContext {
        site: site_view,
        assets: format!("{root}assets/"),
        root,
        canonical: base.as_ref().map(|b| format!("{b}{}", page.pretty_url())),
        generator: "careerguide",
        page: view,
        case_studies,
        guide,
        print_whole: extras.print_whole,
        search_az,
        pathway,
        pathway_checked: site.pathway.checked.map(human_date),
    }
}

/// Home, then each enclosing folder's `_index.md` (not the page itself), as page indexes.
fn breadcrumbs(site: &Site, views: &SiteViews, page: &Page) -> Vec<usize> {
    if page.kind == PageKind::Home {
        return Vec::new();
    }
    let mut crumbs = views.homes.clone();
    let mut prefix = String::new();
    for part in page.source_dir().split('/').filter(|s| !s.is_empty()) {
        prefix.push_str(part);
        prefix.push('/');
        let found = site
            .by_source
            .get(&format!("{prefix}_index.md"))
            .or_else(|| site.by_source.get(&format!("{prefix}index.md")));
        if let Some(&i) = found
            && site.pages[i].source != page.source
        {
            crumbs.push(i);
        }
    }
    crumbs
}
