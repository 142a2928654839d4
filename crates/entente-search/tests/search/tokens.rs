//! The token contract agrees with the domain's visibility policy, item by item and through the index.

use std::sync::OnceLock;

use chrono::NaiveDate;
use entente_domain::access::{Affiliation, Audience, Marking, Principal, Role, Viewer, may_see};
use entente_domain::registry::{FrameworkCode, NationCode, Network, demo_network};
use entente_search::tokens::{PUBLIC, STAFF, item_readers, nation, viewer_tokens};
use entente_search::{Lang, Query, SearchDoc, SearchIndex};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn net() -> &'static Network {
    static NET: OnceLock<Network> = OnceLock::new();
    NET.get_or_init(|| demo_network().unwrap())
}

fn codes() -> Vec<NationCode> {
    let mut v: Vec<NationCode> = net().nations().map(|n| n.code.clone()).collect();
    v.push("ZZZ".parse().unwrap()); // a nation the network does not know
    v
}

fn frameworks() -> Vec<FrameworkCode> {
    ["ALLIANCE", "PFP", "MD", "ICI", "PAG", "ORG"].iter().map(|f| f.parse().unwrap()).collect()
}

fn arb_marking() -> impl Strategy<Value = Marking> {
    let audience = prop_oneof![
        Just(Audience::StaffOnly),
        Just(Audience::AlliesOnly),
        prop::sample::subsequence(codes(), 1..4).prop_map(Audience::Nations),
        prop::sample::subsequence(frameworks(), 1..3).prop_map(Audience::Frameworks),
        Just(Audience::AllPartners),
        Just(Audience::Public),
    ];
    let day = (1990i32..2031, 1u32..13, 1u32..29).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
    (audience, prop::option::of(prop::sample::select(codes())), day).prop_map(|(audience, originator, released_on)| {
        Marking { classification: "NATO UNCLASSIFIED".into(), audience, originator, released_on }
    })
}

fn principal(affiliation: Affiliation, role: Role) -> Principal {
    Principal { user_id: 9, username: "u".into(), affiliation, role }
}

fn arb_principal() -> impl Strategy<Value = Option<Principal>> {
    prop_oneof![
        1 => Just(None),
        1 => prop::sample::select(vec![Role::StaffAdmin, Role::StaffOfficer, Role::Analyst])
            .prop_map(|r| Some(principal(Affiliation::Staff, r))),
        6 => (prop::sample::select(codes()), prop::sample::select(vec![Role::DelegationLead, Role::DelegationMember, Role::Analyst]))
            .prop_map(|(c, r)| Some(principal(Affiliation::Nation(c), r))),
    ]
}

fn viewer(p: &Option<Principal>) -> Viewer<'_> {
    p.as_ref().map_or(Viewer::Anonymous, Viewer::User)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sharing_a_token_is_may_see(marking in arb_marking(), who in arb_principal()) {
        let readers = item_readers(&marking, net());
        let tokens = viewer_tokens(viewer(&who));
        let shares = tokens.iter().any(|t| readers.contains(t));
        prop_assert_eq!(shares, may_see(viewer(&who), &marking, net()), "{:?} / {:?}", readers, tokens);
    }
}

#[test]
fn tokens_of_known_cases() {
    let fin = principal(Affiliation::Nation("FIN".parse().unwrap()), Role::DelegationMember);
    assert_eq!(viewer_tokens(Viewer::User(&fin)), [PUBLIC, "nation:FIN"]);
    assert_eq!(viewer_tokens(Viewer::Anonymous), [PUBLIC]);
    assert_eq!(viewer_tokens(Viewer::User(&principal(Affiliation::Staff, Role::Analyst))), [PUBLIC, STAFF]);
    let on = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let eapc = Marking {
        classification: "NATO UNCLASSIFIED".into(),
        audience: Audience::Frameworks(vec!["PFP".parse().unwrap()]),
        originator: Some("UKR".parse().unwrap()),
        released_on: on,
    };
    let readers = item_readers(&eapc, net());
    assert!(readers.contains(&STAFF.to_string()) && !readers.contains(&PUBLIC.to_string()));
    assert!(readers.contains(&"nation:UKR".to_string()), "originator and PfP partner");
    assert!(readers.contains(&"nation:USA".to_string()), "allies see what is released to partners");
    assert!(!readers.contains(&"nation:RUS".to_string()), "suspended from PfP in 2014");
    assert!(!readers.contains(&"nation:EGY".to_string()), "MD, not PfP");
    assert_eq!(nation(&"OSCE".parse().unwrap()), "nation:OSCE");
}

#[test]
fn through_the_index_every_nation_finds_exactly_what_it_may_see() {
    let nations: Vec<NationCode> = net().nations().map(|n| n.code.clone()).collect();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let markings: Vec<Marking> = (0..120).map(|_| arb_marking().new_tree(&mut runner).unwrap().current()).collect();
    let docs: Vec<SearchDoc> = markings
        .iter()
        .enumerate()
        .map(|(i, m)| SearchDoc {
            kind: "statement".into(),
            id: i.to_string(),
            title: format!("Statement {i}"),
            body: "National statement on regional security.".into(),
            lang: Some(Lang::En),
            date: Some(m.released_on),
            readers: item_readers(m, net()),
        })
        .collect();
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(&docs).unwrap();
    index.commit().unwrap();
    let mut viewers: Vec<Option<Principal>> = vec![None, Some(principal(Affiliation::Staff, Role::StaffOfficer))];
    viewers.extend(nations.iter().map(|c| Some(principal(Affiliation::Nation(c.clone()), Role::DelegationMember))));
    for who in &viewers {
        let expected: Vec<usize> = (0..markings.len()).filter(|&i| may_see(viewer(who), &markings[i], net())).collect();
        let q = Query::new("statements security", viewer_tokens(viewer(who))).limit(0);
        assert_eq!(index.search(&q).unwrap().total, expected.len() as u64, "{who:?}");
        let mut found: Vec<usize> = index
            .search(&q.clone().limit(entente_search::MAX_LIMIT))
            .unwrap()
            .hits
            .iter()
            .map(|h| h.id.parse().unwrap())
            .collect();
        found.sort_unstable();
        let page_limited: Vec<usize> = expected.iter().copied().take(entente_search::MAX_LIMIT).collect();
        if expected.len() <= entente_search::MAX_LIMIT {
            assert_eq!(found, page_limited, "{who:?}");
        } else {
            assert!(found.iter().all(|i| expected.contains(i)), "{who:?}");
        }
    }
}
