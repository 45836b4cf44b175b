//! What a delivery report says about one message: the states the mock's
//! event callbacks announce and its delivery-report answers repeat.

/// One state a delivery report announces, in order (submitted, delivered,
/// read, or failed with an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The `status` code (0 unknown, 1 delivered, 2 failed, 3 read, 4 submitted, 5 refunded).
    pub status: u64,
    /// `error_code` and `error_message`, for a failure.
    pub error: Option<(String, String)>,
}

impl Delivery {
    /// Handed to the channel (4).
    pub fn submitted() -> Self {
        Self {
            status: 4,
            error: None,
        }
    }
    /// Delivered to the phone (1).
    pub fn delivered() -> Self {
        Self {
            status: 1,
            error: None,
        }
    }
    /// Read (3).
    pub fn read() -> Self {
        Self {
            status: 3,
            error: None,
        }
    }
    /// Failed (2) with this error code and message.
    pub fn failed(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status: 2,
            error: Some((code.into(), message.into())),
        }
    }
}
