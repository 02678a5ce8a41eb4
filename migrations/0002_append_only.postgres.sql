-- 0002 (PostgreSQL): the audit trail is append-only; the database refuses
-- UPDATE and DELETE on it, not just the code.
CREATE FUNCTION dealflow_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION dealflow_refuse_change();
