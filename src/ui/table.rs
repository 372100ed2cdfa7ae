//! The table of all districts: the keyboard and screen-reader route to every value on the
//! map. Sortable by every column (`aria-sort` tells assistive technology); a row selects
//! its district on the map.
//!
//! All rows are rendered (170 for Dortmund). A dataset with thousands of areas would want
//! a virtualised list; that belongs to the performance issue.

use crate::i18n::T;
use crate::state::{use_app_state, SortColumn, Tab};
use crate::ui::{change_text, current_indicator, value_text};
use atlas_core::choropleth::ViewMode;
use atlas_core::{CategoryId, DistrictId};
use leptos::prelude::*;
use std::cmp::Ordering;

#[derive(Clone, PartialEq)]
struct Row {
    id: DistrictId,
    key: String,
    name: String,
    value: Option<f64>,
    rank: Option<usize>,
    change: Option<f64>,
    services: Vec<usize>,
    suppressed: bool,
    change_suppressed: bool,
}

/// Missing values sort last in both directions: a planner sorting by need wants the
/// districts without data out of the way, not at the top.
fn cmp_missing_last<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[component]
pub fn DistrictTable() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let categories = move || {
        let d = s.data.get()?;
        let layers = s.layers.get();
        Some(
            d.0.dataset
                .manifest
                .service_categories
                .iter()
                .filter(|c| layers.contains(&c.id))
                .cloned()
                .collect::<Vec<_>>(),
        )
    };
    let rows = Memo::new(move |_| {
        let (Some(d), Some(c), Some(ch)) = (s.data.get(), s.choropleth.get(), s.change.get())
        else {
            return Vec::new();
        };
        let cats: Vec<CategoryId> = categories()
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.id)
            .collect();
        let mut rows: Vec<Row> =
            d.0.dataset
                .districts
                .iter()
                .map(|dist| {
                    let i = dist.id.index();
                    Row {
                        id: dist.id,
                        key: dist.key.clone(),
                        name: dist.name.clone(),
                        value: c.0.values[i],
                        rank: c.0.ranks[i],
                        change: ch.0.values[i],
                        services: cats.iter().map(|cat| d.0.service_count(i, cat)).collect(),
                        suppressed: c.0.suppressed[i],
                        change_suppressed: ch.0.suppressed[i],
                    }
                })
                .collect();
        let (column, descending) = s.sort.get();
        atlas_core::sort::sort_by(&mut rows, |a, b| {
            let o = match &column {
                SortColumn::Key => cmp_missing_last(Some(&a.key), Some(&b.key), descending),
                SortColumn::Name => cmp_missing_last(
                    Some(&a.name.to_lowercase()),
                    Some(&b.name.to_lowercase()),
                    descending,
                ),
                SortColumn::Value => cmp_missing_last(a.value, b.value, descending),
                SortColumn::Rank => cmp_missing_last(a.rank, b.rank, descending),
                SortColumn::Change => cmp_missing_last(a.change, b.change, descending),
                SortColumn::Services(cat) => {
                    let k = cats.iter().position(|c| c == cat);
                    cmp_missing_last(
                        k.map(|k| a.services[k]),
                        k.map(|k| b.services[k]),
                        descending,
                    )
                }
            };
            o.then_with(|| a.key.cmp(&b.key))
        });
        rows.into_iter().map(|r| (r.id, r)).collect::<Vec<_>>()
    });

    // A header cell with a sort button; `aria-sort` on the sorted column.
    let header = move |label: String, column: SortColumn, sort_id: String| {
        let col2 = column.clone();
        let aria = move || {
            let (c, desc) = s.sort.get();
            if c == col2 {
                if desc {
                    "descending"
                } else {
                    "ascending"
                }
            } else {
                "none"
            }
        };
        let col3 = column.clone();
        view! {
            <th scope="col" aria-sort=aria>
                <button data-sort=sort_id on:click=move |_| {
                    s.sort.update(|(c, desc)| {
                        if *c == col3 { *desc = !*desc } else {
                            *c = col3.clone();
                            // Numbers start with the largest, text with A.
                            *desc = !matches!(col3, SortColumn::Key | SortColumn::Name | SortColumn::Rank);
                        }
                    })
                }>{label}</button>
            </th>
        }
    };

    move || {
        let l = lang.get();
        let withheld = s
            .data
            .get()
            .map(|d| crate::ui::suppressed_text(&d.0.dataset, l))
            .unwrap_or_default();
        let ind = current_indicator(&s);
        let change_mode = s.mode.get() == ViewMode::Change;
        let years = s.change.get().map(|c| c.0.years).unwrap_or_default();
        // One period only (a single-year import, a linked file): no "2024→2024" column.
        let show_change = years.0 != years.1;
        let value_label = match (&ind, change_mode) {
            (Some(i), false) => format!(
                "{}{}",
                i.label.get(l),
                s.data
                    .get()
                    .map(|d| crate::ui::year_tag(&d.0.dataset, s.year.get()))
                    .unwrap_or_default()
            ),
            (Some(i), true) => format!("{} {}→{}", i.label.get(l), years.0, years.1),
            _ => T::Value.get(l).to_owned(),
        };
        let cats = categories().unwrap_or_default();
        let total = rows.with(|r| r.iter().filter(|(_, r)| r.value.is_some()).count());
        let body = rows
            .get()
            .into_iter()
            .map(|(id, r)| {
                let selected = move || s.selected.get() == Some(id);
                let select = move || {
                    s.selected.set(Some(id));
                    s.tab.set(Tab::Details);
                };
let value = if r.suppressed {
                    withheld.clone()
                } else if change_mode {
                    change_text(r.value, ind.as_ref(), l)
                } else {
                    value_text(r.value, ind.as_ref(), l)
                };
                let change = if r.change_suppressed { withheld.clone() } else { change_text(r.change, ind.as_ref(), l) };
                view! {
                    <tr data-key=r.key.clone() aria-selected=move || selected().to_string()
                        class:selected=selected on:click=move |_| select()>
                        <td>{r.key.clone()}</td>
                        <th scope="row"><button class="link" on:click=move |ev| { ev.stop_propagation(); select() }>{r.name.clone()}</button></th>
                        <td class="num" data-col="value">{value}</td>
                        <td class="num">{r.rank.map(|k| format!("{k} / {total}")).unwrap_or_else(|| "–".into())}</td>
                        {show_change.then(|| view! { <td class="num">{change}</td> })}
                        {r.services.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="district-table" data-testid="district-table">
                    <caption class="visually-hidden">{T::TableCaption.get(l)}</caption>
                    <thead>
                        <tr>
                            {header(T::Key.get(l).to_owned(), SortColumn::Key, "key".into())}
                            {header(T::Name.get(l).to_owned(), SortColumn::Name, "name".into())}
                            {header(value_label, SortColumn::Value, "value".into())}
                            {header(T::Rank.get(l).to_owned(), SortColumn::Rank, "rank".into())}
                            {show_change.then(|| header(format!("{} {}→{}", T::Change.get(l), years.0, years.1), SortColumn::Change, "change".into()))}
                            {cats.into_iter().map(|c| header(c.label.get(l).to_owned(), SortColumn::Services(c.id.clone()), format!("services-{}", c.id.0))).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
    }
}
