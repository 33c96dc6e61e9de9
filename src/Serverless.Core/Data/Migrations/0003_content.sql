CREATE TABLE content_items (
    id          uuid PRIMARY KEY,                 -- UUIDv7: time-ordered, so it doubles as the list order
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    type        text NOT NULL,
    slug        text NOT NULL,
    locale      text NOT NULL,
    status      text NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'archived')),
    title       text NOT NULL CHECK (length(title) <= 200),
    body        text NOT NULL DEFAULT '' CHECK (octet_length(body) <= 262144),
    attributes  jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(attributes) = 'object'),
    version     integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT content_items_natural_key UNIQUE (tenant_id, type, slug, locale)
);
-- Lists are always per tenant, newest first, optionally narrowed by type, status or locale.
CREATE INDEX content_items_tenant_id ON content_items (tenant_id, id DESC);
CREATE INDEX content_items_tenant_type ON content_items (tenant_id, type, id DESC);
CREATE INDEX content_items_tenant_status ON content_items (tenant_id, status, id DESC);

-- Immutable history: one row per version of an item, written in the same transaction as the change.
CREATE TABLE content_revisions (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    content_id  uuid NOT NULL REFERENCES content_items (id),
    version     integer NOT NULL,
    status      text NOT NULL,
    title       text NOT NULL,
    body        text NOT NULL,
    attributes  jsonb NOT NULL,
    actor       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (content_id, version)
);
CREATE INDEX content_revisions_tenant_content ON content_revisions (tenant_id, content_id, version DESC);

ALTER TABLE content_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE content_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON content_items USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON content_items TO serverless_operator USING (true) WITH CHECK (true);

ALTER TABLE content_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE content_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON content_revisions USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON content_revisions TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON content_items TO serverless_app;
-- History is append-only for the application: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON content_revisions TO serverless_app;
