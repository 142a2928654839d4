//! A pure-Rust min-cost max-flow solver: Dinic's maximum flow, then Goldberg–Tarjan cost scaling
//! (push–relabel with ε-scaling) on integer `i64` costs, then exact node potentials.
//!
//! Two kinds of arc:
//! * **linear** arcs: capacity `cap`, every unit costs `cost`;
//! * **convex** arcs: capacity `cap`, the k-th unit (k = 1, 2, …) costs `cost + 2·slope·(k−1)`.
//!   A convex arc is exactly a bundle of `cap` parallel unit arcs with increasing costs, stored as
//!   one arc: the allocation network's source arcs `F·(2k−1)` are convex arcs with
//!   `cost = slope = F`. The residual graph only ever exposes the next unit to add and the last
//!   unit to remove, which is all that optimality conditions need because the costs are convex.
//!
//! [`solve`] returns the maximum flow of least cost and **exact** node potentials `p` with
//! `cost(v,w) + p[v] − p[w] ≥ 0` for every residual arc (the optimality certificate the
//! explanations are read from). The certificate is checked before returning: a solution that is
//! returned is optimal.

use std::collections::VecDeque;

/// One arc of a flow problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    pub tail: u32,
    pub head: u32,
    pub cap: i64,
    /// Cost of the first unit.
    pub cost: i64,
    /// 0 for a linear arc; for a convex arc the k-th unit costs `cost + 2·slope·(k−1)`.
    pub slope: i64,
}

/// A max-flow min-cost problem on nodes `0..nodes`.
#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub nodes: usize,
    pub arcs: Vec<Arc>,
}

/// Why a problem could not be solved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("arc {index}: {what}")]
    BadArc { index: usize, what: &'static str },
    #[error("node {0} is out of range")]
    BadNode(usize),
    #[error("costs are too large for exact 64-bit arithmetic (largest unit cost {largest}, {nodes} nodes)")]
    CostOverflow { largest: i128, nodes: usize },
    #[error("internal error: the optimality certificate could not be established ({0})")]
    Certificate(&'static str),
}

/// The optimal flow, its value, its exact cost and an optimality certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// Flow on each arc, in the order of [`Problem::arcs`].
    pub flow: Vec<i64>,
    /// Units sent from the source to the sink.
    pub value: i64,
    /// Exact total cost (convex arcs count `Σ_k` of their unit costs).
    pub cost: i128,
    /// Node potentials: `cost + p[tail] − p[head] ≥ 0` on every residual arc, with `p[source] = 0`.
    pub potentials: Vec<i64>,
}

impl Solution {
    /// Reduced cost, under the certificate potentials, of adding one more unit on `arc`.
    pub fn reduced_cost_forward(&self, arc: &Arc, flow: i64) -> i128 {
        let unit = i128::from(arc.cost) + 2 * i128::from(arc.slope) * i128::from(flow);
        unit + i128::from(self.potentials[arc.tail as usize]) - i128::from(self.potentials[arc.head as usize])
    }
}

/// Total cost of `flow` units on `arc`.
pub fn arc_cost(arc: &Arc, flow: i64) -> i128 {
    let f = i128::from(flow);
    i128::from(arc.cost) * f + i128::from(arc.slope) * f * (f - 1)
}

/// Write `p` for other solvers, convex arcs expanded into unit arcs: a first line
/// `nodes arcs source sink`, then one line `tail head capacity cost` per arc.
pub fn write_expanded(p: &Problem, source: usize, sink: usize, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let count: i64 = p.arcs.iter().map(|a| if a.slope == 0 { 1 } else { a.cap }).sum();
    writeln!(w, "{} {} {} {}", p.nodes, count, source, sink)?;
    for a in &p.arcs {
        if a.slope == 0 {
            writeln!(w, "{} {} {} {}", a.tail, a.head, a.cap, a.cost)?;
        } else {
            for k in 0..a.cap {
                writeln!(w, "{} {} 1 {}", a.tail, a.head, a.cost + 2 * a.slope * k)?;
            }
        }
    }
    Ok(())
}

const NONE: u32 = u32::MAX;
/// Prices and costs stay within ±2^61 so that `cost + p[v] − p[w]` never overflows an i64.
const LIMIT: i64 = 1 << 61;
const ALPHA: i64 = 16;

/// One residual arc: the forward or backward half of a problem arc.
#[derive(Debug, Clone, Copy, Default)]
struct RArc {
    /// Residual capacity (for a backward half: the flow on the forward half).
    rescap: i64,
    /// Current marginal cost of one more unit on this residual arc (scaled).
    cost: i64,
    head: u32,
    /// The other half.
    opp: u32,
}

/// The residual graph in compressed sparse row form: `arcs[first[v]..first[v+1]]` leave `v`.
struct Residual {
    first: Vec<u32>,
    arcs: Vec<RArc>,
    /// Index into `convex` for both halves of a convex arc, `NONE` otherwise.
    cx: Vec<u32>,
    /// (forward half, first-unit cost, slope), scaled.
    convex: Vec<(u32, i64, i64)>,
    /// Position of each problem arc's forward half.
    pos: Vec<u32>,
}

impl Residual {
    fn build(p: &Problem, scale: i64) -> Residual {
        let n = p.nodes;
        let mut first = vec![0u32; n + 1];
        for a in &p.arcs {
            first[a.tail as usize + 1] += 1;
            first[a.head as usize + 1] += 1;
        }
        for v in 0..n {
            first[v + 1] += first[v];
        }
        let m2 = first[n] as usize;
        let mut next = first.clone();
        let mut r = Residual {
            first,
            arcs: vec![RArc::default(); m2],
            cx: vec![NONE; m2],
            convex: Vec::new(),
            pos: vec![0; p.arcs.len()],
        };
        for (i, a) in p.arcs.iter().enumerate() {
            let f = next[a.tail as usize] as usize;
            next[a.tail as usize] += 1;
            let b = next[a.head as usize] as usize;
            next[a.head as usize] += 1;
            r.arcs[f] = RArc { rescap: a.cap, cost: a.cost * scale, head: a.head, opp: b as u32 };
            r.arcs[b] = RArc { rescap: 0, cost: -a.cost * scale, head: a.tail, opp: f as u32 };
            if a.slope != 0 {
                let id = r.convex.len() as u32;
                r.convex.push((f as u32, a.cost * scale, a.slope * scale));
                r.cx[f] = id;
                r.cx[b] = id;
            }
            r.pos[i] = f as u32;
        }
        r
    }

    #[inline]
    fn range(&self, v: usize) -> std::ops::Range<usize> {
        self.first[v] as usize..self.first[v + 1] as usize
    }

    /// Recompute the marginal costs of a convex arc after its flow changed.
    #[inline]
    fn refresh_convex(&mut self, id: u32) {
        let (f, c0, q) = self.convex[id as usize];
        let b = self.arcs[f as usize].opp as usize;
        let flow = self.arcs[b].rescap;
        self.arcs[f as usize].cost = c0 + 2 * q * flow;
        self.arcs[b].cost = -(c0 + 2 * q * (flow - 1));
    }

    /// Move `delta` units along residual arc `a`.
    #[inline]
    fn push(&mut self, a: usize, delta: i64) {
        self.arcs[a].rescap -= delta;
        let b = self.arcs[a].opp as usize;
        self.arcs[b].rescap += delta;
        let id = self.cx[a];
        if id != NONE {
            self.refresh_convex(id);
        }
    }

    /// How many units along `a` stay admissible, given its current reduced cost `rc < 0`.
    #[inline]
    fn admissible_units(&self, a: usize, rc: i64) -> i64 {
        let id = self.cx[a];
        if id == NONE {
            self.arcs[a].rescap
        } else {
            let q2 = 2 * self.convex[id as usize].2;
            let units = (-rc + q2 - 1) / q2;
            units.min(self.arcs[a].rescap)
        }
    }

    fn flow(&self, arc: usize) -> i64 {
        let f = self.pos[arc] as usize;
        self.arcs[self.arcs[f].opp as usize].rescap
    }
}

/// Solve for the maximum flow from `source` to `sink` of least total cost.
pub fn solve(p: &Problem, source: usize, sink: usize) -> Result<Solution, FlowError> {
    solve_from(p, source, sink, None)
}

/// A warm start for [`solve_from`]: the optimal flow and exact potentials of the same arcs before
/// some capacities were lowered (flows above the new capacities are cut).
#[derive(Debug, Clone, Copy)]
pub struct Start<'a> {
    pub flow: &'a [i64],
    pub potentials: &'a [i64],
}

/// Most units a warm start may have to re-route by successive shortest paths; beyond, a cold
/// solve is cheaper. (Each phase moves at most one unit through a convex arc, so the phases grow
/// with the units a nation must give back: ≈30 phases for 500 units, ≈600 for 12,700 at 100×
/// scale, where a cold solve costs ≈100 phases.)
pub const REPAIR_UNITS: i64 = 2048;

/// Re-optimise from a warm start by successive shortest paths: cutting flows to the new
/// capacities leaves excesses and deficits but keeps every residual reduced cost non-negative
/// under the old potentials; they are re-routed along shortest paths (Dijkstra on reduced costs),
/// excess that cannot be placed returns to the source, deficits are met from the sink, and the flow
/// is then augmented along shortest source–sink paths until maximal. Each step keeps the flow
/// of least cost for its value, so the result is optimal. Returns false (leaving `r` to be rebuilt)
/// when the start does not qualify.
#[allow(clippy::too_many_arguments)]
fn repair(p: &Problem, r: &mut Residual, prices: &mut [i64], st: Start<'_>, s: usize, t: usize, scale: i64) -> bool {
    let n = p.nodes;
    if st.flow.len() != p.arcs.len() || st.potentials.len() != n {
        return false;
    }
    let mut excess = vec![0i64; n];
    for (i, (a, &f)) in p.arcs.iter().zip(st.flow).enumerate() {
        if f < 0 {
            return false;
        }
        let f = f.min(a.cap);
        let fwd = r.pos[i] as usize;
        let back = r.arcs[fwd].opp as usize;
        r.arcs[fwd].rescap = a.cap - f;
        r.arcs[back].rescap = f;
        excess[a.tail as usize] -= f;
        excess[a.head as usize] += f;
    }
    excess[s] = 0;
    excess[t] = 0;
    if excess.iter().filter(|&&e| e > 0).sum::<i64>() > REPAIR_UNITS {
        return false;
    }
    for id in 0..r.convex.len() {
        r.refresh_convex(id as u32);
    }
    for (x, &y) in prices.iter_mut().zip(st.potentials) {
        match y.checked_mul(scale).filter(|z| z.abs() <= LIMIT / 4) {
            Some(z) => *x = z,
            None => return false,
        }
    }
    for v in 0..n {
        for e in &r.arcs[r.range(v)] {
            if e.rescap > 0 && e.cost + prices[v] - prices[e.head as usize] < 0 {
                return false;
            }
        }
    }
    reroute(r, prices, &mut excess, s, t)
}

/// The successive-shortest-path part of [`repair`]: from a pseudoflow whose residual reduced costs
/// are all non-negative under `prices`, send every excess to a deficit or back to the source, meet
/// the remaining deficits from the sink, then augment to a maximum flow. Returns false when a
/// distance leaves the safe range.
fn reroute(r: &mut Residual, prices: &mut [i64], excess: &mut [i64], s: usize, t: usize) -> bool {
    let n = excess.len();
    let mut dij = Dijkstra::new(n);
    let mut dfs = Admissible::new(n);
    // Excesses go to deficits, or back to the source.
    loop {
        let sources: Vec<usize> = (0..n).filter(|&v| excess[v] > 0).collect();
        if sources.is_empty() {
            break;
        }
        let Some(target) = dij.run(r, prices, &sources, |v| v == s || excess[v] < 0, 1) else {
            return false;
        };
        // Every shortest path now has zero reduced cost: route along all of them at once.
        dfs.reset();
        let mut moved = false;
        for &v in &sources {
            while excess[v] > 0 {
                let Some((target, delta)) = dfs.augment(
                    r,
                    prices,
                    v,
                    excess[v],
                    |w| w == s || excess[w] < 0,
                    |w| if w == s { i64::MAX } else { -excess[w] },
                ) else {
                    break;
                };
                moved = true;
                excess[v] -= delta;
                if target != s {
                    excess[target] += delta;
                }
            }
        }
        if !moved {
            // Marks left by the search can hide a path: take the one Dijkstra found.
            let from = dij.origin(r, target);
            let room = if target == s { i64::MAX } else { -excess[target] };
            let delta = dij.augment(r, target, excess[from].min(room));
            excess[from] -= delta;
            if target != s {
                excess[target] += delta;
            }
        }
    }
    // Remaining deficits are met from the sink.
    loop {
        if !excess.iter().any(|&e| e < 0) {
            break;
        }
        // Settle every deficit in one search: after the price update, the shortest paths to all of
        // them are tight, and one pass of the search below serves them all.
        let deficits = excess.iter().filter(|&&e| e < 0).count();
        let Some(found) = dij.run(r, prices, &[t], |v| excess[v] < 0, deficits) else {
            return false;
        };
        dfs.reset();
        let mut moved = false;
        while let Some((target, delta)) = dfs.augment(r, prices, t, i64::MAX, |w| excess[w] < 0, |w| -excess[w]) {
            moved = true;
            excess[target] += delta;
        }
        if !moved {
            let delta = dij.augment(r, found, -excess[found]);
            excess[found] += delta;
        }
    }
    // Then augment to a maximum flow.
    while let Some(found) = dij.run(r, prices, &[s], |v| v == t, 1) {
        dfs.reset();
        let mut moved = false;
        while dfs.augment(r, prices, s, i64::MAX, |w| w == t, |_| i64::MAX).is_some() {
            moved = true;
        }
        if !moved {
            dij.augment(r, found, i64::MAX);
        }
    }
    true
}

/// A problem kept in residual form between solves, for allocation rounds that only lower
/// capacities: the residual graph is built once, and each re-optimisation starts from the
/// previous optimum (or from a given start) by successive shortest paths, touching only the arcs
/// whose capacity changed before re-routing. Every solution it returns carries the same checked
/// certificate as [`solve`].
pub struct Session {
    problem: Problem,
    source: usize,
    sink: usize,
    scale: i64,
    r: Residual,
    /// Scaled prices under which every residual arc has a non-negative reduced cost (valid only
    /// while `ready`).
    prices: Vec<i64>,
    ready: bool,
}

impl Session {
    /// Check `problem` and build its residual graph (no flow yet).
    pub fn new(problem: Problem, source: usize, sink: usize) -> Result<Session, FlowError> {
        let (scale, r) = prepare(&problem, source, sink)?;
        let n = problem.nodes;
        Ok(Session { problem, source, sink, scale, r, prices: vec![0; n], ready: false })
    }

    /// The problem as last solved (its capacities are the latest ones given).
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Set every capacity to `caps` and re-optimise from `start` (an optimal flow and its exact
    /// potentials for capacities at least as large), as [`solve_from`] does. `None` when the start
    /// does not qualify (more than [`REPAIR_UNITS`] units to re-route, or potentials that do not
    /// certify it): solve anew then.
    pub fn restart(&mut self, caps: &[i64], start: Start<'_>) -> Result<Option<Solution>, FlowError> {
        self.ready = false;
        if caps.len() != self.problem.arcs.len() || caps.iter().any(|&c| c < 0) {
            return Ok(None);
        }
        for (a, &c) in self.problem.arcs.iter_mut().zip(caps) {
            a.cap = c;
        }
        let (p, r, prices) = (&self.problem, &mut self.r, &mut self.prices);
        if !repair(p, r, prices, start, self.source, self.sink, self.scale) {
            return Ok(None);
        }
        self.ready = true;
        self.solution().map(Some)
    }

    /// Lower the capacities of some arcs (`(arc, new capacity)`, each at most the current one) and
    /// re-optimise from the last optimum. `None` when there is no last optimum, a capacity would
    /// rise, or more than [`REPAIR_UNITS`] units must be re-routed: solve anew then.
    pub fn lower(&mut self, changes: &[(usize, i64)]) -> Result<Option<Solution>, FlowError> {
        if !self.ready {
            return Ok(None);
        }
        let n = self.problem.nodes;
        let mut excess = vec![0i64; n];
        for &(i, cap) in changes {
            let Some(a) = self.problem.arcs.get(i).copied() else {
                self.ready = false;
                return Ok(None);
            };
            if cap < 0 || cap > a.cap {
                self.ready = false;
                return Ok(None);
            }
            let f = self.r.flow(i);
            let kept = f.min(cap);
            let fwd = self.r.pos[i] as usize;
            let back = self.r.arcs[fwd].opp as usize;
            self.r.arcs[fwd].rescap = cap - kept;
            self.r.arcs[back].rescap = kept;
            let id = self.r.cx[fwd];
            if id != NONE {
                self.r.refresh_convex(id);
            }
            excess[a.tail as usize] += f - kept;
            excess[a.head as usize] -= f - kept;
            self.problem.arcs[i].cap = cap;
        }
        excess[self.source] = 0;
        excess[self.sink] = 0;
        if excess.iter().filter(|&&e| e > 0).sum::<i64>() > REPAIR_UNITS {
            self.ready = false;
            return Ok(None);
        }
        // Cutting a flow leaves its forward half saturated and its backward half cheaper: every
        // residual reduced cost stays non-negative under the current prices.
        if !reroute(&mut self.r, &mut self.prices, &mut excess, self.source, self.sink) {
            self.ready = false;
            return Ok(None);
        }
        self.solution().map(Some)
    }

    fn solution(&self) -> Result<Solution, FlowError> {
        finish(&self.problem, &self.r, &self.prices, self.scale, self.source)
    }
}

/// Depth-first search for augmenting paths along arcs of zero reduced cost (after a Dijkstra
/// price update these are exactly the arcs of shortest paths). Nodes found not to lead to a target
/// are skipped until the next reset.
struct Admissible {
    dead: Vec<bool>,
    on_path: Vec<bool>,
    current: Vec<u32>,
    touched: Vec<u32>,
    path: Vec<u32>,
}

impl Admissible {
    fn new(n: usize) -> Admissible {
        Admissible {
            dead: vec![false; n],
            on_path: vec![false; n],
            current: vec![NONE; n],
            touched: Vec::new(),
            path: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            self.dead[v as usize] = false;
            self.current[v as usize] = NONE;
        }
        self.touched.clear();
    }

    /// Find a zero-reduced-cost path from `from` to a node satisfying `is_target` and push up to
    /// `limit` units along it (at most `room(target)`, one unit through a convex arc). Returns the
    /// target and the units pushed.
    fn augment(
        &mut self,
        r: &mut Residual,
        prices: &[i64],
        from: usize,
        limit: i64,
        is_target: impl Fn(usize) -> bool,
        room: impl Fn(usize) -> i64,
    ) -> Option<(usize, i64)> {
        if self.dead[from] {
            return None;
        }
        self.path.clear();
        let mut v = from;
        if self.current[v] == NONE {
            self.current[v] = r.first[v];
            self.touched.push(v as u32);
        }
        self.on_path[v] = true;
        let found = loop {
            if v != from && is_target(v) {
                break Some(v);
            }
            let end = r.first[v + 1];
            let pv = prices[v];
            let mut next = None;
            while self.current[v] < end {
                let a = self.current[v] as usize;
                let e = r.arcs[a];
                let w = e.head as usize;
                if e.rescap > 0 && !self.dead[w] && !self.on_path[w] && e.cost + pv - prices[w] == 0 {
                    next = Some((a, w));
                    break;
                }
                self.current[v] += 1;
            }
            match next {
                Some((a, w)) => {
                    self.path.push(a as u32);
                    if self.current[w] == NONE {
                        self.current[w] = r.first[w];
                        self.touched.push(w as u32);
                    }
                    self.on_path[w] = true;
                    v = w;
                }
                None => {
                    self.dead[v] = true;
                    self.on_path[v] = false;
                    match self.path.pop() {
                        Some(a) => {
                            v = r.arcs[r.arcs[a as usize].opp as usize].head as usize;
                            self.current[v] += 1;
                        }
                        None => break None,
                    }
                }
            }
        };
        for &a in &self.path {
            self.on_path[r.arcs[a as usize].head as usize] = false;
        }
        self.on_path[from] = false;
        let target = found?;
        let mut delta = limit.min(room(target));
        for &a in &self.path {
            delta = delta.min(r.arcs[a as usize].rescap);
            if r.cx[a as usize] != NONE {
                delta = delta.min(1);
            }
        }
        for &a in &self.path {
            r.push(a as usize, delta);
        }
        Some((target, delta))
    }
}

/// Dijkstra on reduced costs over the residual graph, with potential updates.
struct Dijkstra {
    dist: Vec<i64>,
    parent: Vec<u32>,
    done: Vec<bool>,
    touched: Vec<u32>,
    heap: std::collections::BinaryHeap<std::cmp::Reverse<(i64, u32)>>,
}

impl Dijkstra {
    fn new(n: usize) -> Dijkstra {
        Dijkstra {
            dist: vec![i64::MAX; n],
            parent: vec![NONE; n],
            done: vec![false; n],
            touched: Vec::new(),
            heap: std::collections::BinaryHeap::new(),
        }
    }

    /// Shortest paths from `sources` over the residual graph, stopping once `want` nodes
    /// satisfying `is_target` are settled (or none is left to reach), the last at distance `D`;
    /// the prices of the settled nodes are then updated to `p − (D − d)` and the others left as
    /// they are, so that reduced costs stay non-negative (an arc from a settled `v` to an unsettled
    /// `w` had `rc ≥ d(w) − d(v) ≥ D − d(v)`) and are zero along every shortest path to the
    /// settled targets; the last is returned. Only the region closer than that target is explored:
    /// a phase that re-routes a few units stays local. Returns `None` when no target is reachable
    /// or distances would leave the safe range.
    fn run(
        &mut self,
        r: &Residual,
        prices: &mut [i64],
        sources: &[usize],
        is_target: impl Fn(usize) -> bool,
        want: usize,
    ) -> Option<usize> {
        for &v in &self.touched {
            self.dist[v as usize] = i64::MAX;
            self.parent[v as usize] = NONE;
            self.done[v as usize] = false;
        }
        self.touched.clear();
        self.heap.clear();
        for &v in sources {
            self.dist[v] = 0;
            self.touched.push(v as u32);
            self.heap.push(std::cmp::Reverse((0, v as u32)));
        }
        let mut found = None;
        let mut settled = 0usize;
        let mut reach = 0i64;
        while let Some(std::cmp::Reverse((d, v))) = self.heap.pop() {
            let v = v as usize;
            if self.done[v] || d > self.dist[v] {
                continue;
            }
            self.done[v] = true;
            reach = d;
            if is_target(v) {
                found = Some(v);
                settled += 1;
                if settled >= want {
                    break;
                }
            }
            let pv = prices[v];
            for a in r.range(v) {
                let e = r.arcs[a];
                if e.rescap <= 0 {
                    continue;
                }
                let w = e.head as usize;
                let nd = d + (e.cost + pv - prices[w]);
                if nd < self.dist[w] {
                    if nd > LIMIT {
                        return None;
                    }
                    if self.dist[w] == i64::MAX {
                        self.touched.push(w as u32);
                    }
                    self.dist[w] = nd;
                    self.parent[w] = a as u32;
                    self.heap.push(std::cmp::Reverse((nd, w as u32)));
                }
            }
        }
        let target = found?;
        for &v in &self.touched {
            if !self.done[v as usize] {
                continue;
            }
            let p = prices[v as usize] - (reach - self.dist[v as usize]);
            if p < -LIMIT / 4 {
                return None;
            }
            prices[v as usize] = p;
        }
        Some(target)
    }

    /// The source node the path to `target` starts from.
    fn origin(&self, r: &Residual, target: usize) -> usize {
        let mut v = target;
        while self.parent[v] != NONE {
            v = r.arcs[r.arcs[self.parent[v] as usize].opp as usize].head as usize;
        }
        v
    }

    /// Push up to `limit` units along the path to `target` (one unit through a convex arc, whose
    /// next unit costs more). Returns the units pushed.
    fn augment(&self, r: &mut Residual, target: usize, limit: i64) -> i64 {
        let mut delta = limit;
        let mut v = target;
        while self.parent[v] != NONE {
            let a = self.parent[v] as usize;
            delta = delta.min(r.arcs[a].rescap);
            if r.cx[a] != NONE {
                delta = delta.min(1);
            }
            v = r.arcs[r.arcs[a].opp as usize].head as usize;
        }
        let mut v = target;
        while self.parent[v] != NONE {
            let a = self.parent[v] as usize;
            r.push(a, delta);
            v = r.arcs[r.arcs[a].opp as usize].head as usize;
        }
        delta
    }
}

/// [`solve`], starting from `start` when given: when the start's flow, cut to the new capacities,
/// leaves at most [`REPAIR_UNITS`] units to re-route, they are re-routed by successive shortest
/// paths from the start's potentials, so a small change re-solves quickly; otherwise (or when the
/// start does not qualify) the problem is solved anew. The result is an optimum of the same value
/// and cost (certified the same way); among several optimal flows it may be another one than a
/// cold solve returns.
pub fn solve_from(p: &Problem, source: usize, sink: usize, start: Option<Start<'_>>) -> Result<Solution, FlowError> {
    solve_reporting(p, source, sink, start).map(|(sol, _)| sol)
}

/// [`solve_from`], also telling whether the warm start was used (`false` when there was none or it
/// did not qualify and the problem was solved anew).
pub fn solve_reporting(
    p: &Problem,
    source: usize,
    sink: usize,
    start: Option<Start<'_>>,
) -> Result<(Solution, bool), FlowError> {
    let n = p.nodes;
    let (scale, mut r) = prepare(p, source, sink)?;
    let mut prices = vec![0i64; n];
    let repaired = start.is_some_and(|st| repair(p, &mut r, &mut prices, st, source, sink, scale));
    if !repaired {
        if start.is_some() {
            r = Residual::build(p, scale);
            prices.fill(0);
        }
        max_flow(&mut r, n, source, sink);
        for id in 0..r.convex.len() {
            r.refresh_convex(id as u32);
        }
        cost_scaling(&mut r, n, &mut prices)?;
    }
    finish(p, &r, &prices, scale, source).map(|sol| (sol, repaired))
}

/// Check the problem and build its residual graph; returns the cost scale `n + 1` (ε = 1 on
/// costs multiplied by it means optimal) and the graph.
fn prepare(p: &Problem, source: usize, sink: usize) -> Result<(i64, Residual), FlowError> {
    let n = p.nodes;
    if source >= n {
        return Err(FlowError::BadNode(source));
    }
    if sink >= n {
        return Err(FlowError::BadNode(sink));
    }
    let mut largest: i128 = 1;
    for (index, a) in p.arcs.iter().enumerate() {
        if a.tail as usize >= n || a.head as usize >= n {
            return Err(FlowError::BadArc { index, what: "endpoint out of range" });
        }
        if a.cap < 0 {
            return Err(FlowError::BadArc { index, what: "negative capacity" });
        }
        if a.slope < 0 {
            return Err(FlowError::BadArc { index, what: "negative slope (cost must be convex)" });
        }
        let top = i128::from(a.cost) + 2 * i128::from(a.slope) * i128::from(a.cap.max(1));
        largest = largest.max(top.abs()).max(i128::from(a.cost).abs());
    }
    let scale = n as i64 + 1;
    if largest * i128::from(scale) >= i128::from(LIMIT) / 4 || u32::try_from(2 * p.arcs.len()).is_err() {
        return Err(FlowError::CostOverflow { largest, nodes: n });
    }
    Ok((scale, Residual::build(p, scale)))
}

/// The solution read from an optimal residual graph: flows, value, exact cost and the certified
/// exact potentials.
fn finish(p: &Problem, r: &Residual, prices: &[i64], scale: i64, source: usize) -> Result<Solution, FlowError> {
    let potentials = exact_potentials(r, p.nodes, prices, scale, source)?;
    let flow: Vec<i64> = (0..p.arcs.len()).map(|a| r.flow(a)).collect();
    let cost = p.arcs.iter().zip(&flow).map(|(a, &f)| arc_cost(a, f)).sum();
    let value = p
        .arcs
        .iter()
        .zip(&flow)
        .map(|(a, &f)| {
            let out = if a.tail as usize == source { f } else { 0 };
            let back = if a.head as usize == source { f } else { 0 };
            out - back
        })
        .sum();
    Ok(Solution { flow, value, cost, potentials })
}

/// Dinic's algorithm on the residual graph. Returns the flow value.
fn max_flow(r: &mut Residual, n: usize, s: usize, t: usize) -> i64 {
    if s == t {
        return 0;
    }
    let mut level = vec![u32::MAX; n];
    let mut it = vec![0u32; n];
    let mut queue = Vec::with_capacity(n);
    let mut stack: Vec<u32> = Vec::new();
    let mut total = 0i64;
    loop {
        level.fill(u32::MAX);
        level[s] = 0;
        queue.clear();
        queue.push(s as u32);
        let mut qi = 0;
        while qi < queue.len() {
            let v = queue[qi] as usize;
            qi += 1;
            for e in &r.arcs[r.range(v)] {
                let w = e.head as usize;
                if e.rescap > 0 && level[w] == u32::MAX {
                    level[w] = level[v] + 1;
                    queue.push(w as u32);
                }
            }
        }
        if level[t] == u32::MAX {
            return total;
        }
        it[..n].copy_from_slice(&r.first[..n]);
        // Iterative DFS along level-increasing residual arcs; `stack` holds the arcs of the path.
        loop {
            let v = match stack.last() {
                Some(&a) => r.arcs[a as usize].head as usize,
                None => s,
            };
            if v == t {
                let delta = stack.iter().map(|&a| r.arcs[a as usize].rescap).min().unwrap_or(0);
                for &a in &stack {
                    r.arcs[a as usize].rescap -= delta;
                    let b = r.arcs[a as usize].opp as usize;
                    r.arcs[b].rescap += delta;
                }
                total += delta;
                // Retreat to the tail of the first saturated arc.
                let cut = stack.iter().position(|&a| r.arcs[a as usize].rescap == 0).unwrap_or(0);
                stack.truncate(cut);
                continue;
            }
            let end = r.first[v + 1];
            let mut advanced = false;
            while it[v] < end {
                let e = r.arcs[it[v] as usize];
                if e.rescap > 0 && level[e.head as usize] == level[v] + 1 {
                    stack.push(it[v]);
                    advanced = true;
                    break;
                }
                it[v] += 1;
            }
            if !advanced {
                // Dead end: remove v from the level graph and retreat.
                level[v] = u32::MAX;
                match stack.pop() {
                    Some(a) => {
                        let u = r.arcs[r.arcs[a as usize].opp as usize].head as usize;
                        it[u] += 1;
                    }
                    None => break,
                }
            }
        }
    }
}

/// Goldberg–Tarjan cost scaling from a feasible flow. On return the flow is ε-optimal for ε = 1
/// on costs scaled by `n + 1`, hence optimal.
fn cost_scaling(r: &mut Residual, n: usize, prices: &mut [i64]) -> Result<(), FlowError> {
    let mut eps0 = 0i64;
    for v in 0..n {
        let pv = prices[v];
        for e in &r.arcs[r.range(v)] {
            if e.rescap > 0 {
                eps0 = eps0.max(-(e.cost + pv - prices[e.head as usize]));
            }
        }
    }
    if eps0 <= 1 {
        // Already 1-optimal on scaled costs (no negative residual arc at all).
        return Ok(());
    }
    let mut state = State {
        excess: vec![0; n],
        current: vec![0; n],
        active: VecDeque::new(),
        in_queue: vec![false; n],
        dist: vec![0; n],
        done: vec![false; n],
        buckets: Vec::new(),
    };
    let mut eps = eps0;
    while eps > 1 {
        eps = (eps / ALPHA).max(1);
        if !price_refinement(r, n, prices, eps, &mut state) {
            refine(r, n, prices, eps, &mut state)?;
        }
    }
    Ok(())
}

/// Price refinement (as in Goldberg's CS2): try to make the current flow ε-optimal by changing
/// prices only — shortest distances with arc lengths `rc + ε` from a virtual root, by label
/// correction with a work budget. Returns true (prices updated) when it succeeds, false (prices
/// unchanged) when the budget runs out, which happens when a cycle of negative `rc + ε` exists.
fn price_refinement(r: &Residual, n: usize, prices: &mut [i64], eps: i64, st: &mut State) -> bool {
    let dist = &mut st.excess; // all zero between phases
    let queued = &mut st.in_queue;
    let queue = &mut st.active;
    for v in 0..n {
        let pv = prices[v];
        if r.arcs[r.range(v)].iter().any(|e| e.rescap > 0 && e.cost + pv - prices[e.head as usize] + eps < 0) {
            queued[v] = true;
            queue.push_back(v as u32);
        }
    }
    let mut budget = 4 * r.arcs.len() + n;
    let mut ok = true;
    while let Some(v) = queue.pop_front() {
        let v = v as usize;
        queued[v] = false;
        let dv = dist[v];
        let pv = prices[v];
        let range = r.range(v);
        if budget < range.len() {
            ok = false;
            break;
        }
        budget -= range.len();
        for e in &r.arcs[range] {
            if e.rescap > 0 {
                let w = e.head as usize;
                let nd = dv + e.cost + pv - prices[w] + eps;
                if nd < dist[w] {
                    dist[w] = nd;
                    if !queued[w] {
                        queued[w] = true;
                        queue.push_back(w as u32);
                    }
                }
            }
        }
    }
    if ok {
        for (p, d) in prices.iter_mut().zip(dist.iter()) {
            *p += d;
        }
    }
    while let Some(v) = queue.pop_front() {
        queued[v as usize] = false;
    }
    dist.fill(0);
    ok
}

/// Work arrays of cost scaling, reused across phases.
struct State {
    excess: Vec<i64>,
    current: Vec<u32>,
    active: VecDeque<u32>,
    in_queue: Vec<bool>,
    dist: Vec<u64>,
    done: Vec<bool>,
    buckets: Vec<Vec<u32>>,
}

/// Nodes of larger degree are not examined by the push look-ahead (the scan costs more than it saves).
const LOOKAHEAD_DEGREE: u32 = 256;
/// A global price update after this many relabels per node.
const UPDATE_EVERY: usize = 4;

fn refine(r: &mut Residual, n: usize, prices: &mut [i64], eps: i64, st: &mut State) -> Result<(), FlowError> {
    // Saturate every admissible arc: the pseudoflow becomes 0-optimal.
    for v in 0..n {
        let pv = prices[v];
        for a in r.range(v) {
            let e = r.arcs[a];
            if e.rescap > 0 {
                let rc = e.cost + pv - prices[e.head as usize];
                if rc < 0 {
                    let delta = r.admissible_units(a, rc);
                    r.push(a, delta);
                    st.excess[v] -= delta;
                    st.excess[e.head as usize] += delta;
                }
            }
        }
    }
    for v in 0..n {
        st.current[v] = r.first[v];
        if st.excess[v] > 0 && !st.in_queue[v] {
            st.in_queue[v] = true;
            st.active.push_back(v as u32);
        }
    }
    let mut relabels: usize = 0;
    while let Some(v) = st.active.pop_front() {
        let v = v as usize;
        st.in_queue[v] = false;
        // Discharge v.
        while st.excess[v] > 0 {
            let end = r.first[v + 1] as usize;
            let mut a = st.current[v] as usize;
            let pv = prices[v];
            while a < end {
                let e = r.arcs[a];
                if e.rescap > 0 {
                    let w = e.head as usize;
                    let rc = e.cost + pv - prices[w];
                    if rc < 0 {
                        // Look-ahead: do not push into a node that has no way onward; relabel it.
                        if st.excess[w] == 0
                            && r.first[w + 1] - r.first[w] <= LOOKAHEAD_DEGREE
                            && !has_admissible(r, prices, &mut st.current, w)
                            && relabel(r, prices, &mut st.current, w, eps)?
                        {
                            relabels += 1;
                            continue;
                        }
                        let delta = r.admissible_units(a, rc).min(st.excess[v]);
                        r.push(a, delta);
                        st.excess[v] -= delta;
                        st.excess[w] += delta;
                        if st.excess[w] > 0 && !st.in_queue[w] {
                            st.in_queue[w] = true;
                            st.active.push_back(w as u32);
                        }
                        if st.excess[v] == 0 {
                            if r.arcs[a].rescap == 0 {
                                a += 1;
                            }
                            break;
                        }
                    }
                }
                a += 1;
            }
            st.current[v] = a.min(end) as u32;
            if st.excess[v] > 0 {
                if !relabel(r, prices, &mut st.current, v, eps)? {
                    return Err(FlowError::Certificate("a node with excess has no residual arc"));
                }
                relabels += 1;
            }
        }
        if relabels > n * UPDATE_EVERY {
            relabels = 0;
            price_update(r, n, prices, eps, st)?;
        }
    }
    Ok(())
}

/// Whether `v` has an admissible arc at or after its current arc (arcs before it are known not to
/// be admissible since `v`'s last relabel); moves the current arc to it.
fn has_admissible(r: &Residual, prices: &[i64], current: &mut [u32], v: usize) -> bool {
    let pv = prices[v];
    let start = current[v] as usize;
    let end = r.first[v + 1] as usize;
    for (k, e) in r.arcs[start..end].iter().enumerate() {
        if e.rescap > 0 && e.cost + pv - prices[e.head as usize] < 0 {
            current[v] = (start + k) as u32;
            return true;
        }
    }
    current[v] = end as u32;
    false
}

/// Lower the price of `v` as far as ε-optimality allows, creating an admissible arc, and point
/// `v`'s current arc at its first admissible arc. Returns false (and changes nothing) when `v` has
/// no residual arc at all.
fn relabel(r: &Residual, prices: &mut [i64], current: &mut [u32], v: usize, eps: i64) -> Result<bool, FlowError> {
    let range = r.range(v);
    let mut best = i64::MIN;
    // The first admissible arc after relabelling is the first one whose value comes within ε of
    // the final best; it is also within ε of the running best when scanned, so the first such
    // arc at or after any drop of the running best is a candidate.
    let mut first = usize::MAX;
    for (k, e) in r.arcs[range.clone()].iter().enumerate() {
        if e.rescap > 0 {
            let value = prices[e.head as usize] - e.cost;
            if value > best {
                if value - eps >= best || first == usize::MAX {
                    // Every earlier arc is now at least ε below: none of them will be admissible.
                    first = k;
                }
                best = value;
            }
        }
    }
    if best == i64::MIN {
        return Ok(false);
    }
    let p = best - eps;
    if !(-LIMIT..=LIMIT).contains(&p) {
        return Err(FlowError::CostOverflow { largest: i128::from(p), nodes: prices.len() });
    }
    prices[v] = p;
    current[v] = (range.start + first) as u32;
    Ok(true)
}

/// Global price update (Goldberg's "price update" heuristic): lower each node's price by ε times
/// its distance, in ε-units of reduced cost, to the nearest node with a deficit. Keeps the
/// pseudoflow ε-optimal and points admissible paths at the deficits.
fn price_update(r: &Residual, n: usize, prices: &mut [i64], eps: i64, st: &mut State) -> Result<(), FlowError> {
    const UNREACHED: u64 = u64::MAX;
    let max_bucket = 2 * n + 2;
    st.dist.fill(UNREACHED);
    st.done.fill(false);
    for b in &mut st.buckets {
        b.clear();
    }
    if st.buckets.is_empty() {
        st.buckets.push(Vec::new());
    }
    let mut remaining_excess = 0i64;
    for v in 0..n {
        if st.excess[v] < 0 {
            st.dist[v] = 0;
            st.buckets[0].push(v as u32);
        } else if st.excess[v] > 0 {
            remaining_excess += st.excess[v];
        }
    }
    if st.buckets[0].is_empty() {
        return Ok(());
    }
    let mut k = 0usize;
    let mut used = 1usize;
    while k < used && remaining_excess > 0 {
        while let Some(w) = st.buckets[k].pop() {
            let w = w as usize;
            if st.done[w] || st.dist[w] != k as u64 {
                continue;
            }
            st.done[w] = true;
            if st.excess[w] > 0 {
                remaining_excess -= st.excess[w];
            }
            // Scan residual arcs u→w: the other halves of w's arcs.
            let pw = prices[w];
            for b in r.range(w) {
                let back = r.arcs[b];
                let u = back.head as usize;
                let a = r.arcs[back.opp as usize];
                if a.rescap <= 0 || st.done[u] {
                    continue;
                }
                let rc = a.cost + prices[u] - pw;
                let len = if rc < 0 { 0 } else { (rc / eps) as u64 + 1 };
                let d = k as u64 + len;
                if d < st.dist[u] && d <= max_bucket as u64 {
                    st.dist[u] = d;
                    let d = d as usize;
                    if st.buckets.len() <= d {
                        st.buckets.resize(d + 1, Vec::new());
                    }
                    used = used.max(d + 1);
                    st.buckets[d].push(u as u32);
                }
            }
        }
        k += 1;
    }
    // Nodes not reached keep the level the scan stopped at (a valid lower bound on their distance).
    let top = k as u64;
    for (v, price) in prices.iter_mut().enumerate() {
        let d = if st.done[v] { st.dist[v] } else { top };
        if d > 0 {
            let drop = (d as i64).checked_mul(eps).ok_or(FlowError::CostOverflow { largest: 0, nodes: n })?;
            let p = *price - drop;
            if p < -LIMIT {
                return Err(FlowError::CostOverflow { largest: i128::from(p), nodes: n });
            }
            *price = p;
        }
        st.current[v] = r.first[v];
    }
    Ok(())
}

/// Turn the ε-optimal scaled prices into exact integral potentials on the unscaled costs, by
/// label correction from their rounded values, and check the certificate.
fn exact_potentials(r: &Residual, n: usize, prices: &[i64], scale: i64, source: usize) -> Result<Vec<i64>, FlowError> {
    let mut p: Vec<i64> = prices.iter().map(|&x| x.div_euclid(scale)).collect();
    let mut queue: VecDeque<u32> = (0..n as u32).collect();
    let mut queued = vec![true; n];
    let mut budget: u64 = (n as u64 + 1).saturating_mul(r.arcs.len() as u64 + 1);
    while let Some(v) = queue.pop_front() {
        let v = v as usize;
        queued[v] = false;
        for e in &r.arcs[r.range(v)] {
            if e.rescap > 0 {
                let w = e.head as usize;
                let bound = p[v] + e.cost / scale;
                if bound < p[w] {
                    p[w] = bound;
                    if !queued[w] {
                        queued[w] = true;
                        queue.push_back(w as u32);
                    }
                }
            }
        }
        budget = budget.saturating_sub(r.range(v).len() as u64 + 1);
        if budget == 0 {
            return Err(FlowError::Certificate("negative residual cycle"));
        }
    }
    let shift = p[source];
    for x in &mut p {
        *x -= shift;
    }
    for v in 0..n {
        for e in &r.arcs[r.range(v)] {
            if e.rescap > 0 && e.cost / scale + p[v] - p[e.head as usize] < 0 {
                return Err(FlowError::Certificate("residual arc with negative reduced cost"));
            }
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arc(tail: u32, head: u32, cap: i64, cost: i64) -> Arc {
        Arc { tail, head, cap, cost, slope: 0 }
    }

    /// Reference: successive shortest paths with Bellman–Ford, one unit at a time, convex arcs
    /// expanded into unit arcs. Slow and obviously correct.
    fn reference(p: &Problem, s: usize, t: usize) -> (i64, i128) {
        let mut units: Vec<(usize, usize, i64, i64)> = Vec::new(); // tail, head, cap, cost
        for a in &p.arcs {
            if a.slope == 0 {
                units.push((a.tail as usize, a.head as usize, a.cap, a.cost));
            } else {
                for k in 0..a.cap {
                    units.push((a.tail as usize, a.head as usize, 1, a.cost + 2 * a.slope * k));
                }
            }
        }
        let mut flow = vec![0i64; units.len()];
        let mut value = 0;
        let mut cost: i128 = 0;
        loop {
            let mut dist = vec![i128::MAX; p.nodes];
            let mut via: Vec<Option<(usize, bool)>> = vec![None; p.nodes];
            dist[s] = 0;
            for _ in 0..p.nodes {
                let mut changed = false;
                for (i, &(u, v, c, w)) in units.iter().enumerate() {
                    if flow[i] < c && dist[u] != i128::MAX && dist[u] + i128::from(w) < dist[v] {
                        dist[v] = dist[u] + i128::from(w);
                        via[v] = Some((i, true));
                        changed = true;
                    }
                    if flow[i] > 0 && dist[v] != i128::MAX && dist[v] - i128::from(w) < dist[u] {
                        dist[u] = dist[v] - i128::from(w);
                        via[u] = Some((i, false));
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
            if dist[t] == i128::MAX {
                return (value, cost);
            }
            let mut v = t;
            while v != s {
                let (i, fwd) = via[v].unwrap();
                if fwd {
                    flow[i] += 1;
                    v = units[i].0;
                } else {
                    flow[i] -= 1;
                    v = units[i].1;
                }
            }
            value += 1;
            cost += dist[t];
        }
    }

    fn check_certificate(p: &Problem, sol: &Solution) {
        for (a, &f) in p.arcs.iter().zip(&sol.flow) {
            assert!(f >= 0 && f <= a.cap);
            let pt = sol.potentials[a.tail as usize];
            let ph = sol.potentials[a.head as usize];
            if f < a.cap {
                assert!(a.cost + 2 * a.slope * f + pt - ph >= 0, "forward residual {a:?} f={f}");
            }
            if f > 0 {
                assert!(-(a.cost + 2 * a.slope * (f - 1)) - pt + ph >= 0, "backward residual {a:?} f={f}");
            }
        }
        let mut balance = vec![0i64; p.nodes];
        for (a, &f) in p.arcs.iter().zip(&sol.flow) {
            balance[a.tail as usize] -= f;
            balance[a.head as usize] += f;
        }
        for (v, b) in balance.iter().enumerate() {
            if v != 0 && v != 1 {
                assert_eq!(*b, 0, "conservation at {v}");
            }
        }
        assert_eq!(balance[1], sol.value);
    }

    #[test]
    fn textbook_example() {
        // 0 = s, 1 = t.
        let p = Problem {
            nodes: 4,
            arcs: vec![arc(0, 2, 4, 2), arc(0, 3, 2, 2), arc(2, 3, 2, 1), arc(2, 1, 3, 3), arc(3, 1, 5, 1)],
        };
        let sol = solve(&p, 0, 1).unwrap();
        assert_eq!(sol.value, 6);
        assert_eq!(sol.cost, reference(&p, 0, 1).1);
        check_certificate(&p, &sol);
    }

    #[test]
    fn convex_arcs_spread_flow_evenly() {
        // Two nations, one activity with 4 seats; source arcs F(2k-1), F = 10.
        let p = Problem {
            nodes: 5,
            arcs: vec![
                Arc { tail: 0, head: 2, cap: 4, cost: 10, slope: 10 },
                Arc { tail: 0, head: 3, cap: 4, cost: 10, slope: 10 },
                arc(2, 4, 4, 1),
                arc(3, 4, 4, 2),
                arc(4, 1, 4, 0),
            ],
        };
        let sol = solve(&p, 0, 1).unwrap();
        assert_eq!(sol.value, 4);
        assert_eq!(&sol.flow[..2], &[2, 2]);
        assert_eq!(sol.cost, 10 * 4 + 10 * 4 + 2 + 4);
        check_certificate(&p, &sol);
    }

    #[test]
    fn rejects_bad_arcs() {
        let p = Problem { nodes: 2, arcs: vec![arc(0, 1, -1, 0)] };
        assert!(matches!(solve(&p, 0, 1), Err(FlowError::BadArc { index: 0, .. })));
        let p = Problem { nodes: 2, arcs: vec![arc(0, 5, 1, 0)] };
        assert!(matches!(solve(&p, 0, 1), Err(FlowError::BadArc { .. })));
        let p = Problem { nodes: 2, arcs: vec![Arc { tail: 0, head: 1, cap: 1, cost: 0, slope: -1 }] };
        assert!(matches!(solve(&p, 0, 1), Err(FlowError::BadArc { .. })));
        let p = Problem { nodes: 2, arcs: vec![arc(0, 1, 1, i64::MAX / 4)] };
        assert!(matches!(solve(&p, 0, 1), Err(FlowError::CostOverflow { .. })));
        assert!(matches!(solve(&p, 0, 7), Err(FlowError::BadNode(7))));
    }

    #[test]
    fn empty_and_disconnected() {
        let p = Problem { nodes: 3, arcs: vec![arc(0, 2, 5, 1)] };
        let sol = solve(&p, 0, 1).unwrap();
        assert_eq!((sol.value, sol.cost), (0, 0));
        let p = Problem { nodes: 2, arcs: vec![] };
        assert_eq!(solve(&p, 0, 1).unwrap().value, 0);
    }

    /// Random problems; with `conservative`, costs are `c ≥ 0` shifted by node potentials, so the
    /// graph has no negative cycle and the reference SSP is exact.
    fn problems(conservative: bool) -> impl Strategy<Value = Problem> {
        (3usize..8).prop_flat_map(move |n| {
            let arc = (0..n as u32, 0..n as u32, 0i64..5, -6i64..10, prop_oneof![3 => Just(0i64), 1 => 1i64..4]);
            let phi = prop::collection::vec(-5i64..5, n);
            (prop::collection::vec(arc, 0..20), phi).prop_map(move |(arcs, phi)| Problem {
                nodes: n,
                arcs: arcs
                    .into_iter()
                    .filter(|&(u, v, ..)| u != v)
                    .map(|(tail, head, cap, cost, slope)| {
                        let cost =
                            if conservative { cost.abs() + phi[tail as usize] - phi[head as usize] } else { cost };
                        Arc { tail, head, cap, cost, slope }
                    })
                    .collect(),
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn matches_reference_and_certifies(p in problems(true)) {
            let sol = solve(&p, 0, 1).unwrap();
            let (value, cost) = reference(&p, 0, 1);
            prop_assert_eq!(sol.value, value);
            prop_assert_eq!(sol.cost, cost);
            check_certificate(&p, &sol);
        }

        #[test]
        fn warm_start_after_lower_capacities_reaches_the_same_optimum(
            p in problems(true),
            cuts in prop::collection::vec((any::<prop::sample::Index>(), 0i64..3), 0..4),
        ) {
            let first = solve(&p, 0, 1).unwrap();
            let mut q = p.clone();
            for (k, by) in cuts {
                if !q.arcs.is_empty() {
                    let a = k.index(q.arcs.len());
                    q.arcs[a].cap = (q.arcs[a].cap - by).max(0);
                }
            }
            let cold = solve(&q, 0, 1).unwrap();
            let start = Start { flow: &first.flow, potentials: &first.potentials };
            let (warm, used) = solve_reporting(&q, 0, 1, Some(start)).unwrap();
            // Flows cut to the new capacities leave every arc they cut saturated: the start
            // always qualifies, so this exercises the re-optimisation, not a cold solve.
            prop_assert!(used, "the warm start was not used");
            prop_assert_eq!(warm.value, cold.value);
            prop_assert_eq!(warm.cost, cold.cost);
            check_certificate(&q, &warm);
        }

        #[test]
        fn a_session_lowering_capacities_round_after_round_stays_optimal(
            p in problems(true),
            rounds in prop::collection::vec(prop::collection::vec((any::<prop::sample::Index>(), 0i64..3), 0..4), 1..4),
        ) {
            let first = solve(&p, 0, 1).unwrap();
            let mut session = Session::new(p.clone(), 0, 1).unwrap();
            let caps: Vec<i64> = p.arcs.iter().map(|a| a.cap).collect();
            let start = Start { flow: &first.flow, potentials: &first.potentials };
            let again = session.restart(&caps, start).unwrap().expect("the optimum itself qualifies");
            prop_assert_eq!(again.value, first.value);
            prop_assert_eq!(again.cost, first.cost);
            let mut q = p.clone();
            for cuts in rounds {
                let mut changes = Vec::new();
                for (k, by) in cuts {
                    if !q.arcs.is_empty() {
                        let a = k.index(q.arcs.len());
                        q.arcs[a].cap = (q.arcs[a].cap - by).max(0);
                        changes.push((a, q.arcs[a].cap));
                    }
                }
                let cold = solve(&q, 0, 1).unwrap();
                let warm = session.lower(&changes).unwrap().expect("few units: the session re-optimises");
                prop_assert_eq!(warm.value, cold.value);
                prop_assert_eq!(warm.cost, cold.cost);
                check_certificate(&q, &warm);
                prop_assert_eq!(&session.problem().arcs, &q.arcs);
            }
            // A capacity may not rise.
            if let Some(a) = q.arcs.first() {
                prop_assert!(session.lower(&[(0, a.cap + 1)]).unwrap().is_none());
            }
        }

        #[test]
        fn certifies_even_with_negative_cycles(p in problems(false)) {
            // Negative cycles are cancelled: the certificate (no negative residual arc under the
            // potentials) must hold whatever the graph.
            let sol = solve(&p, 0, 1).unwrap();
            check_certificate(&p, &sol);
        }
    }
}
