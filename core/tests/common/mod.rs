//! Shared by the integration tests: read a committed dataset folder with the app's reader.

use atlas_core::dataset::{parse_dataset, DatasetTexts};
use atlas_core::Dataset;
use std::path::PathBuf;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// `data/<folder>` (manifest, boundaries, indicators, services), or a panic naming the file.
pub fn load(folder: &str) -> Dataset {
    let dir = data_dir().join(folder);
    let read = |f: &str| {
        std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{folder}/{f}: {e}"))
    };
    let (m, b, i, s) = (
        read("dataset.json"),
        read("boundaries.geojson"),
        read("indicators.csv"),
        read("services.geojson"),
    );
    parse_dataset(&DatasetTexts {
        manifest: &m,
        boundaries: &b,
        indicators: &i,
        services: Some(&s),
    })
    .unwrap_or_else(|e| panic!("{folder}: {e}"))
}
