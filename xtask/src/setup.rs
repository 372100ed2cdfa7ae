//! Install what the browser tests need on a fresh Debian machine, idempotently: Debian's
//! Chromium and ChromeDriver (never a browser download: the machines reach only package
//! registries) and the npm packages of `tests/e2e` from their lockfile.

use crate::build::run_checked;
use crate::{root, Result};
use std::path::Path;
use std::process::Command;

pub const CHROMIUM: &str = "/usr/bin/chromium";

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn apt(args: &[&str]) -> Result<()> {
    let mut cmd = if is_root() {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.arg("apt-get");
        c
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run_checked(&mut cmd)
}

/// Chromium from apt (skipped when present), then `npm ci` when `node_modules` is missing or
/// older than the lockfile.
pub fn browser_tools() -> Result<()> {
    if !Path::new(CHROMIUM).exists() {
        println!("xtask: installing Debian's chromium (once)…");
        apt(&["update"])?;
        apt(&[
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "fonts-dejavu-core",
        ])?;
    }
    let e2e = root().join("tests").join("e2e");
    let lock = e2e.join("package-lock.json");
    let marker = e2e.join("node_modules").join(".package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let stale = match (modified(&marker), modified(&lock)) {
        (Some(installed), Some(locked)) => installed < locked,
        _ => true,
    };
    if stale {
        println!("xtask: npm ci in tests/e2e…");
        run_checked(Command::new("npm").current_dir(&e2e).args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ]))?;
    }
    Ok(())
}
