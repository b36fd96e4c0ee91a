UPDATE jobs
SET status = :status, run_at = :run_at, error_message = :error_message, message = :message,
    completed_at = :completed_at, worker_id = NULL, lease_until = NULL, updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND status = 'processing' AND lease_until < :now
