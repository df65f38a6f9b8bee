//! Results remembered from one build to the next, for `serve`: an editor's save changes one
//! file, so most pages parse, render and check exactly as last time.
//!
//! Every entry is keyed by a hash of *everything* it was made from, so a remembered result
//! can never be stale: when an input changes, the key changes. (A template is taken to
//! depend only on the templates and its context; one that read the clock would show the
//! time of its first render until its context changed.) Only what the last build used is
//! kept, so memory stays the size of one site. `tests/remembering.rs` holds it to that.
//!
//! A generic utility: it names no stage's types. `pipeline::Memory` holds one memo per
//! remembered step.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// Values by key, in two generations: the build under way and the one before. A memo made
/// with [`Memo::off`] remembers nothing and hashes nothing: a one-off build (`build`,
/// `check`) would only pay for keys and copies it never uses.
pub struct Memo<V> {
    generations: Mutex<Generations<V>>,
    on: bool,
}

struct Generations<V> {
    current: HashMap<u64, V>,
    previous: HashMap<u64, V>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            generations: Mutex::new(Generations {
                current: HashMap::new(),
                previous: HashMap::new(),
            }),
            on: true,
        }
    }
}

impl<V> Memo<V> {
    /// A memo that remembers nothing (for one-off builds).
    pub fn off() -> Self {
        Memo {
            on: false,
            ..Memo::default()
        }
    }

    /// Whether this memo remembers anything (see [`Memo::off`]).
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// Forgets whatever the build that just ended did not use.
    pub fn end_build(&self) {
        let mut g = self.lock();
        g.previous = std::mem::take(&mut g.current);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<V>> {
        self.generations.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl<V: Clone> Memo<V> {
    /// `make(input)`, remembered under a hash of `input`: the key is derived from exactly
    /// the value `make` receives, so whatever `make` reads from its input is in the key.
    /// (`make` should read nothing else; what it captures is not part of the key.)
    pub fn remember<I: Hash>(&self, input: I, make: impl FnOnce(I) -> V) -> V {
        if !self.on {
            return make(input);
        }
        let k = key(&input);
        self.get_or(k, || make(input))
    }

    /// The value remembered for `key`, or `make()`'s (remembered for next time).
    /// `make` runs without the lock held, so callers may run in parallel.
    pub fn get_or(&self, key: u64, make: impl FnOnce() -> V) -> V {
        if !self.on {
            return make();
        }
        if let Some(v) = self.get(key) {
            return v;
        }
        let v = make();
        self.put(key, v.clone());
        v
    }

    /// The value remembered for `key`, if any (kept for the next build too).
    pub fn get(&self, key: u64) -> Option<V> {
        if !self.on {
            return None;
        }
        let mut g = self.lock();
        if let Some(v) = g.current.get(&key) {
            return Some(v.clone());
        }
        let v = g.previous.remove(&key)?;
        g.current.insert(key, v.clone());
        Some(v)
    }

    pub fn put(&self, key: u64, value: V) {
        if self.on {
            self.lock().current.insert(key, value);
        }
    }
}

/// A key for a memo: the hash of all the given inputs. aHash, not the standard SipHash:
/// a rebuild hashes tens of megabytes (every page's text and HTML), and keys never leave
/// the process.
pub fn key(inputs: &(impl Hash + ?Sized)) -> u64 {
    let mut h = Hasher64::default();
    inputs.hash(&mut h);
    h.finish()
}

/// A key for a memo from a value's JSON form (for values that are not `Hash`, such as a
/// template context), hashed as it is written, without building the text.
pub fn key_serialized(value: &impl serde::Serialize) -> u64 {
    struct HashWriter(Hasher64);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(Hasher64::default());
    // Writing into a hasher cannot fail; a value that cannot be serialised hashes as what
    // was written before the failure, and its template rendering reports the error.
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}

type Hasher64 = ahash::AHasher;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_across_one_build_and_forgets_what_was_not_used() {
        let memo: Memo<String> = Memo::default();
        let made = std::cell::Cell::new(0);
        let make = |s: &str| {
            made.set(made.get() + 1);
            s.to_string()
        };
        assert_eq!(memo.get_or(1, || make("one")), "one");
        assert_eq!(memo.get_or(2, || make("two")), "two");
        memo.end_build();
        assert_eq!(memo.get_or(1, || make("again")), "one", "kept");
        assert_eq!(made.get(), 2);
        memo.end_build();
        memo.end_build();
        assert_eq!(
            memo.get_or(2, || make("two, made again")),
            "two, made again"
        );
        assert_eq!(made.get(), 3, "unused for a build, so forgotten");
    }

    #[test]
    fn a_memo_that_is_off_makes_every_time_and_keeps_nothing() {
        let memo: Memo<String> = Memo::off();
        let made = std::cell::Cell::new(0);
        for _ in 0..2 {
            let v = memo.remember("in", |i| {
                made.set(made.get() + 1);
                i.to_string()
            });
            assert_eq!(v, "in");
        }
        assert_eq!(made.get(), 2);
        assert!(memo.get(key("in")).is_none());
    }

    #[test]
    fn remember_keys_by_the_input_the_step_receives() {
        let memo: Memo<String> = Memo::default();
        assert_eq!(memo.remember(("a", 1), |(s, n)| format!("{s}{n}")), "a1");
        assert_eq!(memo.remember(("a", 2), |(s, n)| format!("{s}{n}")), "a2");
        assert_eq!(memo.remember(("a", 1), |_| unreachable!()), "a1");
    }
}
