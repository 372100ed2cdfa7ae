//! What the import worker does after a reader succeeds: decide the coordinate system,
//! reproject, validate. Fuzzing the whole path catches panics in the later steps on the odd
//! geometry a reader lets through.

use atlas_core::import::{crs, reproject, validate, Layer};

pub fn after_read(layer: Layer, known: Option<crs::Crs>) {
    let inference = crs::infer_for_layer(&layer);
    let layer = crs::remove_easting_offset(layer, inference.easting_offset);
    // Every system, not just the inferred one: the planner may pick any of them.
    for system in known.into_iter().chain(crs::Crs::ALL) {
        if let Ok(wgs84) = reproject::to_wgs84(system, &layer) {
            let _ = validate::check_and_fix(wgs84);
        }
    }
}
