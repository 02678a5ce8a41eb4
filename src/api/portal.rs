//! The rest of the Broker Portal — dashboard, analytics, legacy messages,
//! profile and payout details, the dealer's want list — and the desk's side
//! of the want list and of payout details. Broker types carry only what the
//! broker may see (see `api::dealer`).

use crate::dto::portal::*;
use crate::dto::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "broker/dashboard")]
pub async fn get_broker_dashboard() -> Result<BrokerDashboard, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            portal::dashboard(&auth::state()?.db, &ctx, currency, crate::server::db::now_ms()).await
        }
        .await,
    )
}

#[server(endpoint = "broker/analytics")]
pub async fn get_broker_analytics() -> Result<BrokerAnalytics, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            portal::analytics(&auth::state()?.db, &ctx, currency, crate::server::db::now_ms()).await
        }
        .await,
    )
}

#[server(endpoint = "broker/messages")]
pub async fn broker_messages() -> Result<Vec<LegacyMessage>, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            portal::messages(&auth::state()?.db, &ctx).await
        }
        .await,
    )
}

#[server(endpoint = "broker/want/flag")]
pub async fn flag_want_item(id: String, flag: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer::retrying!(portal::flag_want(&auth::state()?.db, &ctx, &id, &flag))
        }
        .await,
    )
}

#[server(endpoint = "broker/profile")]
pub async fn get_broker_profile() -> Result<BrokerProfile, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            portal::profile(&auth::state()?.db, &ctx).await
        }
        .await,
    )
}

#[server(endpoint = "broker/profile/save")]
pub async fn save_broker_profile(name: String, phone: String, avatar_url: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            dealer::retrying!(portal::save_profile(&auth::state()?.db, &ctx, &name, &phone, &avatar_url))
        }
        .await,
    )
}

/// `account_number` left empty keeps the one on file.
#[server(endpoint = "broker/payout-info/save")]
pub async fn save_payout_info(
    institution: String,
    routing: String,
    swift: String,
    account_number: String,
    method: String,
    notes: String,
) -> Result<(), AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let st = auth::state()?;
            let input = crate::domain::dealer::PayoutInfoInput { institution, routing, swift, account_number, method, notes };
            dealer::retrying!(portal::save_payout_info(&st.db, &ctx, &st.config.encryption_key, &input))
        }
        .await,
    )
}

/// An owner reveals a broker's full bank details (written to the audit log).
#[server(endpoint = "desk/payout-info/reveal")]
pub async fn reveal_bank_details(payout_request_id: String) -> Result<BankDetails, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::PayoutDetailsReveal).await?;
            let st = auth::state()?;
            portal::reveal_bank_details(&st.db, &ctx, &st.config.encryption_key, &payout_request_id).await
        }
        .await,
    )
}

#[server(endpoint = "desk/want-list")]
pub async fn desk_want_list() -> Result<Vec<DeskWantItem>, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::WantListManage).await?;
            portal::desk_want_list(&auth::state()?.db, &ctx).await
        }
        .await,
    )
}

#[server(endpoint = "desk/want-list/add")]
pub async fn add_want_item(brand: String, model: String, reference: String, urgency: String, notes: String) -> Result<String, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::WantListManage).await?;
            dealer::retrying!(portal::add_want(&auth::state()?.db, &ctx, &brand, &model, &reference, &urgency, &notes))
        }
        .await,
    )
}

#[server(endpoint = "desk/want-list/close")]
pub async fn close_want_item(id: String) -> Result<(), AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let (ctx, _) = dealer::guard(crate::domain::Capability::WantListManage).await?;
            dealer::retrying!(portal::close_want(&auth::state()?.db, &ctx, &id))
        }
        .await,
    )
}

/// The Overview page's data in one call: the person, and for a broker his dashboard.
#[server(endpoint = "overview")]
pub async fn overview_data() -> Result<Option<(crate::dto::account::Me, Option<BrokerDashboard>)>, AppError> {
    use crate::server::{auth, dealer, portal};
    auth::respond(
        async {
            let Some((u, o)) = auth::current_user().await? else { return Ok(None) };
            let me = super::account::me_of(u, o).await?;
            if !me.is_dealer_broker() {
                return Ok(Some((me, None)));
            }
            let (ctx, currency) = dealer::guard(crate::domain::Capability::BrokerPortal).await?;
            let d = portal::dashboard(&auth::state()?.db, &ctx, currency, crate::server::db::now_ms()).await?;
            Ok(Some((me, Some(d))))
        }
        .await,
    )
}

/// The Settings page's data in one call: the person, and for a broker his profile.
#[server(endpoint = "settings")]
pub async fn settings_data() -> Result<Option<(crate::dto::account::Me, Option<BrokerProfile>)>, AppError> {
    use crate::server::{auth, portal};
    auth::respond(
        async {
            let Some((u, o)) = auth::current_user().await? else { return Ok(None) };
            let me = super::account::me_of(u, o).await?;
            if !me.is_dealer_broker() {
                return Ok(Some((me, None)));
            }
            let ctx = auth::require(crate::domain::Capability::BrokerPortal).await?;
            let p = portal::profile(&auth::state()?.db, &ctx).await?;
            Ok(Some((me, Some(p))))
        }
        .await,
    )
}
