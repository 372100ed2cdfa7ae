//! Printable outputs: the one-page district profile (`?profile=<key>`, A4 portrait, for
//! council members) and the print buttons for the map (A4 / A3 landscape).
//!
//! The profile shows the same figures as the details panel (same helpers, same year rule)
//! and is laid out by `public/print.css` for screen and paper. Page sizes come from small
//! style sheets (`print-a4.css`, `print-a3.css`, `print-a4-portrait.css`) swapped in through
//! one `<link id="page-size">`: the strict CSP forbids inline `<style>`.

use crate::load::Loaded;
use crate::state::{use_app_state, AppState};
use crate::ui::map::{build_paths, context};
use atlas_core::format::number;
use atlas_core::projection::Viewport;
use atlas_core::Lang;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasWindingRule, HtmlCanvasElement};

/// German or English.
fn tr(lang: Lang, de: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// The `profile` query parameter of the page URL, if any (not part of the view state).
pub fn profile_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("profile")
}

/// Link to the profile of district `key`: the current view's query plus `profile=<key>`.
pub fn profile_href(s: &AppState, key: &str) -> String {
    let query = atlas_core::permalink::to_query(&crate::url::snapshot(s, false));
    let key = String::from(js_sys::encode_uri_component(key));
    if query == "?" {
        format!("?profile={key}")
    } else {
        format!("{query}&profile={key}")
    }
}

/// "Open the printable profile" link for the details panel (a new tab).
#[component]
pub fn ProfileLink(key: String) -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let href = move || profile_href(&s, &key);
    view! {
        <p class="profile-link">
            <a data-testid="profile-open" href=href target="_blank" rel="noopener">
                {move || tr(lang.get(), "Steckbrief zum Drucken", "Printable profile")}
            </a>
        </p>
    }
}

/// "Stand: 01.02.2025" / "As of 2025-02-01".
fn today(l: Lang) -> String {
    let d = js_sys::Date::new_0();
    let (day, month, year) = (d.get_date(), d.get_month() + 1, d.get_full_year());
    match l {
        Lang::De => format!("Stand: {day:02}.{month:02}.{year}"),
        Lang::En => format!("As of {year}-{month:02}-{day:02}"),
    }
}

/// Point `<link id="page-size">` at `href` (created at the end of `<head>` when missing, so
/// it wins over `print.css`). `then` runs once the sheet is in effect.
fn set_page_size(href: &str, then: Option<Box<dyn FnOnce()>>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let link = match document.get_element_by_id("page-size") {
        Some(l) => l,
        None => {
            let Ok(l) = document.create_element("link") else {
                return;
            };
            let _ = l.set_attribute("id", "page-size");
            let _ = l.set_attribute("rel", "stylesheet");
            if let Some(head) = document.head() {
                let _ = head.append_child(&l);
            }
            l
        }
    };
    if link.get_attribute("href").as_deref() == Some(href) {
        if let Some(f) = then {
            f();
        }
        return;
    }
    if let Some(f) = then {
        // Print once the new sheet has loaded (or failed: print anyway), one frame later.
        let done = std::rc::Rc::new(std::cell::Cell::new(false));
        let f = std::rc::Rc::new(std::cell::RefCell::new(Some(f)));
        // Handlers are set as properties, replacing those of an earlier call, so that a
        // later load of the same <link> never calls an old (already used) closure.
        let handler = || {
            let (done, f) = (done.clone(), f.clone());
            wasm_bindgen::closure::Closure::once_into_js(move || {
                if done.replace(true) {
                    return;
                }
                if let Some(f) = f.borrow_mut().take() {
                    next_frame(f);
                }
            })
        };
        if let Some(el) = link.dyn_ref::<web_sys::HtmlElement>() {
            el.set_onload(Some(handler().unchecked_ref()));
            el.set_onerror(Some(handler().unchecked_ref()));
        }
    }
    let _ = link.set_attribute("href", href);
}

fn next_frame(f: Box<dyn FnOnce()>) {
    let Some(w) = web_sys::window() else { return };
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = w.request_animation_frame(cb.unchecked_ref());
}

fn print_now() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Print the map on A4 or A3 landscape. For the export menu (placed there by the layout).
#[component]
pub fn PrintButtons() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let print = |href: &'static str| move |_| set_page_size(href, Some(Box::new(print_now)));
    view! {
        <button data-testid="print-a4" class="print-button" on:click=print("print-a4.css")>
            {move || tr(lang.get(), "Drucken (A4 quer)", "Print (A4 landscape)")}
        </button>
        <button data-testid="print-a3" class="print-button" on:click=print("print-a3.css")>
            {move || tr(lang.get(), "Drucken (A3 quer)", "Print (A3 landscape)")}
        </button>
    }
}

/// Width of the map inset in CSS pixels (8 cm at 96 px per inch).
const INSET_WIDTH: f64 = 302.0;
/// Device pixels per CSS pixel of the inset (sharp on paper at ~300 dpi).
const INSET_SCALE: f64 = 3.0;
/// Names listed per service category in the profile (the count is always complete).
const MAX_NAMES: usize = 8;

/// The whole city in light grey, district `i` dark, with a ring when it is small.
fn draw_inset(canvas: &HtmlCanvasElement, loaded: &Loaded, i: usize) {
    let Some(ctx) = context(canvas) else { return };
    let bounds = loaded.map.bounds;
    let aspect = bounds.height() / bounds.width().max(1e-9);
    let (w, h) = (INSET_WIDTH, (INSET_WIDTH * aspect).clamp(150.0, 360.0));
    canvas.set_width((w * INSET_SCALE).round() as u32);
    canvas.set_height((h * INSET_SCALE).round() as u32);
    let vp = Viewport::fit(bounds, w, h, 6.0);
    let paths = build_paths(loaded);
    let px = 1.0 / vp.scale;
    let [a, b, c, d, e, f] = vp.canvas_transform(INSET_SCALE);
    let _ = ctx.set_transform(a, b, c, d, e, f);
    ctx.set_line_join("round");
    ctx.set_fill_style_str("#dcdcdc");
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(0.6 * px);
    for p in &paths {
        ctx.fill_with_path_2d_and_winding(p, CanvasWindingRule::Evenodd);
        ctx.stroke_with_path(p);
    }
    ctx.set_fill_style_str("#7f2704");
    ctx.fill_with_path_2d_and_winding(&paths[i], CanvasWindingRule::Evenodd);
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(1.2 * px);
    ctx.stroke_with_path(&paths[i]);
    // A small district is found by a ring around it.
    let db = loaded.map.districts[i].bounds;
    let (p, q) = (vp.to_screen(db.min()), vp.to_screen(db.max()));
    let size = (p.x - q.x).abs().max((p.y - q.y).abs());
    if size < 18.0 {
        let centre = vp.to_screen(db.center());
        let _ = ctx.set_transform(INSET_SCALE, 0.0, 0.0, INSET_SCALE, 0.0, 0.0);
        ctx.set_stroke_style_str("#000000");
        ctx.set_line_width(1.5);
        ctx.begin_path();
        let _ = ctx.arc(centre.x, centre.y, 12.0, 0.0, std::f64::consts::TAU);
        ctx.stroke();
    }
}

/// The printable one-page profile of the district with official key `key`.
#[component]
pub fn DistrictProfile(key: String) -> impl IntoView {
    let s = use_app_state();
    // A4 portrait for this page (the map's default is landscape).
    set_page_size("print-a4-portrait.css", None);
    let key = StoredValue::new(key);
    move || {
        let l = s.lang.get();
        let data = s.data.get()?;
        let d = &data.0.dataset;
        let key = key.get_value();
        let Some(district) = d.district_by_key(&key) else {
            let back = {
                let q = crate::url::current_search();
                let kept: Vec<_> = q
                    .trim_start_matches('?')
                    .split('&')
                    .filter(|p| !p.is_empty() && !p.starts_with("profile="))
                    .collect();
                if kept.is_empty() {
                    "./".to_owned()
                } else {
                    format!("?{}", kept.join("&"))
                }
            };
            let shown: String = key.chars().take(40).collect();
            let msg = match l {
                Lang::De => format!(
                    "Ein Gebiet mit dem Schlüssel „{shown}“ gibt es im Datensatz „{}“ nicht.",
                    d.manifest.title.get(l)
                ),
                Lang::En => format!(
                    "There is no area with the key “{shown}” in the dataset “{}”.",
                    d.manifest.title.get(l)
                ),
            };
            return Some(
                view! {
                    <main class="status">
                        <div class="error" role="alert" data-testid="profile-error">
                            <h2>{tr(l, "Steckbrief nicht gefunden", "Profile not found")}</h2>
                            <p>{msg}</p>
                            <p><a href=back>{tr(l, "Zur Karte", "Back to the map")}</a></p>
                        </div>
                    </main>
                }
                .into_any(),
            );
        };
        let i = district.id.index();
        let year = s.year.get();
        let area = data.0.map.districts[i].area_km2;
        let m = &d.manifest;
        let span = crate::ui::year_span(d);
        let rows = m
            .indicators
            .iter()
            .map(|ind| {
                // The same figures and texts as the details panel.
                let c = crate::ui::indicator_cells(d, ind, year, i, span, l);
                let (y, value_cell, change_cell) = (c.year, c.value, c.change);
                view! {
                    <tr data-indicator=ind.id.0.clone()>
                        <th scope="row">{ind.label.get(l).to_owned()}{(y != year).then(|| format!(" ({y})"))}</th>
                        <td class="num" data-col="value">{value_cell}</td>
                        <td class="num" data-col="median">{c.median}</td>
                        <td class="num" data-col="rank">{c.rank}</td>
                        <td class="num" data-col="change">{change_cell}</td>
                    </tr>
                }
            })
            .collect_view();
        let services = m
            .service_categories
            .iter()
            .map(|cat| {
                let members = data.0.services_by_district[i]
                    .get(&cat.id)
                    .cloned()
                    .unwrap_or_default();
                let count = members.len();
                // Named services inline; the unnamed ones (OSM points) as one count; at most
                // MAX_NAMES names per category, so that the profile stays on one page.
                let named: Vec<String> = members
                    .iter()
                    .map(|&k| &d.services[k])
                    .filter(|svc| !svc.name.is_empty())
                    .map(|svc| {
                        if svc.address.is_empty() || svc.name.contains(&svc.address) {
                            svc.name.clone()
                        } else {
                            format!("{}, {}", svc.name, svc.address)
                        }
                    })
                    .collect();
                let unnamed = count - named.len();
                let more = named.len().saturating_sub(MAX_NAMES);
                let mut items: Vec<String> = named.into_iter().take(MAX_NAMES).collect();
                if more > 0 {
                    items.push(format!("+ {more} {}", tr(l, "weitere", "more")));
                }
                if unnamed > 0 {
                    items.push(format!("{unnamed} × {}", tr(l, "ohne Namen", "unnamed")));
                }
                let names = items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view();
                view! {
                    <li class:empty=count == 0 data-testid="profile-service" data-category=cat.id.0.clone() data-count=count.to_string()>
                        <span class="profile-service-head">
                            {crate::ui::controls::symbol_svg(cat.shape, cat.color.clone())}
                            <span>{cat.label.get(l).to_owned()}</span>
                            <span class="count">{count}</span>
                        </span>
                        {(count > 0).then(|| view! { <ul class="names">{names}</ul> })}
                    </li>
                }
            })
            .collect_view();
        let total: usize = data.0.services_by_district[i].values().map(Vec::len).sum();
        let sources = m
            .attribution
            .iter()
            .map(|a| {
                let url = a
                    .url
                    .as_ref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                format!("{} — {}{url}", a.text, a.licence.get(l))
            })
            .chain(m.notes.iter().map(|n| n.get(l).to_owned()))
            .map(|t| view! { <li>{t}</li> })
            .collect_view();
        let badge = data.0.highlighted[i].clone().map(|name| {
            let label = m
                .highlight
                .as_ref()
                .map(|h| h.label.get(l).to_owned())
                .unwrap_or_default();
            view! { <p class="badge">{format!("{label}: {name}")}</p> }
        });
        let canvas_ref = NodeRef::<Canvas>::new();
        let loaded = data.clone();
        Effect::new(move |_| {
            if let Some(c) = canvas_ref.get() {
                draw_inset(&c, &loaded.0, i);
            }
        });
        let map_label = match l {
            Lang::De => format!("Lage von {} im Stadtgebiet", district.name),
            Lang::En => format!("Location of {} in the city", district.name),
        };
        let heading_year = format!("{} {year}", tr(l, "Wert", "Value"));
        let change_head = span
            .map(|(a, b)| format!("Δ {a}→{b}"))
            .unwrap_or_else(|| tr(l, "Veränderung", "Change").to_owned());
        Some(
            view! {
                <article class="profile" data-testid="profile" aria-labelledby="profile-name">
                    <header class="profile-head">
                        <div class="profile-titles">
                            <p class="profile-kicker">{format!("Chancenatlas – {}", m.title.get(l))}</p>
                            <h1 id="profile-name" data-testid="profile-name">{district.name.clone()}</h1>
                            <p class="profile-meta" data-testid="profile-meta">
                                {format!("{} {} · {}\u{202f}km² · {} {year}", m.district_label.get(l), district.key, number(area, 1, l), tr(l, "Datenjahr", "Data year"))}
                            </p>
                            {badge}
                            <button class="profile-print primary" data-testid="profile-print" on:click=move |_| print_now()>
                                {tr(l, "Drucken", "Print")}
                            </button>
                        </div>
                        <figure class="profile-inset">
                            <canvas node_ref=canvas_ref class="profile-map" data-testid="profile-map" role="img" aria-label=map_label.clone()></canvas>
                            <figcaption>{map_label}</figcaption>
                        </figure>
                    </header>
                    <section class="profile-section">
                        <h2>{tr(l, "Indikatoren", "Indicators")}</h2>
                        <table class="profile-table" data-testid="profile-indicators">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(l, "Indikator", "Indicator")}</th>
                                    <th scope="col" class="num">{heading_year}</th>
                                    <th scope="col" class="num">{crate::i18n::T::Median.get(l)}</th>
                                    <th scope="col" class="num">{tr(l, "Rang", "Rank")}</th>
                                    <th scope="col" class="num">{change_head}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <p class="profile-note">{tr(l,
                            "Rang 1 = höchster Wert (bei Indikatoren, wo ein niedriger Wert Bedarf anzeigt: niedrigster Wert) unter allen Gebieten mit Daten. Veränderungen von Anteilen in Prozentpunkten.",
                            "Rank 1 = highest value (for indicators where a low value signals need: lowest value) among all areas with data. Changes of shares in percentage points.")}</p>
                    </section>
                    <section class="profile-section">
                        <h2>{format!("{} ({total})", tr(l, "Angebote im Gebiet", "Services in the area"))}</h2>
                        <ul class="profile-services" data-testid="profile-services">{services}</ul>
                    </section>
                    <footer class="profile-foot" data-testid="profile-sources">
                        <h2>{tr(l, "Quellen und Lizenzen", "Sources and licences")}</h2>
                        <ul>{sources}</ul>
                        <p class="profile-date" data-testid="profile-date">{today(l)}</p>
                    </footer>
                </article>
            }
            .into_any(),
        )
    }
}
