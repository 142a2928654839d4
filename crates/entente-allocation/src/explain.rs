//! Explanations: for every request, why it received what it received — as data first, then as
//! English or French text.
//!
//! For the flow mechanisms the data is read from the optimality certificate. The solver returns
//! node potentials `p` under which no residual arc has negative reduced cost (no improving
//! residual cycle exists). For a request `(i, j)` left wanting while nation `i` is below its caps,
//! the forward arc `i → j` is residual, so the activity's clearing level `p_j ≤ p_i + π_ij`; for
//! every nation `i'` holding a seat in `j` the backward arc is residual, so
//! `p_i' + π_i'j ≤ p_j`. The nation potentials lie within one seat of the fairness term:
//! `F·s_i·(2u_i − 1) ≤ p_i ≤ F·s_i·(2u_i + 1)`. Chained, and because `F` exceeds any priority
//! difference, every holder has **at most one seat more than you in total** and those with exactly
//! one more **ranked the activity at least as high** — moving a seat to you cannot reduce
//! inequality. Those consequences are stated in the data (`holders`, `max_holder_total`,
//! `holders_one_more`…) and checked against the allocation by the property tests.

use entente_domain::Lang;
use entente_i18n::{FluentValue, decimal, t, t_args};
use serde::Serialize;

use crate::mechanism::{Certificate, Mechanism, Outcome, Trace};
use crate::model::{Ineligible, Instance};
use crate::nominee::Issue;

/// Outcome of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Granted,
    Partial,
    Denied,
}

/// A nominee who could not be placed, for the explanation of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NomineeNote {
    pub nominee: String,
    pub issue: Issue,
}

/// The contest for a full activity, read from the optimality certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contest {
    pub capacity: u32,
    /// Usable seats all nations asked for.
    pub demand: u64,
    /// `demand / capacity`.
    pub oversubscription: f64,
    /// Nations holding seats in the activity.
    pub holders: usize,
    /// Seats you hold in total.
    pub your_total: u32,
    /// Most seats any holder has in total.
    pub max_holder_total: u32,
    /// Holders with exactly one seat more than you in total.
    pub holders_one_more: usize,
    /// Whether every holder with one seat more ranked this activity at least as high as you.
    pub one_more_ranked_at_least_as_high: bool,
    /// Entitlement weights differ: totals compare relative to weights.
    pub weighted: bool,
    /// The activity's clearing level `p_j` (certificate potential).
    pub clearing_level: i64,
    /// Your bid for it, `p_i + π_ij`: never below the clearing level.
    pub your_level: i64,
    /// Highest `p_i' + π_i'j` among holders: never above the clearing level.
    pub highest_holder_level: i64,
}

/// Why a request received what it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Every seat asked for was given.
    Granted,
    /// On the activity's start date the nation belongs to none of the frameworks it is open to.
    NotEligible { open_to: Vec<String>, nation_frameworks: Vec<String>, on: String },
    /// No listed nominee can meet this prerequisite.
    PrerequisiteMissing { prerequisite: String },
    /// The activity gives at most `cap` seats to one nation; all of them were given.
    ActivityNationCap { cap: u32 },
    /// Fewer nominees could take a seat than were asked for; the other seats went back to the pool.
    NomineesShort { listed: usize, placed: u32, notes: Vec<NomineeNote> },
    /// The nation reached its overall cap of seats.
    NationCap { cap: u32 },
    /// The activity is full and moving a seat to you would not reduce inequality (flow mechanisms).
    Contested(Contest),
    /// First come, first served: the activity was full when your request was reached.
    FilledEarlier { capacity: u32, filled_at: u32, your_position: u32 },
    /// Snake draft: the activity's last seat was picked in this round.
    FilledInDraft { capacity: u32, round: u32 },
    /// Seats were left although the activity had room and the nation was below its caps: never
    /// produced by the shipped mechanisms (their allocations waste no seat); reported rather than
    /// hidden if an allocation from elsewhere is explained.
    Wasted { free_seats: u32 },
}

/// The explanation of one request (names borrowed from the instance).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation<'a> {
    pub nation: &'a str,
    pub activity: &'a str,
    pub priority: u32,
    pub requested: u32,
    pub granted: u32,
    pub status: Status,
    pub reason: Reason,
}

/// Per-activity facts shared by the explanations.
pub struct Context<'a, 'o> {
    inst: &'a Instance,
    out: &'o Outcome,
    /// `holders[start[j]..start[j+1]]`: (nation, seats, priority) of nations holding seats in j.
    start: Vec<usize>,
    holders: Vec<(usize, u32, u32)>,
    filled: Vec<u32>,
    demand: Vec<u64>,
    /// Entitlement weights differ (flow mechanisms).
    weighted: bool,
    /// `unplaced[unplaced_start[r]..unplaced_start[r+1]]`: indices into the placement's
    /// `infeasible` list of request `r`'s unplaced nominees, in list order.
    unplaced_start: Vec<usize>,
    unplaced: Vec<usize>,
}

impl<'a, 'o> Context<'a, 'o> {
    pub fn new(inst: &'a Instance, out: &'o Outcome) -> Context<'a, 'o> {
        let a = inst.activities.len();
        let mut start = vec![0usize; a + 1];
        let mut filled = vec![0u32; a];
        let mut demand = vec![0u64; a];
        for (r, req) in inst.requests.iter().enumerate() {
            demand[req.activity] += u64::from(req.usable);
            if out.seats[r] > 0 {
                start[req.activity + 1] += 1;
                filled[req.activity] += out.seats[r];
            }
        }
        for j in 0..a {
            start[j + 1] += start[j];
        }
        let mut next = start.clone();
        let mut holders = vec![(0, 0, 0); start[a]];
        for (r, req) in inst.requests.iter().enumerate() {
            if out.seats[r] > 0 {
                holders[next[req.activity]] = (req.nation, out.seats[r], req.priority);
                next[req.activity] += 1;
            }
        }
        let weighted = out.certificate.as_ref().is_some_and(|c| c.nation_scale.iter().any(|&s| s != 1));
        let requests = inst.requests.len();
        let mut unplaced_start = vec![0usize; requests + 1];
        for x in &out.placement.infeasible {
            if x.request < requests {
                unplaced_start[x.request + 1] += 1;
            }
        }
        for r in 0..requests {
            unplaced_start[r + 1] += unplaced_start[r];
        }
        let mut next = unplaced_start.clone();
        let mut unplaced = vec![0usize; unplaced_start[requests]];
        for (k, x) in out.placement.infeasible.iter().enumerate() {
            if x.request < requests {
                unplaced[next[x.request]] = k;
                next[x.request] += 1;
            }
        }
        Context { inst, out, start, holders, filled, demand, weighted, unplaced_start, unplaced }
    }

    /// Explain request `r` (an index into [`Instance::requests`]).
    pub fn explain(&self, r: usize) -> Explanation<'a> {
        let inst = self.inst;
        let out = self.out;
        let req = &inst.requests[r];
        let act = &inst.activities[req.activity];
        let nation = &inst.nations[req.nation];
        let granted = out.seats[r];
        let status = if granted >= req.seats {
            Status::Granted
        } else if granted > 0 {
            Status::Partial
        } else {
            Status::Denied
        };
        let reason = if granted >= req.seats {
            Reason::Granted
        } else if let (0, Some(why)) = (req.usable, &req.ineligible) {
            match why {
                Ineligible::Framework { open_to, nation_frameworks, on } => Reason::NotEligible {
                    open_to: open_to.clone(),
                    nation_frameworks: nation_frameworks.clone(),
                    on: on.to_string(),
                },
                Ineligible::Prerequisite { missing } => Reason::PrerequisiteMissing { prerequisite: missing.clone() },
            }
        } else if granted >= out.usable[r] {
            // Everything usable was given; what limited the usable seats?
            let capped = act.nation_cap.is_some_and(|c| c < req.seats && c == out.usable[r]);
            if capped && out.usable[r] == req.usable {
                Reason::ActivityNationCap { cap: act.nation_cap.unwrap_or(0) }
            } else {
                let notes = self.unplaced[self.unplaced_start[r]..self.unplaced_start[r + 1]]
                    .iter()
                    .map(|&k| &out.placement.infeasible[k])
                    .map(|x| NomineeNote { nominee: x.nominee.clone(), issue: x.issue.clone() })
                    .collect();
                Reason::NomineesShort { listed: req.nominees.len(), placed: out.placement.placed_count[r], notes }
            }
        } else if nation.cap.is_some_and(|c| out.totals[req.nation] >= c) {
            Reason::NationCap { cap: nation.cap.unwrap_or(0) }
        } else if self.filled[req.activity] < act.seats {
            Reason::Wasted { free_seats: act.seats - self.filled[req.activity] }
        } else {
            match (&out.certificate, &out.trace) {
                (Some(cert), _) => Reason::Contested(self.contest(r, cert)),
                (None, Some(Trace::Fcfs { filled_at, position })) => Reason::FilledEarlier {
                    capacity: act.seats,
                    filled_at: filled_at[req.activity].unwrap_or(0),
                    your_position: position[r],
                },
                (None, Some(Trace::Draft { filled_in_round })) => {
                    Reason::FilledInDraft { capacity: act.seats, round: filled_in_round[req.activity].unwrap_or(0) }
                }
                (None, None) => Reason::Wasted { free_seats: 0 },
            }
        };
        Explanation {
            nation: &nation.code,
            activity: &act.id,
            priority: req.priority,
            requested: req.seats,
            granted,
            status,
            reason,
        }
    }

    fn contest(&self, r: usize, cert: &Certificate) -> Contest {
        let inst = self.inst;
        let req = &inst.requests[r];
        let j = req.activity;
        let you = self.out.totals[req.nation];
        let (mut holders, mut max_holder_total, mut one_more, mut ranked) = (0usize, 0u32, 0usize, true);
        let mut highest_holder_level = i64::MIN;
        for &(nation, _, priority) in &self.holders[self.start[j]..self.start[j + 1]] {
            if nation == req.nation {
                continue;
            }
            let theirs = self.out.totals[nation];
            holders += 1;
            max_holder_total = max_holder_total.max(theirs);
            if theirs == you + 1 {
                one_more += 1;
                ranked &= priority <= req.priority;
            }
            highest_holder_level = highest_holder_level.max(cert.nation_potential[nation] + i64::from(priority));
        }
        let capacity = inst.activities[j].seats;
        let demand = self.demand[j];
        Contest {
            capacity,
            demand,
            oversubscription: if capacity == 0 {
                0.0
            } else {
                (demand as f64 / f64::from(capacity) * 10.0).round() / 10.0
            },
            holders,
            your_total: you,
            max_holder_total,
            holders_one_more: one_more,
            one_more_ranked_at_least_as_high: ranked,
            weighted: self.weighted,
            clearing_level: cert.activity_potential[j],
            your_level: cert.nation_potential[req.nation] + i64::from(req.priority),
            highest_holder_level,
        }
    }
}

/// Explain every request of `nation` (all requests when `None`).
pub fn explain<'a>(inst: &'a Instance, out: &Outcome, nation: Option<usize>) -> Vec<Explanation<'a>> {
    let ctx = Context::new(inst, out);
    (0..inst.requests.len())
        .filter(|&r| nation.is_none_or(|n| inst.requests[r].nation == n))
        .map(|r| ctx.explain(r))
        .collect()
}

fn count(n: impl Into<u64>) -> FluentValue<'static> {
    FluentValue::from(n.into())
}

fn issue_text(issue: &Issue, lang: Lang) -> String {
    match issue {
        Issue::Overlap { activity } => {
            t_args(lang, "alloc-issue-overlap", &[("activity", FluentValue::from(activity.as_str()))])
        }
        Issue::Prerequisite { missing } => {
            t_args(lang, "alloc-issue-prerequisite", &[("missing", FluentValue::from(missing.as_str()))])
        }
    }
}

/// A list of codes, or the message for none.
fn list_or(lang: Lang, codes: &[String], none: &str) -> String {
    if codes.is_empty() { t(lang, none) } else { codes.join(", ") }
}

/// Render one explanation as a sentence or two (messages `alloc-*` of the `entente-i18n`
/// catalogues).
pub fn render(e: &Explanation, mechanism: Mechanism, lang: Lang) -> String {
    let head = t_args(
        lang,
        "alloc-head",
        &[
            ("nation", e.nation.into()),
            ("activity", e.activity.into()),
            ("priority", count(e.priority)),
            ("granted", count(e.granted)),
            ("requested", count(e.requested)),
        ],
    );
    let body = match &e.reason {
        Reason::Granted => t(lang, "alloc-granted"),
        Reason::NotEligible { open_to, nation_frameworks, on } => t_args(
            lang,
            "alloc-not-eligible",
            &[
                ("on", on.as_str().into()),
                ("open", list_or(lang, open_to, "alloc-open-to-all").into()),
                ("frameworks", list_or(lang, nation_frameworks, "alloc-no-framework").into()),
            ],
        ),
        Reason::PrerequisiteMissing { prerequisite } => {
            t_args(lang, "alloc-prerequisite-missing", &[("prerequisite", prerequisite.as_str().into())])
        }
        Reason::ActivityNationCap { cap } => t_args(lang, "alloc-activity-nation-cap", &[("cap", count(*cap))]),
        Reason::NomineesShort { listed, placed, notes } => {
            let mut s =
                t_args(lang, "alloc-nominees-short", &[("placed", count(*placed)), ("listed", count(*listed as u64))]);
            for n in notes {
                s.push(' ');
                s.push_str(&t_args(
                    lang,
                    "alloc-nominee-note",
                    &[("nominee", n.nominee.as_str().into()), ("issue", issue_text(&n.issue, lang).into())],
                ));
            }
            s
        }
        Reason::NationCap { cap } => t_args(lang, "alloc-nation-cap", &[("cap", count(*cap))]),
        Reason::Contested(c) => contest(c, mechanism, lang),
        Reason::FilledEarlier { capacity, filled_at, your_position } => t_args(
            lang,
            "alloc-filled-earlier",
            &[("capacity", count(*capacity)), ("filled_at", count(*filled_at)), ("position", count(*your_position))],
        ),
        Reason::FilledInDraft { capacity, round } => {
            t_args(lang, "alloc-filled-in-draft", &[("capacity", count(*capacity)), ("round", count(*round))])
        }
        Reason::Wasted { free_seats } => t_args(lang, "alloc-wasted", &[("free_seats", count(*free_seats))]),
    };
    format!("{head} {body}")
}

fn contest(c: &Contest, mechanism: Mechanism, lang: Lang) -> String {
    let mut s = t_args(
        lang,
        "alloc-contest",
        &[
            ("ratio", decimal(lang, c.oversubscription, 1).into()),
            ("capacity", count(c.capacity)),
            ("demand", count(c.demand)),
        ],
    );
    s.push(' ');
    s.push_str(&if mechanism == Mechanism::Utilitarian {
        t(lang, "alloc-contest-utilitarian")
    } else if c.holders == 0 {
        t(lang, "alloc-contest-all-yours")
    } else if c.weighted {
        t_args(lang, "alloc-contest-weighted", &[("holders", count(c.holders as u64))])
    } else {
        t_args(
            lang,
            "alloc-contest-fair",
            &[
                ("holders", count(c.holders as u64)),
                ("your_total", count(c.your_total)),
                ("max_holder_total", count(c.max_holder_total)),
                ("one_more", count(c.holders_one_more as u64)),
            ],
        )
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_renders_from_the_catalogues_in_both_languages() {
        let contest = |holders, one_more, weighted| {
            Reason::Contested(Contest {
                capacity: 1,
                demand: 3,
                oversubscription: 3.0,
                holders,
                your_total: 2,
                max_holder_total: 3,
                holders_one_more: one_more,
                one_more_ranked_at_least_as_high: true,
                weighted,
                clearing_level: 0,
                your_level: 0,
                highest_holder_level: 0,
            })
        };
        let notes = vec![
            NomineeNote { nominee: "P1".into(), issue: Issue::Overlap { activity: "A2".into() } },
            NomineeNote { nominee: "P2".into(), issue: Issue::Prerequisite { missing: "A0".into() } },
        ];
        let reasons = [
            Reason::Granted,
            Reason::NotEligible { open_to: vec![], nation_frameworks: vec![], on: "2024-01-01".into() },
            Reason::PrerequisiteMissing { prerequisite: "A0".into() },
            Reason::ActivityNationCap { cap: 1 },
            Reason::NomineesShort { listed: 2, placed: 0, notes },
            Reason::NationCap { cap: 2 },
            contest(0, 0, false),
            contest(1, 1, false),
            contest(3, 2, false),
            contest(3, 0, true),
            Reason::FilledEarlier { capacity: 2, filled_at: 3, your_position: 4 },
            Reason::FilledInDraft { capacity: 2, round: 5 },
            Reason::Wasted { free_seats: 1 },
        ];
        for reason in reasons {
            for lang in Lang::ALL {
                for mechanism in Mechanism::ALL {
                    let e = Explanation {
                        nation: "GEO",
                        activity: "A1",
                        priority: 1,
                        requested: 2,
                        granted: 0,
                        status: Status::Denied,
                        reason: reason.clone(),
                    };
                    let text = render(&e, mechanism, lang);
                    assert!(!text.contains("alloc-") && !text.contains('{'), "{text}");
                    assert!(text.starts_with("GEO — A1 (priorit"), "{text}");
                }
            }
        }
        let e = Explanation {
            nation: "GEO",
            activity: "A1",
            priority: 2,
            requested: 3,
            granted: 1,
            status: Status::Partial,
            reason: contest(1, 1, false),
        };
        assert_eq!(
            render(&e, Mechanism::Primary, Lang::Fr),
            "GEO — A1 (priorité 2) : 1 place sur 3. Activité demandée 3,0 fois sa capacité (1 place, 3 demandées). \
             La seule autre nation qui en détient des places a au plus une place de plus que vous au total (vous en \
             avez 2, le maximum est 3) ; celle qui en a une de plus l'a classée au moins aussi haut : vous attribuer \
             une place ne peut pas réduire l'inégalité."
        );
    }
}
