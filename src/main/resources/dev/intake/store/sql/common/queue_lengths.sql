SELECT priority, COUNT(*) AS n FROM jobs
WHERE status IN ('pending', 'retrying') AND task_type <> 'directory_batch'
GROUP BY priority
