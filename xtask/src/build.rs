//! Build the app to a static folder: cargo → wasm-bindgen (as a library, so no binary has
//! to be downloaded) → copy `index.html`, `public/` and `data/`.

use crate::{root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Run a command, failing with its name when it fails.
pub fn run_checked(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}

/// Install the wasm32 target through rustup when it is missing (idempotent).
pub fn ensure_wasm_target() -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match out {
        Ok(o) if String::from_utf8_lossy(&o.stdout).contains(WASM_TARGET) => Ok(()),
        Ok(_) => run_checked(Command::new("rustup").args(["target", "add", WASM_TARGET])),
        // No rustup: trust that the toolchain has the target; cargo says so if not.
        Err(_) => Ok(()),
    }
}

/// Build into `out`; returns the path of the generated `.wasm`.
pub fn build(release: bool, out: &Path) -> Result<PathBuf> {
    ensure_wasm_target()?;
    let root = root();
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // One cargo run for both wasm modules: the map app and the import worker share their
    // dependencies' build (features unify; code the app never calls is dropped at link time).
    cargo.current_dir(&root).args([
        "build",
        "--package",
        "chancenatlas",
        "--package",
        "importer",
        "--target",
        WASM_TARGET,
    ]);
    if release {
        cargo.arg("--release");
    }
    run_checked(&mut cargo)?;
    let profile = if release { "release" } else { "debug" };
    // Respect CARGO_TARGET_DIR like cargo does (e.g. a size experiment in its own folder).
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let wasm = target_dir
        .join(WASM_TARGET)
        .join(profile)
        .join("chancenatlas.wasm");

    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let pkg = out.join("pkg");
    bindgen(&wasm, &pkg, release)?;
    // The import worker's module, loaded only when a planner imports files.
    bindgen(
        &wasm.with_file_name("importer.wasm"),
        &out.join("importer"),
        release,
    )?;

    copy_file(&root.join("index.html"), &out.join("index.html"))?;
    copy_dir(&root.join("public"), out)?;
    copy_dir(&root.join("data"), &out.join("data"))?;
    let size = std::fs::metadata(pkg.join("chancenatlas_bg.wasm"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "xtask: built {} ({} build, wasm {} KB)",
        out.display(),
        profile,
        size / 1024
    );
    Ok(pkg.join("chancenatlas_bg.wasm"))
}

/// wasm-bindgen (as a library) for one module, `--target web`.
fn bindgen(wasm: &Path, out: &Path, release: bool) -> Result<()> {
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .typescript(false)
        .debug(!release)
        .remove_name_section(release)
        .remove_producers_section(true)
        .generate(out)
        .map_err(|e| format!("wasm-bindgen {}: {e:#}", wasm.display()))
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map_err(|e| format!("copy {}: {e}", from.display()))?;
    Ok(())
}

/// Copy a folder recursively, skipping recipe and source folders that only the
/// data-preparation step reads.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let name = entry.file_name();
        if name == "recipes" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name))?;
        } else {
            copy_file(&path, &to.join(&name))?;
        }
    }
    Ok(())
}
