-- A suspended tenant's pages lose their browser access too: its keys and tokens are refused anyway, and a
-- preflight from its origins should not be answered as if it were still served.
CREATE OR REPLACE FUNCTION cors_origins()
    RETURNS TABLE (tenant_id uuid, origin text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT t.id, lower(o.origin)
      FROM tenants t, jsonb_array_elements_text(t.settings -> 'cors' -> 'origins') AS o(origin)
     WHERE jsonb_typeof(t.settings -> 'cors' -> 'origins') = 'array'
       AND t.suspended_at IS NULL
$$;
