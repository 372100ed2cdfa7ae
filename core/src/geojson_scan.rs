//! A GeoJSON reader that builds no JSON tree: a minimal scanner specialised for
//! FeatureCollections. Coordinates go straight into flat buffers ([`Flat`]), property values
//! into [`Prop`], everything else is skipped without being built.
//!
//! Used for the dataset folder's `boundaries.geojson` and `services.geojson`
//! (`crate::dataset`) and for any GeoJSON linked with `?data=` (`crate::adhoc`).
//!
//! Why not the `geojson` crate (or `serde_json::Value`): both build a generic JSON tree per
//! feature; that was slow at 10,000 polygons (BENCHMARKS.md) and the `Value` machinery was
//! ≈ 110 KB of the app's wasm. The import worker has its own reader (`crate::import::geojson`)
//! because it also reads projected coordinates, `crs` members and reports every problem.

use crate::dataset::GeometryProblem;
use geo::{Coord, LineString, MultiPolygon, Point, Polygon};

/// A property value as far as the synthesised manifest cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    Number(f64),
    Text(String),
    /// null, booleans, arrays, objects: not usable as a key, name or indicator value.
    Other,
}

/// One feature as read: rings as flat lon/lat pairs.
#[derive(Debug, Default)]
pub(crate) struct RawFeature {
    pub geometry_type: Option<String>,
    pub coords: Flat,
    pub properties: Vec<(String, Prop)>,
    pub id: Option<Prop>,
}

/// Nested coordinate arrays flattened: `xy` holds x,y pairs; `ring_ends[i]` is the pair
/// count after ring i; `poly_ends[j]` the ring count after polygon j (MultiPolygon level).
#[derive(Debug, Default)]
pub(crate) struct Flat {
    pub xy: Vec<f64>,
    pub ring_ends: Vec<u32>,
    pub poly_ends: Vec<u32>,
    /// A position had fewer than 2 numbers, or numbers and arrays were mixed.
    pub malformed: bool,
}

/// A minimal JSON scanner specialised for GeoJSON: coordinates are parsed straight into
/// [`Flat`], property values into [`Prop`], everything else is skipped without being built.
/// (The serde visitor version of this reader spent most of its time in per-number dispatch;
/// this one is about twice as fast on 60-vertex polygons.)
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    /// Coordinate count of the previous feature: the next one's buffer is reserved at that
    /// size (neighbouring features are alike; growing by doubling cost a realloc per step).
    xy_hint: usize,
}

type ScanResult<T> = Result<T, String>;

/// Nesting limit for skipped values and coordinate arrays (a hostile file must not
/// exhaust the stack; GeoJSON needs 4 levels of coordinates).
const MAX_DEPTH: usize = 64;

impl<'a> Scan<'a> {
    fn err<T>(&self, what: &str) -> ScanResult<T> {
        Err(format!("{what} at byte {}", self.i))
    }

    fn peek(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.i) {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.i += 1;
            } else {
                return Some(c);
            }
        }
        None
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> ScanResult<()> {
        if self.eat(c) {
            Ok(())
        } else {
            self.err(&format!("expected `{}`", c as char))
        }
    }

    fn literal(&mut self, word: &[u8]) -> ScanResult<()> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            self.err("invalid literal")
        }
    }

    fn string(&mut self) -> ScanResult<std::borrow::Cow<'a, str>> {
        self.expect(b'"')?;
        let start = self.i;
        let mut escaped = false;
        loop {
            match self.b.get(self.i) {
                None => return self.err("unterminated string"),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.i += 2;
                }
                Some(_) => self.i += 1,
            }
        }
        let raw = &self.b[start..self.i];
        self.i += 1;
        if escaped {
            // Rare in GeoJSON keys and names: let serde_json decode the escapes.
            let quoted = &self.b[start - 1..self.i];
            serde_json::from_slice::<String>(quoted)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| format!("bad string at byte {start}: {e}"))
        } else {
            std::str::from_utf8(raw)
                .map(std::borrow::Cow::Borrowed)
                .map_err(|_| format!("invalid UTF-8 at byte {start}"))
        }
    }

    fn number(&mut self) -> ScanResult<f64> {
        self.peek();
        let start = self.i;
        // One pass for the usual `-?digits(.digits)?` (see `fast_decimal`); anything else
        // (exponent, long mantissa) falls through to the general path below.
        {
            let b = self.b;
            let mut j = start;
            let negative = b.get(j) == Some(&b'-');
            if negative {
                j += 1;
            }
            let (mut mantissa, mut count, mut fraction, mut dot) = (0u64, 0usize, 0usize, false);
            let first_digit = b.get(j).is_some_and(u8::is_ascii_digit);
            while let Some(&c) = b.get(j) {
                match c {
                    b'0'..=b'9' => {
                        mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                        count += 1;
                        fraction += usize::from(dot);
                    }
                    b'.' if !dot => dot = true,
                    _ => break,
                }
                j += 1;
            }
            let plain = !matches!(b.get(j), Some(b'e' | b'E' | b'+' | b'-' | b'.'));
            if first_digit && plain && count <= 15 && !(dot && fraction == 0) {
                self.i = j;
                let v = mantissa as f64 / POW10[fraction];
                return Ok(if negative { -v } else { v });
            }
        }
        while let Some(c) = self.b.get(self.i) {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.i += 1;
            } else {
                break;
            }
        }
        if let Some(v) = fast_decimal(&self.b[start..self.i]) {
            return Ok(v);
        }
        // ASCII only, so the slice is valid UTF-8.
        std::str::from_utf8(&self.b[start..self.i])
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .map_or_else(|| self.err("invalid number"), Ok)
    }

    /// Skip any value (iteratively for nesting).
    fn skip(&mut self) -> ScanResult<()> {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return self.err("nested too deeply");
                    }
                    self.i += 1;
                    continue;
                }
                Some(b'}' | b']') if depth > 0 => {
                    depth -= 1;
                    self.i += 1;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(_) => {
                    self.number()?;
                }
                None => return self.err("unexpected end"),
            }
            if depth == 0 {
                return Ok(());
            }
            // Inside a container: separators, keys and closers are handled here.
            loop {
                match self.peek() {
                    Some(b',' | b':') => self.i += 1,
                    Some(b'}' | b']') => {
                        depth -= 1;
                        self.i += 1;
                        if depth == 0 {
                            return Ok(());
                        }
                    }
                    _ => break,
                }
            }
        }
    }

    fn prop(&mut self) -> ScanResult<Prop> {
        Ok(match self.peek() {
            Some(b'"') => Prop::Text(self.string()?.into_owned()),
            Some(b'-' | b'0'..=b'9') => Prop::Number(self.number()?),
            _ => {
                self.skip()?;
                Prop::Other
            }
        })
    }

    /// Iterate the members of an object, calling `f(self, key)` positioned at each value.
    fn object(&mut self, mut f: impl FnMut(&mut Self, &str) -> ScanResult<()>) -> ScanResult<()> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            f(self, &key)?;
            if self.eat(b'}') {
                return Ok(());
            }
            self.expect(b',')?;
        }
    }

    /// Nested coordinate arrays into `flat`; returns the depth (0 = a position).
    fn coords(&mut self, flat: &mut Flat, level: usize) -> ScanResult<u8> {
        if level > 6 {
            return self.err("coordinates nested too deeply");
        }
        self.expect(b'[')?;
        if self.peek() != Some(b'[') {
            // A position: numbers.
            let mut n = 0;
            let mut pos = [0.0f64; 2];
            if !self.eat(b']') {
                loop {
                    let v = self.number()?;
                    if n < 2 {
                        pos[n] = v;
                    }
                    n += 1;
                    if self.eat(b']') {
                        break;
                    }
                    self.expect(b',')?;
                }
            }
            if n < 2 {
                flat.malformed = true;
            }
            flat.xy.extend_from_slice(&pos);
            return Ok(0);
        }
        let mut child = 0u8;
        loop {
            child = child.max(self.coords(flat, level + 1)?);
            if self.eat(b']') {
                break;
            }
            self.expect(b',')?;
        }
        match child {
            0 => flat.ring_ends.push((flat.xy.len() / 2) as u32),
            1 => flat.poly_ends.push(flat.ring_ends.len() as u32),
            _ => {}
        }
        Ok(child + 1)
    }

    fn feature(&mut self) -> ScanResult<RawFeature> {
        let mut f = RawFeature::default();
        f.coords.xy.reserve(self.xy_hint);
        self.object(|s, key| {
            match key {
                "geometry" if s.peek() == Some(b'{') => s.object(|s, key| {
                    match key {
                        "type" => f.geometry_type = Some(s.string()?.into_owned()),
                        "coordinates" => {
                            s.coords(&mut f.coords, 0)?;
                        }
                        _ => s.skip()?,
                    }
                    Ok(())
                })?,
                "properties" if s.peek() == Some(b'{') => s.object(|s, key| {
                    let v = s.prop()?;
                    f.properties.push((key.to_owned(), v));
                    Ok(())
                })?,
                "id" => f.id = Some(s.prop()?),
                _ => s.skip()?,
            }
            Ok(())
        })?;
        self.xy_hint = f.coords.xy.len();
        Ok(f)
    }
}

/// `-?digits(.digits)?` with at most 15 significant digits, the shape of almost every GeoJSON
/// coordinate: the digits as an integer divided by a power of ten. Both are exact in `f64`
/// (< 2⁵³ and ≤ 10²²), and IEEE division rounds correctly, so the result equals
/// `str::parse` — which handles everything else (exponents, long mantissas).
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

fn fast_decimal(t: &[u8]) -> Option<f64> {
    let (negative, digits) = match t.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, t),
    };
    if !digits.first()?.is_ascii_digit() {
        return None;
    }
    let (mut mantissa, mut count, mut fraction, mut dot) = (0u64, 0usize, 0usize, false);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                count += 1;
                if count > 15 {
                    // Beyond f64's exact digits (and, unchecked, beyond u64: found by
                    // fuzzing): the general parser takes it.
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(c - b'0');
                if dot {
                    fraction += 1;
                }
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if count == 0 || count > 15 || (dot && fraction == 0) {
        return None;
    }
    let v = mantissa as f64 / POW10[fraction];
    Some(if negative { -v } else { v })
}

pub(crate) struct RawCollection {
    pub kind: String,
    pub features: Vec<RawFeature>,
    /// The obsolete (2008) `crs` member's name: a named CRS other than WGS84 means
    /// projected data.
    pub crs: Option<String>,
}

pub(crate) fn scan_collection(bytes: &[u8]) -> ScanResult<RawCollection> {
    let mut s = Scan {
        b: bytes,
        i: 0,
        xy_hint: 0,
    };
    // A UTF-8 byte order mark, as some Windows tools write.
    if s.b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        s.i = 3;
    }
    let mut c = RawCollection {
        kind: String::new(),
        features: Vec::new(),
        crs: None,
    };
    if s.peek() != Some(b'{') {
        return s.err("expected a JSON object");
    }
    s.object(|s, key| {
        match key {
            "type" if s.peek() == Some(b'"') => c.kind = s.string()?.into_owned(),
            "features" if s.peek() == Some(b'[') => {
                s.i += 1;
                if !s.eat(b']') {
                    loop {
                        c.features.push(s.feature()?);
                        if s.eat(b']') {
                            break;
                        }
                        s.expect(b',')?;
                    }
                }
            }
            "crs" if s.peek() == Some(b'{') => s.object(|s, key| {
                if key == "properties" && s.peek() == Some(b'{') {
                    s.object(|s, key| {
                        if key == "name" && s.peek() == Some(b'"') {
                            c.crs = Some(s.string()?.into_owned());
                            Ok(())
                        } else {
                            s.skip()
                        }
                    })
                } else {
                    s.skip()
                }
            })?,
            _ => s.skip()?,
        }
        Ok(())
    })?;
    if s.peek().is_some() {
        return s.err("trailing characters");
    }
    Ok(c)
}

impl RawFeature {
    /// A property by exact name.
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.properties
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// A property as text: strings trimmed (empty = absent), finite numbers printed
    /// (`54`, `5.5`), anything else absent.
    pub fn text(&self, name: &str) -> Option<String> {
        prop_text(self.prop(name))
    }
}

/// [`RawFeature::text`] of a property value.
pub(crate) fn prop_text(p: Option<&Prop>) -> Option<String> {
    match p {
        Some(Prop::Text(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Prop::Number(n)) if n.is_finite() => Some(format!("{n}")),
        _ => None,
    }
}

/// A Polygon or MultiPolygon from its flat coordinates, checked: every ring has 4 positions
/// (or 3 distinct corners, closed here), every coordinate is finite lon/lat.
pub(crate) fn areal(kind: Option<&str>, flat: &Flat) -> Result<MultiPolygon<f64>, GeometryProblem> {
    let kind = kind.ok_or(GeometryProblem::Missing)?;
    let poly_ends: Vec<u32> = match kind {
        "Polygon" => vec![flat.ring_ends.len() as u32],
        "MultiPolygon" => flat.poly_ends.clone(),
        other => {
            return Err(GeometryProblem::WrongType(
                other.to_owned(),
                "Polygon or MultiPolygon",
            ))
        }
    };
    if flat.malformed {
        return Err(GeometryProblem::ShortPosition);
    }
    let mut polygons = Vec::with_capacity(poly_ends.len());
    let (mut ring, mut start) = (0usize, 0usize);
    for &pe in &poly_ends {
        let mut rings = Vec::new();
        while ring < pe as usize {
            let end = flat.ring_ends[ring] as usize;
            let coords = flat.xy[2 * start..2 * end]
                .chunks_exact(2)
                .map(|p| lon_lat(p[0], p[1]))
                .collect::<Result<Vec<_>, _>>()?;
            // A linear ring needs 4 positions, first = last (RFC 7946 §3.1.6). An unclosed
            // ring is closed by geo's LineString → Polygon conversion; it still needs 3
            // distinct corners.
            if coords.len() < 3 || (coords.len() < 4 && coords.first() == coords.last()) {
                return Err(GeometryProblem::RingTooShort);
            }
            rings.push(LineString::new(coords));
            start = end;
            ring += 1;
        }
        let mut rings = rings.into_iter();
        let exterior = rings.next().ok_or(GeometryProblem::RingTooShort)?;
        polygons.push(Polygon::new(exterior, rings.collect()));
    }
    if polygons.is_empty() {
        return Err(GeometryProblem::RingTooShort);
    }
    Ok(MultiPolygon::new(polygons))
}

/// A Point from its flat coordinates, checked like [`areal`].
pub(crate) fn point(kind: Option<&str>, flat: &Flat) -> Result<Point<f64>, GeometryProblem> {
    match kind {
        None => Err(GeometryProblem::Missing),
        Some("Point") if flat.malformed || flat.xy.len() != 2 || !flat.ring_ends.is_empty() => {
            Err(GeometryProblem::ShortPosition)
        }
        Some("Point") => lon_lat(flat.xy[0], flat.xy[1]).map(Point),
        Some(other) => Err(GeometryProblem::WrongType(other.to_owned(), "Point")),
    }
}

fn lon_lat(x: f64, y: f64) -> Result<Coord<f64>, GeometryProblem> {
    if !x.is_finite() || !y.is_finite() {
        return Err(GeometryProblem::NotFinite);
    }
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        return Err(GeometryProblem::OutOfRange);
    }
    Ok(Coord { x, y })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_decimals_equal_the_standard_parser() {
        for t in [
            "0",
            "-0",
            "7",
            "51.5139",
            "-122.41942",
            "5.93055",
            "0.1",
            "123456789012345",
            "1234567.89012345",
            "0.00000000000001",
            "90.0",
        ] {
            let std: f64 = t.parse().unwrap();
            assert_eq!(
                fast_decimal(t.as_bytes()).map(f64::to_bits),
                Some(std.to_bits()),
                "{t}"
            );
        }
        for t in [
            "1e5",
            "1.",
            ".5",
            "-",
            "",
            "1234567890123456",
            "0.000000000000001",
            "1.2.3",
            "+1",
            "7.53333333333333333333333333333333333333333",
        ] {
            assert_eq!(fast_decimal(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn scanner_numbers_equal_the_standard_parser() {
        for t in [
            "5.93055",
            "-0.5",
            "0",
            "12",
            "1e3",
            "-2.5E-3",
            "1234567890123456789",
            "51.51390",
            "0.000000000000001",
            "7.53333333333333333333333333333333333333333",
            "-99999999999999999999999999",
        ] {
            let mut s = Scan {
                b: t.as_bytes(),
                i: 0,
                xy_hint: 0,
            };
            let v = s.number().unwrap();
            assert_eq!(v.to_bits(), t.parse::<f64>().unwrap().to_bits(), "{t}");
            assert_eq!(s.i, t.len(), "{t}");
        }
    }
}
