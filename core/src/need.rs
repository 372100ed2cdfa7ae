//! A composite need index that planners can defend in a council meeting.
//!
//! Several indicators (child poverty rate, SGB II share, language support need, …) are put
//! on a common scale, turned so that "larger = more need", and averaged with weights the
//! planners choose. Every step is simple enough to explain on one slide:
//!
//! 1. **Normalise** each indicator across the districts, either as a z-score (distance from
//!    the city mean in standard deviations) or as a percentile rank (0 = lowest district,
//!    100 = highest). See OECD/JRC, *Handbook on Constructing Composite Indicators* (2008),
//!    section 5 ("standardisation" and "ranking").
//! 2. **Orient**: for indicators where a *higher* value means *less* need (e.g. the share of
//!    children in day care), the normalised value is negated (z) or mirrored (100 − p).
//! 3. **Weight**: the score is the weighted arithmetic mean of the components that are
//!    present for the district. A missing indicator does not count as zero (that would
//!    flatter or punish a district for a gap in the statistics); the remaining weights are
//!    re-scaled instead, and the UI reports how many components were missing.
//! 4. **Check the ranking** against the weights ([`rank_stability`]): weights are a
//!    political choice, so the council should see which districts stay at the top when the
//!    weights move a little (a simple Monte-Carlo sensitivity analysis, Handbook section 7).
//!
//! The module is pure and deterministic: the random draws come from a seeded [`SplitMix64`],
//! so the same seed gives the same answer in the browser and in native tests.

use serde::{Deserialize, Serialize};

use crate::stats::ranks;

/// How each indicator is put on a common scale before weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// `z = (x − mean) / sd`: keeps the distances between districts, so an extreme district
    /// weighs more; sensitive to outliers.
    ZScore,
    /// Percentile rank 0..=100: only the order counts, robust to outliers, but equal steps
    /// in rank may hide large or tiny differences in the underlying rates.
    PercentileRank,
}

impl Normalisation {
    /// Every variant, in the order a selector shows them.
    pub const ALL: [Normalisation; 2] = [Normalisation::ZScore, Normalisation::PercentileRank];

    /// Stable identifier for URLs and settings; the same text serde uses.
    pub fn id(self) -> &'static str {
        match self {
            Normalisation::ZScore => "z_score",
            Normalisation::PercentileRank => "percentile_rank",
        }
    }

    /// Inverse of [`Normalisation::id`]; `None` for anything else (an old or mistyped URL
    /// falls back to the caller's default rather than failing).
    pub fn from_id(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.id() == s)
    }

    /// Apply this normalisation to one indicator column.
    pub fn apply(self, values: &[Option<f64>]) -> Vec<Option<f64>> {
        match self {
            Normalisation::ZScore => zscores(values),
            Normalisation::PercentileRank => percentile_ranks(values),
        }
    }

    /// Turn a normalised value so that larger means more need. z-scores are symmetric
    /// around 0, so they are negated; percentile ranks live on 0..=100 and are mirrored
    /// (100 − p) so they stay on the same 0..=100 scale.
    fn orient(self, normalised: f64, higher_is_more_need: bool) -> f64 {
        if higher_is_more_need {
            normalised
        } else {
            match self {
                Normalisation::ZScore => -normalised,
                Normalisation::PercentileRank => 100.0 - normalised,
            }
        }
    }
}

/// Only finite values take part; NaN and ±∞ are treated like missing values, because a
/// single infinite value would turn every z-score of the column into NaN.
fn finite(v: &Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// z-scores: `z = (x − mean) / sd` with the **population** standard deviation
/// `sd = sqrt(Σ (x − mean)² / n)`. The districts are the whole population of the city,
/// not a sample of it, so there is no `n − 1`.
///
/// Missing (or non-finite) values stay `None` and do not enter mean or sd.
/// A constant column (every present value equal, sd = 0) gives `0.0` for every present
/// value: it cannot tell districts apart, so it must not move anyone's score. The check
/// compares the values themselves rather than `sd == 0.0`, because rounding in the mean can
/// leave a tiny non-zero sd for a constant column like `[0.1, 0.1, 0.1]`, which would blow
/// noise up to ±1. A single present value is a constant column and gives `0.0`.
pub fn zscores(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let present: Vec<f64> = values.iter().filter_map(finite).collect();
    let Some(&first) = present.first() else {
        return vec![None; values.len()];
    };
    let constant = present.iter().all(|&x| x == first);
    let n = present.len() as f64;
    let mean = present.iter().sum::<f64>() / n;
    let sd = (present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    values
        .iter()
        .map(|v| {
            let x = finite(v)?;
            Some(if constant { 0.0 } else { (x - mean) / sd })
        })
        .collect()
}

/// Percentile ranks on 0..=100: `p = (r̄ − 1) / (n − 1) · 100`, where `r̄` is the
/// ascending rank (1 = smallest) and tied values get the **average** of the ranks they
/// occupy (the "fractional" ranking, so ties are treated alike and the column's mean stays
/// at 50). Example: `[10, 20, 20, 30]` → ranks 1, 2.5, 2.5, 4 → `0, 50, 50, 100`.
///
/// With one present value, or a constant column, every present value gets `50` (the
/// middle: such a column says nothing about who needs more). Missing (or non-finite)
/// values stay `None` and do not count in `n`.
pub fn percentile_ranks(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| finite(v).map(|x| (i, x)))
        .collect();
    let n = order.len();
    let mut out = vec![None; values.len()];
    if n == 1 {
        out[order[0].0] = Some(50.0);
        return out;
    }
    crate::sort::sort_by(&mut order, |a, b| a.1.total_cmp(&b.1));
    let mut start = 0;
    while start < n {
        // `==` (not total_cmp) so that −0.0 and 0.0 count as a tie.
        let mut end = start + 1;
        while end < n && order[end].1 == order[start].1 {
            end += 1;
        }
        // Positions start..end hold ranks start+1 ..= end; their mean is (start+1+end)/2.
        let average_rank = (start + 1 + end) as f64 / 2.0;
        let p = (average_rank - 1.0) / (n - 1) as f64 * 100.0;
        for &(i, _) in &order[start..end] {
            out[i] = Some(p);
        }
        start = end;
    }
    out
}

/// One indicator in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Component<'a> {
    /// One value per district, in the dataset's district order.
    pub values: &'a [Option<f64>],
    /// Relative weight; only the ratios matter. Zero, negative or non-finite weights
    /// switch the component off.
    pub weight: f64,
    /// `true` for indicators like the child poverty rate; `false` for ones like the
    /// day-care attendance rate, where a higher value means less need.
    pub higher_is_more_need: bool,
}

/// Why an index could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NeedError {
    /// The components do not all have one value per district.
    #[error("the indicators do not all have the same number of districts")]
    LengthMismatch,
    /// No component has a positive, finite weight.
    #[error("no indicator has a positive weight")]
    NoComponents,
    /// The weight perturbation must be finite and in `0 ≤ p < 1`.
    #[error("the weight perturbation must be at least 0 and below 1")]
    BadPerturbation,
}

/// The composite need index of every district.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedIndex {
    /// Per district: weighted mean of the normalised, need-oriented components that are
    /// present; `None` when none is present.
    pub scores: Vec<Option<f64>>,
    /// Per district, per component (in the order given, switched-off components included):
    /// `weight_i · n_i / Σ weights of the present components` — the part of the score this
    /// component contributes, so a row sums to the score (up to rounding). `None` where the
    /// component is missing or switched off.
    pub contributions: Vec<Vec<Option<f64>>>,
    /// Per district: how many of the switched-on components were missing (the score then
    /// rests on fewer indicators; the UI says so). Switched-off components never count.
    pub missing: Vec<usize>,
    /// 1 = highest need; ties share the best rank (1224); no score → no rank.
    pub ranks: Vec<Option<usize>>,
}

/// Components after validation, normalisation and orientation. Built once so that
/// [`rank_stability`] only has to re-weight, not re-normalise, in each draw.
struct Prepared {
    districts: usize,
    /// Per component: oriented normalised values, or `None` when the component is off.
    columns: Vec<Option<Vec<Option<f64>>>>,
    /// Per component: the weight, 0 when switched off.
    weights: Vec<f64>,
}

impl Prepared {
    fn new(components: &[Component], norm: Normalisation) -> Result<Self, NeedError> {
        let districts = components.first().map_or(0, |c| c.values.len());
        if components.iter().any(|c| c.values.len() != districts) {
            return Err(NeedError::LengthMismatch);
        }
        let mut columns = Vec::with_capacity(components.len());
        let mut weights = Vec::with_capacity(components.len());
        for c in components {
            if c.weight.is_finite() && c.weight > 0.0 {
                let column = norm
                    .apply(c.values)
                    .into_iter()
                    .map(|v| v.map(|x| norm.orient(x, c.higher_is_more_need)))
                    .collect();
                columns.push(Some(column));
                weights.push(c.weight);
            } else {
                columns.push(None);
                weights.push(0.0);
            }
        }
        if columns.iter().all(Option::is_none) {
            return Err(NeedError::NoComponents);
        }
        Ok(Prepared {
            districts,
            columns,
            weights,
        })
    }

    /// `score_d = Σ_i w_i · n_id / Σ_i w_i`, both sums over the switched-on components
    /// present for district `d`.
    fn score(&self, district: usize, weights: &[f64]) -> Option<f64> {
        let mut weighted = 0.0;
        let mut weight_sum = 0.0;
        for (column, &w) in self.columns.iter().zip(weights) {
            if let Some(x) = column.as_ref().and_then(|c| c[district]) {
                weighted += w * x;
                weight_sum += w;
            }
        }
        (weight_sum > 0.0).then(|| weighted / weight_sum)
    }

    fn scores(&self, weights: &[f64]) -> Vec<Option<f64>> {
        (0..self.districts)
            .map(|d| self.score(d, weights))
            .collect()
    }
}

/// Build the need index.
///
/// Each switched-on component (finite weight > 0) is normalised with `norm` across all
/// districts, oriented so that larger always means more need (negated z / mirrored
/// `100 − p` when `higher_is_more_need` is false), and the district's score is the weighted
/// mean over the components it has:
///
/// `score = Σ w_i · n_i / Σ w_i` (sums over present components only).
///
/// Re-weighting instead of counting a gap as zero is the usual "available-case" treatment
/// of missing data in composite indicators; [`NeedIndex::missing`] lets the UI flag scores
/// that rest on fewer indicators.
///
/// Errors: [`NeedError::LengthMismatch`] when the components (switched off or not) differ
/// in length — silently using the shortest would mis-align districts;
/// [`NeedError::NoComponents`] when no component has a positive, finite weight.
pub fn need_index(components: &[Component], norm: Normalisation) -> Result<NeedIndex, NeedError> {
    let prepared = Prepared::new(components, norm)?;
    let w = &prepared.weights;
    let mut scores = Vec::with_capacity(prepared.districts);
    let mut contributions = Vec::with_capacity(prepared.districts);
    let mut missing = Vec::with_capacity(prepared.districts);
    for d in 0..prepared.districts {
        let weight_sum: f64 = prepared
            .columns
            .iter()
            .zip(w)
            .filter(|(c, _)| c.as_ref().is_some_and(|c| c[d].is_some()))
            .map(|(_, &w)| w)
            .sum();
        let row: Vec<Option<f64>> = prepared
            .columns
            .iter()
            .zip(w)
            .map(|(c, &w)| {
                let x = c.as_ref()?[d]?;
                Some(w * x / weight_sum)
            })
            .collect();
        missing.push(
            prepared
                .columns
                .iter()
                .filter(|c| c.as_ref().is_some_and(|c| c[d].is_none()))
                .count(),
        );
        scores.push(prepared.score(d, w));
        contributions.push(row);
    }
    let ranks = ranks(&scores, true);
    Ok(NeedIndex {
        scores,
        contributions,
        missing,
        ranks,
    })
}

/// How stable each district's place at the top is when the weights move.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    /// Number of perturbed draws.
    pub draws: usize,
    /// The "top n" that was counted.
    pub top_n: usize,
    /// Share of draws (0..=1) in which each district is among the top `top_n` ranks.
    pub in_top_n: Vec<f64>,
    /// The top share that was counted, after clamping to 0..=1.
    pub top_share: f64,
    /// Same for the top `top_share` fraction: the top `ceil(top_share · districts with a
    /// score)` ranks (0.2 of 170 districts → top 34).
    pub in_top_share: Vec<f64>,
}

/// Rank stability under weight uncertainty (a Monte-Carlo sensitivity analysis).
///
/// `draws` times, every weight is multiplied by `(1 + u)` with `u` uniform in
/// `[−perturbation, +perturbation)` (independently per component and draw) from a
/// [`SplitMix64`] seeded with `seed`; the index is recomputed and each district that lands
/// at rank ≤ `top_n` (ties at the boundary all count, as the ranks are 1224) or within the
/// top share is counted. The result is the share of draws. Same seed → identical result.
/// `draws = 0` → all zeros.
///
/// The components are normalised once; only the weights change between draws, so 1,000
/// draws over 170 districts and 5 components take milliseconds.
///
/// `perturbation` must be finite and `0 ≤ p < 1` ([`NeedError::BadPerturbation`]
/// otherwise): below 1 every perturbed weight stays positive, so no component silently drops
/// out of a draw. `top_share` is clamped to 0..=1 (NaN → 0). The top-share count uses
/// `ceil(share · m − 1e-9)` so that floating-point noise such as `0.07 · 100 =
/// 7.000000000000001` does not round a whole number up to the next one.
pub fn rank_stability(
    components: &[Component],
    norm: Normalisation,
    perturbation: f64,
    draws: usize,
    seed: u64,
    top_n: usize,
    top_share: f64,
) -> Result<Stability, NeedError> {
    if !(perturbation.is_finite() && (0.0..1.0).contains(&perturbation)) {
        return Err(NeedError::BadPerturbation);
    }
    let prepared = Prepared::new(components, norm)?;
    let top_share = if top_share.is_nan() {
        0.0
    } else {
        top_share.clamp(0.0, 1.0)
    };
    // Perturbed weights stay positive, so the set of districts with a score is the same in
    // every draw and the top-share cut-off can be fixed up front.
    let scored = prepared
        .scores(&prepared.weights)
        .iter()
        .filter(|s| s.is_some())
        .count();
    let share_cut = (top_share * scored as f64 - 1e-9).ceil().max(0.0) as usize;

    let mut rng = SplitMix64::new(seed);
    let mut hits_n = vec![0usize; prepared.districts];
    let mut hits_share = vec![0usize; prepared.districts];
    let mut weights = prepared.weights.clone();
    for _ in 0..draws {
        for (w, &base) in weights.iter_mut().zip(&prepared.weights) {
            // A draw for every component (even switched-off ones, where 0 · (1 + u) = 0)
            // keeps the random stream independent of which weights happen to be zero.
            let u = perturbation * (2.0 * rng.next_f64() - 1.0);
            *w = base * (1.0 + u);
        }
        let scores = prepared.scores(&weights);
        for (d, rank) in ranks(&scores, true).into_iter().enumerate() {
            if let Some(r) = rank {
                if r <= top_n {
                    hits_n[d] += 1;
                }
                if r <= share_cut {
                    hits_share[d] += 1;
                }
            }
        }
    }
    let share = |hits: Vec<usize>| -> Vec<f64> {
        hits.into_iter()
            .map(|h| {
                if draws == 0 {
                    0.0
                } else {
                    h as f64 / draws as f64
                }
            })
            .collect()
    };
    Ok(Stability {
        draws,
        top_n,
        in_top_n: share(hits_n),
        top_share,
        in_top_share: share(hits_share),
    })
}

/// SplitMix64 pseudo-random generator (Steele, Lea & Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014; constants from Vigna's reference `splitmix64.c`).
///
/// Written here rather than taken from a crate because the core stays dependency-light and,
/// more importantly, because the sequence must be *bit-identical* on every platform and for
/// ever: a council report that quotes "district X is in the top 10 in 97 % of draws, seed
/// 42" must reproduce next year in the browser (wasm32) and natively. SplitMix64 uses only
/// wrapping 64-bit integer arithmetic, and [`SplitMix64::next_f64`] converts 53 bits
/// exactly, so there is no platform-dependent step. It is not cryptographically secure and
/// does not need to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence is fully determined by `seed` (every seed, including 0,
    /// is fine).
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`: the top 53 bits scaled by 2⁻⁵³ (exact in an f64).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn assert_close_vec(actual: &[Option<f64>], expected: &[Option<f64>]) {
        assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
        for (a, e) in actual.iter().zip(expected) {
            match (a, e) {
                (Some(a), Some(e)) => assert!(close(*a, *e), "{actual:?} vs {expected:?}"),
                (None, None) => {}
                _ => panic!("{actual:?} vs {expected:?}"),
            }
        }
    }

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn normalisation_ids_round_trip_and_match_serde() {
        for n in Normalisation::ALL {
            assert_eq!(Normalisation::from_id(n.id()), Some(n));
            assert_eq!(
                serde_json::to_string(&n).unwrap(),
                format!("\"{}\"", n.id())
            );
        }
        assert_eq!(Normalisation::from_id("zscore"), None);
        assert_eq!(Normalisation::from_id(""), None);
    }

    #[test]
    fn zscores_textbook_example() {
        // [2, 4, 4, 4, 5, 5, 7, 9]: sum 40, mean 5.
        // squared deviations 9+1+1+1+0+0+4+16 = 32, /8 = 4 → population sd 2.
        // z(2) = −3/2 = −1.5, z(4) = −0.5, z(5) = 0, z(7) = 1, z(9) = 2.
        let z = zscores(&some(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]));
        assert_eq!(
            z,
            some(&[-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0]),
            "exact in binary floating point"
        );
    }

    #[test]
    fn zscores_missing_constant_single_and_empty() {
        // Missing values are skipped: [1, _, 3] → mean 2, sd 1 → −1, _, 1.
        assert_eq!(
            zscores(&[Some(1.0), None, Some(3.0)]),
            vec![Some(-1.0), None, Some(1.0)]
        );
        // NaN / ∞ count as missing.
        assert_eq!(
            zscores(&[Some(1.0), Some(f64::NAN), Some(3.0), Some(f64::INFINITY)]),
            vec![Some(-1.0), None, Some(1.0), None]
        );
        // Constant column: 0 for every present value, even where the mean is inexact
        // ((0.1 + 0.1 + 0.1) / 3 ≠ 0.1 in binary).
        assert_eq!(
            zscores(&[Some(0.1), Some(0.1), None, Some(0.1)]),
            vec![Some(0.0), Some(0.0), None, Some(0.0)]
        );
        assert_eq!(
            zscores(&[None, Some(7.0), None]),
            vec![None, Some(0.0), None]
        );
        assert_eq!(zscores(&[None, None]), vec![None, None]);
        assert_eq!(zscores(&[]), Vec::<Option<f64>>::new());
    }

    #[test]
    fn percentile_ranks_ties_missing_and_boundaries() {
        // Ranks 1, 2.5, 2.5, 4 of n = 4: (r − 1) / 3 · 100 → 0, 50, 50, 100.
        assert_eq!(
            percentile_ranks(&some(&[10.0, 20.0, 20.0, 30.0])),
            some(&[0.0, 50.0, 50.0, 100.0])
        );
        // Order of the input does not matter; missing values are skipped (n = 3):
        // 30 → rank 3 → 100, 10 → rank 1 → 0, 20 → rank 2 → 50.
        assert_eq!(
            percentile_ranks(&[Some(30.0), None, Some(10.0), Some(20.0)]),
            vec![Some(100.0), None, Some(0.0), Some(50.0)]
        );
        // A three-way tie at the top of 4: ranks 1 and (2+3+4)/3 = 3 → 0 and 2/3·100.
        assert_close_vec(
            &percentile_ranks(&some(&[1.0, 5.0, 5.0, 5.0])),
            &some(&[0.0, 200.0 / 3.0, 200.0 / 3.0, 200.0 / 3.0]),
        );
        // −0 and +0 are the same value.
        assert_eq!(
            percentile_ranks(&some(&[0.0, -0.0, 1.0])),
            some(&[25.0, 25.0, 100.0])
        );
        assert_eq!(percentile_ranks(&[None, Some(4.0)]), vec![None, Some(50.0)]);
        assert_eq!(percentile_ranks(&some(&[3.0, 3.0, 3.0])), some(&[50.0; 3]));
        assert_eq!(percentile_ranks(&[None]), vec![None]);
        assert_eq!(percentile_ranks(&[]), Vec::<Option<f64>>::new());
    }

    #[test]
    fn need_index_two_components_by_hand() {
        // Poverty [10, 20, 30]: mean 20, sd sqrt(200/3) = 8.165 → z = −1.2247, 0, 1.2247.
        // Day care [90, 60, 60] (higher = less need): mean 70, deviations 20, −10, −10,
        // sd sqrt(600/3) = sqrt(200) = 14.142 → z = 1.4142, −0.7071, −0.7071,
        // oriented (negated) → −1.4142, 0.7071, 0.7071.
        // Weights 2 and 1: score = (2·z_p + 1·z_d) / 3.
        let poverty = some(&[10.0, 20.0, 30.0]);
        let daycare = some(&[90.0, 60.0, 60.0]);
        let comps = [
            Component {
                values: &poverty,
                weight: 2.0,
                higher_is_more_need: true,
            },
            Component {
                values: &daycare,
                weight: 1.0,
                higher_is_more_need: false,
            },
        ];
        let idx = need_index(&comps, Normalisation::ZScore).unwrap();
        let zp = 1.5f64.sqrt(); // 10 / sqrt(200/3) = sqrt(1.5) = 1.2247
        let zd = 0.5f64.sqrt(); // 10 / sqrt(200) = 0.7071
        let expected = [
            (2.0 * -zp + -2.0 * zd) / 3.0, // −(2.4495 + 1.4142)/3 = −1.2879
            (0.0 + zd) / 3.0,              //  0.2357
            (2.0 * zp + zd) / 3.0,         //  1.0522
        ];
        assert_close_vec(&idx.scores, &some(&expected));
        assert_eq!(idx.ranks, vec![Some(3), Some(2), Some(1)]);
        assert_eq!(idx.missing, vec![0, 0, 0]);
        // Contributions of district 2: 2·1.2247/3 = 0.8165 and 0.7071/3 = 0.2357.
        assert_close_vec(
            &idx.contributions[2],
            &[Some(2.0 * zp / 3.0), Some(zd / 3.0)],
        );

        // Percentile ranks: poverty 0, 50, 100; day care [90, 60, 60] → 100, 25, 25,
        // mirrored → 0, 75, 75. Scores (2·p + d)/3: 0, (100 + 75)/3 = 58.33, (200 + 75)/3
        // = 91.67.
        let idx = need_index(&comps, Normalisation::PercentileRank).unwrap();
        assert_close_vec(&idx.scores, &some(&[0.0, 175.0 / 3.0, 275.0 / 3.0]));
    }

    #[test]
    fn direction_inversion() {
        let v = some(&[1.0, 2.0, 3.0]);
        let up = |higher_is_more_need| {
            [Component {
                values: &v,
                weight: 1.0,
                higher_is_more_need,
            }]
        };
        // z of [1, 2, 3]: mean 2, sd sqrt(2/3) → ±1.2247; negated when less is more need.
        let more = need_index(&up(true), Normalisation::ZScore).unwrap();
        let less = need_index(&up(false), Normalisation::ZScore).unwrap();
        for (m, l) in more.scores.iter().zip(&less.scores) {
            assert!(close(m.unwrap(), -l.unwrap()));
        }
        assert_eq!(more.ranks, vec![Some(3), Some(2), Some(1)]);
        assert_eq!(less.ranks, vec![Some(1), Some(2), Some(3)]);
        // Percentile: 0, 50, 100 mirrored to 100, 50, 0 (stays on the 0..=100 scale).
        let less = need_index(&up(false), Normalisation::PercentileRank).unwrap();
        assert_eq!(less.scores, some(&[100.0, 50.0, 0.0]));
    }

    #[test]
    fn missing_component_reweights() {
        // Percentile ranks keep the arithmetic exact.
        // A = [10, 20, 30, 40] → 0, 33.3, 66.7, 100.   weight 3
        // B = [ 1,  _,  3,  2] → 0,  _, 100, 50 (n = 3). weight 1
        // District 1 lacks B: score = 3·33.33 / 3 = 33.33 (not (3·33.33 + 0) / 4 = 25).
        // District 3: (3·100 + 1·50) / 4 = 350 / 4 = 87.5.
        let a = some(&[10.0, 20.0, 30.0, 40.0]);
        let b = [Some(1.0), None, Some(3.0), Some(2.0)];
        let comps = [
            Component {
                values: &a,
                weight: 3.0,
                higher_is_more_need: true,
            },
            Component {
                values: &b,
                weight: 1.0,
                higher_is_more_need: true,
            },
        ];
        let idx = need_index(&comps, Normalisation::PercentileRank).unwrap();
        assert_close_vec(
            &idx.scores,
            &some(&[0.0, 100.0 / 3.0, (200.0 + 100.0) / 4.0, 87.5]),
        );
        assert_eq!(idx.missing, vec![0, 1, 0, 0]);
        // District 1's only contribution is the whole score: 3 · 33.33 / 3.
        assert_close_vec(&idx.contributions[1], &[Some(100.0 / 3.0), None]);
        // District 3: 3·100/4 = 75 and 1·50/4 = 12.5, summing to 87.5.
        assert_close_vec(&idx.contributions[3], &[Some(75.0), Some(12.5)]);
        assert_eq!(idx.ranks, vec![Some(4), Some(3), Some(2), Some(1)]);
    }

    #[test]
    fn all_components_missing_gives_no_score() {
        let a = [Some(1.0), None, Some(3.0)];
        let b = [Some(2.0), None, Some(1.0)];
        let comps = [
            Component {
                values: &a,
                weight: 1.0,
                higher_is_more_need: true,
            },
            Component {
                values: &b,
                weight: 1.0,
                higher_is_more_need: true,
            },
        ];
        let idx = need_index(&comps, Normalisation::ZScore).unwrap();
        assert_eq!(idx.scores[1], None);
        assert_eq!(idx.ranks[1], None);
        assert_eq!(idx.missing, vec![0, 2, 0]);
        assert_eq!(idx.contributions[1], vec![None, None]);
    }

    #[test]
    fn contributions_sum_to_score() {
        let mut rng = SplitMix64::new(7);
        let cols: Vec<Vec<Option<f64>>> = (0..4)
            .map(|_| {
                (0..25)
                    .map(|_| {
                        let x = rng.next_f64();
                        (x > 0.15).then_some(x * 100.0)
                    })
                    .collect()
            })
            .collect();
        let comps: Vec<Component> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| Component {
                values: c,
                weight: [1.0, 2.5, 0.5, 4.0][i],
                higher_is_more_need: i % 2 == 0,
            })
            .collect();
        for norm in Normalisation::ALL {
            let idx = need_index(&comps, norm).unwrap();
            for (score, row) in idx.scores.iter().zip(&idx.contributions) {
                let sum: f64 = row.iter().flatten().sum();
                match score {
                    Some(s) => assert!(close(*s, sum), "{s} vs {sum}"),
                    None => assert!(row.iter().all(Option::is_none)),
                }
            }
        }
    }

    #[test]
    fn zero_negative_and_nan_weights_are_ignored() {
        // Only A counts; the others are switched off: same result as A alone, their
        // contributions are None and they never count as "missing".
        let a = some(&[1.0, 2.0, 3.0]);
        let b = [None, Some(9.0), Some(1.0)];
        let with = |w: f64| Component {
            values: &b,
            weight: w,
            higher_is_more_need: true,
        };
        let only_a = [Component {
            values: &a,
            weight: 1.0,
            higher_is_more_need: true,
        }];
        let alone = need_index(&only_a, Normalisation::PercentileRank).unwrap();
        let comps = [
            only_a[0].clone(),
            with(0.0),
            with(-2.0),
            with(f64::NAN),
            with(f64::INFINITY),
        ];
        let idx = need_index(&comps, Normalisation::PercentileRank).unwrap();
        assert_eq!(idx.scores, alone.scores);
        assert_eq!(idx.missing, vec![0, 0, 0]);
        assert_eq!(
            idx.contributions[1],
            vec![Some(50.0), None, None, None, None]
        );
    }

    #[test]
    fn errors() {
        let a = some(&[1.0, 2.0, 3.0]);
        let short = some(&[1.0, 2.0]);
        let comp = |values, weight| Component {
            values,
            weight,
            higher_is_more_need: true,
        };
        assert_eq!(
            need_index(&[], Normalisation::ZScore),
            Err(NeedError::NoComponents)
        );
        assert_eq!(
            need_index(&[comp(&a, 0.0), comp(&a, -1.0)], Normalisation::ZScore),
            Err(NeedError::NoComponents)
        );
        // A length mismatch is an error even in a switched-off component.
        assert_eq!(
            need_index(&[comp(&a, 1.0), comp(&short, 0.0)], Normalisation::ZScore),
            Err(NeedError::LengthMismatch)
        );
        for p in [-0.1, 1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(
                rank_stability(&[comp(&a, 1.0)], Normalisation::ZScore, p, 10, 1, 1, 0.2),
                Err(NeedError::BadPerturbation)
            );
        }
        assert_eq!(
            rank_stability(
                &[comp(&a, 1.0), comp(&short, 1.0)],
                Normalisation::ZScore,
                0.1,
                10,
                1,
                1,
                0.2
            ),
            Err(NeedError::LengthMismatch)
        );
    }

    #[test]
    fn splitmix64_reference_values() {
        // First outputs for seed 0 of Vigna's splitmix64.c.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(r.next_u64(), 0x06C4_5D18_8009_454F);
        for _ in 0..1000 {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
        }
    }

    /// 30 districts × 3 random indicators, the kind of data where ranks near the top do
    /// move with the weights.
    fn random_columns(seed: u64) -> Vec<Vec<Option<f64>>> {
        let mut rng = SplitMix64::new(seed);
        (0..3)
            .map(|_| (0..30).map(|_| Some(rng.next_f64() * 50.0)).collect())
            .collect()
    }

    fn components(cols: &[Vec<Option<f64>>]) -> Vec<Component<'_>> {
        cols.iter()
            .map(|c| Component {
                values: c,
                weight: 1.0,
                higher_is_more_need: true,
            })
            .collect()
    }

    #[test]
    fn stability_is_reproducible_and_seed_dependent() {
        let cols = random_columns(3);
        let comps = components(&cols);
        let run =
            |seed| rank_stability(&comps, Normalisation::ZScore, 0.5, 300, seed, 5, 0.2).unwrap();
        let a = run(42);
        assert_eq!(a, run(42));
        let b = run(43);
        assert_ne!(a.in_top_n, b.in_top_n);
        assert_eq!(a.draws, 300);
        assert_eq!(a.in_top_n.len(), 30);
        // Each draw puts at least 5 districts in the top 5 (more only on ties) and exactly
        // ceil(0.2 · 30) = 6 in the top share (no ties in continuous random data).
        let top_n_total: f64 = a.in_top_n.iter().sum();
        assert!(top_n_total >= 5.0 - 1e-9);
        let share_total: f64 = a.in_top_share.iter().sum();
        assert!(close(share_total, 6.0), "{share_total}");
        assert!(a.in_top_n.iter().all(|f| (0.0..=1.0).contains(f)));
    }

    #[test]
    fn stability_without_perturbation_is_all_or_nothing() {
        let cols = random_columns(11);
        let comps = components(&cols);
        let idx = need_index(&comps, Normalisation::PercentileRank).unwrap();
        let s = rank_stability(&comps, Normalisation::PercentileRank, 0.0, 50, 9, 3, 0.1).unwrap();
        for (d, rank) in idx.ranks.iter().enumerate() {
            let r = rank.unwrap();
            // The unperturbed index decides: top 3, and top ceil(0.1 · 30) = 3.
            assert_eq!(s.in_top_n[d], if r <= 3 { 1.0 } else { 0.0 });
            assert_eq!(s.in_top_share[d], if r <= 3 { 1.0 } else { 0.0 });
        }
    }

    #[test]
    fn dominant_district_is_always_first() {
        // District 2 is the highest in every indicator, so no weighting can unseat it.
        let a = some(&[1.0, 2.0, 9.0, 3.0]);
        let b = some(&[5.0, 1.0, 8.0, 2.0]);
        let c = [Some(0.3), None, Some(0.9), Some(0.1)];
        let cols = vec![a, b, c.to_vec()];
        let comps = components(&cols);
        let s = rank_stability(&comps, Normalisation::ZScore, 0.9, 500, 1, 1, 0.25).unwrap();
        assert_eq!(s.in_top_n, vec![0.0, 0.0, 1.0, 0.0]);
        // Top 25 % of 4 = 1 district.
        assert_eq!(s.in_top_share, vec![0.0, 0.0, 1.0, 0.0]);
    }

    #[test]
    fn stability_boundaries() {
        let cols = random_columns(5);
        let comps = components(&cols);
        // No draws: all zeros, still one entry per district.
        let s = rank_stability(&comps, Normalisation::ZScore, 0.3, 0, 1, 5, 0.2).unwrap();
        assert_eq!(s.in_top_n, vec![0.0; 30]);
        assert_eq!(s.in_top_share, vec![0.0; 30]);
        // top_share clamped; NaN → 0, nobody is in a top 0 %; > 1 → everyone.
        let s = rank_stability(&comps, Normalisation::ZScore, 0.3, 10, 1, 0, f64::NAN).unwrap();
        assert_eq!(s.top_share, 0.0);
        assert_eq!(s.in_top_share, vec![0.0; 30]);
        assert_eq!(s.in_top_n, vec![0.0; 30]);
        let s = rank_stability(&comps, Normalisation::ZScore, 0.3, 10, 1, 100, 7.0).unwrap();
        assert_eq!(s.top_share, 1.0);
        assert_eq!(s.in_top_share, vec![1.0; 30]);
        assert_eq!(s.in_top_n, vec![1.0; 30]);
        // Ties at the boundary all count: two districts tied for first, top 1.
        let tied = some(&[5.0, 5.0, 1.0]);
        let s = rank_stability(
            &components(&[tied]),
            Normalisation::ZScore,
            0.2,
            10,
            1,
            1,
            0.0,
        )
        .unwrap();
        assert_eq!(s.in_top_n, vec![1.0, 1.0, 0.0]);
    }

    #[test]
    fn stability_top_share_rounds_up_without_float_noise() {
        // 0.07 · 100 = 7.000000000000001 in f64; the cut must be 7, not 8.
        // With 0 perturbation exactly the 7 highest-ranked districts count.
        let v: Vec<Option<f64>> = (0..100).map(|i| Some(i as f64)).collect();
        let cols = [v];
        let comps = components(&cols);
        let s = rank_stability(&comps, Normalisation::ZScore, 0.0, 4, 1, 0, 0.07).unwrap();
        assert_eq!(s.in_top_share.iter().sum::<f64>(), 7.0);
        assert_eq!(s.in_top_share[93..], [1.0; 7]);
        // 0.071 · 100 = 7.1 → ceil → 8.
        let s = rank_stability(&comps, Normalisation::ZScore, 0.0, 4, 1, 0, 0.071).unwrap();
        assert_eq!(s.in_top_share.iter().sum::<f64>(), 8.0);
    }
}
