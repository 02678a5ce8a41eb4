-- 0010 onboarding: invitations into an organization, one-time password
-- links, and the email outbox's claim lease.

-- An invitation: one person, one role, one organization. The link carries
-- a random token; only its SHA-256 is stored. It is used once
-- (accepted_at), expires (expires_at) and can be withdrawn (revoked_at);
-- resending it replaces the token, so an older link stops working.
CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations(id),
    email        TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT REFERENCES users(id),
    created_at   BIGINT NOT NULL,
    sent_at      BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    accepted_at  BIGINT,
    revoked_at   BIGINT,
    user_id      TEXT REFERENCES users(id)
);
CREATE INDEX invitations_org ON invitations (org_id, created_at);
CREATE INDEX invitations_email ON invitations (email);

-- A one-time link to set a password: "forgot password" (purpose 'reset')
-- and the first sign-in of an administrator created on the command line
-- (purpose 'welcome'). Only the token's SHA-256 is stored.
CREATE TABLE password_links (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    purpose     TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_links_user ON password_links (user_id, created_at);

-- The outbox's claim: the server that takes a notification's email holds
-- it until this time (unix ms), so a second server never sends it too.
ALTER TABLE notifications ADD COLUMN email_claimed_until BIGINT NOT NULL DEFAULT 0;
