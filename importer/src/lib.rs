//! The import worker's wasm module: a thin shim between `public/import-worker.js` and the
//! pure [`atlas_core::import::session::Session`]. It only moves bytes and JSON strings;
//! every decision is made (and unit-tested natively) in the core.
//!
//! The session lives in a thread-local between messages: the planner looks at the analysis,
//! picks the key columns, reads the join report and marks indicators, and each step asks the
//! worker again without re-reading the files.

use atlas_core::import::session::{BuildRequest, JoinRequest, Session};
use atlas_core::import::ImportError;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
}

/// Forget every file and result (a new import).
#[wasm_bindgen]
pub fn reset() {
    SESSION.with(|s| *s.borrow_mut() = Session::default());
}

/// Hand one file to the session (copied once into wasm memory).
#[wasm_bindgen]
pub fn add_file(name: String, bytes: Vec<u8>) {
    SESSION.with(|s| s.borrow_mut().add_file(name, bytes));
}

/// Read every file handed over so far; the analysis as JSON (`Analysis`).
#[wasm_bindgen]
pub fn analyze() -> String {
    SESSION.with(|s| to_json(&s.borrow_mut().analyze()))
}

/// Reproject with the chosen coordinate system and join on the chosen columns; the join
/// report as JSON, or `{"error": …}` when the request cannot be read.
#[wasm_bindgen]
pub fn join(request_json: &str) -> String {
    match serde_json::from_str::<JoinRequest>(request_json) {
        Ok(r) => SESSION.with(|s| to_json(&s.borrow_mut().join(&r))),
        Err(e) => bad_request(&e),
    }
}

/// Write the dataset folder (manifest, boundaries, indicators, services) as JSON.
#[wasm_bindgen]
pub fn build(request_json: &str) -> String {
    match serde_json::from_str::<BuildRequest>(request_json) {
        Ok(r) => SESSION.with(|s| to_json(&s.borrow().build(&r))),
        Err(e) => bad_request(&e),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| error_json(format!("cannot encode: {e}")))
}

fn bad_request(e: &serde_json::Error) -> String {
    error_json(format!("bad request: {e}"))
}

/// `{"Err": ImportError::Other}` — the shape every reply of a failed step has.
fn error_json(message: String) -> String {
    let e: Result<(), ImportError> = Err(ImportError::Other {
        file: String::new(),
        message,
    });
    serde_json::to_string(&e).unwrap_or_default()
}
