-- Idempotency-Key on POST (IETF draft-ietf-httpapi-idempotency-key-header): the first request with a
-- key claims it (status NULL while it runs); its answer is stored and replayed to every retry with
-- the same key and the same request, for 24 hours. Per tenant: two tenants may use the same key.
-- The fingerprint is the SHA-256 of method, path and body; another request under a used key is 422.
CREATE TABLE idempotency_keys (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint   bytea NOT NULL CHECK (length(fingerprint) = 32),
    method        text NOT NULL,
    path          text NOT NULL,
    status        integer,                      -- NULL while the first request runs
    headers       jsonb,                        -- the response headers worth replaying (name -> values)
    body          bytea,
    locked_until  timestamptz NOT NULL,         -- a claim whose request died is taken over after this
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (tenant_id, expires_at);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON idempotency_keys TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO serverless_app;
