//! GeoJSON reader for files a planner brings: a FeatureCollection, a single Feature or a bare
//! geometry, in any coordinate system (projected metres allowed; see [`super::crs`]).
//!
//! Why not the `geojson` crate (which `dataset.rs` uses for our own small, prepared files):
//! it builds a `serde_json::Value` tree for every feature, i.e. one heap node per number —
//! a 50 MB export from a GIS would need over a gigabyte. This reader deserialises straight
//! into typed coordinates ([`Coords`]: one `Vec<Coord>` per ring, no per-number nodes) and
//! turns each feature into a `geo` geometry while the `features` array is still being read,
//! so the raw text and one feature are all that is held besides the result.
//!
//! Nesting depth is bounded by serde_json's recursion limit (128), so `[[[[…` 100,000 deep
//! is an error, not a stack overflow.

use super::crs::{detect_from_geojson_crs, Crs};
use super::layer::{ImportError, ImportedFeature, Layer, PropValue};
use geo::{Coord, Geometry, LineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

/// Read a GeoJSON file. Returns the layer in the file's own coordinates and the coordinate
/// system named by the legacy `crs` member, if any (RFC 7946 removed `crs`, but QGIS and
/// ArcGIS still write it for projected exports). A UTF-8 byte-order mark is skipped.
///
/// Errors: empty file, invalid JSON (with line and column), not GeoJSON, no features,
/// unsupported geometry types (lines, collections) and malformed coordinates — each naming
/// the feature (1-based).
pub fn read_geojson(file_name: &str, bytes: &[u8]) -> Result<(Layer, Option<Crs>), ImportError> {
    let text = json_bytes(file_name, bytes)?;
    let bytes: &[u8] = &text;
    let mut builder = Builder::new(file_name);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let top = TopSeed {
        builder: &mut builder,
    }
    .deserialize(&mut de)
    .and_then(|top| de.end().map(|()| top));
    let top = match top {
        Ok(top) => top,
        Err(e) => return Err(builder.json_error(e)),
    };
    let kind = top.kind.unwrap_or_default();
    match kind.as_str() {
        "FeatureCollection" => {}
        "Feature" => {
            builder.current = 1;
            let geometry = match top.geometry {
                Some(g) => builder.geometry(g)?,
                None => None,
            };
            builder.push(geometry, top.properties.unwrap_or_default().0);
        }
        "Point" | "MultiPoint" | "Polygon" | "MultiPolygon" | "LineString" | "MultiLineString"
        | "GeometryCollection" => {
            builder.current = 1;
            let raw = RawGeometry {
                kind: Some(kind),
                coordinates: top.coordinates,
            };
            let geometry = builder.geometry(raw)?;
            builder.push(geometry, Vec::new());
        }
        "" => {
            return Err(ImportError::NotGeoJson {
                file: file_name.into(),
                found: "an object without a `type` member".into(),
            })
        }
        other => {
            return Err(ImportError::NotGeoJson {
                file: file_name.into(),
                found: format!("type `{}`", truncate(other, 40)),
            })
        }
    }
    let crs = top.crs_name.as_deref().and_then(detect_from_geojson_crs);
    builder.finish().map(|layer| (layer, crs))
}

/// The JSON text as UTF-8 bytes: a UTF-8 byte-order mark skipped; UTF-16 with a byte-order
/// mark (Windows "Unicode" saves) and non-UTF-8 text (old GIS exports in the Windows code
/// page) converted; an empty or blank file refused. Borrowed in the usual UTF-8 case, so a
/// 50 MB file is not copied.
pub(crate) fn json_bytes<'a>(
    file_name: &str,
    bytes: &'a [u8],
) -> Result<std::borrow::Cow<'a, [u8]>, ImportError> {
    use std::borrow::Cow;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text: Cow<'a, [u8]> = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Cow::Owned(
            super::encoding::decode_text(file_name, bytes)?
                .0
                .into_bytes(),
        )
    } else if std::str::from_utf8(bytes).is_err() {
        Cow::Owned(super::encoding::decode_windows_1252(bytes).into_bytes())
    } else {
        Cow::Borrowed(bytes)
    };
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty {
            file: file_name.into(),
        });
    }
    Ok(text)
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

/// Collects features as they are read; fields are named in first-seen order.
pub(crate) struct Builder {
    file: String,
    fields: Vec<String>,
    index: HashMap<String, usize>,
    features: Vec<ImportedFeature>,
    /// 1-based number of the feature being read (0: not inside `features`).
    pub(crate) current: usize,
    /// A typed error found while converting a feature; the serde error that stops the
    /// parse only carries a string.
    error: Option<ImportError>,
    /// The geometry just converted had an unclosed ring (closed by `Polygon::new`).
    closed_a_ring: std::cell::Cell<bool>,
    /// Features (0-based) whose rings were closed.
    unclosed_rings: Vec<usize>,
}

impl Builder {
    pub(crate) fn new(file: &str) -> Builder {
        Builder {
            file: file.into(),
            fields: Vec::new(),
            index: HashMap::new(),
            features: Vec::new(),
            current: 0,
            error: None,
            closed_a_ring: std::cell::Cell::new(false),
            unclosed_rings: Vec::new(),
        }
    }

    /// The error to report for a failed parse: the typed one if a feature conversion
    /// failed, a coordinate error for wrongly shaped data inside a feature, else JSON syntax.
    fn json_error(&mut self, e: serde_json::Error) -> ImportError {
        if let Some(err) = self.error.take() {
            return err;
        }
        if e.classify() == serde_json::error::Category::Data && self.current > 0 {
            return ImportError::Coordinates {
                file: self.file.clone(),
                feature: self.current,
                message: e.to_string(),
            };
        }
        ImportError::Json {
            file: self.file.clone(),
            message: e.to_string(),
        }
    }

    pub(crate) fn push(
        &mut self,
        geometry: Option<Geometry<f64>>,
        props: Vec<(String, PropValue)>,
    ) {
        let mut properties = vec![PropValue::Null; self.fields.len()];
        for (name, value) in props {
            let i = match self.index.get(&name) {
                Some(&i) => i,
                None => {
                    let i = self.fields.len();
                    self.fields.push(name.clone());
                    self.index.insert(name, i);
                    i
                }
            };
            if properties.len() <= i {
                properties.resize(i + 1, PropValue::Null);
            }
            if let Some(slot) = properties.get_mut(i) {
                *slot = value;
            }
        }
        if self.closed_a_ring.replace(false) {
            self.unclosed_rings.push(self.features.len());
        }
        self.features.push(ImportedFeature {
            geometry,
            properties,
        });
    }

    fn coord_error(&self, message: &str) -> ImportError {
        ImportError::Coordinates {
            file: self.file.clone(),
            feature: self.current,
            message: message.into(),
        }
    }

    /// Turn a raw geometry into a `geo` geometry of the current feature.
    fn geometry(&self, raw: RawGeometry) -> Result<Option<Geometry<f64>>, ImportError> {
        let kind = raw.kind.unwrap_or_default();
        let Some(coords) = raw.coordinates else {
            return match kind.as_str() {
                "Point" | "MultiPoint" | "Polygon" | "MultiPolygon" => {
                    Err(self.coord_error("the geometry has no `coordinates`"))
                }
                _ => Err(self.unsupported(&kind)),
            };
        };
        let depth_error = |want: &str| self.coord_error(&format!("{kind} needs {want}"));
        let unclosed = |r: &Vec<Coord>| r.len() >= 2 && r.first() != r.last();
        match &coords {
            Coords::L2(rings) if rings.iter().any(unclosed) => self.closed_a_ring.set(true),
            Coords::L3(polys) if polys.iter().flatten().any(unclosed) => {
                self.closed_a_ring.set(true)
            }
            _ => {}
        }
        Ok(Some(match (kind.as_str(), coords) {
            ("Point", Coords::Pos(c)) => Geometry::Point(Point(c)),
            ("Point", Coords::Empty) => Geometry::MultiPoint(MultiPoint(Vec::new())),
            ("Point", _) => return Err(depth_error("one position [x, y]")),
            ("MultiPoint", Coords::L1(v)) => {
                Geometry::MultiPoint(MultiPoint(v.into_iter().map(Point).collect()))
            }
            ("MultiPoint", Coords::Empty) => Geometry::MultiPoint(MultiPoint(Vec::new())),
            ("MultiPoint", _) => return Err(depth_error("a list of positions")),
            ("Polygon", Coords::L2(rings)) => Geometry::Polygon(polygon(rings)),
            ("Polygon", Coords::Empty) => Geometry::MultiPolygon(MultiPolygon(Vec::new())),
            ("Polygon", _) => return Err(depth_error("a list of rings")),
            ("MultiPolygon", Coords::L3(polys)) => {
                Geometry::MultiPolygon(MultiPolygon(polys.into_iter().map(polygon).collect()))
            }
            ("MultiPolygon", Coords::Empty) => Geometry::MultiPolygon(MultiPolygon(Vec::new())),
            ("MultiPolygon", _) => return Err(depth_error("a list of polygons")),
            _ => return Err(self.unsupported(&kind)),
        }))
    }

    pub(crate) fn unsupported(&self, kind: &str) -> ImportError {
        ImportError::UnsupportedGeometry {
            file: self.file.clone(),
            feature: self.current,
            geometry_type: if kind.is_empty() {
                "(none)".into()
            } else {
                truncate(kind, 40)
            },
        }
    }

    pub(crate) fn finish(self) -> Result<Layer, ImportError> {
        if self.features.is_empty() {
            return Err(ImportError::NoFeatures { file: self.file });
        }
        let n = self.fields.len();
        let mut features = self.features;
        for f in &mut features {
            f.properties.resize(n, PropValue::Null);
        }
        Ok(Layer {
            source_file: self.file,
            fields: self.fields,
            features,
            unclosed_rings: self.unclosed_rings,
        })
    }
}

/// Rings to a polygon: the first is the exterior, the rest holes (RFC 7946 §3.1.6).
/// `Polygon::new` closes unclosed rings; orientation is left to validation.
fn polygon(rings: Vec<Vec<Coord>>) -> Polygon<f64> {
    let mut rings = rings.into_iter().map(LineString);
    let exterior = rings.next().unwrap_or_else(|| LineString(Vec::new()));
    Polygon::new(exterior, rings.collect())
}

/// What the top level of the file held (features went straight into the builder).
#[derive(Default)]
struct Top {
    kind: Option<String>,
    geometry: Option<RawGeometry>,
    properties: Option<Props>,
    coordinates: Option<Coords>,
    crs_name: Option<String>,
}

struct TopSeed<'a> {
    builder: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Top, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" => top.kind = map.next_value::<Option<String>>()?,
                "features" => map.next_value_seed(FeaturesSeed {
                    builder: &mut *self.builder,
                })?,
                "geometry" => top.geometry = map.next_value()?,
                "properties" => top.properties = map.next_value()?,
                "coordinates" => top.coordinates = map.next_value()?,
                "crs" => top.crs_name = map.next_value::<CrsMember>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(top)
    }
}

/// The `features` array, converted feature by feature into the builder.
struct FeaturesSeed<'a> {
    builder: &'a mut Builder,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(()) // `"features": null` — reported as "no features".
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let b = self.builder;
        loop {
            b.current = b.features.len() + 1;
            let Some(raw) = seq.next_element::<RawFeature>()? else {
                break;
            };
            let geometry = match raw.geometry {
                Some(g) => match b.geometry(g) {
                    Ok(g) => g,
                    Err(e) => {
                        let message = e.to_string();
                        b.error = Some(e);
                        return Err(de::Error::custom(message));
                    }
                },
                None => None,
            };
            b.push(geometry, raw.properties.unwrap_or_default().0);
        }
        b.current = 0;
        Ok(())
    }
}

#[derive(Deserialize)]
struct RawFeature {
    #[serde(default)]
    geometry: Option<RawGeometry>,
    #[serde(default)]
    properties: Option<Props>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    coordinates: Option<Coords>,
}

/// The legacy `crs` member: only `{"type":"name","properties":{"name":…}}` names a system;
/// other shapes (links, strings) are ignored, never an error.
pub(crate) struct CrsMember(pub(crate) Option<String>);

impl<'de> Deserialize<'de> for CrsMember {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CrsMember, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(CrsMember(
            v.get("properties")
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
                .map(str::to_owned),
        ))
    }
}

/// Feature properties in file order. Numbers stay numbers, strings text, booleans become
/// "true"/"false", nested arrays and objects their JSON text.
#[derive(Default)]
pub(crate) struct Props(pub(crate) Vec<(String, PropValue)>);

impl<'de> Deserialize<'de> for Props {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Props, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Props;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of properties")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Props, E> {
                Ok(Props::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Props, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Prop>()? {
                    out.push((k, v.0));
                }
                Ok(Props(out))
            }
        }
        d.deserialize_any(V)
    }
}

struct Prop(PropValue);

impl<'de> Deserialize<'de> for Prop {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Prop, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Prop;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a property value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Prop, E> {
                Ok(Prop(PropValue::Text(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Prop, E> {
                Ok(Prop(PropValue::Text(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Prop, E> {
                Ok(Prop(PropValue::Number(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Prop, E> {
                Ok(Prop(PropValue::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Prop, E> {
                Ok(Prop(PropValue::Number(v as f64)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Prop, E> {
                Ok(Prop(PropValue::Text(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Prop, E> {
                Ok(Prop(PropValue::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Prop, A::Error> {
                let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Prop(PropValue::Text(v.to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Prop, A::Error> {
                let v = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Prop(PropValue::Text(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

/// Nested coordinate arrays, typed by depth as they are read: a position, a list of
/// positions (ring, multipoint), a list of rings (polygon), a list of polygons.
/// `Empty` is `[]` (or arrays of only `[]`), whose depth cannot be told.
#[derive(Debug, PartialEq)]
pub(crate) enum Coords {
    Empty,
    Pos(Coord<f64>),
    L1(Vec<Coord<f64>>),
    L2(Vec<Vec<Coord<f64>>>),
    L3(Vec<Vec<Vec<Coord<f64>>>>),
}

/// One element of a coordinate array: a number (inside a position) or a nested array.
enum Elem {
    Num(f64),
    Arr(Coords),
}

impl<'de> Deserialize<'de> for Elem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Elem, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Elem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or an array of coordinates")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Elem, E> {
                Ok(Elem::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Elem, E> {
                Ok(Elem::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Elem, E> {
                Ok(Elem::Num(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Elem, A::Error> {
                CoordsVisitor.visit_seq(seq).map(Elem::Arr)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Coords, D::Error> {
        d.deserialize_seq(CoordsVisitor)
    }
}

struct CoordsVisitor;

/// The array being collected, once its first non-empty element has told its depth.
enum Acc {
    /// Only `[]` so far (how many).
    Unknown(usize),
    P(Vec<Coord<f64>>),
    R(Vec<Vec<Coord<f64>>>),
    M(Vec<Vec<Vec<Coord<f64>>>>),
}

impl<'de> Visitor<'de> for CoordsVisitor {
    type Value = Coords;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of coordinates")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
        let mixed = || de::Error::custom("numbers and arrays mixed, or arrays of different depth");
        let Some(first) = seq.next_element::<Elem>()? else {
            return Ok(Coords::Empty);
        };
        let first = match first {
            Elem::Num(x) => {
                // A position: x, y, and optional z/m which are dropped.
                let mut n = 1usize;
                let mut y = 0.0;
                while let Some(e) = seq.next_element::<Elem>()? {
                    match e {
                        Elem::Num(v) if n == 1 => y = v,
                        Elem::Num(_) => {}
                        Elem::Arr(_) => return Err(mixed()),
                    }
                    n += 1;
                }
                if n < 2 {
                    return Err(de::Error::custom("a position needs at least 2 numbers"));
                }
                return Ok(Coords::Pos(Coord { x, y }));
            }
            Elem::Arr(c) => c,
        };
        let mut acc = Acc::Unknown(0);
        let mut next = Some(first);
        loop {
            let Some(c) = next.take() else {
                match seq.next_element::<Elem>()? {
                    None => break,
                    Some(Elem::Num(_)) => return Err(mixed()),
                    Some(Elem::Arr(c)) => next = Some(c),
                }
                continue;
            };
            acc = match (acc, c) {
                (Acc::Unknown(n), Coords::Empty) => Acc::Unknown(n + 1),
                (Acc::Unknown(0), Coords::Pos(p)) => Acc::P(vec![p]),
                (Acc::Unknown(_), Coords::Pos(_)) => {
                    return Err(de::Error::custom("an empty position"))
                }
                (Acc::Unknown(n), Coords::L1(v)) => {
                    let mut r = vec![Vec::new(); n];
                    r.push(v);
                    Acc::R(r)
                }
                (Acc::Unknown(n), Coords::L2(v)) => {
                    let mut m = vec![Vec::new(); n];
                    m.push(v);
                    Acc::M(m)
                }
                (Acc::P(mut v), Coords::Pos(p)) => {
                    v.push(p);
                    Acc::P(v)
                }
                (Acc::R(mut r), Coords::L1(v)) => {
                    r.push(v);
                    Acc::R(r)
                }
                (Acc::R(mut r), Coords::Empty) => {
                    r.push(Vec::new());
                    Acc::R(r)
                }
                (Acc::M(mut m), Coords::L2(v)) => {
                    m.push(v);
                    Acc::M(m)
                }
                (Acc::M(mut m), Coords::Empty) => {
                    m.push(Vec::new());
                    Acc::M(m)
                }
                (_, Coords::L3(_)) => {
                    return Err(de::Error::custom(
                        "coordinates nested deeper than a MultiPolygon",
                    ))
                }
                _ => return Err(mixed()),
            };
        }
        Ok(match acc {
            Acc::Unknown(_) => Coords::Empty,
            Acc::P(v) => Coords::L1(v),
            Acc::R(r) => Coords::L2(r),
            Acc::M(m) => Coords::L3(m),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(Layer, Option<Crs>), ImportError> {
        read_geojson("t.geojson", text.as_bytes())
    }

    #[test]
    fn feature_collection_with_properties_in_first_seen_order() {
        let (layer, crs) = read(
            r#"{"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"key":"054","n":3,"x":{"a":[1]}},
               "geometry":{"type":"Point","coordinates":[7.5,51.5,100]}},
              {"type":"Feature","properties":{"n":4.5,"flag":true,"key":null},
               "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}
            ]}"#,
        )
        .unwrap();
        assert_eq!(crs, None);
        assert_eq!(layer.fields, ["key", "n", "x", "flag"]);
        let p = &layer.features[0].properties;
        assert_eq!(p[0], PropValue::Text("054".into()));
        assert_eq!(p[1], PropValue::Number(3.0));
        assert_eq!(p[2], PropValue::Text(r#"{"a":[1]}"#.into()));
        assert_eq!(p[3], PropValue::Null);
        let q = &layer.features[1].properties;
        assert_eq!(q[0], PropValue::Null);
        assert_eq!(q[1], PropValue::Number(4.5));
        assert_eq!(q[3], PropValue::Text("true".into()));
        assert_eq!(
            layer.features[0].geometry,
            Some(Geometry::Point(Point::new(7.5, 51.5)))
        );
        let Some(Geometry::Polygon(poly)) = &layer.features[1].geometry else {
            panic!("polygon expected")
        };
        assert_eq!(poly.exterior().0.len(), 4);
        assert_eq!(poly.exterior().0[1], Coord { x: 1.0, y: 0.0 });
    }

    #[test]
    fn single_feature_bare_geometry_bom_and_crs() {
        let text = "\u{FEFF}{\"type\":\"Feature\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::25832\"}},\"properties\":{\"a\":1},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[390000,5700000],[391000,5700000],[391000,5701000],[390000,5700000]]],[]]}}";
        let (layer, crs) = read(text).unwrap();
        assert_eq!(crs, Some(Crs::Utm32));
        assert_eq!(layer.features.len(), 1);
        let Some(Geometry::MultiPolygon(mp)) = &layer.features[0].geometry else {
            panic!()
        };
        assert_eq!(mp.0.len(), 2);
        assert_eq!(
            mp.0[0].exterior().0[0],
            Coord {
                x: 390000.0,
                y: 5700000.0
            }
        );
        assert!(mp.0[1].exterior().0.is_empty());

        let (layer, crs) = read(r#"{"coordinates":[[1,2],[3,4]],"type":"MultiPoint"}"#).unwrap();
        assert_eq!(crs, None);
        assert!(layer.fields.is_empty());
        assert_eq!(
            layer.features[0].geometry,
            Some(Geometry::MultiPoint(MultiPoint(vec![
                Point::new(1.0, 2.0),
                Point::new(3.0, 4.0)
            ])))
        );
    }

    #[test]
    fn utf16_and_windows_1252_files() {
        let text = r#"{"type":"Feature","properties":{"name":"Hörde"},"geometry":null}"#;
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let (layer, _) = read_geojson("t", &utf16).unwrap();
        assert_eq!(
            layer.features[0].properties[0],
            PropValue::Text("Hörde".into())
        );
        let cp1252 = text.replace('ö', "\u{1}").into_bytes();
        let cp1252: Vec<u8> = cp1252
            .into_iter()
            .map(|b| if b == 1 { 0xF6 } else { b })
            .collect();
        let (layer, _) = read_geojson("t", &cp1252).unwrap();
        assert_eq!(
            layer.features[0].properties[0],
            PropValue::Text("Hörde".into())
        );
    }

    #[test]
    fn null_geometry_is_kept_as_none() {
        let (layer, _) = read(
            r#"{"type":"FeatureCollection","features":[{"geometry":null,"properties":null}]}"#,
        )
        .unwrap();
        assert_eq!(layer.features[0].geometry, None);
    }

    #[test]
    fn errors_name_file_and_feature() {
        assert!(matches!(read("  "), Err(ImportError::Empty { .. })));
        assert!(matches!(read("{\"type\":"), Err(ImportError::Json { .. })));
        assert!(matches!(
            read(r#"{"type":"FeatureCollection","features":[]}"#),
            Err(ImportError::NoFeatures { .. })
        ));
        assert!(matches!(
            read(r#"{"type":"Topology"}"#),
            Err(ImportError::NotGeoJson { .. })
        ));
        let lines = r#"{"type":"FeatureCollection","features":[
            {"geometry":{"type":"Point","coordinates":[1,2]}},
            {"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}"#;
        assert_eq!(
            read(lines),
            Err(ImportError::UnsupportedGeometry {
                file: "t.geojson".into(),
                feature: 2,
                geometry_type: "LineString".into()
            })
        );
        let wrong_depth = r#"{"type":"FeatureCollection","features":[
            {"geometry":{"type":"Polygon","coordinates":[[1,2],[3,4]]}}]}"#;
        assert!(matches!(
            read(wrong_depth),
            Err(ImportError::Coordinates { feature: 1, .. })
        ));
        let nan = r#"{"type":"FeatureCollection","features":[{"geometry":{"type":"Point","coordinates":["NaN",2]}}]}"#;
        assert!(matches!(
            read(nan),
            Err(ImportError::Coordinates { feature: 1, .. })
        ));
        let huge = r#"{"type":"Point","coordinates":[1e400,2]}"#;
        assert!(read(huge).is_err());
        let deep = "[".repeat(100_000);
        assert!(matches!(read(&deep), Err(ImportError::Json { .. })));
        let mixed = r#"{"type":"MultiPoint","coordinates":[[1,2],3]}"#;
        assert!(read(mixed).is_err());
        let short = r#"{"type":"Point","coordinates":[1]}"#;
        assert!(read(short).is_err());
    }
}

#[cfg(test)]
mod unclosed_ring_tests {
    use super::read_geojson;
    use crate::import::validate::{check_and_fix, IssueKind};

    /// A ring that does not end where it starts is closed by the reader and said by
    /// validation (feature 2 only; feature 1 is closed properly).
    #[test]
    fn unclosed_rings_are_closed_and_said() {
        let text = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}"#;
        let (layer, _) = read_geojson("t.geojson", text).unwrap();
        assert_eq!(layer.unclosed_rings, vec![1]);
        let (layer, issues) = check_and_fix(layer);
        let unclosed: Vec<_> = issues
            .iter()
            .filter(|i| i.kind == IssueKind::UnclosedRing)
            .collect();
        assert_eq!(unclosed.len(), 1);
        assert_eq!((unclosed[0].feature, unclosed[0].fixed), (2, true));
        // Said once: a second validation (after reprojection) does not repeat it.
        let (_, again) = check_and_fix(layer);
        assert!(again.iter().all(|i| i.kind != IssueKind::UnclosedRing));
    }
}
