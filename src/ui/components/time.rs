//! Dates and times as the organization reads them: in its time zone.
//!
//! `AppLayout` shares the signed-in person (`OrgZone`); [`super::Load`]
//! waits for it and provides the organization's [`Zone`] to everything it
//! renders, so `date(ms)` reads the same on the server and in the browser.
//! Outside a `Load` (the login page) dates read in UTC.

use crate::domain::time::Zone;
use crate::dto::account::Me;
use crate::dto::error::AppError;
use leptos::prelude::*;

/// The signed-in person, loaded once by the layout; its organization's zone
/// is the zone of every date on the page.
#[derive(Clone, Copy)]
pub struct OrgZone(pub Resource<Result<Option<Me>, AppError>>);

impl OrgZone {
    /// The zone, once the person is loaded (UTC when nobody is signed in).
    pub async fn get(self) -> Zone {
        self.0.await.ok().flatten().map(|me| me.org_time_zone).unwrap_or_default()
    }
}

/// Every IANA zone as `<option>`s of a zone `<select>`, `selected` chosen.
pub fn zone_options(selected: Zone) -> impl IntoView {
    Zone::all()
        .map(|z| {
            view! {
                <option value=z.name() selected=z == selected>
                    {z.name()}
                </option>
            }
        })
        .collect_view()
}

/// The zone the page's dates read in.
pub fn zone() -> Zone {
    use_context::<Zone>().unwrap_or_default()
}

/// "26 Nov 2025", in the organization's zone.
pub fn date(ms: i64) -> String {
    zone().format_date(ms)
}

/// "26 Nov 2025, 14:03 EST": the time, naming the zone's clock.
pub fn datetime(ms: i64) -> String {
    zone().format_datetime(ms)
}
