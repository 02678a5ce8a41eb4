//! The edge: what every request and answer passes through before the app
//! sees it — the caller's IP, the cross-origin refusal, security headers
//! (CSP with a per-request nonce, no caching of signed-in answers, HSTS
//! over https) and clear answers for server-function calls that Leptos
//! cannot decode (400, or 413 when too large, instead of its 500).

use crate::dto::error::AppError;
use crate::server::op::error_response;
use crate::server::state::{AppState, ClientIp};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::net::SocketAddr;

/// The nonce a page's inline hydration scripts carry: made per request by
/// [`security_headers`], which also writes the page's CSP with it, so the
/// header and the scripts cannot disagree.
#[derive(Clone)]
pub struct PageNonce(pub String);

const DEFAULT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Security headers on every response. A page's CSP allows exactly its own
/// inline scripts, by the nonce made here (a route's own policy stays: a
/// download is sandboxed). Pages, server-function answers and exports are
/// never stored by a browser or proxy. HSTS when the public URL is https.
pub async fn security_headers(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = {
        use rand::RngCore;
        let mut b = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut b);
        crate::server::crypto::hex(&b)
    };
    req.extensions_mut().insert(PageNonce(nonce.clone()));
    let private = ["/api/", "/export/", "/uploads/", "/signals/"].iter().any(|p| req.uri().path().starts_with(p));
    let mut res = next.run(req).await;
    let html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let csp = if html { HeaderValue::from_str(&page_csp(&nonce)).ok() } else { None };
        h.insert(header::CONTENT_SECURITY_POLICY, csp.unwrap_or(HeaderValue::from_static(DEFAULT_CSP)));
    }
    if (html || private) && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if st.config.public_url.starts_with("https://") {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// `scheme://host[:port]` of a URL, lower-cased, without a default port.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = match (scheme.as_str(), authority.rsplit_once(':')) {
        ("http", Some((host, "80"))) | ("https", Some((host, "443"))) => host.to_string(),
        _ => authority,
    };
    // This machine by any of its names (a browser on `localhost` for a
    // server whose URL says 127.0.0.1); a rebound DNS name is not one.
    let authority = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .find_map(|l| authority.strip_prefix(l).filter(|rest| rest.is_empty() || rest.starts_with(':')).map(|rest| format!("loopback{rest}")))
        .unwrap_or(authority);
    Some(format!("{scheme}://{authority}"))
}

/// Leptos does no CSRF check: a state-changing request is refused when its
/// `Origin` is not the public URL's (scheme, host and port — never compared
/// with the request's own `Host`, which a rebound DNS name controls), or when
/// the browser marks it cross-site.
pub async fn refuse_cross_origin(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || !is_cross_origin(&req, &st.config.public_url) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), origin = ?req.headers().get(header::ORIGIN), "refused a cross-origin request");
    (StatusCode::FORBIDDEN, Json(serde_json::json!({ "kind": "forbidden", "error": "Cross-origin request refused." }))).into_response()
}

pub fn is_cross_origin(req: &Request<Body>, public_url: &str) -> bool {
    let headers = req.headers();
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // Browsers always send Origin on a cross-origin POST; it must be ours.
        if origin_of(origin).is_none() || origin_of(origin) != origin_of(public_url) {
            return true;
        }
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => !matches!(site, "same-origin" | "none"),
        // Non-browser clients send neither.
        None => false,
    }
}

/// The caller's IP address, once per request (`X-Forwarded-For` only when
/// `DEALFLOW_TRUST_PROXY` is on).
pub async fn client_ip(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let forwarded = if state.config.trust_proxy {
        req.headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    } else {
        None
    };
    let ip = forwarded.or_else(|| req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())).unwrap_or_else(|| "unknown".into());
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

/// Server-function calls: the body is read here, at most
/// [`super::MAX_BODY_BYTES`] (413 past that; Leptos would read any size),
/// and an answer Leptos gave up on is made clear ([`server_fn_answer`]).
pub async fn server_fns(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, super::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(e) if e.to_string().contains("length limit") || std::error::Error::source(&e).is_some_and(|s| s.to_string().contains("length limit")) => {
            return error_response(AppError::TooLarge { message: "The request is too large.".into() })
        }
        Err(_) => return error_response(AppError::Transport { message: "The request could not be read.".into() }),
    };
    server_fn_answer(next.run(Request::from_parts(parts, Body::from(bytes))).await).await
}

/// Leptos answers 500 for every failure before a server function runs
/// (arguments missing, of the wrong type, repeated, not UTF-8; a body over
/// the limit) and a plain-text 400 for an unknown one. Those are the
/// caller's mistakes: 400 (413 when too large) with a message that says
/// what was wrong, and 404.
pub async fn server_fn_answer(res: Response) -> Response {
    let json = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    let unknown = res.status() == StatusCode::BAD_REQUEST && !json;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR && !unknown {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return error_response(AppError::Transport { message: "The request could not be read.".into() });
    };
    // No such server function: Leptos says so in plain text, for developers.
    if unknown && bytes.starts_with(b"Could not find a server function") {
        return error_response(AppError::NotFound);
    }
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(AppError::Transport { message }) => {
            if message.contains("length limit exceeded") {
                return error_response(AppError::TooLarge { message: "The request is too large.".into() });
            }
            let detail = message.trim_start_matches("error deserializing server function arguments: ");
            error_response(AppError::Transport { message: format!("The request is malformed: {detail}.") })
        }
        _ => Response::from_parts(parts, Body::from(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::builder().method("POST").uri("/api/login");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn cross_origin_detection() {
        let us = "http://127.0.0.1:3000";
        assert!(!is_cross_origin(&req(&[]), us));
        assert!(!is_cross_origin(&req(&[("sec-fetch-site", "same-origin")]), us));
        assert!(is_cross_origin(&req(&[("sec-fetch-site", "cross-site")]), us));
        assert!(is_cross_origin(&req(&[("sec-fetch-site", "same-site")]), us));
        assert!(!is_cross_origin(&req(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]), us));
        assert!(is_cross_origin(&req(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")]), us));
        assert!(is_cross_origin(&req(&[("host", "127.0.0.1:3000"), ("origin", "null")]), us));
        // A rebound DNS name: Host and Origin agree with each other, not with us.
        assert!(is_cross_origin(&req(&[("host", "evil.example"), ("origin", "http://evil.example")]), us));
        // Whatever Sec-Fetch-Site says.
        assert!(is_cross_origin(&req(&[("origin", "http://evil.example"), ("sec-fetch-site", "same-origin")]), us));
        assert!(!is_cross_origin(&req(&[("origin", "https://dealflow.example")]), "https://dealflow.example/"));
        assert!(!is_cross_origin(&req(&[("origin", "https://Dealflow.example:443")]), "https://dealflow.example"));
        assert!(is_cross_origin(&req(&[("origin", "http://dealflow.example")]), "https://dealflow.example"));
    }

    #[test]
    fn origins_normalise() {
        assert_eq!(origin_of("https://a.example:443/path?q").as_deref(), Some("https://a.example"));
        assert_eq!(origin_of("http://A.example:8080").as_deref(), Some("http://a.example:8080"));
        assert_eq!(origin_of("http://user@a.example"), None);
        assert_eq!(origin_of("null"), None);
        assert_eq!(origin_of("http://localhost:3000"), origin_of("http://127.0.0.1:3000"));
        assert_ne!(origin_of("http://localhost:3000"), origin_of("http://127.0.0.1:3001"));
        assert_ne!(origin_of("http://localhost.evil.example"), origin_of("http://127.0.0.1"));
    }
}
