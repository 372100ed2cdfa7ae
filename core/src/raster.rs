//! A district-id raster: the map's polygons scan-converted in wasm into one `u32` per device
//! pixel, then coloured in one pass.
//!
//! Why: with thousands of districts, canvas 2D spends its time per call (one `fill` and one
//! `stroke` per district, a fill-style string each) and on building `Path2D`s (one
//! wasm→JS call per vertex). Scan conversion here costs O(edges + pixels) with no call across
//! the JS boundary, and a recolour does not touch the geometry at all: only the colouring
//! pass (a table lookup per pixel) runs again. Outlines come free: a pixel whose right or
//! lower neighbour belongs to another district is drawn in the outline colour, so a shared
//! edge is one line, never two, and no edge can open a gap between neighbours (each pixel
//! centre belongs to exactly one polygon of a non-overlapping tiling).
//!
//! Sampling: a pixel belongs to a polygon when its centre is inside (even-odd rule across
//! all rings), the rule canvas and SVG use without antialiasing.

use geo::MultiPolygon;

/// No district at this pixel.
pub const EMPTY: u32 = u32::MAX;

/// The raster and its reusable buffers (nothing is allocated per frame once the size is
/// stable).
#[derive(Debug, Default, Clone)]
pub struct IdRaster {
    pub width: usize,
    pub height: usize,
    pub ids: Vec<u32>,
    /// (row, x) where an edge crosses a row's centre line; reused per polygon.
    crossings: Vec<(i32, f32)>,
}

/// An affine map → device transform `[a, b, c, d, e, f]` as canvas `setTransform` takes it
/// (only `b = c = 0` is used: the map never rotates).
pub type Transform = [f64; 6];

impl IdRaster {
    /// Resize (reallocating only when it grows) and clear to [`EMPTY`].
    pub fn clear(&mut self, width: usize, height: usize) {
        self.width = width;
        self.height = height;
        self.ids.clear();
        self.ids.resize(width * height, EMPTY);
    }

    /// The district at device pixel (x, y), if any.
    pub fn at(&self, x: usize, y: usize) -> Option<u32> {
        let id = *self.ids.get(y * self.width + x)?;
        (id != EMPTY).then_some(id)
    }

    /// Scan-convert `shape` (map coordinates) under transform `t` with value `id`.
    pub fn fill(&mut self, id: u32, shape: &MultiPolygon<f64>, t: &Transform) {
        self.fill_clipped(id, shape, t, [0, 0, self.width, self.height]);
    }

    /// [`IdRaster::fill`] limited to the pixel rectangle `[x0, y0, x1, y1)`.
    pub fn fill_clipped(
        &mut self,
        id: u32,
        shape: &MultiPolygon<f64>,
        t: &Transform,
        clip: [usize; 4],
    ) {
        let [cx0, cy0, cx1, cy1] = clip.map(|v| v as i32);
        let (h, w) = (cy1.min(self.height as i32), cx1.min(self.width as i32));
        self.crossings.clear();
        for polygon in &shape.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let pts = &ring.0;
                if pts.len() < 2 {
                    continue;
                }
                let last = pts[pts.len() - 1];
                let (mut px, mut py) = (t[0] * last.x + t[4], t[3] * last.y + t[5]);
                for &c in pts {
                    let (x, y) = (t[0] * c.x + t[4], t[3] * c.y + t[5]);
                    if y != py {
                        let (x0, y0, x1, y1) = if py < y {
                            (px, py, x, y)
                        } else {
                            (x, y, px, py)
                        };
                        // Rows whose centre y + 0.5 lies in [y0, y1).
                        let first = ((y0 - 0.5).ceil() as i32).max(cy0);
                        let last = ((y1 - 0.5).ceil() as i32 - 1).min(h - 1);
                        let slope = (x1 - x0) / (y1 - y0);
                        for row in first..=last {
                            let yc = row as f64 + 0.5;
                            self.crossings.push((row, (x0 + (yc - y0) * slope) as f32));
                        }
                    }
                    (px, py) = (x, y);
                }
            }
        }
        self.crossings
            .sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        for pair in self.crossings.chunks_exact(2) {
            let ((row, xa), (row_b, xb)) = (pair[0], pair[1]);
            if row != row_b {
                continue; // an odd count on a row (degenerate input): skip, never panic
            }
            // Pixels whose centre x + 0.5 lies in [xa, xb).
            let from = ((xa - 0.5).ceil() as i32).max(cx0);
            let to = ((xb - 0.5).ceil() as i32).min(w);
            if from < to {
                let base = row as usize * self.width;
                self.ids[base + from as usize..base + to as usize].fill(id);
            }
        }
    }

    /// Move the content by (`dx`, `dy`) whole pixels (a pan); uncovered pixels become
    /// [`EMPTY`]. Returns the uncovered rectangles `[x0, y0, x1, y1)` (at most two) that
    /// the caller scan-converts again with [`IdRaster::fill_clipped`]: a 100 px pan then
    /// redraws a strip, not the whole map.
    pub fn shift(&mut self, dx: i64, dy: i64) -> Vec<[usize; 4]> {
        let (w, h) = (self.width as i64, self.height as i64);
        if dx.abs() >= w || dy.abs() >= h {
            self.ids.fill(EMPTY);
            return vec![[0, 0, self.width, self.height]];
        }
        let rows: Box<dyn Iterator<Item = i64>> = if dy > 0 {
            Box::new((0..h).rev())
        } else {
            Box::new(0..h)
        };
        for y in rows {
            let row = (y * w) as usize;
            let src_y = y - dy;
            if src_y < 0 || src_y >= h {
                self.ids[row..row + w as usize].fill(EMPTY);
                continue;
            }
            let src = (src_y * w) as usize;
            // Columns x take the old x − dx.
            let (from, to) = ((dx.max(0)) as usize, (w + dx.min(0)) as usize);
            let src_from = (from as i64 - dx) as usize;
            self.ids
                .copy_within(src + src_from..src + src_from + (to - from), row + from);
            self.ids[row..row + from].fill(EMPTY);
            self.ids[row + to..row + w as usize].fill(EMPTY);
        }
        let mut exposed = Vec::with_capacity(2);
        if dx > 0 {
            exposed.push([0, 0, dx as usize, self.height]);
        } else if dx < 0 {
            exposed.push([(w + dx) as usize, 0, self.width, self.height]);
        }
        if dy > 0 {
            exposed.push([0, 0, self.width, dy as usize]);
        } else if dy < 0 {
            exposed.push([0, (h + dy) as usize, self.width, self.height]);
        }
        exposed
    }

    /// Colour the raster into `pixels` (resized to width·height; every pixel is written, so
    /// the buffer is never cleared first): `colors[id]` per district, `outline` where the
    /// neighbour to the right or below differs, transparent (0) where empty. `hatch[id]`
    /// districts get a darker diagonal line every 6 px (no data: distinct from every palette
    /// colour, even grey). Colours are [`pack_rgba`]ed: the buffer's bytes are the RGBA that
    /// `ImageData` takes.
    ///
    /// Why packed `u32`s and zipped rows: this pass runs on every frame (recolour, pan) over
    /// every device pixel, so it does one store per pixel, no bounds check, no per-pixel test
    /// for the row end, and no clearing of the output first.
    pub fn colorize(&self, pixels: &mut Vec<u32>, colors: &[u32], outline: u32, hatch: &[bool]) {
        let (w, h) = (self.width, self.height);
        pixels.resize(w * h, 0);
        if w == 0 {
            return;
        }
        for (y, (row, out)) in self
            .ids
            .chunks_exact(w)
            .zip(pixels.chunks_exact_mut(w))
            .enumerate()
        {
            // The last row has nothing below and the last column nothing to its right:
            // compare them with themselves (never an outline from outside the raster).
            let below = self.ids.get((y + 1) * w..(y + 2) * w).unwrap_or(row);
            let right = row[1..].iter().chain(std::iter::once(&row[w - 1]));
            let cells = out.iter_mut().zip(row).zip(right).zip(below);
            for (x, (((pixel, &id), &right), &below)) in cells.enumerate() {
                *pixel = if id == EMPTY {
                    0
                } else if right != id || below != id {
                    outline
                } else {
                    let i = id as usize;
                    let c = colors.get(i).copied().unwrap_or(0);
                    if hatch.get(i).copied().unwrap_or(false) && (x + y) % 6 == 0 {
                        let [r, g, b, a] = c.to_ne_bytes();
                        u32::from_ne_bytes([r / 2, g / 2, b / 2, a])
                    } else {
                        c
                    }
                };
            }
        }
    }
}

/// One pixel of [`IdRaster::colorize`]: `[r, g, b, a]` in memory order, whatever the
/// machine's endianness, so the `u32` buffer's bytes are RGBA.
pub fn pack_rgba(rgba: [u8; 4]) -> u32 {
    u32::from_ne_bytes(rgba)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, MultiPolygon};

    const IDENTITY: Transform = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![polygon![
            (x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1), (x: x0, y: y0)
        ]])
    }

    #[test]
    fn a_square_covers_the_pixels_whose_centres_are_inside() {
        let mut r = IdRaster::default();
        r.clear(10, 10);
        r.fill(7, &square(2.0, 3.0, 5.0, 8.0), &IDENTITY);
        let count = r.ids.iter().filter(|&&i| i == 7).count();
        assert_eq!(count, 3 * 5);
        assert_eq!(r.at(2, 3), Some(7));
        assert_eq!(r.at(4, 7), Some(7));
        assert_eq!(r.at(5, 7), None);
        assert_eq!(r.at(1, 3), None);
    }

    #[test]
    fn neighbours_share_the_edge_without_gap_or_overlap() {
        // Two squares meeting at x = 4.3 (not on a pixel boundary), drawn in either order.
        let mut r = IdRaster::default();
        r.clear(10, 4);
        r.fill(1, &square(0.0, 0.0, 4.3, 4.0), &IDENTITY);
        r.fill(2, &square(4.3, 0.0, 10.0, 4.0), &IDENTITY);
        assert!(r.ids.iter().all(|&i| i != EMPTY));
        assert_eq!(r.ids.iter().filter(|&&i| i == 1).count(), 4 * 4);
    }

    #[test]
    fn holes_and_the_y_flip_of_the_map_transform() {
        // Map y up, screen y down: d = −1, f = height.
        let t: Transform = [1.0, 0.0, 0.0, -1.0, 0.0, 10.0];
        let mut shape = square(0.0, 0.0, 10.0, 10.0);
        shape.0[0].interiors_push(square(3.0, 3.0, 7.0, 7.0).0[0].exterior().clone());
        let mut r = IdRaster::default();
        r.clear(10, 10);
        r.fill(0, &shape, &t);
        assert_eq!(r.ids.iter().filter(|&&i| i == 0).count(), 100 - 16);
        assert_eq!(r.at(5, 5), None);
        // Outside the raster: clipped, no panic.
        r.fill(1, &square(-50.0, -50.0, 50.0, 50.0), &t);
        assert!(r.ids.iter().all(|&i| i == 1));
    }

    #[test]
    fn colours_outline_and_hatch() {
        let mut r = IdRaster::default();
        r.clear(6, 1);
        r.fill(0, &square(0.0, 0.0, 3.0, 1.0), &IDENTITY);
        r.fill(1, &square(3.0, 0.0, 5.0, 1.0), &IDENTITY);
        let mut pixels = vec![7; 3]; // stale content of another size: all overwritten
        let white = [255, 255, 255, 255];
        r.colorize(
            &mut pixels,
            &[
                pack_rgba([10, 20, 30, 255]),
                pack_rgba([200, 200, 200, 255]),
            ],
            pack_rgba(white),
            &[false, true],
        );
        assert_eq!(pixels.len(), 6);
        let px = |x: usize| pixels[x].to_ne_bytes();
        assert_eq!(px(0), [10, 20, 30, 255]);
        assert_eq!(px(2), white); // the last pixel before the neighbour
        assert_eq!(px(3), [200, 200, 200, 255]); // (3 + 0) % 6 != 0: no hatch line
        assert_eq!(px(4), white); // before the empty pixel: outer outline
        assert_eq!(px(5), [0, 0, 0, 0]);
    }

    #[test]
    fn hatch_lines_every_sixth_diagonal_and_outlines_towards_the_row_below() {
        let grey = pack_rgba([100, 100, 100, 255]);
        let dark = [50, 50, 50, 255];
        let mut r = IdRaster::default();
        r.clear(7, 2);
        r.fill(0, &square(0.0, 0.0, 7.0, 2.0), &IDENTITY);
        let mut pixels = Vec::new();
        r.colorize(&mut pixels, &[grey], 0, &[true]);
        // (x + y) % 6 == 0: (0, 0), (6, 0) in the last column, (5, 1) in the last row.
        let hatched: Vec<usize> = (0..14)
            .filter(|&i| pixels[i].to_ne_bytes() == dark)
            .collect();
        assert_eq!(hatched, vec![0, 6, 7 + 5]);
        assert!(pixels.iter().all(|&p| p == grey || p.to_ne_bytes() == dark));

        // Row 0 is district 0, row 1 district 1: row 0 is outline (its lower neighbour
        // differs), row 1 keeps its colour (nothing below it).
        let mut r = IdRaster::default();
        r.clear(3, 2);
        r.fill(0, &square(0.0, 0.0, 3.0, 1.0), &IDENTITY);
        r.fill(1, &square(0.0, 1.0, 3.0, 2.0), &IDENTITY);
        let (outline, one) = (pack_rgba([255; 4]), pack_rgba([1, 2, 3, 255]));
        r.colorize(&mut pixels, &[grey, one], outline, &[false, false]);
        assert_eq!(pixels, vec![outline, outline, outline, one, one, one]);
    }

    #[test]
    fn shift_then_refill_the_strips_equals_a_fresh_raster() {
        let shapes: Vec<MultiPolygon<f64>> = (0..12)
            .map(|k| {
                let (x, y) = ((k % 4) as f64 * 7.3, (k / 4) as f64 * 6.1);
                square(x, y, x + 7.3, y + 6.1)
            })
            .collect();
        let draw = |r: &mut IdRaster, t: &Transform| {
            r.clear(24, 16);
            for (i, s) in shapes.iter().enumerate() {
                r.fill(i as u32, s, t);
            }
        };
        for (dx, dy) in [(3i64, -2i64), (-5, 4), (0, 7), (-9, 0), (30, 1)] {
            let t: Transform = [1.0, 0.0, 0.0, -1.0, 0.5, 16.0];
            let moved: Transform = [1.0, 0.0, 0.0, -1.0, 0.5 + dx as f64, 16.0 + dy as f64];
            let mut a = IdRaster::default();
            draw(&mut a, &t);
            for clip in a.shift(dx, dy) {
                for (i, s) in shapes.iter().enumerate() {
                    a.fill_clipped(i as u32, s, &moved, clip);
                }
            }
            let mut b = IdRaster::default();
            draw(&mut b, &moved);
            assert_eq!(a.ids, b.ids, "shift {dx},{dy}");
        }
    }
}
