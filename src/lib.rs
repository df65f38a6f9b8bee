//! careerguide: turns `content/`, `themes/` and `config.yaml` into an accessible static site.
//!
//! The pipeline runs one way: [`config`] → [`content`] → [`markdown`]/[`render`] →
//! [`links`]/[`lint`] checks → [`search`] → [`output`]. [`pipeline`] strings it together.

// Diagnostics are returned on the cold path only (a mistake in the content); boxing them
// would make every error site noisier for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod brand;
pub mod config;
pub mod content;
pub mod counters;
pub mod diagnostics;
pub mod external;
pub mod html;
pub mod layers;
pub mod links;
pub mod lint;
pub mod markdown;
pub mod memo;
pub mod minify;
pub mod output;
pub mod overrides;
pub mod pipeline;
pub mod project_files;
pub mod publish;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod yaml;
