//! The common result of every boundary or point reader: features with a geometry in the
//! file's own coordinates and their attribute values, plus what the reader detected.

use geo::Geometry;
use serde::{Deserialize, Serialize};

/// An attribute value as the file gave it. Numbers stay numbers so that keys such as
/// `054` (text) and `54` (number) can be told apart in the join report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PropValue {
    Text(String),
    Number(f64),
    Null,
}

/// One feature of an imported layer. `geometry` is `None` when the file had none
/// (reported by validation, never silently dropped).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedFeature {
    pub geometry: Option<Geometry<f64>>,
    /// In the order of [`Layer::fields`]; missing values are [`PropValue::Null`].
    pub properties: Vec<PropValue>,
}

/// A layer read from one file (or one zipped Shapefile), before reprojection.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// The file the layer came from, for messages.
    pub source_file: String,
    /// Attribute names, in file order.
    pub fields: Vec<String>,
    pub features: Vec<ImportedFeature>,
}

/// Everything that can go wrong while importing. Each variant names the file and, where it
/// applies, the feature or row (1-based, as a planner counts them). The UI turns these into
/// German or English sentences; `Display` is for logs and the native command. Serialisable
/// because the import runs in a Web Worker and the error crosses to the page as JSON: every
/// field of every variant must be serde-serialisable.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ImportError {
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: {message}")]
    Other { file: String, message: String },
}
