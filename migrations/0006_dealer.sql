-- 0006 dealer: the Broker Portal and the Deal Desk (one set of tables, two audiences).
-- Money columns are BIGINT minor units in the organization's currency; the
-- ledger holds every movement, these rows hold the business state.

CREATE TABLE broker_profiles (
    user_id          TEXT PRIMARY KEY REFERENCES users(id),
    org_id           TEXT NOT NULL REFERENCES organizations(id),
    commission_bps   BIGINT NOT NULL DEFAULT 1000,   -- default rate on gross profit
    phone            TEXT NOT NULL DEFAULT '',
    avatar_url       TEXT NOT NULL DEFAULT '',
    payout_institution TEXT NOT NULL DEFAULT '',
    payout_routing   TEXT NOT NULL DEFAULT '',
    payout_swift     TEXT NOT NULL DEFAULT '',
    payout_account_enc TEXT,                          -- AEAD ciphertext (never sent to a browser)
    payout_account_last4 TEXT NOT NULL DEFAULT '',
    payout_method    TEXT NOT NULL DEFAULT '',
    payout_notes     TEXT NOT NULL DEFAULT '',
    updated_at       BIGINT NOT NULL
);

CREATE TABLE submissions (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    broker_id      TEXT NOT NULL REFERENCES users(id),
    status         TEXT NOT NULL,                    -- domain::dealer::SubmissionStatus
    brand          TEXT NOT NULL,
    model          TEXT NOT NULL,
    reference      TEXT NOT NULL,
    asking_minor   BIGINT,                           -- NULL: no asking price yet
    currency       TEXT NOT NULL,
    notes          TEXT NOT NULL DEFAULT '',
    source_type    TEXT NOT NULL,                    -- SourceType
    co_broker_id   TEXT REFERENCES users(id),
    co_share_bps   BIGINT NOT NULL DEFAULT 0,
    source_group   TEXT NOT NULL DEFAULT '',         -- WhatsApp group; '' = Direct (the form)
    signal_id      TEXT,
    rejection_reason TEXT NOT NULL DEFAULT '',
    reviewed_by    TEXT REFERENCES users(id),
    reviewed_at    BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX submissions_broker ON submissions (org_id, broker_id, created_at);
CREATE INDEX submissions_status ON submissions (org_id, status, created_at);

CREATE TABLE submission_photos (
    submission_id  TEXT NOT NULL REFERENCES submissions(id),
    upload_id      TEXT NOT NULL REFERENCES uploads(id),
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (submission_id, upload_id)
);

CREATE TABLE submission_feedback (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    submission_id  TEXT NOT NULL REFERENCES submissions(id),
    author_id      TEXT NOT NULL REFERENCES users(id),
    body           TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX submission_feedback_sub ON submission_feedback (submission_id, created_at);

-- Inventory: a submission the dealer accepted.
CREATE TABLE deals (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    submission_id  TEXT NOT NULL UNIQUE REFERENCES submissions(id),
    broker_id      TEXT NOT NULL REFERENCES users(id),
    brand          TEXT NOT NULL,
    model          TEXT NOT NULL,
    reference      TEXT NOT NULL,
    serial         TEXT NOT NULL DEFAULT '',
    currency       TEXT NOT NULL,
    acquisition_cost_minor BIGINT NOT NULL,
    status         TEXT NOT NULL,                    -- DealStatus
    accepted_at    BIGINT NOT NULL,
    sale_price_minor BIGINT,
    buyer          TEXT,
    sold_at        BIGINT,
    -- per-deal commission override (NULL: the broker's default on gross profit)
    commission_basis TEXT,
    commission_bps BIGINT,
    commission_fixed_minor BIGINT,
    cancelled_reason TEXT NOT NULL DEFAULT '',
    updated_at     BIGINT NOT NULL
);
CREATE INDEX deals_org_status ON deals (org_id, status, accepted_at);
CREATE INDEX deals_broker ON deals (org_id, broker_id);

CREATE TABLE deal_costs (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    deal_id        TEXT NOT NULL REFERENCES deals(id),
    label          TEXT NOT NULL,
    amount_minor   BIGINT NOT NULL,
    created_by     TEXT NOT NULL REFERENCES users(id),
    created_at     BIGINT NOT NULL
);
CREATE INDEX deal_costs_deal ON deal_costs (deal_id);

CREATE TABLE payout_requests (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    broker_id      TEXT NOT NULL REFERENCES users(id),
    status         TEXT NOT NULL,                    -- PayoutStatus
    note           TEXT NOT NULL DEFAULT '',
    total_minor    BIGINT NOT NULL,
    currency       TEXT NOT NULL,
    requested_at   BIGINT NOT NULL,
    reviewed_by    TEXT REFERENCES users(id),
    reviewed_at    BIGINT,
    signed_off_by  TEXT REFERENCES users(id),
    paid_at        BIGINT,
    paid_method    TEXT,
    paid_reference TEXT,
    paid_on        BIGINT,                           -- the payment's date (UTC midnight)
    receipt_upload_id TEXT REFERENCES uploads(id),
    cancelled_at   BIGINT,
    -- one open request per broker: NULL once it is closed (unique ignores NULLs)
    open_slot      TEXT UNIQUE
);
CREATE INDEX payout_requests_broker ON payout_requests (org_id, broker_id, requested_at);

CREATE TABLE commissions (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    deal_id        TEXT NOT NULL REFERENCES deals(id),
    broker_id      TEXT NOT NULL REFERENCES users(id),
    status         TEXT NOT NULL,                    -- CommissionStatus
    basis          TEXT NOT NULL,                    -- CommissionBasis used
    rate_bps       BIGINT NOT NULL,                  -- rate used (0 for fixed)
    share_bps      BIGINT NOT NULL,                  -- this broker's share of the deal's commission
    amount_minor   BIGINT NOT NULL,                  -- = what the ledger says (kept in the same transaction)
    currency       TEXT NOT NULL,
    earned_tx      TEXT REFERENCES ledger_transactions(id), -- NULL: a zero commission posts nothing
    payout_request_id TEXT REFERENCES payout_requests(id),
    released_by    TEXT REFERENCES users(id),
    released_at    BIGINT,
    paid_at        BIGINT,
    cancelled_reason TEXT NOT NULL DEFAULT '',
    cancelled_at   BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (deal_id, broker_id)
);
CREATE INDEX commissions_broker ON commissions (org_id, broker_id, status, created_at);
CREATE INDEX commissions_org_status ON commissions (org_id, status, created_at);

CREATE TABLE disputes (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    commission_id  TEXT NOT NULL REFERENCES commissions(id),
    broker_id      TEXT NOT NULL REFERENCES users(id),
    category       TEXT NOT NULL,                    -- DisputeCategory
    reason         TEXT NOT NULL,
    status         TEXT NOT NULL,                    -- DisputeStatus
    reply          TEXT NOT NULL DEFAULT '',
    -- status the commission had when disputed (restored when resolved)
    prior_status   TEXT NOT NULL,
    resolved_by    TEXT REFERENCES users(id),
    resolved_at    BIGINT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX disputes_org_status ON disputes (org_id, status, created_at);
CREATE INDEX disputes_commission ON disputes (commission_id);

CREATE TABLE want_list (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    brand          TEXT NOT NULL,
    model          TEXT NOT NULL,
    reference      TEXT NOT NULL DEFAULT '',         -- normalised (upper case, no spaces)
    notes          TEXT NOT NULL DEFAULT '',
    urgency        BIGINT NOT NULL,                  -- 1 low … 3 urgent
    is_open        BIGINT NOT NULL DEFAULT 1,
    created_by     TEXT NOT NULL REFERENCES users(id),
    created_at     BIGINT NOT NULL
);
CREATE INDEX want_list_org ON want_list (org_id, is_open, urgency);

CREATE TABLE want_list_flags (
    item_id        TEXT NOT NULL REFERENCES want_list(id),
    broker_id      TEXT NOT NULL REFERENCES users(id),
    flag           TEXT NOT NULL,                    -- can_find | working_on
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (item_id, broker_id)
);

-- Read-only history from before the WhatsApp-first workflow.
CREATE TABLE legacy_messages (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    broker_id      TEXT NOT NULL REFERENCES users(id),
    from_dealer    BIGINT NOT NULL,
    author_name    TEXT NOT NULL,
    body           TEXT NOT NULL,
    sent_at        BIGINT NOT NULL
);
CREATE INDEX legacy_messages_broker ON legacy_messages (org_id, broker_id, sent_at);

CREATE TABLE notifications (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organizations(id),
    user_id        TEXT NOT NULL REFERENCES users(id),
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    link           TEXT NOT NULL DEFAULT '',
    read_at        BIGINT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, read_at, created_at);
