//! Address schemes, read as browsers read them.

/// The scheme of an address, as a browser reads it (`JavaScript:`, ` java\tscript:` …),
/// lower-cased; `None` for a relative address.
pub fn scheme(address: &str) -> Option<String> {
    let cleaned: String = address
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}
