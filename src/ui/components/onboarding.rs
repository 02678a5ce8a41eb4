//! What the onboarding pages share: the panel of the pages a person sees
//! before signing in (behind an invitation or a password link), the two
//! new-password fields, and what sending an invitation did.

use crate::domain::password::check_new_password;
use crate::dto::error::AppError;
use crate::dto::onboarding::InviteOutcome;
use crate::ui::components::time::date;
use crate::ui::components::FieldError;
use leptos::prelude::*;

/// The centred panel of the pages outside the signed-in frame.
#[component]
pub fn AuthPanel(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <main class="login">
            <div class="login-panel">
                <div class="brand login-brand">
                    <span class="brand-mark">"D"</span>
                    "Dealflow"
                </div>
                <h1>{title}</h1>
                {children()}
            </div>
        </main>
    }
}

/// A one-time link that cannot be used (used, withdrawn, expired or
/// unknown), with the way on.
#[component]
pub fn DeadLink(error: AppError) -> impl IntoView {
    let message = match error {
        AppError::NotFound => "This link is not valid. Check that you copied all of it, or ask for a new one.".to_string(),
        other => other.to_string(),
    };
    view! {
        <div class="alert alert-error" role="alert">
            {message}
        </div>
        <p>
            <a href="/login">"Go to sign in"</a>
        </p>
    }
}

/// The browser-side check of the two new-password fields: the server's
/// policy before the form leaves, its message next to the field.
#[derive(Clone, Copy)]
pub struct PasswordCheck {
    local: RwSignal<Option<(&'static str, String)>>,
    new_ref: NodeRef<leptos::html::Input>,
    confirm_ref: NodeRef<leptos::html::Input>,
}

impl PasswordCheck {
    pub fn new() -> Self {
        PasswordCheck { local: RwSignal::new(None), new_ref: NodeRef::new(), confirm_ref: NodeRef::new() }
    }

    /// For the form's `on:submit`: stops a form that would be refused anyway.
    pub fn on_submit(self, ev: &leptos::ev::SubmitEvent) {
        let (Some(new), Some(confirm)) = (self.new_ref.get(), self.confirm_ref.get()) else { return };
        match check_new_password(&new.value(), &confirm.value()) {
            Ok(()) => self.local.set(None),
            Err(m) => {
                ev.prevent_default();
                self.local.set(Some((if m.contains("match") { "confirm" } else { "password" }, m.to_string())));
            }
        }
    }
}

impl Default for PasswordCheck {
    fn default() -> Self {
        Self::new()
    }
}

/// The new password, twice; the messages from the browser-side check or
/// from the server's last answer.
#[component]
pub fn NewPasswordFields<O, S>(result: S, check: PasswordCheck) -> impl IntoView
where
    O: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<O, AppError>>> + Copy + Send + Sync + 'static,
{
    let field = move |name: &'static str| {
        Signal::derive(move || {
            if let Some((f, m)) = check.local.get() {
                if f == name {
                    return vec![m];
                }
            }
            match result.get() {
                Some(Err(e)) => e.field_errors(name),
                _ => Vec::new(),
            }
        })
    };
    view! {
        <div class="field">
            <label class="label" for="f-password">
                "Password"
            </label>
            <input id="f-password" type="password" name="password" node_ref=check.new_ref autocomplete="new-password" minlength="8" required />
            <p class="muted small">"At least 8 characters."</p>
            <FieldError errors=field("password") />
        </div>
        <div class="field">
            <label class="label" for="f-confirm">
                "The same password again"
            </label>
            <input id="f-confirm" type="password" name="confirm" node_ref=check.confirm_ref autocomplete="new-password" minlength="8" required />
            <FieldError errors=field("confirm") />
        </div>
    }
}

/// What sending an invitation did: emailed, or the link to pass on (shown this once).
#[component]
pub fn InviteOutcomeBox(outcome: InviteOutcome) -> impl IntoView {
    let until = date(outcome.expires_at);
    let link_ref = NodeRef::<leptos::html::Input>::new();
    match outcome.link {
        None => view! {
            <p class="alert alert-success" role="status">
                {format!("Invitation emailed to {}. The link works once, until {until}.", outcome.email)}
            </p>
        }
        .into_any(),
        Some(link) => view! {
            <div class="secret-box" role="status">
                {outcome.email_error.map(|e| view! { <p class="alert alert-error">{e}</p> })}
                <p>
                    <strong>{format!("Send this link to {} — it is shown only once.", outcome.email)}</strong>
                </p>
                <input
                    class="link-field"
                    readonly
                    value=link
                    aria-label="Invitation link"
                    data-testid="invite-link"
                    node_ref=link_ref
                    on:focus=move |_| {
                        if let Some(input) = link_ref.get() {
                            input.select();
                        }
                    }
                />
                <p class="muted small">{format!("It works once, until {until}. Without an email server configured, invitations are passed on by hand.")}</p>
            </div>
        }
        .into_any(),
    }
}

/// Empties a form once its action succeeded (so a second click does not
/// send the same thing again); its `node_ref`.
pub fn reset_on_success<O, S>(value: S) -> NodeRef<leptos::html::Form>
where
    O: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<O, AppError>>> + Copy + Send + Sync + 'static,
{
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(f)) = (value.get(), form.get()) {
            f.reset();
        }
    });
    form
}
