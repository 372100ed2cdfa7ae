//! Panels that most visits never open, each compiled into its own wasm chunk.
//!
//! `#[wasm_split]` marks a split point: `cargo xtask` (see `split` in xtask/src/build.rs)
//! moves the function and everything only it uses into a chunk under `pkg/`, fetched the
//! first time the function is called; the main module keeps what every page load needs.
//! This is what Leptos' `#[lazy]` does, plus the `fallible` option: a chunk that cannot be
//! fetched (the network went away after the page loaded) gives an error instead of a panic,
//! which would abort the whole app. [`lazy_panel`] shows the panel once its chunk is there,
//! or a message.

use crate::i18n::T;
use crate::state::use_app_state;
use leptos::prelude::*;
use std::future::Future;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

/// A split panel inside `<Suspense>`: the view when its chunk has loaded, else a message
/// (German/English) with a close button when `close` is given. Opening the panel again
/// retries the fetch.
pub fn lazy_panel(
    panel: impl Future<Output = Result<AnyView, SplitLoaderError>> + Send + Sync + 'static,
    close: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_app_state().lang;
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match panel.await {
                    Ok(view) => view,
                    Err(_) => view! {
                        <p class="panel-unavailable" role="alert" data-testid="panel-unavailable">
                            {move || T::PanelUnavailable.get(lang.get())}
                            {close.map(|close| view! {
                                " "
                                <button data-testid="panel-unavailable-close" on:click=move |_| close.run(())>
                                    {move || T::Close.get(lang.get())}
                                </button>
                            })}
                        </p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The import dialog (issue #4): opened by "Import data".
#[wasm_split(import_dialog, fallible)]
pub fn import_dialog() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::ui::import::ImportDialog/> }.into_any())
}

/// The printable district profile (`?profile=KEY`, its own page).
#[wasm_split(district_profile, fallible)]
pub fn district_profile(key: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::ui::profile::DistrictProfile key=key/> }.into_any())
}

/// Need index, supply and allocation settings: shown once an analysis other than the plain
/// indicator map is chosen.
#[wasm_split(targeting_controls, fallible)]
pub fn targeting_controls() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::ui::targeting_controls::TargetingControls/> }.into_any())
}

/// The ranking tab of the targeting analyses.
#[wasm_split(ranking, fallible)]
pub fn ranking() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::ui::ranking::Ranking/> }.into_any())
}
