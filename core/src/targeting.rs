//! Targeting: from the dataset and the planner's settings to a need index, child-cohort
//! estimates, supply per district and an allocation. Glue over [`crate::need`],
//! [`crate::supply`], [`crate::bivariate`] and [`crate::allocation`], shared by the app and
//! the tests.

use crate::choropleth::indicator_years;
use crate::manifest::{Cohort, Direction, NeedComponent};
use crate::need::{need_index, Component, NeedError, NeedIndex, Normalisation};
use crate::prepared::PreparedMap;
use crate::supply::estimated_children;
use crate::{Dataset, IndicatorId};

/// One indicator as the planner set it in the need index.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedSetting {
    pub indicator: IndicatorId,
    pub weight: f64,
    pub higher_is_more_need: bool,
    pub enabled: bool,
}

/// Settings for every indicator of the dataset: those in `components` enabled with their
/// weight and direction, the others disabled (weight 1, the indicator's own direction) so
/// that the planner can add them.
pub fn settings_from(dataset: &Dataset, components: &[NeedComponent]) -> Vec<NeedSetting> {
    dataset
        .manifest
        .indicators
        .iter()
        .map(|ind| {
            let c = components.iter().find(|c| c.indicator == ind.id);
            let direction = c.and_then(|c| c.direction).unwrap_or(ind.direction);
            NeedSetting {
                indicator: ind.id.clone(),
                weight: c.map_or(1.0, |c| c.weight),
                higher_is_more_need: direction != Direction::LowerIsMoreNeed,
                enabled: c.is_some(),
            }
        })
        .collect()
}

/// The year whose values stand in for `year`: the year itself when the indicator has it,
/// else the latest earlier year, else its earliest year. (Dortmund's Gymnasium
/// recommendation exists for 2018 only, so a 2024 index uses its 2018 values — the UI
/// names the year used for every component.)
pub fn year_for(dataset: &Dataset, indicator: &IndicatorId, year: u16) -> Option<u16> {
    let years = indicator_years(dataset, indicator);
    if years.contains(&year) {
        return Some(year);
    }
    years
        .iter()
        .rev()
        .find(|&&y| y < year)
        .or(years.first())
        .copied()
}

/// A computed need index with the year each enabled component used.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedResult {
    pub index: NeedIndex,
    /// The enabled settings in the order of `index.contributions`, with the year used.
    pub components: Vec<(NeedSetting, u16)>,
}

/// The need index for `year` from the enabled settings.
pub fn compute_need(
    dataset: &Dataset,
    settings: &[NeedSetting],
    normalisation: Normalisation,
    year: u16,
) -> Result<NeedResult, NeedError> {
    let used: Vec<(NeedSetting, u16)> = settings
        .iter()
        .filter(|s| s.enabled && s.weight > 0.0 && s.weight.is_finite())
        .filter_map(|s| Some((s.clone(), year_for(dataset, &s.indicator, year)?)))
        .collect();
    let components: Vec<Component> = used
        .iter()
        .filter_map(|(s, y)| {
            Some(Component {
                values: dataset.column(&s.indicator, *y)?,
                weight: s.weight,
                higher_is_more_need: s.higher_is_more_need,
            })
        })
        .collect();
    let index = need_index(&components, normalisation)?;
    Ok(NeedResult {
        index,
        components: used,
    })
}

/// Children of a cohort per district, estimated (the data holds shares, not counts):
/// Σ over the cohort's shares of density [residents/ha] × area [km²] × 100 × share [%] / 100
/// × fraction. `None` where an input is missing.
pub fn cohort_children(
    dataset: &Dataset,
    map: &PreparedMap,
    density: &IndicatorId,
    cohort: &Cohort,
    year: u16,
) -> Vec<Option<f64>> {
    let n = dataset.districts.len();
    let column = |id: &IndicatorId| {
        year_for(dataset, id, year)
            .and_then(|y| dataset.column(id, y))
            .cloned()
            .unwrap_or_else(|| vec![None; n])
    };
    let density = column(density);
    let shares: Vec<(Vec<Option<f64>>, f64)> = cohort
        .shares
        .iter()
        .map(|s| (column(&s.indicator), s.fraction))
        .collect();
    (0..n)
        .map(|i| {
            shares.iter().try_fold(0.0, |sum, (col, fraction)| {
                estimated_children(density[i], map.districts[i].area_km2, col[i])
                    .map(|c| sum + c * fraction)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tests::sample;
    use crate::manifest::CohortShare;

    #[test]
    fn year_for_falls_back_to_the_latest_earlier_year() {
        let d = sample(); // `pov` has 2018 and 2024
        let pov = IndicatorId("pov".into());
        assert_eq!(year_for(&d, &pov, 2024), Some(2024));
        assert_eq!(year_for(&d, &pov, 2020), Some(2018));
        assert_eq!(year_for(&d, &pov, 2000), Some(2018));
        assert_eq!(year_for(&d, &IndicatorId("x".into()), 2024), None);
    }

    #[test]
    fn settings_enable_exactly_the_listed_components() {
        let d = sample();
        let s = settings_from(
            &d,
            &[NeedComponent {
                indicator: IndicatorId("pov".into()),
                weight: 2.0,
                direction: Some(Direction::LowerIsMoreNeed),
            }],
        );
        assert_eq!(s.len(), 1);
        assert!(s[0].enabled && s[0].weight == 2.0 && !s[0].higher_is_more_need);
    }

    #[test]
    fn one_component_index_ranks_like_its_indicator() {
        let d = sample();
        let s = settings_from(
            &d,
            &[NeedComponent {
                indicator: IndicatorId("pov".into()),
                weight: 1.0,
                direction: None,
            }],
        );
        let r = compute_need(&d, &s, Normalisation::ZScore, 2024).unwrap();
        // pov 2024: 12 and 30.25 → Ost has the higher need.
        assert_eq!(r.index.ranks, vec![Some(2), Some(1)]);
        assert_eq!(r.components[0].1, 2024);
    }

    #[test]
    fn cohort_children_multiplies_density_area_share_and_fraction() {
        // The sample has no density indicator: the estimate is honestly "unknown".
        let d = sample();
        let m = PreparedMap::new(&d);
        let cohort = Cohort {
            shares: vec![CohortShare {
                indicator: IndicatorId("pov".into()),
                fraction: 0.5,
            }],
            label: Default::default(),
        };
        let c = cohort_children(&d, &m, &IndicatorId("density".into()), &cohort, 2024);
        assert_eq!(c, vec![None, None]);
        // With pov as a stand-in "density" (12 /ha in West, area ≈ 77.8 km²) and pov as the
        // share (12 %): 12 × 7 780 ha × 12 % × ½ ≈ 5 602.
        let c = cohort_children(&d, &m, &IndicatorId("pov".into()), &cohort, 2024);
        let expected = 12.0 * m.districts[0].area_km2 * 100.0 * 0.12 * 0.5;
        assert!((c[0].unwrap() - expected).abs() < 1e-6);
        assert!((c[0].unwrap() - 5602.0).abs() < 60.0);
    }
}
