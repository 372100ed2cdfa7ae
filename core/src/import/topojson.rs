//! TopoJSON reader (Topology specification 1.0, github.com/topojson/topojson-specification):
//! shared arcs, delta-encoded and quantised when a `transform` is present; geometries refer
//! to arcs by index, `~i` (i.e. `-i-1`) meaning arc `i` reversed.
//!
//! Coordinates are read with the GeoJSON reader's typed [`Coords`] (no `Value` tree), and
//! properties with its property reader, so both formats give the same [`PropValue`]s.

use super::crs::{detect_from_geojson_crs, Crs};
use super::geojson::{json_bytes, truncate, Builder, Coords, CrsMember, Props};
use super::layer::{ImportError, Layer, PropValue};
use geo::{Coord, Geometry, LineString, MultiPoint, MultiPolygon, Point, Polygon};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One named object of the topology, as listed in [`TopoJsonReport`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopoObject {
    /// The key in `objects`.
    pub name: String,
    /// Its geometries (1 for a single geometry object).
    pub geometries: usize,
    /// How many of them are Polygon/MultiPolygon.
    pub polygons: usize,
    /// How many are Point/MultiPoint.
    pub points: usize,
}

/// Which object was read, and all the topology holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopoJsonReport {
    /// The name of the object read.
    pub chosen: String,
    /// Every object, in file order.
    pub objects: Vec<TopoObject>,
}

/// Read a TopoJSON file: the first object holding polygons (else the first holding
/// points). See [`read_topojson_with_report`] for which object was taken.
pub fn read_topojson(file_name: &str, bytes: &[u8]) -> Result<(Layer, Option<Crs>), ImportError> {
    read_topojson_with_report(file_name, bytes).map(|(l, c, _)| (l, c))
}

/// [`read_topojson`], also saying which object was read and listing all of them.
pub fn read_topojson_with_report(
    file_name: &str,
    bytes: &[u8],
) -> Result<(Layer, Option<Crs>, TopoJsonReport), ImportError> {
    let text = json_bytes(file_name, bytes)?;
    let topo: Topology = serde_json::from_slice(&text).map_err(|e| ImportError::Json {
        file: file_name.into(),
        message: e.to_string(),
    })?;
    let topo_err = |message: String| ImportError::TopoJson {
        file: file_name.into(),
        message,
    };
    match topo.kind.as_deref() {
        Some("Topology") => {}
        other => {
            return Err(ImportError::NotGeoJson {
                file: file_name.into(),
                found: format!(
                    "type `{}` (a TopoJSON file has type `Topology`)",
                    truncate(other.unwrap_or(""), 40)
                ),
            })
        }
    }
    let arcs = Arcs::new(decode_arcs(topo.arcs, topo.transform.as_ref()).map_err(topo_err)?);
    let objects: Vec<TopoObject> = topo
        .objects
        .iter()
        .map(|(name, g)| {
            let members = g.members();
            TopoObject {
                name: name.clone(),
                geometries: members.len(),
                polygons: members.iter().filter(|m| m.is_polygon()).count(),
                points: members.iter().filter(|m| m.is_point()).count(),
            }
        })
        .collect();
    let pick = objects
        .iter()
        .position(|o| o.polygons > 0)
        .or_else(|| objects.iter().position(|o| o.points > 0))
        .ok_or_else(|| {
            // Nothing we can show: name the first geometry type found, if any.
            let first = topo.objects.iter().find_map(|(_, g)| {
                g.members()
                    .first()
                    .map(|m| m.kind().to_owned())
                    .filter(|k| !k.is_empty())
            });
            match first {
                Some(kind) => ImportError::UnsupportedGeometry {
                    file: file_name.into(),
                    feature: 1,
                    geometry_type: truncate(&kind, 40),
                },
                None => ImportError::NoFeatures {
                    file: file_name.into(),
                },
            }
        })?;
    let (name, object) =
        topo.objects
            .into_iter()
            .nth(pick)
            .ok_or_else(|| ImportError::NoFeatures {
                file: file_name.into(),
            })?;
    let mut builder = Builder::new(file_name);
    for (i, g) in object.into_members().into_iter().enumerate() {
        builder.current = i + 1;
        let geometry = geometry(&g, &arcs, topo.transform.as_ref())
            .map_err(|e| e.into_error(file_name, i + 1, &builder))?;
        let mut props = g.properties.map(|p| p.0).unwrap_or_default();
        if let Some(id) = g.id {
            if !props.iter().any(|(k, _)| k == "id") {
                props.insert(0, ("id".into(), id.into()));
            }
        }
        builder.push(geometry, props);
    }
    let crs = topo
        .crs
        .and_then(|c| c.0)
        .as_deref()
        .and_then(detect_from_geojson_crs);
    let layer = builder.finish()?;
    Ok((
        layer,
        crs,
        TopoJsonReport {
            chosen: name,
            objects,
        },
    ))
}

/// The quantisation transform: position = quantised × scale + translate.
#[derive(Debug, Clone, Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    transform: Option<Transform>,
    #[serde(default)]
    arcs: Option<Coords>,
    #[serde(default)]
    objects: Objects,
    #[serde(default)]
    crs: Option<CrsMember>,
}

/// `objects` in file order (a `BTreeMap` would sort them, and "the first object" is the
/// one the file lists first).
#[derive(Default)]
struct Objects(Vec<(String, TopoGeometry)>);

impl Objects {
    fn iter(&self) -> impl Iterator<Item = &(String, TopoGeometry)> {
        self.0.iter()
    }
    fn into_iter(self) -> impl Iterator<Item = (String, TopoGeometry)> {
        self.0.into_iter()
    }
}

impl<'de> Deserialize<'de> for Objects {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Objects, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Objects;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of named geometries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Objects, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, TopoGeometry>()? {
                    out.push(entry);
                }
                Ok(Objects(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Arc references of a geometry: depth 1 (LineString), 2 (Polygon), 3 (MultiPolygon).
#[derive(Deserialize)]
#[serde(untagged)]
enum ArcRefs {
    One(Vec<i64>),
    Two(Vec<Vec<i64>>),
    Three(Vec<Vec<Vec<i64>>>),
}

#[derive(Deserialize)]
struct TopoGeometry {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    arcs: Option<ArcRefs>,
    #[serde(default)]
    coordinates: Option<Coords>,
    #[serde(default)]
    properties: Option<Props>,
    #[serde(default)]
    id: Option<IdValue>,
    #[serde(default)]
    geometries: Option<Vec<TopoGeometry>>,
}

/// A feature `id` (string or number) as a property value.
struct IdValue(PropValue);

impl<'de> Deserialize<'de> for IdValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IdValue, D::Error> {
        Ok(IdValue(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => PropValue::Text(s),
            serde_json::Value::Number(n) => n.as_f64().map_or(PropValue::Null, PropValue::Number),
            serde_json::Value::Null => PropValue::Null,
            other => PropValue::Text(other.to_string()),
        }))
    }
}

impl From<IdValue> for PropValue {
    fn from(v: IdValue) -> PropValue {
        v.0
    }
}

impl TopoGeometry {
    fn kind(&self) -> &str {
        self.kind.as_deref().unwrap_or("")
    }
    fn is_polygon(&self) -> bool {
        matches!(self.kind(), "Polygon" | "MultiPolygon")
    }
    fn is_point(&self) -> bool {
        matches!(self.kind(), "Point" | "MultiPoint")
    }
    /// The features of an object: a collection's geometries (one level; nested collections
    /// are not features), or the object itself.
    fn members(&self) -> Vec<&TopoGeometry> {
        match (&self.geometries, self.kind()) {
            (Some(g), "GeometryCollection") => g.iter().collect(),
            _ => vec![self],
        }
    }
    fn into_members(self) -> Vec<TopoGeometry> {
        if self.kind() == "GeometryCollection" {
            self.geometries.unwrap_or_default()
        } else {
            vec![self]
        }
    }
}

/// Arcs in real coordinates: delta decoding and the transform applied when present.
fn decode_arcs(arcs: Option<Coords>, t: Option<&Transform>) -> Result<Vec<Vec<Coord>>, String> {
    let mut arcs = match arcs {
        None | Some(Coords::Empty) => Vec::new(),
        Some(Coords::L2(a)) => a,
        Some(_) => return Err("`arcs` must be a list of lists of positions".into()),
    };
    if let Some(t) = t {
        for arc in &mut arcs {
            // Delta-encoded integers: each position is the sum of all before it.
            let (mut x, mut y) = (0.0, 0.0);
            for c in arc.iter_mut() {
                x += c.x;
                y += c.y;
                *c = Coord {
                    x: x * t.scale[0] + t.translate[0],
                    y: y * t.scale[1] + t.translate[1],
                };
            }
        }
    }
    Ok(arcs)
}

/// Why a geometry could not be built (turned into an [`ImportError`] with its feature).
enum GeomError {
    Unsupported(String),
    Topo(String),
}

impl GeomError {
    fn into_error(self, file: &str, feature: usize, b: &Builder) -> ImportError {
        match self {
            GeomError::Unsupported(kind) => b.unsupported(&kind),
            GeomError::Topo(m) => ImportError::TopoJson {
                file: file.into(),
                message: format!("feature {feature}: {m}"),
            },
        }
    }
}

/// The decoded arcs and how many positions rings may still copy out of them.
///
/// Why a budget: arcs are shared by reference, so a small file can name one long arc a
/// million times and expand to gigabytes (a "billion laughs" for geometry). In a real
/// topology each arc bounds at most two areas of the object being read, so 4× the arc
/// positions (plus a million for tiny files) is generous for honest data.
struct Arcs {
    arcs: Vec<Vec<Coord>>,
    budget: std::cell::Cell<usize>,
}

impl Arcs {
    fn new(arcs: Vec<Vec<Coord>>) -> Arcs {
        let total: usize = arcs.iter().map(Vec::len).sum();
        let budget = total.saturating_mul(4).saturating_add(1_000_000);
        Arcs {
            arcs,
            budget: std::cell::Cell::new(budget),
        }
    }
}

/// A ring: the arcs concatenated, each after the first without its first position (it
/// repeats the previous arc's last one).
fn ring(refs: &[i64], arcs: &Arcs) -> Result<LineString<f64>, GeomError> {
    let budget = &arcs.budget;
    let arcs = &arcs.arcs;
    let mut out: Vec<Coord> = Vec::new();
    for &r in refs {
        // ~i = -i-1: arc i reversed.
        let (index, reversed) = if r < 0 { (!r, true) } else { (r, false) };
        let arc = usize::try_from(index)
            .ok()
            .and_then(|i| arcs.get(i))
            .ok_or_else(|| {
                GeomError::Topo(format!(
                    "arc index {r} out of range (the topology has {} arcs)",
                    arcs.len()
                ))
            })?;
        let skip = usize::from(!out.is_empty());
        let left = budget.get().checked_sub(arc.len()).ok_or_else(|| {
            GeomError::Topo("arcs are referenced far more often than in any real topology".into())
        })?;
        budget.set(left);
        if reversed {
            out.extend(arc.iter().rev().skip(skip));
        } else {
            out.extend(arc.iter().skip(skip));
        }
    }
    Ok(LineString(out))
}

fn polygon(rings: &[Vec<i64>], arcs: &Arcs) -> Result<Polygon<f64>, GeomError> {
    let mut rings = rings.iter().map(|r| ring(r, arcs));
    let exterior = rings.next().transpose()?.unwrap_or(LineString(Vec::new()));
    Ok(Polygon::new(exterior, rings.collect::<Result<_, _>>()?))
}

fn geometry(
    g: &TopoGeometry,
    arcs: &Arcs,
    t: Option<&Transform>,
) -> Result<Option<Geometry<f64>>, GeomError> {
    // Point positions are quantised but not delta-encoded.
    let place = |c: Coord| match t {
        Some(t) => Coord {
            x: c.x * t.scale[0] + t.translate[0],
            y: c.y * t.scale[1] + t.translate[1],
        },
        None => c,
    };
    let shape = || GeomError::Topo(format!("{} with wrongly nested arcs", g.kind()));
    Ok(Some(match (g.kind(), &g.arcs, &g.coordinates) {
        // A null geometry (`"type": null` or no type) is a feature without geometry.
        ("", _, _) => return Ok(None),
        ("Polygon", Some(ArcRefs::Two(r)), _) => Geometry::Polygon(polygon(r, arcs)?),
        ("Polygon", Some(ArcRefs::One(v)), _) if v.is_empty() => {
            Geometry::MultiPolygon(MultiPolygon(Vec::new()))
        }
        ("MultiPolygon", Some(ArcRefs::Three(p)), _) => Geometry::MultiPolygon(MultiPolygon(
            p.iter()
                .map(|r| polygon(r, arcs))
                .collect::<Result<_, _>>()?,
        )),
        ("MultiPolygon", Some(ArcRefs::One(v)), _) if v.is_empty() => {
            Geometry::MultiPolygon(MultiPolygon(Vec::new()))
        }
        ("Polygon" | "MultiPolygon", _, _) => return Err(shape()),
        ("Point", _, Some(Coords::Pos(c))) => Geometry::Point(Point(place(*c))),
        ("MultiPoint", _, Some(Coords::L1(v))) => {
            Geometry::MultiPoint(MultiPoint(v.iter().map(|c| Point(place(*c))).collect()))
        }
        ("MultiPoint", _, Some(Coords::Empty)) => Geometry::MultiPoint(MultiPoint(Vec::new())),
        ("Point" | "MultiPoint", _, _) => {
            return Err(GeomError::Topo(format!(
                "{} with wrongly nested coordinates",
                g.kind()
            )))
        }
        (other, _, _) => return Err(GeomError::Unsupported(other.to_owned())),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two squares side by side sharing arc 1 (the middle edge), quantised with scale 0.5
    /// and translate (10, 20). The left square uses arc 1 forwards, the right one reversed
    /// (`-2` = `~1`), as TopoJSON writes shared edges. Decoded positions are hand-computed
    /// in the test.
    const TOPO: &str = r#"{"type":"Topology",
      "transform":{"scale":[0.5,0.5],"translate":[10,20]},
      "objects":{
        "schools":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[2,2]}]},
        "districts":{"type":"GeometryCollection","geometries":[
          {"type":"Polygon","arcs":[[0,1]],"id":"A","properties":{"name":"Links"}},
          {"type":"Polygon","arcs":[[-2,2]],"properties":{"name":"Rechts","id":7}},
          {"type":null}
        ]}},
      "arcs":[
        [[2,0],[-2,0],[0,2],[2,0]],
        [[2,2],[0,-2]],
        [[2,2],[2,0],[0,-2],[-2,0]]
      ]}"#;

    #[test]
    fn decodes_delta_arcs_and_reversed_references() {
        let (layer, crs, report) =
            read_topojson_with_report("t.topojson", TOPO.as_bytes()).unwrap();
        assert_eq!(crs, None);
        assert_eq!(report.chosen, "districts");
        assert_eq!(report.objects[0].name, "schools");
        assert_eq!(report.objects[0].points, 1);
        assert_eq!(report.objects[1].polygons, 2);
        assert_eq!(layer.fields, ["id", "name"]);
        assert_eq!(layer.features.len(), 3);
        assert_eq!(layer.features[0].properties[0], PropValue::Text("A".into()));
        // The property `id` wins over nothing: feature 2 has it as a property.
        assert_eq!(layer.features[1].properties[0], PropValue::Number(7.0));
        // Arc 0 decoded: (2,0) (0,0) (0,2) (2,2) → ×0.5 + (10,20).
        // Arc 1: (2,2) (2,0) → (11,21) (11,20). Left square = arc 0 + arc 1 minus its first.
        let Some(Geometry::Polygon(left)) = &layer.features[0].geometry else {
            panic!()
        };
        let xy: Vec<(f64, f64)> = left.exterior().0.iter().map(|c| (c.x, c.y)).collect();
        assert_eq!(
            xy,
            [
                (11.0, 20.0),
                (10.0, 20.0),
                (10.0, 21.0),
                (11.0, 21.0),
                (11.0, 20.0)
            ]
        );
        // Right square: arc 1 reversed (11,20)(11,21), then arc 2 — (2,2)(4,2)(4,0)(2,0)
        // quantised — without its first position.
        let Some(Geometry::Polygon(right)) = &layer.features[1].geometry else {
            panic!()
        };
        let xy: Vec<(f64, f64)> = right.exterior().0.iter().map(|c| (c.x, c.y)).collect();
        assert_eq!(
            xy,
            [
                (11.0, 20.0),
                (11.0, 21.0),
                (12.0, 21.0),
                (12.0, 20.0),
                (11.0, 20.0)
            ]
        );
        assert_eq!(layer.features[2].geometry, None);
    }

    #[test]
    fn points_without_polygons_and_errors() {
        let only_points = r#"{"type":"Topology","arcs":[],"objects":{"p":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}}}"#;
        let (layer, _) = read_topojson("t", only_points.as_bytes()).unwrap();
        assert_eq!(
            layer.features[0].geometry,
            Some(Geometry::MultiPoint(MultiPoint(vec![
                Point::new(1.0, 2.0),
                Point::new(3.0, 4.0)
            ])))
        );
        let bad_arc = r#"{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"a":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0,5]]}]}}}"#;
        let e = read_topojson("t", bad_arc.as_bytes()).unwrap_err();
        assert!(
            matches!(&e, ImportError::TopoJson { message, .. } if message.contains("arc index 5")),
            "{e:?}"
        );
        // One arc of 1,000 positions named 5,000 times: 5 million positions from 20 kB.
        let arc: Vec<String> = (0..1000).map(|i| format!("[{i},0]")).collect();
        let refs = vec!["0"; 5000].join(",");
        let bomb = format!(
            r#"{{"type":"Topology","arcs":[[{}]],"objects":{{"a":{{"type":"Polygon","arcs":[[{refs}]]}}}}}}"#,
            arc.join(",")
        );
        let e = read_topojson("t", bomb.as_bytes()).unwrap_err();
        assert!(
            matches!(&e, ImportError::TopoJson { message, .. } if message.contains("referenced")),
            "{e:?}"
        );
        let neg = bad_arc.replace("[0,5]", "[-7]");
        assert!(read_topojson("t", neg.as_bytes()).is_err());
        let lines = r#"{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"a":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]]},{"type":"LineString","arcs":[0]}]}}}"#;
        assert!(matches!(
            read_topojson("t", lines.as_bytes()),
            Err(ImportError::UnsupportedGeometry { feature: 2, .. })
        ));
        assert!(matches!(
            read_topojson("t", br#"{"type":"FeatureCollection","features":[]}"#),
            Err(ImportError::NotGeoJson { .. })
        ));
        assert!(matches!(
            read_topojson("t", br#"{"type":"Topology","arcs":[],"objects":{}}"#),
            Err(ImportError::NoFeatures { .. })
        ));
        assert!(matches!(
            read_topojson("t", b"{\"type\":\"Topo"),
            Err(ImportError::Json { .. })
        ));
    }
}
