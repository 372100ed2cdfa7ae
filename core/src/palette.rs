//! ColorBrewer colour schemes for the choropleth map.
//!
//! The colours are the discrete ColorBrewer schemes by Cynthia A. Brewer (Pennsylvania State
//! University, <https://colorbrewer2.org>), licensed under the Apache License 2.0. They were
//! designed and tested for exactly this use: classed maps, where each class must stay
//! distinguishable from its neighbours on screen and in print.
//!
//! The hex strings below are copied verbatim from d3-scale-chromatic
//! (`src/sequential-multi/*.js`, `src/sequential-single/*.js`, `src/diverging/*.js`), which
//! stores each scheme as one concatenated string of 6-digit hex colours per class count.
//! Keeping the source format means every table can be compared with its source line by line.
//!
//! Only colour-blind safe diverging schemes are offered (ColorBrewer's own "colorblind safe"
//! flag): RdBu, PuOr, BrBG, PRGn, PiYG and RdYlBu. RdYlGn, Spectral and RdGy are left out on
//! purpose.

use serde::{Deserialize, Serialize};

/// A colour in sRGB, one byte per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// CSS notation `#rrggbb`, lowercase.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Parse `#rrggbb` or `rrggbb` (either case). Anything else, including the short `#rgb`
    /// form, gives `None`.
    pub fn from_hex(s: &str) -> Option<Rgb> {
        let s = s.strip_prefix('#').unwrap_or(s);
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// WCAG relative luminance, 0 (black) … 1 (white).
    ///
    /// L = 0.2126 R + 0.7152 G + 0.0722 B over the linearised channels, where a channel
    /// c = byte/255 is linearised as c/12.92 if c ≤ 0.04045, else ((c + 0.055)/1.055)^2.4
    /// (WCAG 2.x "relative luminance"; the threshold is the sRGB standard's 0.04045, which
    /// WCAG 2.2 notes is equivalent in practice to its older 0.03928).
    pub fn luminance(self) -> f64 {
        fn lin(b: u8) -> f64 {
            let c = f64::from(b) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }
}

/// Fill for districts without a value: `#d3d3d3` (CSS `lightgray`).
///
/// A neutral light grey that is not any colour of any scheme below (a test checks this) and
/// is clearly darker than every scheme's lightest class (those are near-white), so a missing
/// value never reads as "lowest class". With the Greys scheme it lies between two classes
/// (`#cccccc`, `#d9d9d9`), which is why the UI also draws a hatch over no-data areas: the
/// hatch, not the colour alone, is what says "no data".
pub const NO_DATA: Rgb = Rgb(0xd3, 0xd3, 0xd3);

/// Sequential schemes run light → dark; diverging schemes run from one dark end through a
/// light neutral middle to the other dark end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteKind {
    Sequential,
    Diverging,
}

/// The offered ColorBrewer schemes. Serialised by their ColorBrewer name (same as [`Palette::id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Palette {
    YlOrRd,
    OrRd,
    PuRd,
    YlGnBu,
    BuPu,
    Blues,
    Purples,
    Greens,
    Oranges,
    Reds,
    Greys,
    RdBu,
    PuOr,
    BrBG,
    PRGn,
    PiYG,
    RdYlBu,
}

/// One scheme: `by_count[i]` holds the colours for `MIN_COUNT + i` classes.
struct Scheme {
    by_count: &'static [&'static str],
}

/// Every ColorBrewer scheme starts at 3 classes.
const MIN_COUNT: usize = 3;

impl Scheme {
    fn max_count(&self) -> usize {
        MIN_COUNT + self.by_count.len() - 1
    }

    /// The colours for exactly `n` classes, `MIN_COUNT <= n <= max_count()`.
    fn get(&self, n: usize) -> Vec<Rgb> {
        let s = self.by_count[n - MIN_COUNT];
        // Chunks of 6 ASCII hex digits; the tables are checked by tests, `filter_map` just
        // keeps this total.
        (0..s.len() / 6)
            .filter_map(|i| s.get(i * 6..i * 6 + 6).and_then(Rgb::from_hex))
            .collect()
    }
}

// ---- Sequential, multi-hue (d3-scale-chromatic src/sequential-multi/) ----

const YL_OR_RD: Scheme = Scheme {
    by_count: &[
        "ffeda0feb24cf03b20",
        "ffffb2fecc5cfd8d3ce31a1c",
        "ffffb2fecc5cfd8d3cf03b20bd0026",
        "ffffb2fed976feb24cfd8d3cf03b20bd0026",
        "ffffb2fed976feb24cfd8d3cfc4e2ae31a1cb10026",
        "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cb10026",
        "ffffccffeda0fed976feb24cfd8d3cfc4e2ae31a1cbd0026800026",
    ],
};

const OR_RD: Scheme = Scheme {
    by_count: &[
        "fee8c8fdbb84e34a33",
        "fef0d9fdcc8afc8d59d7301f",
        "fef0d9fdcc8afc8d59e34a33b30000",
        "fef0d9fdd49efdbb84fc8d59e34a33b30000",
        "fef0d9fdd49efdbb84fc8d59ef6548d7301f990000",
        "fff7ecfee8c8fdd49efdbb84fc8d59ef6548d7301f990000",
        "fff7ecfee8c8fdd49efdbb84fc8d59ef6548d7301fb300007f0000",
    ],
};

const PU_RD: Scheme = Scheme {
    by_count: &[
        "e7e1efc994c7dd1c77",
        "f1eef6d7b5d8df65b0ce1256",
        "f1eef6d7b5d8df65b0dd1c77980043",
        "f1eef6d4b9dac994c7df65b0dd1c77980043",
        "f1eef6d4b9dac994c7df65b0e7298ace125691003f",
        "f7f4f9e7e1efd4b9dac994c7df65b0e7298ace125691003f",
        "f7f4f9e7e1efd4b9dac994c7df65b0e7298ace125698004367001f",
    ],
};

const YL_GN_BU: Scheme = Scheme {
    by_count: &[
        "edf8b17fcdbb2c7fb8",
        "ffffcca1dab441b6c4225ea8",
        "ffffcca1dab441b6c42c7fb8253494",
        "ffffccc7e9b47fcdbb41b6c42c7fb8253494",
        "ffffccc7e9b47fcdbb41b6c41d91c0225ea80c2c84",
        "ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea80c2c84",
        "ffffd9edf8b1c7e9b47fcdbb41b6c41d91c0225ea8253494081d58",
    ],
};

const BU_PU: Scheme = Scheme {
    by_count: &[
        "e0ecf49ebcda8856a7",
        "edf8fbb3cde38c96c688419d",
        "edf8fbb3cde38c96c68856a7810f7c",
        "edf8fbbfd3e69ebcda8c96c68856a7810f7c",
        "edf8fbbfd3e69ebcda8c96c68c6bb188419d6e016b",
        "f7fcfde0ecf4bfd3e69ebcda8c96c68c6bb188419d6e016b",
        "f7fcfde0ecf4bfd3e69ebcda8c96c68c6bb188419d810f7c4d004b",
    ],
};

// ---- Sequential, single hue (d3-scale-chromatic src/sequential-single/) ----

const BLUES: Scheme = Scheme {
    by_count: &[
        "deebf79ecae13182bd",
        "eff3ffbdd7e76baed62171b5",
        "eff3ffbdd7e76baed63182bd08519c",
        "eff3ffc6dbef9ecae16baed63182bd08519c",
        "eff3ffc6dbef9ecae16baed64292c62171b5084594",
        "f7fbffdeebf7c6dbef9ecae16baed64292c62171b5084594",
        "f7fbffdeebf7c6dbef9ecae16baed64292c62171b508519c08306b",
    ],
};

const PURPLES: Scheme = Scheme {
    by_count: &[
        "efedf5bcbddc756bb1",
        "f2f0f7cbc9e29e9ac86a51a3",
        "f2f0f7cbc9e29e9ac8756bb154278f",
        "f2f0f7dadaebbcbddc9e9ac8756bb154278f",
        "f2f0f7dadaebbcbddc9e9ac8807dba6a51a34a1486",
        "fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a34a1486",
        "fcfbfdefedf5dadaebbcbddc9e9ac8807dba6a51a354278f3f007d",
    ],
};

const GREENS: Scheme = Scheme {
    by_count: &[
        "e5f5e0a1d99b31a354",
        "edf8e9bae4b374c476238b45",
        "edf8e9bae4b374c47631a354006d2c",
        "edf8e9c7e9c0a1d99b74c47631a354006d2c",
        "edf8e9c7e9c0a1d99b74c47641ab5d238b45005a32",
        "f7fcf5e5f5e0c7e9c0a1d99b74c47641ab5d238b45005a32",
        "f7fcf5e5f5e0c7e9c0a1d99b74c47641ab5d238b45006d2c00441b",
    ],
};

const ORANGES: Scheme = Scheme {
    by_count: &[
        "fee6cefdae6be6550d",
        "feeddefdbe85fd8d3cd94701",
        "feeddefdbe85fd8d3ce6550da63603",
        "feeddefdd0a2fdae6bfd8d3ce6550da63603",
        "feeddefdd0a2fdae6bfd8d3cf16913d948018c2d04",
        "fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d948018c2d04",
        "fff5ebfee6cefdd0a2fdae6bfd8d3cf16913d94801a636037f2704",
    ],
};

const REDS: Scheme = Scheme {
    by_count: &[
        "fee0d2fc9272de2d26",
        "fee5d9fcae91fb6a4acb181d",
        "fee5d9fcae91fb6a4ade2d26a50f15",
        "fee5d9fcbba1fc9272fb6a4ade2d26a50f15",
        "fee5d9fcbba1fc9272fb6a4aef3b2ccb181d99000d",
        "fff5f0fee0d2fcbba1fc9272fb6a4aef3b2ccb181d99000d",
        "fff5f0fee0d2fcbba1fc9272fb6a4aef3b2ccb181da50f1567000d",
    ],
};

const GREYS: Scheme = Scheme {
    by_count: &[
        "f0f0f0bdbdbd636363",
        "f7f7f7cccccc969696525252",
        "f7f7f7cccccc969696636363252525",
        "f7f7f7d9d9d9bdbdbd969696636363252525",
        "f7f7f7d9d9d9bdbdbd969696737373525252252525",
        "fffffff0f0f0d9d9d9bdbdbd969696737373525252252525",
        "fffffff0f0f0d9d9d9bdbdbd969696737373525252252525000000",
    ],
};

// ---- Diverging, colour-blind safe (d3-scale-chromatic src/diverging/) ----

const RD_BU: Scheme = Scheme {
    by_count: &[
        "ef8a62f7f7f767a9cf",
        "ca0020f4a58292c5de0571b0",
        "ca0020f4a582f7f7f792c5de0571b0",
        "b2182bef8a62fddbc7d1e5f067a9cf2166ac",
        "b2182bef8a62fddbc7f7f7f7d1e5f067a9cf2166ac",
        "b2182bd6604df4a582fddbc7d1e5f092c5de4393c32166ac",
        "b2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac",
        "67001fb2182bd6604df4a582fddbc7d1e5f092c5de4393c32166ac053061",
        "67001fb2182bd6604df4a582fddbc7f7f7f7d1e5f092c5de4393c32166ac053061",
    ],
};

const PU_OR: Scheme = Scheme {
    by_count: &[
        "f1a340f7f7f7998ec3",
        "e66101fdb863b2abd25e3c99",
        "e66101fdb863f7f7f7b2abd25e3c99",
        "b35806f1a340fee0b6d8daeb998ec3542788",
        "b35806f1a340fee0b6f7f7f7d8daeb998ec3542788",
        "b35806e08214fdb863fee0b6d8daebb2abd28073ac542788",
        "b35806e08214fdb863fee0b6f7f7f7d8daebb2abd28073ac542788",
        "7f3b08b35806e08214fdb863fee0b6d8daebb2abd28073ac5427882d004b",
        "7f3b08b35806e08214fdb863fee0b6f7f7f7d8daebb2abd28073ac5427882d004b",
    ],
};

const BR_BG: Scheme = Scheme {
    by_count: &[
        "d8b365f5f5f55ab4ac",
        "a6611adfc27d80cdc1018571",
        "a6611adfc27df5f5f580cdc1018571",
        "8c510ad8b365f6e8c3c7eae55ab4ac01665e",
        "8c510ad8b365f6e8c3f5f5f5c7eae55ab4ac01665e",
        "8c510abf812ddfc27df6e8c3c7eae580cdc135978f01665e",
        "8c510abf812ddfc27df6e8c3f5f5f5c7eae580cdc135978f01665e",
        "5430058c510abf812ddfc27df6e8c3c7eae580cdc135978f01665e003c30",
        "5430058c510abf812ddfc27df6e8c3f5f5f5c7eae580cdc135978f01665e003c30",
    ],
};

const PR_GN: Scheme = Scheme {
    by_count: &[
        "af8dc3f7f7f77fbf7b",
        "7b3294c2a5cfa6dba0008837",
        "7b3294c2a5cff7f7f7a6dba0008837",
        "762a83af8dc3e7d4e8d9f0d37fbf7b1b7837",
        "762a83af8dc3e7d4e8f7f7f7d9f0d37fbf7b1b7837",
        "762a839970abc2a5cfe7d4e8d9f0d3a6dba05aae611b7837",
        "762a839970abc2a5cfe7d4e8f7f7f7d9f0d3a6dba05aae611b7837",
        "40004b762a839970abc2a5cfe7d4e8d9f0d3a6dba05aae611b783700441b",
        "40004b762a839970abc2a5cfe7d4e8f7f7f7d9f0d3a6dba05aae611b783700441b",
    ],
};

const PI_YG: Scheme = Scheme {
    by_count: &[
        "e9a3c9f7f7f7a1d76a",
        "d01c8bf1b6dab8e1864dac26",
        "d01c8bf1b6daf7f7f7b8e1864dac26",
        "c51b7de9a3c9fde0efe6f5d0a1d76a4d9221",
        "c51b7de9a3c9fde0eff7f7f7e6f5d0a1d76a4d9221",
        "c51b7dde77aef1b6dafde0efe6f5d0b8e1867fbc414d9221",
        "c51b7dde77aef1b6dafde0eff7f7f7e6f5d0b8e1867fbc414d9221",
        "8e0152c51b7dde77aef1b6dafde0efe6f5d0b8e1867fbc414d9221276419",
        "8e0152c51b7dde77aef1b6dafde0eff7f7f7e6f5d0b8e1867fbc414d9221276419",
    ],
};

const RD_YL_BU: Scheme = Scheme {
    by_count: &[
        "fc8d59ffffbf91bfdb",
        "d7191cfdae61abd9e92c7bb6",
        "d7191cfdae61ffffbfabd9e92c7bb6",
        "d73027fc8d59fee090e0f3f891bfdb4575b4",
        "d73027fc8d59fee090ffffbfe0f3f891bfdb4575b4",
        "d73027f46d43fdae61fee090e0f3f8abd9e974add14575b4",
        "d73027f46d43fdae61fee090ffffbfe0f3f8abd9e974add14575b4",
        "a50026d73027f46d43fdae61fee090e0f3f8abd9e974add14575b4313695",
        "a50026d73027f46d43fdae61fee090ffffbfe0f3f8abd9e974add14575b4313695",
    ],
};

impl Palette {
    /// The sequential schemes, in the order the UI lists them.
    pub const SEQUENTIAL: [Palette; 11] = [
        Palette::YlOrRd,
        Palette::OrRd,
        Palette::PuRd,
        Palette::YlGnBu,
        Palette::BuPu,
        Palette::Blues,
        Palette::Purples,
        Palette::Greens,
        Palette::Oranges,
        Palette::Reds,
        Palette::Greys,
    ];

    /// The colour-blind safe diverging schemes, in the order the UI lists them.
    pub const DIVERGING: [Palette; 6] = [
        Palette::RdBu,
        Palette::PuOr,
        Palette::BrBG,
        Palette::PRGn,
        Palette::PiYG,
        Palette::RdYlBu,
    ];

    /// The ColorBrewer name, e.g. `"YlOrRd"` (stable: used in URLs and saved state).
    pub fn id(self) -> &'static str {
        match self {
            Palette::YlOrRd => "YlOrRd",
            Palette::OrRd => "OrRd",
            Palette::PuRd => "PuRd",
            Palette::YlGnBu => "YlGnBu",
            Palette::BuPu => "BuPu",
            Palette::Blues => "Blues",
            Palette::Purples => "Purples",
            Palette::Greens => "Greens",
            Palette::Oranges => "Oranges",
            Palette::Reds => "Reds",
            Palette::Greys => "Greys",
            Palette::RdBu => "RdBu",
            Palette::PuOr => "PuOr",
            Palette::BrBG => "BrBG",
            Palette::PRGn => "PRGn",
            Palette::PiYG => "PiYG",
            Palette::RdYlBu => "RdYlBu",
        }
    }

    /// Inverse of [`Palette::id`] (exact, case-sensitive match).
    pub fn from_id(s: &str) -> Option<Palette> {
        Self::SEQUENTIAL
            .iter()
            .chain(Self::DIVERGING.iter())
            .copied()
            .find(|p| p.id() == s)
    }

    pub fn kind(self) -> PaletteKind {
        if Self::DIVERGING.contains(&self) {
            PaletteKind::Diverging
        } else {
            PaletteKind::Sequential
        }
    }

    fn scheme(self) -> &'static Scheme {
        match self {
            Palette::YlOrRd => &YL_OR_RD,
            Palette::OrRd => &OR_RD,
            Palette::PuRd => &PU_RD,
            Palette::YlGnBu => &YL_GN_BU,
            Palette::BuPu => &BU_PU,
            Palette::Blues => &BLUES,
            Palette::Purples => &PURPLES,
            Palette::Greens => &GREENS,
            Palette::Oranges => &ORANGES,
            Palette::Reds => &REDS,
            Palette::Greys => &GREYS,
            Palette::RdBu => &RD_BU,
            Palette::PuOr => &PU_OR,
            Palette::BrBG => &BR_BG,
            Palette::PRGn => &PR_GN,
            Palette::PiYG => &PI_YG,
            Palette::RdYlBu => &RD_YL_BU,
        }
    }

    /// The largest class count the scheme defines (9 sequential, 11 diverging).
    pub fn max_colors(self) -> usize {
        self.scheme().max_count()
    }

    /// Colours for `n` classes in ColorBrewer order: light → dark for sequential schemes,
    /// first dark end → light middle → second dark end for diverging ones (e.g. RdBu runs
    /// red → white → blue).
    ///
    /// ColorBrewer defines 3…9 (diverging 3…11) classes. Outside that range:
    /// * `n = 0` → no colours;
    /// * `n = 1` → the middle colour of the 3-class scheme;
    /// * `n = 2` → the first and last colour of the 3-class scheme (maximum contrast);
    /// * `n` above the maximum → the largest scheme (callers then have fewer colours than
    ///   classes and must handle that; [`crate::classify`] never asks for more than 9).
    ///
    /// Never panics.
    pub fn colors(self, n: usize) -> Vec<Rgb> {
        let scheme = self.scheme();
        match n {
            0 => Vec::new(),
            1 => vec![scheme.get(MIN_COUNT)[1]],
            2 => {
                let c = scheme.get(MIN_COUNT);
                vec![c[0], c[2]]
            }
            n => scheme.get(n.min(scheme.max_count())),
        }
    }
}

/// Class colours for a map on which more need is always drawn darker.
///
/// Class 0 holds the lowest values. If `higher_is_more_need` is true the palette order is
/// kept (lowest values lightest); if false it is reversed, so the class of the *lowest*
/// values gets the darkest colour (e.g. for "share of children in daycare", where a low
/// value means more need). For a diverging palette the same reversal swaps the two ends.
pub fn class_colors(p: Palette, n: usize, higher_is_more_need: bool) -> Vec<Rgb> {
    let mut c = p.colors(n);
    if !higher_is_more_need {
        c.reverse();
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> impl Iterator<Item = Palette> {
        Palette::SEQUENTIAL.into_iter().chain(Palette::DIVERGING)
    }

    #[test]
    fn every_scheme_has_one_colour_per_class_for_every_count() {
        for p in all() {
            let max = match p.kind() {
                PaletteKind::Sequential => 9,
                PaletteKind::Diverging => 11,
            };
            assert_eq!(p.max_colors(), max, "{}", p.id());
            for n in 3..=max {
                let s = p.scheme().by_count[n - 3];
                // Each table string must be exactly n colours of valid hex.
                assert_eq!(s.len(), 6 * n, "{} n={n}", p.id());
                assert_eq!(p.colors(n).len(), n, "{} n={n}", p.id());
            }
        }
    }

    #[test]
    fn sequential_schemes_get_strictly_darker() {
        for p in Palette::SEQUENTIAL {
            for n in 1..=12 {
                let l: Vec<f64> = p.colors(n).iter().map(|c| c.luminance()).collect();
                assert!(l.windows(2).all(|w| w[0] > w[1]), "{} n={n}: {l:?}", p.id());
            }
        }
    }

    #[test]
    fn diverging_schemes_are_light_in_the_middle() {
        // Odd counts have the neutral middle as their lightest colour.
        for p in Palette::DIVERGING {
            for n in [3, 5, 7, 9, 11] {
                let c = p.colors(n);
                let mid = c[n / 2].luminance();
                assert!(c.iter().all(|x| x.luminance() <= mid), "{} n={n}", p.id());
            }
        }
    }

    #[test]
    fn exact_colours_match_the_source() {
        // d3-scale-chromatic yl-or-rd.js, k=3: "ffeda0feb24cf03b20".
        assert_eq!(
            Palette::YlOrRd.colors(3),
            vec![
                Rgb(0xff, 0xed, 0xa0),
                Rgb(0xfe, 0xb2, 0x4c),
                Rgb(0xf0, 0x3b, 0x20)
            ]
        );
        // blues.js, k=9 ends "…08519c08306b".
        assert_eq!(Palette::Blues.colors(9)[8].hex(), "#08306b");
        assert_eq!(Palette::Blues.colors(9)[0].hex(), "#f7fbff");
        // rd-bu.js, k=11: starts "67001f", middle "f7f7f7", ends "053061".
        let rdbu = Palette::RdBu.colors(11);
        assert_eq!(rdbu[0].hex(), "#67001f");
        assert_eq!(rdbu[5].hex(), "#f7f7f7");
        assert_eq!(rdbu[10].hex(), "#053061");
        // greys.js, k=9 ends with black.
        assert_eq!(Palette::Greys.colors(9)[8], Rgb(0, 0, 0));
    }

    #[test]
    fn hex_round_trip() {
        for p in all() {
            for c in p.colors(p.max_colors()) {
                assert_eq!(Rgb::from_hex(&c.hex()), Some(c));
            }
        }
        assert_eq!(Rgb(0xAB, 0x01, 0xff).hex(), "#ab01ff");
        assert_eq!(Rgb::from_hex("AB01FF"), Some(Rgb(0xab, 0x01, 0xff)));
        assert_eq!(Rgb::from_hex("#abc"), None);
        assert_eq!(Rgb::from_hex("#gg0000"), None);
        assert_eq!(Rgb::from_hex("#ab01ff0"), None);
        assert_eq!(Rgb::from_hex("#ä0000"), None); // 6 bytes, not ASCII: no panic
        assert_eq!(Rgb::from_hex(""), None);
    }

    #[test]
    fn luminance_extremes() {
        assert_eq!(Rgb(0, 0, 0).luminance(), 0.0);
        assert!((Rgb(255, 255, 255).luminance() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn ids_round_trip_and_kinds() {
        for p in all() {
            assert_eq!(Palette::from_id(p.id()), Some(p));
        }
        assert_eq!(Palette::from_id("ylorrd"), None);
        assert_eq!(Palette::YlOrRd.kind(), PaletteKind::Sequential);
        assert_eq!(Palette::RdYlBu.kind(), PaletteKind::Diverging);
        assert!(Palette::SEQUENTIAL
            .iter()
            .all(|p| p.kind() == PaletteKind::Sequential));
    }

    #[test]
    fn class_colors_reverse_when_lower_is_more_need() {
        let up = class_colors(Palette::Reds, 5, true);
        let down = class_colors(Palette::Reds, 5, false);
        assert_eq!(up, Palette::Reds.colors(5));
        let mut rev = up.clone();
        rev.reverse();
        assert_eq!(down, rev);
        // Lowest-value class is darkest when lower means more need.
        assert!(down[0].luminance() < down[4].luminance());
    }

    #[test]
    fn no_data_is_not_a_palette_colour() {
        for p in all() {
            for n in 1..=p.max_colors() {
                assert!(!p.colors(n).contains(&NO_DATA), "{} n={n}", p.id());
            }
        }
        assert_eq!(NO_DATA.hex(), "#d3d3d3");
    }

    #[test]
    fn out_of_range_counts_never_panic() {
        for p in all() {
            assert!(p.colors(0).is_empty());
            let three = p.colors(3);
            assert_eq!(p.colors(1), vec![three[1]]);
            assert_eq!(p.colors(2), vec![three[0], three[2]]);
            assert_eq!(p.colors(20), p.colors(p.max_colors()));
            assert_eq!(p.colors(usize::MAX).len(), p.max_colors());
            assert_eq!(class_colors(p, 0, false), Vec::new());
        }
    }
}
