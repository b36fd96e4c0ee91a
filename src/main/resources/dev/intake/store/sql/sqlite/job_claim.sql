-- Batch parents are never pending or retrying, so the runnable set holds only jobs a worker runs.
UPDATE jobs
SET status = 'processing', attempt = attempt + 1, worker_id = :worker_id, lease_until = :lease_until,
    started_at = COALESCE(started_at, :now), updated_at = :now, stage = NULL,
    message = 'Claimed by a worker', cancel_requested = 0
WHERE seq = (SELECT seq FROM jobs
             WHERE status IN ('pending', 'retrying') AND priority <= :max_rank AND run_at <= :now
             ORDER BY priority, run_at, seq
             LIMIT 1)
RETURNING *
