//! Coordinate reference systems a German planner's file may use, and how to recognise them:
//! from a Shapefile's `.prj` (WKT), from GeoJSON's legacy `crs` member, or — when the file
//! says nothing — from the numbers themselves ([`infer_from_bounds`]).
//!
//! Only the six systems that German municipal GIS actually export are supported. A full CRS
//! database (thousands of proj strings) would cost hundreds of kB in the import worker for
//! systems no NRW town uses; an unknown system is reported and the planner can pick one.

use super::layer::Layer;
use geo::{CoordsIter, MapCoordsInPlace};
use serde::{Deserialize, Serialize};

/// A supported coordinate reference system (EPSG code in the doc of each variant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Crs {
    /// EPSG:4326, WGS84 longitude/latitude in degrees (also taken for ETRS89 geographic,
    /// EPSG:4258, which differs from WGS84 by well under a metre in Germany).
    Wgs84,
    /// EPSG:3857, Web Mercator metres (exports from web maps).
    WebMercator,
    /// EPSG:25832, ETRS89 / UTM zone 32N: the official system of NRW and most of Germany.
    Utm32,
    /// EPSG:25833, ETRS89 / UTM zone 33N: eastern Germany.
    Utm33,
    /// EPSG:31466, DHDN / Gauß-Krüger zone 2 (central meridian 6°E): old NRW data west of 7.5°E.
    GaussKruger2,
    /// EPSG:31467, DHDN / Gauß-Krüger zone 3 (central meridian 9°E): old NRW data.
    GaussKruger3,
}

impl Crs {
    /// Every supported system, in the order a chooser lists them.
    pub const ALL: [Crs; 6] = [
        Crs::Wgs84,
        Crs::WebMercator,
        Crs::Utm32,
        Crs::Utm33,
        Crs::GaussKruger2,
        Crs::GaussKruger3,
    ];

    /// The EPSG code.
    pub fn epsg(self) -> u32 {
        match self {
            Crs::Wgs84 => 4326,
            Crs::WebMercator => 3857,
            Crs::Utm32 => 25832,
            Crs::Utm33 => 25833,
            Crs::GaussKruger2 => 31466,
            Crs::GaussKruger3 => 31467,
        }
    }

    /// The system for an EPSG code, including the aliases that mean the same here
    /// (ETRS89 geographic 4258 ≈ WGS84; 900913/3785/102100 are old Web Mercator codes).
    pub fn from_epsg(code: u32) -> Option<Crs> {
        Some(match code {
            4326 | 4258 => Crs::Wgs84,
            3857 | 900913 | 3785 | 102100 | 102113 => Crs::WebMercator,
            25832 => Crs::Utm32,
            25833 => Crs::Utm33,
            31466 => Crs::GaussKruger2,
            31467 => Crs::GaussKruger3,
            _ => return None,
        })
    }

    /// The name GIS software shows (the EPSG registry's name).
    pub fn name(self) -> &'static str {
        match self {
            Crs::Wgs84 => "WGS 84",
            Crs::WebMercator => "WGS 84 / Pseudo-Mercator",
            Crs::Utm32 => "ETRS89 / UTM zone 32N",
            Crs::Utm33 => "ETRS89 / UTM zone 33N",
            Crs::GaussKruger2 => "DHDN / 3-degree Gauss-Kruger zone 2",
            Crs::GaussKruger3 => "DHDN / 3-degree Gauss-Kruger zone 3",
        }
    }

    /// The proj string used for reprojection. DHDN needs the 7-parameter shift to WGS84
    /// (the values are EPSG's transformation 1777 "DHDN to WGS 84 (2)", good to ~3 m in
    /// Germany); without it Gauß-Krüger positions land ~100–150 m off.
    pub fn proj_string(self) -> &'static str {
        match self {
            Crs::Wgs84 => "+proj=longlat +datum=WGS84 +no_defs",
            Crs::WebMercator => {
                "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs"
            }
            Crs::Utm32 => "+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs",
            Crs::Utm33 => "+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs",
            Crs::GaussKruger2 => {
                "+proj=tmerc +lat_0=0 +lon_0=6 +k=1 +x_0=2500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs"
            }
            Crs::GaussKruger3 => {
                "+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7 +units=m +no_defs"
            }
        }
    }

    /// Are coordinates in degrees (true) or metres (false)?
    pub fn is_geographic(self) -> bool {
        self == Crs::Wgs84
    }
}

/// Read GeoJSON's legacy `crs` member name (`crs.properties.name`, GeoJSON 2008 §3.1):
/// `urn:ogc:def:crs:EPSG::25832`, `urn:ogc:def:crs:EPSG:6.6:25832`, `EPSG:25832`,
/// `http://www.opengis.net/def/crs/EPSG/0/25832`, or OGC's `CRS84` (= WGS84 lon/lat).
/// `None` for a name we do not know.
pub fn detect_from_geojson_crs(name: &str) -> Option<Crs> {
    let name = name.trim();
    let upper = name.to_ascii_uppercase();
    if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
        return Some(Crs::Wgs84);
    }
    if !upper.contains("EPSG") {
        return None;
    }
    // The code is the last run of digits after the last ':' or '/'.
    let last = upper.rsplit([':', '/']).next().unwrap_or("");
    last.trim().parse::<u32>().ok().and_then(Crs::from_epsg)
}

/// Recognise the system of a Shapefile's `.prj` (WKT1 as written by ArcGIS, QGIS or GDAL).
///
/// In order of trust: the PROJCS's own `AUTHORITY["EPSG",…]` (the last one in the text: a
/// GEOGCS inside a PROJCS carries its own authority earlier); the PROJCS/GEOGCS name (EPSG and
/// ESRI spellings, e.g. `ETRS89 / UTM zone 32N`, `ETRS_1989_UTM_Zone_32N`,
/// `DHDN_3_Degree_Gauss_Zone_3`, `WGS_1984_Web_Mercator_Auxiliary_Sphere`); then the
/// transverse Mercator parameters (central meridian and false easting). `None` when nothing
/// matches: the caller then infers from the coordinates and lets the planner choose.
pub fn detect_from_prj(wkt: &str) -> Option<Crs> {
    let upper = wkt.to_ascii_uppercase();
    let is_projected = upper.trim_start().starts_with("PROJCS") || upper.contains("PROJCRS");
    if let Some(code) = last_epsg_authority(&upper) {
        if let Some(crs) = Crs::from_epsg(code) {
            // A geographic authority (the GEOGCS of a PROJCS) must not win for a projection.
            if !(is_projected && crs == Crs::Wgs84) {
                return Some(crs);
            }
        }
    }
    // Names with separators removed: "ETRS89 / UTM zone 32N" and "ETRS_1989_UTM_Zone_32N"
    // become "ETRS89UTMZONE32N" and "ETRS1989UTMZONE32N".
    let name = first_quoted(&upper).unwrap_or_default();
    let squashed: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if is_projected {
        if squashed.contains("UTM") {
            // WGS 84 / UTM (EPSG:32632/32633) differs from ETRS89 / UTM by < 1 m.
            if squashed.contains("ZONE32") || squashed.ends_with("32N") {
                return Some(Crs::Utm32);
            }
            if squashed.contains("ZONE33") || squashed.ends_with("33N") {
                return Some(Crs::Utm33);
            }
        }
        if squashed.contains("GAUSS") || squashed.contains("DHDN") {
            if squashed.ends_with("ZONE2") || squashed.ends_with("GK2") {
                return Some(Crs::GaussKruger2);
            }
            if squashed.ends_with("ZONE3") || squashed.ends_with("GK3") {
                return Some(Crs::GaussKruger3);
            }
        }
        if squashed.contains("WEBMERCATOR") || squashed.contains("PSEUDOMERCATOR") {
            return Some(Crs::WebMercator);
        }
        // By parameters: the central meridian and false easting identify each of our
        // transverse Mercator systems (UTM: 500 km; Gauß-Krüger: zone × 1,000 km + 500 km).
        let cm = parameter(&upper, "CENTRAL_MERIDIAN");
        let fe = parameter(&upper, "FALSE_EASTING");
        let datum_dhdn = upper.contains("DHDN") || upper.contains("DEUTSCHES_HAUPTDREIECKSNETZ");
        return match (cm, fe) {
            (Some(cm), Some(fe)) if (cm - 9.0).abs() < 1e-9 && (fe - 500_000.0).abs() < 1e-3 => {
                Some(Crs::Utm32)
            }
            (Some(cm), Some(fe)) if (cm - 15.0).abs() < 1e-9 && (fe - 500_000.0).abs() < 1e-3 => {
                Some(Crs::Utm33)
            }
            (Some(cm), Some(fe)) if (cm - 6.0).abs() < 1e-9 && (fe - 2_500_000.0).abs() < 1e-3 => {
                Some(Crs::GaussKruger2)
            }
            (Some(cm), Some(fe)) if (cm - 9.0).abs() < 1e-9 && (fe - 3_500_000.0).abs() < 1e-3 => {
                Some(Crs::GaussKruger3)
            }
            // A 3857 written without a name still says "Mercator" with a sphere of 6378137.
            _ if upper.contains("MERCATOR_AUXILIARY_SPHERE") && !datum_dhdn => {
                Some(Crs::WebMercator)
            }
            _ => None,
        };
    }
    let geographic = upper.trim_start().starts_with("GEOGCS") || upper.contains("GEOGCRS");
    let wgs_or_etrs = ["WGS84", "WGS1984", "ETRS89", "ETRS1989"]
        .iter()
        .any(|n| squashed.contains(n));
    (geographic && wgs_or_etrs).then_some(Crs::Wgs84)
}

/// The code of the last `AUTHORITY["EPSG","…"]` (WKT1) or `ID["EPSG",…]` (WKT2).
fn last_epsg_authority(upper: &str) -> Option<u32> {
    let pos = upper
        .rfind("AUTHORITY[\"EPSG\"")
        .or_else(|| upper.rfind("ID[\"EPSG\""))?;
    let rest = upper.get(pos..)?;
    let comma = rest.find(',')?;
    let digits: String = rest
        .get(comma + 1..)?
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .take(9)
        .collect();
    digits.parse().ok()
}

/// The first double-quoted string (the name of the outermost CS).
fn first_quoted(text: &str) -> Option<String> {
    let start = text.find('"')? + 1;
    let len = text.get(start..)?.find('"')?;
    text.get(start..start + len).map(str::to_owned)
}

/// The number of `PARAMETER["name",number]` (name matched case-insensitively; `upper` is
/// already upper case).
fn parameter(upper: &str, name: &str) -> Option<f64> {
    let key = format!("PARAMETER[\"{name}\"");
    let pos = upper.find(&key)? + key.len();
    let rest = upper.get(pos..)?;
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let end = rest.find(']')?;
    rest.get(..end)?.trim().parse().ok()
}

/// Why [`infer_from_bounds`] chose what it chose (the UI words it in German or English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InferenceReason {
    /// All coordinates fit longitude/latitude degrees.
    Degrees,
    /// Exactly one metric system's German range holds the coordinates.
    Unique,
    /// Several systems' ranges hold them (mostly UTM 32 vs 33): `best` is the usual choice
    /// in NRW, the planner may pick another candidate.
    Ambiguous,
    /// UTM eastings carry the zone number as a prefix (32xxxxxx, as in EPSG:4647); it is to
    /// be removed with [`remove_easting_offset`] before reprojection.
    ZonePrefix,
    /// No finite coordinates.
    NoCoordinates,
    /// The coordinates fit none of the supported systems in Germany.
    Unrecognised,
}

/// The outcome of guessing a coordinate system from the coordinates alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inference {
    /// The system to use unless the planner picks another.
    pub best: Option<Crs>,
    /// Every system whose plausible range holds the bounds, most likely first.
    pub candidates: Vec<Crs>,
    /// Why.
    pub reason: InferenceReason,
    /// Metres to subtract from every easting before reprojection (the zone prefix,
    /// 32,000,000 or 33,000,000); 0 otherwise.
    pub easting_offset: f64,
}

/// Plausible bounds (min x, min y, max x, max y) of Germany in each metric system, with a
/// margin of a few kilometres. Germany spans 5.87–15.04°E, 47.27–55.06°N.
/// - UTM 32N: at 47°N, 6°E lies ~227 km west of the 9° meridian (E ≈ 273 km); data for
///   all of Germany in zone 32 reaches 15°E at 54°N (E ≈ 893 km). N: 5,238–6,103 km.
/// - UTM 33N: the zone starts at 12°E (E ≈ 290 km at 51°N), but eastern states also project
///   data west of it: we allow from E = 0 to 15.1°E (~507 km). Overlaps UTM 32 in
///   250–520 km: NRW's own eastings are 280–535 km, so both must be offered.
/// - Gauß-Krüger: easting = zone × 1,000 km + 500 km ± ~260 km (data overlapping a 3° strip
///   by up to 1.5°), northings like UTM's (Bessel, k0 = 1: ~+0.1 %).
/// - Web Mercator: x = R·λ for 5.8–15.1° (645–1,681 km); y for 47.2–55.1°N (5,975–7,390 km).
const RANGES: [(Crs, [f64; 4]); 5] = [
    (Crs::Utm32, [250_000.0, 5_200_000.0, 950_000.0, 6_150_000.0]),
    (
        Crs::GaussKruger2,
        [2_240_000.0, 5_200_000.0, 2_800_000.0, 6_160_000.0],
    ),
    (
        Crs::GaussKruger3,
        [3_240_000.0, 5_200_000.0, 3_800_000.0, 6_160_000.0],
    ),
    (Crs::Utm33, [0.0, 5_200_000.0, 520_000.0, 6_150_000.0]),
    (
        Crs::WebMercator,
        [600_000.0, 5_950_000.0, 1_720_000.0, 7_420_000.0],
    ),
];

/// Guess the system from the bounds of all coordinates (see [`RANGES`] for the ranges and
/// why). Candidates are every system whose range holds the whole box; the first one (order:
/// UTM 32 — NRW's official system —, Gauß-Krüger 2 and 3, UTM 33, Web Mercator) is `best`.
pub fn infer_from_bounds(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Inference {
    let none = |reason| Inference {
        best: None,
        candidates: Vec::new(),
        reason,
        easting_offset: 0.0,
    };
    if ![min_x, min_y, max_x, max_y].iter().all(|v| v.is_finite()) || min_x > max_x || min_y > max_y
    {
        return none(InferenceReason::NoCoordinates);
    }
    if min_x >= -180.0 && max_x <= 180.0 && min_y >= -90.0 && max_y <= 90.0 {
        // Any degree pair is far below the smallest metric coordinate in Germany (E ≥ 250 km
        // or N ≥ 5,200 km), so degrees are unambiguous.
        return Inference {
            best: Some(Crs::Wgs84),
            candidates: vec![Crs::Wgs84],
            reason: InferenceReason::Degrees,
            easting_offset: 0.0,
        };
    }
    let inside = |r: &[f64; 4], dx: f64| {
        min_x - dx >= r[0] && max_x - dx <= r[2] && min_y >= r[1] && max_y <= r[3]
    };
    // Zone-prefixed UTM eastings (8 digits, 32xxxxxx / 33xxxxxx).
    for (crs, offset) in [(Crs::Utm32, 32_000_000.0), (Crs::Utm33, 33_000_000.0)] {
        if let Some((_, r)) = RANGES.iter().find(|(c, _)| *c == crs) {
            if inside(r, offset) {
                return Inference {
                    best: Some(crs),
                    candidates: vec![crs],
                    reason: InferenceReason::ZonePrefix,
                    easting_offset: offset,
                };
            }
        }
    }
    let candidates: Vec<Crs> = RANGES
        .iter()
        .filter(|(_, r)| inside(r, 0.0))
        .map(|(c, _)| *c)
        .collect();
    let reason = match candidates.len() {
        0 => InferenceReason::Unrecognised,
        1 => InferenceReason::Unique,
        _ => InferenceReason::Ambiguous,
    };
    Inference {
        best: candidates.first().copied(),
        candidates,
        reason,
        easting_offset: 0.0,
    }
}

/// The bounds (min x, min y, max x, max y) of every finite coordinate of the layer;
/// `None` when there is none.
pub fn layer_bounds(layer: &Layer) -> Option<(f64, f64, f64, f64)> {
    let mut b: Option<(f64, f64, f64, f64)> = None;
    for g in layer.features.iter().filter_map(|f| f.geometry.as_ref()) {
        for c in g.coords_iter() {
            if !(c.x.is_finite() && c.y.is_finite()) {
                continue;
            }
            b = Some(match b {
                None => (c.x, c.y, c.x, c.y),
                Some((a, b2, c2, d)) => (a.min(c.x), b2.min(c.y), c2.max(c.x), d.max(c.y)),
            });
        }
    }
    b
}

/// Infer the system of a layer from its coordinates ([`infer_from_bounds`] of
/// [`layer_bounds`]).
pub fn infer_for_layer(layer: &Layer) -> Inference {
    match layer_bounds(layer) {
        Some((a, b, c, d)) => infer_from_bounds(a, b, c, d),
        None => infer_from_bounds(f64::NAN, f64::NAN, f64::NAN, f64::NAN),
    }
}

/// Subtract a zone prefix from every easting (see [`InferenceReason::ZonePrefix`]).
pub fn remove_easting_offset(mut layer: Layer, offset: f64) -> Layer {
    if offset != 0.0 {
        for g in layer
            .features
            .iter_mut()
            .filter_map(|f| f.geometry.as_mut())
        {
            g.map_coords_in_place(|c| geo::Coord {
                x: c.x - offset,
                y: c.y,
            });
        }
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epsg_codes_round_trip() {
        for c in Crs::ALL {
            assert_eq!(Crs::from_epsg(c.epsg()), Some(c));
        }
        assert_eq!(Crs::from_epsg(4258), Some(Crs::Wgs84));
        assert_eq!(Crs::from_epsg(2056), None);
    }

    #[test]
    fn geojson_crs_names() {
        let d = detect_from_geojson_crs;
        assert_eq!(d("urn:ogc:def:crs:EPSG::25832"), Some(Crs::Utm32));
        assert_eq!(d("urn:ogc:def:crs:EPSG:6.6:31467"), Some(Crs::GaussKruger3));
        assert_eq!(d("EPSG:25833"), Some(Crs::Utm33));
        assert_eq!(
            d("http://www.opengis.net/def/crs/EPSG/0/3857"),
            Some(Crs::WebMercator)
        );
        assert_eq!(d("urn:ogc:def:crs:OGC:1.3:CRS84"), Some(Crs::Wgs84));
        assert_eq!(d("urn:ogc:def:crs:EPSG::2056"), None);
        assert_eq!(d("something"), None);
        assert_eq!(d(""), None);
    }

    const ESRI_UTM32: &str = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

    #[test]
    fn prj_by_name_authority_and_parameters() {
        assert_eq!(detect_from_prj(ESRI_UTM32), Some(Crs::Utm32));
        let gk3 = r#"PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(detect_from_prj(gk3), Some(Crs::GaussKruger3));
        // GDAL style: the PROJCS authority is the last one; the GEOGCS's 4258 must not win.
        let gdal = r#"PROJCS["ETRS89 / UTM zone 33N",GEOGCS["ETRS89",AUTHORITY["EPSG","4258"]],AUTHORITY["EPSG","25833"]]"#;
        assert_eq!(detect_from_prj(gdal), Some(Crs::Utm33));
        // Unnamed, identified by parameters only.
        let anon = r#"PROJCS["unnamed",GEOGCS["x"],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",6],PARAMETER["false_easting",2500000]]"#;
        assert_eq!(detect_from_prj(anon), Some(Crs::GaussKruger2));
        let web = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]"#;
        assert_eq!(detect_from_prj(web), Some(Crs::WebMercator));
        let geo = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]"#;
        assert_eq!(detect_from_prj(geo), Some(Crs::Wgs84));
        // Swiss LV95: not ours.
        let swiss = r#"PROJCS["CH1903+_LV95",GEOGCS["GCS_CH1903+"],PROJECTION["Hotine_Oblique_Mercator"],PARAMETER["False_Easting",2600000.0],PARAMETER["Central_Meridian",7.439583333333333]]"#;
        assert_eq!(detect_from_prj(swiss), None);
        assert_eq!(detect_from_prj(""), None);
        assert_eq!(detect_from_prj("PROJCS[\"x"), None);
    }

    #[test]
    fn bounds_inference() {
        // Dortmund in degrees.
        let i = infer_from_bounds(7.30, 51.41, 7.64, 51.60);
        assert_eq!(
            (i.best, i.reason),
            (Some(Crs::Wgs84), InferenceReason::Degrees)
        );
        // Dortmund in UTM 32: 32 and 33 overlap, 32 first.
        let i = infer_from_bounds(380_000.0, 5_700_000.0, 405_000.0, 5_720_000.0);
        assert_eq!(i.best, Some(Crs::Utm32));
        assert_eq!(i.candidates, [Crs::Utm32, Crs::Utm33]);
        assert_eq!(i.reason, InferenceReason::Ambiguous);
        // Eastern NRW (Höxter) beyond 520 km: only UTM 32.
        let i = infer_from_bounds(500_000.0, 5_700_000.0, 530_000.0, 5_740_000.0);
        assert_eq!(
            (i.candidates.as_slice(), i.reason),
            (&[Crs::Utm32][..], InferenceReason::Unique)
        );
        // Gauß-Krüger 2 and 3.
        assert_eq!(
            infer_from_bounds(2_560_000.0, 5_700_000.0, 2_600_000.0, 5_720_000.0).best,
            Some(Crs::GaussKruger2)
        );
        assert_eq!(
            infer_from_bounds(3_390_000.0, 5_710_000.0, 3_405_000.0, 5_720_000.0).best,
            Some(Crs::GaussKruger3)
        );
        // Web Mercator Dortmund: x ≈ 812–850 km, y ≈ 6,690–6,725 km (above UTM's 6,150 km).
        let i = infer_from_bounds(812_000.0, 6_690_000.0, 850_000.0, 6_725_000.0);
        assert_eq!(
            (i.best, i.reason),
            (Some(Crs::WebMercator), InferenceReason::Unique)
        );
        // Zone prefix.
        let i = infer_from_bounds(32_380_000.0, 5_700_000.0, 32_405_000.0, 5_720_000.0);
        assert_eq!(
            (i.best, i.reason, i.easting_offset),
            (Some(Crs::Utm32), InferenceReason::ZonePrefix, 32_000_000.0)
        );
        // Nonsense.
        assert_eq!(
            infer_from_bounds(1e9, 1e9, 2e9, 2e9).reason,
            InferenceReason::Unrecognised
        );
        assert_eq!(
            infer_from_bounds(f64::NAN, 0.0, 1.0, 1.0).reason,
            InferenceReason::NoCoordinates
        );
    }

    #[test]
    fn zone_prefix_is_removed_from_a_layer() {
        use crate::import::layer::ImportedFeature;
        use geo::{Geometry, Point};
        let layer = Layer {
            unclosed_rings: Vec::new(),
            source_file: "x".into(),
            fields: vec![],
            features: vec![
                ImportedFeature {
                    geometry: Some(Geometry::Point(Point::new(32_387_981.38, 5_713_875.17))),
                    properties: vec![],
                },
                ImportedFeature {
                    geometry: None,
                    properties: vec![],
                },
            ],
        };
        assert_eq!(
            layer_bounds(&layer),
            Some((32_387_981.38, 5_713_875.17, 32_387_981.38, 5_713_875.17))
        );
        let i = infer_for_layer(&layer);
        assert_eq!(i.reason, InferenceReason::ZonePrefix);
        let fixed = remove_easting_offset(layer, i.easting_offset);
        let Some(Geometry::Point(p)) = fixed.features[0].geometry else {
            panic!()
        };
        assert!((p.x() - 387_981.38).abs() < 1e-6);
        assert_eq!(infer_for_layer(&fixed).best, Some(Crs::Utm32));
    }
}
