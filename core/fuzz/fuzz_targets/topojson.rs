#![no_main]
//! TopoJSON reader, then CRS inference, reprojection and validation.
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok((layer, crs)) = atlas_core::import::topojson::read_topojson("fuzz.topojson", data) {
        common::after_read(layer, crs);
    }
});
