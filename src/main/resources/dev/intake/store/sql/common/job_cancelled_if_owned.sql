UPDATE jobs
SET status = 'cancelled', message = 'Cancelled while processing', completed_at = :now,
    updated_at = :now, lease_until = NULL
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
