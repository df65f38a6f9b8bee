//! HTML read as a browser reads it (html5ever, the parser ammonia uses), for tests that
//! compare structure and visible text rather than strings.
#![allow(dead_code)]

use html5ever::tendril::TendrilSink;
use html5ever::{QualName, local_name, ns, parse_document, parse_fragment};
pub use markup5ever_rcdom::Handle;
use markup5ever_rcdom::{NodeData, RcDom};

/// A whole page, as a browser builds it. Keep it while using any node in it: dropping a
/// node (the document included) empties everything below it.
pub fn document(html: &str) -> Handle {
    parse_document(RcDom::default(), Default::default())
        .one(html)
        .document
}

/// A fragment of a page body (what Markdown renders to), inside a `<div>`.
pub fn fragment(html: &str) -> Handle {
    let dom = parse_fragment(
        RcDom::default(),
        Default::default(),
        QualName::new(None, ns!(html), local_name!("div")),
        vec![],
        false,
    )
    .one(html);
    // The fragment parser's root: an <html> element holding the fragment's nodes. Detached
    // from the document, as dropping a node empties everything below it.
    dom.document.children.borrow_mut().remove(0)
}

pub fn name(node: &Handle) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

pub fn attr(node: &Handle, attribute: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == attribute)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

pub fn has_class(node: &Handle, class: &str) -> bool {
    attr(node, "class").is_some_and(|c| c.split_ascii_whitespace().any(|x| x == class))
}

/// Every element under `node` (not `node` itself), in document order.
pub fn elements(node: &Handle) -> Vec<Handle> {
    let mut out = Vec::new();
    let mut stack: Vec<Handle> = node.children.borrow().iter().rev().cloned().collect();
    while let Some(n) = stack.pop() {
        if matches!(n.data, NodeData::Element { .. }) {
            out.push(n.clone());
        }
        stack.extend(n.children.borrow().iter().rev().cloned());
    }
    out
}

pub fn find(node: &Handle, tag: &str) -> Option<Handle> {
    elements(node)
        .into_iter()
        .find(|e| name(e).as_deref() == Some(tag))
}

pub fn parent(node: &Handle) -> Option<Handle> {
    let weak = node.parent.take();
    let parent = weak.as_ref().and_then(|w| w.upgrade());
    node.parent.set(weak);
    parent
}

/// Names of `node`'s ancestors, nearest first.
pub fn ancestors(node: &Handle) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = parent(node);
    while let Some(p) = at {
        if let Some(n) = name(&p) {
            out.push(n);
        }
        at = parent(&p);
    }
    out
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "html",
    "head",
    "title",
    "option",
    "label",
    "button",
    "select",
];
const HIDDEN: &[&str] = &["script", "style", "template", "noscript", "head"];

/// The text a reader sees, block by block: whitespace runs folded to one space and each
/// block's text trimmed (how CSS lays out normal text), empty blocks left out.
pub fn visible_blocks(node: &Handle) -> Vec<String> {
    let mut blocks = vec![String::new()];
    collect_text(node, &mut blocks);
    blocks
        .into_iter()
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|b| !b.is_empty())
        .collect()
}

fn collect_text(node: &Handle, blocks: &mut Vec<String>) {
    match &node.data {
        NodeData::Text { contents } => {
            if let Some(last) = blocks.last_mut() {
                last.push_str(&contents.borrow());
            }
        }
        NodeData::Element { name, .. } => {
            let tag = &*name.local;
            if HIDDEN.contains(&tag) {
                return;
            }
            let block = BLOCKS.contains(&tag);
            if block {
                blocks.push(String::new());
            }
            for child in node.children.borrow().iter() {
                collect_text(child, blocks);
            }
            if block {
                blocks.push(String::new());
            }
        }
        _ => {
            for child in node.children.borrow().iter() {
                collect_text(child, blocks);
            }
        }
    }
}

/// The text inside `node`, whitespace folded.
pub fn text_of(node: &Handle) -> String {
    visible_blocks(node).join(" ")
}
