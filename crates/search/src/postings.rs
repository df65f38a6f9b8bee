//! A term's posting list, held the way it is written: the numbers of the index format
//! (see `encode`) as LEB128 bytes, appended as documents arrive in order.
//!
//! A large site has millions of postings; as [`Posting`] structs they took over 150 MB at
//! 10 000 pages, as these bytes they take about a sixth of that, and writing the index is
//! then only printing numbers.

use crate::index::{MAX_POSITIONS, Positions, Posting, posting_count};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingList {
    bytes: Vec<u8>,
    last_doc: u32,
    docs: u32,
    /// Length of the list written as a JSON array of numbers.
    json_len: usize,
    /// The list keeps no positions (a term in many documents: see
    /// [`keeps_positions`](crate::index::keeps_positions)).
    bare: bool,
}

impl PostingList {
    /// An empty list that will keep no positions.
    pub fn bare() -> Self {
        PostingList {
            bare: true,
            ..PostingList::default()
        }
    }

    /// Whether the list keeps no positions.
    pub fn is_bare(&self) -> bool {
        self.bare
    }

    /// The same postings without their positions.
    pub fn without_positions(&self) -> PostingList {
        let mut out = PostingList::bare();
        for p in self.postings() {
            out.push(&p);
        }
        out.bytes.shrink_to_fit();
        out
    }

    /// Appends `p`, whose document must come after every document already in the list,
    /// and whose positions hold exactly [`posting_count`] entries (none are kept in a
    /// bare list).
    pub fn push(&mut self, p: &Posting) {
        debug_assert!(self.docs == 0 || p.doc > self.last_doc);
        self.number(u64::from(p.doc - self.last_doc));
        self.last_doc = p.doc;
        self.docs += 1;
        self.number(u64::from(p.body) * 16 + u64::from(p.heading) * 4 + u64::from(p.title));
        let mut prev = 0u32;
        let count = if self.bare { 0 } else { posting_count(p) };
        for (i, &pos) in p.positions.iter().take(count).enumerate() {
            self.number(u64::from(if i == 0 { pos } else { pos - prev }));
            prev = pos;
        }
    }

    fn number(&mut self, mut n: u64) {
        self.json_len += digits(n) + 1;
        while n >= 0x80 {
            self.bytes.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    /// How many documents the list holds (the term's document frequency).
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Bytes of [`PostingList::write_json`]'s output.
    pub fn json_len(&self) -> usize {
        self.json_len.max(1) + 1
    }

    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    fn numbers(&self) -> Numbers<'_> {
        Numbers { bytes: &self.bytes }
    }

    /// Writes the list as the format's flat JSON array of numbers.
    pub fn write_json(&self, out: &mut String) {
        out.reserve(self.json_len());
        let mut first = true;
        for n in self.numbers() {
            out.push(if first { '[' } else { ',' });
            first = false;
            push_number(out, n);
        }
        if first {
            out.push('[');
        }
        out.push(']');
    }

    /// Writes the list as two flat JSON arrays, as the format keeps them apart (see
    /// `encode`): the document numbers (differences) and field counts to `postings`, the
    /// positions (the first of each document absolute, the rest differences) to `positions`.
    /// A posting's number of positions follows from its field counts.
    pub fn write_json_split(&self, postings: &mut String, positions: &mut String) {
        let mut numbers = self.numbers();
        let mut first = [true, true];
        let push = |out: &mut String, first: &mut bool, n: u64| {
            out.push(if *first { '[' } else { ',' });
            *first = false;
            push_number(out, n);
        };
        while let Some(delta) = numbers.next() {
            let code = numbers.next().unwrap_or(0);
            push(postings, &mut first[0], delta);
            push(postings, &mut first[0], code);
            let total = (code & 3) + ((code >> 2) & 3) + (code >> 4);
            let count = if self.bare {
                0
            } else {
                usize::try_from(total)
                    .unwrap_or(usize::MAX)
                    .min(MAX_POSITIONS)
            };
            for _ in 0..count {
                push(positions, &mut first[1], numbers.next().unwrap_or(0));
            }
        }
        for (out, first) in [(postings, first[0]), (positions, first[1])] {
            if first {
                out.push('[');
            }
            out.push(']');
        }
    }

    /// The postings, decoded.
    pub fn postings(&self) -> Vec<Posting> {
        let mut out = Vec::with_capacity(self.len());
        let mut numbers = self.numbers();
        let mut doc = 0u32;
        while let Some(delta) = numbers.next() {
            doc += delta as u32;
            let code = numbers.next().unwrap_or(0);
            let mut p = Posting {
                doc,
                title: (code & 3) as u8,
                heading: ((code >> 2) & 3) as u8,
                body: (code >> 4) as u32,
                positions: Positions::default(),
            };
            let mut at = [0u32; MAX_POSITIONS];
            let count = if self.bare { 0 } else { posting_count(&p) };
            let mut pos = 0u32;
            for (i, slot) in at.iter_mut().take(count).enumerate() {
                let n = numbers.next().unwrap_or(0) as u32;
                pos = if i == 0 { n } else { pos + n };
                *slot = pos;
            }
            p.positions = Positions::exactly(&at[..count]);
            out.push(p);
        }
        out
    }
}

struct Numbers<'a> {
    bytes: &'a [u8],
}

impl Iterator for Numbers<'_> {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        let mut n = 0u64;
        let mut shift = 0;
        loop {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
            shift += 7;
        }
    }
}

/// Appends `n` in decimal. By hand: `write!` costs several times more, over millions of
/// numbers.
fn push_number(out: &mut String, mut n: u64) {
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(doc: u32, title: u8, heading: u8, body: u32, positions: &[u32]) -> Posting {
        Posting {
            doc,
            title,
            heading,
            body,
            positions: Positions::exactly(positions),
        }
    }

    #[test]
    fn postings_round_trip_and_print_as_the_format_says() {
        let list = [
            posting(2, 1, 0, 1, &[3, 10]),
            posting(5, 0, 0, 1, &[7]),
            posting(300, 3, 3, 70_000, &[1, 1, 1, 1]),
        ];
        let mut l = PostingList::default();
        for p in &list {
            l.push(p);
        }
        assert_eq!(l.postings(), list);
        assert_eq!(l.len(), 3);
        let mut json = String::new();
        l.write_json(&mut json);
        assert_eq!(json, "[2,17,3,7,3,16,7,295,1120015,1,0,0,0]");
        assert_eq!(json.len(), l.json_len());
        let mut big = PostingList::default();
        big.push(&posting(
            u32::MAX,
            3,
            3,
            u32::MAX,
            &[0, u32::MAX, u32::MAX, u32::MAX],
        ));
        let mut json = String::new();
        big.write_json(&mut json);
        assert_eq!(
            json,
            format!(
                "[{},{},0,{},0,0]",
                u32::MAX,
                u64::from(u32::MAX) * 16 + 15,
                u32::MAX
            )
        );
        assert_eq!(json.len(), big.json_len());
    }

    #[test]
    fn an_empty_list_prints_as_an_empty_array() {
        let l = PostingList::default();
        let mut json = String::new();
        l.write_json(&mut json);
        assert_eq!(json, "[]");
        assert_eq!(json.len(), l.json_len());
        let (mut postings, mut positions) = (String::new(), String::new());
        l.write_json_split(&mut postings, &mut positions);
        assert_eq!((postings.as_str(), positions.as_str()), ("[]", "[]"));
    }

    #[test]
    fn a_bare_list_keeps_the_postings_without_their_positions() {
        let mut l = PostingList::default();
        for p in [
            posting(2, 1, 0, 1, &[3, 10]),
            posting(300, 3, 3, 70_000, &[1, 1, 1, 1]),
        ] {
            l.push(&p);
        }
        let bare = l.without_positions();
        assert!(bare.is_bare() && !l.is_bare());
        assert_eq!(
            bare.postings(),
            [posting(2, 1, 0, 1, &[]), posting(300, 3, 3, 70_000, &[])]
        );
        let mut json = String::new();
        bare.write_json(&mut json);
        assert_eq!(json, "[2,17,298,1120015]");
        assert_eq!(json.len(), bare.json_len());
        let (mut postings, mut positions) = (String::new(), String::new());
        bare.write_json_split(&mut postings, &mut positions);
        assert_eq!(
            (postings.as_str(), positions.as_str()),
            ("[2,17,298,1120015]", "[]")
        );
    }

    #[test]
    fn split_lists_print_the_same_numbers_positions_apart() {
        let mut l = PostingList::default();
        for p in [
            posting(2, 1, 0, 1, &[3, 10]),
            posting(5, 0, 0, 1, &[7]),
            posting(300, 3, 3, 70_000, &[1, 1, 1, 1]),
        ] {
            l.push(&p);
        }
        let (mut postings, mut positions) = (String::from("x"), String::from("y"));
        l.write_json_split(&mut postings, &mut positions);
        // Inline: [2,17,3,7,3,16,7,295,1120015,1,0,0,0]
        assert_eq!(postings, "x[2,17,3,16,295,1120015]");
        assert_eq!(positions, "y[3,7,7,1,0,0,0]");
    }
}
