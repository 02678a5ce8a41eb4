//! The one print layout every printable document uses (receipts now;
//! statements, tax forms and settlement receipts later): on screen a
//! sheet of paper with Print and Back; printed, only the sheet — `@page`
//! size and margins, the issuer's name, address and logo as the header,
//! title and number, issue date, payer and payee, a line-items table with
//! its total, the payment facts, page numbers and a footer (see
//! `style/main.css`, "printable documents"). Long tables continue on the
//! next page with their header repeated.

use crate::dto::document::{Party, PrintDocument};
use leptos::prelude::*;

#[component]
pub fn PrintableDocument(doc: PrintDocument) -> impl IntoView {
    let initial = doc.issuer.name.chars().next().unwrap_or('·').to_string();
    view! {
        <div class="doc-toolbar no-print">
            <button
                type="button"
                class="button primary"
                on:click=move |_| {
                    let _ = window().print();
                }
            >
                "Print"
            </button>
            <a class="button" href=doc.back_href.clone()>
                "Back"
            </a>
        </div>
        <article class="printable document" aria-label=doc.title.clone()>
            <header class="doc-head">
                <div class="doc-issuer">
                    {match doc.logo_url.clone() {
                        Some(src) => view! { <img class="doc-logo" src=src alt=format!("{} logo", doc.issuer.name) /> }.into_any(),
                        None => {
                            view! {
                                <span class="doc-mark" aria-hidden="true">
                                    {initial}
                                </span>
                            }
                                .into_any()
                        }
                    }} <div>
                        <p class="doc-org">{doc.issuer.name.clone()}</p>
                        {doc.issuer.lines.iter().map(|l| view! { <p class="doc-line">{l.clone()}</p> }).collect_view()}
                    </div>
                </div>
                <div class="doc-meta">
                    <h1 class="doc-title">{doc.title.clone()}</h1>
                    <p>
                        <span class="muted">"No. "</span>
                        <strong class="mono">{doc.number.clone()}</strong>
                    </p>
                    <p>
                        <span class="muted">"Issued "</span>
                        {doc.issued_on.clone()}
                    </p>
                </div>
            </header>
            <section class="doc-parties">
                <PartyBlock p=doc.issuer.clone() />
                <PartyBlock p=doc.recipient.clone() />
            </section>
            <table class="doc-lines">
                <thead>
                    <tr>
                        <th scope="col">{doc.columns.0.clone()}</th>
                        <th scope="col" class="num">
                            {doc.columns.1.clone()}
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {doc
                        .lines
                        .iter()
                        .map(|l| {
                            view! {
                                <tr>
                                    <td>
                                        <span class="doc-item">{l.description.clone()}</span>
                                        <span class="doc-detail">{l.detail.clone()}</span>
                                    </td>
                                    <td class="num">{l.amount.format()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{doc.total_label.clone()}</th>
                        <td class="num doc-total">{doc.total.format()}</td>
                    </tr>
                </tfoot>
            </table>
            <dl class="doc-facts">
                {doc
                    .facts
                    .iter()
                    .map(|(k, v)| {
                        view! {
                            <div>
                                <dt>{k.clone()}</dt>
                                <dd>{v.clone()}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <footer class="doc-footer">{doc.footer.clone()}</footer>
        </article>
    }
}

#[component]
fn PartyBlock(p: Party) -> impl IntoView {
    view! {
        <div class="doc-party">
            <p class="doc-role">{p.role}</p>
            <p class="doc-name">{p.name}</p>
            {p.lines.into_iter().map(|l| view! { <p class="doc-line">{l}</p> }).collect_view()}
        </div>
    }
}
