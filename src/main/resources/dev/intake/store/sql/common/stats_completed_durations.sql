SELECT completed_at - started_at AS millis FROM jobs
WHERE status = 'completed' AND completed_at >= :since AND started_at IS NOT NULL
  AND task_type <> 'directory_batch'
ORDER BY completed_at DESC
LIMIT 100000
