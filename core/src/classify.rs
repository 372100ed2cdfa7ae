//! Class breaks for choropleth maps.
//!
//! A choropleth map colours each district by the *class* its value falls into. This module
//! turns a column of values into class bounds with one of four standard methods
//! ([`Method`]) and answers "which class is this value in".
//!
//! # Conventions (all methods)
//!
//! * **Missing values** – NaN, +∞ and −∞ – are ignored. If no finite value remains the result
//!   is [`ClassifyError::NoValues`].
//! * **Bounds**: `bounds.len() == class_count() + 1`, `bounds[0]` is the data minimum and the
//!   last bound the data maximum. Class `i` covers `[bounds[i], bounds[i+1])`; the last class
//!   is closed, `[bounds[k-1], max]`. So a value exactly on an inner bound belongs to the
//!   class *above* it – the same rule everywhere, implemented once in [`Breaks::class_of`].
//! * **Strictly increasing bounds**: no class ever has zero width. A method may therefore
//!   return *fewer* classes than requested:
//!   - with fewer distinct values than requested classes, the count first shrinks to the
//!     number of distinct values;
//!   - ties (several equal values at a quantile, or a bound landing on the minimum) merge
//!     bounds that coincide;
//!   - standard-deviation bounds outside the data range are dropped.
//! * **A bound on the maximum**: if a quantile or natural-breaks bound falls exactly on the
//!   data maximum (the top class would be `[max, max]`, zero width), the bound is moved down
//!   to halfway between the maximum and the next lower data value. The values equal to the
//!   maximum thus keep a class of their own, exactly as a tied block at the minimum does
//!   (this mirrors the half-open convention, which cannot express `[max, max]`).
//! * **All values equal** (`v`): one class, bounds `[v, v]` – the only case in which two
//!   bounds are equal.

use serde::{Deserialize, Serialize};

/// Smallest class count the UI offers (fewer classes hide too much).
pub const MIN_CLASSES: usize = 3;
/// Largest class count: ColorBrewer's sequential schemes stop at 9, and more classes cannot
/// be told apart reliably on a map anyway.
pub const MAX_CLASSES: usize = 9;

/// For more values than this, natural breaks are computed on an evenly spaced sample of the
/// sorted values (the exact algorithm is O(k·n²)).
pub const NATURAL_BREAKS_SAMPLE: usize = 5000;

/// How the class bounds are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Equal counts: about the same number of districts per class.
    Quantile,
    /// Equal widths: every class spans the same value range.
    EqualInterval,
    /// Jenks natural breaks: classes as internally homogeneous as possible.
    NaturalBreaks,
    /// Classes one standard deviation wide, centred on the mean.
    StdDev,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Quantile,
        Method::EqualInterval,
        Method::NaturalBreaks,
        Method::StdDev,
    ];

    /// Stable identifier (same as the serde name): `"quantile"`, `"equal_interval"`,
    /// `"natural_breaks"`, `"std_dev"`.
    pub fn id(self) -> &'static str {
        match self {
            Method::Quantile => "quantile",
            Method::EqualInterval => "equal_interval",
            Method::NaturalBreaks => "natural_breaks",
            Method::StdDev => "std_dev",
        }
    }

    /// Inverse of [`Method::id`].
    pub fn from_id(s: &str) -> Option<Method> {
        Self::ALL.into_iter().find(|m| m.id() == s)
    }
}

/// Class bounds computed by [`breaks`]; see the module docs for the conventions.
#[derive(Debug, Clone, PartialEq)]
pub struct Breaks {
    pub method: Method,
    /// `class_count() + 1` bounds, strictly increasing except the single-value case `[v, v]`.
    pub bounds: Vec<f64>,
}

impl Breaks {
    /// Number of classes (`bounds.len() - 1`; 0 for malformed bounds with fewer than 2 entries).
    pub fn class_count(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// Class index of `v`: the `i` with `bounds[i] <= v < bounds[i+1]`, the last class also
    /// taking `v == max`. Values below `bounds[0]` go to class 0, values above the last bound
    /// to the last class (so ±∞ are clamped too). `None` for NaN or if there are no classes.
    ///
    /// Binary search: O(log k).
    pub fn class_of(&self, v: f64) -> Option<usize> {
        let k = self.class_count();
        if v.is_nan() || k == 0 {
            return None;
        }
        // Number of bounds <= v; the class is the last such bound's index.
        let at_or_below = self.bounds.partition_point(|b| *b <= v);
        Some(at_or_below.saturating_sub(1).min(k - 1))
    }

    /// Number of values per class. Missing values (NaN, ±∞) are skipped, so the counts sum to
    /// the number of finite values.
    pub fn counts(&self, values: &[f64]) -> Vec<usize> {
        let mut counts = vec![0; self.class_count()];
        for v in values.iter().copied().filter(|v| v.is_finite()) {
            if let Some(c) = self.class_of(v) {
                counts[c] += 1;
            }
        }
        counts
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassifyError {
    #[error("no values to classify")]
    NoValues,
    #[error("class count {0} outside 1..=9")]
    BadClassCount(usize),
}

/// Compute class bounds for `values` with `method` and (at most) `classes` classes.
///
/// `values` may contain NaN (= missing), which is ignored, as are ±∞. `classes` must be in
/// `1..=MAX_CLASSES` (1 is accepted and gives `[min, max]`), otherwise
/// [`ClassifyError::BadClassCount`]. The result may have fewer classes than requested; see
/// the module docs.
///
/// Method details:
///
/// * [`Method::Quantile`] – nearest-rank, no interpolation. The n sorted values are cut into
///   k groups of (as nearly as possible) equal size: the value of 0-based rank r goes to
///   group ⌊r·k/n⌋, so bound j is the smallest value of group j, `x[⌈j·n/k⌉]`. Every bound is
///   a data value, and so every class contains at least one value. (This is R's type-1
///   "inverse of the empirical CDF" quantile shifted to the first value *above* the cut,
///   which suits lower-closed classes.) Ties straddling a cut go, as a block, to the upper
///   class; coinciding bounds are merged.
/// * [`Method::EqualInterval`] – bound j = min + j·(max − min)/k.
/// * [`Method::NaturalBreaks`] – Jenks natural breaks computed exactly as the 1-D k-means
///   optimum: minimise Σ over classes of Σ (x − class mean)² by Fisher's (1958) dynamic
///   programme, O(k·n²), the algorithm of R's `Ckmeans.1d.dp` (Wang & Song 2011) and of
///   `simple-statistics` `ckmeans` (without their speed-ups). It runs on the distinct values
///   weighted by their multiplicity, so tied values never end up in different classes.
///   Bound j is the smallest value of cluster j; the last bound is the maximum. Above
///   [`NATURAL_BREAKS_SAMPLE`] values the programme runs on that many evenly spaced values of
///   the sorted data (ranks round(i·(n−1)/(S−1)), which include min and max); the result is
///   then a close approximation of the exact optimum.
/// * [`Method::StdDev`] – mean μ and population standard deviation σ = √(Σ(x−μ)²/n). Inner
///   bounds lie at μ + (j − k/2)·σ for j = 1…k−1: for odd k the middle class is μ ± σ/2, for
///   even k there is a bound at μ; every class is 1σ wide except the two outermost, which are
///   open-ended and clamped to the data min and max. Inner bounds outside (min, max) are
///   dropped, so extreme requested counts give fewer classes (e.g. 10 evenly spaced values
///   span only ±1.57σ, so at most 5 classes).
pub fn breaks(values: &[f64], method: Method, classes: usize) -> Result<Breaks, ClassifyError> {
    if !(1..=MAX_CLASSES).contains(&classes) {
        return Err(ClassifyError::BadClassCount(classes));
    }
    let mut xs: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if xs.is_empty() {
        return Err(ClassifyError::NoValues);
    }
    crate::sort::sort_f64(&mut xs);
    let (min, max) = (xs[0], xs[xs.len() - 1]);
    if min == max {
        return Ok(Breaks {
            method,
            bounds: vec![min, max],
        });
    }
    let distinct = 1 + xs.windows(2).filter(|w| w[0] != w[1]).count();
    let k = classes.min(distinct);
    if k == 1 {
        return Ok(Breaks {
            method,
            bounds: vec![min, max],
        });
    }
    let inner = match method {
        Method::Quantile => quantile_bounds(&xs, k),
        Method::EqualInterval => (1..k)
            .map(|j| min + (max - min) * j as f64 / k as f64)
            .collect(),
        Method::NaturalBreaks => natural_bounds(&xs, k),
        Method::StdDev => std_dev_bounds(&xs, k),
    };
    // Data-valued bounds (quantile, natural breaks) may hit the maximum: keep the top block
    // as its own class. For the others a bound at max is coincidence and simply dropped.
    let split_top = matches!(method, Method::Quantile | Method::NaturalBreaks);
    Ok(Breaks {
        method,
        bounds: assemble(&xs, inner, split_top),
    })
}

/// `[min] + inner bounds strictly inside (min, max), sorted and deduplicated + [max]`.
/// With `split_top`, an inner bound equal to max becomes the midpoint between max and the
/// next lower value (unless an existing bound already separates the two).
fn assemble(xs: &[f64], mut inner: Vec<f64>, split_top: bool) -> Vec<f64> {
    let (min, max) = (xs[0], xs[xs.len() - 1]);
    let hits_max = inner.iter().any(|b| *b >= max);
    inner.retain(|b| *b > min && *b < max);
    if split_top && hits_max {
        // xs has at least two distinct values here, so a value below max exists.
        let below = xs.iter().rev().copied().find(|x| *x < max).unwrap_or(min);
        if !inner.iter().any(|b| *b > below) {
            let mid = below + (max - below) / 2.0;
            if mid > min && mid < max {
                inner.push(mid);
            }
        }
    }
    crate::sort::sort_f64(&mut inner);
    inner.dedup();
    let mut bounds = Vec::with_capacity(inner.len() + 2);
    bounds.push(min);
    bounds.extend(inner);
    bounds.push(max);
    bounds
}

/// Inner quantile bounds j = 1…k−1: `xs[⌈j·n/k⌉]` (nearest rank, see [`breaks`]).
fn quantile_bounds(xs: &[f64], k: usize) -> Vec<f64> {
    let n = xs.len();
    (1..k).map(|j| xs[(j * n).div_ceil(k).min(n - 1)]).collect()
}

/// Inner bounds from the mean and population standard deviation (two-pass, for stability).
fn std_dev_bounds(xs: &[f64], k: usize) -> Vec<f64> {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt();
    (1..k)
        .map(|j| mean + (j as f64 - k as f64 / 2.0) * sd)
        .collect()
}

/// Inner Jenks bounds: the smallest value of clusters 1…k−1 of the optimal k-clustering.
///
/// Fisher's dynamic programme over the d distinct values u₀ < … < u_{d−1} with weights w
/// (multiplicities):
///
/// * SSE(i, j) = Σw·u² − (Σw·u)² / Σw over u_i…u_j, from prefix sums of values centred on
///   their mean (centring keeps the subtraction from cancelling catastrophically when the
///   data sit far from zero, e.g. +10⁶).
/// * D[0][j] = SSE(0, j); D[m][j] = min over i ∈ m..=j of D[m−1][i−1] + SSE(i, j),
///   remembering the minimising i (the start of cluster m). Costs within 10⁻⁹ of the total
///   SSE count as equal and the smallest i wins, so ties resolve the same way for shifted
///   data.
/// * Backtracking from D[k−1][d−1] gives the cluster starts.
fn natural_bounds(xs: &[f64], k: usize) -> Vec<f64> {
    let sample: Vec<f64>;
    let xs = if xs.len() > NATURAL_BREAKS_SAMPLE {
        let (n, s) = (xs.len(), NATURAL_BREAKS_SAMPLE);
        sample = (0..s)
            .map(|i| xs[((i as f64) * (n - 1) as f64 / (s - 1) as f64).round() as usize])
            .collect();
        &sample[..]
    } else {
        xs
    };

    // Distinct values and their multiplicities.
    let mut u: Vec<f64> = Vec::new();
    let mut w: Vec<f64> = Vec::new();
    for &x in xs {
        if u.last() == Some(&x) {
            *w.last_mut().unwrap() += 1.0;
        } else {
            u.push(x);
            w.push(1.0);
        }
    }
    let d = u.len();
    let k = k.min(d); // the sample may have fewer distinct values
    if k < 2 {
        return Vec::new();
    }

    let centre = xs.iter().sum::<f64>() / xs.len() as f64;
    // Prefix sums: p_w[i] = Σ_{t<i} w_t, p_1 = Σ w·(u−c), p_2 = Σ w·(u−c)².
    let (mut p_w, mut p_1, mut p_2) = (vec![0.0; d + 1], vec![0.0; d + 1], vec![0.0; d + 1]);
    for i in 0..d {
        let y = u[i] - centre;
        p_w[i + 1] = p_w[i] + w[i];
        p_1[i + 1] = p_1[i] + w[i] * y;
        p_2[i + 1] = p_2[i] + w[i] * y * y;
    }
    let sse = |i: usize, j: usize| -> f64 {
        let sw = p_w[j + 1] - p_w[i];
        let s1 = p_1[j + 1] - p_1[i];
        let s2 = p_2[j + 1] - p_2[i];
        (s2 - s1 * s1 / sw).max(0.0)
    };

    // Alternatives whose costs differ by less than this are ties (e.g. {1}{2,3} vs {1,2}{3});
    // a tie keeps the first candidate, the smallest cluster start, so rounding noise (data
    // far from zero) cannot flip the choice.
    let tie = sse(0, d - 1) * 1e-9;
    // cost[j], start[m][j] for the current row m.
    let mut cost: Vec<f64> = (0..d).map(|j| sse(0, j)).collect();
    let mut start = vec![vec![0usize; d]; k];
    for (m, start_m) in start.iter_mut().enumerate().skip(1) {
        let mut next = vec![f64::INFINITY; d];
        for j in m..d {
            let (mut best, mut best_i) = (f64::INFINITY, m);
            for i in m..=j {
                let c = cost[i - 1] + sse(i, j);
                if c < best - tie {
                    best = c;
                    best_i = i;
                }
            }
            next[j] = best;
            start_m[j] = best_i;
        }
        cost = next;
    }

    // Backtrack: cluster m covers u[start[m][j] ..= j].
    let mut bounds = vec![0.0; k - 1];
    let mut j = d - 1;
    for m in (1..k).rev() {
        let i = start[m][j];
        bounds[m - 1] = u[i];
        j = i - 1;
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_TO_TEN: [f64; 10] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];

    fn b(values: &[f64], m: Method, k: usize) -> Vec<f64> {
        breaks(values, m, k).unwrap().bounds
    }

    fn assert_close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn method_ids_round_trip() {
        for m in Method::ALL {
            assert_eq!(Method::from_id(m.id()), Some(m));
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.id())
            );
        }
        assert_eq!(Method::from_id("jenks"), None);
    }

    #[test]
    fn quantile_one_to_ten() {
        // n=10, k=4: bound j = x[ceil(10j/4)] = x[3], x[5], x[8] = 4, 6, 9 (0-based).
        // Groups {1,2,3} {4,5} {6,7,8} {9,10}.
        let q = breaks(&ONE_TO_TEN, Method::Quantile, 4).unwrap();
        assert_eq!(q.bounds, vec![1.0, 4.0, 6.0, 9.0, 10.0]);
        assert_eq!(q.counts(&ONE_TO_TEN), vec![3, 2, 3, 2]);
        // k=5: x[2], x[4], x[6], x[8] = 3, 5, 7, 9 → pairs.
        let q = breaks(&ONE_TO_TEN, Method::Quantile, 5).unwrap();
        assert_eq!(q.bounds, vec![1.0, 3.0, 5.0, 7.0, 9.0, 10.0]);
        assert_eq!(q.counts(&ONE_TO_TEN), vec![2; 5]);
    }

    #[test]
    fn equal_interval_one_to_ten() {
        // width (10−1)/3 = 3 → 1, 4, 7, 10; classes {1,2,3} {4,5,6} {7,8,9,10}.
        let e = breaks(&ONE_TO_TEN, Method::EqualInterval, 3).unwrap();
        assert_eq!(e.bounds, vec![1.0, 4.0, 7.0, 10.0]);
        assert_eq!(e.counts(&ONE_TO_TEN), vec![3, 3, 4]);
        // width 9/5 = 1.8 → 1, 2.8, 4.6, 6.4, 8.2, 10.
        assert_close(
            &b(&ONE_TO_TEN, Method::EqualInterval, 5),
            &[1.0, 2.8, 4.6, 6.4, 8.2, 10.0],
        );
    }

    #[test]
    fn natural_breaks_one_to_ten() {
        // Evenly spaced data: equal-size clusters are optimal (SSE is convex in size).
        // k=2: {1..5} {6..10}, SSE 10 + 10 = 20 (vs. 4|6 split: 5 + 17.5).
        assert_eq!(
            b(&ONE_TO_TEN, Method::NaturalBreaks, 2),
            vec![1.0, 6.0, 10.0]
        );
        // k=5: five pairs, SSE 5 × 0.5 = 2.5; any other split has a cluster of ≥3 (SSE ≥ 2)
        // plus three pairs (1.5) → ≥ 3.5.
        assert_eq!(
            b(&ONE_TO_TEN, Method::NaturalBreaks, 5),
            vec![1.0, 3.0, 5.0, 7.0, 9.0, 10.0]
        );
    }

    #[test]
    fn natural_breaks_finds_clusters() {
        let v = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        let n = breaks(&v, Method::NaturalBreaks, 3).unwrap();
        assert_eq!(n.bounds, vec![1.0, 10.0, 20.0, 22.0]);
        assert_eq!(n.counts(&v), vec![3, 3, 3]);
        // Order of the input does not matter.
        let shuffled = [21.0, 3.0, 12.0, 1.0, 22.0, 10.0, 2.0, 20.0, 11.0];
        assert_eq!(b(&shuffled, Method::NaturalBreaks, 3), n.bounds);
    }

    #[test]
    fn natural_breaks_outlier_keeps_its_own_class() {
        // Clusters {1,2,3} {100}: the bound "min of the top cluster" would be 100 = max, so
        // it moves to the midpoint (3 + 100)/2 = 51.5.
        let v = [1.0, 2.0, 3.0, 100.0];
        let n = breaks(&v, Method::NaturalBreaks, 2).unwrap();
        assert_eq!(n.bounds, vec![1.0, 51.5, 100.0]);
        assert_eq!(n.counts(&v), vec![3, 1]);
    }

    #[test]
    fn natural_breaks_never_split_ties() {
        // Distinct 1 (×3), 5 (×2), 9: one cluster each → 1, 5, then 9 = max → (5+9)/2 = 7.
        let v = [1.0, 1.0, 1.0, 5.0, 5.0, 9.0];
        let n = breaks(&v, Method::NaturalBreaks, 3).unwrap();
        assert_eq!(n.bounds, vec![1.0, 5.0, 7.0, 9.0]);
        assert_eq!(n.counts(&v), vec![3, 2, 1]);
    }

    #[test]
    fn natural_breaks_large_input_is_sampled_and_sane() {
        // 6000 values in two blocks: 0..3000 around 0, 3000..6000 around 1000.
        let v: Vec<f64> = (0..6000)
            .map(|i| {
                if i < 3000 {
                    i as f64 * 1e-3
                } else {
                    1000.0 + i as f64 * 1e-3
                }
            })
            .collect();
        let n = breaks(&v, Method::NaturalBreaks, 2).unwrap();
        assert_eq!(n.class_count(), 2);
        assert_eq!(n.bounds[0], 0.0);
        assert_eq!(n.counts(&v), vec![3000, 3000]);
    }

    #[test]
    fn std_dev_one_to_ten() {
        // μ = 5.5; population variance (n²−1)/12 = 99/12 = 8.25, σ = 2.872281323…
        let s = 8.25f64.sqrt();
        // k=3: μ ± σ/2 = 4.063859…, 6.936140…
        assert_close(
            &b(&ONE_TO_TEN, Method::StdDev, 3),
            &[1.0, 5.5 - s / 2.0, 5.5 + s / 2.0, 10.0],
        );
        // k=4: μ − σ = 2.627718…, μ, μ + σ = 8.372281…
        assert_close(
            &b(&ONE_TO_TEN, Method::StdDev, 4),
            &[1.0, 5.5 - s, 5.5, 5.5 + s, 10.0],
        );
        // k=5: μ ± 0.5σ, μ ± 1.5σ = 1.191578…, 9.808421… (still inside [1, 10]).
        let five = [
            1.0,
            5.5 - 1.5 * s,
            5.5 - s / 2.0,
            5.5 + s / 2.0,
            5.5 + 1.5 * s,
            10.0,
        ];
        assert_close(&b(&ONE_TO_TEN, Method::StdDev, 5), &five);
        // k=7 would add μ ± 2.5σ = −1.68…, 12.68…: outside the data → dropped → k=5 again.
        assert_close(&b(&ONE_TO_TEN, Method::StdDev, 7), &five);
    }

    #[test]
    fn quantile_ties() {
        // n=6, k=3: x[ceil(6/3)] = x[2] = 1 (= min, merged), x[ceil(12/3)] = x[4] = 2.
        // → bounds [1, 2, 3]: the four 1s form class 0, {2, 3} class 1.
        let v = [1.0, 1.0, 1.0, 1.0, 2.0, 3.0];
        let q = breaks(&v, Method::Quantile, 3).unwrap();
        assert_eq!(q.bounds, vec![1.0, 2.0, 3.0]);
        assert_eq!(q.counts(&v), vec![4, 2]);
        // A tied block at the top: x[2] = 3, x[4] = 9 = max → (3+9)/2 = 6.
        let v = [1.0, 2.0, 3.0, 9.0, 9.0, 9.0];
        let q = breaks(&v, Method::Quantile, 3).unwrap();
        assert_eq!(q.bounds, vec![1.0, 3.0, 6.0, 9.0]);
        assert_eq!(q.counts(&v), vec![2, 1, 3]);
    }

    #[test]
    fn all_values_equal_is_one_class() {
        for m in Method::ALL {
            let r = breaks(&[4.0, 4.0, f64::NAN, 4.0], m, 5).unwrap();
            assert_eq!(r.bounds, vec![4.0, 4.0]);
            assert_eq!(r.class_count(), 1);
            assert_eq!(r.class_of(4.0), Some(0));
            assert_eq!(r.counts(&[4.0, 4.0]), vec![2]);
        }
    }

    #[test]
    fn missing_values_are_ignored() {
        let mut v = ONE_TO_TEN.to_vec();
        v.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        v.rotate_left(4);
        for m in Method::ALL {
            let with = breaks(&v, m, 4).unwrap();
            assert_eq!(with.bounds, b(&ONE_TO_TEN, m, 4), "{m:?}");
            assert_eq!(with.counts(&v).iter().sum::<usize>(), 10);
        }
    }

    #[test]
    fn fewer_distinct_values_than_classes() {
        // 3 distinct values, 5 requested → 3 classes.
        let v = [2.0, 2.0, 5.0, 5.0, 8.0];
        // Equal interval k=3: width 2 → 2, 4, 6, 8.
        assert_eq!(b(&v, Method::EqualInterval, 5), vec![2.0, 4.0, 6.0, 8.0]);
        // Quantile k=3, n=5: x[ceil(5/3)] = x[2] = 5, x[ceil(10/3)] = x[4] = 8 = max
        // → (5+8)/2 = 6.5. Each distinct value gets its own class.
        let q = breaks(&v, Method::Quantile, 5).unwrap();
        assert_eq!(q.bounds, vec![2.0, 5.0, 6.5, 8.0]);
        assert_eq!(q.counts(&v), vec![2, 2, 1]);
        // Natural breaks: one cluster per distinct value, same bounds.
        assert_eq!(b(&v, Method::NaturalBreaks, 5), vec![2.0, 5.0, 6.5, 8.0]);
        // Two values, nine classes.
        for m in Method::ALL {
            let r = breaks(&[1.0, 3.0], m, 9).unwrap();
            assert_eq!(r.class_count(), 2, "{m:?}");
            assert_eq!(r.counts(&[1.0, 3.0]), vec![1, 1], "{m:?}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(
            breaks(&[], Method::Quantile, 5),
            Err(ClassifyError::NoValues)
        );
        assert_eq!(
            breaks(&[f64::NAN, f64::INFINITY], Method::StdDev, 5),
            Err(ClassifyError::NoValues)
        );
        assert_eq!(
            breaks(&ONE_TO_TEN, Method::Quantile, 0),
            Err(ClassifyError::BadClassCount(0))
        );
        assert_eq!(
            breaks(&ONE_TO_TEN, Method::Quantile, 10),
            Err(ClassifyError::BadClassCount(10))
        );
        assert_eq!(
            ClassifyError::BadClassCount(10).to_string(),
            "class count 10 outside 1..=9"
        );
        // One class is accepted.
        assert_eq!(b(&ONE_TO_TEN, Method::NaturalBreaks, 1), vec![1.0, 10.0]);
    }

    #[test]
    fn bounds_strictly_increase_and_counts_add_up() {
        let v = [
            3.2,
            7.7,
            7.7,
            0.5,
            12.0,
            12.0,
            12.0,
            4.4,
            f64::NAN,
            9.1,
            1.0,
            1.0,
            30.5,
            2.2,
            7.7,
        ];
        let finite = v.iter().filter(|x| x.is_finite()).count();
        for m in Method::ALL {
            for k in 1..=MAX_CLASSES {
                let r = breaks(&v, m, k).unwrap();
                assert!(r.class_count() <= k);
                assert!(
                    r.bounds.windows(2).all(|w| w[0] < w[1]),
                    "{m:?} {k}: {:?}",
                    r.bounds
                );
                assert_eq!(r.bounds[0], 0.5);
                assert_eq!(*r.bounds.last().unwrap(), 30.5);
                let counts = r.counts(&v);
                assert_eq!(counts.iter().sum::<usize>(), finite, "{m:?} {k}");
                if m != Method::EqualInterval && m != Method::StdDev {
                    // Data-driven methods never leave a class empty.
                    assert!(counts.iter().all(|c| *c > 0), "{m:?} {k}: {counts:?}");
                }
            }
        }
    }

    #[test]
    fn shifted_data_gives_shifted_bounds() {
        let v = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        let shifted: Vec<f64> = v.iter().map(|x| x + 1e6).collect();
        for m in Method::ALL {
            for k in 2..=5 {
                let a = b(&v, m, k);
                let s = b(&shifted, m, k);
                assert_eq!(a.len(), s.len(), "{m:?} {k}");
                for (x, y) in a.iter().zip(&s) {
                    assert!((x + 1e6 - y).abs() < 1e-6, "{m:?} {k}: {a:?} vs {s:?}");
                }
            }
        }
        assert_eq!(
            b(&shifted, Method::NaturalBreaks, 3),
            vec![1e6 + 1.0, 1e6 + 10.0, 1e6 + 20.0, 1e6 + 22.0]
        );
    }

    #[test]
    fn class_of_at_and_beyond_bounds() {
        let e = breaks(&ONE_TO_TEN, Method::EqualInterval, 3).unwrap(); // [1, 4, 7, 10]
        assert_eq!(e.class_of(1.0), Some(0));
        assert_eq!(e.class_of(3.999), Some(0));
        assert_eq!(e.class_of(4.0), Some(1)); // on a bound → the class above
        assert_eq!(e.class_of(7.0), Some(2));
        assert_eq!(e.class_of(10.0), Some(2)); // the last class is closed
        assert_eq!(e.class_of(-5.0), Some(0));
        assert_eq!(e.class_of(50.0), Some(2));
        assert_eq!(e.class_of(f64::INFINITY), Some(2));
        assert_eq!(e.class_of(f64::NAN), None);
        let none = Breaks {
            method: Method::Quantile,
            bounds: vec![],
        };
        assert_eq!(none.class_of(1.0), None);
        assert!(none.counts(&[1.0]).is_empty());
    }
}
