//! The order of a report's errors: by instance pointer, segment by segment,
//! array indices as numbers (before names), a pointer before those that
//! extend it; pointers that so compare equal but differ (`/7`, `/007`) by
//! their text; errors at one pointer in the order the checks reported them.
//!
//! The order is that of each pointer's sort key ([`push_sort_key`], which
//! the tests use as the reference). The keys are not written down: each
//! error gets the key's first 16 bytes as a number, its head, and only
//! errors whose heads tie compare their pointers ([`cmp_keys`]).

use std::cmp::Ordering;

/// What the order reads of an error: where it is.
pub(super) trait Pointed {
    /// The instance pointer.
    fn pointer(&self) -> &str;
}

/// `errors` in order.
pub(super) fn sorted<E: Pointed>(errors: Vec<E>) -> Vec<E> {
    let mut ordered = Ordered::default();
    for error in errors {
        let head = head(error.pointer());
        ordered.push(error, head);
    }
    ordered.into_sorted()
}

/// Errors kept in order as they come, each with its [`head`] (the
/// validators work it out while writing the pointer).
///
/// The checks report in a few runs, each in order but for neighbours: a
/// list item's members, then the item itself; then an `allOf` branch's pass
/// over the same list. So an error that comes before the last few is moved
/// back among them, one that comes before more starts a new run, and the
/// runs are merged at the end: each error is moved once more at most. Past
/// [`MAX_MERGED_RUNS`] runs the errors are sorted at the end instead.
#[derive(Debug)]
pub(super) struct Ordered<E> {
    /// Each run in order; the last one takes new errors.
    runs: Vec<Run<E>>,
    /// Too many runs to merge: the last run takes every new error as it
    /// comes, and [`into_sorted`](Ordered::into_sorted) sorts.
    scattered: bool,
}

impl<E> Default for Ordered<E> {
    fn default() -> Self {
        Self {
            runs: Vec::new(),
            scattered: false,
        }
    }
}

/// Errors in order, and their heads alike.
#[derive(Debug)]
struct Run<E> {
    errors: Vec<E>,
    heads: Vec<u128>,
}

impl<E> Run<E> {
    /// A run of one error.
    fn of(error: E, head: u128) -> Self {
        Self {
            errors: vec![error],
            heads: vec![head],
        }
    }

    /// Adds `error` at the end.
    fn push(&mut self, error: E, head: u128) {
        self.errors.push(error);
        self.heads.push(head);
    }

    /// Puts `error` at place `at`, before the end.
    fn insert(&mut self, at: usize, error: E, head: u128) {
        self.errors.insert(at, error);
        self.heads.insert(at, head);
    }
}

impl<E: Pointed> Ordered<E> {
    /// Keeps `error`, whose pointer's head is `head`.
    pub(super) fn push(&mut self, error: E, head: u128) {
        let room = self.runs.len() < MAX_MERGED_RUNS;
        let Some(run) = self.runs.last_mut() else {
            return self.runs.push(Run::of(error, head));
        };
        let len = run.errors.len();
        let before = |j: usize| cmp_kept((head, &error), (run.heads[j], &run.errors[j])).is_lt();
        if self.scattered || !before(len - 1) {
            return run.push(error, head);
        }
        let nearest = len.saturating_sub(NEIGHBOURS);
        let mut j = len - 1;
        while j > nearest && before(j - 1) {
            j -= 1;
        }
        if j == 0 || !before(j - 1) {
            return run.insert(j, error, head);
        }
        // It belongs further back: a new run, or past the most runs merged,
        // the last one takes it (and all after it) as it comes.
        if room {
            self.runs.push(Run::of(error, head));
        } else {
            self.scattered = true;
            run.push(error, head);
        }
    }

    /// Whether no error is kept.
    pub(super) fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// The errors as kept, run after run, with their heads: as reported
    /// but for neighbours moved, and errors at one pointer stay as reported.
    pub(super) fn into_kept(self) -> (Vec<E>, Vec<u128>) {
        let mut runs = self.runs.into_iter();
        let Some(mut all) = runs.next() else {
            return (Vec::new(), Vec::new());
        };
        for run in runs {
            all.errors.extend(run.errors);
            all.heads.extend(run.heads);
        }
        (all.errors, all.heads)
    }

    /// The errors in order; errors that compare equal (at one pointer) in
    /// the order they were reported in.
    pub(super) fn into_sorted(self) -> Vec<E> {
        if self.scattered {
            let (errors, heads) = self.into_kept();
            // Stable: runs were started one after another, and a run keeps
            // errors that compare equal as they came, so the kept order of
            // such errors is the reported one.
            let mut order: Vec<usize> = (0..errors.len()).collect();
            order.sort_by(|&i, &j| cmp_kept((heads[i], &errors[i]), (heads[j], &errors[j])));
            // Taken out one by one where they lie (`Option` costs no room
            // here), into a list sized once.
            let mut slots: Vec<Option<E>> = errors.into_iter().map(Some).collect();
            let mut sorted = Vec::with_capacity(order.len());
            sorted.extend(order.iter().filter_map(|&i| slots[i].take()));
            return sorted;
        }
        if self.runs.len() < 2 {
            return self.into_kept().0;
        }
        let total = self.runs.iter().map(|run| run.errors.len()).sum();
        let mut runs: Vec<_> = self
            .runs
            .into_iter()
            .map(|run| (run.errors.into_iter(), run.heads.into_iter()))
            .collect();
        let mut sorted = Vec::with_capacity(total);
        loop {
            // The earliest run whose next error is least: ties go to the
            // earlier run, reported first.
            let mut best: Option<(usize, u128, &E)> = None;
            for (r, (errors, heads)) in runs.iter().enumerate() {
                let (Some(error), Some(&head)) =
                    (errors.as_slice().first(), heads.as_slice().first())
                else {
                    continue;
                };
                let less = best.is_none_or(|(_, least, first)| {
                    cmp_kept((head, error), (least, first)).is_lt()
                });
                if less {
                    best = Some((r, head, error));
                }
            }
            let Some((r, _, _)) = best else { break };
            let (errors, heads) = &mut runs[r];
            sorted.extend(errors.next());
            heads.next();
        }
        sorted
    }
}

/// How far back among the last errors a new one is moved rather than
/// starting a new run: past the errors of one list item, reported member by
/// member.
const NEIGHBOURS: usize = 8;

/// The most runs merged; more are sorted.
const MAX_MERGED_RUNS: usize = 8;

/// The first 16 bytes of a pointer's sort key as a number, zero-padded.
/// Ordering by heads, then by whole keys, orders as the keys alone do: a
/// head is a prefix of its key, and where a key is shorter, the padding
/// compares at most equal to the longer key's bytes.
pub(super) fn head(pointer: &str) -> u128 {
    let mut head = Head::default();
    if let Some(rest) = pointer.as_bytes().strip_prefix(b"/") {
        for segment in rest.split(|&c| c == b'/') {
            if head.is_full() {
                break;
            }
            head.segment(segment);
        }
    }
    head.value()
}

/// A [`head`] being written, one pointer segment (as written in the
/// pointer, escapes and all) at a time.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Head {
    bytes: [u8; 16],
    len: usize,
}

impl Head {
    /// Adds the key bytes of the next segment, what of them fits. The bytes
    /// of [`key_bytes`], written out: taken from its iterator, a long report
    /// cost 3 % more instructions.
    pub(super) fn segment(&mut self, segment: &[u8]) {
        if self.is_full() {
            return;
        }
        match index_digits(segment) {
            Some(digits) => {
                self.put(1);
                self.put(digits.len().min(255) as u8);
                digits.iter().for_each(|&c| self.put(c));
            }
            None => {
                self.put(2);
                segment.iter().for_each(|&c| self.put(c));
                self.put(0);
            }
        }
    }

    /// Whether more segments would change nothing.
    pub(super) fn is_full(&self) -> bool {
        self.len == self.bytes.len()
    }

    /// The head as a number.
    pub(super) fn value(&self) -> u128 {
        u128::from_be_bytes(self.bytes)
    }

    fn put(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }
}

/// The order of two kept errors, each with its head: by heads, and where
/// they tie by [`in_order`].
fn cmp_kept<E: Pointed>((head, error): (u128, &E), (other_head, other): (u128, &E)) -> Ordering {
    head.cmp(&other_head).then_with(|| in_order(error, other))
}

/// The order of two errors: by their pointers' sort keys (see
/// [`push_sort_key`]), then, between different pointers with one key (`/7`,
/// `/007`), by the pointers' text.
fn in_order<E: Pointed>(a: &E, b: &E) -> Ordering {
    let (a, b) = (a.pointer(), b.pointer());
    // Errors at one pointer (two rules broken by one value) are common.
    if a == b {
        return Ordering::Equal;
    }
    cmp_keys(a, b).then_with(|| a.cmp(b))
}

/// The order of two pointers' sort keys, segment by segment, without
/// writing the keys down. The segments before the first byte in which the
/// pointers differ are alike, so are their keys, and they are skipped.
/// Where one segment's key bytes are a prefix of the other's (a name holding
/// U+0000, an index of 255 digits or more), the comparison runs on into the
/// next segment, so those compare byte by byte.
fn cmp_keys(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (Some(x), Some(y)) = (x.strip_prefix(b"/"), y.strip_prefix(b"/")) else {
        // A key is empty unless its pointer starts with `/`.
        return (!x.starts_with(b"/")).cmp(&!y.starts_with(b"/")).reverse();
    };
    let same = common_prefix(x, y);
    let start = x[..same]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(0, |i| i + 1);
    let (mut x, mut y) = (
        x[start..].split(|&c| c == b'/'),
        y[start..].split(|&c| c == b'/'),
    );
    loop {
        let order = match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(s), Some(t)) if s == t => continue,
            (Some(s), Some(t)) => cmp_segments(s, t),
        };
        match order {
            Some(Ordering::Equal) => continue,
            Some(order) => return order,
            None => return key_bytes(a).cmp(key_bytes(b)),
        }
    }
}

/// How many bytes `x` and `y` begin with alike, eight at a time.
fn common_prefix(x: &[u8], y: &[u8]) -> usize {
    let mut same = 0;
    for (p, q) in x.chunks_exact(8).zip(y.chunks_exact(8)) {
        let (Ok(p), Ok(q)) = (<[u8; 8]>::try_from(p), <[u8; 8]>::try_from(q)) else {
            break;
        };
        let differ = u64::from_le_bytes(p) ^ u64::from_le_bytes(q);
        if differ != 0 {
            return same + differ.trailing_zeros() as usize / 8;
        }
        same += 8;
    }
    same + x[same..]
        .iter()
        .zip(&y[same..])
        .take_while(|(p, q)| p == q)
        .count()
}

/// The order of two segments' keys, `None` where one key is a prefix of the
/// other's and the comparison would run on into the next segment.
fn cmp_segments(s: &[u8], t: &[u8]) -> Option<Ordering> {
    match (index_digits(s), index_digits(t)) {
        (Some(d), Some(e)) if d.len() == e.len() => Some(d.cmp(e)),
        (Some(d), Some(e)) if d.len() < 255 || e.len() < 255 => Some(d.len().cmp(&e.len())),
        (Some(_), Some(_)) => None,
        (Some(_), None) => Some(Ordering::Less),
        (None, Some(_)) => Some(Ordering::Greater),
        (None, None) => {
            let n = s.len().min(t.len());
            match s[..n].cmp(&t[..n]) {
                Ordering::Equal => {
                    // A name's key ends in a zero byte: where the longer
                    // name goes on with one, the keys tie here.
                    let longer = if s.len() > t.len() { s } else { t };
                    (longer.get(n) != Some(&0)).then(|| s.len().cmp(&t.len()))
                }
                order => Some(order),
            }
        }
    }
}

/// An index segment's digits without leading zeros (`None`: a name).
fn index_digits(segment: &[u8]) -> Option<&[u8]> {
    // A name seldom starts with a digit: its first byte tells most apart
    // (and an empty segment is a name).
    if !segment.first().is_some_and(u8::is_ascii_digit) || !segment.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let zeros = segment.iter().take_while(|&&c| c == b'0').count();
    Some(&segment[zeros..])
}

/// The bytes [`push_sort_key`] writes for `pointer`, one at a time.
fn key_bytes(pointer: &str) -> impl Iterator<Item = u8> + '_ {
    let rest = pointer.as_bytes().strip_prefix(b"/");
    rest.into_iter()
        .flat_map(|rest| rest.split(|&c| c == b'/'))
        .flat_map(|seg| {
            // An index: 1, its length, its digits; a name: 2, its bytes, 0.
            let (tag, body, end) = match index_digits(seg) {
                Some(digits) => ([1, digits.len().min(255) as u8], digits, None),
                None => ([2, 0], seg, Some(0)),
            };
            let tag_len = if end.is_some() { 1 } else { 2 };
            tag.into_iter()
                .take(tag_len)
                .chain(body.iter().copied())
                .chain(end)
        })
}

/// The reference the tests compare with: appends to `key` the byte string
/// that orders pointers segment by segment,
/// indices as numbers (before names), and a pointer before those that extend it.
#[cfg(test)]
fn push_sort_key(pointer: &str, key: &mut Vec<u8>) {
    let Some(rest) = pointer.as_bytes().strip_prefix(b"/") else {
        return;
    };
    for seg in rest.split(|&c| c == b'/') {
        if !seg.is_empty() && seg.iter().all(u8::is_ascii_digit) {
            let zeros = seg.iter().take_while(|&&c| c == b'0').count();
            let digits = &seg[zeros..];
            key.push(1);
            key.push(digits.len().min(255) as u8);
            key.extend_from_slice(digits);
        } else {
            key.push(2);
            key.extend_from_slice(seg);
            key.push(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::numbers;

    /// An error as the order sees it, with the place it was reported in.
    #[derive(Debug, Clone, PartialEq)]
    struct Error {
        pointer: String,
        reported: usize,
    }

    impl Pointed for Error {
        fn pointer(&self) -> &str {
            &self.pointer
        }
    }

    fn err(p: &str) -> Error {
        Error {
            pointer: p.into(),
            reported: 0,
        }
    }

    /// The reference order: a stable sort by each pointer's whole key, then its text.
    fn by_whole_keys(errors: &[Error]) -> Vec<Error> {
        let mut expected = errors.to_vec();
        expected.sort_by_cached_key(|e| {
            let mut key = Vec::new();
            push_sort_key(&e.pointer, &mut key);
            (key, e.pointer.clone())
        });
        expected
    }

    /// The order is the stable sort by each pointer's whole key, for lists
    /// of pointers drawn from segments that tie, nest and look alike.
    #[test]
    fn orders_as_a_stable_sort_by_whole_keys() {
        const SEGMENTS: [&str; 13] = [
            "data", "0", "1", "10", "2", "007", "7", "", "a", "ab", "a~1b", "number", "~0",
        ];
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let errors: Vec<Error> = (0..next(40))
                .map(|reported| {
                    let depth = next(5);
                    let pointer = (0..depth)
                        .map(|_| format!("/{}", SEGMENTS[next(SEGMENTS.len())]))
                        .collect();
                    Error { pointer, reported }
                })
                .collect();
            let expected = by_whole_keys(&errors);
            assert_eq!(sorted(errors), expected);
        }
    }

    /// The same order when the list comes in a few runs, each in order
    /// (merged, not sorted), including ties across runs.
    #[test]
    fn merges_runs_as_the_stable_sort_orders_them() {
        const SEGMENTS: [&str; 9] = ["data", "0", "1", "10", "2", "007", "7", "", "a~1b"];
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        for round in 0..2000 {
            let runs = 1 + round % (MAX_MERGED_RUNS + 2);
            let mut errors = Vec::new();
            for _ in 0..runs {
                let mut run: Vec<Error> = (0..next(12))
                    .map(|_| {
                        let pointer: String = (0..next(4))
                            .map(|_| format!("/{}", SEGMENTS[next(SEGMENTS.len())]))
                            .collect();
                        err(&pointer)
                    })
                    .collect();
                run.sort_by(in_order);
                errors.extend(run);
            }
            for (i, e) in errors.iter_mut().enumerate() {
                e.reported = i;
            }
            let expected = by_whole_keys(&errors);
            assert_eq!(sorted(errors), expected);
        }
    }

    /// Long lists as the checks report them: runs in order but for
    /// neighbours, some moved further than [`NEIGHBOURS`] places, with ties,
    /// in up to more runs than are merged.
    #[test]
    fn settles_neighbours_and_merges_long_runs() {
        const NAMES: [&str; 5] = ["a", "b", "language", "", "0"];
        let mut next = numbers(0x517c_c1b7_2722_0a95);
        for round in 0..600 {
            let runs = 1 + round % (MAX_MERGED_RUNS + 3);
            let mut errors = Vec::new();
            for _ in 0..runs {
                let mut run: Vec<Error> = (0..next(80))
                    .map(|_| {
                        let name = NAMES[next(NAMES.len())];
                        err(&format!("/data/{}/{name}", next(40)))
                    })
                    .collect();
                run.sort_by(in_order);
                let far = 1 + next(14);
                for i in 0..run.len() {
                    let j = (i + next(far)).min(run.len() - 1);
                    run.swap(i, j);
                }
                errors.extend(run);
            }
            for (i, e) in errors.iter_mut().enumerate() {
                e.reported = i;
            }
            let expected = by_whole_keys(&errors);
            assert_eq!(sorted(errors), expected, "round {round}");
        }
    }

    #[test]
    fn a_head_is_the_first_16_bytes_of_the_key() {
        let long = format!("/{}", "9".repeat(300));
        for pointer in [
            "",
            "x",
            "/",
            "//",
            "/0",
            "/007",
            "/data/12/number",
            "/data/0012/language/x",
            "/a\u{0}b",
            "/abcdefghijklmnopqrstuvwxyz",
            &long,
        ] {
            let mut key = Vec::new();
            push_sort_key(pointer, &mut key);
            key.resize(key.len().max(16), 0);
            let expected = u128::from_be_bytes(key[..16].try_into().expect("16 bytes"));
            assert_eq!(head(pointer), expected, "{pointer:?}");
        }
    }

    #[test]
    fn finds_the_common_prefix() {
        let text = b"/data/1234567/language/and/more";
        for i in 0..text.len() {
            for j in 0..text.len() {
                let mut other = text[..j].to_vec();
                other.extend_from_slice(b"#");
                let expected = text.iter().zip(&other).take_while(|(p, q)| p == q).count();
                assert_eq!(common_prefix(&text[..i], &other), expected.min(i));
            }
        }
    }

    #[test]
    fn compares_keys_as_written() {
        let pointers = [
            "", "/", "/0", "/00", "/007", "/7", "/a", "/a\u{0}", "/a/b", "/ab", "/~0",
        ];
        for a in pointers {
            for b in pointers {
                let (mut x, mut y) = (Vec::new(), Vec::new());
                push_sort_key(a, &mut x);
                push_sort_key(b, &mut y);
                assert_eq!(key_bytes(a).collect::<Vec<_>>(), x, "{a:?}");
                assert_eq!(
                    in_order(&err(a), &err(b)),
                    x.cmp(&y).then(a.cmp(b)),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
