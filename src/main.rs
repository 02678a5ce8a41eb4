//! The Dealflow server binary: `dealflow --help` lists the commands.

#[cfg(feature = "ssr")]
mod cli {
    use anyhow::Context;
    use clap::{Parser, Subcommand};
    use dealflow::server::bench::{dealer::DealerBench, ledger::LedgerBench};
    use dealflow::server::config::{Config, Mode};
    use dealflow::server::db::Db;
    use dealflow::server::{auth::session_store::DbSessionStore, bench, demo, http, mailer, signals};
    use std::sync::Arc;

    /// Deal sourcing, broker commissions and an exact money ledger.
    ///
    /// Configuration comes from the environment (DATABASE_URL, DEALFLOW_ADDR,
    /// DEALFLOW_DEMO, … — see README "Configuration").
    #[derive(Parser)]
    #[command(name = "dealflow", version)]
    pub struct Cli {
        #[command(subcommand)]
        command: Option<Command>,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Runs the web app (the default).
        Serve,
        /// Loads demo data into an empty database and prints the logins.
        Seed {
            /// Multiplies the external people (brokers, partners, agents…).
            #[arg(long, default_value_t = 1)]
            scale: u32,
        },
        /// People on a real installation: the first platform administrator, one-time links.
        #[command(subcommand)]
        Admin(AdminCommand),
        /// Measures a part of Dealflow and prints its figures beside the bare SQL.
        #[command(subcommand)]
        Bench(BenchCommand),
        /// The signal parser on the command line.
        #[command(subcommand)]
        Signals(SignalsCommand),
        /// WhatsApp tools.
        #[command(subcommand)]
        Whatsapp(WhatsappCommand),
        /// The CRM's contacts.
        #[command(subcommand)]
        Contacts(ContactsCommand),
    }

    #[derive(Subcommand)]
    enum ContactsCommand {
        /// Prints the import wizard's preview of a contact file as JSON
        /// (sheets, mapping, each row's verdict), against the database.
        ImportPreview {
            /// A CSV, XLSX, XLS or ODS file.
            file: String,
            /// The sheet of a workbook (the one that looks most like contacts when absent).
            #[arg(long)]
            sheet: Option<String>,
            /// Country of phone numbers written without a code, e.g. US or GB
            /// (the organization's country when absent).
            #[arg(long)]
            region: Option<String>,
            /// What makes a row a duplicate: email, phone, both (either one) or none.
            #[arg(long, default_value = "email")]
            dedupe: String,
            /// The organization (its slug) whose contacts are checked for duplicates.
            #[arg(long)]
            org: Option<String>,
        },
    }

    #[derive(Subcommand)]
    enum AdminCommand {
        /// Creates a platform administrator (refused when one exists, unless --force).
        ///
        /// The password is typed twice on the terminal (or read from the
        /// first two lines of a pipe); with --link a one-time sign-in link is
        /// printed instead, valid for 24 hours.
        Create {
            /// His email address (the login name).
            #[arg(long)]
            email: String,
            /// His name as the app shows it.
            #[arg(long, default_value = "Administrator")]
            name: String,
            /// Print a one-time sign-in link instead of asking for a password.
            #[arg(long)]
            link: bool,
            /// Create him even though a platform administrator exists.
            #[arg(long)]
            force: bool,
        },
        /// Prints a one-time link that sets a new password for a login (valid for an hour).
        Link {
            /// The login's email address.
            #[arg(long)]
            email: String,
        },
    }

    #[derive(Subcommand)]
    enum BenchCommand {
        /// Posting throughput and balance-query latency of the ledger.
        Ledger {
            /// Postings to load through the posting API.
            #[arg(long, default_value_t = 1_000_000)]
            postings: u64,
            /// Accounts they are spread over.
            #[arg(long, default_value_t = 1_000)]
            accounts: usize,
            /// Writers posting at once.
            #[arg(long, default_value_t = 4)]
            concurrency: usize,
            /// Balance queries timed afterwards.
            #[arg(long, default_value_t = 1_000)]
            queries: usize,
        },
        /// The broker portal's reads at scale (dashboard, commissions, analytics).
        Dealer {
            /// Brokers of the benchmark dealer (at least 2).
            #[arg(long, default_value_t = 200)]
            brokers: usize,
            /// Deals, every one co-sourced: two commissions each.
            #[arg(long, default_value_t = 50_000)]
            deals: usize,
            /// Timed reads per figure.
            #[arg(long, default_value_t = 200)]
            samples: usize,
        },
        /// The contacts directory and the import preview at scale.
        Contacts {
            /// Contacts of the benchmark organization.
            #[arg(long, default_value_t = 100_000)]
            contacts: usize,
            /// Timed reads per query.
            #[arg(long, default_value_t = 100)]
            samples: usize,
        },
        /// The signal parser's single-core throughput.
        Signals {
            /// Labelled messages (JSON lines) mixed into the synthetic ones.
            #[arg(default_value = "../shared/signals/dev.jsonl")]
            dev: String,
            /// How many messages to parse.
            #[arg(default_value_t = 200_000, value_parser = clap::value_parser!(usize))]
            count: usize,
        },
    }

    #[derive(Subcommand)]
    enum SignalsCommand {
        /// Reads `{"id", "text"}` JSON lines on stdin, writes `{"id", "signals"}` lines.
        Parse,
    }

    #[derive(Subcommand)]
    enum WhatsappCommand {
        /// Replays a chat into a broker's signed webhook over HTTP.
        Simulate {
            /// The connection's webhook, http://HOST/hooks/whatsapp/CONNECTION.
            #[arg(long)]
            url: String,
            /// The connection's webhook secret.
            #[arg(long)]
            secret: String,
            /// A WhatsApp chat export to replay (the demo chat when absent).
            #[arg(long)]
            file: Option<String>,
            /// The group name the export's messages are posted under.
            #[arg(long, default_value = "Imported chat")]
            group: String,
            /// The IANA time zone the export's times were written in.
            #[arg(long, default_value = "UTC")]
            zone: String,
            /// Pause between messages, in milliseconds.
            #[arg(long, default_value_t = 500)]
            pause_ms: u64,
        },
    }

    pub async fn run(cli: Cli) -> anyhow::Result<()> {
        // Tools that need neither configuration nor a database.
        match &cli.command {
            Some(Command::Signals(SignalsCommand::Parse)) => return Ok(signals::cli::parse_stdin()?),
            Some(Command::Bench(BenchCommand::Signals { dev, count })) => {
                bench::signals::bench(dev, (*count).max(1));
                return Ok(());
            }
            Some(Command::Whatsapp(WhatsappCommand::Simulate { url, secret, file, group, zone, pause_ms })) => {
                return signals::cli::simulate(url, secret, file.as_deref(), group, zone, *pause_ms).await;
            }
            _ => {}
        }
        let config = Config::from_env()?;
        // A command whose output is data (JSON) logs nothing on stdout.
        if !matches!(cli.command, Some(Command::Contacts(_))) {
            init_logging(&config);
        }
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Seed { scale } => {
                let db = Db::connect(&config.database_url).await?;
                match demo::seed_if_empty(&db, scale).await? {
                    Some(logins) => println!("{}", demo::format_logins(&logins)),
                    None => println!("The database already has data; nothing was loaded."),
                }
                Ok(())
            }
            Command::Admin(AdminCommand::Create { email, name, link, force }) => {
                use dealflow::server::onboarding::first_admin::{self, FirstSignIn};
                let db = Db::connect(&config.database_url).await?;
                let first = if link { FirstSignIn::Link } else { FirstSignIn::Password(first_admin::read_password_twice()?) };
                let created = first_admin::create(&db, &config, &email, &name, first, force).await?;
                match created.link {
                    Some(link) => println!("Platform administrator {} created. Open this link within 24 hours to choose the password:\n{link}", created.email),
                    None => println!("Platform administrator {} created. Sign in at {}/login", created.email, config.public_url),
                }
                Ok(())
            }
            Command::Admin(AdminCommand::Link { email }) => {
                let db = Db::connect(&config.database_url).await?;
                let link = dealflow::server::onboarding::first_admin::link_for(&db, &config, &email).await?;
                println!("Open this link within an hour to choose a new password (it works once):\n{link}");
                Ok(())
            }
            Command::Bench(BenchCommand::Ledger { postings, accounts, concurrency, queries }) => {
                let db = Db::connect(&config.database_url).await?;
                bench::ledger::run_ledger(&db, &LedgerBench { postings, accounts, concurrency, queries }).await
            }
            Command::Bench(BenchCommand::Dealer { brokers, deals, samples }) => {
                let db = Db::connect(&config.database_url).await?;
                bench::dealer::run(&db, Arc::new(config), &DealerBench { brokers, deals, samples }).await
            }
            Command::Bench(BenchCommand::Contacts { contacts, samples }) => {
                let db = Db::connect(&config.database_url).await?;
                bench::contacts::run(&db, Arc::new(config), contacts, samples).await
            }
            Command::Contacts(ContactsCommand::ImportPreview { file, sheet, region, dedupe, org }) => {
                let db = Db::connect(&config.database_url).await?;
                let preview = dealflow::server::crm::cli::import_preview(&db, &file, sheet, region, &dedupe, org.as_deref()).await?;
                println!("{preview}");
                Ok(())
            }
            Command::Bench(BenchCommand::Signals { .. }) | Command::Signals(_) | Command::Whatsapp(_) => unreachable!("handled above"),
        }
    }

    fn init_logging(config: &Config) {
        use tracing_subscriber::EnvFilter;
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
        if config.log_json {
            tracing_subscriber::fmt().json().with_env_filter(filter).init();
        } else {
            tracing_subscriber::fmt().with_env_filter(filter).init();
        }
    }

    async fn serve(config: Config) -> anyhow::Result<()> {
        tracing::info!(config = ?config, "starting Dealflow");
        if config.mode == Mode::Development && std::env::var("DEALFLOW_ENCRYPTION_KEY").is_err() {
            tracing::warn!("DEALFLOW_ENCRYPTION_KEY is not set: using the development key (refused when DEALFLOW_ENV=production)");
        }
        let addr = config.addr;
        let (app, state, logins) = http::build(config, dealflow::app::site()).await?;
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        let cleaner = DbSessionStore::new(state.db.clone());
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
        mailer::spawn(state.db.clone(), state.config.clone());
        if let Some(logins) = logins {
            println!("{}", demo::format_logins(&logins));
        } else if state.config.demo {
            println!("{}", demo::format_logins_hint());
        }
        println!("Dealflow is running at http://{addr}  (Ctrl-C stops it)");
        http::serve(listener, app).await?;
        Ok(())
    }
}

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use clap::Parser;
    match cli::run(cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dealflow: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {}
