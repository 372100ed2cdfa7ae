//! Export of the current view: PNG at 1×, 2× and 4× (title, legend, sources and date drawn
//! in), SVG (vector, text as text), and the mapped values as CSV. Everything is made in the
//! browser and handed over as a download; nothing is sent anywhere.

use crate::i18n::T;
use crate::state::{use_app_state, Analysis, AppState};
use crate::ui::legend::legend_rows;
use crate::ui::map::{build_paths, context, draw_scaled, Frame as MapFrame};
use atlas_core::export::{
    data_csv, footer_height, svg, DataRow, Frame, HEADER_HEIGHT, LEGEND_WIDTH, LINE_HEIGHT,
};
use atlas_core::format::number;
use atlas_core::Lang;
use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::JsCast;

/// Offer `href` (a data: or blob: URL) as a download called `name`.
pub fn download_href(name: &str, href: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(href);
            a.set_download(name);
            a.click();
        }
    }
}

/// Offer text as a download (through a Blob URL).
pub fn download_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_href(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn today(l: Lang) -> String {
    let d = js_sys::Date::new_0();
    let (day, month, year) = (d.get_date(), d.get_month() + 1, d.get_full_year());
    match l {
        Lang::De => format!("Stand: {day:02}.{month:02}.{year}"),
        Lang::En => format!("As of {year}-{month:02}-{day:02}"),
    }
}

/// Title, subtitle, legend, sources and date of the current view.
fn frame(s: &AppState, l: Lang) -> Option<Frame> {
    let d = s.data.get_untracked()?;
    let m = &d.0.dataset.manifest;
    let (legend_title, legend) = legend_rows(s, l)?;
    let subtitle = match s.analysis.get_untracked() {
        Analysis::Indicator => legend_title.clone(),
        a => format!(
            "{} – {}",
            crate::ui::targeting_controls::analysis_label(a).get(l),
            legend_title
        ),
    };
    Some(Frame {
        title: format!("Chancenatlas – {}", m.title.get(l)),
        subtitle,
        legend_title: T::Legend.get(l).to_owned(),
        legend,
        sources: m
            .attribution
            .iter()
            .map(|a| format!("{} — {}", a.text, a.licence.get(l)))
            .collect(),
        date: today(l),
    })
}

fn file_stem(s: &AppState) -> String {
    let d = s
        .data
        .get_untracked()
        .map(|d| d.0.dataset.manifest.id.clone())
        .unwrap_or_default();
    let c = s
        .choropleth
        .get_untracked()
        .map(|c| c.0.spec.indicator.0.trim_start_matches('_').to_owned())
        .unwrap_or_default();
    format!("chancenatlas-{d}-{c}-{}", s.year.get_untracked())
}

/// The PNG: the same layout as the SVG, `scale` device pixels per CSS pixel.
fn export_png(s: &AppState, scale: f64) {
    let l = s.lang.get_untracked();
    let (Some(data), Some(chor), Some(vp), Some(fr)) = (
        s.data.get_untracked(),
        s.choropleth.get_untracked(),
        s.viewport.get_untracked(),
        frame(s, l),
    ) else {
        return;
    };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let make = |w: f64, h: f64| -> Option<web_sys::HtmlCanvasElement> {
        let c: web_sys::HtmlCanvasElement =
            document.create_element("canvas").ok()?.dyn_into().ok()?;
        c.set_width((w * scale).round() as u32);
        c.set_height((h * scale).round() as u32);
        Some(c)
    };
    let (width, height) = (
        vp.width + LEGEND_WIDTH,
        HEADER_HEIGHT + vp.height + footer_height(&fr),
    );
    let (Some(out), Some(map_canvas)) = (make(width, height), make(vp.width, vp.height)) else {
        return;
    };
    let paths = build_paths(&data.0);
    let layers: HashSet<String> = s.layers.get_untracked().into_iter().map(|c| c.0).collect();
    draw_scaled(
        &map_canvas,
        &MapFrame {
            loaded: &data.0,
            paths: &paths,
            choropleth: &chor.0,
            viewport: &vp,
            hover: None,
            selected: s.selected.get_untracked(),
            layers: &layers,
            service_visible: &|i| s.service_visible(&data.0, i),
            show_highlight: s.show_highlight.get_untracked(),
            // Tiles of another origin would taint the canvas and block the PNG export.
            tiles: &[],
            raster: None,
        },
        scale,
    );
    let Some(ctx) = context(&out) else { return };
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, width, height);
    ctx.set_fill_style_str("#e9ecef");
    ctx.fill_rect(0.0, HEADER_HEIGHT, vp.width, vp.height);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        &map_canvas,
        0.0,
        HEADER_HEIGHT,
        vp.width,
        vp.height,
    );
    ctx.set_text_baseline("alphabetic");
    ctx.set_fill_style_str("#1b1b1b");
    ctx.set_font("bold 20px 'DejaVu Sans', Arial, sans-serif");
    let _ = ctx.fill_text(&fr.title, 12.0, 28.0);
    ctx.set_fill_style_str("#4a4a4a");
    ctx.set_font("13px 'DejaVu Sans', Arial, sans-serif");
    let _ = ctx.fill_text(&fr.subtitle, 12.0, 50.0);
    let lx = vp.width + 16.0;
    let mut y = HEADER_HEIGHT + 18.0;
    ctx.set_fill_style_str("#1b1b1b");
    ctx.set_font("bold 13px 'DejaVu Sans', Arial, sans-serif");
    let _ = ctx.fill_text(&fr.legend_title, lx, y);
    y += 10.0;
    ctx.set_font("12px 'DejaVu Sans', Arial, sans-serif");
    for row in &fr.legend {
        ctx.set_fill_style_str(&row.color.hex());
        ctx.fill_rect(lx, y, 20.0, 14.0);
        ctx.set_stroke_style_str("#888888");
        ctx.stroke_rect(lx, y, 20.0, 14.0);
        ctx.set_fill_style_str("#1b1b1b");
        let _ = ctx.fill_text_with_max_width(&row.label, lx + 28.0, y + 11.5, LEGEND_WIDTH - 48.0);
        y += 20.0;
    }
    ctx.set_fill_style_str("#4a4a4a");
    ctx.set_font("11px 'DejaVu Sans', Arial, sans-serif");
    let mut y = HEADER_HEIGHT + vp.height + LINE_HEIGHT + 2.0;
    for line in fr.sources.iter().chain(std::iter::once(&fr.date)) {
        let _ = ctx.fill_text_with_max_width(line, 12.0, y, width - 24.0);
        y += LINE_HEIGHT;
    }
    if let Ok(url) = out.to_data_url_with_type("image/png") {
        download_href(&format!("{}@{}x.png", file_stem(s), scale as u32), &url);
    }
}

fn export_svg(s: &AppState) {
    let l = s.lang.get_untracked();
    let (Some(data), Some(chor), Some(vp), Some(fr)) = (
        s.data.get_untracked(),
        s.choropleth.get_untracked(),
        s.viewport.get_untracked(),
        frame(s, l),
    ) else {
        return;
    };
    let text = svg(&data.0.map, &chor.0.fills, &vp, &fr);
    download_text(&format!("{}.svg", file_stem(s)), "image/svg+xml", &text);
}

fn export_csv(s: &AppState) {
    let l = s.lang.get_untracked();
    let (Some(data), Some(chor), Some(fr)) = (
        s.data.get_untracked(),
        s.choropleth.get_untracked(),
        frame(s, l),
    ) else {
        return;
    };
    let c = &chor.0;
    let decimals = data
        .0
        .dataset
        .manifest
        .indicator(&c.spec.indicator)
        .map_or(2, |i| i.decimals as usize);
    // Numbers with a dot and no grouping, so that every spreadsheet reads them.
    let rows: Vec<DataRow> = data
        .0
        .dataset
        .districts
        .iter()
        .map(|d| {
            let i = d.id.index();
            DataRow {
                key: d.key.clone(),
                name: d.name.clone(),
                value: if c.suppressed[i] {
                    crate::ui::suppressed_text(&data.0.dataset, l)
                } else {
                    c.values[i]
                        .map(|v| number(v, decimals, Lang::En).replace(',', ""))
                        .unwrap_or_default()
                },
                rank: c.ranks[i],
                class: c.class_of[i],
            }
        })
        .collect();
    let text = data_csv(&fr.subtitle, &rows, &fr.sources.join("; "));
    download_text(
        &format!("{}.csv", file_stem(s)),
        "text/csv;charset=utf-8",
        &text,
    );
}

#[component]
pub fn ExportMenu() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    view! {
        <details class="export-menu" data-testid="export-menu">
            <summary>{move || T::Export.get(lang.get())}</summary>
            <div class="export-buttons" role="group">
                <button data-testid="export-png-1" on:click=move |_| export_png(&s, 1.0)>"PNG 1×"</button>
                <button data-testid="export-png-2" on:click=move |_| export_png(&s, 2.0)>"PNG 2×"</button>
                <button data-testid="export-png-4" on:click=move |_| export_png(&s, 4.0)>"PNG 4×"</button>
                <button data-testid="export-svg" on:click=move |_| export_svg(&s)>"SVG"</button>
                <button data-testid="export-csv" on:click=move |_| export_csv(&s)>{move || format!("CSV ({})", T::Data.get(lang.get()))}</button>
                <crate::ui::profile::PrintButtons/>
            </div>
        </details>
    }
}
