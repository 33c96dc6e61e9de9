-- Browser front ends of a tenant: the origins allowed to call the API from a page, per tenant, in
-- tenants.settings -> 'cors' -> 'origins' (an array of "scheme://host[:port]"). A preflight carries no
-- credentials, so the API must know every tenant's origins at once; row-level security shows the
-- application role only the tenant of its session, so this one function is its door to the list.
CREATE FUNCTION cors_origins()
    RETURNS TABLE (tenant_id uuid, origin text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT t.id, lower(o.origin)
      FROM tenants t, jsonb_array_elements_text(t.settings -> 'cors' -> 'origins') AS o(origin)
     WHERE jsonb_typeof(t.settings -> 'cors' -> 'origins') = 'array'
$$;
REVOKE ALL ON FUNCTION cors_origins() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cors_origins() TO serverless_app;
