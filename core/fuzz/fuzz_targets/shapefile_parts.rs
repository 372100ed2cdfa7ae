#![no_main]
//! Loose Shapefile parts. Input layout (what scripts/fuzz_seed.py writes): two little-endian
//! u32 lengths, then the .shp and .dbf bytes of those lengths, then the .prj text. Lengths
//! past the end are clamped, so every input is usable.
use libfuzzer_sys::fuzz_target;
mod common;

fn split(data: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let len = |at: usize| {
        data.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .unwrap_or(0)
    };
    let rest = data.get(8..).unwrap_or(&[]);
    let a = len(0).min(rest.len());
    let (shp, rest) = rest.split_at(a);
    let b = len(4).min(rest.len());
    let (dbf, prj) = rest.split_at(b);
    (shp, dbf, prj)
}

fuzz_target!(|data: &[u8]| {
    let (shp, dbf, prj) = split(data);
    let prj = String::from_utf8_lossy(prj);
    let prj = (!prj.is_empty()).then_some(prj.as_ref());
    if let Ok((layer, crs, _)) = atlas_core::import::shapefile::read_shapefile_parts(
        "fuzz.shp",
        shp,
        Some(shp),
        Some(dbf),
        prj,
        None,
    ) {
        common::after_read(layer, crs);
    }
});
