UPDATE workers SET status = :status, current_job = :current_job, processed = :processed, failed = :failed,
                   last_heartbeat = :now, metrics_url = :metrics_url
WHERE worker_id = :worker_id
