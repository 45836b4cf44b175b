//! The instance pointers (RFC 6901) of one report, each written from the
//! one before: a list's errors share all but their last segments
//! (`/data/17/…`), so those are compared, not written again.

use super::at::{push_key, At, Segment};
use super::order::Head;

/// The pointer written last, segment by segment.
#[derive(Debug, Default)]
pub(super) struct Pointers {
    /// Its text.
    text: String,
    /// Its segments, outermost first.
    segments: Vec<Written>,
}

/// A segment of [`Pointers`]' text.
#[derive(Debug, Clone, Copy)]
struct Written {
    /// Where the segment ends in the text.
    end: usize,
    /// The index it names, if an array element's.
    index: Option<usize>,
    /// The head (see `order`) of the text up to here.
    head: Head,
}

impl Pointers {
    /// The pointer of the instance at `at`, or of its member `key`, with
    /// the head of its sort key (see `order`).
    pub(super) fn locate(&mut self, at: &At<'_>, key: Option<&str>) -> (String, u128) {
        let mut room = [Segment::Index(0); 8];
        let deep;
        let segments = match at.segments(&mut room) {
            Some(segments) => segments,
            None => {
                deep = at.all_segments();
                &deep
            }
        };
        // Segments alike, until the first that differs; the rest written.
        let alike = (0..segments.len())
            .take_while(|&n| self.is_alike(n, segments[n]))
            .count();
        self.truncate(alike);
        for &segment in &segments[alike..] {
            self.write(segment);
        }
        let mut head = self.head();
        let room = key.map_or(0, |key| key.len() + 1);
        let mut out = String::with_capacity(self.text.len() + room);
        out.push_str(&self.text);
        if let Some(key) = key {
            push_segment(&mut out, &mut head, |out| push_key(out, key));
        }
        (out, head.value())
    }

    /// Whether the `n`th segment written is `segment`.
    fn is_alike(&self, n: usize, segment: Segment<'_>) -> bool {
        let Some(written) = self.segments.get(n) else {
            return false;
        };
        match (segment, written.index) {
            (Segment::Index(i), Some(index)) => i == index,
            (Segment::Key(key), None) => {
                let start = self.start(n) + 1;
                // A key holding `~` is written escaped; `/` never matches.
                self.text.get(start..written.end) == Some(key) && !key.bytes().any(|b| b == b'~')
            }
            _ => false,
        }
    }

    /// Where the `n`th segment starts (at its `/`).
    fn start(&self, n: usize) -> usize {
        n.checked_sub(1)
            .and_then(|before| self.segments.get(before))
            .map_or(0, |written| written.end)
    }

    /// The head of the text written.
    fn head(&self) -> Head {
        self.segments
            .last()
            .map_or_else(Head::default, |written| written.head)
    }

    /// Keeps the first `n` segments.
    fn truncate(&mut self, n: usize) {
        self.text.truncate(self.start(n));
        self.segments.truncate(n);
    }

    /// Writes `segment` after the others.
    fn write(&mut self, segment: Segment<'_>) {
        let mut head = self.head();
        let index = match segment {
            Segment::Key(key) => {
                push_segment(&mut self.text, &mut head, |out| push_key(out, key));
                None
            }
            Segment::Index(i) => {
                push_segment(&mut self.text, &mut head, |out| push_index(out, i));
                Some(i)
            }
        };
        self.segments.push(Written {
            end: self.text.len(),
            index,
            head,
        });
    }
}

/// Appends one segment with `push` (which writes `/` and the segment) and
/// gives the segment as written to `head`.
fn push_segment(out: &mut String, head: &mut Head, push: impl FnOnce(&mut String)) {
    let from = out.len() + 1;
    push(out);
    head.segment(out.as_bytes().get(from..).unwrap_or_default());
}

/// Appends `/index` in decimal, digit by digit: `write!` through the
/// formatting machinery was a tenth of a 50 001-error report.
fn push_index(out: &mut String, mut i: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (i % 10) as u8;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    out.push('/');
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::order::head;

    #[test]
    fn writes_indexes_as_decimal() {
        for i in [0, 7, 9, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = String::new();
            push_index(&mut out, i);
            assert_eq!(out, format!("/{i}"));
        }
    }

    /// A pointer written from a fresh [`Pointers`].
    fn located(at: &At<'_>, key: Option<&str>) -> String {
        Pointers::default().locate(at, key).0
    }

    #[test]
    fn writes_the_pointer_escaped() {
        let root = At::ROOT;
        let data = root.prop("data");
        let item = data.item(3);
        let hinted = item.hint("see the docs");
        let odd = hinted.prop("a/b~c");
        assert_eq!(located(&odd, None), "/data/3/a~1b~0c");
        assert_eq!(located(&odd.hint("a hint"), None), "/data/3/a~1b~0c");
        assert_eq!(located(&At::ROOT, None), "");
        assert_eq!(located(&root, Some("token")), "/token");
        assert_eq!(located(&item, Some("")), "/data/3/");
    }

    #[test]
    fn writes_deep_pointers() {
        fn down(at: &At<'_>, depth: usize, expected: &mut String) -> String {
            if depth == 0 {
                return located(at, Some("end"));
            }
            let step = if depth % 2 == 0 {
                expected.push_str(&format!("/{depth}"));
                at.item(depth)
            } else {
                expected.push_str("/k~0");
                at.prop("k~")
            };
            down(&step, depth - 1, expected)
        }
        for depth in [0, 1, 2, 15, 16, 17, 33, 50] {
            let mut expected = String::new();
            let pointer = down(&At::ROOT, depth, &mut expected);
            expected.push_str("/end");
            assert_eq!(pointer, expected, "{depth} steps");
        }
    }

    /// The reference: RFC 6901, written out segment by segment.
    fn reference(segments: &[Segment<'_>], key: Option<&str>) -> String {
        let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
        let mut out = String::new();
        for segment in segments {
            match segment {
                Segment::Key(key) => out.push_str(&format!("/{}", escape(key))),
                Segment::Index(i) => out.push_str(&format!("/{i}")),
            }
        }
        if let Some(key) = key {
            out.push_str(&format!("/{}", escape(key)));
        }
        out
    }

    /// One [`Pointers`] writes pointer after pointer, each as a fresh
    /// writer would, with the head of each: for chains that share
    /// segments, differ in one, extend or cut the last one, and name keys
    /// that look like indices, hold escapes or are empty.
    #[test]
    fn writes_each_pointer_from_the_last_as_if_fresh() {
        const KEYS: [&str; 11] = [
            "data", "5", "05", "", "a~b", "a/b", "a~1b", "~", "~0", "number", "nu",
        ];
        let mut next = crate::runtime::numbers(0x853c_49e6_748f_ea9b);
        let mut memo = Pointers::default();
        let mut last: Vec<Segment<'static>> = Vec::new();
        for _ in 0..5000 {
            // Mostly the last path with its tail changed.
            let mut path = last.clone();
            path.truncate(next(path.len() + 1));
            for _ in 0..next(4) {
                path.push(match next(3) {
                    0 => Segment::Index([0, 5, 10, 12_345][next(4)]),
                    _ => Segment::Key(KEYS[next(KEYS.len())]),
                });
            }
            let key = (next(3) == 0).then(|| KEYS[next(KEYS.len())]);
            let root = At::ROOT;
            let mut written = String::new();
            let mut check = |at: &At<'_>| {
                let (pointer, head_written) = memo.locate(at, key);
                written = pointer;
                assert_eq!(head_written, head(&written), "{written:?}");
            };
            build(&root, &path, &mut check);
            assert_eq!(written, reference(&path, key), "{path:?} {key:?}");
            last = path;
        }

        /// Calls `f` with the `At` of `path` under `at`.
        fn build(at: &At<'_>, path: &[Segment<'_>], f: &mut impl FnMut(&At<'_>)) {
            let Some((first, rest)) = path.split_first() else {
                return f(at);
            };
            // A hint on every other step: no segment of its own.
            let hinted = at.hint("a hint");
            let at = if rest.len() % 2 == 0 { &hinted } else { at };
            match *first {
                Segment::Key(name) => build(&at.prop(name), rest, f),
                Segment::Index(i) => build(&at.item(i), rest, f),
            }
        }
    }
}
