//! Where a check is: the instance pointer, built on the stack while walking
//! a document and turned into a string only when an error is reported (so
//! valid input allocates nothing), and the `x-message` hint of the schema
//! node checking it. An error's schema path needs no walk: the generated
//! code states each rule's place in the bundle where it calls the rule.

/// One step down from the parent.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    /// The document itself.
    Root,
    /// Into member `key` of an object.
    Key(&'a str),
    /// Into element `i` of an array.
    Item(usize),
}

/// A segment of an instance pointer, as a step names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Segment<'a> {
    /// A member's key, not yet escaped.
    Key(&'a str),
    /// An array element's index.
    Index(usize),
}

/// A position in the instance, as a linked list of steps, with the hint of
/// the schema node that checks it.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
    /// `x-message` of the schema node here, added to its own errors.
    hint: Option<&'static str>,
}

impl At<'static> {
    /// The whole document.
    pub const ROOT: At<'static> = At {
        parent: None,
        step: Step::Root,
        hint: None,
    };
}

impl<'a> At<'a> {
    /// One step down, checked by a schema node without a hint.
    fn child(&'a self, step: Step<'a>) -> At<'a> {
        At {
            parent: Some(self),
            step,
            hint: None,
        }
    }

    /// Member `key` of the object here.
    pub fn prop(&'a self, key: &'a str) -> At<'a> {
        self.child(Step::Key(key))
    }

    /// Element `index` of the array here.
    pub fn item(&'a self, index: usize) -> At<'a> {
        self.child(Step::Item(index))
    }

    /// This position, checked by a schema node with the `x-message` `hint`.
    pub fn hint(self, hint: &'static str) -> At<'a> {
        At {
            hint: Some(hint),
            ..self
        }
    }

    /// This position, checked by a schema node without a hint (inside one
    /// that has one).
    pub fn unhinted(self) -> At<'a> {
        At { hint: None, ..self }
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
            Step::Key(key) => Some(Segment::Key(key)),
            Step::Item(i) => Some(Segment::Index(i)),
            Step::Root => None,
        }
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
    fn names_the_segments_outermost_first() {
        let root = At::ROOT;
        let data = root.prop("data");
        let item = data.item(3);
        let hinted = item.hint("see the docs");
        let extra = hinted.prop("mesage");
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

    #[test]
    fn a_hint_holds_for_its_node_only() {
        let root = At::ROOT;
        let hinted = root.hint("see the docs");
        assert_eq!(hinted.hint_text(), Some("see the docs"));
        assert_eq!(hinted.unhinted().hint_text(), None);
        assert_eq!(hinted.prop("token").hint_text(), None);
        assert_eq!(hinted.item(0).hint_text(), None);
        assert_eq!(hinted.all_segments(), []);
    }
}
