//! From a dataset and the user's choices to one fill colour per district, the legend and
//! the ranks: the whole "what colour is this district" decision, in one pure function.

use crate::classify::{breaks, Breaks, Method};
use crate::dataset::{Column, Dataset};
use crate::manifest::{Direction, IndicatorId};
use crate::palette::{class_colors, Palette, PaletteKind, Rgb, NO_DATA};
use crate::stats::{change, median, ranks, with_nan};

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewMode {
    /// The indicator's value in one year.
    Value,
    /// The change from the indicator's first to its last year (percentage points for %).
    Change,
}

/// Everything the user chose that decides the colours.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub indicator: IndicatorId,
    pub year: u16,
    pub mode: ViewMode,
    pub method: Method,
    pub classes: usize,
    /// Sequential palette for values, diverging palette for change.
    pub palette: Palette,
}

/// The computed map: per district value, class, colour and rank; per class range, colour
/// and count.
#[derive(Debug, Clone, PartialEq)]
pub struct Choropleth {
    pub spec: Spec,
    /// The years compared in change mode (`from`, `to`); in value mode both are `spec.year`.
    pub years: (u16, u16),
    pub values: Column,
    pub breaks: Option<Breaks>,
    pub class_colors: Vec<Rgb>,
    pub class_counts: Vec<usize>,
    pub no_data_count: usize,
    /// Class per district, `None` = no value.
    pub class_of: Vec<Option<usize>>,
    pub fills: Vec<Rgb>,
    /// 1 = most need (largest increase of need in change mode).
    pub ranks: Vec<Option<usize>>,
    pub median: Option<f64>,
    pub direction: Direction,
    /// Districts whose value was withheld by small-number protection (shown as
    /// "geschützt", never as "no data" and never with a value).
    pub suppressed: Vec<bool>,
}

/// The years an indicator has, sorted.
pub fn indicator_years(dataset: &Dataset, indicator: &IndicatorId) -> Vec<u16> {
    let mut years: Vec<u16> = dataset
        .values
        .keys()
        .filter(|(id, _)| id == indicator)
        .map(|(_, y)| *y)
        .collect();
    years.sort_unstable();
    years
}

/// Compute the map for `spec`. Never panics: an unknown indicator or year gives a map in
/// which every district has "no data".
pub fn compute(dataset: &Dataset, spec: &Spec) -> Choropleth {
    let n = dataset.districts.len();
    let direction = dataset
        .manifest
        .indicator(&spec.indicator)
        .map(|i| i.direction)
        .unwrap_or(Direction::Neutral);
    let years = indicator_years(dataset, &spec.indicator);
    let empty = vec![None; n];
    let column = |y: u16| dataset.column(&spec.indicator, y).unwrap_or(&empty);
    let (values, span) = match (spec.mode, years.first(), years.last()) {
        (ViewMode::Change, Some(&from), Some(&to)) if from != to => {
            (change(column(from), column(to)), (from, to))
        }
        (ViewMode::Change, _, _) => (empty.clone(), (spec.year, spec.year)),
        (ViewMode::Value, _, _) => (column(spec.year).clone(), (spec.year, spec.year)),
    };
    let mut c = classify_values(spec, span, values, direction);
    c.suppressed = (0..n)
        .map(|i| dataset.is_suppressed(i, span.0) || dataset.is_suppressed(i, span.1))
        .collect();
    c
}

/// Classify and colour any per-district values (an indicator, a need score, an
/// allocation): the shared second half of [`compute`]. `direction` orients palette and ranks.
pub fn classify_values(
    spec: &Spec,
    years: (u16, u16),
    values: Column,
    direction: Direction,
) -> Choropleth {
    let breaks = breaks(&with_nan(&values), spec.method, spec.classes).ok();
    let k = breaks.as_ref().map_or(0, Breaks::class_count);
    let class_colors = match (&breaks, spec.mode) {
        (Some(b), ViewMode::Change) => diverging_colors(b, spec.palette, direction),
        (Some(_), ViewMode::Value) => class_colors(spec.palette, k, direction.higher_first()),
        (None, _) => Vec::new(),
    };
    let class_of: Vec<Option<usize>> = values
        .iter()
        .map(|v| v.and_then(|v| breaks.as_ref()?.class_of(v)))
        .collect();
    let fills = class_of
        .iter()
        .map(|c| {
            c.and_then(|c| class_colors.get(c).copied())
                .unwrap_or(NO_DATA)
        })
        .collect();
    let mut class_counts = vec![0; k];
    for c in class_of.iter().flatten() {
        class_counts[*c] += 1;
    }
    Choropleth {
        spec: spec.clone(),
        years,
        no_data_count: class_of.iter().filter(|c| c.is_none()).count(),
        ranks: ranks(&values, direction.higher_first()),
        median: median(&values),
        suppressed: vec![false; values.len()],
        values,
        breaks,
        class_colors,
        class_counts,
        class_of,
        fills,
        direction,
    }
}

/// Colours for change classes, centred on zero: each class takes the colour of its midpoint
/// on a diverging scale from −m to +m, m = the largest absolute change, and a class that
/// straddles zero takes the neutral middle colour. An increase in need is drawn in the warm,
/// dark end (for "lower is more need" indicators a *decrease* is).
fn diverging_colors(b: &Breaks, palette: Palette, direction: Direction) -> Vec<Rgb> {
    let palette = if palette.kind() == PaletteKind::Diverging {
        palette
    } else {
        Palette::RdBu
    };
    // ColorBrewer diverging schemes run from the warm end (index 0) to the cool end.
    let mut scale = palette.colors(11);
    if direction.higher_first() {
        // Positive change = more need → warm end on the positive side.
        scale.reverse();
    }
    let (lo, hi) = (b.bounds[0], *b.bounds.last().unwrap());
    let m = lo.abs().max(hi.abs()).max(f64::MIN_POSITIVE);
    let middle = scale.len() / 2;
    b.bounds
        .windows(2)
        .map(|w| {
            if w[0] < 0.0 && w[1] > 0.0 {
                return scale[middle];
            }
            let t = ((w[0] + w[1]) / 2.0 / m).clamp(-1.0, 1.0); // −1 … 1
            let i = ((t + 1.0) / 2.0 * (scale.len() - 1) as f64).round() as usize;
            scale[i]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tests::sample;

    fn spec(mode: ViewMode) -> Spec {
        Spec {
            indicator: IndicatorId("pov".into()),
            year: 2024,
            mode,
            method: Method::EqualInterval,
            classes: 3,
            palette: Palette::YlOrRd,
        }
    }

    #[test]
    fn value_mode_colours_and_ranks() {
        // pov 2024: West 12, Ost 30.25 → Ost darker and rank 1.
        let c = compute(&sample(), &spec(ViewMode::Value));
        assert_eq!(c.values, vec![Some(12.0), Some(30.25)]);
        assert_eq!(c.ranks, vec![Some(2), Some(1)]);
        assert!(c.fills[1].luminance() < c.fills[0].luminance());
        assert_eq!(c.class_counts.iter().sum::<usize>(), 2);
        assert_eq!(c.no_data_count, 0);
    }

    #[test]
    fn missing_values_get_the_no_data_fill() {
        let mut s = spec(ViewMode::Value);
        s.year = 2018; // Ost has no 2018 value
        let c = compute(&sample(), &s);
        assert_eq!(c.fills[1], NO_DATA);
        assert_eq!(c.no_data_count, 1);
        assert_eq!(c.ranks[1], None);
    }

    #[test]
    fn change_mode_is_the_difference_first_to_last_year() {
        // West 10.5 → 12 = +1.5; Ost has no 2018 value → no change.
        let c = compute(&sample(), &spec(ViewMode::Change));
        assert_eq!(c.years, (2018, 2024));
        assert_eq!(c.values, vec![Some(1.5), None]);
    }

    #[test]
    fn unknown_indicator_is_all_no_data_not_a_panic() {
        let mut s = spec(ViewMode::Value);
        s.indicator = IndicatorId("nope".into());
        let c = compute(&sample(), &s);
        assert!(c.breaks.is_none());
        assert_eq!(c.no_data_count, 2);
    }

    #[test]
    fn withheld_values_are_marked_suppressed_in_both_modes() {
        let mut d = sample();
        d.suppressed.insert(2018, vec![false, true]);
        let mut s = spec(ViewMode::Value);
        s.year = 2018;
        assert_eq!(compute(&d, &s).suppressed, vec![false, true]);
        s.year = 2024;
        assert_eq!(compute(&d, &s).suppressed, vec![false, false]);
        // A change involving a withheld year is withheld too.
        assert_eq!(
            compute(&d, &spec(ViewMode::Change)).suppressed,
            vec![false, true]
        );
    }

    #[test]
    fn diverging_classes_are_centred_on_zero() {
        let b = Breaks {
            method: Method::EqualInterval,
            bounds: vec![-4.0, -2.0, 2.0, 4.0],
        };
        let colors = diverging_colors(&b, Palette::RdBu, Direction::HigherIsMoreNeed);
        let scale = Palette::RdBu.colors(11);
        // The class across zero is the neutral middle; the positive class is at the red end.
        assert_eq!(colors[1], scale[5]);
        assert_eq!(colors[2], scale[1]);
        assert_eq!(colors[0], scale[9]);
    }
}
