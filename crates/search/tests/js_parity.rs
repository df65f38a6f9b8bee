//! The browser client (themes/default/static/js/search.js, as written) must analyse and
//! rank exactly like the Rust crate: see support/parity.rs. Skipped (with a message) when
//! node is missing, except under `CI=true`, where that fails. The main crate's
//! tests/search.rs checks the client as it is shipped.

#[path = "support/parity.rs"]
mod parity;
mod support;

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
