use chrono::NaiveDate;
use entente_domain::registry::import::{parse_network, parse_sizes};
use entente_domain::registry::{
    DEMO_NETWORK_CSV, Format, FormatSpec, FrameworkCode, FrameworkRole, NationCode, NationStatus,
};
use entente_store::registry::{ImportBatch, NewContact};
use entente_store::{Actor, StoreError};
use entente_testkit::{demo_db, test_db};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn code(s: &str) -> NationCode {
    s.parse().unwrap()
}
fn fw(s: &str) -> FrameworkCode {
    s.parse().unwrap()
}
fn actor() -> Actor {
    Actor::system("test")
}
fn marking() -> entente_domain::access::Marking {
    entente_domain::access::Marking {
        classification: "NATO UNCLASSIFIED".into(),
        audience: entente_domain::access::Audience::AllPartners,
        originator: Some(code("MDA")),
        released_on: d("2026-01-01"),
    }
}

async fn roles(store: &entente_store::Store) -> Vec<(FrameworkCode, FrameworkRole)> {
    store.frameworks().await.unwrap().into_iter().map(|f| (f.code, f.role)).collect()
}

#[tokio::test]
async fn frameworks_are_seeded_by_migration() {
    let db = test_db().await;
    let codes: Vec<String> = db.store.frameworks().await.unwrap().iter().map(|f| f.code.to_string()).collect();
    assert_eq!(codes, ["ALLIANCE", "PFP", "MD", "ICI", "PAG", "ORG"]);
}

#[tokio::test]
async fn the_demo_network_matches_the_record() {
    let db = demo_db().await;
    let net = db.store.load_network().await.unwrap();
    assert_eq!(net.nations().count(), 75);
    assert_eq!(net.memberships().len(), 92);
    assert_eq!(net.allies_on(d("1949-04-04")).len(), 12);
    assert_eq!(net.allies_on(d("2013-01-01")).len(), 28);
    assert_eq!(net.allies_on(d("2024-03-07")).len(), 32);
    assert_eq!(net.members_of(&fw("MD"), d("2026-01-01")).len(), 7);
    assert!(!net.is_active(&code("RUS"), &fw("PFP"), d("2014-04-01")));
    assert!(net.is_active(&code("FIN"), &fw("PFP"), d("2023-04-03")));
    assert_eq!(net.status_on(&code("FIN"), d("2023-04-04")), NationStatus::Ally);
    let fin = net.nation(&code("FIN")).unwrap();
    assert_eq!(fin.name_fr.as_deref(), Some("Finlande"));
    assert_eq!(fin.size.as_ref().unwrap().year, 2023);
    // Partial dates survive the round trip through the database.
    let egy = net.memberships_of(&code("EGY")).next().unwrap();
    assert_eq!(egy.joined.to_string(), "1995-02");
    assert_eq!(net.memberships_of(&code("IRQ")).next().unwrap().joined.to_string(), "2011");
}

#[tokio::test]
async fn reimporting_the_same_files_changes_nothing() {
    let db = demo_db().await;
    let before = db.store.load_network().await.unwrap();
    let again = db.store.seed_demo_network(&actor()).await.unwrap();
    assert!(again.is_noop(), "{again:?}");
    assert_eq!(again.nations_unchanged, 75);
    assert_eq!(again.periods_unchanged, 92);
    let staff = db.store.scoped(Some(&crate::staff())).await.unwrap();
    assert_eq!(staff.contacts(&code("FIN")).await.unwrap().len(), 1, "the demo contact is not added twice");
    let after = db.store.load_network().await.unwrap();
    assert_eq!(before.memberships(), after.memberships());
}

#[tokio::test]
async fn a_changed_file_updates_in_place() {
    let db = demo_db().await;
    let changed = DEMO_NETWORK_CSV
        .replace(
            "BLR,Belarus,partner_state,PFP,1995-01-11,2021-11,",
            "BLR,Belarus,partner_state,PFP,1995-01-11,2021-11-30,",
        )
        .replace("Republic of Moldova", "Moldova")
        .replace("MLT,Malta,partner_state,PFP,2008-04-03,,", "MLT,Malta,partner_state,PFP,2008-03-20,,");
    let file = parse_network(changed.as_bytes(), &roles(&db.store).await).unwrap();
    let summary = db
        .store
        .import(&actor(), ImportBatch { network: Some(("changed.csv".into(), file)), ..Default::default() })
        .await
        .unwrap();
    assert_eq!((summary.nations_updated, summary.nations_added), (1, 0));
    assert_eq!((summary.periods_updated, summary.periods_added, summary.periods_removed), (2, 0, 0));
    let net = db.store.load_network().await.unwrap();
    assert!(net.is_active(&code("BLR"), &fw("PFP"), d("2021-11-15")));
    assert!(net.is_active(&code("MLT"), &fw("PFP"), d("2008-03-25")));
    assert_eq!(net.nation(&code("MDA")).unwrap().name, "Moldova");
    assert_eq!(net.memberships().len(), 92);
}

#[tokio::test]
async fn a_bad_batch_writes_nothing() {
    let db = test_db().await;
    // A good network file with a sizes file that names a nation no file knows: the whole batch fails.
    let network = parse_network(DEMO_NETWORK_CSV.as_bytes(), &roles(&db.store).await).unwrap();
    let sizes = parse_sizes(
        "code,name,population_millions,gdp_usd_billions,year,source\nFIN,Finland,5.6,300,2023,x\nXKX,Kosovo,1.7,10,2023,x\n"
            .as_bytes(),
    )
    .unwrap();
    let err = db
        .store
        .import(
            &actor(),
            ImportBatch {
                network: Some(("nato_network.csv".into(), network)),
                sizes: Some(("sizes.csv".into(), sizes)),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    let StoreError::Invalid(fe) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(fe.file, "sizes.csv");
    assert_eq!(
        fe.errors[0].to_string(),
        "line 3, column code: unknown nation XKX: it is not in the registry (import the network first)"
    );
    assert_eq!(db.store.load_network().await.unwrap().nations().count(), 0, "the network part was rolled back too");
}

#[tokio::test]
async fn groupings_and_contacts() {
    let db = demo_db().await;
    let groupings = db.store.groupings().await.unwrap();
    let v4 = groupings.iter().find(|g| g.code == "V4").unwrap();
    assert_eq!(v4.members, [code("CZE"), code("HUN"), code("POL"), code("SVK")]);
    let ion = NewContact {
        name: "Ion Popescu".into(),
        role: "Defence attaché".into(),
        email: Some("ion@example.md".into()),
        phone: None,
    };
    let c = db.store.add_contact(&actor(), &code("MDA"), ion, &marking()).await.unwrap();
    assert_eq!(c.nation, code("MDA"));
    let staff = db.store.scoped(Some(&crate::staff())).await.unwrap();
    assert_eq!(staff.contacts(&code("MDA")).await.unwrap().len(), 2);
    let bad = NewContact { name: "X".into(), role: String::new(), email: Some("nope".into()), phone: None };
    let bad = db.store.add_contact(&actor(), &code("MDA"), bad, &marking()).await;
    assert!(matches!(bad, Err(StoreError::Rejected(m)) if m == "'nope' is not an e-mail address"));
    assert!(matches!(staff.contacts(&code("ZZZ")).await, Err(StoreError::NotFound)));
    let anonymous = db.store.scoped(None).await.unwrap();
    assert!(anonymous.contacts(&code("MDA")).await.unwrap().is_empty(), "contacts are not public");
}

#[tokio::test]
async fn formats_are_stored_and_resolved() {
    let db = demo_db().await;
    let net = db.store.load_network().await.unwrap();
    let md = db.store.format("nato-md").await.unwrap();
    assert_eq!(md.spec, FormatSpec { include_allies: true, frameworks: vec![fw("MD")], partners: vec![] });
    let r = md.spec.resolve(&net, d("2026-01-15"));
    assert_eq!((r.allies(), r.partners()), (32, 7));
    let ip4 = db.store.format("allies-ip4").await.unwrap();
    assert_eq!(ip4.spec.partners.len(), 4);

    let new = Format {
        slug: "allies-moldova".into(),
        name: "Allies + Moldova".into(),
        name_fr: "Alliés + Moldova".into(),
        description: String::new(),
        description_fr: String::new(),
        spec: FormatSpec { include_allies: true, frameworks: vec![], partners: vec![code("MDA")] },
        valid_from: Some(d("2024-02-01")),
        valid_to: None,
    };
    db.store.save_format(&actor(), &new).await.unwrap();
    assert_eq!(db.store.format("allies-moldova").await.unwrap(), new, "validity dates kept");
    let mut reversed = new.clone();
    reversed.valid_to = Some(d("2023-01-01"));
    assert!(
        matches!(db.store.save_format(&actor(), &reversed).await, Err(StoreError::Rejected(m)) if m.contains("before valid_from"))
    );
    // The demo's councils exist from their founding; the Commission until the Council replaced it.
    let council = db.store.format("nato-ukraine-council").await.unwrap();
    assert_eq!(council.valid_from, Some(d("2023-07-12")));
    assert!(!council.in_force_on(d("2023-07-11")) && council.in_force_on(d("2023-07-12")));
    let commission = db.store.format("nato-ukraine-commission").await.unwrap();
    assert!(commission.in_force_on(d("2023-07-11")) && !commission.in_force_on(d("2023-07-12")));
    assert_eq!(
        council.check_in_force(d("2023-05-01")).unwrap_err().to_string(),
        "the format 'NATO-Ukraine Council' does not exist on 2023-05-01: it exists from 2023-07-12"
    );
    let mut unknown = new.clone();
    unknown.spec.partners = vec![code("ZZZ")];
    assert!(
        matches!(db.store.save_format(&actor(), &unknown).await, Err(StoreError::Rejected(m)) if m == "unknown nation ZZZ")
    );
    assert!(matches!(db.store.format("nope").await, Err(StoreError::NotFound)));
}
