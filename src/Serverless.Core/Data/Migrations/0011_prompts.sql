-- Prompt templates as immutable, numbered versions. They belong to the platform, not to a tenant; a
-- tenant chooses which version it uses through prompt_pins (no pin: it follows the latest).
CREATE TABLE prompt_versions (
    key              text NOT NULL CHECK (key ~ '^[a-z]+(\.[a-z]+)*$'),
    version          integer NOT NULL CHECK (version > 0),
    system_template  text NOT NULL,
    user_template    text NOT NULL,
    model_hint       text,
    output_schema    jsonb NOT NULL CHECK (jsonb_typeof(output_schema) = 'object'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key, version)
);

-- Immutable means immutable, even for an owner who forgets: a new version is a new row.
CREATE FUNCTION prompt_versions_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'prompt versions are immutable: add version % + 1 instead', OLD.version;
END
$$;
CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE OR DELETE ON prompt_versions
    FOR EACH ROW EXECUTE FUNCTION prompt_versions_immutable();

GRANT SELECT ON prompt_versions TO serverless_app;

CREATE TABLE prompt_pins (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    key         text NOT NULL,
    version     integer NOT NULL,
    pinned_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key),
    FOREIGN KEY (key, version) REFERENCES prompt_versions (key, version)
);

ALTER TABLE prompt_pins ENABLE ROW LEVEL SECURITY;
ALTER TABLE prompt_pins FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON prompt_pins USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON prompt_pins TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON prompt_pins TO serverless_app;

-- The first draft prompt. {{name}} placeholders are the required variables.
INSERT INTO prompt_versions (key, version, system_template, user_template, model_hint, output_schema) VALUES (
    'content.draft', 1,
    'You write first drafts of content for a publishing platform. Answer with one JSON object only, matching the given schema. Rate your own confidence that the draft needs no human edits from 0 to 1.',
    E'Write a first draft of this {{type}} in locale {{locale}}.\nTitle: {{title}}\nNotes: {{body}}\nExtra instructions: {{instructions}}',
    'small',
    '{
       "type": "object",
       "required": ["title", "body", "confidence"],
       "additionalProperties": false,
       "properties": {
         "title": {"type": "string", "minLength": 1, "maxLength": 200},
         "body": {"type": "string", "minLength": 1},
         "confidence": {"type": "number", "minimum": 0, "maximum": 1}
       }
     }'::jsonb);
