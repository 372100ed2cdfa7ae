//! The highlighted areas of a dataset (the 18 "Kein Kind zurücklassen!" model
//! municipalities in the NRW views): a toggle for their outline on the map and a list that
//! selects them.

use crate::i18n::T;
use crate::state::{use_app_state, Tab};
use leptos::prelude::*;

#[component]
pub fn HighlightList() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        let d = s.data.get()?;
        let h = d.0.dataset.manifest.highlight.clone()?;
        let members = h
            .members
            .into_iter()
            .map(|m| {
                let first = m.keys.first().and_then(|k| d.0.dataset.district_by_key(k)).map(|x| x.id);
                let parts = m.keys.len();
                view! {
                    <li>
                        <button class="link" data-testid="highlight-member" data-keys=m.keys.join(" ")
                            on:click=move |_| { if let Some(id) = first { s.selected.set(Some(id)); s.tab.set(Tab::Details); } }>
                            {m.name.clone()}
                        </button>
                        {(parts > 1).then(|| view! { <span class="count">{format!(" ({parts})")}</span> })}
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="highlight" data-testid="highlight-list" aria-labelledby="highlight-heading">
                <h2 id="highlight-heading">{h.label.get(l).to_owned()}</h2>
                <label class="layer">
                    <input type="checkbox" data-testid="highlight-toggle" prop:checked=move || s.show_highlight.get()
                        on:change=move |ev| s.show_highlight.set(event_target_checked(&ev))/>
                    <svg class="symbol" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
                        <rect x="1.5" y="1.5" width="11" height="11" fill="none" stroke="#5e3c99" stroke-width="2" stroke-dasharray="3 2"/>
                    </svg>
                    <span>{T::ShowHighlight.get(l)}</span>
                </label>
                <ul class="highlight-members">{members}</ul>
            </section>
        })
    }
}
