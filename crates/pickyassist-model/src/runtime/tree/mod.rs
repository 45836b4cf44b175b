//! The tree a document is checked on.
//!
//! A report of what is wrong with a body reads the body once, rule by rule.
//! Built as a `serde_json::Value`, that reading cost more than the parse
//! itself: a `String` per text, a map per object, and freeing all of it. A
//! [`Doc`] is one list of small nodes in document order; its texts are
//! spans of the input (or, when they held escapes, of one buffer of
//! unescaped text), so parsing it allocates two buffers, not one per value.
//!
//! [`Json`], [`Obj`] and [`Arr`] are views into a `Doc` that answer as
//! `Value`'s own methods do (`as_str`, `as_object`, `get`, …), so the
//! generated checks read like checks of a `Value`. An object's key given
//! twice is kept once, its last copy, as `serde_json` keeps it.

mod convert;
mod parse;

pub use convert::TooLarge;
pub use parse::parse;

/// One value of a document, or one key of an object.
///
/// A container is followed by its members (for an object: each key, then
/// its value) and knows where its last member ends, so a walk skips a
/// whole subtree in one step.
#[derive(Clone, Copy, Debug)]
enum Node {
    Null,
    Bool(bool),
    /// A whole number from 0 up.
    UInt(u64),
    /// A negative whole number.
    Int(i64),
    Float(f64),
    Str(Span),
    /// An object's key; `shadowed` when a later copy of it overrides it.
    Key {
        span: Span,
        shadowed: bool,
    },
    /// `end`: the index after its last member.
    Array {
        len: u32,
        end: u32,
    },
    /// `len` counts distinct keys.
    Object {
        len: u32,
        end: u32,
    },
}

/// Where a text is: in the input, or in the doc's buffer of unescaped text.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    len: u32,
    unescaped: bool,
}

/// A document parsed for checking: see the module docs.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The input the spans point into.
    src: &'a str,
    /// Texts that held escapes, unescaped, one after another.
    text: String,
    nodes: Vec<Node>,
}

impl Doc<'_> {
    /// The document's top value.
    pub fn root(&self) -> Json<'_> {
        Json { doc: self, i: 0 }
    }

    fn text_of(&self, span: Span) -> &str {
        let (from, range) = self.place(span);
        from.get(range).unwrap_or_default()
    }

    /// The bytes of the text at `span`.
    fn bytes_of(&self, span: Span) -> &[u8] {
        let (from, range) = self.place(span);
        from.as_bytes().get(range).unwrap_or_default()
    }

    /// The text `span` points into, and where in it.
    fn place(&self, span: Span) -> (&str, std::ops::Range<usize>) {
        let range = span.start as usize..(span.start + span.len) as usize;
        (if span.unescaped { &self.text } else { self.src }, range)
    }

    /// The text of the key at `i` (empty if `i` is not a key).
    fn key_text(&self, i: u32) -> &str {
        match self.nodes[i as usize] {
            Node::Key { span, .. } => self.text_of(span),
            _ => "",
        }
    }

    /// The index after the value at `i` and everything inside it.
    fn after(&self, i: u32) -> u32 {
        match self.nodes[i as usize] {
            Node::Array { end, .. } | Node::Object { end, .. } => end,
            _ => i + 1,
        }
    }
}

/// One JSON value of a [`Doc`] (or one of its keys, read as a string).
#[derive(Clone, Copy)]
pub struct Json<'a> {
    doc: &'a Doc<'a>,
    i: u32,
}

impl std::fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The kind only: a value may be personal data.
        write!(f, "Json({})", self.type_name())
    }
}

impl<'a> Json<'a> {
    fn node(self) -> Node {
        self.doc.nodes[self.i as usize]
    }

    /// The text, when this is a string.
    pub fn as_str(self) -> Option<&'a str> {
        match self.node() {
            Node::Str(span) | Node::Key { span, .. } => Some(self.doc.text_of(span)),
            _ => None,
        }
    }

    /// The number as an `f64`, when this is a number.
    pub fn as_f64(self) -> Option<f64> {
        match self.node() {
            Node::UInt(n) => Some(n as f64),
            Node::Int(n) => Some(n as f64),
            Node::Float(x) => Some(x),
            _ => None,
        }
    }

    /// The number, when it is a whole number that fits an `i64`.
    pub fn as_i64(self) -> Option<i64> {
        match self.node() {
            Node::UInt(n) => i64::try_from(n).ok(),
            Node::Int(n) => Some(n),
            _ => None,
        }
    }

    /// The number, when it is a whole number from 0 that fits a `u64`.
    pub fn as_u64(self) -> Option<u64> {
        match self.node() {
            Node::UInt(n) => Some(n),
            _ => None,
        }
    }

    /// The number as `serde_json` holds it, when this is a number.
    pub fn as_number(self) -> Option<serde_json::Number> {
        match self.node() {
            Node::UInt(n) => Some(n.into()),
            Node::Int(n) => Some(n.into()),
            Node::Float(x) => serde_json::Number::from_f64(x),
            _ => None,
        }
    }

    /// The value, when this is `true` or `false`.
    pub fn as_bool(self) -> Option<bool> {
        match self.node() {
            Node::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(self) -> bool {
        matches!(self.node(), Node::Null)
    }

    /// Whether this is a string.
    pub fn is_string(self) -> bool {
        self.as_str().is_some()
    }

    /// Whether this is a number.
    pub fn is_number(self) -> bool {
        matches!(self.node(), Node::UInt(_) | Node::Int(_) | Node::Float(_))
    }

    /// Whether this is `true` or `false`.
    pub fn is_boolean(self) -> bool {
        matches!(self.node(), Node::Bool(_))
    }

    /// Whether this is an array.
    pub fn is_array(self) -> bool {
        matches!(self.node(), Node::Array { .. })
    }

    /// Whether this is an object.
    pub fn is_object(self) -> bool {
        matches!(self.node(), Node::Object { .. })
    }

    /// Whether this is a number with no fractional part (JSON Schema's
    /// `integer`: `1.0` counts).
    pub fn is_integer(self) -> bool {
        match self.node() {
            Node::UInt(_) | Node::Int(_) => true,
            Node::Float(x) => x.is_finite() && x.fract() == 0.0,
            _ => false,
        }
    }

    /// The JSON type name, for messages (`integer` for a whole number).
    pub fn type_name(self) -> &'static str {
        match self.node() {
            Node::Null => "null",
            Node::Bool(_) => "boolean",
            _ if self.is_integer() => "integer",
            Node::UInt(_) | Node::Int(_) | Node::Float(_) => "number",
            Node::Str(_) | Node::Key { .. } => "string",
            Node::Array { .. } => "array",
            Node::Object { .. } => "object",
        }
    }

    /// The object, when this is one.
    pub fn as_object(self) -> Option<Obj<'a>> {
        match self.node() {
            Node::Object { len, end } => Some(Obj {
                doc: self.doc,
                i: self.i,
                len,
                end,
            }),
            _ => None,
        }
    }

    /// The array, when this is one.
    pub fn as_array(self) -> Option<Arr<'a>> {
        match self.node() {
            Node::Array { len, end } => Some(Arr {
                doc: self.doc,
                i: self.i,
                len,
                end,
            }),
            _ => None,
        }
    }
}

/// An object of a [`Doc`].
#[derive(Clone, Copy)]
pub struct Obj<'a> {
    doc: &'a Doc<'a>,
    i: u32,
    len: u32,
    end: u32,
}

impl<'a> Obj<'a> {
    /// How many distinct keys it has.
    pub fn len(self) -> usize {
        self.len as usize
    }

    /// Whether it has no member.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The value of `key` (its last copy, when it is given twice).
    pub fn get(self, key: &str) -> Option<Json<'a>> {
        // Lengths first: most keys differ in length from the one looked for,
        // and a length needs no text cut out. `Members`' walk, written out:
        // a `Members` that also yields spans cost 0.3 % on a long report.
        let mut next = self.i + 1;
        while next < self.end {
            let value = next + 1;
            if let Node::Key {
                span,
                shadowed: false,
            } = self.doc.nodes[next as usize]
            {
                if span.len as usize == key.len() && self.doc.bytes_of(span) == key.as_bytes() {
                    return Some(Json {
                        doc: self.doc,
                        i: value,
                    });
                }
            }
            next = self.doc.after(value);
        }
        None
    }

    /// Whether it has `key`.
    pub fn contains_key(self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Its members in document order, a key given twice once (its last copy).
    pub fn iter(self) -> Members<'a> {
        Members {
            doc: self.doc,
            next: self.i + 1,
            end: self.end,
        }
    }

    /// Its keys in document order, each once.
    pub fn keys(self) -> impl Iterator<Item = &'a str> {
        self.iter().map(|(k, _)| k)
    }

    /// Its keys in document order, each once, and each as a JSON string
    /// (what `propertyNames` checks).
    pub fn names(self) -> impl Iterator<Item = (&'a str, Json<'a>)> {
        let doc = self.doc;
        self.iter().map(move |(k, v)| (k, Json { doc, i: v.i - 1 }))
    }
}

impl<'a> IntoIterator for Obj<'a> {
    type Item = (&'a str, Json<'a>);
    type IntoIter = Members<'a>;

    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

/// The members of an [`Obj`], as (key, value).
pub struct Members<'a> {
    doc: &'a Doc<'a>,
    next: u32,
    end: u32,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, Json<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.end {
            let key = self.next;
            let value = key + 1;
            self.next = self.doc.after(value);
            if let Node::Key {
                span,
                shadowed: false,
            } = self.doc.nodes[key as usize]
            {
                let json = Json {
                    doc: self.doc,
                    i: value,
                };
                return Some((self.doc.text_of(span), json));
            }
        }
        None
    }
}

/// An array of a [`Doc`].
#[derive(Clone, Copy)]
pub struct Arr<'a> {
    doc: &'a Doc<'a>,
    i: u32,
    len: u32,
    end: u32,
}

impl<'a> Arr<'a> {
    /// How many items it has.
    pub fn len(self) -> usize {
        self.len as usize
    }

    /// Whether it has no item.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// Item `index`, when there is one.
    pub fn get(self, index: usize) -> Option<Json<'a>> {
        self.iter().nth(index)
    }

    /// Its items in order.
    pub fn iter(self) -> Items<'a> {
        Items {
            doc: self.doc,
            next: self.i + 1,
            end: self.end,
        }
    }
}

impl<'a> IntoIterator for Arr<'a> {
    type Item = Json<'a>;
    type IntoIter = Items<'a>;

    fn into_iter(self) -> Items<'a> {
        self.iter()
    }
}

/// The items of an [`Arr`].
#[derive(Clone)]
pub struct Items<'a> {
    doc: &'a Doc<'a>,
    next: u32,
    end: u32,
}

impl<'a> Iterator for Items<'a> {
    type Item = Json<'a>;

    fn next(&mut self) -> Option<Json<'a>> {
        (self.next < self.end).then(|| {
            let item = self.next;
            self.next = self.doc.after(item);
            Json {
                doc: self.doc,
                i: item,
            }
        })
    }
}

#[cfg(test)]
mod tests;
