//! Nominee placement: once seats are given to nations, each nation's nominees are placed.
//!
//! Per nation, requests are taken in calendar order (start date, then activity id); within a
//! request, nominees in the nation's own order. A nominee is placed when they are not already
//! placed in an activity whose dates overlap and every prerequisite is met — completed before, or
//! placed this year in the prerequisite activity ending before this one starts. A nominee who
//! cannot be placed is reported with the reason and the seat goes to the next nominee; seats no
//! nominee can take are given back (see [`crate::mechanism::allocate`], which returns them to the
//! pool and allocates again).

use rustc_hash::FxHashMap;

use crate::model::Instance;

/// Why a nominee could not take a seat.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issue {
    /// Already placed in this activity, whose dates overlap.
    Overlap { activity: String },
    /// Has not completed this prerequisite and is not placed in it earlier this year.
    Prerequisite { missing: String },
}

/// A nominee who was considered for a seat and could not take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Infeasible {
    pub request: usize,
    pub nominee: String,
    pub issue: Issue,
}

/// Where each nation's nominees sit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// `(request, index in its nominee list)`, by request then nominee order.
    pub placed: Vec<(usize, usize)>,
    /// Nominees placed per request.
    pub placed_count: Vec<u32>,
    pub infeasible: Vec<Infeasible>,
}

/// Place nominees for the given seats per request (requests without nominees are skipped).
pub fn place(inst: &Instance, seats: &[u32]) -> Placement {
    Placer::new(inst).place_again(seats, None)
}

/// [`place`], reusing an earlier placement for the nations whose seats did not change.
pub fn place_again(inst: &Instance, seats: &[u32], earlier: Option<&(Vec<u32>, Placement)>) -> Placement {
    Placer::new(inst).place_again(seats, earlier)
}

/// Nominees as indices, built once for the rounds of one allocation: person `k` of request `r`
/// is `people[first[r] + k]`; prerequisites as numbers (`required[j]` for activity `j`, in its
/// order), and each person's completed activities among them, sorted.
pub struct Placer<'a> {
    inst: &'a Instance,
    first: Vec<usize>,
    people: Vec<u32>,
    completed: Vec<Vec<u32>>,
    required: Vec<Vec<u32>>,
}

/// The activities each person of one nation is placed in, in placement order: a list per person
/// in one arena (no allocation per person).
struct Schedule {
    head: Vec<u32>,
    tail: Vec<u32>,
    /// (activity, next cell).
    cells: Vec<(u32, u32)>,
    touched: Vec<u32>,
}

const END: u32 = u32::MAX;

/// Below this many requests nominees are placed on one thread (starting threads costs more).
const PARALLEL_REQUESTS: usize = 4096;

impl Schedule {
    fn new(people: usize) -> Schedule {
        Schedule { head: vec![END; people], tail: vec![END; people], cells: Vec::new(), touched: Vec::new() }
    }

    fn clear(&mut self) {
        for &p in &self.touched {
            self.head[p as usize] = END;
            self.tail[p as usize] = END;
        }
        self.touched.clear();
        self.cells.clear();
    }

    fn push(&mut self, p: u32, activity: usize) {
        let cell = self.cells.len() as u32;
        self.cells.push((activity as u32, END));
        let p = p as usize;
        if self.head[p] == END {
            self.head[p] = cell;
            self.touched.push(p as u32);
        } else {
            let last = self.tail[p] as usize;
            self.cells[last].1 = cell;
        }
        self.tail[p] = cell;
    }

    fn of(&self, p: u32) -> impl Iterator<Item = usize> + '_ {
        let mut cell = self.head[p as usize];
        std::iter::from_fn(move || {
            if cell == END {
                return None;
            }
            let (a, next) = self.cells[cell as usize];
            cell = next;
            Some(a as usize)
        })
    }
}

impl<'a> Placer<'a> {
    pub fn new(inst: &'a Instance) -> Placer<'a> {
        // Every prerequisite id, numbered; completed activities that are nobody's prerequisite
        // are not kept.
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let required: Vec<Vec<u32>> = inst
            .activities
            .iter()
            .map(|a| {
                a.prerequisites
                    .iter()
                    .map(|pre| {
                        let next = ids.len() as u32;
                        *ids.entry(pre.id.as_str()).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        let mut index: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(inst.people.len(), Default::default());
        let mut completed: Vec<Vec<u32>> = Vec::with_capacity(inst.people.len());
        for p in &inst.people {
            let k = *index.entry(p.id.as_str()).or_insert_with(|| {
                completed.push(Vec::new());
                (completed.len() - 1) as u32
            });
            completed[k as usize].extend(p.completed.iter().filter_map(|c| ids.get(c.as_str()).copied()));
        }
        for c in &mut completed {
            c.sort_unstable();
            c.dedup();
        }
        let mut first = Vec::with_capacity(inst.requests.len() + 1);
        let mut people = Vec::new();
        first.push(0);
        for req in &inst.requests {
            for p in &req.nominees {
                let k = *index.entry(p.as_str()).or_insert_with(|| {
                    completed.push(Vec::new());
                    (completed.len() - 1) as u32
                });
                people.push(k);
            }
            first.push(people.len());
        }
        Placer { inst, first, people, completed, required }
    }

    /// Place nominees for `seats`, reusing `earlier` for the nations whose seats did not change.
    pub fn place_again(&self, seats: &[u32], earlier: Option<&(Vec<u32>, Placement)>) -> Placement {
        self.place_on(seats, earlier, 1)
    }

    /// [`Placer::place_again`] on up to `threads` threads: nations are independent, so they are
    /// split into contiguous groups of about equal numbers of requests, placed side by side and
    /// the groups' results joined in nation order — the same placement as on one thread.
    pub fn place_on(&self, seats: &[u32], earlier: Option<&(Vec<u32>, Placement)>, threads: usize) -> Placement {
        let inst = self.inst;
        let ranges = inst.nation_ranges();
        let nations = inst.nations.len();
        let threads = threads.clamp(1, nations.max(1));
        if threads == 1 || inst.requests.len() < PARALLEL_REQUESTS {
            return self.place_nations(seats, earlier, &ranges, 0..nations);
        }
        // Group boundaries: the first nation whose requests start at or after k/threads of all.
        let mut cuts = vec![0usize];
        for k in 1..threads {
            let target = inst.requests.len() * k / threads;
            let cut = ranges[..nations].partition_point(|&start| start < target).max(*cuts.last().unwrap_or(&0));
            cuts.push(cut);
        }
        cuts.push(nations);
        let parts: Vec<Placement> = std::thread::scope(|scope| {
            let handles: Vec<_> = cuts
                .windows(2)
                .map(|w| {
                    let group = w[0]..w[1];
                    let ranges = &ranges;
                    scope.spawn(move || self.place_nations(seats, earlier, ranges, group))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        });
        let mut out = Placement { placed_count: vec![0; inst.requests.len()], ..Placement::default() };
        for (part, w) in parts.into_iter().zip(cuts.windows(2)) {
            let requests = ranges[w[0]]..ranges[w[1]];
            out.placed_count[requests.clone()].copy_from_slice(&part.placed_count[requests]);
            out.placed.extend(part.placed);
            out.infeasible.extend(part.infeasible);
        }
        out
    }

    /// Place the nominees of the nations in `group` (each nation's requests are the contiguous
    /// range `ranges[i]..ranges[i + 1]`); counts of other nations' requests stay 0.
    fn place_nations(
        &self,
        seats: &[u32],
        earlier: Option<&(Vec<u32>, Placement)>,
        ranges: &[usize],
        group: std::ops::Range<usize>,
    ) -> Placement {
        let inst = self.inst;
        let mut out = Placement { placed_count: vec![0; inst.requests.len()], ..Placement::default() };
        let mut order: Vec<usize> = Vec::new();
        // Activities each person is placed in (this nation's).
        let mut schedule = Schedule::new(self.completed.len());
        for nation in group {
            let range = ranges[nation]..ranges[nation + 1];
            if let Some((old_seats, old)) = earlier
                && old_seats.len() == seats.len()
                && old_seats[range.clone()] == seats[range.clone()]
            {
                out.placed_count[range.clone()].copy_from_slice(&old.placed_count[range.clone()]);
                let from = old.placed.partition_point(|p| p.0 < range.start);
                let to = old.placed.partition_point(|p| p.0 < range.end);
                out.placed.extend_from_slice(&old.placed[from..to]);
                let from = old.infeasible.partition_point(|x| x.request < range.start);
                let to = old.infeasible.partition_point(|x| x.request < range.end);
                out.infeasible.extend_from_slice(&old.infeasible[from..to]);
                continue;
            }
            order.clear();
            order.extend(range.filter(|&r| seats[r] > 0 && !inst.requests[r].nominees.is_empty()));
            if order.is_empty() {
                continue;
            }
            order.sort_by_key(|&r| {
                let a = inst.requests[r].activity;
                (inst.activities[a].start, a)
            });
            schedule.clear();
            for &r in &order {
                let req = &inst.requests[r];
                let act = &inst.activities[req.activity];
                let required = &self.required[req.activity];
                let mut placed_here = 0u32;
                for (k, &p) in self.people[self.first[r]..self.first[r + 1]].iter().enumerate() {
                    if placed_here == seats[r] {
                        break;
                    }
                    let issue = if let Some(a) = schedule.of(p).find(|&a| inst.activities[a].overlaps(act)) {
                        Some(Issue::Overlap { activity: inst.activities[a].id.clone() })
                    } else {
                        act.prerequisites
                            .iter()
                            .zip(required)
                            .find(|(pre, id)| {
                                let done = self.completed[p as usize].binary_search(id).is_ok();
                                let this_year = pre.activity.is_some_and(|a| {
                                    inst.activities[a].end < act.start && schedule.of(p).any(|b| b == a)
                                });
                                !done && !this_year
                            })
                            .map(|(pre, _)| Issue::Prerequisite { missing: pre.id.clone() })
                    };
                    match issue {
                        Some(issue) => {
                            out.infeasible.push(Infeasible { request: r, nominee: req.nominees[k].clone(), issue })
                        }
                        None => {
                            schedule.push(p, req.activity);
                            out.placed.push((r, k));
                            placed_here += 1;
                        }
                    }
                }
                out.placed_count[r] = placed_here;
            }
        }
        out.placed.sort_unstable();
        out.infeasible.sort_by(|a, b| (a.request, &a.nominee).cmp(&(b.request, &b.nominee)));
        out
    }
}
