-- What the dashboard reads and keeps.
--
-- job_history: one row per change of a job's status, stage or attempt, written by triggers in
-- the transaction that makes the change, so every writer (claim, progress, retry, rescue,
-- hand-back, cancel, requeue) is recorded without code of its own and nothing is recorded that
-- was rolled back. A job's timeline and its attempts (worker, outcome, error) are read from it.
-- Rows go with their job (retention, cleanup). The WHEN clause keeps the trigger function out of
-- the frequent updates that change neither (lease renewals, progress within a stage).
CREATE TABLE job_history (
  seq           BIGSERIAL PRIMARY KEY,
  job_id        TEXT NOT NULL,
  at            BIGINT NOT NULL,
  status        TEXT NOT NULL,
  stage         TEXT,
  attempt       INTEGER NOT NULL,
  worker_id     TEXT,
  message       TEXT,
  error_message TEXT
);
CREATE INDEX job_history_by_job ON job_history (job_id, seq);

CREATE FUNCTION job_history_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM job_history WHERE job_id = OLD.job_id;
    RETURN NULL;
  END IF;
  INSERT INTO job_history (job_id, at, status, stage, attempt, worker_id, message, error_message)
  VALUES (NEW.job_id,
          CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE NEW.updated_at END,
          NEW.status, NEW.stage, NEW.attempt,
          CASE WHEN TG_OP = 'INSERT' THEN NEW.worker_id
               ELSE COALESCE(NEW.worker_id, OLD.worker_id) END,
          NEW.message, NEW.error_message);
  RETURN NULL;
END
$$;

CREATE TRIGGER job_history_on_insert AFTER INSERT ON jobs
FOR EACH ROW EXECUTE FUNCTION job_history_record();

CREATE TRIGGER job_history_on_update AFTER UPDATE ON jobs
FOR EACH ROW
WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.stage IS DISTINCT FROM OLD.stage
      OR NEW.attempt IS DISTINCT FROM OLD.attempt)
EXECUTE FUNCTION job_history_record();

CREATE TRIGGER job_history_on_delete AFTER DELETE ON jobs
FOR EACH ROW EXECUTE FUNCTION job_history_record();

-- Dashboard sessions: a browser that gave the API key once. Only a hash of the session token is
-- kept; key_fingerprint ties a session to the key it was opened with, so changing
-- INTAKE_API_KEY ends every session. Kept in the database so that every API node knows them.
CREATE TABLE dashboard_sessions (
  token_hash      TEXT PRIMARY KEY,
  csrf_token      TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT NOT NULL
);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
