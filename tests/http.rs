//! Integration tests over real HTTP against a real database. The test
//! command runs this file once on SQLite and once on PostgreSQL.

mod common;

use common::{ok, session_cookie, TestApp, PASSWORD};
use dealflow::domain::nav::{sidebar_for, NAV};
use dealflow::domain::{Module, Role};
use serde_json::Value;

const OWNER: &str = "owner@meridian.demo";
const VIEWER: &str = "viewer@meridian.demo";
const BROKER: &str = "broker@meridian.demo";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_shows_the_person_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let c = app.signed_in(OWNER).await;
    let (status, me) = app.call(&c, "me", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], OWNER);
    assert_eq!(me["role"], "owner");
    assert_eq!(me["org_name"], "Meridian Watch Co.");
    assert!(me["capabilities"].as_array().unwrap().contains(&Value::from("team.manage")));
    // nothing secret travels with the person
    let text = me.to_string();
    assert!(!text.contains("argon2") && !text.contains("password"), "{text}");

    let (status, _) = app.call(&c, "logout", &[]).await;
    assert_eq!(status, 200);
    let (_, me) = app.call(&c, "me", &[]).await;
    assert_eq!(me, Value::Null, "signed out");
    assert_eq!(app.audit_count("login.succeeded", OWNER).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_email_and_wrong_password_get_the_identical_answer() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let wrong = app.login(&c, OWNER, "not-the-password").await;
    let (s1, b1) = (wrong.status(), wrong.text().await.unwrap());
    let unknown = app.login(&c, "nobody@meridian.demo", "not-the-password").await;
    let (s2, b2) = (unknown.status(), unknown.text().await.unwrap());
    assert_eq!(s1, 401);
    assert_eq!((s1, &b1), (s2, &b2));
    assert!(b1.contains("Email or password is incorrect."), "{b1}");
    assert_eq!(app.audit_count("login.failed", OWNER).await, 1);
    assert_eq!(app.audit_count("login.failed", "nobody@meridian.demo").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_email_gets_a_field_error_not_a_500() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let r = app.login(&c, "not-an-email", "whatever1").await;
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["kind"], "validation");
    assert!(body["fields"]["email"][0].as_str().unwrap().contains("valid email"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_are_throttled_per_account() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for _ in 0..5 {
        assert_eq!(app.login(&c, BROKER, "wrong-password").await.status(), 401);
    }
    let r = app.login(&c, BROKER, PASSWORD).await;
    assert_eq!(r.status(), 429, "even the right password waits");
    assert!(r.text().await.unwrap().contains("Too many failed sign-in attempts for this account"));
    // another account from the same place is not locked by it
    assert_eq!(app.login(&app.client(), OWNER, PASSWORD).await.status(), 200);
    assert_eq!(app.audit_count("login.throttled", BROKER).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_are_throttled_per_ip() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for i in 0..20 {
        let email = format!("guess{i}@meridian.demo");
        assert_eq!(app.login(&c, &email, "wrong-password").await.status(), 401);
    }
    let r = app.login(&c, OWNER, PASSWORD).await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("from your network"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_id_is_cycled_at_sign_in_and_the_old_one_is_dead() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let first = app.login(&c, OWNER, PASSWORD).await;
    let a = session_cookie(&first).expect("session cookie set");
    assert!(first.headers().get_all("set-cookie").iter().any(|v| {
        let v = v.to_str().unwrap().to_ascii_lowercase();
        v.contains("httponly") && v.contains("samesite=lax") && v.contains("path=/")
    }));
    let second = app.login(&c, OWNER, PASSWORD).await;
    let b = session_cookie(&second).expect("new session cookie");
    assert_ne!(a, b, "the id changes at sign-in");

    // replay the first cookie from another client: it no longer signs anyone in
    let replay = reqwest::Client::new();
    let r = replay.post(app.url("/api/me")).header("cookie", &a).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "null");
    let r = replay.post(app.url("/api/me")).header("cookie", &b).send().await.unwrap();
    assert!(r.text().await.unwrap().contains(OWNER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_change_signs_out_every_session() {
    let app = TestApp::spawn().await;
    let laptop = app.signed_in(VIEWER).await;
    let phone = app.signed_in(VIEWER).await;

    let (s, body) = app.call(&laptop, "change_password", &[("current_password", PASSWORD), ("new_password", "short"), ("confirm", "short")]).await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"]["new_password"][0], "Use at least 8 characters.");

    let (s, body) =
        app.call(&laptop, "change_password", &[("current_password", "wrong-one"), ("new_password", "a-new-secret"), ("confirm", "a-new-secret")]).await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"]["current_password"][0], "Your current password is incorrect.");

    let (s, _) = app.call(&laptop, "change_password", &[("current_password", PASSWORD), ("new_password", "a-new-secret"), ("confirm", "a-new-secret")]).await;
    assert_eq!(s, 200);
    for c in [&laptop, &phone] {
        let (_, me) = app.call(c, "me", &[]).await;
        assert_eq!(me, Value::Null, "every session ended");
    }
    assert_eq!(app.login(&app.client(), VIEWER, PASSWORD).await.status(), 401);
    assert_eq!(app.login(&app.client(), VIEWER, "a-new-secret").await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_answers_401_then_403_then_serves() {
    let app = TestApp::spawn().await;
    let (s, body) = app.call(&app.client(), "team", &[]).await;
    assert_eq!(s, 401);
    assert_eq!(body["kind"], "unauthorized");

    let viewer = app.signed_in(VIEWER).await;
    let (s, body) = app.call(&viewer, "team", &[]).await;
    assert_eq!(s, 403);
    assert_eq!(body["capability"], "team.manage");
    let viewer_id = app.user_id(VIEWER).await;
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND actor_id = $1 AND target = 'team.manage'")
        .bind(&viewer_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "denials are audited");

    let owner = app.signed_in(OWNER).await;
    let (s, body) = app.call(&owner, "team", &[]).await;
    assert_eq!(s, 200);
    let emails: Vec<&str> = body.as_array().unwrap().iter().map(|m| m["email"].as_str().unwrap()).collect();
    assert!(emails.contains(&BROKER));
    assert!(emails.iter().all(|e| e.ends_with("@meridian.demo")), "only this organization: {emails:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organizations_record_is_not_found() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in(OWNER).await;
    let mine = app.user_id(BROKER).await;
    let theirs = app.user_id("agent@riley.demo").await;
    let (s, body) = app.call(&owner, "team/member", &[("id", &mine)]).await;
    assert_eq!(s, 200);
    assert_eq!(body["email"], BROKER);
    let (s, body) = app.call(&owner, "team/member", &[("id", &theirs)]).await;
    assert_eq!(s, 404);
    assert_eq!(body["kind"], "not_found");
    let (s, _) = app.call(&owner, "team/member", &[("id", "no-such-id")]).await;
    assert_eq!(s, 404, "a foreign id and a missing id look the same");
    // and the page says so with the status
    let (s, _, html) = app.page(&owner, &format!("/team/{theirs}")).await;
    assert_eq!(s, 404);
    assert!(!html.contains("agent@riley.demo"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_posts_are_refused() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let r = c.post(app.url("/api/login")).header("origin", "http://evil.example").form(&[("email", OWNER), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(session_cookie(&r).is_none());
    let r = c.post(app.url("/api/login")).header("sec-fetch-site", "cross-site").form(&[("email", OWNER), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(r.status(), 403);
    let same = format!("http://{}", app.addr);
    let r = c
        .post(app.url("/api/login"))
        .header("origin", same)
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", OWNER), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seller_portal_is_disabled_for_launch() {
    let app = TestApp::spawn().await;
    let seller = app.signed_in("seller@meridian.demo").await;
    for path in ["/api/seller", "/api/seller/inventory", "/api/seller/sales"] {
        let r = seller.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "Seller portal disabled for launch.");
    }
    for path in ["/seller", "/seller/inventory", "/seller/sales", "/seller/settings", "/seller/anything/else"] {
        let (s, headers, body) = app.page(&seller, path).await;
        assert_eq!(s, 303, "{path}: a real server redirect");
        assert_eq!(headers["location"], "/role-disabled");
        assert!(body.is_empty(), "{path}: no page behind the redirect");
    }
    let (s, _, html) = app.page(&seller, "/role-disabled").await;
    assert_eq!(s, 200);
    assert!(html.contains("Seller portal disabled for launch."));
}

/// The sidebar never shows a link that does not work, and a page the role
/// may not open answers 403.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sidebar_link_opens_and_nothing_else_does() {
    let app = TestApp::spawn().await;
    let people = [
        ("admin@dealflow.demo", Role::PlatformAdmin, vec![]),
        (OWNER, Role::Owner, vec![Module::Dealer, Module::Crm]),
        (VIEWER, Role::Viewer, vec![Module::Dealer, Module::Crm]),
        (BROKER, Role::Broker, vec![Module::Dealer, Module::Crm]),
        ("agent@riley.demo", Role::Agent, vec![Module::Brokerage]),
        ("partner@leadflow.demo", Role::Partner, vec![Module::Marketplace]),
    ];
    for (email, role, modules) in people {
        let c = app.signed_in(email).await;
        let mine = sidebar_for(role, &modules);
        for item in NAV {
            let (s, _, html) = app.page(&c, item.path).await;
            if mine.iter().any(|m| m.path == item.path) {
                assert_eq!(s, 200, "{email} opens {}", item.path);
                // the sidebar on the page lists exactly this role's links
                for other in NAV {
                    let shown = html.contains(&format!("href=\"{}\"", other.path)) && html.contains(other.label);
                    let expected = mine.iter().any(|m| m.path == other.path);
                    if expected {
                        assert!(shown, "{email}: sidebar lacks {}", other.label);
                    }
                }
            } else {
                assert_eq!(s, 403, "{email} must not open {}", item.path);
                // Only the 403 page: none of the page's own header, buttons, filters or forms.
                let main = html.split("<main").nth(1).unwrap_or_default();
                assert!(main.contains("No access"), "{email} {}: {main}", item.path);
                assert!(!main.contains("page-header") && !main.contains("<form") && !main.contains("<select"), "{email} {}: {main}", item.path);
            }
        }
    }
}

/// Every page builds its view once on the server: the data it sends for the
/// browser to hydrate is the data it rendered. (A page built twice, its
/// first build dropped while a server function ran, sent an internal error
/// beside the rendered table, and the browser's hydration failed.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_sends_the_data_it_rendered() {
    let app = TestApp::spawn().await;
    dealflow::server::demo::seed_history(&app.db, 1).await.unwrap();
    let people = [
        ("admin@dealflow.demo", Role::PlatformAdmin, vec![]),
        (OWNER, Role::Owner, vec![Module::Dealer, Module::Crm]),
        ("staff@meridian.demo", Role::Staff, vec![Module::Dealer, Module::Crm]),
        (VIEWER, Role::Viewer, vec![Module::Dealer, Module::Crm]),
        (BROKER, Role::Broker, vec![Module::Dealer, Module::Crm]),
        ("agent@riley.demo", Role::Agent, vec![Module::Brokerage]),
        ("partner@leadflow.demo", Role::Partner, vec![Module::Marketplace]),
    ];
    // one record of each detail page, straight from the database
    let broker = app.user_id(BROKER).await;
    let q = |table: &str, extra: &str| format!("SELECT id FROM {table} WHERE broker_id = '{broker}' {extra} ORDER BY id LIMIT 1");
    let id = |sql: String| {
        let pool = app.db.pool.clone();
        async move { sqlx::query_as::<_, (String,)>(&sql).fetch_one(&pool).await.unwrap_or_else(|e| panic!("{sql}: {e}")).0 }
    };
    let (deal, submission) = (id(q("deals", "")).await, id(q("submissions", "")).await);
    let commission = id(q("commissions", "AND status = 'paid'")).await;
    let payout = id(q("payout_requests", "AND status = 'signoff_complete'")).await;
    let member = app.user_id("staff@meridian.demo").await;
    let details: Vec<(&str, String)> = vec![
        (BROKER, format!("/deals/{deal}")),
        (BROKER, format!("/deals/submissions/{submission}")),
        (BROKER, format!("/commissions/{commission}/receipt")),
        (BROKER, format!("/commissions/payouts/{payout}/receipt")),
        (OWNER, format!("/desk/submissions/{submission}")),
        (OWNER, format!("/desk/inventory/{deal}")),
        (OWNER, format!("/desk/payouts/{payout}/receipt")),
        (OWNER, format!("/team/{member}")),
    ];
    for (email, role, modules) in people {
        let c = app.signed_in(email).await;
        let mut pages: Vec<String> = sidebar_for(role, &modules).iter().map(|i| i.path.to_string()).collect();
        pages.extend(details.iter().filter(|(who, _)| *who == email).map(|(_, p)| p.clone()));
        for path in pages {
            let mut first: Option<String> = None;
            for _ in 0..10 {
                let (s, _, html) = app.page(&c, &path).await;
                assert_eq!(s, 200, "{email} {path}");
                assert!(!html.contains(r#"\"kind\":\"internal\""#), "{email} {path}: an internal error was sent to hydrate");
                // the resources the page sends: the same ones on every load
                let pending = html.split("__PENDING_RESOURCES=").nth(1).and_then(|r| r.split(';').next()).unwrap_or_default().to_string();
                match &first {
                    None => first = Some(pending),
                    Some(f) => assert_eq!(f, &pending, "{email} {path}: resources differ between loads"),
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_need_a_session_and_unknown_pages_are_404() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let (s, headers, _) = app.page(&c, "/team").await;
    assert_eq!(s, 302);
    assert_eq!(headers["location"], "/login?next=/team");
    let (s, _, html) = app.page(&c, "/login").await;
    assert_eq!(s, 200);
    assert!(html.contains("Sign in"));
    let (s, _, html) = app.page(&c, "/no/such/page").await;
    assert_eq!(s, 404);
    assert!(html.contains("Page not found"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn javascript_off_login_form_redirects_with_a_message_code() {
    let app = TestApp::spawn().await;
    let c = app.client();
    let r = c
        .post(app.url("/api/login"))
        .header("accept", "text/html")
        .header("referer", app.url("/login"))
        .form(&[("email", OWNER), ("password", "wrong-password"), ("next", "/team")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], "/login?error=credentials&next=/team");
    let r =
        c.post(app.url("/api/login")).header("accept", "text/html").form(&[("email", OWNER), ("password", PASSWORD), ("next", "/team")]).send().await.unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], "/team");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_are_set() {
    let app = TestApp::spawn().await;
    let (_, h, html) = app.page(&app.client(), "/login").await;
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "inline hydration script carries the nonce");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(h.contains_key("x-request-id"));
    // the 404 page hydrates too: its inline script carries its own nonce
    let (s, h, html) = app.page(&app.client(), "/no/such/page").await;
    assert_eq!(s, 404);
    let csp = h["content-security-policy"].to_str().unwrap();
    let nonce = csp.split("'nonce-").nth(1).expect("404 page CSP has a nonce").split('\'').next().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")));
    let r = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    // Pages travel compressed to browsers that ask for it.
    let r = app.client().get(app.url("/login")).header("accept", "text/html").header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "gzip");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(reqwest::get(app.url("/healthz")).await.unwrap().status(), 200);
    let r = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(r.status(), 200);
    app.db.pool.close().await;
    assert_eq!(reqwest::get(app.url("/readyz")).await.unwrap().status(), 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_is_append_only_in_the_database() {
    let app = TestApp::spawn().await;
    app.login(&app.client(), OWNER, "wrong-password").await;
    let upd = sqlx::query("UPDATE audit_log SET action = 'nothing'").execute(&app.db.pool).await;
    assert!(upd.is_err(), "UPDATE refused on {}", app.backend);
    let del = sqlx::query("DELETE FROM audit_log").execute(&app.db.pool).await;
    assert!(del.is_err(), "DELETE refused on {}", app.backend);
    assert_eq!(app.audit_count("login.failed", OWNER).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbered_placeholders_bind_by_number_on_both_backends() {
    let app = TestApp::spawn().await;
    // out of order and repeated: $2 before $1, $1 twice
    let (a, b, c): (String, i64, i64) = sqlx::query_as("SELECT CAST($2 AS TEXT), CAST($1 AS BIGINT), CAST($1 AS BIGINT) + 1")
        .bind(41_i64)
        .bind("second")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!((a.as_str(), b, c), ("second", 41, 42));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn platform_admin_sees_every_organization_and_the_audit_trail() {
    let app = TestApp::spawn().await;
    app.login(&app.client(), OWNER, "wrong-password").await;
    let admin = app.signed_in("admin@dealflow.demo").await;
    let (s, orgs) = app.call(&admin, "platform/organizations", &[]).await;
    assert_eq!(s, 200);
    let names: Vec<&str> = orgs.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["LeadFlow Partners", "Meridian Watch Co.", "Riley Realty"]);
    let (s, log) = app.call(&admin, "audit", &[]).await;
    assert_eq!(s, 200);
    assert!(log.as_array().unwrap().iter().any(|e| e["action"] == "login.failed" && e["target"] == OWNER));
    // an owner sees only their organization's entries
    let riley = app.signed_in("owner@riley.demo").await;
    let (_, log) = app.call(&riley, "audit", &[]).await;
    assert!(log.as_array().unwrap().iter().all(|e| e["target"] != OWNER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_exports_are_guarded_scoped_and_formula_safe() {
    let app = TestApp::spawn().await;
    // a colleague whose name is a spreadsheet formula
    let (org,): (String,) = sqlx::query_as("SELECT org_id FROM users WHERE email = $1").bind(OWNER).fetch_one(&app.db.pool).await.unwrap();
    sqlx::query("INSERT INTO users (id, org_id, email, display_name, role, password_hash, is_active, created_at, password_changed_at) VALUES ('evil', $1, 'evil@meridian.demo', '=HYPERLINK(\"http://x\",\"y\")', 'staff', 'x', 1, 0, 0)")
        .bind(&org)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = app.client().get(app.url("/export/team.csv")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let viewer = app.signed_in(VIEWER).await;
    assert_eq!(viewer.get(app.url("/export/team.csv")).send().await.unwrap().status(), 403);
    let owner = app.signed_in(OWNER).await;
    let r = owner.get(app.url("/export/team.csv")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("team.csv"));
    let body = r.text().await.unwrap();
    let mut lines = body.split("\r\n");
    // Times read in the organization's zone, and the header says which.
    assert_eq!(lines.next().unwrap(), "Name,Email,Role,Status,Joined (America/New_York)");
    assert!(body.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",evil@meridian.demo,Staff,"), "{body}");
    assert!(body.contains(BROKER));
    assert!(!body.contains("@riley.demo"), "only this organization");
    let r = owner.get(app.url("/export/audit.csv")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("login.succeeded"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ui_kit_exists_only_in_demo_mode_for_the_platform_admin() {
    // the test server runs with demo mode off
    let app = TestApp::spawn().await;
    let admin = app.signed_in("admin@dealflow.demo").await;
    let (s, _) = app.call(&admin, "kit/rows", &[]).await;
    assert_eq!(s, 404);
    assert_eq!(app.call(&admin, "kit/charts", &[]).await.0, 404);
    assert_eq!(admin.get(app.url("/export/kit.csv")).send().await.unwrap().status(), 404);
    let (s, _, _) = app.page(&admin, "/kit").await;
    assert_eq!(s, 404);
    let owner = app.signed_in(OWNER).await;
    let (s, _) = app.call(&owner, "kit/rows", &[]).await;
    assert_eq!(s, 403);
    assert_eq!(app.call(&owner, "kit/charts", &[]).await.0, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_sets_the_organizations_time_zone_and_dates_follow_it() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in(OWNER).await;
    // Each organization starts with its own zone, which the browser is told.
    let (_, me) = app.call(&owner, "me", &[]).await;
    assert_eq!(me["org_time_zone"], "America/New_York");
    // Only the owner may change it; an unknown zone is a field error; nothing changes.
    let manager = app.signed_in("manager@meridian.demo").await;
    assert_eq!(app.call(&manager, "org/time-zone", &[("time_zone", "Europe/Paris")]).await.0, 403);
    let (s, body) = app.call(&owner, "org/time-zone", &[("time_zone", "Europe/Atlantis")]).await;
    assert_eq!(s, 422, "{body}");
    assert!(body["fields"]["time_zone"][0].as_str().unwrap().contains("is not a time zone"), "{body}");
    assert_eq!(app.call(&owner, "me", &[]).await.1["org_time_zone"], "America/New_York");
    // The owner's change is audited and every date reads in the new zone.
    ok(&app, &owner, "org/time-zone", &[("time_zone", "Asia/Tokyo")]).await;
    let me = app.call(&owner, "me", &[]).await.1;
    assert_eq!(me["org_time_zone"], "Asia/Tokyo");
    // The browser reads dates through the zone's clocks that come with it (it has no zone database).
    assert_eq!(me["org_zone_rules"]["zone"], "Asia/Tokyo");
    assert!(me["org_zone_rules"]["names"].as_array().unwrap().contains(&serde_json::json!("JST")), "{me}");
    let org_id: (String,) = sqlx::query_as("SELECT org_id FROM users WHERE email = $1").bind(OWNER).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(app.audit_count("org.time_zone_changed", &org_id.0).await, 1);
    let csv = owner.get(app.url("/export/team.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.starts_with("Name,Email,Role,Status,Joined (Asia/Tokyo)\r\n"), "{csv}");
    // Demo people joined at 00:00 UTC on their day: 09:00 in Tokyo.
    assert!(csv.contains(", 09:00 JST"), "{csv}");
    // Another organization keeps its own.
    let riley = app.signed_in("owner@riley.demo").await;
    assert_eq!(app.call(&riley, "me", &[]).await.1["org_time_zone"], "America/Chicago");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_start_together_on_an_empty_database() {
    use dealflow::server::{config::Config, http};
    let (url, _) = common::fresh_database_url().await;
    let start = || {
        let mut config = Config::for_tests(&url);
        config.demo = true;
        http::build(config, dealflow::app::site())
    };
    // Both migrate and seed at the same moment: one loads the demo, the other finds it.
    let (a, b) = tokio::join!(start(), start());
    let (a, b) = (a.expect("server A starts"), b.expect("server B starts"));
    assert_eq!(a.2.is_some() as u8 + b.2.is_some() as u8, 1, "the demo is loaded once");
    let (orgs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organizations").fetch_one(&a.1.db.pool).await.unwrap();
    assert_eq!(orgs, 4);
}
