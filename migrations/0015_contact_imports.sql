-- 0015: contact import runs. A run writes the rows a person confirmed from
-- a kept file (an upload) in one transaction; each field it changes on an
-- existing contact is kept with its old and new value, so that a rollback
-- can put back what the run changed — except fields edited since.
CREATE TABLE contact_import_runs (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations(id),
    upload_id       TEXT NOT NULL REFERENCES uploads(id),
    run_by          TEXT NOT NULL REFERENCES users(id),
    file_name       TEXT NOT NULL,
    sheet           TEXT NOT NULL,
    contact_type    TEXT NOT NULL,
    dedupe          TEXT NOT NULL,                -- domain::crm::import::Dedupe
    on_duplicate    TEXT NOT NULL,                -- domain::crm::runs::OnDuplicate
    inserted        BIGINT NOT NULL,
    updated         BIGINT NOT NULL,
    skipped         BIGINT NOT NULL,
    errors          BIGINT NOT NULL,
    idempotency_key TEXT NOT NULL,                -- the wizard's, one run per key
    created_at      BIGINT NOT NULL,
    rolled_back_at  BIGINT,
    rolled_back_by  TEXT REFERENCES users(id),
    removed         BIGINT,                       -- the rollback's result
    restored        BIGINT,
    kept            TEXT                          -- "Name: Field" per line, edited since
);
CREATE UNIQUE INDEX contact_import_runs_key ON contact_import_runs (org_id, idempotency_key);
CREATE INDEX contact_import_runs_org ON contact_import_runs (org_id, created_at);

CREATE TABLE contact_import_changes (
    run_id     TEXT NOT NULL REFERENCES contact_import_runs(id),
    contact_id TEXT NOT NULL REFERENCES contacts(id),
    field      TEXT NOT NULL,                     -- domain::crm::runs::ImportedField
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    PRIMARY KEY (run_id, contact_id, field)
);
CREATE INDEX contacts_import_run ON contacts (import_run_id);
