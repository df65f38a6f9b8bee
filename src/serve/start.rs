//! Starting the preview: the first build, the watcher, the build threads and the server.

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use super::edit::Editor;
use super::listener::{self, Limits};
use super::rebuild::{self, Rebuilder};
use super::state::{Shared, Snapshot, index_map};
use super::terminal::{count, paint, print_problems, warnings_note};
use super::{ServeOptions, http, watch};
use crate::diagnostics;
use crate::pipeline::Memory;
use crate::search::IndexJob;

/// Runs the preview until the process is stopped. Returns an explanation if it cannot start.
pub fn run(options: ServeOptions) -> Result<(), String> {
    if options.edit && !options.bind.is_loopback() {
        return Err(format!(
            "--edit only works on this computer's own address, and --bind asks for {}\n  hint: leave out --bind (or use --bind 127.0.0.1): pages can then be changed only from this computer",
            options.bind
        ));
    }
    let root = std::fs::canonicalize(&options.root).map_err(|e| {
        format!(
            "cannot open the project folder {}: {e}\n  hint: run careerguide from the folder holding config.yaml, or pass --root DIR",
            options.root.display()
        )
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the preview server: {e}"))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((options.bind, options.port)))
        .map_err(|e| {
            format!(
                "cannot listen on {}:{}: {e}\n  hint: another program may be using port {}; try --port 0 to pick a free one",
                options.bind, options.port, options.port
            )
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot start the preview server: {e}"))?;
    let url = preview_url(addr);
    let colour = diagnostics::use_colour();

    let shared = Arc::new(Shared::new());
    let editor = if options.edit {
        Some(Arc::new(Editor::new(&root, &url, shared.clone())?))
    } else {
        None
    };
    let started = Instant::now();
    // What one build made that the next can reuse (see memo.rs); the rebuild thread owns it.
    // The watcher reports every change to the rebuilder, which passes it on to the memory.
    let memory = Memory::watched();
    match rebuild::build_site(&root, &url, &memory) {
        Ok(mut fresh) => {
            // The first time, the search index is ready before anyone can ask for it.
            let index = index_map(fresh.index.take().map(|j| j.files()).unwrap_or_default());
            let mut index_paths: Vec<String> = index.keys().cloned().collect();
            index_paths.sort();
            fresh.files.extend(index);
            let took = started.elapsed().as_millis();
            eprintln!(
                "Built {} pages in {took} ms{}",
                fresh.pages,
                warnings_note(fresh.warnings.iter().filter(|w| w.is_warning()).count())
            );
            let first =
                Snapshot::first(fresh.files, fresh.copied_from, fresh.warnings, index_paths);
            shared.publish(first, None);
        }
        Err(problems) => {
            print_problems(&problems, colour);
            eprintln!(
                "The site could not be built ({}). The preview shows the problem until you fix it.",
                count(problems.len(), "problem")
            );
            shared.publish(Snapshot::first_failed(problems), None);
        }
    }

    let (watching, changes) = watch::start(&root, options.poll).map_err(|e| {
        format!(
            "cannot watch the project folder for changes: {e}\n  hint: on a network drive, try `careerguide serve --poll`"
        )
    })?;

    // Tests and scripts read the address from standard output.
    println!("Serving the guide at {url}");
    if let Some(editor) = &editor {
        // Its own line, after the address tests and scripts read.
        println!("Editing is on: open {}", editor.address());
        eprintln!(
            "{}",
            paint(
                "Open the address above (it holds a secret key after #edit=) to get an \"Edit this page\" link on every page. \
Anyone who has that address can change the guide's files on this computer: do not share it.",
                "1",
                colour
            )
        );
    }
    let _ = std::io::stdout().flush();
    if !options.bind.is_loopback() {
        eprintln!(
            "{}",
            paint(
                &format!(
                    "WARNING: listening on {} (not loopback): other computers on the network can open this preview. \
Use the default (--bind 127.0.0.1) unless you mean to share it.",
                    options.bind
                ),
                "1;33",
                colour
            )
        );
    }
    eprintln!(
        "Watching {}{}. Press Ctrl+C to stop.",
        crate::diagnostics::terminal_safe(&watch::watched_places(&root)),
        if options.poll {
            " (polling every 500 ms)"
        } else {
            ""
        }
    );
    if options.open {
        open_browser(&editor.as_ref().map_or_else(|| url.clone(), |e| e.address()));
    }

    let (index_jobs, index_queue) = std::sync::mpsc::channel::<(u64, IndexJob)>();
    {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("search index".into())
            .spawn(move || rebuild::index_loop(&shared, &index_queue))
            .map_err(|e| format!("cannot start the search index thread: {e}"))?;
    }
    let builder = {
        let shared = shared.clone();
        let root = root.clone();
        let url = url.clone();
        std::thread::Builder::new()
            .name("rebuild".into())
            .spawn(move || {
                let _watching = watching;
                Rebuilder {
                    root: &root,
                    url: &url,
                    shared: &shared,
                    index_jobs: &index_jobs,
                    memory: &memory,
                    colour,
                }
                .run(&changes);
            })
            .map_err(|e| format!("cannot start the rebuild thread: {e}"))?
    };

    let app = http::router(shared, options.bind, editor);
    runtime.block_on(async move {
        tokio::select! {
            () = listener::serve(listener, app, Limits::from_env()) => {}
            _ = tokio::signal::ctrl_c() => eprintln!("Stopped."),
        }
    });
    drop(builder);
    // Open event streams would otherwise keep the runtime waiting.
    runtime.shutdown_background();
    Ok(())
}

/// The address pages are built for: links on the 404 page must work at any depth.
fn preview_url(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        match addr.ip() {
            IpAddr::V6(ip) => format!("[{ip}]"),
            IpAddr::V4(ip) => ip.to_string(),
        }
    };
    format!("http://{host}:{}/", addr.port())
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    if command.spawn().is_err() {
        eprintln!("Could not open a browser: open {url} yourself.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_url_names_a_reachable_host() {
        assert_eq!(
            preview_url("127.0.0.1:8000".parse().unwrap()),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(
            preview_url("0.0.0.0:8000".parse().unwrap()),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(preview_url("[::1]:80".parse().unwrap()), "http://[::1]:80/");
    }
}
