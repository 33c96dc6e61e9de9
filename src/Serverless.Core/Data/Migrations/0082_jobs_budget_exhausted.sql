-- A job the model budget refused ends here: not retried, not dead-lettered (docs/cost-control.md).
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('pending', 'queued', 'running', 'retrying', 'succeeded', 'failed', 'budget_exhausted'));
