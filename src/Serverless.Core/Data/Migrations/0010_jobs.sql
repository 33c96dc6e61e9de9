-- Background jobs, and the transactional outbox that feeds them to the queues. A job row is written in
-- the same transaction as the change that asks for it, so a request that succeeded never loses its job;
-- published_at stays NULL until the relay has handed it to SQS.
CREATE TABLE jobs (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    type              text NOT NULL CHECK (type ~ '^[a-z]+(\.[a-z]+)*$'),
    schema_version    integer NOT NULL CHECK (schema_version > 0),
    priority          text NOT NULL CHECK (priority IN ('high', 'low')),
    payload           jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'queued', 'running', 'retrying', 'succeeded', 'failed')),
    attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error        text CHECK (length(last_error) <= 2000),
    result            jsonb,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    completed_at      timestamptz,
    -- Outbox columns: when the relay published it, how often publishing failed, and a short lease so
    -- two relays do not publish the same row at the same moment.
    published_at      timestamptz,
    publish_attempts  integer NOT NULL DEFAULT 0,
    publish_error     text CHECK (length(publish_error) <= 2000),
    locked_until      timestamptz
);
CREATE INDEX jobs_tenant ON jobs (tenant_id, id DESC);
-- The relay's scan: only unpublished rows, oldest first.
CREATE INDEX jobs_outbox ON jobs (created_at) WHERE published_at IS NULL;

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON jobs TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON jobs TO serverless_app;

-- The relay works for every tenant at once, which row-level security rightly forbids the application.
-- These functions are its only doors: lease a batch of unpublished jobs, then record the outcome.
CREATE FUNCTION outbox_lease(p_limit integer, p_lease_seconds integer)
    RETURNS TABLE (id uuid, tenant_id uuid, type text, schema_version integer, priority text, payload jsonb, created_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
        UPDATE jobs j SET locked_until = now() + make_interval(secs => p_lease_seconds)
         WHERE j.id IN (
               SELECT o.id FROM jobs o
                WHERE o.published_at IS NULL AND (o.locked_until IS NULL OR o.locked_until < now())
                ORDER BY o.created_at
                LIMIT p_limit
                FOR UPDATE SKIP LOCKED)
        RETURNING j.id, j.tenant_id, j.type, j.schema_version, j.priority, j.payload, j.created_at;
END
$$;

CREATE FUNCTION outbox_published(p_ids uuid[])
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    UPDATE jobs SET published_at = now(), locked_until = NULL, publish_error = NULL, updated_at = now(),
                    status = CASE WHEN status = 'pending' THEN 'queued' ELSE status END
     WHERE id = ANY (p_ids) AND published_at IS NULL;
$$;

CREATE FUNCTION outbox_failed(p_ids uuid[], p_error text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    UPDATE jobs SET publish_attempts = publish_attempts + 1, publish_error = left(p_error, 2000), locked_until = NULL
     WHERE id = ANY (p_ids) AND published_at IS NULL;
$$;

REVOKE ALL ON FUNCTION outbox_lease(integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION outbox_published(uuid[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION outbox_failed(uuid[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outbox_lease(integer, integer) TO serverless_app;
GRANT EXECUTE ON FUNCTION outbox_published(uuid[]) TO serverless_app;
GRANT EXECUTE ON FUNCTION outbox_failed(uuid[], text) TO serverless_app;
