-- 0014: what the contacts directory sorts and searches by, kept beside each
-- contact (domain::crm::directory::DirectoryKeys) so that every sort and the
-- search read an index at 100,000 contacts. A NULL sort_name means "not
-- computed yet": the server fills those in at start-up.
ALTER TABLE contacts ADD COLUMN sort_name TEXT;
ALTER TABLE contacts ADD COLUMN sort_company TEXT;
ALTER TABLE contacts ADD COLUMN sort_location TEXT;
ALTER TABLE contacts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

DROP INDEX contacts_org_type;
DROP INDEX contacts_org_email;
DROP INDEX contacts_org_phone;
-- one per sortable column, the trash apart; id breaks ties
CREATE INDEX contacts_by_name ON contacts (org_id, deleted_at, sort_name, id);
CREATE INDEX contacts_by_type ON contacts (org_id, deleted_at, contact_type, sort_name, id);
CREATE INDEX contacts_by_company ON contacts (org_id, deleted_at, sort_company, id);
CREATE INDEX contacts_by_location ON contacts (org_id, deleted_at, sort_location, id);
CREATE INDEX contacts_by_email ON contacts (org_id, deleted_at, email, id);
CREATE INDEX contacts_by_phone ON contacts (org_id, deleted_at, phone, id);
CREATE INDEX contacts_by_added ON contacts (org_id, deleted_at, created_at, id);
-- counts of a tab, its VIPs and a search read this alone, and so does the
-- search's list of matching ids
CREATE INDEX contacts_search ON contacts (org_id, deleted_at, contact_type, vip, search_text, id);
