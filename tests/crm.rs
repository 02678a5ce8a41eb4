//! The contact import's preview on real files — CSV in the encodings and
//! delimiters people save, XLSX workbooks written by a spreadsheet library —
//! against the organization's contacts in the database (SQLite, and
//! PostgreSQL with DEALFLOW_TEST_DATABASE_URL).

mod common;

use common::TestApp;
use dealflow::domain::crm::import::{Dedupe, DuplicateOf, Verdict, MAX_ROWS};
use dealflow::server::crm::import::{preview, Preview, PreviewOptions};
use rust_xlsxwriter::Workbook;

async fn org_id(app: &TestApp, slug: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM organizations WHERE slug = $1").bind(slug).fetch_one(&app.db.pool).await.unwrap();
    id
}

fn opts(region: &str, dedupe: Dedupe) -> PreviewOptions {
    PreviewOptions { region: Some(region.into()), dedupe: Some(dedupe), ..Default::default() }
}

fn verdicts(p: &Preview) -> Vec<(u32, Verdict)> {
    p.rows.iter().map(|r| (r.row, r.verdict)).collect()
}

async fn add_contact(app: &TestApp, org: &str, id: &str, first: &str, email: Option<&str>, phone: Option<&str>) {
    sqlx::query(
        "INSERT INTO contacts (id, org_id, contact_type, first_name, email, phone, created_at, updated_at) VALUES ($1, $2, 'client', $3, $4, $5, 0, 0)",
    )
    .bind(id)
    .bind(org)
    .bind(first)
    .bind(email)
    .bind(phone)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crm_export_previews_row_by_row() {
    let app = TestApp::spawn().await;
    let org = org_id(&app, "meridian").await;
    let csv = "Record ID,First Name,Last Name,Email,Mobile Phone Number,Company Name,City\r\n\
               7,grace,HOPPER, Grace.Hopper@Navy.example ,(212) 555-0147,Navy,New York\r\n\
               8,Alan,Turing,alan@bletchley.example,+44 20 7946 0958,,London\r\n\
               9,Ada,,ada.example.com,,,\r\n\
               ,,,,,,\r\n\
               10,Gracie,H,grace.hopper@navy.example,,,\r\n\
               11,,,,,Nobody Ltd,\r\n";
    let p = preview(&app.db, Some(&org), "crm-export.csv", csv.as_bytes(), &opts("US", Dedupe::Email)).await.unwrap();
    assert_eq!(p.header_row, Some(1));
    assert_eq!(verdicts(&p), vec![(2, Verdict::New), (3, Verdict::New), (4, Verdict::Error), (6, Verdict::Duplicate), (7, Verdict::Error)]);
    let grace = &p.rows[0].contact;
    assert_eq!((grace.first_name.as_str(), grace.last_name.as_str()), ("Grace", "Hopper"));
    assert_eq!((grace.email.as_deref(), grace.phone.as_deref()), (Some("grace.hopper@navy.example"), Some("+12125550147")));
    assert_eq!(p.rows[1].contact.phone.as_deref(), Some("+442079460958"));
    assert!(p.rows[2].errors[0].contains("ada.example.com"), "{:?}", p.rows[2].errors);
    assert_eq!(p.rows[3].duplicate_of, Some(DuplicateOf::Row(2)));
    assert_eq!(p.rows[4].errors, vec!["The row has no name, email or phone.".to_string()]);
    let mapped: Vec<Option<&str>> = p.columns.iter().map(|c| c.field.map(|f| f.as_str())).collect();
    assert_eq!(mapped, vec![None, Some("first_name"), Some("last_name"), Some("email"), Some("phone"), Some("company"), Some("location")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workbook_picks_its_contact_sheet_and_skips_the_preamble() {
    let app = TestApp::spawn().await;
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("Read me").unwrap();
    notes.write(0, 0, "Exported by").unwrap();
    notes.write(0, 1, "Sam").unwrap();
    let sheet = book.add_worksheet().set_name("Book").unwrap();
    sheet.write(0, 0, "Meridian client book — do not share").unwrap();
    for (c, h) in ["Client", "E-mail", "Mob.", "Co.", "VIP"].iter().enumerate() {
        sheet.write(2, c as u16, *h).unwrap();
    }
    sheet.write(3, 0, "Whitfield, James").unwrap();
    sheet.write(3, 1, "James@Whitfield.example").unwrap();
    sheet.write(3, 2, 7700900123.0).unwrap(); // typed as a number: the leading 0 is gone
    sheet.write(3, 3, "Whitfield & Sons").unwrap();
    sheet.write(3, 4, "yes").unwrap();
    sheet.write(4, 0, "ANNA KOWALSKA").unwrap();
    sheet.write(4, 2, "+48 601 234 567").unwrap();
    sheet.write(6, 0, "James Whitfield").unwrap();
    sheet.write(6, 2, "+44 7700 900123").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let p = preview(&app.db, None, "clients.xlsx", &bytes, &opts("GB", Dedupe::Phone)).await.unwrap();
    assert_eq!(p.sheets, vec!["Read me", "Book"]);
    assert_eq!(p.sheet, "Book");
    assert_eq!(p.header_row, Some(3));
    assert_eq!(verdicts(&p), vec![(4, Verdict::New), (5, Verdict::New), (7, Verdict::Duplicate)]);
    let james = &p.rows[0].contact;
    assert_eq!((james.first_name.as_str(), james.last_name.as_str(), james.phone.as_deref()), ("James", "Whitfield", Some("+447700900123")));
    assert_eq!(james.email.as_deref(), Some("james@whitfield.example"));
    assert!(james.vip);
    assert_eq!((p.rows[1].contact.first_name.as_str(), p.rows[1].contact.last_name.as_str()), ("Anna", "Kowalska"));

    // the sheet asked for by name, and one that is not there
    let notes = preview(&app.db, None, "clients.xlsx", &bytes, &PreviewOptions { sheet: Some("read me".into()), ..opts("GB", Dedupe::Phone) }).await.unwrap();
    assert_eq!(notes.sheet, "Read me");
    let e = preview(&app.db, None, "clients.xlsx", &bytes, &PreviewOptions { sheet: Some("Clients".into()), ..opts("GB", Dedupe::Phone) }).await.unwrap_err();
    assert!(e.field_errors("sheet")[0].contains("Read me, Book"), "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_in_utf16_and_windows_1252_with_semicolons() {
    let app = TestApp::spawn().await;
    let text = "Prénom;Nom;Courriel;Téléphone;Société\r\nÉlodie;Müller;elodie@example.fr;06 12 34 56 78;Société Générale\r\n";
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    let cp1252: Vec<u8> = text.chars().map(|c| if (c as u32) < 256 { c as u8 } else { b'?' }).collect();
    for (name, bytes) in [("utf16.csv", utf16), ("excel.csv", cp1252)] {
        let p = preview(&app.db, None, name, &bytes, &opts("FR", Dedupe::Email)).await.unwrap();
        assert_eq!(verdicts(&p), vec![(2, Verdict::New)], "{name}");
        let c = &p.rows[0].contact;
        assert_eq!((c.first_name.as_str(), c.last_name.as_str(), c.company.as_str()), ("Élodie", "Müller", "Société Générale"), "{name}");
        assert_eq!(c.phone.as_deref(), Some("+33612345678"), "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicates_are_found_among_this_organizations_contacts_only() {
    let app = TestApp::spawn().await;
    let (meridian, riley) = (org_id(&app, "meridian").await, org_id(&app, "riley").await);
    add_contact(&app, &meridian, "c-ours", "Olivia", Some("olivia@example.com"), Some("+14155550132")).await;
    add_contact(&app, &riley, "c-theirs", "Marcus", Some("marcus@example.com"), None).await;
    let csv = "Name,Email,Phone\nOlivia Hart,OLIVIA@example.com,\nMarcus Lee,marcus@example.com,\nSomeone Else,else@example.com,415 555 0132\n";
    let p = preview(&app.db, Some(&meridian), "people.csv", csv.as_bytes(), &opts("US", Dedupe::Email)).await.unwrap();
    assert_eq!(verdicts(&p), vec![(2, Verdict::Duplicate), (3, Verdict::New), (4, Verdict::New)]);
    assert_eq!(p.rows[0].duplicate_of, Some(DuplicateOf::Contact { id: "c-ours".into(), name: "Olivia".into() }));
    let both = preview(&app.db, Some(&meridian), "people.csv", csv.as_bytes(), &opts("US", Dedupe::Both)).await.unwrap();
    assert_eq!(verdicts(&both), vec![(2, Verdict::Duplicate), (3, Verdict::New), (4, Verdict::Duplicate)]);
    // a contact in the trash is not a duplicate
    sqlx::query("UPDATE contacts SET deleted_at = 1 WHERE id = 'c-ours'").execute(&app.db.pool).await.unwrap();
    let p = preview(&app.db, Some(&meridian), "people.csv", csv.as_bytes(), &opts("US", Dedupe::Email)).await.unwrap();
    assert_eq!(p.rows[0].verdict, Verdict::New);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_cannot_be_imported_say_why() {
    let app = TestApp::spawn().await;
    let mut big = String::from("Name,Email\n");
    for i in 0..=MAX_ROWS {
        big.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    let e = preview(&app.db, None, "big.csv", big.as_bytes(), &opts("US", Dedupe::Email)).await.unwrap_err();
    assert!(e.field_errors("file")[0].contains("one import takes at most 5,000"), "{e:?}");
    let e = preview(&app.db, None, "empty.csv", b"", &opts("US", Dedupe::Email)).await.unwrap_err();
    assert_eq!(e.field_errors("file"), vec!["The file is empty.".to_string()]);
    let e = preview(&app.db, None, "broken.xlsx", b"PK\x03\x04 not really a workbook", &opts("US", Dedupe::Email)).await.unwrap_err();
    assert!(e.field_errors("file")[0].starts_with("This file could not be read as a spreadsheet"), "{e:?}");
    let e = preview(&app.db, None, "people.csv", b"Name\nAda\n", &opts("Narnia", Dedupe::Email)).await.unwrap_err();
    assert!(!e.field_errors("region").is_empty(), "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_login_is_a_contact_of_its_organization() {
    let app = TestApp::spawn().await;
    let meridian = org_id(&app, "meridian").await;
    let count = |sql: String| {
        let (pool, org) = (app.db.pool.clone(), meridian.clone());
        async move { sqlx::query_as::<_, (i64,)>(&sql).bind(org).fetch_one(&pool).await.unwrap().0 }
    };
    let brokers = count("SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = 'broker'".into()).await;
    let team = count("SELECT COUNT(*) FROM users WHERE org_id = $1 AND role IN ('owner', 'manager', 'staff', 'viewer')".into()).await;
    assert!(brokers >= 2 && team >= 4, "{brokers} brokers, {team} team");
    let by_type = "SELECT COUNT(*) FROM contacts c JOIN users u ON u.id = c.user_id WHERE c.org_id = $1 AND c.contact_type = ";
    assert_eq!(count(format!("{by_type}'broker' AND u.role = 'broker'")).await, brokers);
    assert_eq!(count(format!("{by_type}'team' AND u.role <> 'broker'")).await, team);
    // the name is split, the email is the login's
    let (first, last, email): (String, String, String) =
        sqlx::query_as("SELECT c.first_name, c.last_name, c.email FROM contacts c JOIN users u ON u.id = c.user_id WHERE u.email = 'broker@meridian.demo'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((first.as_str(), last.as_str(), email.as_str()), ("Marco", "Bellini", "broker@meridian.demo"));
    // logins made before the CRM get theirs once
    sqlx::query("DELETE FROM contacts").execute(&app.db.pool).await.unwrap();
    let made = dealflow::server::crm::people::backfill(&app.db).await.unwrap();
    assert!(made as i64 >= brokers + team);
    assert_eq!(dealflow::server::crm::people::backfill(&app.db).await.unwrap(), 0);
    // contacts written before the directory's keys existed get them once, and are then found
    sqlx::query("UPDATE contacts SET sort_name = NULL, search_text = '' WHERE email = 'broker@meridian.demo'").execute(&app.db.pool).await.unwrap();
    assert_eq!(dealflow::server::crm::store::fill_keys(&app.db).await.unwrap(), 1);
    assert_eq!(dealflow::server::crm::store::fill_keys(&app.db).await.unwrap(), 0);
    let c = app.signed_in(OWNER).await;
    assert_eq!(names(&directory(&app, &c, &[("q", "bellini")]).await.1), vec!["Marco Bellini"]);
    // the platform's administrators are nobody's contact
    let (platform,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM contacts c JOIN organizations o ON o.id = c.org_id WHERE o.is_platform = 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(platform, 0);
}

/// The measuring command prints the preview as the documented JSON.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_preview_command_prints_json() {
    let app = TestApp::spawn().await;
    let dir = std::env::temp_dir().join(format!("dealflow-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("linkedin.csv");
    std::fs::write(
        &file,
        "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n\
         First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Ada,Byron,https://www.linkedin.com/in/ada,ada@example.com,Analytical,Engineer,01 Oct 2025\n",
    )
    .unwrap();
    let out = dealflow::server::crm::cli::import_preview(&app.db, file.to_str().unwrap(), None, Some("GB".into()), "both", Some("meridian")).await.unwrap();
    assert_eq!(out["sheet"], "linkedin");
    assert_eq!(out["header_row"], 4);
    assert_eq!(out["mapping"]["Email Address"], "email");
    assert_eq!(out["mapping"]["URL"], serde_json::Value::Null);
    assert_eq!(out["rows"][0]["row"], 5);
    assert_eq!(out["rows"][0]["verdict"], "new");
    assert_eq!(out["rows"][0]["contact"]["last_name"], "Byron");
    let e = dealflow::server::crm::cli::import_preview(&app.db, file.to_str().unwrap(), None, None, "sometimes", None).await.unwrap_err();
    assert!(e.to_string().contains("--dedupe takes email, phone, both or none"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

const OWNER: &str = "owner@meridian.demo";

async fn directory(app: &TestApp, c: &reqwest::Client, params: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let mut form = vec![("segment", ""), ("view", ""), ("q", ""), ("sort", ""), ("dir", ""), ("page", "")];
    for (k, v) in params {
        if let Some(slot) = form.iter_mut().find(|(name, _)| name == k) {
            slot.1 = v;
        }
    }
    app.call(c, "crm/contacts", &form).await
}

fn names(page: &serde_json::Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
}

/// Who may open the directory and add to it: the seed's matrix, and only
/// in an organization with the CRM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_answers_the_roles_the_seed_names() {
    let app = TestApp::spawn().await;
    let add = [
        ("contact_type", "client"),
        ("first_name", "Test"),
        ("last_name", "Person"),
        ("company", ""),
        ("email", ""),
        ("phone", ""),
        ("location", ""),
        ("notes", ""),
    ];
    for (email, view, manage) in [
        (OWNER, 200, 200),
        ("manager@meridian.demo", 200, 200),
        ("staff@meridian.demo", 200, 200),
        ("viewer@meridian.demo", 200, 403),
        ("broker@meridian.demo", 403, 403),
        ("investor@meridian.demo", 403, 403),
        // an organization without the CRM: the module is not there at all
        ("owner@riley.demo", 404, 404),
    ] {
        let c = app.signed_in(email).await;
        assert_eq!(directory(&app, &c, &[]).await.0, view, "{email} views");
        let first = format!("Test {}", email.split('@').next().unwrap());
        let mut form = add.to_vec();
        form[1] = ("first_name", first.as_str());
        assert_eq!(app.call(&c, "crm/contact/add", &form).await.0, manage, "{email} adds");
    }
    // the CSV: owner and manager only
    for (email, status) in [(OWNER, 200), ("manager@meridian.demo", 200), ("staff@meridian.demo", 403), ("viewer@meridian.demo", 403)] {
        let c = app.signed_in(email).await;
        assert_eq!(c.get(app.url("/export/contacts.csv")).send().await.unwrap().status().as_u16(), status, "{email} exports");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_filters_searches_sorts_and_pages_in_the_database() {
    let app = TestApp::spawn().await;
    dealflow::server::demo::seed_history(&app.db, 1).await.unwrap();
    let c = app.signed_in(OWNER).await;
    let (s, all) = directory(&app, &c, &[]).await;
    assert_eq!(s, 200, "{all}");
    let counts: Vec<(String, i64)> = all["counts"].as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_i64().unwrap())).collect();
    let count = |t: &str| counts.iter().find(|(k, _)| k == t).unwrap().1;
    assert!(count("Client") > 240 && count("TradePartner") == 8 && count("Broker") >= 4 && count("Team") >= 4, "{counts:?}");
    assert_eq!(all["all"].as_i64().unwrap(), counts.iter().map(|(_, n)| n).sum::<i64>());
    assert_eq!(all["items"].as_array().unwrap().len(), 50);
    assert!(all["pages"].as_u64().unwrap() >= 6);
    // sorted by name, both ways; page 2 continues page 1
    let first = names(&all);
    let mut sorted = first.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(first, sorted);
    let (_, desc) = directory(&app, &c, &[("dir", "desc")]).await;
    assert!(names(&desc)[0].to_lowercase() >= names(&desc)[49].to_lowercase());
    let (_, two) = directory(&app, &c, &[("page", "2")]).await;
    assert!(names(&two)[0].to_lowercase() >= first[49].to_lowercase());
    // a segment, a view, a search
    let (_, brokers) = directory(&app, &c, &[("segment", "broker")]).await;
    assert!(names(&brokers).contains(&"Marco Bellini".to_string()));
    assert!(brokers["items"].as_array().unwrap().iter().all(|i| i["contact_type"] == "Broker" && i["has_login"] == true));
    let (_, vip) = directory(&app, &c, &[("segment", "client"), ("view", "vip")]).await;
    assert!(vip["total"].as_i64().unwrap() > 0 && vip["items"].as_array().unwrap().iter().all(|i| i["vip"] == true));
    assert_eq!(vip["total"], vip["vip"]);
    let (_, no_email) = directory(&app, &c, &[("view", "no_email")]).await;
    assert!(no_email["items"].as_array().unwrap().iter().all(|i| i["email"].is_null()));
    let (_, found) = directory(&app, &c, &[("q", "bellini")]).await;
    assert_eq!(names(&found), vec!["Marco Bellini"]);
    let (_, by_company) = directory(&app, &c, &[("q", "WEXFORD")]).await;
    assert_eq!(by_company["items"][0]["company"], "Wexford Fine Watches");
    let phone = by_company["items"][0]["phone"].as_str().unwrap().to_string();
    let (_, by_phone) = directory(&app, &c, &[("q", &phone[phone.len() - 7..])]).await;
    assert!(names(&by_phone).contains(&by_company["items"][0]["name"].as_str().unwrap().to_string()));
    let (_, accented) = directory(&app, &c, &[("q", "etienne LAURENT")]).await;
    assert_eq!(names(&accented), vec!["Étienne Laurent"], "a search ignores accents and the order of words");
    // by company, Z to A: the contacts that have one, then the rest by name, across the page where they meet
    let (_, co) = directory(&app, &c, &[("sort", "company"), ("dir", "desc")]).await;
    let companies: Vec<String> = co["items"].as_array().unwrap().iter().map(|i| i["company"].as_str().unwrap().to_string()).collect();
    let with = companies.iter().take_while(|c| !c.is_empty()).count();
    assert!(with >= 8 && with < 50, "{companies:?}");
    assert!(companies[..with].windows(2).all(|w| w[0].to_lowercase() >= w[1].to_lowercase()), "{companies:?}");
    assert!(companies[with..].iter().all(|c| c.is_empty()), "{companies:?}");
    let rest = &names(&co)[with..];
    assert!(rest.windows(2).all(|w| w[0].to_lowercase() <= w[1].to_lowercase()), "{rest:?}");
    let (_, co2) = directory(&app, &c, &[("sort", "company"), ("dir", "desc"), ("page", "2")]).await;
    assert!(co2["items"].as_array().unwrap().iter().all(|i| i["company"] == ""));
    assert!(names(&co2)[0].to_lowercase() >= rest.last().unwrap().to_lowercase());
    // bad parameters read as the default, never an error
    let (s, odd) = directory(&app, &c, &[("segment", "pirates"), ("sort", "shoe"), ("page", "9999")]).await;
    assert_eq!(s, 200);
    assert_eq!(odd["page"], odd["pages"]);
    // another organization sees none of these
    let riley = app.signed_in("owner@riley.demo").await;
    assert_eq!(directory(&app, &riley, &[]).await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_contact_checks_every_field_and_refuses_a_second_copy() {
    let app = TestApp::spawn().await;
    let c = app.signed_in("staff@meridian.demo").await;
    let form = |first: &'static str, email: &'static str, phone: &'static str| {
        vec![
            ("contact_type", "client"),
            ("first_name", first),
            ("last_name", "Lovelace"),
            ("company", ""),
            ("email", email),
            ("phone", phone),
            ("location", "London, GB"),
            ("notes", ""),
            ("vip", "on"),
        ]
    };
    let (s, e) = app
        .call(
            &c,
            "crm/contact/add",
            &[
                ("contact_type", "alien"),
                ("first_name", " "),
                ("last_name", ""),
                ("company", ""),
                ("email", "nope"),
                ("phone", "12"),
                ("location", ""),
                ("notes", ""),
            ],
        )
        .await;
    assert_eq!(s, 422, "{e}");
    for field in ["contact_type", "first_name", "email", "phone"] {
        assert!(e["fields"][field].as_array().is_some_and(|m| !m.is_empty()), "{field}: {e}");
    }
    let (s, id) = app.call(&c, "crm/contact/add", &form("ada", "Ada@Example.com", "(212) 555-0199")).await;
    assert_eq!(s, 200, "{id}");
    let (first, email, phone, vip): (String, String, String, i64) =
        sqlx::query_as("SELECT first_name, email, phone, vip FROM contacts WHERE id = $1").bind(id.as_str().unwrap()).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((first.as_str(), email.as_str(), phone.as_str(), vip), ("Ada", "ada@example.com", "+12125550199", 1));
    assert_eq!(app.audit_count("contact.created", id.as_str().unwrap()).await, 1);
    let (s, e) = app.call(&c, "crm/contact/add", &form("Augusta", "ada@example.com", "")).await;
    assert_eq!(s, 422);
    assert!(e["fields"]["email"][0].as_str().unwrap().contains("Ada Lovelace already has this email"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_is_what_the_directory_shows_and_formula_safe() {
    let app = TestApp::spawn().await;
    let c = app.signed_in(OWNER).await;
    let add = [
        ("contact_type", "client"),
        ("first_name", "=HYPERLINK(\"http://evil.example\")"),
        ("last_name", "Eve"),
        ("company", "+cmd"),
        ("email", ""),
        ("phone", ""),
        ("location", ""),
        ("notes", ""),
    ];
    assert_eq!(app.call(&c, "crm/contact/add", &add).await.0, 200);
    let csv = c.get(app.url("/export/contacts.csv?segment=client&q=eve")).send().await.unwrap().text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Name,Type,Company,Email,Phone,Location,VIP,Added");
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].starts_with("\"'=HYPERLINK") || lines[1].starts_with("'=HYPERLINK"), "{csv}");
    assert!(lines[1].contains(",'+cmd,"), "{csv}");
    let brokers = c.get(app.url("/export/contacts.csv?segment=broker")).send().await.unwrap().text().await.unwrap();
    assert!(brokers.lines().skip(1).all(|l| l.contains(",Broker,")), "{brokers}");
    assert!(brokers.contains("Marco Bellini"));
}

/// Sends a contact file to the wizard; its status and JSON.
async fn send_file(app: &TestApp, c: &reqwest::Client, name: &str, bytes: Vec<u8>) -> (u16, serde_json::Value) {
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = c.post(app.url("/uploads/contacts")).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

fn run_form<'a>(file: &'a str, on_duplicate: &'a str, rows: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("file", file),
        ("sheet", ""),
        ("contact_type", "client"),
        ("dedupe", "email"),
        ("on_duplicate", on_duplicate),
        ("mapping", ""),
        ("rows", rows),
        ("key", key),
    ]
}

/// The wizard end to end on the shared HubSpot export: the file kept, the
/// preview saying what a duplicate would change, the confirmed rows written
/// in one run (again with the same key: the same run), the history, and
/// the rollback — the added contact to the trash, the updated one back to
/// its old values except the field edited since.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_runs_and_rolls_back_restoring_what_it_updated() {
    let app = TestApp::spawn().await;
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/import/hubspot-export.csv"))
        .unwrap_or_else(|_| b"First Name,Last Name,Email,Phone Number,Company Name,City\nOlivia,Hart,Olivia.Hart@Example.com ,+1 (415) 555-0132,Hart Capital,San Francisco\nMarcus,Lee,marcus@leewatches.co,415.555.0199,Lee Watches,Oakland\nPriya,Raman,priya.raman.example.com,,,\n,,,,,\nTom,Baker,olivia.hart@example.com,,,\n,,,,Nameless Co,\n".to_vec());
    // who may send a file: contacts.import (owner, manager), in an organization with the CRM
    for who in ["staff@meridian.demo", "viewer@meridian.demo", "broker@meridian.demo"] {
        let c = app.signed_in(who).await;
        assert_eq!(send_file(&app, &c, "contacts.csv", bytes.clone()).await.0, 403, "{who}");
    }
    let riley = app.signed_in("owner@riley.demo").await;
    assert_eq!(send_file(&app, &riley, "contacts.csv", bytes.clone()).await.0, 404);
    let m = app.signed_in("manager@meridian.demo").await;
    let (s, e) = send_file(&app, &m, "notes.pdf", b"%PDF-1.4 not a sheet".to_vec()).await;
    assert_eq!(s, 422, "{e}");
    let (s, kept) = send_file(&app, &m, "hubspot-export.csv", bytes.clone()).await;
    assert_eq!(s, 201, "{kept}");
    let file = kept["id"].as_str().unwrap().to_string();
    // Marcus is already a contact, by email, without his phone or company
    let add = [
        ("contact_type", "client"),
        ("first_name", "Marcus"),
        ("last_name", "L."),
        ("company", ""),
        ("email", "marcus@leewatches.co"),
        ("phone", ""),
        ("location", ""),
        ("notes", ""),
    ];
    let (s, marcus) = app.call(&m, "crm/contact/add", &add).await;
    assert_eq!(s, 200, "{marcus}");
    let marcus = marcus.as_str().unwrap().to_string();
    let preview_form = |on_dup: &'static str| {
        vec![
            ("file", file.clone()),
            ("sheet", String::new()),
            ("contact_type", "client".into()),
            ("dedupe", "email".into()),
            ("on_duplicate", on_dup.into()),
            ("mapping", String::new()),
        ]
    };
    let call_preview = |form: Vec<(&'static str, String)>| {
        let (app, m) = (&app, &m);
        async move {
            let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(m, "crm/import/preview", &f).await
        }
    };
    let (s, p) = call_preview(preview_form("update")).await;
    assert_eq!(s, 200, "{p}");
    let rows = p["rows"].as_array().unwrap();
    let verdict = |row: u64| rows.iter().find(|r| r["row"] == row).map(|r| r["verdict"].as_str().unwrap().to_string()).unwrap();
    assert_eq!((verdict(2).as_str(), verdict(3).as_str(), verdict(4).as_str(), verdict(6).as_str()), ("New", "Duplicate", "Error", "Duplicate"));
    let i3 = rows.iter().position(|r| r["row"] == 3).unwrap();
    let changed: Vec<&str> = p["changes"][i3].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert!(changed.contains(&"LastName") && changed.contains(&"Phone") && changed.contains(&"Company"), "{changed:?}");
    assert!(p["changes"][i3].as_array().unwrap().iter().any(|c| c["field"] == "Phone" && c["old"] == "" && c["new"] == "+14155550199"));
    // staff may not preview or commit; an unknown file is 404
    let staff = app.signed_in("staff@meridian.demo").await;
    assert_eq!(app.call(&staff, "crm/import/commit", &run_form(&file, "update", "all", "k-staff")).await.0, 403);
    assert_eq!(app.call(&m, "crm/import/commit", &run_form("no-such-file", "update", "all", "k-x")).await.0, 404);
    assert_eq!(app.call(&m, "crm/import/commit", &run_form(&file, "update", "2,x", "k-y")).await.0, 422);
    // rows 2, 3 and 6 confirmed: Olivia added, Marcus updated, row 6 (a repeat of row 2) skipped
    let before = directory(&app, &m, &[]).await.1["all"].as_i64().unwrap();
    let olivias = names(&directory(&app, &m, &[("q", "hart olivia")]).await.1).len();
    let (s, run) = app.call(&m, "crm/import/commit", &run_form(&file, "update", "2,3,6", "k-1")).await;
    assert_eq!(s, 200, "{run}");
    assert_eq!(
        (run["inserted"].as_i64(), run["updated"].as_i64(), run["skipped"].as_i64(), run["errors"].as_i64()),
        (Some(1), Some(1), Some(1), Some(3)),
        "{run}"
    );
    assert!(!run["run_by"].as_str().unwrap().is_empty(), "the history names who ran it");
    let (s, again) = app.call(&m, "crm/import/commit", &run_form(&file, "update", "2,3,6", "k-1")).await;
    assert_eq!((s, again["id"].clone()), (200, run["id"].clone()), "the same key is the same run");
    assert_eq!(directory(&app, &m, &[]).await.1["all"].as_i64().unwrap(), before + 1);
    let (_, found) = directory(&app, &m, &[("q", "hart olivia")]).await;
    assert_eq!(names(&found).len(), olivias + 1, "an imported contact is searchable at once");
    let (last, phone, company): (String, Option<String>, String) =
        sqlx::query_as("SELECT last_name, phone, company FROM contacts WHERE id = $1").bind(&marcus).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((last.as_str(), phone.as_deref(), company.as_str()), ("Lee", Some("+14155550199"), "Lee Watches"));
    let run_id = run["id"].as_str().unwrap().to_string();
    assert_eq!(app.audit_count("contacts.imported", &run_id).await, 1);
    let (s, history) = app.call(&m, "crm/import/runs", &[]).await;
    assert_eq!(s, 200);
    assert_eq!(history["runs"][0]["id"], run["id"]);
    assert_eq!(history["runs"][0]["file_name"], "hubspot-export.csv");
    // someone edits Marcus's company after the run; the rollback keeps that
    sqlx::query("UPDATE contacts SET company = 'Lee & Daughters' WHERE id = $1").bind(&marcus).execute(&app.db.pool).await.unwrap();
    assert_eq!(app.call(&staff, "crm/import/rollback", &[("run", &run_id)]).await.0, 403);
    assert_eq!(app.call(&m, "crm/import/rollback", &[("run", "no-such-run")]).await.0, 404);
    let (s, undone) = app.call(&m, "crm/import/rollback", &[("run", &run_id)]).await;
    assert_eq!(s, 200, "{undone}");
    let rb = &undone["rollback"];
    assert_eq!((rb["removed"].as_i64(), rb["restored"].as_i64()), (Some(1), Some(1)), "{undone}");
    assert_eq!(rb["kept"].as_array().unwrap().len(), 1, "{undone}");
    assert!(rb["kept"][0].as_str().unwrap().ends_with(": Company"), "{undone}");
    let (last, phone, company): (String, Option<String>, String) =
        sqlx::query_as("SELECT last_name, phone, company FROM contacts WHERE id = $1").bind(&marcus).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((last.as_str(), phone.as_deref(), company.as_str()), ("L.", None, "Lee & Daughters"));
    assert_eq!(directory(&app, &m, &[]).await.1["all"].as_i64().unwrap(), before);
    assert!(names(&directory(&app, &m, &[("q", "marcus")]).await.1).contains(&"Marcus L.".to_string()), "the restored keys find him by his old name");
    let (_, twice) = app.call(&m, "crm/import/rollback", &[("run", &run_id)]).await;
    assert_eq!(twice["rollback"], undone["rollback"], "a second rollback answers the first");
    assert_eq!(app.audit_count("contacts.import_rolled_back", &run_id).await, 1);
    // Riley has no CRM: its owner reaches none of it
    assert_eq!(app.call(&riley, "crm/import/runs", &[]).await.0, 404);
    // the page itself: for contacts.import only
    assert_eq!(app.page(&m, "/contacts/import").await.0, 200);
    assert_eq!(app.page(&staff, "/contacts/import").await.0, 403);
    assert_eq!(app.page(&riley, "/contacts/import").await.0, 403);
}
