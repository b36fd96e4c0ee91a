-- Returns the ids of the deleted jobs: their documents stay and forget them (document_forget_job).
DELETE FROM jobs
WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < :before
  AND (parent_job_id IS NULL
       OR parent_job_id NOT IN (SELECT p.job_id FROM jobs p WHERE p.task_type = 'directory_batch'
                                AND p.status = 'processing'))
RETURNING job_id
