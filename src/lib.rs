//! Chancenatlas: the Leptos app. `main.rs` only mounts [`App`]; the logic lives in the
//! pure `atlas-core` crate, the state in [`state`], and each panel in [`ui`].

pub mod i18n;
pub mod load;
pub mod state;
pub mod targeting;
pub mod ui;

use crate::i18n::{describe_load_error, T};
use crate::load::{check_dataset_path, load_dataset, DEFAULT_DATASET};
use crate::state::{provide_app_state, use_app_state, LoadState, Tab};
use crate::ui::controls::{Controls, Layers};
use crate::ui::details::Details;
use crate::ui::legend::Legend;
use crate::ui::map::MapView;
use crate::ui::table::DistrictTable;
use atlas_core::Lang;
use leptos::prelude::*;
use std::sync::Arc;

/// A query parameter of the page URL.
fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

#[component]
pub fn App() -> impl IntoView {
    let lang = query_param("lang")
        .and_then(|l| Lang::from_code(&l))
        .unwrap_or_default();
    let s = provide_app_state(lang);

    // Load the dataset named in the URL (default: Dortmund).
    let path = query_param("dataset").unwrap_or_else(|| DEFAULT_DATASET.to_owned());
    leptos::task::spawn_local(async move {
        let result = match check_dataset_path(&path) {
            Ok(p) => load_dataset(&p).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(loaded) => s.dataset_loaded(Arc::new(loaded)),
            Err(e) => s.load.set(LoadState::Failed(e)),
        }
    });

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

    let state_attr = move || match s.load.get() {
        LoadState::Loading => "loading",
        LoadState::Ready(_) => "ready",
        LoadState::Failed(_) => "error",
    };

    view! {
        <div class="app" data-testid="app" data-state=state_attr>
            <Header/>
            {move || match s.load.get() {
                LoadState::Loading => view! {
                    <main class="status" aria-busy="true"><p>{T::Loading.get(s.lang.get())}</p></main>
                }.into_any(),
                LoadState::Failed(e) => view! { <ErrorPanel error=e/> }.into_any(),
                LoadState::Ready(_) => view! { <Explorer/> }.into_any(),
            }}
        </div>
    }
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
            <p class="dataset-title">{title}</p>
            <div class="lang" role="group" aria-label=move || T::Language.get(lang.get())>
                {lang_button(Lang::De, "DE", "Deutsch")}
                {lang_button(Lang::En, "EN", "English")}
            </div>
        </header>
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
        <main class="explorer">
            <aside class="sidebar">
                <crate::ui::targeting_controls::AnalysisSelect/>
                <Controls/>
                <Legend/>
                <Show when=move || s.analysis.get() != crate::state::Analysis::Indicator>
                    <crate::ui::targeting_controls::TargetingControls/>
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
                        Tab::Ranking => view! { <crate::ui::ranking::Ranking/> }.into_any(),
                    }}
                </div>
            </aside>
            <p class="visually-hidden" aria-live="polite">{announcement}</p>
        </main>
        <Attribution/>
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
        Some(view! {
            <footer class="attribution" data-testid="attribution">
                <h2 class="visually-hidden">{T::SourcesAndLicences.get(l)}</h2>
                <ul>{items}{notes}</ul>
            </footer>
        })
    }
}
