-- 0012: what an organization's printed documents show about it: its postal
-- address (free lines) and its logo (an uploaded image).
ALTER TABLE organizations ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN logo_upload_id TEXT REFERENCES uploads(id);
