//! Panels that most visits never open, each compiled into its own wasm chunk.
//!
//! `#[lazy]` marks a split point: `cargo xtask` (see `split` in xtask/src/build.rs) moves
//! the function and everything only it uses into a chunk under `pkg/`, fetched the first
//! time the function is called; the main module keeps what every page load needs. The
//! callers render the returned future inside `<Suspense>`, so a panel appears once its
//! chunk is there (a few milliseconds from the app's own server; nothing else is asked).

use leptos::prelude::*;

/// The import dialog (issue #4): opened by "Import data".
#[lazy]
pub fn import_dialog() -> AnyView {
    view! { <crate::ui::import::ImportDialog/> }.into_any()
}

/// The printable district profile (`?profile=KEY`, its own page).
#[lazy]
pub fn district_profile(key: String) -> AnyView {
    view! { <crate::ui::profile::DistrictProfile key=key/> }.into_any()
}

/// Need index, supply and allocation settings: shown once an analysis other than the plain
/// indicator map is chosen.
#[lazy]
pub fn targeting_controls() -> AnyView {
    view! { <crate::ui::targeting_controls::TargetingControls/> }.into_any()
}

/// The ranking tab of the targeting analyses.
#[lazy]
pub fn ranking() -> AnyView {
    view! { <crate::ui::ranking::Ranking/> }.into_any()
}
