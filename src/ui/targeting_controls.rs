//! Controls of the targeting views: what the map shows, the prevention-chain stage, the
//! need index (indicators, weights, directions, normalisation), supply and allocation.

use crate::i18n::T;
use crate::state::{use_app_state, AllocationUnit, Analysis, SupplyMeasure};
use crate::targeting::config;
use atlas_core::need::Normalisation;
use atlas_core::supply::default_radius_m;
use atlas_core::CategoryId;
use leptos::prelude::*;

fn analysis_id(a: Analysis) -> &'static str {
    match a {
        Analysis::Indicator => "indicator",
        Analysis::Need => "need",
        Analysis::Priorities => "priorities",
        Analysis::Allocation => "allocation",
    }
}

fn measure_id(m: SupplyMeasure) -> &'static str {
    match m {
        SupplyMeasure::Per1000Children => "per_1000_children",
        SupplyMeasure::Coverage => "coverage",
        SupplyMeasure::PerKm2 => "per_km2",
        SupplyMeasure::Count => "count",
    }
}

pub fn measure_label(m: SupplyMeasure) -> T {
    match m {
        SupplyMeasure::Per1000Children => T::Per1000Children,
        SupplyMeasure::Coverage => T::Coverage,
        SupplyMeasure::PerKm2 => T::PerKm2,
        SupplyMeasure::Count => T::Count,
    }
}

pub fn analysis_label(a: Analysis) -> T {
    match a {
        Analysis::Indicator => T::AnalysisIndicator,
        Analysis::Need => T::AnalysisNeed,
        Analysis::Priorities => T::AnalysisPriorities,
        Analysis::Allocation => T::AnalysisAllocation,
    }
}

/// The "what does the map show" switch; always visible.
#[component]
pub fn AnalysisSelect() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let has_targeting = move || s.data.get().is_some_and(|d| config(&d.0).is_some());
    let options = [
        (Analysis::Indicator, T::AnalysisIndicator),
        (Analysis::Need, T::AnalysisNeed),
        (Analysis::Priorities, T::AnalysisPriorities),
        (Analysis::Allocation, T::AnalysisAllocation),
    ];
    view! {
        <label for="analysis-select" class="analysis-label">{move || T::MapShows.get(lang.get())}</label>
        <select id="analysis-select" data-testid="analysis-select" class="analysis-select"
            on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some((a, _)) = options.iter().find(|(a, _)| analysis_id(*a) == v) {
                    s.analysis.set(*a);
                    if *a != Analysis::Indicator {
                        s.tab.set(crate::state::Tab::Ranking);
                    } else if s.tab.get_untracked() == crate::state::Tab::Ranking {
                        s.tab.set(crate::state::Tab::Details);
                    }
                }
            }>
            {move || options.iter().map(|(a, label)| {
                let a = *a;
                let disabled = a != Analysis::Indicator && !has_targeting();
                view! { <option value=analysis_id(a) prop:selected=move || s.analysis.get() == a disabled=disabled>{label.get(lang.get())}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn TargetingControls() -> impl IntoView {
    let s = use_app_state();
    let t = s.targeting;
    let lang = s.lang;
    let tr = move |k: T| k.get(lang.get());

    let stage_select = move || {
        let l = lang.get();
        let d = s.data.get()?;
        let cfg = config(&d.0)?.clone();
        let current = t.stage.get();
        let note = cfg
            .stages
            .iter()
            .find(|st| Some(&st.id) == current.as_ref())
            .map(|st| st.note.get(l).to_owned())
            .filter(|n| !n.is_empty());
        Some(view! {
            <label for="stage-select">{T::Stage.get(l)}</label>
            <select id="stage-select" data-testid="stage-select"
                on:change=move |ev| { let v = event_target_value(&ev); s.choose_stage((!v.is_empty()).then_some(v)); }>
                <option value="" prop:selected=current.is_none()>{T::AllStages.get(l)}</option>
                {cfg.stages.iter().map(|st| view! {
                    <option value=st.id.clone() prop:selected=current.as_ref() == Some(&st.id)>{st.label.get(l).to_owned()}</option>
                }).collect_view()}
            </select>
            {note.map(|n| view! { <p class="hint" data-testid="stage-note">{n}</p> })}
        })
    };

    let components = move || {
        let l = lang.get();
        let d = s.data.get()?;
        let manifest = d.0.dataset.manifest.clone();
        let settings = t.settings.get();
        Some(settings.into_iter().enumerate().map(|(i, setting)| {
            let label = manifest.indicator(&setting.indicator).map(|x| x.label.get(l).to_owned()).unwrap_or_default();
            let id = setting.indicator.0.clone();
            view! {
                <div class="need-row" data-testid="need-row" data-indicator=id.clone() class:off=!setting.enabled>
                    <label class="need-enable">
                        <input type="checkbox" data-testid=format!("need-enable-{id}") prop:checked=setting.enabled
                            on:change=move |ev| { let on = event_target_checked(&ev); t.settings.update(|v| v[i].enabled = on) }/>
                        <span>{label.clone()}</span>
                    </label>
                    <input type="number" min="0" max="10" step="0.5" class="need-weight"
                        data-testid=format!("need-weight-{id}") aria-label=format!("{} {label}", T::Weight.get(l))
                        prop:value=setting.weight.to_string()
                        on:change=move |ev| {
                            if let Ok(w) = event_target_value(&ev).replace(',', ".").parse::<f64>() {
                                if w.is_finite() && w >= 0.0 { t.settings.update(|v| v[i].weight = w) }
                            }
                        }/>
                    <select class="need-direction" data-testid=format!("need-direction-{id}")
                        aria-label=format!("{} {label}", T::Direction.get(l))
                        on:change=move |ev| { let up = event_target_value(&ev) == "higher"; t.settings.update(|v| v[i].higher_is_more_need = up) }>
                        <option value="higher" prop:selected=setting.higher_is_more_need>{T::HigherMoreNeed.get(l)}</option>
                        <option value="lower" prop:selected=!setting.higher_is_more_need>{T::LowerMoreNeed.get(l)}</option>
                    </select>
                </div>
            }
        }).collect_view())
    };
    let need_note = move || {
        let d = s.data.get()?;
        let n = config(&d.0)?.need_index_note.get(lang.get()).to_owned();
        (t.stage.get().is_none()).then(|| view! {
            <details class="definition"><summary>{T::AboutDefault.get(lang.get())}</summary><p>{n}</p></details>
        })
    };

    let category_options = move || {
        let l = lang.get();
        let d = s.data.get()?;
        let current = t.category.get();
        Some(d.0.dataset.manifest.service_categories.iter().map(|c| {
            view! { <option value=c.id.0.clone() prop:selected=current.as_ref() == Some(&c.id)>{c.label.get(l).to_owned()}</option> }
        }).collect_view())
    };
    let radius_value = move || {
        let cat = t.category.get()?;
        Some(
            t.radius
                .with(|m| m.get(&cat).copied())
                .unwrap_or_else(|| default_radius_m(&cat.0)),
        )
    };
    let show_allocation = move || s.analysis.get() == Analysis::Allocation;

    view! {
        <section class="targeting" aria-labelledby="targeting-heading">
            <h2 id="targeting-heading">{move || tr(T::NeedIndex)}</h2>
            {stage_select}
            <label for="normalisation-select">{move || tr(T::Normalisation)}</label>
            <select id="normalisation-select" data-testid="normalisation-select"
                on:change=move |ev| { if let Some(n) = Normalisation::from_id(&event_target_value(&ev)) { t.normalisation.set(n) } }>
                <option value="z_score" prop:selected=move || t.normalisation.get() == Normalisation::ZScore>{move || tr(T::ZScore)}</option>
                <option value="percentile_rank" prop:selected=move || t.normalisation.get() == Normalisation::PercentileRank>{move || tr(T::PercentileRank)}</option>
            </select>
            <fieldset class="need-components" data-testid="need-components">
                <legend>{move || tr(T::IndicatorsAndWeights)}</legend>
                {components}
            </fieldset>
            {need_note}
            {move || t.need_error.get().map(|e| view! { <p class="hint" role="status">{e}</p> })}

            <h2>{move || tr(T::Supply)}</h2>
            <label for="supply-category">{move || tr(T::ServiceCategory)}</label>
            <select id="supply-category" data-testid="supply-category"
                on:change=move |ev| t.category.set(Some(CategoryId(event_target_value(&ev))))>
                {category_options}
            </select>
            <div class="row">
                <div>
                    <label for="supply-radius">{move || tr(T::WalkingRadius)}</label>
                    <input id="supply-radius" data-testid="supply-radius" type="number" min="50" max="5000" step="50"
                        prop:value=move || radius_value().map(|r| r.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            if let (Ok(r), Some(cat)) = (event_target_value(&ev).parse::<f64>(), t.category.get_untracked()) {
                                if r.is_finite() && r > 0.0 { t.radius.update(|m| { m.insert(cat, r); }) }
                            }
                        }/>
                </div>
                <div>
                    <label for="supply-measure">{move || tr(T::SupplyMeasure)}</label>
                    <select id="supply-measure" data-testid="supply-measure"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            for m in [SupplyMeasure::Per1000Children, SupplyMeasure::Coverage, SupplyMeasure::PerKm2, SupplyMeasure::Count] {
                                if measure_id(m) == v { t.measure.set(m) }
                            }
                        }>
                        {move || [SupplyMeasure::Per1000Children, SupplyMeasure::Coverage, SupplyMeasure::PerKm2, SupplyMeasure::Count].into_iter().map(|m| view! {
                            <option value=measure_id(m) prop:selected=move || t.measure.get() == m>{move || tr(measure_label(m))}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>

            <Show when=show_allocation>
                <h2>{move || tr(T::Allocation)}</h2>
                <div class="row">
                    <div>
                        <label for="alloc-unit">{move || tr(T::AllocationUnit)}</label>
                        <select id="alloc-unit" data-testid="alloc-unit"
                            on:change=move |ev| t.unit.set(if event_target_value(&ev) == "euros" { AllocationUnit::Euros } else { AllocationUnit::Places })>
                            <option value="places" prop:selected=move || t.unit.get() == AllocationUnit::Places>{move || tr(T::Places)}</option>
                            <option value="euros" prop:selected=move || t.unit.get() == AllocationUnit::Euros>{move || tr(T::Euros)}</option>
                        </select>
                    </div>
                    <div>
                        <label for="alloc-total">{move || tr(T::Total)}</label>
                        <input id="alloc-total" data-testid="alloc-total" type="number" min="0" step="1"
                            prop:value=move || t.total.get().to_string()
                            on:change=move |ev| { if let Ok(v) = event_target_value(&ev).replace(',', ".").parse::<f64>() { if v.is_finite() && v >= 0.0 { t.total.set(v) } } }/>
                    </div>
                </div>
                <div class="row">
                    <div>
                        <label for="alloc-minimum">{move || tr(T::MinimumPerDistrict)}</label>
                        <input id="alloc-minimum" data-testid="alloc-minimum" type="number" min="0" step="1"
                            prop:value=move || t.minimum.get().to_string()
                            on:change=move |ev| { if let Ok(v) = event_target_value(&ev).replace(',', ".").parse::<f64>() { if v.is_finite() && v >= 0.0 { t.minimum.set(v) } } }/>
                    </div>
                    <div>
                        <label for="alloc-threshold">{move || tr(T::Threshold)}</label>
                        <input id="alloc-threshold" data-testid="alloc-threshold" type="number" min="0" max="100" step="5"
                            prop:value=move || t.threshold.get().to_string()
                            on:change=move |ev| { if let Ok(v) = event_target_value(&ev).parse::<f64>() { if (0.0..=100.0).contains(&v) { t.threshold.set(v) } } }/>
                    </div>
                </div>
                <p class="hint">{move || tr(T::AllocationRule)}</p>
            </Show>
        </section>
    }
}
