//! Sign-in, sessions, CSRF, throttling, second factor, API tokens and account management.

use entente_domain::access::Role;
use entente_testkit::{TestApp, cookie_from, csrf_from};

#[tokio::test]
async fn sign_in_rotates_and_sign_out_ends_the_session() {
    let app = TestApp::demo().await;
    let u = app.user("mlt.member", Some("MLT"), Role::DelegationMember).await;
    let s1 = app.login(&u).await;
    let me = app.get_as("/account", &s1).await;
    assert_eq!(me.status, 200);
    assert!(me.body.contains("mlt.member"));
    // Signing in again from the same browser replaces the session (a new identifier).
    let s2 = app.login(&u).await;
    assert_ne!(s1.cookie, s2.cookie);
    // Sign out: the session is gone from the server, not just the browser.
    let out = app.post_form("/logout", &[], Some(&s2)).await;
    assert_eq!(out.status, 303);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after = app.get_as("/account", &s2).await;
    assert_eq!(after.status, 303);
    assert!(
        after.header("location").unwrap().starts_with("/login?next=%2Faccount")
            || after.header("location").unwrap().starts_with("/login?next=/account")
    );
    // The session cookie is HttpOnly and SameSite.
    let page = app.get("/login").await;
    let set = page.header("set-cookie").unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
}

#[tokio::test]
async fn wrong_passwords_are_throttled_with_a_clear_message() {
    let app = TestApp::demo().await;
    let u = app.user("ukr.member", Some("UKR"), Role::DelegationMember).await;
    for _ in 0..5 {
        let r = app.try_login("ukr.member", "not the password at all").await.unwrap_err();
        assert!(r.body.contains("Wrong user name or password."), "{}", r.body);
    }
    // Locked now, even with the right password; and an unknown name reads the same as a wrong password.
    let r = app.try_login(&u.username, &u.password).await.unwrap_err();
    assert_eq!(r.status, 429);
    assert!(r.body.contains("Too many failed sign-in attempts for this account"), "{}", r.body);
    let unknown = app.try_login("nobody.at.all", "whatever it may be").await.unwrap_err();
    assert!(unknown.body.contains("Wrong user name or password."));
    // Failures are audited.
    let audit = app.db.store.scoped(Some(&staff_admin())).await.unwrap();
    let entries = audit
        .audit(entente_store::audit::AuditFilter {
            action: Some("auth.login_failed".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), 6);
}

fn staff_admin() -> entente_domain::access::Principal {
    entente_domain::access::Principal {
        user_id: 0,
        username: "x".into(),
        affiliation: entente_domain::access::Affiliation::Staff,
        role: Role::StaffAdmin,
    }
}

#[tokio::test]
async fn state_changes_need_the_session_csrf_token() {
    let app = TestApp::demo().await;
    let u = app.user("nor.member", Some("NOR"), Role::DelegationMember).await;
    let s = app.login(&u).await;
    let forged = app.post_form("/account/tokens", &[("name", "x"), ("csrf", "not-the-token")], Some(&s)).await;
    assert_eq!(forged.status, 403);
    let cross = app
        .request(
            axum::http::Request::post("/account/tokens")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", &s.cookie)
                .header("origin", "https://evil.example")
                .header("host", "entente.example")
                .body(axum::body::Body::from(format!("name=x&csrf={}", s.csrf)))
                .unwrap(),
        )
        .await;
    assert_eq!(cross.status, 403, "a cross-site origin is refused");
    // The same host under another scheme is another origin; the site's own origin passes.
    for (origin, status) in
        [("evil://entente.example", 403), ("https://entente.example", 403), ("http://entente.example", 200)]
    {
        let r = app
            .request(
                axum::http::Request::post("/account/tokens")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("cookie", &s.cookie)
                    .header("origin", origin)
                    .header("host", "entente.example")
                    .body(axum::body::Body::from(format!("name=o&csrf={}", s.csrf)))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, status, "{origin}: {}", r.body);
    }
    let ok = app.post_form("/account/tokens", &[("name", "laptop")], Some(&s)).await;
    assert_eq!(ok.status, 200);
    // A login form without its cookie is refused too.
    let r = app
        .post_form("/login", &[("username", "nor.member"), ("password", &u.password), ("csrf", "guess")], None)
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn api_tokens_act_with_the_users_rights_and_can_be_revoked() {
    let app = TestApp::demo().await;
    let u = app.user("eu.lead", Some("EU"), Role::DelegationLead).await;
    let s = app.login(&u).await;
    let page = app.post_form("/account/tokens", &[("name", "script"), ("days", "30")], Some(&s)).await;
    let token = page.body.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert!(token.starts_with("ent_"));
    let me = app.api("GET", "/api/v1/me", None, Some(&token)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["username"], "eu.lead");
    assert_eq!(me.json()["nation"], "EU");
    // Shown once: listings carry only the prefix.
    let list = app.api("GET", "/api/v1/me/tokens", None, Some(&token)).await;
    assert!(!list.body.contains(&token));
    let id = list.json()[0]["id"].as_i64().unwrap();
    // A token neither revokes nor creates tokens; a signed-in session does.
    let r = app.api("POST", &format!("/api/v1/me/tokens/{id}/revoke"), None, Some(&token)).await;
    assert_eq!(r.status, 403);
    assert!(r.json()["message"].as_str().unwrap().contains("sign in"), "{}", r.body);
    let r = app.post_form(&format!("/account/tokens/{id}/revoke"), &[], Some(&s)).await;
    assert_eq!(r.status, 303);
    let r = app.api("GET", "/api/v1/me", None, Some(&token)).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["code"], "unauthenticated");
    let r = app.api("GET", "/api/v1/me", None, Some("ent_made_up")).await;
    assert_eq!(r.status, 401);
    let r = app
        .api("POST", "/api/v1/me/tokens", Some(serde_json::json!({"name": "x", "expires_in_days": 9999})), None)
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn two_step_sign_in_with_totp_and_recovery_codes() {
    let app = TestApp::demo().await;
    let u = app.user("ukr.lead", Some("UKR"), Role::DelegationLead).await;
    let s = app.login(&u).await;
    let enrol = app.post_form("/account/totp/start", &[], Some(&s)).await;
    assert_eq!(enrol.status, 200);
    assert!(enrol.body.contains("<svg"), "the QR code is an inline SVG");
    let secret = enrol.body.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    let code = entente_web::auth::secrets::totp(&secret, "ukr.lead").unwrap().generate_current().to_string();
    let bad = app.post_form("/account/totp/confirm", &[("code", "000000")], Some(&s)).await;
    assert_eq!(bad.status, 400);
    let done = app.post_form("/account/totp/confirm", &[("code", &code)], Some(&s)).await;
    assert_eq!(done.status, 200);
    let recovery: Vec<String> =
        done.body.split("<code class=\"secret\">").skip(1).map(|x| x.split('<').next().unwrap().to_string()).collect();
    assert_eq!(recovery.len(), 10);

    // Password alone now leads to the second step, not to a session.
    let page = app.get("/login").await;
    let pre = cookie_from(&page, "entente_pre").unwrap();
    let r = app
        .request(
            axum::http::Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("entente_pre={pre}"))
                .body(axum::body::Body::from(format!(
                    "username=ukr.lead&password={}&csrf={pre}&next=%2F",
                    u.password.replace(' ', "+")
                )))
                .unwrap(),
        )
        .await;
    assert!(r.header("location").unwrap().starts_with("/login/totp"));
    let pending = format!("entente_session={}", cookie_from(&r, "entente_session").unwrap());
    let pending_page = app.get_with("/account", &[("cookie", &pending)]).await;
    assert_eq!(pending_page.status, 303, "a pending session is not signed in");
    let step = app.get_with("/login/totp", &[("cookie", &pending)]).await;
    let csrf = csrf_from(&step.body).unwrap();
    let session = entente_testkit::Session { cookie: pending.clone(), csrf };
    let r = app.post_form("/login/totp", &[("code", &recovery[0])], Some(&session)).await;
    assert_eq!(r.status, 303);
    let full = format!("entente_session={}", cookie_from(&r, "entente_session").unwrap());
    assert_ne!(full, pending, "the session is rotated after the second factor");
    assert_eq!(app.get_with("/account", &[("cookie", &full)]).await.status, 200);
    assert_eq!(app.get_with("/account", &[("cookie", &pending)]).await.status, 303, "the pending session is gone");
}

#[tokio::test]
async fn a_delegation_lead_manages_only_its_own_delegation() {
    let app = TestApp::demo().await;
    let lead = app.user("mlt.lead", Some("MLT"), Role::DelegationLead).await;
    let other = app.user("ukr.member", Some("UKR"), Role::DelegationMember).await;
    let s = app.login(&lead).await;
    // Another delegation named in the form is refused, exactly as the API refuses it.
    let form = |nation: &'static str| {
        let mut f = vec![("username", "mlt.new"), ("display_name", "New member"), ("role", "delegation_member")];
        if !nation.is_empty() {
            f.push(("nation", nation));
        }
        f
    };
    let refused = app.post_form("/users", &form("UKR"), Some(&s)).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let token = app.user("mlt.lead.api", Some("MLT"), Role::DelegationLead).await;
    let api = app
        .api(
            "POST",
            "/api/v1/users",
            Some(serde_json::json!({"username": "mlt.api", "display_name": "X", "role": "delegation_member", "nation": "UKR"})),
            Some(&super::consultation::token(&app, token.id).await),
        )
        .await;
    assert_eq!(api.status, 403, "the page and the API answer alike: {}", api.body);
    assert!(!app.get_as("/users", &s).await.body.contains("mlt.new"), "nothing was created");
    // The lead's form has no nation field: its own delegation is meant.
    let created = app.post_form("/users", &form(""), Some(&s)).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let temporary =
        created.body.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    let list = app.get_as("/users", &s).await;
    assert!(list.body.contains("mlt.new") && !list.body.contains("ukr.member"), "created in MLT");
    assert_eq!(app.get_as(&format!("/users/{}", other.id), &s).await.status, 404);
    let r = app.post_form(&format!("/users/{}/disable", other.id), &[], Some(&s)).await;
    assert_eq!(r.status, 404);
    // The new member must change the temporary password at first sign-in.
    let session = app.try_login("mlt.new", &temporary).await.unwrap();
    let account = app.get_as("/account", &session).await;
    assert!(account.body.contains("Choose a new password before you go on"));
    let elsewhere = app.get_as("/nations/MLT", &session).await;
    assert_eq!(elsewhere.header("location"), Some("/account"), "nothing else until the password is changed");
    // Neither forms nor the API with the session's cookie work before the change.
    let token = app.post_form("/account/tokens", &[("name", "early"), ("days", "30")], Some(&session)).await;
    assert_eq!(token.status, 403, "no token before the password is changed: {}", token.body);
    assert!(token.body.contains("must change its password"), "{}", token.body);
    assert_eq!(app.get_as("/api/v1/meetings", &session).await.status, 403);
    assert_eq!(app.get_as("/api/v1/me", &session).await.status, 200);
    let weak = app
        .post_form(
            "/account/password",
            &[("current_password", &temporary), ("new_password", "password1234"), ("confirm_password", "password1234")],
            Some(&session),
        )
        .await;
    assert_eq!(weak.status, 400);
    assert!(weak.body.contains("most common"));
    let ok = app
        .post_form(
            "/account/password",
            &[
                ("current_password", &temporary),
                ("new_password", "harbour lights at dusk"),
                ("confirm_password", "harbour lights at dusk"),
            ],
            Some(&session),
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(app.get_as("/account", &session).await.status, 303, "a new password ends the old sessions");
}

#[tokio::test]
async fn disabled_accounts_lose_their_sessions_and_tokens() {
    let app = TestApp::demo().await;
    let admin = app.user("admin", None, Role::StaffAdmin).await;
    let member = app.user("nor.member", Some("NOR"), Role::DelegationMember).await;
    let s_member = app.login(&member).await;
    let s_admin = app.login(&admin).await;
    let r = app.post_form(&format!("/users/{}/disable", member.id), &[], Some(&s_admin)).await;
    assert_eq!(r.status, 303);
    assert_eq!(app.get_as("/account", &s_member).await.status, 303);
    assert!(app.try_login(&member.username, &member.password).await.is_err());
    let r = app.post_form(&format!("/users/{}/disable", admin.id), &[], Some(&s_admin)).await;
    assert_eq!(r.status, 400, "nobody disables their own account");
}

#[tokio::test]
async fn hsts_only_when_configured_for_tls() {
    let app = TestApp::demo().await;
    assert!(app.get("/").await.header("strict-transport-security").is_none());
}

#[tokio::test]
async fn a_malformed_typed_query_parameter_is_a_json_400_naming_it() {
    let app = TestApp::demo().await;
    let u = app.user("audit.admin", None, Role::StaffAdmin).await;
    let s = app.login(&u).await;
    let r = app.get_as("/api/v1/audit?before=abc&unknown=1", &s).await;
    assert_eq!(r.status, 400);
    assert!(r.header("content-type").unwrap().starts_with("application/json"));
    let body = r.json();
    assert_eq!(body["code"], "invalid_query");
    assert!(body["message"].as_str().unwrap().starts_with("before: 'abc'"), "{body}");
    // Empty means absent; unknown parameters are ignored; custom checks keep their codes.
    assert_eq!(app.get_as("/api/v1/audit?before=&limit=5&whatever=x", &s).await.status, 200);
    assert_eq!(app.get_as("/api/v1/audit?limit=abc", &s).await.json()["code"], "invalid_limit");
    assert_eq!(app.get_as("/api/v1/audit?from=2023-02-30", &s).await.json()["code"], "invalid_date");
}

#[tokio::test]
async fn redirect_targets_from_the_request_stay_on_this_site() {
    let app = TestApp::demo().await;
    // Browsers drop the tab and read `/\t/host/x` as `//host/x`, another site.
    for next in ["/%09/host/x", "//host/x", "/%5Chost", "https://host/x", "/%0d%0aSet-Cookie:x"] {
        let r = app.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(r.status, 303, "{next}");
        assert_eq!(r.header("location"), Some("/"), "{next}");
    }
    let r = app.get("/lang/fr?next=/nations/FIN%3Fas_of%3D2024-01-01").await;
    assert_eq!(r.header("location"), Some("/nations/FIN?as_of=2024-01-01"));

    // Signing in with a hostile `next` succeeds and lands on the home page, never a 500.
    let u = app.user("next.member", Some("MLT"), Role::DelegationMember).await;
    for next in ["/\r\nSet-Cookie:x", "/\t/host/x", "/\\host"] {
        let page = app.get("/login").await;
        let pre = cookie_from(&page, "entente_pre").unwrap();
        let body = format!("username={}&password={}&csrf={pre}&next={}", enc(&u.username), enc(&u.password), enc(next));
        let r = app
            .request(
                axum::http::Request::post("/login")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("cookie", format!("entente_pre={pre}"))
                    .body(axum::body::Body::from(body))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, 303, "{next:?}: {}", r.body);
        assert_eq!(r.header("location"), Some("/"), "{next:?}");
        assert!(cookie_from(&r, "entente_session").is_some());
    }
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// Signs `u` in and makes an API token through the Account page.
async fn page_token(app: &TestApp, s: &entente_testkit::Session, days: &str) -> String {
    let page = app.post_form("/account/tokens", &[("name", "script"), ("days", days)], Some(s)).await;
    page.body.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string()
}

#[tokio::test]
async fn a_password_reset_ends_the_accounts_sessions_and_tokens() {
    let app = TestApp::demo().await;
    let admin = app.user("reset.admin", None, Role::StaffAdmin).await;
    let u = app.user("est.member", Some("EST"), Role::DelegationMember).await;
    let s = app.login(&u).await;
    let token = page_token(&app, &s, "30").await;
    assert_eq!(app.api("GET", "/api/v1/me", None, Some(&token)).await.status, 200);
    let a = app.login(&admin).await;
    let r = app.post_form(&format!("/users/{}/reset-password", u.id), &[], Some(&a)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The old token no longer answers, and the old session is signed out.
    let r = app.api("GET", "/api/v1/me", None, Some(&token)).await;
    assert_eq!(r.status, 401);
    let r = app.get_as("/account", &s).await;
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().starts_with("/login"));
    let tokens = app.db.store.tokens_of(u.id).await.unwrap();
    assert!(tokens.iter().all(|t| t.revoked_at.is_some()));
    // The administrator's own session is untouched.
    assert_eq!(app.get_as("/account", &a).await.status, 200);
}

#[tokio::test]
async fn changing_ones_password_keeps_only_the_current_session() {
    let app = TestApp::demo().await;
    let u = app.user("lva.member", Some("LVA"), Role::DelegationMember).await;
    let here = app.login(&u).await;
    let elsewhere = app.login(&u).await;
    let token = page_token(&app, &here, "30").await;
    let r = app
        .request(
            axum::http::Request::post("/api/v1/me/password")
                .header("content-type", "application/json")
                .header("cookie", &here.cookie)
                .header("x-csrf-token", &here.csrf)
                .body(axum::body::Body::from(
                    serde_json::json!({"current_password": u.password, "new_password": "violet kettle harbour lamp"})
                        .to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.get_as("/account", &here).await.status, 200);
    assert_eq!(app.get_as("/account", &elsewhere).await.status, 303);
    assert_eq!(app.api("GET", "/api/v1/me", None, Some(&token)).await.status, 401);
}

#[tokio::test]
async fn a_token_cannot_mint_a_longer_lived_token() {
    let app = TestApp::demo().await;
    let u = app.user("mlt.script", Some("MLT"), Role::DelegationMember).await;
    let s = app.login(&u).await;
    let token = page_token(&app, &s, "1").await;
    let body = serde_json::json!({"name": "successor", "expires_in_days": 365});
    let r = app.api("POST", "/api/v1/me/tokens", Some(body), Some(&token)).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["code"], "forbidden");
    assert_eq!(app.db.store.tokens_of(u.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn one_address_cannot_lock_the_owner_out_and_an_account_is_slowed_never_locked() {
    let app = TestApp::demo().await.trusting_proxy();
    let u = app.user("mlt.lead", Some("MLT"), Role::DelegationLead).await;
    for _ in 0..5 {
        let r = app.try_login_from(Some("203.0.113.7"), &u.username, "not the password at all").await.unwrap_err();
        assert!(r.body.contains("Wrong user name or password."), "{}", r.body);
    }
    // That address is locked out of this account, even with the right password…
    let r = app.try_login_from(Some("203.0.113.7"), &u.username, &u.password).await.unwrap_err();
    assert_eq!(r.status, 429);
    // …while the owner, elsewhere, signs in.
    app.try_login_from(Some("198.51.100.2"), &u.username, &u.password).await.unwrap();

    // Many addresses, a few failures each: past the ceiling the account is slowed for everyone —
    // the next attempt waits, even with the right password — but never locked for the window.
    let ceiling = app.state.config.throttle.account_ceiling;
    for i in 0..ceiling {
        let ip = format!("10.0.{}.{}", i / 4, i % 4 + 1);
        let r = app.try_login_from(Some(&ip), &u.username, "still not the password").await.unwrap_err();
        assert!(r.body.contains("Wrong user name or password."), "attempt {i}: {}", r.body);
    }
    let r = app.try_login_from(Some("10.9.9.9"), &u.username, &u.password).await.unwrap_err();
    assert_eq!(r.status, 429, "{}", r.body);
    let until = app.db.store.locked_until(&format!("user:{}", u.username)).await.unwrap().unwrap();
    let wait = until - chrono::Utc::now();
    assert!(
        wait <= chrono::Duration::seconds(app.state.config.throttle.slowdown_seconds),
        "slowed, not locked: {wait}"
    );
}

/// Post/redirect/get: a form that succeeds leaves a one-time notice that the page it leads to
/// shows once, in the reader's language; an error page keeps the signed-in frame and the banners.
#[tokio::test]
async fn a_done_action_is_confirmed_once_and_an_error_keeps_the_frame() {
    let app = TestApp::demo().await;
    let officer = app.user("notice.officer", None, Role::StaffOfficer).await;
    let s = app.login(&officer).await;
    let start = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
    let end = (chrono::Utc::now() + chrono::Duration::days(3) + chrono::Duration::hours(2))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let r = app
        .post_form(
            "/meetings",
            &[
                ("title", "Allies + Malta"),
                ("level", "experts"),
                ("allies", "1"),
                ("partners", "MLT"),
                ("start", &start),
                ("end", &end),
                ("venue", "Brussels"),
            ],
            Some(&s),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let set: Vec<&str> = r.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(set.iter().any(|c| c.starts_with("entente_notice=saved;")), "{set:?}");
    let meeting = r.header("location").unwrap().to_string();
    let with =
        |extra: &str| entente_testkit::Session { cookie: format!("{}; {extra}", s.cookie), csrf: s.csrf.clone() };
    let page = app.get_as(&meeting, &with("entente_notice=saved")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(r#"<p class="done-notice" role="status">Done: your change is saved.</p>"#),
        "{}",
        page.body
    );
    let cleared: Vec<&str> = page.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cleared.iter().any(|c| c.starts_with("entente_notice=;") && c.ends_with("Max-Age=0")), "{cleared:?}");
    // Once cleared, the page shows no notice; a cookie naming no known notice shows nothing.
    assert!(!app.get_as(&meeting, &s).await.body.contains(r#"class="done-notice""#));
    let forged = app.get_as(&meeting, &with("entente_notice=%3Cscript%3E")).await;
    assert!(!forged.body.contains(r#"class="done-notice""#) && !forged.body.contains("<script>"));
    // In French.
    let fr = app.get_as(&meeting, &with("entente_notice=saved; entente_lang=fr")).await;
    assert!(fr.body.contains("C’est fait : votre modification est enregistrée."), "{}", fr.body);
    // A refused form leaves no notice.
    let refused = app.post_form("/meetings", &[("title", "")], Some(&s)).await;
    assert_ne!(refused.status, 303);
    assert!(refused.headers.get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("entente_notice=")));
    // The error page of a signed-in reader keeps the menu, the unread badge's place and the banner.
    let missing = app.get_as("/meetings/987654321", &s).await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains(r#"href="/inbox""#), "the signed-in navigation: {}", missing.body);
    assert!(missing.body.contains("notice.officer"), "who is signed in: {}", missing.body);
    assert!(missing.body.contains("demo-banner"), "the demo banner");
    let anonymous = app.get("/nations/ZZZ").await;
    assert_eq!(anonymous.status, 404);
    assert!(anonymous.body.contains("demo-banner") && !anonymous.body.contains(r#"href="/inbox""#));
}

#[tokio::test]
async fn the_audit_log_and_the_frame_speak_in_names() {
    let app = TestApp::demo().await;
    let admin = app.user("names.admin", None, Role::StaffAdmin).await;
    let mlt = app.user("names.mlt", Some("MLT"), Role::DelegationLead).await;
    let (s, s_mlt) = (app.login(&admin).await, app.login(&mlt).await);
    let r = app
        .post_form("/requests", &[("basis", "paragraph8"), ("threat", "Drones over the harbour.")], Some(&s_mlt))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let display = app.db.store.account_by_username("names.mlt").await.unwrap().unwrap().0.display_name;

    let log = app.get_as("/audit?nation=MLT", &s).await;
    assert_eq!(log.status, 200);
    assert!(log.body.contains(&format!("<td>Malta delegation — {display}</td>")), "who, by name: {}", log.body);
    assert!(log.body.contains(r#"<span title="request.file">requested consultations</span>"#), "{}", log.body);
    assert!(log.body.contains("<td>consultation request "), "what, in words: {}", log.body);
    assert!(!log.body.contains("<code>request.file</code>"));
    let fr = entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() };
    let log = app.get_as("/audit?nation=MLT", &fr).await;
    assert!(log.body.contains(&format!("<td>Délégation : Malte — {display}</td>")), "{}", log.body);
    assert!(log.body.contains("a demandé des consultations") && log.body.contains("<td>demande de consultations "));

    // The frame names the reader's delegation; the users page names affiliations.
    let page = app.get_as("/meetings", &s_mlt).await;
    assert!(page.body.contains(&format!("{display} · Malta</a>")), "{}", page.body);
    let users = app.get_as("/users", &s).await;
    assert!(users.body.contains("<td>Malta</td>") && !users.body.contains("<td>MLT</td>"), "{}", users.body);
}

#[tokio::test]
async fn a_refused_account_form_speaks_the_readers_language() {
    let app = TestApp::demo().await;
    let admin = app.user("fr-admin", None, Role::StaffAdmin).await;
    let s = app.login(&admin).await;
    let fr = entente_testkit::Session { cookie: format!("{}; entente_lang=fr", s.cookie), csrf: s.csrf.clone() };
    let form = |username: &'static str, email: &'static str| {
        [
            ("username", username),
            ("display_name", "Agent de liaison"),
            ("email", email),
            ("nation", "MLT"),
            ("role", "delegation_member"),
        ]
    };
    // A user name someone has: the store's refusal, in French, with what was typed kept.
    let r = app.post_form("/users", &form("fr-admin", ""), Some(&fr)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    let text = r.body.replace("&#39;", "'");
    assert!(text.contains("le nom d'utilisateur « fr-admin » est déjà pris"), "{}", r.body);
    assert!(r.body.contains("role=\"alert\""), "above the form: {}", r.body);
    assert!(r.body.contains("Agent de liaison"), "what was typed is kept");
    // An address without '@': the reason in French too.
    let r = app.post_form("/users", &form("mlt.liaison", "liaison.example.org"), Some(&fr)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.replace("&#39;", "'").contains("n'a pas de « @ »"), "{}", r.body);
    assert!(r.body.contains("value=\"liaison.example.org\""), "the address typed is kept");
    // In English, the same refusal reads in English.
    let r = app.post_form("/users", &form("fr-admin", ""), Some(&s)).await;
    assert!(r.body.contains("is taken"), "{}", r.body);
}
