UPDATE jobs
SET status = 'completed', stage = NULL, progress = 100, message = :message, result = :result,
    document_id = :document_id, completed_at = :now, updated_at = :now, lease_until = NULL
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
