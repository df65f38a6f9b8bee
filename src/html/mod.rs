//! Everything the site knows about HTML, in one place (ammonia, html5ever and htmd stay inside
//! this module, and it uses nothing else of ours): the allow-list for raw HTML in Markdown
//! ([`allow`]), cleaning through it ([`clean`]), balancing raw tags against the site's own
//! wrappers ([`balance`]), a report of what the list removed, so an editor learns why an embed
//! vanished ([`removals`]), pasted HTML as Markdown for `serve --edit` ([`paste`]), and the
//! small shared pieces: void elements, escaping, address schemes, the ids of a rendered page.
//!
//! The rendered body of every page goes through [`clean`]: what a guide uses is kept, scripts,
//! frames, forms, styles, event handlers and `javascript:`/`data:` addresses are removed, and
//! because the HTML is re-serialised through an HTML5 parser an unclosed tag can no longer
//! swallow the rest of the page. [`removals`] reads a stretch of raw HTML as an editor wrote
//! it and lists, with lines, every element, attribute or class [`clean`] will remove: the
//! same tables and the same `keeps_attribute` decide both. Every page takes that one path,
//! our renderer's own HTML too: a second, hand-written cleaner for pages without raw HTML
//! was removed (issue 19; its gain is measured in docs/performance.md).
//!
//! Decisions (docs/editing.md, "Raw HTML"):
//! - `id` is kept as written (no prefix): heading anchors and `[x](#id)` links need it, and the
//!   site runs no script that an id could confuse. ammonia drops it by default.
//! - No `rel="noopener noreferrer"` is added to links (ammonia's default): `target` is not
//!   allowed, so no link opens a window that could reach back, and the referrer policy is the
//!   site's own choice.
//! - A theme cannot widen the list. An embed (video, form, map) loads another site's page or
//!   scripts, which the site's Content-Security-Policy and its "no requests to other sites"
//!   rule forbid anyway; link to it instead. Widening the list is a change to this file.

mod allow;
mod balance;
mod clean;
mod escape;
mod ids;
mod paste;
mod percent;
mod removals;
mod scheme;
#[cfg(test)]
mod tests;
mod tokens;
mod void;

pub use allow::{
    EDITOR_CLASSES, EXTERNAL_IMAGE_HINT, LINK_SCHEMES, TAGS, is_external_image,
    url_kept as link_kept,
};
pub use balance::RawHtml;
pub use clean::clean;
pub use escape::escape_html;
pub use ids::ids_in;
pub use paste::{MAX_PASTE_DEPTH, PasteRefused, pasted_markdown};
pub use percent::{percent_decoded, percent_decoded_strictly};
pub use removals::{Removal, removals};
pub use scheme::scheme;
pub use tokens::{RawTag, tags};
pub use void::is_void;
