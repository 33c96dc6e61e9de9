CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 63),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    tier        text NOT NULL DEFAULT 'standard' CHECK (tier IN ('free', 'standard', 'premium')),
    settings    jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The secret part of a key is never stored: only its SHA-256. The prefix is public and indexed.
CREATE TABLE api_keys (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    prefix        text NOT NULL UNIQUE,
    secret_hash   bytea NOT NULL CHECK (length(secret_hash) = 32),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants USING (id = app_current_tenant()) WITH CHECK (id = app_current_tenant());
CREATE POLICY operator_all ON tenants TO serverless_operator USING (true) WITH CHECK (true);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON api_keys TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT ON tenants TO serverless_app;
GRANT SELECT ON api_keys TO serverless_app;

-- Authentication happens before a tenant is known, so the application may not read api_keys by
-- itself. This function is the one door: given a public prefix it returns that key's hash and
-- tenant, and notes the use (at most once a minute, to keep the hot path from writing).
CREATE FUNCTION authenticate_api_key(p_prefix text)
    RETURNS TABLE (key_id uuid, tenant_id uuid, tenant_slug text, tenant_tier text, secret_hash bytea, revoked_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    UPDATE api_keys k SET last_used_at = now()
     WHERE k.prefix = p_prefix AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
    RETURN QUERY
        SELECT k.id, k.tenant_id, t.slug, t.tier, k.secret_hash, k.revoked_at
          FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
         WHERE k.prefix = p_prefix;
END
$$;
REVOKE ALL ON FUNCTION authenticate_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION authenticate_api_key(text) TO serverless_app;
