UPDATE jobs
SET status = 'cancelled', message = 'Cancelled with its batch', completed_at = :now, updated_at = :now
WHERE parent_job_id = :parent_job_id AND status IN ('pending', 'retrying')
