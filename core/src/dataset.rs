//! The dataset in memory, and the readers for its three files.
//!
//! A dataset folder holds (see `data/README.md` for the format):
//! - `dataset.json` — the [`Manifest`];
//! - `boundaries.geojson` — one Polygon/MultiPolygon feature per district, WGS84 lon/lat,
//!   with the district key and name as properties;
//! - `indicators.csv` — one row per district and year: `district,year,<indicator ids…>`,
//!   an empty cell meaning "no value";
//! - `services.geojson` (optional) — Point features with `category`, `name`, `address`.
//!
//! The readers are pure functions from text to data, so they can be fuzzed and tested
//! natively. Errors name the file, the feature or row, and the field.

use crate::geojson_scan::{areal, point, scan_collection, Prop, RawFeature};
use crate::manifest::{CategoryId, IndicatorId, Manifest, FORMAT_VERSION};
use geo::{MultiPolygon, Point};
use std::collections::{BTreeMap, HashMap};

/// Index of a district inside its [`Dataset`] (the position in `Dataset::districts`).
/// Typed so that it cannot be confused with a service index or a class index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DistrictId(pub u32);

impl DistrictId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One statistical area.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub id: DistrictId,
    /// The official key, e.g. Dortmund's `unbeznr` "054". Joins use it.
    pub key: String,
    pub name: String,
    /// Boundary in WGS84 lon/lat.
    pub geometry: MultiPolygon<f64>,
}

/// One service location (Kita, school, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub category: CategoryId,
    pub name: String,
    pub address: String,
    /// WGS84 lon/lat.
    pub location: Point<f64>,
    /// The district key the source itself gives, when it gives one; used to cross-check the
    /// point-in-polygon assignment, never instead of it.
    pub source_district: Option<String>,
    /// The numeric property named by the manifest's `service_value` (e.g. a school's social
    /// index), when present.
    pub value: Option<f64>,
}

/// Values of one indicator in one year, indexed by [`DistrictId`]; `None` = no value.
pub type Column = Vec<Option<f64>>;

/// A loaded dataset: manifest, districts, indicator values and services.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub manifest: Manifest,
    pub districts: Vec<District>,
    /// Indicator values by (indicator, year).
    pub values: BTreeMap<(IndicatorId, u16), Column>,
    /// Per year, per district: values withheld by small-number protection (see
    /// `Manifest::protection`). Absent years: nothing withheld.
    pub suppressed: BTreeMap<u16, Vec<bool>>,
    pub services: Vec<Service>,
}

impl Dataset {
    /// The values of `indicator` in `year`, if the dataset has that column.
    pub fn column(&self, indicator: &IndicatorId, year: u16) -> Option<&Column> {
        self.values.get(&(indicator.clone(), year))
    }

    /// Were district `i`'s values of `year` withheld (small-number protection)?
    pub fn is_suppressed(&self, i: usize, year: u16) -> bool {
        self.suppressed
            .get(&year)
            .and_then(|v| v.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Look a district up by its official key.
    pub fn district_by_key(&self, key: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.key == key)
    }
}

/// What went wrong reading a dataset. Each variant names the file and where in it.
/// The UI turns these into German or English sentences; `Display` is for logs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DatasetError {
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: not valid JSON: {message}")]
    Json { file: String, message: String },
    #[error("{file}: not a valid dataset manifest: {message}")]
    Manifest { file: String, message: String },
    #[error("{file}: format version {found} is not supported (expected {expected})")]
    FormatVersion {
        file: String,
        found: u32,
        expected: u32,
    },
    #[error("{file}: expected a GeoJSON FeatureCollection")]
    NotFeatureCollection { file: String },
    #[error("{file}: the FeatureCollection has no features")]
    NoFeatures { file: String },
    #[error("{file}: feature {feature}: property `{field}` is missing or empty")]
    MissingProperty {
        file: String,
        feature: usize,
        field: String,
    },
    #[error("{file}: feature {feature}: geometry: {problem}")]
    Geometry {
        file: String,
        feature: usize,
        problem: GeometryProblem,
    },
    #[error("{file}: feature {feature}: district key `{key}` appears twice")]
    DuplicateKey {
        file: String,
        feature: usize,
        key: String,
    },
    #[error("{file}: CSV: {message}")]
    Csv { file: String, message: String },
    #[error("{file}: column `{column}` is missing")]
    MissingColumn { file: String, column: String },
    #[error("{file}: row {row}: column `{column}`: `{value}` is not a number")]
    NotANumber {
        file: String,
        row: usize,
        column: String,
        value: String,
    },
}

/// Why a geometry was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeometryProblem {
    #[error("missing")]
    Missing,
    #[error("type {0} where {1} was expected")]
    WrongType(String, &'static str),
    #[error("a coordinate is not a finite number")]
    NotFinite,
    #[error("a coordinate lies outside longitude −180…180 / latitude −90…90")]
    OutOfRange,
    #[error("a ring has fewer than 4 positions")]
    RingTooShort,
    #[error("a position has fewer than 2 numbers")]
    ShortPosition,
}

impl DatasetError {
    fn geometry(file: &str, feature: usize, problem: GeometryProblem) -> DatasetError {
        DatasetError::Geometry {
            file: file.to_owned(),
            feature,
            problem,
        }
    }
}

/// Parse and check `dataset.json`.
pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, DatasetError> {
    if text.trim().is_empty() {
        return Err(DatasetError::Empty { file: file.into() });
    }
    // The version first, on its own: a manifest of another version may not even have the
    // shape of this one, and "version 2 is not supported" is the message that helps.
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        #[serde(default)]
        format_version: u32,
    }
    let found = serde_json::from_str::<VersionOnly>(text)
        .map_err(|e| DatasetError::Json {
            file: file.into(),
            message: e.to_string(),
        })?
        .format_version;
    if found != FORMAT_VERSION {
        return Err(DatasetError::FormatVersion {
            file: file.into(),
            found,
            expected: FORMAT_VERSION,
        });
    }
    let manifest: Manifest = serde_json::from_str(text).map_err(|e| DatasetError::Manifest {
        file: file.into(),
        message: e.to_string(),
    })?;
    if manifest.indicator(&manifest.default_indicator).is_none() {
        return Err(DatasetError::Manifest {
            file: file.into(),
            message: format!(
                "default_indicator `{}` is not among the indicators",
                manifest.default_indicator.0
            ),
        });
    }
    check_targeting(file, &manifest)?;
    Ok(manifest)
}

/// Every indicator and category the targeting section names must exist: a typo would
/// otherwise silently drop a component from a need index.
fn check_targeting(file: &str, m: &Manifest) -> Result<(), DatasetError> {
    let Some(t) = &m.targeting else { return Ok(()) };
    let bad = |message: String| DatasetError::Manifest {
        file: file.into(),
        message,
    };
    let indicator = |id: &IndicatorId, place: &str| {
        m.indicator(id)
            .map(|_| ())
            .ok_or_else(|| bad(format!("{place}: unknown indicator `{}`", id.0)))
    };
    indicator(&t.density_indicator, "targeting.density_indicator")?;
    for share in &t.cohort.shares {
        indicator(&share.indicator, "targeting.cohort")?;
    }
    for c in &t.need_index {
        indicator(&c.indicator, "targeting.need_index")?;
    }
    for stage in &t.stages {
        let place = format!("targeting.stages.{}", stage.id);
        for share in &stage.cohort.shares {
            indicator(&share.indicator, &place)?;
        }
        for c in &stage.need_index {
            indicator(&c.indicator, &place)?;
        }
        for c in &stage.service_categories {
            m.category(c)
                .ok_or_else(|| bad(format!("{place}: unknown service category `{}`", c.0)))?;
        }
    }
    Ok(())
}

fn features(file: &str, text: &str) -> Result<Vec<RawFeature>, DatasetError> {
    if text.trim().is_empty() {
        return Err(DatasetError::Empty { file: file.into() });
    }
    let c = scan_collection(text.as_bytes()).map_err(|message| DatasetError::Json {
        file: file.into(),
        message,
    })?;
    if c.kind != "FeatureCollection" {
        return Err(DatasetError::NotFeatureCollection { file: file.into() });
    }
    Ok(c.features)
}

/// Read `boundaries.geojson`. `key_field` and `name_field` name the properties holding the
/// district key and the display name.
pub fn parse_boundaries(
    file: &str,
    text: &str,
    key_field: &str,
    name_field: &str,
) -> Result<Vec<District>, DatasetError> {
    let features = features(file, text)?;
    if features.is_empty() {
        return Err(DatasetError::NoFeatures { file: file.into() });
    }
    let mut seen = HashMap::new();
    let mut districts = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let missing = |field: &str| DatasetError::MissingProperty {
            file: file.into(),
            feature: i,
            field: field.into(),
        };
        let key = f.text(key_field).ok_or_else(|| missing(key_field))?;
        let name = f.text(name_field).ok_or_else(|| missing(name_field))?;
        if seen.insert(key.clone(), i).is_some() {
            return Err(DatasetError::DuplicateKey {
                file: file.into(),
                feature: i,
                key,
            });
        }
        let geometry = areal(f.geometry_type.as_deref(), &f.coords)
            .map_err(|p| DatasetError::geometry(file, i, p))?;
        districts.push(District {
            id: DistrictId(i as u32),
            key,
            name,
            geometry,
        });
    }
    Ok(districts)
}

/// A CSV cell that is neither empty nor a finite number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a number")]
pub struct NotNumeric;

/// Parse a number as written in the dataset's CSV: a dot as the decimal separator, an empty
/// cell (or `NA`, `-`) as "no value".
pub fn parse_cell(cell: &str) -> Result<Option<f64>, NotNumeric> {
    let t = cell.trim();
    if t.is_empty() || t == "NA" || t == "-" {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(NotNumeric),
    }
}

/// Read `indicators.csv` (`district,year,<indicator ids…>`) into columns aligned with
/// `districts`. Rows for unknown districts are an error (a join that silently drops rows
/// hides mistakes); districts without a row get no value. Columns not described in the
/// manifest are ignored.
pub fn parse_indicators(
    file: &str,
    text: &str,
    manifest: &Manifest,
    districts: &[District],
) -> Result<BTreeMap<(IndicatorId, u16), Column>, DatasetError> {
    parse_indicator_table(file, text, manifest, districts).map(|t| t.0)
}

/// The column that marks rows withheld by small-number protection (`1` = withheld).
pub const SUPPRESSED_COLUMN: &str = "suppressed";

/// Indicator values and, when the CSV has a `suppressed` column, the withheld rows per year.
/// A withheld row must have no values: a file that marks a row withheld yet publishes its
/// values is rejected, because the protection would be a lie.
#[allow(clippy::type_complexity)]
pub fn parse_indicator_table(
    file: &str,
    text: &str,
    manifest: &Manifest,
    districts: &[District],
) -> Result<
    (
        BTreeMap<(IndicatorId, u16), Column>,
        BTreeMap<u16, Vec<bool>>,
    ),
    DatasetError,
> {
    if text.trim().is_empty() {
        return Err(DatasetError::Empty { file: file.into() });
    }
    let csv_err = |e: csv::Error| DatasetError::Csv {
        file: file.into(),
        message: e.to_string(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(csv_err)?.clone();
    let position = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| DatasetError::MissingColumn {
                file: file.into(),
                column: name.into(),
            })
    };
    let district_col = position("district")?;
    let year_col = position("year")?;
    let suppressed_col = headers.iter().position(|h| h.trim() == SUPPRESSED_COLUMN);
    let mut suppressed: BTreeMap<u16, Vec<bool>> = BTreeMap::new();
    let indicator_cols: Vec<(usize, &IndicatorId)> = manifest
        .indicators
        .iter()
        .filter_map(|ind| {
            headers
                .iter()
                .position(|h| h.trim() == ind.id.0)
                .map(|c| (c, &ind.id))
        })
        .collect();
    let index: HashMap<&str, usize> = districts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key.as_str(), i))
        .collect();
    let mut values: BTreeMap<(IndicatorId, u16), Column> = BTreeMap::new();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(csv_err)?;
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let row = r + 2;
        let key = record.get(district_col).unwrap_or("").trim();
        let &district = index.get(key).ok_or_else(|| DatasetError::NotANumber {
            file: file.into(),
            row,
            column: "district".into(),
            value: format!("{key} (unknown district)"),
        })?;
        let year_text = record.get(year_col).unwrap_or("").trim();
        let year: u16 = year_text.parse().map_err(|_| DatasetError::NotANumber {
            file: file.into(),
            row,
            column: "year".into(),
            value: year_text.into(),
        })?;
        let withheld = suppressed_col.is_some_and(|c| record.get(c).map(str::trim) == Some("1"));
        if withheld {
            suppressed
                .entry(year)
                .or_insert_with(|| vec![false; districts.len()])[district] = true;
        }
        for &(c, id) in &indicator_cols {
            let cell = record.get(c).unwrap_or("");
            if withheld && !cell.trim().is_empty() {
                return Err(DatasetError::NotANumber {
                    file: file.into(),
                    row,
                    column: id.0.clone(),
                    value: format!("{cell} (row marked suppressed must be empty)"),
                });
            }
            let v = parse_cell(cell).map_err(|_| DatasetError::NotANumber {
                file: file.into(),
                row,
                column: id.0.clone(),
                value: cell.into(),
            })?;
            let column = values
                .entry((id.clone(), year))
                .or_insert_with(|| vec![None; districts.len()]);
            column[district] = v;
        }
    }
    // A (indicator, year) column with no value at all carries no information: drop it so
    // the UI does not offer an empty year.
    values.retain(|_, col| col.iter().any(Option::is_some));
    Ok((values, suppressed))
}

/// Read `services.geojson`: Point features with `category`, `name`, `address` and
/// optionally `district` (the source's own district key). Categories the manifest does not
/// know are an error, so a typo cannot hide a layer.
pub fn parse_services(
    file: &str,
    text: &str,
    manifest: &Manifest,
) -> Result<Vec<Service>, DatasetError> {
    let features = features(file, text)?;
    let mut services = Vec::with_capacity(features.len());
    for (i, f) in features.iter().enumerate() {
        let category = f
            .text("category")
            .ok_or_else(|| DatasetError::MissingProperty {
                file: file.into(),
                feature: i,
                field: "category".into(),
            })?;
        let category = CategoryId(category);
        if manifest.category(&category).is_none() {
            return Err(DatasetError::MissingProperty {
                file: file.into(),
                feature: i,
                field: format!("category (unknown: {})", category.0),
            });
        }
        let location = point(f.geometry_type.as_deref(), &f.coords)
            .map_err(|p| DatasetError::geometry(file, i, p))?;
        services.push(Service {
            category,
            name: f.text("name").unwrap_or_default(),
            address: f.text("address").unwrap_or_default(),
            location,
            source_district: f.text("district"),
            value: match f.prop("value") {
                Some(Prop::Number(v)) if v.is_finite() => Some(*v),
                _ => None,
            },
        });
    }
    Ok(services)
}

/// The raw texts of a dataset's files, as fetched.
pub struct DatasetTexts<'a> {
    pub manifest: &'a str,
    pub boundaries: &'a str,
    pub indicators: &'a str,
    pub services: Option<&'a str>,
}

/// Key and name properties in `boundaries.geojson` of the prepared format.
pub const KEY_FIELD: &str = "key";
pub const NAME_FIELD: &str = "name";

/// Read a whole dataset from the texts of its files.
pub fn parse_dataset(texts: &DatasetTexts<'_>) -> Result<Dataset, DatasetError> {
    let manifest = parse_manifest("dataset.json", texts.manifest)?;
    let districts = parse_boundaries(
        &manifest.files.boundaries,
        texts.boundaries,
        KEY_FIELD,
        NAME_FIELD,
    )?;
    let (values, suppressed) = parse_indicator_table(
        &manifest.files.indicators,
        texts.indicators,
        &manifest,
        &districts,
    )?;
    let services = match (texts.services, &manifest.files.services) {
        (Some(text), Some(file)) => parse_services(file, text, &manifest)?,
        _ => Vec::new(),
    };
    Ok(Dataset {
        manifest,
        districts,
        values,
        suppressed,
        services,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const MANIFEST: &str = r##"{
      "format_version": 1, "id": "t", "title": {"de": "Test"}, "district_label": {"de": "Bezirk"},
      "files": {"boundaries": "b.geojson", "indicators": "i.csv", "services": "s.geojson"},
      "years": [2018, 2024], "default_year": 2024, "default_indicator": "pov",
      "indicators": [{"id": "pov", "label": {"de": "Armut"}, "unit": "%", "definition": {"de": "d"},
                      "direction": "higher_is_more_need", "source": "s", "years": [2018, 2024]}],
      "service_categories": [{"id": "kita", "label": {"de": "Kita"}, "shape": "circle", "color": "#000000"}],
      "attribution": [{"text": "T", "licence": {"de": "L"}}]
    }"##;

    pub const BOUNDARIES: &str = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"key": "001", "name": "West"},
       "geometry": {"type": "Polygon", "coordinates": [[[7.0,51.0],[7.1,51.0],[7.1,51.1],[7.0,51.1],[7.0,51.0]]]}},
      {"type": "Feature", "properties": {"key": "002", "name": "Ost"},
       "geometry": {"type": "MultiPolygon", "coordinates": [[[[7.1,51.0],[7.2,51.0],[7.2,51.1],[7.1,51.1],[7.1,51.0]]]]}}
    ]}"#;

    pub fn sample() -> Dataset {
        parse_dataset(&DatasetTexts {
            manifest: MANIFEST,
            boundaries: BOUNDARIES,
            indicators: "district,year,pov\n001,2018,10.5\n002,2018,\n001,2024,12\n002,2024,30.25\n",
            services: Some(
                r#"{"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"category":"kita","name":"A","address":"Weg 1","district":"001"},
                 "geometry":{"type":"Point","coordinates":[7.05,51.05]}}]}"#,
            ),
        })
        .expect("sample parses")
    }

    #[test]
    fn reads_a_whole_dataset() {
        let d = sample();
        assert_eq!(d.districts.len(), 2);
        assert_eq!(d.districts[1].key, "002");
        assert_eq!(d.districts[1].id, DistrictId(1));
        let pov = IndicatorId("pov".into());
        assert_eq!(d.column(&pov, 2018).unwrap(), &vec![Some(10.5), None]);
        assert_eq!(
            d.column(&pov, 2024).unwrap(),
            &vec![Some(12.0), Some(30.25)]
        );
        assert_eq!(d.services.len(), 1);
        assert_eq!(d.services[0].source_district.as_deref(), Some("001"));
    }

    #[test]
    fn numeric_keys_are_read_as_text() {
        let text = BOUNDARIES.replace(r#""key": "001""#, r#""key": 1"#);
        let d = parse_boundaries("b", &text, "key", "name").unwrap();
        assert_eq!(d[0].key, "1");
    }

    #[test]
    fn errors_name_file_feature_and_field() {
        let text = BOUNDARIES.replace(r#""name": "Ost""#, r#""nom": "Ost""#);
        assert_eq!(
            parse_boundaries("b.geojson", &text, "key", "name"),
            Err(DatasetError::MissingProperty {
                file: "b.geojson".into(),
                feature: 1,
                field: "name".into()
            })
        );
        let text = BOUNDARIES.replace("[7.2,51.0]", "[720000,5650000]");
        assert!(matches!(
            parse_boundaries("b", &text, "key", "name"),
            Err(DatasetError::Geometry {
                feature: 1,
                problem: GeometryProblem::OutOfRange,
                ..
            })
        ));
        let text = BOUNDARIES.replace(r#""key": "002""#, r#""key": "001""#);
        assert!(matches!(
            parse_boundaries("b", &text, "key", "name"),
            Err(DatasetError::DuplicateKey { feature: 1, .. })
        ));
    }

    #[test]
    fn bad_json_and_wrong_shapes_are_errors_not_panics() {
        for text in [
            "",
            "{",
            "[]",
            "null",
            r#"{"type":"Feature"}"#,
            r#"{"type":"FeatureCollection","features":[]}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key":"1","name":"a"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key":"1","name":"a"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[1,2]]]}}]}"#,
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key":"1","name":"a"},"geometry":null}]}"#,
        ] {
            assert!(
                parse_boundaries("b", text, "key", "name").is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn services_are_points_with_an_optional_numeric_value() {
        let m = parse_manifest("m", MANIFEST).unwrap();
        let one = |props: &str, geometry: &str| {
            let text = format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{props},"geometry":{geometry}}}]}}"#
            );
            parse_services("s", &text, &m)
        };
        let point = r#"{"type":"Point","coordinates":[7.05,51.05]}"#;
        let s = one(
            r#"{"category":"kita","name":" A ","value":3.5,"district":42}"#,
            point,
        )
        .unwrap();
        assert_eq!((s[0].name.as_str(), s[0].value), ("A", Some(3.5)));
        assert_eq!(s[0].location, Point::new(7.05, 51.05));
        assert_eq!(s[0].source_district.as_deref(), Some("42"));
        let s = one(r#"{"category":"kita","value":"3.5"}"#, point).unwrap();
        assert_eq!(s[0].value, None); // text is not a value
        let problem = |props: &str, geometry: &str| match one(props, geometry) {
            Err(DatasetError::Geometry { problem, .. }) => problem,
            other => panic!("{other:?}"),
        };
        let kita = r#"{"category":"kita"}"#;
        assert_eq!(problem(kita, "null"), GeometryProblem::Missing);
        assert_eq!(
            problem(
                kita,
                r#"{"type":"LineString","coordinates":[[7,51],[8,52]]}"#
            ),
            GeometryProblem::WrongType("LineString".into(), "Point")
        );
        assert_eq!(
            problem(kita, r#"{"type":"Point","coordinates":[7]}"#),
            GeometryProblem::ShortPosition
        );
        assert_eq!(
            problem(kita, r#"{"type":"Point","coordinates":[700000,5700000]}"#),
            GeometryProblem::OutOfRange
        );
    }

    #[test]
    fn indicator_errors_name_the_row_and_column() {
        let m = parse_manifest("dataset.json", MANIFEST).unwrap();
        let d = parse_boundaries("b", BOUNDARIES, "key", "name").unwrap();
        assert_eq!(
            parse_indicators(
                "i.csv",
                "district,year,pov\n001,2018,1\n002,2018,abc\n",
                &m,
                &d
            ),
            Err(DatasetError::NotANumber {
                file: "i.csv".into(),
                row: 3,
                column: "pov".into(),
                value: "abc".into()
            })
        );
        assert!(matches!(
            parse_indicators("i.csv", "district,pov\n001,1\n", &m, &d),
            Err(DatasetError::MissingColumn { .. })
        ));
        assert!(matches!(
            parse_indicators("i.csv", "district,year,pov\n999,2018,1\n", &m, &d),
            Err(DatasetError::NotANumber { row: 2, .. })
        ));
    }

    #[test]
    fn suppressed_rows_are_read_and_must_be_empty() {
        let m = parse_manifest("m", MANIFEST).unwrap();
        let d = parse_boundaries("b", BOUNDARIES, "key", "name").unwrap();
        let (values, suppressed) = parse_indicator_table(
            "i.csv",
            "district,year,pov,suppressed\n001,2024,5,0\n002,2024,,1\n",
            &m,
            &d,
        )
        .unwrap();
        assert_eq!(suppressed[&2024], vec![false, true]);
        assert_eq!(
            values[&(IndicatorId("pov".into()), 2024)],
            vec![Some(5.0), None]
        );
        // A row marked withheld that still carries a value is rejected.
        assert!(matches!(
            parse_indicator_table(
                "i.csv",
                "district,year,pov,suppressed\n002,2024,7,1\n",
                &m,
                &d
            ),
            Err(DatasetError::NotANumber { row: 2, .. })
        ));
    }

    #[test]
    fn manifest_checks_version_and_default_indicator() {
        assert!(matches!(
            parse_manifest(
                "m",
                &MANIFEST.replace("\"format_version\": 1", "\"format_version\": 7")
            ),
            Err(DatasetError::FormatVersion { found: 7, .. })
        ));
        assert!(matches!(
            parse_manifest(
                "m",
                &MANIFEST.replace(
                    "\"default_indicator\": \"pov\"",
                    "\"default_indicator\": \"x\""
                )
            ),
            Err(DatasetError::Manifest { .. })
        ));
    }

    #[test]
    fn unknown_service_category_is_an_error() {
        let m = parse_manifest("m", MANIFEST).unwrap();
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"category":"zoo"},"geometry":{"type":"Point","coordinates":[7,51]}}]}"#;
        assert!(parse_services("s", text, &m).is_err());
    }
}
