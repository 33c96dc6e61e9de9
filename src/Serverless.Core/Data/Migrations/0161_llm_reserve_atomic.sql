-- llm_reserve holds a call's worst case budget by budget and relies on its caller rolling back when one
-- of them refuses (the usage row and the earlier budgets' holds must go). This wrapper makes a refusal
-- undo itself (a subtransaction), so a reservation is one statement in one round trip: the caller never
-- needs a transaction of its own, and a refused reservation leaves nothing behind whoever commits.
CREATE FUNCTION llm_reserve_atomic(p_id text, p_tenant uuid, p_feature text, p_model text, p_tokens bigint, p_micros bigint, p_at timestamptz)
    RETURNS TABLE (outcome text, budget_id uuid, budget_feature text, measure text, limit_value bigint, used bigint, resets_at timestamptz, when_exhausted text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = public, pg_temp
AS $$
DECLARE
    r record;
BEGIN
    BEGIN
        SELECT * INTO r FROM llm_reserve(p_id, p_tenant, p_feature, p_model, p_tokens, p_micros, p_at) LIMIT 1;
        IF r.outcome = 'refused' THEN
            -- Undoes this block's writes; r keeps its values (variables are not rolled back).
            RAISE EXCEPTION 'refused' USING ERRCODE = 'SL001';
        END IF;
    EXCEPTION WHEN SQLSTATE 'SL001' THEN
        NULL;
    END;
    RETURN QUERY SELECT r.outcome, r.budget_id, r.budget_feature, r.measure, r.limit_value, r.used, r.resets_at, r.when_exhausted;
END
$$;
GRANT EXECUTE ON FUNCTION llm_reserve_atomic(text, uuid, text, text, bigint, bigint, timestamptz) TO serverless_app;
