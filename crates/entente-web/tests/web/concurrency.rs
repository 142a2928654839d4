//! No lost update: many nations writing to one item at the same moment, over a real port. Votes,
//! breaks of silence and positions are rows of their own, so none overwrites another; a change
//! of an item someone else changed since it was read answers 409 and writes nothing.

use chrono::{Duration, Utc};
use entente_domain::access::{Audience, Classifications, Principal, Role};
use entente_domain::consultation::*;
use entente_domain::registry::{FormatSpec, Network};
use entente_store::Scoped;
use entente_testkit::{PortClient, Session, TestApp};

/// Partner states in the EAPC format today, and allies, one delegation each.
const PARTNERS: [&str; 12] = ["AUT", "IRL", "CHE", "SRB", "BIH", "MDA", "UKR", "GEO", "ARM", "AZE", "KAZ", "MLT"];
const ALLIES: [&str; 12] = ["NOR", "FRA", "DEU", "POL", "ITA", "ESP", "NLD", "BEL", "DNK", "FIN", "SWE", "CAN"];

struct World {
    app: TestApp,
    net: Network,
    staff: Principal,
    scope: Scoped,
    staff_session: Session,
    delegations: Vec<(&'static str, Session)>,
}

async fn world() -> World {
    let app = TestApp::demo().await;
    let officer = app.user("officer", None, Role::StaffOfficer).await;
    let staff = app.db.store.account(officer.id).await.unwrap().principal();
    let staff_session = app.login(&officer).await;
    let mut delegations = Vec::new();
    for code in PARTNERS.iter().chain(ALLIES.iter()) {
        let u = app.user(&format!("del-{}", code.to_lowercase()), Some(code), Role::DelegationMember).await;
        delegations.push((*code, app.login(&u).await));
    }
    let net = app.db.store.load_network().await.unwrap();
    let scope = app.db.store.scoped(Some(&staff)).await.unwrap();
    World { app, net, staff, scope, staff_session, delegations }
}

fn eapc(title: &str, start: chrono::DateTime<Utc>) -> MeetingDraft {
    MeetingDraft {
        title: title.into(),
        level: MeetingLevel::Ambassadors,
        format: FormatSpec { include_allies: true, frameworks: vec!["PFP".parse().unwrap()], partners: vec![] },
        start,
        end: start + Duration::hours(3),
        time_zone: "Europe/Brussels".parse().unwrap(),
        venue: Venue::Place { name: "NATO Headquarters".into() },
        request: None,
    }
}

fn release() -> Release {
    Release::new("NATO UNCLASSIFIED", Audience::AllPartners, &Classifications::default()).unwrap()
}

/// A meeting held two hours ago.
async fn held(w: &World) -> Meeting {
    let now = Utc::now();
    let (mut m, permit) = Meeting::plan(
        MeetingId(0),
        eapc("Held (concurrency)", now - Duration::hours(3)),
        &w.staff,
        now - Duration::days(3),
    )
    .unwrap();
    m.advance(MeetingStatus::Convened, &w.staff, now - Duration::days(2), "", None).unwrap();
    m.advance(MeetingStatus::Held, &w.staff, now - Duration::hours(2), "", None).unwrap();
    w.scope.insert_meeting(permit, m).await.unwrap()
}

/// Fire one POST per delegation at once; every answer must be a success (303).
async fn all_at_once(
    w: &World,
    base: &str,
    path: impl Fn(&str) -> String,
    fields: impl Fn(&str) -> Vec<(String, String)>,
) {
    let client = PortClient::new(base);
    let mut tasks = Vec::new();
    for (code, session) in &w.delegations {
        let (client, session, path, fields) = (client.clone(), session.clone(), path(code), fields(code));
        tasks.push(tokio::spawn(async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            client.post_form(&path, &f, &session).await
        }));
    }
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 303, "{}", r.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_votes_are_all_counted() {
    let w = world().await;
    let base = w.app.serve().await;
    let now = Utc::now();
    let (m, permit) =
        Meeting::plan(MeetingId(0), eapc("Upcoming (concurrency)", now + Duration::days(20)), &w.staff, now).unwrap();
    let m = w.scope.insert_meeting(permit, m).await.unwrap();
    let draft = PollDraft {
        title: "When?".into(),
        options: vec![now + Duration::days(21), now + Duration::days(22)],
        hide_results_until_close: false,
        closes_at: None,
    };
    let (p, permit) = Poll::open(PollId(0), &m, &draft, &w.staff, now).unwrap();
    let p = w.scope.insert_poll(permit, p).await.unwrap();
    let fields = |code: &str| {
        let second = if code.len().is_multiple_of(2) { "yes" } else { "no" };
        vec![("option_1".to_string(), "yes".to_string()), ("option_2".to_string(), second.to_string())]
    };
    all_at_once(&w, &base, |_| format!("/polls/{}/vote", p.id.0), fields).await;
    let (stored, _) = w.scope.poll(p.id.0, &w.net).await.unwrap();
    assert_eq!(stored.votes().len(), w.delegations.len(), "every nation's vote is kept");
    // Voting again replaces a nation's vote; it adds none.
    all_at_once(&w, &base, |_| format!("/polls/{}/vote", p.id.0), fields).await;
    let (stored, _) = w.scope.poll(p.id.0, &w.net).await.unwrap();
    assert_eq!(stored.votes().len(), w.delegations.len());
    assert_eq!(stored.tallies()[0].yes as usize, w.delegations.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_breaks_of_silence_are_all_kept() {
    let w = world().await;
    let base = w.app.serve().await;
    let now = Utc::now();
    let m = held(&w).await;
    let (mut r, permit) = SummaryRecord::draft(&m, &release(), "The record.", &w.staff, now).unwrap();
    w.scope.save_record(permit, &mut r).await.unwrap();
    let permit = r.circulate(1, now + Duration::days(5), &w.staff, now).unwrap();
    w.scope.save_record(permit, &mut r).await.unwrap();
    all_at_once(
        &w,
        &base,
        |_| format!("/meetings/{}/record/break", m.id.0),
        |code| vec![("comment".to_string(), format!("{code} objects to paragraph 3"))],
    )
    .await;
    let stored = w.scope.record(&m, &w.net).await.unwrap().unwrap();
    assert_eq!(stored.breaks().len(), w.delegations.len(), "no break of silence is lost");
    match stored.state_at(now + Duration::days(6)) {
        SilenceState::Broken { by, .. } => assert_eq!(by.len(), w.delegations.len()),
        other => panic!("the record must stay broken, not {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_positions_are_all_kept() {
    let w = world().await;
    let base = w.app.serve().await;
    let now = Utc::now();
    let m = held(&w).await;
    let draft = DecisionDraft { text: "Allies agreed.".into(), release: release(), positions: vec![] };
    let (d, permit) = Decision::record(DecisionId(0), &m, &draft, &w.staff, now, &w.net).unwrap();
    let d = w.scope.insert_decision(permit, d).await.unwrap();
    let partners = World { delegations: w.delegations.iter().take(PARTNERS.len()).cloned().collect(), ..w };
    all_at_once(
        &partners,
        &base,
        |_| format!("/decisions/{}/position", d.id.0),
        |code| vec![("nation".to_string(), code.to_string()), ("position".to_string(), "supports".to_string())],
    )
    .await;
    let (stored, _) = partners.scope.decision(d.id.0, &partners.net).await.unwrap();
    assert_eq!(stored.recorded_positions().count(), PARTNERS.len(), "every partner's position is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_status_changes_apply_once_and_the_rest_are_refused() {
    let w = world().await;
    let base = w.app.serve().await;
    let now = Utc::now();
    let (m, permit) =
        Meeting::plan(MeetingId(0), eapc("Convene once (concurrency)", now + Duration::days(9)), &w.staff, now)
            .unwrap();
    let m = w.scope.insert_meeting(permit, m).await.unwrap();
    let client = PortClient::new(&base);
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (client, session) = (client.clone(), w.staff_session.clone());
        let path = format!("/meetings/{}/status", m.id.0);
        tasks.push(tokio::spawn(async move { client.post_form(&path, &[("status", "convened")], &session).await }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap().status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
    // The others either lost the race at the save (409) or read the convened meeting (400).
    assert!(statuses.iter().all(|s| [303, 400, 409].contains(s)), "{statuses:?}");
    let stored = w.scope.meeting(m.id.0, &w.net).await.unwrap();
    assert_eq!(stored.history().iter().filter(|c| c.status == MeetingStatus::Convened).count(), 1);
}

#[tokio::test]
async fn a_stale_save_is_refused_and_changes_nothing() {
    let w = world().await;
    let now = Utc::now();
    let (m, permit) =
        Meeting::plan(MeetingId(0), eapc("Stale (concurrency)", now + Duration::days(9)), &w.staff, now).unwrap();
    let m = w.scope.insert_meeting(permit, m).await.unwrap();
    let mut first = w.scope.meeting(m.id.0, &w.net).await.unwrap();
    let mut second = first.clone();
    let permit = first.amend("First title", first.venue.clone(), &w.staff, now).unwrap();
    w.scope.save_meeting(permit, &mut first).await.unwrap();
    let permit = second.amend("Second title", second.venue.clone(), &w.staff, now).unwrap();
    let e = w.scope.save_meeting(permit, &mut second).await.unwrap_err();
    assert!(matches!(e, entente_store::StoreError::Conflict { entity: "meeting", .. }), "{e}");
    assert_eq!(w.scope.meeting(m.id.0, &w.net).await.unwrap().title, "First title");
    // A permit given to someone else, or for another item, is refused by the store.
    let other = w.app.user("other-officer", None, Role::StaffOfficer).await;
    let other = w.app.db.store.account(other.id).await.unwrap().principal();
    let mut third = w.scope.meeting(m.id.0, &w.net).await.unwrap();
    let permit = third.amend("Third title", third.venue.clone(), &other, now).unwrap();
    assert!(matches!(
        w.scope.save_meeting(permit, &mut third).await.unwrap_err(),
        entente_store::StoreError::Unpermitted(_)
    ));
    assert_eq!(w.scope.meeting(m.id.0, &w.net).await.unwrap().title, "First title");
}

#[tokio::test]
async fn a_stale_save_answers_409_and_says_what_changed() {
    let w = world().await;
    let now = Utc::now();
    let (m, permit) =
        Meeting::plan(MeetingId(0), eapc("Request (concurrency)", now + Duration::days(9)), &w.staff, now).unwrap();
    let m = w.scope.insert_meeting(permit, m).await.unwrap();
    // Someone else changes the meeting between this caller's read and its save.
    let mut stale = w.scope.meeting(m.id.0, &w.net).await.unwrap();
    let r = w
        .app
        .post_form(&format!("/meetings/{}/status", m.id.0), &[("status", "convened")], Some(&w.staff_session))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let permit = stale.advance(MeetingStatus::Cancelled, &w.staff, now, "No longer needed", None).unwrap();
    let e: entente_web::error::AppError = w.scope.save_meeting(permit, &mut stale).await.unwrap_err().into();
    assert_eq!(e.status().as_u16(), 409);
    assert!(e.public_message().contains("changed by someone else"), "{}", e.public_message());
}

#[tokio::test]
async fn two_first_drafts_of_a_record_do_not_overwrite_each_other() {
    let w = world().await;
    let now = Utc::now();
    let m = held(&w).await;
    // Both staff officers see no record and start one at the same moment.
    let (mut first, p1) = SummaryRecord::draft(&m, &release(), "First draft.", &w.staff, now).unwrap();
    let (mut second, p2) = SummaryRecord::draft(&m, &release(), "Second draft.", &w.staff, now).unwrap();
    w.scope.save_record(p1, &mut first).await.unwrap();
    let e = w.scope.save_record(p2, &mut second).await.unwrap_err();
    assert!(matches!(e, entente_store::StoreError::Conflict { .. }), "{e}");
    let stored = w.scope.record(&m, &w.net).await.unwrap().unwrap();
    assert_eq!(stored.versions()[0].text, "First draft.");
}

/// Fifteen wrong passwords sent at once from fifteen addresses are all counted: the throttle's
/// count is one atomic statement, not a read and a write back.
#[tokio::test]
async fn failed_sign_ins_sent_at_once_are_all_counted() {
    let app = std::sync::Arc::new(TestApp::demo().await.trusting_proxy());
    let u = app.user("geo.member", Some("GEO"), Role::DelegationMember).await;
    let mut set = tokio::task::JoinSet::new();
    for i in 0..15 {
        let (app, name) = (app.clone(), u.username.clone());
        set.spawn(async move {
            let ip = format!("192.0.2.{}", i + 1);
            app.try_login_from(Some(&ip), &name, "a wrong password sent at once").await.unwrap_err().status
        });
    }
    while let Some(status) = set.join_next().await {
        assert_eq!(status.unwrap(), 200, "the form again, with its message");
    }
    // The next failure is the sixteenth.
    let w = chrono::Duration::minutes(15);
    let n = app
        .db
        .store
        .record_failure(&format!("user:{}", u.username), 100, w, w, entente_store::accounts::LockMode::SlowDown)
        .await
        .unwrap();
    assert_eq!(n, 16);
    // Concurrent failures on one key count each one, and the lock is set once the limit is reached.
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let app = app.clone();
        set.spawn(async move {
            app.db
                .store
                .record_failure("ip:198.51.100.99", 5, w, w, entente_store::accounts::LockMode::SlowDown)
                .await
                .unwrap()
        });
    }
    let mut counts = Vec::new();
    while let Some(n) = set.join_next().await {
        counts.push(n.unwrap());
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=12).collect::<Vec<_>>());
    assert!(app.db.store.locked_until("ip:198.51.100.99").await.unwrap().is_some());
}
