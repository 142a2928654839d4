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

/// The Fluent rendering says exactly what the former Rust rendering said, for every reason and
/// any numbers (a check kept while the texts moved into the catalogues).
#[cfg(test)]
mod same_text_as_before {
    use super::*;
    use proptest::prelude::*;

    // The former rendering (parallel English and French Rust), kept for this check only.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum OldLang {
        En,
        Fr,
    }
    fn ratio(x: f64, lang: OldLang) -> String {
        let s = format!("{x:.1}");
        if lang == OldLang::Fr { s.replace('.', ",") } else { s }
    }

    fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
        let n = n.into();
        format!("{n} {}", if n == 1 { one } else { many })
    }

    fn legacy_issue_text(issue: &Issue, lang: OldLang) -> String {
        match (issue, lang) {
            (Issue::Overlap { activity }, OldLang::En) => {
                format!("already placed in {activity}, whose dates overlap")
            }
            (Issue::Overlap { activity }, OldLang::Fr) => {
                format!("déjà placé(e) dans {activity}, dont les dates se chevauchent")
            }
            (Issue::Prerequisite { missing }, OldLang::En) => {
                format!("has not completed prerequisite {missing}")
            }
            (Issue::Prerequisite { missing }, OldLang::Fr) => {
                format!("n'a pas suivi le prérequis {missing}")
            }
        }
    }

    fn legacy_render(e: &Explanation, mechanism: Mechanism, lang: OldLang) -> String {
        let head = match lang {
            OldLang::En => format!(
                "{} — {} (priority {}): {} of {} seat{}.",
                e.nation,
                e.activity,
                e.priority,
                e.granted,
                e.requested,
                if e.requested == 1 { "" } else { "s" }
            ),
            OldLang::Fr => format!(
                "{} — {} (priorité {}) : {} place{} sur {}.",
                e.nation,
                e.activity,
                e.priority,
                e.granted,
                if e.granted > 1 { "s" } else { "" },
                e.requested
            ),
        };
        let body = match (&e.reason, lang) {
            (Reason::Granted, OldLang::En) => "Granted in full.".to_string(),
            (Reason::Granted, OldLang::Fr) => "Demande satisfaite en totalité.".to_string(),
            (Reason::NotEligible { open_to, nation_frameworks, on }, OldLang::En) => format!(
                "Not eligible: on {on} the activity is open to {} and the nation takes part in {}.",
                if open_to.is_empty() { "every participating nation".to_string() } else { open_to.join(", ") },
                if nation_frameworks.is_empty() { "no framework".to_string() } else { nation_frameworks.join(", ") }
            ),
            (Reason::NotEligible { open_to, nation_frameworks, on }, OldLang::Fr) => format!(
                "Non éligible : au {on}, l'activité est ouverte à {} et la nation participe à {}.",
                if open_to.is_empty() { "toute nation participante".to_string() } else { open_to.join(", ") },
                if nation_frameworks.is_empty() { "aucun cadre".to_string() } else { nation_frameworks.join(", ") }
            ),
            (Reason::PrerequisiteMissing { prerequisite }, OldLang::En) => {
                format!("No nominee can meet prerequisite {prerequisite}.")
            }
            (Reason::PrerequisiteMissing { prerequisite }, OldLang::Fr) => {
                format!("Aucun candidat ne remplit le prérequis {prerequisite}.")
            }
            (Reason::ActivityNationCap { cap }, OldLang::En) => {
                format!(
                    "The activity gives at most {} to one nation; you received them all.",
                    plural(*cap, "seat", "seats")
                )
            }
            (Reason::ActivityNationCap { cap }, OldLang::Fr) => {
                format!(
                    "L'activité accorde au plus {} par nation ; vous les avez toutes reçues.",
                    plural(*cap, "place", "places")
                )
            }
            (Reason::NomineesShort { listed, placed, notes }, OldLang::En) => {
                let mut s = format!(
                    "Only {placed} of {} could take a seat; the other seats went back to the pool.",
                    plural(*listed as u64, "nominee", "nominees")
                );
                for n in notes {
                    s.push_str(&format!(" {}: {}.", n.nominee, legacy_issue_text(&n.issue, lang)));
                }
                s
            }
            (Reason::NomineesShort { listed, placed, notes }, OldLang::Fr) => {
                let mut s = format!(
                    "Seuls {placed} candidats sur {listed} pouvaient occuper une place ; les autres places sont retournées au pot commun."
                );
                for n in notes {
                    s.push_str(&format!(" {} : {}.", n.nominee, legacy_issue_text(&n.issue, lang)));
                }
                s
            }
            (Reason::NationCap { cap }, OldLang::En) => {
                format!("Your nation reached its overall cap of {}.", plural(*cap, "seat", "seats"))
            }
            (Reason::NationCap { cap }, OldLang::Fr) => {
                format!("Votre nation a atteint son plafond global de {}.", plural(*cap, "place", "places"))
            }
            (Reason::Contested(c), OldLang::En) => contest_en(c, mechanism),
            (Reason::Contested(c), OldLang::Fr) => contest_fr(c, mechanism),
            (Reason::FilledEarlier { capacity, filled_at, your_position }, OldLang::En) => format!(
                "First come, first served: its {} were all taken by request #{filled_at}; yours was #{your_position}.",
                plural(*capacity, "seat", "seats")
            ),
            (Reason::FilledEarlier { capacity, filled_at, your_position }, OldLang::Fr) => format!(
                "Premier arrivé, premier servi : ses {} étaient toutes prises à la demande n° {filled_at} ; la vôtre était la n° {your_position}.",
                plural(*capacity, "place", "places")
            ),
            (Reason::FilledInDraft { capacity, round }, OldLang::En) => format!(
                "Snake draft: its last of {} was picked in round {round}, before you could pick it.",
                plural(*capacity, "seat", "seats")
            ),
            (Reason::FilledInDraft { capacity, round }, OldLang::Fr) => format!(
                "Tirage en serpentin : la dernière de ses {} a été choisie au tour {round}, avant votre tour.",
                plural(*capacity, "place", "places")
            ),
            (Reason::Wasted { free_seats }, OldLang::En) => {
                format!(
                    "Not explained: {} left free although you were below your caps.",
                    plural(*free_seats, "seat was", "seats were")
                )
            }
            (Reason::Wasted { free_seats }, OldLang::Fr) => {
                format!("Inexpliqué : {free_seats} place(s) restée(s) libre(s) alors que vous étiez sous vos plafonds.")
            }
        };
        format!("{head} {body}")
    }

    fn contest_en(c: &Contest, mechanism: Mechanism) -> String {
        let mut s = format!(
            "Activity oversubscribed {}× ({}, {} asked).",
            ratio(c.oversubscription, OldLang::En),
            plural(c.capacity, "seat", "seats"),
            c.demand
        );
        if mechanism == Mechanism::Utilitarian {
            s.push_str(
                " The utilitarian rule gives seats to the highest priorities, whatever each nation already holds.",
            );
            return s;
        }
        if c.holders == 0 {
            s.push_str(" You hold all of its seats.");
            return s;
        }
        if c.weighted {
            s.push_str(&format!(
                " Relative to their entitlements, none of the {} holding its seats has more than you would with one seat more; moving a seat to you cannot reduce inequality.",
                plural(c.holders as u64, "nation", "nations")
            ));
            return s;
        }
        let who = if c.holders == 1 {
            "The only other nation holding its seats has".to_string()
        } else {
            format!("Each of the {} nations holding its seats has", c.holders)
        };
        s.push_str(&format!(
            " {who} at most one seat more than you in total (you hold {}, the most any holds is {})",
            c.your_total, c.max_holder_total
        ));
        if c.holders_one_more > 0 {
            s.push_str(&format!(
                ", and the {} with one more ranked it at least as high",
                if c.holders_one_more == 1 { "one".to_string() } else { c.holders_one_more.to_string() }
            ));
        }
        s.push_str(": moving a seat to you cannot reduce inequality.");
        s
    }

    fn contest_fr(c: &Contest, mechanism: Mechanism) -> String {
        let mut s = format!(
            "Activité demandée {} fois sa capacité ({}, {} demandées).",
            ratio(c.oversubscription, OldLang::Fr),
            plural(c.capacity, "place", "places"),
            c.demand
        );
        if mechanism == Mechanism::Utilitarian {
            s.push_str(" La règle utilitariste attribue les places aux plus hautes priorités, quoi que chaque nation détienne déjà.");
            return s;
        }
        if c.holders == 0 {
            s.push_str(" Vous en détenez toutes les places.");
            return s;
        }
        if c.weighted {
            s.push_str(&format!(
                " Au regard de leurs droits, aucune des {} qui en détiennent les places n'en a plus que vous avec une place de plus ; vous en attribuer une ne peut pas réduire l'inégalité.",
                plural(c.holders as u64, "nation", "nations")
            ));
            return s;
        }
        let who = if c.holders == 1 {
            "La seule autre nation qui en détient des places a".to_string()
        } else {
            format!("Chacune des {} nations qui en détiennent les places a", c.holders)
        };
        s.push_str(&format!(
            " {who} au plus une place de plus que vous au total (vous en avez {}, le maximum est {})",
            c.your_total, c.max_holder_total
        ));
        if c.holders_one_more > 0 {
            s.push_str(&format!(
                " ; {} qui en {} une de plus l'{} classée au moins aussi haut",
                if c.holders_one_more == 1 { "celle".to_string() } else { format!("les {}", c.holders_one_more) },
                if c.holders_one_more == 1 { "a" } else { "ont" },
                if c.holders_one_more == 1 { "a" } else { "ont" }
            ));
        }
        s.push_str(" : vous attribuer une place ne peut pas réduire l'inégalité.");
        s
    }

    fn old(lang: Lang) -> OldLang {
        match lang {
            Lang::En => OldLang::En,
            Lang::Fr => OldLang::Fr,
        }
    }

    fn n() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..4, 0u32..2000]
    }

    fn codes() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec("[A-Z]{2,8}", 0..3)
    }

    fn note() -> impl Strategy<Value = NomineeNote> {
        ("[A-Z]{3}-[0-9]{2}", "[A-Z0-9-]{1,8}", any::<bool>()).prop_map(|(nominee, id, overlap)| NomineeNote {
            nominee,
            issue: if overlap { Issue::Overlap { activity: id } } else { Issue::Prerequisite { missing: id } },
        })
    }

    fn contest() -> impl Strategy<Value = Contest> {
        (n(), 0u64..100_000, 0u32..1000, 0usize..5, n(), n(), 0usize..4, any::<bool>(), any::<bool>(), any::<i64>())
            .prop_map(
                |(
                    capacity,
                    demand,
                    tenths,
                    holders,
                    your_total,
                    max_holder_total,
                    one_more,
                    ranked,
                    weighted,
                    level,
                )| {
                    Contest {
                        capacity,
                        demand,
                        oversubscription: f64::from(tenths) / 10.0,
                        holders,
                        your_total,
                        max_holder_total,
                        holders_one_more: one_more,
                        one_more_ranked_at_least_as_high: ranked,
                        weighted,
                        clearing_level: level,
                        your_level: level,
                        highest_holder_level: level,
                    }
                },
            )
    }

    fn reason() -> impl Strategy<Value = Reason> {
        prop_oneof![
            Just(Reason::Granted),
            (codes(), codes(), "[0-9]{4}-[0-9]{2}-[0-9]{2}").prop_map(|(open_to, nation_frameworks, on)| {
                Reason::NotEligible { open_to, nation_frameworks, on }
            }),
            "[A-Z0-9-]{1,10}".prop_map(|prerequisite| Reason::PrerequisiteMissing { prerequisite }),
            n().prop_map(|cap| Reason::ActivityNationCap { cap }),
            (0usize..4, n(), prop::collection::vec(note(), 0..3))
                .prop_map(|(listed, placed, notes)| Reason::NomineesShort { listed, placed, notes }),
            n().prop_map(|cap| Reason::NationCap { cap }),
            contest().prop_map(Reason::Contested),
            (n(), n(), n()).prop_map(|(capacity, filled_at, your_position)| Reason::FilledEarlier {
                capacity,
                filled_at,
                your_position
            }),
            (n(), n()).prop_map(|(capacity, round)| Reason::FilledInDraft { capacity, round }),
            n().prop_map(|free_seats| Reason::Wasted { free_seats }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn fluent_says_what_the_code_said(
            nation in "[A-Z]{3,4}",
            activity in "A[0-9]{2,4}",
            priority in 1u32..1000,
            granted in n(),
            requested in n(),
            reason in reason(),
            mechanism in prop::sample::select(Mechanism::ALL.to_vec()),
            lang in prop::sample::select(Lang::ALL.to_vec()),
        ) {
            let e = Explanation { nation: &nation, activity: &activity, priority, requested, granted, status: Status::Denied, reason };
            prop_assert_eq!(render(&e, mechanism, lang), legacy_render(&e, mechanism, old(lang)));
        }
    }
}
