//! The solver's optimum against an independent LP solver (good_lp with the pure-Rust microlp
//! backend) on the same network, unit source arcs written out explicitly.

use entente_allocation::flow::{self, Problem};
use entente_allocation::generate::{self, Scale};
use entente_allocation::input;
use entente_allocation::mechanism::{self, Mechanism};
use entente_allocation::model::Instance;
use entente_domain::rng;
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, constraint, microlp, variable};
use proptest::prelude::*;

use crate::common::tiny;

/// Maximum flow value, then least cost at that value, by two LPs.
fn lp_optimum(p: &Problem) -> (f64, f64) {
    let mut expanded: Vec<(usize, usize, f64, f64)> = Vec::new();
    for a in &p.arcs {
        if a.slope == 0 {
            expanded.push((a.tail as usize, a.head as usize, a.cap as f64, a.cost as f64));
        } else {
            for k in 0..a.cap {
                expanded.push((a.tail as usize, a.head as usize, 1.0, (a.cost + 2 * a.slope * k) as f64));
            }
        }
    }
    let build = |vars: &mut ProblemVariables| -> Vec<good_lp::Variable> {
        expanded.iter().map(|&(_, _, cap, _)| vars.add(variable().min(0.0).max(cap))).collect()
    };
    let conservation = |x: &[good_lp::Variable]| -> Vec<Expression> {
        let mut balance: Vec<Expression> = (0..p.nodes).map(|_| Expression::from(0.0)).collect();
        for (k, &(u, v, _, _)) in expanded.iter().enumerate() {
            balance[u] -= x[k];
            balance[v] += x[k];
        }
        balance
    };
    // Stage 1: maximum flow.
    let mut vars = ProblemVariables::new();
    let x = build(&mut vars);
    let balance = conservation(&x);
    let value: Expression = balance[1].clone();
    let mut model = vars.maximise(value.clone()).using(microlp);
    for (v, b) in balance.iter().enumerate() {
        if v > 1 {
            model = model.with(constraint!(b.clone() == 0.0));
        }
    }
    let sol = model.solve().expect("max-flow LP solves");
    let flow_value = sol.eval(&value);
    // Stage 2: least cost at that value.
    let mut vars = ProblemVariables::new();
    let x = build(&mut vars);
    let balance = conservation(&x);
    let cost: Expression = x.iter().zip(&expanded).map(|(&v, e)| e.3 * v).sum();
    let mut model = vars.minimise(cost.clone()).using(microlp);
    for (v, b) in balance.iter().enumerate() {
        if v > 1 {
            model = model.with(constraint!(b.clone() == 0.0));
        }
    }
    model = model.with(constraint!(balance[1].clone() == flow_value));
    let sol = model.solve().expect("min-cost LP solves");
    (flow_value, sol.eval(&cost))
}

fn check(inst: &Instance) {
    let lottery = rng::lottery(inst.nations.len(), 3);
    let usable: Vec<u32> = inst.requests.iter().map(|r| r.usable).collect();
    for fair in [true, false] {
        let net = mechanism::network(inst, &usable, &lottery, fair, false);
        let (lp_value, lp_cost) = lp_optimum(&net.problem);
        let ours = flow::solve(&net.problem, 0, 1).expect("solves");
        assert!((ours.value as f64 - lp_value).abs() < 1e-6, "flow value {} vs LP {lp_value}", ours.value);
        assert!(
            (ours.cost as f64 - lp_cost).abs() < 1e-6 * lp_cost.abs().max(1.0),
            "cost {} vs LP {lp_cost}",
            ours.cost
        );
        // The engine's presolved solve reaches the same optimum.
        let m = if fair { Mechanism::Primary } else { Mechanism::Utilitarian };
        let out = mechanism::allocate(inst, m, 3).expect("allocates");
        let cert = out.certificate.expect("flow mechanisms carry a certificate");
        assert_eq!(cert.cost, ours.cost);
        assert_eq!(cert.value, ours.value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]
    #[test]
    fn optimum_matches_lp_on_tiny_problems(t in tiny(true)) {
        check(&t.instance());
    }
}

#[test]
fn optimum_matches_lp_on_a_generated_problem() {
    let mut file = generate::generate(Scale::Activities(6), 11).expect("generates");
    for r in &mut file.requests {
        r.nominees.clear();
    }
    let inst = input::validate(&file, &input::Origin::Json).expect("valid");
    assert!(inst.requests.len() > 200, "{} requests", inst.requests.len());
    check(&inst);
}
