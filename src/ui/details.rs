//! District details: every indicator of the year against the city median, its rank, the
//! change between the first and last year, and the services inside the district.

use crate::i18n::T;
use crate::state::use_app_state;
use atlas_core::format::number;
use leptos::prelude::*;

#[component]
pub fn Details() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        let Some(id) = s.selected.get() else {
            return view! { <p class="hint" data-testid="details-empty">{T::SelectPrompt.get(l)}</p> }.into_any();
        };
        let Some(data) = s.data.get() else {
            return ().into_any();
        };
        let year = s.year.get();
        let d = &data.0.dataset;
        let district = &d.districts[id.index()];
        let i = id.index();
        let area = data.0.map.districts[i].area_km2;
        // Column header for the change: the dataset's first and last year.
        let span = crate::ui::year_span(d);
        let rows = d
            .manifest
            .indicators
            .iter()
            .map(|ind| {
                let c = crate::ui::indicator_cells(d, ind, year, i, span, l);
                view! {
                    <tr data-testid="details-indicator" data-indicator=ind.id.0.clone()>
                        <th scope="row">{ind.label.get(l).to_owned()}{(c.year != year).then(|| format!(" ({})", c.year))}</th>
                        <td class="num">{c.value}</td>
                        <td class="num">{c.median}</td>
                        <td class="num">{c.rank}</td>
                        <td class="num">{c.change}</td>
                    </tr>
                }
            })
            .collect_view();
        let services = d
            .manifest
            .service_categories
            .iter()
            .map(|cat| {
                let members = data.0.services_by_district[i].get(&cat.id).cloned().unwrap_or_default();
                let count = members.len();
                let names = members
                    .iter()
                    .map(|&k| {
                        let svc = &d.services[k];
                        let name = if svc.name.is_empty() { T::Unnamed.get(l).to_owned() } else { svc.name.clone() };
                        let addr = (!svc.address.is_empty()).then(|| format!(", {}", svc.address));
                        view! { <li>{name}{addr}</li> }
                    })
                    .collect_view();
                view! {
                    <li data-testid="service-count" data-category=cat.id.0.clone() data-count=count.to_string()>
                        <details>
                            <summary>
                                {crate::ui::controls::symbol_svg(cat.shape, cat.color.clone())}
                                <span>{cat.label.get(l).to_owned()}</span>
                                <span class="count">{count}</span>
                            </summary>
                            <ul class="names">{names}</ul>
                        </details>
                    </li>
                }
            })
            .collect_view();
        // A finer dataset for this district (NRW → Dortmund), and its highlight membership.
        let drilldown = d.manifest.drilldown.iter().find(|x| x.key == district.key).cloned().map(|x| {
            let target = x.dataset.clone();
            view! {
                <p><button class="primary" data-testid="drilldown"
                    on:click=move |_| crate::switch_dataset(s, target.clone(), None)>{x.label.get(l).to_owned()}</button></p>
            }
        });
        let badge = data.0.highlighted[i].clone().map(|name| {
            let label = d.manifest.highlight.as_ref().map(|h| h.label.get(l).to_owned()).unwrap_or_default();
            view! { <p class="badge" data-testid="highlight-badge">{format!("{label}: {name}")}</p> }
        });
        view! {
            <article class="details" data-testid="details" aria-labelledby="details-name">
                <h2 id="details-name" data-testid="details-name">{district.name.clone()}</h2>
                {badge}
                <p class="meta">{format!("{} {} · {}\u{202f}km²", d.manifest.district_label.get(l), district.key, number(area, 1, l))}</p>
                <table class="details-table">
                    <thead>
                        <tr>
                            <th scope="col">{T::Indicator.get(l)}</th>
                            <th scope="col">{format!("{} {year}", T::Value.get(l))}</th>
                            <th scope="col">{T::Median.get(l)}</th>
                            <th scope="col">{T::Rank.get(l)}</th>
                            <th scope="col">{span.map(|(a, b)| format!("Δ {a}→{b}")).unwrap_or_else(|| T::ChangeSince.get(l).to_owned())}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                {drilldown}
                <crate::ui::profile::ProfileLink key=district.key.clone()/>
                <crate::ui::explain::Explain id=id/>
                <h3>{T::Services.get(l)}</h3>
                <ul class="service-counts" data-testid="details-services">{services}</ul>
            </article>
        }
        .into_any()
    }
}
