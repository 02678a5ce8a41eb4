//! Notification emails: an outbox over the `notifications` table.
//!
//! The request that creates a notification only writes the row (in its own
//! transaction) and calls [`wake`]; a background task sends what is pending
//! through SMTP. An email is never sent twice by two servers: a server
//! claims a row for [`CLAIM_MS`] (`email_claimed_until`) before it talks to
//! SMTP, and another server skips claimed rows. A failed send is retried a
//! few times, later each time, and notifications older than a day are never
//! emailed (turning SMTP on later does not flood anyone with old news).
//!
//! [`send_email`] sends one message at once (invitations, password links).

use super::config::{Config, SmtpConfig};
use super::db::{now_ms, Db};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::Notify;

/// Attempts before a notification's email is given up.
pub const MAX_ATTEMPTS: i64 = 5;
const MAX_AGE_MS: i64 = 24 * 3_600_000;
const BATCH: i64 = 50;
/// How long a claimed email is the claiming server's (SMTP times out after 20 s).
pub const CLAIM_MS: i64 = 120_000;
/// The wait before a failed email is tried again, per attempt made.
const RETRY_STEP_MS: i64 = 60_000;

fn bell() -> &'static Notify {
    static BELL: OnceLock<Notify> = OnceLock::new();
    BELL.get_or_init(Notify::new)
}

/// Tells the sender that new notifications were committed.
pub fn wake() {
    bell().notify_one();
}

/// Runs the sender for the life of the server (only when SMTP is configured).
pub fn spawn(db: Db, config: Arc<Config>) {
    let Some(smtp) = config.smtp.clone() else { return };
    tokio::spawn(async move {
        loop {
            match send_pending(&db, &smtp, &config.public_url).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(emails = n, "sent notification emails"),
                Err(e) => tracing::warn!(error = %e, "notification emails: could not read the outbox"),
            }
            // Pending retries are picked up at least every 30 s.
            let _ = tokio::time::timeout(Duration::from_secs(30), bell().notified()).await;
        }
    });
}

struct Pending {
    id: String,
    title: String,
    link: String,
    attempts: i64,
    email: String,
    display_name: String,
    org_name: String,
}

/// Sends every pending notification email; returns how many the SMTP
/// server accepted. Failures are logged and retried on a later call.
pub async fn send_pending(db: &Db, smtp: &SmtpConfig, public_url: &str) -> anyhow::Result<usize> {
    let rows: Vec<(String, String, String, i64, String, String, String)> = sqlx::query_as(
        "SELECT n.id, n.title, n.link, n.email_attempts AS attempts, u.email, u.display_name, o.name AS org_name
           FROM notifications n JOIN users u ON u.id = n.user_id JOIN organizations o ON o.id = n.org_id
          WHERE n.emailed_at IS NULL AND n.email_attempts < $1 AND n.created_at >= $2 AND n.email_claimed_until < $3 AND u.is_active = 1
          ORDER BY n.created_at LIMIT $4",
    )
    .bind(MAX_ATTEMPTS)
    .bind(now_ms() - MAX_AGE_MS)
    .bind(now_ms())
    .bind(BATCH)
    .fetch_all(&db.pool)
    .await?;
    let rows: Vec<Pending> = rows
        .into_iter()
        .map(|(id, title, link, attempts, email, display_name, org_name)| Pending { id, title, link, attempts, email, display_name, org_name })
        .collect();
    if rows.is_empty() {
        return Ok(0);
    }
    let from: Mailbox = smtp.from.parse().map_err(|e| anyhow::anyhow!("DEALFLOW_SMTP_FROM is not a mailbox: {e}"))?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp.url)?.timeout(Some(Duration::from_secs(20))).build();
    let mut sent = 0;
    for row in rows {
        // Claim: only the server whose update finds the row unclaimed sends it.
        let now = now_ms();
        let claimed = sqlx::query(
            "UPDATE notifications SET email_attempts = email_attempts + 1, email_claimed_until = $1 \
              WHERE id = $2 AND emailed_at IS NULL AND email_attempts = $3 AND email_claimed_until < $4",
        )
        .bind(now + CLAIM_MS)
        .bind(&row.id)
        .bind(row.attempts)
        .bind(now)
        .execute(&db.pool)
        .await?
        .rows_affected();
        if claimed != 1 {
            continue;
        }
        match build(&from, &row, public_url) {
            Ok(message) => match transport.send(message).await {
                Ok(_) => {
                    sqlx::query("UPDATE notifications SET emailed_at = $1 WHERE id = $2").bind(now_ms()).bind(&row.id).execute(&db.pool).await?;
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(notification = %row.id, attempt = row.attempts + 1, error = %e, "notification email not sent");
                    sqlx::query("UPDATE notifications SET email_claimed_until = $1 WHERE id = $2")
                        .bind(now_ms() + RETRY_STEP_MS * (row.attempts + 1))
                        .bind(&row.id)
                        .execute(&db.pool)
                        .await?;
                }
            },
            Err(e) => {
                // A bad address will never work: give up on it at once.
                tracing::warn!(notification = %row.id, error = %e, "notification email cannot be built");
                sqlx::query("UPDATE notifications SET email_attempts = $1 WHERE id = $2").bind(MAX_ATTEMPTS).bind(&row.id).execute(&db.pool).await?;
            }
        }
    }
    Ok(sent)
}

/// Sends one plain-text email now; `Err` says why the SMTP server or the
/// address refused it.
pub async fn send_email(smtp: &SmtpConfig, to_name: &str, to_email: &str, subject: &str, body: String) -> anyhow::Result<()> {
    let from: Mailbox = smtp.from.parse().map_err(|e| anyhow::anyhow!("DEALFLOW_SMTP_FROM is not a mailbox: {e}"))?;
    let to = Mailbox::new(Some(to_name.to_string()), to_email.parse()?);
    let message = Message::builder().from(from).to(to).subject(subject).header(ContentType::TEXT_PLAIN).body(body)?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp.url)?.timeout(Some(Duration::from_secs(20))).build();
    transport.send(message).await?;
    Ok(())
}

fn build(from: &Mailbox, row: &Pending, public_url: &str) -> anyhow::Result<Message> {
    let to = Mailbox::new(Some(row.display_name.clone()), row.email.parse()?);
    let link = if row.link.is_empty() { format!("{public_url}/") } else { format!("{public_url}{}", row.link) };
    let body = format!(
        "{title}\n\nOpen it in Dealflow: {link}\n\n— Dealflow, for {org}. You get these emails as an owner of {org}; the bell in the app shows the same notifications.\n",
        title = row.title,
        org = row.org_name,
    );
    Ok(Message::builder().from(from.clone()).to(to).subject(format!("Dealflow: {}", row.title)).header(ContentType::TEXT_PLAIN).body(body)?)
}
