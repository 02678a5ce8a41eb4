//! The WhatsApp side: one linked account through `whatsapp-rust` (WhatsApp
//! Web multi-device protocol), wired to the Dealflow client.
//!
//! Lifecycle:
//! - no credentials in the store → QR codes are posted as `qr` link events
//!   until the broker scans one from the phone;
//! - connected → `connected` link event, group subjects cached, group text
//!   messages queued for the webhook;
//! - Dealflow answers 401 → log out of WhatsApp, stop, delete the store;
//! - the phone removes the device → `logged_out` link event, delete the store;
//! - Ctrl-C / SIGTERM → stop, keep the store (a restart reconnects silently).

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::mpsc;
use whatsapp_rust::prelude::*;
use whatsapp_rust::wacore::stanza::groups::GroupNotificationAction;
use whatsapp_rust::wacore::store::DevicePropsOverride;
use whatsapp_rust_sqlite_storage::SqliteStore;

use crate::dealflow::{
    DealflowClient, ForwarderExit, ForwarderHandle, LinkEvent, Outcome, RetryPolicy,
    spawn_forwarder,
};
use crate::mapping::{IncomingMessage, should_forward, to_webhook_message};

/// How long to keep retrying a `connected` link event.
const CONNECTED_DEADLINE: Duration = Duration::from_secs(300);
/// How long to keep retrying the final `logged_out` link event.
const LOGGED_OUT_DEADLINE: Duration = Duration::from_secs(30);
/// Time allowed for queued messages to reach Dealflow on the way out.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);
/// Time allowed for the WhatsApp client to disconnect and flush its store.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(15);
const GROUP_LOOKUP_TIMEOUT: Duration = Duration::from_secs(15);

/// Settings for one bridge run.
#[derive(Debug, Clone)]
pub struct BridgeOptions {
    /// SQLite file holding the WhatsApp credentials and Signal keys.
    pub store_path: PathBuf,
    pub queue_capacity: usize,
    pub retry: RetryPolicy,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Ctrl-C / SIGTERM; the store was kept.
    Shutdown,
    /// Dealflow answered 401; WhatsApp was logged out and the store deleted.
    Unlinked,
    /// WhatsApp logged the device out; Dealflow was told and the store deleted.
    LoggedOut,
    /// The WhatsApp client stopped on its own (typically: no QR code was
    /// scanned before they ran out); the store was kept.
    Stopped,
}

/// Reasons handlers ask the run loop to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopReason {
    Unlinked,
    LoggedOut,
}

/// Group JID → subject (`None`: the lookup failed, use the JID).
type GroupCache = RwLock<HashMap<String, Option<String>>>;

/// State shared by the event handlers.
struct Bridge {
    dealflow: DealflowClient,
    forwarder: ForwarderHandle,
    retry: RetryPolicy,
    groups: GroupCache,
    stopping: AtomicBool,
    stop_tx: mpsc::UnboundedSender<StopReason>,
}

impl Bridge {
    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// First reason wins; later events (e.g. the `LoggedOut` our own logout
    /// dispatches) are ignored.
    fn stop(&self, reason: StopReason) {
        if !self.stopping.swap(true, Ordering::SeqCst) {
            let _ = self.stop_tx.send(reason);
        }
    }

    /// Acts on the answer to a link event.
    fn link_outcome(&self, event: &LinkEvent, outcome: Outcome) {
        match outcome {
            Outcome::Unlinked => {
                tracing::error!(
                    event = event.name(),
                    "Dealflow answered 401 to a link event"
                );
                self.stop(StopReason::Unlinked);
            }
            Outcome::Rejected { status, detail } => {
                tracing::error!(event = event.name(), status, %detail, "Dealflow rejected the link event")
            }
            Outcome::Retry { .. } => {
                tracing::error!(event = event.name(), %outcome, "could not deliver the link event to Dealflow")
            }
            delivered => tracing::debug!(event = event.name(), %delivered, "link event delivered"),
        }
    }

    async fn on_qr(&self, code: String, valid_for: Duration) {
        if self.stopping() {
            return;
        }
        tracing::info!(
            "new pairing QR code (valid {valid_for:?}); scan it from Dealflow: WhatsApp → Linked devices → Link a device"
        );
        tracing::debug!(%code, "QR payload");
        let event = LinkEvent::Qr { code };
        let outcome = self
            .dealflow
            .post_link_with_retry(&event, &self.retry, valid_for)
            .await;
        self.link_outcome(&event, outcome);
    }

    async fn on_connected(&self, client: Arc<Client>) {
        if self.stopping() {
            return;
        }
        tracing::info!("connected to WhatsApp");
        let event = LinkEvent::Connected;
        let (outcome, ()) = tokio::join!(
            self.dealflow
                .post_link_with_retry(&event, &self.retry, CONNECTED_DEADLINE),
            self.refresh_groups(&client),
        );
        self.link_outcome(&event, outcome);
    }

    async fn refresh_groups(&self, client: &Arc<Client>) {
        match tokio::time::timeout(GROUP_LOOKUP_TIMEOUT, client.groups().get_participating()).await
        {
            Ok(Ok(groups)) => {
                let fresh: HashMap<String, Option<String>> = groups
                    .into_iter()
                    .map(|(jid, meta)| (jid.to_string(), Some(meta.subject)))
                    .collect();
                tracing::info!(groups = fresh.len(), "group names loaded");
                *self.groups.write().expect("group cache lock") = fresh;
            }
            Ok(Err(e)) => tracing::warn!("could not list groups: {e}"),
            Err(_) => tracing::warn!("listing groups timed out"),
        }
    }

    /// Cached subject of a group; looks it up once when unknown.
    async fn group_name(&self, client: &Arc<Client>, jid: &Jid) -> Option<String> {
        let key = jid.to_string();
        if let Some(cached) = self.groups.read().expect("group cache lock").get(&key) {
            return cached.clone();
        }
        let looked_up =
            match tokio::time::timeout(GROUP_LOOKUP_TIMEOUT, client.groups().get_metadata(jid))
                .await
            {
                Ok(Ok(meta)) => Some(meta.subject),
                Ok(Err(e)) => {
                    tracing::warn!(group = %key, "could not fetch the group name: {e}");
                    None
                }
                Err(_) => {
                    tracing::warn!(group = %key, "fetching the group name timed out");
                    None
                }
            };
        self.groups
            .write()
            .expect("group cache lock")
            .insert(key, looked_up.clone());
        looked_up
    }

    async fn on_group_update(&self, client: Arc<Client>, group: Jid, new_subject: Option<String>) {
        let key = group.to_string();
        match new_subject {
            Some(subject) => {
                tracing::info!(group = %key, %subject, "group renamed");
                self.groups
                    .write()
                    .expect("group cache lock")
                    .insert(key, Some(subject));
            }
            None => {
                // Membership or settings changed; refresh the name if we
                // never had it (e.g. we were just added to the group).
                let known = matches!(
                    self.groups.read().expect("group cache lock").get(&key),
                    Some(Some(_))
                );
                if !known {
                    self.groups.write().expect("group cache lock").remove(&key);
                    let _ = self.group_name(&client, &group).await;
                }
            }
        }
    }

    async fn on_message(&self, ctx: MessageContext) {
        if self.stopping() {
            return;
        }
        let info = &ctx.info;
        let incoming = IncomingMessage {
            id: info.id.to_string(),
            chat: info.source.chat.to_string(),
            is_group: info.source.is_group,
            is_from_me: info.source.is_from_me,
            sender: info.source.sender.to_string(),
            push_name: info.push_name.clone(),
            timestamp: info.timestamp.timestamp(),
            text: ctx.message.text_content().map(str::to_owned),
        };
        if !should_forward(&incoming) {
            return;
        }
        let name = self.group_name(&ctx.client, &info.source.chat).await;
        if let Some(message) = to_webhook_message(&incoming, name.as_deref()) {
            tracing::debug!(message_id = %message.message_id, group = %message.group_name, "queued group message");
            self.forwarder.enqueue(message);
        }
    }
}

fn log_event(event: &Event) {
    match event {
        Event::PairSuccess(p) => tracing::info!("paired with WhatsApp account {}", p.id),
        Event::PairError(e) => tracing::error!("pairing failed: {e:?}"),
        Event::PairingQrCodesExhausted(_) => {
            tracing::warn!("no QR code was scanned in time; restart the bridge for new ones")
        }
        Event::QrScannedWithoutMultidevice(_) => {
            tracing::warn!("the QR code was scanned by a phone without multi-device support")
        }
        Event::Disconnected(d) => {
            tracing::warn!("disconnected from WhatsApp ({:?}); reconnecting", d.reason)
        }
        Event::StreamReplaced(_) => {
            tracing::error!(
                "another client took over this WhatsApp session (is a second bridge running on the same store?)"
            )
        }
        Event::TemporaryBan(b) => {
            tracing::error!("WhatsApp temporarily banned this account: {b:?}")
        }
        Event::ClientOutdated(_) => {
            tracing::error!(
                "WhatsApp rejected this client as outdated; a newer whatsapp-rust release is needed"
            )
        }
        _ => {}
    }
}

/// Opens (creating it owner-only if new) the credential store.
async fn open_store(path: &Path) -> Result<SqliteStore, Box<dyn std::error::Error + Send + Sync>> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    if !path.exists() {
        // An empty file is a valid empty SQLite database; creating it here
        // lets us restrict it (and the -wal/-shm files SQLite derives from
        // it) to the owner, since it will hold the account's keys.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path)?;
    }
    let url = path.to_str().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "the store path must be valid UTF-8",
        )
    })?;
    Ok(SqliteStore::new(url).await?)
}

/// Deletes the SQLite store and its side files. Returns the files removed.
pub fn delete_store(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        match std::fs::remove_file(&file) {
            Ok(()) => removed.push(file),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

fn wipe_store(path: &Path) {
    match delete_store(path) {
        Ok(files) if files.is_empty() => {
            tracing::info!(store = %path.display(), "no credential store to delete")
        }
        Ok(files) => {
            for f in files {
                tracing::info!(file = %f.display(), "deleted WhatsApp credentials");
            }
        }
        Err(e) => tracing::error!(
            store = %path.display(),
            "could not delete the WhatsApp credential store: {e}; delete it by hand"
        ),
    }
}

/// Runs the bridge until Dealflow unlinks it, WhatsApp logs it out, the
/// client stops on its own, or `shutdown` resolves.
pub async fn run(
    options: BridgeOptions,
    dealflow: DealflowClient,
    shutdown: impl Future<Output = ()>,
) -> Result<Exit, Box<dyn std::error::Error + Send + Sync>> {
    let store = open_store(&options.store_path).await?;
    tracing::info!(store = %options.store_path.display(), webhook = dealflow.messages_url(), "starting");

    let (forwarder, mut forwarder_task) =
        spawn_forwarder(dealflow.clone(), options.retry, options.queue_capacity);
    let (stop_tx, mut stop_rx) = mpsc::unbounded_channel();
    let bridge = Arc::new(Bridge {
        dealflow: dealflow.clone(),
        forwarder: forwarder.clone(),
        retry: options.retry,
        groups: RwLock::new(HashMap::new()),
        stopping: AtomicBool::new(false),
        stop_tx,
    });

    let (b_qr, b_conn, b_out, b_ev, b_msg) = (
        bridge.clone(),
        bridge.clone(),
        bridge.clone(),
        bridge.clone(),
        bridge.clone(),
    );
    let bot = Bot::builder()
        .with_backend(store)
        .with_device_props(DevicePropsOverride::new().with_os("Dealflow bridge"))
        .skip_history_sync()
        .on_qr_code(move |code, valid_for| {
            let b = b_qr.clone();
            async move { b.on_qr(code, valid_for).await }
        })
        .on_connected(move |client| {
            let b = b_conn.clone();
            async move { b.on_connected(client).await }
        })
        .on_logged_out(move |info| {
            let b = b_out.clone();
            async move {
                if !b.stopping() {
                    tracing::warn!(reason = ?info.reason, on_connect = info.on_connect, "WhatsApp logged this device out");
                    b.stop(StopReason::LoggedOut);
                }
            }
        })
        .on_event_for(
            &[
                EventKind::GroupUpdate,
                EventKind::PairSuccess,
                EventKind::PairError,
                EventKind::PairingQrCodesExhausted,
                EventKind::QrScannedWithoutMultidevice,
                EventKind::Disconnected,
                EventKind::StreamReplaced,
                EventKind::TemporaryBan,
                EventKind::ClientOutdated,
            ],
            move |event, client| {
                let b = b_ev.clone();
                async move {
                    if let Event::GroupUpdate(g) = &*event {
                        let subject = match &g.action {
                            GroupNotificationAction::Subject { subject, .. } => Some(subject.clone()),
                            _ => None,
                        };
                        b.on_group_update(client, g.group_jid.clone(), subject).await;
                    } else {
                        log_event(&event);
                    }
                }
            },
        )
        .on_message(move |ctx| {
            let b = b_msg.clone();
            async move { b.on_message(ctx).await }
        })
        .build()
        .await?;

    let mut handle = bot.spawn();
    let mut bot_done = false;
    let mut forwarder_done = false;

    tokio::pin!(shutdown);
    let exit = tokio::select! {
        biased;
        Some(reason) = stop_rx.recv() => match reason {
            StopReason::Unlinked => Exit::Unlinked,
            StopReason::LoggedOut => Exit::LoggedOut,
        },
        result = &mut forwarder_task => {
            forwarder_done = true;
            match result {
                Ok(ForwarderExit::Unlinked) => Exit::Unlinked,
                // Not closed by us, so this is a panic or cancellation.
                Ok(ForwarderExit::Drained) | Err(_) => {
                    tracing::error!("the message forwarder stopped unexpectedly");
                    Exit::Shutdown
                }
            }
        },
        () = &mut handle => {
            bot_done = true;
            // A logout also ends the client loop; its handler may still be
            // about to report it.
            match tokio::time::timeout(Duration::from_secs(2), stop_rx.recv()).await {
                Ok(Some(StopReason::LoggedOut)) => Exit::LoggedOut,
                Ok(Some(StopReason::Unlinked)) => Exit::Unlinked,
                _ => Exit::Stopped,
            }
        },
        () = &mut shutdown => Exit::Shutdown,
    };
    // From here on, handlers ignore events and no new message is queued.
    bridge.stopping.store(true, Ordering::SeqCst);

    let exit = match exit {
        Exit::Unlinked => {
            forwarder_task.abort();
            stop_capture(handle, bot_done, &options.store_path).await;
            Exit::Unlinked
        }
        Exit::LoggedOut => {
            if !bot_done {
                stop_bot(handle).await;
            }
            // Messages captured before the logout still count.
            if !forwarder_done {
                drain(&forwarder, forwarder_task).await;
            }
            let event = LinkEvent::LoggedOut;
            match dealflow
                .post_link_with_retry(&event, &options.retry, LOGGED_OUT_DEADLINE)
                .await
            {
                // After a phone-side removal a 401 only means Dealflow already forgot us.
                Outcome::Unlinked => tracing::info!("Dealflow no longer knows this connection"),
                other => bridge.link_outcome(&event, other),
            }
            wipe_store(&options.store_path);
            Exit::LoggedOut
        }
        Exit::Shutdown | Exit::Stopped => {
            // Deliver what is queued while WhatsApp is still up, so that a
            // 401 met on the way can still log the device out.
            let unlinked = !forwarder_done
                && drain(&forwarder, forwarder_task).await == Some(ForwarderExit::Unlinked);
            if unlinked {
                stop_capture(handle, bot_done, &options.store_path).await;
                Exit::Unlinked
            } else {
                if !bot_done {
                    stop_bot(handle).await;
                }
                exit
            }
        }
    };
    Ok(exit)
}

/// Dealflow unlinked us: log out of WhatsApp (best effort), stop the
/// client and delete the credentials.
async fn stop_capture(handle: BotHandle, bot_done: bool, store_path: &Path) {
    tracing::warn!("stopping capture: logging out of WhatsApp and deleting the credentials");
    if bot_done {
        tracing::warn!(
            "the WhatsApp client had already stopped, so it could not log out; remove the device under Linked devices on the phone"
        );
    } else {
        let client = handle.client();
        if tokio::time::timeout(SHUTDOWN_TIMEOUT, client.logout())
            .await
            .is_err()
        {
            tracing::warn!(
                "WhatsApp logout timed out; remove the device under Linked devices on the phone"
            );
        }
        drop(client);
        stop_bot(handle).await;
    }
    wipe_store(store_path);
}

/// Graceful client shutdown (flushes the store), bounded in time.
async fn stop_bot(handle: BotHandle) {
    // On timeout the `shutdown` future, and with it the handle, is dropped,
    // which aborts the client task.
    if tokio::time::timeout(SHUTDOWN_TIMEOUT, handle.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("WhatsApp client did not stop in time; aborted it");
    }
}

/// Lets queued messages reach Dealflow, bounded in time. `None` when the
/// time ran out.
async fn drain(
    forwarder: &ForwarderHandle,
    task: tokio::task::JoinHandle<ForwarderExit>,
) -> Option<ForwarderExit> {
    let waiting = forwarder.len();
    if waiting > 0 {
        tracing::info!(waiting, "delivering queued messages before exit");
    }
    forwarder.close();
    let abort = task.abort_handle();
    match tokio::time::timeout(DRAIN_TIMEOUT, task).await {
        Ok(Ok(exit)) => {
            if exit == ForwarderExit::Unlinked {
                tracing::error!("Dealflow answered 401 while delivering queued messages");
            }
            Some(exit)
        }
        Ok(Err(e)) => {
            tracing::error!("the message forwarder failed: {e}");
            None
        }
        Err(_) => {
            abort.abort();
            let lost = forwarder.len() + 1;
            tracing::warn!(
                "Dealflow did not take the queued messages in time; up to {lost} not delivered"
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_store_removes_the_database_and_its_side_files() {
        let dir = std::env::temp_dir().join(format!("bridge-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("wa.db");
        for suffix in ["", "-wal", "-shm"] {
            std::fs::write(format!("{}{suffix}", db.display()), b"x").unwrap();
        }
        std::fs::write(dir.join("other.db"), b"keep").unwrap();
        let removed = delete_store(&db).unwrap();
        assert_eq!(removed.len(), 3);
        assert!(!db.exists());
        assert!(dir.join("other.db").exists());
        assert!(
            delete_store(&db).unwrap().is_empty(),
            "deleting twice is fine"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
