//! What one page's render may produce: at most [`MAX_PAGE_BYTES`] of HTML, written within
//! [`MAX_PAGE_TIME`]. A template that never ends (loops inside loops) grew memory by about
//! 20 MB a second until the machine gave out, and wedged `serve`; now its render stops at
//! the first write past either bound, and the build fails naming the template and the page.
//!
//! The size is checked each time the template writes; the time every [`CLOCK_EVERY`] writes
//! and from outside (a loop that writes nothing never reaches the writer): each render runs
//! under `watchdog`, which gives up on it at [`MAX_PAGE_TIME`].

use std::io::{self, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The most HTML one page may come to (the whole-guide print page of a large site is a few
/// megabytes).
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;
/// The longest one page's render may take (a page takes milliseconds).
pub const MAX_PAGE_TIME: Duration = Duration::from_secs(20);
/// Lowers [`MAX_PAGE_BYTES`], for the tests that prove it.
pub const MAX_PAGE_BYTES_VAR: &str = "CAREERGUIDE_RENDER_MAX_BYTES";
/// Lowers [`MAX_PAGE_TIME`] (whole seconds), for the tests that prove it.
pub const MAX_PAGE_TIME_VAR: &str = "CAREERGUIDE_RENDER_MAX_SECONDS";

/// How many writes pass between two readings of the clock. A page is thousands of small
/// writes, and reading the clock at each was a twentieth of a build; a template that writes
/// without end still reaches the next reading within microseconds.
const CLOCK_EVERY: u32 = 256;

/// Which bound a render went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    Size(usize),
    Time(Duration),
}

impl Breach {
    /// "more than 64 MB of HTML", "longer than 20 seconds".
    pub fn describe(self) -> String {
        match self {
            Breach::Size(max) if max >= 1024 * 1024 => {
                format!("more than {} MB of HTML", max / (1024 * 1024))
            }
            Breach::Size(max) => format!("more than {max} bytes of HTML"),
            Breach::Time(max) if max.as_secs() == 1 => "longer than 1 second".to_string(),
            Breach::Time(max) => format!("longer than {} seconds", max.as_secs()),
        }
    }
}

/// The page's HTML, written within the bounds.
pub struct Bounded {
    out: Vec<u8>,
    max_bytes: usize,
    deadline: Instant,
    /// Writes until the clock is read again.
    until_clock: u32,
    pub breach: Option<Breach>,
}

impl Bounded {
    pub fn new() -> Self {
        Bounded {
            out: Vec::with_capacity(16 * 1024),
            max_bytes: max_bytes(),
            deadline: Instant::now() + max_time(),
            until_clock: 0,
            breach: None,
        }
    }

    pub fn into_inner(self) -> Vec<u8> {
        self.out
    }
}

fn max_bytes() -> usize {
    static MAX: OnceLock<usize> = OnceLock::new();
    *MAX.get_or_init(|| {
        std::env::var(MAX_PAGE_BYTES_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
            .map_or(MAX_PAGE_BYTES, |n| n.min(MAX_PAGE_BYTES))
    })
}

/// The time one page's render may take: [`MAX_PAGE_TIME`], or less when
/// [`MAX_PAGE_TIME_VAR`] says so.
pub fn max_time() -> Duration {
    static MAX: OnceLock<Duration> = OnceLock::new();
    *MAX.get_or_init(|| {
        std::env::var(MAX_PAGE_TIME_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|n| *n > 0)
            .map_or(MAX_PAGE_TIME, |n| Duration::from_secs(n).min(MAX_PAGE_TIME))
    })
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.out.len() + buf.len() > self.max_bytes {
            self.breach = Some(Breach::Size(self.max_bytes));
        } else if self.until_clock > 0 {
            self.until_clock -= 1;
        } else {
            self.until_clock = CLOCK_EVERY - 1;
            if Instant::now() > self.deadline {
                self.breach = Some(Breach::Time(max_time()));
            }
        }
        if self.breach.is_some() {
            return Err(io::Error::other("the page's render budget is spent"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_past_the_size_bound_fail_and_say_why() {
        let mut w = Bounded {
            max_bytes: 10,
            ..Bounded::new()
        };
        w.write_all(b"0123456789").unwrap();
        assert!(w.write_all(b"x").is_err());
        assert_eq!(w.breach, Some(Breach::Size(10)));
        assert_eq!(w.into_inner(), b"0123456789");
        let mut late = Bounded {
            deadline: Instant::now() - Duration::from_secs(1),
            ..Bounded::new()
        };
        assert!(late.write_all(b"x").is_err());
        assert_eq!(late.breach, Some(Breach::Time(max_time())));
        assert_eq!(
            Breach::Size(MAX_PAGE_BYTES).describe(),
            "more than 64 MB of HTML"
        );
    }
}
