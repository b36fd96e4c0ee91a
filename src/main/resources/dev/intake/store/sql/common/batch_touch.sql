UPDATE jobs SET updated_at = :now WHERE job_id = :parent_job_id
