-- AI drafts of a content item: what produced each one (prompt version, provider, model, tokens, time)
-- and how sure the model was. One job makes at most one draft (job_id is unique), so a job delivered
-- twice cannot leave two. Review (approve, edit, reject) builds on status and confidence later.
CREATE TABLE drafts (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    content_id      uuid NOT NULL REFERENCES content_items (id),
    job_id          uuid NOT NULL UNIQUE REFERENCES jobs (id),
    status          text NOT NULL CHECK (status IN ('generated', 'failed', 'in_review', 'approved', 'rejected')),
    title           text,
    body            text,
    output          jsonb,
    failure_reason  text CHECK (length(failure_reason) <= 4000),
    repaired        boolean NOT NULL DEFAULT false,
    prompt_key      text NOT NULL,
    prompt_version  integer NOT NULL,
    provider        text NOT NULL,
    model           text NOT NULL,
    input_tokens    integer NOT NULL CHECK (input_tokens >= 0),
    output_tokens   integer NOT NULL CHECK (output_tokens >= 0),
    latency_ms      integer NOT NULL CHECK (latency_ms >= 0),
    confidence      numeric(4, 3) CHECK (confidence BETWEEN 0 AND 1),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (prompt_key, prompt_version) REFERENCES prompt_versions (key, version)
);
CREATE INDEX drafts_tenant_content ON drafts (tenant_id, content_id, id DESC);
-- The review queue will read the lowest confidence first.
CREATE INDEX drafts_tenant_status_confidence ON drafts (tenant_id, status, confidence);

ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE drafts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON drafts USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON drafts TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON drafts TO serverless_app;
