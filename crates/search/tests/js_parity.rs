//! The browser client (themes/default/static/js/search.js, as written) must analyse and
//! rank exactly like the Rust crate: see support/parity.rs. Skipped (with a message) when
//! node is missing, except under `CI=true`, where that fails. The main crate's
//! tests/search.rs checks the client as it is shipped.

#[path = "support/parity.rs"]
mod parity;
mod support;

use careerguide_search::BuildOptions;
use support::content;

#[test]
fn browser_client_ranks_like_rust() {
    if !parity::node_or_skip("browser-client parity check") {
        return;
    }
    let root = content::repo_root();
    let (docs, abbreviations) = content::bundled(&root);
    let client = root.join("themes/default/static/js/search.js");
    match parity::check(&root, &client, &docs, &abbreviations) {
        Ok(summary) => println!("{summary}"),
        Err(differences) => panic!("browser client differs from Rust:\n{differences}"),
    }
}

/// The same on an index split into term shards and document files of about 4 KB (a large
/// site's layout): every document must land at its own number in the client.
#[test]
fn browser_client_ranks_like_rust_on_a_split_index() {
    if !parity::node_or_skip("browser-client parity check") {
        return;
    }
    let root = content::repo_root();
    let (docs, abbreviations) = content::bundled(&root);
    let client = root.join("themes/default/static/js/search.js");
    let options = BuildOptions {
        single_file_bytes: 0,
        chunk_bytes: 4 * 1024,
        ..BuildOptions::default()
    };
    match parity::check_with(&root, &client, &docs, &abbreviations, options) {
        Ok(summary) => println!("{summary}"),
        Err(differences) => panic!("browser client differs from Rust:\n{differences}"),
    }
}
