-- 0008 signals: WhatsApp group messages become parsed, claimable leads.

-- How a broker's WhatsApp messages reach Dealflow. One row per broker.
--   kind    bridge (any connector posting to the signed webhook), linked
--           (a personal account linked by QR code), simulator (demo/tests)
--   status  not_linked | connecting | connected
-- The webhook secret is needed to verify signatures, so it is stored
-- encrypted (AEAD, bound to the connection id), never hashed. Linked-device
-- credentials, when a connector keeps any, are encrypted the same way and
-- deleted on unlink.
CREATE TABLE whatsapp_connections (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations(id),
    broker_id       TEXT NOT NULL UNIQUE REFERENCES users(id),
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    secret_sealed   TEXT,
    device_sealed   TEXT,
    qr_code         TEXT,
    linked_at       BIGINT,
    last_message_at BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- Every message received, kept raw with its signals. A connector's message
-- id is stored once per connection (replays are recognised, not stored).
CREATE TABLE whatsapp_messages (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations(id),
    broker_id       TEXT NOT NULL REFERENCES users(id),
    connection_id   TEXT NOT NULL REFERENCES whatsapp_connections(id),
    external_id     TEXT NOT NULL,
    group_id        TEXT NOT NULL,
    group_name      TEXT NOT NULL,
    sender          TEXT NOT NULL,
    sent_at         BIGINT NOT NULL,
    body            TEXT NOT NULL,
    source          TEXT NOT NULL,            -- webhook | import
    received_at     BIGINT NOT NULL
);
CREATE UNIQUE INDEX whatsapp_messages_once ON whatsapp_messages (connection_id, external_id);

-- One watch mentioned in a message. The price is a quote as written (in the
-- stated currency, which may be unknown), not money owed: kept as a decimal
-- string, never posted anywhere.
CREATE TABLE signals (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations(id),
    broker_id       TEXT NOT NULL REFERENCES users(id),
    message_id      TEXT NOT NULL REFERENCES whatsapp_messages(id),
    position        BIGINT NOT NULL,
    deal_type       TEXT NOT NULL,            -- for_sale | wanted | other
    brand           TEXT,
    model           TEXT,
    reference       TEXT,                     -- normalised like want_list.reference
    price           TEXT,
    currency        TEXT,
    sentiment       TEXT NOT NULL,
    confidence_pct  BIGINT NOT NULL,          -- 0‥100
    sent_at         BIGINT NOT NULL,
    claimed_at      BIGINT,
    submission_id   TEXT REFERENCES submissions(id),
    created_at      BIGINT NOT NULL
);
CREATE INDEX signals_broker ON signals (broker_id, sent_at);
CREATE INDEX signals_reference ON signals (org_id, reference);
