"""Solve exported allocation networks with OR-Tools SimpleMinCostFlow and HiGHS (scipy.linprog)."""
import json, sys, time
import numpy as np

def load(path):
    with open(path) as f:
        n, m, s, t = map(int, f.readline().split())
        data = np.loadtxt(f, dtype=np.int64).reshape(-1, 4)
    return n, s, t, data[:, 0], data[:, 1], data[:, 2], data[:, 3]

def ortools(n, s, t, tail, head, cap, cost):
    from ortools.graph.python import min_cost_flow
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tail, head, cap, cost)
    bound = int(cap[tail == s].sum())
    smcf.set_node_supply(s, bound)
    smcf.set_node_supply(t, -bound)
    t0 = time.perf_counter()
    status = smcf.solve_max_flow_with_min_cost()
    dt = time.perf_counter() - t0
    if status != smcf.OPTIMAL:
        raise SystemExit(f"OR-Tools status {status}")
    return dt, int(smcf.maximum_flow()), int(smcf.optimal_cost())

def highs(n, s, t, tail, head, cap, cost):
    import scipy.sparse as sp
    from scipy.optimize import linprog
    from scipy.sparse.csgraph import maximum_flow
    t0 = time.perf_counter()
    agg = sp.coo_matrix((cap.astype(np.int32), (tail, head)), shape=(n, n)).tocsr()
    agg.sum_duplicates()
    value = int(maximum_flow(agg, s, t).flow_value)
    m = len(tail)
    rows = np.concatenate([tail, head])
    cols = np.concatenate([np.arange(m), np.arange(m)])
    vals = np.concatenate([-np.ones(m), np.ones(m)])
    a_eq = sp.csr_matrix((vals, (rows, cols)), shape=(n, m))
    b_eq = np.zeros(n)
    b_eq[s] = -value
    b_eq[t] = value
    res = linprog(cost.astype(float), A_eq=a_eq, b_eq=b_eq, bounds=np.stack([np.zeros(m), cap.astype(float)], axis=1),
                  method="highs", options={"primal_feasibility_tolerance": 1e-9, "dual_feasibility_tolerance": 1e-9})
    dt = time.perf_counter() - t0
    if res.status != 0:
        raise SystemExit(f"HiGHS status {res.status}: {res.message}")
    x = np.rint(res.x).astype(np.int64)
    return dt, value, int((x * cost).sum())

if __name__ == "__main__":
    path, which, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    net = load(path)
    solver = {"ortools": ortools, "highs": highs}[which]
    runs = [solver(*net) for _ in range(reps)]
    times = sorted(r[0] for r in runs)
    print(json.dumps({"solver": which, "median_s": times[len(times) // 2], "times_s": times, "value": runs[0][1], "cost": runs[0][2], "arcs": int(len(net[3]))}))
