//! The record an imported dataset is kept as in the browser (IndexedDB), and its export as
//! a dataset folder. The record holds the finished folder (so opening it is exactly opening
//! a folder from the server) and the choices that made it (so the import can be explained and
//! redone).

use super::publish::{slug, DatasetFolder};
use super::session::BuildRequest;
use super::zipwrite::zip_stored;
use serde::{Deserialize, Serialize};

/// What the list of stored datasets shows (no payload: listing stays cheap).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMeta {
    pub id: String,
    pub name: String,
    /// Milliseconds since 1970 (JavaScript `Date.now()`).
    pub created: f64,
}

/// One imported dataset as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDataset {
    pub id: String,
    pub name: String,
    pub created: f64,
    pub folder: DatasetFolder,
    pub request: BuildRequest,
}

pub fn new_record(
    id: String,
    name: String,
    created: f64,
    folder: DatasetFolder,
    request: BuildRequest,
) -> StoredDataset {
    StoredDataset {
        id,
        name,
        created,
        folder,
        request,
    }
}

/// A folder name from the dataset's name: the manifest ids' rule ([`slug`]: lower-case ASCII,
/// umlauts spelled out) with hyphens, so it is a valid `?dataset=` path on any web server.
pub fn folder_name(r: &StoredDataset) -> String {
    match slug(&r.name).replace('_', "-") {
        s if s == "x" => r.id.clone(),
        s => s.chars().take(60).collect(),
    }
}

/// The dataset folder as a ZIP: `<folder>/dataset.json`, `boundaries.geojson`,
/// `indicators.csv` and, when there are services, `services.geojson` — the layout of
/// `data/dortmund`, so a website deployment serves it by adding it to `data/catalog.json`.
pub fn folder_zip(r: &StoredDataset) -> Option<Vec<u8>> {
    let dir = folder_name(r);
    let f = &r.folder;
    let names = [
        format!("{dir}/dataset.json"),
        format!("{dir}/boundaries.geojson"),
        format!("{dir}/indicators.csv"),
        format!("{dir}/services.geojson"),
    ];
    let mut entries: Vec<(&str, &[u8])> = vec![
        (&names[0], f.manifest_json.as_bytes()),
        (&names[1], f.boundaries_geojson.as_bytes()),
        (&names[2], f.indicators_csv.as_bytes()),
    ];
    if let Some(s) = &f.services_geojson {
        entries.push((&names[3], s.as_bytes()));
    }
    zip_stored(&entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_plain_paths() {
        let mut r = StoredDataset {
            id: "abc123".into(),
            name: "Gelsenkirchen – Stadtteile 2024 (Ü)".into(),
            created: 0.0,
            folder: DatasetFolder {
                manifest_json: String::new(),
                boundaries_geojson: String::new(),
                indicators_csv: String::new(),
                services_geojson: None,
            },
            request: serde_json::from_str(
                r#"{"join":{"crs":null,"key_field":0,"name_field":null,"table_column":0,"renames":[]},"id":"x","title":"t","year":2024,"indicators":[],"category_field":null}"#,
            )
            .unwrap(),
        };
        assert_eq!(folder_name(&r), "gelsenkirchen-stadtteile-2024-ue");
        r.name = "–".into();
        assert_eq!(folder_name(&r), "abc123");
    }
}
