//! Notifications: turning a consultation event into inbox rows and e-mails, and the mailer that
//! drains the e-mail outbox.
//!
//! [`dispatch`] is the one entry point the consultation handlers call after a change has been
//! stored. The domain decides who receives what (`recipients`, `may_receive`, `render`: titles,
//! dates and nation names only, never an item the recipient may not see); this module maps each
//! `Recipient` to the active accounts it stands for, checks every account again with
//! `may_receive`, and stores the inbox rows and e-mails of the notice in one transaction.
//!
//! E-mails are bilingual, as accounts carry no language preference: the subject is the English
//! subject, ` / `, the French one; the body is the English text, then the French text, each with
//! the path of the item in Entente. They are plain text (UTF-8, quoted-printable or base64 as
//! needed), with a stable `Message-ID` per outbox row so that a resent message is recognised.
//!
//! The mailer ([`spawn_mailer`]) polls the outbox, claims each due row, and sends it through a
//! plain SMTP relay (`smtp://host:port`, no TLS: a relay on the local network) or writes it as
//! an RFC 5322 `.eml` file (`file:///dir`, for tests and the demo). A failure is kept on the row
//! and retried after an exponential backoff, capped; nothing is dropped while the relay is down.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entente_domain::access::Viewer;
use entente_domain::consultation::{Lang, Notice, SilenceState, is_overdue, may_receive, recipients, render};
use entente_store::notify::{NewEmail, NewNotification, Once, OutboxEmail};
use entente_store::{Actor, Store};
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::task::JoinHandle;

use crate::AppState;
use crate::error::AppError;

/// The page a notice points to, a local path: the meeting for everything that happens in a
/// meeting, the action for actions, the request for requests (never the meeting of a request,
/// which the requester may not see).
pub fn link(notice: &Notice<'_>) -> String {
    match notice {
        Notice::MeetingConvened { meeting }
        | Notice::AgendaItemProposed { meeting, .. }
        | Notice::AgendaItemAccepted { meeting, .. }
        | Notice::RecordCirculated { meeting, .. }
        | Notice::SilenceBroken { meeting, .. }
        | Notice::RecordAgreed { meeting, .. }
        | Notice::PollOpened { meeting, .. }
        | Notice::PollClosed { meeting, .. } => format!("/meetings/{}", meeting.id.0),
        Notice::ActionAssigned { action, .. } | Notice::ActionOverdue { action, .. } => {
            format!("/actions/{}", action.id.0)
        }
        Notice::RequestSubmitted { request }
        | Notice::RequestAcknowledged { request }
        | Notice::RequestMeetingConvened { request, .. } => format!("/requests/{}", request.id.0),
        Notice::ReportTriaged { report } => format!("/reports/{}", report.id),
        Notice::SeatsChanged { allocation, .. } => format!("/allocations/{allocation}"),
    }
}

/// The e-mail of one notice for one recipient: both languages (see the module notes).
pub fn email_text(
    en: &entente_domain::consultation::Rendered,
    fr: &entente_domain::consultation::Rendered,
    link: &str,
) -> (String, String) {
    let subject = format!("{} / {}", en.subject, fr.subject);
    let body = format!("{}\n\nEntente: {link}\n\n-- Français --\n\n{}\n\nEntente : {link}\n", en.body, fr.body);
    (subject, body)
}

/// Send a notice: in-app inbox rows for every active account the notice's recipients stand for
/// (and who may see the item), and an e-mail to each of them that has an address. One
/// transaction, audited as `notify.send` with the kind and the number of recipients only.
/// A notice with nobody to tell writes nothing.
pub async fn dispatch(state: &AppState, notice: &Notice<'_>) -> Result<(), AppError> {
    dispatch_once(state, notice, None).await.map(|_| ())
}

/// [`dispatch`] for a notice that goes out at most once (a reminder): the store marks it sent
/// in the same transaction, and a second call writes nothing. Returns the inbox rows written.
pub async fn dispatch_once(state: &AppState, notice: &Notice<'_>, once: Option<Once>) -> Result<usize, AppError> {
    let network = state.store.load_network().await?;
    let to = recipients(notice, &network);
    if to.is_empty() && once.is_none() {
        return Ok(0);
    }
    let accounts = state.store.notifiable_accounts().await?;
    let path = link(notice);
    let mut seen = HashSet::new();
    let mut inbox = Vec::new();
    let mut emails = Vec::new();
    for recipient in &to {
        let (Some(en), Some(fr)) =
            (render(notice, recipient, &network, Lang::En), render(notice, recipient, &network, Lang::Fr))
        else {
            continue;
        };
        for account in &accounts {
            let principal = account.principal();
            if account.disabled
                || !recipient.includes(&principal)
                || !may_receive(notice, Viewer::User(&principal), &network)
                || !seen.insert(account.id)
            {
                continue;
            }
            inbox.push(NewNotification {
                account_id: account.id,
                subject_en: en.subject.clone(),
                body_en: en.body.clone(),
                subject_fr: fr.subject.clone(),
                body_fr: fr.body.clone(),
                link: path.clone(),
            });
            if let Some(address) = account.email.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                let (subject, body) = email_text(&en, &fr, &path);
                emails.push(NewEmail { to: address.to_string(), subject, body });
            }
        }
    }
    let actor = Actor::system("entente notifications");
    Ok(state.store.deliver_once(&actor, notice.kind().as_str(), inbox, emails, once).await?)
}

// ---------- reminders ----------

/// What one reminder pass sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reminded {
    /// Summary records announced as agreed at the end of their silence procedure.
    pub records_agreed: u32,
    /// Actions announced as overdue to their owner nation and the staff.
    pub actions_overdue: u32,
}

/// One pass over the reminders that time has made due at `now`: every summary record whose
/// silence deadline passed without a break is announced as agreed, and every pending action past
/// its due date is announced as overdue — each once, whatever the number of passes or server
/// instances. A record whose silence was broken, or an action done in the meantime, is only
/// marked as handled. Recipients and wording follow the same rules as every other notice.
pub async fn remind_once(state: &AppState, now: DateTime<Utc>) -> Result<Reminded, AppError> {
    const BATCH: u64 = 200;
    let mut done = Reminded::default();
    loop {
        let due = state.store.due_record_reminders(now, BATCH).await?;
        for &meeting_id in &due {
            let meeting = state.store.system().load_meeting(meeting_id).await?;
            let Some(record) = state.store.system().load_record(meeting_id).await? else { continue };
            match record.state_at(now) {
                SilenceState::Agreed { version, at } => {
                    let notice = Notice::RecordAgreed { meeting: &meeting, record: &record, at };
                    dispatch_once(state, &notice, Some(Once::RecordAgreed { meeting_id, version })).await?;
                    done.records_agreed += 1;
                }
                SilenceState::Broken { version, .. } => {
                    state.store.settle_reminder(Once::RecordAgreed { meeting_id, version }).await?;
                }
                // Not due after all (the deadline moved between the query and now): later.
                SilenceState::Draft | SilenceState::Circulating { .. } => {}
            }
        }
        if (due.len() as u64) < BATCH {
            break;
        }
    }
    let today = now.date_naive();
    loop {
        let due = state.store.due_overdue_reminders(today, BATCH).await?;
        for &action_id in &due {
            let (action, meeting) = state.store.system().load_action(action_id).await?;
            let once = Once::ActionOverdue { action_id };
            if is_overdue(&action, today) {
                let notice = Notice::ActionOverdue { meeting: &meeting, action: &action, today };
                dispatch_once(state, &notice, Some(once)).await?;
                done.actions_overdue += 1;
            } else {
                state.store.settle_reminder(once).await?;
            }
        }
        if (due.len() as u64) < BATCH {
            break;
        }
    }
    Ok(done)
}

/// Run the reminders until the runtime stops: a pass every `every`.
pub fn spawn_reminders(state: AppState, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match remind_once(&state, Utc::now()).await {
                Ok(r) if r.records_agreed + r.actions_overdue > 0 => {
                    tracing::info!(
                        records_agreed = r.records_agreed,
                        actions_overdue = r.actions_overdue,
                        "reminders sent"
                    );
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "reminder pass failed; will retry"),
            }
        }
    })
}

// ---------- the mailer ----------

/// Where e-mails go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailTarget {
    /// A plain SMTP relay (no TLS, no authentication): `smtp://host:port` (port 25 if omitted).
    Smtp { host: String, port: u16 },
    /// One `.eml` file per message in a directory: `file:///absolute/dir`.
    Dir(PathBuf),
}

impl MailTarget {
    /// Parse `smtp://host[:port]` or `file:///dir`.
    pub fn parse(url: &str) -> Result<MailTarget, String> {
        if let Some(rest) = url.strip_prefix("smtp://") {
            let rest = rest.trim_end_matches('/');
            if rest.is_empty() || rest.contains('/') || rest.contains('@') {
                return Err(format!("mail_url: '{url}' is not smtp://HOST:PORT"));
            }
            let (host, port) = match rest.rsplit_once(':') {
                Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => match p.parse::<u16>() {
                    Ok(port) => (h, port),
                    Err(_) => return Err(format!("mail_url: '{p}' is not a port number")),
                },
                _ => (rest, 25),
            };
            let host = host.trim_start_matches('[').trim_end_matches(']');
            if host.is_empty() {
                return Err(format!("mail_url: '{url}' names no host"));
            }
            return Ok(MailTarget::Smtp { host: host.to_string(), port });
        }
        if let Some(path) = url.strip_prefix("file://") {
            if !path.starts_with('/') {
                return Err(format!("mail_url: '{url}' is not file:///ABSOLUTE/DIRECTORY"));
            }
            return Ok(MailTarget::Dir(PathBuf::from(path)));
        }
        Err(format!("mail_url: '{url}' is neither smtp://HOST:PORT nor file:///DIRECTORY"))
    }
}

/// The mailer's settings.
#[derive(Debug, Clone)]
pub struct MailerConfig {
    pub target: MailTarget,
    /// The `From` address, e.g. `Entente <entente@alliance.example>`.
    pub from: String,
    /// How often the outbox is looked at.
    pub poll_every: Duration,
    /// The wait after a first failure; doubled after each further failure.
    pub first_retry: Duration,
    /// The longest wait between two attempts.
    pub max_retry: Duration,
    /// How long a claimed row is left alone before another attempt may take it.
    pub lease: Duration,
    /// The SMTP conversation's timeout.
    pub timeout: Duration,
    /// Rows taken per pass.
    pub batch: u64,
}

impl MailerConfig {
    pub fn new(target: MailTarget, from: impl Into<String>) -> MailerConfig {
        MailerConfig {
            target,
            from: from.into(),
            poll_every: Duration::from_secs(5),
            first_retry: Duration::from_secs(30),
            max_retry: Duration::from_secs(3600),
            lease: Duration::from_secs(300),
            timeout: Duration::from_secs(30),
            batch: 50,
        }
    }
}

/// The wait before the next attempt after `attempts` attempts have failed: `first` doubled for
/// each failure after the first, never more than `max`.
pub fn backoff(attempts: i32, first: Duration, max: Duration) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(30);
    first.saturating_mul(2u32.saturating_pow(doublings)).min(max)
}

/// What one pass over the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drained {
    pub sent: usize,
    pub failed: usize,
}

/// Check a `From` address (`Name <user@domain>` or `user@domain`).
pub fn check_sender(from: &str) -> Result<(), String> {
    from.parse::<Mailbox>().map(|_| ()).map_err(|e| format!("mail_from: '{from}' is not an e-mail address ({e})"))
}

/// Build the RFC 5322 message of an outbox row.
pub fn message_of(email: &OutboxEmail, from: &str) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("the sender address '{from}' is not valid: {e}"))?;
    let to: Mailbox = email.to.parse().map_err(|e| format!("the address '{}' is not valid: {e}", email.to))?;
    let domain = from.email.domain().to_string();
    Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(format!("<outbox-{}.{}@{domain}>", email.id, email.created_at.timestamp())))
        .singlepart(SinglePart::plain(email.body.clone()))
        .map_err(|e| format!("the message cannot be built: {e}"))
}

async fn send(email: &OutboxEmail, config: &MailerConfig) -> Result<(), String> {
    let message = message_of(email, &config.from)?;
    match &config.target {
        MailTarget::Smtp { host, port } => {
            let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
                .port(*port)
                .timeout(Some(config.timeout))
                .build();
            transport.send(message).await.map(|_| ()).map_err(|e| format!("SMTP relay {host}:{port}: {e}"))
        }
        MailTarget::Dir(dir) => {
            let io = |e: std::io::Error| format!("mail directory {}: {e}", dir.display());
            tokio::fs::create_dir_all(dir).await.map_err(io)?;
            let name = format!("outbox-{:08}.eml", email.id);
            let partial = dir.join(format!(".{name}.partial"));
            tokio::fs::write(&partial, message.formatted()).await.map_err(io)?;
            tokio::fs::rename(&partial, dir.join(name)).await.map_err(io)
        }
    }
}

/// One pass: claim and send every due e-mail (a batch at a time), recording each outcome.
pub async fn drain_once(store: &Store, config: &MailerConfig) -> Result<Drained, AppError> {
    let mut done = Drained::default();
    loop {
        let due = store.due_emails(Utc::now(), config.batch).await?;
        if due.is_empty() {
            return Ok(done);
        }
        let mut claimed_any = false;
        for email in &due {
            let lease = chrono::Duration::from_std(config.lease).unwrap_or(chrono::Duration::minutes(5));
            if !store.claim_email(email, Utc::now() + lease).await? {
                continue;
            }
            claimed_any = true;
            match send(email, config).await {
                Ok(()) => {
                    store.email_sent(email.id).await?;
                    done.sent += 1;
                }
                Err(error) => {
                    let wait = backoff(email.attempts + 1, config.first_retry, config.max_retry);
                    let retry_at = Utc::now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
                    tracing::warn!(email = email.id, attempt = email.attempts + 1, %error, retry_at = %retry_at, "e-mail not sent; will retry");
                    store.email_failed(email.id, &error, retry_at).await?;
                    done.failed += 1;
                }
            }
        }
        if !claimed_any || (due.len() as u64) < config.batch {
            return Ok(done);
        }
    }
}

/// Run the mailer until the runtime stops: a pass over the outbox every `poll_every`.
pub fn spawn_mailer(state: AppState, config: MailerConfig) -> JoinHandle<()> {
    tokio::spawn(async move {
        let target = match &config.target {
            MailTarget::Smtp { host, port } => format!("smtp://{host}:{port}"),
            MailTarget::Dir(d) => format!("file://{}", d.display()),
        };
        tracing::info!(target = %target, "mailer started");
        let mut tick = tokio::time::interval(config.poll_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match drain_once(&state.store, &config).await {
                Ok(d) if d.sent + d.failed > 0 => {
                    tracing::info!(sent = d.sent, failed = d.failed, "mailer pass");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "mailer pass failed; will retry"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_urls() {
        assert_eq!(
            MailTarget::parse("smtp://relay.internal:2525"),
            Ok(MailTarget::Smtp { host: "relay.internal".into(), port: 2525 })
        );
        assert_eq!(MailTarget::parse("smtp://localhost"), Ok(MailTarget::Smtp { host: "localhost".into(), port: 25 }));
        assert_eq!(MailTarget::parse("smtp://[::1]:25"), Ok(MailTarget::Smtp { host: "::1".into(), port: 25 }));
        assert_eq!(MailTarget::parse("file:///var/mail/entente"), Ok(MailTarget::Dir("/var/mail/entente".into())));
        assert!(MailTarget::parse("smtp://relay:notaport").is_err());
        assert!(MailTarget::parse("smtps://relay:465").is_err());
        assert!(MailTarget::parse("file://relative/dir").is_err());
        assert!(MailTarget::parse("smtp://user@relay:25").is_err());
        assert!(MailTarget::parse("smtp://").is_err());
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let (first, max) = (Duration::from_secs(30), Duration::from_secs(3600));
        let waits: Vec<u64> = (1..=10).map(|a| backoff(a, first, max).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(backoff(0, first, max), first);
        assert_eq!(backoff(i32::MAX, first, max), max);
    }
}
