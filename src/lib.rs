use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let (n, set_n) = signal(0);
    view! { <button on:click=move |_| set_n.update(|n| *n += 1)>{n}</button> }
}
