//! Need × supply on one map: a 3 × 3 bivariate choropleth.
//!
//! Each district gets a need class and a supply class (terciles of their own columns), and
//! the pair picks one of nine colours. The cell planners look for — high need, low supply —
//! gets the strongest, reddest colour, and [`priority_order`] lists those districts first.
//!
//! Terciles, not fixed thresholds, because need and supply have different units (percent,
//! services per 1 000 children, share of area): terciles make "high" mean "among the top
//! third of this city's districts", which is what a comparison within one city asks.

use crate::palette::Rgb;

/// Tercile class of each present value: 0 (low), 1 (middle), 2 (high). `None` and
/// non-finite values stay `None`.
///
/// Definition: the cut points are the 1/3 and 2/3 quantiles of type 7 (Hyndman & Fan 1996,
/// "Sample quantiles in statistical packages", The American Statistician 50:361; the
/// default of R and NumPy: linear interpolation between order statistics, Q(p) at
/// position (n − 1)·p). A value *below* Q(1/3) is class 0, *above* Q(2/3) class 2, and
/// anything from Q(1/3) to Q(2/3) inclusive class 1.
///
/// Ties are decided by their mid-rank: for a value v with `less` values below it and `eq`
/// values equal to it (itself included) among n, its position is
/// p = (less + (eq − 1)/2) / (n − 1) ∈ [0, 1]; class 0 if p < 1/3, class 2 if p > 2/3,
/// else 1. For distinct values p = (rank − 1)/(n − 1), and "p < 1/3" is exactly
/// "v < Q(1/3)" above — so this *is* the type-7 rule, extended to ties so that equal values
/// always share a class, and symmetric: reversing the order of the values mirrors the
/// classes (0 ↔ 2). The comparisons run in integers (3·2p(n−1) against 2(n−1) and
/// 4(n−1)), so no rounding puts a value on the wrong side of a cut.
///
/// Examples: 1..=9 → 0 0 0 1 1 1 2 2 2 (Q(1/3) = 3.67, Q(2/3) = 6.33); 1..=4 → 0 1 1 2.
///
/// Fewer than 3 distinct values:
/// * one value, or all values equal → all class 1: without spread there is no "low" or
///   "high", and the middle colour says so instead of painting the city "low";
/// * two distinct values → placed by their mid-ranks: [a, b] → 0, 2; [a, a, b] → 0, 0, 2;
///   [a, a, a, b] → 1, 1, 1, 2 (a tied majority sits in the middle).
///
/// The classes are therefore not always equal in size; with ties they cannot be.
pub fn terciles(values: &[Option<f64>]) -> Vec<Option<u8>> {
    let present: Vec<f64> = {
        let mut v: Vec<f64> = values
            .iter()
            .flatten()
            .copied()
            .filter(|x| x.is_finite())
            .collect();
        crate::sort::sort_f64(&mut v);
        v
    };
    let n = present.len();
    values
        .iter()
        .map(|v| {
            let v = v.filter(|x| x.is_finite())?;
            if n < 2 {
                return Some(1);
            }
            // Values strictly below v, and equal to v; `present` is sorted.
            let less = present.partition_point(|&x| x < v);
            let eq = present.partition_point(|&x| x <= v) - less;
            // m = 2·p·(n − 1) = 2·less + eq − 1, an integer.
            let m = 2 * less + eq - 1;
            let span = n - 1;
            Some(if 3 * m < 2 * span {
                0
            } else if 3 * m > 4 * span {
                2
            } else {
                1
            })
        })
        .collect()
}

/// The 3 × 3 bivariate palette, `BIVARIATE[need][supply]`: need 0 = low … 2 = high,
/// supply 0 = low … 2 = high. `BIVARIATE[2][0]` — high need, low supply — is the
/// "priority" colour, a saturated red.
///
/// Source: Joshua Stevens' grey–pink / blue bivariate scheme ("Bivariate Choropleth Maps:
/// A How-to Guide", <https://www.joshuastevens.net/cartography/make-a-bivariate-choropleth-map/>),
/// as shipped in the R package `biscale` (Prener, Grossenbacher & Zehr) under the name
/// "GrPink", whose key "x-y" maps to `BIVARIATE[x − 1][y − 1]` with need on x and supply
/// on y:
///
/// ```text
///              supply low    supply mid    supply high
/// need high    #c85a5a  ◀ priority   #985356       #574249
/// need mid     #e4acac       #ad9ea5       #627f8c
/// need low     #e8e8e8       #b0d5df       #64acbe
/// ```
///
/// Colour-vision deficiency: need runs towards red, supply towards blue. For deuteranopia
/// and protanopia the red–green axis collapses but the blue–yellow axis and lightness
/// remain; red becomes a brownish yellow, so the need axis reads as "yellower and darker"
/// and the supply axis as "bluer", two directions a deuteranope still tells apart. Checked
/// numerically with the Machado, Oliveira & Fernandes (2009) deuteranopia matrix (severity
/// 1.0, see the tests): every pair of the nine simulated colours stays ≥ 30 apart in sRGB
/// units (closest: #64acbe vs #ad9ea5, which still differ in blue), and the priority cell
/// stays ≥ 35 from all others. Lightness alone also separates the corners: WCAG luminance
/// 0.81 (low/low) vs 0.20 (priority) — a grey-scale print keeps "low/low" and "priority"
/// apart. The UI should still give the exact classes in the legend and tooltip, because the
/// middle cells are close.
pub const BIVARIATE: [[Rgb; 3]; 3] = [
    // need low
    [
        Rgb(0xe8, 0xe8, 0xe8),
        Rgb(0xb0, 0xd5, 0xdf),
        Rgb(0x64, 0xac, 0xbe),
    ],
    // need middle
    [
        Rgb(0xe4, 0xac, 0xac),
        Rgb(0xad, 0x9e, 0xa5),
        Rgb(0x62, 0x7f, 0x8c),
    ],
    // need high
    [
        Rgb(0xc8, 0x5a, 0x5a),
        Rgb(0x98, 0x53, 0x56),
        Rgb(0x57, 0x42, 0x49),
    ],
];

/// District indices in the order "high need / low supply first".
///
/// Sort key: need class descending, supply class ascending, then need value descending,
/// supply value ascending (within a cell the most extreme come first); equal keys keep
/// index order. Districts with a missing need or supply value come last, in index order.
/// Classes are [`terciles`] of each whole column (a district with only one of the two
/// values still counts for that column's cut points). `supply` must be oriented "higher = better
/// served" (coverage share, services per 1 000 children); `need` "higher = more need".
/// Columns of different length: the missing tail counts as missing.
pub fn priority_order(need: &[Option<f64>], supply: &[Option<f64>]) -> Vec<usize> {
    let n = need.len().max(supply.len());
    let finite = |v: Option<&Option<f64>>| v.copied().flatten().filter(|x| x.is_finite());
    let need_v: Vec<Option<f64>> = (0..n).map(|i| finite(need.get(i))).collect();
    let supply_v: Vec<Option<f64>> = (0..n).map(|i| finite(supply.get(i))).collect();
    let need_c = terciles(&need_v);
    let supply_c = terciles(&supply_v);
    let mut complete = Vec::new();
    let mut missing = Vec::new();
    for i in 0..n {
        match (need_v[i], supply_v[i], need_c[i], supply_c[i]) {
            (Some(nv), Some(sv), Some(nc), Some(sc)) => complete.push((i, nc, sc, nv, sv)),
            _ => missing.push(i),
        }
    }
    // Stable sort: equal keys keep index order.
    crate::sort::sort_by(&mut complete, |a, b| {
        b.1.cmp(&a.1)
            .then(a.2.cmp(&b.2))
            .then(b.3.total_cmp(&a.3))
            .then(a.4.total_cmp(&b.4))
    });
    complete
        .into_iter()
        .map(|(i, ..)| i)
        .chain(missing)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn terciles_of_one_to_nine() {
        // Type 7: Q(1/3) at position 8/3 → 3 + 2/3 = 3.67; Q(2/3) at 16/3 → 6.33.
        // 1,2,3 < 3.67 → 0; 4,5,6 between → 1; 7,8,9 > 6.33 → 2.
        let v = some(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
        let c: Vec<u8> = terciles(&v).into_iter().map(Option::unwrap).collect();
        assert_eq!(c, vec![0, 0, 0, 1, 1, 1, 2, 2, 2]);
        // Order of the input does not matter.
        let v = some(&[9.0, 1.0, 5.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0]);
        let c: Vec<u8> = terciles(&v).into_iter().map(Option::unwrap).collect();
        assert_eq!(c, vec![2, 0, 1, 0, 2, 0, 2, 1, 1]);
    }

    #[test]
    fn terciles_small_counts() {
        // n = 4: p = 0, 1/3, 2/3, 1 — exactly on the cuts → middle (the cuts are inclusive
        // for class 1; integer arithmetic, so 1/3 is not a rounding question).
        assert_eq!(
            terciles(&some(&[1.0, 2.0, 3.0, 4.0])),
            vec![Some(0), Some(1), Some(1), Some(2)]
        );
        assert_eq!(
            terciles(&some(&[1.0, 2.0, 3.0])),
            vec![Some(0), Some(1), Some(2)]
        );
        assert_eq!(terciles(&some(&[5.0])), vec![Some(1)]);
        assert_eq!(terciles(&[]), Vec::<Option<u8>>::new());
    }

    #[test]
    fn terciles_ties_share_a_class() {
        // All equal: no spread → all middle.
        assert_eq!(terciles(&some(&[4.0; 5])), vec![Some(1); 5]);
        // Two values: [a, b] → 0, 2.
        assert_eq!(terciles(&some(&[1.0, 2.0])), vec![Some(0), Some(2)]);
        // [a, a, b]: a's mid-rank p = 0.5/2 = 0.25 < 1/3 → 0; b: p = 1 → 2.
        assert_eq!(
            terciles(&some(&[1.0, 1.0, 2.0])),
            vec![Some(0), Some(0), Some(2)]
        );
        // [a, a, a, b]: a's p = 1/3 → 1 (a tied majority sits in the middle); b → 2.
        assert_eq!(
            terciles(&some(&[1.0, 1.0, 1.0, 2.0])),
            vec![Some(1), Some(1), Some(1), Some(2)]
        );
        // 1..=9 with the 3 and 4 tied at 3.5 (positions 2, 3 → mid 2.5, p = 0.3125 < 1/3):
        // both land in class 0, the same class, never split.
        let c = terciles(&some(&[1.0, 2.0, 3.5, 3.5, 5.0, 6.0, 7.0, 8.0, 9.0]));
        assert_eq!(c[2], c[3]);
        assert_eq!(c[2], Some(0));
        // Symmetry: negating the values mirrors the classes.
        let v = [1.0, 1.0, 2.0, 5.0, 5.0, 5.0, 9.0];
        let up = terciles(&some(&v));
        let down = terciles(&some(&v.map(|x| -x)));
        for (u, d) in up.iter().zip(&down) {
            assert_eq!(u.unwrap(), 2 - d.unwrap());
        }
    }

    #[test]
    fn terciles_skip_missing() {
        // Missing and NaN take no class and do not shift the others: the present values
        // are 1, 2, 3 → 0, 1, 2.
        let v = [Some(3.0), None, Some(1.0), Some(f64::NAN), Some(2.0)];
        assert_eq!(terciles(&v), vec![Some(2), None, Some(0), None, Some(1)]);
    }

    #[test]
    fn priority_order_hand_made() {
        // Six districts (need = poverty %, supply = coverage share):
        //
        //   i  need  supply   need class  supply class
        //   0   10    0.9          0           2
        //   1   40    0.1          2           0      ← high need, low supply
        //   2   35    0.2          2           0      ← same cell, less need
        //   3   20    0.5          0           1
        //   4   25    None         –           –      ← missing: last
        //   5   22    0.8          1           2
        //
        // Need terciles over 10, 20, 22, 25, 35, 40 (n = 6, p = r/5): 10 → 0 (p 0),
        // 20 → 0 (p 0.2), 22 → 1 (0.4), 25 → 1 (0.6), 35 → 2 (0.8), 40 → 2 (1).
        // Supply over 0.9, 0.1, 0.2, 0.5, 0.8 (n = 5, p = r/4): 0.1 → 0, 0.2 → 0 (0.25),
        // 0.5 → 1 (0.5), 0.8 → 2 (0.75), 0.9 → 2.
        // (District 4's need value still counts for the need terciles.) Districts 3 and 0
        // are both need class 0: 3 has supply class 1, 0 has 2 → 3 before 0.
        // Order: 1 (2,0,40), 2 (2,0,35), 5 (1,2), 3 (0,1), 0 (0,2), then 4.
        let need = [
            Some(10.0),
            Some(40.0),
            Some(35.0),
            Some(20.0),
            Some(25.0),
            Some(22.0),
        ];
        let supply = [Some(0.9), Some(0.1), Some(0.2), Some(0.5), None, Some(0.8)];
        assert_eq!(priority_order(&need, &supply), vec![1, 2, 5, 3, 0, 4]);
    }

    #[test]
    fn priority_order_ties_and_lengths() {
        // Identical rows keep index order; a shorter supply column makes the tail missing.
        let need = some(&[5.0, 5.0, 5.0]);
        let supply = some(&[1.0, 1.0]);
        assert_eq!(priority_order(&need, &supply), vec![0, 1, 2]);
        // Within one cell, lower supply first when need is equal.
        let need = some(&[9.0, 9.0, 1.0, 1.0, 5.0, 5.0]);
        let supply = some(&[2.0, 1.0, 9.0, 9.0, 5.0, 5.0]);
        // need classes: 9,9 → 2; 1,1 → 0; 5,5 → 1. supply: 1 → 0 (p 0), 2 → 0 (p 0.2),
        // 5,5 → 1 (p 0.5), 9,9 → 2. Order: 1 (2,0,9,1), 0 (2,0,9,2), 4, 5, 2, 3.
        assert_eq!(priority_order(&need, &supply), vec![1, 0, 4, 5, 2, 3]);
        assert_eq!(priority_order(&[], &[]), Vec::<usize>::new());
    }

    #[test]
    fn palette_colours_are_distinct() {
        let all: Vec<Rgb> = BIVARIATE.iter().flatten().copied().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // The source values (biscale GrPink "3-1", "1-1", "3-3").
        assert_eq!(BIVARIATE[2][0].hex(), "#c85a5a");
        assert_eq!(BIVARIATE[0][0].hex(), "#e8e8e8");
        assert_eq!(BIVARIATE[2][2].hex(), "#574249");
    }

    #[test]
    fn priority_cell_is_much_darker_than_low_low() {
        // WCAG luminance: #e8e8e8 ≈ 0.807, #c85a5a ≈ 0.203 — a contrast ratio of
        // (0.807 + 0.05) / (0.203 + 0.05) ≈ 3.4.
        let low_low = BIVARIATE[0][0].luminance();
        let priority = BIVARIATE[2][0].luminance();
        assert!((low_low - 0.807).abs() < 0.005, "{low_low}");
        assert!((priority - 0.203).abs() < 0.005, "{priority}");
        assert!((low_low + 0.05) / (priority + 0.05) > 3.0);
        // Along each axis the colours get darker (more of either = darker).
        let l = BIVARIATE.map(|row| row.map(Rgb::luminance));
        for row in &l {
            assert!(row[0] > row[1] && row[1] > row[2], "{row:?}");
        }
        for col in 0..3 {
            assert!(l[0][col] > l[1][col] && l[1][col] > l[2][col], "{l:?}");
        }
    }

    /// Simulated deuteranopia: Machado, Oliveira & Fernandes (2009), "A Physiologically-
    /// based Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), matrix for
    /// severity 1.0, applied to linear RGB; result back in sRGB 0..255.
    fn deuteranopia(c: Rgb) -> [f64; 3] {
        const M: [[f64; 3]; 3] = [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ];
        let lin = |b: u8| {
            let c = f64::from(b) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let enc = |c: f64| {
            let c = c.clamp(0.0, 1.0);
            255.0
                * if c <= 0.003_130_8 {
                    12.92 * c
                } else {
                    1.055 * c.powf(1.0 / 2.4) - 0.055
                }
        };
        let rgb = [lin(c.0), lin(c.1), lin(c.2)];
        let mut out = [0.0; 3];
        for (o, row) in out.iter_mut().zip(M) {
            *o = enc(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]);
        }
        out
    }

    #[test]
    fn palette_survives_deuteranopia() {
        // python3 with the same matrix gave: closest pair 31.0 (#64acbe vs #ad9ea5), and
        // the priority cell ≥ 39 from every other (nearest: #985356).
        let dist = |a: [f64; 3], b: [f64; 3]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - y) * (x - y))
                .sum::<f64>()
                .sqrt()
        };
        let all: Vec<Rgb> = BIVARIATE.iter().flatten().copied().collect();
        for (i, &a) in all.iter().enumerate() {
            for &b in &all[i + 1..] {
                let d = dist(deuteranopia(a), deuteranopia(b));
                assert!(d >= 30.0, "{} vs {}: {d}", a.hex(), b.hex());
            }
        }
        let p = deuteranopia(BIVARIATE[2][0]);
        for &b in all.iter().filter(|&&b| b != BIVARIATE[2][0]) {
            assert!(dist(p, deuteranopia(b)) >= 35.0, "{}", b.hex());
        }
    }
}
