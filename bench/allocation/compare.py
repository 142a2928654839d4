"""Check that every solver found the same optimum and print medians, ratios and quality (Markdown)."""
import json, os, platform, sys

out, seed, scales = sys.argv[1], sys.argv[2], sys.argv[3:]
failed = False
print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
print()
print("| instance | request arcs | arcs (unit arcs written out) | ours: engine incl. explanations + report | ours: solver alone, full network | OR-Tools SimpleMinCostFlow | HiGHS LP (scipy) | OR-Tools / ours | HiGHS / ours | optimal costs | peak memory (ours) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for scale in scales:
    base = os.path.join(out, f"{scale}-{seed}")
    ours = json.load(open(base + ".ours.json"))
    peers = {}
    for name in ("ortools", "highs"):
        try:
            peers[name] = json.load(open(f"{base}.{name}.json"))
        except FileNotFoundError:
            pass
    timed_out = {k: v["timed_out_s"] for k, v in peers.items() if "timed_out_s" in v}
    peers = {k: v for k, v in peers.items() if k not in timed_out}
    costs = {"ours": int(ours["cost"])} | {k: v["cost"] for k, v in peers.items()}
    values = {"ours": ours["value"]} | {k: v["value"] for k, v in peers.items()}
    same = len(set(costs.values())) == 1 and len(set(values.values())) == 1
    failed |= not same
    engine = ours["engine_ms"] / 1e3
    cpu = ours.get("engine_cpu_ms")
    cpu_note = f" ({cpu / 1e3:.3f} s CPU)" if cpu else ""
    def cell(name):
        if name in timed_out:
            return f"> {timed_out[name]} s (stopped)"
        return f"{peers[name]['median_s']:.3f} s" if name in peers else "not run"
    def ratio(name):
        if name in timed_out:
            return f"> {timed_out[name] / engine:.0f}×"
        return f"{peers[name]['median_s'] / engine:.1f}×" if name in peers else "—"
    print(f"| {scale}, seed {seed} | {ours['request_arcs']:,} | {ours['network_arcs']:,} ({ours['expanded_arcs']:,}) "
          f"| {engine:.3f} s{cpu_note} | {ours['solver_full_ms'] / 1e3:.3f} s | {cell('ortools')} | {cell('highs')} "
          f"| {ratio('ortools')} | {ratio('highs')} | {'identical' if same else 'DIFFER: ' + str(costs)} "
          f"| {ours['peak_memory_mib']:.0f} MiB |")
print()
for scale in scales:
    ours = json.load(open(os.path.join(out, f"{scale}-{seed}.ours.json")))
    if ours.get("load_average"):
        print(f"Load average while measuring {scale}: {ours['load_average']} on 2 cores")
    for run in ours.get("nominee_runs", []):
        print(f"Nominee level, {scale}, {run['threads']} thread(s): {run['median_ms'] / 1e3:.3f} s wall, "
              f"{run['cpu_ms'] / 1e3:.3f} s CPU ({run['rounds']} allocation rounds)")
    if not ours.get("nominee_runs"):
        print(f"Nominee level, {scale}: {ours['nominee_level_ms'] / 1e3:.3f} s ({ours['nominee_rounds']} allocation rounds)")
print()
print("| instance | rule | seats filled | min / p10 / median / max seats per nation | 10 smallest states' fill ratio | min fill ratio | Gini (seats) | EF1 violations |")
print("|---|---|---|---|---|---|---|---|")
for scale in scales:
    ours = json.load(open(os.path.join(out, f"{scale}-{seed}.ours.json")))
    for q in ours["quality"]:
        print(f"| {scale} | {q['mechanism']} | {q['seats_filled']:,} | {q['min_seats']} / {q['p10_seats']} / {q['median_seats']} / {q['max_seats']} "
              f"| {q['smallest_states_fulfilment']:.3f} | {q['min_fulfilment']:.3f} | {q['gini_seats']:.3f} | {q['ef1_violations']} |")
if failed:
    print("\nERROR: optimal costs differ", file=sys.stderr)
    sys.exit(1)
