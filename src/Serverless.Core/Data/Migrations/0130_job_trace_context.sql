-- W3C trace context on the outbox row: the request that asked for a job stores its traceparent (and
-- tracestate) in the same transaction, so the relay and the worker continue that trace however late the
-- job is published. Null when the request was not traced.
ALTER TABLE jobs
    ADD COLUMN trace_parent text CHECK (trace_parent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$'),
    ADD COLUMN trace_state  text CHECK (length(trace_state) <= 512);

-- The lease now hands the trace context to the relay; a changed result type needs a new function.
DROP FUNCTION outbox_lease(integer, integer);
CREATE FUNCTION outbox_lease(p_limit integer, p_lease_seconds integer)
    RETURNS TABLE (id uuid, tenant_id uuid, type text, schema_version integer, priority text, payload jsonb, created_at timestamptz,
                   trace_parent text, trace_state text)
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
        RETURNING j.id, j.tenant_id, j.type, j.schema_version, j.priority, j.payload, j.created_at, j.trace_parent, j.trace_state;
END
$$;
REVOKE ALL ON FUNCTION outbox_lease(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outbox_lease(integer, integer) TO serverless_app;
