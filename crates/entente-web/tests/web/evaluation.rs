//! The evaluation area: each question's figures from the recorded data, staff seeing every nation
//! and a delegation the aggregates of at least five nations and its own nation's line only.

use chrono::Datelike;
use entente_domain::access::Role;
use entente_testkit::TestApp;
use serde_json::Value;

use crate::matrix::token_for;

fn figure<'a>(answer: &'a Value, id: &str) -> &'a Value {
    answer["figures"].as_array().unwrap().iter().find(|f| f["id"] == id).unwrap_or_else(|| panic!("{id}: {answer}"))
}

fn column(f: &Value, name: &str) -> usize {
    f["columns"].as_array().unwrap().iter().position(|c| c == name).unwrap()
}

#[tokio::test]
async fn equal_treatment_staff_see_every_nation_a_delegation_aggregates_and_its_own_line() {
    let app = TestApp::demo().await;
    assert!(app.with_cooperation_year().await.allocation_lines > 0);
    let analyst = app.user("ev-analyst", None, Role::Analyst).await;
    let analyst_token = token_for(&app, analyst.id, "ev-analyst").await.0;
    let malta = app.user("ev-malta", Some("MLT"), Role::DelegationMember).await;
    let malta_token = token_for(&app, malta.id, "ev-malta").await.0;

    let staff = app.api("GET", "/api/v1/evaluation/q6", None, Some(&analyst_token)).await;
    assert_eq!(staff.status, 200, "{}", staff.body);
    let staff = staff.json();
    assert_eq!(staff["availability"], "computed");
    let nations = figure(&staff, "q6-nations");
    let rows = nations["rows"].as_array().unwrap();
    assert!(rows.len() >= 15, "every requesting state with a population: {}", rows.len());
    let code = column(nations, "nation");
    assert!(rows.iter().any(|r| r[code] == "MLT") && rows.iter().any(|r| r[code] == "UKR"));
    let terciles = figure(&staff, "q6-terciles");
    assert_eq!(terciles["rows"].as_array().unwrap().len(), 3);
    let test = figure(&staff, "q6-test");
    let p = test["rows"].as_array().unwrap().iter().find(|r| r[0] == "p_value").unwrap()[1].as_f64().unwrap();
    assert!(p > 0.0 && p <= 1.0, "{p}");
    assert!(figure(&staff, "q6-terciles")["sentence"].as_str().unwrap().contains("p = "));
    // The demo's year before was allocated first come, first served and the demo year by the fair
    // rule: the trend names each year's rule, and its sentence sets the two years side by side.
    let by_year = figure(&staff, "q6-by-year");
    let rule = column(by_year, "rule");
    let rules: Vec<&str> = by_year["rows"].as_array().unwrap().iter().map(|r| r[rule].as_str().unwrap()).collect();
    assert!(rules.contains(&"first come, first served") && rules.contains(&"the fair rule"), "{by_year}");
    let sentence = by_year["sentence"].as_str().unwrap();
    assert!(sentence.contains("(first come, first served) the smallest third received"), "{sentence}");
    assert!(sentence.contains("(the fair rule), "), "{sentence}");

    // Malta: the aggregates (every third holds at least five states) and its own line only.
    let mine = app.api("GET", "/api/v1/evaluation/q6", None, Some(&malta_token)).await.json();
    let nations = figure(&mine, "q6-nations");
    let rows = nations["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{nations}");
    assert_eq!(rows[0][code], "MLT");
    assert!(nations["withheld"].as_str().unwrap().contains("not shown"), "{nations}");
    assert_eq!(figure(&mine, "q6-terciles")["rows"], terciles["rows"], "aggregates of at least five states are shared");
    let csv = app.api("GET", "/api/v1/evaluation/q6?format=csv&figure=q6-nations", None, Some(&malta_token)).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[0].starts_with("nation,name,") && lines[1].starts_with("MLT,Malta,"), "{}", csv.body);
    assert!(!csv.body.contains("UKR"));

    // The page: the chart, the sentence, the table; Malta's page names no other state's line.
    let s = app.login(&malta).await;
    let page = app.get_as("/evaluation/q6", &s).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg") && page.body.contains("role=\"img\""));
    assert!(page.body.contains("<td>MLT</td>") && !page.body.contains("<td>UKR</td>"));
    let s = app.login(&analyst).await;
    let page = app.get_as("/evaluation/q6", &s).await;
    assert!(page.body.contains("<td>UKR</td>"));

    // Engagement: the year's aggregate over the eligible partner states, and Malta's own line only.
    let staff8 = app.api("GET", "/api/v1/evaluation/q8", None, Some(&analyst_token)).await.json();
    let years = figure(&staff8, "q8-engagement");
    let last = years["rows"].as_array().unwrap().last().unwrap().clone();
    let (eligible, engaged) = (column(years, "eligible"), column(years, "engaged"));
    assert!(last[eligible].as_i64().unwrap() >= 30 && last[engaged].as_i64().unwrap() >= 15, "{years}");
    assert!(figure(&staff8, "q8-partners")["rows"].as_array().unwrap().len() >= 30);
    let mine8 = app.api("GET", "/api/v1/evaluation/q8", None, Some(&malta_token)).await.json();
    assert_eq!(figure(&mine8, "q8-engagement")["rows"], years["rows"]);
    let lines = figure(&mine8, "q8-partners")["rows"].as_array().unwrap().clone();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0][0], "MLT");

    // Tailoring (Q3): the demo's agreed programmes (Ukraine, Georgia, Malta, Tunisia; Mauritania's
    // is a draft) and the seats that serve them; four partners are too few for a delegation's
    // aggregate, so Malta sees its own line only.
    let staff3 = app.api("GET", "/api/v1/evaluation/q3", None, Some(&analyst_token)).await.json();
    assert_eq!(staff3["availability"], "computed");
    let f = figure(&staff3, "q3-partners");
    let rows = f["rows"].as_array().unwrap();
    let codes: Vec<&str> = rows.iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["GEO", "MLT", "TUN", "UKR", "total"], "{f}");
    let total = rows.last().unwrap();
    let (granted, serving) = (column(f, "granted"), column(f, "seats_serving"));
    assert!(total[granted].as_i64().unwrap() > 0, "{f}");
    assert!(total[serving].as_i64().unwrap() > 0, "some granted seats serve a goal: {f}");
    assert!(total[serving].as_i64() <= total[granted].as_i64());
    assert_eq!(figure(&staff3, "q3-requests")["rows"].as_array().unwrap().len(), 2);
    let mine3 = app.api("GET", "/api/v1/evaluation/q3", None, Some(&malta_token)).await.json();
    let rows = figure(&mine3, "q3-partners")["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1, "{mine3}");
    assert_eq!(rows[0][0], "MLT");
    assert!(figure(&mine3, "q3-requests")["rows"].as_array().unwrap().is_empty());
    assert!(!mine3.to_string().contains("UKR"), "no other partner's line: {mine3}");

    // Regional ties: the groupings' densities for everyone; the network of pairs for staff only.
    let staff7 = app.api("GET", "/api/v1/evaluation/q7", None, Some(&analyst_token)).await.json();
    assert!(!figure(&staff7, "q7-groups")["rows"].as_array().unwrap().is_empty(), "{staff7}");
    let ties = figure(&staff7, "q7-network")["rows"].as_array().unwrap().clone();
    assert!(!ties.is_empty() && ties.len() <= 150);
    let mine7 = app.api("GET", "/api/v1/evaluation/q7", None, Some(&malta_token)).await.json();
    assert!(figure(&mine7, "q7-network")["rows"].as_array().unwrap().is_empty());
    assert!(figure(&mine7, "q7-network")["withheld"].as_str().unwrap().contains("staff only"));
    for row in figure(&mine7, "q7-groups")["rows"].as_array().unwrap() {
        let isolated = row[6].as_str().unwrap();
        assert!(isolated.is_empty() || isolated == "MLT", "only Malta may be named: {row}");
    }
    let page = app.get_as("/evaluation/q7", &app.login(&analyst).await).await;
    assert!(page.body.contains("<circle ") && page.body.contains("<line "), "the network is drawn");

    // The printable report: every question, the figures numbered through, in the language asked.
    let report = app.get_as("/evaluation/report?lang=fr&from=2020", &s).await;
    assert_eq!(report.status, 200);
    assert!(
        report.body.contains("Rapport d&#39;évaluation 2020–") || report.body.contains("Rapport d'évaluation 2020–")
    );
    assert!(report.body.contains("Figure 1.") && report.body.contains("Figure 9."), "nine figures");
    assert!(report.body.contains("Événements violents selon la profondeur du partenariat"), "Q4 is in the report");
    assert_eq!(app.get_as("/evaluation/report?lang=xx", &s).await.status, 400);
}

#[tokio::test]
async fn the_registry_answers_the_path_to_membership_and_bad_periods_are_named() {
    let app = TestApp::demo().await;
    let u = app.user("ev-geo", Some("GEO"), Role::DelegationMember).await;
    let token = token_for(&app, u.id, "ev-geo").await.0;
    let a = app.api("GET", "/api/v1/evaluation/q5", None, Some(&token)).await.json();
    let path = figure(&a, "q5-path");
    let (nation, years) = (column(path, "nation"), column(path, "years"));
    let pol = path["rows"].as_array().unwrap().iter().find(|r| r[nation] == "POL").unwrap();
    let y = pol[years].as_f64().unwrap();
    assert!((4.5..5.5).contains(&y), "Poland: PfP 1994 to accession 1999: {y}");
    assert!(path["rows"].as_array().unwrap().iter().any(|r| r[nation] == "GEO"), "an aspirant");
    assert!(figure(&a, "q5-partners")["rows"].as_array().unwrap().len() > 30);
    // Named formats by shape, from the registry's validity dates: the NATO-Ukraine Commission
    // (1997-2023) and the Council (2023-) are each counted in their own years only.
    let r = app.api("GET", "/api/v1/evaluation/q5?from=1996&to=2024", None, Some(&token)).await.json();
    let formats = figure(&r, "q5-formats");
    let (year, kind, count) = (column(formats, "year"), column(formats, "kind"), column(formats, "formats"));
    let allies_plus = |y: i64| {
        formats["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row[year] == y && row[kind] == "Allies + named partners")
            .map(|row| row[count].as_i64().unwrap())
    };
    // 1996: Russia's council not yet, nor the commissions; the Indo-Pacific line (no dates) only.
    assert_eq!(allies_plus(1996), Some(1), "{formats}");
    // 2024: Ukraine's council, Georgia's and Russia's, the Indo-Pacific and the Enhanced
    // Opportunities lines; the commission ended in 2023.
    assert_eq!(allies_plus(2024), Some(5), "{formats}");
    let across =
        formats["rows"].as_array().unwrap().iter().find(|row| row[year] == 2024 && row[kind] == "Across frameworks");
    assert_eq!(across.map(|row| row[count].as_i64().unwrap()), Some(1), "the Mediterranean and Gulf partners together");

    let r = app.api("GET", "/api/v1/evaluation/q5?from=2020&to=2010", None, Some(&token)).await;
    assert_eq!((r.status, r.json()["code"].as_str()), (400, Some("invalid_period")), "{}", r.body);
    assert!(r.json()["message"].as_str().unwrap().starts_with("from:"));
    let r = app.api("GET", "/api/v1/evaluation/q5?from=abc", None, Some(&token)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(app.api("GET", "/api/v1/evaluation/q9", None, Some(&token)).await.status, 404);
    let r = app.api("GET", "/api/v1/evaluation/q5?format=csv&figure=nope", None, Some(&token)).await;
    assert_eq!(r.status, 400);

    // A reversed period on the page is shown in place, in French, with the whole record's figures.
    let s = app.login(&u).await;
    let page = app.get_as("/evaluation/q5?from=2020&to=2010&lang=fr", &s).await;
    assert_eq!(page.status, 200);
    let list = app.api("GET", "/api/v1/evaluation", None, Some(&token)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 8);
    assert_eq!(list[1]["availability"], "computed", "Q2 reads the alerts and reports");
    assert!(list.as_array().unwrap().iter().all(|q| q["availability"] == "computed"), "every question: {list}");
}

#[tokio::test]
async fn joint_detection_alerts_with_reports_and_consultations_as_each_reader_may_see_them() {
    let app = TestApp::demo().await;
    app.with_event_history().await;
    let staff = app.user("q2-staff", None, Role::StaffOfficer).await;
    let norway = app.user("q2-norway", Some("NOR"), Role::DelegationMember).await;
    let tunisia = app.user("q2-tunisia", Some("TUN"), Role::DelegationMember).await;
    let (stf, nor, tun) = (
        token_for(&app, staff.id, "q2-staff").await.0,
        token_for(&app, norway.id, "q2-norway").await.0,
        token_for(&app, tunisia.id, "q2-tunisia").await.0,
    );
    let week =
        entente_warning::alert::last_complete_week(entente_warning::date::Day::from(chrono::Utc::now().date_naive()));
    let monday = entente_warning::date::Day::monday_of_week_index(week).to_string();
    let filed = app
        .api(
            "POST",
            "/api/v1/reports",
            Some(serde_json::json!({"category": "unrest", "country": "TUN", "admin1": "Tunis", "occurred_on": monday, "description": "Seen."})),
            Some(&tun),
        )
        .await
        .json();
    let id = filed["id"].as_i64().unwrap();
    let r = app
        .api("POST", &format!("/api/v1/reports/{id}/step"), Some(serde_json::json!({"step": "verify"})), Some(&stf))
        .await;
    assert_eq!(r.status, 200);
    let q2 = |token: String| {
        let app = &app;
        async move { app.api("GET", "/api/v1/evaluation/q2", None, Some(&token)).await.json() }
    };
    let year = chrono::Utc::now().date_naive().year();
    let row = |a: &Value| -> Vec<Value> {
        figure(a, "q2-alerts")["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0] == year)
            .cloned()
            .map(|r| r.as_array().unwrap().clone())
            .unwrap()
    };
    let (s, n, t) = (q2(stf).await, q2(nor).await, q2(tun).await);
    let t_answer = t.clone();
    let (s, n, t) = (row(&s), row(&n), row(&t));
    assert!(s[2].as_i64().unwrap() > 0, "alerts counting the verified report: {s:?}");
    assert_eq!(t, s, "Tunisia sees what the staff see");
    assert_eq!(n[2], 0, "Norway sees no alert counting a report it may not see: {n:?}");
    assert_eq!(n[1].as_i64().unwrap() + s[2].as_i64().unwrap(), s[1].as_i64().unwrap());
    let reports = app
        .api("GET", "/api/v1/evaluation/q2", None, Some(&token_for(&app, norway.id, "q2-norway-2").await.0))
        .await
        .json();
    assert!(
        figure(&reports, "q2-reports")["rows"].as_array().unwrap().is_empty(),
        "Norway counts no report it may not see"
    );
    assert!(figure(&reports, "q2-lead")["rows"].as_array().unwrap().is_empty(), "nor its lead");
    // Tunisia's report came in the week the open data surged in Tunis: a lead of 0 to 6 days.
    let lead = figure(&t_answer, "q2-lead");
    let this_year = lead["rows"].as_array().unwrap().iter().find(|r| r[0] == year).expect("a row this year").clone();
    let (verified, followed, median) =
        (column(lead, "verified"), column(lead, "followed"), column(lead, "median_lead_days"));
    assert!(this_year[verified].as_i64().unwrap() >= 1 && this_year[followed].as_i64().unwrap() >= 1, "{lead}");
    assert!((0.0..=6.0).contains(&this_year[median].as_f64().unwrap()), "{lead}");
}

#[tokio::test]
async fn violent_events_by_depth_of_partnership_from_the_imported_event_data() {
    let app = TestApp::demo().await;
    let malta = app.user("q4-malta", Some("MLT"), Role::DelegationMember).await;
    let token = token_for(&app, malta.id, "q4-malta").await.0;
    // Before any event data: no data, said so.
    let empty = app.api("GET", "/api/v1/evaluation/q4", None, Some(&token)).await.json();
    assert_eq!(empty["availability"], "computed");
    assert_eq!(figure(&empty, "q4-depth")["rows"].as_array().unwrap().len(), 0);
    assert!(figure(&empty, "q4-depth")["sentence"].as_str().unwrap().starts_with("No data"));

    app.with_event_history().await;
    let year = chrono::Utc::now().year();
    let q4 = app.api("GET", &format!("/api/v1/evaluation/q4?from={}&to={year}", year - 3), None, Some(&token)).await;
    assert_eq!(q4.status, 200, "{}", q4.body);
    let q4 = q4.json();
    let f = figure(&q4, "q4-depth");
    let rows = f["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "{f}");
    let (depth, events, countries, rate) =
        (column(f, "depth"), column(f, "events"), column(f, "countries"), column(f, "events_per_country"));
    let groups: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[depth].as_str().unwrap()).collect();
    assert!(
        groups.contains("outside") && groups.contains("long_partner"),
        "Mali is outside, Ukraine a long partner: {groups:?}"
    );
    for r in rows {
        let per = r[events].as_f64().unwrap() / r[countries].as_f64().unwrap();
        assert!((per - r[rate].as_f64().unwrap()).abs() < 1e-9, "{r}");
    }
    let sentence = f["sentence"].as_str().unwrap();
    assert!(sentence.contains("does not measure an effect"), "{sentence}");
    // The page draws it, in French too; the CSV is the table.
    let s = app.login(&malta).await;
    let fr = app.get_with("/evaluation/q4", &[("cookie", &format!("{}; entente_lang=fr", s.cookie))]).await;
    assert_eq!(fr.status, 200);
    assert!(fr.body.contains("Hors du réseau") && fr.body.contains("<svg"), "{}", fr.body);
    let csv = app
        .api(
            "GET",
            &format!("/api/v1/evaluation/q4?from={}&to={year}&format=csv&figure=q4-depth", year - 3),
            None,
            Some(&token),
        )
        .await;
    assert!(csv.body.starts_with("year,depth,countries,events,fatalities,events_per_country"), "{}", csv.body);
    assert_eq!(csv.body.lines().count(), rows.len() + 1);
}

#[tokio::test]
async fn partner_initiated_agenda_items_as_each_reader_may_see_them() {
    let app = TestApp::demo().await;
    let mut principals = std::collections::HashMap::new();
    for (name, nation, role) in [
        ("staff.admin", None, Role::StaffAdmin),
        ("tun.member", Some("TUN"), Role::DelegationMember),
        ("mlt.member", Some("MLT"), Role::DelegationMember),
        ("ukr.member", Some("UKR"), Role::DelegationMember),
    ] {
        app.user(name, nation, role).await;
        let (account, _) = app.db.store.account_by_username(name).await.unwrap().unwrap();
        principals.insert(nation.unwrap_or("STAFF").to_string(), account.principal());
    }
    let staff = principals["STAFF"].clone();
    entente_web::demo::seed_consultations(&app.db.store, &staff, |c| principals.get(c).cloned()).await.unwrap();
    let analyst = app.user("q1-analyst", None, Role::Analyst).await;
    let token = token_for(&app, analyst.id, "q1-analyst").await.0;
    let q1 = app.api("GET", "/api/v1/evaluation/q1", None, Some(&token)).await.json();
    let f = figure(&q1, "q1-agenda");
    let rows = f["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "{f}");
    let (items, partners, share) = (column(f, "items"), column(f, "by_partners"), column(f, "partner_share"));
    let total: i64 = rows.iter().map(|r| r[items].as_i64().unwrap()).sum();
    let by: i64 = rows.iter().map(|r| r[partners].as_i64().unwrap()).sum();
    assert!(by >= 1 && by <= total, "Tunisia proposed an item in the demo: {f}");
    for r in rows {
        let s = r[share].as_f64().unwrap();
        assert!((s - r[partners].as_f64().unwrap() / r[items].as_f64().unwrap()).abs() < 1e-9);
    }
    // A nation outside every demo meeting's format counts only what it may see.
    let norway = app.user("q1-norway", Some("NOR"), Role::DelegationMember).await;
    let nor = token_for(&app, norway.id, "q1-norway").await.0;
    let seen = app.api("GET", "/api/v1/evaluation/q1", None, Some(&nor)).await.json();
    let nor_total: i64 =
        figure(&seen, "q1-agenda")["rows"].as_array().unwrap().iter().map(|r| r[items].as_i64().unwrap()).sum();
    assert!(nor_total <= total, "{seen}");
}

/// Q6 beyond seats, on the demo's forum, reports and allocations: each measure by size third with
/// its test, and envy by direction; an analyst sees every third and every state, Malta the thirds
/// of at least five states and its own line only; the CSV carries the numbers drawn.
#[tokio::test]
async fn equal_treatment_beyond_seats_by_size_third_as_each_reader_may_see_it() {
    let app = TestApp::demo().await;
    assert!(app.with_cooperation_year().await.allocation_lines > 0);
    let mut principals = std::collections::HashMap::new();
    for (name, nation, role) in [
        ("q6.staff", None, Role::StaffAdmin),
        ("q6.tun", Some("TUN"), Role::DelegationMember),
        ("q6.mlt", Some("MLT"), Role::DelegationMember),
        ("q6.ukr", Some("UKR"), Role::DelegationMember),
        ("q6.mrt", Some("MRT"), Role::DelegationMember),
    ] {
        app.user(name, nation, role).await;
        let (account, _) = app.db.store.account_by_username(name).await.unwrap().unwrap();
        principals.insert(nation.unwrap_or("STAFF").to_string(), account.principal());
    }
    let staff = principals["STAFF"].clone();
    entente_web::demo::seed_consultations(&app.db.store, &staff, |c| principals.get(c).cloned()).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    entente_web::demo_events::seed_reports(&app.db.store, &staff, |c| principals.get(c).cloned(), today).await.unwrap();
    let analyst = app.user("q6-analyst", None, Role::Analyst).await;
    let analyst_token = token_for(&app, analyst.id, "q6-analyst").await.0;
    let malta = app.user("q6-malta", Some("MLT"), Role::DelegationMember).await;
    let malta_token = token_for(&app, malta.id, "q6-malta").await.0;

    let all = app.api("GET", "/api/v1/evaluation/q6", None, Some(&analyst_token)).await;
    assert_eq!(all.status, 200, "{}", all.body);
    let all = all.json();
    let no_data = "No data recorded yet for this period.";
    for id in ["q6-response", "q6-agenda", "q6-voice", "q6-reports", "q6-tests", "q6-envy"] {
        let f = figure(&all, id);
        assert!(!f["rows"].as_array().unwrap().is_empty(), "{id} has numbers on the demo: {f}");
        assert_ne!(f["sentence"], no_data, "{f}");
        assert!(!f["definition"].as_str().unwrap().is_empty());
        assert!(f["withheld"].is_null(), "an analyst sees everything: {f}");
    }
    // Each measure: a row per third with a value, then a row per state; the states' values are
    // the ones the thirds summarise.
    for id in ["q6-response", "q6-agenda", "q6-voice", "q6-reports"] {
        let f = figure(&all, id);
        let (nation, nations, value) = (column(f, "nation"), column(f, "nations"), column(f, "value"));
        let rows = f["rows"].as_array().unwrap();
        let thirds: i64 = rows.iter().filter(|r| r[nation].is_null()).map(|r| r[nations].as_i64().unwrap()).sum();
        let states = rows.iter().filter(|r| r[nation].is_string()).count() as i64;
        assert!(thirds >= 1 && thirds == states, "{id}: every state in one third: {f}");
        assert!(rows.iter().all(|r| r[value].as_f64().unwrap() >= 0.0), "{f}");
    }
    let voice = figure(&all, "q6-voice");
    let (nation, value) = (column(voice, "nation"), column(voice, "value"));
    let tunisia = voice["rows"].as_array().unwrap().iter().find(|r| r[nation] == "TUN").expect("Tunisia spoke");
    assert!(tunisia[value].as_f64().unwrap() > 1.0, "Tunisia spoke more than an equal share: {voice}");
    let envy = figure(&all, "q6-envy");
    let (pairs, possible) = (column(envy, "pairs"), column(envy, "possible"));
    let rows = envy["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 9, "three thirds envying three thirds: {envy}");
    assert!(rows.iter().all(|r| r[pairs].as_i64() <= r[possible].as_i64()));
    assert!(rows.iter().map(|r| r[possible].as_i64().unwrap()).sum::<i64>() > 0);
    let tests = figure(&all, "q6-tests");
    assert_eq!(tests["rows"][0][0], "fulfilment", "{tests}");
    let page = app.get_as("/evaluation/q6", &app.login(&analyst).await).await;
    assert_eq!(page.status, 200);
    for id in ["q6-response", "q6-agenda", "q6-voice", "q6-reports", "q6-tests", "q6-envy"] {
        assert!(page.body.contains(&format!("id=\"{id}\"")), "{id} on the page");
    }

    // Malta: thirds of at least five states and its own line only.
    let mine = app.api("GET", "/api/v1/evaluation/q6", None, Some(&malta_token)).await.json();
    for id in ["q6-response", "q6-agenda", "q6-voice", "q6-reports"] {
        let (f, every) = (figure(&mine, id), figure(&all, id));
        let (nation, nations) = (column(f, "nation"), column(f, "nations"));
        for r in f["rows"].as_array().unwrap() {
            if r[nation].is_null() {
                assert!(r[nations].as_i64().unwrap() >= 5, "{id}: a third of fewer than five states: {f}");
                assert!(every["rows"].as_array().unwrap().contains(r), "the same aggregate as the analyst's");
            } else {
                assert_eq!(r[nation], "MLT", "{id}: only Malta's own line: {f}");
            }
        }
        let withheld_any = every["rows"].as_array().unwrap().len() > f["rows"].as_array().unwrap().len();
        assert_eq!(f["withheld"].is_string(), withheld_any, "{id}: says what it leaves out: {f}");
    }
    let text = mine.to_string();
    for other in ["\"TUN\"", "\"UKR\"", "\"MRT\""] {
        assert!(!text.contains(other), "no other state's line for Malta: {other}");
    }
    for r in figure(&mine, "q6-envy")["rows"].as_array().unwrap() {
        assert!(rows.contains(r), "an envy cell Malta sees is the analyst's: {r}");
    }

    // The CSV of a new figure: the numbers drawn, in full precision.
    let csv = app.api("GET", "/api/v1/evaluation/q6?format=csv&figure=q6-envy", None, Some(&analyst_token)).await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "envier,envied,pairs,possible,rate");
    assert_eq!(lines.len(), rows.len() + 1, "{}", csv.body);
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(first[2], rows[0][pairs].to_string());
    assert_eq!(first[3], rows[0][possible].to_string());
    let csv = app.api("GET", "/api/v1/evaluation/q6?format=csv&figure=q6-voice", None, Some(&malta_token)).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with("tercile,nation,name,nations,counted,value,median\n"), "{}", csv.body);
    assert!(!csv.body.contains("TUN"));

    // Each measure year by year, within the period's thirds: a row per year and third with a value,
    // the items of the years adding up to the period's; Malta sees the thirds' years of five states.
    let this_year = today.year();
    for id in ["q6-response", "q6-agenda", "q6-voice", "q6-reports"] {
        let (f, by_year) = (figure(&all, id), figure(&all, &format!("{id}-by-year")));
        let (nation, counted) = (column(f, "nation"), column(f, "counted"));
        let period: i64 = f["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r[nation].is_null())
            .map(|r| r[counted].as_i64().unwrap())
            .sum();
        let (year, items, nations) = (column(by_year, "year"), column(by_year, "counted"), column(by_year, "nations"));
        let rows = by_year["rows"].as_array().unwrap();
        assert!(!rows.is_empty(), "{id}: a trend on the demo: {by_year}");
        assert_eq!(rows.iter().map(|r| r[items].as_i64().unwrap()).sum::<i64>(), period, "{id}: {by_year}");
        assert!(rows.iter().all(|r| (1994..=this_year + 5).contains(&(r[year].as_i64().unwrap() as i32))));
        assert_ne!(by_year["sentence"], no_data, "{by_year}");
        assert!(by_year["sentence"].as_str().unwrap().ends_with("Size groups are formed by population."), "{by_year}");
        for r in figure(&mine, &format!("{id}-by-year"))["rows"].as_array().unwrap() {
            assert!(r[nations].as_i64().unwrap() >= 5, "{id}: a year's third of fewer than five states: {r}");
            assert!(rows.contains(r), "the same aggregate as the analyst's");
        }
    }
    let tests = figure(&all, "q6-tests-by-year");
    assert_eq!(tests["columns"][1], "measure");
    assert!(tests["rows"].as_array().unwrap().iter().any(|r| r[1] == "fulfilment"), "{tests}");
    let envy = figure(&all, "q6-envy-by-year");
    let rows = envy["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "{envy}");
    let (pairs, possible) = (column(envy, "pairs"), column(envy, "possible"));
    assert!(rows.iter().all(|r| r[pairs].as_i64() <= r[possible].as_i64()));
    let csv =
        app.api("GET", "/api/v1/evaluation/q6?format=csv&figure=q6-envy-by-year", None, Some(&analyst_token)).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.body.lines().next(), Some("year,envier,nations,pairs,possible,rate"));
    assert_eq!(csv.body.lines().count(), rows.len() + 1);
    let page = app.get_as("/evaluation/q6", &app.login(&analyst).await).await;
    for id in ["q6-response-by-year", "q6-tests-by-year", "q6-envy-by-year"] {
        assert!(page.body.contains(&format!("id=\"{id}\"")), "{id} on the page");
    }
}

/// Q6's size groups by GDP (`size=gdp`): other thirds than by population, GDP columns, a sentence
/// that says so, export links that keep it; the five-state rule unchanged; a bad value refused by
/// the API and shown in place on the page.
#[tokio::test]
async fn equal_treatment_size_groups_by_gdp() {
    let app = TestApp::demo().await;
    assert!(app.with_cooperation_year().await.allocation_lines > 0);
    let analyst = app.user("gdp-analyst", None, Role::Analyst).await;
    let analyst_token = token_for(&app, analyst.id, "gdp-analyst").await.0;
    let malta = app.user("gdp-malta", Some("MLT"), Role::DelegationMember).await;
    let malta_token = token_for(&app, malta.id, "gdp-malta").await.0;

    let people = app.api("GET", "/api/v1/evaluation/q6", None, Some(&analyst_token)).await.json();
    let gdp = app.api("GET", "/api/v1/evaluation/q6?size=gdp", None, Some(&analyst_token)).await;
    assert_eq!(gdp.status, 200, "{}", gdp.body);
    let gdp = gdp.json();
    assert_eq!((people["size"].as_str(), gdp["size"].as_str()), (Some("population"), Some("gdp")));
    let terciles = figure(&gdp, "q6-terciles");
    assert_eq!(terciles["columns"][2], "gdp_min");
    assert_eq!(figure(&people, "q6-terciles")["columns"][2], "population_min");
    let sentence = terciles["sentence"].as_str().unwrap();
    assert!(
        sentence.contains("p = ")
            && sentence.ends_with("Size groups are formed by GDP (billions of US dollars), not by population."),
        "{sentence}"
    );
    assert!(terciles["definition"].as_str().unwrap().contains("by GDP"));
    let nations = figure(&gdp, "q6-nations");
    assert_eq!(nations["columns"][2], "gdp_usd_billions");
    let (code, third) = (column(nations, "nation"), column(nations, "tercile"));
    let thirds = |a: &Value| -> std::collections::BTreeMap<String, String> {
        figure(a, "q6-nations")["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r[code].to_string(), r[third].to_string()))
            .collect()
    };
    let (by_people, by_gdp) = (thirds(&people), thirds(&gdp));
    assert_eq!(by_people.len(), by_gdp.len(), "the same states");
    assert_ne!(by_people, by_gdp, "some state changes third between population and GDP");
    let ukr = |m: &std::collections::BTreeMap<String, String>| m["\"UKR\""].clone();
    assert_eq!(ukr(&by_people), "\"Largest third\"");
    // Each state in a third: its GDP within the third's bounds.
    let (gdp_col, lo, hi) = (2, 2, 3);
    for r in nations["rows"].as_array().unwrap() {
        let line = terciles["rows"].as_array().unwrap().iter().find(|t| t[0] == r[third]).unwrap();
        let v = r[gdp_col].as_f64().unwrap();
        assert!(line[lo].as_f64().unwrap() <= v && v <= line[hi].as_f64().unwrap(), "{r} in {line}");
    }

    // Malta by GDP: its own line and aggregates of at least five states only.
    let mine = app.api("GET", "/api/v1/evaluation/q6?size=gdp", None, Some(&malta_token)).await.json();
    let rows = figure(&mine, "q6-nations")["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][code], "MLT");
    for r in figure(&mine, "q6-terciles")["rows"].as_array().unwrap() {
        assert!(r[1].as_i64().unwrap() >= 5, "{r}");
    }
    let text = mine.to_string();
    for other in ["\"TUN\"", "\"UKR\"", "\"MRT\""] {
        assert!(!text.contains(other), "no other state's line for Malta: {other}");
    }

    // The CSV by GDP, named so; a bad value refused.
    let csv =
        app.api("GET", "/api/v1/evaluation/q6?size=gdp&format=csv&figure=q6-nations", None, Some(&analyst_token)).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with("nation,name,gdp_usd_billions,tercile,"), "{}", csv.body);
    assert!(csv.header("content-disposition").unwrap().contains("-gdp.csv"));
    let bad = app.api("GET", "/api/v1/evaluation/q6?size=area", None, Some(&analyst_token)).await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("invalid_size"), "{}", bad.body);

    // The page: the choice, kept in the export links; a bad value said in place.
    let s = app.login(&analyst).await;
    let page = app.get_as("/evaluation/q6?size=gdp", &s).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<option value=\"gdp\" selected>"), "the choice is kept");
    assert!(page.body.contains("figure=q6-nations") && page.body.contains("size=gdp"), "export links keep the choice");
    let page = app.get_as("/evaluation/q6?size=area", &s).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The size measure must be population or GDP."));
    let page = app.get_as("/evaluation/q1", &s).await;
    assert!(!page.body.contains("name=\"size\""), "only Q6 forms size groups");

    // The printable report by GDP: Q6's groups formed so, the choice kept; a bad value refused.
    let by_gdp = "Size groups are formed by GDP";
    let report = app.get_as("/evaluation/report?size=gdp", &s).await;
    assert_eq!(report.status, 200);
    assert!(report.body.contains("<option value=\"gdp\" selected>"), "the choice is kept");
    let gdp_column = "Smallest (GDP, bn USD)";
    assert!(report.body.contains(by_gdp) && report.body.contains(gdp_column), "Q6 by GDP in the report");
    let report = app.get_as("/evaluation/report", &s).await;
    assert!(!report.body.contains(by_gdp) && !report.body.contains(gdp_column), "by population by default");
    let report = app.get_as("/evaluation/report?size=area", &s).await;
    assert_eq!(report.status, 400);
    assert!(report.body.contains("size: &#39;area&#39; is not population or gdp"), "{}", report.body);
}
