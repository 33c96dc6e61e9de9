-- Tenant admins change their own settings through the API (GET/PUT /v1/settings), and operators through the
-- CLI (tenant update, cors set, budget webhook set). Both write the same data: tenants.settings (review rules,
-- banned terms, public cache lifetimes, default locale, CORS origins) and llm_tenant_settings (the budget
-- webhook). settings_version is the ETag of the whole: every change to either part adds one, however it was
-- made, and leaves an audit_log row with what it was before and after (never the webhook secret).
ALTER TABLE tenants ADD COLUMN settings_version integer NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN changes jsonb CHECK (changes IS NULL OR jsonb_typeof(changes) = 'object');

-- The application role may change exactly these two columns of its own tenant row (row-level security).
GRANT UPDATE (settings, settings_version) ON tenants TO serverless_app;

CREATE FUNCTION tenant_settings_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
BEGIN
    IF NEW.settings IS DISTINCT FROM OLD.settings THEN
        NEW.settings_version := OLD.settings_version + 1;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER settings_version BEFORE UPDATE OF settings ON tenants
    FOR EACH ROW EXECUTE FUNCTION tenant_settings_version();

-- One audit row per change, with the before and after of the part that changed. Cache invalidations travel
-- with it (the tenant's tag, 't:<id>'), so every region's API drops the tenant's cached public pages and
-- reloads its CORS origins when it follows cache_invalidations.
CREATE FUNCTION record_tenant_settings_change(p_tenant uuid, p_version integer, p_before jsonb, p_after jsonb, p_extra jsonb)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
BEGIN
    INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, before_hash, after_hash, request_id, changes)
    VALUES (
        p_tenant,
        COALESCE(NULLIF(current_setting('app.actor', true), ''), 'db:' || session_user),
        'tenant_settings.updated',
        'tenant_settings',
        p_tenant,
        encode(sha256(convert_to(p_before::text, 'UTF8')), 'hex'),
        encode(sha256(convert_to(p_after::text, 'UTF8')), 'hex'),
        NULLIF(current_setting('app.request_id', true), ''),
        jsonb_build_object('version', p_version, 'before', p_before, 'after', p_after) || COALESCE(p_extra, '{}'::jsonb));
    INSERT INTO cache_invalidations (tags) VALUES (ARRAY['t:' || replace(p_tenant::text, '-', '')]);
END
$$;

CREATE FUNCTION tenant_settings_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM record_tenant_settings_change(NEW.id, NEW.settings_version, OLD.settings, NEW.settings, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER settings_audit AFTER UPDATE OF settings ON tenants
    FOR EACH ROW WHEN (OLD.settings IS DISTINCT FROM NEW.settings)
    EXECUTE FUNCTION tenant_settings_changed();

-- The budget webhook lives beside the model settings; a change of its URL or secret is a settings version
-- too. The secret itself is never written to the audit log: only whether it changed.
CREATE FUNCTION budget_webhook_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
DECLARE
    old_url    text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.budget_webhook_url END;
    old_secret text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.budget_webhook_secret END;
    version    integer;
BEGIN
    IF old_url IS NOT DISTINCT FROM NEW.budget_webhook_url AND old_secret IS NOT DISTINCT FROM NEW.budget_webhook_secret THEN
        RETURN NULL;
    END IF;
    UPDATE tenants SET settings_version = settings_version + 1 WHERE id = NEW.tenant_id RETURNING settings_version INTO version;
    PERFORM record_tenant_settings_change(
        NEW.tenant_id, version,
        jsonb_build_object('budgetWebhookUrl', old_url),
        jsonb_build_object('budgetWebhookUrl', NEW.budget_webhook_url),
        jsonb_build_object('budgetWebhookSecretChanged', old_secret IS DISTINCT FROM NEW.budget_webhook_secret));
    RETURN NULL;
END
$$;
CREATE TRIGGER budget_webhook_version AFTER INSERT OR UPDATE OF budget_webhook_url, budget_webhook_secret ON llm_tenant_settings
    FOR EACH ROW EXECUTE FUNCTION budget_webhook_changed();
