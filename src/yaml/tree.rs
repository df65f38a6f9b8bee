//! Where each value of a YAML text is written: the parser's events (granit-parser, the parser
//! serde-saphyr reads with) made into a tree of nodes with their byte ranges and lines, so a
//! single entry of a data file can be replaced, or a new one added, without writing the rest
//! of the file again (its comments, order and quoting stay as they are).

use granit_parser::{Event, Parser};

/// Where a node is written: bytes `start..end` of the text, and its first and last lines
/// (1-based; `last_line` is the line holding the node's last character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub last_line: usize,
    /// The column (0-based, in characters) the node starts at.
    pub column: usize,
}

/// A node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A scalar: its value after escapes.
    Scalar(String, Place),
    /// A sequence; `block` when written as `- ` lines, not `[…]`.
    Sequence {
        items: Vec<Node>,
        block: bool,
        place: Place,
    },
    /// A mapping; `block` when written as `key: value` lines, not `{…}`.
    Mapping {
        entries: Vec<(Node, Node)>,
        block: bool,
        place: Place,
    },
    /// `*name`, anywhere a value could be.
    Alias(Place),
}

impl Node {
    pub fn place(&self) -> Place {
        match self {
            Node::Scalar(_, p) | Node::Alias(p) => *p,
            Node::Sequence { place, .. } | Node::Mapping { place, .. } => *place,
        }
    }

    /// The value of key `key` of a mapping, with the key's node.
    pub fn get(&self, key: &str) -> Option<(&Node, &Node)> {
        match self {
            Node::Mapping { entries, .. } => entries
                .iter()
                .find(|(k, _)| matches!(k, Node::Scalar(s, _) if s == key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The text of a scalar.
    pub fn text(&self) -> Option<&str> {
        match self {
            Node::Scalar(s, _) => Some(s),
            _ => None,
        }
    }
}

/// The tree of the (first) document of `text`; `None` for an empty document. The text must
/// already have been read by [`super::parse`] (so its errors were told in the editor's
/// words); an error here is the parser's own message.
pub fn tree(text: &str) -> Result<Option<Node>, String> {
    let mut events = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    while let Some(next) = events.next_event() {
        let (event, span) = next.map_err(|e| e.to_string())?;
        let byte = |m: &granit_parser::Marker| m.byte_offset().unwrap_or(0);
        let here = Place {
            start: byte(&span.start),
            end: byte(&span.end),
            line: span.start.line(),
            last_line: last_line(text, byte(&span.start), byte(&span.end), span.start.line()),
            column: span.start.col(),
        };
        let done = match event {
            Event::Scalar(value, ..) => Some(Node::Scalar(value.into_owned(), here)),
            Event::Alias(_) | Event::UnresolvedAlias(_) => Some(Node::Alias(here)),
            Event::SequenceStart(style, ..) => {
                stack.push(Open {
                    mapping: false,
                    block: style == granit_parser::StructureStyle::Block,
                    place: here,
                    nodes: Vec::new(),
                });
                None
            }
            Event::MappingStart(style, ..) => {
                stack.push(Open {
                    mapping: true,
                    block: style == granit_parser::StructureStyle::Block,
                    place: here,
                    nodes: Vec::new(),
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let open = stack.pop().ok_or("unbalanced YAML events")?;
                Some(open.close(text, here))
            }
            Event::DocumentEnd => break,
            _ => None,
        };
        if let Some(node) = done {
            match stack.last_mut() {
                Some(parent) => parent.nodes.push(node),
                None => {
                    root = Some(node);
                }
            }
        }
    }
    Ok(root)
}

struct Open {
    mapping: bool,
    block: bool,
    place: Place,
    nodes: Vec<Node>,
}

impl Open {
    /// The finished node; it ends where its last child ends (a block collection's own end
    /// event sits at whatever comes next, comments and blank lines included).
    fn close(self, text: &str, end: Place) -> Node {
        let mut place = self.place;
        if let Some(last) = self.nodes.last() {
            let l = last.place();
            if self.block {
                place.end = l.end.max(place.start);
                place.last_line = l.last_line;
            }
        }
        if !self.block {
            // A flow collection's end event is its closing bracket.
            place.end = end.end.max(place.start);
            place.last_line = last_line(text, place.start, place.end, place.line);
        }
        if self.mapping {
            let mut entries = Vec::new();
            let mut nodes = self.nodes.into_iter();
            while let (Some(k), Some(v)) = (nodes.next(), nodes.next()) {
                entries.push((k, v));
            }
            Node::Mapping {
                entries,
                block: self.block,
                place,
            }
        } else {
            Node::Sequence {
                items: self.nodes,
                block: self.block,
                place,
            }
        }
    }
}

/// The line of the last character of bytes `start..end` (a block scalar's range ends after
/// its last line break).
fn last_line(text: &str, start: usize, end: usize, first: usize) -> usize {
    let end = end.min(text.len());
    let start = start.min(end);
    let inner = text.get(start..end).unwrap_or_default();
    let inner = inner.trim_end_matches(['\n', '\r', ' ', '\t']);
    first + inner.matches('\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_have_their_lines_and_bytes() {
        let text = "# top\nterms:\n  - term: A   # trailing\n    expansion: >-\n      folded\n      text\n\n  # between\n  - term: B\n    expansion: \"b\"\n";
        let root = tree(text).unwrap().unwrap();
        let (_, terms) = root.get("terms").unwrap();
        let Node::Sequence { items, block, .. } = terms else {
            panic!("{terms:?}")
        };
        assert!(block);
        assert_eq!(items.len(), 2);
        let a = items[0].place();
        assert_eq!((a.line, a.last_line, a.column), (3, 6, 4));
        assert_eq!(&text[a.start..a.start + 5], "term:");
        let b = items[1].place();
        assert_eq!((b.line, b.last_line), (9, 10));
        assert_eq!(&text[b.start..b.end], "term: B\n    expansion: \"b\"");
        let (_, exp) = items[0].get("expansion").unwrap();
        assert_eq!(exp.text(), Some("folded text"));
    }

    #[test]
    fn flow_collections_are_told_apart() {
        let root = tree("terms: []\n").unwrap().unwrap();
        let (_, terms) = root.get("terms").unwrap();
        assert!(matches!(terms, Node::Sequence { block: false, items, .. } if items.is_empty()));
        assert_eq!(tree("# only a comment\n").unwrap(), None);
    }
}
