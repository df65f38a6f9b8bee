//! Dates as pages show them, and when a page is next due for review.

/// `25 November 2026`.
pub fn human_date(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// The date `months` after `d` (none past the end of the calendar).
pub fn next_review(d: jiff::civil::Date, months: u32) -> Option<jiff::civil::Date> {
    d.checked_add(jiff::Span::new().months(i64::from(months)))
        .ok()
}
