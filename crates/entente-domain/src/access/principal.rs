use serde::{Deserialize, Serialize};

use crate::registry::NationCode;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Alliance staff who administer accounts and read the whole audit log.
    StaffAdmin,
    /// Alliance staff who run the work (consultations, cooperation, warning).
    StaffOfficer,
    /// Head of a nation's delegation: manages the accounts of that delegation.
    DelegationLead,
    /// Member of a nation's delegation.
    DelegationMember,
    /// Read-only: evaluation, exports, API.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::StaffAdmin, Role::StaffOfficer, Role::DelegationLead, Role::DelegationMember, Role::Analyst];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::StaffAdmin => "staff_admin",
            Role::StaffOfficer => "staff_officer",
            Role::DelegationLead => "delegation_lead",
            Role::DelegationMember => "delegation_member",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the role belongs to the alliance staff or to a delegation.
    pub fn is_staff_role(self) -> bool {
        matches!(self, Role::StaffAdmin | Role::StaffOfficer)
    }

    pub fn is_delegation_role(self) -> bool {
        matches!(self, Role::DelegationLead | Role::DelegationMember)
    }
}

/// Whom a user works for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "nation", rename_all = "snake_case")]
pub enum Affiliation {
    /// The alliance's international staff.
    Staff,
    /// A nation's delegation (ally, partner state or partner organisation).
    Nation(NationCode),
}

impl Affiliation {
    /// Whether a role fits this affiliation: staff roles on the staff, delegation roles in a
    /// delegation; analysts may be either.
    pub fn allows(&self, role: Role) -> bool {
        match self {
            Affiliation::Staff => !role.is_delegation_role(),
            Affiliation::Nation(_) => !role.is_staff_role(),
        }
    }
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub affiliation: Affiliation,
    pub role: Role,
}

impl Principal {
    pub fn is_staff(&self) -> bool {
        self.affiliation == Affiliation::Staff
    }

    pub fn nation(&self) -> Option<&NationCode> {
        match &self.affiliation {
            Affiliation::Nation(n) => Some(n),
            Affiliation::Staff => None,
        }
    }

    /// Analysts only read.
    pub fn can_write(&self) -> bool {
        self.role != Role::Analyst
    }

    /// Whether this caller may manage the accounts of `target` (an affiliation): staff
    /// administrators manage everyone; a delegation lead manages its own delegation only.
    pub fn can_manage_accounts_of(&self, target: &Affiliation) -> bool {
        match self.role {
            Role::StaffAdmin => true,
            Role::DelegationLead => &self.affiliation == target,
            _ => false,
        }
    }

    /// Whether this caller may give `role` to someone of `target`.
    pub fn can_grant(&self, target: &Affiliation, role: Role) -> bool {
        self.can_manage_accounts_of(target)
            && target.allows(role)
            && (self.role == Role::StaffAdmin || role.is_delegation_role())
    }

    /// Staff administrators read the whole audit log; others the entries about their own nation.
    pub fn reads_whole_audit(&self) -> bool {
        self.role == Role::StaffAdmin
    }
}
