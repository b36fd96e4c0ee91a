-- A batch finishes when none of its children can still run.
UPDATE jobs
SET status = 'completed', progress = 100, completed_at = :now, updated_at = :now,
    message = 'All files processed'
WHERE job_id = :parent_job_id AND status = 'processing'
  AND NOT EXISTS (SELECT 1 FROM jobs c
                  WHERE c.parent_job_id = :parent_job_id
                    AND c.status IN ('pending', 'processing', 'retrying'))
