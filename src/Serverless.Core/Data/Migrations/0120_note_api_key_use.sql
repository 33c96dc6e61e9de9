-- API keys are checked on the nearest replica (where authenticate_api_key cannot write), so noting a
-- key's use is its own call, made on the primary in the background after a check: at most once a
-- minute per key, as before.
CREATE FUNCTION note_api_key_use(p_prefix text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    UPDATE api_keys k SET last_used_at = now()
     WHERE k.prefix = p_prefix AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute');
$$;
REVOKE ALL ON FUNCTION note_api_key_use(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION note_api_key_use(text) TO serverless_app;
