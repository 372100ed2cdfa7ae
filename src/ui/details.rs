//! District details: every indicator of the year against the city median, its rank, the
//! change between the first and last year, and the services inside the district.

use crate::i18n::T;
use crate::state::use_app_state;
use crate::ui::{change_text, value_text};
use atlas_core::choropleth::indicator_years;
use atlas_core::format::number;
use atlas_core::stats::{change, median, ranks};
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
        let span = match (d.manifest.years.first(), d.manifest.years.last()) {
            (Some(&a), Some(&b)) if a != b => Some((a, b)),
            _ => None,
        };
        let rows = d
            .manifest
            .indicators
            .iter()
            .map(|ind| {
                let years = indicator_years(d, &ind.id);
                // The chosen year when the indicator has it, else its latest year.
                let y = if years.contains(&year) { year } else { *years.last().unwrap_or(&year) };
                let column = d.column(&ind.id, y);
                let v = column.and_then(|c| c[i]);
                let med = column.and_then(|c| median(c));
                let n = column.map_or(0, |c| c.iter().flatten().count());
                let rank = column.and_then(|c| ranks(c, ind.direction.higher_first())[i]);
                // The change over the span in the column header, only when the indicator
                // has both of its years.
                let delta = span.and_then(|(a, b)| {
                    let (ca, cb) = (d.column(&ind.id, a)?, d.column(&ind.id, b)?);
                    change(ca, cb)[i]
                });
                view! {
                    <tr data-testid="details-indicator" data-indicator=ind.id.0.clone()>
                        <th scope="row">{ind.label.get(l).to_owned()}{(y != year).then(|| format!(" ({y})"))}</th>
                        <td class="num">{if d.is_suppressed(i, y) { crate::ui::suppressed_text(d, l) } else { value_text(v, Some(ind), l) }}</td>
                        <td class="num">{value_text(med, Some(ind), l)}</td>
                        <td class="num">{rank.map(|r| format!("{r} / {n}")).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{match span {
                            Some((a, b)) if d.is_suppressed(i, a) || d.is_suppressed(i, b) => crate::ui::suppressed_text(d, l),
                            _ => change_text(delta, Some(ind), l),
                        }}</td>
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
