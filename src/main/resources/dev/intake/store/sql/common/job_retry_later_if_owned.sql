-- A job a client asked to cancel ends cancelled (as job_cancelled_if_owned does) instead of
-- waiting for another attempt: the next claim would clear the request and run it again.
UPDATE jobs
SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'retrying' END,
    run_at = CASE WHEN cancel_requested = 1 THEN run_at ELSE :run_at END,
    error_message = CASE WHEN cancel_requested = 1 THEN error_message ELSE :error_message END,
    message = CASE WHEN cancel_requested = 1 THEN 'Cancelled while processing' ELSE :message END,
    completed_at = CASE WHEN cancel_requested = 1 THEN :now ELSE completed_at END,
    updated_at = :now, lease_until = NULL
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
RETURNING status
