//! Fixtures shared by the consultation tests: the real demo network and a few principals.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::common::{MeetingId, Release};
use super::meeting::{Meeting, MeetingDraft, MeetingLevel, MeetingStatus, Venue};
use super::record::SummaryRecord;
use crate::access::{Affiliation, Audience, Classifications, Principal, Role};
use crate::registry::{FormatSpec, FrameworkCode, NationCode, Network, demo_network};

pub fn net() -> &'static Network {
    static NET: std::sync::OnceLock<Network> = std::sync::OnceLock::new();
    NET.get_or_init(|| demo_network().unwrap())
}

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn code(s: &str) -> NationCode {
    s.parse().unwrap()
}

pub fn fw(s: &str) -> FrameworkCode {
    s.parse().unwrap()
}

pub fn staff() -> Principal {
    Principal { user_id: 1, username: "officer".into(), affiliation: Affiliation::Staff, role: Role::StaffOfficer }
}

pub fn analyst() -> Principal {
    Principal { user_id: 2, username: "analyst".into(), affiliation: Affiliation::Staff, role: Role::Analyst }
}

pub fn delegate(nation: &str) -> Principal {
    Principal {
        user_id: 100,
        username: format!("delegate-{nation}"),
        affiliation: Affiliation::Nation(code(nation)),
        role: Role::DelegationMember,
    }
}

pub fn analyst_of(nation: &str) -> Principal {
    Principal { role: Role::Analyst, ..delegate(nation) }
}

pub fn allies_plus(partners: &[&str]) -> FormatSpec {
    FormatSpec { include_allies: true, frameworks: vec![], partners: partners.iter().map(|p| code(p)).collect() }
}

pub fn draft(title: &str, format: FormatSpec, start: &str) -> MeetingDraft {
    let start = t(start);
    MeetingDraft {
        title: title.into(),
        level: MeetingLevel::Ambassadors,
        format,
        start,
        end: start + Duration::hours(3),
        time_zone: "Europe/Brussels".parse().unwrap(),
        venue: Venue::Place { name: "NATO Headquarters, Brussels".into() },
        request: None,
    }
}

/// A planned meeting, planned 30 days before it starts.
pub fn meeting(id: i64, format: FormatSpec, start: &str) -> Meeting {
    let d = draft("North Atlantic Council", format, start);
    let planned = d.start - Duration::days(30);
    Meeting::plan(MeetingId(id), d, &staff(), planned).unwrap().0
}

/// A meeting convened 10 days before and held one hour after its start.
pub fn held_meeting(id: i64, format: FormatSpec, start: &str) -> Meeting {
    let mut m = meeting(id, format, start);
    m.advance(MeetingStatus::Convened, &staff(), m.start - Duration::days(10), "", None).unwrap();
    m.advance(MeetingStatus::Held, &staff(), m.start + Duration::hours(1), "", None).unwrap();
    m
}

pub fn release(audience: Audience) -> Release {
    Release::new("NATO UNCLASSIFIED", audience, &Classifications::default()).unwrap()
}

/// A first draft of the record, released to all partners (so that the meeting decides who reads it).
pub fn record_for(m: &Meeting, at: &str) -> SummaryRecord {
    SummaryRecord::draft(m, &release(Audience::AllPartners), "Summary of the discussion.", &staff(), t(at)).unwrap().0
}
