//! The edge, probed as an attacker would: malformed server-function calls,
//! oversized bodies, open redirects after sign-in, guessing a password
//! through a stolen session, locking a person out, caching, HSTS and
//! cross-origin requests. Each answer is one a browser or a script can act on.

mod common;

use common::{TestApp, PASSWORD};
use serde_json::Value;

const OWNER: &str = "owner@meridian.demo";
const BROKER: &str = "broker@meridian.demo";
const VIEWER: &str = "viewer@meridian.demo";

/// POSTs raw bytes to a server function as a form would.
async fn post_raw(app: &TestApp, c: &reqwest::Client, name: &str, body: Vec<u8>) -> (u16, Value) {
    let r = c.post(app.url(&format!("/api/{name}"))).header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_server_function_calls_answer_400_and_oversized_ones_413() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    // A missing argument.
    let (s, body) = app
        .call(&broker, "broker/submit", &[("brand", "Rolex"), ("model", "Sub"), ("reference", ""), ("asking", ""), ("notes", ""), ("source_type", "sourced")])
        .await;
    assert_eq!(s, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("photos"), "names what is missing: {body}");
    // A wrong-typed one.
    let (s, body) = app.call(&broker, "broker/signals", &[("filter", "all"), ("claimed", "maybe")]).await;
    assert_eq!(s, 400, "{body}");
    // A duplicated one.
    let (s, body) = app.call(&broker, "broker/deal", &[("id", "a"), ("id", "b")]).await;
    assert_eq!(s, 400, "{body}");
    // A body that is not UTF-8.
    let (s, body) = post_raw(&app, &broker, "broker/deal", vec![b'i', b'd', b'=', 0xff, 0xfe, 0xfd]).await;
    assert_eq!(s, 400, "{body}");
    assert!(body["error"].as_str().is_some(), "a message people can read: {body}");
    // An unknown function is not found.
    let (s, _) = app.call(&broker, "no/such/function", &[]).await;
    assert_eq!(s, 404);
    // Too large: refused before it is read.
    let big = format!("id={}", "x".repeat(2 * 1024 * 1024));
    let (s, body) = post_raw(&app, &broker, "broker/deal", big.into_bytes()).await;
    assert_eq!(s, 413, "{body}");
    // Nothing of it broke the server.
    assert_eq!(app.call(&broker, "broker/deals", &[]).await.0, 200);
}

/// The JavaScript-off login form: where it sends the person.
async fn plain_login(app: &TestApp, next: &str) -> (u16, String) {
    let c = app.client();
    let r = c
        .post(app.url("/api/login"))
        .header("accept", "text/html")
        .form(&[("email", OWNER), ("password", PASSWORD), ("next", next)])
        .send()
        .await
        .expect("the server answers (no dropped connection)");
    let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (r.status().as_u16(), location)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_only_follows_same_origin_paths_of_safe_characters() {
    let app = TestApp::spawn().await;
    assert_eq!(plain_login(&app, "/desk/payouts?tab=open").await, (302, "/desk/payouts?tab=open".to_string()));
    for evil in
        ["/\t/evil.example", "/\n/evil.example", "/x\r\nSet-Cookie: a=b", "/x\0y", "//evil.example", "/\\evil.example", "https://evil.example", "/ /evil"]
    {
        assert_eq!(plain_login(&app, evil).await, (302, "/".to_string()), "{evil:?}");
    }
    // A failed sign-in keeps a safe `next` for the form, and only that.
    let c = app.client();
    let r =
        c.post(app.url("/api/login")).header("accept", "text/html").form(&[("email", OWNER), ("password", "wrong"), ("next", "/x\r\ny")]).send().await.unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], "/login?error=credentials");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_the_current_password_through_a_session_is_throttled_and_ends_it() {
    let app = TestApp::spawn().await;
    let stolen = app.signed_in(VIEWER).await;
    let guess = |n: usize| [("current_password", format!("guess-{n}")), ("new_password", "a-new-secret".into()), ("confirm", "a-new-secret".into())];
    for n in 0..4 {
        let form = guess(n);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.call(&stolen, "change_password", &form).await.0, 422);
    }
    let form = guess(4);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = stolen.post(app.url("/api/change_password")).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    assert!(r.text().await.unwrap().contains("signed out"));
    // That session is over; the person's own password still works.
    assert_eq!(app.call(&stolen, "me", &[]).await.1, Value::Null);
    assert_eq!(app.login(&app.client(), VIEWER, PASSWORD).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_locks_a_person_out_by_typing_his_email() {
    let app = TestApp::spawn_with(|c| c.trust_proxy = true).await;
    let from = |ip: &'static str| {
        let c = app.client();
        let url = app.url("/api/login");
        move |password: &'static str| {
            let (c, url) = (c.clone(), url.clone());
            async move { c.post(url).header("x-forwarded-for", ip).form(&[("email", BROKER), ("password", password)]).send().await.unwrap() }
        }
    };
    let attacker = from("203.0.113.9");
    for _ in 0..5 {
        assert_eq!(attacker("wrong-password").await.status(), 401);
    }
    let r = attacker(PASSWORD).await;
    assert_eq!(r.status(), 429, "the guesser waits");
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&wait), "Retry-After {wait}");
    // The broker, from his own network, signs in.
    assert_eq!(from("198.51.100.7")(PASSWORD).await.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_attempts_say_when_to_try_again() {
    let app = TestApp::spawn().await;
    let c = app.client();
    for _ in 0..5 {
        assert_eq!(app.login(&c, BROKER, "wrong-password").await.status(), 401);
    }
    let r = app.login(&c, BROKER, PASSWORD).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&wait), "Retry-After {wait}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_answers_are_not_cached_and_https_gets_hsts() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in(OWNER).await;
    let (s, headers, _) = app.page(&owner, "/desk/payouts").await;
    assert_eq!(s, 200);
    assert_eq!(headers["cache-control"], "no-store");
    let r = owner.post(app.url("/api/me")).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert!(r.headers().get("strict-transport-security").is_none(), "not over plain http");
    let secure = TestApp::spawn_with(|c| {
        c.public_url = "https://dealflow.example".into();
        c.secure_cookies = true;
    })
    .await;
    let r = secure.client().get(secure.url("/login")).send().await.unwrap();
    assert!(r.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_origin_must_be_the_public_url() {
    let app = TestApp::spawn().await;
    let login = |origin: &str, site: Option<&str>, host: Option<&str>| {
        let mut r = app.client().post(app.url("/api/login")).header("origin", origin).form(&[("email", OWNER), ("password", PASSWORD)]);
        if let Some(s) = site {
            r = r.header("sec-fetch-site", s);
        }
        if let Some(h) = host {
            r = r.header("host", h);
        }
        r.send()
    };
    let own = format!("http://{}", app.addr);
    assert_eq!(login(&own, Some("same-origin"), None).await.unwrap().status(), 200);
    assert_eq!(login(&own, None, None).await.unwrap().status(), 200);
    // A rebound DNS name: Origin and Host agree with each other, not with us.
    assert_eq!(login("http://evil.example", None, Some("evil.example")).await.unwrap().status(), 403);
    // An Origin that disagrees is refused whatever Sec-Fetch-Site says.
    assert_eq!(login("http://evil.example", Some("same-origin"), None).await.unwrap().status(), 403);
    assert_eq!(login(&format!("https://{}", app.addr), None, None).await.unwrap().status(), 403, "another scheme");
    assert_eq!(login("null", None, None).await.unwrap().status(), 403);
}
