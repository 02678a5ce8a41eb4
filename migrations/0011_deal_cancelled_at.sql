-- 0011: when a deal was cancelled (or its sale unwound), so a deal's
-- journey can date the step where it stopped. Existing cancelled deals
-- take their last update as the date.
ALTER TABLE deals ADD COLUMN cancelled_at BIGINT;
UPDATE deals SET cancelled_at = updated_at WHERE status = 'cancelled';
