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
    /// Features (0-based) with a ring the reader had to close: `geo::Polygon::new` closes
    /// rings silently, so the reader notes it and validation can say it was fixed.
    pub unclosed_rings: Vec<usize>,
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
    // --- tables (CSV/TXT/XLSX), join, services from tables, publishing ---
    /// The bytes are not text: binary data, or UTF-16 without a byte-order mark.
    #[error("{file}: {message}")]
    NotText { file: String, message: String },
    /// The text encoding is broken (a UTF-8 byte-order mark before non-UTF-8 bytes).
    #[error("{file}: encoding: {message}")]
    Encoding { file: String, message: String },
    /// A format this build or the importer cannot read (e.g. the old binary .xls).
    #[error("{file}: {message}")]
    UnsupportedFormat { file: String, message: String },
    /// A format that only the import worker reads (feature `import`), e.g. XLSX.
    #[error("{file}: {what} needs the importer (feature `import`)")]
    NeedsImporter { file: String, what: String },
    /// No line with at least two filled columns.
    #[error("{file}: no table with at least two columns found")]
    TooFewColumns { file: String },
    /// No header line (a line naming the columns) above the data.
    #[error("{file}: no header row naming the columns was found")]
    NoHeader { file: String },
    /// A header but no data rows (after titles, footnotes and totals were taken out).
    #[error("{file}: the table has no data rows")]
    NoRows { file: String },
    /// A line with more fields than any district table has.
    #[error("{file}: row {row}: {count} columns exceed the limit of {max}")]
    TooManyColumns {
        file: String,
        row: usize,
        count: usize,
        max: usize,
    },
    /// A cell longer than a spreadsheet cell can be (often an unclosed quote).
    #[error("{file}: row {row}, column {column}: the cell is longer than {max} characters")]
    CellTooLong {
        file: String,
        row: usize,
        column: usize,
        max: usize,
    },
    /// More rows than any district table has.
    #[error("{file}: more than {max} rows")]
    TooManyRows { file: String, max: usize },
    /// Most lines do not fit the header's columns (mixed separators).
    #[error(
        "{file}: {ragged} of {total} rows do not fit the header's columns (mixed separators?)"
    )]
    InconsistentRows {
        file: String,
        ragged: usize,
        total: usize,
    },
    /// An XLSX workbook that cannot be read, or has no usable sheet.
    #[error("{file}: XLSX: {message}")]
    Xlsx { file: String, message: String },
    /// A column index or name that the table or layer does not have.
    #[error("{file}: column {column} does not exist")]
    NoSuchColumn { file: String, column: String },
    /// A coordinate cell that is not a number or out of range.
    #[error("{file}: row {row}: column `{column}`: `{value}` is not a usable coordinate")]
    BadCoordinate {
        file: String,
        row: usize,
        column: String,
        value: String,
    },
    /// A publish plan that would not give a valid dataset folder.
    #[error("publish: {message}")]
    Publish { message: String },
    // --- the import session (which file is what, steps in the wrong order) ---
    /// A file with an extension the import does not know.
    #[error("{file}: unknown file type")]
    UnknownFileType { file: String },
    /// A `.dbf`/`.shx`/`.prj`/`.cpg` without the `.shp` of the same name.
    #[error("{file}: a Shapefile part without its .shp")]
    ShapefilePartAlone { file: String },
    /// A second boundary (or services) layer: only the first is used.
    #[error("{file}: a second layer of the same kind; only the first is used")]
    SecondLayer { file: String },
    /// A second table without coordinate columns: only the first table is used.
    #[error("{file}: a second table; only the first is used")]
    SecondTable { file: String },
    /// The coordinate system is unknown and the planner has not chosen one.
    #[error("{file}: coordinate system unknown; please choose one")]
    NoCrs { file: String },
    #[error("no boundary file (GeoJSON, TopoJSON or Shapefile with polygons)")]
    NoBoundaries,
    #[error("no table (CSV or XLSX)")]
    NoTable,
    #[error("no indicator column chosen")]
    NoIndicators,
    // --- geometry readers (GeoJSON, TopoJSON, Shapefile, ZIP, CRS) ---
    /// Not parseable as JSON (truncated, wrong syntax, nesting deeper than 128).
    #[error("{file}: not valid JSON: {message}")]
    Json { file: String, message: String },
    /// Valid JSON but not GeoJSON/TopoJSON (`found` says what the `type` member was).
    #[error("{file}: not GeoJSON: found {found}")]
    NotGeoJson { file: String, found: String },
    /// The file (or the chosen layer) holds no features.
    #[error("{file}: the file holds no features")]
    NoFeatures { file: String },
    /// A geometry type the atlas cannot show as districts or services (lines, collections).
    #[error("{file}: feature {feature}: geometry type {geometry_type} is not supported (only Polygon, MultiPolygon, Point, MultiPoint)")]
    UnsupportedGeometry {
        file: String,
        feature: usize,
        geometry_type: String,
    },
    /// Coordinates that do not fit the geometry type (wrong nesting, short positions).
    #[error("{file}: feature {feature}: coordinates: {message}")]
    Coordinates {
        file: String,
        feature: usize,
        message: String,
    },
    /// A TopoJSON topology that cannot be decoded (bad arc index, missing arcs).
    #[error("{file}: TopoJSON: {message}")]
    TopoJson { file: String, message: String },
    /// A Shapefile part (.shp/.shx/.dbf) that cannot be read. `file` is what the planner
    /// dropped (the ZIP or the .shp); `part` the part's path (`bezirke.zip/ubz.dbf`).
    #[error("{part}: {message}")]
    Shapefile {
        file: String,
        part: String,
        message: String,
    },
    /// A Shapefile without a part the import needs (`part` is the extension, e.g. "dbf").
    #[error("{file}: the Shapefile has no .{part} file")]
    MissingPart { file: String, part: String },
    /// A ZIP archive that cannot be read.
    #[error("{file}: ZIP: {message}")]
    Zip { file: String, message: String },
    /// A ZIP entry refused by the zip-bomb guard (`size` in bytes, declared or inflated).
    #[error("{file}: {entry}: {size} bytes exceed the limit of {limit}")]
    TooLarge {
        file: String,
        entry: String,
        size: u64,
        limit: u64,
    },
    /// A ZIP archive without any .shp file.
    #[error("{file}: the archive holds no Shapefile (.shp)")]
    NoShapefile { file: String },
    /// Reprojection to WGS84 failed.
    #[error("{file}: feature {feature}: reprojection failed: {message}")]
    Reproject {
        file: String,
        feature: usize,
        message: String,
    },
}
