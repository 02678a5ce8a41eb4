//! /contacts/import — the import wizard (contacts.import): choose a file;
//! check the sheet, the kind of contacts and each column's field (suggested,
//! with the reason); see every row's verdict, what a duplicate would change,
//! and confirm rows; import them in one run. Below: the run history, where
//! a run is rolled back.

use crate::api::crm::{commit_import, list_import_runs, preview_import, rollback_import};
use crate::domain::crm::import::{Dedupe, DuplicateOf, RowPreview, Verdict};
use crate::domain::crm::mapping::ContactField;
use crate::domain::crm::runs::{FieldChange, OnDuplicate, RowSet};
use crate::domain::crm::ContactType;
use crate::dto::crm::{ImportPreview, ImportRun};
use crate::dto::error::AppError;
use crate::dto::uploads::{UploadedFile, CONTACT_FILE_ROUTE};
use crate::ui::components::time::datetime;
use crate::ui::components::{Card, ErrorPanel, Load, PageHeader, Pill};
use crate::ui::kit::dialog::ConfirmButton;
use crate::ui::kit::upload::FileUpload;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::BTreeSet;

/// Rows shown at once in the preview (all of them are imported when confirmed).
const SHOWN: usize = 500;

/// What the person chose: the preview and the commit send the same.
#[derive(Clone, Debug, PartialEq)]
struct Choices {
    sheet: String,
    kind: ContactType,
    dedupe: Dedupe,
    on_duplicate: OnDuplicate,
    /// `None`: the suggestions.
    mapping: Option<Vec<Option<ContactField>>>,
}

impl Default for Choices {
    fn default() -> Self {
        Choices { sheet: String::new(), kind: ContactType::Client, dedupe: Dedupe::Email, on_duplicate: OnDuplicate::Skip, mapping: None }
    }
}

impl Choices {
    fn mapping_text(&self) -> String {
        self.mapping.as_ref().map(|m| m.iter().map(|f| f.map(|f| f.as_str()).unwrap_or("")).collect::<Vec<_>>().join(",")).unwrap_or_default()
    }
}

/// A key for one press of Import: the same press retried is the same run.
fn fresh_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        format!("{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

#[component]
pub fn ContactImportPage() -> impl IntoView {
    let params = use_query_map();
    let file = Memo::new(move |_| params.with(|p| p.get("file").filter(|f| !f.is_empty())));
    let choices = RwSignal::new(Choices::default());
    let rolled = RwSignal::new(0u32);
    let committed = RwSignal::new(None::<ImportRun>);
    let runs = Resource::new(move || (rolled.get(), committed.with(|c| c.as_ref().map(|r| r.id.clone()))), |_| list_import_runs());
    let preview = Resource::new(
        move || (file.get(), choices.get()),
        |(file, c)| async move {
            match file {
                None => Ok(None),
                Some(f) => {
                    preview_import(f, c.sheet.clone(), c.kind.as_str().into(), c.dedupe.as_str().into(), c.on_duplicate.as_str().into(), c.mapping_text())
                        .await
                        .map(Some)
                }
            }
        },
    );
    let navigate = use_navigate();
    let on_uploaded = Callback::new(move |f: UploadedFile| {
        committed.set(None);
        choices.set(Choices::default());
        navigate(&format!("/contacts/import?file={}", f.id), Default::default());
    });
    view! {
        <Title text="Import contacts" />
        <PageHeader title="Import contacts".to_string() subtitle="From a CSV or a workbook: Google, Outlook, LinkedIn, HubSpot or your own sheet">
            <a class="button" href="/contacts">
                "Back to contacts"
            </a>
        </PageHeader>
        {move || {
            committed
                .get()
                .map(|run| {
                    view! {
                        <p class="alert alert-success" role="status">
                            {format!(
                                "Imported {}: {} added, {} updated, {} skipped, {} with errors.",
                                run.file_name,
                                run.inserted,
                                run.updated,
                                run.skipped,
                                run.errors,
                            )}
                            " "
                            <a href="/contacts?sort=added&dir=desc">"See them"</a>
                        </p>
                    }
                })
        }}
        <Card title="1. Choose a file">
            <FileUpload
                label="Contact file"
                id="import-file"
                accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.xlsb,.ods"
                multiple=false
                max_bytes=10 * 1024 * 1024
                route=CONTACT_FILE_ROUTE
                hint="CSV (any delimiter or encoding) or a workbook (.xlsx, .xls, .ods), up to 10 MB and 5,000 rows."
                on_uploaded
            />
        </Card>
        <Load data=preview keep=true let:found>
            {found.map(|p| view! { <Wizard p choices committed /> })}
        </Load>
        <Card title="Import history">
            <Load data=runs let:history>
                <RunHistory runs=history.runs rolled />
            </Load>
        </Card>
    }
}

#[component]
fn Wizard(p: ImportPreview, choices: RwSignal<Choices>, committed: RwSignal<Option<ImportRun>>) -> impl IntoView {
    let c = choices.get_untracked();
    let navigate = use_navigate();
    let picked = RwSignal::new(default_picks(&p, c.on_duplicate));
    let filter = RwSignal::new(None::<Verdict>);
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let upload_id = p.upload_id.clone();
    let commit = move |_| {
        let c = choices.get_untracked();
        let rows = RowSet::format(&picked.get_untracked());
        let (file, key, navigate) = (upload_id.clone(), fresh_key(), navigate.clone());
        pending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let done = commit_import(
                file,
                c.sheet.clone(),
                c.kind.as_str().into(),
                c.dedupe.as_str().into(),
                c.on_duplicate.as_str().into(),
                c.mapping_text(),
                rows,
                key,
            )
            .await;
            pending.set(false);
            match done {
                Ok(run) => {
                    committed.set(Some(run));
                    navigate("/contacts/import", Default::default());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let sheets = p.sheets.clone();
    let sheet_now = p.sheet.clone();
    let header = p.header_row;
    let (new, dups, errs) = (p.new, p.duplicates, p.errors);
    let total = p.rows.len();
    let columns = p.columns.clone();
    let preview = StoredValue::new(p);
    let count_picked = move || picked.with(|s| s.len());
    let set_mapping = Callback::new(move |(i, code): (usize, String)| {
        choices.update(|c| {
            let mut m: Vec<Option<ContactField>> = c.mapping.clone().unwrap_or_else(|| columns.iter().map(|col| col.field).collect());
            if let Some(slot) = m.get_mut(i) {
                *slot = ContactField::parse(&code);
            }
            c.mapping = Some(m);
        })
    });
    let mapping_rows = preview
        .with_value(|p| p.columns.clone())
        .into_iter()
        .enumerate()
        .map(|(i, col)| {
            let id = format!("map-{i}");
            let chosen = col.field;
            view! {
                <tr>
                    <th scope="row" data-label="Column">
                        <label for=id.clone()>{if col.header.is_empty() { format!("Column {}", i + 1) } else { col.header.clone() }}</label>
                    </th>
                    <td data-label="Field">
                        <select id=id on:change=move |ev| set_mapping.run((i, event_target_value(&ev)))>
                            <option value="" selected=chosen.is_none()>
                                "— not imported —"
                            </option>
                            {ContactField::ALL
                                .iter()
                                .map(|f| {
                                    view! {
                                        <option value=f.as_str() selected=chosen == Some(*f)>
                                            {f.label()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </td>
                    <td class="muted small" data-label="Why">
                        {col.reason.clone()}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let select = move |f: &'static str, label: &'static str, options: Vec<(String, String)>, now: String, set: Callback<String>| {
        view! {
            <div class="field">
                <label for=f>{label}</label>
                <select id=f on:change=move |ev| set.run(event_target_value(&ev))>
                    {options
                        .into_iter()
                        .map(|(v, l)| {
                            let sel = v == now;
                            view! {
                                <option value=v selected=sel>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let sheet_select = (sheets.len() > 1).then(|| {
        select(
            "imp-sheet",
            "Sheet",
            sheets.iter().map(|s| (s.clone(), s.clone())).collect(),
            sheet_now.clone(),
            Callback::new(move |v: String| {
                choices.update(|c| {
                    c.sheet = v;
                    c.mapping = None;
                })
            }),
        )
    });
    let kinds = ContactType::ALL.iter().map(|t| (t.as_str().to_string(), t.label().to_string())).collect();
    let dedupes = Dedupe::ALL.iter().map(|d| (d.as_str().to_string(), d.label().to_string())).collect();
    let on_dups = OnDuplicate::ALL.iter().map(|d| (d.as_str().to_string(), d.label().to_string())).collect();
    let chip = move |label: String, v: Option<Verdict>| {
        view! {
            <button type="button" class="chip" aria-pressed=move || (filter.get() == v).to_string() on:click=move |_| filter.set(v)>
                {label.clone()}
            </button>
        }
    };
    view! {
        <Card title="2. Check the columns">
            <p class="muted small">
                {match header {
                    Some(h) => format!("Sheet “{sheet_now}”, headings on row {h}."),
                    None => format!("Sheet “{sheet_now}” has no heading row we recognise: choose each column's field."),
                }}
            </p>
            <div class="form-row">
                {sheet_select}
                {select(
                    "imp-kind",
                    "These contacts are",
                    kinds,
                    c.kind.as_str().into(),
                    Callback::new(move |v: String| choices.update(|c| c.kind = ContactType::parse(&v).unwrap_or(ContactType::Client))),
                )}
                {select(
                    "imp-dedupe",
                    "Duplicates are",
                    dedupes,
                    c.dedupe.as_str().into(),
                    Callback::new(move |v: String| choices.update(|c| c.dedupe = Dedupe::parse(&v).unwrap_or(Dedupe::Email))),
                )}
                {select(
                    "imp-ondup",
                    "A duplicate of a contact",
                    on_dups,
                    c.on_duplicate.as_str().into(),
                    Callback::new(move |v: String| choices.update(|c| c.on_duplicate = OnDuplicate::parse(&v).unwrap_or(OnDuplicate::Skip))),
                )}
            </div>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Columns">
                <table class="table stack mapping">
                    <thead>
                        <tr>
                            <th scope="col">"Column"</th>
                            <th scope="col">"Imported as"</th>
                            <th scope="col">"Why"</th>
                        </tr>
                    </thead>
                    <tbody>{mapping_rows}</tbody>
                </table>
            </div>
        </Card>
        <Card title="3. Confirm the rows">
            <div class="table-toolbar">
                <div class="chips" role="group" aria-label="Show rows">
                    {chip(format!("All {total}"), None)}
                    {chip(format!("New {new}"), Some(Verdict::New))}
                    {chip(format!("Duplicates {dups}"), Some(Verdict::Duplicate))}
                    {chip(format!("Errors {errs}"), Some(Verdict::Error))}
                </div>
                <div class="toolbar-right">
                    <button
                        type="button"
                        class="button small"
                        on:click=move |_| picked.set(preview.with_value(|p| default_picks(p, choices.get_untracked().on_duplicate)))
                    >
                        "Select the suggested"
                    </button>
                    <button type="button" class="button small" on:click=move |_| picked.set(BTreeSet::new())>
                        "Select none"
                    </button>
                </div>
            </div>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Rows of the file">
                <table class="table stack import-rows">
                    <thead>
                        <tr>
                            <th scope="col">
                                <span class="sr-only">"Import"</span>
                            </th>
                            <th scope="col" class="num">
                                "Row"
                            </th>
                            <th scope="col">"Verdict"</th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"Phone"</th>
                            <th scope="col">"Company"</th>
                            <th scope="col">"Notes"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let only = filter.get();
                            preview
                                .with_value(|p| {
                                    p.rows
                                        .iter()
                                        .zip(&p.changes)
                                        .filter(|(r, _)| only.is_none_or(|v| r.verdict == v))
                                        .take(SHOWN)
                                        .map(|(r, ch)| view! { <RowLine r=r.clone() changes=ch.clone() picked /> })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
            </div>
            {(total > SHOWN)
                .then(|| view! { <p class="muted small">{format!("The first {SHOWN} rows of each list are shown; the selection covers all {total}.")}</p> })}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="alert alert-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            <div class="form-actions">
                <button type="button" class="button primary" disabled=move || pending.get() || count_picked() == 0 on:click=commit>
                    {move || format!("Import {} rows", count_picked())}
                </button>
            </div>
        </Card>
    }
}

/// The rows confirmed at first: the new ones, and with updates the
/// duplicates that would change their contact.
fn default_picks(p: &ImportPreview, on_duplicate: OnDuplicate) -> BTreeSet<u32> {
    p.rows
        .iter()
        .zip(&p.changes)
        .filter(|(r, ch)| r.verdict == Verdict::New || (on_duplicate == OnDuplicate::Update && r.verdict == Verdict::Duplicate && !ch.is_empty()))
        .map(|(r, _)| r.row)
        .collect()
}

#[component]
fn RowLine(r: RowPreview, changes: Vec<FieldChange>, picked: RwSignal<BTreeSet<u32>>) -> impl IntoView {
    let row = r.row;
    let c = r.contact.clone();
    let tone = match r.verdict {
        Verdict::New => "ok",
        Verdict::Duplicate => "warn",
        Verdict::Error => "danger",
    };
    let note = match (&r.verdict, &r.duplicate_of) {
        (Verdict::Error, _) => r.errors.join(" "),
        (_, Some(DuplicateOf::Row(n))) => format!("Repeats row {n}."),
        (_, Some(DuplicateOf::Contact { name, .. })) if changes.is_empty() => format!("Already a contact: {name}."),
        (_, Some(DuplicateOf::Contact { name, .. })) => {
            let list: Vec<String> = changes
                .iter()
                .map(|ch| format!("{}: {} → {}", ch.field.label(), if ch.old.is_empty() { "—" } else { &ch.old }, ch.new.replace('\n', ", ")))
                .collect();
            format!("Updates {name} — {}", list.join("; "))
        }
        _ => String::new(),
    };
    let can_pick = r.verdict != Verdict::Error;
    let label = format!("Import row {row}");
    let dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    view! {
        <tr data-verdict=r.verdict.as_str()>
            <td data-label="Import">
                <input
                    type="checkbox"
                    aria-label=label
                    disabled=!can_pick
                    prop:checked=move || picked.with(|s| s.contains(&row))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        picked
                            .update(|s| {
                                if on {
                                    s.insert(row);
                                } else {
                                    s.remove(&row);
                                }
                            });
                    }
                />
            </td>
            <td class="num" data-label="Row">
                {row}
            </td>
            <td data-label="Verdict">
                <Pill text=r.verdict.label() tone />
            </td>
            <td data-label="Name">{dash(&c.name())}</td>
            <td data-label="Email">{dash(c.email.as_deref().unwrap_or(""))}</td>
            <td data-label="Phone">{dash(c.phone.as_deref().unwrap_or(""))}</td>
            <td data-label="Company">{dash(&c.company)}</td>
            <td class="small" data-label="Notes">
                {note}
            </td>
        </tr>
    }
}

#[component]
fn RunHistory(runs: Vec<ImportRun>, rolled: RwSignal<u32>) -> impl IntoView {
    if runs.is_empty() {
        return view! { <p class="muted">"No imports yet."</p> }.into_any();
    }
    let failure = RwSignal::new(None::<AppError>);
    let rows = runs
        .into_iter()
        .map(|run| {
            let id = run.id.clone();
            let undo = Callback::new(move |_| {
                let id = id.clone();
                leptos::task::spawn_local(async move {
                    match rollback_import(id).await {
                        Ok(_) => rolled.update(|n| *n += 1),
                        Err(e) => failure.set(Some(e)),
                    }
                });
            });
            let status = match &run.rollback {
                Some(rb) => {
                    let kept = if rb.kept.is_empty() { String::new() } else { format!(" Kept as edited since: {}.", rb.kept.join(", ")) };
                    view! {
                        <span>
                            <Pill text="Rolled back" tone="neutral" />
                            <span class="small">{format!(" {} by {}: {} removed, {} restored.{kept}", datetime(rb.at), rb.by, rb.removed, rb.restored)}</span>
                        </span>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <ConfirmButton
                            label="Roll back"
                            question=format!(
                                "Roll back the import of {}? The {} contacts it added go to the trash, and the {} it updated get their earlier values back (fields edited since are kept).",
                                run.file_name,
                                run.inserted,
                                run.updated,
                            )
                            confirm_label="Roll back"
                            on_confirm=undo
                            danger=true
                        />
                    }
                        .into_any()
                }
            };
            view! {
                <tr>
                    <td data-label="When">{datetime(run.created_at)}</td>
                    <td data-label="File">{run.file_name.clone()}</td>
                    <td data-label="Kind">{run.contact_type.label()}</td>
                    <td data-label="By">{run.run_by.clone()}</td>
                    <td class="num" data-label="Added">
                        {run.inserted}
                    </td>
                    <td class="num" data-label="Updated">
                        {run.updated}
                    </td>
                    <td class="num" data-label="Skipped">
                        {run.skipped}
                    </td>
                    <td class="num" data-label="Errors">
                        {run.errors}
                    </td>
                    <td data-label="Status">{status}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {move || failure.get().map(|e| view! { <ErrorPanel error=e /> })}
        <div class="table-wrap" tabindex="0" role="region" aria-label="Import history">
            <table class="table stack">
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"File"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"By"</th>
                        <th scope="col" class="num">
                            "Added"
                        </th>
                        <th scope="col" class="num">
                            "Updated"
                        </th>
                        <th scope="col" class="num">
                            "Skipped"
                        </th>
                        <th scope="col" class="num">
                            "Errors"
                        </th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
