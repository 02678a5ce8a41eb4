//! Signals over real HTTP on a real database: the signed webhook (signature,
//! replay, idempotency, size, malformed bodies), the chat-export import,
//! the broker's list and claims, and unlinking.

mod common;

use common::{ok, TestApp};
use dealflow::server::signals::cli::post_messages;
use dealflow::server::signals::{sign, SIGNATURE_HEADER};
use serde_json::{json, Value};

const BROKER: &str = "broker@meridian.demo";
const OTHER_BROKER: &str = "broker2@meridian.demo";
const OWNER: &str = "owner@meridian.demo";

struct Bridge {
    url: String,
    path: String,
    secret: String,
}

async fn bridge(app: &TestApp, broker: &reqwest::Client) -> Bridge {
    let b = ok(app, broker, "broker/whatsapp/bridge", &[]).await;
    let url = b["webhook_url"].as_str().unwrap().to_string();
    let path = url[url.find("/hooks/").unwrap()..].to_string();
    Bridge { url, path, secret: b["secret"].as_str().unwrap().to_string() }
}

fn message(id: &str, text: &str) -> Value {
    json!({
        "message_id": id,
        "group_id": "120363025246125486@g.us",
        "group_name": "Geneva Watch Traders",
        "sender": "Sophie Keller",
        "timestamp": 1_795_000_000,
        "text": text,
    })
}

async fn post_raw(app: &TestApp, path: &str, body: &[u8], signature: Option<String>) -> (u16, Value) {
    let mut r = reqwest::Client::new().post(app.url(path)).header("content-type", "application/json").body(body.to_vec());
    if let Some(s) = signature {
        r = r.header(SIGNATURE_HEADER, s);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn post_signed(app: &TestApp, b: &Bridge, msg: &Value) -> (u16, Value) {
    let body = serde_json::to_vec(msg).unwrap();
    post_raw(app, &b.path, &body, Some(sign(&b.secret, &body))).await
}

async fn signals(app: &TestApp, c: &reqwest::Client, filter: &str, claimed: bool) -> Vec<Value> {
    ok(app, c, "broker/signals", &[("filter", filter), ("claimed", if claimed { "true" } else { "false" })]).await["signals"].as_array().unwrap().clone()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.db.pool).await.unwrap();
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_checks_signatures_stores_once_and_explains_bad_bodies() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let b = bridge(&app, &broker).await;
    assert_eq!(ok(&app, &broker, "broker/whatsapp", &[]).await["status"], "Connecting");

    let msg = message("wamid.1", "WTS Rolex Submariner Date 126610LN full set 2023, $14,500 net\nAlso AP 15500ST blue, CHF 38k");
    let body = serde_json::to_vec(&msg).unwrap();
    // No signature, a wrong one, one made with another secret, an unknown connection: 401, nothing stored.
    assert_eq!(post_raw(&app, &b.path, &body, None).await.0, 401);
    assert_eq!(post_raw(&app, &b.path, &body, Some("sha256=00".into())).await.0, 401);
    assert_eq!(post_raw(&app, &b.path, &body, Some(sign("whsec_other", &body))).await.0, 401);
    assert_eq!(post_raw(&app, "/hooks/whatsapp/nope", &body, Some(sign(&b.secret, &body))).await.0, 401);
    // A signature over different bytes (body tampered after signing).
    let mut tampered = body.clone();
    tampered[20] ^= 1;
    assert_eq!(post_raw(&app, &b.path, &tampered, Some(sign(&b.secret, &body))).await.0, 401);
    assert_eq!(count(&app, "whatsapp_messages").await, 0);

    // Signed: stored with two signals; the connection is now connected.
    let (s, r) = post_signed(&app, &b, &msg).await;
    assert_eq!((s, r["status"].as_str(), r["signals"].as_i64()), (200, Some("stored"), Some(2)), "{r}");
    assert_eq!(ok(&app, &broker, "broker/whatsapp", &[]).await["status"], "Connected");
    // The same message again (a replay): answered, not stored twice.
    let (s, r) = post_signed(&app, &b, &msg).await;
    assert_eq!((s, r["status"].as_str()), (200, Some("duplicate")));
    assert_eq!(count(&app, "whatsapp_messages").await, 1);
    assert_eq!(count(&app, "signals").await, 2);
    // Twenty concurrent deliveries of one new message: stored once.
    let burst = message("wamid.2", "WTB Patek 5711/1A-010, HK$ 1.2m budget");
    let body = serde_json::to_vec(&burst).unwrap();
    let signature = sign(&b.secret, &body);
    let url = app.url(&b.path);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (url, body, signature) = (url.clone(), body.clone(), signature.clone());
        tasks.spawn(async move {
            let r = reqwest::Client::new().post(url).header(SIGNATURE_HEADER, signature).body(body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        });
    }
    let answers = tasks.join_all().await;
    assert!(answers.iter().all(|(s, _)| *s == 200), "{answers:?}");
    assert_eq!(answers.iter().filter(|(_, r)| r["status"] == "stored").count(), 1, "{answers:?}");
    assert_eq!(count(&app, "whatsapp_messages").await, 2);

    // Malformed: 400 with a message that names the problem.
    let (s, r) = post_raw(&app, &b.path, b"{not json", Some(sign(&b.secret, b"{not json"))).await;
    assert_eq!(s, 400);
    assert!(r["error"].as_str().unwrap().contains("not a valid message"), "{r}");
    let missing = json!({ "message_id": "x", "group_id": "g", "group_name": "G", "sender": "S", "timestamp": 1_795_000_000 });
    let (s, r) = post_signed(&app, &b, &missing).await;
    assert_eq!(s, 400);
    assert!(r["error"].as_str().unwrap().contains("missing field `text`"), "{r}");
    let (s, r) = post_signed(&app, &b, &message("", "hello")).await;
    assert_eq!(s, 400);
    assert!(r["error"].as_str().unwrap().contains("`message_id` is empty"), "{r}");
    // Too large: 413 before anything is parsed.
    let huge = message("wamid.big", &"x".repeat(70 * 1024));
    let body = serde_json::to_vec(&huge).unwrap();
    assert_eq!(post_raw(&app, &b.path, &body, Some(sign(&b.secret, &body))).await.0, 413);
    assert_eq!(count(&app, "whatsapp_messages").await, 2);

    // The raw message is kept with its signals and the parsed fields are there.
    let list = signals(&app, &broker, "actionable", false).await;
    assert_eq!(list.len(), 3, "{list:?}");
    let sub = list.iter().find(|s| s["reference"] == "126610LN").unwrap();
    assert_eq!(sub["brand"], "Rolex");
    assert_eq!(sub["model"], "Submariner Date");
    assert_eq!(sub["price"], "14500");
    assert_eq!(sub["currency"], "USD");
    assert_eq!(sub["deal_type"], "for_sale");
    assert!(sub["raw"].as_str().unwrap().contains("Also AP 15500ST"));
    let patek = list.iter().find(|s| s["reference"] == "5711/1A-010").unwrap();
    assert_eq!((patek["deal_type"].as_str(), patek["currency"].as_str()), (Some("wanted"), Some("HKD")));

    // Renewing the secret retires the old one at once.
    let old = b.secret.clone();
    let b2 = bridge(&app, &broker).await;
    assert_eq!(b2.url, b.url, "same connection, new secret");
    let next = message("wamid.3", "WTS Tudor 79030N 2022");
    let body = serde_json::to_vec(&next).unwrap();
    assert_eq!(post_raw(&app, &b.path, &body, Some(sign(&old, &body))).await.0, 401);
    assert_eq!(post_signed(&app, &b2, &next).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_sees_and_claims_only_his_own_signals() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let other = app.signed_in(OTHER_BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let b = bridge(&app, &broker).await;
    let o = bridge(&app, &other).await;
    assert_ne!(b.url, o.url, "one connection per broker");
    post_signed(&app, &b, &message("m1", "WTS Rolex Daytona 116500LN white, $29,500")).await;
    post_signed(&app, &b, &message("m2", "anyone at the Geneva show tomorrow?")).await;
    post_signed(&app, &b, &message("m3", "WTS Omega Speedmaster 310.30.42.50.01.001 EUR 6,200")).await;
    post_signed(&app, &b, &message("m4", "WTB: anything interesting, budget $20k, DM me")).await;
    post_signed(&app, &o, &message("m1", "WTS Patek Nautilus 5711/1A-010 $120k")).await;

    // The desk wants a Daytona 116500LN: that signal is marked.
    ok(&app, &owner, "desk/want-list/add", &[("brand", "Rolex"), ("model", "Daytona"), ("reference", "116500 ln"), ("urgency", "3"), ("notes", "")]).await;

    let mine = signals(&app, &broker, "actionable", false).await;
    assert_eq!(mine.len(), 2, "chatter is not actionable: {mine:?}");
    assert!(mine.iter().all(|s| s["reference"] != "5711/1A-010"), "never another broker's");
    let all = signals(&app, &broker, "all", false).await;
    assert_eq!(all.len(), 4, "{all:?}");
    assert!(all.iter().any(|s| s["deal_type"] == "other"));
    let daytona = mine.iter().find(|s| s["reference"] == "116500LN").unwrap().clone();
    assert_eq!(daytona["wanted_by_desk"], true);
    assert_eq!(mine.iter().find(|s| s["reference"] != "116500LN").unwrap()["wanted_by_desk"], false);

    // Another broker's signal id: 404, and nothing is created.
    let theirs = signals(&app, &other, "actionable", false).await[0]["id"].as_str().unwrap().to_string();
    for id in [theirs.as_str(), "does-not-exist"] {
        let (s, _) = app
            .call(&broker, "broker/signals/claim", &[("id", id), ("brand", "Patek Philippe"), ("model", "Nautilus"), ("reference", ""), ("asking", "")])
            .await;
        assert_eq!(s, 404);
    }
    assert_eq!(signals(&app, &other, "actionable", false).await.len(), 1, "still unclaimed");
    // The desk cannot claim a broker's signal either (no broker portal).
    assert_eq!(app.call(&owner, "broker/signals/claim", &[("id", &theirs), ("brand", "x"), ("model", "y"), ("reference", ""), ("asking", "")]).await.0, 403);

    // Missing model: a clear field error, the signal stays unclaimed.
    let id = daytona["id"].as_str().unwrap().to_string();
    let (s, r) =
        app.call(&broker, "broker/signals/claim", &[("id", &id), ("brand", "Rolex"), ("model", ""), ("reference", "116500LN"), ("asking", "29500")]).await;
    assert_eq!(s, 422, "{r}");
    assert_eq!(r["fields"]["model"][0], "Enter the model.");
    assert_eq!(signals(&app, &broker, "actionable", false).await.len(), 2);

    // Claim: a submission with the fields and the source group; the signal leaves the unclaimed list.
    let sub =
        ok(&app, &broker, "broker/signals/claim", &[("id", &id), ("brand", "Rolex"), ("model", "Daytona"), ("reference", "116500LN"), ("asking", "29500")])
            .await;
    let sub = sub.as_str().unwrap().to_string();
    let unclaimed = signals(&app, &broker, "actionable", false).await;
    assert_eq!(unclaimed.len(), 1);
    let with_claimed = signals(&app, &broker, "actionable", true).await;
    assert_eq!(with_claimed.iter().find(|s| s["id"] == id.as_str()).unwrap()["submission_id"], sub.as_str());
    let detail = ok(&app, &broker, "broker/submission", &[("id", &sub)]).await;
    assert_eq!(detail["brand"], "Rolex");
    assert_eq!(detail["reference"], "116500LN");
    assert_eq!(detail["asking"]["amount"], "29500.00");
    assert!(detail["notes"].as_str().unwrap().contains("Geneva Watch Traders"), "{detail}");
    assert_eq!(detail["source_group"], "Geneva Watch Traders");
    // Twice: a conflict, still one submission.
    let (s, r) = app.call(&broker, "broker/signals/claim", &[("id", &id), ("brand", "Rolex"), ("model", "Daytona"), ("reference", ""), ("asking", "")]).await;
    assert_eq!(s, 409, "{r}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions WHERE signal_id = $1").bind(&id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(n, 1);

    // One count, one query: the WhatsApp tab and the Signals page say the same as the lists hold.
    let page = ok(&app, &broker, "broker/signals", &[("filter", "actionable"), ("claimed", "false")]).await;
    let state = ok(&app, &broker, "broker/whatsapp", &[]).await;
    assert_eq!(state["counts"], page["counts"]);
    assert_eq!(state["messages"], 4);
    let counts = &page["counts"];
    assert_eq!(counts["all"], signals(&app, &broker, "all", true).await.len());
    assert_eq!(counts["actionable"], signals(&app, &broker, "actionable", true).await.len());
    assert_eq!(counts["open"], signals(&app, &broker, "actionable", false).await.len());
    assert_eq!((counts["all"].as_i64(), counts["open"].as_i64(), counts["claimed"].as_i64()), (Some(4), Some(1), Some(1)), "{counts}");

    // A euro quote is not a dollar asking price: it goes into the notes.
    let omega = unclaimed[0].clone();
    assert_eq!(omega["currency"], "EUR");
    let sub2 = ok(
        &app,
        &broker,
        "broker/signals/claim",
        &[("id", omega["id"].as_str().unwrap()), ("brand", "Omega"), ("model", "Speedmaster"), ("reference", "310.30.42.50.01.001"), ("asking", "")],
    )
    .await;
    let detail = ok(&app, &broker, "broker/submission", &[("id", sub2.as_str().unwrap())]).await;
    assert!(detail["asking"].is_null());
    assert!(detail["notes"].as_str().unwrap().contains("Quoted: EUR 6200"), "{detail}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlinking_stops_capture_at_once_and_forgets_the_secret() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let b = bridge(&app, &broker).await;
    assert_eq!(post_signed(&app, &b, &message("u1", "WTS Tudor Black Bay 79030N $3,400")).await.0, 200);
    ok(&app, &broker, "broker/whatsapp/unlink", &[]).await;
    let st = ok(&app, &broker, "broker/whatsapp", &[]).await;
    assert_eq!(st["status"], "NotLinked");
    assert!(st["webhook_url"].is_null());
    assert_eq!(post_signed(&app, &b, &message("u2", "WTS Tudor 79230R")).await.0, 401);
    let (secret, device): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT secret_sealed, device_sealed FROM whatsapp_connections").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((secret, device), (None, None));
    // What was received stays the broker's.
    assert_eq!(signals(&app, &broker, "actionable", false).await.len(), 1);
    // The secret was stored encrypted, never in clear.
    let b = bridge(&app, &broker).await;
    let (sealed,): (String,) = sqlx::query_as("SELECT secret_sealed FROM whatsapp_connections").fetch_one(&app.db.pool).await.unwrap();
    assert!(sealed.starts_with("v1:") && !sealed.contains(&b.secret));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_export_imports_once_with_clear_errors() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let export = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/end2end/fixtures/chat-export.txt")).unwrap();
    let import_with = |group: &'static str, text: String, zone: &'static str| {
        let broker = broker.clone();
        let url = app.url("/signals/import");
        async move {
            let form = reqwest::multipart::Form::new()
                .text("group", group)
                .text("zone", zone)
                .part("file", reqwest::multipart::Part::bytes(text.into_bytes()).file_name("WhatsApp Chat with Geneva Watch Traders.txt"));
            let r = broker.post(url).multipart(form).send().await.unwrap();
            assert_eq!(r.status(), 303);
            r.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let import = |group: &'static str, text: String| import_with(group, text, "Europe/Zurich");
    let loc = import("Geneva Watch Traders", export.clone()).await;
    assert!(loc.starts_with("/settings?tab=whatsapp&imported=14&"), "{loc}");
    let list = signals(&app, &broker, "actionable", false).await;
    assert!(list.iter().any(|s| s["reference"] == "126610LN" && s["group_name"] == "Geneva Watch Traders"), "{list:?}");
    assert!(list.iter().any(|s| s["reference"] == "5711/1A-010" && s["deal_type"] == "wanted"));
    // Multi-line messages stay whole; 09:41 in Zurich (UTC+1 in November) is 08:41 UTC.
    let sub = list.iter().find(|s| s["reference"] == "126610LN" && s["raw"].as_str().unwrap().contains("spare links")).unwrap();
    assert_eq!(sub["sent_at"].as_i64().unwrap() % 86_400_000, (8 * 60 + 41) * 60_000);
    // Again, even with another time zone picked: nothing new.
    let loc = import("Geneva Watch Traders", export.clone()).await;
    assert!(loc.contains("imported=0&") && loc.contains("duplicates=14"), "{loc}");
    let loc = import_with("Geneva Watch Traders", export.clone(), "America/New_York").await;
    assert!(loc.contains("imported=0&") && loc.contains("duplicates=14"), "{loc}");
    assert_eq!(signals(&app, &broker, "actionable", false).await.len(), list.len());
    // Not an export / no group: a message back on the tab, nothing stored.
    let before = count(&app, "whatsapp_messages").await;
    let loc = import("Some group", "hello there\nno dates here".into()).await;
    assert!(loc.contains("import_error=") && loc.contains("WhatsApp%20chat%20export"), "{loc}");
    let loc = import("  ", export.clone()).await;
    assert!(loc.contains("import_error=Enter%20the%20group"), "{loc}");
    let loc = import_with("Some group", export, "Mars/Olympus").await;
    assert!(loc.contains("import_error=") && loc.contains("not%20a%20time%20zone"), "{loc}");
    assert_eq!(count(&app, "whatsapp_messages").await, before);
    // Signed out: 401.
    let anon = app.client();
    let r = anon.post(app.url("/signals/import")).multipart(reqwest::multipart::Form::new().text("group", "x")).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_command_replays_a_chat_into_the_webhook_over_http() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let b = bridge(&app, &broker).await;
    let url = app.url(&b.path);
    let msgs = dealflow::server::signals::demo_messages(1_795_000_000_000, 60_000);
    assert_eq!(msgs.len(), 14);
    let codes = post_messages(&url, &b.secret, &msgs, 0).await.unwrap();
    assert_eq!(codes, vec![200; 14]);
    let codes = post_messages(&url, "whsec_wrong", &msgs[..1], 0).await.unwrap();
    assert_eq!(codes, vec![401]);
    let list = signals(&app, &broker, "actionable", false).await;
    assert!(list.len() >= 6, "{}", list.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bridge_reports_its_qr_code_and_link_state_through_the_signed_link_hook() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let b = bridge(&app, &broker).await;
    let link = format!("{}/link", b.path);
    let post = |event: Value, secret: String| {
        let url = app.url(&link);
        async move {
            let body = serde_json::to_vec(&event).unwrap();
            let r = reqwest::Client::new().post(url).header(SIGNATURE_HEADER, sign(&secret, &body)).body(body).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    assert_eq!(post(json!({ "event": "qr", "code": "2@abc" }), "whsec_wrong".into()).await.0, 401);
    assert_eq!(post(json!({ "event": "qr", "code": "2@abc,def,ghi" }), b.secret.clone()).await.0, 200);
    let st = ok(&app, &broker, "broker/whatsapp", &[]).await;
    assert_eq!(st["status"], "Connecting");
    assert!(st["qr_svg"].as_str().unwrap().starts_with("<?xml") || st["qr_svg"].as_str().unwrap().contains("<svg"));
    let (s, body) = post(json!({ "event": "dance" }), b.secret.clone()).await;
    assert_eq!(s, 400);
    assert!(body.contains("not a link event"), "{body}");
    assert_eq!(post(json!({ "event": "connected" }), b.secret.clone()).await.0, 200);
    let st = ok(&app, &broker, "broker/whatsapp", &[]).await;
    assert_eq!(st["status"], "Connected");
    assert!(st["qr_svg"].is_null());
    // The phone removes the linked device: capture stops, the secret is gone.
    assert_eq!(post(json!({ "event": "logged_out" }), b.secret.clone()).await.0, 200);
    assert_eq!(ok(&app, &broker, "broker/whatsapp", &[]).await["status"], "NotLinked");
    assert_eq!(post_signed(&app, &b, &message("after", "WTS Tudor 79030N")).await.0, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_connector_links_by_qr_then_replays_the_chat_until_unlinked() {
    use dealflow::server::signals::connectors::{Connector, LinkSink, Simulator};
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let b = bridge(&app, &broker).await;
    let id = b.path.rsplit('/').next().unwrap().to_string();
    let sink = LinkSink {
        db: app.db.clone(),
        key: dealflow::server::config::Config::for_tests("sqlite::memory:").encryption_key,
        connection_id: id,
        secret: b.secret.clone(),
    };
    let sim = Simulator { scan_after: std::time::Duration::from_millis(300), pace: std::time::Duration::from_millis(100) };
    sim.start(sink).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let st = ok(&app, &broker, "broker/whatsapp", &[]).await;
    assert_eq!(st["status"], "Connecting");
    assert!(st["qr_svg"].as_str().unwrap().contains("<svg"));
    // Connected, and messages start to arrive; unlink stops the replay at once.
    let mut waited = 0;
    while ok(&app, &broker, "broker/whatsapp", &[]).await["messages"].as_i64().unwrap() < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
        assert!(waited < 100, "messages did not arrive");
    }
    assert_eq!(ok(&app, &broker, "broker/whatsapp", &[]).await["status"], "Connected");
    ok(&app, &broker, "broker/whatsapp/unlink", &[]).await;
    let after_unlink = count(&app, "whatsapp_messages").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(count(&app, "whatsapp_messages").await <= after_unlink + 1, "at most the one in flight");
    assert!(after_unlink < 14, "the replay was still going when unlinked");
}
