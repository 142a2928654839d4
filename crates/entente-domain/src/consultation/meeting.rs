//! Meetings: a level, a format resolved as of the meeting's date, a time in UTC with the time zone
//! to show it in, a place or an online venue, and a status that moves only along the workflow.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    Actor, ConsultationError, Lang, MeetingId, NOTE_MAX, RequestId, StatusChange, TITLE_MAX, both, clean_text,
    illegal_transition, invalid, not_before, optional_text, require_staff_writer, subject,
};
use super::record::{SilenceState, SummaryRecord};
use crate::access::{Permit, Principal, Viewer};
use crate::registry::{FormatSpec, Network, Resolution};
use crate::said;

/// The level at which the nations are represented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingLevel {
    /// Permanent representatives (the weekly Council).
    Ambassadors,
    Ministers,
    /// Committees and working groups.
    Experts,
    /// Summits.
    HeadsOfStateAndGovernment,
}

impl MeetingLevel {
    pub const ALL: [MeetingLevel; 4] = [
        MeetingLevel::Ambassadors,
        MeetingLevel::Ministers,
        MeetingLevel::Experts,
        MeetingLevel::HeadsOfStateAndGovernment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingLevel::Ambassadors => "ambassadors",
            MeetingLevel::Ministers => "ministers",
            MeetingLevel::Experts => "experts",
            MeetingLevel::HeadsOfStateAndGovernment => "heads_of_state_and_government",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingLevel> {
        MeetingLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MeetingLevel::Ambassadors => lang.pick("Ambassadors", "Ambassadeurs"),
            MeetingLevel::Ministers => lang.pick("Ministers", "Ministres"),
            MeetingLevel::Experts => lang.pick("Experts", "Experts"),
            MeetingLevel::HeadsOfStateAndGovernment => {
                lang.pick("Heads of State and Government", "Chefs d'État et de gouvernement")
            }
        }
    }
}

/// Where a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Planned,
    /// The participants have been convened (invitations sent).
    Convened,
    Held,
    /// The summary record is circulating under silence procedure.
    RecordUnderSilence,
    Closed,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 6] = [
        MeetingStatus::Planned,
        MeetingStatus::Convened,
        MeetingStatus::Held,
        MeetingStatus::RecordUnderSilence,
        MeetingStatus::Closed,
        MeetingStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Convened => "convened",
            MeetingStatus::Held => "held",
            MeetingStatus::RecordUnderSilence => "record_under_silence",
            MeetingStatus::Closed => "closed",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingStatus> {
        MeetingStatus::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MeetingStatus::Planned => lang.pick("Planned", "Prévue"),
            MeetingStatus::Convened => lang.pick("Convened", "Convoquée"),
            MeetingStatus::Held => lang.pick("Held", "Tenue"),
            MeetingStatus::RecordUnderSilence => {
                lang.pick("Summary record under silence procedure", "Compte rendu en procédure d'approbation tacite")
            }
            MeetingStatus::Closed => lang.pick("Closed", "Close"),
            MeetingStatus::Cancelled => lang.pick("Cancelled", "Annulée"),
        }
    }

    /// The statuses this one may move to.
    pub fn successors(self) -> &'static [MeetingStatus] {
        match self {
            MeetingStatus::Planned => &[MeetingStatus::Convened, MeetingStatus::Cancelled],
            MeetingStatus::Convened => &[MeetingStatus::Held, MeetingStatus::Cancelled],
            MeetingStatus::Held => &[MeetingStatus::RecordUnderSilence],
            MeetingStatus::RecordUnderSilence => &[MeetingStatus::Closed],
            MeetingStatus::Closed | MeetingStatus::Cancelled => &[],
        }
    }

    /// Whether the meeting is still to take place (its time and place may change, items may be proposed).
    pub fn is_upcoming(self) -> bool {
        matches!(self, MeetingStatus::Planned | MeetingStatus::Convened)
    }

    /// The audited action of moving a meeting to this status.
    pub fn audit_action(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "meeting.plan",
            MeetingStatus::Convened => "meeting.convened",
            MeetingStatus::Held => "meeting.held",
            MeetingStatus::RecordUnderSilence => "meeting.record_under_silence",
            MeetingStatus::Closed => "meeting.closed",
            MeetingStatus::Cancelled => "meeting.cancelled",
        }
    }
}

/// Whether a meeting may go from `from` to `to`; the error names both.
pub fn check_meeting_transition(from: MeetingStatus, to: MeetingStatus) -> Result<(), ConsultationError> {
    if from.successors().contains(&to) {
        Ok(())
    } else {
        Err(illegal_transition(said!("err-what-meeting", "a meeting"), both(|l| from.label(l)), both(|l| to.label(l))))
    }
}

/// The IANA areas a time-zone name may start with.
const TZ_AREAS: [&str; 11] = [
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
    "Etc",
];

/// The IANA time zone a meeting is held in (`Europe/Brussels`, `America/New_York`, `UTC`): times
/// are entered and shown in it. A name typed in (`FromStr`) must have the tz database's shape (a
/// known area, then one or two components) and be in the tz database (`chrono-tz`); legacy names
/// without an area (`EST`, `Japan`) are refused. A name read back from storage (`TryFrom<String>`)
/// is checked for shape only, so a zone later removed from the database still loads (and reads
/// as UTC).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn utc() -> TimeZoneName {
        TimeZoneName("UTC".to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The zone's rules (UTC for a name the tz database no longer has).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.0.parse().unwrap_or(chrono_tz::UTC)
    }

    /// An instant as read on the zone's clocks.
    pub fn local(&self, t: DateTime<Utc>) -> DateTime<chrono_tz::Tz> {
        t.with_timezone(&self.tz())
    }

    /// An instant as the zone's clocks show it, with the zone's abbreviation:
    /// "2026-12-10 10:00 CET".
    pub fn show(&self, t: DateTime<Utc>) -> String {
        self.local(t).format("%Y-%m-%d %H:%M %Z").to_string()
    }

    /// A time read on the zone's clocks as an instant. A time the clocks skip (spring forward) is
    /// refused, naming `field`; a time they show twice (fall back) is the first of the two.
    pub fn to_utc(
        &self,
        field: &'static str,
        local: chrono::NaiveDateTime,
    ) -> Result<DateTime<Utc>, ConsultationError> {
        use chrono::offset::LocalResult;
        match local.and_local_timezone(self.tz()) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
            LocalResult::None => Err(invalid(
                field,
                said!(
                    "err-time-skipped",
                    "{time} does not exist in {zone}: the clocks go forward then",
                    time = local.format("%Y-%m-%d %H:%M").to_string(),
                    zone = self.0.to_string()
                ),
            )),
        }
    }

    /// Every zone a name may be typed as (the tz database's names of the `Area/Location` shape,
    /// and `UTC`), in the database's order.
    pub fn all() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).filter(|n| Self::shaped(n))
    }

    /// Whether the name has the tz database's shape.
    fn shaped(t: &str) -> bool {
        if t == "UTC" {
            return true;
        }
        let parts: Vec<&str> = t.split('/').collect();
        let (area, rest) = match parts.split_first() {
            Some((a, r)) if (1..=2).contains(&r.len()) && TZ_AREAS.contains(a) => (*a, r),
            _ => return false,
        };
        let component_ok = |c: &str| {
            let b = c.as_bytes();
            (1..=14).contains(&b.len())
                && b.iter().all(|x| x.is_ascii_alphanumeric() || b"_-+".contains(x))
                && (area == "Etc" || b[0].is_ascii_uppercase())
        };
        rest.iter().all(|c| component_ok(c))
    }
}

fn not_a_zone(s: &str) -> ConsultationError {
    invalid(
        "time_zone",
        said!("err-time-zone", "'{zone}' is not an IANA time-zone name such as Europe/Brussels", zone = s),
    )
}

impl FromStr for TimeZoneName {
    type Err = ConsultationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if Self::shaped(t) && t.parse::<chrono_tz::Tz>().is_ok() {
            return Ok(TimeZoneName(t.to_string()));
        }
        Err(not_a_zone(s))
    }
}

/// A stored name: its shape is checked, not its presence in this build's tz database.
impl TryFrom<String> for TimeZoneName {
    type Error = ConsultationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        let t = s.trim();
        if Self::shaped(t) { Ok(TimeZoneName(t.to_string())) } else { Err(not_a_zone(&s)) }
    }
}

impl From<TimeZoneName> for String {
    fn from(t: TimeZoneName) -> String {
        t.0
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a meeting takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Venue {
    /// A room and a city, e.g. "NATO Headquarters, Brussels".
    Place { name: String },
    /// Online, with the platform named (may be empty).
    Online { platform: String },
}

impl Venue {
    fn cleaned(&self) -> Result<Venue, ConsultationError> {
        Ok(match self {
            Venue::Place { name } => Venue::Place { name: clean_text("venue", name, TITLE_MAX)? },
            Venue::Online { platform } => Venue::Online { platform: optional_text("venue", platform, TITLE_MAX)? },
        })
    }

    /// The venue as a line of text.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Venue::Place { name } => name.clone(),
            Venue::Online { platform } if platform.is_empty() => lang.pick("Online", "En ligne").to_string(),
            Venue::Online { platform } => format!("{} ({platform})", lang.pick("Online", "En ligne")),
        }
    }
}

/// What staff fill in to plan a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDraft {
    pub title: String,
    pub level: MeetingLevel,
    pub format: FormatSpec,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub time_zone: TimeZoneName,
    pub venue: Venue,
    /// The consultation request this meeting answers, if any.
    pub request: Option<RequestId>,
}

/// The title offered when staff convene a meeting for a request, in `lang`: "Consultations
/// requested by Malta" / "Consultations demandées par Malte".
pub fn request_meeting_title(requester: &crate::registry::Nation, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Consultations requested by {}", requester.name_in("en")),
        Lang::Fr => format!("Consultations demandées par {}", requester.name_in("fr")),
    }
}

/// A meeting. Its participants are never stored: they are its format resolved as of its date
/// ([`participants`]). Every change is dated and attributed; `sequence` counts the changes that
/// alter the calendar entry (time, venue, title, status), as iCalendar's SEQUENCE does.
/// Not deserialisable: a stored meeting comes back through [`Meeting::from_parts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub title: String,
    pub level: MeetingLevel,
    pub format: FormatSpec,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub time_zone: TimeZoneName,
    pub venue: Venue,
    pub request: Option<RequestId>,
    pub sequence: u32,
    pub updated_at: DateTime<Utc>,
    history: Vec<StatusChange<MeetingStatus>>,
    /// The stored row's version (0 before it is stored): a save names the version it read, and a
    /// stale save is refused rather than overwriting someone else's change.
    #[serde(skip)]
    pub version: i64,
    /// The agenda's version: every accept, reject, withdraw or reorder bumps it, so two staff
    /// numbering the agenda at once cannot both win.
    #[serde(skip)]
    pub agenda_version: i64,
}

fn check_times(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<(), ConsultationError> {
    if end <= start {
        return Err(invalid("end", said!("err-must-after-start", "must be after the start")));
    }
    if end - start > chrono::Duration::days(14) {
        return Err(invalid("end", said!("err-meeting-lasts-most-14", "a meeting lasts at most 14 days")));
    }
    Ok(())
}

impl Meeting {
    /// The title as `lang` reads it: a title generated for a request ("Consultations requested by
    /// Malta", whatever follows it kept) follows the reader's language; any other is shown as typed.
    pub fn title_in(&self, lang: Lang, network: &Network) -> String {
        if self.request.is_none() {
            return self.title.clone();
        }
        for written in [Lang::En, Lang::Fr] {
            let prefix = match written {
                Lang::En => "Consultations requested by ",
                Lang::Fr => "Consultations demandées par ",
            };
            let Some(rest) = self.title.strip_prefix(prefix) else { continue };
            let code = written.code();
            let found = network.nations().find(|n| {
                rest.strip_prefix(n.name_in(code)).is_some_and(|tail| tail.is_empty() || tail.starts_with(" ("))
            });
            if let Some(n) = found {
                let tail = &rest[n.name_in(code).len()..];
                return format!("{}{tail}", request_meeting_title(n, lang));
            }
        }
        self.title.clone()
    }

    /// Staff plan a meeting; it starts `Planned`.
    pub fn plan(
        id: MeetingId,
        draft: MeetingDraft,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(Meeting, Permit), ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-plan-meetings", "only alliance staff plan meetings"))?;
        let title = clean_text("title", &draft.title, TITLE_MAX)?;
        draft.format.validate()?;
        check_times(draft.start, draft.end)?;
        let venue = draft.venue.cleaned()?;
        let meeting = Meeting {
            id,
            title,
            level: draft.level,
            format: draft.format,
            start: draft.start,
            end: draft.end,
            time_zone: draft.time_zone,
            venue,
            request: draft.request,
            sequence: 0,
            updated_at: at,
            history: vec![StatusChange { status: MeetingStatus::Planned, at, by: Actor::of(by), note: String::new() }],
            version: 0,
            agenda_version: 0,
        };
        Ok((meeting, Permit::new("meeting.plan", by, subject::MEETING, 0)))
    }

    /// Rebuild a meeting from its stored parts; the history must start `Planned` and follow the workflow.
    pub fn from_parts(
        id: MeetingId,
        draft: MeetingDraft,
        sequence: u32,
        updated_at: DateTime<Utc>,
        history: Vec<StatusChange<MeetingStatus>>,
    ) -> Result<Meeting, ConsultationError> {
        match history.first() {
            Some(first) if first.status == MeetingStatus::Planned => {}
            _ => {
                return Err(invalid(
                    "history",
                    said!("err-meeting-s-history-starts", "a meeting's history starts with 'planned'"),
                ));
            }
        }
        for w in history.windows(2) {
            check_meeting_transition(w[0].status, w[1].status)?;
            not_before(w[1].at, Some(w[0].at))?;
        }
        Ok(Meeting {
            id,
            title: draft.title,
            level: draft.level,
            format: draft.format,
            start: draft.start,
            end: draft.end,
            time_zone: draft.time_zone,
            venue: draft.venue,
            request: draft.request,
            sequence,
            updated_at,
            history,
            version: 0,
            agenda_version: 0,
        })
    }

    pub fn status(&self) -> MeetingStatus {
        self.history.last().map_or(MeetingStatus::Planned, |c| c.status)
    }

    pub fn history(&self) -> &[StatusChange<MeetingStatus>] {
        &self.history
    }

    /// The day the format is resolved on: the UTC date of the start.
    pub fn date(&self) -> NaiveDate {
        self.start.date_naive()
    }

    fn last_change(&self) -> Option<DateTime<Utc>> {
        self.history.last().map(|c| c.at).max(Some(self.updated_at))
    }

    fn touch(&mut self, at: DateTime<Utc>) {
        self.sequence += 1;
        self.updated_at = at;
    }

    /// Move the meeting along its workflow. Guards beyond the transition table: a meeting is held
    /// only once it has started; its record goes under silence only once a version has been
    /// circulated; it closes only once the record is agreed. Cancelling needs a reason.
    pub fn advance(
        &mut self,
        to: MeetingStatus,
        by: &Principal,
        at: DateTime<Utc>,
        note: &str,
        record: Option<&SummaryRecord>,
    ) -> Result<Permit, ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-change-meeting", "only alliance staff change a meeting's status"),
        )?;
        check_meeting_transition(self.status(), to)?;
        not_before(at, self.last_change())?;
        let note = optional_text("note", note, NOTE_MAX)?;
        let record_state = || match record {
            Some(r) if r.meeting == self.id => Ok(r.state_at(at)),
            Some(_) => Err(invalid(
                "record",
                said!("err-record-belongs-another-meeting", "the record belongs to another meeting"),
            )),
            None => Err(ConsultationError::Conflict(said!(
                "err-meeting-has-summary-record",
                "this meeting has no summary record yet"
            ))),
        };
        match to {
            MeetingStatus::Held if at < self.start => {
                return Err(ConsultationError::Conflict(said!(
                    "err-meeting-held-once-has",
                    "a meeting is held only once it has started"
                )));
            }
            MeetingStatus::RecordUnderSilence if matches!(record_state()?, SilenceState::Draft) => {
                return Err(ConsultationError::Conflict(said!(
                    "err-summary-record-goes-under",
                    "the summary record goes under silence once a version has been circulated"
                )));
            }
            MeetingStatus::Closed if !matches!(record_state()?, SilenceState::Agreed { .. }) => {
                return Err(ConsultationError::Conflict(said!(
                    "err-meeting-closes-once-summary",
                    "a meeting closes once its summary record is agreed under silence procedure"
                )));
            }
            MeetingStatus::Cancelled if note.is_empty() => {
                return Err(invalid("note", said!("err-give-reason-cancelling", "give the reason for cancelling")));
            }
            _ => {}
        }
        self.history.push(StatusChange { status: to, at, by: Actor::of(by), note });
        self.touch(at);
        Ok(Permit::new(to.audit_action(), by, subject::MEETING, self.id.0))
    }

    /// Move the meeting to another time (only while it is upcoming). The participants follow the
    /// new date, since they are resolved from the format.
    pub fn reschedule(
        &mut self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        time_zone: TimeZoneName,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, ConsultationError> {
        self.check_editable(by, at)?;
        check_times(start, end)?;
        self.start = start;
        self.end = end;
        self.time_zone = time_zone;
        self.touch(at);
        Ok(Permit::new("meeting.reschedule", by, subject::MEETING, self.id.0))
    }

    /// Change the title or the venue (only while the meeting is upcoming).
    pub fn amend(
        &mut self,
        title: &str,
        venue: Venue,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<Permit, ConsultationError> {
        self.check_editable(by, at)?;
        self.title = clean_text("title", title, TITLE_MAX)?;
        self.venue = venue.cleaned()?;
        self.touch(at);
        Ok(Permit::new("meeting.amend", by, subject::MEETING, self.id.0))
    }

    fn check_editable(&self, by: &Principal, at: DateTime<Utc>) -> Result<(), ConsultationError> {
        require_staff_writer(by, said!("err-alliance-staff-change-meeting-2", "only alliance staff change a meeting"))?;
        not_before(at, self.last_change())?;
        if !self.status().is_upcoming() {
            return Err(ConsultationError::Conflict(said!(
                "err-meeting-final",
                "a meeting that is '{status}' can no longer be changed",
                status = both(|l| self.status().label(l))
            )));
        }
        Ok(())
    }
}

/// Who sits in the meeting: its format resolved as of its date.
pub fn participants(meeting: &Meeting, network: &Network) -> Resolution {
    meeting.format.resolve(network, meeting.date())
}

/// Whether `principal` may attend: alliance staff always; a nation's delegation only if the
/// format seats the nation on the meeting's date.
pub fn may_attend(principal: &Principal, meeting: &Meeting, network: &Network) -> bool {
    match principal.nation() {
        None => true,
        Some(n) => participants(meeting, network).includes(n),
    }
}

/// Whether `viewer` may see the meeting at all (its title, time, venue): exactly those who may
/// attend. Everything inside a meeting is seen only by those who may see the meeting, and then
/// only as its own marking allows.
pub fn may_see_meeting(viewer: Viewer<'_>, meeting: &Meeting, network: &Network) -> bool {
    match viewer {
        Viewer::Anonymous => false,
        Viewer::User(p) => may_attend(p, meeting, network),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::consultation::testing::*;

    #[test]
    fn the_workflow_allows_only_its_own_steps() {
        use MeetingStatus::*;
        let allowed = [
            (Planned, Convened),
            (Planned, Cancelled),
            (Convened, Held),
            (Convened, Cancelled),
            (Held, RecordUnderSilence),
            (RecordUnderSilence, Closed),
        ];
        for from in MeetingStatus::ALL {
            for to in MeetingStatus::ALL {
                assert_eq!(
                    check_meeting_transition(from, to).is_ok(),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
        assert_eq!(
            check_meeting_transition(Held, Planned).unwrap_err().to_string(),
            "a meeting cannot go from 'Held' to 'Planned'"
        );
    }

    #[test]
    fn a_title_generated_for_a_request_follows_the_reader() {
        let spec = FormatSpec { include_allies: true, frameworks: vec![], partners: vec!["MLT".parse().unwrap()] };
        let mut m = meeting(1, spec, "2030-01-10T10:00:00Z");
        m.title = "Consultations requested by Malta (demo)".into();
        assert_eq!(m.title_in(Lang::En, net()), "Consultations requested by Malta (demo)");
        m.request = Some(RequestId(4));
        assert_eq!(m.title_in(Lang::Fr, net()), "Consultations demandées par Malte (demo)");
        m.title = "Consultations demandées par Malte".into();
        assert_eq!(m.title_in(Lang::En, net()), "Consultations requested by Malta");
        // A title the staff wrote themselves, or a name that only starts like a nation's, stays.
        for own in ["Consultations requested by Maltaa", "Ports and harbours", "Consultations requested by"] {
            m.title = own.into();
            assert_eq!(m.title_in(Lang::Fr, net()), own);
        }
    }

    #[test]
    fn markings_read_in_french() {
        use crate::access::{Audience, Marking};
        let m = Marking {
            classification: "NATO RESTRICTED".into(),
            audience: Audience::Frameworks(vec!["PFP".parse().unwrap()]),
            originator: None,
            released_on: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        };
        assert_eq!(m.label_in(Lang::En), "NATO RESTRICTED – Releasable to PFP");
        assert_eq!(m.label_in(Lang::Fr), "NATO DIFFUSION RESTREINTE – Communicable à PFP");
        let custom = Marking { classification: "SENSITIVE".into(), audience: Audience::StaffOnly, ..m };
        assert_eq!(custom.label_in(Lang::Fr), "SENSITIVE – Personnel seulement");
    }

    #[test]
    fn time_zone_names_are_checked_by_shape() {
        for ok in ["Europe/Brussels", "America/Argentina/Buenos_Aires", "Etc/GMT-3", "UTC", "America/Port-au-Prince"] {
            assert_eq!(ok.parse::<TimeZoneName>().unwrap().as_str(), ok);
        }
        for bad in
            ["", "Brussels", "EST", "Mars/Olympus", "Europe/", "Europe/brussels", "Europe/A/B/C", "Europe/Bru ssels"]
        {
            assert!(bad.parse::<TimeZoneName>().is_err(), "{bad:?}");
        }
        let e = "Japan".parse::<TimeZoneName>().unwrap_err();
        assert_eq!(e.to_string(), "time_zone: 'Japan' is not an IANA time-zone name such as Europe/Brussels");
        assert!(TimeZoneName::try_from("Europe/Brussels ".to_string()).is_ok());
        assert!(TimeZoneName::try_from("europe/brussels".to_string()).is_err());
        // Typed in, a name must be in the tz database; read back from storage, its shape is enough.
        assert!("Europe/Atlantis".parse::<TimeZoneName>().is_err());
        let gone = TimeZoneName::try_from("Europe/Atlantis".to_string()).unwrap();
        assert_eq!(gone.tz(), chrono_tz::UTC);
    }

    #[test]
    fn times_are_read_on_the_zone_clocks() {
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let brussels: TimeZoneName = "Europe/Brussels".parse().unwrap();
        // Winter (UTC+1) and summer (UTC+2).
        assert_eq!(brussels.to_utc("start", at("2026-12-10 10:00")).unwrap().to_rfc3339(), "2026-12-10T09:00:00+00:00");
        assert_eq!(brussels.to_utc("start", at("2026-07-10 10:00")).unwrap().to_rfc3339(), "2026-07-10T08:00:00+00:00");
        // 2026-03-29 02:30 does not exist in Brussels; 2026-10-25 02:30 happens twice (the first counts).
        let e = brussels.to_utc("start", at("2026-03-29 02:30")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "start: 2026-03-29 02:30 does not exist in Europe/Brussels: the clocks go forward then"
        );
        assert_eq!(brussels.to_utc("start", at("2026-10-25 02:30")).unwrap().to_rfc3339(), "2026-10-25T00:30:00+00:00");
        let t = brussels.to_utc("start", at("2026-12-10 10:00")).unwrap();
        assert_eq!(brussels.local(t).format("%H:%M %Z").to_string(), "10:00 CET");
        assert_eq!(TimeZoneName::utc().local(t).format("%H:%M").to_string(), "09:00");
    }

    #[test]
    fn planning_validates_the_draft() {
        let staff = staff();
        let mut d = draft("Council with Ukraine", allies_plus(&["UKR"]), "2024-02-20T10:00:00Z");
        assert!(Meeting::plan(MeetingId(1), d.clone(), &delegate("UKR"), t("2024-02-01T00:00:00Z")).is_err());
        assert!(Meeting::plan(MeetingId(1), d.clone(), &analyst(), t("2024-02-01T00:00:00Z")).is_err());
        d.end = d.start;
        assert_eq!(
            Meeting::plan(MeetingId(1), d.clone(), &staff, t("2024-02-01T00:00:00Z")).unwrap_err().to_string(),
            "end: must be after the start"
        );
        d.end = d.start + chrono::Duration::hours(2);
        d.title = "   ".into();
        assert!(Meeting::plan(MeetingId(1), d.clone(), &staff, t("2024-02-01T00:00:00Z")).is_err());
        d.title = "Council".into();
        d.format = FormatSpec { include_allies: false, frameworks: vec![], partners: vec![] };
        assert_eq!(
            Meeting::plan(MeetingId(1), d, &staff, t("2024-02-01T00:00:00Z")).unwrap_err().code(),
            "invalid_format"
        );
    }

    #[test]
    fn participants_follow_the_record_as_of_the_meeting_date() {
        // Finland sits as a partner before 2023-04-04 and as an ally from that day.
        let before = meeting(1, allies_plus(&[]), "2023-04-03T10:00:00Z");
        let after = meeting(2, allies_plus(&[]), "2023-04-04T10:00:00Z");
        let net = net();
        assert!(!participants(&before, net).includes(&code("FIN")));
        assert!(participants(&after, net).includes(&code("FIN")));
        assert_eq!(participants(&after, net).allies(), 31);
        // Russia, suspended from 2014-04-01, is named but not seated.
        let nrc = meeting(3, allies_plus(&["RUS"]), "2014-04-02T10:00:00Z");
        let res = participants(&nrc, net);
        assert!(!res.includes(&code("RUS")));
        assert_eq!(res.excluded.len(), 1);
        assert!(may_attend(&staff(), &nrc, net));
        assert!(!may_attend(&delegate("RUS"), &nrc, net));
        assert!(may_attend(&delegate("USA"), &nrc, net));
        assert!(!may_see_meeting(Viewer::Anonymous, &nrc, net));
        let earlier = meeting(4, allies_plus(&["RUS"]), "2014-03-31T10:00:00Z");
        assert!(may_attend(&delegate("RUS"), &earlier, net));
    }

    #[test]
    fn a_meeting_moves_along_its_workflow_with_guards() {
        let s = staff();
        let mut m = meeting(1, allies_plus(&["UKR"]), "2024-02-20T10:00:00Z");
        assert_eq!(m.status(), MeetingStatus::Planned);
        m.advance(MeetingStatus::Convened, &s, t("2024-02-10T00:00:00Z"), "", None).unwrap();
        assert_eq!(m.sequence, 1);
        let e = m.advance(MeetingStatus::Held, &s, t("2024-02-20T09:59:59Z"), "", None).unwrap_err();
        assert_eq!(e.to_string(), "a meeting is held only once it has started");
        assert!(m.advance(MeetingStatus::Held, &delegate("UKR"), t("2024-02-20T12:00:00Z"), "", None).is_err());
        m.advance(MeetingStatus::Held, &s, t("2024-02-20T12:00:00Z"), "", None).unwrap();
        let e = m.advance(MeetingStatus::RecordUnderSilence, &s, t("2024-02-21T00:00:00Z"), "", None).unwrap_err();
        assert_eq!(e.code(), "conflict");
        let mut rec = record_for(&m, "2024-02-21T00:00:00Z");
        let e =
            m.advance(MeetingStatus::RecordUnderSilence, &s, t("2024-02-21T00:00:00Z"), "", Some(&rec)).unwrap_err();
        assert_eq!(e.to_string(), "the summary record goes under silence once a version has been circulated");
        rec.circulate(1, t("2024-02-28T12:00:00Z"), &s, t("2024-02-21T01:00:00Z")).unwrap();
        m.advance(MeetingStatus::RecordUnderSilence, &s, t("2024-02-21T01:00:00Z"), "", Some(&rec)).unwrap();
        let e = m.advance(MeetingStatus::Closed, &s, t("2024-02-28T11:00:00Z"), "", Some(&rec)).unwrap_err();
        assert_eq!(e.code(), "conflict");
        m.advance(MeetingStatus::Closed, &s, t("2024-02-28T12:00:00Z"), "", Some(&rec)).unwrap();
        assert_eq!(m.status(), MeetingStatus::Closed);
        let statuses: Vec<MeetingStatus> = m.history().iter().map(|c| c.status).collect();
        assert_eq!(statuses.len(), 5);
        assert!(m.reschedule(m.start, m.end, TimeZoneName::utc(), &s, t("2024-03-01T00:00:00Z")).is_err());
        // The stored history rebuilds the same meeting.
        let rebuilt = Meeting::from_parts(
            m.id,
            MeetingDraft {
                title: m.title.clone(),
                level: m.level,
                format: m.format.clone(),
                start: m.start,
                end: m.end,
                time_zone: m.time_zone.clone(),
                venue: m.venue.clone(),
                request: None,
            },
            m.sequence,
            m.updated_at,
            m.history().to_vec(),
        )
        .unwrap();
        assert_eq!(rebuilt, m);
    }

    #[test]
    fn cancelling_needs_a_reason_and_rescheduling_bumps_the_sequence() {
        let s = staff();
        let mut m = meeting(1, allies_plus(&[]), "2024-02-20T10:00:00Z");
        let start = t("2024-02-21T10:00:00Z");
        m.reschedule(
            start,
            start + chrono::Duration::hours(3),
            "Europe/Brussels".parse().unwrap(),
            &s,
            t("2024-02-02T00:00:00Z"),
        )
        .unwrap();
        assert_eq!((m.sequence, m.date()), (1, start.date_naive()));
        let e = m.reschedule(start, start, TimeZoneName::utc(), &s, t("2024-02-03T00:00:00Z")).unwrap_err();
        assert_eq!(e.code(), "invalid");
        m.amend("Council (resumed)", Venue::Online { platform: String::new() }, &s, t("2024-02-03T00:00:00Z")).unwrap();
        assert_eq!(m.venue.label(Lang::Fr), "En ligne");
        let e =
            m.reschedule(start, start + chrono::Duration::hours(1), TimeZoneName::utc(), &s, t("2024-02-02T23:00:00Z"));
        assert_eq!(e.unwrap_err().code(), "conflict", "history goes forward only");
        assert!(m.advance(MeetingStatus::Cancelled, &s, t("2024-02-04T00:00:00Z"), " ", None).is_err());
        m.advance(MeetingStatus::Cancelled, &s, t("2024-02-04T00:00:00Z"), "Requester withdrew", None).unwrap();
        assert_eq!((m.status(), m.sequence), (MeetingStatus::Cancelled, 3));
        assert!(m.advance(MeetingStatus::Convened, &s, t("2024-02-05T00:00:00Z"), "", None).is_err());
    }

    #[test]
    fn stored_histories_are_checked() {
        let m = meeting(1, allies_plus(&[]), "2024-02-20T10:00:00Z");
        let d = MeetingDraft {
            title: m.title.clone(),
            level: m.level,
            format: m.format.clone(),
            start: m.start,
            end: m.end,
            time_zone: m.time_zone.clone(),
            venue: m.venue.clone(),
            request: None,
        };
        let mut h = m.history().to_vec();
        h.push(StatusChange { status: MeetingStatus::Held, ..h[0].clone() });
        assert_eq!(Meeting::from_parts(m.id, d.clone(), 0, m.updated_at, h).unwrap_err().code(), "illegal_transition");
        assert!(Meeting::from_parts(m.id, d, 0, m.updated_at, vec![]).is_err());
    }

    proptest! {
        /// Whatever sequence of changes is tried, the history only ever holds allowed steps.
        #[test]
        fn histories_only_hold_allowed_steps(steps in proptest::collection::vec(0usize..6, 0..12)) {
            let s = staff();
            let mut m = meeting(1, allies_plus(&[]), "2024-02-20T10:00:00Z");
            let mut at = t("2024-02-21T00:00:00Z");
            for i in steps {
                at += chrono::Duration::hours(1);
                let _ = m.advance(MeetingStatus::ALL[i], &s, at, "reason", None);
            }
            for w in m.history().windows(2) {
                prop_assert!(check_meeting_transition(w[0].status, w[1].status).is_ok());
            }
            prop_assert_eq!(m.sequence as usize, m.history().len() - 1);
        }
    }
}
