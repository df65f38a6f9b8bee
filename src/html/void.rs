//! Kinds of element, as the HTML parser treats them.

/// Elements that never have content: `<br>` opens nothing that needs closing.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The HTML parser's "formatting" elements: left open, they are opened again in every
/// later block until something closes them.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Whether `name` (lower case) is a void element.
pub fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// Whether `name` (lower case) is a formatting element.
pub(super) fn is_formatting(name: &str) -> bool {
    FORMATTING.contains(&name)
}
