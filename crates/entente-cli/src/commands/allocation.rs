//! `entente allocation run | generate`: fair seat allocation, its explanations and fairness report,
//! and realistic generated problems.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Subcommand, ValueEnum};
use entente_allocation::explain;
use entente_allocation::generate::{self, Scale};
use entente_allocation::input::{self, LoadError};
use entente_allocation::mechanism::{self, Mechanism, Outcome};
use entente_allocation::model::Instance;
use entente_allocation::report::{self, Report};
use entente_domain::Lang;

use crate::exit::{CliError, CliResult};

/// Allocate scarce activity seats fairly among nations, explain every decision, compare rules.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    entente allocation generate --scale pcm --seed 7 -o year.json\n  \
    entente allocation run year.json --explain GEO --lang fr")]
pub struct Args {
    #[command(subcommand)]
    verb: Verb,
}

#[derive(Subcommand)]
enum Verb {
    /// Allocate seats, place nominees, and print the result with the fairness report of every rule.
    #[command(after_help = "Examples:\n  \
        entente allocation run year.json\n  \
        entente allocation run year.json --mechanism draft --seed 2024 --explain MDA --lang fr\n  \
        entente allocation run csv-dir/ --format json > result.json\n\n\
        INPUT is a JSON file or a directory of CSV files (activities.csv, requests.csv, optional\n\
        nations.csv, memberships.csv, people.csv); the formats are described in the README of\n\
        crates/entente-allocation. Exit codes: 0 ok, 1 failure, 2 bad usage or bad input.")]
    Run(RunArgs),
    /// Write a realistic generated problem (the real nations, skewed demand, nominees).
    #[command(after_help = "Examples:\n  \
        entente allocation generate --scale pcm --seed 7 -o year.json\n  \
        entente allocation generate --scale x100 --seed 1 --nation-level -o big.json\n  \
        entente allocation generate --scale pcm --seed 7 --format csv -o year-csv/")]
    Generate(GenerateArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum MechanismArg {
    /// Leximin-fair max-seat flow.
    Primary,
    /// First come, first served.
    Fcfs,
    /// Snake draft in a published seeded order.
    Draft,
    /// Max seats then priorities, no fairness term.
    Utilitarian,
}

impl From<MechanismArg> for Mechanism {
    fn from(m: MechanismArg) -> Mechanism {
        match m {
            MechanismArg::Primary => Mechanism::Primary,
            MechanismArg::Fcfs => Mechanism::Fcfs,
            MechanismArg::Draft => Mechanism::Draft,
            MechanismArg::Utilitarian => Mechanism::Utilitarian,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Fr,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        }
    }
}

#[derive(clap::Args)]
struct RunArgs {
    /// The problem: a JSON file or a directory of CSV files.
    input: PathBuf,
    /// Allocation rule.
    #[arg(long, value_enum, default_value = "primary")]
    mechanism: MechanismArg,
    /// Published seed of the lottery (draft order, tie-break order).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Explain every request of this nation (code, e.g. GEO).
    #[arg(long, value_name = "NATION")]
    explain: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Language of explanations.
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FileFormat {
    Json,
    Csv,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// Size: `pcm` (a programme year: ≈70 nations, 1,400 activities, ≈60,000 requests) or `x100`
    /// (≈1,000,000 requests), or a number of activities.
    #[arg(long, default_value = "pcm")]
    scale: String,
    /// Seed: the same scale and seed give the same problem, byte for byte.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output file (JSON) or directory (CSV).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// json (one file) or csv (a directory of CSV files, as `allocation run` reads them).
    #[arg(long, value_enum, default_value = "json")]
    format: FileFormat,
    /// Leave nominees out: seats go to nations only.
    #[arg(long)]
    nation_level: bool,
}

pub fn run(args: Args) -> CliResult {
    match args.verb {
        Verb::Run(a) => run_allocation(a),
        Verb::Generate(a) => run_generate(a),
    }
}

fn load(path: &std::path::Path) -> Result<Instance, CliError> {
    input::load(path).map_err(|e| match e {
        LoadError::Io { ref cause, .. } if cause.kind() == std::io::ErrorKind::NotFound => {
            CliError::bad_input(anyhow::Error::new(e))
        }
        LoadError::Io { .. } => CliError::Failed(anyhow::Error::new(e)),
        other => CliError::bad_input(anyhow::Error::new(other).context(format!("reading {}", path.display()))),
    })
}

fn run_allocation(a: RunArgs) -> CliResult {
    let inst = load(&a.input)?;
    emit(&render_run(&a, &inst, None)?)
}

/// What `allocation run` prints for a loaded input. `lottery` (nation codes in drawn order)
/// replaces the order drawn from the seed, to replay a published lottery.
fn render_run(a: &RunArgs, inst: &Instance, lottery: Option<&[&str]>) -> Result<String, CliError> {
    let explain_nation = match &a.explain {
        None => None,
        Some(code) => Some(inst.nation_index(code).ok_or_else(|| {
            CliError::bad_input(anyhow::anyhow!("--explain: nation '{code}' does not appear in {}", a.input.display()))
        })?),
    };
    let order_given =
        match lottery {
            None => None,
            Some(codes) => {
                Some(codes.iter().map(|c| inst.nation_index(c)).collect::<Option<Vec<usize>>>().ok_or_else(|| {
                    CliError::bad_input(anyhow::anyhow!("the lottery names a nation not in the input"))
                })?)
            }
        };
    let chosen: Mechanism = a.mechanism.into();
    let lang: Lang = a.lang.into();
    // The chosen rule first, then the others on the same input for the comparison.
    let mut order = vec![chosen];
    order.extend(Mechanism::ALL.iter().copied().filter(|m| *m != chosen));
    let mut results: Vec<(Outcome, Report)> = Vec::with_capacity(order.len());
    for m in order {
        let out = match &order_given {
            None => mechanism::allocate(inst, m, a.seed),
            Some(drawn) => {
                mechanism::allocate_in_order(inst, m, a.seed, drawn.clone(), mechanism::default_threads()).map(|r| r.0)
            }
        }
        .with_context(|| format!("allocating with {m}"))?;
        let rep = report::report(inst, &out);
        results.push((out, rep));
    }
    let (out, rep) = &results[0];
    let explanations = explain_nation.map(|n| explain::explain(inst, out, Some(n)));
    Ok(match a.format {
        Format::Json => json(inst, out, &results, explanations.as_deref())?,
        Format::Table => table(inst, out, rep, &results, explanations.as_deref(), lang),
    })
}

/// Write to standard output; a closed pipe (`| head`) ends quietly.
fn emit(text: &str) -> CliResult {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failed(anyhow::Error::new(e).context("writing the result"))),
    }
}

fn json(
    inst: &Instance,
    out: &Outcome,
    results: &[(Outcome, Report)],
    explanations: Option<&[explain::Explanation]>,
) -> Result<String, CliError> {
    let allocations: Vec<serde_json::Value> = inst
        .requests
        .iter()
        .zip(&out.seats)
        .filter(|(_, s)| **s > 0)
        .map(|(r, s)| {
            serde_json::json!({
                "nation": inst.nations[r.nation].code,
                "activity": inst.activities[r.activity].id,
                "seats": s,
            })
        })
        .collect();
    let placements: Vec<serde_json::Value> = out
        .placement
        .placed
        .iter()
        .map(|&(r, k)| {
            let req = &inst.requests[r];
            serde_json::json!({
                "nation": inst.nations[req.nation].code,
                "activity": inst.activities[req.activity].id,
                "nominee": req.nominees[k],
            })
        })
        .collect();
    let unplaced: Vec<serde_json::Value> = out
        .placement
        .infeasible
        .iter()
        .map(|x| {
            let req = &inst.requests[x.request];
            serde_json::json!({
                "nation": inst.nations[req.nation].code,
                "activity": inst.activities[req.activity].id,
                "nominee": x.nominee,
                "issue": x.issue,
            })
        })
        .collect();
    let mut doc = serde_json::json!({
        "mechanism": out.mechanism,
        "seed": out.seed,
        "lottery": out.lottery.iter().map(|&i| inst.nations[i].code.as_str()).collect::<Vec<_>>(),
        "rounds": out.rounds,
        "allocations": allocations,
        "placements": placements,
        "unplaced_nominees": unplaced,
        "report": results[0].1,
        "comparison": results[1..].iter().map(|(_, r)| r).collect::<Vec<_>>(),
    });
    if let (Some(e), Some(map)) = (explanations, doc.as_object_mut()) {
        map.insert("explanations".into(), serde_json::to_value(e).context("serialising explanations")?);
    }
    let mut s = serde_json::to_string_pretty(&doc).context("serialising the result")?;
    s.push('\n');
    Ok(s)
}

fn table(
    inst: &Instance,
    out: &Outcome,
    rep: &Report,
    results: &[(Outcome, Report)],
    explanations: Option<&[explain::Explanation]>,
    lang: Lang,
) -> String {
    let mut s = String::new();
    let lottery: Vec<&str> = out.lottery.iter().take(12).map(|&i| inst.nations[i].code.as_str()).collect();
    let _ = writeln!(
        s,
        "Allocation by {} (seed {}; lottery order {}{})",
        out.mechanism,
        out.seed,
        lottery.join(" "),
        if out.lottery.len() > 12 { " …" } else { "" }
    );
    let _ = writeln!(
        s,
        "{} nations, {} activities, {} requests; {} of {} seats filled, {} wasted; {} allocation round(s); {} nominees placed, {} could not be placed",
        inst.nations.len(),
        inst.activities.len(),
        inst.requests.len(),
        rep.seats_filled,
        rep.seats_offered,
        rep.seats_wasted,
        out.rounds,
        out.placement.placed.len(),
        out.placement.infeasible.len()
    );
    let _ = writeln!(s, "\nFairness report (same input, every rule)");
    let _ = write!(s, "  {:<34}", "");
    for (_, r) in results {
        let _ = write!(s, "{:>13}", r.mechanism);
    }
    let _ = writeln!(s);
    type Row = (&'static str, fn(&Report) -> String);
    let rows: [Row; 14] = [
        ("seats filled", |r| r.seats_filled.to_string()),
        ("seats empty", |r| r.seats_empty.to_string()),
        ("seats wasted", |r| r.seats_wasted.to_string()),
        ("min fulfilment", |r| format!("{:.3}", r.min_fulfilment)),
        ("mean fulfilment", |r| format!("{:.3}", r.mean_fulfilment)),
        ("10 smallest states' fulfilment", |r| format!("{:.3}", r.smallest_states_fulfilment)),
        ("min seats per nation", |r| r.min_seats.to_string()),
        ("p10 seats per nation", |r| r.p10_seats.to_string()),
        ("median seats per nation", |r| r.median_seats.to_string()),
        ("max seats per nation", |r| r.max_seats.to_string()),
        ("Gini of seats", |r| format!("{:.3}", r.gini_seats)),
        ("Gini of fulfilment", |r| format!("{:.3}", r.gini_fulfilment)),
        ("envy pairs", |r| r.envy_pairs.to_string()),
        ("envy pairs beyond one seat (EF1)", |r| r.ef1_violations.to_string()),
    ];
    for (label, f) in rows {
        let _ = write!(s, "  {label:<34}");
        for (_, r) in results {
            let _ = write!(s, "{:>13}", f(r));
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "\nMean fulfilment by state size");
    for (k, band) in rep.by_size.iter().enumerate() {
        let _ = write!(s, "  {:<34}", format!("{} ({} nations)", band.band, band.nations));
        for (_, r) in results {
            let _ =
                write!(s, "{:>13}", r.by_size.get(k).map(|b| format!("{:.3}", b.mean_fulfilment)).unwrap_or_default());
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "\nSeats given by priority rank ({})", out.mechanism);
    for p in &rep.by_priority {
        let label = if p.priority >= 6 { "6 and lower".to_string() } else { p.priority.to_string() };
        let _ = writeln!(s, "  rank {label:<8} {:>9} of {:>9}", p.granted, p.demand);
    }
    let _ = writeln!(s, "\nPer nation ({}): seats granted of usable seats asked", out.mechanism);
    for line in &rep.nations {
        let _ = writeln!(
            s,
            "  {:<6} {:>8} of {:>8}  {:>6.1} %",
            line.nation,
            line.granted,
            line.demand,
            100.0 * line.fulfilment
        );
    }
    if let Some(list) = explanations {
        let _ = writeln!(s, "\n{}", entente_i18n::t(lang, "alloc-explanations"));
        for e in list {
            let _ = writeln!(s, "  {}", explain::render(e, out.mechanism, lang));
        }
    }
    s
}

fn run_generate(a: GenerateArgs) -> CliResult {
    let scale: Scale = a.scale.parse().map_err(|e: String| CliError::bad_input(anyhow::anyhow!("--scale: {e}")))?;
    let mut file = generate::generate(scale, a.seed).map_err(|e| anyhow::anyhow!(e))?;
    if a.nation_level {
        for r in &mut file.requests {
            r.nominees.clear();
        }
        file.people.clear();
    }
    match a.format {
        FileFormat::Json => {
            let f = std::fs::File::create(&a.output).with_context(|| format!("creating {}", a.output.display()))?;
            let mut w = std::io::BufWriter::new(f);
            serde_json::to_writer(&mut w, &file).with_context(|| format!("writing {}", a.output.display()))?;
            std::io::Write::flush(&mut w).with_context(|| format!("writing {}", a.output.display()))?;
        }
        FileFormat::Csv => {
            input::write_csv_dir(&file, &a.output).with_context(|| format!("writing {}", a.output.display()))?;
        }
    }
    eprintln!(
        "wrote {}: {} activities, {} requests (scale {scale}, seed {})",
        a.output.display(),
        file.activities.len(),
        file.requests.len(),
        a.seed
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// Every `allocation run` output of the golden tests captured before the lottery moved to the
    /// shared generator (`tests/golden/allocation/before-shared-rng.txt`: the lottery each input
    /// printed for seed 7, and the SHA-256 of each expected file) comes out byte for byte again
    /// when that lottery is replayed: the move changed the draw, nothing else.
    #[test]
    fn outputs_from_before_the_shared_generator_replay_from_their_lottery() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/allocation");
        let list = std::fs::read_to_string(dir.join("before-shared-rng.txt")).unwrap();
        let mut lotteries: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
        let mut checked = 0;
        for line in list.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["lottery", input, codes @ ..] => {
                    lotteries.insert(input, codes.to_vec());
                }
                ["case", input, mechanism, format, nations, sha] => {
                    let file = PathBuf::from(format!("{input}.json"));
                    let inst = input::load(&dir.join(&file)).unwrap();
                    let mut text = String::new();
                    for nation in nations.split(',') {
                        let json = *format == "json";
                        let a = RunArgs {
                            input: file.clone(),
                            mechanism: MechanismArg::from_str(mechanism, false).unwrap(),
                            seed: 7,
                            explain: Some(nation.to_string()),
                            format: if json { Format::Json } else { Format::Table },
                            lang: LangArg::from_str(if json { "en" } else { format }, false).unwrap(),
                        };
                        if !json {
                            text.push_str(&format!(
                                "$ entente allocation run {input}.json --mechanism {mechanism} --seed 7 --explain {nation} --lang {format}\n"
                            ));
                        }
                        text.push_str(&render_run(&a, &inst, Some(&lotteries[input])).unwrap());
                    }
                    let got: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
                    assert_eq!(&got, sha, "{input} {mechanism} {format}: the output differs from before");
                    checked += 1;
                }
                _ => panic!("unreadable line: {line}"),
            }
        }
        assert_eq!(checked, 32);
    }
}
