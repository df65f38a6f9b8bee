//! A page's HTML through the allow-list, re-serialised well-formed.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::allow::*;

/// ammonia's builder with nothing allowed but what [`super::allow`] lists. `Builder::empty()`
/// empties only the list of tags: ammonia's own per-tag attributes (`cite` on
/// `<blockquote>`, `align`, `summary`, `size` …) and generic ones would still pass, while
/// [`removals`](super::removals) reports them removed. So both tables are replaced whole.
pub(super) static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes(["aria-"].into_iter().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
                .collect::<HashMap<_, _>>(),
        )
        .url_schemes(LINK_SCHEMES.iter().copied().collect::<HashSet<_>>())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // An <input> can only be a checkbox (the kind task lists write).
        .set_tag_attribute_value("input", "type", "checkbox")
        .link_rel(None)
        .id_prefix(None)
        .strip_comments(true)
        .attribute_filter(keeps_attribute);
    b
});

/// `html` with everything outside the allow-list removed, well-formed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}
