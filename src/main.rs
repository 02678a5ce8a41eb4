//! The Dealflow server binary.
//!
//! `dealflow` (or `dealflow serve`) runs the web app; `dealflow seed
//! [--scale N]` loads demo data into an empty database and prints the
//! logins; `dealflow bench ledger [--postings N]` measures the ledger;
//! `dealflow bench dealer` measures the broker portal's reads at scale;
//! `dealflow signals parse` reads JSON lines of messages on stdin and
//! writes their signals; `dealflow bench signals` measures the parser;
//! `dealflow whatsapp simulate --url … --secret … [--file chat.txt]` replays
//! a chat into a broker's signed webhook.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dealflow: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "ssr")]
async fn run() -> anyhow::Result<()> {
    use anyhow::{bail, Context};
    use dealflow::server::{config::Config, config::Mode, db::Db, demo, http};
    use tracing_subscriber::EnvFilter;

    let args: Vec<String> = std::env::args().skip(1).collect();
    // Tools that need neither configuration nor a database.
    match (args.first().map(String::as_str), args.get(1).map(String::as_str)) {
        (Some("signals"), Some("parse")) => return Ok(dealflow::server::signals_tools::parse_stdin()?),
        (Some("whatsapp"), Some("simulate")) => {
            use dealflow::server::signals;
            let opt = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
            let url = opt("--url").context("--url http://HOST/hooks/whatsapp/CONNECTION is required")?;
            let secret = opt("--secret").context("--secret (the connection's webhook secret) is required")?;
            let pause = opt("--pause-ms").map(|p| p.parse::<u64>()).transpose().context("--pause-ms needs a whole number")?.unwrap_or(500);
            let messages = match opt("--file") {
                Some(path) => {
                    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
                    let group = opt("--group").unwrap_or_else(|| "Imported chat".into());
                    let export = dealflow::domain::chat_export::parse_chat_export(&text, 0).map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
                    export
                        .messages
                        .iter()
                        .map(|m| signals::IncomingMessage {
                            message_id: format!("sim-{}-{}", m.line, m.sent_at_ms),
                            group_id: format!("sim:{}", group.to_lowercase()),
                            group_name: group.clone(),
                            sender: m.sender.clone(),
                            timestamp: m.sent_at_ms,
                            text: m.text.clone(),
                        })
                        .collect()
                }
                None => signals::demo_messages(dealflow::server::db::now_ms(), 60_000),
            };
            let codes = signals::post_messages(&url, &secret, &messages, pause).await?;
            let ok = codes.iter().filter(|c| **c == 200).count();
            println!("posted {} messages: {ok} accepted, {} refused", codes.len(), codes.len() - ok);
            if ok != codes.len() {
                bail!("some messages were refused (status codes {codes:?})");
            }
            return Ok(());
        }
        (Some("bench"), Some("signals")) => {
            let dev = args.get(2).map(String::as_str).unwrap_or("../shared/signals/dev.jsonl");
            let count = args.get(3).map(|c| c.parse::<usize>()).transpose().context("count must be a whole number")?.unwrap_or(200_000);
            dealflow::server::signals_tools::bench(dev, count.max(1));
            return Ok(());
        }
        _ => {}
    }
    let config = Config::from_env()?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    if config.log_json {
        tracing_subscriber::fmt().json().with_env_filter(filter).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }

    match args.first().map(String::as_str) {
        None | Some("serve") => {}
        Some("seed") => {
            let scale = match args.iter().position(|a| a == "--scale") {
                Some(i) => args.get(i + 1).context("--scale needs a number")?.parse::<u32>().context("--scale needs a whole number")?,
                None => 1,
            };
            let db = Db::connect(&config.database_url).await?;
            match demo::seed_if_empty(&db, scale).await? {
                Some(logins) => println!("{}", demo::format_logins(&logins)),
                None => println!("The database already has data; nothing was loaded."),
            }
            return Ok(());
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("ledger") => {
            let num = |flag: &str, default: u64| -> anyhow::Result<u64> {
                match args.iter().position(|a| a == flag) {
                    Some(i) => args.get(i + 1).context(format!("{flag} needs a number"))?.parse::<u64>().context(format!("{flag} needs a whole number")),
                    None => Ok(default),
                }
            };
            let bench = dealflow::server::bench::LedgerBench {
                postings: num("--postings", 1_000_000)?,
                accounts: num("--accounts", 1_000)? as usize,
                concurrency: num("--concurrency", 4)? as usize,
                queries: num("--queries", 1_000)? as usize,
            };
            let db = Db::connect(&config.database_url).await?;
            return dealflow::server::bench::run_ledger(&db, &bench).await;
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("dealer") => {
            let num = |flag: &str, default: u64| -> anyhow::Result<u64> {
                match args.iter().position(|a| a == flag) {
                    Some(i) => args.get(i + 1).context(format!("{flag} needs a number"))?.parse::<u64>().context(format!("{flag} needs a whole number")),
                    None => Ok(default),
                }
            };
            let bench = dealflow::server::bench_dealer::DealerBench {
                brokers: num("--brokers", 200)? as usize,
                deals: num("--deals", 50_000)? as usize,
                samples: num("--samples", 200)? as usize,
            };
            let db = Db::connect(&config.database_url).await?;
            return dealflow::server::bench_dealer::run(&db, &bench).await;
        }
        Some(other) => bail!("unknown command {other:?}; use `dealflow serve`, `dealflow seed [--scale N]`, `dealflow bench ledger [--postings N] [--accounts N] [--concurrency N]`, `dealflow bench dealer [--brokers N] [--deals N] [--samples N]`, `dealflow bench signals [DEV_JSONL] [COUNT]`, `dealflow signals parse` or `dealflow whatsapp simulate --url URL --secret SECRET [--file CHAT.txt] [--group NAME] [--pause-ms N]`"),
    }

    tracing::info!(config = ?config, "starting Dealflow");
    if config.mode == Mode::Development && std::env::var("DEALFLOW_ENCRYPTION_KEY").is_err() {
        tracing::warn!("DEALFLOW_ENCRYPTION_KEY is not set: using the development key (refused when DEALFLOW_ENV=production)");
    }
    let addr = config.addr;
    let (app, state, logins) = http::build(config).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let cleaner = dealflow::server::session_store::DbSessionStore::new(state.db.clone());
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = cleaner.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
    if let Some(smtp) = &state.config.smtp {
        tracing::info!(smtp = ?smtp, "owners' notifications are also emailed");
    }
    dealflow::server::mailer::spawn(state.db.clone(), state.config.clone());
    if let Some(logins) = logins {
        println!("{}", demo::format_logins(&logins));
    } else if state.config.demo {
        println!("{}", demo::format_logins_hint());
    }
    println!("Dealflow is running at http://{addr}  (Ctrl-C stops it)");
    http::serve(listener, app).await?;
    Ok(())
}

#[cfg(not(feature = "ssr"))]
pub fn main() {}
