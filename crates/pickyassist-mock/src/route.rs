//! One route per endpoint of the model's endpoint table (the route table is
//! generated from the endpoint index): what it validates, which refusal a
//! broken rule gets, what it answers. Path, token, hosts and rate limit are
//! the endpoint's.

use pickyassist_model::{Endpoint, SchemaType, ValidationErrors};

/// How one endpoint is answered.
#[derive(Debug)]
pub(crate) struct Route {
    /// The endpoint served: path, token kind, hosts, documented rate limit.
    pub endpoint: &'static Endpoint,
    /// The request type.
    pub request: SchemaType,
    /// How the mock replies to a valid request, as the docs answer it.
    pub reply: Reply,
    /// Refusals for broken rules, first match wins.
    pub refusals: &'static [Refusal],
}

/// How the mock replies to a valid request, as the docs answer it.
#[derive(Debug)]
pub(crate) enum Reply {
    /// A docs sample, with the request's values copied into the keys both share.
    Sample {
        /// The sample.
        text: &'static str,
        /// A request key, and the sample answered when it is absent or
        /// `""` (template status lists every template without an id).
        when_blank: Option<(&'static str, &'static str)>,
    },
    /// One receipt per recipient with fresh ids (the push answer).
    Receipts,
}

/// The refusal a broken rule gets.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub code: u64,
    pub message: &'static str,
    /// Pointer of the failing value; `*` matches one segment.
    pub pointer: &'static str,
    pub keyword: Option<&'static str>,
}

impl Refusal {
    fn matches(&self, errors: &ValidationErrors) -> bool {
        errors.iter().any(|e| {
            pointer_matches(self.pointer, &e.pointer)
                && self.keyword.is_none_or(|k| e.keywords().any(|x| x == k))
        })
    }
}

/// Whether `pointer` is `pattern`, where `*` stands for one segment.
fn pointer_matches(pattern: &str, pointer: &str) -> bool {
    let (p, q): (Vec<&str>, Vec<&str>) =
        (pattern.split('/').collect(), pointer.split('/').collect());
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| *a == "*" || a == b)
}

impl Route {
    /// The documented refusal (code and message) for these errors, else
    /// 410 `Invalid Request`.
    pub(crate) fn refusal(&self, errors: &ValidationErrors) -> (u64, &'static str) {
        match self.refusals.iter().find(|r| r.matches(errors)) {
            Some(r) => (r.code, r.message),
            None => (410, "Invalid Request"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pointer_matches;

    #[test]
    fn star_matches_one_segment() {
        assert!(pointer_matches("/data/*/number", "/data/12/number"));
        assert!(!pointer_matches("/data/*/number", "/data/1/2/number"));
        assert!(pointer_matches("/data", "/data"));
        assert!(!pointer_matches("/data", "/data/0"));
    }
}
