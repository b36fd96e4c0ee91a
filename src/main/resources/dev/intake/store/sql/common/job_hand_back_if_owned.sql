-- The worker gives the job back without counting the attempt (it could not reach the database or
-- the blob store); it runs again from run_at.
-- A job a client asked to cancel ends cancelled (as job_cancelled_if_owned does) instead: the next
-- claim would clear the request and run it again.
UPDATE jobs
SET status = CASE WHEN cancel_requested = 1 THEN 'cancelled' ELSE 'pending' END,
    attempt = CASE WHEN cancel_requested = 1 THEN attempt ELSE attempt - 1 END,
    worker_id = CASE WHEN cancel_requested = 1 THEN worker_id ELSE NULL END,
    run_at = CASE WHEN cancel_requested = 1 THEN run_at ELSE :run_at END,
    stage = CASE WHEN cancel_requested = 1 THEN stage ELSE NULL END,
    message = CASE WHEN cancel_requested = 1 THEN 'Cancelled while processing' ELSE :message END,
    completed_at = CASE WHEN cancel_requested = 1 THEN :now ELSE completed_at END,
    lease_until = NULL, updated_at = :now
WHERE job_id = :job_id AND attempt = :attempt AND worker_id = :worker_id AND status = 'processing'
RETURNING status
