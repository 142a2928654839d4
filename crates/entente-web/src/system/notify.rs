//! Notifications: turning an event into inbox rows and e-mails, and the mailer that drains the
//! e-mail outbox.
//!
//! [`dispatch`] is the one entry point the area services call after a change has been stored,
//! with the [`Event`]: who acted, when, and the notices it makes (the most specific first — a
//! meeting convened for a request is a `RequestMeetingConvened` for the requester before it is a
//! `MeetingConvened` for everyone seated). The domain decides who may receive what (`recipients`,
//! `may_receive`, `render`: titles, dates and nation names only, never an item the recipient may
//! not see); this module maps each `Recipient` to the active accounts it stands for, checks every
//! account again with `may_receive`, writes each notice as one sentence in words in both
//! languages ([`sentence`]) with a link that this reader may open ([`link_for`]), and hands the
//! whole event to the store, whose `one_per_person` rule keeps one notice per account and one
//! e-mail per address for the event, and none for the person who acted.
//!
//! E-mails are bilingual, as accounts carry no language preference: the subject is the English
//! subject, ` / `, the French one; the body is the English sentence and details, then the French
//! ones, each with the path of the item in Entente. They are plain text (UTF-8, quoted-printable
//! or base64 as needed), with a stable `Message-ID` per outbox row so that a resent message is
//! recognised.
//!
//! The mailer ([`spawn_mailer`]) polls the outbox, claims each due row, and sends it through a
//! plain SMTP relay (`smtp://host:port`, no TLS: a relay on the local network) or writes it as
//! an RFC 5322 `.eml` file (`file:///dir`, for tests and the demo). A failure is kept on the row
//! and retried after an exponential backoff, capped; nothing is dropped while the relay is down.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entente_domain::access::{Affiliation, Principal, Viewer};
use entente_domain::consultation::{
    Lang as NoticeLang, Meeting, Notice, SilenceState, is_overdue, may_receive, may_see_meeting, recipients, render,
};
use entente_domain::registry::{NationCode, Network};
use entente_store::accounts::Account;
use entente_store::notify::{Delivery, NewEmail, NewNotification, Once, OutboxEmail};
use entente_store::{Actor, Store};
use fluent_templates::fluent_bundle::FluentValue;
use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::task::JoinHandle;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;

/// One event to tell.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// The person whose action the event is: never told of it. `None` for what time makes due
    /// (reminders).
    pub by: Option<&'a Principal>,
    /// When it happened (the inbox rows' date).
    pub at: DateTime<Utc>,
    /// The notices it makes, the most specific first: whoever several of them reach is told by
    /// the first.
    pub notices: Vec<Notice<'a>>,
}

impl<'a> Event<'a> {
    /// A person's action, now.
    pub fn by(by: &'a Principal, at: DateTime<Utc>, notices: Vec<Notice<'a>>) -> Event<'a> {
        Event { by: Some(by), at, notices }
    }
}

/// The page a notice points to, a local path: the meeting for everything that happens in a
/// meeting, the request for requests (never the meeting of a request, which the requester may not
/// see), and for actions the meeting's actions when `reader` may see the meeting, else their own
/// actions (an action's owner may not sit in its meeting).
pub fn link_for(notice: &Notice<'_>, reader: &Principal, network: &Network) -> String {
    match notice {
        Notice::MeetingConvened { meeting }
        | Notice::AgendaItemProposed { meeting, .. }
        | Notice::AgendaItemAccepted { meeting, .. }
        | Notice::RecordCirculated { meeting, .. }
        | Notice::SilenceBroken { meeting, .. }
        | Notice::RecordAgreed { meeting, .. }
        | Notice::PollOpened { meeting, .. }
        | Notice::PollClosed { meeting, .. } => format!("/meetings/{}", meeting.id.0),
        Notice::ActionAssigned { meeting, .. } | Notice::ActionOverdue { meeting, .. } => {
            if may_see_meeting(Viewer::User(reader), meeting, network) {
                format!("/meetings/{}#actions", meeting.id.0)
            } else {
                "/actions?all=1".to_string()
            }
        }
        Notice::RequestSubmitted { request }
        | Notice::RequestAcknowledged { request }
        | Notice::RequestMeetingConvened { request, .. } => format!("/requests/{}", request.id.0),
        Notice::ReportTriaged { report } => format!("/reports/{}", report.id),
        Notice::SeatsChanged { allocation, .. } => format!("/allocations/{allocation}"),
        Notice::FeedbackGiven { activity, .. } => format!("/activities/{}/after", activity.id.0),
    }
}

/// A date in words: "12 March 2026", "1er mars 2026".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let month = lang.t(&format!("notice-month-{}", date.month()));
    lang.t_args(
        "notice-date",
        &[
            ("day", FluentValue::from(date.day())),
            ("month", FluentValue::from(month)),
            ("year", FluentValue::from(date.year().to_string())),
        ],
    )
}

fn nation_name(code: &NationCode, network: &Network, lang: Lang) -> String {
    network.nation(code).map_or_else(|| code.to_string(), |n| n.name_in(lang.code()).to_string())
}

/// A country of an event report by name: the registry's for the network's nations, else the
/// event tables' name in the reader's language, else its code.
fn country_name(iso: &str, network: &Network, lang: Lang) -> String {
    match iso.parse::<entente_warning::country::Iso3>() {
        Ok(code) => crate::warning::country_name_in(network, code, lang),
        Err(_) => iso.to_string(),
    }
}

/// The notice as one sentence in words, for `reader`, in `lang`: who did what to which item, by
/// names (nations, titles, dates in words), never codes, and never naming an item `reader` may
/// not see. `by` is who acted; without it (reminders, or the demo's history) the item says who.
pub fn sentence(
    notice: &Notice<'_>,
    by: Option<&Principal>,
    reader: &Principal,
    network: &Network,
    lang: Lang,
) -> String {
    let staff = || lang.t("notice-who-staff");
    let actor = |fallback: Option<&NationCode>| match by.map(|p| &p.affiliation) {
        Some(Affiliation::Staff) => staff(),
        Some(Affiliation::Nation(n)) => nation_name(n, network, lang),
        None => fallback.map_or_else(staff, |n| nation_name(n, network, lang)),
    };
    let s = |v: String| FluentValue::from(v);
    // `head`, then the arguments naming a meeting: its title and its date.
    let on = |m: &Meeting, mut head: Vec<(&'static str, FluentValue<'static>)>| {
        head.push(("meeting", s(m.title_in(lang.domain(), network))));
        head.push(("date", s(long_date(m.start.date_naive(), lang))));
        head
    };
    let say = |key: &str, args: Vec<(&'static str, FluentValue<'static>)>| lang.t_args(key, &args);
    let dl = lang.domain();
    match notice {
        Notice::MeetingConvened { meeting } => {
            say("notice-meeting-convened", on(meeting, vec![("who", s(actor(None)))]))
        }
        Notice::AgendaItemProposed { meeting, item } => say(
            "notice-agenda-item-proposed",
            on(meeting, vec![("who", s(actor(item.proposer_nation()))), ("item", s(item.title.clone()))]),
        ),
        Notice::AgendaItemAccepted { meeting, item } => say(
            "notice-agenda-item-accepted",
            on(meeting, vec![("who", s(actor(None))), ("item", s(item.title.clone()))]),
        ),
        Notice::RecordCirculated { meeting, .. } => {
            say("notice-record-circulated", on(meeting, vec![("who", s(actor(None)))]))
        }
        Notice::SilenceBroken { meeting, silence_break, .. } => {
            say("notice-silence-broken", on(meeting, vec![("who", s(actor(Some(&silence_break.nation))))]))
        }
        Notice::RecordAgreed { meeting, .. } => say("notice-record-agreed", on(meeting, vec![])),
        Notice::ActionAssigned { action, .. } => say(
            "notice-action-assigned",
            vec![
                ("who", s(actor(None))),
                ("action", s(action.title.clone())),
                ("owner", s(nation_name(&action.owner, network, lang))),
                ("due", s(long_date(action.due, lang))),
            ],
        ),
        Notice::ActionOverdue { action, .. } => say(
            "notice-action-overdue",
            vec![
                ("action", s(action.title.clone())),
                ("owner", s(nation_name(&action.owner, network, lang))),
                ("due", s(long_date(action.due, lang))),
            ],
        ),
        Notice::RequestSubmitted { request } => say(
            "notice-request-submitted",
            vec![("who", s(actor(Some(&request.requester)))), ("basis", s(request.basis.label(dl).to_string()))],
        ),
        Notice::RequestAcknowledged { request } => say(
            "notice-request-acknowledged",
            vec![
                ("who", s(actor(None))),
                ("requester", s(nation_name(&request.requester, network, lang))),
                ("submitted", s(long_date(request.submitted_at().date_naive(), lang))),
            ],
        ),
        Notice::RequestMeetingConvened { request, meeting } => {
            let head = vec![("who", s(actor(None))), ("requester", s(nation_name(&request.requester, network, lang)))];
            if may_see_meeting(Viewer::User(reader), meeting, network) {
                say("notice-request-meeting-convened", on(meeting, head))
            } else {
                say("notice-request-meeting-convened-unnamed", head)
            }
        }
        Notice::PollOpened { meeting, poll } => {
            say("notice-poll-opened", on(meeting, vec![("who", s(actor(None))), ("poll", s(poll.title.clone()))]))
        }
        Notice::PollClosed { meeting, poll, .. } => {
            say("notice-poll-closed", on(meeting, vec![("who", s(actor(None))), ("poll", s(poll.title.clone()))]))
        }
        Notice::ReportTriaged { report } => {
            let about = vec![
                (
                    "category",
                    s(report
                        .category
                        .parse::<entente_warning::Category>()
                        .map_or_else(|_| report.category.replace('_', " "), |c| c.label(dl))),
                ),
                ("country", s(country_name(&report.country, network, lang))),
                ("occurred", s(long_date(report.occurred_on, lang))),
            ];
            if report.history.len() <= 1 {
                say("notice-report-filed", [vec![("who", s(actor(report.author_nation.as_ref())))], about].concat())
            } else {
                say(
                    "notice-report-step",
                    [vec![("who", s(actor(None))), ("status", s(report.status.label(dl).to_string()))], about].concat(),
                )
            }
        }
        Notice::SeatsChanged { activity, line, before, .. } => say(
            "notice-seats-changed",
            vec![
                ("nation", s(nation_name(&line.nation, network, lang))),
                (
                    "activity",
                    s(match lang {
                        Lang::En => activity.title_en.clone(),
                        Lang::Fr => activity.title_fr.clone(),
                    }),
                ),
                ("before", FluentValue::from(*before)),
                ("now", FluentValue::from(line.granted)),
            ],
        ),
        Notice::FeedbackGiven { activity, feedback } => say(
            "notice-feedback-given",
            vec![
                ("nation", s(nation_name(&feedback.nation, network, lang))),
                (
                    "activity",
                    s(match lang {
                        Lang::En => activity.title_en.clone(),
                        Lang::Fr => activity.title_fr.clone(),
                    }),
                ),
                ("relevance", FluentValue::from(feedback.relevance)),
                ("quality", FluentValue::from(feedback.quality)),
                ("organisation", FluentValue::from(feedback.organisation)),
            ],
        ),
    }
}

/// The e-mail of one notice for one recipient: both languages (see the module notes): the
/// domain's subjects, then each language's sentence and details.
pub fn email_text(
    en: (&str, &entente_domain::consultation::Rendered),
    fr: (&str, &entente_domain::consultation::Rendered),
    link: &str,
) -> (String, String) {
    let subject = format!("{} / {}", en.1.subject, fr.1.subject);
    let body = format!(
        "{}\n\n{}\n\nEntente: {link}\n\n-- Français --\n\n{}\n\n{}\n\nEntente : {link}\n",
        en.0, en.1.body, fr.0, fr.1.body
    );
    (subject, body)
}

/// Every inbox row an event could make: for each notice in order, each of its recipients, and each
/// active account the recipient stands for that may see the item — with the sentence, the details
/// and the link for that reader, and the e-mail when the account has an address. The store then
/// keeps one per person and none for who acted (`entente_store::notify::one_per_person`).
pub fn candidates(event: &Event<'_>, accounts: &[Account], network: &Network) -> Vec<NewNotification> {
    let mut out = Vec::new();
    for notice in &event.notices {
        for recipient in recipients(notice, network) {
            let (Some(en), Some(fr)) = (
                render(notice, &recipient, network, NoticeLang::En),
                render(notice, &recipient, network, NoticeLang::Fr),
            ) else {
                continue;
            };
            for account in accounts {
                let reader = account.principal();
                if account.disabled
                    || !recipient.includes(&reader)
                    || !may_receive(notice, Viewer::User(&reader), network)
                {
                    continue;
                }
                let subject_en = sentence(notice, event.by, &reader, network, Lang::En);
                let subject_fr = sentence(notice, event.by, &reader, network, Lang::Fr);
                let link = link_for(notice, &reader, network);
                let email = account.email.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(|address| {
                    let (subject, body) = email_text((&subject_en, &en), (&subject_fr, &fr), &link);
                    NewEmail { to: address.to_string(), subject, body }
                });
                out.push(NewNotification {
                    account_id: account.id,
                    kind: notice.kind().as_str().to_string(),
                    subject_en,
                    body_en: en.body.clone(),
                    subject_fr,
                    body_fr: fr.body.clone(),
                    link,
                    email,
                });
            }
        }
    }
    out
}

/// Tell an event: inbox rows for every active account the notices' recipients stand for (and who
/// may see the item), one per person, none for who acted, and an e-mail to each of them that has
/// an address. One transaction, audited as `notify.send` with the kinds and the numbers of
/// recipients only. Returns the inbox rows written.
pub async fn dispatch(state: &AppState, network: &Network, event: Event<'_>) -> Result<usize, AppError> {
    send_event(&state.store, network, &event, None).await
}

/// [`dispatch`] for a notice that goes out at most once (a reminder): the store marks it sent
/// in the same transaction, and a second call writes nothing. Returns the inbox rows written.
pub async fn dispatch_once(
    state: &AppState,
    network: &Network,
    event: Event<'_>,
    once: Option<Once>,
) -> Result<usize, AppError> {
    send_event(&state.store, network, &event, once).await
}

/// [`dispatch`] on the store itself, for the demo's history.
pub async fn send_event(
    store: &Store,
    network: &Network,
    event: &Event<'_>,
    once: Option<Once>,
) -> Result<usize, AppError> {
    let accounts = if event.notices.iter().any(|n| !recipients(n, network).is_empty()) {
        store.notifiable_accounts().await?
    } else if once.is_none() {
        return Ok(0);
    } else {
        Vec::new()
    };
    let delivery = Delivery {
        actor: event.by.map(|p| p.user_id),
        at: Some(event.at),
        notices: candidates(event, &accounts, network),
    };
    Ok(store.deliver_once(&Actor::system("entente notifications"), delivery, once).await?)
}

// ---------- reminders ----------

/// What one reminder pass sent.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reminded {
    /// Summary records announced as agreed at the end of their silence procedure.
    pub records_agreed: u32,
    /// Actions announced as overdue to their owner nation and the staff.
    pub actions_overdue: u32,
    /// Notices of new alerts written to their subscribers.
    pub alerts_announced: u32,
    /// Allocation lines whose seats were not confirmed by their date, released and offered again.
    pub seats_released: u32,
}

/// One pass over the reminders that time has made due at `now`: every summary record whose
/// silence deadline passed without a break is announced as agreed, and every pending action past
/// its due date is announced as overdue — each once, whatever the number of passes or server
/// instances. A record whose silence was broken, or an action done in the meantime, is only
/// marked as handled. Recipients and wording follow the same rules as every other notice. Last,
/// seats not confirmed by their date are released (`seat_release::release_unconfirmed_once`).
pub async fn remind_once(state: &AppState, now: DateTime<Utc>) -> Result<Reminded, AppError> {
    const BATCH: u64 = 200;
    let mut done = Reminded::default();
    let network = state.store.load_network().await?;
    loop {
        let due = state.store.due_record_reminders(now, BATCH).await?;
        for &meeting_id in &due {
            let meeting = state.store.system().load_meeting(meeting_id).await?;
            let Some(record) = state.store.system().load_record(meeting_id).await? else { continue };
            match record.state_at(now) {
                SilenceState::Agreed { version, at } => {
                    let notice = Notice::RecordAgreed { meeting: &meeting, record: &record, at };
                    let event = Event { by: None, at, notices: vec![notice] };
                    dispatch_once(state, &network, event, Some(Once::RecordAgreed { meeting_id, version })).await?;
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
                let event = Event { by: None, at: now, notices: vec![notice] };
                dispatch_once(state, &network, event, Some(once)).await?;
                done.actions_overdue += 1;
            } else {
                state.store.settle_reminder(once).await?;
            }
        }
        if (due.len() as u64) < BATCH {
            break;
        }
    }
    done.alerts_announced = super::warning::announce_once(state).await?;
    done.seats_released = super::seat_release::release_unconfirmed_once(state, now).await?;
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
                Ok(r) if r.records_agreed + r.actions_overdue + r.alerts_announced + r.seats_released > 0 => {
                    tracing::info!(
                        records_agreed = r.records_agreed,
                        actions_overdue = r.actions_overdue,
                        alerts_announced = r.alerts_announced,
                        seats_released = r.seats_released,
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
    fn dates_in_words_in_both_languages() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(long_date(d("2026-03-12"), Lang::En), "12 March 2026");
        assert_eq!(long_date(d("2026-03-12"), Lang::Fr), "12 mars 2026");
        assert_eq!(long_date(d("2026-08-01"), Lang::Fr), "1er août 2026");
        assert_eq!(long_date(d("2026-08-01"), Lang::En), "1 August 2026");
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
