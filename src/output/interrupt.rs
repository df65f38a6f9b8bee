//! Ctrl-C or SIGTERM during a build: the staging folder is removed before the process ends,
//! instead of being left beside the output until the next build cleans it up.
//!
//! [`Staging`](super::Staging) registers its folder here while it is unfinished; the
//! signal is awaited on a thread of its own. The swap into place holds the same lock, so a
//! signal that arrives mid-swap waits until the output holds a complete site.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The staging folder of the build in progress, if any.
static UNFINISHED: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Set once a signal is being handled: writers add nothing more to the staging folder.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Called by a writer before it adds to the staging folder. Once a signal is being handled
/// it waits for the process to end instead: a page written after the clean-up removed the
/// folder made part of it again (`create_dir_all`), and that part was left behind.
pub(super) fn wait_if_stopping() {
    while STOPPING.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

pub(super) fn lock() -> MutexGuard<'static, Option<PathBuf>> {
    UNFINISHED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes the unfinished staging folder, then ends the process, on Ctrl-C (exit status
/// 130) or SIGTERM (143), the statuses a shell gives a process stopped by them. Call once,
/// before [`Staging::begin`](super::Staging::begin), from a command that writes a site.
pub fn clean_up_on_signals() {
    // The build waits until the handlers are in place: a signal that came before them (as a
    // busy machine let it, right after the staging folder was made) ended the process with
    // its folder left behind.
    let (ready, listening) = std::sync::mpsc::channel();
    let started = std::thread::Builder::new()
        .name("careerguide-signals".into())
        .spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            let status = runtime.block_on(wait_for_stop(ready));
            STOPPING.store(true, Ordering::SeqCst);
            let mut unfinished = lock();
            if let Some(dir) = unfinished.take() {
                // A writer that looked before the flag was set may still add one file (and
                // its folders): remove, give it time, and look again, a bounded number of
                // times.
                for _ in 0..40 {
                    let _ = std::fs::remove_dir_all(&dir);
                    std::thread::sleep(std::time::Duration::from_millis(25));
                    if !dir.exists() {
                        break;
                    }
                }
                eprintln!(
                    "Stopped: the unfinished site was removed; the output was left as it was."
                );
            }
            std::process::exit(status);
        });
    // Without the thread, a stopped build leaves its folder for the next build to remove.
    if started.is_ok() {
        let _ = listening.recv_timeout(std::time::Duration::from_secs(5));
    }
}

#[cfg(unix)]
async fn wait_for_stop(ready: std::sync::mpsc::Sender<()>) -> i32 {
    use tokio::signal::unix::{SignalKind, signal};
    let handlers = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    );
    let _ = ready.send(());
    let (Ok(mut interrupt), Ok(mut terminate)) = handlers else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = interrupt.recv() => 130,
        _ = terminate.recv() => 143,
    }
}

#[cfg(not(unix))]
async fn wait_for_stop(ready: std::sync::mpsc::Sender<()>) -> i32 {
    let _ = ready.send(());
    let _ = tokio::signal::ctrl_c().await;
    130
}
