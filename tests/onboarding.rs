//! A real installation's onboarding over HTTP: the first administrator (the
//! real `dealflow admin` command), organizations and their first owner,
//! invitations with roles, deactivation, and "forgot password".

mod common;

use common::{dead_port, mail_text, ok, smtp_sink, TestApp, PASSWORD};
use dealflow::server::config::SmtpConfig;
use serde_json::Value;

const OWNER: &str = "owner@meridian.demo";
const MANAGER: &str = "manager@meridian.demo";
const BROKER: &str = "broker@meridian.demo";
const RILEY_OWNER: &str = "owner@riley.demo";

/// The token at the end of a one-time link.
fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

/// Signs in with an email and password; asserts success.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let c = app.client();
    let r = app.login(&c, email, password).await;
    assert_eq!(r.status(), 200, "sign in as {email}: {}", r.text().await.unwrap_or_default());
    c
}

/// Runs the real binary against the test's database.
fn dealflow(app: &TestApp, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dealflow"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("DEALFLOW_PUBLIC_URL", format!("http://{}", app.addr))
        .env("DEALFLOW_DEMO", "false")
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run dealflow");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_installation_gets_an_admin_an_organization_an_owner_and_a_broker() {
    let app = TestApp::spawn_empty_with(|_| {}).await;
    // Nobody can sign in yet.
    assert_eq!(app.login(&app.client(), "admin@acme.test", "whatever-password").await.status(), 401);

    // The first administrator, with the real command (password typed twice, from a pipe).
    let out = dealflow(&app, &["admin", "create", "--email", "Admin@Acme.test", "--name", "Ada Admin"], "first-admin-pass\nfirst-admin-pass\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Platform administrator admin@acme.test created"), "{}", text(&out.stdout));
    // A second one is refused without --force.
    let again = dealflow(&app, &["admin", "create", "--email", "other@acme.test"], "other-admin-pass\nother-admin-pass\n");
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("a platform administrator exists already (admin@acme.test); add --force"), "{}", text(&again.stderr));
    let mismatch = dealflow(&app, &["admin", "create", "--email", "other@acme.test", "--force"], "other-admin-pass\nother-admin-typo\n");
    assert!(!mismatch.status.success() && text(&mismatch.stderr).contains("do not match"), "{}", text(&mismatch.stderr));

    let admin = sign_in(&app, "admin@acme.test", "first-admin-pass").await;
    assert_eq!(ok(&app, &admin, "platform/organizations", &[]).await, serde_json::json!([]));

    // The admin creates an organization; without SMTP the owner's link is shown once.
    let created = ok(
        &app,
        &admin,
        "platform/organizations/create",
        &[
            ("name", "Acme Watches"),
            ("currency", "EUR"),
            ("time_zone", "Europe/Berlin"),
            ("owner_name", "Olga Owner"),
            ("owner_email", "olga@acme.test"),
            ("dealer", "on"),
        ],
    )
    .await;
    assert_eq!(created["org_name"], "Acme Watches");
    assert_eq!(created["invite"]["emailed"], false);
    let owner_link = created["invite"]["link"].as_str().unwrap().to_string();
    assert!(owner_link.starts_with(&format!("http://{}/invite/", app.addr)), "{owner_link}");
    let orgs = ok(&app, &admin, "platform/organizations", &[]).await;
    assert_eq!(orgs[0]["name"], "Acme Watches");
    assert_eq!(orgs[0]["currency"], "EUR");
    assert_eq!(orgs[0]["modules"], serde_json::json!(["dealer"]));
    // The link is not kept anywhere in clear.
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM invitations").fetch_one(&app.db.pool).await.unwrap();
    assert!(!stored.contains(&token_of(&owner_link)));

    // The owner opens the link (the page, then its data), chooses a password and is signed in.
    let owner = app.client();
    let (status, _, html) = app.page(&owner, &format!("/invite/{}", token_of(&owner_link))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Acme Watches") && html.contains("olga@acme.test"), "the invitation page names the organization and the address");
    let view = ok(&app, &owner, "invitation", &[("token", &token_of(&owner_link))]).await;
    assert_eq!(view["role"], "owner");
    assert_eq!(view["invited_by"], "Ada Admin");
    let (s, body) =
        app.call(&owner, "invitation/accept", &[("token", &token_of(&owner_link)), ("name", "Olga Owner"), ("password", "short"), ("confirm", "short")]).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["fields"]["password"][0], "Use at least 8 characters.");
    ok(
        &app,
        &owner,
        "invitation/accept",
        &[("token", &token_of(&owner_link)), ("name", "Olga Owner"), ("password", "olga-password"), ("confirm", "olga-password")],
    )
    .await;
    let me = ok(&app, &owner, "me", &[]).await;
    assert_eq!((me["role"].as_str(), me["org_name"].as_str(), me["org_time_zone"].as_str()), (Some("owner"), Some("Acme Watches"), Some("Europe/Berlin")));
    // The link worked once.
    let (s, body) = app.call(&app.client(), "invitation", &[("token", &token_of(&owner_link))]).await;
    assert_eq!(s, 410, "{body}");
    assert!(body["message"].as_str().unwrap().contains("used already"), "{body}");

    // The owner invites a broker; only the dealer's roles are offered.
    let (s, body) = ok_or(&app, &owner, "team/invite", &[("email", "ben@brokers.test"), ("name", "Ben Broker"), ("role", "investor")]).await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"]["role"][0], "This role needs a module your organization does not have.");
    let invite = ok(&app, &owner, "team/invite", &[("email", "ben@brokers.test"), ("name", "Ben Broker"), ("role", "broker")]).await;
    let broker_link = invite["link"].as_str().unwrap().to_string();
    let invitations = ok(&app, &owner, "team/invitations", &[]).await;
    assert_eq!(invitations["roles"], serde_json::json!(["owner", "manager", "staff", "viewer", "broker"]));
    let open = &invitations["open"];
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!((open[0]["email"].as_str(), open[0]["status"].as_str()), (Some("ben@brokers.test"), Some("pending")));

    // The broker accepts and lands on his own, empty portal.
    let broker = app.client();
    let r = broker
        .post(app.url("/api/invitation/accept"))
        .header("accept", "text/html")
        .form(&[("token", token_of(&broker_link).as_str()), ("name", "Ben Broker"), ("password", "ben-password"), ("confirm", "ben-password")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302, "a plain form post is sent on");
    assert_eq!(r.headers()["location"], "/");
    let (status, _, home) = app.page(&broker, "/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Ben Broker"), "his name is in the frame");
    assert!(home.contains("Submit your first watch"), "his first steps");
    let (status, _, deals) = app.page(&broker, "/deals").await;
    assert_eq!(status, 200);
    assert!(deals.contains("No accepted deals yet"), "a helpful empty state");
    let (status, _, commissions) = app.page(&broker, "/commissions").await;
    assert_eq!(status, 200);
    assert!(commissions.contains("No commissions"), "a helpful empty state");
    assert_eq!(ok(&app, &owner, "team/invitations", &[]).await["open"], serde_json::json!([]), "no longer open");
    let team = ok(&app, &owner, "team", &[]).await;
    let emails: Vec<&str> = team.as_array().unwrap().iter().map(|m| m["email"].as_str().unwrap()).collect();
    assert_eq!(emails, vec!["ben@brokers.test", "olga@acme.test"]);
    assert_eq!(app.audit_count("invitation.accepted", "ben@brokers.test").await, 1);
}

/// A call that may fail: its status and JSON.
async fn ok_or(app: &TestApp, c: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> (u16, Value) {
    app.call(c, name, form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_created_with_a_link_chooses_his_password_through_it() {
    let app = TestApp::spawn_empty_with(|_| {}).await;
    let out = dealflow(&app, &["admin", "create", "--email", "ops@acme.test", "--link"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let link = stdout.lines().find(|l| l.contains("/reset/")).expect("a link is printed").trim().to_string();
    assert!(link.starts_with(&format!("http://{}/reset/", app.addr)), "{link}");
    let view = ok(&app, &app.client(), "password/link", &[("token", &token_of(&link))]).await;
    assert_eq!(view, serde_json::json!({"email": "ops@acme.test", "first": true}));
    let c = app.client();
    ok(&app, &c, "password/reset", &[("token", &token_of(&link)), ("password", "ops-password-1"), ("confirm", "ops-password-1")]).await;
    let admin = sign_in(&app, "ops@acme.test", "ops-password-1").await;
    assert_eq!(ok(&app, &admin, "me", &[]).await["role"], "platform_admin");
    let (s, _) = app.call(&c, "password/reset", &[("token", &token_of(&link)), ("password", "ops-password-2"), ("confirm", "ops-password-2")]).await;
    assert_eq!(s, 410, "the link works once");
    // An address that has a login is refused, --force or not.
    let dup = dealflow(&app, &["admin", "create", "--email", "ops@acme.test", "--force", "--link"], "");
    assert!(!dup.status.success() && text(&dup.stderr).contains("ops@acme.test already has a login"), "{}", text(&dup.stderr));
    let forced = dealflow(&app, &["admin", "create", "--email", "second@acme.test", "--force", "--link"], "");
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    // `admin link` helps anyone who forgot his password on an installation without SMTP.
    let help = dealflow(&app, &["admin", "link", "--email", "ops@acme.test"], "");
    assert!(help.status.success(), "{}", text(&help.stderr));
    let link = text(&help.stdout).lines().find(|l| l.contains("/reset/")).unwrap().trim().to_string();
    assert_eq!(ok(&app, &app.client(), "password/link", &[("token", &token_of(&link))]).await["first"], false);
    let unknown = dealflow(&app, &["admin", "link", "--email", "nobody@acme.test"], "");
    assert!(!unknown.status.success() && text(&unknown.stderr).contains("nobody@acme.test has no login"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_are_checked_single_use_resent_withdrawn_and_expire() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in(OWNER).await;
    let invite = |email: &'static str, role: &'static str| [("email", email), ("name", "New Person"), ("role", role)];
    // Bad input: every field's message at once; nothing is written.
    let (s, body) = app.call(&owner, "team/invite", &[("email", "not-an-email"), ("name", " "), ("role", "platform_admin")]).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["fields"]["email"][0], "Enter a valid email address, like name@example.com.");
    assert_eq!(body["fields"]["name"][0], "Enter a name.");
    assert_eq!(body["fields"]["role"][0], "People cannot be invited as platform administrators.");
    let (s, body) = app.call(&owner, "team/invite", &invite("x@example.com", "agent")).await;
    assert_eq!((s, body["fields"]["role"][0].as_str()), (422, Some("This role needs a module your organization does not have.")), "Meridian has no brokerage");
    let (s, body) = app.call(&owner, "team/invite", &invite("broker@meridian.demo", "staff")).await;
    assert_eq!((s, body["fields"]["email"][0].as_str()), (422, Some("broker@meridian.demo already has a Dealflow login.")));
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM invitations").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(n, 0);
    // Only the owner invites.
    for who in [MANAGER, BROKER] {
        let c = app.signed_in(who).await;
        assert_eq!(app.call(&c, "team/invite", &invite("x@example.com", "staff")).await.0, 403, "{who}");
    }

    let first = ok(&app, &owner, "team/invite", &invite("nia@example.com", "investor")).await;
    let (s, body) = app.call(&owner, "team/invite", &invite("NIA@example.com", "staff")).await;
    assert_eq!((s, body["fields"]["email"][0].as_str()), (422, Some("nia@example.com has an open invitation already: resend it from the list.")));
    let id = ok(&app, &owner, "team/invitations", &[]).await["open"][0]["id"].as_str().unwrap().to_string();
    // Resending replaces the link: the first one no longer works.
    let second = ok(&app, &owner, "team/invitations/resend", &[("id", &id)]).await;
    let old_token = token_of(first["link"].as_str().unwrap());
    let new_token = token_of(second["link"].as_str().unwrap());
    assert_ne!(old_token, new_token);
    assert_eq!(app.call(&app.client(), "invitation", &[("token", &old_token)]).await.0, 404);
    assert_eq!(ok(&app, &app.client(), "invitation", &[("token", &new_token)]).await["email"], "nia@example.com");
    // Another organization's owner cannot see, resend or withdraw it.
    let riley = app.signed_in(RILEY_OWNER).await;
    assert_eq!(ok(&app, &riley, "team/invitations", &[]).await["open"], serde_json::json!([]));
    assert_eq!(app.call(&riley, "team/invitations/resend", &[("id", &id)]).await.0, 404);
    assert_eq!(app.call(&riley, "team/invitations/revoke", &[("id", &id)]).await.0, 404);
    // Past its date it answers 410 and says whom to ask; resending renews it.
    sqlx::query("UPDATE invitations SET expires_at = 1").execute(&app.db.pool).await.unwrap();
    assert_eq!(ok(&app, &owner, "team/invitations", &[]).await["open"][0]["status"], "expired");
    let (s, body) = app.call(&app.client(), "invitation", &[("token", &new_token)]).await;
    assert_eq!((s, body["message"].as_str()), (410, Some("This invitation has expired. Ask Olivia Hart to send you a new one.")));
    let (s, _) = app
        .call(&app.client(), "invitation/accept", &[("token", &new_token), ("name", "Nia"), ("password", "nia-password"), ("confirm", "nia-password")])
        .await;
    assert_eq!(s, 410);
    let renewed = ok(&app, &owner, "team/invitations/resend", &[("id", &id)]).await;
    let token = token_of(renewed["link"].as_str().unwrap());
    // Withdrawn: the link stops working at once.
    ok(&app, &owner, "team/invitations/revoke", &[("id", &id)]).await;
    let (s, body) = app.call(&app.client(), "invitation", &[("token", &token)]).await;
    assert_eq!((s, body["message"].as_str()), (410, Some("This invitation was withdrawn. Ask Olivia Hart to send you a new one.")));
    assert_eq!(app.call(&owner, "team/invitations/resend", &[("id", &id)]).await.0, 409);
    assert_eq!(app.call(&app.client(), "invitation", &[("token", "0".repeat(64).as_str())]).await.0, 404);
    assert_eq!(app.audit_count("invitation.revoked", "nia@example.com").await, 1);

    // Accepted invitations make a login in the inviting organization with the invited role.
    let staff = ok(&app, &owner, "team/invite", &invite("sam@example.com", "staff")).await;
    let c = app.client();
    ok(
        &app,
        &c,
        "invitation/accept",
        &[("token", &token_of(staff["link"].as_str().unwrap())), ("name", "Sam Staff"), ("password", "sam-password"), ("confirm", "sam-password")],
    )
    .await;
    let me = ok(&app, &c, "me", &[]).await;
    assert_eq!((me["role"].as_str(), me["org_name"].as_str(), me["name"].as_str()), (Some("staff"), Some("Meridian Watch Co."), Some("Sam Staff")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_are_emailed_when_smtp_is_configured_and_shown_when_it_fails() {
    let (port, inbox) = smtp_sink().await;
    let app =
        TestApp::spawn_with(|c| c.smtp = Some(SmtpConfig { url: format!("smtp://127.0.0.1:{port}"), from: "Dealflow <no-reply@dealflow.test>".into() })).await;
    let owner = app.signed_in(OWNER).await;
    let sent = ok(&app, &owner, "team/invite", &[("email", "vera@example.com"), ("name", "Vera Viewer"), ("role", "viewer")]).await;
    assert_eq!((sent["emailed"].as_bool(), sent["link"].as_str()), (Some(true), None), "emailed: the link is not shown");
    let mail = inbox.lock().unwrap().clone();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, vec!["vera@example.com".to_string()]);
    let body = mail_text(&mail[0].1);
    assert!(body.contains("Subject: Olivia Hart invited you to Meridian Watch Co. on Dealflow"), "{body}");
    let link = body.split_whitespace().find(|w| w.contains("/invite/")).unwrap().to_string();
    assert_eq!(ok(&app, &app.client(), "invitation", &[("token", &token_of(&link))]).await["name"], "Vera Viewer");

    // The relay is down: the owner is told and gets the link to pass on.
    let dead = dead_port().await;
    let down =
        app.spawn_beside(|c| c.smtp = Some(SmtpConfig { url: format!("smtp://127.0.0.1:{dead}"), from: "Dealflow <no-reply@dealflow.test>".into() })).await;
    let owner_b = down.signed_in(OWNER).await;
    let shown = ok(&down, &owner_b, "team/invite", &[("email", "walt@example.com"), ("name", "Walt"), ("role", "staff")]).await;
    assert_eq!(shown["emailed"], false);
    assert!(shown["email_error"].as_str().unwrap().starts_with("The email could not be sent"), "{shown}");
    assert!(shown["link"].as_str().unwrap().contains("/invite/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_member_is_signed_out_at_once_and_his_records_stay() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in(OWNER).await;
    let broker = app.signed_in(BROKER).await;
    let broker_id = app.user_id(BROKER).await;
    let deals_before = ok(&app, &owner, "desk/inventory", &[]).await;
    let member = ok(&app, &owner, "team/member/active", &[("id", &broker_id), ("active", "false")]).await;
    assert_eq!(member["active"], false);
    // His open session ends at once; he cannot sign in again.
    assert_eq!(ok(&app, &broker, "me", &[]).await, Value::Null);
    assert_eq!(app.call(&broker, "broker/dashboard", &[]).await.0, 401);
    assert_eq!(app.login(&app.client(), BROKER, PASSWORD).await.status(), 401);
    // His records stay.
    assert_eq!(ok(&app, &owner, "desk/inventory", &[]).await, deals_before);
    assert_eq!(app.audit_count("member.deactivated", BROKER).await, 1);
    // Nobody deactivates himself; another organization's member is 404; only owners.
    let owner_id = app.user_id(OWNER).await;
    let (s, body) = app.call(&owner, "team/member/active", &[("id", &owner_id), ("active", "false")]).await;
    assert_eq!((s, body["message"].as_str()), (409, Some("You cannot deactivate yourself. Another owner can.")));
    let riley_agent = app.user_id("agent@riley.demo").await;
    assert_eq!(app.call(&owner, "team/member/active", &[("id", &riley_agent), ("active", "false")]).await.0, 404);
    let manager = app.signed_in(MANAGER).await;
    assert_eq!(app.call(&manager, "team/member/active", &[("id", &broker_id), ("active", "true")]).await.0, 403);
    // Let back in.
    ok(&app, &owner, "team/member/active", &[("id", &broker_id), ("active", "true")]).await;
    assert_eq!(app.login(&app.client(), BROKER, PASSWORD).await.status(), 200);
}

/// Waits for the SMTP sink to hold `n` messages (the reset email is sent off the request).
async fn wait_for_mail(inbox: &common::Inbox, n: usize) -> Vec<(Vec<String>, String)> {
    for _ in 0..100 {
        if inbox.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    inbox.lock().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_answers_alike_and_its_link_works_once() {
    let (port, inbox) = smtp_sink().await;
    let app =
        TestApp::spawn_with(|c| c.smtp = Some(SmtpConfig { url: format!("smtp://127.0.0.1:{port}"), from: "Dealflow <no-reply@dealflow.test>".into() })).await;
    let signed_in_elsewhere = app.signed_in(MANAGER).await;
    let anyone = app.client();
    let known = app.call(&anyone, "password/forgot", &[("email", MANAGER)]).await;
    let unknown = app.call(&anyone, "password/forgot", &[("email", "nobody@meridian.demo")]).await;
    assert_eq!(known, unknown, "the same answer whether or not the address has a login");
    assert_eq!(known.0, 200);
    let (s, body) = app.call(&anyone, "password/forgot", &[("email", "nope")]).await;
    assert_eq!((s, body["fields"]["email"][0].as_str()), (422, Some("Enter a valid email address, like name@example.com.")));
    let mail = wait_for_mail(&inbox, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(inbox.lock().unwrap().len(), 1, "no email for an unknown address");
    assert_eq!(mail[0].0, vec![MANAGER.to_string()]);
    let body = mail_text(&mail[0].1);
    let link = body.split_whitespace().find(|w| w.contains("/reset/")).unwrap().to_string();
    let token = token_of(&link);
    assert_eq!(ok(&app, &anyone, "password/link", &[("token", &token)]).await, serde_json::json!({"email": MANAGER, "first": false}));

    let (s, body) = app.call(&anyone, "password/reset", &[("token", &token), ("password", "new-manager-pass"), ("confirm", "new-manager-typo")]).await;
    assert_eq!((s, body["fields"]["confirm"][0].as_str()), (422, Some("The two new passwords do not match.")));
    ok(&app, &anyone, "password/reset", &[("token", &token), ("password", "new-manager-pass"), ("confirm", "new-manager-pass")]).await;
    assert_eq!(ok(&app, &signed_in_elsewhere, "me", &[]).await, Value::Null, "every session of the account ended");
    assert_eq!(app.login(&app.client(), MANAGER, PASSWORD).await.status(), 401, "the old password is gone");
    sign_in(&app, MANAGER, "new-manager-pass").await;
    let (s, body) = app.call(&anyone, "password/reset", &[("token", &token), ("password", "again-manager"), ("confirm", "again-manager")]).await;
    assert_eq!((s, body["message"].as_str()), (410, Some("This link was used already. Ask for a new one on the sign-in page.")));

    // At most three links an hour per account, and ten requests per network per quarter hour.
    for _ in 0..8 {
        ok(&app, &anyone, "password/forgot", &[("email", OWNER)]).await;
    }
    let r = anyone.post(app.url("/api/password/forgot")).form(&[("email", OWNER)]).send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    let mail = wait_for_mail(&inbox, 4).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let to_owner = inbox.lock().unwrap().iter().filter(|(to, _)| to == &vec![OWNER.to_string()]).count();
    assert_eq!(to_owner, 3, "{} mails in all", mail.len());
}
