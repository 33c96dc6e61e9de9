-- The public read path knows a tenant only by the slug in its URL, before any tenant is set for
-- row-level security, and the application may not read across tenants. This function is the one
-- door: a slug in, that tenant's id out, nothing else. Content and settings are then read in a
-- session for that tenant, so row-level security still guards every row.
CREATE FUNCTION resolve_public_tenant(p_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$ SELECT id FROM tenants WHERE slug = p_slug $$;
REVOKE ALL ON FUNCTION resolve_public_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_public_tenant(text) TO serverless_app;
