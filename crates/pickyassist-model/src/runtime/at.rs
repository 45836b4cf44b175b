//! Where a check is: the instance pointer and the schema path, built on the
//! stack while walking a document and turned into strings only when an error
//! is reported, so valid input allocates nothing.

use std::borrow::Cow;

use super::interned::{intern, piece, MAX_PIECES};
use super::order::Head;

/// One step down from the parent.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    /// The document itself.
    Root,
    /// Into a named type: the schema path restarts at `/$defs/<Type>`.
    Def(&'static str),
    /// Into member `key` of an object (`/properties/<key>` in the schema):
    /// a name the schema states, so static.
    Prop(&'static str),
    /// Into element `i` of an array (`/items` in the schema).
    Item(usize),
    /// Into element `i` under another schema step (`/prefixItems/0`).
    ItemAt(usize, &'static str),
    /// Into member `key` under another schema step (`/additionalProperties`,
    /// `/patternProperties/^x-`, `/propertyNames`).
    KeyAt(&'a str, &'static str),
    /// Into a subschema of the same instance (`/allOf/1/then`, `/not`, …).
    Sub(&'static str),
}

/// A position in the instance and in the schema, as a linked list of steps.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
    /// `x-message` of the schema node here, added to its own errors.
    hint: Option<&'static str>,
}

impl At<'static> {
    /// The whole document, before any type.
    pub const ROOT: At<'static> = At {
        parent: None,
        step: Step::Root,
        hint: None,
    };
}

impl<'a> At<'a> {
    fn child(&'a self, step: Step<'a>) -> At<'a> {
        At {
            parent: Some(self),
            step,
            hint: None,
        }
    }

    /// The same instance, checked by the named type at `path` (`/$defs/Flag`).
    pub fn def(&'a self, path: &'static str) -> At<'a> {
        self.child(Step::Def(path))
    }

    /// Member `key` of the object here, a name the schema states.
    pub fn prop(&'a self, key: &'static str) -> At<'a> {
        self.child(Step::Prop(key))
    }

    /// Element `index` of the array here.
    pub fn item(&'a self, index: usize) -> At<'a> {
        self.child(Step::Item(index))
    }

    /// Element `index`, checked by the subschema at `path` (`/prefixItems/0`).
    pub fn item_at(&'a self, index: usize, path: &'static str) -> At<'a> {
        self.child(Step::ItemAt(index, path))
    }

    /// Member `key`, checked by `additionalProperties`.
    pub fn extra(&'a self, key: &'a str) -> At<'a> {
        self.key_at(key, "/additionalProperties")
    }

    /// Member `key`, checked by the subschema at `path` (`/propertyNames`).
    pub fn key_at(&'a self, key: &'a str, path: &'static str) -> At<'a> {
        self.child(Step::KeyAt(key, path))
    }

    /// The same instance under a subschema (`/allOf/0`, `/if`, `/not`, …).
    pub fn sub(&'a self, path: &'static str) -> At<'a> {
        self.child(Step::Sub(path))
    }

    /// This position with an `x-message` hint for its own errors.
    pub fn hint(self, hint: &'static str) -> At<'a> {
        At {
            hint: Some(hint),
            ..self
        }
    }

    /// The `x-message` hint of this node, if any.
    pub fn hint_text(&self) -> Option<&'static str> {
        self.hint
    }

    /// Writes the instance pointer, outermost step first. A loop, not a
    /// recursion, over the steps that name a segment: a long list's report
    /// writes one pointer per error.
    /// `room` is what the caller appends after it; `head` gets the sort
    /// key's first bytes (see `order`), written from the same segments.
    fn write_pointer(&self, out: &mut String, room: usize, head: &mut Head) {
        const MOST: usize = 16;
        let mut named = [self; MOST];
        let mut n = 0;
        let mut len = 0;
        let mut at = Some(self);
        while let Some(here) = at {
            let segment = match here.step {
                Step::Prop(key) | Step::KeyAt(key, _) => key.len(),
                Step::Item(i) | Step::ItemAt(i, _) => digits(i),
                Step::Root | Step::Def(_) | Step::Sub(_) => {
                    at = here.parent;
                    continue;
                }
            };
            let Some(slot) = named.get_mut(n) else {
                // Deeper than any schema here: this step and those above
                // it are written first, sixteen at a time.
                here.write_pointer(out, len + room, head);
                break;
            };
            *slot = here;
            n += 1;
            len += 1 + segment;
            at = here.parent;
        }
        out.reserve(len + room);
        for here in named[..n].iter().rev() {
            push_segment(out, head, |out| match here.step {
                Step::Prop(key) | Step::KeyAt(key, _) => push_key(out, key),
                Step::Item(i) | Step::ItemAt(i, _) => push_index(out, i),
                Step::Root | Step::Def(_) | Step::Sub(_) => {}
            });
        }
    }

    /// Writes the schema path from the innermost named type down to here.
    fn write_schema(&self, out: &mut String) {
        if let (Some(parent), false) = (self.parent, matches!(self.step, Step::Def(_))) {
            parent.write_schema(out);
        }
        match self.step {
            Step::Def(path) | Step::Sub(path) | Step::ItemAt(_, path) | Step::KeyAt(_, path) => {
                out.push_str(path)
            }
            Step::Prop(key) => {
                out.push_str("/properties");
                push_key(out, key);
            }
            Step::Item(_) => out.push_str("/items"),
            Step::Root => {}
        }
    }

    /// The JSON pointer (RFC 6901) of the instance here, or of its member
    /// `key`, with the head of its sort key (see `order`), both written in
    /// one pass.
    pub(super) fn located(&self, key: Option<&str>) -> (String, u128) {
        let mut out = String::new();
        let mut head = Head::default();
        let room = key.map_or(0, |key| key.len() + 1);
        self.write_pointer(&mut out, room, &mut head);
        if let Some(key) = key {
            push_segment(&mut out, &mut head, |out| push_key(out, key));
        }
        (out, head.value())
    }

    /// The location of this schema node in the bundle, with `keyword`
    /// appended: borrowed from the interned texts (see `interned`).
    pub fn schema_path(&self, keyword: &'static str) -> Cow<'static, str> {
        let build = || {
            let mut out = String::with_capacity(64);
            self.write_schema(&mut out);
            if !keyword.is_empty() {
                out.push('/');
                out.push_str(keyword);
            }
            out
        };
        let fill = |key: &mut Vec<_>| {
            key.push(piece(keyword, 3));
            let mut at = Some(self);
            while let Some(here) = at {
                // The tags keep a `Sub("/x")` apart from a `Prop("/x")`.
                key.push(match here.step {
                    Step::Def(path) => piece(path, 0),
                    Step::Sub(path) | Step::ItemAt(_, path) | Step::KeyAt(_, path) => {
                        piece(path, 1)
                    }
                    Step::Prop(key) => piece(key, 2),
                    Step::Item(_) => piece("/items", 1),
                    Step::Root => break,
                });
                // Deeper than any schema: stop, and the path is owned.
                if matches!(here.step, Step::Def(_)) || key.len() > MAX_PIECES {
                    break;
                }
                at = here.parent;
            }
        };
        intern(fill, build)
    }
}

/// The key a pointer segment names (`~1` → `/`, then `~0` → `~`).
pub fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Appends one segment with `push` (which writes `/` and the segment) and
/// gives the segment as written to `head`.
fn push_segment(out: &mut String, head: &mut Head, push: impl FnOnce(&mut String)) {
    let from = out.len() + 1;
    push(out);
    head.segment(out.as_bytes().get(from..).unwrap_or_default());
}

/// Appends `/key`, escaping `~` and `/` as RFC 6901 requires.
pub(super) fn push_key(out: &mut String, key: &str) {
    out.push('/');
    // Bytes, not chars: `~` and `/` are ASCII, and a char search decodes UTF-8.
    if key.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(&key.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(key);
    }
}

/// How many decimal digits `i` has.
fn digits(mut i: usize) -> usize {
    let mut n = 1;
    while i >= 10 {
        i /= 10;
        n += 1;
    }
    n
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

    #[test]
    fn writes_indexes_as_decimal() {
        for i in [0, 7, 9, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = String::new();
            push_index(&mut out, i);
            assert_eq!(out, format!("/{i}"));
            assert_eq!(digits(i), i.to_string().len());
        }
    }

    #[test]
    fn writes_a_pointer_deeper_than_its_step_list() {
        fn down(at: &At<'_>, depth: usize, expected: &mut String) -> String {
            if depth == 0 {
                return at.located(Some("end")).0;
            }
            let sub = at.sub("/items");
            let step = if depth % 2 == 0 {
                expected.push_str(&format!("/{depth}"));
                sub.item(depth)
            } else {
                expected.push_str("/k~0");
                sub.prop("k~")
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

    #[test]
    fn writes_the_head_of_the_pointer_it_writes() {
        let root = At::ROOT;
        let ty = root.def("/$defs/PushRequest");
        let data = ty.prop("data");
        for i in [0, 7, 12_345, 1 << 40] {
            let item = data.item(i);
            let sub = item.sub("/allOf/1");
            for (at, key) in [(&item, None), (&sub, Some("a/b~c")), (&item, Some("007"))] {
                let (pointer, head) = at.located(key);
                assert_eq!(head, crate::runtime::order::head(&pointer), "{pointer}");
            }
        }
    }

    #[test]
    fn renders_instance_pointer_and_schema_path() {
        let root = At::ROOT;
        let ty = root.def("/$defs/PushRequest");
        let data = ty.prop("data");
        let item = data.item(3);
        let cond = item.sub("/allOf/1/then");
        let odd = cond.prop("a/b~c");
        assert_eq!(odd.located(None).0, "/data/3/a~1b~0c");
        assert_eq!(
            odd.schema_path("type"),
            "/$defs/PushRequest/properties/data/items/allOf/1/then/properties/a~1b~0c/type"
        );
        let nested = odd.def("/$defs/PhoneNumber");
        assert_eq!(nested.schema_path("pattern"), "/$defs/PhoneNumber/pattern");
        assert_eq!(nested.located(None).0, "/data/3/a~1b~0c");
        assert_eq!(At::ROOT.located(None).0, "");
        assert_eq!(ty.located(Some("token")).0, "/token");
    }
}
