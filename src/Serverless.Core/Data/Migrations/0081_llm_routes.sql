-- A tenant's choice of model tier for a task, over the routing table in configuration (Llm:Routing).
CREATE TABLE llm_routes (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    feature    text NOT NULL CHECK (feature ~ '^[a-z]+(\.[a-z]+)*$'),
    tier       text NOT NULL CHECK (tier ~ '^[a-z][a-z0-9-]{0,31}$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, feature)
);
ALTER TABLE llm_routes ENABLE ROW LEVEL SECURITY;
ALTER TABLE llm_routes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON llm_routes USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON llm_routes TO serverless_operator USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON llm_routes TO serverless_app;
