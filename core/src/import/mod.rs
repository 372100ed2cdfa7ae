//! # Bring your own data
//!
//! Readers for the files a planner brings (GeoJSON in any of the usual German coordinate
//! systems, TopoJSON, zipped Shapefiles, CSV from German Excel, XLSX), the detectors that
//! say what was found (coordinate system, separator, decimal comma, encoding, title and total
//! rows), geometry validation with safe fixes, the join report, and the writer that turns an
//! import into a dataset folder in the same format as `data/dortmund`.
//!
//! Everything here is a pure function of bytes in memory: the browser runs it in a Web
//! Worker (crate `importer`), the data-preparation command runs it natively, and the fuzz
//! targets in `core/fuzz` call the same readers.
//!
//! The light parts (layer model, errors, GeoJSON reader, detectors, join report) are always
//! compiled; submodules that pull heavy dependencies (ZIP, XLSX, projection) are behind the
//! `import` feature, so the map app's own bundle does not carry them.

pub mod crs;
pub mod encoding;
pub mod geojson;
pub mod join;
pub mod layer;
pub mod publish;
pub mod reproject;
pub mod services;
pub mod session;
pub mod shapefile;
pub mod stored;
pub mod table;
pub mod topojson;
pub mod validate;
#[cfg(feature = "import")]
pub mod xlsx;
#[cfg(feature = "import")]
pub mod zip;
pub mod zipwrite;

pub use layer::{ImportError, ImportedFeature, Layer, PropValue};
