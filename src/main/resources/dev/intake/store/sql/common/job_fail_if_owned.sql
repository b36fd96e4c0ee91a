UPDATE jobs
SET status = 'failed', error_message = :error_message, message = :message,
    completed_at = :now, updated_at = :now, lease_until = NULL
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
