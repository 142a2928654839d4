//! The demo forum's history: two years of clearly synthetic past meetings in the real formats
//! (titles and texts end in "(demo)" or say they are synthetic), before the handful of recent
//! meetings [`super::demo::seed_consultations`] writes. Seated delegations — partners' most often —
//! propose agenda items (the staff accept most and reject the others with a reason) and make
//! statements; every meeting is held, its record agreed under silence and closed. Partners file
//! consultation requests, which the staff acknowledge after a while (some beyond the 48-hour
//! target), convene in the format proposed for the request, hold and close.
//!
//! The history is loaded quietly: its steps are not told to anyone's inbox or mail (two years of
//! notices would bury the recent ones the demo shows). Deterministic for its seed, dated relative
//! to today; written through the domain's functions and the store's audited write paths.

use chrono::{DateTime, Duration, Utc};
use entente_domain::access::{Audience, Principal};
use entente_domain::consultation::*;
use entente_domain::registry::Basis;
use entente_domain::rng::Rng;
use entente_store::Store;

use super::demo::{Seed, e, rel, statement};

/// The seed of the forum's history.
const SEED: u64 = 1994;
/// How many past meetings the history has.
const MEETINGS: i64 = 32;
/// The first meeting, in days before today; the last is about three months ago.
const FIRST_DAY: i64 = -730;

/// Formats the history meets in, with the subjects of their meetings.
const FORMATS: [(&str, &[&str]); 6] = [
    (
        "eapc",
        &[
            "EAPC ambassadors: resilience of civil preparedness",
            "EAPC ambassadors: security of energy supply",
            "EAPC: women, peace and security",
        ],
    ),
    (
        "nato-md",
        &[
            "NATO+7: maritime situational awareness",
            "NATO+7: countering terrorism in the Sahel",
            "NATO+7: border security and small arms",
        ],
    ),
    ("nac-ici", &["NAC+4: cyber defence cooperation", "NAC+4: energy infrastructure protection"]),
    (
        "nato-georgia-commission",
        &["NATO-Georgia Commission: the substantial package", "NATO-Georgia Commission: Black Sea security"],
    ),
    (
        "nato-ukraine-council",
        &["NATO-Ukraine Council: air defence", "NATO-Ukraine Council: reform of defence institutions"],
    ),
    ("nato-pag", &["NATO+4 Pacific partners: cyber and hybrid threats", "NATO+4 Pacific partners: maritime security"]),
];

/// Partners that file consultation requests in the history, with what they report.
const REQUESTERS: [(&str, &str); 10] = [
    ("GEO", "Occupation line moved by several hundred metres near a village."),
    ("MDA", "Disinformation campaign and false bomb threats ahead of an election."),
    ("JOR", "Drones crossing the northern border with weapons and narcotics."),
    ("TUN", "Smuggling of small arms across the southern border."),
    ("UKR", "Strikes on port infrastructure on the Danube."),
    ("MLT", "A vessel drifting with an unknown cargo near Maltese waters."),
    ("BIH", "Threats against judges and election officials."),
    ("ARM", "Shelling near border villages."),
    ("QAT", "Cyber attack on a liquefied-gas terminal's control systems."),
    ("MRT", "Attack on a border post by an armed group."),
];

/// Load the forum's history. `delegate` gives a member of a nation's delegation; nations without
/// one take no step of their own. Returns the meetings written.
pub(super) async fn seed_forum_history(
    store: &Store,
    staff: &Principal,
    delegate: &impl Fn(&str) -> Option<Principal>,
    s: &Seed<'_>,
    now: DateTime<Utc>,
) -> Result<usize, String> {
    let net = &s.net;
    let scope = &s.scope;
    let mut rng = Rng::new(SEED);
    let name = |code: &str| -> String {
        code.parse().ok().and_then(|c| net.nation(&c).map(|n| n.name.clone())).unwrap_or_else(|| code.to_string())
    };
    let day = |d: i64, h: u32| -> DateTime<Utc> {
        (now + Duration::days(d)).date_naive().and_hms_opt(h, 0, 0).map(|t| t.and_utc()).unwrap_or(now)
    };
    let mut count = 0;
    let step = (-95 - FIRST_DAY) / MEETINGS;
    for k in 0..MEETINGS {
        let (slug, subjects) = FORMATS[(k as usize) % FORMATS.len()];
        let subject = subjects[(k as usize / FORMATS.len()) % subjects.len()];
        let d = FIRST_DAY + k * step + rng.below(step.max(1) as u64 / 2) as i64;
        let level = if k % 5 == 0 { MeetingLevel::Ministers } else { MeetingLevel::Ambassadors };
        // A format not in force on the day (or not in the registry) meets another time.
        let Ok(mut m) = s.meeting(slug, &format!("{subject} (demo)"), level, day(d, 10), day(d - 25, 9), None).await
        else {
            continue;
        };
        s.advance(&mut m, MeetingStatus::Convened, day(d - 20, 9)).await?;
        // The seated nations with a delegation here, and whether each sits as an ally.
        let seated: Vec<(String, Principal, bool)> = m
            .format
            .resolve(net, m.start.date_naive())
            .seats
            .into_iter()
            .filter_map(|seat| {
                delegate(seat.nation.as_str()).map(|p| (seat.nation.to_string(), p, seat.basis == Basis::Ally))
            })
            .collect();
        // Agenda proposals, mostly from seated partners; the staff decide a week later.
        let mut items = Vec::new();
        for (code, p, ally) in &seated {
            if rng.unit() >= if *ally { 0.08 } else { 0.3 } {
                continue;
            }
            let their = store.scoped(Some(p)).await.map_err(e)?;
            let mut agenda = their.agenda_for_change(&m, None, net).await.map_err(e)?;
            let proposal = AgendaProposal {
                title: format!("{}: national assessment of {} (demo)", name(code), subject_tail(subject)),
                description: "Synthetic proposal.".into(),
                release: rel(Audience::AllPartners)?,
            };
            let at = day(d - 18 + rng.below(4) as i64, 11);
            let (item, permit) = agenda.propose(AgendaItemId(0), &proposal, p, at, &m, net).map_err(e)?;
            items.push(their.insert_agenda_item(permit, item.clone()).await.map_err(e)?);
        }
        if !items.is_empty() {
            let mut agenda = Agenda::from_items(m.id, items.clone()).map_err(e)?;
            for item in &items {
                let at = day(d - 10, 15);
                let permit = if rng.unit() < 0.75 {
                    agenda.accept(item.id, staff, at, &m).map_err(e)?
                } else {
                    agenda
                        .reject(item.id, "The agenda is full; proposed for the next meeting. (demo)", staff, at, &m)
                        .map_err(e)?
                };
                scope.save_agenda(permit, &mut m, &agenda).await.map_err(e)?;
            }
        }
        // Statements by seated nations in the days before the meeting.
        for (code, p, ally) in &seated {
            if rng.unit() >= if *ally { 0.25 } else { 0.35 } {
                continue;
            }
            let at = day(d - 1 - rng.below(5) as i64, 12);
            let title = format!("Statement by {} (demo)", name(code));
            statement(store, p, &m, &title, "Synthetic statement for the demonstration.", at, net).await?;
        }
        s.hold_and_close(&mut m, "The meeting took place as planned. (Synthetic record.)").await?;
        count += 1;
    }

    // Consultation requests, acknowledged after a few hours to a few days, consultations held.
    let span = (-120 - FIRST_DAY) / REQUESTERS.len() as i64;
    for (k, (code, threat)) in REQUESTERS.iter().enumerate() {
        let Some(p) = delegate(code) else { continue };
        let filed = day(FIRST_DAY + 20 + k as i64 * span + rng.below(span as u64 / 2) as i64, 8);
        // Paragraph 8 is for Partnership for Peace participants; the others ask on other grounds.
        let basis = if ["GEO", "MDA", "UKR", "MLT", "BIH", "ARM"].contains(code) {
            RequestBasis::Paragraph8
        } else {
            RequestBasis::Other
        };
        let draft = RequestDraft {
            basis,
            threat: format!("{threat} (Synthetic example.)"),
            release: rel(Audience::StaffOnly)?,
        };
        let (r, permit) = ConsultationRequest::file(RequestId(0), &draft, &p, filed, net).map_err(e)?;
        let mut r = store.scoped(Some(&p)).await.map_err(e)?.insert_request(permit, r).await.map_err(e)?;
        let acknowledged = filed + Duration::hours(3 + rng.below(90) as i64);
        let permit =
            r.acknowledge("Received; consultations will be convened. (demo)", staff, acknowledged).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        let start = (acknowledged + Duration::days(5 + rng.below(8) as i64))
            .date_naive()
            .and_hms_opt(10, 0, 0)
            .map_or(acknowledged, |t| t.and_utc());
        let proposal = propose_format(&r, net, start.date_naive());
        let meeting = MeetingDraft {
            title: format!("Consultations requested by {} (demo)", name(code)),
            level: MeetingLevel::Ambassadors,
            format: proposal.spec,
            start,
            end: start + Duration::hours(3),
            time_zone: "Europe/Brussels".parse().map_err(e)?,
            venue: Venue::Place { name: "NATO Headquarters, Brussels".into() },
            request: Some(r.id),
        };
        let planned = acknowledged + Duration::hours(2);
        let (m, permit) = Meeting::plan(MeetingId(0), meeting, staff, planned).map_err(e)?;
        let mut m = scope.insert_meeting(permit, m).await.map_err(e)?;
        s.advance(&mut m, MeetingStatus::Convened, planned + Duration::hours(1)).await?;
        let permit = r.convene(&m, staff, planned + Duration::hours(1), net).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        let title = format!("Statement by {} (demo)", name(code));
        statement(store, &p, &m, &title, "Synthetic statement for the demonstration.", start - Duration::days(1), net)
            .await?;
        s.hold_and_circulate(&mut m, "Allies heard the partner's assessment. (Synthetic record.)").await?;
        let permit = r.meeting_held(&m, staff, start + Duration::hours(3)).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        s.close(&mut m).await?;
        let permit = r.close("Consultations held. (demo)", staff, m.start + Duration::days(6)).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        count += 1;
    }
    Ok(count)
}

/// "NAC+4: cyber defence cooperation" → "cyber defence cooperation".
fn subject_tail(subject: &str) -> &str {
    subject.rsplit_once(": ").map_or(subject, |(_, t)| t)
}
