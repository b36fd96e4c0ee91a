UPDATE jobs
SET status = 'cancelled', message = 'Cancelled before it ran', completed_at = :now, updated_at = :now
WHERE job_id = :job_id AND status IN ('pending', 'retrying')
