//! JSON pointers built on the stack while walking a document; turned into a
//! `String` only when an error is reported, so valid input allocates nothing.

/// One step of a JSON pointer under construction.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A JSON pointer (RFC 6901) as a linked list of borrowed segments.
#[derive(Debug, Clone, Copy)]
pub struct Ptr<'a> {
    parent: Option<&'a Ptr<'a>>,
    seg: Option<Seg<'a>>,
}

impl Ptr<'static> {
    /// The pointer to the whole document (`""`).
    pub const ROOT: Ptr<'static> = Ptr {
        parent: None,
        seg: None,
    };
}

impl<'a> Ptr<'a> {
    /// The pointer to member `key` of the object this pointer names.
    pub fn key(&'a self, key: &'a str) -> Ptr<'a> {
        Ptr {
            parent: Some(self),
            seg: Some(Seg::Key(key)),
        }
    }

    /// The pointer to element `index` of the array this pointer names.
    pub fn index(&'a self, index: usize) -> Ptr<'a> {
        Ptr {
            parent: Some(self),
            seg: Some(Seg::Index(index)),
        }
    }

    /// Renders the pointer, escaping `~` and `/` in keys as RFC 6901 requires.
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut segs = Vec::with_capacity(8);
        let mut cur = Some(self);
        while let Some(p) = cur {
            if let Some(seg) = p.seg {
                segs.push(seg);
            }
            cur = p.parent;
        }
        let mut out = String::with_capacity(8 * segs.len());
        for seg in segs.iter().rev() {
            out.push('/');
            match seg {
                Seg::Key(k) if k.contains(['~', '/']) => {
                    out.push_str(&k.replace('~', "~0").replace('/', "~1"));
                }
                Seg::Key(k) => out.push_str(k),
                Seg::Index(i) => {
                    let _ = write!(out, "{i}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_nested_pointer_with_escapes() {
        let root = Ptr::ROOT;
        let data = root.key("data");
        let item = data.index(3);
        let odd = item.key("a/b~c");
        assert_eq!(odd.render(), "/data/3/a~1b~0c");
        assert_eq!(Ptr::ROOT.render(), "");
    }
}
