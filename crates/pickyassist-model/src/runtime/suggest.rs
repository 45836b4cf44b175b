//! "Did you mean …?": the one policy behind every hint, for unknown keys in
//! a payload and for unknown names on the command line (types, endpoints).

/// The known name a mistyped `given` most likely meant, if any.
///
/// Names are compared trimmed, lower-cased, with `-` and spaces read as `_`
/// (so `"priority "`, `"Push-Id"` and `"push id"` all mean `push_id`). The
/// first rule that finds a name wins:
///
/// 1. the same name once normalised;
/// 2. the fewest edits (insert, delete, replace, swap two neighbours), at
///    most 2 or a quarter of the known name's length, whichever is more;
/// 3. a known name that begins with `given`, or with all of it but its
///    last one or two characters (an abbreviation), keeping at least 3:
///    `lang` → `language`, `reference_no` → `reference_number`; the closest
///    such name, then the shortest.
///
/// Ties go to the alphabetically first name, whatever the order of `known`.
///
/// ```
/// use pickyassist_model::did_you_mean;
///
/// let keys = ["push_id", "reference_number", "token"];
/// assert_eq!(did_you_mean("reference_no", keys), Some("reference_number"));
/// assert_eq!(did_you_mean("Push-Id", keys), Some("push_id"));
/// assert_eq!(did_you_mean("colour", keys), None);
/// ```
pub fn did_you_mean<'k>(given: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let given = normalise(given);
    if given.is_empty() {
        return None;
    }
    let given_len = given.chars().count();
    known
        .into_iter()
        .filter_map(|name| {
            let candidate = normalise(name);
            let len = candidate.chars().count();
            let rank = if candidate == given {
                (0, 0)
            } else {
                let edits = strsim::osa_distance(&given, &candidate);
                let shared = common_prefix(&given, &candidate);
                if edits <= 2.max(len / 4) {
                    (1, edits)
                } else if shared >= 3 && shared + 2 >= given_len {
                    (2, (given_len - shared) * 1000 + (len - shared))
                } else {
                    return None;
                }
            };
            Some((rank, name))
        })
        .min()
        .map(|(_, name)| name)
}

/// How many characters `a` and `b` begin with alike.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn normalise(name: &str) -> String {
    name.trim().to_lowercase().replace(['-', ' '], "_")
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn payload_keys() {
        let known = ["priority", "token", "globalmessage"];
        assert_eq!(did_you_mean("priority ", known), Some("priority"));
        assert_eq!(did_you_mean("Priorty", known), Some("priority"));
        assert_eq!(did_you_mean("prioirty", known), Some("priority"), "a swap");
        assert_eq!(did_you_mean("global_message", known), Some("globalmessage"));
        assert_eq!(did_you_mean("zzzzzz", known), None);
        assert_eq!(did_you_mean("", known), None);
    }

    #[test]
    fn a_typo_that_begins_a_known_key() {
        let known = ["push_id", "reference_number", "message", "language"];
        assert_eq!(
            did_you_mean("reference_no", known),
            Some("reference_number")
        );
        assert_eq!(did_you_mean("lang", known), Some("language"));
        assert_eq!(
            did_you_mean("reference_nr", known),
            Some("reference_number")
        );
        // Too short to tell which key was meant, or too far off.
        assert_eq!(did_you_mean("me", ["message", "media"]), None);
        assert_eq!(did_you_mean("ref_no", known), None);
        assert_eq!(did_you_mean("message_status", known), None);
        // The shortest of the keys it begins.
        assert_eq!(
            did_you_mean("template_h", ["template_header_text", "template_header"]),
            Some("template_header")
        );
    }

    #[test]
    fn command_line_names() {
        let names = ["PushRequest", "PushResponse", "WebhookEvent"];
        assert_eq!(did_you_mean("pushrequest", names), Some("PushRequest"));
        assert_eq!(did_you_mean("PushRequst", names), Some("PushRequest"));
        assert_eq!(did_you_mean("Zebra", names), None);
        assert_eq!(
            did_you_mean("pusj", ["push", "delivery_report"]),
            Some("push")
        );
    }

    #[test]
    fn ties_go_to_the_first_name_alphabetically() {
        assert_eq!(did_you_mean("cat", ["cot", "bat"]), Some("bat"));
        assert_eq!(did_you_mean("cat", ["bat", "cot"]), Some("bat"));
    }
}
