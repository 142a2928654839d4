//! Signed checkpoints of the audit chain, kept outside the database.
//!
//! The hash chain in [`crate::audit`] shows any edit or deletion *inside* the chain, but its head
//! lives in the same database: someone who deletes the newest entries and rewrites `audit_head`
//! to match leaves a shorter chain that verifies. A checkpoint anchors the head elsewhere: the
//! current sequence number and hash, the time, and an Ed25519 signature over them, appended to a
//! file outside the database (`checkpoints.log` in the data directory by default) and recorded
//! in the chain itself as an `audit.checkpoint` entry. Verification then checks that the chain
//! still holds every checkpointed entry with the signed hash.
//!
//! What this does not detect: entries removed after the last checkpoint before the next one is
//! written (pass the head printed by a later `audit verify` or `audit checkpoint` as an expected
//! head to cover them), lines removed from the checkpoint file itself, and anything done by
//! someone who holds the signing key.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde::{Deserialize, Serialize};

use crate::audit::{Actor, Change, GENESIS, append, entry_hash, hex, walk};
use crate::entities::{audit_entry, audit_head};
use crate::registry::now;
use crate::{Store, StoreError};

/// The file name of the signing key in the data directory.
pub const KEY_FILE: &str = "audit-signing.key";
/// The file name of the checkpoint log in the data directory.
pub const CHECKPOINT_FILE: &str = "checkpoints.log";
/// The audit action of a checkpoint entry.
pub const ACTION: &str = "audit.checkpoint";

fn io_error(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::File { path: path.display().to_string(), message: e.to_string() }
}

fn from_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.trim();
    if s.len() != 2 * N || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The Ed25519 key that signs checkpoints.
pub struct AuditKey {
    signing: SigningKey,
    path: PathBuf,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey").field("path", &self.path).field("public", &self.public_hex()).finish()
    }
}

impl AuditKey {
    /// Read the key at `path`; `None` when there is no file there.
    pub fn load(path: &Path) -> Result<Option<AuditKey>, StoreError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(path, format!("cannot read the audit signing key: {e}"))),
        };
        let seed = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .and_then(from_hex::<32>)
            .ok_or_else(|| io_error(path, "not an audit signing key (expected 64 hexadecimal digits)"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(path)
                && meta.permissions().mode() & 0o077 != 0
            {
                tracing::warn!(path = %path.display(), "the audit signing key is readable by other users: chmod 600 it");
            }
        }
        Ok(Some(AuditKey { signing: SigningKey::from_bytes(&seed), path: path.to_path_buf() }))
    }

    /// Read the key at `path`, or create one there (mode 0600) from the operating system's
    /// random source. Returns the key and whether it was created now.
    pub fn load_or_create(path: &Path) -> Result<(AuditKey, bool), StoreError> {
        if let Some(key) = AuditKey::load(path)? {
            return Ok((key, false));
        }
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| io_error(path, format!("no random source to create a key: {e}")))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, format!("cannot create the directory: {e}")))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file =
            options.open(path).map_err(|e| io_error(path, format!("cannot create the audit signing key: {e}")))?;
        let text = format!(
            "# Entente audit signing key (Ed25519 seed). Keep it secret: whoever holds it can sign checkpoints.\n{}\n",
            hex(&seed)
        );
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| io_error(path, format!("cannot write the audit signing key: {e}")))?;
        Ok((AuditKey { signing: SigningKey::from_bytes(&seed), path: path.to_path_buf() }, true))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The public key, in hexadecimal.
    pub fn public_hex(&self) -> String {
        hex(self.signing.verifying_key().as_bytes())
    }

    /// Sign a head.
    pub fn sign(&self, seq: i64, hash: &str, at: DateTime<Utc>) -> Checkpoint {
        let mut cp = Checkpoint {
            seq,
            hash: hash.to_string(),
            at: at.to_rfc3339_opts(SecondsFormat::Micros, true),
            key: self.public_hex(),
            signature: String::new(),
        };
        cp.signature = hex(&self.signing.sign(cp.message().as_bytes()).to_bytes());
        cp
    }
}

/// A signed statement that the audit chain had entry `seq` with hash `hash` at time `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    /// RFC 3339, UTC, microseconds.
    pub at: String,
    /// The signer's public key (hexadecimal).
    pub key: String,
    /// Ed25519 signature over [`Checkpoint::message`] (hexadecimal).
    pub signature: String,
}

impl Checkpoint {
    /// The bytes signed.
    pub fn message(&self) -> String {
        format!("entente audit checkpoint v1\nseq {}\nhash {}\nat {}\n", self.seq, self.hash, self.at)
    }

    /// Whether the signature is good, under `key` or else under the key the checkpoint names.
    pub fn signature_ok(&self, key: Option<&VerifyingKey>) -> bool {
        let named = from_hex::<32>(&self.key).and_then(|k| VerifyingKey::from_bytes(&k).ok());
        let Some(key) = key.copied().or(named) else { return false };
        let Some(sig) = from_hex::<64>(&self.signature) else { return false };
        key.verify(self.message().as_bytes(), &Signature::from_bytes(&sig)).is_ok()
    }

    /// `SEQ:HASH`, the form `audit verify --expect` takes.
    pub fn head(&self) -> String {
        format!("{}:{}", self.seq, self.hash)
    }
}

/// Append one checkpoint as a JSON line to `path` (created if missing) and flush it to disk.
pub fn append_to_file(path: &Path, cp: &Checkpoint) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, format!("cannot create the directory: {e}")))?;
    }
    let line = serde_json::to_string(cp).map_err(|e| io_error(path, e))? + "\n";
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| io_error(path, format!("cannot open the checkpoint file: {e}")))?;
    file.write_all(line.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io_error(path, format!("cannot write the checkpoint file: {e}")))
}

/// The checkpoints of a file, each with its line number; `None` when there is no file.
pub fn read_file(path: &Path) -> Result<Option<Vec<(usize, Checkpoint)>>, StoreError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(path, format!("cannot read the checkpoint file: {e}"))),
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cp: Checkpoint =
            serde_json::from_str(line).map_err(|e| io_error(path, format!("line {}: not a checkpoint: {e}", i + 1)))?;
        out.push((i + 1, cp));
    }
    Ok(Some(out))
}

/// A head the chain must contain: `SEQ:HASH` (entry SEQ has hash HASH) or a bare HASH (some
/// entry has it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedHead {
    pub seq: Option<i64>,
    pub hash: String,
}

impl std::str::FromStr for ExpectedHead {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (seq, hash) = match s.split_once(':') {
            Some((seq, hash)) => {
                let seq = seq
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| format!("'{s}': expected SEQ:HASH or HASH, where SEQ is an entry number"))?;
                (Some(seq), hash)
            }
            None => (None, s),
        };
        let hash = hash.to_ascii_lowercase();
        if from_hex::<32>(&hash).is_none() {
            return Err(format!("'{s}': the hash must be 64 hexadecimal digits (as printed by audit verify)"));
        }
        Ok(ExpectedHead { seq, hash })
    }
}

/// A checkpoint, or an expected head, that the chain does not bear out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    /// What was checked: `checkpoint on line 3 of FILE (entry 120, 2026-…)` or `expected head …`.
    pub what: String,
    pub reason: String,
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.what, self.reason)
    }
}

impl Store {
    /// Sign the chain's head and record the checkpoint: as an `audit.checkpoint` entry in the
    /// chain and as a line appended to `file`, both or neither. The chain since the file's last
    /// checkpoint (the whole chain when there is none) is verified first, so a checkpoint never
    /// vouches for a chain that is already broken or that no longer extends the previous one.
    /// With `skip_if_idle`, nothing is written when the newest entry is the last checkpoint.
    pub async fn checkpoint_audit(
        &self,
        actor: &Actor,
        key: &AuditKey,
        file: &Path,
        skip_if_idle: bool,
    ) -> Result<Option<Checkpoint>, StoreError> {
        let previous = read_file(file)?.and_then(|mut all| all.pop());
        let txn = self.writer().begin().await?;
        let head = audit_head::Entity::find_by_id(1)
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("the audit chain head is missing".into())))?;
        let from = match &previous {
            Some((line, cp)) => {
                let what = format!("the last checkpoint (line {line} of {})", file.display());
                if !cp.signature_ok(Some(&key.verifying_key())) {
                    return Err(StoreError::Rejected(format!(
                        "{what} is not signed by the key {}: refusing to extend it",
                        key.path().display()
                    )));
                }
                if let Some(reason) = check_entry(&txn, cp.seq, &cp.hash).await? {
                    return Err(StoreError::Rejected(format!("{what} does not match the chain: {reason}")));
                }
                if skip_if_idle && head.seq == cp.seq + 1 {
                    let newest = audit_entry::Entity::find_by_id(head.seq).one(&txn).await?;
                    if newest.is_some_and(|e| e.action == ACTION) {
                        txn.rollback().await?;
                        return Ok(None);
                    }
                }
                (cp.seq, cp.hash.clone())
            }
            None => (0, GENESIS.to_string()),
        };
        let w = walk(&txn, from, 10_000).await?;
        if let Some((seq, why)) = w.first_broken {
            return Err(StoreError::Rejected(format!(
                "the audit chain is broken at entry {seq}: {why}; no checkpoint was written"
            )));
        }
        let cp = key.sign(head.seq, &head.hash, now());
        append(
            &txn,
            actor,
            vec![Change {
                action: ACTION,
                entity: "audit",
                entity_id: head.seq.to_string(),
                before: None,
                after: Some(serde_json::to_value(&cp).map_err(|e| StoreError::Rejected(e.to_string()))?),
            }],
        )
        .await?;
        // The file first: if the commit then fails, the file vouches for a head that exists.
        append_to_file(file, &cp)?;
        txn.commit().await?;
        Ok(Some(cp))
    }

    /// Check checkpoints (from [`read_file`]) against the chain: each must be signed by `key`
    /// (or, without one, by the key it names) and the chain must still hold its entry with its
    /// hash. Returns every checkpoint that fails, naming the missing or changed entries.
    pub async fn verify_checkpoints(
        &self,
        file: &Path,
        checkpoints: &[(usize, Checkpoint)],
        key: Option<&VerifyingKey>,
    ) -> Result<Vec<Breach>, StoreError> {
        let db = self.reader();
        let mut out = Vec::new();
        for (line, cp) in checkpoints {
            let what = format!("checkpoint on line {line} of {} (entry {}, {})", file.display(), cp.seq, cp.at);
            if !cp.signature_ok(key) {
                let reason = if key.is_some() && cp.signature_ok(None) {
                    format!("it is signed by another key ({}) than this installation's", short(&cp.key))
                } else {
                    "its signature is not valid: the line was edited".to_string()
                };
                out.push(Breach { what, reason });
                continue;
            }
            if let Some(reason) = check_entry(db, cp.seq, &cp.hash).await? {
                out.push(Breach { what, reason });
            }
        }
        Ok(out)
    }

    /// Check that the chain holds an expected head; `None` when it does.
    pub async fn check_expected_head(&self, expected: &ExpectedHead) -> Result<Option<Breach>, StoreError> {
        let db = self.reader();
        let reason = match expected.seq {
            Some(seq) => check_entry(db, seq, &expected.hash).await?,
            None => {
                let found = audit_entry::Entity::find()
                    .filter(audit_entry::Column::Hash.eq(expected.hash.as_str()))
                    .one(db)
                    .await?;
                match found {
                    Some(_) => None,
                    None => {
                        let last = last_seq(db).await?;
                        Some(format!(
                            "no entry has this hash: the log was truncated or rewritten (it now ends at entry {last}); \
                             pass SEQ:HASH to name the missing entries"
                        ))
                    }
                }
            }
        };
        Ok(reason.map(|reason| Breach {
            what: format!(
                "expected head {}",
                expected.seq.map_or(expected.hash.clone(), |s| format!("{s}:{}", expected.hash))
            ),
            reason,
        }))
    }
}

async fn last_seq<C: ConnectionTrait>(db: &C) -> Result<i64, StoreError> {
    let last = audit_entry::Entity::find().order_by_desc(audit_entry::Column::Seq).one(db).await?;
    Ok(last.map_or(0, |e| e.seq))
}

/// Why the chain does not hold entry `seq` with hash `hash`; `None` when it does.
async fn check_entry<C: ConnectionTrait>(db: &C, seq: i64, hash: &str) -> Result<Option<String>, StoreError> {
    if seq == 0 {
        // The empty chain: its head is the hash before the first entry.
        return Ok((hash != GENESIS).then(|| format!("entry 0 is the empty chain, whose hash is {}", short(GENESIS))));
    }
    match audit_entry::Entity::find_by_id(seq).one(db).await? {
        Some(e) if e.hash == hash && entry_hash(&e) == hash => Ok(None),
        Some(e) if e.hash == hash => Ok(Some(format!("entry {seq} was edited (its content no longer gives its hash)"))),
        Some(e) => Ok(Some(format!(
            "entry {seq} has hash {}, not the {} signed: the log was rewritten from entry {seq} or before",
            short(&e.hash),
            short(hash)
        ))),
        None => {
            let last = last_seq(db).await?;
            if last < seq {
                Ok(Some(format!(
                    "entries {} to {seq} are missing: the log was truncated after this point (it now ends at entry {last})",
                    last + 1
                )))
            } else {
                Ok(Some(format!("entry {seq} is missing (deleted)")))
            }
        }
    }
}

fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}
