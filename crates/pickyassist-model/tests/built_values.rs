//! A value built in code is checked as the JSON it encodes to.

use pickyassist_model::{Location, Validate};

#[test]
fn a_number_json_cannot_hold_is_refused() {
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let location = Location::new(x, 80.0);
        // It encodes as `"lat": null`, which the schema refuses.
        let errors = location.validate().expect_err("not a JSON number");
        assert!(
            errors
                .iter()
                .any(|e| e.pointer == "/lat" && e.keyword == "type"),
            "{x}: {errors:?}"
        );
    }
    assert!(Location::new(9.97, 80.0).validate().is_ok());
}
