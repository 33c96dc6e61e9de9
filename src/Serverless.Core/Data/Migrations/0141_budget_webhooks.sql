-- Budget warnings delivered to a tenant's webhook (docs/cost-control.md): its URL and signing secret, and
-- one delivery row per budget, period and threshold, written in the settlement's own transaction (so a
-- warning is never lost and never sent twice) and sent by the worker's dispatcher with retries.
-- The secret is kept in clear because it must sign; only the operator CLI shows it, once, when it is made.
ALTER TABLE llm_tenant_settings
    ADD COLUMN budget_webhook_url text CHECK (budget_webhook_url ~ '^https?://' AND length(budget_webhook_url) <= 2000),
    ADD COLUMN budget_webhook_secret text,
    ADD CONSTRAINT llm_tenant_settings_webhook_complete CHECK ((budget_webhook_url IS NULL) = (budget_webhook_secret IS NULL));

CREATE TABLE budget_webhook_deliveries (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    budget_id       uuid NOT NULL REFERENCES llm_budgets (id) ON DELETE CASCADE,
    period_start    timestamptz NOT NULL,
    percent         integer NOT NULL,
    -- The exact body sent (and signed) on every attempt.
    payload         text NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (budget_id, period_start, percent)
);
CREATE INDEX budget_webhook_deliveries_due ON budget_webhook_deliveries (next_attempt_at) WHERE state = 'pending';
ALTER TABLE budget_webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE budget_webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON budget_webhook_deliveries USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON budget_webhook_deliveries TO serverless_operator USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON budget_webhook_deliveries TO serverless_app;

-- The dispatcher works for every tenant at once: claim due deliveries (lease them, so two dispatchers never
-- send one together) with the URL and secret to send them with. Its only door past row-level security.
CREATE FUNCTION budget_webhooks_claim(p_limit integer, p_lease_seconds integer)
    RETURNS TABLE (id uuid, tenant_id uuid, url text, secret text, payload text, attempts integer)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
        WITH due AS (
            SELECT d.id FROM budget_webhook_deliveries d
             WHERE d.state = 'pending' AND d.next_attempt_at <= now()
             ORDER BY d.next_attempt_at
             LIMIT p_limit
             FOR UPDATE SKIP LOCKED),
        leased AS (
            UPDATE budget_webhook_deliveries d
               SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => p_lease_seconds)
              FROM due WHERE d.id = due.id
            RETURNING d.id, d.tenant_id, d.payload, d.attempts)
        SELECT l.id, l.tenant_id, s.budget_webhook_url, s.budget_webhook_secret, l.payload, l.attempts
          FROM leased l LEFT JOIN llm_tenant_settings s ON s.tenant_id = l.tenant_id;
END
$$;
GRANT EXECUTE ON FUNCTION budget_webhooks_claim(integer, integer) TO serverless_app;
