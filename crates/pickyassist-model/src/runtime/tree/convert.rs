//! A `serde_json::Value` into a [`Doc`], for the entry points that are
//! handed a parsed value (`validate_value`, `Model::is_valid_value`, the
//! check of a value built in code).

use super::{Doc, Node, Span};
use serde_json::Value;

/// What a `Value` too large for a [`Doc`] is refused with.
#[derive(Debug)]
pub struct TooLarge;

impl Doc<'static> {
    /// The same value as a `Doc`; its texts are copied. Walks with a list,
    /// not recursion, so that a value nested however deep converts.
    pub fn from_value(value: &Value) -> Result<Doc<'static>, TooLarge> {
        let mut doc = Doc {
            src: "",
            text: String::new(),
            nodes: Vec::new(),
        };
        // What is left to write: a value, or the end of a container (its
        // node's index, to write its size into).
        enum Todo<'v> {
            Value(&'v Value),
            Key(&'v str),
            Close(usize),
        }
        let mut todo = vec![Todo::Value(value)];
        while let Some(next) = todo.pop() {
            if u32::try_from(doc.nodes.len()).is_err() {
                return Err(TooLarge);
            }
            match next {
                Todo::Close(at) => {
                    let end = doc.nodes.len() as u32;
                    match &mut doc.nodes[at] {
                        Node::Array { end: e, .. } | Node::Object { end: e, .. } => *e = end,
                        _ => {}
                    }
                }
                Todo::Key(k) => {
                    let span = copy(&mut doc.text, k)?;
                    doc.nodes.push(Node::Key {
                        span,
                        shadowed: false,
                    });
                }
                Todo::Value(v) => {
                    let at = doc.nodes.len();
                    doc.nodes.push(match v {
                        Value::Null => Node::Null,
                        Value::Bool(b) => Node::Bool(*b),
                        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                            (Some(u), _, _) => Node::UInt(u),
                            (None, Some(i), _) => Node::Int(i),
                            (None, None, Some(x)) => Node::Float(x),
                            (None, None, None) => Node::Null,
                        },
                        Value::String(s) => Node::Str(copy(&mut doc.text, s)?),
                        Value::Array(items) => {
                            todo.push(Todo::Close(at));
                            todo.extend(items.iter().rev().map(Todo::Value));
                            Node::Array {
                                len: len(items.len())?,
                                end: 0,
                            }
                        }
                        Value::Object(members) => {
                            todo.push(Todo::Close(at));
                            for (k, v) in members.iter().rev() {
                                todo.push(Todo::Value(v));
                                todo.push(Todo::Key(k));
                            }
                            Node::Object {
                                len: len(members.len())?,
                                end: 0,
                            }
                        }
                    });
                }
            }
        }
        Ok(doc)
    }
}

fn len(n: usize) -> Result<u32, TooLarge> {
    u32::try_from(n).map_err(|_| TooLarge)
}

fn copy(text: &mut String, s: &str) -> Result<Span, TooLarge> {
    let start = len(text.len())?;
    let span = Span {
        start,
        len: len(s.len())?,
        unescaped: true,
    };
    len(text.len() + s.len())?;
    text.push_str(s);
    Ok(span)
}
