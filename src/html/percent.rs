//! Percent-decoding addresses (`my%20report.pdf` → `my report.pdf`), for the link checks
//! and the preview server alike.

/// `text` with its `%XX` codes decoded, as a file system names what they address. A `%`
/// not followed by two hex digits is kept as it is (as browsers keep it); `None` when the
/// decoded bytes are not UTF-8.
pub fn percent_decoded(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// [`percent_decoded`], but `None` also for a `%` not followed by two hex digits (`%zz`,
/// `%4`): for a request's path, where such an address is not one a browser sends for a
/// file of the site.
pub fn percent_decoded_strictly(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    well_formed.then(|| percent_decoded(text)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_decoded_and_malformed_ones_kept_or_refused() {
        assert_eq!(
            percent_decoded("my%20report.pdf").as_deref(),
            Some("my report.pdf")
        );
        assert_eq!(percent_decoded("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(percent_decoded("%FF"), None);
        assert_eq!(percent_decoded("100%.pdf").as_deref(), Some("100%.pdf"));
        assert_eq!(
            percent_decoded_strictly("case%20studies/").as_deref(),
            Some("case studies/")
        );
        for bad in ["%zz", "%4", "a%", "%+1", "%FF"] {
            assert_eq!(percent_decoded_strictly(bad), None, "{bad}");
        }
    }
}
