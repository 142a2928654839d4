//! Which source event ids an import has counted, as sorted ranges: GDELT's `GLOBALEVENTID`s are
//! assigned in sequence, so a day's file is a handful of ranges however many rows it has. An
//! import skips the ids earlier imports counted (the same events in a daily file and in the
//! 15-minute files of that day, say) and records its own.

/// Sorted, disjoint, non-adjacent inclusive ranges of ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdRanges {
    ranges: Vec<(u64, u64)>,
}

impl IdRanges {
    /// The ranges covering `ids` (any order, duplicates allowed).
    pub fn from_ids(mut ids: Vec<u64>) -> IdRanges {
        ids.sort_unstable();
        ids.dedup();
        let mut ranges: Vec<(u64, u64)> = Vec::new();
        for id in ids {
            match ranges.last_mut() {
                Some((_, last)) if *last + 1 == id => *last = id,
                _ => ranges.push((id, id)),
            }
        }
        IdRanges { ranges }
    }

    /// The union of `ranges` (any order, overlapping allowed; a range with first > last is ignored).
    pub fn from_ranges(ranges: impl IntoIterator<Item = (u64, u64)>) -> IdRanges {
        let mut all: Vec<(u64, u64)> = ranges.into_iter().filter(|(a, b)| a <= b).collect();
        all.sort_unstable();
        let mut out: Vec<(u64, u64)> = Vec::with_capacity(all.len());
        for (a, b) in all {
            match out.last_mut() {
                Some((_, last)) if a <= last.saturating_add(1) => *last = (*last).max(b),
                _ => out.push((a, b)),
            }
        }
        IdRanges { ranges: out }
    }

    pub fn contains(&self, id: u64) -> bool {
        let i = self.ranges.partition_point(|(_, last)| *last < id);
        self.ranges.get(i).is_some_and(|(first, _)| *first <= id)
    }

    /// Whether any id is in both.
    pub fn overlaps(&self, other: &IdRanges) -> bool {
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (self.ranges.get(i), other.ranges.get(j)) {
            if a.1 < b.0 {
                i += 1;
            } else if b.1 < a.0 {
                j += 1;
            } else {
                return true;
            }
        }
        false
    }

    pub fn ranges(&self) -> &[(u64, u64)] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// How many ids the ranges hold.
    pub fn len(&self) -> u64 {
        self.ranges.iter().map(|(a, b)| b - a + 1).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::IdRanges;
    use proptest::prelude::*;

    #[test]
    fn ids_become_ranges() {
        let r = IdRanges::from_ids(vec![7, 3, 4, 5, 9, 5, 10]);
        assert_eq!(r.ranges(), &[(3, 5), (7, 7), (9, 10)]);
        assert_eq!(r.len(), 6);
        assert!(r.contains(4) && r.contains(7) && r.contains(10));
        assert!(!r.contains(2) && !r.contains(6) && !r.contains(8) && !r.contains(11));
        let u = IdRanges::from_ranges([(9, 12), (1, 2), (3, 3), (20, 19)]);
        assert_eq!(u.ranges(), &[(1, 3), (9, 12)]);
        assert!(u.overlaps(&r));
        assert!(!IdRanges::from_ids(vec![6, 8]).overlaps(&r));
    }

    proptest! {
        #[test]
        fn ranges_hold_exactly_their_ids(ids in proptest::collection::vec(0u64..200, 0..80), probe in 0u64..210) {
            let r = IdRanges::from_ids(ids.clone());
            prop_assert_eq!(r.contains(probe), ids.contains(&probe));
            let joined = IdRanges::from_ranges(r.ranges().iter().copied().chain([(probe, probe)]));
            prop_assert!(joined.contains(probe));
            prop_assert_eq!(joined.len(), r.len() + u64::from(!r.contains(probe)));
        }
    }
}
