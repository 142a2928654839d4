//! The authorization matrix: every route of the router × every role × {own nation, another nation},
//! plus anonymous callers. Each case has an expected status, and no body a nation receives may
//! carry another nation's unreleased data. A route missing from `expect` fails the test.

use std::collections::BTreeMap;

use entente_domain::access::{Audience, Marking, Role};
use entente_store::Actor;
use entente_store::registry::NewContact;
use entente_testkit::{Session, TestApp, TestResponse};
use entente_web::routes::{RouteInfo, Surface};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    StaffAdmin,
    StaffOfficer,
    StaffAnalyst,
    Lead,
    Member,
    NationAnalyst,
}

impl Who {
    const ALL: [Who; 7] = [
        Who::Anonymous,
        Who::StaffAdmin,
        Who::StaffOfficer,
        Who::StaffAnalyst,
        Who::Lead,
        Who::Member,
        Who::NationAnalyst,
    ];

    fn is_staff(self) -> bool {
        matches!(self, Who::StaffAdmin | Who::StaffOfficer | Who::StaffAnalyst)
    }

    fn signed(self) -> bool {
        self != Who::Anonymous
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rel {
    Own,
    Other,
}

/// What a case expects.
enum Expect {
    Status(u16),
    /// A redirect to the sign-in page.
    Login,
    /// One of several statuses (state left by earlier cases decides).
    AnyOf(&'static [u16]),
}

struct Caller {
    session: Option<Session>,
    token: Option<String>,
    /// A second token of this caller's, for revocation cases.
    spare_token: i64,
    user_id: i64,
}

struct Fixture {
    callers: BTreeMap<Who, Caller>,
    staff_target: i64,
    mlt_target: i64,
    ukr_target: i64,
    ukr_token: i64,
    /// Consultation objects: (own, other).
    upcoming: (i64, i64),
    held: (i64, i64),
    item: (i64, i64),
    paper: (i64, i64),
    decision: (i64, i64),
    action: (i64, i64),
    poll: (i64, i64),
    request: (i64, i64),
}

const OWN: &str = "MLT";
const OTHER: &str = "UKR";

async fn token_for(app: &TestApp, user_id: i64, name: &str) -> (String, i64) {
    let t = entente_web::auth::secrets::new_api_token().unwrap();
    let r = app
        .db
        .store
        .create_token(
            &Actor::system("test"),
            user_id,
            name,
            &t.hash,
            &t.prefix,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await
        .unwrap();
    (t.secret, r.id)
}

async fn fixture(app: &TestApp) -> Fixture {
    let roles = [
        (Who::StaffAdmin, None, Role::StaffAdmin),
        (Who::StaffOfficer, None, Role::StaffOfficer),
        (Who::StaffAnalyst, None, Role::Analyst),
        (Who::Lead, Some(OWN), Role::DelegationLead),
        (Who::Member, Some(OWN), Role::DelegationMember),
        (Who::NationAnalyst, Some(OWN), Role::Analyst),
    ];
    let mut callers = BTreeMap::new();
    callers.insert(Who::Anonymous, Caller { session: None, token: None, spare_token: 0, user_id: 0 });
    for (who, nation, role) in roles {
        let u = app.user(&format!("{who:?}").to_lowercase(), nation, role).await;
        let session = app.login(&u).await;
        let (token, _) = token_for(app, u.id, "matrix").await;
        let (_, spare) = token_for(app, u.id, "spare").await;
        callers.insert(who, Caller { session: Some(session), token: Some(token), spare_token: spare, user_id: u.id });
    }
    let staff_target = app.user("staff-target", None, Role::Analyst).await.id;
    let mlt_target = app.user("mlt-target", Some(OWN), Role::DelegationMember).await.id;
    let ukr = app.user("ukr-target", Some(OTHER), Role::DelegationMember).await;
    // Another nation's unreleased data, with markers that must never reach a foreign body.
    let store = &app.db.store;
    let ukr_principal = store.account(ukr.id).await.unwrap().principal();
    store.set_role(&Actor::from_principal(&ukr_principal), ukr.id, Role::DelegationMember).await.unwrap();
    let (_, ukr_token) = token_for(app, ukr.id, "SECRET-UKR-TOKEN").await;
    let staff_only = |originator: &str| Marking {
        classification: "NATO RESTRICTED".into(),
        audience: Audience::StaffOnly,
        originator: Some(originator.parse().unwrap()),
        released_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    };
    let contact = |name: &str| NewContact { name: name.into(), role: "SECRET".into(), email: None, phone: None };
    store
        .add_contact(
            &Actor::from_principal(&ukr_principal),
            &OTHER.parse().unwrap(),
            contact("SECRET-UKR-CONTACT"),
            &staff_only(OTHER),
        )
        .await
        .unwrap();
    store
        .add_contact(&Actor::system("test"), &OWN.parse().unwrap(), contact("SECRET-MLT-CONTACT"), &staff_only(OWN))
        .await
        .unwrap();
    let c = consultation_fixture(
        app,
        &fx_principal(app, callers[&Who::StaffAdmin].user_id).await,
        &fx_principal(app, callers[&Who::Member].user_id).await,
        &ukr_principal,
    )
    .await;
    // The fixture was written straight to the store: index it, so search has foreign items to hide.
    assert!(app.reindex().await > 0);
    Fixture {
        callers,
        staff_target,
        mlt_target,
        ukr_target: ukr.id,
        ukr_token,
        upcoming: c.0,
        held: c.1,
        item: c.2,
        paper: c.3,
        decision: c.4,
        action: c.5,
        poll: c.6,
        request: c.7,
    }
}

async fn fx_principal(app: &TestApp, id: i64) -> entente_domain::access::Principal {
    app.db.store.account(id).await.unwrap().principal()
}

pub(crate) type Pair = (i64, i64);
/// Ids of one set: meeting, agenda item, paper, decision, action, poll, request.
type Ids = (i64, i64, i64, i64, i64, i64, i64);

/// Meetings and what is in them, one set seating MLT (own) and one seating UKR (other). What UKR
/// releases to staff only carries SECRET- markers that no other nation may ever receive.
pub(crate) async fn consultation_fixture(
    app: &TestApp,
    staff: &entente_domain::access::Principal,
    mlt: &entente_domain::access::Principal,
    ukr: &entente_domain::access::Principal,
) -> (Pair, Pair, Pair, Pair, Pair, Pair, Pair, Pair) {
    use entente_domain::access::Classifications;
    use entente_domain::consultation::*;
    use entente_domain::registry::FormatSpec;
    let store = &app.db.store;
    let net = store.load_network().await.unwrap();
    let now = chrono::Utc::now();
    let rel = |a: Audience| Release::new("NATO UNCLASSIFIED", a, &Classifications::default()).unwrap();
    let plan = |title: &str, partner: &str, start: chrono::DateTime<chrono::Utc>| MeetingDraft {
        title: title.into(),
        level: MeetingLevel::Ambassadors,
        format: FormatSpec { include_allies: true, frameworks: vec![], partners: vec![partner.parse().unwrap()] },
        start,
        end: start + chrono::Duration::hours(2),
        time_zone: "Europe/Brussels".parse().unwrap(),
        venue: Venue::Place { name: "NATO Headquarters".into() },
        request: None,
    };
    let mut ids: Vec<Ids> = Vec::new();
    let mut held = Vec::new();
    for (partner, who, secret) in [(OWN, mlt, "Allies + Malta"), (OTHER, ukr, "Allies + Ukraine SECRET-UKR-MEETING")] {
        let as_staff = store.scoped(Some(staff)).await.unwrap();
        let as_who = store.scoped(Some(who)).await.unwrap();
        let (m, permit) =
            Meeting::plan(MeetingId(0), plan(secret, partner, now + chrono::Duration::days(7)), staff, now).unwrap();
        let m = as_staff.insert_meeting(permit, m).await.unwrap();
        let (mut h, permit) = Meeting::plan(
            MeetingId(0),
            plan(&format!("{secret} (held)"), partner, now - chrono::Duration::days(2)),
            staff,
            now,
        )
        .unwrap();
        h.advance(MeetingStatus::Convened, staff, now, "", None).unwrap();
        h.advance(MeetingStatus::Held, staff, now + chrono::Duration::seconds(1), "", None).unwrap();
        let h = as_staff.insert_meeting(permit, h).await.unwrap();
        let secret_audience = if partner == OTHER { Audience::StaffOnly } else { Audience::AllPartners };
        let mut agenda = Agenda::new(m.id);
        let proposal = AgendaProposal {
            title: if partner == OTHER { "SECRET-UKR-ITEM".into() } else { "Malta's item".into() },
            description: String::new(),
            release: rel(secret_audience.clone()),
        };
        let (item, permit) = agenda.propose(AgendaItemId(0), &proposal, who, now, &m, &net).unwrap();
        let item = as_who.insert_agenda_item(permit, item.clone()).await.unwrap();
        let draft = PaperDraft {
            kind: PaperKind::Statement,
            title: if partner == OTHER { "SECRET-UKR-STATEMENT".into() } else { "Malta's statement".into() },
            body: if partner == OTHER { "SECRET-UKR-STATEMENT text".into() } else { "We welcome the meeting.".into() },
            file: None,
            release: rel(secret_audience.clone()),
        };
        let (paper, permit) = Paper::add(&m, draft, who, now, &net).unwrap();
        let paper = as_who.insert_paper(permit, &paper, None).await.unwrap();
        let (d, permit) = Decision::record(
            DecisionId(0),
            &h,
            &DecisionDraft {
                text: "Allies agreed to meet again.".into(),
                release: rel(Audience::AllPartners),
                positions: vec![],
            },
            staff,
            now + chrono::Duration::seconds(2),
            &net,
        )
        .unwrap();
        let d = as_staff.insert_decision(permit, d).await.unwrap();
        let (a, permit) = Action::assign(
            ActionId(0),
            &h,
            &ActionDraft {
                title: if partner == OTHER { "SECRET-UKR-ACTION".into() } else { "Malta reports back".into() },
                owner: partner.parse().unwrap(),
                due: (now + chrono::Duration::days(30)).date_naive(),
                decision: None,
                release: rel(Audience::StaffOnly),
            },
            staff,
            now + chrono::Duration::seconds(2),
            &net,
        )
        .unwrap();
        let a = as_staff.insert_action(permit, a).await.unwrap();
        let (poll, permit) = Poll::open(
            PollId(0),
            &m,
            &PollDraft {
                title: "When shall we meet?".into(),
                options: vec![now + chrono::Duration::days(8), now + chrono::Duration::days(9)],
                hide_results_until_close: false,
                closes_at: None,
            },
            staff,
            now,
        )
        .unwrap();
        let poll = as_staff.insert_poll(permit, poll).await.unwrap();
        let basis = if partner == OTHER { RequestBasis::Paragraph8 } else { RequestBasis::Other };
        let draft = RequestDraft {
            basis,
            threat: if partner == OTHER { "SECRET-UKR-THREAT".into() } else { "Malta perceives a threat.".into() },
            release: rel(Audience::StaffOnly),
        };
        let (r, permit) = ConsultationRequest::file(RequestId(0), &draft, who, now, &net).unwrap();
        let r = as_who.insert_request(permit, r).await.unwrap();
        ids.push((m.id.0, item.id.0, paper, d.id.0, a.id.0, poll.id.0, r.id.0));
        held.push(h.id.0);
    }
    let pair = |f: fn(&Ids) -> i64| (f(&ids[0]), f(&ids[1]));
    (
        pair(|x| x.0),
        (held[0], held[1]),
        pair(|x| x.1),
        pair(|x| x.2),
        pair(|x| x.3),
        pair(|x| x.4),
        pair(|x| x.5),
        pair(|x| x.6),
    )
}

/// The path to request, with sample values for its parameters.
fn path_for(route: &RouteInfo, who: Who, rel: Rel, fx: &Fixture) -> String {
    let own_target = if who.is_staff() { fx.staff_target } else { fx.mlt_target };
    let target = match rel {
        Rel::Own => own_target,
        Rel::Other => fx.ukr_target,
    };
    let nation = match (rel, who.is_staff()) {
        (Rel::Own, true) => "FIN",
        (Rel::Own, false) => OWN,
        (Rel::Other, _) => OTHER,
    };
    let token = match rel {
        Rel::Own => fx.callers[&who].spare_token,
        Rel::Other => fx.ukr_token,
    };
    let pick = |p: (i64, i64)| if rel == Rel::Own { p.0 } else { p.1 };
    let path = route.path;
    let id = if path.contains("tokens") {
        token
    } else if path.contains("/inbox/") {
        // Nobody's notification: the fixture's meetings notify real accounts, whose ids are small.
        999_999
    } else if path.contains("/users/") {
        target
    } else if path.starts_with("/papers/") {
        pick(fx.paper)
    } else if path.starts_with("/decisions/") {
        pick(fx.decision)
    } else if path.starts_with("/actions/") {
        pick(fx.action)
    } else if path.starts_with("/polls/") {
        pick(fx.poll)
    } else if path.contains("/requests/") {
        pick(fx.request)
    } else if path.contains("/record") || path.ends_with("/decisions") || path.ends_with("/actions") {
        pick(fx.held)
    } else if path.contains("/meetings/") {
        pick(fx.upcoming)
    } else {
        target
    };
    let query = if route.path.ends_with("/search") { "?q=secret" } else { "" };
    let path = route
        .path
        .replace(
            "{code}",
            if route.path.starts_with("/frameworks") || route.path.contains("/frameworks/") { "PFP" } else { nation },
        )
        .replace("/lang/FIN", "/lang/fr")
        .replace("/lang/MLT", "/lang/fr")
        .replace("/lang/UKR", "/lang/fr")
        .replace("{slug}", "nato-md")
        .replace("{*rest}", "index.html")
        .replace("{id}", &id.to_string())
        .replace("{item}", &pick(fx.item).to_string());
    format!("{path}{query}")
}

/// The body of a state-changing request.
fn form_for(path: &str, who: Who, rel: Rel) -> Vec<(String, String)> {
    let f = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let username = format!("made-by-{who:?}-{rel:?}").to_lowercase();
    match path {
        "/login" => f(&[("username", "nobody"), ("password", "wrong"), ("csrf", "x")]),
        "/login/totp" => f(&[("code", "000000")]),
        p if p.ends_with("/password") => f(&[
            ("current_password", "wrong"),
            ("new_password", "violet kettle harbour"),
            ("confirm_password", "violet kettle harbour"),
        ]),
        "/account/tokens" => f(&[("name", "matrix token")]),
        p if p.ends_with("/totp/confirm") => f(&[("code", "000000")]),
        p if p.ends_with("/totp/disable") => f(&[("current_password", "wrong")]),
        "/meetings" => {
            let start = (chrono::Utc::now() + chrono::Duration::days(10)).format("%Y-%m-%dT%H:%M").to_string();
            let end = (chrono::Utc::now() + chrono::Duration::days(10) + chrono::Duration::hours(2))
                .format("%Y-%m-%dT%H:%M")
                .to_string();
            f(&[
                ("title", "Matrix meeting"),
                ("level", "experts"),
                ("allies", "1"),
                ("partners", OWN),
                ("start", &start),
                ("end", &end),
                ("venue", "Brussels"),
            ])
        }
        "/meetings/{id}/status" => f(&[("status", "convened")]),
        "/meetings/{id}/agenda" => f(&[("title", "An item"), ("description", ""), ("audience", "all_partners")]),
        "/meetings/{id}/agenda/{item}" => f(&[("decision", "accept")]),
        "/meetings/{id}/statements" => {
            f(&[("title", "A statement"), ("text", "Our view."), ("audience", "all_partners")])
        }
        "/meetings/{id}/record" => f(&[("text", "The Council met."), ("audience", "all_partners")]),
        "/meetings/{id}/record/circulate" => {
            let d = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M").to_string();
            f(&[("deadline", &d)])
        }
        "/meetings/{id}/record/break" => f(&[("comment", "Paragraph 2 needs a change.")]),
        "/meetings/{id}/decisions" => f(&[("text", "A decision."), ("audience", "all_partners")]),
        "/decisions/{id}/position" => {
            f(&[("position", "reserves"), ("nation", if rel == Rel::Own { OWN } else { OTHER })])
        }
        "/meetings/{id}/actions" => {
            let due = (chrono::Utc::now() + chrono::Duration::days(20)).format("%Y-%m-%d").to_string();
            f(&[("title", "Report"), ("owner", if rel == Rel::Own { OWN } else { OTHER }), ("due", &due)])
        }
        "/actions/{id}" => f(&[("status", "in_progress")]),
        "/meetings/{id}/polls" => {
            let a = (chrono::Utc::now() + chrono::Duration::days(12)).format("%Y-%m-%dT%H:%M").to_string();
            let b = (chrono::Utc::now() + chrono::Duration::days(13)).format("%Y-%m-%dT%H:%M").to_string();
            f(&[("title", "Date"), ("options", &format!("{a}\n{b}"))])
        }
        "/polls/{id}/vote" => f(&[("option_1", "yes"), ("option_2", "no")]),
        "/requests" => f(&[("basis", "other"), ("threat", "A threat."), ("audience", "staff")]),
        "/requests/{id}/step" => f(&[("step", "acknowledge")]),
        "/requests/{id}/convene" => {
            let start = (chrono::Utc::now() + chrono::Duration::days(4)).format("%Y-%m-%dT%H:%M").to_string();
            let end = (chrono::Utc::now() + chrono::Duration::days(4) + chrono::Duration::hours(2))
                .format("%Y-%m-%dT%H:%M")
                .to_string();
            f(&[("title", "Consultations"), ("start", &start), ("end", &end)])
        }
        "/users" => {
            let (nation, role) = match (rel, who.is_staff()) {
                (Rel::Own, true) => ("staff", "analyst"),
                (Rel::Own, false) => (OWN, "delegation_member"),
                (Rel::Other, _) => (OTHER, "delegation_member"),
            };
            f(&[("username", &username), ("display_name", "Made by the matrix"), ("nation", nation), ("role", role)])
        }
        p if p.ends_with("/role") => {
            f(&[("role", if who.is_staff() && rel == Rel::Own { "analyst" } else { "delegation_member" })])
        }
        _ => Vec::new(),
    }
}

fn json_for(path: &str, who: Who, rel: Rel) -> Option<serde_json::Value> {
    let form = form_for(path.trim_start_matches("/api/v1").replace("/me/", "/account/").as_str(), who, rel);
    match path {
        "/api/v1/me/password" => {
            Some(serde_json::json!({ "current_password": "wrong", "new_password": "violet kettle harbour" }))
        }
        "/api/v1/me/tokens" => Some(serde_json::json!({ "name": "matrix token" })),
        "/api/v1/requests" => Some(serde_json::json!({ "basis": "other", "threat": "A threat by API." })),
        "/api/v1/users" => {
            let get = |k: &str| form.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone()).unwrap_or_default();
            let nation = get("nation");
            Some(serde_json::json!({
                "username": format!("api-{}", get("username")),
                "display_name": "Made by the matrix",
                "nation": if nation == "staff" { serde_json::Value::Null } else { serde_json::Value::String(nation) },
                "role": get("role"),
            }))
        }
        p if p.ends_with("/role") => Some(
            serde_json::json!({ "role": if who.is_staff() && rel == Rel::Own { "analyst" } else { "delegation_member" } }),
        ),
        p if p.starts_with("/api/v1/") && p.contains("/users/") => Some(serde_json::json!({})),
        _ => None,
    }
}

/// The expected outcome of `route` for `who` on a resource of `rel`. `None`: the route is not in
/// the matrix, which fails the test.
fn expect(route: &RouteInfo, who: Who, rel: Rel) -> Option<Expect> {
    use Expect::*;
    let signed_page = |ok: u16| if who.signed() { Status(ok) } else { Login };
    let signed_api = |ok: u16| if who.signed() { Status(ok) } else { Status(401) };
    // Manage another account: staff administrators anywhere, leads in their own delegation;
    // another delegation's account is not found; a visible account one may not manage is forbidden.
    let manage = |ok: u16, anon: Expect| -> Expect {
        match who {
            Who::Anonymous => anon,
            // Analysts are read-only: refused before any lookup, so existence is not revealed.
            Who::StaffAnalyst | Who::NationAnalyst => Status(403),
            Who::StaffAdmin => Status(ok),
            Who::Lead if rel == Rel::Own => Status(ok),
            _ if rel == Rel::Other => Status(404),
            _ => Status(403),
        }
    };
    let see_account = |anon: Expect| -> Expect {
        match who {
            Who::Anonymous => anon,
            Who::StaffAdmin => Status(200),
            _ if rel == Rel::Own => Status(200),
            _ => Status(404),
        }
    };
    let own_token = |ok: u16, anon: Expect| -> Expect {
        match (who, rel) {
            (Who::Anonymous, _) => anon,
            (_, Rel::Own) => Status(ok),
            (_, Rel::Other) => Status(404),
        }
    };
    let create_user = |ok: u16, anon: Expect| -> Expect {
        match who {
            Who::Anonymous => anon,
            Who::StaffAdmin => Status(ok),
            Who::Lead if rel == Rel::Own => Status(ok),
            _ => Status(403),
        }
    };
    // Inside the consultation forum: staff writers get `staff`; a staff analyst is refused before
    // anything is changed; another nation's object is not found; one's own nation's object gives
    // `nation` to delegation writers and `analyst` to its analysts.
    let in_meeting = |staff: Expect, nation: Expect, analyst: Expect, anon: Expect| -> Expect {
        let reading = route.method == "GET";
        match who {
            Who::Anonymous => anon,
            Who::StaffAdmin | Who::StaffOfficer => staff,
            Who::StaffAnalyst => {
                if reading {
                    Status(200)
                } else {
                    Status(403)
                }
            }
            _ if rel == Rel::Other => Status(404),
            Who::NationAnalyst => {
                if reading {
                    Status(200)
                } else {
                    analyst
                }
            }
            _ => nation,
        }
    };
    Some(match (route.method, route.path) {
        // the public registry and the documentation
        ("GET", "/" | "/nations/{code}" | "/frameworks/{code}" | "/formats" | "/formats/{slug}" | "/groupings") => {
            Status(200)
        }
        ("GET", "/lang/{code}") => Status(303),
        ("GET", p)
            if p.starts_with("/api/v1/")
                && ["network", "nations", "frameworks", "formats", "groupings"]
                    .iter()
                    .any(|s| p["/api/v1/".len()..].starts_with(s)) =>
        {
            Status(200)
        }
        ("GET", "/static/app.css" | "/healthz" | "/api/openapi.json" | "/api/docs/" | "/api/docs/{*rest}") => {
            Status(200)
        }
        ("GET", "/api/docs") => Status(303),
        // sign-in
        ("GET", "/login") => Status(if who.signed() { 303 } else { 200 }),
        ("POST", "/login") => Status(403),
        ("GET", "/login/totp") | ("POST", "/login/totp") => Status(303),
        ("POST", "/logout") => Status(303),
        // one's own account
        ("GET", "/account") => signed_page(200),
        ("POST", "/account/password") => signed_page(400),
        ("POST", "/account/tokens") => signed_page(200),
        ("POST", "/account/tokens/{id}/revoke") => own_token(303, Login),
        ("POST", "/account/totp/start") => signed_page(200),
        ("POST", "/account/totp/confirm") => {
            if who.signed() {
                AnyOf(&[303, 400])
            } else {
                Login
            }
        }
        ("POST", "/account/totp/disable") => signed_page(400),
        ("GET", "/api/v1/me" | "/api/v1/me/tokens") => signed_api(200),
        ("POST", "/api/v1/me/password") => signed_api(400),
        ("POST", "/api/v1/me/tokens") => signed_api(200),
        ("POST", "/api/v1/me/tokens/{id}/revoke") => own_token(200, Status(401)),
        // accounts of a delegation
        ("GET", "/users") => signed_page(200),
        ("POST", "/users") => create_user(200, Login),
        ("GET", "/users/{id}") => see_account(Login),
        ("POST", "/users/{id}/disable" | "/users/{id}/enable" | "/users/{id}/role") => manage(303, Login),
        ("POST", "/users/{id}/reset-password") => manage(200, Login),
        ("GET", "/api/v1/users") => signed_api(200),
        ("POST", "/api/v1/users") => create_user(200, Status(401)),
        ("GET", "/api/v1/users/{id}") => see_account(Status(401)),
        (
            "POST",
            "/api/v1/users/{id}/disable"
            | "/api/v1/users/{id}/enable"
            | "/api/v1/users/{id}/reset-password"
            | "/api/v1/users/{id}/role",
        ) => manage(200, Status(401)),
        // the consultation forum
        ("GET", "/meetings" | "/actions" | "/requests") => signed_page(200),
        ("GET", "/api/v1/meetings" | "/api/v1/actions" | "/api/v1/requests" | "/api/v1/requests/times") => {
            signed_api(200)
        }
        ("GET", "/meetings/new") | ("POST", "/meetings") => match who {
            Who::Anonymous => Login,
            Who::StaffAdmin | Who::StaffOfficer => Status(if route.method == "GET" { 200 } else { 303 }),
            _ => Status(403),
        },
        ("GET", "/requests/new") | ("POST", "/requests") => match who {
            Who::Anonymous => Login,
            Who::Lead | Who::Member => Status(if route.method == "GET" { 200 } else { 303 }),
            _ => Status(403),
        },
        ("POST", "/api/v1/requests") => match who {
            Who::Anonymous => Status(401),
            Who::Lead | Who::Member => Status(200),
            _ => Status(403),
        },
        ("GET", "/meetings/{id}" | "/papers/{id}" | "/requests/{id}") => {
            in_meeting(Status(200), Status(200), Status(200), Login)
        }
        ("GET", "/api/v1/meetings/{id}" | "/api/v1/requests/{id}") => {
            in_meeting(Status(200), Status(200), Status(200), Status(401))
        }
        ("POST", "/meetings/{id}/agenda" | "/meetings/{id}/statements" | "/meetings/{id}/documents") => {
            in_meeting(Status(303), Status(303), Status(403), Login)
        }
        (
            "POST",
            "/meetings/{id}/record" | "/meetings/{id}/decisions" | "/meetings/{id}/actions" | "/meetings/{id}/polls",
        ) => in_meeting(Status(303), Status(403), Status(403), Login),
        ("POST", "/decisions/{id}/position") => in_meeting(Status(303), Status(303), Status(403), Login),
        ("POST", "/meetings/{id}/record/break") => in_meeting(Status(403), AnyOf(&[303, 400]), Status(403), Login),
        ("POST", "/polls/{id}/vote") => in_meeting(Status(403), Status(303), Status(403), Login),
        ("POST", "/actions/{id}") => in_meeting(AnyOf(&[303, 400]), AnyOf(&[303, 400]), Status(403), Login),
        (
            "POST",
            "/meetings/{id}/status"
            | "/meetings/{id}/agenda/{item}"
            | "/meetings/{id}/record/circulate"
            | "/polls/{id}/close"
            | "/requests/{id}/step"
            | "/requests/{id}/convene",
        ) => in_meeting(AnyOf(&[303, 400]), Status(403), Status(403), Login),
        // search: only what the caller may open, for anyone signed in
        ("GET", "/search") => signed_page(200),
        ("GET", "/api/v1/search") => signed_api(200),
        // the audit log
        ("GET", "/audit") => signed_page(200),
        ("GET", "/api/v1/audit") => signed_api(200),
        // one's own notifications and calendar feed (the sample id is nobody's notification)
        ("GET", "/inbox") => signed_page(200),
        ("POST", "/inbox/{id}/read") => signed_page(404),
        ("POST", "/inbox/read-all") => signed_page(303),
        ("POST", "/account/calendar") => signed_page(200),
        ("GET", "/api/v1/inbox") => signed_api(200),
        ("POST", "/api/v1/inbox/{id}/read") => signed_api(404),
        // a feed answers only to its token; the sample path carries none
        ("GET", "/calendar/{feed}") => Status(404),
        _ => return None,
    })
}

async fn run_case(app: &TestApp, fx: &Fixture, route: &RouteInfo, who: Who, rel: Rel) -> TestResponse {
    let caller = &fx.callers[&who];
    let path = path_for(route, who, rel, fx);
    if route.surface == Surface::Api && route.path.starts_with("/api/v1/") {
        let body = if route.method == "POST" { json_for(route.path, who, rel) } else { None };
        return app.api(route.method, &path, body, caller.token.as_deref()).await;
    }
    if route.method == "GET" {
        return match &caller.session {
            Some(s) => app.get_as(&path, s).await,
            None => app.get(&path).await,
        };
    }
    if route.path == "/meetings/{id}/documents" {
        let boundary = "matrixboundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMatrix document\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\nA short note.\r\n--{boundary}--\r\n"
        );
        let mut req = axum::http::Request::post(match &caller.session {
            Some(s) => format!("{path}?csrf={}", s.csrf),
            None => path.clone(),
        })
        .header("content-type", format!("multipart/form-data; boundary={boundary}"));
        if let Some(s) = &caller.session {
            req = req.header("cookie", &s.cookie);
        }
        return app.request(req.body(axum::body::Body::from(body)).unwrap()).await;
    }
    let fields = form_for(route.path, who, rel);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    if route.path == "/logout" && who.signed() {
        // Signing out ends the session: use a fresh one so the other cases keep theirs.
        let user = fx.callers[&who].user_id;
        let a = app.db.store.account(user).await.unwrap();
        let u = entente_testkit::TestUser {
            id: user,
            username: a.username.clone(),
            password: format!("{} uses a long test passphrase", a.username),
        };
        let fresh = app.login(&u).await;
        return app.post_form(&path, &fields, Some(&fresh)).await;
    }
    app.post_form(&path, &fields, caller.session.as_ref()).await
}

#[tokio::test]
async fn every_route_for_every_role_and_nation() {
    let app = TestApp::demo().await;
    let fx = fixture(&app).await;
    let mut cases = 0usize;
    let mut failures = Vec::new();
    for route in entente_web::route_table() {
        for who in Who::ALL {
            for rel in [Rel::Own, Rel::Other] {
                let Some(expected) = expect(&route, who, rel) else {
                    panic!("{} {} has no entry in the authorization matrix", route.method, route.path);
                };
                let r = run_case(&app, &fx, &route, who, rel).await;
                cases += 1;
                let ok = match expected {
                    Expect::Status(s) => r.status == s,
                    Expect::AnyOf(list) => list.contains(&r.status),
                    Expect::Login => {
                        r.status == 303 && r.header("location").is_some_and(|l| l.starts_with("/login?next="))
                    }
                };
                if !ok {
                    failures.push(format!(
                        "{} {} as {who:?} on {rel:?} ({}): got {} {}",
                        route.method,
                        route.path,
                        path_for(&route, who, rel, &fx),
                        r.status,
                        r.header("location").unwrap_or_else(|| r
                            .body
                            .split("<main id=\"main\">")
                            .nth(1)
                            .map_or(&r.body[..r.body.len().min(160)], |x| &x[..x.len().min(300)]))
                    ));
                }
                // No foreign data: a nation never receives another nation's unreleased items,
                // and the public receives nothing that is not public.
                let foreign = match who {
                    Who::Anonymous => r.body.contains("SECRET-"),
                    Who::Lead | Who::Member | Who::NationAnalyst => r.body.contains("SECRET-UKR"),
                    _ => false,
                };
                if foreign {
                    failures.push(format!(
                        "{} {} as {who:?} on {rel:?}: foreign data in the body",
                        route.method, route.path
                    ));
                }
            }
        }
    }
    eprintln!("authorization matrix: {cases} cases over {} routes", entente_web::route_table().len());
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(cases >= 14 * entente_web::route_table().len());
}

#[tokio::test]
async fn the_matrix_has_teeth() {
    // A request the matrix expects to be refused really is, by the app itself.
    let app = TestApp::demo().await;
    let fx = fixture(&app).await;
    let member = &fx.callers[&Who::Member];
    let r = app.api("GET", &format!("/api/v1/users/{}", fx.ukr_target), None, member.token.as_deref()).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "not_found", "another nation's account answers exactly as a missing one");
    let missing = app.api("GET", "/api/v1/users/999999", None, member.token.as_deref()).await;
    assert_eq!(missing.body, r.body);
}
