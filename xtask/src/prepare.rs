//! `cargo xtask prepare-data RECIPE.json`: build a dataset folder (the format the app reads,
//! see `data/README.md`) from a city's source files.
//!
//! A recipe names the source files and how to read them: which property holds the district
//! key and name, which files hold which year's indicators, how each point file's types map to
//! service categories. The indicator descriptions (labels, units, definitions, directions,
//! sources) are part of the recipe's `manifest` and are copied into `dataset.json`; the years
//! each indicator has are computed from the data, never typed in. Another city writes its own
//! recipe; no code changes.
//!
//! Boundaries are simplified with Douglas–Peucker in Web Mercator with a tolerance given in
//! ground metres (converted with 1/cos φ), then rounded to 6 decimals (≈ 0.1 m). Each polygon
//! is simplified on its own, so a shared edge can drift by at most the tolerance on either
//! side — invisible at city zoom (one pixel ≈ 20–30 m), a sliver of a few metres at street
//! zoom.

use crate::Result;
use atlas_core::dataset::{GeometryProblem, KEY_FIELD, NAME_FIELD};
use atlas_core::manifest::{Files, Manifest, FORMAT_VERSION};
use atlas_core::projection::{lonlat_to_mercator, mercator_to_lonlat};
use geo::{
    ChamberlainDuquetteArea, Coord, CoordsIter, LineString, MapCoords, MultiPolygon, Polygon,
    Simplify,
};
use geojson::{GeoJson, GeometryValue};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Recipe {
    /// Output folder, relative to the repository root.
    output: String,
    boundaries: BoundarySource,
    indicators: Vec<IndicatorSource>,
    #[serde(default)]
    services: Vec<ServiceSource>,
    /// The manifest without `files`, `years` and the indicators' `years` (computed here).
    manifest: serde_json::Value,
    /// Small-number protection applied before anything is written.
    #[serde(default)]
    protection: Option<ProtectionRule>,
}

/// Withhold every value of a district and year whose estimated residents (density [per ha]
/// × area [ha], area on the sphere from the unsimplified outline) fall below `min_residents`.
/// The withheld cells are written empty and the row is marked `suppressed = 1`, so the value
/// never reaches a published file.
#[derive(Deserialize)]
struct ProtectionRule {
    min_residents: f64,
    density_indicator: String,
}

#[derive(Deserialize)]
struct BoundarySource {
    source: String,
    key_property: String,
    name_property: String,
    simplify_tolerance_m: f64,
}

/// Where a year's indicator values come from.
#[derive(Deserialize)]
#[serde(untagged)]
enum IndicatorSource {
    /// Properties of a GeoJSON FeatureCollection keyed like the boundaries.
    Properties {
        year: u16,
        source: String,
        key_property: String,
    },
    /// Aggregated from school points (see `atlas_core::aggregate`).
    Schools(Box<SchoolSource>),
}

#[derive(Deserialize)]
struct SchoolSource {
    year: u16,
    schools: String,
    /// Property with the 8-digit AGS of the school's municipality.
    area_property: String,
    /// Digits of the AGS that form the area key: 8 = municipality, 5 = Kreis.
    area_key_length: usize,
    type_property: String,
    primary_type: String,
    pupils_property: String,
    index_property: String,
    startchancen_property: String,
    /// Output indicator ids for: pupil-weighted mean index, share at 7–9, Startchancen count.
    mean_indicator: String,
    share_7_9_indicator: String,
    startchancen_indicator: String,
    /// Optional CSV with the same aggregate computed elsewhere, to cross-check against:
    /// columns `ags`, and the three given below.
    #[serde(default)]
    check_against: Option<CheckAgainst>,
}

#[derive(Deserialize)]
struct CheckAgainst {
    csv: String,
    mean_column: String,
    share_column: String,
    startchancen_column: String,
}

/// Values per district key for the recipe's indicator ids, from school points.
fn school_indicators(
    root: &Path,
    src: &SchoolSource,
    indicator_ids: &[String],
) -> Result<BTreeMap<String, Vec<Option<f64>>>> {
    use atlas_core::aggregate::{aggregate, School};
    let mut schools = Vec::new();
    for (i, f) in features(root, &src.schools)?.iter().enumerate() {
        let ags = property_text(f, &src.area_property)
            .ok_or_else(|| format!("{}: feature {i}: no {}", src.schools, src.area_property))?;
        if ags.len() < src.area_key_length {
            return Err(format!(
                "{}: feature {i}: key {ags} is too short",
                src.schools
            ));
        }
        let props = f.properties.as_ref();
        let get = |name: &str| props.and_then(|p| p.get(name));
        schools.push(School {
            area: ags[..src.area_key_length].to_owned(),
            primary: property_text(f, &src.type_property).as_deref()
                == Some(src.primary_type.as_str()),
            pupils: numeric(get(&src.pupils_property)).unwrap_or(0.0),
            social_index: numeric(get(&src.index_property)),
            startchancen: matches!(
                get(&src.startchancen_property),
                Some(serde_json::Value::Bool(true))
            ),
        });
    }
    let agg = aggregate(&schools);
    let position = |id: &str| {
        indicator_ids
            .iter()
            .position(|x| x == id)
            .ok_or_else(|| format!("indicator {id} is not in the recipe manifest"))
    };
    let (m, s7, sc) = (
        position(&src.mean_indicator)?,
        position(&src.share_7_9_indicator)?,
        position(&src.startchancen_indicator)?,
    );
    if let Some(check) = &src.check_against {
        let text = read(root, &check.csv)?;
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| e.to_string())?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or(format!("{}: no column {name}", check.csv))
        };
        let (ca, cm, cs, cc) = (
            col("ags")?,
            col(&check.mean_column)?,
            col(&check.share_column)?,
            col(&check.startchancen_column)?,
        );
        let (mut rows, mut agree) = (0, 0);
        for r in reader.records() {
            let r = r.map_err(|e| e.to_string())?;
            rows += 1;
            let a = agg.get(&r[ca][..src.area_key_length.min(r[ca].len())]);
            let close = |ours: Option<f64>, theirs: &str, tol: f64| match (
                ours,
                theirs.parse::<f64>().ok(),
            ) {
                (Some(o), Some(t)) => (o - t).abs() <= tol,
                (None, None) => true,
                (Some(_), None) | (None, Some(_)) => theirs.is_empty() && ours.is_none(),
            };
            if close(a.and_then(|a| a.mean_social_index()), &r[cm], 0.0051)
                && close(a.and_then(|a| a.share_pupils_index_7_9()), &r[cs], 0.051)
                && close(a.map(|a| a.startchancen_schools as f64), &r[cc], 0.0)
            {
                agree += 1;
            }
        }
        println!(
            "xtask: school aggregate vs {}: {agree}/{rows} rows agree",
            check.csv
        );
        if agree != rows {
            return Err(format!(
                "school aggregate disagrees with {} in {} rows",
                check.csv,
                rows - agree
            ));
        }
    }
    Ok(agg
        .into_iter()
        .map(|(key, a)| {
            let mut v = vec![None; indicator_ids.len()];
            v[m] = a.mean_social_index().map(|x| (x * 100.0).round() / 100.0);
            v[s7] = a
                .share_pupils_index_7_9()
                .map(|x| (x * 10.0).round() / 10.0);
            v[sc] = Some(a.startchancen_schools as f64);
            (key, v)
        })
        .collect())
}

#[derive(Deserialize)]
struct ServiceSource {
    source: String,
    category_property: String,
    /// Source value → category id.
    categories: BTreeMap<String, String>,
    /// Category for values not listed (None: such points are an error).
    #[serde(default)]
    default_category: Option<String>,
    #[serde(default)]
    name_properties: Vec<String>,
    #[serde(default)]
    address_properties: Vec<String>,
    #[serde(default)]
    district_property: Option<String>,
    /// Numeric property copied as the service's `value` (see the manifest's `service_value`).
    #[serde(default)]
    value_property: Option<String>,
}

fn read(root: &Path, rel: &str) -> Result<String> {
    let p = root.join(rel);
    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
}

fn features(root: &Path, rel: &str) -> Result<Vec<geojson::Feature>> {
    match read(root, rel)?.parse::<GeoJson>() {
        Ok(GeoJson::FeatureCollection(fc)) => Ok(fc.features),
        Ok(_) => Err(format!("{rel}: not a FeatureCollection")),
        Err(e) => Err(format!("{rel}: {e}")),
    }
}

/// Simplify one district outline; falls back to the original ring where simplification
/// would collapse it below a valid ring (4 positions).
pub fn simplify_lonlat(shape: &MultiPolygon<f64>, tolerance_m: f64) -> MultiPolygon<f64> {
    let lat = shape.coords_iter().map(|c| c.y).sum::<f64>() / shape.coords_count().max(1) as f64;
    let epsilon = tolerance_m / lat.to_radians().cos();
    let round = |c: Coord<f64>| Coord {
        x: (c.x * 1e6).round() / 1e6,
        y: (c.y * 1e6).round() / 1e6,
    };
    let simplify_ring = |ring: &LineString<f64>| -> Option<LineString<f64>> {
        let merc = ring.map_coords(lonlat_to_mercator);
        let simple = merc
            .simplify(epsilon)
            .map_coords(|c| round(mercator_to_lonlat(c)));
        (simple.0.len() >= 4).then_some(simple)
    };
    MultiPolygon::new(
        shape
            .iter()
            .map(|p| {
                let exterior =
                    simplify_ring(p.exterior()).unwrap_or_else(|| p.exterior().map_coords(round));
                // A hole that collapses is smaller than the tolerance: drop it.
                let holes = p.interiors().iter().filter_map(simplify_ring).collect();
                Polygon::new(exterior, holes)
            })
            .collect(),
    )
}

fn geometry_json(shape: &MultiPolygon<f64>) -> serde_json::Value {
    let ring = |r: &LineString<f64>| -> Vec<[f64; 2]> { r.coords().map(|c| [c.x, c.y]).collect() };
    let poly = |p: &Polygon<f64>| -> Vec<Vec<[f64; 2]>> {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(ring)
            .collect()
    };
    if shape.0.len() == 1 {
        serde_json::json!({"type": "Polygon", "coordinates": poly(&shape.0[0])})
    } else {
        serde_json::json!({"type": "MultiPolygon", "coordinates": shape.iter().map(poly).collect::<Vec<_>>()})
    }
}

/// Format a number for the CSV: shortest round-trip form, no exponent for ordinary values.
fn number(v: f64) -> String {
    let s = format!("{v}");
    if s.contains('e') {
        format!("{v:.6}")
    } else {
        s
    }
}

fn numeric(value: Option<&serde_json::Value>) -> Option<f64> {
    match value? {
        serde_json::Value::Number(n) => n.as_f64().filter(|v| v.is_finite()),
        serde_json::Value::String(s) => s
            .trim()
            .replace(',', ".")
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite()),
        _ => None,
    }
}

pub fn run(recipe_path: &Path) -> Result<()> {
    let root = crate::root();
    let recipe: Recipe = serde_json::from_str(&read(&root, &recipe_path.to_string_lossy())?)
        .map_err(|e| format!("{}: {e}", recipe_path.display()))?;
    let out = root.join(&recipe.output);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;

    // 1. Boundaries.
    let b = &recipe.boundaries;
    let mut keys = Vec::new();
    let mut area_ha: BTreeMap<String, f64> = BTreeMap::new();
    let mut boundary_features = Vec::new();
    let (mut before, mut after) = (0usize, 0usize);
    for (i, f) in features(&root, &b.source)?.iter().enumerate() {
        let key = property_text(f, &b.key_property)
            .ok_or_else(|| format!("{}: feature {i}: no {}", b.source, b.key_property))?;
        let name = property_text(f, &b.name_property)
            .ok_or_else(|| format!("{}: feature {i}: no {}", b.source, b.name_property))?;
        let geometry = f
            .geometry
            .as_ref()
            .ok_or_else(|| format!("{}: feature {i}: no geometry", b.source))
            .and_then(|g| {
                areal_geometry(&g.value).map_err(|e| format!("{}: feature {i}: {e}", b.source))
            })?;
        let simple = if b.simplify_tolerance_m > 0.0 {
            simplify_lonlat(&geometry, b.simplify_tolerance_m)
        } else {
            geometry.clone()
        };
        before += geometry.coords_count();
        after += simple.coords_count();
        boundary_features.push(serde_json::json!({
            "type": "Feature",
            "properties": {KEY_FIELD: key, NAME_FIELD: name},
            "geometry": geometry_json(&simple),
        }));
        // Spherical area (Chamberlain–Duquette) in m² → hectares.
        area_ha.insert(
            key.clone(),
            geometry.chamberlain_duquette_unsigned_area() / 10_000.0,
        );
        keys.push(key);
    }
    let key_set: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    if key_set.len() != keys.len() {
        return Err(format!("{}: duplicate district keys", b.source));
    }
    let boundaries =
        serde_json::json!({"type": "FeatureCollection", "features": boundary_features});

    // 2. Indicators: one CSV row per district and year.
    let mut manifest_value = recipe.manifest.clone();
    let indicator_ids: Vec<String> = manifest_value["indicators"]
        .as_array()
        .ok_or("recipe manifest: no indicators")?
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let mut csv = String::from("district,year");
    for id in &indicator_ids {
        csv.push(',');
        csv.push_str(id);
    }
    if recipe.protection.is_some() {
        csv.push_str(",suppressed");
    }
    csv.push('\n');
    let density_col = match &recipe.protection {
        Some(p) => Some(
            indicator_ids
                .iter()
                .position(|i| i == &p.density_indicator)
                .ok_or_else(|| {
                    format!("protection: {} is not an indicator", p.density_indicator)
                })?,
        ),
        None => None,
    };
    let mut withheld = Vec::new();
    let mut years_of: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    let mut years = BTreeSet::new();
    for source in &recipe.indicators {
        let (year, rows) = match source {
            IndicatorSource::Properties {
                year,
                source,
                key_property,
            } => {
                let mut rows: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
                for (i, f) in features(&root, source)?.iter().enumerate() {
                    let key = property_text(f, key_property)
                        .ok_or_else(|| format!("{source}: feature {i}: no {key_property}"))?;
                    if !key_set.contains(key.as_str()) {
                        return Err(format!(
                            "{source}: feature {i}: district {key} is not in the boundaries"
                        ));
                    }
                    let props = f.properties.as_ref();
                    let values: Vec<Option<f64>> = indicator_ids
                        .iter()
                        .map(|id| numeric(props.and_then(|p| p.get(id))))
                        .collect();
                    if rows.insert(key.clone(), values).is_some() {
                        return Err(format!("{source}: district {key} twice"));
                    }
                }
                (*year, rows)
            }
            IndicatorSource::Schools(src) => {
                let rows = school_indicators(&root, src, &indicator_ids)?;
                if let Some(k) = rows.keys().find(|k| !key_set.contains(k.as_str())) {
                    return Err(format!(
                        "{}: area {k} is not in the boundaries",
                        src.schools
                    ));
                }
                println!(
                    "xtask: schools joined to {} of {} districts",
                    rows.len(),
                    keys.len()
                );
                (src.year, rows)
            }
        };
        years.insert(year);
        // Rows in boundary order, so the CSV reads like the map's table.
        for key in &keys {
            let Some(values) = rows.get(key) else {
                continue;
            };
            write!(csv, "{key},{year}").unwrap();
            let residents = density_col
                .and_then(|c| values[c])
                .map(|density| density * area_ha.get(key).copied().unwrap_or(0.0));
            let suppress = match (&recipe.protection, residents) {
                (Some(p), Some(r)) => r < p.min_residents,
                _ => false,
            };
            if suppress {
                withheld.push(format!("{key}/{year}"));
            }
            for (id, v) in indicator_ids.iter().zip(values) {
                csv.push(',');
                if let (Some(v), false) = (v, suppress) {
                    csv.push_str(&number(*v));
                    years_of.entry(id.clone()).or_default().insert(year);
                }
            }
            if recipe.protection.is_some() {
                csv.push_str(if suppress { ",1" } else { ",0" });
            }
            csv.push('\n');
        }
    }
    for ind in manifest_value["indicators"].as_array_mut().unwrap() {
        let id = ind["id"].as_str().unwrap_or_default().to_owned();
        let ys: Vec<u16> = years_of
            .get(&id)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        if ys.is_empty() {
            return Err(format!("indicator {id}: no values in any source"));
        }
        ind["years"] = serde_json::json!(ys);
    }

    if let Some(p) = &recipe.protection {
        if manifest_value.get("protection").is_none() {
            return Err(
                "recipe has a protection rule but its manifest no `protection` text".into(),
            );
        }
        println!(
            "xtask: small-number protection (< {} residents): withheld {:?}",
            p.min_residents, withheld
        );
    }

    // 3. Services.
    let mut service_features = Vec::new();
    let mut per_category: BTreeMap<String, usize> = BTreeMap::new();
    for s in &recipe.services {
        for (i, f) in features(&root, &s.source)?.iter().enumerate() {
            let raw = property_text(f, &s.category_property).unwrap_or_default();
            let category = s
                .categories
                .get(&raw)
                .or(s.default_category.as_ref())
                .ok_or_else(|| format!("{}: feature {i}: no category for `{raw}`", s.source))?;
            let text_of = |props: &[String], sep: &str| {
                props
                    .iter()
                    .filter_map(|p| property_text(f, p))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            let coordinates = match f.geometry.as_ref().map(|g| &g.value) {
                Some(geojson::GeometryValue::Point { coordinates }) => {
                    let c = coordinates.as_slice();
                    [(c[0] * 1e6).round() / 1e6, (c[1] * 1e6).round() / 1e6]
                }
                _ => return Err(format!("{}: feature {i}: not a Point", s.source)),
            };
            let mut props = serde_json::Map::new();
            props.insert("category".into(), category.clone().into());
            props.insert("name".into(), text_of(&s.name_properties, " – ").into());
            props.insert("address".into(), text_of(&s.address_properties, " ").into());
            if let Some(d) = s
                .district_property
                .as_ref()
                .and_then(|p| property_text(f, p))
            {
                props.insert("district".into(), d.into());
            }
            props.insert("type".into(), raw.into());
            if let Some(v) = s
                .value_property
                .as_ref()
                .and_then(|p| numeric(f.properties.as_ref().and_then(|props| props.get(p))))
            {
                props.insert("value".into(), v.into());
            }
            service_features.push(serde_json::json!({
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": coordinates},
            }));
            *per_category.entry(category.clone()).or_default() += 1;
        }
    }
    let services = serde_json::json!({"type": "FeatureCollection", "features": service_features});

    // 4. Manifest: the recipe's, plus files and years, checked by the same reader the app uses.
    manifest_value["format_version"] = FORMAT_VERSION.into();
    manifest_value["years"] = serde_json::json!(years.iter().collect::<Vec<_>>());
    let files = Files {
        boundaries: "boundaries.geojson".into(),
        indicators: "indicators.csv".into(),
        services: (!recipe.services.is_empty()).then(|| "services.geojson".into()),
    };
    manifest_value["files"] = serde_json::to_value(&files).unwrap();
    let manifest: Manifest =
        serde_json::from_value(manifest_value).map_err(|e| format!("recipe manifest: {e}"))?;
    for c in per_category.keys() {
        if manifest
            .category(&atlas_core::CategoryId(c.clone()))
            .is_none()
        {
            return Err(format!(
                "service category {c} is not described in the manifest"
            ));
        }
    }

    let write = |name: &str, text: String| -> Result<PathBuf> {
        let p = out.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
        Ok(p)
    };
    write(
        "dataset.json",
        serde_json::to_string_pretty(&manifest).unwrap() + "\n",
    )?;
    write(
        "boundaries.geojson",
        serde_json::to_string(&boundaries).unwrap() + "\n",
    )?;
    write("indicators.csv", csv)?;
    if files.services.is_some() {
        // One feature per line: reviewable diffs, still valid JSON.
        let mut text = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
        let lines: Vec<String> = services["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| serde_json::to_string(f).unwrap())
            .collect();
        text.push_str(&lines.join(",\n"));
        text.push_str("\n]}\n");
        write("services.geojson", text)?;
    }

    // 5. Read it all back with the app's own reader: what we wrote must load.
    let read_back = |n: &str| std::fs::read_to_string(out.join(n)).unwrap_or_default();
    let services_text = read_back("services.geojson");
    let dataset = atlas_core::dataset::parse_dataset(&atlas_core::dataset::DatasetTexts {
        manifest: &read_back("dataset.json"),
        boundaries: &read_back("boundaries.geojson"),
        indicators: &read_back("indicators.csv"),
        services: files.services.as_ref().map(|_| services_text.as_str()),
    })
    .map_err(|e| format!("the prepared dataset does not load: {e}"))?;
    println!(
        "xtask: {} — {} districts ({} → {} vertices at {} m), years {:?}, {} services {:?}",
        out.display(),
        dataset.districts.len(),
        before,
        after,
        b.simplify_tolerance_m,
        years,
        dataset.services.len(),
        per_category
    );
    Ok(())
}

// The source files are read with the `geojson` crate (a native tool: its generic JSON tree
// costs nothing here); the app reads its dataset folders with core's scanner, which applies
// the same checks (`atlas_core::geojson_scan`, not public).

/// A property as text: strings as they are, numbers printed, anything else absent.
fn property_text(feature: &geojson::Feature, field: &str) -> Option<String> {
    match feature.properties.as_ref()?.get(field)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn coord(pos: &geojson::Position) -> std::result::Result<Coord<f64>, GeometryProblem> {
    let s = pos.as_slice();
    if s.len() < 2 {
        return Err(GeometryProblem::ShortPosition);
    }
    let (x, y) = (s[0], s[1]);
    if !x.is_finite() || !y.is_finite() {
        return Err(GeometryProblem::NotFinite);
    }
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        return Err(GeometryProblem::OutOfRange);
    }
    Ok(Coord { x, y })
}

fn ring(positions: &[geojson::Position]) -> std::result::Result<LineString<f64>, GeometryProblem> {
    let coords = positions
        .iter()
        .map(coord)
        .collect::<std::result::Result<Vec<_>, _>>()?;
    // A linear ring needs 4 positions, first = last (RFC 7946 §3.1.6). An unclosed ring is
    // closed by geo's LineString -> Polygon conversion; it still needs 3 distinct corners.
    if coords.len() < 3 || (coords.len() < 4 && coords.first() == coords.last()) {
        return Err(GeometryProblem::RingTooShort);
    }
    Ok(LineString::new(coords))
}

fn polygon(rings: &[Vec<geojson::Position>]) -> std::result::Result<Polygon<f64>, GeometryProblem> {
    let mut rings = rings.iter().map(|r| ring(r));
    let exterior = rings.next().ok_or(GeometryProblem::RingTooShort)??;
    let interiors = rings.collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

/// Convert a GeoJSON Polygon or MultiPolygon to a checked `MultiPolygon` in lon/lat.
fn areal_geometry(
    value: &GeometryValue,
) -> std::result::Result<MultiPolygon<f64>, GeometryProblem> {
    match value {
        GeometryValue::Polygon { coordinates } => {
            Ok(MultiPolygon::new(vec![polygon(coordinates)?]))
        }
        GeometryValue::MultiPolygon { coordinates } => Ok(MultiPolygon::new(
            coordinates
                .iter()
                .map(|p| polygon(p))
                .collect::<std::result::Result<_, _>>()?,
        )),
        other => Err(GeometryProblem::WrongType(
            other.type_name().to_owned(),
            "Polygon or MultiPolygon",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area};

    #[test]
    fn simplify_removes_collinear_points_and_keeps_corners() {
        // A 0.01° square with extra points on its edges (nearly collinear, 1e-7° ≈ 1 cm off).
        let p = polygon![
            (x: 7.0, y: 51.0), (x: 7.005, y: 51.0000001), (x: 7.01, y: 51.0),
            (x: 7.01, y: 51.01), (x: 7.0, y: 51.01), (x: 7.0, y: 51.0),
        ];
        let s = simplify_lonlat(&MultiPolygon::new(vec![p.clone()]), 2.0);
        assert_eq!(s.0[0].exterior().0.len(), 5);
        assert!((s.unsigned_area() - p.unsigned_area()).abs() / p.unsigned_area() < 1e-4);
    }

    #[test]
    fn tiny_rings_are_kept_not_collapsed() {
        // A 1 m triangle with a 50 m tolerance must not vanish.
        let p = polygon![(x: 7.0, y: 51.0), (x: 7.00001, y: 51.0), (x: 7.0, y: 51.00001), (x: 7.0, y: 51.0)];
        let s = simplify_lonlat(&MultiPolygon::new(vec![p]), 50.0);
        assert_eq!(s.0[0].exterior().0.len(), 4);
    }

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number(63.8), "63.8");
        assert_eq!(number(5.0), "5");
        assert_eq!(numeric(Some(&serde_json::json!("4,5"))), Some(4.5));
        assert_eq!(numeric(Some(&serde_json::json!(null))), None);
    }
}
