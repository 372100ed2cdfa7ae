//! How well each district is served by one category of services, in metres.
//!
//! Four measures per district and category, each answering a planner's question:
//!
//! * **count** and **per km²** — "how many are there?" (points inside the polygon);
//! * **per 1 000 children** — "how many for the children who live here?", with the number
//!   of children *estimated* from shares (see [`estimated_children`]);
//! * **coverage share** — "which part of the district lies within walking distance of one?"
//!   Services just across the border count too: people cross district borders, statistics
//!   do not stop them;
//! * **nearest distance** — "how far is it from the centre to the closest one, anywhere?"
//!
//! Geometry runs in the local Web Mercator metres of [`PreparedMap`]. Mercator stretches
//! lengths by 1/cos φ, so every ground length (radius, cell size) is converted with
//! `k = cos φ` of the district ([`ground_metres_per_mercator_metre`]) before it meets
//! Mercator coordinates; over one district the change of k is far below 0.1 %. The reported
//! nearest distance is measured again on the sphere ([`distance_m`]) so that it is a true
//! ground distance however far away the service is.

use crate::dataset::Dataset;
use crate::manifest::CategoryId;
use crate::prepared::PreparedMap;
use crate::projection::{ground_metres_per_mercator_metre, mercator_to_lonlat};
use geo::{BoundingRect, Coord, MultiPolygon, Rect};
use rstar::RTree;

/// Mean earth radius R₁ = (2a + b)/3 of the WGS84 ellipsoid in metres (IUGG; Moritz 1980,
/// "Geodetic Reference System 1980", Bulletin Géodésique 54). A sphere of this radius
/// minimises the mean error of great-circle distances against the ellipsoid.
pub const MEAN_EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Default sampling cell for [`coverage_share`], in ground metres.
///
/// Dortmund covers 280 km²: at 50 m that is ≈ 112 000 cells per category (plus the parts of
/// the district bounding boxes that lie outside the polygons), each one R-tree query, so
/// 170 districts × 3 categories take a few tens of milliseconds natively (measured: 60 ms
/// for Dortmund's kita, grundschule and jugendzentrum, release build). The sampling error
/// is about one cell along the edge of the covered area (see [`coverage_share`]): with a
/// 500 m radius that is a few per cent at most, below what the district map can show.
pub const DEFAULT_CELL_M: f64 = 50.0;

/// Upper bound on grid cells per district. A caller passing a tiny cell size for a huge
/// polygon gets a coarser grid instead of a frozen browser tab.
pub const MAX_CELLS: usize = 1_000_000;

/// Children estimated from shares, because the Dortmund data holds shares, not counts:
///
/// children ≈ population density [residents/ha] × area [km²] × 100 [ha/km²] × age share [%] / 100.
///
/// Example: 50 residents/ha × 2 km² × 100 = 10 000 residents; 6 % of them = 600 children.
/// The density is itself rounded and refers to the whole district area (including parks and
/// industry), so the result is an estimate: label it as one in the UI.
///
/// Returns `None` if any input is missing, negative or not finite.
pub fn estimated_children(
    density_per_ha: Option<f64>,
    area_km2: f64,
    share_pct: Option<f64>,
) -> Option<f64> {
    let density = density_per_ha?;
    let share = share_pct?;
    let ok = |v: f64| v.is_finite() && v >= 0.0;
    if !(ok(density) && ok(area_km2) && ok(share)) {
        return None;
    }
    Some(density * area_km2 * 100.0 * share / 100.0)
}

/// Great-circle distance in metres between two lon/lat points (degrees, x = lon, y = lat).
///
/// Haversine formula (Sinnott 1984, "Virtues of the Haversine", Sky & Telescope 68:159):
///
/// a = sin²(Δφ/2) + cos φ₁ · cos φ₂ · sin²(Δλ/2),  d = 2 R · asin(√a),
///
/// with R = [`MEAN_EARTH_RADIUS_M`]. It stays accurate for short distances (unlike the
/// spherical law of cosines). Treating the earth as a sphere costs at most about 0.5 %
/// against the WGS84 ellipsoid (the flattening is 1/298; the worst case is along meridians
/// near the poles or equator) — a few metres over a walking distance, far below the
/// uncertainty of a service's geocoded address.
pub fn distance_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (phi1, phi2) = (a.y.to_radians(), b.y.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (b.x - a.x).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    // Rounding can push h a hair above 1 for antipodal points; asin would then give NaN.
    2.0 * MEAN_EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Supply of one service category in one district.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyStats {
    /// Services of the category inside the district (the point-in-polygon result stored in
    /// [`crate::prepared::PreparedService::district`]).
    pub count: usize,
    /// `count` per ground km² (0 for a district without area).
    pub per_km2: f64,
    /// `count` per 1 000 (estimated) children; `None` when the children are unknown or 0.
    pub per_1000_children: Option<f64>,
    /// 0..=1: share of the district's area within the radius (ground metres) of at least one
    /// service of the category, wherever that service is — across the border included.
    pub coverage_share: f64,
    /// Ground distance in metres from the district's centre (its label point, which lies
    /// inside the polygon) to the nearest service of the category anywhere; `None` when the
    /// category has no services at all.
    pub nearest_m: Option<f64>,
}

/// The service positions of one category (local Mercator metres) in an R-tree.
///
/// Built once per category and reused for all districts: coverage asks "is any service
/// within r of this point?" about a hundred thousand times, which an R-tree answers in
/// O(log n) each instead of scanning all services.
#[derive(Clone)]
pub struct CategoryIndex {
    tree: RTree<[f64; 2]>,
}

impl CategoryIndex {
    /// Index `positions` (local Mercator metres). Non-finite positions are skipped.
    pub fn new(positions: impl IntoIterator<Item = Coord<f64>>) -> Self {
        let points = positions
            .into_iter()
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .map(|c| [c.x, c.y])
            .collect();
        CategoryIndex {
            tree: RTree::bulk_load(points),
        }
    }

    pub fn len(&self) -> usize {
        self.tree.size()
    }

    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The indexed position nearest to `p` (Mercator distance), if any.
    pub fn nearest(&self, p: Coord<f64>) -> Option<Coord<f64>> {
        self.tree
            .nearest_neighbor(&[p.x, p.y])
            .map(|&[x, y]| Coord { x, y })
    }

    /// Whether some indexed position lies within `radius` (Mercator units) of `p`. A service
    /// exactly on the radius counts (rstar compares squared distances with `<=`).
    pub fn any_within(&self, p: Coord<f64>, radius: f64) -> bool {
        let r = radius.max(0.0);
        self.tree
            .locate_within_distance([p.x, p.y], r * r)
            .next()
            .is_some()
    }
}

/// Share (0..=1) of a district's area within `radius_m` ground metres of a service in
/// `index`, by sampling.
///
/// A regular grid of cell centres with spacing `cell_m` ground metres is laid over the
/// district's bounding box, centred on it. Cells whose centre lies inside the polygon are
/// the district's area sample; a cell counts as covered when a service lies within the
/// radius of its centre. The result is covered / inside. Lengths become Mercator units by
/// dividing by `k` (= cos φ of the district, see [`ground_metres_per_mercator_metre`]):
/// radius_merc = radius_m / k, step_merc = cell_m / k.
///
/// Why sampling and not exact geometry: the exact answer is the area of (district ∩ union
/// of discs), a boolean overlay of hundreds of circles that `geo` without its default
/// features cannot do and that would be slow in the browser. Sampling is simple, robust for
/// any polygon (holes, several parts) and its error is bounded:
///
/// * only cells cut by the edge of the covered area (or the district edge) can be wrong,
///   each by at most its own area, and the errors of the two sides largely cancel, so the
///   error is at most ≈ (length of the coverage edge × `cell_m`) / district area, typically
///   far less. Example: 1 km² district, one 500 m disc, 20 m cells: bound 3.1 km × 20 m /
///   1 km² ≈ 0.06; observed 0.790 against the exact π/4 ≈ 0.785.
///
/// Inside-tests run as a scanline (even–odd rule over all rings, one row at a time), so a
/// district costs rows × edges + cells rather than cells × edges.
///
/// Edge cases:
/// * a district so small or so thin that no cell centre falls inside uses `label_point` as
///   its only sample (result 0 or 1);
/// * no services → 0;
/// * `cell_m` not positive or not finite → [`DEFAULT_CELL_M`]; `k` not positive or not
///   finite → 1; a grid above [`MAX_CELLS`] is coarsened to fit.
pub fn coverage_share(
    shape: &MultiPolygon<f64>,
    label_point: Coord<f64>,
    index: &CategoryIndex,
    radius_m: f64,
    k: f64,
    cell_m: f64,
) -> f64 {
    if index.is_empty() {
        return 0.0;
    }
    let k = if k.is_finite() && k > 0.0 { k } else { 1.0 };
    let cell_m = if cell_m.is_finite() && cell_m > 0.0 {
        cell_m
    } else {
        DEFAULT_CELL_M
    };
    let radius = radius_m.max(0.0) / k;
    let covered = |p: Coord<f64>| index.any_within(p, radius);
    let (inside, hit) = match shape.bounding_rect() {
        Some(bounds) => sample_grid(shape, bounds, cell_m / k, &covered),
        None => (0, 0),
    };
    if inside == 0 {
        return if covered(label_point) { 1.0 } else { 0.0 };
    }
    hit as f64 / inside as f64
}

/// Walk the grid row by row; returns (cells inside, cells inside and covered).
fn sample_grid(
    shape: &MultiPolygon<f64>,
    bounds: Rect<f64>,
    step: f64,
    covered: &impl Fn(Coord<f64>) -> bool,
) -> (usize, usize) {
    let count = |len: f64, step: f64| ((len / step).ceil() as usize).max(1);
    let mut step = step;
    let (mut nx, mut ny) = (count(bounds.width(), step), count(bounds.height(), step));
    if nx.saturating_mul(ny) > MAX_CELLS {
        step *= ((nx as f64 * ny as f64) / MAX_CELLS as f64).sqrt();
        nx = count(bounds.width(), step);
        ny = count(bounds.height(), step);
    }
    let centre = bounds.center();
    // Centre i of n sits at c + (i − (n−1)/2)·step: symmetric about the box centre, so a
    // symmetric district gets a symmetric sample.
    let at = |c: f64, i: usize, n: usize| c + (i as f64 - (n as f64 - 1.0) / 2.0) * step;
    let (mut inside, mut hit) = (0, 0);
    let mut crossings: Vec<f64> = Vec::new();
    for j in 0..ny {
        let y = at(centre.y, j, ny);
        crate::prepared::row_crossings(shape, y, &mut crossings);
        // Even–odd rule: a point is inside when an odd number of crossings lie left of it.
        let mut left = 0;
        for i in 0..nx {
            let x = at(centre.x, i, nx);
            while left < crossings.len() && crossings[left] < x {
                left += 1;
            }
            if left % 2 == 1 {
                inside += 1;
                if covered(Coord { x, y }) {
                    hit += 1;
                }
            }
        }
    }
    (inside, hit)
}

/// Supply of `category` in every district of `map`, in district order.
///
/// * count: services of the category whose `PreparedService::district` is the district;
/// * per km²: count / `area_km2`;
/// * per 1 000 children: count / `children[i]` × 1 000 (`None` if `children[i]` is
///   missing, 0, or `children` is shorter than the district list);
/// * coverage: [`coverage_share`] with `radius_m` and `cell_m`, k = cos φ at the district's
///   label point;
/// * nearest: the nearest service to the label point in Mercator (R-tree), then its true
///   ground distance by [`distance_m`] on lon/lat.
///
/// `map` must have been prepared from `dataset` (services in the same order).
pub fn supply_for_category(
    map: &PreparedMap,
    dataset: &Dataset,
    category: &CategoryId,
    children: &[Option<f64>],
    radius_m: f64,
    cell_m: f64,
) -> Vec<SupplyStats> {
    let members: Vec<usize> = dataset
        .services
        .iter()
        .enumerate()
        .filter(|(_, s)| &s.category == category)
        .map(|(i, _)| i)
        .filter(|&i| i < map.services.len())
        .collect();
    let index = CategoryIndex::new(members.iter().map(|&i| map.services[i].position));
    let mut counts = vec![0usize; map.districts.len()];
    for &i in &members {
        if let Some(c) = map.services[i]
            .district
            .and_then(|d| counts.get_mut(d.index()))
        {
            *c += 1;
        }
    }
    let lonlat = |c: Coord<f64>| {
        mercator_to_lonlat(Coord {
            x: c.x + map.origin.x,
            y: c.y + map.origin.y,
        })
    };
    map.districts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let count = counts[i];
            let centre = lonlat(d.label_point);
            let k = ground_metres_per_mercator_metre(centre.y);
            let per_km2 = if d.area_km2 > 0.0 {
                count as f64 / d.area_km2
            } else {
                0.0
            };
            let per_1000_children = children
                .get(i)
                .copied()
                .flatten()
                .filter(|&c| c.is_finite() && c > 0.0)
                .map(|c| count as f64 / c * 1000.0);
            SupplyStats {
                count,
                per_km2,
                per_1000_children,
                coverage_share: coverage_share(
                    &d.shape,
                    d.label_point,
                    &index,
                    radius_m,
                    k,
                    cell_m,
                ),
                nearest_m: index
                    .nearest(d.label_point)
                    .map(|n| distance_m(centre, lonlat(n))),
            }
        })
        .collect()
}

/// Default walking radius for a category id, in ground metres; the UI lets planners change
/// it.
///
/// These are planning rules of thumb, not law:
/// * `kita` 500 m — the common "kurze Beine, kurze Wege" figure for small children, about
///   8–10 minutes at a toddler's pace;
/// * `grundschule` 1 000 m — a comfortable walk for 6–10-year-olds; for comparison, NRW
///   only pays school transport for primary pupils beyond 2 km (Schülerfahrkostenverordnung
///   § 5), so 1 km is well inside what counts as walkable;
/// * `jugendzentrum` 1 500 m — teenagers walk or cycle farther, about 15–20 minutes on foot;
/// * anything else 1 000 m.
pub fn default_radius_m(category: &str) -> f64 {
    match category {
        "kita" => 500.0,
        "grundschule" => 1_000.0,
        "jugendzentrum" => 1_500.0,
        _ => 1_000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tests::sample;
    use geo::{polygon, InteriorPoint, Polygon};

    fn square(min: f64, max: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: min, y: min), (x: max, y: min), (x: max, y: max), (x: min, y: max)
        ]])
    }

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn estimated_children_arithmetic() {
        // 50 residents/ha × 2 km² × 100 ha/km² = 10 000 residents; 6 % → 600 children.
        assert_eq!(estimated_children(Some(50.0), 2.0, Some(6.0)), Some(600.0));
        // Zero is a valid input, not a missing one.
        assert_eq!(estimated_children(Some(0.0), 2.0, Some(6.0)), Some(0.0));
        assert_eq!(estimated_children(None, 2.0, Some(6.0)), None);
        assert_eq!(estimated_children(Some(50.0), 2.0, None), None);
        assert_eq!(estimated_children(Some(-1.0), 2.0, Some(6.0)), None);
        assert_eq!(estimated_children(Some(50.0), -2.0, Some(6.0)), None);
        assert_eq!(estimated_children(Some(50.0), 2.0, Some(-6.0)), None);
        assert_eq!(estimated_children(Some(f64::NAN), 2.0, Some(6.0)), None);
    }

    #[test]
    fn distance_dortmund_hbf_to_bochum_hbf() {
        // Independent value, same formula and radius:
        //   python3 -c "from math import *; R=6371008.8; p1,p2=radians(51.5178),radians(51.4787);
        //   a=sin((p2-p1)/2)**2+cos(p1)*cos(p2)*sin(radians(7.2236-7.4597)/2)**2;
        //   print(2*R*asin(sqrt(a)))"
        //   → 16912.00168666673
        let dortmund = c(7.4597, 51.5178);
        let bochum = c(7.2236, 51.4787);
        let d = distance_m(dortmund, bochum);
        assert!(close(d, 16_912.001_686_7, 1e-3), "{d}");
        // Symmetric, and zero for the same point.
        assert_eq!(d, distance_m(bochum, dortmund));
        assert_eq!(distance_m(dortmund, dortmund), 0.0);
    }

    #[test]
    fn one_degree_of_latitude() {
        // Along a meridian: d = R·Δφ = 6 371 008.8 × π/180 = 111 195.080 m.
        let d = distance_m(c(7.0, 51.0), c(7.0, 52.0));
        assert!(close(d, 111_195.080, 1e-3), "{d}");
        // Antipodes: half the circumference π·R = 20 015 115 m, no NaN.
        let d = distance_m(c(0.0, 0.0), c(180.0, 0.0));
        assert!(
            close(d, std::f64::consts::PI * MEAN_EARTH_RADIUS_M, 1e-3),
            "{d}"
        );
    }

    #[test]
    fn index_radius_is_inclusive() {
        // A service at (300, 400): exactly 500 from the origin (3-4-5 triangle, and
        // 300² + 400² = 250 000 = 500² exactly in floating point).
        let idx = CategoryIndex::new([c(300.0, 400.0)]);
        assert_eq!(idx.len(), 1);
        assert!(!idx.is_empty());
        assert!(idx.any_within(c(0.0, 0.0), 500.0));
        assert!(!idx.any_within(c(0.0, 0.0), 499.999));
        assert_eq!(idx.nearest(c(0.0, 0.0)), Some(c(300.0, 400.0)));
        let empty = CategoryIndex::new(std::iter::empty());
        assert!(empty.is_empty());
        assert_eq!(empty.nearest(c(0.0, 0.0)), None);
        // Non-finite positions are dropped, not indexed.
        assert!(CategoryIndex::new([c(f64::NAN, 0.0)]).is_empty());
    }

    // The test square, local Mercator metres with k = 1 (1 Mercator metre = 1 ground metre):
    //
    //   (-500, 500) +-----------------------+ (500, 500)
    //               |       .-"""""-.       |
    //               |     /           \     |
    //               |    |      S      |    |      S = service at (0, 0), r = 500 m:
    //               |     \           /     |      the disc touches the four edges
    //               |       '-.....-'       |
    //   (-500,-500) +-----------------------+ (500,-500)
    //
    // 20 m cells → 50 × 50 = 2 500 centres at ±10, ±30, …, ±490.

    #[test]
    fn disc_in_a_square() {
        // Exact: π·500² / 1 000² = π/4 ≈ 0.7854. The grid counts 1 976 of 2 500 centres
        // within 500 m (python3: sum over i,j of (-490+20i)²+(-490+20j)² ≤ 500²) = 0.7904.
        let sq = square(-500.0, 500.0);
        let idx = CategoryIndex::new([c(0.0, 0.0)]);
        let s = coverage_share(&sq, c(0.0, 0.0), &idx, 500.0, 1.0, 20.0);
        assert!(close(s, std::f64::consts::FRAC_PI_4, 0.03), "{s}");
        assert!(close(s, 1976.0 / 2500.0, 1e-12), "{s}");
    }

    #[test]
    fn coverage_scales_lengths_by_k() {
        // At k = 0.5 one Mercator metre is half a ground metre: a 250 m ground radius is
        // 500 Mercator units, and 10 m cells are 20 units — the same picture as above.
        let sq = square(-500.0, 500.0);
        let idx = CategoryIndex::new([c(0.0, 0.0)]);
        let s = coverage_share(&sq, c(0.0, 0.0), &idx, 250.0, 0.5, 10.0);
        assert!(close(s, 1976.0 / 2500.0, 1e-12), "{s}");
    }

    #[test]
    fn nothing_and_everything() {
        let sq = square(-500.0, 500.0);
        // Service 5 km east, radius 500 m: nothing covered.
        let far = CategoryIndex::new([c(5_000.0, 0.0)]);
        assert_eq!(
            coverage_share(&sq, c(0.0, 0.0), &far, 500.0, 1.0, 20.0),
            0.0
        );
        // The farthest centre (490, 490) is 490·√2 ≈ 693 m from (0, 0): a 700 m radius
        // covers every sample.
        let mid = CategoryIndex::new([c(0.0, 0.0)]);
        assert_eq!(
            coverage_share(&sq, c(0.0, 0.0), &mid, 700.0, 1.0, 20.0),
            1.0
        );
        // No services at all.
        let none = CategoryIndex::new(std::iter::empty());
        assert_eq!(coverage_share(&sq, c(0.0, 0.0), &none, 1e9, 1.0, 20.0), 0.0);
    }

    #[test]
    fn a_service_just_outside_still_covers() {
        //   +-----------------+
        //   |                 |
        //   |              (  |  S      S at (600, 0), 100 m outside the east edge,
        //   |                 |         r = 200 m: a circular segment reaches in.
        //   +-----------------+
        //                    500
        // Segment area = r²·acos(d/r) − d·√(r² − d²) with d = 100, r = 200
        //              = 40 000·(π/3) − 100·√30 000 = 41 888 − 17 321 ≈ 24 567 m²
        //              → 0.0246 of 1 km². The 20 m grid counts 62 of 2 500 centres = 0.0248.
        let sq = square(-500.0, 500.0);
        let idx = CategoryIndex::new([c(600.0, 0.0)]);
        let s = coverage_share(&sq, c(0.0, 0.0), &idx, 200.0, 1.0, 20.0);
        assert!(close(s, 0.024_567, 0.005), "{s}");
    }

    #[test]
    fn exactly_on_the_radius_counts() {
        // A 10 m square around the origin with 50 m cells: one cell, its centre the box
        // centre (0, 0). Service at (300, 400), exactly 500 m away.
        let tiny = square(-5.0, 5.0);
        let idx = CategoryIndex::new([c(300.0, 400.0)]);
        assert_eq!(
            coverage_share(&tiny, c(0.0, 0.0), &idx, 500.0, 1.0, 50.0),
            1.0
        );
        assert_eq!(
            coverage_share(&tiny, c(0.0, 0.0), &idx, 499.9, 1.0, 50.0),
            0.0
        );
    }

    #[test]
    fn tiny_concave_district_falls_back_to_its_label_point() {
        // A 30 m "U" with 50 m cells: the single cell centre (15, 15) lies in the notch,
        // outside the polygon, so the label point is the only sample.
        //
        //   30 +--+  +--+
        //      |  |· |  |      · = (15, 15), the only grid centre: in the notch
        //   10 |  +--+  |          (x 10..20, y 10..30), outside the polygon
        //      |        |
        //    0 +--------+
        //      0 10  20 30
        let u: Polygon<f64> = polygon![
            (x: 0.0, y: 0.0), (x: 30.0, y: 0.0), (x: 30.0, y: 30.0), (x: 20.0, y: 30.0),
            (x: 20.0, y: 10.0), (x: 10.0, y: 10.0), (x: 10.0, y: 30.0), (x: 0.0, y: 30.0)
        ];
        let shape = MultiPolygon::new(vec![u]);
        let label = shape.interior_point().unwrap().0;
        let near = CategoryIndex::new([c(label.x + 1.0, label.y)]);
        let far = CategoryIndex::new([c(label.x + 100.0, label.y)]);
        assert_eq!(coverage_share(&shape, label, &near, 5.0, 1.0, 50.0), 1.0);
        assert_eq!(coverage_share(&shape, label, &far, 5.0, 1.0, 50.0), 0.0);
        // Bad cell size or k fall back to sane defaults instead of looping forever.
        assert_eq!(coverage_share(&shape, label, &near, 5.0, 0.0, 0.0), 1.0);
    }

    #[test]
    fn holes_are_not_area() {
        // A 1 km square with a 600 m hole in the middle; service in the hole, r = 300 m.
        //
        //   +-----------+
        //   |  +-----+  |     The disc (r 300 m) lies entirely in the hole (±300 m):
        //   |  |  S  |  |     only the cells on the hole's edge can touch it, and the
        //   |  +-----+  |     ring's samples are all further than 300 m → 0.
        //   +-----------+
        let outer = polygon![
            exterior: [(x: -500.0, y: -500.0), (x: 500.0, y: -500.0), (x: 500.0, y: 500.0), (x: -500.0, y: 500.0)],
            interiors: [[(x: -300.0, y: -300.0), (x: 300.0, y: -300.0), (x: 300.0, y: 300.0), (x: -300.0, y: 300.0)]],
        ];
        let shape = MultiPolygon::new(vec![outer]);
        let idx = CategoryIndex::new([c(0.0, 0.0)]);
        assert_eq!(
            coverage_share(&shape, c(400.0, 0.0), &idx, 300.0, 1.0, 20.0),
            0.0
        );
        // r = 1 000 m covers the whole ring.
        assert_eq!(
            coverage_share(&shape, c(400.0, 0.0), &idx, 1_000.0, 1.0, 20.0),
            1.0
        );
    }

    #[test]
    fn default_radii() {
        assert_eq!(default_radius_m("kita"), 500.0);
        assert_eq!(default_radius_m("grundschule"), 1_000.0);
        assert_eq!(default_radius_m("jugendzentrum"), 1_500.0);
        assert_eq!(default_radius_m("bibliothek"), 1_000.0);
    }

    // The sample dataset (see dataset.rs): two 0.1° × 0.1° squares, one Kita in West's
    // centre.
    //
    //   51.1 +-------+-------+
    //        |  001  |  002  |
    //        |   K   |       |
    //   51.0 +-------+-------+
    //       7.0     7.1     7.2

    #[test]
    fn supply_for_the_sample_dataset() {
        let d = sample();
        let m = PreparedMap::new(&d);
        let kita = CategoryId("kita".into());
        // West: 600 estimated children; Ost: 0 (→ no rate).
        let s = supply_for_category(&m, &d, &kita, &[Some(600.0), Some(0.0)], 500.0, 50.0);
        assert_eq!(s.len(), 2);
        let (west, ost) = (&s[0], &s[1]);
        assert_eq!(west.count, 1);
        assert_eq!(ost.count, 0);
        // Area ≈ 77.8 km² each (prepared.rs): 1 / 77.8 ≈ 0.0129 per km².
        assert!(close(west.per_km2, 1.0 / m.districts[0].area_km2, 1e-12));
        assert!(close(west.per_km2, 0.0129, 0.0002), "{}", west.per_km2);
        assert_eq!(ost.per_km2, 0.0);
        // 1 Kita / 600 children × 1 000 = 1.667.
        assert!(close(
            west.per_1000_children.unwrap(),
            1000.0 / 600.0,
            1e-12
        ));
        assert_eq!(ost.per_1000_children, None);
        // Coverage: a 500 m disc, π·0.25 km² ≈ 0.785 km², of 77.8 km² ≈ 0.0101 in West;
        // Ost's nearest edge is 3.5 km from the Kita → 0.
        assert!(
            close(west.coverage_share, 0.785 / 77.8, 0.0015),
            "{}",
            west.coverage_share
        );
        assert_eq!(ost.coverage_share, 0.0);
        // Nearest: West's label point is (about) its centre, where the Kita stands — a few
        // metres, since the Mercator mid-line lies ≈ 3 m north of 51.05°. Ost's centre is
        // 0.1° of longitude east: 111 195 m × 0.1 × cos 51.05° ≈ 6 989 m.
        assert!(west.nearest_m.unwrap() < 50.0, "{:?}", west.nearest_m);
        assert!(
            close(ost.nearest_m.unwrap(), 6_989.0, 50.0),
            "{:?}",
            ost.nearest_m
        );
    }

    #[test]
    fn supply_without_services_or_children() {
        let d = sample();
        let m = PreparedMap::new(&d);
        // A category nobody has: counts 0, no nearest distance.
        let s = supply_for_category(&m, &d, &CategoryId("zoo".into()), &[], 500.0, 50.0);
        assert!(s.iter().all(|x| x.count == 0
            && x.nearest_m.is_none()
            && x.coverage_share == 0.0
            && x.per_1000_children.is_none()));
        // Children unknown (None) → no rate, even with a service.
        let s = supply_for_category(
            &m,
            &d,
            &CategoryId("kita".into()),
            &[None, None],
            500.0,
            50.0,
        );
        assert_eq!(s[0].per_1000_children, None);
    }
}
