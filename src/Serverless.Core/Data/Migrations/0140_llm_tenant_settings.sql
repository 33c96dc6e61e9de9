-- A tenant's own choices for its model calls (docs/cost-control.md). Kept apart from the tenant row so
-- the tenant-settings work on another branch and this one do not collide; the lead may fold it in.
CREATE TABLE llm_tenant_settings (
    -- The audit trigger names a row by its id.
    id             uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    tenant_id      uuid PRIMARY KEY REFERENCES tenants (id),
    -- Off: no semantic lookup and nothing stored in the semantic cache for this tenant (the exact cache stays).
    semantic_cache boolean NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE llm_tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE llm_tenant_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON llm_tenant_settings USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON llm_tenant_settings TO serverless_operator USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON llm_tenant_settings TO serverless_app;
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON llm_tenant_settings
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('llm_settings');

-- Route overrides are set through the API and the CLI now: each change goes to the audit log, which
-- names a row by its id.
ALTER TABLE llm_routes ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON llm_routes
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('llm_route');
