//! Sharing: the permalink of the current view and an `<iframe>` snippet for the project
//! website (embed mode), and the embed layout itself: map, legend, title, attribution and a
//! link to the full explorer, no side panels, usable from 320 px wide.

use crate::i18n::T;
use crate::state::use_app_state;
use crate::ui::legend::Legend;
use crate::ui::map::MapView;
use atlas_core::export::xml as attr;
pub use atlas_core::permalink::with_embed;
use leptos::prelude::*;

/// The page URL now (the app keeps the view state in it).
pub fn current_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

#[component]
pub fn ShareButton() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let open = RwSignal::new(false);
    let width = RwSignal::new(800u32);
    let height = RwSignal::new(600u32);
    let snippet = move || {
        let l = lang.get();
        // Re-read when the view changes (the URL follows the state).
        s.choropleth.track();
        s.selected.track();
        let title = s
            .data
            .get()
            .map(|d| format!("Chancenatlas – {}", d.0.dataset.manifest.title.get(l)))
            .unwrap_or_else(|| "Chancenatlas".into());
        format!(
            "<iframe src=\"{}\" width=\"{}\" height=\"{}\" title=\"{}\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>",
            attr(&with_embed(&current_url(), true)),
            width.get(),
            height.get(),
            attr(&title)
        )
    };
    let permalink = move || {
        s.choropleth.track();
        s.selected.track();
        s.viewport.track();
        with_embed(&current_url(), false)
    };
    view! {
        <button class="share-button" data-testid="share-open" aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>{move || T::ShareEmbed.get(lang.get())}</button>
        <Show when=move || open.get()>
            <div class="share-dialog" role="dialog" aria-modal="false" aria-labelledby="share-heading" data-testid="share-dialog">
                <h2 id="share-heading">{move || T::ShareEmbed.get(lang.get())}</h2>
                <label for="share-permalink">{move || T::Permalink.get(lang.get())}</label>
                <input id="share-permalink" data-testid="share-permalink" readonly prop:value=permalink/>
                <div class="row">
                    <label>{move || T::Width.get(lang.get())}
                        <input type="number" min="320" max="2000" step="10" data-testid="share-width" prop:value=move || width.get().to_string()
                            on:change=move |ev| { if let Ok(w) = event_target_value(&ev).parse::<u32>() { width.set(w.clamp(320, 2000)) } }/>
                    </label>
                    <label>{move || T::Height.get(lang.get())}
                        <input type="number" min="240" max="2000" step="10" data-testid="share-height" prop:value=move || height.get().to_string()
                            on:change=move |ev| { if let Ok(h) = event_target_value(&ev).parse::<u32>() { height.set(h.clamp(240, 2000)) } }/>
                    </label>
                </div>
                <label for="share-snippet">{move || T::EmbedSnippet.get(lang.get())}</label>
                <textarea id="share-snippet" data-testid="share-snippet" readonly rows="4" prop:value=snippet></textarea>
                <button on:click=move |_| open.set(false)>{move || T::Close.get(lang.get())}</button>
            </div>
        </Show>
    }
}

/// The embed layout (`?embed=1`).
#[component]
pub fn EmbedView() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let title = move || {
        let l = lang.get();
        let d = s.data.get()?;
        let ind = s.indicator.get().and_then(|id| {
            d.0.dataset
                .manifest
                .indicator(&id)
                .map(|i| i.label.get(l).to_owned())
        });
        Some(format!(
            "{}{}",
            d.0.dataset.manifest.title.get(l),
            ind.map(|i| format!(" · {i}{}", crate::ui::year_tag(&d.0.dataset, s.year.get())))
                .unwrap_or_default()
        ))
    };
    let attribution = move || {
        let d = s.data.get()?;
        Some(
            d.0.dataset
                .manifest
                .attribution
                .iter()
                .map(|a| a.text.clone())
                .collect::<Vec<_>>()
                .join(" · "),
        )
    };
    view! {
        <main class="embed" data-testid="embed">
            <header class="embed-head">
                <h1>{title}</h1>
                <a data-testid="open-full" href=move || { s.choropleth.track(); with_embed(&current_url(), false) }
                    target="_blank" rel="noopener">{move || T::OpenFull.get(lang.get())}</a>
            </header>
            <section class="map-area embed-map" aria-label=move || T::MapLabel.get(lang.get())>
                <MapView/>
            </section>
            <details class="embed-legend" open>
                <summary>{move || T::Legend.get(lang.get())}</summary>
                <Legend/>
            </details>
            <footer class="attribution" data-testid="attribution">{attribution}</footer>
        </main>
    }
}
