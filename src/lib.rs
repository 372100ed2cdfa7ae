//! Chancenatlas: the Leptos app. `main.rs` only mounts [`App`]; the logic lives in the
//! pure `atlas-core` crate, the state in [`state`], and each panel in [`ui`].

pub mod bench;
pub mod data_url;
pub mod i18n;
mod lazy_views;
pub mod load;
pub mod local;
pub mod state;
pub mod targeting;
pub mod ui;
pub mod url;

use crate::i18n::{describe_load_error, T};
use crate::load::{load_catalog, load_dataset, resolve_dataset};
use crate::state::{provide_app_state, use_app_state, LoadState, Tab};
use crate::ui::controls::{Controls, Layers};
use crate::ui::details::Details;
use crate::ui::legend::Legend;
use crate::ui::map::MapView;
use crate::ui::table::DistrictTable;
use atlas_core::Lang;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    // The view state from the URL (permalink); what cannot be used is listed in a notice.
    let (initial, ignored) = url::read();
    let lang = initial.lang.unwrap_or_default();
    let s = provide_app_state(lang);
    let embed = initial.embed;
    // `?profile=<key>`: the printable district profile instead of the explorer.
    let profile = crate::ui::profile::profile_param();
    let is_profile = profile.is_some();
    s.url_notices.set(ignored);
    let url_ready = RwSignal::new(false);

    // Load the catalogue, then the dataset named in the URL (default: the catalogue's).
    let param = initial.dataset.clone();
    // `?data=URL` (any GeoJSON) and `?bench=1` (the benchmark protocol): see data_url.rs.
    let app_params = data_url::app_params();
    leptos::task::spawn_local(async move {
        let catalog = load_catalog().await.ok();
        s.catalog.set(catalog.clone());
        crate::ui::import::refresh_list(s).await;
        let local_id = param
            .as_deref()
            .and_then(|p| p.strip_prefix(local::LOCAL_PREFIX))
            .map(str::to_owned);
        let result = match (&app_params.data, local_id) {
            (Some(url), _) => data_url::load_data_url(url).await.map(|l| (None, l)),
            // An import stored in this browser (`?dataset=local:<id>`).
            (None, Some(id)) => local::load(&id)
                .await
                .map(|l| (Some(format!("{}{id}", local::LOCAL_PREFIX)), l)),
            (None, None) => match resolve_dataset(param.as_deref(), catalog.as_ref()) {
                Ok((id, path)) => load_dataset(&path).await.map(|l| (id, l)),
                Err(e) => Err(e),
            },
        };
        let loaded_at = data_url::now();
        match result {
            Ok((id, loaded)) => {
                s.dataset_id.set(id);
                s.dataset_loaded(Arc::new(loaded));
                restore(s, &initial);
                s.url_replace_next.set(true);
                url_ready.set(true);
                if app_params.bench {
                    bench::run(s, app_params.indicator2.clone(), loaded_at);
                }
            }
            Err(e) => s.load.set(LoadState::Failed(e)),
        }
    });
    // Keep the URL in step with the view (a permalink at every moment).
    Effect::new(move |_| {
        let v = url::snapshot(&s, embed);
        if url_ready.get() && !s.switching.get() && !is_profile {
            url::write(&v, s.url_replace_next.get_untracked());
            s.url_replace_next.set(false);
        }
    });
    // Back and forward: restore the view the URL names (switching dataset if needed).
    let on_popstate = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        url::cancel_pending(); // a pan's address not yet written belongs to the entry left
        let (v, ignored) = url::read();
        s.url_notices.set(ignored);
        s.url_replace_next.set(true);
        match v.dataset.clone() {
            Some(id) if s.dataset_id.get_untracked().as_deref() != Some(id.as_str()) => {
                switch_dataset(s, id, Some(v));
            }
            _ => restore(s, &v),
        }
    });
    if let Some(w) = web_sys::window() {
        use wasm_bindgen::JsCast;
        let _ =
            w.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    }
    on_popstate.forget();

    // Keep <html lang> in step with the UI language (screen readers pick the voice by it).
    Effect::new(move |_| {
        let code = s.lang.get().code();
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", code);
        }
    });

    let load_kind = Memo::new(move |_| match s.load.get() {
        LoadState::Loading => 0u8,
        LoadState::Ready(_) => 1,
        LoadState::Failed(_) => 2,
    });
    let state_attr = move || match s.load.get() {
        LoadState::Loading => "loading",
        LoadState::Ready(_) => "ready",
        LoadState::Failed(_) => "error",
    };

    view! {
        <div class="app" class:embedded=embed data-testid="app" data-state=state_attr>
            {(!embed && !is_profile).then(|| view! { <Header/> })}
            <Show when=move || s.import_open.get()>
                {lazy_views::lazy_panel(lazy_views::import_dialog(), Some(Callback::new(move |()| s.import_open.set(false))))}
            </Show>
            // Keyed on the kind of state only: switching from one loaded dataset to another
            // keeps the explorer (and its canvas) mounted.
            {move || match load_kind.get() {
                0 => view! {
                    <main class="status" aria-busy="true"><p>{T::Loading.get(s.lang.get())}</p></main>
                }.into_any(),
                2 => match s.load.get_untracked() {
                    LoadState::Failed(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    _ => ().into_any(),
                },
                _ if embed => view! { <crate::ui::share::EmbedView/> }.into_any(),
                _ if is_profile => {
                    let key = profile.clone().unwrap_or_default();
                    lazy_views::lazy_panel(lazy_views::district_profile(key), None).into_any()
                }
                _ => view! { <Explorer/> }.into_any(),
            }}
        </div>
    }
}

/// Apply a view from the URL and queue its map view.
pub fn restore(s: state::AppState, v: &atlas_core::permalink::ViewState) {
    s.reset_view();
    let (notes, map) = url::apply(&s, v);
    if !notes.is_empty() {
        s.url_notices.update(|n| n.extend(notes));
    }
    match map {
        Some(m) if s.viewport.get_untracked().is_some() => url::apply_map_view(&s, m),
        other => s.pending_map.set(other),
    }
}

/// Open catalogue dataset `id` (or, with the `local:` prefix, an import stored in this
/// browser). The current dataset stays on screen until the new one has
/// loaded; a failure is reported and changes nothing else. `then`: a view to restore on the
/// new dataset (Back/Forward); the URL follows the state either way.
pub fn switch_dataset(
    s: state::AppState,
    id: String,
    then: Option<atlas_core::permalink::ViewState>,
) {
    let local_id = id.strip_prefix(local::LOCAL_PREFIX).map(str::to_owned);
    let path = s
        .catalog
        .get_untracked()
        .and_then(|c| c.entry(&id).map(|e| e.path.clone()));
    if local_id.is_none() && path.is_none() {
        return;
    }
    s.switching.set(true);
    leptos::task::spawn_local(async move {
        let loaded = match (local_id, path) {
            (Some(local_id), _) => local::load(&local_id).await,
            (None, Some(path)) => load_dataset(&path).await,
            (None, None) => return,
        };
        match loaded {
            Ok(loaded) => {
                s.dataset_id.set(Some(id));
                s.dataset_loaded(Arc::new(loaded));
                if let Some(v) = then {
                    restore(s, &v);
                }
            }
            Err(e) => s.switch_error.set(Some(e)),
        }
        s.switching.set(false);
    });
}

#[component]
fn Header() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let title = move || {
        s.data
            .get()
            .map(|d| d.0.dataset.manifest.title.get(lang.get()).to_owned())
    };
    let lang_button = move |l: Lang, label: &'static str, name: &'static str| {
        view! {
            <button data-testid=format!("lang-{}", l.code()) lang=l.code()
                aria-pressed=move || (lang.get() == l).to_string()
                title=name
                on:click=move |_| lang.set(l)>{label}</button>
        }
    };
    view! {
        <header class="top">
            <div class="brand">
                <h1>{move || T::AppTitle.get(lang.get())}</h1>
                <p class="tagline">{move || T::Tagline.get(lang.get())}</p>
            </div>
            <p class="dataset-title visually-hidden">{title}</p>
            <DatasetSwitch/>
            <crate::ui::share::ShareButton/>
            <crate::ui::import::ImportButton/>
            <div class="lang" role="group" aria-label=move || T::Language.get(lang.get())>
                {lang_button(Lang::De, "DE", "Deutsch")}
                {lang_button(Lang::En, "EN", "English")}
            </div>
        </header>
    }
}

/// Dataset choice from the catalogue, the way back up from a drill-down, and the
/// message of a failed switch.
#[component]
fn DatasetSwitch() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let options = move || {
        let l = lang.get();
        let c = s.catalog.get()?;
        let current = s.dataset_id.get();
        let catalog = c.datasets.into_iter().map(|d| {
            let selected = current.as_deref() == Some(d.id.as_str());
            view! { <option value=d.id.clone() prop:selected=selected>{d.title.get(l).to_owned()}</option> }
        }).collect_view();
        // Imports stored in this browser, in their own group.
        let own = s.local_datasets.get();
        let own = (!own.is_empty()).then(|| {
            let items = own.into_iter().map(|m| {
                let value = format!("{}{}", local::LOCAL_PREFIX, m.id);
                let selected = current.as_deref() == Some(value.as_str());
                view! { <option value=value prop:selected=selected>{m.name}</option> }
            }).collect_view();
            view! { <optgroup label=crate::ui::import_text::IT::StoredHere.get(l)>{items}</optgroup> }
        });
        // A dataset from a link (`?data=`, a folder path) is in no catalogue: name it, selected,
        // so that the select does not pretend to show the first catalogue entry.
        let linked = current.is_none().then(|| s.data.get()).flatten().map(|d| {
            let title = d.0.dataset.manifest.title.get(l).to_owned();
            view! { <option value="" disabled=true prop:selected=true>{title}</option> }
        });
        Some(view! { {linked}{catalog}{own} })
    };
    let back = move || {
        let l = lang.get();
        let d = s.data.get()?;
        let parent = d.0.dataset.manifest.parent.clone()?;
        let title = s.catalog.get()?.entry(&parent)?.title.get(l).to_owned();
        Some(view! {
            <button class="back" data-testid="drill-up" on:click=move |_| switch_dataset(s, parent.clone(), None)>
                {format!("← {} {title}", T::BackTo.get(l))}
            </button>
        })
    };
    view! {
        {back}
        <Show when=move || s.catalog.get().is_some()>
            <label class="visually-hidden" for="dataset-select">{move || T::Dataset.get(lang.get())}</label>
            <select id="dataset-select" data-testid="dataset-select" class="dataset-select"
                aria-busy=move || s.switching.get().to_string()
                on:change=move |ev| switch_dataset(s, event_target_value(&ev), None)>
                {options}
            </select>
        </Show>
        {move || s.switch_error.get().map(|e| view! {
            <p class="switch-error" role="alert" data-testid="switch-error">
                {format!("{} {}", T::SwitchFailed.get(lang.get()), describe_load_error(&e, lang.get()))}
            </p>
        })}
    }
}

#[component]
fn ErrorPanel(error: crate::i18n::LoadError) -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let technical = format!("{error:?}");
    view! {
        <main class="status">
            <div class="error" role="alert" data-testid="error">
                <h2>{move || T::ErrorTitle.get(lang.get())}</h2>
                <p>{move || describe_load_error(&error, lang.get())}</p>
                <details>
                    <summary>{move || T::ErrorTechnical.get(lang.get())}</summary>
                    <pre>{technical}</pre>
                </details>
            </div>
        </main>
    }
}

#[component]
fn Explorer() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let tab_button = move |tab: Tab, label: T, id: &'static str| {
        view! {
            <button role="tab" id=format!("tab-{id}") data-testid=format!("tab-{id}")
                aria-selected=move || (s.tab.get() == tab).to_string()
                aria-controls="side-panel"
                on:click=move |_| s.tab.set(tab)>{move || label.get(lang.get())}</button>
        }
    };
    // Announce the selection to screen readers.
    let announcement = move || {
        let id = s.selected.get()?;
        let d = s.data.get()?;
        Some(format!(
            "{}: {}",
            T::Selected.get(lang.get()),
            d.0.dataset.districts[id.index()].name
        ))
    };
    view! {
        <UrlNotice/>
        <main class="explorer">
            <aside class="sidebar">
                <crate::ui::targeting_controls::AnalysisSelect/>
                <Controls/>
                <Legend/>
                <crate::ui::highlight::HighlightList/>
                <crate::ui::slides::Slides/>
                <Show when=move || s.analysis.get() != crate::state::Analysis::Indicator>
                    {lazy_views::lazy_panel(lazy_views::targeting_controls(), None)}
                </Show>
                <Layers/>
            </aside>
            <section class="map-area" aria-label=move || T::MapLabel.get(lang.get())>
                <MapView/>
            </section>
            <aside class="panel">
                <div role="tablist" class="tabs">
                    {tab_button(Tab::Details, T::Details, "details")}
                    {tab_button(Tab::Table, T::Table, "table")}
                    <Show when=move || s.analysis.get() != crate::state::Analysis::Indicator>
                        <button role="tab" id="tab-ranking" data-testid="tab-ranking"
                            aria-selected=move || (s.tab.get() == Tab::Ranking).to_string()
                            aria-controls="side-panel"
                            on:click=move |_| s.tab.set(Tab::Ranking)>
                            {move || crate::ui::ranking::ranking_tab_label(s.analysis.get()).get(lang.get())}
                        </button>
                    </Show>
                </div>
                <div id="side-panel" role="tabpanel" class="tab-body">
                    {move || match s.tab.get() {
                        Tab::Details => view! { <Details/> }.into_any(),
                        Tab::Table => view! { <DistrictTable/> }.into_any(),
                        Tab::Ranking => lazy_views::lazy_panel(lazy_views::ranking(), None).into_any(),
                    }}
                </div>
            </aside>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
        </main>
        <Attribution/>
    }
}

/// Link parameters that were not used (malformed, unknown, not in this dataset).
#[component]
fn UrlNotice() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let notes = s.url_notices.get();
        (!notes.is_empty()).then(|| {
            let list = notes
                .iter()
                .map(|n| format!("{}={}", n.param, n.value))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <div class="url-notice" role="status" data-testid="url-notice">
                    <span>{format!("{}: {list}", T::UrlNotice.get(lang.get()))}</span>
                    <button on:click=move |_| s.url_notices.set(Vec::new())>{T::Dismiss.get(lang.get())}</button>
                </div>
            }
        })
    }
}

#[component]
fn Attribution() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        let d = s.data.get()?;
        let m = &d.0.dataset.manifest;
        let items = m
            .attribution
            .iter()
            .map(|a| {
                let text = a.text.clone();
                let licence = a.licence.get(l).to_owned();
                match a.url.clone() {
                    Some(url) => view! { <li><a href=url rel="noopener noreferrer" target="_blank">{text}</a>" — "{licence}</li> }.into_any(),
                    None => view! { <li>{text}" — "{licence}</li> }.into_any(),
                }
            })
            .collect_view();
        let notes = m
            .notes
            .iter()
            .map(|n| view! { <li>{n.get(l).to_owned()}</li> })
            .collect_view();
        let protection = m
            .protection
            .as_ref()
            .map(|p| view! { <li data-testid="protection-rule">{p.rule.get(l).to_owned()}</li> });
        let basemap = s
            .catalog
            .get()
            .and_then(|c| c.basemap)
            .filter(|_| s.basemap_on.get())
            .map(|b| view! { <li data-testid="basemap-attribution">{b.attribution}</li> });
        Some(view! {
            <footer class="attribution" data-testid="attribution">
                <h2 class="visually-hidden">{T::SourcesAndLicences.get(l)}</h2>
                <ul>{items}{basemap}{notes}{protection}</ul>
            </footer>
        })
    }
}
