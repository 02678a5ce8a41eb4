-- Each organization's IANA time zone (e.g. Europe/London): its calendar —
-- "this month", trends, year to date, statement days — and how its people
-- see dates and times. Set when the organization is created, changed by its
-- owner. Timestamps stay unix milliseconds UTC.
ALTER TABLE organizations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
