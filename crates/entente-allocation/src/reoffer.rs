//! Seats given back after publication, offered again to the requests still waiting for them.
//!
//! Once an allocation is published, nations book travel and release their nominees: no seat they
//! hold may move. When a nation declines seats, the freed seats of that activity go to the
//! requests for the same activity that got less than they could use, and nothing else changes.
//!
//! The rule is the primary mechanism's own marginal cost restricted to those seats. In the flow
//! network a nation's `u`-th seat costs `F·s_i·(2u−1)` plus the request's priority, and `F` is
//! chosen so that the fairness term always outweighs priorities. With every other seat fixed, the
//! cheapest way to fill one freed seat is therefore the direct path to the waiting nation that
//! holds the fewest (weighted) seats in the allocation; ties go to the better (lower) priority of
//! its request, then to the published lottery. Filling the seats one at a time by that order is
//! optimal for the restricted problem, because each nation's cost is convex and all the seats are
//! in one activity.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A request waiting for a seat in the activity whose seats were given back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// Seats the request's nation holds in the whole allocation now.
    pub held: u32,
    /// The nation's fairness multiplier (1 for equal weights; see
    /// [`crate::mechanism::nation_scale`]).
    pub scale: i64,
    /// The engine's rank of the request: 1 = most wanted.
    pub priority: u32,
    /// The nation's position in the published lottery (0 = drawn first).
    pub lottery: usize,
    /// More seats it can use: asked (within the per-nation cap, and its nominees if it named
    /// any) minus granted.
    pub room: u32,
}

/// The order of the next seat: weighted marginal holding, priority, lottery position.
type Key = (i64, u32, usize);

impl Waiting {
    fn key(&self, extra: u32) -> Key {
        let held = i64::from(self.held) + i64::from(extra);
        (self.scale.saturating_mul(2 * held + 1), self.priority, self.lottery)
    }
}

/// Offer `seats` freed seats to `waiting`: the seats each waiting request receives, in order.
/// Seats nobody can use stay empty.
pub fn reoffer(waiting: &[Waiting], seats: u32) -> Vec<u32> {
    let mut given = vec![0u32; waiting.len()];
    let mut heap: BinaryHeap<Reverse<(Key, usize)>> =
        waiting.iter().enumerate().filter(|(_, w)| w.room > 0).map(|(k, w)| Reverse((w.key(0), k))).collect();
    let mut left = seats;
    while left > 0 {
        let Some(Reverse((_, k))) = heap.pop() else { break };
        given[k] += 1;
        left -= 1;
        if given[k] < waiting[k].room {
            heap.push(Reverse((waiting[k].key(given[k]), k)));
        }
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn w(held: u32, priority: u32, lottery: usize, room: u32) -> Waiting {
        Waiting { held, scale: 1, priority, lottery, room }
    }

    #[test]
    fn the_nation_holding_fewest_seats_comes_first_then_priority_then_the_lottery() {
        let waiting = [w(3, 1, 0, 2), w(1, 5, 1, 2), w(1, 2, 2, 1), w(0, 9, 3, 0)];
        // Two seats: the third (1 seat held, priority 2 beats 5), then, its room used up, the
        // second (1 held) before the first (3 held). The fourth has no room.
        assert_eq!(reoffer(&waiting, 2), vec![0, 1, 1, 0]);
        // Equal holdings and priority: the lottery decides.
        assert_eq!(reoffer(&[w(2, 1, 5, 1), w(2, 1, 4, 1)], 1), vec![0, 1]);
        // More seats than anyone can use: the rest stay empty.
        assert_eq!(reoffer(&[w(0, 1, 0, 1)], 3), vec![1]);
        assert_eq!(reoffer(&[], 3), Vec::<u32>::new());
    }

    #[test]
    fn weights_scale_the_holdings() {
        // A nation with half the entitlement (scale 2) counts each seat it holds twice.
        let waiting = [
            Waiting { held: 2, scale: 1, priority: 1, lottery: 1, room: 5 },
            Waiting { held: 1, scale: 2, priority: 1, lottery: 0, room: 5 },
        ];
        assert_eq!(reoffer(&waiting, 1), vec![1, 0]);
    }

    proptest! {
        #[test]
        fn seats_go_to_room_only_and_fill_it_as_far_as_they_go(
            rows in proptest::collection::vec((0u32..6, 1u32..4, 0u32..4), 0..12),
            seats in 0u32..20,
        ) {
            let waiting: Vec<Waiting> =
                rows.iter().enumerate().map(|(k, &(h, p, r))| w(h, p, k, r)).collect();
            let given = reoffer(&waiting, seats);
            let room: u32 = waiting.iter().map(|x| x.room).sum();
            prop_assert_eq!(given.iter().sum::<u32>(), seats.min(room));
            for (g, x) in given.iter().zip(&waiting) {
                prop_assert!(*g <= x.room);
            }
            // No envy the rule could remove: a request left with room never holds (after the
            // gifts) more than one seat fewer than one that received a seat, unless it ranks
            // after it at equal holdings.
            for (a, xa) in waiting.iter().enumerate() {
                for (b, xb) in waiting.iter().enumerate() {
                    if given[b] > 0 && given[a] < xa.room {
                        let last_b = xb.key(given[b] - 1);
                        let next_a = xa.key(given[a]);
                        prop_assert!(last_b <= next_a, "request {} took a seat request {} should have had", b, a);
                    }
                }
            }
        }
    }
}
