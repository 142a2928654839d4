//! The allocation mechanisms: the primary leximin-fair max-seat flow, the utilitarian flow, and the
//! first-come-first-served and snake-draft baselines; then nominee placement with fallback.
//!
//! # The primary mechanism: one min-cost max-flow
//! Nodes: source `s`, one node per nation, one per activity, sink `t`.
//! * `s → nation i`: a convex arc of capacity `U_i = min(cap_i, Σ_j r'_ij)` whose k-th unit costs
//!   `F·s_i·(2k−1)` — the same as `U_i` parallel unit arcs; `F·s_i·u_i²` in total.
//! * `nation i → activity j`: capacity `r'_ij` (usable seats of the request), cost = the nation's
//!   priority rank `π_ij` (1 = most wanted).
//! * `activity j → t`: capacity `C_j`, cost 0.
//!
//! The maximum flow of least cost is lexicographically optimal for (1) seats filled, (2)
//! `Σ s_i·u_i²` — with equal weights, `Σ u_i²`, hence leximin for these matroid-rank valuations —
//! (3) `Σ π_ij·x_ij`, each nation's own priorities: `F` is chosen larger than any possible change
//! of (3) divided by the least possible change of (2), so the levels never trade off. (4) Ties left
//! after (1)–(3) are broken deterministically: nations enter the network in the order of a
//! published seeded lottery.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use entente_domain::rng;

use crate::flow::{self, Arc, FlowError, Problem};
use crate::model::Instance;
use crate::nominee::{self, Placement};

/// Which rule allocates the seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mechanism {
    /// Leximin-fair max-seat flow (the default).
    Primary,
    /// The same network without the fairness term: max seats, then priorities.
    Utilitarian,
    /// First come, first served, by submission time then input order.
    Fcfs,
    /// Snake draft in a published seeded random order of nations.
    Draft,
}

impl Mechanism {
    pub const ALL: [Mechanism; 4] = [Mechanism::Primary, Mechanism::Draft, Mechanism::Fcfs, Mechanism::Utilitarian];

    pub fn as_str(self) -> &'static str {
        match self {
            Mechanism::Primary => "primary",
            Mechanism::Utilitarian => "utilitarian",
            Mechanism::Fcfs => "fcfs",
            Mechanism::Draft => "draft",
        }
    }
}

impl fmt::Display for Mechanism {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mechanism {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mechanism::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| format!("unknown mechanism '{s}' (expected primary, fcfs, draft or utilitarian)"))
    }
}

/// Why an allocation could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum AllocationError {
    #[error("the flow solver failed: {0}")]
    Flow(#[from] FlowError),
    /// A lottery given to [`allocate_in_order`] that is not an order of all the nations.
    #[error("the lottery must list each of the {nations} nations once")]
    Lottery { nations: usize },
}

/// The optimality certificate of a flow mechanism: node potentials under which no residual arc has
/// negative reduced cost. Explanations are read from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// `F`: the cost of the fairness term per unit of `s_i·(2k−1)`; 0 for the utilitarian flow.
    pub fairness_unit: i64,
    /// `s_i`: per-nation multiplier of the fairness term (1 for equal weights).
    pub nation_scale: Vec<i64>,
    /// Potential of each nation node (source at 0): between `F·s_i·(2u_i−1)` and `F·s_i·(2u_i+1)`.
    pub nation_potential: Vec<i64>,
    /// Potential of each activity node: the activity's clearing level. Every holder `i` has
    /// `p_i + π_ij ≤ level`; every nation left wanting has `p_i + π_ij ≥ level`.
    pub activity_potential: Vec<i64>,
    pub sink_potential: i64,
    /// Minimum total cost and flow value.
    pub cost: i128,
    pub value: i64,
}

/// How a baseline ran out of seats, for its explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trace {
    /// First-come-first-served: for each activity, the 1-based position (in processing order) of
    /// the request that took its last seat.
    Fcfs { filled_at: Vec<Option<u32>>, position: Vec<u32> },
    /// Snake draft: the round (1-based) in which each activity's last seat was picked.
    Draft { filled_in_round: Vec<Option<u32>> },
}

/// An allocation: seats per request, and how it came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub mechanism: Mechanism,
    pub seed: u64,
    /// The published lottery: nation indices in drawn order (draft order; tie-break order).
    pub lottery: Vec<usize>,
    /// Seats given, per request (in [`Instance::requests`] order).
    pub seats: Vec<u32>,
    /// Usable seats per request after nominee fallback (≤ the request's usable seats).
    pub usable: Vec<u32>,
    /// Seats per nation.
    pub totals: Vec<u32>,
    pub certificate: Option<Certificate>,
    pub trace: Option<Trace>,
    pub placement: Placement,
    /// Allocation rounds: 1, plus one per return of unplaceable seats to the pool.
    pub rounds: u32,
}

/// How a round's allocation was computed (flow mechanisms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solve {
    /// Presolved network, solved anew.
    Cold,
    /// Re-optimised from the previous round's optimum.
    Warm,
    /// A warm start was tried and did not qualify: the full network was solved anew.
    WarmRejected,
    /// A baseline (no flow).
    Baseline,
}

/// Time spent in one round of [`allocate_timed`] (for benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundTime {
    pub solve_kind: Solve,
    /// Seats the previous round gave beyond the usable seats of this one (0 in round 1).
    pub returned: u64,
    /// Arcs of the network solved (after presolve on a cold solve).
    pub arcs: usize,
    /// Building the network (and the warm start).
    pub build: Duration,
    /// The solver (or the baseline rule).
    pub solve: Duration,
    /// Nominee placement.
    pub place: Duration,
}

/// Allocate with `mechanism` and the published `seed` (nominees placed on up to
/// [`default_threads`] threads; the outcome does not depend on the number of threads).
pub fn allocate(inst: &Instance, mechanism: Mechanism, seed: u64) -> Result<Outcome, AllocationError> {
    allocate_timed(inst, mechanism, seed, default_threads()).map(|(out, _)| out)
}

/// Threads the engine uses where work splits by nation: the machine's cores, at most 4.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
}

/// [`allocate`] with nominees placed on up to `threads` threads, also returning the time spent in
/// each round.
pub fn allocate_timed(
    inst: &Instance,
    mechanism: Mechanism,
    seed: u64,
    threads: usize,
) -> Result<(Outcome, Vec<RoundTime>), AllocationError> {
    allocate_in_order(inst, mechanism, seed, rng::lottery(inst.nations.len(), seed), threads)
}

/// [`allocate_timed`] with the lottery given as nation indices in drawn order instead of drawn from
/// `seed` (kept in the outcome as given): replays a published order, e.g. one drawn before the
/// lottery moved to the shared generator (see the crate README, *The lottery*).
pub fn allocate_in_order(
    inst: &Instance,
    mechanism: Mechanism,
    seed: u64,
    lottery: Vec<usize>,
    threads: usize,
) -> Result<(Outcome, Vec<RoundTime>), AllocationError> {
    let n = inst.nations.len();
    let mut seen = vec![false; n];
    if lottery.len() != n || !lottery.iter().all(|&i| i < n && !std::mem::replace(&mut seen[i], true)) {
        return Err(AllocationError::Lottery { nations: n });
    }
    let fair = mechanism == Mechanism::Primary;
    let flows = matches!(mechanism, Mechanism::Primary | Mechanism::Utilitarian);
    let nominees = inst.requests.iter().any(|r| !r.nominees.is_empty());
    std::thread::scope(|scope| {
        // Later rounds re-optimise on the full network: with a spare thread and nominees (hence
        // possibly later rounds), it is built while the first round solves.
        let mut pending =
            (flows && nominees && threads > 1).then(|| scope.spawn(|| WarmNet::new(inst, &lottery, fair)));
        let mut warm_net: Option<WarmNet> = None;
        let mut times = Vec::new();
        let mut usable: Vec<u32> = inst.requests.iter().map(|r| r.usable).collect();
        let mut rounds = 0u32;
        let mut previous: Option<(Vec<u32>, Certificate)> = None;
        let mut last_placement: Option<(Vec<u32>, Placement)> = None;
        // Nominees are indexed once for all rounds, on the spare thread while round 1 solves.
        let mut placer_pending = (nominees && threads > 1).then(|| scope.spawn(|| nominee::Placer::new(inst)));
        let mut placer: Option<nominee::Placer> = None;
        loop {
            rounds += 1;
            let warm = previous.as_ref().map(|(s, c)| (s.as_slice(), c));
            let returned = warm.map_or(0, |(s, _)| back(s, &usable));
            let mut time = RoundTime {
                solve_kind: Solve::Baseline,
                returned,
                arcs: 0,
                build: Duration::ZERO,
                solve: Duration::ZERO,
                place: Duration::ZERO,
            };
            let started = Instant::now();
            let (seats, certificate, trace) = if flows {
                let round = Round { inst, usable: &usable, lottery: &lottery, fair, number: rounds };
                let (s, c) = round.solve(warm, &mut warm_net, &mut pending, &mut time)?;
                (s, Some(c), None)
            } else if mechanism == Mechanism::Fcfs {
                let (s, t) = fcfs(inst, &usable);
                (s, None, Some(t))
            } else {
                let (s, t) = draft(inst, &usable, &lottery);
                (s, None, Some(t))
            };
            if time.solve_kind == Solve::Baseline {
                time.solve = started.elapsed();
            }
            let started = Instant::now();
            let placer = placer.get_or_insert_with(|| match placer_pending.take() {
                Some(handle) => handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => nominee::Placer::new(inst),
            });
            let placement = placer.place_on(&seats, last_placement.as_ref(), threads);
            time.place = started.elapsed();
            times.push(time);
            let mut changed = false;
            for (r, req) in inst.requests.iter().enumerate() {
                if !req.nominees.is_empty() && placement.placed_count[r] < seats[r] {
                    usable[r] = placement.placed_count[r];
                    changed = true;
                }
            }
            if !changed {
                let mut totals = vec![0u32; inst.nations.len()];
                for (r, &s) in inst.requests.iter().zip(&seats) {
                    totals[r.nation] += s;
                }
                let out = Outcome {
                    mechanism,
                    seed,
                    lottery: lottery.clone(),
                    seats,
                    usable,
                    totals,
                    certificate,
                    trace,
                    placement,
                    rounds,
                };
                return Ok((out, times));
            }
            if let Some(c) = certificate {
                previous = Some((seats.clone(), c));
            }
            last_placement = Some((seats, placement));
        }
    })
}

/// Per-nation fairness multipliers `s_i`: 1 for equal weights; otherwise `round(100·w_max/w_i)`,
/// so that minimising `Σ s_i·u_i²` gives seats in proportion to the weights (to 1 %).
pub fn nation_scale(inst: &Instance) -> Vec<i64> {
    let first = inst.nations.first().map(|n| n.weight).unwrap_or(1.0);
    if inst.nations.iter().all(|n| n.weight == first) {
        return vec![1; inst.nations.len()];
    }
    let max = inst.nations.iter().map(|n| n.weight).fold(f64::MIN, f64::max);
    inst.nations.iter().map(|n| ((100.0 * max / n.weight).round() as i64).max(1)).collect()
}

/// The flow network of the primary (`fair = true`) or utilitarian mechanism.
///
/// Presolve: when an activity has room for every usable seat asked of it, each request for it by
/// a nation without an overall cap is granted in full in *every* maximum flow (otherwise
/// `s → nation → activity → t` would be an augmenting path), so those seats are fixed and their
/// arcs left out; the nation's convex arc then starts at its fixed seats `L_i` (first unit
/// `F·s_i·(2L_i+1)`), which keeps the objective identical.
pub struct Network {
    pub problem: Problem,
    /// Arc of each request (`None` when it has no usable seat or is fixed).
    pub request_arc: Vec<Option<usize>>,
    /// Seats fixed by presolve, per request.
    pub fixed: Vec<u32>,
    /// Cost of the fixed part: `Σ F·s_i·L_i² + Σ π·fixed seats`.
    pub fixed_cost: i128,
    /// Node of each nation.
    pub nation_node: Vec<u32>,
    /// Node of activity `j` is `activity_base + j`.
    pub activity_base: u32,
    pub fairness_unit: i64,
    pub nation_scale: Vec<i64>,
}

/// `U_i = min(cap_i, Σ usable seats of nation i's requests)`: the most seats nation `i` can use.
fn nation_bounds(inst: &Instance, usable: &[u32]) -> Vec<i64> {
    let mut wanted = vec![0u64; inst.nations.len()];
    for (r, &u) in inst.requests.iter().zip(usable) {
        wanted[r.nation] += u64::from(u);
    }
    wanted.iter().zip(&inst.nations).map(|(&w, n)| w.min(n.cap.map_or(u64::MAX, u64::from)) as i64).collect()
}

impl Network {
    /// The source arc of nation `i`: source arcs come first, in lottery order, as the nation nodes.
    fn source_arc(&self, i: usize) -> usize {
        self.nation_node[i] as usize - 2
    }
}

/// Build the network. Node 0 is the source, node 1 the sink.
pub fn network(inst: &Instance, usable: &[u32], lottery: &[usize], fair: bool, presolve: bool) -> Network {
    let n = inst.nations.len();
    let scale = nation_scale(inst);
    let mut nation_node = vec![0u32; n];
    for (rank, &i) in lottery.iter().enumerate() {
        nation_node[i] = 2 + rank as u32;
    }
    let activity_base = 2 + n as u32;
    // U_i from the current usable seats; F from the instance's own usable seats, an upper bound
    // on every round's, so F stays the same when seats go back to the pool.
    let (mut pmin, mut pmax) = (u32::MAX, 0u32);
    for r in inst.requests.iter().filter(|r| r.usable > 0) {
        pmin = pmin.min(r.priority);
        pmax = pmax.max(r.priority);
    }
    let bound = nation_bounds(inst, usable);
    let original: Vec<u32> = inst.requests.iter().map(|r| r.usable).collect();
    let capacity: i64 = inst.activities.iter().map(|a| i64::from(a.seats)).sum();
    let flow_bound = capacity.min(nation_bounds(inst, &original).iter().sum());
    let spread = i64::from(pmax.saturating_sub(pmin));
    let equal = scale.iter().all(|&s| s == 1);
    let fairness_unit = if !fair { 0 } else { spread.saturating_mul(flow_bound) / if equal { 2 } else { 1 } + 1 };

    // Presolve.
    let mut asked = vec![0u64; inst.activities.len()];
    for (r, &u) in inst.requests.iter().zip(usable) {
        asked[r.activity] += u64::from(u);
    }
    let mut fixed = vec![0u32; inst.requests.len()];
    let mut fixed_nation = vec![0i64; n];
    let mut fixed_activity = vec![0i64; inst.activities.len()];
    let mut fixed_cost: i128 = 0;
    for (k, r) in inst.requests.iter().enumerate() {
        if presolve
            && usable[k] > 0
            && inst.nations[r.nation].cap.is_none()
            && asked[r.activity] <= u64::from(inst.activities[r.activity].seats)
        {
            fixed[k] = usable[k];
            fixed_nation[r.nation] += i64::from(usable[k]);
            fixed_activity[r.activity] += i64::from(usable[k]);
            fixed_cost += i128::from(usable[k]) * i128::from(r.priority);
        }
    }

    let mut arcs = Vec::with_capacity(n + inst.requests.len() + inst.activities.len());
    for &i in lottery {
        let unit = fairness_unit.saturating_mul(scale[i]);
        let low = fixed_nation[i];
        fixed_cost += i128::from(unit) * i128::from(low) * i128::from(low);
        let first = unit.saturating_mul(2 * low + 1);
        arcs.push(Arc { tail: 0, head: nation_node[i], cap: bound[i] - low, cost: first, slope: unit });
    }
    let ranges = inst.nation_ranges();
    let mut request_arc = vec![None; inst.requests.len()];
    let nodes = 2 + n + inst.activities.len();
    let mut mine: Vec<usize> = Vec::new();
    for &i in lottery {
        mine.clear();
        // Presolved: the open requests that still have usable seats. Full: every request with
        // usable seats in the instance, so that later rounds can lower capacities in place.
        mine.extend(
            (ranges[i]..ranges[i + 1])
                .filter(|&r| if presolve { usable[r] > 0 && fixed[r] == 0 } else { inst.requests[r].usable > 0 }),
        );
        for &r in &mine {
            let req = &inst.requests[r];
            request_arc[r] = Some(arcs.len());
            arcs.push(Arc {
                tail: nation_node[i],
                head: activity_base + req.activity as u32,
                cap: i64::from(usable[r]),
                cost: i64::from(req.priority),
                slope: 0,
            });
        }
    }
    for (j, a) in inst.activities.iter().enumerate() {
        arcs.push(Arc {
            tail: activity_base + j as u32,
            head: 1,
            cap: i64::from(a.seats) - fixed_activity[j],
            cost: 0,
            slope: 0,
        });
    }
    Network {
        problem: Problem { nodes, arcs },
        request_arc,
        fixed,
        fixed_cost,
        nation_node,
        activity_base,
        fairness_unit,
        nation_scale: scale,
    }
}

/// The full (unpresolved) network of the rounds that re-optimise, kept with its solver session:
/// one arc per request with usable seats in the instance, whose capacities later rounds lower in
/// place.
struct WarmNet {
    net: Network,
    session: flow::Session,
    /// The round whose optimum the session holds (0: none yet).
    solved: u32,
}

impl WarmNet {
    fn new(inst: &Instance, lottery: &[usize], fair: bool) -> Result<WarmNet, FlowError> {
        let usable: Vec<u32> = inst.requests.iter().map(|r| r.usable).collect();
        let mut net = network(inst, &usable, lottery, fair, false);
        let problem = std::mem::take(&mut net.problem);
        let session = flow::Session::new(problem, 0, 1)?;
        Ok(WarmNet { net, session, solved: 0 })
    }

    /// Capacities of the source and request arcs for `usable` seats (activity arcs never change).
    fn caps(&self, inst: &Instance, usable: &[u32]) -> Vec<(usize, i64)> {
        let mut caps = Vec::with_capacity(inst.nations.len() + inst.requests.len());
        for (i, bound) in nation_bounds(inst, usable).into_iter().enumerate() {
            caps.push((self.net.source_arc(i), bound));
        }
        for (r, a) in self.net.request_arc.iter().enumerate() {
            if let Some(a) = *a {
                caps.push((a, i64::from(usable[r])));
            }
        }
        caps
    }
}

/// One round of a flow mechanism.
struct Round<'a> {
    inst: &'a Instance,
    usable: &'a [u32],
    lottery: &'a [usize],
    fair: bool,
    number: u32,
}

type Pending<'s> = Option<std::thread::ScopedJoinHandle<'s, Result<WarmNet, FlowError>>>;

impl Round<'_> {
    /// Solve the round. The first round presolves; a later round (after seats went back to the
    /// pool) re-optimises on the full network from the previous round's optimum when few seats
    /// went back, and presolves and solves anew otherwise.
    fn solve(
        &self,
        previous: Option<(&[u32], &Certificate)>,
        warm_net: &mut Option<WarmNet>,
        pending: &mut Pending<'_>,
        time: &mut RoundTime,
    ) -> Result<(Vec<u32>, Certificate), AllocationError> {
        let inst = self.inst;
        // Seats the previous round gave beyond the new usable seats: the units a warm start
        // re-routes. Few of them: successive shortest paths from the previous optimum on the full
        // network; many: a new solve of the presolved network is cheaper.
        if let Some((seats, cert)) = previous.filter(|(seats, _)| back(seats, self.usable) <= flow::REPAIR_UNITS as u64)
        {
            let started = Instant::now();
            let w = match warm_net {
                Some(w) => w,
                None => warm_net.insert(match pending.take() {
                    Some(handle) => handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?,
                    None => WarmNet::new(inst, self.lottery, self.fair)?,
                }),
            };
            let caps = w.caps(inst, self.usable);
            time.arcs = w.session.problem().arcs.len();
            let sol = if w.solved + 1 == self.number {
                let changes: Vec<(usize, i64)> =
                    caps.into_iter().filter(|&(a, c)| w.session.problem().arcs[a].cap != c).collect();
                time.build = started.elapsed();
                let started = Instant::now();
                let sol = w.session.lower(&changes)?;
                time.solve = started.elapsed();
                sol
            } else {
                let mut all: Vec<i64> = w.session.problem().arcs.iter().map(|a| a.cap).collect();
                for (a, c) in caps {
                    all[a] = c;
                }
                let (flow, potentials) = warm_start(inst, &w.net, w.session.problem(), seats, cert);
                time.build = started.elapsed();
                let started = Instant::now();
                let sol = w.session.restart(&all, flow::Start { flow: &flow, potentials: &potentials })?;
                time.solve = started.elapsed();
                sol
            };
            if let Some(sol) = sol {
                w.solved = self.number;
                time.solve_kind = Solve::Warm;
                return Ok(certified(inst, &w.net, &sol));
            }
            // The start did not qualify: solve anew, counting the attempt as building time.
            w.solved = 0;
            let (out, cold) = self.cold_timed()?;
            *time = RoundTime {
                solve_kind: Solve::WarmRejected,
                returned: time.returned,
                build: time.build + time.solve + cold.build,
                ..cold
            };
            return Ok(out);
        }
        let (out, cold) = self.cold_timed()?;
        *time = RoundTime { returned: time.returned, ..cold };
        Ok(out)
    }

    /// Presolve and solve anew.
    fn cold_timed(&self) -> Result<((Vec<u32>, Certificate), RoundTime), AllocationError> {
        let started = Instant::now();
        let net = network(self.inst, self.usable, self.lottery, self.fair, true);
        let build = started.elapsed();
        let started = Instant::now();
        let sol = flow::solve(&net.problem, 0, 1)?;
        let time = RoundTime {
            solve_kind: Solve::Cold,
            returned: 0,
            arcs: net.problem.arcs.len(),
            build,
            solve: started.elapsed(),
            place: Duration::ZERO,
        };
        Ok((certified(self.inst, &net, &sol), time))
    }
}

/// Seats per request and the certificate, from a solution of `net`.
fn certified(inst: &Instance, net: &Network, sol: &flow::Solution) -> (Vec<u32>, Certificate) {
    let seats = net.request_arc.iter().zip(&net.fixed).map(|(a, &f)| f + a.map_or(0, |a| sol.flow[a] as u32)).collect();
    let certificate = Certificate {
        fairness_unit: net.fairness_unit,
        nation_scale: net.nation_scale.clone(),
        nation_potential: net.nation_node.iter().map(|&v| sol.potentials[v as usize]).collect(),
        activity_potential: (0..inst.activities.len())
            .map(|j| sol.potentials[net.activity_base as usize + j])
            .collect(),
        sink_potential: sol.potentials[1],
        cost: sol.cost + net.fixed_cost,
        value: sol.value + net.fixed.iter().map(|&f| i64::from(f)).sum::<i64>(),
    };
    (seats, certificate)
}

/// Seats `seats` gives beyond `usable`, summed over the requests.
fn back(seats: &[u32], usable: &[u32]) -> u64 {
    seats.iter().zip(usable).map(|(&s, &u)| u64::from(s.saturating_sub(u))).sum()
}

/// The earlier round's flow on the (unpresolved) network, from its seats, and its potentials; the
/// solver cuts it to the new capacities.
fn warm_start(
    inst: &Instance,
    net: &Network,
    problem: &Problem,
    seats: &[u32],
    cert: &Certificate,
) -> (Vec<i64>, Vec<i64>) {
    let arcs = &problem.arcs;
    let mut flow = vec![0i64; arcs.len()];
    let mut nation_total = vec![0i64; inst.nations.len()];
    let mut activity_total = vec![0i64; inst.activities.len()];
    for (r, req) in inst.requests.iter().enumerate() {
        // Seats of a request left without an arc still count at its nation and activity: the
        // solver sees the difference as an excess and a deficit to re-route.
        let x = i64::from(seats[r]);
        nation_total[req.nation] += x;
        activity_total[req.activity] += x;
        if let Some(a) = net.request_arc[r] {
            flow[a] = x;
        }
    }
    for (i, &total) in nation_total.iter().enumerate() {
        flow[net.source_arc(i)] = total;
    }
    for (a, arc) in arcs.iter().enumerate() {
        if arc.head == 1 {
            flow[a] = activity_total[(arc.tail - net.activity_base) as usize];
        }
    }
    let mut potentials = vec![0i64; problem.nodes];
    potentials[1] = cert.sink_potential;
    for (i, &v) in net.nation_node.iter().enumerate() {
        potentials[v as usize] = cert.nation_potential[i];
    }
    for (j, p) in cert.activity_potential.iter().enumerate() {
        potentials[net.activity_base as usize + j] = *p;
    }
    (flow, potentials)
}

fn fcfs(inst: &Instance, usable: &[u32]) -> (Vec<u32>, Trace) {
    let mut order: Vec<usize> = (0..inst.requests.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&inst.requests[a], &inst.requests[b]);
        (ra.submitted.is_none(), &ra.submitted, ra.position).cmp(&(rb.submitted.is_none(), &rb.submitted, rb.position))
    });
    let mut free: Vec<u32> = inst.activities.iter().map(|a| a.seats).collect();
    let mut room: Vec<u32> = inst.nations.iter().map(|n| n.cap.unwrap_or(u32::MAX)).collect();
    let mut seats = vec![0u32; inst.requests.len()];
    let mut filled_at = vec![None; inst.activities.len()];
    let mut position = vec![0u32; inst.requests.len()];
    for (k, &r) in order.iter().enumerate() {
        let req = &inst.requests[r];
        position[r] = k as u32 + 1;
        let g = usable[r].min(free[req.activity]).min(room[req.nation]);
        seats[r] = g;
        free[req.activity] -= g;
        room[req.nation] -= g;
        if g > 0 && free[req.activity] == 0 {
            filled_at[req.activity] = Some(k as u32 + 1);
        }
    }
    (seats, Trace::Fcfs { filled_at, position })
}

fn draft(inst: &Instance, usable: &[u32], lottery: &[usize]) -> (Vec<u32>, Trace) {
    let ranges = inst.nation_ranges();
    // Each nation's requests, best first: priority rank, then activity id.
    let prefs: Vec<Vec<usize>> = (0..inst.nations.len())
        .map(|i| {
            let mut v: Vec<usize> = (ranges[i]..ranges[i + 1]).filter(|&r| usable[r] > 0).collect();
            v.sort_by_key(|&r| (inst.requests[r].priority, inst.requests[r].activity));
            v
        })
        .collect();
    let mut cursor = vec![0usize; inst.nations.len()];
    let mut free: Vec<u32> = inst.activities.iter().map(|a| a.seats).collect();
    let mut room: Vec<u32> = inst.nations.iter().map(|n| n.cap.unwrap_or(u32::MAX)).collect();
    let mut seats = vec![0u32; inst.requests.len()];
    let mut filled_in_round = vec![None; inst.activities.len()];
    let mut active: Vec<usize> = lottery.to_vec();
    let mut round = 0u32;
    while !active.is_empty() {
        round += 1;
        let forward = round % 2 == 1;
        let mut still = Vec::with_capacity(active.len());
        let turns: Box<dyn Iterator<Item = &usize>> =
            if forward { Box::new(active.iter()) } else { Box::new(active.iter().rev()) };
        for &i in turns {
            let list = &prefs[i];
            let c = &mut cursor[i];
            while *c < list.len() {
                let r = list[*c];
                if seats[r] < usable[r] && free[inst.requests[r].activity] > 0 {
                    break;
                }
                *c += 1;
            }
            if *c == list.len() || room[i] == 0 {
                continue;
            }
            let r = list[*c];
            let j = inst.requests[r].activity;
            seats[r] += 1;
            free[j] -= 1;
            room[i] -= 1;
            if free[j] == 0 {
                filled_in_round[j] = Some(round);
            }
            still.push(i);
        }
        if !forward {
            still.reverse();
        }
        active = still;
    }
    (seats, Trace::Draft { filled_in_round })
}

/// The total cost the primary network assigns to an allocation (for cross-checks): fairness term
/// plus priorities.
pub fn objective(inst: &Instance, seats: &[u32], fairness_unit: i64, scale: &[i64]) -> i128 {
    let mut totals = vec![0i128; inst.nations.len()];
    let mut prio = 0i128;
    for (r, &s) in inst.requests.iter().zip(seats) {
        totals[r.nation] += i128::from(s);
        prio += i128::from(s) * i128::from(r.priority);
    }
    let fair: i128 = totals.iter().zip(scale).map(|(&u, &s)| u * u * i128::from(s)).sum();
    i128::from(fairness_unit) * fair + prio
}
