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

/// The same on an index split into term shards (the larger by three letters) and document
/// files of about 4 KB (a large site's layout): every document must land at its own number
/// in the client.
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
        // Shards of more than 1 KB split by three letters.
        shard_bytes: 1024,
        ..BuildOptions::default()
    };
    let index = careerguide_search::SearchIndex::build(&docs, &abbreviations, options.clone());
    assert!(
        index.files()[0].contents.contains("\"x\":{\""),
        "some shards are split by three letters"
    );
    match parity::check_with(&root, &client, &docs, &abbreviations, options) {
        Ok(summary) => println!("{summary}"),
        Err(differences) => panic!("browser client differs from Rust:\n{differences}"),
    }
}

/// The same where every term in more than a quarter of the documents keeps no positions
/// (`BuildOptions::positions_floor` 0; on the bundled guide the default keeps them all):
/// the client must read which terms those are from the index (`u`) and give them no bonus
/// for standing near another word, in one file and split.
#[test]
fn browser_client_ranks_like_rust_when_common_terms_keep_no_positions() {
    if !parity::node_or_skip("browser-client parity check") {
        return;
    }
    let root = content::repo_root();
    let (docs, abbreviations) = content::bundled(&root);
    let client = root.join("themes/default/static/js/search.js");
    for options in [
        BuildOptions {
            positions_floor: 0,
            ..BuildOptions::default()
        },
        BuildOptions {
            single_file_bytes: 0,
            chunk_bytes: 4 * 1024,
            positions_floor: 0,
            ..BuildOptions::default()
        },
    ] {
        let index = careerguide_search::SearchIndex::build(&docs, &abbreviations, options.clone());
        let files = index.files();
        assert!(
            files.iter().any(|f| f.contents.contains("\"u\":{")),
            "some terms keep no positions"
        );
        match parity::check_with(&root, &client, &docs, &abbreviations, options) {
            Ok(summary) => println!("{summary}"),
            Err(differences) => panic!("browser client differs from Rust:\n{differences}"),
        }
    }
}
