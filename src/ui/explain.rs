//! "How is this calculated?": the targeting figures of one district with their formula and
//! that district's own inputs, so that every number on screen can be checked by hand.

use crate::i18n::T;
use crate::state::{use_app_state, Analysis};
use crate::targeting::config;
use crate::ui::ranking::units_text;
use atlas_core::format::number;
use atlas_core::need::Normalisation;
use atlas_core::DistrictId;
use leptos::prelude::*;

#[component]
pub fn Explain(id: DistrictId) -> impl IntoView {
    let s = use_app_state();
    let t = s.targeting;
    let lang = s.lang;
    move || {
        if s.analysis.get() == Analysis::Indicator {
            return None;
        }
        let l = lang.get();
        let d = s.data.get()?;
        let ds = &d.0.dataset;
        let i = id.index();
        let cfg = config(&d.0)?;
        let area_km2 = d.0.map.districts[i].area_km2;

        // Need index: Σ wᵢ·nᵢ / Σ wᵢ over the components present.
        let need = t.need.get();
        let need_block = need.map(|need| {
            let idx = &need.0.index;
            let present_weight: f64 = need.0.components.iter().enumerate()
                .filter(|(k, _)| idx.contributions[i][*k].is_some())
                .map(|(_, (c, _))| c.weight).sum();
            let rows = need.0.components.iter().enumerate().map(|(k, (setting, year))| {
                let ind = ds.manifest.indicator(&setting.indicator);
                let raw = ds.column(&setting.indicator, *year).and_then(|c| c[i]);
                let contribution = idx.contributions[i][k];
                // nᵢ = contributionᵢ · Σw / wᵢ (the normalised, need-oriented value).
                let normalised = contribution.map(|c| c * present_weight / setting.weight);
                view! {
                    <tr>
                        <th scope="row">{ind.map(|x| x.label.get(l).to_owned()).unwrap_or_default()}{format!(" ({year})")}</th>
                        <td class="num">{crate::ui::value_text(raw, ind, l)}</td>
                        <td class="num">{if setting.higher_is_more_need { "↑" } else { "↓" }}</td>
                        <td class="num">{normalised.map(|v| number(v, 2, l)).unwrap_or_else(|| "–".into())}</td>
                        <td class="num">{number(setting.weight, 1, l)}</td>
                        <td class="num">{contribution.map(|v| number(v, 2, l)).unwrap_or_else(|| "–".into())}</td>
                    </tr>
                }
            }).collect_view();
            let terms: Vec<String> = need.0.components.iter().enumerate()
                .filter_map(|(k, (c, _))| {
                    let n = idx.contributions[i][k]? * present_weight / c.weight;
                    Some(format!("{}×{}", number(c.weight, 1, l), number(n, 2, l)))
                }).collect();
            let formula = format!(
                "{} = ({}) / {} = {}",
                T::Score.get(l),
                terms.join(" + "),
                number(present_weight, 1, l),
                if ds.is_suppressed(i, s.year.get()) { crate::ui::suppressed_text(ds, l) } else { idx.scores[i].map(|v| number(v, 2, l)).unwrap_or_else(|| "–".into()) },
            );
            let norm = match t.normalisation.get() {
                Normalisation::ZScore => T::ZScoreFormula.get(l),
                Normalisation::PercentileRank => T::PercentileFormula.get(l),
            };
            view! {
                <details class="explain" data-testid="explain-need" open>
                    <summary>{format!("{}: {} ({} {})", T::NeedIndex.get(l),
                        if ds.is_suppressed(i, s.year.get()) { crate::ui::suppressed_text(ds, l) } else { idx.scores[i].map(|v| number(v, 2, l)).unwrap_or_else(|| "–".into()) },
                        T::Rank.get(l), idx.ranks[i].map(|r| r.to_string()).unwrap_or_else(|| "–".into()))}</summary>
                    <p class="formula">{norm}</p>
                    <table class="details-table">
                        <thead><tr>
                            <th scope="col">{T::Indicator.get(l)}</th><th scope="col">{T::Value.get(l)}</th>
                            <th scope="col">{T::Direction.get(l)}</th><th scope="col">{T::Normalised.get(l)}</th>
                            <th scope="col">{T::Weight.get(l)}</th><th scope="col">{T::Contribution.get(l)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <p class="formula" data-testid="need-formula">{formula}</p>
                    {(idx.missing[i] > 0).then(|| view! { <p class="hint">{T::MissingExplained.get(l)}</p> })}
                </details>
            }
        });

        // Children: density × area × share × fraction, summed over the cohort's shares.
        let stage = t.stage.get();
        let cohort = cfg
            .stages
            .iter()
            .find(|st| Some(&st.id) == stage.as_ref())
            .map(|st| &st.cohort)
            .unwrap_or(&cfg.cohort);
        let density = crate::ui::year_value(ds, &cfg.density_indicator, s.year.get(), i);
        let children = t.children.get().and_then(|c| c.0[i]);
        let parts: Vec<String> = cohort
            .shares
            .iter()
            .map(|sh| {
                let share = crate::ui::year_value(ds, &sh.indicator, s.year.get(), i);
                format!(
                    "{} × {} ha × {} % × {}",
                    density
                        .map(|v| number(v, 1, l))
                        .unwrap_or_else(|| "?".into()),
                    number(area_km2 * 100.0, 0, l),
                    share.map(|v| number(v, 1, l)).unwrap_or_else(|| "?".into()),
                    number(sh.fraction, 3, l),
                )
            })
            .collect();
        let children_block = view! {
            <details class="explain" data-testid="explain-children">
                <summary>{format!("{}: {}", cohort.label.get(l), children.map(|c| format!("≈ {}", number(c, 0, l))).unwrap_or_else(|| "–".into()))}</summary>
                <p class="formula">{T::ChildrenFormula.get(l)}</p>
                <p class="formula" data-testid="children-formula">{format!("{} = {}", parts.join(" + "), children.map(|c| number(c, 0, l)).unwrap_or_else(|| "–".into()))}</p>
                <p class="hint">{T::EstimateNote.get(l)}</p>
            </details>
        };

        // Supply of the chosen category.
        let supply_block = t.supply.get().and_then(|sup| {
            let cat = t.category.get()?;
            let label = ds.manifest.category(&cat).map(|c| c.label.get(l).to_owned()).unwrap_or_default();
            let st = sup.0.get(i)?.clone();
            let radius = t.radius.with(|m| m.get(&cat).copied()).unwrap_or_else(|| atlas_core::supply::default_radius_m(&cat.0));
            Some(view! {
                <details class="explain" data-testid="explain-supply">
                    <summary>{format!("{}: {} {}", T::Supply.get(l), st.count, label)}</summary>
                    <ul class="formula-list">
                        <li>{format!("{}: {} / {} km² = {}", T::PerKm2.get(l), st.count, number(area_km2, 2, l), number(st.per_km2, 2, l))}</li>
                        <li data-testid="per-1000-formula">{format!("{}: {} / {} × 1.000 = {}", T::Per1000Children.get(l), st.count,
                            children.map(|c| number(c, 0, l)).unwrap_or_else(|| "?".into()),
                            st.per_1000_children.map(|v| number(v, 2, l)).unwrap_or_else(|| "–".into()))}</li>
                        <li>{format!("{} ({} m): {} %", T::Coverage.get(l), number(radius, 0, l), number(st.coverage_share * 100.0, 0, l))}</li>
                        <li>{format!("{}: {}", T::NearestService.get(l), st.nearest_m.map(|m| format!("{} m", number(m, 0, l))).unwrap_or_else(|| "–".into()))}</li>
                    </ul>
                    <p class="hint">{T::CoverageExplained.get(l)}</p>
                </details>
            })
        });

        // Allocation quota.
        let allocation_block = (s.analysis.get() == Analysis::Allocation).then(|| t.allocation.get()).flatten().map(|a| {
            let total_weight: f64 = a.0.weights.iter().zip(&a.0.eligible).filter(|(_, e)| **e).map(|(w, _)| w).sum();
            let quota = if total_weight > 0.0 { a.0.total_units as f64 * a.0.weights[i] / total_weight } else { 0.0 };
            view! {
                <details class="explain" data-testid="explain-allocation" open>
                    <summary>{format!("{}: {}", T::Allocated.get(l), units_text(a.0.allocation.units[i], a.0.unit, l))}</summary>
                    <p class="formula">{T::AllocationRule.get(l)}</p>
                    <p class="formula">{if a.0.eligible[i] {
                        format!("{} = {} × {} / {} = {}", T::Quota.get(l), units_text(a.0.total_units, a.0.unit, l),
                            number(a.0.weights[i], 1, l), number(total_weight, 1, l), number(quota, 2, l))
                    } else { T::NotEligible.get(l).to_owned() }}</p>
                </details>
            }
        });

        Some(view! {
            <section class="explain-section">
                <h3>{T::NeedAndSupply.get(l)}</h3>
                {need_block}
                {children_block}
                {supply_block}
                {allocation_block}
            </section>
        })
    }
}
