WITH next AS (
  SELECT seq FROM jobs
  WHERE status IN ('pending', 'retrying') AND priority <= :max_rank AND run_at <= :now
  ORDER BY priority, run_at, seq
  LIMIT 1
  FOR UPDATE SKIP LOCKED
)
UPDATE jobs j
SET status = 'processing', attempt = j.attempt + 1, worker_id = :worker_id, lease_until = :lease_until,
    started_at = COALESCE(j.started_at, :now), updated_at = :now, stage = NULL,
    message = 'Claimed by a worker', cancel_requested = 0
FROM next
WHERE j.seq = next.seq
RETURNING j.*
