-- 0013: the CRM's contacts — the business's counterparties (clients, trade
-- partners, brokers, investors, team). Figures about a contact (spend,
-- sourced volume, commission paid) are computed from deals and the ledger,
-- never stored here. An organization's country is the default region of
-- phone numbers written without a country code.
ALTER TABLE organizations ADD COLUMN country TEXT NOT NULL DEFAULT '';

CREATE TABLE contacts (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organizations(id),
    contact_type       TEXT NOT NULL,                 -- domain::crm::ContactType
    first_name         TEXT NOT NULL DEFAULT '',
    last_name          TEXT NOT NULL DEFAULT '',
    email              TEXT,                          -- lower-cased; NULL: none
    phone              TEXT,                          -- E.164; NULL: none
    company            TEXT NOT NULL DEFAULT '',
    location           TEXT NOT NULL DEFAULT '',
    country            TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'active',
    notes              TEXT NOT NULL DEFAULT '',
    tags               TEXT NOT NULL DEFAULT '',      -- one per line
    vip                BIGINT NOT NULL DEFAULT 0,
    tax_id             TEXT NOT NULL DEFAULT '',
    payment_terms      TEXT NOT NULL DEFAULT '',
    credit_limit_minor BIGINT,
    commission_bps     BIGINT,                        -- a broker's default rate
    user_id            TEXT REFERENCES users(id),     -- the contact's login, if any
    import_run_id      TEXT,                          -- the run that created it
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    deleted_at         BIGINT                         -- in the trash since
);
CREATE INDEX contacts_org_type ON contacts (org_id, contact_type, deleted_at);
CREATE INDEX contacts_org_email ON contacts (org_id, email);
CREATE INDEX contacts_org_phone ON contacts (org_id, phone);
CREATE UNIQUE INDEX contacts_user ON contacts (user_id);
