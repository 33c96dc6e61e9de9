-- Typed attributes (docs/schema.md). Per tenant and content type, a JSON Schema for content_items.attributes
-- as immutable, numbered versions. A version that is not backward compatible carries the declarative
-- migration (rename, default, drop, split) that the attribute migration job applies to existing items.
CREATE TABLE content_type_schemas (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    type        text NOT NULL,
    version     integer NOT NULL CHECK (version > 0),
    schema      jsonb NOT NULL CHECK (jsonb_typeof(schema) = 'object'),
    indexed     text[] NOT NULL DEFAULT '{}',
    compatible  boolean NOT NULL,
    migration   jsonb CHECK (migration IS NULL OR jsonb_typeof(migration) = 'array'),
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, type, version)
);

-- A version, once written, is what items claim; changing it would silently re-type them.
CREATE FUNCTION content_type_schemas_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'content type schema versions are immutable: add version % + 1 instead', OLD.version;
END
$$;
CREATE TRIGGER content_type_schemas_immutable BEFORE UPDATE ON content_type_schemas
    FOR EACH ROW EXECUTE FUNCTION content_type_schemas_immutable();

ALTER TABLE content_type_schemas ENABLE ROW LEVEL SECURITY;
ALTER TABLE content_type_schemas FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON content_type_schemas USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON content_type_schemas TO serverless_operator USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON content_type_schemas TO serverless_app;

CREATE TRIGGER audit AFTER INSERT ON content_type_schemas
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('content_schema');

-- The version each item (and each revision) was validated against; NULL: written before its type had a schema.
ALTER TABLE content_items ADD COLUMN schema_version integer CHECK (schema_version > 0);
ALTER TABLE content_revisions ADD COLUMN schema_version integer;
-- The migration job's scan: a type's items below a version, in id order.
CREATE INDEX content_items_tenant_type_schema ON content_items (tenant_id, type, (coalesce(schema_version, 0)), id);
-- Queries by attribute (GET /v1/content?type=&attr.<name>=): containment on one GIN index covers every
-- field a schema marks indexed, so a pivot that adds a field needs no new DDL.
CREATE INDEX content_items_attributes ON content_items USING gin (attributes jsonb_path_ops);

-- One row per incompatible schema version: where its migration job got to. Counts and the cursor move in
-- the same transaction as each batch of items, so a job killed mid-way resumes exactly where it stopped.
CREATE TABLE attribute_migrations (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    type          text NOT NULL,
    to_version    integer NOT NULL,
    job_id        uuid NOT NULL,
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'succeeded', 'completed_with_failures')),
    total         integer NOT NULL DEFAULT 0,
    migrated      integer NOT NULL DEFAULT 0,
    moved         integer NOT NULL DEFAULT 0,
    failed        integer NOT NULL DEFAULT 0,
    failures      jsonb NOT NULL DEFAULT '[]'::jsonb,
    last_id       uuid,
    batches       integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    UNIQUE (tenant_id, type, to_version),
    FOREIGN KEY (tenant_id, type, to_version) REFERENCES content_type_schemas (tenant_id, type, version)
);

ALTER TABLE attribute_migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE attribute_migrations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attribute_migrations USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON attribute_migrations TO serverless_operator USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON attribute_migrations TO serverless_app;
