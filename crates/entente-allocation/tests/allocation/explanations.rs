//! Every request gets an explanation whose claims hold in the allocation itself.

use entente_allocation::explain::{self, Reason, Status};
use entente_allocation::generate::{self, Scale};
use entente_allocation::input;
use entente_allocation::mechanism::{self, Mechanism};
use entente_allocation::model::Instance;
use entente_domain::Lang;
use proptest::prelude::*;

use crate::common::tiny;

fn check_claims(inst: &Instance, m: Mechanism, seed: u64) {
    let out = mechanism::allocate(inst, m, seed).expect("allocates");
    let all = explain::explain(inst, &out, None);
    assert_eq!(all.len(), inst.requests.len());
    for (r, e) in all.iter().enumerate() {
        let req = &inst.requests[r];
        assert_eq!(e.granted, out.seats[r]);
        assert_eq!(e.status == Status::Granted, out.seats[r] >= req.seats);
        match &e.reason {
            Reason::Granted => assert!(out.seats[r] >= req.seats),
            Reason::Wasted { .. } => panic!("{m}: a seat was left unexplained: {e:?}"),
            Reason::Contested(c) => {
                assert!(matches!(m, Mechanism::Primary | Mechanism::Utilitarian));
                // The certificate: every holder's level ≤ the clearing level ≤ your level.
                assert!(c.highest_holder_level <= c.clearing_level && c.clearing_level <= c.your_level, "{e:?}");
                let holders: Vec<usize> = inst
                    .requests
                    .iter()
                    .zip(&out.seats)
                    .filter(|(q, s)| q.activity == req.activity && **s > 0 && q.nation != req.nation)
                    .map(|(q, _)| q.nation)
                    .collect();
                assert_eq!(c.holders, holders.len());
                if m == Mechanism::Primary && !c.weighted {
                    // Its consequences, checked on the allocation itself.
                    for (q, _) in inst
                        .requests
                        .iter()
                        .zip(&out.seats)
                        .filter(|(q, s)| q.activity == req.activity && **s > 0 && q.nation != req.nation)
                    {
                        let theirs = out.totals[q.nation];
                        assert!(theirs <= out.totals[req.nation] + 1, "{e:?}");
                        if theirs == out.totals[req.nation] + 1 {
                            assert!(q.priority <= req.priority, "{e:?}");
                        }
                    }
                    assert!(c.max_holder_total <= c.your_total + 1);
                    assert!(c.one_more_ranked_at_least_as_high);
                }
                for lang in [Lang::En, Lang::Fr] {
                    assert!(explain::render(e, m, lang).contains(e.activity));
                }
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn explanations_hold_on_tiny_problems(t in tiny(true), seed in 0u64..3) {
        let inst = t.instance();
        for m in Mechanism::ALL {
            check_claims(&inst, m, seed);
        }
    }
}

#[test]
fn explanations_hold_on_a_generated_year() {
    let file = generate::generate(Scale::Activities(60), 5).expect("generates");
    let inst = input::validate(&file, &input::Origin::Json).expect("valid");
    for m in Mechanism::ALL {
        check_claims(&inst, m, 9);
    }
}

#[test]
fn rendered_text_in_both_languages() {
    let t = crate::common::Tiny {
        nations: vec![(None, 1.0, "PFP"), (None, 1.0, "PFP"), (None, 1.0, "MD")],
        activities: vec![(2, None, vec![]), (1, None, vec!["PFP"])],
        requests: vec![(0, 0, 2, 1), (1, 0, 2, 2), (0, 1, 1, 1), (2, 1, 1, 1)],
    };
    let inst = t.instance();
    let out = mechanism::allocate(&inst, Mechanism::Primary, 0).expect("allocates");
    let all = explain::explain(&inst, &out, None);
    let text = |nation: &str, activity: &str, lang| {
        let e = all.iter().find(|e| e.nation == nation && e.activity == activity).expect("explained");
        explain::render(e, Mechanism::Primary, lang)
    };
    // N2 is not in PFP, the framework A1 is open to.
    assert!(
        text("N2", "A1", Lang::En)
            .contains("Not eligible: on 2024-02-01 the activity is open to PFP and the nation takes part in MD")
    );
    assert!(text("N2", "A1", Lang::Fr).contains("Non éligible"));
    // N0 holds A1's seat; A0's two seats split (2, 1) or (1, 2) with equal Σu², and N0 ranked A0
    // higher than N1 did, so N0 gets one of them.
    assert_eq!(out.totals, vec![2, 1, 0]);
    let n1 = text("N1", "A0", Lang::En);
    assert!(n1.contains("1 of 2 seats. Activity oversubscribed 2.0× (2 seats, 4 asked). The only other nation holding its seats has at most one seat more than you in total (you hold 1, the most any holds is 2), and the one with one more ranked it at least as high: moving a seat to you cannot reduce inequality."), "{n1}");
    let fr = text("N1", "A0", Lang::Fr);
    assert!(fr.contains("Activité demandée 2,0 fois sa capacité"), "{fr}");
}
