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
    let main_wasm = split(&wasm, &pkg)?;
    bindgen(&main_wasm, &pkg, release)?;
    // The import worker's module, loaded only when a planner imports files.
    bindgen(
        &wasm.with_file_name("importer.wasm"),
        &out.join("importer"),
        release,
    )?;
    if release && !keep_names() {
        // A release ships no custom sections: the split chunks never pass through
        // wasm-bindgen (which drops only names and producers), and `--emit-relocs` (needed by
        // the split) leaves ~0.7 MB of relocation sections in the worker's module.
        for dir in [&pkg, &out.join("importer")] {
            strip_wasm_files(dir)?;
        }
    }

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

/// Split the app at its split functions (`src/lazy_views.rs`: the import dialog,
/// targeting, ranking, the district profile) into chunks that the page fetches from `pkg/`
/// the first time one of them is called; what every page load needs stays in the main
/// module. Needs the linker's relocations (`--emit-relocs`, set in `.cargo/config.toml`).
/// Returns the main module, to be given to wasm-bindgen (same file name as the input, so
/// the generated files keep their names).
fn split(wasm: &Path, pkg: &Path) -> Result<PathBuf> {
    let input = std::fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let dir = wasm.with_file_name("split");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let main = dir.join(wasm.file_name().unwrap_or_default());
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = &main;
    options.link_name = "./__wasm_split.js";
    options.main_module = "./chancenatlas.js";
    wasm_split_cli_support::transform(options)
        .map_err(|e| format!("wasm-split {}: {e:#}", wasm.display()))?;
    Ok(main)
}

/// `ATLAS_KEEP_NAMES=1`: a release build that keeps its function names (and every other
/// custom section), so that a CPU profile or `twiggy` names what it sees. For measuring
/// only: the names add ~0.5 MB.
fn keep_names() -> bool {
    std::env::var_os("ATLAS_KEEP_NAMES").is_some()
}

/// Rewrite every `.wasm` file directly in `dir` without its custom sections.
fn strip_wasm_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let stripped = without_custom_sections(&bytes)
                .ok_or_else(|| format!("{}: not a wasm module", path.display()))?;
            std::fs::write(&path, stripped).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// A wasm module without its custom sections (id 0), or `None` if the bytes are not a
/// well-formed sequence of sections. Format: 8-byte header, then per section one id byte,
/// a LEB128 size and the body.
fn without_custom_sections(wasm: &[u8]) -> Option<Vec<u8>> {
    let header = wasm.get(..8)?;
    if &header[..4] != b"\0asm" {
        return None;
    }
    let mut out = header.to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, leb_len) = leb128_u32(wasm.get(at + 1..)?)?;
        let end = (at + 1 + leb_len).checked_add(size as usize)?;
        let section = wasm.get(at..end)?;
        if id != 0 {
            out.extend_from_slice(section);
        }
        at = end;
    }
    Some(out)
}

/// An unsigned LEB128 number of at most 5 bytes, and how many bytes it took.
fn leb128_u32(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    for (i, &b) in bytes.iter().take(5).enumerate() {
        value |= u32::from(b & 0x7f).checked_shl(7 * i as u32)?;
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// wasm-bindgen (as a library) for one module, `--target web`.
fn bindgen(wasm: &Path, out: &Path, release: bool) -> Result<()> {
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .web(true)
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?
        .typescript(false)
        .debug(!release)
        .remove_name_section(release && !keep_names())
        .remove_producers_section(true)
        // The split chunks share the main module's function table (`__wasm_split.js`).
        .keep_lld_exports(true)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_sections_are_dropped_and_others_kept() {
        // header, custom section "n" (3 bytes body), type section (1 byte body: 0 types),
        // custom section with a two-byte LEB size (130 bytes body).
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([0, 3, 1, b'n', 9]);
        wasm.extend([1, 1, 0]);
        wasm.extend([0, 0x82, 0x01]);
        wasm.extend(std::iter::repeat_n(7u8, 130));
        let out = without_custom_sections(&wasm).unwrap();
        assert_eq!(out, b"\0asm\x01\0\0\0\x01\x01\0".to_vec());
        // A section that claims more bytes than there are is refused, not cut.
        wasm.extend([1, 5, 0]);
        assert_eq!(without_custom_sections(&wasm), None);
        assert_eq!(leb128_u32(&[0x82, 0x01]), Some((130, 2)));
        assert_eq!(leb128_u32(&[0x80, 0x80]), None);
    }
}
