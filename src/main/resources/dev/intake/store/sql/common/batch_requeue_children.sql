UPDATE jobs
SET status = 'pending', run_at = :now, attempt = 0, error_message = NULL, message = 'Queued again on request',
    stage = NULL, progress = 0, completed_at = NULL, worker_id = NULL, cancel_requested = 0,
    checkpoint = 0, updated_at = :now
WHERE parent_job_id = :parent_job_id AND status IN ('failed', 'cancelled')
