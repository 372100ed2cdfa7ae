//! Project tasks: `cargo xtask <command>`. Everything the README promises runs through here,
//! so that a fresh machine needs nothing but Rust, node/npm and apt.
//!
//! - `serve [--port N] [--dev] [--csp]`   build the app and serve it on http://127.0.0.1:8080/
//!   (`--csp`: with the strict Content-Security-Policy of `serve::STRICT_CSP`)
//! - `dist [--dev]`               write the static site to `dist/` (`ATLAS_KEEP_NAMES=1`: a release
//!   that keeps function names, for profiles and `twiggy`)
//! - `test`                       every test: native unit tests, then the browser tests
//! - `prepare-data RECIPE`        build a dataset folder from source files (see data/README.md)
//! - `setup`                      install what the browser tests need (idempotent)
//! - `import OUT_DIR FILE...`      the browser's import, natively: a planner's files → a dataset folder
//! - `fixtures`                   regenerate the import test fixtures from data/dortmund
//! - `bench [--runs N]`           the performance benchmark against Leaflet and MapLibre (BENCHMARKS.md)

mod bench;
mod build;
mod fixtures;
mod import;
mod prepare;
mod serve;
mod setup;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

pub type Result<T> = std::result::Result<T, String>;

/// The repository root (the parent of this crate's folder).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in a subfolder")
        .to_path_buf()
}

fn flag(args: &[String], name: &str) -> bool {
    args.iter().any(|a| a == name)
}

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn run(args: &[String]) -> Result<()> {
    let command = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let release = !flag(rest, "--dev");
    match command {
        "dist" => build::build(release, &root().join("dist")).map(|_| ()),
        "serve" => {
            let port: u16 = option(rest, "--port")
                .map(|p| p.parse().map_err(|_| format!("bad port {p}")))
                .transpose()?
                .unwrap_or(8080);
            let dist = root().join("dist");
            build::build(release, &dist)?;
            let server = serve::Server::start(
                ("127.0.0.1", port),
                vec![("/".into(), dist)],
                flag(rest, "--csp").then(|| serve::STRICT_CSP.to_owned()),
            )?;
            println!(
                "Chancenatlas: http://127.0.0.1:{}/  (Ctrl+C to stop)",
                server.port
            );
            server.wait();
            Ok(())
        }
        "test" => test::run_all(rest),
        "bench" => bench::run(rest),
        "setup" => setup::browser_tools(),
        "import" => import::run(rest),
        // Regenerate tests/fixtures/import/dortmund-25832-shp.zip (see fixtures.rs).
        "fixtures" => fixtures::write_import_fixtures(&root()),
        "prepare-data" => {
            let recipe = rest
                .first()
                .ok_or("usage: cargo xtask prepare-data RECIPE.json")?;
            prepare::run(&root().join(recipe))
        }
        _ => {
            println!(
                "usage: cargo xtask <serve [--port N] [--dev] | dist [--dev] | test | setup | prepare-data RECIPE | import OUT FILE... | fixtures | bench>"
            );
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
