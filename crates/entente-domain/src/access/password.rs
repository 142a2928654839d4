//! Password rules: a minimum length, no composition rules, and not one of the passwords everyone
//! tries first (NIST SP 800-63B, section 5.1.1.2).

use std::collections::HashSet;
use std::sync::OnceLock;

pub const MIN_PASSWORD_LEN: usize = 12;
pub const MAX_PASSWORD_LEN: usize = 128;

const COMMON: &str = include_str!("../../../../data/common_passwords.txt");

fn common() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the password must be at least {MIN_PASSWORD_LEN} characters long")]
    TooShort,
    #[error("the password must be at most {MAX_PASSWORD_LEN} characters long")]
    TooLong,
    #[error("this password is one of the most common ones; choose another")]
    Common,
    #[error("the password must not contain the user name")]
    ContainsUsername,
}

impl PasswordProblem {
    /// What to tell the reader, in either language.
    pub fn said(&self) -> crate::said::Said {
        use crate::said;
        match self {
            PasswordProblem::TooShort => said!(
                "err-password-short",
                "the password must be at least {min} characters long",
                min = MIN_PASSWORD_LEN
            ),
            PasswordProblem::TooLong => {
                said!("err-password-long", "the password must be at most {max} characters long", max = MAX_PASSWORD_LEN)
            }
            PasswordProblem::Common => {
                said!("err-password-common", "this password is one of the most common ones; choose another")
            }
            PasswordProblem::ContainsUsername => {
                said!("err-password-username", "the password must not contain the user name")
            }
        }
    }
}

/// Check a new password; `username` is the account it is for.
pub fn check_password(password: &str, username: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if n > MAX_PASSWORD_LEN {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    if common().contains(&lower) || common().contains(lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '!'))
    {
        return Err(PasswordProblem::Common);
    }
    if username.chars().count() >= 3 && lower.contains(&username.to_lowercase()) {
        return Err(PasswordProblem::ContainsUsername);
    }
    Ok(())
}
