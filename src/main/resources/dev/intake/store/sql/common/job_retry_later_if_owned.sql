UPDATE jobs
SET status = 'retrying', run_at = :run_at, error_message = :error_message, message = :message,
    updated_at = :now, lease_until = NULL
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
