INSERT INTO jobs (job_id, task_type, priority, status, progress, message, created_at, started_at, updated_at,
                  run_at, attempt, max_attempts, params, result)
VALUES (:job_id, 'directory_batch', :priority, :status, 0, :message, :now, :now, :now,
        :now, 0, 1, :params, :result)
