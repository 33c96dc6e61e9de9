-- In a secondary region the API's nearest database is a read-only replica, and authentication runs
-- there too. Noting a key's use is a write, so it only happens where writes are possible (the
-- primary region's instances note use for every region's traffic that reaches them).
CREATE OR REPLACE FUNCTION authenticate_api_key(p_prefix text)
    RETURNS TABLE (key_id uuid, tenant_id uuid, tenant_slug text, tenant_tier text, secret_hash bytea, revoked_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    IF NOT pg_is_in_recovery() THEN
        UPDATE api_keys k SET last_used_at = now()
         WHERE k.prefix = p_prefix AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
    END IF;
    RETURN QUERY
        SELECT k.id, k.tenant_id, t.slug, t.tier, k.secret_hash, k.revoked_at
          FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
         WHERE k.prefix = p_prefix;
END
$$;
