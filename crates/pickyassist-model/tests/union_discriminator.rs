//! `discriminator()` reads the variant's tag field (as it would be sent) or
//! the raw tag an `Unknown` body kept.

use pickyassist_model::WebhookEvent;
use serde_json::json;

#[test]
fn a_known_variant_reports_its_tag_as_sent_and_an_unknown_one_as_received() {
    let known: WebhookEvent =
        serde_json::from_value(json!({"event_id": "1", "project_id": "p1", "data": []}))
            .expect("decodes");
    assert!(
        matches!(known, WebhookEvent::DeliveryReport(_)),
        "{known:?}"
    );
    assert_eq!(known.discriminator(), Some(json!(1)));

    let unknown: WebhookEvent =
        serde_json::from_value(json!({"event_id": "9", "x": 1})).expect("decodes");
    assert!(matches!(unknown, WebhookEvent::Unknown(_)), "{unknown:?}");
    assert_eq!(unknown.discriminator(), Some(json!("9")));
}
