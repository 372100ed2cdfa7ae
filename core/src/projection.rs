//! Web Mercator (EPSG:3857) and the map viewport.
//!
//! Districts are projected once, when a dataset loads, into Web Mercator metres *relative to
//! a local origin* (the dataset's centre). Keeping coordinates small matters: the canvas
//! rasteriser works in 32-bit floats, and absolute Mercator values around 6.7 million
//! metres would lose half a metre of precision — visible as jitter at street zoom.

use geo::{Coord, Rect};

/// WGS84 semi-major axis in metres; Web Mercator treats the earth as a sphere of this radius.
pub const EARTH_RADIUS_M: f64 = 6_378_137.0;

/// Web Mercator is undefined at the poles; clamp to the usual tile-pyramid limit.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// lon/lat in degrees → Web Mercator metres (x east, y north).
///
/// x = R·λ, y = R·ln(tan(π/4 + φ/2)).
pub fn lonlat_to_mercator(c: Coord<f64>) -> Coord<f64> {
    let lat = c.y.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    Coord {
        x: EARTH_RADIUS_M * c.x.to_radians(),
        y: EARTH_RADIUS_M * (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln(),
    }
}

/// Web Mercator metres → lon/lat in degrees. φ = 2·atan(exp(y/R)) − π/2.
pub fn mercator_to_lonlat(c: Coord<f64>) -> Coord<f64> {
    Coord {
        x: (c.x / EARTH_RADIUS_M).to_degrees(),
        y: (2.0 * (c.y / EARTH_RADIUS_M).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees(),
    }
}

/// Web Mercator for the many vertices of one dataset: x exactly, y by cubic Hermite
/// interpolation in a table of exact values and slopes (dy/dφ = R/cos φ) over the dataset's
/// latitude range. `tan` and `ln` per vertex were the largest part of preparing 50,000
/// polygons (3 million vertices); a table lookup is a few multiplications. The table checks
/// itself when built (the error at every interval's midpoint, where Hermite's error peaks)
/// and is not used unless that stays below a micrometre, so the result is exact to well below
/// anything a map can show; outside the range, `lonlat_to_mercator` is used.
#[derive(Debug, Clone)]
pub struct MercatorTable {
    lat0: f64,
    step: f64,
    /// (y, dy/dφ · step) at lat0 + i·step.
    nodes: Vec<(f64, f64)>,
}

/// Slope of Mercator y per degree of latitude.
fn mercator_slope(lat_deg: f64) -> f64 {
    EARTH_RADIUS_M * std::f64::consts::PI / 180.0 / lat_deg.to_radians().cos()
}

impl MercatorTable {
    /// A table for latitudes `lat_min..=lat_max`, or `None` when the range is empty, touches
    /// the clamped polar zone, or interpolation would not be exact enough.
    pub fn new(lat_min: f64, lat_max: f64) -> Option<MercatorTable> {
        const INTERVALS: usize = 4096;
        if !(lat_min.is_finite() && lat_max.is_finite()) || lat_max <= lat_min {
            return None;
        }
        if lat_min < -80.0 || lat_max > 80.0 {
            return None;
        }
        let step = (lat_max - lat_min) / INTERVALS as f64;
        let y = |lat: f64| lonlat_to_mercator(Coord { x: 0.0, y: lat }).y;
        let nodes = (0..=INTERVALS)
            .map(|i| {
                let lat = lat_min + i as f64 * step;
                (y(lat), mercator_slope(lat) * step)
            })
            .collect();
        let table = MercatorTable {
            lat0: lat_min,
            step,
            nodes,
        };
        let worst = (0..INTERVALS)
            .map(|i| {
                let lat = lat_min + (i as f64 + 0.5) * step;
                (table.y(lat) - y(lat)).abs()
            })
            .fold(0.0, f64::max);
        (worst < 1e-6).then_some(table)
    }

    fn y(&self, lat: f64) -> f64 {
        let f = (lat - self.lat0) / self.step;
        let i = (f as usize).min(self.nodes.len() - 2);
        let t = f - i as f64;
        let ((p0, m0), (p1, m1)) = (self.nodes[i], self.nodes[i + 1]);
        let (t2, t3) = (t * t, t * t * t);
        (2.0 * t3 - 3.0 * t2 + 1.0) * p0
            + (t3 - 2.0 * t2 + t) * m0
            + (-2.0 * t3 + 3.0 * t2) * p1
            + (t3 - t2) * m1
    }

    /// lon/lat → Web Mercator metres, like [`lonlat_to_mercator`].
    pub fn project(&self, c: Coord<f64>) -> Coord<f64> {
        let last = self.lat0 + self.step * (self.nodes.len() - 1) as f64;
        if c.y >= self.lat0 && c.y <= last {
            Coord {
                x: EARTH_RADIUS_M * c.x.to_radians(),
                y: self.y(c.y),
            }
        } else {
            lonlat_to_mercator(c)
        }
    }
}

/// Mercator stretches distances by 1/cos(φ). Multiply a Mercator length by this factor to
/// get ground metres at latitude `lat_deg` (about 0.62 in Dortmund).
pub fn ground_metres_per_mercator_metre(lat_deg: f64) -> f64 {
    lat_deg.to_radians().cos()
}

/// The map view: which local-Mercator point is in the centre of the screen and how many CSS
/// pixels one Mercator metre takes.
///
/// Screen coordinates have y pointing down; map coordinates have y pointing up:
/// `sx = w/2 + (x − cx)·s`, `sy = h/2 − (y − cy)·s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub center: Coord<f64>,
    /// CSS pixels per Mercator metre.
    pub scale: f64,
    pub width: f64,
    pub height: f64,
    /// Zoom limits, set by [`Viewport::fit`]: from a quarter of the fitted scale to 64× it.
    pub min_scale: f64,
    pub max_scale: f64,
}

impl Viewport {
    /// A view of `bounds` filling a `width`×`height` pixel area, with `padding` pixels free at
    /// each side. Degenerate bounds or sizes give a usable view, never NaN.
    pub fn fit(bounds: Rect<f64>, width: f64, height: f64, padding: f64) -> Viewport {
        let width = width.max(1.0);
        let height = height.max(1.0);
        let bw = bounds.width().max(1e-9);
        let bh = bounds.height().max(1e-9);
        let free_w = (width - 2.0 * padding).max(width * 0.5);
        let free_h = (height - 2.0 * padding).max(height * 0.5);
        let scale = (free_w / bw).min(free_h / bh);
        Viewport {
            center: bounds.center(),
            scale,
            width,
            height,
            min_scale: scale / 4.0,
            max_scale: scale * 64.0,
        }
    }

    pub fn to_screen(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: self.width / 2.0 + (c.x - self.center.x) * self.scale,
            y: self.height / 2.0 - (c.y - self.center.y) * self.scale,
        }
    }

    pub fn to_map(&self, s: Coord<f64>) -> Coord<f64> {
        Coord {
            x: self.center.x + (s.x - self.width / 2.0) / self.scale,
            y: self.center.y - (s.y - self.height / 2.0) / self.scale,
        }
    }

    /// Affine transform map → screen as the six numbers of canvas `setTransform(a,b,c,d,e,f)`,
    /// multiplied by the device pixel ratio `dpr`.
    pub fn canvas_transform(&self, dpr: f64) -> [f64; 6] {
        let s = self.scale * dpr;
        [
            s,
            0.0,
            0.0,
            -s,
            dpr * self.width / 2.0 - self.center.x * s,
            dpr * self.height / 2.0 + self.center.y * s,
        ]
    }

    /// Move the content by (`dx`, `dy`) screen pixels (dragging right moves the map right).
    pub fn pan(&mut self, dx: f64, dy: f64) {
        self.center.x -= dx / self.scale;
        self.center.y += dy / self.scale;
    }

    /// Zoom by `factor` keeping the map point under screen point `anchor` where it is.
    /// The scale is clamped to the viewport's limits.
    pub fn zoom_at(&mut self, anchor: Coord<f64>, factor: f64) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let before = self.to_map(anchor);
        self.scale = (self.scale * factor).clamp(self.min_scale, self.max_scale);
        let after = self.to_map(anchor);
        self.center.x += before.x - after.x;
        self.center.y += before.y - after.y;
    }

    /// Change the pixel size (window resize) keeping the centre and scale.
    pub fn resize(&mut self, width: f64, height: f64) {
        self.width = width.max(1.0);
        self.height = height.max(1.0);
    }

    /// The visible map rectangle.
    pub fn visible(&self) -> Rect<f64> {
        Rect::new(
            self.to_map(Coord {
                x: 0.0,
                y: self.height,
            }),
            self.to_map(Coord {
                x: self.width,
                y: 0.0,
            }),
        )
    }

    /// How far in, relative to the fitted view (1.0 = fitted).
    pub fn zoom_ratio(&self) -> f64 {
        self.scale / (self.min_scale * 4.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn mercator_known_values() {
        // Origin maps to origin; 180° east is half the equator, π·R = 20 037 508.34 m.
        let o = lonlat_to_mercator(Coord { x: 0.0, y: 0.0 });
        assert!(close(o.x, 0.0, 1e-9) && close(o.y, 0.0, 1e-9));
        let e = lonlat_to_mercator(Coord { x: 180.0, y: 0.0 });
        assert!(close(e.x, 20_037_508.342_789_244, 1e-6));
        // Dortmund Reinoldikirche, about 7.4653 E 51.5139 N; reference values computed
        // independently (Python: R*radians(lon), R*log(tan(pi/4 + radians(lat)/2))).
        let d = lonlat_to_mercator(Coord {
            x: 7.4653,
            y: 51.5139,
        });
        assert!(close(d.x, 831_033.395, 0.01), "{}", d.x);
        assert!(close(d.y, 6_712_705.092, 0.01), "{}", d.y);
    }

    #[test]
    fn mercator_table_matches_the_formula() {
        for (lo, hi) in [(51.3, 51.7), (47.2, 55.1), (-40.0, 60.0), (10.0, 10.000001)] {
            let t = MercatorTable::new(lo, hi).expect("a table for this range");
            for k in 0..=1000 {
                let lat = lo + (hi - lo) * (k as f64 * 0.618_034 % 1.0);
                let c = Coord { x: 7.4653, y: lat };
                let (a, b) = (t.project(c), lonlat_to_mercator(c));
                assert!(
                    close(a.y, b.y, 1e-6) && a.x == b.x,
                    "{lat}: {} vs {}",
                    a.y,
                    b.y
                );
            }
            // Outside the range: the formula.
            let c = Coord {
                x: 1.0,
                y: hi + 1.0,
            };
            assert_eq!(t.project(c), lonlat_to_mercator(c));
        }
        assert!(MercatorTable::new(10.0, 89.0).is_none());
        assert!(MercatorTable::new(5.0, 5.0).is_none());
    }

    #[test]
    fn mercator_round_trip() {
        for &(lon, lat) in &[
            (7.4653, 51.5139),
            (-122.4, 37.8),
            (179.9, -84.0),
            (0.0, 0.0),
        ] {
            let back = mercator_to_lonlat(lonlat_to_mercator(Coord { x: lon, y: lat }));
            assert!(
                close(back.x, lon, 1e-9) && close(back.y, lat, 1e-9),
                "{lon} {lat}"
            );
        }
    }

    #[test]
    fn poles_are_clamped_not_infinite() {
        let p = lonlat_to_mercator(Coord { x: 0.0, y: 90.0 });
        assert!(p.y.is_finite());
    }

    fn view() -> Viewport {
        // 1000 m × 500 m fitted into 400 × 400 px with no padding: width limits, 0.4 px/m.
        Viewport::fit(
            Rect::new(
                Coord { x: 0.0, y: 0.0 },
                Coord {
                    x: 1000.0,
                    y: 500.0,
                },
            ),
            400.0,
            400.0,
            0.0,
        )
    }

    #[test]
    fn fit_centres_and_scales() {
        let v = view();
        assert!(close(v.scale, 0.4, 1e-12));
        assert_eq!(
            v.to_screen(Coord { x: 500.0, y: 250.0 }),
            Coord { x: 200.0, y: 200.0 }
        );
        // Top-left corner of the bounds: x = 0 → 0 px; y = 500 m → 200 − 250·0.4 = 100 px.
        assert_eq!(
            v.to_screen(Coord { x: 0.0, y: 500.0 }),
            Coord { x: 0.0, y: 100.0 }
        );
    }

    #[test]
    fn screen_map_round_trip_and_canvas_transform_agree() {
        let mut v = view();
        v.pan(13.0, -7.0);
        v.zoom_at(Coord { x: 50.0, y: 300.0 }, 3.0);
        let p = Coord { x: 123.0, y: 456.0 };
        let back = v.to_map(v.to_screen(p));
        assert!(close(back.x, p.x, 1e-9) && close(back.y, p.y, 1e-9));
        // The canvas matrix maps (x, y) to (a·x + c·y + e, b·x + d·y + f) in device pixels.
        let [a, b, c, d, e, f] = v.canvas_transform(2.0);
        let s = v.to_screen(p);
        assert!(close(a * p.x + c * p.y + e, 2.0 * s.x, 1e-6));
        assert!(close(b * p.x + d * p.y + f, 2.0 * s.y, 1e-6));
    }

    #[test]
    fn zoom_keeps_anchor_fixed_and_respects_limits() {
        let mut v = view();
        let anchor = Coord { x: 30.0, y: 70.0 };
        let before = v.to_map(anchor);
        v.zoom_at(anchor, 2.0);
        let after = v.to_map(anchor);
        assert!(close(before.x, after.x, 1e-9) && close(before.y, after.y, 1e-9));
        v.zoom_at(anchor, 1e9);
        assert!(close(v.scale, v.max_scale, 1e-12));
        v.zoom_at(anchor, 1e-9);
        assert!(close(v.scale, v.min_scale, 1e-12));
        v.zoom_at(anchor, f64::NAN);
        assert!(v.scale.is_finite());
    }

    #[test]
    fn pan_moves_content_with_the_pointer() {
        let mut v = view();
        let p = Coord { x: 500.0, y: 250.0 };
        let s0 = v.to_screen(p);
        v.pan(10.0, 20.0);
        let s1 = v.to_screen(p);
        assert!(close(s1.x - s0.x, 10.0, 1e-9) && close(s1.y - s0.y, 20.0, 1e-9));
    }

    #[test]
    fn degenerate_bounds_give_finite_view() {
        let v = Viewport::fit(
            Rect::new(Coord { x: 5.0, y: 5.0 }, Coord { x: 5.0, y: 5.0 }),
            0.0,
            0.0,
            10.0,
        );
        assert!(v.scale.is_finite() && v.center.x == 5.0);
    }
}
