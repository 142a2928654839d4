//! `entente evaluation report`: every founding question over a period, as a PDF (printed by
//! headless Chromium from the same report the server shows at /evaluation/report), as
//! self-contained HTML, or its exact numbers as CSV or JSON.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, Subcommand, ValueEnum};
use entente_domain::evaluation::equal::SizeMeasure;
use entente_web::api::evaluation::answer_dto;
use entente_web::evaluation::Answer;
use entente_web::i18n::Lang;

use super::{DATABASE_FILE, open_store_read};
use crate::config::Config;
use crate::exit::{CliError, CliResult};

#[derive(Subcommand, Debug)]
pub enum EvaluationCommand {
    /// The evaluation report: every question's figures over a period
    Report(ReportArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Pdf,
    Html,
    Csv,
    Json,
}

/// How Q6 forms its size groups.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeArg {
    Population,
    Gdp,
}

#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  entente evaluation report --from 2020 --to 2026 --lang fr -o report.pdf\n  \
    entente evaluation report --format csv > figures.csv\n  entente evaluation report --format json -o figures.json\n\n\
    The report is read as alliance staff read it: every nation's line. CSV has one line per number \
    drawn (question, figure, row, column, value); JSON is what /api/v1/evaluation/{question} answers, \
    for every question. A PDF needs Chromium (Debian's chromium package) and an output file.")]
pub struct ReportArgs {
    /// First year [default: 1994]
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year [default: this year]
    #[arg(long)]
    pub to: Option<i32>,
    /// Language of the report: en or fr
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Output file [default: standard output; required for pdf]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// pdf, html, csv or json [default: from the output file's extension, else json]
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Q6's size groups: by population or by GDP
    #[arg(long, value_enum, default_value = "population")]
    pub size: SizeArg,
    /// The Chromium executable that prints the PDF
    #[arg(long, default_value = "chromium", value_name = "PATH")]
    pub chromium: PathBuf,
}

pub async fn run(config: &Config, cmd: EvaluationCommand) -> CliResult {
    match cmd {
        EvaluationCommand::Report(args) => report(config, args).await,
    }
}

fn format_of(args: &ReportArgs) -> ReportFormat {
    if let Some(f) = args.format {
        return f;
    }
    match args.output.as_deref().and_then(Path::extension).and_then(|e| e.to_str()) {
        Some("pdf") => ReportFormat::Pdf,
        Some("html" | "htm") => ReportFormat::Html,
        Some("csv") => ReportFormat::Csv,
        _ => ReportFormat::Json,
    }
}

async fn report(config: &Config, args: ReportArgs) -> CliResult {
    let lang = Lang::parse(&args.lang)
        .ok_or_else(|| CliError::bad_input(anyhow::anyhow!("--lang: '{}' is not en or fr", args.lang)))?;
    let format = format_of(&args);
    if format == ReportFormat::Pdf && args.output.is_none() {
        return Err(CliError::bad_input(anyhow::anyhow!("a PDF needs an output file: add -o report.pdf")));
    }
    let (store, _) = open_store_read(config, DATABASE_FILE).await?;
    let targets = config.web(false).response_targets;
    let size = match args.size {
        SizeArg::Population => SizeMeasure::Population,
        SizeArg::Gdp => SizeMeasure::Gdp,
    };
    let answers = entente_web::evaluation_report::operator_answers(&store, lang, (args.from, args.to), size, targets)
        .await
        .map_err(|e| CliError::bad_input(anyhow::anyhow!("{}", e.public_message())))?;
    let bytes = match format {
        ReportFormat::Json => {
            let all: Vec<_> = answers.iter().map(|a| answer_dto(a, lang)).collect();
            let mut s = serde_json::to_string_pretty(&all).map_err(anyhow::Error::from)?;
            s.push('\n');
            s.into_bytes()
        }
        ReportFormat::Csv => csv(&answers)?.into_bytes(),
        ReportFormat::Html => html(&answers, lang)?.into_bytes(),
        ReportFormat::Pdf => {
            let out = args.output.as_deref().unwrap_or(Path::new("report.pdf"));
            pdf(&html(&answers, lang)?, out, &args.chromium)?;
            eprintln!("wrote {}", out.display());
            return Ok(());
        }
    };
    match &args.output {
        Some(path) => {
            write_atomically(path, &bytes)?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes).map_err(anyhow::Error::from)?;
        }
    }
    Ok(())
}

fn html(answers: &[Answer], lang: Lang) -> Result<String, CliError> {
    entente_web::pages::evaluation::standalone_report(answers, lang)
        .map_err(|e| CliError::from(anyhow::anyhow!("cannot render the report: {}", e.public_message())))
}

/// One line per number drawn: question, figure, row, column, value.
fn csv(answers: &[Answer]) -> Result<String, CliError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| CliError::from(anyhow::Error::from(e));
    w.write_record(["question", "figure", "row", "column", "value"]).map_err(err)?;
    for a in answers {
        for f in &a.figures {
            for (i, row) in f.rows.iter().enumerate() {
                for (c, cell) in f.columns.iter().zip(row) {
                    w.write_record([a.question.as_str(), f.id, &(i + 1).to_string(), c, &cell.raw()]).map_err(err)?;
                }
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| CliError::from(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(|e| CliError::from(anyhow::Error::from(e)))
}

/// Write through a temporary file beside the target, so a failure never leaves half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    Ok(())
}

/// Print the HTML to PDF with headless Chromium (no network: the document is self-contained).
fn pdf(html: &str, out: &Path, chromium: &Path) -> Result<(), CliError> {
    let dir = tempfile_dir()?;
    let page = dir.join("report.html");
    std::fs::write(&page, html).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", page.display()))?;
    let tmp_pdf = dir.join("report.pdf");
    let result = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", tmp_pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output();
    let outcome = match result {
        Err(e) => Err(CliError::bad_input(anyhow::anyhow!(
            "cannot run {} ({e}): install Debian's chromium package or name it with --chromium",
            chromium.display()
        ))),
        Ok(o) if !o.status.success() || !tmp_pdf.exists() => Err(CliError::from(anyhow::anyhow!(
            "{} could not print the report ({}): {}",
            chromium.display(),
            o.status,
            String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or_default()
        ))),
        Ok(_) => std::fs::read(&tmp_pdf)
            .map_err(|e| CliError::from(anyhow::anyhow!("cannot read the printed PDF: {e}")))
            .and_then(|bytes| write_atomically(out, &bytes)),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn tempfile_dir() -> Result<PathBuf, CliError> {
    let dir = std::env::temp_dir().join(format!(
        "entente-report-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}
