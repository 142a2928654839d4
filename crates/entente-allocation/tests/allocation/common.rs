//! Small random problems and a brute-force oracle.

use entente_allocation::input::{self, ActivityRecord, InstanceFile, MembershipRecord, NationRecord, RequestRecord};
use entente_allocation::model::Instance;
use proptest::prelude::*;

/// Parameters of a tiny problem, small enough for brute force.
#[derive(Debug, Clone)]
pub struct Tiny {
    pub nations: Vec<(Option<i64>, f64, &'static str)>,
    pub activities: Vec<(i64, Option<i64>, Vec<&'static str>)>,
    /// (nation, activity, seats, priority)
    pub requests: Vec<(usize, usize, i64, i64)>,
}

impl Tiny {
    pub fn file(&self) -> InstanceFile {
        InstanceFile {
            programme: None,
            nations: self
                .nations
                .iter()
                .enumerate()
                .map(|(i, &(cap, weight, framework))| NationRecord {
                    code: format!("N{i}"),
                    weight: Some(weight),
                    cap,
                    memberships: Some(vec![MembershipRecord {
                        framework: framework.into(),
                        joined: "2000".into(),
                        left: None,
                    }]),
                    ..NationRecord::default()
                })
                .collect(),
            activities: self
                .activities
                .iter()
                .enumerate()
                .map(|(j, (seats, cap, fw))| ActivityRecord {
                    id: format!("A{j}"),
                    start: format!("2024-0{}-01", 1 + j % 9),
                    seats: *seats,
                    nation_cap: *cap,
                    frameworks: fw.iter().map(|s| s.to_string()).collect(),
                    ..ActivityRecord::default()
                })
                .collect(),
            people: vec![],
            requests: self
                .requests
                .iter()
                .map(|&(i, j, seats, priority)| RequestRecord {
                    nation: format!("N{i}"),
                    activity: format!("A{j}"),
                    seats,
                    priority,
                    ..RequestRecord::default()
                })
                .collect(),
        }
    }

    pub fn instance(&self) -> Instance {
        input::validate(&self.file(), &input::Origin::Json).expect("tiny instances are valid")
    }
}

/// Tiny problems: up to 4 nations, 4 activities, 8 requests of 1–3 seats; some caps, some
/// framework restrictions; equal weights unless `weighted`.
pub fn tiny(weighted: bool) -> impl Strategy<Value = Tiny> {
    let nation = (
        prop_oneof![4 => Just(None), 1 => (1i64..5).prop_map(Some)],
        if weighted { prop_oneof![Just(1.0), Just(2.0), Just(3.0)].boxed() } else { Just(1.0).boxed() },
        prop_oneof![3 => Just("PFP"), 1 => Just("MD")],
    );
    let activity = (
        0i64..5,
        prop_oneof![3 => Just(None), 1 => (1i64..3).prop_map(Some)],
        prop_oneof![3 => Just(vec![]), 1 => Just(vec!["PFP"]), 1 => Just(vec!["MD", "PFP"])],
    );
    (prop::collection::vec(nation, 2..5), prop::collection::vec(activity, 1..5)).prop_flat_map(
        |(nations, activities)| {
            let (n, a) = (nations.len(), activities.len());
            let request = (0..n, 0..a, 1i64..4, 1i64..4);
            prop::collection::vec(request, 1..9).prop_map(move |mut requests| {
                requests.sort_by_key(|r| (r.0, r.1));
                requests.dedup_by_key(|r| (r.0, r.1));
                Tiny { nations: nations.clone(), activities: activities.clone(), requests }
            })
        },
    )
}

/// Every feasible allocation (seats per request), by depth-first enumeration.
pub fn all_allocations(inst: &Instance) -> Vec<Vec<u32>> {
    fn go(inst: &Instance, k: usize, x: &mut Vec<u32>, free: &mut [u32], room: &mut [u32], out: &mut Vec<Vec<u32>>) {
        if k == inst.requests.len() {
            out.push(x.clone());
            return;
        }
        let r = &inst.requests[k];
        let top = r.usable.min(free[r.activity]).min(room[r.nation]);
        for s in 0..=top {
            x.push(s);
            free[r.activity] -= s;
            room[r.nation] -= s;
            go(inst, k + 1, x, free, room, out);
            free[r.activity] += s;
            room[r.nation] += s;
            x.pop();
        }
    }
    let mut free: Vec<u32> = inst.activities.iter().map(|a| a.seats).collect();
    let mut room: Vec<u32> = inst.nations.iter().map(|n| n.cap.unwrap_or(u32::MAX)).collect();
    let mut out = Vec::new();
    go(inst, 0, &mut Vec::new(), &mut free, &mut room, &mut out);
    out
}

pub fn totals(inst: &Instance, seats: &[u32]) -> Vec<u32> {
    let mut t = vec![0u32; inst.nations.len()];
    for (r, &s) in inst.requests.iter().zip(seats) {
        t[r.nation] += s;
    }
    t
}

/// Nation i's value of nation k's seats: how many of them it could use.
pub fn value_of(inst: &Instance, seats: &[u32], i: usize, k: usize) -> u32 {
    let mut v = 0u32;
    for (r, &s) in inst.requests.iter().zip(seats) {
        if r.nation == k && s > 0 {
            let usable =
                inst.requests.iter().find(|q| q.nation == i && q.activity == r.activity).map_or(0, |q| q.usable);
            v += s.min(usable);
        }
    }
    inst.nations[i].cap.map_or(v, |c| v.min(c))
}
