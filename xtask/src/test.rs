//! `cargo xtask test`: every test the project has.
//!
//! 1. native unit and integration tests of the core and of xtask (`cargo test`);
//! 2. the browser tools (Chromium from apt, playwright-core from npm), installed if missing;
//! 3. a release build of the app into `target/e2e-dist`;
//! 4. the app served on a free loopback port, test fixtures under `/__fixtures/`;
//! 5. the end-to-end tests (`tests/e2e/*.test.mjs`, node's test runner driving headless
//!    Chromium through playwright-core). Screenshots go to `tests/e2e/artifacts/`.

use crate::build::{build, run_checked};
use crate::serve::Server;
use crate::setup::{browser_tools, CHROMIUM};
use crate::{root, Result};
use std::process::Command;

pub fn run_all(args: &[String]) -> Result<()> {
    let root = root();
    let only_e2e = args.iter().any(|a| a == "--e2e-only");
    if !only_e2e {
        run_checked(
            Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .current_dir(&root)
                .args(["test", "--package", "atlas-core", "--package", "xtask"]),
        )?;
    }
    browser_tools()?;
    let dist = root.join("target").join("e2e-dist");
    build(!args.iter().any(|a| a == "--dev"), &dist)?;
    let e2e = root.join("tests").join("e2e");
    let server = Server::start(
        ("127.0.0.1", 0),
        vec![
            ("/".into(), dist.clone()),
            ("/__fixtures/".into(), root.join("tests").join("fixtures")),
        ],
        None,
    )?;
    let mut files: Vec<String> = std::fs::read_dir(&e2e)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .collect();
    files.sort();
    // `cargo xtask test --e2e-only 18 import`: only the files whose names contain one of the
    // words (a quicker loop while working on one flow; CI passes none and runs them all).
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if !only.is_empty() {
        files.retain(|f| only.iter().any(|w| f.contains(w.as_str())));
    }
    if files.is_empty() {
        return Err("no browser tests found in tests/e2e".into());
    }
    // The same build under the strict Content-Security-Policy that deployments are told to
    // use (README), on a second port: the CSP test loads it from there.
    let csp_server = Server::start(
        ("127.0.0.1", 0),
        vec![("/".into(), dist.clone())],
        Some(crate::serve::STRICT_CSP.to_owned()),
    )?;
    // A page of another origin (another port) that embeds the app in an iframe.
    let host_server = Server::start(("127.0.0.1", 0), vec![("/".into(), e2e.join("host"))], None)?;
    let base = format!("http://127.0.0.1:{}/", server.port);
    let host_base = format!("http://127.0.0.1:{}/", host_server.port);
    let csp_base = format!("http://127.0.0.1:{}/", csp_server.port);
    println!("xtask: browser tests against {base} (strict CSP: {csp_base})");
    run_checked(
        Command::new("node")
            .current_dir(&e2e)
            .arg("--test")
            .arg("--test-concurrency=1")
            .args(&files)
            .env("BASE_URL", &base)
            .env("CSP_BASE_URL", &csp_base)
            .env("HOST_BASE_URL", &host_base)
            .env("CHROMIUM_PATH", CHROMIUM),
    )
}
