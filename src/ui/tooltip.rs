//! The hover tooltip: district name, value with unit and rank; or a service's category,
//! name and address.

use crate::i18n::T;
use crate::state::{use_app_state, Analysis, HoverTarget};
use crate::ui::ranking::units_text;
use crate::ui::{change_text, value_text};
use atlas_core::choropleth::ViewMode;
use atlas_core::format::number;
use leptos::prelude::*;

#[component]
pub fn Tooltip() -> impl IntoView {
    let s = use_app_state();
    move || {
        let hover = s.hover.get()?;
        let data = s.data.get()?;
        let chor = s.choropleth.get()?;
        let lang = s.lang.get();
        let d = &data.0.dataset;
        let body = match hover.target {
            HoverTarget::District(id) => {
                let district = &d.districts[id.index()];
                let ind = d.manifest.indicator(&chor.0.spec.indicator);
                let v = chor.0.values[id.index()];
                let total = chor.0.values.iter().flatten().count();
                let value = match (s.analysis.get(), chor.0.spec.mode) {
                    _ if chor.0.suppressed[id.index()] => crate::ui::suppressed_text(d, lang),
                    (Analysis::Indicator, ViewMode::Value) => value_text(v, ind, lang),
                    (Analysis::Indicator, ViewMode::Change) => change_text(v, ind, lang),
                    (Analysis::Need | Analysis::Priorities, _) => v
                        .map(|v| number(v, 2, lang))
                        .unwrap_or_else(|| T::NoData.get(lang).to_owned()),
                    (Analysis::Allocation, _) => s
                        .targeting
                        .allocation
                        .get()
                        .map(|a| units_text(a.0.allocation.units[id.index()], a.0.unit, lang))
                        .unwrap_or_default(),
                };
                let rank = chor.0.ranks[id.index()]
                    .map(|r| format!("{} {r} {} {total}", T::Rank.get(lang), T::Of.get(lang)));
                let label = ind
                    .map(|i| i.label.get(lang).to_owned())
                    .unwrap_or_default();
                view! {
                    <strong>{district.name.clone()}</strong>
                    <span class="tooltip-label">{label}</span>
                    <span class="tooltip-value">{value}</span>
                    {rank.map(|r| view! { <span class="tooltip-rank">{r}</span> })}
                }
                .into_any()
            }
            HoverTarget::Service(i) => {
                let svc = &d.services[i];
                let cat = d
                    .manifest
                    .category(&svc.category)
                    .map(|c| c.label.get(lang).to_owned())
                    .unwrap_or_default();
                let name = if svc.name.is_empty() {
                    None
                } else {
                    Some(svc.name.clone())
                };
                let address = (!svc.address.is_empty()).then(|| svc.address.clone());
                view! {
                    <strong>{cat}</strong>
                    {name.map(|n| view! { <span>{n}</span> })}
                    {address.map(|a| view! { <span class="tooltip-address">{a}</span> })}
                }
                .into_any()
            }
        };
        // Keep the box inside the map: flip to the left of the pointer past the middle.
        // Set through the CSSOM (style: directives), not a style attribute, so that a strict
        // CSP without 'unsafe-inline' allows it.
        let left = format!("{}px", hover.x);
        let top = format!("{}px", hover.y);
        let shift = if hover.x > 260.0 {
            "calc(-100% - 12px)"
        } else {
            "12px"
        };
        let transform = format!("translate({shift},-110%)");
        Some(view! {
            <div class="tooltip" role="tooltip" data-testid="tooltip" style:left=left style:top=top style:transform=transform>{body}</div>
        })
    }
}
