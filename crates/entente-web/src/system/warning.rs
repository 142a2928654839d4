//! Detection and event imports run on the raw store (they write data no caller's scope covers:
//! counters, alerts). They start only with the domain's permit, and are audited in its name.

use entente_domain::access::{Permit, Principal};

use super::AppState;
use crate::error::AppError;
use crate::i18n::Lang;

/// Run the detectors over the stored history and record the alerts of the last complete week.
/// Returns how many alerts that week has and how many are new.
pub async fn detect(state: &AppState, by: &Principal, permit: Permit) -> Result<(usize, usize), AppError> {
    if permit.user_id() != by.user_id || permit.action() != "alerts.detected" {
        return Err(AppError::Forbidden(entente_domain::said!(
            "err-not-permitted",
            "not permitted: {why}",
            why = entente_domain::said!("err-warning-alliance-staff-run-detection", "alliance staff run detection")
        )));
    }
    let (all, fresh) =
        state.store.detect_and_record(1, &entente_store::Actor::from_principal(by), permit.action()).await?;
    tracing::info!(alerts = all.len(), new = fresh.len(), by = %by.username, "detection run");
    Ok((all.len(), fresh.len()))
}

/// At start: imports left `running` by a stopped process are settled as failed.
pub async fn settle_interrupted(state: &AppState) -> Result<u64, AppError> {
    Ok(state.store.settle_interrupted_imports().await?)
}

/// An event-data file received from the imports page or API, kept in a private temporary
/// directory under its own name until its import has run.
pub struct Upload {
    /// Removed, with the file, when the upload is dropped.
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    /// The file's name as sent (its last component, control characters removed).
    pub name: String,
    /// The format chosen by the sender; `None`: recognised from the content.
    pub format: Option<entente_warning::parse::Format>,
}

impl Upload {
    /// An empty file to receive `name` into: in the uploaded-files directory when one is
    /// configured (so a large file lands on the same disk as the data), else the system's
    /// temporary directory.
    pub fn create(state: &AppState, name: &str) -> std::io::Result<(Upload, std::fs::File)> {
        let dir = state.receiving_dir(".event-upload-")?;
        let clean: String =
            name.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).take(200).collect();
        let clean = match clean.trim() {
            "" | "." | ".." => "upload".to_string(),
            t => t.to_string(),
        };
        let path = dir.path().join(&clean);
        let file = std::fs::File::create(&path)?;
        Ok((Upload { _dir: dir, path, name: clean, format: None }, file))
    }
}

/// The code tables every import parses with, read once.
fn tables() -> Result<std::sync::Arc<entente_warning::parse::Tables>, AppError> {
    static TABLES: std::sync::OnceLock<std::sync::Arc<entente_warning::parse::Tables>> = std::sync::OnceLock::new();
    if let Some(t) = TABLES.get() {
        return Ok(t.clone());
    }
    let t = std::sync::Arc::new(
        entente_warning::parse::Tables::embedded().map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?,
    );
    Ok(TABLES.get_or_init(|| t).clone())
}

fn job<'a>(
    upload: &Upload,
    tables: std::sync::Arc<entente_warning::parse::Tables>,
    actor: &'a entente_store::Actor,
    action: &'a str,
) -> entente_store::warning::ImportJob<'a> {
    entente_store::warning::ImportJob {
        path: upload.path.clone(),
        name: upload.name.clone(),
        tables,
        opts: entente_warning::ingest::ImportOptions {
            format: upload.format,
            policy: entente_warning::ErrorPolicy::SkipAndReport,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()).min(4),
            block: entente_warning::scan::BLOCK,
        },
        actor,
        action,
    }
}

/// Start importing an uploaded file: it is recorded as running at once (a file imported before
/// is refused here, naming the earlier import), then read and written in the background — one
/// import at a time per server — and detection runs after it. Returns the import's id; the
/// imports list shows its progress. If the server stops first, nothing of the file is kept and
/// the next start settles the import as failed.
pub async fn start_import(state: &AppState, by: &Principal, permit: Permit, upload: Upload) -> Result<i64, AppError> {
    if permit.user_id() != by.user_id || permit.action() != "events.imported" {
        return Err(AppError::Forbidden(entente_domain::said!(
            "err-not-permitted",
            "not permitted: {why}",
            why = entente_domain::said!("err-warning-alliance-staff-import-event", "alliance staff import event data")
        )));
    }
    let tables = tables()?;
    let actor = entente_store::Actor::from_principal(by);
    let first = job(&upload, tables.clone(), &actor, permit.action());
    let id = state.store.start_event_file(&first).await.map_err(|e| import_error(&first, e))?;
    let (store, running, name) = (state.store.clone(), state.clone(), by.username.clone());
    tokio::spawn(async move {
        // One import at a time: each parses on its own threads and holds its writes in one transaction.
        let _turn = running.imports.acquire().await;
        let done = store.finish_event_file(id, job(&upload, tables, &actor, "events.imported"), |_| {}).await;
        drop(upload);
        match done {
            Ok((_, report)) => {
                tracing::info!(import = id, file = %report.file, rows = report.rows_ok, by = %name, "event import done");
                match store.detect_and_record(1, &actor, "alerts.detected").await {
                    Ok((all, fresh)) => {
                        tracing::info!(alerts = all.len(), new = fresh.len(), "detection after an import")
                    }
                    Err(e) => tracing::error!(error = %e, "detection after an import failed"),
                }
            }
            Err(e) => tracing::warn!(import = id, error = %e, "event import failed"),
        }
    });
    Ok(id)
}

fn import_error(job: &entente_store::warning::ImportJob<'_>, e: entente_store::warning::ImportError) -> AppError {
    use entente_store::warning::ImportError;
    match e {
        ImportError::Input(e) => AppError::bad_request(
            "invalid_file",
            entente_domain::said!("err-warning-import-input", "file: {why}", why = job.shown(&e)),
        ),
        ImportError::Store(e) => e.into(),
    }
}

/// The owner of an alert feed address, with their subscription (`None`: no such feed, a replaced
/// or turned-off one, or a disabled account). The address is its own credential.
pub async fn alert_feed_owner(
    state: &AppState,
    token: &str,
) -> Result<Option<(entente_store::accounts::Account, entente_domain::warning::AlertSubscription)>, AppError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    Ok(state.store.alert_feed_account(&super::auth::secrets::sha256_hex(token)).await?)
}

/// One pass of the announcement of new alerts: every alert not announced yet is told, once, to
/// each subscriber whose subscription selects it and who may open it — asked of the subscriber's
/// own scoped handle, so an alert counting a report the subscriber may not see is never told to
/// them — in the inbox, and by e-mail when the subscription asks for it and the account has an
/// address. The alerts of one cell and week (several detectors, open data and reports) make one
/// notice per subscriber, pointing to the highest-scoring one they may open and saying how many
/// detectors flagged it. An alert closed before its announcement (dismissed) is only marked
/// announced. A group is marked in the transaction that writes its notices, so of two server
/// instances only one tells it. Returns the number of notices written.
pub async fn announce_once(state: &AppState) -> Result<u32, AppError> {
    use entente_store::notify::{Delivery, NewEmail, NewNotification, Once};
    const BATCH: u64 = 200;
    let mut told = 0u32;
    // The registry and the subscribers' handles are read only once there is something to tell:
    // the pass runs every 30 s and is nearly always idle.
    let mut loaded: Option<(std::sync::Arc<entente_store::snapshot::Registry>, Vec<_>)> = None;
    loop {
        let ids = state.store.unannounced_alerts(BATCH).await?;
        if ids.is_empty() {
            break;
        }
        if loaded.is_none() {
            let registry = state.store.registry().await?;
            let mut all = Vec::new();
            for (account, sub) in state.store.alert_subscribers().await? {
                let principal = account.principal();
                let scope = state.store.scoped_in(Some(&principal), &registry).await?;
                all.push((account, sub, scope));
            }
            loaded = Some((registry, all));
        }
        let Some((registry, subscribers)) = loaded.as_ref() else { break };
        let net = &registry.network;
        let alerts = state.store.alerts_to_announce(&ids).await?;
        // Ids whose alert is gone (none are deleted today) are marked, so the pass ends.
        for id in ids.iter().filter(|id| !alerts.iter().any(|a| a.id == **id)) {
            state.store.settle_reminder(Once::AlertAnnounced { alert_id: *id }).await?;
        }
        // One notice per cell and week: the detectors that flag the same surge are one event to
        // a reader (each detector and basis is its own alert).
        let mut groups: Vec<Vec<entente_store::warning::StoredAlert>> = Vec::new();
        for alert in alerts {
            match groups.iter_mut().find(|g| g[0].cell_id == alert.cell_id && g[0].week == alert.week) {
                Some(g) => g.push(alert),
                None => groups.push(vec![alert]),
            }
        }
        for group in groups {
            let mut notices = Vec::new();
            let open: Vec<_> = group.iter().filter(|a| a.state.is_open()).collect();
            for (account, sub, scope) in subscribers {
                if open.is_empty() || !crate::warning::subscriptions::selects(sub, open[0], registry) {
                    continue;
                }
                // What this subscriber may open of the group, asked of their own handle.
                let mut visible = Vec::new();
                for a in &open {
                    match scope.alert(a.id).await {
                        Ok(_) => visible.push(*a),
                        Err(entente_store::StoreError::NotFound) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                let Some(best) = visible.iter().copied().max_by(|x, y| x.score.total_cmp(&y.score)) else { continue };
                let Some(engine) = crate::warning::engine_alert(best) else { continue };
                let name = |lang: Lang| crate::warning::country_name_in(net, best.cell.country, lang);
                let subject = |lang: Lang| {
                    lang.t_args(
                        "notice-alert-raised",
                        &[("headline", engine.headline(lang.domain(), &name(lang)).into())],
                    )
                };
                let detectors =
                    visible.iter().map(|a| a.detector.as_str()).collect::<std::collections::BTreeSet<_>>().len();
                let body = |lang: Lang| {
                    let why = engine.why(lang.domain(), &name(lang));
                    if detectors > 1 {
                        format!("{why} {}", lang.t1("notice-alert-detectors", "count", detectors))
                    } else {
                        why
                    }
                };
                let (subject_en, subject_fr, body_en, body_fr) =
                    (subject(Lang::En), subject(Lang::Fr), body(Lang::En), body(Lang::Fr));
                let link = format!("/alerts/{}", best.id);
                let email = account
                    .email
                    .as_deref()
                    .map(str::trim)
                    .filter(|a| sub.delivery.emails() && !a.is_empty())
                    .map(|to| NewEmail {
                        to: to.to_string(),
                        subject: format!("{subject_en} / {subject_fr}"),
                        body: format!(
                            "{subject_en}\n\n{body_en}\n\nEntente: {link}\n\n-- Français --\n\n{subject_fr}\n\n{body_fr}\n\nEntente : {link}\n"
                        ),
                    });
                notices.push(NewNotification {
                    account_id: account.id,
                    kind: entente_domain::consultation::NoticeKind::AlertRaised.as_str().to_string(),
                    subject_en,
                    body_en,
                    subject_fr,
                    body_fr,
                    link,
                    email,
                });
            }
            // The group is told under its first alert's mark; the others are then marked too.
            let detected = group.iter().map(|a| a.detected_at).min();
            let delivery = Delivery { actor: None, at: detected, notices };
            let once = Some(Once::AlertAnnounced { alert_id: group[0].id });
            let n = state.store.deliver_once(&entente_store::Actor::system("entente alerts"), delivery, once).await?;
            told += u32::try_from(n).unwrap_or(u32::MAX);
            for a in &group[1..] {
                state.store.settle_reminder(Once::AlertAnnounced { alert_id: a.id }).await?;
            }
        }
        if (ids.len() as u64) < BATCH {
            break;
        }
    }
    Ok(told)
}
