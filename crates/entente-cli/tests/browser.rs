//! `entente evaluation report -o report.pdf`: a real PDF printed by headless Chromium (run with
//! `cargo nextest run --profile browser`; needs Debian's chromium and poppler-utils' pdftotext).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

#[tokio::test]
async fn the_evaluation_report_prints_to_a_real_pdf_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _keep) = match entente_testkit::backend() {
        entente_store::Backend::Sqlite => (format!("sqlite://{}", dir.path().join("cli.db").display()), None),
        entente_store::Backend::Postgres => {
            let db = entente_testkit::test_db().await;
            (db.url.clone(), Some(db))
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_entente"))
            .args(args)
            .current_dir(dir.path())
            .env("ENTENTE_DATABASE_URL", &db)
            .env("ENTENTE_LOG", "warn")
            .output()
            .unwrap()
    };
    let network = root.join("../../data/nato_network.csv");
    let sizes = root.join("../../data/nation_size.csv");
    let o = run(&["network", "import", network.to_str().unwrap(), sizes.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let pdf = dir.path().join("rapport.pdf");
    let o =
        run(&["evaluation", "report", "--from", "2000", "--to", "2025", "--lang", "fr", "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Rapport d'évaluation 2000–2025"), "{text}");
    assert!(text.contains("Figure 1.") && text.contains("Du partenariat à l'adhésion"), "{text}");
    assert!(text.contains("Événements violents"), "Q4, without event data: {text}");
}
