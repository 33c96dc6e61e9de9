-- What a tenant may spend on the model, and what it spent. PostgreSQL is the source of truth: a call
-- reserves its worst case before it goes out, settles to the provider's reported usage after, or
-- releases on failure. Nothing here is reset by a job: a period is its own row, opened by the first
-- reservation that falls in it.

-- A budget per tenant, for all features ('*') or one feature (e.g. 'drafts.generate'). A call must fit
-- every budget that applies to it. Limits in tokens, in money (USD millionths), or both.
CREATE TABLE llm_budgets (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    feature           text NOT NULL DEFAULT '*' CHECK (feature = '*' OR feature ~ '^[a-z]+(\.[a-z]+)*$'),
    token_limit       bigint CHECK (token_limit >= 0),
    cost_limit_micros bigint CHECK (cost_limit_micros >= 0),
    -- Percentages of the limit at which a warning is sent, once per period each.
    warn_at_percent   integer[] NOT NULL DEFAULT '{80,100}',
    -- At the limit: refuse the call, or let the router pick a smaller model (docs/cost-control.md).
    when_exhausted    text NOT NULL DEFAULT 'refuse' CHECK (when_exhausted IN ('refuse', 'downgrade')),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, feature),
    CHECK (token_limit IS NOT NULL OR cost_limit_micros IS NOT NULL)
);

-- One row per budget and calendar month (UTC): what is reserved (calls in flight) and settled (spent).
CREATE TABLE llm_budget_periods (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    budget_id       uuid NOT NULL REFERENCES llm_budgets (id) ON DELETE CASCADE,
    period_start    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL CHECK (period_end > period_start),
    reserved_tokens bigint NOT NULL DEFAULT 0 CHECK (reserved_tokens >= 0),
    settled_tokens  bigint NOT NULL DEFAULT 0 CHECK (settled_tokens >= 0),
    reserved_micros bigint NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
    settled_micros  bigint NOT NULL DEFAULT 0 CHECK (settled_micros >= 0),
    -- Thresholds already warned about in this period (so each is sent once).
    warned_percent  integer[] NOT NULL DEFAULT '{}',
    UNIQUE (budget_id, period_start)
);

-- The ledger: one row per model call (its reservation) or cache hit. Usage reports read it.
CREATE TABLE llm_usage (
    -- The job and attempt that made the call ("<job id>/<attempt>"): settling twice changes nothing.
    id                 text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    feature            text NOT NULL,
    model              text NOT NULL,
    state              text NOT NULL CHECK (state IN ('reserved', 'settled', 'released', 'cache_hit')),
    -- What was reserved: prompt tokens counted before the call plus max output tokens, and their price.
    reserved_tokens    bigint NOT NULL DEFAULT 0 CHECK (reserved_tokens >= 0),
    reserved_micros    bigint NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
    -- The periods the reservation holds (one per budget that applied).
    period_ids         uuid[] NOT NULL DEFAULT '{}',
    -- What the provider reported, priced by the price table version in force at the call.
    input_tokens       bigint CHECK (input_tokens >= 0),
    output_tokens      bigint CHECK (output_tokens >= 0),
    cost_micros        bigint CHECK (cost_micros >= 0),
    price_version      text,
    -- A cache hit costs nothing; it records what it saved, never as spend.
    saved_tokens       bigint NOT NULL DEFAULT 0 CHECK (saved_tokens >= 0),
    saved_micros       bigint NOT NULL DEFAULT 0 CHECK (saved_micros >= 0),
    cache_kind         text CHECK (cache_kind IN ('exact', 'semantic')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    completed_at       timestamptz
);
CREATE INDEX llm_usage_tenant_time ON llm_usage (tenant_id, created_at);
-- The sweeper's scan: reservations still open.
CREATE INDEX llm_usage_open ON llm_usage (created_at) WHERE state = 'reserved';

ALTER TABLE llm_budgets ENABLE ROW LEVEL SECURITY;
ALTER TABLE llm_budgets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON llm_budgets USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON llm_budgets TO serverless_operator USING (true) WITH CHECK (true);
ALTER TABLE llm_budget_periods ENABLE ROW LEVEL SECURITY;
ALTER TABLE llm_budget_periods FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON llm_budget_periods USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON llm_budget_periods TO serverless_operator USING (true) WITH CHECK (true);
ALTER TABLE llm_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE llm_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON llm_usage USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON llm_usage TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON llm_budgets TO serverless_app;
GRANT SELECT, INSERT, UPDATE ON llm_budget_periods TO serverless_app;
GRANT SELECT, INSERT, UPDATE ON llm_usage TO serverless_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON llm_budgets
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('budget');

-- The sweeper works for every tenant at once (a reservation whose job died holds budget until released):
-- release open reservations older than the given age. Its only door past row-level security.
CREATE FUNCTION llm_release_stale(p_older_than_seconds integer)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    released integer;
BEGIN
    WITH stale AS (
        UPDATE llm_usage u SET state = 'released', completed_at = now()
         WHERE u.id IN (SELECT o.id FROM llm_usage o
                         WHERE o.state = 'reserved' AND o.created_at < now() - make_interval(secs => p_older_than_seconds)
                         ORDER BY o.created_at
                         FOR UPDATE SKIP LOCKED)
        RETURNING u.reserved_tokens, u.reserved_micros, u.period_ids),
    held AS (
        SELECT p AS period_id, sum(s.reserved_tokens) AS tokens, sum(s.reserved_micros) AS micros
          FROM stale s, unnest(s.period_ids) AS p GROUP BY p),
    freed AS (
        UPDATE llm_budget_periods bp
           SET reserved_tokens = bp.reserved_tokens - h.tokens, reserved_micros = bp.reserved_micros - h.micros
          FROM held h WHERE bp.id = h.period_id
        RETURNING 1)
    -- Every data-modifying part of a WITH runs to completion, read or not.
    SELECT count(*) INTO released FROM stale;
    RETURN released;
END
$$;
GRANT EXECUTE ON FUNCTION llm_release_stale(integer) TO serverless_app;

-- Reserve a call's worst case against every budget that applies, or refuse. One round trip; runs as
-- the caller, under row-level security. A refusal returns the budget that refused and leaves the
-- caller to roll back (what earlier budgets held in this call goes with it). Concurrent reservations
-- queue on the period row's lock, and PostgreSQL re-checks the limit against the row as the previous
-- holder left it, so settled + reserved never passes a limit.
CREATE FUNCTION llm_reserve(p_id text, p_tenant uuid, p_feature text, p_model text, p_tokens bigint, p_micros bigint, p_at timestamptz)
    RETURNS TABLE (outcome text, budget_id uuid, budget_feature text, measure text, limit_value bigint, used bigint, resets_at timestamptz, when_exhausted text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = public, pg_temp
AS $$
DECLARE
    b        record;
    held     uuid;
    periods  uuid[] := '{}';
    started  timestamptz := date_trunc('month', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    ends     timestamptz := (date_trunc('month', p_at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    p        record;
BEGIN
    -- The ledger row first: a second reservation for the same attempt waits here, then replays.
    INSERT INTO llm_usage (id, tenant_id, feature, model, state, reserved_tokens, reserved_micros)
    VALUES (p_id, p_tenant, p_feature, p_model, 'reserved', p_tokens, p_micros)
    ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'replayed'::text, NULL::uuid, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;

    -- Budgets in id order, so two calls never wait on each other's periods crosswise.
    FOR b IN SELECT * FROM llm_budgets lb WHERE lb.tenant_id = p_tenant AND lb.feature IN ('*', p_feature) ORDER BY lb.id LOOP
        INSERT INTO llm_budget_periods (tenant_id, budget_id, period_start, period_end)
        VALUES (p_tenant, b.id, started, ends)
        ON CONFLICT ON CONSTRAINT llm_budget_periods_budget_id_period_start_key DO NOTHING;
        held := NULL;
        UPDATE llm_budget_periods bp
           SET reserved_tokens = bp.reserved_tokens + p_tokens, reserved_micros = bp.reserved_micros + p_micros
         WHERE bp.budget_id = b.id AND bp.period_start = started
           AND (b.token_limit IS NULL OR bp.reserved_tokens + bp.settled_tokens + p_tokens <= b.token_limit)
           AND (b.cost_limit_micros IS NULL OR bp.reserved_micros + bp.settled_micros + p_micros <= b.cost_limit_micros)
        RETURNING bp.id INTO held;
        IF held IS NULL THEN
            SELECT * INTO p FROM llm_budget_periods bp WHERE bp.budget_id = b.id AND bp.period_start = started;
            IF b.token_limit IS NOT NULL AND p.reserved_tokens + p.settled_tokens + p_tokens > b.token_limit THEN
                RETURN QUERY SELECT 'refused'::text, b.id, b.feature, 'tokens'::text, b.token_limit, p.reserved_tokens + p.settled_tokens, ends, b.when_exhausted;
            ELSE
                RETURN QUERY SELECT 'refused'::text, b.id, b.feature, 'cost'::text, b.cost_limit_micros, p.reserved_micros + p.settled_micros, ends, b.when_exhausted;
            END IF;
            RETURN;
        END IF;
        periods := periods || held;
    END LOOP;

    UPDATE llm_usage SET period_ids = periods WHERE id = p_id;
    RETURN QUERY SELECT 'reserved'::text, NULL::uuid, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::timestamptz, NULL::text;
END
$$;

-- Settle a call to what the provider reported: the reservation's hold is returned and the real usage
-- counted. Idempotent: a settled call settles once. A call the sweeper released (its job looked dead)
-- still counts when it settles after all. Returns each warning threshold crossed, once per period.
CREATE FUNCTION llm_settle(p_id text, p_input bigint, p_output bigint, p_micros bigint, p_price_version text)
    RETURNS TABLE (budget_id uuid, budget_feature text, percent integer, period_start timestamptz)
    LANGUAGE plpgsql VOLATILE
    SET search_path = public, pg_temp
AS $$
DECLARE
    u record;
BEGIN
    SELECT * INTO u FROM llm_usage lu WHERE lu.id = p_id FOR UPDATE;
    IF NOT FOUND OR u.state NOT IN ('reserved', 'released') THEN
        RETURN;
    END IF;
    UPDATE llm_usage SET state = 'settled', input_tokens = p_input, output_tokens = p_output, cost_micros = p_micros,
                         price_version = p_price_version, completed_at = now()
     WHERE id = p_id;
    UPDATE llm_budget_periods bp
       SET reserved_tokens = bp.reserved_tokens - CASE WHEN u.state = 'reserved' THEN u.reserved_tokens ELSE 0 END,
           reserved_micros = bp.reserved_micros - CASE WHEN u.state = 'reserved' THEN u.reserved_micros ELSE 0 END,
           settled_tokens = bp.settled_tokens + p_input + p_output,
           settled_micros = bp.settled_micros + p_micros
     WHERE bp.id = ANY (u.period_ids);

    -- This transaction holds the period rows' locks now, so no other settlement can warn in between.
    RETURN QUERY
        WITH crossed AS (
            SELECT bp.id AS period_id, b.id AS budget, b.feature, bp.period_start AS started, t.level
              FROM llm_budget_periods bp
              JOIN llm_budgets b ON b.id = bp.budget_id
             CROSS JOIN LATERAL unnest(b.warn_at_percent) AS t(level)
             WHERE bp.id = ANY (u.period_ids)
               AND NOT (t.level = ANY (bp.warned_percent))
               AND ((b.token_limit > 0 AND bp.settled_tokens * 100 >= t.level::bigint * b.token_limit)
                 OR (b.cost_limit_micros > 0 AND bp.settled_micros * 100 >= t.level::bigint * b.cost_limit_micros))),
        marked AS (
            UPDATE llm_budget_periods bp
               SET warned_percent = bp.warned_percent || ARRAY(SELECT c.level FROM crossed c WHERE c.period_id = bp.id)
             WHERE bp.id IN (SELECT c.period_id FROM crossed c)
            RETURNING bp.id),
        audited AS (
            INSERT INTO audit_log (tenant_id, actor, action, entity_type, entity_id, request_id)
            SELECT u.tenant_id, COALESCE(NULLIF(current_setting('app.actor', true), ''), 'db:' || session_user),
                   'budget.reached_' || c.level, 'budget', c.budget, NULLIF(current_setting('app.request_id', true), '')
              FROM crossed c
            RETURNING 1)
        SELECT c.budget, c.feature, c.level, c.started FROM crossed c ORDER BY c.level;
END
$$;

-- Release a call that failed or timed out: its hold is returned, nothing is counted. Idempotent.
CREATE FUNCTION llm_release(p_id text)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE
    SET search_path = public, pg_temp
AS $$
DECLARE
    u record;
BEGIN
    SELECT * INTO u FROM llm_usage lu WHERE lu.id = p_id FOR UPDATE;
    IF NOT FOUND OR u.state <> 'reserved' THEN
        RETURN false;
    END IF;
    UPDATE llm_usage SET state = 'released', completed_at = now() WHERE id = p_id;
    UPDATE llm_budget_periods bp
       SET reserved_tokens = bp.reserved_tokens - u.reserved_tokens, reserved_micros = bp.reserved_micros - u.reserved_micros
     WHERE bp.id = ANY (u.period_ids);
    RETURN true;
END
$$;
GRANT EXECUTE ON FUNCTION llm_reserve(text, uuid, text, text, bigint, bigint, timestamptz) TO serverless_app;
GRANT EXECUTE ON FUNCTION llm_settle(text, bigint, bigint, bigint, text) TO serverless_app;
GRANT EXECUTE ON FUNCTION llm_release(text) TO serverless_app;
