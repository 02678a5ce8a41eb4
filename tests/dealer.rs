//! The watch-deal journey over real HTTP, both sides, on a real database
//! (SQLite, and PostgreSQL in the test command).

mod common;

use common::{dead_port, ok, smtp_sink, smtp_sink_with_delay, TestApp};
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const OWNER: &str = "owner@meridian.demo";
const MANAGER: &str = "manager@meridian.demo";
const STAFF: &str = "staff@meridian.demo";
const BROKER: &str = "broker@meridian.demo";
const OTHER_BROKER: &str = "broker2@meridian.demo";

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

async fn upload(app: &TestApp, c: &reqwest::Client, name: &str, bytes: &[u8]) -> String {
    let part = Part::bytes(bytes.to_vec()).file_name(name.to_string());
    let r = c.post(app.url("/uploads")).multipart(Form::new().part("file", part)).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

struct Journey {
    submission: String,
    deal: String,
    commission: String,
}

/// Submission → accepted → cost → sale; returns the ids. Commission: 10 % of
/// (20,000 − 15,000 − 500) = 450.00.
async fn sold_deal(app: &TestApp, broker: &reqwest::Client, owner: &reqwest::Client) -> Journey {
    let photo = upload(app, broker, "dial.png", PNG).await;
    let submission = ok(
        app,
        broker,
        "broker/submit",
        &[
            ("brand", "Rolex"),
            ("model", "Submariner Date"),
            ("reference", "126610 ln"),
            ("asking", "14,500"),
            ("notes", "Full set, 2023"),
            ("source_type", "sourced"),
            ("photos", &photo),
        ],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let staff = app.signed_in(STAFF).await;
    ok(app, &staff, "desk/submission/review", &[("id", &submission)]).await;
    let deal =
        ok(app, &staff, "desk/submission/accept", &[("id", &submission), ("cost", "15000"), ("serial", "9X4Q1"), ("co_broker_id", ""), ("co_share", "")])
            .await
            .as_str()
            .unwrap()
            .to_string();
    ok(app, owner, "desk/deal/cost", &[("id", &deal), ("label", "Service"), ("amount", "500")]).await;
    let manager = app.signed_in(MANAGER).await;
    ok(
        app,
        &manager,
        "desk/deal/sale",
        &[("id", &deal), ("price", "20000"), ("buyer", "Acme Collectors"), ("sold_on", ""), ("basis", ""), ("rate", ""), ("fixed", "")],
    )
    .await;
    let deals = ok(app, broker, "broker/deals", &[]).await;
    let commission = deals[0]["commission_id"].as_str().unwrap().to_string();
    Journey { submission, deal, commission }
}

/// The broker's deal page journey as (label, state) pairs, and its status text.
async fn journey(app: &TestApp, broker: &reqwest::Client, deal: &str) -> (String, Vec<(String, String)>) {
    let d = ok(app, broker, "broker/deal", &[("id", deal)]).await;
    let steps = d["journey"].as_array().unwrap().iter().map(|s| (s["label"].as_str().unwrap().to_string(), s["state"].as_str().unwrap().to_string())).collect();
    (d["status_text"].as_str().unwrap().to_string(), steps)
}

fn steps(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(l, s)| (l.to_string(), s.to_string())).collect()
}

async fn pay(app: &TestApp, owner: &reqwest::Client, request: &str) {
    ok(app, owner, "desk/payout/review", &[("id", request)]).await;
    let receipt = upload(app, owner, "wire.pdf", b"%PDF-1.4\nreceipt").await;
    ok(app, owner, "desk/payout/pay", &[("id", request), ("method", "wire"), ("reference", "WIRE-778"), ("paid_on", "2026-01-15"), ("receipt", &receipt)])
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_journey_from_submission_to_paid_receipt() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;

    // Owners were told about the new submission.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE kind = 'submission'").fetch_one(&app.db.pool).await.unwrap();
    assert!(n >= 1);

    let subs = ok(&app, &broker, "broker/submissions", &[]).await;
    assert_eq!(subs[0]["status"], "Approved");
    assert_eq!(subs[0]["reference"], "126610LN", "references are normalised");
    assert_eq!(subs[0]["photos"].as_array().unwrap().len(), 1);
    let deal = ok(&app, &broker, "broker/deal", &[("id", &j.deal)]).await;
    assert_eq!(deal["status"], "Sold");
    assert_eq!(deal["commission"]["amount"], "450.00");
    assert_eq!(deal["commission_status"], "PendingReview");
    let (status, j1) = journey(&app, &broker, &j.deal).await;
    assert_eq!(status, "Sold");
    assert_eq!(j1, steps(&[("Accepted into inventory", "Done"), ("Sold", "Done"), ("Commission released", "Current"), ("Commission paid", "Todo")]));

    // Released, requested, checked, signed off and paid.
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    assert_eq!(page["kpis"]["requestable"]["amount"], "450.00");
    assert_eq!(page["kpis"]["pending"]["amount"], "450.00");
    let request = ok(&app, &broker, "broker/payout/request", &[("note", "Thanks!")]).await.as_str().unwrap().to_string();
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    assert_eq!(page["requests"][0]["status"], "Requested");
    assert_eq!(page["commissions"][0]["in_request"], true);
    // a receipt exists only once paid
    let (s, _) = app.call(&broker, "broker/receipt", &[("id", &j.commission)]).await;
    assert_eq!(s, 404);
    pay(&app, &owner, &request).await;

    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    assert_eq!(page["requests"][0]["status"], "SignoffComplete");
    assert_eq!(page["commissions"][0]["status"], "Paid");
    assert_eq!(page["kpis"]["paid"]["amount"], "450.00");
    assert_eq!(page["kpis"]["pending"]["amount"], "0.00");
    assert_eq!(page["kpis"]["lifetime"]["amount"], "450.00");
    let receipt = ok(&app, &broker, "broker/receipt", &[("id", &j.commission)]).await;
    assert_eq!(receipt["total"]["amount"], "450.00");
    let fact = |doc: &Value, k: &str| doc["facts"].as_array().unwrap().iter().find(|f| f[0] == k).map(|f| f[1].as_str().unwrap().to_string());
    assert_eq!(fact(&receipt, "Payment reference").as_deref(), Some("WIRE-778"));
    assert_eq!(fact(&receipt, "Method").as_deref(), Some("Wire"));
    assert_eq!(fact(&receipt, "Paid on").as_deref(), Some("15 Jan 2026"));
    assert!(fact(&receipt, "Signed off by").unwrap().starts_with("Olivia Hart, "), "who signed it off, and when");
    assert_eq!(receipt["issuer"]["name"], "Meridian Watch Co.");
    assert_eq!(receipt["recipient"]["name"], "Marco Bellini");
    assert_eq!(receipt["lines"].as_array().unwrap().len(), 1);
    assert_eq!(receipt["lines"][0]["description"], "Rolex Submariner Date 126610LN");
    assert!(receipt["number"].as_str().unwrap().starts_with("RC-"));
    // One receipt for the whole payout, beside the commission's; the desk can print it too.
    let payout = ok(&app, &broker, "broker/payout/receipt", &[("id", &request)]).await;
    assert_eq!((payout["title"].as_str(), payout["total"]["amount"].as_str()), (Some("Payout receipt"), Some("450.00")));
    assert_eq!(payout["lines"][0]["amount"]["amount"], "450.00");
    assert_eq!(ok(&app, &owner, "desk/payout/receipt", &[("id", &request)]).await["number"], payout["number"]);
    let text = payout.to_string();
    assert!(!text.contains("20000") && !text.contains("Acme") && !text.contains("15000"), "no sale price, buyer or cost on a broker's receipt: {text}");
    let other = app.signed_in(OTHER_BROKER).await;
    assert_eq!(app.call(&other, "broker/payout/receipt", &[("id", &request)]).await.0, 404);
    let riley = app.signed_in("owner@riley.demo").await;
    assert_eq!(app.call(&riley, "desk/payout/receipt", &[("id", &request)]).await.0, 404);
    assert_eq!(app.call(&broker, "desk/payout/receipt", &[("id", &request)]).await.0, 403);
    let deal = ok(&app, &broker, "broker/deal", &[("id", &j.deal)]).await;
    assert!(deal["released_at"].is_i64() && deal["paid_at"].is_i64());
    assert!(deal["journey"].as_array().unwrap().iter().all(|s| s["state"] == "Done" && s["at"].is_i64()), "{deal}");
    // A paid sale cannot be unwound here.
    let (s, body) = app.call(&owner, "desk/deal/unwind", &[("id", &j.deal), ("reason", "Returned")]).await;
    assert_eq!(s, 409, "{body}");

    // The ledger agrees: the broker's payable account is back to zero and
    // holds the earned and the paid postings.
    let (bal,): (i64,) =
        sqlx::query_as("SELECT balance_minor FROM ledger_accounts WHERE kind = 'broker_commission_payable'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(bal, 0);
    let (sum,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_postings").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(sum, 0, "every transaction balances");
    let _ = j.submission;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_sees_no_sale_price_cost_buyer_or_other_broker() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;
    for (name, form) in
        [("broker/deals", vec![]), ("broker/deal", vec![("id", j.deal.as_str())]), ("broker/submissions", vec![]), ("broker/commissions", vec![])]
    {
        let body = ok(&app, &broker, name, &form).await.to_string();
        for secret in ["20000", "20,000", "15000", "15,000", "Acme", "Service", "9X4Q1", "Noor Duarte"] {
            assert!(!body.contains(secret), "{name} leaks {secret}: {body}");
        }
    }
    // Nor do the pages: server-rendered HTML and the hydration data in it.
    for path in ["/deals".to_string(), format!("/deals/{}", j.deal), format!("/deals/submissions/{}", j.submission), "/commissions".to_string()] {
        let (s, _, html) = app.page(&broker, &path).await;
        assert_eq!(s, 200, "{path}");
        assert!(html.contains("Submariner"), "{path} shows the deal");
        // (Amounts as the wire and the screen write them: the page also carries
        // the zone's clock changes, long numbers in which "20000" may occur.)
        for secret in ["20000.00", "\"20000\"", "20,000", "15000.00", "\"15000\"", "15,000", "Acme", "9X4Q1", "Noor Duarte"] {
            assert!(!html.contains(secret), "{path} leaks {secret}");
        }
    }
    // The desk sees them (cost only with financials.view).
    let deal = ok(&app, &owner, "desk/deal", &[("id", &j.deal)]).await;
    assert_eq!(deal["sale_price"]["amount"], "20000.00");
    assert_eq!(deal["cost"]["amount"], "15000.00");
    let staff = app.signed_in(STAFF).await;
    let deal = ok(&app, &staff, "desk/deal", &[("id", &j.deal)]).await;
    assert!(deal["cost"].is_null(), "cost is redacted without financials.view");
    assert!(deal["sale_price"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_brokers_ids_are_not_found() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;
    let request = ok(&app, &broker, "broker/payout/request", &[("note", "")]).await.as_str().unwrap().to_string();
    let other = app.signed_in(OTHER_BROKER).await;
    for (name, form) in [
        ("broker/submission", vec![("id", j.submission.as_str())]),
        ("broker/deal", vec![("id", j.deal.as_str())]),
        ("broker/receipt", vec![("id", j.commission.as_str())]),
        ("broker/payout/receipt", vec![("id", request.as_str())]),
        ("broker/payout/cancel", vec![("id", request.as_str())]),
        ("broker/dispute", vec![("commission_id", j.commission.as_str()), ("category", "amount"), ("reason", "mine")]),
        ("broker/submission/complete", vec![("id", j.submission.as_str()), ("asking", "1"), ("notes", ""), ("photos", "")]),
    ] {
        let (s, body) = app.call(&other, name, &form).await;
        assert_eq!(s, 404, "{name}: {body}");
    }
    assert_eq!(ok(&app, &other, "broker/deals", &[]).await.as_array().unwrap().len(), 0);
    // Another organization's desk cannot touch it either.
    let riley = app.signed_in("owner@riley.demo").await;
    let (s, _) = app.call(&riley, "desk/deal", &[("id", &j.deal)]).await;
    assert_eq!(s, 404, "no dealer module there, and not their deal");
    // A broker cannot use the desk.
    let (s, _) = app.call(&broker, "desk/deal", &[("id", &j.deal)]).await;
    assert_eq!(s, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_payout_requests_make_one_and_cancel_allows_another() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let c = broker.clone();
        let url = app.url("/api/broker/payout/request");
        tasks.push(tokio::spawn(async move { c.post(url).form(&[("note", "once")]).send().await.unwrap().status().as_u16() }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            200 => created += 1,
            409 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(created, 1);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payout_requests").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(n, 1);
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    let id = page["open_request"].as_str().unwrap().to_string();
    ok(&app, &broker, "broker/payout/cancel", &[("id", &id)]).await;
    let (s, _) = app.call(&broker, "broker/payout/cancel", &[("id", &id)]).await;
    assert_eq!(s, 409, "a cancelled request cannot be cancelled again");
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    assert!(page["open_request"].is_null());
    assert_eq!(page["commissions"][0]["in_request"], false);
    ok(&app, &broker, "broker/payout/request", &[("note", "again")]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disputes_follow_the_rules_and_adjust_through_the_ledger() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;
    let (s, body) = app.call(&broker, "broker/dispute", &[("commission_id", &j.commission), ("category", "mood"), ("reason", "")]).await;
    assert_eq!(s, 422);
    assert!(body["fields"]["category"].is_array() && body["fields"]["reason"].is_array());
    let dispute = ok(&app, &broker, "broker/dispute", &[("commission_id", &j.commission), ("category", "amount"), ("reason", "Costs were lower")])
        .await
        .as_str()
        .unwrap()
        .to_string();
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    assert_eq!(page["commissions"][0]["status"], "Disputed");
    let (_, j1) = journey(&app, &broker, &j.deal).await;
    assert_eq!(j1[2..], steps(&[("Commission disputed", "Current"), ("Commission paid", "Todo")]));
    // A disputed commission can be disputed again (a further point) but not released.
    ok(&app, &broker, "broker/dispute", &[("commission_id", &j.commission), ("category", "other"), ("reason", "Also the date")]).await;
    let (s, _) = app.call(&owner, "desk/commission/release", &[("id", &j.commission)]).await;
    assert_eq!(s, 409);
    // Resolved with a corrected amount: reversal + new entry; back to Pending Review.
    ok(&app, &owner, "desk/dispute/settle", &[("id", &dispute), ("decision", "resolve"), ("amount", "500"), ("reply", "Agreed, corrected.")]).await;
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    let c = &page["commissions"][0];
    assert_eq!(c["status"], "PendingReview");
    assert_eq!(c["amount"]["amount"], "500.00");
    assert!(c["disputes"].as_array().unwrap().iter().all(|d| d["status"] == "Resolved" && d["reply"] == "Agreed, corrected."));
    assert_eq!(page["kpis"]["pending"]["amount"], "500.00", "the KPI comes from the ledger");
    let (status, j1) = journey(&app, &broker, &j.deal).await;
    assert_eq!((status.as_str(), &j1[2]), ("Sold", &("Commission released".to_string(), "Current".to_string())), "back in review after the resolution");
    let (reversals,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'commission.earned.reversal'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(reversals, 1);
    // Paid commissions cannot be disputed.
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;
    let request = ok(&app, &broker, "broker/payout/request", &[("note", "")]).await.as_str().unwrap().to_string();
    pay(&app, &owner, &request).await;
    let (s, body) = app.call(&broker, "broker/dispute", &[("commission_id", &j.commission), ("category", "timing"), ("reason", "late")]).await;
    assert_eq!(s, 409, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_commission_or_unwinding_a_sale_tells_one_story() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    // A cancelled commission: the sale stands, the journey stops at the commission with its reason.
    let first = sold_deal(&app, &broker, &owner).await;
    ok(&app, &owner, "desk/commission/cancel", &[("id", &first.commission), ("reason", "Attributed to another broker")]).await;
    let (status, j1) = journey(&app, &broker, &first.deal).await;
    assert_eq!(status, "Sold");
    assert_eq!(j1, steps(&[("Accepted into inventory", "Done"), ("Sold", "Done"), ("Commission cancelled", "Stopped")]));
    let d = ok(&app, &broker, "broker/deal", &[("id", &first.deal)]).await;
    assert_eq!(d["journey"][2]["note"], "Attributed to another broker");

    // An unwound sale: deal cancelled, commission cancelled and reversed, in one go.
    let second = sold_deal(&app, &broker, &owner).await;
    ok(&app, &owner, "desk/commission/release", &[("id", &second.commission)]).await;
    // Staff may record sales but not undo their money; bad input writes nothing.
    let staff = app.signed_in(STAFF).await;
    let (s, _) = app.call(&staff, "desk/deal/unwind", &[("id", &second.deal), ("reason", "Returned")]).await;
    assert_eq!(s, 403);
    let (s, body) = app.call(&owner, "desk/deal/unwind", &[("id", &second.deal), ("reason", " ")]).await;
    assert_eq!(s, 422, "{body}");
    let (s, _) = app.call(&owner, "desk/deal/unwind", &[("id", "no-such-deal"), ("reason", "Returned")]).await;
    assert_eq!(s, 404);
    ok(&app, &owner, "desk/deal/unwind", &[("id", &second.deal), ("reason", "The buyer returned the watch")]).await;
    let (status, j2) = journey(&app, &broker, &second.deal).await;
    assert_eq!(status, "Sale unwound");
    assert_eq!(j2, steps(&[("Accepted into inventory", "Done"), ("Sold", "Done"), ("Sale unwound", "Stopped")]));
    let d = ok(&app, &broker, "broker/deal", &[("id", &second.deal)]).await;
    assert_eq!(d["status"], "Cancelled");
    assert_eq!(d["commission_status"], "Cancelled");
    assert_eq!(d["journey"][2]["note"], "The buyer returned the watch");
    assert!(d["journey"][2]["at"].is_i64());
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    assert_eq!(page["kpis"]["pending"]["amount"], "0.00", "nothing is owed on either deal");
    assert_eq!(page["kpis"]["requestable"]["amount"], "0.00");
    let desk = ok(&app, &owner, "desk/deal", &[("id", &second.deal)]).await;
    assert_eq!((desk["status_text"].as_str(), desk["cancelled_reason"].as_str()), (Some("Sale unwound"), Some("Sale unwound: The buyer returned the watch")));
    // Twice is a conflict, not a second reversal.
    let (s, _) = app.call(&owner, "desk/deal/unwind", &[("id", &second.deal), ("reason", "again")]).await;
    assert_eq!(s, 409);
    let (reversals,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM ledger_transactions WHERE kind = 'commission.earned.reversal'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(reversals, 2, "one per cancelled commission");
    let (bal,): (i64,) =
        sqlx::query_as("SELECT balance_minor FROM ledger_accounts WHERE kind = 'broker_commission_payable'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(bal, 0);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'deal.unwound'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(n, 1);
    // The audit log says what each entry is about, with a link — not a raw id.
    let log = ok(&app, &owner, "audit", &[]).await;
    let entry = log.as_array().unwrap().iter().find(|e| e["action"] == "deal.unwound").unwrap().clone();
    assert_eq!(entry["about"], "Rolex Submariner Date 126610LN");
    assert_eq!(entry["about_href"], format!("/desk/inventory/{}", second.deal));
    let cancelled = log.as_array().unwrap().iter().find(|e| e["action"] == "commission.cancelled").unwrap().clone();
    assert_eq!(cancelled["about"], "Commission of Marco Bellini on Rolex Submariner Date 126610LN");
    let csv = owner.get(app.url("/export/audit.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.lines().next().unwrap().contains("About,Record id"));
    assert!(csv.contains("deal.unwound") && csv.contains(",Rolex Submariner Date 126610LN,"), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn co_sourced_deals_split_exactly_and_each_broker_sees_his_share() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let sub = ok(
        &app,
        &broker,
        "broker/submit",
        &[
            ("brand", "Patek Philippe"),
            ("model", "Nautilus"),
            ("reference", "5711/1A-010"),
            ("asking", ""),
            ("notes", ""),
            ("source_type", "co_sourced"),
            ("photos", ""),
        ],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let co = app.user_id(OTHER_BROKER).await;
    let deal = ok(&app, &owner, "desk/submission/accept", &[("id", &sub), ("cost", "100000"), ("serial", ""), ("co_broker_id", &co), ("co_share", "33.33")])
        .await
        .as_str()
        .unwrap()
        .to_string();
    // Owner overrides: 1.25 % of the sale price. 120,000.10 × 1.25 % = 1,500.00125 → 1,500.00
    ok(
        &app,
        &owner,
        "desk/deal/sale",
        &[("id", &deal), ("price", "120000.10"), ("buyer", "B"), ("sold_on", "2026-02-01"), ("basis", "sale_price"), ("rate", "1.25"), ("fixed", "")],
    )
    .await;
    let mine = ok(&app, &broker, "broker/deal", &[("id", &deal)]).await;
    let other = app.signed_in(OTHER_BROKER).await;
    let theirs = ok(&app, &other, "broker/deal", &[("id", &deal)]).await;
    assert_eq!(mine["commission"]["amount"], "1000.05");
    assert_eq!(theirs["commission"]["amount"], "499.95");
    assert_eq!(mine["share"], 6667);
    assert!(!mine.to_string().contains("499.95") && !theirs.to_string().contains("1000.05"), "each sees only his own share");
    // A manager cannot override the terms.
    let sub2 = ok(
        &app,
        &broker,
        "broker/submit",
        &[("brand", "Tudor"), ("model", "Black Bay 58"), ("reference", "79030N"), ("asking", ""), ("notes", ""), ("source_type", "sourced"), ("photos", "")],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let deal2 = ok(&app, &owner, "desk/submission/accept", &[("id", &sub2), ("cost", "3000"), ("serial", ""), ("co_broker_id", ""), ("co_share", "")])
        .await
        .as_str()
        .unwrap()
        .to_string();
    let manager = app.signed_in(MANAGER).await;
    let (s, body) = app
        .call(
            &manager,
            "desk/deal/sale",
            &[("id", &deal2), ("price", "4000"), ("buyer", "C"), ("sold_on", ""), ("basis", "fixed"), ("rate", ""), ("fixed", "900")],
        )
        .await;
    assert_eq!(s, 422, "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_field_errors_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let (s, body) = app
        .call(
            &broker,
            "broker/submit",
            &[("brand", ""), ("model", ""), ("reference", ""), ("asking", "-5"), ("notes", ""), ("source_type", "x"), ("photos", "")],
        )
        .await;
    assert_eq!(s, 422);
    for f in ["brand", "model", "asking", "source_type"] {
        assert!(body["fields"][f].is_array(), "{f}: {body}");
    }
    // someone else's upload cannot be attached
    let other = app.signed_in(OTHER_BROKER).await;
    let theirs = upload(&app, &other, "x.png", PNG).await;
    let (s, body) = app
        .call(
            &broker,
            "broker/submit",
            &[("brand", "Omega"), ("model", "Speedmaster"), ("reference", ""), ("asking", ""), ("notes", ""), ("source_type", "sourced"), ("photos", &theirs)],
        )
        .await;
    assert_eq!(s, 422, "{body}");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(n, 0);
    // The desk: a decision needs its reason / cost, and happens once.
    let sub = ok(
        &app,
        &broker,
        "broker/submit",
        &[("brand", "Omega"), ("model", "Speedmaster"), ("reference", ""), ("asking", ""), ("notes", ""), ("source_type", "sourced"), ("photos", "")],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let staff = app.signed_in(STAFF).await;
    let (s, _) = app.call(&staff, "desk/submission/decline", &[("id", &sub), ("reason", " ")]).await;
    assert_eq!(s, 422);
    let (s, _) = app.call(&staff, "desk/submission/accept", &[("id", &sub), ("cost", "abc"), ("serial", ""), ("co_broker_id", ""), ("co_share", "")]).await;
    assert_eq!(s, 422);
    ok(&app, &staff, "desk/submission/decline", &[("id", &sub), ("reason", "Not our kind of piece")]).await;
    let (s, _) = app.call(&staff, "desk/submission/accept", &[("id", &sub), ("cost", "100"), ("serial", ""), ("co_broker_id", ""), ("co_share", "")]).await;
    assert_eq!(s, 409);
    let subs = ok(&app, &broker, "broker/submissions", &[]).await;
    assert_eq!(subs[0]["status"], "NotAccepted");
    assert_eq!(subs[0]["rejection_reason"], "Not our kind of piece");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commission_csv_matches_the_filters_and_is_formula_safe() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;
    // a second, formula-looking watch that stays unsold... and a third sold one, released
    let sub = ok(
        &app,
        &broker,
        "broker/submit",
        &[
            ("brand", "=HYPERLINK(\"http://x\")"),
            ("model", "Evil"),
            ("reference", ""),
            ("asking", ""),
            ("notes", ""),
            ("source_type", "sourced"),
            ("photos", ""),
        ],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let deal = ok(&app, &owner, "desk/submission/accept", &[("id", &sub), ("cost", "100"), ("serial", ""), ("co_broker_id", ""), ("co_share", "")])
        .await
        .as_str()
        .unwrap()
        .to_string();
    ok(&app, &owner, "desk/deal/sale", &[("id", &deal), ("price", "1100"), ("buyer", "Z"), ("sold_on", ""), ("basis", ""), ("rate", ""), ("fixed", "")]).await;
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;

    let csv = |q: &str| {
        let c = broker.clone();
        let url = app.url(&format!("/export/commissions.csv?{q}"));
        async move {
            let r = c.get(url).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }
    };
    let all = csv("").await;
    assert_eq!(all.lines().count(), 3, "{all}");
    assert!(all.contains("\"'=HYPERLINK(\"\"http://x\"\") Evil\""), "formula neutralised: {all}");
    assert!(!all.contains("1100") && !all.contains("20000"), "no sale prices");
    let released = csv("status=awaiting_payout").await;
    assert_eq!(released.lines().count(), 2);
    assert!(released.contains("Awaiting Payout") && released.contains("450.00"));
    let none = csv("from=2000-01-01&to=2000-01-31").await;
    assert_eq!(none.lines().count(), 1, "header only");
    // Another broker's export holds none of it; the desk cannot use the broker export.
    let other = app.signed_in(OTHER_BROKER).await;
    assert_eq!(other.get(app.url("/export/commissions.csv")).send().await.unwrap().text().await.unwrap().lines().count(), 1);
    assert_eq!(owner.get(app.url("/export/commissions.csv")).send().await.unwrap().status(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_at_a_loss_makes_a_zero_commission_without_a_ledger_entry() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let sub = ok(
        &app,
        &broker,
        "broker/submit",
        &[("brand", "Omega"), ("model", "Seamaster"), ("reference", ""), ("asking", ""), ("notes", ""), ("source_type", "sourced"), ("photos", "")],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    let deal = ok(&app, &owner, "desk/submission/accept", &[("id", &sub), ("cost", "5000"), ("serial", ""), ("co_broker_id", ""), ("co_share", "")])
        .await
        .as_str()
        .unwrap()
        .to_string();
    ok(&app, &owner, "desk/deal/sale", &[("id", &deal), ("price", "4500"), ("buyer", "B"), ("sold_on", ""), ("basis", ""), ("rate", ""), ("fixed", "")]).await;
    let d = ok(&app, &broker, "broker/deal", &[("id", &deal)]).await;
    assert_eq!(d["commission"]["amount"], "0.00");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ledger_transactions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(n, 0);
    // It can still be cancelled cleanly.
    ok(&app, &owner, "desk/commission/cancel", &[("id", d["commission_id"].as_str().unwrap()), ("reason", "Nothing to pay")]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payout_details_are_encrypted_and_revealed_only_to_an_owner_with_an_audit_entry() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let (s, body) = app
        .call(
            &broker,
            "broker/payout-info/save",
            &[
                ("institution", "Deutsche Bank"),
                ("routing", ""),
                ("swift", "DEUTDEFF"),
                ("account_number", "DE89 3704 0044 0532 0130 00"),
                ("method", "wire"),
                ("notes", ""),
            ],
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let (enc, last4): (String, String) = sqlx::query_as("SELECT payout_account_enc, payout_account_last4 FROM broker_profiles WHERE user_id = $1")
        .bind(app.user_id(BROKER).await)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(enc.starts_with("v1:") && !enc.contains("370400"), "encrypted at rest: {enc}");
    assert_eq!(last4, "3000");
    let profile = ok(&app, &broker, "broker/profile", &[]).await.to_string();
    assert!(profile.contains("\"account_last4\":\"3000\"") && !profile.contains("3704004405"), "{profile}");
    // Saving again without a number keeps it.
    ok(
        &app,
        &broker,
        "broker/payout-info/save",
        &[("institution", "Deutsche Bank AG"), ("routing", ""), ("swift", ""), ("account_number", ""), ("method", "ach"), ("notes", "")],
    )
    .await;
    let (enc2,): (String,) = sqlx::query_as("SELECT payout_account_enc FROM broker_profiles WHERE user_id = $1")
        .bind(app.user_id(BROKER).await)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(enc, enc2);

    let j = sold_deal(&app, &broker, &owner).await;
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;
    let request = ok(&app, &broker, "broker/payout/request", &[("note", "")]).await.as_str().unwrap().to_string();
    let manager = app.signed_in(MANAGER).await;
    let (s, _) = app.call(&manager, "desk/payout-info/reveal", &[("payout_request_id", &request)]).await;
    assert_eq!(s, 403, "a manager cannot reveal bank details");
    let details = ok(&app, &owner, "desk/payout-info/reveal", &[("payout_request_id", &request)]).await;
    assert_eq!(details["account_number"], "DE89370400440532013000");
    assert_eq!(app.audit_count("payout_info.revealed", &app.user_id(BROKER).await).await, 1);
    let riley = app.signed_in("owner@riley.demo").await;
    let (s, _) = app.call(&riley, "desk/payout-info/reveal", &[("payout_request_id", &request)]).await;
    assert!(s == 404 || s == 403, "another organization never sees them ({s})");
    // The desk's payout list shows only the last four.
    let list = ok(&app, &owner, "desk/payouts", &[]).await.to_string();
    assert!(list.contains("\"payee_last4\":\"3000\"") && !list.contains("3704004405"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_history_agrees_with_the_ledger_and_fills_the_dashboard() {
    let app = TestApp::spawn().await;
    dealflow::server::demo::seed_history(&app.db, 1).await.unwrap();
    // Every broker's payable balance is exactly his unpaid, uncancelled commissions.
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT owner_ref, balance_minor FROM ledger_accounts WHERE kind = 'broker_commission_payable'").fetch_all(&app.db.pool).await.unwrap();
    assert!(rows.len() >= 2);
    for (broker, balance) in rows {
        let (owed,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM commissions WHERE broker_id = $1 AND status IN ('pending_review', 'awaiting_payout', 'disputed')",
        )
        .bind(&broker)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(balance, owed, "broker {broker}");
    }
    let (sum,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM ledger_postings").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(sum, 0);
    let broker = app.signed_in(BROKER).await;
    let d = ok(&app, &broker, "broker/dashboard", &[]).await;
    assert_eq!(d["kpis"].as_array().unwrap().len(), 5);
    assert!(d["want_list"].as_array().unwrap().len() >= 5);
    assert!(d["earnings_trend"]["series"][0]["values"].as_array().unwrap().iter().filter(|v| v.as_str() != Some("0")).count() >= 3, "a year of earnings");
    let a = ok(&app, &broker, "broker/analytics", &[]).await;
    assert!(a["conversion_bps"].as_i64().unwrap() > 0);
    assert!(!a["source_heatmap"]["series"].as_array().unwrap().is_empty());
    // Every chart arrives drawn: its ECharts option, built on the server, carries its figures.
    for (doc, chart) in [
        (&d, "funnel"),
        (&d, "earnings_trend"),
        (&d, "brand_mix"),
        (&a, "earned_vs_paid"),
        (&a, "funnel"),
        (&a, "brand_earnings"),
        (&a, "velocity"),
        (&a, "source_heatmap"),
    ] {
        let option: serde_json::Value = serde_json::from_str(doc[chart]["option"].as_str().unwrap()).unwrap_or_else(|e| panic!("{chart}: {e}"));
        let series = option["series"].as_array().unwrap_or_else(|| panic!("{chart} has series: {option}"));
        assert!(!series.is_empty(), "{chart}");
        let first_label = doc[chart]["labels"][0].as_str().unwrap();
        assert!(option.to_string().contains(first_label), "{chart} names its labels ({first_label})");
    }
    // Both funnels: the seed's stages in order, each a subset of the one before, counts on the
    // stages themselves, rejections written beside (not a stage).
    for doc in [&d, &a] {
        let f = &doc["funnel"];
        assert_eq!(f["labels"], serde_json::json!(["New", "In Review", "Approved", "Converted"]));
        let counts: Vec<i64> = f["series"][0]["values"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().parse().unwrap()).collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]) && counts[3] > 0, "{counts:?}");
        let option = f["option"].as_str().unwrap();
        assert!(option.contains("\"sort\":\"none\"") && option.contains("{b}: {c}"), "{option}");
        let notes: Vec<&str> = f["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        assert!(notes.iter().any(|n| n.starts_with("In Review: ") && n.ends_with("of New)")), "{notes:?}");
        assert!(notes.iter().any(|n| n.starts_with("Not accepted: ")), "{notes:?}");
    }
    // Trends say what they compare; the lifetime total is never "−100 %".
    for k in d["kpis"].as_array().unwrap() {
        if let Some(t) = k["trend"].as_object() {
            assert!(t["bps"].as_i64().is_some() && t["basis"].is_string(), "{k}");
        }
    }
    assert_eq!(d["kpis"][0]["trend"]["basis"], "EndOfLastMonth");
    assert!(d["kpis"][0]["trend"]["bps"].as_i64().unwrap() >= 0, "a lifetime total cannot fall below last month's unless reversed");
    // Earnings are bars, never smoothed curves.
    assert!(!d["earnings_trend"]["option"].as_str().unwrap().contains("smooth"));
    assert!(d["brand_mix"]["labels"].as_array().unwrap().len() <= 7, "top brands and Other");
    let page = ok(&app, &broker, "broker/commissions", &[]).await;
    let statuses: std::collections::BTreeSet<String> =
        page["commissions"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap().to_string()).collect();
    assert!(statuses.contains("Paid") && statuses.contains("AwaitingPayout"), "{statuses:?}");
    assert!(page["open_request"].is_null(), "the main demo broker can file a request");
    assert_eq!(ok(&app, &broker, "broker/messages", &[]).await.as_array().unwrap().len(), 6);
    // The broker's figures agree with the ledger: lifetime = paid + pending.
    let k = &page["kpis"];
    let num = |v: &Value| v["amount"].as_str().unwrap().parse::<f64>().unwrap();
    assert!((num(&k["lifetime"]) - num(&k["paid"]) - num(&k["pending"])).abs() < 0.001);
    // The Signals page has a group's recent listings, one marked as wanted by the desk.
    let signals = ok(&app, &broker, "broker/signals", &[("filter", "actionable"), ("claimed", "false")]).await;
    let list = signals["signals"].as_array().unwrap();
    assert!(list.len() >= 8, "{list:?}");
    assert!(list.iter().all(|s| s["group_name"] == "HK Watch Exchange"));
    assert!(list.iter().any(|s| s["wanted_by_desk"] == true), "{list:?}");
    assert_eq!(ok(&app, &broker, "broker/whatsapp", &[]).await["status"], "NotLinked");

    // Demo data people believe: every state the seed names can be seen.
    let deals = ok(&app, &broker, "broker/deals", &[]).await;
    let deals = deals.as_array().unwrap();
    assert!(deals.iter().any(|d| d["source_type"] == "CoSourced" && d["share"] == 6000), "a co-sourced deal for the demo broker");
    assert!(deals.iter().any(|d| d["status_text"] == "Sale unwound"), "an unwound sale");
    let claimed = signals["counts"]["claimed"].as_i64().unwrap();
    assert!(claimed >= 1, "a claimed signal");
    let (requested, awaiting): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN status = 'requested' THEN 1 ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN status = 'awaiting_signoff' THEN 1 ELSE 0 END), 0) AS BIGINT) FROM payout_requests",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(requested >= 1 && awaiting >= 1, "open payout requests in each state: {requested} {awaiting}");
    let names: Vec<(String,)> =
        sqlx::query_as("SELECT display_name FROM users UNION ALL SELECT COALESCE(buyer, '') FROM deals").fetch_all(&app.db.pool).await.unwrap();
    assert!(names.iter().all(|(n,)| !n.chars().any(|c| c.is_ascii_digit())), "no numbered people: {names:?}");
    let odd: Vec<(String, String)> = sqlx::query_as(
        "SELECT notes, rejection_reason FROM submissions WHERE status = 'not_accepted' AND notes LIKE 'Full set%' AND rejection_reason LIKE '%box and papers%'",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert!(odd.is_empty(), "rejections agree with the notes: {odd:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_are_notified_of_submissions_and_payout_requests() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;
    ok(&app, &broker, "broker/payout/request", &[("note", "")]).await;
    let me = ok(&app, &owner, "me", &[]).await;
    assert_eq!(me["unread"], 2, "a submission and a payout request");
    let list = ok(&app, &owner, "notifications", &[]).await;
    let titles: Vec<&str> = list.as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap()).collect();
    assert!(titles[0].starts_with("Payout request from Marco Bellini: $450.00"), "{titles:?}");
    assert!(titles[1].starts_with("New submission from Marco Bellini"), "{titles:?}");
    assert_eq!(ok(&app, &owner, "me", &[]).await["unread"], 0, "opening the list marks them read");
    // Nobody else sees them.
    let manager = app.signed_in(MANAGER).await;
    assert_eq!(ok(&app, &manager, "notifications", &[]).await.as_array().unwrap().len(), 0);
    assert_eq!(ok(&app, &broker, "notifications", &[]).await.as_array().unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_get_an_email_per_notification_when_smtp_is_configured() {
    use dealflow::server::config::SmtpConfig;
    use dealflow::server::mailer::send_pending;
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let (port, inbox) = smtp_sink().await;
    let smtp = SmtpConfig { url: format!("smtp://127.0.0.1:{port}"), from: "Dealflow <no-reply@dealflow.test>".into() };
    let id = ok(
        &app,
        &broker,
        "broker/submit",
        &[("brand", "Rolex"), ("model", "Daytona"), ("reference", "116500LN"), ("asking", ""), ("notes", ""), ("source_type", "sourced"), ("photos", "")],
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    assert_eq!(send_pending(&app.db, &smtp, "https://dealflow.example").await.unwrap(), 1);
    {
        let mail = inbox.lock().unwrap();
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].0, vec![OWNER.to_string()]);
        // Quoted-printable body: a mail client joins the soft line breaks.
        let data = &mail[0].1.replace("=\n", "");
        assert!(data.contains("Subject: Dealflow: New submission from Marco Bellini: Rolex Daytona 116500LN"), "{data}");
        assert!(data.contains(&format!("https://dealflow.example/desk/submissions/{id}")), "{data}");
        assert!(data.contains("From: Dealflow <no-reply@dealflow.test>"), "{data}");
    }
    assert_eq!(send_pending(&app.db, &smtp, "https://dealflow.example").await.unwrap(), 0, "never sent twice");

    // SMTP down: nothing is lost; the email goes out on a later round.
    let down = SmtpConfig { url: format!("smtp://127.0.0.1:{}", dead_port().await), ..smtp.clone() };
    ok(
        &app,
        &broker,
        "broker/submit",
        &[
            ("brand", "Omega"),
            ("model", "Speedmaster"),
            ("reference", "310.30.42.50.01.001"),
            ("asking", ""),
            ("notes", ""),
            ("source_type", "sourced"),
            ("photos", ""),
        ],
    )
    .await;
    assert_eq!(send_pending(&app.db, &down, "https://dealflow.example").await.unwrap(), 0);
    assert_eq!(inbox.lock().unwrap().len(), 1);
    assert_eq!(send_pending(&app.db, &smtp, "https://dealflow.example").await.unwrap(), 0, "a failed email waits a minute before its next try");
    // A minute later:
    sqlx::query("UPDATE notifications SET email_claimed_until = 0").execute(&app.db.pool).await.unwrap();
    assert_eq!(send_pending(&app.db, &smtp, "https://dealflow.example").await.unwrap(), 1);
    let mail = inbox.lock().unwrap();
    assert!(mail[1].1.contains("Omega"), "{}", mail[1].1);
    // The in-app bell still has both.
    drop(mail);
    let owner = app.signed_in(OWNER).await;
    assert_eq!(ok(&app, &owner, "me", &[]).await["unread"], 2);
}

/// Two servers sending the outbox at once: while the first is still talking
/// to a slow SMTP server, the second finds the email claimed and leaves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_never_send_the_same_notification_email() {
    use dealflow::server::config::SmtpConfig;
    use dealflow::server::mailer::send_pending;
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let (port, inbox) = smtp_sink_with_delay(std::time::Duration::from_millis(1500)).await;
    let smtp = SmtpConfig { url: format!("smtp://127.0.0.1:{port}"), from: "Dealflow <no-reply@dealflow.test>".into() };
    let form = [("brand", "Tudor"), ("model", "Black Bay"), ("reference", "79230N"), ("asking", ""), ("notes", ""), ("source_type", "sourced"), ("photos", "")];
    ok(&app, &broker, "broker/submit", &form).await;
    let other = app.spawn_beside(|_| {}).await;
    let first = {
        let (db, smtp) = (app.db.clone(), smtp.clone());
        tokio::spawn(async move { send_pending(&db, &smtp, "https://dealflow.example").await.unwrap() })
    };
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let second = send_pending(&other.db, &smtp, "https://dealflow.example").await.unwrap();
    let first = first.await.unwrap();
    assert_eq!((first, second), (1, 0), "the first server sends it, the second leaves it");
    assert_eq!(inbox.lock().unwrap().len(), 1, "exactly one email");
}

/// The desk's Overview is a home: what needs each person's attention by his
/// role, the figures his role may see, the organization's modules in words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_overview_lists_what_needs_attention_by_role() {
    let app = TestApp::spawn().await;
    dealflow::server::demo::seed_history(&app.db, 1).await.unwrap();
    let owner = app.signed_in(OWNER).await;
    let home = ok(&app, &owner, "overview", &[]).await;
    let desk = &home[1]["Desk"];
    let texts: Vec<&str> = desk["attention"].as_array().unwrap().iter().map(|a| a["text"].as_str().unwrap()).collect();
    assert!(texts.iter().any(|t| t.ends_with("waiting for a decision")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("to review and release")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("open dispute")), "{texts:?}");
    let labels: Vec<&str> = desk["figures"].as_array().unwrap().iter().map(|f| f["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["In inventory", "Sold this month", "Inventory at cost", "Sales this month", "Owed to brokers"]);
    // The owed figure is the ledger's: the brokers' payable balances.
    let (owed,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(balance_minor), 0) AS BIGINT) FROM ledger_accounts WHERE kind = 'broker_commission_payable'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let shown = desk["figures"][4]["value"].as_str().unwrap().replace(['$', ','], "");
    assert_eq!(shown, format!("{}.{:02}", owed / 100, owed % 100));
    // A new submission shows up at once.
    let before = texts.iter().find(|t| t.ends_with("waiting for a decision")).unwrap().split(' ').next().unwrap().parse::<i64>().unwrap();
    let broker = app.signed_in(BROKER).await;
    ok(
        &app,
        &broker,
        "broker/submit",
        &[("brand", "Tudor"), ("model", "Pelagos"), ("reference", ""), ("asking", ""), ("notes", ""), ("source_type", "sourced"), ("photos", "")],
    )
    .await;
    let again = ok(&app, &owner, "overview", &[]).await;
    let first = again[1]["Desk"]["attention"][0]["text"].as_str().unwrap().to_string();
    assert!(first.starts_with(&format!("{} submission", before + 1)), "{first}");

    // Staff: no money, and only what staff may do.
    let staff = app.signed_in(STAFF).await;
    let s = ok(&app, &staff, "overview", &[]).await;
    let staff_desk = &s[1]["Desk"];
    assert_eq!(staff_desk["figures"].as_array().unwrap().len(), 2);
    let text = staff_desk.to_string();
    assert!(!text.contains('$') && !text.contains("release") && !text.contains("payout"), "{text}");
    // The broker's home is his dashboard; a viewer gets the plain home.
    assert!(ok(&app, &broker, "overview", &[]).await[1]["Broker"].is_object());
    let viewer = app.signed_in("viewer@meridian.demo").await;
    assert_eq!(ok(&app, &viewer, "overview", &[]).await[1], "Plain");
}

/// The organization's address and logo print on its receipts; the owner
/// sets them, with clear errors, and nobody else can.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipts_print_the_organizations_address_and_logo() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let owner = app.signed_in(OWNER).await;
    let j = sold_deal(&app, &broker, &owner).await;
    ok(&app, &owner, "desk/commission/release", &[("id", &j.commission)]).await;
    let request = ok(&app, &broker, "broker/payout/request", &[("note", "")]).await.as_str().unwrap().to_string();
    pay(&app, &owner, &request).await;

    let (s, body) = app.call(&owner, "org/documents/save", &[("address", "1\n2\n3\n4\n5\n6\n7"), ("logo", "")]).await;
    assert_eq!(s, 422, "{body}");
    assert!(body["fields"]["address"].is_array());
    let pdf = upload(&app, &owner, "logo.pdf", b"%PDF-1.4\nnot an image").await;
    let (s, body) = app.call(&owner, "org/documents/save", &[("address", "640 Collins Avenue"), ("logo", &pdf)]).await;
    assert_eq!(s, 422, "{body}");
    assert!(body["fields"]["logo"].is_array());
    let theirs = upload(&app, &broker, "dial.png", PNG).await;
    assert_eq!(app.call(&owner, "org/documents/save", &[("address", ""), ("logo", &theirs)]).await.0, 422, "someone else's upload");
    let staff = app.signed_in(STAFF).await;
    assert_eq!(app.call(&staff, "org/documents/save", &[("address", "x"), ("logo", "")]).await.0, 403);

    let logo = upload(&app, &owner, "logo.png", PNG).await;
    ok(&app, &owner, "org/documents/save", &[("address", " 640 Collins Avenue, Suite 12 \n\nMiami Beach, FL 33139\nUnited States"), ("logo", &logo)]).await;
    let saved = ok(&app, &owner, "org/documents", &[]).await;
    assert_eq!(saved["address"], "640 Collins Avenue, Suite 12\nMiami Beach, FL 33139\nUnited States");
    assert_eq!(saved["logo"]["id"], logo.as_str());
    let receipt = ok(&app, &broker, "broker/receipt", &[("id", &j.commission)]).await;
    assert_eq!(receipt["issuer"]["lines"], serde_json::json!(["640 Collins Avenue, Suite 12", "Miami Beach, FL 33139", "United States"]));
    assert_eq!(receipt["logo_url"], format!("/uploads/{logo}"));
    // The broker may read the logo his receipt shows.
    assert_eq!(broker.get(app.url(&format!("/uploads/{logo}"))).send().await.unwrap().status(), 200);
}
