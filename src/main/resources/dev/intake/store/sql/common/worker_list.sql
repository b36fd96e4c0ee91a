SELECT * FROM workers WHERE last_heartbeat >= :since ORDER BY started_at, worker_id
