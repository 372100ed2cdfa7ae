//! Geometry checks after import and reprojection, with the fixes that are safe to make
//! without asking: closing rings, removing repeated points, dropping empty or degenerate
//! parts, and orienting rings as RFC 7946 wants (exterior counter-clockwise, holes
//! clockwise). Everything else — missing geometry, non-finite or out-of-range coordinates,
//! self-intersections — is reported and left alone: guessing the planner's intent there
//! could silently move a boundary.
//!
//! Call it on a layer in WGS84 (after [`super::reproject::to_wgs84`]): the range check is
//! for longitude/latitude.

use super::layer::Layer;
use super::shapefile::signed_area2;
use geo::{Coord, Geometry, LineString, MultiPolygon, Point, Polygon};
use serde::{Deserialize, Serialize};

/// What is wrong with a feature's geometry. The UI words these in German or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// The feature has no geometry at all.
    MissingGeometry,
    /// Nothing is left of the geometry (it had no coordinates, or every part was dropped).
    EmptyGeometry,
    /// A part without any position (an empty ring or polygon) was dropped.
    EmptyPart,
    /// A ring did not end where it started; it was closed.
    UnclosedRing,
    /// A ring ran the wrong way round for RFC 7946; it was reversed.
    WrongWinding,
    /// The same position repeated consecutively; the repeats were removed.
    DuplicatePoints,
    /// A ring with fewer than 4 positions (3 distinct corners) was dropped.
    RingTooShort,
    /// A ring enclosing no area (all corners on one line) was dropped.
    ZeroAreaRing,
    /// A coordinate is NaN or infinite.
    NonFinite,
    /// A coordinate lies outside longitude −180…180 / latitude −90…90.
    OutOfRange,
    /// A ring crosses or touches itself.
    SelfIntersection,
}

/// One finding: the feature (1-based, as a planner counts), what, and whether it was fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeometryIssue {
    /// 1-based feature number.
    pub feature: usize,
    /// What was found.
    pub kind: IssueKind,
    /// Whether the fix was made (the feature is usable as it is now).
    pub fixed: bool,
}

/// The most segment pairs tested for self-intersection per ring. The sweep below tests only
/// pairs whose x-ranges overlap, ~n·√n for real boundaries; a pathological ring (a comb of
/// long vertical teeth) could need n², so the test stops here and reports nothing more for
/// that ring rather than freezing the import worker. 20 million pairs take ~0.1 s natively.
pub const MAX_INTERSECTION_TESTS: usize = 20_000_000;

/// Check every feature and apply the safe fixes. Issues are listed per feature and kind
/// (once each), in feature order.
pub fn check_and_fix(layer: Layer) -> (Layer, Vec<GeometryIssue>) {
    let mut layer = layer;
    let mut issues = Vec::new();
    // Said once: a later call (after reprojection) must not list them again.
    let mut unclosed = std::mem::take(&mut layer.unclosed_rings);
    unclosed.sort_unstable();
    for (i, f) in layer.features.iter_mut().enumerate() {
        let mut found: Vec<(IssueKind, bool)> = Vec::new();
        f.geometry = match f.geometry.take() {
            None => {
                found.push((IssueKind::MissingGeometry, false));
                None
            }
            Some(g) => fix_geometry(g, &mut found),
        };
        if unclosed.binary_search(&i).is_ok() {
            found.push((IssueKind::UnclosedRing, true));
        }
        found.sort();
        found.dedup_by_key(|(k, _)| *k);
        issues.extend(found.into_iter().map(|(kind, fixed)| GeometryIssue {
            feature: i + 1,
            kind,
            fixed,
        }));
    }
    (layer, issues)
}

/// Record an issue once (a projected layer would otherwise note "out of range" per vertex).
fn note(found: &mut Vec<(IssueKind, bool)>, kind: IssueKind, fixed: bool) {
    if !found.contains(&(kind, fixed)) {
        found.push((kind, fixed));
    }
}

fn check_coord(c: Coord<f64>, found: &mut Vec<(IssueKind, bool)>) {
    if !(c.x.is_finite() && c.y.is_finite()) {
        note(found, IssueKind::NonFinite, false);
    } else if !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y) {
        note(found, IssueKind::OutOfRange, false);
    }
}

fn fix_geometry(g: Geometry<f64>, found: &mut Vec<(IssueKind, bool)>) -> Option<Geometry<f64>> {
    match g {
        Geometry::Point(p) => {
            check_coord(p.0, found);
            Some(Geometry::Point(p))
        }
        Geometry::MultiPoint(mp) => {
            if mp.0.is_empty() {
                found.push((IssueKind::EmptyGeometry, false));
                return None;
            }
            mp.0.iter()
                .for_each(|p: &Point<f64>| check_coord(p.0, found));
            Some(Geometry::MultiPoint(mp))
        }
        Geometry::Polygon(p) => {
            let mut polys = fix_polygons(vec![p], found);
            match polys.len() {
                0 => None,
                1 => polys.pop().map(Geometry::Polygon),
                _ => Some(Geometry::MultiPolygon(MultiPolygon(polys))),
            }
        }
        Geometry::MultiPolygon(mp) => {
            let polys = fix_polygons(mp.0, found);
            (!polys.is_empty()).then_some(Geometry::MultiPolygon(MultiPolygon(polys)))
        }
        // The readers produce only the four types above; anything else passes unchanged.
        other => Some(other),
    }
}

/// Fix each polygon's rings; drop polygons whose exterior had to go. When nothing is left,
/// the drops were no fix: they are reported as not fixed, with `EmptyGeometry`.
fn fix_polygons(polys: Vec<Polygon<f64>>, found: &mut Vec<(IssueKind, bool)>) -> Vec<Polygon<f64>> {
    let before = found.len();
    let mut out = Vec::with_capacity(polys.len());
    for p in polys {
        let (exterior, interiors) = p.into_inner();
        let Some(exterior) = fix_ring(exterior.0, true, found) else {
            continue;
        };
        let holes: Vec<LineString<f64>> = interiors
            .into_iter()
            .filter_map(|r| fix_ring(r.0, false, found))
            .map(LineString)
            .collect();
        out.push(Polygon::new(LineString(exterior), holes));
    }
    if out.is_empty() {
        for f in found.iter_mut().skip(before) {
            f.1 = false;
        }
        found.push((IssueKind::EmptyGeometry, false));
    }
    out
}

/// One ring: coordinate checks, repeated points, closing, length, area, orientation
/// (`exterior`: counter-clockwise, else clockwise), self-intersection. `None`: dropped.
fn fix_ring(
    mut ring: Vec<Coord<f64>>,
    exterior: bool,
    found: &mut Vec<(IssueKind, bool)>,
) -> Option<Vec<Coord<f64>>> {
    if ring.is_empty() {
        found.push((IssueKind::EmptyPart, true));
        return None;
    }
    let mut finite = true;
    for &c in &ring {
        check_coord(c, found);
        finite &= c.x.is_finite() && c.y.is_finite();
    }
    let n = ring.len();
    ring.dedup();
    if ring.len() < n {
        found.push((IssueKind::DuplicatePoints, true));
    }
    if ring.first() != ring.last() {
        if let Some(&first) = ring.first() {
            ring.push(first);
        }
        found.push((IssueKind::UnclosedRing, true));
    }
    if ring.len() < 4 {
        found.push((IssueKind::RingTooShort, true));
        return None;
    }
    if !finite {
        // No orientation or intersection can be computed; keep the ring for the report.
        return Some(ring);
    }
    let area = signed_area2(&ring);
    if area == 0.0 {
        found.push((IssueKind::ZeroAreaRing, true));
        return None;
    }
    if (area > 0.0) != exterior {
        ring.reverse();
        found.push((IssueKind::WrongWinding, true));
    }
    if self_intersects(&ring) {
        found.push((IssueKind::SelfIntersection, false));
    }
    Some(ring)
}

/// Orientation of the triangle a, b, c: > 0 counter-clockwise, < 0 clockwise, 0 collinear.
fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// Is `c` (collinear with a–b) within the segment's bounding box?
fn on_segment(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    c.x >= a.x.min(b.x) && c.x <= a.x.max(b.x) && c.y >= a.y.min(b.y) && c.y <= a.y.max(b.y)
}

/// Do segments p1–p2 and q1–q2 intersect or touch (the classic orientation test)?
fn segments_meet(p1: Coord<f64>, p2: Coord<f64>, q1: Coord<f64>, q2: Coord<f64>) -> bool {
    let (d1, d2) = (orient(q1, q2, p1), orient(q1, q2, p2));
    let (d3, d4) = (orient(p1, p2, q1), orient(p1, p2, q2));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    (d1 == 0.0 && on_segment(q1, q2, p1))
        || (d2 == 0.0 && on_segment(q1, q2, p2))
        || (d3 == 0.0 && on_segment(p1, p2, q1))
        || (d4 == 0.0 && on_segment(p1, p2, q2))
}

/// Does a closed ring (first = last, no consecutive repeats) cross or touch itself?
/// Sweep over x: segments sorted by their left end; each is tested only against the
/// still-open segments whose x-range reaches it. Neighbouring segments (sharing a vertex)
/// are skipped. Bounded by [`MAX_INTERSECTION_TESTS`].
pub fn self_intersects(ring: &[Coord<f64>]) -> bool {
    let n = ring.len().saturating_sub(1); // segments
    if n < 3 {
        return false;
    }
    let seg = |i: usize| (ring[i], ring[i + 1]);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (a1, a2) = seg(a);
        let (b1, b2) = seg(b);
        a1.x.min(a2.x).total_cmp(&b1.x.min(b2.x))
    });
    let mut active: Vec<usize> = Vec::new();
    let mut tests = 0usize;
    for &i in &order {
        let (p1, p2) = seg(i);
        let left = p1.x.min(p2.x);
        active.retain(|&j| {
            let (q1, q2) = seg(j);
            q1.x.max(q2.x) >= left
        });
        for &j in &active {
            let adjacent = i.abs_diff(j) == 1 || i.abs_diff(j) == n - 1;
            if adjacent {
                continue;
            }
            tests += 1;
            if tests > MAX_INTERSECTION_TESTS {
                return false;
            }
            let (q1, q2) = seg(j);
            if segments_meet(p1, p2, q1, q2) {
                return true;
            }
        }
        active.push(i);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layer::ImportedFeature;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    fn layer(geoms: Vec<Option<Geometry<f64>>>) -> Layer {
        Layer {
            unclosed_rings: Vec::new(),
            source_file: "t".into(),
            fields: vec![],
            features: geoms
                .into_iter()
                .map(|geometry| ImportedFeature {
                    geometry,
                    properties: vec![],
                })
                .collect(),
        }
    }

    fn kinds(issues: &[GeometryIssue], feature: usize) -> Vec<(IssueKind, bool)> {
        issues
            .iter()
            .filter(|i| i.feature == feature)
            .map(|i| (i.kind, i.fixed))
            .collect()
    }

    /// A polygon whose rings are taken as given (geo's constructor would close them).
    fn raw_polygon(rings: Vec<Vec<Coord<f64>>>) -> Geometry<f64> {
        let mut it = rings.into_iter().map(LineString);
        let ext = it.next().unwrap();
        Geometry::MultiPolygon(MultiPolygon(vec![Polygon::new(ext, it.collect())]))
    }

    #[test]
    fn clockwise_exterior_with_repeats_is_fixed() {
        // Clockwise square with a repeated corner and a counter-clockwise hole.
        let ext = vec![
            c(0., 0.),
            c(0., 1.),
            c(0., 1.),
            c(1., 1.),
            c(1., 0.),
            c(0., 0.),
        ];
        let hole = vec![c(0.2, 0.2), c(0.4, 0.2), c(0.4, 0.4), c(0.2, 0.2)];
        let (out, issues) = check_and_fix(layer(vec![Some(raw_polygon(vec![ext, hole]))]));
        assert_eq!(
            kinds(&issues, 1),
            [
                (IssueKind::WrongWinding, true),
                (IssueKind::DuplicatePoints, true)
            ]
        );
        let Some(Geometry::MultiPolygon(mp)) = &out.features[0].geometry else {
            panic!()
        };
        let ext = &mp.0[0].exterior().0;
        assert_eq!(ext.len(), 5);
        assert!(signed_area2(ext) > 0.0, "exterior counter-clockwise");
        assert!(
            signed_area2(&mp.0[0].interiors()[0].0) < 0.0,
            "hole clockwise"
        );
    }

    #[test]
    fn drops_and_reports() {
        let good = vec![c(0., 0.), c(1., 0.), c(1., 1.), c(0., 0.)];
        let short = vec![c(5., 5.), c(6., 5.), c(5., 5.)];
        let flat = vec![c(0., 0.), c(1., 1.), c(2., 2.), c(0., 0.)];
        let polys = MultiPolygon(vec![
            Polygon::new(LineString(good.clone()), vec![]),
            Polygon::new(LineString(short.clone()), vec![]),
            Polygon::new(LineString(vec![]), vec![]),
        ]);
        let (out, issues) = check_and_fix(layer(vec![
            Some(Geometry::MultiPolygon(polys)),
            Some(raw_polygon(vec![short])),
            None,
            Some(raw_polygon(vec![flat])),
            Some(Geometry::Point(Point::new(400_000.0, 5_700_000.0))),
            Some(Geometry::Point(Point::new(f64::NAN, 1.0))),
        ]));
        assert_eq!(
            kinds(&issues, 1),
            [
                (IssueKind::EmptyPart, true),
                (IssueKind::RingTooShort, true)
            ]
        );
        let Some(Geometry::MultiPolygon(mp)) = &out.features[0].geometry else {
            panic!()
        };
        assert_eq!(mp.0.len(), 1);
        // Nothing left of feature 2: not fixed.
        assert_eq!(
            kinds(&issues, 2),
            [
                (IssueKind::EmptyGeometry, false),
                (IssueKind::RingTooShort, false)
            ]
        );
        assert_eq!(out.features[1].geometry, None);
        assert_eq!(kinds(&issues, 3), [(IssueKind::MissingGeometry, false)]);
        assert_eq!(
            kinds(&issues, 4),
            [
                (IssueKind::EmptyGeometry, false),
                (IssueKind::ZeroAreaRing, false)
            ]
        );
        assert_eq!(kinds(&issues, 5), [(IssueKind::OutOfRange, false)]);
        assert_eq!(kinds(&issues, 6), [(IssueKind::NonFinite, false)]);
    }

    #[test]
    fn unclosed_ring_is_closed() {
        let open = vec![c(0., 0.), c(1., 0.), c(1., 1.), c(0., 1.)];
        let (out, issues) = check_and_fix(layer(vec![Some(raw_polygon(vec![open]))]));
        // geo's Polygon::new closes rings itself, so the reader's geometry arrives closed;
        // the check stays for layers built otherwise.
        let Some(Geometry::MultiPolygon(mp)) = &out.features[0].geometry else {
            panic!()
        };
        assert_eq!(mp.0[0].exterior().0.len(), 5);
        assert!(issues.iter().all(|i| i.fixed));
        // Directly on a ring: closing is reported.
        let mut found = Vec::new();
        let r = fix_ring(vec![c(0., 0.), c(1., 0.), c(1., 1.)], true, &mut found).unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(found, [(IssueKind::UnclosedRing, true)]);
    }

    #[test]
    fn self_intersections() {
        // A bow tie crosses itself; a square does not; a ring touching itself at a vertex
        // (figure eight through (1,1)) does.
        let bow = [c(0., 0.), c(2., 2.), c(2., 0.), c(0., 2.), c(0., 0.)];
        assert!(self_intersects(&bow));
        let square = [c(0., 0.), c(1., 0.), c(1., 1.), c(0., 1.), c(0., 0.)];
        assert!(!self_intersects(&square));
        let eight = [
            c(0., 0.),
            c(1., 1.),
            c(2., 0.),
            c(2., 2.),
            c(1., 1.),
            c(0., 2.),
            c(0., 0.),
        ];
        assert!(self_intersects(&eight));
        // A symmetric bow tie has zero area (dropped as such); this one has some.
        let uneven = vec![c(0., 0.), c(3., 2.), c(3., 0.), c(0., 3.), c(0., 0.)];
        let (_, issues) = check_and_fix(layer(vec![Some(raw_polygon(vec![uneven]))]));
        assert!(issues.contains(&GeometryIssue {
            feature: 1,
            kind: IssueKind::SelfIntersection,
            fixed: false
        }));
    }

    #[test]
    fn issues_serialise_for_the_ui() {
        let i = GeometryIssue {
            feature: 3,
            kind: IssueKind::WrongWinding,
            fixed: true,
        };
        assert_eq!(
            serde_json::to_string(&i).unwrap(),
            r#"{"feature":3,"kind":"wrong_winding","fixed":true}"#
        );
    }
}
