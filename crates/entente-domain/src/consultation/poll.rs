//! Scheduling polls: staff offer date-times for an upcoming meeting; each nation seated in the
//! meeting answers every option yes / if need be / no (a new answer replaces its previous one);
//! results may be hidden from the nations until the poll closes (staff, who run the poll, always
//! see them). The winning option is the one most nations can attend (yes or if need be), then the
//! one with most plain yeses, then the earliest, then the first offered: deterministic, and
//! independent of the order in which nations voted.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::common::{
    Actor, ConsultationError, Lang, MeetingId, PollId, TITLE_MAX, clean_text, invalid, require_staff_writer, subject,
};
use super::meeting::{Meeting, may_see_meeting, participants};
use crate::access::{Permit, Principal, Viewer};
use crate::registry::{NationCode, Network};
use crate::said;

pub const MAX_POLL_OPTIONS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    IfNeedBe,
    No,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::IfNeedBe, Answer::No];

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::IfNeedBe => "if_need_be",
            Answer::No => "no",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Answer::Yes => lang.pick("Yes", "Oui"),
            Answer::IfNeedBe => lang.pick("If need be", "Si nécessaire"),
            Answer::No => lang.pick("No", "Non"),
        }
    }
}

/// One date-time offered, numbered from 1 in the order offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOption {
    pub number: u32,
    pub start: DateTime<Utc>,
}

/// A nation's answers to every option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub nation: NationCode,
    pub answers: BTreeMap<u32, Answer>,
    pub at: DateTime<Utc>,
    pub by: Actor,
}

/// What staff fill in to open a poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollDraft {
    pub title: String,
    pub options: Vec<DateTime<Utc>>,
    pub hide_results_until_close: bool,
    /// When voting stops on its own, if ever (staff may also close the poll).
    pub closes_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Poll {
    pub id: PollId,
    pub meeting: MeetingId,
    pub title: String,
    pub created_by: Actor,
    pub created_at: DateTime<Utc>,
    pub options: Vec<PollOption>,
    pub hide_results_until_close: bool,
    pub closes_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    votes: Vec<Vote>,
    /// The stored row's version (0 before it is stored). Closing bumps it; a vote is a row of its
    /// own and only checks that the poll is still open, so votes never overwrite each other.
    #[serde(skip)]
    pub version: i64,
}

/// The tally of one option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OptionTally {
    pub option: PollOption,
    pub yes: u32,
    pub if_need_be: u32,
    pub no: u32,
}

impl OptionTally {
    /// Nations that can attend (yes or if need be).
    pub fn available(&self) -> u32 {
        self.yes + self.if_need_be
    }
}

/// What a viewer allowed to see the results sees: the tallies, each nation's answers, the winner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PollResults {
    pub tallies: Vec<OptionTally>,
    pub votes: Vec<Vote>,
    pub winner: Option<PollOption>,
}

impl Poll {
    /// Staff open a poll for an upcoming meeting.
    pub fn open(
        id: PollId,
        meeting: &Meeting,
        draft: &PollDraft,
        by: &Principal,
        at: DateTime<Utc>,
    ) -> Result<(Poll, Permit), ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-open-scheduling", "only alliance staff open scheduling polls"),
        )?;
        if !meeting.status().is_upcoming() {
            return Err(ConsultationError::Conflict(said!(
                "err-polls-schedule-meetings-still",
                "polls schedule meetings that are still upcoming"
            )));
        }
        if draft.options.len() < 2 || draft.options.len() > MAX_POLL_OPTIONS {
            return Err(invalid(
                "options",
                said!("err-poll-options-count", "offer 2 to {max} date-times", max = MAX_POLL_OPTIONS),
            ));
        }
        for (i, o) in draft.options.iter().enumerate() {
            if draft.options[..i].contains(o) {
                return Err(invalid("options", said!("err-poll-option-twice", "{time} is offered twice", time = *o)));
            }
        }
        if draft.options.iter().any(|o| *o <= at) {
            return Err(invalid("options", said!("err-offer-date-times-future", "offer date-times in the future")));
        }
        if draft.closes_at.is_some_and(|c| c <= at) {
            return Err(invalid("closes_at", said!("err-must-future", "must be in the future")));
        }
        let poll = Poll {
            id,
            meeting: meeting.id,
            title: clean_text("title", &draft.title, TITLE_MAX)?,
            created_by: Actor::of(by),
            created_at: at,
            options: draft
                .options
                .iter()
                .enumerate()
                .map(|(i, s)| PollOption { number: i as u32 + 1, start: *s })
                .collect(),
            hide_results_until_close: draft.hide_results_until_close,
            closes_at: draft.closes_at,
            closed_at: None,
            votes: Vec::new(),
            version: 0,
        };
        Ok((poll, Permit::new("poll.open", by, subject::POLL, 0)))
    }

    /// Rebuild a stored poll with its votes (one per nation).
    #[allow(clippy::too_many_arguments)]
    pub fn from_parts(
        id: PollId,
        meeting: MeetingId,
        title: String,
        created_by: Actor,
        created_at: DateTime<Utc>,
        options: Vec<PollOption>,
        hide_results_until_close: bool,
        closes_at: Option<DateTime<Utc>>,
        closed_at: Option<DateTime<Utc>>,
        votes: Vec<Vote>,
    ) -> Result<Poll, ConsultationError> {
        let numbers: Vec<u32> = options.iter().map(|o| o.number).collect();
        if numbers != (1..=options.len() as u32).collect::<Vec<_>>() {
            return Err(invalid("options", said!("err-options-numbered-1-2", "options are numbered 1, 2, 3 …")));
        }
        for (i, v) in votes.iter().enumerate() {
            if votes[..i].iter().any(|x| x.nation == v.nation) {
                return Err(invalid(
                    "votes",
                    said!("err-poll-two-votes", "{nation} has two votes", nation = &v.nation),
                ));
            }
            if !v.answers.keys().copied().eq(numbers.iter().copied()) {
                return Err(invalid(
                    "votes",
                    said!(
                        "err-poll-vote-incomplete",
                        "the vote of {nation} does not answer every option",
                        nation = &v.nation
                    ),
                ));
            }
        }
        Ok(Poll {
            id,
            meeting,
            title,
            created_by,
            created_at,
            options,
            hide_results_until_close,
            closes_at,
            closed_at,
            votes,
            version: 0,
        })
    }

    pub fn votes(&self) -> &[Vote] {
        &self.votes
    }

    pub fn is_closed(&self, now: DateTime<Utc>) -> bool {
        self.closed_at.is_some_and(|c| c <= now) || self.closes_at.is_some_and(|c| c <= now)
    }

    /// The delegation of a nation seated in the meeting answers every option; a later vote of the
    /// same nation replaces the earlier one.
    pub fn vote(
        &mut self,
        answers: &BTreeMap<u32, Answer>,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
        network: &Network,
    ) -> Result<Permit, ConsultationError> {
        let Some(nation) = by.nation() else {
            return Err(ConsultationError::NotPermitted(said!(
                "err-nations-vote-staff-run",
                "nations vote; staff run the poll"
            )));
        };
        if !by.can_write() {
            return Err(ConsultationError::NotPermitted(said!("err-analysts-do-vote", "analysts do not vote")));
        }
        if meeting.id != self.meeting {
            return Err(invalid(
                "meeting",
                said!("err-poll-belongs-another-meeting", "the poll belongs to another meeting"),
            ));
        }
        if !participants(meeting, network).includes(nation) {
            return Err(ConsultationError::NotPermitted(said!(
                "err-nations-seated-meeting-vote",
                "only nations seated in the meeting vote"
            )));
        }
        if self.is_closed(at) {
            return Err(ConsultationError::Conflict(said!("err-poll-closed", "the poll is closed")));
        }
        if !answers.keys().copied().eq(self.options.iter().map(|o| o.number)) {
            return Err(invalid("answers", said!("err-answer-every-option-once", "answer every option once")));
        }
        let vote = Vote { nation: nation.clone(), answers: answers.clone(), at, by: Actor::of(by) };
        match self.votes.iter_mut().find(|v| &v.nation == nation) {
            Some(v) => *v = vote,
            None => self.votes.push(vote),
        }
        Ok(Permit::new("poll.vote", by, subject::POLL, self.id.0))
    }

    /// Staff close the poll.
    pub fn close(&mut self, by: &Principal, at: DateTime<Utc>) -> Result<Permit, ConsultationError> {
        require_staff_writer(
            by,
            said!("err-alliance-staff-close-scheduling", "only alliance staff close scheduling polls"),
        )?;
        if self.is_closed(at) {
            return Err(ConsultationError::Conflict(said!("err-poll-already-closed", "the poll is already closed")));
        }
        self.closed_at = Some(at);
        Ok(Permit::new("poll.close", by, subject::POLL, self.id.0))
    }

    /// The tallies, option by option.
    pub fn tallies(&self) -> Vec<OptionTally> {
        self.options
            .iter()
            .map(|o| {
                let count =
                    |a: Answer| self.votes.iter().filter(|v| v.answers.get(&o.number) == Some(&a)).count() as u32;
                OptionTally {
                    option: *o,
                    yes: count(Answer::Yes),
                    if_need_be: count(Answer::IfNeedBe),
                    no: count(Answer::No),
                }
            })
            .collect()
    }

    /// The winning option: most available, then most yes, then earliest, then first offered.
    /// None before anyone has voted.
    pub fn winner(&self) -> Option<PollOption> {
        if self.votes.is_empty() {
            return None;
        }
        self.tallies()
            .into_iter()
            .max_by(|a, b| {
                (a.available(), a.yes)
                    .cmp(&(b.available(), b.yes))
                    .then_with(|| (b.option.start, b.option.number).cmp(&(a.option.start, a.option.number)))
            })
            .map(|t| t.option)
    }

    /// The nation's own vote (always visible to it).
    pub fn own_vote(&self, principal: &Principal) -> Option<&Vote> {
        let n = principal.nation()?;
        self.votes.iter().find(|v| &v.nation == n)
    }
}

/// Whether `viewer` may see the poll: those who may see its meeting.
pub fn may_see_poll(viewer: Viewer<'_>, poll: &Poll, meeting: &Meeting, network: &Network) -> bool {
    poll.meeting == meeting.id && may_see_meeting(viewer, meeting, network)
}

/// The results `viewer` may see at `now`: none if it may not see the poll; for nations, none
/// while the poll is open if the creator hid the results until close; staff always see them.
pub fn visible_results(
    poll: &Poll,
    viewer: Viewer<'_>,
    now: DateTime<Utc>,
    meeting: &Meeting,
    network: &Network,
) -> Option<PollResults> {
    if !may_see_poll(viewer, poll, meeting, network) {
        return None;
    }
    let staff = matches!(viewer, Viewer::User(p) if p.is_staff());
    if !staff && poll.hide_results_until_close && !poll.is_closed(now) {
        return None;
    }
    let mut votes = poll.votes.clone();
    votes.sort_by(|a, b| a.nation.cmp(&b.nation));
    Some(PollResults { tallies: poll.tallies(), votes, winner: poll.winner() })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::consultation::testing::*;

    fn setup(hidden: bool) -> (Meeting, Poll) {
        let m = meeting(4, allies_plus(&["UKR", "GEO"]), "2024-06-20T10:00:00Z");
        let draft = PollDraft {
            title: "Date of the next meeting with Ukraine and Georgia".into(),
            options: vec![t("2024-06-18T09:00:00Z"), t("2024-06-19T09:00:00Z"), t("2024-06-20T09:00:00Z")],
            hide_results_until_close: hidden,
            closes_at: Some(t("2024-06-10T00:00:00Z")),
        };
        let p = Poll::open(PollId(1), &m, &draft, &staff(), t("2024-06-01T00:00:00Z")).unwrap().0;
        (m, p)
    }

    fn answers(a: [Answer; 3]) -> BTreeMap<u32, Answer> {
        a.into_iter().enumerate().map(|(i, x)| (i as u32 + 1, x)).collect()
    }

    use Answer::{IfNeedBe as M, No as N, Yes as Y};

    #[test]
    fn nations_in_the_room_vote_and_the_best_date_wins() {
        let (m, mut p) = setup(false);
        let at = t("2024-06-02T00:00:00Z");
        assert_eq!(p.winner(), None);
        p.vote(&answers([Y, M, N]), &delegate("UKR"), at, &m, net()).unwrap();
        p.vote(&answers([N, Y, Y]), &delegate("GEO"), at, &m, net()).unwrap();
        p.vote(&answers([Y, N, Y]), &delegate("USA"), at, &m, net()).unwrap();
        // Options 1, 2, 3 have 2, 2, 2 available; yes 2, 1, 2; option 1 is earlier than 3.
        assert_eq!(p.winner().unwrap().number, 1);
        p.vote(&answers([N, M, Y]), &delegate("UKR"), at, &m, net()).unwrap();
        assert_eq!(p.votes().len(), 3, "a new vote replaces the old one");
        assert_eq!(p.winner().unwrap().number, 3);
        let e = p.vote(&answers([Y, Y, Y]), &delegate("MDA"), at, &m, net()).unwrap_err();
        assert_eq!(e.code(), "not_permitted");
        assert!(p.vote(&answers([Y, Y, Y]), &staff(), at, &m, net()).is_err());
        assert!(p.vote(&answers([Y, Y, Y]), &analyst_of("UKR"), at, &m, net()).is_err());
        let partial: BTreeMap<u32, Answer> = [(1, Y), (2, Y)].into();
        assert_eq!(
            p.vote(&partial, &delegate("FRA"), at, &m, net()).unwrap_err().to_string(),
            "answers: answer every option once"
        );
        let e = p.vote(&answers([Y, Y, Y]), &delegate("FRA"), t("2024-06-10T00:00:00Z"), &m, net()).unwrap_err();
        assert_eq!(e.to_string(), "the poll is closed");
        let rebuilt = Poll::from_parts(
            p.id,
            p.meeting,
            p.title.clone(),
            p.created_by.clone(),
            p.created_at,
            p.options.clone(),
            p.hide_results_until_close,
            p.closes_at,
            p.closed_at,
            p.votes().to_vec(),
        );
        assert_eq!(rebuilt.unwrap(), p);
    }

    #[test]
    fn hidden_results_wait_for_the_close() {
        let (m, mut p) = setup(true);
        let at = t("2024-06-02T00:00:00Z");
        p.vote(&answers([Y, M, N]), &delegate("UKR"), at, &m, net()).unwrap();
        let ukr = delegate("UKR");
        assert!(visible_results(&p, Viewer::User(&ukr), at, &m, net()).is_none());
        assert_eq!(p.own_vote(&ukr).unwrap().answers[&1], Y);
        assert!(visible_results(&p, Viewer::User(&staff()), at, &m, net()).is_some());
        assert!(visible_results(&p, Viewer::User(&delegate("MDA")), at, &m, net()).is_none());
        p.close(&staff(), t("2024-06-05T00:00:00Z")).unwrap();
        assert!(p.close(&staff(), t("2024-06-06T00:00:00Z")).is_err());
        let r = visible_results(&p, Viewer::User(&ukr), t("2024-06-05T00:00:00Z"), &m, net()).unwrap();
        assert_eq!(r.winner.unwrap().number, 1);
        assert_eq!((r.tallies[0].yes, r.tallies[1].if_need_be, r.tallies[2].no), (1, 1, 1));
        assert!(visible_results(&p, Viewer::User(&delegate("MDA")), t("2024-06-05T00:00:00Z"), &m, net()).is_none());
        let (m, open) = setup(false);
        assert!(visible_results(&open, Viewer::User(&ukr), at, &m, net()).is_some());
        assert!(visible_results(&open, Viewer::Anonymous, at, &m, net()).is_none());
    }

    #[test]
    fn polls_are_checked_when_opened() {
        let m = meeting(4, allies_plus(&[]), "2024-06-20T10:00:00Z");
        let at = t("2024-06-01T00:00:00Z");
        let d = PollDraft {
            title: "Date".into(),
            options: vec![t("2024-06-18T09:00:00Z")],
            hide_results_until_close: false,
            closes_at: None,
        };
        assert!(Poll::open(PollId(1), &m, &d, &staff(), at).is_err(), "one option is no choice");
        let twice = PollDraft { options: vec![t("2024-06-18T09:00:00Z"), t("2024-06-18T09:00:00Z")], ..d.clone() };
        assert!(Poll::open(PollId(1), &m, &twice, &staff(), at).is_err());
        let ok = PollDraft { options: vec![t("2024-06-18T09:00:00Z"), t("2024-06-19T09:00:00Z")], ..d };
        assert!(Poll::open(PollId(1), &m, &ok, &delegate("USA"), at).is_err());
        let past = PollDraft { closes_at: Some(at), ..ok.clone() };
        assert!(Poll::open(PollId(1), &m, &past, &staff(), at).is_err());
        let bygone = PollDraft { options: vec![at, t("2024-06-19T09:00:00Z")], ..ok.clone() };
        assert_eq!(
            Poll::open(PollId(1), &m, &bygone, &staff(), at).unwrap_err().to_string(),
            "options: offer date-times in the future"
        );
        assert!(Poll::open(PollId(1), &m, &ok, &staff(), at).is_ok());
    }

    fn answer() -> impl Strategy<Value = Answer> {
        prop_oneof![Just(Y), Just(M), Just(N)]
    }

    proptest! {
        /// The winner has the most available nations, does not depend on the order of voting, and
        /// hidden results are never shown to a nation before the close.
        #[test]
        fn the_winner_is_deterministic_and_best(
            votes in proptest::collection::vec(proptest::array::uniform3(answer()), 1..8),
            hidden in any::<bool>(),
            rotate in 0usize..8,
        ) {
            let nations = ["UKR", "GEO", "USA", "FRA", "POL", "EST", "ISL", "TUR"];
            let (m, mut p) = setup(hidden);
            let (_, mut q) = setup(hidden);
            let at = t("2024-06-02T00:00:00Z");
            for (i, v) in votes.iter().enumerate() {
                p.vote(&answers(*v), &delegate(nations[i]), at, &m, net()).unwrap();
            }
            let n = votes.len();
            for k in 0..n {
                let i = (k + rotate) % n;
                q.vote(&answers(votes[i]), &delegate(nations[i]), at, &m, net()).unwrap();
            }
            prop_assert_eq!(p.winner(), q.winner());
            let w = p.winner().unwrap();
            let tallies = p.tallies();
            let best = tallies.iter().map(OptionTally::available).max().unwrap();
            prop_assert_eq!(tallies[w.number as usize - 1].available(), best);
            for who in nations.iter().take(n) {
                let seen = visible_results(&p, Viewer::User(&delegate(who)), at, &m, net());
                prop_assert_eq!(seen.is_some(), !hidden);
            }
        }
    }
}
