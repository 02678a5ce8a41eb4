//! The upload route over real HTTP: real multipart bodies, real files on
//! disk, a real database (SQLite, and PostgreSQL in the test command).

mod common;

use common::TestApp;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const OWNER: &str = "owner@meridian.demo";
const VIEWER: &str = "viewer@meridian.demo";
const BROKER: &str = "broker@meridian.demo";
const OTHER_BROKER: &str = "broker2@meridian.demo";

/// A real 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06,
    0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00,
    0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn post_file(app: &TestApp, client: &reqwest::Client, name: &str, bytes: Vec<u8>, claimed: &str) -> (u16, Value) {
    let part = Part::bytes(bytes).file_name(name.to_string()).mime_str(claimed).unwrap();
    let r = client.post(app.url("/uploads")).multipart(Form::new().part("file", part)).send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn upload_rows(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM uploads").fetch_one(&app.db.pool).await.unwrap();
    n
}

/// Files under the server's upload folder (leftover `.part` files included).
fn files_on_disk(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    let root = app.data_dir.join("uploads");
    for org in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(org.path()).into_iter().flatten().flatten() {
            out.push(f.file_name().to_string_lossy().into_owned());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_uploads_and_reads_back_for_its_owner_and_the_team_only() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let (s, body) = post_file(&app, &broker, "../../IMG 0042.png", PNG.to_vec(), "application/octet-stream").await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["file_name"], "IMG 0042.png", "folders are stripped from the name");
    assert_eq!(body["content_type"], "image/png", "the type comes from the bytes, not the browser's claim");
    assert_eq!(body["size_bytes"], PNG.len());
    let url = body["url"].as_str().unwrap().to_string();
    let id = body["id"].as_str().unwrap().to_string();
    assert_eq!(files_on_disk(&app), vec![id.clone()]);
    assert_eq!(app.audit_count("file.uploaded", &id).await, 1);

    let r = broker.get(app.url(&url)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);

    // The dealer's team sees it; another broker, another organization and nobody do not.
    let owner = app.signed_in(OWNER).await;
    assert_eq!(owner.get(app.url(&url)).send().await.unwrap().status(), 200);
    let other = app.signed_in(OTHER_BROKER).await;
    assert_eq!(other.get(app.url(&url)).send().await.unwrap().status(), 404);
    let riley = app.signed_in("owner@riley.demo").await;
    assert_eq!(riley.get(app.url(&url)).send().await.unwrap().status(), 404);
    assert_eq!(app.client().get(app.url(&url)).send().await.unwrap().status(), 401);
    assert_eq!(broker.get(app.url("/uploads/no-such-file")).send().await.unwrap().status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_large_files_are_refused_and_leave_nothing_behind() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    // The test server's limit is 1 MiB.
    let mut big = PNG.to_vec();
    big.resize(1024 * 1024 + 1, 0);
    let (s, body) = post_file(&app, &broker, "huge.png", big, "image/png").await;
    assert_eq!(s, 413, "{body}");
    assert!(body["error"].as_str().unwrap().contains("larger than 1.0 MB"), "{body}");
    // Far over the limit: refused by the body limit itself, same answer.
    let (s, body) = post_file(&app, &broker, "huger.png", vec![0x89; 3 * 1024 * 1024], "image/png").await;
    assert_eq!(s, 413, "{body}");
    assert_eq!(upload_rows(&app).await, 0);
    assert!(files_on_disk(&app).is_empty(), "no partial file: {:?}", files_on_disk(&app));
    // Exactly at the limit is fine.
    let mut max = PNG.to_vec();
    max.resize(1024 * 1024, 0);
    let (s, _) = post_file(&app, &broker, "max.png", max, "image/png").await;
    assert_eq!(s, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_not_photos_or_pdfs_get_a_clear_message() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let (s, body) = post_file(&app, &broker, "photo.jpg", b"<script>alert(1)</script>".to_vec(), "image/jpeg").await;
    assert_eq!(s, 422);
    assert!(body["fields"]["file"][0].as_str().unwrap().contains("not a file we accept"), "{body}");
    let (s, body) = post_file(&app, &broker, "empty.png", Vec::new(), "image/png").await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"]["file"][0], "The file is empty.");
    // No file part at all, and a body that is not multipart.
    let r = broker.post(app.url("/uploads")).multipart(Form::new().text("note", "hi")).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let r = broker.post(app.url("/uploads")).body("plain").header("content-type", "text/plain").send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("multipart/form-data"));
    assert_eq!(upload_rows(&app).await, 0);
    assert!(files_on_disk(&app).is_empty());
    // A PDF is accepted and downloads as an attachment.
    let (s, body) = post_file(&app, &broker, "receipt.pdf", b"%PDF-1.7\n%\xE2\xE3\n1 0 obj\n".to_vec(), "application/pdf").await;
    assert_eq!(s, 201);
    let r = broker.get(app.url(body["url"].as_str().unwrap())).send().await.unwrap();
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploading_needs_the_capability_and_a_same_origin_request() {
    let app = TestApp::spawn().await;
    let (s, _) = post_file(&app, &app.client(), "a.png", PNG.to_vec(), "image/png").await;
    assert_eq!(s, 401);
    let viewer = app.signed_in(VIEWER).await;
    let (s, body) = post_file(&app, &viewer, "a.png", PNG.to_vec(), "image/png").await;
    assert_eq!(s, 403, "{body}");
    let broker = app.signed_in(BROKER).await;
    let part = Part::bytes(PNG.to_vec()).file_name("a.png");
    let r = broker.post(app.url("/uploads")).header("origin", "http://evil.example").multipart(Form::new().part("file", part)).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(upload_rows(&app).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_missing_from_storage_answers_404_not_500() {
    let app = TestApp::spawn().await;
    let broker = app.signed_in(BROKER).await;
    let (s, body) = post_file(&app, &broker, "dial.png", PNG.to_vec(), "image/png").await;
    assert_eq!(s, 201, "{body}");
    // Storage lost it (another server's disk, an operator's mistake): the row stays.
    let root = app.data_dir.join("uploads");
    for org in std::fs::read_dir(&root).unwrap().flatten() {
        for f in std::fs::read_dir(org.path()).unwrap().flatten() {
            std::fs::remove_file(f.path()).unwrap();
        }
    }
    let r = broker.get(app.url(body["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("missing from storage"), "{body}");
}

/// The S3-compatible server the test command starts on loopback (moto), if any.
fn s3_endpoint() -> Option<String> {
    std::env::var("DEALFLOW_TEST_S3_ENDPOINT").ok().filter(|e| !e.is_empty())
}

fn in_bucket(endpoint: &str, bucket: &str) -> impl Fn(&mut dealflow::server::config::Config) + Clone {
    let (endpoint, bucket) = (endpoint.to_string(), bucket.to_string());
    move |c| {
        c.storage.url = Some(format!("s3://{bucket}"));
        c.storage.options = [
            ("aws_endpoint", endpoint.as_str()),
            ("aws_allow_http", "true"),
            ("aws_region", "us-east-1"),
            ("aws_access_key_id", "dealflow-test"),
            ("aws_secret_access_key", "dealflow-test-secret"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_bucket_a_file_uploaded_through_one_server_reads_back_through_another() {
    let Some(endpoint) = s3_endpoint() else {
        eprintln!("skipped: DEALFLOW_TEST_S3_ENDPOINT names no S3-compatible server (scripts/test.sh starts one)");
        return;
    };
    let bucket = format!("dealflow-test-{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos());
    let made = reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.unwrap();
    assert!(made.status().is_success(), "create the bucket: {}", made.status());
    let configure = in_bucket(&endpoint, &bucket);
    let a = TestApp::spawn_with(configure.clone()).await;
    let b = a.spawn_beside(configure.clone()).await;
    let (s, body) = post_file(&a, &a.signed_in(BROKER).await, "dial.png", PNG.to_vec(), "image/png").await;
    assert_eq!(s, 201, "{body}");
    assert!(files_on_disk(&a).is_empty(), "the file went to the bucket, not to server A's disk");
    // Server B, with its own empty disk, serves it.
    let broker_on_b = b.signed_in(BROKER).await;
    let url = body["url"].as_str().unwrap();
    let r = broker_on_b.get(b.url(url)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    // Gone from the bucket: a clear 404 on either server, never a 500.
    let (org,): (String,) = sqlx::query_as("SELECT org_id FROM uploads WHERE id = $1").bind(body["id"].as_str().unwrap()).fetch_one(&a.db.pool).await.unwrap();
    let mut config = dealflow::server::config::Config::for_tests(&a.database_url);
    configure(&mut config);
    let storage = dealflow::server::storage::Storage::from_config(&config).unwrap();
    storage.delete(&org, body["id"].as_str().unwrap()).await.unwrap();
    let r = broker_on_b.get(b.url(url)).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("missing from storage"));
}
