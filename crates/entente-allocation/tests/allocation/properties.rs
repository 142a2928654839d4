//! The mechanism's guarantees as properties on random problems, checked against brute force.

use entente_allocation::input::{self, InstanceFile};
use entente_allocation::mechanism::{self, Mechanism};
use entente_allocation::report;
use entente_domain::rng::Rng;
use proptest::prelude::*;

use crate::common::{all_allocations, tiny, totals, value_of};

fn sorted(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Lexicographic optimality, exactly: (1) most seats, (2) least Σ s_i·u_i², (3) least Σ π·x,
    /// compared with every feasible allocation — with equal and with unequal weights.
    #[test]
    fn primary_is_lexicographically_optimal(t in tiny(true), seed in 0u64..4) {
        let inst = t.instance();
        let out = mechanism::allocate(&inst, Mechanism::Primary, seed).unwrap();
        let scale = mechanism::nation_scale(&inst);
        let key = |seats: &[u32]| {
            let u = totals(&inst, seats);
            let filled: u32 = u.iter().sum();
            let fair: i64 = u.iter().zip(&scale).map(|(&x, &s)| s * i64::from(x) * i64::from(x)).sum();
            let prio: i64 = inst.requests.iter().zip(seats).map(|(r, &x)| i64::from(r.priority) * i64::from(x)).sum();
            (std::cmp::Reverse(filled), fair, prio)
        };
        let best = all_allocations(&inst).iter().map(|x| key(x)).min().unwrap();
        prop_assert_eq!(key(&out.seats), best);
    }

    /// Leximin: the sorted seat counts are lexicographically largest among all feasible
    /// allocations (equal weights).
    #[test]
    fn primary_is_leximin(t in tiny(false)) {
        let inst = t.instance();
        let out = mechanism::allocate(&inst, Mechanism::Primary, 1).unwrap();
        let best = all_allocations(&inst).into_iter().map(|x| sorted(totals(&inst, &x))).max().unwrap();
        prop_assert_eq!(sorted(out.totals.clone()), best);
    }

    /// Envy-free up to one seat: no nation values another's seats more than one above its own.
    #[test]
    fn primary_is_ef1(t in tiny(false), seed in 0u64..4) {
        let inst = t.instance();
        let out = mechanism::allocate(&inst, Mechanism::Primary, seed).unwrap();
        for i in 0..inst.nations.len() {
            for k in 0..inst.nations.len() {
                if i != k {
                    let v = value_of(&inst, &out.seats, i, k);
                    prop_assert!(v <= out.totals[i] + 1, "N{} values N{}'s seats at {} but holds {}", i, k, v, out.totals[i]);
                }
            }
        }
        prop_assert_eq!(report::report(&inst, &out).ef1_violations, 0);
    }

    /// No seat is wasted: a request left wanting has its nation at its cap or its activity full —
    /// for every mechanism; and every mechanism fills as many seats as the maximum flow.
    #[test]
    fn no_mechanism_wastes_a_seat(t in tiny(false), seed in 0u64..4) {
        let inst = t.instance();
        let max: u32 = all_allocations(&inst).iter().map(|x| x.iter().sum::<u32>()).max().unwrap();
        for m in Mechanism::ALL {
            let out = mechanism::allocate(&inst, m, seed).unwrap();
            let mut filled = vec![0u32; inst.activities.len()];
            for (r, &s) in inst.requests.iter().zip(&out.seats) {
                filled[r.activity] += s;
                prop_assert!(s <= r.usable);
            }
            for (r, &s) in inst.requests.iter().zip(&out.seats) {
                if s < r.usable {
                    let at_cap = inst.nations[r.nation].cap.is_some_and(|c| out.totals[r.nation] >= c);
                    prop_assert!(at_cap || filled[r.activity] == inst.activities[r.activity].seats, "{m}: wasted seat");
                }
            }
            prop_assert_eq!(report::report(&inst, &out).seats_wasted, 0);
            if matches!(m, Mechanism::Primary | Mechanism::Utilitarian) {
                prop_assert_eq!(out.seats.iter().sum::<u32>(), max, "{} is not seat-maximal", m);
            }
        }
    }

    /// A nation's higher-priority request is never left wanting in an activity with a free seat
    /// while its lower-priority request is served (flow mechanisms).
    #[test]
    fn within_nation_priorities_are_respected(t in tiny(true), seed in 0u64..4) {
        let inst = t.instance();
        for m in [Mechanism::Primary, Mechanism::Utilitarian] {
            let out = mechanism::allocate(&inst, m, seed).unwrap();
            let mut filled = vec![0u32; inst.activities.len()];
            for (r, &s) in inst.requests.iter().zip(&out.seats) {
                filled[r.activity] += s;
            }
            for (a, high) in inst.requests.iter().enumerate() {
                for (b, low) in inst.requests.iter().enumerate() {
                    if high.nation == low.nation && high.priority < low.priority && out.seats[a] < high.usable && out.seats[b] > 0 {
                        prop_assert_eq!(filled[high.activity], inst.activities[high.activity].seats,
                            "{}: {} kept a priority-{} seat while its priority-{} request had room", m, inst.nations[high.nation].code, low.priority, high.priority);
                    }
                }
            }
        }
    }

    /// Same input and seed give the same output, byte for byte — whatever order the input lists
    /// nations, activities and requests in (first-come-first-served excepted: order is its input).
    #[test]
    fn deterministic_and_order_independent(t in tiny(true), seed in 0u64..1000, shuffle in any::<u64>()) {
        let file = t.file();
        let mut shuffled: InstanceFile = file.clone();
        let mut rng = Rng::new(shuffle);
        rng.shuffle(&mut shuffled.nations);
        rng.shuffle(&mut shuffled.activities);
        rng.shuffle(&mut shuffled.requests);
        let a = input::validate(&file, &input::Origin::Json).unwrap();
        let b = input::validate(&shuffled, &input::Origin::Json).unwrap();
        for m in [Mechanism::Primary, Mechanism::Draft, Mechanism::Utilitarian] {
            let x = mechanism::allocate(&a, m, seed).unwrap();
            let y = mechanism::allocate(&a, m, seed).unwrap();
            let z = mechanism::allocate(&b, m, seed).unwrap();
            let bytes = |o: &mechanism::Outcome| serde_json::to_vec(&(&o.seats, &o.lottery, report::report(&a, o))).unwrap();
            prop_assert_eq!(bytes(&x), bytes(&y));
            prop_assert_eq!(&x.seats, &z.seats);
        }
    }
}

#[test]
fn big_states_do_not_crowd_out_small_ones() {
    // Two large states ask for everything; a small one asks for 2 seats in a 4-seat course.
    let t = crate::common::Tiny {
        nations: vec![(None, 1.0, "PFP"), (None, 1.0, "PFP"), (None, 1.0, "PFP")],
        activities: vec![(4, None, vec![]), (4, None, vec![])],
        requests: vec![(0, 0, 3, 1), (0, 1, 3, 1), (1, 0, 3, 1), (1, 1, 3, 1), (2, 0, 2, 2)],
    };
    let inst = t.instance();
    let primary = mechanism::allocate(&inst, Mechanism::Primary, 0).unwrap();
    assert_eq!(primary.totals, vec![3, 3, 2], "the small state gets its 2 seats");
    let utilitarian = mechanism::allocate(&inst, Mechanism::Utilitarian, 0).unwrap();
    assert_eq!(utilitarian.totals[2], 0, "the utilitarian flow crowds it out (its rank is lower)");
}

#[test]
fn weights_give_proportional_shares() {
    // One oversubscribed activity; nation 0 is entitled to twice nation 1's share.
    let t = crate::common::Tiny {
        nations: vec![(None, 2.0, "PFP"), (None, 1.0, "PFP")],
        activities: vec![(9, None, vec![])],
        requests: vec![(0, 0, 9, 1), (1, 0, 9, 1)],
    };
    let out = mechanism::allocate(&t.instance(), Mechanism::Primary, 0).unwrap();
    assert_eq!(out.totals, vec![6, 3]);
}
