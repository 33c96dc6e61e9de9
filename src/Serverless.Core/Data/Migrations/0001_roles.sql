-- Roles the platform relies on. Roles are cluster-wide, so several databases (tests create one each)
-- may race to create them: a duplicate is not an error.
--   serverless_app       the application: LOGIN, not an owner, NOBYPASSRLS; sees one tenant at a time.
--   serverless_operator  operators (the CLI, migrations): sees every tenant through its own policies.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'serverless_app') THEN
        BEGIN
            CREATE ROLE serverless_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'serverless_operator') THEN
        BEGIN
            CREATE ROLE serverless_operator NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
END
$$;

-- Whoever runs migrations operates the platform too.
DO $$
BEGIN
    IF NOT pg_has_role(current_user, 'serverless_operator', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT serverless_operator TO %I', current_user);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
END
$$;

-- The tenant of the current transaction, or NULL when none is set (an empty setting counts as none,
-- which is what a transaction-local set_config leaves behind in a pooled session).
CREATE FUNCTION app_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

GRANT USAGE ON SCHEMA public TO serverless_app;
