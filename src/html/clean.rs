//! A page's HTML through the allow-list, re-serialised well-formed.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::allow::*;

pub(super) static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.add_tags(TAGS)
        .add_clean_content_tags(DROPPED_WITH_CONTENT)
        .add_generic_attributes(GENERIC_ATTRIBUTES)
        .add_generic_attribute_prefixes(["aria-"])
        .url_schemes(LINK_SCHEMES.iter().copied().collect::<HashSet<_>>())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // An <input> can only be a checkbox (the kind task lists write).
        .set_tag_attribute_value("input", "type", "checkbox")
        .link_rel(None)
        .id_prefix(None)
        .strip_comments(true)
        .attribute_filter(keeps_attribute);
    for (tag, attributes) in TAG_ATTRIBUTES {
        b.add_tag_attributes(*tag, attributes.iter().copied());
    }
    b
});

/// `html` with everything outside the allow-list removed, well-formed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}
