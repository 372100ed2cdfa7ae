#![no_main]
//! Tables (CSV/TXT and, with the feature, XLSX by content): encoding and separator detection,
//! title/footnote/total rows, German number formats.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atlas_core::import::table::read_table("fuzz.csv", data);
});
