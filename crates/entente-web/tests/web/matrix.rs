//! The authorization matrix: every route of the router × every role × {own nation, another nation,
//! a second foreign nation, an item hidden inside a visible meeting}, plus anonymous callers.
//!
//! Every case meets the same fixture: read cases run on it as built, then the database is frozen
//! and every write case runs on a pristine copy (a case that changed anything is followed by a
//! fresh copy), so each case has exactly one expected status. After every case the audit log —
//! which every write appends to in its own transaction — tells whether anything changed: an
//! allowed write must have changed something, a refused one and every read nothing. No body a
//! nation receives may carry another nation's unreleased data. A route missing from `expect`
//! fails the test.

use std::collections::BTreeMap;

use entente_domain::access::{Audience, Marking, Role};
use entente_store::Actor;
use entente_store::registry::NewContact;
use entente_testkit::{Session, TestApp, TestResponse};
use entente_web::routes::{RouteInfo, Surface};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    StaffAdmin,
    StaffOfficer,
    StaffAnalyst,
    Lead,
    Member,
    NationAnalyst,
}

impl Who {
    const ALL: [Who; 7] = [
        Who::Anonymous,
        Who::StaffAdmin,
        Who::StaffOfficer,
        Who::StaffAnalyst,
        Who::Lead,
        Who::Member,
        Who::NationAnalyst,
    ];

    fn is_staff(self) -> bool {
        matches!(self, Who::StaffAdmin | Who::StaffOfficer | Who::StaffAnalyst)
    }

    fn signed(self) -> bool {
        self != Who::Anonymous
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rel {
    /// The caller's own nation's object (the staff's own, for staff).
    Own,
    /// Another nation's object.
    Other,
    /// A second foreign nation's object.
    Second,
    /// An item the caller's nation may not see, inside a meeting it sits in.
    Hidden,
}

impl Rel {
    const ALL: [Rel; 4] = [Rel::Own, Rel::Other, Rel::Second, Rel::Hidden];
}

/// What a case expects.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Status(u16),
    /// A redirect to the sign-in page.
    Login,
}

struct Caller {
    session: Option<Session>,
    token: Option<String>,
    /// A second token of this caller's, for revocation cases.
    spare_token: i64,
    user_id: i64,
}

struct Fixture {
    callers: BTreeMap<Who, Caller>,
    staff_target: i64,
    mlt_target: i64,
    ukr_target: i64,
    geo_target: i64,
    ukr_token: i64,
    geo_token: i64,
    /// Consultation objects of each nation: own (MLT), other (UKR), second (GEO).
    sets: [Forum; 3],
    /// Items inside MLT's meetings that MLT may not see (staff only).
    hidden: Hidden,
    /// Cooperation objects: own (MLT), other (UKR), second (GEO).
    coop: [Coop; 3],
    /// An alert built from open data (visible to every signed-in account).
    alert: i64,
    /// The event import that alert comes from (staff only).
    import: i64,
    /// Security-challenge reports for the staff only, filed by MLT, UKR and GEO.
    reports: [i64; 3],
    /// A document attached to each of those reports by its filer ("SECRET-<nation>-DOCUMENT").
    report_documents: [i64; 3],
    /// A point of contact of each nation the cases name (FIN for the staff's own), by code.
    contacts: BTreeMap<&'static str, i64>,
}

/// Cooperation objects for one relation. Own: a published activity with nominations open, MLT's
/// seat request in it, a published allocation. Other: an ally's unpublished proposal, UKR's
/// request, a draft allocation. Second: a published activity released to UKR alone, GEO's
/// request, another draft allocation.
#[derive(Debug, Clone, Copy)]
struct Coop {
    activity: i64,
    request: i64,
    allocation: i64,
}

/// One nation's part of the forum: meetings seating it (allies + the nation) and their contents.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Forum {
    /// Planned, with the nation's pending agenda item, its statement and a date poll.
    pub upcoming: i64,
    /// Held, with a decision, an action owned by the nation and a drafted record.
    pub held: i64,
    /// Held, its record circulating under silence.
    pub silent: i64,
    pub item: i64,
    pub paper: i64,
    pub decision: i64,
    pub action: i64,
    pub poll: i64,
    /// The nation's consultation request, acknowledged.
    pub request: i64,
}

/// Items in MLT's meetings released to staff only.
#[derive(Debug, Clone, Copy)]
struct Hidden {
    item: i64,
    paper: i64,
    decision: i64,
    action: i64,
}

const OWN: &str = "MLT";
const OTHER: &str = "UKR";
const SECOND: &str = "GEO";

pub(crate) async fn token_for(app: &TestApp, user_id: i64, name: &str) -> (String, i64) {
    app.api_token(user_id, name).await
}

async fn fixture(app: &TestApp) -> Fixture {
    let roles = [
        (Who::StaffAdmin, None, Role::StaffAdmin),
        (Who::StaffOfficer, None, Role::StaffOfficer),
        (Who::StaffAnalyst, None, Role::Analyst),
        (Who::Lead, Some(OWN), Role::DelegationLead),
        (Who::Member, Some(OWN), Role::DelegationMember),
        (Who::NationAnalyst, Some(OWN), Role::Analyst),
    ];
    let mut callers = BTreeMap::new();
    callers.insert(Who::Anonymous, Caller { session: None, token: None, spare_token: 0, user_id: 0 });
    for (who, nation, role) in roles {
        let u = app.user(&format!("{who:?}").to_lowercase(), nation, role).await;
        let session = app.login(&u).await;
        let (token, _) = token_for(app, u.id, "matrix").await;
        let (_, spare) = token_for(app, u.id, "spare").await;
        callers.insert(who, Caller { session: Some(session), token: Some(token), spare_token: spare, user_id: u.id });
    }
    let staff_target = app.user("staff-target", None, Role::Analyst).await.id;
    let mlt_target = app.user("mlt-target", Some(OWN), Role::DelegationMember).await.id;
    let ukr = app.user("ukr-target", Some(OTHER), Role::DelegationMember).await;
    let geo = app.user("geo-target", Some(SECOND), Role::DelegationMember).await;
    // Other nations' unreleased data, with markers that must never reach a foreign body.
    let store = &app.db.store;
    let ukr_principal = store.account(ukr.id).await.unwrap().principal();
    let geo_principal = store.account(geo.id).await.unwrap().principal();
    store.set_role(&Actor::from_principal(&ukr_principal), ukr.id, Role::DelegationMember).await.unwrap();
    let (_, ukr_token) = token_for(app, ukr.id, "SECRET-UKR-TOKEN").await;
    let (_, geo_token) = token_for(app, geo.id, "SECRET-GEO-TOKEN").await;
    let staff_only = |originator: &str| Marking {
        classification: "NATO RESTRICTED".into(),
        audience: Audience::StaffOnly,
        originator: Some(originator.parse().unwrap()),
        released_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    };
    let contact = |name: &str| NewContact { name: name.into(), role: "SECRET".into(), email: None, phone: None };
    for (code, who) in [(OTHER, &ukr_principal), (SECOND, &geo_principal)] {
        store
            .add_contact(
                &Actor::from_principal(who),
                &code.parse().unwrap(),
                contact(&format!("SECRET-{code}-CONTACT")),
                &staff_only(code),
            )
            .await
            .unwrap();
    }
    store
        .add_contact(&Actor::system("test"), &OWN.parse().unwrap(), contact("SECRET-MLT-CONTACT"), &staff_only(OWN))
        .await
        .unwrap();
    let staff = fx_principal(app, callers[&Who::StaffAdmin].user_id).await;
    let mlt = fx_principal(app, callers[&Who::Member].user_id).await;
    let sets = forum_fixture(app, &staff, &[&mlt, &ukr_principal, &geo_principal], true).await;
    let hidden = hidden_fixture(app, &staff, &sets[0]).await;
    let coop = coop_fixture(app, &staff, &mlt, &ukr_principal, &geo_principal).await;
    programme_fixture(app, &staff, &[&mlt, &ukr_principal, &geo_principal]).await;
    assert!(app.with_small_event_history().await > 0);
    let mut reports = [0i64; 3];
    for (slot, by) in [&mlt, &ukr_principal, &geo_principal].into_iter().enumerate() {
        use entente_domain::warning::{ReportDraft, SecurityReport};
        let draft = ReportDraft {
            category: "human_trafficking".into(),
            country: "LBY".into(),
            admin1: String::new(),
            occurred_on: chrono::Utc::now().date_naive(),
            until: None,
            description: format!("SECRET-REPORT-{slot}"),
            sources: String::new(),
            fatalities: None,
            release: release(Audience::StaffOnly),
        };
        let (r, permit) = SecurityReport::file(&draft, by, chrono::Utc::now()).unwrap();
        reports[slot] = app.db.store.scoped(Some(by)).await.unwrap().insert_report(permit, r).await.unwrap().id;
    }
    let mut report_documents = [0i64; 3];
    for (slot, (by, nation)) in [(&mlt, OWN), (&ukr_principal, OTHER), (&geo_principal, SECOND)].into_iter().enumerate()
    {
        use sha2::Digest;
        let scope = app.db.store.scoped(Some(by)).await.unwrap();
        let (mut report, _) = scope.report_with_attachments(reports[slot]).await.unwrap();
        let permit = report.attach(0, by).unwrap();
        let content = format!("SECRET-{nation}-DOCUMENT");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("content");
        std::fs::write(&path, &content).unwrap();
        let sha = entente_store::audit::hex(&sha2::Sha256::digest(content.as_bytes()));
        let file = entente_domain::consultation::PaperFile {
            name: "evidence.txt".into(),
            content_type: "text/plain; charset=utf-8".into(),
            size_bytes: content.len() as i64,
        };
        let staged = entente_store::consultation::StagedFile { path: &path, sha256: &sha };
        report_documents[slot] = scope.insert_report_attachment(permit, &mut report, &file, staged).await.unwrap().id;
    }
    // An alert on Mali: no caller's own country, so only the staff may propose consultations on it.
    let alert = app.db.store.scoped(Some(&staff)).await.unwrap().alerts(&Default::default()).await.unwrap();
    let alert = alert.iter().find(|a| a.cell.country.as_str() == "MLI").expect("an alert on Mali").id;
    let import = app.db.store.event_imports(1).await.unwrap()[0].id;
    // The fixture was written straight to the store: index it, so search has foreign items to hide.
    assert!(app.reindex().await > 0);
    // One contact of each nation the cases name: the demo's desk (the one a delegation's own
    // staff-only contact is added beside).
    let staff_scope = store.scoped(Some(&staff)).await.unwrap();
    let mut contacts = BTreeMap::new();
    for code in ["FIN", OWN, OTHER, SECOND] {
        let found = staff_scope.contacts(&code.parse().unwrap()).await.unwrap();
        contacts.insert(code, found.first().expect("a contact of every nation").0.id);
    }
    Fixture {
        callers,
        staff_target,
        mlt_target,
        ukr_target: ukr.id,
        geo_target: geo.id,
        ukr_token,
        geo_token,
        sets: [sets[0], sets[1], sets[2]],
        hidden,
        coop,
        alert,
        import,
        reports,
        report_documents,
        contacts,
    }
}

/// The cooperation area's objects (see [`Coop`]), written through the domain and the store.
async fn coop_fixture(
    app: &TestApp,
    staff: &entente_domain::access::Principal,
    mlt: &entente_domain::access::Principal,
    ukr: &entente_domain::access::Principal,
    geo: &entente_domain::access::Principal,
) -> [Coop; 3] {
    use entente_domain::cooperation::*;
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let fra = app.user("fra-proposer", Some("FRA"), Role::DelegationMember).await;
    let deu = app.user("deu-proposer", Some("DEU"), Role::DelegationMember).await;
    let fra = fx_principal(app, fra.id).await;
    let deu = fx_principal(app, deu.id).await;
    let scope = |p: &entente_domain::access::Principal| {
        let p = p.clone();
        async move { app.db.store.scoped(Some(&p)).await.unwrap() }
    };
    let net = app.db.store.registry().await.unwrap();
    let net = &net.network;
    let draft = |code: &str, title: &str, start_in: i64, deadline_in: i64, audience: Audience| ActivityDraft {
        code: code.into(),
        title_en: title.into(),
        title_fr: title.into(),
        aim_en: String::new(),
        aim_fr: String::new(),
        area: "CYB".into(),
        kind: ActivityKind::Course,
        institution: "NATO School Oberammergau".into(),
        start: today + chrono::Duration::days(start_in),
        end: today + chrono::Duration::days(start_in + 4),
        location: "Oberammergau".into(),
        languages: vec![entente_domain::Lang::En],
        seats: 10,
        nation_cap: Some(3),
        frameworks: vec![],
        prerequisites: vec![],
        fee_eur: 0,
        deadline: today + chrono::Duration::days(deadline_in),
        release: release(audience),
    };
    let staff_scope = scope(staff).await;
    let publish = |mut a: Activity, at: chrono::DateTime<chrono::Utc>| {
        let staff_scope = &staff_scope;
        async move {
            let permit = a.approve(staff, at).unwrap();
            staff_scope.save_activity(permit, &mut a).await.unwrap();
            a
        }
    };
    // Own: published, nominations open.
    let (a, permit) = Activity::propose(
        ActivityId(0),
        &draft("MX-OPEN", "Open course", 60, 30, Audience::AllPartners),
        staff,
        now,
        net,
    )
    .unwrap();
    let open = publish(staff_scope.insert_activity(permit, a).await.unwrap(), now).await;
    // MLT's own request sits in a second open activity, so that it may still request seats in the first.
    let (a, permit) = Activity::propose(
        ActivityId(0),
        &draft("MX-OPEN-2", "Second open course", 61, 30, Audience::AllPartners),
        staff,
        now,
        net,
    )
    .unwrap();
    let second_open = publish(staff_scope.insert_activity(permit, a).await.unwrap(), now).await;
    // A published activity whose nominations have closed, for the allocation run.
    let past = now - chrono::Duration::days(10);
    let (a, permit) = Activity::propose(
        ActivityId(0),
        &draft("MX-CLOSED", "Closed course", 5, -1, Audience::AllPartners),
        staff,
        past,
        net,
    )
    .unwrap();
    publish(staff_scope.insert_activity(permit, a).await.unwrap(), past).await;
    // Other: an ally's proposal, not yet published.
    let (a, permit) = Activity::propose(
        ActivityId(0),
        &draft("MX-FRA", "SECRET-UKR French proposal", 90, 60, Audience::AllPartners),
        &fra,
        now,
        net,
    )
    .unwrap();
    let proposal = scope(&fra).await.insert_activity(permit, a).await.unwrap();
    // Second: published, released to UKR alone.
    let (a, permit) = Activity::propose(
        ActivityId(0),
        &draft("MX-UKR", "SECRET-UKR course for Ukraine", 90, 60, Audience::Nations(vec!["UKR".parse().unwrap()])),
        &deu,
        now,
        net,
    )
    .unwrap();
    let restricted = publish(scope(&deu).await.insert_activity(permit, a).await.unwrap(), now).await;
    // Seat requests in the open activity.
    let mut requests = Vec::new();
    for (p, code) in [(mlt, OWN), (ukr, OTHER), (geo, SECOND)] {
        let d =
            SeatRequestDraft { seats: 2, priority: 1, nominees: vec![format!("SECRET-{code}-NOMINEE")], goal: None };
        let (r, permit) = SeatRequest::submit(
            SeatRequestId(0),
            if code == OWN { &second_open } else { &open },
            &d,
            &std::collections::BTreeSet::new(),
            None,
            p,
            now,
            net,
        )
        .unwrap();
        requests.push(scope(p).await.insert_seat_request(permit, r).await.unwrap());
    }
    let lines: Vec<AllocationLine> = requests
        .iter()
        .map(|r| AllocationLine {
            request: r.id,
            nation: r.nation.clone(),
            activity: r.activity,
            asked: 2,
            granted: 1,
            placed: vec![],
            explanation_en: format!("SECRET-{}-EXPLANATION", r.nation),
            explanation_fr: format!("SECRET-{}-EXPLICATION", r.nation),
            rank: None,
        })
        .collect();
    let mut runs = Vec::new();
    for title in ["Published", "Draft", "Second draft"] {
        let (run, permit) = AllocationRun::draft(
            title,
            "primary",
            1,
            vec![open.id, second_open.id],
            lines.clone(),
            serde_json::json!({"nations": "SECRET-UKR report"}),
            staff,
            now,
        )
        .unwrap();
        runs.push(staff_scope.insert_allocation(permit, run).await.unwrap());
    }
    let permit = runs[0].publish(None, None, staff, now).unwrap();
    staff_scope.save_allocation(permit, &mut runs[0], &[]).await.unwrap();
    [
        Coop { activity: open.id.0, request: requests[0].id.0, allocation: runs[0].id.0 },
        Coop { activity: proposal.id.0, request: requests[1].id.0, allocation: runs[1].id.0 },
        Coop { activity: restricted.id.0, request: requests[2].id.0, allocation: runs[2].id.0 },
    ]
}

/// A programme for MLT, UKR and GEO: objective 1 and goal 2 agreed as version 1 by the staff
/// administrator `admin`, then amended (goal 3 added), so that it may be agreed again.
async fn programme_fixture(
    app: &TestApp,
    admin: &entente_domain::access::Principal,
    partners: &[&entente_domain::access::Principal],
) {
    use entente_domain::cooperation::*;
    let now = chrono::Utc::now();
    let net = app.db.store.registry().await.unwrap();
    let net = &net.network;
    // A new goal (key 0) under objective `objective` (0: the objective added in the same edit).
    let goal = |objective: u32, code: &str| Goal {
        key: 0,
        objective,
        area: "CYB".into(),
        description: format!("SECRET-{code}-GOAL"),
        target: now.date_naive() + chrono::Duration::days(700),
        indicator: format!("SECRET-{code}-INDICATOR"),
        activities: vec![],
    };
    let none = std::collections::BTreeSet::new();
    for p in partners {
        let code = p.nation().unwrap().to_string();
        let scope = app.db.store.scoped(Some(p)).await.unwrap();
        let (prog, permit) = Programme::open(p, now, net).unwrap();
        let mut prog = scope.insert_programme(permit, prog).await.unwrap();
        let plan = Plan {
            objectives: vec![Objective { key: 0, text: format!("SECRET-{code}-OBJECTIVE") }],
            goals: vec![goal(0, &code)],
        };
        let permit = prog.edit(plan, &none, p, now).unwrap();
        scope.save_programme(permit, &mut prog).await.unwrap();
        let permit = prog.agree(admin, now).unwrap();
        app.db.store.scoped(Some(admin)).await.unwrap().save_programme(permit, &mut prog).await.unwrap();
        let mut plan = prog.plan.clone();
        plan.goals.push(goal(1, &code));
        let permit = prog.edit(plan, &none, p, now).unwrap();
        scope.save_programme(permit, &mut prog).await.unwrap();
        assert_eq!(prog.plan.goals.iter().map(|g| g.key).collect::<Vec<_>>(), vec![2, 3]);
    }
}

async fn fx_principal(app: &TestApp, id: i64) -> entente_domain::access::Principal {
    app.db.store.account(id).await.unwrap().principal()
}

pub(crate) type Pair = (i64, i64);

fn release(a: Audience) -> entente_domain::consultation::Release {
    entente_domain::consultation::Release::new(
        "NATO UNCLASSIFIED",
        a,
        &entente_domain::access::Classifications::default(),
    )
    .unwrap()
}

/// Meetings and what is in them, one set per nation (allies + that nation). What a nation other
/// than MLT releases to staff only carries `SECRET-<code>` markers that no other nation may ever
/// receive. With `records`, each held meeting has a drafted record and a third meeting has its
/// record circulating under silence; each request is acknowledged.
pub(crate) async fn forum_fixture(
    app: &TestApp,
    staff: &entente_domain::access::Principal,
    nations: &[&entente_domain::access::Principal],
    records: bool,
) -> Vec<Forum> {
    use entente_domain::consultation::*;
    use entente_domain::registry::FormatSpec;
    let store = &app.db.store;
    let net = store.load_network().await.unwrap();
    // In the past, with its later steps too: a case that changes these histories at the clock's
    // time must come after them, however soon it runs.
    let now = chrono::Utc::now() - chrono::Duration::seconds(30);
    let as_staff = store.scoped(Some(staff)).await.unwrap();
    let plan = |title: &str, partner: &str, start: chrono::DateTime<chrono::Utc>| MeetingDraft {
        title: title.into(),
        level: MeetingLevel::Ambassadors,
        format: FormatSpec { include_allies: true, frameworks: vec![], partners: vec![partner.parse().unwrap()] },
        start,
        end: start + chrono::Duration::hours(2),
        time_zone: "Europe/Brussels".parse().unwrap(),
        venue: Venue::Place { name: "NATO Headquarters".into() },
        request: None,
    };
    let held_meeting = |title: String, partner: &str| {
        let (mut h, permit) =
            Meeting::plan(MeetingId(0), plan(&title, partner, now - chrono::Duration::days(2)), staff, now).unwrap();
        h.advance(MeetingStatus::Convened, staff, now, "", None).unwrap();
        h.advance(MeetingStatus::Held, staff, now + chrono::Duration::seconds(1), "", None).unwrap();
        (h, permit)
    };
    let mut out = Vec::new();
    for who in nations {
        let code = who.nation().unwrap().to_string();
        let foreign = code != OWN;
        let secret = |what: &str| if foreign { format!("SECRET-{code}-{what}") } else { format!("{code} {what}") };
        let as_who = store.scoped(Some(who)).await.unwrap();
        let (m, permit) =
            Meeting::plan(MeetingId(0), plan(&secret("MEETING"), &code, now + chrono::Duration::days(7)), staff, now)
                .unwrap();
        let m = as_staff.insert_meeting(permit, m).await.unwrap();
        let (h, permit) = held_meeting(secret("HELD"), &code);
        let h = as_staff.insert_meeting(permit, h).await.unwrap();
        let audience = if foreign { Audience::StaffOnly } else { Audience::AllPartners };
        let mut agenda = Agenda::new(m.id);
        let proposal =
            AgendaProposal { title: secret("ITEM"), description: String::new(), release: release(audience.clone()) };
        let (item, permit) = agenda.propose(AgendaItemId(0), &proposal, who, now, &m, &net).unwrap();
        let item = as_who.insert_agenda_item(permit, item.clone()).await.unwrap();
        let draft = PaperDraft {
            kind: PaperKind::Statement,
            title: secret("STATEMENT"),
            body: secret("STATEMENT text"),
            file: None,
            release: release(audience.clone()),
        };
        let (paper, permit) = Paper::add(&m, draft, who, now, &net).unwrap();
        let paper = as_who.insert_paper(permit, &paper, None).await.unwrap();
        let later = now + chrono::Duration::seconds(2);
        let draft = DecisionDraft {
            text: "Allies agreed to meet again.".into(),
            release: release(Audience::AllPartners),
            positions: vec![],
        };
        let (d, permit) = Decision::record(DecisionId(0), &h, &draft, staff, later, &net).unwrap();
        let d = as_staff.insert_decision(permit, d).await.unwrap();
        let draft = ActionDraft {
            title: secret("ACTION"),
            owner: code.parse().unwrap(),
            due: (now + chrono::Duration::days(30)).date_naive(),
            decision: None,
            release: release(Audience::StaffOnly),
        };
        let (a, permit) = Action::assign(ActionId(0), &h, &draft, staff, later, &net).unwrap();
        let a = as_staff.insert_action(permit, a).await.unwrap();
        let draft = PollDraft {
            title: "When shall we meet?".into(),
            options: vec![now + chrono::Duration::days(8), now + chrono::Duration::days(9)],
            hide_results_until_close: false,
            closes_at: None,
        };
        let (poll, permit) = Poll::open(PollId(0), &m, &draft, staff, now).unwrap();
        let poll = as_staff.insert_poll(permit, poll).await.unwrap();
        let basis = if code == OWN { RequestBasis::Other } else { RequestBasis::Paragraph8 };
        let draft = RequestDraft { basis, threat: secret("THREAT"), release: release(Audience::StaffOnly) };
        let (mut r, permit) = ConsultationRequest::file(RequestId(0), &draft, who, now, &net).unwrap();
        r = as_who.insert_request(permit, r).await.unwrap();
        let mut silent = h.id;
        if records {
            let permit = r.acknowledge("", staff, later).unwrap();
            as_staff.save_request(permit, &mut r).await.unwrap();
            let (mut record, permit) =
                SummaryRecord::draft(&h, &release(Audience::AllPartners), "The Council met.", staff, later).unwrap();
            as_staff.save_record(permit, &mut record).await.unwrap();
            let (s, permit) = held_meeting(secret("SILENT"), &code);
            let s = as_staff.insert_meeting(permit, s).await.unwrap();
            let (mut record, permit) =
                SummaryRecord::draft(&s, &release(Audience::AllPartners), "The Council met.", staff, later).unwrap();
            as_staff.save_record(permit, &mut record).await.unwrap();
            let permit = record.circulate(1, now + chrono::Duration::days(5), staff, later).unwrap();
            as_staff.save_record(permit, &mut record).await.unwrap();
            silent = s.id;
        }
        out.push(Forum {
            upcoming: m.id.0,
            held: h.id.0,
            silent: silent.0,
            item: item.id.0,
            paper,
            decision: d.id.0,
            action: a.id.0,
            poll: poll.id.0,
            request: r.id.0,
        });
    }
    out
}

/// Items in the own nation's meetings that it may not see: a pending item staff proposed, a
/// staff-only statement and decision, and a staff-only action owned by an ally.
async fn hidden_fixture(app: &TestApp, staff: &entente_domain::access::Principal, own: &Forum) -> Hidden {
    use entente_domain::consultation::*;
    let store = &app.db.store;
    let net = store.load_network().await.unwrap();
    // After the forum fixture's steps, before any case's.
    let now = chrono::Utc::now() - chrono::Duration::seconds(10);
    let scope = store.scoped(Some(staff)).await.unwrap();
    let upcoming = scope.meeting(own.upcoming, &net).await.unwrap();
    let held = scope.meeting(own.held, &net).await.unwrap();
    let mut agenda = scope.agenda_for_change(&upcoming, None, &net).await.unwrap();
    let proposal = AgendaProposal {
        title: "SECRET-HIDDEN-ITEM".into(),
        description: String::new(),
        release: release(Audience::StaffOnly),
    };
    let (item, permit) = agenda.propose(AgendaItemId(0), &proposal, staff, now, &upcoming, &net).unwrap();
    let item = scope.insert_agenda_item(permit, item.clone()).await.unwrap();
    let draft = PaperDraft {
        kind: PaperKind::Statement,
        title: "SECRET-HIDDEN-STATEMENT".into(),
        body: "SECRET-HIDDEN text".into(),
        file: None,
        release: release(Audience::StaffOnly),
    };
    let (paper, permit) = Paper::add(&upcoming, draft, staff, now, &net).unwrap();
    let paper = scope.insert_paper(permit, &paper, None).await.unwrap();
    let draft = DecisionDraft {
        text: "SECRET-HIDDEN-DECISION".into(),
        release: release(Audience::StaffOnly),
        positions: vec![],
    };
    let (d, permit) = Decision::record(DecisionId(0), &held, &draft, staff, now, &net).unwrap();
    let d = scope.insert_decision(permit, d).await.unwrap();
    let draft = ActionDraft {
        title: "SECRET-HIDDEN-ACTION".into(),
        owner: "NOR".parse().unwrap(),
        due: (now + chrono::Duration::days(30)).date_naive(),
        decision: None,
        release: release(Audience::StaffOnly),
    };
    let (a, permit) = Action::assign(ActionId(0), &held, &draft, staff, now, &net).unwrap();
    let a = scope.insert_action(permit, a).await.unwrap();
    Hidden { item: item.id.0, paper, decision: d.id.0, action: a.id.0 }
}

/// Meetings and what is in them, one set seating MLT (own) and one seating UKR (other), as
/// pairs (own, other): upcoming, held, item, paper, decision, action, poll, request.
pub(crate) async fn consultation_fixture(
    app: &TestApp,
    staff: &entente_domain::access::Principal,
    mlt: &entente_domain::access::Principal,
    ukr: &entente_domain::access::Principal,
) -> (Pair, Pair, Pair, Pair, Pair, Pair, Pair, Pair) {
    let f = forum_fixture(app, staff, &[mlt, ukr], false).await;
    let pair = |g: fn(&Forum) -> i64| (g(&f[0]), g(&f[1]));
    (
        pair(|x| x.upcoming),
        pair(|x| x.held),
        pair(|x| x.item),
        pair(|x| x.paper),
        pair(|x| x.decision),
        pair(|x| x.action),
        pair(|x| x.poll),
        pair(|x| x.request),
    )
}

/// The path to request, with sample values for its parameters.
fn path_for(route: &RouteInfo, who: Who, rel: Rel, fx: &Fixture) -> String {
    let own_target = if who.is_staff() { fx.staff_target } else { fx.mlt_target };
    let target = match rel {
        Rel::Own | Rel::Hidden => own_target,
        Rel::Other => fx.ukr_target,
        Rel::Second => fx.geo_target,
    };
    let nation = match (rel, who.is_staff()) {
        (Rel::Own | Rel::Hidden, true) => "FIN",
        (Rel::Own | Rel::Hidden, false) => OWN,
        (Rel::Other, _) => OTHER,
        (Rel::Second, _) => SECOND,
    };
    let token = match rel {
        Rel::Own | Rel::Hidden => fx.callers[&who].spare_token,
        Rel::Other => fx.ukr_token,
        Rel::Second => fx.geo_token,
    };
    let set = match rel {
        Rel::Own | Rel::Hidden => &fx.sets[0],
        Rel::Other => &fx.sets[1],
        Rel::Second => &fx.sets[2],
    };
    let hidden = rel == Rel::Hidden;
    let path = route.path;
    let coop = match rel {
        Rel::Own | Rel::Hidden => &fx.coop[0],
        Rel::Other => &fx.coop[1],
        Rel::Second => &fx.coop[2],
    };
    let id = if path.contains("/contacts/") {
        fx.contacts[nation]
    } else if path.contains("tokens") {
        token
    } else if path.contains("/alerts/") {
        fx.alert
    } else if path.contains("/imports/") {
        fx.import
    } else if path.contains("/reports/") {
        match rel {
            Rel::Own | Rel::Hidden => fx.reports[0],
            Rel::Other => fx.reports[1],
            Rel::Second => fx.reports[2],
        }
    } else if path.contains("/activities/") {
        coop.activity
    } else if path.contains("/seat-requests/") {
        coop.request
    } else if path.contains("/allocations/") {
        coop.allocation
    } else if path.contains("/inbox/") {
        // Nobody's notification: the fixture's meetings notify real accounts, whose ids are small.
        999_999
    } else if path.contains("/users/") {
        target
    } else if path.starts_with("/papers/") {
        if hidden { fx.hidden.paper } else { set.paper }
    } else if path.starts_with("/decisions/") {
        if hidden { fx.hidden.decision } else { set.decision }
    } else if path.starts_with("/actions/") {
        if hidden { fx.hidden.action } else { set.action }
    } else if path.starts_with("/polls/") {
        set.poll
    } else if path.contains("/requests/") {
        set.request
    } else if path.ends_with("/record/break") {
        set.silent
    } else if path.contains("/record") || path.ends_with("/decisions") || path.ends_with("/actions") {
        set.held
    } else if path.contains("/meetings/") {
        set.upcoming
    } else {
        target
    };
    let item = if hidden { fx.hidden.item } else { set.item };
    let document = match rel {
        Rel::Own | Rel::Hidden => fx.report_documents[0],
        Rel::Other => fx.report_documents[1],
        Rel::Second => fx.report_documents[2],
    };
    // The equal-treatment figures (the own relation's question) with their size groups by GDP
    // (`size`, Q6 only) for a delegation lead and a staff analyst, by population for the others.
    let query = if route.path.ends_with("/search") {
        "?q=secret"
    } else if route.path.ends_with("/evaluation/{question}")
        && rel == Rel::Own
        && matches!(who, Who::Lead | Who::StaffAnalyst)
    {
        "?size=gdp"
    } else {
        ""
    };
    let path = route
        .path
        .replace(
            "{code}",
            if route.path.starts_with("/frameworks") || route.path.contains("/frameworks/") { "PFP" } else { nation },
        )
        .replace("/lang/FIN", "/lang/fr")
        .replace("/lang/MLT", "/lang/fr")
        .replace("/lang/UKR", "/lang/fr")
        .replace("/lang/GEO", "/lang/fr")
        .replace("{slug}", "nato-md")
        .replace("{*rest}", "index.html")
        .replace("{id}", &id.to_string())
        .replace("{item}", &item.to_string())
        .replace("{document}", &document.to_string())
        .replace("{nation}", nation_of(rel))
        .replace("{number}", "1")
        // Each relation asks another question: the equal-treatment figures (every nation's
        // seats), the forum's (what the caller may see) and the registry's.
        .replace(
            "{question}",
            match rel {
                Rel::Own | Rel::Hidden => "q6",
                Rel::Other => "q1",
                Rel::Second => "q5",
            },
        );
    format!("{path}{query}")
}

/// Whether the route addresses an item that can be hidden from a nation inside a meeting it sits in.
fn has_hidden_item(path: &str) -> bool {
    path.contains("{item}") || ["/papers/", "/decisions/", "/actions/{id}"].iter().any(|p| path.starts_with(p))
}

/// The nation a form names for a relation.
fn nation_of(rel: Rel) -> &'static str {
    match rel {
        Rel::Own | Rel::Hidden => OWN,
        Rel::Other => OTHER,
        Rel::Second => SECOND,
    }
}

/// The body of a state-changing request.
fn form_for(path: &str, who: Who, rel: Rel) -> Vec<(String, String)> {
    let f = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let username = format!("made-by-{who:?}-{rel:?}").to_lowercase();
    match path {
        "/login" => f(&[("username", "nobody"), ("password", "wrong"), ("csrf", "x")]),
        "/login/totp" => f(&[("code", "000000")]),
        p if p.ends_with("/password") => f(&[
            ("current_password", "wrong"),
            ("new_password", "violet kettle harbour"),
            ("confirm_password", "violet kettle harbour"),
        ]),
        "/account/tokens" => f(&[("name", "matrix token")]),
        "/account/time-zone" => f(&[("time_zone", "Europe/Vilnius")]),
        p if p.ends_with("/totp/confirm") => f(&[("code", "000000")]),
        p if p.ends_with("/totp/disable") => f(&[("current_password", "wrong")]),
        "/meetings" => {
            let start = (chrono::Utc::now() + chrono::Duration::days(10)).format("%Y-%m-%dT%H:%M").to_string();
            let end = (chrono::Utc::now() + chrono::Duration::days(10) + chrono::Duration::hours(2))
                .format("%Y-%m-%dT%H:%M")
                .to_string();
            f(&[
                ("title", "Matrix meeting"),
                ("level", "experts"),
                ("allies", "1"),
                ("partners", OWN),
                ("start", &start),
                ("end", &end),
                ("venue", "Brussels"),
            ])
        }
        "/meetings/{id}/status" => f(&[("status", "convened")]),
        "/meetings/{id}/agenda" => f(&[("title", "An item"), ("description", ""), ("audience", "all_partners")]),
        "/meetings/{id}/agenda/{item}" => f(&[("decision", "accept")]),
        "/meetings/{id}/agenda/{item}/edit" => f(&[("title", "An item, reworded"), ("description", "Why it matters")]),
        "/papers/{id}/edit" => f(&[("title", "A statement, reworded"), ("text", "We thank the Allies.")]),
        "/papers/{id}/withdraw" => f(&[]),
        "/decisions/{id}/correct" => f(&[("text", "The Council agreed, as corrected."), ("reason", "A typing error")]),
        "/actions/{id}/correct" => f(&[
            ("title", "An action, reworded"),
            ("owner", nation_of(rel)),
            ("due", "2099-12-31"),
            ("reason", "Moved"),
        ]),
        "/meetings/{id}/statements" => {
            f(&[("title", "A statement"), ("text", "Our view."), ("audience", "all_partners")])
        }
        "/meetings/{id}/record" => f(&[("text", "The Council met."), ("audience", "all_partners")]),
        "/meetings/{id}/record/circulate" => {
            let d = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
            f(&[("deadline", &d)])
        }
        "/meetings/{id}/record/break" => f(&[("comment", "Paragraph 2 needs a change.")]),
        "/meetings/{id}/decisions" => f(&[("text", "A decision."), ("audience", "all_partners")]),
        "/decisions/{id}/position" => f(&[("position", "reserves"), ("nation", nation_of(rel))]),
        "/meetings/{id}/actions" => {
            let due = (chrono::Utc::now() + chrono::Duration::days(20)).format("%Y-%m-%d").to_string();
            f(&[("title", "Report"), ("owner", nation_of(rel)), ("due", &due)])
        }
        "/actions/{id}" => f(&[("status", "in_progress")]),
        "/meetings/{id}/polls" => {
            let a = (chrono::Utc::now() + chrono::Duration::days(12)).format("%Y-%m-%dT%H:%M").to_string();
            let b = (chrono::Utc::now() + chrono::Duration::days(13)).format("%Y-%m-%dT%H:%M").to_string();
            f(&[("title", "Date"), ("options", &format!("{a}\n{b}"))])
        }
        "/polls/{id}/vote" => f(&[("option_1", "yes"), ("option_2", "no")]),
        "/requests" => f(&[("basis", "other"), ("threat", "A threat."), ("audience", "staff")]),
        "/activities" => {
            let day = |n: i64| (chrono::Utc::now() + chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
            f(&[
                ("code", &format!("MXP-{who:?}-{rel:?}")),
                ("title_en", "Matrix course"),
                ("title_fr", "Cours matrice"),
                ("area", "CYB"),
                ("kind", "course"),
                ("institution", "NATO School"),
                ("start", &day(40)),
                ("end", &day(44)),
                ("deadline", &day(20)),
                ("lang_en", "on"),
                ("seats", "10"),
                ("nation_cap", "2"),
                ("audience", "all_partners"),
            ])
        }
        "/activities/{id}/step" => match rel {
            Rel::Other => f(&[("step", "approve")]),
            _ => f(&[("step", "cancel"), ("reason", "Matrix.")]),
        },
        "/activities/{id}/seats" => f(&[("seats", "1"), ("priority", "2"), ("nominees", "A. Nominee")]),
        "/activities/{id}/attendance" => f(&[("p0_nation", "MLT"), ("p0_name", "A. Nominee"), ("p0_attended", "on")]),
        "/activities/{id}/feedback" => {
            f(&[("relevance", "4"), ("quality", "4"), ("organisation", "3"), ("comment", "Matrix")])
        }
        "/activities/{id}/report" => f(&[("report", "Matrix report"), ("version", "0")]),
        "/allocations" => f(&[("title", "Matrix run"), ("seed", "3")]),
        "/allocations/{id}/step" => f(&[("step", "publish")]),
        "/seat-requests/{id}/answer" => f(&[("op", "confirm")]),
        "/programmes/{nation}/plan" => f(&[("op", "add_objective"), ("text", "Matrix objective")]),
        "/programmes/{nation}/comments" => f(&[("text", "Matrix comment")]),
        "/programmes/{nation}/assessments" => {
            let cycle = chrono::Datelike::year(&chrono::Utc::now()).to_string();
            f(&[("cycle", &cycle), ("goal", "2"), ("rating", "met"), ("evidence", "Matrix evidence")])
        }
        "/requests/{id}/step" => f(&[("step", "decline"), ("note", "Not in scope.")]),
        "/requests/{id}/convene" => {
            let start = (chrono::Utc::now() + chrono::Duration::days(4)).format("%Y-%m-%dT%H:%M").to_string();
            let end = (chrono::Utc::now() + chrono::Duration::days(4) + chrono::Duration::hours(2))
                .format("%Y-%m-%dT%H:%M")
                .to_string();
            f(&[("title", "Consultations"), ("start", &start), ("end", &end)])
        }
        "/users" => {
            let (nation, role) = match (rel, who.is_staff()) {
                (Rel::Own | Rel::Hidden, true) => ("staff", "analyst"),
                (Rel::Own | Rel::Hidden, false) => (OWN, "delegation_member"),
                (Rel::Other, _) => (OTHER, "delegation_member"),
                (Rel::Second, _) => (SECOND, "delegation_member"),
            };
            f(&[("username", &username), ("display_name", "Made by the matrix"), ("nation", nation), ("role", role)])
        }
        p if p.ends_with("/role") => {
            f(&[("role", if who.is_staff() && rel == Rel::Own { "analyst" } else { "delegation_member" })])
        }
        "/alerts/{id}/step" => f(&[("action", "acknowledge")]),
        "/alerts/subscription" => f(&[
            ("countries", "TUN LBY"),
            ("region:AMU", "on"),
            ("category:unrest", "on"),
            ("delivery", "inbox"),
            ("version", "0"),
        ]),
        "/reports/{id}/step" => f(&[("step", "review")]),
        "/calibration" => f(&[("detector", "nb_glr"), ("threshold", "5")]),
        "/nations" => f(&[("code", "AND"), ("name", "Andorra"), ("framework", "PFP"), ("joined", "2025-05")]),
        "/nations/{code}/memberships" => f(&[("event", "joined"), ("framework", "ICI"), ("date", "2025")]),
        "/nations/{code}/contacts" | "/nations/{code}/contacts/{id}" => {
            f(&[("name", "Matrix desk"), ("role", "Point of contact"), ("email", "desk@matrix.invalid")])
        }
        "/reports" => f(&[
            ("category", "cyber"),
            ("country", "EST"),
            ("occurred_on", "2024-05-01"),
            ("description", "Matrix report."),
        ]),
        _ => Vec::new(),
    }
}

fn json_for(path: &str, who: Who, rel: Rel) -> Option<serde_json::Value> {
    let form = form_for(path.trim_start_matches("/api/v1").replace("/me/", "/account/").as_str(), who, rel);
    match path {
        "/api/v1/me/password" => {
            Some(serde_json::json!({ "current_password": "wrong", "new_password": "violet kettle harbour" }))
        }
        "/api/v1/me/tokens" => Some(serde_json::json!({ "name": "matrix token" })),
        "/api/v1/requests" => Some(serde_json::json!({ "basis": "other", "threat": "A threat by API." })),
        "/api/v1/activities" | "/api/v1/activities/{id}/resubmit" => {
            let day = |n: i64| (chrono::Utc::now() + chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
            Some(serde_json::json!({
                "code": format!("MX-{who:?}-{rel:?}"), "title_en": "Matrix course", "title_fr": "Cours matrice",
                "area": "CYB", "kind": "course", "institution": "NATO School", "start": day(40), "end": day(44),
                "languages": ["en"], "seats": 10, "nation_cap": 2, "nomination_deadline": day(20),
            }))
        }
        // Own: a published activity (cancel it); other: a proposal (approve it); second: a
        // published activity (cancel it).
        "/api/v1/activities/{id}/step" => Some(match rel {
            Rel::Other => serde_json::json!({ "step": "approve" }),
            _ => serde_json::json!({ "step": "cancel", "reason": "Matrix." }),
        }),
        "/api/v1/activities/{id}/seat-requests" => {
            Some(serde_json::json!({ "seats": 1, "priority": 2, "nominees": ["A. Nominee"] }))
        }
        "/api/v1/activities/{id}/attendance" => Some(serde_json::json!({
            "participants": [{ "nation": "MLT", "name": "A. Nominee", "attended": true, "completed": false }]
        })),
        "/api/v1/activities/{id}/feedback" => {
            Some(serde_json::json!({ "relevance": 4, "quality": 4, "organisation": 3, "comment": "Matrix" }))
        }
        "/api/v1/activities/{id}/report" => Some(serde_json::json!({ "body": "Matrix report", "version": 0 })),
        "/api/v1/allocations" => Some(serde_json::json!({ "title": "Matrix run" })),
        "/api/v1/seat-requests/{id}/answer" => Some(serde_json::json!({ "answer": "confirm" })),
        "/api/v1/programmes/{nation}/plan" => Some(serde_json::json!({
            "plan": { "objectives": [{ "text": "Matrix objective" }], "goals": [] }
        })),
        "/api/v1/programmes/{nation}/comments" => Some(serde_json::json!({ "text": "Matrix comment" })),
        "/api/v1/programmes/{nation}/agree" => Some(serde_json::json!({})),
        "/api/v1/programmes/{nation}/assessments" => Some(serde_json::json!({
            "cycle": chrono::Datelike::year(&chrono::Utc::now()), "goal": 2, "rating": "met"
        })),
        "/api/v1/alerts/{id}/step" => Some(serde_json::json!({ "action": "acknowledge" })),
        "/api/v1/alerts/{id}/consult" => Some(serde_json::json!({})),
        "/api/v1/alerts/subscription" => Some(
            serde_json::json!({ "countries": ["TUN"], "categories": ["cyber"], "delivery": "inbox_and_email", "version": 0 }),
        ),
        "/api/v1/calibration/thresholds" => Some(serde_json::json!({ "detector": "nb_glr", "threshold": 5.0 })),
        "/api/v1/reports/{id}/step" => Some(serde_json::json!({ "step": "review" })),
        "/api/v1/reports" => Some(serde_json::json!({
            "category": "cyber", "country": "EST", "occurred_on": "2024-05-01", "description": "Matrix report.",
        })),
        "/api/v1/alerts/detect" => Some(serde_json::json!({})),
        "/api/v1/nations" => {
            Some(serde_json::json!({ "code": "AND", "name": "Andorra", "framework": "PFP", "joined": "2025-05" }))
        }
        "/api/v1/nations/{code}/memberships" => {
            Some(serde_json::json!({ "event": "joined", "framework": "ICI", "date": "2025" }))
        }
        "/api/v1/nations/{code}/contacts" | "/api/v1/nations/{code}/contacts/{id}" => {
            Some(serde_json::json!({ "name": "Matrix desk", "email": "desk@matrix.invalid" }))
        }
        "/api/v1/nations/{code}/contacts/{id}/remove" => Some(serde_json::json!({})),
        p if p.starts_with("/api/v1/seat-requests/") || p.starts_with("/api/v1/allocations/") => {
            Some(serde_json::json!({}))
        }
        "/api/v1/users" => {
            let get = |k: &str| form.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone()).unwrap_or_default();
            let nation = get("nation");
            Some(serde_json::json!({
                "username": format!("api-{}", get("username")),
                "display_name": "Made by the matrix",
                "nation": if nation == "staff" { serde_json::Value::Null } else { serde_json::Value::String(nation) },
                "role": get("role"),
            }))
        }
        p if p.ends_with("/role") => Some(
            serde_json::json!({ "role": if who.is_staff() && rel == Rel::Own { "analyst" } else { "delegation_member" } }),
        ),
        p if p.starts_with("/api/v1/") && p.contains("/users/") => Some(serde_json::json!({})),
        _ => None,
    }
}

/// The expected outcome of `route` for `who` on a resource of `rel`. `None`: the route is not in
/// the matrix, which fails the test.
fn expect(route: &RouteInfo, who: Who, rel: Rel) -> Option<Expect> {
    use Expect::*;
    match rel {
        // A second foreign nation's objects answer exactly as the first one's.
        Rel::Second => return expect(route, who, Rel::Other),
        // An item hidden inside a visible meeting answers as a missing one to the nation's
        // delegation; staff see it as any other.
        Rel::Hidden if !has_hidden_item(route.path) => return None,
        // The hidden paper is the staff's own: its authors (staff writers) reword or withdraw it.
        Rel::Hidden
            if matches!(who, Who::StaffAdmin | Who::StaffOfficer)
                && matches!(route.path, "/papers/{id}/edit" | "/papers/{id}/withdraw") =>
        {
            return Some(Status(303));
        }
        Rel::Hidden if who.is_staff() || who == Who::Anonymous => return expect(route, who, Rel::Own),
        Rel::Hidden => return Some(Status(404)),
        Rel::Own | Rel::Other => {}
    }
    let signed_page = |ok: u16| if who.signed() { Status(ok) } else { Login };
    let signed_api = |ok: u16| if who.signed() { Status(ok) } else { Status(401) };
    // Manage another account: staff administrators anywhere, leads in their own delegation;
    // another delegation's account is not found; a visible account one may not manage is forbidden.
    let manage = |ok: u16, anon: Expect| -> Expect {
        match who {
            Who::Anonymous => anon,
            // Analysts are read-only: refused before any lookup, so existence is not revealed.
            Who::StaffAnalyst | Who::NationAnalyst => Status(403),
            Who::StaffAdmin => Status(ok),
            Who::Lead if rel == Rel::Own => Status(ok),
            _ if rel == Rel::Other => Status(404),
            _ => Status(403),
        }
    };
    let see_account = |anon: Expect| -> Expect {
        match who {
            Who::Anonymous => anon,
            Who::StaffAdmin => Status(200),
            _ if rel == Rel::Own => Status(200),
            _ => Status(404),
        }
    };
    let own_token = |ok: u16, anon: Expect| -> Expect {
        match (who, rel) {
            (Who::Anonymous, _) => anon,
            (_, Rel::Own) => Status(ok),
            (_, _) => Status(404),
        }
    };
    let create_user = |ok: u16, anon: Expect| -> Expect {
        match who {
            Who::Anonymous => anon,
            Who::StaffAdmin => Status(ok),
            Who::Lead if rel == Rel::Own => Status(ok),
            _ => Status(403),
        }
    };
    // Inside the consultation forum: staff writers get `staff`; a staff analyst is refused before
    // anything is changed; another nation's object is not found; one's own nation's object gives
    // `nation` to delegation writers and `analyst` to its analysts.
    let in_meeting = |staff: Expect, nation: Expect, analyst: Expect, anon: Expect| -> Expect {
        let reading = route.method == "GET";
        match who {
            Who::Anonymous => anon,
            Who::StaffAdmin | Who::StaffOfficer => staff,
            Who::StaffAnalyst => {
                if reading {
                    Status(200)
                } else {
                    Status(403)
                }
            }
            _ if rel == Rel::Other => Status(404),
            Who::NationAnalyst => {
                if reading {
                    Status(200)
                } else {
                    analyst
                }
            }
            _ => nation,
        }
    };
    // Cooperation objects: staff writers get `staff`, a staff analyst reads but never writes;
    // another nation's object (or one not released to it) is not found for a delegation; its own
    // gives `nation` to writers, and to its analysts a read or 403.
    let coop = |staff: Expect, nation: Expect, anon: Expect| -> Expect {
        let reading = route.method == "GET";
        match who {
            Who::Anonymous => anon,
            Who::StaffAdmin | Who::StaffOfficer => staff,
            Who::StaffAnalyst => Status(if reading { 200 } else { 403 }),
            _ if rel == Rel::Other => Status(404),
            Who::NationAnalyst => Status(if reading { 200 } else { 403 }),
            _ => nation,
        }
    };
    Some(match (route.method, route.path) {
        // the public registry and the documentation
        ("GET", "/" | "/nations/{code}" | "/frameworks/{code}" | "/formats" | "/formats/{slug}" | "/groupings") => {
            Status(200)
        }
        ("GET", "/lang/{code}") => Status(303),
        ("GET", p)
            if p.starts_with("/api/v1/")
                && ["network", "nations", "frameworks", "formats", "groupings"]
                    .iter()
                    .any(|s| p["/api/v1/".len()..].starts_with(s)) =>
        {
            Status(200)
        }
        ("GET", "/static/app.css" | "/healthz" | "/api/openapi.json" | "/api/docs/" | "/api/docs/{*rest}") => {
            Status(200)
        }
        ("GET", "/api/docs") => Status(303),
        // sign-in
        ("GET", "/login") => Status(if who.signed() { 303 } else { 200 }),
        ("POST", "/login") => Status(403),
        ("GET", "/login/totp") | ("POST", "/login/totp") => Status(303),
        ("POST", "/logout") => Status(303),
        // one's own account
        ("GET", "/account") => signed_page(200),
        ("POST", "/account/password") => signed_page(400),
        ("POST", "/account/time-zone") => signed_page(303),
        ("POST", "/account/tokens") => signed_page(200),
        ("POST", "/account/tokens/{id}/revoke") => own_token(303, Login),
        ("POST", "/account/totp/start") => signed_page(200),
        // Nothing to confirm: no enrolment was started.
        ("POST", "/account/totp/confirm") => signed_page(303),
        ("POST", "/account/totp/disable") => signed_page(400),
        ("GET", "/api/v1/me" | "/api/v1/me/tokens") => signed_api(200),
        ("POST", "/api/v1/me/password") => signed_api(400),
        // The API is called with tokens here, and tokens do not manage tokens (the pages do).
        ("POST", "/api/v1/me/tokens" | "/api/v1/me/tokens/{id}/revoke") => signed_api(403),
        // accounts of a delegation
        ("GET", "/users") => signed_page(200),
        ("POST", "/users") => create_user(200, Login),
        ("GET", "/users/{id}") => see_account(Login),
        ("POST", "/users/{id}/disable" | "/users/{id}/enable" | "/users/{id}/role") => manage(303, Login),
        ("POST", "/users/{id}/reset-password") => manage(200, Login),
        ("GET", "/api/v1/users") => signed_api(200),
        ("POST", "/api/v1/users") => create_user(200, Status(401)),
        ("GET", "/api/v1/users/{id}") => see_account(Status(401)),
        (
            "POST",
            "/api/v1/users/{id}/disable"
            | "/api/v1/users/{id}/enable"
            | "/api/v1/users/{id}/reset-password"
            | "/api/v1/users/{id}/role",
        ) => manage(200, Status(401)),
        // the consultation forum
        ("GET", "/meetings" | "/actions" | "/requests") => signed_page(200),
        ("GET", "/api/v1/meetings" | "/api/v1/actions" | "/api/v1/requests" | "/api/v1/requests/times") => {
            signed_api(200)
        }
        ("GET", "/meetings/new") | ("POST", "/meetings") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(if route.method == "GET" { 200 } else { 303 }),
            _ => Status(403),
        },
        ("GET", "/requests/new") | ("POST", "/requests") => match who {
            Who::Anonymous => Login,
            Who::Lead | Who::Member => Status(if route.method == "GET" { 200 } else { 303 }),
            _ => Status(403),
        },
        ("POST", "/api/v1/requests") => match who {
            Who::Anonymous => Status(401),
            Who::Lead | Who::Member => Status(200),
            _ => Status(403),
        },
        ("GET", "/meetings/{id}" | "/papers/{id}" | "/requests/{id}") => {
            in_meeting(Status(200), Status(200), Status(200), Login)
        }
        ("GET", "/api/v1/meetings/{id}" | "/api/v1/requests/{id}") => {
            in_meeting(Status(200), Status(200), Status(200), Status(401))
        }
        ("POST", "/meetings/{id}/agenda" | "/meetings/{id}/statements" | "/meetings/{id}/documents") => {
            in_meeting(Status(303), Status(303), Status(403), Login)
        }
        (
            "POST",
            "/meetings/{id}/record" | "/meetings/{id}/decisions" | "/meetings/{id}/actions" | "/meetings/{id}/polls",
        ) => in_meeting(Status(303), Status(403), Status(403), Login),
        ("POST", "/decisions/{id}/position") => in_meeting(Status(303), Status(303), Status(403), Login),
        ("POST", "/decisions/{id}/correct" | "/actions/{id}/correct") => {
            in_meeting(Status(303), Status(403), Status(403), Login)
        }
        // the proposer edits its pending item; staff edit any item before the meeting
        ("POST", "/meetings/{id}/agenda/{item}/edit") => in_meeting(Status(303), Status(303), Status(403), Login),
        // only a paper's author rewords or withdraws it (the hidden one is the staff's own)
        ("POST", "/papers/{id}/edit" | "/papers/{id}/withdraw") => {
            in_meeting(Status(403), Status(303), Status(403), Login)
        }
        ("POST", "/meetings/{id}/record/break") => in_meeting(Status(403), Status(303), Status(403), Login),
        ("POST", "/polls/{id}/vote") => in_meeting(Status(403), Status(303), Status(403), Login),
        ("POST", "/actions/{id}") => in_meeting(Status(303), Status(303), Status(403), Login),
        (
            "POST",
            "/meetings/{id}/status"
            | "/meetings/{id}/agenda/{item}"
            | "/meetings/{id}/record/circulate"
            | "/polls/{id}/close"
            | "/requests/{id}/step"
            | "/requests/{id}/convene",
        ) => in_meeting(Status(303), Status(403), Status(403), Login),
        // the cooperation menu: published activities for anyone signed in; proposals for staff
        // and the proposer; seat requests for staff and their nation; allocations' drafts for staff.
        ("GET", "/api/v1/activities" | "/api/v1/seat-requests" | "/api/v1/allocations") => signed_api(200),
        ("GET", "/activities" | "/allocations") => signed_page(200),
        ("GET", "/activities/new") | ("POST", "/activities" | "/allocations") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(if route.method == "GET" { 200 } else { 303 }),
            _ => Status(403),
        },
        ("GET", "/activities/{id}" | "/allocations/{id}") => coop(Status(200), Status(200), Login),
        // after the activity: none of the fixture's activities has begun (staff are refused as
        // out of order), no nation provides one, and staff give no feedback
        ("GET", "/activities/{id}/after") => coop(Status(200), Status(200), Login),
        ("GET", "/api/v1/activities/{id}/after") => coop(Status(200), Status(200), Status(401)),
        ("POST", "/activities/{id}/attendance" | "/activities/{id}/report") => coop(Status(400), Status(403), Login),
        ("POST", "/api/v1/activities/{id}/attendance" | "/api/v1/activities/{id}/report") => {
            coop(Status(400), Status(403), Status(401))
        }
        ("POST", "/activities/{id}/feedback") => coop(Status(403), Status(403), Login),
        ("POST", "/api/v1/activities/{id}/feedback") => coop(Status(403), Status(403), Status(401)),
        ("POST", "/activities/{id}/step") => coop(Status(303), Status(403), Login),
        ("POST", "/activities/{id}/seats" | "/seat-requests/{id}/withdraw" | "/seat-requests/{id}/answer") => {
            coop(Status(403), Status(303), Login)
        }
        ("POST", "/allocations/{id}/step") => {
            coop(if rel == Rel::Own { Status(400) } else { Status(303) }, Status(403), Login)
        }
        ("POST", "/api/v1/activities" | "/api/v1/allocations") => match who {
            Who::Anonymous => Status(401),
            Who::StaffAdmin | Who::StaffOfficer => Status(200),
            _ => Status(403),
        },
        ("GET", "/api/v1/activities/{id}" | "/api/v1/allocations/{id}") => coop(Status(200), Status(200), Status(401)),
        // Staff are not the proposer of another's proposal; a published activity is not returned.
        ("POST", "/api/v1/activities/{id}/resubmit") => {
            coop(if rel == Rel::Own { Status(400) } else { Status(403) }, Status(403), Status(401))
        }
        ("POST", "/api/v1/activities/{id}/step") => coop(Status(200), Status(403), Status(401)),
        (
            "POST",
            "/api/v1/activities/{id}/seat-requests"
            | "/api/v1/seat-requests/{id}/withdraw"
            | "/api/v1/seat-requests/{id}/answer",
        ) => coop(Status(403), Status(200), Status(401)),
        // Own is published already (refused as out of order); other is a draft.
        ("POST", "/api/v1/allocations/{id}/publish" | "/api/v1/allocations/{id}/discard") => {
            coop(if rel == Rel::Own { Status(400) } else { Status(200) }, Status(403), Status(401))
        }
        // programmes (ITPP): the staff, the partner and allies read one, another partner finds
        // none; the partner's writers open (MLT has one already: refused) and edit theirs, the
        // staff writers and the partner's writers comment and assess, a staff administrator agrees
        ("GET", "/programmes") => signed_page(200),
        ("GET", "/api/v1/programmes") => signed_api(200),
        ("GET", "/programmes/{nation}" | "/programmes/{nation}/versions/{number}") => {
            coop(Status(200), Status(200), Login)
        }
        ("GET", "/api/v1/programmes/{nation}" | "/api/v1/programmes/{nation}/versions/{number}") => {
            coop(Status(200), Status(200), Status(401))
        }
        ("POST", "/programmes" | "/api/v1/programmes") => match who {
            Who::Anonymous => {
                if route.surface == Surface::Api {
                    Status(401)
                } else {
                    Login
                }
            }
            Who::Lead | Who::Member => Status(400),
            _ => Status(403),
        },
        ("POST", "/programmes/{nation}/plan") => coop(Status(403), Status(303), Login),
        ("POST", "/api/v1/programmes/{nation}/plan") => coop(Status(403), Status(200), Status(401)),
        ("POST", "/programmes/{nation}/comments" | "/programmes/{nation}/assessments") => {
            coop(Status(303), Status(303), Login)
        }
        ("POST", "/api/v1/programmes/{nation}/comments" | "/api/v1/programmes/{nation}/assessments") => {
            coop(Status(200), Status(200), Status(401))
        }
        ("POST", "/programmes/{nation}/agree") => match who {
            Who::StaffOfficer => Status(403),
            _ => coop(Status(303), Status(403), Login),
        },
        ("POST", "/api/v1/programmes/{nation}/agree") => match who {
            Who::StaffOfficer => Status(403),
            _ => coop(Status(200), Status(403), Status(401)),
        },
        // joint detection: open-data alerts for anyone signed in; staff writers move them and run
        // detection, everyone else is refused before anything is read
        ("GET", "/alerts" | "/alerts/{id}") => signed_page(200),
        // one's own alert subscription and feed, for anyone signed in; a feed address answers
        // only to its token (the sample path carries none)
        ("GET", "/alerts/subscription") => signed_page(200),
        ("POST", "/alerts/subscription") => signed_page(303),
        ("POST", "/alerts/subscription/feed") => signed_page(200),
        ("GET", "/alerts/feed/{feed}") => Status(404),
        ("GET", "/api/v1/alerts/subscription" | "/api/v1/alerts/feed") => signed_api(200),
        ("POST", "/api/v1/alerts/subscription") => signed_api(200),
        ("GET", "/api/v1/alerts" | "/api/v1/alerts/{id}") => signed_api(200),
        ("POST", "/alerts/{id}/step" | "/alerts/detect") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(if route.path.ends_with("/step") { 303 } else { 200 }),
            _ => Status(403),
        },
        ("POST", "/alerts/{id}/consult") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(303),
            _ => Status(403),
        },
        ("POST", "/api/v1/alerts/{id}/step" | "/api/v1/alerts/detect" | "/api/v1/alerts/{id}/consult") => match who {
            Who::Anonymous => Status(401),
            Who::StaffAdmin | Who::StaffOfficer => Status(200),
            _ => Status(403),
        },
        // registry editing: staff writers only; anyone else is refused before any lookup
        ("GET", "/nations/new" | "/nations/{code}/edit") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(200),
            _ => Status(403),
        },
        (
            "POST",
            "/nations"
            | "/nations/{code}/memberships"
            | "/nations/{code}/contacts"
            | "/nations/{code}/contacts/{id}"
            | "/nations/{code}/contacts/{id}/remove",
        ) => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(303),
            _ => Status(403),
        },
        (
            "POST",
            "/api/v1/nations"
            | "/api/v1/nations/{code}/memberships"
            | "/api/v1/nations/{code}/contacts"
            | "/api/v1/nations/{code}/contacts/{id}"
            | "/api/v1/nations/{code}/contacts/{id}/remove",
        ) => match who {
            Who::Anonymous => Status(401),
            Who::StaffAdmin | Who::StaffOfficer => Status(200),
            _ => Status(403),
        },
        // calibration: the staff read it (analysts included), staff writers set thresholds
        ("GET", "/calibration") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer | Who::StaffAnalyst => Status(200),
            _ => Status(403),
        },
        ("GET", "/api/v1/calibration") => match who {
            Who::Anonymous => Status(401),
            Who::StaffAdmin | Who::StaffOfficer | Who::StaffAnalyst => Status(200),
            _ => Status(403),
        },
        ("POST", "/calibration") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(303),
            _ => Status(403),
        },
        ("POST", "/api/v1/calibration/thresholds") => match who {
            Who::Anonymous => Status(401),
            Who::StaffAdmin | Who::StaffOfficer => Status(200),
            _ => Status(403),
        },
        // event-data imports: the staff read them (analysts included), staff writers send files
        ("GET", "/imports") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer | Who::StaffAnalyst => Status(200),
            _ => Status(403),
        },
        ("GET", "/api/v1/imports" | "/api/v1/imports/{id}") => match who {
            Who::Anonymous => Status(401),
            Who::StaffAdmin | Who::StaffOfficer | Who::StaffAnalyst => Status(200),
            _ => Status(403),
        },
        ("POST", "/imports") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(303),
            _ => Status(403),
        },
        ("POST", "/api/v1/imports") => match who {
            Who::Anonymous => Status(401),
            Who::StaffAdmin | Who::StaffOfficer => Status(202),
            _ => Status(403),
        },
        // shared reports: anyone who may write files one; a nation sees its own and what is
        // released to it (these are for the staff only), staff triage
        ("GET", "/reports") => signed_page(200),
        ("GET", "/api/v1/reports") => signed_api(200),
        ("GET", "/reports/new") | ("POST", "/reports") => match who {
            Who::Anonymous => Login,
            Who::StaffAnalyst | Who::NationAnalyst => Status(403),
            _ => Status(if route.method == "GET" { 200 } else { 303 }),
        },
        ("POST", "/api/v1/reports") => match who {
            Who::Anonymous => Status(401),
            Who::StaffAnalyst | Who::NationAnalyst => Status(403),
            _ => Status(200),
        },
        ("GET", "/reports/{id}") => coop(Status(200), Status(200), Login),
        ("GET", "/api/v1/reports/{id}") => coop(Status(200), Status(200), Status(401)),
        ("POST", "/reports/{id}/step") => coop(Status(303), Status(403), Login),
        ("POST", "/api/v1/reports/{id}/step") => coop(Status(200), Status(403), Status(401)),
        // a report's documents: whoever sees the report reads them; its filing delegation and
        // the staff add them
        ("GET", "/reports/{id}/attachments/{document}") => coop(Status(200), Status(200), Login),
        ("GET", "/api/v1/reports/{id}/attachments/{document}") => coop(Status(200), Status(200), Status(401)),
        ("POST", "/reports/{id}/attachments") => coop(Status(303), Status(303), Login),
        ("POST", "/api/v1/reports/{id}/attachments") => coop(Status(200), Status(200), Status(401)),
        // evaluation: anyone signed in; a delegation receives aggregates of at least five nations
        // and its own nation's lines (checked by the leak scan and tests/web/evaluation.rs)
        ("GET", "/evaluation" | "/evaluation/report" | "/evaluation/{question}") => signed_page(200),
        ("GET", "/api/v1/evaluation" | "/api/v1/evaluation/{question}") => signed_api(200),
        // search: only what the caller may open, for anyone signed in
        ("GET", "/search") => signed_page(200),
        ("GET", "/api/v1/search") => signed_api(200),
        // the audit log
        ("GET", "/audit") => signed_page(200),
        ("GET", "/api/v1/audit") => signed_api(200),
        // one's own notifications and calendar feed (the sample id is nobody's notification)
        ("GET", "/inbox") => signed_page(200),
        ("POST", "/inbox/{id}/read") => signed_page(404),
        ("POST", "/inbox/read-all") => signed_page(303),
        ("POST", "/account/calendar") => signed_page(200),
        ("GET", "/api/v1/inbox") => signed_api(200),
        ("POST", "/api/v1/inbox/{id}/read") => signed_api(404),
        // a feed answers only to its token; the sample path carries none
        ("GET", "/calendar/{feed}") => Status(404),
        _ => return None,
    })
}

/// A multipart form of text fields and one file.
struct MultipartBody(String);

impl MultipartBody {
    const BOUNDARY: &'static str = "matrixboundary";

    fn file(name: &str, content_type: &str, content: &str) -> Self {
        MultipartBody(format!(
            "Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n{content}\r\n"
        ))
    }

    /// A text field, sent before the file.
    fn field(self, name: &str, value: &str) -> Self {
        let b = Self::BOUNDARY;
        MultipartBody(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n--{b}\r\n{}", self.0))
    }

    fn bytes(self) -> String {
        let b = Self::BOUNDARY;
        format!("--{b}\r\n{}--{b}--\r\n", self.0)
    }
}

/// Send a multipart form as the caller: a page with its session and CSRF token, the API with
/// its bearer token.
async fn send_multipart(
    app: &TestApp,
    caller: &Caller,
    surface: Surface,
    path: &str,
    body: MultipartBody,
) -> TestResponse {
    let mut req = axum::http::Request::post(match (&caller.session, surface) {
        (Some(s), Surface::Page) => format!("{path}?csrf={}", s.csrf),
        _ => path.to_string(),
    })
    .header("content-type", format!("multipart/form-data; boundary={}", MultipartBody::BOUNDARY));
    match (surface, &caller.session, &caller.token) {
        (Surface::Page, Some(s), _) => req = req.header("cookie", &s.cookie),
        (Surface::Api, _, Some(t)) => req = req.header("authorization", format!("Bearer {t}")),
        _ => {}
    }
    app.request(req.body(axum::body::Body::from(body.bytes())).unwrap()).await
}

/// Run one case; returns the response and the audit head just before the request.
async fn run_case(app: &TestApp, fx: &Fixture, route: &RouteInfo, who: Who, rel: Rel) -> (TestResponse, i64) {
    let caller = &fx.callers[&who];
    let path = path_for(route, who, rel, fx);
    let head = || async { app.db.store.last_audit_seq().await.unwrap() };
    if route.method == "POST" && matches!(route.path, "/reports/{id}/attachments" | "/api/v1/reports/{id}/attachments")
    {
        let body = MultipartBody::file("note.txt", "text/plain", "A short note.");
        let before = head().await;
        return (send_multipart(app, caller, route.surface, &path, body).await, before);
    }
    if route.method == "POST" && matches!(route.path, "/imports" | "/api/v1/imports") {
        // A small ACLED file of its own (the fixture's history is imported already).
        let file: String = entente_testkit::small_acled_history()
            .lines()
            .take(4)
            .collect::<Vec<_>>()
            .join("\n")
            .replace("TEST", "MATRIX");
        let body = MultipartBody::file("matrix.csv", "text/csv", &format!("{file}\n"));
        let before = head().await;
        return (send_multipart(app, caller, route.surface, &path, body).await, before);
    }
    if route.surface == Surface::Api && route.path.starts_with("/api/v1/") {
        let body = if route.method == "POST" { json_for(route.path, who, rel) } else { None };
        let before = head().await;
        return (app.api(route.method, &path, body, caller.token.as_deref()).await, before);
    }
    if route.method == "GET" {
        let before = head().await;
        let r = match &caller.session {
            Some(s) => app.get_as(&path, s).await,
            None => app.get(&path).await,
        };
        return (r, before);
    }
    if route.path == "/meetings/{id}/documents" {
        let body = MultipartBody::file("note.txt", "text/plain", "A short note.").field("title", "Matrix document");
        let before = head().await;
        return (send_multipart(app, caller, route.surface, &path, body).await, before);
    }
    let fields = form_for(route.path, who, rel);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if route.path == "/logout" && who.signed() {
        // Signing out ends the session: use a fresh one so the other cases keep theirs.
        let user = fx.callers[&who].user_id;
        let a = app.db.store.account(user).await.unwrap();
        let u = entente_testkit::TestUser {
            id: user,
            username: a.username.clone(),
            password: format!("{} uses a long test passphrase", a.username),
        };
        let fresh = app.login(&u).await;
        let before = head().await;
        return (app.post_form(&path, &fields, Some(&fresh)).await, before);
    }
    let before = head().await;
    (app.post_form(&path, &fields, caller.session.as_ref()).await, before)
}

/// Whether a case that answered as expected must have changed something (every write appends to
/// the audit log in its own transaction).
fn must_write(route: &RouteInfo, who: Who, expected: Expect) -> bool {
    let Expect::Status(status) = expected else { return false };
    if route.method != "POST" || !matches!(status, 200 | 202 | 303) {
        return false;
    }
    match route.path {
        // Redirects that change nothing: no second factor awaited, no enrolment to confirm,
        // nothing unread, no session to end.
        "/login/totp" | "/account/totp/confirm" | "/inbox/read-all" => false,
        "/logout" => who.signed(),
        _ => true,
    }
}

/// The product area a route belongs to. The matrix runs one test per area, so that the areas'
/// cases run side by side; a route outside every area fails every part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Registry,
    Meetings,
    Requests,
    Activities,
    Allocation,
    Alerts,
    Reports,
    Evaluation,
    Accounts,
}

fn area(route: &RouteInfo) -> Area {
    let path = route.path.strip_prefix("/api/v1").unwrap_or(route.path);
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    match first {
        "" | "nations" | "frameworks" | "formats" | "groupings" | "network" | "search" | "static" | "healthz"
        | "api" | "lang" | "x" => Area::Registry,
        "meetings" | "papers" | "polls" | "decisions" | "calendar" => Area::Meetings,
        "requests" | "actions" | "inbox" => Area::Requests,
        "activities" => Area::Activities,
        "allocations" | "seat-requests" | "programmes" => Area::Allocation,
        "alerts" => Area::Alerts,
        "reports" | "imports" | "calibration" => Area::Reports,
        "evaluation" => Area::Evaluation,
        "users" | "account" | "login" | "logout" | "audit" | "me" => Area::Accounts,
        _ => panic!("{} {} belongs to no area of the authorization matrix", route.method, route.path),
    }
}

/// Every case of the matrix in one area, reads first.
fn cases(of: Area) -> Vec<(RouteInfo, Who, Rel, Expect)> {
    let mut out = Vec::new();
    for route in entente_web::route_table() {
        if area(&route) != of {
            continue;
        }
        for who in Who::ALL {
            for rel in Rel::ALL {
                match expect(&route, who, rel) {
                    Some(e) => out.push((route.clone(), who, rel, e)),
                    None if matches!(rel, Rel::Own | Rel::Other) => {
                        panic!("{} {} has no entry in the authorization matrix", route.method, route.path)
                    }
                    None => {}
                }
            }
        }
    }
    out.sort_by_key(|(r, ..)| r.method != "GET");
    out
}

/// Every route of an area, for every role and nation.
async fn run_area(of: Area) {
    let all = cases(of);
    assert!(!all.is_empty(), "the {of:?} area has no routes");
    let app = TestApp::demo().await;
    let fx = fixture(&app).await;
    let mut failures = Vec::new();
    let mut restores = 0usize;
    let mut current = app;
    let mut snapshot = None;
    for (route, who, rel, expected) in &all {
        let (route, who, rel, expected) = (route, *who, *rel, *expected);
        if route.method != "GET" && snapshot.is_none() {
            // The reads are done: freeze the fixture, and run every write on a pristine copy.
            let snap = current.into_snapshot().await;
            current = TestApp::on(snap.restore().await).await;
            snapshot = Some(snap);
        }
        let (r, before) = run_case(&current, &fx, route, who, rel).await;
        let after = current.db.store.last_audit_seq().await.unwrap();
        let what =
            || format!("{} {} as {who:?} on {rel:?} ({})", route.method, route.path, path_for(route, who, rel, &fx));
        let ok = match expected {
            Expect::Status(s) => r.status == s,
            Expect::Login => r.status == 303 && r.header("location").is_some_and(|l| l.starts_with("/login?next=")),
        };
        if !ok {
            failures.push(format!(
                "{}: got {} {}",
                what(),
                r.status,
                r.header("location").unwrap_or_else(|| r
                    .body
                    .split("<main id=\"main\">")
                    .nth(1)
                    .map_or(&r.body[..r.body.len().min(160)], |x| &x[..x.len().min(300)]))
            ));
        }
        let changed = after != before;
        match (ok, must_write(route, who, expected), changed) {
            (true, true, false) => failures.push(format!("{}: allowed, but nothing was written", what())),
            (_, false, true) => failures.push(format!("{}: refused or a read, yet something was written", what())),
            _ => {}
        }
        // No foreign data: a nation never receives another nation's unreleased items, nor an item
        // hidden from it, and the public receives nothing that is not public.
        let foreign = match who {
            Who::Anonymous => r.body.contains("SECRET-"),
            Who::Lead | Who::Member | Who::NationAnalyst => {
                ["SECRET-UKR", "SECRET-GEO", "SECRET-HIDDEN"].iter().any(|m| r.body.contains(m))
            }
            _ => false,
        };
        if foreign {
            failures.push(format!("{}: foreign data in the body", what()));
        }
        if changed && let Some(snap) = &snapshot {
            current = TestApp::on(snap.restore().await).await;
            restores += 1;
        }
    }
    eprintln!("authorization matrix, {of:?}: {} cases, {restores} fresh copies after a write", all.len());
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), all.len(), failures.join("\n"));
}

mod every_route_for_every_role_and_nation {
    use super::{Area, run_area as run};

    #[tokio::test]
    async fn registry() {
        run(Area::Registry).await;
    }

    #[tokio::test]
    async fn meetings() {
        run(Area::Meetings).await;
    }

    #[tokio::test]
    async fn requests() {
        run(Area::Requests).await;
    }

    #[tokio::test]
    async fn activities() {
        run(Area::Activities).await;
    }

    #[tokio::test]
    async fn allocation() {
        run(Area::Allocation).await;
    }

    #[tokio::test]
    async fn alerts() {
        run(Area::Alerts).await;
    }

    #[tokio::test]
    async fn reports() {
        run(Area::Reports).await;
    }

    #[tokio::test]
    async fn evaluation() {
        run(Area::Evaluation).await;
    }

    #[tokio::test]
    async fn accounts() {
        run(Area::Accounts).await;
    }
}

#[tokio::test]
async fn the_matrix_has_teeth() {
    // A request the matrix expects to be refused really is, by the app itself.
    let app = TestApp::demo().await;
    let fx = fixture(&app).await;
    let member = &fx.callers[&Who::Member];
    let r = app.api("GET", &format!("/api/v1/users/{}", fx.ukr_target), None, member.token.as_deref()).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "not_found", "another nation's account answers exactly as a missing one");
    let missing = app.api("GET", "/api/v1/users/999999", None, member.token.as_deref()).await;
    assert_eq!(missing.body, r.body);
}
