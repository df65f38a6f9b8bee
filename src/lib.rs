//! careerguide: turns `content/`, `themes/` and `config.yaml` into an accessible static site.
//!
//! The pipeline runs one way: [`config`] → [`content`] → [`markdown`]/[`render`] →
//! [`links`]/[`lint`] checks → [`search`] → [`output`]. [`pipeline`] strings it together.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod external;
pub mod links;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod yaml;
