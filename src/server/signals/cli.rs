//! The command-line tools around signals: `dealflow signals parse` (JSON
//! lines of messages in, their signals out) and `dealflow whatsapp
//! simulate` (replays a chat into a broker's signed webhook over HTTP).

use super::ingest::IncomingMessage;
use super::webhook::{sign, SIGNATURE_HEADER};
use crate::domain::signals::{parse_message, Signal};
use serde::{Deserialize, Serialize};
use std::io::{self, BufRead, BufWriter, Write};

/// Posts messages to a webhook over plain HTTP, signed with `secret` (the
/// `dealflow whatsapp simulate` command). Returns each answer's status code.
pub async fn post_messages(url: &str, secret: &str, messages: &[IncomingMessage], pause_ms: u64) -> anyhow::Result<Vec<u16>> {
    use anyhow::Context;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").context("the simulator speaks plain http:// (use it against a local server)")?;
    let (authority, path) = rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, "/".into()));
    let mut codes = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        if i > 0 && pause_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(pause_ms)).await;
        }
        let body = serde_json::to_vec(m)?;
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n{SIGNATURE_HEADER}: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            sign(secret, &body),
            body.len()
        );
        let mut stream = tokio::net::TcpStream::connect(authority).await.with_context(|| format!("cannot connect to {authority}"))?;
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&body).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        let status = String::from_utf8_lossy(&answer).split_whitespace().nth(1).and_then(|c| c.parse().ok()).context("no HTTP status in the answer")?;
        codes.push(status);
    }
    Ok(codes)
}

#[derive(Deserialize)]
struct Input {
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct Output<'a> {
    id: &'a serde_json::Value,
    signals: Vec<Signal>,
}

fn trim_line(b: &[u8]) -> &[u8] {
    let mut end = b.len();
    while end > 0 && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
        end -= 1;
    }
    &b[..end]
}

/// Reads `{"id", "text"}` lines on stdin (other fields ignored), writes
/// `{"id", "signals": [...]}` lines on stdout. A malformed line is reported
/// on stderr; if its id is readable it still gets an (empty) output line.
pub fn parse_stdin() -> io::Result<()> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let line = trim_line(&buf);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let (id, signals) = match serde_json::from_slice::<Input>(line) {
            Ok(item) => {
                let signals = parse_message(&item.text);
                (item.id, signals)
            }
            Err(e) => {
                eprintln!("signals parse: line {line_no}: malformed input: {e}");
                match serde_json::from_slice::<serde_json::Value>(line).ok().and_then(|v| v.get("id").cloned()) {
                    Some(id) => (id, Vec::new()),
                    None => continue,
                }
            }
        };
        match serde_json::to_writer(&mut out, &Output { id: &id, signals }).map_err(io::Error::from).and_then(|_| out.write_all(b"\n")) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(e),
        }
    }
    out.flush()
}

/// `dealflow whatsapp simulate`: posts a chat export's messages (or the demo
/// chat) to a webhook, and fails when any was refused.
pub async fn simulate(url: &str, secret: &str, file: Option<&str>, group: &str, zone: &str, pause_ms: u64) -> anyhow::Result<()> {
    use anyhow::Context;
    let messages = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
            export_messages(&text, group, zone).map_err(|e| anyhow::anyhow!("{path}: {e}"))?
        }
        None => super::demo_messages(crate::server::db::now_ms(), 60_000),
    };
    let codes = post_messages(url, secret, &messages, pause_ms).await?;
    let ok = codes.iter().filter(|c| **c == 200).count();
    println!("posted {} messages: {ok} accepted, {} refused", codes.len(), codes.len() - ok);
    if ok != codes.len() {
        anyhow::bail!("some messages were refused (status codes {codes:?})");
    }
    Ok(())
}

/// A chat export's messages as webhook messages of one group.
fn export_messages(text: &str, group: &str, zone: &str) -> Result<Vec<IncomingMessage>, String> {
    let zone = crate::domain::time::Zone::parse(zone).map_err(|e| e.to_string())?;
    let export = crate::domain::chat_export::parse_chat_export(text, zone).map_err(|e| e.to_string())?;
    Ok(export
        .messages
        .iter()
        .map(|m| IncomingMessage {
            message_id: format!("sim-{}-{}", m.line, m.sent_at_ms),
            group_id: format!("sim:{}", group.to_lowercase()),
            group_name: group.to_string(),
            sender: m.sender.clone(),
            timestamp: m.sent_at_ms,
            text: m.text.clone(),
        })
        .collect())
}
