//! Enums convert to and from their wire values without serde: Display gives
//! what is sent, FromStr/TryFrom refuse what a closed enum does not list and
//! keep what an open one does not know.

use pickyassist_model::{DeviceCommand, DeviceConnectionState, GroupRemovalStatus, Priority};

#[test]
fn closed_string_enums_parse_their_texts_and_refuse_others() {
    let command: DeviceCommand = "delete-message-queue".parse().expect("a listed text");
    assert_eq!(command, DeviceCommand::DeleteMessageQueue);
    assert_eq!(command.to_string(), "delete-message-queue");
    assert_eq!(
        DeviceCommand::try_from("restart"),
        Ok(DeviceCommand::Restart)
    );
    let err = "reboot".parse::<DeviceCommand>().expect_err("not listed");
    assert_eq!(err.type_name(), "DeviceCommand");
    assert!(
        err.to_string()
            .starts_with("\"reboot\" is not a valid DeviceCommand (expected one of [\"restart\""),
        "{err}"
    );
}

#[test]
fn open_string_enums_keep_an_unknown_text() {
    let state: DeviceConnectionState = "CONNECTED".parse().expect("infallible");
    assert_eq!(state, DeviceConnectionState::Connected);
    let new = DeviceConnectionState::from("SLEEPING");
    assert_eq!(new, DeviceConnectionState::Other("SLEEPING".into()));
    assert_eq!(new.to_string(), "SLEEPING");
}

#[test]
fn integer_enums_show_their_code_and_convert_both_ways() {
    assert_eq!(Priority::High.to_string(), "1");
    assert_eq!(u64::from(Priority::Low), 0);
    assert_eq!(Priority::try_from(1), Ok(Priority::High));
    let err = Priority::try_from(7).expect_err("not listed");
    assert_eq!(
        err.to_string(),
        "7 is not a valid Priority (expected one of 0, \"0\", 1, \"1\")"
    );
    assert_eq!(GroupRemovalStatus::from(1), GroupRemovalStatus::Failed);
    assert_eq!(GroupRemovalStatus::from(9).to_string(), "9");
    assert_eq!(u64::from(GroupRemovalStatus::Other(9)), 9);
}
