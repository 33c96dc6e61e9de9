-- Cache invalidations as data, so they travel with the database to every region's replica: each
-- region has its own Redis, and a secondary's API follows this table on its local replica to drop
-- what the primary changed. Written by a trigger in the same transaction as the change, so no writer
-- (API, review, worker, an operator's SQL) can change content and forget to invalidate.
-- The tags are the cache tags of PublicCacheKeys.ItemTag: 'c:{tenant id, 32 hex}:{type}:{slug}'.
-- Not tenant-owned: it holds cache tags (ids and slugs), never content; readers see every tenant's
-- tags, which is what a follower needs. The primary prunes rows past their use (a few minutes).
CREATE TABLE cache_invalidations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tags        text[] NOT NULL CHECK (cardinality(tags) > 0),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX cache_invalidations_created_at ON cache_invalidations (created_at);
GRANT SELECT, INSERT, DELETE ON cache_invalidations TO serverless_app;
GRANT USAGE ON SEQUENCE cache_invalidations_id_seq TO serverless_app;

CREATE FUNCTION record_content_invalidation() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
DECLARE
    tags text[] := ARRAY['c:' || replace(NEW.tenant_id::text, '-', '') || ':' || NEW.type || ':' || NEW.slug];
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.type, OLD.slug) IS DISTINCT FROM (NEW.type, NEW.slug) THEN
        tags := tags || ('c:' || replace(OLD.tenant_id::text, '-', '') || ':' || OLD.type || ':' || OLD.slug);
    END IF;
    INSERT INTO cache_invalidations (tags) VALUES (tags);
    RETURN NULL;
END
$$;

CREATE TRIGGER content_items_invalidate AFTER INSERT OR UPDATE ON content_items
    FOR EACH ROW EXECUTE FUNCTION record_content_invalidation();
