//! Reprojection of the supported systems ([`Crs`]) to WGS84 longitude/latitude, and back
//! (the back direction writes test fixtures and checks round trips).
//!
//! Why hand-written and not `proj4rs`: on `wasm32-unknown-unknown` proj4rs 0.3 always
//! compiles its own wasm-bindgen entry module (it exports a JS `Projection` class) and
//! depends on `web-sys`, `js-sys` and `console_log` — the core must stay free of web crates,
//! and foreign JS exports would leak into the import worker's bindings. The six systems we
//! support need only three pieces of maths, about 150 lines without dependencies:
//!
//! - transverse Mercator (UTM, Gauß-Krüger) with Krüger's series to order n⁶ as given by
//!   Karney, "Transverse Mercator with an accuracy of a few nanometers" (J. Geodesy 85, 2011),
//!   eqs. 7, 9, 11, 35–36: accurate to well under a millimetre within ±4° of the central
//!   meridian, far better than any municipal boundary;
//! - spherical Web Mercator (EPSG:3857's "Popular Visualisation" formula);
//! - for DHDN (Gauß-Krüger on the Bessel ellipsoid), the 7-parameter Helmert shift to WGS84
//!   via geocentric coordinates (position-vector convention, like proj's `+towgs84`).
//!
//! ETRS89 (the datum of UTM 25832/25833) is taken as identical to WGS84, as EPSG's
//! transformation 1149 does; the two drift apart by ~2.5 cm a year, i.e. under a metre now.

use super::crs::Crs;
use super::layer::{ImportError, Layer};
use geo::{Coord, MapCoordsInPlace};

/// An ellipsoid by semi-major axis `a` (metres) and flattening `f`.
#[derive(Debug, Clone, Copy)]
struct Ellipsoid {
    a: f64,
    f: f64,
}

const GRS80: Ellipsoid = Ellipsoid {
    a: 6_378_137.0,
    f: 1.0 / 298.257_222_101,
};
const WGS84: Ellipsoid = Ellipsoid {
    a: 6_378_137.0,
    f: 1.0 / 298.257_223_563,
};
const BESSEL: Ellipsoid = Ellipsoid {
    a: 6_377_397.155,
    f: 1.0 / 299.152_812_8,
};

/// DHDN → WGS84, EPSG transformation 1777 (position vector): translations in metres,
/// rotations in arc seconds, scale in ppm — the `+towgs84` values of EPSG:31466/31467.
const DHDN_TO_WGS84: [f64; 7] = [598.1, 73.7, 418.2, 0.202, 0.045, -2.455, 6.7];

/// Web Mercator's sphere radius (the WGS84 semi-major axis).
const MERCATOR_R: f64 = 6_378_137.0;

/// A transverse Mercator projection: ellipsoid, central meridian (degrees), scale on the
/// central meridian and false easting (false northing is 0 for all ours).
#[derive(Debug, Clone, Copy)]
struct Tm {
    ellipsoid: Ellipsoid,
    lon0: f64,
    k0: f64,
    false_easting: f64,
}

fn tm_of(crs: Crs) -> Option<Tm> {
    // UTM: k0 0.9996 (secant, so that scale error stays < 0.04 % across a 6° zone);
    // Gauß-Krüger: k0 1 on 3° strips, the zone number prefixed to the 500 km false easting.
    Some(match crs {
        Crs::Utm32 => Tm {
            ellipsoid: GRS80,
            lon0: 9.0,
            k0: 0.9996,
            false_easting: 500_000.0,
        },
        Crs::Utm33 => Tm {
            ellipsoid: GRS80,
            lon0: 15.0,
            k0: 0.9996,
            false_easting: 500_000.0,
        },
        Crs::GaussKruger2 => Tm {
            ellipsoid: BESSEL,
            lon0: 6.0,
            k0: 1.0,
            false_easting: 2_500_000.0,
        },
        Crs::GaussKruger3 => Tm {
            ellipsoid: BESSEL,
            lon0: 9.0,
            k0: 1.0,
            false_easting: 3_500_000.0,
        },
        Crs::Wgs84 | Crs::WebMercator => return None,
    })
}

impl Tm {
    /// Third flattening n, rectifying radius A (Karney eq. 14) and the series coefficients
    /// α (forward, eq. 35) and β (inverse, eq. 36).
    fn series(&self) -> (f64, f64, [f64; 6], [f64; 6]) {
        let f = self.ellipsoid.f;
        let n = f / (2.0 - f);
        let (n2, n3) = (n * n, n * n * n);
        let (n4, n5, n6) = (n2 * n2, n2 * n3, n3 * n3);
        let a = self.ellipsoid.a / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
        let alpha = [
            n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0
                + 7891.0 * n6 / 37800.0,
            13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0
                - 1983433.0 * n6 / 1935360.0,
            61.0 * n3 / 240.0 - 103.0 * n4 / 140.0
                + 15061.0 * n5 / 26880.0
                + 167603.0 * n6 / 181440.0,
            49561.0 * n4 / 161280.0 - 179.0 * n5 / 168.0 + 6601661.0 * n6 / 7257600.0,
            34729.0 * n5 / 80640.0 - 3418889.0 * n6 / 1995840.0,
            212378941.0 * n6 / 319334400.0,
        ];
        let beta = [
            n / 2.0 - 2.0 * n2 / 3.0 + 37.0 * n3 / 96.0 - n4 / 360.0 - 81.0 * n5 / 512.0
                + 96199.0 * n6 / 604800.0,
            n2 / 48.0 + n3 / 15.0 - 437.0 * n4 / 1440.0 + 46.0 * n5 / 105.0
                - 1118711.0 * n6 / 3870720.0,
            17.0 * n3 / 480.0 - 37.0 * n4 / 840.0 - 209.0 * n5 / 4480.0 + 5569.0 * n6 / 90720.0,
            4397.0 * n4 / 161280.0 - 11.0 * n5 / 504.0 - 830251.0 * n6 / 7257600.0,
            4583.0 * n5 / 161280.0 - 108847.0 * n6 / 3991680.0,
            20648693.0 * n6 / 638668800.0,
        ];
        (n, a, alpha, beta)
    }

    fn e(&self) -> f64 {
        let f = self.ellipsoid.f;
        (f * (2.0 - f)).sqrt()
    }

    /// Geographic (degrees, on this projection's ellipsoid) → easting, northing.
    fn forward(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (_, a, alpha, _) = self.series();
        let e = self.e();
        let phi = lat.to_radians();
        let lambda = (lon - self.lon0).to_radians();
        // Conformal latitude via τ' (Karney eq. 7–9).
        let t = (phi.sin().atanh() - e * (e * phi.sin()).atanh()).sinh();
        let xi1 = t.atan2(lambda.cos());
        let eta1 = (lambda.sin() / (1.0 + t * t).sqrt()).atanh();
        let (mut xi, mut eta) = (xi1, eta1);
        for (j, al) in alpha.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xi += al * (k * xi1).sin() * (k * eta1).cosh();
            eta += al * (k * xi1).cos() * (k * eta1).sinh();
        }
        (self.false_easting + self.k0 * a * eta, self.k0 * a * xi)
    }

    /// Easting, northing → geographic (degrees, on this projection's ellipsoid).
    fn inverse(&self, x: f64, y: f64) -> (f64, f64) {
        let (_, a, _, beta) = self.series();
        let e = self.e();
        let xi = y / (self.k0 * a);
        let eta = (x - self.false_easting) / (self.k0 * a);
        let (mut xi1, mut eta1) = (xi, eta);
        for (j, be) in beta.iter().enumerate() {
            let k = 2.0 * (j as f64 + 1.0);
            xi1 -= be * (k * xi).sin() * (k * eta).cosh();
            eta1 -= be * (k * xi).cos() * (k * eta).sinh();
        }
        let lambda = eta1.sinh().atan2(xi1.cos());
        let tau1 = xi1.sin() / (eta1.sinh().powi(2) + xi1.cos().powi(2)).sqrt();
        // Solve τ' = f(τ) for τ = tan φ by Newton's method (Karney eqs. 19–21); converges
        // to 1e-12 in 2–3 steps; capped at 10 so that garbage input cannot loop.
        let e2 = e * e;
        let mut tau = tau1;
        for _ in 0..10 {
            let sigma = (e * (e * tau / (1.0 + tau * tau).sqrt()).atanh()).sinh();
            let tau_i = tau * (1.0 + sigma * sigma).sqrt() - sigma * (1.0 + tau * tau).sqrt();
            let d = (tau1 - tau_i) / (1.0 + tau_i * tau_i).sqrt() * (1.0 + (1.0 - e2) * tau * tau)
                / ((1.0 - e2) * (1.0 + tau * tau).sqrt());
            tau += d;
            if d.abs() < 1e-12 {
                break;
            }
        }
        (self.lon0 + lambda.to_degrees(), tau.atan().to_degrees())
    }
}

/// Geographic degrees (height 0) → geocentric X, Y, Z on `el`.
fn to_geocentric(el: Ellipsoid, lon: f64, lat: f64) -> [f64; 3] {
    let e2 = el.f * (2.0 - el.f);
    let (phi, lambda) = (lat.to_radians(), lon.to_radians());
    let n = el.a / (1.0 - e2 * phi.sin().powi(2)).sqrt();
    [
        n * phi.cos() * lambda.cos(),
        n * phi.cos() * lambda.sin(),
        n * (1.0 - e2) * phi.sin(),
    ]
}

/// Geocentric → geographic degrees on `el` (height dropped). Fixed-point iteration on φ:
/// each step gains ~3 digits near the surface, so 10 steps are far beyond need.
fn from_geocentric(el: Ellipsoid, [x, y, z]: [f64; 3]) -> (f64, f64) {
    let e2 = el.f * (2.0 - el.f);
    let p = x.hypot(y);
    let lambda = y.atan2(x);
    let mut phi = z.atan2(p * (1.0 - e2));
    for _ in 0..10 {
        let n = el.a / (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let h = p / phi.cos() - n;
        phi = z.atan2(p * (1.0 - e2 * n / (n + h)));
    }
    (lambda.to_degrees(), phi.to_degrees())
}

/// The Helmert transformation (position vector convention). `inverse` applies it backwards
/// with the transposed rotation: exact up to the square of the rotation angles (~1e-11 of
/// the Earth radius, i.e. far below a millimetre).
fn helmert(p: [f64; 3], params: [f64; 7], inverse: bool) -> [f64; 3] {
    let arcsec = std::f64::consts::PI / (180.0 * 3600.0);
    let [tx, ty, tz, rx, ry, rz, ppm] = params;
    let (rx, ry, rz, s) = (rx * arcsec, ry * arcsec, rz * arcsec, 1.0 + ppm * 1e-6);
    let [x, y, z] = p;
    if !inverse {
        [
            tx + s * (x - rz * y + ry * z),
            ty + s * (rz * x + y - rx * z),
            tz + s * (-ry * x + rx * y + z),
        ]
    } else {
        let (x, y, z) = ((x - tx) / s, (y - ty) / s, (z - tz) / s);
        [
            x + rz * y - ry * z,
            -rz * x + y + rx * z,
            ry * x - rx * y + z,
        ]
    }
}

/// One position in `crs` → WGS84 (longitude, latitude) in degrees.
pub fn point_to_wgs84(crs: Crs, x: f64, y: f64) -> (f64, f64) {
    match crs {
        Crs::Wgs84 => (x, y),
        Crs::WebMercator => (
            (x / MERCATOR_R).to_degrees(),
            (y / MERCATOR_R).sinh().atan().to_degrees(),
        ),
        Crs::Utm32 | Crs::Utm33 => tm_of(crs).map_or((f64::NAN, f64::NAN), |tm| tm.inverse(x, y)),
        Crs::GaussKruger2 | Crs::GaussKruger3 => {
            let Some(tm) = tm_of(crs) else {
                return (f64::NAN, f64::NAN);
            };
            let (lon, lat) = tm.inverse(x, y);
            let g = helmert(to_geocentric(BESSEL, lon, lat), DHDN_TO_WGS84, false);
            from_geocentric(WGS84, g)
        }
    }
}

/// WGS84 (longitude, latitude) in degrees → one position in `crs`.
pub fn point_from_wgs84(crs: Crs, lon: f64, lat: f64) -> (f64, f64) {
    match crs {
        Crs::Wgs84 => (lon, lat),
        Crs::WebMercator => (
            MERCATOR_R * lon.to_radians(),
            MERCATOR_R * lat.to_radians().tan().asinh(),
        ),
        Crs::Utm32 | Crs::Utm33 => {
            tm_of(crs).map_or((f64::NAN, f64::NAN), |tm| tm.forward(lon, lat))
        }
        Crs::GaussKruger2 | Crs::GaussKruger3 => {
            let Some(tm) = tm_of(crs) else {
                return (f64::NAN, f64::NAN);
            };
            let g = helmert(to_geocentric(WGS84, lon, lat), DHDN_TO_WGS84, true);
            let (blon, blat) = from_geocentric(BESSEL, g);
            tm.forward(blon, blat)
        }
    }
}

/// Reproject every coordinate of `layer` from `crs` to WGS84 lon/lat. Non-finite input
/// stays non-finite (validation reports it); a finite position that has no image (far
/// outside the projection's domain) is an error naming the feature.
pub fn to_wgs84(crs: Crs, layer: &Layer) -> Result<Layer, ImportError> {
    let mut out = layer.clone();
    if crs == Crs::Wgs84 {
        return Ok(out);
    }
    for (i, f) in out.features.iter_mut().enumerate() {
        let Some(g) = f.geometry.as_mut() else {
            continue;
        };
        // `map_coords_in_place` wants a `Copy` closure, hence a `Cell`.
        let failed = std::cell::Cell::new(false);
        let failed_ref = &failed;
        g.map_coords_in_place(|c: Coord<f64>| {
            if !(c.x.is_finite() && c.y.is_finite()) {
                return c;
            }
            let (x, y) = point_to_wgs84(crs, c.x, c.y);
            if !(x.is_finite() && y.is_finite()) {
                failed_ref.set(true);
            }
            Coord { x, y }
        });
        if failed.get() {
            return Err(ImportError::Reproject {
                file: layer.source_file.clone(),
                feature: i + 1,
                message: format!("a position has no WGS84 equivalent in {}", crs.name()),
            });
        }
    }
    Ok(out)
}

/// Great-circle distance in metres between two WGS84 lon/lat points (haversine on the
/// 6,371,008.8 m mean Earth radius: within 0.5 % of the ellipsoidal distance, plenty for
/// "within a metre" checks).
pub fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real Dortmund point: the Kita "FABIDO TEK", Ammerstraße 50, from the city's
    /// open-data `kindergarten.geojson`, which gives both `ostwert`/`hochwert` (EPSG:25832)
    /// and WGS84 coordinates.
    #[test]
    fn dortmund_kita_utm32_within_a_metre() {
        let (lon, lat) = point_to_wgs84(Crs::Utm32, 387_981.379_999_890_6, 5_713_875.169_999_421);
        let d = haversine_m((lon, lat), (7.383_853_211_974_268, 51.564_815_024_639_15));
        assert!(d < 1.0, "{d} m");
        // And a school from `schools.geojson` (Albrecht-Dürer-Realschule).
        let (lon, lat) = point_to_wgs84(Crs::Utm32, 399_992.069_999_938_25, 5_705_419.279_999_535);
        let d = haversine_m((lon, lat), (7.559_475_757_502_867, 51.491_064_486_787_94));
        assert!(d < 1.0, "{d} m");
    }

    #[test]
    fn central_meridian_is_the_meridian_arc() {
        // On the central meridian, TM easting = false easting and northing = k0 × the
        // meridian arc, which we integrate independently here (Simpson, 2,000 steps):
        // M(φ) = ∫ a(1−e²)/(1−e² sin²φ)^{3/2} dφ. Bessel, k0 = 1, φ = 51°.
        let (a, f) = (BESSEL.a, BESSEL.f);
        let e2 = f * (2.0 - f);
        let m = |p: f64| a * (1.0 - e2) / (1.0 - e2 * p.sin().powi(2)).powf(1.5);
        let (n, phi) = (2000, 51f64.to_radians());
        let h = phi / n as f64;
        let mut s = m(0.0) + m(phi);
        for i in 1..n {
            s += m(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        let arc = s * h / 3.0;
        let tm = tm_of(Crs::GaussKruger3).unwrap();
        let (x, y) = tm.forward(9.0, 51.0);
        assert!((x - 3_500_000.0).abs() < 1e-6);
        assert!((y - arc).abs() < 0.001, "{y} vs {arc}");
        let (lon, lat) = tm.inverse(x, y);
        assert!((lon - 9.0).abs() < 1e-10 && (lat - 51.0).abs() < 1e-10);
    }

    #[test]
    fn round_trips_for_every_system() {
        // Dortmund city hall, and corners of NRW.
        for (lon, lat) in [(7.4653, 51.5136), (6.0, 50.3), (9.4, 52.5)] {
            for crs in Crs::ALL {
                let (x, y) = point_from_wgs84(crs, lon, lat);
                let back = point_to_wgs84(crs, x, y);
                let d = haversine_m((lon, lat), back);
                assert!(d < 0.001, "{crs:?} {d} m");
            }
        }
    }

    #[test]
    fn web_mercator_against_the_closed_form() {
        // x = R·λ exactly; y = R·ln tan(π/4 + φ/2) (the textbook form, not the asinh(tan)
        // one used above).
        let (x, y) = point_from_wgs84(Crs::WebMercator, 7.0, 51.0);
        assert!((x - 779_236.435_5).abs() < 0.001, "{x}");
        let expect = MERCATOR_R
            * (std::f64::consts::FRAC_PI_4 + 51f64.to_radians() / 2.0)
                .tan()
                .ln();
        assert!((y - expect).abs() < 1e-6);
        assert!((y - 6_621_293.72).abs() < 0.01, "{y}");
    }

    #[test]
    fn dhdn_shift_is_applied() {
        // Without the Helmert shift, a DHDN position lands ~100–150 m from its WGS84
        // place in NRW; with it, GK3 and UTM32 of the same ground point agree.
        let (lon, lat) = (7.4653, 51.5136);
        let (gx, gy) = point_from_wgs84(Crs::GaussKruger3, lon, lat);
        let tm = tm_of(Crs::GaussKruger3).unwrap();
        let (blon, blat) = tm.inverse(gx, gy);
        let unshifted = haversine_m((blon, blat), (lon, lat));
        assert!((80.0..200.0).contains(&unshifted), "{unshifted}");
        // GK3 shares UTM32's central meridian; the DHDN easting is ~3,000 km more.
        let (ux, _) = point_from_wgs84(Crs::Utm32, lon, lat);
        assert!((gx - ux - 3_000_000.0).abs() < 200.0, "{gx} {ux}");
    }

    #[test]
    fn layer_reprojection_keeps_non_finite_and_names_failures() {
        use crate::import::layer::ImportedFeature;
        use geo::{Geometry, Point};
        let layer = Layer {
            unclosed_rings: Vec::new(),
            source_file: "x".into(),
            fields: vec![],
            features: vec![
                ImportedFeature {
                    geometry: Some(Geometry::Point(Point::new(387_981.38, 5_713_875.17))),
                    properties: vec![],
                },
                ImportedFeature {
                    geometry: Some(Geometry::Point(Point::new(f64::NAN, 1.0))),
                    properties: vec![],
                },
            ],
        };
        let out = to_wgs84(Crs::Utm32, &layer).unwrap();
        let Some(Geometry::Point(p)) = out.features[0].geometry else {
            panic!()
        };
        assert!((p.x() - 7.3838).abs() < 1e-3 && (p.y() - 51.5648).abs() < 1e-3);
        let Some(Geometry::Point(q)) = out.features[1].geometry else {
            panic!()
        };
        assert!(q.x().is_nan());
    }
}
