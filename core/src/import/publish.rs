//! Turn an import into a dataset folder in exactly the format the app reads
//! (`dataset.json`, `boundaries.geojson`, `indicators.csv`, optional `services.geojson`;
//! see `data/README.md` and [`crate::dataset::parse_dataset`]).
//!
//! Every folder written here is read back with [`crate::dataset::parse_dataset`] before it
//! is returned, so a published folder always loads (the same promise the data-preparation
//! command makes).

use super::join::{number_text, prop_text, JoinMatch};
use super::layer::{ImportError, Layer};
use super::table::{parse_number, Table};
use crate::dataset::{parse_dataset, DatasetTexts, KEY_FIELD, NAME_FIELD};
use crate::manifest::{
    Attribution, CategoryId, Direction, Files, Indicator, IndicatorId, Manifest, ServiceCategory,
    Shape, Text, FORMAT_VERSION,
};
use geo::{Coord, Geometry, LineString, Polygon};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// File names inside a published folder (the same as `data/dortmund`).
pub const MANIFEST_FILE: &str = "dataset.json";
/// Boundaries file name.
pub const BOUNDARIES_FILE: &str = "boundaries.geojson";
/// Indicators file name.
pub const INDICATORS_FILE: &str = "indicators.csv";
/// Services file name.
pub const SERVICES_FILE: &str = "services.geojson";

/// One table column the planner publishes as an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorChoice {
    /// Column index in the table.
    pub column: usize,
    /// Label; `en` may be empty (the app then shows German).
    pub label: Text,
    /// Display unit, e.g. `%`.
    pub unit: String,
    /// What the indicator measures (may be empty).
    #[serde(default)]
    pub definition: Text,
    /// Which way means more need.
    pub direction: Direction,
    /// Decimals shown; `None` = the most decimals found in the column (see
    /// [`super::table::ColumnInfo::decimals`]).
    #[serde(default)]
    pub decimals: Option<u8>,
    /// Source line, e.g. "Stadt Dortmund – Dortmunder Statistik".
    pub source: String,
}

/// How to publish a point layer as services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServicesChoice {
    /// The field holding the category; `None` = one category for all points.
    pub category_field: Option<usize>,
    /// The field holding the name.
    pub name_field: Option<usize>,
    /// The field holding the address.
    pub address_field: Option<usize>,
    /// Label of the single category when there is no category field.
    pub label: Text,
}

/// Everything needed to write a dataset folder. The layers and the table are borrowed from
/// the import session; the rest is what the planner chose.
#[derive(Debug, Clone)]
pub struct PublishPlan<'a> {
    /// Dataset id (catalogue id), e.g. `hamm-2024`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// What one area is called, e.g. "Stadtteil" / "district".
    pub district_label: Text,
    /// The district layer, ALREADY in WGS84 lon/lat.
    pub boundaries: &'a Layer,
    /// Field of `boundaries` holding the district key.
    pub key_field: usize,
    /// Field of `boundaries` holding the district name.
    pub name_field: usize,
    /// The indicator table.
    pub table: &'a Table,
    /// The join: table key → district key (from [`super::join::apply_fixes`]). Applied by
    /// key, so with a year column every year's row of a district is joined by one match.
    pub mapping: &'a [JoinMatch],
    /// Column of `table` holding the district key.
    pub key_column: usize,
    /// The year of all rows, when the table has no year column.
    pub year: u16,
    /// A column holding the year of each row (overrides `year`).
    pub year_column: Option<usize>,
    /// The indicators, in the order the app offers them (the first is the default).
    pub indicators: Vec<IndicatorChoice>,
    /// Attribution lines; empty = one line per distinct indicator source, licence "not
    /// stated".
    pub attribution: Vec<Attribution>,
    /// Service points (WGS84), optional.
    pub services: Option<(&'a Layer, ServicesChoice)>,
}

/// The texts of a dataset folder, ready to be written or zipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetFolder {
    /// `dataset.json`
    pub manifest_json: String,
    /// `boundaries.geojson`
    pub boundaries_geojson: String,
    /// `indicators.csv`
    pub indicators_csv: String,
    /// `services.geojson`, when services were published.
    pub services_geojson: Option<String>,
}

impl DatasetFolder {
    /// The folder as (file name, contents) pairs.
    pub fn files(&self) -> Vec<(&'static str, &str)> {
        let mut files = vec![
            (MANIFEST_FILE, self.manifest_json.as_str()),
            (BOUNDARIES_FILE, self.boundaries_geojson.as_str()),
            (INDICATORS_FILE, self.indicators_csv.as_str()),
        ];
        if let Some(s) = &self.services_geojson {
            files.push((SERVICES_FILE, s.as_str()));
        }
        files
    }
}

fn fail(message: impl Into<String>) -> ImportError {
    ImportError::Publish {
        message: message.into(),
    }
}

/// Round to 6 decimals: ≈ 0.1 m in latitude, below any boundary's accuracy, and a third of
/// the digits of a full f64.
fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// An identifier from a label: ASCII lower case, umlauts spelled out, other characters `_`.
/// `Kinder unter 15 (%)` → `kinder_unter_15`.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.ends_with('_') {
                    out.push('_')
                }
            }
        }
    }
    let s = out.trim_matches('_').to_owned();
    if s.is_empty() {
        "x".to_owned()
    } else {
        s
    }
}

/// Unique ids; the CSV's fixed column names are taken.
fn unique_ids(labels: impl Iterator<Item = String>) -> Vec<String> {
    let mut taken: BTreeSet<String> = ["district", "year", "suppressed"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    labels
        .map(|l| {
            let base = slug(&l);
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(id.clone());
            id
        })
        .collect()
}

fn ring_json(ring: &LineString<f64>) -> Option<Value> {
    let mut coords: Vec<[f64; 2]> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        let p = [round6(c.x), round6(c.y)];
        // Rounding can make neighbours equal; a repeated position adds nothing.
        if coords.last() != Some(&p) {
            coords.push(p);
        }
    }
    if coords.first() != coords.last() {
        if let Some(&first) = coords.first() {
            coords.push(first);
        }
    }
    (coords.len() >= 4).then(|| json!(coords))
}

/// A polygon as GeoJSON coordinates; holes that rounding collapsed are dropped, a collapsed
/// exterior drops the polygon.
fn polygon_json(p: &Polygon<f64>) -> Option<Value> {
    let mut rings = vec![ring_json(p.exterior())?];
    rings.extend(p.interiors().iter().filter_map(ring_json));
    Some(Value::Array(rings))
}

fn in_wgs84(c: &Coord<f64>) -> bool {
    c.x.is_finite()
        && c.y.is_finite()
        && (-180.0..=180.0).contains(&c.x)
        && (-90.0..=90.0).contains(&c.y)
}

fn boundaries_json(plan: &PublishPlan<'_>) -> Result<(String, Vec<String>), ImportError> {
    let layer = plan.boundaries;
    for f in [plan.key_field, plan.name_field] {
        if f >= layer.fields.len() {
            return Err(fail(format!("boundary field {} does not exist", f + 1)));
        }
    }
    let mut features = Vec::with_capacity(layer.features.len());
    let mut keys = Vec::with_capacity(layer.features.len());
    let mut seen = BTreeSet::new();
    for (i, f) in layer.features.iter().enumerate() {
        let n = i + 1;
        let key = prop_text(f.properties.get(plan.key_field));
        let mut name = prop_text(f.properties.get(plan.name_field));
        if key.is_empty() {
            return Err(fail(format!("boundary feature {n} has no key")));
        }
        if !seen.insert(key.clone()) {
            return Err(fail(format!("boundary key `{key}` appears twice")));
        }
        if name.is_empty() {
            name = key.clone(); // the app needs a name; the key is the honest fallback
        }
        let polygons: Vec<&Polygon<f64>> = match &f.geometry {
            Some(Geometry::Polygon(p)) => vec![p],
            Some(Geometry::MultiPolygon(mp)) => mp.0.iter().collect(),
            _ => {
                return Err(fail(format!(
                    "boundary feature {n} (`{key}`) has no polygon geometry"
                )))
            }
        };
        if polygons.iter().any(|p| {
            !p.exterior()
                .0
                .iter()
                .chain(p.interiors().iter().flat_map(|r| &r.0))
                .all(in_wgs84)
        }) {
            return Err(fail(format!(
                "boundary feature {n} (`{key}`) is not in WGS84 longitude/latitude: reproject first"
            )));
        }
        let coords: Vec<Value> = polygons.iter().filter_map(|p| polygon_json(p)).collect();
        if coords.is_empty() {
            return Err(fail(format!(
                "boundary feature {n} (`{key}`) is smaller than 0.1 m after rounding"
            )));
        }
        features.push(json!({
            "type": "Feature",
            "properties": { KEY_FIELD: key, NAME_FIELD: name },
            "geometry": { "type": "MultiPolygon", "coordinates": coords },
        }));
        keys.push(key);
    }
    if features.is_empty() {
        return Err(fail("the boundary layer has no features"));
    }
    let text = feature_collection(features);
    Ok((text, keys))
}

/// One feature per line: diffs of published folders stay readable, like `data/dortmund`.
fn feature_collection(features: Vec<Value>) -> String {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, f) in features.iter().enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&f.to_string());
    }
    s.push_str("\n]}\n");
    s
}

/// Values per (district key, year), per indicator.
type Rows = BTreeMap<(String, u16), Vec<Option<f64>>>;

fn indicator_rows(plan: &PublishPlan<'_>, district_keys: &[String]) -> Result<Rows, ImportError> {
    let table = plan.table;
    let ncols = table.headers.len();
    for c in plan
        .indicators
        .iter()
        .map(|i| i.column)
        .chain([plan.key_column])
        .chain(plan.year_column)
    {
        if c >= ncols {
            return Err(fail(format!("table column {} does not exist", c + 1)));
        }
    }
    let known: BTreeSet<&str> = district_keys.iter().map(String::as_str).collect();
    let mut by_table_key: HashMap<&str, &str> = HashMap::new();
    for m in plan.mapping {
        if !known.contains(m.district_key.as_str()) {
            return Err(fail(format!(
                "the join names district `{}`, which the boundaries do not have",
                m.district_key
            )));
        }
        by_table_key.insert(m.table_key.trim(), m.district_key.as_str());
    }
    let mut rows: Rows = BTreeMap::new();
    for (cells, &line) in table.rows.iter().zip(&table.row_numbers) {
        let Some(&district) = by_table_key.get(cells[plan.key_column].trim()) else {
            continue; // not joined: listed in the join report
        };
        let year = match plan.year_column {
            Some(c) => year_of(&cells[c])
                .ok_or_else(|| fail(format!("row {line}: `{}` is not a year", cells[c])))?,
            None => plan.year,
        };
        let values = plan
            .indicators
            .iter()
            .map(|ind| {
                let format = table.detection.columns.get(ind.column)?.number_format?;
                parse_number(&cells[ind.column], &format).ok().flatten()
            })
            .collect();
        if rows.insert((district.to_owned(), year), values).is_some() {
            return Err(fail(format!(
                "row {line}: district `{district}` has two rows for {year}"
            )));
        }
    }
    Ok(rows)
}

/// A year cell: an integer 1900–2100 (also `2024.0` from a spreadsheet).
fn year_of(cell: &str) -> Option<u16> {
    let t = cell.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse::<u16>().ok().filter(|y| (1900..=2100).contains(y))
}

/// A value as the app's CSV writes it: decimal point, shortest form that reads back equal.
fn value_text(v: Option<f64>) -> String {
    v.map(number_text).unwrap_or_default()
}

/// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Shapes
/// differ too (WCAG 1.4.1).
const COLORS: [&str; 7] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442",
];
const SHAPES: [Shape; 6] = [
    Shape::Circle,
    Shape::Square,
    Shape::Triangle,
    Shape::Diamond,
    Shape::Cross,
    Shape::Star,
];

fn services_json(
    layer: &Layer,
    choice: &ServicesChoice,
) -> Result<(String, Vec<ServiceCategory>), ImportError> {
    for f in [
        choice.category_field,
        choice.name_field,
        choice.address_field,
    ]
    .into_iter()
    .flatten()
    {
        if f >= layer.fields.len() {
            return Err(fail(format!("service field {} does not exist", f + 1)));
        }
    }
    let mut categories: Vec<ServiceCategory> = Vec::new();
    let mut ids: HashMap<String, CategoryId> = HashMap::new();
    let mut features = Vec::new();
    for (i, f) in layer.features.iter().enumerate() {
        let points: Vec<Coord<f64>> = match &f.geometry {
            Some(Geometry::Point(p)) => vec![p.0],
            Some(Geometry::MultiPoint(mp)) => mp.0.iter().map(|p| p.0).collect(),
            _ => return Err(fail(format!("service {} has no point geometry", i + 1))),
        };
        if !points.iter().all(in_wgs84) {
            return Err(fail(format!(
                "service {} is not in WGS84 longitude/latitude: reproject first",
                i + 1
            )));
        }
        let label = match choice.category_field {
            Some(c) => prop_text(f.properties.get(c)),
            None => choice.label.de.clone(),
        };
        let label = if label.is_empty() {
            "Sonstige".to_owned()
        } else {
            label
        };
        let id = match ids.get(&label) {
            Some(id) => id.clone(),
            None => {
                let taken: Vec<String> = categories.iter().map(|c| c.id.0.clone()).collect();
                let mut id = slug(&label);
                let base = id.clone();
                let mut n = 2;
                while taken.contains(&id) {
                    id = format!("{base}_{n}");
                    n += 1;
                }
                let k = categories.len();
                categories.push(ServiceCategory {
                    id: CategoryId(id.clone()),
                    label: if choice.category_field.is_none() {
                        choice.label.clone()
                    } else {
                        Text::new(&label, "")
                    },
                    shape: SHAPES[k % SHAPES.len()],
                    color: COLORS[k % COLORS.len()].to_owned(),
                    visible_by_default: true,
                });
                ids.insert(label.clone(), CategoryId(id.clone()));
                CategoryId(id)
            }
        };
        let text = |field: Option<usize>| {
            field
                .map(|c| prop_text(f.properties.get(c)))
                .unwrap_or_default()
        };
        for p in points {
            features.push(json!({
                "type": "Feature",
                "properties": {
                    "category": id.0,
                    "name": text(choice.name_field),
                    "address": text(choice.address_field),
                },
                "geometry": { "type": "Point", "coordinates": [round6(p.x), round6(p.y)] },
            }));
        }
    }
    Ok((feature_collection(features), categories))
}

/// Write the dataset folder for `plan` and check it by reading it back.
///
/// Errors ([`ImportError::Publish`]): no indicators, a column or field out of range, a
/// boundary without key or polygon, duplicate boundary keys, coordinates outside WGS84
/// (reproject first), a join naming an unknown district, two rows for one district and
/// year, an indicator without any value; and, should it ever happen, a folder the app's own
/// reader rejects.
pub fn build_dataset_folder(plan: &PublishPlan<'_>) -> Result<DatasetFolder, ImportError> {
    if plan.indicators.is_empty() {
        return Err(fail("choose at least one indicator"));
    }
    if plan.id.trim().is_empty() {
        return Err(fail("the dataset needs an id"));
    }
    let (boundaries_geojson, district_keys) = boundaries_json(plan)?;
    let rows = indicator_rows(plan, &district_keys)?;
    let ids = unique_ids(plan.indicators.iter().map(|i| i.label.de.clone()));
    // Years per indicator: only years with at least one value (the app's reader drops empty
    // columns, and the manifest must not promise them).
    let mut all_years = BTreeSet::new();
    let mut indicators = Vec::with_capacity(ids.len());
    for (k, (choice, id)) in plan.indicators.iter().zip(&ids).enumerate() {
        let years: BTreeSet<u16> = rows
            .iter()
            .filter(|(_, v)| v[k].is_some())
            .map(|((_, y), _)| *y)
            .collect();
        if years.is_empty() {
            return Err(fail(format!(
                "indicator `{}` (column {}) has no value in any joined row",
                choice.label.de,
                choice.column + 1
            )));
        }
        all_years.extend(&years);
        let decimals = choice.decimals.unwrap_or_else(|| {
            plan.table
                .detection
                .columns
                .get(choice.column)
                .map_or(1, |c| c.decimals)
        });
        indicators.push(Indicator {
            id: IndicatorId(id.clone()),
            label: choice.label.clone(),
            unit: choice.unit.clone(),
            definition: choice.definition.clone(),
            direction: choice.direction,
            source: choice.source.clone(),
            years: years.into_iter().collect(),
            decimals,
        });
    }
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = ["district", "year"]
        .into_iter()
        .map(str::to_owned)
        .chain(ids.iter().cloned());
    let write_err = |e: csv::Error| fail(format!("writing the CSV: {e}"));
    csv.write_record(header).map_err(write_err)?;
    for ((district, year), values) in &rows {
        let record = [district.clone(), year.to_string()]
            .into_iter()
            .chain(values.iter().map(|v| value_text(*v)));
        csv.write_record(record).map_err(write_err)?;
    }
    let indicators_csv = String::from_utf8(csv.into_inner().map_err(|e| fail(e.to_string()))?)
        .map_err(|e| fail(e.to_string()))?;
    let (services_geojson, service_categories) = match &plan.services {
        Some((layer, choice)) => {
            let (text, cats) = services_json(layer, choice)?;
            (Some(text), cats)
        }
        None => (None, Vec::new()),
    };
    let attribution = if plan.attribution.is_empty() {
        let sources: BTreeSet<&str> = plan
            .indicators
            .iter()
            .map(|i| i.source.trim())
            .filter(|s| !s.is_empty())
            .collect();
        sources
            .into_iter()
            .map(|s| Attribution {
                text: s.to_owned(),
                url: None,
                licence: Text::new("Lizenz nicht angegeben", "licence not stated"),
            })
            .collect()
    } else {
        plan.attribution.clone()
    };
    let years: Vec<u16> = all_years.into_iter().collect();
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        id: plan.id.trim().to_owned(),
        title: plan.title.clone(),
        district_label: plan.district_label.clone(),
        files: Files {
            boundaries: BOUNDARIES_FILE.into(),
            indicators: INDICATORS_FILE.into(),
            services: services_geojson.as_ref().map(|_| SERVICES_FILE.into()),
        },
        default_year: *years.last().unwrap_or(&plan.year),
        years,
        default_indicator: indicators[0].id.clone(),
        indicators,
        service_categories,
        attribution,
        targeting: None,
        service_value: None,
        protection: None,
        highlight: None,
        drilldown: Vec::new(),
        parent: None,
        notes: Vec::new(),
    };
    let manifest_json =
        serde_json::to_string_pretty(&manifest).map_err(|e| fail(e.to_string()))? + "\n";
    let folder = DatasetFolder {
        manifest_json,
        boundaries_geojson,
        indicators_csv,
        services_geojson,
    };
    parse_dataset(&DatasetTexts {
        manifest: &folder.manifest_json,
        boundaries: &folder.boundaries_geojson,
        indicators: &folder.indicators_csv,
        services: folder.services_geojson.as_deref(),
    })
    .map_err(|e| fail(format!("the written folder does not read back: {e}")))?;
    Ok(folder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::join::{apply_fixes, district_keys, join_report, table_keys};
    use crate::import::layer::{ImportedFeature, PropValue};
    use crate::import::table::read_table;
    use geo::{polygon, Point};

    fn boundaries() -> Layer {
        let square = |x: f64| {
            Geometry::Polygon(polygon![
                (x: x, y: 51.0), (x: x + 0.1, y: 51.0), (x: x + 0.1, y: 51.1),
                (x: x + 0.123_456_789, y: 51.1), (x: x, y: 51.0)
            ])
        };
        Layer {
            unclosed_rings: Vec::new(),
            source_file: "b.geojson".into(),
            fields: vec!["NR".into(), "NAME".into()],
            features: vec![
                ImportedFeature {
                    geometry: Some(square(7.0)),
                    properties: vec![PropValue::Number(1.0), PropValue::Text("West".into())],
                },
                ImportedFeature {
                    geometry: Some(square(7.2)),
                    properties: vec![PropValue::Number(2.0), PropValue::Text("Ost".into())],
                },
            ],
        }
    }

    fn choice(column: usize, label: &str) -> IndicatorChoice {
        IndicatorChoice {
            column,
            label: Text::new(label, ""),
            unit: "%".into(),
            definition: Text::default(),
            direction: Direction::HigherIsMoreNeed,
            decimals: None,
            source: "Stadt X".into(),
        }
    }

    #[test]
    fn round_trip_through_the_apps_reader() {
        let layer = boundaries();
        let table = read_table(
            "t.csv",
            "Nr;Kinderarmut (%);Quote\n01;12,5;.\n2;3,25;1,5\n".as_bytes(),
        )
        .unwrap();
        let report = join_report(
            &district_keys(&layer, 0, Some(1)).unwrap(),
            &table_keys(&table, 0),
        );
        let mapping = apply_fixes(&report, &report.safe_fixes());
        assert_eq!(mapping.len(), 2);
        let services = Layer {
            unclosed_rings: Vec::new(),
            source_file: "s.csv".into(),
            fields: vec!["Art".into(), "Name".into()],
            features: vec![ImportedFeature {
                geometry: Some(Geometry::Point(Point::new(7.05, 51.05))),
                properties: vec![PropValue::Text("Kita".into()), PropValue::Text("A".into())],
            }],
        };
        let plan = PublishPlan {
            id: "test".into(),
            title: Text::new("Test", ""),
            district_label: Text::new("Bezirk", "district"),
            boundaries: &layer,
            key_field: 0,
            name_field: 1,
            table: &table,
            mapping: &mapping,
            key_column: 0,
            year: 2024,
            year_column: None,
            indicators: vec![choice(1, "Kinderarmut (%)"), choice(2, "Quote")],
            attribution: Vec::new(),
            services: Some((
                &services,
                ServicesChoice {
                    category_field: Some(0),
                    name_field: Some(1),
                    address_field: None,
                    label: Text::default(),
                },
            )),
        };
        let folder = build_dataset_folder(&plan).unwrap();
        assert_eq!(
            folder.indicators_csv,
            "district,year,kinderarmut,quote\n1,2024,12.5,\n2,2024,3.25,1.5\n"
        );
        let d = parse_dataset(&DatasetTexts {
            manifest: &folder.manifest_json,
            boundaries: &folder.boundaries_geojson,
            indicators: &folder.indicators_csv,
            services: folder.services_geojson.as_deref(),
        })
        .unwrap();
        let id = IndicatorId("kinderarmut".into());
        assert_eq!(d.column(&id, 2024), Some(&vec![Some(12.5), Some(3.25)]));
        assert_eq!(d.manifest.indicators[0].decimals, 2);
        assert_eq!(d.districts[1].name, "Ost");
        // Rounded to 6 decimals.
        assert!(folder.boundaries_geojson.contains("7.123457"));
        assert_eq!(d.services.len(), 1);
        assert_eq!(d.services[0].category.0, "kita");
    }

    #[test]
    fn year_column_and_errors() {
        let layer = boundaries();
        let table = read_table(
            "t.csv",
            b"Nr;Jahr;Wert\n1;2018;2,5\n1;2024;3,5\n2;2024;4,5\n",
        )
        .unwrap();
        let mapping = vec![
            JoinMatch {
                row: 2,
                table_key: "1".into(),
                district_key: "1".into(),
            },
            JoinMatch {
                row: 4,
                table_key: "2".into(),
                district_key: "2".into(),
            },
        ];
        let mut plan = PublishPlan {
            id: "t".into(),
            title: Text::new("T", ""),
            district_label: Text::new("B", ""),
            boundaries: &layer,
            key_field: 0,
            name_field: 1,
            table: &table,
            mapping: &mapping,
            key_column: 0,
            year: 0,
            year_column: Some(1),
            indicators: vec![choice(2, "Wert")],
            attribution: Vec::new(),
            services: None,
        };
        let folder = build_dataset_folder(&plan).unwrap();
        let m: Manifest = serde_json::from_str(&folder.manifest_json).unwrap();
        assert_eq!(m.years, vec![2018, 2024]);
        assert_eq!(m.default_year, 2024);
        // Without the year column, district 1 has two rows for one year.
        plan.year_column = None;
        plan.year = 2024;
        assert!(build_dataset_folder(&plan).is_err());
        plan.indicators.clear();
        assert!(build_dataset_folder(&plan).is_err());
    }

    #[test]
    fn projected_boundaries_are_refused() {
        let mut layer = boundaries();
        layer.features[0].geometry = Some(Geometry::Polygon(polygon![
            (x: 390000.0, y: 5700000.0), (x: 391000.0, y: 5700000.0), (x: 391000.0, y: 5701000.0)
        ]));
        let table = read_table("t.csv", b"Nr;Wert\n1;2,5\n2;3,5\n").unwrap();
        let plan = PublishPlan {
            id: "t".into(),
            title: Text::new("T", ""),
            district_label: Text::new("B", ""),
            boundaries: &layer,
            key_field: 0,
            name_field: 1,
            table: &table,
            mapping: &[],
            key_column: 0,
            year: 2024,
            year_column: None,
            indicators: vec![choice(1, "Wert")],
            attribution: Vec::new(),
            services: None,
        };
        assert!(matches!(
            build_dataset_folder(&plan),
            Err(ImportError::Publish { message }) if message.contains("WGS84")
        ));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Kinder unter 15 in SGB-II-Bezug (%)"),
            "kinder_unter_15_in_sgb_ii_bezug"
        );
        assert_eq!(slug("Größe"), "groesse");
        assert_eq!(
            unique_ids(["Jahr".into(), "year".into(), "A".into(), "a".into()].into_iter()),
            vec!["jahr", "year_2", "a", "a_2"]
        );
    }
}
