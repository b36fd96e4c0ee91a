INSERT INTO jobs (job_id, task_type, priority, status, progress, message, created_at, updated_at,
                  run_at, attempt, max_attempts, document_id, parent_job_id, params)
VALUES (:job_id, :task_type, :priority, 'pending', 0, :message, :now, :now,
        :now, 0, :max_attempts, :document_id, :parent_job_id, :params)
