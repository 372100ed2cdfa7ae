//! Web Mercator raster tiles (the XYZ / "slippy map" scheme): which tiles cover a view and
//! where they go on screen. Pure, for the optional background map.

use crate::projection::{Viewport, EARTH_RADIUS_M};
use geo::Coord;

/// Circumference of the Web Mercator world square in metres, 2πR.
pub const WORLD_M: f64 = 2.0 * std::f64::consts::PI * EARTH_RADIUS_M;
/// Pixels per tile edge.
pub const TILE_PX: f64 = 256.0;
/// At most this many tiles are requested for one view.
pub const MAX_TILES: usize = 64;

/// One tile and its rectangle on screen in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tile {
    pub z: u8,
    pub x: u32,
    pub y: u32,
    pub left: f64,
    pub top: f64,
    pub size: f64,
}

impl Tile {
    /// The URL from an XYZ template.
    pub fn url(&self, template: &str) -> String {
        template
            .replace("{z}", &self.z.to_string())
            .replace("{x}", &self.x.to_string())
            .replace("{y}", &self.y.to_string())
    }
}

/// The zoom level whose tiles are at least as sharp as the view: 256·2^z / WORLD_M ≥ the
/// view's pixels per metre, i.e. z = ⌈log₂(scale · WORLD_M / 256)⌉, within 0..=max_zoom.
pub fn zoom_for(scale_px_per_m: f64, max_zoom: u8) -> u8 {
    let z = (scale_px_per_m * WORLD_M / TILE_PX).log2().ceil();
    if z.is_finite() {
        z.clamp(0.0, max_zoom as f64) as u8
    } else {
        0
    }
}

/// Tiles covering `viewport`, whose local coordinates are offset from Web Mercator by
/// `origin`. Tile (x, y) spans x·t − W/2 … (x+1)·t − W/2 east and W/2 − y·t … W/2 − (y+1)·t
/// north, t = W / 2^z. Empty if more than [`MAX_TILES`] would be needed.
pub fn tiles_for_view(viewport: &Viewport, origin: Coord<f64>, max_zoom: u8) -> Vec<Tile> {
    let z = zoom_for(viewport.scale, max_zoom);
    let n = 1u32 << z;
    let t = WORLD_M / n as f64;
    let v = viewport.visible();
    let (min, max) = (v.min(), v.max());
    let col = |mx: f64| ((mx + origin.x + WORLD_M / 2.0) / t).floor();
    let row = |my: f64| ((WORLD_M / 2.0 - (my + origin.y)) / t).floor();
    let clamp = |k: f64| k.clamp(0.0, (n - 1) as f64) as u32;
    let (x0, x1) = (clamp(col(min.x)), clamp(col(max.x)));
    let (y0, y1) = (clamp(row(max.y)), clamp(row(min.y)));
    let count = ((x1 - x0 + 1) * (y1 - y0 + 1)) as usize;
    if count > MAX_TILES {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(count);
    for y in y0..=y1 {
        for x in x0..=x1 {
            // Top-left corner of the tile in local map coordinates.
            let corner = Coord {
                x: x as f64 * t - WORLD_M / 2.0 - origin.x,
                y: WORLD_M / 2.0 - y as f64 * t - origin.y,
            };
            let p = viewport.to_screen(corner);
            out.push(Tile {
                z,
                x,
                y,
                left: p.x,
                top: p.y,
                size: t * viewport.scale,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::lonlat_to_mercator;
    use geo::Rect;

    #[test]
    fn zoom_matches_the_tile_pyramid() {
        // Zoom 0: the whole world in 256 px → 256 / WORLD_M px per metre.
        assert_eq!(zoom_for(256.0 / WORLD_M, 18), 0);
        // Slightly sharper than zoom 10 needs zoom 11.
        assert_eq!(zoom_for(1.01 * 256.0 * 1024.0 / WORLD_M, 18), 11);
        assert_eq!(zoom_for(1e9, 18), 18);
        assert_eq!(zoom_for(0.0, 18), 0);
    }

    #[test]
    fn dortmund_centre_is_in_the_known_tile() {
        // Dortmund (7.4653 E, 51.5139 N) at zoom 12 is tile x = 2132, y = 1361 (standard
        // slippy-map formula: x = ⌊(λ+180)/360 · 2^z⌋, y = ⌊(1 − ln(tan φ + sec φ)/π)/2 · 2^z⌋,
        // computed independently in Python).
        let m = lonlat_to_mercator(Coord {
            x: 7.4653,
            y: 51.5139,
        });
        let scale = 256.0 * 4096.0 / WORLD_M; // exactly zoom 12
        let vp = Viewport::fit(
            Rect::new(Coord { x: -1.0, y: -1.0 }, Coord { x: 1.0, y: 1.0 }),
            10.0,
            10.0,
            0.0,
        );
        let vp = Viewport {
            scale,
            center: Coord { x: 0.0, y: 0.0 },
            ..vp
        };
        let tiles = tiles_for_view(&vp, m, 18);
        assert!(
            tiles.iter().any(|t| (t.z, t.x, t.y) == (12, 2132, 1361)),
            "{tiles:?}"
        );
        // The tile containing the centre spans the screen centre.
        let t = tiles.iter().find(|t| (t.x, t.y) == (2132, 1361)).unwrap();
        assert!(t.left <= 5.0 && t.left + t.size >= 5.0 && t.top <= 5.0 && t.top + t.size >= 5.0);
        assert!((t.size - 256.0).abs() < 1e-6);
        assert_eq!(
            t.url("https://h/{z}/{x}/{y}.png"),
            "https://h/12/2132/1361.png"
        );
    }

    #[test]
    fn too_many_tiles_gives_none() {
        let vp = Viewport::fit(
            Rect::new(
                Coord { x: 0.0, y: 0.0 },
                Coord {
                    x: 100_000.0,
                    y: 100_000.0,
                },
            ),
            4000.0,
            4000.0,
            0.0,
        );
        // Forcing a deep zoom on a wide view would need thousands of tiles.
        let vp = Viewport { scale: 1.0, ..vp };
        assert!(tiles_for_view(&vp, Coord { x: 0.0, y: 0.0 }, 18).is_empty());
    }
}
