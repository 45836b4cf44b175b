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
