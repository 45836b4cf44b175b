//! Messages made only of static parts, interned: a rule's words with the
//! hint of its schema node (`x-message`), or a fixed description of what was
//! found. A program only ever reports a fixed set of them, so a report of
//! 40 000 errors borrows them instead of building and allocating one copy
//! per error.
//!
//! A text is looked up by a key that names how it is made: the addresses
//! and lengths of its `&'static str` parts (a static text's address and
//! length name its content for good). Each thread keeps its own table, so a
//! hit takes no lock; a miss builds the text once and takes it from one
//! table shared by all threads, where each distinct text is leaked once.
//! Both tables stop growing at [`LIMIT`] entries; past it a text is built
//! and owned as before, so memory stays bounded whatever calls the runtime.
//! Nothing an outsider sends becomes part of a key.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

/// A static text's address and length.
type Piece = (usize, usize);

/// The most parts a kept text has; a text of more is built and owned.
const MAX_PIECES: usize = 8;

/// The most texts kept per thread, and leaked in all.
const LIMIT: usize = 4096;

/// The piece that names `text`.
fn piece(text: &&'static str) -> Piece {
    (text.as_ptr() as usize, text.len())
}

/// `parts` written one after the other, interned.
pub(super) fn concat(parts: &[&'static str]) -> Cow<'static, str> {
    // While the thread's locals are torn down (a destructor that checks a
    // document) the table is gone: the text is built and owned.
    LOCAL
        .try_with(|local| intern_in(local, &SHARED, parts))
        .unwrap_or_else(|_| Cow::Owned(parts.concat()))
}

/// One thread's texts, and room to build a key in.
#[derive(Default)]
struct Local {
    texts: HashMap<Box<[Piece]>, &'static str, BuildHasherDefault<PieceHasher>>,
    key: Vec<Piece>,
}

/// The texts leaked so far, one copy each, and how many may be.
struct Shared {
    set: Mutex<Option<HashSet<&'static str>>>,
    limit: usize,
}

thread_local! {
    static LOCAL: RefCell<Local> = const {
        RefCell::new(Local {
            texts: HashMap::with_hasher(BuildHasherDefault::new()),
            key: Vec::new(),
        })
    };
}

static SHARED: Shared = Shared {
    set: Mutex::new(None),
    limit: LIMIT,
};

/// `parts` joined, from this thread's table, else from the shared one.
fn intern_in(local: &RefCell<Local>, shared: &Shared, parts: &[&'static str]) -> Cow<'static, str> {
    if parts.len() > MAX_PIECES {
        return Cow::Owned(parts.concat());
    }
    // Nothing here comes back in; if it ever did, it is served a copy.
    let Ok(mut local) = local.try_borrow_mut() else {
        return Cow::Owned(parts.concat());
    };
    let Local { texts, key } = &mut *local;
    key.clear();
    key.extend(parts.iter().map(piece));
    if let Some(&text) = texts.get(key.as_slice()) {
        return Cow::Borrowed(text);
    }
    let joined = parts.concat();
    let Some(text) = shared.get(&joined) else {
        return Cow::Owned(joined);
    };
    if texts.len() < shared.limit {
        texts.insert(key.as_slice().into(), text);
    }
    Cow::Borrowed(text)
}

impl Shared {
    /// The one leaked copy of `text`, unless `limit` texts are kept already.
    fn get(&self, text: &str) -> Option<&'static str> {
        // A poisoned lock only means another thread panicked mid-insert; the
        // set itself is still whole.
        let mut guard = self.set.lock().unwrap_or_else(|e| e.into_inner());
        let set = guard.get_or_insert_with(HashSet::new);
        if let Some(&kept) = set.get(text) {
            return Some(kept);
        }
        if set.len() >= self.limit {
            return None;
        }
        let kept: &'static str = Box::leak(text.into());
        set.insert(kept);
        Some(kept)
    }
}

/// A hash of a key's machine words: each is folded in with a rotation
/// and one multiply at the end (a multiply per word made a chain of
/// dependent multiplies the length of the key). The keys are addresses and
/// lengths, chosen by no outsider, so they need no protection against
/// chosen collisions; the table compares whole keys on a hit.
#[derive(Default)]
struct PieceHasher(u64);

impl Hasher for PieceHasher {
    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = self.0.rotate_left(23) ^ word;
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_built_once_and_then_borrowed() {
        let parts = ["must not be empty", "; ", "see the docs"];
        let first = concat(&parts);
        let second = concat(&parts);
        assert_eq!(first, "must not be empty; see the docs");
        match (first, second) {
            (Cow::Borrowed(a), Cow::Borrowed(b)) => assert!(std::ptr::eq(a, b)),
            other => panic!("both borrowed, got {other:?}"),
        }
        // Other parts with the same words: the same text.
        let same = ["must not be empty; ", "see the docs"];
        assert_eq!(concat(&same), "must not be empty; see the docs");
    }

    #[test]
    fn too_many_parts_are_joined_and_owned() {
        let parts = ["a"; MAX_PIECES + 1];
        assert!(matches!(concat(&parts), Cow::Owned(text) if text == "aaaaaaaaa"));
    }

    /// A thread-local's destructor that reports an error runs after the
    /// table may be gone; it gets an owned copy, never a panic.
    #[test]
    fn a_text_asked_for_during_teardown_is_built() {
        struct AtExit;
        impl Drop for AtExit {
            fn drop(&mut self) {
                let text = concat(&["asked for ", "at exit"]);
                assert_eq!(text, "asked for at exit");
            }
        }
        thread_local! {
            static EXIT: std::cell::RefCell<Option<AtExit>> = const { std::cell::RefCell::new(None) };
        }
        std::thread::spawn(|| {
            // This thread's own slot first, so the table is set up after it
            // and torn down before it.
            EXIT.with(|exit| *exit.borrow_mut() = Some(AtExit));
            assert_eq!(concat(&["set ", "up"]), "set up");
        })
        .join()
        .expect("no panic at exit");
    }

    #[test]
    fn a_text_built_on_another_thread_is_the_same_leaked_copy() {
        let parts = ["expected string, ", "found number"];
        let here = concat(&parts);
        let there = std::thread::spawn(move || concat(&parts))
            .join()
            .expect("no panic");
        match (here, there) {
            (Cow::Borrowed(a), Cow::Borrowed(b)) => assert!(std::ptr::eq(a, b)),
            other => panic!("both borrowed, got {other:?}"),
        }
    }

    #[test]
    fn past_the_limit_texts_are_owned_and_nothing_more_is_kept() {
        let shared = Shared {
            set: Mutex::new(None),
            limit: 8,
        };
        let local = RefCell::default();
        let texts: Vec<&'static str> = (0..20)
            .map(|i| &*Box::leak(format!("/limit/{i}").into_boxed_str()))
            .collect();
        let owned = texts
            .iter()
            .filter(|&&t| {
                let text = intern_in(&local, &shared, &[t]);
                assert_eq!(text, t);
                matches!(text, Cow::Owned(_))
            })
            .count();
        assert_eq!(owned, 12);
        assert_eq!(local.borrow().texts.len(), 8);
        // A text kept before the limit is still borrowed.
        let again = intern_in(&local, &shared, &[texts[0]]);
        assert!(matches!(again, Cow::Borrowed("/limit/0")));
    }
}
