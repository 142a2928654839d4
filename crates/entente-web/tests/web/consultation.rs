//! The consultation journey through the pages: a small partner requests consultations, staff
//! acknowledge and convene, the meeting is held, the summary record passes silence procedure, an
//! action is tracked to done — and a nation outside the format sees none of it.

use chrono::{Duration, Utc};
use entente_domain::access::Role;
use entente_testkit::TestApp;

fn location(r: &entente_testkit::TestResponse) -> String {
    r.header("location").unwrap_or_else(|| panic!("no redirect: {} {}", r.status, r.body)).to_string()
}

/// Plan a meeting of the allies and Malta through the meeting form as `staff`, from `start` to
/// `end` (as the form takes them); returns the meeting page's path.
async fn plan_with_malta(
    app: &TestApp,
    staff: &entente_testkit::Session,
    title: &str,
    start: &str,
    end: &str,
) -> String {
    let r = app
        .post_form(
            "/meetings",
            &[
                ("title", title),
                ("level", "experts"),
                ("allies", "1"),
                ("partners", "MLT"),
                ("start", start),
                ("end", end),
                ("venue", "Brussels"),
            ],
            Some(staff),
        )
        .await;
    location(&r)
}

fn id_in(path: &str, prefix: &str) -> i64 {
    path.trim_start_matches(prefix).split(['#', '?', '/']).next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn request_to_closed_meeting_and_done_action() {
    let app = TestApp::demo().await;
    let mlt = app.user("mlt.member", Some("MLT"), Role::DelegationMember).await;
    let ukr = app.user("ukr.member", Some("UKR"), Role::DelegationMember).await;
    let officer = app.user("officer", None, Role::StaffOfficer).await;
    let (s_mlt, s_ukr, s_staff) = (app.login(&mlt).await, app.login(&ukr).await, app.login(&officer).await);

    // Malta files a paragraph 8 request; the threat text is for the staff only by default.
    let r = app
        .post_form(
            "/requests",
            &[("basis", "paragraph8"), ("threat", "Hybrid attacks on our ports."), ("audience", "staff")],
            Some(&s_mlt),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let request_path = location(&r);
    let request_id = id_in(&request_path, "/requests/");
    let page = app.get_as(&request_path, &s_mlt).await;
    assert!(page.body.contains("Hybrid attacks on our ports.") && page.body.contains("Submitted"));
    assert_eq!(app.get_as(&request_path, &s_ukr).await.status, 404, "another nation does not even learn it exists");
    assert!(!app.get_as("/requests", &s_ukr).await.body.contains("Malta"));

    // Staff acknowledge and convene a meeting in the proposed format (allies + Malta).
    let r = app
        .post_form(
            &format!("/requests/{request_id}/step"),
            &[("step", "acknowledge"), ("note", "Received.")],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303);
    // A meeting that starts before the acknowledgement cannot answer the request.
    let early = (Utc::now() - Duration::minutes(5)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let late = (Utc::now() + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let r = app
        .post_form(
            &format!("/requests/{request_id}/convene"),
            &[("title", "Too early"), ("start", &early), ("end", &late)],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("starts before the request was acknowledged"), "{}", r.body);
    assert!(!app.get_as("/meetings", &s_staff).await.body.contains("Too early"), "nothing was created");
    let start = (Utc::now() + Duration::seconds(2)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let end = (Utc::now() + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let r = app
        .post_form(
            &format!("/requests/{request_id}/convene"),
            &[("title", "Consultations with Malta"), ("start", &start), ("end", &end)],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let meeting_path = location(&r);
    let meeting_id = id_in(&meeting_path, "/meetings/");
    let page = app.get_as(&meeting_path, &s_mlt).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Consultations with Malta") && page.body.contains("Malta"));
    assert_eq!(app.get_as(&meeting_path, &s_ukr).await.status, 404, "Ukraine is not in this format");
    let req = app.get_as(&request_path, &s_mlt).await;
    assert!(req.body.contains("Meeting convened"), "the requester sees the step");

    // Malta adds a statement; the meeting is held; the staff draft and circulate the record.
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/statements"),
            &[("title", "Malta's statement"), ("text", "We thank the Allies."), ("audience", "all_partners")],
            Some(&s_mlt),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let r = app.post_form(&format!("/meetings/{meeting_id}/status"), &[("status", "held")], Some(&s_staff)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/record"),
            &[("text", "The Council met with Malta."), ("audience", "all_partners")],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let deadline_at = Utc::now() + Duration::seconds(3);
    let deadline = deadline_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let r = app
        .post_form(&format!("/meetings/{meeting_id}/record/circulate"), &[("deadline", &deadline)], Some(&s_staff))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting_path, &s_mlt).await;
    assert!(page.body.contains("Under silence procedure") && page.body.contains("The Council met with Malta."));
    // Closing before the deadline is refused: silence is not yet agreement.
    let r = app.post_form(&format!("/meetings/{meeting_id}/status"), &[("status", "closed")], Some(&s_staff)).await;
    assert_eq!(r.status, 400);
    // An action for Malta, tracked to done by Malta.
    let due = (Utc::now() + Duration::days(14)).format("%Y-%m-%d").to_string();
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/actions"),
            &[("title", "Share the port assessment"), ("owner", "MLT"), ("due", &due)],
            Some(&s_staff),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mine = app.get_as("/actions", &s_mlt).await;
    assert!(mine.body.contains("Share the port assessment"));
    assert!(!app.get_as("/actions", &s_ukr).await.body.contains("Share the port assessment"));
    let action_id: i64 =
        mine.body.split("action=\"/actions/").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert_eq!(
        app.post_form(&format!("/actions/{action_id}"), &[("status", "in_progress")], Some(&s_ukr)).await.status,
        404
    );
    assert_eq!(app.post_form(&format!("/actions/{action_id}"), &[("status", "done")], Some(&s_mlt)).await.status, 303);
    let all = app.get_as("/actions?all=1", &s_mlt).await;
    assert!(all.body.contains("Done"));

    // Silence held to the deadline: the record is agreed and the meeting closes.
    let wait = (deadline_at - Utc::now()).num_milliseconds().max(0) as u64 + 200;
    tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
    let page = app.get_as(&meeting_path, &s_mlt).await;
    assert!(page.body.contains("Agreed"), "silence by the deadline means agreement");
    let r = app.post_form(&format!("/meetings/{meeting_id}/status"), &[("status", "closed")], Some(&s_staff)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // A closed meeting's papers are final; its page no longer offers the forms.
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/statements"),
            &[("title", "Too late"), ("text", "After the close."), ("audience", "all_partners")],
            Some(&s_mlt),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("closed"), "{}", r.body);
    let page = app.get_as(&meeting_path, &s_mlt).await;
    assert!(!page.body.contains("/statements\"") && !page.body.contains("/agenda\""), "no forms on a closed meeting");

    // The request's times are measured: request → acknowledgement → meeting.
    let tok = token(&app, mlt.id).await;
    let api = app.api("GET", &format!("/api/v1/requests/{request_id}"), None, Some(&tok)).await.json();
    assert_eq!(api["state"], "meeting_held");
    assert!(api["request_to_ack_hours"].as_f64().is_some());
    assert_eq!(api["meeting"], meeting_id);
    // Ukraine's token sees nothing of it.
    let tok2 = token(&app, ukr.id).await;
    assert_eq!(app.api("GET", &format!("/api/v1/meetings/{meeting_id}"), None, Some(&tok2)).await.status, 404);
    let list = app.api("GET", "/api/v1/meetings", None, Some(&tok2)).await.json();
    assert!(list["items"].as_array().unwrap().iter().all(|m| m["id"] != meeting_id));
}

#[tokio::test]
async fn documents_are_checked_and_served_only_to_those_who_may_see_them() {
    let app = TestApp::demo().await;
    let officer = app.user("officer", None, Role::StaffOfficer).await;
    let mlt = app.user("mlt.member", Some("MLT"), Role::DelegationMember).await;
    let fin = app.user("fin.member", Some("FIN"), Role::DelegationMember).await;
    let (s_staff, s_mlt, s_fin) = (app.login(&officer).await, app.login(&mlt).await, app.login(&fin).await);
    let start = (Utc::now() + Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
    let end = (Utc::now() + Duration::days(3) + Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
    let meeting = plan_with_malta(&app, &s_staff, "Allies + Malta", &start, &end).await;
    let upload = |name: &str, body: &[u8], audience: &str, session: &entente_testkit::Session| {
        let boundary = "b0undary";
        let mut bytes = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"audience\"\r\n\r\n{audience}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"codes\"\r\n\r\nMLT\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        axum::http::Request::post(format!("{meeting}/documents?csrf={}", session.csrf))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .header("cookie", &session.cookie)
            .body(axum::body::Body::from(bytes))
            .unwrap()
    };
    // A file that is not what its name says is refused, with the reason.
    let r = app.request(upload("report.pdf", b"MZ\x90\x00 not a pdf", "staff", &s_staff)).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("report.pdf: not an accepted document"), "{}", r.body);
    // A real PDF, released to Malta (and the allies) only.
    let r = app
        .request(upload("brief.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "nations", &s_staff))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting, &s_mlt).await;
    let href = page.body.split("href=\"/papers/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let file = app.get_as(&format!("/papers/{href}"), &s_mlt).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(file.header("content-disposition").unwrap().contains("brief.pdf"));
    assert!(file.body.starts_with("%PDF-1.7"));
    // Finland is an ally: the format seats it, and the marking includes allies.
    assert_eq!(app.get_as(&format!("/papers/{href}"), &s_fin).await.status, 200);
    assert_eq!(app.get(&format!("/papers/{href}")).await.status, 303, "anonymous callers are sent to sign in");
}

/// An API token for an account, for the API tests.
pub(crate) async fn token(app: &TestApp, account: i64) -> String {
    let tok = entente_web::auth::secrets::new_api_token().unwrap();
    app.db
        .store
        .create_token(
            &entente_store::Actor::system("test"),
            account,
            "t",
            &tok.hash,
            &tok.prefix,
            Utc::now() + Duration::days(1),
        )
        .await
        .unwrap();
    tok.secret
}

/// The demo's consultations load on both databases, once, and each nation sees its own part only.
#[tokio::test]
async fn demo_consultations_load_once_and_respect_formats() {
    let app = TestApp::demo().await;
    let mut principals = std::collections::HashMap::new();
    let mut tokens = std::collections::HashMap::new();
    for (name, nation, role) in [
        ("staff.admin", None, Role::StaffAdmin),
        ("tun.member", Some("TUN"), Role::DelegationMember),
        ("mrt.member", Some("MRT"), Role::DelegationMember),
        ("mlt.member", Some("MLT"), Role::DelegationMember),
        ("ukr.member", Some("UKR"), Role::DelegationMember),
        ("geo.member", Some("GEO"), Role::DelegationMember),
        ("jpn.member", Some("JPN"), Role::DelegationMember),
    ] {
        let user = app.user(name, nation, role).await;
        let (account, _) = app.db.store.account_by_username(name).await.unwrap().unwrap();
        let key = nation.unwrap_or("STAFF").to_string();
        principals.insert(key.clone(), account.principal());
        tokens.insert(key, token(&app, user.id).await);
    }
    let staff = principals["STAFF"].clone();
    let seed = || entente_web::demo::seed_consultations(&app.db.store, &staff, |c| principals.get(c).cloned());
    // The five recent meetings, then the history: the past meetings of the formats in force and
    // the consultations requested by the partners that have a delegation here.
    let seeded = seed().await.unwrap();
    assert!(seeded > 5 + 20, "{seeded}");
    assert_eq!(seed().await.unwrap(), 0, "a second start adds nothing");

    let titles = |nation: &'static str| {
        let app = &app;
        let tok = tokens[nation].clone();
        async move {
            let r = app.api("GET", "/api/v1/meetings?limit=100", None, Some(&tok)).await;
            r.json()["items"]
                .as_array()
                .unwrap_or_else(|| panic!("{}", r.body))
                .iter()
                .map(|m| m["title"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let mlt = titles("MLT").await;
    assert!(mlt.iter().any(|t| t.contains("requested by Malta")), "{mlt:?}");
    assert!(!mlt.iter().any(|t| t.contains("Mediterranean")), "Malta is not in the Mediterranean Dialogue: {mlt:?}");
    let tun = titles("TUN").await;
    assert!(tun.iter().any(|t| t.contains("Mediterranean")) && !tun.iter().any(|t| t.contains("Malta")), "{tun:?}");
    let ukr = titles("UKR").await;
    assert!(!ukr.iter().any(|t| t.contains("Malta")) && ukr.iter().any(|t| t.contains("NATO-Ukraine")), "{ukr:?}");
    let jpn = titles("JPN").await;
    assert!(!jpn.iter().any(|t| t.contains("Malta") || t.contains("Ukraine") || t.contains("EAPC")), "{jpn:?}");

    // Staff see every request: Ukraine's newest overdue for acknowledgement, every other one
    // (Malta's recent one, the history's) closed with its times.
    let r = app.api("GET", "/api/v1/requests", None, Some(&tokens["STAFF"])).await;
    let list = r.json();
    let list = list.as_array().unwrap();
    assert!(list.len() > 2, "{}", r.body);
    let open: Vec<_> = list.iter().filter(|r| r["state"] != "closed").collect();
    assert_eq!(open.len(), 1, "{}", r.body);
    assert_eq!((open[0]["requester"].as_str(), open[0]["overdue"].as_bool()), (Some("UKR"), Some(true)));
    for mlt_req in list.iter().filter(|r| r["requester"] == "MLT") {
        assert_eq!(mlt_req["state"], "closed");
        assert!(mlt_req["request_to_meeting_hours"].as_f64().unwrap() > 24.0 * 5.0, "{mlt_req}");
    }
    let r = app.api("GET", "/api/v1/requests", None, Some(&tokens["MLT"])).await;
    let own = r.json();
    assert!(
        !own.as_array().unwrap().is_empty() && own.as_array().unwrap().iter().all(|x| x["requester"] == "MLT"),
        "Malta sees its own requests only: {}",
        r.body
    );

    // Response times by nation and by state size.
    let times = |q: &'static str, who: &'static str| {
        let (app, tok) = (&app, tokens[who].clone());
        async move { app.api("GET", &format!("/api/v1/requests/times{q}"), None, Some(&tok)).await }
    };
    let all = times("", "STAFF").await.json();
    assert_eq!(all["items"].as_array().unwrap().len(), list.len());
    assert_eq!(
        (all["request_to_meeting"]["count"].as_u64(), all["request_to_ack"]["count"].as_u64()),
        (Some(list.len() as u64 - 1), Some(list.len() as u64 - 1))
    );
    let small = times("?size_band=small", "STAFF").await.json();
    let small: Vec<&str> =
        small["items"].as_array().unwrap().iter().map(|t| t["requester"].as_str().unwrap()).collect();
    assert!(small.contains(&"MLT") && !small.contains(&"UKR"), "Malta is a small state, Ukraine is not: {small:?}");
    let ukr = times("?nation=ukr", "STAFF").await.json();
    let ukr_items = ukr["items"].as_array().unwrap();
    assert!(ukr_items.iter().all(|t| t["size_band"] == "large" && t["requester"] == "UKR"), "{ukr}");
    assert!(ukr_items.iter().any(|t| t["request_to_ack_hours"].is_null()), "the request waiting: {ukr}");
    let bad = times("?size_band=tiny", "STAFF").await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("size_band") && bad.body.contains("tiny"), "{}", bad.body);
    let mine = times("?nation=UKR", "MLT").await.json();
    assert_eq!(mine["items"].as_array().unwrap().len(), 0, "another nation's request stays invisible");
}

/// A document is received as a stream: with a files directory configured it lands there under
/// its SHA-256 (the same content once), byte for byte, and nothing received is left behind,
/// whether the document is kept or refused.
#[tokio::test]
async fn documents_stream_into_the_files_directory() {
    use sha2::Digest;
    let files = tempfile::tempdir().unwrap();
    let mut db = entente_testkit::demo_db().await;
    db.store = db.store.with_files_dir(files.path().to_path_buf());
    let app = TestApp::on(db).await;
    let officer = app.user("officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let start = (Utc::now() + Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
    let end = (Utc::now() + Duration::days(3) + Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
    let meeting = plan_with_malta(&app, &s, "Allies + Malta", &start, &end).await;
    let upload = |name: &str, body: &[u8]| {
        let boundary = "b0undary";
        let mut bytes = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"audience\"\r\n\r\nstaff\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n"
        )
        .into_bytes();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        axum::http::Request::post(format!("{meeting}/documents?csrf={}", s.csrf))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .header("cookie", &s.cookie)
            .body(axum::body::Body::from(bytes))
            .unwrap()
    };
    let listing = || {
        let mut names: Vec<String> =
            std::fs::read_dir(files.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    };
    // Three megabytes of French text: multi-byte characters fall across the chunks it arrives in.
    let text = "Délégation, sécurité, coopération — «réunion» à Bruxelles.\n".repeat(50_000);
    let sha = entente_store::audit::hex(&sha2::Sha256::digest(text.as_bytes()));
    let r = app.request(upload("notes.txt", text.as_bytes())).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(listing(), vec![sha.clone()], "the file under its hash, nothing else");
    assert_eq!(std::fs::read(files.path().join(&sha)).unwrap(), text.as_bytes());
    let page = app.get_as(&meeting, &s).await;
    let href = page.body.split("href=\"/papers/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let file = app.get_as(&format!("/papers/{href}"), &s).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.body, text, "served byte for byte");
    // The same content again is a second paper over the one stored file.
    assert_eq!(app.request(upload("again.txt", text.as_bytes())).await.status, 303);
    assert_eq!(listing(), vec![sha.clone()]);
    // Refused uploads leave nothing: not UTF-8 (the cut falls late in the file), too large.
    let mut bad = text.clone().into_bytes();
    bad.extend_from_slice(b"\xff\xfe tail");
    let r = app.request(upload("bad.txt", &bad)).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("bad.txt: not an accepted document"), "{}", r.body);
    let big = vec![b'a'; entente_web::pages::consultation::MAX_UPLOAD + 1];
    let r = app.request(upload("big.txt", &big)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("big.txt: the file is larger than 20 MB"), "{}", r.body);
    assert_eq!(listing(), vec![sha], "no received file is left behind");
}

/// A meeting's times are typed and shown on its own zone's clocks, with UTC beside; a time the
/// clocks skip is refused by name; a meeting under way is still upcoming until it ends.
#[tokio::test]
async fn meeting_times_are_read_in_the_meeting_time_zone() {
    use chrono::{Datelike, NaiveDate, Weekday};
    let app = TestApp::demo().await;
    let officer = app.user("tz.officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let year = Utc::now().year() + 1;
    let plan = |title: &str, start: String, end: String, zone: &str| {
        let (title, zone) = (title.to_string(), zone.to_string());
        let app = &app;
        let s = &s;
        async move {
            app.post_form(
                "/meetings",
                &[
                    ("title", title.as_str()),
                    ("level", "experts"),
                    ("allies", "1"),
                    ("partners", "MLT"),
                    ("time_zone", zone.as_str()),
                    ("start", &start),
                    ("end", &end),
                    ("venue", "Brussels"),
                ],
                Some(s),
            )
            .await
        }
    };
    // Winter in Brussels is UTC+1.
    let r = plan("Winter talks", format!("{year}-01-14T10:00"), format!("{year}-01-14T12:00"), "Europe/Brussels").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let meeting = location(&r);
    let page = app.get_as(&meeting, &s).await;
    assert!(page.body.contains(&format!("{year}-01-14 10:00–12:00 CET (09:00–11:00 UTC)")), "{}", page.body);
    let token = token(&app, officer.id).await;
    let id = meeting.rsplit('/').next().unwrap();
    let json = app.api("GET", &format!("/api/v1/meetings/{id}"), None, Some(&token)).await.json();
    assert_eq!(json["start"], format!("{year}-01-14T09:00:00Z"));
    assert_eq!(json["time_zone"], "Europe/Brussels");
    // A reader who reads times in New York sees them beside the meeting's own.
    let r = app.post_form("/account/time-zone", &[("time_zone", "America/New_York")], Some(&s)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting, &s).await;
    assert!(page.body.contains(&format!("{year}-01-14 10:00–12:00 CET (04:00–06:00 EST)")), "{}", page.body);
    let r = app.post_form("/account/time-zone", &[("time_zone", "Mars/Olympus")], Some(&s)).await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("“Mars/Olympus” is not a time zone"), "refused in place: {}", r.body);
    assert!(r.body.contains(r#"<option selected>America/New_York</option>"#), "the saved zone stays chosen");
    let me = app.api("GET", "/api/v1/me", None, Some(&token)).await.json();
    assert_eq!(me["time_zone"], "America/New_York");
    let r = app.post_form("/account/time-zone", &[("time_zone", "")], Some(&s)).await;
    assert_eq!(r.status, 303);
    assert!(app.get_as(&meeting, &s).await.body.contains("(09:00–11:00 UTC)"), "back to UTC");
    // The hour the clocks skip on the last Sunday of March does not exist there.
    let last_sunday =
        (25..=31).map(|d| NaiveDate::from_ymd_opt(year, 3, d).unwrap()).find(|d| d.weekday() == Weekday::Sun).unwrap();
    let r = plan("Spring", format!("{last_sunday}T02:30"), format!("{last_sunday}T04:00"), "Europe/Brussels").await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains(&format!("{last_sunday} 02:30 does not exist in Europe/Brussels")), "{}", r.body);
    // A zone the tz database does not know is refused.
    let r = plan("Nowhere", format!("{year}-01-14T10:00"), format!("{year}-01-14T12:00"), "Europe/Atlantis").await;
    assert_eq!(r.status, 400);
    // Refused in place: the message above the form, what was typed still in it, the menu kept.
    assert!(r.body.contains(r#"<p class="error" role="alert" id="form-error">Time zone: &#39;Europe/Atlantis&#39; is not an IANA time-zone name"#), "{}", r.body);
    assert!(r.body.contains(r#"value="Nowhere""#) && r.body.contains(&format!(r#"value="{year}-01-14T10:00""#)));
    assert!(r.body.contains(r#"value="Europe/Atlantis""#) && r.body.contains(r#"<option value="experts" selected>"#));
    assert!(r.body.contains(r#"href="/inbox""#), "the signed-in layout");
    // A meeting that started yesterday and ends tomorrow is upcoming, not past.
    let yesterday = (Utc::now() - Duration::days(1)).format("%Y-%m-%dT%H:%M").to_string();
    let tomorrow = (Utc::now() + Duration::days(1)).format("%Y-%m-%dT%H:%M").to_string();
    let r = plan("Long session", yesterday, tomorrow, "UTC").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let list = app.get_as("/meetings", &s).await.body;
    let past_at = list.find("<h2>Past").expect("the past meetings' heading");
    let at = list.find("Long session").expect("the running meeting is listed");
    assert!(at < past_at, "the running meeting is among the upcoming ones");
}

#[tokio::test]
async fn refused_forum_forms_come_back_in_place() {
    let app = TestApp::demo().await;
    let officer = app.user("inplace.officer", None, Role::StaffOfficer).await;
    let mlt = app.user("inplace.mlt", Some("MLT"), Role::DelegationMember).await;
    let nor = app.user("inplace.nor", Some("NOR"), Role::DelegationMember).await;
    let (s, s_mlt, s_nor) = (app.login(&officer).await, app.login(&mlt).await, app.login(&nor).await);
    let start = (Utc::now() + Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
    let end = (Utc::now() + Duration::days(3) + Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
    let meeting_id = id_in(&plan_with_malta(&app, &s, "Allies + Malta on ports", &start, &end).await, "/meetings/");

    // A statement released to a list with something that is not a code: the meeting page again,
    // the form open with the message at its top and every field as typed; the frame (menu, who is
    // signed in) kept.
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/statements"),
            &[
                ("title", "Port security"),
                ("text", "Malta's ports are a gateway."),
                ("classification", "NATO RESTRICTED"),
                ("audience", "nations"),
                ("codes", "Malta!"),
            ],
            Some(&s_mlt),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let b = &r.body;
    assert!(b.contains("<h1>Allies + Malta on ports</h1>"), "the meeting page: {b}");
    assert!(b.contains(r#"href="/inbox""#) && b.contains("inplace.mlt"), "the signed-in frame");
    assert!(b.contains(r#"<details open><summary>Add a national statement"#), "the refused form is open: {b}");
    assert!(b.contains(r#"<p class="error" role="alert">"#), "{b}");
    assert!(b.contains(r#"value="Port security" autofocus"#), "what was typed is kept: {b}");
    assert!(b.contains("s ports are a gateway.</textarea>"), "{b}");
    assert!(
        b.contains(r#"<option value="NATO RESTRICTED" selected>NATO RESTRICTED</option>"#),
        "the marking chosen is kept: {b}"
    );
    assert!(b.contains(r#"<option value="nations" selected>"#) && b.contains(r#"value="Malta!""#));
    assert_eq!(b.matches(r#"role="alert""#).count(), 1, "only the refused form shows a message");
    assert!(!app.get_as(&format!("/meetings/{meeting_id}"), &s).await.body.contains("Port security"), "nothing kept");

    // A form no longer offered (actions are assigned once the meeting is held): the message at
    // the top of the page.
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/actions"),
            &[("title", "Draft the assessment"), ("owner", "MLT"), ("due", "2027-01-31")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("<h1>Allies + Malta on ports</h1>\n<p class=\"error\" role=\"alert\">"), "{}", r.body);

    // An agenda proposal with no title keeps its description; in French the frame is French.
    let fr =
        entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s_mlt.cookie), csrf: s_mlt.csrf.clone() };
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/agenda"),
            &[("title", "  "), ("description", "Ports of Valletta and Marsaxlokk")],
            Some(&fr),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains(">Ports of Valletta and Marsaxlokk</textarea>"), "{}", r.body);
    assert!(r.body.contains(r#"<html lang="fr""#), "the reader's language");
    // The message too is French, the field named by its label.
    assert!(r.body.contains("Titre : est vide"), "{}", r.body);
    // A step out of order is refused in French too.
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/actions"),
            &[("title", "Draft the assessment"), ("owner", "MLT"), ("due", "2027-01-31")],
            Some(&entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() }),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("les actions font suite à une réunion tenue"), "{}", r.body);

    // A poll with an option that is not a time.
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/polls"),
            &[("title", "When to meet again"), ("options", "2027-01-10T10:00\nnext Tuesday"), ("hidden", "1")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Options: "), "{}", r.body);
    assert!(r.body.contains("2027-01-10T10:00\nnext Tuesday</textarea>") && r.body.contains(r#"value="1" checked"#));

    // The request form offers only the bases the nation may invoke, its own first.
    let form = app.get_as("/requests/new", &s_mlt).await;
    assert!(form.body.contains(r#"<option value="paragraph8">"#) && !form.body.contains(r#"value="article4""#));
    let form = app.get_as("/requests/new", &s_nor).await;
    assert!(form.body.contains(r#"<option value="article4">"#) && !form.body.contains(r#"value="paragraph8""#));
    // Refused (no threat described): the form again with the basis and marking kept.
    let r =
        app.post_form("/requests", &[("basis", "other"), ("threat", " "), ("audience", "allies")], Some(&s_mlt)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains(r#"<option value="other" selected>"#) && r.body.contains(r#"role="alert""#), "{}", r.body);
    assert!(!app.get_as("/requests", &s_mlt).await.body.contains("/requests/1\""), "nothing filed");

    // Convening lets staff adjust the proposed format; an empty one is refused in place.
    let r = app
        .post_form("/requests", &[("basis", "paragraph8"), ("threat", "Drones over the harbour.")], Some(&s_mlt))
        .await;
    let request_id = id_in(&location(&r), "/requests/");
    let r = app
        .post_form(&format!("/requests/{request_id}/step"), &[("step", "acknowledge"), ("note", "")], Some(&s))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&format!("/requests/{request_id}"), &s).await;
    assert!(page.body.contains(r#"name="partners" value="MLT""#), "the proposal, to adjust: {}", page.body);
    let later = (Utc::now() + Duration::days(2)).format("%Y-%m-%dT%H:%M").to_string();
    let later_end = (Utc::now() + Duration::days(2) + Duration::hours(1)).format("%Y-%m-%dT%H:%M").to_string();
    let convene = |partners: &'static str, allies: bool| {
        let mut f = vec![("title", "Consultations with Malta"), ("start", later.as_str()), ("end", later_end.as_str())];
        f.push(("partners", partners));
        if allies {
            f.push(("allies", "1"));
        }
        f
    };
    let r = app.post_form(&format!("/requests/{request_id}/convene"), &convene("", false), Some(&s)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains(r#"value="Consultations with Malta""#) && r.body.contains(r#"role="alert""#));
    let r = app.post_form(&format!("/requests/{request_id}/convene"), &convene("MLT UKR", true), Some(&s)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let meeting = app.get_as(&location(&r), &s).await;
    assert!(meeting.body.contains("Ukraine") && meeting.body.contains("Malta"), "the adjusted format is seated");
}

#[tokio::test]
async fn meetings_name_their_format_and_formats_have_dates() {
    let app = TestApp::demo().await;
    let officer = app.user("format.officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let fr = entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() };
    let day = (Utc::now() + Duration::days(5)).format("%Y-%m-%d").to_string();
    let plan = |title: &'static str, format: &'static str, partners: &'static str| {
        let mut f = vec![
            ("title", title.to_string()),
            ("level", "ambassadors".to_string()),
            ("start", format!("{day}T10:00")),
            ("end", format!("{day}T12:00")),
            ("time_zone", "Europe/Brussels".to_string()),
            ("venue", "NATO Headquarters".to_string()),
        ];
        if format.is_empty() {
            f.push(("allies", "1".into()));
            f.push(("partners", partners.into()));
        } else {
            f.push(("format", format.into()));
        }
        f
    };
    let post = |f: Vec<(&'static str, String)>| {
        let app = &app;
        let s = &s;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/meetings", &pairs, Some(s)).await
        }
    };

    // A format that no longer exists is refused in place, with its dates.
    let r = post(plan("Commission", "nato-ukraine-commission", "")).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains("the format &#39;NATO-Ukraine Commission&#39; does not exist on")
            || r.body.contains("the format 'NATO-Ukraine Commission' does not exist on"),
        "{}",
        r.body
    );
    assert!(r.body.contains("it existed from 9 July 1997 to 11 July 2023"), "{}", r.body);

    // The Council exists: the meeting names it, the allies on one line, Ukraine by name.
    let r = post(plan("Council on air defence", "nato-ukraine-council", "")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let meeting = location(&r);
    let page = app.get_as(&meeting, &s).await;
    assert!(page.body.contains("<p>Format: <strong>NATO-Ukraine Council</strong></p>"), "{}", page.body);
    assert!(page.body.contains(r#"<details class="allies"><summary>32 allies</summary>"#), "{}", page.body);
    assert!(page.body.contains(r#"<a href="/nations/UKR">Ukraine</a>"#));
    let page = app.get_as(&meeting, &fr).await;
    assert!(page.body.contains("<summary>32 Alliés</summary>") && page.body.contains("Conseil OTAN-Ukraine"));
    let list = app.get_as("/meetings", &s).await;
    assert!(list.body.contains(r#"<span class="muted">NATO-Ukraine Council</span>"#), "{}", list.body);

    // A format of its own is named by its rule; partners sorted as the reader's language sorts
    // names (Égypte before Maroc in French, not after Tunisie).
    let r = post(plan("Southern flank", "", "TUN EGY MAR DZA")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&location(&r), &fr).await;
    assert!(page.body.contains("<strong>Alliés + Algérie + Égypte + Maroc + Tunisie</strong>"), "{}", page.body);
    let seats: Vec<usize> = ["Algérie", "Égypte", "Maroc", "Tunisie"]
        .iter()
        .map(|n| page.body.find(&format!(">{n}</a>")).unwrap())
        .collect();
    assert!(seats.windows(2).all(|w| w[0] < w[1]), "collated: {seats:?}");

    // Formats show when they exist; on a date before its founding a council seats nobody.
    let formats = app.get("/formats").await;
    assert!(formats.body.contains("from 2023-07-12") && formats.body.contains("from 1997-07-09 to 2023-07-11"));
    let before = app.get("/formats/nato-ukraine-council?as_of=2023-05-01").await;
    assert!(before.body.contains("This format does not exist on this date"), "{}", before.body);
    let api = app.get("/api/v1/formats/nato-ukraine-council?as_of=2023-05-01").await;
    let v: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["in_force"], false, "{v}");
    assert_eq!(v["seats"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["format"]["valid_from"], "2023-07-12");
    // The rule in words, with names.
    let page = app.get("/formats/allies-ip4").await;
    assert!(page.body.contains(r#"<a href="/nations/JPN">Japan</a>"#), "{}", page.body);
}

#[tokio::test]
async fn authors_edit_their_proposals_until_a_decision_and_staff_until_the_meeting() {
    let app = TestApp::demo().await;
    let officer = app.user("edit.officer", None, Role::StaffOfficer).await;
    let mlt = app.user("edit.mlt", Some("MLT"), Role::DelegationMember).await;
    let (s, s_mlt) = (app.login(&officer).await, app.login(&mlt).await);
    let start = (Utc::now() + Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
    let end = (Utc::now() + Duration::days(3) + Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
    let r = app
        .post_form(
            "/meetings",
            &[("title", "Allies + Malta"), ("level", "experts"), ("allies", "1"), ("partners", "MLT")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 400, "no times: refused");
    let meeting = plan_with_malta(&app, &s, "Allies + Malta", &start, &end).await;
    let meeting_id = id_in(&meeting, "/meetings/");
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/agenda"),
            &[("title", "Port security"), ("description", "Valletta")],
            Some(&s_mlt),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting, &s_mlt).await;
    let at = page.body.find("/agenda/").unwrap();
    let item: i64 = page.body[at + 8..].split(['/', '"']).next().unwrap().parse().unwrap();
    assert!(page.body.contains(&format!(r#"action="/meetings/{meeting_id}/agenda/{item}/edit""#)), "offered");
    let edit = format!("/meetings/{meeting_id}/agenda/{item}/edit");

    // The proposer rewords it; an empty title is refused in place with what was typed.
    let r = app.post_form(&edit, &[("title", " "), ("description", "Valletta and Marsaxlokk")], Some(&s_mlt)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains(">Valletta and Marsaxlokk</textarea>") && r.body.contains("<details open><summary>Edit"));
    let r = app.post_form(&edit, &[("title", "Security of ports"), ("description", "Valletta")], Some(&s_mlt)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(app.get_as(&meeting, &s).await.body.contains("<strong>Security of ports</strong>"));

    // Once the staff decide, the proposer no longer edits it; the staff still may.
    let r = app.post_form(&format!("/meetings/{meeting_id}/agenda/{item}"), &[("decision", "accept")], Some(&s)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(!app.get_as(&meeting, &s_mlt).await.body.contains(&edit), "no longer offered to the proposer");
    let r = app.post_form(&edit, &[("title", "Ports"), ("description", "")], Some(&s_mlt)).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r =
        app.post_form(&edit, &[("title", "Security of Maltese ports"), ("description", "Valletta")], Some(&s)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Each edit is audited.
    let admin = app.user("edit.admin", None, Role::StaffAdmin).await;
    let audit = app.get_as("/api/v1/audit?action=agenda.amend", &app.login(&admin).await).await.json();
    assert_eq!(audit["items"].as_array().map(Vec::len), Some(2), "{audit}");
    assert_eq!(audit["items"][0]["after"]["title"], "Security of Maltese ports", "{audit}");
}

#[tokio::test]
async fn authors_reword_or_withdraw_their_statements_until_the_meeting_starts() {
    let app = TestApp::demo().await;
    let officer = app.user("paper.officer", None, Role::StaffOfficer).await;
    let admin = app.user("paper.admin", None, Role::StaffAdmin).await;
    let mlt = app.user("paper.mlt", Some("MLT"), Role::DelegationMember).await;
    let lead = app.user("paper.mlt.lead", Some("MLT"), Role::DelegationLead).await;
    let (s, s_mlt, s_lead) = (app.login(&officer).await, app.login(&mlt).await, app.login(&lead).await);
    let start = (Utc::now() + Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
    let end = (Utc::now() + Duration::days(3) + Duration::hours(2)).format("%Y-%m-%dT%H:%M").to_string();
    let meeting = plan_with_malta(&app, &s, "Allies + Malta", &start, &end).await;
    let meeting_id = id_in(&meeting, "/meetings/");
    let add = |title: &'static str| {
        let app = &app;
        let s_mlt = &s_mlt;
        async move {
            let r = app
                .post_form(
                    &format!("/meetings/{meeting_id}/statements"),
                    &[("title", title), ("text", "We thank the Allies."), ("audience", "all_partners")],
                    Some(s_mlt),
                )
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
        }
    };
    add("Malta's statement").await;
    add("A second statement").await;
    let page = app.get_as(&meeting, &s_mlt).await;
    let ids: Vec<i64> = page
        .body
        .match_indices(r#"action="/papers/"#)
        .map(|(at, m)| page.body[at + m.len()..].split('/').next().unwrap().parse().unwrap())
        .collect();
    let (first, second) = (ids[0], ids.iter().copied().find(|i| *i != ids[0]).unwrap());
    // Staff do not reword a delegation's statement; the form is not even offered to them.
    assert!(!app.get_as(&meeting, &s).await.body.contains(&format!("/papers/{first}/edit")));
    let r = app.post_form(&format!("/papers/{first}/edit"), &[("title", "X"), ("text", "Y")], Some(&s)).await;
    assert_eq!(r.status, 403);

    // Another writer of the same delegation rewords it; an empty text is refused in place.
    let r = app
        .post_form(&format!("/papers/{first}/edit"), &[("title", "Malta's statement"), ("text", "  ")], Some(&s_lead))
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains(r#"role="alert""#) && r.body.contains("Text: is empty"), "{}", r.body);
    let r = app
        .post_form(
            &format!("/papers/{first}/edit"),
            &[("title", "Malta's statement"), ("text", "We thank the Allies for their support.")],
            Some(&s_lead),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(app.get_as(&meeting, &s).await.body.contains("We thank the Allies for their support."));

    // Withdrawn, it leaves the meeting for everyone and is no longer served; the audit keeps it.
    let r = app.post_form(&format!("/papers/{second}/withdraw"), &[], Some(&s_mlt)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(!app.get_as(&meeting, &s).await.body.contains("A second statement"));
    assert_eq!(app.get_as(&format!("/papers/{second}"), &s).await.status, 404);
    let r = app.post_form(&format!("/papers/{second}/withdraw"), &[], Some(&s_mlt)).await;
    assert_eq!(r.status, 404, "withdrawn once");
    let audit = app.get_as("/api/v1/audit?action=paper.withdraw", &app.login(&admin).await).await.json();
    assert_eq!(audit["items"][0]["after"]["title"], "A second statement", "{audit}");
    let audit = app.get_as("/api/v1/audit?action=paper.amend", &app.login(&admin).await).await.json();
    assert_eq!(audit["items"][0]["before"]["body"], "We thank the Allies.", "the earlier text is kept: {audit}");
}

#[tokio::test]
async fn staff_correct_a_decision_and_the_earlier_text_stays_visible() {
    let app = TestApp::demo().await;
    let officer = app.user("correct.officer", None, Role::StaffOfficer).await;
    let mlt = app.user("correct.mlt", Some("MLT"), Role::DelegationMember).await;
    let (s, s_mlt) = (app.login(&officer).await, app.login(&mlt).await);
    let start = (Utc::now() + Duration::seconds(2)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let end = (Utc::now() + Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let meeting = plan_with_malta(&app, &s, "Allies + Malta", &start, &end).await;
    let meeting_id = id_in(&meeting, "/meetings/");
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    for status in ["convened", "held"] {
        let r = app.post_form(&format!("/meetings/{meeting_id}/status"), &[("status", status)], Some(&s)).await;
        assert_eq!(r.status, 303, "{status}: {}", r.body);
    }
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/decisions"),
            &[("text", "The Council agreed to meet in Valetta."), ("audience", "all_partners")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting, &s).await;
    let at = page.body.find("/decisions/").unwrap();
    let id: i64 = page.body[at + 11..].split('/').next().unwrap().parse().unwrap();
    let correct = format!("/decisions/{id}/correct");
    assert!(!app.get_as(&meeting, &s_mlt).await.body.contains(&correct), "not offered to a delegation");
    assert_eq!(app.post_form(&correct, &[("text", "X"), ("reason", "Y")], Some(&s_mlt)).await.status, 403);

    // The same text is no correction; the form comes back with the reason typed.
    let r = app
        .post_form(&correct, &[("text", "The Council agreed to meet in Valetta."), ("reason", "Spelling")], Some(&s))
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Text: is unchanged") && r.body.contains(r#"value="Spelling""#), "{}", r.body);
    let r = app
        .post_form(&correct, &[("text", "The Council agreed to meet in Valletta."), ("reason", "Spelling")], Some(&s))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting, &s_mlt).await;
    assert!(page.body.contains("The Council agreed to meet in Valletta."), "{}", page.body);
    assert!(page.body.contains("<summary>Corrected once</summary>"), "{}", page.body);
    assert!(page.body.contains("Spelling<blockquote>The Council agreed to meet in Valetta.</blockquote>"));

    // An action: staff correct its owner and due date, saying why; what it replaced stays shown.
    let due = (Utc::now() + Duration::days(20)).format("%Y-%m-%d").to_string();
    let r = app
        .post_form(
            &format!("/meetings/{meeting_id}/actions"),
            &[("title", "Book the venue"), ("owner", "MLT"), ("due", &due)],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting, &s).await;
    let at = page.body.find(r#"action="/actions/"#).unwrap();
    let action: i64 = page.body[at + 17..].split(['/', '"']).next().unwrap().parse().unwrap();
    let fix = format!("/actions/{action}/correct");
    assert!(page.body.contains(&fix), "offered to staff");
    assert!(!app.get_as(&meeting, &s_mlt).await.body.contains(&fix), "not to the owner");
    let later = (Utc::now() + Duration::days(30)).format("%Y-%m-%d").to_string();
    let r = app
        .post_form(&fix, &[("title", "Book the venue"), ("owner", "MLT"), ("due", &due), ("reason", "None")], Some(&s))
        .await;
    assert_eq!(r.status, 400, "nothing changed: {}", r.body);
    let r = app
        .post_form(
            &fix,
            &[("title", "Book the venue"), ("owner", "FRA"), ("due", &later), ("reason", "France hosts")],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get_as(&meeting, &s).await;
    assert!(page.body.contains(&format!(r#"<td class="date">{later}"#)) && page.body.contains("<td>France</td>"));
    assert!(page.body.contains(&format!("France hosts: was Book the venue — Malta — {due}")), "{}", page.body);
}
