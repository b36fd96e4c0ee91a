-- Jobs that a worker ran to an end (completed or failed) per minute since :since; batch parents
-- are left out, their children count.
SELECT completed_at / 60000 AS minute, status, COUNT(*) AS n FROM jobs
WHERE completed_at >= :since AND status IN ('completed', 'failed')
  AND task_type <> 'directory_batch'
GROUP BY completed_at / 60000, status
