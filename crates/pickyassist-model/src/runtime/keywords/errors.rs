//! Where a check's errors go: [`Errors`], which every keyword's report
//! method (in this folder's family files) fails into. Messages are built
//! only when an error is kept ([`Errors::quick`] collectors only note that
//! something failed).

use std::borrow::Cow;

use crate::runtime::interned::concat;
use crate::runtime::order::{head, Ordered};
use crate::runtime::pointer::Pointers;
use crate::runtime::tree::Json;
use crate::runtime::{at::At, error::ValidationError, error::ValidationErrors};

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
pub(super) fn found(v: Json<'_>) -> Cow<'static, str> {
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    if let Some(n) = v.as_number() {
        let text = n.to_string();
        return if text.len() <= 3 {
            text.into()
        } else {
            format!("a number of {}", count(text.len(), "character")).into()
        };
    }
    match (v.as_str(), v.as_array(), v.as_object()) {
        (Some(""), _, _) => "an empty string".into(),
        (Some(s), _, _) => format!("a string of {}", count(s.chars().count(), "character")).into(),
        (_, Some(a), _) if a.is_empty() => "an empty array".into(),
        (_, Some(a), _) => format!("an array of {}", count(a.len(), "item")).into(),
        (_, _, Some(o)) if o.is_empty() => "an empty object".into(),
        (_, _, Some(o)) => format!("an object of {}", count(o.len(), "member")).into(),
        _ => match v.as_bool() {
            Some(true) => "true".into(),
            Some(false) => "false".into(),
            None => "null".into(),
        },
    }
}

/// `lead` followed by what was found ([`found`]): two fixed parts, joined
/// (with the hint) only where kept, when what was found is one of the fixed
/// descriptions (`an empty string`); else built once with room for the hint
/// that [`Errors::fail`] appends (a long list can break one rule thousands
/// of times).
pub(super) fn found_after(at: &At<'_>, lead: &'static str, v: Json<'_>) -> Words {
    match found(v) {
        Cow::Borrowed(what) => Words::Parts(lead, what),
        Cow::Owned(what) => {
            let room = at.hint_text().map_or(0, |hint| hint.len() + 2);
            let mut text = String::with_capacity(lead.len() + what.len() + room);
            text.push_str(lead);
            text.push_str(&what);
            Words::Text(text.into())
        }
    }
}

/// A rule's message, before [`Errors::fail`] adds the hint of its schema
/// node (`x-message`).
pub enum Words {
    /// The words as they are.
    Text(Cow<'static, str>),
    /// Two fixed parts, one after the other: interned with the hint as one
    /// text, not joined first and looked up again.
    Parts(&'static str, &'static str),
}

impl From<Cow<'static, str>> for Words {
    fn from(text: Cow<'static, str>) -> Self {
        Words::Text(text)
    }
}

impl From<String> for Words {
    fn from(text: String) -> Self {
        Words::Text(text.into())
    }
}

impl From<&'static str> for Words {
    fn from(text: &'static str) -> Self {
        Words::Text(text.into())
    }
}

/// Where the errors of a check go: a list, or (in [`quick`](Errors::quick)
/// mode, for `if`, `not`, `anyOf` and `contains`) just whether any happened.
#[derive(Debug, Default)]
pub struct Errors {
    mode: Mode,
    failed: bool,
    /// The errors kept, in order as they come.
    list: Ordered<ValidationError>,
    /// The keyword and schema path of each failure, in `Keywords` mode.
    failed_rules: Vec<Rule>,
    /// Room for [`format`](Errors::format)'s list of rules, kept between calls.
    spare: Vec<Rule>,
    /// The last pointer written, to write the next from.
    pointers: Pointers,
}

/// What an [`Errors`] keeps of each failure.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Every error, with its pointer, schema path and message.
    #[default]
    Collect,
    /// Only that something failed.
    Verdict,
    /// Only the rule of each failure (to merge a named format's errors into one).
    Keywords,
}

/// A rule that failed: its keyword and its schema path.
type Rule = (&'static str, &'static str);

/// The keyword a rule's schema path ends in (`anyOf` of `/$defs/Flag/anyOf`).
fn keyword_of(path: &'static str) -> &'static str {
    path.rsplit_once('/').map_or(path, |(_, keyword)| keyword)
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

    /// The errors kept, not yet in a report's order: as reported, except
    /// that an error found to sort before the few reported just ahead of it
    /// has been moved back among them. Errors at one pointer stay as
    /// reported.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.list.into_kept().0
    }

    /// The errors kept, in a report's order (`None`: there were none).
    pub fn into_report(self) -> Option<ValidationErrors> {
        (!self.list.is_empty()).then(|| ValidationErrors::ordered(self.list.into_sorted()))
    }

    /// Adds an error found outside the schema's keywords (a duplicate key, …).
    pub fn push(&mut self, error: ValidationError) {
        self.failed = true;
        if self.mode == Mode::Collect {
            let head = head(&error.pointer);
            self.keep(error, head);
        }
    }

    /// Keeps an error with the head of its pointer's sort key.
    fn keep(&mut self, error: ValidationError, head: u128) {
        self.list.push(error, head);
    }

    /// Reports a violation of `keyword`, stated at `path` in the bundle
    /// (`/$defs/PushRequest/required`), by the value at `at`; the message (a
    /// `String`, a `&'static str` that is then not copied, or [`Words`]) is
    /// built only when kept.
    pub fn fail<M: Into<Words>>(
        &mut self,
        at: &At<'_>,
        keyword: &'static str,
        path: &'static str,
        message: impl FnOnce() -> M,
    ) {
        self.fail_at(at, None, (keyword, path), message);
    }

    /// Reports a violation of `keyword` (at `path`) at the member `key` of
    /// the object at `at`.
    pub(super) fn fail_key<M: Into<Words>>(
        &mut self,
        at: &At<'_>,
        key: &str,
        keyword: &'static str,
        path: &'static str,
        message: impl FnOnce() -> M,
    ) {
        self.fail_at(at, Some(key), (keyword, path), message);
    }

    /// Reports a violation at `at`, or at its member `key`.
    fn fail_at<M: Into<Words>>(
        &mut self,
        at: &At<'_>,
        key: Option<&str>,
        (keyword, path): Rule,
        message: impl FnOnce() -> M,
    ) {
        self.failed = true;
        if self.mode == Mode::Verdict {
            return;
        }
        // A rule the bundle states elsewhere (an `enum` it writes as an
        // `anyOf`) is reported under the keyword of its place there.
        let keyword = if path.ends_with(keyword) {
            keyword
        } else {
            keyword_of(path)
        };
        if self.mode == Mode::Keywords {
            self.failed_rules.push((keyword, path));
            return;
        }
        let text = match (message().into(), at.hint_text()) {
            (Words::Text(text), None) => text,
            (Words::Parts(lead, rest), None) => concat(&[lead, rest]),
            (Words::Parts(lead, rest), Some(hint)) => concat(&[lead, rest, "; ", hint]),
            (Words::Text(Cow::Borrowed(words)), Some(hint)) => concat(&[words, "; ", hint]),
            (Words::Text(Cow::Owned(mut text)), Some(hint)) => {
                text.reserve_exact(hint.len() + 2);
                text.push_str("; ");
                text.push_str(hint);
                text.into()
            }
        };
        let (pointer, head) = self.pointers.locate(at, key);
        self.keep(ValidationError::new(pointer, keyword, path, text), head);
    }

    /// Runs the checks of a named format (a phone number, a whole number,
    /// …) and turns every error they raise at this value into one, worded by
    /// `explain` when it can say what is wrong, listing every keyword.
    pub fn format(
        &mut self,
        v: Json<'_>,
        at: &At<'_>,
        explain: fn(Json<'_>) -> Option<Cow<'static, str>>,
        checks: impl Fn(&mut Errors),
    ) {
        if self.mode != Mode::Collect {
            checks(self);
            return;
        }
        // First only whether it fails, and by which rules: a valid value
        // (the common case) costs neither a message nor `explain`. The
        // list's room is kept between calls (one per phone number of a long
        // list).
        let mut quick = Errors {
            mode: Mode::Keywords,
            failed_rules: std::mem::take(&mut self.spare),
            ..Errors::default()
        };
        checks(&mut quick);
        let mut rules = quick.failed_rules;
        if quick.failed {
            self.failed = true;
            let found = Self::format_error(v, at, explain, &rules, checks, &mut self.pointers);
            if let Some((error, head)) = found {
                self.keep(error, head);
            }
        }
        rules.clear();
        self.spare = rules;
    }

    /// The one error of a named format whose checks broke `rules`.
    fn format_error(
        v: Json<'_>,
        at: &At<'_>,
        explain: fn(Json<'_>) -> Option<Cow<'static, str>>,
        rules: &[Rule],
        checks: impl Fn(&mut Errors),
        pointers: &mut Pointers,
    ) -> Option<(ValidationError, u128)> {
        match (explain(v), rules) {
            // The type's own words; the keywords that failed are listed.
            (Some(text), [(keyword, path), rest @ ..]) => {
                let (pointer, head) = pointers.locate(at, None);
                let mut error = ValidationError::new(pointer, keyword, *path, text);
                error.also = rest.iter().map(|(keyword, _)| *keyword).collect();
                Some((error, head))
            }
            // The first keyword's message, the others listed.
            _ => {
                let mut full = Errors::default();
                checks(&mut full);
                let (errors, heads) = full.list.into_kept();
                let head = heads.first().copied()?;
                let mut rest = errors.into_iter();
                let mut error = rest.next()?;
                error.also = rest.map(|e| e.keyword).collect();
                Some((error, head))
            }
        }
    }
}

/// Whether the checks `f` makes pass (no messages are built).
pub fn passes(f: impl FnOnce(&mut Errors)) -> bool {
    let mut quick = Errors::quick();
    f(&mut quick);
    !quick.failed
}
