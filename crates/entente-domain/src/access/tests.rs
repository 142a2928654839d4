use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::registry::{FrameworkCode, NationCode, Network, demo_network};

fn net() -> &'static Network {
    static NET: std::sync::OnceLock<Network> = std::sync::OnceLock::new();
    NET.get_or_init(|| demo_network().unwrap())
}

fn codes() -> Vec<NationCode> {
    net().nations().map(|n| n.code.clone()).collect()
}

fn delegate(code: &str) -> Principal {
    Principal {
        user_id: 1,
        username: "d".into(),
        affiliation: Affiliation::Nation(code.parse().unwrap()),
        role: Role::DelegationMember,
    }
}

fn staff() -> Principal {
    Principal { user_id: 2, username: "s".into(), affiliation: Affiliation::Staff, role: Role::StaffOfficer }
}

fn marking(audience: Audience, originator: Option<&str>, on: &str) -> Marking {
    Marking {
        classification: "NATO UNCLASSIFIED".into(),
        audience,
        originator: originator.map(|o| o.parse().unwrap()),
        released_on: NaiveDate::parse_from_str(on, "%Y-%m-%d").unwrap(),
    }
}

fn fw(s: &str) -> FrameworkCode {
    s.parse().unwrap()
}

#[test]
fn releasable_to_eapc_follows_history() {
    let eapc = |on| marking(Audience::Frameworks(vec![fw("PFP")]), None, on);
    let rus = delegate("RUS");
    assert!(may_see(Viewer::User(&rus), &eapc("2010-01-01"), net()), "active in PfP then");
    assert!(!may_see(Viewer::User(&rus), &eapc("2015-01-01"), net()), "suspended from 2014-04-01");
    let fin = delegate("FIN");
    assert!(may_see(Viewer::User(&fin), &eapc("2020-01-01"), net()), "as a partner");
    assert!(may_see(Viewer::User(&fin), &eapc("2025-01-01"), net()), "as an ally");
    let egy = delegate("EGY");
    assert!(!may_see(Viewer::User(&egy), &eapc("2020-01-01"), net()), "MD is not PfP");
    assert!(may_see(Viewer::User(&egy), &marking(Audience::AllPartners, None, "2020-01-01"), net()));
    assert!(!may_see(Viewer::User(&egy), &marking(Audience::AllPartners, None, "1990-01-01"), net()));
}

#[test]
fn staff_only_and_originator() {
    let m = marking(Audience::StaffOnly, Some("UKR"), "2024-01-01");
    assert!(may_see(Viewer::User(&staff()), &m, net()));
    assert!(may_see(Viewer::User(&delegate("UKR")), &m, net()));
    assert!(!may_see(Viewer::User(&delegate("USA")), &m, net()), "not even allies");
    assert!(!may_see(Viewer::Anonymous, &m, net()));
    assert!(may_see(Viewer::Anonymous, &marking(Audience::Public, None, "2024-01-01"), net()));
}

#[test]
fn markings_validate_and_read_as_people_write_them() {
    let c = Classifications::default();
    let m = marking(Audience::Frameworks(vec![fw("PFP")]), None, "2024-01-01");
    assert!(m.validate(&c).is_ok());
    assert_eq!(m.label(), "NATO UNCLASSIFIED – Releasable to PFP");
    let mut bad = m.clone();
    bad.classification = "COSMIC TOP SECRET".into();
    assert_eq!(
        bad.validate(&c).unwrap_err().to_string(),
        "unknown classification 'COSMIC TOP SECRET' (configured: PUBLIC, NATO UNCLASSIFIED, NATO RESTRICTED)"
    );
    assert!(marking(Audience::Nations(vec![]), None, "2024-01-01").validate(&c).is_err());
    let dup = Audience::Nations(vec!["UKR".parse().unwrap(), "UKR".parse().unwrap()]);
    assert!(marking(dup, None, "2024-01-01").validate(&c).is_err());
}

#[test]
fn roles_and_account_management() {
    let lead = Principal {
        user_id: 3,
        username: "l".into(),
        affiliation: Affiliation::Nation("MLT".parse().unwrap()),
        role: Role::DelegationLead,
    };
    assert!(lead.can_manage_accounts_of(&Affiliation::Nation("MLT".parse().unwrap())));
    assert!(!lead.can_manage_accounts_of(&Affiliation::Nation("UKR".parse().unwrap())));
    assert!(!lead.can_manage_accounts_of(&Affiliation::Staff));
    assert!(lead.can_grant(&Affiliation::Nation("MLT".parse().unwrap()), Role::DelegationMember));
    assert!(!lead.can_grant(&Affiliation::Nation("MLT".parse().unwrap()), Role::StaffAdmin));
    assert!(!lead.can_grant(&Affiliation::Nation("MLT".parse().unwrap()), Role::Analyst));
    let admin = Principal { user_id: 4, username: "a".into(), affiliation: Affiliation::Staff, role: Role::StaffAdmin };
    assert!(admin.can_grant(&Affiliation::Nation("UKR".parse().unwrap()), Role::DelegationLead));
    assert!(!admin.can_grant(&Affiliation::Nation("UKR".parse().unwrap()), Role::StaffOfficer));
    let analyst = Principal { role: Role::Analyst, ..admin.clone() };
    assert!(!analyst.can_write());
    assert!(!staff().can_manage_accounts_of(&Affiliation::Staff), "staff officers do not manage accounts");
}

#[test]
fn passwords() {
    assert_eq!(check_password("short", "alice"), Err(PasswordProblem::TooShort));
    assert_eq!(check_password("password1234", "alice"), Err(PasswordProblem::Common));
    assert_eq!(check_password("QwertyUiop12", "alice"), Err(PasswordProblem::Common));
    assert_eq!(check_password("alice-in-brussels", "alice"), Err(PasswordProblem::ContainsUsername));
    assert!(check_password("violet kettle harbour", "alice").is_ok());
    assert!(check_password("ÉtéàBruxelles!", "alice").is_ok(), "any characters, no composition rules");
    assert!(check_password(&"é".repeat(128), "alice").is_ok(), "up to 128 characters (ASVS 2.1.2)");
    assert_eq!(check_password(&"é".repeat(129), "alice"), Err(PasswordProblem::TooLong));
}

fn audience_strategy() -> impl Strategy<Value = Audience> {
    let nation = prop::sample::select(codes());
    let framework = prop::sample::select(vec![fw("PFP"), fw("MD"), fw("ICI"), fw("PAG"), fw("ORG")]);
    prop_oneof![
        Just(Audience::StaffOnly),
        Just(Audience::AlliesOnly),
        prop::collection::btree_set(nation, 1..4).prop_map(|s| Audience::Nations(s.into_iter().collect())),
        prop::collection::btree_set(framework, 1..3).prop_map(|s| Audience::Frameworks(s.into_iter().collect())),
        Just(Audience::AllPartners),
        Just(Audience::Public),
    ]
}

fn marking_strategy() -> impl Strategy<Value = Marking> {
    (audience_strategy(), prop::option::of(prop::sample::select(codes())), 1950i32..2027, 1u32..=12).prop_map(
        |(audience, originator, y, m)| Marking {
            classification: "NATO UNCLASSIFIED".into(),
            audience,
            originator,
            released_on: NaiveDate::from_ymd_opt(y, m, 15).unwrap(),
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn narrowing_an_audience_never_widens_visibility(m in marking_strategy()) {
        for narrower in m.audience.narrowings() {
            let n = Marking { audience: narrower.clone(), ..m.clone() };
            for code in codes() {
                let p = delegate(code.as_str());
                if may_see(Viewer::User(&p), &n, net()) {
                    prop_assert!(may_see(Viewer::User(&p), &m, net()), "{code} sees {:?} but not {:?}", narrower, m.audience);
                }
            }
            prop_assert!(!may_see(Viewer::Anonymous, &n, net()) || may_see(Viewer::Anonymous, &m, net()));
        }
    }

    #[test]
    fn the_originator_and_the_staff_always_see(m in marking_strategy()) {
        prop_assert!(may_see(Viewer::User(&staff()), &m, net()));
        if let Some(o) = &m.originator {
            prop_assert!(may_see(Viewer::User(&delegate(o.as_str())), &m, net()));
        }
    }

    #[test]
    fn a_nation_outside_the_audience_never_sees(m in marking_strategy(), viewer in prop::sample::select(codes())) {
        let p = delegate(viewer.as_str());
        let on = m.released_on;
        let ally = net().is_active(&viewer, &FrameworkCode::alliance(), on);
        let inside = m.originator.as_ref() == Some(&viewer)
            || match &m.audience {
                Audience::Public => true,
                Audience::StaffOnly => false,
                Audience::AlliesOnly => ally,
                Audience::Nations(ns) => ally || ns.contains(&viewer),
                Audience::Frameworks(fs) => ally || fs.iter().any(|f| net().is_active(&viewer, f, on)),
                Audience::AllPartners => !net().frameworks_of(&viewer, on).is_empty(),
            };
        prop_assert_eq!(may_see(Viewer::User(&p), &m, net()), inside);
        prop_assert_eq!(may_see(Viewer::Anonymous, &m, net()), m.audience == Audience::Public);
    }
}
