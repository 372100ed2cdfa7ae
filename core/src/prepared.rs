//! The dataset prepared for interaction: projected once, indexed once.
//!
//! When a dataset loads, every boundary is projected to local Web Mercator metres (see
//! [`crate::projection`]), its bounding box goes into an R-tree, and a label point is
//! chosen. Each service is projected and assigned to the district that contains it.
//! Hovering, clicking and counting then only look things up: no re-projection, no scan of
//! all polygons per mouse move.

use crate::dataset::{Dataset, DistrictId};
use crate::projection::{
    ground_metres_per_mercator_metre, lonlat_to_mercator, mercator_to_lonlat, MercatorTable,
};
use geo::{Area, BoundingRect, Contains, Coord, LineString, MapCoords, MultiPolygon, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

type BoxEntry = GeomWithData<Rectangle<[f64; 2]>, u32>;
type PointEntry = GeomWithData<[f64; 2], u32>;

/// One district, projected.
#[derive(Debug, Clone)]
pub struct PreparedDistrict {
    pub id: DistrictId,
    /// Outline in local Mercator metres.
    pub shape: MultiPolygon<f64>,
    pub bounds: Rect<f64>,
    /// A point inside the polygon (not the centroid, which can fall outside a concave shape),
    /// for labels and for placing the pointer in tests.
    pub label_point: Coord<f64>,
    /// Ground area in km², from the Mercator area scaled by cos²(φ) at the district's
    /// latitude (the Mercator scale error over one district is far below 0.1 %).
    pub area_km2: f64,
}

/// A service, projected, with the district it lies in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreparedService {
    pub position: Coord<f64>,
    /// The containing district; `None` for a point outside every district.
    pub district: Option<DistrictId>,
}

/// The projected, indexed form of a [`Dataset`].
#[derive(Debug, Clone)]
pub struct PreparedMap {
    /// Mercator coordinates of the local origin (subtract it to get local coordinates).
    pub origin: Coord<f64>,
    pub districts: Vec<PreparedDistrict>,
    pub services: Vec<PreparedService>,
    /// Bounds of all districts in local metres.
    pub bounds: Rect<f64>,
    district_index: RTree<BoxEntry>,
    service_index: RTree<PointEntry>,
}

fn rect_to_aabb(r: Rect<f64>) -> Rectangle<[f64; 2]> {
    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y])
}

impl PreparedMap {
    /// Project and index `dataset`. Cost grows with the number of vertices; done once per load.
    pub fn new(dataset: &Dataset) -> PreparedMap {
        // Origin: the centre of all boundaries in Mercator metres. The lon/lat bounds are
        // projected instead of every vertex (Mercator is monotonic in both axes), so each
        // vertex is projected once, straight into local metres.
        let lonlat_bounds = dataset
            .districts
            .iter()
            .filter_map(|d| d.geometry.bounding_rect())
            .reduce(union);
        let origin = lonlat_bounds
            .map(|r| {
                let (a, b) = (lonlat_to_mercator(r.min()), lonlat_to_mercator(r.max()));
                Coord {
                    x: (a.x + b.x) / 2.0,
                    y: (a.y + b.y) / 2.0,
                }
            })
            .unwrap_or(Coord { x: 0.0, y: 0.0 });
        let table = lonlat_bounds.and_then(|r| MercatorTable::new(r.min().y, r.max().y));
        let local = |c: Coord<f64>| {
            let m = table
                .as_ref()
                .map_or_else(|| lonlat_to_mercator(c), |t| t.project(c));
            Coord {
                x: m.x - origin.x,
                y: m.y - origin.y,
            }
        };
        let mut districts = Vec::with_capacity(dataset.districts.len());
        for d in &dataset.districts {
            let shape = d.geometry.map_coords(local);
            let bounds = shape.bounding_rect().unwrap_or(Rect::new(
                Coord { x: 0.0, y: 0.0 },
                Coord { x: 0.0, y: 0.0 },
            ));
            // The box centre when it is inside (most districts; one point-in-polygon test),
            // else the widest inside stretch of a few rows (a few scans of the outline).
            let centre = bounds.center();
            let label_point = if inside_even_odd(&shape, centre) {
                centre
            } else {
                scanline_interior_point(&shape, bounds).unwrap_or(centre)
            };
            let lat = mercator_to_lonlat(Coord {
                x: 0.0,
                y: centre.y + origin.y,
            })
            .y;
            let k = ground_metres_per_mercator_metre(lat);
            let area_km2 = shape.unsigned_area() * k * k / 1e6;
            districts.push(PreparedDistrict {
                id: d.id,
                shape,
                bounds,
                label_point,
                area_km2,
            });
        }
        let bounds = districts
            .iter()
            .map(|d| d.bounds)
            .reduce(union)
            .unwrap_or(Rect::new(
                Coord { x: -1.0, y: -1.0 },
                Coord { x: 1.0, y: 1.0 },
            ));
        let district_index = RTree::bulk_load(
            districts
                .iter()
                .map(|d| BoxEntry::new(rect_to_aabb(d.bounds), d.id.0))
                .collect(),
        );
        let mut map = PreparedMap {
            origin,
            districts,
            services: Vec::new(),
            bounds,
            district_index,
            service_index: RTree::new(),
        };
        map.services = dataset
            .services
            .iter()
            .map(|s| {
                let position = local(s.location.0);
                PreparedService {
                    position,
                    district: map.district_at(position),
                }
            })
            .collect();
        map.service_index = RTree::bulk_load(
            map.services
                .iter()
                .enumerate()
                .map(|(i, s)| PointEntry::new([s.position.x, s.position.y], i as u32))
                .collect(),
        );
        map
    }

    /// Project a lon/lat coordinate into this map's local metres.
    pub fn project(&self, lonlat: Coord<f64>) -> Coord<f64> {
        let m = lonlat_to_mercator(lonlat);
        Coord {
            x: m.x - self.origin.x,
            y: m.y - self.origin.y,
        }
    }

    /// The district containing local point `p` (point-in-polygon after an R-tree lookup of
    /// the bounding boxes). A point exactly on a shared edge belongs to neither polygon's
    /// interior; it is then given to the first district whose boundary it touches, so that
    /// every point is counted once.
    pub fn district_at(&self, p: Coord<f64>) -> Option<DistrictId> {
        let candidates: Vec<u32> = self
            .district_index
            .locate_all_at_point(&[p.x, p.y])
            .map(|e| e.data)
            .collect();
        let point = Point(p);
        candidates
            .iter()
            .copied()
            .find(|&i| self.districts[i as usize].shape.contains(&point))
            .or_else(|| {
                use geo::Intersects;
                candidates
                    .iter()
                    .copied()
                    .min()
                    .filter(|&i| self.districts[i as usize].shape.intersects(&point))
            })
            .map(DistrictId)
    }

    /// The service nearest to local point `p` within `radius` metres, if any, limited to
    /// services for which `visible` is true.
    pub fn service_near(
        &self,
        p: Coord<f64>,
        radius: f64,
        visible: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        self.service_index
            .nearest_neighbor_iter_with_distance_2(&[p.x, p.y])
            .take_while(|(_, d2)| *d2 <= radius * radius)
            .map(|(e, _)| e.data as usize)
            .find(|&i| visible(i))
    }

    /// Districts whose bounding box meets `view` (for culling labels and drawing).
    pub fn districts_in(&self, view: Rect<f64>) -> impl Iterator<Item = DistrictId> + '_ {
        self.district_index
            .locate_in_envelope_intersecting(&AABB::from_corners(
                [view.min().x, view.min().y],
                [view.max().x, view.max().y],
            ))
            .map(|e| DistrictId(e.data))
    }

    /// Indices of the services inside district `id`.
    pub fn services_in(&self, id: DistrictId) -> impl Iterator<Item = usize> + '_ {
        self.services
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.district == Some(id))
            .map(|(i, _)| i)
    }
}

/// Plain even-odd ray crossing test, for choosing a label point only: several times cheaper
/// than geo's robust `Contains` (exact predicates per edge), and a point within rounding
/// distance of the boundary is an equally good label point either way.
fn inside_even_odd(shape: &MultiPolygon<f64>, p: Coord<f64>) -> bool {
    let mut inside = false;
    for ring in rings(shape) {
        for line in ring.0.windows(2) {
            let (a, b) = (line[0], line[1]);
            if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) {
                inside = !inside;
            }
        }
    }
    inside
}

/// The rings of `shape`: each polygon's exterior, then its holes.
pub(crate) fn rings(shape: &MultiPolygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    shape
        .0
        .iter()
        .flat_map(|polygon| std::iter::once(polygon.exterior()).chain(polygon.interiors()))
}

/// Into `out` (cleared first), ascending: the x of every edge of `shape` that crosses the
/// horizontal row at height `y`. The half-open test (one end ≤ y, the other > y) counts a
/// vertex on the row once, not twice; by the even–odd rule the stretches between crossings
/// 0–1, 2–3, … are inside.
pub(crate) fn row_crossings(shape: &MultiPolygon<f64>, y: f64, out: &mut Vec<f64>) {
    out.clear();
    for ring in rings(shape) {
        for line in ring.0.windows(2) {
            let (a, b) = (line[0], line[1]);
            if (a.y > y) != (b.y > y) {
                out.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
        }
    }
    crate::sort::sort_f64(out);
}

/// A point inside `shape` for its label: on a few horizontal rows through the bounding box
/// (near the middle first, then near the quarters, then the eighths), the midpoint of the
/// widest stretch that lies inside by the even–odd rule. `None` when no row meets the shape
/// with a stretch of positive width (a degenerate outline).
///
/// Each row is moved to halfway between the two vertex heights around its target, so no
/// vertex and no horizontal edge lies on it: every edge that meets the row crosses it
/// properly, and the midpoint of a stretch between two consecutive crossings is strictly
/// inside, never on the outline.
///
/// Written here rather than taken from geo's `InteriorPoint`: that one decides with geo's
/// general relate (DE-9IM) machinery, which alone put ~60 KB (raw) into the app's wasm
/// (BENCHMARKS.md, "Bundle size"); a label only needs the scanline.
fn scanline_interior_point(shape: &MultiPolygon<f64>, bounds: Rect<f64>) -> Option<Coord<f64>> {
    const ROWS: [f64; 7] = [0.5, 0.25, 0.75, 0.375, 0.625, 0.125, 0.875];
    let mut crossings: Vec<f64> = Vec::new();
    let mut best: Option<(f64, Coord<f64>)> = None;
    for t in ROWS {
        let target = bounds.min().y + t * bounds.height();
        // The nearest vertex heights at or below and above the target.
        let (mut below, mut above) = (f64::NEG_INFINITY, f64::INFINITY);
        for c in rings(shape).flat_map(|ring| ring.0.iter()) {
            if c.y <= target {
                below = below.max(c.y);
            } else {
                above = above.min(c.y);
            }
        }
        if !(below.is_finite() && above.is_finite()) {
            continue;
        }
        let y = below + (above - below) / 2.0;
        row_crossings(shape, y, &mut crossings);
        for pair in crossings.chunks_exact(2) {
            let width = pair[1] - pair[0];
            if width > 0.0 && best.is_none_or(|(w, _)| width > w) {
                best = Some((
                    width,
                    Coord {
                        x: pair[0] + width / 2.0,
                        y,
                    },
                ));
            }
        }
    }
    best.map(|(_, p)| p)
}

fn union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tests::sample;

    // The sample dataset: two unit squares side by side (lon 7.0–7.1 and 7.1–7.2,
    // lat 51.0–51.1), one Kita at (7.05, 51.05) inside "West".
    //
    //   51.1 +-------+-------+
    //        |  001  |  002  |
    //        |   K   |       |
    //   51.0 +-------+-------+
    //       7.0     7.1     7.2

    #[test]
    fn point_in_polygon_finds_the_right_district() {
        let d = sample();
        let m = PreparedMap::new(&d);
        let at = |lon: f64, lat: f64| m.district_at(m.project(Coord { x: lon, y: lat }));
        assert_eq!(at(7.05, 51.05), Some(DistrictId(0)));
        assert_eq!(at(7.15, 51.05), Some(DistrictId(1)));
        assert_eq!(at(7.25, 51.05), None);
        assert_eq!(at(7.05, 51.15), None);
        // On the shared edge: counted once, for the first district.
        assert_eq!(at(7.1, 51.05), Some(DistrictId(0)));
        assert_eq!(m.services[0].district, Some(DistrictId(0)));
        assert_eq!(m.services_in(DistrictId(0)).count(), 1);
        assert_eq!(m.services_in(DistrictId(1)).count(), 0);
    }

    #[test]
    fn area_is_in_ground_square_kilometres() {
        // 0.1° × 0.1° at 51.05° N: 0.1·111.32 km·cos(51.05°) × 0.1·111.2 km ≈ 7.0 × 11.1 km
        // ≈ 77.8 km² (spherical; the ellipsoid differs by < 0.5 %).
        let m = PreparedMap::new(&sample());
        let a = m.districts[0].area_km2;
        assert!((a - 77.8).abs() < 0.8, "{a}");
    }

    #[test]
    fn even_odd_test_agrees_with_geo_on_a_ring_with_a_hole() {
        use geo::polygon;
        let outer = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0), (x: 0.0, y: 0.0)];
        let hole = polygon![(x: 3.0, y: 3.0), (x: 7.0, y: 3.0), (x: 7.0, y: 7.0), (x: 3.0, y: 7.0), (x: 3.0, y: 3.0)];
        let shape = MultiPolygon::new(vec![geo::Polygon::new(
            outer.exterior().clone(),
            vec![hole.exterior().clone()],
        )]);
        for (x, y) in [
            (1.0, 1.0),
            (5.0, 5.0),
            (11.0, 5.0),
            (8.5, 2.5),
            (-1.0, -1.0),
        ] {
            let p = Coord { x, y };
            assert_eq!(
                inside_even_odd(&shape, p),
                shape.contains(&Point(p)),
                "{x} {y}"
            );
        }
    }

    fn multi(ring: &[(f64, f64)], holes: &[&[(f64, f64)]]) -> MultiPolygon<f64> {
        let line = |r: &[(f64, f64)]| r.iter().map(|&(x, y)| Coord { x, y }).collect();
        let holes = holes.iter().map(|h| line(h)).collect();
        MultiPolygon(vec![geo::Polygon::new(line(ring), holes)])
    }

    /// A U whose box centre (1.5, 1.5) is in the gap. The middle row (moved to y = 2,
    /// halfway between the vertex heights 1 and 3) meets the two arms, stretches of width 1;
    /// the quarter row (y = 0.5, between 0 and 1) runs along the base, width 3, and wins.
    #[test]
    fn scanline_label_takes_the_widest_inside_stretch() {
        let u = multi(
            &[
                (0., 0.),
                (3., 0.),
                (3., 3.),
                (2., 3.),
                (2., 1.),
                (1., 1.),
                (1., 3.),
                (0., 3.),
            ],
            &[],
        );
        let bounds = u.bounding_rect().unwrap();
        assert!(!inside_even_odd(&u, bounds.center()));
        let p = scanline_interior_point(&u, bounds).unwrap();
        assert_eq!(p, Coord { x: 1.5, y: 0.5 });
        assert!(u.contains(&Point(p)));
    }

    /// A 4 × 4 square with a hole from 1 to 3: the three-quarter row (target y = 3) lies on
    /// the hole's top edge, where the whole width would look inside. It is moved to y = 3.5
    /// (between the heights 3 and 4), so the label is off the hole's outline.
    #[test]
    fn scanline_label_is_never_on_a_horizontal_edge() {
        let framed = multi(
            &[(0., 0.), (4., 0.), (4., 4.), (0., 4.)],
            &[&[(1., 1.), (3., 1.), (3., 3.), (1., 3.)]],
        );
        let p = scanline_interior_point(&framed, framed.bounding_rect().unwrap()).unwrap();
        assert_eq!(p, Coord { x: 2.0, y: 3.5 });
        assert!(framed.contains(&Point(p)));
    }

    /// A 4 × 4 square with a hole from 1 to 3, cut at y = 2: the outer ring at x = 0 and 4,
    /// the hole at 1 and 3, ascending. At y = 1 (the hole's bottom edge) the half-open test
    /// counts each of the hole's vertical edges once; at y = 4 (the top) nothing crosses.
    #[test]
    fn row_crossings_are_sorted_and_count_a_vertex_once() {
        let framed = multi(
            &[(0., 0.), (4., 0.), (4., 4.), (0., 4.)],
            &[&[(1., 1.), (3., 1.), (3., 3.), (1., 3.)]],
        );
        let mut out = vec![99.0];
        row_crossings(&framed, 2.0, &mut out);
        assert_eq!(out, vec![0.0, 1.0, 3.0, 4.0]);
        row_crossings(&framed, 1.0, &mut out);
        assert_eq!(out, vec![0.0, 1.0, 3.0, 4.0]);
        row_crossings(&framed, 4.0, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn scanline_label_of_a_flat_outline_is_none() {
        let flat = multi(&[(0., 1.), (2., 1.), (4., 1.)], &[]);
        let bounds = flat.bounding_rect().unwrap();
        assert_eq!(scanline_interior_point(&flat, bounds), None);
        assert_eq!(scanline_interior_point(&MultiPolygon(vec![]), bounds), None);
    }

    #[test]
    fn label_point_is_inside() {
        let m = PreparedMap::new(&sample());
        for d in &m.districts {
            assert!(d.shape.contains(&Point(d.label_point)));
        }
    }

    #[test]
    fn nearest_service_respects_radius_and_visibility() {
        let m = PreparedMap::new(&sample());
        let k = m.services[0].position;
        let near = Coord {
            x: k.x + 3.0,
            y: k.y - 4.0,
        }; // 5 m away
        assert_eq!(m.service_near(near, 6.0, |_| true), Some(0));
        assert_eq!(m.service_near(near, 4.0, |_| true), None);
        assert_eq!(m.service_near(near, 6.0, |_| false), None);
    }

    #[test]
    fn local_origin_is_the_centre() {
        let m = PreparedMap::new(&sample());
        assert!(m.bounds.center().x.abs() < 1e-6 && m.bounds.center().y.abs() < 1e-6);
        assert_eq!(m.districts_in(m.bounds).count(), 2);
    }
}
