//! The summary record under silence procedure. Staff draft versions and circulate one to the
//! participants with a deadline; a participating nation may break silence on the circulated
//! version before the deadline; silence by the deadline means agreement; a broken silence needs
//! a new version circulated. Nothing is ever edited or removed: versions and breaks are appended
//! in time order, and the outcome at any instant is computed from them ([`SummaryRecord::state_at`]),
//! so the answer for a past instant never changes when later events are added.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    Actor, ConsultationError, Lang, MeetingId, NOTE_MAX, Release, TEXT_MAX, both, clean_text, invalid, not_before,
    require_staff_writer, subject,
};
use super::meeting::{Meeting, MeetingStatus, may_see_meeting, participants};
use crate::access::{Marking, Permit, Principal, Viewer, may_see};
use crate::registry::{NationCode, Network};
use crate::said;

/// The longest a silence procedure may run.
pub const MAX_SILENCE: Duration = Duration::days(60);

/// When a version was circulated, by whom, and the deadline for breaking silence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Circulation {
    pub by: Actor,
    pub at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
}

/// One version of the record's text. Versions are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordVersion {
    pub number: u32,
    pub text: String,
    pub drafted_by: Actor,
    pub drafted_at: DateTime<Utc>,
    pub circulation: Option<Circulation>,
}

/// A nation's break of silence on a circulated version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SilenceBreak {
    pub version: u32,
    pub nation: NationCode,
    pub comment: String,
    pub at: DateTime<Utc>,
    pub by: Actor,
}

/// The outcome of the procedure at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SilenceState {
    /// No version has been circulated yet.
    Draft,
    /// `version` is circulating; silence holds so far.
    Circulating { version: u32, deadline: DateTime<Utc> },
    /// Silence on `version` was broken by these nations (in the order they broke it); a new
    /// version must be circulated.
    Broken { version: u32, deadline: DateTime<Utc>, by: Vec<NationCode> },
    /// Nobody broke silence on `version` by its deadline: the record is agreed, at the deadline.
    Agreed { version: u32, at: DateTime<Utc> },
}

impl SilenceState {
    pub fn as_str(&self) -> &'static str {
        match self {
            SilenceState::Draft => "draft",
            SilenceState::Circulating { .. } => "circulating",
            SilenceState::Broken { .. } => "broken",
            SilenceState::Agreed { .. } => "agreed",
        }
    }

    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            SilenceState::Draft => lang.pick("a draft", "un projet"),
            SilenceState::Circulating { .. } => lang.pick("in circulation", "en circulation"),
            SilenceState::Broken { .. } => lang.pick("with silence broken", "à silence rompu"),
            SilenceState::Agreed { .. } => lang.pick("agreed", "approuvé"),
        }
    }
}

/// A meeting's summary record: its marking, every version and every break of silence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRecord {
    pub meeting: MeetingId,
    pub marking: Marking,
    versions: Vec<RecordVersion>,
    breaks: Vec<SilenceBreak>,
    /// The stored row's version (0 before it is stored). Drafting and circulating bump it; a break
    /// of silence is a row of its own and only checks it, so breaks never overwrite each other.
    #[serde(skip)]
    pub version: i64,
}

/// One appended event, for replaying stored parts in order.
enum Event {
    Draft(RecordVersion),
    Circulate(u32, Circulation),
    Break(SilenceBreak),
}

impl Event {
    /// Events at the same instant replay in workflow order: a version is drafted, then circulated,
    /// then silence on it is broken, then the next version is drafted.
    fn key(&self) -> (DateTime<Utc>, u32, u8) {
        match self {
            Event::Draft(v) => (v.drafted_at, v.number, 0),
            Event::Circulate(n, c) => (c.at, *n, 1),
            Event::Break(b) => (b.at, b.version, 2),
        }
    }
}

impl SummaryRecord {
    /// Staff start the record of a held meeting with its first draft. The record's marking has no
    /// originating nation (the staff write it) and is released on the day of drafting.
    pub fn draft(
        meeting: &Meeting,
        release: &Release,
        text: &str,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(SummaryRecord, Permit), ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-draft-summary", "only alliance staff draft the summary record"),
        )?;
        if meeting.status() != MeetingStatus::Held {
            return Err(ConsultationError::Conflict(said!(
                "err-summary-record-drafted-once",
                "the summary record is drafted once the meeting is held"
            )));
        }
        let mut record = SummaryRecord {
            meeting: meeting.id,
            marking: release.mark(None, at.date_naive()),
            versions: Vec::new(),
            breaks: Vec::new(),
            version: 0,
        };
        record.apply(Event::Draft(RecordVersion {
            number: 1,
            text: clean_text("text", text, TEXT_MAX)?,
            drafted_by: Actor::of(by),
            drafted_at: at,
            circulation: None,
        }))?;
        Ok((record, Permit::new("record.draft", by, subject::RECORD, meeting.id.0)))
    }

    /// Rebuild a record from its stored versions and breaks, replaying them in time order through
    /// the same checks that admitted them.
    pub fn from_parts(
        meeting: MeetingId,
        marking: Marking,
        versions: Vec<RecordVersion>,
        breaks: Vec<SilenceBreak>,
    ) -> Result<SummaryRecord, ConsultationError> {
        let mut events = Vec::new();
        for v in versions {
            if let Some(c) = v.circulation.clone() {
                events.push(Event::Circulate(v.number, c));
            }
            events.push(Event::Draft(RecordVersion { circulation: None, ..v }));
        }
        events.extend(breaks.into_iter().map(Event::Break));
        events.sort_by_key(Event::key);
        let mut record = SummaryRecord { meeting, marking, versions: Vec::new(), breaks: Vec::new(), version: 0 };
        for e in events {
            record.apply(e)?;
        }
        Ok(record)
    }

    pub fn versions(&self) -> &[RecordVersion] {
        &self.versions
    }

    pub fn breaks(&self) -> &[SilenceBreak] {
        &self.breaks
    }

    pub fn version(&self, number: u32) -> Option<&RecordVersion> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// The instant of the latest event.
    pub fn last_event_at(&self) -> Option<DateTime<Utc>> {
        let drafted = self.versions.iter().map(|v| v.drafted_at);
        let circulated = self.versions.iter().filter_map(|v| v.circulation.as_ref().map(|c| c.at));
        let broken = self.breaks.iter().map(|b| b.at);
        drafted.chain(circulated).chain(broken).max()
    }

    /// The outcome at instant `t`, from the events up to `t`.
    pub fn state_at(&self, t: DateTime<Utc>) -> SilenceState {
        let current = self
            .versions
            .iter()
            .filter_map(|v| v.circulation.as_ref().filter(|c| c.at <= t).map(|c| (v.number, c)))
            .max_by_key(|(_, c)| c.at);
        let Some((version, c)) = current else { return SilenceState::Draft };
        let by: Vec<NationCode> =
            self.breaks.iter().filter(|b| b.version == version && b.at <= t).map(|b| b.nation.clone()).collect();
        if !by.is_empty() {
            SilenceState::Broken { version, deadline: c.deadline, by }
        } else if t >= c.deadline {
            SilenceState::Agreed { version, at: c.deadline }
        } else {
            SilenceState::Circulating { version, deadline: c.deadline }
        }
    }

    /// The agreed version at `t`, if the record is agreed.
    pub fn agreed_version(&self, t: DateTime<Utc>) -> Option<&RecordVersion> {
        match self.state_at(t) {
            SilenceState::Agreed { version, .. } => self.version(version),
            _ => None,
        }
    }

    /// Staff draft a new version (after a break of silence, or to replace an uncirculated draft).
    pub fn add_version(
        &mut self,
        text: &str,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(u32, Permit), ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-draft-summary", "only alliance staff draft the summary record"),
        )?;
        let number = self.next_number();
        self.apply(Event::Draft(RecordVersion {
            number,
            text: clean_text("text", text, TEXT_MAX)?,
            drafted_by: Actor::of(by),
            drafted_at: at,
            circulation: None,
        }))?;
        Ok((number, Permit::new("record.draft", by, subject::RECORD, self.meeting.0)))
    }

    /// Staff circulate the latest version to the participants, with a deadline for breaking silence.
    pub fn circulate(
        &mut self,
        version: u32,
        deadline: DateTime<Utc>,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-circulate-summary", "only alliance staff circulate the summary record"),
        )?;
        self.apply(Event::Circulate(version, Circulation { by: Actor::of(by), at, deadline }))?;
        Ok(Permit::new("record.circulate", by, subject::RECORD, self.meeting.0))
    }

    /// A participating nation breaks silence on the circulated version, with a comment. Only a
    /// delegation of a nation seated in the meeting that may see the record, only on the version
    /// in circulation, and only before its deadline.
    pub fn break_silence(
        &mut self,
        version: u32,
        comment: &str,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
        network: &Network,
    ) -> Result<Permit, ConsultationError> {
        let Some(nation) = by.nation() else {
            return Err(ConsultationError::NotPermitted(said!(
                "err-silence-broken-participating-nation",
                "silence is broken by a participating nation, not by staff"
            )));
        };
        if !by.can_write() {
            return Err(ConsultationError::NotPermitted(said!(
                "err-analysts-do-break-silence",
                "analysts do not break silence"
            )));
        }
        if meeting.id != self.meeting {
            return Err(invalid(
                "meeting",
                said!("err-record-belongs-another-meeting", "the record belongs to another meeting"),
            ));
        }
        if !participants(meeting, network).includes(nation) || !may_see(Viewer::User(by), &self.marking, network) {
            return Err(ConsultationError::NotPermitted(said!(
                "err-participating-nations-receive-record",
                "only participating nations that receive the record break silence"
            )));
        }
        self.apply(Event::Break(SilenceBreak {
            version,
            nation: nation.clone(),
            comment: clean_text("comment", comment, NOTE_MAX)?,
            at,
            by: Actor::of(by),
        }))?;
        Ok(Permit::new("record.break_silence", by, subject::RECORD, self.meeting.0))
    }

    fn next_number(&self) -> u32 {
        self.versions.last().map_or(1, |v| v.number + 1)
    }

    /// Append one event after the structural checks every event must pass.
    fn apply(&mut self, event: Event) -> Result<(), ConsultationError> {
        let at = event.key().0;
        not_before(at, self.last_event_at())?;
        let state = self.state_at(at);
        match event {
            Event::Draft(v) => {
                if v.number != self.next_number() {
                    return Err(invalid(
                        "version",
                        said!(
                            "err-record-next-version",
                            "the next version is number {number}",
                            number = self.next_number()
                        ),
                    ));
                }
                if !matches!(state, SilenceState::Draft | SilenceState::Broken { .. }) {
                    return Err(ConsultationError::Conflict(said!(
                        "err-record-draft-when",
                        "a new version is drafted before circulation or after silence is broken; the record is {state}",
                        state = both(|l| state.label(l))
                    )));
                }
                self.versions.push(v);
            }
            Event::Circulate(number, c) => {
                if !matches!(state, SilenceState::Draft | SilenceState::Broken { .. }) {
                    return Err(ConsultationError::Conflict(said!(
                        "err-record-circulate-when",
                        "a version is circulated before any other or after silence is broken; the record is {state}",
                        state = both(|l| state.label(l))
                    )));
                }
                if c.deadline <= c.at {
                    return Err(invalid(
                        "deadline",
                        said!("err-must-after-circulation", "must be after the circulation"),
                    ));
                }
                if c.deadline - c.at > MAX_SILENCE {
                    return Err(invalid(
                        "deadline",
                        said!("err-silence-procedure-runs-most", "a silence procedure runs for at most 60 days"),
                    ));
                }
                let latest = self.versions.len();
                let Some(v) = self.versions.last_mut().filter(|v| v.number == number) else {
                    return Err(invalid(
                        "version",
                        said!(
                            "err-record-latest-circulated",
                            "only the latest version (number {number}) can be circulated",
                            number = latest
                        ),
                    ));
                };
                if v.circulation.is_some() {
                    return Err(ConsultationError::Conflict(said!(
                        "err-record-already-circulated",
                        "version {number} has already been circulated",
                        number = number
                    )));
                }
                if c.at < v.drafted_at {
                    return Err(invalid(
                        "at",
                        said!("err-version-circulated-after-drafted", "a version is circulated after it is drafted"),
                    ));
                }
                v.circulation = Some(c);
            }
            Event::Break(b) => {
                let (current, deadline) = match state {
                    SilenceState::Circulating { version, deadline }
                    | SilenceState::Broken { version, deadline, .. } => (version, deadline),
                    SilenceState::Draft => {
                        return Err(ConsultationError::Conflict(said!(
                            "err-version-record-circulation",
                            "no version of the record is in circulation"
                        )));
                    }
                    SilenceState::Agreed { .. } => {
                        return Err(ConsultationError::Conflict(said!(
                            "err-record-already-agreed",
                            "the record is already agreed"
                        )));
                    }
                };
                if b.version != current {
                    return Err(ConsultationError::Conflict(said!(
                        "err-record-break-version",
                        "silence is broken on the version in circulation (number {current}), not on version {number}",
                        current = current,
                        number = b.version
                    )));
                }
                if b.at >= deadline {
                    return Err(ConsultationError::Conflict(said!(
                        "err-deadline-breaking-silence-has",
                        "the deadline for breaking silence has passed"
                    )));
                }
                if self.breaks.iter().any(|x| x.version == b.version && x.nation == b.nation) {
                    return Err(ConsultationError::Conflict(said!(
                        "err-record-broken-twice",
                        "{nation} has already broken silence on version {number}",
                        nation = &b.nation,
                        number = b.version
                    )));
                }
                if b.comment.trim().is_empty() {
                    return Err(invalid("comment", said!("err-must-empty", "must not be empty")));
                }
                self.breaks.push(b);
            }
        }
        Ok(())
    }
}

/// Whether `viewer` may see the record: those who may see the meeting, as the record's marking allows.
pub fn may_see_record(viewer: Viewer<'_>, record: &SummaryRecord, meeting: &Meeting, network: &Network) -> bool {
    record.meeting == meeting.id
        && may_see_meeting(viewer, meeting, network)
        && may_see(viewer, &record.marking, network)
}

/// The versions `viewer` may read: staff read every draft; nations read the circulated versions
/// of a record they may see.
pub fn visible_versions<'r>(
    viewer: Viewer<'_>,
    record: &'r SummaryRecord,
    meeting: &Meeting,
    network: &Network,
) -> Vec<&'r RecordVersion> {
    if !may_see_record(viewer, record, meeting, network) {
        return Vec::new();
    }
    let staff = matches!(viewer, Viewer::User(p) if p.is_staff());
    record.versions().iter().filter(|v| staff || v.circulation.is_some()).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::access::Audience;
    use crate::consultation::testing::*;

    fn held() -> Meeting {
        held_meeting(1, allies_plus(&["UKR", "GEO"]), "2024-02-20T10:00:00Z")
    }

    #[test]
    fn silence_by_the_deadline_is_agreement() {
        let (m, s) = (held(), staff());
        let mut r = record_for(&m, "2024-02-21T09:00:00Z");
        assert_eq!(r.state_at(t("2024-02-21T09:00:00Z")), SilenceState::Draft);
        r.circulate(1, t("2024-02-23T12:00:00Z"), &s, t("2024-02-21T10:00:00Z")).unwrap();
        assert_eq!(r.state_at(t("2024-02-21T09:59:59Z")), SilenceState::Draft);
        assert_eq!(
            r.state_at(t("2024-02-23T11:59:59Z")),
            SilenceState::Circulating { version: 1, deadline: t("2024-02-23T12:00:00Z") }
        );
        assert_eq!(
            r.state_at(t("2024-02-23T12:00:00Z")),
            SilenceState::Agreed { version: 1, at: t("2024-02-23T12:00:00Z") }
        );
        assert_eq!(r.agreed_version(t("2024-03-01T00:00:00Z")).unwrap().number, 1);
        let e = r.break_silence(1, "late", &delegate("UKR"), t("2024-02-23T12:00:00Z"), &m, net()).unwrap_err();
        assert_eq!(e.to_string(), "the record is already agreed");
        assert!(r.add_version("v2", &s, t("2024-02-24T00:00:00Z")).is_err(), "an agreed record is final");
    }

    #[test]
    fn a_break_needs_a_new_version_circulated() {
        let (m, s) = (held(), staff());
        let mut r = record_for(&m, "2024-02-21T09:00:00Z");
        r.circulate(1, t("2024-02-23T12:00:00Z"), &s, t("2024-02-21T10:00:00Z")).unwrap();
        r.break_silence(
            1,
            "Paragraph 3 misstates our position",
            &delegate("GEO"),
            t("2024-02-22T08:00:00Z"),
            &m,
            net(),
        )
        .unwrap();
        r.break_silence(1, "We support Georgia's amendment", &delegate("USA"), t("2024-02-22T09:00:00Z"), &m, net())
            .unwrap();
        let broken = SilenceState::Broken {
            version: 1,
            deadline: t("2024-02-23T12:00:00Z"),
            by: vec![code("GEO"), code("USA")],
        };
        assert_eq!(r.state_at(t("2024-02-25T00:00:00Z")), broken, "the deadline passing does not heal a break");
        assert_eq!(
            r.break_silence(1, "again", &delegate("GEO"), t("2024-02-22T10:00:00Z"), &m, net())
                .unwrap_err()
                .to_string(),
            "GEO has already broken silence on version 1"
        );
        assert!(r.circulate(1, t("2024-02-26T00:00:00Z"), &s, t("2024-02-22T10:00:00Z")).is_err(), "same version");
        let (v2, _) = r.add_version("Amended text", &s, t("2024-02-22T11:00:00Z")).unwrap();
        assert_eq!(v2, 2);
        let e = r.break_silence(2, "x", &delegate("UKR"), t("2024-02-22T12:00:00Z"), &m, net()).unwrap_err();
        assert_eq!(e.code(), "conflict", "version 2 is not in circulation yet: {e}");
        r.circulate(2, t("2024-02-26T12:00:00Z"), &s, t("2024-02-22T12:00:00Z")).unwrap();
        let e = r.break_silence(1, "x", &delegate("UKR"), t("2024-02-22T13:00:00Z"), &m, net()).unwrap_err();
        assert_eq!(e.to_string(), "silence is broken on the version in circulation (number 2), not on version 1");
        assert_eq!(
            r.state_at(t("2024-02-26T12:00:00Z")),
            SilenceState::Agreed { version: 2, at: t("2024-02-26T12:00:00Z") }
        );
        // History is kept: the instant before version 2 was circulated still reads as broken.
        assert_eq!(r.state_at(t("2024-02-22T11:30:00Z")), broken);
        assert_eq!((r.versions().len(), r.breaks().len()), (2, 2));
        let rebuilt =
            SummaryRecord::from_parts(r.meeting, r.marking.clone(), r.versions().to_vec(), r.breaks().to_vec());
        assert_eq!(rebuilt.unwrap(), r);
    }

    #[test]
    fn only_participants_who_receive_the_record_break_silence() {
        let (m, s) = (held(), staff());
        let mut r = record_for(&m, "2024-02-21T09:00:00Z");
        r.circulate(1, t("2024-02-23T12:00:00Z"), &s, t("2024-02-21T10:00:00Z")).unwrap();
        let at = t("2024-02-22T00:00:00Z");
        assert_eq!(r.break_silence(1, "x", &delegate("MDA"), at, &m, net()).unwrap_err().code(), "not_permitted");
        assert_eq!(r.break_silence(1, "x", &s, at, &m, net()).unwrap_err().code(), "not_permitted");
        assert_eq!(r.break_silence(1, "x", &analyst_of("UKR"), at, &m, net()).unwrap_err().code(), "not_permitted");
        assert_eq!(r.break_silence(1, " ", &delegate("UKR"), at, &m, net()).unwrap_err().code(), "invalid");
        // A record released to allies only is not circulated to the partners in the room.
        let mut allies_only =
            SummaryRecord::draft(&m, &release(Audience::AlliesOnly), "text", &s, t("2024-02-21T09:00:00Z")).unwrap().0;
        allies_only.circulate(1, t("2024-02-23T12:00:00Z"), &s, t("2024-02-21T10:00:00Z")).unwrap();
        assert!(allies_only.break_silence(1, "x", &delegate("UKR"), at, &m, net()).is_err());
        assert!(allies_only.break_silence(1, "x", &delegate("FRA"), at, &m, net()).is_ok());
        assert!(!may_see_record(Viewer::User(&delegate("UKR")), &allies_only, &m, net()));
        assert!(may_see_record(Viewer::User(&delegate("UKR")), &r, &m, net()));
        assert!(!may_see_record(Viewer::User(&delegate("MDA")), &r, &m, net()), "not in the room");
    }

    #[test]
    fn drafts_are_for_staff_and_deadlines_are_checked() {
        let (m, s) = (held(), staff());
        let mut r = record_for(&m, "2024-02-21T09:00:00Z");
        let ukr = delegate("UKR");
        assert!(visible_versions(Viewer::User(&ukr), &r, &m, net()).is_empty());
        assert_eq!(visible_versions(Viewer::User(&s), &r, &m, net()).len(), 1);
        let at = t("2024-02-21T10:00:00Z");
        assert_eq!(r.circulate(1, at, &s, at).unwrap_err().to_string(), "deadline: must be after the circulation");
        assert!(r.circulate(1, at + Duration::days(61), &s, at).is_err());
        assert!(r.circulate(2, at + Duration::days(1), &s, at).is_err());
        assert!(r.circulate(1, at + Duration::days(1), &ukr, at).is_err());
        assert!(r.circulate(1, at + Duration::days(1), &s, t("2024-02-21T08:00:00Z")).is_err(), "before the draft");
        r.circulate(1, at + Duration::days(1), &s, at).unwrap();
        assert_eq!(visible_versions(Viewer::User(&ukr), &r, &m, net()).len(), 1);
        let planned = meeting(2, allies_plus(&[]), "2024-02-20T10:00:00Z");
        assert!(SummaryRecord::draft(&planned, &release(Audience::StaffOnly), "x", &s, at).is_err());
    }

    #[test]
    fn stored_parts_that_break_the_rules_are_refused() {
        let (m, s) = (held(), staff());
        let mut r = record_for(&m, "2024-02-21T09:00:00Z");
        r.circulate(1, t("2024-02-23T12:00:00Z"), &s, t("2024-02-21T10:00:00Z")).unwrap();
        let mut late = SilenceBreak {
            version: 1,
            nation: code("UKR"),
            comment: "x".into(),
            at: t("2024-02-23T12:00:00Z"),
            by: Actor::of(&delegate("UKR")),
        };
        assert!(SummaryRecord::from_parts(m.id, r.marking.clone(), r.versions().to_vec(), vec![late.clone()]).is_err());
        late.at = t("2024-02-23T11:00:00Z");
        assert!(SummaryRecord::from_parts(m.id, r.marking.clone(), r.versions().to_vec(), vec![late]).is_ok());
        let mut v = r.versions().to_vec();
        v[0].number = 2;
        assert!(SummaryRecord::from_parts(m.id, r.marking.clone(), v, vec![]).is_err());
    }

    #[derive(Debug, Clone)]
    enum Op {
        Draft,
        Circulate(i64),
        Break(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![Just(Op::Draft), (1i64..100).prop_map(Op::Circulate), (0usize..8).prop_map(Op::Break)]
    }

    proptest! {
        /// Applying random steps: the outcome at an instant never changes once later events are
        /// added; an agreed record stays agreed; an agreed version has no break; stored parts rebuild it.
        #[test]
        fn the_outcome_is_monotonic_and_history_is_stable(ops in proptest::collection::vec((op(), 0i64..40), 1..40)) {
            let (m, s) = (held(), staff());
            let nations = ["UKR", "GEO", "USA", "FRA", "TUR", "POL", "MDA", "ISL"];
            let mut at = t("2024-02-21T00:00:00Z");
            let mut r = record_for(&m, "2024-02-21T00:00:00Z");
            let mut seen: Vec<(DateTime<Utc>, SilenceState)> = vec![(at, r.state_at(at))];
            for (op, gap) in ops {
                at += Duration::hours(gap);
                let _ = match op {
                    Op::Draft => r.add_version("text", &s, at).map(|_| ()),
                    Op::Circulate(h) => {
                        r.circulate(r.versions().len() as u32, at + Duration::hours(h), &s, at).map(|_| ())
                    }
                    Op::Break(i) => {
                        let v = match r.state_at(at) {
                            SilenceState::Circulating { version, .. } | SilenceState::Broken { version, .. } => version,
                            _ => 1,
                        };
                        r.break_silence(v, "objection", &delegate(nations[i]), at, &m, net()).map(|_| ())
                    }
                };
                // Events at the same instant all count at that instant: keep the latest reading.
                seen.retain(|(w, _)| *w != at);
                seen.push((at, r.state_at(at)));
            }
            for (when, state) in &seen {
                prop_assert_eq!(&r.state_at(*when), state, "history changed at {}", when);
            }
            let mut agreed: Option<SilenceState> = None;
            for h in 0..=(at - t("2024-02-21T00:00:00Z")).num_hours() + 200 {
                let state = r.state_at(t("2024-02-21T00:00:00Z") + Duration::hours(h));
                if let Some(a) = &agreed {
                    prop_assert_eq!(&state, a);
                }
                if let SilenceState::Agreed { version, .. } = state {
                    prop_assert!(r.breaks().iter().all(|b| b.version != version));
                    agreed = Some(state);
                }
            }
            prop_assert!(r.breaks().iter().all(|b| b.nation.as_str() != "MDA"), "Moldova is not in the room");
            let rebuilt = SummaryRecord::from_parts(r.meeting, r.marking.clone(), r.versions().to_vec(), r.breaks().to_vec());
            prop_assert_eq!(rebuilt, Ok(r));
        }
    }
}
