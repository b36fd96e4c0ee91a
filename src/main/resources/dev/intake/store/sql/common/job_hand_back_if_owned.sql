-- The worker gives the job back without counting the attempt (it could not reach the database).
UPDATE jobs
SET status = 'pending', attempt = attempt - 1, worker_id = NULL, lease_until = NULL, run_at = :now,
    stage = NULL, message = :message, updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
