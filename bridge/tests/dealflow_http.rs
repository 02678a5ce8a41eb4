//! The Dealflow client against a tiny scripted HTTP/1.1 server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dealflow_whatsapp_bridge::dealflow::{
    DealflowClient, ForwarderExit, LinkEvent, Outcome, RetryPolicy, WebhookMessage, signature,
    spawn_forwarder,
};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SECRET: &str = "whsec_test_0123456789";

#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn body_str(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// Serves `script` answers in order (the last one repeats) and records every
/// request. Returns the base URL and the record.
async fn serve(script: Vec<(u16, &'static str)>) -> (String, Arc<Mutex<Vec<Request>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        let mut n = 0usize;
        loop {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Head.
            let head_end = loop {
                let read = sock.read(&mut chunk).await.unwrap();
                assert!(read > 0, "client closed before sending a request");
                buf.extend_from_slice(&chunk[..read]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i + 4;
                }
            };
            let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
            let mut lines = head.split("\r\n");
            let mut start = lines.next().unwrap().split(' ');
            let method = start.next().unwrap().to_string();
            let path = start.next().unwrap().to_string();
            let headers: Vec<(String, String)> = lines
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let (k, v) = l.split_once(':').unwrap();
                    (k.trim().to_string(), v.trim().to_string())
                })
                .collect();
            let len: usize = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.parse().unwrap())
                .unwrap_or(0);
            // Body.
            let mut body = buf[head_end..].to_vec();
            while body.len() < len {
                let read = sock.read(&mut chunk).await.unwrap();
                assert!(read > 0);
                body.extend_from_slice(&chunk[..read]);
            }
            record.lock().unwrap().push(Request {
                method,
                path,
                headers,
                body,
            });

            let (status, answer) = script[n.min(script.len() - 1)];
            n += 1;
            let response = format!(
                "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            sock.write_all(response.as_bytes()).await.unwrap();
            sock.shutdown().await.ok();
        }
    });
    (base, seen)
}

fn client(base: &str) -> DealflowClient {
    DealflowClient::new(&format!("{base}/hooks/whatsapp/conn-1"), SECRET).unwrap()
}

fn message(id: &str) -> WebhookMessage {
    WebhookMessage {
        message_id: id.into(),
        group_id: "120363025246125888@g.us".into(),
        group_name: "Deals NL".into(),
        sender: "Jan de Vries".into(),
        timestamp: 1_767_225_600,
        text: "Selling 20 units \"as is\", 5% commission".into(),
    }
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        initial: Duration::from_millis(10),
        max: Duration::from_millis(40),
        max_server_errors: 20,
    }
}

/// HMAC computed here independently of the crate's `signature`.
fn expected_signature(body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

async fn wait_for_requests(seen: &Arc<Mutex<Vec<Request>>>, n: usize) -> Vec<Request> {
    for _ in 0..500 {
        {
            let got = seen.lock().unwrap();
            if got.len() >= n {
                return got.clone();
            }
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("expected {n} requests, got {}", seen.lock().unwrap().len());
}

#[tokio::test]
async fn message_is_posted_as_exact_signed_json() {
    let (base, seen) = serve(vec![(200, r#"{"status":"stored","signals":2}"#)]).await;
    let outcome = client(&base).post_message(&message("3EB0C0FFEE")).await;
    assert_eq!(outcome, Outcome::Stored { signals: 2 });

    let reqs = seen.lock().unwrap().clone();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/hooks/whatsapp/conn-1");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.body_str(),
        r#"{"message_id":"3EB0C0FFEE","group_id":"120363025246125888@g.us","group_name":"Deals NL","sender":"Jan de Vries","timestamp":1767225600,"text":"Selling 20 units \"as is\", 5% commission"}"#
    );
    let sig = r.header("x-hub-signature-256").expect("signature header");
    assert_eq!(sig, expected_signature(&r.body));
    assert_eq!(sig, signature(SECRET.as_bytes(), &r.body));
    assert!(
        sig.strip_prefix("sha256=")
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    );
}

#[tokio::test]
async fn duplicate_answer_is_recognised() {
    let (base, _seen) = serve(vec![(200, r#"{"status":"duplicate"}"#)]).await;
    assert_eq!(
        client(&base).post_message(&message("m")).await,
        Outcome::Duplicate
    );
}

#[tokio::test]
async fn link_events_go_to_the_link_hook_signed() {
    let (base, seen) = serve(vec![(200, r#"{"status":"ok"}"#)]).await;
    let c = client(&base);
    assert_eq!(
        c.post_link(&LinkEvent::Qr {
            code: "2@AbC,dEf,123==".into()
        })
        .await,
        Outcome::Accepted
    );
    assert_eq!(c.post_link(&LinkEvent::Connected).await, Outcome::Accepted);
    assert_eq!(c.post_link(&LinkEvent::LoggedOut).await, Outcome::Accepted);

    let reqs = seen.lock().unwrap().clone();
    let bodies: Vec<&str> = reqs.iter().map(Request::body_str).collect();
    assert_eq!(
        bodies,
        [
            r#"{"event":"qr","code":"2@AbC,dEf,123=="}"#,
            r#"{"event":"connected"}"#,
            r#"{"event":"logged_out"}"#
        ]
    );
    for r in &reqs {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/hooks/whatsapp/conn-1/link");
        assert_eq!(
            r.header("x-hub-signature-256").unwrap(),
            expected_signature(&r.body)
        );
    }
}

#[tokio::test]
async fn unauthorized_means_unlinked() {
    let (base, seen) = serve(vec![(
        401,
        r#"{"error":"Unknown connection or bad signature (X-Hub-Signature-256)."}"#,
    )])
    .await;
    let c = client(&base);
    assert_eq!(c.post_message(&message("m1")).await, Outcome::Unlinked);
    assert_eq!(c.post_link(&LinkEvent::Connected).await, Outcome::Unlinked);
    // Not retried by the link helper either.
    assert_eq!(
        c.post_link_with_retry(&LinkEvent::Connected, &fast_retry(), Duration::from_secs(5))
            .await,
        Outcome::Unlinked
    );
    assert_eq!(seen.lock().unwrap().len(), 3);

    // The queue stops at once and reports it; later messages are not sent.
    let (handle, task) = spawn_forwarder(c, fast_retry(), 10);
    handle.enqueue(message("m2"));
    handle.enqueue(message("m3"));
    let exit = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(exit, ForwarderExit::Unlinked);
    let reqs = seen.lock().unwrap().clone();
    assert_eq!(reqs.len(), 4);
    assert!(reqs[3].body_str().contains(r#""message_id":"m2""#));
}

#[tokio::test]
async fn server_errors_are_retried_until_delivered() {
    let (base, seen) = serve(vec![
        (500, r#"{"error":"Something went wrong; try again."}"#),
        (503, ""),
        (200, r#"{"status":"stored","signals":1}"#),
    ])
    .await;
    let (handle, task) = spawn_forwarder(client(&base), fast_retry(), 10);
    handle.enqueue(message("m1"));
    let reqs = wait_for_requests(&seen, 3).await;
    assert!(
        reqs.iter().all(|r| r.body == reqs[0].body),
        "the same message is re-sent"
    );
    assert!(
        reqs.iter()
            .all(|r| r.header("x-hub-signature-256").unwrap() == expected_signature(&r.body))
    );

    handle.close();
    let exit = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(exit, ForwarderExit::Drained);
    let stats = handle.stats();
    assert_eq!(
        stats.delivered.load(std::sync::atomic::Ordering::Relaxed),
        1
    );
    assert_eq!(stats.retries.load(std::sync::atomic::Ordering::Relaxed), 2);
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn bad_request_and_too_large_are_dropped_not_retried() {
    let (base, seen) = serve(vec![
        (400, r#"{"error":"`group_name` is empty."}"#),
        (413, "payload too large"),
        (200, r#"{"status":"stored","signals":0}"#),
    ])
    .await;
    let (handle, task) = spawn_forwarder(client(&base), fast_retry(), 10);
    handle.enqueue(message("bad"));
    handle.enqueue(message("huge"));
    handle.enqueue(message("good"));
    handle.close();
    let exit = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(exit, ForwarderExit::Drained);

    let reqs = seen.lock().unwrap().clone();
    let ids: Vec<String> = reqs
        .iter()
        .map(|r| {
            serde_json::from_slice::<WebhookMessage>(&r.body)
                .unwrap()
                .message_id
        })
        .collect();
    assert_eq!(
        ids,
        ["bad", "huge", "good"],
        "each message is sent exactly once"
    );
    let stats = handle.stats();
    assert_eq!(stats.rejected.load(std::sync::atomic::Ordering::Relaxed), 2);
    assert_eq!(
        stats.delivered.load(std::sync::atomic::Ordering::Relaxed),
        1
    );
    assert_eq!(stats.retries.load(std::sync::atomic::Ordering::Relaxed), 0);
}

#[tokio::test]
async fn a_message_the_server_keeps_failing_is_eventually_skipped() {
    let (base, seen) = serve(vec![
        (500, ""),
        (500, ""),
        (500, ""),
        (200, r#"{"status":"stored","signals":0}"#),
    ])
    .await;
    let policy = RetryPolicy {
        max_server_errors: 3,
        ..fast_retry()
    };
    let (handle, task) = spawn_forwarder(client(&base), policy, 10);
    handle.enqueue(message("poison"));
    handle.enqueue(message("next"));
    handle.close();
    assert_eq!(
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .unwrap()
            .unwrap(),
        ForwarderExit::Drained
    );
    let reqs = seen.lock().unwrap().clone();
    assert_eq!(reqs.len(), 4);
    assert!(reqs[3].body_str().contains(r#""message_id":"next""#));
}

#[tokio::test]
async fn network_errors_are_retryable() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let c = client(&format!("http://127.0.0.1:{port}"));
    assert!(matches!(
        c.post_message(&message("m")).await,
        Outcome::Retry { status: None, .. }
    ));
}

#[tokio::test]
async fn link_retries_stop_at_the_deadline() {
    let (base, seen) = serve(vec![(502, "bad gateway")]).await;
    let started = std::time::Instant::now();
    let outcome = client(&base)
        .post_link_with_retry(
            &LinkEvent::Qr { code: "2@x".into() },
            &fast_retry(),
            Duration::from_millis(150),
        )
        .await;
    assert!(
        matches!(
            outcome,
            Outcome::Retry {
                status: Some(502),
                ..
            }
        ),
        "{outcome:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(seen.lock().unwrap().len() >= 2, "retried at least once");
}
