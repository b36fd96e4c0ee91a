UPDATE jobs
SET status = 'completed', stage = NULL, progress = 100, message = :message, result = :result,
    completed_at = :now, updated_at = :now, lease_until = NULL, error_message = NULL
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
