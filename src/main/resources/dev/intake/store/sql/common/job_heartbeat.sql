UPDATE jobs SET lease_until = :lease_until
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
RETURNING cancel_requested
