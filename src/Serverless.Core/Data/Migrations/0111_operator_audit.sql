-- What operators do to tenants (update, export, offboard): append-only, even for the owner. It is not
-- tenant-owned (the tenant's id is subject_tenant_id, with no foreign key), so it outlives an offboarded
-- tenant as its tombstone; the application role has no grant on it at all.
CREATE TABLE operator_audit (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    actor                text NOT NULL,
    action               text NOT NULL,
    subject_tenant_id    uuid NOT NULL,
    subject_tenant_slug  text NOT NULL,
    details              jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
    created_at           timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX operator_audit_subject ON operator_audit (subject_tenant_id, created_at);

CREATE FUNCTION operator_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'operator_audit is append-only';
END
$$;
CREATE TRIGGER operator_audit_append_only BEFORE UPDATE OR DELETE ON operator_audit
    FOR EACH ROW EXECUTE FUNCTION operator_audit_append_only();
CREATE TRIGGER operator_audit_no_truncate BEFORE TRUNCATE ON operator_audit
    FOR EACH STATEMENT EXECUTE FUNCTION operator_audit_append_only();

ALTER TABLE operator_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE operator_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_all ON operator_audit TO serverless_operator USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON operator_audit TO serverless_operator;
