//! The one app state, created at the root and provided by context. Components read what
//! they need through [`use_app_state`]; derived values that several components read are
//! `Memo`s here, computed once per change.

use crate::i18n::LoadError;
use crate::load::Loaded;
use atlas_core::choropleth::{self, Choropleth, Spec, ViewMode};
use atlas_core::classify::Method;
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
        let choropleth = Memo::new(move |_| {
            let d = data.get()?;
            let spec = spec(mode.get())?;
            Some(Shared(Arc::new(choropleth::compute(&d.0.dataset, &spec))))
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
            data,
            choropleth,
            change,
        }
    }

    /// Set the state a freshly loaded dataset starts with (from its manifest).
    pub fn dataset_loaded(&self, loaded: Arc<Loaded>) {
        let m = &loaded.dataset.manifest;
        self.indicator.set(Some(m.default_indicator.clone()));
        self.year.set(m.default_year);
        self.layers.set(
            m.service_categories
                .iter()
                .filter(|c| c.visible_by_default)
                .map(|c| c.id.clone())
                .collect(),
        );
        self.selected.set(None);
        self.viewport.set(None);
        self.load.set(LoadState::Ready(loaded));
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

pub fn provide_app_state(lang: Lang) -> AppState {
    let state = AppState::new(lang);
    provide_context(state);
    state
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
