//! One import, step by step: the files a planner dropped → what each file is and what was
//! detected ([`Session::analyze`]) → reprojection, validation and the join report for the
//! chosen key columns ([`Session::join`]) → the dataset folder ([`Session::build`]).
//!
//! The browser runs a `Session` in the import worker (crate `importer`); the steps cross the
//! worker boundary as JSON, which is why every request and answer here is serde-serialisable.
//! The native tests drive the same session with the same files.

use super::crs::Crs;
use super::join::{district_keys, join_report, JoinReport};
use super::layer::{ImportError, Layer, PropValue};
use super::publish::{
    build_dataset_folder, DatasetFolder, IndicatorChoice, PublishPlan, ServicesChoice,
};
use super::table::{read_table, Table, TableDetection, TableProblem};
use super::validate::{check_and_fix, GeometryIssue};
use crate::manifest::Text;
use serde::{Deserialize, Serialize};

/// A serialised `Result` as the worker sends it (`{"Ok": …}` or `{"Err": …}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply<T> {
    Ok(T),
    Err(ImportError),
}

impl<T> From<Result<T, ImportError>> for Reply<T> {
    fn from(r: Result<T, ImportError>) -> Reply<T> {
        match r {
            Ok(v) => Reply::Ok(v),
            Err(e) => Reply::Err(e),
        }
    }
}

/// What a dropped file was taken to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    Boundaries,
    Table,
    Services,
    /// `.shx`, `.dbf`, `.prj`, `.cpg` next to a `.shp`.
    ShapefilePart,
    /// Not used: a second boundary file, an unknown extension, or a file that failed.
    Ignored,
}

/// Each dropped file, what it was used as, and why it failed if it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileOutcome {
    pub name: String,
    pub role: FileRole,
    pub error: Option<ImportError>,
}

/// How the coordinate system was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrsSource {
    /// The Shapefile's `.prj`.
    Prj,
    /// GeoJSON's `crs` member.
    GeoJsonMember,
    /// Guessed from the coordinate ranges (the planner should check it).
    Inferred,
    /// Nothing matched; the planner must choose.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrsInfo {
    pub detected: Option<Crs>,
    pub source: CrsSource,
    /// Other systems the coordinate ranges would also fit.
    pub candidates: Vec<Crs>,
}

/// One attribute of a layer: its name, a few values, whether all values are numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSummary {
    pub name: String,
    pub samples: Vec<String>,
    pub numeric: bool,
    /// How many different values (a key field has one per feature).
    pub distinct: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerSummary {
    pub file: String,
    pub feature_count: usize,
    pub fields: Vec<FieldSummary>,
    pub crs: CrsInfo,
    /// Geometry problems found (and what was fixed) in the file's own coordinates.
    pub issues: Vec<GeometryIssue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    pub name: String,
    /// Most cells are numbers (an indicator candidate).
    pub numeric: bool,
    pub samples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSummary {
    pub file: String,
    pub row_count: usize,
    pub columns: Vec<ColumnSummary>,
    pub detection: TableDetection,
    pub problems: Vec<TableProblem>,
}

/// The key columns that match best, so the planner usually only confirms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeySuggestion {
    pub key_field: usize,
    pub name_field: Option<usize>,
    pub table_column: usize,
    /// Table rows whose key matches a boundary key exactly.
    pub matches: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub files: Vec<FileOutcome>,
    pub boundaries: Option<LayerSummary>,
    pub table: Option<TableSummary>,
    pub services: Option<LayerSummary>,
    pub suggestion: Option<KeySuggestion>,
}

/// Join on these columns, after reprojecting from `crs` (None: as detected).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub crs: Option<Crs>,
    pub key_field: usize,
    pub name_field: Option<usize>,
    pub table_column: usize,
    /// Accepted fixes: table key → district key.
    pub renames: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinResult {
    pub report: JoinReport,
    /// Geometry problems after reprojection (out-of-range coordinates and the like).
    pub issues: Vec<GeometryIssue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuildRequest {
    pub join: JoinRequest,
    pub id: String,
    pub title: String,
    pub year: u16,
    /// The indicators, in the order the app offers them (the first is the default).
    pub indicators: Vec<IndicatorChoice>,
    /// Services: the attribute that names each service's category (None: one category).
    pub category_field: Option<usize>,
}

/// A loaded layer with what its reader detected.
#[derive(Debug, Clone)]
struct Source {
    /// Validated and safely fixed, still in the file's own coordinates.
    layer: Layer,
    crs: CrsInfo,
    /// What validation found and fixed (structure problems do not depend on the system).
    issues: Vec<GeometryIssue>,
}

impl Source {
    fn new(layer: Layer, crs: CrsInfo) -> Source {
        let (layer, mut issues) = check_and_fix(layer);
        // The range check is for longitude/latitude; projected metres are checked again after
        // reprojection (`Session::join`).
        if crs.detected != Some(Crs::Wgs84) {
            issues.retain(|i| i.kind != super::validate::IssueKind::OutOfRange);
        }
        Source { layer, crs, issues }
    }

    /// A Shapefile's outer rings run clockwise by its specification: turning them to RFC
    /// 7946's counter-clockwise is a change of convention, not a defect worth listing.
    fn from_shapefile(layer: Layer, crs: CrsInfo) -> Source {
        let mut source = Source::new(layer, crs);
        source
            .issues
            .retain(|i| i.kind != super::validate::IssueKind::WrongWinding);
        source
    }
}

/// An import in progress. Holds the files and what was read from them.
#[derive(Debug, Default)]
pub struct Session {
    files: Vec<(String, Vec<u8>)>,
    boundaries: Option<Source>,
    services: Option<Source>,
    /// The indicator table and its file name.
    table: Option<(String, Table)>,
}

/// Lower-case extension of a file name.
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// A property value as text (keys and samples): the join's rule, so that what the planner
/// sees is what is joined.
fn value_text(v: &PropValue) -> String {
    super::join::prop_text(Some(v))
}

impl Session {
    /// Add a dropped file (a later file of the same name replaces the earlier one).
    pub fn add_file(&mut self, name: String, bytes: Vec<u8>) {
        self.files.retain(|(n, _)| *n != name);
        self.files.push((name, bytes));
    }

    /// Read every file and say what each one is.
    pub fn analyze(&mut self) -> Result<Analysis, ImportError> {
        self.boundaries = None;
        self.services = None;
        self.table = None;
        let mut outcomes = Vec::new();
        let files = std::mem::take(&mut self.files);
        let mut tables = Vec::new();
        for (name, bytes) in &files {
            let ext = extension(name);
            let outcome = match ext.as_str() {
                "shx" | "dbf" | "prj" | "cpg" => {
                    let has_shp = files
                        .iter()
                        .any(|(n, _)| extension(n) == "shp" && stem(n) == stem(name));
                    FileOutcome {
                        name: name.clone(),
                        role: if has_shp {
                            FileRole::ShapefilePart
                        } else {
                            FileRole::Ignored
                        },
                        error: (!has_shp)
                            .then(|| ImportError::ShapefilePartAlone { file: name.clone() }),
                    }
                }
                "shp" => {
                    let part = |e: &str| {
                        files
                            .iter()
                            .find(|(n, _)| extension(n) == e && stem(n) == stem(name))
                            .map(|(_, b)| b.as_slice())
                    };
                    let result = super::shapefile::read_shapefile_parts(
                        name,
                        bytes,
                        part("shx"),
                        part("dbf"),
                        part("prj")
                            .map(|b| String::from_utf8_lossy(b).into_owned())
                            .as_deref(),
                        part("cpg")
                            .map(|b| String::from_utf8_lossy(b).into_owned())
                            .as_deref(),
                    )
                    .map(|(layer, crs, _)| (layer, crs, CrsSource::Prj));
                    self.take_layer(name, result)
                }
                "zip" => {
                    let result = read_zip(name, bytes);
                    self.take_layer(name, result)
                }
                "geojson" | "json" | "topojson" => {
                    let topo = ext == "topojson" || looks_like_topojson(bytes);
                    let result = if topo {
                        super::topojson::read_topojson(name, bytes)
                    } else {
                        super::geojson::read_geojson(name, bytes)
                    }
                    .map(|(layer, crs)| (layer, crs, CrsSource::GeoJsonMember));
                    self.take_layer(name, result)
                }
                "csv" | "txt" | "tsv" | "xlsx" => match read_table(name, bytes) {
                    Ok(t) => {
                        tables.push((name.clone(), t));
                        FileOutcome {
                            name: name.clone(),
                            role: FileRole::Table,
                            error: None,
                        }
                    }
                    Err(e) => FileOutcome {
                        name: name.clone(),
                        role: FileRole::Ignored,
                        error: Some(e),
                    },
                },
                _ => FileOutcome {
                    name: name.clone(),
                    role: FileRole::Ignored,
                    error: Some(ImportError::UnknownFileType { file: name.clone() }),
                },
            };
            outcomes.push(outcome);
        }
        // The first table is the indicator table; a further table with coordinate columns
        // is read as services.
        let mut tables = tables.into_iter();
        if let Some(first) = tables.next() {
            self.table = Some(first);
        }
        for (name, t) in tables {
            let coords = super::services::guess_coordinate_columns(&t.headers);
            let outcome = outcomes.iter_mut().find(|o| o.name == name);
            match coords {
                Some((x, y)) if self.services.is_none() => {
                    match super::services::read_service_points(&t, x, y) {
                        Ok(layer) => {
                            let (layer, crs) = infer_crs(layer);
                            self.services = Some(Source::new(layer, crs));
                            if let Some(o) = outcome {
                                o.role = FileRole::Services;
                            }
                        }
                        Err(e) => {
                            if let Some(o) = outcome {
                                o.role = FileRole::Ignored;
                                o.error = Some(e);
                            }
                        }
                    }
                }
                _ => {
                    if let Some(o) = outcome {
                        o.role = FileRole::Ignored;
                        o.error = Some(ImportError::SecondTable { file: name.clone() });
                    }
                }
            }
        }
        self.files = files;
        let suggestion = self.suggest();
        Ok(Analysis {
            files: outcomes,
            boundaries: self.boundaries.as_ref().map(summarise_layer),
            table: self.table.as_ref().map(|(n, t)| summarise_table(n, t)),
            services: self.services.as_ref().map(summarise_layer),
            suggestion,
        })
    }

    /// File a layer read from `name` as boundaries (polygons) or services (points).
    fn take_layer(
        &mut self,
        name: &str,
        result: Result<(Layer, Option<Crs>, CrsSource), ImportError>,
    ) -> FileOutcome {
        match result {
            Ok((layer, crs, source)) => {
                let (layer, crs) = match crs {
                    Some(c) => (
                        layer,
                        CrsInfo {
                            detected: Some(c),
                            source,
                            candidates: Vec::new(),
                        },
                    ),
                    None => infer_crs(layer),
                };
                let points = is_point_layer(&layer);
                let slot = if points {
                    &mut self.services
                } else {
                    &mut self.boundaries
                };
                if slot.is_some() {
                    return FileOutcome {
                        name: name.to_owned(),
                        role: FileRole::Ignored,
                        error: Some(ImportError::SecondLayer {
                            file: name.to_owned(),
                        }),
                    };
                }
                let shapefile = matches!(extension(name).as_str(), "shp" | "zip");
                *slot = Some(if shapefile {
                    Source::from_shapefile(layer, crs)
                } else {
                    Source::new(layer, crs)
                });
                FileOutcome {
                    name: name.to_owned(),
                    role: if points {
                        FileRole::Services
                    } else {
                        FileRole::Boundaries
                    },
                    error: None,
                }
            }
            Err(e) => FileOutcome {
                name: name.to_owned(),
                role: FileRole::Ignored,
                error: Some(e),
            },
        }
    }

    /// The (boundary field, table column) pair with the most exact key matches, and a
    /// text field with one distinct value per feature as the name.
    fn suggest(&self) -> Option<KeySuggestion> {
        let b = &self.boundaries.as_ref()?.layer;
        let t = &self.table.as_ref()?.1;
        let mut best: Option<KeySuggestion> = None;
        for f in 0..b.fields.len() {
            let keys: std::collections::HashSet<String> = b
                .features
                .iter()
                .filter_map(|ft| ft.properties.get(f))
                .map(|v| normalise_key(&value_text(v)))
                .filter(|k| !k.is_empty())
                .collect();
            if keys.is_empty() {
                continue;
            }
            for c in 0..t.headers.len() {
                let matches = t
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .filter(|cell| keys.contains(&normalise_key(cell)))
                    .count();
                if matches > best.as_ref().map_or(0, |s| s.matches) {
                    best = Some(KeySuggestion {
                        key_field: f,
                        name_field: None,
                        table_column: c,
                        matches,
                    });
                }
            }
        }
        let mut best = best?;
        best.name_field = name_field(b, best.key_field);
        Some(best)
    }

    fn reprojected(
        &self,
        crs: Option<Crs>,
        source: &Source,
    ) -> Result<(Layer, Vec<GeometryIssue>), ImportError> {
        let crs = crs
            .or(source.crs.detected)
            .ok_or_else(|| ImportError::NoCrs {
                file: source.layer.source_file.clone(),
            })?;
        let projected = super::reproject::to_wgs84(crs, &source.layer)?;
        Ok(check_and_fix(projected))
    }

    /// Reproject, validate and join on the chosen columns.
    pub fn join(&mut self, request: &JoinRequest) -> Result<JoinResult, ImportError> {
        let b = self.boundaries.as_ref().ok_or(ImportError::NoBoundaries)?;
        let t = &self.table.as_ref().ok_or(ImportError::NoTable)?.1;
        let (_, issues) = self.reprojected(request.crs, b)?;
        let districts = district_keys(&b.layer, request.key_field, request.name_field)?;
        let table_keys = table_keys(t, request.table_column, &request.renames);
        Ok(JoinResult {
            report: join_report(&districts, &table_keys),
            issues,
        })
    }

    /// The dataset folder for the chosen join and indicators.
    pub fn build(&self, request: &BuildRequest) -> Result<DatasetFolder, ImportError> {
        let b = self.boundaries.as_ref().ok_or(ImportError::NoBoundaries)?;
        let t = &self.table.as_ref().ok_or(ImportError::NoTable)?.1;
        if request.indicators.is_empty() {
            return Err(ImportError::NoIndicators);
        }
        let (boundaries, _) = self.reprojected(request.join.crs, b)?;
        let services = match &self.services {
            Some(s) => Some(self.reprojected(s.crs.detected, s)?.0),
            None => None,
        };
        let districts = district_keys(&b.layer, request.join.key_field, request.join.name_field)?;
        let keys = table_keys(t, request.join.table_column, &request.join.renames);
        let report = join_report(&districts, &keys);
        // The folder is written from the table's own cells: give each match the key as the
        // table wrote it (before an accepted rename).
        let original: std::collections::HashMap<usize, String> =
            super::join::table_keys(t, request.join.table_column)
                .into_iter()
                .collect();
        let mapping: Vec<super::join::JoinMatch> = report
            .matched
            .iter()
            .map(|m| super::join::JoinMatch {
                row: m.row,
                table_key: original
                    .get(&m.row)
                    .cloned()
                    .unwrap_or_else(|| m.table_key.clone()),
                district_key: m.district_key.clone(),
            })
            .collect();
        let services_choice = ServicesChoice {
            category_field: request.category_field,
            name_field: services.as_ref().and_then(|l| name_field(l, usize::MAX)),
            address_field: None,
            label: Text::new("Einrichtungen", "Services"),
        };
        build_dataset_folder(&PublishPlan {
            id: request.id.clone(),
            title: Text::new(&request.title, &request.title),
            district_label: Text::new("Gebiet", "area"),
            boundaries: &boundaries,
            key_field: request.join.key_field,
            name_field: request.join.name_field.unwrap_or(request.join.key_field),
            table: t,
            mapping: &mapping,
            key_column: request.join.table_column,
            year: request.year,
            year_column: None,
            indicators: request.indicators.clone(),
            attribution: Vec::new(),
            services: services.as_ref().map(|l| (l, services_choice)),
        })
    }
}

/// The table's keys (row number, key) with the accepted renames (table key → district key)
/// applied: an accepted near miss then matches exactly.
fn table_keys(t: &Table, column: usize, renames: &[(String, String)]) -> Vec<(usize, String)> {
    super::join::table_keys(t, column)
        .into_iter()
        .map(|(n, key)| {
            let key = key.trim().to_owned();
            let key = renames
                .iter()
                .find(|(from, _)| from.trim() == key)
                .map_or(key, |(_, to)| to.clone());
            (n, key)
        })
        .collect()
}

/// Keys compare after trimming and dropping leading zeros of purely numeric keys, so that the
/// suggestion finds `054`/`54` pairs (the join report then offers the fix).
fn normalise_key(k: &str) -> String {
    let k = k.trim();
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
        let t = k.trim_start_matches('0');
        if t.is_empty() {
            "0".into()
        } else {
            t.to_owned()
        }
    } else {
        k.to_lowercase()
    }
}

/// A text field with distinct values (other than the key) reads best as the district name.
fn name_field(layer: &Layer, key_field: usize) -> Option<usize> {
    let n = layer.features.len();
    (0..layer.fields.len())
        .filter(|f| *f != key_field)
        .map(|f| {
            let values: Vec<&PropValue> = layer
                .features
                .iter()
                .filter_map(|ft| ft.properties.get(f))
                .collect();
            let texts = values
                .iter()
                .filter(|v| matches!(v, PropValue::Text(t) if t.chars().any(char::is_alphabetic)))
                .count();
            let distinct: std::collections::HashSet<String> =
                values.iter().copied().map(value_text).collect();
            (f, texts, distinct.len())
        })
        .filter(|(_, texts, distinct)| *texts * 10 >= n * 9 && *distinct * 10 >= n * 9)
        .max_by_key(|(f, _, distinct)| (*distinct, std::cmp::Reverse(*f)))
        .map(|(f, _, _)| f)
}

fn is_point_layer(layer: &Layer) -> bool {
    use geo::Geometry as G;
    let (mut points, mut areas) = (0usize, 0usize);
    for f in &layer.features {
        match &f.geometry {
            Some(G::Point(_) | G::MultiPoint(_)) => points += 1,
            Some(G::Polygon(_) | G::MultiPolygon(_)) => areas += 1,
            _ => {}
        }
    }
    points > areas
}

fn looks_like_topojson(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    text.contains("\"Topology\"")
}

/// Guess the coordinate system from the coordinate ranges ([`super::crs::infer_for_layer`]).
/// Zone-prefixed UTM eastings (32xxxxxxx) lose their prefix here, once, so that every later
/// step sees plain UTM.
fn infer_crs(layer: Layer) -> (Layer, CrsInfo) {
    let inference = super::crs::infer_for_layer(&layer);
    let layer = super::crs::remove_easting_offset(layer, inference.easting_offset);
    let info = CrsInfo {
        detected: inference.best,
        source: if inference.best.is_some() {
            CrsSource::Inferred
        } else {
            CrsSource::Unknown
        },
        candidates: inference.candidates,
    };
    (layer, info)
}

fn summarise_layer(s: &Source) -> LayerSummary {
    let layer = &s.layer;
    let fields = layer
        .fields
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let values: Vec<&PropValue> = layer
                .features
                .iter()
                .filter_map(|f| f.properties.get(i))
                .collect();
            let distinct: std::collections::HashSet<String> =
                values.iter().copied().map(value_text).collect();
            FieldSummary {
                name: name.clone(),
                samples: values.iter().take(3).copied().map(value_text).collect(),
                numeric: !values.is_empty()
                    && values
                        .iter()
                        .all(|v| matches!(v, PropValue::Number(_) | PropValue::Null)),
                distinct: distinct.len(),
            }
        })
        .collect();
    LayerSummary {
        file: layer.source_file.clone(),
        feature_count: layer.features.len(),
        fields,
        crs: s.crs.clone(),
        issues: s.issues.clone(),
    }
}

fn summarise_table(file: &str, t: &Table) -> TableSummary {
    let columns = t
        .headers
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let info = t.detection.columns.get(i);
            ColumnSummary {
                name: name.clone(),
                numeric: info.is_some_and(|c| c.number_format.is_some() && c.numbers > 0),
                samples: t
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .take(3)
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    TableSummary {
        file: file.to_owned(),
        row_count: t.rows.len(),
        columns,
        detection: t.detection.clone(),
        problems: t.detection.problems.clone(),
    }
}

/// A `.zip` holds a zipped Shapefile (only with the `import` feature: the map app itself
/// never reads archives, the import worker does).
#[cfg(feature = "import")]
fn read_zip(name: &str, bytes: &[u8]) -> Result<(Layer, Option<Crs>, CrsSource), ImportError> {
    super::shapefile::read_zipped_shapefile(name, bytes)
        .map(|(layer, crs, _)| (layer, crs, CrsSource::Prj))
}

#[cfg(not(feature = "import"))]
fn read_zip(name: &str, _bytes: &[u8]) -> Result<(Layer, Option<Crs>, CrsSource), ImportError> {
    Err(ImportError::NeedsImporter {
        file: name.to_owned(),
        what: "ZIP".into(),
    })
}
