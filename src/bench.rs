//! `?bench=1`: the benchmark protocol (BENCHMARKS.md), the same for the app and its peers.
//!
//! After the data has loaded: first render → recolour by a second numeric property
//! (`?indicator2=`, default the dataset's second indicator) → 10 pans of 100 px (right,
//! down, left, up, …). Each step is a `performance.measure` (`atlas:load`,
//! `atlas:first-render`, `atlas:recolor`, `atlas:pan` = mean per pan) ending when the frame
//! is on screen: the map canvas has drawn (its `data-draw-count` went up) and one more
//! animation frame has passed — two requestAnimationFrames, as the protocol asks of canvas
//! 2D. The results also go to `window.__bench`, then `window.__benchDone = true`.

use crate::data_url::now;
use crate::state::AppState;
use atlas_core::IndicatorId;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn draw_count() -> u64 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=map-canvas]").ok().flatten())
        .and_then(|c| c.get_attribute("data-draw-count"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Wait until the map has drawn a frame after `before` frames, plus one more animation
/// frame (the drawn frame has then been presented). Gives up after ~10 s of frames.
async fn frame_drawn(before: u64) {
    // Let the reactive effects run first (they are queued as microtasks, a few hops deep),
    // so that the map's draw callback is registered before ours and the first frame can
    // already show it; then "drawn + one frame" is the peers' two frames.
    for _ in 0..20 {
        let _ =
            wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
    }
    for _ in 0..600 {
        next_frame().await;
        if draw_count() > before {
            break;
        }
    }
    next_frame().await;
}

/// `performance.measure(name, {start, end})` (web-sys lacks the options form here).
fn measure(name: &str, start: f64, end: f64) {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&opts, &"end".into(), &end.into());
    if let Ok(f) = js_sys::Reflect::get(&perf, &"measure".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call2(&perf, &name.into(), &opts);
        }
    }
}

/// Run the protocol; `loaded_at` is `performance.now()` when the data was ready.
pub fn run(s: AppState, indicator2: Option<String>, loaded_at: f64) {
    leptos::task::spawn_local(async move {
        measure("atlas:load", 0.0, loaded_at);
        frame_drawn(0).await;
        let first = now();
        measure("atlas:first-render", loaded_at, first);

        // Recolour: the named second indicator, else the next one of the dataset.
        let second = s.data.get_untracked().and_then(|d| {
            let m = &d.0.dataset.manifest;
            let current = s.indicator.get_untracked();
            indicator2
                .map(IndicatorId)
                .filter(|i| m.indicator(i).is_some())
                .or_else(|| {
                    m.indicators
                        .iter()
                        .map(|i| i.id.clone())
                        .find(|i| Some(i) != current.as_ref())
                })
        });
        let t0 = now();
        let before = draw_count();
        s.indicator.set(second);
        frame_drawn(before).await;
        let t1 = now();
        measure("atlas:recolor", t0, t1);

        const STEPS: [(f64, f64); 4] = [(-100.0, 0.0), (0.0, -100.0), (100.0, 0.0), (0.0, 100.0)];
        let pans = 10;
        let start = now();
        let mut total = 0.0;
        for i in 0..pans {
            let (dx, dy) = STEPS[i % 4];
            let before = draw_count();
            let t = now();
            s.viewport.update(|v| {
                if let Some(v) = v {
                    v.pan(dx, dy)
                }
            });
            frame_drawn(before).await;
            total += now() - t;
        }
        let pan = total / pans as f64;
        measure("atlas:pan", start, start + pan);

        let Some(w) = web_sys::window() else { return };
        let o = js_sys::Object::new();
        for (k, v) in [
            ("load_ms", loaded_at),
            ("first_render_ms", first - loaded_at),
            ("recolor_ms", t1 - t0),
            ("pan_ms", pan),
        ] {
            let _ = js_sys::Reflect::set(&o, &k.into(), &v.into());
        }
        // The wasm linear memory is not in the JS heap figures the runner reads over CDP.
        let wasm_bytes = js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into())
            .and_then(|b| js_sys::Reflect::get(&b, &"byteLength".into()))
            .ok()
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0);
        let _ = js_sys::Reflect::set(&o, &"wasm_memory_bytes".into(), &wasm_bytes.into());
        let _ = js_sys::Reflect::set(&w, &"__bench".into(), &o);
        let _ = js_sys::Reflect::set(&w, &"__benchDone".into(), &JsValue::TRUE);
    });
}
