-- Queue gauges for the worker's metrics: how many jobs wait and how old the oldest is, per priority, and
-- the review queue's size and oldest item by confidence band. They read every tenant's rows, which
-- row-level security rightly forbids the application role; these functions are its only door, and they
-- return counts and ages, never a tenant or an id.
CREATE FUNCTION job_queue_stats()
    RETURNS TABLE (priority text, waiting bigint, oldest_age_seconds double precision)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT p.priority,
           count(j.id),
           coalesce(extract(epoch FROM now() - min(j.created_at)), 0)::float8
      FROM (VALUES ('high'), ('low')) AS p (priority)
      LEFT JOIN jobs j ON j.priority = p.priority AND j.status IN ('pending', 'queued', 'retrying')
     GROUP BY p.priority;
$$;

-- Bands: low below 0.5, medium below 0.8, high from 0.8 (what a reviewer sees first is the low band).
CREATE FUNCTION review_queue_stats()
    RETURNS TABLE (band text, size bigint, oldest_age_seconds double precision)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
    SELECT b.band,
           count(r.id),
           coalesce(extract(epoch FROM now() - min(r.created_at)), 0)::float8
      FROM (VALUES ('low', 0.0, 0.5), ('medium', 0.5, 0.8), ('high', 0.8, 1.01)) AS b (band, lower_bound, upper_bound)
      LEFT JOIN draft_reviews r ON r.status = 'in_review' AND r.confidence >= b.lower_bound AND r.confidence < b.upper_bound
     GROUP BY b.band;
$$;

REVOKE ALL ON FUNCTION job_queue_stats() FROM PUBLIC;
REVOKE ALL ON FUNCTION review_queue_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION job_queue_stats() TO serverless_app;
GRANT EXECUTE ON FUNCTION review_queue_stats() TO serverless_app;
