UPDATE jobs SET stage = :stage, progress = :progress, message = :message, updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
