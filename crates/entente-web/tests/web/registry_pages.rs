use entente_testkit::TestApp;

#[tokio::test]
async fn overview_in_english_and_french() {
    let app = TestApp::demo().await;
    let en = app.get("/?as_of=1949-04-04").await;
    assert_eq!(en.status, 200);
    assert!(en.header("content-type").unwrap().starts_with("text/html"));
    assert!(en.body.contains("<html lang=\"en\">"));
    assert!(en.body.contains("The partner network"));
    assert!(en.body.contains("Belgium") && !en.body.contains("Finland"));
    assert!(en.body.contains("Demonstration data"));
    let fr = app.get_with("/?as_of=2026-01-01", &[("cookie", "entente_lang=fr")]).await;
    assert!(fr.body.contains("<html lang=\"fr\">"));
    assert!(fr.body.contains("Le réseau de partenaires"));
    assert!(fr.body.contains("Finlande"));
    let accept = app.get_with("/", &[("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")]).await;
    assert!(accept.body.contains("<html lang=\"fr\">"));
}

#[tokio::test]
async fn nation_page_shows_history_contacts_and_formats() {
    let app = TestApp::demo().await;
    let r = app.get("/nations/FIN").await;
    assert_eq!(r.status, 200);
    for needle in ["Finland", "History in the frameworks", "Became an ally", "2023-04-04", "<svg"] {
        assert!(r.body.contains(needle), "missing {needle:?}");
    }
    assert!(!r.body.contains("partnership.fin@demo.invalid"), "contacts are for the network, not the public");
    let member = app.user("mlt.member", Some("MLT"), entente_domain::access::Role::DelegationMember).await;
    let s = app.login(&member).await;
    let r = app.get_as("/nations/FIN", &s).await;
    assert!(r.body.contains("partnership.fin@demo.invalid"), "an active partner sees the network's contacts");
    let fr = app.get_with("/nations/EGY", &[("cookie", "entente_lang=fr")]).await;
    assert!(fr.body.contains("Égypte"));
    assert!(fr.body.contains("connue au mois près"), "partial dates say their precision");
}

#[tokio::test]
async fn framework_format_and_groupings_pages() {
    let app = TestApp::demo().await;
    let r = app.get("/frameworks/PFP?as_of=2026-01-01").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Russian Federation") && r.body.contains("suspended"));
    let r = app.get("/formats").await;
    assert!(r.body.contains("NATO-Ukraine Council"));
    let r = app.get("/formats/nato-russia-council?as_of=2015-01-01").await;
    assert!(r.body.contains("Named, but not seated on this date"));
    assert!(r.body.contains("partnership suspended"));
    let r = app.get_with("/groupings", &[("cookie", "entente_lang=fr")]).await;
    assert!(r.body.contains("Groupe de Visegrád"));
    assert!(r.body.contains("Caucase du Sud"));
}

#[tokio::test]
async fn errors_render_as_pages_in_the_reader_language() {
    let app = TestApp::demo().await;
    let r = app.get("/nations/XYZ").await;
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("Not found"));
    let r = app.get_with("/no/such/page", &[("cookie", "entente_lang=fr")]).await;
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Introuvable"));
    let r = app.get("/?as_of=yesterday").await;
    assert_eq!(r.status, 400);
    assert!(
        r.body.contains("as_of: &#39;yesterday&#39; is not a date")
            || r.body.contains("as_of: 'yesterday' is not a date"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn language_switch_remembers_and_stays_on_site() {
    let app = TestApp::demo().await;
    let r = app.get("/lang/fr?next=/nations/FIN%3Fas_of%3D2020-01-01").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/nations/FIN?as_of=2020-01-01"));
    assert!(r.header("set-cookie").unwrap().starts_with("entente_lang=fr;"));
    let r = app.get("/lang/fr?next=//evil.example/").await;
    assert_eq!(r.header("location"), Some("/"));
    let r = app.get("/lang/fr?next=https://evil.example/").await;
    assert_eq!(r.header("location"), Some("/"));
    assert_eq!(app.get("/lang/de").await.status, 404);
}

#[tokio::test]
async fn pages_need_no_script_and_send_security_headers() {
    let app = TestApp::demo().await;
    let r = app.get("/nations/UKR").await;
    assert!(!r.body.contains("<script"), "pages work without JavaScript");
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert!(r.header("referrer-policy").is_some());
    // Accessible frame: language, skip link, landmarks, labelled form.
    for needle in ["class=\"skip\"", "<main id=\"main\">", "<nav aria-label=", "<label for=\"as_of\">"] {
        assert!(r.body.contains(needle), "missing {needle}");
    }
}

#[tokio::test]
async fn quantities_follow_the_reader_conventions() {
    let app = TestApp::demo().await;
    let fr = [("accept-language", "fr")];
    let malta = app.get_with("/nations/MLT", &fr).await;
    assert!(malta.body.contains("0,6&nbsp;M"), "a decimal comma in French");
    let usa = app.get_with("/nations/USA", &fr).await;
    assert!(usa.body.contains("27\u{202f}361&nbsp;Md USD"), "thousands apart by a narrow no-break space, milliards");
    let usa = app.get_with("/nations/USA", &[("accept-language", "en")]).await;
    assert!(usa.body.contains("27,361&nbsp;bn USD"), "a thousands comma and billions in English");
    assert!(usa.body.contains("336.8&nbsp;M") || usa.body.contains("337&nbsp;M"));
}
