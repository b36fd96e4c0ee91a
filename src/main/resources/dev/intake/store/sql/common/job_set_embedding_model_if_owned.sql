UPDATE jobs SET embedding_model = :embedding_model, embedding_dimensions = :embedding_dimensions,
                updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
