//! A value built in code is checked as the JSON it encodes to.

use pickyassist_model::{Validate, WebhookLocation};

#[test]
fn a_number_json_cannot_hold_is_refused() {
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut location = WebhookLocation::new();
        location.lat = Some(x);
        // It encodes as `"lat": null`, which the schema refuses.
        let errors = location.validate().expect_err("not a JSON number");
        assert!(
            errors
                .iter()
                .any(|e| e.pointer == "/lat" && e.keyword == "type"),
            "{x}: {errors:?}"
        );
    }
    let mut location = WebhookLocation::new();
    location.lat = Some(9.97);
    assert!(location.validate().is_ok());
}
