//! `dealflow-whatsapp-bridge --webhook URL --secret SECRET [--store PATH]`

use std::path::PathBuf;
use std::process::ExitCode;

use dealflow_whatsapp_bridge::dealflow::{DEFAULT_QUEUE_CAPACITY, DealflowClient, RetryPolicy};
use dealflow_whatsapp_bridge::whatsapp::{self, BridgeOptions, Exit};
use tracing_subscriber::EnvFilter;

const ENV_WEBHOOK: &str = "DEALFLOW_BRIDGE_WEBHOOK";
const ENV_SECRET: &str = "DEALFLOW_BRIDGE_SECRET";
const ENV_STORE: &str = "DEALFLOW_BRIDGE_STORE";
const DEFAULT_STORE: &str = "./whatsapp-bridge.db";

/// Exit statuses (documented in the README).
const EXIT_ERROR: u8 = 1;
const EXIT_UNLINKED: u8 = 10;
const EXIT_LOGGED_OUT: u8 = 11;
const EXIT_STOPPED: u8 = 12;
const EXIT_USAGE: u8 = 64;

const USAGE: &str = "\
dealflow-whatsapp-bridge: link one WhatsApp account (QR code) and forward its
group messages to a Dealflow connection's signed webhook.

USAGE:
    dealflow-whatsapp-bridge --webhook URL --secret SECRET [--store PATH]

OPTIONS:
    --webhook URL    The connection's webhook, e.g.
                     http://localhost:3000/hooks/whatsapp/<connection-id>
                     [env: DEALFLOW_BRIDGE_WEBHOOK]
    --secret SECRET  The connection's signing secret (prefer the env var: a
                     command-line secret is visible in the process list)
                     [env: DEALFLOW_BRIDGE_SECRET]
    --store PATH     SQLite file for the WhatsApp credentials
                     [env: DEALFLOW_BRIDGE_STORE] [default: ./whatsapp-bridge.db]
    -h, --help       Print this help
    -V, --version    Print the version

Logging: RUST_LOG (default: info for the bridge, warn for the WhatsApp library).

EXIT STATUS:
    0   stopped by Ctrl-C / SIGTERM (credentials kept)
    10  Dealflow answered 401: unlinked there; WhatsApp logged out, credentials deleted
    11  the phone removed this linked device; credentials deleted
    12  the WhatsApp client stopped (usually: no QR code scanned in time)
    64  bad command line";

#[derive(Debug, PartialEq, Eq)]
struct Config {
    webhook: String,
    secret: String,
    store: PathBuf,
    /// The secret came from the command line (visible to other local users).
    secret_on_command_line: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Command {
    Run(Config),
    Help,
    Version,
}

/// Flags win over environment variables.
fn parse_args(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let (mut webhook, mut secret, mut store) = (None, None, None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let slot = match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--webhook" => &mut webhook,
            "--secret" => &mut secret,
            "--store" => &mut store,
            other => return Err(format!("unknown argument {other:?}")),
        };
        let value = match inline {
            Some(v) => v,
            None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        *slot = Some(value);
    }
    let secret_on_command_line = secret.is_some();
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let webhook = nonempty(webhook)
        .or_else(|| nonempty(env(ENV_WEBHOOK)))
        .ok_or_else(|| format!("missing --webhook (or {ENV_WEBHOOK})"))?;
    let secret = nonempty(secret)
        .or_else(|| nonempty(env(ENV_SECRET)))
        .ok_or_else(|| format!("missing --secret (or {ENV_SECRET})"))?;
    let store = nonempty(store)
        .or_else(|| nonempty(env(ENV_STORE)))
        .unwrap_or_else(|| DEFAULT_STORE.to_string());
    Ok(Command::Run(Config {
        webhook: webhook.trim().to_string(),
        secret: secret.trim().to_string(),
        store: PathBuf::from(store),
        secret_on_command_line,
    }))
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("shutdown requested");
}

fn init_logging() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,dealflow_whatsapp_bridge=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(Command::Run(c)) => c,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("dealflow-whatsapp-bridge {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    init_logging();
    if config.secret_on_command_line {
        tracing::warn!(
            "the secret was given with --secret and is visible in the process list; prefer {ENV_SECRET}"
        );
    }
    let dealflow = match DealflowClient::new(&config.webhook, &config.secret) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let options = BridgeOptions {
        store_path: config.store.clone(),
        queue_capacity: DEFAULT_QUEUE_CAPACITY,
        retry: RetryPolicy::default(),
    };
    match whatsapp::run(options, dealflow, shutdown_signal()).await {
        Ok(Exit::Shutdown) => {
            tracing::info!(store = %config.store.display(), "stopped; credentials kept, a restart reconnects without a new QR code");
            ExitCode::SUCCESS
        }
        Ok(Exit::Unlinked) => {
            tracing::error!(
                "Dealflow refused this bridge (401): the connection was unlinked in Dealflow, its secret was \
                 renewed, or the webhook/secret is wrong. Capture stopped, this device was logged out of \
                 WhatsApp and its credentials were deleted. Set up the bridge again in Dealflow to relink."
            );
            ExitCode::from(EXIT_UNLINKED)
        }
        Ok(Exit::LoggedOut) => {
            tracing::error!(
                "WhatsApp logged this device out (removed from the phone's Linked devices). Dealflow was \
                 told and the credentials were deleted. Start the bridge again to link with a new QR code."
            );
            ExitCode::from(EXIT_LOGGED_OUT)
        }
        Ok(Exit::Stopped) => {
            tracing::error!(
                "the WhatsApp client stopped (usually: no QR code was scanned in time). Start the bridge \
                 again for new QR codes."
            );
            ExitCode::from(EXIT_STOPPED)
        }
        Err(e) => {
            tracing::error!("bridge failed: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn flags() {
        let cmd = parse_args(
            args(&[
                "--webhook",
                "http://h/hooks/whatsapp/c1",
                "--secret=s3",
                "--store",
                "/tmp/x.db",
            ]),
            no_env,
        )
        .unwrap();
        assert_eq!(
            cmd,
            Command::Run(Config {
                webhook: "http://h/hooks/whatsapp/c1".into(),
                secret: "s3".into(),
                store: PathBuf::from("/tmp/x.db"),
                secret_on_command_line: true,
            })
        );
    }

    #[test]
    fn environment_and_defaults() {
        let env = |k: &str| match k {
            ENV_WEBHOOK => Some("https://d.example/hooks/whatsapp/c2".to_string()),
            ENV_SECRET => Some("from-env".to_string()),
            _ => None,
        };
        let Command::Run(c) = parse_args(args(&[]), env).unwrap() else {
            panic!()
        };
        assert_eq!(c.webhook, "https://d.example/hooks/whatsapp/c2");
        assert_eq!(c.secret, "from-env");
        assert_eq!(c.store, PathBuf::from(DEFAULT_STORE));
        assert!(!c.secret_on_command_line);
        // A flag wins over the environment.
        let Command::Run(c) = parse_args(args(&["--webhook", "http://other/x"]), env).unwrap()
        else {
            panic!()
        };
        assert_eq!(c.webhook, "http://other/x");
    }

    #[test]
    fn errors_and_help() {
        assert!(
            parse_args(args(&["--webhook", "http://h/x"]), no_env)
                .unwrap_err()
                .contains("--secret")
        );
        assert!(
            parse_args(args(&["--secret", "s"]), no_env)
                .unwrap_err()
                .contains("--webhook")
        );
        assert!(
            parse_args(args(&["--webhook"]), no_env)
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            parse_args(args(&["--nope"]), no_env)
                .unwrap_err()
                .contains("unknown")
        );
        assert_eq!(parse_args(args(&["-h"]), no_env).unwrap(), Command::Help);
        assert_eq!(
            parse_args(args(&["--version"]), no_env).unwrap(),
            Command::Version
        );
    }
}
