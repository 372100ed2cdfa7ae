//! Test fixtures for the "bring your own data" import: files as a planner's GIS would export
//! them, generated from the committed Dortmund dataset so that a test can compare the
//! import against known truth.
//!
//! `tests/fixtures/import/dortmund-25832-shp.zip`: the 170 Dortmund districts
//! (`data/dortmund/boundaries.geojson`, WGS84) reprojected to ETRS89 / UTM 32N (EPSG:25832)
//! as a zipped Shapefile: `.shp`/`.shx` (Polygon, outer rings clockwise as the ESRI
//! specification requires), `.dbf` with `UNBEZNR` (the district key, as Dortmund's own data
//! names it) and `NAME` in Windows-1252 (umlauts as ArcGIS writes them), a `.cpg` saying
//! 1252, and the ESRI WKT `.prj`. Stored (not deflated) entries and fixed dates keep the
//! file byte-for-byte reproducible.

use atlas_core::import::crs::Crs;
use atlas_core::import::encoding::encode_windows_1252;
use atlas_core::import::geojson::read_geojson;
use atlas_core::import::reproject::point_from_wgs84;
use atlas_core::import::zipwrite::zip_stored;
use atlas_core::import::PropValue;
use geo::{Coord, Geometry};
use std::path::Path;

/// ESRI's WKT for EPSG:25832 (what ArcGIS and QGIS write into a `.prj`).
pub const PRJ_UTM32: &str = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// Write every import fixture under `root/tests/fixtures/import/`.
pub fn write_import_fixtures(root: &Path) -> Result<(), String> {
    let source = root.join("data/dortmund/boundaries.geojson");
    let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
    let (layer, _) = read_geojson("boundaries.geojson", &bytes).map_err(|e| e.to_string())?;
    let field = |name: &str| {
        layer
            .fields
            .iter()
            .position(|f| f == name)
            .ok_or_else(|| format!("boundaries.geojson has no property `{name}`"))
    };
    let (key_i, name_i) = (field("key")?, field("name")?);
    let mut polygons = Vec::new();
    let mut rows = Vec::new();
    for (n, f) in layer.features.iter().enumerate() {
        let text = |i: usize| match f.properties.get(i) {
            Some(PropValue::Text(t)) => Ok(t.clone()),
            Some(PropValue::Number(v)) => Ok(v.to_string()),
            _ => Err(format!("feature {}: property {i} missing", n + 1)),
        };
        let rings: Vec<(Vec<Coord<f64>>, bool)> = match &f.geometry {
            Some(Geometry::Polygon(p)) => polygon_rings(p),
            Some(Geometry::MultiPolygon(mp)) => mp.0.iter().flat_map(polygon_rings).collect(),
            _ => return Err(format!("feature {}: not a polygon", n + 1)),
        };
        let projected = rings
            .into_iter()
            .map(|(ring, outer)| {
                let mut r: Vec<Coord<f64>> = ring
                    .iter()
                    .map(|c| {
                        let (x, y) = point_from_wgs84(Crs::Utm32, c.x, c.y);
                        Coord { x, y }
                    })
                    .collect();
                // Shapefile: outer rings clockwise (negative shoelace area), holes
                // counter-clockwise — the opposite of RFC 7946.
                if (signed_area2(&r) < 0.0) != outer {
                    r.reverse();
                }
                r
            })
            .collect::<Vec<_>>();
        polygons.push(projected);
        rows.push((text(key_i)?, text(name_i)?));
    }
    let (shp, shx) = write_shp_shx(&polygons);
    let dbf = write_dbf(&rows)?;
    let zip = zip_stored(&[
        ("dortmund-25832.shp", &shp),
        ("dortmund-25832.shx", &shx),
        ("dortmund-25832.dbf", &dbf),
        ("dortmund-25832.prj", PRJ_UTM32.as_bytes()),
        ("dortmund-25832.cpg", b"1252"),
    ])
    .ok_or("the archive would exceed 4 GiB")?;
    let dir = root.join("tests/fixtures/import");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let out = dir.join("dortmund-25832-shp.zip");
    std::fs::write(&out, zip).map_err(|e| format!("{}: {e}", out.display()))
}

/// A polygon's rings with "is outer" flags.
fn polygon_rings(p: &geo::Polygon<f64>) -> Vec<(Vec<Coord<f64>>, bool)> {
    std::iter::once((p.exterior().0.clone(), true))
        .chain(p.interiors().iter().map(|r| (r.0.clone(), false)))
        .collect()
}

/// Twice the signed area (shoelace; positive counter-clockwise).
fn signed_area2(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// The 100-byte main file header shared by `.shp` and `.shx` (ESRI technical description,
/// table 1): file code 9994 and length in 16-bit words big endian, version 1000 and shape
/// type 5 (Polygon) little endian, then the bounding box.
fn header(file_bytes: usize, bbox: [f64; 4]) -> Vec<u8> {
    let mut h = Vec::with_capacity(100);
    h.extend_from_slice(&9994i32.to_be_bytes());
    h.extend_from_slice(&[0; 20]);
    h.extend_from_slice(&((file_bytes / 2) as i32).to_be_bytes());
    h.extend_from_slice(&1000i32.to_le_bytes());
    h.extend_from_slice(&5i32.to_le_bytes());
    for v in bbox {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&[0; 32]); // Z and M ranges, unused
    h
}

fn bbox<'a>(coords: impl Iterator<Item = &'a Coord<f64>>) -> [f64; 4] {
    coords.fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, c| [b[0].min(c.x), b[1].min(c.y), b[2].max(c.x), b[3].max(c.y)],
    )
}

/// `.shp` (one Polygon record per feature, all its rings as parts) and its `.shx` index.
fn write_shp_shx(features: &[Vec<Vec<Coord<f64>>>]) -> (Vec<u8>, Vec<u8>) {
    let mut records = Vec::new();
    let mut index = Vec::new();
    let mut offset = 100usize;
    for (i, rings) in features.iter().enumerate() {
        let mut c = Vec::new();
        c.extend_from_slice(&5i32.to_le_bytes());
        for v in bbox(rings.iter().flatten()) {
            c.extend_from_slice(&v.to_le_bytes());
        }
        let points: usize = rings.iter().map(Vec::len).sum();
        c.extend_from_slice(&(rings.len() as i32).to_le_bytes());
        c.extend_from_slice(&(points as i32).to_le_bytes());
        let mut start = 0;
        for r in rings {
            c.extend_from_slice(&(start as i32).to_le_bytes());
            start += r.len();
        }
        for p in rings.iter().flatten() {
            c.extend_from_slice(&p.x.to_le_bytes());
            c.extend_from_slice(&p.y.to_le_bytes());
        }
        records.extend_from_slice(&(i as i32 + 1).to_be_bytes());
        records.extend_from_slice(&((c.len() / 2) as i32).to_be_bytes());
        records.extend_from_slice(&c);
        index.extend_from_slice(&((offset / 2) as i32).to_be_bytes());
        index.extend_from_slice(&((c.len() / 2) as i32).to_be_bytes());
        offset += 8 + c.len();
    }
    let b = bbox(features.iter().flatten().flatten());
    let mut shp = header(100 + records.len(), b);
    shp.extend_from_slice(&records);
    let mut shx = header(100 + index.len(), b);
    shx.extend_from_slice(&index);
    (shp, shx)
}

/// A dBASE III table with `UNBEZNR` C(3) and `NAME` C(60), text in Windows-1252, language
/// driver 0x57 (ANSI), date fixed at 2024-01-01.
fn write_dbf(rows: &[(String, String)]) -> Result<Vec<u8>, String> {
    const FIELDS: [(&str, usize); 2] = [("UNBEZNR", 3), ("NAME", 60)];
    let header_len = 32 + 32 * FIELDS.len() + 1;
    let record_len = 1 + FIELDS.iter().map(|f| f.1).sum::<usize>();
    let mut out = vec![0u8; 32];
    out[0] = 0x03;
    out[1..4].copy_from_slice(&[124, 1, 1]);
    out[4..8].copy_from_slice(&(rows.len() as u32).to_le_bytes());
    out[8..10].copy_from_slice(&(header_len as u16).to_le_bytes());
    out[10..12].copy_from_slice(&(record_len as u16).to_le_bytes());
    out[29] = 0x57;
    for (name, len) in FIELDS {
        let mut d = [0u8; 32];
        d[..name.len()].copy_from_slice(name.as_bytes());
        d[11] = b'C';
        d[16] = len as u8;
        out.extend_from_slice(&d);
    }
    out.push(0x0D);
    for (key, name) in rows {
        out.push(b' ');
        for (value, (field, len)) in [key, name].into_iter().zip(FIELDS) {
            let mut cell = encode_windows_1252(value);
            if cell.len() > len {
                return Err(format!("{field} `{value}` is longer than {len} bytes"));
            }
            cell.resize(len, b' ');
            out.extend_from_slice(&cell);
        }
    }
    out.push(0x1A);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dbf_layout_and_encoding() {
        let dbf = write_dbf(&[("054".into(), "Hörde".into())]).unwrap();
        // Header 32 + 2 descriptors + terminator, one record of 1 + 3 + 60, end marker.
        assert_eq!(dbf.len(), 32 + 64 + 1 + 64 + 1);
        assert_eq!(&dbf[97..101], b" 054");
        assert_eq!(&dbf[101..106], b"H\xF6rde");
        assert_eq!(*dbf.last().unwrap(), 0x1A);
    }

    #[test]
    fn shp_and_shx_agree() {
        let square = vec![
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 0.0, y: 1.0 },
            Coord { x: 1.0, y: 1.0 },
            Coord { x: 0.0, y: 0.0 },
        ];
        let (shp, shx) = write_shp_shx(&[vec![square.clone()], vec![square]]);
        // Record: 8 header + 4 type + 32 box + 8 counts + 4 part + 4 × 16 points = 120.
        assert_eq!(shp.len(), 100 + 2 * 120);
        assert_eq!(shx.len(), 100 + 2 * 8);
        // The second index entry points at byte 220 (110 words).
        assert_eq!(&shx[108..112], &110i32.to_be_bytes());
        assert_eq!(&shp[24..28], &170i32.to_be_bytes());
    }
}
