-- A lease that lapsed while the database could not be reached: back to the queue, attempt not counted.
UPDATE jobs
SET status = 'pending', attempt = attempt - 1, run_at = :now, worker_id = NULL, lease_until = NULL,
    stage = NULL, message = :message, updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND status = 'processing' AND lease_until < :now
  AND cancel_requested = 0
