//! Where a check's errors go: [`Errors`], which every keyword's report
//! method (in this folder's family files) fails into. Messages are built
//! only when an error is kept ([`Errors::quick`] collectors only note that
//! something failed).

use crate::runtime::tree::Json;
use crate::runtime::{at::At, error::ValidationError};

/// A limit as people write it (`10000`, not `10000.0`).
pub(super) fn show_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

/// What a message says was found. A value may be a phone number, a message
/// text or a PIN, none of which may appear in an error, so only `null`,
/// booleans and numbers of at most three characters (codes, small counts)
/// are quoted; anything else is described by its kind and size.
pub(super) fn found(v: Json<'_>) -> String {
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    if let Some(n) = v.as_number() {
        let text = n.to_string();
        return if text.len() <= 3 {
            text
        } else {
            format!("a number of {}", count(text.len(), "character"))
        };
    }
    match (v.as_str(), v.as_array(), v.as_object()) {
        (Some(""), _, _) => "an empty string".into(),
        (Some(s), _, _) => format!("a string of {}", count(s.chars().count(), "character")),
        (_, Some(a), _) if a.is_empty() => "an empty array".into(),
        (_, Some(a), _) => format!("an array of {}", count(a.len(), "item")),
        (_, _, Some(o)) if o.is_empty() => "an empty object".into(),
        (_, _, Some(o)) => format!("an object of {}", count(o.len(), "member")),
        _ => match v.as_bool() {
            Some(b) => b.to_string(),
            None => "null".into(),
        },
    }
}

/// Where the errors of a check go: a list, or (in [`quick`](Errors::quick)
/// mode, for `if`, `not`, `anyOf` and `contains`) just whether any happened.
#[derive(Debug, Default)]
pub struct Errors {
    mode: Mode,
    failed: bool,
    list: Vec<ValidationError>,
    failed_keywords: Vec<&'static str>,
}

/// What an [`Errors`] keeps of each failure.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every error, with its pointer, schema path and message.
    #[default]
    Collect,
    /// Only that something failed.
    Verdict,
    /// Only the keyword of each failure (to merge a named format's errors into one).
    Keywords,
}

impl Errors {
    /// A collector that keeps every error.
    pub fn new() -> Self {
        Self::default()
    }

    /// A collector that only notes whether anything failed.
    pub fn quick() -> Self {
        Self {
            mode: Mode::Verdict,
            ..Self::default()
        }
    }

    /// Whether any check failed.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The errors kept.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.list
    }

    /// Adds an error found outside the schema's keywords (a duplicate key, …).
    pub fn push(&mut self, error: ValidationError) {
        self.failed = true;
        if self.mode == Mode::Collect {
            self.list.push(error);
        }
    }

    /// Reports a violation of `keyword` at `at`; the message is built only when kept.
    pub fn fail(&mut self, at: &At<'_>, keyword: &'static str, message: impl FnOnce() -> String) {
        self.fail_at(at, at.pointer_with(None), keyword, message);
    }

    /// Reports a violation of `keyword` at the member `key` of the object at `at`.
    pub(super) fn fail_key(
        &mut self,
        at: &At<'_>,
        key: &str,
        keyword: &'static str,
        message: impl FnOnce() -> String,
    ) {
        self.fail_at(at, at.pointer_with(Some(key)), keyword, message);
    }

    fn fail_at(
        &mut self,
        at: &At<'_>,
        pointer: impl FnOnce() -> String,
        keyword: &'static str,
        message: impl FnOnce() -> String,
    ) {
        self.failed = true;
        match self.mode {
            Mode::Collect => {}
            Mode::Verdict => return,
            Mode::Keywords => {
                self.failed_keywords.push(keyword);
                return;
            }
        }
        let mut text = message();
        if let Some(hint) = at.hint_text() {
            text.push_str("; ");
            text.push_str(hint);
        }
        self.list.push(ValidationError::new(
            pointer(),
            keyword,
            at.schema_path(keyword),
            text,
        ));
    }

    /// Runs the checks of a named format (a phone number, a whole number,
    /// …) and turns every error they raise at this value into one, worded by
    /// `explain` when it can say what is wrong, listing every keyword.
    pub fn format(
        &mut self,
        v: Json<'_>,
        at: &At<'_>,
        explain: fn(Json<'_>) -> Option<String>,
        checks: impl Fn(&mut Errors),
    ) {
        if self.mode != Mode::Collect {
            checks(self);
            return;
        }
        // First only whether it fails, and by which keywords: a valid value
        // (the common case) costs neither a message nor `explain`.
        let mut quick = Errors {
            mode: Mode::Keywords,
            ..Errors::default()
        };
        checks(&mut quick);
        if !quick.failed {
            return;
        }
        self.failed = true;
        let error = match explain(v) {
            // The type's own words; the keywords that failed are listed.
            Some(text) => {
                let keyword = quick.failed_keywords.first().copied().unwrap_or("type");
                let mut error =
                    ValidationError::new(at.pointer(), keyword, at.schema_path(keyword), text);
                error.also = quick.failed_keywords.get(1..).unwrap_or_default().to_vec();
                error
            }
            // The first keyword's message, the others listed.
            None => {
                let mut full = Errors::default();
                checks(&mut full);
                if full.list.is_empty() {
                    return;
                }
                let mut error = full.list.remove(0);
                error.also = full.list.iter().map(|e| e.keyword).collect();
                error
            }
        };
        self.list.push(error);
    }
}

impl At<'_> {
    fn pointer_with<'k>(&'k self, key: Option<&'k str>) -> impl FnOnce() -> String + 'k {
        move || match key {
            Some(k) => self.pointer_to(k),
            None => self.pointer(),
        }
    }
}

/// Whether the checks `f` makes pass (no messages are built).
pub fn passes(f: impl FnOnce(&mut Errors)) -> bool {
    let mut quick = Errors::quick();
    f(&mut quick);
    !quick.failed
}
