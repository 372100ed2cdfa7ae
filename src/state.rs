//! The one app state, created at the root and provided by context. Components read what
//! they need through [`use_app_state`]; derived values that several components read are
//! `Memo`s here, computed once per change.

use crate::i18n::LoadError;
use crate::load::Loaded;
use crate::targeting::Targeting;
use atlas_core::bivariate::{terciles, BIVARIATE};
use atlas_core::choropleth::{self, classify_values, Choropleth, Spec, ViewMode};
use atlas_core::classify::Method;
use atlas_core::manifest::Direction;
use atlas_core::palette::Palette;
use atlas_core::projection::Viewport;
use atlas_core::{CategoryId, DistrictId, IndicatorId, Lang};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Where the dataset is in its life.
#[derive(Debug, Clone)]
pub enum LoadState {
    Loading,
    Ready(Arc<Loaded>),
    Failed(LoadError),
}

/// Pointer target for the tooltip: a district or a service, with the pointer position in
/// CSS pixels relative to the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HoverTarget {
    District(DistrictId),
    Service(usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hover {
    pub target: HoverTarget,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Details,
    Table,
    /// Need ranking, priorities or allocation, by the analysis.
    Ranking,
}

/// What the map colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysis {
    /// One indicator (value or change).
    Indicator,
    /// The need index.
    Need,
    /// Need tercile × supply tercile.
    Priorities,
    /// Units allocated by need × children.
    Allocation,
}

/// Which supply figure the priorities compare need against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyMeasure {
    Per1000Children,
    Coverage,
    PerKm2,
    Count,
}

/// What is being allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocationUnit {
    /// Whole places or posts.
    Places,
    /// Euros, split to the cent.
    Euros,
}

/// Table sort column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortColumn {
    Key,
    Name,
    Value,
    Rank,
    Change,
    Services(CategoryId),
}

/// Compare `Arc`s by identity: a new load is a new dataset even if equal.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);
impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}
impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub load: RwSignal<LoadState>,
    pub indicator: RwSignal<Option<IndicatorId>>,
    pub year: RwSignal<u16>,
    pub mode: RwSignal<ViewMode>,
    pub method: RwSignal<Method>,
    pub classes: RwSignal<usize>,
    pub sequential_palette: RwSignal<Palette>,
    pub diverging_palette: RwSignal<Palette>,
    pub selected: RwSignal<Option<DistrictId>>,
    pub hover: RwSignal<Option<Hover>>,
    pub layers: RwSignal<BTreeSet<CategoryId>>,
    pub tab: RwSignal<Tab>,
    pub sort: RwSignal<(SortColumn, bool)>,
    pub viewport: RwSignal<Option<Viewport>>,
    pub analysis: RwSignal<Analysis>,
    pub targeting: Targeting,
    /// The deployment's dataset catalogue (None: no catalogue, a single dataset).
    pub catalog: RwSignal<Option<atlas_core::catalog::Catalog>>,
    /// Catalogue id of the dataset on screen, when it has one.
    pub dataset_id: RwSignal<Option<String>>,
    /// A dataset switch that failed; the previous dataset stays.
    pub switch_error: RwSignal<Option<LoadError>>,
    pub switching: RwSignal<bool>,
    /// Mark the manifest's highlighted areas (model municipalities).
    pub show_highlight: RwSignal<bool>,
    /// Only services whose value lies in this range are drawn (None = all).
    pub service_range: RwSignal<Option<(f64, f64)>>,
    /// A map view from the URL, applied once the map has been fitted to its size.
    pub pending_map: RwSignal<Option<atlas_core::permalink::MapView>>,
    /// URL parameters that could not be used, shown as a notice.
    pub url_notices: RwSignal<Vec<atlas_core::permalink::Ignored>>,
    /// The next URL write replaces the history entry (after Back/Forward restored a view).
    pub url_replace_next: RwSignal<bool>,
    /// Show the deployment's background map, when one is configured.
    pub basemap_on: RwSignal<bool>,
    /// Counts arrived background tiles (the map redraws on each).
    pub tile_tick: RwSignal<u32>,
    /// The "own data" dialog is open.
    pub import_open: RwSignal<bool>,
    /// Datasets imported into this browser (IndexedDB), newest first.
    pub local_datasets: RwSignal<Vec<atlas_core::import::stored::StoredMeta>>,
    /// The loaded dataset, if any.
    pub data: Memo<Option<Shared<Loaded>>>,
    /// The map as coloured now.
    pub choropleth: Memo<Option<Shared<Choropleth>>>,
    /// The 2018→2024 change of the current indicator (for table and tooltip), whatever the
    /// view mode.
    pub change: Memo<Option<Shared<Choropleth>>>,
}

impl AppState {
    pub fn new(lang: Lang) -> AppState {
        let load = RwSignal::new(LoadState::Loading);
        let indicator = RwSignal::new(None::<IndicatorId>);
        let year = RwSignal::new(0u16);
        let mode = RwSignal::new(ViewMode::Value);
        let method = RwSignal::new(Method::Quantile);
        let classes = RwSignal::new(5usize);
        let sequential_palette = RwSignal::new(Palette::YlOrRd);
        let diverging_palette = RwSignal::new(Palette::RdBu);
        let data = Memo::new(move |_| match load.get() {
            LoadState::Ready(l) => Some(Shared(l)),
            _ => None,
        });
        let spec = move |mode: ViewMode| -> Option<Spec> {
            Some(Spec {
                indicator: indicator.get()?,
                year: year.get(),
                mode,
                method: method.get(),
                classes: classes.get(),
                palette: match mode {
                    ViewMode::Value => sequential_palette.get(),
                    ViewMode::Change => diverging_palette.get(),
                },
            })
        };
        let analysis = RwSignal::new(Analysis::Indicator);
        let targeting = Targeting::new(data, year);
        // A value map of something that is not an indicator (need score, allocation).
        let derived_spec = move |id: &str| Spec {
            indicator: IndicatorId(id.into()),
            year: year.get(),
            mode: ViewMode::Value,
            method: method.get(),
            classes: classes.get(),
            palette: sequential_palette.get(),
        };
        let choropleth = Memo::new(move |_| {
            let d = data.get()?;
            let y = year.get();
            let c = match analysis.get() {
                Analysis::Indicator => choropleth::compute(&d.0.dataset, &spec(mode.get())?),
                Analysis::Need => {
                    let need = targeting.need.get()?;
                    classify_values(
                        &derived_spec(NEED_INDEX_ID),
                        (y, y),
                        need.0.index.scores.clone(),
                        Direction::HigherIsMoreNeed,
                    )
                }
                Analysis::Allocation => {
                    let a = targeting.allocation.get()?;
                    let values =
                        a.0.allocation
                            .units
                            .iter()
                            .zip(&a.0.eligible)
                            .map(|(u, e)| e.then_some(*u as f64))
                            .collect();
                    // Natural breaks whatever the chosen method: an allocation is mostly zeros
                    // and small integers, where quantile bounds collapse into one class.
                    let spec = Spec {
                        method: Method::NaturalBreaks,
                        ..derived_spec(ALLOCATION_ID)
                    };
                    classify_values(&spec, (y, y), values, Direction::HigherIsMoreNeed)
                }
                Analysis::Priorities => {
                    let need = targeting.need.get()?;
                    let supply = targeting.supply_values.get()?;
                    bivariate_map(
                        &derived_spec(PRIORITIES_ID),
                        y,
                        &need.0.index.scores,
                        &supply.0,
                    )
                }
            };
            // Values withheld by small-number protection stay withheld in every derived map.
            let mut c = c;
            if analysis.get() != Analysis::Indicator {
                c.suppressed = (0..d.0.dataset.districts.len())
                    .map(|i| d.0.dataset.is_suppressed(i, y))
                    .collect();
            }
            Some(Shared(Arc::new(c)))
        });
        let change = Memo::new(move |_| {
            let d = data.get()?;
            let spec = spec(ViewMode::Change)?;
            Some(Shared(Arc::new(choropleth::compute(&d.0.dataset, &spec))))
        });
        AppState {
            lang: RwSignal::new(lang),
            load,
            indicator,
            year,
            mode,
            method,
            classes,
            sequential_palette,
            diverging_palette,
            selected: RwSignal::new(None),
            hover: RwSignal::new(None),
            layers: RwSignal::new(BTreeSet::new()),
            tab: RwSignal::new(Tab::Details),
            sort: RwSignal::new((SortColumn::Rank, false)),
            viewport: RwSignal::new(None),
            analysis,
            targeting,
            catalog: RwSignal::new(None),
            dataset_id: RwSignal::new(None),
            switch_error: RwSignal::new(None),
            switching: RwSignal::new(false),
            show_highlight: RwSignal::new(true),
            service_range: RwSignal::new(None),
            pending_map: RwSignal::new(None),
            url_notices: RwSignal::new(Vec::new()),
            url_replace_next: RwSignal::new(false),
            basemap_on: RwSignal::new(true),
            tile_tick: RwSignal::new(0),
            import_open: RwSignal::new(false),
            local_datasets: RwSignal::new(Vec::new()),
            data,
            choropleth,
            change,
        }
    }

    /// Set the state a freshly loaded dataset starts with (from its manifest).
    pub fn dataset_loaded(&self, loaded: Arc<Loaded>) {
        self.load.set(LoadState::Ready(loaded));
        self.reset_view();
        self.switch_error.set(None);
    }

    /// Every choice back to the loaded dataset's defaults (a link then applies its own on
    /// top, so that a parameter missing from a link means "default", never "as before").
    pub fn reset_view(&self) {
        let Some(loaded) = self.data.get_untracked() else {
            return;
        };
        let m = &loaded.0.dataset.manifest;
        self.indicator.set(Some(m.default_indicator.clone()));
        self.year.set(m.default_year);
        self.mode.set(ViewMode::Value);
        self.method.set(Method::Quantile);
        self.classes.set(5);
        self.sequential_palette.set(Palette::YlOrRd);
        self.diverging_palette.set(Palette::RdBu);
        self.layers.set(
            m.service_categories
                .iter()
                .filter(|c| c.visible_by_default)
                .map(|c| c.id.clone())
                .collect(),
        );
        self.selected.set(None);
        self.viewport.set(None);
        self.analysis.set(Analysis::Indicator);
        self.targeting.reset(&loaded.0);
        self.service_range.set(None);
        self.hover.set(None);
    }

    /// Is service `i` drawn: its category is on and its value (if filtered) in range.
    pub fn service_visible(&self, loaded: &Loaded, i: usize) -> bool {
        let s = &loaded.dataset.services[i];
        self.layers.with_untracked(|l| l.contains(&s.category))
            && self.service_range.with_untracked(|r| match (r, s.value) {
                (None, _) => true,
                (Some((lo, hi)), Some(v)) => v >= *lo && v <= *hi,
                (Some(_), None) => false,
            })
    }

    /// Switch indicator, keeping the year when the indicator has it, otherwise taking its
    /// latest year; change view falls back to values when the indicator has one year only.
    pub fn choose_indicator(&self, id: IndicatorId) {
        if let Some(d) = self.data.get_untracked() {
            let years = choropleth::indicator_years(&d.0.dataset, &id);
            if !years.contains(&self.year.get_untracked()) {
                if let Some(&last) = years.last() {
                    self.year.set(last);
                }
            }
            if years.len() < 2 {
                self.mode.set(ViewMode::Value);
            }
        }
        self.indicator.set(Some(id));
    }
}

/// Pseudo indicator ids of derived maps (they never clash with a manifest id: those are
/// checked identifiers without a leading underscore in practice, and the UI labels these).
pub const NEED_INDEX_ID: &str = "_need_index";
pub const ALLOCATION_ID: &str = "_allocation";
pub const PRIORITIES_ID: &str = "_priorities";

/// The 3 × 3 need × supply map: class = need tercile × 3 + supply tercile.
fn bivariate_map(
    spec: &Spec,
    year: u16,
    need: &[Option<f64>],
    supply: &[Option<f64>],
) -> Choropleth {
    let (nt, st) = (terciles(need), terciles(supply));
    let class_of: Vec<Option<usize>> = nt
        .iter()
        .zip(&st)
        .map(|(n, s)| Some((*n)? as usize * 3 + (*s)? as usize))
        .collect();
    let class_colors: Vec<_> = (0..9).map(|k| BIVARIATE[k / 3][k % 3]).collect();
    let mut class_counts = vec![0; 9];
    for k in class_of.iter().flatten() {
        class_counts[*k] += 1;
    }
    Choropleth {
        spec: spec.clone(),
        years: (year, year),
        values: need.to_vec(),
        breaks: None,
        fills: class_of
            .iter()
            .map(|k| k.map_or(atlas_core::palette::NO_DATA, |k| class_colors[k]))
            .collect(),
        no_data_count: class_of.iter().filter(|k| k.is_none()).count(),
        class_colors,
        class_counts,
        ranks: atlas_core::stats::ranks(need, true),
        median: atlas_core::stats::median(need),
        suppressed: vec![false; need.len()],
        class_of,
        direction: Direction::HigherIsMoreNeed,
    }
}

impl AppState {
    /// Switch the prevention-chain stage: its indicators and weights become the need index,
    /// its service categories the visible layers and the supply category, its cohort the
    /// denominator. `None` = all ages, the dataset's default index.
    pub fn choose_stage(&self, id: Option<String>) {
        let Some(d) = self.data.get_untracked() else {
            return;
        };
        let Some(t) = crate::targeting::config(&d.0) else {
            return;
        };
        let stage = id
            .as_ref()
            .and_then(|id| t.stages.iter().find(|s| &s.id == id));
        let components = stage.map_or(&t.need_index, |s| &s.need_index);
        self.targeting
            .settings
            .set(atlas_core::targeting::settings_from(
                &d.0.dataset,
                components,
            ));
        if let Some(stage) = stage {
            self.layers
                .set(stage.service_categories.iter().cloned().collect());
            self.targeting
                .category
                .set(stage.service_categories.first().cloned());
        }
        self.targeting.stage.set(stage.map(|s| s.id.clone()));
    }
}

pub fn provide_app_state(lang: Lang) -> AppState {
    let state = AppState::new(lang);
    provide_context(state);
    state
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
