SELECT status, COUNT(*) AS n, SUM(progress) AS progress_sum FROM jobs
WHERE parent_job_id = :parent_job_id
GROUP BY status
