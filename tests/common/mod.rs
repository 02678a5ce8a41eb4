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

    /// A server over an empty database: no organization, no person (a real
    /// installation before its first administrator).
    pub async fn spawn_empty_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        let (url, backend) = fresh_database_url().await;
        let db = Db::connect(&url).await.expect("connect and migrate");
        TestApp::start(url, db, backend, |c| {
            c.demo = false;
            configure(c)
        })
        .await
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

/// What the SMTP sink received: envelope recipients and the DATA section.
pub type Inbox = std::sync::Arc<std::sync::Mutex<Vec<(Vec<String>, String)>>>;

/// A minimal SMTP server on a loopback port that keeps every message it is
/// given, as a real relay would; it answers the end of each message after
/// `delay` (a slow relay).
pub async fn smtp_sink_with_delay(delay: std::time::Duration) -> (u16, Inbox) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Inbox = Default::default();
    let keep = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { return };
            let keep = keep.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink.test ESMTP\r\n").await.unwrap();
                let mut rcpt = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250-sink.test\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt.push(line[8..].trim().trim_matches(|c| c == '<' || c == '>').to_string());
                        b"250 OK\r\n"
                    } else if upper.starts_with("DATA") {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        tokio::time::sleep(delay).await;
                        keep.lock().unwrap().push((std::mem::take(&mut rcpt), data));
                        b"250 queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, inbox)
}

pub async fn smtp_sink() -> (u16, Inbox) {
    smtp_sink_with_delay(std::time::Duration::ZERO).await
}

/// A loopback port nothing listens on (an SMTP server that is down).
pub async fn dead_port() -> u16 {
    let dead = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    dead.local_addr().unwrap().port()
}

/// A mail's text as a mail client shows it (quoted-printable soft breaks joined).
pub fn mail_text(data: &str) -> String {
    data.replace("=\n", "").replace("=3D", "=")
}
