#![no_main]
//! Zipped Shapefile: the ZIP reader (and its zip-bomb guard), the .shp/.dbf readers, then
//! CRS inference, reprojection and validation.
use libfuzzer_sys::fuzz_target;
mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok((layer, crs, _)) =
        atlas_core::import::shapefile::read_zipped_shapefile("fuzz.zip", data)
    {
        common::after_read(layer, crs);
    }
});
