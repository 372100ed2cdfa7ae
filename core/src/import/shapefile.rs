//! Shapefile reader: `.shp` geometry, `.dbf` attributes, `.prj` coordinate system, `.cpg`
//! encoding — loose parts, or a ZIP holding them (feature `import`).
//!
//! Why hand-written and not the `shapefile`/`dbase` crates: those read through
//! `Read + Seek` (fine with a `Cursor`) but decode text with their own encoding features
//! (`encoding_rs` for anything but UTF-8: hundreds of kB in wasm), hand polygons out as flat
//! rings without grouping holes, and trust record headers for allocation. The format is
//! small (ESRI Shapefile Technical Description, July 1998; dBASE III+ table) and this reader
//! is one function per part, bounded by the bytes it is given, and fuzzed.
//!
//! The `.shx` index is not needed: records are read in order from the `.shp`. When given, its
//! record count is compared with the `.shp`'s and a mismatch is reported.

use super::crs::{detect_from_prj, Crs};
use super::encoding::decode_windows_1252;
use super::layer::{ImportError, ImportedFeature, Layer, PropValue};
use geo::{Coord, Geometry, LineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::{Deserialize, Serialize};

/// The geometry type a `.shp` declares in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShapeType {
    /// 0: no geometry.
    Null,
    /// 1.
    Point,
    /// 3: lines (not supported by the atlas).
    PolyLine,
    /// 5: areas.
    Polygon,
    /// 8.
    MultiPoint,
    /// 11: point with height.
    PointZ,
    /// 13.
    PolyLineZ,
    /// 15: polygon with heights (read as a polygon).
    PolygonZ,
    /// 18.
    MultiPointZ,
    /// 21: point with measure.
    PointM,
    /// 23.
    PolyLineM,
    /// 25: polygon with measures (read as a polygon).
    PolygonM,
    /// 28.
    MultiPointM,
    /// 31: 3D surfaces (not supported).
    MultiPatch,
    /// A code the specification does not define.
    Unknown(i32),
}

impl ShapeType {
    /// The type for a header code (spec table 1).
    pub fn from_code(code: i32) -> ShapeType {
        match code {
            0 => ShapeType::Null,
            1 => ShapeType::Point,
            3 => ShapeType::PolyLine,
            5 => ShapeType::Polygon,
            8 => ShapeType::MultiPoint,
            11 => ShapeType::PointZ,
            13 => ShapeType::PolyLineZ,
            15 => ShapeType::PolygonZ,
            18 => ShapeType::MultiPointZ,
            21 => ShapeType::PointM,
            23 => ShapeType::PolyLineM,
            25 => ShapeType::PolygonM,
            28 => ShapeType::MultiPointM,
            31 => ShapeType::MultiPatch,
            c => ShapeType::Unknown(c),
        }
    }

    /// Polygon, PolygonZ or PolygonM.
    pub fn is_polygon(self) -> bool {
        matches!(
            self,
            ShapeType::Polygon | ShapeType::PolygonZ | ShapeType::PolygonM
        )
    }

    /// Any point or multipoint type.
    pub fn is_point(self) -> bool {
        matches!(
            self,
            ShapeType::Point
                | ShapeType::PointZ
                | ShapeType::PointM
                | ShapeType::MultiPoint
                | ShapeType::MultiPointZ
                | ShapeType::MultiPointM
        )
    }
}

/// How the `.dbf` text was decoded, and what told us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DbfEncoding {
    /// UTF-8 (named by the `.cpg`, or the bytes were valid UTF-8).
    Utf8,
    /// Windows-1252 / ISO-8859-1.
    Windows1252,
}

/// Where the encoding decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// The `.cpg` file.
    Cpg,
    /// The dBASE language driver byte (offset 29).
    LanguageDriver,
    /// Neither said: valid UTF-8 was taken as UTF-8, anything else as Windows-1252.
    Detected,
}

/// One Shapefile found (in a ZIP, all of them are listed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapefileInfo {
    /// Path of the `.shp` (in the archive), e.g. `daten/bezirke.shp`.
    pub name: String,
    /// The type its header declares (`None` when the header could not be read).
    pub shape_type: Option<ShapeType>,
}

/// What the Shapefile reader found, for the import dialogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapefileReport {
    /// The `.shp` that was read.
    pub chosen: String,
    /// Every `.shp` found (one for loose parts).
    pub shapefiles: Vec<ShapefileInfo>,
    /// The chosen file's shape type.
    pub shape_type: ShapeType,
    /// How the `.dbf` text was decoded.
    pub encoding: DbfEncoding,
    /// What decided the encoding.
    pub encoding_source: EncodingSource,
    /// Records in the `.shp`.
    pub records: usize,
    /// Records the `.shx` lists, when a `.shx` was given and readable.
    pub shx_records: Option<usize>,
    /// The `.prj` was present but named no system we know.
    pub prj_unrecognised: bool,
}

/// A little-endian/big-endian cursor over a byte slice that never panics.
struct Bytes<'a> {
    b: &'a [u8],
}

impl Bytes<'_> {
    fn i32_be(&self, at: usize) -> Option<i32> {
        Some(i32::from_be_bytes(
            self.b.get(at..at.checked_add(4)?)?.try_into().ok()?,
        ))
    }
    fn i32_le(&self, at: usize) -> Option<i32> {
        Some(i32::from_le_bytes(
            self.b.get(at..at.checked_add(4)?)?.try_into().ok()?,
        ))
    }
    fn f64_le(&self, at: usize) -> Option<f64> {
        Some(f64::from_le_bytes(
            self.b.get(at..at.checked_add(8)?)?.try_into().ok()?,
        ))
    }
    fn coord(&self, at: usize) -> Option<Coord<f64>> {
        Some(Coord {
            x: self.f64_le(at)?,
            y: self.f64_le(at.checked_add(8)?)?,
        })
    }
}

/// Read the shape type from a `.shp` (or `.shx`) header: file code 9994 (big endian) at 0,
/// shape type (little endian) at 32.
pub fn shp_header_type(shp: &[u8]) -> Option<ShapeType> {
    let b = Bytes { b: shp };
    (b.i32_be(0)? == 9994).then_some(())?;
    Some(ShapeType::from_code(b.i32_le(32)?))
}

/// Read a Shapefile from its loose parts. `file_name` names the `.shp` in messages.
///
/// The `.dbf` is required: without attributes a boundary file cannot be joined to a table,
/// so its absence is [`ImportError::MissingPart`]. The coordinate system comes from the
/// `.prj` (`None` if absent or unknown: infer it with [`super::crs::infer_for_layer`]).
pub fn read_shapefile_parts(
    file_name: &str,
    shp: &[u8],
    shx: Option<&[u8]>,
    dbf: Option<&[u8]>,
    prj: Option<&str>,
    cpg: Option<&str>,
) -> Result<(Layer, Option<Crs>, ShapefileReport), ImportError> {
    let part = |ext: &str| replace_extension(file_name, ext);
    let shp_err = |message: String| ImportError::Shapefile {
        file: file_name.into(),
        part: part("shp"),
        message,
    };
    if shp.is_empty() {
        return Err(ImportError::Empty { file: part("shp") });
    }
    let shape_type =
        shp_header_type(shp).ok_or_else(|| shp_err("not a Shapefile (bad header)".into()))?;
    let Some(dbf) = dbf else {
        return Err(ImportError::MissingPart {
            file: file_name.into(),
            part: "dbf".into(),
        });
    };
    let geometries = read_shp(shp).map_err(shp_err)?;
    let (encoding, encoding_source) = dbf_encoding(dbf, cpg);
    let (fields, rows) = read_dbf(dbf, encoding).map_err(|message| ImportError::Shapefile {
        file: file_name.into(),
        part: part("dbf"),
        message,
    })?;
    if rows.len() != geometries.len() {
        return Err(ImportError::Shapefile {
            file: file_name.into(),
            part: part("dbf"),
            message: format!(
                "{} records in the .dbf, {} shapes in the .shp",
                rows.len(),
                geometries.len()
            ),
        });
    }
    if geometries.is_empty() {
        return Err(ImportError::NoFeatures {
            file: file_name.into(),
        });
    }
    let shx_records = shx.and_then(|s| {
        // The .shx is a 100-byte header and 8 bytes per record.
        (shp_header_type(s).is_some() && s.len() >= 100).then(|| (s.len() - 100) / 8)
    });
    let crs = prj.and_then(detect_from_prj);
    let report = ShapefileReport {
        chosen: file_name.into(),
        shapefiles: vec![ShapefileInfo {
            name: file_name.into(),
            shape_type: Some(shape_type),
        }],
        shape_type,
        encoding,
        encoding_source,
        records: geometries.len(),
        shx_records,
        prj_unrecognised: prj.is_some() && crs.is_none(),
    };
    let features = geometries
        .into_iter()
        .zip(rows)
        .map(|(geometry, properties)| ImportedFeature {
            geometry,
            properties,
        })
        .collect();
    Ok((
        Layer {
            unclosed_rings: Vec::new(),
            source_file: file_name.into(),
            fields,
            features,
        },
        crs,
        report,
    ))
}

fn replace_extension(name: &str, ext: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(dot) => format!("{}.{ext}", &name[..name.len() - base.len() + dot]),
        None => format!("{name}.{ext}"),
    }
}

/// All records of a `.shp`: `None` for Null shapes. Lines and multipatches are refused
/// (the atlas shows areas and points).
fn read_shp(shp: &[u8]) -> Result<Vec<Option<Geometry<f64>>>, String> {
    let b = Bytes { b: shp };
    let mut out = Vec::new();
    let mut at = 100usize;
    let mut number = 0usize;
    while at < shp.len() {
        number += 1;
        // Record header: number and content length in 16-bit words, both big endian.
        let words = b
            .i32_be(at + 4)
            .ok_or_else(|| format!("record {number}: truncated header"))?;
        let len = usize::try_from(words)
            .ok()
            .and_then(|w| w.checked_mul(2))
            .ok_or_else(|| format!("record {number}: negative length"))?;
        let start = at + 8;
        let content = shp
            .get(start..start.saturating_add(len))
            .ok_or_else(|| format!("record {number}: truncated (declares {len} bytes)"))?;
        out.push(read_record(content).map_err(|m| format!("record {number}: {m}"))?);
        at = start + len;
    }
    Ok(out)
}

fn read_record(content: &[u8]) -> Result<Option<Geometry<f64>>, String> {
    let b = Bytes { b: content };
    let Some(code) = b.i32_le(0) else {
        return Err("empty record".into());
    };
    let short = || "shorter than its shape type needs".to_string();
    match ShapeType::from_code(code) {
        ShapeType::Null => Ok(None),
        ShapeType::Point | ShapeType::PointZ | ShapeType::PointM => {
            Ok(Some(Geometry::Point(Point(b.coord(4).ok_or_else(short)?))))
        }
        ShapeType::MultiPoint | ShapeType::MultiPointZ | ShapeType::MultiPointM => {
            // Box (32 bytes), number of points, points.
            let n = count(b.i32_le(36), content.len(), 40, 16).ok_or_else(short)?;
            let points = (0..n)
                .map(|i| b.coord(40 + 16 * i).map(Point).ok_or_else(short))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(Geometry::MultiPoint(MultiPoint(points))))
        }
        ShapeType::Polygon | ShapeType::PolygonZ | ShapeType::PolygonM => {
            // Box (32), parts count, points count, part start indices, points.
            let parts = count(b.i32_le(36), content.len(), 44, 4).ok_or_else(short)?;
            let points_at = 44 + 4 * parts;
            let points = count(b.i32_le(40), content.len(), points_at, 16).ok_or_else(short)?;
            let mut starts = Vec::with_capacity(parts);
            for i in 0..parts {
                let s = b
                    .i32_le(44 + 4 * i)
                    .and_then(|s| usize::try_from(s).ok())
                    .filter(|&s| s <= points)
                    .ok_or("a part index points outside the record")?;
                if starts.last().is_some_and(|&prev| s < prev) {
                    return Err("part indices are not ascending".into());
                }
                starts.push(s);
            }
            let mut rings = Vec::with_capacity(parts);
            for (i, &s) in starts.iter().enumerate() {
                let e = starts.get(i + 1).copied().unwrap_or(points);
                let ring = (s..e)
                    .map(|k| b.coord(points_at + 16 * k).ok_or_else(short))
                    .collect::<Result<Vec<_>, _>>()?;
                rings.push(ring);
            }
            Ok(Some(Geometry::MultiPolygon(group_rings(rings))))
        }
        other => Err(format!(
            "shape type {other:?} is not supported (only Polygon and Point types)"
        )),
    }
}

/// A count read from a record, checked against the bytes that must hold it: `count` items
/// of `size` bytes from offset `from` must fit in `len`. Guards allocation against a
/// header that claims two billion points.
fn count(n: Option<i32>, len: usize, from: usize, size: usize) -> Option<usize> {
    let n = usize::try_from(n?).ok()?;
    let need = n.checked_mul(size)?.checked_add(from)?;
    (need <= len).then_some(n)
}

/// Twice the signed area of a ring (shoelace): positive counter-clockwise (x right, y up).
pub(crate) fn signed_area2(ring: &[Coord<f64>]) -> f64 {
    let mut s = 0.0;
    for w in ring.windows(2) {
        s += w[0].x * w[1].y - w[1].x * w[0].y;
    }
    if let (Some(first), Some(last)) = (ring.first(), ring.last()) {
        s += last.x * first.y - first.x * last.y;
    }
    s
}

/// Is `p` inside the ring (even-odd ray casting)?
pub(crate) fn point_in_ring(p: Coord<f64>, ring: &[Coord<f64>]) -> bool {
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let a = ring[i];
        let b = ring[(i + n - 1) % n];
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
    }
    inside
}

/// Group a record's rings into polygons. The specification: outer rings clockwise, holes
/// counter-clockwise, a hole inside its outer ring. Each hole goes to the smallest outer
/// ring containing its first vertex; a hole inside no outer ring becomes a polygon of its
/// own (validation re-orients it). Files written with all rings counter-clockwise (some
/// tools ignore the rule) are grouped by nesting instead: a ring inside an odd number of
/// others is a hole.
fn group_rings(rings: Vec<Vec<Coord<f64>>>) -> MultiPolygon<f64> {
    let rings: Vec<Vec<Coord<f64>>> = rings.into_iter().filter(|r| !r.is_empty()).collect();
    let areas: Vec<f64> = rings.iter().map(|r| signed_area2(r)).collect();
    let any_clockwise = areas.iter().any(|&a| a < 0.0);
    // Containment tests cost rings × vertices; a record of thousands of tiny rings (no
    // real district has that) would cost billions. Past this many rings every ring is an
    // outer ring of its own — still a correct reading of a file without holes.
    const MAX_GROUPED_RINGS: usize = 1_000;
    if rings.len() > MAX_GROUPED_RINGS {
        return MultiPolygon(
            rings
                .into_iter()
                .map(|r| Polygon::new(LineString(r), Vec::new()))
                .collect(),
        );
    }
    let is_outer: Vec<bool> = if any_clockwise {
        areas.iter().map(|&a| a <= 0.0).collect()
    } else {
        // Nesting depth by containment of the first vertex: O(rings²), fine for the few
        // rings of one record.
        (0..rings.len())
            .map(|i| {
                let depth = (0..rings.len())
                    .filter(|&j| j != i && point_in_ring(rings[i][0], &rings[j]))
                    .count();
                depth % 2 == 0
            })
            .collect()
    };
    let mut polygons: Vec<(usize, Vec<LineString<f64>>)> = Vec::new();
    let mut holes = Vec::new();
    for (i, &outer) in is_outer.iter().enumerate() {
        if outer {
            polygons.push((i, Vec::new()));
        } else {
            holes.push(i);
        }
    }
    for h in holes {
        let p = rings[h][0];
        let container = polygons
            .iter_mut()
            .filter(|(o, _)| point_in_ring(p, &rings[*o]))
            .min_by(|a, b| areas[a.0].abs().total_cmp(&areas[b.0].abs()));
        match container {
            Some((_, inner)) => inner.push(LineString(rings[h].clone())),
            None => polygons.push((h, Vec::new())),
        }
    }
    polygons.sort_by_key(|(o, _)| *o);
    MultiPolygon(
        polygons
            .into_iter()
            .map(|(o, inner)| Polygon::new(LineString(rings[o].clone()), inner))
            .collect(),
    )
}

/// Decide the `.dbf` encoding: the `.cpg` if it names one we know; else the language driver
/// byte (0x57 "ANSI", 0x03 "Windows ANSI", 0x58/0x59 Western European — all code page 1252);
/// else UTF-8 if the whole record area is valid UTF-8, Windows-1252 otherwise.
pub fn dbf_encoding(dbf: &[u8], cpg: Option<&str>) -> (DbfEncoding, EncodingSource) {
    if let Some(cpg) = cpg {
        let c: String = cpg
            .trim()
            .to_ascii_uppercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match c.as_str() {
            "UTF8" | "65001" => return (DbfEncoding::Utf8, EncodingSource::Cpg),
            "1252" | "CP1252" | "WINDOWS1252" | "ANSI1252" | "ISO88591" | "88591" | "LATIN1"
            | "ISO885915" | "LATIN9" => return (DbfEncoding::Windows1252, EncodingSource::Cpg),
            _ => {}
        }
    }
    match dbf.get(29) {
        Some(0x57 | 0x03 | 0x58 | 0x59) => {
            (DbfEncoding::Windows1252, EncodingSource::LanguageDriver)
        }
        _ => {
            let body = dbf.get(32..).unwrap_or(&[]);
            if std::str::from_utf8(body).is_ok() {
                (DbfEncoding::Utf8, EncodingSource::Detected)
            } else {
                (DbfEncoding::Windows1252, EncodingSource::Detected)
            }
        }
    }
}

fn decode(bytes: &[u8], encoding: DbfEncoding) -> String {
    match encoding {
        // A field cut in the middle of a multi-byte character (dBASE counts bytes) loses
        // only that character.
        DbfEncoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        DbfEncoding::Windows1252 => decode_windows_1252(bytes),
    }
}

/// One `.dbf` field descriptor.
struct DbfField {
    name: String,
    kind: u8,
    len: usize,
}

/// Read a dBASE III+ table: field names and per record the values (numeric types `N`, `F`,
/// `I` as numbers; blanks and `*` overflow marks as Null; everything else as text).
fn read_dbf(
    dbf: &[u8],
    encoding: DbfEncoding,
) -> Result<(Vec<String>, Vec<Vec<PropValue>>), String> {
    if dbf.len() < 32 {
        return Err("not a dBASE table (shorter than its header)".into());
    }
    let records = u32::from_le_bytes([dbf[4], dbf[5], dbf[6], dbf[7]]) as usize;
    let header_len = u16::from_le_bytes([dbf[8], dbf[9]]) as usize;
    let record_len = u16::from_le_bytes([dbf[10], dbf[11]]) as usize;
    let mut fields = Vec::new();
    let mut at = 32;
    // Descriptors are 32 bytes each, ended by 0x0D, within the declared header.
    while at < header_len.min(dbf.len()) && dbf[at] != 0x0D {
        let d = dbf.get(at..at + 32).ok_or("truncated field descriptors")?;
        let name_end = d[..11].iter().position(|&c| c == 0).unwrap_or(11);
        fields.push(DbfField {
            name: decode(&d[..name_end], encoding).trim().to_owned(),
            kind: d[11].to_ascii_uppercase(),
            len: d[16] as usize,
        });
        // A zero-width field would let a header multiply records × fields without the
        // bytes to back them (2,000 empty fields × a million 1-byte records).
        if d[16] == 0 {
            return Err(format!("field {} has width 0", fields.len()));
        }
        at += 32;
    }
    // The deletion flag takes one byte of each record.
    let needed: usize = 1 + fields.iter().map(|f| f.len).sum::<usize>();
    if fields.is_empty() || record_len < needed {
        return Err(format!(
            "the record length ({record_len}) does not hold the {} fields",
            fields.len()
        ));
    }
    // Bound by the data actually present: a header claiming 4 billion records must not
    // allocate, and a cut-off file is an error rather than half a table.
    let available = dbf.len().saturating_sub(header_len) / record_len;
    if available < records {
        return Err(format!(
            "truncated: {records} records declared, {available} present"
        ));
    }
    let mut rows = Vec::with_capacity(records);
    for r in 0..records {
        let start = header_len + r * record_len;
        let rec = dbf
            .get(start..start + record_len)
            .ok_or("truncated record")?;
        let mut pos = 1;
        let mut row = Vec::with_capacity(fields.len());
        for f in &fields {
            let raw = rec.get(pos..pos + f.len).unwrap_or(&[]);
            pos += f.len;
            row.push(value(raw, f, encoding));
        }
        rows.push(row);
    }
    let names = unique_names(fields.into_iter().map(|f| f.name).collect());
    Ok((names, rows))
}

fn value(raw: &[u8], field: &DbfField, encoding: DbfEncoding) -> PropValue {
    match field.kind {
        b'N' | b'F' => {
            let text = String::from_utf8_lossy(raw);
            let t = text.trim();
            // Blank or overflow (`*****`): no value. Some writers use a decimal comma.
            if t.is_empty() || t.starts_with('*') {
                return PropValue::Null;
            }
            match t.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() => PropValue::Number(v),
                _ => PropValue::Text(t.to_owned()),
            }
        }
        // Visual FoxPro 4-byte little-endian integer.
        b'I' if raw.len() == 4 => PropValue::Number(f64::from(i32::from_le_bytes([
            raw[0], raw[1], raw[2], raw[3],
        ]))),
        _ => {
            let t = decode(raw, encoding);
            let t = t.trim_end_matches([' ', '\0']).trim_start();
            if t.is_empty() {
                PropValue::Null
            } else {
                PropValue::Text(t.to_owned())
            }
        }
    }
}

/// dBASE names are at most 10 characters, so two long GIS names can collide after
/// truncation; the second becomes `NAME_2` so that no column is lost.
fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, n) in names.into_iter().enumerate() {
        let base = if n.is_empty() {
            format!("field_{}", i + 1)
        } else {
            n
        };
        let mut name = base.clone();
        let mut k = 2;
        while out.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}

/// Read a zipped Shapefile. With several `.shp` in the archive, the first polygon layer is
/// read (else the first point layer); the report lists all and names the chosen one. Parts
/// are matched to the `.shp` by path without extension, case-insensitively.
#[cfg(feature = "import")]
pub fn read_zipped_shapefile(
    file_name: &str,
    bytes: &[u8],
) -> Result<(Layer, Option<Crs>, ShapefileReport), ImportError> {
    let archive = super::zip::read_zip(file_name, bytes)?;
    let stem_of = |name: &str, ext: &str| -> Option<String> {
        let lower = name.to_lowercase();
        lower.strip_suffix(&format!(".{ext}")).map(str::to_owned)
    };
    let shps: Vec<&super::zip::ZipEntry> = archive
        .entries
        .iter()
        .filter(|e| !e.is_noise() && stem_of(&e.name, "shp").is_some())
        .collect();
    if shps.is_empty() {
        return Err(ImportError::NoShapefile {
            file: file_name.into(),
        });
    }
    let mut infos = Vec::new();
    for e in &shps {
        let head = archive.read_prefix(e, 100).ok();
        infos.push(ShapefileInfo {
            name: e.name.clone(),
            shape_type: head.as_deref().and_then(shp_header_type),
        });
    }
    let pick = infos
        .iter()
        .position(|i| i.shape_type.is_some_and(ShapeType::is_polygon))
        .or_else(|| {
            infos
                .iter()
                .position(|i| i.shape_type.is_some_and(ShapeType::is_point))
        })
        .unwrap_or(0);
    let chosen = shps.get(pick).copied().ok_or(ImportError::NoShapefile {
        file: file_name.into(),
    })?;
    let stem = stem_of(&chosen.name, "shp").unwrap_or_default();
    let part = |ext: &str| {
        archive
            .entries
            .iter()
            .find(|e| !e.is_noise() && stem_of(&e.name, ext).as_deref() == Some(stem.as_str()))
    };
    let text = |ext: &str| -> Result<Option<String>, ImportError> {
        Ok(match part(ext) {
            Some(e) => Some(String::from_utf8_lossy(&archive.read_entry(e)?).into_owned()),
            None => None,
        })
    };
    let shp = archive.read_entry(chosen)?;
    let shx = part("shx").map(|e| archive.read_entry(e)).transpose()?;
    let dbf = part("dbf").map(|e| archive.read_entry(e)).transpose()?;
    let prj = text("prj")?;
    let cpg = text("cpg")?;
    let named = format!("{file_name}/{}", chosen.name);
    let (layer, crs, mut report) = read_shapefile_parts(
        &named,
        &shp,
        shx.as_deref(),
        dbf.as_deref(),
        prj.as_deref(),
        cpg.as_deref(),
    )
    .map_err(|e| match e {
        // The planner dropped the ZIP: name it as the file, the part by its path inside.
        ImportError::Shapefile { part, message, .. } => ImportError::Shapefile {
            file: file_name.into(),
            part,
            message,
        },
        other => other,
    })?;
    report.chosen = chosen.name.clone();
    report.shapefiles = infos;
    Ok((layer, crs, report))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `.shp` with the given records (shape type of the header from the first record).
    pub(crate) fn shp_file(shape_type: i32, records: &[Vec<u8>]) -> Vec<u8> {
        let mut out = vec![0u8; 100];
        out[0..4].copy_from_slice(&9994i32.to_be_bytes());
        out[28..32].copy_from_slice(&1000i32.to_le_bytes());
        out[32..36].copy_from_slice(&shape_type.to_le_bytes());
        for (i, r) in records.iter().enumerate() {
            out.extend_from_slice(&(i as i32 + 1).to_be_bytes());
            out.extend_from_slice(&((r.len() / 2) as i32).to_be_bytes());
            out.extend_from_slice(r);
        }
        let words = (out.len() / 2) as i32;
        out[24..28].copy_from_slice(&words.to_be_bytes());
        out
    }

    pub(crate) fn polygon_record(rings: &[&[(f64, f64)]]) -> Vec<u8> {
        let mut r = 5i32.to_le_bytes().to_vec();
        r.extend_from_slice(&[0u8; 32]);
        let n: usize = rings.iter().map(|x| x.len()).sum();
        r.extend_from_slice(&(rings.len() as i32).to_le_bytes());
        r.extend_from_slice(&(n as i32).to_le_bytes());
        let mut start = 0;
        for ring in rings {
            r.extend_from_slice(&(start as i32).to_le_bytes());
            start += ring.len();
        }
        for ring in rings {
            for (x, y) in *ring {
                r.extend_from_slice(&x.to_le_bytes());
                r.extend_from_slice(&y.to_le_bytes());
            }
        }
        r
    }

    /// A `.dbf` with character fields of the given widths (values already encoded).
    pub(crate) fn dbf_file(fields: &[(&str, u8, u8)], rows: &[Vec<Vec<u8>>], ldid: u8) -> Vec<u8> {
        let header_len = 32 + 32 * fields.len() + 1;
        let record_len = 1 + fields.iter().map(|f| f.2 as usize).sum::<usize>();
        let mut out = vec![0u8; 32];
        out[0] = 3;
        out[4..8].copy_from_slice(&(rows.len() as u32).to_le_bytes());
        out[8..10].copy_from_slice(&(header_len as u16).to_le_bytes());
        out[10..12].copy_from_slice(&(record_len as u16).to_le_bytes());
        out[29] = ldid;
        for (name, kind, len) in fields {
            let mut d = [0u8; 32];
            d[..name.len()].copy_from_slice(name.as_bytes());
            d[11] = *kind;
            d[16] = *len;
            out.extend_from_slice(&d);
        }
        out.push(0x0D);
        for row in rows {
            out.push(b' ');
            for (v, f) in row.iter().zip(fields) {
                let mut cell = v.clone();
                cell.resize(f.2 as usize, b' ');
                out.extend_from_slice(&cell);
            }
        }
        out.push(0x1A);
        out
    }

    const SQUARE_CW: &[(f64, f64)] = &[
        (0.0, 0.0),
        (0.0, 10.0),
        (10.0, 10.0),
        (10.0, 0.0),
        (0.0, 0.0),
    ];
    const HOLE_CCW: &[(f64, f64)] = &[(2.0, 2.0), (4.0, 2.0), (4.0, 4.0), (2.0, 4.0), (2.0, 2.0)];
    const ISLAND_CW: &[(f64, f64)] = &[
        (20.0, 0.0),
        (20.0, 5.0),
        (25.0, 5.0),
        (25.0, 0.0),
        (20.0, 0.0),
    ];

    #[test]
    fn holes_go_into_the_ring_that_contains_them() {
        let shp = shp_file(5, &[polygon_record(&[SQUARE_CW, ISLAND_CW, HOLE_CCW])]);
        let dbf = dbf_file(&[("KEY", b'C', 3)], &[vec![b"054".to_vec()]], 0x57);
        let (layer, crs, report) =
            read_shapefile_parts("a.shp", &shp, None, Some(&dbf), None, None).unwrap();
        assert_eq!(crs, None);
        assert_eq!(report.shape_type, ShapeType::Polygon);
        let Some(Geometry::MultiPolygon(mp)) = &layer.features[0].geometry else {
            panic!()
        };
        assert_eq!(mp.0.len(), 2);
        assert_eq!(mp.0[0].interiors().len(), 1);
        assert_eq!(mp.0[0].interiors()[0].0[1], Coord { x: 4.0, y: 2.0 });
        assert_eq!(mp.0[1].interiors().len(), 0);
        assert_eq!(mp.0[1].exterior().0[0], Coord { x: 20.0, y: 0.0 });
        assert_eq!(
            layer.features[0].properties,
            [PropValue::Text("054".into())]
        );
    }

    #[test]
    fn all_counter_clockwise_rings_group_by_nesting() {
        let outer_ccw: Vec<(f64, f64)> = SQUARE_CW.iter().rev().copied().collect();
        let mp = group_rings(
            [outer_ccw.as_slice(), HOLE_CCW]
                .iter()
                .map(|r| r.iter().map(|&(x, y)| Coord { x, y }).collect())
                .collect(),
        );
        assert_eq!(mp.0.len(), 1);
        assert_eq!(mp.0[0].interiors().len(), 1);
    }

    #[test]
    fn dbf_types_and_encodings() {
        // "Hörde" in Windows-1252: ö = 0xF6.
        let dbf = dbf_file(
            &[("NAME", b'C', 10), ("WERT", b'N', 8), ("LEER", b'N', 4)],
            &[vec![
                b"H\xF6rde".to_vec(),
                b"  12.50".to_vec(),
                b"".to_vec(),
            ]],
            0,
        );
        assert_eq!(
            dbf_encoding(&dbf, None),
            (DbfEncoding::Windows1252, EncodingSource::Detected)
        );
        assert_eq!(
            dbf_encoding(&dbf, Some("UTF-8\n")),
            (DbfEncoding::Utf8, EncodingSource::Cpg)
        );
        assert_eq!(dbf_encoding(&dbf, Some("1252")).0, DbfEncoding::Windows1252);
        let (names, rows) = read_dbf(&dbf, DbfEncoding::Windows1252).unwrap();
        assert_eq!(names, ["NAME", "WERT", "LEER"]);
        assert_eq!(rows[0][0], PropValue::Text("Hörde".into()));
        assert_eq!(rows[0][1], PropValue::Number(12.5));
        assert_eq!(rows[0][2], PropValue::Null);
        let utf8 = dbf_file(
            &[("NAME", b'C', 10)],
            &[vec!["Hörde".as_bytes().to_vec()]],
            0,
        );
        assert_eq!(
            dbf_encoding(&utf8, None),
            (DbfEncoding::Utf8, EncodingSource::Detected)
        );
        assert_eq!(
            unique_names(vec!["A".into(), "A".into(), "".into()]),
            ["A", "A_2", "field_3"]
        );
    }

    #[test]
    fn missing_dbf_and_damage_are_errors() {
        let shp = shp_file(5, &[polygon_record(&[SQUARE_CW])]);
        assert_eq!(
            read_shapefile_parts("d/a.shp", &shp, None, None, None, None).unwrap_err(),
            ImportError::MissingPart {
                file: "d/a.shp".into(),
                part: "dbf".into()
            }
        );
        let dbf = dbf_file(&[("KEY", b'C', 3)], &[vec![b"054".to_vec()]], 0x57);
        // Truncated record.
        let cut = &shp[..shp.len() - 10];
        assert!(matches!(
            read_shapefile_parts("a.shp", cut, None, Some(&dbf), None, None),
            Err(ImportError::Shapefile { .. })
        ));
        // A record claiming a billion points.
        let mut huge = polygon_record(&[SQUARE_CW]);
        huge[40..44].copy_from_slice(&1_000_000_000i32.to_le_bytes());
        let shp2 = shp_file(5, &[huge]);
        assert!(read_shapefile_parts("a.shp", &shp2, None, Some(&dbf), None, None).is_err());
        // A dbf with two records for one shape.
        let dbf2 = dbf_file(
            &[("KEY", b'C', 3)],
            &[vec![b"1".to_vec()], vec![b"2".to_vec()]],
            0,
        );
        assert!(read_shapefile_parts("a.shp", &shp, None, Some(&dbf2), None, None).is_err());
        // Lines are refused.
        let mut line = polygon_record(&[SQUARE_CW]);
        line[0..4].copy_from_slice(&3i32.to_le_bytes());
        assert!(
            read_shapefile_parts("a.shp", &shp_file(3, &[line]), None, Some(&dbf), None, None)
                .is_err()
        );
        assert_eq!(replace_extension("x/b.c/a.shp", "dbf"), "x/b.c/a.dbf");
        assert_eq!(replace_extension("a", "dbf"), "a.dbf");
    }

    #[test]
    fn points_and_prj() {
        let mut p = 1i32.to_le_bytes().to_vec();
        p.extend_from_slice(&390_000f64.to_le_bytes());
        p.extend_from_slice(&5_710_000f64.to_le_bytes());
        let shp = shp_file(1, &[p, 0i32.to_le_bytes().to_vec()]);
        let dbf = dbf_file(
            &[("N", b'N', 3)],
            &[vec![b"1".to_vec()], vec![b"2".to_vec()]],
            0,
        );
        let prj = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989"]]"#;
        let (layer, crs, report) =
            read_shapefile_parts("a.shp", &shp, None, Some(&dbf), Some(prj), None).unwrap();
        assert_eq!(crs, Some(Crs::Utm32));
        assert!(!report.prj_unrecognised);
        assert_eq!(
            layer.features[0].geometry,
            Some(Geometry::Point(Point::new(390_000.0, 5_710_000.0)))
        );
        assert_eq!(layer.features[1].geometry, None);
        assert_eq!(layer.features[1].properties, [PropValue::Number(2.0)]);
    }

    #[cfg(feature = "import")]
    #[test]
    fn zipped_with_two_layers_picks_the_polygon_one() {
        use crate::import::zipwrite::zip_stored;
        let mut p = 1i32.to_le_bytes().to_vec();
        p.extend_from_slice(&1f64.to_le_bytes());
        p.extend_from_slice(&2f64.to_le_bytes());
        let points = shp_file(1, &[p]);
        let polys = shp_file(5, &[polygon_record(&[SQUARE_CW])]);
        let dbf = dbf_file(&[("KEY", b'C', 3)], &[vec![b"054".to_vec()]], 0x57);
        let z = zip_stored(&[
            ("kitas.shp", &points),
            ("kitas.dbf", &dbf),
            ("Bezirke/UBZ.SHP", &polys),
            ("Bezirke/UBZ.dbf", &dbf),
            ("Bezirke/UBZ.cpg", b"UTF-8"),
        ])
        .unwrap();
        let (layer, _, report) = read_zipped_shapefile("x.zip", &z).unwrap();
        assert_eq!(report.chosen, "Bezirke/UBZ.SHP");
        assert_eq!(report.shapefiles.len(), 2);
        assert_eq!(report.shapefiles[0].shape_type, Some(ShapeType::Point));
        assert_eq!(report.encoding_source, EncodingSource::Cpg);
        assert_eq!(layer.features.len(), 1);
        let no_dbf = zip_stored(&[("a.shp", &polys)]).unwrap();
        assert!(matches!(
            read_zipped_shapefile("x.zip", &no_dbf),
            Err(ImportError::MissingPart { .. })
        ));
        let none = zip_stored(&[("a.txt", b"x")]).unwrap();
        assert!(matches!(
            read_zipped_shapefile("x.zip", &none),
            Err(ImportError::NoShapefile { .. })
        ));
    }
}
