//! Hand-written conveniences on generated answer types.

use crate::{PushReceipt, PushResponse};

impl PushResponse {
    /// The per-recipient receipts (`data`), or none.
    ///
    /// ```
    /// use pickyassist_model::PushResponse;
    ///
    /// let answer: PushResponse = serde_json::from_str(
    ///     r#"{"status":100,"push_id":"7478630","message":"Success",
    ///         "data":[{"msg_id":"9844217","number":"919000000001","credit":"0.005"}]}"#,
    /// )?;
    /// assert!(answer.status.is_success());
    /// for receipt in answer.receipts() {
    ///     // Ids and values print as sent; `as_str`, `as_u64`, `as_f64` read them.
    ///     let id = receipt.msg_id.as_ref().map_or("-", |id| id.as_str());
    ///     let credit = receipt.credit.as_ref().and_then(|c| c.as_f64()).unwrap_or(0.0);
    ///     println!("message {id} charged {credit}");
    /// }
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn receipts(&self) -> &[PushReceipt] {
        self.data.as_deref().unwrap_or_default()
    }
}

impl crate::ApiStatus {
    /// Whether the status is 100: accepted (for a push: queued, not yet delivered).
    pub fn is_success(self) -> bool {
        self == Self::Success
    }
}

impl crate::DeviceStatusResponse {
    /// The connection state, when `status` is one (`CONNECTED`, `TIMEOUT`,
    /// `UNPAIRED`, or a new state kept as `Other`).
    pub fn connection_state(&self) -> Option<crate::DeviceConnectionState> {
        let text = self.status.as_str();
        let numeric = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        (!numeric).then(|| crate::DeviceConnectionState::from_text(text))
    }

    /// The API status code, when `status` is a number (an error answer, or
    /// the phone-automation device status).
    pub fn api_status(&self) -> Option<crate::ApiStatus> {
        self.status.as_u64().map(crate::ApiStatus::from_code)
    }
}

impl crate::WebhookMessage {
    /// The message text: `message_in_raw` when present, else `message-in`
    /// URL-decoded (`+` is a space, `%XX` a byte of UTF-8), as the docs say
    /// it is sent. `None` for a message without text.
    pub fn text(&self) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(raw) = &self.message_in_raw {
            return Some(std::borrow::Cow::Borrowed(raw));
        }
        self.message_in.as_deref().map(url_decode)
    }

    /// The key that identifies this message across Picky Assist's retries:
    /// its `unique-id`. `None` when that is absent or blank: messages with
    /// an empty `unique-id` cannot be told apart, and sharing one key would
    /// skip every one after the first as a retry.
    pub fn dedup_key(&self) -> Option<String> {
        self.unique_id
            .as_ref()
            .map(|id| id.as_str())
            .filter(|id| !id.trim().is_empty())
            .map(str::to_owned)
    }
}

impl crate::WebhookDeliveryReport {
    /// The key that identifies this report across retries: `msg_id` and
    /// `status` (one message is reported once per state it reaches).
    /// A `status` that is not a code (kept in `extra`) is part of the key
    /// as sent, so that two such states are not taken for one. `None`
    /// without a `msg_id`, or with a blank one.
    pub fn dedup_key(&self) -> Option<String> {
        let id = self
            .msg_id
            .as_ref()
            .filter(|id| !id.as_str().trim().is_empty())?;
        let status = match (self.status, self.extra.get("status")) {
            (Some(status), _) => status.code().to_string(),
            (None, Some(kept)) => format!("as sent {kept}"),
            (None, None) => String::new(),
        };
        Some(format!("{id}:{status}"))
    }
}

/// Form-style URL decoding (`+` is a space); invalid escapes are kept as
/// written, and bytes that are not UTF-8 become U+FFFD.
fn url_decode(text: &str) -> std::borrow::Cow<'_, str> {
    use percent_encoding::percent_decode_str;
    if text.contains('+') {
        // Only a written `+` is a space: `%2B` decodes to `+` after this.
        let spaced = text.replace('+', " ");
        std::borrow::Cow::Owned(percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
    } else {
        percent_decode_str(text).decode_utf8_lossy()
    }
}

#[cfg(test)]
mod tests {
    use super::url_decode;
    use crate::{WebhookDeliveryReport, WebhookMessage};

    /// Deliveries that cannot be told apart get no key (each is handled),
    /// and states that are not codes do not share one.
    #[test]
    fn dedup_keys_never_merge_what_may_differ() {
        let message = |body: &str| serde_json::from_str::<WebhookMessage>(body).expect("reads");
        assert_eq!(
            message(r#"{"unique-id":"u1"}"#).dedup_key().as_deref(),
            Some("u1")
        );
        assert_eq!(
            message(r#"{"unique-id":7}"#).dedup_key().as_deref(),
            Some("7")
        );
        for blank in [r#"{"unique-id":""}"#, r#"{"unique-id":"  "}"#, "{}"] {
            assert_eq!(message(blank).dedup_key(), None, "{blank}");
        }
        let report =
            |body: &str| serde_json::from_str::<WebhookDeliveryReport>(body).expect("reads");
        let key = |body: &str| report(body).dedup_key();
        assert_eq!(
            key(r#"{"msg_id":"98442","status":"1"}"#).as_deref(),
            Some("98442:1")
        );
        assert_eq!(
            key(r#"{"msg_id":"98442","status":1}"#),
            key(r#"{"msg_id":"98442","status":"1"}"#)
        );
        assert_eq!(key(r#"{"msg_id":"98442"}"#).as_deref(), Some("98442:"));
        let words: Vec<_> = [r#""sent""#, r#""read""#, "-1", "1e20", "[1]"]
            .iter()
            .map(|status| key(&format!(r#"{{"msg_id":"98442","status":{status}}}"#)))
            .collect();
        for (i, a) in words.iter().enumerate() {
            assert!(a.is_some());
            assert_ne!(a, &key(r#"{"msg_id":"98442"}"#));
            for b in &words[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(key(r#"{"msg_id":"","status":"1"}"#), None);
        assert_eq!(key(r#"{"status":"1"}"#), None);
    }

    #[test]
    fn decodes_form_style() {
        assert_eq!(url_decode("Hello+there%21"), "Hello there!");
        assert_eq!(url_decode("caf%C3%A9"), "café");
        assert_eq!(url_decode("100%"), "100%");
        assert_eq!(url_decode("%zz%4"), "%zz%4");
        assert_eq!(url_decode("plain"), "plain");
        assert_eq!(url_decode("1%2B1+%3D+2"), "1+1 = 2");
        assert_eq!(url_decode("bad%ff"), "bad\u{fffd}");
    }
}
