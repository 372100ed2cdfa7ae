#![no_main]
//! The app's own GeoJSON readers, built on the tree-less scanner (`geojson_scan`): a dataset
//! folder's boundaries and services, and any GeoJSON linked with `?data=`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atlas_core::adhoc::dataset_from_geojson("fuzz.geojson", data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = atlas_core::dataset::parse_boundaries("fuzz.geojson", text, "key", "name");
    }
});
