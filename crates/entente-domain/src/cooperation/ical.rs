//! The activities a nation takes part in, as iCalendar events for its members' calendar feed:
//! all-day events over the activity's dates (`DTSTART;VALUE=DATE`, `DTEND` the day after the
//! last), with the nation's seats and its participants in the description — only its own, as
//! the feed's owner may read no other nation's nominees.

use chrono::{Duration, NaiveDate};

use super::{Activity, ActivityStatus};
use crate::consultation::{CalendarOptions, escape_text, push};

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// One activity as a VEVENT: `seats` granted to the reader's nation and the `participants` placed.
pub fn activity_event(a: &Activity, seats: u32, participants: &[String], opts: &CalendarOptions) -> String {
    let lang = opts.lang;
    let colon = lang.pick(":", " :");
    let place = if a.location.is_empty() { lang.pick("Online", "En ligne").to_string() } else { a.location.clone() };
    let mut description = format!(
        "{}{colon} {}\n{}{colon} {seats}",
        lang.pick("Provider", "Organisateur"),
        a.provider.label(),
        lang.pick("Your nation's seats", "Places de votre nation"),
    );
    if !participants.is_empty() {
        description.push_str(&format!(
            "\n{}{colon} {}",
            lang.pick("Participants", "Participants"),
            participants.join(", ")
        ));
    }
    let changed = a.history().last().map_or(chrono::DateTime::UNIX_EPOCH, |h| h.at);
    let mut out = String::new();
    push(&mut out, "BEGIN", "VEVENT");
    push(&mut out, "UID", &escape_text(&format!("activity-{}@{}", a.id.0, opts.uid_domain)));
    push(&mut out, "DTSTAMP", &changed.format("%Y%m%dT%H%M%SZ").to_string());
    push(&mut out, "DTSTART;VALUE=DATE", &date(a.start));
    push(&mut out, "DTEND;VALUE=DATE", &date(a.end + Duration::days(1)));
    let title = match lang {
        crate::consultation::Lang::En => &a.title_en,
        crate::consultation::Lang::Fr => &a.title_fr,
    };
    push(&mut out, "SUMMARY", &escape_text(&format!("{} — {}", a.code, title)));
    push(&mut out, "LOCATION", &escape_text(&place));
    push(&mut out, "DESCRIPTION", &escape_text(&description));
    push(&mut out, "STATUS", if a.status() == ActivityStatus::Cancelled { "CANCELLED" } else { "CONFIRMED" });
    push(&mut out, "END", "VEVENT");
    out
}
