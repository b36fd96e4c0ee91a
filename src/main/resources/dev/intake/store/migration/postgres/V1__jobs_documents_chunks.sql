-- Times are epoch milliseconds (UTC) in both dialects, so queries are shared.
-- PostgreSQL twin of the SQLite schema.
CREATE TABLE documents (
  document_id   TEXT PRIMARY KEY,
  filename      TEXT NOT NULL,
  content_type  TEXT,
  size_bytes    BIGINT NOT NULL,
  sha256        TEXT NOT NULL,
  blob_key      TEXT NOT NULL,
  chunk_size    BIGINT NOT NULL,
  chunk_overlap BIGINT NOT NULL,
  status        TEXT NOT NULL,
  pages         BIGINT,
  chunk_count   BIGINT,
  characters    BIGINT,
  job_id        TEXT NOT NULL,
  active_job_id TEXT,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX documents_by_content ON documents (sha256, chunk_size, chunk_overlap);
CREATE INDEX documents_by_created ON documents (created_at);

CREATE TABLE jobs (
  seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id           TEXT NOT NULL UNIQUE,
  task_type        TEXT NOT NULL,
  priority         BIGINT NOT NULL,
  status           TEXT NOT NULL,
  stage            TEXT,
  progress         DOUBLE PRECISION NOT NULL DEFAULT 0,
  message          TEXT,
  created_at       BIGINT NOT NULL,
  started_at       BIGINT,
  completed_at     BIGINT,
  updated_at       BIGINT NOT NULL,
  run_at           BIGINT NOT NULL,
  attempt          BIGINT NOT NULL DEFAULT 0,
  max_attempts     BIGINT NOT NULL,
  error_message    TEXT,
  worker_id        TEXT,
  lease_until      BIGINT,
  document_id      TEXT,
  parent_job_id    TEXT,
  params           TEXT NOT NULL,
  result           TEXT,
  cancel_requested BIGINT NOT NULL DEFAULT 0,
  checkpoint       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX jobs_claim_order ON jobs (status, priority, run_at, seq);
CREATE INDEX jobs_by_created ON jobs (created_at);
CREATE INDEX jobs_by_parent ON jobs (parent_job_id);
CREATE INDEX jobs_by_document ON jobs (document_id);

-- Chunks are written per job (checkpoints); the document's active_job_id says which are live.
CREATE TABLE chunks (
  document_id TEXT NOT NULL,
  job_id      TEXT NOT NULL,
  chunk_index BIGINT NOT NULL,
  text        TEXT NOT NULL,
  page_start  BIGINT NOT NULL,
  page_end    BIGINT NOT NULL,
  char_start  BIGINT NOT NULL,
  char_end    BIGINT NOT NULL,
  token_count BIGINT NOT NULL,
  embedding   BYTEA NOT NULL,
  PRIMARY KEY (document_id, job_id, chunk_index)
);
CREATE INDEX chunks_by_job ON chunks (job_id);

-- Every change a search index must apply, in commit order.
CREATE TABLE index_outbox (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id TEXT NOT NULL,
  operation   TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);

CREATE TABLE workers (
  worker_id      TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  priority       TEXT NOT NULL,
  status         TEXT NOT NULL,
  host           TEXT NOT NULL,
  pid            BIGINT NOT NULL,
  processed      BIGINT NOT NULL DEFAULT 0,
  failed         BIGINT NOT NULL DEFAULT 0,
  current_job    TEXT,
  started_at     BIGINT NOT NULL,
  last_heartbeat BIGINT NOT NULL
);
