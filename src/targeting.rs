//! App state of the targeting views (need index, supply, priorities, allocation): the
//! planner's settings as signals, everything derived as memos over the pure core.

use crate::load::Loaded;
use crate::state::{AllocationUnit, Shared, SupplyMeasure};
use atlas_core::allocation::{allocate, euros_to_cents, Allocation};
use atlas_core::manifest::{Cohort, Targeting as TargetingConfig};
use atlas_core::need::{rank_stability, Component, Normalisation, Stability};
use atlas_core::supply::{default_radius_m, supply_for_category, SupplyStats};
use atlas_core::targeting::{
    cohort_children, compute_need, settings_from, NeedResult, NeedSetting,
};
use atlas_core::CategoryId;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Coverage is sampled on a grid of this many metres (see `supply::coverage_share`).
pub const COVERAGE_CELL_M: f64 = 50.0;
/// Rank stability: weights perturbed by up to ±20 %, 1,000 seeded draws.
pub const STABILITY_PERTURBATION: f64 = 0.2;
pub const STABILITY_DRAWS: usize = 1000;
pub const STABILITY_SEED: u64 = 20_241_122;
pub const STABILITY_TOP_N: usize = 10;
pub const STABILITY_TOP_SHARE: f64 = 0.2;
/// Allocation defaults: 40 places; only districts at or above the median need get any
/// ("put resources where need is highest"); the planner can lower the threshold to 0.
pub const DEFAULT_TOTAL: f64 = 40.0;
pub const DEFAULT_THRESHOLD: f64 = 50.0;

/// An allocation with what went into it, for the table, the map and the CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationResult {
    pub allocation: Allocation,
    /// Weight per district: (need score − lowest score) × estimated children.
    pub weights: Vec<f64>,
    pub eligible: Vec<bool>,
    pub unit: AllocationUnit,
    pub total_units: u64,
}

#[derive(Clone, Copy)]
pub struct Targeting {
    pub stage: RwSignal<Option<String>>,
    pub settings: RwSignal<Vec<NeedSetting>>,
    pub normalisation: RwSignal<Normalisation>,
    pub category: RwSignal<Option<CategoryId>>,
    pub radius: RwSignal<BTreeMap<CategoryId, f64>>,
    pub measure: RwSignal<SupplyMeasure>,
    pub unit: RwSignal<AllocationUnit>,
    pub total: RwSignal<f64>,
    pub minimum: RwSignal<f64>,
    /// Districts whose need score is below this percentile of all scores get nothing.
    pub threshold: RwSignal<f64>,
    pub need: Memo<Option<Shared<NeedResult>>>,
    pub need_error: Memo<Option<String>>,
    pub children: Memo<Option<Shared<Vec<Option<f64>>>>>,
    pub supply: Memo<Option<Shared<Vec<SupplyStats>>>>,
    pub supply_values: Memo<Option<Shared<Vec<Option<f64>>>>>,
    pub stability: Memo<Option<Shared<Stability>>>,
    pub allocation: Memo<Option<Shared<AllocationResult>>>,
}

pub fn config(d: &Loaded) -> Option<&TargetingConfig> {
    d.dataset.manifest.targeting.as_ref()
}

impl Targeting {
    pub fn new(data: Memo<Option<Shared<Loaded>>>, year: RwSignal<u16>) -> Targeting {
        let stage = RwSignal::new(None::<String>);
        let settings = RwSignal::new(Vec::<NeedSetting>::new());
        let normalisation = RwSignal::new(Normalisation::ZScore);
        let category = RwSignal::new(None::<CategoryId>);
        let radius = RwSignal::new(BTreeMap::<CategoryId, f64>::new());
        let measure = RwSignal::new(SupplyMeasure::Per1000Children);
        let unit = RwSignal::new(AllocationUnit::Places);
        let total = RwSignal::new(DEFAULT_TOTAL);
        let minimum = RwSignal::new(0.0);
        let threshold = RwSignal::new(DEFAULT_THRESHOLD);

        let need_result = Memo::new(move |_| {
            let d = data.get()?;
            Some(
                compute_need(
                    &d.0.dataset,
                    &settings.get(),
                    normalisation.get(),
                    year.get(),
                )
                .map(|r| Shared(Arc::new(r)))
                .map_err(|e| e.to_string()),
            )
        });
        let need = Memo::new(move |_| need_result.get()?.ok());
        let need_error = Memo::new(move |_| need_result.get()?.err());
        let cohort = move |d: &Loaded| -> Option<Cohort> {
            let t = config(d)?;
            let id = stage.get();
            Some(
                t.stages
                    .iter()
                    .find(|s| Some(&s.id) == id.as_ref())
                    .map(|s| s.cohort.clone())
                    .unwrap_or_else(|| t.cohort.clone()),
            )
        };
        let children = Memo::new(move |_| {
            let d = data.get()?;
            let t = config(&d.0)?;
            let c = cohort(&d.0)?;
            Some(Shared(Arc::new(cohort_children(
                &d.0.dataset,
                &d.0.map,
                &t.density_indicator,
                &c,
                year.get(),
            ))))
        });
        let supply = Memo::new(move |_| {
            let d = data.get()?;
            let cat = category.get()?;
            let r = radius
                .with(|m| m.get(&cat).copied())
                .unwrap_or_else(|| default_radius_m(&cat.0));
            let kids = children
                .get()
                .map(|c| c.0.as_ref().clone())
                .unwrap_or_default();
            Some(Shared(Arc::new(supply_for_category(
                &d.0.map,
                &d.0.dataset,
                &cat,
                &kids,
                r,
                COVERAGE_CELL_M,
            ))))
        });
        let supply_values = Memo::new(move |_| {
            let s = supply.get()?;
            let m = measure.get();
            Some(Shared(Arc::new(
                s.0.iter()
                    .map(|x| match m {
                        SupplyMeasure::Per1000Children => x.per_1000_children,
                        SupplyMeasure::Coverage => Some(x.coverage_share * 100.0),
                        SupplyMeasure::PerKm2 => Some(x.per_km2),
                        SupplyMeasure::Count => Some(x.count as f64),
                    })
                    .collect::<Vec<_>>(),
            )))
        });
        let stability = Memo::new(move |_| {
            let d = data.get()?;
            let r = need.get()?;
            let components: Vec<Component> =
                r.0.components
                    .iter()
                    .filter_map(|(s, y)| {
                        Some(Component {
                            values: d.0.dataset.column(&s.indicator, *y)?,
                            weight: s.weight,
                            higher_is_more_need: s.higher_is_more_need,
                        })
                    })
                    .collect();
            rank_stability(
                &components,
                normalisation.get(),
                STABILITY_PERTURBATION,
                STABILITY_DRAWS,
                STABILITY_SEED,
                STABILITY_TOP_N,
                STABILITY_TOP_SHARE,
            )
            .ok()
            .map(|s| Shared(Arc::new(s)))
        });
        let allocation = Memo::new(move |_| {
            let r = need.get()?;
            let kids = children.get()?;
            let scores = &r.0.index.scores;
            let lowest = scores
                .iter()
                .flatten()
                .copied()
                .fold(f64::INFINITY, f64::min);
            // Percentile of each score among all scores, for the threshold.
            let present: Vec<f64> = scores.iter().flatten().copied().collect();
            let percentile = |v: f64| {
                100.0 * present.iter().filter(|&&o| o < v).count() as f64
                    / present.len().max(1) as f64
            };
            let cut = threshold.get();
            let eligible: Vec<bool> = scores
                .iter()
                .zip(kids.0.iter())
                .map(|(s, c)| matches!((s, c), (Some(s), Some(_)) if percentile(*s) >= cut))
                .collect();
            let weights: Vec<f64> = scores
                .iter()
                .zip(kids.0.iter())
                .map(|(s, c)| match (s, c) {
                    (Some(s), Some(c)) => (s - lowest).max(0.0) * c,
                    _ => 0.0,
                })
                .collect();
            let u = unit.get();
            let to_units = |v: f64| match u {
                AllocationUnit::Places => Some(v.max(0.0).round() as u64),
                AllocationUnit::Euros => euros_to_cents(v).ok(),
            };
            let total_units = to_units(total.get())?;
            let minimum_units = to_units(minimum.get()).unwrap_or(0);
            let allocation = allocate(&weights, &eligible, total_units, minimum_units).ok()?;
            Some(Shared(Arc::new(AllocationResult {
                allocation,
                weights,
                eligible,
                unit: u,
                total_units,
            })))
        });
        Targeting {
            stage,
            settings,
            normalisation,
            category,
            radius,
            measure,
            unit,
            total,
            minimum,
            threshold,
            need,
            need_error,
            children,
            supply,
            supply_values,
            stability,
            allocation,
        }
    }

    /// Defaults for a freshly loaded dataset: the manifest's need index, no stage, the
    /// first visible service category for supply.
    pub fn reset(&self, loaded: &Loaded) {
        let d = &loaded.dataset;
        self.stage.set(None);
        match config(loaded) {
            Some(t) => self.settings.set(settings_from(d, &t.need_index)),
            None => self.settings.set(settings_from(d, &[])),
        }
        let first = d
            .manifest
            .service_categories
            .iter()
            .find(|c| c.visible_by_default)
            .or(d.manifest.service_categories.first())
            .map(|c| c.id.clone());
        self.category.set(first);
        self.radius.set(BTreeMap::new());
        self.normalisation.set(Normalisation::ZScore);
        self.measure.set(SupplyMeasure::Per1000Children);
        self.unit.set(AllocationUnit::Places);
        self.total.set(DEFAULT_TOTAL);
        self.minimum.set(0.0);
        self.threshold.set(DEFAULT_THRESHOLD);
    }
}
