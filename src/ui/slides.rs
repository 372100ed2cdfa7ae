//! Slides and presentation mode. A planner saves views of the map as slides (title, note and
//! the view's permalink query) and presents them later: full screen, large high-contrast
//! type, one slide after the other with a clicker (PageUp/PageDown, arrow keys, Space).
//!
//! Everything stays in the browser: slides are kept in `localStorage` and can be exported to
//! and imported from one JSON file. A slide is applied like a permalink (`crate::restore`, or
//! `crate::switch_dataset` when it shows another dataset), so presenting needs no network
//! beyond the same-origin dataset files. The presenter's UI language wins over the one the
//! slide was saved in.

use crate::state::{use_app_state, AppState};
use atlas_core::permalink::{parse_query, to_query};
use atlas_core::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// `localStorage` key of the saved slides (the export file's format).
pub const STORAGE_KEY: &str = "chancenatlas.slides.v1";
/// Name of the exported file.
pub const FILE_NAME: &str = "chancenatlas-folien.json";
/// `format` field of the file.
const FORMAT: &str = "chancenatlas-slides";
const VERSION: u32 = 1;
const MAX_SLIDES: usize = 500;
const MAX_TITLE: usize = 300;
const MAX_NOTE: usize = 5_000;
const MAX_QUERY: usize = 20_000;
const MAX_FILE_BYTES: f64 = 5_000_000.0;

/// A UI string in the current language (the strings of this panel live here).
fn tr(lang: Lang, de: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// One saved view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slide {
    pub title: String,
    #[serde(default)]
    pub note: String,
    /// The permalink query (`?dataset=…&indicator=…`), see `atlas_core::permalink`.
    pub query: String,
}

/// The file (and the `localStorage` value).
#[derive(Debug, Serialize, Deserialize)]
struct SlideFile {
    format: String,
    version: u32,
    slides: Vec<Slide>,
}

/// Why a slides file was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportError {
    NotJson,
    WrongShape,
    Empty,
    TooMany,
    TooLarge,
    Unreadable,
}

/// The slides as the file's JSON text.
pub fn to_file_json(slides: &[Slide]) -> String {
    let file = SlideFile {
        format: FORMAT.into(),
        version: VERSION,
        slides: slides.to_vec(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Read and check a slides file: valid JSON, this format, every slide with a title of
/// sensible length and a permalink query.
pub fn parse_file(text: &str) -> Result<Vec<Slide>, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    // JSON at all (checked without building a tree), then the shape of a slides file.
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|_| ImportError::NotJson)?;
    let file: SlideFile = serde_json::from_str(text).map_err(|_| ImportError::WrongShape)?;
    if file.format != FORMAT || file.version != VERSION {
        return Err(ImportError::WrongShape);
    }
    if file.slides.is_empty() {
        return Err(ImportError::Empty);
    }
    if file.slides.len() > MAX_SLIDES {
        return Err(ImportError::TooMany);
    }
    let ok = file.slides.iter().all(|s| {
        s.title.chars().count() <= MAX_TITLE
            && s.note.chars().count() <= MAX_NOTE
            && s.query.starts_with('?')
            && s.query.len() <= MAX_QUERY
            && !s.query.chars().any(char::is_control)
    });
    if !ok {
        return Err(ImportError::WrongShape);
    }
    Ok(file.slides)
}

/// A slide in the list, with an id for this session (list keys and focus after a move).
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    id: u64,
    slide: Slide,
}

fn entry(slide: Slide) -> Entry {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    Entry {
        id: NEXT.fetch_add(1, Ordering::Relaxed),
        slide,
    }
}

/// What the panel tells the user last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Msg {
    Added(usize),
    Imported(usize),
    Import(ImportError),
    StorageFailed,
}

fn message_text(m: Msg, l: Lang) -> String {
    let failed = tr(l, "Import fehlgeschlagen:", "Import failed:");
    let kept = tr(
        l,
        "Die vorhandenen Folien bleiben unverändert.",
        "Your slides are unchanged.",
    );
    let why = match m {
        Msg::Added(n) => {
            return format!("{} {n} {}", tr(l, "Folie", "Slide"), tr(l, "gespeichert.", "saved."))
        }
        Msg::Imported(n) => {
            return format!(
                "{n} {}",
                if n == 1 {
                    tr(l, "Folie importiert.", "slide imported.")
                } else {
                    tr(l, "Folien importiert.", "slides imported.")
                }
            )
        }
        Msg::StorageFailed => {
            return tr(
                l,
                "Die Folien konnten im Browser nicht gespeichert werden (Speicher voll oder gesperrt). Bitte als Datei exportieren.",
                "The slides could not be saved in the browser (storage full or blocked). Please export them as a file.",
            )
            .to_owned()
        }
        Msg::Import(ImportError::NotJson) => {
            tr(l, "Die Datei ist kein gültiges JSON.", "The file is not valid JSON.")
        }
        Msg::Import(ImportError::WrongShape) => tr(
            l,
            "Die Datei enthält keine Chancenatlas-Folien (erwartet wird eine mit „Exportieren“ gespeicherte Datei).",
            "The file does not contain Chancenatlas slides (expected a file saved with “Export”).",
        ),
        Msg::Import(ImportError::Empty) => {
            tr(l, "Die Datei enthält keine Folien.", "The file contains no slides.")
        }
        Msg::Import(ImportError::TooMany) => tr(
            l,
            "Zu viele Folien (höchstens 500).",
            "Too many slides (at most 500).",
        ),
        Msg::Import(ImportError::TooLarge) => {
            tr(l, "Die Datei ist zu groß.", "The file is too large.")
        }
        Msg::Import(ImportError::Unreadable) => tr(
            l,
            "Die Datei konnte nicht gelesen werden.",
            "The file could not be read.",
        ),
    };
    format!("{failed} {why} {kept}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_saved() -> Vec<Slide> {
    storage()
        .and_then(|st| st.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| parse_file(&text).ok())
        .unwrap_or_default()
}

/// Save (an empty list removes the key). False when the browser refused.
fn save(slides: &[Slide]) -> bool {
    let Some(st) = storage() else {
        return false;
    };
    if slides.is_empty() {
        st.remove_item(STORAGE_KEY).is_ok()
    } else {
        st.set_item(STORAGE_KEY, &to_file_json(slides)).is_ok()
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Add or remove the class `presenting` on the app root.
fn set_presenting_class(on: bool) {
    if let Some(el) = document().and_then(|d| d.query_selector("[data-testid=app]").ok().flatten())
    {
        let list = el.class_list();
        let _ = if on {
            list.add_1("presenting")
        } else {
            list.remove_1("presenting")
        };
    }
}

/// Focus the element `selector` once the DOM has caught up.
pub(crate) fn focus_later(selector: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Call `target.method()`; if it returns a promise, swallow its rejection (full screen is
/// refused without a user gesture, in iframes without permission and in headless browsers).
fn call_quietly(target: &JsValue, method: &str) {
    let Ok(f) = js_sys::Reflect::get(target, &JsValue::from_str(method)) else {
        return;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if let Ok(result) = f.call0(target) {
        if let Ok(p) = result.dyn_into::<js_sys::Promise>() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            });
        }
    }
}

fn enter_fullscreen() {
    if let Some(el) = document().and_then(|d| d.document_element()) {
        call_quietly(&el, "requestFullscreen");
    }
}

fn leave_fullscreen() {
    if let Some(d) = document() {
        if d.fullscreen_element().is_some() {
            call_quietly(&d, "exitFullscreen");
        }
    }
}

thread_local! {
    /// Window/document listeners of the mounted panel (removed when it unmounts).
    static LISTENERS: RefCell<Vec<(web_sys::EventTarget, &'static str, bool, JsValue)>> =
        const { RefCell::new(Vec::new()) };
}

fn listen(
    target: &web_sys::EventTarget,
    name: &'static str,
    capture: bool,
    f: impl FnMut(web_sys::Event) + 'static,
) {
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(f).into_js_value();
    let _ = target.add_event_listener_with_callback_and_bool(name, cb.unchecked_ref(), capture);
    LISTENERS.with(|l| l.borrow_mut().push((target.clone(), name, capture, cb)));
}

fn unlisten_all() {
    LISTENERS.with(|l| {
        for (target, name, capture, cb) in l.borrow_mut().drain(..) {
            let _ = target.remove_event_listener_with_callback_and_bool(
                name,
                cb.unchecked_ref(),
                capture,
            );
        }
    });
}

/// The default title of a new slide: the legend's title, else the dataset's.
fn default_title(s: &AppState, l: Lang) -> String {
    crate::ui::legend::legend_rows(s, l)
        .map(|(t, _)| t)
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            s.data
                .get_untracked()
                .map(|d| d.0.dataset.manifest.title.get(l).to_owned())
        })
        .unwrap_or_else(|| tr(l, "Folie", "Slide").to_owned())
}

/// Show a slide's view: restore it on the dataset on screen, or switch dataset first.
pub fn apply_slide(s: AppState, slide: &Slide, replace_url: bool) {
    let (mut v, _) = parse_query(&slide.query);
    v.lang = None;
    v.embed = false;
    if replace_url {
        s.url_replace_next.set(true);
    }
    match v.dataset.clone() {
        Some(id)
            if s.dataset_id.get_untracked().as_deref() != Some(id.as_str())
                && s.catalog
                    .get_untracked()
                    .is_some_and(|c| c.entry(&id).is_some()) =>
        {
            crate::switch_dataset(s, id, Some(v));
        }
        _ => crate::restore(s, &v),
    }
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[component]
pub fn Slides() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let slides = RwSignal::new(load_saved().into_iter().map(entry).collect::<Vec<_>>());
    let new_title = RwSignal::new(String::new());
    let new_note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Msg>);
    // Some(index) while presenting.
    let current = RwSignal::new(None::<usize>);

    // Keep localStorage in step (not on the first run: an unreadable value is not overwritten
    // before the user changes something).
    Effect::new(move |prev: Option<()>| {
        let list: Vec<Slide> = slides.with(|v| v.iter().map(|e| e.slide.clone()).collect());
        if prev.is_some() && !save(&list) {
            message.set(Some(Msg::StorageFailed));
        }
    });

    let count = move || slides.with(|v| v.len());
    let slide_at = move |i: usize| slides.with_untracked(|v| v.get(i).map(|e| e.slide.clone()));

    let add = move |_| {
        let l = lang.get_untracked();
        let title = new_title.get_untracked().trim().to_owned();
        let title = if title.is_empty() {
            default_title(&s, l)
        } else {
            title
        };
        let query = untrack(|| to_query(&crate::url::snapshot(&s, false)));
        let slide = Slide {
            title: clip(&title, MAX_TITLE),
            note: clip(new_note.get_untracked().trim(), MAX_NOTE),
            query,
        };
        if slides.with_untracked(|v| v.len()) >= MAX_SLIDES {
            message.set(Some(Msg::Import(ImportError::TooMany)));
            return;
        }
        slides.update(|v| v.push(entry(slide)));
        new_title.set(String::new());
        new_note.set(String::new());
        message.set(Some(Msg::Added(slides.with_untracked(|v| v.len()))));
    };

    let move_slide = move |id: u64, down: bool, testid: &'static str| {
        slides.update(|v| {
            if let Some(i) = v.iter().position(|e| e.id == id) {
                let j = if down { i + 1 } else { i.wrapping_sub(1) };
                if j < v.len() {
                    v.swap(i, j);
                }
            }
        });
        focus_later(format!("[data-slide-id=\"{id}\"] [data-testid={testid}]"));
    };
    let delete = move |id: u64| {
        let mut next_focus = None;
        slides.update(|v| {
            if let Some(i) = v.iter().position(|e| e.id == id) {
                v.remove(i);
                next_focus = v.get(i).or_else(|| v.last()).map(|e| e.id);
            }
        });
        focus_later(match next_focus {
            Some(n) => format!("[data-slide-id=\"{n}\"] [data-testid=slide-delete]"),
            None => "[data-testid=slide-add]".to_owned(),
        });
    };

    // Presenting.
    let go = move |i: usize| {
        let n = slides.with_untracked(|v| v.len());
        let Some(now) = current.get_untracked() else {
            return;
        };
        if n == 0 {
            return;
        }
        let i = i.min(n - 1);
        if i == now {
            return;
        }
        current.set(Some(i));
        if let Some(slide) = slide_at(i) {
            apply_slide(s, &slide, true);
        }
    };
    let exit = move || {
        if current.get_untracked().is_none() {
            return;
        }
        current.set(None);
        set_presenting_class(false);
        leave_fullscreen();
        focus_later("[data-testid=slides-present]".to_owned());
    };
    let present = move |_| {
        let Some(first) = slide_at(0) else {
            return;
        };
        // The class first: the map fits itself to the presentation layout.
        set_presenting_class(true);
        current.set(Some(0));
        enter_fullscreen();
        apply_slide(s, &first, false);
        focus_later("[data-testid=slide-overlay]".to_owned());
    };
    Effect::new(move |_| set_presenting_class(current.get().is_some()));

    // Keys while presenting (capture phase: before the map's own arrow keys and Escape).
    unlisten_all();
    if let Some(w) = web_sys::window() {
        listen(&w, "keydown", true, move |ev| {
            let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let Some(Some(i)) = current.try_get_untracked() else {
                return;
            };
            if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
                return;
            }
            let n = slides.with_untracked(|v| v.len());
            match ev.key().as_str() {
                "ArrowRight" | "PageDown" | " " | "Spacebar" => go(i + 1),
                "ArrowLeft" | "PageUp" => go(i.saturating_sub(1)),
                "Home" => go(0),
                "End" => go(n.saturating_sub(1)),
                "Escape" => exit(),
                _ => return,
            }
            ev.prevent_default();
            ev.stop_propagation();
        });
    }
    // Full screen left by the browser (Esc, F11): leave the presentation too. Entered: fit the
    // slide's map view to the new size.
    if let Some(d) = document() {
        let doc = d.clone();
        listen(&d, "fullscreenchange", false, move |_| {
            let Some(Some(i)) = current.try_get_untracked() else {
                return;
            };
            if doc.fullscreen_element().is_none() {
                exit();
            } else if let Some(slide) = slide_at(i) {
                request_animation_frame(move || {
                    if current.try_get_untracked().flatten().is_some() {
                        s.pending_map.set(parse_query(&slide.query).0.map);
                        s.viewport.set(None);
                    }
                });
            }
        });
    }
    on_cleanup(|| {
        unlisten_all();
        set_presenting_class(false);
    });

    // Export and import.
    let export = move |_| {
        let list: Vec<Slide> =
            slides.with_untracked(|v| v.iter().map(|e| e.slide.clone()).collect());
        crate::ui::export::download_text(FILE_NAME, "application/json", &to_file_json(&list));
    };
    let take_text = move |text: Option<String>| {
        let result = text
            .ok_or(ImportError::Unreadable)
            .and_then(|t| parse_file(&t));
        match result {
            Ok(new) if slides.with_untracked(|v| v.len()) + new.len() > MAX_SLIDES => {
                message.set(Some(Msg::Import(ImportError::TooMany)));
            }
            Ok(new) => {
                let n = new.len();
                slides.update(|v| v.extend(new.into_iter().map(entry)));
                message.set(Some(Msg::Imported(n)));
            }
            Err(e) => message.set(Some(Msg::Import(e))),
        }
    };
    let import = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        // The same file can be chosen again.
        input.set_value("");
        if file.size() > MAX_FILE_BYTES {
            message.set(Some(Msg::Import(ImportError::TooLarge)));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            take_text(text.ok().and_then(|t| t.as_string()));
        });
    };

    let list = move || {
        let l = lang.get();
        let n = count();
        slides
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let id = e.id;
                let title = e.slide.title.clone();
                let slide = e.slide.clone();
                let label = |what: &str| format!("{what}: {title}");
                view! {
                    <li class="slide-item" data-testid="slide-item" data-slide-id=id.to_string()>
                        <span class="slide-name" data-testid="slide-item-title">{title.clone()}</span>
                        <button data-testid="slide-show" aria-label=label(tr(l, "Ansicht zeigen", "Show view"))
                            title=tr(l, "Ansicht dieser Folie zeigen", "Show this slide's view")
                            on:click=move |_| apply_slide(s, &slide, false)>{tr(l, "Zeigen", "Show")}</button>
                        <button data-testid="slide-up" aria-label=label(tr(l, "Nach oben", "Move up"))
                            title=tr(l, "Nach oben", "Move up")
                            aria-disabled=(i == 0).to_string()
                            on:click=move |_| move_slide(id, false, "slide-up")>"↑"</button>
                        <button data-testid="slide-down" aria-label=label(tr(l, "Nach unten", "Move down"))
                            title=tr(l, "Nach unten", "Move down")
                            aria-disabled=(i + 1 == n).to_string()
                            on:click=move |_| move_slide(id, true, "slide-down")>"↓"</button>
                        <button data-testid="slide-delete" aria-label=label(tr(l, "Löschen", "Delete"))
                            title=tr(l, "Löschen", "Delete")
                            on:click=move |_| delete(id)>"✕"</button>
                    </li>
                }
            })
            .collect_view()
    };

    let placeholder = move || {
        let l = lang.get();
        s.choropleth.track();
        default_title(&s, l)
    };
    let message_view = move || {
        let m = message.get()?;
        let l = lang.get();
        let error = matches!(m, Msg::Import(_) | Msg::StorageFailed);
        Some(view! {
            <p class="slides-message" class:error=error data-testid="slides-message"
                role=if error { "alert" } else { "status" }>{message_text(m, l)}</p>
        })
    };
    let announcement = move || {
        let l = lang.get();
        let i = current.get()?;
        let n = count();
        let title = slides.with(|v| v.get(i).map(|e| e.slide.title.clone()))?;
        Some(format!(
            "{} {} {} {n}: {title}",
            tr(l, "Folie", "Slide"),
            i + 1,
            tr(l, "von", "of")
        ))
    };
    let shown = move || {
        let i = current.get()?;
        slides.with(|v| v.get(i).map(|e| e.slide.clone()))
    };
    let at_start = move || current.get() == Some(0);
    let at_end = move || current.get().is_some_and(|i| i + 1 >= count());

    view! {
        <section class="slides" data-testid="slides" aria-labelledby="slides-heading">
            <div class="slides-editor">
                <h2 id="slides-heading">{move || tr(lang.get(), "Folien für die Präsentation", "Slides for a presentation")}</h2>
                <label for="slide-title">{move || tr(lang.get(), "Titel der neuen Folie", "Title of the new slide")}</label>
                <input id="slide-title" type="text" data-testid="slide-title" maxlength=MAX_TITLE.to_string()
                    placeholder=placeholder
                    prop:value=move || new_title.get()
                    on:input=move |ev| new_title.set(event_target_value(&ev))/>
                <label for="slide-note">{move || tr(lang.get(), "Notiz (wird beim Präsentieren gezeigt)", "Note (shown when presenting)")}</label>
                <textarea id="slide-note" data-testid="slide-note" rows="3" maxlength=MAX_NOTE.to_string()
                    prop:value=move || new_note.get()
                    on:input=move |ev| new_note.set(event_target_value(&ev))></textarea>
                <div class="slide-actions">
                    <button class="primary" data-testid="slide-add" on:click=add>
                        {move || tr(lang.get(), "Aktuelle Ansicht als Folie speichern", "Save current view as a slide")}
                    </button>
                </div>
                <ol class="slide-list" data-testid="slide-list"
                    aria-label=move || tr(lang.get(), "Gespeicherte Folien", "Saved slides")>{list}</ol>
                <Show when=move || count() == 0>
                    <p class="hint">{move || tr(lang.get(), "Noch keine Folien. Sie bleiben in diesem Browser gespeichert.", "No slides yet. They are kept in this browser.")}</p>
                </Show>
                <div class="slide-actions">
                    <button class="primary" data-testid="slides-present" on:click=present
                        disabled=move || count() == 0>
                        {move || tr(lang.get(), "Präsentieren", "Present")}
                    </button>
                    <button data-testid="slides-export" on:click=export disabled=move || count() == 0>
                        {move || tr(lang.get(), "Exportieren", "Export")}
                    </button>
                </div>
                <label class="slide-import" for="slides-import">{move || tr(lang.get(), "Folien aus Datei importieren (.json)", "Import slides from a file (.json)")}</label>
                <input id="slides-import" type="file" accept=".json,application/json" data-testid="slides-import"
                    on:change=import/>
                {message_view}
            </div>
            <p class="visually-hidden" aria-live="polite" data-testid="slide-live">{announcement}</p>
            <Show when=move || current.get().is_some()>
                <div class="slide-overlay" data-testid="slide-overlay" role="region" tabindex="-1"
                    aria-label=move || tr(lang.get(), "Präsentation", "Presentation")>
                    <p class="slide-counter" data-testid="slide-counter">
                        {move || format!("{} / {}", current.get().map_or(0, |i| i + 1), count())}
                    </p>
                    <h2 class="slide-title" data-testid="slide-overlay-title">{move || shown().map(|x| x.title)}</h2>
                    {move || shown().filter(|x| !x.note.is_empty()).map(|x| view! {
                        <p class="slide-note" data-testid="slide-overlay-note">{x.note}</p>
                    })}
                    <div class="slide-nav">
                        <button data-testid="slide-prev" aria-disabled=move || at_start().to_string()
                            on:click=move |_| { if let Some(i) = current.get_untracked() { go(i.saturating_sub(1)) } }>
                            {move || tr(lang.get(), "‹ Zurück", "‹ Previous")}
                        </button>
                        <button data-testid="slide-next" aria-disabled=move || at_end().to_string()
                            on:click=move |_| { if let Some(i) = current.get_untracked() { go(i + 1) } }>
                            {move || tr(lang.get(), "Weiter ›", "Next ›")}
                        </button>
                        <button data-testid="slide-exit" on:click=move |_| exit()>
                            {move || tr(lang.get(), "Beenden (Esc)", "Exit (Esc)")}
                        </button>
                    </div>
                </div>
            </Show>
        </section>
    }
}
