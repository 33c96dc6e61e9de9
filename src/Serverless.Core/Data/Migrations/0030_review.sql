-- Human review of AI drafts. One row per generated draft (its id is the draft's id, so the audit log's
-- entity id is the draft's too): where it stands, how sure we are (the combined confidence and the
-- signals behind it), who holds its lease, and what the reviewer decided.
CREATE TABLE draft_reviews (
    id                   uuid PRIMARY KEY REFERENCES drafts (id),
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    content_id           uuid NOT NULL REFERENCES content_items (id),
    prompt_key           text NOT NULL,
    prompt_version       integer NOT NULL,
    status               text NOT NULL
                         CHECK (status IN ('in_review', 'approved', 'rejected', 'regeneration_requested', 'published')),
    confidence           numeric(4, 3) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    signals              jsonb NOT NULL CHECK (jsonb_typeof(signals) = 'object'),
    auto_approved        boolean NOT NULL DEFAULT false,
    -- A reviewer's claim: nobody else may act until lease_until passes (an abandoned claim just lapses).
    lease_owner          text,
    lease_until          timestamptz,
    -- The approved text (the draft's own, or the reviewer's edit), which publish copies verbatim.
    final_title          text CHECK (length(final_title) <= 200),
    final_body           text CHECK (octet_length(final_body) <= 262144),
    edited               boolean,
    diff                 jsonb,
    edit_distance        numeric(5, 4) CHECK (edit_distance BETWEEN 0 AND 1),
    reason_category      text,
    comment              text CHECK (length(comment) <= 2000),
    decided_by           text,
    decided_at           timestamptz,
    regeneration_job_id  uuid REFERENCES jobs (id),
    published_version    integer,
    published_at         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (prompt_key, prompt_version) REFERENCES prompt_versions (key, version)
);
-- The queue: lowest confidence first, then oldest.
CREATE INDEX draft_reviews_queue ON draft_reviews (tenant_id, status, confidence, created_at);
CREATE INDEX draft_reviews_prompt ON draft_reviews (tenant_id, prompt_key, prompt_version);

-- The feedback record: every decision with its reason, comment and diff, never changed afterwards.
-- Prompt statistics are computed from it and from draft_reviews.
CREATE TABLE review_events (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    draft_id         uuid NOT NULL REFERENCES draft_reviews (id),
    action           text NOT NULL
                     CHECK (action IN ('auto_approved', 'approved', 'edited', 'rejected', 'regeneration_requested', 'published')),
    actor            text NOT NULL,
    reason_category  text,
    comment          text CHECK (length(comment) <= 2000),
    diff             jsonb,
    edit_distance    numeric(5, 4),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_events_draft ON review_events (tenant_id, draft_id, created_at);

ALTER TABLE draft_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE draft_reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON draft_reviews USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON draft_reviews TO serverless_operator USING (true) WITH CHECK (true);

ALTER TABLE review_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON review_events USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
CREATE POLICY operator_all ON review_events TO serverless_operator USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON draft_reviews TO serverless_app;
-- Feedback is append-only for the application.
GRANT SELECT, INSERT ON review_events TO serverless_app;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON draft_reviews
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('review');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON review_events
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('review_event');
