//! The demo's cooperation year: a clearly synthetic menu of about 1,400 activities over the real
//! nations, the 30 areas and the six kinds (codes `DEMO-…`, every aim saying the activity is not
//! real), proposed by allies' delegations and by the staff for institutions, published by the staff;
//! seat requests from partner and some allied delegations with synthetic nominees, only where the
//! nation is eligible; one published allocation, computed by the engine from the database, over
//! the activities whose nominations have closed; the activities that have ended since marked
//! completed. A few proposals are left for the staff to decide and one is returned with a reason.
//!
//! Before it, the year before: about 400 activities of the previous calendar year whose seats
//! were allocated **first come, first served**, the rule the fair engine replaced, recorded as
//! such. Delegations of larger states file their requests earlier in the nomination window than
//! those of smaller ones (every year), so that the equal-treatment figures have a contrast to
//! show: under first come, first served the early filers fill the seats; the fair rule does not
//! look at the filing time.
//!
//! Deterministic for a seed (the domain's [`Rng`]), dated relative to today so the demo always has
//! a past and a future. Written through the domain's functions and the store's audited write paths,
//! in one transaction per actor and step.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entente_domain::Lang;
use entente_domain::access::{Audience, Classifications, Permit, Principal};
use entente_domain::consultation::Release;
use entente_domain::cooperation::{
    Activity, ActivityDraft, ActivityId, ActivityKind, ActivityStatus, Eligibility, SeatRequest, SeatRequestDraft,
    SeatRequestId, areas,
};
use entente_domain::registry::{FrameworkCode, NationCode};
use entente_domain::rng::Rng;
use entente_store::Store;
use entente_store::cooperation::ActivityFilter;

use entente_allocation::mechanism::Mechanism;

use crate::cooperation::{Selection, publish_allocation, run_allocation, run_allocation_by};

/// The seed of the demo year.
pub const SEED: u64 = 2026;
/// How many activities the demo year has.
pub const ACTIVITIES: usize = 1_400;
/// How many activities the year before has (allocated first come, first served).
pub const EARLIER_ACTIVITIES: usize = 400;

/// Allies whose delegations propose activities they run themselves, with the city they run them in.
const PROPOSING_ALLIES: [(&str, &str); 15] = [
    ("NOR", "Oslo"),
    ("FRA", "Paris"),
    ("DEU", "Hamburg"),
    ("ITA", "Rome"),
    ("USA", "Washington"),
    ("GBR", "Shrivenham"),
    ("TUR", "Ankara"),
    ("POL", "Warsaw"),
    ("ESP", "Madrid"),
    ("ROU", "Bucharest"),
    ("NLD", "The Hague"),
    ("CAN", "Kingston"),
    ("EST", "Tallinn"),
    ("LTU", "Vilnius"),
    ("GRC", "Souda Bay"),
];

/// Institutions the staff propose activities for, with where they run them.
const INSTITUTIONS: [(&str, &str); 10] = [
    ("NATO School Oberammergau", "Oberammergau"),
    ("NATO Defense College", "Rome"),
    ("NATO Communications and Information Academy", "Oeiras"),
    ("Cooperative Cyber Defence Centre of Excellence", "Tallinn"),
    ("Centre of Excellence Defence Against Terrorism", "Ankara"),
    ("Crisis Management and Disaster Response Centre of Excellence", "Sofia"),
    ("Energy Security Centre of Excellence", "Vilnius"),
    ("Joint CBRN Defence Centre of Excellence", "Vyškov"),
    ("Peace Support Operations Training Centre", "Sarajevo"),
    ("Partnership Training and Education Centre (demo)", "Tbilisi"),
];

/// Delegations that request seats, with how likely they are to ask for an activity they may
/// take part in (partners most, a few allies that also train their staff).
const REQUESTING: [(&str, f64); 33] = [
    ("UKR", 0.55),
    ("GEO", 0.50),
    ("MDA", 0.30),
    ("MLT", 0.15),
    ("TUN", 0.30),
    ("MRT", 0.25),
    ("ARM", 0.25),
    ("AZE", 0.20),
    ("BIH", 0.30),
    ("SRB", 0.12),
    ("AUT", 0.15),
    ("IRL", 0.15),
    ("CHE", 0.12),
    ("KAZ", 0.15),
    ("UZB", 0.10),
    ("EGY", 0.15),
    ("JOR", 0.30),
    ("MAR", 0.20),
    ("KWT", 0.12),
    ("BHR", 0.10),
    ("QAT", 0.12),
    ("ARE", 0.15),
    ("AUS", 0.10),
    ("JPN", 0.08),
    ("KOR", 0.08),
    ("NZL", 0.06),
    ("COL", 0.12),
    ("MNG", 0.10),
    ("ALB", 0.08),
    ("MKD", 0.08),
    ("MNE", 0.08),
    ("BGR", 0.05),
    ("EST", 0.05),
];

/// Every delegation the demo year acts for: it needs one member's account for each (the caller
/// creates them; a nation without one is left out).
pub fn delegations() -> Vec<&'static str> {
    let set: BTreeSet<&str> = PROPOSING_ALLIES.iter().map(|x| x.0).chain(REQUESTING.iter().map(|x| x.0)).collect();
    set.into_iter().collect()
}

/// What was loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seeded {
    pub activities: usize,
    pub published: usize,
    pub seat_requests: usize,
    pub allocation_lines: usize,
    pub programmes: usize,
    /// Seats partners gave back after publication, and of those, the seats offered again.
    pub given_back: u32,
    pub offered_again: u32,
    /// Activities whose attendance the staff recorded, the participants in them, the feedback
    /// forms delegations gave and the after-action reports written.
    pub attendance_recorded: usize,
    pub participants: usize,
    pub feedback: usize,
    pub reports: usize,
}

fn e(err: impl std::fmt::Display) -> String {
    err.to_string()
}

/// English and French kind names (French gender for the qualifier's agreement).
fn kind_names(k: ActivityKind) -> (&'static str, &'static str, bool) {
    match k {
        ActivityKind::Course => ("course", "cours", false),
        ActivityKind::Exercise => ("exercise", "exercice", false),
        ActivityKind::Workshop => ("workshop", "atelier", false),
        ActivityKind::Conference => ("conference", "conférence", true),
        ActivityKind::Seminar => ("seminar", "séminaire", false),
        ActivityKind::ExpertVisit => ("expert visit", "visite d'experts", true),
    }
}

/// Qualifiers: English (before the kind), French masculine and feminine (after it).
const QUALIFIERS: [(&str, &str, &str); 8] = [
    ("introductory", "d'introduction", "d'introduction"),
    ("advanced", "avancé", "avancée"),
    ("regional", "régional", "régionale"),
    ("senior-level", "de haut niveau", "de haut niveau"),
    ("train-the-trainer", "de formation de formateurs", "de formation de formateurs"),
    ("multinational", "multinational", "multinationale"),
    ("practitioners'", "pour praticiens", "pour praticiens"),
    ("annual", "annuel", "annuelle"),
];

/// Synthetic nominees' names: first names and surnames by region.
fn name_pool(nation: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match nation {
        "UKR" => (
            &["Olena", "Andrii", "Iryna", "Taras", "Oksana", "Dmytro", "Kateryna", "Serhii"],
            &["Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Oliinyk", "Shevchuk", "Lysenko"],
        ),
        "GEO" => (
            &["Nino", "Giorgi", "Tamar", "Levan", "Mariam", "Davit", "Ana", "Irakli"],
            &["Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Lomidze", "Tsiklauri", "Kvaratskhelia", "Abashidze"],
        ),
        "TUN" | "MRT" | "MAR" | "DZA" | "EGY" | "JOR" | "KWT" | "BHR" | "QAT" | "ARE" => (
            &["Amina", "Youssef", "Leila", "Karim", "Salma", "Mehdi", "Rania", "Omar"],
            &["Ben Salah", "El Amrani", "Haddad", "Mansour", "Ould Ahmed", "Trabelsi", "Belkacem", "Nasser"],
        ),
        "MLT" => (
            &["Maria", "Joseph", "Rita", "Mark", "Elena", "Daniel", "Claire", "Luke"],
            &["Borg", "Camilleri", "Vella", "Farrugia", "Zammit", "Galea", "Micallef", "Grech"],
        ),
        _ => (
            &["Anna", "Peter", "Sara", "Martin", "Elif", "Jonas", "Mira", "Adam"],
            &["Novak", "Berg", "Horvat", "Kim", "Santos", "Weber", "Popescu", "Ivanova"],
        ),
    }
}

fn pick<'a, T>(rng: &mut Rng, v: &'a [T]) -> &'a T {
    &v[rng.below(v.len() as u64) as usize]
}

fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).map_or_else(Utc::now, |t| t.and_utc())
}

/// One generated activity before it is written: its draft, who proposes it and when, and what
/// happens to it next.
struct Planned {
    draft: ActivityDraft,
    /// The proposing ally's code; none = the staff, for an institution.
    ally: Option<&'static str>,
    proposed: DateTime<Utc>,
    approved: DateTime<Utc>,
    fate: Fate,
}

/// The calendar year before the demo year (every activity of the demo year starts after it): its
/// number, first and last day.
fn earlier_year(today: NaiveDate) -> Result<(i32, NaiveDate, NaiveDate), String> {
    let year = chrono::Datelike::year(&(today - Duration::days(120))) - 1;
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).ok_or("no year before the demo year");
    Ok((year, day(1, 1)?, day(12, 31)?))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Publish,
    LeaveProposed,
    Return,
    Cancel,
}

fn plan(rng: &mut Rng, today: NaiveDate) -> Result<Vec<Planned>, String> {
    let areas = areas();
    let kinds: [(ActivityKind, u64); 6] = [
        (ActivityKind::Course, 40),
        (ActivityKind::Workshop, 20),
        (ActivityKind::Seminar, 12),
        (ActivityKind::Exercise, 12),
        (ActivityKind::Conference, 8),
        (ActivityKind::ExpertVisit, 8),
    ];
    let total: u64 = kinds.iter().map(|k| k.1).sum();
    let fw = |c: &str| c.parse::<FrameworkCode>().map_err(e);
    let (pfp, md, ici, pag) = (fw("PFP")?, fw("MD")?, fw("ICI")?, fw("PAG")?);
    let release = Release::new("NATO UNCLASSIFIED", Audience::AllPartners, &Classifications::default()).map_err(e)?;
    let mut out = Vec::with_capacity(ACTIVITIES + EARLIER_ACTIVITIES);
    let mut left_proposed = 0;
    let mut returned = 0;
    let (_, earlier_start, _) = earlier_year(today)?;
    for i in 0..ACTIVITIES + EARLIER_ACTIVITIES {
        let earlier = i >= ACTIVITIES;
        // Every area, then the kinds by weight.
        let area = &areas[i % areas.len()];
        let mut x = rng.below(total);
        let kind = kinds
            .iter()
            .find(|k| {
                if x < k.1 {
                    true
                } else {
                    x -= k.1;
                    false
                }
            })
            .map_or(ActivityKind::Course, |k| k.0);
        let (kind_en, kind_fr, fem) = kind_names(kind);
        let (q_en, q_m, q_f) = *pick(rng, &QUALIFIERS);
        let days = match kind {
            ActivityKind::Course => 5 + rng.below(6),
            ActivityKind::Exercise => 7 + rng.below(8),
            ActivityKind::Workshop => 2 + rng.below(2),
            ActivityKind::Conference => 1 + rng.below(2),
            ActivityKind::Seminar => 2 + rng.below(3),
            ActivityKind::ExpertVisit => 1 + rng.below(3),
        } as i64;
        // A quarter start in the past, the rest over the coming eleven months; the year before's
        // over its calendar year.
        let start = if earlier {
            earlier_start + Duration::days(rng.below(358) as i64)
        } else {
            today + Duration::days(-120 + rng.below(460) as i64)
        };
        let end = start + Duration::days(days - 1);
        let deadline = start - Duration::days(21 + rng.below(40) as i64);
        let proposed = (deadline - Duration::days(30 + rng.below(90) as i64)).min(today - Duration::days(2));
        let approved = (proposed + Duration::days(1 + rng.below(5) as i64)).min(today - Duration::days(1));
        let ally = if rng.below(100) < 55 { Some(*pick(rng, &PROPOSING_ALLIES)) } else { None };
        let (institution, location) = match ally {
            Some((_, city)) => (String::new(), city.to_string()),
            None => {
                let (name, city) = *pick(rng, &INSTITUTIONS);
                (name.to_string(), city.to_string())
            }
        };
        let location = if rng.below(10) == 0 { String::new() } else { location };
        let seats = 8 + rng.below(33) as u32;
        let nation_cap = if rng.below(5) == 0 { None } else { Some((1 + rng.below(4) as u32).min(seats)) };
        let frameworks = match rng.below(20) {
            0..=11 => vec![],
            12..=15 => vec![pfp.clone()],
            16 => vec![md.clone()],
            17 => vec![md.clone(), ici.clone()],
            18 => vec![ici.clone()],
            _ => vec![pag.clone()],
        };
        let languages = match rng.below(20) {
            0 => vec![Lang::Fr],
            1..=5 => vec![Lang::En, Lang::Fr],
            _ => vec![Lang::En],
        };
        let fee_eur = if rng.below(6) == 0 { 250 * (1 + rng.below(6) as u32) } else { 0 };
        let upcoming_open = !earlier && deadline > today + Duration::days(7);
        let fate = if upcoming_open && left_proposed < 12 && rng.below(40) == 0 {
            left_proposed += 1;
            Fate::LeaveProposed
        } else if upcoming_open && returned == 0 && i > ACTIVITIES / 2 {
            returned += 1;
            Fate::Return
        } else if upcoming_open && rng.below(150) == 0 {
            Fate::Cancel
        } else {
            Fate::Publish
        };
        let code = format!("DEMO-{}-{}{:04}", area.code, &kind.as_str()[..1].to_ascii_uppercase(), i + 1);
        let q_fr = if fem { q_f } else { q_m };
        let draft = ActivityDraft {
            code,
            title_en: format!("{}: {q_en} {kind_en} (demo)", area.name_en),
            title_fr: format!("{} : {kind_fr} {q_fr} (démo)", area.name_fr),
            aim_en: format!(
                "Synthetic demonstration data: this activity is not real. A {q_en} {kind_en} on {} for officers \
                 and officials of allied and partner nations.",
                area.name_en.to_lowercase()
            ),
            aim_fr: format!(
                "Données de démonstration synthétiques : cette activité n'existe pas. {} {kind_fr} {q_fr} \
                 consacré{} au domaine « {} », pour les officiers et fonctionnaires des pays alliés et partenaires.",
                if fem { "Une" } else { "Un" },
                if fem { "e" } else { "" },
                area.name_fr
            ),
            area: area.code.clone(),
            kind,
            institution,
            start,
            end,
            location,
            languages,
            seats,
            nation_cap,
            frameworks,
            prerequisites: vec![],
            fee_eur,
            deadline,
            release: release.clone(),
        };
        out.push(Planned {
            draft,
            ally: ally.map(|a| a.0),
            proposed: at(proposed, 9),
            approved: at(approved, 15),
            fate,
        });
    }
    Ok(out)
}

/// Load the demo's cooperation year unless activities exist already. `delegate` gives a member of
/// a nation's delegation for the nations in [`delegations`]; nations without one are left out.
pub async fn seed_cooperation(
    store: &Store,
    staff: &Principal,
    delegate: impl Fn(&str) -> Option<Principal>,
) -> Result<Seeded, String> {
    let staff_scope = store.scoped(Some(staff)).await.map_err(e)?;
    if staff_scope.count_activities().await.map_err(e)? > 0 {
        return Ok(Seeded::default());
    }
    let registry = store.registry().await.map_err(e)?;
    let net = &registry.network;
    let now = Utc::now();
    let today = now.date_naive();
    let mut rng = Rng::new(SEED);
    let planned = plan(&mut rng, today)?;

    // 1. Proposals, one transaction per proposer; the staff's for institutions (and for an ally
    //    whose delegation has no account here, as the ally's national training centre).
    let mut by_proposer: BTreeMap<Option<&str>, Vec<(Permit, Activity, usize)>> = BTreeMap::new();
    for (k, p) in planned.iter().enumerate() {
        let (who, proposer) = match p.ally.and_then(|c| delegate(c).map(|d| (c, d))) {
            Some((c, d)) => (Some(c), d),
            None => (None, staff.clone()),
        };
        let mut draft = p.draft.clone();
        if who.is_none() && draft.institution.is_empty() {
            draft.institution = format!("{} national training centre (demo)", p.ally.unwrap_or("Allied"));
        }
        let (a, permit) = Activity::propose(ActivityId(0), &draft, &proposer, p.proposed, net).map_err(e)?;
        by_proposer.entry(who).or_default().push((permit, a, k));
    }
    let mut stored: Vec<Option<Activity>> = vec![None; planned.len()];
    for (who, items) in by_proposer {
        let scope = match who {
            Some(c) => store.scoped(delegate(c).as_ref()).await.map_err(e)?,
            None => staff_scope.clone(),
        };
        let order: Vec<usize> = items.iter().map(|x| x.2).collect();
        let saved = scope.insert_activities(items.into_iter().map(|(p, a, _)| (p, a)).collect()).await.map_err(e)?;
        for (k, a) in order.into_iter().zip(saved) {
            stored[k] = Some(a);
        }
    }
    let mut activities: Vec<Activity> = stored.into_iter().flatten().collect();

    // 2. The staff publish, return one proposal with a reason, and leave a few to decide.
    let mut steps = Vec::new();
    for (a, p) in activities.iter_mut().zip(&planned) {
        let permit = match p.fate {
            Fate::LeaveProposed => continue,
            Fate::Return => a
                .return_for_changes(
                    "Please name the course's prerequisites and add French as a working language. (demo)",
                    staff,
                    p.approved,
                )
                .map_err(e)?,
            Fate::Publish | Fate::Cancel => a.approve(staff, p.approved).map_err(e)?,
        };
        steps.push((permit, a));
    }
    staff_scope.save_activity_steps(steps).await.map_err(e)?;

    // 2b. The demo partners' programmes (ITPP): opened and drafted by the delegation, agreed by
    //     the staff administrator, some amended since; goals plan published activities of their
    //     area, both sides assess this year's cycle.
    let goals_by_nation = seed_programmes(store, net, staff, &delegate, &activities, now, today).await?;

    // 3. Seat requests from the delegations, only where their nation may take part, filed between
    //    publication and the deadline (or today), one transaction per nation. A partner's request
    //    in an area of one of its programme's goals serves that goal.
    //    Larger states' delegations file earlier in the window: the third of the requesting
    //    states with the largest population from its start, the middle third from a fifth of
    //    it, the smallest from nearly half of it.
    let mut by_size: Vec<(&str, f64)> = REQUESTING
        .iter()
        .map(|(c, _)| {
            let pop =
                c.parse::<NationCode>().ok().and_then(|n| net.nation(&n)?.size.as_ref().map(|s| s.population_millions));
            (*c, pop.unwrap_or(0.0))
        })
        .collect();
    by_size.sort_by(|a, b| b.1.total_cmp(&a.1));
    let lateness: BTreeMap<&str, f64> =
        by_size.iter().enumerate().map(|(k, (c, _))| (*c, [0.0, 0.2, 0.45][(k * 3 / by_size.len()).min(2)])).collect();
    let mut requested = 0;
    for (code, likelihood) in REQUESTING {
        let Some(d) = delegate(code) else { continue };
        let late = lateness.get(code).copied().unwrap_or(0.0);
        let nation: NationCode = code.parse().map_err(e)?;
        let mut items = Vec::new();
        for a in &activities {
            if a.status() != ActivityStatus::Published {
                continue;
            }
            if rng.unit() >= likelihood || a.eligibility(&nation, &BTreeSet::new(), net) != Eligibility::Eligible {
                continue;
            }
            let published = a.history().last().map_or(now, |h| h.at).date_naive();
            let last = a.deadline.min(today);
            let span = (last - published).num_days().max(1);
            let into = ((late + 0.55 * rng.unit()) * span as f64) as i64;
            let day = published + Duration::days(1 + into.min(span - 1));
            let cap = a.nation_cap.unwrap_or(4.min(a.seats));
            let seats = 1 + rng.below(u64::from(cap)) as u32;
            let priority = 1 + rng.below(5) as u32;
            let wanted = seats as usize + rng.below(3) as usize;
            let (first, surnames) = name_pool(code);
            let mut nominees: Vec<String> = Vec::with_capacity(wanted);
            while nominees.len() < wanted {
                let n = format!("{} {}", pick(&mut rng, first), pick(&mut rng, surnames));
                if !nominees.contains(&n) {
                    nominees.push(n);
                }
            }
            let (programme, goal) = match goals_by_nation.get(code) {
                Some((p, by_area)) => (Some(p), by_area.get(&a.area).copied()),
                None => (None, None),
            };
            let draft = SeatRequestDraft { seats, priority, nominees, goal };
            let (r, permit) =
                SeatRequest::submit(SeatRequestId(0), a, &draft, &BTreeSet::new(), programme, &d, at(day, 10), net)
                    .map_err(e)?;
            items.push((permit, r));
        }
        requested += items.len();
        if !items.is_empty() {
            store.scoped(Some(&d)).await.map_err(e)?.insert_seat_requests(items).await.map_err(e)?;
        }
    }

    // 4. A few upcoming activities are cancelled by the staff.
    let mut steps = Vec::new();
    for (a, p) in activities.iter_mut().zip(&planned) {
        if p.fate == Fate::Cancel {
            let permit = a.cancel("The host can no longer run it this year. (demo)", staff, now).map_err(e)?;
            steps.push((permit, a));
        }
    }
    staff_scope.save_activity_steps(steps).await.map_err(e)?;

    // 5. The staff allocate the seats of every activity whose nominations have closed, through
    //    the engine, and publish the allocation.
    let ctx = crate::ctx::Ctx {
        principal: staff.clone(),
        scope: staff_scope.clone(),
        registry: Arc::clone(&registry),
        now: Utc::now(),
        lang: crate::i18n::Lang::En,
        identity: crate::auth::Identity {
            account: None,
            session: None,
            via: crate::auth::Via::Anonymous,
            ip: String::new(),
        },
        targets: Default::default(),
    };
    // The year before first, by the rule of its day: first come, first served.
    let (year, from, to) = earlier_year(today)?;
    let before = run_allocation_by(
        &ctx,
        &format!("DEMO seat allocation {year}: first come, first served, the rule before the fair one (synthetic)"),
        Selection::Starting { from, to },
        SEED,
        Mechanism::Fcfs,
    )
    .await
    .map_err(|err| format!("{err:?}"))?;
    publish_allocation(&ctx, before.id.0, None).await.map_err(|err| format!("{err:?}"))?;
    let run =
        run_allocation(&ctx, "DEMO seat allocation: nominations closed (synthetic)", Selection::DeadlinePassed, SEED)
            .await
            .map_err(|err| format!("{err:?}"))?;
    let lines = before.lines.len() + run.lines.len();
    publish_allocation(&ctx, run.id.0, None).await.map_err(|err| format!("{err:?}"))?;

    // 5b. A few partners give a seat back in an activity that has not started; each seat goes
    //     to the nation waiting for it that holds the fewest seats, and the allocation is
    //     reissued each time (the demo tells nobody: its accounts have no inbox to fill yet).
    let starts: BTreeMap<i64, chrono::NaiveDate> = activities.iter().map(|a| (a.id.0, a.start)).collect();
    let (mut given_back, mut offered_again) = (0, 0);
    let mut givers = BTreeSet::new();
    // Activities where someone still waits, so that the seat is taken up again.
    let waited: BTreeSet<i64> = run.lines.iter().filter(|l| l.granted < l.asked).map(|l| l.activity.0).collect();
    for l in run.lines.iter().filter(|l| waited.contains(&l.activity.0) && l.granted == l.asked) {
        if given_back >= 4 {
            break;
        }
        let late = starts.get(&l.activity.0).is_none_or(|s| *s <= today + Duration::days(7));
        if l.granted == 0
            || late
            || !["UKR", "GEO", "MDA", "TUN", "MRT", "ARM"].contains(&l.nation.as_str())
            || !givers.insert(l.nation.clone())
        {
            continue;
        }
        let Some(d) = delegate(l.nation.as_str()) else { continue };
        let ctx = crate::ctx::Ctx {
            principal: d.clone(),
            scope: store.scoped(Some(&d)).await.map_err(e)?,
            registry: Arc::clone(&registry),
            now: ctx.now,
            lang: crate::i18n::Lang::En,
            identity: crate::auth::Identity {
                account: None,
                session: None,
                via: crate::auth::Via::Anonymous,
                ip: String::new(),
            },
            targets: Default::default(),
        };
        let done = crate::cooperation::seats::answer(&ctx, l.request.0, crate::cooperation::seats::Answer::Decline(1))
            .await
            .map_err(|err| format!("{err:?}"))?;
        given_back += 1;
        offered_again += done.offered;
    }

    // 6. Activities that ended more than a week ago are marked completed.
    let mut steps = Vec::new();
    for a in activities.iter_mut() {
        if a.status() == ActivityStatus::Published && a.end < today - Duration::days(7) {
            steps.push((a.complete(staff, Utc::now()).map_err(e)?, a));
        }
    }
    staff_scope.save_activity_steps(steps).await.map_err(e)?;

    // 7. After the completed activities: the staff record attendance (most attended, most of
    //    those completed), some delegations give feedback, and a third get an after-action report.
    let after = after_activities(store, staff, &delegate, &activities, &mut rng).await?;

    let published = staff_scope
        .activities(&ActivityFilter { status: Some(ActivityStatus::Published), ..Default::default() }, net)
        .await
        .map_err(e)?
        .len();
    Ok(Seeded {
        activities: activities.len(),
        published,
        seat_requests: requested,
        allocation_lines: lines,
        programmes: goals_by_nation.len(),
        given_back,
        offered_again,
        attendance_recorded: after.0,
        participants: after.1,
        feedback: after.2,
        reports: after.3,
    })
}

/// Step 7 of [`seed_cooperation`]: attendance, feedback and reports for the completed activities.
/// Returns (activities recorded, participants, feedback forms, reports).
async fn after_activities(
    store: &Store,
    staff: &Principal,
    delegate: &impl Fn(&str) -> Option<Principal>,
    activities: &[Activity],
    rng: &mut Rng,
) -> Result<(usize, usize, usize, usize), String> {
    use entente_domain::cooperation::after::{self, Attendance, FeedbackDraft};
    const COMMENTS: [&str; 4] = [
        "Well prepared; the exercises matched our needs. (demo)",
        "Useful content, but the days were long. (demo)",
        "Good trainers; more practical work would help. (demo)",
        "",
    ];
    let staff_scope = store.scoped(Some(staff)).await.map_err(e)?;
    let now = Utc::now();
    let (mut recorded, mut people, mut forms, mut reports) = (0, 0, 0, 0);
    for a in activities.iter().filter(|a| a.status() == ActivityStatus::Completed) {
        let (roster, _) = staff_scope.roster_for_writing(a).await.map_err(e)?;
        if roster.is_empty() {
            continue;
        }
        let marks: Vec<Attendance> = roster
            .iter()
            .map(|p| {
                let attended = rng.below(100) < 92;
                Attendance { participant: p.clone(), attended, completed: attended && rng.below(100) < 90 }
            })
            .collect();
        let (marks, permit) = after::record_attendance(a, &roster, &marks, staff, now.date_naive()).map_err(e)?;
        staff_scope.save_attendance(permit, a, &marks).await.map_err(e)?;
        recorded += 1;
        people += marks.len();
        let nations: BTreeSet<&str> =
            marks.iter().filter(|m| m.attended).map(|m| m.participant.nation.as_str()).collect();
        for n in nations {
            if rng.below(100) >= 45 {
                continue;
            }
            let Some(d) = delegate(n) else { continue };
            let score = |rng: &mut Rng| (3 + rng.below(3)).to_string();
            let draft = FeedbackDraft {
                relevance: score(rng),
                quality: score(rng),
                organisation: (2 + rng.below(4)).to_string(),
                comment: pick(rng, &COMMENTS).to_string(),
            };
            let given = at(a.end + Duration::days(1 + rng.below(6) as i64), 9 + rng.below(8) as u32).min(now);
            let (f, permit) = after::give_feedback(a, &draft, &marks, &d, given).map_err(e)?;
            store.scoped(Some(&d)).await.map_err(e)?.save_feedback(permit, a, &f).await.map_err(e)?;
            forms += 1;
        }
        if rng.below(3) == 0 {
            let completed = marks.iter().filter(|m| m.completed).count();
            let body = format!(
                "{} participants from {} nations; {completed} completed the course requirements. Feedback was positive on content and trainers; the schedule will allow more practical work next time. (demo: synthetic report)",
                marks.iter().filter(|m| m.attended).count(),
                marks.iter().map(|m| m.participant.nation.as_str()).collect::<BTreeSet<_>>().len(),
            );
            let (r, permit) =
                after::write_report(a, &body, 0, staff, at(a.end + Duration::days(3), 15).min(now)).map_err(e)?;
            staff_scope.save_after_report(permit, a, &r).await.map_err(e)?;
            reports += 1;
        }
    }
    Ok((recorded, people, forms, reports))
}

/// The demo partners' programmes: (nation, objectives with their goals as (area, description,
/// indicator)). Synthetic, and say so.
type DemoGoal = (&'static str, &'static str, &'static str);
/// An objective and its goals.
type DemoObjective = (&'static str, &'static [DemoGoal]);
const PROGRAMMES: [(&str, &[DemoObjective]); 5] = [
    (
        "UKR",
        &[
            (
                "Interoperable armed forces (demo)",
                &[
                    (
                        "C3",
                        "Secure communications interoperable with allies' (demo)",
                        "Units certified on allied C3 standards",
                    ),
                    ("LOG", "Logistics doctrine aligned with allied standards (demo)", "Doctrine publications adopted"),
                ],
            ),
            (
                "Resilience against hybrid threats (demo)",
                &[
                    (
                        "CYB",
                        "A 24/7 national cyber incident response capability (demo)",
                        "Incidents answered within 24 hours",
                    ),
                    ("CEP", "Civil preparedness plans for critical infrastructure (demo)", "Regions with tested plans"),
                ],
            ),
        ],
    ),
    (
        "GEO",
        &[
            (
                "Defence institution building (demo)",
                &[
                    (
                        "DEI",
                        "Transparent defence budgeting and procurement (demo)",
                        "Budget published with programme lines",
                    ),
                    ("MET", "A professional education system for officers (demo)", "Courses accredited"),
                ],
            ),
            (
                "Black Sea security (demo)",
                &[("REG", "Maritime situational awareness on the coast (demo)", "Coast covered by sensors, %")],
            ),
        ],
    ),
    (
        "MLT",
        &[(
            "Maritime security and civil emergencies (demo)",
            &[
                ("CPR", "Search and rescue coordination at sea (demo)", "Exercises with allied centres per year"),
                ("ENS", "Port resilience against disruption (demo)", "Ports with tested continuity plans"),
            ],
        )],
    ),
    (
        "TUN",
        &[(
            "Counter-terrorism and border security (demo)",
            &[
                ("CT", "Counter-IED training for border units (demo)", "Border units trained"),
                ("CYB", "Protection of government networks (demo)", "Ministries connected to the national CERT"),
            ],
        )],
    ),
    (
        "MRT",
        &[(
            "Border and maritime security (demo)",
            &[(
                "BSC",
                "Border guard training in the Sahel context (demo)",
                "Border posts staffed with trained officers",
            )],
        )],
    ),
];

/// A partner's programme and, for each area its goals name, the first goal in that area.
type DemoGoals = BTreeMap<&'static str, (entente_domain::cooperation::Programme, BTreeMap<String, u32>)>;

#[allow(clippy::too_many_arguments)]
async fn seed_programmes(
    store: &Store,
    net: &entente_domain::registry::Network,
    staff: &Principal,
    delegate: &impl Fn(&str) -> Option<Principal>,
    activities: &[Activity],
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<DemoGoals, String> {
    use entente_domain::cooperation::{Goal, Objective, Programme, Rating, Support};
    let admin = staff.role == entente_domain::access::Role::StaffAdmin;
    let staff_scope = store.scoped(Some(staff)).await.map_err(e)?;
    let known: BTreeSet<ActivityId> = activities.iter().map(|a| a.id).collect();
    let mut out = BTreeMap::new();
    let opened = now - Duration::days(330);
    let agreed_at = now - Duration::days(300);
    for (i, (code, objectives)) in PROGRAMMES.iter().enumerate() {
        let Some(d) = delegate(code) else { continue };
        let nation: NationCode = code.parse().map_err(e)?;
        let scope = store.scoped(Some(&d)).await.map_err(e)?;
        let (p, permit) = Programme::open(&d, opened, net).map_err(e)?;
        let mut p = scope.insert_programme(permit, p).await.map_err(e)?;
        // One edit per objective: the objective (key 0) and its goals.
        for (text, goals) in objectives.iter() {
            let mut plan = p.plan.clone();
            plan.objectives.push(Objective { key: 0, text: (*text).to_string() });
            for (area, description, indicator) in goals.iter() {
                // Two published activities of the area the nation may take part in, by year.
                let supports: Vec<Support> = activities
                    .iter()
                    .filter(|a| {
                        a.area == *area
                            && a.status() == ActivityStatus::Published
                            && a.eligibility(&nation, &BTreeSet::new(), net) == Eligibility::Eligible
                    })
                    .take(2)
                    .map(|a| Support { activity: a.id, year: chrono::Datelike::year(&a.start) })
                    .collect();
                plan.goals.push(Goal {
                    key: 0,
                    objective: 0,
                    area: (*area).to_string(),
                    description: (*description).to_string(),
                    target: today + Duration::days(730),
                    indicator: (*indicator).to_string(),
                    activities: supports,
                });
            }
            let permit = p.edit(plan, &known, &d, opened).map_err(e)?;
            scope.save_programme(permit, &mut p).await.map_err(e)?;
        }
        let permit = p
            .comment(
                "Please add a measurable target date for each goal. (demo)",
                None,
                false,
                staff,
                opened + Duration::days(7),
            )
            .map_err(e)?;
        staff_scope.save_programme(permit, &mut p).await.map_err(e)?;
        // Mauritania's stays a draft; the others are agreed; Malta has amended its since.
        if admin && *code != "MRT" {
            let permit = p.agree(staff, agreed_at).map_err(e)?;
            staff_scope.save_programme(permit, &mut p).await.map_err(e)?;
            let cycle = chrono::Datelike::year(&today);
            for (j, g) in p.plan.goals.clone().iter().enumerate() {
                let rating = [Rating::InProgress, Rating::LargelyMet, Rating::Met, Rating::NotStarted][(i + j) % 4];
                let permit = p
                    .assess(
                        cycle,
                        g.key,
                        rating,
                        "Self-assessment for the demo cycle. (demo)",
                        &d,
                        now - Duration::days(20),
                    )
                    .map_err(e)?;
                scope.save_programme(permit, &mut p).await.map_err(e)?;
                let staff_rating =
                    [Rating::InProgress, Rating::InProgress, Rating::LargelyMet, Rating::NotStarted][(i + j) % 4];
                let permit = p
                    .assess(
                        cycle,
                        g.key,
                        staff_rating,
                        "Staff assessment for the demo cycle. (demo)",
                        staff,
                        now - Duration::days(10),
                    )
                    .map_err(e)?;
                staff_scope.save_programme(permit, &mut p).await.map_err(e)?;
            }
            if *code == "MLT" {
                let mut plan = p.plan.clone();
                if let Some(g) = plan.goals.first_mut() {
                    g.target = today + Duration::days(900);
                }
                let permit = p.edit(plan, &known, &d, now - Duration::days(5)).map_err(e)?;
                scope.save_programme(permit, &mut p).await.map_err(e)?;
            }
        }
        let mut by_area = BTreeMap::new();
        for g in &p.plan.goals {
            by_area.entry(g.area.clone()).or_insert(g.key);
        }
        out.insert(*code, (p, by_area));
    }
    Ok(out)
}
