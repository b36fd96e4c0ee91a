UPDATE jobs SET cancel_requested = 1, updated_at = :now
WHERE job_id = :job_id AND status = 'processing'
