-- The budget's hot path with less work per call (docs/cost-control.md, "Budget and cache overhead per call"):
--
-- llm_reserve_atomic no longer wraps llm_reserve in a subtransaction that a refusal rolls back. It takes the
-- period rows' locks first (budgets in id order, as before), decides on the rows as they stand under those
-- locks, and writes only when the call fits: the ledger row once, with its periods, and one UPDATE of the
-- periods. A refusal writes nothing (at most it opens the month's empty period rows, which the next call would
-- open anyway), so there is nothing to undo. Concurrent reservations still queue on the period rows' locks and
-- each decides on the row the previous one left: settled + reserved never passes a limit.
--
-- llm_settle also queues the budget webhook deliveries of the thresholds it crossed (it did the marking and
-- auditing already; the worker then sent one INSERT per warning in the same transaction). A settlement is
-- then one statement: the worker sends it in one round trip with the tenant prelude, no BEGIN/COMMIT.
--
-- The three functions of the hot path plan their statements once per connection (force_generic_plan). Left to
-- choose, PL/pgSQL kept making custom plans: every statement of every call was planned again, and each planning
-- inlined app_current_tenant() from the row-level security policies, i.e. parsed its SQL body again (a profile
-- of the PostgreSQL process showed ~20 % of its CPU in planning). Every statement here finds its rows by a key
-- (primary key, (tenant_id, feature), (budget_id, period_start)), so the generic plan is the same index scan.
CREATE OR REPLACE FUNCTION llm_reserve_atomic(p_id text, p_tenant uuid, p_feature text, p_model text, p_tokens bigint, p_micros bigint, p_at timestamptz)
    RETURNS TABLE (outcome text, budget_id uuid, budget_feature text, measure text, limit_value bigint, used bigint, resets_at timestamptz, when_exhausted text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = public, pg_temp
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    started  timestamptz := date_trunc('month', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    ends     timestamptz := (date_trunc('month', p_at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
    b        record;
    held     record;
    periods  uuid[] := '{}';
    budgets  integer := 0;
BEGIN
    -- Lock this month's period row of every budget that applies, in budget id order (so two calls never wait
    -- on each other's rows crosswise), and find the first budget the call does not fit. A budget whose month
    -- has no row yet opens it, and is then locked like the others.
    FOR b IN SELECT lb.id, lb.feature, lb.token_limit, lb.cost_limit_micros, lb.when_exhausted
               FROM llm_budgets lb WHERE lb.tenant_id = p_tenant AND lb.feature IN ('*', p_feature) ORDER BY lb.id LOOP
        budgets := budgets + 1;
        SELECT bp.id, bp.reserved_tokens + bp.settled_tokens AS used_tokens, bp.reserved_micros + bp.settled_micros AS used_micros
          INTO held
          FROM llm_budget_periods bp WHERE bp.budget_id = b.id AND bp.period_start = started FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO llm_budget_periods (tenant_id, budget_id, period_start, period_end)
            VALUES (p_tenant, b.id, started, ends)
            ON CONFLICT ON CONSTRAINT llm_budget_periods_budget_id_period_start_key DO NOTHING;
            SELECT bp.id, bp.reserved_tokens + bp.settled_tokens AS used_tokens, bp.reserved_micros + bp.settled_micros AS used_micros
              INTO held
              FROM llm_budget_periods bp WHERE bp.budget_id = b.id AND bp.period_start = started FOR UPDATE;
        END IF;
        periods := periods || held.id;
        IF outcome IS NULL THEN
            IF b.token_limit IS NOT NULL AND held.used_tokens + p_tokens > b.token_limit THEN
                outcome := 'refused'; budget_id := b.id; budget_feature := b.feature; measure := 'tokens';
                limit_value := b.token_limit; used := held.used_tokens; when_exhausted := b.when_exhausted;
            ELSIF b.cost_limit_micros IS NOT NULL AND held.used_micros + p_micros > b.cost_limit_micros THEN
                outcome := 'refused'; budget_id := b.id; budget_feature := b.feature; measure := 'cost';
                limit_value := b.cost_limit_micros; used := held.used_micros; when_exhausted := b.when_exhausted;
            END IF;
        END IF;
    END LOOP;

    -- A second reservation for the same attempt holds nothing more, whatever room is left. Asked after the locks:
    -- a concurrent first reservation of this attempt has committed by now, and this statement sees it.
    IF budgets > 0 AND EXISTS (SELECT 1 FROM llm_usage lu WHERE lu.id = p_id) THEN
        RETURN QUERY SELECT 'replayed'::text, NULL::uuid, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    IF outcome = 'refused' THEN
        RETURN QUERY SELECT outcome, budget_id, budget_feature, measure, limit_value, used, ends, when_exhausted;
        RETURN;
    END IF;

    -- The ledger row, once, with the periods it holds. With no budget there was no lock to queue on: a second
    -- reservation of the attempt waits here on the first's row, then replays.
    INSERT INTO llm_usage (id, tenant_id, feature, model, state, reserved_tokens, reserved_micros, period_ids)
    VALUES (p_id, p_tenant, p_feature, p_model, 'reserved', p_tokens, p_micros, periods)
    ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'replayed'::text, NULL::uuid, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::timestamptz, NULL::text;
        RETURN;
    END IF;
    IF budgets > 0 THEN
        UPDATE llm_budget_periods bp
           SET reserved_tokens = bp.reserved_tokens + p_tokens, reserved_micros = bp.reserved_micros + p_micros
         WHERE bp.id = ANY (periods);
    END IF;
    RETURN QUERY SELECT 'reserved'::text, NULL::uuid, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::timestamptz, NULL::text;
END
$$;

CREATE OR REPLACE FUNCTION llm_settle(p_id text, p_input bigint, p_output bigint, p_micros bigint, p_price_version text)
    RETURNS TABLE (budget_id uuid, budget_feature text, percent integer, period_start timestamptz)
    LANGUAGE plpgsql VOLATILE
    SET search_path = public, pg_temp
    SET plan_cache_mode = force_generic_plan
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

    -- This transaction holds the period rows' locks now, so no other settlement can warn in between. A warning
    -- for a tenant with a webhook becomes a delivery here too: never lost if the worker dies after the commit,
    -- never queued twice (one row per budget, period and threshold). Its body is fixed now, from the period
    -- row as this settlement left it (the UPDATE above is an earlier statement, so this one sees it).
    RETURN QUERY
        WITH crossed AS (
            SELECT bp.id AS period_id, b.id AS budget, b.feature, bp.period_start AS started, bp.period_end AS ended, t.level,
                   b.token_limit, b.cost_limit_micros, bp.settled_tokens, bp.reserved_tokens, bp.settled_micros
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
            RETURNING 1),
        queued AS (
            INSERT INTO budget_webhook_deliveries (tenant_id, budget_id, period_start, percent, payload)
            SELECT s.tenant_id, c.budget, c.started, c.level, jsonb_build_object(
                       'type', 'budget.threshold_reached', 'tenantId', s.tenant_id, 'budgetId', c.budget, 'feature', c.feature,
                       'percent', c.level, 'periodStart', c.started, 'periodEnd', c.ended,
                       'tokenLimit', c.token_limit, 'settledTokens', c.settled_tokens, 'reservedTokens', c.reserved_tokens,
                       'costLimitUsd', c.cost_limit_micros / 1000000.0, 'settledUsd', c.settled_micros / 1000000.0,
                       'occurredAt', now())::text
              FROM crossed c
              JOIN llm_tenant_settings s ON s.tenant_id = u.tenant_id AND s.budget_webhook_url IS NOT NULL
            ON CONFLICT ON CONSTRAINT budget_webhook_deliveries_budget_id_period_start_percent_key DO NOTHING
            RETURNING 1)
        SELECT c.budget, c.feature, c.level, c.started FROM crossed c ORDER BY c.level;
END
$$;

ALTER FUNCTION llm_release(text) SET plan_cache_mode = force_generic_plan;
