//! Where a check is: the instance pointer and the schema path, built on the
//! stack while walking a document and turned into strings only when an error
//! is reported, so valid input allocates nothing.

use std::borrow::Cow;

use super::interned::{intern, piece, MAX_PIECES};

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

/// A segment of an instance pointer, as a step names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Segment<'a> {
    /// A member's key, not yet escaped.
    Key(&'a str),
    /// An array element's index.
    Index(usize),
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

    /// The segments of the instance pointer here, outermost first, written
    /// at the end of `room`; `None` when `room` cannot hold them all.
    pub(super) fn segments<'r>(&self, room: &'r mut [Segment<'a>]) -> Option<&'r [Segment<'a>]> {
        let mut start = room.len();
        for segment in self.up().filter_map(At::segment) {
            start = start.checked_sub(1)?;
            *room.get_mut(start)? = segment;
        }
        room.get(start..)
    }

    /// The segments of the instance pointer here, outermost first, however many.
    pub(super) fn all_segments(&self) -> Vec<Segment<'a>> {
        let mut segments: Vec<_> = self.up().filter_map(At::segment).collect();
        segments.reverse();
        segments
    }

    /// This step and those above it, innermost first.
    fn up(&self) -> impl Iterator<Item = &At<'a>> {
        std::iter::successors(Some(self), |at| at.parent)
    }

    /// The pointer segment this step names, if any.
    fn segment(&self) -> Option<Segment<'a>> {
        match self.step {
            Step::Prop(key) | Step::KeyAt(key, _) => Some(Segment::Key(key)),
            Step::Item(i) | Step::ItemAt(i, _) => Some(Segment::Index(i)),
            Step::Root | Step::Def(_) | Step::Sub(_) => None,
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
            for here in self.up() {
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
            }
        };
        intern(fill, build)
    }
}

/// The key a pointer segment names (`~1` → `/`, then `~0` → `~`).
pub fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_schema_path() {
        let root = At::ROOT;
        let ty = root.def("/$defs/PushRequest");
        let data = ty.prop("data");
        let item = data.item(3);
        let cond = item.sub("/allOf/1/then");
        let odd = cond.prop("a/b~c");
        assert_eq!(
            odd.schema_path("type"),
            "/$defs/PushRequest/properties/data/items/allOf/1/then/properties/a~1b~0c/type"
        );
        let nested = odd.def("/$defs/PhoneNumber");
        assert_eq!(nested.schema_path("pattern"), "/$defs/PhoneNumber/pattern");
    }

    #[test]
    fn names_the_segments_outermost_first() {
        let root = At::ROOT;
        let ty = root.def("/$defs/PushRequest");
        let data = ty.prop("data");
        let item = data.item(3);
        let sub = item.sub("/allOf/1");
        let extra = sub.extra("mesage");
        let expected = [
            Segment::Key("data"),
            Segment::Index(3),
            Segment::Key("mesage"),
        ];
        assert_eq!(extra.all_segments(), expected);
        let mut room = [Segment::Index(0); 4];
        assert_eq!(extra.segments(&mut room), Some(&expected[..]));
        let mut room = [Segment::Index(0); 2];
        assert_eq!(extra.segments(&mut room), None);
    }
}
