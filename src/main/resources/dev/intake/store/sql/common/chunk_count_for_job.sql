SELECT COUNT(*) FROM chunks WHERE job_id = :job_id
