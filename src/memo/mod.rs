//! Results remembered from one build to the next, for `serve`: an editor's save changes one
//! file, so most pages parse, render and check exactly as last time.
//!
//! Every entry is keyed by a hash of *everything* it was made from, so a remembered result
//! can never be stale: when an input changes, the key changes. [`Memo::remember`] is the
//! only way in, and its step is a plain function of the hashed input (it cannot capture
//! anything else), so the key cannot leave out something the step reads. (A template is taken to
//! depend only on the templates and its context; one that read the clock would show the
//! time of its first render until its context changed.) Only what the last build used is
//! kept, so memory stays the size of one site. `tests/remembering.rs` holds it to that.
//!
//! [`Shared`] and [`Serialized`] make inputs cheap to hash (once per build; without building
//! JSON); [`Texts`] keeps files' texts for a caller that watches the files (`serve`).
//!
//! A generic utility: it names no stage's types. `pipeline::Memory` holds one memo per
//! remembered step.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

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
    /// `make(input)`, remembered under a hash of `input`. `make` is a plain function (a
    /// closure that captures nothing), so it can read nothing but `input`: the key is
    /// derived from exactly the value `make` receives, and a new input it starts to read has
    /// to be passed in, and so hashed. With [`Memo::off`] nothing is hashed or kept.
    ///
    /// `make` runs without the lock held, so callers may run in parallel.
    pub fn remember<I: Hash>(&self, input: I, make: fn(I) -> V) -> V {
        if !self.on {
            return make(input);
        }
        let key = key(&input);
        if let Some(v) = self.get(key) {
            return v;
        }
        let v = make(input);
        self.lock().current.insert(key, v.clone());
        v
    }

    /// The value remembered for `key`, if any (kept for the next build too).
    fn get(&self, key: u64) -> Option<V> {
        let mut g = self.lock();
        if let Some(v) = g.current.get(&key) {
            return Some(v.clone());
        }
        let v = g.previous.remove(&key)?;
        g.current.insert(key, v.clone());
        Some(v)
    }
}

/// The hash of all the given inputs. aHash, not the standard SipHash: a rebuild hashes tens
/// of megabytes (every page's text and HTML), and keys never leave the process.
fn key(inputs: &(impl Hash + ?Sized)) -> u64 {
    let mut h = Hasher64::default();
    inputs.hash(&mut h);
    h.finish()
}

/// A value shared by many remembered steps' inputs (every page's body reads where every
/// link leads): it hashes as a hash of itself, worked out the first time it is hashed and
/// reused after, so it is hashed once per build rather than once per step, and never when
/// nothing is remembered.
pub struct Shared<T> {
    value: T,
    hash: OnceLock<u64>,
}

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared {
            value,
            hash: OnceLock::new(),
        }
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Hash> Hash for Shared<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(*self.hash.get_or_init(|| key(&self.value)));
    }
}

/// A value that is not `Hash` (a template context) as part of a remembered step's input: it
/// hashes as its serialised form, fed to the hasher as it is serialised (see
/// [`serialized`]): no text is built and no string escaped.
pub struct Serialized<T>(pub T);

impl<T: serde::Serialize> Hash for Serialized<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if self.0.serialize(serialized::Feed(state)).is_err() {
            // A value that cannot be serialised (its use will report why) must not share a
            // key with another that failed at the same place: give it a key of its own.
            static FAILED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            state.write_u64(FAILED.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        }
    }
}

type Hasher64 = ahash::AHasher;

mod serialized;
mod texts;

pub use texts::Texts;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_across_one_build_and_forgets_what_was_not_used() {
        let memo: Memo<String> = Memo::default();
        let upper = |s: &str| s.to_uppercase();
        assert_eq!(memo.remember("one", upper), "ONE");
        assert_eq!(memo.remember("two", upper), "TWO");
        memo.end_build();
        assert_eq!(memo.remember("one", |_| unreachable!()), "ONE", "kept");
        memo.end_build();
        memo.end_build();
        assert_eq!(
            memo.remember("two", |s| format!("{s}, made again")),
            "two, made again",
            "unused for a build, so forgotten"
        );
    }

    #[test]
    fn a_memo_that_is_off_makes_every_time_and_keeps_nothing() {
        let memo: Memo<String> = Memo::off();
        for _ in 0..2 {
            assert_eq!(memo.remember("in", str::to_string), "in");
        }
        assert!(memo.get(key("in")).is_none());
    }

    #[test]
    fn remember_keys_by_the_input_the_step_receives() {
        let memo: Memo<String> = Memo::default();
        assert_eq!(memo.remember(("a", 1), |(s, n)| format!("{s}{n}")), "a1");
        assert_eq!(memo.remember(("a", 2), |(s, n)| format!("{s}{n}")), "a2");
        assert_eq!(memo.remember(("a", 1), |_| unreachable!()), "a1");
    }

    #[test]
    fn a_shared_value_hashes_as_its_contents() {
        let memo: Memo<usize> = Memo::default();
        let count = |(v, _): (&Shared<Vec<&str>>, u8)| v.len();
        assert_eq!(memo.remember((&Shared::new(vec!["a"]), 1), count), 1);
        assert_eq!(memo.remember((&Shared::new(vec!["a", "b"]), 1), count), 2);
        assert_eq!(
            memo.remember((&Shared::new(vec!["a"]), 1), |_| unreachable!()),
            1
        );
    }

    #[test]
    fn a_serialized_value_hashes_as_everything_in_it() {
        #[derive(serde::Serialize)]
        struct Page<'a> {
            title: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            summary: Option<&'a str>,
            tags: Vec<&'a str>,
        }
        let k = |title, summary, tags| {
            key(&Serialized(Page {
                title,
                summary,
                tags,
            }))
        };
        let base = k("a", None, vec!["x", "y"]);
        assert_eq!(base, k("a", None, vec!["x", "y"]));
        for other in [
            k("b", None, vec!["x", "y"]),
            k("a", Some("s"), vec!["x", "y"]),
            k("a", None, vec!["xy"]),
            k("a", None, vec!["x", "y", ""]),
            k("a", None, vec![]),
        ] {
            assert_ne!(base, other);
        }
        // Where one string ends and the next begins is part of the hash.
        assert_ne!(key(&Serialized(("ab", "c"))), key(&Serialized(("a", "bc"))));
        assert_ne!(key(&Serialized(Some(0u8))), key(&Serialized(None::<u8>)));
    }
}
