//! Notifications, as rules: which events notify whom, and what the notice says, in English and
//! French. Delivery (inbox, e-mail outbox) belongs to the store and the web layer.
//!
//! Recipients are nations (every delegation user of the nation, leads and members) and the staff
//! (staff officers); analysts are never notified. Each event names its natural audience — for
//! instance the seated nations for a convened meeting, the owner for an assigned action — and
//! that audience is then cut down to those who may see the event's item, with the same visibility
//! functions the pages use ([`may_receive`]). A notice that is no longer true (a record that is not
//! agreed at the instant given) goes to nobody.
//!
//! The text carries titles, dates and nation names only — never a threat description, a record's
//! text or a comment — since e-mail leaves the system; and a second item named in a notice (the
//! meeting of an action or of a request) is named only if the recipient may see it too.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::agenda::{AgendaItem, may_see_agenda_item};
use super::common::Lang;
use super::decision::{Action, is_overdue, may_see_action};
use super::meeting::{Meeting, may_see_meeting, participants};
use super::poll::{Poll, may_see_poll, visible_results};
use super::record::{SilenceBreak, SilenceState, SummaryRecord, may_see_record};
use super::request::{ConsultationRequest, may_see_request};
use crate::access::{Affiliation, Principal, Role, Viewer};
use crate::registry::{NationCode, Network};

/// An event worth telling people about, with the items it concerns. `ActionOverdue` holds only
/// if the action is overdue on `today`.
#[derive(Debug, Clone, Copy)]
pub enum Notice<'a> {
    MeetingConvened {
        meeting: &'a Meeting,
    },
    AgendaItemProposed {
        meeting: &'a Meeting,
        item: &'a AgendaItem,
    },
    AgendaItemAccepted {
        meeting: &'a Meeting,
        item: &'a AgendaItem,
    },
    RecordCirculated {
        meeting: &'a Meeting,
        record: &'a SummaryRecord,
        version: u32,
    },
    SilenceBroken {
        meeting: &'a Meeting,
        record: &'a SummaryRecord,
        silence_break: &'a SilenceBreak,
    },
    /// The record is agreed at `at` (sent when the deadline passes in silence).
    RecordAgreed {
        meeting: &'a Meeting,
        record: &'a SummaryRecord,
        at: DateTime<Utc>,
    },
    ActionAssigned {
        meeting: &'a Meeting,
        action: &'a Action,
    },
    ActionOverdue {
        meeting: &'a Meeting,
        action: &'a Action,
        today: NaiveDate,
    },
    RequestSubmitted {
        request: &'a ConsultationRequest,
    },
    RequestAcknowledged {
        request: &'a ConsultationRequest,
    },
    RequestMeetingConvened {
        request: &'a ConsultationRequest,
        meeting: &'a Meeting,
    },
    PollOpened {
        meeting: &'a Meeting,
        poll: &'a Poll,
    },
    /// The poll is closed at `at`.
    PollClosed {
        meeting: &'a Meeting,
        poll: &'a Poll,
        at: DateTime<Utc>,
    },
    /// A shared security-challenge report was filed (to the staff) or moved a triage step (to
    /// its author's delegation).
    /// A published allocation was reissued: the seats of `line` went from `before` to
    /// `line.granted` (the nation gave seats back, or seats given back were offered to it).
    SeatsChanged {
        activity: &'a crate::cooperation::Activity,
        line: &'a crate::cooperation::AllocationLine,
        before: u32,
        /// The published allocation that now holds the line.
        allocation: i64,
    },
    ReportTriaged {
        report: &'a crate::warning::SecurityReport,
    },
    /// A delegation gave (or replaced) its feedback on an activity: to the provider — its
    /// nation's delegation, or the staff when an institution provides it (feedback is for the
    /// staff, the provider and the nation that gave it).
    FeedbackGiven {
        activity: &'a crate::cooperation::Activity,
        feedback: &'a crate::cooperation::after::Feedback,
    },
}

/// The kind of a notice, as stored and as users choose what to receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    MeetingConvened,
    AgendaItemProposed,
    AgendaItemAccepted,
    RecordCirculated,
    SilenceBroken,
    RecordAgreed,
    ActionAssigned,
    ActionOverdue,
    RequestSubmitted,
    RequestAcknowledged,
    RequestMeetingConvened,
    PollOpened,
    PollClosed,
    ReportTriaged,
    SeatsChanged,
    FeedbackGiven,
    /// A new alert a subscription selects (written by the warning area, not [`render`]).
    AlertRaised,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 17] = [
        NoticeKind::MeetingConvened,
        NoticeKind::AgendaItemProposed,
        NoticeKind::AgendaItemAccepted,
        NoticeKind::RecordCirculated,
        NoticeKind::SilenceBroken,
        NoticeKind::RecordAgreed,
        NoticeKind::ActionAssigned,
        NoticeKind::ActionOverdue,
        NoticeKind::RequestSubmitted,
        NoticeKind::RequestAcknowledged,
        NoticeKind::RequestMeetingConvened,
        NoticeKind::PollOpened,
        NoticeKind::PollClosed,
        NoticeKind::ReportTriaged,
        NoticeKind::SeatsChanged,
        NoticeKind::FeedbackGiven,
        NoticeKind::AlertRaised,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::MeetingConvened => "meeting_convened",
            NoticeKind::AgendaItemProposed => "agenda_item_proposed",
            NoticeKind::AgendaItemAccepted => "agenda_item_accepted",
            NoticeKind::RecordCirculated => "record_circulated",
            NoticeKind::SilenceBroken => "silence_broken",
            NoticeKind::RecordAgreed => "record_agreed",
            NoticeKind::ActionAssigned => "action_assigned",
            NoticeKind::ActionOverdue => "action_overdue",
            NoticeKind::RequestSubmitted => "request_submitted",
            NoticeKind::RequestAcknowledged => "request_acknowledged",
            NoticeKind::RequestMeetingConvened => "request_meeting_convened",
            NoticeKind::PollOpened => "poll_opened",
            NoticeKind::PollClosed => "poll_closed",
            NoticeKind::ReportTriaged => "report_triaged",
            NoticeKind::SeatsChanged => "seats_changed",
            NoticeKind::FeedbackGiven => "feedback_given",
            NoticeKind::AlertRaised => "alert_raised",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who receives a notice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "nation", rename_all = "snake_case")]
pub enum Recipient {
    /// The alliance staff who run the work.
    Staff,
    /// A nation's delegation.
    Nation(NationCode),
}

impl Recipient {
    /// The roles of the users who get the notice.
    pub fn roles(&self) -> &'static [Role] {
        match self {
            Recipient::Staff => &[Role::StaffOfficer],
            Recipient::Nation(_) => &[Role::DelegationLead, Role::DelegationMember],
        }
    }

    /// Whether `principal` is one of the users this recipient stands for.
    pub fn includes(&self, principal: &Principal) -> bool {
        let affiliation = match self {
            Recipient::Staff => Affiliation::Staff,
            Recipient::Nation(n) => Affiliation::Nation(n.clone()),
        };
        principal.affiliation == affiliation && self.roles().contains(&principal.role)
    }

    /// A principal standing for this recipient, to ask the visibility rules.
    fn principal(&self) -> Principal {
        match self {
            Recipient::Staff => Principal {
                user_id: 0,
                username: String::new(),
                affiliation: Affiliation::Staff,
                role: Role::StaffOfficer,
            },
            Recipient::Nation(n) => Principal {
                user_id: 0,
                username: String::new(),
                affiliation: Affiliation::Nation(n.clone()),
                role: Role::DelegationMember,
            },
        }
    }
}

/// A notice's text for one recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

impl Notice<'_> {
    pub fn kind(&self) -> NoticeKind {
        match self {
            Notice::MeetingConvened { .. } => NoticeKind::MeetingConvened,
            Notice::AgendaItemProposed { .. } => NoticeKind::AgendaItemProposed,
            Notice::AgendaItemAccepted { .. } => NoticeKind::AgendaItemAccepted,
            Notice::RecordCirculated { .. } => NoticeKind::RecordCirculated,
            Notice::SilenceBroken { .. } => NoticeKind::SilenceBroken,
            Notice::RecordAgreed { .. } => NoticeKind::RecordAgreed,
            Notice::ActionAssigned { .. } => NoticeKind::ActionAssigned,
            Notice::ActionOverdue { .. } => NoticeKind::ActionOverdue,
            Notice::RequestSubmitted { .. } => NoticeKind::RequestSubmitted,
            Notice::RequestAcknowledged { .. } => NoticeKind::RequestAcknowledged,
            Notice::RequestMeetingConvened { .. } => NoticeKind::RequestMeetingConvened,
            Notice::PollOpened { .. } => NoticeKind::PollOpened,
            Notice::PollClosed { .. } => NoticeKind::PollClosed,
            Notice::ReportTriaged { .. } => NoticeKind::ReportTriaged,
            Notice::SeatsChanged { .. } => NoticeKind::SeatsChanged,
            Notice::FeedbackGiven { .. } => NoticeKind::FeedbackGiven,
        }
    }

    /// Whether the notice is (still) true: a record agreed at the instant, a break on a record.
    fn holds(&self) -> bool {
        match self {
            Notice::RecordAgreed { record, at, .. } => matches!(record.state_at(*at), SilenceState::Agreed { .. }),
            Notice::RecordCirculated { record, version, .. } => {
                record.version(*version).is_some_and(|v| v.circulation.is_some())
            }
            Notice::SilenceBroken { record, silence_break, .. } => record.breaks().contains(silence_break),
            Notice::PollClosed { poll, at, .. } => poll.is_closed(*at),
            Notice::ActionOverdue { action, today, .. } => is_overdue(action, *today),
            _ => true,
        }
    }

    /// The event's natural audience, before visibility is applied.
    fn audience(&self, network: &Network) -> (bool, Vec<NationCode>) {
        let seated = |m: &Meeting| participants(m, network).seats.into_iter().map(|s| s.nation).collect::<Vec<_>>();
        match self {
            Notice::MeetingConvened { meeting } => (true, seated(meeting)),
            Notice::AgendaItemProposed { .. } | Notice::RequestSubmitted { .. } => (true, vec![]),
            Notice::AgendaItemAccepted { meeting, .. }
            | Notice::RecordCirculated { meeting, .. }
            | Notice::PollOpened { meeting, .. } => (false, seated(meeting)),
            Notice::SilenceBroken { meeting, .. }
            | Notice::RecordAgreed { meeting, .. }
            | Notice::PollClosed { meeting, .. } => (true, seated(meeting)),
            Notice::ActionAssigned { action, .. } => (false, vec![action.owner.clone()]),
            Notice::ActionOverdue { action, .. } => (true, vec![action.owner.clone()]),
            Notice::RequestAcknowledged { request } | Notice::RequestMeetingConvened { request, .. } => {
                (false, vec![request.requester.clone()])
            }
            // Filed: the staff triage it. A step: the author's delegation (the staff when staff filed it).
            Notice::ReportTriaged { report } => match (&report.author_nation, report.history.len()) {
                (_, 0 | 1) => (true, vec![]),
                (Some(n), _) => (false, vec![n.clone()]),
                (None, _) => (true, vec![]),
            },
            Notice::SeatsChanged { line, .. } => (false, vec![line.nation.clone()]),
            Notice::FeedbackGiven { activity, .. } => match &activity.provider {
                crate::cooperation::Provider::Nation(n) => (false, vec![n.clone()]),
                crate::cooperation::Provider::Institution(_) => (true, vec![]),
            },
        }
    }
}

/// Whether `viewer` may receive the notice: it may see the item the notice is about.
pub fn may_receive(notice: &Notice<'_>, viewer: Viewer<'_>, network: &Network) -> bool {
    match notice {
        Notice::MeetingConvened { meeting } => may_see_meeting(viewer, meeting, network),
        Notice::AgendaItemProposed { meeting, item } | Notice::AgendaItemAccepted { meeting, item } => {
            may_see_agenda_item(viewer, item, meeting, network)
        }
        Notice::RecordCirculated { meeting, record, .. }
        | Notice::SilenceBroken { meeting, record, .. }
        | Notice::RecordAgreed { meeting, record, .. } => may_see_record(viewer, record, meeting, network),
        Notice::ActionAssigned { meeting, action } | Notice::ActionOverdue { meeting, action, .. } => {
            may_see_action(viewer, action, meeting, network)
        }
        Notice::RequestSubmitted { request } | Notice::RequestAcknowledged { request } => {
            may_see_request(viewer, request, network)
        }
        Notice::RequestMeetingConvened { request, .. } => may_see_request(viewer, request, network),
        Notice::PollOpened { meeting, poll } | Notice::PollClosed { meeting, poll, .. } => {
            may_see_poll(viewer, poll, meeting, network)
        }
        Notice::ReportTriaged { report } => crate::warning::may_see_report(viewer, report, network),
        // The nation's own seats: its delegation (and the staff) only.
        Notice::SeatsChanged { line, .. } => match viewer {
            Viewer::Anonymous => false,
            Viewer::User(p) => p.is_staff() || p.nation() == Some(&line.nation),
        },
        // Feedback: the staff, the provider and the nation that gave it.
        Notice::FeedbackGiven { activity, feedback } => match viewer {
            Viewer::Anonymous => false,
            Viewer::User(p) => {
                p.is_staff()
                    || p.nation() == Some(&feedback.nation)
                    || matches!((&activity.provider, p.nation()), (crate::cooperation::Provider::Nation(n), Some(m)) if n == m)
            }
        },
    }
}

/// Who gets the notice: staff first, then nations by code. Nobody who may not see the item.
pub fn recipients(notice: &Notice<'_>, network: &Network) -> Vec<Recipient> {
    if !notice.holds() {
        return Vec::new();
    }
    let (staff, nations) = notice.audience(network);
    let mut out: Vec<Recipient> = Vec::new();
    if staff {
        out.push(Recipient::Staff);
    }
    out.extend(nations.into_iter().map(Recipient::Nation));
    out.retain(|r| may_receive(notice, Viewer::User(&r.principal()), network));
    out.sort();
    out.dedup();
    out
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn nation_name(code: &NationCode, network: &Network, lang: Lang) -> String {
    network.nation(code).map_or_else(|| code.to_string(), |n| n.name_in(lang.as_str()).to_string())
}

/// The notice's text for `recipient`, or `None` if the recipient may not see the item (or the
/// notice is no longer true). Never includes more than the recipient may see.
pub fn render(notice: &Notice<'_>, recipient: &Recipient, network: &Network, lang: Lang) -> Option<Rendered> {
    let principal = recipient.principal();
    let viewer = Viewer::User(&principal);
    if !notice.holds() || !may_receive(notice, viewer, network) {
        return None;
    }
    let l = |en: &str, fr: &str| lang.pick(en, fr).to_string();
    let colon = lang.pick(":", " :");
    let sees_meeting = |m: &Meeting| may_see_meeting(viewer, m, network);
    let meeting_line = |m: &Meeting| {
        format!(
            "{}{colon} {}\n{} – {} ({}{colon} {})\n{}",
            l("Meeting", "Réunion"),
            m.title,
            when(m.start),
            when(m.end),
            l("time zone", "fuseau horaire"),
            m.time_zone,
            m.venue.label(lang)
        )
    };
    let sign_in = l("Sign in to Entente for the details.", "Connectez-vous à Entente pour les détails.");
    let (subject, body) = match notice {
        Notice::MeetingConvened { meeting } => (
            format!("{}{colon} {}", l("Meeting convened", "Réunion convoquée"), meeting.title),
            format!("{}\n{}{colon} {}", meeting_line(meeting), l("Level", "Niveau"), meeting.level.label(lang)),
        ),
        Notice::AgendaItemProposed { meeting, item } => {
            let by = match item.proposer_nation() {
                Some(n) => nation_name(n, network, lang),
                None => l("the staff", "le secrétariat"),
            };
            (
                format!("{}{colon} {}", l("Agenda item proposed", "Point d'ordre du jour proposé"), item.title),
                format!("{}{colon} {by}\n{}\n{sign_in}", l("Proposed by", "Proposé par"), meeting_line(meeting)),
            )
        }
        Notice::AgendaItemAccepted { meeting, item } => (
            format!("{}{colon} {}", l("Agenda item accepted", "Point d'ordre du jour accepté"), item.title),
            format!(
                "{}{colon} {}\n{}",
                l("Position on the agenda", "Rang à l'ordre du jour"),
                item.position.unwrap_or(0),
                meeting_line(meeting)
            ),
        ),
        Notice::RecordCirculated { meeting, record, version } => {
            let deadline = record.version(*version).and_then(|v| v.circulation.as_ref()).map(|c| c.deadline);
            (
                format!(
                    "{}{colon} {}",
                    l("Summary record under silence procedure", "Compte rendu en procédure d'approbation tacite"),
                    meeting.title
                ),
                format!(
                    "{} {version}. {}{colon} {}. {}\n{sign_in}",
                    l("Version", "Version"),
                    l("Silence procedure ends", "Fin de la procédure d'approbation tacite"),
                    deadline.map_or_else(String::new, when),
                    l("Silence by then means agreement.", "Le silence vaut accord à cette échéance."),
                ),
            )
        }
        Notice::SilenceBroken { meeting, silence_break, .. } => (
            format!("{}{colon} {}", l("Silence broken", "Silence rompu"), meeting.title),
            format!(
                "{} {} {}.\n{sign_in}",
                nation_name(&silence_break.nation, network, lang),
                l("broke silence on version", "a rompu le silence sur la version"),
                silence_break.version
            ),
        ),
        Notice::RecordAgreed { meeting, record, at } => {
            let version = record.agreed_version(*at).map_or(0, |v| v.number);
            (
                format!("{}{colon} {}", l("Summary record agreed", "Compte rendu approuvé"), meeting.title),
                format!(
                    "{} {version} {} {}.",
                    l("Version", "La version"),
                    l("was agreed under silence procedure on", "a été approuvée par procédure d'approbation tacite le"),
                    when(*at)
                ),
            )
        }
        Notice::ActionAssigned { meeting, action } | Notice::ActionOverdue { meeting, action, .. } => {
            let overdue = matches!(notice, Notice::ActionOverdue { .. });
            let head = if overdue {
                l("Action overdue", "Action en retard")
            } else {
                l("Action assigned", "Action attribuée")
            };
            let mut body = format!(
                "{}{colon} {}\n{}{colon} {}",
                l("Owner", "Responsable"),
                nation_name(&action.owner, network, lang),
                l("Due", "Échéance"),
                action.due.format("%Y-%m-%d")
            );
            if sees_meeting(meeting) {
                body.push('\n');
                body.push_str(&meeting_line(meeting));
            }
            (format!("{head}{colon} {}", action.title), body)
        }
        Notice::RequestSubmitted { request } => (
            format!(
                "{}{colon} {}",
                l("Consultation request", "Demande de consultations"),
                nation_name(&request.requester, network, lang)
            ),
            format!(
                "{}{colon} {}\n{}{colon} {}\n{sign_in}",
                l("Basis", "Fondement"),
                request.basis.label(lang),
                l("Submitted", "Soumise le"),
                when(request.submitted_at())
            ),
        ),
        Notice::RequestAcknowledged { request } => (
            l("Consultation request acknowledged", "Accusé de réception de la demande de consultations"),
            format!(
                "{}{colon} {}\n{}{colon} {}",
                l("Basis", "Fondement"),
                request.basis.label(lang),
                l("Submitted", "Soumise le"),
                when(request.submitted_at())
            ),
        ),
        Notice::RequestMeetingConvened { request, meeting } => {
            let mut body = format!("{}{colon} {}", l("Basis", "Fondement"), request.basis.label(lang));
            body.push('\n');
            if sees_meeting(meeting) {
                body.push_str(&meeting_line(meeting));
            } else {
                body.push_str(&sign_in);
            }
            (
                l(
                    "A meeting has been convened on the consultation request",
                    "Une réunion a été convoquée sur la demande de consultations",
                ),
                body,
            )
        }
        Notice::ReportTriaged { report } => {
            let status = report.status.label(lang);
            let head = if report.history.len() <= 1 {
                l("Security-challenge report filed", "Signalement de défi de sécurité déposé")
            } else {
                format!(
                    "{}{colon} {status}",
                    l("Your security-challenge report", "Votre signalement de défi de sécurité")
                )
            };
            let mut body = format!(
                "{}{colon} {} ({}), {}",
                l("Report", "Signalement"),
                report.country,
                report.category.replace('_', " "),
                report.occurred_on
            );
            if let Some(r) = &report.reason {
                body.push_str(&format!("\n{}{colon} {r}", l("Reason", "Motif")));
            }
            body.push('\n');
            body.push_str(&sign_in);
            (head, body)
        }
        Notice::SeatsChanged { activity, line, before, .. } => {
            let title = match lang {
                Lang::En => &activity.title_en,
                Lang::Fr => &activity.title_fr,
            };
            let head = if line.granted < *before {
                l("Seats given back", "Places rendues")
            } else {
                l("Seats offered", "Places proposées")
            };
            let seats = format!(
                "{}{colon} {before} → {}",
                l("Seats your nation holds", "Places de votre nation"),
                line.granted
            );
            let answer = if line.granted > *before {
                format!(
                    "\n{}",
                    l(
                        "Confirm or decline them by the date the allocation's page shows: seats not answered for by then are released.",
                        "Confirmez-les ou déclinez-les au plus tard à la date qu'indique la page de la répartition : les places sans réponse à cette date sont libérées."
                    )
                )
            } else {
                String::new()
            };
            (
                format!("{head}{colon} {} {title}", activity.code),
                format!(
                    "{} {} — {title}\n{} – {}\n{seats}{answer}\n{sign_in}",
                    l("Activity", "Activité"),
                    activity.code,
                    activity.start,
                    activity.end
                ),
            )
        }
        Notice::FeedbackGiven { activity, feedback } => {
            let title = lang.pick(&activity.title_en, &activity.title_fr);
            let comment = if feedback.comment.trim().is_empty() {
                String::new()
            } else {
                format!("\n{}{colon} {}", l("Comment", "Commentaire"), feedback.comment.trim())
            };
            (
                format!(
                    "{}{colon} {} {title}",
                    l("Feedback on your activity", "Évaluation de votre activité"),
                    activity.code
                ),
                format!(
                    "{} {} — {title}\n{}{colon} {}\n{}{colon} {}/5 · {}{colon} {}/5 · {}{colon} {}/5{comment}\n{sign_in}",
                    l("Activity", "Activité"),
                    activity.code,
                    l("Given by", "Donnée par"),
                    nation_name(&feedback.nation, network, lang),
                    l("Relevance", "Pertinence"),
                    feedback.relevance,
                    l("Quality", "Qualité"),
                    feedback.quality,
                    l("Organisation", "Organisation"),
                    feedback.organisation,
                ),
            )
        }
        Notice::PollOpened { meeting, poll } => {
            let options: Vec<String> =
                poll.options.iter().map(|o| format!("{}. {}", o.number, when(o.start))).collect();
            let closes =
                poll.closes_at.map_or_else(String::new, |c| format!("\n{}{colon} {}", l("Closes", "Clôture"), when(c)));
            (
                format!("{}{colon} {}", l("Scheduling poll", "Sondage de date"), poll.title),
                format!("{}\n{}{closes}\n{}", meeting_line(meeting), options.join("\n"), sign_in),
            )
        }
        Notice::PollClosed { meeting, poll, at } => {
            let chosen = visible_results(poll, viewer, *at, meeting, network).and_then(|r| r.winner);
            let line = match chosen {
                Some(o) => format!("{}{colon} {}", l("Most convenient date", "Date la plus commode"), when(o.start)),
                None => l("No answers were given.", "Aucune réponse n'a été donnée."),
            };
            (
                format!("{}{colon} {}", l("Scheduling poll closed", "Sondage de date clos"), poll.title),
                format!("{}\n{line}", meeting_line(meeting)),
            )
        }
    };
    Some(Rendered { subject, body })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::access::Audience;
    use crate::consultation::agenda::{Agenda, AgendaProposal};
    use crate::consultation::common::{ActionId, AgendaItemId, MeetingId, PollId, RequestId};
    use crate::consultation::decision::ActionDraft;
    use crate::consultation::poll::{Answer, PollDraft};
    use crate::consultation::request::{RequestBasis, RequestDraft};
    use crate::consultation::testing::*;
    use crate::registry::FormatSpec;

    fn nations(rs: &[Recipient]) -> Vec<String> {
        rs.iter()
            .map(|r| match r {
                Recipient::Staff => "staff".to_string(),
                Recipient::Nation(n) => n.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_convened_meeting_goes_to_the_room_only() {
        let m = meeting(1, allies_plus(&["GEO"]), "2024-02-20T10:00:00Z");
        let n = Notice::MeetingConvened { meeting: &m };
        let rs = recipients(&n, net());
        assert_eq!(rs.len(), 1 + 31 + 1, "staff, the 31 allies before Sweden's accession on 2024-03-07, Georgia");
        assert_eq!(rs[0], Recipient::Staff);
        assert!(rs.contains(&Recipient::Nation(code("GEO"))));
        assert!(!rs.contains(&Recipient::Nation(code("UKR"))));
        assert!(render(&n, &Recipient::Nation(code("UKR")), net(), Lang::En).is_none());
        let r = render(&n, &Recipient::Nation(code("GEO")), net(), Lang::Fr).unwrap();
        assert_eq!(r.subject, "Réunion convoquée : North Atlantic Council");
        assert!(
            r.body.contains("2024-02-20 10:00 UTC – 2024-02-20 13:00 UTC (fuseau horaire : Europe/Brussels)"),
            "{}",
            r.body
        );
        assert!(r.body.contains("Niveau : Ambassadeurs"));
        assert_eq!(NoticeKind::parse(n.kind().as_str()), Some(NoticeKind::MeetingConvened));
    }

    #[test]
    fn agenda_notices_follow_the_item() {
        let m = meeting(1, allies_plus(&["UKR", "GEO"]), "2024-02-20T10:00:00Z");
        let mut a = Agenda::new(MeetingId(1));
        let at = t("2024-02-01T00:00:00Z");
        let p = AgendaProposal {
            title: "Allies' item".into(),
            description: String::new(),
            release: release(Audience::AlliesOnly),
        };
        a.propose(AgendaItemId(1), &p, &delegate("USA"), at, &m, net()).unwrap();
        let item = a.item(AgendaItemId(1)).unwrap().clone();
        assert_eq!(nations(&recipients(&Notice::AgendaItemProposed { meeting: &m, item: &item }, net())), ["staff"]);
        let r = render(&Notice::AgendaItemProposed { meeting: &m, item: &item }, &Recipient::Staff, net(), Lang::En)
            .unwrap();
        assert!(r.body.starts_with("Proposed by: United States"), "{}", r.body);
        a.accept(AgendaItemId(1), &staff(), at, &m).unwrap();
        let item = a.item(AgendaItemId(1)).unwrap();
        let n = Notice::AgendaItemAccepted { meeting: &m, item };
        let rs = recipients(&n, net());
        assert_eq!(rs.len(), 31, "allies only: the partners in the room do not receive it");
        assert!(render(&n, &Recipient::Nation(code("UKR")), net(), Lang::En).is_none());
    }

    #[test]
    fn record_notices() {
        let m = held_meeting(1, allies_plus(&["UKR"]), "2024-02-20T10:00:00Z");
        let s = staff();
        let mut rec = record_for(&m, "2024-02-21T00:00:00Z");
        let n = Notice::RecordCirculated { meeting: &m, record: &rec, version: 1 };
        assert!(recipients(&n, net()).is_empty(), "not circulated yet");
        rec.circulate(1, t("2024-02-23T00:00:00Z"), &s, t("2024-02-21T01:00:00Z")).unwrap();
        let n = Notice::RecordCirculated { meeting: &m, record: &rec, version: 1 };
        assert_eq!(recipients(&n, net()).len(), 32, "31 allies and Ukraine; staff drafted it");
        let r = render(&n, &Recipient::Nation(code("UKR")), net(), Lang::En).unwrap();
        assert!(r.body.contains("Silence procedure ends: 2024-02-23 00:00 UTC"), "{}", r.body);
        assert!(!r.body.contains("Summary of the discussion"), "the record's text stays in the system");
        let agreed = Notice::RecordAgreed { meeting: &m, record: &rec, at: t("2024-02-22T00:00:00Z") };
        assert!(recipients(&agreed, net()).is_empty(), "not agreed yet at that instant");
        rec.break_silence(1, "Our position is misstated", &delegate("UKR"), t("2024-02-22T00:00:00Z"), &m, net())
            .unwrap();
        let b = rec.breaks()[0].clone();
        let n = Notice::SilenceBroken { meeting: &m, record: &rec, silence_break: &b };
        assert_eq!(recipients(&n, net()).len(), 33);
        let r = render(&n, &Recipient::Nation(code("FRA")), net(), Lang::Fr).unwrap();
        assert_eq!(r.subject, "Silence rompu : North Atlantic Council");
        assert!(r.body.starts_with("Ukraine a rompu le silence sur la version 1."), "{}", r.body);
        assert!(!r.body.contains("misstated"), "comments stay in the system");
        rec.add_version("v2", &s, t("2024-02-22T01:00:00Z")).unwrap();
        rec.circulate(2, t("2024-02-24T00:00:00Z"), &s, t("2024-02-22T02:00:00Z")).unwrap();
        let agreed = Notice::RecordAgreed { meeting: &m, record: &rec, at: t("2024-02-24T00:00:00Z") };
        let r = render(&agreed, &Recipient::Staff, net(), Lang::En).unwrap();
        assert_eq!(r.body, "Version 2 was agreed under silence procedure on 2024-02-24 00:00 UTC.");
    }

    #[test]
    fn actions_go_to_owner_and_staff() {
        let m = held_meeting(1, allies_plus(&["GEO"]), "2024-02-20T10:00:00Z");
        let draft = ActionDraft {
            title: "Report on reforms".into(),
            owner: code("GEO"),
            due: d("2024-03-01"),
            decision: None,
            release: release(Audience::StaffOnly),
        };
        let a = Action::assign(ActionId(1), &m, &draft, &staff(), t("2024-02-21T00:00:00Z"), net()).unwrap().0;
        assert_eq!(nations(&recipients(&Notice::ActionAssigned { meeting: &m, action: &a }, net())), ["GEO"]);
        let overdue = Notice::ActionOverdue { meeting: &m, action: &a, today: d("2024-03-02") };
        assert_eq!(nations(&recipients(&overdue, net())), ["staff", "GEO"]);
        let r = render(&overdue, &Recipient::Nation(code("GEO")), net(), Lang::En).unwrap();
        assert_eq!(r.subject, "Action overdue: Report on reforms");
        assert!(r.body.contains("Owner: Georgia\nDue: 2024-03-01\nMeeting: North Atlantic Council"), "{}", r.body);
        assert!(render(&overdue, &Recipient::Nation(code("USA")), net(), Lang::En).is_none());
    }

    #[test]
    fn requests_notify_staff_then_the_requester_and_name_only_visible_meetings() {
        let draft = RequestDraft {
            basis: RequestBasis::Paragraph8,
            threat: "SECRET-THREAT-DETAILS".into(),
            release: release(Audience::StaffOnly),
        };
        let mut r = ConsultationRequest::file(RequestId(1), &draft, &delegate("MDA"), t("2024-05-01T00:00:00Z"), net())
            .unwrap()
            .0;
        let n = Notice::RequestSubmitted { request: &r };
        assert_eq!(nations(&recipients(&n, net())), ["staff"]);
        let text = render(&n, &Recipient::Staff, net(), Lang::En).unwrap();
        assert_eq!(text.subject, "Consultation request: Republic of Moldova");
        assert!(!text.body.contains("SECRET-THREAT-DETAILS"));
        r.acknowledge("", &staff(), t("2024-05-01T10:00:00Z")).unwrap();
        assert_eq!(nations(&recipients(&Notice::RequestAcknowledged { request: &r }, net())), ["MDA"]);
        assert!(
            render(&Notice::RequestAcknowledged { request: &r }, &Recipient::Nation(code("USA")), net(), Lang::En)
                .is_none()
        );
        // A meeting Moldova does not sit in is not named to it.
        let mut secret = meeting(9, allies_plus(&[]), "2024-05-08T10:00:00Z");
        secret.title = "ALLIES-ONLY-TITLE".into();
        let n = Notice::RequestMeetingConvened { request: &r, meeting: &secret };
        let body = render(&n, &Recipient::Nation(code("MDA")), net(), Lang::En).unwrap().body;
        assert!(!body.contains("ALLIES-ONLY-TITLE") && body.contains("Sign in"), "{body}");
        let open = meeting(10, allies_plus(&["MDA"]), "2024-05-08T10:00:00Z");
        let n = Notice::RequestMeetingConvened { request: &r, meeting: &open };
        assert!(
            render(&n, &Recipient::Nation(code("MDA")), net(), Lang::En)
                .unwrap()
                .body
                .contains("North Atlantic Council")
        );
    }

    #[test]
    fn polls_tell_the_winner_once_closed() {
        let m = meeting(1, allies_plus(&["UKR"]), "2024-06-20T10:00:00Z");
        let d = PollDraft {
            title: "Next date".into(),
            options: vec![t("2024-06-18T09:00:00Z"), t("2024-06-19T09:00:00Z")],
            hide_results_until_close: true,
            closes_at: None,
        };
        let mut p = Poll::open(PollId(1), &m, &d, &staff(), t("2024-06-01T00:00:00Z")).unwrap().0;
        let yes_second: BTreeMap<u32, Answer> = [(1, Answer::No), (2, Answer::Yes)].into();
        p.vote(&yes_second, &delegate("UKR"), t("2024-06-02T00:00:00Z"), &m, net()).unwrap();
        let opened = Notice::PollOpened { meeting: &m, poll: &p };
        assert_eq!(recipients(&opened, net()).len(), 33);
        let early = Notice::PollClosed { meeting: &m, poll: &p, at: t("2024-06-03T00:00:00Z") };
        assert!(recipients(&early, net()).is_empty(), "not closed");
        p.close(&staff(), t("2024-06-03T00:00:00Z")).unwrap();
        let closed = Notice::PollClosed { meeting: &m, poll: &p, at: t("2024-06-03T00:00:00Z") };
        let r = render(&closed, &Recipient::Nation(code("UKR")), net(), Lang::En).unwrap();
        assert!(r.body.ends_with("Most convenient date: 2024-06-19 09:00 UTC"), "{}", r.body);
    }

    #[test]
    fn recipients_map_to_users_by_role() {
        let geo = Recipient::Nation(code("GEO"));
        assert!(geo.includes(&delegate("GEO")));
        assert!(!geo.includes(&analyst_of("GEO")));
        assert!(!geo.includes(&delegate("UKR")));
        assert!(Recipient::Staff.includes(&staff()));
        assert!(!Recipient::Staff.includes(&analyst()));
    }

    fn audience() -> impl Strategy<Value = Audience> {
        prop_oneof![
            Just(Audience::StaffOnly),
            Just(Audience::AlliesOnly),
            Just(Audience::AllPartners),
            Just(Audience::Public),
            Just(Audience::Frameworks(vec![fw("PFP")])),
            Just(Audience::Frameworks(vec![fw("MD"), fw("ICI")])),
            proptest::sample::subsequence(vec!["UKR", "GEO", "EGY", "JPN", "MDA", "AUT"], 1..3)
                .prop_map(|v| Audience::Nations(v.into_iter().map(code).collect())),
        ]
    }

    fn format() -> impl Strategy<Value = FormatSpec> {
        (
            any::<bool>(),
            proptest::sample::subsequence(vec!["PFP", "MD", "ICI", "PAG"], 0..2),
            proptest::sample::subsequence(vec!["UKR", "GEO", "EGY", "JPN", "RUS", "SWE", "FIN"], 0..4),
        )
            .prop_filter_map("an empty format", |(allies, fws, partners)| {
                let spec = FormatSpec {
                    include_allies: allies,
                    frameworks: fws.into_iter().map(fw).collect(),
                    partners: partners.into_iter().map(code).collect(),
                };
                spec.validate().ok().map(|_| spec)
            })
    }

    proptest! {
        // Each case checks every notice against every nation of the network in both languages.
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// No notice of any kind ever goes to a nation that may not see its item, and whoever may
        /// not see the item gets no text; whoever is a recipient gets one.
        #[test]
        fn no_recipient_outside_visibility(
            spec in format(),
            year in 1996i32..2026,
            item_audience in audience(),
            record_audience in audience(),
            action_audience in audience(),
            request_audience in audience(),
        ) {
            let start = format!("{year}-06-15T10:00:00Z");
            let planned = meeting(1, spec.clone(), &start);
            let m = held_meeting(1, spec, &start);
            let seats = participants(&m, net());
            let at = m.start + chrono::Duration::days(1);
            let s = staff();
            let mut agenda = Agenda::new(MeetingId(1));
            let proposer = seats.seats.first().map(|x| delegate(x.nation.as_str())).unwrap_or_else(staff);
            let p = AgendaProposal { title: "Item".into(), description: String::new(), release: release(item_audience) };
            let before = planned.start - chrono::Duration::days(5);
            agenda.propose(AgendaItemId(1), &p, &proposer, before, &planned, net()).unwrap();
            let proposed = agenda.item(AgendaItemId(1)).unwrap().clone();
            agenda.accept(AgendaItemId(1), &s, before, &planned).unwrap();
            let accepted = agenda.item(AgendaItemId(1)).unwrap().clone();
            let mut rec =
                crate::consultation::SummaryRecord::draft(&m, &release(record_audience), "text", &s, at).unwrap().0;
            rec.circulate(1, at + chrono::Duration::days(3), &s, at).unwrap();
            let owner = seats.seats.last().map(|x| x.nation.clone());
            let action = owner.map(|o| {
                let d = ActionDraft { title: "Act".into(), owner: o, due: at.date_naive(), decision: None, release: release(action_audience) };
                Action::assign(ActionId(1), &m, &d, &s, at, net()).unwrap().0
            });
            let requester = net().nations().find(|n| crate::consultation::check_eligibility(&n.code, RequestBasis::Other, at.date_naive(), net()).is_ok());
            let request = requester.map(|n| {
                let d = RequestDraft { basis: RequestBasis::Other, threat: "t".into(), release: release(request_audience.clone()) };
                ConsultationRequest::file(RequestId(1), &d, &delegate(n.code.as_str()), at, net()).unwrap().0
            });
            let poll = Poll::open(PollId(1), &planned, &PollDraft { title: "Date".into(), options: vec![at, at + chrono::Duration::days(1)], hide_results_until_close: true, closes_at: None }, &s, before).unwrap().0;
            let agreed_at = at + chrono::Duration::days(3);
            let mut notices = vec![
                Notice::MeetingConvened { meeting: &m },
                Notice::AgendaItemProposed { meeting: &planned, item: &proposed },
                Notice::AgendaItemAccepted { meeting: &planned, item: &accepted },
                Notice::RecordCirculated { meeting: &m, record: &rec, version: 1 },
                Notice::RecordAgreed { meeting: &m, record: &rec, at: agreed_at },
                Notice::PollOpened { meeting: &planned, poll: &poll },
            ];
            if let Some(a) = &action {
                notices.push(Notice::ActionAssigned { meeting: &m, action: a });
                notices.push(Notice::ActionOverdue { meeting: &m, action: a, today: a.due + chrono::Duration::days(1) });
            }
            if let Some(r) = &request {
                notices.push(Notice::RequestSubmitted { request: r });
                notices.push(Notice::RequestAcknowledged { request: r });
                notices.push(Notice::RequestMeetingConvened { request: r, meeting: &m });
            }
            for n in &notices {
                let rs = recipients(n, net());
                for nation in net().nations() {
                    let rcpt = Recipient::Nation(nation.code.clone());
                    let who = delegate(nation.code.as_str());
                    let may = may_receive(n, Viewer::User(&who), net());
                    if rs.contains(&rcpt) {
                        prop_assert!(may, "{:?} sent to {} who may not see it", n.kind(), nation.code);
                    }
                    for lang in [Lang::En, Lang::Fr] {
                        let text = render(n, &rcpt, net(), lang);
                        prop_assert_eq!(text.is_some(), may, "{:?} rendered for {}", n.kind(), nation.code);
                        if rs.contains(&rcpt) {
                            prop_assert!(text.is_some());
                        }
                    }
                }
                for r in &rs {
                    if let Recipient::Nation(c) = r {
                        prop_assert!(seats.includes(c) || request.as_ref().is_some_and(|q| &q.requester == c));
                    }
                }
            }
        }
    }
}
