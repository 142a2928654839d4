//! Passwords, tokens and second factors. Argon2id hashing runs on the blocking pool, never on the
//! async runtime's workers.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], AppError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(buf)
}

/// A random URL-safe token (256 bits).
pub fn random_token() -> Result<String, AppError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// SHA-256 in lowercase hex: what the database keeps of tokens and recovery codes.
pub fn sha256_hex(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hash a password with Argon2id (m = 19 MiB, t = 2, p = 1: the OWASP baseline), off the runtime.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

/// Check a password against a stored hash, off the runtime. An unparsable hash never matches.
pub async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))
}

/// A hash to verify against when the account does not exist, so that a wrong user name takes as
/// long as a wrong password.
pub async fn dummy_hash() -> Result<String, AppError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY.get_or_try_init(|| hash_password("not a real password, only for timing".into())).await.cloned()
}

/// A temporary password handed to a user by an administrator (must be changed at first sign-in):
/// four groups of five letters and digits, about 100 bits.
pub fn temporary_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let bytes = random_bytes::<20>()?;
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    Ok(chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// A new API token: the secret shown once, its hash and a display prefix.
pub struct NewToken {
    pub secret: String,
    pub hash: String,
    pub prefix: String,
}

pub const TOKEN_PREFIX: &str = "ent_";

pub fn new_api_token() -> Result<NewToken, AppError> {
    let secret = format!("{TOKEN_PREFIX}{}", random_token()?);
    let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    Ok(NewToken { hash: sha256_hex(&secret), prefix, secret })
}

// ----- second factor (TOTP, RFC 6238) -----

/// The TOTP checker for a stored secret (SHA-1, 6 digits, 30 s, one step of clock skew).
pub fn totp(secret_base32: &str, _account: &str) -> Result<totp_rs::Totp, AppError> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored TOTP secret is invalid: {e:?}")))?;
    totp_rs::Builder::new().with_secret(secret).build().map_err(|e| AppError::Internal(anyhow::anyhow!("TOTP: {e:?}")))
}

/// A fresh TOTP secret, base32-encoded (160 bits).
pub fn new_totp_secret() -> Result<String, AppError> {
    Ok(totp_rs::Secret::from(random_bytes::<20>()?).to_base32())
}

/// The `otpauth://` address authenticator apps read from the QR code.
pub fn otpauth_url(secret_base32: &str, account: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/Entente:{}?secret={secret_base32}&issuer=Entente&algorithm=SHA1&digits=6&period=30",
        enc(account)
    )
}

/// The QR code of `data` as an SVG image.
pub fn qr_svg(data: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(data.as_bytes()).map_err(|e| AppError::Internal(anyhow::anyhow!("QR: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// Ten recovery codes (`xxxxx-xxxxx`), for when the authenticator is lost.
pub fn recovery_codes() -> Result<Vec<String>, AppError> {
    (0..10).map(|_| temporary_password().map(|p| p.split('-').take(2).collect::<Vec<_>>().join("-"))).collect()
}

/// Normalise a recovery code as typed (case, spaces) before hashing.
pub fn normalise_code(code: &str) -> String {
    code.trim().to_lowercase().replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_and_verify() {
        let h = hash_password("violet kettle harbour".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("violet kettle harbour".into(), h.clone()).await.unwrap());
        assert!(!verify_password("violet kettle harbor".into(), h).await.unwrap());
        assert!(!verify_password("x".into(), "not a hash".into()).await.unwrap());
    }

    #[test]
    fn tokens_and_codes() {
        let t = new_api_token().unwrap();
        assert!(t.secret.starts_with("ent_") && t.secret.len() > 40);
        assert_eq!(t.hash, sha256_hex(&t.secret));
        assert!(t.secret.starts_with(&t.prefix));
        let p = temporary_password().unwrap();
        assert_eq!(p.len(), 23);
        assert!(entente_domain::access::check_password(&p, "someone").is_ok());
        assert_eq!(recovery_codes().unwrap().len(), 10);
    }

    #[test]
    fn totp_round_trip() {
        let secret = new_totp_secret().unwrap();
        let t = totp(&secret, "alice").unwrap();
        let code = t.generate_current().to_string();
        assert!(t.check_current(&code).is_some());
        assert!(otpauth_url(&secret, "alice@x").contains("Entente:alice%40x?secret="));
        assert!(qr_svg("otpauth://totp/x").unwrap().starts_with("<?xml"));
    }
}
