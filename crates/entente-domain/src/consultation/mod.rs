//! The consultation forum's rules: meetings in flexible formats, agendas, the summary record
//! under silence procedure, decisions and follow-up actions, consultation requests (PfP paragraph 8,
//! Article 4, other partner requests), scheduling polls, iCalendar feeds and notification rules.
//! Pure: no database, no HTTP, no async — the store persists these values and the web layer shows
//! them, and both ask the functions here what is allowed.
//!
//! # Shape
//!
//! | File | What |
//! |---|---|
//! | `actions` | what a principal may do now ([`MeetingActions`], [`RecordActions`], …), asked of the rules themselves |
//! | `meeting` | [`Meeting`], [`MeetingLevel`], [`MeetingStatus`] workflow, [`TimeZoneName`], [`Venue`], [`participants`], [`may_attend`] |
//! | `agenda` | [`Agenda`] of [`AgendaItem`]s: propose, accept, reject, withdraw, reorder |
//! | `record` | [`SummaryRecord`]: versions, circulation, breaks of silence, [`SilenceState`] at any instant |
//! | `decision` | [`Decision`] with partner [`Position`]s; [`Action`]s with status history, [`is_overdue`] |
//! | `request` | [`ConsultationRequest`]: eligibility, workflow, [`ResponseTargets`], [`RequestTimes`], [`propose_format`] |
//! | `paper` | [`Paper`]s (statements and documents): who adds them and when, [`document_type`] |
//! | `poll` | [`Poll`]: votes, [`visible_results`], deterministic winner |
//! | `ical` | RFC 5545 [`calendar`] / [`calendar_for`], [`escape_text`], [`fold_line`] |
//! | `notice` | [`Notice`] events, [`recipients`], [`render`] in English and French |
//! | `common` | typed ids, [`Actor`], [`StatusChange`], [`Release`], [`Lang`], [`ConsultationError`] |
//!
//! # Rules that hold everywhere
//!
//! - **Who is in the room is never a list.** A meeting stores a [`FormatSpec`](crate::registry::FormatSpec);
//!   [`participants`] resolves it against the network as of the meeting's date — the UTC calendar
//!   date of its start (the registry's membership dates are days without a time zone). Rescheduling
//!   a meeting across an accession or a suspension changes who sits in it.
//! - **Visibility is a double gate.** Anything inside a meeting (agenda item, record, decision,
//!   poll) is seen only by those who may see the meeting — staff and the nations seated on its date
//!   ([`may_see_meeting`]) — *and* then only as the item's own marking allows
//!   ([`may_see`](crate::access::may_see)). A marking narrows within the room; it never widens
//!   beyond it. Exceptions, each explicit: the proposing nation always sees its own agenda item;
//!   the owner nation always sees its action; a consultation request is not inside a meeting and
//!   follows its marking alone (the requester is its originator). Uncirculated record drafts are
//!   for staff. Anonymous viewers see nothing here.
//! - **Markings are built here, not passed in.** Callers give a [`Release`] (classification and
//!   audience, validated against the deployment's classifications); the function that creates the
//!   item adds the originator (the proposing or requesting nation; none for staff) and the release
//!   date, so a caller cannot claim another nation's authorship.
//! - **Histories are append-only and go forward in time.** Status changes ([`StatusChange`]: who,
//!   when, note), record versions, circulations and breaks of silence are only ever appended, and an
//!   entry dated before the last one is refused ([`ConsultationError::Conflict`]). Pass the current
//!   time as `at`. The silence outcome is a function of the log and an instant
//!   ([`SummaryRecord::state_at`]): the answer for a past instant never changes as events are
//!   added, and an agreed record stays agreed (property-tested).
//! - **Every mutator takes the acting [`Principal`](crate::access::Principal)** and checks it: staff
//!   (not analysts) run meetings, agendas, records, decisions, actions, polls and request steps; a
//!   seated nation's delegation proposes agenda items, breaks silence, votes and states its own
//!   position on a decision; the owner nation updates its action (staff alone cancel it); a nation
//!   files and withdraws its own request. Analysts never write.
//! - **Ids come from the store.** Constructors take the new item's id (`Meeting::plan(id, …)`):
//!   validate-then-insert in one transaction, or reserve the id first. Stored rows come back through
//!   `from_parts`, which replays or checks the history with the same rules (no `Deserialize` on
//!   types with invariants).
//! - **Errors** are one enum, [`ConsultationError`], with a stable [`code`](ConsultationError::code)
//!   (`invalid`, `illegal_transition`, `not_permitted`, `conflict`, `not_eligible`,
//!   `invalid_format`). Messages only name what the caller named. A caller who may not *see* an
//!   item must get a 404 from the web layer before any of these functions is asked to act on it.
//!
//! # Choices worth knowing
//!
//! - Meeting workflow: planned → convened → held → record under silence → closed, and planned or
//!   convened → cancelled (with a reason). Held needs the start to have passed; under silence needs
//!   a circulated record version; closed needs the record agreed.
//! - Time zones: [`TimeZoneName`] is an IANA name of the tz database (`chrono-tz`): a meeting's
//!   times are typed and shown on its zone's clocks ([`TimeZoneName::to_utc`] refuses a time the
//!   clocks skip and takes the first of a time they show twice; [`TimeZoneName::local`]). Times
//!   are stored and exported in UTC.
//! - Silence procedure: silence by the deadline is agreement *at* the deadline; a break must come
//!   strictly before it, on the version in circulation, from a seated nation that receives the
//!   record; once broken, only a new version circulated can lead to agreement. At most 60 days.
//! - Requests: paragraph 8 needs active `PFP` participation on the filing date
//!   ([`PARAGRAPH8_FRAMEWORK`]); Article 4 an ally; `Other` any active partner under the Berlin
//!   policy's "more political consultation". Default targets: acknowledgement within 48 hours, a
//!   meeting within 14 days of submission. [`RequestTimes`] measures request → acknowledgement →
//!   start of the *held* meeting, with population and a [`SizeBand`] for indicators by state size.
//!   [`propose_format`]: Article 4 → all allies; otherwise allies + the requester; active partners of
//!   the requester's region are suggested, never added.
//! - Polls: one vote per seated nation, replaced on re-vote; staff always see results; winner by
//!   available (yes + if need be), then yes, then earliest, then first offered.
//! - iCal: `DTSTAMP` is the meeting's last change (stable output); `SEQUENCE` counts calendar-visible changes.
//! - Notices name titles, dates and nations only — never a threat description, record text or
//!   comment — and name a second item (an action's meeting) only if the recipient may see it.

mod actions;
mod agenda;
mod common;
mod decision;
mod ical;
mod meeting;
mod notice;
mod paper;
mod poll;
mod record;
mod request;

pub use actions::*;
pub use agenda::*;
pub use common::*;
pub use decision::*;
pub use ical::*;
pub use meeting::*;
pub use notice::*;
pub use paper::*;
pub use poll::*;
pub use record::*;
pub use request::*;

#[cfg(test)]
pub(crate) mod testing;
