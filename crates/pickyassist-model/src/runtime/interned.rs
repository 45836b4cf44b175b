//! Texts made only of static parts, interned: an error's schema path (a
//! place in the schema) and the words of most messages. A program only
//! ever reports a fixed set of them, so a report of 40 000 errors borrows
//! them instead of building and allocating one copy per error.
//!
//! A text is looked up by a key that names how it is made: the addresses
//! and lengths of its `&'static str` parts (a static text's address and
//! length name its content for good), for a schema path those of the steps
//! [`At`](super::at::At) was built from, plus the keyword. Each thread keeps
//! its own table, so a hit takes no lock; a miss builds the text once and
//! takes it from one table shared by all threads, where each distinct text
//! is leaked once. Both tables stop growing at [`LIMIT`] entries; past it a
//! text is built and owned as before, so memory stays bounded whatever calls
//! the runtime. Nothing an outsider sends becomes part of a key.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

/// One step of a walk: a static text's address and its length with a tag
/// (what kind of step it was) in the two low bits.
pub(super) type Piece = (usize, usize);

/// The most pieces a kept key holds; a text of more is built and owned.
pub(super) const MAX_PIECES: usize = 24;

/// The most texts kept per thread, and leaked in all.
const LIMIT: usize = 4096;

/// A piece for a static text of kind `tag` (0–3).
pub(super) fn piece(text: &'static str, tag: usize) -> Piece {
    (text.as_ptr() as usize, text.len() << 2 | tag)
}

/// The first piece of a [`concat`] key: no text lies at the last address,
/// so no schema path's key starts with it.
const CONCAT: Piece = (usize::MAX, 0);

/// `parts` written one after the other, interned.
pub(super) fn concat(parts: &[&'static str]) -> Cow<'static, str> {
    intern(
        |key| {
            key.push(CONCAT);
            key.extend(parts.iter().map(|part| piece(part, 0)));
        },
        || parts.concat(),
    )
}

/// One thread's texts, and room to build a key in.
#[derive(Default)]
struct Local {
    paths: HashMap<Box<[Piece]>, &'static str, BuildHasherDefault<PieceHasher>>,
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
            paths: HashMap::with_hasher(BuildHasherDefault::new()),
            key: Vec::new(),
        })
    };
}

static SHARED: Shared = Shared {
    set: Mutex::new(None),
    limit: LIMIT,
};

/// The text whose key `fill` writes, built by `build` the first time.
pub(super) fn intern(
    fill: impl FnOnce(&mut Vec<Piece>),
    build: impl Fn() -> String,
) -> Cow<'static, str> {
    // While the thread's locals are torn down (a destructor that checks a
    // document) the table is gone: the text is built and owned.
    LOCAL
        .try_with(|local| intern_in(local, &SHARED, fill, &build))
        .unwrap_or_else(|_| Cow::Owned(build()))
}

fn intern_in(
    local: &RefCell<Local>,
    shared: &Shared,
    fill: impl FnOnce(&mut Vec<Piece>),
    build: impl Fn() -> String,
) -> Cow<'static, str> {
    // Neither closure comes back here; if one ever did, it is served a copy.
    let Ok(mut local) = local.try_borrow_mut() else {
        return Cow::Owned(build());
    };
    let Local { paths, key } = &mut *local;
    key.clear();
    fill(key);
    if key.len() > MAX_PIECES {
        return Cow::Owned(build());
    }
    if let Some(&path) = paths.get(key.as_slice()) {
        return Cow::Borrowed(path);
    }
    let text = build();
    let Some(path) = shared.get(&text) else {
        return Cow::Owned(text);
    };
    if paths.len() < shared.limit {
        paths.insert(key.as_slice().into(), path);
    }
    Cow::Borrowed(path)
}

impl Shared {
    /// The one leaked copy of `text`, unless `limit` texts are kept already.
    fn get(&self, text: &str) -> Option<&'static str> {
        // A poisoned lock only means another thread panicked mid-insert; the
        // set itself is still whole.
        let mut guard = self.set.lock().unwrap_or_else(|e| e.into_inner());
        let set = guard.get_or_insert_with(HashSet::new);
        if let Some(&path) = set.get(text) {
            return Some(path);
        }
        if set.len() >= self.limit {
            return None;
        }
        let path: &'static str = Box::leak(text.into());
        set.insert(path);
        Some(path)
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
    fn a_path_is_built_once_and_then_borrowed() {
        let key = [piece("/$defs/Test", 0), piece("minLength", 3)];
        let built = std::cell::Cell::new(0);
        let build = || {
            built.set(built.get() + 1);
            "/$defs/Test/minLength".to_owned()
        };
        let first = intern(|k| k.extend(key), build);
        let second = intern(|k| k.extend(key), build);
        assert_eq!(built.get(), 1);
        assert_eq!(first, "/$defs/Test/minLength");
        assert!(matches!(second, Cow::Borrowed("/$defs/Test/minLength")));
    }

    #[test]
    fn concatenated_parts_are_borrowed_and_kept_apart_from_paths() {
        let text = concat(&["is not allowed here", "; ", "a hint"]);
        assert!(matches!(text, Cow::Borrowed("is not allowed here; a hint")));
        // The same address and length as a path's keyword: a different text.
        let keyword = "a hint";
        let path = intern(|k| k.push(piece(keyword, 3)), || "/a hint".to_owned());
        assert_eq!(concat(&[keyword]), "a hint");
        assert_eq!(path, "/a hint");
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
    fn a_path_built_on_another_thread_is_the_same_leaked_copy() {
        let key = [piece("/$defs/Shared", 0), piece("type", 3)];
        let build = || "/$defs/Shared/type".to_owned();
        let here = intern(|k| k.extend(key), build);
        let there = std::thread::spawn(move || intern(|k| k.extend(key), build))
            .join()
            .expect("no panic");
        match (here, there) {
            (Cow::Borrowed(a), Cow::Borrowed(b)) => assert!(std::ptr::eq(a, b)),
            other => panic!("both borrowed, got {other:?}"),
        }
    }

    #[test]
    fn past_the_limit_paths_are_owned_and_nothing_more_is_kept() {
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
                let path = intern_in(&local, &shared, |k| k.push(piece(t, 1)), || t.to_owned());
                assert_eq!(path, t);
                matches!(path, Cow::Owned(_))
            })
            .count();
        assert_eq!(owned, 12);
        assert_eq!(local.borrow().paths.len(), 8);
        // A path kept before the limit is still borrowed.
        let again = intern_in(
            &local,
            &shared,
            |k| k.push(piece(texts[0], 1)),
            || "rebuilt".into(),
        );
        assert!(matches!(again, Cow::Borrowed("/limit/0")));
    }
}
