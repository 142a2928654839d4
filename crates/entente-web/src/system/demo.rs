//! The demo's consultation data: realistic, clearly synthetic meetings in the real formats, with
//! a consultation request from a small partner, summary records, decisions and follow-up actions.
//! Everything is dated relative to today so the demo always has a past and a future. Each step
//! that tells people tells them as the live forum does (`notify::send_event`, dated when it
//! happened), so the demo's inboxes hold its history; and the demo's accounts have synthetic
//! e-mail addresses ([`give_addresses`]), so its mail folder holds the e-mails that went out.
//! Before these, two years of the forum's history (`demo_forum`), loaded without notices.

use chrono::{DateTime, Duration, Utc};
use entente_domain::access::{Affiliation, Audience, Classifications, Principal};
use entente_domain::consultation::*;
use entente_domain::registry::{NationKind, Network};
use entente_store::accounts::Account;
use entente_store::notify::Once;
use entente_store::{Actor, Scoped, Store};

use crate::notify::{Event, send_event};

pub(super) fn rel(a: Audience) -> Result<Release, String> {
    Release::new("NATO UNCLASSIFIED", a, &Classifications::default()).map_err(|e| e.to_string())
}

pub(super) fn e(err: impl std::fmt::Display) -> String {
    err.to_string()
}

/// A demo account's synthetic e-mail address, in the domains reserved for examples (RFC 2606):
/// `staff.officer@staff.example` for the staff, `mlt.member@mfa.example` for a state's
/// delegation, `eu.lead@delegation.example` for a partner organisation's.
pub fn demo_address(account: &Account, network: &Network) -> String {
    let domain = match &account.affiliation {
        Affiliation::Staff => "staff.example",
        Affiliation::Nation(code) if network.nation(code).is_some_and(|n| n.kind == NationKind::PartnerOrg) => {
            "delegation.example"
        }
        Affiliation::Nation(_) => "mfa.example",
    };
    format!("{}@{domain}", account.username)
}

/// Give every demo account that has no e-mail address its synthetic one ([`demo_address`]), so
/// the notices to it are e-mailed to the demo's mail folder. Real accounts are left alone.
/// Returns how many addresses were given.
pub async fn give_addresses(store: &Store) -> Result<usize, String> {
    let network = store.load_network().await.map_err(e)?;
    let actor = Actor::system("entente demo");
    let mut given = 0;
    for account in store.demo_accounts().await.map_err(e)? {
        if account.email.as_deref().is_some_and(|a| !a.trim().is_empty()) {
            continue;
        }
        store.set_demo_address(&actor, account.id, &demo_address(&account, &network)).await.map_err(e)?;
        given += 1;
    }
    Ok(given)
}

/// Tell of one step of the demo's history, as the live forum would have, dated when it happened.
async fn tell(
    store: &Store,
    net: &Network,
    by: &Principal,
    at: DateTime<Utc>,
    notices: Vec<Notice<'_>>,
) -> Result<(), String> {
    send_event(store, net, &Event::by(by, at, notices), None).await.map_err(e)?;
    Ok(())
}

pub(super) struct Seed<'a> {
    store: &'a Store,
    staff: &'a Principal,
    /// The staff's scoped handle: every write goes through it with the domain's permit.
    pub(super) scope: Scoped,
    pub(super) net: entente_domain::registry::Network,
    /// Tell nobody of the steps (the older history).
    quiet: bool,
}

/// A statement by a nation's delegation, written as that delegation.
pub(super) async fn statement(
    store: &Store,
    by: &Principal,
    meeting: &Meeting,
    title: &str,
    text: &str,
    at: DateTime<Utc>,
    net: &entente_domain::registry::Network,
) -> Result<(), String> {
    let draft = PaperDraft {
        kind: PaperKind::Statement,
        title: title.into(),
        body: text.into(),
        file: None,
        release: rel(Audience::AllPartners)?,
    };
    let (paper, permit) = Paper::add(meeting, draft, by, at, net).map_err(e)?;
    store.scoped(Some(by)).await.map_err(e)?.insert_paper(permit, &paper, None).await.map_err(e)?;
    Ok(())
}

impl Seed<'_> {
    pub(super) async fn meeting(
        &self,
        slug: &str,
        title: &str,
        level: MeetingLevel,
        start: DateTime<Utc>,
        at: DateTime<Utc>,
        request: Option<RequestId>,
    ) -> Result<Meeting, String> {
        let format = self.store.format(slug).await.map_err(e)?.spec;
        let draft = MeetingDraft {
            title: title.into(),
            level,
            format,
            start,
            end: start + Duration::hours(3),
            time_zone: "Europe/Brussels".parse().map_err(e)?,
            venue: Venue::Place { name: "NATO Headquarters, Brussels".into() },
            request,
        };
        let (m, permit) = Meeting::plan(MeetingId(0), draft, self.staff, at).map_err(e)?;
        self.scope.insert_meeting(permit, m).await.map_err(e)
    }

    async fn tell(&self, at: DateTime<Utc>, notices: Vec<Notice<'_>>) -> Result<(), String> {
        if self.quiet {
            return Ok(());
        }
        tell(self.store, &self.net, self.staff, at, notices).await
    }

    /// Announce a record agreed under silence, once, as the reminders would have.
    /// Quietly, the announcement is only marked as made, so the reminders do not make it now.
    async fn announce_agreed(&self, m: &Meeting) -> Result<(), String> {
        let Some(record) = self.scope.record(m, &self.net).await.map_err(e)? else { return Ok(()) };
        if let SilenceState::Agreed { version, at } = record.state_at(Utc::now()) {
            let once = Once::RecordAgreed { meeting_id: m.id.0, version };
            if self.quiet {
                self.store.settle_reminder(once).await.map_err(e)?;
                return Ok(());
            }
            let event = Event { by: None, at, notices: vec![Notice::RecordAgreed { meeting: m, record: &record, at }] };
            send_event(self.store, &self.net, &event, Some(once)).await.map_err(e)?;
        }
        Ok(())
    }

    pub(super) async fn advance(&self, m: &mut Meeting, to: MeetingStatus, at: DateTime<Utc>) -> Result<(), String> {
        let record = self.scope.record(m, &self.net).await.map_err(e)?;
        let permit = m.advance(to, self.staff, at, "", record.as_ref()).map_err(e)?;
        self.scope.save_meeting(permit, m).await.map_err(e)
    }

    /// Hold a past meeting, agree its record under silence, and close it.
    pub(super) async fn hold_and_close(&self, m: &mut Meeting, text: &str) -> Result<(), String> {
        self.hold_and_circulate(m, text).await?;
        self.close(m).await
    }

    /// Close a meeting whose record went under silence (silence held: the record is agreed).
    pub(super) async fn close(&self, m: &mut Meeting) -> Result<(), String> {
        let at = m.start + Duration::hours(3) + Duration::days(5);
        self.advance(m, MeetingStatus::Closed, at).await?;
        self.announce_agreed(m).await
    }

    /// Hold a past meeting and circulate its record under silence.
    pub(super) async fn hold_and_circulate(&self, m: &mut Meeting, text: &str) -> Result<(), String> {
        let held_at = m.start + Duration::hours(3);
        self.advance(m, MeetingStatus::Held, held_at).await?;
        let (mut record, permit) =
            SummaryRecord::draft(m, &rel(Audience::AllPartners)?, text, self.staff, held_at + Duration::hours(20))
                .map_err(e)?;
        self.scope.save_record(permit, &mut record).await.map_err(e)?;
        let permit =
            record.circulate(1, held_at + Duration::days(4), self.staff, held_at + Duration::days(1)).map_err(e)?;
        self.scope.save_record(permit, &mut record).await.map_err(e)?;
        self.advance(m, MeetingStatus::RecordUnderSilence, held_at + Duration::days(1)).await?;
        self.tell(
            held_at + Duration::days(1),
            vec![Notice::RecordCirculated { meeting: m, record: &record, version: 1 }],
        )
        .await
    }
}

/// Load the demo's consultations unless meetings exist already. `delegates` gives a principal
/// (a delegation member) per nation code used for the nations' own steps.
pub async fn seed_consultations(
    store: &Store,
    staff: &Principal,
    delegate: impl Fn(&str) -> Option<Principal>,
) -> Result<usize, String> {
    give_addresses(store).await?;
    let scope = store.scoped(Some(staff)).await.map_err(e)?;
    if scope.count_meetings().await.map_err(e)? > 0 {
        return Ok(0);
    }
    let net = store.load_network().await.map_err(e)?;
    let s = Seed { store, staff, scope: scope.clone(), net: net.clone(), quiet: false };
    let now = Utc::now();
    let day = |d: i64, h: u32| -> DateTime<Utc> {
        (now + Duration::days(d)).date_naive().and_hms_opt(h, 0, 0).map(|t| t.and_utc()).unwrap_or(now)
    };
    let mut count = 0;

    // 1. NATO+7 on maritime security, six weeks ago: record agreed, two actions (one overdue).
    let mut md = s
        .meeting(
            "nato-md",
            "Maritime security in the Mediterranean (demo)",
            MeetingLevel::Ambassadors,
            day(-42, 9),
            day(-60, 9),
            None,
        )
        .await?;
    s.advance(&mut md, MeetingStatus::Convened, day(-50, 9)).await?;
    s.tell(day(-50, 9), vec![Notice::MeetingConvened { meeting: &md }]).await?;
    if let Some(tun) = delegate("TUN") {
        let mut agenda = Agenda::new(md.id);
        let p = AgendaProposal {
            title: "Search and rescue coordination (demo)".into(),
            description: "Proposed by Tunisia.".into(),
            release: rel(Audience::AllPartners)?,
        };
        let (item, permit) = agenda.propose(AgendaItemId(0), &p, &tun, day(-48, 10), &md, &net).map_err(e)?;
        let item =
            store.scoped(Some(&tun)).await.map_err(e)?.insert_agenda_item(permit, item.clone()).await.map_err(e)?;
        tell(store, &net, &tun, day(-48, 10), vec![Notice::AgendaItemProposed { meeting: &md, item: &item }]).await?;
        let mut agenda = Agenda::from_items(md.id, vec![item.clone()]).map_err(e)?;
        let permit = agenda.accept(item.id, staff, day(-47, 10), &md).map_err(e)?;
        scope.save_agenda(permit, &mut md, &agenda).await.map_err(e)?;
        if let Some(accepted) = agenda.item(item.id) {
            s.tell(day(-47, 10), vec![Notice::AgendaItemAccepted { meeting: &md, item: accepted }]).await?;
        }
        statement(
            store,
            &tun,
            &md,
            "Statement by Tunisia (demo)",
            "Tunisia welcomes closer coordination of search and rescue at sea. (Synthetic text.)",
            day(-49, 11),
            &net,
        )
        .await?;
    }
    s.hold_and_circulate(&mut md, "The Council met with the Mediterranean Dialogue partners and discussed maritime situational awareness. (Synthetic record.)").await?;
    let (decision, permit) = Decision::record(
        DecisionId(0),
        &md,
        &DecisionDraft {
            text: "Allies agreed to share maritime situational awareness products with the Dialogue partners (demo)."
                .into(),
            release: rel(Audience::AllPartners)?,
            positions: vec![],
        },
        staff,
        day(-41, 9),
        &net,
    )
    .map_err(e)?;
    scope.insert_decision(permit, decision).await.map_err(e)?;
    for (owner, title, due, done) in [
        ("MRT", "Name a national point of contact for maritime awareness (demo)", -10, false),
        ("TUN", "Share the search-and-rescue exercise calendar (demo)", -20, true),
    ] {
        let (a, permit) = Action::assign(
            ActionId(0),
            &md,
            &ActionDraft {
                title: title.into(),
                owner: owner.parse().map_err(e)?,
                due: day(due, 0).date_naive(),
                decision: None,
                release: rel(Audience::StaffOnly)?,
            },
            staff,
            day(-41, 10),
            &net,
        )
        .map_err(e)?;
        let mut a = scope.insert_action(permit, a).await.map_err(e)?;
        s.tell(day(-41, 10), vec![Notice::ActionAssigned { meeting: &md, action: &a }]).await?;
        if done && let Some(p) = delegate(owner) {
            let permit = a.update(ActionStatus::Done, "Sent to the staff. (demo)", &p, day(-25, 9)).map_err(e)?;
            store.scoped(Some(&p)).await.map_err(e)?.save_action(permit, &mut a).await.map_err(e)?;
        }
    }
    s.close(&mut md).await?;
    count += 1;

    // 2. Malta (a small partner) requests consultations under paragraph 8; staff acknowledge the
    //    next day and convene allies + Malta a week later; held, record agreed, request closed.
    if let Some(mlt) = delegate("MLT") {
        let draft = RequestDraft {
            basis: RequestBasis::Paragraph8,
            threat: "Repeated drone flights over offshore installations and interference with satellite navigation near Maltese ports. (Synthetic example.)".into(),
            release: rel(Audience::StaffOnly)?,
        };
        let (r, permit) = ConsultationRequest::file(RequestId(0), &draft, &mlt, day(-24, 8), &net).map_err(e)?;
        let mut r = store.scoped(Some(&mlt)).await.map_err(e)?.insert_request(permit, r).await.map_err(e)?;
        tell(store, &net, &mlt, day(-24, 8), vec![Notice::RequestSubmitted { request: &r }]).await?;
        let permit =
            r.acknowledge("Received; consultations will be convened. (demo)", staff, day(-23, 11)).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        s.tell(day(-23, 11), vec![Notice::RequestAcknowledged { request: &r }]).await?;
        // The format is the one proposed for a paragraph 8 request: allies + Malta.
        let proposal = propose_format(&r, &net, day(-17, 10).date_naive());
        let draft = MeetingDraft {
            title: "Consultations requested by Malta (demo)".into(),
            level: MeetingLevel::Ambassadors,
            format: proposal.spec,
            start: day(-17, 10),
            end: day(-17, 13),
            time_zone: "Europe/Brussels".parse().map_err(e)?,
            venue: Venue::Place { name: "NATO Headquarters, Brussels".into() },
            request: Some(r.id),
        };
        let (m, permit) = Meeting::plan(MeetingId(0), draft, staff, day(-22, 9)).map_err(e)?;
        let mut m = scope.insert_meeting(permit, m).await.map_err(e)?;
        s.advance(&mut m, MeetingStatus::Convened, day(-22, 10)).await?;
        let permit = r.convene(&m, staff, day(-22, 10), &net).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        // One event: Malta hears of its request, everyone else seated of the meeting.
        s.tell(
            day(-22, 10),
            vec![Notice::RequestMeetingConvened { request: &r, meeting: &m }, Notice::MeetingConvened { meeting: &m }],
        )
        .await?;
        statement(
            store,
            &mlt,
            &m,
            "Statement by Malta (demo)",
            "Malta thanks the Allies for convening these consultations at short notice. (Synthetic text.)",
            day(-20, 11),
            &net,
        )
        .await?;
        s.advance(&mut m, MeetingStatus::Held, day(-17, 13)).await?;
        let permit = r.meeting_held(&m, staff, day(-17, 13)).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        let (mut record, permit) = SummaryRecord::draft(&m, &rel(Audience::AllPartners)?, "Allies heard Malta's assessment and agreed to support a review of its critical-infrastructure protection. (Synthetic record.)", staff, day(-16, 9)).map_err(e)?;
        scope.save_record(permit, &mut record).await.map_err(e)?;
        let permit = record.circulate(1, day(-12, 18), staff, day(-16, 10)).map_err(e)?;
        scope.save_record(permit, &mut record).await.map_err(e)?;
        s.advance(&mut m, MeetingStatus::RecordUnderSilence, day(-16, 10)).await?;
        s.tell(day(-16, 10), vec![Notice::RecordCirculated { meeting: &m, record: &record, version: 1 }]).await?;
        s.advance(&mut m, MeetingStatus::Closed, day(-12, 19)).await?;
        s.announce_agreed(&m).await?;
        let permit = r.close("Consultations held. (demo)", staff, day(-12, 19)).map_err(e)?;
        scope.save_request(permit, &mut r).await.map_err(e)?;
        let (a, permit) = Action::assign(
            ActionId(0),
            &m,
            &ActionDraft {
                title: "Send the critical-infrastructure review request (demo)".into(),
                owner: "MLT".parse().map_err(e)?,
                due: day(10, 0).date_naive(),
                decision: None,
                release: rel(Audience::StaffOnly)?,
            },
            staff,
            day(-16, 11),
            &net,
        )
        .map_err(e)?;
        let a = scope.insert_action(permit, a).await.map_err(e)?;
        s.tell(day(-16, 11), vec![Notice::ActionAssigned { meeting: &m, action: &a }]).await?;
        count += 1;
    }

    // 3. Ukraine's request, filed three days ago and not yet acknowledged: overdue for the staff.
    if let Some(ukr) = delegate("UKR") {
        let draft = RequestDraft {
            basis: RequestBasis::Paragraph8,
            threat: "Cyber attacks on the electricity grid ahead of winter. (Synthetic example.)".into(),
            release: rel(Audience::StaffOnly)?,
        };
        let (r, permit) = ConsultationRequest::file(RequestId(0), &draft, &ukr, day(-3, 7), &net).map_err(e)?;
        let r = store.scoped(Some(&ukr)).await.map_err(e)?.insert_request(permit, r).await.map_err(e)?;
        tell(store, &net, &ukr, day(-3, 7), vec![Notice::RequestSubmitted { request: &r }]).await?;
    }

    // 4. Upcoming: EAPC ambassadors in two weeks, with proposals and a date poll.
    let mut eapc = s
        .meeting(
            "eapc",
            "EAPC ambassadors: winter resilience of energy infrastructure (demo)",
            MeetingLevel::Ambassadors,
            day(14, 10),
            day(-5, 9),
            None,
        )
        .await?;
    s.advance(&mut eapc, MeetingStatus::Convened, day(-4, 9)).await?;
    s.tell(day(-4, 9), vec![Notice::MeetingConvened { meeting: &eapc }]).await?;
    for (code, title, hour) in
        [("UKR", "Protection of the electricity grid (demo)", 9), ("GEO", "Black Sea energy corridors (demo)", 11)]
    {
        if let Some(p) = delegate(code) {
            let their = store.scoped(Some(&p)).await.map_err(e)?;
            let mut agenda = their.agenda_for_change(&eapc, None, &net).await.map_err(e)?;
            let proposal = AgendaProposal {
                title: title.into(),
                description: String::new(),
                release: rel(Audience::Frameworks(vec!["PFP".parse().map_err(e)?]))?,
            };
            let (item, permit) =
                agenda.propose(AgendaItemId(0), &proposal, &p, day(-2, hour), &eapc, &net).map_err(e)?;
            let item = their.insert_agenda_item(permit, item.clone()).await.map_err(e)?;
            tell(store, &net, &p, day(-2, hour), vec![Notice::AgendaItemProposed { meeting: &eapc, item: &item }])
                .await?;
        }
    }
    let (poll, permit) = Poll::open(
        PollId(0),
        &eapc,
        &PollDraft {
            title: "Date of the expert follow-up (demo)".into(),
            options: vec![day(21, 10), day(22, 14), day(23, 10)],
            hide_results_until_close: false,
            closes_at: None,
        },
        staff,
        day(-3, 9),
    )
    .map_err(e)?;
    let poll = scope.insert_poll(permit, poll).await.map_err(e)?;
    s.tell(day(-3, 9), vec![Notice::PollOpened { meeting: &eapc, poll: &poll }]).await?;
    count += 1;

    // 5. Upcoming: NAC+4 experts on cyber defence, planned.
    s.meeting(
        "nac-ici",
        "NAC+4 experts: cyber defence cooperation (demo)",
        MeetingLevel::Experts,
        day(30, 9),
        day(-1, 9),
        None,
    )
    .await?;
    count += 1;
    // 6. Past: NATO-Ukraine Council, closed.
    let mut nuc = s
        .meeting(
            "nato-ukraine-council",
            "NATO-Ukraine Council: support to air defence (demo)",
            MeetingLevel::Ministers,
            day(-70, 9),
            day(-90, 9),
            None,
        )
        .await?;
    s.advance(&mut nuc, MeetingStatus::Convened, day(-80, 9)).await?;
    s.tell(day(-80, 9), vec![Notice::MeetingConvened { meeting: &nuc }]).await?;
    s.hold_and_close(&mut nuc, "The Council reviewed support to Ukraine's air defence. (Synthetic record.)").await?;
    count += 1;

    // 7. Before all this, two years of the forum's history, loaded quietly.
    let quiet = Seed { quiet: true, ..s };
    count += super::demo_forum::seed_forum_history(store, staff, &delegate, &quiet, now).await?;
    Ok(count)
}
