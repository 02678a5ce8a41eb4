//! Password policy, shared by the browser form and the server.

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks a new password; `Err` carries the message shown next to the field.
pub fn check_new_password(new: &str, confirm: &str) -> Result<(), &'static str> {
    let n = new.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err("Use at least 8 characters.");
    }
    if n > MAX_PASSWORD_CHARS {
        return Err("Use at most 256 characters.");
    }
    if new.trim().is_empty() {
        return Err("A password cannot be only spaces.");
    }
    if new != confirm {
        return Err("The two new passwords do not match.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimum_is_eight_characters_not_bytes() {
        assert!(check_new_password("1234567", "1234567").is_err());
        assert!(check_new_password("12345678", "12345678").is_ok());
        // seven characters, more than eight bytes
        assert!(check_new_password("ééééééé", "ééééééé").is_err());
    }

    #[test]
    fn confirmation_must_match_and_spaces_alone_fail() {
        assert_eq!(check_new_password("abcdefgh", "abcdefgX"), Err("The two new passwords do not match."));
        assert!(check_new_password("        ", "        ").is_err());
    }
}
