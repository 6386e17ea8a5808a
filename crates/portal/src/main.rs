//! `kenpo-portal`: runs the reference portal.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kenpo_portal::Config;

#[derive(Parser)]
#[command(
    name = "kenpo-portal",
    version,
    about = "The health-insurance society's member portal (reference server)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal's API over HTTP.
    Serve {
        /// Database URL, for example sqlite:///var/lib/kenpo/portal.sqlite
        #[arg(long)]
        db: String,
        /// Address to listen on; port 0 picks a free port (printed on start).
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
        /// Seed demo members and serve their enrollment codes to demo devices.
        #[arg(long)]
        demo: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let Command::Serve { db, addr, demo } = Cli::parse().command;
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("kenpo-portal: cannot listen on {addr}: {error}");
            return ExitCode::from(2);
        }
    };
    let local = listener.local_addr().expect("a bound socket has an address");
    // Tests and `cargo xtask run` read this line to learn the port.
    println!("kenpo-portal listening on http://{local}/");
    std::io::stdout().flush().ok();
    let config = Config { demo, ..Config::default() };
    match kenpo_portal::serve(listener, &db, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kenpo-portal: {error}");
            ExitCode::FAILURE
        }
    }
}
