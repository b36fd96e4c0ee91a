UPDATE workers SET status = :status, current_job = :current_job, processed = :processed, failed = :failed,
                   last_heartbeat = :now
WHERE worker_id = :worker_id
