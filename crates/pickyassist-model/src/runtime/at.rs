//! Where a check is: the instance pointer and the schema path, built on the
//! stack while walking a document and turned into strings only when an error
//! is reported, so valid input allocates nothing.

/// One step down from the parent.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    /// The document itself.
    Root,
    /// Into a named type: the schema path restarts at `/$defs/<Type>`.
    Def(&'static str),
    /// Into member `key` of an object (`/properties/<key>` in the schema).
    Prop(&'a str),
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

    /// Member `key` of the object here.
    pub fn prop(&'a self, key: &'a str) -> At<'a> {
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

    /// Writes the instance pointer, outermost step first (no allocation but the string).
    fn write_pointer(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_pointer(out);
        }
        match self.step {
            Step::Prop(key) | Step::KeyAt(key, _) => push_key(out, key),
            Step::Item(i) | Step::ItemAt(i, _) => push_index(out, i),
            Step::Root | Step::Def(_) | Step::Sub(_) => {}
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

    /// The JSON pointer (RFC 6901) of the instance here.
    pub fn pointer(&self) -> String {
        // Room for a member's key after it too (`pointer_to`).
        let mut out = String::with_capacity(48);
        self.write_pointer(&mut out);
        out
    }

    /// The JSON pointer of member `key` of the object here.
    pub fn pointer_to(&self, key: &str) -> String {
        let mut out = self.pointer();
        push_key(&mut out, key);
        out
    }

    /// The location of this schema node in the bundle, with `keyword` appended.
    pub fn schema_path(&self, keyword: &str) -> String {
        let mut out = String::with_capacity(64);
        self.write_schema(&mut out);
        if !keyword.is_empty() {
            out.push('/');
            out.push_str(keyword);
        }
        out
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
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_indexes_as_decimal() {
        for i in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = String::new();
            push_index(&mut out, i);
            assert_eq!(out, format!("/{i}"));
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
        assert_eq!(odd.pointer(), "/data/3/a~1b~0c");
        assert_eq!(
            odd.schema_path("type"),
            "/$defs/PushRequest/properties/data/items/allOf/1/then/properties/a~1b~0c/type"
        );
        let nested = odd.def("/$defs/PhoneNumber");
        assert_eq!(nested.schema_path("pattern"), "/$defs/PhoneNumber/pattern");
        assert_eq!(nested.pointer(), "/data/3/a~1b~0c");
        assert_eq!(At::ROOT.pointer(), "");
        assert_eq!(ty.pointer_to("token"), "/token");
    }
}
