//! The SQL visibility predicate agrees with the domain policy, on random markings.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use entente_domain::access::{Audience, Marking, Role, may_see};
use entente_domain::registry::{FrameworkCode, NationCode};
use entente_store::Actor;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use crate::{delegate, staff};

fn fw(s: &str) -> FrameworkCode {
    s.parse().unwrap()
}

#[tokio::test]
async fn sql_visibility_matches_the_policy() {
    let db = entente_testkit::demo_db().await;
    let net = db.store.load_network().await.unwrap();
    let codes: Vec<NationCode> = net.nations().map(|n| n.code.clone()).collect();
    let nation = proptest::sample::select(codes.clone());
    let audience = proptest::prop_oneof![
        proptest::strategy::Just(Audience::StaffOnly),
        proptest::strategy::Just(Audience::AlliesOnly),
        proptest::collection::btree_set(nation.clone(), 1..4).prop_map(|s| Audience::Nations(s.into_iter().collect())),
        proptest::collection::btree_set(
            proptest::sample::select(vec![fw("PFP"), fw("MD"), fw("ICI"), fw("PAG"), fw("ORG")]),
            1..3
        )
        .prop_map(|s| Audience::Frameworks(s.into_iter().collect())),
        proptest::strategy::Just(Audience::AllPartners),
        proptest::strategy::Just(Audience::Public),
    ];
    let marking =
        (audience, proptest::option::of(nation), 1990i32..2027, 1u32..=12).prop_map(|(audience, originator, y, m)| {
            Marking {
                classification: "NATO UNCLASSIFIED".into(),
                audience,
                originator,
                released_on: NaiveDate::from_ymd_opt(y, m, 1).unwrap(),
            }
        });
    let mut runner = TestRunner::deterministic();
    let mut stored = Vec::new();
    // Dates that matter: Russia's suspension, Finland's and Sweden's accession, Malta's return.
    let pinned = [
        Marking {
            classification: "NATO UNCLASSIFIED".into(),
            audience: Audience::Frameworks(vec![fw("PFP")]),
            originator: None,
            released_on: NaiveDate::from_ymd_opt(2014, 4, 1).unwrap(),
        },
        Marking {
            classification: "NATO UNCLASSIFIED".into(),
            audience: Audience::Frameworks(vec![fw("PFP")]),
            originator: None,
            released_on: NaiveDate::from_ymd_opt(2014, 3, 31).unwrap(),
        },
        Marking {
            classification: "NATO UNCLASSIFIED".into(),
            audience: Audience::AlliesOnly,
            originator: None,
            released_on: NaiveDate::from_ymd_opt(2023, 4, 4).unwrap(),
        },
        Marking {
            classification: "NATO UNCLASSIFIED".into(),
            audience: Audience::AlliesOnly,
            originator: None,
            released_on: NaiveDate::from_ymd_opt(2023, 4, 3).unwrap(),
        },
    ];
    let actor = Actor::system("test");
    for m in pinned.into_iter().chain((0..150).map(|_| marking.new_tree(&mut runner).unwrap().current())) {
        let id = db.store.create_marking(&actor, &m).await.unwrap();
        stored.push((id, m));
    }
    let mut viewers = vec![None, Some(staff())];
    for code in ["RUS", "FIN", "SWE", "MLT", "UKR", "EGY", "QAT", "JPN", "EU", "USA", "BLR"] {
        viewers.push(Some(delegate(code, Role::DelegationMember)));
    }
    for v in &viewers {
        let scoped = db.store.scoped(v.as_ref()).await.unwrap();
        let ours: BTreeSet<i64> = stored.iter().map(|(id, _)| *id).collect();
        let sql: BTreeSet<i64> =
            scoped.visible_marking_ids().await.unwrap().into_iter().filter(|id| ours.contains(id)).collect();
        let policy: BTreeSet<i64> =
            stored.iter().filter(|(_, m)| may_see(scoped.viewer(), m, &net)).map(|(id, _)| *id).collect();
        assert_eq!(sql, policy, "viewer {:?}", v.as_ref().map(|p| p.username.clone()));
    }
}

#[tokio::test]
async fn markings_round_trip() {
    let db = entente_testkit::demo_db().await;
    let m = Marking {
        classification: "NATO RESTRICTED".into(),
        audience: Audience::Nations(vec!["MDA".parse().unwrap(), "UKR".parse().unwrap()]),
        originator: Some("UKR".parse().unwrap()),
        released_on: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
    };
    let id = db.store.create_marking(&Actor::system("test"), &m).await.unwrap();
    assert_eq!(db.store.marking(id).await.unwrap().marking, m);
}

#[tokio::test]
async fn accounts_are_scoped_to_their_affiliation() {
    use entente_domain::access::Affiliation;
    use entente_store::accounts::NewAccount;
    let db = entente_testkit::demo_db().await;
    let actor = Actor::system("test");
    let new = |u: &str, aff: Affiliation, role: Role| NewAccount {
        username: u.into(),
        display_name: u.into(),
        email: None,
        affiliation: aff,
        role,
        password_hash: "x".into(),
        must_change_password: false,
        demo: false,
    };
    let mlt = |c: &str| Affiliation::Nation(c.parse().unwrap());
    let a = db.store.create_account(&actor, new("mlt-lead", mlt("MLT"), Role::DelegationLead)).await.unwrap();
    let b = db.store.create_account(&actor, new("ukr-member", mlt("UKR"), Role::DelegationMember)).await.unwrap();
    db.store.create_account(&actor, new("admin", Affiliation::Staff, Role::StaffAdmin)).await.unwrap();
    assert!(db.store.create_account(&actor, new("Bad Name", mlt("MLT"), Role::DelegationMember)).await.is_err());
    assert!(db.store.create_account(&actor, new("mlt-lead", mlt("MLT"), Role::DelegationMember)).await.is_err());
    assert!(db.store.create_account(&actor, new("x-staff", mlt("MLT"), Role::StaffAdmin)).await.is_err());

    let lead = a.principal();
    let scoped = db.store.scoped(Some(&lead)).await.unwrap();
    let seen: Vec<String> = scoped.accounts(None).await.unwrap().into_iter().map(|x| x.username).collect();
    assert_eq!(seen, ["mlt-lead"]);
    let seen: Vec<String> = scoped.accounts(Some(&mlt("UKR"))).await.unwrap().into_iter().map(|x| x.username).collect();
    assert_eq!(seen, ["mlt-lead"], "asking for another delegation still shows only one's own");
    assert!(matches!(scoped.account(b.id).await, Err(entente_store::StoreError::NotFound)));
    let admin = db.store.scoped(Some(&staff())).await.unwrap();
    assert_eq!(admin.accounts(None).await.unwrap().len(), 3);
    assert_eq!(admin.accounts(Some(&mlt("UKR"))).await.unwrap().len(), 1);
    assert!(db.store.scoped(None).await.unwrap().accounts(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn throttling_locks_slows_and_clears() {
    use chrono::Duration;
    use entente_store::accounts::LockMode;
    let db = entente_testkit::test_db().await;
    let (w, fail) = (Duration::minutes(15), |key: &'static str, mode| {
        let store = db.store.clone();
        async move { store.record_failure(key, 5, Duration::minutes(15), Duration::seconds(30), mode).await.unwrap() }
    });
    for i in 1..=4 {
        assert_eq!(db.store.record_failure("user:alice@a", 5, w, w, LockMode::Lock).await.unwrap(), i);
    }
    assert!(db.store.locked_until("user:alice@a").await.unwrap().is_none());
    assert_eq!(db.store.record_failure("user:alice@a", 5, w, w, LockMode::Lock).await.unwrap(), 5);
    let until = db.store.locked_until("user:alice@a").await.unwrap().unwrap();
    assert!(until > chrono::Utc::now() + Duration::minutes(14));
    // A lock starts the count again.
    assert_eq!(db.store.record_failure("user:alice@a", 5, w, w, LockMode::Lock).await.unwrap(), 1);
    db.store.clear_failures("user:alice@a").await.unwrap();
    assert!(db.store.locked_until("user:alice@a").await.unwrap().is_none());

    // A slow-down keeps counting: every failure past the limit renews a short lock.
    for _ in 0..5 {
        fail("user:alice", LockMode::SlowDown).await;
    }
    let until = db.store.locked_until("user:alice").await.unwrap().unwrap();
    assert!(until <= chrono::Utc::now() + Duration::seconds(30));
    assert_eq!(fail("user:alice", LockMode::SlowDown).await, 6);
}

#[tokio::test]
async fn sql_meeting_visibility_matches_the_format_rule() {
    use entente_domain::consultation::{Meeting, MeetingDraft, MeetingId, MeetingLevel, Venue, may_see_meeting};
    use entente_domain::registry::FormatSpec;
    use entente_store::consultation::MeetingFilter;
    let db = entente_testkit::demo_db().await;
    let net = db.store.load_network().await.unwrap();
    let staff = staff();
    let codes: Vec<NationCode> = net.nations().map(|n| n.code.clone()).collect();
    let spec = (
        proptest::bool::ANY,
        proptest::collection::btree_set(
            proptest::sample::select(vec![fw("PFP"), fw("MD"), fw("ICI"), fw("PAG"), fw("ORG")]),
            0..3,
        ),
        proptest::collection::btree_set(proptest::sample::select(codes.clone()), 0..4),
        1990i32..2027,
        1u32..=12,
    )
        .prop_filter("a format needs participants", |(a, f, p, _, _)| *a || !f.is_empty() || !p.is_empty());
    let mut runner = TestRunner::deterministic();
    let mut stored = Vec::new();
    for _ in 0..80 {
        let (allies, frameworks, partners, y, m) = spec.new_tree(&mut runner).unwrap().current();
        let start = NaiveDate::from_ymd_opt(y, m, 10).unwrap().and_hms_opt(9, 0, 0).unwrap().and_utc();
        let draft = MeetingDraft {
            title: "Random".into(),
            level: MeetingLevel::Experts,
            format: FormatSpec {
                include_allies: allies,
                frameworks: frameworks.into_iter().collect(),
                partners: partners.into_iter().collect(),
            },
            start,
            end: start + chrono::Duration::hours(2),
            time_zone: "Europe/Brussels".parse().unwrap(),
            venue: Venue::Online { platform: String::new() },
            request: None,
        };
        let (meeting, permit) = Meeting::plan(MeetingId(0), draft, &staff, chrono::Utc::now()).unwrap();
        let as_staff = db.store.scoped(Some(&staff)).await.unwrap();
        stored.push(as_staff.insert_meeting(permit, meeting).await.unwrap());
    }
    let mut viewers = vec![None, Some(staff.clone())];
    for code in ["RUS", "FIN", "SWE", "MLT", "UKR", "EGY", "QAT", "JPN", "EU", "USA", "BLR", "AFG"] {
        viewers.push(Some(delegate(code, Role::DelegationMember)));
    }
    for v in &viewers {
        let scoped = db.store.scoped(v.as_ref()).await.unwrap();
        let sql: BTreeSet<i64> = scoped
            .meetings(&MeetingFilter { limit: 500, ..Default::default() })
            .await
            .unwrap()
            .iter()
            .map(|m| m.id.0)
            .collect();
        let policy: BTreeSet<i64> =
            stored.iter().filter(|m| may_see_meeting(scoped.viewer(), m, &net)).map(|m| m.id.0).collect();
        assert_eq!(sql, policy, "viewer {:?}", v.as_ref().map(|p| p.username.clone()));
        assert_eq!(scoped.count_meetings().await.unwrap() as usize, policy.len(), "counts follow the same rule");
    }
}
