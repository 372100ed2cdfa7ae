//! Components. Each maps state to view; the logic they show lives in `atlas-core`.

pub mod controls;
pub mod details;
pub mod explain;
pub mod export;
pub mod highlight;
pub mod import;
pub mod import_text;
pub mod legend;
pub mod map;
pub mod profile;
pub mod ranking;
pub mod share;
pub mod slides;
pub mod table;
pub mod targeting_controls;
pub mod tooltip;

use crate::state::AppState;
use atlas_core::format::{signed, with_unit};
use atlas_core::manifest::Indicator;
use atlas_core::Lang;
use leptos::prelude::Get;

/// A value with the indicator's unit, or "no data".
pub fn value_text(v: Option<f64>, ind: Option<&Indicator>, lang: Lang) -> String {
    match (v, ind) {
        (Some(v), Some(i)) => with_unit(v, i.decimals as usize, &i.unit, lang),
        (Some(v), None) => with_unit(v, 1, "", lang),
        (None, _) => crate::i18n::T::NoData.get(lang).to_owned(),
    }
}

/// A change with sign; for percentages in percentage points ("pp"/"Pp.").
pub fn change_text(v: Option<f64>, ind: Option<&Indicator>, lang: Lang) -> String {
    let Some(v) = v else {
        return "–".into();
    };
    let decimals = ind.map_or(1, |i| i.decimals as usize);
    let unit = match ind.map(|i| i.unit.as_str()) {
        Some("%") => match lang {
            Lang::De => " Pp.",
            Lang::En => " pp",
        },
        Some(u) if !u.is_empty() => u,
        _ => "",
    };
    let unit = if unit.starts_with(' ') || unit.is_empty() {
        unit.to_owned()
    } else {
        format!("\u{202f}{unit}")
    };
    format!("{}{unit}", signed(v, decimals, lang))
}

/// The indicator currently mapped, from the manifest.
pub fn current_indicator(s: &AppState) -> Option<Indicator> {
    let d = s.data.get()?;
    let id = s.indicator.get()?;
    d.0.dataset.manifest.indicator(&id).cloned()
}

/// The value of `indicator` for district `i` in the year that stands in for `year`
/// (see `atlas_core::targeting::year_for`).
pub fn year_value(
    d: &atlas_core::Dataset,
    indicator: &atlas_core::IndicatorId,
    year: u16,
    i: usize,
) -> Option<f64> {
    let y = atlas_core::targeting::year_for(d, indicator, year)?;
    d.column(indicator, y)?[i]
}

/// The word shown instead of a value withheld by small-number protection.
pub fn suppressed_text(d: &atlas_core::Dataset, lang: Lang) -> String {
    d.manifest
        .protection
        .as_ref()
        .map(|p| p.label.get(lang).to_owned())
        .unwrap_or_else(|| crate::i18n::T::Suppressed.get(lang).to_owned())
}

/// The texts of one indicator row of a district (details panel and printable profile):
/// value, median, rank, change — with the withheld word where protection applies.
pub struct IndicatorCells {
    pub year: u16,
    pub value: String,
    pub median: String,
    pub rank: String,
    pub change: String,
}

pub fn indicator_cells(
    d: &atlas_core::Dataset,
    ind: &Indicator,
    year: u16,
    i: usize,
    span: Option<(u16, u16)>,
    lang: Lang,
) -> IndicatorCells {
    let f = atlas_core::stats::district_figures(d, ind, year, i, span);
    IndicatorCells {
        year: f.year,
        value: if f.value_suppressed {
            suppressed_text(d, lang)
        } else {
            value_text(f.value, Some(ind), lang)
        },
        median: value_text(f.median, Some(ind), lang),
        rank: f
            .rank
            .map(|r| format!("{r} / {}", f.ranked))
            .unwrap_or_else(|| "–".into()),
        change: if f.change_suppressed {
            suppressed_text(d, lang)
        } else {
            change_text(f.change, Some(ind), lang)
        },
    }
}

/// " 2024" after a label, or nothing for a linked GeoJSON file, whose single period has
/// no year (see `atlas_core::adhoc::is_undated`).
pub fn year_tag(d: &atlas_core::Dataset, year: u16) -> String {
    if atlas_core::adhoc::is_undated(&d.manifest) {
        String::new()
    } else {
        format!(" {year}")
    }
}

/// The first and last year of a dataset, when they differ (the change column's span).
pub fn year_span(d: &atlas_core::Dataset) -> Option<(u16, u16)> {
    match (d.manifest.years.first(), d.manifest.years.last()) {
        (Some(&a), Some(&b)) if a != b => Some((a, b)),
        _ => None,
    }
}
