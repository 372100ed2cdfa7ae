//! The legend: class ranges with their colours and the number of districts in each, a
//! small histogram of the values, and the "no data" class.

use crate::i18n::T;
use crate::state::{use_app_state, Analysis};
use crate::ui::current_indicator;
use crate::ui::targeting_controls::measure_label;
use atlas_core::bivariate::BIVARIATE;
use atlas_core::choropleth::ViewMode;
use atlas_core::format::{number, signed};
use atlas_core::palette::NO_DATA;
use leptos::prelude::*;

/// Bins of the legend histogram.
const BINS: usize = 24;

#[component]
pub fn Legend() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        let chor = s.choropleth.get()?;
        let c = &chor.0;
        let analysis = s.analysis.get();
        if analysis == Analysis::Priorities {
            return Some(bivariate_legend(&s, c, l).into_any());
        }
        let ind = if analysis == Analysis::Indicator {
            current_indicator(&s)
        } else {
            None
        };
        let decimals = match analysis {
            Analysis::Need => 2,
            Analysis::Allocation => 0,
            _ => ind.as_ref().map_or(1, |i| i.decimals as usize),
        };
        let unit = match (c.spec.mode, ind.as_ref().map(|i| i.unit.clone())) {
            (ViewMode::Change, Some(u)) if u == "%" => T::PercentPoints.get(l).to_owned(),
            (_, Some(u)) => u,
            _ => String::new(),
        };
        let fmt = move |v: f64| match c.spec.mode {
            ViewMode::Value => number(v, decimals, l),
            ViewMode::Change => signed(v, decimals, l),
        };
        let year = s
            .data
            .get()
            .map(|d| crate::ui::year_tag(&d.0.dataset, c.years.1))
            .unwrap_or_default();
        let title = match (c.spec.mode, ind.as_ref()) {
            (ViewMode::Value, Some(i)) => format!("{}{year}", i.label.get(l)),
            (ViewMode::Change, Some(i)) => {
                format!("{} {}→{}", i.label.get(l), c.years.0, c.years.1)
            }
            _ => String::new(),
        };
        let breaks = c.breaks.clone();
        let classes = breaks.as_ref().map(|b| {
            b.bounds
                .windows(2)
                .enumerate()
                .map(|(i, w)| {
                    let color = c.class_colors[i].hex();
                    let count = c.class_counts[i];
                    let range = format!("{} – {}", fmt(w[0]), fmt(w[1]));
                    view! {
                        <li data-testid="legend-class" data-color=color.clone() data-count=count.to_string()>
                            <span class="swatch" style:background-color=color.clone()></span>
                            <span class="range">{range}</span>
                            <span class="count">{format!("{count} {}", T::Districts.get(l))}</span>
                        </li>
                    }
                })
                .collect_view()
        });
        // Histogram: equal-width bins over the data range, each bar in its class colour.
        let histogram = breaks.as_ref().map(|b| {
            let (lo, hi) = (b.bounds[0], *b.bounds.last().unwrap());
            let width = (hi - lo).max(f64::MIN_POSITIVE);
            let mut bins = [0usize; BINS];
            for v in c.values.iter().flatten() {
                let i = (((v - lo) / width) * BINS as f64).floor().clamp(0.0, (BINS - 1) as f64) as usize;
                bins[i] += 1;
            }
            let max = bins.iter().copied().max().unwrap_or(1).max(1);
            let bars = bins
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    let mid = lo + (i as f64 + 0.5) / BINS as f64 * width;
                    let color = b.class_of(mid).and_then(|k| c.class_colors.get(k)).map(|c| c.hex()).unwrap_or_default();
                    let h = 36.0 * n as f64 / max as f64;
                    view! { <rect x=(i * 10).to_string() y=(40.0 - h).to_string() width="9" height=h.to_string() fill=color/> }
                })
                .collect_view();
            view! {
                <svg class="histogram" viewBox=format!("0 0 {} 40", BINS * 10) preserveAspectRatio="none"
                    role="img" aria-label=T::Histogram.get(l)>
                    <title>{T::Histogram.get(l)}</title>
                    {bars}
                </svg>
            }
        });
        let withheld = c.suppressed.iter().filter(|x| **x).count();
        let no_data_count = c.no_data_count - withheld.min(c.no_data_count);
        let suppressed_row = (withheld > 0).then(|| {
            let label = s
                .data
                .get()
                .map(|d| crate::ui::suppressed_text(&d.0.dataset, l))
                .unwrap_or_default();
            view! {
                <li data-testid="legend-suppressed" data-count=withheld.to_string()>
                    <span class="swatch nodata" style:background-color=NO_DATA.hex()></span>
                    <span class="range">{label}</span>
                    <span class="count">{format!("{withheld} {}", T::Districts.get(l))}</span>
                </li>
            }
        });
        let no_data = (no_data_count > 0).then(|| {
            view! {
                <li data-testid="legend-nodata" data-count=no_data_count.to_string()>
                    <span class="swatch nodata" style:background-color=NO_DATA.hex()></span>
                    <span class="range">{T::NoData.get(l)}</span>
                    <span class="count">{format!("{} {}", no_data_count, T::Districts.get(l))}</span>
                </li>
            }
        });
        Some(view! {
            <section class="legend" data-testid="legend" aria-labelledby="legend-heading">
                <h2 id="legend-heading">{T::Legend.get(l)}</h2>
                <p class="legend-title">{title}{(!unit.is_empty()).then(|| format!(" ({unit})"))}</p>
                {histogram}
                <ul>{classes}{no_data}{suppressed_row}</ul>
            </section>
        }.into_any())
    }
}

/// The 3 × 3 legend of the need × supply map: need rows (high at the top), supply columns
/// (low at the left), each cell with its district count.
fn bivariate_legend(
    s: &crate::state::AppState,
    c: &atlas_core::choropleth::Choropleth,
    l: atlas_core::Lang,
) -> impl IntoView {
    let measure = measure_label(s.targeting.measure.get()).get(l);
    let category = s
        .targeting
        .category
        .get()
        .and_then(|id| {
            let d = s.data.get()?;
            d.0.dataset
                .manifest
                .category(&id)
                .map(|c| c.label.get(l).to_owned())
        })
        .unwrap_or_default();
    let level = |k: usize| match k {
        0 => T::Low.get(l),
        1 => T::Medium.get(l),
        _ => T::High.get(l),
    };
    let rows = (0..3).rev().map(|need| {
        let cells = (0..3).map(|supply| {
            let k = need * 3 + supply;
            let color = BIVARIATE[need][supply].hex();
            let count = c.class_counts.get(k).copied().unwrap_or(0);
            let title = format!("{} {}, {} {}: {count}", T::NeedAxis.get(l), level(need), T::SupplyAxis.get(l), level(supply));
            view! {
                <td data-testid="bivariate-cell" data-need=need.to_string() data-supply=supply.to_string()
                    data-count=count.to_string() data-color=color.clone() title=title.clone() aria-label=title
                    style:background-color=color.clone()>{count}</td>
            }
        }).collect_view();
        view! { <tr><th scope="row">{level(need)}</th>{cells}</tr> }
    }).collect_view();
    view! {
        <section class="legend" data-testid="legend" aria-labelledby="legend-heading">
            <h2 id="legend-heading">{T::Legend.get(l)}</h2>
            <p class="legend-title">{format!("{} × {} – {category}, {measure}", T::NeedAxis.get(l), T::SupplyAxis.get(l))}</p>
            <table class="bivariate" data-testid="bivariate-legend">
                <caption class="visually-hidden">{T::PrioritiesExplained.get(l)}</caption>
                <tbody>{rows}</tbody>
                <tfoot><tr><td></td>{(0..3).map(|k| view! { <th scope="col">{level(k)}</th> }).collect_view()}</tr></tfoot>
            </table>
            <p class="axis-note">{format!("↑ {} · → {}", T::NeedAxis.get(l), T::SupplyAxis.get(l))}</p>
            {(c.no_data_count > 0).then(|| view! {
                <p data-testid="legend-nodata" data-count=c.no_data_count.to_string()>{format!("{}: {}", T::NoData.get(l), c.no_data_count)}</p>
            })}
        </section>
    }
}

/// The legend as plain rows (title, colour, text with the district count), for exports.
pub fn legend_rows(
    s: &crate::state::AppState,
    l: atlas_core::Lang,
) -> Option<(String, Vec<atlas_core::export::LegendRow>)> {
    use atlas_core::export::LegendRow;
    let chor = s.choropleth.get_untracked()?;
    let c = &chor.0;
    let analysis = s.analysis.get_untracked();
    let level = |k: usize| match k {
        0 => T::Low.get(l),
        1 => T::Medium.get(l),
        _ => T::High.get(l),
    };
    if analysis == Analysis::Priorities {
        let rows = (0..9)
            .rev()
            .map(|k| LegendRow {
                color: BIVARIATE[k / 3][k % 3],
                label: format!(
                    "{} {} · {} {} ({})",
                    T::NeedAxis.get(l),
                    level(k / 3),
                    T::SupplyAxis.get(l),
                    level(k % 3),
                    c.class_counts.get(k).copied().unwrap_or(0)
                ),
            })
            .collect();
        return Some((
            format!("{} × {}", T::NeedAxis.get(l), T::SupplyAxis.get(l)),
            rows,
        ));
    }
    let data = s.data.get_untracked();
    let ind = data
        .as_ref()
        .and_then(|d| d.0.dataset.manifest.indicator(&c.spec.indicator).cloned());
    let year = data
        .as_ref()
        .map(|d| crate::ui::year_tag(&d.0.dataset, c.years.1))
        .unwrap_or_default();
    let decimals = match analysis {
        Analysis::Need => 2,
        Analysis::Allocation => 0,
        _ => ind.as_ref().map_or(1, |i| i.decimals as usize),
    };
    let fmt = |v: f64| match c.spec.mode {
        ViewMode::Value => number(v, decimals, l),
        ViewMode::Change => signed(v, decimals, l),
    };
    let title = match (analysis, ind.as_ref()) {
        (Analysis::Need, _) => format!("{}{year}", T::NeedIndex.get(l)),
        (Analysis::Allocation, _) => T::Allocation.get(l).to_owned(),
        (_, Some(i)) if c.spec.mode == ViewMode::Change => {
            format!("{} {}→{}", i.label.get(l), c.years.0, c.years.1)
        }
        // A linked GeoJSON's properties have no unit: no empty "()".
        (_, Some(i)) if i.unit.trim().is_empty() => format!("{}{year}", i.label.get(l)),
        (_, Some(i)) => format!("{}{year} ({})", i.label.get(l), i.unit),
        _ => String::new(),
    };
    let mut rows: Vec<LegendRow> = c
        .breaks
        .iter()
        .flat_map(|b| {
            b.bounds
                .windows(2)
                .map(|w| (w[0], w[1]))
                .collect::<Vec<_>>()
        })
        .enumerate()
        .map(|(i, (lo, hi))| LegendRow {
            color: c.class_colors[i],
            label: format!(
                "{} – {} ({} {})",
                fmt(lo),
                fmt(hi),
                c.class_counts[i],
                T::Districts.get(l)
            ),
        })
        .collect();
    let withheld = c.suppressed.iter().filter(|x| **x).count();
    let no_data = c.no_data_count - withheld.min(c.no_data_count);
    if no_data > 0 {
        rows.push(LegendRow {
            color: NO_DATA,
            label: format!("{} ({no_data})", T::NoData.get(l)),
        });
    }
    if withheld > 0 {
        let label = s
            .data
            .get_untracked()
            .map(|d| crate::ui::suppressed_text(&d.0.dataset, l))
            .unwrap_or_default();
        rows.push(LegendRow {
            color: NO_DATA,
            label: format!("{label} ({withheld})"),
        });
    }
    Some((title, rows))
}
