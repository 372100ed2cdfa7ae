//! The ranking tab of the targeting views: the need ranking with its stability under
//! perturbed weights, the priorities (high need / low supply first), the allocation with
//! its CSV download.

use crate::i18n::T;
use crate::state::{use_app_state, AllocationUnit, Analysis};
use crate::targeting::{STABILITY_DRAWS, STABILITY_TOP_N, STABILITY_TOP_SHARE};
use crate::ui::targeting_controls::measure_label;
use atlas_core::allocation::{allocation_csv, cents_to_euros_text, AllocationRow};
use atlas_core::bivariate::{priority_order, terciles};
use atlas_core::format::number;
use atlas_core::{DistrictId, Lang};
use leptos::prelude::*;

fn tercile_text(t: Option<u8>, lang: Lang) -> &'static str {
    match t {
        Some(0) => T::Low.get(lang),
        Some(1) => T::Medium.get(lang),
        Some(_) => T::High.get(lang),
        None => "–",
    }
}

/// Units as text: places as integers, cents as euros.
pub fn units_text(units: u64, unit: AllocationUnit, lang: Lang) -> String {
    match unit {
        AllocationUnit::Places => number(units as f64, 0, lang),
        AllocationUnit::Euros => {
            format!("{}\u{202f}€", cents_to_euros_text(units, lang == Lang::De))
        }
    }
}

#[component]
pub fn Ranking() -> impl IntoView {
    let s = use_app_state();
    let t = s.targeting;
    let lang = s.lang;
    let select = move |id: DistrictId| {
        s.selected.set(Some(id));
    };
    move || {
        let l = lang.get();
        let d = s.data.get()?;
        let ds = &d.0.dataset;
        // The need score as shown: withheld (small-number protection) or two decimals.
        let year = s.year.get();
        let scores = t
            .need
            .get()
            .map(|n| n.0.index.scores.clone())
            .unwrap_or_default();
        let withheld = crate::ui::suppressed_text(ds, l);
        let score = move |i: usize| -> String {
            if ds.is_suppressed(i, year) {
                withheld.clone()
            } else {
                scores
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|v| number(v, 2, l))
                    .unwrap_or_else(|| "–".into())
            }
        };
        Some(match s.analysis.get() {
            Analysis::Indicator => {
                view! { <p class="hint">{T::SelectPrompt.get(l)}</p> }.into_any()
            }
            Analysis::Need => {
                let need = t.need.get()?;
                let stability = t.stability.get();
                let mut order: Vec<usize> = (0..ds.districts.len()).collect();
                let rank = |i: usize| (need.0.index.ranks[i].unwrap_or(usize::MAX), i);
                atlas_core::sort::sort_indices_by(&mut order, &|a, b| rank(a).cmp(&rank(b)));
                let rows = order.into_iter().map(|i| {
                    let id = ds.districts[i].id;
                    let freq = |v: Option<&Vec<f64>>| v.map(|v| format!("{}\u{202f}%", number(v[i] * 100.0, 0, l))).unwrap_or_else(|| "–".into());
                    let top_n = freq(stability.as_ref().map(|s| &s.0.in_top_n));
                    let top_share = freq(stability.as_ref().map(|s| &s.0.in_top_share));
                    view! {
                        <tr data-key=ds.districts[i].key.clone() on:click=move |_| select(id)
                            aria-selected=move || (s.selected.get() == Some(id)).to_string() class:selected=move || s.selected.get() == Some(id)>
                            <td class="num">{need.0.index.ranks[i].map(|r| r.to_string()).unwrap_or_else(|| "–".into())}</td>
                            <th scope="row"><button class="link" on:click=move |ev| { ev.stop_propagation(); select(id) }>{ds.districts[i].name.clone()}</button></th>
                            <td class="num" data-col="score">{score(i)}</td>
                            <td class="num" data-col="top-n">{top_n}</td>
                            <td class="num" data-col="top-share">{top_share}</td>
                            <td class="num">{(need.0.index.missing[i] > 0).then(|| need.0.index.missing[i].to_string())}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <p class="hint">{format!("{} ±20 %, {} {}", T::StabilityExplained.get(l), STABILITY_DRAWS, T::Draws.get(l))}</p>
                    <table class="district-table" data-testid="need-ranking">
                        <thead><tr>
                            <th scope="col">{T::Rank.get(l)}</th>
                            <th scope="col">{T::Name.get(l)}</th>
                            <th scope="col">{T::Score.get(l)}</th>
                            <th scope="col">{format!("{} {STABILITY_TOP_N}", T::InTop.get(l))}</th>
                            <th scope="col">{format!("{} {} %", T::InTop.get(l), (STABILITY_TOP_SHARE * 100.0) as u32)}</th>
                            <th scope="col">{T::MissingComponents.get(l)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }
            Analysis::Priorities => {
                let need = t.need.get()?;
                let supply = t.supply_values.get()?;
                let measure = t.measure.get();
                let (nt, st) = (terciles(&need.0.index.scores), terciles(&supply.0));
                let rows = priority_order(&need.0.index.scores, &supply.0).into_iter().map(|i| {
                    let id = ds.districts[i].id;
                    let decimals = if matches!(measure, crate::state::SupplyMeasure::Count) { 0 } else { 1 };
                    view! {
                        <tr data-key=ds.districts[i].key.clone() data-need=nt[i].map(|x| x.to_string()) data-supply=st[i].map(|x| x.to_string())
                            on:click=move |_| select(id) class:selected=move || s.selected.get() == Some(id)>
                            <th scope="row"><button class="link" on:click=move |ev| { ev.stop_propagation(); select(id) }>{ds.districts[i].name.clone()}</button></th>
                            <td class="num">{score(i)}</td>
                            <td>{tercile_text(nt[i], l)}</td>
                            <td class="num">{supply.0[i].map(|v| number(v, decimals, l)).unwrap_or_else(|| "–".into())}</td>
                            <td>{tercile_text(st[i], l)}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <p class="hint">{T::PrioritiesExplained.get(l)}</p>
                    <table class="district-table" data-testid="priority-list">
                        <thead><tr>
                            <th scope="col">{T::Name.get(l)}</th>
                            <th scope="col">{T::Score.get(l)}</th>
                            <th scope="col">{T::NeedAxis.get(l)}</th>
                            <th scope="col">{measure_label(measure).get(l)}</th>
                            <th scope="col">{T::SupplyAxis.get(l)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
            Analysis::Allocation => {
                let a = t.allocation.get()?;
                let need = t.need.get()?;
                let kids = t.children.get()?;
                let unit = a.0.unit;
                let mut order: Vec<usize> = (0..ds.districts.len()).collect();
                atlas_core::sort::sort_indices_by(&mut order, &|x, y| {
                    a.0.allocation.units[y]
                        .cmp(&a.0.allocation.units[x])
                        .then(x.cmp(&y))
                });
                let csv_rows: Vec<AllocationRow> = order
                    .iter()
                    .map(|&i| AllocationRow {
                        key: ds.districts[i].key.clone(),
                        name: ds.districts[i].name.clone(),
                        need_score: need.0.index.scores[i],
                        estimated_children: kids.0[i],
                        weight: a.0.weights[i],
                        units: a.0.allocation.units[i],
                    })
                    .collect();
                let (unit_name, cents) = match unit {
                    AllocationUnit::Places => ("places", false),
                    AllocationUnit::Euros => ("euros", true),
                };
                let csv = allocation_csv(&csv_rows, unit_name, cents);
                let sum: u64 = a.0.allocation.units.iter().sum();
                let rows = order.into_iter().filter(|&i| a.0.eligible[i]).map(|i| {
                    let id = ds.districts[i].id;
                    view! {
                        <tr data-key=ds.districts[i].key.clone() data-units=a.0.allocation.units[i].to_string()
                            on:click=move |_| select(id) class:selected=move || s.selected.get() == Some(id)>
                            <th scope="row"><button class="link" on:click=move |ev| { ev.stop_propagation(); select(id) }>{ds.districts[i].name.clone()}</button></th>
                            <td class="num">{score(i)}</td>
                            <td class="num">{kids.0[i].map(|v| number(v, 0, l)).unwrap_or_else(|| "–".into())}</td>
                            <td class="num">{units_text(a.0.allocation.units[i], unit, l)}</td>
                        </tr>
                    }
                }).collect_view();
                let file = format!("zuteilung-{}.csv", ds.manifest.id);
                view! {
                    {(!a.0.allocation.minimum_met).then(|| view! { <p class="hint" role="status">{T::MinimumNotMet.get(l)}</p> })}
                    <p>
                        <button class="primary" data-testid="allocation-download" on:click=move |_| crate::ui::export::download_text(&file, "text/csv;charset=utf-8", &csv)>{T::DownloadCsv.get(l)}</button>
                    </p>
                    <table class="district-table" data-testid="allocation-table">
                        <thead><tr>
                            <th scope="col">{T::Name.get(l)}</th>
                            <th scope="col">{T::Score.get(l)}</th>
                            <th scope="col">{T::EstimatedChildren.get(l)}</th>
                            <th scope="col">{T::Allocated.get(l)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <th scope="row" colspan="3">{T::Sum.get(l)}</th>
                            <td class="num" data-testid="allocation-sum" data-units=sum.to_string()>{units_text(sum, unit, l)}</td>
                        </tr></tfoot>
                    </table>
                }.into_any()
            }
        })
    }
}

/// Tab label of the ranking tab for the current analysis.
pub fn ranking_tab_label(a: Analysis) -> T {
    match a {
        Analysis::Priorities => T::Priorities,
        Analysis::Allocation => T::Allocation,
        _ => T::Ranking,
    }
}
