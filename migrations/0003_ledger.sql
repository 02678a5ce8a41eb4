-- 0003 ledger: double-entry accounts, transactions and postings.
-- Amounts are BIGINT minor units (cents); a transaction's postings sum to
-- zero per currency (checked by the code before insert). Postings and
-- transactions are append-only (0004 adds the database guards);
-- corrections are reversing transactions.

CREATE TABLE ledger_accounts (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations(id),
    kind          TEXT NOT NULL,            -- domain::ledger::AccountKind
    owner_ref     TEXT NOT NULL,            -- the user it belongs to; '' for the organization's own accounts
    currency      TEXT NOT NULL,
    name          TEXT NOT NULL,
    -- Cached sum of this account's postings, maintained in the same
    -- transaction as every posting; `version` increments with each change
    -- (optimistic concurrency). Tests assert cache == SUM(postings).
    balance_minor BIGINT NOT NULL DEFAULT 0,
    version       BIGINT NOT NULL DEFAULT 0,
    may_go_negative BIGINT NOT NULL,
    -- Transaction kinds refused while frozen, comma separated; '' = not frozen.
    frozen_kinds  TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    UNIQUE (org_id, kind, owner_ref, currency)
);

CREATE TABLE ledger_transactions (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations(id),
    idempotency_key TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,          -- canonical form of the request, to tell a replay from a conflict
    kind            TEXT NOT NULL,          -- e.g. investor.deposit, commission.earned
    reason          TEXT NOT NULL,
    actor_id        TEXT,
    reference_type  TEXT,                   -- business reference: deal, commission, payout…
    reference_id    TEXT,
    reverses_id     TEXT REFERENCES ledger_transactions(id),
    effective_at    BIGINT NOT NULL,        -- when the money moved (balances "as of")
    created_at      BIGINT NOT NULL,        -- when it was recorded
    UNIQUE (org_id, idempotency_key)
);
CREATE INDEX ledger_tx_reference ON ledger_transactions (org_id, reference_type, reference_id);
CREATE UNIQUE INDEX ledger_tx_one_reversal ON ledger_transactions (reverses_id);

CREATE TABLE ledger_postings (
    id             TEXT PRIMARY KEY,
    transaction_id TEXT NOT NULL REFERENCES ledger_transactions(id),
    org_id         TEXT NOT NULL,
    account_id     TEXT NOT NULL REFERENCES ledger_accounts(id),
    currency       TEXT NOT NULL,
    amount_minor   BIGINT NOT NULL,
    effective_at   BIGINT NOT NULL
);
CREATE INDEX ledger_postings_account ON ledger_postings (account_id, effective_at);
CREATE INDEX ledger_postings_tx ON ledger_postings (transaction_id);
