//! Permalinks: the whole view state in the page URL's query string.
//!
//! A link must restore the view exactly – for council presentations and on the public
//! website – so every choice the user makes (dataset, indicator, year, classification,
//! selection, need-index weights, allocation inputs, map position, …) is written to the
//! query string by [`to_query`] and read back by [`parse_query`].
//!
//! This module only converts between a query string and the typed [`ViewState`]. It checks
//! the *form* of every value (an id's characters, a number's range, a member of a fixed
//! set), never whether an id exists in the loaded dataset: that is the app's job, which
//! knows the dataset.
//!
//! # Robustness
//!
//! Links are edited by hand, truncated by mail clients and carry tracking parameters, so
//! [`parse_query`] never fails and never panics. Whatever it cannot use is listed as
//! [`Ignored`] (the app shows a short notice) and the rest of the link still applies:
//!
//! * an unknown parameter → [`IgnoredReason::UnknownParameter`];
//! * a value of the wrong form (not a number, not a known id, a broken `%` escape, bytes
//!   that are not UTF-8, …) → [`IgnoredReason::Malformed`];
//! * a well-formed value outside its range (year 1800, 12 classes, …) →
//!   [`IgnoredReason::OutOfRange`];
//! * a parameter given a second time → [`IgnoredReason::Duplicate`]. The *first* occurrence
//!   counts, even when it was itself unusable (then the parameter falls back to its
//!   default); later ones are always reported.
//!
//! # Encoding
//!
//! [`to_query`] writes the parameters in the fixed order of the [`ViewState`] fields and
//! percent-encodes every byte outside `[A-Za-z0-9-_.~,:]` (a space becomes `%20`, a `+` in a
//! stage id such as `15+` becomes `%2B`). [`parse_query`] decodes `%XX` and, as HTML forms
//! do, reads a literal `+` as a space – so a hand-typed `stage=15+` is *not* the stage
//! `15+` (it is reported as malformed).
//!
//! Numbers are written in Rust's shortest round-trip form (`0.25`, `1500`), except the map
//! view, which is rounded to what a link needs (longitude/latitude 6 decimals ≈ 0.1 m,
//! zoom 3 decimals). [`parse_query`] snaps the map view to the same grid, so
//! `parse_query(&to_query(&s)).0 == s` holds for every state `parse_query` can return.
//!
//! The percent-coding is done here by hand rather than with a crate: it is a dozen lines,
//! and this crate must stay small because it is compiled to wasm for the browser.

use std::fmt::Write as _;

use crate::classify::{Method, MAX_CLASSES, MIN_CLASSES};
use crate::manifest::Lang;
use crate::need::Normalisation;
use crate::palette::Palette;

/// Longest id (indicator, district key, category, stage) a link may carry.
pub const MAX_ID_LEN: usize = 80;
/// Most districts a link may select.
pub const MAX_SELECTED: usize = 50;
/// [`Ignored::value`] is cut to this many characters.
pub const MAX_IGNORED_VALUE_CHARS: usize = 200;
/// The values of `analysis`.
pub const ANALYSES: [&str; 4] = ["indicator", "need", "priorities", "allocation"];
/// The values of `measure`.
pub const MEASURES: [&str; 4] = ["per_1000_children", "coverage", "per_km2", "count"];
/// The values of `unit`.
pub const UNITS: [&str; 2] = ["places", "euros"];

/// Every parameter name, in the order [`to_query`] writes them.
pub const PARAMS: [&str; 23] = [
    "dataset",
    "lang",
    "analysis",
    "indicator",
    "year",
    "view",
    "method",
    "classes",
    "palette",
    "sel",
    "layers",
    "stage",
    "norm",
    "w",
    "supply",
    "radius",
    "measure",
    "total",
    "unit",
    "min",
    "threshold",
    "map",
    "embed",
];

/// One need-index component as written in the URL.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightParam {
    pub indicator: String,
    pub weight: f64,
    pub higher_is_more_need: bool,
}

/// The map view: centre in WGS84 lon/lat and the zoom relative to the fitted view
/// (1 = whole dataset).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub lon: f64,
    pub lat: f64,
    pub zoom: f64,
}

/// Everything a link can carry. `None` / empty = "not in the URL, use the default".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewState {
    /// `dataset`: a catalogue id; 1..=80 characters, no control characters.
    pub dataset: Option<String>,
    /// `lang` = `de` | `en`.
    pub lang: Option<Lang>,
    /// `analysis`, one of [`ANALYSES`].
    pub analysis: Option<String>,
    /// `indicator`: an id, `[A-Za-z0-9_-]{1,80}`.
    pub indicator: Option<String>,
    /// `year`, 1900..=2100.
    pub year: Option<u16>,
    /// `view=change` (absent or `view=value` → false).
    pub change: bool,
    /// `method` = [`Method::id`].
    pub method: Option<Method>,
    /// `classes`, 3..=9.
    pub classes: Option<usize>,
    /// `palette` = [`Palette::id`].
    pub palette: Option<Palette>,
    /// `sel`: comma-separated district keys (ids), at most [`MAX_SELECTED`].
    pub selected: Vec<String>,
    /// `layers`: comma-separated category ids; `layers=` (empty) = `Some(vec![])` = all off;
    /// absent = `None`.
    pub layers: Option<Vec<String>>,
    /// `stage`: an id that may also contain `+` (e.g. `15+`, written `15%2B`).
    pub stage: Option<String>,
    /// `norm` = [`Normalisation::id`].
    pub normalisation: Option<Normalisation>,
    /// `w`: comma-separated `indicator:weight:h|l`, weight finite 0..=100; `w=` = `Some(vec![])`.
    pub weights: Option<Vec<WeightParam>>,
    /// `supply`: a category id.
    pub supply: Option<String>,
    /// `radius` in metres, 10..=20000.
    pub radius: Option<f64>,
    /// `measure`, one of [`MEASURES`].
    pub measure: Option<String>,
    /// `total`, finite 0..=1e12.
    pub total: Option<f64>,
    /// `unit`, one of [`UNITS`].
    pub unit: Option<String>,
    /// `min`, finite ≥ 0.
    pub minimum: Option<f64>,
    /// `threshold`, 0..=100.
    pub threshold: Option<f64>,
    /// `map` = `lon,lat,zoom`; lon −180..=180, lat −85..=85, zoom 0.01..=1000.
    pub map: Option<MapView>,
    /// `embed=1` (`embed=0` or absent → false).
    pub embed: bool,
}

/// A parameter that was ignored, for the notice the app shows ("never a crash").
#[derive(Debug, Clone, PartialEq)]
pub struct Ignored {
    /// The parameter name as decoded (lossily, if it was not valid).
    pub param: String,
    /// The value as decoded (lossily, if it was not valid), cut to
    /// [`MAX_IGNORED_VALUE_CHARS`] characters.
    pub value: String,
    pub reason: IgnoredReason,
}

/// Why a parameter was ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoredReason {
    UnknownParameter,
    Malformed,
    OutOfRange,
    Duplicate,
}

use IgnoredReason::{Malformed, OutOfRange};

/// Parse a query string, with or without the leading `?`.
///
/// Never fails and never panics: unknown parameters, malformed or out-of-range values and
/// repeated parameters (the first occurrence counts) are returned in the second value, in
/// the order they appear. Empty `&&` segments are skipped; a parameter without `=` has the
/// empty value.
pub fn parse_query(query: &str) -> (ViewState, Vec<Ignored>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut state = ViewState::default();
    let mut ignored = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let report = |ignored: &mut Vec<Ignored>, key: String, reason| {
            let value = decode_lossy(raw_value)
                .chars()
                .take(MAX_IGNORED_VALUE_CHARS)
                .collect();
            ignored.push(Ignored {
                param: key,
                value,
                reason,
            });
        };
        let Some(key) = percent_decode(raw_key) else {
            report(&mut ignored, decode_lossy(raw_key), Malformed);
            continue;
        };
        let Some(param) = PARAMS.iter().copied().find(|p| *p == key) else {
            report(&mut ignored, key, IgnoredReason::UnknownParameter);
            continue;
        };
        if seen.contains(&param) {
            report(&mut ignored, key, IgnoredReason::Duplicate);
            continue;
        }
        seen.push(param);
        let result = match percent_decode(raw_value) {
            Some(value) => apply(&mut state, param, &value),
            None => Err(Malformed),
        };
        if let Err(reason) = result {
            report(&mut ignored, key, reason);
        }
    }
    (state, ignored)
}

/// Write the state as a query string starting with `?` (just `"?"` for the default state).
///
/// Only the parameters that are set are written, in the order of the [`ViewState`] fields;
/// see the module docs for the encoding and the number format.
pub fn to_query(state: &ViewState) -> String {
    let mut q = Query(String::from("?"));
    if let Some(d) = &state.dataset {
        q.param("dataset").text(d);
    }
    if let Some(l) = state.lang {
        q.param("lang").text(l.code());
    }
    if let Some(a) = &state.analysis {
        q.param("analysis").text(a);
    }
    if let Some(i) = &state.indicator {
        q.param("indicator").text(i);
    }
    if let Some(y) = state.year {
        q.param("year").text(&y.to_string());
    }
    if state.change {
        q.param("view").text("change");
    }
    if let Some(m) = state.method {
        q.param("method").text(m.id());
    }
    if let Some(c) = state.classes {
        q.param("classes").text(&c.to_string());
    }
    if let Some(p) = state.palette {
        q.param("palette").text(p.id());
    }
    if !state.selected.is_empty() {
        q.param("sel").list(&state.selected);
    }
    if let Some(l) = &state.layers {
        q.param("layers").list(l);
    }
    if let Some(s) = &state.stage {
        q.param("stage").text(s);
    }
    if let Some(n) = state.normalisation {
        q.param("norm").text(n.id());
    }
    if let Some(ws) = &state.weights {
        let q = q.param("w");
        for (i, w) in ws.iter().enumerate() {
            if i > 0 {
                q.0.push(',');
            }
            q.text(&w.indicator);
            q.0.push(':');
            q.text(&number(w.weight));
            q.0.push_str(if w.higher_is_more_need { ":h" } else { ":l" });
        }
    }
    if let Some(s) = &state.supply {
        q.param("supply").text(s);
    }
    if let Some(r) = state.radius {
        q.param("radius").text(&number(r));
    }
    if let Some(m) = &state.measure {
        q.param("measure").text(m);
    }
    if let Some(t) = state.total {
        q.param("total").text(&number(t));
    }
    if let Some(u) = &state.unit {
        q.param("unit").text(u);
    }
    if let Some(m) = state.minimum {
        q.param("min").text(&number(m));
    }
    if let Some(t) = state.threshold {
        q.param("threshold").text(&number(t));
    }
    if let Some(m) = state.map {
        let text = format!("{:.6},{:.6},{:.3}", m.lon + 0.0, m.lat + 0.0, m.zoom + 0.0);
        q.param("map").text(&text);
    }
    if state.embed {
        q.param("embed").text("1");
    }
    q.0
}

/// The query string under construction.
struct Query(String);

impl Query {
    /// Start a parameter: `&name=` (no `&` right after the `?`).
    fn param(&mut self, name: &str) -> &mut Self {
        if self.0.len() > 1 {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
        self
    }

    /// Append `s` percent-encoded.
    fn text(&mut self, s: &str) -> &mut Self {
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b',' | b':') {
                self.0.push(char::from(b));
            } else {
                let _ = write!(self.0, "%{b:02X}");
            }
        }
        self
    }

    /// Append the items percent-encoded, separated by commas.
    fn list(&mut self, items: &[String]) -> &mut Self {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.text(item);
        }
        self
    }
}

/// Shortest round-trip decimal form, without a sign on zero.
fn number(x: f64) -> String {
    format!("{}", x + 0.0)
}

/// Read one known parameter into the state.
fn apply(state: &mut ViewState, param: &str, v: &str) -> Result<(), IgnoredReason> {
    match param {
        "dataset" => {
            let n = v.chars().count();
            if n == 0 || n > MAX_ID_LEN || v.chars().any(char::is_control) {
                return Err(Malformed);
            }
            state.dataset = Some(v.to_owned());
        }
        "lang" => state.lang = Some(Lang::from_code(v).ok_or(Malformed)?),
        "analysis" => state.analysis = Some(one_of(v, &ANALYSES)?),
        "indicator" => state.indicator = Some(id(v)?),
        "year" => state.year = Some(integer(v, 1900, 2100)? as u16),
        "view" => {
            state.change = match v {
                "change" => true,
                "value" => false,
                _ => return Err(Malformed),
            }
        }
        "method" => state.method = Some(Method::from_id(v).ok_or(Malformed)?),
        "classes" => {
            state.classes = Some(integer(v, MIN_CLASSES as i64, MAX_CLASSES as i64)? as usize)
        }
        "palette" => state.palette = Some(Palette::from_id(v).ok_or(Malformed)?),
        "sel" => {
            let ids = id_list(v)?;
            if ids.len() > MAX_SELECTED {
                return Err(OutOfRange);
            }
            state.selected = ids;
        }
        "layers" => state.layers = Some(id_list(v)?),
        "stage" => {
            if !is_id(v, |b| b == b'+') {
                return Err(Malformed);
            }
            state.stage = Some(v.to_owned());
        }
        "norm" => state.normalisation = Some(Normalisation::from_id(v).ok_or(Malformed)?),
        "w" => state.weights = Some(weights(v)?),
        "supply" => state.supply = Some(id(v)?),
        "radius" => state.radius = Some(number_in(v, 10.0, 20_000.0)?),
        "measure" => state.measure = Some(one_of(v, &MEASURES)?),
        "total" => state.total = Some(number_in(v, 0.0, 1e12)?),
        "unit" => state.unit = Some(one_of(v, &UNITS)?),
        "min" => state.minimum = Some(number_in(v, 0.0, f64::MAX)?),
        "threshold" => state.threshold = Some(number_in(v, 0.0, 100.0)?),
        "map" => state.map = Some(map_view(v)?),
        "embed" => {
            state.embed = match v {
                "1" => true,
                "0" => false,
                _ => return Err(Malformed),
            }
        }
        _ => return Err(IgnoredReason::UnknownParameter),
    }
    Ok(())
}

/// `[A-Za-z0-9_-]` plus whatever `extra` allows, 1..=[`MAX_ID_LEN`] bytes.
fn is_id(v: &str, extra: impl Fn(u8) -> bool) -> bool {
    !v.is_empty()
        && v.len() <= MAX_ID_LEN
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || extra(b))
}

fn id(v: &str) -> Result<String, IgnoredReason> {
    if is_id(v, |_| false) {
        Ok(v.to_owned())
    } else {
        Err(Malformed)
    }
}

/// Comma-separated ids; the empty string is the empty list.
fn id_list(v: &str) -> Result<Vec<String>, IgnoredReason> {
    if v.is_empty() {
        return Ok(Vec::new());
    }
    v.split(',').map(id).collect()
}

fn one_of(v: &str, set: &[&str]) -> Result<String, IgnoredReason> {
    if set.contains(&v) {
        Ok(v.to_owned())
    } else {
        Err(Malformed)
    }
}

/// An optionally negative decimal integer in `lo..=hi`.
fn integer(v: &str, lo: i64, hi: i64) -> Result<i64, IgnoredReason> {
    let digits = v.strip_prefix('-').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Malformed);
    }
    // Well-formed; too many digits for i64 is simply out of range.
    match v.parse::<i64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(OutOfRange),
    }
}

/// A decimal number (`-1.5`, `.5`, `2e3`); no `inf`/`NaN` spellings. May be infinite when
/// the exponent is huge – the range check then reports it as out of range.
fn decimal(v: &str) -> Result<f64, IgnoredReason> {
    let chars_ok = v
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if !chars_ok || !v.bytes().any(|b| b.is_ascii_digit()) {
        return Err(Malformed);
    }
    v.parse::<f64>().map_err(|_| Malformed)
}

fn in_range(x: f64, lo: f64, hi: f64) -> Result<f64, IgnoredReason> {
    if x.is_finite() && x >= lo && x <= hi {
        Ok(x + 0.0) // −0 → 0
    } else {
        Err(OutOfRange)
    }
}

fn number_in(v: &str, lo: f64, hi: f64) -> Result<f64, IgnoredReason> {
    in_range(decimal(v)?, lo, hi)
}

fn weights(v: &str) -> Result<Vec<WeightParam>, IgnoredReason> {
    if v.is_empty() {
        return Ok(Vec::new());
    }
    v.split(',')
        .map(|item| {
            let mut parts = item.split(':');
            let (Some(ind), Some(w), Some(dir), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(Malformed);
            };
            let indicator = id(ind)?;
            let higher_is_more_need = match dir {
                "h" => true,
                "l" => false,
                _ => return Err(Malformed),
            };
            let weight = number_in(w, 0.0, 100.0)?;
            Ok(WeightParam {
                indicator,
                weight,
                higher_is_more_need,
            })
        })
        .collect()
}

/// `lon,lat,zoom`, range-checked and then snapped to the precision [`to_query`] writes.
fn map_view(v: &str) -> Result<MapView, IgnoredReason> {
    let mut parts = v.split(',');
    let (Some(lon), Some(lat), Some(zoom), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Malformed);
    };
    let (lon, lat, zoom) = (decimal(lon)?, decimal(lat)?, decimal(zoom)?);
    Ok(MapView {
        lon: round_to(in_range(lon, -180.0, 180.0)?, 1e6),
        lat: round_to(in_range(lat, -85.0, 85.0)?, 1e6),
        zoom: round_to(in_range(zoom, 0.01, 1000.0)?, 1e3),
    })
}

/// Round to `1/scale`. The result is the `f64` nearest to the rounded decimal (an exact
/// integer divided by an exact power of ten is correctly rounded), i.e. exactly what parsing
/// the `{:.6}` / `{:.3}` text of [`to_query`] gives. Bounds on the grid stay in range.
fn round_to(x: f64, scale: f64) -> f64 {
    (x * scale).round() / scale + 0.0
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decode `%XX` and `+` (space). `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = hex(*b.get(i + 1)?)?;
                let lo = hex(*b.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Like [`percent_decode`] but for reporting: broken escapes are kept as they are and bytes
/// that are not UTF-8 become U+FFFD.
fn decode_lossy(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let escaped = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h << 4 | l),
            _ => None,
        };
        match (b[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (c, None) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `url` with `embed=1` added or removed, other parameters kept in order (for the share
/// dialog's iframe snippet and the embed's "open in the full explorer" link).
pub fn with_embed(url: &str, embed: bool) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut parts: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("embed="))
        .collect();
    if embed {
        parts.push("embed=1");
    }
    if parts.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IgnoredReason::{Duplicate, UnknownParameter};

    fn full_state() -> ViewState {
        ViewState {
            dataset: Some("Köln Süd & Nord = 100%+?".to_owned()),
            lang: Some(Lang::En),
            analysis: Some("allocation".to_owned()),
            indicator: Some("child_poverty-rate".to_owned()),
            year: Some(2023),
            change: true,
            method: Some(Method::NaturalBreaks),
            classes: Some(7),
            palette: Some(Palette::PuOr),
            selected: vec!["05913000".to_owned(), "a_b-c".to_owned()],
            layers: Some(vec!["kita".to_owned(), "youth_centre".to_owned()]),
            stage: Some("15+".to_owned()),
            normalisation: Some(Normalisation::PercentileRank),
            weights: Some(vec![
                WeightParam {
                    indicator: "sgb2".to_owned(),
                    weight: 0.1,
                    higher_is_more_need: true,
                },
                WeightParam {
                    indicator: "daycare".to_owned(),
                    weight: 100.0,
                    higher_is_more_need: false,
                },
                WeightParam {
                    indicator: "lang".to_owned(),
                    weight: 1.0 / 3.0,
                    higher_is_more_need: true,
                },
            ]),
            supply: Some("kita".to_owned()),
            radius: Some(750.5),
            measure: Some("per_1000_children".to_owned()),
            total: Some(1e12),
            unit: Some("euros".to_owned()),
            minimum: Some(2.5e-7),
            threshold: Some(33.3),
            map: Some(MapView {
                lon: 7.465_123,
                lat: -51.5,
                zoom: 12.125,
            }),
            embed: true,
        }
    }

    fn round_trip(s: &ViewState) {
        let q = to_query(s);
        let (back, ignored) = parse_query(&q);
        assert_eq!(ignored, vec![], "{q}");
        assert_eq!(&back, s, "{q}");
    }

    fn ignored(param: &str, value: &str, reason: IgnoredReason) -> Ignored {
        Ignored {
            param: param.to_owned(),
            value: value.to_owned(),
            reason,
        }
    }

    #[test]
    fn full_round_trip_every_field() {
        let s = full_state();
        round_trip(&s);
        let q = to_query(&s);
        assert!(q.contains("&stage=15%2B&"), "{q}");
        assert!(
            q.starts_with("?dataset=K%C3%B6ln%20S%C3%BCd%20%26%20Nord%20%3D%20100%25%2B%3F&"),
            "{q}"
        );
        assert!(q.contains("&w=sgb2:0.1:h,daycare:100:l,lang:0.3333333333333333:h&"));
        assert!(q.contains("&map=7.465123,-51.500000,12.125&"), "{q}");
    }

    #[test]
    fn exact_output_and_fixed_order() {
        let s = ViewState {
            embed: true,
            year: Some(2020),
            dataset: Some("dortmund".to_owned()),
            threshold: Some(80.0),
            layers: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            to_query(&s),
            "?dataset=dortmund&year=2020&layers=&threshold=80&embed=1"
        );
        assert_eq!(to_query(&ViewState::default()), "?");
    }

    #[test]
    fn output_only_uses_the_unencoded_set() {
        let q = to_query(&full_state());
        assert!(q[1..].bytes().all(|b| b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_' | b'.' | b'~' | b',' | b':' | b'%' | b'&' | b'='
            )));
    }

    #[test]
    fn partial_states_round_trip() {
        round_trip(&ViewState::default());
        round_trip(&ViewState {
            lang: Some(Lang::De),
            ..Default::default()
        });
        round_trip(&ViewState {
            layers: Some(vec![]),
            weights: Some(vec![]),
            ..Default::default()
        });
        round_trip(&ViewState {
            layers: Some(vec!["x".to_owned()]),
            stage: Some("0-3".to_owned()),
            change: false,
            ..Default::default()
        });
        round_trip(&ViewState {
            selected: (0..MAX_SELECTED).map(|i| format!("d{i}")).collect(),
            map: Some(MapView {
                lon: -180.0,
                lat: 85.0,
                zoom: 0.01,
            }),
            minimum: Some(0.0),
            total: Some(0.0),
            ..Default::default()
        });
        for m in Method::ALL {
            round_trip(&ViewState {
                method: Some(m),
                ..Default::default()
            });
        }
        for p in Palette::SEQUENTIAL.into_iter().chain(Palette::DIVERGING) {
            round_trip(&ViewState {
                palette: Some(p),
                ..Default::default()
            });
        }
        for n in Normalisation::ALL {
            round_trip(&ViewState {
                normalisation: Some(n),
                ..Default::default()
            });
        }
        for a in ANALYSES {
            round_trip(&ViewState {
                analysis: Some(a.to_owned()),
                ..Default::default()
            });
        }
        for (m, u) in MEASURES.into_iter().zip(UNITS.into_iter().cycle()) {
            round_trip(&ViewState {
                measure: Some(m.to_owned()),
                unit: Some(u.to_owned()),
                ..Default::default()
            });
        }
    }

    #[test]
    fn leading_question_mark_is_optional_and_empty_segments_skipped() {
        let a = parse_query("?lang=en&year=2021");
        let b = parse_query("lang=en&&year=2021&");
        assert_eq!(a, b);
        assert_eq!(a.0.lang, Some(Lang::En));
        assert_eq!(a.0.year, Some(2021));
        assert!(a.1.is_empty());
        assert_eq!(parse_query(""), (ViewState::default(), vec![]));
        assert_eq!(parse_query("?"), (ViewState::default(), vec![]));
    }

    #[test]
    fn unknown_parameters_are_reported_and_the_rest_parsed() {
        let (s, ig) = parse_query("?utm_source=mail%20x&lang=de&Lang=en&fbclid");
        assert_eq!(s.lang, Some(Lang::De));
        assert_eq!(
            ig,
            vec![
                ignored("utm_source", "mail x", UnknownParameter),
                ignored("Lang", "en", UnknownParameter),
                ignored("fbclid", "", UnknownParameter),
            ]
        );
    }

    #[test]
    fn malformed_values_are_reported_and_the_rest_parsed() {
        let cases: &[(&str, &str)] = &[
            ("dataset", ""),
            ("dataset", "a\nb"),
            ("lang", "fr"),
            ("analysis", "Need"),
            ("indicator", "a b"),
            ("indicator", "a.b"),
            ("indicator", &"x".repeat(81)),
            ("year", "20x0"),
            ("year", "2020.0"),
            ("year", ""),
            ("view", "changes"),
            ("method", "jenks"),
            ("classes", "five"),
            ("palette", "viridis"),
            ("sel", "a,,b"),
            ("sel", "a;b"),
            ("layers", ","),
            ("stage", "15 "),
            ("stage", "1.5"),
            ("norm", "minmax"),
            ("w", "a:1"),
            ("w", "a:1:x"),
            ("w", "a:1:h:h"),
            ("w", "a:one:h"),
            ("w", "a b:1:h"),
            ("w", "a:1:h,"),
            ("supply", "ki/ta"),
            ("radius", "NaN"),
            ("radius", "inf"),
            ("radius", "1km"),
            ("measure", "density"),
            ("total", "-"),
            ("total", "1,000"),
            ("unit", "EUR"),
            ("min", "e5"),
            ("threshold", "50%"),
            ("map", "7,51"),
            ("map", "7,51,1,2"),
            ("map", "7,51,x"),
            ("map", ""),
            ("embed", "true"),
            ("embed", ""),
        ];
        for (param, value) in cases {
            let raw = Query(String::new()).text(value).0.clone();
            // Another parameter after the bad one must still apply.
            let (other, expect) = if *param == "lang" {
                (
                    "year=2020",
                    ViewState {
                        year: Some(2020),
                        ..Default::default()
                    },
                )
            } else {
                (
                    "lang=en",
                    ViewState {
                        lang: Some(Lang::En),
                        ..Default::default()
                    },
                )
            };
            let q = format!("?{param}={raw}&{other}");
            let (s, ig) = parse_query(&q);
            assert_eq!(s, expect, "{q}");
            assert_eq!(ig, vec![ignored(param, value, Malformed)], "{q}");
        }
        // A hand-typed '+' is a space, so `stage=15+` is not the stage "15+" (that is 15%2B).
        let (s, ig) = parse_query("stage=15+&year=2020");
        assert_eq!((s.stage, s.year), (None, Some(2020)));
        assert_eq!(ig, vec![ignored("stage", "15 ", Malformed)]);
    }

    #[test]
    fn out_of_range_values_are_reported_and_the_rest_parsed() {
        let cases = [
            ("year", "1899"),
            ("year", "2101"),
            ("year", "-2020"),
            ("year", "99999999999999999999999"),
            ("classes", "2"),
            ("classes", "10"),
            ("w", "a:100.5:h"),
            ("w", "a:1:h,b:-1:l"),
            ("radius", "9.99"),
            ("radius", "20001"),
            ("total", "-1"),
            ("total", "1.5e12"),
            ("min", "-0.5"),
            ("min", "1e999"),
            ("threshold", "100.01"),
            ("map", "180.5,0,1"),
            ("map", "0,-85.1,1"),
            ("map", "0,0,0.009"),
            ("map", "0,0,1001"),
        ];
        for (param, value) in cases {
            let q = format!("?lang=en&{param}={value}");
            let (s, ig) = parse_query(&q);
            assert_eq!(
                s,
                ViewState {
                    lang: Some(Lang::En),
                    ..Default::default()
                },
                "{q}"
            );
            assert_eq!(ig, vec![ignored(param, value, OutOfRange)], "{q}");
        }
        let too_many = (0..=MAX_SELECTED)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let (s, ig) = parse_query(&format!("sel={too_many}"));
        assert!(s.selected.is_empty());
        assert_eq!(ig[0].reason, OutOfRange);
    }

    #[test]
    fn range_bounds_are_inclusive() {
        let (s, ig) = parse_query(
            "year=1900&classes=9&radius=10&threshold=100&total=1000000000000&\
             w=a:0:l,b:100:h&map=180,-85,1000",
        );
        assert!(ig.is_empty(), "{ig:?}");
        assert_eq!(s.year, Some(1900));
        assert_eq!(s.classes, Some(9));
        assert_eq!(s.radius, Some(10.0));
        assert_eq!(s.threshold, Some(100.0));
        assert_eq!(s.total, Some(1e12));
        assert_eq!(s.weights.as_ref().map(Vec::len), Some(2));
        assert_eq!(
            s.map,
            Some(MapView {
                lon: 180.0,
                lat: -85.0,
                zoom: 1000.0
            })
        );
        assert_eq!(parse_query("year=2100").0.year, Some(2100));
        assert_eq!(parse_query("classes=3").0.classes, Some(3));
        assert_eq!(parse_query("radius=20000").0.radius, Some(20000.0));
    }

    #[test]
    fn duplicates_keep_the_first() {
        let (s, ig) = parse_query("year=2020&lang=en&year=2021&year=x&lang=de&embed=1");
        assert_eq!(s.year, Some(2020));
        assert_eq!(s.lang, Some(Lang::En));
        assert!(s.embed);
        assert_eq!(
            ig,
            vec![
                ignored("year", "2021", Duplicate),
                ignored("year", "x", Duplicate),
                ignored("lang", "de", Duplicate),
            ]
        );
        // The first occurrence counts even when it is unusable.
        let (s, ig) = parse_query("year=x&year=2020");
        assert_eq!(s.year, None);
        assert_eq!(
            ig,
            vec![
                ignored("year", "x", Malformed),
                ignored("year", "2020", Duplicate)
            ]
        );
        // An encoded key is the same parameter.
        let (s, ig) = parse_query("lang=de&%6Cang=en");
        assert_eq!(s.lang, Some(Lang::De));
        assert_eq!(ig, vec![ignored("lang", "en", Duplicate)]);
    }

    #[test]
    fn percent_decoding() {
        let (s, ig) = parse_query("dataset=M%C3%BCnster+Nord%2b%20x&stage=15%2B");
        assert!(ig.is_empty());
        assert_eq!(s.dataset.as_deref(), Some("Münster Nord+ x"));
        assert_eq!(s.stage.as_deref(), Some("15+"));
        assert_eq!(percent_decode("%C3%BC").as_deref(), Some("ü"));
        assert_eq!(percent_decode("a+b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%41%7e").as_deref(), Some("A~"));
        // Literal UTF-8 in the query (a browser shows it this way) is fine too.
        assert_eq!(
            parse_query("dataset=Lünen").0.dataset.as_deref(),
            Some("Lünen")
        );
    }

    #[test]
    fn broken_escapes_and_invalid_utf8_are_malformed() {
        for (raw, shown) in [
            ("%", "%"),
            ("%4", "%4"),
            ("a%zz", "a%zz"),
            ("%C3", "\u{FFFD}"),
            ("%FF%FE", "\u{FFFD}\u{FFFD}"),
            ("%C3%28", "\u{FFFD}("),
        ] {
            let q = format!("lang=en&dataset={raw}&year=2020");
            let (s, ig) = parse_query(&q);
            assert_eq!(s.lang, Some(Lang::En), "{q}");
            assert_eq!(s.year, Some(2020), "{q}");
            assert_eq!(s.dataset, None, "{q}");
            assert_eq!(ig, vec![ignored("dataset", shown, Malformed)], "{q}");
        }
        // A broken key is malformed too (it cannot be matched to a parameter).
        let (s, ig) = parse_query("%ZZ=1&%FF=2&embed=1");
        assert!(s.embed);
        assert_eq!(
            ig,
            vec![
                ignored("%ZZ", "1", Malformed),
                ignored("\u{FFFD}", "2", Malformed)
            ]
        );
    }

    #[test]
    fn ignored_values_are_truncated() {
        let long = "ä".repeat(500);
        let (_, ig) = parse_query(&format!("dataset={long}&foo={long}"));
        assert_eq!(ig.len(), 2);
        for i in ig {
            assert_eq!(i.value.chars().count(), MAX_IGNORED_VALUE_CHARS);
        }
    }

    #[test]
    fn flags_and_layers_semantics() {
        assert!(!parse_query("view=value").0.change);
        assert!(parse_query("view=change").0.change);
        assert!(!parse_query("embed=0").0.embed);
        assert_eq!(parse_query("layers=").0.layers, Some(vec![]));
        assert_eq!(parse_query("layers").0.layers, Some(vec![]));
        assert_eq!(parse_query("lang=de").0.layers, None);
        assert_eq!(
            parse_query("layers=a,b").0.layers,
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(parse_query("sel=").0.selected, Vec::<String>::new());
        // view=value is the default and is not written back.
        assert_eq!(to_query(&parse_query("view=value").0), "?");
    }

    #[test]
    fn numbers_accept_common_spellings_and_normalise_negative_zero() {
        let (s, ig) = parse_query("total=1.5e3&min=-0&threshold=.5&w=a:-0:h");
        assert!(ig.is_empty(), "{ig:?}");
        assert_eq!(s.total, Some(1500.0));
        assert_eq!(s.minimum, Some(0.0));
        assert!(s.minimum.unwrap().is_sign_positive());
        assert_eq!(s.threshold, Some(0.5));
        assert!(s.weights.unwrap()[0].weight.is_sign_positive());
        assert_eq!(
            to_query(&parse_query("total=1.5e3&min=-0").0),
            "?total=1500&min=0"
        );
    }

    #[test]
    fn map_view_is_snapped_to_the_written_precision() {
        let (s, ig) = parse_query("map=7.12345678,51.9999996,2.00049");
        assert!(ig.is_empty());
        let m = s.map.unwrap();
        assert_eq!(m.lon, 7.123457);
        assert_eq!(m.lat, 52.0);
        assert_eq!(m.zoom, 2.0);
        assert_eq!(to_query(&s), "?map=7.123457,52.000000,2.000");
        // Unsnapped state: written rounded, read back snapped.
        let raw = ViewState {
            map: Some(MapView {
                lon: -0.00000001,
                lat: 1.0 / 3.0,
                zoom: 1.0 / 3.0,
            }),
            ..Default::default()
        };
        let q = to_query(&raw);
        assert_eq!(q, "?map=-0.000000,0.333333,0.333");
        let back = parse_query(&q).0.map.unwrap();
        assert_eq!((back.lon, back.lat, back.zoom), (0.0, 0.333333, 0.333));
    }

    /// Small xorshift64* generator: deterministic, no dependency.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.0 = x;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn check_stable(q: &str) {
        let (s, ig) = parse_query(q);
        for i in &ig {
            assert!(i.value.chars().count() <= MAX_IGNORED_VALUE_CHARS);
        }
        let written = to_query(&s);
        let (again, ig2) = parse_query(&written);
        assert_eq!(again, s, "query {q:?} → {written:?}");
        assert!(ig2.is_empty(), "query {q:?} → {written:?}: {ig2:?}");
        assert_eq!(to_query(&again), written);
    }

    #[test]
    fn fuzz_no_panic_and_stable_round_trip() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        const PIECES: [&str; 40] = [
            "=", "&", "?", ",", ":", "%", "%2", "%C3%BC", "%2B", "%FF", "+", "-", ".", "e", "0",
            "1", "5", "9", "20", "2020", "100", "h", "l", "x", "_", " ", "ü", "a", "15", "3",
            "7.5", "51.25", "1e3", "change", "value", "de", "en", "kita", "0-3", "quantile",
        ];
        const VALUES: [&str; 24] = [
            "",
            "de",
            "need",
            "2019",
            "change",
            "std_dev",
            "5",
            "RdBu",
            "a,b",
            "15%2B",
            "z_score",
            "a:1:h,b:2.5:l",
            "kita",
            "500",
            "coverage",
            "12345.5",
            "places",
            "3",
            "80",
            "7.4,51.5,3",
            "-180,85,0.01",
            "1",
            "0",
            "x:100:l",
        ];
        for round in 0..20_000 {
            let mut q = String::new();
            match round % 3 {
                // Random bytes, made into a &str lossily.
                0 => {
                    let len = rng.below(64);
                    let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                    q = String::from_utf8_lossy(&bytes).into_owned();
                }
                // Random pieces.
                1 => {
                    for _ in 0..rng.below(40) {
                        q.push_str(PIECES[rng.below(PIECES.len())]);
                    }
                }
                // Parameter names with plausible or mutated values.
                _ => {
                    for _ in 0..rng.below(12) {
                        q.push_str(PARAMS[rng.below(PARAMS.len())]);
                        q.push('=');
                        q.push_str(VALUES[rng.below(VALUES.len())]);
                        if rng.below(4) == 0 {
                            q.push_str(PIECES[rng.below(PIECES.len())]);
                        }
                        q.push('&');
                    }
                }
            }
            check_stable(&q);
        }
    }

    #[test]
    fn embed_parameter_is_added_and_removed() {
        assert_eq!(with_embed("http://x/?a=1", true), "http://x/?a=1&embed=1");
        assert_eq!(with_embed("http://x/?a=1&embed=1", false), "http://x/?a=1");
        assert_eq!(
            with_embed("http://x/?embed=1&a=1", true),
            "http://x/?a=1&embed=1"
        );
        assert_eq!(with_embed("http://x/", true), "http://x/?embed=1");
        assert_eq!(with_embed("http://x/?embed=1", false), "http://x/");
    }
}
