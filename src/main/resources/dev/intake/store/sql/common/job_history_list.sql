-- A job's changes of status, stage and attempt, oldest first (written by the V8 triggers).
SELECT * FROM job_history WHERE job_id = :job_id ORDER BY seq LIMIT :limit
