UPDATE jobs
SET status = 'cancelled', message = 'Cancelled', completed_at = :now, updated_at = :now
WHERE job_id = :job_id AND task_type = 'directory_batch' AND status = 'processing'
