//! "Eigene Daten": the import dialog and the list of datasets stored in this browser.
//!
//! The dialog only maps the import session's answers (computed in the worker by
//! `atlas_core::import::session`) to controls: which files were understood as what, the
//! detected coordinate system (overridable), what the table reader detected, the key columns,
//! the join report with its one-click fixes, and the indicator columns with label, unit and
//! direction. Nothing leaves the browser: the files go to a Web Worker of this page, the
//! result to IndexedDB.

use crate::i18n::describe_load_error;
use crate::local::{self, ask_worker, Progress, LOCAL_PREFIX};
use crate::state::{use_app_state, AppState};
use crate::ui::import_text::{crs_label, describe_import_error, describe_issue, IT};
use atlas_core::import::crs::Crs;
use atlas_core::import::publish::IndicatorChoice;
use atlas_core::import::session::{Analysis, BuildRequest, JoinRequest, JoinResult, Reply};
use atlas_core::import::stored::{new_record, StoredDataset, StoredMeta};
use atlas_core::import::validate::IssueKind;
use atlas_core::import::ImportError;
use atlas_core::manifest::Direction;
use atlas_core::manifest::Text;
use atlas_core::Lang;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// What went wrong in the dialog, kept typed until it is shown.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Import(ImportError),
    /// The worker failed (a bug or out of memory); it has been replaced.
    Worker(String),
    Storage(String),
    Load(crate::i18n::LoadError),
}

fn describe(p: &Problem, l: Lang) -> String {
    match p {
        Problem::Import(e) => describe_import_error(e, l),
        Problem::Worker(m) => format!("{} ({m})", IT::WorkerFailed.get(l)),
        Problem::Storage(m) => format!("{} ({m})", IT::StorageFailed.get(l)),
        Problem::Load(e) => describe_load_error(e, l),
    }
}

/// One indicator column as the planner marks it.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    column: usize,
    header: String,
    chosen: bool,
    label: String,
    unit: String,
    direction: Direction,
}

/// The dialog's own state (not part of the app state: closing the dialog ends the import).
#[derive(Clone, Copy)]
struct Flow {
    files: StoredValue<Vec<web_sys::File>, LocalStorage>,
    file_names: RwSignal<Vec<String>>,
    busy: RwSignal<bool>,
    progress: RwSignal<Option<Progress>>,
    problem: RwSignal<Option<Problem>>,
    analysis: RwSignal<Option<Analysis>>,
    crs: RwSignal<Option<Crs>>,
    key_field: RwSignal<Option<usize>>,
    name_field: RwSignal<Option<usize>>,
    table_column: RwSignal<Option<usize>>,
    category_field: RwSignal<Option<usize>>,
    renames: RwSignal<Vec<(String, String)>>,
    joined: RwSignal<Option<JoinResult>>,
    drafts: RwSignal<Vec<Draft>>,
    title: RwSignal<String>,
    year: RwSignal<u16>,
    source: RwSignal<String>,
}

impl Flow {
    fn new() -> Flow {
        Flow {
            files: StoredValue::new_local(Vec::new()),
            file_names: RwSignal::new(Vec::new()),
            busy: RwSignal::new(false),
            progress: RwSignal::new(None),
            problem: RwSignal::new(None),
            analysis: RwSignal::new(None),
            crs: RwSignal::new(None),
            key_field: RwSignal::new(None),
            name_field: RwSignal::new(None),
            table_column: RwSignal::new(None),
            category_field: RwSignal::new(None),
            renames: RwSignal::new(Vec::new()),
            joined: RwSignal::new(None),
            drafts: RwSignal::new(Vec::new()),
            title: RwSignal::new(String::new()),
            year: RwSignal::new(2024),
            source: RwSignal::new(String::new()),
        }
    }

    /// Forget everything after the files (a new analysis starts from scratch).
    fn clear_results(&self) {
        self.analysis.set(None);
        self.joined.set(None);
        self.renames.set(Vec::new());
        self.drafts.set(Vec::new());
        self.problem.set(None);
    }

    fn join_request(&self) -> Option<JoinRequest> {
        Some(JoinRequest {
            crs: self.crs.get_untracked(),
            key_field: self.key_field.get_untracked()?,
            name_field: self.name_field.get_untracked(),
            table_column: self.table_column.get_untracked()?,
            renames: self.renames.get_untracked(),
        })
    }
}

/// Header button that opens the dialog.
#[component]
pub fn ImportButton() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    view! {
        <button class="import-button" data-testid="import-open" aria-haspopup="dialog"
            aria-expanded=move || s.import_open.get().to_string()
            on:click=move |_| s.import_open.update(|o| *o = !*o)>{move || IT::OwnData.get(lang.get())}</button>
    }
}

/// The import dialog (shown while `import_open`).
#[component]
pub fn ImportDialog() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let flow = Flow::new();
    // Keyboard and screen-reader users land in the dialog, and back on its button after.
    crate::ui::slides::focus_later("[data-testid=import-dialog]".into());
    let close = move || {
        s.import_open.set(false);
        local::import_reset();
        crate::ui::slides::focus_later("[data-testid=import-open]".into());
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
        }
    };
    view! {
        <div class="import-backdrop">
            <div class="import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-heading" tabindex="-1"
                data-testid="import-dialog" on:keydown=on_key>
                <div class="import-head">
                    <h2 id="import-heading">{move || IT::OwnData.get(lang.get())}</h2>
                    <button data-testid="import-close" on:click=move |_| close()>{move || IT::Close.get(lang.get())}</button>
                </div>
                <p class="import-privacy">{move || IT::Privacy.get(lang.get())}</p>
                <StoredList/>
                <FilesStep flow=flow/>
                <ProgressBar flow=flow/>
                {move || flow.problem.get().map(|p| view! {
                    <p class="import-problem" role="alert" data-testid="import-problem">{describe(&p, lang.get())}</p>
                })}
                <AnalysisStep flow=flow/>
                <JoinStep flow=flow/>
                <IndicatorStep flow=flow/>
            </div>
        </div>
    }
}

/// Send the collected files to the worker and show what it found.
fn analyze(s: AppState, flow: Flow) {
    let files = js_sys::Array::new();
    flow.files.with_value(|fs| {
        for f in fs {
            files.push(f);
        }
    });
    flow.clear_results();
    flow.busy.set(true);
    leptos::task::spawn_local(async move {
        let reply = ask_worker("analyze", Some(files), "", move |p| {
            flow.progress.set(Some(p))
        })
        .await;
        flow.busy.set(false);
        flow.progress.set(None);
        match decode::<Analysis>(reply) {
            Ok(a) => {
                if let Some(b) = &a.boundaries {
                    flow.crs.set(b.crs.detected);
                }
                if let Some(k) = &a.suggestion {
                    flow.key_field.set(Some(k.key_field));
                    flow.name_field.set(k.name_field);
                    flow.table_column.set(Some(k.table_column));
                } else {
                    flow.key_field.set(a.boundaries.as_ref().map(|_| 0));
                    flow.name_field.set(None);
                    flow.table_column.set(a.table.as_ref().map(|_| 0));
                }
                if let Some(t) = &a.table {
                    let l = s.lang.get_untracked();
                    flow.drafts.set(
                        t.columns
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| c.numeric)
                            .map(|(i, c)| Draft {
                                column: i,
                                header: c.name.clone(),
                                chosen: true,
                                label: c.name.clone(),
                                unit: if c.name.contains('%') {
                                    "%".into()
                                } else {
                                    String::new()
                                },
                                direction: Direction::HigherIsMoreNeed,
                            })
                            .collect(),
                    );
                    if flow.title.get_untracked().is_empty() {
                        flow.title
                            .set(format!("{} – {}", IT::Imported.get(l), t.file));
                    }
                }
                flow.analysis.set(Some(a));
            }
            Err(p) => flow.problem.set(Some(p)),
        }
    });
}

/// A worker reply: the JSON of a Rust `Result<T, ImportError>`.
fn decode<T: serde::de::DeserializeOwned>(reply: Result<String, String>) -> Result<T, Problem> {
    let text = reply.map_err(Problem::Worker)?;
    match serde_json::from_str::<Reply<T>>(&text) {
        Ok(Reply::Ok(v)) => Ok(v),
        Ok(Reply::Err(e)) => Err(Problem::Import(e)),
        Err(e) => Err(Problem::Worker(format!("unreadable reply: {e}"))),
    }
}

fn add_files(s: AppState, flow: Flow, list: Option<web_sys::FileList>) {
    let Some(list) = list else { return };
    if list.length() == 0 {
        return;
    }
    flow.files.update_value(|fs| {
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                // A file of the same name replaces the earlier one (a corrected export).
                fs.retain(|g| g.name() != f.name());
                fs.push(f);
            }
        }
    });
    flow.file_names.set(
        flow.files
            .with_value(|fs| fs.iter().map(|f| f.name()).collect()),
    );
    analyze(s, flow);
}

#[component]
fn FilesStep(flow: Flow) -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let dragging = RwSignal::new(false);
    let on_change = move |ev: web_sys::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            add_files(s, flow, input.files());
            // Picking the same file again must fire `change` again.
            input.set_value("");
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        add_files(s, flow, ev.data_transfer().and_then(|d| d.files()));
    };
    let on_dragover = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };
    let names = move || {
        flow.file_names
            .get()
            .into_iter()
            .map(|n| view! { <li>{n}</li> })
            .collect_view()
    };
    view! {
        <section class="import-step" aria-labelledby="import-files-heading">
            <h3 id="import-files-heading">{move || IT::StepFiles.get(lang.get())}</h3>
            <div class="dropzone" class:dragging=move || dragging.get() data-testid="import-dropzone"
                on:drop=on_drop on:dragover=on_dragover on:dragleave=move |_| dragging.set(false)>
                <label for="import-files">{move || IT::DropHere.get(lang.get())}</label>
                <input id="import-files" type="file" multiple data-testid="import-files"
                    accept=".zip,.shp,.shx,.dbf,.prj,.cpg,.geojson,.json,.topojson,.csv,.txt,.tsv,.xlsx"
                    on:change=on_change/>
                <p class="hint">{move || IT::FileKinds.get(lang.get())}</p>
            </div>
            <Show when=move || !flow.file_names.get().is_empty()>
                <ul class="file-list" data-testid="import-file-list">{names}</ul>
                <button data-testid="import-clear" on:click=move |_| {
                    flow.files.set_value(Vec::new());
                    flow.file_names.set(Vec::new());
                    flow.clear_results();
                }>{move || IT::ClearFiles.get(lang.get())}</button>
            </Show>
        </section>
    }
}

#[component]
fn ProgressBar(flow: Flow) -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        flow.busy.get().then(|| {
            let (stage, done, total, file) = flow
                .progress
                .get()
                .unwrap_or_else(|| ("read".into(), 0.0, 1.0, String::new()));
            let label = match stage.as_str() {
                "read" => format!("{} {file}", IT::Reading.get(l)),
                "parse" => IT::Parsing.get(l).to_owned(),
                "join" => IT::Joining.get(l).to_owned(),
                _ => IT::Building.get(l).to_owned(),
            };
            view! {
                <div class="import-progress" data-testid="import-progress">
                    <label for="import-progress-bar">{label}</label>
                    <progress id="import-progress-bar" max=total.max(1.0).to_string() value=done.to_string()></progress>
                </div>
            }
        })
    }
}

fn field_options(
    fields: Vec<String>,
    selected: Option<usize>,
    with_none: Option<&'static str>,
) -> impl IntoView {
    let none = with_none.map(|label| {
        view! { <option value="" prop:selected=selected.is_none()>{label}</option> }
    });
    let items = fields
        .into_iter()
        .enumerate()
        .map(|(i, f)| view! { <option value=i.to_string() prop:selected=selected == Some(i)>{f}</option> })
        .collect_view();
    view! { {none}{items} }
}

fn parse_choice(v: &str) -> Option<usize> {
    v.parse().ok()
}

#[component]
fn AnalysisStep(flow: Flow) -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        let a = flow.analysis.get()?;
        let files = a
            .files
            .iter()
            .map(|f| {
                let what = match &f.error {
                    Some(e) => describe_import_error(e, l),
                    None => IT::role(f.role).get(l).to_owned(),
                };
                view! { <li class:bad=f.error.is_some()><strong>{f.name.clone()}</strong>": "{what}</li> }
            })
            .collect_view();
        let boundaries = a.boundaries.clone().map(|b| {
            let how = IT::crs_source(b.crs.source).get(l);
            let detected = b.crs.detected.map(crs_label).unwrap_or_else(|| IT::Unknown.get(l).to_owned());
            let crs_options = Crs::ALL
                .iter()
                .map(|c| {
                    let c = *c;
                    view! { <option value=c.epsg().to_string() prop:selected=move || flow.crs.get() == Some(c)>{crs_label(c)}</option> }
                })
                .collect_view();
            let issues = b.issues.clone();
            let fixed = issues.iter().filter(|i| i.fixed).count();
            let issue_items = issues
                .iter()
                .take(50)
                .map(|i| view! { <li class:fixed=i.fixed>{describe_issue(i, l)}</li> })
                .collect_view();
            // Field names with a few values, so the planner recognises the key and the name.
            let fields: Vec<String> = b
                .fields
                .iter()
                .map(|f| {
                    let samples: Vec<&str> = f.samples.iter().map(|v| v.as_str()).filter(|v| !v.is_empty()).collect();
                    if samples.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{} ({} …)", f.name, samples.join(", "))
                    }
                })
                .collect();
            let fields2 = fields.clone();
            view! {
                <div class="import-summary" data-testid="import-boundaries">
                    <h4>{IT::Boundaries.get(l)}</h4>
                    <p>{format!("{}: {} {}", b.file, b.feature_count, IT::Features.get(l))}</p>
                    <p data-testid="import-crs-detected">{format!("{}: {detected} ({how})", IT::CrsDetected.get(l))}</p>
                    {b.crs.detected.is_none().then(|| view! {
                        <p class="warn" role="alert" data-testid="import-crs-warning">{IT::CrsUnknownWarning.get(l)}</p>
                    })}
                    <label for="import-crs">{IT::CrsUse.get(l)}</label>
                    <select id="import-crs" data-testid="import-crs"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            flow.crs.set(Crs::ALL.iter().copied().find(|c| c.epsg().to_string() == v));
                            flow.joined.set(None);
                        }>
                        <option value="" prop:selected=move || flow.crs.get().is_none()>{IT::ChooseCrs.get(l)}</option>
                        {crs_options}
                    </select>
                    {(!issues.is_empty()).then(|| view! {
                        <details class="issues" data-testid="import-geometry-issues">
                            <summary>{format!("{} {} ({} {})", issues.len(), IT::GeometryIssues.get(l), fixed, IT::Fixed.get(l))}</summary>
                            <ul>{issue_items}</ul>
                        </details>
                    })}
                    <div class="row">
                        <label>{IT::KeyField.get(l)}
                            <select data-testid="import-key-field" on:change=move |ev| { flow.key_field.set(parse_choice(&event_target_value(&ev))); flow.joined.set(None); }>
                                {field_options(fields, flow.key_field.get_untracked(), None)}
                            </select>
                        </label>
                        <label>{IT::NameField.get(l)}
                            <select data-testid="import-name-field" on:change=move |ev| { flow.name_field.set(parse_choice(&event_target_value(&ev))); flow.joined.set(None); }>
                                {field_options(fields2, flow.name_field.get_untracked(), Some(IT::NoneChoice.get(l)))}
                            </select>
                        </label>
                    </div>
                </div>
            }
        });
        let table = a.table.clone().map(|t| {
            let d = &t.detection;
            let detected = IT::detection(d, l);
            let problems = t
                .problems
                .iter()
                .take(50)
                .map(|p| view! { <li>{IT::cell_problem(p, l)}</li> })
                .collect_view();
            let n_problems = t.problems.len();
            let headers: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            view! {
                <div class="import-summary" data-testid="import-table">
                    <h4>{IT::Table.get(l)}</h4>
                    <p>{format!("{}: {} {}", t.file, t.row_count, IT::Rows.get(l))}</p>
                    <ul class="detected" data-testid="import-table-detected">{detected.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
                    {(n_problems > 0).then(|| view! {
                        <details class="issues" data-testid="import-cell-problems">
                            <summary>{format!("{n_problems} {}", IT::CellProblems.get(l))}</summary>
                            <ul>{problems}</ul>
                        </details>
                    })}
                    <label>{IT::TableKey.get(l)}
                        <select data-testid="import-table-key" on:change=move |ev| { flow.table_column.set(parse_choice(&event_target_value(&ev))); flow.joined.set(None); }>
                            {field_options(headers, flow.table_column.get_untracked(), None)}
                        </select>
                    </label>
                </div>
            }
        });
        let services = a.services.clone().map(|sv| {
            let fields: Vec<String> = sv.fields.iter().map(|f| f.name.clone()).collect();
            view! {
                <div class="import-summary" data-testid="import-services">
                    <h4>{IT::Services.get(l)}</h4>
                    <p>{format!("{}: {} {}", sv.file, sv.feature_count, IT::Features.get(l))}</p>
                    <p>{format!(
                        "{}: {} ({})",
                        IT::CrsDetected.get(l),
                        sv.crs.detected.map(crs_label).unwrap_or_else(|| IT::Unknown.get(l).to_owned()),
                        IT::crs_source(sv.crs.source).get(l)
                    )}</p>
                    {sv.crs.detected.is_none().then(|| view! {
                        <p class="warn" role="alert" data-testid="import-crs-warning">{IT::CrsUnknownWarning.get(l)}</p>
                    })}
                    <label>{IT::CategoryField.get(l)}
                        <select data-testid="import-category-field" on:change=move |ev| flow.category_field.set(parse_choice(&event_target_value(&ev)))>
                            {field_options(fields, flow.category_field.get_untracked(), Some(IT::NoneChoice.get(l)))}
                        </select>
                    </label>
                </div>
            }
        });
        let can_join = a.boundaries.is_some() && a.table.is_some();
        Some(view! {
            <section class="import-step" aria-labelledby="import-found-heading">
                <h3 id="import-found-heading">{IT::StepFound.get(l)}</h3>
                <ul class="file-roles" data-testid="import-file-roles">{files}</ul>
                {boundaries}
                {table}
                {services}
                {can_join.then(|| view! {
                    <button class="primary" data-testid="import-join" disabled=move || flow.busy.get()
                        on:click=move |_| run_join(flow)>{IT::Join.get(l)}</button>
                })}
                {(!can_join).then(|| view! { <p class="hint">{IT::NeedBoth.get(l)}</p> })}
            </section>
        })
    }
}

fn run_join(flow: Flow) {
    let Some(request) = flow.join_request() else {
        return;
    };
    let Ok(json) = serde_json::to_string(&request) else {
        return;
    };
    flow.busy.set(true);
    flow.problem.set(None);
    leptos::task::spawn_local(async move {
        let reply = ask_worker("join", None, &json, move |p| flow.progress.set(Some(p))).await;
        flow.busy.set(false);
        flow.progress.set(None);
        match decode::<JoinResult>(reply) {
            Ok(j) => flow.joined.set(Some(j)),
            Err(p) => flow.problem.set(Some(p)),
        }
    });
}

#[component]
fn JoinStep(flow: Flow) -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        let j = flow.joined.get()?;
        let r = &j.report;
        let list = |items: Vec<String>, testid: &'static str| {
            let n = items.len();
            (n > 0).then(|| {
                view! {
                    <ul data-testid=testid>{items.into_iter().take(100).map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                }
            })
        };
        let unmatched_districts: Vec<String> = r
            .districts_without_row
            .iter()
            .map(|d| format!("{} {}", d.key, d.name))
            .collect();
        let unmatched_rows: Vec<String> = r
            .rows_without_district
            .iter()
            .map(|x| format!("{} {}: {}", IT::Row.get(l), x.row, x.key))
            .collect();
        let duplicates: Vec<String> = r
            .duplicate_table_keys
            .iter()
            .map(|d| IT::duplicate(d, true, l))
            .chain(
                r.duplicate_district_keys
                    .iter()
                    .map(|d| IT::duplicate(d, false, l)),
            )
            .collect();
        let safe: Vec<(String, String)> = r
            .near_misses
            .iter()
            .filter(|m| m.safe)
            .map(|m| (m.table_key.clone(), m.district_key.clone()))
            .collect();
        let near = r
            .near_misses
            .iter()
            .map(|m| {
                let pair = (m.table_key.clone(), m.district_key.clone());
                let text = IT::near_miss(m, l);
                let accept = move |_| {
                    flow.renames.update(|r| {
                        r.retain(|(t, _)| *t != pair.0);
                        r.push(pair.clone());
                    });
                    run_join(flow);
                };
                view! {
                    <li class:safe=m.safe>{text}" "
                        <button data-testid="import-fix-one" on:click=accept>{IT::Accept.get(l)}</button>
                    </li>
                }
            })
            .collect_view();
        let n_safe = safe.len();
        let duplicates_empty =
            r.duplicate_table_keys.is_empty() && r.duplicate_district_keys.is_empty();
        let issues = j.issues.len();
        Some(view! {
            <section class="import-step" aria-labelledby="import-join-heading" data-testid="import-join-report">
                <h3 id="import-join-heading">{IT::StepJoin.get(l)}</h3>
                <p data-testid="import-join-summary">{format!(
                    "{} {} · {} {} · {} {}",
                    r.matched.len(), IT::Matched.get(l),
                    r.districts_without_row.len(), IT::DistrictsWithoutRow.get(l),
                    r.rows_without_district.len(), IT::RowsWithoutDistrict.get(l),
                )}</p>
                {(n_safe > 0).then(|| view! {
                    <button class="primary" data-testid="import-fix-safe" on:click=move |_| {
                        flow.renames.update(|r| {
                            for p in &safe {
                                r.retain(|(t, _)| *t != p.0);
                                r.push(p.clone());
                            }
                        });
                        run_join(flow);
                    }>{format!("{} ({n_safe})", IT::FixSafe.get(l))}</button>
                })}
                {(!r.near_misses.is_empty()).then(|| view! {
                    <h4>{IT::NearMisses.get(l)}</h4>
                    <ul data-testid="import-near-misses">{near}</ul>
                })}
                {(!r.districts_without_row.is_empty()).then(|| view! { <h4>{IT::DistrictsWithoutRow.get(l)}</h4> })}
                {list(unmatched_districts, "import-unmatched-districts")}
                {(!r.rows_without_district.is_empty()).then(|| view! { <h4>{IT::RowsWithoutDistrict.get(l)}</h4> })}
                {list(unmatched_rows, "import-unmatched-rows")}
                {(!duplicates_empty).then(|| view! { <h4>{IT::Duplicates.get(l)}</h4> })}
                {list(duplicates, "import-duplicates")}
                {(issues > 0).then(|| {
                    let out_of_range = j.issues.iter().any(|i| i.kind == IssueKind::OutOfRange);
                    let items = j.issues.iter().take(50).map(|i| view! { <li>{describe_issue(i, l)}</li> }).collect_view();
                    view! {
                        {out_of_range.then(|| view! {
                            <p class="warn" role="alert" data-testid="import-out-of-range">{IT::OutOfRangeWarning.get(l)}</p>
                        })}
                        <details class="issues" data-testid="import-join-issues">
                            <summary>{format!("{issues} {}", IT::GeometryIssues.get(l))}</summary>
                            <ul>{items}</ul>
                        </details>
                    }
                })}
            </section>
        })
    }
}

#[component]
fn IndicatorStep(flow: Flow) -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    move || {
        let l = lang.get();
        let j = flow.joined.get()?;
        if j.report.matched.is_empty() {
            return None;
        }
        // The key column is not an indicator.
        let key_column = flow.table_column.get();
        let rows = flow
            .drafts
            .get_untracked()
            .into_iter()
            .enumerate()
            .filter(|(_, d)| Some(d.column) != key_column)
            .map(|(i, d)| {
                let set = move |f: &dyn Fn(&mut Draft)| {
                    flow.drafts.update(|ds| {
                        if let Some(d) = ds.get_mut(i) {
                            f(d)
                        }
                    })
                };
                let id = format!("import-ind-{i}");
                view! {
                    <tr data-testid="import-indicator-row">
                        <td><input type="checkbox" id=id.clone() prop:checked=d.chosen
                            on:change=move |ev| { let c = event_target_checked(&ev); set(&|d| d.chosen = c) }/>
                            <label for=id>{d.header.clone()}</label></td>
                        <td><input type="text" aria-label=IT::Label.get(l) prop:value=d.label.clone()
                            on:change=move |ev| { let v = event_target_value(&ev); set(&|d| d.label = v.clone()) }/></td>
                        <td><input type="text" size="6" aria-label=IT::Unit.get(l) prop:value=d.unit.clone()
                            on:change=move |ev| { let v = event_target_value(&ev); set(&|d| d.unit = v.clone()) }/></td>
                        <td><select aria-label=IT::Direction.get(l) on:change=move |ev| {
                                let v = event_target_value(&ev);
                                let dir = match v.as_str() {
                                    "lower" => Direction::LowerIsMoreNeed,
                                    "neutral" => Direction::Neutral,
                                    _ => Direction::HigherIsMoreNeed,
                                };
                                set(&|d| d.direction = dir)
                            }>
                            <option value="higher" prop:selected=d.direction == Direction::HigherIsMoreNeed>{IT::HigherMoreNeed.get(l)}</option>
                            <option value="lower" prop:selected=d.direction == Direction::LowerIsMoreNeed>{IT::LowerMoreNeed.get(l)}</option>
                            <option value="neutral" prop:selected=d.direction == Direction::Neutral>{IT::Neutral.get(l)}</option>
                        </select></td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="import-step" aria-labelledby="import-ind-heading">
                <h3 id="import-ind-heading">{IT::StepIndicators.get(l)}</h3>
                <div class="row">
                    <label>{IT::DatasetTitle.get(l)}
                        <input type="text" data-testid="import-title" prop:value=move || flow.title.get()
                            on:input=move |ev| flow.title.set(event_target_value(&ev))/></label>
                    <label>{IT::DataYear.get(l)}
                        <input type="number" min="1990" max="2100" data-testid="import-year" prop:value=move || flow.year.get().to_string()
                            on:change=move |ev| { if let Ok(y) = event_target_value(&ev).parse() { flow.year.set(y) } }/></label>
                </div>
                <label>{IT::SourceText.get(l)}
                    <input type="text" data-testid="import-source" prop:value=move || flow.source.get()
                        on:input=move |ev| flow.source.set(event_target_value(&ev))/></label>
                <table class="import-indicators">
                    <thead><tr><th scope="col">{IT::Column.get(l)}</th><th scope="col">{IT::Label.get(l)}</th><th scope="col">{IT::Unit.get(l)}</th><th scope="col">{IT::Direction.get(l)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <button class="primary" data-testid="import-create" disabled=move || flow.busy.get()
                    on:click=move |_| create(s, flow)>{IT::CreateMap.get(l)}</button>
            </section>
        })
    }
}

/// Build the dataset folder in the worker, open it, store it, show it.
fn create(s: AppState, flow: Flow) {
    let Some(join) = flow.join_request() else {
        return;
    };
    let l = s.lang.get_untracked();
    let source = {
        let t = flow.source.get_untracked();
        if t.trim().is_empty() {
            IT::SourceUnknown.get(l).to_owned()
        } else {
            t
        }
    };
    let indicators: Vec<IndicatorChoice> = flow
        .drafts
        .get_untracked()
        .into_iter()
        .filter(|d| d.chosen && Some(d.column) != flow.table_column.get_untracked())
        .map(|d| {
            let label = if d.label.trim().is_empty() {
                d.header
            } else {
                d.label
            };
            IndicatorChoice {
                column: d.column,
                label: Text::new(&label, &label),
                unit: d.unit,
                definition: Text::default(),
                direction: d.direction,
                decimals: None,
                source: source.clone(),
            }
        })
        .collect();
    if indicators.is_empty() {
        flow.problem
            .set(Some(Problem::Import(ImportError::NoIndicators)));
        return;
    }
    let id = local_id();
    let title = {
        let t = flow.title.get_untracked();
        if t.trim().is_empty() {
            IT::Imported.get(l).to_owned()
        } else {
            t
        }
    };
    let request = BuildRequest {
        join,
        id: id.clone(),
        title: title.clone(),
        year: flow.year.get_untracked(),
        indicators,
        category_field: flow.category_field.get_untracked(),
    };
    let Ok(json) = serde_json::to_string(&request) else {
        return;
    };
    flow.busy.set(true);
    flow.problem.set(None);
    leptos::task::spawn_local(async move {
        let reply = ask_worker("build", None, &json, move |p| flow.progress.set(Some(p))).await;
        flow.progress.set(None);
        let folder = match decode::<atlas_core::import::publish::DatasetFolder>(reply) {
            Ok(f) => f,
            Err(p) => {
                flow.busy.set(false);
                flow.problem.set(Some(p));
                return;
            }
        };
        let record = new_record(id.clone(), title, js_sys::Date::now(), folder, request);
        match local::open(&record) {
            Ok(loaded) => {
                if let Err(local::StorageError(m)) = local::save(&record).await {
                    // Still shown: the planner can work, but is told it will not survive a reload.
                    flow.problem.set(Some(Problem::Storage(m)));
                }
                refresh_list(s).await;
                s.dataset_id.set(Some(format!("{LOCAL_PREFIX}{id}")));
                s.dataset_loaded(Arc::new(loaded));
                flow.busy.set(false);
                if flow.problem.get_untracked().is_none() {
                    s.import_open.set(false);
                    local::import_reset();
                }
            }
            Err(e) => {
                flow.busy.set(false);
                flow.problem.set(Some(Problem::Load(e)));
            }
        }
    });
}

/// A fresh id for an import: time plus randomness, base 36 (unique in one browser).
fn local_id() -> String {
    let t = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * 1e9) as u64;
    format!("{}{}", radix36(t), radix36(r))
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Re-read the list of stored datasets into the app state.
pub async fn refresh_list(s: AppState) {
    match local::list().await {
        Ok(list) => s.local_datasets.set(list),
        Err(local::StorageError(m)) => leptos::logging::warn!("stored datasets unavailable: {m}"),
    }
}

/// The datasets stored in this browser: open, rename, export as a dataset folder, delete.
#[component]
fn StoredList() -> impl IntoView {
    let s = use_app_state();
    let lang = s.lang;
    let problem = RwSignal::new(None::<String>);
    let items = move || {
        let l = lang.get();
        s.local_datasets
            .get()
            .into_iter()
            .map(|m: StoredMeta| {
                let id = m.id.clone();
                let name = RwSignal::new(m.name.clone());
                let confirm = RwSignal::new(false);
                let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
                let rename_id = format!("rename-{id}");
                view! {
                    <li data-testid="stored-dataset">
                        <label for=rename_id.clone() class="visually-hidden">{IT::Name.get(l)}</label>
                        <input id=rename_id type="text" data-testid="stored-name" prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))/>
                        <button data-testid="stored-rename" on:click=move |_| {
                            let id = id1.clone();
                            leptos::task::spawn_local(async move {
                                if let Err(local::StorageError(m)) = local::rename(&id, &name.get_untracked()).await {
                                    problem.set(Some(m));
                                }
                                refresh_list(s).await;
                            });
                        }>{IT::Rename.get(l)}</button>
                        <button data-testid="stored-open" on:click=move |_| {
                            crate::switch_dataset(s, format!("{LOCAL_PREFIX}{}", id2), None);
                            s.import_open.set(false);
                        }>{IT::Open.get(l)}</button>
                        <button data-testid="stored-export" on:click=move |_| {
                            let id = id3.clone();
                            leptos::task::spawn_local(async move {
                                match local::get(&id).await {
                                    Ok(Some(r)) => export_folder(&r),
                                    Ok(None) => {}
                                    Err(local::StorageError(m)) => problem.set(Some(m)),
                                }
                            });
                        }>{IT::ExportFolder.get(l)}</button>
                        {move || if confirm.get() {
                            let id = id4.clone();
                            view! {
                                <button class="danger" data-testid="stored-delete-confirm" on:click=move |_| {
                                    let id = id.clone();
                                    leptos::task::spawn_local(async move {
                                        if let Err(local::StorageError(m)) = local::delete(&id).await {
                                            problem.set(Some(m));
                                        }
                                        refresh_list(s).await;
                                    });
                                }>{IT::ReallyDelete.get(lang.get())}</button>
                            }.into_any()
                        } else {
                            view! { <button data-testid="stored-delete" on:click=move |_| confirm.set(true)>{IT::Delete.get(lang.get())}</button> }.into_any()
                        }}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || !s.local_datasets.get().is_empty()>
            <section class="import-step" aria-labelledby="stored-heading">
                <h3 id="stored-heading">{move || IT::StoredHere.get(lang.get())}</h3>
                <ul class="stored-list" data-testid="stored-list">{items}</ul>
                {move || problem.get().map(|m| view! { <p role="alert">{format!("{} ({m})", IT::StorageFailed.get(lang.get()))}</p> })}
            </section>
        </Show>
    }
}

/// Download a stored dataset as `<id>.zip` holding the folder `<id>/` in the format of
/// `data/dortmund`, ready for a website deployment's `data/` and `catalog.json`.
fn export_folder(r: &StoredDataset) {
    let Some(zip) = atlas_core::import::stored::folder_zip(r) else {
        return;
    };
    let bytes = js_sys::Uint8Array::from(zip.as_slice());
    let parts = js_sys::Array::of1(&bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/zip");
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    crate::ui::export::download_href(
        &format!("{}.zip", atlas_core::import::stored::folder_name(r)),
        &url,
    );
    let _ = web_sys::Url::revoke_object_url(&url);
}
