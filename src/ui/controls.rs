//! The choices: indicator, year, view, classification, classes, palette, service layers.
//! Native `<select>` and checkboxes with labels: keyboard and screen readers work without
//! extra code.

use crate::i18n::T;
use crate::state::{use_app_state, Analysis};
use atlas_core::choropleth::{indicator_years, ViewMode};
use atlas_core::classify::{Method, MAX_CLASSES, MIN_CLASSES};
use atlas_core::manifest::Shape;
use atlas_core::palette::Palette;
use atlas_core::{CategoryId, IndicatorId};
use leptos::prelude::*;

fn method_label(m: Method) -> T {
    match m {
        Method::Quantile => T::Quantile,
        Method::EqualInterval => T::EqualInterval,
        Method::NaturalBreaks => T::NaturalBreaks,
        Method::StdDev => T::StdDev,
    }
}

#[component]
pub fn Controls() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let t = move |k: T| k.get(lang.get());
    let manifest = move || s.data.get().map(|d| d.0.dataset.manifest.clone());

    let indicator_options = move || {
        let l = lang.get();
        let current = s.indicator.get();
        manifest()
            .map(|m| {
                m.indicators
                    .into_iter()
                    .map(|i| {
                        let selected = current.as_ref() == Some(&i.id);
                        view! { <option value=i.id.0.clone() prop:selected=selected>{i.label.get(l).to_owned()}</option> }
                    })
                    .collect_view()
            })
    };
    let years = move || {
        let d = s.data.get()?;
        if s.analysis.get() != Analysis::Indicator {
            return Some(d.0.dataset.manifest.years.clone());
        }
        let id = s.indicator.get()?;
        Some(indicator_years(&d.0.dataset, &id))
    };
    let year_options = move || {
        let current = s.year.get();
        years()
            .unwrap_or_default()
            .into_iter()
            .map(|y| view! { <option value=y.to_string() prop:selected=y == current>{y.to_string()}</option> })
            .collect_view()
    };
    let one_year = move || years().is_none_or(|y| y.len() < 2);
    // A linked GeoJSON file has one period and no year: no select that offers "2000".
    let undated = move || {
        s.data
            .get()
            .is_some_and(|d| atlas_core::adhoc::is_undated(&d.0.dataset.manifest))
    };
    let is_change =
        move || s.mode.get() == ViewMode::Change && s.analysis.get() == Analysis::Indicator;
    let palette_options = move || {
        let (list, current): (&[Palette], Palette) = if is_change() {
            (&Palette::DIVERGING, s.diverging_palette.get())
        } else {
            (&Palette::SEQUENTIAL, s.sequential_palette.get())
        };
        list.iter()
            .map(|p| view! { <option value=p.id() prop:selected=*p == current>{p.id()}</option> })
            .collect_view()
    };
    let definition = move || {
        let l = lang.get();
        let m = manifest()?;
        let i = m.indicator(&s.indicator.get()?)?.clone();
        Some(view! {
            <details class="definition">
                <summary>{T::Definition.get(l)}</summary>
                <p>{i.definition.get(l).to_owned()}</p>
                <p class="source">{T::Source.get(l)}": "{i.source.clone()}</p>
            </details>
        })
    };

    view! {
        <section class="controls" aria-labelledby="controls-heading">
            <h2 id="controls-heading" class="visually-hidden">{move || t(T::Indicator)}</h2>
            <Show when=move || s.analysis.get() == Analysis::Indicator>
            <label for="indicator-select">{move || t(T::Indicator)}</label>
            <select id="indicator-select" data-testid="indicator-select"
                on:change=move |ev| s.choose_indicator(IndicatorId(event_target_value(&ev)))>
                {indicator_options}
            </select>
            {definition}
            </Show>
            <div class="row">
                <div class:hidden=move || s.analysis.get() != Analysis::Indicator>
                    <label for="view-mode">{move || t(T::View)}</label>
                    <select id="view-mode" data-testid="view-mode"
                        on:change=move |ev| s.mode.set(if event_target_value(&ev) == "change" { ViewMode::Change } else { ViewMode::Value })>
                        <option value="value" prop:selected=move || !is_change()>{move || t(T::ViewValue)}</option>
                        <option value="change" prop:selected=is_change disabled=one_year>
                            {move || {
                                let y = years().unwrap_or_default();
                                match (y.first(), y.last()) {
                                    (Some(a), Some(b)) if a != b => format!("{} {a}→{b}", t(T::ViewChange)),
                                    _ => t(T::ViewChange).to_owned(),
                                }
                            }}
                        </option>
                    </select>
                </div>
                <div hidden=undated>
                    <label for="year-select">{move || t(T::Year)}</label>
                    <select id="year-select" data-testid="year-select" disabled=is_change
                        on:change=move |ev| { if let Ok(y) = event_target_value(&ev).parse() { s.year.set(y) } }>
                        {year_options}
                    </select>
                </div>
            </div>
            {move || (is_change() && one_year()).then(|| view! { <p class="hint">{t(T::ChangeOnlyOneYear)}</p> })}
            <Show when=move || s.analysis.get() != Analysis::Priorities>
            <label for="method-select">{move || t(T::Classification)}</label>
            <select id="method-select" data-testid="method-select"
                on:change=move |ev| { if let Some(m) = Method::from_id(&event_target_value(&ev)) { s.method.set(m) } }>
                {move || Method::ALL.iter().map(|m| {
                    let m = *m;
                    view! { <option value=m.id() prop:selected=move || s.method.get() == m>{move || t(method_label(m))}</option> }
                }).collect_view()}
            </select>
            <div class="row">
                <div>
                    <label for="classes-select">{move || t(T::Classes)}</label>
                    <select id="classes-select" data-testid="classes-select"
                        on:change=move |ev| { if let Ok(k) = event_target_value(&ev).parse() { s.classes.set(k) } }>
                        {(MIN_CLASSES..=MAX_CLASSES).map(|k| view! {
                            <option value=k.to_string() prop:selected=move || s.classes.get() == k>{k.to_string()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="palette-select">{move || t(T::Palette)}</label>
                    <select id="palette-select" data-testid="palette-select"
                        on:change=move |ev| {
                            if let Some(p) = Palette::from_id(&event_target_value(&ev)) {
                                if is_change() { s.diverging_palette.set(p) } else { s.sequential_palette.set(p) }
                            }
                        }>
                        {palette_options}
                    </select>
                </div>
            </div>
            </Show>
        </section>
    }
}

/// A small inline SVG of a service symbol, for the layer list.
pub fn symbol_svg(shape: Shape, color: String) -> impl IntoView {
    let path = match shape {
        Shape::Circle => "M7 2a5 5 0 1 0 0.001 0Z",
        Shape::Square => "M2.5 2.5h9v9h-9Z",
        Shape::Triangle => "M7 1.5l5.5 10h-11Z",
        Shape::Diamond => "M7 1l5 6-5 6-5-6Z",
        Shape::Cross => "M5 1.5h4v3.5h3.5v4H9v3.5H5V9H1.5V5H5Z",
        Shape::Star => "M7 1l1.6 3.9 4.2.3-3.2 2.7 1 4.1L7 9.8 3.4 12l1-4.1L1.2 5.2l4.2-.3Z",
    };
    view! {
        <svg class="symbol" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
            <path d=path fill=color stroke="#222" stroke-width="1"/>
        </svg>
    }
}

#[component]
pub fn Layers() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    // A range filter on the services' value (e.g. the school social index 1–9).
    let value_filter = move || {
        let l = lang.get();
        let d = s.data.get()?;
        let v = d.0.dataset.manifest.service_value.clone()?;
        let (lo, hi) = s.service_range.get().unwrap_or((v.min, v.max));
        let (min, max) = (v.min, v.max);
        let set = move |which: usize, text: String| {
            let Ok(x) = text.replace(',', ".").parse::<f64>() else {
                return;
            };
            let (mut a, mut b) = s.service_range.get_untracked().unwrap_or((min, max));
            if which == 0 {
                a = x.clamp(min, max)
            } else {
                b = x.clamp(min, max)
            }
            s.service_range.set(if a <= min && b >= max {
                None
            } else {
                Some((a.min(b), a.max(b)))
            });
        };
        Some(view! {
            <div class="value-filter" role="group" aria-label=format!("{}: {}", T::ValueFilter.get(l), v.label.get(l))>
                <span>{format!("{} {}", v.label.get(l), T::From.get(l))}</span>
                <input type="number" data-testid="service-value-min" min=min.to_string() max=max.to_string() step="1"
                    aria-label=format!("{} {}", v.label.get(l), T::From.get(l))
                    prop:value=lo.to_string() on:change=move |ev| set(0, event_target_value(&ev))/>
                <span>{T::To.get(l)}</span>
                <input type="number" data-testid="service-value-max" min=min.to_string() max=max.to_string() step="1"
                    aria-label=format!("{} {}", v.label.get(l), T::To.get(l))
                    prop:value=hi.to_string() on:change=move |ev| set(1, event_target_value(&ev))/>
            </div>
        })
    };
    // The deployment's background map, if it configured one (off otherwise: no request to
    // a tile server unless the operator chose one).
    let basemap = move || {
        let b = s.catalog.get()?.basemap?;
        Some(view! {
            <label class="layer">
                <input type="checkbox" data-testid="basemap-toggle" prop:checked=move || s.basemap_on.get()
                    on:change=move |ev| s.basemap_on.set(event_target_checked(&ev))/>
                <span></span>
                <span>{move || T::Basemap.get(lang.get())}</span>
                <span class="count" title=b.attribution.clone()>"©"</span>
            </label>
        })
    };
    view! {
        <fieldset class="layers">
            <legend>{move || T::Services.get(lang.get())}</legend>
            {basemap}
            {value_filter}
            {move || {
                let l = lang.get();
                let d = s.data.get()?;
                let counts = d.0.dataset.services.iter().fold(
                    std::collections::BTreeMap::<CategoryId, usize>::new(),
                    |mut m, svc| { *m.entry(svc.category.clone()).or_default() += 1; m },
                );
                Some(d.0.dataset.manifest.service_categories.iter().map(|c| {
                    let id = c.id.clone();
                    let id2 = c.id.clone();
                    let n = counts.get(&c.id).copied().unwrap_or(0);
                    view! {
                        <label class="layer">
                            <input type="checkbox" data-testid=format!("layer-{}", c.id.0)
                                prop:checked=move || s.layers.with(|set| set.contains(&id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    s.layers.update(|set| { if on { set.insert(id2.clone()); } else { set.remove(&id2); } });
                                }/>
                            {symbol_svg(c.shape, c.color.clone())}
                            <span>{c.label.get(l).to_owned()}</span>
                            <span class="count">{n}</span>
                        </label>
                    }
                }).collect_view())
            }}
        </fieldset>
    }
}
