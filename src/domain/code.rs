//! Stored codes: the short strings (`"in_review"`, `"broker"`) that enums
//! are written to the database as, and the error for one the program does
//! not know (a corrupt or newer row).

/// A stored code that names no variant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {code:?} in the database")]
pub struct UnknownCode {
    pub kind: &'static str,
    pub code: String,
}

/// `TryFrom<String>` through the type's `parse`, so a row decodes a
#[macro_export]
macro_rules! stored_code {
    ($t:ty, $kind:literal) => {
        impl TryFrom<String> for $t {
            type Error = $crate::domain::code::UnknownCode;
            fn try_from(code: String) -> Result<Self, Self::Error> {
                <$t>::parse(&code).ok_or($crate::domain::code::UnknownCode { kind: $kind, code })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::domain::Role;

    #[test]
    fn stored_codes_decode_or_say_which_code_is_unknown() {
        assert_eq!(Role::try_from("broker".to_string()), Ok(Role::Broker));
        let e = Role::try_from("pirate".to_string()).unwrap_err();
        assert_eq!(e.to_string(), "unknown role \"pirate\" in the database");
    }
}
