SELECT COUNT(*) FROM jobs
WHERE (CAST(:status AS TEXT) IS NULL OR status = :status)
  AND (CAST(:task_type AS TEXT) IS NULL OR task_type = :task_type)
