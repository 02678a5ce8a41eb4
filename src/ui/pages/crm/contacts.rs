//! /contacts — the directory: a tab per kind of contact with its count,
//! smart views, search, sortable columns and pages, all carried by the URL
//! (`domain::crm::directory`) and answered by the database; Add Contact;
//! the CSV of what is shown.

use crate::api::crm::{contact_directory, AddContact};
use crate::domain::crm::directory::{ContactQuery, ContactSort, ContactView};
use crate::domain::crm::ContactType;
use crate::dto::crm::{ContactItem, ContactPage};
use crate::ui::components::time::date;
use crate::ui::components::{action_alert, action_field_errors, FieldError, Load, PageHeader, Pill};
use crate::ui::kit::dialog::{Modal, ModalCancel};
use crate::ui::kit::kpi::{KpiCard, KpiStrip};
use crate::ui::kit::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn plural(t: Option<ContactType>) -> &'static str {
    match t {
        None => "All",
        Some(ContactType::Client) => "Clients",
        Some(ContactType::TradePartner) => "Trade partners",
        Some(ContactType::Broker) => "Brokers",
        Some(ContactType::Investor) => "Investors",
        Some(ContactType::Team) => "Team",
    }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let toasts = provide_toasts();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            ContactQuery::from_params(&g("segment"), &g("view"), &g("q"), &g("sort"), &g("dir"), &g("page"))
        })
    });
    let add = ServerAction::<AddContact>::new();
    let open = RwSignal::new(false);
    let data = Resource::new(
        move || (query.get(), add.version().get()),
        |(q, _)| {
            let (segment, view) = (q.segment.map(|s| s.as_str()).unwrap_or_default(), q.view.map(|v| v.as_str()).unwrap_or_default());
            let (sort, dir) = (q.sort.map(|s| s.as_str()).unwrap_or_default(), if q.desc { "desc" } else { "" });
            contact_directory(segment.into(), view.into(), q.search.clone(), sort.into(), dir.into(), q.page.to_string())
        },
    );
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            open.set(false);
            toasts.success("Contact added.");
        }
    });
    view! {
        <Title text="Contacts" />
        <ToastRegion />
        <PageHeader title="Contacts".to_string() subtitle="Clients, trade partners, brokers, investors and the team" />
        <Modal open title="Add contact">
            <AddContactForm add kind=move || query.get().segment.unwrap_or(ContactType::Client) />
        </Modal>
        <Load data keep=true let:page>
            <Directory page q=query.get_untracked() open />
        </Load>
    }
}

#[component]
fn Directory(page: ContactPage, q: ContactQuery, open: RwSignal<bool>) -> impl IntoView {
    let plural_here = plural(q.segment);
    let tabs = std::iter::once((None, page.all))
        .chain(page.counts.iter().map(|(t, n)| (Some(*t), *n)))
        .map(|(t, n)| {
            let href = format!("/contacts{}", ContactQuery { segment: t, ..Default::default() }.to_params());
            let current = (q.segment == t).then_some("page");
            view! {
                <a class="tab" href=href aria-current=current>
                    {plural(t)}
                    <span class="tab-count">{n}</span>
                </a>
            }
        })
        .collect_view();
    let in_segment = q.segment.map(|s| page.counts.iter().find(|(t, _)| *t == s).map(|(_, n)| *n).unwrap_or(0)).unwrap_or(page.all);
    let export = page.can_export.then(|| format!("/export/contacts.csv{}", ContactQuery { page: 1, ..q.clone() }.to_params()));
    let (segment, view, search) = (q.segment, q.view, q.search.clone());
    view! {
        <nav class="tabs tab-links" aria-label="Kinds of contact">
            {tabs}
        </nav>
        <KpiStrip>
            <KpiCard label=plural_here value=in_segment.to_string() hint="contacts in this tab" />
            <KpiCard label="VIP" value=page.vip.to_string() hint="of them marked VIP" />
            <KpiCard label="Shown" value=page.total.to_string() hint="match the view and search" />
        </KpiStrip>
        <div class="data-table">
            <div class="table-toolbar">
                <Views q=q.clone() />
                <div class="toolbar-right">
                    <Form method="GET" action="/contacts" attr:class="search-form" attr:role="search">
                        {segment.map(|s| view! { <input type="hidden" name="segment" value=s.as_str() /> })}
                        {view.map(|v| view! { <input type="hidden" name="view" value=v.as_str() /> })}
                        <input
                            type="search"
                            class="search"
                            name="q"
                            value=search
                            placeholder="Name, company, email, phone, place…"
                            aria-label="Search contacts"
                        />
                        <button type="submit" class="button">
                            "Search"
                        </button>
                    </Form>
                    {export
                        .map(|h| {
                            view! {
                                <a class="button" href=h download>
                                    "Export CSV"
                                </a>
                            }
                        })}
                    {page
                        .can_import
                        .then(|| {
                            view! {
                                <a class="button" href="/contacts/import">
                                    "Import"
                                </a>
                            }
                        })}
                    {page
                        .can_add
                        .then(|| {
                            view! {
                                <button type="button" class="button primary" on:click=move |_| open.set(true)>
                                    "Add contact"
                                </button>
                            }
                        })}
                </div>
            </div>
            <ContactTable items=page.items.clone() q=q.clone() />
            <Pager page=page.page pages=page.pages total=page.total q />
        </div>
    }
}

#[component]
fn Views(q: ContactQuery) -> impl IntoView {
    let chip = |label: &'static str, view: Option<ContactView>| {
        let href = format!("/contacts{}", ContactQuery { view, page: 1, ..q.clone() }.to_params());
        view! {
            <a class="chip" href=href aria-current=(q.view == view).then_some("true")>
                {label}
            </a>
        }
    };
    view! {
        <div class="chips" role="group" aria-label="Smart views">
            {chip("Everyone", None)}
            {ContactView::ALL.iter().map(|v| chip(v.label(), Some(*v))).collect_view()}
        </div>
    }
}

#[component]
fn ContactTable(items: Vec<ContactItem>, q: ContactQuery) -> impl IntoView {
    if items.is_empty() {
        let (title, hint) = if q.search.is_empty() && q.view.is_none() {
            ("No contacts here yet", "Add one, or import a file of them.")
        } else {
            ("No matches", "Try another search or view.")
        };
        return view! {
            <div class="empty">
                <p class="empty-title">{title}</p>
                <p class="empty-hint">{hint}</p>
            </div>
        }
        .into_any();
    }
    let header = [
        (ContactSort::Name, false),
        (ContactSort::Type, false),
        (ContactSort::Company, false),
        (ContactSort::Email, false),
        (ContactSort::Phone, false),
        (ContactSort::Location, false),
        (ContactSort::Added, true),
    ]
    .into_iter()
    .map(|(by, num)| {
        let on = q.sort_or_default() == by;
        let aria = if on {
            if q.desc {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        let arrow = if on {
            if q.desc {
                "↓"
            } else {
                "↑"
            }
        } else {
            ""
        };
        let href = format!("/contacts{}", q.sorted_by(by).to_params());
        view! {
            <th scope="col" class:num=num aria-sort=aria>
                <a class="th-sort" href=href>
                    {by.label()}
                    <span class="sort-arrow" aria-hidden="true">
                        {arrow}
                    </span>
                </a>
            </th>
        }
    })
    .collect_view();
    let rows = items.into_iter().map(|c| view! { <ContactRow c /> }).collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Contacts">
            <table class="table stack" aria-label="Contacts">
                <thead>
                    <tr>{header}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ContactRow(c: ContactItem) -> impl IntoView {
    let or_dash = |s: Option<String>| s.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    view! {
        <tr>
            <td data-label="Name">
                <span class="contact-name">{if c.name.is_empty() { c.company.clone() } else { c.name.clone() }}</span>
                {c
                    .vip
                    .then(|| {
                        view! {
                            <span class="vip-mark" title="VIP">
                                " ★"
                                <span class="sr-only">" VIP"</span>
                            </span>
                        }
                    })}
                {c.has_login.then(|| view! { <span class="muted small">" · signs in"</span> })}
            </td>
            <td data-label="Type">
                <Pill text=c.contact_type.label() tone="neutral" />
            </td>
            <td data-label="Company">{or_dash(Some(c.company))}</td>
            <td data-label="Email">{or_dash(c.email)}</td>
            <td data-label="Phone">{or_dash(c.phone_display)}</td>
            <td data-label="Location">{or_dash(Some(c.location))}</td>
            <td class="num" data-label="Added">
                {date(c.added_at)}
            </td>
        </tr>
    }
}

#[component]
fn Pager(page: u32, pages: u32, total: i64, q: ContactQuery) -> impl IntoView {
    let link = |to: u32, label: &'static str, enabled: bool| {
        let href = format!("/contacts{}", q.on_page(to).to_params());
        if enabled {
            view! {
                <a class="button small" href=href>
                    {label}
                </a>
            }
            .into_any()
        } else {
            view! {
                <span class="button small" aria-disabled="true">
                    {label}
                </span>
            }
            .into_any()
        }
    };
    view! {
        <div class="table-footer">
            <span class="muted small">{format!("{total} {}", if total == 1 { "contact" } else { "contacts" })}</span>
            {(pages > 1)
                .then(|| {
                    view! {
                        <nav class="pager" aria-label="Pages">
                            {link(page.saturating_sub(1).max(1), "Previous", page > 1)}
                            <span class="small">{format!("Page {page} of {pages}")}</span>
                            {link((page + 1).min(pages), "Next", page < pages)}
                        </nav>
                    }
                })}
        </div>
    }
}

#[component]
fn AddContactForm(add: ServerAction<AddContact>, kind: impl Fn() -> ContactType + Send + Sync + 'static) -> impl IntoView {
    let value = add.value();
    let e = move |f: &'static str| action_field_errors(value, f);
    view! {
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            {action_alert(value)}
            <div class="field">
                <label for="c-type">"Kind"</label>
                <select id="c-type" name="contact_type">
                    {move || {
                        let chosen = kind();
                        ContactType::ALL
                            .iter()
                            .map(|t| {
                                view! {
                                    <option value=t.as_str() selected=*t == chosen>
                                        {t.label()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <FieldError errors=e("contact_type") />
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="c-first">"First name"</label>
                    <input id="c-first" name="first_name" autocomplete="off" />
                    <FieldError errors=e("first_name") />
                </div>
                <div class="field">
                    <label for="c-last">"Last name"</label>
                    <input id="c-last" name="last_name" autocomplete="off" />
                    <FieldError errors=e("last_name") />
                </div>
            </div>
            <div class="field">
                <label for="c-company">"Company"</label>
                <input id="c-company" name="company" />
                <FieldError errors=e("company") />
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="c-email">"Email"</label>
                    <input id="c-email" name="email" type="email" inputmode="email" />
                    <FieldError errors=e("email") />
                </div>
                <div class="field">
                    <label for="c-phone">"Phone"</label>
                    <input id="c-phone" name="phone" type="tel" placeholder="+1 212 555 0147" />
                    <FieldError errors=e("phone") />
                </div>
            </div>
            <div class="field">
                <label for="c-location">"Location"</label>
                <input id="c-location" name="location" placeholder="City, country" />
                <FieldError errors=e("location") />
            </div>
            <div class="field">
                <label for="c-notes">"Notes"</label>
                <textarea id="c-notes" name="notes" rows="3"></textarea>
                <FieldError errors=e("notes") />
            </div>
            <label class="check">
                <input type="checkbox" name="vip" value="on" />
                " VIP"
            </label>
            <div class="modal-actions">
                <ModalCancel />
                <button type="submit" class="button primary" disabled=move || add.pending().get()>
                    "Add contact"
                </button>
            </div>
        </ActionForm>
    }
}
