-- A regenerated draft names the draft it replaces: the one whose regeneration job made it. The queue and
-- the item view join on that job for every row they read (and the console polls the queue), so it is indexed.
CREATE INDEX draft_reviews_regeneration ON draft_reviews (tenant_id, regeneration_job_id) WHERE regeneration_job_id IS NOT NULL;
