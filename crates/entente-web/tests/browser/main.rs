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
