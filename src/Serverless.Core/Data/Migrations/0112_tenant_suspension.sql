-- A suspended tenant (operator CLI: tenant suspend/resume): every key and token is refused, its public
-- pages are hidden, and its jobs wait as 'paused' (not failed) until it is resumed.
ALTER TABLE tenants ADD COLUMN suspended_at timestamptz;

ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('pending', 'queued', 'running', 'retrying', 'succeeded', 'failed', 'budget_exhausted', 'paused'));

-- The public read path stops finding a suspended tenant by its slug.
CREATE OR REPLACE FUNCTION resolve_public_tenant(p_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$ SELECT id FROM tenants WHERE slug = p_slug AND suspended_at IS NULL $$;
