-- Tenants write their own prompt versions (POST /v1/prompts/{key}/versions). They live beside the platform's in
-- prompt_versions, so drafts, review stats and pins keep naming a version by (key, version): platform rows have
-- no tenant_id and every tenant sees them; a tenant's rows only that tenant sees. Version numbers are one sequence
-- per key over the platform's and every tenant's versions (so a number never names two prompts).
ALTER TABLE prompt_versions
    ADD COLUMN tenant_id  uuid REFERENCES tenants (id),
    ADD COLUMN id         uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    ADD COLUMN created_by text;
CREATE INDEX prompt_versions_tenant ON prompt_versions (tenant_id, key, version) WHERE tenant_id IS NOT NULL;

ALTER TABLE prompt_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE prompt_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_or_own ON prompt_versions FOR SELECT USING (tenant_id IS NULL OR tenant_id = app_current_tenant());
CREATE POLICY own_insert ON prompt_versions FOR INSERT WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON prompt_versions TO serverless_operator USING (true) WITH CHECK (true);
GRANT INSERT ON prompt_versions TO serverless_app;

-- Still immutable; a tenant's rows may only be deleted, by an operator offboarding the tenant (the application
-- role has no DELETE grant).
CREATE OR REPLACE FUNCTION prompt_versions_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.tenant_id IS NOT NULL THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'prompt versions are immutable: add version % + 1 instead', OLD.version;
END
$$;

-- The next number of a key, over every tenant's rows (which row-level security hides from the caller), taken
-- under a lock held to the end of the caller's transaction, so two writers never take one number.
CREATE FUNCTION next_prompt_version(p_key text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('prompt_versions:' || p_key));
    RETURN (SELECT coalesce(max(version), 0) + 1 FROM prompt_versions WHERE key = p_key);
END
$$;
REVOKE ALL ON FUNCTION next_prompt_version(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION next_prompt_version(text) TO serverless_app;

CREATE TRIGGER audit AFTER INSERT ON prompt_versions
    FOR EACH ROW WHEN (NEW.tenant_id IS NOT NULL) EXECUTE FUNCTION audit_row_change('prompt_version');

-- Pins are a tenant's choice: audit them too (the audit trigger names a row by its id).
ALTER TABLE prompt_pins ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON prompt_pins
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('prompt_pin');
