UPDATE jobs SET document_id = :document_id, updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
