//! `cargo xtask bench [--runs N] [--data a,b] [--only app,maplibre]`: the performance
//! benchmark of BENCHMARKS.md. Builds the release app into `target/bench-dist`, installs
//! the peers from `benches/package-lock.json` (npm ci, once), generates the data
//! (`benches/gen.mjs`, deterministic, skipped when present), serves app, peers, their npm
//! files and the data from one loopback server (nothing from a CDN), runs `benches/run.mjs`
//! (headless Chromium via playwright-core) and writes the table into BENCHMARKS.md.
//! Not part of `cargo xtask test`: timings are reported, never asserted.

use crate::build::{build, run_checked};
use crate::serve::Server;
use crate::{root, Result};
use std::process::Command;

const BEGIN: &str = "<!-- bench:begin -->";
const END: &str = "<!-- bench:end -->";

pub fn run(args: &[String]) -> Result<()> {
    let root = root();
    let benches = root.join("benches");
    crate::setup::browser_tools()?;
    if !benches.join("node_modules").join("maplibre-gl").exists() {
        run_checked(Command::new("npm").current_dir(&benches).args([
            "ci",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    run_checked(
        Command::new("node")
            .current_dir(&benches)
            .args(["gen.mjs", "data"]),
    )?;
    let dist = root.join("target").join("bench-dist");
    build(true, &dist)?;
    let server = Server::start(
        ("127.0.0.1", 0),
        vec![
            ("/".into(), dist.clone()),
            ("/peers/".into(), benches.join("peers")),
            ("/node_modules/".into(), benches.join("node_modules")),
            ("/bench-data/".into(), benches.join("data")),
        ],
        None,
    )?;
    let base = format!("http://127.0.0.1:{}/", server.port);
    println!("xtask: benchmark against {base}");
    run_checked(
        Command::new("node")
            .current_dir(&benches)
            .arg("run.mjs")
            .args(["--base", &base])
            .arg("--dist")
            .arg(&dist)
            .args(args),
    )?;
    let table = std::fs::read_to_string(benches.join("results.md"))
        .map_err(|e| format!("benches/results.md: {e}"))?;
    let command = format!("cargo xtask bench {}", args.join(" "));
    let doc_path = root.join("BENCHMARKS.md");
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_default();
    std::fs::write(&doc_path, with_table(&doc, command.trim(), &table))
        .map_err(|e| format!("BENCHMARKS.md: {e}"))?;
    println!("xtask: table written to BENCHMARKS.md and benches/results.md");
    Ok(())
}

/// `doc` with the text between the bench markers replaced by the command and the table
/// (markers appended when missing).
pub fn with_table(doc: &str, command: &str, table: &str) -> String {
    let block = format!("{BEGIN}\nCommand: `{command}`\n\n{table}\n{END}");
    match (doc.find(BEGIN), doc.find(END)) {
        (Some(b), Some(e)) if e > b => format!("{}{block}{}", &doc[..b], &doc[e + END.len()..]),
        _ => format!("{doc}\n{block}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_replaces_the_marked_block_only() {
        let doc = format!("# B\n\nbefore\n{BEGIN}\nold\n{END}\nafter\n");
        let new = with_table(&doc, "cargo xtask bench", "| t |");
        assert!(new.starts_with("# B\n\nbefore\n"));
        assert!(new.ends_with("\nafter\n"));
        assert!(new.contains("| t |") && !new.contains("old"));
        assert_eq!(with_table(&new, "cargo xtask bench", "| t |"), new);
        assert!(with_table("# B", "c", "t").contains(BEGIN));
    }
}
