//! iCalendar (RFC 5545) for meetings: a VCALENDAR with one VEVENT per meeting.
//!
//! A meeting held in UTC has its times in UTC (`DTSTART:20240220T100000Z`); any other has them on
//! its zone's clocks with the zone named (`DTSTART;TZID=Europe/Brussels:20240220T110000`), and the
//! calendar carries a VTIMEZONE for each such zone: its offsets and the transitions between them
//! over the years the meetings span, read from the tz database, so a calendar program shows the
//! meeting at the right hour even where its own rules differ. `DTSTAMP` is the meeting's last change (a feed has no
//! METHOD, where RFC 5545 makes DTSTAMP the last-modified time), which keeps the output stable
//! for the same data and lets the web layer derive an ETag. Text values escape `\`, `;`, `,` and
//! newlines and lose other control characters; lines are folded at 75 octets, never inside a UTF-8
//! character, and end with CRLF.

use super::common::Lang;
use super::meeting::{Meeting, MeetingStatus, TimeZoneName, may_see_meeting};
use crate::access::Viewer;
use crate::registry::Network;

/// The longest a physical line may be, in octets, without its CRLF.
pub const MAX_LINE_OCTETS: usize = 75;

/// How a calendar is labelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarOptions {
    /// `PRODID`, e.g. `-//Entente//Consultation forum//EN`.
    pub prodid: String,
    /// The domain that makes UIDs globally unique: `meeting-12@<uid_domain>`.
    pub uid_domain: String,
    /// `X-WR-CALNAME`, the name calendar applications show.
    pub name: Option<String>,
    /// The language of the descriptions.
    pub lang: Lang,
}

impl CalendarOptions {
    pub fn new(uid_domain: impl Into<String>, lang: Lang) -> CalendarOptions {
        CalendarOptions {
            prodid: "-//Entente//Consultation forum//EN".to_string(),
            uid_domain: uid_domain.into(),
            name: None,
            lang,
        }
    }
}

/// Escape a TEXT value (RFC 5545 §3.3.11). CRLF, CR and LF all become `\n`; other control
/// characters than tab are dropped, as TEXT does not allow them.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Undo [`escape_text`].
pub fn unescape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Fold one content line into physical lines of at most 75 octets, joined by CRLF and a space
/// (RFC 5545 §3.1). Never splits a UTF-8 character. No trailing CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 60 * 3);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out
}

/// Join folded lines back (a CRLF followed by a space or a tab is removed).
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

fn utc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A meeting time as a property: in UTC, or on the meeting zone's clocks with its TZID.
fn push_time(out: &mut String, name: &str, t: chrono::DateTime<chrono::Utc>, zone: &TimeZoneName) {
    if zone.as_str() == "UTC" {
        push(out, name, &utc(t));
    } else {
        let local = zone.local(t).format("%Y%m%dT%H%M%S");
        push(out, &format!("{name};TZID={}", zone.as_str()), &local.to_string());
    }
}

/// An offset as RFC 5545 writes it (`+0100`, `-0430`, `+054500` when seconds remain).
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}{m:02}{sec:02}") }
}

/// A zone's VTIMEZONE over the years `from..=to`: one component at the start of the span, then
/// one per transition (found by sampling each hour, then narrowed to the second).
pub fn vtimezone(zone: &TimeZoneName, from: i32, to: i32) -> String {
    use chrono::{Offset, TimeZone, Utc};
    let tz = zone.tz();
    let offset = |t: chrono::DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
    let abbreviation = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%Z").to_string();
    let start = Utc.with_ymd_and_hms(from, 1, 1, 0, 0, 0).single().unwrap_or_default();
    let end = Utc.with_ymd_and_hms(to + 1, 1, 1, 0, 0, 0).single().unwrap_or_default();
    // Transitions: (first instant of the new offset, offset before, offset after).
    let mut transitions = Vec::new();
    let mut t = start;
    let mut current = offset(t);
    while t < end {
        let next = t + chrono::Duration::hours(1);
        let o = offset(next);
        if o != current {
            let (mut lo, mut hi) = (t, next);
            while (hi - lo).num_seconds() > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(mid) == current { lo = mid } else { hi = mid }
            }
            transitions.push((hi, current, o));
            current = o;
        }
        t = next;
    }
    let lowest = transitions.iter().flat_map(|(_, a, b)| [*a, *b]).min().unwrap_or(current);
    let mut out = String::new();
    push(&mut out, "BEGIN", "VTIMEZONE");
    push(&mut out, "TZID", zone.as_str());
    let mut component = |at: chrono::DateTime<Utc>, before: i32, after: i32| {
        let kind = if after > lowest { "DAYLIGHT" } else { "STANDARD" };
        push(&mut out, "BEGIN", kind);
        let local = at + chrono::Duration::seconds(i64::from(before));
        push(&mut out, "DTSTART", &local.format("%Y%m%dT%H%M%S").to_string());
        push(&mut out, "TZOFFSETFROM", &offset_text(before));
        push(&mut out, "TZOFFSETTO", &offset_text(after));
        push(&mut out, "TZNAME", &escape_text(&abbreviation(at)));
        push(&mut out, "END", kind);
    };
    let first = offset(start);
    component(start, first, first);
    for (at, before, after) in transitions {
        component(at, before, after);
    }
    push(&mut out, "END", "VTIMEZONE");
    out
}

fn status(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Planned => "TENTATIVE",
        MeetingStatus::Cancelled => "CANCELLED",
        MeetingStatus::Convened | MeetingStatus::Held | MeetingStatus::RecordUnderSilence | MeetingStatus::Closed => {
            "CONFIRMED"
        }
    }
}

pub(crate) fn push(out: &mut String, name: &str, value: &str) {
    out.push_str(&fold_line(&format!("{name}:{value}")));
    out.push_str("\r\n");
}

/// One meeting's VEVENT, folded, each line ending with CRLF.
pub fn meeting_event(meeting: &Meeting, opts: &CalendarOptions) -> String {
    let lang = opts.lang;
    let description = format!(
        "{}{} {}\n{}{} {}\n{}{} {}",
        lang.pick("Level", "Niveau"),
        lang.pick(":", " :"),
        meeting.level.label(lang),
        lang.pick("Status", "Statut"),
        lang.pick(":", " :"),
        meeting.status().label(lang),
        lang.pick("Time zone", "Fuseau horaire"),
        lang.pick(":", " :"),
        meeting.time_zone,
    );
    let mut out = String::new();
    push(&mut out, "BEGIN", "VEVENT");
    push(&mut out, "UID", &escape_text(&format!("meeting-{}@{}", meeting.id, opts.uid_domain)));
    push(&mut out, "DTSTAMP", &utc(meeting.updated_at));
    push(&mut out, "LAST-MODIFIED", &utc(meeting.updated_at));
    push_time(&mut out, "DTSTART", meeting.start, &meeting.time_zone);
    push_time(&mut out, "DTEND", meeting.end, &meeting.time_zone);
    push(&mut out, "SUMMARY", &escape_text(&meeting.title));
    push(&mut out, "LOCATION", &escape_text(&meeting.venue.label(lang)));
    push(&mut out, "DESCRIPTION", &escape_text(&description));
    push(&mut out, "STATUS", status(meeting.status()));
    push(&mut out, "SEQUENCE", &meeting.sequence.to_string());
    push(&mut out, "END", "VEVENT");
    out
}

/// A VCALENDAR with the given meetings, in the order given.
pub fn calendar<'m>(meetings: impl IntoIterator<Item = &'m Meeting>, opts: &CalendarOptions) -> String {
    calendar_with(meetings, &[], opts)
}

/// A VCALENDAR with the given meetings, then other events already written (each a whole VEVENT,
/// folded, its lines ending with CRLF — e.g. [`crate::cooperation::ical::activity_event`]).
pub fn calendar_with<'m>(
    meetings: impl IntoIterator<Item = &'m Meeting>,
    events: &[String],
    opts: &CalendarOptions,
) -> String {
    let mut out = String::new();
    push(&mut out, "BEGIN", "VCALENDAR");
    push(&mut out, "VERSION", "2.0");
    push(&mut out, "PRODID", &escape_text(&opts.prodid));
    push(&mut out, "CALSCALE", "GREGORIAN");
    if let Some(name) = &opts.name {
        push(&mut out, "X-WR-CALNAME", &escape_text(name));
    }
    let meetings: Vec<&Meeting> = meetings.into_iter().collect();
    // Each zone the meetings are held in (other than UTC), over the years they span.
    let mut zones: std::collections::BTreeMap<&str, (&TimeZoneName, i32, i32)> = std::collections::BTreeMap::new();
    for m in &meetings {
        use chrono::Datelike;
        if m.time_zone.as_str() == "UTC" {
            continue;
        }
        let (a, b) = (m.start.year(), m.end.year());
        let e = zones.entry(m.time_zone.as_str()).or_insert((&m.time_zone, a, b));
        e.1 = e.1.min(a);
        e.2 = e.2.max(b);
    }
    for (zone, from, to) in zones.values() {
        out.push_str(&vtimezone(zone, *from, *to));
    }
    for m in meetings {
        out.push_str(&meeting_event(m, opts));
    }
    for e in events {
        out.push_str(e);
    }
    push(&mut out, "END", "VCALENDAR");
    out
}

/// A viewer's feed: only the meetings the viewer may see, earliest first.
pub fn calendar_for(viewer: Viewer<'_>, meetings: &[Meeting], network: &Network, opts: &CalendarOptions) -> String {
    calendar_for_with(viewer, meetings, &[], network, opts)
}

/// [`calendar_for`], followed by other events already written.
pub fn calendar_for_with(
    viewer: Viewer<'_>,
    meetings: &[Meeting],
    events: &[String],
    network: &Network,
    opts: &CalendarOptions,
) -> String {
    let mut visible: Vec<&Meeting> = meetings.iter().filter(|m| may_see_meeting(viewer, m, network)).collect();
    visible.sort_by_key(|m| (m.start, m.id));
    calendar_with(visible, events, opts)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::consultation::testing::*;

    fn opts() -> CalendarOptions {
        CalendarOptions::new("entente.example.org", Lang::En)
    }

    #[test]
    fn a_meeting_as_an_event() {
        let mut m = meeting(12, allies_plus(&["UKR"]), "2024-02-20T10:00:00Z");
        m.title = "NATO-Ukraine Council; emergency session, at Kyiv's request".into();
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Entente//Consultation forum//EN",
            "CALSCALE:GREGORIAN",
            // Brussels in 2024: CET, summer time from 31 March 02:00, back on 27 October 03:00.
            "BEGIN:VTIMEZONE",
            "TZID:Europe/Brussels",
            "BEGIN:STANDARD",
            "DTSTART:20240101T010000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0100",
            "TZNAME:CET",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:20240331T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "TZNAME:CEST",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            "DTSTART:20241027T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "TZNAME:CET",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:meeting-12@entente.example.org",
            "DTSTAMP:20240121T100000Z",
            "LAST-MODIFIED:20240121T100000Z",
            // 10:00 UTC is 11:00 in Brussels in February.
            "DTSTART;TZID=Europe/Brussels:20240220T110000",
            "DTEND;TZID=Europe/Brussels:20240220T140000",
            "SUMMARY:NATO-Ukraine Council\\; emergency session\\, at Kyiv's request",
            "LOCATION:NATO Headquarters\\, Brussels",
            "DESCRIPTION:Level: Ambassadors\\nStatus: Planned\\nTime zone: Europe/Brussels",
            "STATUS:TENTATIVE",
            "SEQUENCE:0",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(calendar([&m], &opts()), expected);
        // A meeting held in UTC needs no zone; one without summer time has one component.
        let mut utc = m.clone();
        utc.time_zone = TimeZoneName::utc();
        let plain = calendar([&utc], &opts());
        assert!(plain.contains("\r\nDTSTART:20240220T100000Z\r\n") && !plain.contains("VTIMEZONE"), "{plain}");
        let mut tokyo_meeting = m.clone();
        tokyo_meeting.time_zone = "Asia/Tokyo".parse().unwrap();
        let tokyo = calendar([&tokyo_meeting], &opts());
        assert!(tokyo.contains("DTSTART;TZID=Asia/Tokyo:20240220T190000"), "{tokyo}");
        assert_eq!(tokyo.matches("BEGIN:STANDARD").count(), 1);
        assert!(!tokyo.contains("DAYLIGHT") && tokyo.contains("TZOFFSETTO:+0900"), "{tokyo}");
        m.advance(MeetingStatus::Cancelled, &staff(), t("2024-02-01T00:00:00Z"), "postponed", None).unwrap();
        let ev = meeting_event(&m, &CalendarOptions::new("x", Lang::Fr));
        assert!(ev.contains("\r\nSTATUS:CANCELLED\r\nSEQUENCE:1\r\n"), "{ev}");
        let unfolded = unfold(&ev);
        assert!(
            unfolded.contains(
                "DESCRIPTION:Niveau : Ambassadeurs\\nStatut : Annulée\\nFuseau horaire : Europe/Brussels\r\n"
            )
        );
        assert!(ev.lines().all(|l| l.len() <= MAX_LINE_OCTETS), "the French description is folded");
        assert!(ev.contains("DTSTAMP:20240201T000000Z"));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assert_eq!(escape_text("tab\tbell\u{7}nul\u{0}"), "tab\tbellnul");
        assert_eq!(unescape_text("a\\\\b\\;c\\,d\\ne\\Nf"), "a\\b;c,d\ne\nf");
    }

    #[test]
    fn folding_respects_octets_and_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold_line(&line);
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].len(), 74, "8 ASCII octets and 33 two-octet characters; one more would make 76");
        assert!(lines[1].starts_with(' '));
        assert_eq!(unfold(&folded), line);
        assert_eq!(fold_line("short"), "short");
        assert_eq!(fold_line(&"a".repeat(75)), "a".repeat(75));
        assert_eq!(fold_line(&"a".repeat(76)), format!("{}\r\n a", "a".repeat(75)));
    }

    #[test]
    fn a_feed_holds_only_what_the_viewer_may_see() {
        let with_ukr = meeting(1, allies_plus(&["UKR"]), "2024-02-21T10:00:00Z");
        let allies = meeting(2, allies_plus(&[]), "2024-02-20T10:00:00Z");
        let all = [with_ukr, allies];
        let ukr = calendar_for(Viewer::User(&delegate("UKR")), &all, net(), &opts());
        assert!(ukr.contains("UID:meeting-1@") && !ukr.contains("UID:meeting-2@"));
        let usa = calendar_for(Viewer::User(&delegate("USA")), &all, net(), &opts());
        assert!(usa.find("UID:meeting-2@").unwrap() < usa.find("UID:meeting-1@").unwrap(), "earliest first");
        let nobody = calendar_for(Viewer::Anonymous, &all, net(), &opts());
        assert!(!nobody.contains("BEGIN:VEVENT"));
        assert!(nobody.ends_with("END:VCALENDAR\r\n"));
    }

    proptest! {
        /// Any line folds into physical lines of at most 75 octets that unfold to it.
        #[test]
        fn folding_round_trips(s in "[^\r\n]{0,400}") {
            let folded = fold_line(&s);
            for l in folded.split("\r\n") {
                prop_assert!(l.len() <= MAX_LINE_OCTETS, "{} octets", l.len());
            }
            prop_assert_eq!(unfold(&folded), s);
        }

        /// Escaping round-trips any text (newlines normalised, control characters dropped).
        #[test]
        fn escaping_round_trips(s in any::<String>()) {
            let normal: String = s
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                .collect();
            let e = escape_text(&s);
            prop_assert!(!e.contains('\n') && !e.contains('\r'));
            prop_assert_eq!(unescape_text(&e), normal);
        }

        /// A whole calendar: every line at most 75 octets, CRLF-terminated, and the title comes back.
        #[test]
        fn calendars_fold_and_keep_the_text(title in "\\PC{1,200}", place in "\\PC{1,120}") {
            let mut m = meeting(3, allies_plus(&[]), "2024-02-20T10:00:00Z");
            m.title = title.trim().to_string();
            prop_assume!(!m.title.is_empty());
            m.venue = crate::consultation::Venue::Place { name: place };
            let cal = calendar([&m], &opts());
            prop_assert!(cal.ends_with("\r\n"));
            for l in cal.trim_end_matches("\r\n").split("\r\n") {
                prop_assert!(l.len() <= MAX_LINE_OCTETS);
            }
            let unfolded = unfold(&cal);
            let summary = unfolded.split("\r\n").find_map(|l| l.strip_prefix("SUMMARY:")).unwrap();
            prop_assert_eq!(unescape_text(summary), m.title);
        }
    }
}
