//! Changes to the registry made one at a time by the alliance's staff, in a form or through the
//! API: a nation or organisation added with its first period, a membership change (joined,
//! suspended, left) and a nation's points of contact.
//!
//! A change to the network is checked by the importer's own rules ([`import::check_rows`]) over
//! the whole network with the change applied, so a form accepts exactly what a file would, with
//! the same partial dates; a problem is reported against the form's field rather than a line.

use std::fmt;

use super::import::{self, NetworkRow, Place, Problem};
use super::{EndReason, FrameworkCode, FrameworkRole, Membership, Nation, NationCode, NationKind, Network};
use crate::access::{Permit, Principal};
use crate::text::TextRule;

/// The longest name (English or French) of a nation typed by hand.
pub const NAME_MAX: usize = 200;
/// The longest region.
pub const REGION_MAX: usize = 100;
/// The longest note on a period.
pub const NOTE_MAX: usize = 1000;
/// The longest name or role of a point of contact.
pub const CONTACT_TEXT_MAX: usize = 200;
/// The longest e-mail address.
pub const EMAIL_MAX: usize = 254;
/// The longest telephone number.
pub const PHONE_MAX: usize = 50;

/// What happened to a nation in a framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipEvent {
    /// A new period starts.
    Joined,
    /// The open period ends in suspension: the nation is listed but not active.
    Suspended,
    /// The open period ends: the nation left.
    Left,
}

impl MembershipEvent {
    pub const ALL: [MembershipEvent; 3] = [MembershipEvent::Joined, MembershipEvent::Suspended, MembershipEvent::Left];

    pub fn as_str(self) -> &'static str {
        match self {
            MembershipEvent::Joined => "joined",
            MembershipEvent::Suspended => "suspended",
            MembershipEvent::Left => "left",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s.trim())
    }

    /// The audited action of this change.
    pub fn action(self) -> &'static str {
        match self {
            MembershipEvent::Joined => "registry.membership.joined",
            MembershipEvent::Suspended => "registry.membership.suspended",
            MembershipEvent::Left => "registry.membership.left",
        }
    }
}

/// A problem with one field of a change: the field is the form's (and the API body's) name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Text(e) => write!(f, "{} {e}", self.field),
            p => write!(f, "{}: {p}", self.field),
        }
    }
}

/// Why a change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The caller may not edit the registry.
    NotPermitted,
    /// What was typed is refused, field by field (never empty).
    Invalid(Vec<FieldError>),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NotPermitted => write!(f, "{}", self.said()),
            EditError::Invalid(errors) => {
                let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&all.join("; "))
            }
        }
    }
}

impl EditError {
    /// What to tell the reader when the change is refused as a whole. The fields refused one by
    /// one are told by the pages beside each field, in the reader's language.
    pub fn said(&self) -> crate::said::Said {
        match self {
            EditError::NotPermitted => {
                crate::said!("err-registry-not-permitted", "only the alliance's staff edit the registry")
            }
            EditError::Invalid(_) => crate::said::Said::plain(self.to_string()),
        }
    }
}

/// What a principal may change in the registry now: the alliance's staff who write (not
/// analysts, not delegations). Pages offer the editing forms only when this allows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryActions {
    pub edit: bool,
}

impl RegistryActions {
    pub fn of(p: Option<&Principal>) -> RegistryActions {
        RegistryActions { edit: p.is_some_and(|p| p.is_staff() && p.can_write()) }
    }
}

fn permit(by: &Principal, action: &'static str, kind: &'static str) -> Result<Permit, EditError> {
    if RegistryActions::of(Some(by)).edit { Ok(Permit::new(action, by, kind, 0)) } else { Err(EditError::NotPermitted) }
}

/// A nation or an organisation to add, with its first period, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewNation {
    pub code: String,
    pub name: String,
    pub name_fr: String,
    pub region: String,
    /// The framework of its first period; its role makes the nation an ally, a partner state or
    /// a partner organisation.
    pub framework: String,
    /// The first day of that period, as precise as known (`2024`, `2024-05`, `2024-05-14`).
    pub joined: String,
    pub note: String,
}

/// A membership change of a nation already in the registry, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MembershipChange {
    /// `joined`, `suspended` or `left`.
    pub event: String,
    pub framework: String,
    /// The day it happened, as precise as known (`2024`, `2024-05`, `2024-05-14`).
    pub date: String,
    pub note: String,
}

/// What a checked change writes to the network.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkWrite {
    /// A new nation and its first period.
    AddNation { nation: Nation, period: Membership },
    /// A new period of a nation; the nation as it now stands (its kind may change, e.g. to member).
    AddPeriod { nation: Nation, period: Membership },
    /// A period ended: as stored, and as it now reads.
    EndPeriod { nation: Nation, before: Membership, after: Membership },
}

/// The kind of a nation in a framework of `role`.
fn kind_for(role: FrameworkRole) -> NationKind {
    match role {
        FrameworkRole::Alliance => NationKind::Member,
        FrameworkRole::Organisations => NationKind::PartnerOrg,
        FrameworkRole::Partnership => NationKind::PartnerState,
    }
}

/// One typed text through the one text rule, or the field's problem.
fn text(field: &'static str, rule: TextRule, value: &str, errors: &mut Vec<FieldError>) -> String {
    match rule.check(value) {
        Ok(t) => t,
        Err(e) => {
            errors.push(FieldError { field, problem: Problem::Text(e) });
            String::new()
        }
    }
}

/// The rows of the whole network as the importer would read them, the stored ones first.
fn rows_of(net: &Network) -> Vec<NetworkRow> {
    net.memberships()
        .iter()
        .map(|m| match net.nation(&m.nation) {
            Some(n) => NetworkRow::of(n, m),
            None => NetworkRow { code: m.nation.to_string(), name: m.nation.to_string(), ..NetworkRow::default() },
        })
        .collect()
}

/// Check `rows` with the importer's rules and keep the problems of the row at `edited`, each
/// against the form's field (`field_of` maps the importer's column). Problems of stored rows are
/// not this change's: they were let in before and are not reported here.
fn check(
    rows: &[NetworkRow],
    edited: usize,
    frameworks: &[(FrameworkCode, FrameworkRole)],
    net: &Network,
    field_of: &dyn Fn(&'static str) -> &'static str,
) -> Result<import::CheckedRows, Vec<FieldError>> {
    let stored = net.memberships();
    let place = |i: usize| stored.get(i).map_or(Place::Line(i as u64 + 1), |m| Place::Recorded(m.joined));
    import::check_rows(rows, frameworks, &place).map_err(|errors| {
        errors
            .into_iter()
            .filter(|e| e.index == edited)
            .map(|e| FieldError { field: field_of(e.column.unwrap_or("joined")), problem: e.problem })
            .collect()
    })
}

fn invalid(errors: Vec<FieldError>) -> EditError {
    EditError::Invalid(errors)
}

/// Add a nation or an organisation with its first period: the permit (`registry.nation.create`)
/// and what to write, or why not.
pub fn add_nation(
    by: &Principal,
    net: &Network,
    frameworks: &[(FrameworkCode, FrameworkRole)],
    new: &NewNation,
) -> Result<(Permit, NetworkWrite), EditError> {
    let permit = permit(by, "registry.nation.create", "nation")?;
    let mut errors = Vec::new();
    let name = text("name", TextRule::line(NAME_MAX), &new.name, &mut errors);
    let name_fr = text("name_fr", TextRule::line(NAME_MAX).optional(), &new.name_fr, &mut errors);
    let region = text("region", TextRule::line(REGION_MAX).optional(), &new.region, &mut errors);
    let note = text("note", TextRule::lines(NOTE_MAX).optional(), &new.note, &mut errors);
    let code = new.code.trim().to_ascii_uppercase();
    let exists = code.parse::<NationCode>().ok().filter(|c| net.nation(c).is_some());
    if let Some(c) = &exists {
        errors.push(FieldError { field: "code", problem: Problem::NationExists(c.clone()) });
    }
    let framework = new.framework.trim().to_ascii_uppercase();
    let framework = framework.as_str();
    let kind = frameworks.iter().find(|(c, _)| c.as_str() == framework).map(|(_, r)| kind_for(*r));
    let row = NetworkRow {
        code,
        name,
        name_fr,
        kind: kind.map(NationKind::as_str).unwrap_or_default().to_string(),
        framework: framework.to_string(),
        joined: new.joined.trim().to_string(),
        left: String::new(),
        region,
        note,
        end_reason: String::new(),
    };
    // A code already taken is said once: the row is then checked on its own, not against the
    // periods of the nation that holds the code.
    let mut rows = if exists.is_some() { Vec::new() } else { rows_of(net) };
    let edited = rows.len();
    rows.push(row);
    let field_of = |column: &'static str| match column {
        "kind" => "framework",
        "left" | "end_reason" => "joined",
        c => c,
    };
    let checked = check(&rows, edited, frameworks, net, &field_of);
    let checked = match checked {
        Ok(c) if errors.is_empty() => c,
        Ok(_) => return Err(invalid(errors)),
        Err(found) => {
            // The kind follows from the framework: an unknown framework is reported, not its kind.
            errors.extend(found.into_iter().filter(|e| e.problem != Problem::Empty("kind")));
            return Err(invalid(errors));
        }
    };
    let (nation, period) = edited_parts(checked, edited).ok_or_else(|| invalid(Vec::new()))?;
    Ok((permit, NetworkWrite::AddNation { nation, period }))
}

/// The nation and membership the edited row became.
fn edited_parts(checked: import::CheckedRows, edited: usize) -> Option<(Nation, Membership)> {
    let at = checked.rows.iter().position(|&i| i == edited)?;
    let period = checked.memberships.get(at)?.clone();
    let nation = checked.nations.into_iter().find(|n| n.code == period.nation)?;
    Some((nation, period))
}

/// Record a membership change of `code`: joined starts a new period; suspended and left end the
/// open one in that framework. The permit (the event's action, see [`MembershipEvent::action`])
/// and what to write, or why not.
pub fn change_membership(
    by: &Principal,
    net: &Network,
    frameworks: &[(FrameworkCode, FrameworkRole)],
    code: &NationCode,
    change: &MembershipChange,
) -> Result<(Permit, NetworkWrite), EditError> {
    // The permission comes first: nothing about the nation is told to someone who may not edit.
    permit(by, "registry.membership.joined", "membership")?;
    let mut errors = Vec::new();
    let event = MembershipEvent::parse(&change.event);
    if event.is_none() {
        errors.push(FieldError { field: "event", problem: Problem::UnknownEvent(change.event.trim().to_string()) });
    }
    let note = text("note", TextRule::lines(NOTE_MAX).optional(), &change.note, &mut errors);
    let Some(nation) = net.nation(code) else {
        // The caller names the nation in the address: an unknown one is not found, by the caller.
        errors.push(FieldError { field: "nation", problem: Problem::Code(super::CodeError::Nation(code.to_string())) });
        return Err(invalid(errors));
    };
    let framework_text = change.framework.trim().to_ascii_uppercase();
    let framework_text = framework_text.as_str();
    let role = frameworks.iter().find(|(c, _)| c.as_str() == framework_text).map(|(_, r)| *r);
    let Some(event) = event else { return Err(invalid(errors)) };
    let permit = permit(by, event.action(), "membership")?;
    let mut rows = rows_of(net);
    let field_of = |column: &'static str| match column {
        "kind" | "code" | "name" | "region" => "framework",
        "joined" | "left" | "end_reason" => "date",
        c => c,
    };
    match event {
        MembershipEvent::Joined => {
            let row = NetworkRow {
                code: nation.code.to_string(),
                name: nation.name.clone(),
                name_fr: nation.name_fr.clone().unwrap_or_default(),
                kind: role.map(|r| kind_for(r).as_str()).unwrap_or(nation.kind.as_str()).to_string(),
                framework: framework_text.to_string(),
                joined: change.date.trim().to_string(),
                left: String::new(),
                region: nation.region.clone().unwrap_or_default(),
                note,
                end_reason: String::new(),
            };
            let edited = rows.len();
            rows.push(row);
            match check(&rows, edited, frameworks, net, &field_of) {
                Ok(c) if errors.is_empty() => {
                    let (nation, period) = edited_parts(c, edited).ok_or_else(|| invalid(Vec::new()))?;
                    Ok((permit, NetworkWrite::AddPeriod { nation, period }))
                }
                Ok(_) => Err(invalid(errors)),
                Err(found) => {
                    errors.extend(found);
                    Err(invalid(errors))
                }
            }
        }
        MembershipEvent::Suspended | MembershipEvent::Left => {
            let open = net
                .memberships()
                .iter()
                .position(|m| &m.nation == code && m.framework.as_str() == framework_text && m.left.is_none());
            let Some(at) = open else {
                let problem = match framework_text.parse::<FrameworkCode>() {
                    Ok(framework) if role.is_some() => Problem::NoOpenPeriod { nation: code.clone(), framework },
                    _ if framework_text.is_empty() => Problem::Empty("framework"),
                    _ => Problem::UnknownFramework {
                        given: framework_text.to_string(),
                        known: frameworks.iter().map(|(c, _)| c.to_string()).collect(),
                    },
                };
                errors.push(FieldError { field: "framework", problem });
                return Err(invalid(errors));
            };
            if change.date.trim().is_empty() {
                errors.push(FieldError { field: "date", problem: Problem::Empty("left") });
                return Err(invalid(errors));
            }
            let before = net.memberships()[at].clone();
            let mut row = rows.remove(at);
            row.left = change.date.trim().to_string();
            row.end_reason = match event {
                MembershipEvent::Suspended => EndReason::Suspended.as_str().to_string(),
                _ => EndReason::Left.as_str().to_string(),
            };
            if !note.is_empty() {
                row.note = if row.note.is_empty() { note } else { format!("{} {}", row.note, note) };
            }
            // The ended period goes last, where the importer reports a clash with another row.
            let edited = rows.len();
            rows.push(row);
            let stored_place = |i: usize| {
                let stored = net.memberships();
                let i = if i >= at { i + 1 } else { i };
                stored.get(i).map_or(Place::Line(i as u64 + 1), |m| Place::Recorded(m.joined))
            };
            let checked = import::check_rows(&rows, frameworks, &stored_place).map_err(|found| {
                found
                    .into_iter()
                    .filter(|e| e.index == edited)
                    .map(|e| FieldError { field: field_of(e.column.unwrap_or("left")), problem: e.problem })
                    .collect::<Vec<_>>()
            });
            match checked {
                Ok(c) if errors.is_empty() => {
                    let (nation, after) = edited_parts(c, edited).ok_or_else(|| invalid(Vec::new()))?;
                    Ok((permit, NetworkWrite::EndPeriod { nation, before, after }))
                }
                Ok(_) => Err(invalid(errors)),
                Err(found) => {
                    errors.extend(found);
                    Err(invalid(errors))
                }
            }
        }
    }
}

/// A point of contact as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDraft {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// A point of contact checked: what is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedContact {
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl ContactDraft {
    /// The contact as stored, or every field's problem.
    pub fn check(&self) -> Result<CheckedContact, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = text("name", TextRule::line(CONTACT_TEXT_MAX), &self.name, &mut errors);
        let role = text("role", TextRule::line(CONTACT_TEXT_MAX).optional(), &self.role, &mut errors);
        let email = text("email", TextRule::line(EMAIL_MAX).optional(), &self.email, &mut errors);
        let phone = text("phone", TextRule::line(PHONE_MAX).optional(), &self.phone, &mut errors);
        if !email.is_empty() && !crate::text::is_mail_address(&email) {
            errors.push(FieldError { field: "email", problem: Problem::NotEmail(email.clone()) });
        }
        if !phone.is_empty() && !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
            errors.push(FieldError { field: "phone", problem: Problem::NotPhone(phone.clone()) });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let some = |s: String| Some(s).filter(|s| !s.is_empty());
        Ok(CheckedContact { name, role, email: some(email), phone: some(phone) })
    }
}

/// Add, change or remove a point of contact of a nation: the permit (`contact.create`,
/// `contact.update`, `contact.delete`), or why not.
/// `id` is the contact's (0 to create one).
pub fn contact_permit(by: &Principal, action: ContactAction, id: i64) -> Result<Permit, EditError> {
    if RegistryActions::of(Some(by)).edit {
        Ok(Permit::new(action.as_str(), by, "contact", id))
    } else {
        Err(EditError::NotPermitted)
    }
}

/// What is done to a point of contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactAction {
    Create,
    Update,
    Delete,
}

impl ContactAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactAction::Create => "contact.create",
            ContactAction::Update => "contact.update",
            ContactAction::Delete => "contact.delete",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{Affiliation, Role};
    use crate::registry::{NationStatus, demo_network, framework_roles};

    fn staff(role: Role) -> Principal {
        Principal { user_id: 7, username: "officer".into(), affiliation: Affiliation::Staff, role }
    }

    fn officer() -> Principal {
        staff(Role::StaffOfficer)
    }

    fn code(c: &str) -> NationCode {
        c.parse().unwrap()
    }

    fn fields(e: EditError) -> Vec<(&'static str, Problem)> {
        match e {
            EditError::Invalid(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
            other => panic!("expected refused fields, got {other:?}"),
        }
    }

    fn andorra() -> NewNation {
        NewNation {
            code: "and".into(),
            name: " Andorra ".into(),
            framework: "PFP".into(),
            joined: "2024-05".into(),
            region: "Southern Europe".into(),
            ..NewNation::default()
        }
    }

    #[test]
    fn a_partner_state_is_added_with_a_partial_date() {
        let net = demo_network().unwrap();
        let (permit, write) = add_nation(&officer(), &net, &framework_roles(), &andorra()).unwrap();
        assert_eq!(permit.action(), "registry.nation.create");
        let NetworkWrite::AddNation { nation, period } = write else { panic!("{write:?}") };
        assert_eq!(nation.code, code("AND"));
        assert_eq!(nation.name, "Andorra");
        assert_eq!(nation.kind, NationKind::PartnerState);
        assert_eq!(period.joined.to_string(), "2024-05");
        assert_eq!(period.left, None);
    }

    #[test]
    fn an_organisation_takes_its_kind_from_the_framework_and_a_state_needs_an_iso_code() {
        let net = demo_network().unwrap();
        let org = NewNation {
            code: "ASEAN".into(),
            name: "ASEAN".into(),
            framework: "ORG".into(),
            joined: "2024".into(),
            ..NewNation::default()
        };
        let (_, write) = add_nation(&officer(), &net, &framework_roles(), &org).unwrap();
        assert!(matches!(write, NetworkWrite::AddNation { nation, .. } if nation.kind == NationKind::PartnerOrg));
        let state = NewNation { framework: "PFP".into(), ..org };
        let refused = fields(add_nation(&officer(), &net, &framework_roles(), &state).unwrap_err());
        assert_eq!(refused, [("code", Problem::NotIso3(code("ASEAN")))]);
    }

    #[test]
    fn refusals_name_the_field_as_the_importer_words_them() {
        let net = demo_network().unwrap();
        let roles = framework_roles();
        let taken = NewNation { code: "UKR".into(), ..andorra() };
        assert_eq!(
            fields(add_nation(&officer(), &net, &roles, &taken).unwrap_err()),
            [("code", Problem::NationExists(code("UKR")))]
        );
        let bad = NewNation { joined: "2024-13".into(), framework: "NATOX".into(), name: String::new(), ..andorra() };
        let refused = fields(add_nation(&officer(), &net, &roles, &bad).unwrap_err());
        let named: Vec<&str> = refused.iter().map(|(f, _)| *f).collect();
        assert!(named.contains(&"name") && named.contains(&"framework") && named.contains(&"joined"), "{refused:?}");
        let (_, date) = refused.iter().find(|(f, _)| *f == "joined").unwrap();
        assert_eq!(date.to_string(), "'2024-13' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
    }

    #[test]
    fn a_suspension_ends_the_open_period_and_the_status_follows() {
        let net = demo_network().unwrap();
        let change = MembershipChange {
            event: "suspended".into(),
            framework: "PFP".into(),
            date: "2024".into(),
            note: "by decision".into(),
        };
        let (permit, write) = change_membership(&officer(), &net, &framework_roles(), &code("AUT"), &change).unwrap();
        assert_eq!(permit.action(), "registry.membership.suspended");
        let NetworkWrite::EndPeriod { before, after, .. } = write else { panic!("{write:?}") };
        assert_eq!(before.left, None);
        assert_eq!(after.left.map(|l| l.to_string()).as_deref(), Some("2024"));
        assert_eq!(after.end_reason, Some(EndReason::Suspended));
        assert!(after.note.ends_with("by decision"));
        let mut memberships: Vec<Membership> = net.memberships().iter().filter(|m| **m != before).cloned().collect();
        memberships.push(after);
        let changed = Network::new(net.nations().cloned(), memberships);
        let on = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        assert!(matches!(changed.status_on(&code("AUT"), on), NationStatus::Suspended { .. }));
    }

    #[test]
    fn membership_changes_are_checked_by_the_importers_rules() {
        let net = demo_network().unwrap();
        let roles = framework_roles();
        let change = |event: &str, framework: &str, date: &str| MembershipChange {
            event: event.into(),
            framework: framework.into(),
            date: date.into(),
            note: String::new(),
        };
        // Malta is in PfP since 2008: joining again overlaps the open period.
        let refused = fields(
            change_membership(&officer(), &net, &roles, &code("MLT"), &change("joined", "PFP", "2024")).unwrap_err(),
        );
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert_eq!(refused[0].0, "date");
        assert!(refused[0].1.to_string().contains("overlaps the one recorded from 2008-04-03"), "{}", refused[0].1);
        // Leaving before one joined.
        let refused = fields(
            change_membership(&officer(), &net, &roles, &code("AUT"), &change("left", "PFP", "1990")).unwrap_err(),
        );
        assert_eq!(refused[0].0, "date");
        assert!(matches!(refused[0].1, Problem::LeftNotAfterJoined { .. }));
        // Finland's partnership ended when it became an ally: nothing open to end.
        let refused = fields(
            change_membership(&officer(), &net, &roles, &code("FIN"), &change("left", "PFP", "2024")).unwrap_err(),
        );
        assert_eq!(
            refused,
            [("framework", Problem::NoOpenPeriod { nation: code("FIN"), framework: "PFP".parse().unwrap() })]
        );
        let refused = fields(
            change_membership(&officer(), &net, &roles, &code("AUT"), &change("rejoined", "PFP", "2024")).unwrap_err(),
        );
        assert_eq!(refused[0].0, "event");
        // A new period where none is open.
        let (permit, write) =
            change_membership(&officer(), &net, &roles, &code("AUT"), &change("joined", "MD", "2025-01-15")).unwrap();
        assert_eq!(permit.action(), "registry.membership.joined");
        assert!(matches!(write, NetworkWrite::AddPeriod { period, .. } if period.joined.to_string() == "2025-01-15"));
    }

    #[test]
    fn only_staff_writers_edit() {
        let net = demo_network().unwrap();
        let delegation = Principal {
            user_id: 9,
            username: "mlt".into(),
            affiliation: Affiliation::Nation(code("MLT")),
            role: Role::DelegationLead,
        };
        for p in [delegation, staff(Role::Analyst)] {
            assert!(!RegistryActions::of(Some(&p)).edit);
            assert_eq!(add_nation(&p, &net, &framework_roles(), &andorra()).unwrap_err(), EditError::NotPermitted);
            assert!(contact_permit(&p, ContactAction::Create, 0).is_err());
        }
        assert!(!RegistryActions::of(None).edit);
        assert!(RegistryActions::of(Some(&staff(Role::StaffAdmin))).edit);
    }

    #[test]
    fn contacts_are_checked_field_by_field() {
        let ok = ContactDraft {
            name: " Ion ".into(),
            role: String::new(),
            email: "ion@example.md".into(),
            phone: "+373 22 00 00".into(),
        };
        let c = ok.check().unwrap();
        assert_eq!((c.name.as_str(), c.email.as_deref(), c.role.as_str()), ("Ion", Some("ion@example.md"), ""));
        let bad =
            ContactDraft { name: String::new(), role: String::new(), email: "nope".into(), phone: "call me".into() };
        let refused: Vec<&str> = bad.check().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(refused, ["name", "email", "phone"]);
    }
}
