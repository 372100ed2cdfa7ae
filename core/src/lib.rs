//! # atlas-core
//!
//! The pure core of Chancenatlas. Everything that can be computed without a browser lives
//! here: the dataset model and its manifest, the readers for the dataset files, Web Mercator
//! projection and the map viewport, class breaks and palettes, district statistics, and the
//! spatial queries (which district is under the cursor, which district holds a service).
//!
//! This crate must never depend on leptos, web-sys or gloo: the app, the data-preparation
//! command and the native tests all share it.

pub mod adhoc;
pub mod aggregate;
pub mod allocation;
pub mod bivariate;
pub mod catalog;
pub mod choropleth;
pub mod classify;
pub mod dataset;
pub mod export;
pub mod format;
pub(crate) mod geojson_scan;
pub mod import;
pub mod manifest;
pub mod need;
pub mod palette;
pub mod permalink;
pub mod prepared;
pub mod projection;
pub mod raster;
pub mod sort;
pub mod stats;
pub mod supply;
pub mod targeting;
pub mod tiles;

pub use dataset::{Dataset, DatasetError, District, DistrictId, Service};
pub use manifest::{CategoryId, Direction, IndicatorId, Lang, Manifest};
