-- What the dashboard reads and keeps.
--
-- job_history: one row per change of a job's status, stage or attempt, written by triggers in
-- the transaction that makes the change, so every writer (claim, progress, retry, rescue,
-- hand-back, cancel, requeue) is recorded without code of its own and nothing is recorded that
-- was rolled back. A job's timeline and its attempts (worker, outcome, error) are read from it.
-- Rows go with their job (retention, cleanup). A later migration that rebuilds the jobs table
-- (CREATE new, copy, DROP, RENAME) drops these triggers and must create them again.
CREATE TABLE job_history (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id        TEXT NOT NULL,
  at            INTEGER NOT NULL,
  status        TEXT NOT NULL,
  stage         TEXT,
  attempt       INTEGER NOT NULL,
  worker_id     TEXT,
  message       TEXT,
  error_message TEXT
);
CREATE INDEX job_history_by_job ON job_history (job_id, seq);

CREATE TRIGGER job_history_on_insert AFTER INSERT ON jobs
BEGIN
  INSERT INTO job_history (job_id, at, status, stage, attempt, worker_id, message, error_message)
  VALUES (NEW.job_id, NEW.created_at, NEW.status, NEW.stage, NEW.attempt, NEW.worker_id,
          NEW.message, NEW.error_message);
END;

CREATE TRIGGER job_history_on_update AFTER UPDATE OF status, stage, attempt ON jobs
WHEN NEW.status IS NOT OLD.status OR NEW.stage IS NOT OLD.stage OR NEW.attempt IS NOT OLD.attempt
BEGIN
  INSERT INTO job_history (job_id, at, status, stage, attempt, worker_id, message, error_message)
  VALUES (NEW.job_id, NEW.updated_at, NEW.status, NEW.stage, NEW.attempt,
          COALESCE(NEW.worker_id, OLD.worker_id), NEW.message, NEW.error_message);
END;

CREATE TRIGGER job_history_on_delete AFTER DELETE ON jobs
BEGIN
  DELETE FROM job_history WHERE job_id = OLD.job_id;
END;

-- Dashboard sessions: a browser that gave the API key once. Only a hash of the session token is
-- kept; key_fingerprint ties a session to the key it was opened with, so changing
-- INTAKE_API_KEY ends every session. Kept in the database so that every API node knows them.
CREATE TABLE dashboard_sessions (
  token_hash      TEXT PRIMARY KEY,
  csrf_token      TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL
);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
