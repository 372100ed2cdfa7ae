//! Any GeoJSON FeatureCollection as a dataset (`?data=URL`).
//!
//! A planner (or the benchmark) points the app at a plain GeoJSON file; this module turns it
//! into a [`Dataset`] with a synthesised manifest so that the whole app — legend, table,
//! tooltip, details — works on it unchanged:
//!
//! - indicators = the numeric properties (every non-null value a number), in file order;
//! - key = an `id`-like property whose values are present and unique (else the feature's
//!   1-based position);
//! - name = a `name`-like text property (else the key).
//!
//! The reader scans the bytes directly (a small JSON scanner for exactly this shape): coordinates go into one flat buffer per
//! feature, properties into a small vector; no generic JSON tree is built (a `Value` tree of
//! 50,000 polygons costs several times the file size in memory and most of the parse time).
//! Only WGS84 lon/lat is accepted; other coordinate systems are the importer's job, and the
//! error says so.

use crate::dataset::{Dataset, District, DistrictId, GeometryProblem};
use crate::geojson_scan::{areal, prop_text, scan_collection, Flat, Prop, RawFeature};
use crate::manifest::{Attribution, Direction, Files, Indicator, IndicatorId, Manifest, Text};
use geo::MultiPolygon;
use std::collections::{BTreeMap, HashSet};

/// The single period of an ad-hoc dataset (a GeoJSON file has no years; the app's model
/// needs one). Shown nowhere as a real year: the manifest's title says "GeoJSON".
pub const ADHOC_YEAR: u16 = 2000;

/// The manifest id of a dataset read from a GeoJSON file by link.
pub const ADHOC_ID: &str = "geojson";

/// Whether a dataset's single period is the placeholder [`ADHOC_YEAR`] of a linked GeoJSON
/// file rather than a real year: the UI then names no year at all (a "2000" in the legend
/// would be an invented fact).
pub fn is_undated(manifest: &crate::manifest::Manifest) -> bool {
    manifest.id == ADHOC_ID && manifest.years == [ADHOC_YEAR]
}

/// Property names tried, in order, for the district key and the display name
/// (case-insensitive). German official keys (AGS, ARS) and the usual `id`/`name` spellings.
const KEY_NAMES: [&str; 8] = ["id", "key", "ags", "ars", "code", "gid", "fid", "objectid"];
const NAME_NAMES: [&str; 6] = ["name", "gen", "bezeichnung", "label", "title", "bez"];

/// What can go wrong turning a GeoJSON file into a dataset.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdhocError {
    #[error("the data URL `{0}` is not an http(s) URL or a relative path")]
    BadUrl(String),
    #[error("{file}: not a GeoJSON FeatureCollection: {message}")]
    NotGeoJson { file: String, message: String },
    #[error("{file}: the FeatureCollection has no features")]
    NoFeatures { file: String },
    #[error("{file}: no numeric property to colour the map by")]
    NoNumericProperty { file: String },
    #[error("{file}: coordinates are not WGS84 longitude/latitude ({detail})")]
    NotWgs84 { file: String, detail: String },
    #[error("{file}: feature {feature}: geometry: {problem}")]
    Geometry {
        file: String,
        /// 1-based, as a planner counts.
        feature: usize,
        problem: GeometryProblem,
    },
}

/// Only `http(s)://…` or a plain same-origin relative path (no scheme such as
/// `javascript:`/`data:`, no protocol-relative `//host`). The value is an explicit choice of
/// the person opening the link, so other hosts are allowed (privacy rule: nothing third-party
/// *by default*).
pub fn check_data_url(url: &str) -> Result<String, AdhocError> {
    let u = url.trim();
    let bad = || AdhocError::BadUrl(u.chars().take(120).collect());
    if u.is_empty() || u.len() > 2000 || u.chars().any(|c| c.is_control() || c == ' ') {
        return Err(bad());
    }
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok(u.to_owned());
    }
    let scheme = u
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'));
    if scheme || u.starts_with("//") || u.starts_with('\\') {
        return Err(bad());
    }
    Ok(u.to_owned())
}

/// Is a named CRS lon/lat WGS84 (OGC CRS84, EPSG:4326, ETRS89 EPSG:4258 — equal at map scale)?
fn is_wgs84_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.ends_with("CRS84") || n.ends_with(":4326") || n.ends_with("::4326") || n.ends_with(":4258")
}

fn geometry(
    file: &str,
    feature: usize,
    kind: Option<&str>,
    flat: &Flat,
) -> Result<MultiPolygon<f64>, AdhocError> {
    areal(kind, flat).map_err(|problem| match problem {
        // Out of lon/lat range: most likely projected coordinates (UTM, Gauss-Krüger); say
        // which ones, so that the person can recognise them.
        GeometryProblem::OutOfRange => {
            let outside = flat
                .xy
                .chunks_exact(2)
                .find(|p| !(-180.0..=180.0).contains(&p[0]) || !(-90.0..=90.0).contains(&p[1]))
                .map_or_else(String::new, |p| format!(": ({}, {})", p[0], p[1]));
            AdhocError::NotWgs84 {
                file: file.into(),
                detail: format!("feature {}{outside}", feature + 1),
            }
        }
        problem => AdhocError::Geometry {
            file: file.into(),
            feature: feature + 1,
            problem,
        },
    })
}

/// Read a GeoJSON FeatureCollection of (Multi)Polygons into a dataset. `file` names it in
/// messages and in the manifest (title, source).
pub fn dataset_from_geojson(file: &str, bytes: &[u8]) -> Result<Dataset, AdhocError> {
    let not_geojson = |message: String| AdhocError::NotGeoJson {
        file: file.into(),
        message,
    };
    let raw = scan_collection(bytes).map_err(not_geojson)?;
    if raw.kind != "FeatureCollection" {
        return Err(not_geojson(format!("type is `{}`", raw.kind)));
    }
    if let Some(name) = raw.crs {
        if !is_wgs84_name(&name) {
            return Err(AdhocError::NotWgs84 {
                file: file.into(),
                detail: name,
            });
        }
    }
    if raw.features.is_empty() {
        return Err(AdhocError::NoFeatures { file: file.into() });
    }

    // Fields in order of first appearance; per field: all non-null values numeric?
    let mut fields: Vec<String> = Vec::new();
    let mut numeric: Vec<bool> = Vec::new();
    let mut any_number: Vec<bool> = Vec::new();
    for f in &raw.features {
        for (k, v) in &f.properties {
            let i = match fields.iter().position(|x| x == k) {
                Some(i) => i,
                None => {
                    fields.push(k.clone());
                    numeric.push(true);
                    any_number.push(false);
                    fields.len() - 1
                }
            };
            match v {
                Prop::Number(n) if n.is_finite() => any_number[i] = true,
                Prop::Other => {}
                _ => numeric[i] = false,
            }
        }
    }
    let prop = |f: &RawFeature, name: &str| -> Option<Prop> { f.prop(name).cloned() };
    let as_text = |p: Option<Prop>| prop_text(p.as_ref());
    // Key: the first id-like field (or the feature `id`) present and unique everywhere.
    let unique = |keys: &[Option<String>]| {
        let mut seen = HashSet::with_capacity(keys.len());
        keys.iter()
            .all(|k| k.as_ref().is_some_and(|k| seen.insert(k.clone())))
    };
    let mut key_field: Option<String> = None;
    let mut keys: Vec<String> = Vec::new();
    let feature_ids: Vec<Option<String>> =
        raw.features.iter().map(|f| as_text(f.id.clone())).collect();
    for candidate in KEY_NAMES {
        let Some(field) = fields.iter().find(|f| f.eq_ignore_ascii_case(candidate)) else {
            continue;
        };
        let ks: Vec<Option<String>> = raw
            .features
            .iter()
            .map(|f| as_text(prop(f, field)))
            .collect();
        if unique(&ks) {
            key_field = Some(field.clone());
            keys = ks.into_iter().map(Option::unwrap_or_default).collect();
            break;
        }
    }
    if key_field.is_none() {
        keys = if unique(&feature_ids) {
            feature_ids
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect()
        } else {
            (1..=raw.features.len()).map(|i| i.to_string()).collect()
        };
    }
    let name_field = NAME_NAMES.iter().find_map(|c| {
        fields
            .iter()
            .find(|f| {
                f.eq_ignore_ascii_case(c)
                    && !numeric[fields.iter().position(|x| x == *f).unwrap_or(0)]
            })
            .cloned()
    });

    let indicator_fields: Vec<usize> = (0..fields.len())
        .filter(|&i| numeric[i] && any_number[i] && Some(&fields[i]) != key_field.as_ref())
        .collect();
    if indicator_fields.is_empty() {
        return Err(AdhocError::NoNumericProperty { file: file.into() });
    }

    let mut districts = Vec::with_capacity(raw.features.len());
    let mut columns: Vec<Vec<Option<f64>>> =
        vec![Vec::with_capacity(raw.features.len()); indicator_fields.len()];
    let mut all_integer = vec![true; indicator_fields.len()];
    for (i, f) in raw.features.iter().enumerate() {
        let geometry = geometry(file, i, f.geometry_type.as_deref(), &f.coords)?;
        let key = keys[i].clone();
        let name = name_field
            .as_ref()
            .and_then(|n| as_text(prop(f, n)))
            .unwrap_or_else(|| key.clone());
        for (c, &fi) in indicator_fields.iter().enumerate() {
            let v = match prop(f, &fields[fi]) {
                Some(Prop::Number(n)) if n.is_finite() => Some(n),
                _ => None,
            };
            if v.is_some_and(|v| v.fract() != 0.0) {
                all_integer[c] = false;
            }
            columns[c].push(v);
        }
        districts.push(District {
            id: DistrictId(i as u32),
            key,
            name,
            geometry,
        });
    }

    let indicators: Vec<Indicator> = indicator_fields
        .iter()
        .enumerate()
        .map(|(c, &fi)| Indicator {
            id: IndicatorId(fields[fi].clone()),
            label: Text::new(&fields[fi], &fields[fi]),
            unit: String::new(),
            definition: Text::new(
                &format!("Eigenschaft „{}“ aus {file}", fields[fi]),
                &format!("Property “{}” from {file}", fields[fi]),
            ),
            direction: Direction::HigherIsMoreNeed,
            source: file.to_owned(),
            years: vec![ADHOC_YEAR],
            decimals: if all_integer[c] { 0 } else { 2 },
        })
        .collect();
    let values: BTreeMap<(IndicatorId, u16), Vec<Option<f64>>> = indicators
        .iter()
        .zip(columns)
        .map(|(i, col)| ((i.id.clone(), ADHOC_YEAR), col))
        .collect();
    let manifest = Manifest {
        format_version: crate::manifest::FORMAT_VERSION,
        id: ADHOC_ID.into(),
        title: Text::new(&format!("GeoJSON: {file}"), &format!("GeoJSON: {file}")),
        district_label: Text::new("Gebiet", "area"),
        files: Files {
            boundaries: file.to_owned(),
            indicators: String::new(),
            services: None,
        },
        years: vec![ADHOC_YEAR],
        default_year: ADHOC_YEAR,
        default_indicator: indicators[0].id.clone(),
        indicators,
        service_categories: Vec::new(),
        attribution: vec![Attribution {
            text: file.to_owned(),
            url: None,
            licence: Text::new(
                "Datei per Link geladen (?data=); Lizenz siehe Quelle",
                "file loaded by link (?data=); see its source for the licence",
            ),
        }],
        targeting: None,
        service_value: None,
        protection: None,
        highlight: None,
        drilldown: Vec::new(),
        parent: None,
        notes: Vec::new(),
    };
    Ok(Dataset {
        manifest,
        districts,
        values,
        suppressed: BTreeMap::new(),
        services: Vec::new(),
    })
}

/// The last path segment of a URL, for messages and the title (`…/gemeinden.geojson?x=1`
/// → `gemeinden.geojson`).
pub fn file_name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    if name.is_empty() {
        url.chars().take(80).collect()
    } else {
        name.chars().take(80).collect()
    }
}

/// Query parameters that belong to the ad-hoc data and bench modes, not to the permalink
/// view state: `data` (the GeoJSON URL), `bench` and `indicator2` (the benchmark protocol).
pub const APP_PARAMS: [&str; 3] = ["data", "bench", "indicator2"];

/// Split a query string (with or without `?`) into the permalink part (with a leading `?`)
/// and the raw `key=value` pairs of [`APP_PARAMS`], so that the permalink reader does not
/// report them as unknown and the writer can keep them.
pub fn split_query(query: &str) -> (String, Vec<String>) {
    let q = query.strip_prefix('?').unwrap_or(query);
    let (mut rest, mut extra) = (Vec::new(), Vec::new());
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let key = pair.split('=').next().unwrap_or("");
        if APP_PARAMS.contains(&key) {
            extra.push(pair.to_owned());
        } else {
            rest.push(pair);
        }
    }
    (format!("?{}", rest.join("&")), extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","id":7,"properties":{"GEN":"West","AGS":"05913000","pop":100,"rate":1.5,"note":null},
       "geometry":{"coordinates":[[[7.0,51.0],[7.1,51.0],[7.1,51.1],[7.0,51.1],[7.0,51.0]]],"type":"Polygon"}},
      {"type":"Feature","id":8,"properties":{"GEN":"Ost","AGS":"05914000","pop":250,"rate":null,"nested":{"a":[1,2]}},
       "geometry":{"type":"MultiPolygon","coordinates":[[[[7.1,51.0],[7.2,51.0],[7.2,51.1],[7.1,51.1],[7.1,51.0]]],
                                                       [[[7.3,51.0],[7.4,51.0],[7.4,51.1],[7.3,51.0]]]]}}]}"#;

    #[test]
    fn reads_numeric_properties_as_indicators() {
        let d = dataset_from_geojson("two.geojson", TWO.as_bytes()).unwrap();
        let ids: Vec<&str> = d
            .manifest
            .indicators
            .iter()
            .map(|i| i.id.0.as_str())
            .collect();
        // AGS is text (a key), GEN a name, note null-only, nested an object: not indicators.
        assert_eq!(ids, ["pop", "rate"]);
        assert_eq!(d.manifest.default_indicator.0, "pop");
        assert_eq!(d.manifest.indicators[0].decimals, 0);
        assert_eq!(d.manifest.indicators[1].decimals, 2);
        let pop = d.column(&IndicatorId("pop".into()), ADHOC_YEAR).unwrap();
        assert_eq!(pop, &vec![Some(100.0), Some(250.0)]);
        let rate = d.column(&IndicatorId("rate".into()), ADHOC_YEAR).unwrap();
        assert_eq!(rate, &vec![Some(1.5), None]);
        assert_eq!(d.districts[0].key, "05913000");
        assert_eq!(d.districts[1].name, "Ost");
        assert_eq!(d.districts[1].geometry.0.len(), 2);
        // A linked file has no year; a prepared dataset with the same single year is dated.
        assert!(is_undated(&d.manifest));
        let mut prepared = d.manifest.clone();
        prepared.id = "dortmund".into();
        assert!(!is_undated(&prepared));
        assert_eq!(d.districts[1].geometry.0[1].exterior().0.len(), 4);
        assert_eq!(
            d.district_by_key("05914000").map(|d| d.id),
            Some(DistrictId(1))
        );
    }

    #[test]
    fn key_falls_back_to_feature_id_then_position() {
        let no_ags = TWO.replace("\"AGS\"", "\"x\"");
        let d = dataset_from_geojson("f", no_ags.as_bytes()).unwrap();
        assert_eq!(d.districts[0].key, "7");
        let dup = no_ags.replace("\"id\":8", "\"id\":7");
        let d = dataset_from_geojson("f", dup.as_bytes()).unwrap();
        assert_eq!(
            (d.districts[0].key.as_str(), d.districts[1].key.as_str()),
            ("1", "2")
        );
    }

    #[test]
    fn explains_what_is_wrong() {
        let e = |s: &str| dataset_from_geojson("f.geojson", s.as_bytes()).unwrap_err();
        assert!(matches!(e("not json"), AdhocError::NotGeoJson { .. }));
        assert!(matches!(
            e(r#"{"type":"Feature","features":[]}"#),
            AdhocError::NotGeoJson { .. }
        ));
        assert!(matches!(
            e(r#"{"type":"FeatureCollection","features":[]}"#),
            AdhocError::NoFeatures { .. }
        ));
        assert!(matches!(
            e(&TWO
                .replace("\"pop\":100,\"rate\":1.5", "\"pop\":\"x\",\"rate\":\"y\"")
                .replace("\"pop\":250", "\"pop\":\"z\"")),
            AdhocError::NoNumericProperty { .. }
        ));
        // UTM coordinates (metres), as a planner's GIS exports them.
        let utm = TWO.replace("[7.0,51.0]", "[390000.5,5710000.0]");
        assert!(matches!(e(&utm), AdhocError::NotWgs84 { .. }));
        let crs = TWO.replacen(
            "\"features\"",
            r#""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features""#,
            1,
        );
        assert!(matches!(e(&crs), AdhocError::NotWgs84 { .. }));
        let point = TWO.replace(
            r#""coordinates":[[[7.0,51.0],[7.1,51.0],[7.1,51.1],[7.0,51.1],[7.0,51.0]]],"type":"Polygon""#,
            r#""coordinates":[7.0,51.0],"type":"Point""#,
        );
        assert!(matches!(
            e(&point),
            AdhocError::Geometry {
                feature: 1,
                problem: GeometryProblem::WrongType(..),
                ..
            }
        ));
    }

    #[test]
    fn wgs84_crs_names_are_accepted() {
        let crs = TWO.replacen(
            "\"features\"",
            r#""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features""#,
            1,
        );
        assert!(dataset_from_geojson("f", crs.as_bytes()).is_ok());
    }

    #[test]
    fn data_urls_are_http_or_relative() {
        assert!(check_data_url("https://example.org/a.geojson").is_ok());
        assert!(check_data_url("bench-data/synthetic-1000.geojson").is_ok());
        assert!(check_data_url("/data/x.geojson").is_ok());
        assert!(check_data_url("javascript:alert(1)").is_err());
        assert!(check_data_url("data:application/json,{}").is_err());
        assert!(check_data_url("//evil.example/x").is_err());
        assert!(check_data_url("").is_err());
        assert_eq!(
            file_name_of("https://h/x/gemeinden.geojson?v=1"),
            "gemeinden.geojson"
        );
    }

    #[test]
    fn app_params_are_split_from_the_permalink() {
        let (rest, extra) = split_query("?data=a%2Fb.geojson&indicator=pop&bench=1&lang=en");
        assert_eq!(rest, "?indicator=pop&lang=en");
        assert_eq!(extra, ["data=a%2Fb.geojson", "bench=1"]);
        assert_eq!(split_query(""), ("?".to_owned(), vec![]));
    }

    #[test]
    fn scanner_handles_escapes_nesting_bom_and_truncation() {
        let odd = "\u{feff}".to_owned()
            + r#" { "name" : "x", "features" : [ { "type":"Feature", "bbox":[1,2,3,4],
              "properties" : { "name" : "K\u00f6ln \"Mitte\"", "v" : -1.5e1, "deep":{"a":[{"b":[]}]}, "t":true },
              "geometry" : { "type" : "Polygon", "coordinates" : [ [ [7,51] , [7.1,51], [7.1,51.1], [7,51] ] ] } } ],
              "type" : "FeatureCollection" } "#;
        let d = dataset_from_geojson("f", odd.as_bytes()).unwrap();
        assert_eq!(d.districts[0].name, "Köln \"Mitte\"");
        let v = d.column(&IndicatorId("v".into()), ADHOC_YEAR).unwrap();
        assert_eq!(v, &vec![Some(-15.0)]);
        let e = |s: &str| dataset_from_geojson("f", s.as_bytes()).unwrap_err();
        assert!(matches!(
            e(&odd[..odd.len() - 20]),
            AdhocError::NotGeoJson { .. }
        ));
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(e(&deep), AdhocError::NotGeoJson { .. }));
        assert!(matches!(
            e("{\"type\":\"FeatureCollection\"} x"),
            AdhocError::NotGeoJson { .. }
        ));
    }
}
