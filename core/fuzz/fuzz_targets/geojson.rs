#![no_main]
//! GeoJSON reader, then CRS inference, reprojection and validation.
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok((layer, crs)) = atlas_core::import::geojson::read_geojson("fuzz.geojson", data) {
        common::after_read(layer, crs);
    }
});
