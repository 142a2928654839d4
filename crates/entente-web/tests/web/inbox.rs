//! The inbox as the demo's accounts read it: one notice per event per person, none of one's own
//! action, every link opening a page the reader may see, each notice a sentence in words in the
//! reader's language; and the e-mails of an event in the demo's mail folder, for its recipients
//! and not for whoever acted.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use entente_domain::access::{Affiliation, Role};
use entente_testkit::{TestApp, TestUser};
use entente_web::notify::{MailTarget, MailerConfig, Reminded, drain_once, remind_once};

/// The demo's named accounts, as `entente demo` creates them (user name, nation, role).
const DEMO: [(&str, Option<&str>, Role); 13] = [
    ("staff.admin", None, Role::StaffAdmin),
    ("staff.officer", None, Role::StaffOfficer),
    ("analyst", None, Role::Analyst),
    ("nor.lead", Some("NOR"), Role::DelegationLead),
    ("nor.member", Some("NOR"), Role::DelegationMember),
    ("ukr.lead", Some("UKR"), Role::DelegationLead),
    ("ukr.member", Some("UKR"), Role::DelegationMember),
    ("mlt.lead", Some("MLT"), Role::DelegationLead),
    ("mlt.member", Some("MLT"), Role::DelegationMember),
    ("eu.lead", Some("EU"), Role::DelegationLead),
    ("tun.member", Some("TUN"), Role::DelegationMember),
    ("mrt.member", Some("MRT"), Role::DelegationMember),
    ("geo.member", Some("GEO"), Role::DelegationMember),
];

/// A demonstration account (no address yet: the demo gives it one).
async fn demo_account(app: &TestApp, username: &str, nation: Option<&str>, role: Role) -> TestUser {
    let password = format!("{username} uses a long demo passphrase");
    let hash = entente_web::auth::secrets::hash_password(password.clone()).await.unwrap();
    let a = app
        .db
        .store
        .create_account(
            &entente_store::Actor::system("entente demo"),
            entente_store::accounts::NewAccount {
                username: username.into(),
                display_name: format!("{username} (demo)"),
                email: None,
                affiliation: nation.map_or(Affiliation::Staff, |n| Affiliation::Nation(n.parse().unwrap())),
                role,
                password_hash: hash,
                must_change_password: false,
                demo: true,
            },
        )
        .await
        .unwrap();
    TestUser { id: a.id, username: username.into(), password }
}

/// The demo: its accounts, then its forum acted out by them as `entente demo` does (staff
/// administrator for the staff's steps, each nation's member for its own), then one reminder pass.
async fn demo() -> (TestApp, HashMap<&'static str, TestUser>) {
    let app = TestApp::demo().await;
    let mut users = HashMap::new();
    let mut principals = HashMap::new();
    for (name, nation, role) in DEMO {
        let user = demo_account(&app, name, nation, role).await;
        let (account, _) = app.db.store.account_by_username(name).await.unwrap().unwrap();
        if name == "staff.admin" || name.ends_with(".member") {
            principals.insert(nation.unwrap_or("STAFF").to_string(), account.principal());
        }
        users.insert(name, user);
    }
    let staff = principals["STAFF"].clone();
    entente_web::demo::seed_consultations(&app.db.store, &staff, |c| principals.get(c).cloned()).await.unwrap();
    // The records agreed under silence were announced by the demo itself: only the overdue action
    // is left to the reminders.
    let reminded = remind_once(&app.state, Utc::now()).await.unwrap();
    assert_eq!(reminded, Reminded { records_agreed: 0, actions_overdue: 1, alerts_announced: 0, seats_released: 0 });
    (app, users)
}

fn path_of(link: &str) -> &str {
    link.split('#').next().unwrap_or(link)
}

/// Every link of every notice in the demo's inboxes opens, for its reader; each person has one
/// notice per event (the demo dates its events apart, so two notices at one instant would be one
/// event told twice); and nobody is told of their own step.
#[tokio::test]
async fn inbox_demo_notices_are_one_per_event_and_every_link_opens() {
    let (app, users) = demo().await;
    let readers = [
        "staff.officer",
        "nor.lead",
        "nor.member",
        "ukr.lead",
        "ukr.member",
        "mlt.lead",
        "mlt.member",
        "tun.member",
        "mrt.member",
        "geo.member",
        "eu.lead",
    ];
    let mut links = 0;
    for name in readers {
        let user = &users[name];
        let inbox = app.db.store.inbox(user.id, 500).await.unwrap();
        if !["eu.lead", "ukr.lead", "ukr.member", "geo.member"].contains(&name) {
            assert!(!inbox.is_empty(), "{name} has notices in the demo");
        }
        assert!(inbox.windows(2).all(|w| w[0].created_at >= w[1].created_at), "{name}: newest event first");
        let instants: BTreeSet<_> = inbox.iter().map(|n| n.created_at).collect();
        assert_eq!(instants.len(), inbox.len(), "{name}: one notice per event: {inbox:#?}");
        let session = app.login(user).await;
        let page = app.get_as("/inbox", &session).await;
        assert_eq!(page.status, 200);
        for n in &inbox {
            assert!(n.created_at < Utc::now() - chrono::Duration::hours(1) || n.kind == "action_overdue");
            assert!(page.body.contains(&format!("href=\"{}\"", n.link)), "{name}: the page shows {}", n.link);
            let r = app.get_as(path_of(&n.link), &session).await;
            assert_eq!(r.status, 200, "{name}: {} ({}) → {}", n.link, n.kind, r.status);
            links += 1;
        }
    }
    assert!(links > 40, "{links} links followed");

    // The staff administrator acted every staff step: told of none (nor are administrators told).
    assert!(app.db.store.inbox(users["staff.admin"].id, 500).await.unwrap().is_empty());
    // Tunisia proposed the item on the Mediterranean meeting: the staff are told, Tunisia is not.
    let tun = app.db.store.inbox(users["tun.member"].id, 500).await.unwrap();
    assert!(tun.iter().all(|n| n.kind != "agenda_item_proposed"), "{tun:#?}");
    let officer = app.db.store.inbox(users["staff.officer"].id, 500).await.unwrap();
    assert_eq!(officer.iter().filter(|n| n.kind == "agenda_item_proposed").count(), 3, "Tunisia, Ukraine, Georgia");
    // The meeting convened on Malta's request: one notice to Malta, about its request.
    for name in ["mlt.member", "mlt.lead"] {
        let malta = app.db.store.inbox(users[name].id, 500).await.unwrap();
        let on_request: Vec<_> = malta.iter().filter(|n| n.kind == "request_meeting_convened").collect();
        assert_eq!(on_request.len(), 1, "{malta:#?}");
        assert!(
            !malta.iter().any(|n| n.kind == "meeting_convened" && n.created_at == on_request[0].created_at),
            "the same event is not told twice: {malta:#?}"
        );
    }
}

/// A notice is a sentence in words — who did what to which item, names and dates, never codes —
/// in the reader's language; read and unread are told apart, with the date.
#[tokio::test]
async fn inbox_notices_are_sentences_in_the_readers_language() {
    let (app, users) = demo().await;
    let net = app.db.store.load_network().await.unwrap();
    let codes: BTreeSet<String> = net.nations().map(|n| n.code.to_string()).collect();
    for name in ["staff.officer", "mlt.member", "nor.member"] {
        for n in app.db.store.inbox(users[name].id, 500).await.unwrap() {
            for text in [&n.subject_en, &n.subject_fr] {
                assert!(text.ends_with('.'), "{name}: a sentence: {text}");
                let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
                assert!(!words.iter().any(|w| codes.contains(*w)), "{name}: no nation code in {text}");
                assert!(!text.contains("_"), "{name}: no kind code in {text}");
            }
        }
    }
    let s = app.login(&users["staff.officer"]).await;
    let en = app.get_as("/inbox", &s).await.body;
    assert!(en.contains("Tunisia proposed the agenda item “Search and rescue coordination (demo)” for “Maritime security in the Mediterranean (demo)” of "), "{en}");
    assert!(en.contains("Malta requested consultations ("), "{en}");
    assert!(en.contains("Unread"));
    let fr = app.get_with("/inbox", &[("cookie", &s.cookie), ("accept-language", "fr")]).await.body;
    assert!(
        fr.contains("Tunisie a proposé le point « Search and rescue coordination (demo) » à l&#39;ordre du jour"),
        "{fr}"
    );
    assert!(fr.contains("Malte a demandé des consultations ("), "{fr}");
    assert!(fr.contains("Non lue"));
    // A date in words: the month's name, in the reader's language.
    let months_en = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    assert!(months_en.iter().any(|m| en.contains(&format!(" {m} 20"))), "{en}");
    let m = app.post_form("/inbox/read-all", &[], Some(&s)).await;
    assert_eq!(m.status, 303);
    let read = app.get_as("/inbox", &s).await.body;
    assert!(read.contains("No unread notifications") && read.contains("read on "), "{read}");
    assert!(!read.contains(">Unread<"), "{read}");
}

/// An event in the demo — the staff officer convenes the planned NAC+4 meeting — e-mails the people
/// it tells at their demo addresses, into the mail folder: the seated allies' delegations and the
/// other staff officers, not the officer who convened it.
#[tokio::test]
async fn inbox_an_event_in_the_demo_is_mailed_to_its_recipients_and_not_to_its_actor() {
    let (app, users) = demo().await;
    // Every demo account has its address; a real account keeps none it did not give.
    let officer = app.db.store.account(users["staff.officer"].id).await.unwrap();
    assert_eq!(officer.email.as_deref(), Some("staff.officer@staff.example"));
    let mlt = app.db.store.account(users["mlt.member"].id).await.unwrap();
    assert_eq!(mlt.email.as_deref(), Some("mlt.member@mfa.example"));
    let eu = app.db.store.account(users["eu.lead"].id).await.unwrap();
    assert_eq!(eu.email.as_deref(), Some("eu.lead@delegation.example"));
    let colleague = app.user("staff.colleague", None, Role::StaffOfficer).await;

    // The history's e-mails go to the folder first.
    let history = tempfile::tempdir().unwrap();
    let config = MailerConfig::new(MailTarget::Dir(history.path().to_path_buf()), "Entente <entente@alliance.example>");
    let sent = drain_once(&app.db.store, &config).await.unwrap();
    assert!(sent.sent > 10 && sent.failed == 0, "{sent:?}");
    let mails = read_mails(history.path());
    assert!(mails.iter().any(|m| m.contains("To: staff.officer@staff.example")), "the staff hear of requests");
    assert!(mails.iter().any(|m| m.contains("To: mlt.member@mfa.example")));

    // The event.
    let nac = find_meeting(&app, "NAC+4 experts").await;
    let s = app.login(&users["staff.officer"]).await;
    let r = app.post_form(&format!("/meetings/{nac}/status"), &[("status", "convened")], Some(&s)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let folder = tempfile::tempdir().unwrap();
    let config = MailerConfig::new(MailTarget::Dir(folder.path().to_path_buf()), "Entente <entente@alliance.example>");
    let sent = drain_once(&app.db.store, &config).await.unwrap();
    assert_eq!(sent.failed, 0);
    let mails = read_mails(folder.path());
    let to = |address: &str| mails.iter().filter(|m| m.contains(&format!("To: {address}\r\n"))).count();
    assert_eq!(to("nor.member@mfa.example"), 1, "an ally's delegation sits in the meeting");
    assert_eq!(to("nor.lead@mfa.example"), 1);
    assert_eq!(to("staff.officer@staff.example"), 0, "none for whoever acted");
    assert_eq!(to("mlt.member@mfa.example"), 0, "Malta does not sit in NAC+4");
    assert!(mails.iter().all(|m| !m.contains("staff.colleague")), "the colleague has no address: no e-mail");
    let nor = mails.iter().find(|m| m.contains("To: nor.member@mfa.example")).unwrap();
    for header in ["From: Entente <entente@alliance.example>", "Subject: ", "Date: ", "Message-ID: <outbox-"] {
        assert!(nor.contains(header), "{header} in {nor}");
    }
    assert!(nor.to_ascii_lowercase().contains("content-type: text/plain; charset=utf-8"), "{nor}");
    // The inboxes say the same: the colleague is told, the officer who convened is not.
    let link = format!("/meetings/{nac}");
    let told = |id: i64| {
        let store = app.db.store.clone();
        let link = link.clone();
        async move {
            store
                .inbox(id, 500)
                .await
                .unwrap()
                .iter()
                .filter(|n| n.kind == "meeting_convened" && n.link == link)
                .count()
        }
    };
    assert_eq!(told(colleague.id).await, 1);
    assert_eq!(told(users["staff.officer"].id).await, 0);
    assert_eq!(told(users["nor.member"].id).await, 1);
}

async fn find_meeting(app: &TestApp, title_starts: &str) -> i64 {
    for id in 1..50 {
        if let Ok(m) = app.db.store.system().load_meeting(id).await
            && m.title.starts_with(title_starts)
        {
            return id;
        }
    }
    panic!("no meeting '{title_starts}…' in the demo");
}

fn read_mails(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}
