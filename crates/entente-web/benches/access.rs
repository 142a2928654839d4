//! Access benchmarks: sign-in latency with the production Argon2id parameters, and the time
//! `entente audit verify` takes over a large audit log.
//!
//! cargo bench -p entente-web --bench access -- [--logins N] [--audit N]
//! (PostgreSQL: set ENTENTE_TEST_DATABASE_URL as for the tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use entente_domain::access::Role;
use entente_testkit::TestApp;

mod common;
use common::{arg, percentile};

fn main() {
    let logins = arg("--logins", 200);
    let audit = arg("--audit", 1_000_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async move {
        let app = TestApp::demo().await;
        let backend = app.db.store.backend().name();
        if logins > 0 {
            let user = app.user("bench.user", Some("MLT"), Role::DelegationMember).await;
            let mut ms = Vec::with_capacity(logins);
            for _ in 0..logins {
                let t = Instant::now();
                app.login(&user).await;
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            ms.sort_by(f64::total_cmp);
            println!(
                "sign-in ({backend}, {logins} runs; login page + form post + account page): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
                percentile(&ms, 0.5),
                percentile(&ms, 0.99),
                ms[ms.len() - 1]
            );
            let hash = entente_web::auth::secrets::hash_password("a passphrase for timing".into()).await.unwrap();
            let mut v = Vec::new();
            for _ in 0..50 {
                let t = Instant::now();
                entente_web::auth::secrets::verify_password("a passphrase for timing".into(), hash.clone()).await.unwrap();
                v.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            v.sort_by(f64::total_cmp);
            println!("argon2id verify alone (m=19456 KiB, t=2, p=1): p50 {:.1} ms, p99 {:.1} ms", percentile(&v, 0.5), percentile(&v, 0.99));
        }
        if audit > 0 {
            let t = Instant::now();
            app.db.store.append_synthetic_audit(audit as u64, 10_000).await.unwrap();
            println!("wrote {audit} audit entries ({backend}) in {:.1} s", t.elapsed().as_secs_f64());
            let mut runs = Vec::new();
            for _ in 0..3 {
                let t = Instant::now();
                let v = app.db.store.verify_audit(10_000).await.unwrap();
                assert!(v.first_broken.is_none());
                runs.push((t.elapsed().as_secs_f64(), v.entries));
            }
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            println!("audit verify ({backend}, {} entries): median {:.2} s over 3 runs", runs[1].1, runs[1].0);
        }
    });
}
