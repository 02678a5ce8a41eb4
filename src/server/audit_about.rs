//! What an audit entry is about, in words: the target id of each entry
//! turned into the record's title and a link to it ("Rolex Daytona
//! 126500LN", "/desk/inventory/…"), resolved in one query per kind of
//! record for the whole page.

use crate::domain::dealer::watch_title;
use crate::server::db::Db;
use std::collections::HashMap;

/// (title, link) per target id.
pub type About = HashMap<String, (String, Option<String>)>;

/// The kind of record an action's target is, from the action's name.
fn kind(action: &str) -> Option<&'static str> {
    let prefix = action.split('.').next().unwrap_or("");
    Some(match prefix {
        "deal" => "deal",
        "commission" => "commission",
        "submission" => "submission",
        "payout" => "payout",
        "dispute" => "dispute",
        "want_list" => "want",
        "signal" => "signal",
        "invitation" => "invitation",
        "org" => "org",
        "member" | "password" | "login" | "admin" | "payout_info" | "logout" => "user",
        _ => return None,
    })
}

fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

async fn rows(db: &Db, sql: &str, ids: &[String]) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    let sql = sql.replace("{ids}", &placeholders(ids.len()));
    let mut q = sqlx::query_as::<_, (String, String, String, String)>(&sql);
    for id in ids {
        q = q.bind(id);
    }
    q.fetch_all(&db.pool).await
}

/// Titles and links for the targets of `entries` (action, target); links
/// only when `links` (the platform's log spans organizations, whose pages
/// are not its own).
pub async fn describe(db: &Db, entries: &[(String, Option<String>)], links: bool) -> Result<About, sqlx::Error> {
    let mut by_kind: HashMap<&'static str, Vec<String>> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for (action, target) in entries {
        if let (Some(k), Some(t)) = (kind(action), target.as_ref().filter(|t| !t.is_empty())) {
            if seen.insert((k, t.clone())) {
                by_kind.entry(k).or_default().push(t.clone());
            }
        }
    }
    let mut about = About::new();
    for (k, ids) in by_kind {
        // Each query answers (id, a, b, c) and the closure below says what they mean.
        let sql = match k {
            "deal" => "SELECT id, brand, model, reference FROM deals WHERE id IN ({ids})",
            "submission" => "SELECT id, brand, model, reference FROM submissions WHERE id IN ({ids})",
            "want" => "SELECT id, brand, model, reference FROM want_list WHERE id IN ({ids})",
            "signal" => "SELECT id, COALESCE(brand, ''), COALESCE(model, ''), COALESCE(reference, '') FROM signals WHERE id IN ({ids})",
            "commission" => "SELECT c.id, d.brand, d.model, d.reference || '|' || u.display_name FROM commissions c JOIN deals d ON d.id = c.deal_id JOIN users u ON u.id = c.broker_id WHERE c.id IN ({ids})",
            "dispute" => "SELECT x.id, d.brand, d.model, d.reference || '|' || u.display_name FROM disputes x JOIN commissions c ON c.id = x.commission_id JOIN deals d ON d.id = c.deal_id JOIN users u ON u.id = x.broker_id WHERE x.id IN ({ids})",
            "payout" => "SELECT r.id, u.display_name, r.currency, CAST(r.total_minor AS TEXT) FROM payout_requests r JOIN users u ON u.id = r.broker_id WHERE r.id IN ({ids})",
            "invitation" => "SELECT id, display_name, email, role FROM invitations WHERE id IN ({ids})",
            "user" => "SELECT id, display_name, email, role FROM users WHERE id IN ({ids})",
            _ => "SELECT id, name, slug, currency FROM organizations WHERE id IN ({ids})",
        };
        let mut found = Vec::new();
        for chunk in ids.chunks(500) {
            found.extend(rows(db, sql, chunk).await?);
        }
        for (id, a, b, c) in found {
            let (title, href) = match k {
                "deal" => (watch_title(&a, &b, &c), Some(format!("/desk/inventory/{id}"))),
                "submission" => (watch_title(&a, &b, &c), Some(format!("/desk/submissions/{id}"))),
                "want" => (format!("Want list: {}", watch_title(&a, &b, &c)), Some("/desk/want-list".to_string())),
                "signal" => (format!("Signal: {}", watch_title(&a, &b, &c)), None),
                "commission" | "dispute" => {
                    let (reference, broker) = c.split_once('|').unwrap_or((c.as_str(), ""));
                    let what = if k == "commission" { "Commission" } else { "Dispute" };
                    let href = if k == "commission" { "/desk/commissions" } else { "/desk/disputes" };
                    (format!("{what} of {broker} on {}", watch_title(&a, &b, reference)), Some(href.to_string()))
                }
                "payout" => {
                    let total = c
                        .parse::<i64>()
                        .ok()
                        .and_then(|m| crate::domain::money::Currency::new(&b).ok().map(|cur| crate::domain::money::Money::from_minor_units(m, cur).format()));
                    (format!("Payout request of {a}{}", total.map(|t| format!(", {t}")).unwrap_or_default()), Some("/desk/payouts".to_string()))
                }
                "invitation" => (format!("Invitation for {a} ({b})"), Some("/team".to_string())),
                "user" => (format!("{a} ({b})"), Some(format!("/team/{id}"))),
                _ => (a, None),
            };
            about.insert(id, (title, href.filter(|_| links)));
        }
    }
    Ok(about)
}
