//! A time budget for work that cannot be interrupted: a template's render. Tera offers no
//! way to stop a render from outside, and a loop that writes nothing (`{% for a in x %}{% for
//! b in x %}{% endfor %}{% endfor %}` over a long list) never reaches the bounded writer of
//! `budget`. So each render runs on a helper thread kept for the calling thread, and the
//! caller waits at most the page's time budget for it.
//!
//! A render past its budget cannot be killed: its helper is **abandoned** (the caller gets a
//! new one next time), runs on at the lowest scheduling priority (Linux), and ends by itself
//! when the render does. Their cost is bounded: at most [`MAX_ABANDONED`] abandoned renders
//! may be running at once; past that, renders are refused at once (serve says to restart
//! it) rather than leaving more threads behind.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// The most abandoned renders that may still be running (each holds one thread and its
/// page's context); past it, no new render is started.
pub const MAX_ABANDONED: usize = 4;

/// Why a job gave no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// It went on past the budget and was abandoned.
    TimedOut,
    /// [`MAX_ABANDONED`] abandoned jobs are still running: this one was not started.
    TooManyAbandoned,
}

static ABANDONED: AtomicUsize = AtomicUsize::new(0);

/// How many abandoned jobs are still running.
pub fn abandoned() -> usize {
    ABANDONED.load(Ordering::SeqCst)
}

const RUNNING: u8 = 0;
const DONE: u8 = 1;
const GIVEN_UP: u8 = 2;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// One thread's helper: the thread that runs its jobs.
struct Helper {
    jobs: mpsc::Sender<Job>,
    /// The helper's kernel thread id, to lower its priority once it is abandoned.
    #[cfg(target_os = "linux")]
    tid: Arc<std::sync::OnceLock<rustix::process::Pid>>,
}

impl Helper {
    fn start() -> std::io::Result<Helper> {
        let (jobs, queue) = mpsc::channel::<Job>();
        #[cfg(target_os = "linux")]
        let tid = Arc::new(std::sync::OnceLock::new());
        #[cfg(target_os = "linux")]
        let its_tid = Arc::clone(&tid);
        std::thread::Builder::new()
            .name("careerguide-render".into())
            // As deep as the main thread's: a template's nesting is the render's recursion.
            .stack_size(8 * 1024 * 1024)
            .spawn(move || {
                #[cfg(target_os = "linux")]
                let _ = its_tid.set(rustix::thread::gettid());
                // Ends when the owner drops its sender (it abandoned this helper, or ended).
                for job in queue {
                    job();
                }
            })?;
        Ok(Helper {
            jobs,
            #[cfg(target_os = "linux")]
            tid,
        })
    }

    /// Lowers the helper's priority to the least (it spins on in the background).
    fn demote(&self) {
        #[cfg(target_os = "linux")]
        if let Some(tid) = self.tid.get() {
            let _ = rustix::process::setpriority_process(Some(*tid), 19);
        }
    }
}

thread_local! {
    static HELPER: RefCell<Option<Helper>> = const { RefCell::new(None) };
}

/// Runs `job` on this thread's helper and waits at most `budget` for its result. A panic
/// in `job` is passed on to the caller (as the job's own thread would).
pub fn run_within<R: Send + 'static>(
    budget: Duration,
    job: impl FnOnce() -> R + Send + 'static,
) -> Result<R, Overrun> {
    if abandoned() >= MAX_ABANDONED {
        return Err(Overrun::TooManyAbandoned);
    }
    let state = Arc::new(AtomicU8::new(RUNNING));
    let (tx, rx) = mpsc::sync_channel::<std::thread::Result<R>>(1);
    let job_state = Arc::clone(&state);
    let wrapped: Job = Box::new(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        if job_state
            .compare_exchange(RUNNING, DONE, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            // Given up on: nobody waits for it any more.
            ABANDONED.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        let _ = tx.send(result);
    });
    let sent = HELPER.with(|h| {
        let mut h = h.borrow_mut();
        if h.is_none() {
            *h = Helper::start().ok();
        }
        match h.as_ref() {
            Some(helper) => helper.jobs.send(wrapped).map_err(|e| e.0),
            None => Err(wrapped),
        }
    });
    if let Err(wrapped) = sent {
        // No thread to be had (or the helper is gone): run it here, unbounded, as before.
        wrapped();
    }
    let outcome = match rx.recv_timeout(budget) {
        Ok(result) => Ok(result),
        Err(_) => {
            if state
                .compare_exchange(RUNNING, GIVEN_UP, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                ABANDONED.fetch_add(1, Ordering::SeqCst);
                if let Some(helper) = HELPER.with(|h| h.borrow_mut().take()) {
                    helper.demote();
                }
                return Err(Overrun::TimedOut);
            }
            // It finished just as the wait ended: its result is sent, or about to be.
            rx.recv().map_err(|_| Overrun::TimedOut)
        }
    };
    match outcome? {
        Ok(r) => Ok(r),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn a_job_past_its_budget_is_abandoned_and_the_next_gets_a_new_helper() {
        assert_eq!(run_within(Duration::from_secs(60), || 6 * 7), Ok(42));
        let release = Arc::new(AtomicBool::new(false));
        let stuck = Arc::clone(&release);
        let before = abandoned();
        let r = run_within(Duration::from_millis(50), move || {
            while !stuck.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        assert_eq!(r, Err(Overrun::TimedOut));
        assert!(abandoned() > before);
        // The caller is not stuck behind it: a fresh helper takes the next job.
        assert_eq!(run_within(Duration::from_secs(60), || "next"), Ok("next"));
        // When the abandoned job ends at last, it is no longer counted.
        release.store(true, Ordering::SeqCst);
        for _ in 0..2000 {
            if abandoned() == before {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(abandoned(), before);
    }

    #[test]
    fn a_panic_in_the_job_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| run_within(Duration::from_secs(60), || panic!("in")));
        assert!(r.is_err());
        assert_eq!(run_within(Duration::from_secs(60), || 1), Ok(1));
    }
}
