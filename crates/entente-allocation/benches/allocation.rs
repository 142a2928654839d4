//! Benchmark of the allocation engine (a bench binary, not a timed test).
//!
//! ```text
//! cargo bench -p entente-allocation --bench allocation -- --scale pcm --seed 1 --reps 11 --out bench/out
//! cargo bench -p entente-allocation --bench allocation -- --input year.json --seed 1 --reps 5 --out bench/out
//! ```
//!
//! `--input` times a problem from a file (JSON, with nominees) instead of generating one, e.g. an
//! instance written by an earlier version of the generator.
//!
//! For the generated instance it measures, as medians over `--reps` runs, single-threaded:
//! * `engine`: the primary mechanism at nation level — presolve, max flow, cost scaling, exact
//!   potentials — plus explanations of every request and the fairness report;
//! * `solver_full`: the solver alone on the full network (no presolve), as given to the peers;
//! * `nominee_level`: the same with nominees placed (fallback rounds included).
//!
//! It writes `<out>/<scale>-<seed>.net` (the full network, unit source arcs written out) for the
//! peers in `bench/allocation/peers.py`, and `<out>/<scale>-<seed>.ours.json` with the optimum,
//! the medians, peak memory and the quality table (primary vs draft vs utilitarian vs FCFS).

use std::error::Error;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use entente_allocation::generate::{self, Scale};
use entente_allocation::input::{self, InstanceFile};
use entente_allocation::mechanism::{self, Mechanism};
use entente_allocation::model::Instance;
use entente_allocation::{explain, flow, report};
use entente_domain::rng;

struct Options {
    input: Option<PathBuf>,
    scale: Scale,
    seed: u64,
    reps: usize,
    out: PathBuf,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options { input: None, scale: Scale::Pcm, seed: 1, reps: 11, out: PathBuf::from("bench/out") };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--input" => o.input = Some(PathBuf::from(args.next().ok_or("--input needs a value")?)),
            "--scale" => o.scale = args.next().ok_or("--scale needs a value")?.parse()?,
            "--seed" => o.seed = args.next().ok_or("--seed needs a value")?.parse()?,
            "--reps" => o.reps = args.next().ok_or("--reps needs a value")?.parse()?,
            "--out" => o.out = PathBuf::from(args.next().ok_or("--out needs a value")?),
            // `cargo bench` passes `--bench`; ignore it and anything else of cargo's.
            _ => {}
        }
    }
    Ok(o)
}

/// CPU time of this process so far (user + system), from `/proc/self/stat`, in seconds: unlike
/// wall time it does not grow when other programs share the cores.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // After the command name: state is field 3, utime 14 and stime 15 (1-based).
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Median wall time, mean CPU time per run, and the last result.
fn time_cpu<T>(
    reps: usize,
    mut f: impl FnMut() -> Result<T, Box<dyn Error>>,
) -> Result<(Duration, f64, T), Box<dyn Error>> {
    let mut times = Vec::with_capacity(reps);
    let mut last = None;
    let cpu0 = cpu_seconds();
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        last = Some(f()?);
        times.push(t.elapsed());
    }
    let cpu = (cpu_seconds() - cpu0) / reps.max(1) as f64;
    Ok((median(times), cpu, last.ok_or("no run")?))
}

fn peak_memory_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        .map_or(0.0, |kib| kib / 1024.0)
}

/// One nominee-level run: its rounds, then explanations and report.
struct NomineeRun {
    rounds: Vec<mechanism::RoundTime>,
    /// Explanations of every request and the report (side by side when on several threads).
    explain_report: Duration,
}

struct Phases {
    lines: Vec<String>,
    json: serde_json::Value,
}

/// Median time of each phase over the runs (rounds by position; runs are deterministic, so every
/// run has the same rounds).
fn phase_medians(runs: &[NomineeRun]) -> Phases {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let med = |f: &dyn Fn(&NomineeRun) -> Option<Duration>| median(runs.iter().filter_map(f).collect());
    let count = runs.iter().map(|r| r.rounds.len()).max().unwrap_or(0);
    let mut lines = Vec::new();
    let mut json = Vec::new();
    for k in 0..count {
        let Some(first) = runs.iter().find_map(|r| r.rounds.get(k)) else { continue };
        let build = med(&|r| r.rounds.get(k).map(|t| t.build));
        let solve = med(&|r| r.rounds.get(k).map(|t| t.solve));
        let place = med(&|r| r.rounds.get(k).map(|t| t.place));
        lines.push(format!(
            "round {}: {:?} solve ({} seats returned, {} arcs): build {:.1} ms, solve {:.1} ms, placement {:.1} ms",
            k + 1,
            first.solve_kind,
            first.returned,
            first.arcs,
            ms(build),
            ms(solve),
            ms(place)
        ));
        json.push(serde_json::json!({
            "round": k + 1,
            "solve_kind": format!("{:?}", first.solve_kind),
            "returned": first.returned,
            "arcs": first.arcs,
            "build_ms": ms(build),
            "solve_ms": ms(solve),
            "place_ms": ms(place),
        }));
    }
    let explain_report = med(&|r| Some(r.explain_report));
    lines.push(format!("explanations + report {:.1} ms", ms(explain_report)));
    Phases { lines, json: serde_json::json!({ "rounds": json, "explain_report_ms": ms(explain_report) }) }
}

fn validate(file: &InstanceFile) -> Result<Instance, Box<dyn Error>> {
    input::validate(file, &input::Origin::Json).map_err(|e| format!("{} input problems", e.len()).into())
}

fn main() -> Result<(), Box<dyn Error>> {
    let o = options()?;
    std::fs::create_dir_all(&o.out)?;
    let (name, with_nominees) = match &o.input {
        Some(path) => {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
            (format!("{stem}-{}", o.seed), input::parse_json_file(&std::fs::read_to_string(path)?)?)
        }
        None => (format!("{}-{}", o.scale, o.seed), generate::generate(o.scale, o.seed)?),
    };
    let mut nation_level = with_nominees.clone();
    for r in &mut nation_level.requests {
        r.nominees.clear();
    }
    nation_level.people.clear();
    let t = Instant::now();
    let inst = validate(&nation_level)?;
    let validate_time = t.elapsed();
    let seats: u64 = inst.activities.iter().map(|a| u64::from(a.seats)).sum();
    eprintln!(
        "{name}: {} nations, {} activities, {} request arcs, {seats} seats (validated in {:.0} ms)",
        inst.nations.len(),
        inst.activities.len(),
        inst.requests.len(),
        validate_time.as_secs_f64() * 1e3
    );

    // The engine at nation level: allocation + explanations of every request + report.
    let (engine, engine_cpu, (out, explained, rep)) = time_cpu(o.reps, || {
        let (out, _) = mechanism::allocate_timed(&inst, Mechanism::Primary, o.seed, 1)?;
        let explained = explain::explain(&inst, &out, None);
        let rep = report::report(&inst, &out);
        Ok((out, explained.len(), rep))
    })?;
    let cert = out.certificate.as_ref().ok_or("the primary mechanism carries a certificate")?;
    eprintln!(
        "engine (allocation + {explained} explanations + report): median {:.1} ms wall, {:.1} ms CPU per run",
        engine.as_secs_f64() * 1e3,
        engine_cpu * 1e3
    );

    // The solver alone on the full network (what the peers get).
    let usable: Vec<u32> = inst.requests.iter().map(|r| r.usable).collect();
    let lottery = rng::lottery(inst.nations.len(), o.seed);
    let net = mechanism::network(&inst, &usable, &lottery, true, false);
    let (solver_full, solver_cpu, sol) = time_cpu(o.reps, || Ok(flow::solve(&net.problem, 0, 1)?))?;
    if sol.cost != cert.cost || sol.value != cert.value {
        return Err(format!(
            "presolved optimum {}/{} differs from full {}/{}",
            cert.value, cert.cost, sol.value, sol.cost
        )
        .into());
    }
    let expanded: i64 = net.problem.arcs.iter().map(|a| if a.slope == 0 { 1 } else { a.cap }).sum();
    eprintln!(
        "solver on the full network ({} arcs, {expanded} with unit source arcs): median {:.1} ms; flow {} cost {}",
        net.problem.arcs.len(),
        solver_full.as_secs_f64() * 1e3,
        sol.value,
        sol.cost
    );

    // Nominee level: on every core (placement, explanations and report split by nation or
    // request), then on one thread.
    let inst_nominees = validate(&with_nominees)?;
    let nominee_reps = o.reps.min(5);
    let threads = mechanism::default_threads();
    let mut nominee_json = Vec::new();
    let mut first_phases = None;
    for threads in [threads, 1] {
        let mut runs: Vec<NomineeRun> = Vec::new();
        let (nominee_level, nominee_cpu, (rounds, unplaced, nominee_value, nominee_cost)) =
            time_cpu(nominee_reps, || {
                let (out, rounds) = mechanism::allocate_timed(&inst_nominees, Mechanism::Primary, o.seed, threads)?;
                let t = Instant::now();
                let _ = report::explain_and_report(&inst_nominees, &out, None, threads);
                runs.push(NomineeRun { rounds, explain_report: t.elapsed() });
                let cert = out.certificate.as_ref().ok_or("the primary mechanism carries a certificate")?;
                Ok((out.rounds, out.placement.infeasible.len(), cert.value, cert.cost))
            })?;
        eprintln!(
            "nominee level on {threads} thread(s) (allocation + placement + explanations + report): median {:.1} ms wall, {:.1} ms CPU per run, {rounds} rounds, {unplaced} nominees reported; flow {nominee_value} cost {nominee_cost}",
            nominee_level.as_secs_f64() * 1e3,
            nominee_cpu * 1e3
        );
        let phases = phase_medians(&runs);
        for line in &phases.lines {
            eprintln!("  {line}");
        }
        nominee_json.push(serde_json::json!({
            "threads": threads,
            "median_ms": nominee_level.as_secs_f64() * 1e3,
            "cpu_ms": nominee_cpu * 1e3,
            "rounds": rounds,
            "value": nominee_value,
            "cost": nominee_cost.to_string(),
            "phases": phases.json,
        }));
        first_phases.get_or_insert((nominee_level, nominee_cpu, rounds, nominee_value, nominee_cost));
        if threads == 1 {
            break;
        }
    }
    let (nominee_level, nominee_cpu, rounds, nominee_value, nominee_cost) =
        first_phases.ok_or("no nominee-level run")?;

    // Quality on the same (nation-level) input.
    let mut quality = Vec::new();
    for m in [Mechanism::Primary, Mechanism::Draft, Mechanism::Utilitarian, Mechanism::Fcfs] {
        let r = if m == Mechanism::Primary {
            rep.clone()
        } else {
            report::report(&inst, &mechanism::allocate(&inst, m, o.seed)?)
        };
        quality.push(serde_json::json!({
            "mechanism": m,
            "seats_filled": r.seats_filled,
            "min_seats": r.min_seats,
            "p10_seats": r.p10_seats,
            "median_seats": r.median_seats,
            "max_seats": r.max_seats,
            "smallest_states_fulfilment": r.smallest_states_fulfilment,
            "min_fulfilment": r.min_fulfilment,
            "gini_seats": r.gini_seats,
            "ef1_violations": r.ef1_violations,
            "envy_pairs": r.envy_pairs,
        }));
    }

    let path = o.out.join(format!("{name}.net"));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path)?);
    flow::write_expanded(&net.problem, 0, 1, &mut w)?;
    w.flush()?;
    let summary = serde_json::json!({
        "instance": name,
        "nations": inst.nations.len(),
        "activities": inst.activities.len(),
        "request_arcs": inst.requests.len(),
        "network_arcs": net.problem.arcs.len(),
        "expanded_arcs": expanded,
        "seats": seats,
        "value": sol.value,
        "cost": sol.cost.to_string(),
        "engine_ms": engine.as_secs_f64() * 1e3,
        "engine_cpu_ms": engine_cpu * 1e3,
        "solver_full_ms": solver_full.as_secs_f64() * 1e3,
        "solver_full_cpu_ms": solver_cpu * 1e3,
        "load_average": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().next().unwrap_or("").to_string(),
        "nominee_level_ms": nominee_level.as_secs_f64() * 1e3,
        "nominee_rounds": rounds,
        "nominee_level_cpu_ms": nominee_cpu * 1e3,
        "nominee_value": nominee_value,
        "nominee_cost": nominee_cost.to_string(),
        "nominee_threads": threads,
        "nominee_runs": nominee_json,
        "validate_ms": validate_time.as_secs_f64() * 1e3,
        "reps": o.reps,
        "peak_memory_mib": peak_memory_mib(),
        "quality": quality,
    });
    std::fs::write(o.out.join(format!("{name}.ours.json")), serde_json::to_string_pretty(&summary)?)?;
    eprintln!("wrote {} and {name}.ours.json; peak memory {:.0} MiB", path.display(), peak_memory_mib());
    Ok(())
}
