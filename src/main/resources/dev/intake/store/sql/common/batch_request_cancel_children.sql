UPDATE jobs SET cancel_requested = 1, updated_at = :now
WHERE parent_job_id = :parent_job_id AND status = 'processing'
