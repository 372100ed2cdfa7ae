//! The map: one canvas, drawn from the prepared dataset and the current choropleth.
//!
//! Canvas 2D rather than SVG: a later issue asks for ~11,000 polygons interactive, which is
//! beyond what a DOM of SVG paths pans smoothly. Outlines become `Path2D` objects once per
//! load, in local Mercator metres; every frame only sets one affine transform and fills.
//! Hit-testing goes through the core's R-tree, not the DOM. The table is the keyboard and
//! screen-reader route to every value shown here.

use crate::i18n::T;
use crate::load::Loaded;
use crate::state::{use_app_state, AppState, Hover, HoverTarget, Shared};
use crate::ui::tooltip::Tooltip;
use atlas_core::choropleth::Choropleth;
use atlas_core::manifest::Shape;
use atlas_core::projection::Viewport;
use atlas_core::raster::pack_rgba;
use atlas_core::DistrictId;
use geo::{Coord, Intersects};
use leptos::html::Canvas;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, CanvasWindingRule, HtmlCanvasElement, Path2d};

/// Zoom factor of one button press or key press.
const ZOOM_STEP: f64 = 1.5;
/// Pixels one arrow key press pans.
const PAN_STEP: f64 = 80.0;
/// District names appear from this zoom (relative to the fitted city view) on.
const LABEL_ZOOM: f64 = 2.5;
/// A pointer that moved less than this between down and up is a click, not a drag.
const CLICK_SLOP_PX: f64 = 5.0;
/// Services are hit within this many pixels of their symbol's centre.
const SERVICE_HIT_PX: f64 = 7.0;
/// From this many districts on, the screen map is drawn through the district-id raster
/// (`atlas_core::raster`): per-district canvas calls and `Path2D` building grow with the
/// district count, the raster with the pixel count (see BENCHMARKS.md).
pub const RASTER_MIN_DISTRICTS: usize = 1000;

/// Reusable buffers of the raster mode (kept between frames: no per-frame allocation once
/// the canvas size is stable).
#[derive(Default)]
pub struct RasterBuffers {
    ids: atlas_core::raster::IdRaster,
    pixels: Vec<u32>,
    colors: Vec<u32>,
    hatch: Vec<bool>,
    /// What `ids` was scan-converted for (dataset address, size, scale) and the transform:
    /// a recolour with the same view only runs the colouring pass, a pan by whole pixels
    /// shifts the ids and scan-converts only the uncovered strips.
    key: Option<(usize, (u32, u32), [u64; 2])>,
    last: [f64; 6],
}

/// Path2D outlines built for one loaded dataset.
struct Paths {
    data: Shared<Loaded>,
    districts: Vec<Path2d>,
}

/// Pointer gesture state (not reactive: only the handlers read it).
#[derive(Default)]
struct Gesture {
    /// Active pointers: id and last position.
    pointers: Vec<(i32, f64, f64)>,
    start: Option<(f64, f64)>,
    moved: bool,
    pinch: Option<f64>,
}

pub fn build_paths(loaded: &Loaded) -> Vec<Path2d> {
    loaded.map.districts.iter().map(district_path).collect()
}

/// One district's outline as a `Path2D` in local metres.
pub fn district_path(d: &atlas_core::prepared::PreparedDistrict) -> Path2d {
    let path = Path2d::new().expect("Path2D is available in every supported browser");
    for polygon in &d.shape {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let mut coords = ring.coords();
            if let Some(first) = coords.next() {
                path.move_to(first.x, first.y);
                for c in coords {
                    path.line_to(c.x, c.y);
                }
                path.close_path();
            }
        }
    }
    path
}

/// Scan-convert the visible districts and put the coloured pixels on the canvas (device
/// pixels; the current transform does not apply to `putImageData`).
fn draw_raster(
    ctx: &CanvasRenderingContext2d,
    f: &Frame,
    rb: &mut RasterBuffers,
    visible: &[DistrictId],
    (w, h): (u32, u32),
    dpr: f64,
) {
    let t = f.viewport.canvas_transform(dpr);
    let key = Some((
        f.loaded as *const Loaded as usize,
        (w, h),
        [t[0].to_bits(), t[3].to_bits()],
    ));
    let (dx, dy) = (t[4] - rb.last[4], t[5] - rb.last[5]);
    let whole = |v: f64| (v - v.round()).abs() < 1e-6;
    if rb.key == key && dx == 0.0 && dy == 0.0 {
        // Same view (a recolour): the ids stand.
    } else if rb.key == key && whole(dx) && whole(dy) {
        let districts = &f.loaded.map.districts;
        for clip in rb.ids.shift(dx.round() as i64, dy.round() as i64) {
            // The strip in map coordinates (device pixel → map: (p − e) / a, (p − f) / d).
            let corner = |x: usize, y: usize| geo::Coord {
                x: (x as f64 - t[4]) / t[0],
                y: (y as f64 - t[5]) / t[3],
            };
            let strip = geo::Rect::new(corner(clip[0], clip[1]), corner(clip[2], clip[3]));
            for id in f.loaded.map.districts_in(strip) {
                rb.ids
                    .fill_clipped(id.0, &districts[id.index()].shape, &t, clip);
            }
        }
    } else {
        rb.ids.clear(w as usize, h as usize);
        for id in visible {
            rb.ids
                .fill(id.0, &f.loaded.map.districts[id.index()].shape, &t);
        }
    }
    rb.key = key;
    rb.last = t;
    rb.colors.clear();
    rb.colors.extend(
        f.choropleth
            .fills
            .iter()
            .map(|c| pack_rgba([c.0, c.1, c.2, 255])),
    );
    rb.hatch.clear();
    rb.hatch
        .extend(f.choropleth.class_of.iter().map(Option::is_none));
    rb.ids.colorize(
        &mut rb.pixels,
        &rb.colors,
        pack_rgba([255, 255, 255, 255]),
        &rb.hatch,
    );
    // `putImageData(new ImageData(pixels, w, h), 0, 0)` through js-sys (the web-sys
    // ImageData binding would need another crate feature for two calls). The pixels are
    // copied into a JS array first: an `ImageData` over a view of wasm memory itself was
    // measured 5× slower to construct in Chromium 156.
    let pixels = js_sys::Uint8ClampedArray::new_with_length(rb.pixels.len() as u32 * 4);
    // SAFETY: a byte view of the `u32` buffer, only read while `rb.pixels` is borrowed.
    pixels.copy_from(unsafe {
        std::slice::from_raw_parts(
            rb.pixels.as_ptr().cast::<u8>(),
            rb.pixels.len() * std::mem::size_of::<u32>(),
        )
    });
    let global = js_sys::global();
    let Ok(ctor) = js_sys::Reflect::get(&global, &"ImageData".into()) else {
        return;
    };
    let Some(ctor) = ctor.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let args = js_sys::Array::of3(&pixels, &w.into(), &h.into());
    let Ok(image) = js_sys::Reflect::construct(ctor, &args) else {
        return;
    };
    if let Ok(put) = js_sys::Reflect::get(ctx, &"putImageData".into()) {
        if let Some(put) = put.dyn_ref::<js_sys::Function>() {
            let _ = put.call3(ctx, &image, &0.into(), &0.into());
        }
    }
}

pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
}

fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0)
}

/// Draw a service symbol centred at (x, y) CSS px; shapes differ so that categories can be
/// told apart without colour.
fn symbol(ctx: &CanvasRenderingContext2d, shape: Shape, x: f64, y: f64, r: f64) {
    ctx.begin_path();
    match shape {
        Shape::Circle => {
            let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
        }
        Shape::Square => ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7),
        Shape::Triangle => {
            ctx.move_to(x, y - r * 1.1);
            ctx.line_to(x + r, y + r * 0.8);
            ctx.line_to(x - r, y + r * 0.8);
        }
        Shape::Diamond => {
            ctx.move_to(x, y - r * 1.2);
            ctx.line_to(x + r, y);
            ctx.line_to(x, y + r * 1.2);
            ctx.line_to(x - r, y);
        }
        Shape::Cross => {
            let a = r * 0.38;
            for (dx, dy) in [
                (-a, -r),
                (a, -r),
                (a, -a),
                (r, -a),
                (r, a),
                (a, a),
                (a, r),
                (-a, r),
                (-a, a),
                (-r, a),
                (-r, -a),
                (-a, -a),
            ] {
                ctx.line_to(x + dx, y + dy);
            }
        }
        Shape::Star => {
            for i in 0..10 {
                let radius = if i % 2 == 0 { r * 1.2 } else { r * 0.5 };
                let angle = std::f64::consts::PI * (i as f64) / 5.0 - std::f64::consts::FRAC_PI_2;
                ctx.line_to(x + radius * angle.cos(), y + radius * angle.sin());
            }
        }
    }
    ctx.close_path();
    ctx.fill();
    ctx.stroke();
}

pub struct Frame<'a> {
    pub loaded: &'a Loaded,
    pub paths: &'a [Path2d],
    pub choropleth: &'a Choropleth,
    pub viewport: &'a Viewport,
    pub hover: Option<DistrictId>,
    pub selected: Option<DistrictId>,
    pub layers: &'a HashSet<String>,
    /// Services drawn (category on and value in the filter range).
    pub service_visible: &'a dyn Fn(usize) -> bool,
    pub show_highlight: bool,
    /// Loaded background tiles with their screen rectangles (empty: no basemap).
    pub tiles: &'a [(web_sys::HtmlImageElement, atlas_core::tiles::Tile)],
    /// Raster-mode buffers: districts are drawn through the id raster (no tiles, large
    /// maps). `None`, or tiles present: one `fill` and `stroke` per district from `paths`.
    pub raster: Option<&'a std::cell::RefCell<RasterBuffers>>,
}

/// Draw one frame; returns (districts drawn, service symbols drawn).
fn draw(canvas: &HtmlCanvasElement, f: &Frame) -> (usize, usize) {
    draw_scaled(canvas, f, device_pixel_ratio())
}

/// Draw one frame at `dpr` device pixels per CSS pixel (the screen's ratio, or 1/2/4 for
/// the PNG export); returns (districts drawn, service symbols drawn).
pub fn draw_scaled(canvas: &HtmlCanvasElement, f: &Frame, dpr: f64) -> (usize, usize) {
    let Some(ctx) = context(canvas) else {
        return (0, 0);
    };
    let vp = f.viewport;
    let (w, h) = (
        (vp.width * dpr).round() as u32,
        (vp.height * dpr).round() as u32,
    );
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, w as f64, h as f64);
    // Optional background map under translucent fills.
    if !f.tiles.is_empty() {
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        for (img, t) in f.tiles {
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                img, t.left, t.top, t.size, t.size,
            );
        }
        ctx.set_global_alpha(0.75);
    }

    let [a, b, c, d, e, g] = vp.canvas_transform(dpr);
    let _ = ctx.set_transform(a, b, c, d, e, g);
    let visible: Vec<DistrictId> = f.loaded.map.districts_in(vp.visible()).collect();
    // A district's path: the prepared one, or built now (raster mode builds none up front;
    // only the few outlined districts need one).
    let path_of = |i: usize| {
        f.paths
            .get(i)
            .cloned()
            .unwrap_or_else(|| district_path(&f.loaded.map.districts[i]))
    };
    let raster = f.raster.filter(|_| f.tiles.is_empty());
    if let Some(rb) = raster {
        draw_raster(&ctx, f, &mut rb.borrow_mut(), &visible, (w, h), dpr);
    }
    // Fill, then all outlines, so that no fill covers a neighbour's outline.
    for id in visible.iter().filter(|_| raster.is_none()) {
        ctx.set_fill_style_str(&f.choropleth.fills[id.index()].hex());
        ctx.fill_with_path_2d_and_winding(&f.paths[id.index()], CanvasWindingRule::Evenodd);
    }
    ctx.set_global_alpha(1.0);
    // "No data" is grey *and* hatched, so it stays distinct even from a grey palette.
    for id in visible
        .iter()
        .filter(|id| raster.is_none() && f.choropleth.class_of[id.index()].is_none())
    {
        let bounds = f.loaded.map.districts[id.index()].bounds;
        let (a, b) = (vp.to_screen(bounds.min()), vp.to_screen(bounds.max()));
        ctx.save();
        ctx.clip_with_path_2d_and_winding(&f.paths[id.index()], CanvasWindingRule::Evenodd);
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.set_stroke_style_str("rgba(0,0,0,0.3)");
        ctx.set_line_width(1.0);
        ctx.begin_path();
        let (x0, x1, y0, y1) = (a.x.min(b.x), a.x.max(b.x), a.y.min(b.y), a.y.max(b.y));
        let mut x = x0 - (y1 - y0);
        while x < x1 {
            ctx.move_to(x, y1);
            ctx.line_to(x + (y1 - y0), y0);
            x += 6.0;
        }
        ctx.stroke();
        ctx.restore();
    }
    let px = 1.0 / vp.scale; // one CSS pixel in map units
    ctx.set_line_join("round");
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(0.8 * px);
    for id in visible.iter().filter(|_| raster.is_none()) {
        ctx.stroke_with_path(&f.paths[id.index()]);
    }
    if f.show_highlight {
        // Highlighted areas (model municipalities): a dashed violet outline, distinct from
        // the selection (black) and the hover (dark grey) and from every palette.
        ctx.set_stroke_style_str("#5e3c99");
        ctx.set_line_width(2.5 * px);
        let dash = js_sys::Array::of2(&(6.0 * px).into(), &(3.0 * px).into());
        let _ = ctx.set_line_dash(&dash);
        for id in visible
            .iter()
            .filter(|id| f.loaded.highlighted[id.index()].is_some())
        {
            ctx.stroke_with_path(&path_of(id.index()));
        }
        let _ = ctx.set_line_dash(&js_sys::Array::new());
    }
    if let Some(id) = f.selected {
        let path = path_of(id.index());
        ctx.set_stroke_style_str("#000000");
        ctx.set_line_width(4.0 * px);
        ctx.stroke_with_path(&path);
        ctx.set_stroke_style_str("#ffffff");
        ctx.set_line_width(1.5 * px);
        ctx.stroke_with_path(&path);
    }
    if let Some(id) = f.hover.filter(|h| Some(*h) != f.selected) {
        ctx.set_stroke_style_str("#1a1a1a");
        ctx.set_line_width(2.5 * px);
        ctx.stroke_with_path(&path_of(id.index()));
    }

    // Screen-space layers: labels and service symbols keep their pixel size.
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    if vp.zoom_ratio() >= LABEL_ZOOM {
        ctx.set_font("600 12px system-ui, sans-serif");
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
        ctx.set_fill_style_str("#111111");
        let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
        for id in &visible {
            let dist = &f.loaded.dataset.districts[id.index()];
            let p = vp.to_screen(f.loaded.map.districts[id.index()].label_point);
            let half_w = ctx
                .measure_text(&dist.name)
                .map(|m| m.width())
                .unwrap_or(60.0)
                / 2.0
                + 2.0;
            let bx = (p.x - half_w, p.y - 8.0, p.x + half_w, p.y + 8.0);
            let overlaps = placed
                .iter()
                .any(|q| bx.0 < q.2 && bx.2 > q.0 && bx.1 < q.3 && bx.3 > q.1);
            if !overlaps {
                let _ = ctx.stroke_text(&dist.name, p.x, p.y);
                let _ = ctx.fill_text(&dist.name, p.x, p.y);
                placed.push(bx);
            }
        }
    }
    let mut services_drawn = 0;
    if !f.layers.is_empty() {
        let view = vp.visible();
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str("#222222");
        for cat in &f.loaded.dataset.manifest.service_categories {
            if !f.layers.contains(&cat.id.0) {
                continue;
            }
            ctx.set_fill_style_str(&cat.color);
            for (i, (s, p)) in f
                .loaded
                .dataset
                .services
                .iter()
                .zip(&f.loaded.map.services)
                .enumerate()
            {
                if s.category != cat.id || !view.intersects(&p.position) || !(f.service_visible)(i)
                {
                    continue;
                }
                let q = vp.to_screen(p.position);
                symbol(&ctx, cat.shape, q.x, q.y, 4.5);
                services_drawn += 1;
            }
        }
    }
    (visible.len(), services_drawn)
}

/// The loaded tiles of the deployment's basemap for this view (none when not configured or
/// switched off). Missing tiles are requested; each arrival triggers a redraw.
fn basemap_tiles(
    s: &AppState,
    loaded: &Loaded,
    vp: &Viewport,
    cache: StoredValue<HashMap<String, web_sys::HtmlImageElement>, leptos::prelude::LocalStorage>,
) -> Vec<(web_sys::HtmlImageElement, atlas_core::tiles::Tile)> {
    let Some(basemap) = s.catalog.get_untracked().and_then(|c| c.basemap) else {
        return Vec::new();
    };
    if !s.basemap_on.get_untracked() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for tile in atlas_core::tiles::tiles_for_view(vp, loaded.map.origin, basemap.max_zoom) {
        let url = tile.url(&basemap.url);
        let img = cache.with_value(|c| c.get(&url).cloned());
        let img = match img {
            Some(img) => img,
            None => {
                let Ok(img) = web_sys::HtmlImageElement::new() else {
                    continue;
                };
                let tick = s.tile_tick;
                let onload =
                    wasm_bindgen::closure::Closure::once_into_js(move || tick.update(|n| *n += 1));
                img.set_onload(Some(onload.unchecked_ref()));
                img.set_src(&url);
                cache.update_value(|c| {
                    c.insert(url.clone(), img.clone());
                });
                img
            }
        };
        if img.complete() && img.natural_width() > 0 {
            out.push((img, tile));
        }
    }
    out
}

fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Pointer position relative to the canvas, in CSS pixels.
fn local_xy(canvas: &HtmlCanvasElement, client_x: f64, client_y: f64) -> (f64, f64) {
    let r = canvas.get_bounding_client_rect();
    (client_x - r.left(), client_y - r.top())
}

/// What is under screen point (x, y): a visible service symbol first, then a district.
fn hit(s: &AppState, x: f64, y: f64) -> Option<HoverTarget> {
    let data = s.data.get_untracked()?;
    let vp = s.viewport.get_untracked()?;
    let p = vp.to_map(Coord { x, y });
    let layers = s.layers.get_untracked();
    let loaded = &data.0;
    if !layers.is_empty() {
        let radius = SERVICE_HIT_PX / vp.scale;
        if let Some(i) = loaded
            .map
            .service_near(p, radius, |i| s.service_visible(loaded, i))
        {
            return Some(HoverTarget::Service(i));
        }
    }
    loaded.map.district_at(p).map(HoverTarget::District)
}

fn fit(s: &AppState, canvas: &HtmlCanvasElement) {
    let Some(data) = s.data.get_untracked() else {
        return;
    };
    let (w, h) = (canvas.client_width() as f64, canvas.client_height() as f64);
    if w > 0.0 && h > 0.0 {
        s.viewport
            .set(Some(Viewport::fit(data.0.map.bounds, w, h, 16.0)));
        // A view from a link is relative to this fitted view.
        if let Some(view) = s.pending_map.get_untracked() {
            s.pending_map.set(None);
            crate::url::apply_map_view(s, view);
        }
    }
}

/// Test and automation hooks on `window.__atlas` (read-only views of the state): the
/// screen point of a district, its fill colour, the viewport.
fn install_hooks(s: AppState) {
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let hooks = js_sys::Object::new();
    let screen_point = Closure::<dyn Fn(String) -> JsValue>::new(move |key: String| {
        let (Some(data), Some(vp)) = (s.data.get_untracked(), s.viewport.get_untracked()) else {
            return JsValue::NULL;
        };
        let Some(d) = data.0.dataset.district_by_key(&key) else {
            return JsValue::NULL;
        };
        let p = vp.to_screen(data.0.map.districts[d.id.index()].label_point);
        js_sys::Array::of2(&p.x.into(), &p.y.into()).into()
    });
    let fill_of = Closure::<dyn Fn(String) -> JsValue>::new(move |key: String| {
        let (Some(data), Some(c)) = (s.data.get_untracked(), s.choropleth.get_untracked()) else {
            return JsValue::NULL;
        };
        data.0
            .dataset
            .district_by_key(&key)
            .map(|d| JsValue::from_str(&c.0.fills[d.id.index()].hex()))
            .unwrap_or(JsValue::NULL)
    });
    let viewport = Closure::<dyn Fn() -> JsValue>::new(move || {
        let Some(vp) = s.viewport.get_untracked() else {
            return JsValue::NULL;
        };
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"cx".into(), &vp.center.x.into());
        let _ = js_sys::Reflect::set(&o, &"cy".into(), &vp.center.y.into());
        let _ = js_sys::Reflect::set(&o, &"scale".into(), &vp.scale.into());
        o.into()
    });
    let _ = js_sys::Reflect::set(&hooks, &"screenPoint".into(), screen_point.as_ref());
    let _ = js_sys::Reflect::set(&hooks, &"fillOf".into(), fill_of.as_ref());
    let _ = js_sys::Reflect::set(&hooks, &"viewport".into(), viewport.as_ref());
    let _ = js_sys::Reflect::set(&window, &"__atlas".into(), &hooks);
    // The hooks live as long as the page.
    screen_point.forget();
    fill_of.forget();
    viewport.forget();
}

#[component]
pub fn MapView() -> impl IntoView {
    let s = use_app_state();
    let canvas_ref = NodeRef::<Canvas>::new();
    let paths = StoredValue::new_local(None::<Paths>);
    let gesture = StoredValue::new_local(Gesture::default());
    // Draw bookkeeping: a frame is pending; the choropleth of the last frame (for the
    // `atlas:recolor` mark); whether the first full render was marked.
    let frame_pending = StoredValue::new_local(false);
    let last_fills = StoredValue::new_local(None::<Arc<Choropleth>>);
    let draw_count = StoredValue::new_local(0u64);
    let tile_cache = StoredValue::new_local(HashMap::<String, web_sys::HtmlImageElement>::new());
    let raster = StoredValue::new_local(std::rc::Rc::new(std::cell::RefCell::new(
        RasterBuffers::default(),
    )));
    install_hooks(s);

    let redraw = move || {
        let (Some(canvas), Some(data), Some(chor), Some(vp)) = (
            canvas_ref.get_untracked(),
            s.data.get_untracked(),
            s.choropleth.get_untracked(),
            s.viewport.get_untracked(),
        ) else {
            return;
        };
        let tiles = basemap_tiles(&s, &data.0, &vp, tile_cache);
        // Large maps without basemap go through the raster and need no paths up front.
        let use_raster = data.0.map.districts.len() >= RASTER_MIN_DISTRICTS && tiles.is_empty();
        let stale = paths.with_value(|p| {
            p.as_ref().is_none_or(|p| {
                p.data != data || (!use_raster && p.districts.len() != data.0.map.districts.len())
            })
        });
        if stale {
            paths.set_value(Some(Paths {
                districts: if use_raster {
                    Vec::new()
                } else {
                    build_paths(&data.0)
                },
                data: data.clone(),
            }));
        }
        let raster_buffers = raster.get_value();
        let hover = match s.hover.get_untracked().map(|h| h.target) {
            Some(HoverTarget::District(d)) => Some(d),
            _ => None,
        };
        let layers: HashSet<String> = s.layers.get_untracked().into_iter().map(|c| c.0).collect();
        let (drawn, services) = paths.with_value(|p| {
            let p = p.as_ref().expect("paths were built above");
            draw(
                &canvas,
                &Frame {
                    loaded: &data.0,
                    paths: &p.districts,
                    choropleth: &chor.0,
                    viewport: &vp,
                    hover,
                    selected: s.selected.get_untracked(),
                    layers: &layers,
                    service_visible: &|i| s.service_visible(&data.0, i),
                    show_highlight: s.show_highlight.get_untracked(),
                    tiles: &tiles,
                    raster: use_raster.then_some(&*raster_buffers),
                },
            )
        });
        let _ = canvas.set_attribute("data-tiles-drawn", &tiles.len().to_string());
        let n = draw_count.with_value(|c| c + 1);
        draw_count.set_value(n);
        let _ = canvas.set_attribute("data-drawn", &drawn.to_string());
        let _ = canvas.set_attribute("data-services-drawn", &services.to_string());
        let _ = canvas.set_attribute("data-draw-count", &n.to_string());
        // Marks for the benchmark: the first full frame, and each frame that shows a new
        // colouring of the same dataset.
        match last_fills.get_value() {
            None => mark("atlas:first-render"),
            Some(prev) if prev.fills != chor.0.fills || prev.spec != chor.0.spec => {
                mark("atlas:recolor")
            }
            _ => {}
        }
        last_fills.set_value(Some(chor.0.clone()));
    };

    // Sync with the canvas (outside the reactive system): track what the picture depends
    // on, then draw once in the next animation frame however many of them changed.
    Effect::new(move |_| {
        s.data.track();
        s.choropleth.track();
        s.viewport.track();
        s.hover.track();
        s.selected.track();
        s.layers.track();
        s.service_range.track();
        s.show_highlight.track();
        s.basemap_on.track();
        s.tile_tick.track();
        if !frame_pending.get_value() {
            frame_pending.set_value(true);
            request_animation_frame(move || {
                frame_pending.set_value(false);
                redraw();
            });
        }
    });

    // Fit the city when a dataset arrives (the viewport is reset to None on load).
    Effect::new(move |_| {
        if s.data.get().is_some() && s.viewport.get().is_none() {
            if let Some(canvas) = canvas_ref.get() {
                fit(&s, &canvas);
            }
        }
    });

    // Follow the canvas size (window resize, panel changes).
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let target = canvas.clone();
        let observer = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            let (w, h) = (target.client_width() as f64, target.client_height() as f64);
            match s.viewport.get_untracked() {
                Some(mut vp) if w > 0.0 && h > 0.0 => {
                    vp.resize(w, h);
                    s.viewport.set(Some(vp));
                }
                None => fit(&s, &target),
                _ => {}
            }
        });
        if let Ok(ro) = web_sys::ResizeObserver::new(observer.as_ref().unchecked_ref()) {
            ro.observe(&canvas);
        }
        observer.forget();
    });

    let update_view = move |f: &dyn Fn(&mut Viewport)| {
        s.viewport.update(|v| {
            if let Some(v) = v {
                f(v)
            }
        })
    };
    let zoom_centre = move |factor: f64| {
        update_view(&|v: &mut Viewport| {
            let c = Coord {
                x: v.width / 2.0,
                y: v.height / 2.0,
            };
            v.zoom_at(c, factor)
        })
    };

    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        let (x, y) = local_xy(&canvas, ev.client_x() as f64, ev.client_y() as f64);
        gesture.update_value(|g| {
            g.pointers.retain(|p| p.0 != ev.pointer_id());
            g.pointers.push((ev.pointer_id(), x, y));
            if g.pointers.len() == 1 {
                g.start = Some((x, y));
                g.moved = false;
            } else {
                g.moved = true; // a second finger: a pinch, never a click
                g.pinch = None;
            }
        });
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let (x, y) = local_xy(&canvas, ev.client_x() as f64, ev.client_y() as f64);
        let id = ev.pointer_id();
        let mut pan = None;
        let mut pinch = None;
        let mut dragging = false;
        gesture.update_value(|g| {
            let Some(i) = g.pointers.iter().position(|p| p.0 == id) else {
                return;
            };
            let (_, px, py) = g.pointers[i];
            g.pointers[i] = (id, x, y);
            dragging = true;
            if g.pointers.len() == 1 {
                if let Some((sx, sy)) = g.start {
                    if (x - sx).hypot(y - sy) > CLICK_SLOP_PX {
                        g.moved = true;
                    }
                }
                if g.moved {
                    pan = Some((x - px, y - py));
                }
            } else if g.pointers.len() == 2 {
                let (a, b) = (g.pointers[0], g.pointers[1]);
                let dist = (a.1 - b.1).hypot(a.2 - b.2);
                let mid = Coord {
                    x: (a.1 + b.1) / 2.0,
                    y: (a.2 + b.2) / 2.0,
                };
                if let Some(prev) = g.pinch {
                    pinch = Some((mid, dist / prev.max(1.0)));
                }
                g.pinch = Some(dist);
            }
        });
        if let Some((dx, dy)) = pan {
            update_view(&|v: &mut Viewport| v.pan(dx, dy));
        } else if let Some((mid, factor)) = pinch {
            update_view(&|v: &mut Viewport| v.zoom_at(mid, factor));
        } else if !dragging {
            let target = hit(&s, x, y);
            let next = target.map(|target| Hover { target, x, y });
            if s.hover.get_untracked() != next {
                s.hover.set(next);
            }
        }
    };
    let on_pointer_up = move |ev: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let (x, y) = local_xy(&canvas, ev.client_x() as f64, ev.client_y() as f64);
        let mut click = false;
        gesture.update_value(|g| {
            let was_single = g.pointers.len() == 1;
            g.pointers.retain(|p| p.0 != ev.pointer_id());
            if g.pointers.len() < 2 {
                g.pinch = None;
            }
            click = was_single && !g.moved && ev.type_() == "pointerup";
            if g.pointers.is_empty() {
                g.start = None;
            }
        });
        if click {
            let target = hit(&s, x, y);
            let district = match target {
                Some(HoverTarget::District(d)) => Some(d),
                Some(HoverTarget::Service(i)) => s
                    .data
                    .get_untracked()
                    .and_then(|d| d.0.map.services[i].district),
                None => None,
            };
            if let Some(d) = district {
                s.selected.set(Some(d));
                s.tab.set(crate::state::Tab::Details);
            }
            s.hover.set(target.map(|target| Hover { target, x, y }));
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(canvas) = canvas_ref.get_untracked() else {
            return;
        };
        let (x, y) = local_xy(&canvas, ev.client_x() as f64, ev.client_y() as f64);
        // Lines vs pixels: a notch is ~100 px in Chromium; 0.0015/px gives ~16 % per notch.
        let dy = ev.delta_y() * if ev.delta_mode() == 1 { 33.0 } else { 1.0 };
        let factor = (-dy * 0.0015).exp();
        update_view(&|v: &mut Viewport| v.zoom_at(Coord { x, y }, factor));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let handled = match ev.key().as_str() {
            "ArrowLeft" => {
                update_view(&|v: &mut Viewport| v.pan(PAN_STEP, 0.0));
                true
            }
            "ArrowRight" => {
                update_view(&|v: &mut Viewport| v.pan(-PAN_STEP, 0.0));
                true
            }
            "ArrowUp" => {
                update_view(&|v: &mut Viewport| v.pan(0.0, PAN_STEP));
                true
            }
            "ArrowDown" => {
                update_view(&|v: &mut Viewport| v.pan(0.0, -PAN_STEP));
                true
            }
            "+" | "=" => {
                zoom_centre(ZOOM_STEP);
                true
            }
            "-" | "_" => {
                zoom_centre(1.0 / ZOOM_STEP);
                true
            }
            "0" => {
                if let Some(c) = canvas_ref.get_untracked() {
                    fit(&s, &c)
                };
                true
            }
            "Escape" => {
                s.selected.set(None);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };

    let lang = s.lang;
    let aria_label = move || {
        let l = lang.get();
        let name = s
            .data
            .get()
            .map(|d| d.0.dataset.manifest.title.get(l).to_owned())
            .unwrap_or_default();
        let indicator = s
            .choropleth
            .get()
            .and_then(|c| {
                let d = s.data.get()?;
                let i = d.0.dataset.manifest.indicator(&c.0.spec.indicator)?;
                Some(format!("{}, {}", i.label.get(l), c.0.years.1))
            })
            .unwrap_or_default();
        format!("{} {name}: {indicator}", T::MapOf.get(l))
    };

    view! {
        <div class="map-wrap">
            <canvas
                node_ref=canvas_ref
                data-testid="map-canvas"
                class="map-canvas"
                tabindex="0"
                role="img"
                aria-label=aria_label
                aria-describedby="map-help"
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointercancel=on_pointer_up
                on:pointerleave=move |_| s.hover.set(None)
                on:wheel=on_wheel
                on:keydown=on_key
            ></canvas>
            <p id="map-help" class="visually-hidden">{move || T::MapHelp.get(lang.get())}</p>
            <div class="zoom-buttons" role="group" aria-label=move || T::MapControls.get(lang.get())>
                <button data-testid="zoom-in" title=move || T::ZoomIn.get(lang.get())
                    aria-label=move || T::ZoomIn.get(lang.get()) on:click=move |_| zoom_centre(ZOOM_STEP)>"+"</button>
                <button data-testid="zoom-out" title=move || T::ZoomOut.get(lang.get())
                    aria-label=move || T::ZoomOut.get(lang.get()) on:click=move |_| zoom_centre(1.0 / ZOOM_STEP)>"−"</button>
                <button data-testid="zoom-reset" title=move || T::ZoomReset.get(lang.get())
                    aria-label=move || T::ZoomReset.get(lang.get())
                    on:click=move |_| { if let Some(c) = canvas_ref.get_untracked() { fit(&s, &c) } }>"⌂"</button>
            </div>
            <Tooltip/>
            <div class="map-export"><crate::ui::export::ExportMenu/></div>
        </div>
    }
}
