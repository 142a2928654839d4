//! What a viewer may see of an indicator. Indicators aggregate items across nations, including
//! items a nation may not see one by one (other nations' seat requests and allocation lines).
//! Staff see every nation's line. A delegation sees its own nation's line, and an aggregate only
//! when at least [`MIN_NATIONS`] nations are in it, so that no aggregate narrows down to another
//! nation's figures.

use crate::access::Principal;
use crate::registry::NationCode;

/// The fewest nations an aggregate shown to a delegation may cover.
pub const MIN_NATIONS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvaluationView {
    /// Alliance staff and analysts: every nation.
    Everything,
    /// A delegation: aggregates of at least five nations, and this nation's own line.
    Delegation(NationCode),
}

impl EvaluationView {
    pub fn of(principal: &Principal) -> EvaluationView {
        match principal.nation() {
            Some(n) if !principal.is_staff() => EvaluationView::Delegation(n.clone()),
            _ => EvaluationView::Everything,
        }
    }

    /// Whether an aggregate over `nations` nations may be shown.
    pub fn may_show_aggregate(&self, nations: usize) -> bool {
        match self {
            EvaluationView::Everything => true,
            EvaluationView::Delegation(_) => nations >= MIN_NATIONS,
        }
    }

    /// Whether one nation's own line may be shown.
    pub fn may_show_line(&self, nation: &NationCode) -> bool {
        match self {
            EvaluationView::Everything => true,
            EvaluationView::Delegation(own) => own == nation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Affiliation, Role};

    fn principal(affiliation: Affiliation, role: Role) -> Principal {
        Principal { user_id: 1, username: "u".into(), affiliation, role }
    }

    #[test]
    fn staff_see_everything_a_delegation_its_own_line_and_aggregates_of_five() {
        let staff = EvaluationView::of(&principal(Affiliation::Staff, Role::Analyst));
        assert!(staff.may_show_aggregate(1) && staff.may_show_line(&"UKR".parse().unwrap()));
        let mlt: NationCode = "MLT".parse().unwrap();
        let malta = EvaluationView::of(&principal(Affiliation::Nation(mlt.clone()), Role::DelegationMember));
        assert!(malta.may_show_line(&mlt));
        assert!(!malta.may_show_line(&"UKR".parse().unwrap()));
        assert!(!malta.may_show_aggregate(MIN_NATIONS - 1));
        assert!(malta.may_show_aggregate(MIN_NATIONS));
        assert!(!malta.may_show_aggregate(0));
    }
}
