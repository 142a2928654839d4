//! The server's limits on a real port: a client that sends half a request head, or stays idle
//! on a kept-alive connection, is disconnected after the header timeout; past the connection
//! cap new clients wait (they are not refused) and are served once a slot frees.

use std::time::{Duration, Instant};

use entente_testkit::TestApp;
use entente_web::server::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TIMEOUT: Duration = Duration::from_millis(800);

async fn app() -> (TestApp, String) {
    let app = TestApp::on(entente_testkit::test_db().await).await;
    let limits = Limits {
        max_connections: 3,
        header_timeout: TIMEOUT,
        body_timeout: TIMEOUT,
        shutdown_grace: Duration::from_secs(1),
    };
    let url = app.serve_with(limits).await;
    let addr = url.trim_start_matches("http://").to_string();
    (app, addr)
}

/// Read until the server closes the connection (or `limit` passes); what was read and when.
async fn read_to_close(stream: &mut TcpStream, limit: Duration) -> (Vec<u8>, Option<Instant>) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (seen, Some(Instant::now())),
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
            Err(_) => return (seen, None),
        }
    }
}

#[tokio::test]
async fn a_half_sent_request_head_is_cut_off_at_the_header_timeout() {
    let (_app, addr) = app().await;
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    let start = Instant::now();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").await.unwrap();
    let (_, closed) = read_to_close(&mut slow, Duration::from_secs(10)).await;
    let closed = closed.expect("the server closes a connection whose head never ends");
    let after = closed - start;
    assert!(after >= TIMEOUT - Duration::from_millis(50), "closed after {after:?}, before the timeout");
    assert!(after < TIMEOUT * 5, "closed only after {after:?}");
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_at_the_header_timeout() {
    let (_app, addr) = app().await;
    let mut client = TcpStream::connect(&addr).await.unwrap();
    client.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
    let answered = Instant::now();
    let (seen, closed) = read_to_close(&mut client, Duration::from_secs(10)).await;
    let text = String::from_utf8_lossy(&seen);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let idle = closed.expect("an idle kept-alive connection is closed") - answered;
    assert!(idle >= TIMEOUT - Duration::from_millis(50) && idle < TIMEOUT * 5, "closed after {idle:?}");
}

#[tokio::test]
async fn past_the_connection_cap_a_client_waits_for_a_free_slot_and_is_served() {
    let (_app, addr) = app().await;
    // Three clients hold every slot with heads that never end.
    let mut holders = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n").await.unwrap();
        holders.push(s);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = Instant::now();
    let mut waiting = TcpStream::connect(&addr).await.unwrap();
    waiting.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let (seen, closed) = read_to_close(&mut waiting, Duration::from_secs(10)).await;
    assert!(closed.is_some(), "the waiting client is served and the connection closed");
    let text = String::from_utf8_lossy(&seen);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // It was served only once the holders' time ran out: the cap held.
    let waited = start.elapsed();
    assert!(waited >= TIMEOUT - Duration::from_millis(200), "served after {waited:?}, inside the cap");
    for mut h in holders {
        let (_, closed) = read_to_close(&mut h, Duration::from_secs(5)).await;
        assert!(closed.is_some(), "each holder is disconnected");
    }
}

#[tokio::test]
async fn a_request_body_that_stops_coming_is_refused_at_the_body_timeout() {
    let (_app, addr) = app().await;
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    let start = Instant::now();
    // A whole head, then 10 of the 100 body bytes it announces, then nothing.
    slow.write_all(
        b"POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nusername=a",
    )
    .await
    .unwrap();
    let (seen, closed) = read_to_close(&mut slow, Duration::from_secs(10)).await;
    let text = String::from_utf8_lossy(&seen);
    assert!(text.starts_with("HTTP/1.1 4"), "the request is refused, not left waiting: {text}");
    let after = closed.expect("the server closes a connection whose body stopped") - start;
    assert!(after >= TIMEOUT - Duration::from_millis(50), "refused after {after:?}, before the timeout");
    assert!(after < TIMEOUT * 5, "refused only after {after:?}");
}
