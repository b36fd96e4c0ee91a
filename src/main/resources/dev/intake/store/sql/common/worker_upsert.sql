INSERT INTO workers (worker_id, name, priority, status, host, pid, processed, failed, current_job, started_at, last_heartbeat, metrics_url)
VALUES (:worker_id, :name, :priority, :status, :host, :pid, 0, 0, NULL, :now, :now, :metrics_url)
ON CONFLICT (worker_id) DO UPDATE SET status = :status, last_heartbeat = :now, metrics_url = :metrics_url
