//! Test harness: a real server on a random loopback port over a fresh real
//! database — SQLite by default, PostgreSQL when
//! `DEALFLOW_TEST_DATABASE_URL=postgres://…` names a server (each test gets
//! its own database there).

#![allow(dead_code)]

use dealflow::server::config::Config;
use dealflow::server::db::Db;
use dealflow::server::{demo, http, AppState};
use reqwest::header::HeaderMap;
use std::net::SocketAddr;

pub const PASSWORD: &str = demo::DEMO_PASSWORD;

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    /// The database this server uses (another server can share it).
    pub database_url: String,
    pub backend: &'static str,
    /// Where this server keeps uploaded files.
    pub data_dir: std::path::PathBuf,
}

/// A database of its own for one test: a fresh SQLite file, or a fresh
/// database on the PostgreSQL server of `DEALFLOW_TEST_DATABASE_URL`.
pub async fn fresh_database_url() -> (String, &'static str) {
    match std::env::var("DEALFLOW_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            use sqlx::Executor;
            sqlx::any::install_default_drivers();
            let name = format!("dealflow_test_{}", uuid_like());
            let admin = sqlx::AnyPool::connect(&base).await.expect("connect to the PostgreSQL test server");
            admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create test database");
            admin.close().await;
            let (prefix, _) = base.rsplit_once('/').expect("postgres URL with a database name");
            (format!("{prefix}/{name}"), "postgres")
        }
        _ => {
            let dir = std::env::temp_dir().join("dealflow-tests");
            std::fs::create_dir_all(&dir).unwrap();
            (format!("sqlite://{}/{}.db", dir.display(), uuid_like()), "sqlite")
        }
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{}_{}_{}", std::process::id(), t % 1_000_000_000_000, N.fetch_add(1, Ordering::SeqCst))
}

impl TestApp {
    /// A server with the demo organizations and people loaded.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// `spawn`, with the configuration changed first (its public URL is the
    /// server's own address unless `configure` sets another).
    pub async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let (url, backend) = fresh_database_url().await;
        let db = Db::connect(&url).await.expect("connect and migrate");
        demo::seed(&db, 1).await.expect("seed demo data");
        TestApp::start(url, db, backend, configure).await
    }

    /// A second server on this one's database (its own port and data folder).
    pub async fn spawn_beside(&self, configure: impl FnOnce(&mut Config)) -> TestApp {
        let db = Db::connect(&self.database_url).await.expect("connect");
        TestApp::start(self.database_url.clone(), db, self.backend, configure).await
    }

    async fn start(url: String, db: Db, backend: &'static str, configure: impl FnOnce(&mut Config)) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::for_tests(&url);
        config.public_url = format!("http://{addr}");
        configure(&mut config);
        let data_dir = config.data_dir.clone();
        let state = AppState::new(db.clone(), config).expect("the test server's state");
        let app = http::router_with_state(state, dealflow::app::site());
        tokio::spawn(async move {
            let _ = http::serve_until(listener, app, std::future::pending()).await;
        });
        TestApp { addr, db, database_url: url, backend, data_dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).timeout(std::time::Duration::from_secs(20)).build().unwrap()
    }

    pub async fn login(&self, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
        client.post(self.url("/api/login")).form(&[("email", email), ("password", password)]).send().await.unwrap()
    }

    /// Signs in and asserts success.
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let c = self.client();
        let r = self.login(&c, email, PASSWORD).await;
        assert_eq!(r.status(), 200, "login as {email}: {}", r.text().await.unwrap_or_default());
        c
    }

    /// Calls a server function (POST, form-encoded) and returns status and JSON.
    pub async fn call(&self, client: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let r = client.post(self.url(&format!("/api/{name}"))).form(form).send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
    }

    /// GETs a page as a browser would (Accept: text/html).
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> (u16, HeaderMap, String) {
        let r = client.get(self.url(path)).header("accept", "text/html").send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        (status, headers, r.text().await.unwrap())
    }

    /// The id of a user, straight from the database.
    pub async fn user_id(&self, email: &str) -> String {
        let (id,): (String,) = sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&self.db.pool).await.unwrap();
        id
    }

    pub async fn audit_count(&self, action: &str, target: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND target = $2")
            .bind(action)
            .bind(target)
            .fetch_one(&self.db.pool)
            .await
            .unwrap();
        n
    }
}

/// The value of the session cookie a response set, if any.
pub fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{}=", http::SESSION_COOKIE)))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// Calls a server function and asserts it succeeded; returns its JSON.
pub async fn ok(app: &TestApp, c: &reqwest::Client, name: &str, form: &[(&str, &str)]) -> serde_json::Value {
    let (s, body) = app.call(c, name, form).await;
    assert_eq!(s, 200, "{name} {form:?}: {body}");
    body
}
