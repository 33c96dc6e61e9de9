-- An append-only record of every change: who (an API key or a person), which tenant, what action
-- on which entity, hashes of the row before and after, the request id, and when. The application
-- may INSERT and SELECT, never UPDATE or DELETE (no grant, so PostgreSQL refuses).
CREATE TABLE audit_log (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    actor        text NOT NULL,
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    uuid NOT NULL,
    before_hash  text,
    after_hash   text,
    request_id   text,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- Time-ordered listing per tenant; created_at breaks no ties, so the id does.
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, created_at DESC, id DESC);
CREATE INDEX audit_log_tenant_entity ON audit_log (tenant_id, entity_id);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON audit_log TO serverless_operator USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON audit_log TO serverless_app;

-- Written by a trigger, so no code path can change an audited table and forget the audit row.
-- The actor and request id come from the transaction's settings (TenantSession sets them);
-- a change made outside the application is attributed to the database role that made it.
CREATE FUNCTION audit_row_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
DECLARE
    before_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    after_row  jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
    row_data   jsonb := COALESCE(after_row, before_row);
    entity     text := COALESCE(TG_ARGV[0], TG_TABLE_NAME);
    verb       text;
BEGIN
    IF TG_OP = 'UPDATE' AND before_row = after_row THEN
        RETURN NULL;
    END IF;
    verb := CASE
        WHEN TG_OP = 'INSERT' THEN 'created'
        WHEN TG_OP = 'DELETE' THEN 'deleted'
        WHEN after_row ? 'status' AND after_row->>'status' IS DISTINCT FROM before_row->>'status' THEN after_row->>'status'
        ELSE 'updated'
    END;
    INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, before_hash, after_hash, request_id)
    VALUES (
        (row_data->>'tenant_id')::uuid,
        COALESCE(NULLIF(current_setting('app.actor', true), ''), 'db:' || session_user),
        entity || '.' || verb,
        entity,
        (row_data->>'id')::uuid,
        encode(sha256(convert_to(before_row::text, 'UTF8')), 'hex'),
        encode(sha256(convert_to(after_row::text, 'UTF8')), 'hex'),
        NULLIF(current_setting('app.request_id', true), ''));
    RETURN NULL;
END
$$;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON content_items
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('content');
