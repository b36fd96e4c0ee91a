UPDATE jobs
SET status = 'processing', completed_at = NULL, error_message = NULL, message = 'Retrying failed files',
    updated_at = :now
WHERE job_id = :job_id AND task_type = 'directory_batch' AND status IN ('completed', 'failed', 'cancelled')
