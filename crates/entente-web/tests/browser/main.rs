//! Browser journeys in real headless Chromium (run with `cargo nextest run --profile browser`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use entente_testkit::TestApp;
use entente_testkit::browser::Browser;
use fantoccini::Locator;

mod mobile;

async fn heading(b: &Browser) -> String {
    b.client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap()
}

/// Click something that loads a new page (a link or a form's submit button) and wait until the new
/// document has replaced the old one and finished loading. Without this wait, the next lookup can
/// find an element of the page being left, which then goes stale under the test's hands.
async fn follow(c: &fantoccini::Client, locator: Locator<'_>) {
    let old = c.find(Locator::Css("html")).await.unwrap();
    let what = format!("{locator:?}");
    c.find(locator)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        // The old root answers until its document is gone.
        let gone = matches!(old.tag_name().await, Err(fantoccini::error::CmdError::Standard(ref e)) if e.error == fantoccini::error::ErrorStatus::StaleElementReference);
        if gone {
            let ready = c.execute("return document.readyState", vec![]).await.unwrap();
            if ready == serde_json::json!("complete") {
                return;
            }
        }
        assert!(std::time::Instant::now() < deadline, "{what}: no new page within 15 s");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
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
    follow(c, Locator::Css("form.as-of button[type=submit]")).await;
    let allies = c.find(Locator::Css("#allies-h .badge")).await.unwrap().text().await.unwrap();
    assert_eq!(allies, "12");
    assert!(c.current_url().await.unwrap().as_str().ends_with("/?as_of=1949-04-04"));

    // Switch to French: the page comes back in French, at the same date.
    follow(c, Locator::LinkText("Français")).await;
    assert_eq!(heading(&b).await, "Le réseau de partenaires");
    assert!(c.current_url().await.unwrap().as_str().ends_with("/?as_of=1949-04-04"));

    // Follow a nation: its page is in French too.
    follow(c, Locator::LinkText("Danemark")).await;
    assert_eq!(heading(&b).await, "Danemark DNK");
    let body = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(body.contains("Historique dans les cadres"), "{body}");

    // A nation with a richer history, then back to English.
    c.goto(&format!("{base}/nations/FIN")).await.unwrap();
    let body = c.find(Locator::Css("main")).await.unwrap().text().await.unwrap();
    assert!(body.contains("Devenu Allié"), "{body}");
    follow(c, Locator::LinkText("English")).await;
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
    follow(c, Locator::Css("form.stacked button[type=submit]")).await;
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
    follow(c, Locator::Css("header form[action='/logout'] button")).await;
    c.goto(&format!("{base}/account")).await.unwrap();
    assert_eq!(heading(&b).await, "Sign in");

    // The same in French.
    c.goto(&format!("{base}/lang/fr?next=/login")).await.unwrap();
    assert_eq!(heading(&b).await, "Se connecter");
    b.close().await;
}

/// Sign in through the login form (the browser's language stays as it is).
async fn sign_in(b: &Browser, base: &str, user: &entente_testkit::TestUser) {
    let c = &b.client;
    c.goto(&format!("{base}/login")).await.unwrap();
    c.find(Locator::Id("username")).await.unwrap().send_keys(&user.username).await.unwrap();
    c.find(Locator::Id("password")).await.unwrap().send_keys(&user.password).await.unwrap();
    follow(c, Locator::Css("form.stacked button[type=submit]")).await;
}

/// Set a form field's value (date-time inputs take their value only this way in WebDriver). The
/// journeys use times to the second, finer than the inputs' one-minute step, so the browser's own
/// step check is switched off for that form (the server checks the values).
async fn set(b: &Browser, css: &str, value: &str) {
    let el = b.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    b.client
        .execute(
            "arguments[0].value = arguments[1]; if (arguments[0].form) arguments[0].form.noValidate = true;",
            vec![serde_json::to_value(&el).unwrap(), value.into()],
        )
        .await
        .unwrap();
}

/// Submit a form (or follow a link) and wait for the page it leads to.
async fn click(b: &Browser, css: &str) {
    follow(&b.client, Locator::Css(css)).await;
}

/// Open a disclosure (`<details>`): no page load.
async fn open(b: &Browser, css: &str) {
    b.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap();
}

async fn main_text(b: &Browser) -> String {
    b.client.find(Locator::Css("main")).await.unwrap().text().await.unwrap()
}

/// An instant `seconds` from now, and how a date-and-time field of a meeting held at the
/// headquarters (Europe/Brussels, whose clocks the forms read) shows it.
fn brussels_in(seconds: i64) -> (chrono::DateTime<chrono::Utc>, String) {
    let at = chrono::Utc::now() + chrono::Duration::seconds(seconds);
    let zone: entente_domain::consultation::TimeZoneName = "Europe/Brussels".parse().unwrap();
    (at, zone.local(at).format("%Y-%m-%dT%H:%M:%S").to_string())
}

async fn sleep_until(at: chrono::DateTime<chrono::Utc>) {
    let wait = (at - chrono::Utc::now()).num_milliseconds().max(0) as u64 + 300;
    tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
}

/// The consultation journey: Malta (a small partner, its delegation working in French) requests
/// consultations; the staff (in English) acknowledge and convene allies + Malta; the meeting is
/// held, the summary record passes silence procedure, the request is closed and Malta's action is
/// done. Ukraine, outside the format, gets "Not found" for all of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_partner_requests_consultations_and_follows_them_to_the_end() {
    use entente_domain::access::Role;
    let app = TestApp::demo().await;
    let mlt = app.user("mlt.member", Some("MLT"), Role::DelegationMember).await;
    let officer = app.user("staff.officer", None, Role::StaffOfficer).await;
    let ukr = app.user("ukr.lead", Some("UKR"), Role::DelegationLead).await;
    let base = app.serve().await;
    let (partner, staff) = (Browser::start().await, Browser::start().await);

    // Malta, in French, files a paragraph 8 request.
    partner.client.goto(&format!("{base}/lang/fr?next=/login")).await.unwrap();
    sign_in(&partner, &base, &mlt).await;
    partner.client.goto(&format!("{base}/requests/new")).await.unwrap();
    set(&partner, "#basis", "paragraph8").await;
    partner
        .client
        .find(Locator::Id("threat"))
        .await
        .unwrap()
        .send_keys("Brouillage GPS répété près de nos ports.")
        .await
        .unwrap();
    click(&partner, "form[action='/requests'] button[type=submit]").await;
    let request_url = partner.client.current_url().await.unwrap().to_string();
    let request_path = request_url.trim_start_matches(&base).to_string();
    assert!(request_path.starts_with("/requests/"), "{request_url}");
    let text = main_text(&partner).await;
    assert!(text.contains("Soumise") && text.contains("Brouillage GPS"), "{text}");

    // The staff, in English, see it overdue-free and acknowledge it, then convene allies + Malta.
    sign_in(&staff, &base, &officer).await;
    staff.client.goto(&format!("{base}/requests")).await.unwrap();
    assert!(main_text(&staff).await.contains("Malta"));
    staff.client.goto(&format!("{base}{request_path}")).await.unwrap();
    click(&staff, "form input[value=acknowledge] ~ button").await;
    assert!(main_text(&staff).await.contains("Acknowledged"));
    let (start_at, start) = brussels_in(3);
    let (_, end) = brussels_in(3600);
    set(&staff, "#conv-start", &start).await;
    set(&staff, "#conv-end", &end).await;
    click(&staff, "form[action$='/convene'] button[type=submit]").await;
    let meeting_url = staff.client.current_url().await.unwrap().to_string();
    let meeting_path = meeting_url.trim_start_matches(&base).to_string();
    assert!(meeting_path.starts_with("/meetings/"), "{meeting_url}: {}", main_text(&staff).await);

    // Malta sees each step, in French.
    partner.client.goto(&request_url).await.unwrap();
    assert!(main_text(&partner).await.contains("Réunion convoquée"));
    partner.client.goto(&meeting_url).await.unwrap();
    assert!(main_text(&partner).await.contains("Malte"), "{}", main_text(&partner).await);

    // Held; the record is drafted and circulated with a deadline a few seconds away.
    sleep_until(start_at).await;
    staff.client.goto(&meeting_url).await.unwrap();
    set(&staff, "#to-status", "held").await;
    click(&staff, "form[action$='/status'] button[type=submit]").await;
    open(&staff, "details:has(form[action$='/record']) > summary").await;
    staff
        .client
        .find(Locator::Id("record-text"))
        .await
        .unwrap()
        .send_keys("The Council heard Malta's assessment.")
        .await
        .unwrap();
    click(&staff, "form[action$='/record'] button[type=submit]").await;
    let (deadline_at, deadline) = brussels_in(3);
    set(&staff, "#deadline", &deadline).await;
    click(&staff, "form[action$='/record/circulate'] button[type=submit]").await;
    // An action for Malta.
    let due = (chrono::Utc::now() + chrono::Duration::days(14)).format("%Y-%m-%d").to_string();
    open(&staff, "details:has(form[action$='/actions']) > summary").await;
    staff.client.find(Locator::Id("action-title")).await.unwrap().send_keys("Share the port assessment").await.unwrap();
    set(&staff, "#action-owner", "MLT").await;
    set(&staff, "#action-due", &due).await;
    click(&staff, "form[action$='/actions'] button[type=submit]").await;

    // Silence holds to the deadline: Malta sees the record agreed.
    sleep_until(deadline_at).await;
    partner.client.goto(&meeting_url).await.unwrap();
    let text = main_text(&partner).await;
    assert!(text.contains("Approuvé") && text.contains("The Council heard Malta's assessment."), "{text}");

    // The staff close the meeting and the request.
    staff.client.goto(&meeting_url).await.unwrap();
    set(&staff, "#to-status", "closed").await;
    click(&staff, "form[action$='/status'] button[type=submit]").await;
    staff.client.goto(&format!("{base}{request_path}")).await.unwrap();
    click(&staff, "form input[value=close] ~ button").await;
    assert!(main_text(&staff).await.contains("Closed"));
    partner.client.goto(&request_url).await.unwrap();
    assert!(main_text(&partner).await.contains("Close"));

    // Malta reports its action done.
    partner.client.goto(&format!("{base}/actions")).await.unwrap();
    assert!(main_text(&partner).await.contains("Share the port assessment"));
    set(&partner, "form[action^='/actions/'] select[name=status]", "done").await;
    click(&partner, "form[action^='/actions/'] button[type=submit]").await;
    partner.client.goto(&format!("{base}/actions?all=1")).await.unwrap();
    let text = main_text(&partner).await;
    assert!(text.contains("Achevée"), "{text}");

    // Ukraine, outside the format, finds nothing.
    follow(&staff.client, Locator::Css("header form[action='/logout'] button")).await;
    sign_in(&staff, &base, &ukr).await;
    for path in [&meeting_path, &request_path] {
        staff.client.goto(&format!("{base}{path}")).await.unwrap();
        assert_eq!(heading(&staff).await, "Not found", "{path}");
    }
    staff.client.goto(&format!("{base}/meetings")).await.unwrap();
    assert!(!main_text(&staff).await.contains("Malta"));

    partner.close().await;
    staff.close().await;
}

/// Fetch a link's target with the page's own session (a download, read as text).
async fn fetch_text(b: &Browser, href: &str) -> String {
    let v = b
        .client
        .execute("return fetch(arguments[0]).then(r => r.text())", vec![href.into()])
        .await
        .unwrap_or_else(|e| panic!("{href}: {e}"));
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_reads_equal_treatment_in_french_and_malta_sees_its_own_line() {
    use entente_domain::access::Role;
    let app = TestApp::demo().await;
    app.with_cooperation_year().await;
    let analyst = app.user("eval.analyst", None, Role::Analyst).await;
    let malta = app.user("eval.mlt", Some("MLT"), Role::DelegationMember).await;
    let base = app.serve().await;
    let b = Browser::start().await;
    let c = &b.client;

    // The analyst opens the dashboard from the navigation, switches to French, opens Q6.
    sign_in(&b, &base, &analyst).await;
    c.goto(&format!("{base}/")).await.unwrap();
    click(&b, "nav a[href='/evaluation']").await;
    assert_eq!(heading(&b).await, "Evaluation");
    c.goto(&format!("{base}/lang/fr?next=/evaluation")).await.unwrap();
    assert_eq!(heading(&b).await, "Évaluation");
    click(&b, "a[href='/evaluation/q6']").await;
    assert!(heading(&b).await.starts_with("Q6. Les petits États"), "{}", heading(&b).await);
    let main = main_text(&b).await;
    assert!(main.contains("Tiers le plus petit") && main.contains("Coefficient de Gini"), "{main}");
    let svg = c.find(Locator::Css("#q6-terciles svg[role='img'] title")).await.unwrap();
    assert_eq!(svg.html(true).await.unwrap(), "Places obtenues selon la taille des États");
    // Its CSV: the exact numbers, every state's line.
    let href =
        c.find(Locator::Css("#q6-nations a[href*='format=csv']")).await.unwrap().attr("href").await.unwrap().unwrap();
    let csv = fetch_text(&b, &href).await;
    assert!(csv.starts_with("nation,name,population_millions,tercile,asked,granted,fulfilment"), "{csv}");
    assert!(csv.lines().count() > 15 && csv.contains("\nUKR,") && csv.contains("\nMLT,"), "{csv}");
    // The printable report, in French, figures numbered through.
    c.goto(&format!("{base}/evaluation")).await.unwrap();
    click(&b, "a[href^='/evaluation/report']").await;
    let main = main_text(&b).await;
    assert!(main.contains("Rapport d'évaluation") && main.contains("Figure 9."), "{main}");
    b.close().await;

    // Malta's delegation: the aggregates and Malta's own line only.
    let b = Browser::start().await;
    let c = &b.client;
    sign_in(&b, &base, &malta).await;
    c.goto(&format!("{base}/evaluation/q6")).await.unwrap();
    let rows = c.find_all(Locator::Css("#q6-nations tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].text().await.unwrap().starts_with("MLT Malta"));
    let terciles = c.find_all(Locator::Css("#q6-terciles tbody tr")).await.unwrap();
    assert_eq!(terciles.len(), 3, "thirds of at least five states are shown");
    let main = main_text(&b).await;
    assert!(main.contains("other nations' lines are not shown") && !main.contains("UKR"), "{main}");
    b.close().await;
}

/// Joint detection: Tunisia files a report for the staff only on the Tunis protests; the staff
/// verify it; the alerts that count it open for Tunisia and the staff and answer "not found" to
/// Norway, who still sees the open-data alerts; Tunisia proposes consultations from one of them and
/// the request page links back to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_report_raises_an_alert_only_its_readers_see_and_leads_to_consultations() {
    use entente_domain::access::Role;
    let app = TestApp::demo().await;
    app.with_event_history().await;
    let tun = app.user("tun.member", Some("TUN"), Role::DelegationMember).await;
    let nor = app.user("nor.member", Some("NOR"), Role::DelegationMember).await;
    let officer = app.user("staff.officer", None, Role::StaffOfficer).await;
    let base = app.serve().await;
    let (partner, staff, ally) = (Browser::start().await, Browser::start().await, Browser::start().await);

    // Tunisia files its report; the marking defaults to the staff only.
    sign_in(&partner, &base, &tun).await;
    partner.client.goto(&format!("{base}/alerts")).await.unwrap();
    click(&partner, "a[href='/reports']").await;
    click(&partner, "a[href='/reports/new']").await;
    let week =
        entente_warning::alert::last_complete_week(entente_warning::date::Day::from(chrono::Utc::now().date_naive()));
    let monday = entente_warning::date::Day::monday_of_week_index(week).to_string();
    set(&partner, "#category", "unrest").await;
    set(&partner, "#country", "TUN").await;
    set(&partner, "#admin1", "Tunis").await;
    set(&partner, "#occurred_on", &monday).await;
    set(&partner, "#description", "Organisers of the protests were seen arriving from abroad.").await;
    click(&partner, "form[action='/reports'] button[type=submit]").await;
    let report_url = partner.client.current_url().await.unwrap().to_string();
    assert!(report_url.contains("/reports/"), "{report_url}: {}", main_text(&partner).await);
    let text = main_text(&partner).await;
    assert!(text.contains("Staff only") && text.contains("new"), "{text}");

    // The staff verify it.
    sign_in(&staff, &base, &officer).await;
    staff.client.goto(&report_url).await.unwrap();
    click(&staff, "form input[value=verify] ~ button").await;
    assert!(main_text(&staff).await.contains("verified"));

    // The alerts that count it: Tunisia and the staff open them, Norway gets "not found".
    let staff_principal = entente_domain::access::Principal {
        user_id: officer.id,
        username: officer.username.clone(),
        affiliation: entente_domain::access::Affiliation::Staff,
        role: Role::StaffOfficer,
    };
    let all = app.db.store.scoped(Some(&staff_principal)).await.unwrap().alerts(&Default::default()).await.unwrap();
    let counted =
        all.iter().find(|a| a.basis == "reports" && a.cell.admin1.is_empty()).expect("an alert counting the report");
    let alert_url = format!("{base}/alerts/{}", counted.id);
    staff.client.goto(&alert_url).await.unwrap();
    assert!(main_text(&staff).await.contains("counts shared reports"));
    partner.client.goto(&alert_url).await.unwrap();
    let text = main_text(&partner).await;
    assert!(text.contains("counts shared reports") && text.contains("Shared reports this alert counts"), "{text}");
    sign_in(&ally, &base, &nor).await;
    ally.client.goto(&alert_url).await.unwrap();
    assert!(main_text(&ally).await.contains("Not found"), "{}", main_text(&ally).await);
    ally.client.goto(&format!("{base}/alerts?country=TUN")).await.unwrap();
    let rows = ally.client.find_all(Locator::Css("main table tbody tr")).await.unwrap();
    assert!(!rows.is_empty(), "Norway still sees the open-data alerts on Tunisia");
    assert!(!main_text(&ally).await.contains("counts shared reports"));

    // Tunisia proposes consultations: its request links back to the alert.
    partner.client.goto(&alert_url).await.unwrap();
    click(&partner, "form[action$='/consult'] button[type=submit]").await;
    let request_url = partner.client.current_url().await.unwrap().to_string();
    assert!(request_url.contains("/requests/"), "{request_url}: {}", main_text(&partner).await);
    let link = partner.client.find(Locator::Css(&format!("main a[href='/alerts/{}']", counted.id))).await;
    assert!(link.is_ok(), "the request page links back to the alert");
    staff.client.goto(&alert_url).await.unwrap();
    assert!(main_text(&staff).await.contains("Escalated to a consultation"));
    for b in [partner, staff, ally] {
        b.close().await;
    }
}

/// Issue 12's journey: Georgia drafts a goal in its programme, finds an activity open to it in the
/// goal's area, asks for two seats with its nominees for that goal; the staff allocate and publish;
/// Georgia reads its seat and, in French, why it did not get the second; it gives its seat back and
/// Armenia, still waiting, is offered it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn georgia_plans_a_goal_asks_for_seats_reads_why_in_french_and_gives_one_back() {
    use entente_domain::access::Role;
    use serde_json::json;
    let app = TestApp::demo().await;
    let geo = app.user("geo.lead", Some("GEO"), Role::DelegationLead).await;
    let officer = app.user("coop.officer", None, Role::StaffOfficer).await;
    let arm = app.user("arm.member", Some("ARM"), Role::DelegationMember).await;
    let (staff_token, _) = app.api_token(officer.id, "journey").await;
    let (arm_token, _) = app.api_token(arm.id, "journey").await;
    let day = |n: i64| (chrono::Utc::now() + chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
    // The menu: a cyber defence course of two seats, open to Partnership for Peace nations.
    let r = app
        .api(
            "POST",
            "/api/v1/activities",
            Some(json!({
                "code": "GEO-CYB-J", "title_en": "Cyber incident response course", "title_fr": "Cours de réponse aux incidents cyber",
                "aim_en": "Train responders.", "aim_fr": "Former les intervenants.", "area": "CYB", "kind": "course",
                "institution": "NATO School Oberammergau", "start": day(40), "end": day(44), "location": "Oberammergau",
                "languages": ["en"], "seats": 2, "nation_cap": 2, "frameworks": ["PFP"], "nomination_deadline": day(20),
            })),
            Some(&staff_token),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let activity = r.json()["id"].as_i64().unwrap();
    let r = app
        .api(
            "POST",
            &format!("/api/v1/activities/{activity}/step"),
            Some(json!({ "step": "approve" })),
            Some(&staff_token),
        )
        .await;
    assert_eq!(r.json()["status"], "published", "{}", r.body);
    // Armenia asks for both seats too.
    let r = app
        .api(
            "POST",
            &format!("/api/v1/activities/{activity}/seat-requests"),
            Some(json!({ "seats": 2, "priority": 1, "nominees": ["Armen A.", "Ani B."] })),
            Some(&arm_token),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let base = app.serve().await;
    let b = Browser::start().await;
    let c = &b.client;
    sign_in(&b, &base, &geo).await;

    // Georgia opens its programme, states an objective and drafts a goal in cyber defence.
    c.goto(&format!("{base}/programmes")).await.unwrap();
    click(&b, "form[action='/programmes'] button[type=submit]").await;
    let programme = c.current_url().await.unwrap().to_string();
    assert!(programme.ends_with("/programmes/GEO"), "{programme}");
    c.find(Locator::Id("new-objective")).await.unwrap().send_keys("Resilient government networks").await.unwrap();
    click(&b, "form input[value=add_objective] ~ button").await;
    set(&b, "#new-goal-area", "CYB").await;
    c.find(Locator::Id("new-goal-description"))
        .await
        .unwrap()
        .send_keys("A national incident response team trained to alliance standards")
        .await
        .unwrap();
    set(&b, "#new-goal-target", &day(400)).await;
    c.find(Locator::Id("new-goal-indicator")).await.unwrap().send_keys("Two responders certified").await.unwrap();
    click(&b, "form input[value=add_goal] ~ button").await;
    let text = main_text(&b).await;
    assert!(text.contains("A national incident response team"), "{text}");

    // It finds the course among the activities open to it in that area.
    c.goto(&format!("{base}/activities?area=CYB&open_to_me=1")).await.unwrap();
    click(&b, "main table a[href^='/activities/']").await;
    assert_eq!(heading(&b).await, "Cyber incident response course");
    // Two seats, its nominees in order, for the goal just drafted.
    set(&b, "#seats", "2").await;
    set(&b, "#priority", "1").await;
    c.find(Locator::Id("nominees")).await.unwrap().send_keys("Nino K.\nGiorgi M.").await.unwrap();
    let goal = c.find(Locator::Css("#seat-goal option:nth-child(2)")).await.unwrap().attr("value").await.unwrap();
    set(&b, "#seat-goal", &goal.unwrap()).await;
    click(&b, "form[action$='/seats'] button[type=submit]").await;
    let text = main_text(&b).await;
    assert!(text.contains("Nino K.") && !text.contains("Armen A."), "its own request, not Armenia's: {text}");

    // The staff allocate the course and publish the draft from its page.
    let run = app
        .api(
            "POST",
            "/api/v1/allocations",
            Some(json!({ "title": "Cyber courses", "activities": [activity], "seed": 11 })),
            Some(&staff_token),
        )
        .await;
    assert_eq!(run.status, 200, "{}", run.body);
    let run_id = run.json()["id"].as_i64().unwrap();
    let staff = Browser::start().await;
    sign_in(&staff, &base, &officer).await;
    staff.client.goto(&format!("{base}/allocations/{run_id}")).await.unwrap();
    click(&staff, "form input[value=publish] ~ p button").await;
    assert!(main_text(&staff).await.contains("Published"), "{}", main_text(&staff).await);

    // Georgia, in French, reads its seat and why it did not get the second — nothing of Armenia's.
    c.goto(&format!("{base}/lang/fr?next=/allocations/{run_id}")).await.unwrap();
    let text = main_text(&b).await;
    assert!(text.contains("Cours de réponse aux incidents cyber") || text.contains("Cyber incident"), "{text}");
    assert!(!text.contains("Arménie") && !text.contains("Armen A."), "{text}");
    let line = c.find(Locator::Css("main table tbody tr")).await.unwrap().text().await.unwrap();
    assert!(line.contains("Géorgie"), "{line}");
    let cells: Vec<String> = {
        let mut v = Vec::new();
        for td in c.find_all(Locator::Css("main table tbody tr td")).await.unwrap() {
            v.push(td.text().await.unwrap());
        }
        v
    };
    assert_eq!((cells[2].as_str(), cells[3].as_str()), ("2", "1"), "two asked, one granted: {cells:?}");
    let why = &cells[5];
    assert!(!why.is_empty() && why.chars().any(|ch| "éèàç".contains(ch)), "the explanation in French: {why}");

    // It gives its seat back; Armenia, still waiting, is offered it and told.
    set(&b, "main table input[name=seats]", "1").await;
    click(&b, "form input[value=decline] ~ button").await;
    let mine = app.api("GET", "/api/v1/seat-requests", None, Some(&arm_token)).await.json();
    let offered = mine.as_array().unwrap().iter().any(|r| r["confirmed_at"].is_null());
    assert!(offered, "{mine}");
    let inbox = app.api("GET", "/api/v1/inbox", None, Some(&arm_token)).await.body;
    assert!(inbox.contains("GEO-CYB-J"), "Armenia is told of its new seat: {inbox}");
    let latest = app.api("GET", "/api/v1/allocations", None, Some(&staff_token)).await.json();
    let versions = latest.to_string();
    assert!(versions.contains("superseded"), "the first version is kept: {versions}");
    b.close().await;
    staff.close().await;
}
