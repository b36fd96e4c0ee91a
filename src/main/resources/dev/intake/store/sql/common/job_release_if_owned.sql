UPDATE jobs
SET status = 'pending', attempt = attempt - 1, worker_id = NULL, lease_until = NULL, run_at = :now,
    stage = NULL, message = 'Handed back by a worker that shut down', updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
