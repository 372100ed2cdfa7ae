//! Datasets a planner imported, kept in this browser only (IndexedDB), and the import
//! worker that makes them. The two JavaScript snippets (`src/js/`) only wrap browser APIs
//! that have no convenient Rust binding; the record format and every decision stay in Rust.
//!
//! Privacy: nothing here talks to a server. Files are read by the worker from the user's
//! disk, the result is stored in IndexedDB, and the app parses it like a dataset folder.

use crate::i18n::LoadError;
use crate::load::Loaded;
use atlas_core::dataset::{parse_dataset, DatasetTexts};
use atlas_core::import::stored::{StoredDataset, StoredMeta};
use wasm_bindgen::prelude::*;

/// Ids of imported datasets carry this prefix in `?dataset=` and in the dataset switch, so
/// that they can never be mistaken for a folder on the server.
pub const LOCAL_PREFIX: &str = "local:";

#[wasm_bindgen(module = "/src/js/idb.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn idb_put(json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_list() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_get(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_delete(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_rename(id: &str, name: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/js/import_client.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn import_request(
        cmd: &str,
        files: JsValue,
        request: &str,
        on_progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue>;
    /// Terminate the worker (frees the memory of the files it read).
    pub fn import_reset();
}

fn js_message(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Storage could not be used (private mode, quota, blocked by the browser).
#[derive(Debug, Clone, PartialEq)]
pub struct StorageError(pub String);

/// The stored datasets, newest first.
pub async fn list() -> Result<Vec<StoredMeta>, StorageError> {
    let v = idb_list().await.map_err(|e| StorageError(js_message(e)))?;
    let text = v.as_string().unwrap_or_else(|| "[]".into());
    let mut list: Vec<StoredMeta> =
        serde_json::from_str(&text).map_err(|e| StorageError(e.to_string()))?;
    atlas_core::sort::sort_by(&mut list, |a, b| b.created.total_cmp(&a.created));
    Ok(list)
}

pub async fn save(record: &StoredDataset) -> Result<(), StorageError> {
    let json = serde_json::to_string(record).map_err(|e| StorageError(e.to_string()))?;
    idb_put(&json)
        .await
        .map(|_| ())
        .map_err(|e| StorageError(js_message(e)))
}

pub async fn delete(id: &str) -> Result<(), StorageError> {
    idb_delete(id)
        .await
        .map(|_| ())
        .map_err(|e| StorageError(js_message(e)))
}

pub async fn rename(id: &str, name: &str) -> Result<(), StorageError> {
    idb_rename(id, name)
        .await
        .map(|_| ())
        .map_err(|e| StorageError(js_message(e)))
}

/// One stored dataset, whole.
pub async fn get(id: &str) -> Result<Option<StoredDataset>, StorageError> {
    let v = idb_get(id).await.map_err(|e| StorageError(js_message(e)))?;
    match v.as_string() {
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| StorageError(e.to_string())),
        None => Ok(None),
    }
}

/// Parse a stored dataset exactly like a folder from the server.
pub fn open(record: &StoredDataset) -> Result<Loaded, LoadError> {
    let f = &record.folder;
    let dataset = parse_dataset(&DatasetTexts {
        manifest: &f.manifest_json,
        boundaries: &f.boundaries_geojson,
        indicators: &f.indicators_csv,
        services: f.services_geojson.as_deref(),
    })
    .map_err(LoadError::Data)?;
    Ok(Loaded::new(dataset))
}

/// Load the stored dataset `id` (without the prefix).
pub async fn load(id: &str) -> Result<Loaded, LoadError> {
    match get(id).await {
        Ok(Some(record)) => open(&record),
        Ok(None) => Err(LoadError::LocalMissing(id.to_owned())),
        Err(StorageError(m)) => Err(LoadError::Storage(m)),
    }
}

/// Progress of the worker: stage, bytes or steps done, total, file name.
pub type Progress = (String, f64, f64, String);

/// Ask the import worker; returns its JSON reply (a serialised `Result`). `Err` only when the
/// worker itself failed (it has then been replaced by a fresh one).
pub async fn ask_worker(
    cmd: &str,
    files: Option<js_sys::Array>,
    request: &str,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<String, String> {
    let callback = Closure::<dyn Fn(String, f64, f64, String)>::new(
        move |stage: String, done: f64, total: f64, file: String| {
            on_progress((stage, done, total, file))
        },
    );
    let files = files.map(JsValue::from).unwrap_or(JsValue::NULL);
    let reply = import_request(cmd, files, request, callback.as_ref().unchecked_ref()).await;
    drop(callback);
    match reply {
        Ok(v) => Ok(v.as_string().unwrap_or_default()),
        Err(e) => Err(js_message(e)),
    }
}
