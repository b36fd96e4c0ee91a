-- Times are epoch milliseconds (UTC) in both dialects, so queries are shared.
CREATE TABLE documents (
  document_id   TEXT PRIMARY KEY,
  filename      TEXT NOT NULL,
  content_type  TEXT,
  size_bytes    INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  blob_key      TEXT NOT NULL,
  chunk_size    INTEGER NOT NULL,
  chunk_overlap INTEGER NOT NULL,
  status        TEXT NOT NULL,
  pages         INTEGER,
  chunk_count   INTEGER,
  characters    INTEGER,
  job_id        TEXT NOT NULL,
  active_job_id TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX documents_by_content ON documents (sha256, chunk_size, chunk_overlap);
CREATE INDEX documents_by_created ON documents (created_at);

CREATE TABLE jobs (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id           TEXT NOT NULL UNIQUE,
  task_type        TEXT NOT NULL,
  priority         INTEGER NOT NULL,
  status           TEXT NOT NULL,
  stage            TEXT,
  progress         REAL NOT NULL DEFAULT 0,
  message          TEXT,
  created_at       INTEGER NOT NULL,
  started_at       INTEGER,
  completed_at     INTEGER,
  updated_at       INTEGER NOT NULL,
  run_at           INTEGER NOT NULL,
  attempt          INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  error_message    TEXT,
  worker_id        TEXT,
  lease_until      INTEGER,
  document_id      TEXT,
  parent_job_id    TEXT,
  params           TEXT NOT NULL,
  result           TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  checkpoint       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_claim_order ON jobs (status, priority, run_at, seq);
CREATE INDEX jobs_by_created ON jobs (created_at);
CREATE INDEX jobs_by_parent ON jobs (parent_job_id);
CREATE INDEX jobs_by_document ON jobs (document_id);

-- Chunks are written per job (checkpoints); the document's active_job_id says which are live.
CREATE TABLE chunks (
  document_id TEXT NOT NULL,
  job_id      TEXT NOT NULL,
  chunk_index INTEGER NOT NULL,
  text        TEXT NOT NULL,
  page_start  INTEGER NOT NULL,
  page_end    INTEGER NOT NULL,
  char_start  INTEGER NOT NULL,
  char_end    INTEGER NOT NULL,
  token_count INTEGER NOT NULL,
  embedding   BLOB NOT NULL,
  PRIMARY KEY (document_id, job_id, chunk_index)
);
CREATE INDEX chunks_by_job ON chunks (job_id);

-- Every change a search index must apply, in commit order.
CREATE TABLE index_outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id TEXT NOT NULL,
  operation   TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE workers (
  worker_id      TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  priority       TEXT NOT NULL,
  status         TEXT NOT NULL,
  host           TEXT NOT NULL,
  pid            INTEGER NOT NULL,
  processed      INTEGER NOT NULL DEFAULT 0,
  failed         INTEGER NOT NULL DEFAULT 0,
  current_job    TEXT,
  started_at     INTEGER NOT NULL,
  last_heartbeat INTEGER NOT NULL
);
