//! Every pair of colours the default theme draws one on the other, and how much contrast
//! WCAG 2.2 asks of each: 4.5:1 for text (1.4.3), 3:1 for the boundaries of controls, state
//! markers and focus indicators (1.4.11). The three colours a trust may set in `brand:` are
//! [`Key`]s; the rest are the theme's own. `site.css` declares the same defaults as custom
//! properties (a test keeps them the same).

/// A colour a trust sets in the `brand:` block of config.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Primary,
    Link,
    HeaderText,
}

impl Key {
    pub const ALL: [Key; 3] = [Key::Primary, Key::Link, Key::HeaderText];

    /// Its name in config.yaml, under `brand:`.
    pub fn name(self) -> &'static str {
        match self {
            Key::Primary => "primary",
            Key::Link => "link",
            Key::HeaderText => "header_text",
        }
    }

    /// Its CSS custom property (in `site.css` and the generated `brand.css`).
    pub fn property(self) -> &'static str {
        match self {
            Key::Primary => "--cg-primary",
            Key::Link => "--cg-link",
            Key::HeaderText => "--cg-header-text",
        }
    }

    /// The default theme's colour when config.yaml sets none.
    pub fn default_hex(self) -> &'static str {
        match self {
            Key::Primary | Key::Link => "#005eb8",
            Key::HeaderText => "#ffffff",
        }
    }
}

/// One side of a pair: a brand colour, or one of the theme's fixed colours (named as a
/// reader would see it).
#[derive(Debug, Clone, Copy)]
pub enum Side {
    Brand(Key),
    Fixed(&'static str, &'static str),
}

/// How much contrast a pair needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Need {
    /// 4.5:1 (WCAG 1.4.3, text).
    Text,
    /// 3:1 (WCAG 1.4.11, controls, state markers and focus indicators).
    Ui,
}

impl Need {
    pub fn ratio(self) -> f64 {
        match self {
            Need::Text => 4.5,
            Need::Ui => 3.0,
        }
    }
    pub fn what(self) -> &'static str {
        match self {
            Need::Text => "4.5:1 for text",
            Need::Ui => "3:1 for controls and focus indicators",
        }
    }
}

/// Two colours the theme draws together, what they are, and what they need.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    pub fore: Side,
    pub back: Side,
    pub need: Need,
    pub what: &'static str,
}

const PAGE: Side = Side::Fixed("the page background", "#f0f4f5");
const WHITE: Side = Side::Fixed("white", "#ffffff");
const FOOTER: Side = Side::Fixed("the footer's grey", "#d8dde0");
const NOTE: Side = Side::Fixed("the editorial notes' yellow", "#fff9c4");
const FOCUS: Side = Side::Fixed("the focus highlight's yellow", "#ffeb3b");
const TEXT: Side = Side::Fixed("the text colour", "#212b32");
const SECONDARY: Side = Side::Fixed("the secondary text colour", "#4c6272");
const VISITED: Side = Side::Fixed("the visited link colour", "#330072");
const BUTTON: Side = Side::Fixed("the button green", "#007f3b");

const fn pair(fore: Side, back: Side, need: Need, what: &'static str) -> Pair {
    Pair {
        fore,
        back,
        need,
        what,
    }
}

/// Every pair the default theme uses (site.css, checklist.css).
pub const PAIRS: &[Pair] = &[
    pair(
        Side::Brand(Key::HeaderText),
        Side::Brand(Key::Primary),
        Need::Text,
        "the site's name, the search label, the Menu button and the search button in the header, and the step numbers of the career pathway",
    ),
    pair(
        FOCUS,
        Side::Brand(Key::Primary),
        Need::Ui,
        "the yellow focus highlight on a link or button in the header",
    ),
    pair(
        Side::Brand(Key::Link),
        PAGE,
        Need::Text,
        "links on the page",
    ),
    pair(
        Side::Brand(Key::Link),
        WHITE,
        Need::Text,
        "links in the menu, on cards and in tables, and the secondary buttons",
    ),
    pair(
        Side::Brand(Key::Link),
        FOOTER,
        Need::Text,
        "links in the footer",
    ),
    pair(
        Side::Brand(Key::Link),
        NOTE,
        Need::Text,
        "links in editorial notes, and the words a search matched in a result's link",
    ),
    pair(
        Side::Brand(Key::Primary),
        WHITE,
        Need::Ui,
        "the bar under the current page in the menu",
    ),
    pair(
        Side::Brand(Key::Primary),
        PAGE,
        Need::Ui,
        "the career pathway's step markers, and the bars beside quotations and checklist progress",
    ),
    pair(TEXT, PAGE, Need::Text, "text on the page"),
    pair(TEXT, WHITE, Need::Text, "text on cards, tables and fields"),
    pair(TEXT, FOOTER, Need::Text, "text in the footer"),
    pair(
        TEXT,
        NOTE,
        Need::Text,
        "text in editorial notes, and the words a search matched in a snippet",
    ),
    pair(TEXT, FOCUS, Need::Text, "a focused link's text"),
    pair(
        TEXT,
        PAGE,
        Need::Ui,
        "the dark bar under a focused link, and text fields' focus ring",
    ),
    pair(
        SECONDARY,
        PAGE,
        Need::Text,
        "secondary text (review dates, captions)",
    ),
    pair(SECONDARY, WHITE, Need::Text, "secondary text on cards"),
    pair(SECONDARY, WHITE, Need::Ui, "the border of text fields"),
    pair(VISITED, PAGE, Need::Text, "visited links on the page"),
    pair(VISITED, WHITE, Need::Text, "visited links on cards"),
    pair(VISITED, FOOTER, Need::Text, "visited links in the footer"),
    pair(
        VISITED,
        NOTE,
        Need::Text,
        "visited links in editorial notes",
    ),
    pair(WHITE, BUTTON, Need::Text, "the text of green buttons"),
];
