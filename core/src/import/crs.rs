//! Coordinate reference systems a German planner's file may use, and how to recognise them:
//! from a Shapefile's `.prj` (WKT), from GeoJSON's legacy `crs` member, or — when the file
//! says nothing — from the numbers themselves ([`infer_from_bounds`]).
//!
//! Only the six systems that German municipal GIS actually export are supported. A full CRS
//! database (thousands of proj strings) would cost hundreds of kB in the import worker for
//! systems no NRW town uses; an unknown system is reported and the planner can pick one.

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
}
