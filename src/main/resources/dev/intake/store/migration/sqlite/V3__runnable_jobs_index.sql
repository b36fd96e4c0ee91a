-- The claim scans runnable jobs in (priority, run_at, seq) order and stops at the first it can
-- lock. A partial index holding only pending/retrying jobs, in exactly that order, keeps the claim
-- as cheap with 100k queued jobs as with 1k (the full index needs a sort across two statuses).
CREATE INDEX jobs_runnable ON jobs (priority, run_at, seq) WHERE status IN ('pending', 'retrying');
