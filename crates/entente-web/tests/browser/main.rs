//! Browser journeys in real headless Chromium (run with `cargo nextest run --profile browser`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use entente_testkit::TestApp;
use entente_testkit::browser::Browser;
use fantoccini::Locator;

async fn heading(b: &Browser) -> String {
    b.client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overview_and_nation_page_in_both_languages() {
    let app = TestApp::demo().await;
    let base = app.serve().await;
    let b = Browser::start().await;
    let c = &b.client;

    c.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(heading(&b).await, "The partner network");
    assert_eq!(c.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(), Some("en"));

    // The as-of form works without script: 12 allies on the day the Treaty was signed.
    let date = c.find(Locator::Id("as_of")).await.unwrap();
    c.execute("arguments[0].value = '1949-04-04';", vec![serde_json::to_value(&date).unwrap()]).await.unwrap();
    c.find(Locator::Css("form.as-of button[type=submit]")).await.unwrap().click().await.unwrap();
    let allies = c.find(Locator::Css("#allies-h .badge")).await.unwrap().text().await.unwrap();
    assert_eq!(allies, "12");
    assert!(c.current_url().await.unwrap().as_str().ends_with("/?as_of=1949-04-04"));

    // Switch to French: the page comes back in French, at the same date.
    c.find(Locator::LinkText("Français")).await.unwrap().click().await.unwrap();
    assert_eq!(heading(&b).await, "Le réseau de partenaires");
    assert!(c.current_url().await.unwrap().as_str().ends_with("/?as_of=1949-04-04"));

    // Follow a nation: its page is in French too.
    c.find(Locator::LinkText("Danemark")).await.unwrap().click().await.unwrap();
    assert_eq!(heading(&b).await, "Danemark DNK");
    let body = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(body.contains("Historique dans les cadres"), "{body}");

    // A nation with a richer history, then back to English.
    c.goto(&format!("{base}/nations/FIN")).await.unwrap();
    let body = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(body.contains("Devenu Allié"), "{body}");
    c.find(Locator::LinkText("English")).await.unwrap().click().await.unwrap();
    assert_eq!(heading(&b).await, "Finland FIN");
    let body = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(body.contains("Became an ally") && body.contains("History in the frameworks"));

    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delegation_member_signs_in_sees_its_own_and_not_another_delegation() {
    use entente_domain::access::Role;
    let app = TestApp::demo().await;
    let member = app.user("mlt.member", Some("MLT"), Role::DelegationMember).await;
    let other = app.user("ukr.lead", Some("UKR"), Role::DelegationLead).await;
    let base = app.serve().await;
    let b = Browser::start().await;
    let c = &b.client;

    c.goto(&format!("{base}/account")).await.unwrap();
    assert_eq!(heading(&b).await, "Sign in", "the account page asks to sign in first");
    c.find(Locator::Id("username")).await.unwrap().send_keys(&member.username).await.unwrap();
    c.find(Locator::Id("password")).await.unwrap().send_keys(&member.password).await.unwrap();
    c.find(Locator::Css("form.stacked button[type=submit]")).await.unwrap().click().await.unwrap();
    assert_eq!(heading(&b).await, "Your account", "back where the user was going");

    // Its own nation's page, with the network's points of contact.
    c.goto(&format!("{base}/nations/MLT")).await.unwrap();
    let main = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(main.contains("partnership.mlt@demo.invalid"), "{main}");

    // Its own delegation's users, never another's.
    c.goto(&format!("{base}/users?nation=UKR")).await.unwrap();
    let main = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(main.contains("mlt.member") && !main.contains("ukr.lead"), "{main}");
    c.goto(&format!("{base}/users/{}", other.id)).await.unwrap();
    assert_eq!(heading(&b).await, "Not found");

    // Sign out: the session is over.
    c.goto(&format!("{base}/account")).await.unwrap();
    c.find(Locator::Css("header form[action='/logout'] button")).await.unwrap().click().await.unwrap();
    c.goto(&format!("{base}/account")).await.unwrap();
    assert_eq!(heading(&b).await, "Sign in");

    // The same in French.
    c.goto(&format!("{base}/lang/fr?next=/login")).await.unwrap();
    assert_eq!(heading(&b).await, "Se connecter");
    b.close().await;
}
