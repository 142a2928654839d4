//! `entente events …`: import event data, detect surges, generate test files, count, calibrate.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use entente_domain::Lang;
use entente_store::warning::{ImportError, ImportJob};
use entente_warning::alert::{self, DetectOptions};
use entente_warning::calibrate;
use entente_warning::country::Iso3;
use entente_warning::date::Day;
use entente_warning::detect::Detector;
use entente_warning::generate::{self, Catalogue, GenOptions};
use entente_warning::ingest::{self, ImportOptions};
use entente_warning::mapping::Mappings;
use entente_warning::parse::{Format, Tables};
use entente_warning::scan::{self, ScanOptions};
use entente_warning::{Category, ErrorPolicy, ImportReport, WarningError};
use indicatif::{ProgressBar, ProgressStyle};

use crate::commands::{DATABASE_FILE, cli_actor, open_store, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(ClapArgs)]
#[command(
    about = "Security-challenge events: import ACLED/GDELT/UCDP/partner reports, detect surges",
    after_help = "Examples:\n  entente events import acled_2024.csv 20240301.export.CSV.zip\n  entente events detect --lang fr\n  \
        entente events generate --format acled --rows 10000 -o acled.csv"
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import event files (plain, .gz or .zip) into the database, then run detection.
    #[command(after_help = "Example:\n  entente events import acled_2024.csv 20240301.export.CSV.zip\n\n\
The files go into the configured database (the embedded one in the data directory unless\n\
database_url is set), each in one transaction, and detection runs after them.\n\
Bad rows are skipped and reported (file, line, column, reason) unless --fail-fast is given.\n\
Files imported before (the same file, or the same data renamed or compressed otherwise) are skipped \
 with a line saying so, so an interrupted batch can be run again as it was.\n\n\
Exit codes: 0 imported, 1 failure, 2 bad input (a missing file, unknown format, bad row with --fail-fast, every\n\
file already imported); every file is checked to exist before the database is opened.")]
    Import(ImportArgs),
    /// Run the surge detectors over the stored series, record the alerts and print them.
    #[command(
        after_help = "Example:\n  entente events detect --lang fr\n  entente events detect --detector nb_glr --detector ears_c2=4\n  entente events detect --cap --out-dir alerts/\n\n\
Detectors: ears_c1 ears_c2 ears_c3 poisson_cusum nb_glr acled_surge acled_threat (all by default, each at the\n\
threshold in force: set by staff, else calibrated). A run at the thresholds in force records its alerts;\n\
--detector (NAME or NAME=VALUE) makes a what-if run that only prints (and only reads the database). Only complete ISO weeks are evaluated."
    )]
    Detect(DetectArgs),
    /// Write a seeded, format-exact ACLED, GDELT 2.0 or UCDP GED file.
    #[command(
        after_help = "Example:\n  entente events generate --format gdelt2 --rows 3000000 --seed 7 -o bench/out/gdelt_1g.CSV\n\n\
The same seed gives the same bytes. A name ending in .gz writes gzip."
    )]
    Generate(GenerateArgs),
    /// Count events per country × category × ISO week without storing them (the benchmark pipeline).
    #[command(after_help = "Example:\n  entente events count 20240301.export.CSV --threads 2 -o counts.csv\n\n\
Writes country,category,iso_year,iso_week,events sorted; throughput goes to standard error.")]
    Count(CountArgs),
    /// Back-test the detectors on synthetic series and print the calibration table.
    #[command(after_help = "Example:\n  entente events calibrate --series 300 --seed 1")]
    Calibrate(CalibrateArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Acled,
    Gdelt,
    Gdelt1,
    Gdelt2,
    Ucdp,
    Report,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Acled => Format::Acled,
            FormatArg::Gdelt1 => Format::Gdelt1,
            FormatArg::Gdelt | FormatArg::Gdelt2 => Format::Gdelt2,
            FormatArg::Ucdp => Format::Ucdp,
            FormatArg::Report => Format::Report,
        }
    }
}

#[derive(ClapArgs)]
struct ImportArgs {
    /// Files to import (format sniffed from the content unless --format is given).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Input format (`gdelt` means GDELT 2.0).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Stop at the first bad row (nothing of that file is kept) instead of skipping and reporting.
    #[arg(long)]
    fail_fast: bool,
    /// Directory with mapping tables overriding the shipped ones (acled_categories.csv, …).
    #[arg(long)]
    mappings: Option<PathBuf>,
    /// Parser threads for GDELT files.
    #[arg(long, default_value_t = default_threads())]
    threads: usize,
    /// Print the import reports as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Table,
    Json,
}

#[derive(ClapArgs)]
struct DetectArgs {
    /// Detector to run, optionally with a threshold (NAME or NAME=THRESHOLD); repeatable.
    #[arg(long = "detector")]
    detectors: Vec<String>,
    /// Report alarms in the last N complete weeks.
    #[arg(long, default_value_t = 1)]
    weeks: usize,
    /// Country cells only (skip admin1 cells).
    #[arg(long)]
    no_admin1: bool,
    /// Output: a table with each alert's explanation, or JSON.
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
    /// Print OASIS CAP 1.2 XML documents (one per alert) instead.
    #[arg(long)]
    cap: bool,
    /// With --cap: write one file per alert into this directory.
    #[arg(long, requires = "cap")]
    out_dir: Option<PathBuf>,
    /// CAP sender.
    #[arg(long, default_value = "entente@alliance.invalid")]
    sender: String,
    /// Language of the explanations: en or fr.
    #[arg(long, default_value = "en")]
    lang: String,
}

#[derive(Clone, Copy, ValueEnum)]
enum GenFormat {
    Acled,
    Gdelt2,
    Ucdp,
}

#[derive(ClapArgs)]
struct GenerateArgs {
    /// File format to write.
    #[arg(long, value_enum)]
    format: GenFormat,
    /// Number of event rows.
    #[arg(long)]
    rows: u64,
    /// Seed: the same seed (and options) gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// First event day (ISO date).
    #[arg(long, default_value = "2015-01-05")]
    from: String,
    /// Days covered.
    #[arg(long, default_value_t = 3650)]
    days: u32,
    /// The file to write (`.gz` writes gzip); `-` writes to standard output.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Generator threads.
    #[arg(long, default_value_t = default_threads())]
    threads: usize,
}

#[derive(ClapArgs)]
struct CountArgs {
    /// GDELT 1.0 or 2.0 files to count (plain, .gz or .zip).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Input format (`gdelt` means GDELT 2.0) [default: sniffed from the content].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Parser threads.
    #[arg(long, default_value_t = default_threads())]
    threads: usize,
    /// Write the counts here (CSV); default: standard output.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

#[derive(ClapArgs)]
struct CalibrateArgs {
    /// Series per regime (each with and without a surge).
    #[arg(long, default_value_t = 300)]
    series: usize,
    /// Seed of the synthetic series: the same seed gives the same table.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// False alarms per 100 series-years allowed when choosing defaults.
    #[arg(long, default_value_t = calibrate::FALSE_ALARM_TARGET)]
    target: f64,
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn classify(e: WarningError) -> CliError {
    match e {
        // One line: the file and what the system said, without the cause repeated after it. A
        // file that is not there, not readable or a directory is the caller's to fix (exit 2).
        WarningError::Io { path, source } => {
            let kind = source.kind();
            // The I/O error stays in the chain: a closed output pipe is recognised by it.
            let message = anyhow::Error::new(source).context(path.display().to_string());
            match kind {
                std::io::ErrorKind::NotFound
                | std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::IsADirectory
                | std::io::ErrorKind::NotADirectory => CliError::bad_input(message),
                _ => CliError::Failed(message),
            }
        }
        e if e.is_bad_input() => CliError::bad_input(e),
        e => CliError::Failed(e.into()),
    }
}

/// Every input file can be opened, before the database is: a mistyped name creates nothing.
fn check_inputs(files: &[PathBuf]) -> Result<(), CliError> {
    for f in files {
        match File::open(f).and_then(|file| file.metadata()) {
            Ok(m) if m.is_dir() => {
                return Err(CliError::bad_input(anyhow::anyhow!("{}: a directory, not a file", f.display())));
            }
            Ok(_) => {}
            Err(e) => {
                return Err(CliError::bad_input(anyhow::Error::new(e).context(format!("cannot read {}", f.display()))));
            }
        }
    }
    Ok(())
}

pub async fn run(config: &Config, args: Args) -> CliResult {
    match args.command {
        Command::Import(a) => import(config, a).await,
        Command::Detect(a) => detect(config, a).await,
        Command::Generate(a) => generate_file(a),
        Command::Count(a) => count(a),
        Command::Calibrate(a) => calibrate_cmd(a),
    }
}

/// Progress: a bar on a terminal, plain lines every 512 MiB otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    label: String,
    verb: &'static str,
    last: AtomicU64,
}

impl Progress {
    fn new(label: &str, total: Option<u64>) -> Progress {
        Progress::with_verb(label, total, "read")
    }

    fn with_verb(label: &str, total: Option<u64>, verb: &'static str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = match total {
                Some(t) => ProgressBar::new(t),
                None => ProgressBar::new_spinner(),
            };
            let style = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            b.set_style(style);
            b.set_message(label.to_string());
            b
        });
        Progress { bar, label: label.to_string(), verb, last: AtomicU64::new(0) }
    }

    fn update(&self, bytes: u64) {
        match &self.bar {
            Some(b) => b.set_position(bytes),
            None => {
                let step = 512 << 20;
                let last = self.last.load(Ordering::Relaxed);
                if bytes >= last + step {
                    self.last.store(bytes, Ordering::Relaxed);
                    eprintln!("{}: {} MiB {}", self.label, bytes >> 20, self.verb);
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn tables(mappings: Option<&Path>) -> Result<Tables, CliError> {
    let mut t = Tables::embedded().map_err(classify)?;
    if let Some(dir) = mappings {
        t.maps = Mappings::with_overrides(dir).map_err(classify)?;
    }
    Ok(t)
}

fn print_report(r: &ImportReport) -> std::io::Result<()> {
    outln!(
        "{} ({}): {} rows read, {} accepted, {} skipped, {} known before (counted by an earlier import, or fused with a reported incident), {} without country, {} without category",
        r.file,
        r.format,
        r.rows_read,
        r.rows_ok,
        r.rows_skipped,
        r.fused,
        r.unlocated,
        r.uncategorised
    );
    for e in r.errors.iter().take(10) {
        outln!("  skipped {e}");
    }
    if r.rows_skipped > 10 {
        outln!("  … and {} more skipped rows", r.rows_skipped - 10);
    }
    Ok(())
}

async fn import(config: &Config, a: ImportArgs) -> CliResult {
    check_inputs(&a.files)?;
    let tables = std::sync::Arc::new(tables(a.mappings.as_deref())?);
    let (store, _) = open_store(config, DATABASE_FILE).await?;
    let opts = ImportOptions {
        format: a.format.map(FormatArg::format),
        policy: if a.fail_fast { ErrorPolicy::FailFast } else { ErrorPolicy::SkipAndReport },
        threads: a.threads,
        block: scan::BLOCK,
    };
    let actor = cli_actor();
    let mut total = ImportReport::new("total", "all");
    let mut reports = Vec::new();
    let mut skipped = Vec::new();
    for f in &a.files {
        let size = std::fs::metadata(f).map(|m| m.len()).ok();
        let p = std::sync::Arc::new(Progress::new(&f.display().to_string(), size));
        let started = Instant::now();
        let job = ImportJob {
            path: f.clone(),
            name: f.display().to_string(),
            tables: tables.clone(),
            opts,
            actor: &actor,
            action: "events.imported",
        };
        let progress = p.clone();
        let r = store.import_event_file(job, move |b| progress.update(b)).await;
        p.finish();
        let r = match r {
            // A file imported before (an interrupted batch run again): say so and go on.
            Err(ImportError::Store(entente_store::StoreError::Duplicate(m))) => {
                eprintln!("skipped: {m}");
                skipped.push(m);
                continue;
            }
            r => r.map_err(classify_import)?.1,
        };
        if !a.json {
            print_report(&r)?;
            eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
        }
        total.absorb(ImportReport { errors: Vec::new(), ..r.clone() });
        reports.push(r);
    }
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&reports)?);
    } else if a.files.len() > 1 {
        print_report(&total)?;
    }
    if reports.is_empty() {
        // Nothing new: every file was imported before.
        return Err(CliError::bad_input(anyhow::anyhow!(
            "nothing imported: {}",
            if skipped.len() == 1 {
                skipped.remove(0)
            } else {
                format!("all {} files were imported before", skipped.len())
            }
        )));
    }
    if !skipped.is_empty() {
        eprintln!("{} of {} files skipped: imported before", skipped.len(), a.files.len());
    }
    let (alerts, fresh) = store.detect_and_record(1, &actor, "alerts.detected").await?;
    eprintln!("detection: {} alerts in the last complete week, {} new", alerts.len(), fresh.len());
    Ok(())
}

fn classify_import(e: ImportError) -> CliError {
    match e {
        ImportError::Input(e) => classify(e),
        ImportError::Store(entente_store::StoreError::Rejected(m)) => CliError::bad_input(anyhow::anyhow!(m)),
        ImportError::Store(e) => CliError::Failed(e.into()),
    }
}

fn parse_detectors(list: &[String]) -> Result<Vec<(Detector, f64)>, CliError> {
    if list.is_empty() {
        return Ok(Detector::ALL.iter().map(|d| (*d, d.default_threshold())).collect());
    }
    list.iter()
        .map(|s| {
            let (name, th) = match s.split_once('=') {
                Some((n, t)) => (n, Some(t)),
                None => (s.as_str(), None),
            };
            let d: Detector = name.parse().map_err(|e: String| CliError::bad_input(anyhow::anyhow!(e)))?;
            let th = match th {
                Some(t) => t
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| CliError::bad_input(anyhow::anyhow!("bad threshold '{t}' for {d}")))?,
                None => d.default_threshold(),
            };
            Ok((d, th))
        })
        .collect()
}

fn now_rfc3339() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let day = Day(secs.div_euclid(86_400) as i32);
    let s = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}+00:00", s / 3600, (s / 60) % 60, s % 60)
}

async fn detect(config: &Config, a: DetectArgs) -> CliResult {
    let lang: Lang = a.lang.parse().map_err(|e| CliError::bad_input(anyhow::Error::new(e)))?;
    let what_if = !a.detectors.is_empty() || a.no_admin1;
    let detectors = parse_detectors(&a.detectors)?;
    // A what-if run only reads; a run at the thresholds in force records its alerts.
    let (db, _) =
        if what_if { open_store_read(config, DATABASE_FILE).await? } else { open_store(config, DATABASE_FILE).await? };
    let countries = entente_warning::country::CountryTables::embedded().map_err(classify)?;
    let started = Instant::now();
    let weeks = a.weeks.max(1);
    let (cells, alerts) = if what_if {
        let (cells, last) = db.event_extent().await?;
        let Some(last) = last else {
            return Err(no_data());
        };
        // Only the cells that can alarm in the weeks looked at, and those weeks' top events.
        let (sums, top) = db.detection_weeks(alert::last_complete_week(last), weeks, &[]).await?;
        let opts = DetectOptions { detectors, weeks, admin1: !a.no_admin1, threads: default_threads() };
        let alerts = alert::detect_weeks(&sums, &top, last, &opts);
        (cells, alerts)
    } else {
        let (alerts, fresh) = db.detect_and_record(weeks, &cli_actor(), "alerts.detected").await?;
        let (cells, last) = db.event_extent().await?;
        if alerts.is_empty() && last.is_none() {
            return Err(no_data());
        }
        eprintln!("{} alerts recorded, {} new", alerts.len(), fresh.len());
        (cells, alerts)
    };
    let elapsed = started.elapsed();
    let name = |a: &alert::Alert| countries.display_name(a.cell.country);
    if a.cap {
        let sent = now_rfc3339();
        if let Some(dir) = &a.out_dir {
            std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
        }
        let mut out = std::io::stdout().lock();
        for (i, al) in alerts.iter().enumerate() {
            let doc = alert::to_cap(al, &a.sender, &sent, lang, &name(al));
            match &a.out_dir {
                Some(dir) => {
                    let p = dir.join(format!("alert-{:04}-{}-{}-{}.xml", i + 1, al.week, al.cell.country, al.detector));
                    std::fs::write(&p, doc).with_context(|| p.display().to_string())?;
                }
                None => {
                    out.write_all(doc.as_bytes())?;
                }
            }
        }
        eprintln!("{} alerts", alerts.len());
        return Ok(());
    }
    match a.format {
        OutputFormat::Json => {
            let v: Vec<serde_json::Value> = alerts
                .iter()
                .map(|al| {
                    let mut j = serde_json::to_value(al).unwrap_or(serde_json::Value::Null);
                    if let Some(o) = j.as_object_mut() {
                        o.insert("why".into(), serde_json::Value::String(al.why(lang, &name(al))));
                    }
                    j
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&v)?);
        }
        OutputFormat::Table => {
            outln!(
                "{:<9} {:<14} {:<7} {:<4} {:<18} {:<27} {:>8} {:>8} {:>8} {:>9}",
                "week",
                "detector",
                "layer",
                "iso",
                "admin1",
                "category",
                "observed",
                "expected",
                "score",
                "threshold"
            );
            for al in &alerts {
                let admin1: String = al.cell.admin1.chars().take(18).collect();
                outln!(
                    "{:<9} {:<14} {:<7} {:<4} {:<18} {:<27} {:>8} {:>8.2} {:>8.2} {:>9}",
                    al.week,
                    al.detector.as_str(),
                    al.cell.layer.as_str(),
                    al.cell.country.as_str(),
                    admin1,
                    al.cell.category.as_str(),
                    al.observed,
                    al.expected,
                    al.score,
                    al.threshold
                );
                outln!("    {}", al.why(lang, &name(al)));
            }
            outln!("{} alerts over {} cells ({:.0} ms)", alerts.len(), cells, elapsed.as_secs_f64() * 1000.0);
        }
    }
    Ok(())
}

fn no_data() -> CliError {
    CliError::bad_input(anyhow::anyhow!(
        "no event data in the database yet; import files first with `entente events import`"
    ))
}

fn generate_file(a: GenerateArgs) -> CliResult {
    let first_day = entente_warning::date::parse(&a.from)
        .ok_or_else(|| CliError::bad_input(anyhow::anyhow!("--from: '{}' is not a date", a.from)))?;
    let format = match a.format {
        GenFormat::Acled => Format::Acled,
        GenFormat::Gdelt2 => Format::Gdelt2,
        GenFormat::Ucdp => Format::Ucdp,
    };
    let cat =
        Catalogue::new(&entente_warning::country::CountryTables::embedded().map_err(classify)?).map_err(classify)?;
    let o = GenOptions { format, rows: a.rows, seed: a.seed, first_day, days: a.days.max(1), threads: a.threads };
    if a.output.as_os_str() == "-" {
        // Standard output carries the data; the summary goes to standard error.
        let started = Instant::now();
        let mut w = BufWriter::with_capacity(1 << 22, std::io::stdout().lock());
        let bytes = generate::generate(&mut w, &cat, &o, &|_| {}).map_err(classify)?;
        w.flush()?;
        eprintln!(
            "standard output: {} {} rows, {} bytes ({:.1} s)",
            a.rows,
            format,
            bytes,
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let file = File::create(&a.output).with_context(|| a.output.display().to_string())?;
    let p = Progress::with_verb(&a.output.display().to_string(), None, "written");
    let gz = a.output.extension().is_some_and(|e| e == "gz");
    let started = Instant::now();
    let bytes = if gz {
        let mut w = flate_writer(file);
        let n = generate::generate(&mut w, &cat, &o, &|b| p.update(b)).map_err(classify)?;
        w.try_finish().with_context(|| a.output.display().to_string())?;
        n
    } else {
        let mut w = BufWriter::with_capacity(1 << 22, file);
        generate::generate(&mut w, &cat, &o, &|b| p.update(b)).map_err(classify)?
    };
    p.finish();
    outln!(
        "{}: {} {} rows, {} bytes ({:.1} s)",
        a.output.display(),
        a.rows,
        format,
        bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn flate_writer(f: File) -> entente_warning::input::GzWriter {
    entente_warning::input::gz_writer(f)
}

fn count(a: CountArgs) -> CliResult {
    let tables = tables(None)?;
    let mut weekly: HashMap<(Iso3, Category, i32), u64> = HashMap::new();
    let started = Instant::now();
    let mut bytes = 0u64;
    let mut rows = 0u64;
    for f in &a.files {
        let (inp, format) = ingest::open_with_format(f, a.format.map(FormatArg::format)).map_err(classify)?;
        if !matches!(format, Format::Gdelt1 | Format::Gdelt2) {
            return Err(CliError::bad_input(anyhow::anyhow!(
                "{}: count reads GDELT files; this one is {format}",
                f.display()
            )));
        }
        let name = inp.name.clone();
        let p = Progress::new(&name, std::fs::metadata(f).map(|m| m.len()).ok());
        let so = ScanOptions {
            threads: a.threads,
            policy: ErrorPolicy::SkipAndReport,
            admin1: false,
            top: false,
            store: false,
            block: scan::BLOCK,
        };
        let r = scan::scan_gdelt(inp.reader, format, &name, &tables, so, &|b| p.update(b));
        p.finish();
        let r = r.map_err(classify)?;
        bytes += std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        rows += r.report.rows_read;
        if r.report.rows_skipped > 0 {
            print_report(&r.report)?;
        }
        for ((country, category, week), n) in r.weekly {
            *weekly.entry((country, category, week)).or_default() += n;
        }
    }
    let mut rows_out: Vec<(String, &str, i32, u32, u64)> = weekly
        .into_iter()
        .map(|((c, k, w), n)| {
            let iso = Day::monday_of_week_index(w).iso_week();
            (c.to_string(), k.as_str(), iso.year, iso.week, n)
        })
        .collect();
    rows_out.sort_unstable();
    let secs = started.elapsed().as_secs_f64();
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(BufWriter::new(File::create(p).with_context(|| p.display().to_string())?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    writeln!(out, "country,category,iso_year,iso_week,events")?;
    for (c, k, y, w, n) in &rows_out {
        writeln!(out, "{c},{k},{y},{w},{n}")?;
    }
    out.flush()?;
    eprintln!(
        "counted {rows} rows, {} bytes in {secs:.3} s: {:.3} GB/s, {} groups",
        bytes,
        bytes as f64 / secs / 1e9,
        rows_out.len()
    );
    Ok(())
}

fn calibrate_cmd(a: CalibrateArgs) -> CliResult {
    if a.series == 0 {
        return Err(CliError::bad_input(anyhow::anyhow!("--series must be at least 1")));
    }
    let started = Instant::now();
    let rows = calibrate::run(a.series, a.seed, &Detector::ALL);
    out!("{}", calibrate::markdown(&rows, a.target));
    outln!();
    for d in Detector::ALL {
        match calibrate::recommend(&rows, d, a.target) {
            Some(t) => outln!("{d}: recommended threshold {t} (shipped default {})", d.default_threshold()),
            None => {
                outln!("{d}: no threshold in the grid meets the target (shipped default {})", d.default_threshold())
            }
        }
    }
    eprintln!("{:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, Parser};

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: Args,
    }

    fn run_args(list: &[&str]) -> CliResult {
        run_on("", list)
    }

    /// Run on the database at `url` (none: commands that do not need one).
    fn run_on(url: &str, list: &[&str]) -> CliResult {
        let mut argv = vec!["events"];
        argv.extend_from_slice(list);
        let w = Wrapper::try_parse_from(argv).map_err(|e| CliError::bad_input(anyhow::anyhow!(e.to_string())))?;
        let config = Config { database_url: (!url.is_empty()).then(|| url.to_string()), ..Config::default() };
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(run(&config, w.args))
    }

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("entente-cli-events-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn every_command_has_help_with_an_example() {
        let cmd = Wrapper::command();
        let mut names = Vec::new();
        for sub in cmd.get_subcommands() {
            let help = sub.clone().render_long_help().to_string();
            assert!(help.contains("Example"), "{} --help has no example", sub.get_name());
            names.push(sub.get_name().to_string());
        }
        assert_eq!(names, ["import", "detect", "generate", "count", "calibrate"]);
    }

    #[test]
    fn generate_import_detect_and_exit_codes() {
        let d = tmp("flow");
        let file = d.join("acled.csv.gz");
        let f = file.to_str().unwrap();
        let db = format!("sqlite://{}", d.join("events.db").display());
        let empty = format!("sqlite://{}", d.join("empty.db").display());
        let run_db = |list: &[&str]| run_on(&db, list);
        run_args(&["generate", "--format", "acled", "--rows", "3000", "--seed", "3", "--days", "400", "-o", f])
            .unwrap();
        // Nothing to detect on before an import.
        assert!(matches!(run_on(&empty, &["detect"]), Err(CliError::BadInput(_))));
        run_db(&["import", f, "--fail-fast"]).unwrap();
        // The same file again is bad input (exit 2), not a silent double count.
        assert!(matches!(run_db(&["import", f]), Err(CliError::BadInput(_))));
        run_db(&["detect", "--format", "json", "--lang", "fr", "--weeks", "10"]).unwrap();
        let out = d.join("cap");
        run_db(&["detect", "--cap", "--out-dir", out.to_str().unwrap(), "--weeks", "60"]).unwrap();
        for entry in std::fs::read_dir(&out).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert!(text.starts_with("<?xml") && text.contains("urn:oasis:names:tc:emergency:cap:1.2"));
        }
        // Bad inputs.
        assert!(matches!(run_db(&["detect", "--detector", "farrington"]), Err(CliError::BadInput(_))));
        assert!(matches!(run_db(&["detect", "--detector", "ears_c1=-1"]), Err(CliError::BadInput(_))));
        assert!(matches!(run_db(&["detect", "--lang", "de"]), Err(CliError::BadInput(_))));
        let bad = d.join("bad.csv");
        std::fs::write(&bad, "id,reporter,date,country,category\nR1,FRA,2024-02-30,MLI,cyber\n").unwrap();
        assert!(matches!(run_db(&["import", bad.to_str().unwrap(), "--fail-fast"]), Err(CliError::BadInput(_))));
        // Skip-and-report accepts the file and reports the row.
        run_db(&["import", bad.to_str().unwrap()]).unwrap();
        let unknown = d.join("unknown.txt");
        std::fs::write(&unknown, "hello\n").unwrap();
        assert!(matches!(run_db(&["import", unknown.to_str().unwrap()]), Err(CliError::BadInput(_))));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn count_writes_sorted_weekly_counts() {
        let d = tmp("count");
        let file = d.join("g.CSV");
        let out = d.join("counts.csv");
        run_args(&[
            "generate",
            "--format",
            "gdelt2",
            "--rows",
            "5000",
            "--seed",
            "1",
            "--days",
            "30",
            "-o",
            file.to_str().unwrap(),
        ])
        .unwrap();
        run_args(&["count", file.to_str().unwrap(), "-o", out.to_str().unwrap()]).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("country,category,iso_year,iso_week,events"));
        let rows: Vec<&str> = lines.collect();
        let mut sorted = rows.clone();
        sorted.sort();
        assert_eq!(rows, sorted);
        let total: u64 = rows.iter().map(|r| r.rsplit(',').next().unwrap().parse::<u64>().unwrap()).sum();
        assert!(total > 1000 && total < 5000, "{total}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
