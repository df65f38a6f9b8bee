//! Elements that never have content.

pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "embed" | "img" | "input" | "br" | "hr" | "meta" | "link"
    )
}
