//! What the mock remembers of the pushes it accepted, so that delivery
//! reports (pulled from `/delivery-report` or posted to the event webhook)
//! name the same recipients, ids and references as the push and its answer.

use crate::delivery::Delivery;
use serde_json::{json, Map, Value};
use std::collections::VecDeque;
use std::time::{SystemTime, UNIX_EPOCH};

/// Pushes remembered for `/delivery-report`, the oldest forgotten first.
const MAX_PUSHES: usize = 10_000;
/// Recipients remembered over all those pushes.
const MAX_RECIPIENTS: usize = 100_000;
/// The project id the mock's reports carry.
pub(crate) const PROJECT_ID: &str = "1";

/// Kind of content a push carried, as the two kinds of delivery report name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Image,
    Video,
    Text,
    Audio,
    Document,
}

impl Kind {
    /// What a media file's name or URL says it is.
    fn of_media(name: &str) -> Self {
        let path = name.split(['?', '#']).next().unwrap_or(name);
        let extension = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "jpg" | "jpeg" | "png" | "gif" | "webp" | "bmp" => Self::Image,
            "mp4" | "3gp" | "mov" | "avi" | "mkv" | "webm" => Self::Video,
            "mp3" | "ogg" | "oga" | "opus" | "aac" | "m4a" | "amr" | "wav" => Self::Audio,
            _ => Self::Document,
        }
    }

    /// The event webhook's word (`message_type`).
    pub(crate) fn word(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Text => "text",
            Self::Audio => "audio",
            Self::Document => "document",
        }
    }

    /// The delivery-report API's number (`message_type`).
    fn number(self) -> u8 {
        match self {
            Self::Image => 1,
            Self::Video => 2,
            Self::Text => 3,
            Self::Audio => 4,
            Self::Document => 5,
        }
    }
}

/// One recipient of an accepted push, with what was sent to it.
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    pub number: String,
    pub msg_id: String,
    pub reference_number: Option<String>,
    /// The recipient's text, else the global one.
    pub message: Option<String>,
    /// The media URL, when one was sent.
    pub media: Option<String>,
    pub kind: Kind,
}

/// An accepted push.
#[derive(Debug, Clone)]
pub(crate) struct Push {
    pub push_id: String,
    /// The channel, as the request gave it.
    pub application: String,
    /// When it was accepted, as the delivery-report API writes it.
    pub time: String,
    pub recipients: Vec<Sent>,
    /// A WhatsApp number filter (`action` 1): its results come as an
    /// event 2, not as delivery reports.
    pub number_filter: bool,
    /// The template sent, which each delivery report names.
    pub template_id: Option<String>,
}

impl Push {
    /// The push `request` as accepted in `answer` (which gave each
    /// recipient, in order, its `msg_id`).
    pub(crate) fn new(request: &Value, answer: &Value) -> Self {
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let non_empty = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
        let global_media = non_empty(&request["globalmedia"]);
        let global_coded = non_empty(&request["globalmedia_code"]).is_some();
        let items = request["data"].as_array().map_or(&[][..], Vec::as_slice);
        let receipts = answer["data"].as_array().map_or(&[][..], Vec::as_slice);
        let recipients = items
            .iter()
            .zip(receipts)
            .map(|(item, receipt)| {
                let media = non_empty(&item["media"]).or_else(|| global_media.clone());
                let coded = global_coded || non_empty(&item["media_code"]).is_some();
                let kind = match (&media, non_empty(&request["media_name"])) {
                    (Some(url), _) => Kind::of_media(url),
                    (None, Some(name)) if coded => Kind::of_media(&name),
                    (None, None) if coded => Kind::Document,
                    _ => Kind::Text,
                };
                Sent {
                    number: text(&receipt["number"]).unwrap_or_default(),
                    msg_id: text(&receipt["msg_id"]).unwrap_or_default(),
                    reference_number: non_empty(&item["reference_number"]),
                    message: non_empty(&item["message"])
                        .or_else(|| non_empty(&request["globalmessage"])),
                    media,
                    kind,
                }
            })
            .collect();
        Self {
            push_id: text(&answer["push_id"]).unwrap_or_default(),
            application: text(&request["application"]).unwrap_or_default(),
            time: report_time(SystemTime::now()),
            recipients,
            number_filter: is_number_filter(request),
            template_id: text(&request["template_id"]),
        }
    }

    /// The `/delivery-report` answer for this push, every message in the
    /// last state of `deliveries` (what the event webhook announced last).
    pub(crate) fn report(&self, deliveries: &[Delivery]) -> Value {
        let last = deliveries.last();
        let data: Vec<Value> = self
            .recipients
            .iter()
            .map(|sent| {
                let mut item = Map::new();
                item.insert("number".into(), json!(sent.number));
                item.insert("msg_id".into(), json!(sent.msg_id));
                item.insert(
                    "status".into(),
                    json!(last.map_or(0, |d| d.status).to_string()),
                );
                let error = last.and_then(|d| d.error.as_ref());
                item.insert(
                    "error_code".into(),
                    json!(error.map_or("", |(code, _)| code.as_str())),
                );
                if let Some((_, message)) = error {
                    item.insert("error_message".into(), json!(message));
                }
                if let Some(reference) = &sent.reference_number {
                    item.insert("reference_number".into(), json!(reference));
                }
                Value::Object(item)
            })
            .collect();
        let kind = self.recipients.first().map_or(Kind::Text, |s| s.kind);
        // The docs' delivery report writes `push_id` as a number (the push
        // answer as a string); the mock's ids are digits.
        let push_id = self
            .push_id
            .parse::<u64>()
            .map_or_else(|_| json!(self.push_id), |n| json!(n));
        json!({
            "project_id": PROJECT_ID,
            "push_id": push_id,
            "application": self.application,
            "message_type": kind.number().to_string(),
            "time": self.time,
            "data": data,
        })
    }
}

/// The pushes remembered, newest last.
#[derive(Debug, Default)]
pub(crate) struct Pushes {
    kept: VecDeque<Push>,
    recipients: usize,
}

impl Pushes {
    /// Remembers `push`, forgetting the oldest past the limits.
    pub(crate) fn remember(&mut self, push: Push) {
        self.recipients += push.recipients.len();
        self.kept.push_back(push);
        while self.kept.len() > MAX_PUSHES
            || (self.recipients > MAX_RECIPIENTS && self.kept.len() > 1)
        {
            if let Some(old) = self.kept.pop_front() {
                self.recipients -= old.recipients.len();
            }
        }
    }

    /// The push with this id (a number or a digit string).
    pub(crate) fn find(&self, push_id: &Value) -> Option<&Push> {
        let id = match push_id {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        self.kept.iter().rev().find(|p| p.push_id == id)
    }
}

/// `DD-MM-YYYY hh:mm AM`, the delivery-report API's form (in UTC: the mock
/// has no account time zone).
fn report_time(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (hour, minute) = (rest / 3600, rest % 3600 / 60);
    let (year, month, day) = civil_from_days(days as i64);
    let (hour12, half) = match hour {
        0 => (12, "AM"),
        1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        _ => (hour - 12, "PM"),
    };
    format!("{day:02}-{month:02}-{year} {hour12:02}:{minute:02} {half}")
}

/// Year, month and day of a count of days since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whether a push `request` is the WhatsApp number filter (`action` 1),
/// `action` read as the model reads it.
pub(crate) fn is_number_filter(request: &Value) -> bool {
    serde_json::from_value::<pickyassist_model::PushAction>(request["action"].clone())
        .is_ok_and(|action| action == pickyassist_model::PushAction::WhatsappFilter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn times_read_as_the_docs_write_them() {
        let at = |secs| report_time(UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "01-01-1970 12:00 AM");
        // 2019-08-06 06:46 UTC, the docs sample's time.
        assert_eq!(at(1_565_073_960), "06-08-2019 06:46 AM");
        assert_eq!(at(1_565_073_960 + 12 * 3600), "06-08-2019 06:46 PM");
        assert_eq!(at(951_782_400), "29-02-2000 12:00 AM");
    }

    #[test]
    fn the_kind_of_content_follows_the_media() {
        let push = |request: Value| {
            let answer =
                json!({"push_id": "7", "data": [{"msg_id": "1", "number": "919000000001"}]});
            Push::new(&request, &answer).recipients[0].kind
        };
        let one = json!([{"number": "919000000001"}]);
        assert_eq!(
            push(json!({"globalmessage": "hi", "data": one})),
            Kind::Text
        );
        assert_eq!(
            push(json!({"globalmedia": "https://x.example/a.JPG?v=1", "data": one})),
            Kind::Image
        );
        assert_eq!(
            push(json!({"data": [{"number": "9", "media": "https://x.example/v.mp4"}]})),
            Kind::Video
        );
        assert_eq!(
            push(json!({"globalmedia_code": "AAAA", "media_name": "bill.pdf", "data": one})),
            Kind::Document
        );
    }

    #[test]
    fn forgets_the_oldest_pushes() {
        let mut pushes = Pushes::default();
        for i in 0..(MAX_PUSHES + 5) {
            pushes.remember(Push {
                push_id: i.to_string(),
                application: "1".into(),
                time: String::new(),
                recipients: Vec::new(),
                number_filter: false,
                template_id: None,
            });
        }
        assert!(pushes.find(&json!(0)).is_none());
        assert!(pushes.find(&json!("5")).is_some());
        assert!(pushes.find(&json!(MAX_PUSHES + 4)).is_some());
    }
}
