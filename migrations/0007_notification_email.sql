-- Email delivery of notifications (outbox). A notification is emailed when
-- SMTP is configured; the sender claims a row by bumping email_attempts and
-- stamps emailed_at once the SMTP server accepted the message.
ALTER TABLE notifications ADD COLUMN emailed_at BIGINT;
ALTER TABLE notifications ADD COLUMN email_attempts BIGINT NOT NULL DEFAULT 0;
CREATE INDEX notifications_outbox ON notifications (emailed_at, created_at);
