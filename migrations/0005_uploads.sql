-- 0005 uploads: files people upload (photos, receipts). The bytes live under
-- the data directory (uploads/<org>/<id>); this row says whose they are.
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations(id),
    uploaded_by  TEXT NOT NULL REFERENCES users(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX uploads_org_user ON uploads (org_id, uploaded_by, created_at);
