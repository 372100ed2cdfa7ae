//! The view state in the page URL (permalinks): read once a dataset has loaded, written on
//! every change, restored on Back/Forward. The conversion is `atlas_core::permalink`; this
//! module maps it onto the app state and checks ids against the loaded dataset. Anything it
//! cannot use is listed in a notice, never a crash.
//!
//! Panning and zooming change the address at most every [`MAP_WRITE_INTERVAL_MS`] (the
//! latest view wins): browsers limit history updates (Safari: 100 per 30 s, then an error;
//! Chromium: throttled with a console warning), so a long drag written at every pointer
//! move could leave the address behind the view, and each update costs the frame time.

use crate::state::{AllocationUnit, Analysis, AppState, SupplyMeasure};
use atlas_core::choropleth::{indicator_years, ViewMode};
use atlas_core::permalink::{
    parse_query, to_query, Ignored, IgnoredReason, MapView, ViewState, WeightParam,
};
use atlas_core::projection::{lonlat_to_mercator, mercator_to_lonlat};
use atlas_core::targeting::NeedSetting;
use atlas_core::{CategoryId, IndicatorId};
use geo::Coord;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn analysis_id(a: Analysis) -> &'static str {
    match a {
        Analysis::Indicator => "indicator",
        Analysis::Need => "need",
        Analysis::Priorities => "priorities",
        Analysis::Allocation => "allocation",
    }
}

fn analysis_from(id: &str) -> Option<Analysis> {
    [
        Analysis::Indicator,
        Analysis::Need,
        Analysis::Priorities,
        Analysis::Allocation,
    ]
    .into_iter()
    .find(|a| analysis_id(*a) == id)
}

fn measure_id(m: SupplyMeasure) -> &'static str {
    match m {
        SupplyMeasure::Per1000Children => "per_1000_children",
        SupplyMeasure::Coverage => "coverage",
        SupplyMeasure::PerKm2 => "per_km2",
        SupplyMeasure::Count => "count",
    }
}

/// The page's query string now.
pub fn current_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Parse the URL.
pub fn read() -> (ViewState, Vec<Ignored>) {
    // `data`, `bench`, `indicator2` belong to data_url.rs, not to the view state.
    parse_query(&atlas_core::adhoc::split_query(&current_search()).0)
}

fn ignored(param: &str, value: &str) -> Ignored {
    Ignored {
        param: param.into(),
        value: value.chars().take(200).collect(),
        reason: IgnoredReason::OutOfRange,
    }
}

/// The state as a `ViewState` (what a link carries).
pub fn snapshot(s: &AppState, embed: bool) -> ViewState {
    let data = s.data.get();
    let t = s.targeting;
    let analysis = s.analysis.get();
    let targeting = analysis != Analysis::Indicator;
    let map = match (data.as_ref(), s.viewport.get()) {
        (Some(d), Some(vp)) => {
            let c = mercator_to_lonlat(Coord {
                x: vp.center.x + d.0.map.origin.x,
                y: vp.center.y + d.0.map.origin.y,
            });
            Some(MapView {
                lon: (c.x * 1e6).round() / 1e6,
                lat: (c.y * 1e6).round() / 1e6,
                zoom: (vp.zoom_ratio() * 1e3).round() / 1e3,
            })
        }
        _ => None,
    };
    let selected = match (data.as_ref(), s.selected.get()) {
        (Some(d), Some(id)) => vec![d.0.dataset.districts[id.index()].key.clone()],
        _ => Vec::new(),
    };
    ViewState {
        dataset: s.dataset_id.get(),
        lang: Some(s.lang.get()),
        analysis: Some(analysis_id(analysis).into()),
        indicator: s.indicator.get().map(|i| i.0),
        year: Some(s.year.get()),
        change: analysis == Analysis::Indicator && s.mode.get() == ViewMode::Change,
        method: Some(s.method.get()),
        classes: Some(s.classes.get()),
        palette: Some(
            if s.mode.get() == ViewMode::Change && analysis == Analysis::Indicator {
                s.diverging_palette.get()
            } else {
                s.sequential_palette.get()
            },
        ),
        selected,
        layers: Some(s.layers.get().into_iter().map(|c| c.0).collect()),
        stage: if targeting { t.stage.get() } else { None },
        normalisation: targeting.then(|| t.normalisation.get()),
        weights: targeting.then(|| {
            t.settings
                .get()
                .into_iter()
                .filter(|x| x.enabled)
                .map(|x| WeightParam {
                    indicator: x.indicator.0,
                    weight: x.weight,
                    higher_is_more_need: x.higher_is_more_need,
                })
                .collect()
        }),
        supply: if targeting {
            t.category.get().map(|c| c.0)
        } else {
            None
        },
        radius: if targeting {
            t.category
                .get()
                .and_then(|c| t.radius.with(|m| m.get(&c).copied()))
        } else {
            None
        },
        measure: targeting.then(|| measure_id(t.measure.get()).to_owned()),
        total: (analysis == Analysis::Allocation).then(|| t.total.get()),
        unit: (analysis == Analysis::Allocation).then(|| {
            match t.unit.get() {
                AllocationUnit::Places => "places",
                AllocationUnit::Euros => "euros",
            }
            .to_owned()
        }),
        minimum: (analysis == Analysis::Allocation).then(|| t.minimum.get()),
        threshold: (analysis == Analysis::Allocation).then(|| t.threshold.get()),
        map,
        embed,
    }
}

/// Apply a `ViewState` to the loaded dataset's state. Ids the dataset does not know are
/// skipped and returned as notices. The map view is returned for the map to apply once it
/// has a size.
pub fn apply(s: &AppState, v: &ViewState) -> (Vec<Ignored>, Option<MapView>) {
    let mut notes = Vec::new();
    let Some(d) = s.data.get_untracked() else {
        return (notes, None);
    };
    let ds = &d.0.dataset;
    let m = &ds.manifest;
    if let Some(l) = v.lang {
        s.lang.set(l);
    }
    if let Some(a) = v.analysis.as_deref() {
        match analysis_from(a) {
            Some(a) if a == Analysis::Indicator || m.targeting.is_some() => s.analysis.set(a),
            _ => notes.push(ignored("analysis", a)),
        }
    }
    if let Some(id) = &v.indicator {
        let id = IndicatorId(id.clone());
        if m.indicator(&id).is_some() {
            s.choose_indicator(id);
        } else {
            notes.push(ignored("indicator", &id.0));
        }
    }
    if let Some(y) = v.year {
        let years = match s.indicator.get_untracked() {
            Some(id) if s.analysis.get_untracked() == Analysis::Indicator => {
                indicator_years(ds, &id)
            }
            _ => m.years.clone(),
        };
        if years.contains(&y) {
            s.year.set(y);
        } else {
            notes.push(ignored("year", &y.to_string()));
        }
    }
    let can_change = s
        .indicator
        .get_untracked()
        .is_some_and(|id| indicator_years(ds, &id).len() > 1);
    s.mode.set(if v.change && can_change {
        ViewMode::Change
    } else {
        ViewMode::Value
    });
    if v.change && !can_change {
        notes.push(ignored("view", "change"));
    }
    if let Some(x) = v.method {
        s.method.set(x);
    }
    if let Some(k) = v.classes {
        s.classes.set(k);
    }
    if let Some(p) = v.palette {
        match p.kind() {
            atlas_core::palette::PaletteKind::Diverging => s.diverging_palette.set(p),
            atlas_core::palette::PaletteKind::Sequential => s.sequential_palette.set(p),
        }
    }
    if let Some(key) = v.selected.first() {
        match ds.district_by_key(key) {
            Some(x) => s.selected.set(Some(x.id)),
            None => notes.push(ignored("sel", key)),
        }
    }
    let t = s.targeting;
    if m.targeting.is_some() {
        if let Some(stage) = &v.stage {
            if m.targeting
                .as_ref()
                .is_some_and(|t| t.stages.iter().any(|x| &x.id == stage))
            {
                s.choose_stage(Some(stage.clone()));
            } else {
                notes.push(ignored("stage", stage));
            }
        }
        if let Some(n) = v.normalisation {
            t.normalisation.set(n);
        }
        if let Some(ws) = &v.weights {
            let mut settings: Vec<NeedSetting> = t.settings.get_untracked();
            for x in settings.iter_mut() {
                x.enabled = false;
            }
            for w in ws {
                match settings.iter_mut().find(|x| x.indicator.0 == w.indicator) {
                    Some(x) => {
                        x.enabled = true;
                        x.weight = w.weight;
                        x.higher_is_more_need = w.higher_is_more_need;
                    }
                    None => notes.push(ignored("w", &w.indicator)),
                }
            }
            t.settings.set(settings);
        }
        if let Some(c) = &v.supply {
            let c = CategoryId(c.clone());
            if m.category(&c).is_some() {
                t.category.set(Some(c));
            } else {
                notes.push(ignored("supply", &c.0));
            }
        }
        if let (Some(r), Some(c)) = (v.radius, t.category.get_untracked()) {
            t.radius.update(|map| {
                map.insert(c, r);
            });
        }
        if let Some(x) = v.measure.as_deref() {
            for mm in [
                SupplyMeasure::Per1000Children,
                SupplyMeasure::Coverage,
                SupplyMeasure::PerKm2,
                SupplyMeasure::Count,
            ] {
                if measure_id(mm) == x {
                    t.measure.set(mm);
                }
            }
        }
        if let Some(x) = v.total {
            t.total.set(x);
        }
        if let Some(u) = v.unit.as_deref() {
            t.unit.set(if u == "euros" {
                AllocationUnit::Euros
            } else {
                AllocationUnit::Places
            });
        }
        if let Some(x) = v.minimum {
            t.minimum.set(x);
        }
        if let Some(x) = v.threshold {
            t.threshold.set(x);
        }
    }
    // Layers after the stage (a stage sets its own layers; the link's list wins).
    if let Some(layers) = &v.layers {
        let mut set = std::collections::BTreeSet::new();
        for l in layers {
            let c = CategoryId(l.clone());
            if m.category(&c).is_some() {
                set.insert(c);
            } else {
                notes.push(ignored("layers", l));
            }
        }
        s.layers.set(set);
    }
    if s.analysis.get_untracked() != Analysis::Indicator {
        s.tab.set(crate::state::Tab::Ranking);
    }
    if s.selected.get_untracked().is_some() {
        s.tab.set(crate::state::Tab::Details);
    }
    (notes, v.map)
}

/// Put a map view (lon/lat centre, zoom relative to the fitted view) onto the viewport.
pub fn apply_map_view(s: &AppState, view: MapView) {
    let Some(d) = s.data.get_untracked() else {
        return;
    };
    s.viewport.update(|vp| {
        if let Some(vp) = vp {
            let c = lonlat_to_mercator(Coord {
                x: view.lon,
                y: view.lat,
            });
            vp.center = Coord {
                x: c.x - d.0.map.origin.x,
                y: c.y - d.0.map.origin.y,
            };
            let fitted = vp.min_scale * 4.0;
            vp.scale = (fitted * view.zoom).clamp(vp.min_scale, vp.max_scale);
        }
    });
}

/// Least time between two addresses written for pan and zoom alone (the view itself moves
/// at every frame; the address follows at this pace and always ends on the last view).
pub const MAP_WRITE_INTERVAL_MS: i32 = 300;

/// A map-only address waiting for the timer.
#[derive(Default)]
struct Pending {
    url: Option<String>,
    /// The address it replaces: if the page is elsewhere when the timer fires (Back or
    /// Forward in the meantime), the pending view is dropped, never written over the entry
    /// the user went to.
    replaces: String,
    timer: Option<i32>,
}

thread_local! {
    static PENDING: std::cell::RefCell<Pending> = std::cell::RefCell::new(Pending::default());
    /// Writes the pending address; one closure for the page's lifetime (no closure per
    /// pointer move, none leaked by a cancelled timer).
    static FLUSH: wasm_bindgen::closure::Closure<dyn Fn()> =
        wasm_bindgen::closure::Closure::new(|| {
            let (url, replaces) = PENDING.with(|p| {
                let mut p = p.borrow_mut();
                p.timer = None;
                (p.url.take(), std::mem::take(&mut p.replaces))
            });
            if let Some(url) = url.filter(|_| current_address() == replaces) {
                replace_url(&url);
            }
        });
}

/// The current query, `?` when there is none (the form `write` compares).
fn current_address() -> String {
    let current = current_search();
    if current.is_empty() {
        "?".to_owned()
    } else {
        current
    }
}

/// Forget a pending map-only address (a newer write supersedes it).
pub fn cancel_pending() {
    let handle = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        p.url = None;
        p.timer.take()
    });
    if let (Some(h), Some(w)) = (handle, web_sys::window()) {
        w.clear_timeout_with_handle(h);
    }
}

fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Write the state into the address: a new history entry when more than the map view
/// changed (so Back steps through views), a replaced entry for panning and zooming.
pub fn write(state: &ViewState, replace: bool) {
    let Some(w) = web_sys::window() else { return };
    let mut next = to_query(state);
    // Keep `?data=…` (and the bench parameters): the view is of that file.
    for pair in crate::data_url::extra_pairs() {
        if next.len() > 1 {
            next.push('&');
        }
        next.push_str(&pair);
    }
    let current = current_address();
    if next == current {
        cancel_pending(); // back where the address already is
        return;
    }
    let mut without_map = state.clone();
    without_map.map = None;
    let (mut old, _) = parse_query(&atlas_core::adhoc::split_query(&current).0);
    old.map = None;
    let url = if next == "?" {
        w.location().pathname().unwrap_or_default()
    } else {
        next
    };
    if old == without_map && !replace {
        // Pan or zoom only: the latest address, written by the timer.
        let start_timer = PENDING.with(|p| {
            let mut p = p.borrow_mut();
            p.url = Some(url);
            p.replaces = current;
            p.timer.is_none()
        });
        if start_timer {
            let handle = FLUSH.with(|f| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    f.as_ref().unchecked_ref(),
                    MAP_WRITE_INTERVAL_MS,
                )
            });
            PENDING.with(|p| p.borrow_mut().timer = handle.ok());
        }
        return;
    }
    cancel_pending();
    if replace {
        replace_url(&url);
    } else if let Ok(history) = w.history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
