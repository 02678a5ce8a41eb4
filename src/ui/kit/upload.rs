//! File-upload field: drop files on it or click to choose; each file posts
//! to the size-limited upload route and shows its progress, its link, or a
//! clear reason it was refused.

use crate::domain::files::{format_size, ACCEPTED_DESCRIPTION};
use crate::dto::uploads::{UploadedFile, DEFAULT_MAX_UPLOAD_BYTES, UPLOAD_ROUTE};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // built by the browser half
enum State {
    Uploading,
    Done(UploadedFile),
    Failed(String),
}

impl State {
    fn tag(&self) -> &'static str {
        match self {
            State::Uploading => "uploading",
            State::Done(_) => "done",
            State::Failed(_) => "failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Item {
    key: u32,
    name: String,
    size: u64,
    state: State,
}

#[component]
pub fn FileUpload(
    /// What the files are for ("Photos", "Receipt").
    #[prop(into)]
    label: String,
    /// The `accept` hint for the file chooser.
    #[prop(default = "image/*,application/pdf")]
    accept: &'static str,
    #[prop(default = true)] multiple: bool,
    /// Files larger than this are refused before they are sent (the server
    /// enforces its own limit too).
    #[prop(default = DEFAULT_MAX_UPLOAD_BYTES)]
    max_bytes: u64,
    /// Called with each file the server kept.
    #[prop(optional)]
    on_uploaded: Option<Callback<UploadedFile>>,
    #[prop(into, default = "upload".to_string())] id: String,
    /// Where the files post (a route that answers an `UploadedFile`).
    #[prop(default = UPLOAD_ROUTE)]
    route: &'static str,
    /// What the field takes, under its title; the kinds of file the upload route accepts by default.
    #[prop(optional, into)]
    hint: Option<String>,
) -> impl IntoView {
    let items = RwSignal::new(Vec::<Item>::new());
    let dragging = RwSignal::new(false);
    let next_key = StoredValue::new(0u32);
    #[cfg(feature = "hydrate")]
    let take = move |list: web_sys::FileList| browser::take_files(list, items, next_key, max_bytes, route, on_uploaded);
    #[cfg(not(feature = "hydrate"))]
    let _ = (next_key, on_uploaded, route);
    let on_change = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(input) = _ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                if let Some(list) = input.files() {
                    take(list);
                }
                // Choosing the same file again fires change again.
                input.set_value("");
            }
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            take(list);
        }
    };
    let input_id = id.clone();
    let hint = hint.unwrap_or_else(|| format!("Up to {} each: {ACCEPTED_DESCRIPTION}.", format_size(max_bytes)));
    view! {
        <div class="upload">
            <label
                class="dropzone"
                class:dragging=move || dragging.get()
                for=id.clone()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <span class="dropzone-title">{label}</span>
                <span>"Drop files here or " <u>"choose files"</u></span>
                <span class="muted small">{hint}</span>
                <input id=input_id type="file" accept=accept multiple=multiple on:change=on_change />
            </label>
            <ul class="uploads" aria-live="polite">
                <For each=move || items.get() key=|i| (i.key, i.state.tag()) let:item>
                    <li class="upload-item" data-state=item.state.tag()>
                        <span class="upload-name">{item.name.clone()}</span>
                        " "
                        <span class="muted">{format_size(item.size)}</span>
                        " — "
                        {match item.state.clone() {
                            State::Uploading => view! { <span class="muted">"Uploading…"</span> }.into_any(),
                            State::Done(f) => {
                                view! {
                                    <a href=f.url.clone() target="_blank" rel="noopener">
                                        "Uploaded — view"
                                    </a>
                                }
                                    .into_any()
                            }
                            State::Failed(msg) => {
                                view! {
                                    <span class="field-error" role="alert">
                                        {msg}
                                    </span>
                                }
                                    .into_any()
                            }
                        }}
                    </li>
                </For>
            </ul>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{Item, State};
    use crate::domain::files::format_size;
    use crate::dto::uploads::UploadedFile;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    fn set_state(items: RwSignal<Vec<Item>>, key: u32, state: State) {
        items.update(|list| {
            if let Some(i) = list.iter_mut().find(|i| i.key == key) {
                i.state = state;
            }
        });
    }

    pub fn take_files(
        list: web_sys::FileList,
        items: RwSignal<Vec<Item>>,
        next_key: StoredValue<u32>,
        max_bytes: u64,
        route: &'static str,
        on_uploaded: Option<Callback<UploadedFile>>,
    ) {
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let size = file.size() as u64;
            let state = if size > max_bytes {
                State::Failed(format!("Larger than {}: choose a smaller file.", format_size(max_bytes)))
            } else if size == 0 {
                State::Failed("The file is empty.".into())
            } else {
                State::Uploading
            };
            let uploading = state == State::Uploading;
            items.update(|l| l.push(Item { key, name: file.name(), size, state }));
            if uploading {
                leptos::task::spawn_local(async move {
                    let state = match post(&file, route).await {
                        Ok(done) => {
                            if let Some(cb) = on_uploaded {
                                cb.run(done.clone());
                            }
                            State::Done(done)
                        }
                        Err(msg) => State::Failed(msg),
                    };
                    set_state(items, key, state);
                });
            }
        }
    }

    async fn post(file: &web_sys::File, route: &str) -> Result<UploadedFile, String> {
        let network = |_| "The upload did not reach the server. Check your connection and try again.".to_string();
        let form = web_sys::FormData::new().map_err(network)?;
        form.append_with_blob_and_filename("file", file, &file.name()).map_err(network)?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&form);
        let resp = JsFuture::from(window().fetch_with_str_and_init(route, &init)).await.map_err(network)?;
        let resp: web_sys::Response = resp.dyn_into().map_err(network)?;
        let text = JsFuture::from(resp.text().map_err(network)?).await.map_err(network)?.as_string().unwrap_or_default();
        if resp.ok() {
            return serde_json::from_str(&text).map_err(|_| "The server answered in a way we did not expect.".to_string());
        }
        let message = serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string));
        Err(message.unwrap_or_else(|| match resp.status() {
            413 => "The file is too large.".to_string(),
            401 => "Your session has ended: sign in again.".to_string(),
            s => format!("The upload failed (HTTP {s})."),
        }))
    }
}
