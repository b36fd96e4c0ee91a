-- A job a client asked to cancel ends cancelled, not failed, whatever its attempt hit: the client
-- asked for it to stop, and a worker that had not yet seen the request must not overrule it.
UPDATE jobs
SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'failed' END,
    error_message = CASE WHEN cancel_requested = 1 THEN error_message ELSE :error_message END,
    message = CASE WHEN cancel_requested = 1 THEN 'Cancelled while processing' ELSE :message END,
    completed_at = :now, updated_at = :now, lease_until = NULL
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
RETURNING status
