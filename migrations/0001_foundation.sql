-- 0001 foundation: tenancy, people, sessions, audit trail.
-- Portable subset (runs on SQLite and PostgreSQL): TEXT ids, BIGINT for
-- times (unix ms UTC), money (minor units) and flags (0/1). Never edit a
-- migration that has shipped; add a new one.

-- An organization is one tenant. The platform itself is the one row with
-- is_platform = 1; platform admins belong to it.
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    currency    TEXT NOT NULL,              -- ISO 4217, e.g. USD
    modules     TEXT NOT NULL,              -- enabled modules, comma separated: dealer,crm
    is_platform BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

-- One role per user; email is stored lower-cased and unique installation-wide
-- (it is the login name).
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organizations(id),
    email               TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL,
    password_hash       TEXT NOT NULL,      -- argon2id PHC string
    is_active           BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);
CREATE INDEX users_org ON users (org_id);

-- Server-side sessions (tower-sessions), shared by every app server.
-- user_id is copied out of the session data so that "sign out everywhere"
-- is one DELETE.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Append-only audit trail (see 0002 for the guard triggers).
CREATE TABLE audit_log (
    id       TEXT PRIMARY KEY,
    at       BIGINT NOT NULL,
    org_id   TEXT,
    actor_id TEXT,
    action   TEXT NOT NULL,                 -- e.g. login.succeeded, access.denied
    target   TEXT,                          -- what it was about (an email, a capability, a record id)
    ip       TEXT,
    detail   TEXT
);
CREATE INDEX audit_action_target ON audit_log (action, target, at);
CREATE INDEX audit_action_ip ON audit_log (action, ip, at);
CREATE INDEX audit_org_at ON audit_log (org_id, at);
