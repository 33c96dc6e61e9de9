-- Budget webhook secrets are stored sealed (SecretSealer). `secrets rewrap` seals a secret again, with the current
-- key, without changing it: under `serverless.secrets_rewrap = on` (SET LOCAL, its own transaction) that is no new
-- settings version. The operator audit records the rewrap instead.
CREATE OR REPLACE FUNCTION budget_webhook_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
DECLARE
    old_url    text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.budget_webhook_url END;
    old_secret text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.budget_webhook_secret END;
    rewrap     boolean := TG_OP = 'UPDATE' AND coalesce(current_setting('serverless.secrets_rewrap', true), '') = 'on';
    version    integer;
BEGIN
    IF old_url IS NOT DISTINCT FROM NEW.budget_webhook_url
       AND (old_secret IS NOT DISTINCT FROM NEW.budget_webhook_secret OR rewrap) THEN
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
