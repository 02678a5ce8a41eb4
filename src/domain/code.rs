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

/// An enum of stored codes with the labels people read: `ALL`, `as_str`,
/// `label`, `parse`, `TryFrom<String>` (for rows) and `Display`.
#[macro_export]
macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored code.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            /// What people read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$variant),)* _ => None }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::domain::code::UnknownCode;
            fn try_from(code: String) -> Result<Self, $crate::domain::code::UnknownCode> {
                $name::parse(&code).ok_or($crate::domain::code::UnknownCode { kind: stringify!($name), code })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
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
